//! Podlove Simple Chapters: standalone files, inside RSS items and Atom entries, every NPT form.

use episode_chapters::formats::{self, psc};
use episode_chapters::{ChapterImage, Timestamp};

fn error(text: &str) -> String {
    psc::parse(text).unwrap_err().to_string()
}

fn starts(text: &str) -> Vec<u64> {
    psc::parse(text).unwrap().chapters.iter().map(|c| c.start.as_millis()).collect()
}

const STANDALONE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
  <psc:chapter start="00:00:00.000" title="Welcome" />
  <psc:chapter start="00:07:48" title="Podlove &amp; friends" href="http://podlove.org/" image="http://podlove.org/logo.png" />
  <psc:chapter start="35:12.250" title="Listener mail: “thanks!”" />
  <psc:chapter start="01:35:52" title="Outro"/>
</psc:chapters>
"#;

#[test]
fn standalone_document() {
    let parsed = psc::parse(STANDALONE).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let c: Vec<_> = parsed.chapters.iter().collect();
    assert_eq!(c.len(), 4);
    assert_eq!(c[1].title, "Podlove & friends");
    assert_eq!(c[1].start.as_millis(), 468_000);
    assert_eq!(c[1].url.as_deref(), Some("http://podlove.org/"));
    assert_eq!(c[1].image, Some(ChapterImage::Url("http://podlove.org/logo.png".into())));
    assert_eq!(c[2].start.as_millis(), 2_112_250);
    assert_eq!(c[2].end, Some(Timestamp::from_millis(5_752_000)));
    assert_eq!(c[3].end, None);
    assert_eq!(formats::detect(STANDALONE), formats::Format::Psc);
    assert_eq!(formats::parse(STANDALONE).unwrap().chapters, parsed.chapters);
}

#[test]
fn inside_an_rss_item_with_another_prefix_and_every_npt_form() {
    let feed = r#"<rss version="2.0" xmlns:sc="http://podlove.org/simple-chapters" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Show</title>
<item><title>Episode 7</title><itunes:duration>1:40:00</itunes:duration>
<sc:chapters version="1.2"><sc:chapter start="37" title="B"/><sc:chapter start="7:48" title="C"/><sc:chapter start="0" title="A"/><sc:chapter start="1:00:00.5" title="D"/></sc:chapters>
</item></channel></rss>"#;
    let parsed = psc::parse(feed).unwrap();
    assert_eq!(starts(feed), [0, 37_000, 468_000, 3_600_500]);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].to_string(), "line 4, column 98: chapters are not in time order: sorted by start time");
}

#[test]
fn inside_an_atom_entry_with_a_default_namespace() {
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>E</title>
  <chapters xmlns="http://podlove.org/simple-chapters" version="1.2"><chapter start="0" title="One"/><chapter start="60" title="Two"/></chapters>
</entry></feed>"#;
    assert_eq!(starts(atom), [0, 60_000]);
}

#[test]
fn elements_in_other_namespaces_are_not_chapters() {
    let other = r#"<root xmlns:x="http://example.com/other"><x:chapters><x:chapter start="0" title="No"/></x:chapters></root>"#;
    assert_eq!(error(other), "no chapters found: expected a <psc:chapter> element in <psc:chapters>");
    let unbound = r#"<psc:chapters><psc:chapter start="0" title="No"/></psc:chapters>"#;
    let parsed = psc::parse(unbound).unwrap();
    assert_eq!(parsed.chapters.len(), 1);
    assert_eq!(
        parsed.warnings[0].to_string(),
        "line 1, column 1: the prefix \"psc\" is not declared: read as xmlns:psc=\"http://podlove.org/simple-chapters\""
    );
}

#[test]
fn a_feed_with_several_episodes_reads_the_first() {
    let feed = r#"<rss xmlns:psc="http://podlove.org/simple-chapters"><channel>
<item><psc:chapters><psc:chapter start="0" title="First episode"/></psc:chapters></item>
<item><psc:chapters><psc:chapter start="0" title="Second episode"/></psc:chapters></item>
</channel></rss>"#;
    let parsed = psc::parse(feed).unwrap();
    assert_eq!(parsed.chapters.len(), 1);
    assert_eq!(parsed.chapters.get(0).unwrap().title, "First episode");
    assert_eq!(
        parsed.warnings[0].to_string(),
        "line 3, column 7: more than one <psc:chapters> in the document: the first one is read"
    );
}

#[test]
fn bad_chapters_are_skipped_with_warnings() {
    let doc = r#"<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">
  <psc:chapter start="0" title="Good"/>
  <psc:chapter title="No start"/>
  <psc:chapter start="7:4x" title="Bad start"/>
  <psc:chapter start="1:00" title=""/>
  <psc:chapter start="1:00" title="Duplicate"/>
</psc:chapters>"#;
    let parsed = psc::parse(doc).unwrap();
    let messages: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 3, column 3: missing required field \"start\"",
            "line 4, column 3: invalid timestamp \"7:4x\"",
            "line 6, column 3: two chapters start at 1:00: the second one is dropped",
            "line 5, column 3: chapter 2 has no title: named \"Chapter 2\"",
        ]
    );
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn malformed_xml() {
    let unclosed = "<psc:chapters xmlns:psc=\"http://podlove.org/simple-chapters\">\n  <psc:chapter start=\"0\" title=\"A\">\n</psc:chapters>";
    let parsed = psc::parse(unclosed).unwrap();
    assert_eq!(parsed.chapters.len(), 1, "what was read before the error is kept");
    assert_eq!(
        parsed.warnings[0].to_string(),
        "line 3, column 1: invalid XML: ill-formed document: expected `</psc:chapter>`, but `</psc:chapters>` was found"
    );
    assert_eq!(
        error("<psc:chapters xmlns:psc=\"http://podlove.org/simple-chapters\">\n  <psc:chapter start=\"0\" title=\"A\"\n"),
        "line 2, column 3: invalid XML: syntax error: tag not closed: `>` not found before end of input"
    );
    let truncated_after_chapters = "<psc:chapters xmlns:psc=\"http://podlove.org/simple-chapters\">\n<psc:chapter start=\"0\" title=\"A\"/>\n<psc:chapter start=\"1:00\" title=\"B\"/>\n<psc:chap";
    let parsed = psc::parse(truncated_after_chapters).unwrap();
    assert_eq!(parsed.chapters.len(), 2);
    assert_eq!(parsed.warnings.len(), 1);
    assert!(parsed.warnings[0].to_string().starts_with("line 4, column 1: invalid XML: "), "{}", parsed.warnings[0]);
    assert_eq!(error(""), "the chapter source is empty");
}

#[test]
fn an_items_itunes_duration_is_its_length() {
    let feed = r#"<rss xmlns:psc="http://podlove.org/simple-chapters" xmlns:i="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<item><i:duration>1:02:03.5</i:duration><psc:chapters><psc:chapter start="0" title="A"/></psc:chapters></item>
<item><i:duration>75:30</i:duration></item>
<item><i:duration>3600</i:duration><duration>99</duration></item>
<item><duration>42</duration><i:duration>1:75</i:duration></item>
<item><itunes:duration>12</itunes:duration></item>
</channel></rss>"#;
    let durations: Vec<Option<u64>> = psc::items(feed).unwrap().iter().map(|item| item.duration.map(Timestamp::as_millis)).collect();
    // Any prefix bound to Apple's namespace, or `itunes:` undeclared; no other <duration>.
    assert_eq!(durations, [Some(3_723_500), Some(4_530_000), Some(3_600_000), None, Some(12_000)]);
}
