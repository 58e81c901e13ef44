//! Helpers shared by the integration tests: strategies for mutated inputs (proptest) and the
//! checks every reader's output must pass.
#![allow(dead_code)]

use episode_chapters::{Error, Parsed};
use proptest::prelude::*;
use proptest::sample::Index;

/// One change to a file's bytes, at a place proportional to its length (so a failure shrinks
/// toward the start of the file and toward small changes).
#[derive(Clone, Debug)]
pub enum Edit {
    /// Cut out up to this many bytes: everything after them moves.
    Cut(Index, usize),
    /// Put this byte there.
    Set(Index, u8),
    /// Flip this bit there.
    Flip(Index, u8),
}

/// One to `max` edits, cuts rarer than changes; bytes set are the telling ones (0, 0xFF, 0x7F,
/// 0x80) as often as any other.
pub fn edits(max: usize) -> impl Strategy<Value = Vec<Edit>> {
    let byte = prop_oneof![Just(0u8), Just(0xFF), Just(0x7F), Just(0x80), any::<u8>()];
    let edit = prop_oneof![
        1 => (any::<Index>(), 1..40usize).prop_map(|(at, len)| Edit::Cut(at, len)),
        3 => (any::<Index>(), byte).prop_map(|(at, byte)| Edit::Set(at, byte)),
        2 => (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Edit::Flip(at, bit)),
    ];
    prop::collection::vec(edit, 1..=max)
}

/// `bytes` with `edits` made within its first `span` bytes (the headers, where the readers
/// look; the audio after them is never read).
pub fn mutated(bytes: &[u8], edits: &[Edit], span: usize) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for edit in edits {
        let span = bytes.len().min(span);
        if span == 0 {
            break;
        }
        match *edit {
            Edit::Cut(ref at, len) => {
                let at = at.index(span);
                let len = len.min(bytes.len() - at);
                bytes.drain(at..at + len);
            }
            Edit::Set(ref at, byte) => bytes[at.index(span)] = byte,
            Edit::Flip(ref at, bit) => bytes[at.index(span)] ^= 1 << bit,
        }
    }
    bytes
}

/// What a reader returns on hostile input: an error with a message, or a valid timeline
/// (listed chapters strictly ascending, every end after its start and not past the next start,
/// every title non-empty).
pub fn assert_valid(result: Result<Parsed, Error>) {
    match result {
        Ok(parsed) => {
            assert!(!parsed.chapters.is_empty() || !parsed.chapters.silent().is_empty());
            for pair in parsed.chapters.as_slice().windows(2) {
                assert!(pair[0].start < pair[1].start);
                assert!(pair[0].end.is_some_and(|end| end <= pair[1].start));
            }
            for chapter in &parsed.chapters {
                assert!(chapter.end.is_none_or(|end| end > chapter.start));
                assert!(!chapter.title.trim().is_empty());
            }
            for warning in &parsed.warnings {
                assert!(!warning.to_string().is_empty());
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
}

/// Each listed chapter as (start ms, end ms, title), for exact comparisons.
pub fn summary(parsed: &Parsed) -> Vec<(u64, Option<u64>, String)> {
    parsed.chapters.iter().map(|c| (c.start.as_millis(), c.end.map(episode_chapters::Timestamp::as_millis), c.title.clone())).collect()
}

/// The warnings as their messages.
pub fn warnings(parsed: &Parsed) -> Vec<String> {
    parsed.warnings.iter().map(ToString::to_string).collect()
}

/// The offset of `needle` in `haystack` (which must contain it).
pub fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).position(|w| w == needle).unwrap()
}
