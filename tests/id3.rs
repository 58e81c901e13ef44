//! The ID3v2 chapter reader: files written by ffmpeg and mutagen (tests/fixtures/id3, made by
//! make-fixtures.sh there), variants of them (unsynchronised, v2.3-style sizes in v2.4), and
//! hand-built broken tags, each with its exact message.

use episode_chapters::formats::{id3, MAX_CHAPTERS};
use episode_chapters::diagnostics::{FrameProblem, TocProblem};
use episode_chapters::{Category, ChapterImage, ErrorKind, Parsed, Position};

mod common;
use proptest::prelude::*;

// ---- building tags ----

fn synchsafe(n: usize) -> [u8; 4] {
    assert!(n < 1 << 28);
    [(n >> 21) as u8 & 0x7F, (n >> 14) as u8 & 0x7F, (n >> 7) as u8 & 0x7F, n as u8 & 0x7F]
}

/// A tag of `version` (3 or 4) with header `flags` around `body`.
fn tag(version: u8, flags: u8, body: &[u8]) -> Vec<u8> {
    [&[b'I', b'D', b'3', version, 0, flags][..], &synchsafe(body.len()), body].concat()
}

/// A frame with its size written the way `version` writes it.
fn frame_with(version: u8, id: &[u8; 4], flags: [u8; 2], data: &[u8]) -> Vec<u8> {
    let size = if version == 4 { synchsafe(data.len()) } else { u32::try_from(data.len()).unwrap().to_be_bytes() };
    [&id[..], &size, &flags, data].concat()
}

fn frame(version: u8, id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    frame_with(version, id, [0, 0], data)
}

/// A text frame in Latin-1.
fn text(version: u8, id: &[u8; 4], value: &str) -> Vec<u8> {
    frame(version, id, &[&[0], value.as_bytes()].concat())
}

/// A text frame with an explicit encoding byte and raw bytes.
fn raw_text(version: u8, id: &[u8; 4], encoding: u8, bytes: &[u8]) -> Vec<u8> {
    frame(version, id, &[&[encoding], bytes].concat())
}

/// The data of a `CHAP` frame (element id, times, unused byte offsets, sub-frames).
fn chap_data(id: &str, start: u32, end: u32, sub_frames: &[u8]) -> Vec<u8> {
    [id.as_bytes(), &[0], &start.to_be_bytes(), &end.to_be_bytes(), &[0xFF; 8], sub_frames].concat()
}

fn chap(version: u8, id: &str, start: u32, end: u32, sub_frames: &[u8]) -> Vec<u8> {
    frame(version, b"CHAP", &chap_data(id, start, end, sub_frames))
}

fn titled(version: u8, id: &str, start: u32, end: u32, title: &str) -> Vec<u8> {
    chap(version, id, start, end, &text(version, b"TIT2", title))
}

fn ctoc(version: u8, id: &str, flags: u8, entries: &[&str]) -> Vec<u8> {
    let mut data = [id.as_bytes(), &[0, flags, u8::try_from(entries.len()).unwrap()]].concat();
    for entry in entries {
        data.extend_from_slice(entry.as_bytes());
        data.push(0);
    }
    frame(version, b"CTOC", &data)
}

const TOP_LEVEL: u8 = 0x03;

/// Where the first sub-frame of a first `CHAP` with a 3-letter element id starts.
const FIRST_SUB_FRAME: u64 = 10 + 10 + 4 + 16;

// ---- reading results ----

fn parse(bytes: &[u8]) -> Parsed {
    id3::parse(bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn error(bytes: &[u8]) -> String {
    id3::parse(bytes).unwrap_err().to_string()
}

fn warnings(bytes: &[u8]) -> Vec<String> {
    parse(bytes).warnings.iter().map(ToString::to_string).collect()
}

fn titles(parsed: &Parsed) -> Vec<&str> {
    parsed.chapters.iter().map(|c| c.title.as_str()).collect()
}

/// One line per chapter with everything the reader sets, the listed ones then the silent ones.
fn describe(parsed: &Parsed) -> Vec<String> {
    parsed
        .chapters
        .iter()
        .chain(parsed.chapters.silent())
        .map(|c| {
            let end = c.end.map_or("?".to_owned(), |end| end.as_millis().to_string());
            let image = match &c.image {
                None => "-".to_owned(),
                Some(ChapterImage::Url(url)) => url.clone(),
                Some(ChapterImage::Embedded { mime, bytes }) => format!("{mime} {} bytes", bytes.len()),
            };
            let url = c.url.as_deref().unwrap_or("-");
            let toc = if c.toc { "listed" } else { "silent" };
            format!("{}-{end} {:?} summary={:?} url={url} image={image} {toc}", c.start.as_millis(), c.title, c.summary)
        })
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/id3/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const FIXTURES: &[&str] = &[
    "ffmpeg-v24.mp3",
    "ffmpeg-v23.mp3",
    "mutagen-v24.mp3",
    "mutagen-v23.mp3",
    "unsync-v23.mp3",
    "unsync-v24.mp3",
    "plain-sizes-v24.mp3",
];

/// Every chapter's position is the offset of its `CHAP` frame header in the file.
fn assert_positions_are_chap_headers(bytes: &[u8], parsed: &Parsed) {
    for chapter in parsed.chapters.iter().chain(parsed.chapters.silent()) {
        let episode_chapters::Position::Byte(at) = chapter.position else { panic!("{:?}", chapter.position) };
        let at = usize::try_from(at).unwrap();
        assert_eq!(&bytes[at..at + 4], b"CHAP", "{}", chapter.title);
    }
}

// ---- files written by real tools ----

const FFMPEG_CHAPTERS: [&str; 4] = [
    "0-10000 \"Intro\" summary=\"\" url=- image=- listed",
    "10000-20000 \"Café talk\" summary=\"\" url=- image=- listed",
    "20000-30500 \"News – in brief\" summary=\"\" url=- image=- listed",
    "30500-40000 \"Outro\" summary=\"\" url=- image=- listed",
];

#[test]
fn ffmpeg_id3v2_4() {
    let bytes = fixture("ffmpeg-v24.mp3");
    let parsed = parse(&bytes);
    assert_eq!(parsed.warnings, []);
    assert_eq!(parsed.title.as_deref(), Some("Episode 12: Chapters"));
    assert_eq!(describe(&parsed), FFMPEG_CHAPTERS);
    assert_positions_are_chap_headers(&bytes, &parsed);
}

#[test]
fn ffmpeg_id3v2_3_with_utf16_titles() {
    let bytes = fixture("ffmpeg-v23.mp3");
    let parsed = parse(&bytes);
    assert_eq!(parsed.warnings, []);
    assert_eq!(parsed.title.as_deref(), Some("Episode 12: Chapters"));
    assert_eq!(describe(&parsed), FFMPEG_CHAPTERS);
    assert_positions_are_chap_headers(&bytes, &parsed);
}

/// The mutagen tag: UTF-16 (with BOM, and BE), UTF-8 and Latin-1 text, a summary, a link, an
/// embedded PNG and a linked picture; ch2 is not in the table of contents.
const MUTAGEN_CHAPTERS: [&str; 4] = [
    "0-20000 \"Intro — welcome\" summary=\"Who we are\" url=https://example.com/intro image=image/png 94 bytes listed",
    "20000-65504 \"Café ☕ interview\" summary=\"Ünïcödé summary\" url=- image=https://example.com/ch1.jpg listed",
    "80000-120000 \"Outro 🎙\" summary=\"Thanks for listening\" url=- image=- listed",
    "65504-80000 \"Sponsor\" summary=\"\" url=- image=- silent",
];

fn assert_mutagen_tag(name: &str) {
    let bytes = fixture(name);
    let parsed = parse(&bytes);
    assert_eq!(parsed.warnings, [], "{name}");
    assert_eq!(parsed.title.as_deref(), Some("Episode 7: Tags"), "{name}");
    assert_eq!(describe(&parsed), MUTAGEN_CHAPTERS, "{name}");
    assert_positions_are_chap_headers(&bytes, &parsed);
}

#[test]
fn mutagen_id3v2_4_with_sub_frames_and_a_silent_chapter() {
    assert_mutagen_tag("mutagen-v24.mp3");
    // The embedded picture is the PNG itself.
    let parsed = parse(&fixture("mutagen-v24.mp3"));
    let Some(ChapterImage::Embedded { bytes, .. }) = &parsed.chapters.get(0).unwrap().image else { panic!() };
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn mutagen_id3v2_3() {
    assert_mutagen_tag("mutagen-v23.mp3");
}

#[test]
fn whole_tag_unsynchronisation_in_id3v2_3() {
    assert_mutagen_tag("unsync-v23.mp3");
}

#[test]
fn frame_unsynchronisation_and_data_length_in_id3v2_4() {
    assert_mutagen_tag("unsync-v24.mp3");
}

#[test]
fn id3v2_4_written_with_plain_frame_sizes() {
    let bytes = fixture("plain-sizes-v24.mp3");
    let parsed = parse(&bytes);
    // ch1 (142 bytes, 0x8E: not synchsafe) comes first; ch0 (291 bytes) needs the landing test.
    let first_big = bytes.windows(8).position(|w| w == b"CHAP\0\0\0\x8e").unwrap();
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!(
            "byte {first_big}: bad size 142 for frame \"CHAP\": not synchsafe as ID3v2.4 requires, read as a plain number (the ID3v2.3 way) here and after"
        )]
    );
    assert_eq!(parsed.title.as_deref(), Some("Episode 7: Tags"));
    assert_eq!(describe(&parsed), MUTAGEN_CHAPTERS);
    assert_positions_are_chap_headers(&bytes, &parsed);
}

#[test]
fn every_prefix_of_the_fixtures_is_handled() {
    for name in FIXTURES {
        let bytes = fixture(name);
        for end in 0..=bytes.len() {
            check(&bytes[..end]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn mutations_of_the_fixtures_are_handled(name in proptest::sample::select(FIXTURES), edits in common::edits(4)) {
        check(&common::mutated(&fixture(name), &edits, usize::MAX));
    }
}

/// Whatever is read is a valid timeline; whatever is refused says why.
fn check(bytes: &[u8]) {
    common::assert_valid(id3::parse(bytes));
}


// ---- the tag header ----

#[test]
fn empty_input() {
    assert_eq!(error(b""), "the chapter source is empty");
}

#[test]
fn no_id3_tag() {
    assert_eq!(error(b"\xff\xfb\x90\x64\0\0\0\0\0\0\0\0"), "byte 0: no ID3v2 tag: the file does not start with \"ID3\"");
    assert_eq!(error(b"TAG"), "byte 0: no ID3v2 tag: the file does not start with \"ID3\"");
    assert_eq!(error(b"X"), "byte 0: no ID3v2 tag: the file does not start with \"ID3\"");
}

#[test]
fn truncated_header() {
    assert_eq!(error(b"ID3\x04\0"), "byte 0: truncated ID3v2 header: 10 bytes needed, 5 available");
    assert_eq!(error(b"ID"), "byte 0: truncated ID3v2 header: 10 bytes needed, 2 available");
}

#[test]
fn id3v2_2_and_unknown_versions_are_refused() {
    let body = titled(3, "ch0", 0, 1000, "A");
    assert_eq!(
        error(&tag(2, 0, &body)),
        "byte 3: unsupported ID3v2.2 tag (three-letter frame ids): only ID3v2.3 and ID3v2.4 can be read"
    );
    assert_eq!(error(&tag(5, 0, &body)), "byte 3: unsupported ID3v2.5 tag: only ID3v2.3 and ID3v2.4 can be read");
    assert_eq!(error(&tag(0, 0, &body)), "byte 3: unsupported ID3v2.0 tag: only ID3v2.3 and ID3v2.4 can be read");
}

#[test]
fn tag_larger_than_the_file_reads_what_is_there() {
    let body = titled(4, "ch0", 0, 1000, "Intro");
    let mut bytes = tag(4, 0, &body);
    bytes[6..10].copy_from_slice(&synchsafe(1000));
    assert_eq!(warnings(&bytes), [format!("byte 6: truncated ID3v2 tag: 1000 bytes needed, {} available", body.len())]);
    assert_eq!(titles(&parse(&bytes)), ["Intro"]);

    // Nothing usable in what is there: the size's warning is the error.
    let mut bytes = tag(4, 0, &[]);
    bytes[6..10].copy_from_slice(&synchsafe(5000));
    bytes.extend_from_slice(b"CHA");
    assert_eq!(error(&bytes), "byte 6: truncated ID3v2 tag: 5000 bytes needed, 3 available");
}

#[test]
fn tag_size_that_is_not_synchsafe_is_read_as_a_plain_number() {
    let mut body = titled(4, "ch0", 0, 1000, "Intro");
    body.resize(200, 0);
    let mut bytes = tag(4, 0, &body);
    bytes[6..10].copy_from_slice(&200u32.to_be_bytes()); // 0xC8: the high bit is set
    assert_eq!(warnings(&bytes), ["byte 6: bad size 200 for ID3v2 tag: not synchsafe, read as a plain number"]);
    assert_eq!(titles(&parse(&bytes)), ["Intro"]);
}

#[test]
fn a_tag_without_chapters_is_an_error() {
    let bytes = tag(4, 0, &[text(4, b"TIT2", "Just a song"), vec![0; 20]].concat());
    assert_eq!(error(&bytes), "no chapters found: expected CHAP frames in the ID3v2 tag");
    assert_eq!(error(&tag(3, 0, &[])), "no chapters found: expected CHAP frames in the ID3v2 tag");
}

#[test]
fn extended_headers_are_skipped() {
    let chapter = titled(3, "ch0", 0, 1000, "Intro");
    // v2.3: a plain size after the size field (6), then flags and padding size.
    let v23 = [&[0, 0, 0, 6, 0, 0, 0, 0, 0, 0][..], &chapter].concat();
    assert_eq!(titles(&parse(&tag(3, 0x40, &v23))), ["Intro"]);
    // v2.4: a synchsafe size that counts itself, a flag byte count and the flags.
    let chapter = titled(4, "ch0", 0, 1000, "Intro");
    let v24 = [&[0, 0, 0, 6, 1, 0][..], &chapter].concat();
    assert_eq!(titles(&parse(&tag(4, 0x40, &v24))), ["Intro"]);

    let too_large = [&[0, 0, 0x27, 0x08, 1, 0][..], &chapter].concat();
    assert_eq!(
        error(&tag(4, 0x40, &too_large)),
        format!("byte 10: truncated extended header: 5000 bytes needed, {} available", too_large.len())
    );
    assert_eq!(error(&tag(3, 0x40, &[0, 0])), "byte 10: truncated extended header: 4 bytes needed, 2 available");
}

// ---- frames ----

#[test]
fn frame_past_the_end_of_the_tag() {
    let mut bad = chap(4, "ch1", 0, 1000, &[]);
    bad[4..8].copy_from_slice(&synchsafe(500));
    assert_eq!(error(&tag(4, 0, &bad)), "byte 10: truncated frame \"CHAP\": 500 bytes needed, 20 available");

    // A good chapter before it is kept.
    let good = titled(4, "ch0", 0, 1000, "Intro");
    let at = 10 + good.len();
    let parsed = parse(&tag(4, 0, &[good, bad].concat()));
    assert_eq!(titles(&parsed), ["Intro"]);
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!("byte {at}: truncated frame \"CHAP\": 500 bytes needed, 20 available")]
    );
}

#[test]
fn truncated_frame_header() {
    let good = titled(4, "ch0", 0, 1000, "Intro");
    let at = 10 + good.len();
    let bytes = tag(4, 0, &[&good[..], b"TIT2x"].concat());
    assert_eq!(warnings(&bytes), [format!("byte {at}: truncated frame header: 10 bytes needed, 5 available")]);
}

#[test]
fn garbage_where_a_frame_should_be_ends_the_tag() {
    let good = titled(4, "ch0", 0, 1000, "Intro");
    let at = 10 + good.len();
    let after = titled(4, "ch1", 2000, 3000, "Never read");
    let bytes = tag(4, 0, &[&good[..], b"\xff\xfb\x90\x64\0\0\0\0\0\0", &after].concat());
    assert_eq!(
        warnings(&bytes),
        [format!("byte {at}: invalid frame header: \"\\xff\\xfb\\x90d\" is not a frame id, the frames after it are skipped")]
    );
    let warning = &parse(&bytes).warnings[0];
    let kind = ErrorKind::BadFrame { frame: *b"\xff\xfb\x90d", problem: FrameProblem::NotAFrameId };
    assert_eq!((warning.kind(), warning.kind().category(), warning.position()), (&kind, Category::MediaUnreadable, Position::Byte(at as u64)));
    assert_eq!(titles(&parse(&bytes)), ["Intro"]);
}

#[test]
fn zero_size_frame_is_skipped() {
    let bytes = tag(4, 0, &[frame(4, b"TIT2", &[]), titled(4, "ch0", 0, 1000, "Intro")].concat());
    assert_eq!(warnings(&bytes), ["byte 10: bad size 0 for frame \"TIT2\": skipped"]);
    let parsed = parse(&bytes);
    assert_eq!(parsed.title, None);
    assert_eq!(titles(&parsed), ["Intro"]);
}

#[test]
fn compressed_and_encrypted_frames_are_skipped() {
    let good = titled(4, "ch0", 0, 1000, "Intro");
    let compressed = frame_with(4, b"CHAP", [0, 0x09], &[&[0, 0, 0, 50][..], &chap_data("ch1", 1000, 2000, &[])].concat());
    let at = 10 + good.len();
    let bytes = tag(4, 0, &[good, compressed].concat());
    assert_eq!(warnings(&bytes), [format!("byte {at}: frame \"CHAP\" uses compression, which is not supported: skipped")]);

    // v2.3: an encrypted title in a chapter (format flag 0x40).
    let sub = frame_with(3, b"TIT2", [0, 0x40], b"\x80\0secret");
    let bytes = tag(3, 0, &chap(3, "ch0", 0, 1000, &sub));
    assert_eq!(
        warnings(&bytes),
        [
            format!("byte {FIRST_SUB_FRAME}: frame \"TIT2\" uses encryption, which is not supported: skipped"),
            "byte 10: chapter 1 has no title: named \"Chapter 1\"".to_owned(),
        ]
    );
    let sub = frame_with(3, b"TIT2", [0, 0x80], b"\0\0\0\x10x\x9c");
    assert_eq!(
        warnings(&tag(3, 0, &chap(3, "ch0", 0, 1000, &sub)))[0],
        format!("byte {FIRST_SUB_FRAME}: frame \"TIT2\" uses compression, which is not supported: skipped")
    );
}

#[test]
fn grouping_byte_and_data_length_indicator_are_skipped() {
    let sub = frame_with(4, b"TIT2", [0, 0x41], &[&[7][..], &synchsafe(6), b"\0Intro"].concat());
    let parsed = parse(&tag(4, 0, &chap(4, "ch0", 0, 1000, &sub)));
    assert_eq!(parsed.warnings, []);
    assert_eq!(titles(&parsed), ["Intro"]);

    let sub = frame_with(4, b"TIT2", [0, 0x01], b"\0\0");
    assert_eq!(
        warnings(&tag(4, 0, &chap(4, "ch0", 0, 1000, &sub)))[0],
        format!("byte {FIRST_SUB_FRAME}: truncated frame \"TIT2\": 4 bytes needed, 2 available")
    );
}

#[test]
fn id3v2_4_frames_with_plain_sizes_are_detected() {
    // A summary of 300 bytes: its plain size 0x12C read as synchsafe would be 172.
    let summary = "s".repeat(299);
    let plain = |id: &[u8; 4], data: &[u8]| [&id[..], &u32::try_from(data.len()).unwrap().to_be_bytes(), &[0, 0], data].concat();
    let subs = [plain(b"TIT2", b"\0Long one"), plain(b"TIT3", &[b"\0", summary.as_bytes()].concat())].concat();
    let first = plain(b"CHAP", &chap_data("ch0", 0, 1000, &subs));
    let second = plain(b"CHAP", &chap_data("ch1", 1000, 2000, &plain(b"TIT2", b"\0Next")));
    let parsed = parse(&tag(4, 0, &[first, second].concat()));
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["byte 10: bad size 349 for frame \"CHAP\": not synchsafe as ID3v2.4 requires, read as a plain number (the ID3v2.3 way) here and after"]
    );
    assert_eq!(titles(&parsed), ["Long one", "Next"]);
    assert_eq!(parsed.chapters.get(0).unwrap().summary, summary);
}

#[test]
fn a_synchsafe_size_that_fits_is_kept_even_when_the_plain_reading_also_could() {
    // A correct v2.4 tag whose CHAP has 197 bytes (synchsafe 00 00 01 45, 325 as a plain
    // number, in the padding too): read as synchsafe.
    let summary = "s".repeat(150);
    let subs = [text(4, b"TIT2", "Intro"), text(4, b"TIT3", &summary)].concat();
    let parsed = parse(&tag(4, 0, &[chap(4, "ch0", 0, 1000, &subs), vec![0; 400]].concat()));
    assert_eq!(parsed.warnings, []);
    assert_eq!(parsed.chapters.get(0).unwrap().summary, summary);
}

#[test]
fn unsynchronised_id3v2_3_positions_are_in_the_input() {
    // 0xFFE0 ms needs a zero inserted after 0xFF, and so do the 0xFF offsets; the bad title's
    // position must still be where its header is in the input.
    let body = chap(3, "ch0", 0xFFE0, 0x1_0000, &raw_text(3, b"TIT2", 3, b"Caf\xe9"));
    let unsynchronised: Vec<u8> = body
        .iter()
        .enumerate()
        .flat_map(|(i, &b)| {
            let next = body.get(i + 1).copied();
            if b == 0xFF && next.is_none_or(|n| n == 0 || n >= 0xE0) {
                vec![b, 0]
            } else {
                vec![b]
            }
        })
        .collect();
    let bytes = tag(3, 0x80, &unsynchronised);
    let at = bytes.windows(4).position(|w| w == b"TIT2").unwrap();
    assert_eq!(at as u64, FIRST_SUB_FRAME + 8);
    assert_eq!(warnings(&bytes), [format!("byte {at}: bad text in frame \"TIT2\": invalid UTF-8, read with replacement characters")]);
    let parsed = parse(&bytes);
    let chapter = parsed.chapters.get(0).unwrap();
    assert_eq!((chapter.start.as_millis(), chapter.title.as_str()), (0xFFE0, "Caf\u{fffd}"));
}

#[test]
fn unsynchronised_id3v2_4_frame_positions_are_in_the_input() {
    let data = chap_data("ch0", 0xFFE0, 0x1_0000, &raw_text(4, b"TIT2", 3, b"Caf\xe9"));
    let mut unsynchronised = Vec::new();
    for (i, &b) in data.iter().enumerate() {
        unsynchronised.push(b);
        if b == 0xFF && data.get(i + 1).is_none_or(|&n| n == 0 || n >= 0xE0) {
            unsynchronised.push(0);
        }
    }
    // Flagged by the frame only (not the tag header).
    let bytes = tag(4, 0, &frame_with(4, b"CHAP", [0, 0x02], &unsynchronised));
    let at = bytes.windows(4).position(|w| w == b"TIT2").unwrap();
    assert_eq!(warnings(&bytes), [format!("byte {at}: bad text in frame \"TIT2\": invalid UTF-8, read with replacement characters")]);
    assert_eq!(parse(&bytes).chapters.get(0).unwrap().start.as_millis(), 0xFFE0);
}

// ---- CHAP ----

#[test]
fn chap_without_a_nul_after_its_id() {
    let bytes = tag(4, 0, &frame(4, b"CHAP", b"chapter-one-no-terminator"));
    assert_eq!(error(&bytes), "byte 10: invalid frame \"CHAP\": the element id has no terminating NUL, skipped");
}

#[test]
fn chap_shorter_than_its_times() {
    let bytes = tag(4, 0, &frame(4, b"CHAP", b"ch0\0\0\0\0\0\0\0\x03\xe8"));
    assert_eq!(error(&bytes), "byte 10: truncated times of CHAP \"ch0\": 16 bytes needed, 8 available");
}

#[test]
fn sub_frame_past_its_chap() {
    let mut sub = text(4, b"TIT2", "Intro");
    sub[4..8].copy_from_slice(&synchsafe(100));
    let parsed = parse(&tag(4, 0, &chap(4, "ch0", 0, 1000, &sub)));
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            format!("byte {FIRST_SUB_FRAME}: truncated frame \"TIT2\": 100 bytes needed, 6 available"),
            "byte 10: chapter 1 has no title: named \"Chapter 1\"".to_owned(),
        ]
    );
    assert_eq!(titles(&parsed), ["Chapter 1"]);
}

#[test]
fn duplicate_element_ids_keep_the_first() {
    let first = titled(4, "ch0", 0, 1000, "First");
    let at = 10 + first.len();
    let bytes = tag(4, 0, &[first, titled(4, "ch0", 5000, 6000, "Second")].concat());
    assert_eq!(warnings(&bytes), [format!("byte {at}: invalid CHAP \"ch0\": the element id is used twice, the first one is kept")]);
    assert_eq!(titles(&parse(&bytes)), ["First"]);
}

#[test]
fn an_end_of_all_ones_is_unknown() {
    let bytes = tag(3, 0, &[titled(3, "a", 0, u32::MAX, "A"), titled(3, "b", 7000, u32::MAX, "B")].concat());
    let parsed = parse(&bytes);
    assert_eq!(parsed.warnings, []);
    assert_eq!(parsed.chapters.get(0).unwrap().end.unwrap().as_millis(), 7000);
    assert_eq!(parsed.chapters.get(1).unwrap().end, None);
}

#[test]
fn too_many_chapters() {
    let mut body = Vec::new();
    for i in 0..=MAX_CHAPTERS {
        body.extend(chap(4, &i.to_string(), u32::try_from(i).unwrap() * 10, u32::MAX, &[]));
    }
    let bytes = tag(4, 0, &body);
    // The 200,001st CHAP frame is the last one.
    let last = bytes.len() - chap(4, &MAX_CHAPTERS.to_string(), 0, 0, &[]).len();
    assert_eq!(error(&bytes), format!("byte {last}: more than 200000 chapters"));
}

// ---- text ----

fn titled_raw(encoding: u8, bytes: &[u8]) -> Vec<u8> {
    tag(4, 0, &chap(4, "ch0", 0, 1000, &raw_text(4, b"TIT2", encoding, bytes)))
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn utf16be(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

#[test]
fn text_encodings() {
    let cases: [(u8, Vec<u8>); 7] = [
        (0, b"Caf\xe9\0".to_vec()),
        (1, [&[0xFF, 0xFE][..], &utf16le("Café 🎙"), &[0, 0]].concat()),
        (1, [&[0xFE, 0xFF][..], &utf16be("Café 🎙")].concat()),
        (2, utf16be("Café 🎙")),
        (3, "Café 🎙\0".as_bytes().to_vec()),
        // Several values: the first is read.
        (3, b"First\0Second".to_vec()),
        (1, [&[0xFF, 0xFE][..], &utf16le("  Padded  "), &[0, 0], &[0xFF, 0xFE], &utf16le("Second")].concat()),
    ];
    let expected = ["Café", "Café 🎙", "Café 🎙", "Café 🎙", "Café 🎙", "First", "Padded"];
    for ((encoding, bytes), expected) in cases.iter().zip(expected) {
        let parsed = parse(&titled_raw(*encoding, bytes));
        assert_eq!(parsed.warnings, [], "{expected}");
        assert_eq!(titles(&parsed), [expected]);
    }
}

#[test]
fn utf16_without_a_byte_order_mark() {
    let parsed = parse(&titled_raw(1, &utf16le("Intro")));
    assert_eq!(titles(&parsed), ["Intro"]);
    assert_eq!(
        parsed.warnings[0].to_string(),
        format!("byte {FIRST_SUB_FRAME}: bad text in frame \"TIT2\": UTF-16 without a byte order mark, read as little-endian")
    );
    let parsed = parse(&titled_raw(1, &utf16be("Intro")));
    assert_eq!(titles(&parsed), ["Intro"]);
    assert_eq!(
        parsed.warnings[0].to_string(),
        format!("byte {FIRST_SUB_FRAME}: bad text in frame \"TIT2\": UTF-16 without a byte order mark, read as big-endian")
    );
}

#[test]
fn utf16_of_odd_length() {
    let parsed = parse(&titled_raw(1, &[&[0xFF, 0xFE][..], &utf16le("Hi"), b"!"].concat()));
    assert_eq!(titles(&parsed), ["Hi"]);
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!("byte {FIRST_SUB_FRAME}: bad text in frame \"TIT2\": odd number of UTF-16 bytes, the last one dropped")]
    );
}

#[test]
fn utf16_unpaired_surrogate() {
    let parsed = parse(&titled_raw(2, &[0xD8, 0x3C, 0, b'A']));
    assert_eq!(titles(&parsed), ["\u{fffd}A"]);
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!("byte {FIRST_SUB_FRAME}: bad text in frame \"TIT2\": unpaired UTF-16 surrogate, read as a replacement character")]
    );
}

#[test]
fn invalid_utf8() {
    let parsed = parse(&titled_raw(3, b"Caf\xe9 \xff"));
    assert_eq!(titles(&parsed), ["Caf\u{fffd} \u{fffd}"]);
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!("byte {FIRST_SUB_FRAME}: bad text in frame \"TIT2\": invalid UTF-8, read with replacement characters")]
    );
}

#[test]
fn unknown_text_encoding() {
    let parsed = parse(&titled_raw(7, b"Intro"));
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            format!("byte {FIRST_SUB_FRAME}: bad text in frame \"TIT2\": unknown text encoding 7, the frame is skipped"),
            "byte 10: chapter 1 has no title: named \"Chapter 1\"".to_owned(),
        ]
    );
}

// ---- links and pictures ----

#[test]
fn links_and_pictures() {
    let subs = [
        text(3, b"TIT2", "A"),
        frame(3, b"WXXX", &[&[1, 0xFF, 0xFE][..], &utf16le("Notes"), &[0, 0], b"https://example.com/a\0"].concat()),
        frame(3, b"APIC", &[&[0][..], b"JPG\0", &[3], b"\0", b"\xff\xd8\xff\xe0jpeg"].concat()),
    ]
    .concat();
    // No MIME type: guessed from the data.
    let untyped = [text(3, b"TIT2", "B"), frame(3, b"APIC", &[&[3][..], b"\0", &[3], b"desc\0", b"\x89PNG...."].concat())].concat();
    let bytes = tag(3, 0, &[chap(3, "a", 0, 1000, &subs), chap(3, "b", 1000, 2000, &untyped)].concat());
    let parsed = parse(&bytes);
    assert_eq!(parsed.warnings, []);
    assert_eq!(
        describe(&parsed),
        [
            "0-1000 \"A\" summary=\"\" url=https://example.com/a image=image/jpeg 8 bytes listed",
            "1000-2000 \"B\" summary=\"\" url=- image=image/png 8 bytes listed",
        ]
    );
}

#[test]
fn broken_links_and_pictures_are_ignored() {
    let subs = [
        text(4, b"TIT2", "A"),
        frame(4, b"WXXX", b"\x01\xff\xfeN\0o"),
        frame(4, b"APIC", b"\0image/png"),
    ]
    .concat();
    let wxxx_at = FIRST_SUB_FRAME + 12;
    let apic_at = wxxx_at + 16;
    let parsed = parse(&tag(4, 0, &chap(4, "ch0", 0, 1000, &subs)));
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            format!("byte {wxxx_at}: invalid frame \"WXXX\": the description has no terminating NUL, ignored"),
            format!("byte {apic_at}: invalid frame \"APIC\": the MIME type has no terminating NUL, ignored"),
        ]
    );
    assert_eq!(describe(&parsed), ["0-1000 \"A\" summary=\"\" url=- image=- listed"]);

    let empty = frame(4, b"APIC", b"\0image/png\0\x03\0");
    assert_eq!(
        warnings(&tag(4, 0, &chap(4, "ch0", 0, 1000, &[text(4, b"TIT2", "A"), empty].concat()))),
        [format!("byte {}: invalid frame \"APIC\": no picture data, ignored", FIRST_SUB_FRAME + 12)]
    );
}

// ---- CTOC ----

#[test]
fn ctoc_orders_and_silences() {
    let chapters = [titled(4, "c", 20, 30, "C"), titled(4, "a", 0, 10, "A"), titled(4, "b", 10, 20, "B")].concat();
    // No CTOC: all listed.
    let parsed = parse(&tag(4, 0, &[titled(4, "a", 0, 10, "A"), titled(4, "b", 10, 20, "B")].concat()));
    assert!(parsed.chapters.iter().all(|c| c.toc));
    // A CTOC listing a and c: b is silent, kept apart.
    let parsed = parse(&tag(4, 0, &[ctoc(4, "toc", TOP_LEVEL, &["a", "c"]), chapters.clone()].concat()));
    assert_eq!(parsed.warnings, []);
    assert_eq!(titles(&parsed), ["A", "C"]);
    assert_eq!(parsed.chapters.silent().iter().map(|c| (c.title.as_str(), c.toc)).collect::<Vec<_>>(), [("B", false)]);
    // Listed in an order that is not time order: the normaliser says so.
    let parsed = parse(&tag(4, 0, &[ctoc(4, "toc", TOP_LEVEL, &["c", "a"]), chapters.clone()].concat()));
    let c_at = 10 + ctoc(4, "toc", TOP_LEVEL, &["c", "a"]).len();
    let a_at = c_at + titled(4, "c", 20, 30, "C").len();
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!("byte {a_at}: chapters are not in time order: sorted by start time")]
    );
    assert_eq!(titles(&parsed), ["A", "C"]);
    // Nested tables are followed; the non-top-level one alone does not list anything.
    let bytes = tag(
        4,
        0,
        &[ctoc(4, "part2", 0x01, &["c"]), ctoc(4, "toc", TOP_LEVEL, &["a", "part2"]), chapters.clone()].concat(),
    );
    let parsed = parse(&bytes);
    assert_eq!(parsed.warnings, []);
    assert_eq!(titles(&parsed), ["A", "C"]);
    assert_eq!(parsed.chapters.silent().len(), 1);
}

#[test]
fn without_a_table_the_frames_are_put_in_time_order() {
    let bytes = tag(4, 0, &[titled(4, "b", 10, 20, "B"), titled(4, "a", 0, 10, "A")].concat());
    let parsed = parse(&bytes);
    assert_eq!(parsed.warnings, []);
    assert_eq!(titles(&parsed), ["A", "B"]);
}

#[test]
fn a_table_that_lists_no_chapter_is_ignored() {
    let bytes = tag(4, 0, &[ctoc(4, "toc", TOP_LEVEL, &[]), titled(4, "a", 0, 10, "A")].concat());
    let parsed = parse(&bytes);
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["byte 10: invalid CTOC \"toc\": it lists no chapter, every CHAP is listed instead"]
    );
    assert_eq!(titles(&parsed), ["A"]);
}

#[test]
fn ctoc_count_larger_than_its_entries() {
    let mut toc = ctoc(4, "toc", TOP_LEVEL, &["a", "b"]);
    toc[10 + 5] = 5;
    let bytes = tag(4, 0, &[toc, titled(4, "a", 0, 10, "A"), titled(4, "b", 10, 20, "B")].concat());
    assert_eq!(warnings(&bytes), ["byte 10: invalid CTOC \"toc\": 5 entries declared, 2 present"]);
    assert!(parse(&bytes).chapters.iter().all(|c| c.toc));
}

#[test]
fn ctoc_listing_unknown_ids() {
    let bytes = tag(4, 0, &[ctoc(4, "toc", TOP_LEVEL, &["a", "ch9"]), titled(4, "a", 0, 10, "A")].concat());
    assert_eq!(warnings(&bytes), ["byte 10: invalid CTOC \"toc\": entry \"ch9\" names no CHAP or CTOC frame, ignored"]);
    let kind = ErrorKind::BadToc { id: "toc".into(), problem: TocProblem::NoSuchEntry("ch9".into()) };
    assert_eq!(parse(&bytes).warnings[0].kind(), &kind);
}

#[test]
fn ctoc_cut_short_or_without_nul() {
    let chapter = titled(4, "a", 0, 10, "A");
    let bytes = tag(4, 0, &[frame(4, b"CTOC", b"toc\0"), chapter.clone()].concat());
    assert_eq!(warnings(&bytes), ["byte 10: truncated CTOC \"toc\": 2 bytes needed, 0 available"]);
    let bytes = tag(4, 0, &[frame(4, b"CTOC", b"toc"), chapter].concat());
    assert_eq!(warnings(&bytes), ["byte 10: invalid frame \"CTOC\": the element id has no terminating NUL, skipped"]);
}

#[test]
fn without_a_top_level_flag_the_root_table_is_used() {
    let chapters = [titled(4, "a", 0, 10, "A"), titled(4, "b", 10, 20, "B")].concat();
    let bytes = tag(4, 0, &[ctoc(4, "toc", 0x01, &["a"]), chapters.clone()].concat());
    let parsed = parse(&bytes);
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["byte 10: invalid CTOC \"toc\": no CTOC is marked top-level, this one is used as the table of contents"]
    );
    assert_eq!(titles(&parsed), ["A"]);
    assert_eq!(parsed.chapters.silent().len(), 1);

    let second = ctoc(4, "other", TOP_LEVEL, &["b"]);
    let first = ctoc(4, "toc", TOP_LEVEL, &["a"]);
    let at = 10 + first.len();
    let bytes = tag(4, 0, &[first, second, chapters].concat());
    assert_eq!(warnings(&bytes), [format!("byte {at}: invalid CTOC \"other\": a second top-level table of contents, ignored")]);
}

#[test]
fn ctoc_cycles_end() {
    let bytes = tag(
        4,
        0,
        &[ctoc(4, "toc", TOP_LEVEL, &["x", "b"]), ctoc(4, "x", 0, &["toc", "x", "a"]), titled(4, "a", 0, 10, "A"), titled(4, "b", 10, 20, "B")]
            .concat(),
    );
    let parsed = parse(&bytes);
    assert_eq!(parsed.warnings, []);
    assert!(parsed.chapters.iter().all(|c| c.toc));
}

#[test]
fn the_episode_title_is_the_top_level_tit2() {
    let bytes = tag(3, 0, &[text(3, b"TIT2", "  Episode 1  "), text(3, b"TIT2", "Ignored"), titled(3, "a", 0, 10, "A")].concat());
    assert_eq!(parse(&bytes).title.as_deref(), Some("Episode 1"));
}

// ---- hostile sizes ----

/// Inputs built to make a careless reader slow (quadratic scans, a warning or an allocation per
/// byte) are read in one pass: each of these takes well under a second.
#[test]
fn hostile_tags_are_read_in_linear_time() {
    let started = std::time::Instant::now();

    // 2 MiB of empty title frames: one warning each, no chapters.
    let body = b"TIT2\0\0\0\0\0\0".repeat(200_000);
    assert_eq!(error(&tag(4, 0, &body)), "byte 10: bad size 0 for frame \"TIT2\": skipped");

    // Frames whose synchsafe size lands on the next frame and whose plain size (4× larger)
    // lands in zeros, then 2 MiB of zeros: read as synchsafe, the zeros scanned at most once.
    let mut body = Vec::new();
    for _ in 0..100 {
        body.extend_from_slice(b"TXXX\0\x01\0\0\0\0");
        body.extend_from_slice(&[0; 16_383]);
        body.push(1);
    }
    body.extend(frame(4, b"TYYY", &vec![0; 2 << 20]));
    body.extend(titled(4, "ch0", 0, 1000, "Found"));
    assert_eq!(titles(&parse(&tag(4, 0, &body))), ["Found"]);

    // A table of contents whose entries form long cycles through 2,000 tables.
    let mut body = titled(4, "a", 0, 10, "A");
    for k in 0..2_000 {
        let entries: Vec<String> = (1..255).map(|j| format!("t{}", (k + j) % 2_000)).chain(["last".to_owned()]).collect();
        let entries: Vec<&str> = entries.iter().map(String::as_str).collect();
        body.extend(ctoc(4, &format!("t{k}"), if k == 0 { TOP_LEVEL } else { 0 }, &entries));
    }
    body.extend(ctoc(4, "last", 0, &["a"]));
    let parsed = parse(&tag(4, 0, &body));
    assert_eq!(parsed.warnings, []);
    assert_eq!(titles(&parsed), ["A"]);

    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn a_picture_that_is_not_a_raster_image_is_ignored() {
    // APIC: encoding, MIME, picture type, description, data.
    let apic = |mime: &str, data: &[u8]| frame(4, b"APIC", &[&[0][..], mime.as_bytes(), &[0, 3, 0], data].concat());
    let with = |mime: &str, data: &[u8]| {
        let sub = [text(4, b"TIT2", "Intro"), apic(mime, data)].concat();
        parse(&tag(4, 0, &chap(4, "c1", 0, 5000, &sub)))
    };
    // SVG can hold script, HTML is a page: a blob: URL of either, opened alone, would run it.
    for (mime, data) in [("image/svg+xml", &b"<svg onload=alert(1)>"[..]), ("text/html", b"<script>alert(1)</script>"), ("", b"<svg/>")] {
        let parsed = with(mime, data);
        assert_eq!(parsed.chapters.get(0).unwrap().image, None, "{mime}");
        assert_eq!(
            warnings(&tag(4, 0, &chap(4, "c1", 0, 5000, &[text(4, b"TIT2", "Intro"), apic(mime, data)].concat()))),
            [format!("byte 55: invalid frame \"APIC\": a picture of type \"{mime}\", which is not an image a page shows, ignored")],
            "{mime}"
        );
    }
    // Short and sloppy forms, and an empty type guessed from the bytes.
    for (mime, data, shown) in [("JPG", &b"\xff\xd8\xff\xe0"[..], "image/jpeg"), ("image/jpg", b"\xff\xd8\xff", "image/jpeg"), ("", b"GIF89a..", "image/gif")] {
        let Some(ChapterImage::Embedded { mime: got, .. }) = with(mime, data).chapters.get(0).unwrap().image.clone() else { panic!("{mime}") };
        assert_eq!(got, shown);
    }
}
