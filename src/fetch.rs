//! Requests for chapter sources, shared by the widget's wasm and the optional readers' module:
//! each with a timeout and one retry ([`with_timeout`]), aborted with the widget's
//! `AbortSignal`, and failures typed ([`Failure`]). Media files are read by HTTP Range requests
//! for just the bytes that hold their chapters ([`fetch_range`], [`read_media`]): in the
//! readers' module, which the widget loads only for a page whose chapters are in its media
//! file.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, Response};

use crate::diagnostics::{Category, Error, Position};
#[cfg(all(feature = "id3", feature = "mp4", feature = "ogg"))]
use crate::formats::ranged::{RangedRead, Step};
#[cfg(all(feature = "id3", feature = "mp4", feature = "ogg"))]
use crate::formats::Parsed;
use crate::state::{Failure, FailureKind};

/// A failure with no position in the source.
pub fn failure(kind: FailureKind, message: String) -> Failure {
    Failure { kind, message, position: Position::Unknown }
}

/// A failure as scripts see it (the `chaptererror` event's detail, and what the readers' module
/// hands back to the widget): `{ kind, message, position, status }`, with `position`
/// `{ line, column }` or `{ byte }` or `null`, and `status` the HTTP status for `http`, else
/// `null`.
pub fn failure_detail(failure: &Failure) -> Object {
    let position = match failure.position {
        Position::Text { line, column } => object(&[("line", line.into()), ("column", column.into())]).into(),
        Position::Byte(offset) => object(&[("byte", (offset as f64).into())]).into(),
        Position::Unknown => JsValue::NULL,
    };
    let status = match failure.kind {
        FailureKind::Http(status) => status.into(),
        _ => JsValue::NULL,
    };
    object(&[
        ("kind", failure.kind.name().into()),
        ("message", failure.message.as_str().into()),
        ("position", position),
        ("status", status),
    ])
}

fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

/// A media file's error as a failure: its chapters cannot be read (or only by downloading it).
pub fn media_failure(url: &str, error: &Error) -> Failure {
    let kind = match error.kind().category() {
        Category::RangesUnsupported => FailureKind::NoRanges,
        _ => FailureKind::Media,
    };
    Failure { kind, message: format!("{url}: {error}"), position: error.position() }
}

/// Reads the chapters of the media file at `url` a Range request at a time ([`RangedRead`]
/// decides what to fetch). In the widget's wasm when it is built with the media readers, else
/// in the optional readers' module (`readers_api::read_media`).
#[cfg(all(feature = "id3", feature = "mp4", feature = "ogg"))]
pub async fn read_media(url: &str, signal: &AbortSignal) -> Result<Parsed, Failure> {
    let mut read = RangedRead::new();
    loop {
        match read.next() {
            Step::Fetch(range) => {
                let (bytes, size) = fetch_range(url, range.start(), range.len(), signal).await?;
                read.fetched(range.start(), bytes, size);
            }
            Step::Done(result) => return result.map_err(|error| media_failure(url, &error)),
        }
    }
}

/// How long one request (with its body) may take before it is given up: then it is asked for
/// once more, and after a second wait as long, the source has failed.
pub const TIMEOUT_MS: u32 = 8_000;

/// Runs `attempt` with a signal that aborts when `signal` does or after [`TIMEOUT_MS`]; one
/// attempt that times out is tried again, once. A second timeout is a [`FailureKind::Timeout`].
pub async fn with_timeout<T>(url: &str, signal: &AbortSignal, attempt: impl AsyncFn(&AbortSignal, bool) -> Result<T, Failure>) -> Result<T, Failure> {
    for first in [true, false] {
        let controller = AbortController::new().map_err(|e| network(url, e))?;
        let inner = controller.signal();
        let timed_out = Rc::new(Cell::new(false));
        // Both are removed when this attempt ends (dropped), so nothing is left scheduled.
        let _outer = {
            let controller = controller.clone();
            EventListener::once(signal, "abort", move |_| controller.abort())
        };
        let _timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timeout::new(TIMEOUT_MS, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        if signal.aborted() {
            controller.abort();
        }
        match attempt(&inner, first).await {
            Err(_) if timed_out.get() && first => {
                web_sys::console::warn_1(&format!("episode-chapters: {url} took longer than {} s; asking once more", TIMEOUT_MS / 1000).into());
            }
            Err(_) if timed_out.get() => {
                return Err(failure(FailureKind::Timeout, format!("{url} could not be loaded: no answer within {} s, twice", TIMEOUT_MS / 1000)))
            }
            result => return result,
        }
    }
    Err(failure(FailureKind::Timeout, format!("{url} could not be loaded")))
}

/// The most of a media file read from a server that ignores HTTP Range requests (answers 200
/// with the whole file): enough for an ID3v2 tag or Ogg comments with cover art. Chapters
/// further in (an MP4's `moov` at the end) are not worth downloading the episode for.
pub const WHOLE_FILE_PREFIX: u64 = 4 << 20;

/// Fetches bytes `start..start + len` of `url` (at least one byte) with an HTTP Range request,
/// and returns them with the file's size when the response says it (a cross-origin server
/// must expose `Content-Range`). The bytes returned always start at `start`:
///
/// - 206: as `Content-Range` places them; bytes that start after `start` are refused (they
///   would be read at the wrong offset), bytes that start before it are cut;
/// - 200 (a server that ignores Range): the body up to the end asked for, if that is within
///   [`WHOLE_FILE_PREFIX`], and the rest of the download is cancelled; beyond that a
///   [`FailureKind::NoRanges`] failure, so the episode is never downloaded for its chapters;
/// - 416 (the range starts past the end): no bytes, with the size from `bytes */N`.
pub async fn fetch_range(url: &str, start: u64, len: u64, signal: &AbortSignal) -> Result<(Vec<u8>, Option<u64>), Failure> {
    let end = start.saturating_add(len.max(1));
    with_timeout(url, signal, async |signal, _| {
        let range = format!("bytes={start}-{}", end - 1);
        let response = request(url, Some(&range), signal).await?;
        let content_range = response.headers().get("Content-Range").ok().flatten();
        let size = content_range.as_deref().and_then(|range| range.rsplit('/').next()?.trim().parse().ok());
        let (at, bytes, size) = match response.status() {
            206 => {
                let at = content_range
                    .as_deref()
                    .and_then(|range| range.trim().strip_prefix("bytes ")?.split('-').next()?.trim().parse().ok())
                    .unwrap_or(start);
                let buffer = JsFuture::from(response.array_buffer().map_err(|e| network(url, e))?).await.map_err(|e| network(url, e))?;
                (at, Uint8Array::new(&buffer).to_vec(), size)
            }
            200 if end <= WHOLE_FILE_PREFIX => {
                let size = response.headers().get("Content-Length").ok().flatten().and_then(|l| l.trim().parse().ok());
                (0, read_prefix(url, &response, end).await?, size)
            }
            200 => {
                return Err(failure(
                    FailureKind::NoRanges,
                    format!("the chapters in {url} could not be read: the server does not answer HTTP Range requests, and they are past the first {} MiB", WHOLE_FILE_PREFIX >> 20),
                ))
            }
            416 => (start, Vec::new(), size),
            _ => return Err(http_failure(url, &response)),
        };
        if at > start {
            return Err(failure(FailureKind::Media, format!("the chapters in {url} could not be read: bytes {start}- were asked for, and the server sent bytes from {at}")));
        }
        let skip = usize::try_from(start - at).unwrap_or(usize::MAX);
        Ok((bytes.get(skip..).map(<[u8]>::to_vec).unwrap_or_default(), size))
    })
    .await
}

/// The first `limit` bytes of `response`'s body (fewer if it ends first); the rest is not
/// downloaded.
async fn read_prefix(url: &str, response: &Response, limit: u64) -> Result<Vec<u8>, Failure> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let Some(body) = response.body() else { return Ok(Vec::new()) };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().dyn_into().map_err(|e| network(url, e.into()))?;
    let mut bytes = Vec::new();
    while bytes.len() < limit {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| network(url, e))?;
        if Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let value = Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|e| network(url, e))?;
        bytes.extend(Uint8Array::new(&value).to_vec());
    }
    // The rest of the file is not wanted: stop the download.
    let _ = reader.cancel();
    bytes.truncate(limit);
    Ok(bytes)
}

pub async fn request(url: &str, range: Option<&str>, signal: &AbortSignal) -> Result<Response, Failure> {
    let window = web_sys::window().ok_or_else(|| failure(FailureKind::Network, "no window".to_owned()))?;
    let init = RequestInit::new();
    init.set_signal(Some(signal));
    if let Some(range) = range {
        let headers = web_sys::Headers::new().map_err(|e| network(url, e))?;
        headers.set("Range", range).map_err(|e| network(url, e))?;
        init.set_headers(&headers);
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|e| network(url, e))?;
    response.dyn_into().map_err(|e| network(url, e))
}

pub fn http_failure(url: &str, response: &Response) -> Failure {
    let status = response.status();
    let message = format!("{url} could not be loaded: HTTP {status} {}", response.status_text());
    failure(FailureKind::Http(status), message.trim_end().to_owned())
}

/// A network or CORS failure, with the browser's reason.
pub fn network(url: &str, error: wasm_bindgen::JsValue) -> Failure {
    let reason = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_owned());
    failure(FailureKind::Network, format!("{url} could not be loaded: {reason}"))
}
