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
    /// Text that is not valid in its declared encoding; `problem` says how it was repaired.
    BadText { what: String, problem: String },
    /// A table or list in a binary structure that declares more entries than it holds; the
    /// entries present are read.
    CountMismatch { what: String, items: &'static str, declared: u64, present: u64 },
    /// A checksum that does not match its data (an Ogg page's CRC); the data is read anyway.
    BadChecksum { what: &'static str, stored: u32, computed: u32 },
    /// Ogg pages missing from a stream: the page numbered `found` came where `expected` was due.
    PagesMissing { found: u32, expected: u32 },
    /// A binary structure that breaks its format's rules in another way; `problem` says how,
    /// in words for people, and what was done about it (match on [`ErrorKind::category`]).
    Invalid { what: String, problem: String },
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
/// | `MediaUnreadable` | the audio file's chapters cannot be read (or were read past a problem) | `Truncated`, `CountMismatch`, `BadChecksum`, `PagesMissing`, `Invalid`, `BadSize`, `BadText`, `Unsupported`, `UnsupportedVersion`, `SourcesDiffer` |
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
            | ErrorKind::Invalid { .. }
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
            ErrorKind::Truncated { what, needed, available } => {
                write!(f, "truncated {what}: {needed} bytes needed, {available} available")
            }
            ErrorKind::UnsupportedVersion { found, supported } => {
                write!(f, "unsupported {found}: only {supported} can be read")
            }
            ErrorKind::Unsupported { what, feature } => write!(f, "{what} uses {feature}, which is not supported: skipped"),
            ErrorKind::BadSize { what, size, fix } => write!(f, "bad size {size} for {what}: {fix}"),
            ErrorKind::BadText { what, problem } => write!(f, "bad text in {what}: {problem}"),
            ErrorKind::CountMismatch { what, items, declared, present } => {
                write!(f, "invalid {what}: {declared} {items} declared, {present} present")
            }
            ErrorKind::BadChecksum { what, stored, computed } => {
                write!(f, "invalid {what}: CRC {stored:08x} does not match the page's {computed:08x}: read anyway")
            }
            ErrorKind::PagesMissing { found, expected } => {
                write!(f, "invalid Ogg page: sequence number {found} where {expected} was expected: pages are missing")
            }
            ErrorKind::Invalid { what, problem } => write!(f, "invalid {what}: {problem}"),
            ErrorKind::SourcesDiffer { read, ignored } => write!(f, "{read} and {ignored} differ: {read} is read"),
            ErrorKind::WrongRange { asked, got } => {
                write!(f, "the server sent bytes from {got} when bytes from {asked} were asked for")
            }
            ErrorKind::TooManyRequests { limit } => write!(f, "the chapters take more than {limit} range requests to read"),
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
        }
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
