//! The Podcasting 2.0 JSON chapters reader with the `description` / `points` extension.

use episode_chapters::formats::{self, json};
use episode_chapters::Timestamp;

fn error(text: &str) -> String {
    json::parse(text).unwrap_err().to_string()
}

fn warnings(text: &str) -> Vec<String> {
    json::parse(text).unwrap().warnings.iter().map(ToString::to_string).collect()
}

const SPEC_EXAMPLE: &str = r#"{
    "version": "1.2.0",
    "author": "John Doe",
    "title": "Episode 7 - Making Progress",
    "podcastName": "John's Awesome Podcast",
    "chapters": [
        {"startTime": 0, "title": "Intro", "img": "https://example.com/images/intro.jpg"},
        {"startTime": 168, "title": "Hearing Aids", "url": "https://example.com/hearing"},
        {"startTime": 260.5, "endTime": 400, "title": "Progress",
         "description": "What changed since the last episode.",
         "points": ["First thing", "Second \"quoted\" thing \u00e9\ud83c\udf99"]},
        {"startTime": 500, "title": "Outro", "toc": true, "location": {"name": "Austin", "geo": "geo:30.2672,97.7431"}}
    ]
}"#;

#[test]
fn spec_example_with_extension_fields() {
    let parsed = json::parse(SPEC_EXAMPLE).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.title.as_deref(), Some("Episode 7 - Making Progress"));
    let c: Vec<_> = parsed.chapters.iter().collect();
    assert_eq!(c.len(), 4);
    assert_eq!(c[0].end, Some(Timestamp::from_millis(168_000)));
    assert_eq!(c[2].start.as_millis(), 260_500);
    assert_eq!(c[2].end, Some(Timestamp::from_millis(400_000)));
    assert_eq!(c[2].summary, "What changed since the last episode.");
    assert_eq!(c[2].points, ["First thing", "Second \"quoted\" thing é🎙"]);
    // A gap between 400 s and 500 s: no chapter is playing there.
    assert_eq!(parsed.chapters.active_at(Timestamp::from_millis(450_000)), None);
    assert_eq!(c[3].end, None);
}

#[test]
fn detection_picks_json_for_an_object() {
    assert_eq!(formats::parse(&format!("\u{feff}  \n{SPEC_EXAMPLE}")).unwrap().chapters.len(), 4);
}

#[test]
fn trailing_commas_are_read_with_a_warning_naming_the_line() {
    let text = "{\"version\": \"1.2.0\",\n \"chapters\": [\n  {\"startTime\": 0, \"title\": \"A\",},\n  {\"startTime\": 5, \"title\": \"B\"},\n ],\n}";
    assert_eq!(
        warnings(text),
        [
            "line 3, column 32: trailing comma ignored",
            "line 4, column 33: trailing comma ignored",
            "line 5, column 3: trailing comma ignored",
        ]
    );
}

#[test]
fn syntax_errors_name_line_and_column() {
    assert_eq!(
        error("{\"version\": \"1.2.0\",\n \"chapters\": [\n  {\"startTime\": 0 \"title\": \"A\"}\n ]\n}"),
        "line 3, column 19: invalid JSON: expected ',' or '}' after a member, found '\"'"
    );
    assert_eq!(error("{\"chapters\": ["), "line 1, column 15: invalid JSON: expected a value, found the end of the input");
    assert_eq!(error("{\"chapters\": [] } x"), "line 1, column 19: invalid JSON: unexpected text after the end of the JSON value");
    assert_eq!(error("{\"title\": \"abc}"), "line 1, column 11: invalid JSON: unterminated string");
    assert_eq!(error("{\"title\": \"a\\qb\"}"), "line 1, column 13: invalid JSON: invalid escape in string");
    assert_eq!(error("{\"title\": \"a\\u12G4\"}"), "line 1, column 15: invalid JSON: invalid \\u escape: expected four hex digits");
    assert_eq!(error("{\"startTime\": 01.}"), "line 1, column 15: invalid JSON: invalid number");
    assert_eq!(error("{\"startTime\": -}"), "line 1, column 15: invalid JSON: invalid number");
    assert_eq!(error("{title: 1}"), "line 1, column 2: invalid JSON: expected a member name in double quotes, found 't'");
    assert_eq!(error("{\"a\" 1}"), "line 1, column 6: invalid JSON: expected ':' after a member name, found '1'");
    assert_eq!(error("{\"a\": tru}"), "line 1, column 7: invalid JSON: expected a value, found 't'");
    assert_eq!(error("{\"a\": \"x\ny\"}"), "line 1, column 9: invalid JSON: control character in string (escape it)");
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(100), "]".repeat(100));
    assert_eq!(error(&deep), "line 1, column 71: invalid JSON: nesting deeper than 64 levels");
}

#[test]
fn wrong_shapes_are_errors() {
    assert_eq!(error("\"chapters\""), "line 1, column 1: the JSON must be an object, found a string");
    // A bare array is Podlove Web Player chapters.
    assert_eq!(error("[1, 2]"), "line 1, column 2: \"chapters[0]\" must be an object, found a number");
    assert_eq!(error("{\"version\": \"1.2.0\"}"), "line 1, column 1: missing required field \"chapters\"");
    assert_eq!(error("{\"version\": \"1.2.0\", \"chapters\": {}}"), "line 1, column 34: \"chapters\" must be an array, found an object");
    assert_eq!(error("{\"version\": \"1.2.0\", \"chapters\": []}"), "no chapters found: expected at least one entry in \"chapters\"");
}

#[test]
fn unusable_chapters_are_skipped_with_warnings() {
    let text = r#"{"version": "1.2.0", "chapters": [
  {"startTime": 0, "title": "Kept"},
  {"title": "No start"},
  {"startTime": -5, "title": "Negative"},
  {"startTime": "1 min", "title": "String"},
  7,
  {"startTime": 90, "endTime": "x", "title": 5, "points": ["a", 2], "description": false}
]}"#;
    let parsed = json::parse(text).unwrap();
    let messages: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 3, column 3: missing required field \"startTime\"",
            "line 4, column 17: \"startTime\" is not a valid time: -5",
            "line 5, column 17: \"chapters[3].startTime\" must be a number, found a string",
            "line 6, column 3: \"chapters[4]\" must be an object, found a number",
            "line 7, column 32: \"chapters[5].endTime\" must be a number, found a string",
            "line 7, column 46: \"chapters[5].title\" must be a string, found a number",
            "line 7, column 65: \"chapters[5].points[1]\" must be a string, found a number",
            "line 7, column 84: \"chapters[5].description\" must be a string, found a boolean",
            "line 7, column 3: chapter 2 has no title: named \"Chapter 2\"",
        ]
    );
    assert_eq!(parsed.chapters.iter().map(|c| c.start.as_millis()).collect::<Vec<_>>(), [0, 90_000]);
    assert_eq!(parsed.chapters.get(1).unwrap().points, ["a"]);
}

#[test]
fn every_chapter_unusable_is_an_error_with_the_first_problem() {
    assert_eq!(
        error(r#"{"version": "1.2.0", "chapters": [{"startTime": "zero"}]}"#),
        "line 1, column 49: \"chapters[0].startTime\" must be a number, found a string"
    );
}

#[test]
fn missing_version_is_a_warning() {
    assert_eq!(warnings(r#"{"chapters": [{"startTime": 0, "title": "A"}]}"#), ["line 1, column 1: missing required field \"version\""]);
}

#[test]
fn float_seconds_round_to_the_millisecond() {
    let parsed = json::parse(r#"{"version":"1.2","chapters":[{"startTime":0.0004,"title":"A"},{"startTime":1.2345e2,"title":"B"}]}"#).unwrap();
    let starts: Vec<u64> = parsed.chapters.iter().map(|c| c.start.as_millis()).collect();
    assert_eq!(starts, [0, 123_450]);
}

#[test]
fn huge_numbers_are_invalid_times_not_overflows() {
    assert_eq!(
        error(r#"{"version":"1.2","chapters":[{"startTime":1e300,"title":"A"}]}"#),
        "line 1, column 43: \"startTime\" is not a valid time: 1e300"
    );
}
