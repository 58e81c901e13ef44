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
//! Description lists, as people write them on YouTube, Spotify, Apple Podcasts and podcast
//! pages, work too: a line with a time and a title is a chapter whose title is on that line.
//!
//! - The time at the start (`00:00 Intro`, `1:30: Topic`, `12:47 – Topic`), at the end
//!   (`Intro - 0:00`, `Prison Song 8:42`) or in the middle with text on both sides
//!   (`Suite-Pee 4:26 (Incomplete)`: the title is "Suite-Pee (Incomplete)").
//! - The time bare or in `()`, `[]` or `<>`; `H:MM:SS`, `MM:SS` or `M:SS`, optionally with a
//!   fraction.
//! - Before it all, a number (`1.`, `1)`, `1 -`), a bullet (`-`, `*`, `•`, `–`), an emoji or a
//!   symbol (`⏱`, `🎤`, `▶️`, `#`).
//! - Separators between the time and the title (`-`, `–`, `—`, `:`, `|`) are not part of the
//!   title.
//!
//! **Lists, not prose.** A line that starts with a time (after its number, bullet or symbol)
//! is always a chapter line. A line whose time is elsewhere is one only as part of a list: at
//! least two such lines in a row (blank lines between them are fine), their times in
//! ascending order, and at least half of them with the time at the end of the line. A time
//! inside a sentence ("we met from 13:30 outside the venue") is prose: on its own, or among
//! other sentences, it is not a chapter. A line with two times in it is never a list line.
//! The prose lines around a list are the description's, not the chapters'.
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
/// What the reader looks for, as a literal (for `concat!` in [`crate::formats`]).
macro_rules! expected {
    () => {
        "a line like \"00:00 Intro\", \"- 0:00 – 2:45\" or \"1. Intro (0:00)\", or several lines like \"Intro - 0:00\" in time order"
    };
}
pub(crate) use expected;
/// What the reader looks for, for the message when it finds nothing.
pub const EXPECTED: &str = expected!();

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
    let lines: Vec<(u32, &str, Kind)> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| (u32::try_from(index + 1).unwrap_or(u32::MAX), line, kind(line)))
        .collect();
    let listed = list_lines(&lines);
    let mut title = None;
    let mut chapters: Vec<Chapter> = Vec::new();
    let mut warnings = Vec::new();
    // The chapter whose lines are being read; `None` before the first range and after a bad one.
    let mut current: Option<Body> = None;
    // Whether every chapter came from a description list line (a time and a title, no end).
    let mut list_only = true;

    for ((line_no, raw_line, kind), listed) in lines.into_iter().zip(listed) {
        let line = raw_line.trim();
        let marker = match kind {
            Kind::Start(marker) => Some(marker),
            // A list line inside an open chapter (its title or summary) is that chapter's.
            Kind::Inside { start, title, .. } if listed && current.as_ref().is_none_or(|body| body.closed) => {
                Some(Ok(Marker { start, end: None, title: Some(title) }))
            }
            _ => None,
        };
        if let Some(marker) = marker {
            if let Some(body) = current.take() {
                chapters.push(body.finish());
            }
            match marker {
                Ok(Marker { start, end, title: inline_title }) => {
                    if chapters.len() >= MAX_CHAPTERS {
                        return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::text(line_no, 1)));
                    }
                    let closed = inline_title.is_some();
                    list_only &= closed && end.is_none();
                    let mut chapter = Chapter::new(start, inline_title.unwrap_or_default());
                    chapter.end = end;
                    chapter.position = Position::text(line_no, 1);
                    current = Some(Body { chapter, closed, in_points: false, summary: Vec::new() });
                }
                Err((bad, column)) => {
                    warnings.push(Error::new(ErrorKind::InvalidTimestamp(bad), Position::text(line_no, column)));
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
    let mut parsed = Parsed::build(title, chapters, warnings, EXPECTED)?;
    if list_only {
        list_rules(&mut parsed);
    }
    Ok(parsed)
}

/// YouTube's rules for description lists (the first chapter at 0:00, at least three, each at
/// least 10 seconds long), as warnings: a guide for the podcaster, never a reason to refuse.
/// The last chapter's length depends on the audio, so it is not checked.
fn list_rules(parsed: &mut Parsed) {
    let chapters = parsed.chapters.as_slice();
    if let Some(first) = chapters.first().filter(|c| c.start != Timestamp::ZERO) {
        parsed.warnings.push(Error::new(ErrorKind::ListNotFromZero(first.start), first.position));
    }
    if chapters.len() < 3 {
        parsed.warnings.push(Error::new(ErrorKind::ListTooShort(chapters.len()), Position::Unknown));
    }
    let short = chapters.iter().take(chapters.len().saturating_sub(1)).filter_map(|c| {
        let length = c.end?.since(c.start);
        (length.as_millis() < 10_000).then(|| Error::new(ErrorKind::ListChapterShort { title: c.title.clone(), length }, c.position))
    });
    let short: Vec<Error> = short.collect();
    parsed.warnings.extend(short);
}

/// Which lines with a time inside them are list lines: runs of such lines (other lines end a
/// run; blank lines were left out before) of at least two, in ascending time order, at least
/// half of them with the time at the end.
fn list_lines(lines: &[(u32, &str, Kind)]) -> Vec<bool> {
    let mut listed = vec![false; lines.len()];
    let mut from = 0;
    while from < lines.len() {
        let run = lines.get(from..).unwrap_or_default().iter().take_while(|(_, _, kind)| matches!(kind, Kind::Inside { .. })).count();
        if run == 0 {
            from += 1;
            continue;
        }
        let (mut ascending, mut at_end, mut last) = (true, 0, None);
        for (_, _, kind) in lines.get(from..from + run).unwrap_or_default() {
            if let Kind::Inside { start, at_end: end, .. } = kind {
                ascending &= last.is_none_or(|last| last < *start);
                at_end += usize::from(*end);
                last = Some(*start);
            }
        }
        if run >= 2 && ascending && at_end * 2 >= run {
            listed.get_mut(from..from + run).unwrap_or_default().fill(true);
        }
        from += run;
    }
    listed
}

/// What one line says on its own.
enum Kind {
    /// A line that starts with a time: a chapter line (or a bad one).
    Start(Result<Marker, (String, u32)>),
    /// One time elsewhere in the line: a chapter line if it is part of a list.
    Inside { start: Timestamp, title: String, at_end: bool },
    /// Anything else.
    Text,
}

fn kind(line: &str) -> Kind {
    match range_line(line) {
        Some(marker) => Kind::Start(marker.map_err(|(bad, column)| (bad.to_owned(), column))),
        None => inside(list_item(line)).unwrap_or(Kind::Text),
    }
}
/// Whether `line`, written as a title, summary or point text, would read as something else: a
/// chapter line (`(0:30) Intro`, `⏱ 0:30 Intro`, `1. 0:30 Intro`) or a key point (`- Why`). A
/// writer puts [`WORD_JOINER`] before such a line.
///
/// ```
/// use episode_chapters::formats::shownotes;
///
/// assert!(shownotes::needs_word_joiner("⏱ 0:30 Intro"));
/// assert!(shownotes::needs_word_joiner("- Why"));
/// assert!(!shownotes::needs_word_joiner("Intro - 0:30"));
/// ```
pub fn needs_word_joiner(line: &str) -> bool {
    range_line(line).is_some() || point_text(line.trim()).is_some()
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
struct Marker {
    start: Timestamp,
    end: Option<Timestamp>,
    title: Option<String>,
}

/// Characters between a time and its title, not part of the title.
fn separator(c: char) -> bool {
    c.is_whitespace() || DASHES.contains(&c) || matches!(c, '|' | ':' | '.' | ',')
}

/// A bullet, an emoji or a symbol that starts a list line: ASCII punctuation other than
/// opening brackets; dashes, bullets, arrows, technical and other symbols, dingbats (U+2010 to
/// U+2BFF, but not U+2060 WORD JOINER and the invisible characters after it); emoji
/// (U+1F000 to U+1FAFF) with their variation selectors, joiners and keycaps. By code point
/// ranges rather than Unicode's tables, which would cost kilobytes of wasm.
fn is_symbol(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !matches!(c, '(' | '[' | '<' | '{');
    }
    matches!(u32::from(c), 0x2010..=0x205F | 0x2070..=0x2BFF | 0x200D | 0xFE0E..=0xFE0F | 0x1F000..=0x1FAFF | 0xE0020..=0xE007F)
}

fn symbol_or_space(c: char) -> bool {
    is_symbol(c) || c.is_whitespace()
}

/// The line without what starts a list item: symbols and bullets (`-`, `•`, `⏱`), a number
/// (`1.`, `1)`, `1 -`) and symbols again, with the spaces between them. A key point (`- •`)
/// is left as it is.
fn list_item(line: &str) -> &str {
    let line = line.trim_start();
    let after_bullet = line.strip_prefix(['-', '*']).map(str::trim_start);
    if after_bullet.is_some_and(|rest| rest.starts_with('•')) {
        return line;
    }
    let rest = line.trim_start_matches(symbol_or_space);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number = rest.get(digits..).filter(|_| (1..=3).contains(&digits)).and_then(|after| {
        let marker = after.trim_start();
        let spaced = marker.len() < after.len();
        let after_marker = marker.strip_prefix(['.', ')']).or_else(|| marker.strip_prefix(DASHES).filter(|_| spaced))?;
        after_marker.starts_with(char::is_whitespace).then_some(after_marker)
    });
    number.unwrap_or(rest).trim_start_matches(symbol_or_space)
}

/// If `line` starts a chapter — a range (`- 0:00 – 2:45`), a lone start (`- 34:04`), or a
/// timestamp-list line (`00:00 Intro`, `(12:34) Topic`, `[1:02:03] - Topic`, `<00:00> Intro`,
/// `1. 12:47 – Topic`, `⏱ 00:00 Intro`) — what it says, or the text that is not a time and its
/// column (1-based, in characters). `None` if the line does not start with a time at all.
fn range_line(line: &str) -> Option<Result<Marker, (&str, u32)>> {
    let body = list_item(line);
    let (body, close) = match body.strip_prefix(['(', '[', '<']) {
        Some(rest) => (rest, body.chars().next().map(|open| match open {
            '(' => ')',
            '[' => ']',
            _ => '>',
        })),
        None => (body, None),
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
    Some(Ok(Marker { start, end: None, title: (!title.is_empty()).then(|| title.to_owned()) }))
}

/// A line with one time that is not at its start (`Intro - 0:00`, `Intro (0:00)`,
/// `Suite-Pee 4:26 (Incomplete)`): the time, the text around it as the title (separators next
/// to the time dropped), and whether the time ends the line. `None` for no time, two times,
/// or no text around it.
fn inside(item: &str) -> Option<Kind> {
    let bytes = item.as_bytes();
    let mut found = None;
    let mut at = 0;
    while let Some(offset) = bytes.get(at..).and_then(|rest| rest.iter().position(u8::is_ascii_digit)) {
        let from = at + offset;
        let len = clock_len(bytes.get(from..).unwrap_or_default());
        // A time stands alone: no letter, digit, colon or dot right before it.
        let before = from.checked_sub(1).and_then(|i| bytes.get(i)).copied();
        let alone = !before.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'.' | b',') || b >= 0x80);
        match len {
            Some(len) if alone => {
                if found.is_some() {
                    return None;
                }
                found = Some((from, from + len));
                at = from + len;
            }
            _ => at = from + bytes.get(from..).unwrap_or_default().iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'.')).count().max(1),
        }
    }
    let (from, to) = found?;
    let start = Timestamp::parse_clock(item.get(from..to)?).ok()?;
    let (mut before, mut after) = (item.get(..from)?, item.get(to..)?);
    // Brackets around the time go with it.
    for (open, close) in [('(', ')'), ('[', ']'), ('<', '>')] {
        if let (Some(b), Some(a)) = (before.strip_suffix(open), after.strip_prefix(close)) {
            (before, after) = (b, a);
        }
    }
    // Not '.' or ',' here: "B.Y.O.B. 20:09" keeps its dot.
    let before = before.trim_end_matches(between);
    let after = after.trim_start_matches(between).trim_end();
    let mut title = before.to_owned();
    if !title.is_empty() && !after.is_empty() {
        title.push(' ');
    }
    title.push_str(after);
    if title.is_empty() {
        return None;
    }
    Some(Kind::Inside { start, title, at_end: after.is_empty() })
}

/// Separators between a list line's title and its time.
fn between(c: char) -> bool {
    c.is_whitespace() || DASHES.contains(&c) || matches!(c, '|' | ':')
}

/// The length of the clock time at the start of `bytes` (`M:SS`, `MM:SS`, `H:MM:SS`, at most
/// three digits first, an optional fraction), if it is one that ends there: not followed by a
/// letter, a digit or another colon.
fn clock_len(bytes: &[u8]) -> Option<usize> {
    let digits = |from: usize| bytes.get(from..).unwrap_or_default().iter().take_while(|b| b.is_ascii_digit()).count();
    let first = digits(0);
    if !(1..=3).contains(&first) {
        return None;
    }
    let mut len = first;
    let mut fields = 1;
    while fields < 3 && bytes.get(len) == Some(&b':') && digits(len + 1) == 2 {
        len += 3;
        fields += 1;
    }
    if fields == 1 {
        return None;
    }
    if matches!(bytes.get(len), Some(b'.' | b',')) && digits(len + 1) > 0 {
        len += 1 + digits(len + 1);
    }
    match bytes.get(len) {
        Some(b) if b.is_ascii_alphanumeric() || *b == b':' || *b >= 0x80 => None,
        _ => Some(len),
    }
}
