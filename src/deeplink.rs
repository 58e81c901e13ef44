//! Times in links: the `t=` of a media fragment (`#t=762`, `#t=12:42`, `#t=npt:0:12:42.5`,
//! `episode.mp3#t=762,800`), as the CLI's HTML output writes them for each chapter and as
//! browsers honour them on a media URL. Pure: the widget reads the chapter links of a
//! server-rendered list with it.
//!
//! [Media Fragments URI 1.0, temporal dimension](https://www.w3.org/TR/media-frags/#naming-time)

use crate::chapters::Timestamp;

/// The start and, if given, end of the `t=` in a URL's fragment (or query), in Normal Play
/// Time: plain seconds (`762`, `762.5`), `M:SS`, `H:MM:SS(.fff)`, optionally prefixed `npt:`.
/// `None` when there is no `t=` or its start is not a time.
///
/// ```
/// use episode_chapters::deeplink::time_range;
/// use episode_chapters::Timestamp;
///
/// assert_eq!(time_range("#t=762"), Some((Timestamp::from_millis(762_000), None)));
/// assert_eq!(time_range("episode.mp3#t=npt:0:12:42.5"), Some((Timestamp::from_millis(762_500), None)));
/// assert_eq!(time_range("#t=60,70").and_then(|(_, end)| end), Some(Timestamp::from_millis(70_000)));
/// assert_eq!(time_range("#t=soon"), None);
/// assert_eq!(time_range("#top"), None);
/// ```
pub fn time_range(url: &str) -> Option<(Timestamp, Option<Timestamp>)> {
    let fragment = url.rsplit_once('#').map(|(_, f)| f).unwrap_or(url);
    let value = fragment.split('&').find_map(|part| part.strip_prefix("t="))?;
    let value = value.strip_prefix("npt:").unwrap_or(value);
    let (start, end) = match value.split_once(',') {
        Some((start, end)) => (start, Some(end)),
        None => (value, None),
    };
    let start = if start.is_empty() { Some(Timestamp::ZERO) } else { npt(start) }?;
    Some((start, end.and_then(npt)))
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
