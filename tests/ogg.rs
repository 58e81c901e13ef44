//! The Ogg Vorbis / Ogg Opus chapter comment reader: files ffmpeg and opusenc wrote
//! (tests/fixtures/make-media-fixtures.sh) and hand-built pages, good and bad.

use episode_chapters::formats::{ogg, MAX_CHAPTERS};
use episode_chapters::diagnostics::{CommentProblem, PageProblem, TextPlace, TextProblem};
use episode_chapters::{Category, ErrorKind, Position};

mod common;
use common::{find, summary, warnings};
use proptest::prelude::*;

const FFMPEG_OPUS: &[u8] = include_bytes!("fixtures/ogg/ffmpeg.opus");
const FFMPEG_VORBIS: &[u8] = include_bytes!("fixtures/ogg/ffmpeg.ogg");
const OPUSENC: &[u8] = include_bytes!("fixtures/ogg/opusenc.opus");

fn error(bytes: &[u8]) -> String {
    ogg::parse(bytes).unwrap_err().to_string()
}


/// What ffprobe -show_chapters reports for every fixture (start, title); the comments have no
/// ends, so the last chapter's end is left to the media's duration.
fn expected() -> Vec<(u64, Option<u64>, String)> {
    vec![
        (0, Some(5000), "Intro".to_owned()),
        (5000, Some(12_345), "Café ☕".to_owned()),
        (12_345, Some(17_000), "Main topic".to_owned()),
        (17_000, None, "Outro".to_owned()),
    ]
}

// ---- building pages ----

fn crc(page: &[u8]) -> u32 {
    let mut crc = 0u32;
    for &byte in page {
        crc ^= u32::from(byte) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 { (crc << 1) ^ 0x04c1_1db7 } else { crc << 1 };
        }
    }
    crc
}

fn page(header_type: u8, serial: u32, sequence: u32, lacing: &[u8], body: &[u8]) -> Vec<u8> {
    let mut page = b"OggS\0".to_vec();
    page.push(header_type);
    page.extend(0u64.to_le_bytes());
    page.extend(serial.to_le_bytes());
    page.extend(sequence.to_le_bytes());
    page.extend([0; 4]);
    page.push(u8::try_from(lacing.len()).unwrap());
    page.extend(lacing);
    page.extend(body);
    let crc = crc(&page);
    page[22..26].copy_from_slice(&crc.to_le_bytes());
    page
}

/// Laces `packets` into the pages of stream `serial`: the first packet alone on the first page
/// (beginning of stream), the others on pages of at most `max_segments` segments.
fn stream(serial: u32, packets: &[Vec<u8>], max_segments: usize) -> Vec<Vec<u8>> {
    let lace = |packet: &[u8]| -> Vec<(u8, Vec<u8>)> {
        let mut segments: Vec<(u8, Vec<u8>)> = packet.chunks(255).map(|c| (u8::try_from(c.len()).unwrap(), c.to_vec())).collect();
        if packet.len().is_multiple_of(255) {
            segments.push((0, Vec::new()));
        }
        segments
    };
    let first = lace(&packets[0]);
    let mut pages = vec![page(2, serial, 0, &first.iter().map(|s| s.0).collect::<Vec<_>>(), &packets[0])];
    let segments: Vec<(u8, Vec<u8>)> = packets[1..].iter().flat_map(|p| lace(p)).collect();
    let mut continued = false;
    for chunk in segments.chunks(max_segments) {
        let lacing: Vec<u8> = chunk.iter().map(|s| s.0).collect();
        let body: Vec<u8> = chunk.iter().flat_map(|s| s.1.clone()).collect();
        let sequence = u32::try_from(pages.len()).unwrap();
        pages.push(page(u8::from(continued), serial, sequence, &lacing, &body));
        continued = lacing.last() == Some(&255);
    }
    pages
}

fn ogg(packets: &[Vec<u8>], max_segments: usize) -> Vec<u8> {
    stream(1, packets, max_segments).concat()
}

fn opus_head() -> Vec<u8> {
    [&b"OpusHead"[..], &[1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0]].concat()
}

fn tags(magic: &[u8], comments: &[&[u8]]) -> Vec<u8> {
    let mut packet = [magic, &6u32.to_le_bytes(), b"vendor", &u32::try_from(comments.len()).unwrap().to_le_bytes()].concat();
    for comment in comments {
        packet.extend(u32::try_from(comment.len()).unwrap().to_le_bytes());
        packet.extend(*comment);
    }
    packet
}

fn opus(comments: &[&str]) -> Vec<u8> {
    let comments: Vec<&[u8]> = comments.iter().map(|c| c.as_bytes()).collect();
    ogg(&[opus_head(), tags(b"OpusTags", &comments), vec![0xFC, 0xFF, 0xFE]], 255)
}

const TWO: [&str; 4] = ["CHAPTER001=00:00:00.000", "CHAPTER001NAME=One", "CHAPTER002=00:01:00.500", "CHAPTER002NAME=Two"];

/// In `opus(…)`: the first page (the 19-byte OpusHead) takes 47 bytes; the second page has two
/// segments (the comment header, a 3-byte audio packet), so its body starts at 76: "OpusTags",
/// the vendor string, the count and the first comment's length put its text at 102.
const FIRST_COMMENT: usize = 47 + 29 + 8 + 4 + 6 + 4 + 4;

// ---- the fixtures ----

#[test]
fn ffmpeg_opus_numbered_from_000() {
    let parsed = ogg::parse(FFMPEG_OPUS).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(parsed.title.as_deref(), Some("Episode"));
    assert_eq!(summary(&parsed), expected());
    let first = parsed.chapters.get(0).unwrap().position;
    assert_eq!(first, Position::Byte(u64::try_from(find(FFMPEG_OPUS, b"CHAPTER000=")).unwrap()));
}

#[test]
fn ffmpeg_vorbis_numbered_from_001_with_a_url_and_lower_case_names() {
    let parsed = ogg::parse(FFMPEG_VORBIS).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(parsed.title.as_deref(), Some("Episode"));
    assert_eq!(summary(&parsed), expected());
    assert_eq!(parsed.chapters.get(1).unwrap().url.as_deref(), Some("https://example.com/cafe"));
    assert_eq!(parsed.chapters.get(0).unwrap().url, None);
}

#[test]
fn opusenc_with_a_padded_comment_header() {
    let parsed = ogg::parse(OPUSENC).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(parsed.title.as_deref(), Some("Episode"));
    assert_eq!(summary(&parsed), expected());
}

// ---- hand-built good cases ----

#[test]
fn a_minimal_opus_file() {
    let parsed = ogg::parse(&opus(&TWO)).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(summary(&parsed), [(0, Some(60_500), "One".to_owned()), (60_500, None, "Two".to_owned())]);
    assert_eq!(parsed.chapters.get(0).unwrap().position, Position::Byte(FIRST_COMMENT as u64));
}

#[test]
fn a_vorbis_file() {
    let ident = [&b"\x01vorbis"[..], &[0; 23]].concat();
    let comments: Vec<&[u8]> = TWO.iter().map(|c| c.as_bytes()).collect();
    let file = ogg(&[ident, [&tags(b"\x03vorbis", &comments)[..], &[1]].concat()], 255);
    assert_eq!(ogg::parse(&file).unwrap().chapters.len(), 2);
}

#[test]
fn names_are_case_insensitive_and_titles_are_trimmed() {
    let parsed = ogg::parse(&opus(&["title=  Show  ", "chapter1=1:00", "Chapter1Name=A", "cHaPtEr1uRl=https://example.com/a"])).unwrap();
    assert_eq!(parsed.title.as_deref(), Some("Show"));
    let first = parsed.chapters.get(0).unwrap();
    assert_eq!((first.start.as_millis(), first.title.as_str()), (60_000, "A"));
    assert_eq!(first.url.as_deref(), Some("https://example.com/a"));
}

#[test]
fn other_comments_are_ignored() {
    let parsed = ogg::parse(&opus(&["ENCODER=x", "CHAPTERS=3", "CHAPTER001IMAGE=x", "CHAPTER001=0:00", "ARTIST=Me"])).unwrap();
    let file = opus(&["ENCODER=x", "CHAPTERS=3", "CHAPTER001IMAGE=x", "CHAPTER001=0:00", "ARTIST=Me"]);
    let at = find(&file, b"CHAPTER001=");
    assert_eq!(warnings(&parsed), [format!("byte {at}: chapter 1 has no title: named \"Chapter 1\"")]);
}

#[test]
fn a_comment_header_spanning_pages() {
    let long = format!("CHAPTER001NAME={}", "x".repeat(600));
    let file = ogg(&[opus_head(), tags(b"OpusTags", &[b"CHAPTER001=0:00", long.as_bytes(), b"CHAPTER002=1:2x"])], 1);
    assert!(file.len() > 47 + 4 * 28, "the comment header takes several pages");
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(parsed.chapters.get(0).unwrap().title, "x".repeat(600));
    // Positions are in the file, past the page headers in between.
    assert_eq!(warnings(&parsed), [format!("byte {}: invalid timestamp \"1:2x\"", find(&file, b"CHAPTER002="))]);
}

#[test]
fn other_streams_are_skipped() {
    let comments: Vec<&[u8]> = TWO.iter().map(|c| c.as_bytes()).collect();
    let skeleton = stream(9, &[b"fishead\0".to_vec(), vec![1; 300]], 1);
    let opus = stream(1, &[opus_head(), tags(b"OpusTags", &comments)], 1);
    // Skeleton first page, Opus first page, then their pages interleaved.
    let mut file = [skeleton[0].clone(), opus[0].clone()].concat();
    for i in 1..skeleton.len().max(opus.len()) {
        for pages in [&skeleton, &opus] {
            if let Some(page) = pages.get(i) {
                file.extend(page);
            }
        }
    }
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(parsed.chapters.len(), 2);
}

// ---- hand-built bad input: each with its exact message ----

#[test]
fn empty_and_not_ogg() {
    assert_eq!(error(b""), "the chapter source is empty");
    assert_eq!(error(b"ID3\x04\0\0\0\0\0\0"), "byte 0: no Ogg page: the file does not start with \"OggS\"");
    assert_eq!(error(b"Ogg"), "byte 0: no Ogg page: the file does not start with \"OggS\"");
}

#[test]
fn a_page_version_other_than_0() {
    let mut file = opus(&TWO);
    file[4] = 1;
    assert_eq!(error(&file), "byte 0: unsupported Ogg page version 1: only version 0 can be read");
}

#[test]
fn a_crc_mismatch_is_read_anyway() {
    let mut file = opus(&TWO);
    let stored = u32::from_le_bytes(file[47 + 22..47 + 26].try_into().unwrap());
    file[47 + 22] ^= 0xFF;
    let wrong = u32::from_le_bytes(file[47 + 22..47 + 26].try_into().unwrap());
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte 47: invalid Ogg page: CRC {wrong:08x} does not match the page's {stored:08x}: read anyway")]);
    assert_eq!(parsed.chapters.len(), 2);
    let warning = &parsed.warnings[0];
    assert_eq!(warning.kind(), &ErrorKind::BadChecksum { what: "Ogg page", stored: wrong, computed: stored });
    assert_eq!((warning.kind().category(), warning.position()), (Category::MediaUnreadable, Position::Byte(47)));
}

#[test]
fn a_page_cut_short() {
    let file = opus(&TWO);
    let segments = usize::from(file[47 + 26]);
    let page_len = 27 + segments + file[47 + 27..47 + 27 + segments].iter().map(|&l| usize::from(l)).sum::<usize>();
    assert_eq!(error(&file[..120]), format!("byte 47: truncated Ogg page: {page_len} bytes needed, 73 available"));
    assert_eq!(error(&file[..57]), "byte 47: truncated Ogg page header: 27 bytes needed, 10 available");
}

#[test]
fn a_stream_that_ends_before_its_comment_header() {
    assert_eq!(error(&opus(&TWO)[..47]), "byte 47: no comment header: the Ogg stream ends before it");
}

#[test]
fn a_stream_of_another_codec() {
    let file = ogg(&[b"\x7fFLAC\x01\x00".to_vec(), vec![0; 40]], 255);
    assert_eq!(error(&file), "byte 0: no Vorbis or Opus stream: the Ogg file carries another codec");
}

#[test]
fn a_second_packet_that_is_not_a_comment_header() {
    let file = ogg(&[opus_head(), b"OpusHea2 and more".to_vec()], 255);
    assert_eq!(error(&file), "byte 75: missing \"OpusTags\" header");
}

#[test]
fn a_vendor_string_past_the_end() {
    let file = ogg(&[opus_head(), [&b"OpusTags"[..], &100u32.to_le_bytes(), b"short"].concat()], 255);
    assert_eq!(error(&file), "byte 87: truncated vendor string: 100 bytes needed, 5 available");
}

#[test]
fn bytes_between_pages_are_skipped() {
    let file = opus(&TWO);
    let file = [&file[..47], b"junk!", &file[47..]].concat();
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), ["byte 47: invalid Ogg stream: 5 bytes that are not an Ogg page: skipped"]);
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn a_missing_page() {
    let comments: Vec<&[u8]> = TWO.iter().map(|c| c.as_bytes()).collect();
    let mut pages = stream(1, &[opus_head(), tags(b"OpusTags", &comments)], 1);
    // Renumber the comment header's pages as if a page before them were lost.
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        page[18..22].copy_from_slice(&(u32::try_from(i).unwrap() + 1).to_le_bytes());
        page[22..26].copy_from_slice(&[0; 4]);
        let crc = crc(page);
        page[22..26].copy_from_slice(&crc.to_le_bytes());
    }
    let parsed = ogg::parse(&pages.concat()).unwrap();
    assert_eq!(warnings(&parsed), ["byte 47: invalid Ogg page: sequence number 2 where 1 was expected: pages are missing"]);
    assert_eq!(parsed.warnings[0].kind(), &ErrorKind::PagesMissing { found: 2, expected: 1 });
}

#[test]
fn a_page_that_does_not_continue_its_packet() {
    let long = format!("CHAPTER001NAME={}", "x".repeat(300));
    let mut pages = stream(1, &[opus_head(), tags(b"OpusTags", &[long.as_bytes()]), tags(b"OpusTags", &[b"CHAPTER001=0:00"])], 1);
    let second = 47 + pages[1].len();
    pages[2][5] = 0;
    pages[2][22..26].copy_from_slice(&[0; 4]);
    let crc = crc(&pages[2]);
    pages[2][22..26].copy_from_slice(&crc.to_le_bytes());
    // The comment header is dropped, and no later packet is one.
    let parsed = ogg::parse(&pages.concat());
    assert_eq!(
        parsed.unwrap_err().to_string(),
        format!("byte {second}: invalid Ogg page: does not continue the packet before it: that packet is dropped")
    );
    let error = ogg::parse(&pages.concat()).unwrap_err();
    assert_eq!((error.kind(), error.kind().category()), (&ErrorKind::BadPage(PageProblem::PacketDropped), Category::MediaUnreadable));
}

#[test]
fn a_comment_length_past_the_end() {
    let mut packet = tags(b"OpusTags", &[b"CHAPTER001=0:00", b"CHAPTER001NAME=One"]);
    packet[18..22].copy_from_slice(&3u32.to_le_bytes());
    packet.extend(1000u32.to_le_bytes());
    packet.extend(b"CHAPTER002=");
    let file = ogg(&[opus_head(), packet], 255);
    let at = find(&file, b"CHAPTER002=") - 4;
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte {at}: truncated comment 3: 1000 bytes needed, 11 available")]);
    assert_eq!(summary(&parsed), [(0, None, "One".to_owned())]);
}

#[test]
fn a_comment_length_cut_off() {
    let mut packet = tags(b"OpusTags", &[b"CHAPTER001=0:00"]);
    packet[18..22].copy_from_slice(&2u32.to_le_bytes());
    packet.extend([7, 0]);
    let file = ogg(&[opus_head(), packet], 255);
    let at = file.len() - 2;
    assert_eq!(warnings(&ogg::parse(&file).unwrap())[0], format!("byte {at}: truncated length of comment 2: 4 bytes needed, 2 available"));
}

#[test]
fn a_comment_count_larger_than_present() {
    let mut packet = tags(b"OpusTags", &TWO.map(str::as_bytes));
    packet[18..22].copy_from_slice(&9u32.to_le_bytes());
    let file = ogg(&[opus_head(), packet], 255);
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte {}: invalid comment header: 9 comments declared, 4 present", file.len())]);
    let kind = ErrorKind::CountMismatch { what: "comment header".into(), items: "comments", declared: 9, present: 4 };
    assert_eq!((parsed.warnings[0].kind(), parsed.warnings[0].kind().category()), (&kind, Category::MediaUnreadable));
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn a_chapter_with_a_bad_time_is_skipped() {
    let file = opus(&["CHAPTER001=1:2x", "CHAPTER001NAME=Bad", "CHAPTER002=00:01:00.000", "CHAPTER002NAME=Good"]);
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte {FIRST_COMMENT}: invalid timestamp \"1:2x\"")]);
    assert_eq!(summary(&parsed), [(60_000, None, "Good".to_owned())]);
    assert_eq!(error(&opus(&["CHAPTER001=99:99:99"])), format!("byte {FIRST_COMMENT}: invalid timestamp \"99:99:99\""));
}

#[test]
fn a_name_without_a_time_is_skipped() {
    let file = opus(&["CHAPTER001=0:00", "CHAPTER002NAME=Lost", "CHAPTER003=1:00"]);
    let at = find(&file, b"CHAPTER002NAME");
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed)[0], format!("byte {at}: invalid \"CHAPTER002NAME\": no \"CHAPTER002\" time: skipped"));
    let problem = CommentProblem::NoTime { key: "CHAPTER002NAME".into(), chapter: "CHAPTER002".into() };
    assert_eq!(parsed.warnings[0].kind(), &ErrorKind::BadComment(problem));
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn gaps_in_the_numbering() {
    let file = opus(&["CHAPTER001=0:00", "CHAPTER002=0:30", "CHAPTER004=1:00"]);
    let at = find(&file, b"CHAPTER004");
    let parsed = ogg::parse(&file).unwrap();
    assert!(warnings(&parsed).contains(&format!("byte {at}: invalid chapter numbering: CHAPTER004 follows CHAPTER002")));
    let gap = ErrorKind::BadComment(CommentProblem::NumberGap { chapter: "CHAPTER004".into(), previous: "CHAPTER002".into() });
    assert!(parsed.warnings.iter().any(|w| w.kind() == &gap && w.position() == Position::Byte(at as u64)));
    assert_eq!(parsed.chapters.len(), 3);

    let parsed = ogg::parse(&opus(&["CHAPTER002=0:00", "CHAPTER002NAME=A"])).unwrap();
    assert_eq!(
        warnings(&parsed),
        [format!("byte {FIRST_COMMENT}: invalid chapter numbering: CHAPTER002 is the first chapter: expected CHAPTER000 or CHAPTER001")]
    );
}

#[test]
fn chapters_in_number_order_not_comment_order() {
    let parsed = ogg::parse(&opus(&["CHAPTER002=1:00", "CHAPTER002NAME=B", "CHAPTER001=0:00", "CHAPTER001NAME=A"])).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(summary(&parsed), [(0, Some(60_000), "A".to_owned()), (60_000, None, "B".to_owned())]);
}

#[test]
fn a_comment_without_equals_sign() {
    let file = opus(&["CHAPTER001=0:00", "JUSTTEXT"]);
    let at = find(&file, b"JUSTTEXT");
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed)[0], format!("byte {at}: invalid comment 2: no \"=\" between name and value: skipped"));
    assert_eq!(parsed.warnings[0].kind(), &ErrorKind::BadComment(CommentProblem::NoEquals(2)));
}

#[test]
fn a_repeated_comment_keeps_the_first() {
    let file = opus(&["CHAPTER001=0:00", "CHAPTER001NAME=First", "chapter001name=Second"]);
    let at = find(&file, b"chapter001name");
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte {at}: invalid comment \"chapter001name\": repeated: the first one is kept")]);
    assert_eq!(parsed.chapters.get(0).unwrap().title, "First");
}

#[test]
fn a_name_that_is_not_utf8() {
    let file = ogg(&[opus_head(), tags(b"OpusTags", &[b"CHAPTER001=0:00", b"CHAPTER001NAME=Caf\xe9"])], 255);
    let at = find(&file, b"Caf\xe9") + 3;
    let parsed = ogg::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte {at}: bad text in \"CHAPTER001NAME\": invalid UTF-8, read with replacement characters")]);
    let kind = ErrorKind::BadText { place: TextPlace::Comment("CHAPTER001NAME".into()), problem: TextProblem::InvalidUtf8 };
    assert_eq!((parsed.warnings[0].kind(), parsed.warnings[0].kind().category()), (&kind, Category::MediaUnreadable));
    assert_eq!(parsed.chapters.get(0).unwrap().title, "Caf\u{fffd}");
}

#[test]
fn no_chapter_comments() {
    assert_eq!(error(&opus(&["TITLE=Episode"])), "no chapters found: expected comments like CHAPTER001=00:00:00.000 and CHAPTER001NAME=Intro");
}

#[test]
fn more_than_max_chapters() {
    let comments: Vec<String> = (1..=MAX_CHAPTERS + 1).map(|i| format!("CHAPTER{i:05}=0:{:02}", i % 60)).collect();
    let comments: Vec<&str> = comments.iter().map(String::as_str).collect();
    let file = opus(&comments);
    let err = ogg::parse(&file).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TooManyChapters { limit: MAX_CHAPTERS });
    assert_eq!(err.to_string(), format!("byte {}: more than {MAX_CHAPTERS} chapters", find(&file, format!("CHAPTER{:05}=", MAX_CHAPTERS + 1).as_bytes())));
    // Exactly the limit is fine (they all start within a minute: duplicates are dropped).
    let file = opus(&comments[..MAX_CHAPTERS]);
    assert_eq!(ogg::parse(&file).unwrap().chapters.len(), 60);
}

// ---- hostile input never panics ----


fn check(bytes: &[u8]) {
    common::assert_valid(ogg::parse(bytes));
}

fn spanning() -> Vec<u8> {
    let comments: Vec<&[u8]> = TWO.iter().map(|c| c.as_bytes()).collect();
    ogg(&[opus_head(), tags(b"OpusTags", &comments)], 1)
}

#[test]
fn every_prefix_of_the_fixtures_is_handled() {
    // Every prefix through the headers, then in steps: past the comment header nothing is read.
    for file in [FFMPEG_OPUS, FFMPEG_VORBIS, OPUSENC, &spanning()] {
        for len in (0..=file.len()).filter(|&len| len <= 1500 || len.is_multiple_of(97) || len == file.len()) {
            check(&file[..len]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn random_byte_flips_never_panic(source in 0..4usize, edits in common::edits(7)) {
        let bytes = vec![FFMPEG_OPUS.to_vec(), FFMPEG_VORBIS.to_vec(), OPUSENC.to_vec(), spanning()].swap_remove(source);
        // Most flips would land in the audio, which is never read: aim at the headers.
        check(&common::mutated(&bytes, &edits, 1200));
    }
}
