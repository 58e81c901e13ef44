//! The DOM events a widget dispatches on its element, for the page's scripts:
//!
//! | event | when | `detail` |
//! |---|---|---|
//! | `chaptersload` | chapters were read (again, after `src` changed) | `{ count, warnings }`: the number of listed chapters and the readers' warnings as messages |
//! | `chapterchange` | the playing chapter changed, by playback or a seek; once per change | `{ index, start, end, title }`: seconds; all `null` when no chapter plays (a gap, before the first) |
//! | `chaptererror` | no chapters could be shown | `{ kind, message, position, status }`: `kind` is `network`, `timeout`, `http`, `not-chapters`, `format`, `media`, `ranges` or `page` (`crash` comes from the loader); `position` `{ line, column }` or `{ byte }` where there is one, else `null`; `status` the HTTP status for `http` |
//!
//! They bubble and cross shadow roots (`composed`).


use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::prelude::*;

use crate::fetch::failure_detail;
use crate::state::{Load, WidgetState};

/// Dispatches `chaptersload`, `chapterchange` and `chaptererror` on `host` as `state` changes.
#[hook]
pub fn use_widget_events(host: &Element, state: &UseReducerHandle<WidgetState>) {
    {
        let (host, state) = (host.clone(), state.clone());
        use_effect_with(state.load.clone(), move |load| match load {
            Load::Ready => {
                let warnings: Array = state.warnings.iter().map(|w| JsValue::from_str(w)).collect();
                let count = state.chapters.len() as f64;
                dispatch(&host, "chaptersload", &object(&[("count", count.into()), ("warnings", warnings.into())]));
            }
            Load::Failed(failure) => dispatch(&host, "chaptererror", &failure_detail(failure)),
            Load::Loading => {}
        });
    }
    // The last chapter announced, so that a refit of the same chapter is not a change.
    let announced = use_mut_ref(|| None::<(usize, u64)>);
    let host = host.clone();
    let state = state.clone();
    use_effect_with((state.active, state.chapters.clone()), move |(active, chapters)| {
        let playing = active.and_then(|i| Some((i, chapters.get(i)?)));
        let key = playing.map(|(i, chapter)| (i, chapter.start.as_millis()));
        if key == *announced.borrow() {
            return;
        }
        *announced.borrow_mut() = key;
        let detail = match playing {
            Some((index, chapter)) => object(&[
                ("index", (index as f64).into()),
                ("start", chapter.start.as_secs_f64().into()),
                ("end", chapter.end.map_or(JsValue::NULL, |end| end.as_secs_f64().into())),
                ("title", chapter.title.as_str().into()),
            ]),
            None => object(&[("index", JsValue::NULL), ("start", JsValue::NULL), ("end", JsValue::NULL), ("title", JsValue::NULL)]),
        };
        dispatch(&host, "chapterchange", &detail);
    });
}

fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

fn dispatch(host: &Element, name: &str, detail: &Object) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
