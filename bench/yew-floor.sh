#!/usr/bin/env bash
# The floor for a Yew widget: builds bench/yew-floor (one function component with a `use_state`
# button and a 15-item list) as the widget is built (release profile, wasm-bindgen --target web,
# wasm-opt -Oz), with the standard library rebuilt as scripts/wasm-flags.sh does and as shipped
# by rustup, and prints the brotli sizes (quality 11) of its wasm and JS. About 5 minutes.
#   bash bench/yew-floor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

sizes() { # target dir -> "wasm KB, JS KB" (brotli)
  (cd bench/yew-floor && CARGO_TARGET_DIR="$1" cargo build --quiet --release --target wasm32-unknown-unknown)
  wasm-bindgen --target web --out-dir "$out/bg" --out-name floor "$1/wasm32-unknown-unknown/release/yew-floor.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/bg/floor_bg.wasm" -o "$out/floor.wasm"
  node -e '
    const { readFileSync } = require("node:fs");
    const { brotliCompressSync, constants } = require("node:zlib");
    const kb = (f) => (brotliCompressSync(readFileSync(f), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length / 1024).toFixed(1);
    console.log(`${kb(process.argv[1])} | ${kb(process.argv[2])}`);
  ' "$out/floor.wasm" "$out/bg/floor.js"
}

echo "| standard library | wasm brotli KB | JS brotli KB |"
echo "|---|---:|---:|"
echo "| as shipped by rustup | $(sizes "$PWD/target/yew-floor-plain") |"
echo "| rebuilt for size (scripts/wasm-flags.sh) | $(source scripts/wasm-flags.sh; sizes "$PWD/target/yew-floor") |"
