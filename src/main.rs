//! The widget as Trunk builds it: the wasm module that `episode-chapters.js` loads. It runs
//! nothing by itself; the page's `<episode-chapters>` elements (and the JS API) call
//! [`episode_chapters::embed::mount`].

pub use episode_chapters::embed::{mount, Widget};

fn main() {}
