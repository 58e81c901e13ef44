//! The MP4 chapter reader: files ffmpeg wrote (tests/fixtures/make-media-fixtures.sh) and
//! hand-built boxes, good and bad.

use episode_chapters::diagnostics::{BoxProblem, TextPlace, TextProblem, TrackProblem};
use episode_chapters::formats::{mp4, MAX_CHAPTERS, MAX_INPUT_BYTES};
use episode_chapters::{Category, ErrorKind};

mod common;
use common::{find, summary, warnings};
use proptest::prelude::*;

const M4A: &[u8] = include_bytes!("fixtures/mp4/ffmpeg.m4a");
const FASTSTART: &[u8] = include_bytes!("fixtures/mp4/ffmpeg-faststart.m4a");

/// What ffprobe -show_chapters reports for the fixtures: start, end (ms), title.
const FFPROBE: [(u64, u64, &str); 4] =
    [(0, 5000, "Intro"), (5000, 12_345, "Café ☕"), (12_345, 17_000, "Main topic"), (17_000, 20_000, "Outro")];

fn error(bytes: &[u8]) -> String {
    mp4::parse(bytes).unwrap_err().to_string()
}


// ---- building boxes ----

fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let size = u32::try_from(body.len() + 8).unwrap();
    [&size.to_be_bytes()[..], kind, body].concat()
}

fn full(kind: &[u8; 4], version: u8, body: &[u8]) -> Vec<u8> {
    boxed(kind, &[&[version, 0, 0, 0][..], body].concat())
}

/// A version 1 `chpl` as ffmpeg writes it: 4 zero bytes, a u8 count, then the chapters.
fn chpl(count: u8, chapters: &[(u64, &[u8])]) -> Vec<u8> {
    let mut body = vec![0, 0, 0, 0, count];
    for (start, title) in chapters {
        body.extend(start.to_be_bytes());
        body.push(u8::try_from(title.len()).unwrap());
        body.extend(*title);
    }
    full(b"chpl", 1, &body)
}

fn moov_udta(chpl: &[u8]) -> Vec<u8> {
    [boxed(b"ftyp", b"M4A \0\0\0\0"), boxed(b"moov", &boxed(b"udta", chpl))].concat()
}

fn nero(chapters: &[(u64, &[u8])]) -> Vec<u8> {
    moov_udta(&chpl(u8::try_from(chapters.len()).unwrap(), chapters))
}

const NERO_TWO: [(u64, &[u8]); 2] = [(0, b"One"), (50_000_000, b"Two")];

fn u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_be_bytes()).collect()
}

/// A file with an audio track (id 1) whose `tref/chap` names track `chap_ref`, and a text
/// track (id 2) with the given sample tables; the samples are in `mdat` right after `ftyp`.
#[derive(Clone)]
struct Qt {
    samples: Vec<Vec<u8>>,
    durations: Vec<u32>,
    timescale: u32,
    handler: [u8; 4],
    chap_ref: u32,
    stts: Option<Vec<u8>>,
    stsz: Option<Vec<u8>>,
    stsc: Option<Vec<u8>>,
    stco: Option<Vec<u8>>,
    extra_udta: Vec<u8>,
}

fn sample(title: &[u8]) -> Vec<u8> {
    [&u16::try_from(title.len()).unwrap().to_be_bytes()[..], title, &[0, 0, 0, 12], b"encd", &[0, 0, 1, 0]].concat()
}

impl Qt {
    fn new(titles: &[&str], durations: &[u32]) -> Self {
        Qt {
            samples: titles.iter().map(|t| sample(t.as_bytes())).collect(),
            durations: durations.to_vec(),
            timescale: 1000,
            handler: *b"text",
            chap_ref: 2,
            stts: None,
            stsz: None,
            stsc: None,
            stco: None,
            extra_udta: Vec::new(),
        }
    }

    const FTYP_LEN: usize = 16;

    fn mdat_start(&self) -> u32 {
        u32::try_from(Self::FTYP_LEN + 8).unwrap()
    }

    fn build(&self) -> Vec<u8> {
        let count = u32::try_from(self.samples.len()).unwrap();
        let stts = self.stts.clone().unwrap_or_else(|| {
            let entries: Vec<u32> = self.durations.iter().flat_map(|&d| [1, d]).collect();
            full(b"stts", 0, &[u32s(&[u32::try_from(self.durations.len()).unwrap()]), u32s(&entries)].concat())
        });
        let stsz = self.stsz.clone().unwrap_or_else(|| {
            let sizes: Vec<u32> = self.samples.iter().map(|s| u32::try_from(s.len()).unwrap()).collect();
            full(b"stsz", 0, &[u32s(&[0, count]), u32s(&sizes)].concat())
        });
        let stsc = self.stsc.clone().unwrap_or_else(|| full(b"stsc", 0, &u32s(&[1, 1, count, 1])));
        let stco = self.stco.clone().unwrap_or_else(|| full(b"stco", 0, &u32s(&[1, self.mdat_start()])));
        let stbl = boxed(b"stbl", &[stts, stsz, stsc, stco].concat());
        let mdhd = full(b"mdhd", 0, &u32s(&[0, 0, self.timescale, self.durations.iter().sum(), 0]));
        let hdlr = full(b"hdlr", 0, &[&[0, 0, 0, 0][..], &self.handler, &[0; 13]].concat());
        let mdia = boxed(b"mdia", &[mdhd, hdlr, boxed(b"minf", &stbl)].concat());
        let tkhd = |id: u32| full(b"tkhd", 0, &u32s(&[0, 0, id, 0, 0]));
        let audio = boxed(b"trak", &[tkhd(1), boxed(b"tref", &boxed(b"chap", &u32s(&[self.chap_ref])))].concat());
        let text = boxed(b"trak", &[tkhd(2), mdia].concat());
        let udta = if self.extra_udta.is_empty() { Vec::new() } else { boxed(b"udta", &self.extra_udta) };
        let ftyp = boxed(b"ftyp", b"M4A \0\0\0\0");
        assert_eq!(ftyp.len(), Self::FTYP_LEN);
        [ftyp, boxed(b"mdat", &self.samples.concat()), boxed(b"moov", &[audio, text, udta].concat())].concat()
    }
}

fn three() -> Qt {
    Qt::new(&["Intro", "Café ☕", "Outro"], &[5000, 7345, 3000])
}

// ---- the ffmpeg fixtures ----

#[test]
fn ffmpeg_fixture_reads_exactly_what_ffprobe_shows() {
    for file in [M4A, FASTSTART] {
        let parsed = mp4::parse(file).unwrap();
        assert_eq!(warnings(&parsed), Vec::<String>::new());
        assert_eq!(parsed.title.as_deref(), Some("Episode"));
        let expected: Vec<_> = FFPROBE.iter().map(|&(s, e, t)| (s, Some(e), t.to_owned())).collect();
        assert_eq!(summary(&parsed), expected);
    }
}

#[test]
fn ffmpeg_starts_its_chapter_track_at_0_and_so_does_ffprobe() {
    // The chpl list says "Late" starts at 3 s; the chapter track (and ffprobe) at 0.
    let file = include_bytes!("fixtures/mp4/ffmpeg-late-start.m4a");
    let parsed = mp4::parse(file).unwrap();
    assert_eq!(summary(&parsed), [(0, Some(9000), "Late".to_owned()), (9000, Some(12_000), "Gap".to_owned())]);
    assert_eq!(
        warnings(&parsed),
        [format!(
            "byte {}: the QuickTime chapter track and the Nero chapter list (chpl) differ: the QuickTime chapter track is read",
            find(file, b"chpl") - 4
        )]
    );
    assert_eq!(parsed.title, None);
}

#[test]
fn the_chapter_samples_are_where_the_positions_say() {
    let parsed = mp4::parse(M4A).unwrap();
    let first = parsed.chapters.get(0).unwrap().position;
    assert_eq!(first, episode_chapters::Position::Byte(u64::try_from(find(M4A, b"\0\x05Intro")).unwrap()));
}

#[test]
fn nero_chapters_alone_when_the_chapter_track_is_not_referenced() {
    let mut file = M4A.to_vec();
    let at = find(&file, b"chap");
    file[at..at + 4].copy_from_slice(b"xhap");
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    let expected: Vec<_> = FFPROBE.iter().enumerate().map(|(i, &(s, e, t))| (s, (i < 3).then_some(e), t.to_owned())).collect();
    assert_eq!(summary(&parsed), expected);
}

#[test]
fn the_chapter_track_alone_when_there_is_no_chpl() {
    let mut file = FASTSTART.to_vec();
    let at = find(&file, b"chpl");
    file[at..at + 4].copy_from_slice(b"xhpl");
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(summary(&parsed).len(), 4);
    assert_eq!(summary(&parsed)[3], (17_000, Some(20_000), "Outro".to_owned()));
}

#[test]
fn the_chapter_track_wins_over_a_chpl_that_differs() {
    let mut file = M4A.to_vec();
    let chpl = find(&file, b"chpl");
    let at = chpl + find(&file[chpl..], b"Intro");
    file[at..at + 5].copy_from_slice(b"Intra");
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(
        warnings(&parsed),
        [format!(
            "byte {}: the QuickTime chapter track and the Nero chapter list (chpl) differ: the QuickTime chapter track is read",
            chpl - 4
        )]
    );
    assert_eq!(parsed.chapters.get(0).unwrap().title, "Intro");
}

// ---- hand-built good cases ----

#[test]
fn the_documentation_example() {
    let chpl = [&[1, 0, 0, 0, 0, 0, 0, 0, 1][..], &50_000_000u64.to_be_bytes(), &[5], b"Intro"].concat();
    let file = boxed(b"moov", &boxed(b"udta", &boxed(b"chpl", &chpl)));
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(parsed.chapters.get(0).unwrap().start.as_millis(), 5_000);
    assert_eq!(parsed.chapters.get(0).unwrap().title, "Intro");
    assert_eq!(error(&file[..20]), "byte 0: truncated box \"moov\": 47 bytes needed, 20 available");
}

#[test]
fn chpl_version_0_has_the_count_right_after_the_flags() {
    let body = [&[1u8][..], &0u64.to_be_bytes(), &[2], b"Hi"].concat();
    let file = moov_udta(&full(b"chpl", 0, &body));
    assert_eq!(summary(&mp4::parse(&file).unwrap()), [(0, None, "Hi".to_owned())]);
}

#[test]
fn chpl_as_mp4v2_writes_it_with_a_u32_count() {
    let body = [&[0u8, 0, 0, 0, 2][..], &0u64.to_be_bytes(), &[1], b"A", &10_000_000u64.to_be_bytes(), &[1], b"B"].concat();
    let parsed = mp4::parse(&moov_udta(&full(b"chpl", 1, &body))).unwrap();
    assert_eq!(summary(&parsed), [(0, Some(1000), "A".to_owned()), (1000, None, "B".to_owned())]);
}

#[test]
fn chpl_starts_round_to_the_nearest_millisecond() {
    let parsed = mp4::parse(&nero(&[(123_454_999, b"A"), (123_465_000, b"B")])).unwrap();
    assert_eq!(summary(&parsed)[0].0, 12_345);
    assert_eq!(summary(&parsed)[1].0, 12_347);
}

#[test]
fn size_0_runs_to_the_end_of_the_file() {
    let mut file = nero(&NERO_TWO);
    file[16..20].copy_from_slice(&[0, 0, 0, 0]);
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn size_1_means_a_64_bit_size_follows() {
    let inner = boxed(b"udta", &chpl(2, &NERO_TWO));
    let moov = [&1u32.to_be_bytes()[..], b"moov", &u64::try_from(inner.len() + 16).unwrap().to_be_bytes(), &inner].concat();
    let parsed = mp4::parse(&[boxed(b"ftyp", b"M4A "), moov].concat()).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn a_chapter_track_with_co64_and_several_samples_per_chunk() {
    let mut qt = three();
    qt.stco = Some(full(b"co64", 0, &[u32s(&[1]), u64::from(qt.mdat_start()).to_be_bytes().to_vec()].concat()));
    let parsed = mp4::parse(&qt.build()).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(
        summary(&parsed),
        [(0, Some(5000), "Intro".to_owned()), (5000, Some(12_345), "Café ☕".to_owned()), (12_345, Some(15_345), "Outro".to_owned())]
    );
}

#[test]
fn a_chapter_track_with_one_sample_per_chunk_and_a_timescale() {
    let mut qt = three();
    qt.timescale = 600;
    qt.durations = vec![600, 901, 60];
    let start = qt.mdat_start();
    let (a, b) = (u32::try_from(qt.samples[0].len()).unwrap(), u32::try_from(qt.samples[1].len()).unwrap());
    qt.stsc = Some(full(b"stsc", 0, &u32s(&[1, 1, 1, 1])));
    qt.stco = Some(full(b"stco", 0, &u32s(&[3, start, start + a, start + a + b])));
    let parsed = mp4::parse(&qt.build()).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(
        summary(&parsed),
        [(0, Some(1000), "Intro".to_owned()), (1000, Some(2502), "Café ☕".to_owned()), (2502, Some(2602), "Outro".to_owned())]
    );
}

#[test]
fn utf16_titles_after_a_byte_order_mark() {
    let mut qt = Qt::new(&[], &[1000]);
    let title: Vec<u8> = [0xFE, 0xFF].into_iter().chain("Café ☕".encode_utf16().flat_map(u16::to_be_bytes)).collect();
    qt.samples = vec![sample(&title)];
    assert_eq!(summary(&mp4::parse(&qt.build()).unwrap()), [(0, Some(1000), "Café ☕".to_owned())]);
}

#[test]
fn a_utf16_title_with_an_odd_byte_and_an_unpaired_surrogate() {
    let mut qt = three();
    // "\u{d800}A" and a stray byte.
    qt.samples[0] = sample(&[0xFE, 0xFF, 0xD8, 0x00, 0x00, b'A', b'B']);
    let parsed = mp4::parse(&qt.build()).unwrap();
    assert_eq!(
        warnings(&parsed),
        [
            "byte 28: bad text in sample 1 of chapter track 2: odd number of UTF-16 bytes, the last one dropped",
            "byte 28: bad text in sample 1 of chapter track 2: unpaired UTF-16 surrogate, read as a replacement character",
        ]
    );
    let place = TextPlace::Sample { track: 2, sample: 1 };
    assert_eq!(parsed.warnings[1].kind(), &ErrorKind::BadText { place, problem: TextProblem::UnpairedSurrogate });
    assert_eq!(parsed.chapters.get(0).unwrap().title, "\u{fffd}A");
}

#[test]
fn a_referenced_video_track_holds_images_and_is_passed_over() {
    let mut qt = three();
    qt.handler = *b"vide";
    qt.extra_udta = chpl(2, &NERO_TWO);
    let parsed = mp4::parse(&qt.build()).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(summary(&parsed), [(0, Some(5000), "One".to_owned()), (5000, None, "Two".to_owned())]);
}

// ---- hand-built bad input: each with its exact message ----

#[test]
fn empty_and_tiny_input() {
    assert_eq!(error(b""), "the chapter source is empty");
    assert_eq!(error(b"\0\0\0\x10f"), "byte 0: truncated box header: 8 bytes needed, 5 available");
    assert_eq!(error(b"\0\0\0\x08\xff\0\0\0"), "byte 0: no MP4 box: the file does not start with a box header");
    assert_eq!(error(b"OggS\0\x02\0\0\0\0"), "byte 0: no MP4 box: the file does not start with a box header");
}

#[test]
fn a_box_past_the_end_is_read_as_far_as_it_goes() {
    let mut file = nero(&NERO_TWO);
    let moov_size = u32::try_from(file.len() - 16 + 100).unwrap();
    file[16..20].copy_from_slice(&moov_size.to_be_bytes());
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte 16: truncated box \"moov\": {moov_size} bytes needed, {} available", file.len() - 16)]);
    assert_eq!(parsed.chapters.len(), 2);
    // Cut inside the chpl: the moov is reported, not every box inside it.
    let cut = &file[..file.len() - 2];
    assert_eq!(
        warnings(&mp4::parse(cut).unwrap()),
        [
            format!("byte 16: truncated box \"moov\": {moov_size} bytes needed, {} available", cut.len() - 16),
            "byte 70: truncated title of chpl chapter 2: 3 bytes needed, 1 available".to_owned(),
        ]
    );
}

#[test]
fn a_box_past_the_end_with_nothing_readable_is_the_error() {
    let file = nero(&NERO_TWO);
    assert_eq!(error(&file[..30]), format!("byte 16: truncated box \"moov\": {} bytes needed, 14 available", file.len() - 16));
}

#[test]
fn a_huge_64_bit_size() {
    let inner = boxed(b"udta", &chpl(2, &NERO_TWO));
    let moov = [&1u32.to_be_bytes()[..], b"moov", &u64::MAX.to_be_bytes(), &inner].concat();
    let file = [boxed(b"ftyp", b"M4A "), moov].concat();
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte 12: truncated box \"moov\": {} bytes needed, {} available", u64::MAX, file.len() - 12)]);
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn a_64_bit_size_cut_off() {
    let file = [boxed(b"ftyp", b"M4A "), [&1u32.to_be_bytes()[..], b"moov", &[0, 0, 0, 0]].concat()].concat();
    assert_eq!(error(&file), "byte 12: truncated 64-bit size of box \"moov\": 16 bytes needed, 12 available");
}

#[test]
fn a_64_bit_size_smaller_than_its_header() {
    let file = [boxed(b"ftyp", b"M4A "), [&1u32.to_be_bytes()[..], b"moov", &8u64.to_be_bytes()].concat()].concat();
    assert_eq!(error(&file), "byte 12: bad size 8 for box \"moov\": smaller than the box header: the rest of the enclosing box is skipped");
}

#[test]
fn a_size_smaller_than_8_ends_its_container() {
    let udta = boxed(b"udta", &chpl(2, &NERO_TWO));
    let bad = [&4u32.to_be_bytes()[..], b"free"].concat();
    let file = [boxed(b"ftyp", b"M4A "), boxed(b"moov", &[udta.clone(), bad.clone(), udta].concat())].concat();
    let parsed = mp4::parse(&file).unwrap();
    let at = 12 + 8 + (udta_len(&file));
    assert_eq!(warnings(&parsed), [format!("byte {at}: bad size 4 for box \"free\": smaller than the box header: the rest of the enclosing box is skipped")]);
    assert_eq!(parsed.chapters.len(), 2);
    // Before the chapters: nothing is read.
    let file = [boxed(b"ftyp", b"M4A "), boxed(b"moov", &[bad, boxed(b"udta", &chpl(2, &NERO_TWO))].concat())].concat();
    assert_eq!(error(&file), "byte 20: bad size 4 for box \"free\": smaller than the box header: the rest of the enclosing box is skipped");
}

/// Where the second `trak` (the text track, id 2) starts.
fn text_trak(file: &[u8]) -> usize {
    let first = find(file, b"trak");
    first + 4 + find(&file[first + 4..], b"trak") - 4
}

fn udta_len(file: &[u8]) -> usize {
    let at = find(file, b"udta") - 4;
    usize::try_from(u32::from_be_bytes(file[at..at + 4].try_into().unwrap())).unwrap()
}

#[test]
fn a_truncated_box_header_at_the_end_of_a_container() {
    let udta = boxed(b"udta", &chpl(2, &NERO_TWO));
    let file = [boxed(b"ftyp", b"M4A "), boxed(b"moov", &[udta.clone(), vec![0, 0, 0, 9, b'f']].concat())].concat();
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte {}: truncated box header: 8 bytes needed, 5 available", 20 + udta.len())]);
}

#[test]
fn a_nested_depth_bomb_does_not_reach_the_stack() {
    const DEPTH: usize = 200_000;
    let mut file = boxed(b"ftyp", b"M4A ");
    for level in 0..DEPTH {
        let kind = if level == 0 { b"moov" } else { b"udta" };
        file.extend(u32::try_from(8 * (DEPTH - level)).unwrap().to_be_bytes());
        file.extend(kind);
    }
    assert_eq!(
        error(&file),
        "no chapters found: expected a QuickTime chapter track (tref/chap) or a Nero chapter list (moov/udta/chpl)"
    );
}

#[test]
fn chpl_count_larger_than_present() {
    let file = moov_udta(&chpl(3, &NERO_TWO));
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), ["byte 32: invalid box \"chpl\": 3 chapters declared, 2 present"]);
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn chpl_entry_cut_inside_its_start() {
    // The chpl box starts at 32, its chapters at 49: "One" takes 12 bytes, then 4 of the next.
    let entries = chpl(2, &NERO_TWO)[17..].to_vec();
    let file = moov_udta(&full(b"chpl", 1, &[&[0u8, 0, 0, 0, 2][..], &entries[..16]].concat()));
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), ["byte 61: truncated chpl chapter 2: 9 bytes needed, 4 available"]);
    assert_eq!(summary(&parsed), [(0, None, "One".to_owned())]);
}

#[test]
fn chpl_title_length_past_the_end() {
    let mut box_ = chpl(2, &NERO_TWO);
    let len_at = box_.len() - 4;
    box_[len_at] = 50;
    let parsed = mp4::parse(&moov_udta(&box_)).unwrap();
    assert_eq!(warnings(&parsed), ["byte 70: truncated title of chpl chapter 2: 50 bytes needed, 3 available"]);
    assert_eq!(summary(&parsed), [(0, None, "One".to_owned())]);
}

#[test]
fn chpl_title_that_is_not_utf8() {
    let parsed = mp4::parse(&nero(&[(0, b"Caf\xe9 au lait")])).unwrap();
    assert_eq!(warnings(&parsed), ["byte 61: bad text in title of chpl chapter 1: invalid UTF-8, read with replacement characters"]);
    assert_eq!(parsed.chapters.get(0).unwrap().title, "Caf\u{fffd} au lait");
}

#[test]
fn chpl_title_cut_inside_a_character_at_255_bytes_by_ffmpeg() {
    let mut title = "a".repeat(254).into_bytes();
    title.push(0xE2);
    let parsed = mp4::parse(&nero(&[(0, &title)])).unwrap();
    assert_eq!(warnings(&parsed), Vec::<String>::new());
    assert_eq!(parsed.chapters.get(0).unwrap().title, "a".repeat(254));
}

#[test]
fn chpl_versions_other_than_0_and_1() {
    let file = moov_udta(&full(b"chpl", 2, &[0, 0, 0, 0, 0]));
    assert_eq!(error(&file), "byte 32: unsupported chpl version 2: only versions 0 and 1 can be read");
}

#[test]
fn chpl_start_beyond_the_largest_time() {
    let parsed = mp4::parse(&nero(&[(0, b"A"), (u64::MAX, b"B")])).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte 59: invalid chpl chapter 2: start {} (100 ns units) is too large: skipped", u64::MAX)]);
}

#[test]
fn stts_and_stsz_that_disagree() {
    let mut qt = three();
    qt.stsz = Some(full(b"stsz", 0, &[u32s(&[0, 2]), u32s(&[qt.samples[0].len() as u32, qt.samples[1].len() as u32])].concat()));
    let file = qt.build();
    let stsz = find(&file, b"stsz") - 4;
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte {stsz}: invalid chapter track 2: stts has 3 samples, stsz 2: 2 read")]);
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn stts_with_more_entries_declared_than_present() {
    let mut qt = three();
    qt.stts = Some(full(b"stts", 0, &u32s(&[5, 1, 5000, 1, 7345, 1, 3000])));
    let file = qt.build();
    let stts = find(&file, b"stts") - 4;
    assert_eq!(warnings(&mp4::parse(&file).unwrap()), [format!("byte {stts}: invalid box \"stts\": 5 entries declared, 3 present")]);
}

#[test]
fn stsz_with_more_sizes_declared_than_present() {
    let mut qt = three();
    let sizes: Vec<u32> = qt.samples.iter().map(|s| s.len() as u32).collect();
    qt.stsz = Some(full(b"stsz", 0, &[u32s(&[0, 4]), u32s(&sizes)].concat()));
    let file = qt.build();
    let stsz = find(&file, b"stsz") - 4;
    assert_eq!(warnings(&mp4::parse(&file).unwrap()), [format!("byte {stsz}: invalid box \"stsz\": 4 sizes declared, 3 present")]);
}

#[test]
fn stco_with_too_few_chunks_for_the_samples() {
    let mut qt = three();
    qt.stsc = Some(full(b"stsc", 0, &u32s(&[1, 1, 1, 1])));
    let file = qt.build();
    let stsc = find(&file, b"stsc") - 4;
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), [format!("byte {stsc}: invalid chapter track 2: stsc and \"stco\" place 1 of 3 samples: the rest are skipped")]);
    assert_eq!(summary(&parsed), [(0, Some(5000), "Intro".to_owned())]);
}

#[test]
fn stco_pointing_past_the_end_of_the_file() {
    let mut qt = three();
    qt.stco = Some(full(b"stco", 0, &u32s(&[1, 1_000_000])));
    let file = qt.build();
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(
        warnings(&parsed)[0],
        format!("byte {}: truncated sample 1 of chapter track 2: 19 bytes needed, 0 available", file.len())
    );
    assert_eq!(parsed.chapters.get(2).unwrap().title, "Chapter 3");
}

#[test]
fn a_sample_title_longer_than_its_sample() {
    let mut qt = three();
    qt.samples[0] = [&[0u8, 40][..], b"Intro"].concat();
    let file = qt.build();
    let parsed = mp4::parse(&file).unwrap();
    assert_eq!(warnings(&parsed), ["byte 24: truncated title of sample 1 of chapter track 2: 40 bytes needed, 5 available"]);
    assert_eq!(parsed.chapters.get(0).unwrap().title, "Intro");
}

#[test]
fn a_sample_title_that_is_not_utf8() {
    let mut qt = three();
    qt.samples[0] = sample(b"Caf\xe9");
    let parsed = mp4::parse(&qt.build()).unwrap();
    assert_eq!(warnings(&parsed), ["byte 29: bad text in sample 1 of chapter track 2: invalid UTF-8, read with replacement characters"]);
}

#[test]
fn a_chapter_reference_to_a_missing_track() {
    let mut qt = three();
    qt.chap_ref = 7;
    let file = qt.build();
    let chap = find(&file, b"chap") - 4;
    let message = format!("byte {chap}: invalid chapter track reference: track 7 does not exist");
    assert_eq!(error(&file), message);
    let err = mp4::parse(&file).unwrap_err();
    let kind = ErrorKind::BadBox { kind: *b"chap", problem: BoxProblem::NoSuchTrack(7) };
    assert_eq!((err.kind(), err.kind().category()), (&kind, Category::MediaUnreadable));
    // With a chpl to fall back on.
    qt.extra_udta = chpl(2, &NERO_TWO);
    let parsed = mp4::parse(&qt.build()).unwrap();
    assert_eq!(warnings(&parsed), [message]);
    assert_eq!(parsed.chapters.len(), 2);
}

#[test]
fn a_chapter_track_that_is_not_text() {
    let mut qt = three();
    qt.handler = *b"soun";
    let file = qt.build();
    assert_eq!(error(&file), format!("byte {}: invalid chapter track 2: handler \"soun\" is not a text track: skipped", text_trak(&file)));
}

#[test]
fn a_chapter_track_without_stts() {
    let mut qt = three();
    qt.stts = Some(boxed(b"free", b""));
    let file = qt.build();
    let stbl = find(&file, b"stbl") - 4;
    assert_eq!(error(&file), format!("byte {stbl}: invalid chapter track 2: no \"stts\" box: skipped"));
    let kind = ErrorKind::BadChapterTrack { track: 2, problem: TrackProblem::MissingBox(*b"stts") };
    assert_eq!(mp4::parse(&file).unwrap_err().kind(), &kind);
}

#[test]
fn a_chapter_track_with_timescale_0() {
    let mut qt = three();
    qt.timescale = 0;
    let file = qt.build();
    assert_eq!(error(&file), format!("byte {}: invalid chapter track 2: no timescale (mdia/mdhd): skipped", text_trak(&file)));
}

#[test]
fn more_than_max_chapters() {
    let mut qt = three();
    qt.stts = Some(full(b"stts", 0, &u32s(&[1, u32::try_from(MAX_CHAPTERS).unwrap() + 1, 1])));
    let file = qt.build();
    let stts = find(&file, b"stts") - 4;
    assert_eq!(error(&file), format!("byte {stts}: more than {MAX_CHAPTERS} chapters"));

    let many: Vec<(u64, &[u8])> = (0..=MAX_CHAPTERS as u64).map(|i| (i * 10_000, &b"x"[..])).collect();
    // As mp4v2 writes it: a zero byte and a u32 count.
    let mut body = [&[0u8][..], &u32::try_from(many.len()).unwrap().to_be_bytes()].concat();
    for (start, title) in &many {
        body.extend(start.to_be_bytes());
        body.push(1);
        body.extend(*title);
    }
    let file = moov_udta(&full(b"chpl", 1, &body));
    assert_eq!(error(&file), format!("byte {}: more than {MAX_CHAPTERS} chapters", 49 + 10 * MAX_CHAPTERS));
}

// ---- hostile input never panics ----


fn check(bytes: &[u8]) {
    common::assert_valid(mp4::parse(bytes));
}

#[test]
fn every_prefix_of_the_fixtures_is_handled() {
    for file in [M4A, FASTSTART, include_bytes!("fixtures/mp4/ffmpeg-late-start.m4a"), &three().build()] {
        for len in 0..=file.len() {
            check(&file[..len]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn random_byte_flips_never_panic(source in 0..3usize, edits in common::edits(7)) {
        let bytes = match source {
            0 => M4A.to_vec(),
            1 => FASTSTART.to_vec(),
            _ => {
                let mut qt = three();
                qt.extra_udta = chpl(2, &NERO_TWO);
                qt.build()
            }
        };
        check(&common::mutated(&bytes, &edits, usize::MAX));
    }
}

// ---- reading from parts of the file (HTTP Range requests) ----

#[test]
fn parts_ask_for_the_chapter_titles_where_the_sample_table_puts_them() {
    // ftyp, moov, 200 KB of something else, then mdat holding the chapter titles.
    let mut qt = three();
    let moov_len = {
        let built = qt.build();
        built.len() - Qt::FTYP_LEN - 8 - qt.samples.concat().len()
    };
    let free = boxed(b"free", &vec![0; 200_000]);
    let titles_at = Qt::FTYP_LEN + moov_len + free.len() + 8;
    qt.stco = Some(full(b"stco", 0, &u32s(&[1, u32::try_from(titles_at).unwrap()])));
    let built = qt.build();
    let (ftyp, rest) = built.split_at(Qt::FTYP_LEN);
    let (mdat, moov) = rest.split_at(rest.len() - moov_len);
    let file = [ftyp, moov, &free, mdat].concat();
    let len = Some(file.len() as u64);
    let titles = (titles_at as u64, file.len() as u64);

    let head = (0, &file[..4096]);
    let mp4::Partial::Needs(needs) = mp4::parse_parts(&[head], len) else { panic!("the titles are not in the head") };
    assert_eq!(needs, [titles]);
    let parts = [head, (titles.0, &file[titles_at..])];
    let mp4::Partial::Done(Ok(parsed)) = mp4::parse_parts(&parts, len) else { panic!("the titles were given") };
    assert_eq!(parsed, mp4::parse(&file).unwrap());
    assert_eq!(summary(&parsed)[1], (5000, Some(12_345), "Café ☕".to_owned()));
}

#[test]
fn parts_refuse_a_moov_larger_than_the_input_limit() {
    let mut file = boxed(b"ftyp", b"M4A \0\0\0\0");
    file.extend_from_slice(&u32::try_from(MAX_INPUT_BYTES + 9).unwrap().to_be_bytes());
    file.extend_from_slice(b"moov");
    let mp4::Partial::Done(Err(error)) = mp4::parse_parts(&[(0, &file)], Some(1 << 30)) else { panic!("moov was not refused") };
    assert_eq!(error.to_string(), "byte 24: the chapter source is larger than 16777216 bytes");
}
