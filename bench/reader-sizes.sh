#!/usr/bin/env bash
# What each optional chapter reader costs the widget: builds the release widget with every
# reader, with none (show notes and JSON only), and with all but one, and prints a table of
# the wasm's brotli size (quality 11). Takes about 7 release builds (a few minutes).
#   bash bench/reader-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
readers=(psc webvtt id3 mp4 ogg)

size() { # features -> brotli bytes of the wasm
  trunk build --release --no-default-features --features "$1" --dist "$out/dist" >/dev/null 2>&1
  node -e '
    const { readFileSync } = require("node:fs");
    const { brotliCompressSync, constants } = require("node:zlib");
    const wasm = readFileSync(process.argv[1]);
    console.log(brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
  ' "$out"/dist/embed/*.wasm
}

all="web,$(IFS=,; echo "${readers[*]}")"
full=$(size "$all")
none=$(size web)
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
echo "| build | wasm brotli KB | the reader costs KB |"
echo "|---|---:|---:|"
echo "| every reader | $(kb "$full") | |"
for reader in "${readers[@]}"; do
  rest=$(echo "$all" | tr ',' '\n' | grep -vx "$reader" | paste -sd,)
  without=$(size "$rest")
  echo "| without $reader | $(kb "$without") | $(kb $((full - without))) |"
done
echo "| show notes and JSON only | $(kb "$none") | $(kb $((full - none))) (all five) |"
