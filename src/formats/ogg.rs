//! Chapters in Ogg Vorbis and Ogg Opus files: Vorbis comments as the Chapter Extension
//! (<https://wiki.xiph.org/Chapter_Extension>) names them, in the stream's comment header.
//!
//! ```text
//! TITLE=Episode                   <- the episode's title
//! CHAPTER001=00:00:00.000         <- chapter 1 starts: HH:MM:SS.mmm
//! CHAPTER001NAME=Intro            <- its title
//! CHAPTER001URL=https://…         <- a page about it
//! CHAPTER002=00:00:05.000
//! CHAPTER002NAME=Café ☕
//! ```
//!
//! The file is a sequence of Ogg pages (<https://www.rfc-editor.org/rfc/rfc3533>): `OggS`,
//! version 0, header type (continued packet, first page, last page), granule position, serial
//! number of the logical stream, page sequence number, CRC-32, then a segment table of lacing
//! values and the segments. A packet is its segments up to the first one shorter than 255
//! bytes, and may span pages. A stream's first packet names its codec (`\x01vorbis`,
//! `OpusHead`); its second is the comment header (`\x03vorbis` or `OpusTags`, then the Vorbis
//! comment structure, <https://xiph.org/vorbis/doc/v-comment.html>): a vendor string and a
//! count of comments, each a `u32` little-endian length and `KEY=value` in UTF-8.
//!
//! Read: the first Vorbis or Opus stream (other streams, such as a Skeleton, are skipped), up
//! to the end of its comment header. Each page of it has its CRC checked; a mismatch is a
//! warning and the page is read anyway. Comment names are case-insensitive. Chapter numbers
//! may have any number of digits (ffmpeg writes `CHAPTER000`, most others `CHAPTER001`);
//! chapters are taken in number order. Times are clock times (`HH:MM:SS.mmm`, also shorter
//! forms, see [`Timestamp::parse_clock`]). The comments have no end times: each chapter ends
//! where the next starts, the last one at the end of the media.
//!
//! Warnings, at the byte offset of the problem in the file: a page whose CRC does not match, a
//! page that does not continue the packet before it, a gap in the page sequence, a comment
//! without `=`, a comment or comment count that runs past the end of the header, a repeated
//! comment (the first is kept), a gap in the chapter numbers or a first chapter numbered above
//! 1, a `CHAPTERxxxNAME` or `CHAPTERxxxURL` without its `CHAPTERxxx` (skipped), a time that is
//! not one (skipped), text that is not UTF-8 (read with replacement characters). Parsing fails
//! when the file does not start with `OggS`, has no Vorbis or Opus stream, ends before the end
//! of the comment header, or yields no chapter.
//!
//! Media files are far larger than [`MAX_INPUT_BYTES`], so that limit does not apply to the
//! file: it applies to the comment header, the only part that is copied. Ogg FLAC and Speex
//! comments are not read.

#![deny(clippy::arithmetic_side_effects)]

use crate::chapters::{sorted_by_key, Chapter, Timestamp};
use crate::diagnostics::{CommentProblem, Error, ErrorKind, PageProblem, Position, TextPlace, TextProblem};
use crate::formats::{byte_warnings, Parsed, MAX_CHAPTERS, MAX_INPUT_BYTES};

const EXPECTED: &str = "comments like CHAPTER001=00:00:00.000 and CHAPTER001NAME=Intro";

/// The fixed part of a page header, up to the segment table.
const HEADER_LEN: usize = 27;

/// Parses the chapter comments of an Ogg Vorbis or Ogg Opus file.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::ogg;
///
/// let err = ogg::parse(b"ID3\x04\0\0\0\0\0\0").unwrap_err();
/// assert_eq!(err.to_string(), "byte 0: no Ogg page: the file does not start with \"OggS\"");
/// ```
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty, Position::Unknown));
    }
    if !bytes.starts_with(b"OggS") {
        let kind = ErrorKind::NotFound { what: "Ogg page", reason: "the file does not start with \"OggS\"" };
        return Err(Error::new(kind, Position::Byte(0)));
    }
    let mut problems = Vec::new();
    let packet = comment_packet(bytes, &mut problems)?;
    let (title, chapters) = comments(&packet, &mut problems)?;
    let warnings = byte_warnings(problems.into_iter().map(|(at, kind)| (at as u64, kind)));
    Parsed::build(title, chapters, warnings, EXPECTED)
}

/// How many bytes from the start of an Ogg file its comment header needs, judged from the
/// first bytes (`head`), for reading it with HTTP Range requests: `(n, true)` when `head` says
/// where the comment header ends (the end of the page it ends in, which `head` may not reach),
/// `(n, false)` when `head` ends before that is known and `n` is only the least that is
/// needed (the end of the page or page header that `head` ends in). A comment header with cover art can be megabytes long: each call with
/// more bytes sees further. `None` when the pages do not lead to a Vorbis or Opus comment
/// header (not Ogg, another codec, bytes between pages): [`parse`] says why.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::ogg;
///
/// assert_eq!(ogg::comment_header_end(b"OggS\0\x02"), Some((27 + 255, false)));
/// assert_eq!(ogg::comment_header_end(b"ID3\x04"), None);
/// ```
pub fn comment_header_end(head: &[u8]) -> Option<(usize, bool)> {
    let mut pos = 0usize;
    let mut serial = None;
    let mut packets = 0u32;
    // Whether the stream's last page ended inside a packet.
    let mut continues = false;
    loop {
        let rest = head.get(pos..).unwrap_or_default();
        if !rest.starts_with(b"OggS") && !b"OggS".starts_with(rest) {
            return None;
        }
        let lacing_at = pos.checked_add(HEADER_LEN)?;
        let Some(header) = head.get(pos..lacing_at) else {
            // A page header and the largest segment table.
            return Some((lacing_at.saturating_add(255), false));
        };
        let body_at = lacing_at.saturating_add(usize::from(header.get(26).copied().unwrap_or(0)));
        let Some(lacing) = head.get(lacing_at..body_at) else {
            return Some((body_at, false));
        };
        let page_end = body_at.saturating_add(lacing.iter().map(|&l| usize::from(l)).sum::<usize>());
        let page_serial = le_u32(header, 14);
        let header_type = header.get(5).copied().unwrap_or(0);
        if header.get(4) != Some(&0) {
            // Another version: the reader looks for the next page by its signature.
            return None;
        }
        if serial.is_none() {
            if header_type & 2 == 0 {
                // Past the first pages of every stream, and none was Vorbis or Opus.
                return None;
            }
            let body = head.get(body_at..page_end.min(head.len())).unwrap_or_default();
            if body.len() < 8 && page_end > head.len() {
                return Some((page_end, false));
            }
            if body.starts_with(b"\x01vorbis") || body.starts_with(b"OpusHead") {
                serial = page_serial;
            }
        }
        if serial.is_some() && serial == page_serial {
            // A page that does not continue the packet before it, or continues none: the
            // reader drops or skips packets there, and counts them otherwise.
            if (header_type & 1 != 0) != continues {
                return None;
            }
            continues = lacing.last() == Some(&255);
            for &lace in lacing {
                if lace < 255 {
                    packets = packets.saturating_add(1);
                    if packets == 2 {
                        return Some((page_end, true));
                    }
                }
            }
        }
        pos = page_end;
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Codec {
    Vorbis,
    Opus,
}

/// A packet put together from the segments of one or more pages, with where each piece of it
/// is in the file (`(offset in the packet, offset in the file)`), for messages.
struct Packet {
    codec: Codec,
    bytes: Vec<u8>,
    pieces: Vec<(usize, usize)>,
}

impl Packet {
    /// Where byte `at` of the packet is in the file.
    fn file_offset(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|&(start, _)| start <= at);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            // `start <= at` (partition_point); offsets in the file, for messages.
            Some(&(start, file)) => file.saturating_add(at.saturating_sub(start)),
            None => self.pieces.first().map_or(0, |&(_, file)| file),
        }
    }
}

/// The logical stream being read and the packet being put together.
struct Stream {
    serial: u32,
    next_sequence: u32,
    packets: usize,
    /// Skipping the rest of a packet whose start was not read.
    skipping: bool,
    packet: Packet,
}

impl Stream {
    /// Takes the page at `pos` (numbered `sequence`, `continued` or not) as the stream's next:
    /// notes missing pages, and a page that continues a packet whose start is missing (skipped)
    /// or does not continue the packet before it (dropped).
    fn follow(&mut self, sequence: u32, continued: bool, pos: usize, problems: &mut Vec<(usize, ErrorKind)>) {
        if sequence != self.next_sequence {
            problems.push((pos, ErrorKind::PagesMissing { found: sequence, expected: self.next_sequence }));
        }
        self.next_sequence = sequence.wrapping_add(1);
        if continued && self.packet.bytes.is_empty() && !self.skipping && self.packets > 0 {
            problems.push((pos, ErrorKind::BadPage(PageProblem::StartMissing)));
            self.skipping = true;
        }
        if !continued && !self.packet.bytes.is_empty() {
            problems.push((pos, ErrorKind::BadPage(PageProblem::PacketDropped)));
            self.packet.bytes.clear();
            self.packet.pieces.clear();
            self.packets = self.packets.saturating_add(1);
        }
    }
}

impl Stream {
    /// Adds the segments of the page at `pos` (`lacing`, and `body` at `body_at` in the file)
    /// to the packet being put together; the comment header once the stream's second packet
    /// is complete. A body that ends before its segments do is `truncated()`.
    fn take_segments(&mut self, lacing: &[u8], body: &[u8], pos: usize, body_at: usize, truncated: impl Fn() -> Error) -> Result<Option<Packet>, Error> {
        let mut segment_at = 0usize;
        for &lace in lacing {
            let start = segment_at;
            // At most 255 × 255 bytes in a page.
            segment_at = segment_at.saturating_add(usize::from(lace));
            let Some(segment) = body.get(start..segment_at) else {
                return Err(truncated());
            };
            if self.skipping {
                self.skipping = lace == 255;
                continue;
            }
            let packet = &mut self.packet;
            if !segment.is_empty() {
                // A piece starts at or before the packet's end (both are cleared together).
                let file_at = body_at.saturating_add(start);
                let contiguous = packet.pieces.last().is_some_and(|&(p, f)| f.saturating_add(packet.bytes.len().saturating_sub(p)) == file_at);
                if !contiguous {
                    packet.pieces.push((packet.bytes.len(), file_at));
                }
                if packet.bytes.len().saturating_add(segment.len()) > MAX_INPUT_BYTES {
                    return Err(error(ErrorKind::TooLarge { limit: MAX_INPUT_BYTES }, pos));
                }
                packet.bytes.extend_from_slice(segment);
            }
            if lace < 255 {
                self.packets = self.packets.saturating_add(1);
                if self.packets == 2 {
                    let empty = Packet { codec: packet.codec, bytes: Vec::new(), pieces: Vec::new() };
                    return Ok(Some(std::mem::replace(packet, empty)));
                }
                packet.bytes.clear();
                packet.pieces.clear();
            }
        }
        Ok(None)
    }
}

/// Finds the first Vorbis or Opus stream and puts its second packet, the comment header,
/// together from its pages.
fn comment_packet(bytes: &[u8], problems: &mut Vec<(usize, ErrorKind)>) -> Result<Packet, Error> {
    let table = crc_table();
    let mut pos = 0;
    let mut stream: Option<Stream> = None;
    while pos < bytes.len() {
        let rest = bytes.get(pos..).unwrap_or_default();
        if rest.len() < HEADER_LEN && (rest.starts_with(b"OggS") || b"OggS".starts_with(rest)) {
            let kind = ErrorKind::Truncated { what: "Ogg page header".into(), needed: HEADER_LEN as u64, available: rest.len() as u64 };
            return Err(error(kind, pos));
        }
        let Some(header) = rest.get(..HEADER_LEN).filter(|h| h.starts_with(b"OggS")) else {
            let skipped = find_page(rest, 1).unwrap_or(rest.len());
            problems.push((pos, ErrorKind::BadPage(PageProblem::NotAPage { bytes: skipped as u64 })));
            // `skipped` is at most what is left, and so is each step of `pos` below that is not a
            // page's declared length (which may run past the end, and then ends the loop).
            pos = pos.saturating_add(skipped);
            continue;
        };
        let version = header.get(4).copied().unwrap_or(0);
        if version != 0 {
            let kind = ErrorKind::UnsupportedVersion { found: format!("Ogg page version {version}"), supported: "version 0" };
            problems.push((pos, kind));
            pos = pos.saturating_add(find_page(rest, 4).unwrap_or(rest.len()));
            continue;
        }
        let header_type = header.get(5).copied().unwrap_or(0);
        let serial = le_u32(header, 14).unwrap_or(0);
        let sequence = le_u32(header, 18).unwrap_or(0);
        let stored_crc = le_u32(header, 22).unwrap_or(0);
        let segments = usize::from(header.get(26).copied().unwrap_or(0));
        let Some(lacing) = rest.get(HEADER_LEN..HEADER_LEN + segments) else {
            let kind = ErrorKind::Truncated { what: "Ogg page header".into(), needed: (HEADER_LEN + segments) as u64, available: rest.len() as u64 };
            return Err(error(kind, pos));
        };
        let body_at = HEADER_LEN + segments;
        let page_len = body_at.saturating_add(lacing.iter().map(|&l| usize::from(l)).sum::<usize>());
        let page_at = pos;
        let truncated = move || {
            let kind = ErrorKind::Truncated { what: "Ogg page".into(), needed: page_len as u64, available: rest.len() as u64 };
            error(kind, page_at)
        };
        let body = rest.get(body_at..page_len.min(rest.len())).unwrap_or_default();

        if stream.is_none() {
            if header_type & 2 == 0 {
                // Past the first pages of every stream, and none was Vorbis or Opus.
                return Err(failure(problems, None, bytes.len()));
            }
            let codec = if body.starts_with(b"\x01vorbis") {
                Codec::Vorbis
            } else if body.starts_with(b"OpusHead") {
                Codec::Opus
            } else {
                pos = pos.saturating_add(page_len);
                continue;
            };
            let packet = Packet { codec, bytes: Vec::new(), pieces: Vec::new() };
            stream = Some(Stream { serial, next_sequence: sequence, packets: 0, skipping: false, packet });
        }
        let Some(stream) = stream.as_mut().filter(|stream| stream.serial == serial) else {
            pos = pos.saturating_add(page_len);
            continue;
        };

        if let Some(page) = rest.get(..page_len) {
            let computed = crc(&table, page);
            if computed != stored_crc {
                problems.push((pos, ErrorKind::BadChecksum { what: "Ogg page", stored: stored_crc, computed }));
            }
        }
        stream.follow(sequence, header_type & 1 != 0, pos, problems);

        if let Some(comment_header) = stream.take_segments(lacing, body, pos, pos.saturating_add(body_at), truncated)? {
            return Ok(comment_header);
        }
        if page_len > rest.len() {
            return Err(truncated());
        }
        pos = pos.saturating_add(page_len);
    }
    Err(failure(problems, stream.as_ref(), bytes.len()))
}

/// Why no comment header was read: the first problem met, else what is missing.
fn failure(problems: &[(usize, ErrorKind)], stream: Option<&Stream>, end: usize) -> Error {
    if let Some((at, kind)) = problems.iter().min_by_key(|&&(at, _)| at) {
        return error(kind.clone(), *at);
    }
    match stream {
        Some(_) => error(ErrorKind::NotFound { what: "comment header", reason: "the Ogg stream ends before it" }, end),
        None => error(ErrorKind::NotFound { what: "Vorbis or Opus stream", reason: "the Ogg file carries another codec" }, 0),
    }
}

/// Which chapter comment a comment name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Time,
    Name,
    Url,
}

/// One comment's value, its name as written, and where the comment is in the packet.
struct Value {
    key: String,
    text: String,
    at: usize,
}

/// A chapter comment: its chapter number, which field it is, the `CHAPTERxxx` part as written,
/// and its value.
struct ChapterComment {
    number: u32,
    field: Field,
    prefix: String,
    value: Value,
}

/// The comments of one chapter number.
#[derive(Default)]
struct Entry {
    /// `CHAPTERxxx` as the first of its comments writes it.
    key: String,
    time: Option<Value>,
    name: Option<Value>,
    url: Option<Value>,
}

/// Reads the comment header: the title and the chapters.
fn comments(packet: &Packet, problems: &mut Vec<(usize, ErrorKind)>) -> Result<(Option<String>, Vec<Chapter>), Error> {
    let data = packet.bytes.as_slice();
    let at = |p: usize| packet.file_offset(p);
    let (magic, signature): (&[u8], _) = match packet.codec {
        Codec::Vorbis => (b"\x03vorbis", "\\x03vorbis"),
        Codec::Opus => (b"OpusTags", "OpusTags"),
    };
    if !data.starts_with(magic) {
        return Err(error(ErrorKind::MissingHeader(signature), at(0)));
    }
    let mut pos = magic.len();
    let truncated = |what: &str, needed: u64, pos: usize| {
        let available = data.len().saturating_sub(pos) as u64;
        error(ErrorKind::Truncated { what: what.into(), needed, available }, at(pos))
    };
    // Each step past a length read is within `data`.
    let vendor = le_u32(data, pos).ok_or_else(|| truncated("vendor string length", 4, pos))?;
    pos = pos.saturating_add(4);
    let vendor_end = pos.checked_add(vendor as usize).filter(|&end| end <= data.len());
    pos = vendor_end.ok_or_else(|| truncated("vendor string", vendor.into(), pos))?;
    let count = le_u32(data, pos).ok_or_else(|| truncated("comment count", 4, pos))?;
    pos = pos.saturating_add(4);

    let mut title = None;
    let mut fields: Vec<ChapterComment> = Vec::new();
    for index in 0..count {
        let number = u64::from(index) + 1;
        let rest = data.get(pos..).unwrap_or_default();
        if rest.is_empty() {
            let kind = ErrorKind::CountMismatch { what: "comment header".into(), items: "comments", declared: count.into(), present: index.into() };
            problems.push((at(pos), kind));
            break;
        }
        let Some(len) = le_u32(rest, 0) else {
            let kind = ErrorKind::Truncated { what: format!("length of comment {number}"), needed: 4, available: rest.len() as u64 };
            problems.push((at(pos), kind));
            break;
        };
        let Some(comment) = (len as usize).checked_add(4).and_then(|end| rest.get(4..end)) else {
            let kind = ErrorKind::Truncated { what: format!("comment {number}"), needed: len.into(), available: rest.len().saturating_sub(4) as u64 };
            problems.push((at(pos), kind));
            break;
        };
        let comment_at = pos.saturating_add(4);
        pos = comment_at.saturating_add(comment.len());

        let Some(eq) = comment.iter().position(|&b| b == b'=') else {
            problems.push((at(comment_at), ErrorKind::BadComment(CommentProblem::NoEquals(number))));
            continue;
        };
        let (key, value) = comment.split_at(eq);
        let value = value.get(1..).unwrap_or_default();
        let key_text = String::from_utf8_lossy(key).into_owned();
        let mut decode = |value: &[u8]| match std::str::from_utf8(value) {
            Ok(text) => text.to_owned(),
            Err(e) => {
                let kind = ErrorKind::BadText { place: TextPlace::Comment(key_text.clone()), problem: TextProblem::InvalidUtf8 };
                problems.push((at(comment_at.saturating_add(eq).saturating_add(1).saturating_add(e.valid_up_to())), kind));
                String::from_utf8_lossy(value).into_owned()
            }
        };
        if key.eq_ignore_ascii_case(b"TITLE") {
            let text = decode(value);
            if title.is_none() && !text.trim().is_empty() {
                title = Some(text.trim().to_owned());
            }
            continue;
        }
        let Some((chapter, field, prefix)) = chapter_field(key) else {
            continue;
        };
        // Three comments per chapter at most (time, name, link): more means more chapters than
        // allowed, or repeats.
        if fields.len() == 3 * MAX_CHAPTERS {
            return Err(error(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, at(comment_at)));
        }
        let prefix = String::from_utf8_lossy(prefix).into_owned();
        let text = decode(value);
        fields.push(ChapterComment { number: chapter, field, prefix, value: Value { key: key_text, text, at: comment_at } });
    }

    let entries = entries(fields, packet, problems)?;
    Ok((title, chapters(entries, packet, problems)))
}

/// The chapter comments by chapter number (in input order within a number), one entry per
/// number; a repeated comment is noted and the first kept.
fn entries(fields: Vec<ChapterComment>, packet: &Packet, problems: &mut Vec<(usize, ErrorKind)>) -> Result<Vec<(u32, Entry)>, Error> {
    let at = |p: usize| packet.file_offset(p);
    let mut entries: Vec<(u32, Entry)> = Vec::new();
    for comment in sorted_by_key(fields, |comment| u64::from(comment.number)) {
        let entry = match entries.last_mut() {
            Some((number, entry)) if *number == comment.number => entry,
            _ => {
                if entries.len() == MAX_CHAPTERS {
                    return Err(error(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, at(comment.value.at)));
                }
                entries.push((comment.number, Entry { key: comment.prefix, ..Entry::default() }));
                match entries.last_mut() {
                    Some((_, entry)) => entry,
                    None => continue,
                }
            }
        };
        let slot = match comment.field {
            Field::Time => &mut entry.time,
            Field::Name => &mut entry.name,
            Field::Url => &mut entry.url,
        };
        if slot.is_some() {
            problems.push((at(comment.value.at), ErrorKind::BadComment(CommentProblem::Repeated(comment.value.key))));
            continue;
        }
        *slot = Some(comment.value);
    }

    Ok(entries)
}

/// The chapters of the entries: each needs a time; gaps in the numbering are noted.
fn chapters(entries: Vec<(u32, Entry)>, packet: &Packet, problems: &mut Vec<(usize, ErrorKind)>) -> Vec<Chapter> {
    let at = |p: usize| packet.file_offset(p);
    let mut chapters = Vec::with_capacity(entries.len());
    let mut previous: Option<(u32, String)> = None;
    for (number, entry) in entries {
        let first_at = [&entry.time, &entry.name, &entry.url].into_iter().flatten().map(|v| v.at).min().unwrap_or(0);
        let gap = match &previous {
            None if number > 1 => Some(CommentProblem::FirstNumber(entry.key.clone())),
            Some((before, key)) if before.checked_add(1) != Some(number) => {
                Some(CommentProblem::NumberGap { chapter: entry.key.clone(), previous: key.clone() })
            }
            _ => None,
        };
        if let Some(problem) = gap {
            problems.push((at(first_at), ErrorKind::BadComment(problem)));
        }
        previous = Some((number, entry.key.clone()));

        let Some(time) = entry.time else {
            if let Some(orphan) = entry.name.as_ref().or(entry.url.as_ref()) {
                let problem = CommentProblem::NoTime { key: orphan.key.clone(), chapter: entry.key.clone() };
                problems.push((at(orphan.at), ErrorKind::BadComment(problem)));
            }
            continue;
        };
        let Ok(start) = Timestamp::parse_clock(time.text.trim()) else {
            problems.push((at(time.at), ErrorKind::InvalidTimestamp(time.text)));
            continue;
        };
        let mut chapter = Chapter::new(start, entry.name.map(|v| v.text).unwrap_or_default());
        chapter.url = entry.url.map(|v| v.text.trim().to_owned()).filter(|url| !url.is_empty());
        chapter.position = Position::Byte(at(time.at) as u64);
        chapters.push(chapter);
    }
    chapters
}

/// `CHAPTERxxx`, `CHAPTERxxxNAME`, `CHAPTERxxxURL` (any case, 1 to 9 digits): the chapter
/// number, which field, and the `CHAPTERxxx` part as written.
fn chapter_field(key: &[u8]) -> Option<(u32, Field, &[u8])> {
    if !key.get(..7)?.eq_ignore_ascii_case(b"CHAPTER") {
        return None;
    }
    let rest = key.get(7..)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let (number, suffix) = rest.split_at(digits);
    let number: u32 = std::str::from_utf8(number).ok()?.parse().ok()?;
    let field = if suffix.is_empty() {
        Field::Time
    } else if suffix.eq_ignore_ascii_case(b"NAME") {
        Field::Name
    } else if suffix.eq_ignore_ascii_case(b"URL") {
        Field::Url
    } else {
        return None;
    };
    Some((number, field, key.get(..digits.saturating_add(7))?))
}

/// The offset of the next `OggS` in `bytes` at or after `from`.
fn find_page(bytes: &[u8], from: usize) -> Option<usize> {
    let tail = bytes.get(from..)?;
    tail.windows(4).position(|w| w == b"OggS").map(|i| from.saturating_add(i))
}

/// The Ogg CRC-32: polynomial 0x04c11db7, initial value 0, no reflection, no final XOR.
fn crc_table() -> [u32; 256] {
    std::array::from_fn(|i| {
        let mut r = (i as u32) << 24;
        for _ in 0..8 {
            r = if r & 0x8000_0000 != 0 { (r << 1) ^ 0x04c1_1db7 } else { r << 1 };
        }
        r
    })
}

/// The CRC of a page, computed with its CRC field (bytes 22 to 25) as zeros.
fn crc(table: &[u32; 256], page: &[u8]) -> u32 {
    page.iter().enumerate().fold(0u32, |crc, (i, &b)| {
        let b = if (22..26).contains(&i) { 0 } else { b };
        let index = usize::from((crc >> 24) as u8 ^ b);
        (crc << 8) ^ table.get(index).copied().unwrap_or(0)
    })
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

fn error(kind: ErrorKind, at: usize) -> Error {
    Error::new(kind, Position::Byte(at as u64))
}
