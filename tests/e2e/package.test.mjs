// dist/embed/ as an npm package: `npm pack` makes the tarball, a throwaway site
// (tests/e2e/package/) installs it and uses it once from a plain page (straight from
// node_modules, no bundler) and once through Vite. Both must list the demo's 15 chapters and
// follow the audio.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EpisodePage, repo, useBrowser } from './support.mjs';
import { serve } from './server.mjs';

const env = useBrowser();
const site = path.join(repo, 'tests/e2e/package');
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

describe('the npm package', () => {
  let server;
  let tarball;
  before(async () => {
    const packDir = await mkdtemp(path.join(os.tmpdir(), 'episode-chapters-pack-'));
    const packed = JSON.parse(npm(['pack', path.join(repo, 'dist/embed'), '--pack-destination', packDir, '--json'], repo));
    tarball = { dir: packDir, file: path.join(packDir, packed[0].filename), files: packed[0].files.map((f) => f.path).sort() };
    // Into the throwaway site (its own devDependencies, Vite, come from its lockfile).
    npm(['install', '--no-save', tarball.file], site);
    await rm(path.join(site, 'dist'), { recursive: true, force: true });
    execFileSync(path.join(site, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], { cwd: site, encoding: 'utf8' });
    server = await serve({
      '/': path.join(site, 'dist'),
      '/plain/': site,
      '/demo/': path.join(repo, 'demo'),
    });
  });
  after(async () => {
    await server?.close();
    if (tarball) await rm(tarball.dir, { recursive: true, force: true });
  });

  it('holds the loader, stylesheet, types and the versioned wasm, and names them in package.json', async () => {
    const pkg = JSON.parse(await readFile(path.join(site, 'node_modules/episode-chapters/package.json'), 'utf8'));
    assert.equal(pkg.exports['.'].default, './episode-chapters.js');
    assert.equal(pkg.types, './episode-chapters.d.ts');
    const stem = `episode-chapters-${pkg.version}-`;
    assert.deepEqual(
      tarball.files.map((f) => f.replace(/-[0-9a-f]{10}\./, '-HASH.')),
      [
        'episode-chapters.css', 'episode-chapters.d.ts', 'episode-chapters.js', `${stem}HASH.js`, `${stem}HASH.wasm`,
        `episode-chapters-readers-${pkg.version}-HASH.js`, `episode-chapters-readers-${pkg.version}-HASH.wasm`, 'hints.html', 'package.json',
        ...['de', 'fr', 'es', 'ar'].map((lang) => `episode-chapters-messages-${lang}-${pkg.version}-HASH.json`),
      ].sort(),
    );
  });

  for (const [name, pagePath] of [['a plain page, straight from node_modules', '/plain/plain.html'], ['a Vite build', '/']]) {
    it(`works from ${name}`, { timeout: 60_000 }, async () => {
      const episode = await EpisodePage.open({ ...env, server }, { path: pagePath });
      await episode.ready();
      await episode.seek(800);
      await episode.waitForCurrent(762_000);
      episode.assertNoConsoleErrors();
      await episode.close();
    });
  }

  for (const [name, pagePath] of [['a plain page', '/plain/plain.html'], ['a Vite build', '/']]) {
    it(`speaks a page's language from ${name} (its texts found beside the loader)`, { timeout: 60_000 }, async () => {
      const episode = await EpisodePage.open({ ...env, server }, { path: pagePath, rewrite: (html) => html.replace('<html lang="en">', '<html lang="de">') });
      await episode.page.waitForFunction(() => ecAll('li.ec-chapter').length === 15);
      assert.equal(await episode.page.evaluate(() => ec('.ec-heading').textContent), 'Kapitel');
      episode.assertNoConsoleErrors();
      await episode.close();
    });
  }

  it('the Vite build carries the wasm and the stylesheet as assets', async () => {
    const assets = await readdir(path.join(site, 'dist/assets'));
    assert.ok(assets.some((f) => f.endsWith('.wasm')), assets.join(' '));
    assert.ok(assets.some((f) => f.endsWith('.css')), assets.join(' '));
  });
});
