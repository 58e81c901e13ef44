//! The show-notes reader: the demo episode's notes, the forms found in the wild, and exact
//! messages for bad input.

use episode_chapters::formats::{self, shownotes};
use episode_chapters::{ErrorKind, Position, Timestamp};

fn demo_notes() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/episode.txt")).unwrap()
}

fn starts(text: &str) -> Vec<u64> {
    shownotes::parse(text).unwrap().chapters.iter().map(|c| c.start.as_millis() / 1000).collect()
}

fn error(text: &str) -> String {
    shownotes::parse(text).unwrap_err().to_string()
}

#[test]
fn demo_episode_has_fifteen_chapters_from_0_00_to_37_25() {
    let parsed = shownotes::parse(&demo_notes()).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.title.as_deref(), Some("No PriorsNo Priors Ep. 5 | With Huggingface’s Clem Delangue"));
    let chapters = parsed.chapters;
    assert_eq!(chapters.len(), 15);
    let first = chapters.get(0).unwrap();
    assert_eq!(first.start, Timestamp::ZERO);
    assert_eq!(first.end, Some(Timestamp::from_millis(165_000)));
    assert_eq!(first.title, "From eBay power-seller to computer vision: the trade-show moment that changed everything");
    assert!(first.summary.starts_with("Clem recounts growing up in France"));
    assert!(first.summary.ends_with("pulled him into ML and a computer-vision startup."));
    assert_eq!(first.points.len(), 5);
    assert_eq!(first.points[0], "Ran a major French eBay seller operation and worked closely with eBay teams");
    let sixth = chapters.get(5).unwrap();
    assert_eq!(sixth.start.as_millis(), 762_000);
    assert_eq!(sixth.title, "Bridging research to enterprise: why ML’s “time to production” is unusually fast");
    let last = chapters.get(14).unwrap();
    assert_eq!((last.start.to_string(), last.end.unwrap().to_string()), ("34:04".to_owned(), "37:25".to_owned()));
    assert!(chapters.iter().all(|c| !c.summary.is_empty() && c.points.len() == 5));
    assert_eq!(last.position, Position::text(last.position_line(), 1));
}

trait Line {
    fn position_line(&self) -> u32;
}
impl Line for episode_chapters::Chapter {
    fn position_line(&self) -> u32 {
        match self.position {
            Position::Text { line, .. } => line,
            _ => 0,
        }
    }
}

#[test]
fn positions_point_at_range_lines() {
    let parsed = shownotes::parse(&demo_notes()).unwrap();
    let lines: Vec<u32> = parsed.chapters.iter().map(|c| c.position_line()).collect();
    assert_eq!(&lines[..3], &[3, 11, 19]);
}

#[test]
fn dashes_hour_forms_and_fractions() {
    let text = "CHAPTERS\n- 0:00 - 1:00\nA\n- 1:00 — 59:00\nB\n- 59:00 – 1:02:03.5\nC\n* 1:02:03.5–1:10:00\nD\n";
    assert_eq!(starts(text), [0, 60, 3540, 3723]);
    let parsed = shownotes::parse(text).unwrap();
    assert_eq!(parsed.chapters.get(3).unwrap().start.as_millis(), 3_723_500);
    assert_eq!(parsed.chapters.get(3).unwrap().end.unwrap().as_millis(), 4_200_000);
}

#[test]
fn crlf_bom_and_blank_lines() {
    let text = "\u{feff}Show\r\n\r\nCHAPTERS\r\n- 0:00 – 2:45\r\n\r\nIntro\r\nA summary\r\nthat wraps.\r\n- •One\r\n  continued\r\n- • Two\r\n";
    let parsed = shownotes::parse(text).unwrap();
    let c = parsed.chapters.get(0).unwrap();
    assert_eq!(parsed.title.as_deref(), Some("Show"));
    assert_eq!(c.title, "Intro");
    assert_eq!(c.summary, "A summary that wraps.");
    assert_eq!(c.points, ["One continued", "Two"]);
}

#[test]
fn a_range_with_only_a_start_ends_at_the_next_chapter_or_the_media() {
    let parsed = shownotes::parse("CHAPTERS\n- 0:00\nIntro\n- 1:30\nOutro\n").unwrap();
    assert!(parsed.warnings.is_empty());
    assert_eq!(parsed.chapters.get(0).unwrap().end, Some(Timestamp::from_millis(90_000)));
    assert_eq!(parsed.chapters.get(1).unwrap().end, None);
}

#[test]
fn text_that_only_starts_with_a_number_is_not_a_range() {
    let text = "CHAPTERS\n- 0:00 – 2:00\nIntro\n- 2023 - the year of open source\n";
    let parsed = shownotes::parse(text).unwrap();
    assert_eq!(parsed.chapters.len(), 1);
    assert_eq!(parsed.chapters.get(0).unwrap().points, ["2023 - the year of open source"]);
}

#[test]
fn bad_timestamp_is_an_error_when_nothing_else_reads() {
    assert_eq!(error("CHAPTERS\n- 1:2x – 2:45\nIntro\n"), "line 2, column 3: invalid timestamp \"1:2x\"");
    assert_eq!(error("CHAPTERS\n- 0:00 – 2:75\nIntro\n"), "line 2, column 10: invalid timestamp \"2:75\"");
    assert_eq!(error("CHAPTERS\n  •  0:00 – \nIntro\n"), "line 2, column 12: invalid timestamp \"\"");
    assert_eq!(error("- 0:00x\nIntro\n"), "line 1, column 3: invalid timestamp \"0:00x\"");
}

#[test]
fn bad_timestamp_is_a_warning_when_other_chapters_read() {
    let text = "CHAPTERS\n- 0:00 – 1:00\nA\n- 1:00 – 2:oo\nB\n- 2:00 – 3:00\nC\n";
    let parsed = shownotes::parse(text).unwrap();
    assert_eq!(parsed.chapters.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["A", "C"]);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].to_string(), "line 4, column 10: invalid timestamp \"2:oo\"");
    assert_eq!(parsed.warnings[0].position(), Position::text(4, 10));
    assert_eq!(parsed.warnings[0].kind(), &ErrorKind::InvalidTimestamp("2:oo".into()));
    // Chapter A keeps its own end: B's range was unreadable, so 1:00-2:00 is a gap.
    assert_eq!(parsed.chapters.active_at(Timestamp::from_millis(90_000)), None);
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(error("CHAPTERS\n•  ✓ Ça va\n- 1:0é – 2:00\nA\n"), "line 3, column 3: invalid timestamp \"1:0é\"");
}

#[test]
fn empty_and_chapterless_input() {
    assert_eq!(error(""), "the chapter source is empty");
    assert_eq!(error(" \n\t\n"), "the chapter source is empty");
    assert_eq!(error("\u{feff}"), "the chapter source is empty");
    assert_eq!(error("Just an episode description.\nNo chapters here.\n"), "no chapters found: expected a line like \"00:00 Intro\", \"- 0:00 – 2:45\" or \"1. Intro (0:00)\", or several lines like \"Intro - 0:00\" in time order");
}

#[test]
fn missing_title_and_end_before_start_are_repaired_with_warnings() {
    let text = "CHAPTERS\n- 0:00 – 1:00\n- •Only a point\n- 1:00 – 0:30\nB\n- 2:00 – 3:00\nC\n";
    let parsed = shownotes::parse(text).unwrap();
    let messages: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 2, column 1: chapter 1 has no title: named \"Chapter 1\"",
            "line 4, column 1: chapter ends (0:30) before it starts (1:00): end taken from the next chapter",
        ]
    );
    assert_eq!(parsed.chapters.get(0).unwrap().title, "Chapter 1");
    assert_eq!(parsed.chapters.get(1).unwrap().end, Some(Timestamp::from_millis(120_000)));
}

#[test]
fn unsorted_and_overlapping_ranges() {
    let text = "CHAPTERS\n- 5:00 – 9:00\nB\n- 0:00 – 6:00\nA\n";
    let parsed = shownotes::parse(text).unwrap();
    let messages: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 4, column 1: chapters are not in time order: sorted by start time",
            "line 4, column 1: chapter \"A\" runs past the next chapter's start: cut at 5:00",
        ]
    );
    assert_eq!(starts(text), [0, 300]);
}

#[test]
fn detection_picks_show_notes_for_text() {
    let parsed = formats::parse(&demo_notes()).unwrap();
    assert_eq!(parsed.chapters.len(), 15);
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = "x".repeat(formats::MAX_INPUT_BYTES + 1);
    assert_eq!(error(&big), "the chapter source is larger than 16777216 bytes");
}

fn titles(text: &str) -> Vec<(u64, String)> {
    shownotes::parse(text).unwrap().chapters.iter().map(|c| (c.start.as_millis() / 1000, c.title.clone())).collect()
}

#[test]
fn youtube_style_timestamp_lists_with_prose_around_them() {
    let description = "In this episode we talk about open source.\n\nTimestamps:\n00:00 Intro\n(02:45) Hugging Face v1  \n[3:59] - The pivot\n5:37 – Founder guidance\n1:02:03 | The long tail\n\nFollow us on Mastodon!\n- Links below\n";
    assert_eq!(
        titles(description),
        [
            (0, "Intro".to_owned()),
            (165, "Hugging Face v1".to_owned()),
            (239, "The pivot".to_owned()),
            (337, "Founder guidance".to_owned()),
            (3723, "The long tail".to_owned()),
        ]
    );
    let parsed = shownotes::parse(description).unwrap();
    assert_eq!(parsed.title.as_deref(), Some("In this episode we talk about open source."));
    let last = parsed.chapters.get(4).unwrap();
    assert!(last.points.is_empty() && last.summary.is_empty(), "prose after the list is not the chapter's");
    assert_eq!(parsed.chapters.get(0).unwrap().end, Some(Timestamp::from_millis(165_000)));
}

#[test]
fn timestamp_lists_with_bullets_and_trailing_punctuation() {
    assert_eq!(titles("- 0:00 Welcome\n* 1:30: Main part\n• 12:00. Wrap-up\n"), [(0, "Welcome".to_owned()), (90, "Main part".to_owned()), (720, "Wrap-up".to_owned())]);
}

#[test]
fn a_range_end_that_is_not_a_time_is_still_an_error_not_a_title() {
    assert_eq!(error("- 1:00 – 2:oo\nB\n"), "line 1, column 10: invalid timestamp \"2:oo\"");
    assert_eq!(error("(1:00 Intro\n"), "line 1, column 2: invalid timestamp \"1:00 Intro\"");
    assert_eq!(error("1:0:0 Intro\n"), "line 1, column 1: invalid timestamp \"1:0:0\"");
}

#[test]
fn arrows_separate_times_and_titles() {
    let parsed = shownotes::parse("0:00 -> Intro\n1:30 → Second\n2:00 --> Third\n").unwrap();
    let titles: Vec<&str> = parsed.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Intro", "Second", "Third"]);
    // WebVTT cue timings without the WEBVTT line read as ranges, the next line as the title.
    let parsed = shownotes::parse("00:00.000 --> 01:00.000\nIntro\n\n01:00.000 --> 02:30.500\nOutro\n").unwrap();
    let read: Vec<(u64, Option<u64>, &str)> =
        parsed.chapters.iter().map(|c| (c.start.as_millis(), c.end.map(|e| e.as_millis()), c.title.as_str())).collect();
    assert_eq!(read, [(0, Some(60_000), "Intro"), (60_000, Some(150_500), "Outro")]);
}

fn read(text: &str) -> Vec<(String, String)> {
    shownotes::parse(text).unwrap().chapters.iter().map(|c| (c.start.to_string(), c.title.clone())).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|&(t, title)| (t.to_owned(), title.to_owned())).collect()
}

#[test]
fn the_time_in_brackets_of_every_kind_at_the_start() {
    // The first examples: "[00:00] Intro" and "<00:00> Intro" on the first line.
    assert_eq!(read("[00:00] Intro\n[05:10] Topic\n"), pairs(&[("0:00", "Intro"), ("5:10", "Topic")]));
    assert_eq!(read("<00:00> Intro\n<05:10> Topic\n"), pairs(&[("0:00", "Intro"), ("5:10", "Topic")]));
    assert_eq!(read("(0:00) Intro\n(1:02:03) Topic\n"), pairs(&[("0:00", "Intro"), ("1:02:03", "Topic")]));
    assert_eq!(error("<1:00 Intro\n"), "line 1, column 2: invalid timestamp \"1:00 Intro\"");
}

#[test]
fn the_time_at_the_end_of_the_line() {
    assert_eq!(read("Intro - 0:00\nThe pivot - 3:59\n"), pairs(&[("0:00", "Intro"), ("3:59", "The pivot")]));
    assert_eq!(read("Intro (0:00)\nThe pivot (3:59)\n"), pairs(&[("0:00", "Intro"), ("3:59", "The pivot")]));
    assert_eq!(read("Intro [0:00]\nThe pivot <3:59>\n"), pairs(&[("0:00", "Intro"), ("3:59", "The pivot")]));
    assert_eq!(read("Intro: 0:00\nThe pivot | 3:59\nOutro — 1:02:03\n"), pairs(&[("0:00", "Intro"), ("3:59", "The pivot"), ("1:02:03", "Outro")]));
    assert_eq!(read("Chop Suey! 0:00\nPrison Song 8:42\n"), pairs(&[("0:00", "Chop Suey!"), ("8:42", "Prison Song")]));
}

#[test]
fn the_time_in_the_middle_with_text_on_both_sides() {
    // A track list where one title goes on after its time.
    let list = "Prison Song 0:00\nNeedles 3:21\nSuite-Pee 4:26 (Incomplete)\nDeer Dance 6:38\n";
    assert_eq!(
        read(list),
        pairs(&[("0:00", "Prison Song"), ("3:21", "Needles"), ("4:26", "Suite-Pee (Incomplete)"), ("6:38", "Deer Dance")])
    );
}

#[test]
fn numbered_lists() {
    assert_eq!(read("1. 00:00 Intro\n2. 04:30 Topic\n"), pairs(&[("0:00", "Intro"), ("4:30", "Topic")]));
    assert_eq!(read("1) 00:00 Intro\n2) 04:30 Topic\n"), pairs(&[("0:00", "Intro"), ("4:30", "Topic")]));
    assert_eq!(
        read("1.  Those Beaten Paths of Confusion 0:00\n2.  Morbid Glory 6:45\n"),
        pairs(&[("0:00", "Those Beaten Paths of Confusion"), ("6:45", "Morbid Glory")])
    );
    assert_eq!(
        read("1 - Во прах [Vo prakh] 0:00:00\n2 - Песнь [Pesn'] 0:05:12\n"),
        pairs(&[("0:00", "Во прах [Vo prakh]"), ("5:12", "Песнь [Pesn']")])
    );
    // A number that is the title's own, not the list's.
    assert_eq!(read("10 things 0:00\n5 more 3:00\n"), pairs(&[("0:00", "10 things"), ("3:00", "5 more")]));
}

#[test]
fn bullets_emoji_and_symbols_before_the_time() {
    assert_eq!(read("⏱ 00:00 Intro\n⏱ 02:00 Topic\n"), pairs(&[("0:00", "Intro"), ("2:00", "Topic")]));
    assert_eq!(
        read("🎤 (00:00:00) Meet your instructor\n💻 (00:04:10) Setup\n"),
        pairs(&[("0:00", "Meet your instructor"), ("4:10", "Setup")])
    );
    assert_eq!(read("▶️ 0:00 Intro\n– 1:00 Dash bullet\n► 2:00 Arrow\n# 3:00 Hash\n"), pairs(&[("0:00", "Intro"), ("1:00", "Dash bullet"), ("2:00", "Arrow"), ("3:00", "Hash")]));
    assert_eq!(read("• Intro - 0:00\n• Outro - 9:00\n"), pairs(&[("0:00", "Intro"), ("9:00", "Outro")]));
}

#[test]
fn a_time_inside_prose_is_not_a_chapter() {
    // One sentence with a time: prose, not a list.
    let prose = "We met from 13:30 outside the venue.\n";
    assert_eq!(error(prose), format!("no chapters found: expected {}", shownotes::EXPECTED));
    // Several sentences with times in order, but none with the time at its end.
    let sentences = "We met from 13:30 outside the venue,\nand at 14:00 the doors opened for everyone.\n";
    assert!(shownotes::parse(sentences).is_err());
    // Times out of order are not a list either.
    assert!(shownotes::parse("Doors open 19:30\nBreakfast 8:00\n").is_err());
    // Two times on a line: a schedule, not a chapter.
    assert!(shownotes::parse("Talks from 10:00 to 12:00\nLunch from 12:00 to 13:00\n").is_err());
    // Next to a list, a sentence with a time stays the description's.
    let description = "Recorded live from 13:30 outside the venue.\n\n00:00 Intro\n02:10 The venue\n\nThanks to everyone who came at 19:30!\n";
    let parsed = shownotes::parse(description).unwrap();
    assert_eq!(read(description), pairs(&[("0:00", "Intro"), ("2:10", "The venue")]));
    assert_eq!(parsed.title.as_deref(), Some("Recorded live from 13:30 outside the venue."));
    // Only YouTube's rule for lists: at least three chapters.
    let messages: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages, ["only 2 chapters: YouTube shows chapters from 3 on"]);
}

#[test]
fn a_list_line_inside_a_ranged_chapter_is_its_text() {
    let text = "CHAPTERS\n- 0:00 – 2:00\nIntro at 0:30\nMore at 1:00\n- 2:00 – 3:00\nOutro\n";
    let parsed = shownotes::parse(text).unwrap();
    assert_eq!(read(text), pairs(&[("0:00", "Intro at 0:30"), ("2:00", "Outro")]));
    assert_eq!(parsed.chapters.get(0).unwrap().summary, "More at 1:00");
}

#[test]
fn a_key_point_is_not_a_chapter_line() {
    let text = "CHAPTERS\n- 0:00 – 2:00\nIntro\n- •12:00 starts like a time\n";
    let parsed = shownotes::parse(text).unwrap();
    assert_eq!(parsed.chapters.len(), 1);
    assert_eq!(parsed.chapters.get(0).unwrap().points, ["12:00 starts like a time"]);
}

#[test]
fn a_word_joiner_keeps_a_line_from_reading_as_a_chapter() {
    let text = format!("CHAPTERS\n- 0:00 – 2:00\n{}12:00 deadlines\n", shownotes::WORD_JOINER);
    assert_eq!(read(&text), pairs(&[("0:00", "12:00 deadlines")]));
}

#[test]
fn text_that_would_read_as_a_chapter_line_is_kept_by_a_word_joiner() {
    for title in ["(0:30) Intro", "<0:30> Intro", "⏱ 0:30 Intro", "1. 0:30 Intro", "12:00 deadlines", "- Why", "• bullet"] {
        assert!(shownotes::needs_word_joiner(title), "{title}");
        let text = format!("CHAPTERS\n- 0:00 – 2:00\n{}{title}\n", shownotes::WORD_JOINER);
        assert_eq!(read(&text), pairs(&[("0:00", title)]), "{title}");
    }
    for title in ["Intro - 0:30", "Suite-Pee 4:26 (Incomplete)", "2023 in review", "Café ☕"] {
        assert!(!shownotes::needs_word_joiner(title), "{title}");
    }
}

#[test]
fn youtube_rules_for_description_lists_are_warnings_not_refusals() {
    // Every rule kept: no warning.
    let good = shownotes::parse("00:00 Intro\n01:10 News\n05:00 Outro\n").unwrap();
    assert!(good.warnings.is_empty(), "{:?}", good.warnings);
    // The first at 0:12, a 4-second chapter, two chapters: read, with a warning for each.
    let parsed = shownotes::parse("Episode notes\n0:12 Cold open\n0:16 Interview\n").unwrap();
    assert_eq!(parsed.chapters.len(), 2);
    let messages: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 2, column 1: the first chapter starts at 0:12: YouTube and podcast apps expect the first at 0:00",
            "only 2 chapters: YouTube shows chapters from 3 on",
            "line 2, column 1: chapter \"Cold open\" lasts 4 s: YouTube wants 10 seconds or more",
        ]
    );
    // Show notes with time ranges are not a description list: the rules do not apply.
    let ranges = shownotes::parse("CHAPTERS\n- 0:12 – 0:16\nCold open\n").unwrap();
    assert!(ranges.warnings.is_empty(), "{:?}", ranges.warnings);
}
