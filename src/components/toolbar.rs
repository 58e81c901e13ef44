//! The widget's header: the "Chapters" heading, how many and how long, expand/collapse all,
//! and "Follow playback" while the listener has scrolled away from the playing chapter; and a
//! polite status that names the chapter previous/next moved to.

use yew::prelude::*;

use crate::chapters::Timestamp;
use crate::components::locale::length_text;
use crate::i18n::{fill, Lang};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub heading_id: AttrValue,
    /// `h2` unless the page asks for another level.
    pub heading_tag: &'static str,
    pub count: usize,
    pub total: Option<Timestamp>,
    pub ready: bool,
    pub all_expanded: bool,
    pub following: bool,
    /// Whether there is media to move in (previous / next chapter).
    pub can_step: bool,
    /// How many chapters are marked listened.
    pub listened: usize,
    /// Previous (`false`) or next (`true`) chapter.
    pub on_step: Callback<bool>,
    /// Said politely after previous/next: the chapter moved to (empty before any).
    #[prop_or_default]
    pub step_status: AttrValue,
    pub on_action: Callback<Action>,
    /// The widget's language.
    pub lang: Lang,
}

#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    // Each button makes its action anew (`fn`, not a clone of an `Action`: cloning the enum
    // would compile in the copying of a whole chapter list, 5 KB of wasm, for four unit variants).
    let send = |action: fn() -> Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action()))
    };
    // Expand all / Collapse all, always there beside the others: where focus goes when the
    // button pressed goes away (Follow playback, Clear listened), instead of the page's body.
    let steady = use_node_ref();
    let send_and_keep_focus = |action: fn() -> Action| {
        let (on_action, steady) = (props.on_action.clone(), steady.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(button) = steady.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
            on_action.emit(action())
        })
    };
    let t = props.lang.messages();
    let count = match props.count {
        0 => String::new(),
        1 => t.one_chapter.to_owned(),
        n => fill(t.n_chapters, &[("n", &n.to_string())]),
    };
    let summary = match props.total {
        Some(total) if !count.is_empty() => format!("{count} · {}", length_text(props.lang, total)),
        _ => count,
    };
    html! {
        <header class="ec-toolbar">
            <div class="ec-heading-group">
                <@{props.heading_tag} class="ec-heading" id={props.heading_id.clone()}>{ t.chapters }</@>
                if !summary.is_empty() {
                    <p class="ec-summary-line">{ summary }</p>
                }
            </div>
            if props.ready && props.count > 0 {
                <div class="ec-actions">
                    if props.can_step {
                        <button type="button" class="ec-button ec-step" aria-keyshortcuts="P" title={format!("{} (P)", t.previous)}
                            onclick={props.on_step.reform(|_: MouseEvent| false)}>
                            <svg class="ec-step-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                                <path d="M4 3v10M13 3L6 8l7 5z" fill="currentColor" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
                            </svg>
                            <span class="ec-visually-hidden">{ t.previous }</span>
                        </button>
                        <button type="button" class="ec-button ec-step" aria-keyshortcuts="N" title={format!("{} (N)", t.next)}
                            onclick={props.on_step.reform(|_: MouseEvent| true)}>
                            <svg class="ec-step-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                                <path d="M12 3v10M3 3l7 5-7 5z" fill="currentColor" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
                            </svg>
                            <span class="ec-visually-hidden">{ t.next }</span>
                        </button>
                    }
                    if !props.following {
                        <button type="button" class="ec-button ec-follow" onclick={send_and_keep_focus(|| Action::FollowPlayback)}>
                            { t.follow }
                        </button>
                    }
                    if props.listened > 0 {
                        <button type="button" class="ec-button" onclick={send_and_keep_focus(|| Action::ClearListened)}>
                            { t.clear_listened }
                        </button>
                    }
                    if props.all_expanded {
                        <button type="button" class="ec-button" ref={steady.clone()} onclick={send(|| Action::CollapseAll)}>{ t.collapse_all }</button>
                    } else {
                        <button type="button" class="ec-button" ref={steady.clone()} onclick={send(|| Action::ExpandAll)}>{ t.expand_all }</button>
                    }
                </div>
            }
            if props.can_step {
                <p class="ec-visually-hidden" role="status">{ props.step_status.clone() }</p>
            }
        </header>
    }
}
