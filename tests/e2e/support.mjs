// The end-to-end tests' shared set-up: a Range-capable server over the built page (dist/) and
// the fixture pages, Debian's Chromium driven by playwright-core, and a page object for the
// demo episode page.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const resultsDir = path.join(repo, 'test-results');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
  // Nothing but the local server may be reached.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Starts the server and the browser for the calling test file; closes them after it. */
export function useBrowser() {
  const env = {};
  before(async () => {
    env.server = await serve({
      // E2E_DIST: another build of the page to test (default: dist/).
      '/': process.env.E2E_DIST ?? path.join(repo, 'dist'),
      '/fixtures/': path.join(here, 'fixtures'),
      '/test-fixtures/': path.join(repo, 'tests', 'fixtures'),
      '/examples/': path.join(repo, 'examples'),
    });
    env.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    await mkdir(resultsDir, { recursive: true });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * In-page helpers for code run with page.evaluate / waitForFunction: the widgets live in
 * shadow roots, which document.querySelector does not enter.
 *   ecAll(selector)  every match in the document and in every open shadow root
 *   ec(selector)     the first of them
 *   ecActive()       the focused element, inside shadow roots too
 */
export function DEEP_QUERIES() {
  window.ecAll = (selector, root = document) => {
    const found = [...root.querySelectorAll(selector)];
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) found.push(...window.ecAll(selector, element.shadowRoot));
    }
    return found;
  };
  window.ec = (selector, root = document) => window.ecAll(selector, root)[0] ?? null;
  window.ecActive = () => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  };
}

/**
 * Counts, in the page, what a widget holds: listeners on media elements, animation frames
 * requested and not yet run or cancelled, document observers connected, object URLs not
 * revoked, requests in flight, and every chapterchange event.
 */
export function INSTRUMENT() {
  const ids = new WeakMap();
  let next = 0;
  const id = (fn) => (ids.has(fn) ? ids.get(fn) : (ids.set(fn, ++next), next));
  const media = new Map();
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    // (Listeners with `once` remove themselves: the tests' own waits use them.)
    if (this instanceof HTMLMediaElement && fn && !options?.once) {
      if (!media.has(this)) media.set(this, new Set());
      media.get(this).add(`${type}|${id(fn)}`);
    }
    return addEventListener.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    if (this instanceof HTMLMediaElement && fn) media.get(this)?.delete(`${type}|${id(fn)}`);
    return removeEventListener.call(this, type, fn, options);
  };
  const frames = new Set();
  const { requestAnimationFrame: raf, cancelAnimationFrame: caf } = window;
  let requested = 0;
  window.requestAnimationFrame = (callback) => {
    requested += 1;
    const handle = raf.call(window, (t) => {
      frames.delete(handle);
      callback(t);
    });
    frames.add(handle);
    return handle;
  };
  window.cancelAnimationFrame = (handle) => {
    frames.delete(handle);
    return caf.call(window, handle);
  };
  let observers = 0;
  const { observe, disconnect } = MutationObserver.prototype;
  const connected = new WeakSet();
  MutationObserver.prototype.observe = function (...args) {
    // Playwright's own injected script observes the document too: not the widget's.
    if (!connected.has(this) && !new Error().stack.includes('InjectedScript')) {
      observers += 1;
      connected.add(this);
    }
    return observe.apply(this, args);
  };
  MutationObserver.prototype.disconnect = function () {
    if (connected.has(this)) observers -= 1;
    connected.delete(this);
    return disconnect.call(this);
  };
  const blobs = new Set();
  const { createObjectURL, revokeObjectURL } = URL;
  URL.createObjectURL = (object) => {
    const url = createObjectURL.call(URL, object);
    blobs.add(url);
    return url;
  };
  URL.revokeObjectURL = (url) => {
    blobs.delete(url);
    return revokeObjectURL.call(URL, url);
  };
  let inFlight = 0;
  const aborted = [];
  const originalFetch = window.fetch;
  window.fetch = (input, init) => {
    inFlight += 1;
    return originalFetch.call(window, input, init).then(
      (response) => {
        inFlight -= 1;
        return response;
      },
      (error) => {
        inFlight -= 1;
        if (error.name === 'AbortError') aborted.push(String(input));
        throw error;
      },
    );
  };
  const changes = [];
  document.addEventListener('chapterchange', (event) => changes.push(event.detail));
  // The widget's pending timers (set from its wasm glue), and every one it set.
  const timers = new Set();
  let timersSet = 0;
  const { setTimeout: st, clearTimeout: ct } = window;
  window.setTimeout = function (callback, delay, ...args) {
    if (typeof callback !== 'function' || !/\/embed\/episode-chapters-\d/.test(new Error().stack)) return st.call(window, callback, delay, ...args);
    timersSet += 1;
    const handle = st.call(window, (...a) => {
      timers.delete(handle);
      callback(...a);
    }, delay, ...args);
    timers.add(handle);
    return handle;
  };
  window.clearTimeout = (handle) => {
    timers.delete(handle);
    return ct.call(window, handle);
  };
  window.held = (audio) => ({
    listeners: media.get(audio)?.size ?? 0,
    frames: frames.size,
    timers: timers.size,
    timersSet,
    requested,
    observers,
    blobs: blobs.size,
    inFlight,
    aborted: [...aborted],
  });
  window.chapterChanges = changes;
}

/**
 * `examples/episode.html` with its chapters replaced by `json` (served in place of
 * `episode.json`), once the first row is there.
 */
export async function openWithChapters(env, json) {
  const episode = await EpisodePage.open(env, {
    path: '/examples/episode.html',
    beforeGoto: (page) => page.route('**/examples/episode.json', (route) => route.fulfill({ contentType: 'application/json', body: json })),
  });
  await episode.page.locator('episode-chapters button.ec-seek').first().waitFor();
  return episode;
}

/** The demo episode page (or a fixture page) in a fresh browser context. */
export class EpisodePage {
  static async open(env, { path: pagePath = '/', colorScheme = 'light', reducedMotion = 'no-preference', viewport, rewrite, beforeGoto } = {}) {
    const context = await env.browser.newContext({ colorScheme, reducedMotion, viewport: viewport ?? { width: 1100, height: 900 } });
    await context.addInitScript(DEEP_QUERIES);
    const page = await context.newPage();
    const self = new EpisodePage(context, page, env.server.url);
    if (rewrite) {
      await page.route(`${env.server.url}${pagePath}`, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: rewrite(await response.text()) });
      });
    }
    await beforeGoto?.(page);
    await page.goto(env.server.url + pagePath);
    return self;
  }

  constructor(context, page, baseUrl) {
    this.context = context;
    this.page = page;
    this.baseUrl = baseUrl;
    this.consoleErrors = [];
    this.consoleWarnings = [];
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
      if (message.type() === 'warning') this.consoleWarnings.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(String(error)));
    this.list = page.getByRole('list', { name: 'Chapters', exact: true });
    this.rows = this.list.locator(':scope > li');
  }

  /** Once the widget shows the 15 rows (not the loader's early view: they have buttons). */
  async ready() {
    await this.seekButton(14).waitFor();
    assert.equal(await this.rows.count(), 15);
    return this;
  }

  row(index) {
    return this.rows.nth(index);
  }

  /** The seek control of row `index`. */
  seekButton(index) {
    return this.row(index).locator('button.ec-seek');
  }

  toggle(index) {
    return this.row(index).locator('button[aria-expanded]');
  }

  /** `data-start-ms` of every row with aria-current="true". */
  async current() {
    return this.list.locator(':scope > li[aria-current="true"]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.startMs)));
  }

  audio(property) {
    return this.page.evaluate((p) => document.getElementById('episode-audio')[p], property);
  }

  /** Sets currentTime of the audio element `id` from a script and waits until it has seeked there. */
  async seek(seconds, id = 'episode-audio') {
    await this.page.evaluate(async ([s, id]) => {
      const audio = document.getElementById(id);
      if (audio.readyState < 1) await new Promise((r) => audio.addEventListener('loadedmetadata', r, { once: true }));
      const seeked = new Promise((r) => audio.addEventListener('seeked', r, { once: true }));
      audio.currentTime = s;
      await seeked;
    }, [seconds, id]);
  }

  async waitFor(fn, arg, what, timeout = 20_000) {
    try {
      await this.page.waitForFunction(fn, arg, { timeout, polling: 'raf' });
    } catch (error) {
      throw new Error(`timed out waiting for ${what}: ${error.message.split('\n')[0]}`);
    }
  }

  async waitForCurrent(startMs, what = `row ${startMs} highlighted`) {
    await this.waitFor(
      (ms) => {
        const rows = ecAll('[aria-current="true"]');
        return rows.length === 1 && Number(rows[0].dataset.startMs) === ms;
      },
      startMs,
      what,
    );
  }

  async screenshot(name) {
    const file = path.join(resultsDir, name);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  assertNoConsoleErrors() {
    assert.deepEqual(this.consoleErrors, [], 'console errors');
  }

  async close() {
    await this.context.close();
  }
}

