//! Chapter sources: one module per format, each with a `parse` function that returns
//! [`Parsed`] (chapters plus the warnings met) or, when nothing usable was read, an
//! [`Error`] with its position.
//!
//! [`parse`] picks the format from the content itself.

pub mod id3;
pub mod json;
pub mod mp4;
pub mod ogg;
#[cfg(feature = "psc")]
pub mod psc;
pub mod ranged;
pub mod shownotes;
pub mod webvtt;

use crate::chapters::{sorted_by_key, Chapter, Chapters, Timestamp};
use crate::diagnostics::{Error, ErrorKind, Position};

/// Calls `$module::parse($input)` when the format's Cargo feature is on; otherwise the input is
/// refused with [`ErrorKind::NotBuiltIn`]. Only the call is left out: the linker then drops
/// the reader, as nothing else reaches it.
macro_rules! reader {
    ($feature:literal, $name:literal, $module:ident, $input:expr) => {{
        #[cfg(feature = $feature)]
        let result = $module::parse($input);
        #[cfg(not(feature = $feature))]
        let result = {
            let _ = $input;
            Err(Error::new(ErrorKind::NotBuiltIn { format: $name, feature: $feature }, Position::Unknown))
        };
        result
    }};
}
pub(crate) use reader;

/// The largest source accepted, in bytes (16 MiB). Larger inputs are refused with
/// [`ErrorKind::TooLarge`] before any parsing.
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// The most chapters a source may have; more are refused with [`ErrorKind::TooManyChapters`].
pub const MAX_CHAPTERS: usize = 200_000;

/// The longest chapter title kept, in characters; a longer one is cut there (with an ellipsis)
/// and reported with a [`ErrorKind::TitleTooLong`] warning.
pub const MAX_TITLE_CHARS: usize = 2_000;

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
        let mut raw = raw;
        for chapter in &mut raw {
            // A title is a line in a list, not a document: cut, with a warning, rather than
            // refusing every chapter for one.
            if let Some((cut, _)) = chapter.title.char_indices().nth(MAX_TITLE_CHARS) {
                chapter.title.truncate(cut);
                chapter.title.push('…');
                warnings.push(Error::new(ErrorKind::TitleTooLong { limit: MAX_TITLE_CHARS }, chapter.position));
            }
        }
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

/// Problems met at byte offsets, as warnings in input order (equal offsets keep the order they
/// were met in). One function for every binary reader, so the sort is compiled once.
pub(crate) fn byte_warnings(problems: impl IntoIterator<Item = (u64, ErrorKind)>) -> Vec<Error> {
    let problems = sorted_by_key(problems.into_iter().collect(), |problem| problem.0);
    problems.into_iter().map(|(at, kind)| Error::new(kind, Position::Byte(at))).collect()
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

/// The chapter formats the readers know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Show notes with time ranges ([`shownotes`]).
    ShowNotes,
    /// Podcasting 2.0 JSON chapters ([`json`]).
    Json,
    /// Podlove Simple Chapters in XML ([`psc`]).
    Psc,
    /// WebVTT chapters ([`webvtt`]).
    WebVtt,
}

impl Format {
    /// How messages name the format.
    pub fn name(self) -> &'static str {
        match self {
            Format::ShowNotes => "show notes",
            Format::Json => "JSON chapters",
            Format::Psc => "Podlove Simple Chapters",
            Format::WebVtt => "WebVTT",
        }
    }

    /// The format a file name or URL's extension suggests (`.json`, `.vtt`, `.xml` / `.psc` /
    /// `.rss` / `.atom`, `.txt` / `.md` / `.markdown`), ignoring a query and fragment. Only a hint: see
    /// [`parse_hinted`].
    ///
    /// ```
    /// use episode_chapters::formats::Format;
    ///
    /// assert_eq!(Format::from_extension("https://example.com/ep12/chapters.VTT?v=2"), Some(Format::WebVtt));
    /// assert_eq!(Format::from_extension("episode.mp3"), None);
    /// ```
    pub fn from_extension(name: &str) -> Option<Format> {
        let path = name.split(['?', '#']).next().unwrap_or(name);
        let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let (_, extension) = file.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "vtt" => Some(Format::WebVtt),
            "xml" | "psc" | "rss" | "atom" => Some(Format::Psc),
            "txt" | "md" | "markdown" => Some(Format::ShowNotes),
            _ => None,
        }
    }

    /// The hint for a fetched source: the server's `Content-Type`, unless it is only the
    /// generic `text/plain` (or absent) and the URL's extension names a format.
    ///
    /// ```
    /// use episode_chapters::formats::Format;
    ///
    /// assert_eq!(Format::from_response(Some("text/plain"), "ep5/chapters.vtt"), Some(Format::WebVtt));
    /// assert_eq!(Format::from_response(Some("application/json"), "ep5/chapters.vtt"), Some(Format::Json));
    /// assert_eq!(Format::from_response(None, "ep5/chapters.json"), Some(Format::Json));
    /// assert_eq!(Format::from_response(Some("text/plain"), "ep5/notes"), Some(Format::ShowNotes));
    /// ```
    pub fn from_response(content_type: Option<&str>, url: &str) -> Option<Format> {
        match (content_type.and_then(Format::from_content_type), Format::from_extension(url)) {
            (Some(Format::ShowNotes), Some(named)) => Some(named),
            (served, named) => served.or(named),
        }
    }

    /// The format an HTTP `Content-Type` suggests: `text/vtt`; `application/json` or any
    /// `+json` type (Podcasting 2.0 names `application/json+chapters`); `application/xml`,
    /// `text/xml` or any `+xml` type; `text/plain` or `text/markdown`: text, so show notes.
    /// Only a hint: see [`parse_hinted`].
    pub fn from_content_type(content_type: &str) -> Option<Format> {
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match essence.as_str() {
            "text/vtt" => Some(Format::WebVtt),
            "application/json" | "text/json" => Some(Format::Json),
            "application/xml" | "text/xml" => Some(Format::Psc),
            "text/plain" | "text/markdown" => Some(Format::ShowNotes),
            other if other.ends_with("+json") || other.starts_with("application/json+") => Some(Format::Json),
            other if other.ends_with("+xml") => Some(Format::Psc),
            _ => None,
        }
    }
}

/// Which reader `text` announces, from its first character (never from a file name): JSON is
/// Podcasting 2.0 (or Podlove Web Player) JSON chapters, XML is Podlove Simple Chapters (standalone or in a feed),
/// text starting with `WEBVTT` is WebVTT, anything else is show notes. [`parse_hinted`] tries
/// that reader first and weighs what else there is when it fails.
pub fn detect(text: &str) -> Format {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if body.starts_with(['{', '[']) {
        Format::Json
    } else if body.starts_with('<') {
        Format::Psc
    } else if body.starts_with("WEBVTT") {
        Format::WebVtt
    } else {
        Format::ShowNotes
    }
}

/// Reads chapters from a file's bytes: an MP3's ID3v2 tag ([`id3`]), Ogg Vorbis / Opus
/// chapter comments ([`ogg`]), MP4 / M4A chapters ([`mp4`]), or text (UTF-8, or UTF-16 with a
/// byte order mark) with the reader picked by content. Invalid UTF-8 is an error at its byte offset.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats;
///
/// let utf16: Vec<u8> = [0xFF, 0xFE].into_iter()
///     .chain("CHAPTERS\n- 0:00 – 1:00\nIntro\n".encode_utf16().flat_map(u16::to_le_bytes))
///     .collect();
/// assert_eq!(formats::parse_bytes(&utf16).unwrap().chapters.get(0).unwrap().title, "Intro");
/// let err = formats::parse_bytes(b"CHAPTERS\n- 0:00 \xff 1:00\n").unwrap_err();
/// assert_eq!(err.to_string(), "byte 16: invalid UTF-8");
/// ```
pub fn parse_bytes(bytes: &[u8]) -> Result<Parsed, Error> {
    parse_bytes_hinted(bytes, None)
}

/// [`parse_bytes`] with a hint for text, as in [`parse_hinted`].
pub fn parse_bytes_hinted(bytes: &[u8], hint: Option<Format>) -> Result<Parsed, Error> {
    if bytes.starts_with(b"ID3") {
        return reader!("id3", "ID3 (MP3) chapters", id3, bytes);
    }
    if bytes.starts_with(b"OggS") {
        return reader!("ogg", "Ogg chapters", ogg, bytes);
    }
    if is_mp4(bytes) {
        return reader!("mp4", "MP4 chapters", mp4, bytes);
    }
    parse_hinted(&decode_text(bytes)?, hint)
}

/// One episode of a feed: an RSS `<item>` or an Atom `<entry>`, as `psc::items` lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    /// Its place in the feed, from 1, in document order.
    pub number: usize,
    /// Its `<guid>` (RSS) or `<id>` (Atom), if it has one.
    pub guid: Option<String>,
    /// Its `<title>`, if it has one.
    pub title: Option<String>,
    /// How many `<psc:chapter>` elements its first `<psc:chapters>` holds (0 without one).
    pub chapters: usize,
    /// Its length, from its `<itunes:duration>` (`H:MM:SS`, `MM:SS` or seconds), if it has one
    /// that reads as a time. The chapters have no ends; this gives the last one its end.
    pub duration: Option<Timestamp>,
    /// Where the item starts.
    pub position: Position,
    /// The byte offset of its first `<psc:chapters>`.
    pub(crate) chapters_at: Option<usize>,
}

/// The items of a feed in a file's bytes (RSS `<item>`, Atom `<entry>`, in document order), for
/// choosing one to read with [`parse_feed_item`]: `psc::items` after decoding the text.
pub fn feed_items(bytes: &[u8]) -> Result<Vec<FeedItem>, Error> {
    let text = decode_text(bytes)?;
    #[cfg(feature = "psc")]
    let items = psc::items(&text);
    #[cfg(not(feature = "psc"))]
    let items = {
        let _ = text;
        Err(Error::new(ErrorKind::NotBuiltIn { format: "Podlove Simple Chapters", feature: "psc" }, Position::Unknown))
    };
    items
}

/// The chapters of one item of a feed in a file's bytes, chosen by its GUID or else its number
/// from 1 (what a tool's `--item N|GUID` names): `psc::parse_item` after decoding the text.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats;
///
/// let feed = br#"<rss xmlns:psc="http://podlove.org/simple-chapters"><channel>
/// <item><title>Two</title><guid>ep-2</guid><psc:chapters><psc:chapter start="0" title="Second episode"/></psc:chapters></item>
/// <item><title>One</title><guid>ep-1</guid><psc:chapters><psc:chapter start="0" title="First episode"/></psc:chapters></item>
/// </channel></rss>"#;
/// assert_eq!(formats::feed_items(feed).unwrap().len(), 2);
/// assert_eq!(formats::parse_feed_item(feed, "ep-1").unwrap().chapters.get(0).unwrap().title, "First episode");
/// assert_eq!(formats::parse_feed_item(feed, "1").unwrap().title.as_deref(), Some("Two"));
/// ```
pub fn parse_feed_item(bytes: &[u8], item: &str) -> Result<Parsed, Error> {
    let text = decode_text(bytes)?;
    #[cfg(feature = "psc")]
    let parsed = psc::parse_item(&text, item);
    #[cfg(not(feature = "psc"))]
    let parsed = {
        let _ = (text, item);
        Err(Error::new(ErrorKind::NotBuiltIn { format: "Podlove Simple Chapters", feature: "psc" }, Position::Unknown))
    };
    parsed
}

/// An MP4 / M4A / M4B file starts with a box: a 4-byte size, then a type such as `ftyp`.
pub fn is_mp4(bytes: &[u8]) -> bool {
    matches!(bytes.get(4..8), Some(b"ftyp" | b"moov" | b"mdat" | b"free" | b"wide" | b"skip"))
}

/// How many bytes from the start of a media file its chapters need, judged from the first
/// bytes (`head`, at least 10): for an MP3 the whole ID3v2 tag (header, frames and footer); for
/// Ogg the pages up to the end of the comment header when `head` shows where it ends, else the
/// least that is needed to see further ([`ogg::comment_header_end`]: call again with more).
/// `None` when `head` is not the start of a file whose chapters sit at its start (MP4 keeps
/// them in `moov` and `mdat`, wherever those are). Lets a page read just the
/// tag with an HTTP Range request instead of the whole episode.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats;
///
/// // "ID3", version 4.0, no flags, a synchsafe size of 300 bytes.
/// let head = [b'I', b'D', b'3', 4, 0, 0, 0, 0, 2, 44];
/// assert_eq!(formats::bytes_needed(&head), Some(310));
/// // An Ogg page header's first bytes: at least the header and its segment table.
/// assert_eq!(formats::bytes_needed(b"OggS\0\x02\0\0\0\0"), Some(27 + 255));
/// assert_eq!(formats::bytes_needed(b"\0\0\0\x20ftypM4A "), None);
/// ```
pub fn bytes_needed(head: &[u8]) -> Option<usize> {
    if head.starts_with(b"OggS") {
        return Some(ogg::comment_header_end(head).map_or(OGG_HEAD, |(end, _)| end).min(MAX_OGG_HEADER));
    }
    id3::tag_len(head).map(|len| len.min(MAX_INPUT_BYTES))
}

/// What an Ogg file whose pages cannot be followed from its start is read from: the first
/// 256 KiB, where the comment header is (with room for cover art).
pub(crate) const OGG_HEAD: usize = 256 << 10;

/// The most of an Ogg file read for its comment header: [`MAX_INPUT_BYTES`] of comments and
/// their page headers (at most 282 bytes for every 65,025 bytes of a packet), then one page.
pub(crate) const MAX_OGG_HEADER: usize = MAX_INPUT_BYTES + MAX_INPUT_BYTES / 128 + 65_307;

/// The MIME type to show a picture with, from the type its source declares and its first bytes;
/// `None` when it is not a picture a page may show. The one clean-up for every picture carried
/// inside a source (an ID3 `APIC` frame, a picture relayed from the readers' module), before
/// the widget makes a `blob:` URL of it:
/// - the declared type is trimmed, lower-cased and loses its parameters (`; charset=…`);
/// - short forms as ID3v2.2 and sloppy writers put them (`PNG`, `jpg`, `image/jpg`) are
///   made whole;
/// - an empty, generic (`application/octet-stream`, `image/*`) or missing subtype is taken
///   from the bytes (PNG, JPEG, GIF, WebP signatures);
/// - only raster types a browser shows in `<img>` are kept: PNG, JPEG, GIF, WebP, AVIF, BMP.
///   Anything else — SVG, which can hold script, or `text/html` — is refused: a `blob:` URL
///   of it, opened on its own, would be a page.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::image_mime;
///
/// assert_eq!(image_mime("JPG", b""), Some("image/jpeg"));
/// assert_eq!(image_mime(" image/PNG; q=1", b""), Some("image/png"));
/// assert_eq!(image_mime("", b"\x89PNG\r\n\x1a\n"), Some("image/png"));
/// assert_eq!(image_mime("image/svg+xml", b"<svg onload=alert(1)>"), None);
/// assert_eq!(image_mime("text/html", b"\xff\xd8\xff"), None);
/// ```
pub fn image_mime(declared: &str, bytes: &[u8]) -> Option<&'static str> {
    let essence = declared.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let subtype = match essence.strip_prefix("image/") {
        Some(subtype) => subtype,
        None if essence.contains('/') && essence != "application/octet-stream" => return None,
        None if essence == "application/octet-stream" => "",
        None => essence.as_str(),
    };
    let sniffed = || {
        if bytes.starts_with(b"\x89PNG") {
            Some("image/png")
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            Some("image/jpeg")
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some("image/gif")
        } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some("image/webp")
        } else {
            None
        }
    };
    match subtype {
        "" | "*" => sniffed(),
        "png" => Some("image/png"),
        "jpeg" | "jpg" | "pjpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        "avif" => Some("image/avif"),
        "bmp" => Some("image/bmp"),
        _ => None,
    }
}

/// Decodes a text source: UTF-16 with a byte order mark, else UTF-8 (with or without BOM).
pub fn decode_text(bytes: &[u8]) -> Result<String, Error> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::new(ErrorKind::TooLarge { limit: MAX_INPUT_BYTES }, Position::Unknown));
    }
    let utf16 = |rest: &[u8], big_endian: bool| -> Result<String, Error> {
        let decoded = decode_utf16(rest, big_endian);
        if decoded.odd {
            return Err(Error::new(ErrorKind::InvalidText("UTF-16 text with an odd number of bytes"), Position::Byte(bytes.len() as u64 - 1)));
        }
        match decoded.unpaired_at {
            // After the 2-byte byte order mark.
            Some(at) => Err(Error::new(ErrorKind::InvalidText("unpaired UTF-16 surrogate"), Position::Byte(2 + at as u64))),
            None => Ok(decoded.text),
        }
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(error) => {
                let kind = if looks_like_utf16(bytes) {
                    ErrorKind::InvalidText("UTF-16 text without a byte order mark")
                } else {
                    ErrorKind::InvalidText("invalid UTF-8")
                };
                Err(Error::new(kind, Position::Byte(error.valid_up_to() as u64)))
            }
        },
    }
}

/// UTF-16 text decoded from bytes, with what was wrong with it: the one UTF-16 decoder of the
/// readers (text sources with a byte order mark, ID3 frames, MP4 titles), each of which says
/// the problems its own way.
pub(crate) struct Utf16 {
    /// The text; an unpaired surrogate is U+FFFD.
    pub(crate) text: String,
    /// An odd number of bytes: the last one was dropped.
    pub(crate) odd: bool,
    /// The byte offset (in the bytes given) of the first unpaired surrogate, if any.
    pub(crate) unpaired_at: Option<usize>,
}

/// `bytes` as text, decoded as the Fetch standard's `Response.text()` does: UTF-8 with a
/// leading byte-order mark dropped and every invalid sequence replaced by U+FFFD.
///
/// ```
/// use episode_chapters::formats::utf8_text;
/// assert_eq!(utf8_text(b"\xEF\xBB\xBF{\"a\": 1}".to_vec()), "{\"a\": 1}");
/// assert_eq!(utf8_text(b"caf\xC3\xA9 \xFF!".to_vec()), "café \u{FFFD}!");
/// ```
pub fn utf8_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Decodes UTF-16 code units, big-endian or little-endian, from `bytes`.
pub(crate) fn decode_utf16(bytes: &[u8], big_endian: bool) -> Utf16 {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let units = pairs.map(|pair| match *pair {
        [a, b] if big_endian => u16::from_be_bytes([a, b]),
        [a, b] => u16::from_le_bytes([a, b]),
        _ => 0xFFFD,
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut unit = 0usize;
    let mut unpaired_at = None;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                unit = unit.saturating_add(c.len_utf16());
            }
            Err(_) => {
                text.push(char::REPLACEMENT_CHARACTER);
                unpaired_at = unpaired_at.or(Some(unit.saturating_mul(2)));
                unit = unit.saturating_add(1);
            }
        }
    }
    Utf16 { text, odd, unpaired_at }
}

/// UTF-16 of mostly ASCII text has a zero in every other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = bytes.get(..bytes.len().min(512)).unwrap_or(bytes);
    let zeros = |offset: usize| sample.iter().skip(offset).step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    half >= 4 && (zeros(0) * 10 >= half * 8 || zeros(1) * 10 >= half * 8)
}

/// Reads chapters from text in any supported format, picked by content (see [`detect`]).
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
    parse_hinted(text, None)
}

/// Reads chapters from text, picked by content, with a hint of the format from the file's name
/// or the server's `Content-Type` ([`Format::from_extension`], [`Format::from_content_type`]).
///
/// The evidence is weighed in this order:
/// 1. **The content.** JSON, XML and WebVTT announce themselves; a hint that says otherwise
///    only adds a warning. A text hint (`.txt`, `.md`, `text/plain`, `text/markdown`) never
///    disagrees: every format is text.
/// 2. **A structured reader that fails at once.** When JSON or XML fails on the first line
///    (`[00:00] Intro` is not a JSON array, `<00:00> Intro` not an XML element), or fails at
///    all while the hint says text, and the text reads as show notes, it is read as show
///    notes with a warning that names the format tried and why it failed.
/// 3. **The hint, when text holds no chapters.** Text without a signature is read as show
///    notes; if that finds no chapters and the hint names another format, the error is that
///    format's (a `.vtt` file without its `WEBVTT` line is reported as WebVTT missing its
///    header). Without such a hint the error says what each reader looks for.
///
/// # Examples
///
/// ```
/// use episode_chapters::formats::{self, Format};
///
/// // Neither show notes nor WebVTT: the error is WebVTT's, as the file's name said.
/// let err = formats::parse_hinted("Intro\nOutro\n", Some(Format::WebVtt)).unwrap_err();
/// assert_eq!(err.to_string(), "line 1, column 1: missing \"WEBVTT\" header");
/// let err = formats::parse("Intro\nOutro\n").unwrap_err();
/// assert!(err.to_string().starts_with("no chapters found: expected show notes"));
///
/// let parsed = formats::parse_hinted("WEBVTT\n\n00:00.000 --> 01:00.000\nIntro\n", Some(Format::Json)).unwrap();
/// assert_eq!(parsed.warnings[0].to_string(), "named or served as JSON chapters, but the content is WebVTT: read as WebVTT");
///
/// // Starts like JSON, reads as a list of timestamps.
/// let parsed = formats::parse("[00:00] Intro\n[02:45] Topic\n").unwrap();
/// assert_eq!(parsed.chapters.get(1).unwrap().title, "Topic");
/// assert_eq!(
///     parsed.warnings[0].to_string(),
///     "line 1, column 4: not JSON chapters (invalid JSON: expected ',' or ']' after an array item, found ':'): read as show notes"
/// );
/// ```
pub fn parse_hinted(text: &str, hint: Option<Format>) -> Result<Parsed, Error> {
    parse_hinted_with(text, hint, parse_as)
}

/// [`parse_hinted`] for the optional readers' module, which the widget hands only what it does
/// not read itself: Podlove Simple Chapters. Reads every format it meets as such (with the
/// same fallback to show notes), so that no other reader is compiled into that module.
#[cfg(feature = "psc")]
pub fn parse_hinted_psc(text: &str, hint: Option<Format>) -> Result<Parsed, Error> {
    parse_hinted_with(text, hint, |text, _| psc::parse(text))
}

/// [`parse_hinted`] with `read` as the reader of a format.
fn parse_hinted_with(text: &str, hint: Option<Format>, read: impl Fn(&str, Format) -> Result<Parsed, Error>) -> Result<Parsed, Error> {
    let found = detect(text);
    // "<00:00> Intro" is not XML: said here, so that a build without the XML reader knows too.
    let result = match not_xml(text) {
        Some(error) if found == Format::Psc => Err(error),
        _ => read(text, found),
    };
    if found != Format::ShowNotes {
        let error = match result {
            Ok(mut parsed) => {
                if let Some(hint) = hint.filter(|&hint| hint != found && hint != Format::ShowNotes) {
                    let kind = ErrorKind::NotAsHinted { hinted: hint.name(), read: found.name() };
                    parsed.warnings.insert(0, Error::new(kind, Position::Unknown));
                }
                return Ok(parsed);
            }
            Err(error) => error,
        };
        let syntax = matches!(error.kind(), ErrorKind::Syntax(_) | ErrorKind::XmlSyntax(_));
        let said_text = hint == Some(Format::ShowNotes) && !matches!(error.kind(), ErrorKind::NotFound { .. } | ErrorKind::NotBuiltIn { .. });
        if syntax && on_first_line(text, error.position()) || said_text {
            if let Ok(mut parsed) = shownotes::parse(text) {
                let kind = ErrorKind::ReadAsText { tried: found.name(), reason: error.kind().to_string() };
                parsed.warnings.insert(0, Error::new(kind, error.position()));
                return Ok(parsed);
            }
        }
        return Err(error);
    }
    match (result, hint) {
        (Ok(mut parsed), Some(hint)) if hint != found => {
            let kind = ErrorKind::NotAsHinted { hinted: hint.name(), read: found.name() };
            parsed.warnings.insert(0, Error::new(kind, Position::Unknown));
            Ok(parsed)
        }
        (Err(_), Some(hint)) if hint != found => read(text, hint),
        (Err(error), _) if matches!(error.kind(), ErrorKind::NoChapters(_)) => {
            Err(Error::new(ErrorKind::NoChapters(EXPECTED_ANY), error.position()))
        }
        (result, _) => result,
    }
}

/// What each reader looks for, for the message when text holds no chapters in any format.
const EXPECTED_ANY: &str = concat!(
    "show notes (",
    shownotes::expected!(),
    "), JSON chapters (an object with a \"chapters\" array), WebVTT (a \"WEBVTT\" line, then cues) or Podlove Simple Chapters (a <psc:chapters> element)"
);

/// The error for text that starts with `<` but not with an XML tag: an element's name starts
/// with a letter or `_` (or a character beyond ASCII), and `<?`, `<!` and `</` start the other
/// tags.
fn not_xml(text: &str) -> Option<Error> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = body.find(|c: char| !c.is_whitespace())?;
    let name = body.get(at..)?.strip_prefix('<')?;
    let name = name.split(|c: char| c.is_whitespace() || c == '>' || c == '/').next().unwrap_or(name);
    if name.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '_' | '?' | '!') || !c.is_ascii()) {
        return None;
    }
    let reason = format!("the element name \"{name}\" does not start with a letter or \"_\"");
    Some(Error::new(ErrorKind::XmlSyntax(reason), Position::in_text(body, at)))
}

/// Whether `position` is on the first line of `text` that is not blank.
fn on_first_line(text: &str, position: Position) -> bool {
    let Position::Text { line, .. } = position else { return false };
    let blank = text.strip_prefix('\u{feff}').unwrap_or(text).lines().take_while(|l| l.trim().is_empty()).count();
    usize::try_from(line).is_ok_and(|line| line == blank + 1)
}

/// Reads chapters from text in the given format, with no detection (the widget's `format`
/// attribute).
pub fn parse_as(text: &str, format: Format) -> Result<Parsed, Error> {
    // Each reader checks size and emptiness itself (`prepare`).
    match format {
        Format::Json => json::parse(text),
        Format::ShowNotes => shownotes::parse(text),
        Format::Psc => reader!("psc", "Podlove Simple Chapters", psc, text),
        Format::WebVtt => reader!("webvtt", "WebVTT", webvtt, text),
    }
}
