//! MP4 chapters (M4A, M4B, MP4, MOV): the chapter lists an ISO base media file carries, as the
//! QuickTime File Format (<https://developer.apple.com/documentation/quicktime-file-format>)
//! and Nero's `chpl` box (no published spec; the layout is the one ffmpeg's `movenc.c` writes
//! and `mov.c` reads: <https://github.com/FFmpeg/FFmpeg/blob/master/libavformat/movenc.c>)
//! describe them.
//!
//! ```text
//! ftyp
//! mdat                          <- the chapter track's samples: u16 length, title, optional encd box
//! moov
//! ├─ trak  (audio)
//! │  └─ tref/chap               <- the track id of the chapter track
//! ├─ trak  (the chapter track)
//! │  ├─ tkhd                    <- its track id
//! │  └─ mdia
//! │     ├─ mdhd                 <- timescale: sample times are in 1/timescale seconds
//! │     ├─ hdlr                 <- "text"
//! │     └─ minf/stbl
//! │        ├─ stts              <- sample durations: chapter i starts at the sum of those before it
//! │        ├─ stsz              <- sample sizes
//! │        └─ stsc, stco/co64   <- samples per chunk, chunk offsets: where each sample is
//! └─ udta
//!    ├─ chpl                    <- Nero chapters: start (100 ns units) and title
//!    └─ meta/ilst/©nam/data     <- the episode's title
//! ```
//!
//! Both lists are read; ffmpeg writes both. **The QuickTime chapter track wins**: it is what
//! Apple's players show (and what ffmpeg's reader keeps when a file has both), and it gives
//! every chapter an end. When the file also has a `chpl` list that differs from the track (in
//! the number of chapters, a start by more than a millisecond, or a title) a warning says so.
//! ffmpeg caps `chpl` at 255 entries (its count is one byte): a `chpl` of 255 that is the
//! start of a longer track agrees with it.
//! The `chpl` list is read when there is no chapter track or it yields no chapter.
//!
//! - Chapter track: each chapter ends where its sample ends, so the last one ends at the end of
//!   the chapter track. Titles are UTF-8, or UTF-16 after a byte order mark; a trailing `encd`
//!   box is ignored. Edit lists are ignored. (ffmpeg writes none that moves a chapter track: it
//!   starts the track at 0 even when the first chapter starts later, and ffprobe shows that;
//!   its `chpl` keeps the later start, and the two then differ.) A track referenced by
//!   `tref/chap` whose handler is `vide` holds chapter images, which are not read.
//! - `chpl`: a full box; version 1 (ffmpeg, mp4v2) has 4 more bytes before the count, version 0
//!   none. ffmpeg writes a zero `u32` and a `u8` count, mp4v2 a zero `u8` and a `u32` count:
//!   both read right as a `u32` over the last four of those five bytes. Each chapter is a `u64`
//!   start in 100 ns units and a `u8`-length-prefixed UTF-8 title. ffmpeg cuts titles at 255
//!   bytes, possibly inside a character: a title of 255 bytes loses a cut character silently.
//!
//! Box sizes: a `u32` size and a four-character type; size 1 means a `u64` size follows, size 0
//! means "to the end of the enclosing box". Only the boxes on the paths above are opened, one
//! level at a time, so nesting cannot exhaust the stack. A box that runs past the end of its
//! container (a cut download) is read as far as it goes, with a warning; a size smaller than
//! the box header ends the reading of that container, with a warning. Every problem is a
//! warning at its byte offset; parsing fails only when no chapter could be read.
//!
//! Media files are far larger than [`MAX_INPUT_BYTES`], so that limit does not apply to the
//! file. What is read stays bounded: at most [`MAX_CHAPTERS`] chapters, at most `MAX_TRACKS`
//! tracks, and at most [`MAX_INPUT_BYTES`] of chapter-track sample data in total (samples may
//! overlap, so the sum is not bounded by the file's size).
//!
//! A page does not need the whole file: [`parse_parts`] reads from the parts of it fetched so
//! far (with HTTP Range requests) and, when it meets bytes it has not got, says which byte
//! ranges to fetch next instead of reporting them missing. `moov` may sit at either end and the
//! chapter track's samples sit in `mdat`, elsewhere again, so this usually takes three or four
//! small requests (the head, the `moov` header, `moov`, the titles) instead of the episode.

#![deny(clippy::arithmetic_side_effects)]

use crate::chapters::time::MAX_MILLIS;
use crate::chapters::{Chapter, Timestamp};
use crate::diagnostics::{BoxProblem, Error, ErrorKind, Position, TextPlace, TextProblem, TrackProblem};
use crate::formats::{byte_warnings, Parsed, MAX_CHAPTERS, MAX_INPUT_BYTES};

const EXPECTED: &str = "a QuickTime chapter track (tref/chap) or a Nero chapter list (moov/udta/chpl)";

/// More tracks (or chapter references) than this are ignored: real files have a handful.
const MAX_TRACKS: usize = 1024;

const TRACK: &str = "the QuickTime chapter track";
const NERO: &str = "the Nero chapter list (chpl)";

/// Parses the chapters of an MP4 file (M4A, M4B, MP4, MOV).
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::mp4;
///
/// // A "moov" box holding "udta", holding a version 1 "chpl" box with one chapter.
/// fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
///     let size = u32::try_from(body.len() + 8).unwrap();
///     [&size.to_be_bytes()[..], kind, body].concat()
/// }
/// let chpl = [&[1, 0, 0, 0, 0, 0, 0, 0, 1][..], &50_000_000u64.to_be_bytes(), &[5], b"Intro"].concat();
/// let file = boxed(b"moov", &boxed(b"udta", &boxed(b"chpl", &chpl)));
/// let parsed = mp4::parse(&file).unwrap();
/// assert_eq!(parsed.chapters.get(0).unwrap().start.as_millis(), 5_000);
/// assert_eq!(parsed.chapters.get(0).unwrap().title, "Intro");
///
/// let err = mp4::parse(&file[..20]).unwrap_err();
/// assert_eq!(err.to_string(), "byte 0: truncated box \"moov\": 47 bytes needed, 20 available");
/// ```
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    // The whole file is one part, so no byte inside it is missing.
    read(&[(0, bytes)], len64(bytes.len())).0
}

/// What reading the fetched parts of a file came to ([`parse_parts`]).
#[derive(Debug)]
pub enum Partial {
    /// Everything needed was there: the chapters, or why there are none.
    Done(Result<Parsed, Error>),
    /// These byte ranges (`start..end`, in file order) are needed next.
    Needs(Vec<(u64, u64)>),
}

/// Reads an MP4 file's chapters from the parts of it fetched so far: `(offset, bytes)` pairs,
/// the first at offset 0. `file_len` is the file's size, if known (an HTTP `Content-Range`
/// header tells it); a read past it is a truncated file, not a missing part. Ranges closer
/// than 64 KiB are merged into one, and each is at most [`MAX_INPUT_BYTES`] long: a larger
/// box is refused with [`ErrorKind::TooLarge`].
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::mp4::{self, Partial};
///
/// fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
///     let size = u32::try_from(body.len() + 8).unwrap();
///     [&size.to_be_bytes()[..], kind, body].concat()
/// }
/// let chpl = [&[1, 0, 0, 0, 0, 0, 0, 0, 1][..], &0u64.to_be_bytes(), &[5], b"Intro"].concat();
/// // 100,000 bytes of audio, then the chapters.
/// let file = [boxed(b"mdat", &vec![0; 100_000]), boxed(b"moov", &boxed(b"udta", &boxed(b"chpl", &chpl)))].concat();
/// let len = Some(file.len() as u64);
///
/// let Partial::Needs(next) = mp4::parse_parts(&[(0, &file[..4096])], len) else { panic!() };
/// assert_eq!(next, [(100_008, 100_016)]); // the header of the box after "mdat"
/// let Partial::Needs(next) = mp4::parse_parts(&[(0, &file[..4096]), (100_008, &file[100_008..100_016])], len) else { panic!() };
/// assert_eq!(next, [(100_016, 100_055)]); // the body of "moov"
/// let parts = [(0, &file[..4096]), (100_008, &file[100_008..])];
/// let Partial::Done(Ok(parsed)) = mp4::parse_parts(&parts, len) else { panic!() };
/// assert_eq!(parsed.chapters.get(0).unwrap().title, "Intro");
/// ```
pub fn parse_parts(parts: &[(u64, &[u8])], file_len: Option<u64>) -> Partial {
    let (result, missing) = read(parts, file_len.unwrap_or(u64::MAX));
    let mut needs: Vec<(u64, u64)> = Vec::new();
    for (start, end) in missing.into_iter().map(|(start, end)| (len64(start), len64(end))) {
        match needs.last_mut() {
            Some(last) if start >= last.0 && start <= last.1.saturating_add(64 << 10) => last.1 = last.1.max(end),
            _ => needs.push((start, end)),
        }
    }
    if let Some(&(start, _)) = needs.iter().find(|(start, end)| end.saturating_sub(*start) > len64(MAX_INPUT_BYTES)) {
        return Partial::Done(Err(Error::new(ErrorKind::TooLarge { limit: MAX_INPUT_BYTES }, Position::Byte(start))));
    }
    if needs.is_empty() {
        Partial::Done(result)
    } else {
        Partial::Needs(needs)
    }
}

/// Reads the chapters from `parts` of a file of `len` bytes; also returns the ranges inside the
/// file that were wanted but are in no part.
fn read(parts: &[(u64, &[u8])], len: u64) -> (Result<Parsed, Error>, Vec<(usize, usize)>) {
    let bytes = parts.first().filter(|part| part.0 == 0).map_or(&[][..], |part| part.1);
    let Some(head) = array::<8>(bytes, 0) else {
        if len64(bytes.len()) < len {
            return (Err(Error::new(ErrorKind::Empty, Position::Unknown)), vec![(0, 8)]);
        }
        if bytes.is_empty() {
            return (Err(Error::new(ErrorKind::Empty, Position::Unknown)), Vec::new());
        }
        let kind = ErrorKind::Truncated { what: "box header".into(), needed: 8, available: len64(bytes.len()) };
        return (Err(Error::new(kind, Position::Byte(0))), Vec::new());
    };
    let [_, _, _, _, kind @ ..] = head;
    if !kind.iter().all(|&b| b.is_ascii_graphic() || b == b' ') {
        let kind = ErrorKind::NotFound { what: "MP4 box", reason: "the file does not start with a box header" };
        return (Err(Error::new(kind, Position::Byte(0))), Vec::new());
    }
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    let parts = parts.iter().filter_map(|&(at, bytes)| Some((usize::try_from(at).ok()?, bytes))).collect();
    let mut reader = Reader { parts, len, missing: Vec::new(), problems: Vec::new() };
    let result = reader.read().and_then(|(title, chapters)| {
        let warnings = byte_warnings(reader.problems.into_iter().map(|(at, kind)| (len64(at), kind)));
        Parsed::build(title, chapters, warnings, EXPECTED)
    });
    (result, reader.missing)
}

/// A box: its type, where its header starts, and its body (`start..end`, clipped to the
/// enclosing box). `cut` when the box claimed more bytes than there are.
#[derive(Clone, Copy, Debug)]
struct Atom {
    kind: [u8; 4],
    at: usize,
    start: usize,
    end: usize,
    cut: bool,
}

/// Walking the boxes inside one box. `quiet` when the enclosing box was itself cut short
/// (already reported): its children running past its end are then not reported again.
struct Children {
    pos: usize,
    end: usize,
    quiet: bool,
}

impl Children {
    fn of(parent: &Atom) -> Self {
        Children { pos: parent.start, end: parent.end, quiet: parent.cut }
    }
}

/// What a track says about itself, as far as finding and reading a chapter track goes.
struct Track {
    at: usize,
    id: Option<u32>,
    chap: Option<Atom>,
    handler: Option<[u8; 4]>,
    timescale: Option<u32>,
    stbl: Option<Atom>,
}

/// The sizes of a track's samples (`stsz`): one size for all, or a table.
struct Sizes<'a> {
    fixed: u32,
    count: usize,
    table: &'a [u8],
}

impl Sizes<'_> {
    fn get(&self, index: usize) -> u32 {
        if self.fixed != 0 {
            return self.fixed;
        }
        index.checked_mul(4).and_then(|at| be_u32(self.table, at)).unwrap_or(0)
    }
}

struct Reader<'a> {
    /// The parts of the file that were fetched: `(offset, bytes)`.
    parts: Vec<(usize, &'a [u8])>,
    /// The file's size (`usize::MAX` when unknown).
    len: usize,
    /// Ranges inside the file that were wanted but are in no part.
    missing: Vec<(usize, usize)>,
    problems: Vec<(usize, ErrorKind)>,
}

impl<'a> Reader<'a> {
    fn warn(&mut self, at: usize, kind: ErrorKind) {
        self.problems.push((at, kind));
    }

    /// Bytes `start..end` of the file, if one part has them all. A range inside the file that
    /// no part has is noted as missing.
    fn get(&mut self, start: usize, end: usize) -> Option<&'a [u8]> {
        let found = self.parts.iter().find_map(|&(at, bytes)| bytes.get(start.checked_sub(at)?..end.checked_sub(at)?));
        if found.is_none() && start < end && end <= self.len {
            self.missing.push((start, end));
        }
        found
    }

    fn body(&mut self, atom: &Atom) -> &'a [u8] {
        self.get(atom.start, atom.end).unwrap_or_default()
    }

    /// The next box inside a box, or `None` at its end (or where the boxes stop making sense).
    fn next_child(&mut self, children: &mut Children) -> Option<Atom> {
        let at = children.pos;
        let left = children.end.checked_sub(at).filter(|&left| left > 0)?;
        let quiet = children.quiet;
        let mut stop = |reader: &mut Self, kind: ErrorKind| {
            if !quiet {
                reader.warn(at, kind);
            }
            children.pos = children.end;
            None
        };
        // `at + left` is `children.end`, so `at + 8` and `at + 16` below (when `left` is that
        // large) and `at + size` (when `size <= left`) are within it and do not saturate.
        let header = if left >= 8 { self.get(at, at.saturating_add(8)).and_then(|bytes| array::<8>(bytes, 0)) } else { None };
        let Some(header) = header else {
            if self.missing.last().is_some_and(|&(start, _)| start == at) {
                return None;
            }
            return stop(self, ErrorKind::Truncated { what: "box header".into(), needed: 8, available: len64(left) });
        };
        let [s0, s1, s2, s3, kind @ ..] = header;
        let name = || box_name(kind);
        let (header_len, size) = match u32::from_be_bytes([s0, s1, s2, s3]) {
            0 => (8, len64(left)),
            1 => match if left >= 16 { self.get(at.saturating_add(8), at.saturating_add(16)).and_then(|bytes| be_u64(bytes, 0)) } else { None } {
                Some(size) => (16, size),
                None => {
                    let kind = ErrorKind::Truncated { what: format!("64-bit size of {}", name()), needed: 16, available: len64(left) };
                    return stop(self, kind);
                }
            },
            size => (8, u64::from(size)),
        };
        if size < header_len {
            let fix = "smaller than the box header: the rest of the enclosing box is skipped";
            return stop(self, ErrorKind::BadSize { what: name(), size, fix });
        }
        let cut = size > len64(left);
        if cut && !quiet {
            self.warn(at, ErrorKind::Truncated { what: name(), needed: size, available: len64(left) });
        }
        // `size <= left` when not cut, so it fits a usize.
        let end = if cut { children.end } else { at.saturating_add(usize::try_from(size).unwrap_or(left)) };
        children.pos = end;
        // Inside a box cut short, a box that reaches the cut may be cut short too: what is
        // inside it is not reported either.
        let cut = cut || (quiet && end == children.end);
        Some(Atom { kind, at, start: at.saturating_add(header_len as usize).min(end), end, cut })
    }

    /// The first box of each of `kinds` inside `parent`, in one pass (so each problem is
    /// reported once).
    fn pick<const N: usize>(&mut self, parent: &Atom, kinds: [&[u8; 4]; N]) -> [Option<Atom>; N] {
        let mut found = [None; N];
        let mut children = Children::of(parent);
        while let Some(atom) = self.next_child(&mut children) {
            if let Some(slot) = kinds.iter().position(|&k| *k == atom.kind).and_then(|i| found.get_mut(i)) {
                if slot.is_none() {
                    *slot = Some(atom);
                }
            }
        }
        found
    }

    fn read(&mut self) -> Result<(Option<String>, Vec<Chapter>), Error> {
        let root = Atom { kind: *b"file", at: 0, start: 0, end: self.len, cut: false };
        let mut top = Children::of(&root);
        let mut moov = None;
        while let Some(atom) = self.next_child(&mut top) {
            if atom.kind == *b"moov" {
                moov = Some(atom);
                break;
            }
        }
        // Read in one piece: fetching its boxes one by one would take a request for each.
        let Some(moov) = moov.filter(|moov| self.get(moov.start, moov.end).is_some()) else {
            return Ok((None, Vec::new()));
        };

        let mut tracks = Vec::new();
        let mut udta = None;
        let mut children = Children::of(&moov);
        while let Some(atom) = self.next_child(&mut children) {
            match &atom.kind {
                b"trak" if tracks.len() < MAX_TRACKS => {
                    let track = self.track(&atom);
                    tracks.push(track);
                }
                b"trak" if tracks.len() == MAX_TRACKS => {
                    let problem = BoxProblem::TooManyTracks { limit: MAX_TRACKS };
                    self.warn(atom.at, ErrorKind::BadBox { kind: atom.kind, problem });
                    tracks.push(Track { at: atom.at, id: None, chap: None, handler: None, timescale: None, stbl: None });
                }
                b"udta" if udta.is_none() => udta = Some(atom),
                _ => {}
            }
        }

        let [chpl, meta] = match udta {
            Some(udta) => self.pick(&udta, [b"chpl", b"meta"]),
            None => [None, None],
        };
        let title = match meta {
            Some(meta) => self.title(&meta),
            None => None,
        };
        let nero = match chpl {
            Some(chpl) => self.chpl(&chpl)?,
            None => Vec::new(),
        };
        let chapters = match self.chapter_track(&tracks)? {
            Some(track) => {
                if let Some(chpl) = chpl.filter(|_| !nero.is_empty() && differ(&track, &nero)) {
                    self.warn(chpl.at, ErrorKind::SourcesDiffer { read: TRACK, ignored: NERO });
                }
                track
            }
            None => nero,
        };
        Ok((title, chapters))
    }

    /// Reads what a `trak` says about itself: its id, its `tref/chap`, handler, timescale and
    /// sample table.
    fn track(&mut self, trak: &Atom) -> Track {
        let [tkhd, tref, mdia] = self.pick(trak, [b"tkhd", b"tref", b"mdia"]);
        let id = tkhd.and_then(|tkhd| {
            let body = self.body(&tkhd);
            be_u32(body, if body.first() == Some(&1) { 20 } else { 12 })
        });
        let chap = match tref {
            Some(tref) => self.pick(&tref, [b"chap"])[0],
            None => None,
        };
        let [mdhd, hdlr, minf] = match mdia {
            Some(mdia) => self.pick(&mdia, [b"mdhd", b"hdlr", b"minf"]),
            None => [None, None, None],
        };
        let timescale = mdhd.and_then(|mdhd| {
            let body = self.body(&mdhd);
            be_u32(body, if body.first() == Some(&1) { 20 } else { 12 })
        });
        let handler = hdlr.and_then(|hdlr| array::<4>(self.body(&hdlr), 8));
        let stbl = match minf {
            Some(minf) => self.pick(&minf, [b"stbl"])[0],
            None => None,
        };
        Track { at: trak.at, id, chap, handler, timescale, stbl }
    }

    /// Follows the `tref/chap` references to the first text track that yields chapters.
    fn chapter_track(&mut self, tracks: &[Track]) -> Result<Option<Vec<Chapter>>, Error> {
        let mut tried: Vec<u32> = Vec::new();
        for chap in tracks.iter().filter_map(|track| track.chap) {
            for id in self.body(&chap).chunks_exact(4).filter_map(|id| be_u32(id, 0)) {
                if tried.contains(&id) {
                    continue;
                }
                if tried.len() == MAX_TRACKS {
                    return Ok(None);
                }
                tried.push(id);
                let Some(track) = tracks.iter().find(|t| t.id == Some(id)) else {
                    self.warn(chap.at, ErrorKind::BadBox { kind: chap.kind, problem: BoxProblem::NoSuchTrack(id) });
                    continue;
                };
                match track.handler {
                    Some(handler) if handler == *b"text" || handler == *b"sbtl" => {}
                    // Chapter images (a video track of JPEG samples): not read.
                    Some(handler) if handler == *b"vide" => continue,
                    handler => {
                        self.warn(track.at, ErrorKind::BadChapterTrack { track: id, problem: TrackProblem::NotText(handler) });
                        continue;
                    }
                }
                if let Some(chapters) = self.text_track(track, id)?.filter(|c| !c.is_empty()) {
                    return Ok(Some(chapters));
                }
            }
        }
        Ok(None)
    }

    /// Reads a QuickTime text track's samples as chapters.
    fn text_track(&mut self, track: &Track, id: u32) -> Result<Option<Vec<Chapter>>, Error> {
        let bad = |problem| ErrorKind::BadChapterTrack { track: id, problem };
        let Some(stbl) = track.stbl else {
            self.warn(track.at, bad(TrackProblem::NoSampleTable));
            return Ok(None);
        };
        let Some(timescale) = track.timescale.filter(|&t| t > 0) else {
            self.warn(track.at, bad(TrackProblem::NoTimescale));
            return Ok(None);
        };
        let [stts, stsz, stsc, stco, co64] = self.pick(&stbl, [b"stts", b"stsz", b"stsc", b"stco", b"co64"]);
        let (Some(stts), Some(stsz), Some(stsc), Some(chunks)) = (stts, stsz, stsc, stco.or(co64)) else {
            let missing = [(stts.is_none(), *b"stts"), (stsz.is_none(), *b"stsz"), (stsc.is_none(), *b"stsc")]
                .into_iter()
                .find_map(|(missing, name)| missing.then_some(name))
                .unwrap_or(*b"stco");
            self.warn(stbl.at, bad(TrackProblem::MissingBox(missing)));
            return Ok(None);
        };

        let durations = self.durations(&stts)?;
        let sizes = self.sizes(&stsz);
        let samples = durations.len().min(sizes.count);
        if durations.len() != sizes.count {
            self.warn(stsz.at, bad(TrackProblem::SampleCounts { stts: durations.len(), stsz: sizes.count }));
        }
        let offsets = self.offsets(&stsc, &chunks, &sizes, samples);
        if offsets.len() < samples {
            let problem = TrackProblem::SamplesUnplaced { chunks: chunks.kind, placed: offsets.len(), samples };
            self.warn(stsc.at, bad(problem));
        }

        let mut chapters = Vec::with_capacity(offsets.len());
        let mut units: u64 = 0;
        let mut budget = MAX_INPUT_BYTES;
        let mut reported = false;
        for (index, (&offset, &duration)) in offsets.iter().zip(&durations).enumerate() {
            // At most MAX_CHAPTERS samples (see `durations`).
            let number = index.saturating_add(1);
            let Some(start) = millis(units, timescale) else {
                self.warn(stts.at, bad(TrackProblem::TimesTooLarge));
                break;
            };
            units = units.saturating_add(u64::from(duration));
            let size = sizes.get(index);
            let at = usize::try_from(offset).unwrap_or(usize::MAX);
            let sample = at.checked_add(size as usize).and_then(|end| self.get(at, end));
            let title = match sample {
                Some(sample) if sample.len() <= budget => {
                    budget = budget.saturating_sub(sample.len());
                    self.sample_title(sample, at, number, id)
                }
                Some(_) => {
                    if !reported {
                        reported = true;
                        self.warn(at, bad(TrackProblem::TitlesTooLarge { limit: MAX_INPUT_BYTES }));
                    }
                    String::new()
                }
                None => {
                    if !reported {
                        reported = true;
                        let available = len64(self.len.saturating_sub(at));
                        let kind = ErrorKind::Truncated { what: format!("sample {number} of chapter track {id}"), needed: size.into(), available };
                        self.warn(at.min(self.len), kind);
                    }
                    String::new()
                }
            };
            let mut chapter = Chapter::new(start, title);
            chapter.end = millis(units, timescale).filter(|&end| end > start);
            chapter.position = Position::Byte(offset);
            chapters.push(chapter);
        }
        Ok(Some(chapters))
    }

    /// The sample durations of `stts`, one per sample.
    fn durations(&mut self, stts: &Atom) -> Result<Vec<u32>, Error> {
        let mut durations = Vec::new();
        for entry in self.table(stts, 8).chunks_exact(8) {
            let (count, delta) = (be_u32(entry, 0).unwrap_or(0), be_u32(entry, 4).unwrap_or(0));
            if durations.len().saturating_add(count as usize) > MAX_CHAPTERS {
                return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::Byte(len64(stts.at))));
            }
            durations.extend(std::iter::repeat_n(delta, count as usize));
        }
        Ok(durations)
    }

    /// The sample sizes of `stsz`.
    fn sizes(&mut self, stsz: &Atom) -> Sizes<'a> {
        let body = self.body(stsz);
        let (Some(fixed), Some(count)) = (be_u32(body, 4), be_u32(body, 8)) else {
            let kind = ErrorKind::Truncated { what: "box \"stsz\"".into(), needed: 12, available: len64(body.len()) };
            self.warn(stsz.at, kind);
            return Sizes { fixed: 0, count: 0, table: &[] };
        };
        let table = body.get(12..).unwrap_or_default();
        let mut count = count as usize;
        if fixed == 0 && count > table.len() / 4 {
            let kind = ErrorKind::CountMismatch { what: "box \"stsz\"".into(), items: "sizes", declared: len64(count), present: len64(table.len() / 4) };
            self.warn(stsz.at, kind);
            count = table.len() / 4;
        }
        Sizes { fixed, count, table }
    }

    /// Where each of the first `samples` samples is, from the samples per chunk (`stsc`), the
    /// chunk offsets (`stco`, `co64`) and the sample sizes.
    fn offsets(&mut self, stsc: &Atom, chunks: &Atom, sizes: &Sizes, samples: usize) -> Vec<u64> {
        let runs = self.table(stsc, 12);
        let wide = chunks.kind == *b"co64";
        let chunk_offsets = self.table(chunks, if wide { 8 } else { 4 });
        let chunk_offsets = chunk_offsets.chunks_exact(if wide { 8 } else { 4 }).map(|entry| {
            if wide {
                be_u64(entry, 0).unwrap_or(0)
            } else {
                be_u32(entry, 0).map_or(0, u64::from)
            }
        });
        let mut runs = runs.chunks_exact(12).map(|run| (be_u32(run, 0).unwrap_or(0), be_u32(run, 4).unwrap_or(0))).peekable();
        let mut per_chunk = 0u32;
        let mut offsets = Vec::with_capacity(samples);
        for (index, offset) in chunk_offsets.enumerate() {
            if offsets.len() >= samples {
                break;
            }
            let chunk = (index as u64).saturating_add(1);
            while let Some(&(first, count)) = runs.peek() {
                if u64::from(first) > chunk {
                    break;
                }
                per_chunk = count;
                runs.next();
            }
            let mut at = offset;
            for _ in 0..per_chunk {
                if offsets.len() >= samples {
                    break;
                }
                let size = sizes.get(offsets.len());
                offsets.push(at);
                at = at.saturating_add(u64::from(size));
            }
        }
        offsets
    }

    /// The entries of a full box that is a counted table (`stts`, `stsc`, `stco`, `co64`): as
    /// many as are both declared and present.
    fn table(&mut self, atom: &Atom, entry: usize) -> &'a [u8] {
        let body = self.body(atom);
        let Some(count) = be_u32(body, 4) else {
            let kind = ErrorKind::Truncated { what: box_name(atom.kind), needed: 8, available: len64(body.len()) };
            self.warn(atom.at, kind);
            return &[];
        };
        let entries = body.get(8..).unwrap_or_default();
        let present = entries.len().checked_div(entry).unwrap_or(0);
        if count as usize > present {
            let kind = ErrorKind::CountMismatch { what: box_name(atom.kind), items: "entries", declared: count.into(), present: len64(present) };
            self.warn(atom.at, kind);
        }
        // At most `entries.len()`: `present` whole entries fit in it.
        entries.get(..entry.saturating_mul(present.min(count as usize))).unwrap_or_default()
    }

    /// A text sample's title: a `u16` length, then UTF-8, or UTF-16 after a byte order mark.
    fn sample_title(&mut self, sample: &[u8], at: usize, number: usize, id: u32) -> String {
        let place = || TextPlace::Sample { track: id, sample: number };
        let Some(len) = be_u16(sample, 0) else {
            return String::new();
        };
        let text = sample.get(2..).unwrap_or_default();
        let text = match text.get(..usize::from(len)) {
            Some(text) => text,
            None => {
                let kind = ErrorKind::Truncated { what: format!("title of {}", place()), needed: len.into(), available: len64(text.len()) };
                self.warn(at, kind);
                text
            }
        };
        match text {
            // Offsets in the file, for messages (where a sample is and how far into it).
            [0xFE, 0xFF, rest @ ..] => self.utf16(rest, true, at.saturating_add(4), place),
            [0xFF, 0xFE, rest @ ..] => self.utf16(rest, false, at.saturating_add(4), place),
            _ => self.utf8(text, at.saturating_add(2), place),
        }
    }

    fn utf8(&mut self, raw: &[u8], at: usize, place: impl FnOnce() -> TextPlace) -> String {
        let text = match std::str::from_utf8(raw) {
            Ok(text) => text.to_owned(),
            Err(error) => {
                self.warn(at.saturating_add(error.valid_up_to()), ErrorKind::BadText { place: place(), problem: TextProblem::InvalidUtf8 });
                String::from_utf8_lossy(raw).into_owned()
            }
        };
        text.trim_end_matches('\0').to_owned()
    }

    fn utf16(&mut self, raw: &[u8], big_endian: bool, at: usize, place: impl Fn() -> TextPlace) -> String {
        let decoded = super::decode_utf16(raw, big_endian);
        if decoded.odd {
            self.warn(at, ErrorKind::BadText { place: place(), problem: TextProblem::OddUtf16Length });
        }
        if decoded.unpaired_at.is_some() {
            self.warn(at, ErrorKind::BadText { place: place(), problem: TextProblem::UnpairedSurrogate });
        }
        decoded.text.trim_end_matches('\0').to_owned()
    }

    /// Reads a Nero `chpl` box.
    fn chpl(&mut self, chpl: &Atom) -> Result<Vec<Chapter>, Error> {
        let body = self.body(chpl);
        let (count, mut pos) = match body.first() {
            Some(0) => (body.get(4).map(|&n| u32::from(n)), 5),
            Some(1) => (be_u32(body, 5), 9),
            Some(&version) => {
                let kind = ErrorKind::UnsupportedVersion { found: format!("chpl version {version}"), supported: "versions 0 and 1" };
                self.warn(chpl.at, kind);
                return Ok(Vec::new());
            }
            None => (None, 5),
        };
        let Some(count) = count else {
            let kind = ErrorKind::Truncated { what: "box \"chpl\"".into(), needed: len64(pos), available: len64(body.len()) };
            self.warn(chpl.at, kind);
            return Ok(Vec::new());
        };
        let mut chapters = Vec::with_capacity((count as usize).min(body.len() / 9));
        for index in 0..count {
            // `index < count`, a u32; `pos` is within the body, which is within the file.
            let number = index.saturating_add(1);
            let at = chpl.start.saturating_add(pos);
            let rest = body.get(pos..).unwrap_or_default();
            if rest.is_empty() {
                let kind = ErrorKind::CountMismatch { what: "box \"chpl\"".into(), items: "chapters", declared: count.into(), present: index.into() };
                self.warn(chpl.at, kind);
                break;
            }
            let (Some(start), Some(&len)) = (be_u64(rest, 0), rest.get(8)) else {
                let kind = ErrorKind::Truncated { what: format!("chpl chapter {number}"), needed: 9, available: len64(rest.len()) };
                self.warn(at, kind);
                break;
            };
            let title_end = usize::from(len).saturating_add(9);
            let Some(raw) = rest.get(9..title_end) else {
                let available = len64(rest.len().saturating_sub(9));
                let kind = ErrorKind::Truncated { what: format!("title of chpl chapter {number}"), needed: len.into(), available };
                self.warn(at.saturating_add(9), kind);
                break;
            };
            pos = pos.saturating_add(title_end);
            if chapters.len() == MAX_CHAPTERS {
                return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::Byte(len64(at))));
            }
            let Some(ms) = start.checked_add(5_000).map(|t| t / 10_000).filter(|&ms| ms <= MAX_MILLIS) else {
                self.warn(at, ErrorKind::BadBox { kind: chpl.kind, problem: BoxProblem::StartTooLarge { chapter: number, start } });
                continue;
            };
            // ffmpeg cuts titles at 255 bytes, possibly inside a character.
            let raw = match std::str::from_utf8(raw) {
                Err(error) if len == 255 && error.error_len().is_none() => raw.get(..error.valid_up_to()).unwrap_or(raw),
                _ => raw,
            };
            let title = self.utf8(raw, at.saturating_add(9), || TextPlace::NeroTitle(number));
            let mut chapter = Chapter::new(Timestamp::from_millis(ms), title);
            chapter.position = Position::Byte(len64(at));
            chapters.push(chapter);
        }
        Ok(chapters)
    }

    /// The episode title in `udta/meta/ilst/©nam/data` (a UTF-8 `data` box).
    fn title(&mut self, meta: &Atom) -> Option<String> {
        // ISO `meta` is a full box; QuickTime's has no version and flags before its children.
        let body = self.body(meta);
        let skip = if body.get(4..8) == Some(b"hdlr") { 0 } else { 4 };
        let meta = Atom { start: meta.start.saturating_add(skip).min(meta.end), ..*meta };
        let [ilst] = self.pick(&meta, [b"ilst"]);
        let [name] = self.pick(&ilst?, [b"\xa9nam"]);
        let [data] = self.pick(&name?, [b"data"]);
        let body = self.body(&data?);
        if be_u32(body, 0) != Some(1) {
            return None;
        }
        let title = self.utf8(body.get(8..).unwrap_or_default(), data?.start.saturating_add(8), || TextPlace::EpisodeTitle);
        let title = title.trim();
        (!title.is_empty()).then(|| title.to_owned())
    }
}

/// Whether two chapter lists say different things: a different number of chapters (but a
/// `chpl` of 255 that is the start of a longer track agrees), a start more than a millisecond
/// apart (the lists round differently), or a different title. A `chpl`
/// title of 255 bytes or nearly was cut by its writer and only has to start the other.
fn differ(track: &[Chapter], nero: &[Chapter]) -> bool {
    // ffmpeg writes at most 255 entries in `chpl` (its count is one byte): the first 255 of a
    // longer track are what it would write.
    let track = if nero.len() == 255 { track.get(..255).unwrap_or(track) } else { track };
    track.len() != nero.len()
        || track.iter().zip(nero).any(|(t, n)| {
            let same_title = t.title == n.title || (n.title.len() >= 252 && t.title.starts_with(&n.title));
            t.start.as_millis().abs_diff(n.start.as_millis()) > 1 || !same_title
        })
}

/// `units` of `1/timescale` seconds, to the nearest millisecond.
fn millis(units: u64, timescale: u32) -> Option<Timestamp> {
    // (units × 1000 + timescale / 2) / timescale without 128-bit arithmetic (a kilobyte of wasm):
    // whole seconds and the remainder apart.
    let timescale = u64::from(timescale);
    // The remainder is below the timescale, a u32, so none of these overflows.
    let seconds = units.checked_div(timescale)?;
    let rest = units.checked_rem(timescale)?.checked_mul(1000)?.checked_add(timescale / 2)?.checked_div(timescale)?;
    let ms = seconds.checked_mul(1000)?.checked_add(rest)?;
    (ms <= MAX_MILLIS).then(|| Timestamp::from_millis(ms))
}

/// `box "moov"`, for messages.
fn box_name(kind: [u8; 4]) -> String {
    format!("box {}", quoted(kind))
}

/// A four-character code in quotes; bytes that are not printable ASCII as `\xNN`.
fn quoted(kind: [u8; 4]) -> String {
    let name: String = kind.iter().map(|&b| if b.is_ascii_graphic() || b == b' ' { char::from(b).to_string() } else { format!("\\x{b:02x}") }).collect();
    format!("\"{name}\"")
}

fn len64(len: usize) -> u64 {
    u64::try_from(len).unwrap_or(u64::MAX)
}

fn array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    array(bytes, at).map(u16::from_be_bytes)
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    array(bytes, at).map(u32::from_be_bytes)
}

fn be_u64(bytes: &[u8], at: usize) -> Option<u64> {
    array(bytes, at).map(u64::from_be_bytes)
}
