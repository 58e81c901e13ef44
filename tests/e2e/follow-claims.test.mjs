// The README's claims about following playback, each proven: every way a listener scrolls the
// list (touch, keys, the scrollbar; the wheel is in follow.test.mjs) pauses the following;
// prefers-reduced-motion turns smooth scrolling off (compared with the smooth case); and while
// the audio plays, the widget's DOM changes at most once per displayed tick (100 ms of audio),
// not on every animation frame.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

const FOLLOW = { name: 'Follow playback' };

/** The demo, scrolled to chapter 14 by following playback (in `browser`, else the suite's). */
async function following(options = {}, browser = env.browser) {
  const episode = await (await EpisodePage.open({ ...env, browser }, { reducedMotion: 'reduce', viewport: { width: 900, height: 700 }, ...options })).ready();
  await episode.seek(28 * 60 + 40);
  await episode.waitForCurrent(1_714_000);
  await episode.waitFor(() => ec('.ec-list').scrollTop > 0, null, 'the list to follow');
  assert.equal(await episode.page.getByRole('button', FOLLOW).count(), 0, 'following before the listener scrolls');
  return episode;
}

describe('following playback, claims', () => {
  it('a touch scroll of the list pauses the following', { timeout: 60_000 }, async () => {
    const episode = await following({ hasTouch: true });
    const { page } = episode;
    const box = await page.locator('.ec-list').boundingBox();
    const cdp = await page.context().newCDPSession(page);
    const x = box.x + box.width / 2;
    const point = (y) => [{ x, y }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(box.y + 200) });
    for (let y = 190; y >= 60; y -= 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(box.y + y) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.getByRole('button', FOLLOW).waitFor();
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('Page Down in the list pauses the following', { timeout: 60_000 }, async () => {
    const episode = await following();
    await episode.seekButton(13).focus();
    await episode.page.keyboard.press('PageDown');
    await episode.page.getByRole('button', FOLLOW).waitFor();
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('pressing the list\'s scrollbar pauses the following', { timeout: 60_000 }, async () => {
    // Playwright hides scrollbars in headless Chromium; this browser shows them, as a desktop does.
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
      ignoreDefaultArgs: ['--hide-scrollbars'],
    });
    after(() => browser.close());
    const episode = await following({}, browser);
    const { page } = episode;
    // The scrollbar is the part of the list outside its rows: press there.
    const spot = await page.evaluate(() => {
      const list = ec('.ec-list');
      const box = list.getBoundingClientRect();
      const scrollbar = list.offsetWidth - list.clientWidth;
      return { x: box.right - Math.max(2, scrollbar / 2), y: box.top + box.height / 2, scrollbar };
    });
    await page.mouse.move(spot.x, spot.y);
    const target = await page.evaluate(({ x, y }) => {
      const list = ec('.ec-list');
      return list.getRootNode().elementFromPoint(x, y) === list;
    }, spot);
    assert.ok(target, `the press lands on the list itself, not a row (scrollbar ${spot.scrollbar} px)`);
    await page.mouse.down();
    await page.mouse.up();
    await page.getByRole('button', FOLLOW).waitFor();
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  for (const [motion, smooth] of [['no-preference', true], ['reduce', false]]) {
    it(`prefers-reduced-motion: ${motion} — the list ${smooth ? 'scrolls smoothly' : 'jumps in one frame'} to the playing chapter`, { timeout: 60_000 }, async () => {
      const episode = await (await EpisodePage.open(env, { reducedMotion: motion, viewport: { width: 900, height: 700 } })).ready();
      const { page } = episode;
      await page.evaluate(() => {
        window.tops = [];
        const sample = () => {
          window.tops.push(ec('.ec-list').scrollTop);
          window.sampling = requestAnimationFrame(sample);
        };
        sample();
      });
      await episode.seek(28 * 60 + 40);
      await episode.waitForCurrent(1_714_000);
      await episode.waitFor(() => {
        const list = ec('.ec-list').getBoundingClientRect();
        const row = ec('[aria-current="true"]').getBoundingClientRect();
        return row.top >= list.top - 1 && row.bottom <= list.bottom + 1 && window.tops.length > 30 && window.tops.at(-1) === window.tops.at(-8);
      }, null, 'the scroll to settle');
      const tops = await page.evaluate(() => {
        cancelAnimationFrame(window.sampling);
        return window.tops;
      });
      const between = new Set(tops.filter((t) => t > 0 && t < tops.at(-1)));
      if (smooth) assert.ok(between.size >= 3, `frames between the start and the end of the scroll: ${between.size}`);
      else assert.equal(between.size, 0, `frames between the start and the end of the scroll: ${[...between]}`);
      await episode.close();
    });
  }

  it('while playing inside a chapter, the DOM changes at most once per 100 ms of audio, not on every frame', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    const { page } = episode;
    await episode.seek(170);
    await episode.waitForCurrent(165_000);
    const counted = await page.evaluate(async () => {
      const audio = document.getElementById('episode-audio');
      const root = document.querySelector('episode-chapters').shadowRoot;
      let batches = 0;
      let frames = 0;
      const observer = new MutationObserver(() => { batches += 1; });
      await audio.play();
      await new Promise((r) => setTimeout(r, 300));
      const from = audio.currentTime;
      observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      const count = () => {
        frames += 1;
        window.counting = requestAnimationFrame(count);
      };
      count();
      await new Promise((r) => setTimeout(r, 3000));
      cancelAnimationFrame(window.counting);
      observer.disconnect();
      const played = audio.currentTime - from;
      audio.pause();
      return { batches, frames, played };
    });
    const ticks = Math.ceil(counted.played / 0.1);
    assert.ok(counted.played > 1, `audio played ${counted.played} s`);
    assert.ok(counted.batches <= ticks + 2, `DOM changed ${counted.batches} times in ${counted.played.toFixed(2)} s of audio (${ticks} ticks, ${counted.frames} frames)`);
    assert.ok(counted.batches > 0, 'the progress moves while playing');
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
