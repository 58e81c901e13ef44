#![no_main]
//! Fuzzes the byte-level entry point: detection, text decoding (UTF-8, UTF-16 with BOM) and
//! every reader behind it. For media files (ID3, Ogg, MP4) it also reads the input a range at
//! a time, as a page does over HTTP, sometimes without knowing the file's size: the result
//! must be the whole file's.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let whole = episode_chapters::formats::parse_bytes(data);
    let mp4 = episode_chapters::formats::is_mp4(data);
    if data.starts_with(b"ID3") || data.starts_with(b"OggS") || mp4 {
        // The last byte decides whether responses tell the file's size. Without the size, the
        // end of the last box looks like the end of an MP4 file, which a box that claims more
        // than the file holds can change; ID3 and Ogg never depend on it.
        let size_known = data.last().is_some_and(|b| b & 1 == 0);
        if let Some(ranged) = common::read_by_ranges(data, size_known).filter(|_| size_known || !mp4) {
            assert_eq!(ranged, whole, "read by ranges (size known: {size_known})");
        }
    }
    common::check(whole);
});
