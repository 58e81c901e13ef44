//! ID3v2 chapters: the `CHAP` and `CTOC` frames of the ID3v2 Chapter Frame Addendum 1.0
//! (<https://id3.org/id3v2-chapters-1.0>), read from the ID3v2.3 (<https://id3.org/id3v2.3.0>)
//! or ID3v2.4 (<https://id3.org/id3v2.4.0-structure>, <https://id3.org/id3v2.4.0-frames>) tag
//! at the start of an MP3 file, or from a bare tag.
//!
//! ```text
//! "ID3" 04 00 flags size            tag header: version 2.4, size in 4×7 bits (synchsafe)
//! "TIT2" size flags 03 "Episode 7"  the episode's title
//! "CTOC" size flags "toc" 00 03 02 "ch0" 00 "ch1" 00   top-level, ordered, 2 entries
//! "CHAP" size flags "ch0" 00 start-ms end-ms start-byte end-byte   then sub-frames:
//!     "TIT2" … title   "TIT3" … summary   "WXXX" … link   "APIC" … picture
//! 00 00 00 …                        padding
//! ```
//!
//! Read: the top-level `TIT2` (the episode's title); each `CHAP`'s start and end (whole
//! milliseconds; an end of `0xFFFFFFFF` is read as unknown) and its sub-frames `TIT2` (title),
//! `TIT3` (summary), `WXXX` (url) and `APIC` (image: the picture's bytes and MIME type, or a
//! URL when the MIME type is `-->`); each `CTOC`'s element id, top-level flag and entries. The
//! byte offsets of `CHAP` are ignored (they say nothing a player needs). Every other frame is
//! skipped unread.
//!
//! **Order and silent chapters.** With a `CTOC`, the chapters the top-level table of contents
//! lists (directly or through the tables it lists) are listed (`toc: true`) in its order; a
//! `CHAP` it does not list is silent (`toc: false`). Without any `CTOC`, every `CHAP` is listed,
//! in time order (the order of frames in a tag means nothing: mutagen, for one, writes them
//! in any order). A table that lists no chapter at all is ignored with a warning. A table
//! whose one-byte entry count has wrapped past 255 (ffmpeg writes the count of a 300-chapter
//! book as 44, then all 300 ids) lists them all, with a warning: when the ids after the
//! declared ones number a multiple of 256, or the count is the number of `CHAP` frames
//! modulo 256.
//!
//! Both versions' details are handled: the extended header is skipped; unsynchronisation is
//! removed from the whole tag (v2.3) or from each frame (v2.4); in v2.4 the grouping byte and
//! the data length indicator before a frame's data are skipped. Text may be Latin-1, UTF-16
//! with a byte order mark, UTF-16BE or UTF-8, terminated by NUL or not; of several values the
//! first is read.
//!
//! Lenience: real tags are often slightly broken. Frame sizes in a v2.4 tag written the v2.3
//! way (plain numbers, not synchsafe) are detected as mutagen and TagLib detect them: when the
//! synchsafe reading lands on garbage and the plain reading on the next frame or the padding.
//! Text that is not valid in its encoding is repaired with U+FFFD. A size that runs past its
//! container stops the reading there; a frame that cannot be used (compressed, encrypted, cut
//! short) is skipped. Each of these is a warning naming the byte offset of the frame header
//! in the input; the tag is an error only when no chapter could be read.

#![deny(clippy::arithmetic_side_effects)]

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::chapters::{sort_by_start, Chapter, ChapterImage, Timestamp};
use crate::diagnostics::{Error, ErrorKind, FrameProblem, Position, TextPlace, TextProblem, TocProblem};
use crate::formats::{byte_warnings, Parsed, MAX_CHAPTERS};

const EXPECTED: &str = "CHAP frames in the ID3v2 tag";
const SUPPORTED: &str = "ID3v2.3 and ID3v2.4";
/// Where the tag header's size field is, for messages about it.
const SIZE_FIELD: u64 = 6;
const HEADER_LEN: usize = 10;

/// Parses the chapters of the ID3v2 tag at the start of `bytes` (an MP3 file, whole or only
/// its beginning, or a bare tag).
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::id3;
///
/// // A v2.4 tag holding one chapter, "Intro", from 0 to 5 s.
/// let chap: &[u8] = b"CHAP\0\0\0\x24\0\0ch0\0\0\0\0\0\0\0\x13\x88\xff\xff\xff\xff\xff\xff\xff\xff\
///     TIT2\0\0\0\x06\0\0\x03Intro";
/// let mut tag = b"ID3\x04\0\0\0\0\0\x2e".to_vec();
/// tag.extend_from_slice(chap);
/// let parsed = id3::parse(&tag).unwrap();
/// assert_eq!(parsed.chapters.get(0).unwrap().title, "Intro");
/// assert_eq!(parsed.chapters.get(0).unwrap().end.unwrap().as_millis(), 5_000);
///
/// let err = id3::parse(b"fLaC\0\0\0\x22").unwrap_err();
/// assert_eq!(err.to_string(), "byte 0: no ID3v2 tag: the file does not start with \"ID3\"");
/// ```
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let header = header(bytes)?;
    let mut reader = Reader {
        major: header.major,
        frames_unsynchronised: header.major == 4 && header.flags & 0x80 != 0,
        problems: Vec::new(),
        plain_sizes_noted: false,
        stop: None,
        title: None,
        chapters: Vec::new(),
        tocs: Vec::new(),
        ids: HashSet::new(),
    };

    if let Some(kind) = header.size_problem {
        reader.warn(SIZE_FIELD, kind);
    }
    let after_header = bytes.get(HEADER_LEN..).unwrap_or_default();
    let body = match after_header.get(..header.size) {
        Some(body) => body,
        None => {
            let kind = ErrorKind::Truncated { what: "ID3v2 tag".into(), needed: as_u64(header.size), available: as_u64(after_header.len()) };
            reader.warn(SIZE_FIELD, kind);
            after_header
        }
    };

    // ID3v2.3 unsynchronises the whole tag after its header; v2.4 each frame on its own.
    let (body, removed) = if header.major == 3 && header.flags & 0x80 != 0 {
        let (body, removed) = resynchronise(body);
        (Cow::Owned(body), removed)
    } else {
        (Cow::Borrowed(body), Vec::new())
    };
    let tag = Origin { start: HEADER_LEN, removed: &removed, parent: None };
    let frames_start = if header.flags & 0x40 != 0 { reader.extended_header(&body) } else { 0 };
    let frames = Origin { start: frames_start, removed: &[], parent: Some(&tag) };
    reader.walk(body.get(frames_start..).unwrap_or_default(), &frames, Level::Tag, Reader::top_level);
    reader.finish()
}

/// The fixed 10-byte tag header.
struct Header {
    major: u8,
    flags: u8,
    /// The tag's size after the header, as declared.
    size: usize,
    /// A warning about the size field, if it is not synchsafe.
    size_problem: Option<ErrorKind>,
}

fn header(bytes: &[u8]) -> Result<Header, Error> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty, Position::Unknown));
    }
    let magic = bytes.get(..3).unwrap_or(bytes);
    if !b"ID3".starts_with(magic) {
        let kind = ErrorKind::NotFound { what: "ID3v2 tag", reason: "the file does not start with \"ID3\"" };
        return Err(Error::new(kind, Position::Byte(0)));
    }
    let Some((&[_, _, _, major, _revision, flags, s0, s1, s2, s3], _)) = bytes.split_first_chunk::<HEADER_LEN>() else {
        let kind = ErrorKind::Truncated { what: "ID3v2 header".into(), needed: as_u64(HEADER_LEN), available: as_u64(bytes.len()) };
        return Err(Error::new(kind, Position::Byte(0)));
    };
    if major != 3 && major != 4 {
        let found = match major {
            2 => "ID3v2.2 tag (three-letter frame ids)".to_owned(),
            _ => format!("ID3v2.{major} tag"),
        };
        return Err(Error::new(ErrorKind::UnsupportedVersion { found, supported: SUPPORTED }, Position::Byte(3)));
    }
    let raw = [s0, s1, s2, s3];
    // As TagLib does: a size that is not synchsafe was written as a plain number.
    let (size, size_problem) = match synchsafe(raw) {
        Some(size) => (size, None),
        None => {
            let plain = u32::from_be_bytes(raw);
            let kind = ErrorKind::BadSize { what: "ID3v2 tag".into(), size: u64::from(plain), fix: "not synchsafe, read as a plain number" };
            (plain, Some(kind))
        }
    };
    Ok(Header { major, flags, size: as_usize(size), size_problem })
}

/// How many bytes of the file the tag takes (header, frames, footer), from its first ten
/// bytes, reading the size as [`parse`] does: synchsafe, else a plain number.
pub(crate) fn tag_len(head: &[u8]) -> Option<usize> {
    let [b'I', b'D', b'3', _major, _minor, flags, s0, s1, s2, s3] = *head.first_chunk::<HEADER_LEN>()? else {
        return None;
    };
    let raw = [s0, s1, s2, s3];
    let size = synchsafe(raw).unwrap_or_else(|| u32::from_be_bytes(raw));
    let footer = if flags & 0x10 != 0 { HEADER_LEN } else { 0 };
    HEADER_LEN.checked_add(as_usize(size))?.checked_add(footer)
}

/// One frame, its flags' additions removed and its data resynchronised.
struct Frame<'a> {
    id: [u8; 4],
    /// The input offset of the frame header.
    at: u64,
    data: Cow<'a, [u8]>,
    /// Where `data` starts in the buffer the frame was read from (for [`Origin`]).
    start: usize,
    /// The unsynchronisation bytes removed from `data` (see [`resynchronise`]).
    removed: Vec<usize>,
}

/// Maps an offset in a buffer the reader works on (the tag, a frame's data) to the input:
/// through the zero bytes removed by resynchronising, then the buffer's start in its parent.
#[derive(Clone, Copy)]
struct Origin<'p> {
    start: usize,
    removed: &'p [usize],
    parent: Option<&'p Origin<'p>>,
}

impl Origin<'_> {
    fn input_offset(&self, at: usize) -> u64 {
        let in_parent = self.start.saturating_add(at).saturating_add(self.removed.partition_point(|&r| r <= at));
        match self.parent {
            Some(parent) => parent.input_offset(in_parent),
            None => as_u64(in_parent),
        }
    }
}

/// A chapter as read, with its element id.
struct Chap {
    id: String,
    chapter: Chapter,
}

/// A table of contents (`CTOC`).
struct Toc {
    id: String,
    top_level: bool,
    entries: Vec<String>,
    /// Ids after the declared entries (see [`Reader::finish`]).
    more: Vec<String>,
    at: u64,
}

impl Toc {
    fn problem(&self, problem: TocProblem) -> ErrorKind {
        ErrorKind::BadToc { id: self.id.clone(), problem }
    }
}

struct Reader {
    major: u8,
    /// A v2.4 tag whose header says all frames are unsynchronised.
    frames_unsynchronised: bool,
    /// Warnings with their input offsets.
    problems: Vec<(u64, ErrorKind)>,
    /// Whether the warning about v2.3-style sizes in a v2.4 tag was given (it is given once).
    plain_sizes_noted: bool,
    /// An error that ends the reading (too many chapters).
    stop: Option<Error>,
    title: Option<String>,
    chapters: Vec<Chap>,
    tocs: Vec<Toc>,
    /// The element ids of `CHAP` and `CTOC` frames read so far.
    ids: HashSet<String>,
}

impl Reader {
    fn warn(&mut self, at: u64, kind: ErrorKind) {
        self.problems.push((at, kind));
    }

    /// Skips the extended header at the start of `body`; returns where the frames start.
    fn extended_header(&mut self, body: &[u8]) -> usize {
        let at = as_u64(HEADER_LEN);
        let Some((&raw, _)) = body.split_first_chunk::<4>() else {
            let kind = ErrorKind::Truncated { what: "extended header".into(), needed: 4, available: as_u64(body.len()) };
            self.warn(at, kind);
            return body.len();
        };
        let plain = u32::from_be_bytes(raw);
        // v2.3: a plain size after the size field; v2.4: a synchsafe size including it.
        let size = if self.major == 3 {
            as_usize(plain).saturating_add(4)
        } else if let Some(size) = synchsafe(raw) {
            as_usize(size)
        } else {
            let kind = ErrorKind::BadSize { what: "extended header".into(), size: u64::from(plain), fix: "not synchsafe, read as a plain number" };
            self.warn(at, kind);
            as_usize(plain)
        };
        if size > body.len() {
            let kind = ErrorKind::Truncated { what: "extended header".into(), needed: as_u64(size), available: as_u64(body.len()) };
            self.warn(at, kind);
            return body.len();
        }
        size
    }

    /// Reads the frames in `buf` up to the padding or the end, and calls `each` for those
    /// that `level` reads (others are skipped unread).
    fn walk<'b>(&mut self, buf: &'b [u8], origin: &Origin<'_>, level: Level, mut each: impl FnMut(&mut Self, &Frame<'b>, &Origin<'_>)) {
        let wanted: &[&[u8; 4]] = match level {
            Level::Tag => &[b"TIT2", b"CHAP", b"CTOC"],
            Level::Chapter => &[b"TIT2", b"TIT3", b"WXXX", b"APIC"],
        };
        let mut at = 0;
        while let Some(rest) = buf.get(at..).filter(|rest| rest.first().is_some_and(|&b| b != 0)) {
            if self.stop.is_some() {
                return;
            }
            let header_at = origin.input_offset(at);
            let Some((&[a, b, c, d, s0, s1, s2, s3, f0, f1], after)) = rest.split_first_chunk::<HEADER_LEN>() else {
                let kind = ErrorKind::Truncated { what: "frame header".into(), needed: as_u64(HEADER_LEN), available: as_u64(rest.len()) };
                self.warn(header_at, kind);
                return;
            };
            let id = [a, b, c, d];
            if !is_frame_id(&id) {
                self.warn(header_at, ErrorKind::BadFrame { frame: id, problem: FrameProblem::NotAFrameId });
                return;
            }
            let size = self.frame_size(id, [s0, s1, s2, s3], after, header_at);
            let Some(content) = after.get(..size) else {
                let kind = ErrorKind::Truncated { what: frame_name(id), needed: as_u64(size), available: as_u64(after.len()) };
                self.warn(header_at, kind);
                return;
            };
            // `content` is there, so `start + size` is within `buf`: neither saturates.
            let start = at.saturating_add(HEADER_LEN);
            at = start.saturating_add(size);
            if !wanted.contains(&&id) {
                continue;
            }
            if size == 0 {
                self.warn(header_at, ErrorKind::BadSize { what: frame_name(id), size: 0, fix: "skipped" });
                continue;
            }
            if let Some(frame) = self.frame(id, header_at, [f0, f1], content, start, level) {
                let inner = Origin { start: frame.start, removed: &frame.removed, parent: Some(origin) };
                each(self, &frame, &inner);
            }
        }
    }

    /// The size of frame `id` as its header writes it: a plain number in v2.3, synchsafe in
    /// v2.4 unless that reading lands on garbage and the plain one does not (old tools wrote
    /// v2.4 tags with v2.3 sizes).
    fn frame_size(&mut self, id: [u8; 4], raw: [u8; 4], after: &[u8], at: u64) -> usize {
        let plain = as_usize(u32::from_be_bytes(raw));
        if self.major == 3 {
            return plain;
        }
        // The plain reading is only looked at when the synchsafe one does not land on a frame:
        // each padding check then stops at a frame the walk goes on from, or the walk ends, so
        // the checks cost no more than one pass over the tag.
        let safe = synchsafe(raw).map(as_usize);
        let use_plain = match safe {
            None => true,
            Some(size) if size == plain => false,
            Some(size) => match landing(after, size) {
                Landing::Frame => false,
                landed => match (landed, landing(after, plain)) {
                    (_, Landing::Frame) => true,
                    (Landing::Padding, _) => false,
                    (_, Landing::Padding) => true,
                    _ => false,
                },
            },
        };
        if let Some(size) = safe.filter(|_| !use_plain) {
            return size;
        }
        if !self.plain_sizes_noted {
            self.plain_sizes_noted = true;
            let fix = "not synchsafe as ID3v2.4 requires, read as a plain number (the ID3v2.3 way) here and after";
            self.warn(at, ErrorKind::BadSize { what: frame_name(id), size: as_u64(plain), fix });
        }
        plain
    }

    /// Applies the frame's format flags to its content (which starts at `start` in its buffer).
    /// The tag header's unsynchronisation flag applies to the tag's frames, not to the
    /// sub-frames inside them (those are unsynchronised with the frame that holds them).
    fn frame<'b>(&mut self, id: [u8; 4], at: u64, [_, format]: [u8; 2], content: &'b [u8], start: usize, level: Level) -> Option<Frame<'b>> {
        let (compressed, encrypted, grouped, unsynchronised, length_indicator) = if self.major == 3 {
            (format & 0x80 != 0, format & 0x40 != 0, format & 0x20 != 0, false, false)
        } else {
            let unsynchronised = format & 0x02 != 0 || (self.frames_unsynchronised && matches!(level, Level::Tag));
            (format & 0x08 != 0, format & 0x04 != 0, format & 0x40 != 0, unsynchronised, format & 0x01 != 0)
        };
        let feature = if compressed {
            Some("compression")
        } else if encrypted {
            Some("encryption")
        } else {
            None
        };
        if let Some(feature) = feature {
            self.warn(at, ErrorKind::Unsupported { what: frame_name(id), feature });
            return None;
        }
        // The additions come in the order of the flags: group id, then data length.
        let skip = match (grouped, length_indicator) {
            (false, false) => 0,
            (true, false) => 1,
            (false, true) => 4,
            (true, true) => 5,
        };
        let Some((_, data)) = content.split_at_checked(skip) else {
            let kind = ErrorKind::Truncated { what: frame_name(id), needed: as_u64(skip), available: as_u64(content.len()) };
            self.warn(at, kind);
            return None;
        };
        let (data, removed) = if unsynchronised {
            let (data, removed) = resynchronise(data);
            (Cow::Owned(data), removed)
        } else {
            (Cow::Borrowed(data), Vec::new())
        };
        Some(Frame { id, at, data, start: start.saturating_add(skip), removed })
    }

    fn top_level(&mut self, frame: &Frame<'_>, origin: &Origin<'_>) {
        match &frame.id {
            b"TIT2" if self.title.is_none() => self.title = self.text(frame).filter(|title| !title.is_empty()),
            b"CHAP" if self.chapters.len() >= MAX_CHAPTERS => {
                self.stop = Some(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::Byte(frame.at)));
            }
            b"CHAP" => self.chap(frame, origin),
            b"CTOC" => self.ctoc(frame),
            _ => {}
        }
    }

    /// Whether `id` is new; a warning naming the frame if it is not.
    fn new_id(&mut self, id: &str, frame: [u8; 4], at: u64) -> bool {
        if self.ids.contains(id) {
            self.warn(at, ErrorKind::BadFrame { frame, problem: FrameProblem::DuplicateId(id.to_owned()) });
            return false;
        }
        self.ids.insert(id.to_owned());
        true
    }

    fn chap(&mut self, frame: &Frame<'_>, origin: &Origin<'_>) {
        let Some((id, rest)) = split_nul(&frame.data) else {
            self.invalid(frame, FrameProblem::IdNotTerminated);
            return;
        };
        let id_len = id.len();
        let id = latin1(id);
        let Some((&[a0, a1, a2, a3, b0, b1, b2, b3, ..], sub_frames)) = rest.split_first_chunk::<16>() else {
            let kind = ErrorKind::Truncated { what: format!("times of CHAP \"{id}\""), needed: 16, available: as_u64(rest.len()) };
            self.warn(frame.at, kind);
            return;
        };
        if !self.new_id(&id, *b"CHAP", frame.at) {
            return;
        }
        let start = u32::from_be_bytes([a0, a1, a2, a3]);
        let end = u32::from_be_bytes([b0, b1, b2, b3]);
        let mut chapter = Chapter::new(Timestamp::from_millis(u64::from(start)), "");
        chapter.end = (end != u32::MAX).then(|| Timestamp::from_millis(u64::from(end)));
        chapter.position = Position::Byte(frame.at);

        // The id, its NUL and the 16 bytes of times, all within the frame.
        let inner = Origin { start: id_len.saturating_add(1 + 16), removed: &[], parent: Some(origin) };
        self.walk(sub_frames, &inner, Level::Chapter, |reader, sub, _| match &sub.id {
            b"TIT2" if chapter.title.is_empty() => chapter.title = reader.text(sub).unwrap_or_default(),
            b"TIT3" if chapter.summary.is_empty() => chapter.summary = reader.text(sub).unwrap_or_default(),
            b"WXXX" if chapter.url.is_none() => chapter.url = reader.link(sub),
            b"APIC" if chapter.image.is_none() => chapter.image = reader.picture(sub),
            _ => {}
        });
        self.chapters.push(Chap { id, chapter });
    }

    fn ctoc(&mut self, frame: &Frame<'_>) {
        let Some((id, rest)) = split_nul(&frame.data) else {
            self.invalid(frame, FrameProblem::IdNotTerminated);
            return;
        };
        let id = latin1(id);
        let what = format!("CTOC \"{id}\"");
        let Some((&[flags, count], mut rest)) = rest.split_first_chunk::<2>() else {
            self.warn(frame.at, ErrorKind::Truncated { what, needed: 2, available: as_u64(rest.len()) });
            return;
        };
        let mut entries = Vec::with_capacity(usize::from(count));
        for present in 0..count {
            if rest.is_empty() {
                let kind = ErrorKind::CountMismatch { what: what.clone(), items: "entries", declared: count.into(), present: present.into() };
                self.warn(frame.at, kind);
                break;
            }
            let (entry, after) = split_nul(rest).unwrap_or((rest, &[]));
            entries.push(latin1(entry));
            rest = after;
        }
        // Then sub-frames (a TIT2 naming the table, not needed here), or, from a writer that
        // puts the count in one byte (ffmpeg), the rest of the ids.
        let mut more = Vec::new();
        while !rest.is_empty() && !rest.get(..4).is_some_and(is_frame_id) {
            let Some((entry, after)) = split_nul(rest).filter(|(entry, _)| !entry.is_empty()) else { break };
            more.push(latin1(entry));
            rest = after;
        }
        if self.new_id(&id, *b"CTOC", frame.at) {
            self.tocs.push(Toc { id, top_level: flags & 0x02 != 0, entries, more, at: frame.at });
        }
    }

    /// The text encoding byte at the start of a frame, and the rest.
    fn encoding<'f>(&mut self, frame: &'f Frame<'_>) -> Option<(Encoding, &'f [u8])> {
        let Some((&byte, rest)) = frame.data.split_first() else {
            self.warn(frame.at, ErrorKind::Truncated { what: frame_name(frame.id), needed: 1, available: 0 });
            return None;
        };
        let encoding = match byte {
            0 => Encoding::Latin1,
            1 => Encoding::Utf16,
            2 => Encoding::Utf16Be,
            3 => Encoding::Utf8,
            _ => {
                self.bad_text(frame, TextProblem::UnknownEncoding(byte));
                return None;
            }
        };
        Some((encoding, rest))
    }

    /// The first value of a text frame (`TIT2`, `TIT3`), trimmed.
    fn text(&mut self, frame: &Frame<'_>) -> Option<String> {
        let (encoding, rest) = self.encoding(frame)?;
        let (value, _) = split_terminated(encoding, rest);
        Some(self.decode(encoding, value, frame).trim().to_owned())
    }

    /// The URL of a `WXXX` frame: encoding, description, NUL, Latin-1 URL.
    fn link(&mut self, frame: &Frame<'_>) -> Option<String> {
        let (encoding, rest) = self.encoding(frame)?;
        let Some(url) = split_terminated(encoding, rest).1 else {
            self.invalid(frame, FrameProblem::DescriptionNotTerminated);
            return None;
        };
        let url = latin1(split_nul(url).map_or(url, |(url, _)| url));
        Some(url.trim().to_owned()).filter(|url| !url.is_empty())
    }

    /// The picture of an `APIC` frame: encoding, MIME type, NUL, picture type, description,
    /// NUL, picture data (or, with the MIME type `-->`, its URL).
    fn picture(&mut self, frame: &Frame<'_>) -> Option<ChapterImage> {
        let (encoding, rest) = self.encoding(frame)?;
        let Some((mime, rest)) = split_nul(rest) else {
            self.invalid(frame, FrameProblem::MimeNotTerminated);
            return None;
        };
        let Some((_picture_type, rest)) = rest.split_first() else {
            self.invalid(frame, FrameProblem::NoPictureType);
            return None;
        };
        let Some(data) = split_terminated(encoding, rest).1 else {
            self.invalid(frame, FrameProblem::DescriptionNotTerminated);
            return None;
        };
        if data.is_empty() {
            self.invalid(frame, FrameProblem::NoPictureData);
            return None;
        }
        let mime = latin1(mime);
        let mime = mime.trim();
        if mime == "-->" {
            let url = latin1(split_nul(data).map_or(data, |(url, _)| url));
            return Some(url.trim().to_owned()).filter(|url| !url.is_empty()).map(ChapterImage::Url);
        }
        let Some(shown_as) = super::image_mime(mime, data) else {
            self.invalid(frame, FrameProblem::NotAnImage(mime.to_owned()));
            return None;
        };
        Some(ChapterImage::Embedded { mime: shown_as.to_owned(), bytes: data.into() })
    }

    fn invalid(&mut self, frame: &Frame<'_>, problem: FrameProblem) {
        self.warn(frame.at, ErrorKind::BadFrame { frame: frame.id, problem });
    }

    fn bad_text(&mut self, frame: &Frame<'_>, problem: TextProblem) {
        self.warn(frame.at, ErrorKind::BadText { place: TextPlace::Frame(frame.id), problem });
    }

    /// Decodes `bytes` (without terminator) in `encoding`, repairing what is not valid.
    fn decode(&mut self, encoding: Encoding, bytes: &[u8], frame: &Frame<'_>) -> String {
        let mut problems: Vec<TextProblem> = Vec::new();
        let text = match encoding {
            Encoding::Latin1 => latin1(bytes),
            Encoding::Utf8 => {
                let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                let text = String::from_utf8_lossy(bytes);
                if matches!(text, Cow::Owned(_)) {
                    problems.push(TextProblem::InvalidUtf8);
                }
                text.into_owned()
            }
            Encoding::Utf16 => match bytes {
                [0xFF, 0xFE, rest @ ..] => utf16(rest, false, &mut problems),
                [0xFE, 0xFF, rest @ ..] => utf16(rest, true, &mut problems),
                [] => String::new(),
                _ => {
                    // Mostly Latin text has its zero bytes second in little-endian.
                    let zeros = |parity: usize| bytes.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
                    let big_endian = zeros(1) <= zeros(0);
                    problems.push(TextProblem::NoByteOrderMark { big_endian });
                    utf16(bytes, big_endian, &mut problems)
                }
            },
            Encoding::Utf16Be => utf16(bytes.strip_prefix(&[0xFE, 0xFF]).unwrap_or(bytes), true, &mut problems),
        };
        for problem in problems {
            self.bad_text(frame, problem);
        }
        text
    }

    fn finish(mut self) -> Result<Parsed, Error> {
        if let Some(error) = self.stop {
            return Err(error);
        }
        // A count written in one byte wraps at 256: when the ids after the declared ones are a
        // multiple of 256, or the count is the number of chapters modulo 256, they are entries.
        for toc in &mut self.tocs {
            let declared = toc.entries.len();
            let wrapped = toc.more.len() % 256 == 0 || declared == self.chapters.len() % 256 && self.chapters.len() > 255;
            if !toc.more.is_empty() && wrapped {
                toc.entries.append(&mut toc.more);
                let problem = TocProblem::CountWrapped { declared, present: toc.entries.len() };
                self.problems.push((toc.at, ErrorKind::BadToc { id: toc.id.clone(), problem }));
            }
        }
        let order = toc_order(&self.chapters, &self.tocs, &mut self.problems);
        let chapters = arrange(self.chapters, order);
        let warnings = byte_warnings(self.problems);
        Parsed::build(self.title, chapters, warnings, EXPECTED)
    }
}

/// The chapters the table of contents lists, as indexes into `chapters` in its order, or
/// `None` when there is no `CTOC` (every chapter is listed). Warns about entries that name
/// nothing and about top-level tables other than the one used.
fn toc_order(chapters: &[Chap], tocs: &[Toc], problems: &mut Vec<(u64, ErrorKind)>) -> Option<Vec<usize>> {
    let chapter_index: HashMap<&str, usize> = chapters.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let toc_index: HashMap<&str, usize> = tocs.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    for toc in tocs {
        for entry in &toc.entries {
            if !chapter_index.contains_key(entry.as_str()) && !toc_index.contains_key(entry.as_str()) {
                problems.push((toc.at, toc.problem(TocProblem::NoSuchEntry(entry.clone()))));
            }
        }
    }

    let mut top_levels = tocs.iter().enumerate().filter(|(_, toc)| toc.top_level);
    let root = match top_levels.next() {
        Some((root, _)) => {
            for (_, toc) in top_levels {
                problems.push((toc.at, toc.problem(TocProblem::SecondTopLevel)));
            }
            root
        }
        None => {
            // No top-level flag: the first table no other table lists is the root.
            let children: HashSet<&str> = tocs.iter().flat_map(|toc| toc.entries.iter().map(String::as_str)).collect();
            let root = tocs.iter().position(|toc| !children.contains(toc.id.as_str())).unwrap_or(0);
            let toc = tocs.get(root)?;
            problems.push((toc.at, toc.problem(TocProblem::NoTopLevel)));
            root
        }
    };

    // Depth first through nested tables, each visited once (the entries may form a cycle).
    let mut listed = vec![false; chapters.len()];
    let mut visited = vec![false; tocs.len()];
    let mut order = Vec::new();
    let mut stack = vec![(root, 0)];
    if let Some(seen) = visited.get_mut(root) {
        *seen = true;
    }
    while let Some((toc, entry)) = stack.pop() {
        let Some(id) = tocs.get(toc).and_then(|t| t.entries.get(entry)) else { continue };
        // `entry` indexes the entries, so `entry + 1` cannot overflow.
        stack.push((toc, entry.saturating_add(1)));
        if let Some(&chapter) = chapter_index.get(id.as_str()) {
            if let Some(seen @ false) = listed.get_mut(chapter) {
                *seen = true;
                order.push(chapter);
            }
        } else if let Some(&child) = toc_index.get(id.as_str()) {
            if let Some(seen @ false) = visited.get_mut(child) {
                *seen = true;
                stack.push((child, 0));
            }
        }
    }
    if order.is_empty() && !chapters.is_empty() {
        let toc = tocs.get(root)?;
        problems.push((toc.at, toc.problem(TocProblem::ListsNoChapter)));
        return None;
    }
    Some(order)
}

/// The chapters in the order the normaliser gets them: the listed ones in table order (the
/// normaliser reports it if that is not time order), the silent ones by start time. Without
/// a table, all by start time.
fn arrange(chapters: Vec<Chap>, order: Option<Vec<usize>>) -> Vec<Chapter> {
    let Some(order) = order else {
        return sort_by_start(chapters.into_iter().map(|c| c.chapter).collect());
    };
    let mut slots: Vec<Option<Chapter>> = chapters.into_iter().map(|c| Some(c.chapter)).collect();
    let mut listed: Vec<Chapter> = order.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)).collect();
    let silent = sort_by_start(slots.into_iter().flatten().collect());
    listed.extend(silent.into_iter().map(|mut chapter| {
        chapter.toc = false;
        chapter
    }));
    listed
}

/// Where frames are read: in the tag, or inside a `CHAP` (`CTOC` sub-frames are not read).
#[derive(Clone, Copy)]
enum Level {
    Tag,
    Chapter,
}

#[derive(Clone, Copy)]
enum Encoding {
    Latin1,
    /// UTF-16 with a byte order mark.
    Utf16,
    Utf16Be,
    Utf8,
}

/// Where the next frame would start after a frame of `size` bytes (`after` is what follows
/// the frame header).
enum Landing {
    /// At the end of the buffer or on a frame id.
    Frame,
    /// On padding: nothing but zero bytes to the end.
    Padding,
    Garbage,
}

fn landing(after: &[u8], size: usize) -> Landing {
    match after.get(size..) {
        Some([]) => Landing::Frame,
        Some(next) if next.get(..4).is_some_and(is_frame_id) => Landing::Frame,
        Some(next) if next.iter().all(|&b| b == 0) => Landing::Padding,
        _ => Landing::Garbage,
    }
}

/// Four characters out of `A-Z` and `0-9`.
fn is_frame_id(id: &[u8]) -> bool {
    id.len() == 4 && id.iter().all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn frame_name(id: [u8; 4]) -> String {
    format!("frame \"{}\"", id.escape_ascii())
}

/// A 28-bit number in four bytes of 7 bits; `None` if a byte has its high bit set.
fn synchsafe(bytes: [u8; 4]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |size, &b| (b < 0x80).then_some(size << 7 | u32::from(b)))
}

/// Undoes unsynchronisation: removes each zero byte that follows 0xFF. Returns the data and,
/// for every removed byte, the offset in the result where it was (to map offsets back).
fn resynchronise(data: &[u8]) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::with_capacity(data.len());
    let mut removed = Vec::new();
    let mut after_ff = false;
    for &b in data {
        if after_ff && b == 0 {
            removed.push(out.len());
            after_ff = false;
            continue;
        }
        out.push(b);
        after_ff = b == 0xFF;
    }
    (out, removed)
}

/// Splits at the first zero byte: what is before it and what is after it.
fn split_nul(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let nul = bytes.iter().position(|&b| b == 0)?;
    let (before, after) = bytes.split_at_checked(nul)?;
    Some((before, after.get(1..)?))
}

/// Splits at the first terminator of `encoding` (one zero byte, or two at an even offset in
/// UTF-16): the string, and what follows the terminator if there is one.
fn split_terminated(encoding: Encoding, bytes: &[u8]) -> (&[u8], Option<&[u8]>) {
    match encoding {
        Encoding::Latin1 | Encoding::Utf8 => split_nul(bytes).map_or((bytes, None), |(text, rest)| (text, Some(rest))),
        Encoding::Utf16 | Encoding::Utf16Be => {
            let end = bytes.chunks(2).position(|pair| pair == [0, 0]).map(|i| i.saturating_mul(2));
            match end.and_then(|end| bytes.split_at_checked(end)) {
                Some((text, rest)) => (text, rest.get(2..)),
                None => (bytes, None),
            }
        }
    }
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Decodes UTF-16 code units, noting an odd length and unpaired surrogates in `problems`.
fn utf16(bytes: &[u8], big_endian: bool, problems: &mut Vec<TextProblem>) -> String {
    let decoded = super::decode_utf16(bytes, big_endian);
    if decoded.odd {
        problems.push(TextProblem::OddUtf16Length);
    }
    if decoded.unpaired_at.is_some() {
        problems.push(TextProblem::UnpairedSurrogate);
    }
    decoded.text
}

fn as_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn as_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}
