//! Podcasting 2.0 JSON chapters, version 1.2
//! (<https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md>),
//! the file a feed links with `<podcast:chapters type="application/json+chapters">`.
//!
//! ```json
//! {
//!   "version": "1.2.0",
//!   "title": "No Priors Ep. 5",
//!   "chapters": [
//!     {
//!       "startTime": 0,
//!       "endTime": 165,
//!       "title": "From eBay power-seller to computer vision",
//!       "description": "Clem recounts growing up in France …",
//!       "points": ["Ran a major French eBay seller operation", "…"]
//!     }
//!   ]
//! }
//! ```
//!
//! Read: the root's `version` (required by the spec; a warning when missing) and `title`;
//! each chapter's `startTime` (required, seconds), `endTime`, `title`, `url`, `img` (the
//! chapter's picture) and `toc` (`false`: a silent chapter, kept but not listed). Times are
//! converted from the number's digits exactly, to the millisecond. `location` and the other
//! root fields (`author`, `podcastName`, `description`, `fileName`, `waypoints`) are accepted
//! and not used.
//!
//! **Podlove Web Player chapters** are read by the same reader: a bare array, or a
//! configuration object's `chapters`, whose entries have `start` as a clock string
//! (`"00:01:30.500"`), `title`, `href` (the link) and `image`.
//!
//! **Extension fields** (ours, ignored by other readers, as the spec allows): `description`,
//! a string, the chapter's summary paragraph; `points`, an array of strings, its key points.
//!
//! Lenience: real files are often slightly broken, so a trailing comma before `]` or `}` is
//! read past with a warning naming its line, and a time written as a string of digits
//! (`"startTime": "12.5"`, as some publishing code writes it) is read as the number, with a
//! warning. Anything else that is not JSON is an error with
//! its line and column. A chapter that cannot be used (no `startTime`, a negative one, not an
//! object) is skipped with a warning; a field of the wrong type is ignored with a warning.
//!
//! The JSON reader is written by hand rather than taken from serde_json: it gives every value
//! a position for messages, reads past trailing commas, and costs a fraction of serde_json's
//! ~20 KB (brotli) in the wasm.

use crate::chapters::{sorted_by_key, Chapter, ChapterImage, Timestamp};
use crate::diagnostics::{Error, ErrorKind, Locator, Position};
use crate::formats::{prepare, Parsed, MAX_CHAPTERS};

/// Nesting deeper than this is refused (it would only be an attack on the stack).
const MAX_DEPTH: usize = 64;
const EXPECTED: &str = "at least one entry in \"chapters\"";

/// Parses Podcasting 2.0 JSON chapters.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::json;
///
/// let parsed = json::parse(r#"{
///   "version": "1.2.0",
///   "chapters": [
///     {"startTime": 0, "title": "Intro", "description": "Hello.", "points": ["One", "Two"]},
///     {"startTime": 62.5, "title": "Main"},
///   ]
/// }"#).unwrap();
/// assert_eq!(parsed.chapters.get(1).unwrap().start.as_millis(), 62_500);
/// assert_eq!(parsed.chapters.get(0).unwrap().points, ["One", "Two"]);
/// assert_eq!(parsed.warnings[0].to_string(), "line 5, column 41: trailing comma ignored");
///
/// let err = json::parse(r#"{"version": "1.2.0", "chapters": [{"startTime": "zero"}]}"#).unwrap_err();
/// assert_eq!(err.to_string(), "line 1, column 49: \"chapters[0].startTime\" must be a number, found a string");
/// ```
pub fn parse(text: &str) -> Result<Parsed, Error> {
    let text = prepare(text)?;
    let mut reader = Reader { text, bytes: text.as_bytes(), at: 0, trailing_commas: Vec::new() };
    let root = reader.document().map_err(|(message, at)| Error::new(ErrorKind::Syntax(message), Position::in_text(text, at)))?;
    let mut problems: Vec<(ErrorKind, usize)> = reader.trailing_commas.iter().map(|&at| (ErrorKind::TrailingComma, at)).collect();

    // Podlove Web Player: a bare array of chapters.
    if let Value::Array(items) = &root.value {
        return read_chapters(text, None, items, &root, Dialect::Podlove, problems);
    }
    let Value::Object(members) = &root.value else {
        let kind = wrong_type(String::new(), "an object", &root.value);
        return Err(Error::new(kind, Position::in_text(text, root.at)));
    };
    let mut title = None;
    let mut chapters_value = None;
    let mut version = None;
    for (key, value) in members {
        match key.as_str() {
            "version" => version = Some(value),
            "title" => title = string_field(value, Name::root("title"), &mut problems),
            "chapters" => chapters_value = Some(value),
            _ => {}
        }
    }
    let Some(chapters_value) = chapters_value else {
        return Err(Error::new(ErrorKind::MissingField("chapters"), Position::in_text(text, root.at)));
    };
    let Value::Array(items) = &chapters_value.value else {
        let kind = wrong_type("chapters".into(), "an array", &chapters_value.value);
        return Err(Error::new(kind, Position::in_text(text, chapters_value.at)));
    };
    // A Podlove Web Player configuration's `chapters`: entries with a `start` clock string.
    let podlove = items.first().is_some_and(|first| has_key(first, "start") && !has_key(first, "startTime"));
    if podlove {
        return read_chapters(text, title, items, chapters_value, Dialect::Podlove, problems);
    }
    match version {
        None => problems.push((ErrorKind::MissingField("version"), root.at)),
        Some(value) if !matches!(value.value, Value::String(_)) => {
            problems.push((wrong_type("version".into(), "a string", &value.value), value.at));
        }
        Some(_) => {}
    }
    read_chapters(text, title, items, chapters_value, Dialect::Podcasting20, problems)
}

/// The two JSON chapter shapes.
#[derive(Clone, Copy)]
enum Dialect {
    /// Podcasting 2.0: `startTime` / `endTime` in seconds, `img`, `url`, `toc`.
    Podcasting20,
    /// Podlove Web Player: `start` as a clock string, `href`, `image`.
    Podlove,
}

fn has_key(value: &Spanned, key: &str) -> bool {
    matches!(&value.value, Value::Object(members) if members.iter().any(|(k, _)| k == key))
}

fn read_chapters(
    text: &str,
    title: Option<String>,
    items: &[Spanned],
    chapters_value: &Spanned,
    dialect: Dialect,
    mut problems: Vec<(ErrorKind, usize)>,
) -> Result<Parsed, Error> {
    if items.len() > MAX_CHAPTERS {
        return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::in_text(text, chapters_value.at)));
    }

    let mut chapters = Vec::with_capacity(items.len());
    let mut locator = Locator::new(text);
    for (index, item) in items.iter().enumerate() {
        let chapter = match dialect {
            Dialect::Podcasting20 => chapter(index, item, &mut problems),
            Dialect::Podlove => podlove_chapter(index, item, &mut problems),
        };
        if let Some(mut chapter) = chapter {
            chapter.position = locator.position(item.at);
            chapters.push(chapter);
        }
    }

    let problems = sorted_by_key(problems, |&(_, at)| at as u64);
    let mut locator = Locator::new(text);
    let warnings = problems.into_iter().map(|(kind, at)| Error::new(kind, locator.position(at))).collect();
    Parsed::build(title, chapters, warnings, EXPECTED)
}

/// The members of entry `index` of the chapter list; `None` (with a problem recorded) if the
/// entry is not an object.
fn entry_members<'a>(index: usize, item: &'a Spanned, problems: &mut Vec<(ErrorKind, usize)>) -> Option<&'a [(String, Spanned)]> {
    match &item.value {
        Value::Object(members) => Some(members),
        other => {
            problems.push((wrong_type(format!("chapters[{index}]"), "an object", other), item.at));
            None
        }
    }
}

/// Reads one Podlove Web Player chapter: `start` (a clock string, required), `title`, `href`,
/// `image`.
fn podlove_chapter(index: usize, item: &Spanned, problems: &mut Vec<(ErrorKind, usize)>) -> Option<Chapter> {
    let name = |field| Name::of(index, field);
    let members = entry_members(index, item, problems)?;
    let mut start = None;
    let mut chapter = Chapter::new(Timestamp::ZERO, "");
    for (key, value) in members {
        match key.as_str() {
            "start" => {
                let clock = string_field(value, name("start"), problems)?;
                match Timestamp::parse_clock(&clock) {
                    Ok(time) => start = Some(time),
                    Err(_) => {
                        problems.push((ErrorKind::InvalidTimestamp(clock), value.at));
                        return None;
                    }
                }
            }
            "title" => chapter.title = string_field(value, name("title"), problems).unwrap_or_default(),
            "href" => chapter.url = string_field(value, name("href"), problems).filter(|u| !u.is_empty()),
            "image" => {
                chapter.image = string_field(value, name("image"), problems).filter(|u| !u.is_empty()).map(ChapterImage::Url);
            }
            _ => {}
        }
    }
    let Some(start) = start else {
        problems.push((ErrorKind::MissingField("start"), item.at));
        return None;
    };
    chapter.start = start;
    Some(chapter)
}

/// Reads one entry of `chapters`; `None` (with a problem recorded) if it cannot be used.
fn chapter(index: usize, item: &Spanned, problems: &mut Vec<(ErrorKind, usize)>) -> Option<Chapter> {
    let name = |field| Name::of(index, field);
    let members = entry_members(index, item, problems)?;
    let mut start = None;
    let mut chapter = Chapter::new(Timestamp::ZERO, "");
    for (key, value) in members {
        match key.as_str() {
            "startTime" => start = Some(time_field(value, name("startTime"), "startTime", problems)?),
            "endTime" => chapter.end = time_field(value, name("endTime"), "endTime", problems),
            "title" => chapter.title = string_field(value, name("title"), problems).unwrap_or_default(),
            "description" => chapter.summary = string_field(value, name("description"), problems).unwrap_or_default(),
            "url" => chapter.url = string_field(value, name("url"), problems).filter(|u| !u.is_empty()),
            "img" => {
                chapter.image = string_field(value, name("img"), problems).filter(|u| !u.is_empty()).map(ChapterImage::Url);
            }
            "toc" => match value.value {
                Value::Bool(listed) => chapter.toc = listed,
                ref other => problems.push((wrong_type(name("toc").text(), "a boolean", other), value.at)),
            },
            "points" => match &value.value {
                Value::Array(points) => {
                    for (i, point) in points.iter().enumerate() {
                        if let Some(text) = string_field(point, Name { point: Some(i), ..name("points") }, problems) {
                            chapter.points.push(text);
                        }
                    }
                }
                other => problems.push((wrong_type(name("points").text(), "an array of strings", other), value.at)),
            },
            _ => {}
        }
    }
    let Some(start) = start else {
        problems.push((ErrorKind::MissingField("startTime"), item.at));
        return None;
    };
    chapter.start = start;
    Some(chapter)
}

fn time_field(value: &Spanned, name: Name, field: &'static str, problems: &mut Vec<(ErrorKind, usize)>) -> Option<Timestamp> {
    let text = match &value.value {
        Value::Number(text) => text.as_ref(),
        // Some producers write times as strings ("12.5"): read with a warning.
        Value::String(text) if is_decimal(text) => {
            problems.push((ErrorKind::NumberAsString { field: name.text(), value: text.clone() }, value.at));
            text
        }
        other => {
            problems.push((wrong_type(name.text(), "a number", other), value.at));
            return None;
        }
    };
    let time = Timestamp::from_decimal_secs(text);
    if time.is_none() {
        problems.push((ErrorKind::InvalidTime { field, value: text.to_string() }, value.at));
    }
    time
}

/// A plain decimal number: digits with an optional fraction (what a time written as a
/// string looks like).
fn is_decimal(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    !whole.is_empty() && !fraction.is_empty() && whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())
}

fn string_field(value: &Spanned, name: Name, problems: &mut Vec<(ErrorKind, usize)>) -> Option<String> {
    match &value.value {
        Value::String(text) => Some(text.trim().to_owned()),
        Value::Null => None,
        other => {
            problems.push((wrong_type(name.text(), "a string", other), value.at));
            None
        }
    }
}

/// A field's name as messages give it (`title`, `chapters[3].title`, `chapters[3].points[1]`),
/// spelled out only when there is a problem to report: most files have none, and formatting
/// the name of every field of every chapter would cost more than reading them.
#[derive(Clone, Copy)]
struct Name<'a> {
    index: Option<usize>,
    field: &'a str,
    point: Option<usize>,
}

impl<'a> Name<'a> {
    fn root(field: &'a str) -> Self {
        Name { index: None, field, point: None }
    }

    fn of(index: usize, field: &'a str) -> Self {
        Name { index: Some(index), field, point: None }
    }

    fn text(self) -> String {
        let name = match self.index {
            Some(index) => format!("chapters[{index}].{}", self.field),
            None => self.field.to_owned(),
        };
        match self.point {
            Some(point) => format!("{name}[{point}]"),
            None => name,
        }
    }
}

fn wrong_type(field: String, expected: &'static str, found: &Value) -> ErrorKind {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    ErrorKind::WrongType { field, expected, found }
}

/// A JSON value and the byte offset where it starts.
struct Spanned {
    value: Value,
    at: usize,
}

enum Value {
    Null,
    Bool(bool),
    /// The number's text: times are converted from it exactly, without floating point.
    Number(Box<str>),
    String(String),
    Array(Vec<Spanned>),
    Object(Vec<(String, Spanned)>),
}

type ReadResult<T> = Result<T, (String, usize)>;

/// A small recursive-descent JSON reader over bytes (strings are re-checked as UTF-8 by
/// slicing the original `&str`).
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    trailing_commas: Vec<usize>,
}

impl Reader<'_> {
    fn document(&mut self) -> ReadResult<Spanned> {
        let value = self.value(0)?;
        self.skip_space();
        if self.at < self.bytes.len() {
            return Err(("unexpected text after the end of the JSON value".into(), self.at));
        }
        Ok(value)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn unexpected(&self, expected: &str) -> (String, usize) {
        let found = match self.text.get(self.at..).and_then(|rest| rest.chars().next()) {
            Some(c) if c.is_control() => format!("found U+{:04X}", u32::from(c)),
            Some(c) => format!("found '{c}'"),
            None => "found the end of the input".to_owned(),
        };
        (format!("expected {expected}, {found}"), self.at)
    }

    fn value(&mut self, depth: usize) -> ReadResult<Spanned> {
        if depth > MAX_DEPTH {
            return Err((format!("nesting deeper than {MAX_DEPTH} levels"), self.at));
        }
        self.skip_space();
        let at = self.at;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.keyword("true", Value::Bool(true))?,
            Some(b'f') => self.keyword("false", Value::Bool(false))?,
            Some(b'n') => self.keyword("null", Value::Null)?,
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Spanned { value, at })
    }

    fn keyword(&mut self, word: &str, value: Value) -> ReadResult<Value> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.unexpected("a value"))
        }
    }

    /// After `[` or `{`: reads comma-separated items until `close`, noting trailing commas.
    fn sequence(&mut self, close: u8, what: &str, mut item: impl FnMut(&mut Self) -> ReadResult<()>) -> ReadResult<()> {
        self.at += 1;
        self.skip_space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.skip_space();
            match self.peek() {
                Some(b',') => {
                    let comma = self.at;
                    self.at += 1;
                    self.skip_space();
                    if self.peek() == Some(close) {
                        self.trailing_commas.push(comma);
                        self.at += 1;
                        return Ok(());
                    }
                }
                Some(c) if c == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected(&format!("',' or '{}' after {what}", close as char))),
            }
        }
    }

    fn array(&mut self, depth: usize) -> ReadResult<Value> {
        let mut items = Vec::new();
        self.sequence(b']', "an array item", |r| {
            items.push(r.value(depth + 1)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> ReadResult<Value> {
        let mut members = Vec::new();
        self.sequence(b'}', "a member", |r| {
            r.skip_space();
            if r.peek() != Some(b'"') {
                return Err(r.unexpected("a member name in double quotes"));
            }
            let key = r.string()?;
            r.skip_space();
            if r.peek() != Some(b':') {
                return Err(r.unexpected("':' after a member name"));
            }
            r.at += 1;
            members.push((key, r.value(depth + 1)?));
            Ok(())
        })?;
        Ok(Value::Object(members))
    }

    fn number(&mut self) -> ReadResult<Value> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let mut ok = digits(self);
        if ok && self.peek() == Some(b'.') {
            self.at += 1;
            ok = digits(self);
        }
        if ok && matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            ok = digits(self);
        }
        match self.text.get(start..self.at) {
            Some(number) if ok => Ok(Value::Number(number.into())),
            _ => Err(("invalid number".into(), start)),
        }
    }

    fn string(&mut self) -> ReadResult<String> {
        let open = self.at;
        self.at += 1;
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            out.push_str(self.text.get(run_start..self.at).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = self.peek();
                    self.at += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => return Err(("invalid escape in string".into(), self.at - 2)),
                    }
                }
                Some(_) => return Err(("control character in string (escape it)".into(), self.at)),
                None => return Err(("unterminated string".into(), open)),
            }
        }
    }

    /// After `\u`: four hex digits, and a low surrogate's escape if the first is a high one.
    /// Unpaired surrogates become U+FFFD.
    fn unicode_escape(&mut self) -> ReadResult<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u") {
            let save = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            self.at = save;
        }
        Ok(char::from_u32(first).unwrap_or('\u{fffd}'))
    }

    fn hex4(&mut self) -> ReadResult<u32> {
        let digits = self.text.get(self.at..self.at + 4).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let value = digits.and_then(|d| u32::from_str_radix(d, 16).ok());
        match value {
            Some(v) => {
                self.at += 4;
                Ok(v)
            }
            None => Err(("invalid \\u escape: expected four hex digits".into(), self.at)),
        }
    }
}
