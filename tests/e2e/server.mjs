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
 * Serves `mounts` ({urlPrefix: directory}) on 127.0.0.1:`port` (0 picks a free port). Paths
 * under `/no-range/` serve the same files but ignore Range headers (200, whole file); paths
 * under `/slow/` answer after 1.5 s; paths under `/csp/` carry a strict Content-Security-Policy
 * (STRICT_CSP), with Trusted Types required.
 */
export async function serve(mounts, port = 0) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let pathname = decodeURIComponent(url.pathname);
      const csp = pathname.startsWith('/csp/');
      if (csp) pathname = pathname.slice('/csp'.length);
      if (pathname.startsWith('/slow/')) {
        pathname = pathname.slice('/slow'.length);
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      // Under /no-range/ the same files are served as a server without Range support does.
      const ranges = !pathname.startsWith('/no-range/');
      if (!ranges) pathname = pathname.slice('/no-range'.length);
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
      const headers = {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        ...(ranges ? { 'Accept-Ranges': 'bytes' } : {}),
        'Cache-Control': 'no-store',
        ...(csp ? { 'Content-Security-Policy': STRICT_CSP } : {}),
      };
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (ranges && range && (range[1] !== '' || range[2] !== '')) {
        let start = range[1] === '' ? stat.size - Number(range[2]) : Number(range[1]);
        let end = range[1] === '' || range[2] === '' ? stat.size - 1 : Number(range[2]);
        end = Math.min(end, stat.size - 1);
        if (start < 0) start = 0;
        if (start > end) {
          res.writeHead(416, { 'Content-Range': `bytes */${stat.size}` });
          return res.end();
        }
        res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${stat.size}`, 'Content-Length': end - start + 1 });
        if (req.method === 'HEAD') return res.end();
        return createReadStream(file, { start, end }).pipe(res);
      }
      res.writeHead(200, { ...headers, 'Content-Length': stat.size });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch (error) {
      send(res, 500, String(error));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
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
