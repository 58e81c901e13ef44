// The OS media controls (Media Session API) with real audio in Chromium: the session's title is
// the playing chapter's (the page's artist, album and artwork kept), nexttrack / previoustrack
// move between chapters, chapterInfo lists them once the duration is known, only the widget
// whose audio plays drives the session, media-session="off" leaves it to the page, and a
// removed widget gives the page its own metadata back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

/** Records the action handlers set, and sets the page's own metadata, as a podcast site does. */
function PAGE_SESSION() {
  window.sessionHandlers = {};
  const session = navigator.mediaSession;
  const set = session.setActionHandler.bind(session);
  session.setActionHandler = (action, handler) => {
    window.sessionHandlers[action] = handler;
    return set(action, handler);
  };
  session.metadata = new MediaMetadata({
    title: 'With Hugging Face’s Clem Delangue',
    artist: 'No Priors',
    album: 'No Priors: AI, Machine Learning, Tech',
    artwork: [{ src: '/demo/favicon.svg', sizes: '64x64', type: 'image/svg+xml' }],
  });
}

const metadata = (page) =>
  page.evaluate(() => {
    const m = navigator.mediaSession.metadata;
    return m && {
      title: m.title,
      artist: m.artist,
      album: m.album,
      artwork: m.artwork.map((a) => a.src),
      chapters: 'chapterInfo' in m ? m.chapterInfo.map((c) => [c.title, c.startTime]) : null,
    };
  });

async function open(options = {}) {
  return EpisodePage.open(env, { ...options, beforeGoto: (page) => page.addInitScript(PAGE_SESSION) });
}

describe('media session', () => {
  it('shows the playing chapter, keeps the page’s artist, album and artwork, and moves by nexttrack / previoustrack', { timeout: 60_000 }, async () => {
    const episode = await (await open()).ready();
    const { page } = episode;
    const titles = await episode.rows.locator('.ec-title').allInnerTexts();
    assert.equal((await metadata(page)).title, 'With Hugging Face’s Clem Delangue', 'the page’s own until the audio plays');
    await episode.seek(800);
    await page.evaluate(() => document.getElementById('episode-audio').play());
    await episode.waitFor((title) => navigator.mediaSession.metadata?.title === title, titles[5], 'chapter 6 in the session');
    const shown = await metadata(page);
    assert.equal(shown.artist, 'No Priors');
    assert.equal(shown.album, 'No Priors: AI, Machine Learning, Tech');
    assert.deepEqual(shown.artwork, [`${episode.baseUrl}/demo/favicon.svg`]);
    if (shown.chapters) {
      console.log(`chapterInfo: ${shown.chapters.length} chapters`);
      assert.equal(shown.chapters.length, 15);
      assert.deepEqual(shown.chapters[5], [titles[5], 762]);
    } else {
      console.log('chapterInfo: not supported by this Chromium');
    }
    assert.equal(await page.evaluate(() => typeof window.sessionHandlers.nexttrack), 'function');

    await page.evaluate(() => window.sessionHandlers.nexttrack());
    await episode.waitForCurrent(893_000, 'nexttrack: chapter 7');
    await episode.waitFor((title) => navigator.mediaSession.metadata?.title === title, titles[6], 'chapter 7 in the session');
    assert.equal(await episode.audio('paused'), false, 'still playing');
    await page.evaluate(() => window.sessionHandlers.previoustrack());
    await episode.waitForCurrent(762_000, 'previoustrack within 3 s: chapter 6');
    await episode.waitFor((title) => navigator.mediaSession.metadata?.title === title, titles[5], 'chapter 6 in the session again');
    // Playback crossing a boundary updates the title too.
    await episode.seek(891.5);
    await episode.waitFor((title) => navigator.mediaSession.metadata?.title === title, titles[6], 'chapter 7 by playback');
    await page.evaluate(() => document.getElementById('episode-audio').pause());

    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`), []);

    // The widget removed: the page's own metadata back, and no handlers left.
    await page.evaluate(() => document.querySelector('episode-chapters').remove());
    await episode.waitFor(() => navigator.mediaSession.metadata?.title === 'With Hugging Face’s Clem Delangue', null, 'the page’s metadata back');
    assert.equal(await page.evaluate(() => window.sessionHandlers.nexttrack), null);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('with two widgets, the one whose audio plays drives the session', { timeout: 60_000 }, async () => {
    const episode = await open({ path: '/examples/two-players.html' });
    const { page } = episode;
    const rows = (host) => page.locator(`${host}`).getByRole('list').first().locator(':scope > li');
    await rows('#ep5-chapters').nth(14).waitFor();
    await rows('#start-chapters').nth(2).waitFor();
    const first = await rows('#ep5-chapters').locator('.ec-title').allInnerTexts();
    const second = await rows('#start-chapters').locator('.ec-title').allInnerTexts();

    await page.evaluate(() => document.getElementById('ep5').play());
    await episode.waitFor((title) => navigator.mediaSession.metadata?.title === title, first[0], 'the first widget drives');
    await page.evaluate(() => {
      document.getElementById('ep5').pause();
      return document.getElementById('start-audio').play();
    });
    await episode.waitFor((title) => navigator.mediaSession.metadata?.title === title, second[0], 'the second widget drives');
    // The first widget's chapter changes (its audio paused, seeked) do not take the session back.
    await page.evaluate(() => { document.getElementById('ep5').currentTime = 800; });
    await episode.page.waitForTimeout(300);
    assert.equal((await metadata(page)).title, second[0]);
    // nexttrack moves the playing audio, not the other.
    const before = await page.evaluate(() => document.getElementById('ep5').currentTime);
    await page.evaluate(() => window.sessionHandlers.nexttrack());
    await episode.waitFor((title) => navigator.mediaSession.metadata?.title === title, second[1], 'the second widget’s chapter 2');
    assert.equal(await page.evaluate(() => document.getElementById('ep5').currentTime), before);
    await page.evaluate(() => document.getElementById('start-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('a chapter’s picture is the artwork while that chapter plays', { timeout: 60_000 }, async () => {
    const json = JSON.stringify({
      version: '1.2.0',
      chapters: [
        { startTime: 0, title: 'Opening' },
        { startTime: 60, title: 'With a picture', img: '/chapter-art.svg' },
        { startTime: 120, title: 'Closing' },
      ],
    });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#4f3fd1"/></svg>';
    const episode = await EpisodePage.open(env, {
      rewrite: (html) => html.replace('src="demo/episode.txt"', 'src="art.json"'),
      beforeGoto: async (page) => {
        await page.addInitScript(PAGE_SESSION);
        await page.route('**/art.json', (route) => route.fulfill({ contentType: 'application/json', body: json }));
        await page.route('**/chapter-art.svg', (route) => route.fulfill({ contentType: 'image/svg+xml', body: svg }));
      },
    });
    const { page } = episode;
    await episode.rows.nth(2).waitFor();
    await episode.seek(61);
    await page.evaluate(() => document.getElementById('episode-audio').play());
    await episode.waitFor(() => navigator.mediaSession.metadata?.title === 'With a picture', null, 'the chapter with a picture');
    assert.deepEqual((await metadata(page)).artwork, [`${episode.baseUrl}/chapter-art.svg`]);
    assert.equal((await metadata(page)).artist, 'No Priors');
    await episode.seek(125);
    await episode.waitFor(() => navigator.mediaSession.metadata?.title === 'Closing', null, 'the next chapter');
    assert.deepEqual((await metadata(page)).artwork, [`${episode.baseUrl}/demo/favicon.svg`], 'the page’s artwork again');
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('the JS API\'s mediaSession: false leaves the session to the page too', { timeout: 60_000 }, async () => {
    const episode = await (await open({})).ready();
    const { page } = episode;
    // The element's widget goes; one mounted by the JS API takes its place.
    await page.evaluate(async () => {
      document.querySelector('episode-chapters').remove();
      const { mount } = await import('/embed/episode-chapters.js');
      const host = document.createElement('div');
      host.id = 'mounted';
      document.querySelector('main').append(host);
      await mount(host, { media: document.getElementById('episode-audio'), src: '/demo/episode.txt', mediaSession: false }).ready;
    });
    await episode.waitFor(() => document.getElementById('mounted').shadowRoot?.querySelectorAll('li.ec-chapter').length === 15, null, '15 rows');
    await episode.seek(800);
    await page.evaluate(() => document.getElementById('episode-audio').play());
    await episode.waitFor(() => document.getElementById('mounted').shadowRoot.querySelector('[aria-current="true"]')?.dataset.startMs === '762000', null, 'chapter 6');
    await page.waitForTimeout(500);
    assert.equal((await metadata(page)).title, 'With Hugging Face’s Clem Delangue');
    assert.deepEqual(await page.evaluate(() => Object.keys(window.sessionHandlers)), []);
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('media-session="off" leaves the session to the page', { timeout: 60_000 }, async () => {
    const episode = await (
      await open({ rewrite: (html) => html.replace('<episode-chapters ', '<episode-chapters media-session="off" ') })
    ).ready();
    const { page } = episode;
    await episode.seek(800);
    await page.evaluate(() => document.getElementById('episode-audio').play());
    await episode.waitForCurrent(762_000);
    await page.waitForTimeout(500);
    assert.equal((await metadata(page)).title, 'With Hugging Face’s Clem Delangue');
    assert.deepEqual(await page.evaluate(() => Object.keys(window.sessionHandlers)), []);
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
