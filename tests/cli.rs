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
