//! The widget's connections to the page, as Yew hooks: which media element it follows
//! ([`use_media_element`]), the live binding to it ([`use_media_binding`]), which file that
//! element plays ([`use_media_file`]), and loading the chapters ([`use_chapter_source`]).
//! Each owns what it set up and releases it in its effect's clean-up, so a widget that is
//! removed leaves no listener, observer, frame or request behind.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, Element, HtmlMediaElement};
use yew::prelude::*;

use crate::deeplink::{self, PageTime};
use crate::formats::Format;
use crate::chapters::{ChapterImage, Chapters};
use crate::media::{self, DocumentWatch, EventListener, MediaBinding, NowPlaying, SessionDriver};
use crate::settings::{MediaChoice, SourceChoice};
use crate::source;
use crate::state::{Action, Shared, WidgetState};

/// The media element the widget follows: the one the JS API handed over, else the one the
/// settings choose ([`media::find`]). The document is watched for as long as the widget
/// lives: an `<audio>` that the page adds later is picked up, and one that the page removes is
/// let go (the widget follows the next one the settings choose, or none). `epoch` changes when
/// the page asks the widget to look again (the element was moved, or `update()` was called).
#[hook]
pub fn use_media_element(host: &Element, choice: &MediaChoice, given: Option<HtmlMediaElement>, epoch: u32) -> Option<HtmlMediaElement> {
    // Looked up in the first render already: a source that reads the media element must not
    // start (and fail, "no audio element") before the effect below has looked.
    let found = use_state_eq(|| given.clone().or_else(|| media::find(host, choice)));
    let setter = found.setter();
    use_effect_with((host.clone(), choice.clone(), given, epoch), move |(host, choice, given, _)| {
        let lookup = {
            let (host, choice, given) = (host.clone(), choice.clone(), given.clone());
            move || given.clone().or_else(|| media::find(&host, &choice))
        };
        let current = Rc::new(RefCell::new(lookup()));
        setter.set(current.borrow().clone());
        let watch = {
            let (setter, current) = (setter.clone(), current.clone());
            // One `isConnected` read per batch of changes while the element is in place.
            DocumentWatch::new(host, move || {
                let stale = current.borrow().as_ref().is_none_or(|media| !media.is_connected());
                if stale {
                    let next = lookup().filter(|media| media.is_connected());
                    if next != *current.borrow() {
                        current.replace(next.clone());
                        setter.set(next);
                    }
                }
                false
            })
        };
        move || drop(watch)
    });
    (*found).clone()
}

/// Binds `media`: every report of its state becomes an [`Action::Media`]. The binding is
/// shared with the view (to seek), told the chapters (for their boundaries), and dropped, with
/// all its listeners, its frame loop and its boundary timer, when the media element changes or
/// the widget goes.
#[hook]
pub fn use_media_binding(
    media: Option<HtmlMediaElement>,
    chapters: &Shared<Chapters>,
    dispatcher: UseReducerDispatcher<WidgetState>,
) -> Rc<RefCell<Option<MediaBinding>>> {
    let binding: Rc<RefCell<Option<MediaBinding>>> = use_mut_ref(|| None);
    // The chapters as of the last render, whose boundaries the binding watches for.
    let latest = use_mut_ref(|| chapters.clone());
    *latest.borrow_mut() = chapters.clone();
    {
        let binding = binding.clone();
        use_effect_with(media, move |media| {
            *binding.borrow_mut() = media.clone().map(|element| {
                let next_boundary = move |now| latest.borrow().next_boundary(now);
                MediaBinding::attach(element, next_boundary, move |report| {
                    dispatcher.dispatch(Action::Media {
                        time: report.time,
                        duration: report.duration,
                        playing: report.playing,
                        problem: report.problem,
                    })
                })
            });
            move || drop(binding.borrow_mut().take())
        });
    }
    binding
}

/// The URL of the file `media` plays, kept current when the page changes its `src`; only
/// watched when `needed` (the chapters come from that file), `None` otherwise.
#[hook]
pub fn use_media_file(media: Option<HtmlMediaElement>, needed: bool) -> Option<String> {
    let url = use_state_eq(|| None::<String>);
    let setter = url.setter();
    use_effect_with((media, needed), move |(media, needed)| {
        let media = media.clone().filter(|_| *needed);
        setter.set(media.as_ref().and_then(media::source_url));
        let listeners: Vec<EventListener> = media
            .map(|media| {
                ["emptied", "loadstart"]
                    .into_iter()
                    .map(|event| {
                        let (media, setter) = (media.clone(), setter.clone());
                        EventListener::new(&media.clone(), event, move |_| setter.set(media::source_url(&media)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        move || drop(listeners)
    });
    (*url).clone()
}

/// Loads the chapters from `source` whenever it, the format, or (for chapters read from the
/// media file) the media element or its file changes. A load that is overtaken (or whose
/// widget is removed) is aborted and its result discarded.
#[hook]
pub fn use_chapter_source(
    host: &Element,
    source: &SourceChoice,
    format: Option<Format>,
    media: Option<HtmlMediaElement>,
    media_file: Option<String>,
    dispatcher: UseReducerDispatcher<WidgetState>,
) {
    // Only the sources that read the media element depend on it.
    let media = media.filter(|_| source.follows_media_file());
    use_effect_with((host.clone(), source.clone(), format, media, media_file), move |(host, source, format, media, _)| {
        let controller = AbortController::new().ok();
        let current = Rc::new(Cell::new(true));
        dispatcher.dispatch(Action::Loading);
        {
            let (host, source, format, media, current) = (host.clone(), source.clone(), *format, media.clone(), current.clone());
            let signal = controller.as_ref().map(AbortController::signal);
            wasm_bindgen_futures::spawn_local(async move {
                let Some(signal) = signal else { return };
                let result = source::load(&source, format, media.as_ref(), &host, &signal).await;
                if !current.get() {
                    return;
                }
                dispatcher.dispatch(match result {
                    Ok(parsed) => {
                        for warning in &parsed.warnings {
                            web_sys::console::warn_1(&format!("episode-chapters: {}: {warning}", source.name()).into());
                        }
                        Action::Loaded(parsed)
                    }
                    Err(failure) => {
                        web_sys::console::warn_1(&format!("episode-chapters: {}", failure.message).into());
                        Action::Failed(failure)
                    }
                });
            });
        }
        move || {
            current.set(false);
            if let Some(controller) = controller {
                controller.abort();
            }
        }
    });
}

/// The page's own address, read through `Reflect` (`location.hash`, `.search`, `.href`).
fn location_part(part: &str) -> String {
    web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window, &"location".into()).ok())
        .and_then(|location| js_sys::Reflect::get(&location, &part.into()).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// Plays what a page address's `t=` asks for (see [`deeplink::page_time`]); a malformed value
/// is reported on the console and otherwise ignored.
fn follow_link(binding: &RefCell<Option<MediaBinding>>, time: PageTime, play: bool) {
    match time {
        PageTime::None => {}
        PageTime::Malformed(value) => {
            web_sys::console::warn_1(&format!("episode-chapters: the address's t={value} is not a time or span; ignored").into());
        }
        PageTime::Range(start, end) => {
            if let Some(binding) = binding.borrow().as_ref() {
                binding.play_span(start, end, play);
            }
        }
    }
}

/// Deep links: once the widget has its media, the page address's `#t=` (else `?t=`) seeks it,
/// once per page load, playing only where the page lets the media play by itself. Later, a
/// `#t=` link followed inside the page (`hashchange`, or a click on a link to the address the
/// page already has) seeks and plays, since the listener asked for it. With several widgets,
/// the address is the first one's, and a later link is for the one whose audio plays (else
/// the first): one link never moves two players.
#[hook]
pub fn use_deep_link(host: &Element, media: Option<HtmlMediaElement>, binding: Rc<RefCell<Option<MediaBinding>>>) {
    let id = *use_memo((), |_| LINKED.with(|l| l.borrow_mut().next_id()));
    use_effect_with((host.clone(), media), move |(host, media)| {
        let mut listeners = Vec::new();
        if let (Some(_), Some(window)) = (media, web_sys::window()) {
            LINKED.with(|l| l.borrow_mut().widgets.push((id, host.clone(), Rc::downgrade(&binding))));
            // The page's address is one link, for the first <episode-chapters> on the page (or
            // a widget the JS API mounted elsewhere), once.
            let first = window.document().and_then(|d| d.query_selector(TAG).ok().flatten());
            let mine = host.local_name() != TAG || first.is_none_or(|first| first == *host);
            if mine && !LINKED.with(|l| std::mem::replace(&mut l.borrow_mut().loaded, true)) {
                follow_link(&binding, deeplink::page_time(&location_part("hash"), &location_part("search")), false);
            }
            let on_hash = binding.clone();
            listeners.push(EventListener::new(&window, "hashchange", move |_| {
                if LINKED.with(|l| l.borrow().target() == Some(id)) {
                    follow_link(&on_hash, deeplink::page_time(&location_part("hash"), ""), true);
                }
            }));
            if let Some(document) = window.document() {
                // A click on a link to the very address the page has changes nothing, so no
                // `hashchange` comes: the link is followed here.
                listeners.push(EventListener::new(&document, "click", move |event| {
                    let Some(href) = clicked_link(event) else { return };
                    let here = location_part("href");
                    if href == here && here.contains('#') && LINKED.with(|l| l.borrow().target() == Some(id)) {
                        follow_link(&binding, deeplink::page_time(&location_part("hash"), ""), true);
                    }
                }));
            }
        }
        move || {
            drop(listeners);
            LINKED.with(|l| l.borrow_mut().widgets.retain(|(widget, _, _)| *widget != id));
        }
    });
}

/// The widgets on the page that follow `#t=` links, so that one link moves one audio.
#[derive(Default)]
struct LinkedWidgets {
    next: u32,
    /// Whether the page's address was followed (by the first widget that had media).
    loaded: bool,
    /// Their elements and media bindings.
    widgets: Vec<LinkedWidget>,
}

impl LinkedWidgets {
    fn next_id(&mut self) -> u32 {
        self.next += 1;
        self.next
    }

    /// The widget a link in the page is for: the one whose audio is playing, else the first
    /// in the document.
    fn target(&self) -> Option<u32> {
        let playing = self.widgets.iter().find(|(_, _, binding)| {
            binding.upgrade().is_some_and(|b| b.borrow().as_ref().is_some_and(MediaBinding::is_playing))
        });
        let first = || {
            self.widgets.iter().reduce(|first, other| {
                let after = first.1.compare_document_position(&other.1) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0;
                if after {
                    first
                } else {
                    other
                }
            })
        };
        playing.or_else(first).map(|(id, _, _)| *id)
    }
}

/// A widget that follows links: its id, element and media binding.
type LinkedWidget = (u32, Element, std::rc::Weak<RefCell<Option<MediaBinding>>>);

/// The custom element's name.
const TAG: &str = "episode-chapters";

thread_local! {
    static LINKED: RefCell<LinkedWidgets> = RefCell::new(LinkedWidgets::default());
}

/// The absolute `href` of the link a click landed on, inside shadow roots too.
fn clicked_link(event: &web_sys::Event) -> Option<String> {
    let path = event.composed_path();
    (0..path.length()).filter_map(|i| path.get(i).dyn_into::<Element>().ok()).find_map(|element| {
        if element.local_name() != "a" {
            return None;
        }
        js_sys::Reflect::get(&element, &"href".into()).ok()?.as_string()
    })
}

/// The longest chapter list handed to the OS media controls (`chapterInfo`): more than any of
/// them can show, and building it for 100,000 chapters would hold the page up.
const MAX_CHAPTER_INFO: usize = 5_000;

/// The OS media controls (Media Session): while `enabled`, the widget takes the session when
/// its media starts playing, and while it has it, shows the playing chapter there and moves
/// between chapters on `nexttrack` / `previoustrack` (`on_step(true)` / `on_step(false)`).
#[hook]
pub fn use_media_session(enabled: bool, on_step: Callback<bool>, state: &UseReducerHandle<WidgetState>) {
    let step = use_mut_ref(|| on_step.clone());
    *step.borrow_mut() = on_step;
    let driver: Rc<RefCell<Option<SessionDriver>>> = use_mut_ref(|| None);
    {
        let (driver, step) = (driver.clone(), step.clone());
        use_effect_with(enabled, move |&enabled| {
            *driver.borrow_mut() = enabled.then(|| SessionDriver::new(move |forward| step.borrow().emit(forward))).flatten();
            move || drop(driver.borrow_mut().take())
        });
    }
    // Made again only when the playing chapter, the chapters or the duration's being known
    // change, not on every tick.
    // chapterInfo: made again only when the chapters or the duration's being known change,
    // not on every chapter change (at 10,000 chapters that list is the costly part). Lists
    // longer than an OS surface could show are left out.
    let info = {
        let (chapters, known) = (state.chapters.clone(), state.duration.is_some());
        use_memo((chapters, known), |(chapters, known)| {
            (*known && chapters.len() <= MAX_CHAPTER_INFO)
                .then(|| Shared::new(chapters.iter().map(|c| (c.title.clone(), c.start.as_secs_f64())).collect::<Vec<_>>()))
        })
    };
    let now = {
        let (active, chapters, info, title) = (state.active, state.chapters.clone(), (*info).clone(), state.title.clone());
        use_memo((active, chapters, info, title), |(active, chapters, info, title)| {
            let chapter = active.and_then(|i| chapters.get(i));
            let heading = chapter.map(|c| c.title.clone()).or_else(|| title.as_deref().map(str::to_owned));
            heading.map(|heading| {
                Shared::new(NowPlaying {
                    title: heading,
                    episode: title.as_deref().map(str::to_owned),
                    artwork: chapter.and_then(|c| match &c.image {
                        Some(ChapterImage::Url(url)) => Some(url.clone()),
                        _ => None,
                    }),
                    chapters: info.clone(),
                })
            })
        })
    };
    use_effect_with((state.playing, (*now).clone()), move |(playing, now)| {
        if let Some(driver) = driver.borrow().as_ref() {
            if *playing {
                driver.claim();
            }
            if let Some(now) = now {
                driver.show(now);
            }
        }
    });
}

/// `localStorage`, or `None` where there is none or reading it throws (storage disabled, an
/// opaque origin).
fn local_storage() -> Option<JsValue> {
    let storage = js_sys::Reflect::get(&web_sys::window()?.into(), &JsValue::from_str("localStorage")).ok()?;
    storage.is_object().then_some(storage)
}

fn storage_call(method: &str, args: &[&str]) -> Option<JsValue> {
    let storage = local_storage()?;
    let function: js_sys::Function = js_sys::Reflect::get(&storage, &JsValue::from_str(method)).ok()?.dyn_into().ok()?;
    let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    function.apply(&storage, &args).ok()
}

/// The value stored under `key`, if storage works and has one.
pub fn stored(key: &str) -> Option<String> {
    storage_call("getItem", &[key])?.as_string()
}

/// Stores `value` under `key` (removes the key for `None`); nothing happens where storage is
/// unavailable or refuses (full, disabled).
pub fn store(key: &str, value: Option<&str>) {
    let _ = match value {
        Some(value) => storage_call("setItem", &[key, value]),
        None => storage_call("removeItem", &[key]),
    };
}

/// The chapters played to their end, remembered per episode (the media file's URL) in
/// `localStorage`: read back when the widget has its media and chapters, written whenever a
/// mark is added or cleared.
#[hook]
pub fn use_listened_marks(media: Option<HtmlMediaElement>, state: &UseReducerHandle<WidgetState>) {
    // The storage key of the episode whose marks the state holds, once they were read.
    let key = use_mut_ref(|| None::<String>);
    {
        let (key, dispatcher) = (key.clone(), state.dispatcher());
        let ready = state.load == crate::state::Load::Ready;
        use_effect_with((media, ready), move |(media, ready)| {
            let url = media.as_ref().filter(|_| *ready).and_then(media::source_url);
            let wanted = url.map(|url| format!("episode-chapters:listened:{url}"));
            if wanted != *key.borrow() {
                let starts = wanted
                    .as_deref()
                    .and_then(stored)
                    .map(|text| text.split(',').filter_map(|s| s.trim().parse::<u64>().ok()).collect())
                    .unwrap_or_default();
                *key.borrow_mut() = wanted;
                dispatcher.dispatch(Action::RestoreListened(starts));
            }
        });
    }
    use_effect_with(state.listened.clone(), move |listened| {
        if let Some(key) = key.borrow().as_deref() {
            let text: Vec<String> = listened.iter().map(u64::to_string).collect();
            store(key, (!text.is_empty()).then(|| text.join(",")).as_deref());
        }
    });
}
