// Benchmarks of the built demo page (dist/): what a page must download, how soon the chapters
// are visible, and how late the highlight moves when playback crosses a chapter boundary.
// Prints a table. Run with `bash scripts/bench.sh` (it builds first).
import { readFile, readdir } from 'node:fs/promises';
import { brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(repo, 'dist');
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const BOUNDARIES = [165, 239, 337, 492, 762, 893, 1113, 1195, 1270, 1355];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes) => (bytes / 1024).toFixed(1);

async function sizes() {
  const rows = [];
  // What a page loads for a widget from dist/embed/: the wasm, its module, the loader, the CSS.
  const embed = (await readdir(path.join(dist, 'embed'))).filter((f) => /\.(wasm|js|css)$/.test(f));
  for (const file of embed.sort((a, b) => b.length - a.length)) {
    const bytes = await readFile(path.join(dist, 'embed', file));
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    rows.push({ file, raw: bytes.length, brotli });
  }
  rows.push({ file: 'total', raw: rows.reduce((s, r) => s + r.raw, 0), brotli: rows.reduce((s, r) => s + r.brotli, 0) });
  return rows;
}

async function main() {
  const server = await serve({ '/': dist });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });

  // Navigation start -> all 15 chapter rows in the DOM, cold (new context each time).
  const visible = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The rows are in the widget's shadow root: checked every animation frame.
    await page.addInitScript(() => {
      const check = () => {
        if (document.querySelector('episode-chapters')?.shadowRoot?.querySelectorAll('li.ec-chapter').length === 15) {
          window.chaptersVisibleAt = performance.now();
        } else {
          requestAnimationFrame(check);
        }
      };
      requestAnimationFrame(check);
    });
    await page.goto(server.url + '/');
    await page.waitForFunction(() => window.chaptersVisibleAt !== undefined);
    visible.push(await page.evaluate(() => window.chaptersVisibleAt));
    await context.close();
  }

  // Boundary lag: play through each boundary, reading currentTime every animation frame; the
  // crossing moment is interpolated (by the media clock) between the two readings around it,
  // the highlight moment is when aria-current changed.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.waitForFunction(() => document.querySelector('episode-chapters').shadowRoot?.querySelectorAll('li.ec-chapter').length === 15);
  const lags = [];
  for (const boundary of BOUNDARIES) {
    const lag = await page.evaluate(async (b) => {
      const audio = document.getElementById('episode-audio');
      if (audio.readyState < 1) await new Promise((r) => audio.addEventListener('loadedmetadata', r, { once: true }));
      await new Promise((r) => { audio.addEventListener('seeked', r, { once: true }); audio.currentTime = b - 0.8; });
      let highlightedAt;
      const target = document.querySelector('episode-chapters').shadowRoot.querySelector(`li[data-start-ms="${b * 1000}"]`);
      const observer = new MutationObserver(() => {
        if (highlightedAt === undefined && target.getAttribute('aria-current') === 'true') highlightedAt = performance.now();
      });
      observer.observe(target, { attributes: true, attributeFilter: ['aria-current'] });
      const samples = [];
      await audio.play();
      await new Promise((resolve) => {
        const frame = () => {
          samples.push([performance.now(), audio.currentTime]);
          if (audio.currentTime > b + 0.4) resolve(); else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      audio.pause();
      observer.disconnect();
      const i = samples.findIndex(([, t]) => t >= b);
      const [t0, c0] = samples[i - 1];
      const [t1, c1] = samples[i];
      const crossedAt = t0 + ((b - c0) / (c1 - c0)) * (t1 - t0);
      return highlightedAt - crossedAt;
    }, boundary);
    lags.push(lag);
  }
  await context.close();
  await browser.close();
  await server.close();

  const rows = await sizes();
  console.log('\nTransfer (the widget\'s files; brotli quality 11)\n');
  console.log('| file | raw KB | brotli KB |\n|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.brotli)} |`);
  const sorted = [...lags].sort((a, b) => a - b);
  console.log(`\nIn headless Chromium (${LOADS} cold loads; ${lags.length} boundaries crossed while playing)\n`);
  console.log('| measure | value |\n|---|---:|');
  console.log(`| navigation -> 15 chapters visible, median | ${median(visible).toFixed(0)} ms |`);
  console.log(`| boundary -> highlight moved, p50 | ${median(lags).toFixed(1)} ms |`);
  console.log(`| boundary -> highlight moved, max | ${sorted.at(-1).toFixed(1)} ms |`);
}

await main();
