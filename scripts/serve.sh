#!/usr/bin/env bash
# Installs whatever is missing, builds the widget (release, as it ships) and serves the demo
# episode page at http://127.0.0.1:8080 (with HTTP Range support, so the audio can seek).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
exec bash scripts/trunk.sh serve --release "$@"
