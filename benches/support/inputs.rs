//! Inputs of any number of chapters for every reader, made in code, and the reader that reads
//! each. Shared by the criterion benches (benches/parse.rs), the linearity test
//! (tests/linear.rs) and the wasm parse-time test (tests/wasm_parse_time.rs), so all three
//! measure the same bytes.
//!
//! Text formats are written by the crate's own writers (`export`) from generated chapters;
//! the media formats are built box by box, frame by frame and page by page here. Every input
//! holds exactly `n` listed chapters and reads without a warning.
//!
//! Sizes the binary formats allow: an ID3 `CTOC` counts its entries in one byte, so `n`
//! chapters are listed through a top-level table of `ceil(n / 250)` child tables of at most
//! 250 `CHAP`s each (the addendum's nested tables; up to 63,750 chapters). Nero `chpl` is
//! written as mp4v2 writes it, with a 32-bit count (ffmpeg's one-byte count caps it at 255);
//! the QuickTime chapter track and Ogg comments have no such limit.
#![allow(dead_code)]

use episode_chapters::formats::{self, Parsed};
use episode_chapters::{export, Chapter, Chapters, Error, Timestamp};

/// An input: text for the text readers, bytes for the media readers.
pub enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

impl Input {
    pub fn len(&self) -> usize {
        match self {
            Input::Text(text) => text.len(),
            Input::Bytes(bytes) => bytes.len(),
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Input::Text(text) => text,
            Input::Bytes(_) => panic!("a text reader was given bytes"),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        match self {
            Input::Text(text) => text.as_bytes(),
            Input::Bytes(bytes) => bytes,
        }
    }
}

/// One reader and the input shape it is measured on.
pub struct Reader {
    /// Short name, used as the benchmark id and in tables.
    pub name: &'static str,
    /// What the input is.
    pub shape: &'static str,
    /// An input with `n` chapters.
    pub make: fn(usize) -> Input,
    /// The reader.
    pub parse: fn(&Input) -> Result<Parsed, Error>,
}

/// Every reader, text formats first.
pub const READERS: &[Reader] = &[
    Reader {
        name: "shownotes",
        shape: "show notes as demo/episode.txt: range, title, summary, 4 key points per chapter",
        make: |n| Input::Text(show_notes(n)),
        parse: |input| formats::shownotes::parse(input.text()),
    },
    Reader {
        name: "description",
        shape: "a description timestamp list: prose, then one `H:MM:SS Title` line per chapter",
        make: |n| Input::Text(description(n)),
        parse: |input| formats::shownotes::parse(input.text()),
    },
    Reader {
        name: "json",
        shape: "Podcasting 2.0 JSON chapters: startTime, endTime, title (export::json)",
        make: |n| Input::Text(export::json(Some("Episode"), &chapters(n, false))),
        parse: |input| formats::json::parse(input.text()),
    },
    Reader {
        name: "json-detect",
        shape: "the same JSON through formats::parse (detection first), as the widget reads it",
        make: |n| Input::Text(export::json(Some("Episode"), &chapters(n, false))),
        parse: |input| formats::parse(input.text()),
    },
    Reader {
        name: "webvtt",
        shape: "WebVTT chapters (export::vtt)",
        make: |n| {
            let duration = Some(Timestamp::from_millis(start_ms(n, true)));
            Input::Text(export::vtt(&chapters(n, false), duration).0)
        },
        parse: |input| formats::webvtt::parse(input.text()),
    },
    #[cfg(feature = "psc")]
    Reader {
        name: "psc",
        shape: "Podlove Simple Chapters (export::psc)",
        make: |n| Input::Text(export::psc(&chapters(n, false))),
        parse: |input| formats::psc::parse(input.text()),
    },
    Reader {
        name: "id3",
        shape: "ID3v2.4 tag: CHAP + TIT2 per chapter, a top-level CTOC of child CTOCs of <= 250 entries",
        make: |n| Input::Bytes(id3(n)),
        parse: |input| formats::id3::parse(input.bytes()),
    },
    Reader {
        name: "mp4-track",
        shape: "MP4: QuickTime chapter text track (tref/chap, stts/stsz/stsc/stco, samples in mdat)",
        make: |n| Input::Bytes(mp4_track(n)),
        parse: |input| formats::mp4::parse(input.bytes()),
    },
    Reader {
        name: "mp4-chpl",
        shape: "MP4: Nero chpl with a 32-bit count (mp4v2's layout)",
        make: |n| Input::Bytes(mp4_chpl(n)),
        parse: |input| formats::mp4::parse(input.bytes()),
    },
    Reader {
        name: "ogg",
        shape: "Ogg Opus: CHAPTERnnn / CHAPTERnnnNAME comments, the header over many pages",
        make: |n| Input::Bytes(ogg_opus(n)),
        parse: |input| formats::ogg::parse(input.bytes()),
    },
];

// ---- chapters ----

const WORDS: [&str; 24] = [
    "open", "source", "models", "café", "pricing", "the", "founders", "naïve", "hiring", "growth",
    "research", "Zürich", "datasets", "community", "inference", "safety", "customers", "roadmap",
    "benchmarks", "évaluation", "latency", "licences", "partners", "questions",
];

/// A deterministic title of 4 to 9 words, no digits (a title never reads as a time).
fn title(i: usize) -> String {
    let words = 4 + i % 6;
    let mut title = String::new();
    for k in 0..words {
        if k > 0 {
            title.push(' ');
        }
        let word = WORDS[(i * 7 + k * 13 + i / 24) % WORDS.len()];
        if k == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                title.extend(first.to_uppercase());
                title.push_str(chars.as_str());
            }
        } else {
            title.push_str(word);
        }
    }
    if i.is_multiple_of(3) {
        title.push_str(": what we learned");
    }
    title
}

fn summary(i: usize) -> String {
    format!(
        "{} explains how the team approached it, what they measured first and why the answer changed over time — with an example from {} and a note on {}.",
        title(i + 1),
        WORDS[i % WORDS.len()],
        WORDS[(i * 5 + 3) % WORDS.len()]
    )
}

/// When chapter `i` starts: about every 12 s (YouTube wants 10 s or more), with milliseconds when `millis`.
fn start_ms(i: usize, millis: bool) -> u64 {
    let i = i as u64;
    i * 12_000 + if millis { i * 37 % 1000 } else { 0 }
}

/// `n` normalised chapters; `rich` ones have a summary and four key points each (the demo's
/// shape); the others have whole-second starts with milliseconds.
pub fn chapters(n: usize, rich: bool) -> Chapters {
    let raw: Vec<Chapter> = (0..n)
        .map(|i| {
            let mut chapter = Chapter::new(Timestamp::from_millis(start_ms(i, !rich)), title(i));
            if rich {
                chapter.summary = summary(i);
                chapter.points = (0..4).map(|k| format!("{} matters for {}", title(i + k + 2), WORDS[(i + k) % WORDS.len()])).collect();
            }
            chapter
        })
        .collect();
    let (chapters, warnings) = Chapters::new(raw);
    assert!(warnings.is_empty(), "{warnings:?}");
    chapters
}

// ---- text ----

/// Show notes in the demo's shape (demo/episode.txt), written by `export::text`.
pub fn show_notes(n: usize) -> String {
    export::text(Some("No Priors Ep. 5 | A generated episode"), &chapters(n, true))
}

/// A description as podcast pages and YouTube write it: a paragraph, then `H:MM:SS Title`.
pub fn description(n: usize) -> String {
    let mut out = String::from(
        "In this episode we talk about open models, hiring and what comes next.\nSubscribe for more.\n\nChapters:\n",
    );
    for i in 0..n {
        let secs = start_ms(i, false) / 1000;
        out.push_str(&format!("{}:{:02}:{:02} {}\n", secs / 3600, secs / 60 % 60, secs % 60, title(i)));
    }
    out.push_str("\nThanks for listening!\n");
    out
}

// ---- ID3v2.4 ----

fn synchsafe(n: usize) -> [u8; 4] {
    assert!(n < 1 << 28);
    [(n >> 21) as u8 & 0x7F, (n >> 14) as u8 & 0x7F, (n >> 7) as u8 & 0x7F, n as u8 & 0x7F]
}

fn id3_frame(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    [&id[..], &synchsafe(data.len()), &[0, 0], data].concat()
}

/// A UTF-8 text frame (encoding 3).
fn id3_text(id: &[u8; 4], value: &str) -> Vec<u8> {
    id3_frame(id, &[&[3], value.as_bytes()].concat())
}

fn id3_ctoc(id: &str, flags: u8, entries: &[String]) -> Vec<u8> {
    let count = u8::try_from(entries.len()).expect("a CTOC lists at most 255 entries");
    let mut data = [id.as_bytes(), &[0, flags, count]].concat();
    for entry in entries {
        data.extend_from_slice(entry.as_bytes());
        data.push(0);
    }
    id3_frame(b"CTOC", &data)
}

/// How many CHAPs each child table lists.
pub const ID3_PER_TABLE: usize = 250;

/// An ID3v2.4 tag: the episode's TIT2, a top-level ordered CTOC listing child CTOCs of at most
/// 250 chapters each, and one CHAP with a TIT2 per chapter (ends given, byte offsets unused).
pub fn id3(n: usize) -> Vec<u8> {
    let tables = n.div_ceil(ID3_PER_TABLE);
    let mut body = id3_text(b"TIT2", "A generated episode");
    let children: Vec<String> = (0..tables).map(|t| format!("toc{t}")).collect();
    body.extend(id3_ctoc("toc", 0x03, &children));
    for (t, child) in children.iter().enumerate() {
        let entries: Vec<String> = (t * ID3_PER_TABLE..n.min((t + 1) * ID3_PER_TABLE)).map(|i| format!("ch{i}")).collect();
        body.extend(id3_ctoc(child, 0x01, &entries));
    }
    for i in 0..n {
        let start = u32::try_from(start_ms(i, true)).expect("fits");
        let end = u32::try_from(start_ms(i + 1, true)).expect("fits");
        let data = [
            format!("ch{i}").as_bytes(),
            &[0],
            &start.to_be_bytes(),
            &end.to_be_bytes(),
            &[0xFF; 8],
            &id3_text(b"TIT2", &title(i)),
        ]
        .concat();
        body.extend(id3_frame(b"CHAP", &data));
    }
    [&[b'I', b'D', b'3', 4, 0, 0][..], &synchsafe(body.len()), &body].concat()
}

// ---- MP4 ----

fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let size = u32::try_from(body.len() + 8).expect("box under 4 GiB");
    [&size.to_be_bytes()[..], kind, body].concat()
}

fn full(kind: &[u8; 4], version: u8, body: &[u8]) -> Vec<u8> {
    boxed(kind, &[&[version, 0, 0, 0][..], body].concat())
}

fn u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_be_bytes()).collect()
}

/// An M4A whose audio track (1) names a text track (2) as its chapter track: one sample per
/// chapter (a 16-bit length, the UTF-8 title, an `encd` atom), all in one chunk in `mdat`
/// right after `ftyp`; durations in milliseconds.
pub fn mp4_track(n: usize) -> Vec<u8> {
    let samples: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let title = title(i);
            [&u16::try_from(title.len()).expect("short").to_be_bytes()[..], title.as_bytes(), &[0, 0, 0, 12], b"encd", &[0, 0, 1, 0]]
                .concat()
        })
        .collect();
    let count = u32::try_from(n).expect("fits");
    let durations: Vec<u32> = (0..n).map(|i| u32::try_from(start_ms(i + 1, true) - start_ms(i, true)).expect("fits")).collect();
    let stts = full(b"stts", 0, &[u32s(&[count]), durations.iter().flat_map(|&d| u32s(&[1, d])).collect()].concat());
    let sizes: Vec<u32> = samples.iter().map(|s| u32::try_from(s.len()).expect("fits")).collect();
    let stsz = full(b"stsz", 0, &[u32s(&[0, count]), u32s(&sizes)].concat());
    let stsc = full(b"stsc", 0, &u32s(&[1, 1, count, 1]));
    let ftyp = boxed(b"ftyp", b"M4A \0\0\0\0");
    let stco = full(b"stco", 0, &u32s(&[1, u32::try_from(ftyp.len() + 8).expect("fits")]));
    let stbl = boxed(b"stbl", &[stts, stsz, stsc, stco].concat());
    let mdhd = full(b"mdhd", 0, &u32s(&[0, 0, 1000, durations.iter().sum(), 0]));
    let hdlr = full(b"hdlr", 0, &[&[0, 0, 0, 0][..], b"text", &[0; 13]].concat());
    let mdia = boxed(b"mdia", &[mdhd, hdlr, boxed(b"minf", &stbl)].concat());
    let tkhd = |id: u32| full(b"tkhd", 0, &u32s(&[0, 0, id, 0, 0]));
    let audio = boxed(b"trak", &[tkhd(1), boxed(b"tref", &boxed(b"chap", &u32s(&[2])))].concat());
    let text = boxed(b"trak", &[tkhd(2), mdia].concat());
    [ftyp, boxed(b"mdat", &samples.concat()), boxed(b"moov", &[audio, text].concat())].concat()
}

/// An M4A with a Nero `chpl` in `moov/udta` as mp4v2 writes it: version 1, a zero byte, a
/// 32-bit count, then per chapter its start in 100 ns units, a one-byte length and the title.
pub fn mp4_chpl(n: usize) -> Vec<u8> {
    let mut body = [&[0u8][..], &u32::try_from(n).expect("fits").to_be_bytes()].concat();
    for i in 0..n {
        let title = title(i);
        body.extend((start_ms(i, true) * 10_000).to_be_bytes());
        body.push(u8::try_from(title.len()).expect("titles are short"));
        body.extend(title.as_bytes());
    }
    [boxed(b"ftyp", b"M4A \0\0\0\0"), boxed(b"moov", &boxed(b"udta", &full(b"chpl", 1, &body)))].concat()
}

// ---- Ogg Opus ----

fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    for (i, entry) in table.iter_mut().enumerate() {
        let mut crc = (i as u32) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 { (crc << 1) ^ 0x04c1_1db7 } else { crc << 1 };
        }
        *entry = crc;
    }
    table
}

fn ogg_page(table: &[u32; 256], header_type: u8, sequence: u32, lacing: &[u8], body: &[u8]) -> Vec<u8> {
    let mut page = b"OggS\0".to_vec();
    page.push(header_type);
    page.extend(0u64.to_le_bytes());
    page.extend(1u32.to_le_bytes());
    page.extend(sequence.to_le_bytes());
    page.extend([0; 4]);
    page.push(u8::try_from(lacing.len()).expect("at most 255 segments"));
    page.extend(lacing);
    page.extend(body);
    let crc = page.iter().fold(0u32, |crc, &byte| (crc << 8) ^ table[((crc >> 24) as u8 ^ byte) as usize]);
    page[22..26].copy_from_slice(&crc.to_le_bytes());
    page
}

/// A packet's lacing: 255-byte segments, ended by a shorter one (empty if need be).
fn lace(packet: &[u8]) -> Vec<(u8, &[u8])> {
    let mut segments: Vec<(u8, &[u8])> = packet.chunks(255).map(|c| (c.len() as u8, c)).collect();
    if packet.len().is_multiple_of(255) {
        segments.push((0, &[]));
    }
    segments
}

/// An Ogg Opus file: the OpusHead page, the OpusTags packet (vendor, TITLE, then
/// `CHAPTERnnn=HH:MM:SS.mmm` and `CHAPTERnnnNAME=title` per chapter, numbered from 001 as
/// most tools write them) laced over as many pages of 255 segments as it needs, then one
/// audio packet.
pub fn ogg_opus(n: usize) -> Vec<u8> {
    let table = crc_table();
    let head = [&b"OpusHead"[..], &[1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0]].concat();
    let mut comments = vec!["TITLE=A generated episode".to_owned()];
    for i in 0..n {
        let number = i + 1;
        comments.push(format!("CHAPTER{number:03}={}", Timestamp::from_millis(start_ms(i, true)).hms_millis()));
        comments.push(format!("CHAPTER{number:03}NAME={}", title(i)));
    }
    let mut tags = [&b"OpusTags"[..], &6u32.to_le_bytes(), b"vendor", &u32::try_from(comments.len()).expect("fits").to_le_bytes()].concat();
    for comment in &comments {
        tags.extend(u32::try_from(comment.len()).expect("fits").to_le_bytes());
        tags.extend(comment.as_bytes());
    }
    let mut out = ogg_page(&table, 2, 0, &[head.len() as u8], &head);
    let audio = [0xFC, 0xFF, 0xFE];
    let segments: Vec<(u8, &[u8])> = lace(&tags).into_iter().chain(lace(&audio)).collect();
    let mut continued = false;
    for (sequence, chunk) in segments.chunks(255).enumerate() {
        let lacing: Vec<u8> = chunk.iter().map(|s| s.0).collect();
        let body: Vec<u8> = chunk.iter().flat_map(|s| s.1.iter().copied()).collect();
        out.extend(ogg_page(&table, u8::from(continued), u32::try_from(sequence + 1).expect("fits"), &lacing, &body));
        continued = lacing.last() == Some(&255);
    }
    out
}
