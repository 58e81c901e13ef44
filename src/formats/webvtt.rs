//! WebVTT chapters (<https://www.w3.org/TR/webvtt1/>), the file a page links with
//! `<track kind="chapters">`: one cue per chapter, the cue's text its title.
//!
//! ```text
//! WEBVTT                                        <- signature, optionally followed by text
//! Kind: chapters                                <- header lines, up to a blank line (ignored)
//!
//! NOTE Made by hand                             <- NOTE, STYLE and REGION blocks are skipped
//!
//! intro                                         <- optional cue identifier (ignored)
//! 00:00.000 --> 02:45.000 align:start           <- timing line: start --> end, then settings (ignored)
//! From eBay power-seller <b>to</b> vision &amp; ML  <- the title; lines are joined with a space
//!
//! 00:02:45.000 --> 00:03:59.000
//! Hugging Face v1
//! ```
//!
//! Lines end in CRLF, LF or CR. Blocks are separated by blank lines; as in the spec, a line of
//! spaces is not a blank line (in a title it adds nothing). The text after `WEBVTT` describes the
//! file, not the episode, so [`Parsed::title`] is `None`.
//!
//! Titles: tags (`<b>`, `<c.loud>`, `<v Roger>`, `<00:01.000>`) are dropped with what is inside
//! the angle brackets; a `<` that no `>` follows is kept. The references `&amp;` `&lt;` `&gt;`
//! `&quot;` `&apos;` `&nbsp;` `&lrm;` `&rlm;` and numeric ones (`&#233;`, `&#xE9;`) are decoded;
//! others are kept as written.
//!
//! Timestamps are read exactly as the spec's parsing algorithm (and so a browser's `<track>`)
//! reads them: `mm:ss.ttt` or `hh:mm:ss.ttt`, minutes and seconds two digits below 60, exactly
//! three digits of milliseconds. Hours may have any number of digits: the syntax asks for at
//! least two, but the parsing algorithm takes one (`0:02:45.000`, as some tools write) and so
//! do we, silently. Everything else (`00:01.5`, `00:02`, the SRT-style `00:00:01,000`,
//! `1:02.000`) is refused rather than guessed at: the spec's parser, and so a browser's
//! `<track>`, drops that cue, and lenient readers disagree on what it means (ffmpeg reads
//! `00:01.5` as 1.005 s, others as 1.5 s). The cue is skipped with a warning naming the
//! timestamp's line, column and the rule it breaks; parsing fails only when no cue could be
//! read at all. An end that is not after its start is left to
//! [`Chapters::new`](crate::chapters::Chapters::new), which derives it and warns.
//!
//! Lenience, each with a warning naming the line:
//! - a timing line with no blank line before it, straight after the header (vidstack#1019: the
//!   first chapter went missing) or after a cue's text (ableplayer#697: every title swallowed
//!   the next chapter), starts a new cue, as the spec's parser does silently. A line counts as
//!   a timing line there when the text before its `-->` is digits, `:`, `.` and `,` only, with
//!   at least one `:`;
//! - `-->` in a title line that is not a timing line is kept as text (the spec forbids it, and
//!   other readers cut the cue there);
//! - a block that is neither a cue nor a NOTE, STYLE or REGION block is skipped.

use crate::chapters::time::MAX_MILLIS;
use crate::chapters::{Chapter, Timestamp};
use crate::diagnostics::{Error, ErrorKind, Position};
use crate::formats::{prepare, Parsed, MAX_CHAPTERS};

const EXPECTED: &str = "a cue timing line like \"00:00.000 --> 02:45.000\"";
const ARROW: &str = "-->";

const SHAPE: &str = "expected mm:ss.ttt or hh:mm:ss.ttt";
const TWO_DIGITS: &str = "minutes and seconds need two digits";
const MILLIS: &str = "milliseconds need three digits after a \".\"";
const BELOW_60: &str = "minutes and seconds must be below 60";
const TOO_LARGE: &str = "too large";

/// Parses WebVTT chapters.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::webvtt;
///
/// let vtt = "WEBVTT\n\n1\n00:00.000 --> 02:45.000\n<b>Intro</b> &amp; welcome\n\n02:45.000 --> 01:03:59.000 align:start\nMain\ntopic\n";
/// let parsed = webvtt::parse(vtt).unwrap();
/// let titles: Vec<&str> = parsed.chapters.iter().map(|c| c.title.as_str()).collect();
/// assert_eq!(titles, ["Intro & welcome", "Main topic"]);
/// assert_eq!(parsed.chapters.get(1).unwrap().end.unwrap().as_millis(), 3_839_000);
///
/// let err = webvtt::parse("WEBVTT\n\n00:00.000 --> 00:01.5\nIntro\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 3, column 15: invalid timestamp \"00:01.5\": milliseconds need three digits after a \".\"");
/// ```
pub fn parse(text: &str) -> Result<Parsed, Error> {
    let text = prepare(text)?;
    let mut lines = split_lines(text).zip(1u32..);
    if !lines.next().is_some_and(|(first, _)| is_signature(first)) {
        return Err(Error::new(ErrorKind::MissingHeader("WEBVTT"), Position::text(1, 1)));
    }
    let mut reader = Reader { chapters: Vec::new(), warnings: Vec::new(), state: State::Header };
    for (line, line_no) in lines {
        reader.line(line, line_no)?;
    }
    reader.end_block();
    Parsed::build(None, reader.chapters, reader.warnings, EXPECTED)
}

/// `WEBVTT` alone or followed by a space or a tab (the line break is already gone).
fn is_signature(line: &str) -> bool {
    line.strip_prefix("WEBVTT").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// The lines of `text`, split at CRLF, LF or CR.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let Some(at) = current.find(['\r', '\n']) else {
            rest = None;
            return Some(current);
        };
        let break_len = if current.get(at..).is_some_and(|b| b.starts_with("\r\n")) { 2 } else { 1 };
        rest = current.get(at + break_len..);
        current.get(..at)
    })
}

/// Where the reader is in the file.
enum State<'a> {
    /// In the header block, after the `WEBVTT` line.
    Header,
    /// After a blank line: the next line starts a block.
    Between,
    /// After a block's first line that was not a timing line (on the line held): a cue
    /// identifier if the timing line follows, else the start of a block that is skipped.
    Identifier(u32),
    /// In a cue: its times, the line of its timing line and its text lines so far.
    Cue(Cue<'a>),
    /// In a block that is skipped: a comment, a style sheet, a region, or a cue whose timing
    /// line did not read.
    Skip,
}

/// A cue being read.
struct Cue<'a> {
    start: Timestamp,
    end: Timestamp,
    line: u32,
    text: Vec<&'a str>,
}

impl Cue<'_> {
    /// The chapter: the title is the text lines joined with a space, as plain text.
    fn finish(self) -> Chapter {
        let joined = self.text.iter().map(|line| line.trim()).filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ");
        let mut chapter = Chapter::new(self.start, cue_text(&joined).trim());
        chapter.end = Some(self.end);
        chapter.position = Position::text(self.line, 1);
        chapter
    }
}

struct Reader<'a> {
    chapters: Vec<Chapter>,
    warnings: Vec<Error>,
    state: State<'a>,
}

impl<'a> Reader<'a> {
    fn line(&mut self, line: &'a str, line_no: u32) -> Result<(), Error> {
        if line.is_empty() {
            self.end_block();
            return Ok(());
        }
        match std::mem::replace(&mut self.state, State::Skip) {
            State::Header if looks_like_timing(line) => self.missing_blank_line(line, line_no)?,
            State::Header => self.state = State::Header,
            State::Skip if looks_like_timing(line) => self.missing_blank_line(line, line_no)?,
            State::Skip => {}
            State::Between if line.trim().is_empty() => self.state = State::Between,
            State::Between if is_skipped_block(line) => {}
            State::Between if line.contains(ARROW) => self.timing(line, line_no)?,
            State::Between => self.state = State::Identifier(line_no),
            State::Identifier(_) if line.contains(ARROW) => self.timing(line, line_no)?,
            State::Identifier(identifier) => {
                self.warnings.push(Error::new(ErrorKind::TextSkipped(EXPECTED), Position::text(identifier, 1)));
            }
            State::Cue(cue) if looks_like_timing(line) => {
                self.chapters.push(cue.finish());
                self.missing_blank_line(line, line_no)?;
            }
            State::Cue(mut cue) => {
                if let Some(at) = line.find(ARROW) {
                    let kind = ErrorKind::ReservedText { text: ARROW, place: "cue text" };
                    self.warnings.push(Error::new(kind, Position::text(line_no, column(line, at))));
                }
                cue.text.push(line);
                self.state = State::Cue(cue);
            }
        }
        Ok(())
    }

    /// At a blank line or the end of the input: keeps the cue being read.
    fn end_block(&mut self) {
        match std::mem::replace(&mut self.state, State::Between) {
            State::Cue(cue) => self.chapters.push(cue.finish()),
            State::Identifier(identifier) => {
                self.warnings.push(Error::new(ErrorKind::TextSkipped(EXPECTED), Position::text(identifier, 1)));
            }
            State::Header | State::Between | State::Skip => {}
        }
    }

    fn missing_blank_line(&mut self, line: &str, line_no: u32) -> Result<(), Error> {
        self.warnings.push(Error::new(ErrorKind::MissingBlankLine, Position::text(line_no, 1)));
        self.timing(line, line_no)
    }

    /// A timing line: starts a cue, or skips the block with a warning if a time does not read.
    fn timing(&mut self, line: &str, line_no: u32) -> Result<(), Error> {
        match timing_line(line) {
            Ok((start, end)) => {
                if self.chapters.len() >= MAX_CHAPTERS {
                    return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::text(line_no, 1)));
                }
                self.state = State::Cue(Cue { start, end, line: line_no, text: Vec::new() });
            }
            Err((kind, column)) => {
                self.warnings.push(Error::new(kind, Position::text(line_no, column)));
                self.state = State::Skip;
            }
        }
        Ok(())
    }
}

/// The first line of a NOTE, STYLE or REGION block.
fn is_skipped_block(line: &str) -> bool {
    let note = line.strip_prefix("NOTE").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    note || matches!(line.trim_end(), "STYLE" | "REGION")
}

/// Whether a line inside a block is a timing line that lacks the blank line before it: the text
/// before `-->` is made of digits, colons, dots and commas, with at least one colon.
fn looks_like_timing(line: &str) -> bool {
    let Some((before, _)) = line.split_once(ARROW) else {
        return false;
    };
    let before = before.trim_matches(|c: char| c.is_ascii_whitespace());
    before.contains(':') && before.bytes().all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b','))
}

/// Reads `start --> end [settings]`, or says which time does not read and its column.
fn timing_line(line: &str) -> Result<(Timestamp, Timestamp), (ErrorKind, u32)> {
    let space = |c: char| c.is_ascii_whitespace();
    let (before, after) = line.split_once(ARROW).unwrap_or((line, ""));
    let start_offset = before.len() - before.trim_start_matches(space).len();
    let start_text = before.trim_matches(space);
    let end_part = after.trim_start_matches(space);
    let end_offset = before.len() + ARROW.len() + (after.len() - end_part.len());
    let end_text = end_part.split(space).next().unwrap_or_default();
    let read = |text: &str, offset: usize| {
        timestamp(text).map_err(|rule| (ErrorKind::TimestampRule { text: text.to_owned(), rule }, column(line, offset)))
    };
    Ok((read(start_text, start_offset)?, read(end_text, end_offset)?))
}

/// A WebVTT timestamp, `mm:ss.ttt` or `h…:mm:ss.ttt`, or the rule it breaks.
fn timestamp(text: &str) -> Result<Timestamp, &'static str> {
    let (clock, fraction) = match text.find(['.', ',']) {
        Some(at) => (text.get(..at).unwrap_or_default(), text.get(at..).unwrap_or_default()),
        None => (text, ""),
    };
    let fields: Vec<&str> = clock.split(':').collect();
    if fields.iter().any(|field| field.is_empty() || !field.bytes().all(|b| b.is_ascii_digit())) {
        return Err(SHAPE);
    }
    let (hours, minutes, seconds) = match fields.as_slice() {
        [minutes, seconds] => ("0", *minutes, *seconds),
        [hours, minutes, seconds] => (*hours, *minutes, *seconds),
        _ => return Err(SHAPE),
    };
    if minutes.len() != 2 || seconds.len() != 2 {
        return Err(TWO_DIGITS);
    }
    let millis = fraction.strip_prefix('.').filter(|digits| digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit())).ok_or(MILLIS)?;
    let number = |digits: &str| digits.parse::<u64>().map_err(|_| TOO_LARGE);
    let (minutes, seconds) = (number(minutes)?, number(seconds)?);
    if minutes > 59 || seconds > 59 {
        return Err(BELOW_60);
    }
    let ms = number(hours)?
        .checked_mul(3_600_000)
        .and_then(|ms| ms.checked_add(minutes * 60_000 + seconds * 1000))
        .and_then(|ms| ms.checked_add(number(millis).ok()?))
        .filter(|&ms| ms <= MAX_MILLIS)
        .ok_or(TOO_LARGE)?;
    Ok(Timestamp::from_millis(ms))
}

/// The 1-based column, in characters, of byte `offset` in `line`.
fn column(line: &str, offset: usize) -> u32 {
    u32::try_from(line.get(..offset).map_or(0, |before| before.chars().count()) + 1).unwrap_or(u32::MAX)
}

/// Chapters from cues that a browser has already parsed (the `TextTrack.cues` of a
/// `<track kind="chapters">`): start and end in seconds as the browser reports them, and the
/// cue text as written. Cues with times that are not times are skipped with a warning.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::webvtt;
///
/// let parsed = webvtt::from_cues([(0.0, 165.0, "<b>Intro</b> &amp; hello".to_owned()), (165.0, 239.5, "Next".to_owned())]).unwrap();
/// assert_eq!(parsed.chapters.get(0).unwrap().title, "Intro & hello");
/// assert_eq!(parsed.chapters.get(1).unwrap().end.unwrap().as_millis(), 239_500);
/// ```
pub fn from_cues(cues: impl IntoIterator<Item = (f64, f64, String)>) -> Result<Parsed, Error> {
    let mut chapters = Vec::new();
    let mut warnings = Vec::new();
    for (start, end, text) in cues {
        if chapters.len() >= MAX_CHAPTERS {
            return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::Unknown));
        }
        let Some(start_time) = Timestamp::from_secs_f64(start) else {
            warnings.push(Error::new(ErrorKind::InvalidTime { field: "startTime", value: "not a number of seconds".to_owned() }, Position::Unknown));
            continue;
        };
        let mut chapter = Chapter::new(start_time, cue_text(&text).split_whitespace().collect::<Vec<_>>().join(" "));
        chapter.end = Timestamp::from_secs_f64(end);
        chapters.push(chapter);
    }
    Parsed::build(None, chapters, warnings, "a cue in the chapters track")
}

/// Cue text as plain text: tags dropped, character references decoded, NUL replaced.
pub fn cue_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Once no `>` is left, every later `<` is text (and the search is not repeated).
    let mut closing = true;
    while let Some(c) = rest.chars().next() {
        if c == '<' && closing {
            if let Some(close) = rest.find('>') {
                rest = rest.get(close + 1..).unwrap_or_default();
                continue;
            }
            closing = false;
        } else if c == '&' {
            if let Some((decoded, len)) = reference(rest) {
                out.push(decoded);
                rest = rest.get(len..).unwrap_or_default();
                continue;
            }
        }
        out.push(if c == '\0' { '\u{fffd}' } else { c });
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

/// The character reference at the start of `text` (which starts with `&`) and its length in
/// bytes, or `None` if it is not one we decode. A number that is not a character is U+FFFD.
fn reference(text: &str) -> Option<(char, usize)> {
    let (semicolon, _) = text.char_indices().take(32).find(|&(_, c)| c == ';')?;
    let name = text.get(1..semicolon)?;
    let decoded = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        _ => {
            let number = name.strip_prefix('#')?;
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            u32::from_str_radix(digits, radix).ok().and_then(char::from_u32).filter(|&c| c != '\0').unwrap_or('\u{fffd}')
        }
    };
    Some((decoded, semicolon + 1))
}
