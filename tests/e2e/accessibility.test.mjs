// The widget in every state a listener meets it, in light and dark colour schemes: axe-core
// finds no violations; every control (button, link, field, slider) is at least 24 × 24 CSS px;
// every piece of visible text has a contrast of at least 4.5:1 against the background it is
// drawn on. axe's own color-contrast rule skips text whose background it cannot work out
// (inside the shadow root, over transparent layers), so the contrast is also measured here
// from the computed colours (accessibility-support.mjs). Screenshots of the light and dark
// demo go to test-results/ for a person to look at.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EpisodePage, useBrowser } from './support.mjs';
import { A11Y, assertTargetSizes, assertTextContrast, axeViolations } from './accessibility-support.mjs';

const env = useBrowser();

/** The demo page with `attributes` added to its <episode-chapters> (and without its own list). */
const demo = (attributes, { markup = true } = {}) => (html) => {
  let page = html.replace('<episode-chapters ', `<episode-chapters ${attributes} `);
  if (!markup) page = page.replace(/(<episode-chapters[^>]*>)[\s\S]*?(<\/episode-chapters>)/, '$1$2');
  return page;
};

/** Podcasting 2.0 JSON with `n` chapters over the demo's 37:25, each with a summary and a link. */
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

/** examples/episode.html with `json` as its chapters, once the first row is there. */
async function withChapters(env, json, colorScheme) {
  const episode = await EpisodePage.open(env, {
    colorScheme,
    path: '/examples/episode.html',
    beforeGoto: (page) => page.route('**/examples/episode.json', (route) => route.fulfill({ contentType: 'application/json', body: json })),
  });
  await episode.page.locator('episode-chapters li.ec-chapter').first().waitFor();
  return episode;
}

const rows = (page, n) => page.waitForFunction((count) => ecAll('li.ec-chapter').length === count, n);
const metadata = (episode) => episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');

/** Each state: how to open the page and bring the widget into it. */
const STATES = {
  async collapsed(env, colorScheme) {
    const episode = await (await EpisodePage.open(env, { colorScheme, rewrite: demo('expanded="none"') })).ready();
    await metadata(episode);
    assert.equal(await episode.page.locator('episode-chapters [aria-expanded="true"]').count(), 0);
    return episode;
  },
  async expanded(env, colorScheme) {
    const episode = await (await EpisodePage.open(env, { colorScheme, rewrite: demo('timeline') })).ready();
    await metadata(episode);
    await episode.page.getByRole('button', { name: 'Expand all' }).click();
    await episode.waitFor(() => ecAll('[aria-expanded="false"]').length === 0, null, 'every row open');
    return episode;
  },
  async playing(env, colorScheme) {
    const episode = await (await EpisodePage.open(env, { colorScheme, rewrite: demo('timeline') })).ready();
    await episode.toggle(4).click(); // a chapter opened by hand
    await episode.seek(12 * 60 + 42 + 30); // chapter 6, half a minute in: opens and scrolls into view
    await episode.page.evaluate(() => document.getElementById('episode-audio').play());
    await episode.waitForCurrent(762_000);
    await episode.waitFor(() => ec('.ec-playing') !== null, null, 'playing');
    return episode;
  },
  async error(env, colorScheme) {
    const episode = await EpisodePage.open(env, { colorScheme, rewrite: demo('src="/fixtures/missing.json"', { markup: false }) });
    await episode.page.locator('episode-chapters [role="alert"]').waitFor();
    return episode;
  },
  async 'error, with the page’s own list'(env, colorScheme) {
    const episode = await EpisodePage.open(env, { colorScheme, rewrite: demo('src="/fixtures/bad-timestamp.txt"') });
    await episode.page.locator('episode-chapters .ec-note').waitFor();
    return episode;
  },
  async loading(env, colorScheme) {
    // The chapters' answer is held until the test is done: the widget stays loading.
    const episode = await EpisodePage.open(env, {
      colorScheme,
      rewrite: demo('src="/slow/demo/episode.txt"', { markup: false }),
      beforeGoto: (page) => page.route('**/slow/demo/episode.txt', () => {}),
    });
    await episode.page.locator('episode-chapters .ec-status[role="status"]').waitFor();
    return episode;
  },
  async filtered(env, colorScheme) {
    const episode = await withChapters(env, generated(40), colorScheme);
    await metadata(episode);
    await episode.page.getByRole('searchbox', { name: 'Search chapters' }).fill('part 3');
    await episode.waitFor(() => ec('.ec-search-status').textContent !== '', null, 'a count');
    console.log(await episode.page.evaluate(() => ec('.ec-search-status').textContent));
    await episode.waitFor(() => ec('.ec-search-status').textContent.startsWith('13 of 40'), null, 'the count');
    // A match opened: its link and Copy link.
    await episode.page.locator('episode-chapters .ec-results .ec-toggle').first().click();
    await episode.page.locator('episode-chapters .ec-results .ec-link a').waitFor();
    return episode;
  },
  async 'right to left'(env, colorScheme) {
    const episode = await EpisodePage.open(env, { colorScheme, rewrite: demo('lang="ar" timeline') });
    await rows(episode.page, 15);
    await episode.seek(12 * 60 + 42 + 30);
    await episode.waitForCurrent(762_000);
    return episode;
  },
  async compact(env, colorScheme) {
    const episode = await (await EpisodePage.open(env, { colorScheme, rewrite: demo('compact timeline') })).ready();
    await episode.toggle(4).click();
    await episode.seek(12 * 60 + 42 + 30);
    await episode.waitForCurrent(762_000);
    return episode;
  },
  async '10,000 chapters'(env, colorScheme) {
    const episode = await withChapters(env, generated(10_000), colorScheme);
    await episode.seek(2000);
    await episode.waitFor(() => ec('[aria-current="true"]')?.dataset.index === '8908', null, 'the playing row');
    return episode;
  },
};

const lowest = { contrast: {}, target: null };

for (const colorScheme of ['light', 'dark']) {
  describe(`accessibility (${colorScheme})`, () => {
    for (const [state, open] of Object.entries(STATES)) {
      it(`${state}: no axe violations, targets of 24 px or more, text contrast of 4.5:1 or more`, { timeout: 90_000 }, async () => {
        const episode = await open(env, colorScheme);
        const { page } = episode;
        await page.mouse.move(0, 0);
        await page.evaluate(A11Y);
        // The page allows both schemes (meta color-scheme), so the system's choice decides.
        const background = await page.evaluate(() => getComputedStyle(ec('.ec-widget')).backgroundColor);
        assert.equal(background, colorScheme === 'dark' ? 'rgb(27, 27, 31)' : 'rgb(255, 255, 255)');

        assert.deepEqual(await axeViolations(page), [], 'axe-core');
        const noControls = state.startsWith('error') || state === 'loading';
        if (!noControls) {
          const target = await assertTargetSizes(page, state);
          if (!lowest.target || Math.min(target.width, target.height) < Math.min(lowest.target.width, lowest.target.height)) lowest.target = { ...target, state, colorScheme };
        }
        const text = await assertTextContrast(page, state);
        if (!lowest.contrast[colorScheme] || text.ratio < lowest.contrast[colorScheme].ratio) lowest.contrast[colorScheme] = { ...text, state };

        if (state === 'playing') {
          await page.evaluate(() => document.getElementById('episode-audio').pause());
          await episode.screenshot(`episode-${colorScheme}.png`);
        }
        // (A missing file is a console error of the browser's own.)
        if (!state.startsWith('error')) episode.assertNoConsoleErrors();
        await episode.close();
      });
    }
  });
}

describe('measured', () => {
  it('the smallest control and the lowest text contrast', () => {
    console.log(`smallest control: ${JSON.stringify(lowest.target)}`);
    console.log(`lowest text contrast: ${JSON.stringify(lowest.contrast)}`);
  });
});
