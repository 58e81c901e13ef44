// Remembered, with real audio in Chromium. Listened marks: a chapter played through its end is marked (a
// quiet check mark, and ", listened" in its seek button's name), remembered per episode (the
// media URL) in localStorage across a reload, cleared by "Clear listened"; where storage
// throws, the marks still show and nothing breaks. axe-core: no violations with marks shown.
// Follow mode: turned off by scrolling the list away, on by "Follow playback", remembered for
// the site across a reload.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

async function playThrough(episode, from, past) {
  await episode.seek(from);
  await episode.page.evaluate(() => document.getElementById('episode-audio').play());
  await episode.waitFor((p) => document.getElementById('episode-audio').currentTime > p, past, `playback past ${past} s`);
  await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
}

const marked = (page) => page.evaluate(() => ecAll('li.ec-chapter').filter((row) => row.querySelector('.ec-listened')).map((row) => Number(row.dataset.index)));

describe('listened marks', () => {
  it('a chapter played to its end is marked, the mark survives a reload, and Clear listened removes it', { timeout: 90_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    const { page } = episode;
    const key = `episode-chapters:listened:${episode.baseUrl}/demo/episode.opus`;
    await playThrough(episode, 162.5, 165.4);
    await episode.waitFor(() => ecAll('.ec-listened').length === 1, null, 'one mark');
    assert.deepEqual(await marked(page), [0]);
    await page.getByRole('button', { name: /^Play chapter 1, From eBay power-seller.*, listened$/ }).waitFor();
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), '0');
    // A seek over a chapter's end is no listening.
    await episode.seek(230);
    await episode.seek(250);
    await page.waitForTimeout(200);
    assert.deepEqual(await marked(page), [0]);
    // A second one, through chapter 2's end.
    await playThrough(episode, 237.5, 239.4);
    await episode.waitFor(() => ecAll('.ec-listened').length === 2, null, 'two marks');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), '0,165000');
    const clear = page.getByRole('button', { name: 'Clear listened' });
    assert.equal(await clear.count(), 1);
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target}`), []);

    await page.reload();
    await episode.ready();
    await episode.waitFor(() => ecAll('.ec-listened').length === 2, null, 'the marks after a reload');
    assert.deepEqual(await marked(page), [0, 1]);

    await page.getByRole('button', { name: 'Clear listened' }).click();
    await episode.waitFor(() => ecAll('.ec-listened').length === 0, null, 'the marks cleared');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), null);
    assert.equal(await page.getByRole('button', { name: 'Clear listened' }).count(), 0);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('where localStorage throws, marks show for the visit and nothing breaks', { timeout: 60_000 }, async () => {
    const episode = await (
      await EpisodePage.open(env, {
        beforeGoto: (page) =>
          page.addInitScript(() => {
            Object.defineProperty(window, 'localStorage', {
              get() {
                throw new DOMException('The operation is insecure.', 'SecurityError');
              },
            });
          }),
      })
    ).ready();
    await playThrough(episode, 162.5, 165.4);
    await episode.waitFor(() => ecAll('.ec-listened').length === 1, null, 'the mark');
    await episode.page.getByRole('button', { name: 'Clear listened' }).click();
    await episode.waitFor(() => ecAll('.ec-listened').length === 0, null, 'cleared');
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});

describe('follow mode', () => {
  it('is remembered for the site: off after scrolling away, on after Follow playback', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env, { reducedMotion: 'reduce', viewport: { width: 900, height: 700 } })).ready();
    const { page } = episode;
    const follow = page.getByRole('button', { name: 'Follow playback' });
    assert.equal(await follow.count(), 0);
    await page.locator('.ec-list').hover();
    await page.mouse.wheel(0, 300);
    await follow.waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('episode-chapters:follow')), 'off');

    // Reloaded: not following from the start; a seek far down does not scroll the list.
    await page.reload();
    await episode.ready();
    await follow.waitFor();
    await page.evaluate(() => (ec('.ec-list').scrollTop = 0));
    await episode.seek(28 * 60 + 40);
    await episode.waitForCurrent(1_714_000);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => ec('.ec-list').scrollTop), 0, 'the list stays where the listener left it');

    await follow.click();
    await episode.waitFor(() => ec('.ec-list').scrollTop > 0, null, 'the list follows again');
    assert.equal(await page.evaluate(() => localStorage.getItem('episode-chapters:follow')), 'on');
    await page.reload();
    await episode.ready();
    await page.waitForTimeout(300);
    assert.equal(await follow.count(), 0, 'following after a reload');
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
