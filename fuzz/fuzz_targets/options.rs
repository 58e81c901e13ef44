#![no_main]
//! Fuzzes what the JS API's options object becomes. `mount()` reads it in web code
//! (`embed.rs`, `read_options`, not in this build): each option is looked up by its attribute's
//! name (`headingLevel` for `heading-level`), a string is taken as it is, a whole number below
//! 1e9 as its digits, a boolean as `true`/`false`, anything else as absent, and the result goes
//! through `Settings::from_attributes`. This target copies that conversion and checks the pure
//! part with options-shaped input: one option a line, `key=value` with the value written as in
//! JS (`true`, `false`, `null`, `undefined`, a number, `"a string"`; anything else is a string).
//!
//! - Options typed as `episode-chapters.d.ts` declares them give what it promises: a boolean
//!   `compact`/`timeline` is that boolean, `follow` a boolean or `on`/`off`, `headingLevel`
//!   1 to 6 exactly, the four `format` names, the three `expanded` and `theme` words.
//! - Whatever the types, `headingLevel` ends up 1 to 6 and a value that is not one of the
//!   documented ones gives the default.
//! - `null` and `undefined` are the same as a missing option.
use episode_chapters::formats::Format;
use episode_chapters::settings::{Expanded, Settings, Theme, ATTRIBUTES};
use libfuzzer_sys::fuzz_target;

#[derive(Clone, Debug, PartialEq)]
enum Js {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
}

fn js(value: &str) -> Js {
    match value {
        "undefined" => Js::Undefined,
        "null" => Js::Null,
        "true" => Js::Bool(true),
        "false" => Js::Bool(false),
        _ => {
            if let Some(s) = value.strip_prefix('"') {
                Js::String(s.strip_suffix('"').unwrap_or(s).to_owned())
            } else if let Ok(n) = value.parse::<f64>() {
                Js::Number(n)
            } else {
                Js::String(value.to_owned())
            }
        }
    }
}

/// `embed.rs`'s `read_options`, for one option: the text `from_attributes` sees.
fn as_attribute(value: &Js) -> Option<String> {
    match value {
        Js::Undefined | Js::Null => None,
        Js::String(s) => Some(s.clone()),
        Js::Number(n) => Some(*n).filter(|n| n.fract() == 0.0 && n.abs() < 1e9).map(|n| (n as i64).to_string()),
        Js::Bool(b) => Some(b.to_string()),
    }
}

fn key(attribute: &str) -> &str {
    match attribute {
        "heading-level" => "headingLevel",
        "media-session" => "mediaSession",
        attribute => attribute,
    }
}

fn settings(options: &[(String, Js)]) -> Settings {
    Settings::from_attributes(|name| {
        let value = options.iter().find(|(k, _)| k == key(name)).map(|(_, v)| v)?;
        as_attribute(value)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options: Vec<(String, Js)> = text
        .split('\n')
        .map(|line| line.split_once('=').unwrap_or((line, "undefined")))
        .map(|(k, v)| (k.trim().to_owned(), js(v.trim())))
        .collect();
    let get = |k: &str| options.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone()).unwrap_or(Js::Undefined);
    let s = settings(&options);

    // null and undefined are a missing option.
    let present: Vec<(String, Js)> = options.iter().filter(|(_, v)| !matches!(v, Js::Null | Js::Undefined)).cloned().collect();
    let firsts: Vec<(String, Js)> = ATTRIBUTES.iter().map(|a| (key(a).to_owned(), get(key(a)))).collect();
    assert_eq!(settings(&firsts), s, "the options read are not the first of each name");
    if options.iter().all(|(k, _)| options.iter().filter(|(k2, _)| k2 == k).count() == 1) {
        assert_eq!(settings(&present), s, "null or undefined is not a missing option");
    }

    // Whatever the types.
    assert!((1..=6).contains(&s.heading_level), "heading level {}", s.heading_level);
    assert_eq!(s.heading_tag(), format!("h{}", s.heading_level));

    // As the .d.ts types them.
    // The four switches read one set of words: a boolean as itself, 0 and the off words as off.
    let switches: [(&str, bool, bool); 4] =
        [("compact", s.compact, false), ("timeline", s.timeline, false), ("follow", s.follow, true), ("mediaSession", s.media_session, true)];
    for (name, value, absent) in switches {
        match get(name) {
            Js::Bool(b) => assert_eq!(value, b, "{name}: {b}"),
            Js::Number(n) if n.fract() == 0.0 && n.abs() < 1e9 => assert_eq!(value, n != 0.0, "{name}: {n}"),
            Js::Number(n) => assert_eq!(value, absent, "{name}: {n} is not a whole number: absent"),
            Js::String(w) if ["off", "false", "no", "0"].contains(&w.trim().to_ascii_lowercase().as_str()) => assert!(!value, "{name}: {w:?}"),
            Js::String(w) if w == "on" || w.is_empty() => assert!(value, "{name}: {w:?}"),
            Js::Undefined | Js::Null => assert_eq!(value, absent, "{name} absent"),
            Js::String(_) => {}
        }
    }
    match get("headingLevel") {
        Js::Number(n) if (1.0..=6.0).contains(&n) && n.fract() == 0.0 => assert_eq!(f64::from(s.heading_level), n),
        Js::Number(n) => assert_eq!(s.heading_level, 2, "headingLevel: {n}"),
        Js::Bool(_) | Js::Undefined | Js::Null => assert_eq!(s.heading_level, 2),
        Js::String(_) => {}
    }
    match get("format") {
        Js::String(f) => {
            let typed = match f.as_str() {
                "json" => Some(Format::Json),
                "vtt" => Some(Format::WebVtt),
                "psc" => Some(Format::Psc),
                "text" => Some(Format::ShowNotes),
                _ => None,
            };
            if typed.is_some() {
                assert_eq!(s.format, typed, "format: {f:?}");
            }
        }
        _ => assert_eq!(s.format, None, "a format that is not a string"),
    }
    match get("expanded") {
        Js::String(w) if w == "none" => assert_eq!(s.expanded, Expanded::None),
        Js::String(w) if w == "all" => assert_eq!(s.expanded, Expanded::All),
        Js::String(w) if w == "current" => assert_eq!(s.expanded, Expanded::Current),
        Js::Bool(false) => assert_eq!(s.expanded, Expanded::None),
        Js::Number(_) | Js::Bool(true) | Js::Undefined | Js::Null => assert_eq!(s.expanded, Expanded::Current),
        Js::String(_) => {}
    }
    match get("theme") {
        Js::String(w) if w == "light" => assert_eq!(s.theme, Theme::Light),
        Js::String(w) if w == "dark" => assert_eq!(s.theme, Theme::Dark),
        Js::String(w) if w == "auto" => assert_eq!(s.theme, Theme::Auto),
        Js::String(_) => {}
        _ => assert_eq!(s.theme, Theme::Auto),
    }
});
