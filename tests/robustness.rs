//! Hostile input never panics: thousands of random mutations of real sources (the demo's show
//! notes, a JSON chapters file), each parsed; whatever is read must still be a valid timeline.
//! The cargo-fuzz targets go further; this runs with every `cargo test`.

use episode_chapters::formats::{self, Format};
use episode_chapters::{Category, Error, ErrorKind, Position};

mod common;
use proptest::prelude::*;
use proptest::sample::{select, Index};


/// Pieces that matter to the readers: separators, digits, quotes, brackets, odd characters.
const PIECES: &[&str] = &[
    "-", "–", "—", ":", ".", ",", "0", "5", "9", "59", "60", "99:99", "\n", "\r\n", " ", "\t", "•", "- •", "{", "}", "[", "]",
    "\"", "\\", "\\u", "\\ud800", "e", "E+", "-1", "1e999", "null", "true", "startTime", "\"startTime\":", "CHAPTERS",
    "\u{feff}", "\u{0}", "\u{7f}", "é", "🎙", "\u{202e}", "1:02:03.5", "- 0:00 – ",
];

/// One change to a source's text, at a place proportional to its length.
#[derive(Clone, Debug)]
enum Edit {
    /// Cut out up to this many characters.
    Cut(Index, usize),
    /// Put a piece in.
    Insert(Index, &'static str),
    /// Replace a character.
    Replace(Index, char),
    /// Cut the rest off.
    Truncate(Index),
}

/// One to eight edits.
fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<Index>(), 1..=20usize).prop_map(|(at, len)| Edit::Cut(at, len)),
        (any::<Index>(), select(PIECES)).prop_map(|(at, piece)| Edit::Insert(at, piece)),
        (any::<Index>(), (0..0x3000u32).prop_map(|c| char::from_u32(c).unwrap_or('?'))).prop_map(|(at, c)| Edit::Replace(at, c)),
        any::<Index>().prop_map(Edit::Truncate),
    ];
    prop::collection::vec(edit, 1..=8)
}

fn mutate(source: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for edit in edits {
        let places = chars.len() + 1;
        match *edit {
            Edit::Cut(ref at, len) => {
                let at = at.index(places).min(chars.len());
                let len = len.min(chars.len() - at);
                chars.drain(at..at + len);
            }
            Edit::Insert(ref at, piece) => {
                let at = at.index(places);
                chars.splice(at..at, piece.chars());
            }
            Edit::Replace(ref at, c) => {
                if let Some(slot) = chars.get_mut(at.index(places)) {
                    *slot = c;
                }
            }
            Edit::Truncate(ref at) => chars.truncate(at.index(places)),
        }
    }
    chars.into_iter().collect()
}

/// Whatever `text` gives is a valid timeline, and every problem is one that text can have, at
/// a place inside `text`: a line of it, a column of that line (or just past its end).
fn check(text: &str) {
    let result = formats::parse(text);
    let problems: Vec<Error> = match &result {
        Ok(parsed) => parsed.warnings.clone(),
        Err(error) => vec![error.clone()],
    };
    for problem in &problems {
        let category = problem.kind().category();
        assert!(
            !matches!(category, Category::MediaUnreadable | Category::RangesUnsupported | Category::RequestLimit | Category::NotBuiltIn),
            "{category:?} from text: {problem}"
        );
        assert!(inside(text, problem.position()), "{problem} is outside the text ({} lines)\n{text}", text.lines().count());
    }
    common::assert_valid(result);
}

/// Whether `position` is in `text`: a line from 1 to one past the last, a column from 1 to one
/// past the end of that line (in characters). Byte positions are not for text.
fn inside(text: &str, position: Position) -> bool {
    match position {
        Position::Unknown => true,
        Position::Byte(_) => false,
        Position::Text { line, column } => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            // Lines as the readers count them: "\n" ends a line ("\r\n" too; a lone "\r" is
            // a character of the line).
            let lines: Vec<&str> = text.split('\n').collect();
            line >= 1
                && column >= 1
                && lines.get(line as usize - 1).is_some_and(|l| column as usize <= l.chars().count() + 1)
        }
    }
}

fn source(file: &str) -> String {
    std::fs::read_to_string(format!("{}{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn mutated_show_notes_are_handled(edits in edits()) {
        check(&mutate(&source("/demo/episode.txt"), &edits));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn mutated_json_is_handled(edits in edits()) {
        check(&mutate(&source("/tests/e2e/fixtures/episode.json"), &edits));
    }
}

#[test]
fn every_prefix_of_the_sources_is_handled() {
    for file in ["/demo/episode.txt", "/tests/e2e/fixtures/episode.json"] {
        let source = std::fs::read_to_string(format!("{}{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        for (i, _) in source.char_indices().step_by(7) {
            check(&source[..i]);
        }
    }
}

#[test]
fn limits_are_reported_with_their_kind_and_position() {
    // A 10 MB title: cut to 2,000 characters and an ellipsis, with a warning at the chapter.
    let huge = format!("{{\"version\": \"1.2.0\", \"chapters\": [{{\"startTime\": 0, \"title\": \"{}\"}}]}}", "x".repeat(10_000_000));
    let parsed = formats::parse(&huge).unwrap();
    assert_eq!(parsed.chapters.get(0).unwrap().title, format!("{}…", "x".repeat(2000)));
    let warning = parsed.warnings.iter().find(|w| matches!(w.kind(), ErrorKind::TitleTooLong { .. })).unwrap();
    assert_eq!((warning.kind(), warning.position()), (&ErrorKind::TitleTooLong { limit: 2000 }, Position::text(1, 35)));
    assert_eq!(warning.to_string(), "line 1, column 35: a chapter title is longer than 2000 characters");
    // 250,000 chapters (an audiobook has hundreds, a long live stream thousands; 200,000 are
    // read).
    let mut notes = String::from("CHAPTERS\n");
    for i in 0..250_000u64 {
        notes.push_str(&format!("- {}:{:02}:{:02}\nChapter\n", i / 3600, i / 60 % 60, i % 60));
    }
    let error = formats::parse(&notes).unwrap_err();
    assert_eq!((error.kind(), error.position()), (&ErrorKind::TooManyChapters { limit: 200_000 }, Position::text(400_002, 1)));
    let mut json = String::from("{\"version\": \"1.2.0\", \"chapters\": [");
    for i in 0..250_000 {
        json.push_str(&format!("{}{{\"startTime\": {i}}}", if i == 0 { "" } else { "," }));
    }
    json.push_str("]}");
    let error = formats::parse(&json).unwrap_err();
    assert_eq!((error.kind(), error.position()), (&ErrorKind::TooManyChapters { limit: 200_000 }, Position::text(1, 34)));
    // 17 MB of input.
    let error = formats::parse(&" ".repeat(17 << 20)).unwrap_err();
    assert_eq!((error.kind(), error.position()), (&ErrorKind::TooLarge { limit: 16 << 20 }, Position::Unknown));
    assert_eq!(warning.kind().category(), Category::TooLarge);
    assert_eq!(formats::parse(&json).unwrap_err().kind().category(), Category::TooLarge);
}

/// Whether a kind is the one a case expects.
type IsKind = fn(&ErrorKind) -> bool;

/// Each kind of problem, met in a real input: its category (what a view says, in the
/// listener's language) and its position.
#[test]
fn each_kind_has_its_category_and_position() {
    let json = |chapters: &str| format!("{{\"version\": \"1.2.0\", \"chapters\": [{chapters}]}}");
    let feed = br#"<rss xmlns:psc="http://podlove.org/simple-chapters"><channel><item><guid>a</guid><psc:chapters><psc:chapter start="0" title="A"/></psc:chapters></item></channel></rss>"#;
    let errors: Vec<(Result<formats::Parsed, Error>, IsKind, Category, Position)> = vec![
        (formats::parse("  \n"), |k| matches!(k, ErrorKind::Empty), Category::Empty, Position::Unknown),
        (formats::parse("Intro\nOutro\n"), |k| matches!(k, ErrorKind::NoChapters(_)), Category::NotChapters, Position::Unknown),
        (formats::ogg::parse(b"ID3\x04\0\0\0\0\0\0"), |k| matches!(k, ErrorKind::NotFound { .. }), Category::NotChapters, Position::Byte(0)),
        (formats::parse_hinted("Intro\n", Some(Format::WebVtt)), |k| matches!(k, ErrorKind::MissingHeader("WEBVTT")), Category::NotChapters, Position::text(1, 1)),
        (formats::parse_bytes(b"CHAPTERS\n\xff"), |k| matches!(k, ErrorKind::InvalidText(_)), Category::NotChapters, Position::Byte(9)),
        (formats::parse_feed_item(feed, "9"), |k| matches!(k, ErrorKind::NoSuchItem { items: 1, .. }), Category::NotChapters, Position::Unknown),
        (
            formats::parse("{\"version\": \"1.2.0\",\n \"chapters\": [\n  {\"startTime\": 0 \"title\": \"A\"}\n]}"),
            |k| matches!(k, ErrorKind::Syntax(_)),
            Category::Malformed,
            Position::text(3, 19),
        ),
        (formats::parse(&json(r#"{"startTime": true, "title": "A"}"#)), |k| matches!(k, ErrorKind::WrongType { .. }), Category::Malformed, Position::text(1, 49)),
        (formats::parse(&json(r#"{"title": "A"}"#)), |k| matches!(k, ErrorKind::MissingField("startTime")), Category::Malformed, Position::text(1, 35)),
        (formats::parse(&json(r#"{"startTime": -5, "title": "A"}"#)), |k| matches!(k, ErrorKind::InvalidTime { .. }), Category::Malformed, Position::text(1, 49)),
        (formats::parse("CHAPTERS\n- 1:2x – 2:45\nIntro\n"), |k| matches!(k, ErrorKind::InvalidTimestamp(_)), Category::Malformed, Position::text(2, 3)),
        (
            formats::parse("WEBVTT\n\n00:00.000 --> 00:0x.000\nA\n"),
            |k| matches!(k, ErrorKind::TimestampRule { .. }),
            Category::Malformed,
            Position::text(3, 15),
        ),
        (formats::parse_bytes(b"ID3\x04\0\0\0\0\x10\0CHAP"), |k| matches!(k, ErrorKind::Truncated { .. }), Category::MediaUnreadable, Position::Byte(6)),
        (formats::parse_bytes(b"\0\0\0\x20ftypM4A \0\0\0\0"), |k| matches!(k, ErrorKind::Truncated { .. }), Category::MediaUnreadable, Position::Byte(0)),
    ];
    for (i, (result, is_kind, category, position)) in errors.into_iter().enumerate() {
        let error = result.unwrap_err();
        assert!(is_kind(error.kind()), "case {i}: {:?}", error.kind());
        assert_eq!((error.kind().category(), error.position()), (category, position), "case {i}: {error}");
    }

    let warned = |result: Result<formats::Parsed, Error>| result.unwrap().warnings;
    let warnings: Vec<(Vec<Error>, IsKind, Category, Position)> = vec![
        (warned(formats::parse("CHAPTERS\n- 5:00 – 6:00\nB\n- 0:00 – 5:00\nA\n")), |k| matches!(k, ErrorKind::Unsorted), Category::Timeline, Position::text(4, 1)),
        (warned(formats::parse("00:00 Intro\n05:10 Main\n")), |k| matches!(k, ErrorKind::ListTooShort(2)), Category::Advice, Position::Unknown),
        (warned(formats::parse(&json(r#"{"startTime": 0, "title": "A"},"#))), |k| matches!(k, ErrorKind::TrailingComma), Category::Malformed, Position::text(1, 65)),
        (
            warned(formats::parse(&json(r#"{"startTime": "12.5", "title": "A"}"#))),
            |k| matches!(k, ErrorKind::NumberAsString { .. }),
            Category::Malformed,
            Position::text(1, 49),
        ),
        (
            warned(formats::parse_hinted("WEBVTT\n\n00:00.000 --> 01:00.000\nIntro\n", Some(Format::Json))),
            |k| matches!(k, ErrorKind::NotAsHinted { .. }),
            Category::Advice,
            Position::Unknown,
        ),
    ];
    for (i, (warnings, is_kind, category, position)) in warnings.into_iter().enumerate() {
        let warning = warnings.iter().find(|w| is_kind(w.kind())).unwrap_or_else(|| panic!("case {i}: {warnings:?}"));
        assert_eq!((warning.kind().category(), warning.position()), (category, position), "case {i}: {warning}");
    }

    // Names cross to the readers' module and back.
    for category in Category::ALL {
        assert_eq!(Category::from_name(category.name()), Some(category));
    }
    let relayed = ErrorKind::Relayed { message: "truncated box \"moov\"".into(), category: Category::MediaUnreadable };
    assert_eq!(relayed.category(), Category::MediaUnreadable);
}
