//! How a page mounts widgets: the functions that the `<episode-chapters>` element and the JS
//! API of `episode-chapters.js` call (see `src/embed/episode-chapters.js`, which stays a thin
//! shim that owns nothing).
//!
//! ```html
//! <script type="module" src="/embed/episode-chapters.js"></script>
//! <audio id="episode-audio" controls src="episode.opus"></audio>
//! <episode-chapters for="episode-audio" src="episode.json"></episode-chapters>
//! ```
//!
//! A widget renders into an open shadow root on its element, so that the page's CSS cannot
//! reach inside it and its CSS cannot leak out; the page's server-rendered list stays in the
//! element (light DOM) and is shown through a `<slot>` until the chapters are in.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlMediaElement, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::components::app::{App, AppProps};
use crate::i18n::{self, Lang, Messages};
use crate::settings::{Settings, SourceChoice};

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    /// The loader's function that loads the optional readers' wasm module (a promise of it).
    static LOAD_READERS: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
    /// The loader's function that hands over a chapter file it fetched while the wasm loaded.
    static TAKE_PREFETCHED: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
    /// The loader's function that loads the texts of a language other than English.
    static LOAD_MESSAGES: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// The response for `url` if the loader already asked for it (it does so for the `src` of a
/// widget while the wasm loads), once; `None` otherwise, and then the caller fetches it.
/// `signal` aborts it as it would abort the caller's own request.
pub fn prefetched(url: &str, signal: &web_sys::AbortSignal) -> Option<js_sys::Promise> {
    let take = TAKE_PREFETCHED.with(|f| f.borrow().clone())?;
    take.call2(&JsValue::NULL, &JsValue::from_str(url), signal).ok()?.dyn_into().ok()
}

/// The optional readers' wasm module (see `readers_api`), loaded on first use by the
/// function the loader handed to [`mount`]. `None` where there is none (a page that mounts
/// the widget without `episode-chapters.js`).
pub async fn readers() -> Option<JsValue> {
    let load = LOAD_READERS.with(|f| f.borrow().clone())?;
    let promise: js_sys::Promise = load.call0(&JsValue::NULL).ok()?.dyn_into().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// Takes in `lang`'s texts (see [`crate::i18n`]) if the loader has them already: it fetches a
/// page's language while the wasm loads. Otherwise the promise of them, to await with
/// [`load_messages`]; `None` when they are here, or cannot be had (no loader, or none for
/// this language).
pub fn take_messages(lang: Lang) -> Option<js_sys::Promise> {
    if lang.is_loaded() {
        return None;
    }
    let load = LOAD_MESSAGES.with(|f| f.borrow().clone())?;
    let table = load.call1(&JsValue::NULL, &JsValue::from_str(lang.tag())).ok()?;
    if let Some(promise) = table.dyn_ref::<js_sys::Promise>() {
        return Some(promise.clone());
    }
    register(lang, &table);
    None
}

/// Makes sure `lang`'s texts are here, once its file has come if need be ([`take_messages`]).
/// False when they cannot be had (no loader, or its file failed or does not fit this
/// build): the widget then speaks English.
pub async fn load_messages(lang: Lang) -> bool {
    if let Some(promise) = take_messages(lang) {
        if let Ok(table) = wasm_bindgen_futures::JsFuture::from(promise).await {
            register(lang, &table);
        }
    }
    lang.is_loaded()
}

/// Reads the loader's table (an array of texts, see [`Messages::from_list`]) and takes it
/// in, or says why not.
fn register(lang: Lang, table: &JsValue) {
    let list = js_sys::Array::is_array(table).then(|| js_sys::Array::from(table).iter().map(|text| text.as_string()).collect::<Option<Vec<_>>>());
    match list.flatten().and_then(Messages::from_list) {
        Some(read) => i18n::register(lang, read),
        None => web_sys::console::warn_1(&format!("episode-chapters: the {} texts do not fit this version of the widget: it speaks English", lang.tag()).into()),
    }
}

/// One mounted widget, as the JS side holds it.
#[wasm_bindgen]
pub struct Widget {
    handle: Option<AppHandle<App>>,
    props: AppProps,
    root: Element,
}

/// Mounts a widget on `host`. `options` is the JS API's options object, or `undefined` for the
/// `<episode-chapters>` element, whose attributes are read instead. `sheet` is the widget's
/// stylesheet (a `CSSStyleSheet`), adopted by the shadow root. `load_readers` is a function
/// that returns a promise of the optional readers' module (see [`readers`]), `take_prefetched`
/// one that hands over a chapter file the loader fetched early (see [`prefetched`]), and
/// `load_messages` one that gives a language's texts (see [`load_messages`]).
#[wasm_bindgen]
pub fn mount(
    host: Element,
    options: JsValue,
    sheet: JsValue,
    load_readers: JsValue,
    take_prefetched: JsValue,
    load_messages: JsValue,
) -> Result<Widget, JsValue> {
    if let Some(load) = load_readers.dyn_ref::<js_sys::Function>() {
        LOAD_READERS.with(|f| *f.borrow_mut() = Some(load.clone()));
    }
    if let Some(take) = take_prefetched.dyn_ref::<js_sys::Function>() {
        TAKE_PREFETCHED.with(|f| *f.borrow_mut() = Some(take.clone()));
    }
    if let Some(load) = load_messages.dyn_ref::<js_sys::Function>() {
        LOAD_MESSAGES.with(|f| *f.borrow_mut() = Some(load.clone()));
    }
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    if !sheet.is_undefined() && !sheet.is_null() {
        shadow.set_adopted_style_sheets(&Array::of1(&sheet));
    }
    let root = fresh_root(&shadow)?;
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    // A media element placed inside the widget's element keeps showing (through the media
    // slot) when the server-rendered list is hidden.
    if let Ok(Some(media)) = host.query_selector(":scope > audio, :scope > video") {
        if !media.has_attribute("slot") {
            let _ = media.set_attribute("slot", "media");
        }
    }
    let (settings, media) = read_options(&host, &options);
    let props = AppProps {
        has_markup: crate::source::has_markup(&host),
        host,
        settings: Rc::new(settings),
        media,
        epoch: 0,
        id_prefix: format!("ec{id}").into(),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props.clone()).render();
    Ok(Widget { handle: Some(handle), props, root })
}

#[wasm_bindgen]
impl Widget {
    /// Takes new options (or, for the element, reads its attributes again) and looks for the
    /// media element again.
    pub fn update(&mut self, options: JsValue) {
        let (settings, media) = read_options(&self.props.host, &options);
        self.props.settings = Rc::new(settings);
        self.props.media = media;
        self.props.epoch = self.props.epoch.wrapping_add(1);
        if let Some(handle) = self.handle.as_mut() {
            handle.update(self.props.clone());
        }
    }

    /// Tears the widget down: its media listeners, frame loop, document watch, pending
    /// requests and picture URLs go with it, and the element shows its own content again.
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        // Without the widget the element shows its light DOM again, as before it was mounted.
        if let Some(document) = self.root.owner_document() {
            if let Ok(slot) = document.create_element("slot") {
                let _ = self.root.append_child(&slot);
            }
        }
    }
}

/// The element that Yew renders into: a new `<div class="ec-root">` in `shadow`, replacing
/// what an earlier widget on the same element left. The loader's early view (`.ec-early`, the
/// chapter file's first rows) stays, and hides the new root, until the widget has read the
/// chapters (see `App`).
fn fresh_root(shadow: &ShadowRoot) -> Result<Element, JsValue> {
    let mut next = shadow.first_child();
    while let Some(child) = next {
        next = child.next_sibling();
        if !child.dyn_ref::<Element>().is_some_and(|e| e.matches(".ec-early").unwrap_or(false)) {
            shadow.remove_child(&child)?;
        }
    }
    let document = shadow.owner_document().ok_or_else(|| JsValue::from_str("no document"))?;
    let root = document.create_element("div")?;
    root.set_class_name("ec-root");
    shadow.append_child(&root)?;
    Ok(root)
}

/// The settings from the JS API's `options` (names as the attributes, `headingLevel` for
/// `heading-level`; `chapters` as Podcasting 2.0 JSON data; `media` an element), or from the
/// element's attributes when `options` is `undefined`.
fn read_options(host: &Element, options: &JsValue) -> (Settings, Option<HtmlMediaElement>) {
    if options.is_undefined() || options.is_null() {
        return (Settings::from_attributes(|name| host.get_attribute(name)), None);
    }
    let get = |name: &str| Reflect::get(options, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null());
    let mut settings = Settings::from_attributes(|name| {
        // The attributes' names in camelCase: `heading-level` is `headingLevel`.
        let key = match name {
            "heading-level" => "headingLevel",
            "media-session" => "mediaSession",
            name => name,
        };
        let value = get(key)?;
        // Numbers are whole (headingLevel); formatting an f64 would pull in float printing.
        value
            .as_string()
            .or_else(|| value.as_f64().filter(|n| n.fract() == 0.0 && n.abs() < 1e9).map(|n| (n as i64).to_string()))
            .or_else(|| value.as_bool().map(|b| b.to_string()))
    });
    if let Some(chapters) = get("chapters") {
        // Data as the Podcasting 2.0 JSON shape: read by the JSON reader, with its rules and
        // messages, from the browser's own serialisation.
        // A bare array is the object's `chapters` array (a bare array of JSON chapters would
        // read as the Podlove Web Player's shape).
        let chapters = if js_sys::Array::is_array(&chapters) {
            let object = js_sys::Object::new();
            let _ = Reflect::set(&object, &JsValue::from_str("chapters"), &chapters);
            object.into()
        } else {
            chapters
        };
        let json = js_sys::JSON::stringify(&chapters).ok().and_then(|s| s.as_string()).unwrap_or_default();
        settings.source = SourceChoice::Data(json);
    }
    let media = get("media").and_then(|m| m.dyn_into::<HtmlMediaElement>().ok());
    (settings, media)
}
