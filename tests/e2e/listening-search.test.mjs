// Finding a chapter in a long list, with real audio in Chromium: a search field over more
// than 20 chapters filters 500 chapters by title, summary and key points, ignoring case and
// accents; the count is announced politely; Enter plays the first match; Escape (or clearing
// the field) brings the whole list back, scrolled to the playing chapter. axe-core: no
// violations with results shown.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { openWithChapters, useBrowser } from './support.mjs';

const env = useBrowser();
const STEP = 2245 / 500;

/** Podcasting 2.0 JSON with `n` chapters over the demo's 37:25, some with accented words. */
function chapters(n) {
  const step = 2245 / n;
  return JSON.stringify({
    version: '1.2.0',
    chapters: Array.from({ length: n }, (_, i) => ({
      startTime: Math.round(i * step * 1000) / 1000,
      title: `Part ${i + 1}${i % 50 === 7 ? ' — Café Crème' : ''}`,
      description: i % 100 === 3 ? 'A walk through München' : 'Nothing in particular',
      points: i === 420 ? ['Die Straße der Pariser Kommune'] : [],
    })),
  });
}

const open = (n) => openWithChapters(env, chapters(n));

const status = (page) => page.evaluate(() => ec('.ec-search-status').textContent);
const titles = (page) => page.evaluate(() => ecAll('.ec-results li.ec-chapter .ec-title').map((t) => t.textContent));

describe('search', () => {
  it('filters 500 chapters by title, summary and points, ignoring case and accents; Enter plays; Escape restores', { timeout: 90_000 }, async () => {
    const episode = await open(500);
    const { page } = episode;
    await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
    const field = page.getByRole('searchbox', { name: 'Search chapters' });
    assert.equal(await page.getByRole('search').count(), 1);

    // Title, with other case and no accents; timed from the input to the count shown.
    const took = await page.evaluate(async () => {
      const input = ec('.ec-search-input');
      const start = performance.now();
      input.value = 'CAFE creme';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      while (!ec('.ec-search-status').textContent.startsWith('10 of 500')) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - start;
    });
    console.log(`search over 500 chapters: count shown ${took.toFixed(1)} ms after the input (to the next frame)`);
    assert.equal(await status(page), '10 of 500 chapters match. Enter plays the first.');
    assert.equal((await titles(page)).length, 10);
    assert.equal((await titles(page))[0], 'Part 8 — Café Crème');
    assert.equal(await page.evaluate(() => ec('.ec-search-status').getAttribute('role')), 'status');
    // Summary; points.
    await field.fill('münchen');
    await episode.waitFor(() => ec('.ec-search-status').textContent.startsWith('5 of 500'), null, 'five in the summaries');
    await field.fill('STRASSE');
    await episode.waitFor(() => ec('.ec-search-status').textContent === '1 of 500 chapters matches. Enter plays it.', null, 'one in the points');
    assert.deepEqual(await titles(page), ['Part 421']);
    await field.fill('part 12 zzz');
    await episode.waitFor(() => ec('.ec-search-status').textContent === 'No chapter matches.', null, 'no match');
    assert.equal((await titles(page)).length, 0);

    await field.fill('cafe');
    await episode.waitFor(() => ec('.ec-search-status').textContent.startsWith('10 of 500'), null, 'ten again');
    // Down from the field into the matches; arrows, Home and End among them.
    await field.press('ArrowDown');
    const focused = () => page.evaluate(() => ecActive()?.closest('li')?.querySelector('.ec-title')?.textContent);
    assert.equal(await focused(), 'Part 8 — Café Crème');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'Part 58 — Café Crème');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'Part 458 — Café Crème');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'Part 408 — Café Crème');
    await page.keyboard.press('Home');
    assert.equal(await focused(), 'Part 8 — Café Crème');
    await field.focus();
    await episode.screenshot('search.png');
    const results = await new AxeBuilder({ page }).include('episode-chapters').analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target}`), []);

    // Enter plays the first match.
    await field.fill('strasse');
    await episode.waitFor(() => ec('.ec-search-status').textContent.startsWith('1 of 500'), null, 'one');
    await field.press('Enter');
    const start = Math.round(420 * STEP * 1000) / 1000;
    await episode.waitFor((s) => {
      const a = document.getElementById('episode-audio');
      return !a.paused && a.currentTime > s + 0.2;
    }, start, 'playing Part 421');
    await page.waitForFunction(() => ec('.ec-results [aria-current="true"] .ec-title')?.textContent === 'Part 421');

    // Escape: the whole list again, scrolled to the playing chapter (deep in the windowed list).
    await field.press('Escape');
    assert.equal(await field.inputValue(), '');
    assert.equal(await status(page), '');
    await page.waitForFunction(() => ec('.ec-results') === null && ec('.ec-list li[aria-setsize="500"]') !== null);
    await episode.waitFor(() => {
      const list = ec('.ec-list').getBoundingClientRect();
      const row = ec('[aria-current="true"]')?.getBoundingClientRect();
      return row && row.top >= list.top - 1 && row.bottom <= list.bottom + 1;
    }, null, 'the playing row in view after clearing');
    assert.equal(await page.evaluate(() => ec('[aria-current="true"] .ec-title').textContent), 'Part 421');
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('20 chapters have no search field; 21 have one', { timeout: 60_000 }, async () => {
    for (const [n, fields] of [[20, 0], [21, 1]]) {
      const episode = await open(n);
      await episode.page.waitForFunction((count) => ecAll('li.ec-chapter').length === count, n);
      assert.equal(await episode.page.getByRole('searchbox').count(), fields, `${n} chapters`);
      await episode.close();
    }
  });
});
