// Chapter sources in the page: a URL, an element's text, the audio's own chapters track, the
// media file itself; several widgets on one page (tests/e2e/fixtures/widgets.html); a broken
// or missing source shows its message in place (with its line and column) and the rest of the
// page keeps working. One page for the file, one test per widget.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, resultsDir, useBrowser } from './support.mjs';

const env = useBrowser();

describe('chapter sources', () => {
  const requests = { mp3: [], m4a: [] };
  let episode;
  let page;
  before(async () => {
    episode = await EpisodePage.open(env, {
      path: '/fixtures/widgets.html',
      beforeGoto: (p) => {
        p.on('request', (request) => {
          const range = request.headers().range ?? 'no range';
          if (request.url().endsWith('mutagen-v24.mp3')) requests.mp3.push(range);
          if (request.url().endsWith('spoken.m4a')) requests.m4a.push(range);
        });
      },
    });
    page = episode.page;
  });
  after(() => episode?.close());

  it('reads JSON chapters from a URL', async () => {
    const json = page.locator('#json');
    await json.locator('li.ec-chapter').nth(2).waitFor();
    assert.equal(await json.locator('li.ec-chapter').count(), 3);
    assert.match(await json.locator('.ec-summary-line').innerText(), /3 chapters · 5 min, 37 sec/);
  });

  it('reads Podlove Simple Chapters with the readers loaded on demand', async () => {
    const psc = page.locator('#psc');
    await psc.locator('li.ec-chapter').nth(2).waitFor();
    assert.deepEqual(await psc.locator('.ec-title').allInnerTexts(), ['Intro', 'Hugging Face v1', 'The pivot to open source']);
    assert.match(await psc.locator('li.ec-chapter').nth(1).innerText(), /2:45–3:59/);
  });

  it('shows a bad timestamp with its line and column', async () => {
    const bad = page.locator('#bad [role="alert"]');
    await bad.waitFor();
    assert.equal(
      await bad.locator('.ec-error-message').innerText(),
      '/fixtures/bad-timestamp.txt: line 2, column 3: invalid timestamp "0:0O"',
    );
  });

  it('says which URL answered 404', async () => {
    const missing = page.locator('#missing [role="alert"]');
    await missing.waitFor();
    assert.equal(await missing.locator('.ec-error-message').innerText(), '/fixtures/missing.json could not be loaded: HTTP 404 Not Found');
  });

  it('reads by content when the Content-Type says otherwise, with a console warning', async () => {
    // Served as text/vtt but without the WEBVTT line: the cue timings are read as time ranges.
    const noHeader = page.locator('#vtt-no-header');
    await noHeader.locator('li.ec-chapter').nth(1).waitFor();
    assert.match(await noHeader.locator('li.ec-chapter').nth(1).innerText(), /2:45–3:59\s+Hugging Face v1/);
    assert.ok(
      episode.consoleWarnings.includes(
        'episode-chapters: /fixtures/no-header.vtt: named or served as WebVTT, but the content is show notes: read as show notes',
      ),
      episode.consoleWarnings.join('\n'),
    );
  });

  it('names an HTML page where chapters were expected', async () => {
    await page.locator('#html-page .ec-error-message').waitFor();
    assert.equal(
      await page.locator('#html-page .ec-error-message').innerText(),
      '/fixtures/widgets.html: line 2, column 1: no chapters: this is an HTML page (a web page, perhaps an error page), not a chapter file',
    );
  });

  it('lists the chapters and says so when the audio element is missing', async () => {
    const noAudio = page.locator('#no-audio');
    await noAudio.locator('li.ec-chapter').nth(2).waitFor();
    assert.match(await noAudio.locator('.ec-note').innerText(), /No audio element with id "no-such-audio"/);
  });

  it('reads the audio element\'s <track kind="chapters">', async () => {
    const track = page.locator('#track');
    await track.locator('li.ec-chapter').nth(14).waitFor();
    assert.match(await track.locator('li.ec-chapter').nth(5).innerText(), /12:42–14:53\s+Bridging research to enterprise/);
  });

  it('reads an MP3\'s own chapters with one Range request, with picture, description and link', async () => {
    const mp3 = page.locator('#mp3');
    await mp3.locator('li.ec-chapter').nth(2).waitFor();
    assert.equal(await mp3.locator('li.ec-chapter').count(), 3, 'the silent chapter is not listed');
    assert.match(await mp3.locator('li.ec-chapter').first().innerText(), /0:00–/);
    assert.deepEqual(requests.mp3, ['bytes=0-4095'], 'one Range request for the head; the tag fits in it');
    // Its first chapter (open by itself: the audio is at 0:00) shows the picture embedded in
    // the tag (APIC, a 2×2 PNG), the description (TIT3) and the link (WXXX).
    const intro = mp3.locator('li.ec-chapter').first();
    assert.equal(await intro.locator('button[aria-expanded]').getAttribute('aria-expanded'), 'true');
    const picture = intro.locator('img.ec-image');
    await picture.waitFor();
    // Pictures load lazily: as a listener scrolling down to this widget would.
    await picture.scrollIntoViewIfNeeded();
    await episode.waitFor(() => ec('img.ec-image', document.getElementById('mp3').shadowRoot)?.complete, null, 'the picture to load');
    assert.match(await picture.getAttribute('src'), /^blob:/);
    assert.equal(await picture.evaluate((img) => img.naturalWidth), 2);
    assert.equal(await intro.locator('.ec-summary').innerText(), 'Who we are');
    const link = intro.locator('.ec-link a');
    assert.equal(await link.getAttribute('href'), 'https://example.com/intro');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    // What a screen reader says, and what the eye sees.
    assert.equal(await link.textContent(), 'example.com/intro (opens in a new tab)');
    assert.equal(await link.evaluate((a) => a.firstChild.textContent), 'example.com/intro');
    assert.equal(await intro.getByRole('link', { name: 'example.com/intro (opens in a new tab)' }).count(), 1);
    const axe = await new AxeBuilder({ page }).include('#mp3').analyze();
    assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target}`), []);
    await mp3.screenshot({ path: path.join(resultsDir, 'mp3-chapter-picture-and-link.png') });
  });

  it('reads an M4A\'s chapters with two Range requests, and plays them', async () => {
    // moov comes after the audio: the head, then the file's last 3,298 bytes (the chapter
    // titles at the end of mdat, and moov), not the 24,764.
    const m4a = page.locator('#m4a');
    await m4a.locator('li.ec-chapter').nth(3).waitFor();
    assert.deepEqual(await m4a.locator('li.ec-chapter .ec-title').allInnerTexts(), ['Intro', 'Café ☕', 'Main topic', 'Outro']);
    assert.match(await m4a.locator('li.ec-chapter').nth(1).innerText(), /0:05–0:12/);
    assert.deepEqual(requests.m4a, ['bytes=0-4095', 'bytes=21466-24763']);
    await m4a.locator('li.ec-chapter').nth(2).locator('button:not([aria-expanded])').click();
    await episode.waitFor(() => {
      const audio = document.getElementById('m4a-audio');
      return !audio.paused && audio.currentTime > 12.5;
    }, null, 'the M4A playing from "Main topic"');
    await m4a.locator('li.ec-chapter[aria-current="true"]').filter({ hasText: 'Main topic' }).waitFor();
    await page.evaluate(() => document.getElementById('m4a-audio').pause());
  });

  it('cuts chapters that run past the end of the audio once its duration is known', async () => {
    const long = page.locator('#m4a-long');
    await page.evaluate(() => document.getElementById('m4a-audio').load());
    await episode.waitFor(() => document.getElementById('m4a-audio').duration > 0, null, 'the M4A metadata');
    await long.locator('li.ec-chapter').first().waitFor();
    await long.locator('li.ec-chapter').nth(1).waitFor({ state: 'detached' });
    assert.equal(await long.locator('li.ec-chapter').count(), 1);
    assert.match(await long.locator('li.ec-chapter').first().innerText(), /0:00–0:30/);
  });

  it('reads an MP3\'s chapters from a server that does not answer Range requests (the start of the file only)', async () => {
    const noRange = page.locator('#no-range');
    await noRange.locator('li.ec-chapter').nth(2).waitFor();
    // examples/media/episode-start.mp3's ID3 chapters, as the same file read with Range gives them.
    assert.deepEqual(await noRange.locator('.ec-title').allInnerTexts(), [
      'From eBay power-seller to computer vision',
      'Hugging Face v1: building a fun “AI Tamagotchi”',
      'The pivot to open source',
    ]);
  });

  it('reads chapters written into the page, and says when there are none or the element is missing', async () => {
    const inline = page.locator('#inline');
    await inline.locator('li.ec-chapter').nth(1).waitFor();
    assert.match(await inline.locator('li.ec-chapter').first().innerText(), /Chapters written into the page itself/);
    await page.locator('#silent .ec-status').waitFor();
    assert.equal(await page.locator('#silent .ec-status').innerText(), 'This episode has no chapters to list.');
    await page.locator('#inline-missing .ec-error-message').waitFor();
    assert.equal(await page.locator('#inline-missing .ec-error-message').innerText(), 'no element with id "no-such-element" on this page');
  });

  it('keeps the working widgets seeking and the page\'s own script running', async () => {
    const json = page.locator('#json');
    await json.locator('li.ec-chapter').nth(1).locator('button:not([aria-expanded])').click();
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime >= 165, null, 'the seek to 2:45');
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    await page.locator('#host-button').click();
    assert.equal(await page.locator('#host-output').innerText(), 'still working');
    // The 404 is the only console error, and it is the browser's own network message.
    assert.deepEqual(episode.consoleErrors.filter((e) => !e.includes('404')), []);
  });
});
