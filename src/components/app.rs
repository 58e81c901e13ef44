//! The widget's root: loads the chapter source, binds the media element, owns the state.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::chapters::Timestamp;
use crate::components::chapter_list::ChapterList;
use crate::components::toolbar::Toolbar;
use crate::components::Playhead;
use crate::media::{self, MediaBinding};
use crate::source::{self, Source};
use crate::state::{Action, Load, WidgetState};

/// Where a widget gets its chapters and which media element it follows.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The id of the `<audio>` (or `<video>`) element to follow.
    pub media_id: AttrValue,
    /// The chapter source, as `data-src` says: a URL, `#element-id` or `track` (see
    /// [`Source`]).
    pub src: AttrValue,
    /// A prefix for element ids, unique per widget on the page.
    pub id_prefix: AttrValue,
}

/// The chapter widget.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(WidgetState::default);
    let binding: Rc<RefCell<Option<MediaBinding>>> = use_mut_ref(|| None);
    let media_missing = use_state(|| false);

    {
        let dispatcher = state.dispatcher();
        let media_id = props.media_id.clone();
        use_effect_with(props.src.clone(), move |src| {
            let source = Source::from_attribute(src);
            wasm_bindgen_futures::spawn_local(async move {
                let action = match source::load(&source, &media_id).await {
                    Ok(parsed) => {
                        for warning in &parsed.warnings {
                            web_sys::console::warn_1(&format!("episode-chapters: {}: {warning}", source.name()).into());
                        }
                        Action::Loaded(parsed)
                    }
                    Err(message) => Action::Failed(message),
                };
                dispatcher.dispatch(action);
            });
        });
    }

    {
        let dispatcher = state.dispatcher();
        let binding = binding.clone();
        let media_missing = media_missing.setter();
        use_effect_with(props.media_id.clone(), move |id| {
            let element = media::find(id);
            media_missing.set(element.is_none());
            *binding.borrow_mut() = element.map(|element| {
                MediaBinding::attach(element, move |report| {
                    dispatcher.dispatch(Action::Media {
                        time: report.time,
                        duration: report.duration,
                        playing: report.playing,
                    })
                })
            });
            move || drop(binding.borrow_mut().take())
        });
    }

    {
        // What fitting the chapters to the media's duration changed, for the podcaster.
        let src = props.src.clone();
        use_effect_with(state.fit_warnings.clone(), move |warnings| {
            let name = Source::from_attribute(&src).name();
            for warning in warnings.iter() {
                web_sys::console::warn_1(&format!("episode-chapters: {name}: {warning}").into());
            }
        });
    }

    {
        // New chapters: decide the active one on the exact current time.
        let binding = binding.clone();
        use_effect_with(state.load.clone(), move |_| {
            if let Some(binding) = binding.borrow().as_ref() {
                let _ = binding.report();
            }
        });
    }

    let on_seek = {
        let binding = binding.clone();
        use_callback((), move |start: Timestamp, _| {
            if let Some(binding) = binding.borrow().as_ref() {
                binding.seek_and_play(start);
            }
        })
    };
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: Action, _| dispatcher.dispatch(action))
    };
    let on_toggle = {
        let dispatch = dispatch.clone();
        use_callback((), move |index: usize, _| dispatch.emit(Action::Toggled(index)))
    };
    let on_listener_scroll = {
        let dispatch = dispatch.clone();
        use_callback((), move |(), _| dispatch.emit(Action::ListenerScrolled))
    };

    // Derived from the rows, which do not change on the per-tick re-renders while playing.
    let all_expanded = {
        let state = state.clone();
        *use_memo((state.folds.clone(), state.active, state.chapters.clone()), move |_| state.all_expanded())
    };
    let heading_id = format!("{}-heading", props.id_prefix);
    let body = match &state.load {
        Load::Loading => html! {
            <p class="ec-status" role="status">{ "Loading chapters…" }</p>
        },
        Load::Failed(message) => html! {
            <div class="ec-error" role="alert">
                <p class="ec-error-title">{ "The chapters could not be shown." }</p>
                <p class="ec-error-message">{ message.to_string() }</p>
            </div>
        },
        Load::Ready if state.chapters.is_empty() => html! {
            <p class="ec-status">{ "This episode has no chapters to list." }</p>
        },
        Load::Ready => html! {
            <ChapterList
                chapters={state.chapters.clone()}
                folds={state.folds.clone()}
                active={state.active}
                playing={state.playing}
                scroll_request={state.scroll_request}
                following={state.following}
                labelled_by={AttrValue::from(heading_id.clone())}
                id_prefix={props.id_prefix.clone()}
                on_seek={on_seek}
                on_toggle={on_toggle}
                on_listener_scroll={on_listener_scroll}
            />
        },
    };

    html! {
        <section class="ec-widget" aria-labelledby={heading_id.clone()}>
            <Toolbar
                heading_id={AttrValue::from(heading_id)}
                count={state.chapters.len()}
                total={state.chapters.as_slice().last().and_then(|c| c.end).or(state.duration)}
                ready={state.load == Load::Ready}
                all_expanded={all_expanded}
                following={state.following}
                on_action={dispatch}
            />
            if *media_missing {
                <p class="ec-note">{ format!("No audio element with id \"{}\" on this page: the chapters cannot follow playback.", props.media_id) }</p>
            }
            <ContextProvider<Playhead> context={Playhead { time: state.time }}>
                { body }
            </ContextProvider<Playhead>>
        </section>
    }
}
