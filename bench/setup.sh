# Sourced by the benchmarks: the peers' own virtual environment (HiGHS's
# highspy, OR-Tools, numpy, networkx) in $OUT/place-venv, made on first use.
VENV="$OUT/place-venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import highspy, ortools, numpy, networkx" 2>/dev/null; then
    "$VENV/bin/pip" install -q highspy ortools numpy networkx
fi
