#![no_main]
//! Fuzzes what the `<episode-chapters>` element's attributes become (settings::Settings::
//! from_attributes, SourceChoice::from_attribute, format_from_name). The input is one attribute
//! a line, `name=value` (the first of a name wins, as `getAttribute` sees one value).
//!
//! - Only the names in `ATTRIBUTES` are ever read, and every one of them is.
//! - Each field follows the documented rules (README's attribute table, the doc comments): a
//!   value that is not one of the listed words gives the default; case and surrounding spaces
//!   never matter for words; `heading-level` is always 1 to 6 and `heading_tag` is its `<hN>`.
//! - Each field depends on its own attribute only.
//! - `src`: keywords, `#id` and URLs are told apart; an id or URL is the trimmed value, never
//!   empty for a URL, and a URL is never one of the keywords nor an id. The URL is handed to
//!   `fetch()` as it is (never used as a link target), so its scheme is left to the browser.
use std::cell::RefCell;

use episode_chapters::formats::Format;
use episode_chapters::settings::{format_from_name, Expanded, MediaChoice, Settings, SourceChoice, Theme, ATTRIBUTES};
use libfuzzer_sys::fuzz_target;

fn attributes(text: &str) -> Vec<(&str, &str)> {
    text.split('\n').map(|line| line.split_once('=').unwrap_or((line, ""))).collect()
}

fn read(attributes: &[(&str, &str)]) -> Settings {
    Settings::from_attributes(|name| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned()))
}

/// The value as a keyword: trimmed (any Unicode white space, as `str::trim`) and lower case.
fn word(value: Option<&str>) -> Option<String> {
    value.map(|v| v.trim().to_ascii_lowercase())
}

/// Every ASCII letter's case flipped, and white space around it.
fn shaken(value: &str) -> String {
    let flipped: String = value.chars().map(|c| if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect();
    format!(" \t{flipped}\n ")
}

fn check_source(value: Option<&str>, source: &SourceChoice) {
    let trimmed = value.map(str::trim).unwrap_or_default();
    match source {
        SourceChoice::Markup => assert!(trimmed.is_empty(), "{value:?} read as the markup"),
        SourceChoice::Track => assert_eq!(trimmed, "track"),
        SourceChoice::Media => assert_eq!(trimmed, "media"),
        SourceChoice::Element(id) => assert_eq!(format!("#{id}"), trimmed),
        SourceChoice::Url(url) => {
            assert_eq!(url, trimmed, "a URL is the trimmed value");
            assert!(!url.is_empty() && !url.starts_with('#') && url != "track" && url != "media", "{url:?} read as a URL");
        }
        SourceChoice::Data(_) => panic!("an attribute gave data"),
    }
    assert!(!source.name().is_empty());
    assert_eq!(source.follows_media_file(), matches!(source, SourceChoice::Track | SourceChoice::Media));
    // Keywords are exact (`Track` is a URL); spaces around never matter.
    if let Some(v) = value {
        let padded = format!("  {v}\t\n");
        assert_eq!(&SourceChoice::from_attribute(Some(&padded)), source, "spaces around {v:?} changed the source");
    }
}

fn check_format(name: &str, format: Option<Format>) {
    let expected = match name.trim().to_ascii_lowercase().as_str() {
        "json" | "application/json" | "application/json+chapters" => Some(Format::Json),
        "vtt" | "webvtt" | "text/vtt" => Some(Format::WebVtt),
        "psc" | "xml" | "podlove" => Some(Format::Psc),
        "text" | "txt" | "shownotes" | "show-notes" | "text/plain" => Some(Format::ShowNotes),
        _ => None,
    };
    assert_eq!(format, expected, "format {name:?}");
    assert_eq!(format_from_name(&shaken(name)), format, "case or spaces changed format {name:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let attributes = attributes(text);
    let get = |name: &str| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);

    // Exactly the documented names are read.
    let asked = RefCell::new(Vec::new());
    let settings = Settings::from_attributes(|name| {
        asked.borrow_mut().push(name.to_owned());
        get(name).map(str::to_owned)
    });
    let mut asked = asked.into_inner();
    asked.sort();
    asked.dedup();
    let mut documented: Vec<String> = ATTRIBUTES.iter().map(|n| (*n).to_owned()).collect();
    documented.sort();
    assert_eq!(asked, documented, "the names read are not ATTRIBUTES");
    assert_eq!(read(&attributes), settings, "reading twice differs");

    // The documented rules, field by field.
    match get("for").map(str::trim) {
        Some(id) if !id.is_empty() => assert_eq!(settings.media, MediaChoice::Id(id.to_owned())),
        _ => assert_eq!(settings.media, MediaChoice::Nearest),
    }
    check_source(get("src"), &settings.source);
    match get("format") {
        Some(name) => check_format(name, settings.format),
        None => assert_eq!(settings.format, None),
    }
    let expanded = match word(get("expanded")).as_deref() {
        Some("none" | "false" | "off") => Expanded::None,
        Some("all") => Expanded::All,
        _ => Expanded::Current,
    };
    assert_eq!(settings.expanded, expanded);
    let off = |name: &str| matches!(word(get(name)).as_deref(), Some("off" | "false" | "no" | "0"));
    assert_eq!(settings.follow, !off("follow"));
    assert_eq!(settings.media_session, !off("media-session"));
    let theme = match word(get("theme")).as_deref() {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::Auto,
    };
    assert_eq!(settings.theme, theme);
    // The switches that are off by default: on when present with any value but an off word.
    let on = |name: &str| get(name).is_some() && !off(name);
    assert_eq!(settings.compact, on("compact"));
    assert_eq!(settings.timeline, on("timeline"));
    assert!((1..=6).contains(&settings.heading_level), "heading level {}", settings.heading_level);
    assert_eq!(settings.heading_tag(), format!("h{}", settings.heading_level));
    let level = get("heading-level").map(str::trim);
    if let Some(digit @ ("1" | "2" | "3" | "4" | "5" | "6")) = level {
        assert_eq!(settings.heading_level.to_string(), digit);
    } else if settings.heading_level != 2 {
        let number = level.and_then(|l| l.strip_prefix('+').unwrap_or(l).parse::<u64>().ok());
        assert_eq!(number, Some(u64::from(settings.heading_level)), "heading level from {level:?}");
    }
    match get("lang").map(str::trim) {
        Some(lang) if !lang.is_empty() => assert_eq!(settings.lang.as_deref(), Some(lang)),
        _ => assert_eq!(settings.lang, None),
    }

    // Each field depends on its own attribute only: read alone, each gives the same field.
    for name in ATTRIBUTES {
        let alone: Vec<(&str, &str)> = get(name).map(|v| (name, v)).into_iter().collect();
        let one = read(&alone);
        let same = match name {
            "for" => one.media == settings.media,
            "src" => one.source == settings.source,
            "format" => one.format == settings.format,
            "expanded" => one.expanded == settings.expanded,
            "follow" => one.follow == settings.follow,
            "theme" => one.theme == settings.theme,
            "compact" => one.compact == settings.compact,
            "heading-level" => one.heading_level == settings.heading_level,
            "media-session" => one.media_session == settings.media_session,
            "timeline" => one.timeline == settings.timeline,
            "lang" => one.lang == settings.lang,
            other => panic!("no rule for attribute {other:?}"),
        };
        assert!(same, "{name} depends on other attributes");
    }

    // Case and spaces never matter for the keyword attributes.
    let keyword = ["format", "expanded", "follow", "theme", "compact", "heading-level", "media-session", "timeline"];
    let shaken_values: Vec<(String, String)> = attributes
        .iter()
        .map(|(n, v)| ((*n).to_owned(), if keyword.contains(n) { shaken(v) } else { (*v).to_owned() }))
        .collect();
    let shaken_attributes: Vec<(&str, &str)> = shaken_values.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(read(&shaken_attributes), settings, "case or spaces in a keyword changed the settings");
});
