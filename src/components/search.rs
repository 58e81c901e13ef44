//! Finding a chapter in a long list (more than [`SEARCH_THRESHOLD`] chapters): a search field
//! that filters by title, summary and key points ([`crate::search`]), a polite count of the
//! matches, Enter to play the first, Escape to clear; and the list of the matches that stands
//! in for the whole list while there is a query. Clearing the field brings the whole list
//! back, scrolled to the playing chapter when following.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::chapters::{Chapters, Timestamp};
use crate::components::chapter_row::ChapterRow;
use crate::i18n::{fill, Lang};
use crate::images::ChapterImages;
use crate::state::{Fold, Shared};

/// From how many chapters on the search field is shown.
pub const SEARCH_THRESHOLD: usize = 20;

/// How many matches are rendered at most; the count says how many there are.
pub const MAX_RESULTS: usize = 200;

#[derive(Properties, PartialEq)]
pub struct ChapterSearchProps {
    pub query: AttrValue,
    /// How many chapters match the query (when it has a word).
    pub found: Option<usize>,
    pub total: usize,
    pub id_prefix: AttrValue,
    /// The widget's language.
    pub lang: Lang,
    pub on_query: Callback<String>,
    /// The field got focus (the index is made then).
    pub on_focus: Callback<()>,
    /// Enter: play the first match.
    pub on_submit: Callback<()>,
}

#[function_component]
pub fn ChapterSearch(props: &ChapterSearchProps) -> Html {
    let t = props.lang.messages();
    let input_id = format!("{}-search", props.id_prefix);
    let on_input = props.on_query.reform(|event: InputEvent| {
        event.target_unchecked_into::<web_sys::HtmlInputElement>().value()
    });
    let on_keydown = {
        let (on_query, on_submit, empty) = (props.on_query.clone(), props.on_submit.clone(), props.query.is_empty());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                on_submit.emit(());
            }
            "Escape" if !empty => {
                event.prevent_default();
                on_query.emit(String::new());
            }
            "ArrowDown" if !empty => {
                // Down from the field: into the matches.
                let first = event
                    .target()
                    .and_then(|t| t.dyn_into::<Element>().ok())
                    .and_then(|field| field.closest("section").ok().flatten())
                    .and_then(|section| section.query_selector(".ec-results .ec-seek").ok().flatten());
                if let Some(first) = first.and_then(|b| b.dyn_into::<HtmlElement>().ok()) {
                    event.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        })
    };
    let status = match props.found {
        None => String::new(),
        Some(0) => t.search_none.to_owned(),
        Some(1) => fill(t.search_one, &[("total", &props.total.to_string())]),
        Some(n) => fill(t.search_many, &[("n", &n.to_string()), ("total", &props.total.to_string())]),
    };
    html! {
        <div class="ec-search" role="search">
            <label class="ec-visually-hidden" for={input_id.clone()}>{ t.search }</label>
            <input id={input_id} class="ec-search-input" type="search" placeholder={t.search}
                autocomplete="off" spellcheck="false" value={props.query.clone()}
                oninput={on_input} onkeydown={on_keydown} onfocus={props.on_focus.reform(|_: FocusEvent| ())} />
            <p class="ec-search-status" role="status">{ status }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SearchResultsProps {
    pub chapters: Shared<Chapters>,
    pub matches: Shared<Vec<usize>>,
    pub folds: Shared<Vec<Fold>>,
    pub active: Option<usize>,
    pub auto_open: bool,
    pub playing: bool,
    pub listened: Shared<Vec<u64>>,
    pub id_prefix: AttrValue,
    /// The widget's language.
    pub lang: Lang,
    pub on_seek: Callback<Timestamp>,
    pub on_toggle: Callback<usize>,
}

/// The matching chapters, as rows of the list (at most [`MAX_RESULTS`]).
#[function_component]
pub fn SearchResults(props: &SearchResultsProps) -> Html {
    let t = props.lang.messages();
    let images = use_memo(props.chapters.clone(), |chapters| Shared::new(ChapterImages::new(chapters)));
    let rows = props.matches.iter().take(MAX_RESULTS).filter_map(|&index| {
        let chapter = props.chapters.get(index)?;
        let active = props.active == Some(index);
        let expanded = props.folds.get(index).is_some_and(|fold| fold.is_open(active && props.auto_open));
        Some(html! {
            <ChapterRow
                key={chapter.start.as_millis()}
                chapters={props.chapters.clone()}
                index={index}
                image={images.get(index)}
                end={chapter.end}
                active={active}
                expanded={expanded}
                playing={active && props.playing}
                listened={props.listened.binary_search(&chapter.start.as_millis()).is_ok()}
                set_size={None::<usize>}
                id_prefix={props.id_prefix.clone()}
                lang={props.lang}
                on_seek={props.on_seek.clone()}
                on_toggle={props.on_toggle.clone()}
            />
        })
    });
    // The arrow keys, Home and End move between the matches, as in the whole list.
    let on_keydown = Callback::from(|event: KeyboardEvent| {
        let Some(row) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest(".ec-chapter").ok().flatten())
        else {
            return;
        };
        let target = match event.key().as_str() {
            "ArrowDown" => row.next_element_sibling(),
            "ArrowUp" => row.previous_element_sibling(),
            "Home" => row.parent_element().and_then(|list| list.first_element_child()),
            "End" => row.parent_element().and_then(|list| list.last_element_child()),
            _ => return,
        };
        let button = target.and_then(|row| row.query_selector(".ec-seek").ok().flatten()).and_then(|b| b.dyn_into::<HtmlElement>().ok());
        if let Some(button) = button {
            event.prevent_default();
            let _ = button.focus();
        }
    });
    let more = props.matches.len().saturating_sub(MAX_RESULTS);
    html! {
        <>
            <ol class="ec-list ec-results" aria-label={t.search_results} onkeydown={on_keydown}>
                { for rows }
            </ol>
            if more > 0 {
                <p class="ec-status">{ fill(t.search_more, &[("n", &more.to_string())]) }</p>
            }
        </>
    }
}
