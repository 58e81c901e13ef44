//! Reading media files' chapters a range at a time, as the widget does over HTTP: the real
//! fixture files (ID3, MP4, Ogg), served whole or cut short, with and without the file's size.

use episode_chapters::formats::ranged::{ByteRange, RangedRead, Step, HEAD, MAX_REQUESTS};
use episode_chapters::formats::{self, Parsed};
use episode_chapters::{Category, ErrorKind, Position};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// Serves `file` to a `RangedRead` as an HTTP server with Range support does; `size` says
/// whether responses tell the file's size. Returns the result and the ranges fetched.
fn read(file: &[u8], size: bool) -> (Result<Parsed, String>, Vec<(u64, u64)>) {
    serve(file, |_, start, end| (start, end.min(file.len() as u64), size.then_some(file.len() as u64)))
}

/// Serves `file` as a server that `answer`s each request `(number from 0, start, end)` with
/// the bytes `start..end` of the file it chooses and the size it tells. Returns the result
/// and the ranges asked for.
fn serve(file: &[u8], mut answer: impl FnMut(usize, u64, u64) -> (u64, u64, Option<u64>)) -> (Result<Parsed, String>, Vec<(u64, u64)>) {
    let mut read = RangedRead::new();
    let mut asked = Vec::new();
    loop {
        match read.next() {
            Step::Fetch(range) => {
                let (start, end, size) = answer(asked.len(), range.start(), range.end());
                asked.push((range.start(), range.end().min(file.len() as u64)));
                let bytes = file.get(start as usize..end as usize).unwrap_or_default();
                read.fetched(start, bytes.to_vec(), size);
            }
            Step::Done(result) => return (result.map_err(|e| e.to_string()), asked),
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
        "ogg/cover-art.opus",
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
    assert_eq!(result.unwrap_err(), "byte 1600000: the chapters take more than 16 range requests to read");
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

#[test]
fn an_ogg_file_whose_comment_header_is_larger_than_256_kib_asks_for_more() {
    // ffmpeg's Opus file with a 232 KB cover picture in its comments: the comment header runs
    // to byte 310,000 or so, past the first 256 KiB that used to be all that was read.
    let file = fixture("ogg/cover-art.opus");
    let whole = formats::parse_bytes(&file).unwrap();
    let titles: Vec<&str> = whole.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Intro", "Café ☕", "Main topic", "Outro"]);
    let header_end = formats::ogg::comment_header_end(&file).unwrap();
    assert!(header_end.1 && header_end.0 > 256 << 10 && header_end.0 < file.len(), "{header_end:?}");
    for size in [true, false] {
        let (result, ranges) = read(&file, size);
        assert_eq!(result.as_ref(), Ok(&whole), "size known: {size}");
        // The head, 256 KiB, then up to the end of the comment header's last page, never the
        // audio after it.
        assert_eq!(ranges.len(), 3, "{ranges:?}");
        assert_eq!(ranges.last().map(|r| r.1), Some(header_end.0 as u64), "{ranges:?}");
    }
}

#[test]
fn bytes_from_another_place_than_asked_are_an_error_not_spliced_in() {
    // A server whose Content-Range starts 100 bytes later than asked for the tag's rest.
    let file = fixture("id3/mutagen-v24.mp3");
    let grown = [&file[..], &vec![0xFF; 20_000]].concat();
    let size = Some(grown.len() as u64);
    let (result, asked) = serve(&grown, |n, start, end| if n == 0 { (0, 10, size) } else { (start + 100, end, size) });
    assert_eq!(asked, [(0, HEAD), (10, HEAD)]);
    assert_eq!(result.unwrap_err(), "byte 10: the server sent bytes from 110 when bytes from 10 were asked for");
    // Earlier than asked (but not from 0) is as wrong.
    let (result, _) = serve(&grown, |_, start, end| (start.saturating_sub(1).max(5), end, size));
    assert_eq!(result.unwrap_err(), "byte 0: the server sent bytes from 5 when bytes from 0 were asked for");
    // A kind of its own, which a view says as "the audio cannot be read by ranges".
    let mut read = RangedRead::new();
    let Step::Fetch(range) = read.next() else { panic!() };
    read.fetched(range.start() + 1, grown[1..100].to_vec(), size);
    let Step::Done(Err(error)) = read.next() else { panic!() };
    assert_eq!(error.kind(), &ErrorKind::WrongRange { asked: 0, got: 1 });
    assert_eq!((error.kind().category(), error.position()), (Category::RangesUnsupported, Position::Byte(0)));
}

#[test]
fn a_server_that_ignores_range_and_sends_the_whole_file_is_read() {
    // 200 with the whole body: start 0, the body's length as the size. One request for the
    // media formats whose chapters are at the start, and MP4 too (every part is there).
    for name in ["id3/mutagen-v24.mp3", "mp4/spoken.m4a", "ogg/cover-art.opus"] {
        let file = fixture(name);
        let whole = formats::parse_bytes(&file).unwrap();
        let len = file.len() as u64;
        let (result, asked) = serve(&file, |_, _, _| (0, len, Some(len)));
        assert_eq!(result.as_ref(), Ok(&whole), "{name}");
        assert_eq!(asked.len(), 1, "{name}: {asked:?}");
    }
    // A range answered, then the whole file for the next request (a cache in front of the
    // server): the whole file is put over what was read, and the chapters read.
    let file = fixture("mp4/spoken.m4a");
    let len = file.len() as u64;
    let (result, asked) = serve(&file, |n, start, end| if n == 0 { (start, end, Some(len)) } else { (0, len, Some(len)) });
    assert_eq!(result, Ok(formats::parse_bytes(&file).unwrap()));
    assert_eq!(asked, [(0, HEAD), (21_466, 24_764)]);
    // From 0 but not covering the asked range (the file's first bytes only): an error.
    let file = fixture("mp4/spoken.m4a");
    let len = file.len() as u64;
    let (result, asked) = serve(&file, |n, start, end| if n == 0 { (start, end, Some(len)) } else { (0, 100, Some(len)) });
    assert_eq!(asked.len(), 2);
    assert_eq!(result.unwrap_err(), "byte 21466: the server sent bytes from 0 when bytes from 21466 were asked for");
}

#[test]
fn a_short_answer_while_the_file_goes_on_asks_for_the_rest() {
    // A server that sends at most 1,000 bytes per response but tells the file's size: the
    // rest of each range is asked for, and the chapters are read as from the whole file.
    for name in ["id3/mutagen-v24.mp3", "mp4/spoken.m4a", "ogg/ffmpeg.opus"] {
        let file = fixture(name);
        let whole = formats::parse_bytes(&file).unwrap();
        let len = file.len() as u64;
        let (result, asked) = serve(&file, |_, start, end| (start, end.min(start + 1000).min(len), Some(len)));
        assert_eq!(result.as_ref(), Ok(&whole), "{name}: {asked:?}");
        // Each request after a short one starts where the answer ended.
        for pair in asked.windows(2) {
            let answered_end = (pair[0].0 + 1000).min(pair[0].1);
            if answered_end < pair[0].1 {
                assert_eq!(pair[1].0, answered_end, "{name}: {asked:?}");
            }
        }
    }
    // Without the size, a short answer is the end of the file: nothing more is asked for.
    let file = fixture("mp4/spoken.m4a");
    let (result, asked) = serve(&file, |_, start, end| (start, end.min(start + 1000), None));
    assert_eq!(asked, [(0, HEAD)]);
    assert_eq!(result.unwrap_err(), "byte 36: truncated box \"mdat\": 21430 bytes needed, 964 available");
    let file = fixture("id3/mutagen-v24.mp3");
    // The rests count toward the request limit: 16 bytes at a time never gets there.
    let len = file.len() as u64;
    let (result, asked) = serve(&file, |_, start, end| (start, end.min(start + 16), Some(len)));
    assert_eq!(asked.len(), MAX_REQUESTS);
    assert_eq!(result.unwrap_err(), format!("byte {}: the chapters take more than 16 range requests to read", 16 * MAX_REQUESTS));
    let mut read = RangedRead::new();
    let error = loop {
        match read.next() {
            Step::Fetch(range) => read.fetched(range.start(), file[range.start() as usize..][..16].to_vec(), Some(len)),
            Step::Done(result) => break result.unwrap_err(),
        }
    };
    assert_eq!(error.kind(), &ErrorKind::TooManyRequests { limit: MAX_REQUESTS });
    assert_eq!((error.kind().category(), error.position()), (Category::RequestLimit, Position::Byte(16 * MAX_REQUESTS as u64)));
}

#[test]
fn an_empty_range_cannot_be_made() {
    assert_eq!(ByteRange::new(10, 10), None);
    assert_eq!(ByteRange::new(10, 9), None);
    let range = ByteRange::new(0, 4096).unwrap();
    assert_eq!((range.start(), range.end(), range.len(), range.header()), (0, 4096, 4096, "bytes=0-4095".to_owned()));
}
