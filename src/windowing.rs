//! Which rows of a long chapter list are in the DOM. Rows come in chunks of [`CHUNK`]; a list
//! of up to [`WINDOW_THRESHOLD`] chapters renders every chunk (so find-in-page and a screen
//! reader's list count see every chapter, as they should for ordinary episodes), a longer one
//! (an audiobook, a long live stream) only the chunks in and next to the visible part of the
//! list, plus the playing chapter's and the focused row's, with each other chunk a spacer of
//! its measured (or estimated) height. Pure: the view measures and scrolls, this decides.

use crate::chapters::Chapters;

/// Rows per chunk: the unit that is rendered or left out, and re-rendered when one of its rows
/// changes (a highlight change touches at most two chunks). Small, because a windowed list
/// renders a chunk in one task as the listener (or following) scrolls to it: at 10,000
/// chapters, 50 rows a chunk made tasks of 61–123 ms while playing and a highlight p95 of
/// 29 ms; 10 rows, 20–57 ms and 19–26 ms (`bench/bench.mjs` with `BENCH_ONLY=scale`, two runs
/// of each build, alternating; the README's Benchmarks section).
pub const CHUNK: usize = 10;
const _: () = assert!(CHUNK <= 16, "a chunk's listened rows are the bits of a u16");

/// Lists longer than this are windowed. Shorter ones are rendered whole: find-in-page works
/// only on what is in the DOM.
pub const WINDOW_THRESHOLD: usize = 400;

/// How far beyond each edge of the visible part rows are rendered, in heights of the visible
/// part: scrolling by a screen never shows a gap before the next render. The first render of a
/// long list is one chunk; the chunks in view follow after it is measured.
const OVERSCAN: f64 = 1.0;

/// How many chunks a list of `rows` rows has.
pub fn chunk_count(rows: usize) -> usize {
    rows.div_ceil(CHUNK)
}

/// The chunk that row `index` is in.
pub fn chunk_of(index: usize) -> usize {
    index / CHUNK
}

/// Which rows of chunk `chunk` were played to their end, given the sorted starts (ms) of
/// the chapters that were: bit `i` for the chunk's row `i`.
pub fn listened_mask(chapters: &Chapters, listened: &[u64], chunk: usize) -> u16 {
    chapters
        .iter()
        .skip(chunk * CHUNK)
        .take(CHUNK)
        .zip(0..)
        .filter(|(chapter, _)| listened.binary_search(&chapter.start.as_millis()).is_ok())
        .fold(0, |mask, (_, bit)| mask | (1 << bit))
}

/// The heights of every chunk, measured where it was rendered, estimated elsewhere (from the
/// average chunk height seen so far).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChunkHeights {
    measured: Vec<Option<f64>>,
    /// The sum and count of the measured heights, for the average in O(1).
    sum: f64,
    count: u32,
    /// The height of a chunk not measured: the average when it was last taken. It is taken
    /// again only when the average has moved by more than [`ESTIMATE_DRIFT`], so the spacers
    /// (and the layout below them) stay as they are when a measured chunk changes a little
    /// (the playing row's time left, a row marked listened).
    estimate: Option<f64>,
}

/// How far (a fraction) the average chunk height may move before the estimate follows it.
const ESTIMATE_DRIFT: f64 = 0.05;

impl ChunkHeights {
    /// Room for `chunks` chunks, none measured.
    pub fn new(chunks: usize) -> Self {
        ChunkHeights { measured: vec![None; chunks], sum: 0.0, count: 0, estimate: None }
    }

    /// How many chunks there are.
    pub fn len(&self) -> usize {
        self.measured.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.measured.is_empty()
    }

    /// Records the height of a rendered chunk; returns whether it changed.
    pub fn measure(&mut self, chunk: usize, height: f64) -> bool {
        match self.measured.get_mut(chunk) {
            Some(slot) if *slot != Some(height) && height.is_finite() && height > 0.0 => {
                match slot.replace(height) {
                    Some(old) => self.sum -= old,
                    None => self.count += 1,
                }
                self.sum += height;
                let average = self.sum / f64::from(self.count.max(1));
                if self.estimate.is_none_or(|estimate| (average - estimate).abs() > estimate * ESTIMATE_DRIFT) {
                    self.estimate = Some(average);
                }
                true
            }
            _ => false,
        }
    }

    /// The height of `chunk`: measured, or the estimate (the average measured chunk height,
    /// within `ESTIMATE_DRIFT`), or a guess of 64 px a row.
    pub fn height(&self, chunk: usize) -> f64 {
        match self.measured.get(chunk) {
            Some(Some(height)) => *height,
            _ => self.estimate.unwrap_or(64.0 * CHUNK as f64),
        }
    }

    /// The height of chunks `first..=last` together.
    pub fn span(&self, first: usize, last: usize) -> f64 {
        (first..=last).map(|chunk| self.height(chunk)).sum()
    }

    /// The chunks that `[top, top + height)` of the list shows, widened by the overscan (one
    /// `height` each way): `(first, last)`, inclusive.
    pub fn visible(&self, top: f64, height: f64) -> (usize, usize) {
        let margin = height.max(0.0) * OVERSCAN;
        self.visible_exactly(top - margin, height + 2.0 * margin)
    }

    /// The chunks that `[top, top + height)` of the list shows, without the overscan.
    pub fn visible_exactly(&self, top: f64, height: f64) -> (usize, usize) {
        let last_chunk = self.measured.len().saturating_sub(1);
        let (mut first, mut last) = (None, last_chunk);
        let mut y = 0.0;
        for chunk in 0..self.measured.len() {
            let bottom = y + self.height(chunk);
            if first.is_none() && bottom > top {
                first = Some(chunk);
            }
            if y >= top + height {
                last = chunk.saturating_sub(1);
                break;
            }
            y = bottom;
        }
        let first = first.unwrap_or(last_chunk);
        (first, last.max(first))
    }
}

/// Which chunks a list renders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// The visible chunks with their overscan, inclusive.
    pub range: (usize, usize),
    /// Chunks rendered besides: the playing chapter's and the focused row's.
    pub pinned: [Option<usize>; 2],
}

impl Window {
    /// Every chunk of a list that is not windowed, or the first of one that is (taller than
    /// the list's scroll area: the view widens the window once it has measured it).
    pub fn start(rows: usize) -> Self {
        let chunks = chunk_count(rows);
        let last = if rows > WINDOW_THRESHOLD { 1 } else { chunks };
        Window { range: (0, last.saturating_sub(1)), pinned: [None, None] }
    }

    /// The chunks rendered, in order: every chunk of a list that is not windowed; else those
    /// in `range` and the pinned ones. Found without going through every chunk of a long list
    /// (10,000 at 100,000 chapters).
    pub fn chunks(&self, rows: usize) -> Vec<usize> {
        let count = chunk_count(rows);
        if rows <= WINDOW_THRESHOLD {
            return (0..count).collect();
        }
        let mut chunks: Vec<usize> = (self.range.0..=self.range.1.min(count.saturating_sub(1))).collect();
        for &pinned in self.pinned.iter().flatten() {
            if let (true, Err(at)) = (pinned < count, chunks.binary_search(&pinned)) {
                chunks.insert(at, pinned);
            }
        }
        chunks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Window {
        /// Whether chunk `chunk` is rendered.
        fn renders(&self, chunk: usize, rows: usize) -> bool {
            self.chunks(rows).contains(&chunk)
        }
    }

    #[test]
    fn a_long_list_starts_with_one_chunk() {
        let window = Window::start(WINDOW_THRESHOLD + 1);
        assert!(window.renders(0, WINDOW_THRESHOLD + 1) && !window.renders(1, WINDOW_THRESHOLD + 1));
    }

    #[test]
    fn a_chunk_knows_which_of_its_rows_were_listened_to() {
        use crate::chapters::{Chapter, Timestamp};
        let (chapters, errors) = Chapters::new((0..25u64).map(|i| Chapter::new(Timestamp::from_millis(i * 1000), format!("Chapter {i}"))).collect());
        assert!(errors.is_empty());
        // Rows 1, 9, 10 and 24 (starts in ms, sorted).
        let listened = [1_000, 9_000, 10_000, 24_000];
        assert_eq!(listened_mask(&chapters, &listened, 0), 0b10_0000_0010);
        assert_eq!(listened_mask(&chapters, &listened, 1), 0b1);
        assert_eq!(listened_mask(&chapters, &listened, 2), 0b1_0000);
        assert_eq!(listened_mask(&chapters, &listened, 3), 0, "past the end");
    }

    #[test]
    fn short_lists_render_every_chunk() {
        let window = Window::start(WINDOW_THRESHOLD);
        assert!((0..chunk_count(WINDOW_THRESHOLD)).all(|c| window.renders(c, WINDOW_THRESHOLD)));
    }

    #[test]
    fn long_lists_render_what_is_visible_and_what_is_pinned() {
        let rows = 100_000;
        let mut heights = ChunkHeights::new(chunk_count(rows));
        let last = rows / CHUNK - 1;
        assert_eq!(heights.len(), last + 1);
        // Nothing measured: 64 px a row. The geometry below is in units of a chunk of 50 rows
        // (3,200 px), scaled to the chunk size.
        let px = |x: f64| x * 64.0 * CHUNK as f64 / 3_200.0;
        let view = px(600.0);
        // The visible part and one height of it each way.
        assert_eq!(heights.visible(0.0, view), (0, 0));
        assert_eq!(heights.visible(px(3_200.0 * 10.0 + 5.0), view), (9, 10));
        assert_eq!(heights.visible(px(3_200.0 * 10.0 + 700.0), view), (10, 10));
        assert_eq!(heights.visible(px(3_200.0 * 11.0 - 1_000.0), view), (10, 11));
        // Without the overscan: only what is on screen (a chunk of 640 px is more than the view).
        assert_eq!(heights.visible_exactly(px(3_200.0 * 10.0 + 5.0), view), (10, 10));
        assert_eq!(heights.visible_exactly(px(3_200.0 * 11.0 - 100.0), view), (10, 11));
        assert!(heights.measure(0, px(1_000.0)));
        assert!(!heights.measure(0, px(1_000.0)), "the same height is no change");
        // The average of what was measured stands in for the rest.
        assert_eq!(heights.height(5), px(1_000.0));
        assert_eq!(heights.visible(px(10_000.0), view), (9, 11));
        let mut window = Window { range: heights.visible(px(10_000.0), view), pinned: [Some(last), None] };
        assert!(window.renders(10, rows) && window.renders(last, rows));
        assert!(!window.renders(500, rows));
        window.pinned = [None, Some(500)];
        assert!(window.renders(500, rows));
        for (window, rows) in [(window.clone(), rows), (Window { range: (3, 5), pinned: [Some(4), Some(1)] }, rows), (Window::start(120), 120)] {
            // The rule, chunk by chunk.
            let rule = |c: usize| rows <= WINDOW_THRESHOLD || (window.range.0..=window.range.1).contains(&c) || window.pinned.contains(&Some(c));
            let every: Vec<usize> = (0..chunk_count(rows)).filter(|&c| rule(c)).collect();
            assert_eq!(window.chunks(rows), every, "{window:?}");
        }
        assert!(heights.measure(0, px(500.0)));
        assert_eq!((heights.height(0), heights.height(7)), (px(500.0), px(500.0)), "a new measure replaces the old in the average");
        assert_eq!(heights.span(0, 3), px(2_000.0));
        // A small change of a measured chunk leaves the estimate (and so every spacer) as it is;
        // a larger move of the average is followed.
        assert!(heights.measure(1, px(520.0)));
        assert_eq!(heights.height(7), px(500.0));
        assert!(heights.measure(2, px(800.0)));
        assert_eq!(heights.height(7), px(1_820.0) / 3.0);
        // Past the end: the last chunk.
        assert_eq!(heights.visible(1e12, view), (last, last));
    }
}
