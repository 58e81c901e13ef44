// Chapter sources in the page: a URL, an element's text, the audio's own chapters track;
// several widgets on one page; a broken or missing source shows its message in place
// (with its line and column) and the rest of the page keeps working.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, resultsDir, useBrowser } from './support.mjs';

const env = useBrowser();

describe('chapter sources', () => {
  it('show their problem in place while the other widgets and the page keep working', { timeout: 60_000 }, async () => {
    const mp3Requests = [];
    const m4aRequests = [];
    const episode = await EpisodePage.open(env, { path: '/fixtures/widgets.html', beforeGoto: (page) => {
      page.on('request', (request) => {
        const range = request.headers().range ?? 'no range';
        if (request.url().endsWith('mutagen-v24.mp3')) mp3Requests.push(range);
        if (request.url().endsWith('spoken.m4a')) m4aRequests.push(range);
      });
    } });
    const { page } = episode;

    const json = page.locator('#json');
    await json.locator('li.ec-chapter').nth(2).waitFor();
    assert.equal(await json.locator('li.ec-chapter').count(), 3);
    assert.match(await json.locator('.ec-summary-line').innerText(), /3 chapters · 5 min 37 s/);

    const bad = page.locator('#bad [role="alert"]');
    await bad.waitFor();
    assert.equal(
      await bad.locator('.ec-error-message').innerText(),
      '/fixtures/bad-timestamp.txt: line 2, column 3: invalid timestamp "0:0O"',
    );

    const missing = page.locator('#missing [role="alert"]');
    await missing.waitFor();
    assert.equal(await missing.locator('.ec-error-message').innerText(), '/fixtures/missing.json could not be loaded: HTTP 404 Not Found');

    // Served as text/vtt but without the WEBVTT line: the content decides (cue timings read
    // as time ranges), and the console says what was found instead of what was announced.
    const noHeader = page.locator('#vtt-no-header');
    await noHeader.locator('li.ec-chapter').nth(1).waitFor();
    assert.match(await noHeader.locator('li.ec-chapter').nth(1).innerText(), /2:45–3:59\s+Hugging Face v1/);
    assert.ok(
      episode.consoleWarnings.includes(
        'episode-chapters: /fixtures/no-header.vtt: named or served as WebVTT, but the content is show notes: read as show notes',
      ),
      episode.consoleWarnings.join('\n'),
    );

    // A web page where chapters were expected (a server's answer for a missing file, say).
    assert.equal(
      await page.locator('#html-page .ec-error-message').innerText(),
      '/fixtures/widgets.html: line 2, column 1: no chapters: this is an HTML page (a web page, perhaps an error page), not a chapter file',
    );

    const noAudio = page.locator('#no-audio');
    await noAudio.locator('li.ec-chapter').nth(2).waitFor();
    assert.match(await noAudio.locator('.ec-note').innerText(), /No audio element with id "no-such-audio"/);

    // A <track kind="chapters"> on the audio element, parsed by the browser.
    const track = page.locator('#track');
    await track.locator('li.ec-chapter').nth(14).waitFor();
    assert.match(await track.locator('li.ec-chapter').nth(5).innerText(), /12:42–14:53\s+Bridging research to enterprise/);
    // Chapters inside the MP3 itself, read with Range requests for just its ID3 tag.
    const mp3 = page.locator('#mp3');
    await mp3.locator('li.ec-chapter').nth(2).waitFor();
    assert.equal(await mp3.locator('li.ec-chapter').count(), 3, 'the silent chapter is not listed');
    assert.match(await mp3.locator('li.ec-chapter').first().innerText(), /0:00–/);
    assert.deepEqual(mp3Requests, ['bytes=0-4095'], 'one Range request for the head; the tag fits in it');
    // Its first chapter (open by itself: the audio is at 0:00) shows the picture embedded in
    // the tag (APIC, a 2×2 PNG), the description (TIT3) and the link (WXXX), which opens in a
    // new tab.
    const intro = mp3.locator('li.ec-chapter').first();
    assert.equal(await intro.locator('button[aria-expanded]').getAttribute('aria-expanded'), 'true');
    const picture = intro.locator('img.ec-image');
    await picture.waitFor();
    // Pictures load lazily: as a listener scrolling down to this widget would.
    await picture.scrollIntoViewIfNeeded();
    await episode.waitFor(() => document.querySelector('#mp3 img.ec-image')?.complete, null, 'the picture to load');
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
    // Chapters inside an M4A whose moov box comes after the audio: the head, then the file's
    // last 3,298 bytes (the chapter titles at the end of mdat, and moov) — not the 24,764.
    const m4a = page.locator('#m4a');
    await m4a.locator('li.ec-chapter').nth(3).waitFor();
    assert.deepEqual(
      await m4a.locator('li.ec-chapter .ec-title').allInnerTexts(),
      ['Intro', 'Café ☕', 'Main topic', 'Outro'],
    );
    assert.match(await m4a.locator('li.ec-chapter').nth(1).innerText(), /0:05–0:12/);
    assert.deepEqual(m4aRequests, ['bytes=0-4095', 'bytes=21466-24763']);
    // And its chapters play: AAC in Chromium, from 0:12.345.
    await m4a.locator('li.ec-chapter').nth(2).locator('button:not([aria-expanded])').click();
    await episode.waitFor(() => {
      const audio = document.getElementById('m4a-audio');
      return !audio.paused && audio.currentTime > 12.5;
    }, null, 'the M4A playing from "Main topic"');
    await m4a.locator('li.ec-chapter[aria-current="true"]').filter({ hasText: 'Main topic' }).waitFor();
    await page.evaluate(() => document.getElementById('m4a-audio').pause());
    // Chapters that run past the end of the audio: once its duration (0:30) is known, only
    // what it holds is listed, cut at its end.
    const long = page.locator('#m4a-long');
    await long.locator('li.ec-chapter').nth(2).waitFor({ state: 'detached' });
    assert.equal(await long.locator('li.ec-chapter').count(), 1);
    assert.match(await long.locator('li.ec-chapter').first().innerText(), /0:00–0:30/);
    const noRange = page.locator('#no-range .ec-error-message');
    await noRange.waitFor();
    assert.match(
      await noRange.innerText(),
      /the chapters in http:\/\/127\.0\.0\.1:\d+\/no-range\/demo\/episode\.opus could not be read: the server does not answer HTTP Range requests, so only the whole file could be read$/,
    );
    // Chapters written into the page.
    const inline = page.locator('#inline');
    await inline.locator('li.ec-chapter').nth(1).waitFor();
    assert.match(await inline.locator('li.ec-chapter').first().innerText(), /Chapters written into the page itself/);
    assert.equal(await page.locator('#silent .ec-status').innerText(), 'This episode has no chapters to list.');
    assert.equal(
      await page.locator('#inline-missing .ec-error-message').innerText(),
      'no element with id "no-such-element" on this page',
    );

    // The working widget still seeks the audio, and the host page's own script still runs.
    await json.locator('li.ec-chapter').nth(1).locator('button:not([aria-expanded])').click();
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime >= 165, null, 'the seek to 2:45');
    await page.evaluate(() => document.getElementById('episode-audio').pause());
    await page.locator('#host-button').click();
    assert.equal(await page.locator('#host-output').innerText(), 'still working');

    // Ids stay unique across widgets.
    const duplicates = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      return ids.filter((id, i) => ids.indexOf(id) !== i);
    });
    assert.deepEqual(duplicates, []);
    // The 404 is the only console error, and it is the browser's own network message.
    assert.deepEqual(
      episode.consoleErrors.filter((e) => !e.includes('404')),
      [],
    );
    await episode.close();
  });
});
