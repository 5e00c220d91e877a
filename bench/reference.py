#!/usr/bin/python3
"""SciPy/pandas reference for `facsimile-cli compare --json`.

    bench/reference.py --real R.csv --synthetic S.csv --json OUT.json

Computes the same metrics, with the same JSON keys, as Facsimile's comparison of a
synthetic table against a real one:

  * per feature: missing counts; for continuous features the two-sample KS test and
    the Wasserstein distance; for categorical features the chi-square test of
    homogeneity and the total variation distance; for both KL (smoothed) and JS on
    binned counts; Benjamini-Hochberg adjusted p-values across features;
  * correlation matrices on each table: Pearson and Spearman (continuous), Cramer's V
    (categorical) and the correlation ratio eta (continuous x categorical).

A column is categorical when pandas reads it as text, or when its non-missing values
are all 0 or 1; otherwise it is continuous.  Kinds are taken from the real table.
"""

import argparse
import json
import math

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.stats.contingency import association

NA_VALUES = ["", "NA", "NaN", "null", "?"]
KL_BINS = 20
KL_PSEUDOCOUNT = 0.5


def read_table(path):
    return pd.read_csv(path, keep_default_na=False, na_values=NA_VALUES)


def is_categorical(column):
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return True
    values = column.dropna()
    return len(values) > 0 and values.isin([0, 1]).all()


def finite_or_none(value):
    value = float(value)
    return value if math.isfinite(value) else None


def matrix(frame):
    return [[finite_or_none(v) for v in row] for row in frame.to_numpy(dtype=float)]


def category_counts(real, synth):
    """Counts of each category over the union of both samples' categories."""
    counts = pd.concat([real.value_counts(), synth.value_counts()],
                       axis=1, keys=["real", "synthetic"]).fillna(0)
    return counts["real"].to_numpy(), counts["synthetic"].to_numpy()


def quantile_bin_counts(real, synth):
    edges = np.unique(np.quantile(real, np.linspace(0.0, 1.0, KL_BINS + 1)))
    if len(edges) < 3:
        # a (nearly) constant real sample: each distinct value a bin of its own,
        # with bins below, between and above
        interior = np.sort(np.concatenate([edges, np.nextafter(edges, np.inf)]))
    else:
        interior = edges[1:-1]
    n_bins = len(interior) + 1
    real_counts = np.bincount(np.searchsorted(interior, real, side="right"), minlength=n_bins)
    synth_counts = np.bincount(np.searchsorted(interior, synth, side="right"), minlength=n_bins)
    if len(edges) < 3:
        used = (real_counts > 0) | (synth_counts > 0)
        real_counts, synth_counts = real_counts[used], synth_counts[used]
    return real_counts, synth_counts


def divergences(real_counts, synth_counts):
    kl = stats.entropy(real_counts + KL_PSEUDOCOUNT, synth_counts + KL_PSEUDOCOUNT)
    js = jensenshannon(real_counts, synth_counts)
    return finite_or_none(kl), finite_or_none(js)


def compare_continuous(real, synth):
    result = {}
    if len(real) == 0 or len(synth) == 0:
        result["ks"] = {"statistic": None, "pvalue": None}
        result["wasserstein"] = None
        result["kl"] = result["js"] = None
        return result, math.nan
    ks = stats.ks_2samp(real, synth, method="auto")
    result["ks"] = {"statistic": float(ks.statistic), "pvalue": float(ks.pvalue)}
    result["wasserstein"] = float(stats.wasserstein_distance(real, synth))
    result["kl"], result["js"] = divergences(*quantile_bin_counts(real, synth))
    return result, ks.pvalue


def compare_categorical(real, synth):
    result = {}
    real_counts, synth_counts = category_counts(real, synth)
    if len(real) == 0 or len(synth) == 0:
        result["chi2"] = {"statistic": None, "dof": None, "pvalue": None}
        result["tvd"] = result["kl"] = result["js"] = None
        return result, math.nan
    chi2 = stats.chi2_contingency(np.vstack([real_counts, synth_counts]), correction=False)
    result["chi2"] = {"statistic": float(chi2[0]), "dof": int(chi2[2]),
                      "pvalue": float(chi2[1])}
    result["tvd"] = float(0.5 * np.abs(real_counts / real_counts.sum()
                                       - synth_counts / synth_counts.sum()).sum())
    result["kl"], result["js"] = divergences(real_counts, synth_counts)
    return result, chi2[1]


def benjamini_hochberg(pvalues):
    """BH adjusted p-values (as statsmodels fdr_bh / R p.adjust "BH"); NaN stays NaN."""
    p = np.asarray(pvalues, dtype=float)
    adjusted = np.full_like(p, np.nan)
    present = ~np.isnan(p)
    m = present.sum()
    if m == 0:
        return adjusted
    order = np.argsort(p[present], kind="mergesort")
    ranked = p[present][order] * m / np.arange(1, m + 1)
    ranked = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    values = np.empty(m)
    values[order] = ranked
    adjusted[present] = values
    return adjusted


def cramers_v_matrix(table, columns):
    result = pd.DataFrame(np.eye(len(columns)), index=columns, columns=columns)
    for i, a in enumerate(columns):
        for b in columns[i + 1:]:
            observed = pd.crosstab(table[a], table[b])   # rows with either missing dropped
            if min(observed.shape) < 2:
                value = math.nan
            else:
                value = association(observed.to_numpy(), method="cramer")
            result.loc[a, b] = result.loc[b, a] = value
    return result


def correlation_ratio_matrix(table, numeric, categorical):
    result = pd.DataFrame(np.nan, index=numeric, columns=categorical)
    for cat in categorical:
        rows = table.loc[table[cat].notna(), numeric]
        groups = rows.groupby(table[cat])
        grand_mean = rows.mean()
        ss_between = (groups.count() * (groups.mean() - grand_mean) ** 2).sum()
        ss_total = ((rows - grand_mean) ** 2).sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            eta = np.sqrt(ss_between / ss_total)
        eta[rows.count() < 2] = np.nan
        result[cat] = eta
    return result


def correlations(real, synth, continuous, categorical):
    out = {}
    for method in ("pearson", "spearman"):
        out[method] = {
            "columns": continuous,
            "real": matrix(real[continuous].corr(method=method)),
            "synthetic": matrix(synth[continuous].corr(method=method)),
        }
    out["cramers_v"] = {
        "columns": categorical,
        "real": matrix(cramers_v_matrix(real, categorical)),
        "synthetic": matrix(cramers_v_matrix(synth, categorical)),
    }
    out["correlation_ratio"] = {
        "rows": continuous,
        "columns": categorical,
        "real": matrix(correlation_ratio_matrix(real, continuous, categorical)),
        "synthetic": matrix(correlation_ratio_matrix(synth, continuous, categorical)),
    }
    return out


def summarise(features, corr, alpha=0.05):
    def mean_of(key, kind):
        values = [f[key] for f in features if f["kind"] == kind and f.get(key) is not None]
        return float(np.mean(values)) if values else None

    def mean_abs_difference(block):
        a = np.array(block["real"], dtype=float)
        b = np.array(block["synthetic"], dtype=float)
        if a.size == 0:
            return None
        if "rows" not in block:                      # square: off-diagonal only
            off = ~np.eye(a.shape[0], dtype=bool)
            a, b = a[off], b[off]
        return finite_or_none(np.nanmean(np.abs(a - b))) if np.isfinite(a - b).any() else None

    ks = [f["ks"]["statistic"] for f in features
          if f["kind"] == "continuous" and f["ks"]["statistic"] is not None]
    return {
        "n_features": len(features),
        "n_continuous": sum(f["kind"] == "continuous" for f in features),
        "n_categorical": sum(f["kind"] == "categorical" for f in features),
        "alpha": alpha,
        "n_significant": sum(f["pvalue_adjusted"] is not None and f["pvalue_adjusted"] < alpha
                             for f in features),
        "mean_ks_statistic": float(np.mean(ks)) if ks else None,
        "mean_tvd": mean_of("tvd", "categorical"),
        "mean_kl": float(np.mean([f["kl"] for f in features if f["kl"] is not None])),
        "mean_js": float(np.mean([f["js"] for f in features if f["js"] is not None])),
        "mean_abs_correlation_difference": {name: mean_abs_difference(block)
                                            for name, block in corr.items()},
    }


def compare(real, synth):
    columns = [c for c in real.columns if c in synth.columns]
    features, pvalues = [], []
    for name in columns:
        categorical = is_categorical(real[name])
        r, s = real[name].dropna(), synth[name].dropna()
        feature = {
            "name": name,
            "kind": "categorical" if categorical else "continuous",
            "real_missing": int(real[name].isna().sum()),
            "synthetic_missing": int(synth[name].isna().sum()),
        }
        if categorical:
            metrics, pvalue = compare_categorical(r, s)
        else:
            metrics, pvalue = compare_continuous(r.to_numpy(dtype=float),
                                                 s.to_numpy(dtype=float))
        feature.update(metrics)
        features.append(feature)
        pvalues.append(pvalue)

    for feature, adjusted in zip(features, benjamini_hochberg(pvalues)):
        feature["pvalue_adjusted"] = finite_or_none(adjusted)

    continuous = [f["name"] for f in features if f["kind"] == "continuous"]
    categorical = [f["name"] for f in features if f["kind"] == "categorical"]
    corr = correlations(real, synth, continuous, categorical)
    return {
        "real_rows": len(real),
        "synthetic_rows": len(synth),
        "features": features,
        "correlation": corr,
        "summary": summarise(features, corr),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real", required=True)
    parser.add_argument("--synthetic", required=True)
    parser.add_argument("--json", required=True, help="output file ('-' for stdout)")
    args = parser.parse_args()

    result = compare(read_table(args.real), read_table(args.synthetic))
    text = json.dumps(result, indent=1, allow_nan=False)
    if args.json == "-":
        print(text)
    else:
        with open(args.json, "w") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
