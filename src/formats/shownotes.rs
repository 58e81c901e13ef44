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
                Ok((start, end)) => {
                    if chapters.len() >= MAX_CHAPTERS {
                        return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::text(line_no, 1)));
                    }
                    let mut chapter = Chapter::new(start, "");
                    chapter.end = end;
                    chapter.position = Position::text(line_no, 1);
                    current = Some(Body { chapter, in_points: false, summary: Vec::new() });
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
    in_points: bool,
    summary: Vec<String>,
}

impl Body {
    fn add_line(&mut self, line: &str) {
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

/// If `line` is a range line, its start and end — or the text that is not a time and its
/// column (1-based, in characters). `None` if the line is not a range line at all.
#[allow(clippy::type_complexity)]
fn range_line(line: &str) -> Option<Result<(Timestamp, Option<Timestamp>), (&str, u32)>> {
    let trimmed = line.trim_start();
    let body = trimmed.strip_prefix(['-', '*', '•']).map(str::trim_start).unwrap_or(trimmed);
    // A range line starts with digits and a colon: "0:00 – 2:45"; other lines that start
    // with a number ("- 2023 was the year") are ordinary text.
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || body.as_bytes().get(digits) != Some(&b':') {
        return None;
    }
    let column_of = |part: &str| {
        let offset = part.as_ptr() as usize - line.as_ptr() as usize;
        u32::try_from(line.get(..offset).map_or(0, |before| before.chars().count()) + 1).unwrap_or(u32::MAX)
    };
    let Some(dash) = body.find(DASHES) else {
        // A start without an end ("- 34:04"): the end comes from the next chapter or the media.
        let text = body.trim_end();
        return Some(Timestamp::parse_clock(text).map(|start| (start, None)).map_err(|_| (text, column_of(text))));
    };
    let start_text = body.get(..dash).unwrap_or_default().trim_end();
    let after = body.get(dash..).unwrap_or_default();
    let end_text = after.trim_start_matches(DASHES).trim();
    let start = Timestamp::parse_clock(start_text).map_err(|_| (start_text, column_of(start_text)));
    let end = Timestamp::parse_clock(end_text).map_err(|_| (end_text, column_of(end_text)));
    Some(start.and_then(|s| end.map(|e| (s, Some(e)))))
}
