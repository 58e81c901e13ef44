//! Show notes as people write them, generated from a stream of choices: a description with
//! prose around one timestamp list of a shape chosen at random (time at the start, the end or
//! in the middle; bare or in brackets; after a number, a bullet or an emoji; every separator).
//! Used by tests/detection.rs (with a seeded generator) and by the `detection` fuzz target (with
//! the fuzzer's bytes), which check that every such text is read, by the show-notes reader and
//! by detection with any hint, as exactly the chapters it was made with.
#![allow(dead_code)]

/// A source of choices: `pick(n)` is a number in `0..n`.
pub trait Choices {
    fn pick(&mut self, n: usize) -> usize;
}

/// Fuzzer bytes as choices (zeros once they run out).
pub struct Bytes<'a>(pub &'a [u8]);

impl Choices for Bytes<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let Some((&first, rest)) = self.0.split_first() else { return 0 };
        self.0 = rest;
        usize::from(first) % n.max(1)
    }
}

const TITLES: &[&str] = &[
    "Intro",
    "Prison Song",
    "Suite-Pee",
    "Во прах [Vo prakh]",
    "Café ☕ — “typographic”",
    "Q&A: listener mail",
    "C++ and Rust",
    "2023 in review",
    "10 things we learned",
    "Meet your instructor",
    "Hugging Face v1.2",
    "Outro!",
    "מה נשמע",
    "Why? (part two)",
];
const PROSE: &[&str] = &[
    "In this episode we talk about open source.",
    "Thanks for listening!",
    "Follow us on Mastodon.",
    "Recorded live in Berlin.",
    "Support the show: example.com/support",
    "Timestamps:",
    "CHAPTERS",
    "Links below",
];
const TIMED_PROSE: &[&str] = &["We met from {} outside the venue.", "Doors opened at {} and the show began", "Live at {}, again"];
const PREFIXES: &[&str] = &["", "", "- ", "* ", "• ", "– ", "⏱ ", "🎤 ", "▶️ ", "► ", "👉 ", "# "];
const SEPARATORS: &[&str] = &[" ", " - ", " – ", " — ", ": ", " | "];
const SUFFIXES: &[&str] = &["(Incomplete)", "(live)", "[bonus]", "feat. Guests"];

/// A clock time as people write it: `M:SS`, `MM:SS` or `H:MM:SS`.
fn clock(ms: u64, choices: &mut impl Choices) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, choices.pick(3)) {
        (0, 0) => format!("{m}:{s:02}"),
        (0, 1) => format!("{m:02}:{s:02}"),
        _ => format!("{h}:{m:02}:{s:02}"),
    }
}

/// A line's number, if the list is numbered: `1.`, `1)` or `1 -`.
fn number(style: usize, n: usize) -> String {
    match style {
        1 => format!("{n}. "),
        2 => format!("{n}) "),
        3 => format!("{n} - "),
        _ => String::new(),
    }
}

/// Generated show notes and the chapters (start in ms, title) they hold.
pub fn generate(choices: &mut impl Choices) -> (String, Vec<(u64, String)>) {
    let mut lines: Vec<String> = Vec::new();
    prose(choices, &mut lines);

    // The list: one shape for all lines, as lists are written.
    let count = 2 + choices.pick(8);
    let at_start = choices.pick(2) == 0;
    let prefix = PREFIXES[choices.pick(PREFIXES.len())];
    let numbered = choices.pick(4);
    let bracket = choices.pick(4);
    let separator = SEPARATORS[choices.pick(SEPARATORS.len())];
    let blank_lines = choices.pick(3) == 0;
    let mut expected = Vec::new();
    let mut start = if choices.pick(4) == 0 { 1000 * choices.pick(30) as u64 } else { 0 };
    let mut middles = 0;
    for n in 1..=count {
        let title = TITLES[choices.pick(TITLES.len())];
        let time = clock(start, choices);
        let time = match bracket {
            1 => format!("({time})"),
            2 => format!("[{time}]"),
            3 => format!("<{time}>"),
            _ => time,
        };
        let lead = format!("{prefix}{}", number(numbered, n));
        let (line, title) = if at_start {
            (format!("{lead}{time}{separator}{title}"), title.to_owned())
        } else if middles * 2 + 2 <= count && choices.pick(3) == 0 {
            // Text on both sides of the time, in at most half of the lines.
            middles += 1;
            let suffix = SUFFIXES[choices.pick(SUFFIXES.len())];
            (format!("{lead}{title} {time} {suffix}"), format!("{title} {suffix}"))
        } else {
            (format!("{lead}{title}{separator}{time}"), title.to_owned())
        };
        lines.push(line);
        if blank_lines {
            lines.push(String::new());
        }
        expected.push((start, title));
        start += 10_000 + 1000 * choices.pick(4000) as u64;
    }
    if choices.pick(2) == 0 {
        lines.push(PROSE[choices.pick(PROSE.len())].to_owned());
        prose(choices, &mut lines);
    }
    let newline = if choices.pick(4) == 0 { "\r\n" } else { "\n" };
    (lines.join(newline) + newline, expected)
}

/// A few lines of prose, one of them perhaps with a time in a sentence (kept apart from the
/// list by a line without one).
fn prose(choices: &mut impl Choices, lines: &mut Vec<String>) {
    for _ in 0..choices.pick(3) {
        lines.push(PROSE[choices.pick(PROSE.len())].to_owned());
    }
    if choices.pick(2) == 0 {
        let time = format!("{}:{:02}", 10 + choices.pick(14), choices.pick(60));
        lines.push(TIMED_PROSE[choices.pick(TIMED_PROSE.len())].replace("{}", &time));
        lines.push(PROSE[choices.pick(PROSE.len())].to_owned());
    }
}
