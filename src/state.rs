//! The widget's state and its one reducer: plain data and [`Action`]s that say what happened.
//! No DOM and no Yew here: the view implements Yew's `Reducible` trait on top of
//! [`WidgetState::reduce`], and the tests drive it directly.
//!
//! The reducer returns the *same* `Rc` when an action changes nothing the view shows, which
//! is how the per-frame time reports stay cheap: Yew skips the re-render entirely.

use std::ops::Deref;
use std::rc::Rc;

use crate::chapters::{Chapters, Timestamp};
use crate::diagnostics::Position;
use crate::formats::Parsed;
use crate::settings::Expanded;

/// How finely the playhead is tracked for display (progress bar, time left). The active
/// chapter itself is decided on the exact time, every report.
pub const DISPLAY_TICK_MS: u64 = 100;

/// An `Rc` compared by identity: cheap `PartialEq` for large values handed to the view
/// (a 10,000-chapter timeline is compared in one pointer comparison).
#[derive(Debug, Default)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Whether a row is open: by hand (`Open`, `Closed`) or automatically (`Auto`: open while
/// it is the playing chapter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    Auto,
    Open,
    Closed,
}

impl Fold {
    /// Whether a row in this state is open, given whether it would open by itself now (it is
    /// the playing chapter and the page lets the playing chapter open).
    pub fn is_open(self, auto_open: bool) -> bool {
        match self {
            Fold::Open => true,
            Fold::Closed => false,
            Fold::Auto => auto_open,
        }
    }
}

/// Where the chapters are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    /// Being fetched or read.
    Loading,
    /// Read; the chapters are in [`WidgetState::chapters`].
    Ready,
    /// Nothing usable could be read.
    Failed(Rc<Failure>),
}

/// What kind of problem kept the chapters from being shown: a script matches on it
/// (`chaptererror`'s `detail.kind`) without reading the message, and the view says it in the
/// listener's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The source could not be reached (offline, refused, blocked by CORS).
    Network,
    /// The source did not arrive in time, twice.
    Timeout,
    /// The server answered with an HTTP error status.
    Http(u16),
    /// The source was reached but is not a chapter format (a web page, an image, prose).
    NotChapters,
    /// The source is a chapter format with an error in it (the position says where).
    Format,
    /// The media element is missing, or its file's chapters cannot be read.
    Media,
    /// The media file's chapters could only be read by downloading the whole file: its server
    /// does not answer HTTP Range requests.
    NoRanges,
    /// Something the page names is not there (`src="#id"` without that element).
    Page,
}

impl FailureKind {
    /// The name scripts see: `network`, `timeout`, `http`, `not-chapters`, `format`, `media`,
    /// `ranges`, `page`.
    pub fn name(self) -> &'static str {
        match self {
            FailureKind::Network => "network",
            FailureKind::Timeout => "timeout",
            FailureKind::Http(_) => "http",
            FailureKind::NotChapters => "not-chapters",
            FailureKind::Format => "format",
            FailureKind::Media => "media",
            FailureKind::NoRanges => "ranges",
            FailureKind::Page => "page",
        }
    }

    /// The kind of a [`name`](FailureKind::name) (`status` for `http`).
    pub fn from_name(name: &str, status: u16) -> Option<FailureKind> {
        [
            FailureKind::Network,
            FailureKind::Timeout,
            FailureKind::Http(status),
            FailureKind::NotChapters,
            FailureKind::Format,
            FailureKind::Media,
            FailureKind::NoRanges,
            FailureKind::Page,
        ]
        .into_iter()
        .find(|kind| kind.name() == name)
    }
}

/// Why no chapters could be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// What kind of problem.
    pub kind: FailureKind,
    /// The precise diagnostic, for the podcaster (in English, on the console and in
    /// `chaptererror`): it names the source and, for a format problem, the line and column or
    /// byte offset. The view says the kind in the listener's language beside it.
    pub message: String,
    /// Where in the source the problem is, for a format problem.
    pub position: Position,
}

/// Why the media cannot do what the listener asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaProblem {
    /// The element reported an error: the file could not be fetched or decoded
    /// (`MediaError.code`: 2 network, 3 decode, 4 not supported).
    Unplayable(u16),
    /// A jump to a chapter was asked for where the media cannot seek (a server without HTTP
    /// Range support, a live stream): the element would have started over from 0, so the
    /// time was left as it was.
    NotSeekable,
}

/// What happened.
#[derive(Clone, Debug)]
pub enum Action {
    /// The chapters are being (re)loaded: a new source, or the media file they come from
    /// changed. What was shown goes.
    Loading,
    /// A chapter source was read.
    Loaded(Parsed),
    /// A chapter source could not be fetched or read.
    Failed(Failure),
    /// The page's settings for the rows that open by themselves and for following playback
    /// (the `expanded` and `follow` attributes), on mount and whenever they change.
    Configure { expanded: Expanded, follow: bool },
    /// The media element reported its state (on a media event or an animation frame).
    /// `None` means unknown (NaN, infinite or negative on the element). `problem`: what keeps
    /// the media from playing or jumping, if anything.
    Media { time: Option<Timestamp>, duration: Option<Timestamp>, playing: bool, problem: Option<MediaProblem> },
    /// The listener opened or closed row `index`.
    Toggled(usize),
    /// The listener asked to open every row.
    ExpandAll,
    /// The listener asked to close every row.
    CollapseAll,
    /// The listener scrolled the list: stop keeping the playing chapter in view.
    ListenerScrolled,
    /// The listener asked to keep the playing chapter in view again.
    FollowPlayback,
    /// The chapters marked listened for this episode were read back (from `localStorage`): their
    /// starts in milliseconds.
    RestoreListened(Vec<u64>),
    /// The listener cleared the listened marks.
    ClearListened,
}

/// Everything the view shows.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetState {
    /// Where the chapters are.
    pub load: Load,
    /// The episode title from the source, if any.
    pub title: Option<Rc<str>>,
    /// The chapters as the source has them, normalised (empty until loaded).
    pub source: Shared<Chapters>,
    /// What the list shows: `source` fitted to the media's duration once that is known
    /// ([`Chapters::fit_to`]).
    pub chapters: Shared<Chapters>,
    /// What fitting to the duration changed, as messages (logged by the view).
    pub fit_warnings: Shared<Vec<String>>,
    /// Warnings from reading the source, as messages.
    pub warnings: Shared<Vec<String>>,
    /// The playhead, to [`DISPLAY_TICK_MS`] (`None` while unknown).
    pub time: Option<Timestamp>,
    /// The media duration, once known.
    pub duration: Option<Timestamp>,
    /// Whether the media is playing.
    pub playing: bool,
    /// What keeps the media from playing or jumping to a chapter, if anything.
    pub media_problem: Option<MediaProblem>,
    /// The chapter containing the playhead.
    pub active: Option<usize>,
    /// Per-row open state.
    pub folds: Shared<Vec<Fold>>,
    /// Which rows open by themselves.
    pub expanded: Expanded,
    /// Whether the playing chapter is kept in view.
    pub following: bool,
    /// Bumped whenever the view should scroll the playing chapter into view.
    pub scroll_request: u32,
    /// The starts (milliseconds, sorted) of the chapters played to their end.
    pub listened: Shared<Vec<u64>>,
}

impl Default for WidgetState {
    fn default() -> Self {
        WidgetState {
            load: Load::Loading,
            title: None,
            source: Shared::default(),
            chapters: Shared::default(),
            fit_warnings: Shared::default(),
            warnings: Shared::default(),
            time: None,
            duration: None,
            playing: false,
            media_problem: None,
            active: None,
            folds: Shared::default(),
            expanded: Expanded::Current,
            following: true,
            scroll_request: 0,
            listened: Shared::default(),
        }
    }
}

impl WidgetState {
    /// Whether row `index` is open.
    pub fn is_expanded(&self, index: usize) -> bool {
        self.folds.get(index).is_some_and(|fold| fold.is_open(self.auto_open(index)))
    }

    /// Whether row `index` is open by itself when its fold is [`Fold::Auto`]: it is the playing
    /// chapter and the page lets the playing chapter open.
    pub fn auto_open(&self, index: usize) -> bool {
        self.expanded == Expanded::Current && self.active == Some(index)
    }

    /// Whether every row with something to show is open.
    pub fn all_expanded(&self) -> bool {
        self.all_expanded_with(&self.closed_rows())
    }

    /// [`all_expanded`](Self::all_expanded), given [`closed_rows`](Self::closed_rows).
    pub fn all_expanded_with(&self, closed: &[usize]) -> bool {
        match closed {
            [] => true,
            [only] => self.is_expanded(*only),
            _ => false,
        }
    }

    /// The first two rows with something to show that are not open by themselves (whatever
    /// plays): [`all_expanded`](Self::all_expanded) is decided on them and the playing
    /// chapter, so a view can keep them while only the playing chapter changes.
    pub fn closed_rows(&self) -> Vec<usize> {
        let open = |i: usize| self.folds.get(i).is_some_and(|fold| fold.is_open(false));
        self.chapters.iter().enumerate().filter(|&(i, c)| c.has_details() && !open(i)).map(|(i, _)| i).take(2).collect()
    }

    /// Applies `action`, returning `self` unchanged (the same `Rc`) when nothing visible changed.
    pub fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Loaded(parsed) => {
                let mut next = WidgetState {
                    load: Load::Ready,
                    title: parsed.title.map(Rc::from),
                    folds: Shared::new(vec![self.initial_fold(); parsed.chapters.len()]),
                    warnings: Shared::new(parsed.warnings.iter().map(ToString::to_string).collect()),
                    source: Shared::new(parsed.chapters),
                    ..(*self).clone()
                };
                next.fit();
                next.active = next.active_for(next.time);
                next.scroll_request += 1;
                Rc::new(next)
            }
            Action::Loading if self.load == Load::Loading => self,
            Action::Loading => Rc::new(WidgetState {
                load: Load::Loading,
                source: Shared::default(),
                chapters: Shared::default(),
                folds: Shared::default(),
                active: None,
                ..(*self).clone()
            }),
            Action::Failed(failure) => Rc::new(WidgetState {
                load: Load::Failed(Rc::new(failure)),
                chapters: Shared::default(),
                folds: Shared::default(),
                active: None,
                ..(*self).clone()
            }),
            Action::Media { time, duration, playing, problem } => {
                // The active chapter is decided on the exact time; only the display is rounded.
                let shown = time.map(|t| Timestamp::from_millis(t.as_millis() / DISPLAY_TICK_MS * DISPLAY_TICK_MS));
                let finished = self.finished_chapter(time);
                if duration == self.duration && finished.is_none() {
                    let active = self.active_for(time);
                    if (active, shown, playing, problem) == (self.active, self.time, self.playing, self.media_problem) {
                        return self;
                    }
                }
                let mut next = WidgetState { time: shown, duration, playing, media_problem: problem, ..(*self).clone() };
                if let Some(start) = finished {
                    let mut listened = self.listened.to_vec();
                    if let Err(at) = listened.binary_search(&start) {
                        listened.insert(at, start);
                        next.listened = Shared::new(listened);
                    }
                }
                if duration != self.duration {
                    next.fit();
                }
                next.active = next.active_for(time);
                let scroll = next.active != self.active && next.active.is_some() && self.following;
                next.scroll_request += u32::from(scroll);
                Rc::new(next)
            }
            Action::Toggled(index) => {
                if index >= self.folds.len() {
                    return self;
                }
                let open = !self.is_expanded(index);
                let mut folds = self.folds.to_vec();
                if let Some(fold) = folds.get_mut(index) {
                    *fold = if open { Fold::Open } else { Fold::Closed };
                }
                Rc::new(WidgetState { folds: Shared::new(folds), ..(*self).clone() })
            }
            Action::ExpandAll => {
                Rc::new(WidgetState { folds: Shared::new(vec![Fold::Open; self.folds.len()]), ..(*self).clone() })
            }
            Action::CollapseAll => {
                // Back to automatic, with the playing chapter closed now: the next chapter to
                // play opens by itself again.
                let mut folds = vec![Fold::Auto; self.folds.len()];
                if let Some(fold) = self.active.and_then(|i| folds.get_mut(i)) {
                    *fold = Fold::Closed;
                }
                Rc::new(WidgetState { folds: Shared::new(folds), ..(*self).clone() })
            }
            Action::Configure { expanded, follow } => {
                if (expanded, follow) == (self.expanded, self.following) {
                    return self;
                }
                let mut next = WidgetState { expanded, following: follow, ..(*self).clone() };
                if expanded == Expanded::All && self.expanded != Expanded::All {
                    next.folds = Shared::new(vec![Fold::Open; self.folds.len()]);
                }
                next.scroll_request += u32::from(follow && !self.following);
                Rc::new(next)
            }
            Action::ListenerScrolled if self.following => Rc::new(WidgetState { following: false, ..(*self).clone() }),
            Action::ListenerScrolled => self,
            Action::FollowPlayback => Rc::new(WidgetState {
                following: true,
                scroll_request: self.scroll_request + 1,
                ..(*self).clone()
            }),
            Action::RestoreListened(mut starts) => {
                starts.sort_unstable();
                starts.dedup();
                if starts == *self.listened {
                    return self;
                }
                Rc::new(WidgetState { listened: Shared::new(starts), ..(*self).clone() })
            }
            Action::ClearListened if self.listened.is_empty() => self,
            Action::ClearListened => Rc::new(WidgetState { listened: Shared::default(), ..(*self).clone() }),
        }
    }

    /// Whether the chapter with this start was played to its end.
    pub fn is_listened(&self, start: Timestamp) -> bool {
        self.listened.binary_search(&start.as_millis()).is_ok()
    }

    /// The start of the chapter that playback has just played to its end, if this report at
    /// `time` says so: the media was playing in that chapter, within [`LISTENED_LEAD_MS`] of its
    /// end (so a seek from earlier does not count), and is now at its end or past it.
    fn finished_chapter(&self, time: Option<Timestamp>) -> Option<u64> {
        let (index, before, now) = (self.active?, self.time?, time?);
        if !self.playing {
            return None;
        }
        let chapter = self.chapters.get(index)?;
        let end = self.chapters.end_of(index, self.duration)?;
        let end = self.duration.map_or(end, |d| end.min(d)).as_millis();
        // Only the last chapter may end a little short (mid-episode, reaching the end is the
        // crossing into the next chapter, and so it is marked in the same change).
        let allowance = if index + 1 == self.chapters.len() { END_ALLOWANCE_MS } else { 0 };
        let reached = now.as_millis() + allowance >= end;
        let close = before.as_millis() + LISTENED_LEAD_MS >= end && before < now;
        (reached && close && !self.is_listened(chapter.start)).then_some(chapter.start.as_millis())
    }

    /// How a row starts out when chapters arrive: open when the page asks for every row open.
    fn initial_fold(&self) -> Fold {
        if self.expanded == Expanded::All {
            Fold::Open
        } else {
            Fold::Auto
        }
    }

    /// The source's chapters fitted to the duration, and the warnings that gave.
    fn fitted(&self) -> (Chapters, Vec<String>) {
        match self.duration {
            Some(duration) => {
                let (chapters, warnings) = self.source.fit_to(duration);
                (chapters, warnings.iter().map(ToString::to_string).collect())
            }
            None => ((*self.source).clone(), Vec::new()),
        }
    }

    /// Sets `chapters` (and the rows' fold states) from `source` and the duration. The
    /// chapters fitting drops are the last ones, so the other rows keep their fold states.
    fn fit(&mut self) {
        let (chapters, warnings) = self.fitted();
        if chapters != *self.chapters {
            let mut folds = self.folds.to_vec();
            folds.resize(chapters.len(), self.initial_fold());
            self.folds = Shared::new(folds);
            self.chapters = Shared::new(chapters);
        }
        if warnings != *self.fit_warnings {
            self.fit_warnings = Shared::new(warnings);
        }
    }

    fn active_for(&self, time: Option<Timestamp>) -> Option<usize> {
        time.and_then(|t| self.chapters.active_at_playhead(t, self.duration))
    }
}

/// How close to its end the playhead must have been, playing, for a chapter that ends to
/// count as played to its end (not skipped by a seek).
pub const LISTENED_LEAD_MS: u64 = 2_000;

/// The last chapter "ends" this close to the media's end (playback stops a little short of a
/// rounded chapter end).
const END_ALLOWANCE_MS: u64 = 250;

/// How close to a chapter's start "previous" goes to the chapter before rather than back to
/// the start of this one, as podcast apps do.
pub const RESTART_WINDOW_MS: u64 = 3_000;

/// Where "next chapter" goes from `time`: the start of the first listed chapter after it.
/// Silent chapters (`toc: false`) are not listed, so they are never stops. `None` in the last
/// chapter.
pub fn next_stop(chapters: &Chapters, time: Timestamp) -> Option<Timestamp> {
    chapters.iter().map(|c| c.start).find(|&start| start > time)
}

/// Where "previous chapter" goes from `time`: the start of the playing chapter, or of the one
/// before when `time` is within [`RESTART_WINDOW_MS`] of its start (the first chapter's start
/// then). `None` before the first chapter.
pub fn previous_stop(chapters: &Chapters, time: Timestamp) -> Option<Timestamp> {
    let first = chapters.iter().next()?.start;
    if time < first {
        return None;
    }
    let back = Timestamp::from_millis(time.as_millis().saturating_sub(RESTART_WINDOW_MS));
    Some(chapters.iter().map(|c| c.start).take_while(|&start| start <= back).last().unwrap_or(first))
}
