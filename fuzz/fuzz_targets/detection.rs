#![no_main]
//! Fuzzes detection (formats::parse_hinted): the reader it picks never turns readable show notes
//! into an error.
//!
//! - The input's bytes choose show notes as people write them (tests/common/notes.rs: prose
//!   around a timestamp list of any shape, including lists whose first line starts like JSON
//!   or XML): the show-notes reader must read exactly the chapters they were made with, and
//!   detection, with no hint or any hint, the same chapters.
//! - The input as text: when the show-notes reader reads it and no other format announces
//!   itself, detection reads the same chapters with any hint; whatever detection returns is a
//!   valid timeline that survives a round trip through JSON.
use episode_chapters::formats::{self, shownotes, Format};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;
#[path = "../../tests/common/notes.rs"]
mod notes;

const HINTS: [Option<Format>; 5] = [None, Some(Format::ShowNotes), Some(Format::Json), Some(Format::Psc), Some(Format::WebVtt)];

fuzz_target!(|data: &[u8]| {
    let (text, expected) = notes::generate(&mut notes::Bytes(data));
    let direct = shownotes::parse(&text).unwrap_or_else(|e| panic!("generated show notes not read: {e}\n{text}"));
    let read: Vec<(u64, String)> = direct.chapters.iter().map(|c| (c.start.as_millis(), c.title.clone())).collect();
    assert_eq!(read, expected, "generated show notes read wrong:\n{text}");
    for hint in HINTS {
        let parsed = formats::parse_hinted(&text, hint).unwrap_or_else(|e| panic!("{hint:?}: {e}\n{text}"));
        assert_eq!(parsed.chapters, direct.chapters, "{hint:?}:\n{text}");
    }

    let Ok(text) = std::str::from_utf8(data) else { return };
    let notes = shownotes::parse(text);
    for hint in HINTS {
        let result = formats::parse_hinted(text, hint);
        if let (Ok(notes), Format::ShowNotes) = (&notes, formats::detect(text)) {
            match &result {
                Ok(parsed) => assert_eq!(parsed.chapters, notes.chapters, "{hint:?}"),
                Err(e) => panic!("readable show notes read as an error with {hint:?}: {e}"),
            }
        }
        common::check(result);
    }
});
