//! The optional timeline (`timeline` attribute): a slim bar above the list with one segment
//! per chapter, as wide as the chapter is long, filled up to the playhead. For assistive
//! technology it is one slider (`role="slider"`, the playing chapter in `aria-valuetext`),
//! not a tab stop per segment: the arrow keys move between chapters, Home and End go to the
//! first and the last, a click seeks to the point clicked. The chapter under the pointer, or
//! the playing one while the bar has focus, is named below it.
//!
//! The segments are drawn once per chapter list (SVG in a `viewBox` in milliseconds, so no
//! style attribute is needed under a strict Content-Security-Policy); each tick changes only
//! the width of the played rectangle.

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::chapters::{Chapters, Timestamp};
use crate::components::locale::duration_words;
use crate::components::Playhead;
use crate::i18n::{fill, Lang};
use crate::state::{next_stop, previous_stop, Shared};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub chapters: Shared<Chapters>,
    /// The length of the whole bar: the media's duration, else where the chapters end.
    pub total: Timestamp,
    pub active: Option<usize>,
    /// The widget's language.
    pub lang: Lang,
    /// Seek, keeping the media playing or paused.
    pub on_seek: Callback<Timestamp>,
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let now = use_context::<Playhead>().and_then(|p| p.time);
    let lang = props.lang;
    let t = lang.messages();
    // Right to left, the bar runs from the right: drawn mirrored, clicks and arrows too.
    let rtl = lang.rtl();
    let hover = use_state_eq(|| None::<usize>);
    let focused = use_state_eq(|| false);
    let total = props.total.as_millis().max(1);
    let count = props.chapters.len();

    let describe = |index: usize| {
        props.chapters.get(index).map(|c| {
            let (n, count, time) = ((index + 1).to_string(), count.to_string(), duration_words(lang, c.start, true, false));
            fill(t.timeline_value, &[("n", &n), ("count", &count), ("title", &c.title), ("time", &time)])
        })
    };
    let value_text = match props.active {
        Some(index) => describe(index).unwrap_or_default(),
        None => duration_words(lang, now.unwrap_or(Timestamp::ZERO), true, false),
    };
    // The value is the playing chapter's start, as the text says: it changes at a chapter
    // change, not every second, so a screen reader on the focused slider is not kept talking.
    let value_now = match props.active.and_then(|i| props.chapters.get(i)) {
        Some(chapter) => (chapter.start.as_millis() / 1000).to_string(),
        None => (now.map_or(0, |t| t.as_millis()) / 1000).to_string(),
    };
    let caption = hover.or(props.active.filter(|_| *focused)).and_then(|index| {
        let chapter = props.chapters.get(index)?;
        Some(format!("{}. {} · {}", index + 1, chapter.title, chapter.start))
    });

    let on_keydown = {
        let (chapters, on_seek) = (props.chapters.clone(), props.on_seek.clone());
        let now = now.unwrap_or(Timestamp::ZERO);
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            let forward = match key.as_str() {
                "ArrowRight" => Some(!rtl),
                "ArrowLeft" => Some(rtl),
                "ArrowUp" | "PageUp" => Some(true),
                "ArrowDown" | "PageDown" => Some(false),
                _ => None,
            };
            let target = match (key.as_str(), forward) {
                (_, Some(true)) => next_stop(&chapters, now),
                (_, Some(false)) => previous_stop(&chapters, now),
                ("Home", _) => chapters.iter().next().map(|c| c.start),
                ("End", _) => chapters.iter().last().map(|c| c.start),
                _ => return,
            };
            event.prevent_default();
            if let Some(target) = target {
                on_seek.emit(target);
            }
        })
    };
    let bar_ref = use_node_ref();
    // (Yew delegates events, so `currentTarget` is not the bar: it is measured by its ref.)
    let at_pointer = {
        let bar_ref = bar_ref.clone();
        move |event: &MouseEvent| -> Option<Timestamp> {
            let bar: JsValue = bar_ref.get()?.into();
            let rect = Reflect::get(&bar, &JsValue::from_str("getBoundingClientRect"))
                .ok()
                .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
                .and_then(|f| f.call0(&bar).ok())?;
            let number = |name: &str| Reflect::get(&rect, &JsValue::from_str(name)).ok().and_then(|v| v.as_f64());
            let (left, width) = (number("left")?, number("width")?);
            let fraction = ((f64::from(event.client_x()) - left) / width.max(1.0)).clamp(0.0, 1.0);
            let fraction = if rtl { 1.0 - fraction } else { fraction };
            Some(Timestamp::from_millis((fraction * total as f64) as u64))
        }
    };
    let on_click = {
        let at_pointer = at_pointer.clone();
        let on_seek = props.on_seek.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(time) = at_pointer(&event) {
                on_seek.emit(time);
            }
        })
    };
    let on_pointermove = {
        let (hover, chapters) = (hover.clone(), props.chapters.clone());
        Callback::from(move |event: PointerEvent| {
            hover.set(at_pointer(&event).and_then(|t| chapters.active_at(t)));
        })
    };
    let on_pointerleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    let on_focus = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(true))
    };
    let on_blur = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(false))
    };

    let played = now.map_or(0, |t| t.as_millis().min(total));
    let active = props.active.and_then(|i| {
        let chapter = props.chapters.get(i)?;
        let end = chapter.end.map_or(total, |e| e.as_millis().min(total));
        Some((chapter.start.as_millis(), end.saturating_sub(chapter.start.as_millis())))
    });
    html! {
        <div class="ec-timeline">
            <div class="ec-timeline-bar" ref={bar_ref} role="slider" tabindex="0" aria-label={t.timeline}
                aria-orientation="horizontal"
                aria-valuemin="0" aria-valuemax={(total / 1000).to_string()}
                aria-valuenow={value_now} aria-valuetext={value_text}
                onkeydown={on_keydown} onclick={on_click}
                onpointermove={on_pointermove} onpointerleave={on_pointerleave}
                onfocus={on_focus} onblur={on_blur}>
                <svg class="ec-timeline-svg" viewBox={format!("0 0 {total} 10")} preserveAspectRatio="none"
                    aria-hidden="true" focusable="false">
                    <TimelineLayer chapters={props.chapters.clone()} total={props.total} separators={false} />
                    if let Some((x, width)) = active {
                        <rect class="ec-timeline-active" x={x.to_string()} y="0" width={width.to_string()} height="10" />
                    }
                    <rect class="ec-timeline-played" x="0" y="0" width={played.to_string()} height="10" />
                    <TimelineLayer chapters={props.chapters.clone()} total={props.total} separators={true} />
                </svg>
            </div>
            <p class="ec-timeline-caption" aria-hidden="true" dir="auto">{ caption.unwrap_or_default() }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TimelineLayerProps {
    chapters: Shared<Chapters>,
    total: Timestamp,
    /// The lines between segments (drawn over the played part), else the segments.
    separators: bool,
}

/// The segments, or the lines between them: rendered again only when the chapters change.
#[function_component]
fn TimelineLayer(props: &TimelineLayerProps) -> Html {
    let total = props.total.as_millis().max(1);
    if props.separators {
        let lines = props.chapters.iter().skip(1).map(|c| {
            let x = c.start.as_millis().min(total).to_string();
            html! { <line class="ec-timeline-gap" x1={x.clone()} x2={x} y1="0" y2="10" vector-effect="non-scaling-stroke" /> }
        });
        return html! { <g>{ for lines }</g> };
    }
    let segments = props.chapters.iter().map(|c| {
        let start = c.start.as_millis().min(total);
        let end = c.end.map_or(total, |e| e.as_millis().min(total));
        html! {
            <rect class="ec-timeline-segment" x={start.to_string()} y="0" width={end.saturating_sub(start).to_string()} height="10">
                <title>{ &c.title }</title>
            </rect>
        }
    });
    html! { <g>{ for segments }</g> }
}
