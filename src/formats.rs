//! Chapter sources: one module per format, each with a `parse` function that returns
//! [`Parsed`] (chapters plus the warnings met) or, when nothing usable was read, an
//! [`Error`] with its position.
//!
//! [`parse`] picks the format from the content itself.

pub mod json;
pub mod shownotes;

use crate::chapters::{Chapter, Chapters};
use crate::diagnostics::{Error, ErrorKind, Position};

/// The largest source accepted, in bytes (16 MiB). Larger inputs are refused with
/// [`ErrorKind::TooLarge`] before any parsing.
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// The most chapters a source may have; more are refused with [`ErrorKind::TooManyChapters`].
pub const MAX_CHAPTERS: usize = 50_000;

/// What a source yielded: the normalised chapters, the episode title if the source names one,
/// and every problem that was repaired or skipped on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The episode's title, if the source has one.
    pub title: Option<String>,
    /// The chapters, normalised (see [`Chapters::new`]).
    pub chapters: Chapters,
    /// Problems read past, in input order, then the normalising rules' warnings.
    pub warnings: Vec<Error>,
}

impl Parsed {
    /// Normalises what a parser read. Fails with `no_chapters` when there are none, or with
    /// the first warning if every chapter was skipped because of a problem.
    fn build(
        title: Option<String>,
        raw: Vec<Chapter>,
        mut warnings: Vec<Error>,
        no_chapters: &'static str,
    ) -> Result<Parsed, Error> {
        if raw.is_empty() {
            return Err(match warnings.into_iter().next() {
                Some(first) => first,
                None => Error::new(ErrorKind::NoChapters(no_chapters), Position::Unknown),
            });
        }
        let (chapters, rule_warnings) = Chapters::new(raw);
        warnings.extend(rule_warnings);
        Ok(Parsed { title, chapters, warnings })
    }
}

/// Checks what every text format refuses: empty and oversized input. Strips a UTF-8 BOM.
fn prepare(text: &str) -> Result<&str, Error> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::new(ErrorKind::TooLarge { limit: MAX_INPUT_BYTES }, Position::Unknown));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Empty, Position::Unknown));
    }
    Ok(text)
}

/// Reads chapters from text in any supported format, picked by content: a JSON object is
/// Podcasting 2.0 JSON chapters, anything else is read as show notes.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats;
///
/// let json = formats::parse(r#"{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}"#).unwrap();
/// let notes = formats::parse("CHAPTERS\n- 0:00 – 1:00\nIntro\n").unwrap();
/// assert_eq!(json.chapters.get(0).unwrap().title, notes.chapters.get(0).unwrap().title);
/// ```
pub fn parse(text: &str) -> Result<Parsed, Error> {
    let body = prepare(text)?;
    if body.trim_start().starts_with('{') {
        json::parse(text)
    } else {
        shownotes::parse(text)
    }
}
