//! The optional readers' wasm module, as Trunk builds it (`episode-chapters-readers`): the
//! widget loads it only for chapters inside media files or in Podlove Simple Chapters XML. It
//! runs nothing by itself; see `episode_chapters::readers_api`.

pub use episode_chapters::readers_api::{read_text, MediaReader};

fn main() {}
