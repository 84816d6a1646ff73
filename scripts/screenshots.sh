#!/usr/bin/env bash
# The README's screenshots: the demo on the real data, photographed by
# headless Chromium (installed from Debian if missing). Writes docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
cargo build --release --locked -p corredor >&2
out=docs/screenshots
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
target/release/corredor demo --db "$tmp/demo.db" --addr 127.0.0.1:0 > "$tmp/demo.out" 2>/dev/null &
pid=$!
for _ in $(seq 100); do grep -q '^listening on' "$tmp/demo.out" 2>/dev/null && break; sleep 0.3; done
url=$(sed -n 's/^listening on //p' "$tmp/demo.out")
shot() {  # name, window size, path, [language]
    local profile="$tmp/profile-$1"
    mkdir -p "$profile"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size="$2" \
        ${4:+--lang=$4 --accept-lang=$4} --screenshot="$out/$1.png" "$url$3" 2>/dev/null
}
id=$(curl -s "$url/api/v1/alerts?country=HND" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
shot overview 1280,900 /
shot series 1280,1000 /series/PAN/ALL/VEN/irregular_entries
shot alert-es-phone 420,1100 "/alerts/$id" es
echo "screenshots in $out" >&2
