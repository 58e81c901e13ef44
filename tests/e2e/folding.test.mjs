// Rows expand and collapse by mouse and by keyboard; expand all / collapse all; the arrow keys
// move between rows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

describe('expand and collapse', () => {
  it('by mouse', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    const toggle = episode.toggle(3);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await episode.row(3).getByText('Clem offers a framework for pivots').count(), 0);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await episode.row(3).getByText('Clem offers a framework for pivots').waitFor();
    await episode.row(3).getByText('Aim for a healthy exploration/exploitation split').waitFor();
    const controls = await toggle.getAttribute('aria-controls');
    assert.equal(await episode.page.locator(`#${controls}`).count(), 1, 'aria-controls names the details');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await episode.row(3).getByText('Clem offers a framework for pivots').count(), 0);

    await episode.page.getByRole('button', { name: 'Expand all' }).click();
    await episode.waitFor(() => ecAll('[aria-expanded="true"]').length === 15, null, 'all rows open');
    await episode.page.getByRole('button', { name: 'Collapse all' }).click();
    await episode.waitFor(() => ecAll('[aria-expanded="true"]').length === 0, null, 'all rows closed');
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('by keyboard', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    const { page } = episode;
    // Start on the widget's first control, then Tab: row 1's seek button.
    await page.getByRole('button', { name: 'Expand all' }).focus();
    const focused = () => page.evaluate(() => {
      const el = ecActive();
      return { text: el.textContent.trim(), expanded: el.getAttribute('aria-expanded'), row: el.closest('li')?.dataset.startMs };
    });
    assert.equal((await focused()).text, 'Expand all');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).row, '0');
    assert.equal((await focused()).expanded, null, 'the seek button first');
    // Down arrow: the next row's seek button.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal((await focused()).row, '239000');
    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(), { text: '', expanded: 'false', row: '239000' });
    await page.keyboard.press('Enter');
    assert.equal((await focused()).expanded, 'true');
    await episode.row(2).getByText('The company’s shift toward open-source tooling').waitFor();
    await page.keyboard.press('Space');
    assert.equal((await focused()).expanded, 'false');
    // End / Home jump to the last and first rows.
    await page.keyboard.press('End');
    assert.equal((await focused()).row, '2044000');
    await page.keyboard.press('Home');
    assert.equal((await focused()).row, '0');
    // Enter on a seek button plays the chapter.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await episode.waitFor(() => {
      const a = document.getElementById('episode-audio');
      return !a.paused && a.currentTime >= 165;
    }, null, 'playback from 2:45 after Enter');
    await episode.waitForCurrent(165_000);
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    // Focus is visible.
    const outline = await page.evaluate(() => getComputedStyle(ecActive()).outlineStyle);
    assert.equal(outline, 'solid');
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
