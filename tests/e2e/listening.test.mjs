// Listening with chapters, with real audio in Chromium: deep links (#t= and ?t= on load, a
// span that pauses at its end, in-page #t= links, malformed values), previous / next chapter
// by button and key with the 3-second rule, and silent chapters that are never stops.
// axe-core finds no violations in the new states.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

async function noAxeViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help}) ${v.nodes[0]?.target}`);
  assert.deepEqual(summary, []);
}

const audioTime = (episode) => episode.audio('currentTime');

describe('deep links', () => {
  for (const [address, seconds, startMs] of [
    ['/#t=12:42', 762, 762_000],
    ['/?t=1:30', 90, 0],
    ['/#t=npt:0:21:10.5', 1270.5, 1_270_000],
    ['/?t=5#t=01:02:03.5', 2245, 2_044_000], // past the end: the last chapter; the fragment wins over the query
  ]) {
    it(`${address} seeks the audio on load, without playing it`, { timeout: 60_000 }, async () => {
      const episode = await (await EpisodePage.open(env, { path: address })).ready();
      await episode.waitForCurrent(startMs, `row ${startMs} highlighted for ${address}`);
      const time = await audioTime(episode);
      assert.ok(Math.abs(time - Math.min(seconds, 2245)) < 1, `currentTime ${time} for ${address}`);
      assert.equal(await episode.audio('paused'), true, 'no autoplay: the page did not ask for it');
      if (address === '/#t=12:42') {
        assert.match(await episode.row(5).locator('.ec-seek').innerText(), /Bridging research to enterprise/);
        await noAxeViolations(episode.page);
      }
      episode.assertNoConsoleErrors();
      await episode.close();
    });
  }

  it('#t=60,70 plays the span and pauses within one frame of 70 s', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env, { path: '/#t=60,70' })).ready();
    await episode.waitFor(() => Math.abs(document.getElementById('episode-audio').currentTime - 60) < 0.01, null, 'seek to 60 s');
    await episode.page.evaluate(() => {
      const audio = document.getElementById('episode-audio');
      window.samples = [];
      const sample = () => {
        window.samples.push({ t: audio.currentTime, paused: audio.paused });
        window.sampling = requestAnimationFrame(sample);
      };
      sample();
      return audio.play();
    });
    await episode.waitFor(() => {
      const a = document.getElementById('episode-audio');
      return a.paused && a.currentTime > 65;
    }, null, 'paused at the end of the span', 30_000);
    const samples = await episode.page.evaluate(() => {
      cancelAnimationFrame(window.sampling);
      return window.samples;
    });
    const time = await audioTime(episode);
    const pastEnd = samples.filter((s) => !s.paused && s.t >= 70);
    const frames = samples.filter((s) => !s.paused && s.t > 60.5);
    console.log(`#t=60,70: paused at ${time.toFixed(3)} s; ${frames.length} frames played, ${pastEnd.length} of them at or past 70 s`);
    assert.ok(frames.length > 100, `frames sampled while playing: ${frames.length}`);
    assert.ok(time >= 70 && time < 70.1, `paused at ${time}`);
    assert.ok(pastEnd.length <= 1, `frames that played on past 70 s: ${pastEnd.length}`);
    // The span is over: playing again goes on past 70 s.
    await episode.page.evaluate(() => document.getElementById('episode-audio').play());
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime > 70.6, null, 'playback past 70 s');
    await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  for (const bad of ['#t=soon', '#t=70,60', '?t=1:75', '#t=']) {
    it(`a malformed ${bad} is ignored with a console warning`, { timeout: 60_000 }, async () => {
      const episode = await (await EpisodePage.open(env, { path: `/${bad}` })).ready();
      await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
      await episode.waitForCurrent(0);
      await episode.page.waitForTimeout(300);
      assert.equal(await audioTime(episode), 0);
      assert.equal(await episode.audio('paused'), true);
      episode.assertNoConsoleErrors();
      const warnings = episode.consoleWarnings.filter((w) => w.includes('is not a time'));
      assert.equal(warnings.length, 1, `one warning: ${JSON.stringify(episode.consoleWarnings)}`);
      await episode.close();
    });
  }

  it('a #t= link clicked in the page seeks and plays, again when clicked twice', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    await episode.page.evaluate(() => {
      const p = document.createElement('p');
      p.innerHTML = 'Jump to <a id="jump" href="#t=21:10">21:10</a> or <a id="top" href="#top">the top</a>';
      document.querySelector('main').prepend(p);
    });
    await episode.page.click('#jump');
    await episode.waitFor(() => {
      const a = document.getElementById('episode-audio');
      return !a.paused && a.currentTime > 1270.2;
    }, null, 'playback after the link to 21:10');
    assert.ok((await audioTime(episode)) < 1275);
    await episode.waitForCurrent(1_270_000);
    // Elsewhere, then the same link again (no hashchange this time).
    await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
    await episode.seek(100);
    await episode.waitForCurrent(0);
    await episode.page.click('#jump');
    await episode.waitForCurrent(1_270_000, 'the same link clicked twice');
    // A link without a time changes nothing.
    await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
    const before = await audioTime(episode);
    await episode.page.click('#top');
    await episode.page.waitForTimeout(200);
    assert.ok(Math.abs((await audioTime(episode)) - before) < 0.01);
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});

describe('deep links with two players', () => {
  it('the address seeks the first; a later link moves the playing one, never both', { timeout: 60_000 }, async () => {
    const episode = await EpisodePage.open(env, { path: '/examples/two-players.html#t=90' });
    const { page } = episode;
    const time = (id) => page.evaluate((i) => document.getElementById(i).currentTime, id);
    await episode.waitFor(() => Math.abs(document.getElementById('ep5').currentTime - 90) < 0.01, null, 'the first player at 90 s');
    await page.waitForFunction(() => document.getElementById('start-chapters').shadowRoot?.querySelector('li.ec-chapter'));
    assert.equal(await time('start-audio'), 0, 'the second player stays');
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.innerHTML = '<a id="jump" href="#t=0:05">0:05</a>';
      document.querySelector('main').prepend(p);
      return document.getElementById('start-audio').play();
    });
    await page.click('#jump');
    await episode.waitFor(() => {
      const a = document.getElementById('start-audio');
      return !a.paused && a.currentTime > 5 && a.currentTime < 7;
    }, null, 'the playing (second) player at 0:05');
    assert.equal(await time('ep5'), 90, 'the first player did not move');
    assert.equal(await page.evaluate(() => document.getElementById('ep5').paused), true);
    await page.evaluate(() => document.getElementById('start-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});

describe('previous and next chapter', () => {
  it('by button and by key, with the 3-second rule, keeping pause', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
    const next = episode.page.getByRole('button', { name: 'Next chapter' });
    const previous = episode.page.getByRole('button', { name: 'Previous chapter' });
    assert.equal(await next.getAttribute('aria-keyshortcuts'), 'N');

    await episode.seek(800); // chapter 6, 38 s in
    await next.click();
    await episode.waitForCurrent(893_000, 'next: chapter 7');
    assert.equal(await audioTime(episode), 893);
    assert.equal(await episode.audio('paused'), true, 'a paused episode stays paused');
    // 0 s into chapter 7: previous goes to chapter 6.
    await previous.click();
    await episode.waitForCurrent(762_000, 'previous within 3 s: chapter 6');
    assert.equal(await audioTime(episode), 762);
    // More than 3 s in: previous goes back to the start of this chapter.
    await episode.seek(766);
    await previous.click();
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime === 762, null, 'restart of chapter 6');
    await episode.waitForCurrent(762_000);
    // 2.5 s in: the chapter before.
    await episode.seek(764.5);
    await previous.click();
    await episode.waitForCurrent(492_000, 'previous 2.5 s in: chapter 5');

    // Keys, while focus is in the widget: N and P.
    await episode.row(4).locator('.ec-seek').focus();
    await episode.page.keyboard.press('n');
    await episode.waitForCurrent(762_000, 'N: chapter 6');
    await episode.page.keyboard.press('Shift+N');
    await episode.waitForCurrent(893_000, 'Shift+N: chapter 7');
    await episode.page.keyboard.press('p');
    await episode.waitForCurrent(762_000, 'P within 3 s: chapter 6');
    // Keys outside the widget are the page's.
    await episode.page.locator('h1').click();
    await episode.page.keyboard.press('n');
    await episode.page.waitForTimeout(200);
    assert.equal(await audioTime(episode), 762);

    // While playing, next keeps playing.
    await episode.page.evaluate(() => document.getElementById('episode-audio').play());
    await next.click();
    await episode.waitFor(() => {
      const a = document.getElementById('episode-audio');
      return !a.paused && a.currentTime > 893.2;
    }, null, 'playing on in chapter 7');
    await episode.waitForCurrent(893_000);
    // The last chapter: next does nothing.
    await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
    await episode.seek(2100);
    await next.click();
    await episode.page.waitForTimeout(200);
    assert.equal(await audioTime(episode), 2100);
    await noAxeViolations(episode.page);
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('silent chapters (toc: false) are neither listed nor stops', { timeout: 60_000 }, async () => {
    const json = JSON.stringify({
      version: '1.2.0',
      chapters: [
        { startTime: 0, title: 'Opening' },
        { startTime: 30, title: 'Sponsor (silent)', toc: false },
        { startTime: 60, title: 'Interview' },
        { startTime: 90, title: 'Ad break (silent)', toc: false },
        { startTime: 120, title: 'Listener questions' },
      ],
    });
    const episode = await EpisodePage.open(env, {
      rewrite: (html) => html.replace('src="demo/episode.txt"', 'src="silent.json"'),
      beforeGoto: (page) => page.route('**/silent.json', (route) => route.fulfill({ contentType: 'application/json', body: json })),
    });
    await episode.rows.nth(2).waitFor();
    assert.deepEqual(await episode.rows.locator('.ec-title').allInnerTexts(), ['Opening', 'Interview', 'Listener questions']);
    await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
    const next = episode.page.getByRole('button', { name: 'Next chapter' });
    const previous = episode.page.getByRole('button', { name: 'Previous chapter' });
    await next.click();
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime === 60, null, 'next: 60 s, not the silent 30 s');
    await next.click();
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime === 120, null, 'next: 120 s, not the silent 90 s');
    await episode.seek(92);
    await previous.click();
    await episode.waitFor(() => document.getElementById('episode-audio').currentTime === 60, null, 'previous: 60 s, not the silent 90 s');
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});

describe('copy link', () => {
  it('copies the page address with #t= the chapter start, which opens at that chapter', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env, { path: '/?ref=feed#chapters' })).ready();
    await episode.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: episode.baseUrl });
    await episode.toggle(5).click();
    const copy = episode.row(5).getByRole('button', { name: 'Copy link to “Bridging research to enterprise' });
    await copy.click();
    const status = episode.row(5).getByRole('status');
    await status.filter({ hasText: 'Link copied.' }).waitFor({ timeout: 10_000 });
    const link = await episode.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(link, `${episode.baseUrl}/?ref=feed#t=12:42`);
    await noAxeViolations(episode.page);
    episode.assertNoConsoleErrors();
    await episode.close();

    // The copied link opens the page at chapter 6.
    const opened = await (await EpisodePage.open(env, { path: link.slice(episode.baseUrl.length) })).ready();
    await opened.waitForCurrent(762_000, 'the copied link at chapter 6');
    assert.equal(await opened.audio('currentTime'), 762);
    opened.assertNoConsoleErrors();
    await opened.close();
  });

  it('where the clipboard is refused, the link is selected in a field', { timeout: 60_000 }, async () => {
    const episode = await (
      await EpisodePage.open(env, {
        beforeGoto: (page) =>
          page.addInitScript(() => {
            navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
          }),
      })
    ).ready();
    await episode.toggle(1).click();
    await episode.row(1).getByRole('button', { name: /^Copy link to/ }).click();
    const field = episode.row(1).getByRole('textbox', { name: /^Link to “Hugging Face v1/ });
    await field.waitFor();
    assert.equal(await field.inputValue(), `${episode.baseUrl}/#t=2:45`);
    const selection = await episode.page.evaluate(() => {
      const input = ecActive();
      return { tag: input.tagName, start: input.selectionStart, end: input.selectionEnd, length: input.value.length };
    });
    assert.deepEqual(selection, { tag: 'INPUT', start: 0, end: selection.length, length: selection.length });
    assert.match(await episode.row(1).getByRole('status').innerText(), /did not allow copying/);
    await noAxeViolations(episode.page);
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
