#!/usr/bin/env bash
# Installs schemathesis (the property-based API client that checks the
# server against its OpenAPI document, crates/cli/tests/schemathesis.rs)
# at a pinned version into a virtual environment under target/, if it is
# not there yet, and prints the path of its `st` command.
#   scripts/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.32.5
VENV=target/schemathesis
ST="$VENV/bin/st"

if ! { [ -x "$ST" ] && "$ST" --version 2>/dev/null | grep -q "version $VERSION\$"; }; then
    echo "installing schemathesis $VERSION into $VENV…" >&2
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" >&2; then
        # Debian's own Python keeps venv in a package of its own.
        sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$VENV"
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
echo "$PWD/$ST"
