#!/usr/bin/env bash
# The cost of the anonymous series list against one series, and the
# server's memory at rest after repeated lists. Same data as
# bench/load.sh (the real datasets, imported as public, into SQLite);
# anonymous callers; CONNECTIONS keep-alive connections (default 2, the
# machine's cores) for SECONDS per round (default 20):
#   1. one round of GET /api/v1/series (a page: 100 by default),
#      /api/v1/series?limit=1000 (the largest page) and
#      /api/v1/series/USA/ALL/VEN/encounters (one series with its forecast),
#      in turn on each connection: each path's p50 and mean is its cost;
#   2. ROUNDS rounds (default 5) of lists only, each followed by 3 s at
#      rest and the server's resident memory read from /proc.
#   bench/list.sh [SECONDS] [CONNECTIONS] [ROUNDS]   # writes bench/out/list-*.json
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN="${1:-20}"
CONNECTIONS="${2:-2}"
ROUNDS="${3:-5}"
OUT=bench/out
mkdir -p "$OUT"
DATA=../shared/data
[ -d "$DATA" ] || { echo "bench/list.sh needs the real datasets in $DATA" >&2; exit 1; }
cargo build --release --locked -p corredor >&2
cargo build --release --locked -p corredor-server --example load >&2
BIN=target/release/corredor
LOAD=target/release/examples/load
DB="$OUT/list.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
$BIN --db "$DB" import --share public \
    "$DATA/ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx" \
    "$DATA/cbp-southwest-border/sbo-encounters-fy22-fy25-aug.csv" \
    "$DATA/iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv" >&2
echo "series in the store: $($BIN --db "$DB" series list --json | grep -c '"reporter"')" >&2
$BIN --db "$DB" serve --addr 127.0.0.1:0 --scan-every 0 > "$OUT/list-serve.out" 2> "$OUT/list-serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$OUT/list-serve.out" 2>/dev/null && break; sleep 0.2; done
url=$(sed -n 's/^listening on //p' "$OUT/list-serve.out")
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
echo "server memory at rest after start: $(rss) MB" >&2
$LOAD --url "$url" --seconds 3 --connections "$CONNECTIONS" \
    /api/v1/series /api/v1/series/USA/ALL/VEN/encounters >/dev/null
$LOAD --url "$url" --seconds "$SECONDS_RUN" --connections "$CONNECTIONS" --pid "$pid" \
    /api/v1/series "/api/v1/series?limit=1000" /api/v1/series/USA/ALL/VEN/encounters \
    | tee "$OUT/list-cost.json"
for round in $(seq "$ROUNDS"); do
    $LOAD --url "$url" --seconds "$SECONDS_RUN" --connections "$CONNECTIONS" \
        /api/v1/series "/api/v1/series?limit=1000" > "$OUT/list-round-$round.json"
    sleep 3
    echo "after round $round of lists ($(grep -m1 '"requests"' "$OUT/list-round-$round.json" | tr -dc 0-9) requests): $(rss) MB at rest" >&2
done
