// The three browser engines behind one small interface, so that tests/e2e/engines.test.mjs
// runs the same scenarios in each:
//
//   Chromium  Debian's chromium, playwright-core (the browser the rest of tests/e2e/ uses)
//   Firefox   Debian's firefox-esr, puppeteer-core over WebDriver BiDi
//   WebKit    Debian's webkit2gtk-driver: WebKitWebDriver starting MiniBrowser under Xvfb,
//             classic WebDriver (HTTP + JSON) with node's own fetch: the seven commands used
//             (status, new session, window size, navigate, execute script, element click,
//             delete session) take less code than a client's set-up, and add no dependency
//
// engine.start(serverUrl) starts it; engine.open(path) gives a page of the server in a fresh
// profile (a browser context, or a WebDriver session):
//   page.run(fn, arg)    runs `fn(arg)` in the page (awaited; ec/ecAll/ecActive from
//                        support.mjs's DEEP_QUERIES are defined first) and returns its value
//   page.click(fn, arg)  clicks, as a user does, the element `fn(arg)` returns
//   page.until(fn, arg, what)  polls `fn(arg)` until it is truthy; fails with `what`
//   page.close()
// The functions are sent as source text: they must not close over anything.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEEP_QUERIES } from '../support.mjs';

const POLL_MS = 50;
const WAIT_MS = 20_000;

/** `fn(arg)` as one expression that installs the shadow-root helpers first. */
function expression(fn, arg) {
  return `(async () => { (${DEEP_QUERIES})(); return await (${fn})(${JSON.stringify(arg ?? null)}); })()`;
}

/** The shared part of a page: waiting is polling `run`, the same in every engine. */
class Page {
  async until(fn, arg, what, timeout = WAIT_MS) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      last = await this.run(fn, arg);
      if (last) return last;
      if (Date.now() > deadline) throw new Error(`${this.engine}: timed out after ${timeout} ms waiting for ${what} (last value ${JSON.stringify(last)})`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

// Chromium: the browser useBrowser() (support.mjs) launched, with the suite's flags, among
// them --autoplay-policy=no-user-gesture-required.
class PlaywrightPage extends Page {
  constructor(context, page) {
    super();
    this.engine = 'chromium';
    this.context = context;
    this.page = page;
    this.errors = [];
    page.on('pageerror', (error) => this.errors.push(String(error)));
  }

  run(fn, arg) {
    return this.page.evaluate(expression(fn, arg));
  }

  async click(fn, arg) {
    const handle = await this.page.evaluateHandle(expression(fn, arg));
    const element = handle.asElement();
    if (!element) throw new Error(`chromium: nothing to click (${fn})`);
    await element.click();
    await handle.dispose();
  }

  close() {
    return this.context.close();
  }
}

export function chromium(env) {
  return {
    name: 'chromium',
    async start(serverUrl) {
      this.base = serverUrl;
      this.version = `Chromium ${env.browser.version()}`;
    },
    async open(address) {
      const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await page.goto(this.base + address);
      return new PlaywrightPage(context, page);
    },
    async stop() {},
  };
}

// Firefox ESR over WebDriver BiDi. puppeteer-core never downloads a browser; it starts
// /usr/bin/firefox-esr with a fresh profile and these prefs.
export const FIREFOX_PREFS = {
  // Audible play() without a user gesture. (puppeteer's evaluate carries a user activation,
  // which the default policy accepts too, but a test must not depend on that: with
  // media.autoplay.default 1 and blocking_policy 2, play() from a script is refused.)
  'media.autoplay.default': 0,
};

class PuppeteerPage extends Page {
  constructor(context, page) {
    super();
    this.engine = 'firefox';
    this.context = context;
    this.page = page;
    this.errors = [];
    page.on('pageerror', (error) => this.errors.push(String(error)));
  }

  run(fn, arg) {
    return this.page.evaluate(expression(fn, arg));
  }

  async click(fn, arg) {
    const handle = await this.page.evaluateHandle(expression(fn, arg));
    const element = handle.asElement();
    if (!element) throw new Error(`firefox: nothing to click (${fn})`);
    await element.click();
    await handle.dispose();
  }

  close() {
    return this.context.close();
  }
}

export function firefox() {
  return {
    name: 'firefox',
    async start(serverUrl) {
      this.base = serverUrl;
      const { default: puppeteer } = await import('puppeteer-core');
      this.browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
        headless: true,
        extraPrefsFirefox: FIREFOX_PREFS,
      });
      this.version = `Firefox ${(await this.browser.version()).replace(/^firefox\//, '')}`;
    },
    async open(address) {
      const context = await this.browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 1100, height: 900 });
      await page.goto(this.base + address);
      return new PuppeteerPage(context, page);
    },
    async stop() {
      await this.browser?.close();
    },
  };
}

// WebKit: WebKitWebDriver starts MiniBrowser (the WebKitGTK test browser) for each session;
// it needs an X display, so the driver runs under xvfb-run. MiniBrowser's own options:
// --autoplay-policy=allow lets play() start without a user gesture (the default policy
// refuses it with NotAllowedError).
const MULTIARCH = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch] ?? `${process.arch}-linux-gnu`;
export const MINIBROWSER = process.env.MINIBROWSER ?? `/usr/lib/${MULTIARCH}/webkit2gtk-4.1/MiniBrowser`;
export const MINIBROWSER_ARGS = ['--automation', '--autoplay-policy=allow'];

/**
 * The one media setting WebKitGTK needs, applied to every HTML page it is given: an Opus
 * <audio preload="metadata"> there (GStreamer streaming the file) reports a duration of 0 on
 * a plain page, or a duration that is half a second short (2244.47 s for 2245.0) on the demo
 * page, and a seek lands wrong: to 0, or to 89.3 s when 100 s was asked. With
 * preload="auto" (the whole file buffered) the duration is 2245 s and seeks are exact.
 */
export const webkitPage = (html) => html.replaceAll('preload="metadata"', 'preload="auto"');

/**
 * A server in front of `upstream` that passes every request through (Range and all) and
 * rewrites HTML pages with `rewrite`: classic WebDriver cannot change a response on its way.
 */
async function rewritingProxy(upstream, rewrite) {
  const server = createHttpServer(async (req, res) => {
    try {
      const headers = {};
      if (req.headers.range) headers.range = req.headers.range;
      const response = await fetch(upstream + req.url, { method: req.method, headers, redirect: 'manual' });
      const type = response.headers.get('content-type') ?? '';
      const out = {};
      for (const name of ['content-type', 'content-range', 'accept-ranges', 'cache-control', 'location', 'content-security-policy']) {
        if (response.headers.has(name)) out[name] = response.headers.get(name);
      }
      if (type.startsWith('text/html') && req.method === 'GET') {
        const body = Buffer.from(rewrite(await response.text()));
        res.writeHead(response.status, { ...out, 'content-length': body.length });
        return res.end(body);
      }
      if (response.headers.has('content-length')) out['content-length'] = response.headers.get('content-length');
      res.writeHead(response.status, out);
      if (!response.body) return res.end();
      Readable.fromWeb(response.body).on('error', () => res.destroy()).pipe(res);
    } catch {
      res.destroy();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

class WebDriverPage extends Page {
  constructor(driver, session) {
    super();
    this.engine = 'webkit';
    this.driver = driver;
    this.session = session;
    this.errors = []; // classic WebDriver has no event for uncaught page errors
  }

  command(method, route, body) {
    return this.driver.call(method, `/session/${this.session}${route}`, body);
  }

  run(fn, arg) {
    // Execute Script awaits a returned promise.
    return this.command('POST', '/execute/sync', { script: `return ${expression(fn, arg)};`, args: [] });
  }

  async click(fn, arg) {
    const element = await this.run(fn, arg);
    if (!element?.[ELEMENT]) throw new Error(`webkit: nothing to click (${fn})`);
    await this.command('POST', `/element/${element[ELEMENT]}/click`, {});
  }

  close() {
    return this.driver.call('DELETE', `/session/${this.session}`);
  }
}

export function webkit() {
  return {
    name: 'webkit',
    async start(serverUrl) {
      this.proxy = await rewritingProxy(serverUrl, webkitPage);
      const port = await freePort();
      this.driverUrl = `http://127.0.0.1:${port}`;
      this.tmp = await mkdtemp(path.join(os.tmpdir(), 'ec-webkit-'));
      // Its own process group, so that stop() ends xvfb-run, Xvfb, the driver and MiniBrowser.
      this.process = spawn('xvfb-run', ['--auto-servernum', '--error-file=/dev/null', 'WebKitWebDriver', `--port=${port}`], {
        detached: true,
        stdio: 'ignore',
        env: {
          ...process.env,
          // Under Xvfb, with no GPU device (/dev/dri), WebKitGTK's default DMA-BUF renderer
          // never runs requestAnimationFrame callbacks (the widget's frame loop included); with
          // the shared-memory renderer they run 20-35 times a second here.
          WEBKIT_DISABLE_DMABUF_RENDERER: '1',
          // MiniBrowser's caches and settings go to a throwaway home.
          HOME: this.tmp,
          XDG_CACHE_HOME: this.tmp,
          XDG_DATA_HOME: this.tmp,
          XDG_CONFIG_HOME: this.tmp,
        },
      });
      this.exited = once(this.process, 'exit');
      const deadline = Date.now() + 15_000;
      for (;;) {
        const ready = await this.call('GET', '/status').then((s) => s.ready, () => false);
        if (ready) break;
        if (this.process.exitCode !== null || Date.now() > deadline) throw new Error('WebKitWebDriver did not start (is webkit2gtk-driver installed? see scripts/setup.sh)');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const page = await this.open(null);
      const { capabilities } = this.last;
      const ua = await page.run(() => navigator.userAgent);
      this.version = `WebKitGTK ${capabilities.browserVersion} (${capabilities.browserName}; ${ua.match(/AppleWebKit\/\S+/)?.[0]})`;
      await page.close();
    },
    async call(method, route, body) {
      const response = await fetch(this.driverUrl + route, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const { value } = await response.json();
      if (!response.ok) throw new Error(`webkit: ${method} ${route}: ${value?.error}: ${value?.message}`);
      return value;
    },
    async open(address) {
      this.last = await this.call('POST', '/session', {
        capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: MINIBROWSER_ARGS } } },
      });
      const page = new WebDriverPage(this, this.last.sessionId);
      await page.command('POST', '/window/rect', { width: 1100, height: 900 }).catch(() => {});
      await page.command('POST', '/url', { url: address === null ? 'about:blank' : this.proxy.url + address });
      return page;
    },
    async stop() {
      if (this.process?.exitCode === null) {
        process.kill(-this.process.pid, 'SIGTERM');
        await this.exited;
      }
      if (this.tmp) await rm(this.tmp, { recursive: true, force: true });
      await this.proxy?.close();
    },
  };
}
