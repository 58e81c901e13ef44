//! The media binding: the only code that touches `HTMLMediaElement`.
//!
//! It reports the element's state ([`MediaReport`]) on every media event that can move the
//! playhead (`timeupdate`, `seeking`, `seeked`, `loadedmetadata`, `durationchange`, `emptied`,
//! `play`, `pause`, `ended`, …) and on every animation frame while playing, because
//! `timeupdate` alone comes only every ~250 ms. It converts the element's `f64` seconds to
//! [`Timestamp`]s here and nowhere else: NaN, infinite and negative times are "unknown" and are
//! never written back to `currentTime` (which throws on them).
//!
//! Near a chapter boundary it also reports at the moment playback reaches it (a timer set from
//! the playhead and the playback rate), so the highlight moves at the crossing and is painted
//! in the next frame, instead of being worked out in that frame.
//!
//! Nothing is scheduled while the media is paused or the page is hidden: the frame loop and
//! the boundary timer run only while the media plays in a visible page, and start again (after
//! reading the state at once) when the page is shown.
//!
//! Listeners and the frame loop live as long as the [`MediaBinding`]; dropping it removes them.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

pub use gloo_events::EventListener;
use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlMediaElement, HtmlTrackElement, MutationObserver, MutationObserverInit, Node, TextTrackMode, VttCue};

use crate::chapters::Timestamp;
use crate::formats::{webvtt, Parsed};
use crate::settings::MediaChoice;
use crate::state::{MediaProblem, Shared};

/// `HTMLMediaElement.HAVE_METADATA`: duration and dimensions are known, seeking works.
const HAVE_METADATA: u16 = 1;

/// The events after which the element's time, duration, play state or health may have changed.
const EVENTS: [&str; 13] = [
    "loadedmetadata",
    "durationchange",
    "timeupdate",
    "seeking",
    "seeked",
    "play",
    "playing",
    "pause",
    "ended",
    "emptied",
    "ratechange",
    "waiting",
    "error",
];

/// The media element a widget on `host` follows, as the page chose: the one with that id, or
/// else an `<audio>` / `<video>` inside `host`, else the nearest one before `host` in the
/// document.
pub fn find(host: &Element, choice: &MediaChoice) -> Option<HtmlMediaElement> {
    let document = host.owner_document()?;
    match choice {
        MediaChoice::Id(id) => document.get_element_by_id(id)?.dyn_into().ok(),
        MediaChoice::Nearest => {
            if let Some(inside) = host.query_selector("audio, video").ok().flatten() {
                return inside.dyn_into().ok();
            }
            let all = document.query_selector_all("audio, video").ok()?;
            (0..all.length())
                .filter_map(|i| all.item(i))
                .take_while(|media| host.compare_document_position(media) & Node::DOCUMENT_POSITION_PRECEDING != 0)
                .last()?
                .dyn_into()
                .ok()
        }
    }
}

/// Watches the document that `host` is in for added elements, calling `found` after each
/// change until it returns `true` (or the watch is dropped): how a widget picks up a media
/// element that the page adds after it.
#[must_use = "the document is no longer watched when this is dropped"]
pub struct DocumentWatch {
    observer: MutationObserver,
    _callback: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
}

impl DocumentWatch {
    /// Starts watching; `None` if the browser refuses.
    pub fn new(host: &Element, mut found: impl FnMut() -> bool + 'static) -> Option<Self> {
        let document = host.owner_document()?;
        let callback = Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(move |_, observer: MutationObserver| {
            if found() {
                observer.disconnect();
            }
        });
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        let options = MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        observer.observe_with_options(&document, &options).ok()?;
        Some(DocumentWatch { observer, _callback: callback })
    }
}

impl Drop for DocumentWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The URL the element plays (or will play): `currentSrc`, else `src`, else its first
/// `<source>`.
pub fn source_url(element: &HtmlMediaElement) -> Option<String> {
    [element.current_src(), element.src()]
        .into_iter()
        .find(|url| !url.is_empty())
        .or_else(|| element.query_selector("source[src]").ok().flatten()?.get_attribute("src"))
}

/// `HTMLTrackElement.readyState` values.
const TRACK_LOADED: u16 = 2;
const TRACK_ERROR: u16 = 3;

/// Reads the chapters of the element's own `<track kind="chapters">`, which the browser
/// fetches and parses. The track is switched to `hidden` if it is disabled, so that its cues
/// load; this waits for them.
pub async fn chapter_track(element: &HtmlMediaElement) -> Result<Parsed, String> {
    let track: HtmlTrackElement = element
        .query_selector("track[kind=chapters]")
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into().ok())
        .ok_or("the audio element has no <track kind=\"chapters\">")?;
    let text_track = track.track().ok_or("the chapters track has no text track")?;
    if text_track.mode() == TextTrackMode::Disabled {
        text_track.set_mode(TextTrackMode::Hidden);
    }
    if track.ready_state() < TRACK_LOADED {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            for event in ["load", "error"] {
                let _ = track.add_event_listener_with_callback_and_add_event_listener_options(event, &resolve, &options);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    let source = track.src();
    if track.ready_state() == TRACK_ERROR {
        return Err(format!("the chapters track {source} could not be loaded"));
    }
    let cues = text_track.cues().ok_or_else(|| format!("the chapters track {source} has no cues"))?;
    let cues = (0..cues.length()).filter_map(|i| cues.get(i)).map(|cue| {
        let text = cue.dyn_ref::<VttCue>().map(VttCue::text).unwrap_or_default();
        (cue.start_time(), cue.end_time(), text)
    });
    webvtt::from_cues(cues.collect::<Vec<_>>()).map_err(|error| format!("the chapters track {source}: {error}"))
}

/// What the element says about playback; `None` where it does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaReport {
    /// `currentTime`.
    pub time: Option<Timestamp>,
    /// `duration` (unknown before metadata and for live streams).
    pub duration: Option<Timestamp>,
    /// Playing: not paused and not ended.
    pub playing: bool,
    /// What keeps the listener from playing or jumping, if anything.
    pub problem: Option<MediaProblem>,
}

impl MediaReport {
    /// Reads the element's time, duration and play state. `problem` is left `None`: the binding
    /// follows it from the `error` and `emptied` events rather than asking on every frame.
    pub fn read(element: &HtmlMediaElement) -> Self {
        MediaReport {
            time: Timestamp::from_secs_f64(element.current_time()),
            duration: Timestamp::from_secs_f64(element.duration()),
            playing: !element.paused() && !element.ended(),
            problem: None,
        }
    }
}

/// The element's load error, as a problem, if it has one (`MediaError.code`).
fn load_error(element: &HtmlMediaElement) -> Option<u16> {
    element.error().map(|error| error.code())
}

/// How close (in wall-clock milliseconds) the next chapter boundary must be for a report to be
/// set for the moment playback reaches it: a little over two frames, so the frame before the
/// crossing always sets it.
const CROSSING_LEAD_MS: f64 = 40.0;

/// How far outside the seekable ranges a target may be and still count as inside (rounding of
/// the element's own times).
const SEEK_TOLERANCE_S: f64 = 0.25;

/// Whether the element, with its metadata loaded, can seek to `seconds` without starting over:
/// the time is in one of its `seekable` ranges. A server without HTTP Range support leaves
/// only what was fetched (often `[0, 0]`); Chromium would snap such a seek to 0.
fn can_seek(element: &HtmlMediaElement, seconds: f64) -> bool {
    let ranges = element.seekable();
    (0..ranges.length()).any(|i| {
        let (Ok(start), Ok(end)) = (ranges.start(i), ranges.end(i)) else { return false };
        seconds >= start - SEEK_TOLERANCE_S && seconds <= end + SEEK_TOLERANCE_S
    })
}

struct Inner {
    element: HtmlMediaElement,
    on_report: Box<dyn Fn(MediaReport)>,
    /// A seek asked for before the metadata was there, applied on `loadedmetadata`.
    pending_seek: Cell<Option<Timestamp>>,
    /// The last seek asked for could not be made (see [`MediaProblem::NotSeekable`]); cleared
    /// by the next seek that can, or a new file.
    refused: Cell<bool>,
    /// The element's load error code, set on `error` and cleared on `emptied` (a new file).
    unplayable: Cell<Option<u16>>,
    /// A span being played (`#t=a,b`): playback pauses on the first report at or past `b`, and
    /// the span is forgotten when a seek lands outside it.
    span: Cell<Option<(Timestamp, Timestamp)>>,
    /// The requested animation frame, while the frame loop runs (dropping it cancels it).
    frame: RefCell<Option<AnimationFrame>>,
    /// The next chapter boundary after a time (see [`MediaBinding::attach`]).
    next_boundary: Box<dyn Fn(Timestamp) -> Option<Timestamp>>,
    /// The report set for the next boundary, with that boundary (dropping it cancels it).
    crossing: RefCell<Option<(Timestamp, Timeout)>>,
    listeners: RefCell<Vec<EventListener>>,
}

impl Inner {
    fn report(self: &Rc<Self>) -> MediaReport {
        let mut report = self.read();
        if let (Some((_, end)), Some(time), true) = (self.span.get(), report.time, report.playing) {
            // Read every frame while playing, so this pauses within one frame of the end. The
            // unrounded clock: a time rounded up to the end would pause up to 0.5 ms before it.
            if time >= end && self.element.current_time() * 1000.0 >= end.as_millis() as f64 {
                self.span.set(None);
                let _ = self.element.pause();
                report = self.read();
            }
        }
        (self.on_report)(report);
        self.plan_crossing(&report);
        report
    }

    /// Sets a report for the moment playback reaches the next chapter boundary, when that is
    /// less than [`CROSSING_LEAD_MS`] away; cancels it when playback stopped, the page is
    /// hidden, or the boundary moved away (a seek, a new rate).
    fn plan_crossing(self: &Rc<Self>, report: &MediaReport) {
        // Most reports are far from a boundary: the rate is read only while playing with a
        // boundary ahead, the page's visibility only when a timer is to be set.
        let near = match (report.playing, report.time) {
            (true, Some(now)) => (self.next_boundary)(now).and_then(|boundary| {
                let rate = self.element.playback_rate();
                let wait = boundary.since(now).as_millis() as f64 / rate;
                (rate > 0.0 && wait <= CROSSING_LEAD_MS).then_some((boundary, wait))
            }),
            _ => None,
        };
        let Some((boundary, wait)) = near.filter(|_| !self.page_hidden()) else {
            self.crossing.replace(None);
            return;
        };
        if matches!(&*self.crossing.borrow(), Some((set, _)) if *set == boundary) {
            return;
        }
        let me = Rc::downgrade(self);
        // Timers fire at or after their time, and `currentTime` moves on between tasks: the
        // report sees the boundary reached. If it is not there yet (a stall, a slower rate
        // since), the report sets a timer for what is left.
        let timeout = Timeout::new(wait.ceil() as u32, move || {
            if let Some(inner) = me.upgrade() {
                inner.crossing.replace(None);
                inner.report();
            }
        });
        self.crossing.replace(Some((boundary, timeout)));
    }

    /// Whether the page the element is in is hidden (a background tab).
    fn page_hidden(&self) -> bool {
        self.element.owner_document().is_some_and(|d| d.hidden())
    }

    /// The element's state, with a refused seek as its problem when it has no other.
    fn read(&self) -> MediaReport {
        let mut report = MediaReport::read(&self.element);
        report.problem = match (self.unplayable.get(), self.refused.get()) {
            (Some(code), _) => Some(MediaProblem::Unplayable(code)),
            (None, true) => Some(MediaProblem::NotSeekable),
            (None, false) => None,
        };
        report
    }

    /// Moves the element to `time` if it can seek there; otherwise leaves it where it is and
    /// remembers why. Returns whether it moved.
    fn move_to(&self, time: Timestamp) -> bool {
        // Past the end is the end, as the element itself would clamp it.
        let duration = self.element.duration();
        let seconds = if duration.is_finite() { time.as_secs_f64().min(duration) } else { time.as_secs_f64() };
        let can = can_seek(&self.element, seconds);
        self.refused.set(!can);
        if can {
            // `time` is finite by construction, so this never throws.
            self.element.set_current_time(seconds);
        }
        can
    }

    fn on_event(self: &Rc<Self>, event: &Event) {
        match event.type_().as_str() {
            "loadedmetadata" => {
                if let Some(target) = self.pending_seek.take() {
                    self.move_to(target);
                }
            }
            "emptied" => {
                self.refused.set(false);
                self.unplayable.set(None);
            }
            "error" => self.unplayable.set(load_error(&self.element)),
            _ => {}
        }
        match event.type_().as_str() {
            "seeking" | "emptied" => {
                // A seek away from the span (or a new file) ends it.
                let time = Timestamp::from_secs_f64(self.element.current_time());
                if let Some((start, end)) = self.span.get() {
                    if event.type_() == "emptied" || time.is_none_or(|t| t < start || t >= end) {
                        self.span.set(None);
                    }
                }
            }
            _ => {}
        }
        if self.report().playing {
            self.request_frame();
        }
    }

    /// The page was hidden or shown: hidden, the frame loop stops; shown, the state is read
    /// at once and the loop starts again if the media plays.
    fn on_visibility(self: &Rc<Self>) {
        if self.page_hidden() {
            self.frame.replace(None);
            self.crossing.replace(None);
        } else if self.report().playing {
            self.request_frame();
        }
    }

    /// Starts the frame loop unless it runs already. Each frame reports and, while the media
    /// plays, asks for the next one.
    fn request_frame(self: &Rc<Self>) {
        if self.frame.borrow().is_some() {
            return;
        }
        // A hidden page shows nothing: media events keep the state right meanwhile, and the
        // loop starts again when the page is shown.
        if self.page_hidden() {
            return;
        }
        let weak: Weak<Inner> = Rc::downgrade(self);
        let frame = request_animation_frame(move |_| {
            if let Some(inner) = weak.upgrade() {
                inner.frame.replace(None);
                if inner.report().playing {
                    inner.request_frame();
                }
            }
        });
        self.frame.replace(Some(frame));
    }
}

/// A live connection to one media element.
///
/// # Examples
///
/// ```no_run
/// use episode_chapters::media::MediaBinding;
/// use wasm_bindgen::JsCast;
///
/// let audio = web_sys::window().unwrap().document().unwrap()
///     .get_element_by_id("episode-audio").unwrap()
///     .dyn_into::<web_sys::HtmlMediaElement>().unwrap();
/// // No chapters: no boundary to watch for.
/// let binding = MediaBinding::attach(audio, |_| None, |report| {
///     web_sys::console::log_1(&format!("{:?}", report.time).into());
/// });
/// // Reports flow until `binding` is dropped.
/// # drop(binding);
/// ```
#[must_use = "the media listeners are removed when the binding is dropped"]
pub struct MediaBinding {
    inner: Rc<Inner>,
}

impl MediaBinding {
    /// Starts listening to `element`, calling `on_report` with its state after every relevant
    /// event and every animation frame while it plays, and at the moment playback reaches the
    /// chapter boundary that `next_boundary` gives after the playhead (asked while playing).
    /// Reports once right away.
    pub fn attach(
        element: HtmlMediaElement,
        next_boundary: impl Fn(Timestamp) -> Option<Timestamp> + 'static,
        on_report: impl Fn(MediaReport) + 'static,
    ) -> Self {
        // An error before the widget came (the page's audio failed first) counts too.
        let unplayable = load_error(&element);
        let inner = Rc::new(Inner {
            element,
            on_report: Box::new(on_report),
            pending_seek: Cell::new(None),
            refused: Cell::new(false),
            unplayable: Cell::new(unplayable),
            span: Cell::new(None),
            frame: RefCell::new(None),
            next_boundary: Box::new(next_boundary),
            crossing: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
        });
        let mut listeners: Vec<EventListener> = EVENTS
            .iter()
            .map(|&name| {
                let weak = Rc::downgrade(&inner);
                EventListener::new(&inner.element, name, move |event| {
                    if let Some(inner) = weak.upgrade() {
                        inner.on_event(event);
                    }
                })
            })
            .collect();
        if let Some(document) = inner.element.owner_document() {
            let weak = Rc::downgrade(&inner);
            listeners.push(EventListener::new(&document, "visibilitychange", move |_| {
                if let Some(inner) = weak.upgrade() {
                    inner.on_visibility();
                }
            }));
        }
        *inner.listeners.borrow_mut() = listeners;
        if inner.report().playing {
            inner.request_frame();
        }
        MediaBinding { inner }
    }

    /// Reports the element's state now (for example after new chapters arrived).
    pub fn report(&self) -> MediaReport {
        self.inner.report()
    }

    /// Seeks to `time` and plays. Before the metadata is loaded (`preload="none"`) the seek is
    /// kept and applied when it arrives, so playback still starts at `time`. A refused `play()`
    /// (autoplay policy) leaves the element paused at `time`.
    pub fn seek_and_play(&self, time: Timestamp) {
        self.seek(time, true);
    }

    /// Seeks to `time`, and plays if `play` (else the element keeps playing or stays paused).
    /// Where the media cannot seek to `time` (its `seekable` ranges leave it out: a server
    /// without HTTP Range support, a live stream), nothing moves and the next report says
    /// [`MediaProblem::NotSeekable`]; playback is not started either, since it would start from
    /// the wrong place.
    pub fn seek(&self, time: Timestamp, play: bool) {
        let element = &self.inner.element;
        if element.ready_state() < HAVE_METADATA {
            // Kept for `loadedmetadata`; setting it now also makes it the default playback
            // start position.
            self.inner.pending_seek.set(Some(time));
            element.set_current_time(time.as_secs_f64());
        } else if !self.inner.move_to(time) {
            self.inner.report();
            return;
        }
        if play {
            self.play();
        }
    }

    /// Plays the span from `start` to `end` (a page's `#t=a,b`): seeks to `start`, and pauses
    /// at `end` (checked on every frame while playing). Plays at once when `play`, or when the
    /// page lets the element play by itself (its `autoplay` attribute); the browser's autoplay
    /// policy still has the last word.
    pub fn play_span(&self, start: Timestamp, end: Option<Timestamp>, play: bool) {
        self.inner.span.set(end.map(|end| (start, end)));
        self.seek(start, play || self.inner.element.autoplay());
    }

    /// Whether the element is playing now.
    pub fn is_playing(&self) -> bool {
        let element = &self.inner.element;
        !element.paused() && !element.ended()
    }

    fn play(&self) {
        if let Ok(promise) = self.inner.element.play() {
            // Await the promise so a refusal is handled here rather than reported as an
            // unhandled rejection.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }
}

/// What the OS media controls show for the playing chapter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NowPlaying {
    /// The playing chapter's title (the episode's between chapters).
    pub title: String,
    /// The episode title from the chapter source: the album when the page set none.
    pub episode: Option<String>,
    /// The playing chapter's picture on the web, which is the artwork while it plays.
    pub artwork: Option<String>,
    /// Every chapter's title and start in seconds, once the media's duration is known
    /// (`chapterInfo`, where the browser supports it). Shared: made once per chapter list.
    pub chapters: Option<Shared<Vec<(String, f64)>>>,
}

/// Who drives the page's one Media Session: the widget whose media played last.
struct SessionOwner {
    next_id: u32,
    owner: Option<u32>,
    /// The metadata the page set itself (artist, album, artwork), kept while widgets replace it.
    page: JsValue,
    /// The metadata the widgets set last, to tell the page's own apart.
    ours: JsValue,
}

thread_local! {
    static SESSION: RefCell<SessionOwner> =
        const { RefCell::new(SessionOwner { next_id: 0, owner: None, page: JsValue::NULL, ours: JsValue::NULL }) };
}

fn get(target: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn media_session() -> Option<JsValue> {
    let session = get(&get(&web_sys::window()?.into(), "navigator"), "mediaSession");
    (!session.is_undefined() && !session.is_null()).then_some(session)
}

/// `navigator.mediaSession.setActionHandler(action, handler)`; unsupported actions throw, and
/// are ignored.
fn set_action_handler(session: &JsValue, action: &str, handler: &JsValue) {
    if let Ok(set) = get(session, "setActionHandler").dyn_into::<js_sys::Function>() {
        let _ = set.call2(session, &JsValue::from_str(action), handler);
    }
}

/// One widget's part in the page's Media Session (the OS media controls: lock screen,
/// notification, media keys): while its media is the one that played last, the session shows
/// the playing chapter's title (with the page's own artist, album and artwork) and its
/// `nexttrack` / `previoustrack` move between chapters. Dropping it gives the page its own
/// metadata back and removes the handlers, if it drove the session.
pub struct SessionDriver {
    id: u32,
    _next: Closure<dyn FnMut()>,
    _previous: Closure<dyn FnMut()>,
    shown: RefCell<Option<NowPlaying>>,
}

impl SessionDriver {
    /// A driver whose next / previous track actions call `on_step(true)` / `on_step(false)`;
    /// `None` where the browser has no Media Session.
    pub fn new(on_step: impl Fn(bool) + 'static) -> Option<Self> {
        media_session()?;
        let on_step = Rc::new(on_step);
        let next = {
            let on_step = on_step.clone();
            Closure::<dyn FnMut()>::new(move || on_step(true))
        };
        let previous = Closure::<dyn FnMut()>::new(move || on_step(false));
        let id = SESSION.with(|s| {
            let mut s = s.borrow_mut();
            s.next_id += 1;
            s.next_id
        });
        Some(SessionDriver { id, _next: next, _previous: previous, shown: RefCell::new(None) })
    }

    /// Whether this widget drives the session.
    pub fn is_owner(&self) -> bool {
        SESSION.with(|s| s.borrow().owner == Some(self.id))
    }

    /// Takes the session over (this widget's media started playing): its actions become this
    /// widget's.
    pub fn claim(&self) {
        let Some(session) = media_session() else { return };
        if !self.is_owner() {
            SESSION.with(|s| s.borrow_mut().owner = Some(self.id));
            self.shown.replace(None);
        }
        set_action_handler(&session, "nexttrack", self._next.as_ref());
        set_action_handler(&session, "previoustrack", self._previous.as_ref());
    }

    /// Shows `now` in the session, if this widget drives it and it changed.
    pub fn show(&self, now: &NowPlaying) {
        if !self.is_owner() || self.shown.borrow().as_ref() == Some(now) {
            return;
        }
        let (Some(session), Some(window)) = (media_session(), web_sys::window()) else { return };
        // The same episode and chapter list as shown: only the title and artwork change, on the
        // metadata already there (its chapterInfo is kept, not built again).
        let same_list = self.shown.borrow().as_ref().is_some_and(|shown| {
            shown.chapters == now.chapters && shown.episode == now.episode && shown.artwork.is_none() && now.artwork.is_none()
        });
        let ours = SESSION.with(|s| s.borrow().ours.clone());
        if same_list && ours.is_object() && get(&session, "metadata") == ours {
            let _ = js_sys::Reflect::set(&ours, &JsValue::from_str("title"), &JsValue::from_str(&now.title));
            self.shown.replace(Some(now.clone()));
            return;
        }
        let Ok(constructor) = get(&window.into(), "MediaMetadata").dyn_into::<js_sys::Function>() else { return };
        let page = SESSION.with(|s| {
            let mut s = s.borrow_mut();
            let current = get(&session, "metadata");
            if current != s.ours {
                // Set by the page since (or before) a widget last set it: the page's own.
                s.page = current;
            }
            s.page.clone()
        });
        let page_field = |name: &str| {
            let value = if page.is_object() { get(&page, name) } else { JsValue::UNDEFINED };
            (!value.is_undefined() && !value.is_null()).then_some(value)
        };
        let init = js_sys::Object::new();
        let set = |name: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&init, &JsValue::from_str(name), value);
        };
        set("title", &JsValue::from_str(&now.title));
        if let Some(artist) = page_field("artist").filter(|a| a.as_string().is_some_and(|a| !a.is_empty())) {
            set("artist", &artist);
        }
        match page_field("album").filter(|a| a.as_string().is_some_and(|a| !a.is_empty())) {
            Some(album) => set("album", &album),
            None => {
                if let Some(episode) = &now.episode {
                    set("album", &JsValue::from_str(episode));
                }
            }
        }
        let artwork = match &now.artwork {
            Some(src) => {
                let image = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&image, &JsValue::from_str("src"), &JsValue::from_str(src));
                Some(js_sys::Array::of1(&image).into())
            }
            None => page_field("artwork"),
        };
        if let Some(artwork) = artwork {
            set("artwork", &artwork);
        }
        if let Some(chapters) = &now.chapters {
            let info: js_sys::Array = chapters
                .iter()
                .map(|(title, start)| {
                    let chapter = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&chapter, &JsValue::from_str("title"), &JsValue::from_str(title));
                    let _ = js_sys::Reflect::set(&chapter, &JsValue::from_str("startTime"), &JsValue::from_f64(*start));
                    JsValue::from(chapter)
                })
                .collect();
            set("chapterInfo", &info);
        }
        let Ok(metadata) = js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&init)) else { return };
        if js_sys::Reflect::set(&session, &JsValue::from_str("metadata"), &metadata).is_ok() {
            SESSION.with(|s| s.borrow_mut().ours = metadata);
            self.shown.replace(Some(now.clone()));
        }
    }
}

impl Drop for SessionDriver {
    fn drop(&mut self) {
        if !self.is_owner() {
            return;
        }
        let (page, ours) = SESSION.with(|s| {
            let mut s = s.borrow_mut();
            s.owner = None;
            (std::mem::replace(&mut s.page, JsValue::NULL), std::mem::replace(&mut s.ours, JsValue::NULL))
        });
        if let Some(session) = media_session() {
            set_action_handler(&session, "nexttrack", &JsValue::NULL);
            set_action_handler(&session, "previoustrack", &JsValue::NULL);
            // The page's own metadata back, unless the page has set newer since.
            if get(&session, "metadata") == ours {
                let _ = js_sys::Reflect::set(&session, &JsValue::from_str("metadata"), &page);
            }
        }
    }
}
