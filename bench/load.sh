#!/usr/bin/env bash
# Load on `corredor serve`, on SQLite and on PostgreSQL, same machine, same
# data (the real datasets, imported as public), same requests:
#   - the alert list, a series with its forecast, and an export;
#   - CONNECTIONS keep-alive connections (default 8) for SECONDS (default
#     60; 300 for the memory check), the client on the same 2 cores;
#   - one secretariat token for every two connections, as the server lets
#     one caller have two exports at once.
#   bench/load.sh [SECONDS] [CONNECTIONS]     # writes bench/out/load-*.json
#   BACKENDS=postgres bench/load.sh 60         # one backend only
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN="${1:-60}"
CONNECTIONS="${2:-8}"
OUT=bench/out
mkdir -p "$OUT"
DATA=../shared/data
[ -d "$DATA" ] || { echo "bench/load.sh needs the real datasets in $DATA" >&2; exit 1; }
cargo build --release --locked -p corredor >&2
cargo build --release --locked -p corredor-server --example load >&2
BIN=target/release/corredor
LOAD=target/release/examples/load
PATHS=(/api/v1/alerts
       /api/v1/series/USA/ALL/VEN/encounters
       "/api/v1/export?reporter=PAN&nationality=VEN&format=json")

run() {  # $1: name, $2: database
    local name=$1 db=$2
    $BIN --db "$db" import --share public \
        "$DATA/ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx" \
        "$DATA/cbp-southwest-border/sbo-encounters-fy22-fy25-aug.csv" \
        "$DATA/iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv" >&2
    $BIN --db "$db" org add --code SEC --name Secretariat >&2
    local tokens=()
    for _ in $(seq $(( (CONNECTIONS + 1) / 2 ))); do
        tokens+=(--token "$($BIN --db "$db" token create --org SEC --role secretariat 2>/dev/null)")
    done
    $BIN --db "$db" serve --addr 127.0.0.1:0 --scan-every 0 > "$OUT/serve.out" 2> "$OUT/serve-$name.log" &
    local pid=$!
    for _ in $(seq 50); do grep -q listening "$OUT/serve.out" 2>/dev/null && break; sleep 0.2; done
    local url
    url=$(sed -n 's/^listening on //p' "$OUT/serve.out")
    [ -n "$url" ] || { echo "the server did not start: see $OUT/serve-$name.log" >&2; exit 1; }
    # Warm up (first forecasts, connections), then measure.
    $LOAD --url "$url" "${tokens[@]}" --seconds 3 --connections "$CONNECTIONS" "${PATHS[@]}" >/dev/null
    $LOAD --url "$url" "${tokens[@]}" --seconds "$SECONDS_RUN" --connections "$CONNECTIONS" \
        --pid "$pid" "${PATHS[@]}" | tee "$OUT/load-$name.json"
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

BACKENDS="${BACKENDS:-sqlite postgres}"
if [[ " $BACKENDS " == *" sqlite "* ]]; then
    rm -f "$OUT/load.db" "$OUT/load.db-wal" "$OUT/load.db-shm"
    echo "== SQLite" >&2
    run sqlite "$OUT/load.db"
fi
if [[ " $BACKENDS " == *" postgres "* ]]; then
    echo "== PostgreSQL" >&2
    PG_URL=$(scripts/postgres.sh start)
    trap 'scripts/postgres.sh stop' EXIT
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS corredor_load" -c "CREATE DATABASE corredor_load" >&2
    run postgres "${PG_URL%/*}/corredor_load"
fi
