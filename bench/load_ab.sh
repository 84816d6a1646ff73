#!/usr/bin/env bash
# Two builds of `corredor serve` under the load of bench/load.sh, in turn,
# ROUNDS times, so that both meet the same machine: a change is judged on
# the medians of runs taken side by side, not on one run against one
# taken another day.
#   bench/load_ab.sh BEFORE_BIN AFTER_BIN [SECONDS] [ROUNDS] [BACKEND]
#     BACKEND: postgres (default) or sqlite; SECONDS per run (default 30),
#     ROUNDS (default 5). Writes bench/out/load-ab-{before,after}-N.json and
#     prints one line per run, then the medians.
# Each binary gets its own database, loaded once with the same real
# datasets as bench/load.sh; the load client is this tree's.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE="${1:?the binary before}"
AFTER="${2:?the binary after}"
SECONDS_RUN="${3:-30}"
ROUNDS="${4:-5}"
BACKEND="${5:-postgres}"
CONNECTIONS=8
OUT=bench/out
mkdir -p "$OUT"
DATA=../shared/data
[ -d "$DATA" ] || { echo "bench/load_ab.sh needs the real datasets in $DATA" >&2; exit 1; }
cargo build --release --locked -p corredor-server --example load >&2
LOAD=target/release/examples/load
PATHS=(/api/v1/alerts
       /api/v1/series/USA/ALL/VEN/encounters
       "/api/v1/export?reporter=PAN&nationality=VEN&format=json")

if [ "$BACKEND" = postgres ]; then
    PG_URL=$(scripts/postgres.sh start)
    trap 'scripts/postgres.sh stop' EXIT
fi

database() {  # $1: name → a fresh, empty database's URL or path
    if [ "$BACKEND" = postgres ]; then
        psql "$PG_URL" -qc "DROP DATABASE IF EXISTS corredor_ab_$1" -c "CREATE DATABASE corredor_ab_$1" >&2
        echo "${PG_URL%/*}/corredor_ab_$1"
    else
        rm -f "$OUT/ab-$1.db" "$OUT/ab-$1.db-wal" "$OUT/ab-$1.db-shm"
        echo "$OUT/ab-$1.db"
    fi
}

declare -A DB TOKENS
for side in before after; do
    bin=$BEFORE; [ "$side" = after ] && bin=$AFTER
    DB[$side]=$(database "$side")
    "$bin" --db "${DB[$side]}" import --share public \
        "$DATA/ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx" \
        "$DATA/cbp-southwest-border/sbo-encounters-fy22-fy25-aug.csv" \
        "$DATA/iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv" >/dev/null 2>&1
    "$bin" --db "${DB[$side]}" org add --code SEC --name Secretariat >/dev/null 2>&1
    t=""
    for _ in $(seq $(( (CONNECTIONS + 1) / 2 ))); do
        t+=" --token $("$bin" --db "${DB[$side]}" token create --org SEC --role secretariat 2>/dev/null)"
    done
    TOKENS[$side]=$t
done

measure() {  # $1: side, $2: round
    local side=$1 bin=$BEFORE
    [ "$side" = after ] && bin=$AFTER
    "$bin" --db "${DB[$side]}" serve --addr 127.0.0.1:0 --scan-every 0 > "$OUT/ab-serve.out" 2> "$OUT/ab-serve-$side.log" &
    local pid=$! url=""
    for _ in $(seq 50); do grep -q listening "$OUT/ab-serve.out" 2>/dev/null && break; sleep 0.2; done
    url=$(sed -n 's/^listening on //p' "$OUT/ab-serve.out")
    [ -n "$url" ] || { echo "the server did not start: see $OUT/ab-serve-$side.log" >&2; exit 1; }
    # shellcheck disable=SC2086 # the tokens are words of their own
    $LOAD --url "$url" ${TOKENS[$side]} --seconds 3 --connections "$CONNECTIONS" "${PATHS[@]}" >/dev/null
    # shellcheck disable=SC2086
    $LOAD --url "$url" ${TOKENS[$side]} --seconds "$SECONDS_RUN" --connections "$CONNECTIONS" \
        --pid "$pid" "${PATHS[@]}" > "$OUT/load-ab-$side-$2.json"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    python3 - "$side" "$2" "$OUT/load-ab-$side-$2.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[3]))
print(f"{sys.argv[1]:6} round {sys.argv[2]}: {r['rps']:,.0f} requests/s, "
      f"p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, errors {r['errors']} of {r['requests']}")
EOF
}

for round in $(seq "$ROUNDS"); do
    # Alternate which goes first, so neither always meets a warmer machine.
    if (( round % 2 )); then order="before after"; else order="after before"; fi
    for side in $order; do measure "$side" "$round"; done
done

python3 - "$OUT" "$ROUNDS" <<'EOF'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
for side in ("before", "after"):
    runs = [json.load(open(f"{out}/load-ab-{side}-{n}.json")) for n in range(1, rounds + 1)]
    rps = statistics.median(r["rps"] for r in runs)
    p99 = statistics.median(r["p99_ms"] for r in runs)
    print(f"{side:6} median of {rounds}: {rps:,.0f} requests/s, p99 {p99:.2f} ms "
          "(runs " + ", ".join(f"{r['rps']:,.0f}" for r in runs) + ")")
EOF
