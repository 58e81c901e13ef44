//! Reading media files' chapters a range at a time, as the widget does over HTTP: the real
//! fixture files (ID3, MP4, Ogg), served whole or cut short, with and without the file's size.

use episode_chapters::formats::ranged::{RangedRead, Step, HEAD, MAX_REQUESTS};
use episode_chapters::formats::{self, Parsed};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// Serves `file` to a `RangedRead` as an HTTP server with Range support does; `size` says
/// whether responses tell the file's size. Returns the result and the ranges fetched.
fn read(file: &[u8], size: bool) -> (Result<Parsed, String>, Vec<(u64, u64)>) {
    let mut read = RangedRead::new();
    let mut fetched = Vec::new();
    loop {
        match read.next() {
            Step::Fetch { start, end } => {
                assert!(start < end, "an empty range {start}..{end}");
                let bytes = file.get(start as usize..(end as usize).min(file.len())).unwrap_or_default();
                fetched.push((start, start + bytes.len() as u64));
                read.fetched(bytes.to_vec(), size.then_some(file.len() as u64));
            }
            Step::Done(result) => return (result.map_err(|e| e.to_string()), fetched),
        }
    }
}

fn total(ranges: &[(u64, u64)]) -> u64 {
    ranges.iter().map(|(start, end)| end - start).sum()
}

#[test]
fn every_media_fixture_reads_the_same_as_the_whole_file() {
    for name in [
        "id3/ffmpeg-v23.mp3",
        "id3/ffmpeg-v24.mp3",
        "id3/mutagen-v23.mp3",
        "id3/mutagen-v24.mp3",
        "id3/unsync-v24.mp3",
        "mp4/ffmpeg.m4a",
        "mp4/ffmpeg-faststart.m4a",
        "mp4/spoken.m4a",
        "mp4/spoken-faststart.m4a",
        "ogg/ffmpeg.opus",
        "ogg/ffmpeg.ogg",
        "ogg/opusenc.opus",
    ] {
        let file = fixture(name);
        let whole = formats::parse_bytes(&file).unwrap();
        for size in [true, false] {
            let (result, ranges) = read(&file, size);
            assert_eq!(result.as_ref(), Ok(&whole), "{name}, size known: {size}");
            assert!(ranges.len() <= 4, "{name}: {ranges:?}");
        }
    }
}

#[test]
fn an_m4a_with_moov_at_the_end_takes_two_small_requests() {
    let file = fixture("mp4/spoken.m4a");
    let (result, ranges) = read(&file, true);
    let parsed = result.unwrap();
    let titles: Vec<&str> = parsed.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Intro", "Café ☕", "Main topic", "Outro"]);
    // The head (ftyp and the mdat header), then 4 KiB from the box after mdat: moov, which is
    // smaller, and nothing else. The titles are at the end of mdat, right before moov, and the
    // second request (4 KiB at least) is enough for both only because moov is so small; it is
    // the fixture's last 3,298 bytes.
    assert_eq!(ranges, [(0, HEAD), (21_466, 24_764)]);
    assert!(total(&ranges) < file.len() as u64 / 2, "{} of {} bytes: {ranges:?}", total(&ranges), file.len());
}

#[test]
fn an_m4a_with_moov_first_takes_one_request() {
    // ffmpeg's +faststart puts moov first and the chapter titles at the start of mdat: the
    // first 4 KiB hold them all.
    let (result, ranges) = read(&fixture("mp4/spoken-faststart.m4a"), true);
    assert_eq!(result.unwrap().chapters.len(), 4);
    assert_eq!(ranges, [(0, HEAD)]);
}

#[test]
fn an_mp3_whose_tag_fits_the_head_takes_one_request() {
    let (result, ranges) = read(&fixture("id3/mutagen-v24.mp3"), true);
    assert_eq!(result.unwrap().chapters.len(), 3);
    assert_eq!(ranges, [(0, 1933)]);
}

#[test]
fn an_mp3_with_a_large_tag_fetches_the_rest_of_the_tag_only() {
    // The fixture's tag, with 20,000 bytes of padding inside it, then 50,000 bytes of "audio".
    let file = fixture("id3/mutagen-v24.mp3");
    let size = file[6..10].iter().fold(0usize, |acc, &b| (acc << 7) | usize::from(b));
    let tag_end = 10 + size;
    let new_size = size + 20_000;
    let synchsafe: Vec<u8> = (0..4).rev().map(|i| ((new_size >> (7 * i)) & 0x7f) as u8).collect();
    let grown = [&file[..6], &synchsafe, &file[10..tag_end], &vec![0; 20_000], &vec![0xFF; 50_000]].concat();
    let (result, ranges) = read(&grown, true);
    assert_eq!(result.unwrap().chapters.len(), 3);
    assert_eq!(ranges, [(0, HEAD), (HEAD, (tag_end + 20_000) as u64)]);
}

#[test]
fn a_cut_download_reports_what_is_missing() {
    let file = fixture("mp4/spoken.m4a");
    // The file ends inside mdat: no moov.
    let (result, _) = read(&file[..10_000], true);
    assert_eq!(result.unwrap_err(), "byte 36: truncated box \"mdat\": 21430 bytes needed, 9964 available");
    // Without the size, the end of mdat looks like the end of the file.
    let (result, _) = read(&file[..10_000], false);
    assert_eq!(
        result.unwrap_err(),
        "no chapters found: expected a QuickTime chapter track (tref/chap) or a Nero chapter list (moov/udta/chpl)"
    );
}

#[test]
fn a_file_that_is_not_media_is_named() {
    let (result, ranges) = read(b"CHAPTERS\n- 0:00 \xe2\x80\x93 1:00\nIntro\n", true);
    assert_eq!(
        result.unwrap_err(),
        "byte 0: no chapters in the media file: the file is not an MP3 with an ID3v2 tag, an MP4 / M4A / M4B, or an Ogg Opus / Vorbis file"
    );
    assert_eq!(ranges.len(), 1);
    let (result, _) = read(b"", true);
    assert_eq!(result.unwrap_err(), "the chapter source is empty");
}

#[test]
fn a_file_of_many_boxes_before_moov_stops_after_the_request_limit() {
    // 40 boxes of 100 KB each before moov: each needs a request for its header.
    let mut file = Vec::new();
    for _ in 0..40 {
        file.extend_from_slice(&100_000u32.to_be_bytes());
        file.extend_from_slice(b"free");
        file.resize(file.len() + 100_000 - 8, 0);
    }
    let (result, ranges) = read(&file, true);
    assert_eq!(ranges.len(), MAX_REQUESTS);
    assert_eq!(result.unwrap_err(), "byte 1600000: invalid media file: its chapters take more than 16 requests to read");
}

#[test]
fn an_id3_size_that_is_not_synchsafe_is_read_as_the_reader_reads_it() {
    // A tag whose size 4736 is written as a plain number (0x00001280: not synchsafe, as some
    // writers do); the reader takes it as plain, so the second request must reach byte 4746.
    let file = fixture("id3/mutagen-v24.mp3");
    let size = file[6..10].iter().fold(0usize, |acc, &b| (acc << 7) | usize::from(b));
    let frames = &file[10..10 + size];
    let plain = 4736usize;
    let tag = [&file[..6], &(plain as u32).to_be_bytes()[..], frames, &vec![0; plain - size]].concat();
    let grown = [tag, vec![0xFF; 20_000]].concat();
    let (result, ranges) = read(&grown, true);
    let parsed = result.unwrap();
    assert_eq!(parsed.chapters.len(), 3);
    assert_eq!(ranges, [(0, HEAD), (HEAD, 10 + plain as u64)]);
    assert_eq!(Ok(parsed), formats::parse_bytes(&grown));
}
