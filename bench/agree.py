#!/usr/bin/python3
"""Check that two comparison JSON files (Facsimile's and the reference's) agree.

    bench/agree.py A.json B.json [--quiet]

Prints, per metric, the worst difference found and where, and exits with status 1 if
any is out of tolerance (2 if the files differ in structure: rows, features, kinds,
missing counts, category counts or matrix labels).  The "summary" block is reported
but does not affect the exit status.
"""

import argparse
import json
import math
import sys

# metric -> (tolerance, "abs" | "rel")
TOLERANCES = {
    "ks.statistic": (1e-9, "abs"),
    "ks.pvalue": (1e-6, "abs"),
    "wasserstein": (1e-9, "rel"),
    "chi2.statistic": (1e-9, "rel"),
    "chi2.pvalue": (1e-6, "abs"),
    "tvd": (1e-9, "abs"),
    "kl": (1e-9, "abs"),
    "js": (1e-9, "abs"),
    "pvalue_adjusted": (1e-6, "abs"),
    "correlation": (1e-9, "abs"),
}
SUMMARY_TOLERANCE = 1e-9   # relative; informational only
TINY = 1e-300


def difference(a, b, mode):
    """Difference of two numbers or nulls, in the metric's mode; inf if one is null."""
    if a is None and b is None:
        return 0.0
    if a is None or b is None:
        return math.inf
    a, b = float(a), float(b)
    if a == b:
        return 0.0
    d = abs(a - b)
    if mode == "rel":
        d /= max(abs(a), abs(b), TINY)
    return d


class Report:
    def __init__(self):
        self.worst = {}        # metric -> (difference, where, a, b)
        self.structure = []    # structural mismatches

    def check(self, metric, where, a, b, tolerance_key=None):
        _, mode = TOLERANCES[tolerance_key or metric]
        d = difference(a, b, mode)
        if metric not in self.worst or d > self.worst[metric][0] or (
                math.isnan(d) and not math.isnan(self.worst[metric][0])):
            self.worst[metric] = (d, where, a, b)

    def mismatch(self, message):
        self.structure.append(message)


def get(obj, dotted):
    for key in dotted.split("."):
        if obj is None:
            return None
        obj = obj.get(key)
    return obj


def compare_features(a, b, report):
    fa = {f["name"]: f for f in a.get("features", [])}
    fb = {f["name"]: f for f in b.get("features", [])}
    if list(fa) != list(fb):
        report.mismatch(f"feature names differ: only in A {sorted(set(fa) - set(fb))}, "
                        f"only in B {sorted(set(fb) - set(fa))}"
                        if set(fa) != set(fb) else "features are in a different order")
    for name in fa:
        if name not in fb:
            continue
        x, y = fa[name], fb[name]
        if x.get("kind") != y.get("kind"):
            report.mismatch(f"{name}: kind {x.get('kind')} vs {y.get('kind')}")
            continue
        for key in ("real_missing", "synthetic_missing"):
            if x.get(key) != y.get(key):
                report.mismatch(f"{name}: {key} {x.get(key)} vs {y.get(key)}")
        if x["kind"] == "continuous":
            metrics = ("ks.statistic", "ks.pvalue", "wasserstein")
        else:
            metrics = ("chi2.statistic", "chi2.pvalue", "tvd")
            if get(x, "chi2.dof") != get(y, "chi2.dof"):
                report.mismatch(f"{name}: chi2 dof {get(x, 'chi2.dof')} vs {get(y, 'chi2.dof')}")
        for metric in metrics + ("kl", "js", "pvalue_adjusted"):
            report.check(metric, name, get(x, metric), get(y, metric))


def compare_matrices(a, b, report):
    ca, cb = a.get("correlation", {}), b.get("correlation", {})
    for block in ("pearson", "spearman", "cramers_v", "correlation_ratio"):
        x, y = ca.get(block), cb.get(block)
        if x is None or y is None:
            report.mismatch(f"correlation.{block}: missing in {'A' if x is None else 'B'}")
            continue
        labels_ok = True
        for key in ("rows", "columns"):
            if x.get(key) != y.get(key):
                report.mismatch(f"correlation.{block}.{key} differ")
                labels_ok = False
        if not labels_ok:
            continue
        rows = x.get("rows", x["columns"])
        cols = x["columns"]
        for side in ("real", "synthetic"):
            mx, my = x.get(side), y.get(side)
            shape_x = (len(mx), len(mx[0]) if mx else len(cols))
            shape_y = (len(my), len(my[0]) if my else len(cols))
            if shape_x != shape_y or shape_x != (len(rows), len(cols) if rows else shape_x[1]):
                report.mismatch(f"correlation.{block}.{side}: shape {shape_x} vs {shape_y}")
                continue
            metric = f"correlation.{block}"
            for i, row_name in enumerate(rows):
                for j, col_name in enumerate(cols):
                    report.check(metric, f"{side}[{row_name}, {col_name}]",
                                 mx[i][j], my[i][j], tolerance_key="correlation")


def compare_summary(a, b, prefix="summary"):
    notes = []
    sa, sb = a.get("summary"), b.get("summary")
    if not isinstance(sa, dict) or not isinstance(sb, dict):
        return notes
    for key in sorted(set(sa) & set(sb)):
        x, y = sa[key], sb[key]
        if isinstance(x, dict) and isinstance(y, dict):
            notes += compare_summary({"summary": x}, {"summary": y}, f"{prefix}.{key}")
        elif isinstance(x, (int, float, type(None))) and isinstance(y, (int, float, type(None))):
            if difference(x, y, "rel") > SUMMARY_TOLERANCE:
                notes.append(f"{prefix}.{key}: {x} vs {y}")
    only = sorted(set(sa) ^ set(sb))
    if only:
        notes.append(f"{prefix}: keys in only one file: {only}")
    return notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--quiet", action="store_true", help="print only failures")
    args = parser.parse_args()
    with open(args.a) as f:
        a = json.load(f)
    with open(args.b) as f:
        b = json.load(f)

    report = Report()
    for key in ("real_rows", "synthetic_rows"):
        if a.get(key) != b.get(key):
            report.mismatch(f"{key}: {a.get(key)} vs {b.get(key)}")
    compare_features(a, b, report)
    compare_matrices(a, b, report)

    failed = False
    print(f"{'metric':<30} {'tolerance':>12} {'worst diff':>12}  where (A vs B)")
    for metric in sorted(report.worst):
        d, where, x, y = report.worst[metric]
        tol, mode = TOLERANCES["correlation" if metric.startswith("correlation.") else metric]
        bad = not d <= tol
        failed |= bad
        if bad or not args.quiet:
            print(f"{metric:<30} {tol:>8.0e} {mode:>3} {d:>12.3e}  {where} ({x} vs {y})"
                  f"{'  FAIL' if bad else ''}")
    for message in report.structure:
        print(f"MISMATCH {message}")
    for note in compare_summary(a, b):
        print(f"note (summary, not checked): {note}")

    if report.structure:
        print("agree: structure differs")
        return 2
    print("agree: " + ("OUT OF TOLERANCE" if failed else "all metrics within tolerance"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
