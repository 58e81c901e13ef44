//! Chapter pictures as `<img src>` values: an image URL as the source wrote it (`http:`,
//! `https:` or relative), or, for a picture carried inside the source (an MP3's `APIC` frame),
//! a `blob:` URL made from its bytes. The blob URLs live as long as the [`ChapterImages`] that
//! made them: dropping it (new chapters) revokes them (`gloo_file::ObjectUrl`).

use gloo_file::{Blob, ObjectUrl};
use yew::AttrValue;

use crate::chapters::{is_web_url, ChapterImage, Chapters};
use crate::formats::image_mime;

/// The picture of each listed chapter, by index.
#[derive(Default)]
pub struct ChapterImages {
    sources: Vec<Option<AttrValue>>,
    /// The `blob:` URLs made here, revoked when dropped.
    _blobs: Vec<ObjectUrl>,
}

impl ChapterImages {
    /// Makes the `src` of every listed chapter's picture.
    pub fn new(chapters: &Chapters) -> Self {
        let mut blobs = Vec::new();
        let sources = chapters
            .iter()
            .map(|chapter| match &chapter.image {
                Some(ChapterImage::Url(url)) if is_web_url(url) => Some(AttrValue::from(url.trim().to_owned())),
                Some(ChapterImage::Embedded { mime, bytes }) => {
                    let url = blob_url(mime, bytes)?;
                    let src = AttrValue::from(url.to_string());
                    blobs.push(url);
                    Some(src)
                }
                _ => None,
            })
            .collect();
        ChapterImages { sources, _blobs: blobs }
    }

    /// The `src` of chapter `index`'s picture, if it has one a page can show.
    pub fn get(&self, index: usize) -> Option<AttrValue> {
        self.sources.get(index).cloned().flatten()
    }
}

/// A `blob:` URL for an image's bytes, of a raster image type only ([`image_mime`]): anything
/// else (SVG, HTML) could run script as a page.
fn blob_url(mime: &str, bytes: &[u8]) -> Option<ObjectUrl> {
    let mime = image_mime(mime, bytes)?;
    Some(ObjectUrl::from(Blob::new_with_options(bytes, Some(mime))))
}
