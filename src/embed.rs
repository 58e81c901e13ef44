//! How a page mounts widgets: every element with a `data-episode-chapters` attribute becomes
//! a chapter widget.
//!
//! ```html
//! <audio id="episode-audio" controls src="episode.opus"></audio>
//! <div data-episode-chapters data-for="episode-audio" data-src="episode.txt"></div>
//! ```
//!
//! `data-for` is the id of the media element to follow; `data-src` the URL of the chapter
//! source (show notes or Podcasting 2.0 JSON chapters). Several widgets per page work; each
//! gets its own id prefix.

use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::components::app::{App, AppProps};

/// The attribute that marks a mount point.
pub const MOUNT_ATTRIBUTE: &str = "data-episode-chapters";

/// Mounts a widget on every mount point in the document that has none yet. Returns how many
/// were mounted.
pub fn mount_all() -> usize {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return 0;
    };
    let Ok(nodes) = document.query_selector_all(&format!("[{MOUNT_ATTRIBUTE}]")) else {
        return 0;
    };
    let mut mounted = 0;
    for i in 0..nodes.length() {
        let Some(element) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        if element.get_attribute(MOUNT_ATTRIBUTE).as_deref() == Some("mounted") {
            continue;
        }
        let _ = element.set_attribute(MOUNT_ATTRIBUTE, "mounted");
        // The server-rendered fallback inside the mount point is replaced by the widget.
        element.set_text_content(None);
        let props = AppProps {
            media_id: element.get_attribute("data-for").unwrap_or_default().into(),
            src: element.get_attribute("data-src").unwrap_or_default().into(),
            id_prefix: format!("ec{i}").into(),
        };
        yew::Renderer::<App>::with_root_and_props(element, props).render();
        mounted += 1;
    }
    mounted
}
