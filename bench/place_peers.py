"""The plain placement MIP, solved by HiGHS (highspy) and OR-Tools CP-SAT
with the same time limit as `corredor share place`, on the same files.

    x[i,j] ∈ {0,1} for every eligible pair (the pairs in scores.csv; the
    generator writes only pairs whose needs the site serves)
    max Σ score·x   s.t.  Σ_j x[i,j] ≤ 1,  Σ_i size_i·x[i,j] ≤ capacity_j,
                          min_c ≤ Σ_{i, j∈c} size_i·x[i,j] ≤ max_c (quotas.csv)

Prints one JSON line per solver: objective, bound, gap, the seconds spent
building the model and solving it.
"""
import argparse, csv, json, sys, time

import numpy as np


def read(folder):
    cases = {}
    with open(f"{folder}/cases.csv") as f:
        for r in csv.DictReader(f):
            cases[r["id"]] = int(r["size"])
    sites, country = {}, {}
    with open(f"{folder}/sites.csv") as f:
        for r in csv.DictReader(f):
            sites[r["id"]] = int(r["capacity"])
            country[r["id"]] = r["country"]
    case_ix = {c: k for k, c in enumerate(cases)}
    site_ix = {s: k for k, s in enumerate(sites)}
    ci, sj, w = [], [], []
    with open(f"{folder}/scores.csv") as f:
        next(f)
        for line in f:
            c, s, v = line.rstrip("\n").split(",")
            ci.append(case_ix[c]); sj.append(site_ix[s]); w.append(float(v))
    quotas = []
    try:
        with open(f"{folder}/quotas.csv") as f:
            for r in csv.DictReader(f):
                quotas.append((r["country"], int(r["min"]), int(r["max"])))
    except FileNotFoundError:
        pass
    size = np.array(list(cases.values()), dtype=np.int64)
    cap = np.array(list(sites.values()), dtype=np.int64)
    site_country = [country[s] for s in sites]
    return size, cap, site_country, np.array(ci), np.array(sj), np.array(w), quotas


def highs(data, limit, mip_gap=None):
    import highspy
    size, cap, site_country, ci, sj, w, quotas = data
    t0 = time.time()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(limit))
    h.setOptionValue("threads", 2)
    if mip_gap is not None:
        h.setOptionValue("mip_rel_gap", float(mip_gap))
    n = len(w)
    inf = highspy.kHighsInf
    # Columns: one per pair, objective = score (maximised), binary.
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), w)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger))
    # Rows: each case at most once; each site within capacity; quotas.
    order = np.argsort(ci, kind="stable")
    starts = np.searchsorted(ci[order], np.arange(len(size)))
    h.addRows(len(size), np.full(len(size), -inf), np.ones(len(size)), n, starts.astype(np.int32), order.astype(np.int32), np.ones(n))
    order = np.argsort(sj, kind="stable")
    starts = np.searchsorted(sj[order], np.arange(len(cap)))
    h.addRows(len(cap), np.full(len(cap), -inf), cap.astype(float), n, starts.astype(np.int32), order.astype(np.int32), size[ci[order]].astype(float))
    for c, lo, hi in quotas:
        cols = np.nonzero(np.array([site_country[j] == c for j in sj]))[0]
        h.addRow(float(lo), float(hi), len(cols), cols.astype(np.int32), size[ci[cols]].astype(float))
    built = time.time() - t0
    t1 = time.time()
    h.run()
    solved = time.time() - t1
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    obj = info.objective_function_value if info.primal_solution_status == 2 else None
    bound = info.mip_dual_bound
    return {"solver": "HiGHS " + h.version(), "status": status, "objective": obj, "bound": bound,
            "gap": (bound - obj) / bound if obj else None, "build_s": built, "solve_s": solved}


def cpsat(data, limit, mip_gap=None):
    from ortools.sat.python import cp_model
    size, cap, site_country, ci, sj, w, quotas = data
    t0 = time.time()
    m = cp_model.CpModel()
    x = [m.NewBoolVar("") for _ in range(len(w))]
    by_case = [[] for _ in range(len(size))]
    by_site = [[] for _ in range(len(cap))]
    for k in range(len(w)):
        by_case[ci[k]].append(k); by_site[sj[k]].append(k)
    for ks in by_case:
        if ks:
            m.AddAtMostOne([x[k] for k in ks])
    for j, ks in enumerate(by_site):
        if ks:
            m.Add(sum(int(size[ci[k]]) * x[k] for k in ks) <= int(cap[j]))
    for c, lo, hi in quotas:
        ks = [k for k in range(len(w)) if site_country[sj[k]] == c]
        m.AddLinearConstraint(sum(int(size[ci[k]]) * x[k] for k in ks), lo, hi)
    # CP-SAT needs integer coefficients: scores to 6 decimals, as written.
    scale = 10**6
    m.Maximize(sum(int(round(w[k] * scale)) * x[k] for k in range(len(w))))
    built = time.time() - t0
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = float(limit)
    s.parameters.num_workers = 2
    t1 = time.time()
    st = s.Solve(m)
    solved = time.time() - t1
    ok = st in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    obj = s.ObjectiveValue() / scale if ok else None
    bound = s.BestObjectiveBound() / scale
    return {"solver": "CP-SAT " + __import__("ortools").__version__, "status": s.StatusName(st), "objective": obj,
            "bound": bound, "gap": (bound - obj) / bound if obj else None, "build_s": built, "solve_s": solved}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--solvers", default="highs,cpsat")
    ap.add_argument("--mip-gap", type=float, help="HiGHS's relative gap to stop at (its default: 1e-4)")
    a = ap.parse_args()
    t = time.time()
    data = read(a.folder)
    read_s = time.time() - t
    for name in a.solvers.split(","):
        r = {"highs": highs, "cpsat": cpsat}[name](data, a.time_limit, a.mip_gap)
        r["read_s"] = read_s
        print(json.dumps(r), flush=True)
