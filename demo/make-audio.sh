#!/usr/bin/env bash
# Makes demo/episode.opus: a mostly-silent stand-in for the episode in
# demo/episode.txt. It has one soft tick per second so you can hear playback
# running, and espeak-ng says "Chapter N. <title>" starting exactly at each
# chapter's start time. Its length is the last chapter's end time.
# Needs Debian's espeak-ng, sox, opus-tools and python3:
#   apt-get install -y espeak-ng sox opus-tools
set -euo pipefail

cd "$(dirname "$0")"
RATE=24000
export SOX_OPTS=-D  # no dither: keep silence digital zero so Opus spends ~nothing on it
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Print "start_seconds<TAB>end_seconds<TAB>title" for each chapter.
python3 - episode.txt >"$tmp/chapters.tsv" <<'PY'
import re, sys
secs = lambda t: sum(int(p) * 60 ** i for i, p in enumerate(reversed(t.split(":"))))
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
pat = re.compile(r"^- (\d+(?::\d\d){1,2})\s*[–—-]\s*(\d+(?::\d\d){1,2})\s*$")
for i, line in enumerate(lines):
    m = pat.match(line.strip())
    if m:
        print(secs(m[1]), secs(m[2]), lines[i + 1].strip(), sep="\t")
PY

n=0
segments=()
while IFS=$'\t' read -r start end title; do
  n=$((n + 1))
  if [ "$n" -eq 1 ] && [ "$start" -ne 0 ]; then  # lead-in before chapter 1
    sox -r $RATE -c 1 -n -b 16 "$tmp/lead.wav" trim 0 $((start * RATE))s
    segments+=("$tmp/lead.wav")
  fi
  next=$(awk -F'\t' -v n="$n" 'NR == n + 1 { print $1 }' "$tmp/chapters.tsv")
  len=$(( ${next:-$end} - start ))
  espeak-ng -s 165 -w "$tmp/raw.wav" "Chapter $n. $title" </dev/null
  # Drop espeak's leading silence so the voice starts on the segment's first
  # sample; then pad/cut the segment to exactly the chapter's length.
  sox "$tmp/raw.wav" -r $RATE -c 1 -b 16 "$tmp/seg$n.wav" \
    silence 1 0.002 0.5% rate -v $RATE pad 0 "$len" trim 0 $((len * RATE))s
  segments+=("$tmp/seg$n.wav")
done <"$tmp/chapters.tsv"
sox "${segments[@]}" "$tmp/speech.wav"
total=$(soxi -s "$tmp/speech.wav")

# A soft 12 ms, 1.5 kHz tick at the top of every second.
sox -r $RATE -c 1 -n -b 16 "$tmp/tick.wav" \
  synth 288s sine 1500 fade h 0 288s 240s vol 0.04 pad 0 $((RATE - 288))s
sox "$tmp/tick.wav" "$tmp/ticks.wav" repeat $((total / RATE)) trim 0 "${total}s"

sox -m -v 1 "$tmp/speech.wav" -v 1 "$tmp/ticks.wav" "$tmp/mix.wav"
opusenc --quiet --bitrate 20 --vbr --serial 1 \
  --title "episode-chapters demo" "$tmp/mix.wav" episode.opus
echo "wrote $(pwd)/episode.opus ($((total / RATE)) s, $(stat -c %s episode.opus) bytes)"
