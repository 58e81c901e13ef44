// Five languages, with real audio in Chromium: the widget speaks the language of its own lang
// attribute or the nearest one above it (English otherwise), says durations in words through
// the browser's Intl, names its seek buttons by what they do, and lays out right to left in
// Arabic (the timeline and its arrow keys mirrored; screenshot in test-results/). axe-core:
// no violations in German and in Arabic.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

async function noAxeViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help}) ${v.nodes[0]?.target}`), []);
}

/** The seek buttons' names as written: the generated words around the title (the names themselves are checked with getByRole). */
const seekNames = (page) =>
  page.evaluate(() =>
    ecAll('.ec-seek').map((b) =>
      [...b.querySelectorAll(':scope > .ec-name > span')].map((s) => s.dataset.said ?? s.textContent).join(''),
    ),
  );
/** Opens the demo page, rewritten, and waits for its 15 rows (the list is named in the page's language). */
async function open(rewrite) {
  const episode = await EpisodePage.open(env, { rewrite });
  await episode.page.waitForFunction(() => ecAll('li.ec-chapter').length === 15);
  return episode;
}

const heading = (page) => page.evaluate(() => ec('.ec-heading').textContent);

describe('languages', () => {
  it('English: seek buttons say what they do, with the start in words', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    const names = await seekNames(episode.page);
    console.log(`en: ${names[5]}`);
    assert.match(names[5], /^Play chapter 6, Bridging research to enterprise: why ML’s “time to production” is unusually fast, from 12 minutes,? 42 seconds$/);
    assert.match(names[0], /^Play chapter 1, .*, from 0 seconds$/);
    // The accessible name, as assistive technology gets it (generated content included).
    await episode.page.getByRole('button', { name: /^Play chapter 6, Bridging research to enterprise: .*, from 12 minutes,? 42 seconds$/ }).click();
    // Exactly, as computed: no space crept in between the title and the comma after it.
    const first = 'Play chapter 1, From eBay power-seller to computer vision: the trade-show moment that changed everything, from 0 seconds';
    assert.equal(await episode.page.getByRole('button', { name: first, exact: true }).count(), 1, `a button named ${first}`);
    await episode.waitForCurrent(762_000);
    await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('German from the page’s lang: texts, durations in words, time left', { timeout: 60_000 }, async () => {
    const episode = await open((html) => html.replace('<html lang="en">', '<html lang="de-DE">'));
    const { page } = episode;
    await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
    assert.equal(await heading(page), 'Kapitel');
    const names = await seekNames(page);
    console.log(`de: ${names[1]}`);
    assert.match(names[1], /^Kapitel 2 abspielen, Hugging Face v1: .*, ab 2\sMinuten,?\s45\sSekunden$/);
    const lengths = await page.evaluate(() => ecAll('.ec-length').map((l) => l.textContent));
    console.log(`de lengths: ${lengths.slice(0, 3).join(' | ')}`);
    assert.match(lengths[0], /^1 Min\.,? 14 Sek\.$/, 'chapter 2 lasts 1:14');
    assert.match(await page.locator('episode-chapters .ec-summary-line').innerText(), /^15 Kapitel · 37 Min\.,? 25 Sek\.$/);
    await page.getByRole('button', { name: /^Kapitel 6 abspielen, Bridging research .*, ab 12\sMinuten,?\s42\sSekunden$/ }).click();
    await episode.waitForCurrent(762_000);
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    const left = await page.evaluate(() => [ec('.ec-left').textContent, ec('.ec-left + .ec-visually-hidden').textContent]);
    console.log(`de time left: ${left.join(' | ')}`);
    assert.match(left[0], /^noch 2 Min\.,? \d+ Sek\.$/);
    assert.match(left[1], /^noch 2 Minuten,? \d+ Sekunden$/);
    assert.equal(await page.getByRole('button', { name: 'Nächstes Kapitel' }).count(), 1);
    await noAxeViolations(page);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('a page’s language arrives with the wasm: German from the first frame, never English first', { timeout: 60_000 }, async () => {
    const episode = await EpisodePage.open(env, {
      rewrite: (html) => html.replace('<html lang="en">', '<html lang="de">'),
      beforeGoto: async (page) => {
        // Every heading the widget paints, frame by frame, from the page's start.
        await page.addInitScript(() => {
          window.headings = [];
          const look = () => {
            const text = document.querySelector('episode-chapters')?.shadowRoot?.querySelector('.ec-heading, .ec-status')?.textContent;
            if (text && window.headings.at(-1) !== text) window.headings.push(text);
            requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        });
        // The German texts come well after the wasm.
        await page.route('**/episode-chapters-messages-de-*.json', async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 1500));
          await route.continue();
        });
      },
    });
    const { page } = episode;
    await page.waitForFunction(() => ecAll('li.ec-chapter').length === 15);
    const headings = await page.evaluate(() => window.headings);
    console.log(`de, painted: ${headings.join(' | ')}`);
    assert.equal(headings.at(-1), 'Kapitel');
    assert.deepEqual(headings.filter((h) => !/Kapitel/.test(h)), [], 'nothing painted in English');
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('a language whose texts cannot be had: the widget works, in English, and says why in the console', { timeout: 60_000 }, async () => {
    for (const [fulfil, why] of [
      [{ status: 404, body: 'gone' }, /the de texts could not be loaded \(HTTP 404\)/],
      [{ contentType: 'application/json', body: '["Kapitel"]' }, /the de texts do not fit this version of the widget/],
    ]) {
      const episode = await EpisodePage.open(env, {
        rewrite: (html) => html.replace('<html lang="en">', '<html lang="de">'),
        beforeGoto: (page) => page.route('**/episode-chapters-messages-de-*.json', (route) => route.fulfill(fulfil)),
      });
      const { page } = episode;
      await episode.ready();
      assert.equal(await heading(page), 'Chapters');
      assert.equal(await page.evaluate(() => ec('.ec-widget').getAttribute('lang')), 'en', 'said to be English, as it is');
      await page.getByRole('button', { name: /^Play chapter 6, Bridging research .*, from 12 minutes,? 42 seconds$/ }).click();
      await episode.waitForCurrent(762_000);
      await page.evaluate(() => document.getElementById('episode-audio').pause());
      assert.ok(episode.consoleWarnings.some((w) => why.test(w)), `a warning like ${why}: ${episode.consoleWarnings.join(' | ')}`);
      assert.deepEqual(episode.consoleErrors.filter((e) => !/Failed to load resource/.test(e)), []);
      await episode.close();
    }
  });

  it('French and Spanish from an ancestor; the element’s own lang wins; a lang change re-renders', { timeout: 60_000 }, async () => {
    const episode = await open((html) => html.replace('<main class="episode">', '<main class="episode" lang="fr-CA">'));
    const { page } = episode;
    assert.equal(await heading(page), 'Chapitres');
    assert.match((await seekNames(page))[5], /^Lire le chapitre 6, .*, à partir de 12\sminutes(,|\set)\s42\ssecondes$/);
    await page.evaluate(() => document.querySelector('episode-chapters').setAttribute('lang', 'es'));
    await episode.waitFor(() => ec('.ec-heading').textContent === 'Capítulos', null, 'Spanish after the lang change');
    assert.match((await seekNames(page))[5], /^Reproducir el capítulo 6, .*, desde 12\sminutos(,|\sy)\s42\ssegundos$/);
    await page.evaluate(() => document.querySelector('episode-chapters').setAttribute('lang', 'pt-BR'));
    await episode.waitFor(() => ec('.ec-heading').textContent === 'Chapters', null, 'English for a language it does not speak');
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('Arabic lays out right to left, the timeline and its arrow keys mirrored', { timeout: 60_000 }, async () => {
    const episode = await open((html) => html.replace('<episode-chapters ', '<episode-chapters lang="ar" timeline '));
    const { page } = episode;
    await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
    assert.equal(await heading(page), 'الفصول');
    assert.equal(await page.evaluate(() => getComputedStyle(ec('.ec-list')).direction), 'rtl');
    assert.equal(await page.evaluate(() => ec('.ec-widget').getAttribute('lang')), 'ar');
    const names = await seekNames(page);
    console.log(`ar: ${names[5]}`);
    assert.match(names[5], /^تشغيل الفصل 6، Bridging research/);
    // The first chapter's row starts at the right edge of the list.
    const sides = await page.evaluate(() => {
      const list = ec('.ec-list').getBoundingClientRect();
      const title = ec('.ec-title').getBoundingClientRect();
      return { right: list.right - title.right, left: title.left - list.left };
    });
    assert.ok(sides.right < sides.left, `titles sit on the right: ${JSON.stringify(sides)}`);
    // The timeline runs from the right: a click near the right end is near the start.
    const slider = page.getByRole('slider', { name: 'الخط الزمني' });
    const box = await slider.boundingBox();
    await page.mouse.click(box.x + box.width * 0.98, box.y + box.height / 2);
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime < 60, null, 'a seek near the start');
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await episode.waitForCurrent(165_000, 'ArrowLeft: the next chapter, right to left');
    await page.keyboard.press('ArrowRight');
    await episode.waitForCurrent(0, 'ArrowRight: back');
    await episode.seek(800);
    await episode.waitForCurrent(762_000);
    await page.mouse.move(0, 0);
    await noAxeViolations(page);
    await episode.screenshot('arabic-rtl.png');
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
