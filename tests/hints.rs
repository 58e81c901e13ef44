//! File names and Content-Types are hints: the content decides, a hint that disagrees is a
//! warning, and a hint picks the error message when text has no chapters at all.

use episode_chapters::formats::{self, Format};

const VTT: &str = "WEBVTT\n\n00:00.000 --> 01:00.000\nIntro\n\n01:00.000 --> 02:00.000\nOutro\n";
const JSON: &str = r#"{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}"#;
const NOTES: &str = "0:00 Intro\n1:00 Outro\n";

fn warnings(text: &str, hint: Option<Format>) -> Vec<String> {
    formats::parse_hinted(text, hint).unwrap().warnings.iter().map(ToString::to_string).collect()
}

fn error(text: &str, hint: Option<Format>) -> String {
    formats::parse_hinted(text, hint).unwrap_err().to_string()
}

#[test]
fn extensions_and_content_types_name_formats() {
    for (name, format) in [
        ("chapters.json", Some(Format::Json)),
        ("https://cdn.example.com/ep/12/chapters.JSON?token=abc#x", Some(Format::Json)),
        ("/feeds/show.rss", Some(Format::Psc)),
        ("chapters.psc", Some(Format::Psc)),
        ("ep.xml", Some(Format::Psc)),
        ("ep.atom", Some(Format::Psc)),
        ("chapters.vtt", Some(Format::WebVtt)),
        ("notes.txt", Some(Format::ShowNotes)),
        ("notes.md", Some(Format::ShowNotes)),
        ("notes.markdown", Some(Format::ShowNotes)),
        ("C:\\podcast\\ep.vtt", Some(Format::WebVtt)),
        ("episode.mp3", None),
        ("chapters", None),
        ("https://example.com/chapters.json/", None),
        ("https://example.com/v1.2/chapters", None),
        ("-", None),
    ] {
        assert_eq!(Format::from_extension(name), format, "{name}");
    }
    for (content_type, format) in [
        ("text/vtt; charset=utf-8", Some(Format::WebVtt)),
        ("application/json", Some(Format::Json)),
        ("application/json+chapters", Some(Format::Json)),
        ("Application/JSON; charset=UTF-8", Some(Format::Json)),
        ("application/vnd.api+json", Some(Format::Json)),
        ("application/rss+xml", Some(Format::Psc)),
        ("application/atom+xml", Some(Format::Psc)),
        ("text/xml", Some(Format::Psc)),
        ("text/plain; charset=utf-8", Some(Format::ShowNotes)),
        ("text/markdown", Some(Format::ShowNotes)),
        ("application/octet-stream", None),
        ("", None),
    ] {
        assert_eq!(Format::from_content_type(content_type), format, "{content_type}");
    }
}

#[test]
fn the_content_decides_and_a_disagreeing_hint_is_a_warning() {
    assert_eq!(warnings(VTT, Some(Format::WebVtt)), Vec::<String>::new());
    assert_eq!(warnings(VTT, None), Vec::<String>::new());
    assert_eq!(
        warnings(VTT, Some(Format::Json)),
        ["named or served as JSON chapters, but the content is WebVTT: read as WebVTT"]
    );
    assert_eq!(
        warnings(JSON, Some(Format::Psc)),
        ["named or served as Podlove Simple Chapters, but the content is JSON chapters: read as JSON chapters"]
    );
    assert_eq!(
        warnings(NOTES, Some(Format::Json)),
        ["named or served as JSON chapters, but the content is show notes: read as show notes", "only 2 chapters: YouTube shows chapters from 3 on"]
    );
    assert_eq!(formats::parse_hinted(NOTES, Some(Format::Json)).unwrap().chapters, formats::parse(NOTES).unwrap().chapters);
    // The content's own error wins over the hint.
    assert_eq!(error("{\"chapters\": [", Some(Format::WebVtt)), "line 1, column 15: invalid JSON: expected a value, found the end of the input");
}

#[test]
fn a_hint_names_the_error_when_text_has_no_chapters() {
    let prose = "Thanks for listening!\nSee you next week.\n";
    assert_eq!(error(prose, Some(Format::WebVtt)), "line 1, column 1: missing \"WEBVTT\" header");
    assert_eq!(error(prose, Some(Format::Json)), "line 1, column 1: invalid JSON: expected a value, found 'T'");
    assert_eq!(error(prose, Some(Format::ShowNotes)), error(prose, None));
    assert!(error(prose, None).starts_with("no chapters found: expected"), "{}", error(prose, None));
}

#[test]
fn bytes_take_the_hint_too() {
    let bytes = "Thanks for listening!\n".as_bytes();
    assert_eq!(formats::parse_bytes_hinted(bytes, Some(Format::WebVtt)).unwrap_err().to_string(), "line 1, column 1: missing \"WEBVTT\" header");
}

#[test]
fn an_html_page_is_named_as_one() {
    // What a server sends for a missing file when it answers every path with its web page.
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><p>Sorry</p></body></html>\n";
    let expected = "line 2, column 1: no chapters: this is an HTML page (a web page, perhaps an error page), not a chapter file";
    assert_eq!(error(page, None), expected);
    assert_eq!(error(page, Some(Format::Json)), expected);
    assert_eq!(error("<HTML><body>hi</body></HTML>", None).split(": ").next(), Some("line 1, column 1"));
}
