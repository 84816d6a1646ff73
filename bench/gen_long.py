#!/usr/bin/env python3
"""Writes a long-format CSV of N rows for the import benchmark.

Series are (reporter, location, nationality, irregular_entries) over
consecutive months, with deterministic pseudo-random counts, so every run
writes the same file for the same N.
    bench/gen_long.py ROWS OUT.csv
"""
import random
import sys

REPORTERS = ["PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA", "COL", "ECU", "PER"]
LOCATIONS = ["ALL", "NORTH", "SOUTH", "EAST", "WEST", "CENTRE", "PORT", "AIR"]
NATIONALITIES = [
    "VEN", "HTI", "CUB", "ECU", "COL", "CHN", "IND", "AFG", "NIC", "HND", "GTM", "SLV",
    "MEX", "PER", "BRA", "CHL", "DOM", "NPL", "BGD", "PAK", "CMR", "AGO", "SEN", "GIN",
    "MRT", "UZB", "TUR", "RUS", "UKR", "VNM", "XXX",
]


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(2022)
    series = [(r, l, n) for r in REPORTERS for l in LOCATIONS for n in NATIONALITIES]
    months_per_series = max(1, -(-rows // len(series)))
    written = 0
    with open(out, "w", newline="") as f:
        f.write("reporter,location,nationality,indicator,period,value\n")
        for r, l, n in series:
            for m in range(months_per_series):
                if written == rows:
                    return
                year, month = 1900 + m // 12, m % 12 + 1
                f.write(f"{r},{l},{n},irregular_entries,{year:04d}-{month:02d},{rng.randint(0, 50000)}\n")
                written += 1


if __name__ == "__main__":
    main()
