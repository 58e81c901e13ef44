// Broken media and broken chapter sources: each scenario is a page a listener could meet. The
// widget keeps working or says plainly, in the listener's language, why it cannot; the page
// never breaks; nothing writes a non-finite value to currentTime.
//
// The audio and chapter files are the demo's, served by tests/e2e/server.mjs as a broken or
// unusual server would (prefixes /no-range/, /live/, /hang/, /hang-once/, /redirect/,
// /status/NNN/, /as-html/, /range-shift/, /range-short/, /range-416/, /cut/N/).
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEEP_QUERIES, INSTRUMENT, repo, useBrowser } from './support.mjs';
import { serve } from './server.mjs';

const env = useBrowser();

/** Records every write of a non-finite number to a media element's currentTime. */
function GUARD_CURRENT_TIME() {
  const descriptor = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'currentTime');
  window.nonFiniteWrites = [];
  Object.defineProperty(HTMLMediaElement.prototype, 'currentTime', {
    ...descriptor,
    set(value) {
      if (!Number.isFinite(value)) window.nonFiniteWrites.push(String(value));
      return descriptor.set.call(this, value);
    },
  });
}

let pages = 0;

/**
 * Opens `body` as a page under /examples/ (so `episode.json` is the example's chapters), with
 * the embed loaded as any page loads it. Returns { page, errors, close }: `errors` collects
 * page errors and console errors except the browser's own lines about failed requests, and
 * `chaptererror` details go to window.chapterErrors.
 */
async function open(body, { lang = 'en' } = {}) {
  const context = await env.browser.newContext();
  await context.addInitScript(DEEP_QUERIES);
  await context.addInitScript(INSTRUMENT);
  await context.addInitScript(GUARD_CURRENT_TIME);
  await context.addInitScript(ERRORS);
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  const browserLines = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    // The browser's own lines about failed requests are expected here: the servers fail on purpose.
    const browsers = /^(Failed to load resource|Access to fetch at .* has been blocked by CORS policy)/;
    if (message.type() === 'error' && !browsers.test(message.text())) errors.push(message.text());
    if (message.type() === 'error' && browsers.test(message.text())) browserLines.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  const url = `${env.server.url}/examples/broken-${++pages}.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <title>Broken media ${pages}</title>
  <link rel="stylesheet" href="/embed/episode-chapters.css">
  <script type="module" src="/embed/episode-chapters.js"></script>
</head>
<body>
  <main>
${body}
    <button id="page-button" onclick="this.dataset.clicked = Number(this.dataset.clicked ?? 0) + 1">The page's own button</button>
  </main>
</body>
</html>`,
    }),
  );
  await page.goto(url);
  const close = async () => {
    // Every scenario: the page still works, and nothing wrote NaN or Infinity to currentTime.
    await page.click('#page-button');
    assert.equal(await page.evaluate(() => document.getElementById('page-button').dataset.clicked), '1', "the page's own button still works");
    assert.deepEqual(await page.evaluate(() => window.nonFiniteWrites), [], 'non-finite writes to currentTime');
    assert.deepEqual(errors, [], 'page and console errors');
    await context.close();
  };
  return { page, errors, warnings, browserLines, close };
}

/** Waits for `fn` in the page (polled every frame). */
async function until(page, fn, arg, what, timeout = 20_000) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 'raf' });
  } catch (error) {
    throw new Error(`timed out waiting for ${what}: ${error.message.split('\n')[0]}`);
  }
}

/** The rows' starts (ms) of the widget `selector`, and the highlighted one's. */
async function rows(page, selector = 'episode-chapters') {
  return page.evaluate((selector) => {
    const host = document.querySelector(selector);
    const items = [...host.shadowRoot.querySelectorAll('li.ec-chapter')];
    return {
      starts: items.map((r) => Number(r.dataset.startMs)),
      current: items.filter((r) => r.getAttribute('aria-current') === 'true').map((r) => Number(r.dataset.startMs)),
      text: host.shadowRoot.textContent,
    };
  }, selector);
}

/** The text of the widget's notes, errors and statuses. */
async function notes(page, selector = 'episode-chapters') {
  return page.evaluate(
    (selector) => [...document.querySelector(selector).shadowRoot.querySelectorAll('.ec-note, .ec-error, [role="status"], [role="alert"]')]
      .map((n) => n.textContent.trim())
      .filter(Boolean),
    selector,
  );
}

/** Collects the widget's chaptererror events. */
function ERRORS() {
  window.chapterErrors = [];
  document.addEventListener('chaptererror', (event) => window.chapterErrors.push(event.detail));
}

const AUDIO = (src, extra = '') => `    <audio id="audio" controls preload="metadata" src="${src}"${extra}></audio>`;

describe('broken media', () => {
  it('the audio src replaced mid-play: the list follows the new file', { timeout: 60_000 }, async () => {
    const { page, close } = await open(`${AUDIO('/demo/episode.opus')}\n    <episode-chapters for="audio" src="episode.json"></episode-chapters>`);
    await until(page, () => ecAll('li.ec-chapter').length === 15, null, '15 rows');
    await page.evaluate(async () => {
      const audio = document.getElementById('audio');
      audio.currentTime = 800;
      await audio.play();
    });
    await until(page, () => ec('[aria-current="true"]')?.dataset.startMs === '762000', null, 'chapter 6 playing');
    // The page swaps the file while it plays: a 5:37 MP3 in place of the 37:25 episode.
    await page.evaluate(async () => {
      const audio = document.getElementById('audio');
      audio.src = '/examples/media/episode-start.mp3';
      await new Promise((r) => audio.addEventListener('loadedmetadata', r, { once: true }));
      audio.currentTime = 200;
      await audio.play();
    });
    await until(page, () => document.getElementById('audio').currentTime > 200.5, null, 'the new file playing past 200 s');
    const after = await rows(page);
    // Fitted to the new length: chapters from 5:37 on are not listed, and 200 s is in chapter 2.
    assert.deepEqual(after.starts, [0, 165_000, 239_000]);
    assert.deepEqual(after.current, [165_000]);
    await page.evaluate(() => document.getElementById('audio').pause());
    await close();
  });

  it('duration unknown (NaN) until the metadata loads, then known: no NaN shown, the last row ends at 37:25', { timeout: 60_000 }, async () => {
    const { page, close } = await open(`${AUDIO('/demo/episode.opus').replace('preload="metadata"', 'preload="none"')}\n    <episode-chapters for="audio" src="episode.json"></episode-chapters>`);
    await until(page, () => ecAll('li.ec-chapter').length === 15, null, '15 rows');
    assert.ok(Number.isNaN(await page.evaluate(() => document.getElementById('audio').duration)), 'duration NaN before metadata');
    const before = await rows(page);
    assert.doesNotMatch(before.text, /NaN|Infinity|undefined/);
    await page.evaluate(() => document.getElementById('audio').load());
    await page.evaluate(() => { document.getElementById('audio').preload = 'metadata'; });
    await until(page, () => document.getElementById('audio').duration > 0, null, 'metadata');
    const last = await page.evaluate(() => ecAll('li.ec-chapter').at(-1).querySelector('.ec-range, .ec-time')?.textContent ?? ecAll('li.ec-chapter').at(-1).textContent);
    assert.match(last, /37:25/);
    assert.doesNotMatch((await rows(page)).text, /NaN|Infinity|undefined/);
    await close();
  });

  it('a live stream (duration Infinity): every chapter listed, the highlight follows, no Infinity shown', { timeout: 60_000 }, async () => {
    const { page, close } = await open(`${AUDIO('/live/demo/episode.opus')}\n    <episode-chapters for="audio" src="episode.json"></episode-chapters>`);
    await until(page, () => ecAll('li.ec-chapter').length === 15, null, '15 rows');
    await page.evaluate(() => document.getElementById('audio').play());
    await until(page, () => document.getElementById('audio').currentTime > 0.5, null, 'the stream playing');
    assert.equal(await page.evaluate(() => document.getElementById('audio').duration), Infinity);
    const live = await rows(page);
    assert.equal(live.starts.length, 15, 'not cut to an unknown length');
    assert.deepEqual(live.current, [0]);
    assert.doesNotMatch(live.text, /NaN|Infinity|undefined/);
    await page.evaluate(() => document.getElementById('audio').pause());
    await close();
  });

  it('a server without Range: the MP3 chapters are read from the start of the file, and a jump says it cannot be made instead of snapping to 0', { timeout: 60_000 }, async () => {
    const { page, close } = await open(`${AUDIO('/no-range/examples/media/episode-start.mp3')}\n    <episode-chapters for="audio" src="media"></episode-chapters>`);
    await until(page, () => ecAll('li.ec-chapter').length >= 3, null, 'rows from the MP3 read without Range');
    await page.evaluate(async () => {
      const audio = document.getElementById('audio');
      await audio.play();
    });
    await until(page, () => document.getElementById('audio').currentTime > 1, null, 'playing from the start');
    assert.deepEqual(await page.evaluate(() => {
      const s = document.getElementById('audio').seekable;
      return [...Array(s.length).keys()].map((i) => [s.start(i), s.end(i)]);
    }), [[0, 0]], 'this server leaves nothing seekable');
    await page.evaluate(() => ecAll('li.ec-chapter button.ec-seek')[2].click());
    await until(page, () => ecAll('[role="status"]').some((n) => /cannot jump to a chapter/.test(n.textContent)), null, 'the note');
    const time = await page.evaluate(() => document.getElementById('audio').currentTime);
    assert.ok(time > 1 && time < 30, `still playing from where it was (${time} s), not sought to chapter 3 nor snapped to 0`);
    await page.evaluate(() => document.getElementById('audio').pause());
    await close();
  });

  it('an audio network error: the chapters stay listed, a note says the audio could not be loaded, clicks do nothing harmful', { timeout: 60_000 }, async () => {
    const { page, close } = await open(`${AUDIO('/status/404/demo/episode.opus')}\n    <episode-chapters for="audio" src="episode.json"></episode-chapters>`);
    await until(page, () => ecAll('li.ec-chapter').length === 15, null, '15 rows');
    await until(page, () => ecAll('.ec-note').some((n) => /audio could not be loaded/.test(n.textContent)), null, 'the note');
    assert.ok(await page.evaluate(() => document.getElementById('audio').error?.code >= 1));
    await page.evaluate(() => ecAll('li.ec-chapter button.ec-seek')[5].click());
    assert.equal((await rows(page)).starts.length, 15);
    await close();
  });

  it('the audio element removed and another added: the widget lets go of the first and follows the second', { timeout: 60_000 }, async () => {
    const { page, close } = await open(`    <div id="player">${AUDIO('/demo/episode.opus')}</div>\n    <episode-chapters src="episode.json"></episode-chapters>`);
    await until(page, () => ecAll('li.ec-chapter').length === 15, null, '15 rows');
    await until(page, () => window.held(document.getElementById('audio')).listeners >= 10, null, 'listeners on the first audio');
    const first = await page.evaluateHandle(() => document.getElementById('audio'));
    await page.evaluate(() => document.getElementById('audio').remove());
    await until(page, (a) => window.held(a).listeners === 0, first, 'no listener left on the removed audio');
    await page.evaluate(() => {
      const audio = document.createElement('audio');
      audio.id = 'second';
      audio.preload = 'metadata';
      audio.src = '/demo/episode.opus';
      document.getElementById('player').append(audio);
    });
    await until(page, () => window.held(document.getElementById('second')).listeners >= 10, null, 'listeners on the second audio');
    await page.evaluate(async () => {
      const audio = document.getElementById('second');
      await new Promise((r) => (audio.readyState >= 1 ? r() : audio.addEventListener('loadedmetadata', r, { once: true })));
      audio.currentTime = 800;
    });
    await until(page, () => ec('[aria-current="true"]')?.dataset.startMs === '762000', null, 'chapter 6 highlighted for the second audio');
    await close();
  });

  for (const rate of [0.5, 2]) {
    it(`playbackRate ${rate}: the highlight still moves within one frame of the boundary`, { timeout: 60_000 }, async () => {
      const { page, close } = await open(`${AUDIO('/demo/episode.opus')}\n    <episode-chapters for="audio" src="episode.json"></episode-chapters>`);
      await until(page, () => ecAll('li.ec-chapter').length === 15, null, '15 rows');
      await page.evaluate(async (rate) => {
        const audio = document.getElementById('audio');
        audio.playbackRate = rate;
        await new Promise((r) => (audio.readyState >= 1 ? r() : audio.addEventListener('loadedmetadata', r, { once: true })));
        const seeked = new Promise((r) => audio.addEventListener('seeked', r, { once: true }));
        audio.currentTime = 165 - 1.2 * rate;
        await seeked;
        window.samples = [];
        const sample = () => {
          const row = ec('[aria-current="true"]');
          window.samples.push({ t: audio.currentTime, paused: audio.paused, active: row ? Number(row.dataset.startMs) : null });
          window.sampling = requestAnimationFrame(sample);
        };
        sample();
        await audio.play();
      }, rate);
      await until(page, (rate) => document.getElementById('audio').currentTime > 165 + 1.2 * rate, rate, 'playback past the boundary');
      const samples = await page.evaluate(() => {
        cancelAnimationFrame(window.sampling);
        document.getElementById('audio').pause();
        return window.samples.filter((s) => !s.paused);
      });
      assert.equal(await page.evaluate(() => document.getElementById('audio').playbackRate), rate);
      assert.ok(samples.length > 20, `frames sampled: ${samples.length}`);
      const crossed = samples.findIndex((s) => s.t >= 165);
      const moved = samples.findIndex((s) => s.active === 165_000);
      assert.ok(crossed > 0 && moved >= crossed, `moved at frame ${moved}, crossing at ${crossed}`);
      assert.ok(moved - crossed <= 1, `highlight lagged ${moved - crossed} frames`);
      await close();
    });
  }
});

describe('broken chapter sources', () => {
  let other;
  before(async () => {
    // Another origin that sends no CORS headers.
    other = await serve({ '/examples/': path.join(repo, 'examples') });
  });
  after(() => other?.close());

  const widget = (src) => `${AUDIO('/demo/episode.opus')}\n    <episode-chapters for="audio" src="${src}"></episode-chapters>`;

  /** Opens a page whose widget reads `src`, and waits for its error. */
  async function failing(src, options) {
    const opened = await open(widget(src), options);
    await until(opened.page, () => ecAll('[role="alert"]').length === 1, null, `the error for ${src}`, 40_000);
    const [title, message] = await opened.page.evaluate(() => [ec('.ec-error-title').textContent, ec('.ec-error-message').textContent]);
    return { ...opened, title, message };
  }

  it('HTTP 500, in German: the kind in the listener\'s language, the status and URL for the podcaster', { timeout: 60_000 }, async () => {
    const { page, title, message, close } = await failing('/status/500/examples/episode.json', { lang: 'de' });
    assert.equal(title, 'Die Kapitel konnten nicht angezeigt werden. Die Kapitel konnten nicht abgerufen werden (HTTP 500).');
    assert.equal(message, '/status/500/examples/episode.json could not be loaded: HTTP 500 Internal Server Error');
    assert.equal(await page.evaluate(() => ec('.ec-error-message').lang), 'en');
    await close();
  });

  it('404: "could not reach the chapters (HTTP 404)", and chaptererror says http 404', { timeout: 60_000 }, async () => {
    const { page, title, close } = await failing('missing.json');
    assert.equal(title, 'The chapters could not be shown. Could not reach the chapters (HTTP 404).');
    const [detail] = await page.evaluate(() => window.chapterErrors);
    assert.deepEqual({ kind: detail?.kind, status: detail?.status }, { kind: 'http', status: 404 });
    await close();
  });

  it('a web page where the chapters should be (wrong type): "this file is not a chapter format"', { timeout: 60_000 }, async () => {
    const { page, title, message, close } = await failing('/as-html/examples/episode.json');
    assert.equal(title, 'The chapters could not be shown. This file is not a chapter format.');
    assert.match(message, /^\/as-html\/examples\/episode\.json: /);
    const [detail] = await page.evaluate(() => window.chapterErrors);
    assert.equal(detail?.kind, 'not-chapters');
    await close();
  });

  it('a bad timestamp: the position in the listener\'s language and in the diagnostic', { timeout: 60_000 }, async () => {
    const { title, message, close } = await failing('/fixtures/bad-timestamp.txt', { lang: 'fr' });
    assert.equal(title, 'Les chapitres n’ont pas pu être affichés. Le fichier de chapitres contient une erreur à la ligne 2, colonne 3.');
    assert.equal(message, '/fixtures/bad-timestamp.txt: line 2, column 3: invalid timestamp "0:0O"');
    await close();
  });

  it('blocked by CORS (another origin without Access-Control-Allow-Origin): "could not reach the chapters"', { timeout: 60_000 }, async () => {
    const { page, title, browserLines, close } = await failing(`${other.url}/examples/episode.json`);
    assert.equal(title, 'The chapters could not be shown. Could not reach the chapters.');
    const [detail] = await page.evaluate(() => window.chapterErrors);
    assert.equal(detail?.kind, 'network');
    assert.ok(browserLines.some((line) => /blocked by CORS policy/.test(line)), `the browser says CORS blocked it: ${browserLines.join('\n')}`);
    await close();
  });

  it('redirected (302): the chapters from where it points', { timeout: 60_000 }, async () => {
    const { page, close } = await open(widget('/redirect/examples/episode.json'));
    await until(page, () => ecAll('li.ec-chapter').length === 15, null, '15 rows after the redirect');
    await close();
  });

  it('slow once (no answer within 8 s): asked once more, and the chapters arrive', { timeout: 60_000 }, async () => {
    const before = env.server.requests.length;
    const { page, warnings, close } = await open(widget('/hang-once/examples/episode.json?once'));
    await until(page, () => ecAll('li.ec-chapter').length === 15, null, '15 rows after the retry', 30_000);
    const asked = env.server.requests.slice(before).filter((r) => r.path === '/hang-once/examples/episode.json');
    assert.equal(asked.length, 2, 'one request and one retry');
    assert.ok(warnings.some((w) => /took longer than 8 s; asking once more/.test(w)), warnings.join('\n'));
    await close();
  });

  it('never answering: after two waits of 8 s, "the chapters took too long to arrive"', { timeout: 60_000 }, async () => {
    const before = env.server.requests.length;
    const { page, title, close } = await failing('/hang/examples/episode.json');
    assert.equal(title, 'The chapters could not be shown. The chapters took too long to arrive.');
    const [detail] = await page.evaluate(() => window.chapterErrors);
    assert.equal(detail?.kind, 'timeout');
    assert.equal(env.server.requests.slice(before).filter((r) => r.path === '/hang/examples/episode.json').length, 2);
    await close();
  });

  it('two widgets, one with broken data: the other lists its chapters and follows playback', { timeout: 60_000 }, async () => {
    const { page, close } = await open(`${AUDIO('/demo/episode.opus')}
    <episode-chapters id="good" for="audio" src="episode.json"></episode-chapters>
    <episode-chapters id="bad" for="audio" src="/fixtures/bad-timestamp.txt"></episode-chapters>`);
    await until(page, () => document.querySelector('#bad')?.shadowRoot?.querySelector('[role="alert"]'), null, 'the broken widget\'s error');
    await until(page, () => document.querySelector('#good')?.shadowRoot?.querySelectorAll('li.ec-chapter').length === 15, null, 'the good widget\'s rows');
    await page.evaluate(() => { document.getElementById('audio').currentTime = 800; });
    await until(page, () => document.querySelector('#good').shadowRoot.querySelector('[aria-current="true"]')?.dataset.startMs === '762000', null, 'the good widget follows');
    await close();
  });
});

describe('media chapters read by ranges from unusual servers', () => {
  const mp3 = (prefix) => `${AUDIO('/examples/media/episode-start.mp3')}\n    <episode-chapters for="audio" src="media"></episode-chapters>`.replace('src="/examples', `src="${prefix}/examples`);

  it('a 206 that starts elsewhere than asked is refused, not spliced in at the wrong offset', { timeout: 60_000 }, async () => {
    const { page, close } = await open(mp3('/range-shift'));
    await until(page, () => ecAll('[role="alert"]').length === 1, null, 'the error');
    const message = await page.evaluate(() => ec('.ec-error-message').textContent);
    assert.match(message, /bytes 0- were asked for, and the server sent bytes from 1/);
    // One error, the right one: the widget did not look for its audio too late and say first
    // that there is none.
    assert.deepEqual(await page.evaluate(() => window.chapterErrors.map((e) => e.kind)), ['media']);
    assert.match(await page.evaluate(() => window.chapterErrors[0].message), /server sent bytes from 1/);
    await close();
  });

  it('a 206 with fewer bytes than asked: the rest is asked for, and the chapters are read', { timeout: 60_000 }, async () => {
    const before = env.server.requests.length;
    const { page, close } = await open(mp3('/range-short'));
    await until(page, () => ecAll('li.ec-chapter').length >= 3, null, 'rows');
    const ranges = env.server.requests.slice(before).filter((r) => r.path.endsWith('.mp3') && r.range).length;
    assert.ok(ranges >= 2, `range requests: ${ranges}`);
    await close();
  });

  it('416 for every range: a clear message', { timeout: 60_000 }, async () => {
    const { page, close } = await open(mp3('/range-416'));
    await until(page, () => ecAll('[role="alert"]').length === 1, null, 'the error');
    assert.doesNotMatch(await page.evaluate(() => ec('.ec-error').textContent), /undefined|NaN/);
    await close();
  });

  it('a server without Range and chapters past the first 4 MiB: "cannot be read by ranges"', { timeout: 60_000 }, async () => {
    // An MP4 whose 5 MiB of audio come before its moov box: the chapters are at the end.
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypM4A \0\0\0\0M4A isom')]);
    const mdatSize = 5 * 1024 * 1024;
    const mdat = Buffer.alloc(mdatSize);
    mdat.writeUInt32BE(mdatSize, 0);
    mdat.write('mdat', 4);
    const moov = Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.from('moov')]);
    const file = Buffer.concat([ftyp, mdat, moov]);
    const { page, close } = await open(`${AUDIO('/big/late-moov.m4a')}\n    <episode-chapters for="audio" src="media"></episode-chapters>`);
    let served = 0;
    await page.route('**/big/late-moov.m4a', async (route) => {
      served += 1;
      // As a server without Range support answers: 200 and the whole file.
      await route.fulfill({ status: 200, contentType: 'audio/mp4', body: file });
    });
    await page.evaluate(() => document.querySelector('episode-chapters').setAttribute('src', 'media'));
    await until(page, () => ecAll('[role="alert"]').length === 1, null, 'the error');
    const title = await page.evaluate(() => ec('.ec-error-title').textContent);
    assert.equal(title, 'The chapters could not be shown. The audio cannot be read by ranges: its server does not answer HTTP Range requests.');
    const kinds = await page.evaluate(() => window.chapterErrors.map((d) => d.kind));
    assert.ok(kinds.includes('ranges'), kinds.join());
    assert.ok(served >= 1);
    await close();
  });

  it('a media file that answers 404: "could not reach the chapters (HTTP 404)", and chaptererror says http 404', { timeout: 60_000 }, async () => {
    const { page, close } = await open(mp3('/status/404'));
    await until(page, () => ecAll('[role="alert"]').length === 1, null, 'the error');
    assert.equal(await page.evaluate(() => ec('.ec-error-title').textContent), 'The chapters could not be shown. Could not reach the chapters (HTTP 404).');
    assert.match(await page.evaluate(() => ec('.ec-error-message').textContent), /episode-start\.mp3 could not be loaded: HTTP 404/);
    assert.deepEqual(await page.evaluate(() => window.chapterErrors.map(({ kind, status }) => ({ kind, status }))), [{ kind: 'http', status: 404 }]);
    await close();
  });

  it('an M4A cut short (its moov box runs past the end): the byte of the problem in the message and in chaptererror', { timeout: 60_000 }, async () => {
    // tests/fixtures/mp4/ffmpeg-faststart.m4a as if only its first 1,000 bytes had been uploaded.
    const { page, close } = await open(`${AUDIO('/cut/1000/test-fixtures/mp4/ffmpeg-faststart.m4a')}\n    <episode-chapters for="audio" src="media"></episode-chapters>`);
    await until(page, () => ecAll('[role="alert"]').length === 1, null, 'the error');
    assert.equal(await page.evaluate(() => ec('.ec-error-title').textContent), 'The chapters could not be shown. The chapters in the audio file could not be read.');
    assert.match(await page.evaluate(() => ec('.ec-error-message').textContent), /ffmpeg-faststart\.m4a: byte 28: truncated box "moov": 1418 bytes needed, 972 available/);
    assert.deepEqual(await page.evaluate(() => window.chapterErrors.map(({ kind, position }) => ({ kind, position }))), [{ kind: 'media', position: { byte: 28 } }]);
    await close();
  });

  it('a redirected media file: read where it points', { timeout: 60_000 }, async () => {
    const { page, close } = await open(mp3('/redirect'));
    await until(page, () => ecAll('li.ec-chapter').length >= 3, null, 'rows');
    await close();
  });
});

describe('a trap in the wasm', () => {
  it('every widget falls back to its server markup or a link, with a message, and chaptererror says so', { timeout: 60_000 }, async () => {
    const { page, errors, close } = await open(`${AUDIO('/demo/episode.opus')}
    <episode-chapters id="with-markup" for="audio" src="episode.json">
      <ol><li><a href="/demo/episode.opus#t=0">0:00 From eBay power-seller to AI founder</a></li></ol>
    </episode-chapters>
    <episode-chapters id="without" for="audio" src="episode.json"></episode-chapters>`);
    for (const id of ['with-markup', 'without']) {
      await until(page, (id) => document.getElementById(id)?.shadowRoot?.querySelectorAll('li.ec-chapter').length === 15, id, `${id}: 15 rows`);
    }
    // A real trap of the widget's instance: its allocator asked for an impossible layout
    // aborts, as a panic does under panic = "abort". From a timer, like an event handler.
    await page.evaluate(async () => {
      const glue = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /episode-chapters-\d[^/]*\.js$/.test(n));
      const wasm = await (await import(glue)).default();
      setTimeout(() => wasm.__wbindgen_malloc(8, 3));
    });
    await until(page, () => window.chapterErrors.filter((d) => d.kind === 'crash').length === 2, null, 'two chaptererror events of kind crash');
    const shown = await page.evaluate(() => ['with-markup', 'without'].map((id) => {
      const root = document.getElementById(id).shadowRoot;
      return {
        note: root.querySelector('[role="status"]')?.textContent,
        rows: root.querySelectorAll('li.ec-chapter').length,
        slot: root.querySelector('slot') !== null,
        link: root.querySelector('a')?.href ?? null,
      };
    }));
    assert.deepEqual(shown, [
      { note: 'The interactive chapter list stopped working.', rows: 0, slot: true, link: null },
      { note: 'The interactive chapter list stopped working.', rows: 0, slot: false, link: new URL('/examples/episode.json', page.url()).href },
    ]);
    const markup = await page.locator('#with-markup ol li').boundingBox();
    assert.ok(markup && markup.height > 0, 'the server-rendered list is visible');
    // A widget added later falls back at once, without calling the wasm.
    await page.evaluate(() => {
      const late = document.createElement('episode-chapters');
      late.id = 'late';
      late.setAttribute('src', 'episode.json');
      document.querySelector('main').append(late);
    });
    await until(page, () => document.getElementById('late').shadowRoot?.querySelector('[role="status"]')?.textContent === 'The interactive chapter list stopped working.', null, 'the late widget\'s fallback');
    // The trap itself and the widget's one console line about it are expected here.
    assert.ok(errors.some((e) => /RuntimeError: unreachable/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /episode-chapters: the widget stopped/.test(e)), errors.join('\n'));
    errors.splice(0, errors.length, ...errors.filter((e) => !/RuntimeError: unreachable|episode-chapters: the widget stopped/.test(e)));
    await close();
  });
});
