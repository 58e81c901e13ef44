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
use web_sys::{AbortSignal, Element, HtmlMediaElement, Response};

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

use crate::chapters::{Chapter, ChapterImage, Chapters, Timestamp};
use crate::deeplink;
use crate::diagnostics::{Category, Error, ErrorKind, Position};
use crate::embed;
use crate::fetch::{self, failure, http_failure, network, request, with_timeout};
use crate::formats::{self, Format, Parsed};
use crate::media;
use crate::settings::SourceChoice;
use crate::state::{Failure, FailureKind};

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
    Error::new(ErrorKind::Relayed { message, category: category.unwrap_or(crate::Category::MediaUnreadable) }, position_of(get("position")))
}

/// A position as the readers' module writes it: `{ line, column }`, `{ byte }` or `null`.
fn position_of(position: Option<JsValue>) -> Position {
    let position = position.filter(|p| p.is_object());
    let number = |name: &str| position.as_ref().and_then(|p| Reflect::get(p, &JsValue::from_str(name)).ok()?.as_f64());
    match (number("line"), number("column"), number("byte")) {
        (Some(line), Some(column), _) => Position::text(line as u32, column as u32),
        (_, _, Some(byte)) => Position::Byte(byte as u64),
        _ => Position::Unknown,
    }
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
/// build has the media readers ([`fetch::read_media`]), else in the optional readers' module,
/// which fetches the ranges itself.
#[cfg(all(feature = "id3", feature = "mp4", feature = "ogg"))]
async fn read_media(url: &str, signal: &AbortSignal) -> Result<Parsed, Failure> {
    fetch::read_media(url, signal).await
}

/// Reads the chapters of the media file at `url` a Range request at a time: here when this
/// build has the media readers ([`fetch::read_media`]), else in the optional readers' module,
/// which fetches the ranges itself.
#[cfg(not(all(feature = "id3", feature = "mp4", feature = "ogg")))]
async fn read_media(url: &str, signal: &AbortSignal) -> Result<Parsed, Failure> {
    let unavailable = || failure(FailureKind::Media, format!("the chapters in {url} could not be read: the media readers could not be loaded"));
    let readers = embed::readers().await.ok_or_else(unavailable)?;
    let promise = call(&readers, "read_media", &[JsValue::from_str(url), signal.into()]).ok_or_else(unavailable)?;
    let outcome = JsFuture::from(js_sys::Promise::from(promise)).await.map_err(|_| unavailable())?;
    if let Some(failed) = Reflect::get(&outcome, &JsValue::from_str("failure")).ok().filter(|f| f.is_object()) {
        let get = |name: &str| Reflect::get(&failed, &JsValue::from_str(name)).ok();
        let status = get("status").and_then(|s| s.as_f64()).map_or(0, |s| s as u16);
        let kind = get("kind").and_then(|k| k.as_string()).and_then(|k| FailureKind::from_name(&k, status)).unwrap_or(FailureKind::Media);
        let message = get("message").and_then(|m| m.as_string()).unwrap_or_default();
        return Err(Failure { kind, message, position: position_of(get("position")) });
    }
    from_outcome(&outcome).map_err(|error| fetch::media_failure(url, &error))
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

