//! Chapter pictures as `<img src>` values: an image URL as the source wrote it (`http:`,
//! `https:` or relative), or, for a picture carried inside the source (an MP3's `APIC` frame),
//! a `blob:` URL made from its bytes. The blob URLs live as long as the [`ChapterImages`] that
//! made them: dropping it (new chapters) revokes them.

use yew::AttrValue;

use crate::chapters::{is_web_url, ChapterImage, Chapters};

/// The picture of each listed chapter, by index.
#[derive(Debug, Default)]
pub struct ChapterImages {
    sources: Vec<Option<AttrValue>>,
    blobs: Vec<String>,
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
                    blobs.push(url.clone());
                    Some(AttrValue::from(url))
                }
                _ => None,
            })
            .collect();
        ChapterImages { sources, blobs }
    }

    /// The `src` of chapter `index`'s picture, if it has one a page can show.
    pub fn get(&self, index: usize) -> Option<AttrValue> {
        self.sources.get(index).cloned().flatten()
    }
}

impl Drop for ChapterImages {
    fn drop(&mut self) {
        for url in &self.blobs {
            let _ = web_sys::Url::revoke_object_url(url);
        }
    }
}

/// A `blob:` URL for an image's bytes. Only `image/…` types: anything else could be a page.
fn blob_url(mime: &str, bytes: &[u8]) -> Option<String> {
    let mime = mime.trim().to_ascii_lowercase();
    let mime = match mime.as_str() {
        // ID3v2.2-style and sloppy writers' short forms.
        "png" => "image/png".to_owned(),
        "jpg" | "jpeg" | "image/jpg" => "image/jpeg".to_owned(),
        _ if mime.starts_with("image/") && !mime.contains("svg") => mime,
        _ => return None,
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
