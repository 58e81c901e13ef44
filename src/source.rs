//! Where a widget's chapters come from, as its `data-src` attribute says:
//! - a URL (relative to the page) of show notes, JSON, WebVTT or Podlove Simple Chapters;
//! - `#id`: the text of an element in the page, such as
//!   `<script type="text/plain" id="chapters">…</script>` (no request at all);
//! - `track`: the media element's own `<track kind="chapters">`, parsed by the browser.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::formats::{self, Parsed};
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
}

impl Source {
    /// Reads a `data-src` attribute.
    pub fn from_attribute(value: &str) -> Source {
        let value = value.trim();
        match value {
            "track" => Source::Track,
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
        }
    }
}

/// Loads and reads `source`. `media_id` names the media element, for [`Source::Track`]. The
/// error is a message for the listener that names the source and, for a parse error, the line.
pub async fn load(source: &Source, media_id: &str) -> Result<Parsed, String> {
    let name = source.name();
    match source {
        Source::Url(url) => {
            let text = fetch_text(url).await.map_err(|reason| format!("{url} could not be loaded: {reason}"))?;
            formats::parse(&text).map_err(|error| format!("{name}: {error}"))
        }
        Source::Element(id) => {
            let element = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .ok_or_else(|| format!("no element with id \"{id}\" on this page"))?;
            let text = element.text_content().unwrap_or_default();
            formats::parse(&text).map_err(|error| format!("{name}: {error}"))
        }
        Source::Track => {
            let element = media::find(media_id).ok_or_else(|| format!("no audio element with id \"{media_id}\" on this page"))?;
            media::chapter_track(&element).await
        }
    }
}

/// Fetches `url` (relative to the page) as text. The error is a message for the listener:
/// `HTTP 404 Not Found`, or the browser's reason for a network or CORS failure.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(describe)?;
    let response: Response = response.dyn_into().map_err(describe)?;
    if !response.ok() {
        return Err(format!("HTTP {} {}", response.status(), response.status_text()).trim_end().to_owned());
    }
    let text = JsFuture::from(response.text().map_err(describe)?).await.map_err(describe)?;
    text.as_string().ok_or_else(|| "the response is not text".to_owned())
}

fn describe(error: wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_owned())
}
