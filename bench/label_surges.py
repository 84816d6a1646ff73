#!/usr/bin/env python3
"""Label surges in the US Border Patrol series by a fixed rule, for
`corredor backtest --events`: a second events file that no one chose by
hand, beside `events/americas.csv`.

A month is a surge's peak when, for one citizenship (USA, ALL):
  - it has at least MIN people and is the largest value from twelve months
    before it to three after;
  - some month in the twelve before it (or the peak itself) is at least
    twice the average of the twelve months before that month, and a
    quarter of the peak (the episode's start, the rule `events/americas.csv`
    states for its own starts);
  - the peak is at least FACTOR times that same average.
Peaks within twelve months of each other are one episode (the higher peak).

Reads the store `corredor demo` builds (SQLite), prints CSV to stdout:

    python3 bench/label_surges.py corredor-demo.db --from 2014-01 --to 2023-12 > /tmp/surges.csv
"""

import argparse
import collections
import sqlite3


def months(first, last):
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--from", dest="first", default="2014-01", help="first peak month")
    ap.add_argument("--to", dest="last", default="2023-12", help="last peak month")
    ap.add_argument("--min", type=float, default=300, help="people at the peak")
    ap.add_argument("--factor", type=float, default=3.0, help="peak over the usual level")
    a = ap.parse_args()

    db = sqlite3.connect(a.db)
    rows = db.execute(
        """select s.nationality, o.period, o.value from observation o
           join series s on s.id = o.series_id
           where s.reporter = 'USA' and s.location = 'ALL'
             and s.indicator = 'encounters' and o.superseded_by is null"""
    ).fetchall()
    series = collections.defaultdict(dict)
    for nat, period, value in rows:
        series[nat][period] = series[nat].get(period, 0) + value
    periods = sorted({p for d in series.values() for p in d})
    ms = months(periods[0], periods[-1])

    print("reporter,location,nationality,indicator,start,peak,label")
    for nat, d in sorted(series.items()):
        y = [d.get(m, 0) for m in ms]
        episodes = []
        for p, v in enumerate(y):
            if not (a.first <= ms[p] <= a.last) or v < a.min:
                continue
            if v < max(y[max(0, p - 12) : p + 4]):
                continue
            for s in range(max(12, p - 12), p + 1):
                usual = sum(y[s - 12 : s]) / 12
                if y[s] >= 2 * usual and y[s] >= v / 4 and v >= a.factor * max(usual, 1):
                    episodes.append((s, p))
                    break
        kept = []
        for s, p in episodes:
            if kept and p - kept[-1][1] <= 12:
                if y[p] > y[kept[-1][1]]:
                    kept[-1] = (kept[-1][0], p)
                continue
            kept.append((s, p))
        for s, p in kept:
            print(f"USA,ALL,{nat},encounters,{ms[s]},{ms[p]},rule {nat} {ms[p]}")


if __name__ == "__main__":
    main()
