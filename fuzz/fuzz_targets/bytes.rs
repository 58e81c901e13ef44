#![no_main]
//! Fuzzes the byte-level entry point: detection, text decoding (UTF-8, UTF-16 with BOM) and
//! every reader behind it.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(episode_chapters::formats::parse_bytes(data));
});
