//! Detection that weighs evidence: the content's first character picks a reader, a structured
//! reader that fails at once on text that reads as timestamp lines gives way to the show-notes
//! reader with a warning, a text hint (`.txt`, `.md`, `text/plain`, `text/markdown`) counts,
//! and the error when nothing fits says what each reader looks for.

mod common;
#[path = "common/notes.rs"]
mod notes;

use common::{assert_valid, warnings};
use proptest::prelude::*;
use episode_chapters::formats::{self, Format};

fn error(text: &str, hint: Option<Format>) -> String {
    formats::parse_hinted(text, hint).unwrap_err().to_string()
}

fn titles(text: &str, hint: Option<Format>) -> Vec<(String, String)> {
    formats::parse_hinted(text, hint).unwrap().chapters.iter().map(|c| (c.start.to_string(), c.title.clone())).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|&(t, title)| (t.to_owned(), title.to_owned())).collect()
}

const BRACKETS: &str = "[00:00] Intro\n[03:15] Hugging Face v1\n[12:42] Bridging research\n";
const ANGLES: &str = "<00:00> Intro\n<03:15> Hugging Face v1\n";

#[test]
fn a_timestamp_list_that_starts_like_json_is_read_as_show_notes_with_a_warning() {
    let expected = pairs(&[("0:00", "Intro"), ("3:15", "Hugging Face v1"), ("12:42", "Bridging research")]);
    let warning = "line 1, column 4: not JSON chapters (invalid JSON: expected ',' or ']' after an array item, found ':'): read as show notes";
    for hint in [None, Some(Format::ShowNotes), Format::from_extension("notes.txt"), Some(Format::Json)] {
        assert_eq!(titles(BRACKETS, hint), expected, "{hint:?}");
        assert_eq!(warnings(&formats::parse_hinted(BRACKETS, hint).unwrap()), [warning], "{hint:?}");
    }
    assert_eq!(formats::parse_bytes_hinted(BRACKETS.as_bytes(), Format::from_extension("notes.txt")).unwrap().chapters.len(), 3);
}

#[test]
fn a_timestamp_list_that_starts_like_xml_is_read_as_show_notes_with_a_warning() {
    let parsed = formats::parse(ANGLES).unwrap();
    assert_eq!(titles(ANGLES, None), pairs(&[("0:00", "Intro"), ("3:15", "Hugging Face v1")]));
    assert_eq!(
        warnings(&parsed),
        [
            "line 1, column 1: not Podlove Simple Chapters (invalid XML: the element name \"00:00\" does not start with a letter or \"_\"): read as show notes",
            "only 2 chapters: YouTube shows chapters from 3 on",
        ]
    );
}

/// The optional readers' module is handed only text the widget cannot read, Podlove Simple
/// Chapters: it reads as `parse_hinted` does for such text (show notes that start like XML
/// included), and reads no other format itself.
#[test]
fn the_readers_module_reads_what_it_is_handed_as_podlove_simple_chapters() {
    let psc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures/episode.psc.xml")).unwrap();
    let notes = "<!-- chapters for episode 12 -->\n00:00 Intro\n05:00 Outro\n";
    for (text, hint) in [(psc.as_str(), None), (psc.as_str(), Some(Format::Json)), (ANGLES, None), (notes, Format::from_extension("notes.md"))] {
        let (module, whole) = (formats::parse_hinted_psc(text, hint).unwrap(), formats::parse_hinted(text, hint).unwrap());
        assert_eq!(module.chapters, whole.chapters, "{hint:?}\n{text}");
        assert_eq!(warnings(&module), warnings(&whole), "{hint:?}\n{text}");
    }
    assert_eq!(formats::parse_hinted_psc(notes, None).unwrap_err().to_string(), error(notes, None));
    // JSON given as Podlove Simple Chapters (`format="psc"`) is an XML error, as in a build
    // with every reader, not JSON read by the module.
    let json = r#"{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}"#;
    assert_eq!(formats::parse_hinted_psc(json, Some(Format::Psc)).unwrap_err().to_string(), formats::parse_as(json, Format::Psc).unwrap_err().to_string());
}

#[test]
fn a_structured_reader_failing_later_keeps_its_error() {
    // JSON broken on line 3 is broken JSON, even with a list line in it.
    let json = "{\"version\": \"1.2.0\",\n \"chapters\": [\n0:00 Intro\n]}";
    assert_eq!(error(json, None), "line 3, column 2: invalid JSON: expected ',' or ']' after an array item, found ':'");
    // Not show notes either: the structured error stands.
    assert_eq!(error("[Intro] [Outro]", None), "line 1, column 2: invalid JSON: expected a value, found 'I'");
    let page = "<!DOCTYPE html>\n<html><body>\n00:00 Intro\n05:00 Outro\n</body></html>\n";
    assert!(error(page, Some(Format::ShowNotes)).ends_with("no chapters: this is an HTML page (a web page, perhaps an error page), not a chapter file"));
}

#[test]
fn a_text_hint_lets_show_notes_be_read_when_a_structured_reader_fails_anywhere() {
    let notes = "<!-- chapters for episode 12 -->\n00:00 Intro\n05:00 Outro\n";
    assert_eq!(error(notes, None), "no chapters found: expected a <psc:chapter> element in <psc:chapters>");
    for hint in [Format::from_extension("notes.md"), Format::from_content_type("text/markdown; charset=utf-8"), Format::from_content_type("text/plain")] {
        let parsed = formats::parse_hinted(notes, hint).unwrap();
        assert_eq!(titles(notes, hint), pairs(&[("0:00", "Intro"), ("5:00", "Outro")]));
        assert_eq!(
            warnings(&parsed),
            [
                "not Podlove Simple Chapters (no chapters found: expected a <psc:chapter> element in <psc:chapters>): read as show notes",
                "only 2 chapters: YouTube shows chapters from 3 on",
            ]
        );
    }
}

#[test]
fn a_text_hint_never_disagrees_with_a_structured_format() {
    let json = r#"{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}"#;
    let vtt = "WEBVTT\n\n00:00.000 --> 01:00.000\nIntro\n";
    for hint in [Format::from_content_type("text/plain; charset=utf-8"), Format::from_extension("chapters.txt")] {
        assert_eq!(hint, Some(Format::ShowNotes));
        assert_eq!(warnings(&formats::parse_hinted(json, hint).unwrap()), Vec::<String>::new());
        assert_eq!(warnings(&formats::parse_hinted(vtt, hint).unwrap()), Vec::<String>::new());
    }
}

#[test]
fn when_nothing_fits_the_error_says_what_each_reader_expected() {
    let prose = "Thanks for listening!\nWe met from 13:30 outside the venue.\n";
    let expected = concat!(
        "no chapters found: expected show notes (a line like \"00:00 Intro\", \"- 0:00 – 2:45\" or \"1. Intro (0:00)\", ",
        "or several lines like \"Intro - 0:00\" in time order), JSON chapters (an object with a \"chapters\" array), ",
        "WebVTT (a \"WEBVTT\" line, then cues) or Podlove Simple Chapters (a <psc:chapters> element)"
    );
    assert_eq!(error(prose, None), expected);
    assert_eq!(error(prose, Some(Format::ShowNotes)), expected);
    assert_eq!(formats::parse_bytes(prose.as_bytes()).unwrap_err().to_string(), expected);
    // A bad timestamp is still named as such.
    assert_eq!(error("- 1:2x – 2:45\nIntro\n", None), "line 1, column 3: invalid timestamp \"1:2x\"");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// What the `detection` fuzz target checks, on 2,000 generated examples (from a stream of
    /// choices, as the fuzzer's bytes make them): show notes as people write them read as
    /// exactly the chapters they were made with, by the show-notes reader and by detection
    /// with any hint (a list that starts like JSON or XML included).
    #[test]
    fn generated_show_notes_are_never_an_error_whatever_the_hint(choices in prop::collection::vec(any::<u8>(), 0..200)) {
        let (text, expected) = notes::generate(&mut notes::Bytes(&choices));
        let read = |parsed: &episode_chapters::Parsed| -> Vec<(u64, String)> {
            parsed.chapters.iter().map(|c| (c.start.as_millis(), c.title.clone())).collect()
        };
        let direct = episode_chapters::formats::shownotes::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(read(&direct), expected, "{}", text);
        for hint in [None, Some(Format::ShowNotes), Some(Format::Json), Some(Format::Psc), Some(Format::WebVtt)] {
            let parsed = formats::parse_hinted(&text, hint).unwrap_or_else(|e| panic!("{hint:?}: {e}\n{text}"));
            prop_assert_eq!(&parsed.chapters, &direct.chapters, "{:?}:\n{}", hint, text);
            assert_valid(Ok(parsed));
        }
    }
}


#[test]
fn an_unpaired_surrogate_in_utf16_text_is_at_its_byte() {
    // BOM, "🎙" (a surrogate pair: 4 bytes), then a lone high surrogate at byte 6.
    let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain([0xD83C_u16, 0xDF99, 0xD800, 0x41].into_iter().flat_map(u16::to_le_bytes)).collect();
    let error = episode_chapters::formats::parse_bytes(&bytes).unwrap_err();
    assert_eq!(error.to_string(), "byte 6: unpaired UTF-16 surrogate");
}
