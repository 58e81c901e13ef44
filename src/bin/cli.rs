//! `episode-chapters`: checks and converts chapter files with the same readers, rules and
//! messages as the widget, one file or a podcast host's thousands at a time.
//!
//! ```text
//! episode-chapters check FILE|DIR... [--duration SECONDS]
//! episode-chapters convert FILE --to json|vtt|psc|text|html [--duration SECONDS] [--media URL]
//! episode-chapters convert FILE|DIR... --to FORMAT --out DIR [--duration SECONDS] [--media URL]
//! ```
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
    use std::sync::mpsc;

    use clap::error::ErrorKind;
    use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
    use indicatif::{ProgressBar, ProgressStyle};
    use rayon::iter::{ParallelBridge, ParallelIterator};

    use episode_chapters::chapters::is_web_url;
    use episode_chapters::formats::{self, Format};
    use episode_chapters::{export, Parsed, Timestamp};

    /// Every command's help: the usage first (as `usage:`, which scripts and the tests look
    /// for), then what the command does, then its arguments.
    const HELP: &str = "usage: {usage}\n\n{about-with-newline}\n{all-args}{after-help}";

    const DURATION_HELP: &str = "The audio's length (seconds or H:MM:SS): chapters that start after it are \
        dropped, ends past it are cut, and the last chapter ends there if the source gives no end";

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
                          standard error, with its file and position.",
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
                          go on.",
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

    /// What one file gave: its standard output, its standard error (each message a line), and
    /// whether it failed.
    #[derive(Default)]
    struct Outcome {
        stdout: String,
        stderr: String,
        failed: bool,
    }

    impl Outcome {
        fn failure(message: String) -> Outcome {
            Outcome { stdout: String::new(), stderr: message + "\n", failed: true }
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

    /// `relative` with the extension of `to` in place of its own (both of `.psc.xml`).
    fn output_name(relative: &Path, to: To) -> PathBuf {
        let mut stem: OsString = relative.file_stem().unwrap_or(relative.as_os_str()).to_owned();
        let is_xml = relative.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("xml"));
        let inner = Path::new(&stem);
        if is_xml && inner.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("psc")) {
            stem = inner.file_stem().unwrap_or(inner.as_os_str()).to_owned();
        }
        stem.push(".");
        stem.push(to.extension());
        relative.with_file_name(stem)
    }

    /// Reads and parses `path`, fitted to `duration` if given; its warnings are added to
    /// `stderr`.
    fn read(path: &Path, duration: Option<Timestamp>, stderr: &mut String) -> Result<Parsed, String> {
        let shown = path.display();
        let mut bytes = Vec::new();
        let read = if path.as_os_str() == "-" {
            std::io::stdin().read_to_end(&mut bytes).map(|_| ())
        } else {
            std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
        };
        read.map_err(|error| format!("{shown}: error: cannot read: {error}"))?;
        // The extension is a hint: the content decides (see formats::parse_hinted).
        let hint = Format::from_extension(&path.to_string_lossy());
        let mut parsed = formats::parse_bytes_hinted(&bytes, hint).map_err(|error| format!("{shown}: error: {error}"))?;
        if let Some(duration) = duration {
            let (chapters, warnings) = parsed.chapters.fit_to(duration);
            parsed.chapters = chapters;
            parsed.warnings.extend(warnings);
        }
        for warning in &parsed.warnings {
            stderr.push_str(&format!("{shown}: warning: {warning}\n"));
        }
        Ok(parsed)
    }

    /// Runs `job` on every input in parallel and prints each outcome in input order as soon
    /// as those before it are done, with a progress bar on a terminal when there are several
    /// (or `batch`). Returns the exit status.
    fn run_all<F>(inputs: Vec<Result<Input, Outcome>>, batch: bool, job: F) -> ExitCode
    where
        F: Fn(&Input) -> Outcome + Sync,
    {
        let total = inputs.len();
        let batch = batch || total > 1;
        let bar = if batch && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
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
                    failed += usize::from(outcome.failed);
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
            eprintln!("episode-chapters: {failed} of {total} files failed");
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
        let duration = args.duration;
        let inputs = expand(&args.files, None);
        let batch = args.files.len() > 1 || args.files.iter().any(|file| file.as_os_str() != "-" && file.is_dir());
        Ok(run_all(inputs, batch, |input| {
            let mut outcome = Outcome::default();
            match read(&input.path, duration, &mut outcome.stderr) {
                Ok(parsed) => outcome.stdout = summary(&input.path, &parsed),
                Err(error) => {
                    outcome.stderr.push_str(&error);
                    outcome.stderr.push('\n');
                    outcome.failed = true;
                }
            }
            outcome
        }))
    }

    /// `check`'s line for a file: `FILE: 15 chapters (0:00–37:25), 2 silent, 1 warning`.
    fn summary(path: &Path, parsed: &Parsed) -> String {
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
        format!("{}: {} chapters{span}{silent}{warnings}\n", path.display(), chapters.len())
    }

    fn convert(args: ConvertArgs) -> Result<ExitCode, clap::Error> {
        let ConvertArgs { files, to, out, media, duration } = args;
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
        let Some(out) = out else {
            let [file] = files.as_slice() else {
                return Err(mistake(ErrorKind::MissingRequiredArgument, "several files need --out DIR", "convert"));
            };
            if file.as_os_str() != "-" && file.is_dir() {
                return Err(mistake(ErrorKind::MissingRequiredArgument, "a folder needs --out DIR", "convert"));
            }
            let inputs = vec![Ok(Input { path: file.clone(), relative: PathBuf::new(), target: None })];
            return Ok(run_all(inputs, false, |input| converted(input, to, duration, media.as_deref()).unwrap_or_else(Outcome::failure)));
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
        Ok(run_all(inputs, true, |input| {
            let Some(target) = &input.target else {
                return Outcome::failure(format!("{}: error: no output name", input.path.display()));
            };
            match converted(input, to, duration, media.as_deref()) {
                Ok(mut outcome) => {
                    if let Err(problem) = write_new(&input.path, target, &outcome.stdout) {
                        outcome.stderr.push_str(&format!("{}: error: {problem}\n", target.display()));
                        outcome.failed = true;
                    }
                    outcome.stdout.clear();
                    outcome
                }
                Err(error) => Outcome::failure(error),
            }
        }))
    }

    /// The input converted: the chapters in `stdout`, the warnings in `stderr`.
    fn converted(input: &Input, to: To, duration: Option<Timestamp>, media: Option<&str>) -> Result<Outcome, String> {
        let mut outcome = Outcome::default();
        let parsed = read(&input.path, duration, &mut outcome.stderr)?;
        let title = parsed.title.as_deref();
        outcome.stdout = match to {
            To::Json => export::json(title, &parsed.chapters),
            To::Vtt => export::vtt(&parsed.chapters, duration),
            To::Psc => export::psc(&parsed.chapters),
            To::Text => export::text(title, &parsed.chapters),
            To::Html => export::html_for_media(&parsed.chapters, duration, media),
        };
        Ok(outcome)
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
