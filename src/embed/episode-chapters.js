// episode-chapters: chapters for podcast episode pages.
//
// The one file a page references. It defines <episode-chapters> and exports the JS API
// (mount), and loads the WebAssembly only when the first widget appears: a page without
// chapters pays for this file alone. The readers of media files and XML are a second wasm,
// loaded only when a widget meets such a source. Everything else is found next to it, so the folder works
// from any path and from a CDN. This shim owns nothing: each widget lives in the wasm.
//
//   <link rel="stylesheet" href="/embed/episode-chapters.css">
//   <script type="module" src="/embed/episode-chapters.js"></script>
//   <episode-chapters for="episode-audio" src="episode.json"></episode-chapters>

const ATTRIBUTES = ['for', 'src', 'format', 'expanded', 'follow', 'theme', 'compact', 'heading-level', 'media-session', 'timeline', 'lang'];

let loading;
let sheet;
/** Whether the wasm has loaded, or cannot be. */
let loaded = false;
let unavailable = false;
let readers;
/** Every mounted widget's fallback, for the day the wasm stops (see `stopped`). */
const mounted = new Set();
/** Why the wasm stopped, once it has: every widget then shows its fallback. */
let crash;

/** What a widget says when it falls back, in the five languages the widget speaks. */
const STOPPED = {
  en: ['The interactive chapter list stopped working.', 'Open the chapters'],
  de: ['Die interaktive Kapitelliste funktioniert nicht mehr.', 'Kapitel öffnen'],
  fr: ['La liste interactive des chapitres a cessé de fonctionner.', 'Ouvrir les chapitres'],
  es: ['La lista interactiva de capítulos dejó de funcionar.', 'Abrir los capítulos'],
  ar: ['توقفت قائمة الفصول التفاعلية عن العمل.', 'فتح الفصول'],
};

/**
 * One panic (or any trap) stops the WebAssembly instance that every widget on the page shares.
 * Then each widget shows what it can without it: the page's own server-rendered list (its
 * children, through a slot), or else a link to its chapter file, under a message; and
 * `chaptererror` says so (`kind: 'crash'`). The wasm is never called again.
 */
function stopped(reason) {
  if (crash) return;
  crash = String(reason?.message ?? reason);
  console.error(`episode-chapters: the widget stopped (${crash}); showing the plain chapter list`);
  for (const fallback of mounted) fallback();
  mounted.clear();
}

/** Whether `error` is a trap of the widget's own wasm (not the readers', not another script's). */
function isTrap(error) {
  return error instanceof WebAssembly.RuntimeError && /episode-chapters-\d[^/]*\.wasm/.test(error.stack ?? '');
}

for (const type of ['error', 'unhandledrejection']) {
  addEventListener(type, (event) => {
    const error = event.error ?? event.reason;
    if (isTrap(error)) stopped(error);
  });
}

/**
 * The language a widget on `element` speaks: `own` (its `lang` setting), else the nearest
 * `lang` in the page; one of the five it speaks (`STOPPED`'s keys), else English.
 */
function language(element, own) {
  const tag = (own ?? element.closest('[lang]')?.getAttribute('lang') ?? '').trim().slice(0, 2).toLowerCase();
  return Object.hasOwn(STOPPED, tag) ? tag : 'en';
}

/** Shows `element`'s fallback in its shadow root (see `stopped`) and says so. */
function fallBack(element, src) {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const [message, open] = STOPPED[language(element)];
  const note = document.createElement('p');
  note.className = 'ec-note';
  note.setAttribute('role', 'status');
  note.textContent = message;
  const parts = [note];
  const url = typeof src === 'string' && absolute(src);
  if (element.children.length > 0) {
    parts.push(document.createElement('slot'));
  } else if (url && /^https?:$/.test(new URL(url).protocol)) {
    const link = document.createElement('a');
    link.href = url;
    link.textContent = open;
    parts.push(link);
  }
  shadow.replaceChildren(...parts);
  element.dispatchEvent(new CustomEvent('chaptererror', {
    bubbles: true,
    composed: true,
    detail: { kind: 'crash', message: `the widget stopped: ${crash}`, position: null, status: null },
  }));
}
/** Chapter files fetched while the wasm loads, not yet taken: absolute URL → entry. */
const prefetched = new Map();

/**
 * Starts fetching a widget's chapter file (`src` a URL, not `#id`, `track` or `media`) at once,
 * while the wasm loads, instead of after it: the widget takes the response (`takePrefetched`)
 * in place of its own request. The same request as the widget's own (GET, default mode and
 * credentials, resolved against the document), so what it receives does not change. Returns
 * the entry, or undefined when nothing was fetched.
 */
function prefetch(src) {
  const url = typeof src === 'string' && absolute(src);
  // Another widget with the same file fetches its own when it gets there.
  if (!url || prefetched.has(url)) return undefined;
  const controller = new AbortController();
  const response = fetch(url, { signal: controller.signal });
  response.catch(() => {}); // reported by the widget that takes it, not as unhandled
  const entry = { url, response, controller };
  prefetched.set(url, entry);
  return entry;
}

/** `src` as the URL the widget would fetch; undefined for sources that are not a URL. */
function absolute(src) {
  src = src.trim();
  if (!src || src === 'track' || src === 'media' || src.startsWith('#')) return undefined;
  try {
    return new URL(src, document.baseURI).href;
  } catch {
    return undefined;
  }
}

/** Drops `entry` if nobody took it, and stops its download. */
function release(entry) {
  if (entry && prefetched.get(entry.url) === entry) {
    prefetched.delete(entry.url);
    entry.controller.abort();
  }
}

/**
 * The widget's side: the promise of the response for `src` if the loader fetched it (once),
 * else undefined (the widget then fetches it itself). `signal`, the widget's AbortSignal for
 * this load, aborts it as it would abort the widget's own request.
 */
function takePrefetched(src, signal) {
  const url = typeof src === 'string' && absolute(src);
  const entry = url && prefetched.get(url);
  if (!entry) return undefined;
  prefetched.delete(url);
  if (signal?.aborted) entry.controller.abort(signal.reason);
  else signal?.addEventListener('abort', () => entry.controller.abort(signal.reason), { once: true });
  return entry.response;
}

/**
 * The widget's texts in the languages it speaks beside English (which its wasm holds), as the
 * build names them: one small file each, fetched only for a widget that speaks it.
 */
const MESSAGES = {
  de: new URL('./episode-chapters-messages-de.json', import.meta.url),
  fr: new URL('./episode-chapters-messages-fr.json', import.meta.url),
  es: new URL('./episode-chapters-messages-es.json', import.meta.url),
  ar: new URL('./episode-chapters-messages-ar.json', import.meta.url),
};
/** Language → its texts once here, or the promise of them. */
const messages = new Map();

/**
 * The texts of language `tag` (an array, in the order the wasm expects): at once when they are
 * here, else a promise of them (rejected if they cannot be had); undefined for English and for
 * a language the widget does not speak. Each file is fetched once per page.
 */
function loadMessages(tag) {
  if (!Object.hasOwn(MESSAGES, tag)) return undefined;
  if (!messages.has(tag)) {
    const loading = fetch(MESSAGES[tag])
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((texts) => {
        messages.set(tag, texts);
        return texts;
      });
    loading.catch((error) => {
      messages.delete(tag);
      console.warn(`episode-chapters: the ${tag} texts could not be loaded (${error.message}): the widget speaks English`);
    });
    messages.set(tag, loading);
  }
  return messages.get(tag);
}

/**
 * Loads the optional readers (chapters inside MP3 / MP4 / Ogg files, Podlove Simple Chapters
 * XML) once per page, when a widget first needs one.
 */
function loadReaders() {
  readers ??= import('./episode-chapters-readers-glue.js').then(async (module) => {
    await module.default();
    return module;
  });
  return readers;
}

/**
 * The widget's stylesheet, once per page: the page's own `<link>` to it when that has loaded
 * (no second request), else fetched (an empty one if it cannot be). Read after the task that
 * asked for it, which has started the other requests by then: reading a sheet's rules takes a
 * few milliseconds.
 */
function stylesheet() {
  sheet ??= Promise.resolve()
    .then(() => {
      const url = new URL('./episode-chapters.css', import.meta.url).href;
      return linked(url) ?? fetch(url).then((response) => (response.ok ? response.text() : '')).catch(() => '');
    })
    .then((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      return sheet;
    });
  return sheet;
}

/** The rules of the page's loaded stylesheet from `url` for every medium, as text; or nothing. */
function linked(url) {
  for (const page of document.styleSheets) {
    if (page.href !== url || page.disabled || page.media.length) continue;
    try {
      return [...page.cssRules].map((rule) => rule.cssText).join('\n');
    } catch {
      // Not loaded yet, or from another origin without CORS: fetch it.
    }
  }
  return undefined;
}

/** Loads the wasm and the widget's stylesheet, once per page. */
function load() {
  loading ??= Promise.all([
    // The build (scripts/embed.mjs) writes the content-hashed names of the wasm-bindgen module
    // and of its wasm here; literals, so that bundlers see them. The wasm is fetched at once,
    // beside its module rather than after it.
    (async (wasm) => {
      wasm.catch(() => {}); // a failure is the module's to report
      const glue = await import('./episode-chapters-glue.js');
      await glue.default({ module_or_path: wasm });
      loaded = true;
      return glue;
    })(fetch(new URL('./episode-chapters-glue.wasm', import.meta.url))),
    stylesheet(),
  ]);
  loading.catch(() => {
    unavailable = true;
  });
  return loading;
}

/** How many rows the early view shows at most: more than a screen holds. */
const EARLY_ROWS = 40;
/** The early view's heading, in the five languages the widget speaks. */
const HEADING = { en: 'Chapters', de: 'Kapitel', fr: 'Chapitres', es: 'Capítulos', ar: 'الفصول' };

/**
 * The part of a Podcasting 2.0 JSON file's text that holds its top-level `chapters` array up to
 * item `count + 1` (the end of item `count` may be the next one's start), closed as an array;
 * undefined when `text` (the file so far) does not reach that far, or is no JSON object. A
 * scan of strings and brackets only: it parses nothing.
 */
function chaptersPart(text, count) {
  let depth = 0;
  let from = -1;
  let key;
  let items = 0;
  if (text.trimStart()[0] !== '{') return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i + 1;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 1) key = text.slice(start, i);
    } else if (c === '{' || c === '[') {
      depth++;
      // In valid JSON a '[' at this depth follows a key and ':', so `key` is its key.
      if (depth === 2 && c === '[' && from < 0 && key === 'chapters') from = i;
    } else if (c === '}' || c === ']') {
      depth--;
      if (from < 0) continue;
      if (depth === 1) return text.slice(from, i + 1);
      if (depth === 2 && c === '}' && ++items > count) return `${text.slice(from, i + 1)}]`;
    }
  }
  return undefined;
}

/**
 * Reads `response` (a clone of it: the widget reads the original) only as far as its first
 * `count` chapters (see `chaptersPart`), however long the file, then stops; undefined if they
 * are not in its first 4 MB.
 */
async function firstPart(response, count) {
  const reader = response.clone().body?.getReader();
  if (!reader) return undefined;
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      text += decoder.decode(value, { stream: !done });
      const part = chaptersPart(text, count);
      if (part !== undefined || done || text.length > 4e6) return part;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * The rows `{ start, end, title }` (milliseconds) of `part` (see `chaptersPart`), at most
 * `count`. Undefined unless every one of its chapters is as plain as the widget will show it
 * (a number `startTime`, in order, a plain title, listed); the wasm reads the whole file either way,
 * with its rules and messages.
 */
function firstChapters(part, count) {
  let chapters;
  try {
    chapters = JSON.parse(part);
  } catch {
    return undefined;
  }
  const ms = (seconds) => Math.round(seconds * 1000);
  const rows = [];
  for (const [i, c] of chapters.entries()) {
    // As the widget shows a title: white space as single spaces; one with a control character or
    // a bidirectional override (which the widget drops) is not shown early.
    const text = typeof c?.title === 'string' ? c.title.replace(/\s+/g, ' ').trim() : '';
    const title = /[\0-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/.test(text) ? '' : text;
    const bad = (t) => t !== undefined && !(Number.isFinite(t) && t >= c.startTime);
    if (!Number.isFinite(c?.startTime) || c.startTime < 0 || bad(c.endTime) || !title || c.toc === false
      || (i > 0 && c.startTime < chapters[i - 1].startTime)) return undefined;
    if (i < count) rows.push({ start: ms(c.startTime), end: c.endTime ?? chapters[i + 1]?.startTime, title });
  }
  for (const row of rows) if (row.end !== undefined) row.end = ms(row.end);
  return rows;
}

/**
 * Removes `element`'s early view, if any, before the widget takes over (a new `src`, or
 * removal); with nothing else in its shadow root, the element shows its own content again.
 */
function dropEarly(element) {
  const shadow = element.shadowRoot;
  shadow?.querySelector('.ec-early')?.remove();
  if (shadow && !shadow.childElementCount) shadow.append(document.createElement('slot'));
}

/** `m:ss` or `h:mm:ss`, as the widget writes a time. */
function clock(ms) {
  const s = Math.floor(ms / 1000);
  const two = (n) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}

/**
 * The early view: while the wasm loads, a widget whose chapter file is Podcasting 2.0 JSON
 * shows the file's first rows (time range and title, not yet interactive: `aria-busy`) in its
 * own style, from the prefetched response as soon as it and the stylesheet are here. The
 * widget takes over from it in one render, when it has read the chapters (or failed). A page
 * whose element holds a server-rendered list shows that list instead.
 * `setting(name)` reads an attribute's value; `current()` whether the view is still wanted.
 */
async function showEarly(element, entry, setting, current) {
  const format = setting('format');
  if (element.querySelector('li') || (format && format.trim().toLowerCase() !== 'json')) return;
  const lang = language(element, setting('lang'));
  const sample = warmUp(element, setting, lang, current);
  const [part, sheet] = await Promise.all([
    entry.response.then((response) => (response.ok ? firstPart(response, EARLY_ROWS) : undefined)),
    stylesheet(),
  ]).catch(() => []);
  const warm = await sample;
  warm?.sample.remove();
  const first = part && firstChapters(part, EARLY_ROWS);
  if (!first?.length || !current()) return;
  const view = earlyView(first, setting, lang);
  view.prepend(document.createElement('slot'));
  view.firstChild.name = 'media';
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [sheet];
  // The sample's slot showed the element's own content until now.
  warm?.slot.remove();
  shadow.prepend(view);
}

/**
 * While the chapter file is on its way: a hidden sample of the early view (one row, no height,
 * `visibility: hidden`) in the element's shadow root, beside a slot that keeps showing the
 * element's own content. The page's next frame lays it out, and with it makes the fonts the rows
 * are written in (five sizes and weights): making them was most of the early view's first
 * layout, which otherwise runs when the rows have come. Resolves to the sample (to remove once
 * the file is here) and the slot (to remove when the early view replaces the content); to
 * nothing when the element already has a shadow root.
 */
async function warmUp(element, setting, lang, current) {
  const sheet = await stylesheet().catch(() => undefined);
  if (!sheet || element.shadowRoot || !current()) return undefined;
  const shadow = element.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [sheet];
  const sample = earlyView([{ start: 0, end: 0, title: HEADING[lang] }], setting, lang);
  sample.className = 'ec-root ec-sample';
  sample.setAttribute('aria-hidden', 'true');
  sample.querySelector('[id]')?.removeAttribute('id');
  const slot = document.createElement('slot');
  shadow.append(slot, sample);
  return { sample, slot };
}

/**
 * The early view's `<div class="ec-root ec-early">` for `rows`: the widget's heading and a list
 * of time ranges and titles, in the widget's look, not yet interactive (`aria-busy`).
 */
function earlyView(rows, setting, lang) {
  const level = Number(setting('heading-level'));
  // As the widget reads an on/off attribute: present and not an off word.
  const on = (name) => setting(name) !== null && !['false', 'off', 'no', '0'].includes(setting(name).trim().toLowerCase());
  const theme = setting('theme')?.trim().toLowerCase();
  const html = (name, className, ...children) => {
    const node = document.createElement(name);
    if (className) node.className = className;
    node.append(...children);
    return node;
  };
  const heading = html(level >= 1 && level <= 6 ? `h${level}` : 'h2', 'ec-heading', HEADING[lang]);
  heading.id = 'ec-early-heading';
  const list = html('ol', 'ec-list');
  list.setAttribute('aria-labelledby', heading.id);
  // A long list scrolls in the widget: with no buttons in it yet, the keyboard scrolls the list.
  list.tabIndex = 0;
  for (const row of rows) {
    const range = html('span', 'ec-range', `${clock(row.start)}–${row.end === undefined ? '' : clock(row.end)}`);
    const title = html('span', 'ec-title', row.title);
    title.dir = 'auto';
    list.append(html('li', 'ec-chapter', html('div', 'ec-head', html('div', 'ec-seek', range, html('span', 'ec-name', title)))));
  }
  const section = html('section', `ec-widget${theme === 'light' || theme === 'dark' ? ` ec-theme-${theme}` : ''}${on('compact') ? ' ec-compact' : ''}`,
    // Blank stand-ins for the summary line and a button keep the header at the widget's height.
    html('header', 'ec-toolbar', html('div', 'ec-heading-group', heading, html('p', 'ec-summary-line', '\u00a0')),
      html('div', 'ec-actions', html('span', 'ec-button ec-stand-in', '\u00a0'))), list);
  section.lang = lang;
  if (lang === 'ar') section.dir = 'rtl';
  section.setAttribute('aria-labelledby', heading.id);
  if (!unavailable) section.setAttribute('aria-busy', 'true');
  return html('div', 'ec-root ec-early', section);
}

/**
 * Mounts a chapter widget on `element`. `options` (see episode-chapters.d.ts) takes the
 * element's attribute names (`headingLevel` for `heading-level`), `chapters` as data and
 * `media` as an element; `undefined` reads the element's attributes.
 * Returns at once; the widget appears when the wasm has loaded (`ready`).
 */
export function mount(element, options) {
  let widget;
  let destroyed = false;
  let latest = options;
  const src = () => (latest === undefined || latest === null ? element.getAttribute('src') : latest.src);
  const fallback = () => {
    widget = undefined;
    if (!destroyed) fallBack(element, src());
  };
  /** Calls into the wasm; a trap there stops every widget (see `stopped`). */
  const guard = (call) => {
    if (crash) return fallback();
    try {
      call();
    } catch (error) {
      if (!isTrap(error)) throw error;
      stopped(error);
    }
  };
  mounted.add(fallback);
  // The chapter file the widget will ask for, fetched now (not for data given as `chapters`).
  const ahead = crash ? undefined : prefetch(options === undefined || options === null ? element.getAttribute('src')
    : options.chapters == null ? options.src : undefined);
  // Once the widget's first load has ended (read or failed), a file it did not take (its src
  // changed meanwhile) never will be: its download stops. An event, not a timer, so nothing
  // stays scheduled.
  const settled = () => {
    release(ahead);
    element.removeEventListener('chaptersload', settled);
    element.removeEventListener('chaptererror', settled);
  };
  if (ahead) {
    element.addEventListener('chaptersload', settled);
    element.addEventListener('chaptererror', settled);
    const setting = (name) => {
      const value = latest === undefined || latest === null ? element.getAttribute(name)
        : latest[name.replace(/-(.)/g, (_, c) => c.toUpperCase())];
      return value === undefined || value === null ? null : String(value);
    };
    if (!loaded) showEarly(element, ahead, setting, () => !loaded && !destroyed && !crash && absolute(src() ?? '') === ahead.url && !widget);
  }
  // The widget's language, fetched beside the wasm, so that it speaks it from its first render.
  const own = options === undefined || options === null ? element.getAttribute('lang') : options.lang;
  const texts = Promise.resolve(loadMessages(language(element, own))).catch(() => {});
  const ready = Promise.all([load(), texts]).then(([[glue, sheet]]) => {
    if (!destroyed) guard(() => { widget = glue.mount(element, latest, sheet, loadReaders, takePrefetched, loadMessages); });
  });
  // Without the wasm, an early view stays as a plain list, no longer busy.
  ready.catch(() => element.shadowRoot?.querySelector('.ec-early > section')?.removeAttribute('aria-busy'));
  return {
    ready,
    update(next) {
      if (next !== undefined || options === undefined) latest = next;
      if (absolute(src() ?? '') !== ahead?.url) dropEarly(element);
      if (widget) guard(() => widget.update(latest));
    },
    destroy() {
      destroyed = true;
      mounted.delete(fallback);
      settled();
      dropEarly(element);
      if (widget && !crash) {
        guard(() => {
          widget.destroy();
          widget.free();
        });
      }
      widget = undefined;
    },
  };
}

/** `<episode-chapters>`: forwards its lifecycle to a widget. */
export class EpisodeChaptersElement extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  connectedCallback() {
    if (this.widget) this.widget.update();
    else this.widget = mount(this);
  }

  disconnectedCallback() {
    // A move (removed and added in one task) keeps the widget; a removal tears it down.
    queueMicrotask(() => {
      if (!this.isConnected && this.widget) {
        this.widget.destroy();
        this.widget = undefined;
      }
    });
  }

  attributeChangedCallback() {
    this.widget?.update();
  }
}

if (!customElements.get('episode-chapters')) {
  customElements.define('episode-chapters', EpisodeChaptersElement);
}
