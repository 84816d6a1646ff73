# Sourced by the benchmarks that run peers, after setting OUT: makes $OUT,
# the peers' own virtual environment ($VENV: HiGHS's highspy, OR-Tools,
# numpy, networkx) on first use, and the release binary ($BIN).
mkdir -p "$OUT"
VENV="$OUT/place-venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import highspy, ortools, numpy, networkx" 2>/dev/null; then
    "$VENV/bin/pip" install -q highspy ortools numpy networkx
fi
cargo build --release --locked -p corredor >&2
BIN=target/release/corredor
