// A static file server with HTTP Range support (206 Partial Content), for the end-to-end tests
// and benchmarks. Without Range, Chromium cannot seek an <audio> element.
//
//   node tests/e2e/server.mjs [root] [port]     (defaults: dist, 8080)
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.opus': 'audio/ogg',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The policy a strict page sets: the widget must run under it without a violation. */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

/**
 * Serves `mounts` ({urlPrefix: directory}) on 127.0.0.1:`port` (0 picks a free port).
 * Prefixes in front of a path serve the same file as a broken or unusual server would (they
 * combine, `/throttle/no-range/…` is not needed: each names one behaviour):
 *   /no-range/     ignores Range headers (200, whole file)
 *   /throttle/     ignores Range and sends 16 KB a second (a slow server without Range)
 *   /live/         a live stream: no Range, no length (chunked), 16 KB a second
 *   /slow/         answers after 1.5 s
 *   /hang/         never answers (until the client gives up)
 *   /hang-once/    never answers the first request for a path, answers later ones
 *   /redirect/     302 to the same path without the prefix
 *   /status/NNN/   answers with HTTP status NNN
 *   /as-html/      answers 200 with an HTML page (a site's "not found" page sent as 200)
 *   /range-shift/  a 206 that starts one byte later than asked (and says so in Content-Range)
 *   /range-short/  a 206 with only the first half of the bytes asked for
 *   /range-416/    416 for every Range request
 *   /csp/          a strict Content-Security-Policy (STRICT_CSP), with Trusted Types required
 * `requests` lists every request's method, path and Range header.
 */
export async function serve(mounts, port = 0) {
  const requests = [];
  const hungOnce = new Set();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let pathname = decodeURIComponent(url.pathname);
      requests.push({ method: req.method, path: pathname, range: req.headers.range ?? null });
      const mode = {};
      for (;;) {
        const match = /^\/(csp|slow|no-range|throttle|live|hang|hang-once|redirect|as-html|range-shift|range-short|range-416|status\/\d{3}|cut\/\d+)\//.exec(pathname);
        if (!match) break;
        const [name, number] = match[1].split('/');
        mode[name] = number === undefined ? true : Number(number);
        pathname = pathname.slice(match[0].length - 1);
      }
      if (mode.redirect) {
        res.writeHead(302, { Location: pathname + url.search, 'Cache-Control': 'no-store' });
        return res.end();
      }
      if (mode.hang || (mode['hang-once'] && !hungOnce.has(pathname))) {
        hungOnce.add(pathname);
        // Never answered: the client gives up (or the server closes at the end of the test).
        return;
      }
      if (mode.status) return send(res, mode.status, `status ${mode.status}`);
      if (mode.slow) await new Promise((resolve) => setTimeout(resolve, 1500));
      const csp = mode.csp;
      const ranges = !(mode['no-range'] || mode.throttle || mode.live);
      if (pathname.endsWith('/')) pathname += 'index.html';
      const prefix = Object.keys(mounts)
        .filter((p) => pathname.startsWith(p))
        .sort((a, b) => b.length - a.length)[0];
      if (prefix === undefined) return send(res, 404, 'not found');
      const root = path.resolve(mounts[prefix]);
      const file = path.resolve(root, '.' + pathname.slice(prefix.length - 1));
      if (!file.startsWith(root + path.sep)) return send(res, 403, 'forbidden');
      const stat = await fs.stat(file).catch(() => null);
      if (!stat || !stat.isFile()) return send(res, 404, 'not found');
      // cut/N/: the file as if only its first N bytes were there (an upload cut short).
      const size = mode.cut === undefined ? stat.size : Math.min(mode.cut, stat.size);
      if (mode['as-html']) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end('<!doctype html>\n<html lang="en"><title>Page not found</title><h1>Sorry, that page is not here</h1></html>\n');
      }
      const headers = {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        ...(ranges ? { 'Accept-Ranges': 'bytes' } : {}),
        'Cache-Control': 'no-store',
        ...(csp ? { 'Content-Security-Policy': STRICT_CSP } : {}),
      };
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (ranges && range && (range[1] !== '' || range[2] !== '')) {
        let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
        let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
        end = Math.min(end, size - 1);
        if (start < 0) start = 0;
        if (start > end || mode['range-416']) {
          res.writeHead(416, { 'Content-Range': `bytes */${size}` });
          return res.end();
        }
        if (mode['range-shift']) start = Math.min(start + 1, end);
        if (mode['range-short']) end = start + Math.floor((end - start) / 2);
        res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
        if (req.method === 'HEAD') return res.end();
        return createReadStream(file, { start, end }).pipe(res);
      }
      res.writeHead(200, { ...headers, ...(mode.live ? {} : { 'Content-Length': size }) });
      if (req.method === 'HEAD') return res.end();
      if (mode.throttle || mode.live) return throttled(file, res);
      createReadStream(file, mode.cut === undefined ? {} : { end: size - 1 }).pipe(res);
    } catch (error) {
      send(res, 500, String(error));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    server,
    requests,
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      // Hung requests would keep the server open.
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}

/** Sends `file` at 16 KB a second, as a slow server or a live stream does. */
async function throttled(file, res) {
  const bytes = await fs.readFile(file);
  let at = 0;
  const timer = setInterval(() => {
    res.write(bytes.subarray(at, at + 4096));
    at += 4096;
    if (at >= bytes.length) {
      clearInterval(timer);
      res.end();
    }
  }, 250);
  res.on('close', () => clearInterval(timer));
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 8080);
  const { url } = await serve({ '/': root, '/examples/': 'examples' }, port);
  console.log(`serving ${root} at ${url}/`);
}
