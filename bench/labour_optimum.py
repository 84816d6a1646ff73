"""The optimum of a labour match instance, by an exact solver of its own.

    python3 bench/labour_optimum.py DIR [RESULT.json]

Reads DIR/pathways.csv, workers.csv and vacancies.csv, applies the
eligibility rule and score of corredor_labour::fit (written again here from
the documentation, not from the code), and solves the matching as the
min-cost flow it is (source → worker → vacancy → pathway → sink, places and
quotas as capacities; the flow's optimum is the integer optimum) with
networkx's network simplex, on scores in hundredths. With RESULT.json (the
output of `corredor labour match --json`) it prints both objectives.
Needs networkx (`pip install networkx`); a few seconds at 5,000 × 1,000.
"""

import csv
import json
import sys
import time
from collections import defaultdict

import networkx as nx


def rows(d, name):
    with open(f"{d}/{name}", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def items(cell):
    return {x.strip().lower() for x in cell.split(";") if x.strip()}


def years(cell):
    return float(cell) if cell else 0.0


def score(p, w, v):
    """The score in hundredths, or None when the pair is not eligible."""
    if w["consent"] != "yes":
        return None
    if not (p["origins"] == "*" or w["nationality"].lower() in items(p["origins"])):
        return None
    if p.get("residences") and w["residence"].lower() not in items(p["residences"]):
        return None
    if p["destination"] != v["country"]:
        return None
    unit, own = v["isco"], items(w["isco"])
    if p["occupations"] != "*" and not any(unit.startswith(g) for g in items(p["occupations"])):
        return None
    if unit in own:
        occupation = 1.0
    elif any(c[:3] == unit[:3] for c in own):
        occupation = 0.5
    else:
        return None
    asked = max(years(p["min_experience"]), years(v["min_experience"]))
    has, spoken = years(w["experience_years"]), items(w["languages"])
    if has < asked or not items(p["languages"]) <= spoken:
        return None
    vl = items(v["languages"])
    common = len(vl & spoken)
    if vl and common == 0:
        return None
    vs = items(v["skills"])
    held = len(vs & items(w["skills"]))
    share = lambda k, n: 1.0 if n == 0 else k / n
    s = 40 * occupation + 20 * min(1.0, has / (asked + 5)) + 20 * share(common, len(vl)) + 20 * share(held, len(vs))
    return round(round(s * 100) / 100 * 100)


def main():
    d = sys.argv[1]
    pathways = {r["id"]: r for r in rows(d, "pathways.csv")}
    workers, vacancies = rows(d, "workers.csv"), rows(d, "vacancies.csv")
    by_minor = defaultdict(list)
    for v in vacancies:
        by_minor[v["isco"][:3]].append(v)
    g = nx.DiGraph()
    n = 0
    for w in workers:
        pairs = {}
        for minor in {c[:3] for c in items(w["isco"])}:
            for v in by_minor[minor]:
                s = score(pathways[v["pathway"]], w, v)
                if s is not None:
                    pairs[v["id"]] = s
        if not pairs:
            continue
        n += 1
        g.add_edge("S", "w" + w["id"], capacity=1, weight=0)
        g.add_edge("w" + w["id"], "T", capacity=1, weight=0)
        for vid, s in pairs.items():
            g.add_edge("w" + w["id"], "v" + vid, capacity=1, weight=-s)
    for v in vacancies:
        g.add_edge("v" + v["id"], "p" + v["pathway"], capacity=int(v["places"]), weight=0)
    for pid, p in pathways.items():
        g.add_edge("p" + pid, "T", capacity=int(p["quota"]) if p["quota"] else 10**9, weight=0)
    g.add_node("S", demand=-n)
    g.add_node("T", demand=n)
    started = time.time()
    cost, _ = nx.network_simplex(g)
    print(f"optimum {-cost / 100:.2f} ({time.time() - started:.1f} s, {g.number_of_edges():,} arcs)")
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            print(f"corredor {json.load(f)['objective']:.2f}")


if __name__ == "__main__":
    main()
