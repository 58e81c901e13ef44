//! The chapter model: [`Chapter`] as a source describes it, [`Chapters`] as a normalised
//! timeline (sorted, no overlaps, ends derived), and the active-chapter lookup
//! [`Chapters::active_at`].
//!
//! The rules every source goes through, each of which reports a warning when it changes
//! the input:
//! - white space in titles, summaries and points is tidied (runs become one space, ends are
//!   trimmed) and control characters are removed (with a warning);
//! - an empty title becomes "Chapter N";
//! - chapters are sorted by start time (stable);
//! - of two chapters with the same start, the first one in the input is kept;
//! - an end that is not after its start is dropped (and derived as below);
//! - an end past the next chapter's start is cut there;
//! - a missing end is the next chapter's start; the last chapter's missing end is the
//!   media's duration once that is known (see [`Chapters::end_of`]);
//! - once the media's duration is known ([`Chapters::fit_to`]): a chapter that starts at or
//!   after the end of the media is dropped, an end past it is cut there;
//! - silent chapters (`toc: false`) are kept apart ([`Chapters::silent`]) and normalised among
//!   themselves, so they neither show in the list nor cut a listed chapter short.
//!
//! After that the chapters are strictly ascending and `start < end <= next start`, so the
//! chapter playing at a time is found by binary search. A gap between an explicit end and
//! the next start is a gap: no chapter is playing there.

pub mod time;

pub use time::Timestamp;

use crate::diagnostics::{Error, ErrorKind, Position};

/// One chapter as read from a source. Two chapters are equal when what they say is equal;
/// where they were read from ([`position`](Self::position)) does not count.
#[derive(Clone, Debug, Eq)]
pub struct Chapter {
    /// When the chapter starts.
    pub start: Timestamp,
    /// When it ends, if the source says (or, after normalising, if the next chapter says).
    pub end: Option<Timestamp>,
    /// The title shown in the list.
    pub title: String,
    /// A paragraph that says what the chapter is about (may be empty).
    pub summary: String,
    /// Key points, one sentence each (may be empty).
    pub points: Vec<String>,
    /// A web page about the chapter's topic.
    pub url: Option<String>,
    /// The chapter's picture.
    pub image: Option<ChapterImage>,
    /// Whether the chapter belongs in the table of contents. `false` is a *silent* chapter
    /// (Podcasting 2.0 `toc: false`, an ID3 `CHAP` that no `CTOC` lists): kept in the model
    /// (it may change artwork) but never listed and never a jump target.
    pub toc: bool,
    /// Where the chapter was read from, for messages.
    pub position: Position,
}

impl PartialEq for Chapter {
    fn eq(&self, other: &Self) -> bool {
        let Chapter { start, end, title, summary, points, url, image, toc, position: _ } = self;
        (start, end, title, summary, points, url, image, toc)
            == (&other.start, &other.end, &other.title, &other.summary, &other.points, &other.url, &other.image, &other.toc)
    }
}

/// A chapter's picture: a URL, or bytes embedded in the source (an ID3 `APIC` frame).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChapterImage {
    /// An image on the web, as the source wrote its URL.
    Url(String),
    /// An image carried inside the source.
    Embedded {
        /// Its MIME type, e.g. `image/jpeg`: one that
        /// [`formats::image_mime`](crate::formats::image_mime) keeps.
        mime: String,
        /// The image file's bytes, shared: chapters are cloned when they are fitted to the
        /// media or passed around, a cover picture of hundreds of KB is not.
        bytes: std::sync::Arc<[u8]>,
    },
}

impl Chapter {
    /// A chapter with a start and a title and nothing else.
    ///
    /// # Examples
    ///
    /// ```
    /// use episode_chapters::{Chapter, Timestamp};
    ///
    /// let intro = Chapter::new(Timestamp::ZERO, "Intro");
    /// assert_eq!(intro.title, "Intro");
    /// assert_eq!(intro.end, None);
    /// ```
    pub fn new(start: Timestamp, title: impl Into<String>) -> Self {
        Chapter {
            start,
            end: None,
            title: title.into(),
            summary: String::new(),
            points: Vec::new(),
            url: None,
            image: None,
            toc: true,
            position: Position::Unknown,
        }
    }

    /// Whether the chapter has anything to show beyond its title: a summary, key points, a
    /// picture or a link.
    pub fn has_details(&self) -> bool {
        !self.summary.is_empty() || !self.points.is_empty() || self.image.is_some() || self.link().is_some()
    }

    /// The chapter's link, if it is one a page may open: `http:` or `https:`, or relative to
    /// the page. A `javascript:` or `data:` URL from a hostile source is not a link.
    ///
    /// ```
    /// use episode_chapters::{Chapter, Timestamp};
    ///
    /// let mut chapter = Chapter::new(Timestamp::ZERO, "Intro");
    /// chapter.url = Some("https://example.com/intro".into());
    /// assert_eq!(chapter.link(), Some("https://example.com/intro"));
    /// chapter.url = Some("JavaScript:alert(1)".into());
    /// assert_eq!(chapter.link(), None);
    /// ```
    pub fn link(&self) -> Option<&str> {
        self.url.as_deref().filter(|url| is_web_url(url))
    }
}

/// Whether `url` is `http:` or `https:` (any case), or a relative reference (no scheme), as a
/// browser reads it (see [`url_scheme`]): the only links and pictures the readers keep, so no
/// `javascript:`, `data:` or `vbscript:` URL reaches a page, however it is spelled.
///
/// ```
/// use episode_chapters::chapters::is_web_url;
///
/// assert!(is_web_url("https://example.com/a"));
/// assert!(is_web_url("/episodes/12#t=30"));
/// assert!(!is_web_url(" \tJaVa\nScRiPt:alert(1)"));
/// assert!(!is_web_url("data:text/html,<script>alert(1)</script>"));
/// ```
pub fn is_web_url(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    !trimmed.is_empty() && url_scheme(url).is_none_or(|scheme| scheme == "http" || scheme == "https")
}

/// The scheme of `url` as the WHATWG URL parser (every browser) finds it, lower-cased; `None`
/// for a relative reference. The parser first strips leading and trailing C0 controls and
/// spaces and removes every ASCII tab and newline (so `" java\tscript:"` is `javascript:`);
/// the scheme is then what comes before the first `:`, if it is a letter followed by letters,
/// digits, `+`, `-` or `.`. Character references (`&#106;`) are not URLs' business: a reader
/// decodes them before (XML), or they are text (JSON, and the widget sets attributes from the
/// DOM, not from markup).
///
/// ```
/// use episode_chapters::chapters::url_scheme;
///
/// assert_eq!(url_scheme("\u{1} JaVa\tScRiPt:alert(1)").as_deref(), Some("javascript"));
/// assert_eq!(url_scheme("HTTPS://example.com").as_deref(), Some("https"));
/// assert_eq!(url_scheme("episode.mp3#t=12:42"), None);
/// assert_eq!(url_scheme("1http://x"), None);
/// ```
pub fn url_scheme(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// A normalised timeline of chapters: strictly ascending starts, every end after its start
/// and not past the next start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chapters {
    /// The listed chapters: what the list shows and what `active_at` searches.
    items: Vec<Chapter>,
    silent: Vec<Chapter>,
}

impl Chapters {
    /// Normalises `chapters` by the rules in the module documentation and returns the
    /// timeline together with a warning for every change made.
    ///
    /// # Examples
    ///
    /// ```
    /// use episode_chapters::{Chapter, Chapters, Timestamp};
    ///
    /// let s = Timestamp::from_millis;
    /// let (chapters, warnings) = Chapters::new(vec![
    ///     Chapter::new(s(60_000), "Second"),
    ///     Chapter::new(s(0), "First"),
    /// ]);
    /// assert_eq!(warnings[0].to_string(), "chapters are not in time order: sorted by start time");
    /// assert_eq!(chapters.get(0).unwrap().end, Some(s(60_000)));
    /// assert_eq!(chapters.active_at(s(59_999)), Some(0));
    /// assert_eq!(chapters.active_at(s(60_000)), Some(1));
    /// ```
    pub fn new(chapters: Vec<Chapter>) -> (Chapters, Vec<Error>) {
        let mut warnings = Vec::new();
        // Silent chapters are rare: the common case moves nothing.
        let (listed, silent): (Vec<Chapter>, Vec<Chapter>) =
            if chapters.iter().all(|c| c.toc) { (chapters, Vec::new()) } else { chapters.into_iter().partition(|c| c.toc) };
        let items = timeline(listed, true, &mut warnings);
        let silent = timeline(silent, false, &mut warnings);
        (Chapters { items, silent }, warnings)
    }

    /// Gives the chapter (listed or silent) that starts at `start` the picture `image`; returns
    /// whether there is one. How a picture read elsewhere (the readers' own wasm module) joins
    /// the chapters that came back as JSON.
    pub fn set_image(&mut self, start: Timestamp, image: ChapterImage) -> bool {
        match self.items.iter_mut().chain(self.silent.iter_mut()).find(|c| c.start == start) {
            Some(chapter) => {
                chapter.image = Some(image);
                true
            }
            None => false,
        }
    }

    /// The silent chapters (`toc: false`), normalised among themselves: not listed, not jump
    /// targets, kept for what they carry (artwork, links).
    pub fn silent(&self) -> &[Chapter] {
        &self.silent
    }

    /// The number of chapters.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no chapters.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The chapter at `index`.
    pub fn get(&self, index: usize) -> Option<&Chapter> {
        self.items.get(index)
    }

    /// The chapters in time order.
    pub fn iter(&self) -> std::slice::Iter<'_, Chapter> {
        self.items.iter()
    }

    /// The chapters in time order, as a slice.
    pub fn as_slice(&self) -> &[Chapter] {
        &self.items
    }

    /// The timeline within a media of `duration` (the last rule in the module documentation):
    /// chapters that start at or after the end are dropped, ends past it are cut to it, and
    /// the last chapter without an end ends there. A warning for each chapter dropped or cut.
    /// Fitting twice changes nothing more; a zero duration (unknown) changes nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use episode_chapters::{Chapter, Chapters, Timestamp};
    ///
    /// let s = |secs: u64| Timestamp::from_millis(secs * 1000);
    /// let (chapters, _) = Chapters::new(vec![Chapter::new(s(0), "Intro"), Chapter::new(s(300), "Bonus")]);
    /// let (fitted, warnings) = chapters.fit_to(s(240));
    /// assert_eq!(fitted.len(), 1);
    /// assert_eq!(fitted.get(0).unwrap().end, Some(s(240)));
    /// assert_eq!(warnings[0].to_string(), "chapter \"Intro\" ends at 5:00, after the end of the media (4:00): cut there");
    /// assert_eq!(warnings[1].to_string(), "chapter \"Bonus\" starts at 5:00, after the end of the media (4:00): not listed");
    /// ```
    pub fn fit_to(&self, duration: Timestamp) -> (Chapters, Vec<Error>) {
        let mut warnings = Vec::new();
        if duration == Timestamp::ZERO {
            return (self.clone(), warnings);
        }
        let mut fit = |chapters: &[Chapter]| -> Vec<Chapter> {
            let mut kept = Vec::with_capacity(chapters.len());
            for chapter in chapters {
                if chapter.start >= duration {
                    let kind = ErrorKind::StartsAfterEnd { title: chapter.title.clone(), start: chapter.start, duration };
                    warnings.push(Error::new(kind, chapter.position));
                    continue;
                }
                let mut chapter = chapter.clone();
                match chapter.end {
                    Some(end) if end > duration => {
                        let kind = ErrorKind::EndsAfterEnd { title: chapter.title.clone(), end, duration };
                        warnings.push(Error::new(kind, chapter.position));
                        chapter.end = Some(duration);
                    }
                    Some(_) => {}
                    None => chapter.end = Some(duration),
                }
                kept.push(chapter);
            }
            kept
        };
        let items = fit(&self.items);
        let silent = fit(&self.silent);
        (Chapters { items, silent }, warnings)
    }

    /// Where chapter `index` ends: its own (or derived) end, else `duration` for the last one.
    pub fn end_of(&self, index: usize, duration: Option<Timestamp>) -> Option<Timestamp> {
        let chapter = self.items.get(index)?;
        chapter.end.or(duration.filter(|&d| d > chapter.start))
    }

    /// The index of the chapter playing at `t`: the last one that starts at or before `t`,
    /// provided `t` is before its end. `None` before the first chapter and in gaps.
    /// A binary search: O(log n).
    pub fn active_at(&self, t: Timestamp) -> Option<usize> {
        let index = self.items.partition_point(|c| c.start <= t).checked_sub(1)?;
        let chapter = self.items.get(index)?;
        chapter.end.is_none_or(|end| t < end).then_some(index)
    }

    /// The first moment after `t` at which [`active_at`](Self::active_at) can change: the
    /// next chapter's start, or the end of the chapter playing at `t` when it ends earlier
    /// (before a gap). `None` past the last boundary.
    ///
    /// ```
    /// use episode_chapters::chapters::{Chapter, Chapters, Timestamp};
    /// let s = Timestamp::from_millis;
    /// let (chapters, _) = Chapters::new(vec![
    ///     Chapter { end: Some(s(5_000)), ..Chapter::new(s(0), "First") },
    ///     Chapter::new(s(60_000), "Second"),
    /// ]);
    /// assert_eq!(chapters.next_boundary(s(0)), Some(s(5_000)), "the end before the gap");
    /// assert_eq!(chapters.next_boundary(s(5_000)), Some(s(60_000)));
    /// assert_eq!(chapters.next_boundary(s(60_000)), None);
    /// ```
    pub fn next_boundary(&self, t: Timestamp) -> Option<Timestamp> {
        let next = self.items.partition_point(|c| c.start <= t);
        let start = self.items.get(next).map(|c| c.start);
        let end = next.checked_sub(1).and_then(|i| self.items.get(i)?.end).filter(|&end| end > t);
        match (start, end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Like [`active_at`](Self::active_at), for a media playhead, with two allowances for the
    /// end of the episode so the last chapter does not lose its highlight there:
    /// - at or past the end of the media (`t >= duration`, as after `ended`), the chapter
    ///   playing in the media's last millisecond is active;
    /// - when the last chapter ends at most [`END_SLACK`] before the media's duration (chapter
    ///   ends are often whole seconds, encoded audio is a few milliseconds longer), it lasts to
    ///   the end of the media.
    pub fn active_at_playhead(&self, t: Timestamp, duration: Option<Timestamp>) -> Option<usize> {
        let Some(duration) = duration.filter(|&d| d > Timestamp::ZERO) else {
            return self.active_at(t);
        };
        let t = t.min(Timestamp::from_millis(duration.as_millis() - 1));
        if let Some(index) = self.active_at(t) {
            return Some(index);
        }
        let last = self.items.len().checked_sub(1)?;
        let end = self.items.get(last)?.end?;
        (t >= end && duration.since(end) <= END_SLACK).then_some(last)
    }
}

/// Sorts chapters by start, keeping the input order of equal starts.
pub(crate) fn sort_by_start(chapters: Vec<Chapter>) -> Vec<Chapter> {
    sorted_by_key(chapters, |chapter| chapter.start.as_millis())
}

/// Sorts `items` by `key`, keeping the input order of equal keys. Every list the crate sorts
/// (chapters, warnings, comment fields) goes through here, so only one sort is compiled: the
/// keys and indexes are sorted as `(u64, usize)` pairs and the items moved into that order.
/// (Each `sort_by_key` instantiation costs about 2.5 KB of wasm.)
pub(crate) fn sorted_by_key<T>(items: Vec<T>, key: impl Fn(&T) -> u64) -> Vec<T> {
    let mut order: Vec<(u64, usize)> = items.iter().map(key).zip(0..).collect();
    // The indexes are unique, so the unstable sort of the pairs keeps equal keys in input order.
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|(_, index)| slots.get_mut(index).and_then(Option::take)).collect()
}

/// Applies the normalising rules to one timeline (the listed chapters, or the silent ones).
/// Silent chapters need no title, so only listed ones are named "Chapter N".
fn timeline(mut chapters: Vec<Chapter>, listed: bool, warnings: &mut Vec<Error>) -> Vec<Chapter> {
    if let Some(pair) = chapters.windows(2).find(|w| matches!(w, [a, b] if b.start < a.start)) {
        let position = pair.get(1).map_or(Position::Unknown, |c| c.position);
        warnings.push(Error::new(ErrorKind::Unsorted, position));
        chapters = sort_by_start(chapters);
    }

    let mut items: Vec<Chapter> = Vec::with_capacity(chapters.len());
    for chapter in chapters {
        if items.last().is_some_and(|last| last.start == chapter.start) {
            warnings.push(Error::new(ErrorKind::DuplicateStart(chapter.start), chapter.position));
            continue;
        }
        items.push(chapter);
    }

    for (i, chapter) in items.iter_mut().enumerate() {
        if let Some(url) = chapter.url.take_if(|url| !is_web_url(url)) {
            warnings.push(Error::new(ErrorKind::NotWebUrl { what: "link", scheme: url_scheme(&url).unwrap_or_default() }, chapter.position));
        }
        if let Some(ChapterImage::Url(url)) = chapter.image.take_if(|image| matches!(image, ChapterImage::Url(url) if !is_web_url(url))) {
            warnings.push(Error::new(ErrorKind::NotWebUrl { what: "picture", scheme: url_scheme(&url).unwrap_or_default() }, chapter.position));
        }
        let mut controls = false;
        chapter.title = tidy(std::mem::take(&mut chapter.title), &mut controls);
        chapter.summary = tidy(std::mem::take(&mut chapter.summary), &mut controls);
        if !chapter.points.is_empty() {
            chapter.points = std::mem::take(&mut chapter.points).into_iter().map(|p| tidy(p, &mut controls)).filter(|p| !p.is_empty()).collect();
        }
        if controls {
            warnings.push(Error::new(ErrorKind::ControlCharacters(i + 1), chapter.position));
        }
        if listed && chapter.title.trim().is_empty() {
            let n = i + 1;
            warnings.push(Error::new(ErrorKind::MissingTitle(n), chapter.position));
            chapter.title = format!("Chapter {n}");
        }
    }

    let next_starts: Vec<Option<Timestamp>> = items.iter().skip(1).map(|c| Some(c.start)).chain([None]).collect();
    for (chapter, next_start) in items.iter_mut().zip(next_starts) {
        if let Some(end) = chapter.end.filter(|&end| end <= chapter.start) {
            warnings.push(Error::new(ErrorKind::EndNotAfterStart { start: chapter.start, end }, chapter.position));
            chapter.end = None;
        }
        match (chapter.end, next_start) {
            (None, next) => chapter.end = next,
            (Some(end), Some(next)) if end > next => {
                warnings.push(Error::new(ErrorKind::Overlap { title: chapter.title.clone(), next_start: next }, chapter.position));
                chapter.end = Some(next);
            }
            _ => {}
        }
    }
    items
}

/// Text as the list shows it: runs of white space (line breaks, tabs, no-break spaces) become
/// one space, the ends are trimmed, and control characters are dropped (noted in `controls`):
/// C0 and C1 controls, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), which would turn the rest of the row, times included, around.
fn tidy(text: String, controls: &mut bool) -> String {
    let dropped = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    // Most text is already tidy (single spaces, none at either end, no other white space and
    // nothing dropped): kept as it is, checked a byte at a time when it is ASCII.
    let bytes = text.as_bytes();
    let tidy = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|pair| pair == b"  ")
        && (bytes.iter().all(|&b| (b' '..=b'~').contains(&b)) || text.chars().all(|c| c == ' ' || !(c.is_whitespace() || dropped(c))));
    if tidy {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || dropped(c)) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    *controls |= text.chars().any(|c| dropped(c) && !c.is_whitespace());
    out
}

/// How far before the media's end the last chapter may end and still last to the end of the
/// media (see [`Chapters::active_at_playhead`]).
pub const END_SLACK: Timestamp = Timestamp::from_millis(1000);

impl<'a> IntoIterator for &'a Chapters {
    type Item = &'a Chapter;
    type IntoIter = std::slice::Iter<'a, Chapter>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}
