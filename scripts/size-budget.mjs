// The size budget of what a page loads for the widget (dist/embed/, brotli quality 11): the
// common path (the loader, the widget's wasm and module, the stylesheet), the optional
// readers, loaded only for media files and XML, and the texts of one language beside English,
// loaded only by a page in that language. Fails when either grows past its budget, so
// that growth is a decision, not an accident. Run after `bash scripts/trunk.sh build --release`.
//   node scripts/size-budget.mjs
//   SIZE_DIST=/some/dist node scripts/size-budget.mjs   (a build made with `bash scripts/trunk.sh build --release --dist`)
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

// KB, brotli (1 KB = 1,024 bytes): where the build stands, with a little room. The goal for the
// common path is 60 KB (a Yew widget's floor is about 48 KB: README, Size): lower these as size
// work lands, never raise them without a reason. Raised from 158 / 76 for the robustness work
// (timeouts and retries, typed error categories, URL checks, the crash fallback) and the
// long-list work (lazy field names, memoised row texts); then to 166 for the media readers'
// typed problem kinds (their messages are in the widget too, for problems the readers' module
// relays); then to 167 for the report set at each chapter boundary (the highlight moves at the
// crossing: 1.0 KB) and reading chapter files as bytes (0.6 KB); then to 168 for the early
// view in the loader (0.9 KB: a JSON file's first rows while the wasm loads) and rendering a
// windowed list's overscan after the frame (1.1 KB), of which minifying the JS and CSS with
// esbuild paid 2.2 KB. The readers' budget came down to 76 with that minifying. The common
// path's came down to 162.5 with short import names (5.8 KB: scripts/embed.mjs), and both to
// 146 / 65 with the standard library rebuilt for size (16.6 and 11.1 KB: scripts/trunk.sh),
// and the common path's to 139.5 with the messages of problems only the readers' module meets,
// the texts of German, French, Spanish and Arabic (each its own file now, fetched by a page in
// that language) and the reading of media files by Range requests moved out of the widget's
// wasm (6.3 KB together; the readers' budget went up to 72 for the last, which it took in:
// 7.1 KB); then up to 140 with a focused row of a windowed list kept in the DOM (0.5 KB: focus
// events on the list). Then down to 137 / 71 with a computed class set as a plain string (Yew's
// `Classes` set gone), the language given as a prop instead of a context, Talc as the
// allocator and fewer hooks (1.7, 1.4 and 0.7 KB off the common path, 1.3 KB off the readers);
// the readers' to 66 with only Podlove Simple Chapters read as text in that module (5.3 KB).
const BUDGET = { common: 137, readers: 66, language: 1.5 };

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const embed = path.join(process.env.SIZE_DIST ? path.resolve(process.env.SIZE_DIST) : path.join(repo, 'dist'), 'embed');
const sizes = { common: 0, readers: 0, language: 0 };
const rows = [];
for (const file of readdirSync(embed).filter((f) => /\.(wasm|js|css)$|^episode-chapters-messages-.*\.json$/.test(f)).sort()) {
  const brotli = brotliCompressSync(readFileSync(path.join(embed, file)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length / 1024;
  const part = file.startsWith('episode-chapters-readers-') ? 'readers' : file.endsWith('.json') ? 'language' : 'common';
  // A page loads one language's file at most: the largest counts.
  sizes[part] = part === 'language' ? Math.max(sizes[part], brotli) : sizes[part] + brotli;
  rows.push(`  ${file.padEnd(52)} ${brotli.toFixed(1).padStart(6)} KB  (${part})`);
}
console.log(rows.join('\n'));
let over = false;
for (const part of Object.keys(BUDGET)) {
  const ok = sizes[part] <= BUDGET[part];
  over ||= !ok;
  console.log(`${part === 'language' ? 'one language (the largest)' : part}: ${sizes[part].toFixed(1)} KB brotli, budget ${BUDGET[part]} KB: ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(over ? 1 : 0);
