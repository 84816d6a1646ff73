#!/usr/bin/env bash
# Runs the fuzz targets with cargo-fuzz (libFuzzer), each for SECONDS
# (default 60). Installs cargo-fuzz if missing. The toolchain here is
# stable, so RUSTC_BOOTSTRAP lets cargo-fuzz use the sanitizer flags.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(parsers workbook model followup labour)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in "${targets[@]}"; do
    echo "fuzzing $t for ${seconds}s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" -- -max_total_time="$seconds" -max_len=65536
done
