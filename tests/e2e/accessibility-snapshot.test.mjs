// The demo page as assistive technology gets it: Playwright's accessibility-tree snapshot
// (roles, names, states; it reaches into the widget's open shadow root), compared with the
// checked-in tests/e2e/snapshots/demo.aria.yml so that any change — a lost name, a role, a
// heading level, a state — shows as a diff. The page is paused at a fixed position (13:12, in
// chapter 6), so nothing in it depends on playback timing.
//
//   UPDATE_SNAPSHOTS=1 node --test tests/e2e/accessibility-snapshot.test.mjs   rewrites it
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { EpisodePage, repo, useBrowser } from './support.mjs';

const env = useBrowser();
const snapshots = path.join(repo, 'tests', 'e2e', 'snapshots');

async function compare(name, actual) {
  const file = path.join(snapshots, name);
  if (process.env.UPDATE_SNAPSHOTS) {
    await mkdir(snapshots, { recursive: true });
    await writeFile(file, actual);
    console.log(`wrote ${path.relative(repo, file)}`);
    return;
  }
  const expected = await readFile(file, 'utf8').catch(() => null);
  assert.ok(expected !== null, `${path.relative(repo, file)} is missing: run with UPDATE_SNAPSHOTS=1 to write it`);
  assert.equal(actual, expected, `the accessibility tree differs from ${path.relative(repo, file)} (UPDATE_SNAPSHOTS=1 rewrites it after a change on purpose)`);
}

describe('accessibility tree', () => {
  it('the demo page, paused in chapter 6, matches snapshots/demo.aria.yml', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    const { page } = episode;
    await episode.seek(12 * 60 + 42 + 30);
    await episode.waitForCurrent(762_000);
    // Chapter 6 opened by itself (it plays), and its time left is there.
    await episode.waitFor(() => ec('li.ec-open .ec-left') !== null, null, 'chapter 6 open');
    assert.equal(await episode.audio('paused'), true);
    const snapshot = await page.locator('body').ariaSnapshot();
    assert.match(snapshot, /- region "Chapters":/, 'the widget is in the tree (inside its shadow root)');
    await compare('demo.aria.yml', `${snapshot}\n`);
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
