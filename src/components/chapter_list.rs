//! The list of chapters in its own scroll area. It keeps the playing chapter in view (without
//! moving the host page) until the listener scrolls the list, and moves focus between rows
//! with the arrow keys, Home and End.
//!
//! Rows are rendered in chunks ([`ChapterChunk`]), so a highlight change re-renders the one
//! or two chunks it touches, not the list. A list longer than
//! [`windowing::WINDOW_THRESHOLD`] renders only the chunks in view (and the playing and focused
//! rows'); the others are spacers of their measured height ([`crate::windowing`]).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ScrollBehavior, ScrollToOptions};
use yew::prelude::*;

use crate::chapters::{Chapters, Timestamp};
use crate::components::chapter_chunk::ChapterChunk;
use crate::i18n::Lang;
use crate::images::ChapterImages;
use crate::state::{Fold, Shared};
use crate::windowing::{self, chunk_count, chunk_of, ChunkHeights, Window, WINDOW_THRESHOLD};

#[derive(Properties, PartialEq)]
pub struct ChapterListProps {
    pub chapters: Shared<Chapters>,
    pub folds: Shared<Vec<Fold>>,
    pub active: Option<usize>,
    /// Whether the playing chapter opens by itself.
    pub auto_open: bool,
    pub playing: bool,
    /// The starts (ms, sorted) of the chapters played to their end.
    pub listened: Shared<Vec<u64>>,
    pub scroll_request: u32,
    pub following: bool,
    pub labelled_by: AttrValue,
    pub id_prefix: AttrValue,
    /// The widget's language.
    pub lang: Lang,
    pub on_seek: Callback<Timestamp>,
    pub on_toggle: Callback<usize>,
    pub on_listener_scroll: Callback<()>,
}

#[function_component]
pub fn ChapterList(props: &ChapterListProps) -> Html {
    let scroller = use_node_ref();
    // Made again (and the old blob URLs revoked) only when the chapters change.
    let images = use_memo(props.chapters.clone(), |chapters| Shared::new(ChapterImages::new(chapters)));
    let rows = props.chapters.len();
    let windowed = rows > WINDOW_THRESHOLD;
    let window = use_state_eq(|| Window::start(rows));
    let cells = use_memo((), |_| Cells::new(rows));
    let heights = cells.heights.clone();
    // The chunks the last render put in the DOM, for measuring them.
    let rendered = cells.rendered.clone();
    // A row that keyboard focus is moving to, rendered even when out of view.
    let focus_target = use_state_eq(|| None::<usize>);
    // The row that has focus: rendered however the window moves (following the playing
    // chapter, a seek), so that focus never leaves the list with a row taken out of the DOM.
    let focused = use_state_eq(|| None::<usize>);
    let updater = WindowUpdater {
        scroller: scroller.clone(),
        heights: heights.clone(),
        rendered: rendered.clone(),
        range: cells.range.clone(),
        window: window.clone(),
        pending: cells.pending.clone(),
    };
    *updater.range.borrow_mut() = window.range;
    // Whether the playing chapter is to be scrolled into view after this render.
    let scroll_wanted = cells.scroll_wanted.clone();
    let after_frame = cells.after_frame.clone();
    let measured = cells.measured.clone();
    {
        // Layout work and a window change still waiting go with the list.
        let (pending, after_frame) = (updater.pending.clone(), after_frame.clone());
        use_effect_with((), move |_| {
            move || {
                drop(pending.replace(None));
                drop(after_frame.replace(None));
            }
        });
    }

    {
        // New chapters: start over.
        let (window, heights) = (window.clone(), heights.clone());
        use_effect_with(props.chapters.clone(), move |chapters| {
            *heights.borrow_mut() = ChunkHeights::new(chunk_count(chapters.len()));
            window.set(Window::start(chapters.len()));
        });
    }
    {
        let scroll_wanted = scroll_wanted.clone();
        use_effect_with(props.scroll_request, move |_| *scroll_wanted.borrow_mut() = true);
    }
    {
        // After every render: the layout work (measuring a windowed list's chunks, keeping the
        // playing chapter in view, moving the window), in the frame that paints the render when
        // only measured rows changed (see `AfterRender::schedule`).
        let after = AfterRender {
            updater: updater.clone(),
            windowed,
            rows,
            active: props.active,
            following: props.following,
            scroll: scroll_wanted.clone(),
            measured: measured.clone(),
        };
        let frame = after_frame.clone();
        use_effect(move || after.schedule(&frame));
    }
    {
        let scroller = scroller.clone();
        use_effect_with(*focus_target, move |target| {
            if let (Some(index), Some(list)) = (*target, scroller.cast::<Element>()) {
                focus_row(&list, index);
            }
        });
    }

    let scrolled = props.on_listener_scroll.reform(|_: Event| ());
    let on_scroll = {
        let updater = updater.clone();
        Callback::from(move |_: Event| {
            if windowed {
                updater.update();
            }
        })
    };
    let on_keydown = {
        let (on_listener_scroll, focus_target, scroller) = (props.on_listener_scroll.clone(), focus_target.clone(), scroller.clone());
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if matches!(key.as_str(), "PageUp" | "PageDown") {
                on_listener_scroll.emit(());
                return;
            }
            let current = row_of(event.target());
            let target = match (key.as_str(), current) {
                ("ArrowDown", Some(i)) if i + 1 < rows => Some(i + 1),
                ("ArrowUp", Some(i)) if i > 0 => Some(i - 1),
                ("Home", _) if rows > 0 => Some(0),
                ("End", _) if rows > 0 => Some(rows - 1),
                _ => None,
            };
            if let Some(target) = target {
                event.prevent_default();
                on_listener_scroll.emit(());
                // Rendered already: focus now; else once its chunk is rendered.
                let focused = scroller.cast::<Element>().is_some_and(|list| focus_row(&list, target));
                focus_target.set((!focused).then_some(target));
            }
        })
    };
    let on_focusin = {
        let focused = focused.clone();
        Callback::from(move |event: FocusEvent| focused.set(row_of(event.target())))
    };
    let on_focusout = {
        let (focused, scroller) = (focused.clone(), scroller.clone());
        Callback::from(move |event: FocusEvent| {
            let to = event.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            if !scroller.cast::<Element>().is_some_and(|list| list.contains(to.as_ref())) {
                focused.set(None);
            }
        })
    };
    // A pointer pressed on the list itself (not on a row) is on its scrollbar. (Yew delegates
    // events, so `currentTarget` is not the list: compare with the list's element.)
    let on_pointerdown = {
        let (on_listener_scroll, scroller) = (props.on_listener_scroll.clone(), scroller.clone());
        Callback::from(move |event: PointerEvent| {
            let list = scroller.get().map(wasm_bindgen::JsValue::from);
            if list.is_some() && event.target().map(wasm_bindgen::JsValue::from) == list {
                on_listener_scroll.emit(());
            }
        })
    };

    let pinned = [props.active.map(chunk_of), focus_target.or(*focused).map(chunk_of)];
    let window = Window { range: window.range, pinned };
    // Rendered chunks, and one spacer for each run of chunks between them.
    let mut items = Vec::new();
    // The first chunk not rendered or stood in for yet.
    let mut next = 0;
    let shown = window.chunks(rows);
    for &chunk in &shown {
        if chunk > next {
            items.push(spacer(next, chunk - 1));
        }
        next = chunk + 1;
        let active = props.active.filter(|&i| chunk_of(i) == chunk);
        items.push(html! {
            <ChapterChunk
                key={format!("c{chunk}")}
                chapters={props.chapters.clone()}
                chunk={chunk}
                images={(*images).clone()}
                folds={props.folds.clone()}
                active={active}
                auto_open={props.auto_open}
                playing={props.playing}
                listened={windowing::listened_mask(&props.chapters, &props.listened, chunk)}
                windowed={windowed}
                id_prefix={props.id_prefix.clone()}
                lang={props.lang}
                on_seek={props.on_seek.clone()}
                on_toggle={props.on_toggle.clone()}
            />
        });
    }
    if next < chunk_count(rows) {
        items.push(spacer(next, chunk_count(rows) - 1));
    }
    *rendered.borrow_mut() = shown;

    html! {
        <ol class="ec-list" ref={scroller} aria-labelledby={props.labelled_by.clone()}
            onwheel={scrolled.reform(|e: WheelEvent| e.into())}
            ontouchmove={scrolled.reform(|e: TouchEvent| e.into())}
            onscroll={on_scroll}
            onkeydown={on_keydown}
            onfocusin={on_focusin}
            onfocusout={on_focusout}
            onpointerdown={on_pointerdown}>
            { for items }
        </ol>
    }
}

/// The stand-in for chunks `first..=last`, which are not rendered: its height is set after
/// rendering ([`measure`]).
fn spacer(first: usize, last: usize) -> Html {
    html! {
        <li key={format!("s{first}")} class="ec-spacer" aria-hidden="true"
            data-first={first.to_string()} data-last={last.to_string()}></li>
    }
}

/// The index of the row that holds `target`, if any.
fn row_of(target: Option<web_sys::EventTarget>) -> Option<usize> {
    let row = target?.dyn_into::<Element>().ok()?.closest(".ec-chapter").ok()??;
    row.get_attribute("data-index")?.parse().ok()
}

/// The row `index` of `list`, if it is rendered.
fn row(list: &Element, index: usize) -> Option<HtmlElement> {
    list.query_selector(&format!(":scope > li[data-index=\"{index}\"]")).ok()??.dyn_into().ok()
}

/// Moves focus to row `index`'s seek button; whether it could (the row is rendered).
fn focus_row(list: &Element, index: usize) -> bool {
    let button = row(list, index)
        .and_then(|row| row.query_selector(".ec-seek").ok().flatten())
        .and_then(|b| b.dyn_into::<HtmlElement>().ok());
    button.is_some_and(|button| button.focus().is_ok())
}

/// Records the height of every rendered chunk and gives every spacer the height of the chunks
/// it stands for (by CSSOM, which a strict Content-Security-Policy allows, unlike a style
/// attribute). Returns whether any height changed. Touches only what is rendered: a handful of
/// chunks and spacers, however long the list.
fn measure(list: &HtmlElement, heights: &mut ChunkHeights, rows: usize, rendered: &[usize]) -> bool {
    let mut changed = false;
    for &chunk in rendered {
        let first = chunk * windowing::CHUNK;
        let last = (first + windowing::CHUNK).min(rows).saturating_sub(1);
        let (Some(top), Some(bottom)) = (row(list, first), row(list, last)) else {
            continue;
        };
        let height = f64::from(bottom.offset_top() + bottom.offset_height() - top.offset_top());
        changed |= heights.measure(chunk, height);
    }
    let Ok(spacers) = list.query_selector_all(":scope > li.ec-spacer") else { return changed };
    for i in 0..spacers.length() {
        let Some(spacer) = spacers.item(i).and_then(|s| s.dyn_into::<HtmlElement>().ok()) else { continue };
        let bound = |name: &str| spacer.get_attribute(name).and_then(|c| c.parse::<usize>().ok());
        let (Some(first), Some(last)) = (bound("data-first"), bound("data-last")) else { continue };
        let height = format!("{}px", heights.span(first, last).round() as i64);
        let style = spacer.style();
        if style.get_property_value("height").ok().as_deref() != Some(height.as_str()) {
            let _ = style.set_property("height", &height);
        }
    }
    changed
}

/// What the list keeps between renders outside Yew's state, so that changing it re-renders
/// nothing (see where each is used); one hook for all of them.
struct Cells {
    heights: Rc<RefCell<ChunkHeights>>,
    rendered: Rc<RefCell<Vec<usize>>>,
    range: Rc<RefCell<(usize, usize)>>,
    pending: Rc<RefCell<Option<Deferred>>>,
    scroll_wanted: Rc<RefCell<bool>>,
    after_frame: Rc<RefCell<Option<AnimationFrame>>>,
    measured: Rc<RefCell<Vec<usize>>>,
}

impl Cells {
    fn new(rows: usize) -> Self {
        Cells {
            heights: Rc::new(RefCell::new(ChunkHeights::new(chunk_count(rows)))),
            rendered: Rc::default(),
            range: Rc::default(),
            pending: Rc::default(),
            scroll_wanted: Rc::default(),
            after_frame: Rc::default(),
            measured: Rc::default(),
        }
    }
}

/// What [`ChapterList`] does after a render that needs the layout: measure a windowed list's
/// rendered chunks (sizing the spacers), keep the playing chapter in view when following asked
/// for it, and move the window to what is in view.
struct AfterRender {
    /// The list's element, its chunk heights and the chunks rendered are the updater's.
    updater: WindowUpdater,
    windowed: bool,
    rows: usize,
    active: Option<usize>,
    following: bool,
    /// Set when following asked for the playing chapter to be scrolled into view.
    scroll: Rc<RefCell<bool>>,
    /// The chunks rendered when the list was last measured.
    measured: Rc<RefCell<Vec<usize>>>,
}

impl AfterRender {
    /// When the render changed only rows already measured (a highlight change, a row opened),
    /// runs at the next animation frame, before the frame's own layout, so that reading the
    /// layout costs no layout of its own (reading it right after such a render forced one in
    /// the task that rendered: about 40% of a highlight change at 10,000 chapters). A later
    /// render before that frame replaces it. When the render put other chunks in the DOM, and
    /// while the page is hidden (no frames), at once: the window settles in the task that moved
    /// it, before a scroll event or a smooth scroll can act on the spacers' old heights.
    fn schedule(self, slot: &Rc<RefCell<Option<AnimationFrame>>>) {
        if !self.windowed && !*self.scroll.borrow() {
            return;
        }
        let updater = &self.updater;
        let hidden = updater.scroller.get().and_then(|list| list.owner_document()).is_some_and(|d| d.hidden());
        let moved = self.windowed && *updater.rendered.borrow() != *self.measured.borrow();
        if hidden || moved {
            slot.replace(None);
            self.run();
        } else {
            let done = slot.clone();
            slot.replace(Some(request_animation_frame(move |_| {
                done.replace(None);
                self.run();
            })));
        }
    }

    fn run(&self) {
        let updater = &self.updater;
        let Some(list) = updater.scroller.cast::<HtmlElement>() else { return };
        let scroll = std::mem::take(&mut *self.scroll.borrow_mut());
        // Measured heights replace estimates and move the rows below them: keep the playing
        // chapter where following put it.
        let resized = self.windowed && measure(&list, &mut updater.heights.borrow_mut(), self.rows, &updater.rendered.borrow());
        self.measured.replace(updater.rendered.borrow().clone());
        if let (true, Some(index)) = ((scroll || resized) && self.following, self.active) {
            keep_in_view(&list, index);
        }
        if self.windowed {
            updater.update();
        }
    }
}

/// A window change waiting for the frame that paints the current render, then for a task of
/// its own (see [`WindowUpdater::update`]). Held only to be cancelled when dropped.
#[allow(dead_code)]
enum Deferred {
    Frame(AnimationFrame),
    Task(Timeout),
}

/// Moves a windowed list's window to the chunks in view (see [`WindowUpdater::update`]).
#[derive(Clone)]
struct WindowUpdater {
    scroller: NodeRef,
    heights: Rc<RefCell<ChunkHeights>>,
    /// The chunks the last render put in the DOM.
    rendered: Rc<RefCell<Vec<usize>>>,
    /// The window's range in the last render.
    range: Rc<RefCell<(usize, usize)>>,
    window: UseStateHandle<Window>,
    pending: Rc<RefCell<Option<Deferred>>>,
}

impl WindowUpdater {
    /// Moves the window to the chunks in view with their overscan. When a chunk on screen is
    /// not rendered, at once. When only the overscan changes (following playback or scrolling
    /// by a row or two brings a chunk near, not into view), after the next frame has painted,
    /// in a task of its own: the highlight change or the scroll step that asked for it does not
    /// wait for the new rows' layout, which at 100,000 chapters is most of a change's cost.
    /// Nothing is scheduled while the page is hidden (no frames then): the window moves at once.
    fn update(&self) {
        let Some(list) = self.scroller.cast::<HtmlElement>() else { return };
        let (top, height) = view(&list);
        let heights = self.heights.borrow();
        let range = heights.visible(top, height);
        if range == *self.range.borrow() {
            self.pending.replace(None);
            return;
        }
        let on_screen = heights.visible_exactly(top, height);
        let rendered = self.rendered.borrow();
        let missing = (on_screen.0..=on_screen.1).any(|chunk| !rendered.contains(&chunk));
        if missing || list.owner_document().is_some_and(|d| d.hidden()) {
            self.pending.replace(None);
            self.window.set(Window { range, pinned: [None, None] });
        } else if self.pending.borrow().is_none() {
            let me = self.clone();
            let frame = request_animation_frame(move |_| {
                let later = me.clone();
                let task = Timeout::new(0, move || {
                    later.pending.replace(None);
                    later.update_now();
                });
                me.pending.replace(Some(Deferred::Task(task)));
            });
            self.pending.replace(Some(Deferred::Frame(frame)));
        }
    }

    /// Moves the window to the chunks in view now.
    fn update_now(&self) {
        if let Some(list) = self.scroller.cast::<HtmlElement>() {
            let (top, height) = view(&list);
            let range = self.heights.borrow().visible(top, height);
            self.window.set(Window { range, pinned: [None, None] });
        }
    }
}

/// The part of `list` in view: its scroll position and height.
fn view(list: &HtmlElement) -> (f64, f64) {
    (f64::from(list.scroll_top()), f64::from(list.client_height()))
}

/// Scrolls `list` so that row `index` is fully visible, if it is not; near the top of the
/// list, so the chapters that follow are visible too. Scrolls the list only, never the page.
fn keep_in_view(list: &HtmlElement, index: usize) {
    let Some(row) = row(list, index) else {
        return;
    };
    let (top, height) = (row.offset_top(), row.offset_height());
    let (view_top, view_height) = (list.scroll_top(), list.client_height());
    if top >= view_top && top + height <= view_top + view_height {
        return;
    }
    // The margin above the row shrinks for a tall row, so that all of it still fits.
    let margin = (view_height / 8).min(48).min((view_height - height).max(0));
    let target = (top - margin).max(0);
    // A jump of more than a few screens is made at once: smoothly, it would pass (and render)
    // every chunk on the way, and the estimated heights it passes change under it.
    let far = (target - view_top).abs() > 3 * view_height.max(1);
    let options = ScrollToOptions::new();
    options.set_top(f64::from(target));
    options.set_behavior(if far || prefers_reduced_motion() { ScrollBehavior::Instant } else { ScrollBehavior::Smooth });
    list.scroll_to_with_scroll_to_options(&options);
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|query| query.matches())
}
