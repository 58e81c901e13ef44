#!/usr/bin/env bash
# Installs whatever is missing and runs every test:
#   1. host tests (`cargo test`): readers, timeline, reducer, doc examples;
#   2. browser tests (wasm-bindgen-test in headless Chromium): the component with a real <audio>;
#   3. a short fuzzing run of every reader (scripts/fuzz.sh; the long runs are done by hand);
#   4. end-to-end tests on the release build of the demo page: playwright-core + Debian's Chromium,
#      and the core scenarios in Firefox ESR (puppeteer-core) and WebKitGTK (WebKitWebDriver).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n== %s\n' "$*"; }

step "host tests"
cargo test

step "lints"
cargo clippy --all-targets -- -D warnings
# The widget built with only the always-on readers (show notes, JSON) must build too.
cargo clippy --target wasm32-unknown-unknown --no-default-features --features web -- -D warnings
# The two wasm modules as they ship: the widget (common readers) and the optional readers.
cargo clippy --target wasm32-unknown-unknown --no-default-features --features web,webvtt -- -D warnings
cargo clippy --target wasm32-unknown-unknown --no-default-features --features readers-wasm,psc,id3,mp4,ogg --bin episode-chapters-readers -- -D warnings

step "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --test browser

step "fuzzing every reader briefly (no crash allowed)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-10}"

step "release build of the demo page and dist/embed/, and its size budget"
bash scripts/trunk.sh build --release
node scripts/size-budget.mjs

step "end-to-end tests (Chromium; the core scenarios also in Firefox ESR and WebKitGTK; real audio)"
node --test --test-concurrency=1 tests/e2e/
