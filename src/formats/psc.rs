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
//! A feed usually has many episodes; [`parse`] reads the first `<psc:chapters>`, with a
//! warning when there are more. [`items`] lists a feed's items (number, GUID, title, how many
//! chapters) and [`parse_item`] reads the one chosen by its GUID or number.
//!
//! Quirks of real publishing code, read with a warning: the namespace written with a trailing
//! slash (`http://podlove.org/simple-chapters/`) or with `https`, and the `psc:` prefix used
//! without being declared.
//! The XML is read with quick-xml, a small, well-kept pull parser, with namespaces resolved, so
//! any prefix bound to the namespace works. Malformed XML is an error with its line and column,
//! or a warning if chapters were read before it.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use crate::chapters::{Chapter, ChapterImage, Timestamp};
use crate::diagnostics::{Error, ErrorKind, Locator, Position};
use crate::formats::{prepare, Parsed, MAX_CHAPTERS};

/// The Podlove Simple Chapters namespace.
pub const NAMESPACE: &str = "http://podlove.org/simple-chapters";
/// Apple's podcast namespace, whose `<itunes:duration>` says how long an item's episode is.
const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
const EXPECTED: &str = "a <psc:chapter> element in <psc:chapters>";

/// Parses Podlove Simple Chapters from a standalone document or a feed: the first
/// `<psc:chapters>` in the document (see [`parse_item`] for another item of a feed).
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
    let (result, _) = walk::<false>(text, Some(0));
    result
}

pub use crate::formats::FeedItem;

/// The items (RSS `<item>`, Atom `<entry>`) of a feed, in document order, with or without
/// chapters; empty for a standalone `<psc:chapters>` document.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::psc;
///
/// let feed = r#"<rss xmlns:psc="http://podlove.org/simple-chapters"><channel>
/// <item><title>Two</title><guid isPermaLink="false">ep-2</guid><psc:chapters><psc:chapter start="0" title="A"/></psc:chapters></item>
/// <item><title>One</title></item>
/// </channel></rss>"#;
/// let items = psc::items(feed).unwrap();
/// assert_eq!(items.len(), 2);
/// assert_eq!((items[0].number, items[0].guid.as_deref(), items[0].title.as_deref(), items[0].chapters), (1, Some("ep-2"), Some("Two"), 1));
/// assert_eq!((items[1].guid.as_deref(), items[1].chapters), (None, 0));
/// ```
pub fn items(text: &str) -> Result<Vec<FeedItem>, Error> {
    let text = prepare(text)?;
    match walk::<true>(text, None) {
        (Err(error), items) if items.is_empty() && matches!(error.kind(), ErrorKind::XmlSyntax(_) | ErrorKind::NotFound { .. }) => Err(error),
        (_, mut items) => {
            // Byte offsets to lines and columns, in one pass (a feed may have thousands of items).
            let (mut line, mut column, mut from) = (1u32, 1u32, 0usize);
            for item in &mut items {
                let Position::Byte(at) = item.position else { continue };
                let at = usize::try_from(at).unwrap_or(usize::MAX);
                for c in text.get(from..at).unwrap_or_default().chars() {
                    (line, column) = if c == '\n' { (line.saturating_add(1), 1) } else { (line, column.saturating_add(1)) };
                }
                from = at.max(from);
                item.position = Position::text(line, column);
            }
            Ok(items)
        }
    }
}

/// Parses the chapters of one item of a feed, chosen by `item`: its `<guid>` (Atom: `<id>`),
/// or else its number in the feed, from 1 (see [`items`]). The item's `<title>` is the
/// episode's title. The command-line tool's `--item N|GUID` calls this.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::psc;
///
/// let feed = r#"<rss xmlns:psc="http://podlove.org/simple-chapters"><channel>
/// <item><title>Two</title><guid>ep-2</guid><psc:chapters><psc:chapter start="0" title="Second episode"/></psc:chapters></item>
/// <item><title>One</title><guid>ep-1</guid><psc:chapters><psc:chapter start="0" title="First episode"/></psc:chapters></item>
/// </channel></rss>"#;
/// let parsed = psc::parse_item(feed, "2").unwrap();
/// assert_eq!(parsed.title.as_deref(), Some("One"));
/// assert_eq!(parsed.chapters.get(0).unwrap().title, "First episode");
/// assert_eq!(psc::parse_item(feed, "ep-2").unwrap().chapters.get(0).unwrap().title, "Second episode");
/// assert_eq!(
///     psc::parse_item(feed, "ep-3").unwrap_err().to_string(),
///     "no item \"ep-3\" in the feed: give a GUID or a number from 1 to 2"
/// );
/// ```
pub fn parse_item(text: &str, item: &str) -> Result<Parsed, Error> {
    let text = prepare(text)?;
    let items = items(text)?;
    let wanted = item.trim();
    let by_number = || wanted.parse::<usize>().ok().and_then(|n| items.get(n.checked_sub(1)?));
    let Some(found) = items.iter().find(|i| i.guid.as_deref() == Some(wanted)).or_else(by_number) else {
        return Err(Error::new(ErrorKind::NoSuchItem { wanted: wanted.to_owned(), items: items.len() }, Position::Unknown));
    };
    let Some(at) = found.chapters_at else {
        return Err(Error::new(ErrorKind::NoChapters(EXPECTED), found.position));
    };
    let (mut result, _) = walk::<false>(text, Some(at));
    if let Ok(parsed) = &mut result {
        parsed.title.clone_from(&found.title);
    }
    result
}

/// Whether `namespace` is Podlove Simple Chapters' as publishing tools write it: exactly, or
/// (`Some(false)`) with `https` or a trailing slash.
fn psc_namespace(namespace: &str) -> Option<bool> {
    if namespace == NAMESPACE {
        return Some(true);
    }
    let rest = namespace.strip_prefix("http://").or_else(|| namespace.strip_prefix("https://"))?;
    matches!(rest, "podlove.org/simple-chapters" | "podlove.org/simple-chapters/").then_some(false)
}

/// Which element of a feed's item is being read for [`FeedItem`].
#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Guid,
    Title,
    Duration,
}

/// Reads the document once. With `read_from`, the chapters of the first `<psc:chapters>` at or
/// after that byte offset (a warning if more follow when reading from the start); without,
/// no chapters. With `ITEMS`, also the feed's items (a constant, so that the widget, which
/// never lists items, does not carry the code).
fn walk<const ITEMS: bool>(text: &str, read_from: Option<usize>) -> (Result<Parsed, Error>, Vec<FeedItem>) {
    let mut reader = NsReader::from_str(text);
    let mut locator = Locator::new(text);
    let mut chapters = Vec::new();
    let mut warnings = Vec::new();
    let mut blocks = 0usize;
    let mut inside = false;
    let mut namespaces = Namespaces::default();
    let mut seen_element = false;
    let mut items: Vec<FeedItem> = Vec::new();
    // The open item's depth, the element depth, and the item field being read (with its depth).
    let mut item_depth = None;
    let mut depth = 0usize;
    let mut field = (Field::None, String::new());
    let mut counting = false;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_resolved_event();
        let (namespace, event) = match event {
            Ok(resolved) => resolved,
            Err(error) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(at);
                let problem = Error::new(ErrorKind::XmlSyntax(xml_message(&error)), Position::in_text(text, offset));
                if chapters.is_empty() {
                    return (Err(problem), items);
                }
                warnings.push(problem);
                break;
            }
        };
        let in_namespace = namespaces.is_ours(&namespace, &event, || Position::in_text(text, at), &mut warnings);
        let first_element = !seen_element;
        seen_element |= matches!(event, Event::Start(_) | Event::Empty(_));
        match event {
            // A web page (often a server's answer for a missing file) is not a chapter file.
            Event::Start(ref element) if first_element && element.local_name().as_ref().eq_ignore_ascii_case("html") => {
                let kind = ErrorKind::NotFound { what: "chapters", reason: "this is an HTML page (a web page, perhaps an error page), not a chapter file" };
                return (Err(Error::new(kind, Position::in_text(text, at))), items);
            }
            Event::Start(ref element) | Event::Empty(ref element) if in_namespace => {
                match element.local_name().as_ref() {
                    "chapters" => {
                        if let Some(item) = items.last_mut().filter(|item| ITEMS && item_depth.is_some() && item.chapters_at.is_none()) {
                            item.chapters_at = Some(at);
                            counting = matches!(event, Event::Start(_));
                        }
                        if read_from.is_some_and(|from| at >= from) {
                            blocks += 1;
                            if blocks == 2 && read_from == Some(0) {
                                warnings.push(Error::new(ErrorKind::SeveralChapterLists, locator.position(at)));
                            }
                            // `<psc:chapters/>` is an empty list: nothing follows inside it.
                            inside = blocks == 1 && matches!(event, Event::Start(_));
                        }
                    }
                    "chapter" => {
                        if let (true, Some(item)) = (ITEMS && counting, items.last_mut()) {
                            item.chapters += 1;
                        }
                        if inside {
                            if chapters.len() >= MAX_CHAPTERS {
                                let error = Error::new(ErrorKind::TooManyChapters { limit: MAX_CHAPTERS }, Position::in_text(text, at));
                                return (Err(error), items);
                            }
                            if let Some(chapter) = chapter(locator.position(at), element, &mut warnings) {
                                chapters.push(chapter);
                            }
                        }
                    }
                    _ => {}
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::Start(ref element) if ITEMS => {
                depth += 1;
                let local = element.local_name();
                let name = local.as_ref();
                if item_depth.is_none() && (name == "item" || name == "entry") {
                    item_depth = Some(depth);
                    // A byte offset until `items` makes it a line and column (in one pass for all).
                    let position = Position::Byte(u64::try_from(at).unwrap_or(u64::MAX));
                    items.push(FeedItem { number: items.len() + 1, guid: None, title: None, chapters: 0, duration: None, position, chapters_at: None });
                } else if item_depth == Some(depth - 1) {
                    field.0 = match name {
                        "guid" | "id" if items.last().is_some_and(|item| item.guid.is_none()) => Field::Guid,
                        "title" if items.last().is_some_and(|item| item.title.is_none()) => Field::Title,
                        "duration" if is_itunes(&namespace) && items.last().is_some_and(|item| item.duration.is_none()) => Field::Duration,
                        _ => Field::None,
                    };
                    field.1.clear();
                }
            }
            Event::Text(ref content) if ITEMS && field.0 != Field::None => field.1.push_str(&content.xml10_content()),
            Event::CData(ref content) if ITEMS && field.0 != Field::None => field.1.push_str(&content.xml10_content()),
            Event::GeneralRef(ref reference) if ITEMS && field.0 != Field::None => field.1.extend(character(reference)),
            Event::End(element) => {
                if in_namespace && element.local_name().as_ref() == "chapters" {
                    inside = false;
                    counting = false;
                }
                if let (Some(item), true) = (items.last_mut(), ITEMS && item_depth == Some(depth.saturating_sub(1))) {
                    let value = Some(field.1.trim().to_owned()).filter(|value| !value.is_empty());
                    match field.0 {
                        Field::Guid => item.guid = value,
                        Field::Title => item.title = value,
                        // Read as a clock time: `1:02:03`, `62:03`, `3723` (seconds), with or
                        // without a fraction; anything else is no duration.
                        Field::Duration => item.duration = value.and_then(|value| Timestamp::parse_clock(&value).ok()),
                        Field::None => {}
                    }
                    field.0 = Field::None;
                }
                if item_depth == Some(depth) {
                    item_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (Parsed::build(None, chapters, warnings, EXPECTED), items)
}

/// Whether elements are in the Podlove Simple Chapters namespace, with the two mistakes read as
/// meant, each noted once: a namespace that is nearly ours (a trailing slash, `https`), and the
/// `psc:` prefix used without declaring it.
#[derive(Default)]
struct Namespaces {
    prefix_warned: bool,
    namespace_warned: bool,
}

impl Namespaces {
    /// Whether `event`'s element (as resolved to `namespace`) is ours; `position` says where
    /// it is for a warning.
    fn is_ours(&mut self, namespace: &ResolveResult<'_>, event: &Event<'_>, position: impl Fn() -> Position, warnings: &mut Vec<Error>) -> bool {
        let opens = matches!(event, Event::Start(_) | Event::Empty(_));
        match namespace {
            ResolveResult::Bound(Namespace(ns)) => match psc_namespace(ns) {
                Some(exact) => {
                    if !exact && !self.namespace_warned && opens {
                        self.namespace_warned = true;
                        let found = ns.to_string();
                        warnings.push(Error::new(ErrorKind::OtherNamespace { found, read_as: NAMESPACE }, position()));
                    }
                    true
                }
                None => false,
            },
            ResolveResult::Unknown(prefix) if prefix == "psc" && opens => {
                if !self.prefix_warned {
                    self.prefix_warned = true;
                    warnings.push(Error::new(ErrorKind::UndeclaredPrefix, position()));
                }
                true
            }
            ResolveResult::Unknown(prefix) => matches!(event, Event::End(_)) && prefix == "psc",
            _ => false,
        }
    }
}

/// Whether an element is in Apple's podcast namespace (or uses its usual prefix undeclared).
fn is_itunes(namespace: &ResolveResult<'_>) -> bool {
    match namespace {
        ResolveResult::Bound(Namespace(ns)) => ns.eq_ignore_ascii_case(ITUNES),
        ResolveResult::Unknown(prefix) => prefix == "itunes",
        _ => false,
    }
}

/// The character a reference in text stands for: a character reference, or one of XML's five
/// named entities.
fn character(reference: &BytesRef<'_>) -> Option<char> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => match reference.xml10_content().as_ref() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        },
    }
}

/// Reads one `<psc:chapter>`; `None` (with a warning) if its start is missing or unreadable.
fn chapter(position: Position, element: &BytesStart<'_>, warnings: &mut Vec<Error>) -> Option<Chapter> {
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
