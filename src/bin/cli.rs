//! `episode-chapters`: checks and converts chapter files with the same readers, rules and
//! messages as the widget.
//!
//! ```text
//! episode-chapters check FILE [--duration SECONDS]
//! episode-chapters convert FILE --to json|vtt|psc|text|html [--duration SECONDS]
//! ```
//!
//! FILE `-` reads standard input. Warnings and errors go to standard error with their line and
//! column (or byte offset); converted chapters go to standard output.

use std::io::{Read, Write};
use std::process::ExitCode;

use episode_chapters::formats::{self, Format};
use episode_chapters::{export, Parsed, Timestamp};

const USAGE: &str = "usage:
  episode-chapters check FILE [--duration SECONDS]
      print what FILE holds and every problem met reading it;
      exit 0 if the chapters are usable, 1 if not
  episode-chapters convert FILE --to json|vtt|psc|text|html [--duration SECONDS]
      print the chapters in another format (json: Podcasting 2.0 JSON chapters 1.2;
      vtt: WebVTT; psc: Podlove Simple Chapters; text: show notes; html: a list of
      #t= links)
--duration is the audio's length (seconds or H:MM:SS): chapters that start after it
are dropped, ends past it are cut, and the last chapter ends there if the source
gives no end. FILE - reads standard input.";

/// A failure that ends the run: the message, and the exit status.
struct Exit(String, u8);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Exit(message, status)) => {
            eprintln!("{message}");
            ExitCode::from(status)
        }
    }
}

fn usage(problem: &str) -> Exit {
    Exit(format!("episode-chapters: {problem}\n\n{USAGE}"), 2)
}

fn run(args: &[String]) -> Result<(), Exit> {
    match args.first().map(String::as_str) {
        Some("check") => check(args.get(1..).unwrap_or_default()),
        Some("convert") => convert(args.get(1..).unwrap_or_default()),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some("-V" | "--version") => {
            println!("episode-chapters {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some(other) => Err(usage(&format!("unknown command {other:?}"))),
        None => Err(usage("a command is needed")),
    }
}

/// What follows the command: FILE, `--to FORMAT` (when `to_allowed`), `--duration SECONDS`.
struct Options<'a> {
    file: &'a str,
    to: Option<&'a str>,
    duration: Option<Timestamp>,
}

fn options<'a>(args: &'a [String], command: &str, to_allowed: bool) -> Result<Options<'a>, Exit> {
    let (mut file, mut to, mut duration) = (None, None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--to" if to_allowed => to = Some(rest.next().ok_or_else(|| usage("--to needs a format"))?.as_str()),
            "--duration" => {
                let value = rest.next().ok_or_else(|| usage("--duration needs seconds"))?;
                let parsed = Timestamp::from_decimal_secs(value).or_else(|| Timestamp::parse_clock(value).ok());
                duration = Some(parsed.ok_or_else(|| usage(&format!("--duration {value:?} is not a time")))?);
            }
            other if file.is_none() && (other == "-" || !other.starts_with('-')) => file = Some(other),
            other => return Err(usage(&format!("unexpected argument {other:?}"))),
        }
    }
    let file = file.ok_or_else(|| usage(&format!("{command} needs a FILE")))?;
    Ok(Options { file, to, duration })
}

/// Reads and parses FILE, fitted to `duration` if given, printing its warnings to standard
/// error.
fn read(file: &str, duration: Option<Timestamp>) -> Result<Parsed, Exit> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    read.map_err(|error| Exit(format!("{file}: error: cannot read: {error}"), 1))?;
    // The extension is a hint: the content decides (see formats::parse_hinted).
    let hint = Format::from_extension(file);
    let parsed = formats::parse_bytes_hinted(&bytes, hint).map_err(|error| Exit(format!("{file}: error: {error}"), 1))?;
    let mut parsed = parsed;
    if let Some(duration) = duration {
        let (chapters, warnings) = parsed.chapters.fit_to(duration);
        parsed.chapters = chapters;
        parsed.warnings.extend(warnings);
    }
    for warning in &parsed.warnings {
        eprintln!("{file}: warning: {warning}");
    }
    Ok(parsed)
}

fn check(args: &[String]) -> Result<(), Exit> {
    let Options { file, duration, .. } = options(args, "check", false)?;
    let parsed = read(file, duration)?;
    let chapters = &parsed.chapters;
    let span = match (chapters.iter().next(), chapters.iter().last().and_then(|c| c.end)) {
        (Some(first), Some(end)) => format!(" ({}–{end})", first.start),
        (Some(first), None) => format!(" (from {})", first.start),
        _ => String::new(),
    };
    let silent = match chapters.silent().len() {
        0 => String::new(),
        n => format!(", {n} silent"),
    };
    let warnings = match parsed.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".to_owned(),
        n => format!(", {n} warnings"),
    };
    println!("{file}: {} chapters{span}{silent}{warnings}", chapters.len());
    Ok(())
}

fn convert(args: &[String]) -> Result<(), Exit> {
    let Options { file, to, duration } = options(args, "convert", true)?;
    let to = to.ok_or_else(|| usage("convert needs --to json|vtt|psc|text|html"))?;
    if !matches!(to, "json" | "vtt" | "psc" | "text" | "html") {
        return Err(usage(&format!("unknown format {to:?}: use json, vtt, psc, text or html")));
    }
    let parsed = read(file, duration)?;
    let title = parsed.title.as_deref();
    let output = match to {
        "json" => export::json(title, &parsed.chapters),
        "vtt" => export::vtt(&parsed.chapters, duration),
        "psc" => export::psc(&parsed.chapters),
        "text" => export::text(title, &parsed.chapters),
        _ => export::html(&parsed.chapters, duration),
    };
    std::io::stdout()
        .write_all(output.as_bytes())
        .map_err(|error| Exit(format!("episode-chapters: cannot write the output: {error}"), 1))
}
