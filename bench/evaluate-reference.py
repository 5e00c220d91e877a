#!/usr/bin/python3
"""The protocol of `facsimile-cli evaluate` scripted in Python (xgboost, scikit-learn,
statsmodels), for the benchmark.

    bench/evaluate-reference.py --real R.csv --synthetic S.csv --schema S.json --json OUT [--seed N]

The split, the encoding, the models (TRTR, TSTR, TSTS, leave-one-site-out per site),
the scores with DeLong and 1,000-resample bootstrap intervals, per site and per
subgroup, gain importance and the logistic regression on the 8 inputs with the
highest real gain come from tests/fixtures/eval/reference.py; only the CSV reading
is vectorised here with pandas.  The multi-centre table is not computed.
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import pandas as pd
import scipy.stats

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "fixtures", "eval"))
import reference as ref  # noqa: E402

MISSING = ["", "NA", "na", "NaN", "nan", "null", "NULL", "?"]


def read_table(path, schema):
    types = {f["name"]: f["type"] for f in schema["features"]}
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    table = {"__rows__": len(raw)}
    for name in raw.columns:
        cells = raw[name]
        missing = cells.str.strip().str.lower().isin(["", "na", "nan", "null", "?"])
        if types.get(name, "categorical") == "categorical":
            table[name] = [None if m else c for c, m in zip(cells.tolist(), missing.tolist())]
        elif types[name] == "boolean":
            low = cells.str.strip().str.lower()
            table[name] = np.where(missing, np.nan, low.isin(["1", "true", "yes"]).astype(float))
        else:
            table[name] = pd.to_numeric(cells.where(~missing), errors="coerce").to_numpy(dtype=float)
    return table


def encode(schema, reference, table):
    n = table["__rows__"]
    columns = []
    for f in ref.inputs_of(schema):
        name = f["name"]
        if f["type"] == "categorical":
            cells = pd.Series(table.get(name, [None] * n), dtype=object)
            levels = f.get("categories") or [l for l in dict.fromkeys(reference[name]) if l is not None]
            for level in levels:
                columns.append((cells == level).to_numpy(dtype=np.float32))
        else:
            v = table.get(name)
            columns.append(np.full(n, np.nan, dtype=np.float32) if v is None else v.astype(np.float32))
    return np.column_stack(columns)


def split(labels, site, n_sites, fraction, seed):
    """ref.split_by_fraction with the strata gathered by NumPy."""
    rng = ref.SplitMix64(seed)
    held = np.zeros(len(labels), dtype=bool)
    per_label = n_sites + 1
    level = np.where(site >= 0, site, n_sites)
    stratum = np.where(labels <= 1, labels * per_label + level, -1)
    for s in range(2 * per_label):
        a = np.flatnonzero(stratum == s).tolist()
        for i in range(len(a) - 1, 0, -1):
            j = rng.next() % (i + 1)
            a[i], a[j] = a[j], a[i]
        held[a[:int(math.floor(fraction * len(a) + 0.5))]] = True
    eligible = labels <= 1
    return np.flatnonzero(eligible & ~held), np.flatnonzero(eligible & held)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--real", required=True)
    p.add_argument("--synthetic", required=True)
    p.add_argument("--schema", required=True)
    p.add_argument("--json", required=True)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    with open(a.schema) as f:
        schema = json.load(f)
    seed = a.seed
    real = read_table(a.real, schema)
    synthetic = read_table(a.synthetic, schema)
    y = ref.labels_of(schema, real)
    ys = ref.labels_of(schema, synthetic)
    site_name = schema["site"]
    levels = list(next(f for f in schema["features"] if f["name"] == site_name)["categories"])
    index = {l: i for i, l in enumerate(levels)}
    site = np.array([index.get(c, -1) if c is not None else -1 for c in real[site_name]])
    site_s = np.array([index.get(c, -1) if c is not None else -1 for c in synthetic[site_name]])
    train, holdout = split(y, site, len(levels), 0.2, seed)
    x = encode(schema, real, real)
    xs = encode(schema, real, synthetic)
    srows = np.flatnonzero(ys <= 1)
    label = y[holdout]

    trtr = ref.train(x[train], y[train], seed)
    tstr = ref.train(xs[srows], ys[srows], seed)
    p_trtr = ref.predict(trtr, x[holdout])
    p_tstr = ref.predict(tstr, x[holdout])
    out = {"utility": {"trtr": ref.score_block(p_trtr, label, seed),
                       "tstr": ref.score_block(p_tstr, label, seed)}}
    s_train, s_test = split(ys, site_s, len(levels), 0.2, seed)
    tsts = ref.train(xs[s_train], ys[s_train], seed)
    out["utility"]["tsts"] = ref.score_block(ref.predict(tsts, xs[s_test]), ys[s_test], seed)

    loso = np.full(len(holdout), np.nan)
    out["sites"] = []
    for k, name in enumerate(levels):
        which = np.flatnonzero(site[holdout] == k)
        if len(which) == 0:
            continue
        rows = train[(site[train] >= 0) & (site[train] != k)]
        model = ref.train(x[rows], y[rows], seed)
        loso[which] = ref.predict(model, x[holdout[which]])
        out["sites"].append({"site": name, "tstr": ref.level_block(p_tstr, label, which, seed),
                             "trtr": ref.level_block(p_trtr, label, which, seed),
                             "loso_trtr": ref.level_block(loso, label, which, seed)})
    out["subgroups"] = []
    for column in schema["group_by"]:
        lv = list(next(f for f in schema["features"] if f["name"] == column).get("categories", []))
        cells = real[column]
        for level in lv:
            which = np.flatnonzero(np.array([cells[r] == level for r in holdout]))
            out["subgroups"].append({"column": column, "level": level,
                                     "tstr": ref.level_block(p_tstr, label, which, seed),
                                     "trtr": ref.level_block(p_trtr, label, which, seed)})

    n_columns = x.shape[1]
    g_real, g_synth = ref.gains(trtr, n_columns), ref.gains(tstr, n_columns)
    out["rank_correlation"] = float(scipy.stats.spearmanr(g_real, g_synth).correlation)
    # the 8 inputs with the highest real gain
    inputs = ref.inputs_of(schema)
    best, j = [], 0
    for f in inputs:
        width = len(f.get("categories") or []) if f["type"] == "categorical" else 1
        best.append(g_real[j:j + width].max() if width else 0)
        j += width
    order = sorted(range(len(inputs)), key=lambda i: (-best[i], i))[:8]
    chosen = [inputs[i]["name"] for i in order]
    lv = [inputs[i].get("categories") if inputs[i]["type"] == "categorical" else None for i in order]
    out["replication"] = {"inputs": chosen}
    for key, table, labels, rows in (("real", real, y, train), ("synthetic", synthetic, ys, srows)):
        try:
            out["replication"][key] = ref.logit(schema, table, labels, rows, chosen, lv)[0]
        except Exception as e:  # noqa: BLE001 (a failed fit is a result too)
            out["replication"][key] = str(e)
    with open(a.json, "w") as f:
        json.dump(out, f, indent=1, default=float)


if __name__ == "__main__":
    main()
