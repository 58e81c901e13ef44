//! Show notes with a chapter outline, as podcasters paste them into an episode page.
//!
//! The shape (see `demo/episode.txt`):
//!
//! ```text
//! No Priors Ep. 5 | With Hugging Face's Clem Delangue     <- header: the episode title
//! CHAPTERS                                               <- optional marker line
//! - 0:00 – 2:45                                          <- a time range starts a chapter
//! From eBay power-seller to computer vision              <- the next line is its title
//! Clem recounts growing up in France, …                  <- then its summary paragraph
//! - •Ran a major French eBay seller operation            <- then its key points
//! ```
//!
//! A range line is an optional bullet (`-`, `*`, `•`), a clock time, a dash (en dash, em dash
//! or hyphen) and a second clock time (or just the start: `- 34:04`, ending where the next
//! chapter starts or the media ends); times are `M:SS`, `MM:SS` or `H:MM:SS`, optionally with
//! a fraction. Key points are lines starting with `•`, `- •`, `- ` or `* `. Summary lines before
//! the first point are joined into one paragraph; a line after a point continues that point.
//!
//! Description timestamp lists, as YouTube, Spotify and Apple read them, work too: a line that
//! starts with a time and goes on with a title (`00:00 Intro`, `(12:34) Topic`,
//! `[1:02:03] - Topic`, `12:47 – Topic`, `1:30: Topic`) is a chapter whose title is on that line;
//! the prose lines around such a list are the description's, not the chapters'.
//!
//! A title or summary line that starts with U+2060 WORD JOINER has it removed: writers use it
//! to keep a title like "- Why" or "12:00 deadlines" from reading as a point or a range.
//!
//! A range line whose times do not read is skipped with a warning (and so is its chapter);
//! parsing fails only when no chapter could be read at all.

use crate::chapters::{Chapter, Timestamp};
use crate::diagnostics::{Error, ErrorKind, Position};
use crate::formats::{prepare, Parsed, MAX_CHAPTERS};

const DASHES: [char; 3] = ['–', '—', '-'];
/// An invisible character that writers put before a title or summary line that would
/// otherwise read as a range or a point (a title starting with "- " or "12:"); dropped here.
pub const WORD_JOINER: char = '\u{2060}';
const EXPECTED: &str = "a line like \"- 0:00 – 2:45\"";

/// Parses show notes into chapters.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::shownotes;
///
/// let notes = "My Show Ep. 1\nCHAPTERS\n- 0:00 – 2:45\nWelcome\nWhat this episode is about.\n- •First point\n";
/// let parsed = shownotes::parse(notes).unwrap();
/// assert_eq!(parsed.title.as_deref(), Some("My Show Ep. 1"));
/// let first = parsed.chapters.get(0).unwrap();
/// assert_eq!((first.title.as_str(), first.end.unwrap().as_millis()), ("Welcome", 165_000));
/// assert_eq!(first.points, ["First point"]);
/// ```
pub fn parse(text: &str) -> Result<Parsed, Error> {
    let text = prepare(text)?;
    let mut title = None;
    let mut chapters: Vec<Chapter> = Vec::new();
    let mut warnings = Vec::new();
    // The chapter whose lines are being read; `None` before the first range and after a bad one.
    let mut current: Option<Body> = None;

    for (index, raw_line) in text.lines().enumerate() {
        let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = raw_line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(range) = range_line(raw_line) {
            if let Some(body) = current.take() {
                chapters.push(body.finish());
            }
            match range {
                Ok(Marker { start, end, title: inline_title }) => {
                    if chapters.len() >= MAX_CHAPTERS {
                        return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::text(line_no, 1)));
                    }
                    let mut chapter = Chapter::new(start, inline_title.unwrap_or_default());
                    chapter.end = end;
                    chapter.position = Position::text(line_no, 1);
                    let closed = inline_title.is_some();
                    current = Some(Body { chapter, closed, in_points: false, summary: Vec::new() });
                }
                Err((bad, column)) => {
                    warnings.push(Error::new(ErrorKind::InvalidTimestamp(bad.to_owned()), Position::text(line_no, column)));
                }
            }
            continue;
        }
        match current.as_mut() {
            Some(body) => body.add_line(line),
            None if chapters.is_empty() && title.is_none() && !line.eq_ignore_ascii_case("chapters") => {
                title = Some(line.to_owned());
            }
            None => {}
        }
    }
    if let Some(body) = current.take() {
        chapters.push(body.finish());
    }
    Parsed::build(title, chapters, warnings, EXPECTED)
}

/// The lines of the chapter being read.
struct Body {
    chapter: Chapter,
    /// A timestamp-list chapter (`12:34 Topic`): its line said everything; the lines after it
    /// are the description's prose, not the chapter's.
    closed: bool,
    in_points: bool,
    summary: Vec<String>,
}

impl Body {
    fn add_line(&mut self, line: &str) {
        if self.closed {
            return;
        }
        if let Some(point) = point_text(line) {
            self.in_points = true;
            if !point.is_empty() {
                self.chapter.points.push(point.to_owned());
            }
            return;
        }
        let line = line.strip_prefix(WORD_JOINER).unwrap_or(line);
        if self.chapter.title.is_empty() && !self.in_points && self.summary.is_empty() {
            self.chapter.title = line.to_owned();
        } else if let (true, Some(last)) = (self.in_points, self.chapter.points.last_mut()) {
            last.push(' ');
            last.push_str(line);
        } else {
            self.summary.push(line.to_owned());
        }
    }

    fn finish(mut self) -> Chapter {
        self.chapter.summary = self.summary.join(" ");
        self.chapter
    }
}

/// The text of a key-point line, or `None` if the line is not one.
fn point_text(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .map(str::trim_start)
        .map(|rest| rest.strip_prefix('•').unwrap_or(rest))
        .or_else(|| line.strip_prefix('•'))?;
    Some(rest.trim())
}

/// What a chapter line says: where the chapter starts, where it ends if the line says, and
/// its title if it is on the same line (a timestamp list: `12:34 Topic`).
struct Marker<'a> {
    start: Timestamp,
    end: Option<Timestamp>,
    title: Option<&'a str>,
}

/// If `line` starts a chapter — a range (`- 0:00 – 2:45`), a lone start (`- 34:04`), or a
/// timestamp-list line (`00:00 Intro`, `(12:34) Topic`, `[1:02:03] - Topic`, `12:47 – Topic`) —
/// what it says, or the text that is not a time and its column (1-based, in characters).
/// `None` if the line does not start with a time at all.
fn range_line(line: &str) -> Option<Result<Marker<'_>, (&str, u32)>> {
    let trimmed = line.trim_start();
    let body = trimmed.strip_prefix(['-', '*', '•']).map(str::trim_start).unwrap_or(trimmed);
    let (body, close) = match body.strip_prefix('(') {
        Some(rest) => (rest, Some(')')),
        None => match body.strip_prefix('[') {
            Some(rest) => (rest, Some(']')),
            None => (body, None),
        },
    };
    // A chapter line starts with digits and a colon: "0:00 – 2:45"; other lines that start
    // with a number ("- 2023 was the year") are ordinary text.
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || body.as_bytes().get(digits) != Some(&b':') {
        return None;
    }
    let column_of = |part: &str| {
        let offset = part.as_ptr() as usize - line.as_ptr() as usize;
        u32::try_from(line.get(..offset).map_or(0, |before| before.chars().count()) + 1).unwrap_or(u32::MAX)
    };
    let is_time_char = |c: char| c.is_ascii_digit() || c == ':' || c == '.' || c == ',';
    let time_len = body.find(|c: char| !is_time_char(c)).unwrap_or(body.len());
    let (start_text, rest) = body.split_at(time_len);
    // "1:02." or "12:34:" end a phrase: the punctuation is not part of the time.
    let start_text = start_text.trim_end_matches(['.', ',', ':']);
    let rest = body.get(start_text.len()..).unwrap_or(rest);
    let rest = match close {
        Some(close) => match rest.strip_prefix(close) {
            Some(after) => after,
            None => return Some(Err((body.trim_end(), column_of(body)))),
        },
        None => rest,
    };
    // The time must end at a space, a dash, a separator or the end of the line ("0:00x" is not
    // a time).
    let separator = |c: char| c.is_whitespace() || DASHES.contains(&c) || matches!(c, '|' | ':' | '.' | ',');
    if rest.chars().next().is_some_and(|c| !separator(c)) {
        let token = body.split_whitespace().next().unwrap_or(body);
        return Some(Err((token, column_of(token))));
    }
    let start = match Timestamp::parse_clock(start_text) {
        Ok(start) => start,
        Err(_) => return Some(Err((start_text, column_of(start_text)))),
    };
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(Ok(Marker { start, end: None, title: None }));
    }
    // After a dash or an arrow (`->`, `-->` as in WebVTT, `→`): a second time (a range) or a title.
    let arrow = ["-->", "->", "→"].into_iter().find_map(|arrow| rest.strip_prefix(arrow));
    let after_dash = arrow.or_else(|| rest.strip_prefix(DASHES)).map(str::trim_start);
    if let Some(end_text) = after_dash.filter(|t| t.is_empty() || t.starts_with(|c: char| c.is_ascii_digit()) && t.contains(':') && !t.contains(' ')) {
        return Some(match Timestamp::parse_clock(end_text) {
            Ok(end) => Ok(Marker { start, end: Some(end), title: None }),
            Err(_) => Err((end_text, column_of(end_text))),
        });
    }
    let title = arrow.unwrap_or(rest).trim_start_matches(separator);
    if title.is_empty() {
        return Some(Ok(Marker { start, end: None, title: None }));
    }
    Some(Ok(Marker { start, end: None, title: Some(title) }))
}
