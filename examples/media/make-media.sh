#!/usr/bin/env bash
# Makes episode-start.mp3: the first three chapters (5:37) of the demo episode as an MP3 whose
# ID3v2 tag holds the chapters (CHAP + CTOC, written by ffmpeg), for the example page that reads
# chapters from the audio file itself. Needs Debian's ffmpeg.
set -euo pipefail
cd "$(dirname "$0")"
meta=$(mktemp)
cat >"$meta" <<'META'
;FFMETADATA1
title=No Priors Ep. 5 (first three chapters)
[CHAPTER]
TIMEBASE=1/1000
START=0
END=165000
title=From eBay power-seller to computer vision
[CHAPTER]
TIMEBASE=1/1000
START=165000
END=239000
title=Hugging Face v1: building a fun “AI Tamagotchi”
[CHAPTER]
TIMEBASE=1/1000
START=239000
END=337000
title=The pivot to open source
META
ffmpeg -loglevel error -y -i ../../demo/episode.opus -i "$meta" -map 0:a -map_metadata 1 -map_chapters 1 -t 337 \
  -ac 1 -ar 16000 -c:a libmp3lame -b:a 16k -id3v2_version 4 episode-start.mp3
rm -f "$meta"
