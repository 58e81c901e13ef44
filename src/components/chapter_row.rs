//! One chapter: a seek button (time range, title, length), an expand button, and when open
//! the picture, summary, key points and link. Memoised: it renders again only when its own props change,
//! so a highlight change touches two rows, not the list.

use yew::prelude::*;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::chapters::{Chapters, Timestamp};
use crate::components::chapter_progress::ChapterProgress;
use crate::components::locale::{duration_words, length_text};
use crate::deeplink;
use crate::i18n::{fill, Lang};
use crate::state::Shared;

/// Where "Copy link" is.
#[derive(Clone, Debug, PartialEq)]
enum Copy {
    /// Not asked yet.
    Idle,
    /// The link is on the clipboard.
    Copied,
    /// The browser refused: the link is shown, selected, in a field.
    Refused(String),
}

#[derive(Properties, PartialEq)]
pub struct ChapterRowProps {
    pub chapters: Shared<Chapters>,
    pub index: usize,
    /// The `src` of the chapter's picture, if it has one.
    pub image: Option<AttrValue>,
    /// Where the chapter ends, once known.
    pub end: Option<Timestamp>,
    pub active: bool,
    pub expanded: bool,
    pub playing: bool,
    /// Whether the chapter was played to its end.
    #[prop_or_default]
    pub listened: bool,
    /// The length of the whole list, when only some of its rows are rendered (then each row
    /// says its place: `aria-posinset` / `aria-setsize`).
    pub set_size: Option<usize>,
    pub id_prefix: AttrValue,
    /// The widget's language.
    pub lang: Lang,
    pub on_seek: Callback<Timestamp>,
    pub on_toggle: Callback<usize>,
}

#[function_component]
pub fn ChapterRow(props: &ChapterRowProps) -> Html {
    let Some(chapter) = props.chapters.get(props.index) else {
        return html! {};
    };
    let start = chapter.start;
    let on_seek = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |_: MouseEvent| on_seek.emit(start))
    };
    let on_toggle = {
        let (on_toggle, index) = (props.on_toggle.clone(), props.index);
        Callback::from(move |_: MouseEvent| on_toggle.emit(index))
    };
    let lang = props.lang;
    let t = lang.messages();
    let copy = use_state_eq(|| Copy::Idle);
    let field = use_node_ref();
    {
        // A refused copy: the link is selected in its field, ready for the listener to copy.
        let field = field.clone();
        use_effect_with((*copy).clone(), move |copy| {
            if let (Copy::Refused(_), Some(input)) = (copy, field.get()) {
                for method in ["focus", "select"] {
                    if let Ok(call) = Reflect::get(&input, &JsValue::from_str(method)).and_then(|m| m.dyn_into::<Function>()) {
                        let _ = call.call0(&input);
                    }
                }
            }
        });
    }
    let on_copy = {
        let copy = copy.clone();
        Callback::from(move |_: MouseEvent| {
            let link = deeplink::link_to(&page_address(), start);
            let copy = copy.clone();
            match clipboard_write(&link) {
                Some(promise) => wasm_bindgen_futures::spawn_local(async move {
                    // Cleared first, so copying again is announced again.
                    copy.set(Copy::Idle);
                    let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    copy.set(if copied { Copy::Copied } else { Copy::Refused(link) });
                }),
                None => copy.set(Copy::Refused(link)),
            }
        })
    };
    let details_id = format!("{}-details-{}", props.id_prefix, props.index);
    let class = [
        "ec-chapter",
        if props.active { " ec-active" } else { "" },
        if props.active && props.playing { " ec-playing" } else { "" },
        if props.expanded { " ec-open" } else { "" },
    ]
    .concat();
    // What the seek button does, in words: "Play chapter 6, Bridging research…, from 12
    // minutes 42 seconds" (", listened" after a chapter played to its end).
    // The name is the button's content: the visible clock range is hidden from it, and the
    // words around the visible title are CSS generated content, visually hidden (so they are
    // said, while the text that is copied or found in the page stays what is shown).
    // Made again only when they change (not when the row is highlighted, opened or marked
    // listened): the browser's Intl formats them, which is the costliest part of rendering a row.
    let said = use_memo((lang, start, props.index), |&(lang, start, index)| {
        let t = lang.messages();
        let number = (index + 1).to_string();
        let time = duration_words(lang, start, true, false);
        let template = fill(t.play_chapter, &[("n", &number), ("time", &time)]);
        let (before, after) = template.split_once("{title}").unwrap_or((template.as_str(), ""));
        (AttrValue::from(before.to_owned()), AttrValue::from(after.to_owned()))
    });
    let (said_before, mut said_after) = (*said).clone();
    if props.listened {
        said_after = AttrValue::from(format!("{said_after}{}", t.listened));
    }
    let length = use_memo((lang, start, props.end), |&(lang, start, end)| end.map(|end| length_text(lang, end.since(start))));
    let range = match props.end {
        Some(end) => format!("{start}–{end}"),
        None => format!("{start}–"),
    };

    html! {
        // `Class`, not `class`: Yew's html! makes a computed `class` a `Classes` set (split into
        // an index set and joined again, on every render of every row); under another case it
        // is set as the string it is, and setAttribute lowercases an HTML element's attribute
        // names. The same in the widget's section (app.rs).
        <li Class={class} data-start-ms={start.as_millis().to_string()} data-index={props.index.to_string()}
            aria-current={props.active.then_some("true")}
            aria-posinset={props.set_size.map(|_| (props.index + 1).to_string())}
            aria-setsize={props.set_size.map(|n| n.to_string())}>
            <div class="ec-head">
                <button type="button" class="ec-seek" onclick={on_seek}>
                    <span class="ec-range" aria-hidden="true">{ range }</span>
                    // One inline run: the button is a flex column, and browsers put a space
                    // between flex items in the name ("…everything , from 0 seconds").
                    <span class="ec-name">
                        <span class="ec-said" data-said={said_before}></span>
                        // The chapters' own text keeps its direction (an English title in an Arabic widget).
                        <span class="ec-title" dir="auto">{ &chapter.title }</span>
                        <span class="ec-said" data-said={said_after}></span>
                    </span>
                    if props.listened {
                        <span class="ec-listened" aria-hidden="true">{ "✓" }</span>
                    }
                </button>
                if props.active {
                    <ChapterProgress start={start} end={props.end} lang={lang} />
                } else if let Some(length) = (*length).clone() {
                    <span class="ec-length">{ length }</span>
                }
                if chapter.has_details() {
                    <button type="button" class="ec-toggle" onclick={on_toggle}
                        aria-expanded={props.expanded.to_string()}
                        aria-controls={props.expanded.then(|| details_id.clone())}
                        aria-label={fill(t.details, &[("title", &chapter.title)])}>
                        <svg class="ec-chevron" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                            <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" stroke-width="1.75"
                                stroke-linecap="round" stroke-linejoin="round" />
                        </svg>
                    </button>
                }
            </div>
            if props.expanded && chapter.has_details() {
                <div class="ec-details" id={details_id}>
                    if let Some(src) = props.image.clone() {
                        // The title says what the chapter is; the picture adds nothing to read.
                        <img class="ec-image" src={src} alt="" loading="lazy" decoding="async" />
                    }
                    if !chapter.summary.is_empty() {
                        <p class="ec-summary" dir="auto">{ &chapter.summary }</p>
                    }
                    if !chapter.points.is_empty() {
                        <ul class="ec-points" dir="auto" aria-label={t.key_points}>
                            { for chapter.points.iter().map(|point| html! { <li>{ point }</li> }) }
                        </ul>
                    }
                    if let Some(link) = chapter.link() {
                        // A new tab, so following the link does not stop the episode.
                        <p class="ec-link">
                            <a href={link.to_owned()} target="_blank" rel="noopener noreferrer">
                                { link_text(link) }
                                <span class="ec-visually-hidden">{ t.new_tab }</span>
                            </a>
                        </p>
                    }
                    <div class="ec-share">
                        <button type="button" class="ec-button ec-copy" onclick={on_copy}>
                            { t.copy_link }
                            <span class="ec-visually-hidden">{ fill(t.copy_link_to, &[("title", &chapter.title)]) }</span>
                        </button>
                        if let Copy::Refused(link) = &*copy {
                            <label class="ec-copy-field">
                                <span class="ec-visually-hidden">{ fill(t.link_field, &[("title", &chapter.title)]) }</span>
                                <input type="text" readonly=true value={link.clone()} ref={field} />
                            </label>
                        }
                        <span class="ec-copy-status" role="status">{ match &*copy {
                            Copy::Idle => "",
                            Copy::Copied => t.copied,
                            Copy::Refused(_) => t.copy_refused,
                        } }</span>
                    </div>
                </div>
            }
        </li>
    }
}

/// What a link shows: its host and path without the scheme, `www.` or a trailing slash, cut
/// to 48 characters (`example.com/episodes/12`).
fn link_text(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest).trim_end_matches('/');
    if rest.chars().count() > 48 {
        let cut: String = rest.chars().take(47).collect();
        format!("{cut}…")
    } else {
        rest.to_owned()
    }
}

/// The page's address (`location.href`).
fn page_address() -> String {
    web_sys::window()
        .and_then(|window| Reflect::get(&window, &JsValue::from_str("location")).ok())
        .and_then(|location| Reflect::get(&location, &JsValue::from_str("href")).ok())
        .and_then(|href| href.as_string())
        .unwrap_or_default()
}

/// `navigator.clipboard.writeText(text)`, or `None` where there is no Clipboard API (an
/// insecure page) or it throws.
fn clipboard_write(text: &str) -> Option<Promise> {
    let navigator = Reflect::get(&web_sys::window()?.into(), &JsValue::from_str("navigator")).ok()?;
    let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok().filter(|c| c.is_object())?;
    let write: Function = Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?.dyn_into().ok()?;
    write.call1(&clipboard, &JsValue::from_str(text)).ok()?.dyn_into().ok()
}
