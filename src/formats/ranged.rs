//! Reading a media file's chapters from a web server with HTTP Range requests, without
//! downloading the episode: an MP3's ID3v2 tag and Ogg's comment header sit at the start of the
//! file; an MP4's `moov` box may sit at either end and its chapter titles in `mdat`, so
//! [`mp4::parse_parts`] says which ranges it needs next.
//!
//! [`RangedRead`] knows nothing of the network: it says which bytes to fetch next and reads what
//! was fetched. The widget does the fetching; the tests feed it real files' bytes.

use super::{bytes_needed, is_mp4, reader, Parsed};
#[allow(unused_imports)] // each is used when its format's feature is on
use super::{id3, mp4, ogg};
use crate::diagnostics::{Error, ErrorKind, Position};

/// The first request's size, and the least any request asks for: enough for an ID3v2 or Ogg
/// header and usually for an MP4's first boxes; a request of 16 bytes costs as much.
pub const HEAD: u64 = 4096;

/// The most requests one file may take. ffmpeg's files take at most four (head, the `moov`
/// header, `moov`, the chapter titles).
pub const MAX_REQUESTS: usize = 16;

/// What to do next.
#[derive(Debug)]
pub enum Step {
    /// Fetch bytes `start..end` (fewer if the file ends first) and hand them to
    /// [`RangedRead::fetched`].
    Fetch { start: u64, end: u64 },
    /// Reading is over.
    Done(Result<Parsed, Error>),
}

/// Reading one media file's chapters, a range at a time.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::ranged::{RangedRead, Step};
///
/// // An MP3 whose ID3v2 tag holds one chapter (CHAP "c1" from 0 to 5 s, titled "Intro").
/// let text = [&[3][..], b"Intro"].concat();
/// let tit2 = [b"TIT2", &6u32.to_be_bytes()[..], &[0, 0], &text].concat();
/// let chap = [b"CHAP", &(19 + tit2.len() as u32).to_be_bytes()[..], &[0, 0], b"c1\0",
///     &0u32.to_be_bytes(), &5000u32.to_be_bytes(), &[0xFF; 8], &tit2].concat();
/// let size = chap.len() as u8;
/// let file = [&[b'I', b'D', b'3', 4, 0, 0, 0, 0, 0, size][..], &chap, &[0xFF; 10_000]].concat();
///
/// let mut read = RangedRead::new();
/// let requests = std::iter::from_fn(|| match read.next() {
///     Step::Fetch { start, end } => {
///         let end = (end as usize).min(file.len());
///         read.fetched(file[start as usize..end].to_vec(), Some(file.len() as u64));
///         Some((start, end))
///     }
///     Step::Done(result) => {
///         assert_eq!(result.unwrap().chapters.get(0).unwrap().title, "Intro");
///         None
///     }
/// }).collect::<Vec<_>>();
/// assert_eq!(requests, [(0, 4096)]);
/// ```
#[derive(Debug, Default)]
pub struct RangedRead {
    /// What was fetched: `(offset, bytes)`, the first at offset 0; contiguous ranges are joined.
    parts: Vec<(u64, Vec<u8>)>,
    /// The file's size, once known.
    len: Option<u64>,
    /// The range asked for last.
    asked: Option<(u64, u64)>,
    requests: usize,
}

impl RangedRead {
    /// A read that has fetched nothing yet.
    pub fn new() -> Self {
        RangedRead::default()
    }

    /// The next range to fetch, or the result. After [`MAX_REQUESTS`] requests the result is
    /// an error.
    // Not an Iterator: each step depends on what was fetched in between.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Step {
        let step = self.decide();
        if let Step::Fetch { start, end } = step {
            if self.requests == MAX_REQUESTS {
                let problem = format!("its chapters take more than {MAX_REQUESTS} requests to read");
                return Step::Done(Err(Error::new(ErrorKind::Invalid { what: "media file".into(), problem }, Position::Byte(start))));
            }
            self.requests += 1;
            self.asked = Some((start, end));
        }
        step
    }

    /// The bytes fetched for the last [`Step::Fetch`] (fewer than asked when the file ends
    /// first), and the file's size when the response says it (`Content-Range: bytes 0-4095/SIZE`).
    pub fn fetched(&mut self, bytes: Vec<u8>, size: Option<u64>) {
        let Some((start, end)) = self.asked.take() else {
            return;
        };
        if size.is_some() {
            self.len = size;
        }
        let got = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if got < end - start {
            self.len = Some(start.saturating_add(got));
        }
        match self.parts.iter_mut().find(|(at, part)| *at + part.len() as u64 == start) {
            Some((_, part)) => part.extend_from_slice(&bytes),
            None => self.parts.push((start, bytes)),
        }
    }

    fn decide(&self) -> Step {
        let head = match self.parts.first() {
            Some((0, head)) => head.as_slice(),
            _ => return self.fetch(0, HEAD),
        };
        let have = head.len() as u64;
        let complete = self.len.is_some_and(|len| have >= len);
        if head.starts_with(b"ID3") || head.starts_with(b"OggS") {
            // `None`: too short to say; the reader reports what is wrong with it.
            let needed = bytes_needed(head).map_or(have, |n| n as u64);
            if needed > have && !complete {
                return self.fetch(have, needed);
            }
            let head = head.get(..needed.min(have) as usize).unwrap_or(head);
            return Step::Done(if head.starts_with(b"ID3") {
                reader!("id3", "ID3 (MP3) chapters", id3, head)
            } else {
                reader!("ogg", "Ogg chapters", ogg, head)
            });
        }
        if is_mp4(head) {
            #[cfg(feature = "mp4")]
            return self.mp4();
            #[cfg(not(feature = "mp4"))]
            return Step::Done(reader!("mp4", "MP4 chapters", mp4, head));
        }
        if head.is_empty() {
            return Step::Done(Err(Error::new(ErrorKind::Empty, Position::Unknown)));
        }
        let reason = "the file is not an MP3 with an ID3v2 tag, an MP4 / M4A / M4B, or an Ogg Opus / Vorbis file";
        Step::Done(Err(Error::new(ErrorKind::NotFound { what: "chapters in the media file", reason }, Position::Byte(0))))
    }

    /// The next range an MP4 file needs, or its chapters.
    #[cfg(feature = "mp4")]
    fn mp4(&self) -> Step {
        let parts: Vec<(u64, &[u8])> = self.parts.iter().map(|(at, bytes)| (*at, bytes.as_slice())).collect();
        match mp4::parse_parts(&parts, self.len) {
            mp4::Partial::Needs(ranges) => match ranges.first() {
                Some(&(start, end)) => self.fetch(start, end.max(start.saturating_add(HEAD))),
                None => Step::Done(Err(Error::new(ErrorKind::Empty, Position::Unknown))),
            },
            mp4::Partial::Done(result) => Step::Done(result),
        }
    }

    /// Fetch `start..end`, cut at the end of the file when its size is known.
    fn fetch(&self, start: u64, end: u64) -> Step {
        Step::Fetch { start, end: self.len.map_or(end, |len| end.min(len)) }
    }
}
