#!/usr/bin/env bash
# One benchmark, the peers in the same run: builds the release embed, installs the peers
# (Podlove Web Player 5, Vidstack, Shikwasa) from the npm registry into bench/peers/, and prints
# the Markdown tables of bench/bench.mjs, measured in headless Chromium (about 5 minutes on 2 cores).
#
#   bash scripts/bench.sh                  build into target/bench-dist/, then measure it
#   BENCH_DIST=dist bash scripts/bench.sh  measure an existing build instead (no build)
#   BENCH_LOADS, BENCH_CROSSINGS, BENCH_SIZES, BENCH_ONLY, BENCH_JSON, BENCH_MERGE: see bench/bench.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# The peers, exactly as locked in bench/peers/package-lock.json; again only when the lock changed.
if ! cmp -s bench/peers/package-lock.json bench/peers/node_modules/.bench-installed 2>/dev/null; then
  echo "bench: installing the peers from the npm registry (npm ci in bench/peers)" >&2
  (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.bench-installed)
fi

if [ -z "${BENCH_DIST:-}" ]; then
  # Its own output folder, so a bench never replaces dist/ under a running server or test.
  export BENCH_DIST="$PWD/target/bench-dist"
  echo "bench: scripts/trunk.sh build --release --dist $BENCH_DIST" >&2
  bash scripts/trunk.sh build --release --dist "$BENCH_DIST" >/dev/null
fi
node bench/bench.mjs
