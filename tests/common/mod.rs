//! Helpers shared by the integration tests: a seeded random generator and the checks every
//! reader's output must pass.
#![allow(dead_code)]

use episode_chapters::{Error, Parsed};

/// xorshift64*, seeded, so a failure reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
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
