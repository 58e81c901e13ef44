#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS seconds each (default 600), starting from the
# committed seeds, and prints the executions per target. A crash stops with the input saved
# under fuzz/artifacts/. Needs cargo-fuzz (installed by scripts/setup.sh); the machine's stable
# Rust runs it with RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags for the sanitizer).
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH" RUSTC_BOOTSTRAP=1
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
cargo fuzz build -O >/dev/null 2>&1 || cargo fuzz build -O
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  log=$(mktemp)
  if ! cargo fuzz run -O "$target" "corpus/$target" "seeds/$target" -- -max_total_time="$seconds" -max_len=65536 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $target FAILED (see fuzz/artifacts/$target)"
    exit 1
  fi
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo '?')
  echo "fuzz: $target: $runs executions in ${seconds} s, no crash"
  rm -f "$log"
done
