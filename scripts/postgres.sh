#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite and benchmarks, on
# loopback only. Installs Debian's postgresql package if it is missing.
#   scripts/postgres.sh start   # prints the admin URL on stdout
#   scripts/postgres.sh stop
set -euo pipefail

PGPORT="${CORREDOR_PG_PORT:-54329}"
PGDATA="${CORREDOR_PG_DIR:-/tmp/corredor-pg}"
URL="postgres://postgres@127.0.0.1:${PGPORT}/postgres"

find_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "${1:-start}" in
start)
    BIN=$(find_bin || true)
    if [ -z "$BIN" ]; then
        echo "installing PostgreSQL (Debian package postgresql)…" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
        BIN=$(find_bin)
    fi
    if as_postgres "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
        echo "$URL"
        exit 0
    fi
    rm -rf "$PGDATA"
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA"
    as_postgres "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories=$PGDATA -c fsync=off -c max_connections=200" \
        start >/dev/null
    echo "$URL"
    ;;
stop)
    BIN=$(find_bin || true)
    [ -n "$BIN" ] && as_postgres "$BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
