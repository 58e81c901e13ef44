// Types for episode-chapters.js: the <episode-chapters> element and the JS API.

/** One chapter in the Podcasting 2.0 JSON chapters shape (times in seconds). */
export interface ChapterData {
  startTime: number;
  endTime?: number;
  title?: string;
  /** Shown when the row is opened. */
  description?: string;
  /** Key points, shown under the description. */
  points?: string[];
  url?: string;
  img?: string;
  /** `false`: a silent chapter, never listed. */
  toc?: boolean;
}

/** Options of {@link mount}: the element's attributes, plus data and elements. */
export interface MountOptions {
  /** The media element to follow. Wins over `for`. */
  media?: HTMLMediaElement;
  /** The id of the media element to follow. Without `media` and `for`: an `<audio>`/`<video>` inside the element, else the nearest one before it. */
  for?: string;
  /** The chapter source: a URL, `#element-id`, `track` (the media's chapters track) or `media` (the media file's own chapters). */
  src?: string;
  /** Chapters as data, instead of `src`: a Podcasting 2.0 chapters object or its `chapters` array. */
  chapters?: { version?: string; chapters: ChapterData[] } | ChapterData[];
  /** The source's format, skipping detection: `json`, `vtt`, `psc`, `text`. */
  format?: 'json' | 'vtt' | 'psc' | 'text';
  /** Which rows open by themselves: `current` (the playing chapter, default), `none` or `all`. */
  expanded?: 'none' | 'current' | 'all';
  /** Keep the playing chapter in view (default `true`). */
  follow?: boolean | 'on' | 'off';
  /** Colours: as the page's `color-scheme` says (default), or forced. */
  theme?: 'auto' | 'light' | 'dark';
  /** The narrow layout for sidebars. */
  compact?: boolean;
  /** The level of the "Chapters" heading, 1 to 6 (default 2). */
  headingLevel?: number;
  /** A slim chapter timeline above the list. */
  timeline?: boolean;
  /** `false` or `'off'`: leave the OS media controls (Media Session) to the page. */
  mediaSession?: boolean | 'on' | 'off';
  /** The widget's language (`en`, `de`, `fr`, `es`, `ar`; any BCP 47 tag). Default: the nearest `lang` above the element. */
  lang?: string;
}

/** A mounted widget. */
export interface ChapterWidget {
  /** Resolves when the widget is on the page (the wasm has loaded). */
  readonly ready: Promise<void>;
  /** Replaces the options (the element: reads its attributes again). */
  update(options?: MountOptions): void;
  /** Removes the widget with every listener, frame, request and picture URL it holds. */
  destroy(): void;
}

/** Mounts a chapter widget on `element` (which gets a shadow root). */
export function mount(element: HTMLElement, options?: MountOptions): ChapterWidget;

/** `detail` of `chaptersload`: chapters were read. */
export interface ChaptersLoadDetail {
  /** How many chapters are listed. */
  count: number;
  /** What the reader repaired or skipped, as messages with their positions. */
  warnings: string[];
}

/** `detail` of `chapterchange`: the playing chapter changed (by playback or a seek). All `null` when none plays. */
export interface ChapterChangeDetail {
  index: number | null;
  /** Seconds. */
  start: number | null;
  /** Seconds; `null` while unknown. */
  end: number | null;
  title: string | null;
}

/**
 * `detail` of `chaptererror`: no chapters could be shown. `kind`:
 * - `network`: the source could not be reached (offline, refused, blocked by CORS);
 * - `timeout`: no answer within 8 s, twice;
 * - `http`: the server answered with an error status (`status`);
 * - `not-chapters`: the source is not a chapter format (a web page, an image, prose);
 * - `format`: a chapter format with an error at `position`;
 * - `media`: no media element, or its file's chapters cannot be read;
 * - `ranges`: the media file's chapters are past what a server without HTTP Range support lets
 *   the widget read;
 * - `page`: something the page names is missing (`src="#id"`);
 * - `crash`: the widget's WebAssembly stopped (a bug); every widget on the page shows its
 *   server-rendered list, or a link to the chapters, with a message.
 */
export interface ChapterErrorDetail {
  kind: 'network' | 'timeout' | 'http' | 'not-chapters' | 'format' | 'media' | 'ranges' | 'page' | 'crash';
  /** The precise diagnostic (English), naming the source and the position; the widget shows it beside a sentence in the listener's language. */
  message: string;
  /** Where in the source, for `format`. */
  position: { line: number; column: number } | { byte: number } | null;
  /** The HTTP status, for `http`. */
  status: number | null;
}

/** The `<episode-chapters>` element. */
export class EpisodeChaptersElement extends HTMLElement {}

declare global {
  interface HTMLElementTagNameMap {
    'episode-chapters': EpisodeChaptersElement;
  }
  interface HTMLElementEventMap {
    chaptersload: CustomEvent<ChaptersLoadDetail>;
    chapterchange: CustomEvent<ChapterChangeDetail>;
    chaptererror: CustomEvent<ChapterErrorDetail>;
  }
}
