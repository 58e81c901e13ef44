//! Reading a widget's chapters from where its settings say ([`SourceChoice`]):
//! - a URL (relative to the page) of show notes, JSON, WebVTT or Podlove Simple Chapters;
//! - `#id`: the text of an element in the page, such as
//!   `<script type="text/plain" id="chapters">…</script>` (no request at all);
//! - `track`: the media element's own `<track kind="chapters">`, parsed by the browser;
//! - `media`: the chapters inside the media file itself (an MP3's ID3v2 tag, MP4 chapters, Ogg
//!   chapter comments), read with HTTP Range requests for just the bytes that hold them, not
//!   the episode ([`formats::ranged`]);
//! - chapters handed over as data by the JS API;
//! - nothing: the server-rendered list inside the widget's element (what `episode-chapters
//!   convert --to html` writes), read from the DOM.
//!
//! Every request takes an `AbortSignal`: a widget that is removed, or whose `src` changes,
//! aborts what it had asked for. Failures are typed ([`Failure`]) so that the view and the
//! `chaptererror` event can tell a 404 from a file that holds no chapters.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Element, HtmlMediaElement, RequestInit, Response};

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

use crate::chapters::{Chapter, ChapterImage, Chapters, Timestamp};
use crate::deeplink;
use crate::diagnostics::{Category, Error, ErrorKind, Position};
use crate::embed;
use crate::formats::{self, Format, Parsed};
use crate::media;
use crate::settings::SourceChoice;
use crate::state::{Failure, FailureKind};

fn failure(kind: FailureKind, message: String) -> Failure {
    Failure { kind, message, position: Position::Unknown }
}

/// A reader's error as a failure that names the source: text that is no chapter format at
/// all, or a chapter format with an error at a position.
fn format_failure(name: &str, error: &Error) -> Failure {
    let kind = match error.kind().category() {
        Category::Empty | Category::NotChapters => FailureKind::NotChapters,
        Category::RangesUnsupported => FailureKind::NoRanges,
        Category::MediaUnreadable | Category::RequestLimit => FailureKind::Media,
        Category::Malformed | Category::TooLarge | Category::NotBuiltIn | Category::Timeline | Category::Advice => FailureKind::Format,
    };
    Failure { kind, message: format!("{name}: {error}"), position: error.position() }
}

/// A media file's error as a failure: its chapters cannot be read (or only by downloading it).
fn media_failure(url: &str, error: &Error) -> Failure {
    let kind = match error.kind().category() {
        Category::RangesUnsupported => FailureKind::NoRanges,
        _ => FailureKind::Media,
    };
    Failure { kind, message: format!("{url}: {error}"), position: error.position() }
}

/// Reads text in `format` if the page named one, else by content with `hint`. A format this
/// build leaves out (Podlove Simple Chapters) is read by the optional readers' module.
async fn read_text(text: &str, format: Option<Format>, hint: Option<Format>) -> Result<Parsed, Error> {
    let result = match format {
        Some(format) => formats::parse_as(text, format),
        None => formats::parse_hinted(text, hint),
    };
    match result {
        Err(error) if matches!(error.kind(), ErrorKind::NotBuiltIn { .. }) => match embed::readers().await {
            Some(readers) => {
                let hint = format.or(hint).map(|f| JsValue::from_str(format_name(f))).unwrap_or(JsValue::UNDEFINED);
                let outcome = call(&readers, "read_text", &[JsValue::from_str(text), hint]).ok_or(error)?;
                from_outcome(&outcome)
            }
            None => Err(error),
        },
        result => result,
    }
}

/// The name the readers' module takes as a hint.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::WebVtt => "vtt",
        Format::Psc => "psc",
        _ => "text",
    }
}

/// Calls `object.method(args…)`.
fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function: js_sys::Function = Reflect::get(object, &JsValue::from_str(method)).ok()?.dyn_into().ok()?;
    function.apply(object, &args.iter().collect::<Array>()).ok()
}

/// A warning or error from the readers' module: `{ message, category, position }`.
fn relayed(problem: &JsValue) -> Error {
    let get = |name: &str| Reflect::get(problem, &JsValue::from_str(name)).ok();
    let message = get("message").and_then(|m| m.as_string()).unwrap_or_default();
    let category = get("category").and_then(|c| c.as_string()).and_then(|c| crate::Category::from_name(&c));
    let position = get("position").filter(|p| p.is_object());
    let number = |name: &str| position.as_ref().and_then(|p| Reflect::get(p, &JsValue::from_str(name)).ok()?.as_f64());
    let position = match (number("line"), number("column"), number("byte")) {
        (Some(line), Some(column), _) => Position::text(line as u32, column as u32),
        (_, _, Some(byte)) => Position::Byte(byte as u64),
        _ => Position::Unknown,
    };
    Error::new(ErrorKind::Relayed { message, category: category.unwrap_or(crate::Category::MediaUnreadable) }, position)
}

/// What the readers' module read (`{ json, warnings, images }` or `{ error }`), as chapters:
/// the JSON read by this module's JSON reader, the pictures put back in.
fn from_outcome(outcome: &JsValue) -> Result<Parsed, Error> {
    let get = |name: &str| Reflect::get(outcome, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined());
    if let Some(error) = get("error") {
        return Err(relayed(&error));
    }
    let json = get("json").and_then(|j| j.as_string()).unwrap_or_default();
    let mut parsed = formats::json::parse(&json)?;
    let list = |name: &str| get(name).map(|a| Array::from(&a).iter().collect::<Vec<_>>()).unwrap_or_default();
    parsed.warnings = list("warnings").iter().map(relayed).collect();
    for image in list("images") {
        let field = |name: &str| Reflect::get(&image, &JsValue::from_str(name)).ok();
        let (Some(start), Some(mime), Some(bytes)) = (
            field("start").and_then(|s| s.as_f64()),
            field("mime").and_then(|m| m.as_string()),
            field("bytes").and_then(|b| b.dyn_into::<Uint8Array>().ok()),
        ) else {
            continue;
        };
        parsed.chapters.set_image(Timestamp::from_millis(start as u64), ChapterImage::Embedded { mime, bytes: bytes.to_vec().into() });
    }
    Ok(parsed)
}

/// Loads and reads `source`. `media` is the followed media element (for `track` and `media`),
/// `host` the widget's element (for the server-rendered list).
pub async fn load(
    source: &SourceChoice,
    format: Option<Format>,
    media: Option<&HtmlMediaElement>,
    host: &Element,
    signal: &AbortSignal,
) -> Result<Parsed, Failure> {
    let name = source.name();
    match source {
        SourceChoice::Url(url) => {
            let (text, content_type) = fetch_text(url, signal).await?;
            // Hints only: the content decides (formats::parse_hinted).
            let hint = Format::from_response(content_type.as_deref(), url);
            read_text(&text, format, hint).await.map_err(|error| format_failure(&name, &error))
        }
        SourceChoice::Element(id) => {
            let element = host
                .owner_document()
                .and_then(|d| d.get_element_by_id(id))
                .ok_or_else(|| failure(FailureKind::Page, format!("no element with id \"{id}\" on this page")))?;
            let text = element.text_content().unwrap_or_default();
            // `<script type="application/json">`, `<script type="text/vtt">`: a hint.
            let hint = element.get_attribute("type").as_deref().and_then(Format::from_content_type);
            read_text(&text, format, hint).await.map_err(|error| format_failure(&name, &error))
        }
        SourceChoice::Data(json) => {
            read_text(json, Some(format.unwrap_or(Format::Json)), None).await.map_err(|error| format_failure(&name, &error))
        }
        SourceChoice::Markup => read_markup(host),
        SourceChoice::Track => {
            let media = media.ok_or_else(no_media)?;
            media::chapter_track(media).await.map_err(|message| failure(FailureKind::Media, message))
        }
        SourceChoice::Media => {
            let media = media.ok_or_else(no_media)?;
            let url = media::source_url(media).ok_or_else(|| failure(FailureKind::Media, "the audio element has no source".to_owned()))?;
            read_media(&url, signal).await
        }
    }
}

/// Reads the chapters of the media file at `url` a Range request at a time: here when this
/// build has the media readers, else in the optional readers' module.
#[cfg(all(feature = "id3", feature = "mp4", feature = "ogg"))]
async fn read_media(url: &str, signal: &AbortSignal) -> Result<Parsed, Failure> {
    use crate::formats::ranged::{RangedRead, Step};
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

/// Reads the chapters of the media file at `url` a Range request at a time: here when this
/// build has the media readers, else in the optional readers' module.
#[cfg(not(all(feature = "id3", feature = "mp4", feature = "ogg")))]
async fn read_media(url: &str, signal: &AbortSignal) -> Result<Parsed, Failure> {
    let unavailable = || failure(FailureKind::Media, format!("the chapters in {url} could not be read: the media readers could not be loaded"));
    let readers = embed::readers().await.ok_or_else(unavailable)?;
    let constructor: js_sys::Function =
        Reflect::get(&readers, &JsValue::from_str("MediaReader")).ok().and_then(|c| c.dyn_into().ok()).ok_or_else(unavailable)?;
    let reader = Reflect::construct(&constructor, &Array::new()).map_err(|_| unavailable())?;
    let result = loop {
        let step = call(&reader, "step", &[]).ok_or_else(unavailable)?;
        let number = |name: &str| Reflect::get(&step, &JsValue::from_str(name)).ok()?.as_f64();
        match (number("start"), number("end")) {
            (Some(start), Some(end)) => {
                let (start, end) = (start as u64, end as u64);
                let (bytes, size) = match fetch_range(url, start, end.saturating_sub(start), signal).await {
                    Ok(fetched) => fetched,
                    Err(failure) => {
                        let _ = call(&reader, "free", &[]);
                        return Err(failure);
                    }
                };
                let size = size.map_or(JsValue::UNDEFINED, |s| JsValue::from_f64(s as f64));
                call(&reader, "fetched", &[JsValue::from_f64(start as f64), Uint8Array::from(bytes.as_slice()).into(), size])
                    .ok_or_else(unavailable)?;
            }
            _ => break from_outcome(&step),
        }
    };
    let _ = call(&reader, "free", &[]);
    result.map_err(|error| media_failure(url, &error))
}

fn no_media() -> Failure {
    failure(FailureKind::Media, "no audio element found for the chapters to follow".to_owned())
}

/// Whether `host` holds a server-rendered chapter list (or any other content to show while the
/// widget loads).
pub fn has_markup(host: &Element) -> bool {
    host.children().length() > 0 || host.text_content().is_some_and(|t| !t.trim().is_empty())
}

/// Reads the chapter list inside `host`, as `episode-chapters convert --to html` writes it:
/// `<li data-start-ms="762000"><a href="#t=762"><span class="ec-range">…</span> <span
/// class="ec-title">Title</span></a><p>Summary</p><ul><li>Point</li></ul></li>`. A
/// hand-written list works too: each `<li>` whose link has a `t=` time (`#t=762`,
/// `episode.mp3#t=12:42`) is a chapter, titled by the link's text.
fn read_markup(host: &Element) -> Result<Parsed, Failure> {
    let no_list = || {
        failure(
            FailureKind::Page,
            "no chapters: the element has no src and no chapter list inside (episode-chapters convert --to html writes one)".to_owned(),
        )
    };
    let items = host.query_selector_all("li").map_err(|_| no_list())?;
    let mut chapters = Vec::new();
    for i in 0..items.length() {
        let Some(item) = items.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        if let Some(chapter) = markup_chapter(&item) {
            chapters.push(chapter);
        }
    }
    if chapters.is_empty() {
        return Err(no_list());
    }
    let (chapters, warnings) = Chapters::new(chapters);
    Ok(Parsed { title: None, chapters, warnings })
}

/// One `<li>` of a server-rendered list, if it is a chapter.
fn markup_chapter(item: &Element) -> Option<Chapter> {
    let select = |selector: &str| item.query_selector(selector).ok().flatten();
    let link = select(":scope > a[href]");
    let start = item
        .get_attribute("data-start-ms")
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .map(Timestamp::from_millis)
        .or_else(|| deeplink::time_range(&link.as_ref()?.get_attribute("href")?).map(|(start, _)| start))?;
    let text = |element: Option<Element>| element.and_then(|e| e.text_content()).unwrap_or_default();
    let title = match select(":scope .ec-title") {
        Some(title) => text(Some(title)),
        None => text(link),
    };
    let mut chapter = Chapter::new(start, title);
    chapter.summary = text(select(":scope > p"));
    if let Ok(points) = item.query_selector_all(":scope > ul > li") {
        chapter.points = (0..points.length()).filter_map(|i| points.item(i)?.text_content()).collect();
    }
    Some(chapter)
}

/// How long one request (with its body) may take before it is given up: then it is asked for
/// once more, and after a second wait as long, the source has failed.
pub const TIMEOUT_MS: u32 = 8_000;

/// Runs `attempt` with a signal that aborts when `signal` does or after [`TIMEOUT_MS`]; one
/// attempt that times out is tried again, once. A second timeout is a [`FailureKind::Timeout`].
async fn with_timeout<T>(url: &str, signal: &AbortSignal, attempt: impl AsyncFn(&AbortSignal, bool) -> Result<T, Failure>) -> Result<T, Failure> {
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

/// Fetches `url` (relative to the page) as text, with its `Content-Type`.
pub async fn fetch_text(url: &str, signal: &AbortSignal) -> Result<(String, Option<String>), Failure> {
    with_timeout(url, signal, async |signal, first| {
        // The loader may have asked for it already, while the wasm loaded: the same request.
        let early = if first { embed::prefetched(url, signal) } else { None };
        let response: Response = match early {
            Some(early) => JsFuture::from(early).await.and_then(JsCast::dyn_into).map_err(|e| network(url, e))?,
            None => request(url, None, signal).await?,
        };
        if !response.ok() {
            return Err(http_failure(url, &response));
        }
        let content_type = response.headers().get("Content-Type").ok().flatten();
        // The bytes, decoded here as `text()` would (UTF-8, a byte-order mark dropped, bad
        // sequences replaced): copying bytes into the wasm is cheaper than decoding them into a
        // JS string and encoding that again (a 100,000-chapter file is megabytes).
        let buffer = JsFuture::from(response.array_buffer().map_err(|e| network(url, e))?).await.map_err(|e| network(url, e))?;
        Ok((formats::utf8_text(Uint8Array::new(&buffer).to_vec()), content_type))
    })
    .await
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

async fn request(url: &str, range: Option<&str>, signal: &AbortSignal) -> Result<Response, Failure> {
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

fn http_failure(url: &str, response: &Response) -> Failure {
    let status = response.status();
    let message = format!("{url} could not be loaded: HTTP {status} {}", response.status_text());
    failure(FailureKind::Http(status), message.trim_end().to_owned())
}

/// A network or CORS failure, with the browser's reason.
fn network(url: &str, error: wasm_bindgen::JsValue) -> Failure {
    let reason = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_owned());
    failure(FailureKind::Network, format!("{url} could not be loaded: {reason}"))
}
