#![no_main]
//! Fuzzes times in links (deeplink: `time_range`, `page_time`, `link_to`). The input's first
//! line is a page's hash (or a link), the rest its search (or a page address).
//!
//! - A time read is within `MAX_MILLIS`, and an end is after its start.
//! - `page_time` percent-decodes exactly the valid escapes (`%` and two hex digits): its result
//!   is the same as for the `t=` value decoded by the book and fully re-encoded, and a
//!   malformed value is reported as that decoded text; no `t=` at all is `None`.
//! - `link_to(page, t)` then `page_time` of the link's hash (and query), or `time_range` of
//!   the link, gives `t` back, for times read and for any time up to `MAX_MILLIS`; the link is
//!   the page without its fragment plus one `#t=`.
use episode_chapters::chapters::time::MAX_MILLIS;
use episode_chapters::deeplink::{link_to, page_time, time_range, PageTime};
use episode_chapters::Timestamp;
use libfuzzer_sys::fuzz_target;

fn within(t: Timestamp) -> bool {
    t.as_millis() <= MAX_MILLIS
}

/// The raw `t=` value that `page_time` looks at, as its documentation says: the hash's, else
/// the search's, each without its leading `#` / `?`.
fn raw_t<'a>(hash: &'a str, search: &'a str) -> Option<&'a str> {
    let value = |text: &'a str, separator: char| {
        let text = text.strip_prefix(separator).unwrap_or(text);
        text.split('&').find_map(|part| part.strip_prefix("t="))
    };
    value(hash, '#').or_else(|| value(search, '?'))
}

/// Percent-decoding by the book: `%` and two hex digits is a byte, anything else stays.
fn decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let escape = bytes.get(i + 1..i + 3).filter(|h| bytes[i] == b'%' && h.iter().all(u8::is_ascii_hexdigit));
        match escape {
            Some(h) => {
                let hex = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(h[0]) * 16 + hex(h[1]));
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every byte as `%XX`.
fn encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn check_round_trip(page: &str, t: Timestamp) {
    let link = link_to(page, t);
    let base = page.split_once('#').map_or(page, |(base, _)| base);
    let (before, fragment) = link.split_once('#').unwrap_or_else(|| panic!("no fragment in {link:?}"));
    assert_eq!(before, base, "link_to changed the page: {link:?}");
    assert!(fragment.starts_with("t=") && !fragment.contains('#'), "fragment {fragment:?}");
    let query = base.split_once('?').map_or("", |(_, q)| q);
    assert_eq!(page_time(&format!("#{fragment}"), query), PageTime::Range(t, None), "page_time of {link:?}");
    assert_eq!(page_time(fragment, ""), PageTime::Range(t, None), "page_time of {fragment:?} without '#'");
    assert_eq!(time_range(&link), Some((t, None)), "time_range of {link:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (hash, search) = text.split_once('\n').unwrap_or((text, ""));

    for url in [text, hash, search] {
        if let Some((start, end)) = time_range(url) {
            assert!(within(start), "{url:?}: start {start:?}");
            if let Some(end) = end {
                assert!(within(end) && end > start, "{url:?}: end {end:?} for start {start:?}");
            }
        }
    }

    let read = page_time(hash, search);
    match (&read, raw_t(hash, search)) {
        (PageTime::None, raw) => assert_eq!(raw, None, "a t= read as none"),
        (_, None) => panic!("{read:?} without a t="),
        (PageTime::Range(start, end), Some(_)) => {
            assert!(within(*start), "start {start:?}");
            assert!(end.is_none_or(|end| within(end) && end > *start), "end {end:?} for start {start:?}");
        }
        (PageTime::Malformed(text), Some(raw)) => assert_eq!(text, &decoded(raw), "the malformed text is not the decoded value"),
    }
    if let Some(raw) = raw_t(hash, search) {
        let again = page_time(&format!("#t={}", encoded(&decoded(raw))), "");
        assert_eq!(again, read, "{raw:?}: decoding differs from percent-decoding by the book");
    }

    if let PageTime::Range(start, end) = read {
        check_round_trip(search, start);
        if let Some(end) = end {
            check_round_trip(search, end);
        }
    }
    let mut any = [0u8; 8];
    for (slot, byte) in any.iter_mut().zip(data.iter().rev()) {
        *slot = *byte;
    }
    let any = u64::from_le_bytes(any);
    check_round_trip(search, Timestamp::from_millis(any % (MAX_MILLIS + 1)));
    check_round_trip(hash, Timestamp::from_millis(any % 7_200_000));
});
