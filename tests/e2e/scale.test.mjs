// Long lists (audiobooks, long live streams): 10,000 chapters are windowed — only the rows in
// view (and the playing and focused ones) are in the DOM, each saying its place in the whole
// list — and stay usable: the highlight follows seeks anywhere, the playing row scrolls into
// view, keyboard navigation reaches the last row. Ordinary lists are rendered whole (find-in-
// page sees every chapter). Timings live in the benchmark (scripts/bench.sh), not here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { openWithChapters, useBrowser } from './support.mjs';

const env = useBrowser();

/** Podcasting 2.0 JSON with `n` chapters spread over the demo's 37:25. */
function chapters(n) {
  const step = 2245 / n;
  return JSON.stringify({
    version: '1.2.0',
    chapters: Array.from({ length: n }, (_, i) => ({ startTime: Math.round(i * step * 1000) / 1000, title: `Part ${i + 1}` })),
  });
}

const open = (n) => openWithChapters(env, chapters(n));

const rendered = (page) => page.evaluate(() => ecAll('li.ec-chapter').length);

/** Seeks to 33:20 in a list of 10,000 and waits for the playing row, highlighted and in view. */
async function seekDeep(episode) {
  await episode.seek(2000);
  const expected = Math.floor(2000 / (2245 / 10_000));
  await episode.page.waitForFunction((i) => ec('[aria-current="true"]')?.dataset.index === String(i), expected);
  await episode.waitFor(() => {
    const list = ec('.ec-list').getBoundingClientRect();
    const row = ec('[aria-current="true"]').getBoundingClientRect();
    return row.top >= list.top - 1 && row.bottom <= list.bottom + 1;
  }, null, 'the playing row in view');
  assert.ok((await rendered(episode.page)) <= 300, 'still windowed');
}

describe('long lists', () => {
  it('10,000 chapters: only what is in view is rendered, and the list stays usable', { timeout: 90_000 }, async () => {
    const episode = await open(10_000);
    const { page } = episode;
    assert.match(await page.locator('episode-chapters .ec-summary-line').innerText(), /^10,?000 chapters/);
    const first = await rendered(page);
    assert.ok(first > 0 && first <= 200, `${first} rows rendered`);
    assert.equal(await episode.rows.first().getAttribute('aria-setsize'), '10000');
    assert.equal(await episode.rows.first().getAttribute('aria-posinset'), '1');

    // A seek deep into the list: the playing row is rendered, highlighted and scrolled into view.
    await seekDeep(episode);

    // Scrolling the list by hand renders what comes into view.
    await page.evaluate(() => (ec('.ec-list').scrollTop = 0));
    await page.waitForFunction(() => ec('li.ec-chapter[data-index="0"]') !== null);
    assert.equal(await episode.rows.first().getAttribute('data-index'), '0');

    // Keyboard: End reaches the last chapter, Home the first, arrows move by one.
    await episode.rows.first().locator('button.ec-seek').focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => ecActive()?.closest('li')?.dataset.index === '9999');
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => ecActive()?.closest('li')?.dataset.index === '9998');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => ecActive()?.closest('li')?.dataset.index === '0');

    const axe = await new AxeBuilder({ page }).include('episode-chapters').analyze();
    assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target}`), []);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('10,000 chapters: a row that has focus stays in the DOM when following moves the window away', { timeout: 90_000 }, async () => {
    const episode = await open(10_000);
    const { page } = episode;
    await episode.rows.first().locator('button.ec-seek').focus();
    // A seek far down the list: following scrolls the playing row into view, and the window
    // of rendered rows moves there.
    await seekDeep(episode);
    // Focus did not fall out of the list with the first row: it is where the listener left it,
    // and the arrow keys go on from there.
    assert.equal(await page.evaluate(() => ecActive()?.closest('li')?.dataset.index), '0');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => ecActive()?.closest('li')?.dataset.index === '1');
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('ordinary lists are rendered whole', async () => {
    const episode = await open(400);
    await episode.page.waitForFunction(() => ecAll('li.ec-chapter').length === 400);
    assert.equal(await episode.rows.first().getAttribute('aria-setsize'), null);
    await episode.close();
  });
});
