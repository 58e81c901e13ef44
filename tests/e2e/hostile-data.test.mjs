// Hostile data renders as inert text: script tags, event-handler attributes, javascript: /
// data: / vbscript: URLs with entity, whitespace and case tricks, bidi overrides, NUL and
// control characters and very long strings, in every text format the widget reads, in the
// element's attributes and in the JS API's options. Links and pictures survive only for
// http(s) and relative URLs. Nothing runs (every payload would set window.__xss or open a
// dialog), no element but the widget's own appears, and the page asks for nothing but the
// chapter file, the audio and the widget's own files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEEP_QUERIES, useBrowser } from './support.mjs';

const env = useBrowser();

const TEXTS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '"><svg onload="window.__xss = 3">',
  "' onmouseover='window.__xss = 4' x='",
  '<a href="javascript:window.__xss = 5">click</a>',
  '\u202Egnp.exe\u202C reversed by a bidi override',
  'NUL\u0000 BEL\u0007 ESC\u001b and DEL\u007f inside',
  '&lt;b&gt;entities stay text&lt;/b&gt; &amp; <b>tags too</b>',
];

const URLS = [
  'javascript:window.__xss = 6',
  ' JaVaScRiPt:window.__xss = 7',
  'java\tscript:window.__xss = 8',
  'java\nscript:window.__xss = 9',
  '\u0001javascript:window.__xss = 10',
  'data:text/html,<script>window.__xss = 11</script>',
  'vbscript:msgbox(12)',
  'data:image/svg+xml,<svg onload="window.__xss = 13"/>',
];

const LONG = 'A very long title '.repeat(2_000);

/** Podcasting 2.0 chapters carrying every payload: each text in title, description and points, each URL as link and picture. */
function json() {
  const chapters = TEXTS.map((text, i) => ({
    startTime: i * 60,
    title: text,
    description: text,
    points: [text],
    url: URLS[i % URLS.length],
    img: URLS[(i + 3) % URLS.length],
  }));
  chapters.push({ startTime: TEXTS.length * 60, title: LONG, url: 'https://example.com/ok', img: '/demo/favicon.svg' });
  return JSON.stringify({ version: '1.2.0', chapters });
}

const xml = (text) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** The same payloads as Podlove Simple Chapters (XML escapes them; the reader unescapes). */
function psc() {
  const rows = TEXTS.map((text, i) => `    <psc:chapter start="00:0${i}:00" title="${xml(text)}" href="${xml(URLS[i % URLS.length])}" image="${xml(URLS[(i + 3) % URLS.length])}"/>`);
  rows.push('    <psc:chapter start="00:09:00" title="Entity trick" href="java&#x09;script:window.__xss = 14"/>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">\n${rows.join('\n')}\n</psc:chapters>\n`;
}

/** Show notes: a time and a title per line. */
const notes = () => TEXTS.map((text, i) => `0${i}:00 ${text.replace(/\n/g, ' ')}`).join('\n') + `\n09:00 ${LONG}\n`;

/** WebVTT chapters: the payloads as cue text (a cue's text is plain text to a chapter reader). */
const vtt = () =>
  'WEBVTT\n\n' +
  TEXTS.map((text, i) => `0${i}:00.000 --> 0${i}:59.000\n${text.replace(/-->/g, '')}\n`).join('\n');

async function open(files, body) {
  const context = await env.browser.newContext();
  await context.addInitScript(DEEP_QUERIES);
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  for (const [name, [type, text]] of Object.entries(files)) {
    await page.route(`${env.server.url}/hostile/${name}`, (route) => route.fulfill({ contentType: type, body: text }));
  }
  await page.route(`${env.server.url}/hostile/page.html`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Hostile data</title>
  <link rel="stylesheet" href="/embed/episode-chapters.css">
  <script type="module" src="/embed/episode-chapters.js"></script>
</head>
<body>
  <main>
    <audio id="audio" controls preload="metadata" src="/demo/episode.opus"></audio>
${body}
  </main>
</body>
</html>`,
    }),
  );
  await page.goto(`${env.server.url}/hostile/page.html`);
  return { context, page, problems, requests };
}

/** Opens every row, clicks every link and picture inside the widgets, then checks what is there. */
async function inspect(page) {
  await page.evaluate(() => {
    for (const button of ecAll('button[aria-expanded="false"]')) button.click();
  });
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const allowedTags = new Set(['progress', 'section', 'div', 'p', 'span', 'ol', 'ul', 'li', 'button', 'a', 'img', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'slot', 'svg', 'path', 'input', 'label', 'time', 'strong', 'em', 'small', 'nav', 'header', 'footer', 'form', 'output']);
    const roots = [...document.querySelectorAll('episode-chapters, .mounted')].map((h) => h.shadowRoot).filter(Boolean);
    const found = { tags: [], handlers: [], links: [], pictures: [], texts: 0 };
    for (const root of roots) {
      for (const element of root.querySelectorAll('*')) {
        const tag = element.localName;
        if (!allowedTags.has(tag)) found.tags.push(tag);
        for (const attribute of element.attributes) {
          if (/^on/i.test(attribute.name)) found.handlers.push(`${tag} ${attribute.name}`);
        }
        if (tag === 'a' && element.hasAttribute('href')) found.links.push(new URL(element.getAttribute('href'), document.baseURI).protocol);
        if (tag === 'img') found.pictures.push(new URL(element.getAttribute('src'), document.baseURI).protocol);
      }
      for (const link of root.querySelectorAll('a[href]')) {
        link.setAttribute('target', '_self');
        link.addEventListener('click', (event) => event.preventDefault(), { once: true });
        link.click();
      }
      found.texts += root.textContent.length;
    }
    return found;
  });
}

function assertInert(found, problems, what) {
  assert.deepEqual(found.tags, [], `${what}: elements that are not the widget's own`);
  assert.deepEqual(found.handlers, [], `${what}: event-handler attributes`);
  for (const protocol of found.links) assert.match(protocol, /^https?:$/, `${what}: a link`);
  for (const protocol of found.pictures) assert.match(protocol, /^(https?|blob):$/, `${what}: a picture`);
  assert.deepEqual(problems, [], `${what}: dialogs and page errors`);
}

describe('hostile data', () => {
  const formats = {
    'Podcasting 2.0 JSON': ['chapters.json', 'application/json', json],
    'Podlove Simple Chapters': ['chapters.psc.xml', 'application/xml', psc],
    'show notes': ['chapters.txt', 'text/plain; charset=utf-8', notes],
    WebVTT: ['chapters.vtt', 'text/vtt', vtt],
  };
  for (const [format, [name, type, make]] of Object.entries(formats)) {
    it(`${format}: every payload is text, no URL but http(s) becomes a link or a picture`, { timeout: 60_000 }, async () => {
      const { context, page, problems, requests } = await open({ [name]: [type, make()] }, `    <episode-chapters for="audio" src="${name}" expanded="all"></episode-chapters>`);
      await page.waitForFunction(() => ecAll('li.ec-chapter').length >= 8 || ecAll('[role="alert"]').length > 0, null, { timeout: 20_000 });
      assert.deepEqual(await page.evaluate(() => ecAll('[role="alert"]').map((a) => a.textContent)), [], `${format} read`);
      const found = await inspect(page);
      assertInert(found, problems, format);
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
      // The payloads are there, as text.
      const text = await page.evaluate(() => ec('section').textContent);
      if (format === 'WebVTT') {
        // Cue text has markup of its own (<b>, <v Speaker>): a reader drops tags it does not
        // know, as WebVTT says, and keeps the text between them.
        assert.ok(text.includes('window.__xss = 1'), 'the text inside a script tag shows as text');
      } else {
        assert.ok(text.includes('<script>window.__xss = 1</script>'), 'a script tag shows as text');
        assert.ok(text.includes('<img src=x onerror="window.__xss = 2">'), 'an img tag shows as text');
      }
      assert.ok(!/[\u0000\u0007\u001b\u007f]/.test(text), 'control characters removed');
      // Requests: the page, the widget's files, the chapter file, the audio, and pictures at
      // http(s) or relative URLs the chapter file names (/demo/favicon.svg, and relative
      // references such as "java script:…": with a space it is no scheme, so browsers resolve
      // it against the page, /hostile/java%20script:…, a harmless request to the same site).
      const origin = env.server.url;
      const named = new Set([`${origin}/hostile/page.html`, `${origin}/hostile/${name}`, `${origin}/demo/episode.opus`, `${origin}/demo/favicon.svg`, `${origin}/embed/episode-chapters.css`]);
      const pictures = await page.evaluate(() => ecAll('img').map((img) => img.src));
      const others = requests.filter((url) => !named.has(url) && !url.startsWith(`${origin}/embed/episode-chapters`) && !pictures.includes(url));
      assert.deepEqual(others, [], 'requests beyond the chapter file, the audio, the widget and its pictures');
      for (const url of pictures) assert.ok(url.startsWith(`${origin}/`), `a picture on this site: ${url}`);
      await context.close();
    });
  }

  it('attributes: hostile values fall back to defaults and show as nothing but text', { timeout: 60_000 }, async () => {
    const { context, page, problems, requests } = await open({ 'chapters.json': ['application/json', json()] }, `
    <episode-chapters id="a" for="audio&quot; onmouseover=&quot;window.__xss=20" src="chapters.json" expanded="<script>window.__xss=21</script>"
      theme="dark onmouseover=window.__xss=22" heading-level="<img src=x onerror=window.__xss=23>" lang="<script>window.__xss=24</script>"
      format="json&quot;><script>window.__xss=25</script>"></episode-chapters>
    <episode-chapters id="b" for="audio" src="javascript:window.__xss=26"></episode-chapters>
    <episode-chapters id="c" for="audio" src=" data:text/html,&lt;script&gt;window.__xss=27&lt;/script&gt;"></episode-chapters>`);
    await page.waitForFunction(() => ecAll('[role="alert"]').length + ecAll('.ec-note').length >= 3, null, { timeout: 20_000 });
    const found = await inspect(page);
    assertInert(found, problems, 'attributes');
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
    const origin = env.server.url;
    assert.deepEqual(requests.filter((url) => !url.startsWith(origin)), [], 'no request for a javascript: or data: src');
    await context.close();
  });

  it('the JS API: hostile options and chapter data are text', { timeout: 60_000 }, async () => {
    const { context, page, problems } = await open({}, '    <div class="mounted" id="m1"></div>');
    await page.evaluate(
      async ({ texts, urls }) => {
        const { mount } = await import('/embed/episode-chapters.js');
        const widget = mount(document.getElementById('m1'), {
          media: document.getElementById('audio'),
          headingLevel: '<script>window.__xss=30</script>',
          theme: '" onload="window.__xss=31',
          expanded: 'all',
          format: 'json',
          chapters: texts.map((text, i) => ({ startTime: i * 60, title: text, description: text, points: [text], url: urls[i], img: urls[(i + 1) % urls.length] })),
        });
        await widget.ready;
      },
      { texts: TEXTS, urls: URLS },
    );
    await page.waitForFunction(() => ecAll('li.ec-chapter').length === 8 || ecAll('[role="alert"]').length > 0, null, { timeout: 20_000 });
    assert.deepEqual(await page.evaluate(() => ecAll('[role="alert"], .ec-note').map((a) => a.textContent)), [], 'JS API data read');
    const found = await inspect(page);
    assertInert(found, problems, 'JS API');
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
    await context.close();
  });
});
