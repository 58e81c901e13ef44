// What a screen reader hears on its own, with real audio in Chromium: while playback crosses
// chapter boundaries exactly one row of the list has aria-current (the playing one) on every
// frame, and no live region says anything (no chatter on every chapter change); after an action the
// listener took — previous/next, a search, Copy link — a polite live region says what happened.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

/**
 * In the page: records every change inside the widget's live regions (aria-live, and the roles
 * that imply it: status, alert, log, marquee, timer; <output>), with the region's politeness,
 * and on every animation frame how many rows of the list carry aria-current.
 */
function WATCH() {
  const LIVE = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"], [role="marquee"], [role="timer"], output';
  window.liveChanges = [];
  window.currentCounts = [];
  const root = ec('episode-chapters').shadowRoot;
  const regionOf = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest(LIVE);
  // What each region said last: a region added empty (a row opening with its Copy link
  // status) says nothing; one whose text changes, or that is added with text, is heard.
  const said = new WeakMap();
  for (const region of root.querySelectorAll(LIVE)) said.set(region, region.textContent.trim());
  new MutationObserver((records) => {
    for (const record of records) {
      const region = regionOf(record.target);
      if (!region) continue;
      const text = region.textContent.trim();
      if (text === (said.get(region) ?? '')) continue;
      said.set(region, text);
      const politeness = region.getAttribute('aria-live') ?? (region.getAttribute('role') === 'alert' ? 'assertive' : 'polite');
      window.liveChanges.push({ region: region.className, politeness, text });
    }
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  const count = () => {
    window.currentCounts.push(ecAll('.ec-list > li[aria-current]').length);
    window.currentFrame = requestAnimationFrame(count);
  };
  count();
}

const takeChanges = (page) => page.evaluate(() => window.liveChanges.splice(0));

describe('live regions and aria-current', () => {
  it('playback over two chapter boundaries: one aria-current on every frame, on the playing row; no live region changes', { timeout: 90_000 }, async () => {
    const episode = await (await EpisodePage.open(env, { rewrite: (html) => html.replace('<episode-chapters ', '<episode-chapters timeline ') })).ready();
    const { page } = episode;
    await episode.seek(163); // 2 s before chapter 2 (2:45); chapter 3 starts at 3:59
    await episode.waitForCurrent(0);
    await page.evaluate(WATCH);
    await page.evaluate(() => {
      const audio = document.getElementById('episode-audio');
      audio.playbackRate = 16;
      return audio.play();
    });
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime > 242, null, 'playback past 4:02', 60_000);
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    await episode.waitForCurrent(239_000, 'chapter 3 playing');
    const counts = await page.evaluate(() => {
      cancelAnimationFrame(window.currentFrame);
      return window.currentCounts;
    });
    assert.ok(counts.length > 20, `${counts.length} frames watched`);
    assert.deepEqual([...new Set(counts)], [1], 'rows with aria-current on each frame');
    assert.equal(await page.evaluate(() => ec('.ec-list > li[aria-current]').getAttribute('aria-current')), 'true');
    // Crossed two boundaries, heard nothing.
    assert.deepEqual(await takeChanges(page), [], 'live region changes during playback');
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('previous/next, a search and Copy link are each announced politely', { timeout: 90_000 }, async () => {
    const json = JSON.stringify({
      version: '1.2.0',
      chapters: Array.from({ length: 30 }, (_, i) => ({ startTime: i * 70, title: `Part ${i + 1}`, description: `About part ${i + 1}` })),
    });
    const episode = await EpisodePage.open(env, {
      path: '/examples/episode.html',
      beforeGoto: (page) => page.route('**/examples/episode.json', (route) => route.fulfill({ contentType: 'application/json', body: json })),
    });
    const { page } = episode;
    await page.locator('episode-chapters li.ec-chapter').nth(29).waitFor();
    await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
    await episode.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: episode.baseUrl });
    await page.evaluate(WATCH);
    const announced = async (what, expected) => {
      await episode.waitFor(() => window.liveChanges.length > 0, null, `an announcement after ${what}`);
      const changes = await takeChanges(page);
      assert.ok(changes.every((c) => c.politeness === 'polite'), `${what}: polite, ${JSON.stringify(changes)}`);
      assert.match(changes.at(-1).text, expected, what);
    };

    await page.getByRole('button', { name: 'Next chapter' }).click();
    await episode.waitForCurrent(70_000);
    await announced('Next chapter', /^Chapter 2 of 30: Part 2/);
    await page.getByRole('button', { name: 'Next chapter' }).focus();
    await page.keyboard.press('n');
    await episode.waitForCurrent(140_000);
    await announced('the N key', /^Chapter 3 of 30: Part 3/);
    await page.getByRole('button', { name: 'Previous chapter' }).click();
    await episode.waitForCurrent(70_000);
    await announced('Previous chapter', /^Chapter 2 of 30: Part 2/);

    await page.getByRole('searchbox', { name: 'Search chapters' }).fill('part 27');
    await announced('a search', /^1 of 30 chapters matches/);
    await page.getByRole('searchbox', { name: 'Search chapters' }).fill('');
    await takeChanges(page);

    await episode.toggle(5).click();
    await takeChanges(page);
    await episode.row(5).getByRole('button', { name: /^Copy link/ }).click();
    await announced('Copy link', /^Link copied\.$/);
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
