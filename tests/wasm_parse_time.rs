//! Parse time of every reader at 10,000 chapters in wasm, in headless Chromium: the inputs of
//! the criterion benches (benches/support/inputs.rs), each read a few times after one warm-up
//! read, timed with `performance.now()`. Not part of the test suite (scripts/test.sh runs only
//! tests/browser.rs in the browser); `bash bench/parse-time.sh` runs it in release mode, as the
//! widget is built:
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown \
//!   --no-default-features --features psc,webvtt,id3,mp4,ogg --test wasm_parse_time -- --nocapture
//! ```
//!
//! One line per reader on the console (printed with `--nocapture`):
//! `wasm-parse <name> <chapters> <input bytes> <median ms> <min ms> <runs>`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../benches/support/inputs.rs"]
mod inputs;

const CHAPTERS: usize = 10_000;

/// `performance.now()`: milliseconds, to 0.1 ms in Chromium (5 µs when cross-origin isolated).
fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).expect("a window with performance").now()
}

fn log(line: &str) {
    web_sys::console::log_1(&line.into());
}

/// Reads `name`'s input a few times and logs the line.
fn measure(name: &str) {
    let Some(reader) = inputs::READERS.iter().find(|r| r.name == name) else {
        log(&format!("wasm-parse {name}: not built (its Cargo feature is off)"));
        return;
    };
    let input = (reader.make)(CHAPTERS);
    let parsed = (reader.parse)(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(parsed.chapters.len(), CHAPTERS, "{name}");
    drop(parsed);
    // At least 5 reads and about a second of them (at most 30); fewer when one read is slow.
    let mut times = Vec::new();
    let started = now_ms();
    while times.len() < 30 && (times.len() < 5 || now_ms() - started < 1000.0) && now_ms() - started < 3000.0 {
        let t0 = now_ms();
        let parsed = (reader.parse)(&input);
        times.push(now_ms() - t0);
        assert!(parsed.is_ok());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    log(&format!("wasm-parse {name} {CHAPTERS} {} {median:.2} {:.2} {}", input.len(), times[0], times.len()));
}

macro_rules! timed {
    ($($test:ident: $name:literal,)*) => {
        $(
            #[wasm_bindgen_test]
            fn $test() {
                measure($name);
            }
        )*
    };
}

// One test per reader, so a slow one stays within the runner's timeout on its own.
timed! {
    a_show_notes: "shownotes",
    b_description_list: "description",
    c_json: "json",
    d_json_with_detection: "json-detect",
    e_webvtt: "webvtt",
    f_psc: "psc",
    g_id3: "id3",
    h_mp4_chapter_track: "mp4-track",
    i_mp4_chpl: "mp4-chpl",
    j_ogg: "ogg",
}
