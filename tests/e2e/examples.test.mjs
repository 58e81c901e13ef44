// The example pages (examples/), which use only the embed folder (dist/embed/) the way the
// README says: a plain episode page, two players, the audio added later, the MP3's own
// chapters, a list that works without JavaScript, a page that styles every element, and a
// site with its own dark mode, accent colour and compact sidebar. Screenshots go to
// test-results/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, repo, resultsDir, useBrowser } from './support.mjs';

const env = useBrowser();

const rowsOf = (page, selector) => page.locator(`${selector} li.ec-chapter`);

async function axe(page, selector) {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target}`);
}

const current = (page, selector) =>
  page.locator(`${selector} li.ec-chapter[aria-current="true"]`).evaluateAll((rows) => rows.map((r) => Number(r.dataset.startMs)));

describe('example pages', () => {
  it('a plain episode page: the snippet from the README', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const episode = await EpisodePage.open(env, { path: '/examples/episode.html', colorScheme });
      await episode.ready();
      // The fallback link is still in the element, but no longer shown.
      assert.equal(await episode.page.locator('episode-chapters > a').count(), 1);
      assert.equal(await episode.page.locator('episode-chapters > a').isVisible(), false);
      assert.deepEqual(await axe(episode.page, 'episode-chapters'), []);
      await episode.screenshot(`example-episode-${colorScheme}.png`);
      episode.assertNoConsoleErrors();
      await episode.close();
    }
  });

  it('two players: each widget follows its own audio (by id, and the nearest one before it)', async () => {
    const episode = await EpisodePage.open(env, { path: '/examples/two-players.html' });
    const { page } = episode;
    await rowsOf(page, '#ep5-chapters').nth(14).waitFor();
    await rowsOf(page, '#start-chapters').nth(2).waitFor();
    assert.equal(await page.locator('#ep5-chapters h3').innerText(), 'Chapters');
    await episode.seek(800, 'ep5');
    await episode.waitFor(() => document.getElementById('ep5-chapters').shadowRoot.querySelector('[aria-current="true"]')?.dataset.startMs === '762000', null, 'ep5 at chapter 6');
    assert.deepEqual(await current(page, '#start-chapters'), [0], 'the other widget stays with its own audio');
    await episode.seek(240, 'start-audio');
    await episode.waitFor(() => document.getElementById('start-chapters').shadowRoot.querySelector('[aria-current="true"]')?.dataset.startMs === '239000', null, 'the MP3 widget at chapter 3');
    assert.deepEqual(await current(page, '#ep5-chapters'), [762_000]);
    // A click in one list plays its own audio only.
    await rowsOf(page, '#start-chapters').nth(1).locator('button.ec-seek').click();
    await episode.waitFor(() => !document.getElementById('start-audio').paused, null, 'the MP3 playing');
    assert.equal(await page.evaluate(() => document.getElementById('ep5').paused), true);
    await page.evaluate(() => document.getElementById('start-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('an audio element added after the widget is picked up', async () => {
    const episode = await EpisodePage.open(env, { path: '/examples/late-audio.html?manual' });
    const { page } = episode;
    await rowsOf(page, 'episode-chapters').nth(14).waitFor();
    await page.locator('episode-chapters .ec-note').waitFor();
    assert.match(await page.locator('episode-chapters .ec-note').innerText(), /No audio element with id "late-audio"/);
    await page.evaluate(() => window.addPlayer());
    await page.locator('episode-chapters .ec-note').waitFor({ state: 'detached' });
    await episode.seek(250, 'late-audio');
    await episode.waitForCurrent(239_000, 'the highlight following the late audio');
    await rowsOf(page, 'episode-chapters').nth(5).locator('button.ec-seek').click();
    await episode.waitFor(() => {
      const audio = document.getElementById('late-audio');
      return !audio.paused && audio.currentTime >= 762;
    }, null, 'the late audio playing from chapter 6');
    await page.evaluate(() => document.getElementById('late-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('chapters from the MP3 itself, with one Range request and the readers loaded on demand', async () => {
    const ranges = [];
    const modules = [];
    const episode = await EpisodePage.open(env, {
      path: '/examples/mp3.html',
      beforeGoto: (page) => page.on('request', (r) => {
        if (r.url().endsWith('episode-start.mp3') && r.resourceType() === 'fetch') ranges.push(r.headers().range);
        if (/\/embed\/.*-[0-9a-f]{10}\./.test(r.url())) modules.push(path.basename(r.url()).replace(/-[0-9a-f]{10}\./, '-HASH.'));
      }),
    });
    const rows = rowsOf(episode.page, 'episode-chapters');
    await rows.nth(2).waitFor();
    assert.deepEqual(await episode.page.locator('episode-chapters .ec-title').allInnerTexts(), [
      'From eBay power-seller to computer vision',
      'Hugging Face v1: building a fun “AI Tamagotchi”',
      'The pivot to open source',
    ]);
    assert.match(await rows.nth(2).innerText(), /3:59–5:37/);
    assert.deepEqual(ranges, ['bytes=0-4095']);
    assert.deepEqual(modules.sort(), [
      'episode-chapters-0.1.0-HASH.js', 'episode-chapters-0.1.0-HASH.wasm',
      'episode-chapters-readers-0.1.0-HASH.js', 'episode-chapters-readers-0.1.0-HASH.wasm',
    ]);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('the CLI\'s list works without JavaScript and links to the audio at each chapter', async () => {
    // The list in the page is exactly what the CLI writes.
    const page = await readFile(path.join(repo, 'examples/no-js.html'), 'utf8');
    const cli = execFileSync(path.join(repo, 'target/debug/episode-chapters'), ['convert', 'demo/episode.txt', '--to', 'html', '--media', '/demo/episode.opus'], { cwd: repo, encoding: 'utf8' });
    assert.ok(page.replace(/\n\s+/g, '\n').includes(cli.replace(/\n\s+/g, '\n').trim()), 'examples/no-js.html holds the CLI output');

    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`${env.server.url}/examples/no-js.html`);
    const links = noJs.locator('episode-chapters ol > li > a');
    assert.equal(await links.count(), 15);
    assert.equal(await links.nth(5).getAttribute('href'), '/demo/episode.opus#t=762');
    assert.equal(await links.nth(5).isVisible(), true);
    await noJs.screenshot({ path: path.join(resultsDir, 'example-no-js.png'), fullPage: true });
    await links.nth(5).click();
    await noJs.waitForURL(/\/demo\/episode\.opus#t=762$/);
    await context.close();
    // The browser starts the audio there: the same URL in a player.
    const check = await env.browser.newContext();
    const media = await check.newPage();
    await media.goto(`${env.server.url}/demo/episode.opus#t=762`);
    await media.waitForFunction(() => document.querySelector('video, audio')?.readyState >= 1);
    assert.equal(await media.evaluate(() => Math.round(document.querySelector('video, audio').currentTime)), 762);
    await check.close();
  });

  it('with JavaScript the widget reads the same list, with no request for chapters', async () => {
    const requests = [];
    const episode = await EpisodePage.open(env, {
      path: '/examples/no-js.html',
      beforeGoto: (page) => page.on('request', (r) => requests.push(new URL(r.url()).pathname)),
    });
    await episode.ready();
    assert.match(await episode.row(5).innerText(), /12:42–14:53\s+Bridging research to enterprise/);
    await episode.toggle(5).click();
    assert.equal((await episode.row(5).locator('.ec-points li').allInnerTexts()).length, 5);
    assert.deepEqual(requests.filter((p) => !p.startsWith('/embed/') && !p.startsWith('/demo/') && !p.startsWith('/examples/')), []);
    assert.deepEqual(requests.filter((p) => /\.(json|txt|vtt|xml)$/.test(p)), []);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('the server-rendered list stays, with a note, when the chapters cannot be loaded', async () => {
    const episode = await EpisodePage.open(env, {
      path: '/examples/no-js.html',
      rewrite: (html) => html.replace('<episode-chapters for="episode-audio">', '<episode-chapters for="episode-audio" src="/examples/missing.json">'),
    });
    const { page } = episode;
    await page.locator('episode-chapters .ec-note').waitFor();
    assert.equal(
      await page.locator('episode-chapters .ec-note').innerText(),
      'The interactive chapter list could not be loaded. Could not reach the chapters (HTTP 404). /examples/missing.json could not be loaded: HTTP 404 Not Found',
    );
    assert.equal(await page.locator('episode-chapters > ol > li > a').nth(14).isVisible(), true);
    assert.deepEqual(await axe(page, 'episode-chapters'), []);
    await episode.close();
  });

  it('a page that styles every element changes nothing inside the widget, and the widget nothing outside', async () => {
    const styleOf = (page) => page.evaluate(() => {
      const root = document.querySelector('episode-chapters').shadowRoot;
      const pick = (el, ...props) => Object.fromEntries(props.map((p) => [p, getComputedStyle(el)[p]]));
      return {
        seek: pick(root.querySelector('button.ec-seek'), 'padding', 'fontSize', 'letterSpacing', 'textTransform', 'backgroundColor', 'borderStyle'),
        row: pick(root.querySelector('li.ec-chapter'), 'display', 'margin', 'lineHeight'),
        heading: pick(root.querySelector('h2'), 'fontSize', 'color'),
        toggle: pick(root.querySelector('button.ec-toggle'), 'width', 'height'),
        list: pick(root.querySelector('ol.ec-list'), 'display', 'padding'),
      };
    });
    const plain = await EpisodePage.open(env, { path: '/examples/episode.html' });
    await plain.ready();
    const expected = await styleOf(plain.page);
    await plain.close();

    const hostile = await EpisodePage.open(env, { path: '/examples/hostile.html' });
    await hostile.ready();
    assert.deepEqual(await styleOf(hostile.page), expected);
    // The page's own elements keep the page's styles, even with the widget's class names.
    const outside = await hostile.page.evaluate(() => ({
      button: getComputedStyle(document.getElementById('page-button')).padding,
      item: getComputedStyle(document.getElementById('page-item')).backgroundColor,
      itemDisplay: getComputedStyle(document.getElementById('page-item')).display,
    }));
    assert.deepEqual(outside, { button: '30px', item: 'rgba(0, 0, 0, 0)', itemDisplay: 'none' });
    assert.deepEqual(await axe(hostile.page, 'episode-chapters'), []);
    await hostile.screenshot('example-hostile.png');
    hostile.assertNoConsoleErrors();
    await hostile.close();
  });

  it('follows the site\'s own dark-mode switch and accent colour; theme forces; compact fits a sidebar', async () => {
    const episode = await EpisodePage.open(env, { path: '/examples/color-scheme.html', colorScheme: 'dark' });
    const { page } = episode;
    for (const id of ['main-chapters', 'sidebar-chapters', 'dark-chapters']) await rowsOf(page, `#${id}`).nth(14).waitFor();
    const look = () => page.evaluate(() => Object.fromEntries(['main-chapters', 'sidebar-chapters', 'dark-chapters'].map((id) => {
      const root = document.getElementById(id).shadowRoot;
      return [id, {
        background: getComputedStyle(root.querySelector('.ec-widget')).backgroundColor,
        accent: getComputedStyle(root.querySelector('.ec-active .ec-range') ?? root.querySelector('.ec-range')).color,
      }];
    })));
    // The system is dark, but the site says light (color-scheme: light on :root).
    let colours = await look();
    assert.equal(colours['main-chapters'].background, 'rgb(255, 255, 255)');
    assert.equal(colours['main-chapters'].accent, 'rgb(180, 35, 90)', "the site's --ec-accent");
    assert.equal(colours['dark-chapters'].background, 'rgb(27, 27, 31)', 'theme="dark"');
    await episode.screenshot('example-color-scheme-light.png');
    await page.getByRole('button', { name: 'Dark mode' }).click();
    colours = await look();
    assert.equal(colours['main-chapters'].background, 'rgb(27, 27, 31)');
    assert.equal(colours['sidebar-chapters'].background, 'rgb(27, 27, 31)');
    assert.equal(colours['main-chapters'].accent, 'rgb(255, 143, 184)', "the dark half of the site's light-dark() accent");
    await episode.screenshot('example-color-scheme-dark.png');
    // Compact: no lengths, and the rows fit the 18rem sidebar.
    const sidebar = page.locator('#sidebar-chapters');
    assert.equal(await sidebar.locator('.ec-length').first().isVisible(), false);
    const width = await sidebar.evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width <= 18 * 16 + 1, `sidebar widget ${width}px`);
    const overflow = await sidebar.evaluate((el) => el.shadowRoot.querySelector('.ec-list').scrollWidth - el.shadowRoot.querySelector('.ec-list').clientWidth);
    assert.equal(overflow, 0, 'no horizontal scrolling');
    // expanded="none": the playing chapter stays closed; follow="off" is set.
    assert.equal(await sidebar.locator('button[aria-expanded="true"]').count(), 0);
    assert.equal(await page.locator('#main-chapters button[aria-expanded="true"]').count(), 1);
    await sidebar.screenshot({ path: path.join(resultsDir, 'example-compact.png') });
    assert.deepEqual(await axe(page, '#sidebar-chapters'), []);
    assert.deepEqual(await axe(page, '#main-chapters'), []);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('runs under a strict Content-Security-Policy with Trusted Types, without a violation', async () => {
    for (const pagePath of ['/csp/', '/csp/examples/episode.html', '/csp/examples/no-js.html', '/csp/examples/mp3.html']) {
      const episode = await EpisodePage.open(env, {
        path: pagePath,
        beforeGoto: (page) => page.addInitScript(() => {
          window.violations = [];
          document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        }),
      });
      const { page } = episode;
      await page.locator('episode-chapters li.ec-chapter').nth(2).waitFor();
      if (pagePath.endsWith('mp3.html')) {
        // A picture embedded in an MP3 is shown from a blob: URL (img-src blob:).
        await page.evaluate(() => (document.getElementById('mp3-audio').src = '/test-fixtures/id3/mutagen-v24.mp3'));
        await page.waitForFunction(() => ec('img.ec-image')?.complete && ec('img.ec-image').naturalWidth === 2);
      }
      assert.deepEqual(await page.evaluate(() => window.violations), [], pagePath);
      episode.assertNoConsoleErrors();
      await episode.close();
    }
  });

  it('find-in-page finds chapter text inside the widget', async () => {
    const episode = await EpisodePage.open(env, { path: '/examples/episode.html' });
    await episode.ready();
    // The page itself has only the fallback link: the title is in the widget's shadow root.
    assert.equal(await episode.page.evaluate(() => document.body.innerText.includes('Bridging research')), false);
    assert.equal(await episode.page.evaluate(() => window.find('Bridging research to enterprise')), true);
    await episode.close();
  });
});
