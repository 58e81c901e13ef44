#![no_main]
//! Fuzzes the webvtt reader: never panics, and what it reads is a valid timeline that survives a
//! round trip through JSON.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        common::check(episode_chapters::formats::webvtt::parse(text));
    }
});
