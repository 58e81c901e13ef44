#![no_main]
//! Fuzzes the mp4 reader: never panics on any bytes; what it reads is a valid timeline; and
//! reading the file a range at a time (as a page does over HTTP) gives the same result as
//! reading it whole, unless it takes more requests than allowed.
use episode_chapters::formats::mp4;
use episode_chapters::formats::ranged::{RangedRead, Step, MAX_REQUESTS};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let whole = mp4::parse(data);
    let other = data.starts_with(b"ID3") || data.starts_with(b"OggS");
    if !other && matches!(data.get(4..8), Some(b"ftyp" | b"moov" | b"mdat" | b"free" | b"wide" | b"skip")) {
        let mut read = RangedRead::new();
        let mut requests = 0;
        let ranged = loop {
            match read.next() {
                Step::Fetch { start, end } => {
                    requests += 1;
                    assert!(start < end, "empty range {start}..{end}");
                    // As a server answers: up to the end of the file (nothing past it).
                    let bytes = data.get(start as usize..(end as usize).min(data.len())).unwrap_or_default();
                    read.fetched(bytes.to_vec(), Some(data.len() as u64));
                }
                Step::Done(result) => break result,
            }
        };
        if requests < MAX_REQUESTS {
            assert_eq!(ranged, whole, "read by ranges");
        }
    }
    common::check(whole);
});
