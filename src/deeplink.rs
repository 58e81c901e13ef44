//! Times in links: the `t=` of a media fragment (`#t=762`, `#t=12:42`, `#t=npt:0:12:42.5`,
//! `episode.mp3#t=762,800`), as the CLI's HTML output writes them for each chapter and as
//! browsers honour them on a media URL. Pure: the widget reads the chapter links of a
//! server-rendered list with it.
//!
//! [Media Fragments URI 1.0, temporal dimension](https://www.w3.org/TR/media-frags/#naming-time)

use crate::chapters::Timestamp;

/// The start and, if given, end of the `t=` in a URL's fragment (or query), in Normal Play
/// Time: plain seconds (`762`, `762.5`), `M:SS`, `H:MM:SS(.fff)`, optionally prefixed `npt:`.
/// `None` when there is no `t=` or its start is not a time; an end that is not a time or not
/// after the start is left out (`#t=70,60` starts at 70 s).
///
/// ```
/// use episode_chapters::deeplink::time_range;
/// use episode_chapters::Timestamp;
///
/// assert_eq!(time_range("#t=762"), Some((Timestamp::from_millis(762_000), None)));
/// assert_eq!(time_range("episode.mp3#t=npt:0:12:42.5"), Some((Timestamp::from_millis(762_500), None)));
/// assert_eq!(time_range("#t=60,70").and_then(|(_, end)| end), Some(Timestamp::from_millis(70_000)));
/// assert_eq!(time_range("#t=70,60"), Some((Timestamp::from_millis(70_000), None)));
/// assert_eq!(time_range("#t=soon"), None);
/// assert_eq!(time_range("#top"), None);
/// assert_eq!(time_range("#t="), None);
/// ```
pub fn time_range(url: &str) -> Option<(Timestamp, Option<Timestamp>)> {
    let fragment = url.rsplit_once('#').map(|(_, f)| f).unwrap_or(url);
    let value = fragment.split('&').find_map(|part| part.strip_prefix("t="))?;
    let value = value.strip_prefix("npt:").unwrap_or(value);
    let (start, end) = match value.split_once(',') {
        Some((start, end)) => (start, Some(end)),
        None => (value, None),
    };
    // An empty start means 0 only in a span (`#t=,20`), as in `page_time`: a bare `#t=` is no time.
    let start = if start.is_empty() && end.is_some() { Some(Timestamp::ZERO) } else { npt(start) }?;
    Some((start, end.and_then(npt).filter(|end| *end > start)))
}

/// One Normal Play Time value: seconds with an optional fraction, or a clock.
fn npt(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if text.contains(':') {
        Timestamp::parse_clock(text).ok()
    } else {
        Timestamp::from_decimal_secs(text)
    }
}

/// What a page's address asks the widget to play: the `t=` of its fragment, else of its query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageTime {
    /// No `t=` at all.
    None,
    /// A `t=` that is not a time (or whose end is not after its start): the text, for the
    /// console warning. The page is left as it is.
    Malformed(String),
    /// Play from `start`, and pause at `end` when given.
    Range(Timestamp, Option<Timestamp>),
}

/// Reads the `t=` of a page address: `hash` (`#t=90`, with or without the `#`) wins over
/// `search` (`?t=1:30&x=y`). Unlike [`time_range`], a malformed value is told apart from an
/// absent one, and so is a malformed or backwards end (`#t=60,soon`, `#t=70,60`).
///
/// ```
/// use episode_chapters::deeplink::{page_time, PageTime};
/// use episode_chapters::Timestamp;
///
/// let s = |secs: u64| Timestamp::from_millis(secs * 1000);
/// assert_eq!(page_time("#t=12:42", ""), PageTime::Range(s(762), None));
/// assert_eq!(page_time("", "?ref=x&t=90"), PageTime::Range(s(90), None));
/// assert_eq!(page_time("#t=60,70", "?t=5"), PageTime::Range(s(60), Some(s(70))));
/// assert_eq!(page_time("#t=soon", ""), PageTime::Malformed("soon".into()));
/// assert_eq!(page_time("#t=70,60", ""), PageTime::Malformed("70,60".into()));
/// assert_eq!(page_time("#top", "?page=2"), PageTime::None);
/// ```
pub fn page_time(hash: &str, search: &str) -> PageTime {
    let value = |text: &str, separator: char| {
        let text = text.strip_prefix(separator).unwrap_or(text);
        text.split('&').find_map(|part| part.strip_prefix("t=")).map(str::to_owned)
    };
    let Some(raw) = value(hash, '#').or_else(|| value(search, '?')) else {
        return PageTime::None;
    };
    let text = percent_decoded(&raw);
    let plain = text.strip_prefix("npt:").unwrap_or(&text);
    let (start, end) = match plain.split_once(',') {
        Some((start, end)) => (start, Some(end)),
        None => (plain, None),
    };
    // An empty start means 0 only in a span (`#t=,20`).
    let start = if start.is_empty() && end.is_some() { Some(Timestamp::ZERO) } else { npt(start) };
    let end = match end {
        None => Ok(None),
        Some(end) => npt(end).map(Some).ok_or(()),
    };
    match (start, end) {
        (Some(start), Ok(end)) if end.is_none_or(|end| end > start) => PageTime::Range(start, end),
        _ => PageTime::Malformed(text),
    }
}

/// `%3A` as `:` and so on (a shared link's `t=1%3A30`); bytes that are not valid escapes stay.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        // Two hex digits: `from_str_radix` alone would also take a sign (`%+4`).
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The address of `page` that plays from `start`: the page without its fragment, and `#t=`
/// the start as a clock (`#t=12:42`, `#t=1:02:03.5`), which [`page_time`] reads back.
///
/// ```
/// use episode_chapters::deeplink::{link_to, page_time, PageTime};
/// use episode_chapters::Timestamp;
///
/// let start = Timestamp::from_millis(762_000);
/// assert_eq!(link_to("https://example.com/ep5?ref=x#chapters", start), "https://example.com/ep5?ref=x#t=12:42");
/// assert_eq!(link_to("https://example.com/ep5", Timestamp::from_millis(3_723_500)), "https://example.com/ep5#t=1:02:03.5");
/// assert_eq!(page_time("#t=12:42", ""), PageTime::Range(start, None));
/// ```
pub fn link_to(page: &str, start: Timestamp) -> String {
    let base = page.split_once('#').map_or(page, |(base, _)| base);
    let millis = start.as_millis() % 1000;
    let fraction = if millis == 0 { String::new() } else { format!(".{millis:03}").trim_end_matches('0').to_owned() };
    format!("{base}#t={start}{fraction}")
}
