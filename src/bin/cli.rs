//! `episode-chapters`: checks and converts chapter files with the same readers, rules and
//! messages as the widget, one file or a podcast host's thousands at a time.
//!
//! ```text
//! episode-chapters check FILE|DIR... [--item N|GUID] [--duration SECONDS]
//! episode-chapters convert FILE --to json|vtt|psc|text|html [--item N|GUID] [--duration SECONDS] [--media URL]
//! episode-chapters convert FILE|DIR... --to FORMAT --out DIR [--item N|GUID | --all-items] [--duration SECONDS] [--media URL]
//! ```
//!
//! A feed (RSS or Atom with Podlove Simple Chapters in its items) is read as its first chapter
//! list, with a warning when it has more; `--item N|GUID` reads another item, `check FEED`
//! lists the items, and `convert --out DIR --all-items` writes one output per item. `convert`
//! takes an item's `<itunes:duration>` as its length (where the last chapter ends) unless
//! `--duration` is given.
//!
//! FILE `-` reads standard input. A folder means every file in it, recursively, except hidden
//! ones. Files are read in parallel; their messages and lines come out in input order.
//! Warnings and errors go to standard error with their file and line and column (or byte
//! offset); one converted FILE without `--out` goes to standard output. The exit status is 0
//! when every file is usable, 1 when one is not, 2 for a usage mistake.
//!
//! The tool is native only: its dependencies (clap, rayon, indicatif) are never built for
//! wasm32, where this file is an empty `main` (`cargo clippy --target wasm32-unknown-unknown
//! --all-targets` builds every bin).

// The same rules as the library: no panics on input paths.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::{HashMap, HashSet};
    use std::ffi::OsString;
    use std::io::{IsTerminal, Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{mpsc, Mutex};

    use clap::error::ErrorKind;
    use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
    use indicatif::{ProgressBar, ProgressStyle};
    use rayon::iter::{IntoParallelRefIterator, ParallelBridge, ParallelIterator};

    use episode_chapters::chapters::is_web_url;
    use episode_chapters::diagnostics::ErrorKind as Problem;
    use episode_chapters::formats::{self, FeedItem, Format};
    use episode_chapters::{export, Parsed, Position, Timestamp};

    /// Every command's help: the usage first (as `usage:`, which scripts and the tests look
    /// for), then what the command does, then its arguments.
    const HELP: &str = "usage: {usage}\n\n{about-with-newline}\n{all-args}{after-help}";

    const DURATION_HELP: &str = "The audio's length (seconds or H:MM:SS): chapters that start after it are \
        dropped, ends past it are cut, and the last chapter ends there if the source gives no end. `convert` \
        takes a feed item's own <itunes:duration> when this is not given";

    const ITEM_HELP: &str = "For a feed (RSS or Atom with Podlove Simple Chapters in its items): read the item \
        with this <guid> (Atom: <id>), or else the item with this number, from 1 in document order \
        (`check FEED` lists them). Without it, a feed is read as its first chapter list";

    #[derive(Parser)]
    #[command(
        name = "episode-chapters",
        version,
        help_template = HELP,
        arg_required_else_help = true,
        about = "Checks and converts podcast chapter files: show notes, Podcasting 2.0 and Podlove JSON, \
                 WebVTT, Podlove Simple Chapters, and the chapters inside MP3, MP4/M4A and Ogg files.",
        after_help = "Exit status: 0 when every file's chapters are usable, 1 when one's are not, 2 for a \
                      usage mistake. `episode-chapters help COMMAND` (or `COMMAND --help`) tells more."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Print what each file holds, one line per file, and every problem met reading it
        #[command(
            help_template = HELP,
            long_about = "Print what each file holds, one line per file on standard output \
                          (`FILE: 15 chapters (0:00–37:25)`), and every problem met reading it on \
                          standard error, with its file and position. A feed of several items is \
                          followed by one line per item (number, GUID, chapters, title); --item \
                          reads one of them.",
            after_help = "Exit status: 0 when every file's chapters are usable, 1 when one's are not \
                          (the others are still checked), 2 for a usage mistake."
        )]
        Check(CheckArgs),
        /// Write the chapters in another format: one FILE to standard output, or many files and
        /// folders into --out DIR, in parallel
        #[command(
            help_template = HELP,
            long_about = "Write the chapters in another format. One FILE without --out goes to standard \
                          output. With --out DIR, every FILE and every file in a DIR (recursively, \
                          hidden ones skipped) is converted in parallel and written under DIR at its \
                          relative path with the format's extension: .json, .vtt, .psc.xml, .txt, .html \
                          (a folder's files keep their path inside it; a FILE named directly keeps its \
                          name). A file that cannot be read is reported with its position and the rest \
                          go on. With --all-items, every item of a feed that has chapters is written \
                          as DIR/FEED/NAME.EXT (FEED the feed's path without its extension, NAME the \
                          item's GUID made safe for a file name, or item-N), each reported on its \
                          own.",
            after_help = "Exit status: 0 when every file was converted, 1 when one was not (the others \
                          are still written), 2 for a usage mistake."
        )]
        Convert(ConvertArgs),
    }

    #[derive(Args)]
    struct CheckArgs {
        /// Chapter files, or folders of them (every file inside, recursively, except hidden
        /// ones); `-` reads standard input
        #[arg(value_name = "FILE|DIR", required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_name = "N|GUID", help = ITEM_HELP)]
        item: Option<String>,
        #[arg(long, value_name = "SECONDS", value_parser = parse_duration, help = DURATION_HELP)]
        duration: Option<Timestamp>,
    }

    #[derive(Args)]
    struct ConvertArgs {
        /// Chapter files, or folders of them (every file inside, recursively, except hidden
        /// ones); `-` reads standard input. More than one FILE, or a folder, needs --out
        #[arg(value_name = "FILE|DIR", required = true)]
        files: Vec<PathBuf>,
        /// The format to write
        #[arg(long, value_name = "FORMAT")]
        to: To,
        /// Write each converted file into DIR (created if missing) instead of standard output
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "N|GUID", help = ITEM_HELP)]
        item: Option<String>,
        /// With --out: write every item of a feed that has chapters, each as
        /// DIR/FEED/NAME.EXT (NAME from its GUID, or item-N); files that are not feeds are
        /// converted as usual
        #[arg(long, requires = "out", conflicts_with = "item")]
        all_items: bool,
        /// With --to html: link each chapter to URL#t=SECONDS (a media fragment on the audio
        /// file, which browsers honour with JavaScript off) instead of #t=SECONDS
        #[arg(long, value_name = "URL")]
        media: Option<String>,
        #[arg(long, value_name = "SECONDS", value_parser = parse_duration, help = DURATION_HELP)]
        duration: Option<Timestamp>,
    }

    #[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum To {
        /// Podcasting 2.0 JSON chapters 1.2 (.json)
        Json,
        /// WebVTT chapters (.vtt)
        Vtt,
        /// Podlove Simple Chapters (.psc.xml)
        Psc,
        /// show notes (.txt)
        Text,
        /// an ordered list of #t= links with titles, summaries and key points (.html)
        Html,
    }

    impl To {
        /// The extension of a file written under `--out`: one the readers take as a hint for the
        /// same format, so converted files read back as what they are.
        fn extension(self) -> &'static str {
            match self {
                To::Json => "json",
                To::Vtt => "vtt",
                To::Psc => "psc.xml",
                To::Text => "txt",
                To::Html => "html",
            }
        }
    }

    fn parse_duration(value: &str) -> Result<Timestamp, String> {
        Timestamp::from_decimal_secs(value)
            .or_else(|| Timestamp::parse_clock(value).ok())
            .ok_or_else(|| format!("{value:?} is not a time (seconds or H:MM:SS)"))
    }

    pub fn main() -> ExitCode {
        let cli = match Cli::try_parse() {
            Ok(cli) => cli,
            Err(error) => return usage_error(&error),
        };
        let result = match cli.command {
            Command::Check(args) => check(args),
            Command::Convert(args) => convert(args),
        };
        match result {
            Ok(status) => status,
            Err(error) => usage_error(&error),
        }
    }

    /// Prints clap's message (help and version to standard output, with status 0; a usage
    /// mistake to standard error, with status 2), its usage line spelled `usage:` as in the
    /// help.
    fn usage_error(error: &clap::Error) -> ExitCode {
        let rendered = if error.use_stderr() && std::io::stderr().is_terminal() {
            error.render().ansi().to_string()
        } else {
            error.render().to_string()
        };
        let mut rendered = rendered.replacen("Usage:", "usage:", 1);
        if error.use_stderr() && !rendered.contains("usage:") {
            // clap leaves the usage out of some messages (an invalid value): a usage mistake
            // always shows it.
            let mut root = Cli::command();
            root.build();
            let command = std::env::args_os().nth(1).unwrap_or_default();
            let usage = match command.to_str().and_then(|command| root.find_subcommand_mut(command)) {
                Some(sub) => sub.render_usage(),
                None => root.render_usage(),
            };
            let usage = usage.to_string().replacen("Usage:", "usage:", 1);
            let at = rendered.find("\nFor more information").map_or(rendered.len(), |at| at + 1);
            rendered.insert_str(at, &format!("{usage}\n\n"));
        }
        if error.use_stderr() {
            eprint!("{rendered}");
        } else {
            print!("{rendered}");
        }
        ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
    }

    /// A usage mistake that clap cannot see, told as clap tells its own, with `command`'s usage.
    fn mistake(kind: ErrorKind, message: impl std::fmt::Display, command: &str) -> clap::Error {
        let mut root = Cli::command();
        root.build();
        match root.find_subcommand_mut(command) {
            Some(sub) => sub.error(kind, message),
            None => root.error(kind, message),
        }
    }

    /// One file to read: where it is, and (under `--out`) the path it is written at.
    struct Input {
        /// As the user wrote it, or a folder argument joined with the path inside it; `-` for
        /// standard input.
        path: PathBuf,
        /// The path under `--out`: the file's path inside the folder argument, or a file
        /// argument's name.
        relative: PathBuf,
        /// Where `convert --out` writes it.
        target: Option<PathBuf>,
    }

    /// What one file gave: its standard output, its standard error (each message a line), how
    /// many outputs it stands for (a feed under `--all-items`: one per item) and how many of
    /// them failed.
    struct Outcome {
        stdout: String,
        stderr: String,
        failed: usize,
        count: usize,
    }

    impl Default for Outcome {
        fn default() -> Outcome {
            Outcome { stdout: String::new(), stderr: String::new(), failed: 0, count: 1 }
        }
    }

    impl Outcome {
        fn failure(message: String) -> Outcome {
            Outcome { stderr: message + "\n", failed: 1, ..Outcome::default() }
        }
    }

    /// The files that `arguments` name: a file as it is, a folder as every file in it
    /// (recursively, sorted by name, hidden names and the `--out` folder skipped). Listing
    /// problems come back as failed outcomes, in order with the files.
    fn expand(arguments: &[PathBuf], skip: Option<&Path>) -> Vec<Result<Input, Outcome>> {
        let mut inputs = Vec::new();
        for argument in arguments {
            if argument.as_os_str() != "-" && argument.is_dir() {
                walk(argument, Path::new(""), skip, &mut inputs);
            } else {
                let relative = argument.file_name().map(PathBuf::from).unwrap_or_else(|| argument.clone());
                inputs.push(Ok(Input { path: argument.clone(), relative, target: None }));
            }
        }
        inputs
    }

    fn walk(root: &Path, inside: &Path, skip: Option<&Path>, inputs: &mut Vec<Result<Input, Outcome>>) {
        let folder = root.join(inside);
        if skip.is_some_and(|skip| folder.canonicalize().is_ok_and(|folder| folder == skip)) {
            return;
        }
        let entries = match std::fs::read_dir(&folder).and_then(|entries| entries.collect::<Result<Vec<_>, _>>()) {
            Ok(entries) => entries,
            Err(error) => {
                inputs.push(Err(Outcome::failure(format!("{}: error: cannot list the folder: {error}", folder.display()))));
                return;
            }
        };
        let mut entries: Vec<(OsString, Option<std::fs::FileType>)> = entries
            .iter()
            .map(|entry| (entry.file_name(), entry.file_type().ok()))
            .filter(|(name, _)| !name.as_encoded_bytes().starts_with(b"."))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, kind) in entries {
            let relative = inside.join(&name);
            let path = root.join(&relative);
            if kind.is_some_and(|kind| kind.is_dir()) {
                walk(root, &relative, skip, inputs);
            } else if kind.is_some_and(|kind| kind.is_symlink()) && path.is_dir() {
                // A link to a folder is not followed (no cycles); a link to a file is read.
            } else {
                inputs.push(Ok(Input { path, relative, target: None }));
            }
        }
    }

    /// `relative` without its extension (both of `.psc.xml`).
    fn stem_path(relative: &Path) -> PathBuf {
        let mut stem: OsString = relative.file_stem().unwrap_or(relative.as_os_str()).to_owned();
        let is_xml = relative.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("xml"));
        let inner = Path::new(&stem);
        if is_xml && inner.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("psc")) {
            stem = inner.file_stem().unwrap_or(inner.as_os_str()).to_owned();
        }
        relative.with_file_name(stem)
    }

    /// `relative` with the extension of `to` in place of its own (both of `.psc.xml`).
    fn output_name(relative: &Path, to: To) -> PathBuf {
        let mut name = stem_path(relative).into_os_string();
        name.push(".");
        name.push(to.extension());
        PathBuf::from(name)
    }

    /// The bytes of `path` (`-`: standard input).
    fn load(path: &Path) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        let read = if path.as_os_str() == "-" {
            std::io::stdin().read_to_end(&mut bytes).map(|_| ())
        } else {
            std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
        };
        read.map_err(|error| format!("{}: error: cannot read: {error}", path.display()))?;
        Ok(bytes)
    }

    /// Parses the bytes of `path` (with `item`, that item of a feed), fitted to `duration` if
    /// given; its warnings are added to `stderr`, each message starting with `shown`.
    fn parse(path: &Path, shown: &str, bytes: &[u8], item: Option<&str>, duration: Option<Timestamp>, stderr: &mut String) -> Result<Parsed, String> {
        let parsed = match item {
            Some(item) => formats::parse_feed_item(bytes, item),
            // The extension is a hint: the content decides (see formats::parse_hinted).
            None => formats::parse_bytes_hinted(bytes, Format::from_extension(&path.to_string_lossy())),
        };
        let mut parsed = parsed.map_err(|error| format!("{shown}: error: {error}"))?;
        if let Some(duration) = duration {
            let (chapters, warnings) = parsed.chapters.fit_to(duration);
            parsed.chapters = chapters;
            parsed.warnings.extend(warnings);
        }
        for warning in &parsed.warnings {
            // A feed read as its first chapter list: say how to read another.
            let hint = if matches!(warning.kind(), Problem::SeveralChapterLists) {
                "; --item N|GUID reads another item (`check` lists them)"
            } else {
                ""
            };
            stderr.push_str(&format!("{shown}: warning: {warning}{hint}\n"));
        }
        Ok(parsed)
    }

    /// How messages name `path`: `feed.xml`, or `feed.xml (item 2)` with `--item 2`.
    fn shown(path: &Path, item: Option<&str>) -> String {
        match item {
            Some(item) => format!("{} (item {item})", path.display()),
            None => path.display().to_string(),
        }
    }

    /// Whether `bytes` may be a feed: text (not a media file) with an RSS `<item` or an Atom
    /// `<entry`. Only then are its items listed, which reads the XML again.
    fn maybe_feed(bytes: &[u8]) -> bool {
        if bytes.starts_with(b"ID3") || bytes.starts_with(b"OggS") || formats::is_mp4(bytes) {
            return false;
        }
        // UTF-16 (with a BOM) is left to the reader.
        let has = |tag: &[u8]| bytes.windows(tag.len()).any(|window| window == tag);
        bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || has(b"<item") || has(b"<entry")
    }

    /// The items of a feed, if `bytes` is one (a file that is not a feed has none).
    /// The length the feed item `item` (a GUID or a number, as `--item` takes) gives itself in
    /// its `<itunes:duration>`.
    fn item_duration(bytes: &[u8], item: &str) -> Option<Timestamp> {
        let items = items_of(bytes);
        let wanted = item.trim();
        let by_number = || items.get(wanted.parse::<usize>().ok()?.checked_sub(1)?);
        items.iter().find(|i| i.guid.as_deref() == Some(wanted)).or_else(by_number)?.duration
    }

    fn items_of(bytes: &[u8]) -> Vec<FeedItem> {
        if maybe_feed(bytes) {
            formats::feed_items(bytes).unwrap_or_default()
        } else {
            Vec::new()
        }
    }

    /// Runs `job` on every input in parallel and prints each outcome in input order as soon
    /// as those before it are done, with a progress bar on a terminal when there are several
    /// (or `batch`). Returns the exit status.
    fn run_all<F>(inputs: Vec<Result<Input, Outcome>>, batch: bool, unit: &str, job: F) -> ExitCode
    where
        F: Fn(&Input) -> Outcome + Sync,
    {
        let files = inputs.len();
        let mut total = 0usize;
        let batch = batch || files > 1;
        let bar = if batch && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(files as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {human_pos}/{human_len} files ({elapsed}, about {eta} left)") {
                bar.set_style(style);
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        let stop = AtomicBool::new(false);
        let (sender, receiver) = mpsc::channel::<(usize, Outcome)>();
        let mut failed = 0usize;
        let mut cannot_write = None;
        std::thread::scope(|scope| {
            let (stop, job) = (&stop, &job);
            scope.spawn(move || {
                // par_bridge takes the inputs in order, so outcomes arrive nearly in order and
                // few wait in `pending` below.
                inputs.into_iter().enumerate().par_bridge().for_each_with(sender, |sender, (index, input)| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let outcome = match input {
                        Ok(input) => job(&input),
                        Err(listing) => listing,
                    };
                    let _ = sender.send((index, outcome));
                });
            });
            let mut pending = HashMap::new();
            let mut next = 0;
            for (index, outcome) in receiver.iter() {
                bar.inc(1);
                pending.insert(index, outcome);
                while let Some(outcome) = pending.remove(&next) {
                    next += 1;
                    failed += outcome.failed;
                    total += outcome.count;
                    let written = if outcome.stdout.is_empty() && outcome.stderr.is_empty() {
                        Ok(())
                    } else {
                        bar.suspend(|| {
                            std::io::stderr().write_all(outcome.stderr.as_bytes()).ok();
                            let mut stdout = std::io::stdout().lock();
                            stdout.write_all(outcome.stdout.as_bytes()).and_then(|()| stdout.flush())
                        })
                    };
                    if let Err(error) = written {
                        cannot_write = Some(error);
                        stop.store(true, Ordering::Relaxed);
                        break;
                    }
                }
                if cannot_write.is_some() {
                    break;
                }
            }
        });
        bar.finish_and_clear();
        if let Some(error) = cannot_write {
            eprintln!("episode-chapters: cannot write the output: {error}");
            return ExitCode::FAILURE;
        }
        if failed == 0 {
            return ExitCode::SUCCESS;
        }
        if batch {
            eprintln!("episode-chapters: {failed} of {total} {unit} failed");
        }
        ExitCode::FAILURE
    }

    /// `-` may be named once: standard input can be read only once.
    fn stdin_once(files: &[PathBuf], command: &str) -> Result<(), clap::Error> {
        if files.iter().filter(|file| file.as_os_str() == "-").count() > 1 {
            return Err(mistake(ErrorKind::ArgumentConflict, "`-` (standard input) can be named only once", command));
        }
        Ok(())
    }

    fn check(args: CheckArgs) -> Result<ExitCode, clap::Error> {
        stdin_once(&args.files, "check")?;
        let CheckArgs { files, item, duration } = args;
        let inputs = expand(&files, None);
        let batch = files.len() > 1 || files.iter().any(|file| file.as_os_str() != "-" && file.is_dir());
        Ok(run_all(inputs, batch, "files", |input| {
            let mut outcome = Outcome::default();
            let shown = shown(&input.path, item.as_deref());
            let parsed = load(&input.path).and_then(|bytes| {
                let parsed = parse(&input.path, &shown, &bytes, item.as_deref(), duration, &mut outcome.stderr)?;
                // A feed of several episodes, read without --item: its items, to choose from.
                let items = if item.is_none() { items_of(&bytes) } else { Vec::new() };
                Ok((parsed, items))
            });
            match parsed {
                Ok((parsed, items)) => {
                    outcome.stdout = summary(&shown, &parsed);
                    if items.len() > 1 {
                        outcome.stdout.push_str(&item_list(&items));
                    }
                }
                Err(error) => {
                    outcome.stderr.push_str(&error);
                    outcome.stderr.push('\n');
                    outcome.failed = 1;
                }
            }
            outcome
        }))
    }

    /// `check`'s lines for the items of a feed, after the feed's own line:
    ///
    /// ```text
    ///   3 items; --item N|GUID reads one:
    ///   item 1: 4 chapters, guid "ep-3", "Third episode"
    ///   item 2: no chapters, no guid, "Second episode"
    /// ```
    fn item_list(items: &[FeedItem]) -> String {
        let mut list = format!("  {} items; --item N|GUID reads one:\n", items.len());
        for item in items {
            let chapters = match item.chapters {
                0 => "no chapters".to_owned(),
                1 => "1 chapter".to_owned(),
                n => format!("{n} chapters"),
            };
            let guid = item.guid.as_ref().map_or_else(|| "no guid".to_owned(), |guid| format!("guid {guid:?}"));
            let title = item.title.as_ref().map_or_else(|| "no title".to_owned(), |title| format!("{title:?}"));
            list.push_str(&format!("  item {}: {chapters}, {guid}, {title}\n", item.number));
        }
        list
    }

    /// `check`'s line for a file: `FILE: 15 chapters (0:00–37:25), 2 silent, 1 warning`.
    fn summary(shown: &str, parsed: &Parsed) -> String {
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
        let count = match chapters.len() {
            1 => "1 chapter".to_owned(),
            n => format!("{n} chapters"),
        };
        format!("{shown}: {count}{span}{silent}{warnings}\n")
    }

    fn convert(args: ConvertArgs) -> Result<ExitCode, clap::Error> {
        let ConvertArgs { files, to, out, item, all_items, media, duration } = args;
        stdin_once(&files, "convert")?;
        if let Some(url) = &media {
            if to != To::Html {
                return Err(mistake(ErrorKind::ArgumentConflict, "--media is only for --to html", "convert"));
            }
            if !is_web_url(url) {
                return Err(mistake(
                    ErrorKind::ValueValidation,
                    format!("--media {url:?} is not an http:, https: or relative URL"),
                    "convert",
                ));
            }
        }
        let how = How { to, item: item.as_deref(), duration, media: media.as_deref() };
        let Some(out) = out else {
            let [file] = files.as_slice() else {
                return Err(mistake(ErrorKind::MissingRequiredArgument, "several files need --out DIR", "convert"));
            };
            if file.as_os_str() != "-" && file.is_dir() {
                return Err(mistake(ErrorKind::MissingRequiredArgument, "a folder needs --out DIR", "convert"));
            }
            let inputs = vec![Ok(Input { path: file.clone(), relative: PathBuf::new(), target: None })];
            return Ok(run_all(inputs, false, "files", |input| {
                let shown = shown(&input.path, how.item);
                load(&input.path).and_then(|bytes| converted(&input.path, &shown, &bytes, &how)).unwrap_or_else(Outcome::failure)
            }));
        };
        if files.iter().any(|file| file.as_os_str() == "-") {
            return Err(mistake(ErrorKind::ArgumentConflict, "`-` (standard input) has no name to write under --out", "convert"));
        }
        // The output folder is never read as input, even when it lies inside a folder argument.
        let skip = out.canonicalize().ok();
        let inputs = expand(&files, skip.as_deref());
        if let Err(error) = std::fs::create_dir_all(&out) {
            eprintln!("{}: error: cannot create the folder: {error}", out.display());
            return Ok(ExitCode::FAILURE);
        }
        if all_items {
            return Ok(convert_all_items(inputs, &out, &how));
        }
        // Two inputs with one output name (`ep.txt` and `ep.json` to `ep.html`): the first
        // one named is written, the others fail.
        let mut first_of: HashMap<PathBuf, PathBuf> = HashMap::new();
        let inputs: Vec<Result<Input, Outcome>> = inputs
            .into_iter()
            .map(|input| {
                let mut input = input?;
                let target = out.join(output_name(&input.relative, to));
                if let Some(first) = first_of.get(&target) {
                    return Err(Outcome::failure(format!(
                        "{}: error: not converted: {} is the output of {} already",
                        input.path.display(),
                        target.display(),
                        first.display()
                    )));
                }
                first_of.insert(target.clone(), input.path.clone());
                input.target = Some(target);
                Ok(input)
            })
            .collect();
        let folders: HashSet<&Path> = inputs.iter().flatten().filter_map(|input| input.target.as_deref()?.parent()).collect();
        for folder in folders {
            // A folder that cannot be made fails each of its files, when they are written.
            let _ = std::fs::create_dir_all(folder);
        }
        Ok(run_all(inputs, true, "files", |input| {
            let Some(target) = &input.target else {
                return Outcome::failure(format!("{}: error: no output name", input.path.display()));
            };
            let shown = shown(&input.path, how.item);
            let bytes = match load(&input.path) {
                Ok(bytes) => bytes,
                Err(error) => return Outcome::failure(error),
            };
            converted_into(&input.path, &shown, &bytes, &how, target)
        }))
    }

    /// What `convert` writes and how it reads.
    struct How<'a> {
        to: To,
        item: Option<&'a str>,
        duration: Option<Timestamp>,
        media: Option<&'a str>,
    }

    /// The bytes of `path` converted: the chapters in `stdout`, the warnings in `stderr`.
    fn converted(path: &Path, shown: &str, bytes: &[u8], how: &How) -> Result<Outcome, String> {
        // A feed's item may say how long it is; --duration says it for every input.
        let duration = how.duration.or_else(|| how.item.and_then(|item| item_duration(bytes, item)));
        let how = &How { duration, ..*how };
        let mut outcome = Outcome::default();
        let parsed = parse(path, shown, bytes, how.item, how.duration, &mut outcome.stderr)?;
        let title = parsed.title.as_deref();
        outcome.stdout = match how.to {
            To::Json => export::json(title, &parsed.chapters),
            // Every cue needs an end; a description list has none for its last chapter.
            To::Vtt => {
                let (vtt, left_out) = export::vtt(&parsed.chapters, how.duration);
                if let Some(unknown) = left_out {
                    let advice = "give the episode's length with --duration SECONDS";
                    if unknown.index == 0 {
                        let warnings = &outcome.stderr;
                        return Err(format!("{warnings}{shown}: error: {unknown}, and a WebVTT cue needs one: {advice}"));
                    }
                    outcome.stderr.push_str(&format!("{shown}: warning: {unknown}, and a WebVTT cue needs one: left out; {advice}\n"));
                }
                vtt
            }
            To::Psc => export::psc(&parsed.chapters),
            To::Text => export::text(title, &parsed.chapters),
            To::Html => export::html_for_media(&parsed.chapters, how.duration, how.media),
        };
        Ok(outcome)
    }

    /// [`converted`], written at `target`.
    fn converted_into(path: &Path, shown: &str, bytes: &[u8], how: &How, target: &Path) -> Outcome {
        match converted(path, shown, bytes, how) {
            Ok(mut outcome) => {
                if let Err(problem) = write_new(path, target, &outcome.stdout) {
                    outcome.stderr.push_str(&format!("{}: error: {problem}\n", target.display()));
                    outcome.failed = 1;
                }
                outcome.stdout.clear();
                outcome
            }
            Err(error) => Outcome::failure(error),
        }
    }

    /// `convert --out DIR --all-items`: every item of a feed that has chapters is written as
    /// `DIR/FEED/NAME.EXT` (see [`item_names`]), and reported as a file is; an input that is
    /// not a feed is converted as without `--all-items`. Outputs are claimed as they are made:
    /// when two would have one name, the first made is written and the other fails.
    fn convert_all_items(inputs: Vec<Result<Input, Outcome>>, out: &Path, how: &How) -> ExitCode {
        let claimed: Mutex<HashMap<PathBuf, String>> = Mutex::new(HashMap::new());
        // Claims `target` for `by`, or says whose output it is already.
        let claim = |target: &Path, by: &str| -> Result<(), String> {
            let mut claimed = claimed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            // Names that differ only in case are one file on some file systems.
            let key = PathBuf::from(target.to_string_lossy().to_lowercase());
            match claimed.get(&key) {
                Some(first) => Err(format!("{by}: error: not converted: {} is the output of {first} already", target.display())),
                None => {
                    claimed.insert(key, by.to_owned());
                    Ok(())
                }
            }
        };
        run_all(inputs, true, "items", |input| {
            let bytes = match load(&input.path) {
                Ok(bytes) => bytes,
                Err(error) => return Outcome::failure(error),
            };
            let path = &input.path;
            let items = items_of(&bytes);
            if items.is_empty() {
                let target = out.join(output_name(&input.relative, how.to));
                let shown = path.display().to_string();
                if let Err(error) = claim(&target, &shown) {
                    return Outcome::failure(error);
                }
                if let Some(folder) = target.parent() {
                    let _ = std::fs::create_dir_all(folder);
                }
                return converted_into(path, &shown, &bytes, &How { item: None, ..*how }, &target);
            }
            let folder = out.join(stem_path(&input.relative));
            let with_chapters: Vec<(&FeedItem, String)> =
                items.iter().zip(item_names(&items)).filter(|(item, _)| item.chapters > 0).collect();
            let mut outcome = Outcome { count: with_chapters.len(), ..Outcome::default() };
            if with_chapters.is_empty() {
                return Outcome::failure(format!("{}: error: none of the feed's {} items has chapters", path.display(), items.len()));
            }
            let without: Vec<usize> = items.iter().filter(|item| item.chapters == 0).map(|item| item.number).collect();
            if !without.is_empty() {
                outcome.stderr.push_str(&format!("{}: warning: {}\n", path.display(), not_written(&without, items.len())));
            }
            if let Err(error) = std::fs::create_dir_all(&folder) {
                outcome.stderr.push_str(&format!("{}: error: cannot create the folder: {error}\n", folder.display()));
                outcome.failed = outcome.count;
                return outcome;
            }
            let text = formats::decode_text(&bytes).unwrap_or_default();
            let starts = item_starts(&text, &items);
            // The items in parallel, their messages in feed order.
            let done: Vec<Outcome> = with_chapters
                .par_iter()
                .map(|(item, name)| {
                    let shown = format!("{} (item {})", path.display(), item.number);
                    let target = folder.join(format!("{name}.{}", how.to.extension()));
                    if let Err(error) = claim(&target, &shown) {
                        return Outcome::failure(error);
                    }
                    // The item alone first (reading it in the whole feed, once per item, would
                    // take time in the square of the feed's length); the whole feed, for its
                    // exact messages, when that fails.
                    if let Some(alone) = one_item(&text, &starts, item.number) {
                        let outcome = converted_into(path, &shown, alone.as_bytes(), &How { item: Some("1"), ..*how }, &target);
                        if outcome.failed == 0 {
                            return outcome;
                        }
                    }
                    let Some(chosen) = selector(item, &items) else {
                        return Outcome::failure(format!(
                            "{shown}: error: not converted: its GUID is another item's too, and its number is another item's GUID"
                        ));
                    };
                    converted_into(path, &shown, &bytes, &How { item: Some(&chosen), ..*how }, &target)
                })
                .collect();
            for done in done {
                outcome.stderr.push_str(&done.stderr);
                outcome.failed += done.failed;
            }
            outcome
        })
    }

    /// The items of a feed that have no chapters, told once: `item 2 of 6 has no chapters: not
    /// written`, `items 2, 5 of 6 have …`, the first ten numbers when there are more.
    fn not_written(numbers: &[usize], total: usize) -> String {
        let listed: Vec<String> = numbers.iter().take(10).map(usize::to_string).collect();
        let more = match numbers.len().saturating_sub(10) {
            0 => String::new(),
            more => format!(" and {more} more"),
        };
        let (noun, verb) = if numbers.len() == 1 { ("item", "has") } else { ("items", "have") };
        format!("{noun} {}{more} of {total} {verb} no chapters: not written", listed.join(", "))
    }

    /// Where each item starts in `text`, as a byte offset (from the items' lines and columns, in
    /// one pass); `None` for one whose position is not a line and column.
    fn item_starts(text: &str, items: &[FeedItem]) -> Vec<Option<usize>> {
        let mut starts = Vec::with_capacity(items.len());
        let mut chars = text.char_indices().peekable();
        let (mut line, mut column) = (1u32, 1u32);
        for item in items {
            let Position::Text { line: want_line, column: want_column } = item.position else {
                starts.push(None);
                continue;
            };
            while (line, column) < (want_line, want_column) {
                let Some((_, c)) = chars.next() else { break };
                (line, column) = if c == '\n' { (line.saturating_add(1), 1) } else { (line, column.saturating_add(1)) };
            }
            let at = chars.peek().map_or(text.len(), |&(at, _)| at);
            starts.push(((line, column) == (want_line, want_column)).then_some(at));
        }
        starts
    }

    /// The feed with item `number` alone in it: what comes before the first item (the
    /// channel's start, with its namespaces), the lines between it and this item as empty lines
    /// (so that lines and columns in messages are the whole feed's), then this item up to the
    /// next one.
    fn one_item(text: &str, starts: &[Option<usize>], number: usize) -> Option<String> {
        let first = (*starts.first()?)?;
        let at = (*starts.get(number.checked_sub(1)?)?)?;
        let end = match starts.get(number) {
            Some(next) => (*next)?,
            None => text.len(),
        };
        let (head, gap, item) = (text.get(..first)?, text.get(first..at)?, text.get(at..end)?);
        let lines = gap.matches('\n').count();
        let column = gap.rsplit('\n').next().unwrap_or_default().chars().count();
        let mut alone = String::with_capacity(head.len() + lines + column + item.len());
        alone.push_str(head);
        alone.extend(std::iter::repeat_n('\n', lines));
        alone.extend(std::iter::repeat_n(' ', column));
        alone.push_str(item);
        Some(alone)
    }

    /// What `--item` reads `item` by: its GUID when no other item has it, else its number when
    /// that is no item's GUID (a GUID is looked for first).
    fn selector(item: &FeedItem, items: &[FeedItem]) -> Option<String> {
        if let Some(guid) = &item.guid {
            if items.iter().filter(|other| other.guid.as_deref() == Some(guid.as_str())).count() == 1 {
                return Some(guid.clone());
            }
        }
        let number = item.number.to_string();
        (!items.iter().any(|other| other.guid.as_deref() == Some(number.as_str()))).then_some(number)
    }

    /// The output names of a feed's items, without extension: the GUID made safe for a file
    /// name (see [`safe_name`]), or `item-N` (N its number) when it has none, or when it would
    /// be another item's name (also where names differ only in case).
    fn item_names(items: &[FeedItem]) -> Vec<String> {
        let mut taken = HashSet::new();
        items
            .iter()
            .map(|item| {
                let number = format!("item-{}", item.number);
                let name = item
                    .guid
                    .as_deref()
                    .map(safe_name)
                    // `item-7` is kept for item 7.
                    .filter(|name| !(name.starts_with("item-") && name.len() > 5 && name.bytes().skip(5).all(|b| b.is_ascii_digit())))
                    .filter(|name| !name.is_empty() && !taken.contains(&name.to_lowercase()))
                    .unwrap_or(number);
                taken.insert(name.to_lowercase());
                name
            })
            .collect()
    }

    /// A GUID as a file name: without a leading `scheme://` or `urn:uuid:`, ASCII letters,
    /// digits, `.`, `_` and `-` kept, every run of anything else one `-`, no `.` or `-` at either
    /// end (no hidden names, no `..`), at most 100 characters. `https://example.com/?p=123`
    /// becomes `example.com-p-123`. Empty when nothing is left.
    fn safe_name(guid: &str) -> String {
        let guid = guid.trim();
        let guid = match guid.find("://") {
            Some(at) if guid.get(..at).is_some_and(|scheme| !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'.' || b == b'-')) => {
                guid.get(at + 3..).unwrap_or(guid)
            }
            _ => guid,
        };
        let guid = if guid.get(..9).is_some_and(|head| head.eq_ignore_ascii_case("urn:uuid:")) { guid.get(9..).unwrap_or(guid) } else { guid };
        let mut name = String::with_capacity(guid.len());
        for c in guid.chars() {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                name.push(c);
            } else if !name.ends_with('-') {
                name.push('-');
            }
        }
        let name = name.trim_matches(['.', '-']);
        let name = name.get(..100).unwrap_or(name).trim_end_matches(['.', '-']);
        name.to_owned()
    }

    /// Writes `contents` at `target`, unless `target` is the input file itself (`--out` the
    /// input's folder, same format).
    fn write_new(input: &Path, target: &Path, contents: &str) -> Result<(), String> {
        // A target that does not exist yet is not the input: one system call per new file.
        if std::fs::symlink_metadata(target).is_ok() {
            if let (Ok(target), Ok(input)) = (target.canonicalize(), input.canonicalize()) {
                if target == input {
                    return Err("not written: it is the input file".to_owned());
                }
            }
        }
        std::fs::write(target, contents).map_err(|error| format!("cannot write: {error}"))
    }
}
