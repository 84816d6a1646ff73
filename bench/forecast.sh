#!/usr/bin/env bash
# Forecast accuracy and speed against statsforecast, on the real US Border
# Patrol series (OHSS workbook): every citizenship whose data starts by
# 2010-01, origins monthly from 2012-01, horizons 1–3; or IOM's Darién
# series (Panama, every nationality present by 2021-01, origins 2023-01 to
# 2024-12); or the 35 US series whose monthly changes varied most before
# 2012-01.
#   bench/forecast.sh [STEP] [us|darien|volatile]   # every STEP-th origin (default 1: all); writes bench/out/forecast[-darien|-volatile].md
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
if [ ! -x "$OUT/sf-venv/bin/python" ]; then
    python3 -m venv "$OUT/sf-venv"
    "$OUT/sf-venv/bin/pip" install -q statsforecast
fi
cargo build --release --locked -p corredor >&2
BIN=target/release/corredor
DB="$OUT/forecast.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
STEP="${1:-1}"
GRID="${2:-us}"
case "$GRID" in
us | volatile)
    $BIN --db "$DB" import --share public ../shared/data/ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx >&2
    ARGS=(--from 2012-01 --to 2024-08 --started-by 2010-01 --reporter USA --location ALL --step "$STEP")
    MD=forecast.md
    ;;
darien)
    $BIN --db "$DB" import --share public ../shared/data/iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv >&2
    ARGS=(--from 2023-01 --to 2024-12 --started-by 2021-01 --reporter PAN --location ALL --step "$STEP")
    MD=forecast-darien.md
    ;;
*) echo "grid: us, darien or volatile" >&2; exit 2 ;;
esac
if [ "$GRID" = volatile ]; then
    NATS=$($BIN --db "$DB" backtest "${ARGS[@]}" --most-volatile 35 --json |
        python3 -c 'import json,sys; print(",".join(k.split("/")[2] for k in json.load(sys.stdin)["keys"]))')
    ARGS+=(--nationality "$NATS")
    MD=forecast-volatile.md
fi
start=$(date +%s.%N)
$BIN --db "$DB" backtest "${ARGS[@]}" --json > "$OUT/corredor-backtest.json"
end=$(date +%s.%N)
"$OUT/sf-venv/bin/python" bench/statsforecast_backtest.py --db "$DB" --corredor "$BIN" "${ARGS[@]}" --out "$OUT/statsforecast.json" >/dev/null
python3 - "$OUT" "$start" "$end" "$MD" <<'PY'
import json, sys
out, start, end, md = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
ours = json.load(open(f"{out}/corredor-backtest.json"))
peer = json.load(open(f"{out}/statsforecast.json"))
rows = ours["accuracy"] + peer["accuracy"]
lines = ["| model | h | MASE | sMAPE | cov. 80% | cov. 95% | MSIS | n |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
for r in sorted(rows, key=lambda r: (r["horizon"], r["mase"])):
    lines.append(f"| {r['model']} | {r['horizon']} | {r['mase']:.3f} | {r['smape']:.1f} | {r['coverage80']:.3f} | {r['coverage95']:.3f} | {r['msis']:.2f} | {r['n']} |")
ours_s = end - start
lines.append("")
lines.append(f"Series: {ours['series']}; every {peer['step']}-th origin. Time: corredor backtest (3 models' forecasts, model selection at every origin) {ours_s:.1f} s on one core; statsforecast (AutoETS, AutoARIMA, AutoTheta) {peer['seconds']:.1f} s with {peer['jobs']} jobs: {peer['seconds'] / ours_s:.1f}× corredor's time.")
open(f"{out}/{md}", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
