// The timeline (timeline attribute), with real audio in Chromium: one segment per chapter as
// wide as the chapter, one slider for assistive technology (aria-valuetext the playing
// chapter), seeking by click and by keys without starting playback, the played part filling
// while it plays, the chapter under the pointer named. axe-core: no violations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

const withTimeline = (html) => html.replace('<episode-chapters ', '<episode-chapters timeline ');

describe('timeline', () => {
  it('segments by length, one slider, seeks by click and keys, fills as it plays', { timeout: 90_000 }, async () => {
    const episode = await (await EpisodePage.open(env, { rewrite: withTimeline })).ready();
    const { page } = episode;
    await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
    const slider = page.getByRole('slider', { name: 'Timeline' });
    await slider.waitFor();
    assert.equal(await page.getByRole('slider').count(), 1, 'one slider, not one per segment');
    const segments = await page.evaluate(() => ecAll('.ec-timeline-segment').map((r) => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))]));
    assert.equal(segments.length, 15);
    assert.deepEqual(segments[5], [762_000, 131_000], 'chapter 6: 12:42 to 14:53');
    // The media's duration in milliseconds (the file is 2245.007 s long).
    assert.match(await page.evaluate(() => ec('.ec-timeline-svg').getAttribute('viewBox')), /^0 0 22450\d\d 10$/);
    assert.equal(await slider.getAttribute('aria-valuemax'), '2245');
    assert.match(await slider.getAttribute('aria-valuetext'), /^Chapter 1 of 15: From eBay power-seller/);

    // A click halfway along seeks to the middle of the episode, without playing.
    const box = await slider.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await episode.waitFor(() => Math.abs(document.getElementById("episode-audio").currentTime - 1122.5) < 0.5, null, 'the click’s seek');
    await episode.waitForCurrent(1_113_000, 'chapter 8 after the click');
    assert.equal(await episode.audio('paused'), true);
    await episode.waitFor(() => ec('[role=slider]').getAttribute('aria-valuetext').startsWith('Chapter 8 of 15'), null, 'valuetext chapter 8');
    // The chapter under the pointer is named below the bar.
    await page.mouse.move(box.x + box.width * (800 / 2245), box.y + box.height / 2);
    await episode.waitFor(() => ec('.ec-timeline-caption').textContent.startsWith('6. Bridging research to enterprise'), null, 'caption on hover');

    // Keys: one tab stop; arrows between chapters, Home and End.
    await slider.focus();
    assert.equal(await page.evaluate(() => ecActive().getAttribute('role')), 'slider');
    await page.mouse.move(0, 0);
    await episode.waitFor(() => ec('.ec-timeline-caption').textContent.startsWith('8. '), null, 'caption of the playing chapter on focus');
    await page.keyboard.press('ArrowRight');
    await episode.waitForCurrent(1_195_000, 'ArrowRight: chapter 9');
    assert.equal(await episode.audio('currentTime'), 1195);
    await episode.waitFor(() => ec('[role=slider]').getAttribute('aria-valuetext').startsWith('Chapter 9 of 15: '), null, 'valuetext chapter 9');
    await page.keyboard.press('ArrowLeft');
    await episode.waitForCurrent(1_113_000, 'ArrowLeft within 3 s: chapter 8');
    await page.keyboard.press('End');
    await episode.waitForCurrent(2_044_000, 'End: the last chapter');
    await page.keyboard.press('Home');
    await episode.waitForCurrent(0, 'Home: the first chapter');
    assert.equal(await episode.audio('paused'), true, 'keys do not start playback');

    // Playing: the played part grows.
    await episode.seek(760);
    await page.evaluate(() => document.getElementById('episode-audio').play());
    const width = () => page.evaluate(() => Number(ec('.ec-timeline-played').getAttribute('width')));
    await episode.waitFor(() => Number(ec('.ec-timeline-played').getAttribute('width')) >= 762_500, null, 'the played part past 12:42');
    const first = await width();
    const valueNow = () => page.evaluate(() => ec('[role=slider]').getAttribute('aria-valuenow'));
    const valueBefore = await valueNow();
    await page.waitForTimeout(1500);
    assert.ok((await width()) > first, 'it grows while playing');
    // The slider's value is the playing chapter (its start, as its text says): it does not tick
    // every second, so a screen reader on the focused slider is not kept talking.
    assert.equal(valueBefore, '762');
    assert.equal(await valueNow(), '762', 'aria-valuenow unchanged while playing inside chapter 6');
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    await episode.waitForCurrent(762_000);

    await slider.focus();
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help}) ${v.nodes[0]?.target}`), []);
    await episode.screenshot('timeline.png');
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('without the attribute there is no timeline', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    assert.equal(await episode.page.getByRole('slider').count(), 0);
    await episode.close();
  });
});
