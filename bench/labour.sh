#!/usr/bin/env bash
# Labour matching at scale, and side by side with HiGHS (highspy) and
# OR-Tools CP-SAT on the plain MIP with the same time limit.
#   bench/labour.sh [SECONDS]   # default 60; writes bench/out/labour.md
# Instances: 5,000 × 1,000, 20,000 × 4,000 and 100,000 × 20,000 (seed 1),
# written by `corredor labour generate`. Corredor's time and peak memory
# are /usr/bin/time's, reading included. The peers (one thread each, as
# Corredor) run on the two smaller instances; on 5,000 × 1,000 HiGHS also
# runs to a relative gap of 0, the optimum it proves.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT="${1:-60}"
OUT=bench/out
. bench/setup.sh
RESULTS="$OUT/labour-results.jsonl"
: > "$RESULTS"
peer() {  # instance, then labour_peers.py's arguments
    local size=$1; shift
    "$VENV/bin/python" bench/labour_peers.py "$@" 2>>"$OUT/labour-peers.log" \
        | python3 -c '
import json, sys
for line in sys.stdin:
    if line.startswith("{"):  # highspy prints its banner on standard output
        r = json.loads(line); r["instance"] = sys.argv[1]; print(json.dumps(r))' "$size" >> "$RESULTS"
}
for size in 5000x1000 20000x4000 100000x20000; do
    workers=${size%x*}; vacancies=${size#*x}
    dir="$OUT/labour-$size"
    $BIN labour generate --seed 1 --workers "$workers" --vacancies "$vacancies" --out "$dir" >&2
    /usr/bin/time -f '%e %M' -o "$dir/time" $BIN labour match --pathways "$dir/pathways.csv" \
        --workers "$dir/workers.csv" --vacancies "$dir/vacancies.csv" --time-limit "$LIMIT" --json > "$dir/corredor.json"
    python3 - "$size" "$dir" >> "$RESULTS" <<'PY'
import json, sys
size, d = sys.argv[1], sys.argv[2]
v = json.load(open(f"{d}/corredor.json"))
seconds, kb = open(f"{d}/time").read().split()
print(json.dumps({"instance": size, "solver": "corredor", "objective": v["objective"], "bound": v["bound"],
                  "gap": v["gap"], "optimal": v["optimal"], "pairs": v["pairs"], "seconds": float(seconds),
                  "memory_mb": int(kb) / 1024}))
PY
    if [ "$workers" -le 20000 ]; then
        peer "$size" "$dir" --time-limit "$LIMIT"
    fi
    if [ "$workers" -le 5000 ]; then
        peer "$size" "$dir" --solvers highs
    fi
done
python3 - "$RESULTS" "$LIMIT" > "$OUT/labour.md" <<'PY'
import json, sys
print("| instance | solver | objective | proven bound | gap | time (s) |")
print("|---|---|---:|---:|---:|---:|")
for r in map(json.loads, open(sys.argv[1])):
    obj, bound = r.get("objective"), r.get("bound")
    obj_s = f"{obj:,.2f}" if obj is not None else "none found"
    bound_s = f"{bound:,.2f}" if obj is not None and bound is not None else "—"
    gap_s = f"{100 * r['gap']:.4f}%" if r.get("gap") is not None else "—"
    if r["solver"] == "corredor":
        name = "corredor" + (" (optimal)" if r["optimal"] else "")
        t = f"{r['seconds']:.1f} (all, reading included; {r['memory_mb']:,.0f} MB)"
    else:
        name = f"{r['solver']} ({r['status']})"
        t = f"{r['solve_s']:.1f} solving + {r['read_s'] + r['build_s']:.1f} reading and building"
    print(f"| {r['instance']} | {name} | {obj_s} | {bound_s} | {gap_s} | {t} |")
print(f"\nTime limit {sys.argv[2]} s for every solver but HiGHS run to optimality.")
PY
cat "$OUT/labour.md"
