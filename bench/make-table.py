#!/usr/bin/python3
"""Make a pair of large benchmark tables shaped like the bundled eICU demo table.

    bench/make-table.py OUT_DIR [--rows 100000] [--seed 1] [--source stays.csv]

Writes OUT_DIR/real.csv and OUT_DIR/synthetic.csv, each with --rows rows and the 37
columns of resources/examples/eicu-demo/stays.csv (2,520 ICU stays).  Both are drawn
from the source by resampling whole rows with replacement, which keeps each row's
missingness pattern and the categorical labels, and then perturbing the values:

  * numeric columns get Gaussian noise (5% of the column's standard deviation in
    real.csv, 15% in synthetic.csv); integer columns are rounded back to integers,
    decimal columns to the number of decimals the source uses; small ordinal scales
    (GCS) are clipped to their range and non-negative quantities stay non-negative;
  * hospital_id is an identifier and is only resampled, never perturbed;
  * synthetic.csv drifts: a few columns have shifted means, 2% of the 0/1 flags are
    flipped (more for hospital_mortality), and 15% of unit_type labels are replaced
    by a label drawn uniformly from the column's labels.

Missing values are written as empty fields, integer columns without a trailing ".0".
The output depends only on --rows, --seed and the source file.
"""

import argparse
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "resources", "examples", "eicu-demo", "stays.csv")

REAL_NOISE = 0.05        # noise sd as a fraction of the column's sd
SYNTH_NOISE = 0.15
# Synthetic mean shifts, in units of the column's sd.
SYNTH_SHIFT = {
    "heart_rate": 0.25,
    "glucose": 0.30,
    "apache_score": -0.20,
    "creatinine": 0.15,
    "icu_los_days": 0.15,
}
NOT_PERTURBED = {"hospital_id"}
BOOL_FLIP = 0.02
MORTALITY_EXTRA = 0.03   # extra share of 0 -> 1 in synthetic hospital_mortality
RELABEL_COLUMN = "unit_type"
RELABEL_SHARE = 0.15
SMALL_SCALE = 10         # integer columns with at most this many values are clipped


def describe_columns(raw):
    """Kind, integer-ness and decimals of each column, from the source's text."""
    info = {}
    for name in raw.columns:
        text = raw[name][raw[name] != ""]
        numeric = pd.to_numeric(text, errors="coerce")
        if numeric.isna().any():
            info[name] = {"kind": "categorical"}
            continue
        values = numeric.to_numpy(dtype=float)
        if np.isin(values, (0.0, 1.0)).all():
            info[name] = {"kind": "boolean"}
            continue
        decimals = text.str.extract(r"\.(\d+)$")[0].str.len()
        integer = bool(text.str.fullmatch(r"-?\d+").all())
        info[name] = {
            "kind": "integer" if integer else "decimal",
            "decimals": 0 if integer else int(decimals.max()),
            "sd": float(np.std(values)),
            "min": float(values.min()),
            "max": float(values.max()),
            "small_scale": integer and len(np.unique(values)) <= SMALL_SCALE,
        }
    return info


def perturb(source, info, rows, rng, synthetic):
    idx = rng.integers(0, len(source), size=rows)
    out = {}
    for name in source.columns:
        col = info[name]
        kind = col["kind"]
        values = source[name].to_numpy()[idx]
        if kind == "categorical":
            values = values.astype(object)
            if synthetic and name == RELABEL_COLUMN:
                present = pd.notna(values)
                labels = np.array(sorted(pd.unique(values[present])), dtype=object)
                relabel = present & (rng.random(rows) < RELABEL_SHARE)
                values[relabel] = labels[rng.integers(0, len(labels), size=relabel.sum())]
            out[name] = pd.Series(values, dtype=object)
            continue

        values = values.astype(float)
        present = ~np.isnan(values)
        if kind == "boolean":
            if synthetic:
                flip = present & (rng.random(rows) < BOOL_FLIP)
                values[flip] = 1.0 - values[flip]
                if name == "hospital_mortality":
                    up = present & (values == 0.0) & (rng.random(rows) < MORTALITY_EXTRA)
                    values[up] = 1.0
            out[name] = pd.Series(values).astype("Int64")
            continue

        if name not in NOT_PERTURBED:
            scale = (SYNTH_NOISE if synthetic else REAL_NOISE) * col["sd"]
            noise = rng.normal(0.0, scale, size=rows)
            if synthetic:
                noise += SYNTH_SHIFT.get(name, 0.0) * col["sd"]
            values = values + noise          # NaN stays NaN
            if col["small_scale"]:
                values = np.clip(values, col["min"], col["max"])
            elif col["min"] >= 0:
                values = np.maximum(values, 0.0)
            values = np.round(values, col["decimals"])
            values[values == 0.0] = 0.0      # no "-0.0"
        if kind == "integer":
            out[name] = pd.Series(values).astype("Int64")
        else:
            out[name] = pd.Series(values)
    return pd.DataFrame(out, columns=source.columns)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", default=DEFAULT_SOURCE,
                        help="source table (default: the bundled eICU demo stays.csv)")
    args = parser.parse_args()

    if not os.path.exists(args.source):
        sys.exit(f"make-table.py: source table not found: {args.source}")
    raw = pd.read_csv(args.source, dtype=str, keep_default_na=False)
    info = describe_columns(raw)
    source = pd.read_csv(args.source, keep_default_na=False, na_values=[""])

    real_seq, synth_seq = np.random.SeedSequence(args.seed).spawn(2)
    os.makedirs(args.out_dir, exist_ok=True)
    for file_name, seq, synthetic in (("real.csv", real_seq, False),
                                      ("synthetic.csv", synth_seq, True)):
        table = perturb(source, info, args.rows, np.random.default_rng(seq), synthetic)
        path = os.path.join(args.out_dir, file_name)
        table.to_csv(path, index=False, na_rep="", lineterminator="\n")
        print(f"{path}: {len(table)} rows, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
