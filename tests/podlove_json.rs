//! Podlove Web Player JSON chapters, and the Podcasting 2.0 fields beyond the basics.

use episode_chapters::formats::{self, json};
use episode_chapters::{ChapterImage, Timestamp};

#[test]
fn podlove_web_player_array() {
    let text = r#"[
  {"start": "00:00:00.000", "title": "Intro", "href": "https://example.com/intro", "image": "https://example.com/intro.jpg"},
  {"start": "00:02:45.500", "title": "Main"},
  {"start": "1:02:03", "title": "End", "href": "", "image": ""}
]"#;
    let parsed = formats::parse(text).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let c: Vec<_> = parsed.chapters.iter().collect();
    assert_eq!(c.len(), 3);
    assert_eq!(c[0].url.as_deref(), Some("https://example.com/intro"));
    assert_eq!(c[0].image, Some(ChapterImage::Url("https://example.com/intro.jpg".into())));
    assert_eq!(c[0].end, Some(Timestamp::from_millis(165_500)));
    assert_eq!(c[2].start.as_millis(), 3_723_000);
    assert_eq!((c[2].url.clone(), c[2].image.clone()), (None, None));
}

#[test]
fn podlove_web_player_configuration_object() {
    let config = r#"{"version": 5, "title": "Episode", "duration": "00:37:25.000",
      "chapters": [{"start": "00:00:00.000", "title": "A"}, {"start": "00:12:42.000", "title": "B"}]}"#;
    let parsed = json::parse(config).unwrap();
    assert_eq!(parsed.title.as_deref(), Some("Episode"));
    assert_eq!(parsed.chapters.get(1).unwrap().start.as_millis(), 762_000);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn podlove_bad_entries() {
    let text = r#"[
  {"start": "0:00", "title": "Good"},
  {"title": "No start"},
  {"start": 90, "title": "Number"},
  {"start": "1:2x", "title": "Bad clock"},
  "nonsense"
]"#;
    let parsed = json::parse(text).unwrap();
    let messages: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 3, column 3: missing required field \"start\"",
            "line 4, column 13: \"chapters[2].start\" must be a string, found a number",
            "line 5, column 13: invalid timestamp \"1:2x\"",
            "line 6, column 3: \"chapters[4]\" must be an object, found a string",
        ]
    );
    assert_eq!(parsed.chapters.len(), 1);
}

#[test]
fn podcasting_2_0_toc_img_url_and_unused_fields() {
    let text = r#"{"version": "1.2.0", "author": "A", "podcastName": "P", "description": "D", "fileName": "f.mp3", "waypoints": true,
  "chapters": [
    {"startTime": 0, "title": "Intro", "url": "https://example.com", "img": "https://example.com/a.png"},
    {"startTime": 30, "title": "Artwork change", "toc": false, "img": "https://example.com/b.png"},
    {"startTime": 60, "title": "Main", "toc": true, "location": {"name": "Austin", "geo": "geo:30.2672,97.7431", "osm": "R113314"}},
    {"startTime": 90, "title": "Odd", "toc": "no"}
  ]}"#;
    let parsed = json::parse(text).unwrap();
    let messages: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages, ["line 6, column 46: \"chapters[3].toc\" must be a boolean, found a string"]);
    let listed: Vec<&str> = parsed.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(listed, ["Intro", "Main", "Odd"]);
    assert_eq!(parsed.chapters.get(0).unwrap().end, Some(Timestamp::from_millis(60_000)), "a silent chapter does not cut a listed one");
    let silent = parsed.chapters.silent();
    assert_eq!(silent.len(), 1);
    assert_eq!(silent[0].image, Some(ChapterImage::Url("https://example.com/b.png".into())));
    assert_eq!(parsed.chapters.get(0).unwrap().url.as_deref(), Some("https://example.com"));
}

#[test]
fn silent_chapters_survive_a_json_round_trip() {
    let text = r#"{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "A"}, {"startTime": 30, "title": "Art", "toc": false}, {"startTime": 60, "title": "B"}]}"#;
    let parsed = json::parse(text).unwrap();
    let again = json::parse(&episode_chapters::export::json(None, &parsed.chapters)).unwrap();
    assert_eq!(again.chapters, parsed.chapters);
    assert_eq!(again.chapters.silent().len(), 1);
}
