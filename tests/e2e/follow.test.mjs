// The playing chapter opens and is scrolled into view inside the widget, never moving the page;
// a listener who scrolls the list pauses that until they press "Follow playback".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

const geometry = (page) =>
  page.evaluate(() => {
    const list = ec('.ec-list');
    const row = ec('[aria-current="true"]');
    const l = list.getBoundingClientRect();
    const r = row?.getBoundingClientRect();
    return {
      pageY: window.scrollY,
      listTop: list.scrollTop,
      scrollable: list.scrollHeight > list.clientHeight,
      visible: r ? r.top >= l.top - 1 && r.bottom <= l.bottom + 1 : false,
    };
  });

describe('following playback', () => {
  it('keeps the playing chapter open and in view without scrolling the page', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env, { reducedMotion: 'reduce', viewport: { width: 900, height: 700 } })).ready();
    const { page } = episode;
    assert.equal((await geometry(page)).scrollable, true, 'the list scrolls in its own area');
    await page.evaluate(() => window.scrollTo(0, 120));
    const pageY = await page.evaluate(() => window.scrollY);

    await episode.seek(28 * 60 + 40); // chapter 14
    await episode.waitForCurrent(1_714_000);
    assert.equal(await episode.toggle(13).getAttribute('aria-expanded'), 'true', 'the playing chapter opens');
    await episode.waitFor(() => ec('.ec-list').scrollTop > 0, null, 'the list to scroll');
    let g = await geometry(page);
    assert.ok(g.visible, 'the playing chapter is in view');
    assert.equal(g.pageY, pageY, 'the page did not move');

    // A row opened by hand stays open when playback moves on; the auto-opened one closes.
    await episode.toggle(14).click();
    await episode.seek(34 * 60 + 10);
    await episode.waitForCurrent(2_044_000);
    assert.equal(await episode.toggle(13).getAttribute('aria-expanded'), 'false');
    assert.equal(await episode.toggle(14).getAttribute('aria-expanded'), 'true');

    // The listener scrolls the list: following pauses.
    const follow = page.getByRole('button', { name: 'Follow playback' });
    assert.equal(await follow.count(), 0);
    await page.locator('.ec-list').hover();
    await page.mouse.wheel(0, -2000);
    await follow.waitFor();
    await episode.waitFor(() => ec('.ec-list').scrollTop === 0, null, 'the wheel scroll to end');
    await episode.seek(30);
    await episode.seek(13 * 60); // chapter 6 ... then back to the end of the list
    await episode.seek(33 * 60);
    await episode.waitForCurrent(1_714_000);
    g = await geometry(page);
    assert.equal(g.listTop, 0, 'no scrolling while paused');
    assert.equal(g.visible, false);

    // "Follow playback" scrolls back and disappears.
    await follow.click();
    await episode.waitFor(() => {
      const list = ec('.ec-list').getBoundingClientRect();
      const row = ec('[aria-current="true"]').getBoundingClientRect();
      return row.top >= list.top - 1 && row.bottom <= list.bottom + 1;
    }, null, 'the playing chapter back in view');
    assert.equal(await follow.count(), 0);
    assert.equal((await geometry(page)).pageY, pageY, 'the page did not move');
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
