// The widget's life on somebody else's page: added and removed by script (nothing left
// behind: media listeners, animation frames, document observers, requests, picture URLs),
// attributes changed at any time (a stale load is discarded), the media file changed, the JS
// API (mount / update / destroy) and the events it dispatches.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { EpisodePage, INSTRUMENT, useBrowser } from './support.mjs';

const env = useBrowser();

async function open(pagePath, options = {}) {
  return EpisodePage.open(env, {
    ...options,
    path: pagePath,
    beforeGoto: async (page) => {
      await page.addInitScript(INSTRUMENT);
      await options.beforeGoto?.(page);
    },
  });
}

const held = (page, audioId = 'episode-audio') => page.evaluate((id) => window.held(document.getElementById(id)), audioId);

/** Lets a few frames and tasks pass (no polling on animation frames: they are being counted). */
const settle = (page) => page.evaluate(() => new Promise((r) => setTimeout(r, 250)));

async function seekTo(episode, seconds) {
  await episode.seek(seconds);
  await settle(episode.page);
}

describe('lifecycle', () => {
  it('a widget removed while playing leaves nothing behind, and one added again works once', { timeout: 60_000 }, async () => {
    const embed = [];
    const episode = await open('/examples/spa.html', {
      beforeGoto: (page) => page.on('request', (r) => {
        if (r.url().includes('/embed/')) embed.push(path.basename(new URL(r.url()).pathname).replace(/-[0-9a-f]{10}\./, '-HASH.'));
      }),
    });
    const { page } = episode;
    assert.equal((await held(page)).listeners, 0);
    // A page without a widget loads the loader and its stylesheet, not the wasm.
    await page.waitForLoadState('networkidle');
    assert.deepEqual(embed.sort(), ['episode-chapters.css', 'episode-chapters.js']);
    await page.getByRole('button', { name: 'Show the episode view' }).click();
    await episode.ready();
    // JSON chapters: the widget's wasm, not the optional readers'.
    assert.deepEqual(embed.filter((f) => f.includes('HASH')).sort(), ['episode-chapters-0.1.0-HASH.js', 'episode-chapters-0.1.0-HASH.wasm']);
    // The page links the stylesheet: the widget's shadow root takes its rules from that link,
    // with no second request, and is styled by them (its list scrolls, without bullets).
    assert.deepEqual(embed.filter((f) => f.endsWith('.css')), ['episode-chapters.css']);
    assert.deepEqual(await page.evaluate(() => {
      const list = getComputedStyle(document.querySelector('episode-chapters').shadowRoot.querySelector('ol.ec-list'));
      return [list.listStyleType, list.overflowY];
    }), ['none', 'auto']);
    const mounted = await held(page);
    assert.ok(mounted.listeners >= 10, `listeners on the audio: ${mounted.listeners}`);

    await page.evaluate(() => document.getElementById('episode-audio').play());
    await page.waitForFunction(() => document.getElementById('episode-audio').currentTime > 0.5, null, { polling: 100 });
    assert.ok((await held(page)).frames > 0, 'the frame loop runs while playing');
    await page.getByRole('button', { name: 'Show another view' }).click();
    await settle(page);
    assert.deepEqual(
      { ...(await held(page)), aborted: undefined, requested: undefined, timersSet: undefined },
      { listeners: 0, frames: 0, timers: 0, observers: 0, blobs: 0, inFlight: 0, aborted: undefined, requested: undefined, timersSet: undefined },
      'nothing of the widget is left while the audio plays on',
    );
    assert.equal(await page.evaluate(() => document.getElementById('episode-audio').paused), false);
    await page.evaluate(() => document.getElementById('episode-audio').pause());

    // Again: the same number of listeners as the first time, and one event per change.
    await page.getByRole('button', { name: 'Show the episode view' }).click();
    await episode.ready();
    await settle(page);
    assert.equal((await held(page)).listeners, mounted.listeners);
    const before = await page.evaluate(() => window.chapterChanges.length);
    await seekTo(episode, 200);
    await seekTo(episode, 800);
    await seekTo(episode, 801);
    const changes = await page.evaluate((n) => window.chapterChanges.slice(n), before);
    assert.deepEqual(changes.map((c) => c.index), [1, 5], 'exactly one chapterchange per change');
    assert.deepEqual(changes[1], { index: 5, start: 762, end: 893, title: 'Bridging research to enterprise: why ML’s “time to production” is unusually fast' });
    assert.deepEqual(await episode.current(), [762_000]);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('a page that does not link the stylesheet still shows a styled widget: it is fetched once', async () => {
    const css = [];
    const episode = await open('/examples/episode.html', {
      rewrite: (html) => html.replace(/<link rel="stylesheet" href="\/embed\/episode-chapters\.css">/, ''),
      beforeGoto: (page) => page.on('request', (r) => {
        if (r.url().endsWith('.css')) css.push(path.basename(new URL(r.url()).pathname));
      }),
    });
    const { page } = episode;
    await episode.ready();
    assert.equal(await page.evaluate(() => [...document.styleSheets].some((s) => s.href?.endsWith('/episode-chapters.css'))), false,
      'the page has no link to the stylesheet');
    assert.deepEqual(css.filter((f) => f.startsWith('episode-chapters')), ['episode-chapters.css']);
    assert.deepEqual(await page.evaluate(() => {
      const root = document.querySelector('episode-chapters').shadowRoot;
      const list = getComputedStyle(root.querySelector('ol.ec-list'));
      const seek = getComputedStyle(root.querySelector('button.ec-seek'));
      return [list.listStyleType, list.overflowY, seek.backgroundColor, seek.borderTopStyle];
    }), ['none', 'auto', 'rgba(0, 0, 0, 0)', 'none']);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('a widget moved in the document keeps its state; one removed before its audio arrives stops watching', async () => {
    const episode = await open('/examples/late-audio.html?manual');
    const { page } = episode;
    await episode.ready();
    assert.equal((await held(page)).observers, 1, 'watching the document for the audio element');
    await episode.toggle(3).click();
    // Moved: removed and added in one task.
    await page.evaluate(() => document.querySelector('main').prepend(document.querySelector('episode-chapters')));
    await settle(page);
    assert.equal(await episode.toggle(3).getAttribute('aria-expanded'), 'true', 'the row opened by hand is still open');
    await page.evaluate(() => document.querySelector('episode-chapters').remove());
    await settle(page);
    assert.equal((await held(page)).observers, 0);
    await episode.close();
  });

  it('attributes take effect when they change, and a stale load is discarded', { timeout: 60_000 }, async () => {
    const episode = await open('/examples/episode.html');
    const { page } = episode;
    await episode.ready();
    const widget = page.locator('episode-chapters');
    const set = (name, value) => widget.evaluate((el, [n, v]) => (v === null ? el.removeAttribute(n) : el.setAttribute(n, v)), [name, value]);

    await set('expanded', 'all');
    await page.waitForFunction(() => ecAll('[aria-expanded="true"]').length === 15);
    await set('expanded', 'none');
    await set('heading-level', '4');
    await widget.locator('h4.ec-heading').waitFor();
    await set('theme', 'dark');
    await page.waitForFunction(() => getComputedStyle(ec('.ec-widget')).backgroundColor === 'rgb(27, 27, 31)');
    await set('compact', '');
    await widget.locator('.ec-compact').waitFor();

    // A slow source (1.5 s), overtaken by a fast one: the slow answer is aborted and never shown.
    await set('src', '/slow/fixtures/episode.json');
    await set('src', '/demo/episode.txt');
    await episode.rows.nth(14).waitFor();
    await page.waitForTimeout(2_000);
    assert.equal(await episode.rows.count(), 15);
    assert.deepEqual((await held(page)).aborted.map((url) => new URL(url, 'http://x').pathname), ['/slow/fixtures/episode.json']);
    // And the other way round: the last src wins.
    await set('src', '/demo/episode.txt');
    await set('src', '/slow/fixtures/episode.json');
    await page.waitForFunction(() => ecAll('li.ec-chapter').length === 3, null, { timeout: 10_000 });

    // format skips detection: show notes read as JSON are a JSON error.
    await set('format', 'json');
    await set('src', '/demo/episode.txt');
    // (The element's fallback link stays, with the message in a note.)
    await widget.locator('.ec-note-detail').waitFor();
    assert.match(await widget.locator('.ec-note-detail').innerText(), /^\/demo\/episode\.txt: line 1, column 1: invalid JSON/);
    await set('format', null);
    await episode.rows.nth(14).waitFor();

    // for: follow another audio element.
    await page.evaluate(() => {
      const audio = document.createElement('audio');
      audio.id = 'other-audio';
      audio.preload = 'metadata';
      audio.src = '/demo/episode.opus';
      document.querySelector('main').append(audio);
    });
    await set('for', 'other-audio');
    await page.evaluate(async () => {
      const audio = document.getElementById('other-audio');
      if (audio.readyState < 1) await new Promise((r) => audio.addEventListener('loadedmetadata', r, { once: true }));
      audio.currentTime = 300;
    });
    await episode.waitForCurrent(239_000, 'following the other audio');
    assert.equal((await held(page)).listeners, 0, 'no listener left on the first audio');
    assert.ok((await held(page, 'other-audio')).listeners >= 10);
    await episode.close();
  });

  it('a new media file: chapters read from the file are read again; others are fitted to its length', { timeout: 60_000 }, async () => {
    const episode = await open('/examples/two-players.html');
    const { page } = episode;
    const start = page.locator('#start-chapters li.ec-chapter');
    await start.nth(2).waitFor();
    await page.evaluate(() => (document.getElementById('start-audio').src = '/test-fixtures/mp4/spoken.m4a'));
    await page.waitForFunction(() => ecAll('.ec-title', document.getElementById('start-chapters').shadowRoot).map((t) => t.textContent).join('|') === 'Intro|Café ☕|Main topic|Outro');
    const ep5 = page.locator('#ep5-chapters li.ec-chapter');
    await ep5.nth(14).waitFor();
    await page.evaluate(() => (document.getElementById('ep5').src = '/test-fixtures/mp4/spoken.m4a'));
    await page.waitForFunction(() => ecAll('li.ec-chapter', document.getElementById('ep5-chapters').shadowRoot).length === 1);
    assert.match(await ep5.first().innerText(), /0:00–0:30/);
    await episode.close();
  });

  it('the JS API: chapters as data, update, events, destroy', { timeout: 60_000 }, async () => {
    const episode = await open('/examples/episode.html');
    const { page } = episode;
    await episode.ready();
    await page.evaluate(async () => {
      const { mount } = await import('/embed/episode-chapters.js');
      const events = [];
      const host = document.createElement('div');
      host.id = 'api';
      for (const name of ['chaptersload', 'chapterchange', 'chaptererror']) host.addEventListener(name, (e) => events.push([name, e.detail]));
      document.querySelector('main').append(host);
      const audio = document.getElementById('episode-audio');
      const widget = mount(host, {
        media: audio,
        chapters: { version: '1.2.0', chapters: [
          { startTime: 0, title: 'Opening', description: 'What the episode is about.' },
          { startTime: 60, title: 'Second', toc: false },
          { startTime: 120.5, title: 'Third <b>bold</b>' },
        ] },
        headingLevel: 3,
      });
      await widget.ready;
      window.apiWidget = widget;
      window.apiEvents = events;
    });
    const api = page.locator('#api');
    await api.locator('li.ec-chapter').nth(1).waitFor();
    assert.deepEqual(await api.locator('.ec-title').allInnerTexts(), ['Opening', 'Third <b>bold</b>'], 'silent chapters not listed; text stays text');
    assert.equal(await api.locator('h3').innerText(), 'Chapters');
    await page.waitForFunction(() => window.apiEvents.some(([n]) => n === 'chaptersload'));
    assert.deepEqual((await page.evaluate(() => window.apiEvents.find(([n]) => n === 'chaptersload')))[1], { count: 2, warnings: [] });
    await page.evaluate(async () => {
      const audio = document.getElementById('episode-audio');
      const seeked = new Promise((r) => audio.addEventListener('seeked', r, { once: true }));
      audio.currentTime = 130;
      await seeked;
    });
    await page.waitForFunction(() => window.apiEvents.some(([n, d]) => n === 'chapterchange' && d.index === 1));
    const changes = (await page.evaluate(() => window.apiEvents.filter(([n]) => n === 'chapterchange'))).map(([, d]) => d);
    // The last chapter ends with the audio (37:25.007 as encoded).
    assert.deepEqual(changes.map((c) => ({ ...c, end: Math.round(c.end) })), [
      { index: 0, start: 0, end: 121, title: 'Opening' },
      { index: 1, start: 120.5, end: 2245, title: 'Third <b>bold</b>' },
    ]);
    assert.equal(changes[0].end, 120.5);

    // update(): a broken source gives chaptererror with kind and position.
    await page.evaluate(() => window.apiWidget.update({ media: document.getElementById('episode-audio'), src: '/fixtures/bad-timestamp.txt' }));
    await page.waitForFunction(() => window.apiEvents.some(([n]) => n === 'chaptererror'));
    const error = (await page.evaluate(() => window.apiEvents.find(([n]) => n === 'chaptererror')))[1];
    assert.deepEqual(error, {
      kind: 'format',
      message: '/fixtures/bad-timestamp.txt: line 2, column 3: invalid timestamp "0:0O"',
      position: { line: 2, column: 3 },
      status: null,
    });
    await page.evaluate(() => window.apiWidget.update({ media: document.getElementById('episode-audio'), src: '/fixtures/missing.json' }));
    await page.waitForFunction(() => window.apiEvents.filter(([n]) => n === 'chaptererror').length === 2);
    const missing = (await page.evaluate(() => window.apiEvents.filter(([n]) => n === 'chaptererror')))[1][1];
    assert.deepEqual({ kind: missing.kind, status: missing.status, position: missing.position }, { kind: 'http', status: 404, position: null });

    // destroy(): the host shows its own content again; the two widgets' listeners become one's.
    const withTwo = (await held(page)).listeners;
    await page.evaluate(() => window.apiWidget.destroy());
    await settle(page);
    assert.equal((await held(page)).listeners, withTwo / 2);
    assert.equal(await api.locator('li.ec-chapter').count(), 0);
    await episode.close();
  });

  it('picture URLs made from an MP3\'s tag are revoked with the widget', async () => {
    const episode = await open('/examples/mp3.html');
    const { page } = episode;
    await page.evaluate(() => {
      const audio = document.getElementById('mp3-audio');
      audio.src = '/test-fixtures/id3/mutagen-v24.mp3';
    });
    await page.locator('episode-chapters img.ec-image').waitFor();
    assert.equal((await held(page, 'mp3-audio')).blobs, 1);
    await page.evaluate(() => document.querySelector('episode-chapters').remove());
    await settle(page);
    assert.deepEqual({ ...(await held(page, 'mp3-audio')), aborted: undefined, requested: undefined, timersSet: undefined }, { listeners: 0, frames: 0, timers: 0, observers: 0, blobs: 0, inFlight: 0, aborted: undefined, requested: undefined, timersSet: undefined });
    await episode.close();
  });

  it('schedules nothing while paused or while the page is hidden, and is right again when shown', { timeout: 60_000 }, async () => {
    const episode = await open('/');
    const { page } = episode;
    await episode.ready();
    await settle(page);
    // Paused: no frame requested over half a second.
    let before = (await held(page)).requested;
    let timersBefore = (await held(page)).timersSet;
    await page.waitForTimeout(500);
    assert.equal((await held(page)).requested, before, 'no animation frame while paused');
    assert.equal((await held(page)).frames, 0);
    assert.equal((await held(page)).timersSet, timersBefore, 'no timer while paused');

    // Playing across 2:45: a report is set for the crossing, and the highlight never moves
    // before the playhead is there.
    await seekTo(episode, 164.6);
    await page.evaluate(() => {
      const audio = document.getElementById('episode-audio');
      window.movedAt = [];
      new MutationObserver((records) => {
        if (records.some((r) => r.target.getAttribute?.('aria-current') === 'true')) window.movedAt.push(audio.currentTime);
      }).observe(document.querySelector('episode-chapters').shadowRoot, { attributes: true, attributeFilter: ['aria-current'], subtree: true });
    });
    timersBefore = (await held(page)).timersSet;
    await page.evaluate(() => document.getElementById('episode-audio').play());
    await page.waitForFunction(() => document.getElementById('episode-audio').currentTime > 165.3, null, { polling: 100 });
    assert.ok((await held(page)).frames > 0, 'the frame loop runs while playing');
    assert.ok((await held(page)).timersSet > timersBefore, 'a report was set for the boundary at 2:45');
    const movedAt = await page.evaluate(() => window.movedAt);
    assert.equal(movedAt.length, 1, `one highlight change: ${movedAt}`);
    assert.ok(movedAt[0] >= 165, `the highlight moved at ${movedAt[0]} s, before the boundary`);
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    await settle(page);
    assert.equal((await held(page)).timers, 0, 'no timer left once paused');
    await page.evaluate(() => document.getElementById('episode-audio').play());
    // Hidden (as a background tab is): the loop stops although the audio plays on.
    await page.evaluate(() => {
      window.pageHidden = true;
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.pageHidden });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.pageHidden ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await settle(page);
    before = (await held(page)).requested;
    timersBefore = (await held(page)).timersSet;
    await page.evaluate(() => {
      const audio = document.getElementById('episode-audio');
      audio.currentTime = 238.6; // chapter 2, crossing into chapter 3 at 3:59 while hidden
    });
    await page.waitForFunction(() => document.getElementById('episode-audio').currentTime > 239.3, null, { polling: 100 });
    assert.equal((await held(page)).requested, before, 'no animation frame while hidden');
    assert.equal((await held(page)).timersSet, timersBefore, 'no timer while hidden');
    assert.equal(await page.evaluate(() => document.getElementById('episode-audio').paused), false);
    // Shown again: the state is read at once, and the loop runs again.
    await page.evaluate(() => {
      window.pageHidden = false;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    assert.deepEqual(await episode.current(), [239_000]);
    await settle(page);
    assert.ok((await held(page)).frames > 0, 'the frame loop runs again');
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
