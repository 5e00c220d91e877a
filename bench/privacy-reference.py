#!/usr/bin/python3
"""Blocked NumPy reference of the privacy measures' nearest-neighbour search.

    bench/privacy-reference.py --real R.csv --synthetic S.csv [--rows 50000] [--seed 1]
        [--queries Q] [--block 256] [--exclude a,b,c] [--check distances.csv]

Samples both tables as bench-privacy does (the rows whose splitmix64(seed + row) are
smallest), then computes, for the first Q sampled synthetic rows (all by default),
the Gower distance to every sampled real row, a block of --block synthetic rows at a
time, and keeps the two smallest.  Prints the time taken and, when Q is less than
all rows, the time for all of them by proportion.  With --check, compares the
distances with bench-privacy's --out file and exits with 1 when they differ by more
than 1e-9.
"""

import argparse
import sys
import time

import numpy as np
import pandas as pd

MASK = (1 << 64) - 1


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def sample(n, k, seed):
    if k >= n:
        return np.arange(n)
    keys = np.array([splitmix64(seed + i) for i in range(n)], dtype=np.uint64)
    return np.sort(np.lexsort((np.arange(n), keys))[:k])


def encode(real, synthetic, inputs):
    """Numeric inputs scaled by the real range; the others as codes over both tables."""
    num_r, num_s, cat_r, cat_s = [], [], [], []
    for c in inputs:
        r, s = real[c], synthetic[c]
        if pd.api.types.is_numeric_dtype(r) and pd.api.types.is_numeric_dtype(s):
            lo, hi = r.min(), r.max()
            if hi > lo:
                num_r.append(((r - lo) / (hi - lo)).to_numpy(float))
                num_s.append(((s - lo) / (hi - lo)).to_numpy(float))
                continue
        codes = pd.factorize(pd.concat([r.astype(str).where(r.notna()),
                                        s.astype(str).where(s.notna())]))[0]
        cat_r.append(codes[:len(r)])
        cat_s.append(codes[len(r):])
    return (np.array(num_r).T, np.array(num_s).T,
            np.array(cat_r).T.reshape(len(real), -1), np.array(cat_s).T.reshape(len(synthetic), -1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", required=True)
    ap.add_argument("--synthetic", required=True)
    ap.add_argument("--rows", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=0)
    ap.add_argument("--block", type=int, default=256)
    ap.add_argument("--exclude", default="hospital_mortality,hospital_region,hospital_id")
    ap.add_argument("--check")
    a = ap.parse_args()

    real = pd.read_csv(a.real)
    synthetic = pd.read_csv(a.synthetic)
    real = real.iloc[sample(len(real), a.rows, a.seed)].reset_index(drop=True)
    synthetic = synthetic.iloc[sample(len(synthetic), a.rows, a.seed)].reset_index(drop=True)
    inputs = [c for c in real.columns if c not in a.exclude.split(",")]
    n_q = len(synthetic) if a.queries <= 0 else min(a.queries, len(synthetic))

    start = time.perf_counter()
    cpu_start = time.process_time()
    xr, xs, cr, cs = encode(real, synthetic, inputs)
    mr = np.isnan(xr)
    first = np.empty(n_q)
    second = np.empty(n_q)
    for b in range(0, n_q, a.block):
        e = min(b + a.block, n_q)
        q, mq = xs[b:e], np.isnan(xs[b:e])
        d = np.zeros((e - b, len(real)))
        for f in range(xr.shape[1]):
            diff = np.abs(q[:, f, None] - xr[None, :, f])
            one = mq[:, f, None] ^ mr[None, :, f]
            both = mq[:, f, None] & mr[None, :, f]
            d += np.where(one, 1.0, np.where(both, 0.0, diff))
        for f in range(cr.shape[1]):
            d += cs[b:e, f, None] != cr[None, :, f]
        d /= len(inputs)
        part = np.partition(d, 1, axis=1)
        first[b:e] = part[:, 0]
        second[b:e] = part[:, 1]
    took = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    print(f"numpy: {n_q} x {len(real)} rows, two nearest: {took:.3f} s wall, {cpu:.3f} s CPU")
    if n_q < len(synthetic):
        scale = len(synthetic) / n_q
        print(f"numpy, all {len(synthetic)} rows by proportion: "
              f"{took * scale:.3f} s wall, {cpu * scale:.3f} s CPU")

    if a.check:
        got = pd.read_csv(a.check).iloc[:n_q]
        worst = max(np.max(np.abs(got["first"].to_numpy() - first)),
                    np.max(np.abs(got["second"].to_numpy() - second)))
        print(f"largest difference from facsimile over {n_q} rows: {worst:.3g}")
        if not worst <= 1e-9:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
