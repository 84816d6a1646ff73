"""The plain labour-matching MIP, solved by HiGHS (highspy) and OR-Tools
CP-SAT with a time limit, on the files `corredor labour match` reads.

    python3 bench/labour_peers.py DIR [--time-limit S] [--solvers highs,cpsat]

    x[w,v] ∈ {0,1} for every eligible pair (the rule and the score of
    corredor_labour::fit, written again from its documentation in
    labour_optimum.py, scores in hundredths)
    max Σ score·x   s.t.  Σ_v x[w,v] ≤ 1,  Σ_w x[w,v] ≤ places_v,
                          Σ_{w, v under pathway k} x[w,v] ≤ quota_k

Prints one JSON line per solver: objective, bound, gap, the seconds spent
building the model and solving it. Without --time-limit HiGHS runs to a
relative gap of 0 (the proven optimum).
"""
import argparse, json, os, sys, time
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labour_optimum import rows, items, score  # noqa: E402


def read(d):
    pathways = {r["id"]: r for r in rows(d, "pathways.csv")}
    workers, vacancies = rows(d, "workers.csv"), rows(d, "vacancies.csv")
    by_minor = defaultdict(list)
    for j, v in enumerate(vacancies):
        by_minor[v["isco"][:3]].append(j)
    wi, vj, s = [], [], []
    for i, w in enumerate(workers):
        for minor in sorted({c[:3] for c in items(w["isco"])}):
            for j in by_minor[minor]:
                v = vacancies[j]
                x = score(pathways[v["pathway"]], w, v)
                if x is not None:
                    wi.append(i); vj.append(j); s.append(x / 100)
    places = np.array([int(v["places"]) for v in vacancies], dtype=np.int64)
    pathway_ix = {p: k for k, p in enumerate(pathways)}
    vk = np.array([pathway_ix[v["pathway"]] for v in vacancies], dtype=np.int64)
    quotas = [int(p["quota"]) if p["quota"] else None for p in pathways.values()]
    return len(workers), places, vk, quotas, np.array(wi), np.array(vj), np.array(s)


def rows_of(keys, count):
    order = np.argsort(keys, kind="stable")
    return order, np.searchsorted(keys[order], np.arange(count))


def highs(data, limit):
    import highspy
    n, places, vk, quotas, wi, vj, s = data
    t0 = time.time()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    if limit is not None:
        h.setOptionValue("time_limit", float(limit))
    else:
        h.setOptionValue("mip_rel_gap", 0.0)
    m = len(s)
    inf = highspy.kHighsInf
    h.addVars(m, np.zeros(m), np.ones(m))
    cols = np.arange(m, dtype=np.int32)
    h.changeColsCost(m, cols, s)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.changeColsIntegrality(m, cols, np.full(m, highspy.HighsVarType.kInteger))
    order, starts = rows_of(wi, n)
    h.addRows(n, np.full(n, -inf), np.ones(n), m, starts.astype(np.int32), order.astype(np.int32), np.ones(m))
    order, starts = rows_of(vj, len(places))
    h.addRows(len(places), np.full(len(places), -inf), places.astype(float), m, starts.astype(np.int32),
              order.astype(np.int32), np.ones(m))
    pk = vk[vj]
    for k, q in enumerate(quotas):
        if q is not None:
            c = np.nonzero(pk == k)[0].astype(np.int32)
            h.addRow(-inf, float(q), len(c), c, np.ones(len(c)))
    built = time.time() - t0
    t1 = time.time()
    h.run()
    solved = time.time() - t1
    info = h.getInfo()
    obj = info.objective_function_value if info.primal_solution_status == 2 else None
    bound = info.mip_dual_bound
    return {"solver": "HiGHS " + h.version(), "status": h.modelStatusToString(h.getModelStatus()),
            "objective": obj, "bound": bound, "gap": (bound - obj) / bound if obj else None,
            "build_s": built, "solve_s": solved}


def cpsat(data, limit):
    from ortools.sat.python import cp_model
    n, places, vk, quotas, wi, vj, s = data
    t0 = time.time()
    model = cp_model.CpModel()
    x = [model.NewBoolVar("") for _ in range(len(s))]
    by_worker, by_vacancy, by_pathway = defaultdict(list), defaultdict(list), defaultdict(list)
    for k in range(len(s)):
        by_worker[wi[k]].append(x[k]); by_vacancy[vj[k]].append(x[k]); by_pathway[vk[vj[k]]].append(x[k])
    for xs in by_worker.values():
        model.AddAtMostOne(xs)
    for j, xs in by_vacancy.items():
        model.Add(sum(xs) <= int(places[j]))
    for k, q in enumerate(quotas):
        if q is not None and by_pathway[k]:
            model.Add(sum(by_pathway[k]) <= q)
    # Integer coefficients: the scores are hundredths.
    model.Maximize(sum(int(round(s[k] * 100)) * x[k] for k in range(len(s))))
    built = time.time() - t0
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(limit or 3600)
    solver.parameters.num_workers = 1
    t1 = time.time()
    st = solver.Solve(model)
    solved = time.time() - t1
    ok = st in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    obj = solver.ObjectiveValue() / 100 if ok else None
    bound = solver.BestObjectiveBound() / 100
    return {"solver": "CP-SAT " + __import__("ortools").__version__, "status": solver.StatusName(st),
            "objective": obj, "bound": bound, "gap": (bound - obj) / bound if obj else None,
            "build_s": built, "solve_s": solved}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--solvers", default="highs,cpsat")
    a = ap.parse_args()
    t = time.time()
    data = read(a.folder)
    read_s = time.time() - t
    for name in a.solvers.split(","):
        r = {"highs": highs, "cpsat": cpsat}[name](data, a.time_limit)
        r["read_s"] = read_s
        r["pairs"] = len(data[6])
        print(json.dumps(r), flush=True)
