#!/usr/bin/python3
"""The default holdout of generate and the utility section of facsimile-cli report, as TAP.

On the bundled eICU example: a copula run with the Northeast region held out, reported
as JSON and HTML.  The held-out rows are checked against the reference table read with
the csv module, the AUROCs against the Mann-Whitney count (what scikit-learn's
roc_auc_score computes) on the predictions evaluate writes.  Only the Python standard
library is needed.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile


CLI = os.environ.get("FX_CLI", "build/src/cli/facsimile-cli")
SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.environ.get("FX_EXAMPLE_DIR", os.path.join(SRC, "..", "resources", "examples", "eicu-demo"))
STAYS = os.path.join(EXAMPLE, "stays.csv")
SCHEMA = os.path.join(EXAMPLE, "schema.json")

results = []


def ok(passed, name, diagnostics=""):
    results.append(bool(passed))
    print("%s %d - %s" % ("ok" if passed else "not ok", len(results), name))
    if not passed and diagnostics:
        for line in str(diagnostics).splitlines()[:20]:
            print("# " + line)
    sys.stdout.flush()


def roc_auc_score(labels, scores):
    """The share of (positive, negative) pairs ranked the right way, ties counting half."""
    pos = [s for l, s in zip(labels, scores) if l == 1]
    neg = [s for l, s in zip(labels, scores) if l == 0]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def cli(*args):
    return subprocess.run([CLI] + list(args), capture_output=True, text=True, timeout=240)


def generate(tmp, name, *extra):
    store = os.path.join(tmp, name + ".db")
    proc = cli("generate", "--schema", SCHEMA, "--provider", "copula", "--rows", "1500", "--seed", "3",
               "--reference", STAYS, "--store", store, "-o", os.path.join(tmp, name + ".csv"), *extra)
    return store, proc


def holdout_of(store):
    shown = cli("runs", "show", "1", "--store", store).stdout
    params = [l for l in shown.splitlines() if l.strip().startswith("parameters")]
    return json.loads(params[0].split(None, 1)[1]).get("holdout") if params else None, shown


def main():
    with open(STAYS, newline="") as f:
        rows = list(csv.DictReader(f))
    # a row without the outcome cannot test a model
    northeast = [i for i, r in enumerate(rows) if r["hospital_region"] == "Northeast" and r["hospital_mortality"] != ""]

    with tempfile.TemporaryDirectory() as tmp:
        # the default: 20 % held out when a reference and a binary target allow it
        store, proc = generate(tmp, "default")
        holdout, shown = holdout_of(store)
        ok(proc.returncode == 0 and holdout is not None and holdout["fraction"] == 0.2 and holdout["sites"] == [],
           "a run with a reference holds out 20 % by default", proc.stderr + shown)
        ok(holdout is not None and abs(holdout["rows"] - 0.2 * len(rows)) <= 8,
           "about a fifth of the reference rows", holdout)
        ok("20 % of the reference rows by outcome and site" in shown, "runs show says so in words", shown)
        store0, proc = generate(tmp, "none", "--holdout-fraction", "0")
        ok(proc.returncode == 0 and holdout_of(store0)[0] is None, "--holdout-fraction 0 keeps none",
           proc.stderr)

        # the cross-hospital experiment
        store, proc = generate(tmp, "northeast", "--holdout-sites", "Northeast")
        ok(proc.returncode == 0, "a copula run with the Northeast region held out", proc.stderr)
        report = os.path.join(tmp, "report.json")
        proc = cli("report", "--real", STAYS, "--run", "1", "--store", store, "-o", report)
        ok(proc.returncode == 0 and os.path.exists(report), "report writes JSON", proc.stderr)
        doc = json.load(open(report)) if os.path.exists(report) else {}
        utility = doc.get("utility", {})
        split = utility.get("split", {})
        ok(doc.get("utility_set") == "Run 1 (copula)", "the utility section names its set", doc.get("utility_set"))
        ok(split.get("holdout_rows") == northeast and split.get("sites") == ["Northeast"]
           and split.get("generator_saw_holdout") is False,
           "it tests on exactly the Northeast rows with an outcome, which the generator never saw",
           (len(split.get("holdout_rows", [])), len(northeast), split.get("sites")))

        predictions = os.path.join(tmp, "predictions.csv")
        proc = cli("evaluate", "--run", "1", "--store", store, "--predictions", predictions, "--json",
                   os.path.join(tmp, "evaluate.json"))
        ok(proc.returncode == 0, "evaluate --run writes the predictions", proc.stderr)
        with open(predictions, newline="") as f:
            pred = list(csv.DictReader(f))
        labels = [int(p["label"]) for p in pred]
        for model in ("tstr", "trtr"):
            reference = roc_auc_score(labels, [float(p[model]) for p in pred])
            mine = utility.get("utility", {}).get(model, {}).get("auroc")
            ok(mine is not None and abs(mine - reference) < 1e-9,
               "the report's %s AUROC is the Mann-Whitney count on the holdout" % model.upper(), (mine, reference))
        sites = {s["site"]: s for s in utility.get("sites", [])}
        ne = sites.get("Northeast", {})
        loso = roc_auc_score(labels, [float(p["loso_trtr"]) for p in pred])
        ok(ne.get("loso_trtr") and abs(ne["loso_trtr"]["auroc"] - loso) < 1e-9
           and ne["loso_trtr"]["auroc_ci"][0] < loso < ne["loso_trtr"]["auroc_ci"][1],
           "with the leave-one-site-out ceiling and its interval", (ne.get("loso_trtr"), loso))

        html = os.path.join(tmp, "report.html")
        proc = cli("report", "--real", STAYS, "--run", "1", "--store", store, "-o", html)
        text = open(html).read() if os.path.exists(html) else ""
        ok(proc.returncode == 0 and "Utility: Trained on Synthetic, Tested on Real" in text
           and "A model trained on the synthetic records ranks real patients with AUROC" in text
           and "In Northeast, the synthetic-trained model reaches AUROC" in text,
           "the HTML report has the utility section with its sentences", proc.stderr)

        proc = cli("report", "--real", STAYS, "--run", "1", "--store", store, "--sections", "summary",
                   "-o", os.path.join(tmp, "summary.json"))
        ok(proc.returncode == 0 and "utility" not in json.load(open(os.path.join(tmp, "summary.json"))),
           "--sections without utility leaves it out", proc.stderr)

        # a CSV from elsewhere: a split made the same way, which the generator may have seen
        proc = cli("report", "--real", STAYS, "--synthetic", os.path.join(tmp, "northeast.csv"), "--schema", SCHEMA,
                   "-o", os.path.join(tmp, "csv.json"))
        other = json.load(open(os.path.join(tmp, "csv.json"))) if proc.returncode == 0 else {}
        ok(other.get("utility", {}).get("split", {}).get("generator_saw_holdout") is True,
           "a CSV set is tested on a fresh split, said to be possibly seen", proc.stderr)
    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
