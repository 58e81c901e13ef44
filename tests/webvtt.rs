//! The WebVTT chapters reader: a real-world-like chapters file for the demo episode, the forms
//! the spec allows, the breakages found in the wild, and exact messages for bad input.

use episode_chapters::formats::{shownotes, webvtt};
use episode_chapters::{export, ErrorKind, Position, Timestamp};

fn fixture() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/webvtt/episode.vtt")).unwrap()
}

fn error(text: &str) -> String {
    webvtt::parse(text).unwrap_err().to_string()
}

fn warnings(text: &str) -> Vec<String> {
    webvtt::parse(text).unwrap().warnings.iter().map(ToString::to_string).collect()
}

fn titles(text: &str) -> Vec<String> {
    webvtt::parse(text).unwrap().chapters.iter().map(|c| c.title.clone()).collect()
}

/// Each chapter as (start ms, end ms, title).
fn chapters(text: &str) -> Vec<(u64, Option<u64>, String)> {
    let parsed = webvtt::parse(text).unwrap();
    parsed.chapters.iter().map(|c| (c.start.as_millis(), c.end.map(Timestamp::as_millis), c.title.clone())).collect()
}

fn lines(text: &str) -> Vec<u32> {
    let parsed = webvtt::parse(text).unwrap();
    parsed
        .chapters
        .iter()
        .map(|c| match c.position {
            Position::Text { line, column: 1 } => line,
            other => panic!("{other:?}"),
        })
        .collect()
}

fn owned(items: &[(u64, Option<u64>, &str)]) -> Vec<(u64, Option<u64>, String)> {
    items.iter().map(|&(start, end, title)| (start, end, title.to_owned())).collect()
}

#[test]
fn demo_episode_file_has_the_show_notes_fifteen_chapters() {
    let parsed = webvtt::parse(&fixture()).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.title, None);
    assert_eq!(parsed.chapters.len(), 15);
    let notes = shownotes::parse(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/episode.txt")).unwrap()).unwrap();
    for (vtt, note) in parsed.chapters.iter().zip(notes.chapters.iter()) {
        assert_eq!((vtt.start, vtt.end, &vtt.title), (note.start, note.end, &note.title));
    }
    let first = parsed.chapters.get(0).unwrap();
    assert_eq!(first.title, "From eBay power-seller to computer vision: the trade-show moment that changed everything");
    assert_eq!((first.start, first.end), (Timestamp::ZERO, Some(Timestamp::from_millis(165_000))));
    let sixth = parsed.chapters.get(5).unwrap();
    assert_eq!(sixth.title, "Bridging research to enterprise: why ML’s “time to production” is unusually fast");
    assert_eq!(sixth.start.as_millis(), 762_000);
    let last = parsed.chapters.get(14).unwrap();
    assert_eq!((last.start.to_string(), last.end.unwrap().to_string()), ("34:04".to_owned(), "37:25".to_owned()));
    // Positions point at the timing lines: the signature, a NOTE block, then identifier + timing.
    assert_eq!(lines(&fixture()), (0..15).map(|i| 7 + 4 * i).collect::<Vec<u32>>());
}

#[test]
fn the_webvtt_writer_reads_back_to_the_same_chapters() {
    let parsed = webvtt::parse(&fixture()).unwrap();
    let written = export::vtt(&parsed.chapters, None).0;
    let again = webvtt::parse(&written).unwrap();
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    assert_eq!(again.chapters, parsed.chapters);

    let tricky = "WEBVTT\n\n00:00.000 --> 00:01.000\nQ&amp;A: &lt;b&gt; is not a tag\n\n00:01.000 --> 00:02.000\n2 --> 3\n";
    let parsed = webvtt::parse(tricky).unwrap();
    let again = webvtt::parse(&export::vtt(&parsed.chapters, None).0).unwrap();
    assert_eq!(again.chapters.get(0).unwrap().title, "Q&A: <b> is not a tag");
    assert_eq!(again.chapters.get(1).unwrap().title, "2 -> 3");
}

#[test]
fn minute_and_hour_forms() {
    let text = "WEBVTT\n\n00:00.000 --> 00:59.999\nA\n\n00:59.999 --> 59:59.000\nB\n\n00:59:59.000 --> 01:02:03.004\nC\n\n\
                1:02:03.004 --> 9:59:59.999\nD\n\n09:59:59.999 --> 100:00:00.000\nE\n";
    assert_eq!(
        chapters(text),
        owned(&[
            (0, Some(59_999), "A"),
            (59_999, Some(3_599_000), "B"),
            (3_599_000, Some(3_723_004), "C"),
            (3_723_004, Some(35_999_999), "D"),
            (35_999_999, Some(360_000_000), "E"),
        ])
    );
    // One-digit hours are what the spec's parsing algorithm accepts: no warning.
    assert!(warnings(text).is_empty());
}

#[test]
fn identifiers_settings_and_arrows_without_spaces() {
    let text = "WEBVTT\n\nintro\n00:00.000 --> 00:10.000 align:start position:10%,line-left line:0\nIntro\n\n\
                2\n  00:10.000\t-->\t00:20.000  \nMain\n\nchapter three: the end\n00:20.000-->00:30.000 region:fred\nOutro\n";
    assert_eq!(chapters(text), owned(&[(0, Some(10_000), "Intro"), (10_000, Some(20_000), "Main"), (20_000, Some(30_000), "Outro")]));
    assert_eq!(lines(text), [4, 8, 12]);
    assert!(warnings(text).is_empty());
}

#[test]
fn header_note_style_and_region_blocks_are_skipped() {
    let text = "WEBVTT - chapters of episode 5\nKind: chapters\nLanguage: en\n\n\
                REGION\nid:fred\nwidth:40%\n\n\
                STYLE\n::cue {\n  color: yellow;\n}\n\n\
                NOTE This file was made by hand\n\n\
                NOTE\nA comment over\nseveral lines, even with a --> in it\n\n\
                NOTE a --> in the first line keeps it a comment\n\n\
                00:00.000 --> 01:00.000\nFirst\n\n\
                NOTE between cues\n\n\
                STYLE\n::cue(b) { color: red }\n\n\
                01:00.000 --> 02:00.000\nSecond\n";
    let parsed = webvtt::parse(text).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.title, None);
    assert_eq!(titles(text), ["First", "Second"]);
    assert_eq!(lines(text), [22, 30]);
}

#[test]
fn crlf_cr_and_mixed_line_endings() {
    let lf = "WEBVTT\n\n1\n00:00.000 --> 00:05.000\nIntro\npart two\n\n2\n00:05.000 --> 00:09.000\nMain\n";
    let expected = owned(&[(0, Some(5_000), "Intro part two"), (5_000, Some(9_000), "Main")]);
    for text in [lf.to_owned(), lf.replace('\n', "\r\n"), lf.replace('\n', "\r")] {
        assert_eq!(chapters(&text), expected, "{text:?}");
        assert_eq!(lines(&text), [4, 9], "{text:?}");
        assert!(warnings(&text).is_empty());
    }
    let mixed = "WEBVTT\r\n\r00:00.000 --> 00:05.000\nIntro\r\n\n\r00:05.000 --> 00:09.000\r\nMain";
    assert_eq!(chapters(mixed), owned(&[(0, Some(5_000), "Intro"), (5_000, Some(9_000), "Main")]));
    assert_eq!(lines(mixed), [3, 7]);
}

#[test]
fn byte_order_mark() {
    let text = "\u{feff}WEBVTT\n\n00:00.000 --> 00:05.000\nIntro\n";
    assert_eq!(chapters(text), owned(&[(0, Some(5_000), "Intro")]));
    assert_eq!(error("\u{feff}Intro\n00:00.000 --> 00:05.000\n"), "line 1, column 1: missing \"WEBVTT\" header");
}

#[test]
fn tags_are_dropped_and_references_decoded() {
    let text = "WEBVTT\n\n\
                00:00.000 --> 00:01.000\n<b>Bold</b>, <i>italic</i>, <u>under</u> and <c.yellow.bg_blue>classy</c>\n\n\
                00:01.000 --> 00:02.000\n<v Roger Bingham>Voices</v> in <lang en-GB>British</lang> <ruby>漢<rt>kan</rt></ruby>\n\n\
                00:02.000 --> 00:03.000\nKaraoke <00:02.000>one <00:02.500>two\n\n\
                00:03.000 --> 00:04.000\nQ&amp;A: &lt;b&gt; &quot;quoted&quot; &apos;single&apos; a&nbsp;b &lrm;x&rlm;\n\n\
                00:04.000 --> 00:05.000\nCaf&#233; caf&#xE9; &#X1F399; &#0; &#xD800; &#99999999999;\n\n\
                00:05.000 --> 00:06.000\nKept: Q&A, &copy;, &#xZZ;, &#; &amp without semicolon, 1 < 2\n";
    assert_eq!(
        titles(text),
        [
            "Bold, italic, under and classy",
            "Voices in British 漢kan",
            "Karaoke one two",
            "Q&A: <b> \"quoted\" 'single' a b \u{200e}x\u{200f}",
            "Café café 🎙 \u{fffd} \u{fffd} \u{fffd}",
            "Kept: Q&A, &copy;, &#xZZ;, &#; &amp without semicolon, 1 < 2",
        ]
    );
    assert!(warnings(text).is_empty());
}

#[test]
fn multi_line_titles_are_joined_with_a_space() {
    let text = "WEBVTT\n\n00:00.000 --> 00:05.000\n  Building a fun\n<i>AI Tamagotchi</i>  \n   \ninstead of boring assistants\n";
    assert_eq!(titles(text), ["Building a fun AI Tamagotchi instead of boring assistants"]);
}

#[test]
fn a_timing_line_without_a_blank_line_before_it_starts_a_new_cue() {
    // As in ableplayer#697: every blank line between cues missing.
    let text = "WEBVTT\n\n00:00:00.000 --> 00:01:04.000\nIntro\n00:01:04.000 --> 00:05:20.000\nCristofero Colombo (Franchetti)\n\
                00:05:20.000 --> 00:17:49.000\nBoris Godunov (Mussorgsky)\n";
    assert_eq!(
        chapters(text),
        owned(&[
            (0, Some(64_000), "Intro"),
            (64_000, Some(320_000), "Cristofero Colombo (Franchetti)"),
            (320_000, Some(1_069_000), "Boris Godunov (Mussorgsky)"),
        ])
    );
    assert_eq!(
        warnings(text),
        [
            "line 5, column 1: missing blank line before this cue: read as a new cue",
            "line 7, column 1: missing blank line before this cue: read as a new cue",
        ]
    );
    assert_eq!(lines(text), [3, 5, 7]);
}

#[test]
fn a_timing_line_right_after_the_header_is_the_first_chapter() {
    // vidstack#1019: without the blank line after `WEBVTT` the first chapter went missing.
    let text = "WEBVTT\n00:00.000 --> 00:02.000\nThe Forest\n\n00:02.000 --> 00:05.000\nCamp Site\n";
    assert_eq!(titles(text), ["The Forest", "Camp Site"]);
    assert_eq!(warnings(text), ["line 2, column 1: missing blank line before this cue: read as a new cue"]);
    let with_header_lines = "WEBVTT\nKind: chapters\n00:00.000 --> 00:02.000\nThe Forest\n";
    assert_eq!(warnings(with_header_lines), ["line 3, column 1: missing blank line before this cue: read as a new cue"]);
}

#[test]
fn timing_lines_in_a_row_give_an_untitled_chapter() {
    let text = "WEBVTT\n\n00:00.000 --> 00:05.000\n00:05.000 --> 00:09.000\nMain\n";
    assert_eq!(chapters(text), owned(&[(0, Some(5_000), "Chapter 1"), (5_000, Some(9_000), "Main")]));
    assert_eq!(
        warnings(text),
        [
            "line 4, column 1: missing blank line before this cue: read as a new cue",
            "line 3, column 1: chapter 1 has no title: named \"Chapter 1\"",
        ]
    );
}

#[test]
fn a_line_of_spaces_is_not_a_blank_line() {
    let text = "WEBVTT\n\n00:00.000 --> 00:05.000\nIntro\n  \t\n00:05.000 --> 00:09.000\nMain\n";
    assert_eq!(titles(text), ["Intro", "Main"]);
    assert_eq!(warnings(text), ["line 6, column 1: missing blank line before this cue: read as a new cue"]);
    // Between blocks, it is nothing.
    assert!(warnings("WEBVTT\n\n   \n00:00.000 --> 00:05.000\nIntro\n").is_empty());
}

#[test]
fn arrow_inside_a_title_is_kept_as_text() {
    let text = "WEBVTT\n\n00:00.000 --> 00:05.000\nBefore --> after\nsteps 1 --> 2 --> 3\n\n00:05.000 --> 00:09.000\n<b>x</b>-->\n";
    assert_eq!(titles(text), ["Before --> after steps 1 --> 2 --> 3", "x-->"]);
    assert_eq!(
        warnings(text),
        [
            "line 4, column 8: \"-->\" is not allowed in cue text: read as text",
            "line 5, column 9: \"-->\" is not allowed in cue text: read as text",
            "line 8, column 9: \"-->\" is not allowed in cue text: read as text",
        ]
    );
    assert_eq!(webvtt::parse(text).unwrap().warnings[0].kind(), &ErrorKind::ReservedText { text: "-->", place: "cue text" });
}

#[test]
fn empty_payload_becomes_chapter_n() {
    let text = "WEBVTT\n\n00:00.000 --> 00:05.000\n\n00:05.000 --> 00:09.000\n<b></b> &#x20;\n\n00:09.000 --> 00:12.000\nEnd\n";
    assert_eq!(titles(text), ["Chapter 1", "Chapter 2", "End"]);
    assert_eq!(
        warnings(text),
        ["line 3, column 1: chapter 1 has no title: named \"Chapter 1\"", "line 5, column 1: chapter 2 has no title: named \"Chapter 2\""]
    );
}

#[test]
fn end_not_after_start_is_left_to_the_normalising_rules() {
    let text = "WEBVTT\n\n00:00.000 --> 00:00.000\nIntro\n\n00:05.000 --> 00:04.000\nMain\n\n00:09.000 --> 00:12.000\nEnd\n";
    assert_eq!(chapters(text), owned(&[(0, Some(5_000), "Intro"), (5_000, Some(9_000), "Main"), (9_000, Some(12_000), "End")]));
    assert_eq!(
        warnings(text),
        [
            "line 3, column 1: chapter ends (0:00) before it starts (0:00): end taken from the next chapter",
            "line 6, column 1: chapter ends (0:04) before it starts (0:05): end taken from the next chapter",
        ]
    );
}

#[test]
fn bad_timestamp_is_an_error_with_line_and_column_when_nothing_else_reads() {
    let err = webvtt::parse("WEBVTT\n\n00:00.000 --> 00:01.5\nIntro\n").unwrap_err();
    assert_eq!(err.to_string(), "line 3, column 15: invalid timestamp \"00:01.5\": milliseconds need three digits after a \".\"");
    assert_eq!(err.position(), Position::text(3, 15));
    assert_eq!(err.kind(), &ErrorKind::TimestampRule { text: "00:01.5".into(), rule: "milliseconds need three digits after a \".\"" });
}

#[test]
fn bad_timestamp_skips_its_cue_with_a_warning_when_others_read() {
    let text = "WEBVTT\n\n00:00.000 --> 01:00.000\nA\n\n01:00.000 --> 2:00.000\nB\nmore of B\n\n02:00.000 --> 03:00.000\nC\n";
    let parsed = webvtt::parse(text).unwrap();
    assert_eq!(parsed.chapters.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["A", "C"]);
    assert_eq!(warnings(text), ["line 6, column 15: invalid timestamp \"2:00.000\": minutes and seconds need two digits"]);
    // A keeps its own end: B's cue was dropped, so 1:00-2:00 is a gap.
    assert_eq!(parsed.chapters.active_at(Timestamp::from_millis(90_000)), None);
    // A timing line inside the dropped cue still starts the next one.
    let text = "WEBVTT\n\n00:00.5 --> 01:00.000\nA\n01:00.000 --> 02:00.000\nB\n";
    assert_eq!(titles(text), ["B"]);
    assert_eq!(
        warnings(text),
        [
            "line 3, column 1: invalid timestamp \"00:00.5\": milliseconds need three digits after a \".\"",
            "line 5, column 1: missing blank line before this cue: read as a new cue",
        ]
    );
}

#[test]
fn blocks_without_a_timing_line_are_skipped_with_a_warning() {
    let text = "WEBVTT\n\nChapters\nof this episode\n\n00:00.000 --> 01:00.000\nA\n\nlonely identifier\n\n01:00.000 --> 02:00.000\nB\n\ntrailing\n";
    assert_eq!(titles(text), ["A", "B"]);
    let expected = "text skipped: expected a cue timing line like \"00:00.000 --> 02:45.000\"";
    assert_eq!(warnings(text), [format!("line 3, column 1: {expected}"), format!("line 9, column 1: {expected}"), format!("line 14, column 1: {expected}")]);
}

#[test]
fn missing_header() {
    let message = "line 1, column 1: missing \"WEBVTT\" header";
    for text in ["00:00.000 --> 00:05.000\nIntro\n", "webvtt\n\n00:00.000 --> 00:05.000\nIntro\n", "\nWEBVTT\n", "CHAPTERS\n- 0:00 – 2:45\nIntro\n"] {
        assert_eq!(error(text), message, "{text:?}");
    }
    let err = webvtt::parse("Intro\n").unwrap_err();
    assert_eq!((err.kind(), err.position()), (&ErrorKind::MissingHeader("WEBVTT"), Position::text(1, 1)));
}

#[test]
fn empty_input() {
    assert_eq!(error(""), "the chapter source is empty");
    assert_eq!(error(" \r\n\t\n"), "the chapter source is empty");
    assert_eq!(error("\u{feff}"), "the chapter source is empty");
}

#[test]
fn no_cues() {
    let message = "no chapters found: expected a cue timing line like \"00:00.000 --> 02:45.000\"";
    assert_eq!(error("WEBVTT"), message);
    assert_eq!(error("WEBVTT\n"), message);
    assert_eq!(error("WEBVTT - Chapters\nKind: chapters\nLanguage: en\n\n"), message);
    assert_eq!(error("WEBVTT\r\n\r\nNOTE nothing here yet\r\n\r\nSTYLE\r\n::cue { color: red }\r\n"), message);
    assert_eq!(webvtt::parse("WEBVTT\t\n").unwrap_err().position(), Position::Unknown);
}

#[test]
fn too_many_cues_are_refused() {
    let mut text = String::from("WEBVTT\n");
    for i in 0..200_001u64 {
        let t = Timestamp::from_millis(i * 1000).hms_millis();
        text.push_str(&format!("\n{t} --> {t}\nC\n"));
    }
    assert_eq!(error(&text), "line 600003, column 1: more than 200000 chapters");
}

/// Each input holds one cue whose timing line (line 3) breaks a rule, so reading fails with
/// that message.
#[test]
fn bad_timing_lines_name_the_rule_and_the_column() {
    let cases: &[(&str, &str, &str)] = &[
        ("bad_fraction_one_digit", "00:00.000 --> 00:01.5", "line 3, column 15: invalid timestamp \"00:01.5\": milliseconds need three digits after a \".\""),
        ("bad_fraction_four_digits", "00:00.0000 --> 00:01.000", "line 3, column 1: invalid timestamp \"00:00.0000\": milliseconds need three digits after a \".\""),
        ("bad_no_milliseconds", "00:00 --> 00:02", "line 3, column 1: invalid timestamp \"00:00\": milliseconds need three digits after a \".\""),
        ("bad_srt_comma", "00:00:00,000 --> 00:00:02,000", "line 3, column 1: invalid timestamp \"00:00:00,000\": milliseconds need three digits after a \".\""),
        ("bad_empty_fraction", "00:00. --> 00:02.000", "line 3, column 1: invalid timestamp \"00:00.\": milliseconds need three digits after a \".\""),
        ("bad_one_digit_minutes", "1:02.000 --> 1:03.000", "line 3, column 1: invalid timestamp \"1:02.000\": minutes and seconds need two digits"),
        ("bad_one_digit_seconds", "00:00:0.000 --> 00:00:01.000", "line 3, column 1: invalid timestamp \"00:00:0.000\": minutes and seconds need two digits"),
        ("bad_sixty_minutes", "60:00.000 --> 61:00.000", "line 3, column 1: invalid timestamp \"60:00.000\": minutes and seconds must be below 60"),
        ("bad_sixty_seconds", "00:00.000 --> 00:60.000", "line 3, column 15: invalid timestamp \"00:60.000\": minutes and seconds must be below 60"),
        ("bad_hour_minutes", "00:00.000 --> 01:75:00.000", "line 3, column 15: invalid timestamp \"01:75:00.000\": minutes and seconds must be below 60"),
        ("bad_letter", "00:0a.000 --> 00:01.000", "line 3, column 1: invalid timestamp \"00:0a.000\": expected mm:ss.ttt or hh:mm:ss.ttt"),
        ("bad_negative", "-00:01.000 --> 00:02.000", "line 3, column 1: invalid timestamp \"-00:01.000\": expected mm:ss.ttt or hh:mm:ss.ttt"),
        ("bad_seconds_only", "5.000 --> 6.000", "line 3, column 1: invalid timestamp \"5.000\": expected mm:ss.ttt or hh:mm:ss.ttt"),
        ("bad_four_fields", "00:00:00:00.000 --> 00:01.000", "line 3, column 1: invalid timestamp \"00:00:00:00.000\": expected mm:ss.ttt or hh:mm:ss.ttt"),
        ("bad_missing_start", "--> 00:01.000", "line 3, column 1: invalid timestamp \"\": expected mm:ss.ttt or hh:mm:ss.ttt"),
        ("bad_missing_end", "00:00.000 -->", "line 3, column 14: invalid timestamp \"\": expected mm:ss.ttt or hh:mm:ss.ttt"),
        ("bad_settings_glued_to_end", "00:00.000 --> 00:01.000align:start", "line 3, column 15: invalid timestamp \"00:01.000align:start\": milliseconds need three digits after a \".\""),
        ("bad_too_large", "00:00.000 --> 99999999999:00:00.000", "line 3, column 15: invalid timestamp \"99999999999:00:00.000\": too large"),
        ("bad_huge_hours", "00:00.000 --> 99999999999999999999:00:00.000", "line 3, column 15: invalid timestamp \"99999999999999999999:00:00.000\": too large"),
        ("bad_columns_count_characters", "\t00:00.000 --> 00:0é.000", "line 3, column 16: invalid timestamp \"00:0é.000\": expected mm:ss.ttt or hh:mm:ss.ttt"),
        ("bad_start_reported_first", "0:0 --> x", "line 3, column 1: invalid timestamp \"0:0\": minutes and seconds need two digits"),
        ("bad_single_dash_arrow", "00:00.000 -> 00:01.000", "line 3, column 1: text skipped: expected a cue timing line like \"00:00.000 --> 02:45.000\""),
        ("bad_em_dash_arrow", "00:00.000 —> 00:01.000", "line 3, column 1: text skipped: expected a cue timing line like \"00:00.000 --> 02:45.000\""),
    ];
    for (name, timing, expected) in cases {
        assert_eq!(error(&format!("WEBVTT\n\n{timing}\nTitle\n")), *expected, "{name}");
    }
}

#[test]
fn bad_signatures_are_missing_headers() {
    for text in ["WEBVTTX\n\n00:00.000 --> 00:01.000\nA\n", "WEBVTT-chapters\n", " WEBVTT\n", "WEB VTT\n", "\u{feff}\u{feff}WEBVTT\n"] {
        assert_eq!(error(text), "line 1, column 1: missing \"WEBVTT\" header", "{text:?}");
    }
}

#[test]
fn unclosed_angle_brackets_and_ampersands_stay_linear() {
    let n = 500_000;
    for c in ['<', '&'] {
        let text = format!("WEBVTT\n\n00:00.000 --> 00:01.000\n{}\n", c.to_string().repeat(n));
        // The cue text is cleaned in one pass (a quadratic scan would hang here); then the
        // 500,000-character title is cut at the length limit, with a warning.
        let parsed = webvtt::parse(&text).unwrap();
        assert_eq!(parsed.chapters.get(0).unwrap().title.chars().count(), 2001);
        assert!(parsed.warnings.iter().any(|w| w.to_string() == "line 3, column 1: a chapter title is longer than 2000 characters"));
    }
}

#[test]
fn detection_picks_webvtt_by_its_signature() {
    let text = "\u{feff}WEBVTT\n\n00:00.000 --> 01:00.000\nIntro\n";
    assert_eq!(episode_chapters::formats::detect(text), episode_chapters::formats::Format::WebVtt);
    assert_eq!(episode_chapters::formats::parse(text).unwrap().chapters.get(0).unwrap().title, "Intro");
}
