//! The widget's root: connects the page (media element, chapter source, the host element's
//! events) through the hooks in [`crate::hooks`], owns the state, and lays out the toolbar and
//! the list.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, HtmlMediaElement};
use yew::prelude::*;

use crate::chapters::Timestamp;
use crate::components::chapter_list::ChapterList;
use crate::components::search::{ChapterSearch, SearchResults, SEARCH_THRESHOLD};
use crate::components::timeline::Timeline;
use crate::components::toolbar::Toolbar;
use crate::components::Playhead;
use crate::events;
use crate::hooks;
use crate::hooks::{
    use_chapter_source, use_deep_link, use_listened_marks, use_media_binding, use_media_element, use_media_file, use_media_session,
};
use crate::diagnostics::Position;
use crate::i18n::{fill, Lang, Messages};
use crate::media::MediaBinding;
use crate::search::SearchIndex;
use crate::settings::{Expanded, MediaChoice, Settings, Theme};
use crate::state::{self, Action, Failure, FailureKind, Load, MediaProblem, Shared, WidgetState};

/// Where the listener's choice to follow playback or not is remembered, for the whole site.
const FOLLOW_KEY: &str = "episode-chapters:follow";

/// One widget: its element on the page and what the page asked of it.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The element the widget lives in (`<episode-chapters>`, or the JS API's element): events
    /// are dispatched on it and its server-rendered list is read from it.
    pub host: Element,
    /// What the page asked for.
    pub settings: Rc<Settings>,
    /// The media element the JS API handed over, if any (it wins over `settings.media`).
    pub media: Option<HtmlMediaElement>,
    /// Whether the element holds server-rendered markup to show until the chapters are in.
    pub has_markup: bool,
    /// Bumped when the page asks the widget to look for its media element again.
    pub epoch: u32,
    /// A prefix for element ids, unique per widget on the page.
    pub id_prefix: AttrValue,
}

/// The chapter widget.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let settings = &props.settings;
    let state = use_reducer(WidgetState::default);
    let media = use_media_element(&props.host, &settings.media, props.media.clone(), props.epoch);
    let binding = use_media_binding(media.clone(), &state.chapters, state.dispatcher());
    use_deep_link(&props.host, media.clone(), binding.clone());
    use_listened_marks(media.clone(), &state);
    let media_file = use_media_file(media.clone(), settings.source.follows_media_file());
    use_chapter_source(&props.host, &settings.source, settings.format, media.clone(), media_file, state.dispatcher());
    // The loader's early view gives way in the render that shows the chapters (or the
    // failure), before the list below is laid out and measured.
    let early = use_mut_ref(|| true);
    if *early.borrow() && state.load != Load::Loading {
        *early.borrow_mut() = false;
        if let Some(Ok(Some(view))) = props.host.shadow_root().map(|s| s.query_selector(".ec-early")) {
            view.remove();
        }
    }

    {
        let dispatcher = state.dispatcher();
        use_effect_with((settings.expanded, settings.follow), move |&(expanded, follow)| {
            // Following is on where the page allows it, unless the listener turned it off on
            // this site (by scrolling the list away from the playing chapter).
            let follow = follow && hooks::stored(FOLLOW_KEY).as_deref() != Some("off");
            dispatcher.dispatch(Action::Configure { expanded, follow });
        });
    }
    events::use_widget_events(&props.host, &state);

    {
        // What fitting the chapters to the media's duration changed, for the podcaster.
        let name = settings.source.name();
        use_effect_with(state.fit_warnings.clone(), move |warnings| {
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

    let Seeking { on_seek, on_step, on_scrub, stepped } = use_seeking(&binding, &state);
    use_media_session(settings.media_session, on_step.clone(), &state);
    let on_keydown = step_keys(on_step.clone());
    let Listener { dispatch, on_toggle, on_listener_scroll } = use_listener_actions(&state);

    // Derived from the rows, which do not change on the per-tick re-renders while playing.
    let all_expanded = {
        // The rows that decide it are found again only when the rows change, not on every
        // chapter change (at 100,000 chapters that is a pass over all of them).
        let found = state.clone();
        let closed = use_memo((state.folds.clone(), state.chapters.clone(), state.expanded), move |_| found.closed_rows());
        state.all_expanded_with(&closed)
    };
    let search = use_chapter_search(&state, on_seek.clone());
    let lang = use_lang(settings.lang.clone(), &props.host, props.epoch);
    let t = lang.messages();
    let heading_id = format!("{}-heading", props.id_prefix);
    let timeline_total = state.duration.or_else(|| state.chapters.as_slice().last().and_then(|c| c.end)).filter(|t| t.as_millis() > 0);
    // The page's own list (server-rendered) stays visible until the chapters are in.
    let markup = props.has_markup.then(|| html! { <slot class="ec-markup"></slot> });
    let body = match &state.load {
        Load::Loading => match markup {
            Some(markup) => markup,
            None => html! { <p class="ec-status" role="status">{ t.loading }</p> },
        },
        Load::Failed(failure) => failure_view(t, failure, markup),
        Load::Ready if state.chapters.is_empty() => html! {
            <p class="ec-status">{ t.no_chapters }</p>
        },
        Load::Ready if search.searchable && search.matches.is_some() => html! {
            <SearchResults
                chapters={state.chapters.clone()}
                matches={search.matches.clone().unwrap_or_default()}
                folds={state.folds.clone()}
                active={state.active}
                auto_open={state.expanded == Expanded::Current}
                playing={state.playing}
                listened={state.listened.clone()}
                id_prefix={props.id_prefix.clone()}
                lang={lang}
                on_seek={on_seek.clone()}
                on_toggle={on_toggle.clone()}
            />
        },
        Load::Ready => html! {
            <ChapterList
                chapters={state.chapters.clone()}
                folds={state.folds.clone()}
                active={state.active}
                auto_open={state.expanded == Expanded::Current}
                playing={state.playing}
                listened={state.listened.clone()}
                scroll_request={state.scroll_request}
                following={state.following}
                labelled_by={AttrValue::from(heading_id.clone())}
                id_prefix={props.id_prefix.clone()}
                lang={lang}
                on_seek={on_seek}
                on_toggle={on_toggle}
                on_listener_scroll={on_listener_scroll}
            />
        },
    };

    let class = [
        "ec-widget",
        match settings.theme {
            Theme::Auto => "",
            Theme::Light => " ec-theme-light",
            Theme::Dark => " ec-theme-dark",
        },
        if settings.compact { " ec-compact" } else { "" },
    ]
    .concat();
    html! {
        <>
            // A media element placed inside the widget's element stays visible.
            <slot name="media"></slot>
            // `Class`: set as the string it is, not made a `Classes` set (see chapter_row.rs).
            <section Class={class} aria-labelledby={heading_id.clone()} onkeydown={on_keydown}
                lang={lang.tag()} dir={lang.rtl().then_some("rtl")}>
                <Toolbar
                    heading_id={AttrValue::from(heading_id)}
                    heading_tag={settings.heading_tag()}
                    count={state.chapters.len()}
                    total={state.chapters.as_slice().last().and_then(|c| c.end).or(state.duration)}
                    ready={state.load == Load::Ready}
                    all_expanded={all_expanded}
                    following={state.following}
                    can_step={media.is_some()}
                    listened={state.listened.len()}
                    on_step={on_step}
                    step_status={stepped.and_then(|i| Some((i, state.chapters.get(i)?))).map(|(i, c)| {
                        let time = crate::components::locale::duration_words(lang, c.start, true, false);
                        let (n, count) = ((i + 1).to_string(), state.chapters.len().to_string());
                        AttrValue::from(fill(t.timeline_value, &[("n", &n), ("count", &count), ("title", &c.title), ("time", &time)]))
                    }).unwrap_or_default()}
                    on_action={dispatch}
                    lang={lang}
                />
                if let Some(problem) = state.media_problem {
                    <p class="ec-note" role="status">{ match problem {
                        MediaProblem::Unplayable(_) => t.media_unplayable,
                        MediaProblem::NotSeekable => t.media_not_seekable,
                    } }</p>
                }
                if media.is_none() && state.load != Load::Loading {
                    <p class="ec-note">{ match &settings.media {
                        MediaChoice::Id(id) => fill(t.no_audio_id, &[("id", id)]),
                        MediaChoice::Nearest => t.no_audio.to_owned(),
                    } }</p>
                }
                <ContextProvider<Playhead> context={Playhead { time: state.time }}>
                    if let (true, Load::Ready, true, Some(total)) = (settings.timeline, &state.load, media.is_some(), timeline_total) {
                        <Timeline chapters={state.chapters.clone()} total={total} active={state.active} lang={lang} on_seek={on_scrub} />
                    }
                    if search.searchable {
                        <ChapterSearch
                            query={search.query.clone()}
                            found={search.matches.as_ref().map(|m| m.len())}
                            total={state.chapters.len()}
                            id_prefix={props.id_prefix.clone()}
                            lang={lang}
                            on_query={search.on_query.clone()}
                            on_focus={search.on_focus.clone()}
                            on_submit={search.on_submit.clone()}
                        />
                    }
                    { body }
                </ContextProvider<Playhead>>
            </section>
        </>
    }
}

/// Why no chapters could be shown, in the listener's language.
fn failure_text(t: &Messages, failure: &Failure) -> String {
    match failure.kind {
        FailureKind::Network => t.fail_network.to_owned(),
        FailureKind::Timeout => t.fail_timeout.to_owned(),
        FailureKind::Http(status) => fill(t.fail_http, &[("status", &status.to_string())]),
        FailureKind::NotChapters => t.fail_not_chapters.to_owned(),
        FailureKind::Format => match failure.position {
            Position::Text { line, column } => fill(t.fail_format_line, &[("line", &line.to_string()), ("column", &column.to_string())]),
            Position::Byte(byte) => fill(t.fail_format_byte, &[("byte", &byte.to_string())]),
            Position::Unknown => t.fail_format.to_owned(),
        },
        FailureKind::Media => t.fail_media.to_owned(),
        FailureKind::NoRanges => t.fail_ranges.to_owned(),
        FailureKind::Page => t.fail_page.to_owned(),
    }
}

/// Keys while focus is in the widget (never page-wide): N next, P previous chapter
/// (`on_step(true)` / `on_step(false)`), except while typing in a field.
fn step_keys(on_step: Callback<bool>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        if event.ctrl_key() || event.alt_key() || event.meta_key() || event.default_prevented() {
            return;
        }
        let typing = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|t| matches!(t.local_name().as_str(), "input" | "textarea" | "select"));
        if typing {
            return;
        }
        let forward = match event.key().as_str() {
            "n" | "N" => true,
            "p" | "P" => false,
            _ => return,
        };
        event.prevent_default();
        on_step.emit(forward);
    })
}

/// The widget's language: the element's own `lang` (`own`), else the nearest one above it,
/// else English; looked up again when the page asks (`epoch`). A language whose texts are not
/// here yet (see [`crate::i18n`]) is asked for; until they come, the widget goes on in the
/// language it spoke (English at first), and stays in it if they cannot be had.
#[hook]
fn use_lang(own: Option<String>, host: &Element, epoch: u32) -> Lang {
    let wanted = *use_memo((own, host.clone(), epoch), |(own, host, _)| {
        let tag = own.clone().or_else(|| host.closest("[lang]").ok().flatten()?.get_attribute("lang"));
        let lang = Lang::from_tag(tag.as_deref().unwrap_or("en"));
        // The loader usually has the page's language by the first render: taken at once.
        let _ = crate::embed::take_messages(lang);
        lang
    });
    let update = use_force_update();
    use_effect_with(wanted, move |&wanted| {
        if !wanted.is_loaded() {
            wasm_bindgen_futures::spawn_local(async move {
                if crate::embed::load_messages(wanted).await {
                    update.force_update();
                }
            });
        }
    });
    let shown = use_mut_ref(|| Lang::En);
    if wanted.is_loaded() {
        *shown.borrow_mut() = wanted;
    }
    let shown = *shown.borrow();
    shown
}

/// Search over the chapters, in lists long enough to need it.
struct Search {
    /// Whether the list is long enough ([`SEARCH_THRESHOLD`]) and loaded.
    searchable: bool,
    query: AttrValue,
    /// The matching rows, while there is a query.
    matches: Option<Shared<Vec<usize>>>,
    on_query: Callback<String>,
    /// The field got focus: the index is wanted.
    on_focus: Callback<()>,
    /// Enter: plays the first match (`on_seek`).
    on_submit: Callback<()>,
}

/// The search state: the chapters' text folded once per list, the matches once per query.
#[hook]
fn use_chapter_search(state: &UseReducerHandle<WidgetState>, on_seek: Callback<Timestamp>) -> Search {
    let searchable = state.load == Load::Ready && state.chapters.len() > SEARCH_THRESHOLD;
    let query = use_state_eq(String::new);
    // The index is made when the field first gets focus (or has a query), not before the
    // first rows: at 100,000 chapters it takes longer than rendering them.
    let wanted = use_state_eq(|| false);
    let build = searchable && (*wanted || !query.is_empty());
    let index = use_memo((state.chapters.clone(), build), |(chapters, build)| {
        if *build {
            SearchIndex::new(chapters)
        } else {
            SearchIndex::default()
        }
    });
    let matches = {
        let index = index.clone();
        use_memo((state.chapters.clone(), searchable, (*query).clone()), move |(_, _, query)| {
            (!query.trim().is_empty()).then(|| Shared::new(index.matches(query)))
        })
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |text: String| query.set(text))
    };
    let on_focus = Callback::from(move |()| wanted.set(true));
    let on_submit = {
        let (matches, chapters) = (matches.clone(), state.chapters.clone());
        Callback::from(move |()| {
            if let Some(first) = matches.as_ref().as_ref().and_then(|m| m.first()).and_then(|&i| chapters.get(i)) {
                on_seek.emit(first.start);
            }
        })
    };
    Search { searchable, query: AttrValue::from((*query).clone()), matches: (*matches).clone(), on_query, on_focus, on_submit }
}

/// What shows when no chapters could be: the kind in the listener's language and the precise
/// diagnostic (English, with its position) beside it for the podcaster, as on the console.
/// Above the page's own list when there is one (`markup`), else in its place.
fn failure_view(t: &Messages, failure: &Failure, markup: Option<Html>) -> Html {
    match markup {
        Some(markup) => html! {
            <>
                <p class="ec-note" role="status">
                    { t.load_failed }{ failure_text(t, failure) }{ " " }
                    <span class="ec-note-detail" lang="en" dir="ltr">{ failure.message.clone() }</span>
                </p>
                { markup }
            </>
        },
        None => html! {
            <div class="ec-error" role="alert">
                <p class="ec-error-title">{ t.error_title }{ " " }{ failure_text(t, failure) }</p>
                <p class="ec-error-message" lang="en" dir="ltr">{ failure.message.clone() }</p>
            </div>
        },
    }
}

/// What moves the media: a row's seek button (seek and play), previous / next, and the
/// timeline; `stepped` is the chapter previous / next moved to last (said politely).
struct Seeking {
    on_seek: Callback<Timestamp>,
    /// Previous (`false`) / next (`true`) chapter, from the exact time, keeping playing or paused.
    on_step: Callback<bool>,
    /// The timeline seeks without starting or stopping playback.
    on_scrub: Callback<Timestamp>,
    stepped: Option<usize>,
}

#[hook]
fn use_seeking(binding: &Rc<RefCell<Option<MediaBinding>>>, state: &UseReducerHandle<WidgetState>) -> Seeking {
    // The callbacks that depend on nothing but the binding, made once.
    let (on_seek, on_scrub) = (*use_memo((), {
        let binding = binding.clone();
        move |_| {
            let seek = binding.clone();
            let on_seek = Callback::from(move |start: Timestamp| {
                if let Some(binding) = seek.borrow().as_ref() {
                    binding.seek_and_play(start);
                }
            });
            let scrub = binding;
            let on_scrub = Callback::from(move |time: Timestamp| {
                if let Some(binding) = scrub.borrow().as_ref() {
                    binding.seek(time, false);
                }
            });
            (on_seek, on_scrub)
        }
    }))
    .clone();
    let stepped = use_state_eq(|| None::<usize>);
    let on_step = {
        let (binding, stepped) = (binding.clone(), stepped.clone());
        use_callback(state.chapters.clone(), move |forward: bool, chapters| {
            if let Some(binding) = binding.borrow().as_ref() {
                let Some(time) = binding.report().time else { return };
                let stop = if forward { state::next_stop(chapters, time) } else { state::previous_stop(chapters, time) };
                if let Some(stop) = stop {
                    binding.seek(stop, false);
                    stepped.set(chapters.active_at(stop));
                }
            }
        })
    };
    Seeking { on_seek, on_step, on_scrub, stepped: *stepped }
}

/// The listener's actions on the list: the toolbar's (`dispatch`), opening and closing a row,
/// and scrolling the list (which pauses following, remembered for the site).
struct Listener {
    dispatch: Callback<Action>,
    on_toggle: Callback<usize>,
    on_listener_scroll: Callback<()>,
}

#[hook]
fn use_listener_actions(state: &UseReducerHandle<WidgetState>) -> Listener {
    // Made once: they depend on nothing that changes.
    let (dispatch, on_toggle) = (*use_memo((), {
        let dispatcher = state.dispatcher();
        move |_| {
            let dispatch = Callback::from(move |action: Action| {
                if matches!(action, Action::FollowPlayback) {
                    hooks::store(FOLLOW_KEY, Some("on"));
                }
                dispatcher.dispatch(action)
            });
            let toggle = dispatch.clone();
            (dispatch, Callback::from(move |index: usize| toggle.emit(Action::Toggled(index))))
        }
    }))
    .clone();
    let on_listener_scroll = {
        let dispatch = dispatch.clone();
        use_callback(state.following, move |(), following| {
            if *following {
                hooks::store(FOLLOW_KEY, Some("off"));
            }
            dispatch.emit(Action::ListenerScrolled)
        })
    };
    Listener { dispatch, on_toggle, on_listener_scroll }
}
