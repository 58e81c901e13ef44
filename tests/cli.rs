//! The `episode-chapters` command-line tool, run as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/episode.txt");

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_episode-chapters"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn check_a_good_file() {
    let out = run(&["check", DEMO], b"");
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), format!("{DEMO}: 15 chapters (0:00–37:25)\n"));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn check_reports_warnings_with_positions_and_still_succeeds() {
    let out = run(&["check", "-"], "CHAPTERS\n- 0:00 – 1:00\nA\n- 1:00 – 2:oo\nB\n- 2:00 – 3:00\nC\n".as_bytes());
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "-: 2 chapters (0:00–3:00), 1 warning\n");
    assert_eq!(text(&out.stderr), "-: warning: line 4, column 10: invalid timestamp \"2:oo\"\n");
}

#[test]
fn check_fails_on_unusable_input() {
    let out = run(&["check", "-"], b"{\"version\": \"1.2.0\",\n \"chapters\": [\n  {\"startTime\": 0 \"title\": \"A\"}\n]}");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(text(&out.stderr), "-: error: line 3, column 19: invalid JSON: expected ',' or '}' after a member, found '\"'\n");
    let out = run(&["check", "-"], b"CHAPTERS\n\xff\xfe\xfd");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "-: error: byte 9: invalid UTF-8\n");
    let out = run(&["check", "/no/such/file"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("/no/such/file: error: cannot read: "));
}

#[test]
fn convert_round_trips_through_every_readable_format() {
    let json = run(&["convert", DEMO, "--to", "json"], b"");
    assert!(json.status.success());
    let text_out = run(&["convert", "-", "--to", "text"], &json.stdout);
    assert!(text_out.status.success());
    let demo = std::fs::read_to_string(DEMO).unwrap();
    assert_eq!(text(&text_out.stdout).trim_end(), demo.trim_end(), "json -> text gives the demo notes back");
    let json_again = run(&["convert", "-", "--to", "json"], &text_out.stdout);
    assert_eq!(text(&json_again.stdout), text(&json.stdout));
}

#[test]
fn convert_to_vtt_psc_and_html() {
    let vtt = text(&run(&["convert", DEMO, "--to", "vtt"], b"").stdout);
    assert!(vtt.starts_with("WEBVTT\n\n1\n00:00:00.000 --> 00:02:45.000\nFrom eBay power-seller"), "{vtt}");
    assert!(vtt.contains("\n15\n00:34:04.000 --> 00:37:25.000\n"));
    let psc = text(&run(&["convert", DEMO, "--to", "psc"], b"").stdout);
    assert!(psc.contains("<psc:chapter start=\"00:12:42.000\" title=\"Bridging research to enterprise: why ML’s “time to production” is unusually fast\"/>"), "{psc}");
    let html = text(&run(&["convert", DEMO, "--to", "html"], b"").stdout);
    assert!(html.starts_with("<ol class=\"ec-chapters\" aria-label=\"Chapters\">\n  <li data-start-ms=\"0\"><a href=\"#t=0\">"), "{html}");
    assert!(html.contains("<a href=\"#t=762\"><span class=\"ec-range\">12:42–14:53</span>"));
    assert_eq!(html.matches("<li data-start-ms=").count(), 15);
}

#[test]
fn convert_escapes_hostile_titles() {
    let hostile = "CHAPTERS\n- 0:00 – 1:00\n<script>alert(\"x\")</script> & \"quotes\"\n";
    let html = text(&run(&["convert", "-", "--to", "html"], hostile.as_bytes()).stdout);
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;"), "{html}");
    let json = run(&["convert", "-", "--to", "json"], hostile.as_bytes());
    let back = run(&["convert", "-", "--to", "text"], &json.stdout);
    assert!(text(&back.stdout).contains("<script>alert(\"x\")</script> & \"quotes\""));
}

#[test]
fn duration_gives_the_last_end() {
    let notes = b"CHAPTERS\n- 0:00\nIntro\n- 1:30\nOutro\n";
    let vtt = text(&run(&["convert", "-", "--to", "vtt", "--duration", "125.5"], notes).stdout);
    assert!(vtt.contains("00:01:30.000 --> 00:02:05.500"), "{vtt}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [&[][..], &["frobnicate"], &["check"], &["convert", DEMO], &["convert", DEMO, "--to", "mp3"], &["convert", DEMO, "--to", "json", "--duration", "soon"]] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("usage:"), "{args:?}");
    }
    let help = run(&["--help"], b"");
    assert!(help.status.success());
    assert!(text(&help.stdout).starts_with("usage:"));
}

#[test]
fn media_files_are_read_directly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    for (file, summary) in [
        ("id3/ffmpeg-v24.mp3", "4 chapters (0:00–0:40)"),
        ("mp4/ffmpeg.m4a", "4 chapters (0:00–0:20)"),
        ("ogg/opusenc.opus", "4 chapters (from 0:00)"),
    ] {
        let path = format!("{dir}/{file}");
        let out = run(&["check", &path], b"");
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), format!("{path}: {summary}\n"));
    }
}

#[test]
fn the_file_name_is_a_hint_the_content_decides() {
    let dir = std::env::temp_dir().join(format!("episode-chapters-cli-hints-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A .vtt file without chapters: the error is WebVTT's.
    let vtt = dir.join("chapters.vtt");
    std::fs::write(&vtt, "Thanks for listening!\n").unwrap();
    let out = run(&["check", vtt.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), format!("{}: error: line 1, column 1: missing \"WEBVTT\" header\n", vtt.display()));
    // A .json file holding WebVTT: read as WebVTT, with a warning.
    let json = dir.join("chapters.json");
    std::fs::write(&json, "WEBVTT\n\n00:00.000 --> 01:00.000\nIntro\n").unwrap();
    let out = run(&["check", json.to_str().unwrap()], b"");
    assert!(out.status.success());
    assert_eq!(
        text(&out.stderr),
        format!("{}: warning: named or served as JSON chapters, but the content is WebVTT: read as WebVTT\n", json.display())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn duration_drops_and_cuts_what_runs_past_the_audio() {
    // The demo notes run to 37:25 (chapter 14 is 28:34–34:04); this audio ends at 30:00.
    let out = run(&["check", DEMO, "--duration", "30:00"], b"");
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].ends_with("ends at 34:04, after the end of the media (30:00): cut there"), "{stderr}");
    assert!(lines[1].ends_with("starts at 34:04, after the end of the media (30:00): not listed"), "{stderr}");
    assert_eq!(text(&out.stdout), format!("{DEMO}: 14 chapters (0:00–30:00), 2 warnings\n"));
    let out = run(&["convert", DEMO, "--to", "json", "--duration", "1800"], b"");
    assert!(text(&out.stdout).contains(r#""endTime": 1800,"#));
    assert!(!text(&out.stdout).contains(r#""startTime": 2044"#));
}

// Many files at once: folders, --out, output names, --media, per-command help.

/// An empty folder of its own for one test.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("episode-chapters-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &std::path::Path, contents: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// Every file under `dir`, hidden ones too, as sorted relative paths.
fn files_under(dir: &std::path::Path) -> Vec<String> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_str().unwrap().to_owned());
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// The demo notes in each readable text format, made by the tool itself: (extension, bytes).
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let convert = |to: &str| {
        let out = run(&["convert", DEMO, "--to", to], b"");
        assert!(out.status.success());
        out.stdout
    };
    vec![("txt", std::fs::read(DEMO).unwrap()), ("json", convert("json")), ("vtt", convert("vtt")), ("psc.xml", convert("psc"))]
}

const BROKEN_JSON: &[u8] = b"{\"version\": \"1.2.0\",\n \"chapters\": [\n  {\"startTime\": 0 \"title\": \"A\"}\n]}";
const WARNED_NOTES: &[u8] = "CHAPTERS\n- 0:00 – 1:00\nA\n- 1:00 – 2:oo\nB\n- 2:00 – 3:00\nC\n".as_bytes();

#[test]
fn convert_a_folder_of_mixed_formats_writes_the_good_files_and_reports_the_broken_ones() {
    let dir = temp_dir("folder");
    let (input, out) = (dir.join("in"), dir.join("out"));
    let seeds = seeds();
    write(&input.join("a-notes.txt"), &seeds[0].1);
    write(&input.join("sub/b-chapters.json"), &seeds[1].1);
    write(&input.join("sub/deeper/c.vtt"), &seeds[2].1);
    write(&input.join("d-podlove.xml"), &seeds[3].1);
    write(&input.join("broken.json"), BROKEN_JSON);
    write(&input.join("sub/broken.vtt"), b"Thanks for listening!\n");
    write(&input.join("warned.txt"), WARNED_NOTES);
    write(&input.join(".hidden.txt"), &seeds[0].1);
    write(&input.join(".git/notes.txt"), &seeds[0].1);

    let result = run(&["convert", input.to_str().unwrap(), "--to", "html", "--out", out.to_str().unwrap()], b"");
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(text(&result.stdout), "");
    let i = input.display();
    assert_eq!(
        text(&result.stderr),
        format!(
            "{i}/broken.json: error: line 3, column 19: invalid JSON: expected ',' or '}}' after a member, found '\"'\n\
             {i}/sub/broken.vtt: error: line 1, column 1: missing \"WEBVTT\" header\n\
             {i}/warned.txt: warning: line 4, column 10: invalid timestamp \"2:oo\"\n\
             episode-chapters: 2 of 7 files failed\n"
        )
    );
    assert_eq!(files_under(&out), ["a-notes.html", "d-podlove.html", "sub/b-chapters.html", "sub/deeper/c.html", "warned.html"]);
    // Each written file is what converting that file alone prints.
    for (written, source) in [
        ("a-notes.html", "a-notes.txt"),
        ("d-podlove.html", "d-podlove.xml"),
        ("sub/b-chapters.html", "sub/b-chapters.json"),
        ("sub/deeper/c.html", "sub/deeper/c.vtt"),
        ("warned.html", "warned.txt"),
    ] {
        let alone = run(&["convert", input.join(source).to_str().unwrap(), "--to", "html"], b"");
        assert_eq!(std::fs::read_to_string(out.join(written)).unwrap(), text(&alone.stdout), "{written}");
    }
    let notes = std::fs::read_to_string(out.join("a-notes.html")).unwrap();
    assert_eq!(notes.matches("<li data-start-ms=").count(), 15);
    assert!(notes.contains("<a href=\"#t=762\"><span class=\"ec-range\">12:42–14:53</span>"), "{notes}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_names_take_the_format_extension_and_read_back() {
    let dir = temp_dir("names");
    let input = dir.join("in");
    for (extension, bytes) in seeds() {
        write(&input.join(format!("show/ep-{}.{extension}", extension.replace('.', "-"))), &bytes);
    }
    for (to, extension) in [("json", "json"), ("vtt", "vtt"), ("psc", "psc.xml"), ("text", "txt"), ("html", "html")] {
        let out = dir.join(format!("out-{to}"));
        // The duration gives the Podlove file (which has no ends) its last end.
        let result = run(&["convert", input.to_str().unwrap(), "--to", to, "--out", out.to_str().unwrap(), "--duration", "37:25"], b"");
        assert!(result.status.success(), "{to}: {}", text(&result.stderr));
        assert_eq!(text(&result.stderr), "");
        let names: Vec<String> = ["json", "psc-xml", "txt", "vtt"].iter().map(|e| format!("show/ep-{e}.{extension}")).collect();
        assert_eq!(files_under(&out), names, "{to}");
        if to != "html" {
            // The extension is the format's own: every file reads back without a hint warning.
            let check = run(&["check", out.to_str().unwrap(), "--duration", "37:25"], b"");
            assert!(check.status.success(), "{to}: {}", text(&check.stderr));
            assert_eq!(text(&check.stderr), "", "{to}");
            assert_eq!(text(&check.stdout).lines().count(), 4, "{to}");
            assert!(text(&check.stdout).lines().all(|line| line.ends_with(": 15 chapters (0:00–37:25)")), "{to}: {}", text(&check.stdout));
        }
    }
    // A Podlove file converted to psc again keeps one .psc.xml, not .psc.psc.xml.
    let again = dir.join("again");
    let result = run(&["convert", dir.join("out-psc").to_str().unwrap(), "--to", "psc", "--out", again.to_str().unwrap()], b"");
    assert!(result.status.success());
    assert_eq!(files_under(&again)[0], "show/ep-json.psc.xml");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_inputs_with_one_output_name_and_an_output_folder_inside_the_input() {
    let dir = temp_dir("clash");
    let seeds = seeds();
    write(&dir.join("ep.json"), &seeds[1].1);
    write(&dir.join("ep.txt"), &seeds[0].1);
    write(&dir.join("other.vtt"), &seeds[2].1);
    let out = dir.join("html");
    let d = dir.display();
    // Twice: the second run does not read what the first wrote into the folder.
    for _ in 0..2 {
        let result = run(&["convert", dir.to_str().unwrap(), "--to", "html", "--out", out.to_str().unwrap()], b"");
        assert_eq!(result.status.code(), Some(1));
        assert_eq!(
            text(&result.stderr),
            format!("{d}/ep.txt: error: not converted: {d}/html/ep.html is the output of {d}/ep.json already\nepisode-chapters: 1 of 3 files failed\n")
        );
        assert_eq!(files_under(&out), ["ep.html", "other.html"]);
    }
    // Converting a folder into itself never overwrites an input.
    let before = std::fs::read(dir.join("ep.json")).unwrap();
    let result = run(&["convert", dir.join("ep.json").to_str().unwrap(), "--to", "json", "--out", dir.to_str().unwrap()], b"");
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(text(&result.stderr), format!("{d}/ep.json: error: not written: it is the input file\nepisode-chapters: 1 of 1 files failed\n"));
    assert_eq!(std::fs::read(dir.join("ep.json")).unwrap(), before);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn many_files_in_one_line_each_in_the_order_given() {
    let dir = temp_dir("many");
    let seeds = seeds();
    // 240 files of four formats and varied sizes: the parallel run still prints in order.
    let (mut expected, mut expected_warnings) = (String::new(), String::new());
    for n in 0..240 {
        let (extension, bytes, summary) = match (n % 7, &seeds[n % 4]) {
            (3, _) => ("txt", WARNED_NOTES, "2 chapters (0:00–3:00), 1 warning"),
            // Podlove Simple Chapters have no ends.
            (_, ("psc.xml", bytes)) => ("psc.xml", &bytes[..], "15 chapters (from 0:00)"),
            (_, (extension, bytes)) => (*extension, &bytes[..], "15 chapters (0:00–37:25)"),
        };
        let path = dir.join(format!("show-{:02}/ep-{n:03}.{extension}", n / 40));
        write(&path, bytes);
        expected.push_str(&format!("{}: {summary}\n", path.display()));
        if n % 7 == 3 {
            expected_warnings.push_str(&format!("{}: warning: line 4, column 10: invalid timestamp \"2:oo\"\n", path.display()));
        }
    }
    let result = run(&["check", dir.to_str().unwrap()], b"");
    assert!(result.status.success());
    assert_eq!(text(&result.stdout), expected);
    assert_eq!(text(&result.stderr), expected_warnings);

    // Files named one by one: one line each, in the order given; a broken one in the middle
    // is reported and the rest still checked.
    let (a, b, c) = (dir.join("a.txt"), dir.join("b.json"), dir.join("show-00/ep-001.json"));
    write(&a, &seeds[0].1);
    write(&b, BROKEN_JSON);
    let result = run(&["check", c.to_str().unwrap(), b.to_str().unwrap(), a.to_str().unwrap()], b"");
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(text(&result.stdout), format!("{}: 15 chapters (0:00–37:25)\n{}: 15 chapters (0:00–37:25)\n", c.display(), a.display()));
    assert_eq!(
        text(&result.stderr),
        format!("{}: error: line 3, column 19: invalid JSON: expected ',' or '}}' after a member, found '\"'\nepisode-chapters: 1 of 3 files failed\n", b.display())
    );

    // Converted into --out, a file named directly keeps its name (not its folders).
    let out = dir.join("out");
    let result = run(&["convert", a.to_str().unwrap(), c.to_str().unwrap(), "--to", "vtt", "--out", out.to_str().unwrap()], b"");
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_eq!((text(&result.stdout), text(&result.stderr)), (String::new(), String::new()));
    assert_eq!(files_under(&out), ["a.vtt", "ep-001.vtt"]);
    assert_eq!(std::fs::read_to_string(out.join("a.vtt")).unwrap(), text(&run(&["convert", DEMO, "--to", "vtt"], b"").stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn batch_usage_mistakes_exit_2() {
    let dir = temp_dir("usage");
    let out = dir.join("out");
    let (dir_s, out_s) = (dir.to_str().unwrap(), out.to_str().unwrap());
    for args in [
        &["convert", DEMO, DEMO, "--to", "json"][..],
        &["convert", dir_s, "--to", "json"],
        &["convert", "-", "--to", "json", "--out", out_s],
        &["check", "-", "-"],
        &["convert", DEMO, "--to", "json", "--media", "https://example.com/ep.mp3"],
        &["convert", DEMO, "--to", "html", "--media", "javascript:alert(1)"],
        &["convert", DEMO, "--to", "html", "--out"],
        &["convert", DEMO, "--to", "json", "--all-items"],
        &["convert", DEMO, "--to", "json", "--out", out_s, "--all-items", "--item", "2"],
        &["check", DEMO, "--item"],
        &["check", DEMO, "--all-items"],
    ] {
        let result = run(args, b"");
        assert_eq!(result.status.code(), Some(2), "{args:?}");
        assert!(text(&result.stderr).contains("usage: episode-chapters "), "{args:?}: {}", text(&result.stderr));
        assert_eq!(text(&result.stdout), "", "{args:?}");
    }
    assert!(!out.exists(), "nothing is written after a usage mistake");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_command_has_its_help() {
    for args in [&["convert", "--help"][..], &["help", "convert"], &["convert", "-h"]] {
        let result = run(args, b"");
        assert!(result.status.success(), "{args:?}");
        assert_eq!(text(&result.stderr), "");
        let help = text(&result.stdout);
        assert!(help.starts_with("usage: episode-chapters convert [OPTIONS] --to <FORMAT> <FILE|DIR>...\n"), "{args:?}: {help}");
        for needle in ["--to <FORMAT>", "--out <DIR>", "--media <URL>", "--duration <SECONDS>", "--item <N|GUID>", "--all-items", "json", "psc", "Exit status"] {
            assert!(help.contains(needle), "{args:?} lacks {needle}: {help}");
        }
    }
    let result = run(&["convert", "--help"], b"");
    for needle in [".psc.xml", ".txt", "hidden"] {
        assert!(text(&result.stdout).contains(needle), "convert --help lacks {needle}");
    }
    for args in [&["check", "--help"][..], &["help", "check"]] {
        let result = run(args, b"");
        assert!(result.status.success(), "{args:?}");
        let help = text(&result.stdout);
        assert!(help.starts_with("usage: episode-chapters check [OPTIONS] <FILE|DIR>...\n"), "{args:?}: {help}");
        assert!(help.contains("--duration <SECONDS>") && help.contains("--item <N|GUID>") && !help.contains("--to"), "{args:?}: {help}");
    }
    let top = text(&run(&["--help"], b"").stdout);
    assert!(top.contains("check") && top.contains("convert"), "{top}");
    assert_eq!(text(&run(&["--version"], b"").stdout), format!("episode-chapters {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_progress_bar_when_standard_error_is_not_a_terminal() {
    let dir = temp_dir("quiet");
    let (input, out) = (dir.join("in"), dir.join("out"));
    let notes = std::fs::read(DEMO).unwrap();
    let mut expected = String::new();
    for n in 0..60 {
        let path = input.join(format!("ep-{n:02}.txt"));
        write(&path, &notes);
        expected.push_str(&format!("{}: 15 chapters (0:00–37:25)\n", path.display()));
    }
    let result = run(&["convert", input.to_str().unwrap(), "--to", "json", "--out", out.to_str().unwrap()], b"");
    assert!(result.status.success());
    assert_eq!((text(&result.stdout), text(&result.stderr)), (String::new(), String::new()));
    assert_eq!(files_under(&out).len(), 60);
    let result = run(&["check", input.to_str().unwrap()], b"");
    assert!(result.status.success());
    assert_eq!(text(&result.stdout), expected);
    assert_eq!(text(&result.stderr), "");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_progress_bar_on_a_terminal() {
    // `script` (util-linux) runs the tool on a pseudo-terminal.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` command to make a terminal");
        return;
    }
    let dir = temp_dir("terminal");
    let (input, out) = (dir.join("in"), dir.join("out"));
    let notes = std::fs::read(DEMO).unwrap();
    for n in 0..30 {
        write(&input.join(format!("ep-{n:02}.txt")), &notes);
    }
    let command = format!("{} convert {} --to json --out {}", env!("CARGO_BIN_EXE_episode-chapters"), input.display(), out.display());
    let result = Command::new("script").args(["-qec", &command, "/dev/null"]).stdin(Stdio::null()).output().unwrap();
    assert!(result.status.success(), "{}", text(&result.stderr));
    let screen = String::from_utf8_lossy(&result.stdout);
    assert!(screen.contains("/30 files"), "{screen:?}");
    assert_eq!(files_under(&out).len(), 30);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn html_links_into_the_media_file() {
    let url = "https://cdn.example.com/shows/ep 1.mp3?a=1&b=\"2\"#t=5";
    let result = run(&["convert", DEMO, "--to", "html", "--media", url], b"");
    assert!(result.status.success());
    let html = text(&result.stdout);
    assert!(
        html.contains("<a href=\"https://cdn.example.com/shows/ep%201.mp3?a=1&amp;b=%222%22#t=762\"><span class=\"ec-range\">12:42–14:53</span>"),
        "{html}"
    );
    assert_eq!(html.matches("<a href=\"https://cdn.example.com/shows/ep%201.mp3?a=1&amp;b=%222%22#t=").count(), 15);
    assert!(!html.contains("href=\"#t="));
    // Everything else is what the list without --media is.
    let plain = text(&run(&["convert", DEMO, "--to", "html"], b"").stdout);
    assert_eq!(html.replace("https://cdn.example.com/shows/ep%201.mp3?a=1&amp;b=%222%22#t=", "#t="), plain);

    // A relative URL that tries to close the attribute stays inside it.
    let result = run(&["convert", DEMO, "--to", "html", "--media", "ep.mp3\"><script>alert(1)</script>"], b"");
    assert!(result.status.success());
    let html = text(&result.stdout);
    assert!(html.contains("<a href=\"ep.mp3%22%3E%3Cscript%3Ealert(1)%3C/script%3E#t=0\">"), "{html}");
    assert!(!html.contains("<script"));

    // With --out, every file links to the same media.
    let dir = temp_dir("media");
    write(&dir.join("in/a.txt"), &std::fs::read(DEMO).unwrap());
    let out = dir.join("out");
    let result = run(&["convert", dir.join("in").to_str().unwrap(), "--to", "html", "--media", "/audio/a.opus", "--out", out.to_str().unwrap()], b"");
    assert!(result.status.success());
    assert!(std::fs::read_to_string(out.join("a.html")).unwrap().contains("<a href=\"/audio/a.opus#t=762\">"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn in_a_folder_links_to_files_are_read_and_links_to_folders_are_not_followed() {
    let dir = temp_dir("links");
    let input = dir.join("in");
    write(&input.join("a.txt"), &std::fs::read(DEMO).unwrap());
    std::os::unix::fs::symlink(input.join("a.txt"), input.join("b.txt")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();
    let result = run(&["check", input.to_str().unwrap()], b"");
    assert!(result.status.success(), "{}", text(&result.stderr));
    let i = input.display();
    assert_eq!(text(&result.stdout), format!("{i}/a.txt: 15 chapters (0:00–37:25)\n{i}/b.txt: 15 chapters (0:00–37:25)\n"));
    assert_eq!(text(&result.stderr), "");
    std::fs::remove_dir_all(&dir).unwrap();
}

// Feeds of many episodes: --item N|GUID, the item list of `check`, --all-items.

/// An RSS feed of six items with Podlove Simple Chapters: with chapters, without (item 2),
/// unusable ones (item 4), GUIDs that are URLs, clash in case (ep-1, EP-1), look like another
/// item's number name (item-2) or are missing.
const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:psc="http://podlove.org/simple-chapters">
<channel>
<title>The Show</title>
<item>
  <title>Episode 3: Lists</title>
  <guid isPermaLink="false">https://example.com/?p=3</guid>
  <psc:chapters version="1.2">
    <psc:chapter start="0" title="Intro"/>
    <psc:chapter start="1:30" title="Lists"/>
    <psc:chapter start="12:00" title="Outro"/>
  </psc:chapters>
</item>
<item>
  <title>Episode 2: Trailer</title>
  <guid>ep-2</guid>
</item>
<item>
  <title>Episode 1 &amp; "Welcome"</title>
  <guid>ep-1</guid>
  <psc:chapters version="1.2">
    <psc:chapter start="0" title="Hello"/>
    <psc:chapter start="2:00" title="⏱ 0:30 Intro"/>
  </psc:chapters>
</item>
<item>
  <title>Bonus</title>
  <psc:chapters version="1.2">
    <psc:chapter start="soon" title="Never"/>
  </psc:chapters>
</item>
<item>
  <title>Rerun</title>
  <guid>EP-1</guid>
  <psc:chapters version="1.2"><psc:chapter start="0" title="Again"/></psc:chapters>
</item>
<item>
  <title>Odd GUID</title>
  <guid>item-2</guid>
  <psc:chapters version="1.2"><psc:chapter start="0" title="Odd"/></psc:chapters>
</item>
</channel>
</rss>
"#;

const FEED_ITEMS: &str = "  6 items; --item N|GUID reads one:
  item 1: 3 chapters, guid \"https://example.com/?p=3\", \"Episode 3: Lists\"
  item 2: no chapters, guid \"ep-2\", \"Episode 2: Trailer\"
  item 3: 2 chapters, guid \"ep-1\", \"Episode 1 & \\\"Welcome\\\"\"
  item 4: 1 chapter, no guid, \"Bonus\"
  item 5: 1 chapter, guid \"EP-1\", \"Rerun\"
  item 6: 1 chapter, guid \"item-2\", \"Odd GUID\"
";

#[test]
fn check_a_feed_lists_its_items_and_item_reads_one() {
    let dir = temp_dir("feed-check");
    let feed = dir.join("feed.xml");
    write(&feed, FEED.as_bytes());
    let f = feed.display();

    // Without --item: the first chapter list, as before, a warning that says how to read
    // another, and the items to choose from.
    let out = run(&["check", feed.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{f}: 3 chapters (from 0:00), 1 warning\n{FEED_ITEMS}"));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{f}: warning: line 21, column 3: more than one <psc:chapters> in the document: the first one is read; \
             --item N|GUID reads another item (`check` lists them)\n"
        )
    );
    // From standard input too.
    let out = run(&["check", "-"], FEED.as_bytes());
    assert_eq!(text(&out.stdout), format!("-: 3 chapters (from 0:00), 1 warning\n{FEED_ITEMS}"));

    // By GUID or by number: one item, no list, no warning.
    for (item, summary) in [
        ("ep-1", "2 chapters (from 0:00)"),
        ("3", "2 chapters (from 0:00)"),
        ("https://example.com/?p=3", "3 chapters (from 0:00)"),
        ("6", "1 chapter (from 0:00)"),
        ("item-2", "1 chapter (from 0:00)"),
    ] {
        let out = run(&["check", feed.to_str().unwrap(), "--item", item], b"");
        assert!(out.status.success(), "{item}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), format!("{f} (item {item}): {summary}\n"), "{item}");
        assert_eq!(text(&out.stderr), "", "{item}");
    }
    // With --duration, the item's last chapter ends with the audio.
    let out = run(&["check", feed.to_str().unwrap(), "--item", "1", "--duration", "20:00"], b"");
    assert_eq!(text(&out.stdout), format!("{f} (item 1): 3 chapters (0:00–20:00)\n"));

    // An item that is not there, one without chapters, one whose chapters do not read: errors.
    for (item, error) in [
        ("9", "no item \"9\" in the feed: give a GUID or a number from 1 to 6"),
        ("ep-9", "no item \"ep-9\" in the feed: give a GUID or a number from 1 to 6"),
        ("ep-2", "line 14, column 1: no chapters found: expected a <psc:chapter> element in <psc:chapters>"),
        ("4", "line 29, column 5: invalid timestamp \"soon\""),
    ] {
        let out = run(&["check", feed.to_str().unwrap(), "--item", item], b"");
        assert_eq!(out.status.code(), Some(1), "{item}");
        assert_eq!(text(&out.stdout), "", "{item}");
        assert_eq!(text(&out.stderr), format!("{f} (item {item}): error: {error}\n"), "{item}");
    }
    // A file that is not a feed has no items.
    let out = run(&["check", DEMO, "--item", "1"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), format!("{DEMO} (item 1): error: no item \"1\" in the feed: it has no items\n"));
    // A feed of one item, or a file that is not a feed, has no list.
    let one = dir.join("one.xml");
    write(&one, FEED.replace("<item>", "<!-- -->").replacen("<!-- -->", "<item>", 1).replace("</item>", "").replace("</channel>", "</item></channel>").as_bytes());
    let out = run(&["check", one.to_str().unwrap(), DEMO], b"");
    assert!(!text(&out.stdout).contains("items;"), "{}", text(&out.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn convert_one_item_of_a_feed() {
    let dir = temp_dir("feed-convert");
    let feed = dir.join("feed.xml");
    write(&feed, FEED.as_bytes());
    let f = feed.display();
    let feed = feed.to_str().unwrap();

    // By GUID and by number: the same output, the item's title as the episode's.
    let by_guid = run(&["convert", feed, "--item", "ep-1", "--to", "text"], b"");
    assert!(by_guid.status.success(), "{}", text(&by_guid.stderr));
    assert_eq!(text(&by_guid.stderr), "");
    assert_eq!(text(&by_guid.stdout), "Episode 1 & \"Welcome\"\nCHAPTERS\n- 0:00 – 2:00\nHello\n- 2:00\n\u{2060}⏱ 0:30 Intro\n");
    assert_eq!(run(&["convert", feed, "--item", "3", "--to", "text"], b"").stdout, by_guid.stdout);
    // The show notes read back as the item's two chapters (the title that looks like a
    // chapter line stays a title).
    let back = run(&["convert", "-", "--to", "json"], &by_guid.stdout);
    assert_eq!(text(&back.stdout), text(&run(&["convert", feed, "--item", "ep-1", "--to", "json"], b"").stdout));
    assert!(text(&back.stdout).contains(r#""startTime": 120, "title": "⏱ 0:30 Intro""#), "{}", text(&back.stdout));

    // Without --item: the first list, with the warning that names --item.
    let first = run(&["convert", feed, "--to", "json"], b"");
    assert!(first.status.success());
    assert!(text(&first.stdout).contains(r#""title": "Lists""#));
    assert!(text(&first.stderr).ends_with("the first one is read; --item N|GUID reads another item (`check` lists them)\n"), "{}", text(&first.stderr));

    // A missing item is an error, with the file and the item.
    let out = run(&["convert", feed, "--item", "0", "--to", "json"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), format!("{f} (item 0): error: no item \"0\" in the feed: give a GUID or a number from 1 to 6\n"));

    // With --out, the item is written under the feed's own name.
    let out = dir.join("out");
    let result = run(&["convert", feed, "--item", "ep-1", "--to", "vtt", "--out", out.to_str().unwrap()], b"");
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_eq!(files_under(&out), ["feed.vtt"]);
    assert_eq!(std::fs::read(out.join("feed.vtt")).unwrap(), run(&["convert", feed, "--item", "ep-1", "--to", "vtt"], b"").stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn all_items_writes_one_output_per_item_and_reports_each() {
    let dir = temp_dir("feed-all");
    let (input, out) = (dir.join("in"), dir.join("out"));
    write(&input.join("show/feed.rss"), FEED.as_bytes());
    write(&input.join("notes.txt"), &std::fs::read(DEMO).unwrap());
    write(&input.join("broken.json"), BROKEN_JSON);
    let i = input.display();

    let result = run(&["convert", input.to_str().unwrap(), "--to", "json", "--out", out.to_str().unwrap(), "--all-items"], b"");
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(text(&result.stdout), "");
    assert_eq!(
        text(&result.stderr),
        format!(
            "{i}/broken.json: error: line 3, column 19: invalid JSON: expected ',' or '}}' after a member, found '\"'\n\
             {i}/show/feed.rss: warning: item 2 of 6 has no chapters: not written\n\
             {i}/show/feed.rss (item 4): error: line 29, column 5: invalid timestamp \"soon\"\n\
             episode-chapters: 2 of 7 items failed\n"
        )
    );
    // Named from the GUID (made safe for a file name), or the number: item 5's GUID is item
    // 3's in another case, item 6's looks like item 2's number name.
    assert_eq!(
        files_under(&out),
        ["notes.json", "show/feed/ep-1.json", "show/feed/example.com-p-3.json", "show/feed/item-5.json", "show/feed/item-6.json"]
    );
    // Each is what --item prints, and what converting the file alone prints for a file that is
    // not a feed.
    let feed = input.join("show/feed.rss");
    for (written, item) in [("ep-1", "ep-1"), ("example.com-p-3", "1"), ("item-5", "EP-1"), ("item-6", "6")] {
        let alone = run(&["convert", feed.to_str().unwrap(), "--item", item, "--to", "json"], b"");
        assert_eq!(std::fs::read(out.join(format!("show/feed/{written}.json"))).unwrap(), alone.stdout, "{written}");
    }
    assert_eq!(std::fs::read(out.join("notes.json")).unwrap(), run(&["convert", DEMO, "--to", "json"], b"").stdout);

    // Every output format; a feed named directly is written under its own name. Podlove
    // Simple Chapters give no ends: in WebVTT the last chapter is left out, and an item of
    // one chapter has nothing to write.
    for (to, extension) in [("vtt", "vtt"), ("psc", "psc.xml"), ("text", "txt"), ("html", "html")] {
        let out = dir.join(format!("out-{to}"));
        let result = run(&["convert", feed.to_str().unwrap(), "--to", to, "--out", out.to_str().unwrap(), "--all-items"], b"");
        assert_eq!(result.status.code(), Some(1), "{to}");
        let (failed, written) = match to {
            "vtt" => (3, &["ep-1", "example.com-p-3"][..]),
            _ => (1, &["ep-1", "example.com-p-3", "item-5", "item-6"][..]),
        };
        let stderr = text(&result.stderr);
        assert!(stderr.ends_with(&format!("episode-chapters: {failed} of 5 items failed\n")), "{to}: {stderr}");
        assert_eq!(stderr.contains("is unknown, and a WebVTT cue needs one"), to == "vtt", "{to}: {stderr}");
        let names: Vec<String> = written.iter().map(|n| format!("feed/{n}.{extension}")).collect();
        assert_eq!(files_under(&out), names, "{to}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn all_items_names_are_safe_and_distinct() {
    let dir = temp_dir("feed-names");
    let item = |guid: &str, title: &str| {
        let guid = if guid.is_empty() { String::new() } else { format!("<guid>{guid}</guid>") };
        format!("<item>{guid}<psc:chapters><psc:chapter start=\"0\" title=\"{title}\"/></psc:chapters></item>\n")
    };
    let guids = [
        "urn:uuid:0F8FAD5B-D9CB-469F-A165-70867728950E",
        "../../etc/passwd",
        ".hidden",
        "tag:example.com,2024:ep/7",
        "Épisode 8 — Café",
        "",
        "???",
        "a/b",
        "a b",
        &"x".repeat(300),
    ];
    let mut feed = String::from("<rss xmlns:psc=\"http://podlove.org/simple-chapters\"><channel>\n");
    for (n, guid) in guids.iter().enumerate() {
        feed.push_str(&item(guid, &format!("Item {}", n + 1)));
    }
    feed.push_str("</channel></rss>\n");
    let path = dir.join("feed.xml");
    write(&path, feed.as_bytes());
    let out = dir.join("out");
    let result = run(&["convert", path.to_str().unwrap(), "--to", "json", "--out", out.to_str().unwrap(), "--all-items"], b"");
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_eq!(text(&result.stderr), "");
    let mut expected = vec![
        "feed/0F8FAD5B-D9CB-469F-A165-70867728950E.json".to_owned(),
        "feed/etc-passwd.json".to_owned(),
        "feed/hidden.json".to_owned(),
        "feed/tag-example.com-2024-ep-7.json".to_owned(),
        "feed/pisode-8-Caf.json".to_owned(),
        "feed/item-6.json".to_owned(),
        "feed/item-7.json".to_owned(),
        "feed/a-b.json".to_owned(),
        // "a b" is "a/b"'s name already.
        "feed/item-9.json".to_owned(),
        format!("feed/{}.json", "x".repeat(100)),
    ];
    expected.sort();
    assert_eq!(files_under(&out), expected);
    // Each holds its own item.
    for (n, name) in [(1, "0F8FAD5B-D9CB-469F-A165-70867728950E"), (6, "item-6"), (9, "item-9")] {
        let json = std::fs::read_to_string(out.join(format!("feed/{name}.json"))).unwrap();
        assert!(json.contains(&format!("\"title\": \"Item {n}\"")), "{name}: {json}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A feed whose items say how long they are in `<itunes:duration>`, in its three forms, and
/// one that does not.
const TIMED_FEED: &str = r#"<rss xmlns:psc="http://podlove.org/simple-chapters" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<item><guid>hms</guid><itunes:duration>1:02:03</itunes:duration>
  <psc:chapters><psc:chapter start="0" title="Intro"/><psc:chapter start="1:00:00" title="Last"/></psc:chapters></item>
<item><guid>ms</guid><psc:chapters><psc:chapter start="0" title="Intro"/><psc:chapter start="1:00" title="Last"/></psc:chapters>
  <itunes:duration>75:30</itunes:duration></item>
<item><guid>seconds</guid><itunes:duration> 95 </itunes:duration>
  <psc:chapters><psc:chapter start="0" title="Intro"/><psc:chapter start="1:00" title="Last"/></psc:chapters></item>
<item><guid>none</guid><itunes:duration>soon</itunes:duration>
  <psc:chapters><psc:chapter start="0" title="Intro"/><psc:chapter start="1:00" title="Last"/></psc:chapters></item>
</channel></rss>
"#;

#[test]
fn a_feed_items_itunes_duration_ends_its_last_chapter() {
    let dir = temp_dir("feed-duration");
    let path = dir.join("feed.xml");
    write(&path, TIMED_FEED.as_bytes());
    let feed = path.to_str().unwrap();
    let out = dir.join("out");
    let result = run(&["convert", feed, "--all-items", "--to", "vtt", "--out", out.to_str().unwrap()], b"");
    // The item without a readable duration still cannot end its last chapter.
    assert_eq!(
        text(&result.stderr),
        format!("{feed} (item 4): warning: the end of chapter 2 \"Last\" (from 1:00) is unknown, and a WebVTT cue needs one: left out; give the episode's length with --duration SECONDS\n")
    );
    assert!(result.status.success());
    let vtt = |name: &str| std::fs::read_to_string(out.join(format!("feed/{name}.vtt"))).unwrap();
    assert!(vtt("hms").ends_with("\n01:00:00.000 --> 01:02:03.000\nLast\n"), "{}", vtt("hms"));
    assert!(vtt("ms").ends_with("\n00:01:00.000 --> 01:15:30.000\nLast\n"), "{}", vtt("ms"));
    assert!(vtt("seconds").ends_with("\n00:01:00.000 --> 00:01:35.000\nLast\n"), "{}", vtt("seconds"));
    assert!(!vtt("none").contains("Last"), "{}", vtt("none"));

    // One item, by GUID or number, to standard output; --duration says it for every item.
    let one = run(&["convert", feed, "--item", "2", "--to", "vtt"], b"");
    assert_eq!(text(&one.stderr), "");
    assert_eq!(text(&one.stdout), vtt("ms"));
    let given = run(&["convert", feed, "--item", "ms", "--to", "vtt", "--duration", "2:00"], b"");
    assert!(text(&given.stdout).ends_with("\n00:01:00.000 --> 00:02:00.000\nLast\n"), "{}", text(&given.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn all_items_in_a_feed_of_many_items_in_order() {
    // 300 items, the odd ones with chapters: 150 outputs, the others told once.
    let dir = temp_dir("feed-many");
    let mut feed = String::from("<rss xmlns:psc=\"http://podlove.org/simple-chapters\"><channel>\n");
    for n in 1..=300 {
        let chapters = if n % 2 == 1 { format!("<psc:chapters><psc:chapter start=\"0\" title=\"Episode {n}\"/><psc:chapter start=\"{n}:00\" title=\"Later\"/></psc:chapters>") } else { String::new() };
        feed.push_str(&format!("<item><title>Episode {n}</title><guid>ep-{n:03}</guid>{chapters}</item>\n"));
    }
    feed.push_str("</channel></rss>\n");
    let path = dir.join("feed.xml");
    write(&path, feed.as_bytes());
    let out = dir.join("out");
    let result = run(&["convert", path.to_str().unwrap(), "--to", "vtt", "--out", out.to_str().unwrap(), "--all-items", "--duration", "6:00:00"], b"");
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_eq!(
        text(&result.stderr),
        format!("{}: warning: items 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 140 more of 300 have no chapters: not written\n", path.display())
    );
    let names = files_under(&out);
    assert_eq!(names.len(), 150);
    assert_eq!((names[0].as_str(), names[149].as_str()), ("feed/ep-001.vtt", "feed/ep-299.vtt"));
    assert!(std::fs::read_to_string(out.join("feed/ep-299.vtt")).unwrap().contains("\nEpisode 299\n"));
    let check = run(&["check", out.to_str().unwrap()], b"");
    assert!(check.status.success());
    assert_eq!(text(&check.stdout).lines().count(), 150);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn all_items_messages_have_the_feeds_lines_and_columns() {
    // Each item is read alone (for speed), yet its messages name the place in the whole feed,
    // as --item does: on separate lines, on one line (a minified feed), and in an Atom feed.
    let dir = temp_dir("feed-positions");
    let unordered = |n: usize| format!("<psc:chapters><psc:chapter start=\"5:00\" title=\"Later {n}\"/><psc:chapter start=\"0\" title=\"First {n}\"/></psc:chapters>");
    let rss_lines: String = (1..=4).map(|n| format!("<item>\n  <guid>g{n}</guid>\n  {}\n</item>\n", unordered(n))).collect();
    let rss_one_line: String = (1..=4).map(|n| format!("<item><guid>g{n}</guid>{}</item>", unordered(n))).collect();
    let atom: String = (1..=4).map(|n| format!("  <entry>\n    <id>urn:uuid:{n}</id><title>É{n}</title>\n    {}\n  </entry>\n", unordered(n))).collect();
    for (name, feed) in [
        ("lines.xml", format!("<?xml version=\"1.0\"?>\n<rss xmlns:psc=\"http://podlove.org/simple-chapters\">\r\n<channel><title>Ünïcode</title>\n{rss_lines}</channel></rss>\n")),
        ("one-line.xml", format!("<rss xmlns:psc=\"http://podlove.org/simple-chapters\"><channel><title>Ünïcode</title>{rss_one_line}</channel></rss>")),
        ("atom.xml", format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:c=\"http://podlove.org/simple-chapters\">\n{}</feed>\n", atom.replace("psc:", "c:"))),
    ] {
        let path = dir.join(name);
        write(&path, feed.as_bytes());
        let out = dir.join(format!("out-{name}"));
        let result = run(&["convert", path.to_str().unwrap(), "--to", "json", "--out", out.to_str().unwrap(), "--all-items"], b"");
        assert!(result.status.success(), "{name}: {}", text(&result.stderr));
        let mut expected = String::new();
        for n in 1..=4 {
            let alone = run(&["convert", path.to_str().unwrap(), "--item", &n.to_string(), "--to", "json"], b"");
            expected.push_str(&text(&alone.stderr));
        }
        assert_eq!(expected.matches("chapters are not in time order").count(), 4, "{name}: {expected}");
        assert_eq!(text(&result.stderr), expected, "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_list_without_ends_is_never_written_as_an_empty_cue() {
    let list = b"00:00 Intro\n05:10 Main\n";
    // WebVTT: every cue needs an end, and the last chapter has none: it is left out, never
    // written as a cue that ends where it starts, and the warning says how to give an end.
    let out = run(&["convert", "-", "--to", "vtt"], list);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "WEBVTT\n\n1\n00:00:00.000 --> 00:05:10.000\nIntro\n");
    assert_eq!(
        text(&out.stderr),
        "-: warning: only 2 chapters: YouTube shows chapters from 3 on\n\
         -: warning: the end of chapter 2 \"Main\" (from 5:10) is unknown, and a WebVTT cue needs one: left out; give the episode's length with --duration SECONDS\n"
    );
    // A single chapter without an end leaves nothing to write: an error.
    let out = run(&["convert", "-", "--to", "vtt"], b"CHAPTERS\n- 0:00\nAll of it\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).ends_with(
            "-: error: the end of chapter 1 \"All of it\" (from 0:00) is unknown, and a WebVTT cue needs one: give the episode's length with --duration SECONDS\n"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["convert", "-", "--to", "vtt", "--duration", "600"], list);
    assert!(out.status.success());
    assert!(text(&out.stdout).ends_with("\n2\n00:05:10.000 --> 00:10:00.000\nMain\n"), "{}", text(&out.stdout));

    // The other formats can say "from 5:10, end unknown": they leave the end out, never write
    // it as the start.
    let json = text(&run(&["convert", "-", "--to", "json"], list).stdout);
    assert!(json.contains(r#"{"startTime": 310, "title": "Main"}"#), "{json}");
    let notes = text(&run(&["convert", "-", "--to", "text"], list).stdout);
    assert!(notes.ends_with("\n- 5:10\nMain\n"), "{notes}");
    let html = text(&run(&["convert", "-", "--to", "html"], list).stdout);
    assert!(html.contains(r#"<span class="ec-range">5:10</span>"#), "{html}");
    let psc = text(&run(&["convert", "-", "--to", "psc"], list).stdout);
    assert!(psc.contains(r#"<psc:chapter start="00:05:10.000" title="Main"/>"#), "{psc}");
    // Each reads back as the same two chapters, the last still open.
    for written in [&json, &notes, &psc] {
        let out = run(&["check", "-"], written.as_bytes());
        assert!(out.status.success(), "{written}\n{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "-: 2 chapters (from 0:00)\n", "{written}");
    }
}
