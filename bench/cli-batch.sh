#!/usr/bin/env bash
# Files per second of the command-line tool at a podcast host's scale:
#
#   episode-chapters convert DIR --to html --out OUT
#
# on the release build, over a temporary folder of 10,000 chapter files in 100 show folders, a
# quarter each of show notes, Podcasting 2.0 JSON, WebVTT and Podlove Simple Chapters, made
# from the demo notes (15 chapters) by the tool itself. The files are written just before the
# runs, so they are read from the page cache, as a host converting what it has just written.
#
# usage: bash bench/cli-batch.sh [FILES] [RUNS]     (defaults: 10000 files, 5 runs)
# Builds into $CARGO_TARGET_DIR (default target/). Prints each run and the median.
#   TMPDIR=/dev/shm bash bench/cli-batch.sh       the files on tmpfs: leaves the disk out
#   CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_TARGET_DIR=target/o3 bash bench/cli-batch.sh
#                                                 the tool at opt-level 3 instead of the
#                                                 release profile's "z" (tuned for the wasm)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
runs=${2:-5}
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --quiet --bin episode-chapters
bin="${CARGO_TARGET_DIR:-target}/release/episode-chapters"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The seeds, one per format, converted from the demo notes by the tool itself.
"$bin" convert demo/episode.txt --to text > "$work/seed.txt"
"$bin" convert demo/episode.txt --to json > "$work/seed.json"
"$bin" convert demo/episode.txt --to vtt > "$work/seed.vtt"
"$bin" convert demo/episode.txt --to psc > "$work/seed.psc.xml"
extensions=(txt json vtt psc.xml)
seeds=()
for extension in "${extensions[@]}"; do
  seeds+=("$(cat "$work/seed.$extension")")
done

# The folder: printf is a builtin, so no process per file.
in="$work/in"
for ((show = 0; show < (files + 99) / 100; show++)); do
  mkdir -p "$in/show-$show"
done
for ((i = 0; i < files; i++)); do
  k=$((i % 4))
  printf '%s\n' "${seeds[k]}" > "$in/show-$((i / 100))/episode-$i.${extensions[k]}"
done
count=$(find "$in" -type f | wc -l)

echo "episode-chapters convert DIR --to html --out OUT: $count files (${extensions[*]}), $(nproc) cores"
rates=()
for ((run = 1; run <= runs; run++)); do
  out="$work/out-$run"
  start=$(date +%s%N)
  "$bin" convert "$in" --to html --out "$out"
  end=$(date +%s%N)
  written=$(find "$out" -type f -name '*.html' | wc -l)
  if [ "$written" -ne "$count" ]; then
    echo "run $run wrote $written files of $count" >&2
    exit 1
  fi
  rate=$(awk -v n="$count" -v ns=$((end - start)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
  rates+=("$rate")
  awk -v n="$count" -v ns=$((end - start)) -v r="$rate" -v run="$run" \
    'BEGIN { printf "run %d: %.3f s, %d files/second\n", run, ns / 1e9, r }'
  rm -rf "$out"
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median files/second"
