// Shared checks: whatever a reader returns must be a valid timeline, and writing it out and
// reading it back must give the same chapters.
use episode_chapters::formats::ranged::{RangedRead, Step, MAX_REQUESTS};
use episode_chapters::{export, formats, Parsed};

/// Reads `data` a range at a time, as a page does over HTTP (responses cut at the end of the
/// file, telling its size when `size_known`). `None` when it took every request allowed.
#[allow(dead_code)] // not every target reads by ranges
pub fn read_by_ranges(data: &[u8], size_known: bool) -> Option<Result<Parsed, episode_chapters::Error>> {
    let mut read = RangedRead::new();
    let mut requests = 0;
    loop {
        match read.next() {
            Step::Fetch(range) => {
                requests += 1;
                let (start, end) = (range.start(), range.end());
                assert!(start < end, "empty range {start}..{end}");
                let bytes = data.get(start as usize..(end as usize).min(data.len())).unwrap_or_default();
                read.fetched(start, bytes.to_vec(), size_known.then_some(data.len() as u64));
            }
            Step::Done(result) => return (requests < MAX_REQUESTS).then_some(result),
        }
    }
}

pub fn check(result: Result<Parsed, episode_chapters::Error>) {
    let Ok(parsed) = result else { return };
    let chapters = parsed.chapters.as_slice();
    assert!(!chapters.is_empty() || !parsed.chapters.silent().is_empty());
    for pair in chapters.windows(2) {
        assert!(pair[0].start < pair[1].start, "not ascending");
        assert!(pair[0].end.is_some_and(|end| end <= pair[1].start), "overlap");
    }
    for chapter in chapters {
        assert!(chapter.end.is_none_or(|end| end > chapter.start), "end not after start");
        assert!(!chapter.title.trim().is_empty(), "empty title");
    }
    // Normalising twice changes nothing.
    let (again, warnings) = episode_chapters::Chapters::new(chapters.iter().cloned().chain(parsed.chapters.silent().iter().cloned()).collect());
    assert_eq!(again, parsed.chapters, "normalising is not idempotent");
    assert!(warnings.is_empty(), "normalised chapters still warn: {warnings:?}");
    // parse(convert(x)) == x through JSON, which carries everything but embedded images.
    if parsed.chapters.iter().chain(parsed.chapters.silent()).all(|c| !matches!(c.image, Some(episode_chapters::ChapterImage::Embedded { .. }))) {
        let json = export::json(parsed.title.as_deref(), &parsed.chapters);
        let back = formats::parse(&json).expect("our own JSON must read");
        assert_eq!(back.chapters, parsed.chapters, "JSON round trip");
    }
}
