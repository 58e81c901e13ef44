//! The optional readers' wasm module, as Trunk builds it (`episode-chapters-readers`): the
//! widget loads it only for chapters inside media files or in Podlove Simple Chapters XML. It
//! runs nothing by itself; see `episode_chapters::readers_api`.

// The same rules as the library: no panics on input paths.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub use episode_chapters::readers_api::{read_media, read_text};

fn main() {}
