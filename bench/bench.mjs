// One benchmark, the peers in the same run: our widget (dist/embed/) beside Podlove Web Player 5,
// Vidstack 1.15 and Shikwasa 2.2 (installed from the npm registry into bench/peers/), a plain
// HTML list and a 40-line plain script, all on the same page shape, with the demo's 15 chapters
// and the demo's audio, in headless Chromium. Then our widget alone with 15, 1,000, 10,000 and
// 100,000 chapters. Prints Markdown tables. Run with `bash scripts/bench.sh` (it builds first).
//
// Environment: BENCH_DIST (the built site, default dist/; BENCH_SOURCE names its source),
// BENCH_LOADS (cold loads per page, default 7), BENCH_CROSSINGS (boundaries crossed while playing,
// default 21), BENCH_SIZES (default 15,1000,10000,100000), BENCH_ONLY (ids of PLAYERS / EXTRA and
// `scale`), BENCH_JSON (also write the run to this file), BENCH_MERGE (a.json,b.json: print the
// ranges over runs kept with BENCH_JSON, measure nothing), BENCH_PAGES (write the pages, measure
// nothing), CHROMIUM (default /usr/bin/chromium).
//
// Every other host is unreachable from the browser (--host-resolver-rules), so a player that
// reaches for a CDN fails loudly; Vidstack's two CDN imports go to the npm copies by an import map.
import { mkdtemp, readFile, readdir, writeFile, rm, copyFile, stat } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const dist = path.resolve(process.env.BENCH_DIST ?? path.join(repo, 'dist'));
const peers = path.join(here, 'peers', 'node_modules');
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const CROSSINGS = Number(process.env.BENCH_CROSSINGS ?? 21);
const SIZES = (process.env.BENCH_SIZES ?? '15,1000,10000,100000').split(',').map(Number);
const AUDIO_SECONDS = 2245; // demo/episode.opus: 37:25
const log = (...args) => console.error('[bench]', ...args);

// ---------------------------------------------------------------------------------------------
// Numbers and formatting

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const quantile = (xs, q) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN;
};
const median = (xs) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x, digits = 0) => (Number.isFinite(x) ? `${x.toFixed(digits)} ms` : '–');
const ratio = (ours, theirs) => (Number.isFinite(ours) && Number.isFinite(theirs) && theirs > 0 ? ` (${(ours / theirs).toFixed(2)}×)` : '');
const clock = (s) => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s - h * 3600 - m * 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${sec.toFixed(3).padStart(6, '0')}`;
};
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// ---------------------------------------------------------------------------------------------
// The pages, written into a temporary folder served at /bench/

const TITLE = 'No Priors Ep. 5 · With Hugging Face’s Clem Delangue';

function page(title, head, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/examples/examples.css">
${head}
</head>
<body>
  <main>
    <h1>${TITLE}</h1>
${body}
  </main>
</body>
</html>
`;
}

const OUR_HEAD = `  <link rel="stylesheet" href="/embed/episode-chapters.css">
  <script type="module" src="/embed/episode-chapters.js"></script>`;
const AUDIO = `    <audio id="episode-audio" controls preload="metadata" src="/demo/episode.opus"></audio>`;

// The 40-line plain script: fetches Podcasting 2.0 JSON, builds the list, follows playback every
// animation frame while playing (and on media events otherwise), seeks on click.
const PLAIN_SCRIPT = `const audio = document.getElementById('episode-audio');
const list = document.getElementById('chapters');
const src = new URLSearchParams(location.search).get('src') ?? '/bench/episode.json';
const pad = (n) => String(n).padStart(2, '0');
const clock = (s) => { s = Math.floor(s); const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
  return (h ? h + ':' + pad(m) : m) + ':' + pad(s % 60); };
let rows = [], starts = [], current = -1, frame = 0;
function find(t) {
  let lo = 0, hi = starts.length - 1, found = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (starts[mid] <= t) { found = mid; lo = mid + 1; } else hi = mid - 1; }
  return found;
}
function update() {
  const index = find(audio.currentTime);
  if (index === current) return;
  if (current >= 0) rows[current].removeAttribute('aria-current');
  if (index >= 0) rows[index].setAttribute('aria-current', 'true');
  current = index;
}
function tick() { update(); frame = audio.paused ? 0 : requestAnimationFrame(tick); }
for (const type of ['play', 'seeked', 'timeupdate', 'loadedmetadata']) {
  audio.addEventListener(type, () => { update(); if (!frame && !audio.paused) frame = requestAnimationFrame(tick); });
}
const { chapters } = await (await fetch(src)).json();
const fragment = document.createDocumentFragment();
chapters.forEach((chapter, i) => {
  const end = chapter.endTime ?? chapters[i + 1]?.startTime;
  const li = document.createElement('li');
  li.dataset.startMs = Math.round(chapter.startTime * 1000);
  const button = document.createElement('button');
  button.textContent = clock(chapter.startTime) + (end ? '–' + clock(end) : '') + ' ' + chapter.title;
  button.addEventListener('click', () => { audio.currentTime = chapter.startTime; audio.play(); });
  li.append(button);
  fragment.append(li);
  starts.push(chapter.startTime);
  rows.push(li);
});
list.append(fragment);
update();
`;

async function writePages(dir) {
  const episode = JSON.parse(await readFile(path.join(repo, 'examples', 'episode.json'), 'utf8'));
  const chapters = episode.chapters;
  const noJs = await readFile(path.join(repo, 'examples', 'no-js.html'), 'utf8');
  const markup = noJs.slice(noJs.indexOf('<ol class="ec-chapters"'), noJs.indexOf('</ol>', noJs.lastIndexOf('</ul></li>')) + 5);
  const audioSize = (await stat(path.join(repo, 'demo', 'episode.opus'))).size;
  await copyFile(path.join(repo, 'demo', 'episode.opus'), path.join(dir, 'episode.oga'));
  await writeFile(path.join(dir, 'episode.json'), JSON.stringify(episode));

  // Ours, chapters from JSON (no markup), and the demo's show notes.
  await writeFile(path.join(dir, 'ours.html'), page('ours', OUR_HEAD, `${AUDIO}
    <episode-chapters for="episode-audio" src="/bench/episode.json"><a href="/bench/episode.json">Chapters</a></episode-chapters>`));
  await writeFile(path.join(dir, 'ours-text.html'), page('ours, show notes', OUR_HEAD, `${AUDIO}
    <episode-chapters for="episode-audio" src="/demo/episode.txt"><a href="/demo/episode.txt">Chapters</a></episode-chapters>`));
  // Ours with the server-rendered list (the markup of examples/no-js.html, no request for chapters).
  await writeFile(path.join(dir, 'ours-ssr.html'), page('ours, server-rendered', OUR_HEAD, `${AUDIO}
    <episode-chapters for="episode-audio">
      ${markup}
    </episode-chapters>`));
  // The same markup as a plain HTML list: no script, no widget stylesheet.
  await writeFile(path.join(dir, 'plain-html.html'), page('plain HTML list', '', `${AUDIO}
    ${markup}`));
  await writeFile(path.join(dir, 'plain.js'), PLAIN_SCRIPT);
  await writeFile(path.join(dir, 'plain-js.html'), page('plain JS list', '  <script type="module" src="/bench/plain.js"></script>', `${AUDIO}
    <ol id="chapters" aria-label="Chapters"></ol>`));

  // Podlove Web Player 5: chapters in its config, the same audio.
  const podlove = {
    version: 5,
    show: { title: 'No Priors' },
    title: TITLE,
    duration: clock(AUDIO_SECONDS),
    audio: [{ url: '/demo/episode.opus', size: String(audioSize), title: 'Opus', mimeType: 'audio/ogg' }],
    chapters: chapters.map((c) => ({ start: clock(c.startTime), title: c.title })),
  };
  const podloveConfig = { version: 5, base: '/node_modules/@podlove/web-player/', activeTab: 'chapters', features: { persistTab: false, persistPlaystate: false } };
  await writeFile(path.join(dir, 'podlove.html'), page('Podlove Web Player 5', '  <script src="/node_modules/@podlove/web-player/embed.js"></script>', `    <div id="player"></div>
    <script>podlovePlayer('#player', ${JSON.stringify(podlove)}, ${JSON.stringify(podloveConfig)});</script>`));

  // Vidstack 1.15, default audio layout, chapters from a WebVTT track; the .oga name picks its audio provider.
  const vtt = ['WEBVTT', ''];
  chapters.forEach((c, i) => vtt.push(`${clock(c.startTime)} --> ${clock(c.endTime ?? chapters[i + 1]?.startTime ?? AUDIO_SECONDS)}`, c.title, ''));
  await writeFile(path.join(dir, 'chapters.vtt'), vtt.join('\n'));
  const importMap = {
    imports: {
      'https://cdn.jsdelivr.net/npm/media-captions@1.0.4/dist/prod.js/+esm': '/node_modules/media-captions/dist/prod.js',
      'https://cdn.jsdelivr.net/npm/media-icons@1.1.5/dist/cdn.js/+esm': '/node_modules/media-icons/dist/cdn.js',
    },
  };
  await writeFile(path.join(dir, 'vidstack.html'), page('Vidstack', `  <link rel="stylesheet" href="/node_modules/vidstack/player/styles/default/theme.css">
  <link rel="stylesheet" href="/node_modules/vidstack/player/styles/default/layouts/audio.css">
  <script type="importmap">${JSON.stringify(importMap)}</script>
  <script type="module" src="/node_modules/vidstack/cdn/with-layouts/vidstack.js"></script>`, `    <media-player title="${escapeHtml(TITLE)}" src="/bench/episode.oga" view-type="audio" preload="metadata">
      <media-provider><track kind="chapters" src="/bench/chapters.vtt" srclang="en" label="Chapters" default></media-provider>
      <media-audio-layout></media-audio-layout>
    </media-player>`));

  // Shikwasa 2.2 with its chapter plugin.
  const shk = chapters.map((c, i) => ({ title: c.title, startTime: c.startTime, endTime: c.endTime ?? chapters[i + 1]?.startTime ?? AUDIO_SECONDS }));
  await writeFile(path.join(dir, 'shikwasa.html'), page('Shikwasa', '  <link rel="stylesheet" href="/node_modules/shikwasa/dist/style.css">', `    <div id="player"></div>
    <script type="module">
      import { Player, Chapter } from '/node_modules/shikwasa/dist/shikwasa.es.js';
      Player.use(Chapter);
      window.player = new Player({ container: document.getElementById('player'), preload: 'metadata',
        audio: { title: ${JSON.stringify(TITLE)}, artist: 'No Priors', src: '/demo/episode.opus', chapters: ${JSON.stringify(shk)} } });
    </script>`));

  // Scale: Podcasting 2.0 JSON with N chapters spread over the audio, titles only.
  for (const n of SIZES) {
    const step = AUDIO_SECONDS / n;
    const generated = { version: '1.2.0', title: `${n} chapters`, chapters: [] };
    for (let i = 0; i < n; i++) {
      generated.chapters.push({ startTime: Math.round(i * step * 1000) / 1000, title: `Chapter ${i + 1}: ${['news', 'interview', 'listener mail', 'the week ahead'][i % 4]} part ${i % 97}` });
    }
    await writeFile(path.join(dir, `chapters-${n}.json`), JSON.stringify(generated));
    await writeFile(path.join(dir, `scale-${n}.html`), page(`ours, ${n} chapters`, OUR_HEAD, `${AUDIO}
    <episode-chapters for="episode-audio" src="/bench/chapters-${n}.json"><a href="/bench/chapters-${n}.json">Chapters</a></episode-chapters>`));
  }
  return chapters.map((c) => c.startTime);
}

// ---------------------------------------------------------------------------------------------
// What each page is, for the in-page probes. Everything below runs in the page (or its frame).

/** Installed in every frame before any script: rows-visible probe, media capture, long tasks. */
function probe({ kind, count }) {
  const now = () => performance.timeOrigin + performance.now();
  window.__bench = { longtasks: [] };
  // Podlove creates its <audio> on first play; Shikwasa's is not in the DOM.
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (...args) {
    window.__benchMedia = this;
    return play.apply(this, args);
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  document.addEventListener('chaptersload', () => { window.__bench.loadedAt ??= now(); }, true);
  document.addEventListener('chaptererror', (e) => {
    window.__bench.errorAt ??= now();
    window.__bench.error = e.detail?.message ?? String(e.detail);
  }, true);
  const visible = (el) => el && (el.checkVisibility ? el.checkVisibility() : true);
  const rows = () => {
    switch (kind) {
      case 'ours': {
        const host = document.querySelector('episode-chapters');
        const shadow = host?.shadowRoot?.querySelectorAll('li.ec-chapter') ?? [];
        if (shadow.length) return shadow;
        return host ? host.querySelectorAll(':scope > ol > li') : [];
      }
      case 'plain': return document.querySelectorAll('main ol > li');
      case 'podlove': return document.querySelectorAll('[data-test="tab-chapters--entry"]');
      // Its layout renders some controls twice, one copy hidden: the visible rows.
      case 'vidstack': return [...document.querySelectorAll('media-chapters-radio-group media-radio')].filter(visible);
      case 'shikwasa': return document.querySelectorAll('li.shk-chapter_item');
      default: return [];
    }
  };
  let opened = false;
  const check = () => {
    try { step(); } catch (error) { console.error('bench probe', error); requestAnimationFrame(check); }
  };
  const step = () => {
    // Vidstack lists chapters in a menu, Shikwasa in a panel: open it as soon as it exists.
    if (kind === 'vidstack') {
      // Its menu button opens on pointerup; pressed again every 100 ms until the menu is open.
      const button = [...document.querySelectorAll('media-menu-button[aria-label="Chapters"]')].find(visible);
      // Opened before its chapters track has loaded, the menu stays empty: then closed and opened again.
      const open = button?.getAttribute('aria-expanded') === 'true';
      const since = performance.now() - (window.__bench.pressedAt ?? 0);
      const track = [...(document.querySelector('media-player')?.textTracks ?? [])].find((t) => t.kind === 'chapters');
      if (button && track?.readyState === 2 && ((!open && since > 100) || (open && !rows().length && since > 100))) {
        window.__bench.pressedAt = performance.now();
        for (const type of ['pointerdown', 'pointerup']) {
          button.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, isPrimary: true, pointerType: 'mouse', button: 0 }));
        }
      }
    }
    if (!opened && kind === 'shikwasa') {
      const button = document.querySelector('.shk-btn_chapter');
      if (button && !button.disabled) { button.click(); opened = true; }
    }
    const found = rows();
    if (window.__bench.firstRowAt === undefined && found.length && visible(found[0])) window.__bench.firstRowAt = now();
    // Hundreds of rows may be windowed: then "visible" is the first rows with the chapters read.
    const done = count > 100 && kind === 'ours' ? window.__bench.firstRowAt !== undefined && window.__bench.loadedAt !== undefined
      : found.length >= count && visible(found[found.length - 1]);
    if (done) {
      window.__bench.visibleAt = now();
      (window.top.__benchTop ??= {}).visibleAt ??= window.__bench.visibleAt;
      return;
    }
    if (window.__bench.errorAt) return;
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** In the frame with the media: play across each boundary, return the highlight lag of each. */
async function crossBoundaries({ kind, starts, boundaries, lead }) {
  const media = kind === 'vidstack' ? document.querySelector('media-player audio')
    : kind === 'ours' || kind === 'plain' ? document.getElementById('episode-audio')
    : window.__benchMedia;
  const host = document.querySelector('episode-chapters');
  const root = kind === 'ours' ? host.shadowRoot : document.body;
  const rowList = () => {
    switch (kind) {
      case 'ours': return root.querySelectorAll('li.ec-chapter');
      case 'plain': return document.querySelectorAll('main ol > li');
      case 'podlove': return document.querySelectorAll('[data-test="tab-chapters--entry"]');
      case 'vidstack': return [...document.querySelectorAll('media-chapters-radio-group media-radio')].filter((r) => r.checkVisibility());
      case 'shikwasa': return document.querySelectorAll('li.shk-chapter_item');
    }
  };
  const activeStart = () => {
    if (kind === 'ours' || kind === 'plain') {
      const row = root.querySelector('li[aria-current="true"]');
      return row ? Number(row.dataset.startMs) / 1000 : null;
    }
    const rows = [...rowList()];
    const index = rows.findIndex((row) => kind === 'podlove' ? row.classList.contains('font-medium')
      : kind === 'vidstack' ? row.getAttribute('aria-checked') === 'true' : row.hasAttribute('data-active'));
    return index < 0 ? null : starts[index];
  };
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const results = [];
  for (const b of boundaries) {
    const before = starts[starts.indexOf(b) - 1];
    media.pause();
    await new Promise((r) => { media.addEventListener('seeked', r, { once: true }); media.currentTime = b - lead; });
    // Let a player that follows timeupdate settle on the chapter before the boundary.
    for (let i = 0; i < 60 && activeStart() !== before; i++) await frame();
    let highlightedAt;
    const observer = new MutationObserver(() => {
      if (highlightedAt === undefined && activeStart() === b) highlightedAt = performance.now();
    });
    observer.observe(root, { attributes: true, childList: true, subtree: true });
    const samples = [];
    await media.play();
    await new Promise((resolve) => {
      const tick = () => {
        samples.push([performance.now(), media.currentTime]);
        if (media.currentTime > b + 0.9 || (highlightedAt !== undefined && media.currentTime > b + 0.1)) resolve();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    media.pause();
    observer.disconnect();
    const i = samples.findIndex(([, t]) => t >= b);
    if (i < 1 || highlightedAt === undefined) { results.push(null); continue; }
    const [t0, c0] = samples[i - 1];
    const [t1, c1] = samples[i];
    const crossedAt = t0 + ((b - c0) / (c1 - c0)) * (t1 - t0);
    results.push(highlightedAt - crossedAt);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// The browser

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

const PLAYERS = [
  { id: 'ours', name: 'episode-chapters', path: '/bench/ours.html', kind: 'ours' },
  { id: 'podlove', name: 'Podlove Web Player 5.13', path: '/bench/podlove.html', kind: 'podlove' },
  { id: 'vidstack', name: 'Vidstack 1.15', path: '/bench/vidstack.html', kind: 'vidstack' },
  { id: 'shikwasa', name: 'Shikwasa 2.2', path: '/bench/shikwasa.html', kind: 'shikwasa' },
  { id: 'plain-js', name: 'plain JS list (40 lines)', path: '/bench/plain-js.html', kind: 'plain' },
  { id: 'plain-html', name: 'plain HTML list', path: '/bench/plain-html.html', kind: 'plain' },
];
const EXTRA = [
  { id: 'ours-ssr', path: '/bench/ours-ssr.html', kind: 'ours' },
  { id: 'ours-text', path: '/bench/ours-text.html', kind: 'ours' },
];
// Requests that belong to the page, not to the widget or player: the page itself, its own
// stylesheet, the audio and the chapter data.
const NOT_THE_PLAYER = /\/bench\/[^/]+\.html|\/examples\/examples\.css|\.opus|\.oga|\/bench\/episode\.json|\/bench\/chapters[^/]*\.(vtt|json)|\/demo\/episode\.txt|favicon/;

async function coldLoad(browser, base, player, count, { transfer = false, wait = 20000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.addInitScript(probe, { kind: player.kind, count });
  const page = await context.newPage();
  const responses = [];
  if (transfer) page.on('response', (r) => responses.push(r));
  await page.goto(base + player.path);
  // Until the rows are visible (and, for ours, the chapters are read: `chaptersload`), or an error.
  await page.waitForFunction((ours) => window.__bench.errorAt !== undefined
    || (window.__benchTop?.visibleAt !== undefined && (!ours || window.__bench.loadedAt !== undefined)), player.kind === 'ours', { timeout: wait, polling: 50 });
  const frames = page.frames();
  const times = [];
  for (const frame of frames) times.push(await frame.evaluate(() => ({ ...window.__bench, origin: performance.timeOrigin })).catch(() => null));
  const origin = times[0].origin;
  const top = await page.evaluate(() => window.__benchTop ?? {});
  const at = (abs) => (abs === undefined ? NaN : abs - origin);
  const result = {
    visible: at(top.visibleAt),
    firstRow: at(times.map((t) => t?.firstRowAt).find((x) => x !== undefined)),
    loaded: at(times[0].loadedAt),
    error: times[0].error,
    errorAt: at(times[0].errorAt),
  };
  if (transfer) {
    await page.waitForTimeout(1500); // what a player fetches right after showing itself counts too
    const files = [];
    for (const r of responses) {
      const url = r.url();
      if (NOT_THE_PLAYER.test(url) || r.request().resourceType() === 'media' || url.startsWith('data:')) continue;
      const body = await r.body().catch(() => null);
      if (!body) continue;
      files.push({ url: url.replace(base, ''), raw: body.length, gzip: gzipSync(body, { level: 9 }).length,
        brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length });
    }
    result.files = files;
  }
  return { context, page, result };
}

async function measureLoads(browser, base, player, count) {
  const runs = [];
  let files;
  // One load first, not counted: it warms the browser and the server up, and counts the transfer.
  for (let i = -1; i < LOADS; i++) {
    const { context, result } = await coldLoad(browser, base, player, count, { transfer: i < 0 });
    if (i < 0) files = result.files; else runs.push(result);
    await context.close();
  }
  return {
    files,
    visible: median(runs.map((r) => r.visible)),
    firstRow: median(runs.map((r) => r.firstRow)),
    loaded: median(runs.map((r) => r.loaded)),
    runs,
  };
}

async function measureLag(browser, base, player, starts) {
  const { context, page } = await coldLoad(browser, base, player, starts.length);
  const frame = player.kind === 'podlove' ? page.frames().find((f) => f !== page.mainFrame()) : page.mainFrame();
  if (player.kind === 'ours') await page.waitForFunction(() => window.__bench.loadedAt !== undefined);
  // Podlove's audio element appears on the first play: press its play button.
  if (player.kind === 'podlove' || player.kind === 'shikwasa') {
    if (player.kind === 'podlove') {
      await frame.locator('[data-test="play-button"], button[aria-label*="lay"]').first().click();
    } else {
      await page.evaluate(() => window.player.play());
    }
    await frame.waitForFunction(() => window.__benchMedia !== undefined);
    await frame.evaluate(() => window.__benchMedia.pause());
  }
  await frame.waitForFunction(() => {
    const m = window.__benchMedia ?? document.querySelector('media-player audio') ?? document.getElementById('episode-audio');
    return m && m.readyState >= 1;
  });
  const inner = starts.slice(1);
  const boundaries = [];
  for (let i = 0; boundaries.length < CROSSINGS; i++) boundaries.push(inner[i % inner.length]);
  const lags = await frame.evaluate(crossBoundaries, { kind: player.kind, starts, boundaries, lead: player.kind === 'shikwasa' ? 0.8 : 0.5 });
  await context.close();
  return lags;
}

// ---------------------------------------------------------------------------------------------
// Scale: our widget with N chapters

/** In the page: play for `seconds` from `from`, recording every frame and every highlight change. */
async function playWindow({ from, seconds }) {
  const media = document.getElementById('episode-audio');
  const root = document.querySelector('episode-chapters').shadowRoot;
  media.pause();
  await new Promise((r) => { media.addEventListener('seeked', r, { once: true }); media.currentTime = from; });
  const samples = [];
  const changes = [];
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.getAttribute?.('aria-current') === 'true') {
        changes.push([performance.now(), Number(r.target.dataset.startMs) / 1000]);
        performance.mark('bench:highlight');
      }
    }
  });
  observer.observe(root, { attributes: true, attributeFilter: ['aria-current'], subtree: true });
  // The marks go after play() and before pause(): starting and stopping the media pipeline
  // (40-50 ms in the task that calls play() here) is the page's work, not the widget's.
  await media.play();
  performance.mark('bench:play-start');
  const started = performance.now();
  await new Promise((resolve) => {
    const tick = () => {
      samples.push([performance.now(), media.currentTime]);
      if (performance.now() - started > seconds * 1000) resolve(); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  performance.mark('bench:play-end');
  media.pause();
  observer.disconnect();
  const lags = [];
  for (const [at, start] of changes) {
    const i = samples.findIndex(([, t]) => t >= start);
    if (i < 1) continue;
    const [t0, c0] = samples[i - 1];
    const [t1, c1] = samples[i];
    lags.push(at - (t0 + ((start - c0) / (c1 - c0)) * (t1 - t0)));
  }
  return { lags, changes: changes.length, elapsed: performance.now() - started };
}

/** Main-thread tasks of the renderer from a Chromium trace, and the user-timing marks. */
function readTrace(buffer) {
  const events = JSON.parse(buffer.toString('utf8')).traceEvents ?? [];
  const marks = events.filter((e) => e.cat?.includes('blink.user_timing') && e.name?.startsWith('bench:'));
  if (!marks.length) return { tasks: [], marks: [] };
  const { pid, tid } = marks[0];
  // A frame's task is the one that commits it (style, layout and paint run in it).
  const commits = events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'Commit').map((e) => e.ts);
  const tasks = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
    .map((e) => ({ start: e.ts, end: e.ts + (e.dur ?? 0), dur: (e.dur ?? 0) / 1000 }))
    .map((t) => ({ ...t, frame: commits.some((c) => c >= t.start && c <= t.end) }));
  return { tasks, marks: marks.map((m) => ({ name: m.name, ts: m.ts })) };
}

async function measureScale(browser, base, n) {
  const player = { path: `/bench/scale-${n}.html`, kind: 'ours' };
  const loads = [];
  // Bounded: 3 cold loads at 10,000 chapters, one at 100,000 (each may take seconds).
  const runs = n >= 100000 ? 1 : n >= 10000 ? 3 : LOADS;
  let kept;
  for (let i = 0; i < runs; i++) {
    let opened;
    try {
      opened = await coldLoad(browser, base, player, n, { wait: 120000 });
    } catch (error) {
      // Not shown within the wait: reported as such, the rest of this size skipped.
      return { n, timedOut: 120000, firstRow: NaN, loaded: NaN, plainFirstRow: NaN, lags: [] };
    }
    loads.push(opened.result);
    if (i < runs - 1) await opened.context.close(); else kept = opened;
  }
  const plainRuns = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const opened = await coldLoad(browser, base, { path: `/bench/plain-js.html?src=/bench/chapters-${n}.json`, kind: 'plain' }, n, { wait: 120000 });
    plainRuns.push(opened.result);
    await opened.context.close();
  }
  const out = {
    n,
    firstRow: median(loads.map((r) => r.firstRow)),
    loaded: median(loads.map((r) => r.loaded)),
    error: loads[0].error,
    errorAt: median(loads.map((r) => r.errorAt)),
    plainFirstRow: median(plainRuns.map((r) => r.firstRow)),
  };
  const { context, page } = kept;
  if (out.error) { await context.close(); return out; }
  await page.waitForFunction(() => window.__bench.loadedAt !== undefined && document.getElementById('episode-audio').readyState >= 1);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value;
  out.heap = await metric('JSHeapUsedSize');
  out.wasmMemory = await page.evaluate(async () => {
    const url = [...performance.getEntriesByType('resource')].map((e) => e.name).find((u) => /episode-chapters-\d[^/]*\.js$/.test(u));
    try { return (await (await import(url)).default()).memory.buffer.byteLength; } catch { return NaN; }
  });

  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'] });
  // Playing: start half a second before a boundary, so every size crosses some.
  const step = AUDIO_SECONDS / n;
  const from = Math.ceil(600 / step) * step - 0.5;
  const script0 = await metric('ScriptDuration');
  const play = await page.evaluate(playWindow, { from, seconds: 4 });
  const script1 = await metric('ScriptDuration');
  out.scriptPerSecond = ((script1 - script0) * 1000) / (play.elapsed / 1000);
  out.changes = play.changes;
  // More crossings than 4 s give at 15 and 1,000 chapters: seek before ten boundaries spread over
  // the episode (all fourteen at 15) and play across each, as in the side-by-side run.
  const starts = Array.from({ length: n }, (_, i) => Math.round(i * step * 1000) / 1000);
  const boundaries = n <= 15 ? starts.slice(1) : Array.from({ length: 10 }, (_, k) => starts[Math.round(((k + 0.5) * n) / 10)]);
  const crossed = await page.evaluate(crossBoundaries, { kind: 'ours', starts, boundaries, lead: 0.5 });
  out.lags = [...play.lags, ...crossed.filter((x) => x !== null)];
  out.lagsMissed = crossed.filter((x) => x === null).length;
  // Scrolling the list with the mouse wheel (which also stops following).
  const box = await page.locator('episode-chapters').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
  await page.evaluate(() => performance.mark('bench:scroll-start'));
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, i < 10 ? 400 : -250);
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(300);
  await page.evaluate(() => performance.mark('bench:scroll-end'));
  const trace = readTrace(await browser.stopTracing());
  const mark = (name) => trace.marks.find((m) => m.name === name)?.ts;
  // The tasks that ran wholly between the two marks (not the bench's own calls that set them).
  const within = (a, b) => trace.tasks.filter((t) => t.start >= a && t.end <= b);
  const longest = (tasks) => tasks.reduce((m, t) => Math.max(m, t.dur), 0);
  out.longestPlaying = longest(within(mark('bench:play-start'), mark('bench:play-end')));
  out.longestScrolling = longest(within(mark('bench:scroll-start'), mark('bench:scroll-end')));
  // The cost of one highlight change: the task in which aria-current moved, and when that is
  // not a frame (the widget's boundary timer), the frame after it that paints the change
  // (style, layout, paint, and the frame's own callbacks).
  const changeTasks = trace.marks.filter((m) => m.name === 'bench:highlight')
    .map((m) => trace.tasks.filter((t) => t.start <= m.ts && t.end >= m.ts).reduce((a, t) => (!a || t.dur > a.dur ? t : a), null))
    .filter(Boolean);
  const painted = (t) => (t.frame ? t.dur : t.dur + (trace.tasks.find((f) => f.frame && f.start >= t.end)?.dur ?? NaN));
  out.highlightTask = median(changeTasks.map(painted));
  out.highlightTaskMax = Math.max(...changeTasks.map(painted));
  out.highlightOwnTask = median(changeTasks.map((t) => t.dur));
  const longtasks = await page.evaluate(() => window.__bench.longtasks);
  out.longtasks = longtasks.length;
  out.traceTasks = trace.tasks.length;
  await context.close();
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  // BENCH_PAGES=folder writes the pages and data there and stops (to look at them in a browser:
  // serve it at /bench/, dist/ at /, bench/peers/node_modules at /node_modules/, examples/ at /examples/).
  if (process.env.BENCH_PAGES) return writePages(path.resolve(process.env.BENCH_PAGES));
  if (process.env.BENCH_MERGE) {
    const runs = await Promise.all(process.env.BENCH_MERGE.split(',').map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
    return print(runs[0].version, runs[0].build, runs.map((run) => run.results), runs[0].date);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'episode-chapters-bench-'));
  const starts = await writePages(dir);
  const server = await serve({ '/': dist, '/bench/': dir, '/node_modules/': peers, '/examples/': path.join(repo, 'examples') });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const version = browser.version();
  let build = (await readdir(path.join(dist, 'embed'))).find((f) => /^episode-chapters-\d.*\.wasm$/.test(f)) ?? '?';
  // BENCH_SOURCE names what BENCH_DIST was built from, when that is not this working tree.
  try { build += `, source ${process.env.BENCH_SOURCE ?? execFileSync('git', ['describe', '--always', '--dirty'], { cwd: repo, encoding: 'utf8' }).trim()}`; } catch {}
  const only = process.env.BENCH_ONLY?.split(',');
  // Other work on the machine shows in every timing: the 1-minute load average at start and end.
  const results = { load: [os.loadavg()[0]] };
  try {
    for (const player of [...PLAYERS, ...EXTRA]) {
      if (only && !only.includes(player.id)) continue;
      log(`${player.id}: ${LOADS} cold loads`);
      results[player.id] = await measureLoads(browser, server.url, player, starts.length);
    }
    for (const player of PLAYERS) {
      if (player.id === 'plain-html' || (only && !only.includes(player.id))) continue;
      log(`${player.id}: ${CROSSINGS} boundaries while playing`);
      results[player.id].lags = await measureLag(browser, server.url, player, starts);
    }
    results.scale = [];
    if (!only || only.includes('scale')) {
      for (const n of SIZES) {
        log(`scale: ${n} chapters`);
        results.scale.push(await measureScale(browser, server.url, n));
      }
    }
  } finally {
    results.load.push(os.loadavg()[0]);
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  if (process.env.BENCH_JSON) await writeFile(process.env.BENCH_JSON, JSON.stringify({ version, build, date: new Date().toISOString().slice(0, 10), results }, null, 2));
  print(version, build, [results]);
}

/**
 * Prints the tables for one run, or for several (BENCH_MERGE=run1.json,run2.json, files written
 * with BENCH_JSON): then each cell is the range over the runs.
 */
function print(version, build, runs, date = new Date().toISOString().slice(0, 10)) {
  const R = runs;
  const r0 = R[0];
  const cols = PLAYERS.filter((p) => r0[p.id]);
  const sum = (files, key) => (files ?? []).reduce((s, f) => s + f[key], 0);
  const range = (values, fmt) => {
    const v = values.filter(Number.isFinite);
    if (!v.length) return '–';
    const lo = fmt(Math.min(...v));
    const hi = fmt(Math.max(...v));
    if (lo === hi) return lo;
    const unit = / (ms|KB|MB)$|×$/.exec(lo)?.[0] ?? '';
    const dash = lo.startsWith('-') || hi.startsWith('-') ? ' to ' : '–';
    return unit && hi.endsWith(unit) ? `${lo.slice(0, -unit.length)}${dash}${hi}` : `${lo}${dash}${hi}`;
  };
  const times = (x) => `${x.toFixed(2)}×`;
  // value(r, id) → number for one run; a peer's cell gets (ours ÷ theirs) per run.
  const line = (label, value, fmt, { ourValue = value, skip = () => false, ratios: withRatio = true } = {}) => {
    const cells = cols.map((p) => {
      if (skip(p.id)) return 'n/a';
      const own = R.map((r) => (p.id === 'ours' ? ourValue(r) : value(r, p.id)));
      let text = range(own, fmt);
      if (p.id !== 'ours' && text !== '–' && withRatio) {
        const ratios = R.map((r, i) => { const o = ourValue(r); return o > 0 && own[i] > 0 ? o / own[i] : NaN; });
        if (ratios.some(Number.isFinite)) text += ` (${range(ratios, times)})`;
      }
      return text;
    });
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  };
  const lagsOf = (r, id) => (r[id]?.lags ?? []).filter((x) => x !== null);
  if (cols.length) {
  console.log(`\n## Side by side: the demo's 15 chapters, ${LOADS} cold loads each, ${CROSSINGS} boundaries crossed while playing`);
  const load = R.filter((r) => r.load).map((r) => r.load.map((x) => x.toFixed(1)).join(' → ')).join(', ');
  console.log(`\n${date}, headless Chromium ${version}, ${os.cpus().length} cores, localhost; ours: ${build}${R.length > 1 ? `; ${R.length} runs, each cell the range over them` : ''}${load ? `; load average at start → end: ${load}` : ''}. A peer's cell is its figure and (ours ÷ theirs).\n`);
  console.log(`| measure | ${cols.map((p) => p.name).join(' | ')} |`);
  console.log(`|---|${cols.map(() => '---:').join('|')}|`);
  for (const key of ['raw', 'gzip', 'brotli']) {
    line(`transfer for the widget/player, ${key}`, (r, id) => (r[id].files ? sum(r[id].files, key) : NaN), kb, { ourValue: (r) => sum(r.ours?.files, key) });
  }
  line('requests for it', (r, id) => r[id].files?.length ?? NaN, String, { ourValue: (r) => r.ours?.files?.length ?? NaN, ratios: false });
  const visible = (r, id) => r[id].visible;
  line('navigation → 15 chapters visible, median (ours: JSON, no markup)', visible, ms, { ourValue: (r) => r.ours?.visible });
  line('navigation → interactive, median (ours: `chaptersload`; the others: their rows are live when shown)', visible, ms, { ourValue: (r) => Math.max(r.ours?.visible, r.ours?.loaded) });
  if (r0['ours-ssr']) {
    line('… ours with the server-rendered list: visible (the markup)', visible, ms, { ourValue: (r) => r['ours-ssr'].visible });
    line('… ours with the server-rendered list: interactive (`chaptersload`)', visible, ms, { ourValue: (r) => r['ours-ssr'].loaded });
  }
  if (r0['ours-text']) line('… ours from the show notes (demo/episode.txt): visible', visible, ms, { ourValue: (r) => r['ours-text'].visible });
  const noLag = (id) => id === 'plain-html';
  for (const [label, q] of [['p50', 0.5], ['p95', 0.95], ['max', 1]]) {
    line(`boundary → highlight moved, ${label}`, (r, id) => quantile(lagsOf(r, id), q), (v) => ms(v, 1), { ourValue: (r) => quantile(lagsOf(r, 'ours'), q), skip: noLag });
  }
  console.log(`| boundaries crossed, of ${CROSSINGS} per run (missed: no highlight within 0.9 s) | ${cols.map((p) => {
    if (noLag(p.id)) return 'n/a';
    const n = R.map((r) => lagsOf(r, p.id).length);
    const missed = R.reduce((s, r) => s + (r[p.id]?.lags ?? []).length, 0) - n.reduce((a, b) => a + b, 0);
    return range(n, String) + (missed ? ` (${missed} missed)` : '');
  }).join(' | ')} |`);
  }

  const scales = r0.scale ?? [];
  if (scales.length) {
    console.log('\n## Ours with 15, 1,000, 10,000 and 100,000 chapters (Podcasting 2.0 JSON, titles only, spread over the 37:25 audio)\n');
    console.log(`| measure | ${scales.map((s) => s.n.toLocaleString('en')).join(' | ')} |`);
    console.log(`|---|${scales.map(() => '---:').join('|')}|`);
    const row = (label, value, fmt, first = false) => console.log(`| ${label} | ${scales.map((s, i) => {
      const all = R.map((r) => r.scale?.[i]).filter(Boolean);
      if (s.error) return first ? `refused after ${range(all.map((x) => x.errorAt), ms)}: “${s.error}”` : '–';
      if (s.timedOut) return first ? `not shown within ${s.timedOut / 1000} s` : '–';
      return range(all.map(value), fmt);
    }).join(' | ')} |`);
    row('navigation → first rows visible, median', (s) => s.firstRow, ms, true);
    row('navigation → `chaptersload`, median', (s) => s.loaded, ms);
    console.log(`| plain JS list: navigation → first rows, median | ${scales.map((s, i) => range(R.map((r) => r.scale?.[i]?.plainFirstRow), ms)).join(' | ')} |`);
    row('one highlight change: its task and the frame that paints it, median (trace)', (s) => s.highlightTask, (v) => ms(v, 1));
    row('… of which the task it happens in', (s) => s.highlightOwnTask, (v) => ms(v, 1));
    row('… the longest', (s) => s.highlightTaskMax, (v) => ms(v, 1));
    row('boundary → highlight moved while playing, p95', (s) => quantile(s.lags, 0.95), (v) => ms(v, 1));
    row('… max', (s) => Math.max(...s.lags), (v) => ms(v, 1));
    row('… boundaries crossed (4 s of playing, then ten seeks before a boundary)', (s) => s.lags.length, (v) => String(v));
    row('scripting per second of playback (ScriptDuration)', (s) => s.scriptPerSecond, (v) => ms(v, 1));
    row('longest task while playing 4 s (trace)', (s) => s.longestPlaying, (v) => ms(v, 1));
    row('longest task while scrolling the list (trace; wheel, 20 steps)', (s) => s.longestScrolling, (v) => ms(v, 1));
    row('long tasks (≥ 50 ms) in the whole session', (s) => s.longtasks, String);
    row('JS heap used after GC (JSHeapUsedSize)', (s) => s.heap / 1048576, (v) => `${v.toFixed(1)} MB`);
    row('wasm memory', (s) => s.wasmMemory / 1048576, (v) => `${v.toFixed(1)} MB`);
  }
  for (const p of cols) {
    const files = r0[p.id].files ?? [];
    const seen = new Set();
    const again = files.filter((f) => seen.has(f.url) || !seen.add(f.url));
    if (again.length) console.log(`\n${p.name}: ${again.map((f) => `${f.url} (${kb(f.brotli)} brotli)`).join(', ')} requested a second time (the bench's server sends \`Cache-Control: no-store\`), counted twice.`);
  }
  console.log('\nVisible: the last of the rows rendered (`checkVisibility`) at an animation frame, from navigation start. Vidstack lists chapters in a menu and Shikwasa in a panel: the bench opens them (pointer events, a click) as soon as they can open; Podlove starts on its chapters tab, in its iframe. Interactive: ours at `chaptersload` (the wasm has read the chapters; its buttons respond); the others\' rows respond when shown, the plain list\'s links from the start.');
  console.log('\nHighlight: the crossing is interpolated on the media clock between two animation frames; the highlight is the `MutationObserver` record of the active row\'s attribute (ours and the plain list `aria-current`, Podlove its class, Vidstack `aria-checked` with its menu open, Shikwasa `data-active`). Shikwasa rounds `currentTime` to whole seconds, so it moves early (negative).');
  console.log('\nTransfer counts every response the page received for the widget or player (its scripts, styles, wasm, frames, icons, fonts), not the page, its own stylesheet, the audio or the chapter data; gzip -9 and brotli 11 of each body.');
}

await main();
