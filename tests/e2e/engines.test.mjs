// The core scenarios in three engines: Chromium, Firefox (Gecko) and WebKit (Safari's engine),
// each on the release build of the demo page with its real audio. How each engine is driven,
// and the media settings each needs, are in engines/drivers.mjs.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './support.mjs';
import { chromium, firefox, webkit } from './engines/drivers.mjs';

const env = useBrowser();

// Chapter 2 starts at 2:45, chapter 6 at 12:42 and chapter 7 at 14:53 (demo/episode.txt).
const CHAPTER_2 = 165;
const CHAPTER_6 = 762;
const CHAPTER_7 = 893;

// In-page functions (sent as source; ec/ecAll reach into the widget's shadow root).
const rows = () => ecAll('ol.ec-list:not(.ec-results) > li.ec-chapter');
const ROWS = `(${rows})()`;
/** Whether exactly one row is highlighted, the one starting at `ms`. */
const isCurrent = (ms) => {
  const current = ecAll('li.ec-chapter[aria-current="true"]');
  return current.length === 1 && Number(current[0].dataset.startMs) === ms;
};
const audio = (id) => {
  const a = document.getElementById(id ?? 'episode-audio');
  return { time: a.currentTime, paused: a.paused, duration: a.duration, readyState: a.readyState, error: a.error?.code ?? null };
};
/** Sets currentTime and resolves once the audio has seeked there. */
const seek = async (seconds) => {
  const a = document.getElementById('episode-audio');
  if (a.readyState < 1) await new Promise((r) => a.addEventListener('loadedmetadata', r, { once: true }));
  const seeked = new Promise((r) => a.addEventListener('seeked', r, { once: true }));
  a.currentTime = seconds;
  await seeked;
  return a.currentTime;
};
const pause = () => document.getElementById('episode-audio').pause();

async function demoPage(engine, address = '/') {
  const page = await engine.open(address);
  await page.until(new Function(`return ${ROWS}.length === 15`), null, 'the 15 chapter rows');
  return page;
}

for (const engine of [chromium(env), firefox(), webkit()]) {
  describe(engine.name, () => {
    let page;
    before(async () => {
      await engine.start(env.server.url);
      console.log(`# ${engine.name}: ${engine.version}`);
    });
    // A failed scenario leaves its page open: close it before the next one.
    afterEach(async () => {
      await page?.close().catch(() => {});
      page = undefined;
    });
    after(() => engine.stop());
    const done = () => assert.deepEqual(page.errors, [], 'uncaught errors in the page');

    it('the demo page shows its 15 chapter rows', { timeout: 60_000 }, async () => {
      page = await demoPage(engine);
      const shown = await page.run(new Function(`return ${ROWS}.map((row) => {
        const box = row.getBoundingClientRect();
        return { title: row.querySelector('.ec-title').textContent, range: row.querySelector('.ec-range').textContent, visible: box.width > 0 && box.height > 0 };
      })`));
      assert.equal(shown.length, 15);
      assert.deepEqual(shown.filter((row) => !row.visible), [], 'rows without a box');
      assert.match(shown[0].title, /^From eBay power-seller to computer vision/);
      assert.equal(shown[0].range, '0:00–2:45');
      assert.match(shown[5].title, /^Bridging research to enterprise/);
      assert.equal(shown[5].range, '12:42–14:53');
      assert.equal(shown[14].range, '34:04–37:25');
      done();
    });

    it('the highlight crosses a chapter boundary while the audio plays', { timeout: 60_000 }, async () => {
      page = await demoPage(engine);
      const at = await page.run(seek, CHAPTER_2 - 1.5);
      assert.ok(Math.abs(at - (CHAPTER_2 - 1.5)) < 0.1, `the seek to ${CHAPTER_2 - 1.5} s landed at ${at} s`);
      await page.until(isCurrent, 0, 'chapter 1 highlighted 1.5 s before its end');
      // Every animation frame: the audio's time and the highlighted row.
      await page.run(() => {
        const a = document.getElementById('episode-audio');
        window.samples = [];
        const sample = () => {
          const current = ecAll('li.ec-chapter[aria-current="true"]').map((row) => Number(row.dataset.startMs));
          window.samples.push({ t: a.currentTime, paused: a.paused, current });
          window.sampling = requestAnimationFrame(sample);
        };
        sample();
        return a.play().then(() => true);
      });
      await page.until(isCurrent, CHAPTER_2 * 1000, 'chapter 2 highlighted during playback');
      const state = await page.run(audio);
      assert.equal(state.paused, false, 'still playing');
      assert.ok(state.time >= CHAPTER_2, `currentTime ${state.time} past the boundary`);
      const samples = await page.run(async () => {
        // Two more frames: the widget may move the highlight after the sampler in a frame.
        const frames = window.samples.length;
        while (window.samples.length < frames + 2) await new Promise((r) => requestAnimationFrame(r));
        cancelAnimationFrame(window.sampling);
        document.getElementById('episode-audio').pause();
        return window.samples;
      });
      const playing = samples.filter((s) => !s.paused);
      const before = playing.filter((s) => s.t < CHAPTER_2);
      assert.ok(before.length > 5, `frames sampled while playing towards the boundary: ${before.length}`);
      assert.ok(before.at(-1).t > before[0].t + 0.5, `the audio advanced while playing: ${before[0].t} → ${before.at(-1).t} s`);
      // Firefox reduces the precision of currentTime to 2 ms, with jitter (MDN, HTMLMediaElement:
      // currentTime, "Reduced time precision"): a read may come out below an earlier one, so a
      // frame that reads within 2 ms of the boundary cannot tell which side of it the audio is.
      for (const s of before.filter((s) => s.t < CHAPTER_2 - 0.002)) assert.deepEqual(s.current, [0], `chapter 1 highlighted at ${s.t} s`);
      assert.ok(playing.some((s) => s.t >= CHAPTER_2 && s.current[0] === CHAPTER_2 * 1000), `a frame past the boundary with chapter 2 highlighted: last frames ${JSON.stringify(samples.slice(-4))}`);
      done();
    });

    it('clicking chapter 6 seeks the audio into chapter 6', { timeout: 60_000 }, async () => {
      page = await demoPage(engine);
      await page.click(new Function(`return ${ROWS}[5].querySelector('button.ec-seek')`));
      const state = await page.until(([from, to]) => {
        const a = document.getElementById('episode-audio');
        return a.currentTime >= from && a.currentTime < to && { time: a.currentTime, paused: a.paused };
      }, [CHAPTER_6, CHAPTER_7], 'currentTime within chapter 6 after the click');
      assert.ok(state.time >= CHAPTER_6 && state.time < CHAPTER_7, `currentTime ${state.time}`);
      await page.until(isCurrent, CHAPTER_6 * 1000, 'chapter 6 highlighted after the click');
      // The click also starts playback there.
      await page.until((from) => {
        const a = document.getElementById('episode-audio');
        return !a.paused && a.currentTime > from + 0.3;
      }, CHAPTER_6, 'playback from chapter 6');
      await page.run(pause);
      done();
    });

    it('expanding a row shows its summary, collapsing hides it', { timeout: 60_000 }, async () => {
      page = await demoPage(engine);
      const toggle = new Function(`return ${ROWS}[3].querySelector('button.ec-toggle')`);
      const details = new Function(`
        const row = ${ROWS}[3];
        const summary = row.querySelector('.ec-summary');
        const box = summary?.getBoundingClientRect();
        return {
          expanded: row.querySelector('button.ec-toggle').getAttribute('aria-expanded'),
          summary: summary && box.height > 0 ? summary.textContent : null,
        };`);
      assert.deepEqual(await page.run(details), { expanded: 'false', summary: null }, 'chapter 4 starts collapsed');
      await page.click(toggle);
      const open = await page.until(new Function(`const d = (${details})(); return d.expanded === 'true' && d.summary !== null && d;`), null, 'chapter 4 expanded');
      assert.match(open.summary, /^Clem offers a framework for pivots and ongoing innovation/);
      await page.click(toggle);
      await page.until(new Function(`const d = (${details})(); return d.expanded === 'false' && d.summary === null;`), null, 'chapter 4 collapsed again');
      done();
    });

    it('a link with #t=12:42 opens the page at chapter 6', { timeout: 60_000 }, async () => {
      page = await demoPage(engine, '/#t=12:42');
      await page.until(isCurrent, CHAPTER_6 * 1000, 'chapter 6 highlighted for #t=12:42');
      const state = await page.until(() => {
        const a = document.getElementById('episode-audio');
        return a.readyState >= 1 && { time: a.currentTime, paused: a.paused };
      }, null, 'the audio metadata');
      assert.ok(Math.abs(state.time - CHAPTER_6) < 1, `currentTime ${state.time}`);
      assert.equal(state.paused, true, 'not playing: the page did not ask for it');
      done();
    });

    it('a source that answers 404 shows its message in place and the page keeps working', { timeout: 60_000 }, async () => {
      // tests/e2e/fixtures/widgets.html: #missing reads /fixtures/missing.json (404), #json works.
      page = await engine.open('/fixtures/widgets.html');
      const message = await page.until(() => {
        const root = document.getElementById('missing').shadowRoot;
        const alert = root && ec('[role="alert"]', root);
        const text = alert?.querySelector('.ec-error-message');
        return text && text.getBoundingClientRect().height > 0 && text.textContent;
      }, null, 'the error message of #missing');
      assert.equal(message, '/fixtures/missing.json could not be loaded: HTTP 404 Not Found');
      // The next widget on the page still lists and seeks.
      const second = () => {
        const root = document.getElementById('json').shadowRoot;
        return root && ecAll('li.ec-chapter', root)[1]?.querySelector('button.ec-seek');
      };
      await page.until(new Function(`return Boolean((${second})())`), null, 'the rows of #json');
      await page.click(second);
      await page.until(() => document.getElementById('episode-audio').currentTime >= 165, null, 'the seek to 2:45 from #json');
      await page.run(pause);
      // And the page's own script still runs.
      await page.click(() => document.getElementById('host-button'));
      await page.until(() => document.getElementById('host-output').textContent === 'still working', null, "the page's own button");
      done();
    });
  });
}
