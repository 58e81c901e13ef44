//! Hostile input never panics: thousands of random mutations of real sources (the demo's show
//! notes, a JSON chapters file), each parsed; whatever is read must still be a valid timeline.
//! The cargo-fuzz targets go further; this runs with every `cargo test`.

use episode_chapters::formats;

mod common;
use common::Rng;


/// Pieces that matter to the readers: separators, digits, quotes, brackets, odd characters.
const PIECES: &[&str] = &[
    "-", "–", "—", ":", ".", ",", "0", "5", "9", "59", "60", "99:99", "\n", "\r\n", " ", "\t", "•", "- •", "{", "}", "[", "]",
    "\"", "\\", "\\u", "\\ud800", "e", "E+", "-1", "1e999", "null", "true", "startTime", "\"startTime\":", "CHAPTERS",
    "\u{feff}", "\u{0}", "\u{7f}", "é", "🎙", "\u{202e}", "1:02:03.5", "- 0:00 – ",
];

fn mutate(rng: &mut Rng, source: &str) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if at < chars.len() => {
                let len = (1 + rng.below(20)).min(chars.len() - at);
                chars.drain(at..at + len);
            }
            1 => {
                let piece: Vec<char> = PIECES[rng.below(PIECES.len())].chars().collect();
                chars.splice(at..at, piece);
            }
            2 if at < chars.len() => chars[at] = char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'),
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

fn check(text: &str) {
    common::assert_valid(formats::parse(text));
}

#[test]
fn mutated_show_notes_never_panic() {
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/episode.txt")).unwrap();
    let mut rng = Rng(0x5eed_0001);
    for _ in 0..3_000 {
        check(&mutate(&mut rng, &source));
    }
}

#[test]
fn mutated_json_never_panics() {
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures/episode.json")).unwrap();
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..5_000 {
        check(&mutate(&mut rng, &source));
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
fn limits_are_refused_with_a_message() {
    // A 10 MB title.
    let huge = format!("{{\"version\": \"1.2.0\", \"chapters\": [{{\"startTime\": 0, \"title\": \"{}\"}}]}}", "x".repeat(10_000_000));
    assert_eq!(formats::parse(&huge).unwrap_err().to_string(), "line 1, column 35: a chapter title is longer than 2000 characters");
    // 250,000 chapters (an audiobook has hundreds, a long live stream thousands; 100,000 are
    // read).
    let mut notes = String::from("CHAPTERS\n");
    for i in 0..250_000u64 {
        notes.push_str(&format!("- {}:{:02}:{:02}\nChapter\n", i / 3600, i / 60 % 60, i % 60));
    }
    assert_eq!(formats::parse(&notes).unwrap_err().to_string(), "line 400002, column 1: more than 200000 chapters");
    let mut json = String::from("{\"version\": \"1.2.0\", \"chapters\": [");
    for i in 0..250_000 {
        json.push_str(&format!("{}{{\"startTime\": {i}}}", if i == 0 { "" } else { "," }));
    }
    json.push_str("]}");
    assert_eq!(formats::parse(&json).unwrap_err().to_string(), "line 1, column 34: more than 200000 chapters");
    // 17 MB of input.
    assert_eq!(formats::parse(&" ".repeat(17 << 20)).unwrap_err().to_string(), "the chapter source is larger than 16777216 bytes");
}
