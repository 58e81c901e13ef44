//! Every reader does work linear in its input: reading 2N chapters costs about twice what N
//! cost, counted, not timed. A counting global allocator counts, on the reading thread only,
//! the allocations (and reallocations) a `parse` call makes and the bytes they ask for; both
//! must grow by a factor between 1.5 (so the test cannot pass on a reader that stopped early)
//! and 2.5 (a quadratic step, such as copying what was read so far for every chapter, gives 4).
//!
//! Allocation counts do not see a quadratic loop that allocates nothing (a linear search per
//! chapter), so the thread's CPU time is compared too, with a margin wide enough for a shared
//! machine: 500 against 2,000 chapters, the best of several runs, below 8 (linear is 4,
//! quadratic 16). Nothing here depends on the machine's speed, only on ratios.
//!
//! The inputs are those of the parse-time benchmarks (benches/support/inputs.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

#[path = "../benches/support/inputs.rs"]
mod inputs;
use inputs::{Input, Reader, READERS};

// ---- counting ----

struct Counting;

thread_local! {
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
    let _ = BYTES.try_with(|c| c.set(c.get() + bytes as u64));
}

// SAFETY: every call is passed on to the system allocator unchanged; the counters are
// const-initialised thread locals without destructors, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation may copy: counted as an allocation of its new size.
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations and bytes asked for on this thread while `f` runs.
fn counted<T>(f: impl FnOnce() -> T) -> (T, u64, u64) {
    let (allocs, bytes) = (ALLOCS.with(Cell::get), BYTES.with(Cell::get));
    let value = f();
    (value, ALLOCS.with(Cell::get) - allocs, BYTES.with(Cell::get) - bytes)
}

/// CPU time used by this thread, in nanoseconds.
#[cfg(target_os = "linux")]
fn thread_cpu_ns() -> u64 {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec (64-bit Linux layout).
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_ns() -> u64 {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_nanos() as u64
}

// ---- the test ----

/// Chapters in the smaller input (the test builds without optimisation, so modest sizes).
const N: usize = 1_000;

/// Chapters in the smaller input of the CPU-time comparison.
const N_TIME: usize = 500;

struct Work {
    bytes_in: usize,
    allocs: u64,
    bytes: u64,
}

fn work(reader: &Reader, input: &Input, n: usize) -> Work {
    let (parsed, allocs, bytes) = counted(|| (reader.parse)(input));
    let parsed = parsed.unwrap_or_else(|e| panic!("{}: {n} chapters: {e}", reader.name));
    assert_eq!(parsed.chapters.len(), n, "{}: every chapter is read", reader.name);
    assert_eq!(parsed.warnings, [], "{}: the input reads without a warning", reader.name);
    Work { bytes_in: input.len(), allocs, bytes }
}

/// The least CPU time of up to `runs` reads, in nanoseconds; stops early at one of at most
/// `enough`.
fn best_cpu_ns(reader: &Reader, input: &Input, runs: usize, enough: u64) -> u64 {
    let mut best = u64::MAX;
    for _ in 0..runs {
        let started = thread_cpu_ns();
        let parsed = (reader.parse)(input);
        best = best.min(thread_cpu_ns() - started);
        drop(parsed);
        if best <= enough {
            break;
        }
    }
    best
}

fn ratio(big: u64, small: u64) -> f64 {
    big as f64 / small.max(1) as f64
}

fn check_linear(reader: &Reader) {
    let (small, double) = ((reader.make)(N), (reader.make)(2 * N));
    let (a, b) = (work(reader, &small, N), work(reader, &double, 2 * N));
    let input = b.bytes_in as f64 / a.bytes_in as f64;
    let allocs = ratio(b.allocs, a.allocs);
    let bytes = ratio(b.bytes, a.bytes);
    println!(
        "{:<12} {N} -> {} chapters: input {:.2}x ({} -> {} bytes), allocations {allocs:.3}x ({} -> {}), bytes allocated {bytes:.3}x ({} -> {})",
        reader.name,
        2 * N,
        input,
        a.bytes_in,
        b.bytes_in,
        a.allocs,
        b.allocs,
        a.bytes,
        b.bytes
    );
    assert!((1.9..2.1).contains(&input), "{}: the input doubles ({input:.2}x)", reader.name);
    for (what, r) in [("allocations", allocs), ("bytes allocated", bytes)] {
        assert!(
            (1.5..2.5).contains(&r),
            "{}: {what} grow {r:.3}x when the input doubles ({N} -> {} chapters); linear is 2x",
            reader.name,
            2 * N
        );
    }

    // CPU time, M against 4M chapters: the best of 5 reads of M, then reads of 4M until one
    // is fast enough (at most 3, so a quadratic reader fails in seconds).
    let (one, four) = ((reader.make)(N_TIME), (reader.make)(4 * N_TIME));
    let t1 = best_cpu_ns(reader, &one, 5, 0);
    let t4 = best_cpu_ns(reader, &four, 3, 6 * t1);
    let time = ratio(t4, t1);
    println!(
        "{:<12} {N_TIME} -> {} chapters: CPU time {time:.2}x ({:.2} -> {:.2} ms)",
        reader.name,
        4 * N_TIME,
        t1 as f64 / 1e6,
        t4 as f64 / 1e6
    );
    assert!(
        time < 8.0,
        "{}: CPU time grows {time:.2}x when the input is 4 times larger ({N_TIME} -> {} chapters); linear is 4x, quadratic 16x",
        reader.name,
        4 * N_TIME
    );
}

macro_rules! linear {
    ($($(#[$attr:meta])* $test:ident: $name:literal,)*) => {
        $(
            #[test]
            $(#[$attr])*
            fn $test() {
                match READERS.iter().find(|r| r.name == $name) {
                    Some(reader) => check_linear(reader),
                    // Only a reader whose Cargo feature is off may be missing.
                    None => assert!($name == "psc" && !cfg!(feature = "psc"), "no reader named {}", $name),
                }
            }
        )*

        #[test]
        fn every_reader_is_checked() {
            let checked = [$($name),*];
            for reader in READERS {
                assert!(checked.contains(&reader.name), "no linearity test for {}", reader.name);
            }
        }
    };
}

linear! {
    show_notes: "shownotes",
    description_list: "description",
    // JSON and PSC find their chapters' lines and columns in one pass (diagnostics::Locator).
    json: "json",
    json_with_detection: "json-detect",
    webvtt: "webvtt",
    psc: "psc",
    id3: "id3",
    mp4_chapter_track: "mp4-track",
    mp4_chpl: "mp4-chpl",
    ogg: "ogg",
}
