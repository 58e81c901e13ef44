//! The widget's header: the "Chapters" heading, how many and how long, expand/collapse all,
//! and "Follow playback" while the listener has scrolled away from the playing chapter.

use yew::prelude::*;

use crate::chapters::Timestamp;
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
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let send = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    let summary = match (props.count, props.total) {
        (0, _) => String::new(),
        (1, Some(total)) => format!("1 chapter · {}", total.duration_text()),
        (n, Some(total)) => format!("{n} chapters · {}", total.duration_text()),
        (1, None) => "1 chapter".to_owned(),
        (n, None) => format!("{n} chapters"),
    };
    html! {
        <header class="ec-toolbar">
            <div class="ec-heading-group">
                <@{props.heading_tag} class="ec-heading" id={props.heading_id.clone()}>{ "Chapters" }</@>
                if !summary.is_empty() {
                    <p class="ec-summary-line">{ summary }</p>
                }
            </div>
            if props.ready && props.count > 0 {
                <div class="ec-actions">
                    if !props.following {
                        <button type="button" class="ec-button ec-follow" onclick={send(Action::FollowPlayback)}>
                            { "Follow playback" }
                        </button>
                    }
                    if props.all_expanded {
                        <button type="button" class="ec-button" onclick={send(Action::CollapseAll)}>{ "Collapse all" }</button>
                    } else {
                        <button type="button" class="ec-button" onclick={send(Action::ExpandAll)}>{ "Expand all" }</button>
                    }
                </div>
            }
        </header>
    }
}
