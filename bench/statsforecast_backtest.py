#!/usr/bin/env python3
"""The forecast-accuracy peer: Nixtla's statsforecast (AutoETS, AutoARIMA,
AutoTheta) on the same series and origins as `corredor backtest`.

Reads the series from a Corredor store through `corredor export` (so both
see exactly the same numbers), builds monthly series with a month missing
after a series' first month read as 0, keeps the series that start by
--started-by, and replays origins --from..--to with horizons 1..H using
statsforecast's rolling-origin cross-validation (a refit at every origin).
MASE is scaled by the in-sample seasonal naive error of each origin's own
training window, as Corredor's backtest does.

    bench/statsforecast_backtest.py --db corredor-demo.db --from 2012-01 --to 2024-08 \
        --started-by 2010-01 --reporter USA --location ALL --out bench/out/statsforecast.json
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd


def month_index(p):
    y, m = map(int, p.split("-"))
    return y * 12 + m - 1


def month_text(i):
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def load(args):
    cmd = [args.corredor, "--db", args.db, "export", "--format", "json", "--reporter", args.reporter, "--location", args.location]
    rows = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    series = {}
    for r in rows:
        series.setdefault(r["nationality"], {})[month_index(r["period"])] = float(r["value"])
    # Every series runs to the last month of the place, zeros filling the
    # months a nationality was not reported, as in Corredor's backtest.
    out = {}
    by = month_index(args.started_by)
    last = max(max(pts) for pts in series.values())
    only = {n for n in args.nationality.split(",") if n}
    for nat, pts in series.items():
        if only and nat not in only:
            continue
        first = min(pts)
        if first > by:
            continue
        out[nat] = (first, np.array([pts.get(i, 0.0) for i in range(first, last + 1)]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--corredor", default="target/release/corredor")
    ap.add_argument("--from", dest="origin_from", required=True)
    ap.add_argument("--to", dest="origin_to", required=True)
    ap.add_argument("--horizon", type=int, default=3)
    ap.add_argument("--started-by", default="2010-01")
    ap.add_argument("--reporter", default="USA")
    ap.add_argument("--location", default="ALL")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--step", type=int, default=1, help="every STEP-th origin, as corredor backtest --step")
    ap.add_argument("--nationality", default="", help="only these nationalities (comma-separated), as corredor backtest --nationality")
    ap.add_argument("--out")
    args = ap.parse_args()

    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta

    series = load(args)
    h = args.horizon
    lo, hi = month_index(args.origin_from), month_index(args.origin_to)
    frames = []
    for nat, (first, y) in series.items():
        frames.append(pd.DataFrame({"unique_id": nat, "ds": pd.period_range(month_text(first), periods=len(y), freq="M").to_timestamp(), "y": y}))
    df = pd.concat(frames, ignore_index=True)
    last = max(first + len(y) - 1 for first, y in series.values())
    hi = min(hi, last - h)
    # Windows end at the last origin with h months of actuals; keep those
    # on the STEP grid from `lo`, as Corredor's backtest does.
    hi = lo + (hi - lo) // args.step * args.step
    n_windows = (hi - lo) // args.step + 1
    models = [AutoETS(season_length=12, model="ZZZ"), AutoARIMA(season_length=12), AutoTheta(season_length=12)]
    sf = StatsForecast(models=models, freq="MS", n_jobs=args.jobs)
    start = time.time()
    # cross_validation counts windows back from the end: start the grid at
    # the last origin (hi) and drop windows after it.
    cv = sf.cross_validation(df=df.groupby("unique_id").apply(lambda g: g[g["ds"] <= pd.Timestamp(month_text(hi + h) + "-01")]).reset_index(drop=True),
                             h=h, step_size=args.step, n_windows=n_windows, level=[80, 95], refit=True)
    elapsed = time.time() - start

    cv = cv.reset_index() if "unique_id" not in cv.columns else cv
    cv["cutoff_i"] = cv["cutoff"].dt.year * 12 + cv["cutoff"].dt.month - 1
    cv["target_i"] = cv["ds"].dt.year * 12 + cv["ds"].dt.month - 1
    cv = cv[(cv["cutoff_i"] >= lo) & (cv["cutoff_i"] <= hi) & ((cv["cutoff_i"] - lo) % args.step == 0)]
    cv["horizon"] = cv["target_i"] - cv["cutoff_i"]

    scale = {}
    for nat, (first, y) in series.items():
        for c in range(lo, hi + 1):
            train = y[: c - first + 1]
            lag = 12 if len(train) > 12 else 1
            s = np.mean(np.abs(train[lag:] - train[:-lag])) if len(train) > lag else 1.0
            scale[(nat, c)] = s if s > 0 else 1.0
    cv["scale"] = [scale.get((u, c), 1.0) for u, c in zip(cv["unique_id"], cv["cutoff_i"])]

    rows = []
    for name in ["AutoETS", "AutoARIMA", "AutoTheta"]:
        f = cv[name].clip(lower=0)
        err = (cv["y"] - f).abs()
        denom = cv["y"].abs() + f.abs()
        # The 95% interval's MSIS, scaled as MASE (the width plus 2/0.05
        # times every miss), as Corredor's backtest scores its own bands;
        # counts are never negative, so a lower bound below 0 reads as 0.
        lo95, hi95, y = cv[f"{name}-lo-95"].clip(lower=0), cv[f"{name}-hi-95"].clip(lower=0), cv["y"]
        msis = (((hi95 - lo95) + 40 * (lo95 - y).clip(lower=0) + 40 * (y - hi95).clip(lower=0)) / cv["scale"]).values
        smape = np.where(denom > 0, 200 * err / denom.where(denom > 0, 1), 0.0)
        for hz in range(1, h + 1):
            m = cv["horizon"] == hz
            rows.append({
                "model": name, "horizon": hz,
                "mase": float((err[m] / cv["scale"][m]).mean()),
                "smape": float(np.mean(smape[m.values])),
                "coverage80": float(((cv["y"][m] >= cv[f"{name}-lo-80"][m]) & (cv["y"][m] <= cv[f"{name}-hi-80"][m])).mean()),
                "coverage95": float(((cv["y"][m] >= cv[f"{name}-lo-95"][m]) & (cv["y"][m] <= cv[f"{name}-hi-95"][m])).mean()),
                "msis": float(msis[m.values].mean()),
                "n": int(m.sum()),
            })
    result = {"series": len(series), "seconds": elapsed, "jobs": args.jobs, "step": args.step, "accuracy": rows}
    text = json.dumps(result, indent=2)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
