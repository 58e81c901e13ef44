//! Podlove Simple Chapters 1.2 (<https://podlove.org/simple-chapters/>): a `<psc:chapters>`
//! element in the namespace `http://podlove.org/simple-chapters`, inside an RSS `<item>`, an
//! Atom `<entry>`, or on its own.
//!
//! ```xml
//! <psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
//!   <psc:chapter start="00:00:00.000" title="Welcome" />
//!   <psc:chapter start="7:48" title="Main topic" href="https://example.com" image="https://example.com/a.jpg" />
//! </psc:chapters>
//! ```
//!
//! `start` is Normal Play Time: `01:35:52`, `7:48`, `35:12.250`, `37`. Chapters have no end:
//! each ends where the next starts. The spec says clients must sort them, which the common
//! rules do (with a warning when they were out of order). `href` becomes the chapter's link,
//! `image` its picture.
//!
//! A feed usually has many episodes; the first `<psc:chapters>` is read, with a warning when
//! there are more (give the widget or the tool the episode's own item to read another).
//! The XML is read with quick-xml, a small, well-kept pull parser, with namespaces resolved, so
//! any prefix bound to the namespace works. Malformed XML is an error with its line and column,
//! or a warning if chapters were read before it.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use crate::chapters::{Chapter, ChapterImage, Timestamp};
use crate::diagnostics::{Error, ErrorKind, Position};
use crate::formats::{prepare, Parsed, MAX_CHAPTERS};

/// The Podlove Simple Chapters namespace.
pub const NAMESPACE: &str = "http://podlove.org/simple-chapters";
const EXPECTED: &str = "a <psc:chapter> element in <psc:chapters>";

/// Parses Podlove Simple Chapters from a standalone document or a feed.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::psc;
///
/// let feed = r#"<rss xmlns:psc="http://podlove.org/simple-chapters"><channel><item>
///   <title>Episode 1</title>
///   <psc:chapters version="1.2">
///     <psc:chapter start="7:48" title="Second" />
///     <psc:chapter start="0" title="First &amp; foremost" href="https://example.com/" />
///   </psc:chapters>
/// </item></channel></rss>"#;
/// let parsed = psc::parse(feed).unwrap();
/// let titles: Vec<&str> = parsed.chapters.iter().map(|c| c.title.as_str()).collect();
/// assert_eq!(titles, ["First & foremost", "Second"]);
/// assert_eq!(parsed.chapters.get(0).unwrap().end.unwrap().as_millis(), 468_000);
/// assert_eq!(parsed.warnings[0].to_string(), "line 5, column 5: chapters are not in time order: sorted by start time");
/// ```
pub fn parse(text: &str) -> Result<Parsed, Error> {
    let text = prepare(text)?;
    let mut reader = NsReader::from_str(text);
    let mut chapters = Vec::new();
    let mut warnings = Vec::new();
    let mut blocks = 0usize;
    let mut inside = false;
    let mut prefix_warned = false;
    let mut seen_element = false;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_resolved_event();
        let (namespace, event) = match event {
            Ok(resolved) => resolved,
            Err(error) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(at);
                let problem = Error::new(ErrorKind::XmlSyntax(xml_message(&error)), Position::in_text(text, offset));
                if chapters.is_empty() {
                    return Err(problem);
                }
                warnings.push(problem);
                break;
            }
        };
        let mut in_namespace = matches!(namespace, ResolveResult::Bound(Namespace(ns)) if ns == NAMESPACE);
        // A common mistake: the `psc:` prefix used without declaring it. Read it as meant.
        if let (ResolveResult::Unknown(prefix), Event::Start(_) | Event::Empty(_)) = (&namespace, &event) {
            if prefix == "psc" {
                if !prefix_warned {
                    prefix_warned = true;
                    warnings.push(Error::new(ErrorKind::UndeclaredPrefix, Position::in_text(text, at)));
                }
                in_namespace = true;
            }
        } else if let (ResolveResult::Unknown(prefix), Event::End(_)) = (&namespace, &event) {
            in_namespace = prefix == "psc";
        }
        let first_element = !seen_element;
        seen_element |= matches!(event, Event::Start(_) | Event::Empty(_));
        match event {
            // A web page (often a server's answer for a missing file) is not a chapter file.
            Event::Start(ref element) if first_element && element.local_name().as_ref().eq_ignore_ascii_case("html") => {
                let kind = ErrorKind::NotFound { what: "chapters", reason: "this is an HTML page (a web page, perhaps an error page), not a chapter file" };
                return Err(Error::new(kind, Position::in_text(text, at)));
            }
            Event::Start(ref element) | Event::Empty(ref element) if in_namespace => {
                match element.local_name().as_ref() {
                    "chapters" => {
                        blocks += 1;
                        if blocks == 2 {
                            warnings.push(Error::new(ErrorKind::SeveralChapterLists, Position::in_text(text, at)));
                        }
                        // `<psc:chapters/>` is an empty list: nothing follows inside it.
                        inside = blocks == 1 && matches!(event, Event::Start(_));
                    }
                    "chapter" if inside => {
                        if chapters.len() >= MAX_CHAPTERS {
                            return Err(Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::in_text(text, at)));
                        }
                        if let Some(chapter) = chapter(text, element, at, &mut warnings) {
                            chapters.push(chapter);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(element) if in_namespace && element.local_name().as_ref() == "chapters" => inside = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Parsed::build(None, chapters, warnings, EXPECTED)
}

/// Reads one `<psc:chapter>`; `None` (with a warning) if its start is missing or unreadable.
fn chapter(text: &str, element: &BytesStart<'_>, at: usize, warnings: &mut Vec<Error>) -> Option<Chapter> {
    let position = Position::in_text(text, at);
    let mut start = None;
    let mut chapter = Chapter::new(Timestamp::ZERO, "");
    chapter.position = position;
    for attribute in element.attributes() {
        let attribute = match attribute {
            Ok(attribute) => attribute,
            Err(error) => {
                warnings.push(Error::new(ErrorKind::XmlSyntax(error.to_string()), position));
                continue;
            }
        };
        let value = match attribute.normalized_value(XmlVersion::Implicit1_0) {
            Ok(value) => value.trim().to_owned(),
            Err(error) => {
                warnings.push(Error::new(ErrorKind::XmlSyntax(xml_message(&error)), position));
                continue;
            }
        };
        match attribute.key.local_name().as_ref() {
            "start" => match Timestamp::parse_clock(&value) {
                Ok(time) => start = Some(time),
                Err(_) => {
                    warnings.push(Error::new(ErrorKind::InvalidTimestamp(value), position));
                    return None;
                }
            },
            "title" => chapter.title = value,
            "href" if !value.is_empty() => chapter.url = Some(value),
            "image" if !value.is_empty() => chapter.image = Some(ChapterImage::Url(value)),
            _ => {}
        }
    }
    let Some(start) = start else {
        warnings.push(Error::new(ErrorKind::MissingField("start"), position));
        return None;
    };
    chapter.start = start;
    Some(chapter)
}

/// quick-xml's message, lower-cased at the start to match ours. Its messages start with an
/// ASCII letter; `char::to_lowercase` would bring Unicode's case tables (18 KB) into the wasm.
fn xml_message(error: &dyn std::fmt::Display) -> String {
    let mut message = error.to_string();
    if let Some(first) = message.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    message
}
