//! Where a widget's chapters come from, as its `data-src` attribute says:
//! - a URL (relative to the page) of show notes, JSON, WebVTT or Podlove Simple Chapters;
//! - `#id`: the text of an element in the page, such as
//!   `<script type="text/plain" id="chapters">…</script>` (no request at all);
//! - `track`: the media element's own `<track kind="chapters">`, parsed by the browser;
//! - `media`: the chapters inside the media file itself (an MP3's ID3v2 tag, MP4 chapters, Ogg
//!   chapter comments), read with HTTP Range requests for just the bytes that hold them, not
//!   the episode ([`formats::ranged`]).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::formats::ranged::{RangedRead, Step};
use crate::formats::{self, Format, Parsed};
use crate::media;

/// A chapter source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A URL to fetch.
    Url(String),
    /// The text content of the element with this id.
    Element(String),
    /// The media element's chapters track.
    Track,
    /// The chapters inside the media file.
    Media,
}

impl Source {
    /// Reads a `data-src` attribute.
    pub fn from_attribute(value: &str) -> Source {
        let value = value.trim();
        match value {
            "track" => Source::Track,
            "media" => Source::Media,
            _ => match value.strip_prefix('#') {
                Some(id) => Source::Element(id.to_owned()),
                None => Source::Url(value.to_owned()),
            },
        }
    }

    /// How messages name the source.
    pub fn name(&self) -> String {
        match self {
            Source::Url(url) => url.clone(),
            Source::Element(id) => format!("#{id}"),
            Source::Track => "the chapters track".to_owned(),
            Source::Media => "the audio file".to_owned(),
        }
    }
}

/// Loads and reads `source`. `media_id` names the media element, for [`Source::Track`]. The
/// error is a message for the listener that names the source and, for a parse error, the line.
pub async fn load(source: &Source, media_id: &str) -> Result<Parsed, String> {
    let name = source.name();
    match source {
        Source::Url(url) => {
            let (text, content_type) = fetch_text(url).await.map_err(|reason| format!("{url} could not be loaded: {reason}"))?;
            // Hints only: the content decides (formats::parse_hinted).
            let hint = content_type.as_deref().and_then(Format::from_content_type).or_else(|| Format::from_extension(url));
            formats::parse_hinted(&text, hint).map_err(|error| format!("{name}: {error}"))
        }
        Source::Element(id) => {
            let element = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .ok_or_else(|| format!("no element with id \"{id}\" on this page"))?;
            let text = element.text_content().unwrap_or_default();
            // `<script type="application/json">`, `<script type="text/vtt">`: a hint.
            let hint = element.get_attribute("type").as_deref().and_then(Format::from_content_type);
            formats::parse_hinted(&text, hint).map_err(|error| format!("{name}: {error}"))
        }
        Source::Track => media::chapter_track(&find_media(media_id)?).await,
        Source::Media => {
            let element = find_media(media_id)?;
            let url = media::source_url(&element).ok_or("the audio element has no source")?;
            let failed = |reason: String| format!("the chapters in {url} could not be read: {reason}");
            let mut read = RangedRead::new();
            loop {
                match read.next() {
                    Step::Fetch { start, end } => {
                        let (bytes, size) = fetch_range(&url, start, end - start).await.map_err(failed)?;
                        read.fetched(bytes, size);
                    }
                    Step::Done(result) => return result.map_err(|error| format!("{url}: {error}")),
                }
            }
        }
    }
}

fn find_media(media_id: &str) -> Result<web_sys::HtmlMediaElement, String> {
    media::find(media_id).ok_or_else(|| format!("no audio element with id \"{media_id}\" on this page"))
}

/// Fetches `url` (relative to the page) as text, with its `Content-Type`. The error is a
/// message for the listener: `HTTP 404 Not Found`, or the browser's reason for a network or
/// CORS failure.
pub async fn fetch_text(url: &str) -> Result<(String, Option<String>), String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(describe)?;
    let response: Response = response.dyn_into().map_err(describe)?;
    if !response.ok() {
        return Err(format!("HTTP {} {}", response.status(), response.status_text()).trim_end().to_owned());
    }
    let content_type = response.headers().get("Content-Type").ok().flatten();
    let text = JsFuture::from(response.text().map_err(describe)?).await.map_err(describe)?;
    let text = text.as_string().ok_or_else(|| "the response is not text".to_owned())?;
    Ok((text, content_type))
}

/// Fetches bytes `start..start + len` of `url` with an HTTP Range request; also returns the
/// file's size when the response says it (`Content-Range`; a cross-origin server must expose
/// that header). A server that ignores Range (answers 200 with the whole file) is refused
/// rather than downloaded.
pub async fn fetch_range(url: &str, start: u64, len: u64) -> Result<(Vec<u8>, Option<u64>), String> {
    let window = web_sys::window().ok_or("no window")?;
    let headers = web_sys::Headers::new().map_err(describe)?;
    headers.set("Range", &format!("bytes={start}-{}", start + len.max(1) - 1)).map_err(describe)?;
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|error| {
        format!("{} (the server may not allow this page to read the file)", describe(error))
    })?;
    let response: Response = response.dyn_into().map_err(describe)?;
    match response.status() {
        206 => {}
        200 => return Err("the server does not answer HTTP Range requests, so only the whole file could be read".to_owned()),
        416 => return Ok((Vec::new(), None)),
        status => return Err(format!("HTTP {status} {}", response.status_text()).trim_end().to_owned()),
    }
    let size = response.headers().get("Content-Range").ok().flatten().and_then(|range| range.rsplit('/').next()?.parse().ok());
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?).await.map_err(describe)?;
    Ok((js_sys::Uint8Array::new(&buffer).to_vec(), size))
}

fn describe(error: wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_owned())
}
