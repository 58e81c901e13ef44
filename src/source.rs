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

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Element, HtmlMediaElement, RequestInit, Response};

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

use crate::chapters::{Chapter, ChapterImage, Chapters, Timestamp};
use crate::deeplink;
use crate::diagnostics::{Error, ErrorKind, Position};
use crate::embed;
use crate::formats::{self, Format, Parsed};
use crate::media;
use crate::settings::SourceChoice;
use crate::state::{Failure, FailureKind};

fn failure(kind: FailureKind, message: String) -> Failure {
    Failure { kind, message, position: Position::Unknown }
}

/// A reader's error as a failure that names the source.
fn format_failure(name: &str, error: &Error) -> Failure {
    Failure { kind: FailureKind::Format, message: format!("{name}: {error}"), position: error.position() }
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

/// A warning or error from the readers' module: `{ message, position }`.
fn relayed(problem: &JsValue) -> Error {
    let get = |name: &str| Reflect::get(problem, &JsValue::from_str(name)).ok();
    let message = get("message").and_then(|m| m.as_string()).unwrap_or_default();
    let position = get("position").filter(|p| p.is_object());
    let number = |name: &str| position.as_ref().and_then(|p| Reflect::get(p, &JsValue::from_str(name)).ok()?.as_f64());
    let position = match (number("line"), number("column"), number("byte")) {
        (Some(line), Some(column), _) => Position::text(line as u32, column as u32),
        (_, _, Some(byte)) => Position::Byte(byte as u64),
        _ => Position::Unknown,
    };
    Error::new(ErrorKind::Relayed(message), position)
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
        parsed.chapters.set_image(Timestamp::from_millis(start as u64), ChapterImage::Embedded { mime, bytes: bytes.to_vec() });
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
            Step::Fetch { start, end } => {
                let (bytes, size) = fetch_range(url, start, end - start, signal).await?;
                read.fetched(bytes, size);
            }
            Step::Done(result) => return result.map_err(|error| format_failure(url, &error)),
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
                call(&reader, "fetched", &[Uint8Array::from(bytes.as_slice()).into(), size]).ok_or_else(unavailable)?;
            }
            _ => break from_outcome(&step),
        }
    };
    let _ = call(&reader, "free", &[]);
    result.map_err(|error| format_failure(url, &error))
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

/// Fetches `url` (relative to the page) as text, with its `Content-Type`.
pub async fn fetch_text(url: &str, signal: &AbortSignal) -> Result<(String, Option<String>), Failure> {
    // The loader may have asked for it already, while the wasm loaded: the same request.
    let response: Response = match embed::prefetched(url, signal) {
        Some(early) => JsFuture::from(early).await.and_then(JsCast::dyn_into).map_err(|e| network(url, e))?,
        None => request(url, None, signal).await?,
    };
    if !response.ok() {
        return Err(http_failure(url, &response));
    }
    let content_type = response.headers().get("Content-Type").ok().flatten();
    let text = JsFuture::from(response.text().map_err(|e| network(url, e))?).await.map_err(|e| network(url, e))?;
    let text = text.as_string().ok_or_else(|| failure(FailureKind::Format, format!("{url}: the response is not text")))?;
    Ok((text, content_type))
}

/// Fetches bytes `start..start + len` of `url` with an HTTP Range request; also returns the
/// file's size when the response says it (`Content-Range`; a cross-origin server must expose
/// that header). A server that ignores Range (answers 200 with the whole file) is refused
/// rather than downloaded.
pub async fn fetch_range(url: &str, start: u64, len: u64, signal: &AbortSignal) -> Result<(Vec<u8>, Option<u64>), Failure> {
    let range = format!("bytes={start}-{}", start + len.max(1) - 1);
    let response = request(url, Some(&range), signal).await?;
    match response.status() {
        206 => {}
        200 => {
            return Err(failure(
                FailureKind::Media,
                format!("the chapters in {url} could not be read: the server does not answer HTTP Range requests, so only the whole file could be read"),
            ))
        }
        416 => return Ok((Vec::new(), None)),
        _ => return Err(http_failure(url, &response)),
    }
    let size = response.headers().get("Content-Range").ok().flatten().and_then(|range| range.rsplit('/').next()?.parse().ok());
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| network(url, e))?).await.map_err(|e| network(url, e))?;
    Ok((js_sys::Uint8Array::new(&buffer).to_vec(), size))
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
