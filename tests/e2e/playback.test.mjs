// Real audio plays in Chromium and the highlight follows it: across chapter boundaries within
// one animation frame, on seeks from a script, and on clicks in the list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

describe('playback', () => {
  it('plays across two chapter boundaries and the highlight moves within one frame of each', { timeout: 90_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    await episode.waitForCurrent(0, 'chapter 1 highlighted before play');

    // Record, every animation frame, the audio's time and the highlighted row.
    await episode.page.evaluate(() => {
      const audio = document.getElementById('episode-audio');
      window.samples = [];
      const sample = () => {
        const row = ec('[aria-current="true"]');
        window.samples.push({ t: audio.currentTime, paused: audio.paused, active: row ? Number(row.dataset.startMs) : null });
        window.sampling = requestAnimationFrame(sample);
      };
      sample();
    });

    for (const [from, boundary] of [[163.5, 165], [237.5, 239]]) {
      await episode.seek(from);
      await episode.page.evaluate(() => document.getElementById('episode-audio').play());
      await episode.waitFor((b) => document.getElementById('episode-audio').currentTime > b + 1.2, boundary, `playback past ${boundary} s`);
      await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
      await episode.waitForCurrent(boundary * 1000);
    }
    const samples = await episode.page.evaluate(() => {
      cancelAnimationFrame(window.sampling);
      return window.samples;
    });

    for (const [boundary, previous] of [[165, 0], [239, 165_000]]) {
      const playing = samples.filter((s) => !s.paused && s.t > boundary - 1.2 && s.t < boundary + 1.2);
      assert.ok(playing.length > 30, `frames sampled while playing through ${boundary} s: ${playing.length}`);
      // Time really advanced through the boundary while playing.
      assert.ok(playing[0].t < boundary && playing.at(-1).t > boundary, `played through ${boundary} s`);
      const crossed = playing.findIndex((s) => s.t >= boundary);
      const moved = playing.findIndex((s) => s.active === boundary * 1000);
      assert.ok(moved >= crossed, `highlight moved early at ${boundary} s (frame ${moved}, crossing at frame ${crossed})`);
      assert.ok(moved - crossed <= 1, `highlight lagged ${moved - crossed} frames at ${boundary} s`);
      // Every frame agrees with the time, give or take that one frame at the crossing.
      for (const [i, s] of playing.entries()) {
        if (i === crossed) continue;
        assert.equal(s.active, s.t >= boundary ? boundary * 1000 : previous, `frame ${i} at ${s.t} s`);
      }
    }
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('clicking chapter 6 seeks to 12:42 and plays', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    const seek = episode.seekButton(5);
    assert.match(await seek.innerText(), /Bridging research to enterprise/);
    await seek.click();
    await episode.waitFor(() => {
      const a = document.getElementById('episode-audio');
      return !a.paused && a.currentTime > 762.3;
    }, null, 'playback after 12:42');
    const time = await episode.audio('currentTime');
    assert.ok(time >= 762 && time < 770, `currentTime ${time}`);
    await episode.waitForCurrent(762_000);
    await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('a seek from a script moves the highlight at once, paused or not', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    for (const [seconds, startMs] of [[1500, 1_488_000], [164.9, 0], [165, 165_000], [2245, 2_044_000], [19 * 60 + 54.999, 1_113_000]]) {
      await episode.seek(seconds);
      await episode.waitForCurrent(startMs, `row ${startMs} after seeking to ${seconds} s`);
    }
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('a seek with the audio element’s own controls moves the highlight', { timeout: 60_000 }, async () => {
    const episode = await (await EpisodePage.open(env)).ready();
    await episode.waitFor(() => document.getElementById('episode-audio').readyState >= 1, null, 'metadata');
    await episode.waitForCurrent(0);
    // Click on the native timeline, about two thirds along: Chromium's controls seek there.
    const box = await episode.page.locator('#episode-audio').boundingBox();
    const clicks = [0.62, 0.7, 0.78];
    for (const fraction of clicks) {
      await episode.page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
      await episode.page.waitForTimeout(300);
      const time = await episode.audio('currentTime');
      if (time > 60) break;
    }
    const time = await episode.audio('currentTime');
    assert.ok(time > 60, `the native timeline seeked (currentTime ${time})`);
    // The highlighted row is the chapter containing the new time.
    const starts = await episode.rows.evaluateAll((rows) => rows.map((r) => Number(r.dataset.startMs)));
    const expected = starts.filter((s) => s <= time * 1000).at(-1);
    await episode.waitForCurrent(expected, `row ${expected} after the native seek to ${time} s`);
    await episode.page.evaluate(() => document.getElementById('episode-audio').pause());
    episode.assertNoConsoleErrors();
    await episode.close();
  });

  it('with preload="none", a click before the metadata has loaded still lands at the chapter', { timeout: 60_000 }, async () => {
    const episode = await (
      await EpisodePage.open(env, { rewrite: (html) => html.replace('preload="metadata"', 'preload="none"') })
    ).ready();
    assert.equal(await episode.audio('preload'), 'none');
    assert.equal(await episode.audio('readyState'), 0, 'no metadata yet');
    await episode.seekButton(9).click(); // 21:10
    await episode.waitFor(() => {
      const a = document.getElementById('episode-audio');
      return !a.paused && a.currentTime > 1270.2;
    }, null, 'playback after 21:10');
    const time = await episode.audio('currentTime');
    assert.ok(time >= 1270 && time < 1278, `currentTime ${time}`);
    await episode.waitForCurrent(1_270_000);
    episode.assertNoConsoleErrors();
    await episode.close();
  });
});
