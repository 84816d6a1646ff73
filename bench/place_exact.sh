#!/usr/bin/env bash
# Placement against the optimum HiGHS proves, on a seeded family of 24
# small and medium instances of four shapes.
#   bench/place_exact.sh [HIGHS_SECONDS]   # default 600; writes bench/out/place-exact.md
# HiGHS (highspy, in its own virtual environment) runs each instance with
# a relative gap of 1e-6 and is kept in the instance's folder (delete
# highs.json to run it again); Corredor runs with a limit of 300 s, so that
# its own budget of work, not the clock, ends the search.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT="${1:-600}"
OUT=bench/out
. bench/setup.sh
RESULTS="$OUT/place-exact.jsonl"
: > "$RESULTS"
# shape: capacity ratio, family sizes, needs, families per site.
declare -A SHAPE=(
    [scarce]="0.85 caseload usual 15"
    [small-sites]="1.02 caseload usual 8"
    [heterogeneous]="0.9 heterogeneous usual 15"
    [many-needs]="0.9 caseload many 15"
)
seed=0
for shape in scarce small-sites heterogeneous many-needs; do
    read -r ratio sizes needs per_site <<< "${SHAPE[$shape]}"
    for cases in 200 300 500 800 1200 2000; do
        seed=$((seed + 1))
        sites=$(( (cases + per_site - 1) / per_site ))
        dir="$OUT/place-exact/$shape-$cases"
        $BIN share generate --cases "$cases" --sites "$sites" --seed "$seed" --capacity-ratio "$ratio" \
            --family-sizes "$sizes" --needs "$needs" --out "$dir" >&2
        if [ ! -s "$dir/highs.json" ]; then
            "$OUT/place-venv/bin/python" bench/place_peers.py "$dir" --time-limit "$LIMIT" --solvers highs \
                --mip-gap 1e-6 2>>"$OUT/place-peers.log" | grep '^{' > "$dir/highs.json"
        fi
        start=$(date +%s.%N)
        $BIN share place --cases "$dir/cases.csv" --sites "$dir/sites.csv" --scores "$dir/scores.csv" \
            --time-limit 300 --json > "$dir/corredor.json"
        end=$(date +%s.%N)
        python3 - "$shape" "$cases" "$sites" "$seed" "$dir" "$start" "$end" >> "$RESULTS" <<'PY'
import json, sys
shape, cases, sites, seed, d, start, end = sys.argv[1:]
c = json.load(open(f"{d}/corredor.json"))
h = json.load(open(f"{d}/highs.json"))
print(json.dumps({"shape": shape, "cases": int(cases), "sites": int(sites), "seed": int(seed),
                  "objective": c["objective"], "bound": c["bound"], "method": c["method"],
                  "nodes": c["nodes"], "seconds": float(end) - float(start),
                  "highs": h["objective"], "highs_bound": h["bound"], "highs_status": h["status"],
                  "highs_seconds": h["solve_s"]}))
PY
    done
done
python3 - "$RESULTS" > "$OUT/place-exact.md" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| shape | families × sites | seed | HiGHS optimum (s) | Corredor | below the optimum | proven gap | method | time (s) |")
print("|---|---|---:|---:|---:|---:|---:|---|---:|")
below = []
for r in rows:
    b = (r["highs"] - r["objective"]) / r["highs"]
    below.append(b)
    gap = (r["bound"] - r["objective"]) / r["bound"]
    status = "" if r["highs_status"] == "Optimal" else f" ({r['highs_status']})"
    print(f"| {r['shape']} | {r['cases']:,} × {r['sites']} | {r['seed']} | {r['highs']:,.3f}{status} ({r['highs_seconds']:.1f}) "
          f"| {r['objective']:,.3f} | {100 * b:.3f}% | {100 * gap:.3f}% | {r['method']}, {r['nodes']:,} nodes | {r['seconds']:.1f} |")
print(f"\nBelow HiGHS's optimum: median {100 * statistics.median(below):.3f}%, worst {100 * max(below):.3f}% "
      f"({len(rows)} instances); within 0.1%: {sum(b <= 1e-3 for b in below)} of {len(rows)}.")
t = [r["seconds"] for r in rows]; th = [r["highs_seconds"] for r in rows]
print(f"Corredor's time: median {statistics.median(t):.1f} s, longest {max(t):.1f} s; "
      f"HiGHS's: median {statistics.median(th):.1f} s, longest {max(th):.1f} s.")
PY
cat "$OUT/place-exact.md"
