#!/usr/bin/env bash
# Import throughput: corredor against what an analyst would otherwise reach
# for, on the same file and machine.
#   - sqlite3's `.import` of the CSV into a plain table (no validation);
#   - DuckDB's read_csv into a table (Python package, own virtualenv).
# Files: a generated long CSV of ROWS rows (default 1,000,000), a 4× larger
# one for memory, and the real publishers' files in ../shared/data.
#   bench/import.sh [ROWS]      # writes bench/out/import.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
RUNS=5
OUT=bench/out
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3; }
if [ ! -x "$OUT/venv/bin/python" ]; then
    python3 -m venv "$OUT/venv"
    "$OUT/venv/bin/pip" install -q duckdb
fi
cargo build --release --locked -p corredor >&2
BIN=target/release/corredor

CSV="$OUT/long-$ROWS.csv"
BIG="$OUT/long-$((ROWS * 4)).csv"
[ -f "$CSV" ] || python3 bench/gen_long.py "$ROWS" "$CSV"
[ -f "$BIG" ] || python3 bench/gen_long.py "$((ROWS * 4))" "$BIG"

# Median wall time in seconds and peak RSS in MB of RUNS runs of a command;
# $1 is a command that prepares a fresh target before each run.
measure() {
    local prepare="$1"; shift
    local times=() rss=0
    for _ in $(seq $RUNS); do
        eval "$prepare"
        /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null
        read -r t m < "$OUT/time.txt"
        times+=("$t")
        [ "$m" -gt "$rss" ] && rss=$m
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    echo "$median $((rss / 1024))"
}

fresh_sqlite='rm -f $OUT/b.db $OUT/b.db-wal $OUT/b.db-shm'
fresh_duck='rm -f $OUT/b.duckdb $OUT/b.duckdb.wal'

read -r c_t c_m < <(measure "$fresh_sqlite" $BIN --db "$OUT/b.db" import --no-scan "$CSV")
read -r s_t s_m < <(measure "$fresh_sqlite" sqlite3 "$OUT/b.db" ".mode csv" ".import $CSV obs")
read -r d_t d_m < <(measure "$fresh_duck" "$OUT/venv/bin/python" -c "import duckdb,sys; c=duckdb.connect('$OUT/b.duckdb'); c.sql(\"CREATE TABLE obs AS SELECT * FROM read_csv('$CSV')\"); c.close()")
read -r b_t b_m < <(measure "$fresh_sqlite" $BIN --db "$OUT/b.db" import --no-scan "$BIG")
read -r r_t r_m < <(measure "$fresh_sqlite" $BIN --db "$OUT/b.db" import --no-scan \
    ../shared/data/ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx \
    ../shared/data/cbp-southwest-border/sbo-encounters-fy22-fy25-aug.csv \
    ../shared/data/iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv)
# Re-import of the same file: every row is looked up and found unchanged.
eval "$fresh_sqlite"; $BIN --db "$OUT/b.db" import --no-scan "$CSV" >/dev/null
read -r u_t u_m < <(measure ":" $BIN --db "$OUT/b.db" import --no-scan "$CSV")

PG_URL=$(scripts/postgres.sh start)
fresh_pg='psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench" >/dev/null'
PG_DB="${PG_URL%/*}/bench"
read -r p_t p_m < <(measure "$fresh_pg" $BIN --db "$PG_DB" import --no-scan "$CSV")

rate() { python3 -c "print(f'{$1/$2:,.0f}')"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
{
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; median of $RUNS runs."
    echo
    echo "| what | rows | time (s) | rows/s | peak memory (MB) | corredor ÷ peer |"
    echo "|---|---:|---:|---:|---:|---:|"
    echo "| corredor import → SQLite (validation, revisions, indexes) | $ROWS | $c_t | $(rate $ROWS $c_t) | $c_m | |"
    echo "| sqlite3 \`.import\` → plain table | $ROWS | $s_t | $(rate $ROWS $s_t) | $s_m | $(ratio $c_t $s_t)× the time |"
    echo "| DuckDB \`read_csv\` → table | $ROWS | $d_t | $(rate $ROWS $d_t) | $d_m | $(ratio $c_t $d_t)× the time |"
    echo "| corredor import → SQLite, 4× the file | $((ROWS * 4)) | $b_t | $(rate $((ROWS * 4)) $b_t) | $b_m | |"
    echo "| corredor re-import, all unchanged | $ROWS | $u_t | $(rate $ROWS $u_t) | $u_m | |"
    echo "| corredor import → PostgreSQL | $ROWS | $p_t | $(rate $ROWS $p_t) | $p_m | |"
    echo "| corredor import of the three real files (OHSS, CBP, IOM) | 36,382 | $r_t | $(rate 36382 $r_t) | $r_m | |"
} | tee "$OUT/import.md"
