#!/usr/bin/env bash
# Placement against HiGHS (highspy) and OR-Tools CP-SAT solving the plain
# MIP on the same generated instances with the same time limit.
#   bench/place.sh [SECONDS]   # default 60; writes bench/out/place.md
# Instances: 2,000 × 50, 10,000 × 200 and 50,000 × 500 (seed 1), written by
# `corredor share generate`. The peers run in their own virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT="${1:-60}"
OUT=bench/out
. bench/setup.sh
RESULTS="$OUT/place-results.jsonl"
: > "$RESULTS"
for size in 2000x50 10000x200 50000x500; do
    cases=${size%x*}; sites=${size#*x}
    dir="$OUT/place-$size"
    $BIN share generate --cases "$cases" --sites "$sites" --seed 1 --out "$dir" >&2
    start=$(date +%s.%N)
    $BIN share place --cases "$dir/cases.csv" --sites "$dir/sites.csv" --scores "$dir/scores.csv" \
        --time-limit "$LIMIT" --json > "$dir/corredor.json"
    end=$(date +%s.%N)
    python3 - "$size" "$dir/corredor.json" "$start" "$end" >> "$RESULTS" <<'PY'
import json, sys
size, path, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
v = json.load(open(path))
print(json.dumps({"instance": size, "solver": "corredor", "objective": v["objective"], "bound": v["bound"],
                  "gap": v["gap"], "seconds": end - start, "finished": v["finished"]}))
PY
    # The peers: reading and building their model are not counted in the limit.
    for solver in highs cpsat; do
    "$OUT/place-venv/bin/python" bench/place_peers.py "$dir" --time-limit "$LIMIT" --solvers "$solver" 2>>"$OUT/place-peers.log" \
        | python3 -c '
import json, sys
for line in sys.stdin:
    if line.startswith("{"):  # highspy prints its banner on standard output
        r = json.loads(line); r["instance"] = sys.argv[1]; print(json.dumps(r))' "$size" >> "$RESULTS" \
        || echo "{\"instance\": \"$size\", \"solver\": \"$solver\", \"status\": \"failed (see $OUT/place-peers.log)\"}" >> "$RESULTS"
    done
done
python3 - "$RESULTS" "$LIMIT" > "$OUT/place.md" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"| instance | solver | objective | proven bound | gap | time (s) |")
print("|---|---|---:|---:|---:|---:|")
for r in rows:
    obj = r.get("objective")
    bound = r.get("bound")
    found = obj is not None
    obj_s = f"{obj:,.3f}" if found else "none found"
    bound_s = f"{bound:,.3f}" if found and bound is not None else "—"
    gap_s = f"{100 * r['gap']:.3f}%" if r.get("gap") is not None else "—"
    if r["solver"] == "corredor":
        t = f"{r['seconds']:.1f} (all, reading included)"
    elif "solve_s" in r:
        t = f"{r['solve_s']:.1f} solving + {r['read_s'] + r['build_s']:.1f} reading and building"
    else:
        t = "—"
    name = r["solver"] if r["solver"] == "corredor" else f"{r['solver']} ({r.get('status', '')})"
    print(f"| {r['instance']} | {name} | {obj_s} | {bound_s} | {gap_s} | {t} |")
print(f"\nTime limit {sys.argv[2]} s for every solver.")
PY
cat "$OUT/place.md"
