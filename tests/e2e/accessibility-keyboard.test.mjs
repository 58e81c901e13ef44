// The widget by keyboard alone, in Chromium with real audio: Tab reaches every control (the
// toolbar's buttons, the timeline slider, the search field, every row's seek and expand
// buttons, links and Copy link), each shows a focus indicator (an outline of 2 px or more,
// 3:1 against what is behind it) that no scroll area or rounded frame clips, in the normal
// and the compact layout and right to left; and every action works from the keyboard, with
// focus staying in the widget afterwards (never dropped on the page's body).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EpisodePage, useBrowser } from './support.mjs';
import { A11Y, assertTextContrast } from './accessibility-support.mjs';

const env = useBrowser();

const withAttributes = (attributes) => (html) => html.replace('<episode-chapters ', `<episode-chapters ${attributes} `);

/**
 * The demo page with `attributes`, two chapters already listened (so Clear listened shows)
 * and following turned off on this site (so Follow playback shows).
 */
async function open(attributes, { colorScheme = 'light', path = '/', json } = {}) {
  const episode = await EpisodePage.open(env, {
    path,
    colorScheme,
    rewrite: withAttributes(attributes),
    beforeGoto: async (page) => {
      await page.addInitScript((key) => {
        localStorage.setItem(key, '0,165000');
        localStorage.setItem('episode-chapters:follow', 'off');
      }, `episode-chapters:listened:${env.server.url}/demo/episode.opus`);
      if (json) await page.route('**/examples/episode.json', (route) => route.fulfill({ contentType: 'application/json', body: json }));
    },
  });
  await episode.page.locator('episode-chapters li.ec-chapter').first().waitFor();
  await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
  await episode.page.evaluate(A11Y);
  return episode;
}

/** Podcasting 2.0 JSON with `n` chapters, each with a summary and a link. */
function generated(n) {
  const step = 2245 / n;
  return JSON.stringify({
    version: '1.2.0',
    chapters: Array.from({ length: n }, (_, i) => ({
      startTime: Math.round(i * step * 1000) / 1000,
      title: `Part ${i + 1}`,
      description: `What part ${i + 1} is about`,
      url: `https://example.com/parts/${i + 1}`,
    })),
  });
}

const inWidget = (page) => page.evaluate(() => document.activeElement?.localName === 'episode-chapters');
const focused = (page) => page.evaluate(() => {
  const e = ecActive();
  return e ? `${e.localName}.${[...e.classList].join('.')} ${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40)}` : null;
});

/** Tabs from the audio element through the widget and out; every stop inside it, with its focus ring. */
async function tabThrough(page) {
  await page.locator('#episode-audio').focus();
  const stops = [];
  for (let i = 0; i < 300; i += 1) {
    await page.keyboard.press('Tab');
    if (await inWidget(page)) stops.push(await page.evaluate(() => window.a11yFocusRing()));
    else if (stops.length > 0) break;
  }
  return stops;
}

/** Asserts every control was reached and shows an unclipped, visible focus indicator. */
async function assertFocusRings(page, what) {
  const stops = await tabThrough(page);
  const controls = await page.evaluate(() => window.a11yTargets().map((t) => t.element));
  assert.deepEqual(stops.map((s) => s.element).sort(), controls.sort(), `${what}: Tab reaches every control, once`);
  const bad = stops.filter((s) => !s.focusVisible || (!s.outline && !s.boxShadow) || s.clipped.length > 0 || (s.outline && !(parseFloat(s.outline) >= 2)) || (s.contrast !== null && s.contrast < 3));
  assert.deepEqual(bad, [], `${what}: focus indicators missing, thin, faint or clipped`);
  return stops;
}

describe('keyboard: focus', () => {
  for (const [what, attributes, options] of [
    ['demo page', 'timeline', {}],
    ['compact', 'compact timeline', {}],
    ['right to left, dark', 'lang="ar" timeline', { colorScheme: 'dark' }],
    ['search results', '', { path: '/examples/episode.html', json: generated(40) }],
  ]) {
    it(`${what}: Tab reaches every control, each with a visible focus indicator that nothing clips`, { timeout: 90_000 }, async () => {
      const episode = await open(attributes, options);
      const { page } = episode;
      if (options.json) {
        await page.locator('episode-chapters .ec-search-input').fill('part 3');
        await episode.waitFor(() => ec('.ec-search-status').textContent.startsWith('13 of 40'), null, 'the count');
      }
      // Two rows open (their links and Copy link), the last one too (the list's bottom edge).
      await page.locator('episode-chapters .ec-toggle').nth(3).click();
      await page.locator('episode-chapters .ec-toggle').nth(4).click();
      await page.locator('episode-chapters .ec-toggle').last().click();
      await page.mouse.move(0, 0);
      const stops = await assertFocusRings(page, what);
      assert.ok(stops.length >= 30, `${stops.length} stops`);
      // (With Follow playback, Clear listened and the listened marks shown.)
      await page.mouse.move(0, 0);
      await assertTextContrast(page, what);
      episode.assertNoConsoleErrors();
      await episode.close();
    });
  }
});

describe('keyboard: actions', () => {
  it('seek, expand, arrows, previous/next, timeline, follow, copy link, clear listened, expand all', { timeout: 120_000 }, async () => {
    const episode = await open('timeline');
    const { page } = episode;
    await episode.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: episode.baseUrl });
    const audio = (p) => episode.audio(p);
    const press = async (key) => {
      const on = await focused(page);
      await page.keyboard.press(key);
      assert.ok(await inWidget(page), `focus stays in the widget after ${key} on ${on} (now on ${await focused(page)})`);
    };

    // Seek: Enter on a row's button plays that chapter.
    await episode.seekButton(2).focus();
    await press('Enter');
    await episode.waitForCurrent(239_000, 'chapter 3 by Enter');
    await episode.waitFor(() => !document.getElementById('episode-audio').paused, null, 'playing');
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    // Arrows move between rows; Space on the expand button opens and closes.
    await press('ArrowDown');
    assert.match(await focused(page), /^button\.ec-seek 5:37/);
    await press('Tab');
    assert.equal(await page.evaluate(() => ecActive().getAttribute('aria-expanded')), 'false');
    await press('Space');
    await episode.waitFor(() => ecActive().getAttribute('aria-expanded') === 'true', null, 'opened by Space');
    await press('Enter');
    await episode.waitFor(() => ecActive().getAttribute('aria-expanded') === 'false', null, 'closed by Enter');

    // N and P, from anywhere in the widget; the buttons by Enter.
    await press('n');
    await episode.waitForCurrent(337_000, 'chapter 4 by N');
    await press('p'); // within 3 s of chapter 4's start: the chapter before
    await episode.waitForCurrent(239_000, 'chapter 3 by P');
    const next = page.getByRole('button', { name: 'Next chapter' });
    await next.focus();
    await press('Enter');
    await episode.waitForCurrent(337_000, 'chapter 4 by the Next button');
    await page.getByRole('button', { name: 'Previous chapter' }).focus();
    await press('Enter');
    await episode.waitForCurrent(239_000, 'chapter 3 by the Previous button');
    assert.equal(await audio('paused'), true, 'previous/next keep the audio paused');

    // The timeline: arrows, End, Home seek between chapters.
    await page.getByRole('slider', { name: 'Timeline' }).focus();
    await press('ArrowRight');
    await episode.waitForCurrent(337_000, 'chapter 4 by ArrowRight');
    await press('End');
    await episode.waitForCurrent(2_044_000, 'the last chapter by End');
    await press('Home');
    await episode.waitForCurrent(0, 'the first chapter by Home');

    // Follow playback (off on this site): Enter turns it on and scrolls to the playing chapter.
    await episode.seek(1600);
    await episode.waitForCurrent(1_488_000, 'chapter 12');
    const follow = page.getByRole('button', { name: 'Follow playback' });
    await follow.focus();
    await press('Enter');
    await follow.waitFor({ state: 'detached' });
    assert.ok(await inWidget(page), `focus stays in the widget after Follow playback (on ${await focused(page)})`);
    await episode.seek(2100);
    await episode.waitFor(() => {
      const list = ec('.ec-list').getBoundingClientRect();
      const row = ec('[aria-current="true"]').getBoundingClientRect();
      return row.top >= list.top - 1 && row.bottom <= list.bottom + 1;
    }, null, 'the playing row followed into view');

    // Copy link, in the playing row (open by itself).
    const copy = episode.row(14).getByRole('button', { name: /^Copy link/ });
    await copy.focus();
    await press('Enter');
    await episode.waitFor(() => ec('li.ec-open .ec-copy-status')?.textContent === 'Link copied.', null, 'Link copied.');
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /\/#t=(2044|34:04)$/, 'the link to chapter 15');

    // Clear listened.
    const clear = page.getByRole('button', { name: 'Clear listened' });
    await clear.focus();
    await press('Enter');
    await episode.waitFor(() => ecAll('.ec-listened').length === 0, null, 'the marks cleared');
    await clear.waitFor({ state: 'detached' });
    assert.ok(await inWidget(page), `focus stays in the widget after Clear listened (on ${await focused(page)})`);

    // Expand all, then Collapse all, on the same button.
    await page.getByRole('button', { name: 'Expand all' }).focus();
    await press('Enter');
    await episode.waitFor(() => ecAll('[aria-expanded="false"]').length === 0, null, 'all open');
    assert.match(await focused(page), /Collapse all/);
    await press('Enter');
    await episode.waitFor(() => ecAll('[aria-expanded="true"]').length === 0, null, 'all closed');
    await assertTextContrast(page, 'after the actions');
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('search: Tab to the field, type, Down into the matches, Enter plays, Escape clears', { timeout: 90_000 }, async () => {
    const episode = await open('', { path: '/examples/episode.html', json: generated(40) });
    const { page } = episode;
    await page.locator('#episode-audio').focus();
    for (let i = 0; i < 20 && !(await focused(page))?.startsWith('input.ec-search-input'); i += 1) await page.keyboard.press('Tab');
    assert.match(await focused(page), /^input\.ec-search-input/, 'Tab reaches the search field');
    await page.keyboard.type('part 2');
    await episode.waitFor(() => /^\d+ of 40 chapters match/.test(ec('.ec-search-status').textContent), null, 'the count');
    await page.keyboard.press('ArrowDown');
    assert.match(await focused(page), /^button\.ec-seek .*Part 2$/);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => ecActive().closest('li').querySelector('.ec-title').textContent);
    assert.notEqual(second, 'Part 2');
    await page.keyboard.press('Enter');
    await episode.waitFor((title) => ec('.ec-results [aria-current="true"] .ec-title')?.textContent === title, second, `${second} playing`);
    await page.locator('episode-chapters .ec-search-input').focus();
    await page.keyboard.press('Escape');
    await episode.waitFor(() => ec('.ec-results') === null && ecAll('li.ec-chapter').length === 40, null, 'the whole list again');
    assert.ok(await inWidget(page));
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    await assertTextContrast(page, 'after a search');
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
