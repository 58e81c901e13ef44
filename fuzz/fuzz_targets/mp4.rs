#![no_main]
//! Fuzzes the mp4 reader: never panics on any bytes; what it reads is a valid timeline; and
//! reading the file a range at a time (as a page does over HTTP) gives the same result as
//! reading it whole, unless it takes more requests than allowed.
use episode_chapters::formats::mp4;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let whole = mp4::parse(data);
    let other = data.starts_with(b"ID3") || data.starts_with(b"OggS");
    if !other && episode_chapters::formats::is_mp4(data) {
        if let Some(ranged) = common::read_by_ranges(data, true) {
            assert_eq!(ranged, whole, "read by ranges");
        }
    }
    common::check(whole);
});
