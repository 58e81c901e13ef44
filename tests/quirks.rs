//! Habits of real producers, each read with a warning (or, where the habit is harmless, in
//! silence) instead of refused: ffmpeg's one-byte CTOC count and 255-entry `chpl` in a
//! 300-chapter audiobook (tests/fixtures/make-audiobook-fixtures.sh), the Podlove Simple
//! Chapters namespace with a trailing slash or `https`, feeds with many items, and
//! Podcasting 2.0 times written as strings.

mod common;

use common::warnings;
use episode_chapters::formats::{self, id3, json, mp4, psc};
use episode_chapters::ErrorKind;

const MP3_300: &[u8] = include_bytes!("fixtures/audiobook/ffmpeg-300.mp3");
const M4B_300: &[u8] = include_bytes!("fixtures/audiobook/ffmpeg-300.m4b");

/// Every chapter listed, one second each, titled "Chapter N": what ffprobe shows.
fn assert_audiobook(parsed: &episode_chapters::Parsed) {
    assert_eq!(parsed.chapters.len(), 300);
    assert!(parsed.chapters.silent().is_empty());
    for (i, chapter) in parsed.chapters.iter().enumerate() {
        let i = i as u64;
        assert_eq!((chapter.start.as_millis(), chapter.end.map(|e| e.as_millis())), (i * 1000, Some(i * 1000 + 1000)));
        assert_eq!(chapter.title, format!("Chapter {}", i + 1));
    }
}

#[test]
fn ffmpeg_ctoc_count_wrapped_at_256_lists_all_300_chapters() {
    let parsed = id3::parse(MP3_300).unwrap();
    assert_audiobook(&parsed);
    assert_eq!(parsed.title.as_deref(), Some("Audiobook"));
    assert_eq!(
        warnings(&parsed),
        [
            // Another habit of ffmpeg 5.1: a frame over 127 bytes gets a plain size in a v2.4 tag.
            "byte 31: bad size 1696 for frame \"CTOC\": not synchsafe as ID3v2.4 requires, read as a plain number (the ID3v2.3 way) here and after",
            "byte 31: invalid CTOC \"toc\": 44 entries declared, 300 present: the count was written in one byte, all are read",
        ]
    );
    assert_eq!(formats::parse_bytes(MP3_300).unwrap().chapters, parsed.chapters);
}

#[test]
fn ffmpeg_chpl_capped_at_255_agrees_with_the_300_chapter_track() {
    let parsed = mp4::parse(M4B_300).unwrap();
    assert_audiobook(&parsed);
    assert_eq!(parsed.title.as_deref(), Some("Audiobook"));
    assert_eq!(warnings(&parsed), Vec::<String>::new());
}

/// A hand-built ID3v2.4 tag: a CTOC declaring `declared` entries followed by `ids` ids, and a
/// CHAP for each of `chaps`.
fn tag_with_toc(declared: u8, ids: usize, chaps: usize) -> Vec<u8> {
    fn synchsafe(n: usize) -> [u8; 4] {
        [(n >> 21) as u8 & 0x7F, (n >> 14) as u8 & 0x7F, (n >> 7) as u8 & 0x7F, n as u8 & 0x7F]
    }
    let frame = |id: &[u8], data: &[u8]| [id, &synchsafe(data.len()), &[0, 0], data].concat();
    let mut toc = b"toc\0\x03".to_vec();
    toc.push(declared);
    for i in 0..ids {
        toc.extend_from_slice(format!("c{i}\0").as_bytes());
    }
    let mut body = frame(b"CTOC", &toc);
    for i in 0..chaps {
        let start = (i as u32 * 1000).to_be_bytes();
        let end = (i as u32 * 1000 + 1000).to_be_bytes();
        let title = frame(b"TIT2", format!("\x03Part {i}").as_bytes());
        let chap = [format!("c{i}\0").as_bytes(), &start, &end, &[0xff; 8], &title].concat();
        body.extend(frame(b"CHAP", &chap));
    }
    [&b"ID3\x04\0\0"[..], &synchsafe(body.len()), &body].concat()
}

#[test]
fn extra_ids_after_the_count_are_entries_only_when_the_count_wrapped() {
    // 3 declared, 259 present: wrapped.
    let parsed = id3::parse(&tag_with_toc(3, 259, 259)).unwrap();
    assert_eq!((parsed.chapters.len(), parsed.chapters.silent().len()), (259, 0));
    assert_eq!(
        warnings(&parsed),
        ["byte 10: invalid CTOC \"toc\": 3 entries declared, 259 present: the count was written in one byte, all are read"]
    );
    // 3 declared, 5 present, 5 chapters: not a wrapped count; the two others are silent.
    let parsed = id3::parse(&tag_with_toc(3, 5, 5)).unwrap();
    assert_eq!((parsed.chapters.len(), parsed.chapters.silent().len()), (3, 2));
    assert_eq!(warnings(&parsed), Vec::<String>::new());
}

const PSC_CHAPTERS: &str = r#"<psc:chapter start="00:00:00.000" title="Intro"/><psc:chapter start="00:01:00.000" title="Topic"/>"#;

#[test]
fn the_psc_namespace_with_a_trailing_slash_or_https_is_read_with_a_warning() {
    for namespace in ["http://podlove.org/simple-chapters/", "https://podlove.org/simple-chapters", "https://podlove.org/simple-chapters/"] {
        let feed = format!("<rss xmlns:psc=\"{namespace}\"><channel><item>\n<psc:chapters version=\"1.2\">{PSC_CHAPTERS}</psc:chapters>\n</item></channel></rss>");
        let parsed = psc::parse(&feed).unwrap();
        assert_eq!(parsed.chapters.len(), 2, "{namespace}");
        assert_eq!(
            warnings(&parsed),
            [format!("line 2, column 1: the namespace \"{namespace}\" is not \"http://podlove.org/simple-chapters\": read as if it were")]
        );
        assert!(matches!(parsed.warnings[0].kind(), ErrorKind::OtherNamespace { .. }));
    }
    // Other namespaces are still not Podlove Simple Chapters.
    let other = format!("<rss xmlns:psc=\"http://podlove.org/simple-chapters/v2\"><channel><item><psc:chapters>{PSC_CHAPTERS}</psc:chapters></item></channel></rss>");
    assert_eq!(psc::parse(&other).unwrap_err().to_string(), "no chapters found: expected a <psc:chapter> element in <psc:chapters>");
}

fn feed() -> String {
    let item = |n: usize, guid: &str| {
        format!(
            "<item>\n<title>Episode {n} &amp; more</title>\n<psc:chapters version=\"1.2\"><psc:chapter start=\"0\" title=\"Ep {n} intro\"/><psc:chapter start=\"{n}:00\" title=\"Ep {n} topic\"/></psc:chapters>\n<guid isPermaLink=\"false\">{guid}</guid>\n</item>\n"
        )
    };
    format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:psc=\"http://podlove.org/simple-chapters\"><channel><title>Show</title>\n{}{}<item><title>Trailer</title></item>\n{}</channel></rss>\n",
        item(3, "podlove-2024-03-01:ep3"),
        item(2, "42"),
        item(1, "podlove-2024-01-01:ep1")
    )
}

#[test]
fn a_feed_lists_its_items_and_reads_the_one_asked_for() {
    let feed = feed();
    let items = psc::items(&feed).unwrap();
    let listed: Vec<_> = items.iter().map(|i| (i.number, i.guid.as_deref(), i.title.as_deref(), i.chapters)).collect();
    assert_eq!(
        listed,
        [
            (1, Some("podlove-2024-03-01:ep3"), Some("Episode 3 & more"), 2),
            (2, Some("42"), Some("Episode 2 & more"), 2),
            (3, None, Some("Trailer"), 0),
            (4, Some("podlove-2024-01-01:ep1"), Some("Episode 1 & more"), 2),
        ]
    );
    assert_eq!(items[1].position.to_string(), "line 8, column 1");
    let titles = |item: &str| -> Vec<String> { psc::parse_item(&feed, item).unwrap().chapters.iter().map(|c| c.title.clone()).collect() };
    // By number, by GUID; a GUID that is a number wins over the number.
    assert_eq!(titles("1"), ["Ep 3 intro", "Ep 3 topic"]);
    assert_eq!(titles("4"), ["Ep 1 intro", "Ep 1 topic"]);
    assert_eq!(titles("podlove-2024-01-01:ep1"), ["Ep 1 intro", "Ep 1 topic"]);
    assert_eq!(titles("42"), ["Ep 2 intro", "Ep 2 topic"]);
    let parsed = psc::parse_item(&feed, " 2 ").unwrap();
    assert_eq!(parsed.title.as_deref(), Some("Episode 2 & more"));
    assert_eq!(warnings(&parsed), Vec::<String>::new(), "the other items' chapters are not a warning when one is asked for");
    // Errors: an item without chapters, one that is not there.
    assert_eq!(psc::parse_item(&feed, "3").unwrap_err().to_string(), "line 13, column 1: no chapters found: expected a <psc:chapter> element in <psc:chapters>");
    assert_eq!(psc::parse_item(&feed, "5").unwrap_err().to_string(), "no item \"5\" in the feed: give a GUID or a number from 1 to 4");
    assert_eq!(psc::parse_item(&feed, "0").unwrap_err().to_string(), "no item \"0\" in the feed: give a GUID or a number from 1 to 4");
    assert_eq!(psc::parse_item(PSC_STANDALONE, "1").unwrap_err().to_string(), "no item \"1\" in the feed: it has no items");
    // Without a choice: the first item's chapters, with a warning that there are more.
    let parsed = psc::parse(&feed).unwrap();
    assert_eq!(parsed.chapters.get(0).unwrap().title, "Ep 3 intro");
    assert_eq!(warnings(&parsed), ["line 10, column 1: more than one <psc:chapters> in the document: the first one is read"]);
}

#[test]
fn an_atom_feed_has_entries_with_ids() {
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:psc="http://podlove.org/simple-chapters">
<entry><id>urn:uuid:1</id><title type="text">First</title><psc:chapters><psc:chapter start="0" title="A"/></psc:chapters></entry>
<entry><id>urn:uuid:2</id><title><![CDATA[Second <b>bold</b>]]></title><psc:chapters><psc:chapter start="0" title="B"/></psc:chapters></entry>
</feed>"#;
    let items = psc::items(atom).unwrap();
    assert_eq!(items.iter().map(|i| (i.guid.as_deref(), i.title.as_deref())).collect::<Vec<_>>(), [(Some("urn:uuid:1"), Some("First")), (Some("urn:uuid:2"), Some("Second <b>bold</b>"))]);
    assert_eq!(psc::parse_item(atom, "urn:uuid:2").unwrap().chapters.get(0).unwrap().title, "B");
}

const PSC_STANDALONE: &str = r#"<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters"><psc:chapter start="0" title="A"/></psc:chapters>"#;

#[test]
fn podcasting_2_0_times_written_as_strings_are_read_with_a_warning() {
    let text = r#"{"version": "1.2.0", "chapters": [
  {"startTime": "0", "title": "Intro"},
  {"startTime": "12.5", "endTime": "60", "title": "Topic"},
  {"startTime": "1:00", "title": "Clock"}
]}"#;
    let parsed = json::parse(text).unwrap();
    assert_eq!(common::summary(&parsed), [(0, Some(12_500), "Intro".to_owned()), (12_500, Some(60_000), "Topic".to_owned())]);
    assert_eq!(
        warnings(&parsed),
        [
            "line 2, column 17: \"chapters[0].startTime\" must be a number, found the string \"0\": read as 0",
            "line 3, column 17: \"chapters[1].startTime\" must be a number, found the string \"12.5\": read as 12.5",
            "line 3, column 36: \"chapters[1].endTime\" must be a number, found the string \"60\": read as 60",
            "line 4, column 17: \"chapters[2].startTime\" must be a number, found a string",
        ]
    );
}

#[test]
fn a_feed_of_twenty_thousand_items_is_listed_and_read_in_one_pass_each() {
    let mut feed = String::from("<rss xmlns:psc=\"http://podlove.org/simple-chapters\"><channel>\n");
    for n in 1..=20_000 {
        feed.push_str(&format!("<item><guid>g{n}</guid><psc:chapters><psc:chapter start=\"0\" title=\"Episode {n}\"/></psc:chapters></item>\n"));
    }
    feed.push_str("</channel></rss>\n");
    let started = std::time::Instant::now();
    let items = psc::items(&feed).unwrap();
    assert_eq!(items.len(), 20_000);
    assert_eq!(items[19_999].position.to_string(), "line 20001, column 1");
    assert_eq!(psc::parse_item(&feed, "g20000").unwrap().chapters.get(0).unwrap().title, "Episode 20000");
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
