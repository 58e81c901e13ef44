//! The list of chapters in its own scroll area. It keeps the playing chapter in view (without
//! moving the host page) until the listener scrolls the list, and moves focus between rows
//! with the arrow keys, Home and End.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ScrollBehavior, ScrollToOptions};
use yew::prelude::*;

use crate::chapters::{Chapters, Timestamp};
use crate::components::chapter_row::ChapterRow;
use crate::images::ChapterImages;
use crate::state::{Fold, Shared};

#[derive(Properties, PartialEq)]
pub struct ChapterListProps {
    pub chapters: Shared<Chapters>,
    pub folds: Shared<Vec<Fold>>,
    pub active: Option<usize>,
    /// Whether the playing chapter opens by itself.
    pub auto_open: bool,
    pub playing: bool,
    pub scroll_request: u32,
    pub following: bool,
    pub labelled_by: AttrValue,
    pub id_prefix: AttrValue,
    pub on_seek: Callback<Timestamp>,
    pub on_toggle: Callback<usize>,
    pub on_listener_scroll: Callback<()>,
}

#[function_component]
pub fn ChapterList(props: &ChapterListProps) -> Html {
    let scroller = use_node_ref();
    // Made again (and the old blob URLs revoked) only when the chapters change.
    let images = use_memo(props.chapters.clone(), |chapters| ChapterImages::new(chapters));

    {
        let (scroller, active, following) = (scroller.clone(), props.active, props.following);
        use_effect_with(props.scroll_request, move |_| {
            if let (true, Some(index), Some(list)) = (following, active, scroller.cast::<HtmlElement>()) {
                keep_in_view(&list, index);
            }
        });
    }

    let scrolled = props.on_listener_scroll.reform(|_: Event| ());
    let on_keydown = {
        let (scroller, on_listener_scroll) = (scroller.clone(), props.on_listener_scroll.clone());
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if matches!(key.as_str(), "PageUp" | "PageDown") {
                on_listener_scroll.emit(());
            } else if matches!(key.as_str(), "ArrowUp" | "ArrowDown" | "Home" | "End") {
                if let Some(list) = scroller.cast::<Element>() {
                    if move_focus(&list, &event, &key) {
                        event.prevent_default();
                        on_listener_scroll.emit(());
                    }
                }
            }
        })
    };
    // A pointer pressed on the list itself (not on a row) is on its scrollbar.
    let on_pointerdown = {
        let on_listener_scroll = props.on_listener_scroll.clone();
        Callback::from(move |event: PointerEvent| {
            if event.target() == event.current_target() {
                on_listener_scroll.emit(());
            }
        })
    };

    let rows = props.chapters.iter().enumerate().map(|(index, chapter)| {
        let active = props.active == Some(index);
        let expanded = props.folds.get(index).is_some_and(|fold| fold.is_open(active && props.auto_open));
        html! {
            <ChapterRow
                key={chapter.start.as_millis()}
                chapters={props.chapters.clone()}
                index={index}
                image={images.get(index)}
                // Complete once the duration is known: the state fits the chapters to it.
                end={chapter.end}
                active={active}
                expanded={expanded}
                playing={active && props.playing}
                id_prefix={props.id_prefix.clone()}
                on_seek={props.on_seek.clone()}
                on_toggle={props.on_toggle.clone()}
            />
        }
    });

    html! {
        <ol class="ec-list" ref={scroller} aria-labelledby={props.labelled_by.clone()}
            onwheel={scrolled.reform(|e: WheelEvent| e.into())}
            ontouchmove={scrolled.reform(|e: TouchEvent| e.into())}
            onkeydown={on_keydown}
            onpointerdown={on_pointerdown}>
            { for rows }
        </ol>
    }
}

/// Scrolls `list` so that row `index` is fully visible, if it is not; near the top of the
/// list, so the chapters that follow are visible too. Scrolls the list only, never the page.
fn keep_in_view(list: &HtmlElement, index: usize) {
    let Some(row) = list.children().item(index as u32).and_then(|r| r.dyn_into::<HtmlElement>().ok()) else {
        return;
    };
    let (top, height) = (row.offset_top(), row.offset_height());
    let (view_top, view_height) = (list.scroll_top(), list.client_height());
    if top >= view_top && top + height <= view_top + view_height {
        return;
    }
    let margin = (view_height / 8).min(48);
    let options = ScrollToOptions::new();
    options.set_top(f64::from((top - margin).max(0)));
    options.set_behavior(if prefers_reduced_motion() { ScrollBehavior::Instant } else { ScrollBehavior::Smooth });
    list.scroll_to_with_scroll_to_options(&options);
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// Moves focus to the seek button of the previous, next, first or last row. Returns whether
/// focus moved.
fn move_focus(list: &Element, event: &KeyboardEvent, key: &str) -> bool {
    let current = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest(".ec-chapter").ok().flatten());
    let target = match (key, current) {
        ("ArrowDown", Some(row)) => row.next_element_sibling(),
        ("ArrowUp", Some(row)) => row.previous_element_sibling(),
        ("Home", _) => list.first_element_child(),
        ("End", _) => list.last_element_child(),
        _ => None,
    };
    let button = target
        .and_then(|row| row.query_selector(".ec-seek").ok().flatten())
        .and_then(|b| b.dyn_into::<HtmlElement>().ok());
    match button {
        Some(button) => button.focus().is_ok(),
        None => false,
    }
}
