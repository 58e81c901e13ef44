//! Problems met while reading chapters: one [`Error`] type with a [`kind`](Error::kind) and a
//! [`position`](Error::position), used both for errors (nothing usable was read) and for
//! warnings (something was repaired or skipped, and reading went on).
//!
//! Messages are lower-case without a trailing period and start with their position:
//! `line 3, column 3: invalid timestamp "1:2x"`. Lines and columns start at 1; columns count
//! characters, not bytes.

use std::fmt;

use crate::chapters::Timestamp;

/// Where in the input a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    /// A place in a text input; both start at 1, the column counts characters.
    Text { line: u32, column: u32 },
    /// A byte offset in a binary input, from 0.
    Byte(u64),
    /// Not tied to a place (for example, a chapter built in code).
    Unknown,
}

impl Position {
    /// A text position.
    pub const fn text(line: u32, column: u32) -> Self {
        Position::Text { line, column }
    }

    /// The line and column (in characters, from 1) of byte offset `at` in `text`. Linear in
    /// `at`, so meant for the few positions that end up in messages.
    pub fn in_text(text: &str, at: usize) -> Self {
        let before = text.get(..at).unwrap_or(text);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
        Position::text(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    }
}

/// Lines and columns of byte offsets met in ascending order, found in one pass over the text
/// ([`Position::in_text`] scans from the start each time, which is quadratic over a document's
/// chapters). An offset before the last one starts again from the start.
pub(crate) struct Locator<'a> {
    text: &'a str,
    at: usize,
    line: u32,
    column: u32,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Locator { text, at: 0, line: 1, column: 1 }
    }

    /// The position of byte offset `at`, as [`Position::in_text`] gives it.
    pub(crate) fn position(&mut self, at: usize) -> Position {
        if at < self.at {
            *self = Locator::new(self.text);
        }
        let at = at.min(self.text.len());
        let Some(between) = self.text.get(self.at..at) else {
            return Position::in_text(self.text, at);
        };
        // A column per character: every byte but UTF-8's continuation bytes starts one.
        for &b in between.as_bytes() {
            if b == b'\n' {
                self.line = self.line.saturating_add(1);
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column = self.column.saturating_add(1);
            }
        }
        self.at = at;
        Position::text(self.line, self.column)
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Text { line, column } => write!(f, "line {line}, column {column}"),
            Position::Byte(offset) => write!(f, "byte {offset}"),
            Position::Unknown => Ok(()),
        }
    }
}

/// What went wrong. Matching on it lets a caller react to a kind of problem without parsing
/// the message; `Display` gives the message without its position.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty or only white space.
    Empty,
    /// The input is larger than the reader accepts.
    TooLarge { limit: usize },
    /// A chapter title longer than the readers accept.
    TitleTooLong { limit: usize },
    /// More chapters than the reader accepts.
    TooManyChapters { limit: usize },
    /// Bytes that are not text in the encoding they claim (or seem) to be in.
    InvalidText(&'static str),
    /// The `psc:` prefix used without an `xmlns:psc` declaration; read as Podlove Simple Chapters.
    UndeclaredPrefix,
    /// An XML namespace that is not the format's but is meant as it (a trailing slash,
    /// `https`); read as `read_as`.
    OtherNamespace { found: String, read_as: &'static str },
    /// A feed has no item with this GUID or number; it has `items` items.
    NoSuchItem { wanted: String, items: usize },
    /// A document with more than one chapter list (a feed of several episodes); the first is read.
    SeveralChapterLists,
    /// Nothing in the input is a chapter; the string says what a chapter looks like.
    NoChapters(&'static str),
    /// A clock time that is not one (`1:2x`, `2:75`).
    InvalidTimestamp(String),
    /// A clock time that breaks a rule of its format; `rule` says which.
    TimestampRule { text: String, rule: &'static str },
    /// The input does not start with its format's signature (`WEBVTT`).
    MissingHeader(&'static str),
    /// No blank line before a cue's timing line; the line was read as the start of a new cue.
    MissingBlankLine,
    /// Lines that are not what the format has there, skipped; the string says what was expected.
    TextSkipped(&'static str),
    /// Text the format reserves (`-->` in a WebVTT cue), read as ordinary text.
    ReservedText { text: &'static str, place: &'static str },
    /// JSON that is not well formed; the string says what was expected.
    Syntax(String),
    /// XML that is not well formed; the string is the XML reader's reason.
    XmlSyntax(String),
    /// A JSON value of the wrong type: `"startTime" must be a number, found a string`.
    WrongType { field: String, expected: &'static str, found: &'static str },
    /// A number written as a string (`"startTime": "12.5"`); read as the number.
    NumberAsString { field: String, value: String },
    /// A required field is missing.
    MissingField(&'static str),
    /// A time that is negative, not finite or absurdly large.
    InvalidTime { field: &'static str, value: String },
    /// A trailing comma in JSON, read past.
    TrailingComma,
    /// A chapter whose end is not after its start; the end is derived instead.
    EndNotAfterStart { start: Timestamp, end: Timestamp },
    /// Chapters not in ascending order; they were sorted.
    Unsorted,
    /// Two chapters start at the same time; the later one in the input was dropped.
    DuplicateStart(Timestamp),
    /// A chapter runs past the start of the next one; it was cut there.
    Overlap { title: String, next_start: Timestamp },
    /// A chapter that starts at or after the end of the media; it is not listed.
    StartsAfterEnd { title: String, start: Timestamp, duration: Timestamp },
    /// A chapter that ends after the end of the media; it was cut there.
    EndsAfterEnd { title: String, end: Timestamp, duration: Timestamp },
    /// A chapter's link or picture URL that is not `http:`, `https:` or relative (`scheme`
    /// is its scheme: `javascript`, `data`…); it was dropped.
    NotWebUrl { what: &'static str, scheme: String },
    /// Control characters in chapter N's text; they were removed.
    ControlCharacters(usize),
    /// A chapter without a title; it was named "Chapter N".
    MissingTitle(usize),
    /// The input is not the binary format the reader expected:
    /// `no ID3v2 tag: the file does not start with "ID3"`.
    NotFound { what: &'static str, reason: &'static str },
    /// A binary structure (header, tag, frame, box) that ends before its declared or minimum
    /// size: `truncated frame "CHAP": 500 bytes needed, 30 available`.
    Truncated { what: String, needed: u64, available: u64 },
    /// A version of the format that the reader does not read.
    UnsupportedVersion { found: String, supported: &'static str },
    /// A part that uses a feature the reader does not implement (compression, encryption);
    /// it was skipped.
    Unsupported { what: String, feature: &'static str },
    /// A size field that cannot be right as written; `fix` says how it was read instead.
    BadSize { what: String, size: u64, fix: &'static str },
    /// Text in a media file's chapter data that is not valid in its encoding; `problem` says
    /// how it was read: `bad text in frame "TIT2": invalid UTF-8, read with replacement characters`.
    BadText { place: TextPlace, problem: TextProblem },
    /// A table or list in a binary structure that declares more entries than it holds; the
    /// entries present are read.
    CountMismatch { what: String, items: &'static str, declared: u64, present: u64 },
    /// A checksum that does not match its data (an Ogg page's CRC); the data is read anyway.
    BadChecksum { what: &'static str, stored: u32, computed: u32 },
    /// Ogg pages missing from a stream: the page numbered `found` came where `expected` was due.
    PagesMissing { found: u32, expected: u32 },
    /// An ID3v2 frame with the id `frame` that breaks the format's rules; it was skipped, or
    /// the part `problem` names was: `invalid frame "APIC": no picture data, ignored`.
    BadFrame { frame: [u8; 4], problem: FrameProblem },
    /// An ID3v2 table of contents (a `CTOC` frame with the element id `id`) that lists what
    /// cannot be listed, or not as written: `invalid CTOC "toc": a second top-level table of
    /// contents, ignored`.
    BadToc { id: String, problem: TocProblem },
    /// An MP4 box of type `kind` that breaks the format's rules: `invalid chapter track
    /// reference: track 7 does not exist`.
    BadBox { kind: [u8; 4], problem: BoxProblem },
    /// The MP4 chapter track with the id `track` that cannot be read (or not all of it):
    /// `invalid chapter track 2: no timescale (mdia/mdhd): skipped`.
    BadChapterTrack { track: u32, problem: TrackProblem },
    /// An Ogg page that does not fit the stream, or bytes between pages (apart from
    /// [`ErrorKind::BadChecksum`] and [`ErrorKind::PagesMissing`]).
    BadPage(PageProblem),
    /// An Ogg Vorbis comment, or the chapter numbers the comments use, that cannot be read as
    /// written: `invalid chapter numbering: CHAPTER004 follows CHAPTER002`.
    BadComment(CommentProblem),
    /// A format this build leaves out (its Cargo feature is off).
    NotBuiltIn { format: &'static str, feature: &'static str },
    /// The file's name or `Content-Type` says one format, its content another; the content was
    /// read.
    NotAsHinted { hinted: &'static str, read: &'static str },
    /// Text that starts like a structured format but is not: `tried` failed with `reason` (at
    /// the warning's position), and the text was read as show notes.
    ReadAsText { tried: &'static str, reason: String },
    /// Two chapter lists in one file that say different things (an MP4's QuickTime chapter
    /// track and its Nero `chpl` list); `read` is the one read.
    SourcesDiffer { read: &'static str, ignored: &'static str },
    /// A description list (timestamps in the text, no end times) whose first chapter does not
    /// start at 0:00, as YouTube and podcast apps expect.
    ListNotFromZero(Timestamp),
    /// A description list with fewer than three chapters (YouTube shows chapters from three on).
    ListTooShort(usize),
    /// A chapter of a description list shorter than 10 seconds (YouTube's minimum).
    ListChapterShort { title: String, length: Timestamp },
    /// A server answered a Range request with bytes from another place than asked (its
    /// `Content-Range` starts at `got`, not at `asked`): they cannot be put in their place.
    WrongRange { asked: u64, got: u64 },
    /// A media file whose chapters take more than `limit` Range requests to read.
    TooManyRequests { limit: usize },
    /// A problem reported by a reader in another wasm module (the optional readers), as its
    /// message without its position, and its category there.
    Relayed { message: String, category: Category },
}

/// What kind of trouble an [`ErrorKind`] is, in the few words a view needs to say it in the
/// listener's language: [`ErrorKind::category`] maps every kind to one. The message (in
/// English, with the details) and the position stay on the [`Error`].
///
/// | category | what the listener is told | kinds |
/// |---|---|---|
/// | `Empty` | the chapter file is empty | `Empty` |
/// | `NotChapters` | this is not a chapter file (or not the format asked for) | `NoChapters`, `NotFound`, `MissingHeader`, `InvalidText`, `NoSuchItem` |
/// | `Malformed` | the chapter file has an error at a line | `Syntax`, `XmlSyntax`, `WrongType`, `MissingField`, `InvalidTimestamp`, `TimestampRule`, `InvalidTime`, `NotWebUrl`, … |
/// | `MediaUnreadable` | the audio file's chapters cannot be read (or were read past a problem) | `Truncated`, `CountMismatch`, `BadChecksum`, `PagesMissing`, `BadFrame`, `BadToc`, `BadBox`, `BadChapterTrack`, `BadPage`, `BadComment`, `BadSize`, `BadText`, `Unsupported`, `UnsupportedVersion`, `SourcesDiffer` |
/// | `TooLarge` | over a limit: size, chapters, title length | `TooLarge`, `TooManyChapters`, `TitleTooLong` |
/// | `RangesUnsupported` | the audio cannot be read by ranges | `WrongRange` |
/// | `RequestLimit` | reading the audio's chapters takes too many requests | `TooManyRequests` |
/// | `NotBuiltIn` | this build cannot read the format | `NotBuiltIn` |
/// | `Timeline` | chapters repaired to make one timeline (sorted, cut, dropped) | `Unsorted`, `DuplicateStart`, `Overlap`, `EndNotAfterStart`, `StartsAfterEnd`, `EndsAfterEnd` |
/// | `Advice` | the chapters read fine; a note about them | `ListNotFromZero`, `ListTooShort`, `ListChapterShort`, `NotAsHinted`, `SeveralChapterLists` |
///
/// # Examples
///
/// ```
/// use episode_chapters::{formats, Category};
///
/// let err = formats::parse(r#"{"version": "1.2.0", "chapters": [{"startTime": true, "title": "A"}]}"#).unwrap_err();
/// assert_eq!(err.kind().category(), Category::Malformed);
/// assert_eq!(err.position().to_string(), "line 1, column 49");
/// let err = formats::parse("Intro\nOutro\n").unwrap_err();
/// assert_eq!(err.kind().category(), Category::NotChapters);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The source is empty or only white space.
    Empty,
    /// The input is not chapters in any format read (or not in the one asked for).
    NotChapters,
    /// A chapter file (text) with an error at a position.
    Malformed,
    /// A media file's chapter data (ID3, MP4, Ogg) is broken or cut short.
    MediaUnreadable,
    /// Over one of the readers' limits (input size, number of chapters, title length).
    TooLarge,
    /// The server's answers to Range requests cannot be used (bytes from another place).
    RangesUnsupported,
    /// Reading the media file's chapters takes more Range requests than allowed.
    RequestLimit,
    /// This build leaves the format out (its Cargo feature is off).
    NotBuiltIn,
    /// Chapters repaired by the timeline rules (sorted, cut, dropped, ends derived).
    Timeline,
    /// The chapters read; a note about them or about the source's name or type.
    Advice,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 10] = [
        Category::Empty,
        Category::NotChapters,
        Category::Malformed,
        Category::MediaUnreadable,
        Category::TooLarge,
        Category::RangesUnsupported,
        Category::RequestLimit,
        Category::NotBuiltIn,
        Category::Timeline,
        Category::Advice,
    ];

    /// A stable name for crossing a boundary (the readers' module, JS events): `not-chapters`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Empty => "empty",
            Category::NotChapters => "not-chapters",
            Category::Malformed => "malformed",
            Category::MediaUnreadable => "media-unreadable",
            Category::TooLarge => "too-large",
            Category::RangesUnsupported => "ranges-unsupported",
            Category::RequestLimit => "request-limit",
            Category::NotBuiltIn => "not-built-in",
            Category::Timeline => "timeline",
            Category::Advice => "advice",
        }
    }

    /// The category of a [`name`](Category::name).
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl ErrorKind {
    /// What kind of trouble this is (see [`Category`]).
    pub fn category(&self) -> Category {
        match self {
            ErrorKind::Empty => Category::Empty,
            ErrorKind::NoChapters(_)
            | ErrorKind::NotFound { .. }
            | ErrorKind::MissingHeader(_)
            | ErrorKind::InvalidText(_)
            | ErrorKind::NoSuchItem { .. } => Category::NotChapters,
            ErrorKind::Syntax(_)
            | ErrorKind::XmlSyntax(_)
            | ErrorKind::WrongType { .. }
            | ErrorKind::MissingField(_)
            | ErrorKind::InvalidTimestamp(_)
            | ErrorKind::TimestampRule { .. }
            | ErrorKind::InvalidTime { .. }
            | ErrorKind::NumberAsString { .. }
            | ErrorKind::TrailingComma
            | ErrorKind::MissingBlankLine
            | ErrorKind::TextSkipped(_)
            | ErrorKind::ReservedText { .. }
            | ErrorKind::ControlCharacters(_)
            | ErrorKind::NotWebUrl { .. }
            | ErrorKind::MissingTitle(_)
            | ErrorKind::UndeclaredPrefix
            | ErrorKind::OtherNamespace { .. }
            | ErrorKind::ReadAsText { .. } => Category::Malformed,
            ErrorKind::Truncated { .. }
            | ErrorKind::UnsupportedVersion { .. }
            | ErrorKind::Unsupported { .. }
            | ErrorKind::BadSize { .. }
            | ErrorKind::BadText { .. }
            | ErrorKind::BadFrame { .. }
            | ErrorKind::BadToc { .. }
            | ErrorKind::BadBox { .. }
            | ErrorKind::BadChapterTrack { .. }
            | ErrorKind::BadPage(_)
            | ErrorKind::BadComment(_)
            | ErrorKind::CountMismatch { .. }
            | ErrorKind::BadChecksum { .. }
            | ErrorKind::PagesMissing { .. }
            | ErrorKind::SourcesDiffer { .. } => Category::MediaUnreadable,
            ErrorKind::TooLarge { .. } | ErrorKind::TitleTooLong { .. } | ErrorKind::TooManyChapters { .. } => Category::TooLarge,
            ErrorKind::WrongRange { .. } => Category::RangesUnsupported,
            ErrorKind::TooManyRequests { .. } => Category::RequestLimit,
            ErrorKind::NotBuiltIn { .. } => Category::NotBuiltIn,
            ErrorKind::EndNotAfterStart { .. }
            | ErrorKind::Unsorted
            | ErrorKind::DuplicateStart(_)
            | ErrorKind::Overlap { .. }
            | ErrorKind::StartsAfterEnd { .. }
            | ErrorKind::EndsAfterEnd { .. } => Category::Timeline,
            ErrorKind::ListNotFromZero(_)
            | ErrorKind::ListTooShort(_)
            | ErrorKind::ListChapterShort { .. }
            | ErrorKind::NotAsHinted { .. }
            | ErrorKind::SeveralChapterLists => Category::Advice,
            ErrorKind::Relayed { category, .. } => *category,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Empty => write!(f, "the chapter source is empty"),
            ErrorKind::TooLarge { limit } => write!(f, "the chapter source is larger than {limit} bytes"),
            ErrorKind::TitleTooLong { limit } => write!(f, "a chapter title is longer than {limit} characters"),
            ErrorKind::TooManyChapters { limit } => write!(f, "more than {limit} chapters"),
            ErrorKind::InvalidText(what) => write!(f, "{what}"),
            ErrorKind::NoChapters(expected) => write!(f, "no chapters found: expected {expected}"),
            ErrorKind::InvalidTimestamp(text) => write!(f, "invalid timestamp \"{text}\""),
            ErrorKind::TimestampRule { text, rule } => write!(f, "invalid timestamp \"{text}\": {rule}"),
            ErrorKind::MissingHeader(signature) => write!(f, "missing \"{signature}\" header"),
            ErrorKind::MissingBlankLine => write!(f, "missing blank line before this cue: read as a new cue"),
            ErrorKind::TextSkipped(expected) => write!(f, "text skipped: expected {expected}"),
            ErrorKind::ReservedText { text, place } => write!(f, "\"{text}\" is not allowed in {place}: read as text"),
            ErrorKind::Syntax(expected) => write!(f, "invalid JSON: {expected}"),
            ErrorKind::XmlSyntax(reason) => write!(f, "invalid XML: {reason}"),
            ErrorKind::WrongType { field, expected, found } if field.is_empty() => {
                write!(f, "the JSON must be {expected}, found {found}")
            }
            ErrorKind::WrongType { field, expected, found } => {
                write!(f, "\"{field}\" must be {expected}, found {found}")
            }
            ErrorKind::NumberAsString { field, value } => {
                write!(f, "\"{field}\" must be a number, found the string \"{value}\": read as {value}")
            }
            ErrorKind::MissingField(field) => write!(f, "missing required field \"{field}\""),
            ErrorKind::InvalidTime { field, value } => write!(f, "\"{field}\" is not a valid time: {value}"),
            ErrorKind::TrailingComma => write!(f, "trailing comma ignored"),
            ErrorKind::EndNotAfterStart { start, end } => {
                write!(f, "chapter ends ({end}) before it starts ({start}): end taken from the next chapter")
            }
            ErrorKind::Unsorted => write!(f, "chapters are not in time order: sorted by start time"),
            ErrorKind::DuplicateStart(t) => write!(f, "two chapters start at {t}: the second one is dropped"),
            ErrorKind::Overlap { title, next_start } => {
                write!(f, "chapter \"{title}\" runs past the next chapter's start: cut at {next_start}")
            }
            ErrorKind::StartsAfterEnd { title, start, duration } => {
                write!(f, "chapter \"{title}\" starts at {start}, after the end of the media ({duration}): not listed")
            }
            ErrorKind::EndsAfterEnd { title, end, duration } => {
                write!(f, "chapter \"{title}\" ends at {end}, after the end of the media ({duration}): cut there")
            }
            ErrorKind::NotWebUrl { what, scheme } if scheme.is_empty() => write!(f, "a blank {what} URL: dropped"),
            ErrorKind::NotWebUrl { what, scheme } => write!(f, "a {what} with the scheme \"{scheme}:\" (not http or https): dropped"),
            ErrorKind::ControlCharacters(n) => write!(f, "control characters removed from chapter {n}"),
            ErrorKind::MissingTitle(n) => write!(f, "chapter {n} has no title: named \"Chapter {n}\""),
            ErrorKind::NotFound { what, reason } => write!(f, "no {what}: {reason}"),
            ErrorKind::Relayed { message, .. } => f.write_str(message),
            ErrorKind::ListNotFromZero(start) => {
                write!(f, "the first chapter starts at {start}: YouTube and podcast apps expect the first at 0:00")
            }
            ErrorKind::ListTooShort(count) => write!(f, "only {count} chapters: YouTube shows chapters from 3 on"),
            ErrorKind::ListChapterShort { title, length } => {
                write!(f, "chapter \"{title}\" lasts {}: YouTube wants 10 seconds or more", length.duration_text())
            }
            ErrorKind::NotBuiltIn { format, feature } => {
                write!(f, "{format} cannot be read by this build (it was built without the \"{feature}\" feature)")
            }
            ErrorKind::ReadAsText { tried, reason } => write!(f, "not {tried} ({reason}): read as show notes"),
            ErrorKind::NotAsHinted { hinted, read } => write!(f, "named or served as {hinted}, but the content is {read}: read as {read}"),
            ErrorKind::UndeclaredPrefix | ErrorKind::OtherNamespace { .. } | ErrorKind::NoSuchItem { .. } | ErrorKind::SeveralChapterLists => {
                psc_message(self, f)
            }
            ErrorKind::Truncated { .. }
            | ErrorKind::UnsupportedVersion { .. }
            | ErrorKind::Unsupported { .. }
            | ErrorKind::BadSize { .. }
            | ErrorKind::BadText { .. }
            | ErrorKind::CountMismatch { .. }
            | ErrorKind::BadChecksum { .. }
            | ErrorKind::PagesMissing { .. }
            | ErrorKind::BadFrame { .. }
            | ErrorKind::BadToc { .. }
            | ErrorKind::BadBox { .. }
            | ErrorKind::BadChapterTrack { .. }
            | ErrorKind::BadPage(_)
            | ErrorKind::BadComment(_)
            | ErrorKind::SourcesDiffer { .. }
            | ErrorKind::WrongRange { .. }
            | ErrorKind::TooManyRequests { .. } => media_message(self, f),
        }
    }
}

/// The messages of the kinds only the Podlove Simple Chapters reader gives.
#[cfg(feature = "psc")]
fn psc_message(kind: &ErrorKind, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match kind {
        ErrorKind::UndeclaredPrefix => write!(
            f,
            "the prefix \"psc\" is not declared: read as xmlns:psc=\"http://podlove.org/simple-chapters\""
        ),
        ErrorKind::OtherNamespace { found, read_as } => {
            write!(f, "the namespace \"{found}\" is not \"{read_as}\": read as if it were")
        }
        ErrorKind::NoSuchItem { wanted, items: 0 } => write!(f, "no item \"{wanted}\" in the feed: it has no items"),
        ErrorKind::NoSuchItem { wanted, items } => {
            write!(f, "no item \"{wanted}\" in the feed: give a GUID or a number from 1 to {items}")
        }
        ErrorKind::SeveralChapterLists => {
            write!(f, "more than one <psc:chapters> in the document: the first one is read")
        }
        // Not reached: `fmt` hands over only the kinds above.
        _ => Ok(()),
    }
}

/// A build without the reader makes none of its kinds (the readers' own module can still
/// report them, as [`ErrorKind::Relayed`]), so their messages are left out of it.
#[cfg(not(feature = "psc"))]
fn psc_message(_: &ErrorKind, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("invalid Podlove Simple Chapters")
}

/// The messages of the kinds only the media files' readers (ID3, MP4, Ogg, and reading them by
/// Range requests) give.
#[cfg(any(feature = "id3", feature = "mp4", feature = "ogg"))]
fn media_message(kind: &ErrorKind, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match kind {
        ErrorKind::Truncated { what, needed, available } => {
            write!(f, "truncated {what}: {needed} bytes needed, {available} available")
        }
        ErrorKind::UnsupportedVersion { found, supported } => {
            write!(f, "unsupported {found}: only {supported} can be read")
        }
        ErrorKind::Unsupported { what, feature } => write!(f, "{what} uses {feature}, which is not supported: skipped"),
        ErrorKind::BadSize { what, size, fix } => write!(f, "bad size {size} for {what}: {fix}"),
        ErrorKind::BadText { place, problem } => write!(f, "bad text in {place}: {problem}"),
        ErrorKind::CountMismatch { what, items, declared, present } => {
            write!(f, "invalid {what}: {declared} {items} declared, {present} present")
        }
        ErrorKind::BadChecksum { what, stored, computed } => {
            write!(f, "invalid {what}: CRC {stored:08x} does not match the page's {computed:08x}: read anyway")
        }
        ErrorKind::PagesMissing { found, expected } => {
            write!(f, "invalid Ogg page: sequence number {found} where {expected} was expected: pages are missing")
        }
        ErrorKind::BadFrame { frame, problem } => match problem {
            FrameProblem::NotAFrameId => write!(
                f,
                "invalid frame header: \"{}\" is not a frame id, the frames after it are skipped",
                frame.escape_ascii()
            ),
            FrameProblem::DuplicateId(id) => {
                write!(f, "invalid {} \"{id}\": the element id is used twice, the first one is kept", frame.escape_ascii())
            }
            problem => write!(f, "invalid frame \"{}\": {problem}", frame.escape_ascii()),
        },
        ErrorKind::BadToc { id, problem } => write!(f, "invalid CTOC \"{id}\": {problem}"),
        ErrorKind::BadBox { kind, problem } => match problem {
            BoxProblem::NoSuchTrack(track) => write!(f, "invalid chapter track reference: track {track} does not exist"),
            BoxProblem::StartTooLarge { chapter, start } => {
                write!(f, "invalid chpl chapter {chapter}: start {start} (100 ns units) is too large: skipped")
            }
            BoxProblem::TooManyTracks { limit } => {
                write!(f, "invalid box {}: more than {limit} tracks: the rest are ignored", FourCc(*kind))
            }
        },
        ErrorKind::BadChapterTrack { track, problem } => write!(f, "invalid chapter track {track}: {problem}"),
        ErrorKind::BadPage(problem) => match problem {
            PageProblem::NotAPage { bytes } => write!(f, "invalid Ogg stream: {bytes} bytes that are not an Ogg page: skipped"),
            PageProblem::StartMissing => {
                write!(f, "invalid Ogg page: continues a packet whose start is missing: that part is skipped")
            }
            PageProblem::PacketDropped => {
                write!(f, "invalid Ogg page: does not continue the packet before it: that packet is dropped")
            }
        },
        ErrorKind::BadComment(problem) => match problem {
            CommentProblem::NoEquals(number) => {
                write!(f, "invalid comment {number}: no \"=\" between name and value: skipped")
            }
            CommentProblem::Repeated(key) => write!(f, "invalid comment \"{key}\": repeated: the first one is kept"),
            CommentProblem::NoTime { key, chapter } => write!(f, "invalid \"{key}\": no \"{chapter}\" time: skipped"),
            CommentProblem::FirstNumber(chapter) => write!(
                f,
                "invalid chapter numbering: {chapter} is the first chapter: expected CHAPTER000 or CHAPTER001"
            ),
            CommentProblem::NumberGap { chapter, previous } => {
                write!(f, "invalid chapter numbering: {chapter} follows {previous}")
            }
        },
        ErrorKind::SourcesDiffer { read, ignored } => write!(f, "{read} and {ignored} differ: {read} is read"),
        ErrorKind::WrongRange { asked, got } => {
            write!(f, "the server sent bytes from {got} when bytes from {asked} were asked for")
        }
        ErrorKind::TooManyRequests { limit } => write!(f, "the chapters take more than {limit} range requests to read"),
        // Not reached: `fmt` hands over only the kinds above.
        _ => Ok(()),
    }
}

/// A build without those readers makes none of these kinds (the readers' own module can still
/// report them, as [`ErrorKind::Relayed`]), so their messages are left out of it.
#[cfg(not(any(feature = "id3", feature = "mp4", feature = "ogg")))]
fn media_message(_: &ErrorKind, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("invalid media file")
}

/// Where text with a [`TextProblem`] is in a media file's chapter data.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextPlace {
    /// An ID3v2 text frame (`TIT2`, `TIT3`, `WXXX`, `APIC`): `frame "TIT2"`.
    Frame([u8; 4]),
    /// Sample `sample` (from 1) of the MP4 chapter track with id `track`, its title.
    Sample { track: u32, sample: usize },
    /// The title of chapter `chapter` (from 1) of an MP4 Nero chapter list (`chpl`).
    NeroTitle(u32),
    /// The MP4 episode title (`moov/udta/meta/ilst/©nam`).
    EpisodeTitle,
    /// The value of the Vorbis comment with this name, as written (`CHAPTER001NAME`).
    Comment(String),
}

impl fmt::Display for TextPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextPlace::Frame(id) => write!(f, "frame \"{}\"", id.escape_ascii()),
            TextPlace::Sample { track, sample } => write!(f, "sample {sample} of chapter track {track}"),
            TextPlace::NeroTitle(chapter) => write!(f, "title of chpl chapter {chapter}"),
            TextPlace::EpisodeTitle => write!(f, "the title (©nam)"),
            TextPlace::Comment(key) => write!(f, "\"{key}\""),
        }
    }
}

/// What is wrong with text in a media file, and how it was read ([`ErrorKind::BadText`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextProblem {
    /// Bytes that are not UTF-8; read with U+FFFD in their place.
    InvalidUtf8,
    /// UTF-16 with an odd number of bytes; the last one was dropped.
    OddUtf16Length,
    /// A UTF-16 surrogate without its pair; read as U+FFFD.
    UnpairedSurrogate,
    /// UTF-16 without a byte order mark where one is required; read in the byte order the
    /// zero bytes suggest.
    NoByteOrderMark { big_endian: bool },
    /// An ID3v2 text encoding byte that is none of the four; the frame was skipped.
    UnknownEncoding(u8),
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextProblem::InvalidUtf8 => write!(f, "invalid UTF-8, read with replacement characters"),
            TextProblem::OddUtf16Length => write!(f, "odd number of UTF-16 bytes, the last one dropped"),
            TextProblem::UnpairedSurrogate => write!(f, "unpaired UTF-16 surrogate, read as a replacement character"),
            TextProblem::NoByteOrderMark { big_endian: true } => {
                write!(f, "UTF-16 without a byte order mark, read as big-endian")
            }
            TextProblem::NoByteOrderMark { big_endian: false } => {
                write!(f, "UTF-16 without a byte order mark, read as little-endian")
            }
            TextProblem::UnknownEncoding(byte) => write!(f, "unknown text encoding {byte}, the frame is skipped"),
        }
    }
}

/// What is wrong with an ID3v2 frame ([`ErrorKind::BadFrame`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameProblem {
    /// Where a frame header should be, four bytes that are not a frame id (the `frame` of the
    /// kind); the frames after it were skipped.
    NotAFrameId,
    /// A `CHAP` or `CTOC` whose element id (this one) an earlier frame has; the first is kept.
    DuplicateId(String),
    /// A `CHAP` or `CTOC` whose element id has no terminating NUL; the frame was skipped.
    IdNotTerminated,
    /// A `WXXX` or `APIC` whose description has no terminating NUL; the frame was ignored.
    DescriptionNotTerminated,
    /// An `APIC` whose MIME type has no terminating NUL; ignored.
    MimeNotTerminated,
    /// An `APIC` that ends before its picture type byte; ignored.
    NoPictureType,
    /// An `APIC` without picture data; ignored.
    NoPictureData,
    /// An `APIC` whose MIME type (this one) is not an image a page shows; ignored.
    NotAnImage(String),
}

impl fmt::Display for FrameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameProblem::NotAFrameId => write!(f, "not a frame id, the frames after it are skipped"),
            FrameProblem::DuplicateId(_) => write!(f, "the element id is used twice, the first one is kept"),
            FrameProblem::IdNotTerminated => write!(f, "the element id has no terminating NUL, skipped"),
            FrameProblem::DescriptionNotTerminated => write!(f, "the description has no terminating NUL, ignored"),
            FrameProblem::MimeNotTerminated => write!(f, "the MIME type has no terminating NUL, ignored"),
            FrameProblem::NoPictureType => write!(f, "no picture type, ignored"),
            FrameProblem::NoPictureData => write!(f, "no picture data, ignored"),
            FrameProblem::NotAnImage(mime) => {
                write!(f, "a picture of type \"{mime}\", which is not an image a page shows, ignored")
            }
        }
    }
}

/// What is wrong with an ID3v2 table of contents ([`ErrorKind::BadToc`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TocProblem {
    /// A one-byte entry count that wrapped past 255: `declared` entries declared, `present`
    /// ids present; all were read.
    CountWrapped { declared: usize, present: usize },
    /// An entry (this element id) that names no `CHAP` or `CTOC` frame; ignored.
    NoSuchEntry(String),
    /// A second table marked top-level; ignored.
    SecondTopLevel,
    /// No table is marked top-level; this one (the first no other table lists) was used.
    NoTopLevel,
    /// The table lists no chapter; every `CHAP` was listed instead.
    ListsNoChapter,
}

impl fmt::Display for TocProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TocProblem::CountWrapped { declared, present } => write!(
                f,
                "{declared} entries declared, {present} present: the count was written in one byte, all are read"
            ),
            TocProblem::NoSuchEntry(entry) => write!(f, "entry \"{entry}\" names no CHAP or CTOC frame, ignored"),
            TocProblem::SecondTopLevel => write!(f, "a second top-level table of contents, ignored"),
            TocProblem::NoTopLevel => write!(f, "no CTOC is marked top-level, this one is used as the table of contents"),
            TocProblem::ListsNoChapter => write!(f, "it lists no chapter, every CHAP is listed instead"),
        }
    }
}

/// What is wrong with an MP4 box ([`ErrorKind::BadBox`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BoxProblem {
    /// A `moov` with more than `limit` tracks; the rest were ignored.
    TooManyTracks { limit: usize },
    /// A `tref/chap` naming a track id that no track has.
    NoSuchTrack(u32),
    /// A `chpl` chapter (numbered from 1) whose start, in 100 ns units, is past the largest
    /// time; skipped.
    StartTooLarge { chapter: u32, start: u64 },
}

/// What is wrong with an MP4 chapter track ([`ErrorKind::BadChapterTrack`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrackProblem {
    /// Its handler (`mdia/hdlr`) is not a text track's (`None`: it has none); skipped.
    NotText(Option<[u8; 4]>),
    /// No sample table (`mdia/minf/stbl`); skipped.
    NoSampleTable,
    /// No timescale (`mdia/mdhd`), or a zero one; skipped.
    NoTimescale,
    /// The sample table lacks this box (`stts`, `stsz`, `stsc`, `stco`); skipped.
    MissingBox([u8; 4]),
    /// `stts` and `stsz` count different numbers of samples; the smaller number was read.
    SampleCounts { stts: usize, stsz: usize },
    /// `stsc` and the chunk offsets (`chunks`: `stco` or `co64`) place only `placed` of
    /// `samples` samples; the rest were skipped.
    SamplesUnplaced { chunks: [u8; 4], placed: usize, samples: usize },
    /// Sample times that run past the largest time; the rest were skipped.
    TimesTooLarge,
    /// More than `limit` bytes of titles in all; the rest were not read.
    TitlesTooLarge { limit: usize },
}

impl fmt::Display for TrackProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrackProblem::NotText(Some(handler)) => write!(f, "handler {} is not a text track: skipped", FourCc(*handler)),
            TrackProblem::NotText(None) => write!(f, "no handler (mdia/hdlr): skipped"),
            TrackProblem::NoSampleTable => write!(f, "no sample table (mdia/minf/stbl): skipped"),
            TrackProblem::NoTimescale => write!(f, "no timescale (mdia/mdhd): skipped"),
            TrackProblem::MissingBox(kind) => write!(f, "no {} box: skipped", FourCc(*kind)),
            TrackProblem::SampleCounts { stts, stsz } => {
                write!(f, "stts has {stts} samples, stsz {stsz}: {} read", (*stts).min(*stsz))
            }
            TrackProblem::SamplesUnplaced { chunks, placed, samples } => {
                write!(f, "stsc and {} place {placed} of {samples} samples: the rest are skipped", FourCc(*chunks))
            }
            TrackProblem::TimesTooLarge => write!(f, "sample times past the largest time: the rest are skipped"),
            TrackProblem::TitlesTooLarge { limit } => write!(f, "more than {limit} bytes of titles: the rest are not read"),
        }
    }
}

/// What is wrong with an Ogg page or the bytes between pages ([`ErrorKind::BadPage`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageProblem {
    /// `bytes` bytes where a page should start; skipped.
    NotAPage { bytes: u64 },
    /// A page that continues a packet whose start is missing; that part was skipped.
    StartMissing,
    /// A page that does not continue the packet the page before it left open; that packet
    /// was dropped.
    PacketDropped,
}

/// What is wrong with Vorbis comments ([`ErrorKind::BadComment`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommentProblem {
    /// Comment number N (from 1) has no `=` between name and value; skipped.
    NoEquals(u64),
    /// A comment (this name, as written) repeated; the first one was kept.
    Repeated(String),
    /// A `CHAPTERxxxNAME` or `CHAPTERxxxURL` (`key`) without its `CHAPTERxxx` (`chapter`);
    /// skipped.
    NoTime { key: String, chapter: String },
    /// The first chapter (`CHAPTERxxx` as written) is numbered above 1.
    FirstNumber(String),
    /// A chapter number (`chapter`) that does not follow the one before it (`previous`).
    NumberGap { chapter: String, previous: String },
}

/// A four-character code in quotes, bytes that are not printable ASCII as `\xNN`: `"stco"`.
struct FourCc([u8; 4]);

impl fmt::Display for FourCc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for &b in &self.0 {
            if b.is_ascii_graphic() || b == b' ' {
                write!(f, "{}", char::from(b))?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        f.write_str("\"")
    }
}

/// A problem with its place in the input.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::shownotes;
///
/// let err = shownotes::parse("CHAPTERS\n- 1:2x – 2:45\nIntro\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 2, column 3: invalid timestamp \"1:2x\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    position: Position,
}

impl Error {
    /// A problem of `kind` at `position`.
    pub fn new(kind: ErrorKind, position: Position) -> Self {
        Error { kind, position }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Where it went wrong.
    pub fn position(&self) -> Position {
        self.position
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Position::Unknown => write!(f, "{}", self.kind),
            position => write!(f, "{position}: {}", self.kind),
        }
    }
}

impl std::error::Error for Error {}
