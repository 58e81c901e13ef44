//! Parse time of every reader at 10,000 chapters (criterion), on inputs made in code
//! (benches/support/inputs.rs). `bash bench/parse-time.sh` runs it with short settings next to
//! the same inputs in wasm and prints one table; alone:
//!
//! ```sh
//! cargo bench --bench parse -- --warm-up-time 1 --measurement-time 3 --sample-size 10
//! ```
//!
//! `PARSE_CHAPTERS=1000` changes the size. Before measuring, one line per input goes to
//! standard output: `input <name> <chapters> <bytes>`. The bench profile is the release
//! profile (opt-level "z", as the command-line tool and the widget are built).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};

#[path = "support/inputs.rs"]
mod inputs;

fn chapters() -> usize {
    std::env::var("PARSE_CHAPTERS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000)
}

fn main() {
    let n = chapters();
    let made: Vec<_> = inputs::READERS.iter().map(|reader| (reader, (reader.make)(n))).collect();
    for (reader, input) in &made {
        let parsed = (reader.parse)(input).unwrap_or_else(|e| panic!("{}: {e}", reader.name));
        assert_eq!(parsed.chapters.len(), n, "{}", reader.name);
        println!("input {} {n} {}", reader.name, input.len());
    }

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(10)
        .configure_from_args();
    let mut group = criterion.benchmark_group(format!("parse-{n}"));
    for (reader, input) in &made {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(reader.name, |b| b.iter(|| (reader.parse)(black_box(input))));
    }
    group.finish();
    criterion.final_summary();
}
