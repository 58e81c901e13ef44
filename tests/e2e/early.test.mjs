// The early view: while the WebAssembly loads, a widget whose chapter file is Podcasting 2.0
// JSON shows the file's first rows (the loader reads them from the response it fetched ahead),
// and the widget takes over in place once it has read the chapters. Here the wasm is held back
// by the test until it lets it go, so each phase is seen for as long as needed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const episodeJson = JSON.parse(await readFile(path.join(repo, 'examples/episode.json'), 'utf8'));

/**
 * `examples/episode.html` (its element changed by `rewrite`, its chapter file by `json`) with
 * the widget's wasm held back: `release()` lets it load, `fail()` answers it with a 404.
 */
async function openHeld({ json, rewrite, holdFile = false } = {}) {
  let answer;
  const gate = new Promise((resolve) => {
    answer = resolve;
  });
  let sendFile;
  const fileGate = holdFile ? new Promise((resolve) => {
    sendFile = resolve;
  }) : undefined;
  const episode = await EpisodePage.open(env, {
    path: '/examples/episode.html',
    rewrite,
    beforeGoto: async (page) => {
      await page.addInitScript(() => {
        window.loads = 0;
        document.addEventListener('chaptersload', () => window.loads++, true);
      });
      await page.route(/\/embed\/episode-chapters-\d[^/]*\.wasm$/, async (route) => {
        if ((await gate) === 'fail') await route.fulfill({ status: 404, body: 'gone' });
        else await route.continue();
      });
      if (json || holdFile) {
        await page.route('**/examples/episode.json', async (route) => {
          await fileGate;
          if (json) await route.fulfill({ contentType: 'application/json', body: json });
          else await route.continue();
        });
      }
    },
  });
  const widget = episode.page.locator('episode-chapters');
  return { episode, page: episode.page, widget, release: () => answer('load'), fail: () => answer('fail'), sendFile };
}

/** The widget's early view and its rows as the listener reads them: range and title. */
const earlyRows = (widget) => widget.locator('.ec-early li.ec-chapter').evaluateAll((rows) => rows.map((row) => [
  row.querySelector('.ec-range').textContent,
  row.querySelector('.ec-title').textContent,
]));

const clock = (seconds) => {
  const s = Math.floor(seconds);
  const two = (n) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
};

describe('early view', () => {
  it("shows the JSON file's rows while the wasm loads, then the widget takes over in place", { timeout: 60_000 }, async () => {
    const { episode, page, widget, release } = await openHeld();
    try {
      const early = widget.locator('.ec-early');
      await early.locator('li.ec-chapter').nth(14).waitFor();
      const chapters = episodeJson.chapters;
      assert.deepEqual(await earlyRows(widget), chapters.map((c, i) => [
        `${clock(c.startTime)}–${clock(c.endTime ?? chapters[i + 1]?.startTime)}`,
        c.title,
      ]));
      // One list named Chapters for assistive technology, marked busy; nothing to press yet.
      assert.equal(await page.getByRole('list', { name: 'Chapters', exact: true }).count(), 1);
      assert.equal(await early.locator('section').getAttribute('aria-busy'), 'true');
      assert.equal(await early.locator('button').count(), 0);
      assert.equal(await page.evaluate(() => window.loads), 0);
      await page.screenshot({ path: path.join(repo, 'test-results', 'early-view.png') });
      const axe = await new AxeBuilder({ page }).include('episode-chapters').analyze();
      assert.deepEqual(axe.violations.map((v) => v.id), []);
      const heading = await widget.locator('.ec-heading').first().boundingBox();

      // Every frame from here until the widget has taken over shows rows: no blank, no "Loading".
      const frames = page.evaluate(() => new Promise((resolve) => {
        const host = document.querySelector('episode-chapters');
        const seen = [];
        const frame = () => {
          const rows = [...host.shadowRoot.querySelectorAll('li.ec-chapter')].filter((row) => row.checkVisibility());
          const status = [...host.shadowRoot.querySelectorAll('.ec-status')].filter((p) => p.checkVisibility());
          seen.push(`${rows.length} rows${status.length ? `, ${status[0].textContent}` : ''}`);
          if (window.loads && !host.shadowRoot.querySelector('.ec-early')) resolve(seen);
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }));
      release();
      assert.deepEqual([...new Set(await frames)], ['15 rows']);
      await episode.seekButton(14).waitFor();
      assert.equal(await early.count(), 0);
      assert.equal(await page.evaluate(() => window.loads), 1);
      assert.equal(await page.getByRole('list', { name: 'Chapters', exact: true }).count(), 1);
      assert.deepEqual(await episode.rows.locator('.ec-title').allTextContents(), chapters.map((c) => c.title));
      // The heading stays where it was: the widget replaced the view, it did not add to it.
      assert.deepEqual(await widget.locator('.ec-heading').boundingBox(), heading);
      await episode.seekButton(2).click();
      await episode.waitForCurrent(chapters[2].startTime * 1000);
    } finally {
      release();
      await episode.close();
    }
  });

  it("shows only the element's own content while the chapter file is on its way", { timeout: 60_000 }, async () => {
    const { episode, page, widget, release, sendFile } = await openHeld({ holdFile: true });
    try {
      // The loader lays out a hidden sample of the early view meanwhile (its fonts are then
      // ready for the rows): it takes no room, shows nothing and says nothing.
      await widget.locator('.ec-sample').waitFor({ state: 'attached' });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.equal(await widget.ariaSnapshot(), '- link "Chapters":\n  - /url: episode.json');
      assert.ok(await widget.getByRole('link', { name: 'Chapters' }).isVisible());
      assert.deepEqual(await widget.locator('.ec-sample').evaluate((sample) => [sample.getBoundingClientRect().height,
        sample.querySelector('li').checkVisibility({ visibilityProperty: true })]), [0, false]);
      assert.equal(await page.getByRole('list', { name: 'Chapters' }).count(), 0);
      sendFile();
      await widget.locator('.ec-early li.ec-chapter').nth(14).waitFor();
      assert.equal(await widget.locator('.ec-sample').count(), 0);
      // The early view replaces the element's own content, as it does without the sample.
      assert.equal(await widget.getByRole('link', { name: 'Chapters' }).isVisible(), false);
      assert.equal(await page.getByRole('list', { name: 'Chapters', exact: true }).count(), 1);
      release();
      await episode.seekButton(14).waitFor();
      assert.equal(await widget.locator('.ec-sample, .ec-early').count(), 0);
    } finally {
      sendFile();
      release();
      await episode.close();
    }
  });

  it('leaves nothing behind when the wasm is ready before the chapter file', { timeout: 60_000 }, async () => {
    const { episode, widget, release, sendFile } = await openHeld({ holdFile: true });
    try {
      await widget.locator('.ec-sample').waitFor({ state: 'attached' });
      release();
      // The widget is mounted (its own root) while the file is still on its way.
      await widget.locator('.ec-root:not(.ec-sample):not(.ec-early)').waitFor({ state: 'attached' });
      assert.equal(await widget.locator('.ec-sample').count(), 0);
      sendFile();
      await episode.seekButton(14).waitFor();
      assert.equal(await widget.locator('.ec-sample, .ec-early').count(), 0);
      assert.equal(await episode.page.getByRole('list', { name: 'Chapters', exact: true }).count(), 1);
      assert.equal(await widget.getByRole('link', { name: 'Chapters', exact: true }).isVisible(), false);
    } finally {
      sendFile();
      release();
      await episode.close();
    }
  });

  it('keeps the element\'s own content, not the old file\'s rows, when src changes while the file is on its way', { timeout: 60_000 }, async () => {
    const other = { version: '1.2.0', chapters: [{ startTime: 0, title: 'Other one' }, { startTime: 60, title: 'Other two' }, { startTime: 120, title: 'Other three' }] };
    const { episode, page, widget, release, sendFile } = await openHeld({ holdFile: true });
    try {
      await page.route('**/examples/other.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(other) }));
      await widget.locator('.ec-sample').waitFor({ state: 'attached' });
      await widget.evaluate((element) => element.setAttribute('src', 'other.json'));
      // The first file comes after all: its rows are no longer wanted, and the sample goes.
      sendFile();
      await page.waitForFunction(() => !document.querySelector('episode-chapters').shadowRoot.querySelector('.ec-sample'));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.equal(await widget.locator('.ec-early').count(), 0);
      assert.equal(await widget.ariaSnapshot(), '- link "Chapters":\n  - /url: episode.json');
      assert.ok(await widget.getByRole('link', { name: 'Chapters' }).isVisible());
      // The widget reads the new file.
      release();
      await episode.rows.nth(2).locator('button.ec-seek').waitFor();
      assert.deepEqual(await episode.rows.locator('.ec-title').allTextContents(), ['Other one', 'Other two', 'Other three']);
      assert.equal(await widget.locator('.ec-sample, .ec-early').count(), 0);
      assert.equal(await widget.getByRole('link', { name: 'Chapters', exact: true }).isVisible(), false);
      episode.assertNoConsoleErrors();
    } finally {
      sendFile();
      release();
      await episode.close();
    }
  });

  it('leaves nothing behind when the element is removed while the file is on its way', { timeout: 60_000 }, async () => {
    const { episode, page, widget, release, sendFile } = await openHeld({ holdFile: true });
    try {
      await widget.locator('.ec-sample').waitFor({ state: 'attached' });
      await page.evaluate(() => {
        window.removed = document.querySelector('episode-chapters');
        window.removed.remove();
      });
      sendFile();
      release();
      // A copy put in its place shows the chapters: by then the file and the wasm have come,
      // and the removed element has had its chance to show a view, early or interactive.
      await page.evaluate(() => document.querySelector('main').append(window.removed.cloneNode(true)));
      await episode.ready();
      assert.deepEqual(await page.evaluate(() => [...window.removed.shadowRoot.children].map((child) => child.localName)), ['slot']);
      assert.equal(await page.evaluate(() => window.loads), 1);
      episode.assertNoConsoleErrors();
    } finally {
      sendFile();
      release();
      await episode.close();
    }
  });

  it('shows the first 40 rows of a long file, in the page language', { timeout: 60_000 }, async () => {
    const chapters = Array.from({ length: 10_000 }, (_, i) => ({ startTime: i * 0.2245, title: `Part ${i + 1}` }));
    const { episode, widget, release } = await openHeld({
      json: JSON.stringify({ version: '1.2.0', chapters }),
      rewrite: (html) => html.replace('<episode-chapters ', '<episode-chapters lang="de" '),
    });
    try {
      await widget.locator('.ec-early li.ec-chapter').first().waitFor();
      const rows = await earlyRows(widget);
      assert.equal(rows.length, 40);
      assert.deepEqual(rows[0], ['0:00–0:00', 'Part 1']);
      // Row 40 ends where chapter 41 starts: 40 × 0.2245 s = 8.98 s.
      assert.deepEqual(rows[39], ['0:08–0:08', 'Part 40']);
      assert.equal(await widget.locator('.ec-early .ec-heading').textContent(), 'Kapitel');
      release();
      await widget.locator('button.ec-seek').first().waitFor();
      assert.equal(await widget.locator('.ec-early').count(), 0);
    } finally {
      release();
      await episode.close();
    }
  });

  it("reads only the first rows: a file broken after them shows them, then the widget's message", { timeout: 60_000 }, async () => {
    const chapters = Array.from({ length: 200 }, (_, i) => ({ startTime: i * 10, title: `Part ${i + 1}` }));
    const json = JSON.stringify({ version: '1.2.0', chapters });
    // Cut in chapter 150's title: no JSON parser reads this file whole.
    const { episode, widget, release } = await openHeld({ json: json.slice(0, json.indexOf('Part 150') + 4) });
    try {
      await widget.locator('.ec-early li.ec-chapter').first().waitFor();
      assert.equal((await earlyRows(widget)).length, 40);
      release();
      // The element's own content (a link to the file) under the message, in the early view's place.
      await widget.locator('.ec-note-detail').waitFor();
      assert.match(await widget.locator('.ec-note-detail').innerText(), /line 1, column \d+/);
      assert.equal(await widget.locator('.ec-early').count(), 0);
      assert.ok(await widget.getByRole('link').isVisible());
    } finally {
      release();
      await episode.close();
    }
  });

  it('stays as a plain list when the wasm cannot load', { timeout: 60_000 }, async () => {
    const { episode, widget, fail } = await openHeld();
    try {
      await widget.locator('.ec-early li.ec-chapter').nth(14).waitFor();
      fail();
      await widget.locator('.ec-early section:not([aria-busy])').waitFor();
      assert.equal(await widget.locator('.ec-early li.ec-chapter').count(), 15);
      assert.ok(await widget.locator('.ec-early li.ec-chapter').nth(14).isVisible());
    } finally {
      fail();
      await episode.close();
    }
  });

  it('is not shown where it could differ from the widget, and goes when src changes', { timeout: 60_000 }, async () => {
    // Among the first rows, a silent chapter (toc: false: not listed) or a title with a
    // right-to-left override (dropped by the widget): the widget lists them differently.
    for (const change of [{ toc: false }, { title: 'Reversed \u202e20:00 the rest' }]) {
      const chapters = episodeJson.chapters.map((c, i) => (i === 3 ? { ...c, ...change } : c));
      const other = await openHeld({ json: JSON.stringify({ ...episodeJson, chapters }) });
      try {
        // The file is in (the early view would be shown within a few frames of it), and then some.
        await other.page.waitForFunction(() => performance.getEntriesByType('resource')
          .some((entry) => entry.name.endsWith('/examples/episode.json') && entry.responseEnd > 0));
        await other.page.waitForTimeout(500);
        assert.equal(await other.widget.locator('.ec-early').count(), 0, JSON.stringify(change));
        // Its own content (the link to the file) stays in view until the widget is there.
        assert.ok(await other.widget.getByRole('link').isVisible());
      } finally {
        other.release();
        await other.episode.close();
      }
    }

    const moved = await openHeld();
    try {
      await moved.widget.locator('.ec-early li.ec-chapter').first().waitFor();
      await moved.widget.evaluate((element) => element.setAttribute('src', 'missing.json'));
      assert.equal(await moved.widget.locator('.ec-early').count(), 0);
      assert.ok(await moved.widget.getByRole('link').isVisible());
    } finally {
      moved.release();
      await moved.episode.close();
    }
  });
});
