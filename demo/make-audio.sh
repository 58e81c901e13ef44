#!/usr/bin/env bash
# Makes demo/episode.opus, a small stand-in audio file for the episode in
# demo/episode.txt. It is as long as the last chapter's end time. At each
# chapter's start time, espeak-ng says "Chapter N. <title>" (the voice starts
# on that exact sample). In between, a soft blip plays once per second so you
# can hear that playback is running.
# Needs Debian's espeak-ng, sox and opus-tools (and python3):
#   apt-get install -y espeak-ng sox opus-tools
set -euo pipefail

cd "$(dirname "$0")"
RATE=24000
export SOX_OPTS=-D  # no dither: silence stays digital zero, which Opus codes in ~2 bytes a frame
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One line per chapter: "start_seconds<TAB>end_seconds<TAB>title".
python3 - episode.txt >"$tmp/chapters.tsv" <<'PY'
import re, sys
secs = lambda t: sum(int(p) * 60 ** i for i, p in enumerate(reversed(t.split(":"))))
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
pat = re.compile(r"- (\d+(?::\d\d){1,2})\s*[–—-]\s*(\d+(?::\d\d){1,2})")
for i, line in enumerate(lines):
    if m := pat.fullmatch(line.strip()):
        print(secs(m[1]), secs(m[2]), lines[i + 1].strip(), sep="\t")
PY

# Speech track: one segment per chapter, each exactly as long as the chapter.
n=0
segments=()
while IFS=$'\t' read -r start end title; do
  n=$((n + 1))
  if [ "$n" -eq 1 ] && [ "$start" -gt 0 ]; then  # silence before chapter 1
    sox -r $RATE -c 1 -n -b 16 "$tmp/lead.wav" trim 0 $((start * RATE))s
    segments+=("$tmp/lead.wav")
  fi
  next=$(awk -F'\t' -v n="$n" 'NR == n + 1 { print $1 }' "$tmp/chapters.tsv")
  want=$(( (${next:-$end} - start) * RATE ))
  espeak-ng -s 165 -w "$tmp/raw.wav" "Chapter $n. $title" </dev/null
  # Cut espeak's leading silence so the voice begins on the first sample.
  sox "$tmp/raw.wav" -b 16 "$tmp/voice.wav" silence 1 0.002 0.5% rate -v $RATE
  have=$(soxi -s "$tmp/voice.wav")
  # Pad with silence to the chapter's length (or cut, if the speech is longer).
  sox "$tmp/voice.wav" "$tmp/seg$n.wav" \
    pad 0 $(( want > have ? want - have : 0 ))s trim 0 "${want}s"
  segments+=("$tmp/seg$n.wav")
done <"$tmp/chapters.tsv"
sox "${segments[@]}" "$tmp/speech.wav"
total=$(soxi -s "$tmp/speech.wav")

# Blip track: a 10 ms, 1 kHz blip (-30 dBFS, smooth fades so Opus codes it
# cheaply) at the start of every second.
sox -r $RATE -c 1 -n -b 16 "$tmp/blip.wav" \
  synth 240s sine 1000 fade h 120s 240s 120s vol 0.03 pad 0 $((RATE - 240))s
sox "$tmp/blip.wav" "$tmp/blips.wav" repeat $((total / RATE)) trim 0 "${total}s"

sox -m -v 1 "$tmp/speech.wav" -v 1 "$tmp/blips.wav" "$tmp/mix.wav"
# --music keeps Opus in CELT mode, where silent frames cost ~2 bytes (SILK
# mode spends ~20 bytes on each silent frame). --cvbr keeps the blips cheap.
opusenc --quiet --music --bitrate 20 --cvbr --framesize 60 --serial 1 \
  --title "episode-chapters demo" "$tmp/mix.wav" episode.opus
echo "wrote demo/episode.opus: $((total / RATE)) s, $(stat -c %s episode.opus) bytes"
