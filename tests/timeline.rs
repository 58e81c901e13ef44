//! The normalised timeline and the active-chapter lookup, checked against a brute-force
//! oracle on random timelines.

use episode_chapters::{Chapter, Chapters, Timestamp};

use proptest::prelude::*;

fn ms(v: u64) -> Timestamp {
    Timestamp::from_millis(v)
}

fn chapter(start: u64, end: Option<u64>, title: &str) -> Chapter {
    let mut c = Chapter::new(ms(start), title);
    c.end = end.map(ms);
    c
}

/// The chapter playing at `t`, by looking at every chapter.
fn oracle(chapters: &Chapters, t: Timestamp) -> Option<usize> {
    chapters.iter().position(|c| c.start <= t && c.end.is_none_or(|e| t < e))
}

#[test]
fn boundaries_belong_to_the_chapter_that_starts_there() {
    let (chapters, warnings) = Chapters::new(vec![chapter(0, None, "A"), chapter(165_000, None, "B"), chapter(239_000, Some(337_000), "C")]);
    assert!(warnings.is_empty());
    assert_eq!(chapters.active_at(ms(0)), Some(0));
    assert_eq!(chapters.active_at(ms(164_999)), Some(0));
    assert_eq!(chapters.active_at(ms(165_000)), Some(1));
    assert_eq!(chapters.active_at(ms(336_999)), Some(2));
    assert_eq!(chapters.active_at(ms(337_000)), None);
}

#[test]
fn nothing_is_active_before_the_first_chapter_or_in_a_gap() {
    let (chapters, _) = Chapters::new(vec![chapter(10_000, Some(20_000), "A"), chapter(30_000, Some(40_000), "B")]);
    assert_eq!(chapters.active_at(ms(9_999)), None);
    assert_eq!(chapters.active_at(ms(25_000)), None);
    assert_eq!(chapters.active_at(ms(30_000)), Some(1));
    assert_eq!(Chapters::default().active_at(ms(0)), None);
}

#[test]
fn last_chapter_stays_active_at_the_end_of_the_media() {
    let (chapters, _) = Chapters::new(vec![chapter(0, None, "A"), chapter(2_044_000, Some(2_245_000), "Last")]);
    let duration = Some(ms(2_245_000));
    assert_eq!(chapters.active_at(ms(2_245_000)), None);
    assert_eq!(chapters.active_at_playhead(ms(2_245_000), duration), Some(1));
    assert_eq!(chapters.active_at_playhead(ms(2_245_020), duration), Some(1));
    assert_eq!(chapters.active_at_playhead(ms(2_244_999), duration), Some(1));
    assert_eq!(chapters.active_at_playhead(ms(5), None), Some(0));
    // Encoded audio runs a few milliseconds past the last chapter's whole-second end.
    let padded = Some(ms(2_245_007));
    assert_eq!(chapters.active_at_playhead(ms(2_245_000), padded), Some(1));
    assert_eq!(chapters.active_at_playhead(ms(2_245_007), padded), Some(1));
    // But a last chapter that ends well before the media does leaves the rest unhighlighted.
    let (early, _) = Chapters::new(vec![chapter(0, Some(60_000), "A")]);
    assert_eq!(early.active_at_playhead(ms(61_000), Some(ms(120_000))), None);
    assert_eq!(early.active_at_playhead(ms(60_500), Some(ms(61_000))), Some(0));
}

#[test]
fn last_end_comes_from_the_duration_when_the_source_has_none() {
    let (chapters, _) = Chapters::new(vec![chapter(0, None, "A"), chapter(60_000, None, "B")]);
    assert_eq!(chapters.end_of(0, None), Some(ms(60_000)));
    assert_eq!(chapters.end_of(1, None), None);
    assert_eq!(chapters.end_of(1, Some(ms(90_000))), Some(ms(90_000)));
    assert_eq!(chapters.end_of(1, Some(ms(30_000))), None);
    assert_eq!(chapters.end_of(2, Some(ms(90_000))), None);
}

#[test]
fn duplicates_are_dropped_keeping_the_first() {
    let (chapters, warnings) = Chapters::new(vec![chapter(0, None, "A"), chapter(0, None, "A again"), chapter(5_000, None, "B")]);
    assert_eq!(chapters.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["A", "B"]);
    assert_eq!(warnings[0].to_string(), "two chapters start at 0:00: the second one is dropped");
}

/// Up to 40 chapters with starts and ends on a 10 ms grid within 31 s (so they collide, overlap
/// and run backwards often), some without an end, some without a title.
fn raw_chapters() -> impl Strategy<Value = Vec<Chapter>> {
    let spec = (0..3_000u64, prop::option::weighted(2.0 / 3.0, 0..3_100u64), prop::bool::weighted(0.2));
    prop::collection::vec(spec, 0..40).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (start, end, untitled))| chapter(start * 10, end.map(|e| e * 10), if untitled { "" } else { "t" }).tap_index(i))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn normalised_timelines_are_ordered_and_match_the_oracle(raw in raw_chapters(), duration in (0..3_200u64).prop_map(|d| d * 10 + 1)) {
        let (chapters, _) = Chapters::new(raw);
        let items = chapters.as_slice();
        for pair in items.windows(2) {
            assert!(pair[0].start < pair[1].start, "not strictly ascending");
            assert!(pair[0].end.unwrap() <= pair[1].start, "overlap");
        }
        for c in items {
            assert!(c.end.is_none_or(|e| e > c.start), "end not after start");
            assert!(!c.title.is_empty());
        }
        // Normalising twice changes nothing and warns of nothing.
        let (again, warnings) = Chapters::new(items.to_vec());
        assert_eq!(again, chapters, "not idempotent");
        assert!(warnings.is_empty(), "{warnings:?}");
        for t in (0..31_200).step_by(7).chain([0, 1, 29_999, 30_000]) {
            let t = ms(t);
            assert_eq!(chapters.active_at(t), oracle(&chapters, t), "t {t:?}");
        }
        for c in items {
            for t in [c.start.as_millis().saturating_sub(1), c.start.as_millis(), c.start.as_millis() + 1] {
                assert_eq!(chapters.active_at(ms(t)), oracle(&chapters, ms(t)));
            }
        }
        // Within a duration: everything starts before it and ends by it, every listed chapter
        // has an end, the kept chapters are the same ones, and fitting again changes nothing.
        let duration = ms(duration);
        let (fitted, warnings) = chapters.fit_to(duration);
        let kept: Vec<&Chapter> = items.iter().filter(|c| c.start < duration).collect();
        assert_eq!(fitted.len(), kept.len());
        for (c, original) in fitted.iter().zip(&kept) {
            assert!(c.start < duration && c.end.is_some_and(|e| e > c.start && e <= duration), "{c:?}");
            assert_eq!((&c.title, c.start), (&original.title, original.start));
        }
        let changed = items.len() - kept.len() + kept.iter().filter(|c| c.end.is_some_and(|e| e > duration)).count();
        assert_eq!(warnings.len(), changed, "one warning per chapter dropped or cut");
        let (again, warnings) = fitted.fit_to(duration);
        assert_eq!(again, fitted, "fitting is not idempotent");
        assert!(warnings.is_empty(), "{warnings:?}");
        // Fitting keeps the timeline valid for normalising: nothing more to change.
        let (renormalised, warnings) = Chapters::new(fitted.as_slice().to_vec());
        assert_eq!(renormalised, fitted);
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}

trait TapIndex {
    fn tap_index(self, i: usize) -> Self;
}
impl TapIndex for Chapter {
    fn tap_index(mut self, i: usize) -> Self {
        self.position = episode_chapters::Position::text(i as u32 + 1, 1);
        self
    }
}

#[test]
fn silent_chapters_are_kept_apart_and_do_not_cut_listed_ones() {
    let mut artwork = chapter(30_000, None, "");
    artwork.toc = false;
    let (chapters, warnings) = Chapters::new(vec![chapter(0, None, "Intro"), artwork, chapter(60_000, None, "Main")]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(chapters.len(), 2);
    assert_eq!(chapters.get(0).unwrap().end, Some(ms(60_000)));
    assert_eq!(chapters.active_at(ms(45_000)), Some(0));
    assert_eq!(chapters.silent().len(), 1);
    assert_eq!(chapters.silent()[0].start, ms(30_000));
    assert!(chapters.iter().all(|c| c.toc));
}

#[test]
fn text_is_tidied_and_control_characters_are_removed_with_a_warning() {
    let mut c = chapter(0, None, "  Intro\u{0}duction \t and\n more  ");
    c.summary = "One\u{a0}\u{a0}two".into();
    c.points = vec![" a ".into(), "\u{7}".into()];
    let (chapters, warnings) = Chapters::new(vec![c]);
    let c = chapters.get(0).unwrap();
    assert_eq!(c.title, "Intro duction and more");
    assert_eq!(c.summary, "One two");
    assert_eq!(c.points, ["a"]);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].to_string(), "control characters removed from chapter 1");
}
