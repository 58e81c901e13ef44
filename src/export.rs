//! Writing chapters out: Podcasting 2.0 JSON, WebVTT, Podlove Simple Chapters, show-notes text,
//! and plain HTML that a page can serve before (or without) the widget.
//!
//! Each writer takes the normalised chapters and, where the format needs an end for the last
//! chapter, the media's duration if known. What a format cannot express is left out: only JSON
//! carries silent chapters (`toc: false`), summaries and key points go where the format has a
//! place for them. Reading a writer's output with the matching reader gives the same chapters
//! back (tested for every format that has a reader).

use std::fmt::Write;

use crate::chapters::{sorted_by_key, Chapter, ChapterImage, Chapters, Timestamp};

/// Podcasting 2.0 JSON chapters 1.2, with our `description` and `points` extension fields.
///
/// # Examples
///
/// ```
/// use episode_chapters::{export, formats};
///
/// let parsed = formats::parse("Show\nCHAPTERS\n- 0:00 – 1:02.5\nIntro\nHello.\n- •One\n").unwrap();
/// let json = export::json(parsed.title.as_deref(), &parsed.chapters);
/// assert!(json.contains(r#""startTime": 0, "endTime": 62.5, "title": "Intro""#));
/// assert_eq!(formats::parse(&json).unwrap().chapters, parsed.chapters);
/// ```
pub fn json(title: Option<&str>, chapters: &Chapters) -> String {
    let all = sorted_by_key(chapters.iter().chain(chapters.silent()).collect(), |c: &&Chapter| c.start.as_millis());
    let mut out = String::from("{\n  \"version\": \"1.2.0\",\n");
    if let Some(title) = title {
        let _ = writeln!(out, "  \"title\": {},", json_string(title));
    }
    out.push_str("  \"chapters\": [");
    for (i, chapter) in all.iter().enumerate() {
        out.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        let _ = write!(out, "\"startTime\": {}", chapter.start.secs_text());
        if let Some(end) = chapter.end {
            let _ = write!(out, ", \"endTime\": {}", end.secs_text());
        }
        let _ = write!(out, ", \"title\": {}", json_string(&chapter.title));
        if !chapter.toc {
            out.push_str(", \"toc\": false");
        }
        if let Some(url) = &chapter.url {
            let _ = write!(out, ", \"url\": {}", json_string(url));
        }
        if let Some(ChapterImage::Url(img)) = &chapter.image {
            let _ = write!(out, ", \"img\": {}", json_string(img));
        }
        if !chapter.summary.is_empty() {
            let _ = write!(out, ",\n     \"description\": {}", json_string(&chapter.summary));
        }
        if !chapter.points.is_empty() {
            let points: Vec<String> = chapter.points.iter().map(|p| json_string(p)).collect();
            let _ = write!(out, ",\n     \"points\": [{}]", points.join(", "));
        }
        out.push('}');
    }
    out.push_str("\n  ]\n}\n");
    out
}

/// A chapter whose end is unknown (no end in the source, no media duration), for a format that
/// needs one: a WebVTT cue has an end time, and a cue that ends where it starts is never shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEnd {
    /// The chapter's place among the listed chapters, from 0 (always the last one: the others
    /// end where the next starts).
    pub index: usize,
    /// Its title.
    pub title: String,
    /// Its start.
    pub start: Timestamp,
}

impl std::fmt::Display for UnknownEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the end of chapter {} \"{}\" (from {}) is unknown", self.index + 1, self.title, self.start)
    }
}

impl std::error::Error for UnknownEnd {}

/// WebVTT chapters: one cue per listed chapter, its title as the cue text, and the chapter
/// left out because its end is unknown, if any.
///
/// Every cue needs an end: a chapter's own, the next chapter's start, or for the last one
/// `duration`. When the last chapter's end is unknown (no end in the source and no `duration`,
/// as in a description list or Podlove Simple Chapters), it is left out and returned: a cue
/// that ends where it starts is a chapter that no player shows.
///
/// # Examples
///
/// ```
/// use episode_chapters::{export, formats, Timestamp};
///
/// let parsed = formats::parse("00:00 Intro\n05:10 Main\n10:00 End\n").unwrap();
/// let (vtt, left_out) = export::vtt(&parsed.chapters, None);
/// assert!(vtt.ends_with("\n2\n00:05:10.000 --> 00:10:00.000\nMain\n"));
/// assert_eq!(left_out.unwrap().to_string(), "the end of chapter 3 \"End\" (from 10:00) is unknown");
/// let (vtt, left_out) = export::vtt(&parsed.chapters, Some(Timestamp::from_millis(720_000)));
/// assert!(vtt.ends_with("\n3\n00:10:00.000 --> 00:12:00.000\nEnd\n"));
/// assert_eq!(left_out, None);
/// ```
pub fn vtt(chapters: &Chapters, duration: Option<Timestamp>) -> (String, Option<UnknownEnd>) {
    let mut out = String::from("WEBVTT\n");
    for (i, chapter) in chapters.iter().enumerate() {
        let Some(end) = chapters.end_of(i, duration).filter(|&end| end > chapter.start) else {
            return (out, Some(UnknownEnd { index: i, title: chapter.title.clone(), start: chapter.start }));
        };
        let title = chapter.title.replace("-->", "->");
        let _ = write!(out, "\n{}\n{} --> {}\n{}\n", i + 1, chapter.start.hms_millis(), end.hms_millis(), vtt_escape(&title));
    }
    (out, None)
}

/// Podlove Simple Chapters 1.2: a standalone `<psc:chapters>` document.
pub fn psc(chapters: &Chapters) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<psc:chapters version=\"1.2\" xmlns:psc=\"http://podlove.org/simple-chapters\">\n",
    );
    for chapter in chapters {
        let _ = write!(out, "  <psc:chapter start=\"{}\" title=\"{}\"", chapter.start.hms_millis(), xml_escape(&chapter.title));
        if let Some(url) = &chapter.url {
            let _ = write!(out, " href=\"{}\"", xml_escape(url));
        }
        if let Some(ChapterImage::Url(img)) = &chapter.image {
            let _ = write!(out, " image=\"{}\"", xml_escape(img));
        }
        out.push_str("/>\n");
    }
    out.push_str("</psc:chapters>\n");
    out
}

/// Show notes in the shape [`formats::shownotes`](crate::formats::shownotes) reads: a title
/// line, `CHAPTERS`, then per chapter a range line, the title, the summary and `- •` points.
///
/// A title, summary or episode title that the reader would take for something else (a chapter
/// line such as `⏱ 0:30 Intro` or `1. 0:30 Intro`, a key point such as `- Why`; see
/// [`shownotes::needs_word_joiner`](crate::formats::shownotes::needs_word_joiner)) is written
/// after an invisible U+2060 WORD JOINER, which the reader drops, so it reads back as itself.
///
/// # Examples
///
/// ```
/// use episode_chapters::{export, formats::shownotes, Chapter, Chapters, Timestamp};
///
/// let (chapters, _) = Chapters::new(vec![
///     Chapter::new(Timestamp::ZERO, "⏱ 0:30 Intro"),
///     Chapter::new(Timestamp::from_millis(60_000), "1. 0:30 x"),
/// ]);
/// let notes = export::text(None, &chapters);
/// assert!(notes.contains("\n\u{2060}⏱ 0:30 Intro\n"));
/// let back = shownotes::parse(&notes).unwrap();
/// assert_eq!(back.chapters.len(), 2);
/// assert_eq!(back.chapters.get(1).unwrap().title, "1. 0:30 x");
/// ```
pub fn text(title: Option<&str>, chapters: &Chapters) -> String {
    let mut out = String::new();
    if let Some(title) = title {
        let _ = writeln!(out, "{}", header_line(&one_line(title)));
    }
    out.push_str("CHAPTERS\n");
    for chapter in chapters {
        match chapter.end {
            Some(end) => {
                let _ = writeln!(out, "- {} – {}", chapter.start.clock_exact(), end.clock_exact());
            }
            None => {
                let _ = writeln!(out, "- {}", chapter.start.clock_exact());
            }
        }
        let _ = writeln!(out, "{}", text_line(&chapter.title));
        if !chapter.summary.is_empty() {
            let _ = writeln!(out, "{}", text_line(&chapter.summary));
        }
        for point in &chapter.points {
            let _ = writeln!(out, "- •{point}");
        }
    }
    out
}

/// Plain chapter-list markup: an ordered list of `#t=` links (Media Fragments) with titles,
/// summaries and key points. It works with no script at all, and the widget replaces it when
/// it loads. Everything is escaped; no inline styles or scripts.
pub fn html(chapters: &Chapters, duration: Option<Timestamp>) -> String {
    html_for_media(chapters, duration, None)
}

/// [`html`] whose links point into the audio file itself: with `media` the link of a chapter
/// at 12:42 is `media#t=762`, a media fragment that browsers honour when they open the file,
/// with no script at all. `media` loses any fragment of its own; characters that a URL cannot
/// hold as they are (white space, control characters, `"`, `<`, `>`, `` ` ``) are
/// percent-encoded, and the result is escaped for the attribute. A `media` that is not
/// `http:`, `https:` or relative (see [`is_web_url`](crate::chapters::is_web_url)) is not
/// linked to: the links are then `#t=…` as with `None`.
///
/// # Examples
///
/// ```
/// use episode_chapters::{export, formats};
///
/// let parsed = formats::parse("CHAPTERS\n- 0:00 – 12:42\nIntro\n- 12:42 – 20:00\nNews\n").unwrap();
/// let html = export::html_for_media(&parsed.chapters, None, Some("https://cdn.example/ep 1.mp3?a=1&b=2"));
/// assert!(html.contains(r#"<a href="https://cdn.example/ep%201.mp3?a=1&amp;b=2#t=762">"#));
/// let html = export::html_for_media(&parsed.chapters, None, Some("javascript:alert(1)"));
/// assert!(html.contains(r##"<a href="#t=762">"##));
/// ```
pub fn html_for_media(chapters: &Chapters, duration: Option<Timestamp>, media: Option<&str>) -> String {
    let media = media.filter(|url| crate::chapters::is_web_url(url)).map(media_href).unwrap_or_default();
    let mut out = String::from("<ol class=\"ec-chapters\" aria-label=\"Chapters\">\n");
    for (i, chapter) in chapters.iter().enumerate() {
        let range = match chapters.end_of(i, duration) {
            Some(end) => format!("{}–{}", chapter.start, end),
            None => chapter.start.to_string(),
        };
        let _ = write!(
            out,
            "  <li data-start-ms=\"{}\"><a href=\"{media}#t={}\"><span class=\"ec-range\">{}</span> <span class=\"ec-title\">{}</span></a>",
            chapter.start.as_millis(),
            chapter.start.secs_text(),
            range,
            xml_escape(&chapter.title)
        );
        if !chapter.summary.is_empty() {
            let _ = write!(out, "\n    <p>{}</p>", xml_escape(&chapter.summary));
        }
        if !chapter.points.is_empty() {
            out.push_str("\n    <ul>");
            for point in &chapter.points {
                let _ = write!(out, "<li>{}</li>", xml_escape(point));
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    out
}

/// The media URL as the part of an `href` before `#t=`: without its own fragment, with what a
/// URL cannot hold as it is percent-encoded, escaped for a double-quoted attribute.
fn media_href(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let mut encoded = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`') {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(encoded, "%{byte:02X}");
            }
        } else {
            encoded.push(c);
        }
    }
    xml_escape(&encoded)
}

/// A JSON string literal.
pub(crate) fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for XML/HTML content and attribute values.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// WebVTT cue text: `&`, `<` and `>` are the only characters with a meaning there.
fn vtt_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Folds line breaks and control characters into single spaces (for the episode title, which
/// the common rules do not touch).
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control()).filter(|part| !part.trim().is_empty()).map(str::trim).collect::<Vec<_>>().join(" ")
}

/// The episode title as the first line of show notes. The reader takes that line as the title
/// unless it reads as a chapter line (`12:00 deadlines`) or is the `CHAPTERS` marker; such a
/// title is written after a word joiner, which the reader keeps in the header line, so the
/// title keeps its words (and no chapter is made of it). One that merely looks like a key point
/// (`- Why`) is the title as it is.
fn header_line(title: &str) -> String {
    use crate::formats::shownotes::{self, needs_word_joiner, WORD_JOINER};
    let mistaken = title.eq_ignore_ascii_case("chapters")
        || needs_word_joiner(title)
            && !shownotes::parse(&format!("{title}\nCHAPTERS\n- 0:00\nx\n")).is_ok_and(|read| read.title.as_deref() == Some(title) && read.chapters.len() == 1);
    if mistaken {
        format!("{WORD_JOINER}{title}")
    } else {
        title.to_owned()
    }
}

/// One line of show notes that the reader will not mistake for a chapter line or a point: the
/// reader's own test ([`needs_word_joiner`]) decides, and a line that starts with a word joiner
/// gets another (the reader drops one). Chapter text is already on one line: the common rules
/// tidied it.
///
/// [`needs_word_joiner`]: crate::formats::shownotes::needs_word_joiner
fn text_line(line: &str) -> String {
    use crate::formats::shownotes::{needs_word_joiner, WORD_JOINER};
    if needs_word_joiner(line) || line.starts_with(WORD_JOINER) {
        format!("{WORD_JOINER}{line}")
    } else {
        line.to_owned()
    }
}
