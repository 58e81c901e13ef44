#!/usr/bin/env bash
# What each optional chapter reader would cost inside the widget's own wasm: builds the release
# widget with every reader, with none (show notes and JSON only), and with all but one, and
# prints a table of the wasm's brotli size (quality 11). The shipped widget carries show notes,
# JSON and WebVTT; the others live in the readers' module, loaded on demand (see the README).
# Takes about 7 release builds (a few minutes).
#   bash bench/reader-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
source scripts/wasm-flags.sh
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
readers=(psc webvtt id3 mp4 ogg)

size() { # features -> brotli bytes of the widget's wasm built with them (as Trunk builds it)
  cargo build --quiet --release --target wasm32-unknown-unknown --bin episode-chapters-widget \
    --no-default-features --features "$1"
  wasm-bindgen --target web --out-dir "$out/bg" --out-name widget \
    target/wasm32-unknown-unknown/release/episode-chapters-widget.wasm
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/bg/widget_bg.wasm" -o "$out/widget.wasm"
  node -e '
    const { readFileSync } = require("node:fs");
    const { brotliCompressSync, constants } = require("node:zlib");
    const wasm = readFileSync(process.argv[1]);
    console.log(brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
  ' "$out/widget.wasm"
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
