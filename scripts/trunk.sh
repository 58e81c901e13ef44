#!/usr/bin/env bash
# Runs Trunk with the flags the shipped wasm is built with (scripts/wasm-flags.sh), for example
#   bash scripts/trunk.sh build --release
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
source scripts/wasm-flags.sh
exec trunk "$@"
