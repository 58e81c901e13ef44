#!/usr/bin/env bash
# Installs whatever is missing, builds the widget (release, as it ships) and serves the demo
# episode page at http://127.0.0.1:8080 (with HTTP Range support, so the audio can seek).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec bash scripts/trunk.sh serve --release "$@"
