//! The optional readers as a wasm module of their own (`episode-chapters-readers`), which the
//! widget loads only when a page needs one: chapters inside a media file (MP3, MP4 / M4A, Ogg)
//! or in Podlove Simple Chapters XML. The widget's own wasm keeps the common path (show notes,
//! description lists, JSON, WebVTT) and stays small.
//!
//! What crosses between the two modules is plain data: chapters as Podcasting 2.0 JSON (the
//! writer in [`crate::export`], read back by the widget's JSON reader: the property tests check
//! that this gives the same chapters), pictures carried inside the source as bytes, warnings
//! and errors as their messages, categories and positions. A media file's chapters are fetched
//! here too, by Range requests ([`crate::fetch`]): the widget hands over the URL and its
//! `AbortSignal`, so that its own wasm holds no code for reading media files by ranges.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::chapters::ChapterImage;
use crate::diagnostics::{Error, Position};
use crate::formats::{self, Format, Parsed};
use crate::export;

fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

/// `{ message, category, position }` of an error or warning: the message without its
/// position, the [`Category`](crate::Category) by its name, and `position` as
/// `{ line, column }`, `{ byte }` or `null`.
fn problem(error: &Error) -> JsValue {
    let object = Object::new();
    set(&object, "message", &JsValue::from_str(&error.kind().to_string()));
    set(&object, "category", &JsValue::from_str(error.kind().category().name()));
    let position = Object::new();
    match error.position() {
        Position::Text { line, column } => {
            set(&position, "line", &line.into());
            set(&position, "column", &column.into());
        }
        Position::Byte(offset) => set(&position, "byte", &(offset as f64).into()),
        Position::Unknown => {}
    }
    let position: JsValue = if error.position() == Position::Unknown { JsValue::NULL } else { position.into() };
    set(&object, "position", &position);
    object.into()
}

/// What was read: `{ json, warnings, images }`, where `images` lists the pictures carried in
/// the source as `{ start, mime, bytes }` (`start`: the chapter's start in milliseconds); or
/// `{ error }`.
fn outcome(result: Result<Parsed, Error>) -> JsValue {
    let object = Object::new();
    match result {
        Ok(parsed) => {
            set(&object, "json", &JsValue::from_str(&export::json(parsed.title.as_deref(), &parsed.chapters)));
            let warnings: Array = parsed.warnings.iter().map(problem).collect();
            set(&object, "warnings", &warnings);
            let images = Array::new();
            for chapter in parsed.chapters.iter().chain(parsed.chapters.silent()) {
                if let Some(ChapterImage::Embedded { mime, bytes }) = &chapter.image {
                    let image = Object::new();
                    set(&image, "start", &(chapter.start.as_millis() as f64).into());
                    set(&image, "mime", &JsValue::from_str(mime));
                    set(&image, "bytes", &Uint8Array::from(&bytes[..]));
                    images.push(&image);
                }
            }
            set(&object, "images", &images);
        }
        Err(error) => set(&object, "error", &problem(&error)),
    }
    object.into()
}

/// Reads chapter text that the widget cannot read itself, Podlove Simple Chapters, with a
/// format hint (`json`, `vtt`, `psc`, `text`, or a MIME type): see
/// [`formats::parse_hinted_psc`].
#[wasm_bindgen]
pub fn read_text(text: &str, hint: Option<String>) -> JsValue {
    let hint = hint.as_deref().and_then(|h| crate::settings::format_from_name(h).or_else(|| Format::from_content_type(h)));
    outcome(formats::parse_hinted_psc(text, hint))
}

/// Reads the chapters of the media file at `url` (resolved against the page) by HTTP Range
/// requests for just the bytes that hold them, aborted with `signal` (the widget's): the
/// outcome as [`read_text`]'s, or `{ failure }` when the file could not be fetched or read,
/// with the failure as the widget's `chaptererror` gives it ([`crate::fetch::failure_detail`]).
#[wasm_bindgen]
pub async fn read_media(url: String, signal: web_sys::AbortSignal) -> JsValue {
    match crate::fetch::read_media(&url, &signal).await {
        Ok(parsed) => outcome(Ok(parsed)),
        Err(failure) => {
            let object = Object::new();
            set(&object, "failure", &crate::fetch::failure_detail(&failure));
            object.into()
        }
    }
}
