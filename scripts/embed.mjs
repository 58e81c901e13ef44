// Trunk post-build hook: assembles the distributable folder `embed/` in the build output.
//
//   episode-chapters.js          the loader: the one stable name a page references (ES module)
//   episode-chapters.css         the widget's stylesheet (also styles the server-rendered list)
//   episode-chapters.d.ts        types for the JS API
//   episode-chapters-V-HASH.js   the wasm-bindgen module, and
//   episode-chapters-V-HASH.wasm the widget: named by version and content hash, so a cached
//                                loader can never be paired with a newer wasm
//   episode-chapters-readers-V-HASH.js / .wasm
//                                the optional readers (media files, XML), loaded on demand
//   episode-chapters-messages-LANG-V-HASH.json
//                                the widget's texts in German, French, Spanish and Arabic (the
//                                wasm holds English), from src/embed/i18n/, loaded on demand
//   package.json                 makes the folder an npm package
//   hints.html                   <link> tags for pages that know they show chapters
//
// Trunk runs it with TRUNK_STAGING_DIR set; by hand: node scripts/embed.mjs DIST_DIR
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('usage: node scripts/embed.mjs DIST_DIR (or run by trunk)');

const cargo = await readFile(path.join(repo, 'Cargo.toml'), 'utf8');
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1];
const description = /^description\s*=\s*"([^"]+)"/m.exec(cargo)[1];

/**
 * One wasm-bindgen module as Trunk wrote it (BIN.js + BIN_bg.wasm), renamed by version and
 * content hash: `${prefix}-VERSION-HASH.js` / `.wasm`.
 */
async function module(bin, prefix) {
  let wasm = await readFile(path.join(staging, `${bin}_bg.wasm`));
  let glue = await readFile(path.join(staging, `${bin}.js`), 'utf8');
  ({ wasm, glue } = shortImports(wasm, glue, `./${bin}_bg.js`));
  const hash = createHash('sha256').update(wasm).update(glue).digest('hex').slice(0, 10);
  const stem = `${prefix}-${version}-${hash}`;
  // The module's default wasm location, relative to itself (`./`, so that bundlers see it).
  glue = glue.replaceAll(`'${bin}_bg.wasm'`, `'./${stem}.wasm'`);
  if (!glue.includes(`${stem}.wasm`)) throw new Error(`${bin}: the wasm-bindgen module does not name its wasm file`);
  return { bin, stem, wasm, glue };
}

/** Reads an unsigned LEB128 number of `bytes` at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

/** `value` as unsigned LEB128. */
function toLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/**
 * The wasm's imports from its wasm-bindgen module (`glueModule`) renamed `_0`, `_1`, … in the
 * wasm's import section and in the module's import object. wasm-bindgen names each import
 * after what it calls plus a 16-digit hash (`__wbg_setAttribute_f75317b2b5cabfb4`), about 240
 * of them, once in the wasm and once in the module; random digits do not compress, and they
 * were some 5 KB of the common path's brotli. Each old name must appear exactly once in the
 * module, or the build stops.
 */
function shortImports(bytes, glue, glueModule) {
  const text = new TextDecoder();
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    const end = body + size;
    if (id !== 2) {
      at = end;
      continue;
    }
    // The import section: module name, field name, then the import's kind and type.
    const [count, first] = leb(bytes, body);
    const parts = [toLeb(count)];
    let p = first;
    let renamed = 0;
    const name = (from) => {
      const [length, start] = leb(bytes, from);
      return [bytes.subarray(start, start + length), start + length];
    };
    for (let i = 0; i < count; i++) {
      const [from, afterModule] = name(p);
      const [field, afterField] = name(afterModule);
      const kind = bytes[afterField];
      let q = afterField + 1;
      if (kind === 0) [, q] = leb(bytes, q); // function: type index
      else if (kind === 1) { q += 1; const flags = bytes[q]; [, q] = leb(bytes, q + 1); if (flags & 1) [, q] = leb(bytes, q); } // table
      else if (kind === 2) { const flags = bytes[q]; [, q] = leb(bytes, q + 1); if (flags & 1) [, q] = leb(bytes, q); } // memory
      else if (kind === 3) q += 2; // global: value type, mutability
      else throw new Error(`import kind ${kind}`);
      let newField = field;
      if (text.decode(from) === glueModule) {
        const old = text.decode(field);
        const short = `_${(renamed++).toString(36)}`;
        const uses = glue.split(old).length - 1;
        if (uses !== 1) throw new Error(`${old} appears ${uses} times in the wasm-bindgen module, not once`);
        glue = glue.replace(old, short);
        newField = Buffer.from(short);
      }
      parts.push(toLeb(from.length), from, toLeb(newField.length), newField, bytes.subarray(afterField, q));
      p = q;
    }
    if (p !== end) throw new Error('the import section was not read to its end');
    const section = Buffer.concat(parts.map((x) => Buffer.from(x)));
    const wasm = Buffer.concat([bytes.subarray(0, at), Buffer.from([2, ...toLeb(section.length)]), section, bytes.subarray(end)]);
    return { wasm, glue };
  }
  throw new Error('the wasm has no import section');
}

const widget = await module('episode-chapters-widget', 'episode-chapters');
const readers = await module('episode-chapters-readers', 'episode-chapters-readers');
const { stem, wasm } = widget;

let loader = await readFile(path.join(repo, 'src/embed/episode-chapters.js'), 'utf8');
for (const [placeholder, name] of [
  ['episode-chapters-glue.js', `${widget.stem}.js`],
  ['episode-chapters-glue.wasm', `${widget.stem}.wasm`],
  ['episode-chapters-readers-glue.js', `${readers.stem}.js`],
]) {
  if (!loader.includes(`'./${placeholder}'`)) throw new Error(`the loader does not name ${placeholder}`);
  loader = loader.replace(`'./${placeholder}'`, `'./${name}'`);
}

/**
 * The language tables (src/embed/i18n/LANG.json, written from src/i18n.rs by its test): each
 * shipped as the array of its texts, in the file's order (the wasm's), named by content.
 */
const languages = [];
for (const lang of ['de', 'fr', 'es', 'ar']) {
  const table = JSON.parse(await readFile(path.join(repo, `src/embed/i18n/${lang}.json`), 'utf8'));
  const json = JSON.stringify(Object.values(table));
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 10);
  const name = `episode-chapters-messages-${lang}-${version}-${hash}.json`;
  const placeholder = `'./episode-chapters-messages-${lang}.json'`;
  if (!loader.includes(placeholder)) throw new Error(`the loader does not name ${placeholder}`);
  loader = loader.replace(placeholder, `'./${name}'`);
  languages.push({ name, json });
}

/**
 * `code` minified by esbuild (`loader` 'js', an ES module, or 'css'): a page downloads no
 * comments, no indentation and short local names. Exported names, property names and string
 * literals (the file names written above) stay as they are.
 */
async function minify(code, loader) {
  return (await transform(code, loader === 'js' ? { loader, minify: true, format: 'esm', target: 'es2022' } : { loader, minify: true })).code;
}

const out = path.join(staging, 'embed');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
for (const m of [widget, readers]) {
  await writeFile(path.join(out, `${m.stem}.wasm`), m.wasm);
  await writeFile(path.join(out, `${m.stem}.js`), await minify(m.glue, 'js'));
}
for (const { name, json } of languages) await writeFile(path.join(out, name), json);
await writeFile(path.join(out, 'episode-chapters.js'), await minify(loader, 'js'));
await writeFile(path.join(out, 'episode-chapters.css'), await minify(await readFile(path.join(repo, 'styles/widget.css'), 'utf8'), 'css'));
await writeFile(path.join(out, 'episode-chapters.d.ts'), await readFile(path.join(repo, 'src/embed/episode-chapters.d.ts')));
await writeFile(
  path.join(out, 'package.json'),
  JSON.stringify(
    {
      name: 'episode-chapters',
      version,
      description,
      license: 'MIT OR Apache-2.0',
      type: 'module',
      main: './episode-chapters.js',
      module: './episode-chapters.js',
      types: './episode-chapters.d.ts',
      exports: {
        '.': { types: './episode-chapters.d.ts', default: './episode-chapters.js' },
        './episode-chapters.css': './episode-chapters.css',
        './package.json': './package.json',
      },
      files: [
        'episode-chapters.js', 'episode-chapters.css', 'episode-chapters.d.ts', 'hints.html',
        `${widget.stem}.js`, `${widget.stem}.wasm`, `${readers.stem}.js`, `${readers.stem}.wasm`,
        ...languages.map(({ name }) => name),
      ],
      sideEffects: ['./episode-chapters.js', '*.css'],
      keywords: ['podcast', 'chapters', 'audio', 'web-component', 'webassembly'],
    },
    null,
    2,
  ) + '\n',
);
await writeFile(
  path.join(out, 'hints.html'),
  `<!-- For a page that shows chapters: start loading the widget with the page (paths relative to this folder). -->
<link rel="modulepreload" href="episode-chapters.js">
<link rel="modulepreload" href="${stem}.js">
<link rel="preload" href="${stem}.wasm" as="fetch" type="application/wasm" crossorigin>
`,
);
// The page loads the widget through embed/ only; Trunk leaves its (inert) rust link behind
// when it injects no script.
for (const m of [widget, readers]) {
  await rm(path.join(staging, `${m.bin}_bg.wasm`));
  await rm(path.join(staging, `${m.bin}.js`));
}
const index = path.join(staging, 'index.html');
const html = await readFile(index, 'utf8').catch(() => null);
if (html !== null) await writeFile(index, html.replace(/(\n?[ \t]*<link data-trunk rel="rust"[^>]*>)+(\s*\n)*/g, '\n'));
console.log(`embed/: ${stem}.wasm (${wasm.length} bytes), ${readers.stem}.wasm (${readers.wasm.length} bytes), episode-chapters.js, .css, .d.ts, package.json`);
