//! Hostile text and URLs in every format that can carry them: whatever is read keeps links and
//! pictures only for `http:`, `https:` and relative URLs (as a browser's URL parser — the `url`
//! crate here — reads them), text without control characters or bidirectional overrides, and
//! the HTML the command-line tool writes holds no markup but its own.
//!
//! The corpus is in `tests/fixtures/xss/` (`urls.txt`, `strings.txt`).

use std::io::Write;
use std::process::{Command, Stdio};

use episode_chapters::chapters::{is_web_url, url_scheme};
use episode_chapters::{export, formats, ChapterImage, Chapters, Parsed};
use proptest::prelude::*;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xss");

/// A corpus file's lines with their escapes (`\t`, `\n`, `\r`, `\0`, `\xHH`, `\u{H…}`) decoded.
fn corpus(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{CORPUS}/{name}")).unwrap();
    text.lines().filter(|line| !line.starts_with('#') && !line.is_empty()).map(unescape).collect()
}

fn unescape(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at + 1..];
        let (c, len) = match escape.as_bytes().first() {
            Some(b't') => ('\t', 1),
            Some(b'n') => ('\n', 1),
            Some(b'r') => ('\r', 1),
            Some(b'0') => ('\0', 1),
            Some(b'x') => (char::from(u8::from_str_radix(&escape[1..3], 16).unwrap()), 3),
            Some(b'u') => {
                let close = escape.find('}').unwrap();
                (char::from_u32(u32::from_str_radix(&escape[2..close], 16).unwrap()).unwrap(), close + 1)
            }
            _ => ('\\', 0),
        };
        out.push(c);
        rest = &escape[len..];
    }
    out.push_str(rest);
    out
}

/// The scheme a browser gives `url` in a page at https://example.com/episodes/12 (`None` when
/// it is no URL at all).
fn browser_scheme(url: &str) -> Option<String> {
    let base = url::Url::parse("https://example.com/episodes/12").unwrap();
    url::Url::options().base_url(Some(&base)).parse(url).ok().map(|u| u.scheme().to_owned())
}

fn is_bidi_or_control(c: char) -> bool {
    c.is_control() && c != '\n' || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What every read must keep to: web links and pictures only, clean text; and the same after
/// the JSON writer and reader, and in the HTML writer's output.
fn assert_safe(what: &str, parsed: &Parsed) {
    let all: Vec<_> = parsed.chapters.iter().chain(parsed.chapters.silent()).collect();
    for chapter in &all {
        if let Some(url) = &chapter.url {
            let scheme = browser_scheme(url);
            assert!(scheme.is_none() || matches!(scheme.as_deref(), Some("http" | "https")), "{what}: link {url:?} ({scheme:?})");
        }
        match &chapter.image {
            Some(ChapterImage::Url(url)) => {
                let scheme = browser_scheme(url);
                assert!(scheme.is_none() || matches!(scheme.as_deref(), Some("http" | "https")), "{what}: picture {url:?} ({scheme:?})");
            }
            Some(ChapterImage::Embedded { mime, .. }) => assert!(formats::image_mime(mime, b"").is_some(), "{what}: picture type {mime}"),
            None => {}
        }
        for text in [&chapter.title, &chapter.summary].into_iter().chain(&chapter.points) {
            assert!(!text.chars().any(is_bidi_or_control), "{what}: {text:?}");
        }
    }
    let back = formats::parse(&export::json(parsed.title.as_deref(), &parsed.chapters)).unwrap();
    assert_eq!(back.chapters, parsed.chapters, "{what}: through JSON");
    assert_html_is_inert(what, &export::html(&parsed.chapters, None), &parsed.chapters);
}

/// The elements and attributes the HTML writer uses; nothing else may appear.
const ELEMENTS: [&str; 6] = ["ol", "li", "a", "span", "p", "ul"];
const ATTRIBUTES: [&str; 4] = ["class", "aria-label", "data-start-ms", "href"];

/// Reads `html` back as a browser's tokenizer would (tags, attributes, character references)
/// and checks that every element and attribute is one of the writer's own, every `href` a
/// `#t=` link, and every title there as text.
fn assert_html_is_inert(what: &str, html: &str, chapters: &Chapters) {
    let mut texts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        texts.push(decode(&rest[..open]));
        let close = rest[open..].find('>').map(|c| open + c).unwrap_or_else(|| panic!("{what}: unclosed tag in\n{html}"));
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_end = tag.find([' ', '\t', '\n', '/']).unwrap_or(tag.len());
        assert!(ELEMENTS.contains(&&tag[..name_end]), "{what}: element <{tag}> in\n{html}");
        let mut attributes = tag[name_end..].trim();
        while !attributes.is_empty() {
            let eq = attributes.find('=').unwrap_or_else(|| panic!("{what}: attribute without a value in <{tag}>"));
            let name = attributes[..eq].trim();
            assert!(ATTRIBUTES.contains(&name), "{what}: attribute {name} in <{tag}>");
            let value = attributes[eq + 1..].strip_prefix('"').unwrap_or_else(|| panic!("{what}: unquoted value in <{tag}>"));
            let end = value.find('"').unwrap();
            if name == "href" {
                let href = decode(&value[..end]);
                let web = matches!(browser_scheme(&href).as_deref(), Some("http" | "https"));
                assert!(href.contains("#t=") && (href.starts_with("#t=") || web), "{what}: href {href} in\n{html}");
            }
            attributes = value[end + 1..].trim();
        }
    }
    for chapter in chapters {
        assert!(texts.contains(&chapter.title), "{what}: the title {:?} is not text of\n{html}", chapter.title);
    }
}

/// Character references decoded, as the HTML tokenizer does in text and attribute values.
fn decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').unwrap_or_else(|| panic!("a bare & in {text:?}"));
        let name = &after[..end];
        out.push(match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "#39" => '\'',
            _ => panic!("unexpected reference &{name}; in {text:?}"),
        });
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out + "\""
}

/// An XML attribute value as a hostile writer would put it: `<` and `"` escaped so the document
/// stays well formed, but character references (`&#106;`) left for the reader to decode.
fn xml_attribute(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '&' if !text[i + 1..].starts_with('#') && !text[i + 1..].starts_with("lt;") => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

fn xml_text(text: &str) -> String {
    xml_attribute(text).replace('>', "&gt;")
}

/// Every URL of the corpus as a link and as a picture, every string as a title, a summary and
/// a key point, in each text format that has a place for them.
fn text_sources() -> Vec<(String, String)> {
    let urls = corpus("urls.txt");
    let strings = corpus("strings.txt");
    let mut sources = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        let u = json_string(url);
        sources.push((
            format!("Podcasting 2.0 JSON url {url:?}"),
            format!(r#"{{"version": "1.2.0", "chapters": [{{"startTime": 0, "title": "A", "url": {u}, "img": {u}}}, {{"startTime": 60, "title": "B"}}]}}"#),
        ));
        sources.push((
            format!("Podlove JSON url {url:?}"),
            format!(r#"[{{"start": "00:00:00.000", "title": "A", "href": {u}, "image": {u}}}, {{"start": "00:01:00.000", "title": "B"}}]"#),
        ));
        let x = xml_attribute(url);
        sources.push((
            format!("PSC url {url:?} ({i})"),
            format!(
                "<psc:chapters version=\"1.2\" xmlns:psc=\"http://podlove.org/simple-chapters\">\n<psc:chapter start=\"0\" title=\"A\" href=\"{x}\" image=\"{x}\"/>\n<psc:chapter start=\"60\" title=\"B\"/>\n</psc:chapters>"
            ),
        ));
    }
    for string in &strings {
        let one_line = string.replace(['\n', '\r'], " ");
        let s = json_string(string);
        sources.push((
            format!("JSON text {string:?}"),
            format!(
                r#"{{"version": "1.2.0", "title": {s}, "chapters": [{{"startTime": 0, "title": {s}, "description": {s}, "points": [{s}]}}, {{"startTime": 60, "title": "B"}}]}}"#
            ),
        ));
        sources.push((format!("show notes {string:?}"), format!("{one_line}\nCHAPTERS\n- 0:00 – 1:00\n{one_line}\n{one_line}\n- •{one_line}\n- 1:00 – 2:00\nB\n")));
        sources.push((format!("description list {string:?}"), format!("0:00 {one_line}\n1:00 B\n2:00 C\n")));
        sources.push((format!("WebVTT {string:?}"), format!("WEBVTT\n\n00:00.000 --> 01:00.000\n{}\n\n01:00.000 --> 02:00.000\nB\n", one_line.replace("-->", "->"))));
        sources.push((
            format!("PSC text {string:?}"),
            format!(
                "<psc:chapters version=\"1.2\" xmlns:psc=\"http://podlove.org/simple-chapters\">\n<psc:chapter start=\"0\" title=\"{}\"/>\n<psc:chapter start=\"60\" title=\"B\"/>\n</psc:chapters>",
                xml_attribute(string)
            ),
        ));
        sources.push((format!("PSC title element {string:?}"), format!("<rss xmlns:psc=\"http://podlove.org/simple-chapters\"><channel><item><title>{}</title><psc:chapters><psc:chapter start=\"0\" title=\"A\"/></psc:chapters></item></channel></rss>", xml_text(string))));
    }
    sources
}

#[test]
fn hostile_text_sources_read_safe() {
    let mut read = 0;
    for (what, source) in text_sources() {
        // An error is safe; what is read must be.
        if let Ok(parsed) = formats::parse(&source) {
            assert_safe(&what, &parsed);
            read += 1;
        }
    }
    assert!(read > 200, "only {read} sources read");
}

#[test]
fn hostile_links_are_dropped_with_a_warning_and_web_links_kept() {
    for url in corpus("urls.txt") {
        let source = format!(r#"{{"version": "1.2.0", "chapters": [{{"startTime": 0, "title": "A", "url": {0}, "img": {0}}}]}}"#, json_string(&url));
        let parsed = formats::parse(&source).unwrap();
        let chapter = parsed.chapters.get(0).unwrap();
        let web = matches!(browser_scheme(&url).as_deref(), Some("http" | "https"));
        assert_eq!(chapter.url.is_some(), web, "{url:?}");
        assert_eq!(chapter.image.is_some(), web, "{url:?}");
        let dropped = parsed.warnings.iter().filter(|w| matches!(w.kind(), episode_chapters::ErrorKind::NotWebUrl { .. })).count();
        assert_eq!(dropped, if web { 0 } else { 2 }, "{url:?}: {:?}", parsed.warnings);
    }
}

/// An ID3v2.4 tag of one chapter with `TIT2`, `TIT3`, `WXXX` and a linked `APIC`.
fn id3(title: &str, url: &str) -> Vec<u8> {
    let frame = |id: &[u8; 4], data: &[u8]| {
        let size = data.len();
        let synchsafe = [(size >> 21) as u8 & 0x7f, (size >> 14) as u8 & 0x7f, (size >> 7) as u8 & 0x7f, size as u8 & 0x7f];
        [&id[..], &synchsafe, &[0, 0], data].concat()
    };
    let sub = [
        frame(b"TIT2", &[&[3][..], title.as_bytes()].concat()),
        frame(b"TIT3", &[&[3][..], title.as_bytes()].concat()),
        frame(b"WXXX", &[&[3][..], b"\0", url.as_bytes()].concat()),
        frame(b"APIC", &[&[3][..], b"-->\0", &[3], b"\0", url.as_bytes()].concat()),
    ]
    .concat();
    let chap = frame(b"CHAP", &[&b"c1\0"[..], &0u32.to_be_bytes(), &5000u32.to_be_bytes(), &[0xFF; 8], &sub].concat());
    let size = chap.len();
    let synchsafe = [(size >> 21) as u8 & 0x7f, (size >> 14) as u8 & 0x7f, (size >> 7) as u8 & 0x7f, size as u8 & 0x7f];
    [&b"ID3\x04\0\0"[..], &synchsafe, &chap].concat()
}

/// An Ogg Opus file with Vorbis comments (one page, CRC right).
fn ogg(comments: &[String]) -> Vec<u8> {
    let head = [&b"OpusHead"[..], &[1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0]].concat();
    let mut tags = [&b"OpusTags"[..], &6u32.to_le_bytes(), b"vendor", &(comments.len() as u32).to_le_bytes()].concat();
    for comment in comments {
        tags.extend((comment.len() as u32).to_le_bytes());
        tags.extend(comment.as_bytes());
    }
    let mut pages = Vec::new();
    for (sequence, (packet, flags)) in [(head, 2u8), (tags, 0)].into_iter().enumerate() {
        let mut lacing = vec![255u8; packet.len() / 255];
        lacing.push((packet.len() % 255) as u8);
        assert!(lacing.len() <= 255);
        let mut page = [&b"OggS\0"[..], &[flags], &[0; 8], &1u32.to_le_bytes(), &(sequence as u32).to_le_bytes(), &[0; 4], &[lacing.len() as u8]].concat();
        page.extend(&lacing);
        page.extend(&packet);
        let mut crc = 0u32;
        for &byte in &page {
            crc ^= u32::from(byte) << 24;
            for _ in 0..8 {
                crc = if crc & 0x8000_0000 != 0 { (crc << 1) ^ 0x04c1_1db7 } else { crc << 1 };
            }
        }
        page[22..26].copy_from_slice(&crc.to_le_bytes());
        pages.extend(page);
    }
    pages
}

/// An MP4 file whose Nero `chpl` list holds one chapter titled `title`.
fn mp4(title: &str) -> Vec<u8> {
    let boxed = |kind: &[u8; 4], body: &[u8]| [&((body.len() + 8) as u32).to_be_bytes()[..], kind, body].concat();
    let title = &title.as_bytes()[..title.len().min(255)];
    let chpl = [&[1, 0, 0, 0, 0, 0, 0, 0, 1][..], &0u64.to_be_bytes(), &[title.len() as u8], title].concat();
    boxed(b"moov", &boxed(b"udta", &boxed(b"chpl", &chpl)))
}

#[test]
fn hostile_media_files_read_safe() {
    let urls = corpus("urls.txt");
    let strings = corpus("strings.txt");
    let mut read = 0;
    for (url, string) in urls.iter().zip(strings.iter().cycle()) {
        let title = if string.trim_matches(|c: char| c.is_control() || c.is_whitespace()).is_empty() { "x" } else { string };
        for (what, bytes) in [
            ("ID3", id3(title, url)),
            ("Ogg", ogg(&["CHAPTER001=00:00:00.000".to_owned(), format!("CHAPTER001NAME={title}"), format!("CHAPTER001URL={url}")])),
            ("MP4", mp4(title)),
        ] {
            if let Ok(parsed) = formats::parse_bytes(&bytes) {
                assert_safe(&format!("{what} {url:?} {title:?}"), &parsed);
                read += 1;
            }
        }
    }
    assert!(read >= 2 * urls.len(), "only {read} files read");
}

#[test]
fn the_cli_html_holds_no_markup_but_its_own() {
    let mut checked = 0;
    for (what, source) in text_sources().into_iter().step_by(7) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_episode-chapters"))
            .args(["convert", "-", "--to", "html", "--media", "https://cdn.example/ep\"><script>alert(1)</script> '.mp3"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(source.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            let parsed = formats::parse(&source).unwrap();
            let html = String::from_utf8(out.stdout).unwrap();
            assert_html_is_inert(&what, &html, &parsed.chapters);
            assert!(html.contains("<a href=\"https://cdn.example/ep%22%3E%3Cscript%3Ealert(1)%3C/script%3E%20&#39;.mp3#t=0\">"), "{html}");
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} converted");
    // A media URL that is not the web's is refused before anything is read.
    let out = Command::new(env!("CARGO_BIN_EXE_episode-chapters"))
        .args(["convert", "-", "--to", "html", "--media", " JaVa\tScRiPt:alert(1)"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("error: --media \" JaVa\\tScRiPt:alert(1)\" is not an http:, https: or relative URL"));
}

/// What a page may be given as a URL: mostly scheme-like starts, with the characters the URL
/// parser strips or removes, any case.
fn url_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("javascript".to_owned()),
        Just("http".to_owned()),
        Just("https".to_owned()),
        Just("data".to_owned()),
        Just(":".to_owned()),
        Just("//".to_owned()),
        Just("/".to_owned()),
        "[\\t\\n\\r \\x00-\\x1f]{1,2}",
        "[a-zA-Z0-9+.\\-]{1,4}",
        "[&#;%?=é\\u{202e}\\u{3000}]",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// `url_scheme` finds the scheme the WHATWG parser finds, and `is_web_url` says yes exactly
    /// when a browser would go to an http(s) URL.
    #[test]
    fn the_scheme_is_the_browsers(url in url_like()) {
        let browser = browser_scheme(&url);
        let blank = url.trim_matches(|c: char| c <= ' ').is_empty();
        if let Some(ours) = url_scheme(&url) {
            // With a base, a scheme the parser finds is always the scheme.
            if let Some(browser) = &browser {
                prop_assert_eq!(&ours, browser);
            }
        } else if let Some(browser) = &browser {
            // Relative: resolved against the page's https base.
            prop_assert_eq!(browser.as_str(), "https");
        }
        if let Some(scheme) = browser.filter(|_| !blank) {
            prop_assert_eq!(is_web_url(&url), scheme == "http" || scheme == "https", "{:?}", url);
        }
    }
}
