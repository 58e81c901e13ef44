//! Reading a media file's chapters from a web server with HTTP Range requests, without
//! downloading the episode: an MP3's ID3v2 tag and Ogg's comment header sit at the start of the
//! file; an MP4's `moov` box may sit at either end and its chapter titles in `mdat`, so
//! [`mp4::parse_parts`] says which ranges it needs next.
//!
//! [`RangedRead`] knows nothing of the network: it says which bytes to fetch next and reads what
//! was fetched. The widget does the fetching; the tests feed it real files' bytes.

use super::{is_mp4, reader, Parsed, MAX_INPUT_BYTES, MAX_OGG_HEADER, OGG_HEAD};
#[allow(unused_imports)] // each is used when its format's feature is on
use super::{id3, mp4, ogg};
use crate::diagnostics::{Error, ErrorKind, Position};

/// The first request's size, and the least any request asks for: enough for an ID3v2 or Ogg
/// header and usually for an MP4's first boxes; a request of 16 bytes costs as much.
pub const HEAD: u64 = 4096;

/// The most requests one file may take. ffmpeg's files take at most four (head, the `moov`
/// header, `moov`, the chapter titles).
pub const MAX_REQUESTS: usize = 16;

/// A range of bytes to fetch, `start..end`: never empty, as [`ByteRange::new`] makes none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteRange {
    start: u64,
    end: u64,
}

impl ByteRange {
    /// The bytes from `start` up to `end` (excluded); `None` when that is no byte at all.
    pub fn new(start: u64, end: u64) -> Option<ByteRange> {
        (end > start).then_some(ByteRange { start, end })
    }

    /// The first byte's offset.
    pub fn start(self) -> u64 {
        self.start
    }

    /// The offset after the last byte.
    pub fn end(self) -> u64 {
        self.end
    }

    /// How many bytes: at least 1.
    #[allow(clippy::len_without_is_empty)] // never empty
    pub fn len(self) -> u64 {
        debug_assert!(self.end > self.start, "an empty range {}..{}", self.start, self.end);
        self.end - self.start
    }

    /// The HTTP `Range` header's value: `bytes=0-4095` for `0..4096`.
    pub fn header(self) -> String {
        format!("bytes={}-{}", self.start, self.end - 1)
    }
}

/// What to do next.
#[derive(Debug)]
pub enum Step {
    /// Fetch these bytes (fewer if the file ends first) and hand them to
    /// [`RangedRead::fetched`].
    Fetch(ByteRange),
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
///     Step::Fetch(range) => {
///         let (start, end) = (range.start() as usize, (range.end() as usize).min(file.len()));
///         read.fetched(range.start(), file[start..end].to_vec(), Some(file.len() as u64));
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
    /// What was fetched: `(offset, bytes)` in file order, neither overlapping nor touching
    /// (contiguous parts are joined).
    parts: Vec<(u64, Vec<u8>)>,
    /// The file's size, once known.
    len: Option<u64>,
    /// The range asked for last.
    asked: Option<ByteRange>,
    /// The rest of a range that a server answered in part while the file goes on: asked next.
    rest: Option<ByteRange>,
    /// A response that cannot be read: the result.
    failed: Option<Error>,
    requests: usize,
}

impl RangedRead {
    /// A read that has fetched nothing yet.
    pub fn new() -> Self {
        RangedRead::default()
    }

    /// The next range to fetch, or the result. After [`MAX_REQUESTS`] requests the result is
    /// an [`ErrorKind::TooManyRequests`] error.
    // Not an Iterator: each step depends on what was fetched in between.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Step {
        if let Some(error) = self.failed.take() {
            return Step::Done(Err(error));
        }
        let step = match self.rest.take() {
            Some(rest) => Step::Fetch(rest),
            None => self.decide(),
        };
        if let Step::Fetch(range) = step {
            if self.requests == MAX_REQUESTS {
                let kind = ErrorKind::TooManyRequests { limit: MAX_REQUESTS };
                return Step::Done(Err(Error::new(kind, Position::Byte(range.start()))));
            }
            self.requests += 1;
            self.asked = Some(range);
        }
        step
    }

    /// The bytes fetched for the last [`Step::Fetch`]: `start` is where they start in the file
    /// (a `206` response's `Content-Range: bytes START-…/SIZE`, which a server may make other
    /// than asked; a `200` response's 0), and `len` the file's size when the response says it
    /// (`SIZE`, or a `200` body's length). Fewer bytes than asked mean the end of the file
    /// when its size is unknown or reached, else the rest is asked for next.
    pub fn fetched(&mut self, start: u64, bytes: Vec<u8>, len: Option<u64>) {
        let Some(asked) = self.asked.take() else {
            return;
        };
        if len.is_some() {
            self.len = len;
        }
        let end = start.saturating_add(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
        // What of the asked range the file holds: all of it unless the file ends first.
        let wanted_end = self.len.map_or(asked.end(), |len| asked.end().min(len));
        let whole_file = start == 0 && end >= wanted_end;
        if start != asked.start() && !whole_file {
            let kind = ErrorKind::WrongRange { asked: asked.start(), got: start };
            self.failed = Some(Error::new(kind, Position::Byte(asked.start())));
            return;
        }
        if end < wanted_end {
            match self.len {
                // The file goes on: the server sent less than asked.
                Some(_) => self.rest = ByteRange::new(end, asked.end()),
                // With no size, a short answer is the end of the file.
                None => self.len = Some(end),
            }
        }
        self.insert(start, bytes);
    }

    /// Adds bytes fetched at `start` to the parts, joined with any they overlap or touch.
    fn insert(&mut self, start: u64, bytes: Vec<u8>) {
        if bytes.is_empty() {
            return;
        }
        let end = start.saturating_add(bytes.len() as u64);
        let (mut low, mut high) = (start, end);
        let mut joined = Vec::new();
        let mut apart = Vec::new();
        for (at, part) in std::mem::take(&mut self.parts) {
            let part_end = at.saturating_add(part.len() as u64);
            if part_end < start || at > end {
                apart.push((at, part));
            } else {
                low = low.min(at);
                high = high.max(part_end);
                joined.push((at, part));
            }
        }
        let merged = if joined.is_empty() {
            bytes
        } else {
            let mut merged = vec![0; usize::try_from(high - low).unwrap_or(usize::MAX)];
            for (at, part) in joined.iter().map(|(at, part)| (*at, part.as_slice())).chain([(start, bytes.as_slice())]) {
                let from = usize::try_from(at - low).unwrap_or(usize::MAX);
                if let Some(place) = merged.get_mut(from..from.saturating_add(part.len())) {
                    place.copy_from_slice(part);
                }
            }
            merged
        };
        apart.push((low, merged));
        apart.sort_by_key(|&(at, _)| at);
        self.parts = apart;
    }

    fn decide(&self) -> Step {
        let head = match self.parts.first() {
            Some((0, head)) => head.as_slice(),
            _ if self.len == Some(0) => &[],
            _ => return self.fetch(0, HEAD),
        };
        let have = head.len() as u64;
        let complete = self.len.is_some_and(|len| have >= len);
        if head.starts_with(b"ID3") || head.starts_with(b"OggS") {
            // The tag's or comment header's end, and whether it is known or only the least
            // needed so far; `None`: too short to say, and the reader reports what is wrong.
            let (needed, known) = if head.starts_with(b"ID3") {
                (id3::tag_len(head).map_or(have, |n| n.min(MAX_INPUT_BYTES) as u64), true)
            } else {
                ogg::comment_header_end(head).map_or((OGG_HEAD as u64, true), |(n, known)| (n.min(MAX_OGG_HEADER) as u64, known))
            };
            if needed > have && !complete {
                // Not knowing how far a comment header with cover art goes, ask for 256 KiB,
                // then as much again each time: 16 MiB takes 8 requests, not 260 pages.
                let more = needed.max(have.saturating_mul(2)).max(OGG_HEAD as u64);
                let end = if known { needed } else { more.min(MAX_OGG_HEADER as u64) };
                return self.fetch(have, end);
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

    /// Fetch `start..end`, cut at the end of the file when its size is known. A range that
    /// is then empty lies past the end of the file: the file is truncated.
    fn fetch(&self, start: u64, end: u64) -> Step {
        let cut = self.len.map_or(end, |len| end.min(len));
        match ByteRange::new(start, cut) {
            Some(range) => Step::Fetch(range),
            None => {
                let kind = ErrorKind::Truncated { what: "media file".into(), needed: end.saturating_sub(start), available: 0 };
                Step::Done(Err(Error::new(kind, Position::Byte(start))))
            }
        }
    }
}
