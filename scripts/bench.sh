#!/usr/bin/env bash
# Builds the release page and prints the benchmark table (sizes, time to chapters, highlight lag).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
trunk build --release >/dev/null
node bench/bench.mjs
