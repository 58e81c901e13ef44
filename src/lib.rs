//! episode-chapters: a chapter list for podcast episode pages.
//!
//! A listener sees the episode's chapters (time range, title, summary, key points) as a
//! collapsible list next to the page's `<audio>`, sees which chapter is playing, and clicks a
//! chapter to jump there.
//!
//! The crate is layered so that everything below the DOM can be tested on the host:
//! - [`chapters`]: the model ([`Chapter`], the normalised [`Chapters`] timeline,
//!   [`Timestamp`] in integer milliseconds) and the active-chapter lookup;
//! - [`formats`]: one reader per chapter source, returning chapters plus warnings, or an
//!   [`Error`] with its position;
//! - [`export`]: writing chapters out (JSON, WebVTT, Podlove Simple Chapters, text, HTML);
//! - [`state`]: the widget's state and its one reducer;
//! - [`media`]: the only code that touches `HTMLMediaElement`;
//! - [`settings`]: what a page asks of a widget (attributes and JS API options);
//! - [`deeplink`]: times in links (`#t=762`);
//! - [`source`]: reading a chapter source from where a widget's settings say;
//! - `fetch`: requests with timeouts, and media files read by HTTP Range requests;
//! - `readers_api`: the optional readers as a wasm module of their own, loaded on demand;
//! - [`hooks`]: the widget's connections to the page (media element, chapter source);
//! - [`events`]: the DOM events a widget dispatches;
//! - [`images`]: chapter pictures as `<img src>` values;
//! - [`windowing`]: which rows of a long list are rendered;
//! - [`components`]: the Yew view, one component per file;
//! - [`embed`]: how a page mounts widgets (`<episode-chapters>`, `mount()`).
//!
//! The core (`chapters`, `formats`, `export`, `state`, `settings`, `deeplink`, `diagnostics`) uses neither `web_sys`
//! nor `yew`; the web modules are behind the default `web` feature, so
//! `default-features = false` gives the core alone (as the command-line tool and the fuzz
//! targets use it).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
// The docs link to modules and items that a build without some features leaves out (the web
// modules, the readers of psc, id3, mp4 and ogg): they resolve in the default build, which
// `cargo doc` documents; in the others they are left as text.
#![cfg_attr(
    not(all(feature = "web", feature = "psc", feature = "id3", feature = "mp4", feature = "ogg")),
    allow(rustdoc::broken_intra_doc_links)
)]

pub mod chapters;
#[cfg(feature = "web")]
pub mod components;
pub mod deeplink;
pub mod diagnostics;
#[cfg(feature = "web")]
pub mod embed;
#[cfg(feature = "web")]
pub mod events;
pub mod export;
#[cfg(any(feature = "web", feature = "readers-wasm"))]
pub mod fetch;
pub mod formats;
#[cfg(feature = "web")]
pub mod hooks;
pub mod i18n;
#[cfg(feature = "web")]
pub mod images;
#[cfg(feature = "web")]
pub mod media;
#[cfg(feature = "readers-wasm")]
pub mod readers_api;
pub mod search;
pub mod settings;
#[cfg(feature = "web")]
pub mod source;
pub mod state;
pub mod windowing;

pub use chapters::{Chapter, ChapterImage, Chapters, Timestamp};
pub use diagnostics::{Category, Error, ErrorKind, Position};
pub use formats::Parsed;

/// The allocator of every wasm build: Talc instead of the standard library's dlmalloc, for its
/// smaller code (1.4 KB brotli less on the widget's common path); the readers' parse times in
/// wasm (`bash bench/parse-time.sh`) do not change beyond the spread of runs.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
