#![no_main]
//! Fuzzes the ogg reader: never panics on any bytes; what it reads is a valid timeline.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(episode_chapters::formats::ogg::parse(data));
});
