#!/usr/bin/env python3
"""Can slow or hostile clients stall `corredor serve`? On a release build
against the demo store (the real datasets), with:

  - 64 connections that send a request for a large answer (a page of the
    series list, the overview page, an export, a country page) and never
    read a byte of it (their receive buffers kept small);
  - 8 unauthenticated POSTs to /api/v1/observations announcing 250 MB
    each and sending as fast as the server takes it;

it times `GET /healthz` and an authenticated series request on fresh
connections every half second, and samples the server's resident memory,
for DURATION seconds (default 40: past the 30-s write timeout, so that
the slow readers' connections are seen to be closed). It prints the
numbers and exits 1 when a check misses its figure (an answer within 1 s,
memory under 300 MB).

  bench/stall.py [DURATION]      # builds, writes bench/out/stall.db
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
BIN = os.path.join(ROOT, "target", "release", "corredor")
DURATION = float(sys.argv[1]) if len(sys.argv) > 1 else 40.0
READERS = 64
POSTS = 8
POST_BYTES = 250_000_000
SERIES = "/api/v1/series/USA/ALL/VEN/encounters"
SLOW_PATHS = ["/api/v1/series?limit=1000", "/", "/api/v1/export?format=csv", "/country/USA"]


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        kb = int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
    return kb / 1024


def request(host, port, path, token=None, timeout=10.0):
    """Seconds until the whole answer to GET `path` has come, and its status."""
    started = time.monotonic()
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{auth}Connection: close\r\n\r\n".encode())
        got = b""
        while True:
            chunk = s.recv(1 << 16)
            if not chunk:
                break
            got += chunk
    status = int(got.split(b" ", 2)[1]) if got else 0
    return time.monotonic() - started, status


def slow_reader(host, port, path, held):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((host, port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: identity\r\n\r\n".encode())
    held.append(s)  # never read


def big_post(host, port, sent, stop):
    chunk = b"PAN,ALL,VEN,irregular_entries,2024-01,1\n" * 1600
    try:
        with socket.create_connection((host, port)) as s:
            s.sendall(
                f"POST /api/v1/observations HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: text/csv\r\n"
                f"Content-Length: {POST_BYTES}\r\n\r\nreporter,location,nationality,indicator,period,value\n".encode()
            )
            total = 0
            while total < POST_BYTES and not stop.is_set():
                s.sendall(chunk)
                total += len(chunk)
                sent[0] += len(chunk)
    except OSError:
        pass  # refused: the server hung up, as it should


def main():
    os.makedirs(OUT, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "corredor"], cwd=ROOT, check=True)
    db = os.path.join(OUT, "stall.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    run(BIN, "--db", db, "demo", "--no-serve")
    # The demo's store has the secretariat's organisation already.
    token = run(BIN, "--db", db, "token", "create", "--org", "SEC", "--role", "secretariat")
    server = subprocess.Popen(
        [BIN, "--db", db, "serve", "--addr", "127.0.0.1:0", "--scan-every", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        url = server.stdout.readline().strip().removeprefix("listening on http://")
        host, port = url.split(":")[0], int(url.split(":")[1])
        for _ in range(3):  # warm: first forecast, first connections
            request(host, port, "/healthz")
            request(host, port, SERIES, token)
        rest = rss_mb(server.pid)
        held, sent, stop = [], [0], threading.Event()
        for n in range(READERS):
            slow_reader(host, port, SLOW_PATHS[n % len(SLOW_PATHS)], held)
        posters = [threading.Thread(target=big_post, args=(host, port, sent, stop), daemon=True) for _ in range(POSTS)]
        for p in posters:
            p.start()
        health, series, memory, failures = [], [], [], []
        end = time.monotonic() + DURATION
        while time.monotonic() < end:
            for path, tok, times in (("/healthz", None, health), (SERIES, token, series)):
                try:
                    seconds, status = request(host, port, path, tok)
                    times.append(seconds)
                    if status != 200:
                        failures.append(f"{path}: {status}")
                except OSError as e:
                    times.append(float("inf"))
                    failures.append(f"{path}: {e}")
            memory.append(rss_mb(server.pid))
            time.sleep(0.5)
        stop.set()
        ms = lambda xs, f: f"{f(xs) * 1000:.1f} ms"
        print(f"slow readers: {READERS}, unauthenticated 250 MB posts: {POSTS} "
              f"({sent[0] / 1e6:.1f} MB sent before the server hung up), {DURATION:.0f} s")
        for name, xs in (("/healthz", health), (f"GET {SERIES} (token)", series)):
            print(f"{name}: {len(xs)} requests, median {ms(xs, statistics.median)}, max {ms(xs, max)}")
        print(f"server memory: {rest:.0f} MB at rest before, max {max(memory):.0f} MB, last {memory[-1]:.0f} MB")
        for f in failures[:10]:
            print("failed:", f)
        ok = not failures and max(health + series) < 1.0 and max(memory) < 300
        print("figure met" if ok else "FIGURE MISSED")
        return 0 if ok else 1
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
