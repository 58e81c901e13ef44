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
let readers;

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

/** Loads the wasm and the widget's stylesheet, once per page. */
function load() {
  loading ??= Promise.all([
    // The build (scripts/embed.mjs) writes the content-hashed name of the wasm-bindgen module
    // here; a literal, so that bundlers see it.
    import('./episode-chapters-glue.js').then(async (glue) => {
      await glue.default();
      return glue;
    }),
    fetch(new URL('./episode-chapters.css', import.meta.url))
      .then((response) => (response.ok ? response.text() : ''))
      .catch(() => '')
      .then((css) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        return sheet;
      }),
  ]);
  return loading;
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
  const ready = load().then(([glue, sheet]) => {
    if (!destroyed) widget = glue.mount(element, latest, sheet, loadReaders);
  });
  return {
    ready,
    update(next) {
      if (next !== undefined || options === undefined) latest = next;
      widget?.update(latest);
    },
    destroy() {
      destroyed = true;
      widget?.destroy();
      widget?.free();
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
