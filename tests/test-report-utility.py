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


def close(a, b):
    return a is not None and b is not None and abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(b)))


def check_data_csv(tmp, store, evaluate_json):
    """report --with-data: the metrics CSV's utility, privacy and validity lines hold the
    numbers evaluate --json gives for the same run."""
    html = os.path.join(tmp, "data.html")
    proc = cli("report", "--real", STAYS, "--run", "1", "--store", store, "--with-data", "-o", html)
    path = os.path.join(tmp, "data.csv")
    ok(proc.returncode == 0 and os.path.exists(path), "report --with-data writes the metrics CSV", proc.stderr)
    if not os.path.exists(path) or not os.path.exists(evaluate_json):
        return
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        raw = list(reader)
    rows = [dict(zip(header, r)) for r in raw]
    ok(header[-7:] == ["section", "measure", "scope", "value", "ci_low", "ci_high", "n"]
       and all(len(r) == len(header) for r in raw),
       "every line has the feature columns and section, measure, scope, value, ci_low, ci_high, n", header)
    ev = json.load(open(evaluate_json))
    lines = {}
    for r in rows:
        lines[(r["section"], r["measure"], r["scope"], r["feature"])] = r

    def find(section, measure, scope="", feature=""):
        return lines.get((section, measure, scope, feature))

    def same_block(section, prefix, scope, block):
        problems = []
        if block is None:
            return [] if find(section, prefix + ".auroc", scope) is None else ["%s %s: a line for no block" % (prefix, scope)]
        for key in ("auroc", "auprc", "brier"):
            r = find(section, "%s.%s" % (prefix, key), scope)
            if (r is None or not close(r["value"], block[key]) or not close(r["ci_low"], block[key + "_ci"][0])
                    or not close(r["ci_high"], block[key + "_ci"][1]) or int(r["n"]) != block["n"]):
                problems.append("%s.%s %s: %r against %r" % (prefix, key, scope, r, block))
        r = find(section, prefix + ".positives", scope)
        if r is None or int(float(r["value"])) != block["positives"]:
            problems.append("%s.positives %s" % (prefix, scope))
        return problems

    problems = []
    for model in ("trtr", "tstr", "tsts"):
        problems += same_block("utility", "utility." + model, "", ev["utility"][model])
    r = find("utility", "utility.tstr_over_trtr")
    if r is None or not close(r["value"], ev["utility"]["tstr_over_trtr"]):
        problems.append("tstr_over_trtr")
    ok(not problems and rows and rows[-1]["set"] != "",
       "TRTR, TSTR and TSTS with their intervals are the CSV lines of evaluate --json's numbers", "\n".join(problems))

    problems = []
    for s in ev["sites"]:
        for model in ("tstr", "trtr", "loso_trtr"):
            problems += same_block("utility", "sites." + model, s["site"], s[model])
        r = find("utility", "sites.holdout_rows", s["site"])
        if r is None or int(float(r["value"])) != s["holdout_rows"]:
            problems.append("sites.holdout_rows %s" % s["site"])
    ok(ev["sites"] and not problems, "per site: TSTR, TRTR and the leave-one-site-out ceiling with intervals (%s)"
       % ", ".join(s["site"] for s in ev["sites"]), "\n".join(problems))

    problems = []
    for s in ev["subgroups"]:
        scope = "%s=%s" % (s["column"], s["level"])
        for model in ("tstr", "trtr"):
            problems += same_block("utility", "subgroups." + model, scope, s[model])
        r = find("utility", "subgroups.rows", scope)
        if r is None or int(float(r["value"])) != s["rows"]:
            problems.append("subgroups.rows %s" % scope)
    ok(len(ev["subgroups"]) >= 2 and not problems, "per subgroup (%d levels)" % len(ev["subgroups"]),
       "\n".join(problems))

    problems = []
    for side in ("real", "synthetic"):
        for g in ev["importance"][side]:
            r = find("utility", "importance.%s.gain" % side, "", g["feature"])
            if r is None or not close(r["value"], g["gain"]):
                problems.append("gain %s %s" % (side, g["feature"]))
        for o in ev["replication"][side] or []:
            r = find("utility", "replication.%s.odds_ratio" % side, "", o["term"])
            if (r is None or not close(r["value"], o["odds_ratio"]) or not close(r["ci_low"], o["ci"][0])
                    or not close(r["pvalue"], o["pvalue"])):
                problems.append("odds ratio %s %s" % (side, o["term"]))
    for c in ev["multicentre"]:
        for key in ("mean_ks", "mean_tvd", "mean_abs_delta_pearson"):
            r = find("utility", "multicentre." + key, c["site"])
            e = find("utility", "multicentre.site_effect." + key, c["site"])
            if r is None or e is None or not close(r["value"], c[key]) or not close(e["value"], c["site_effect"][key]):
                problems.append("multicentre %s %s" % (c["site"], key))
    ok(not problems, "importances, odds ratios with p-values and the multi-centre distances too",
       "\n".join(problems))

    p = ev["privacy"]
    want = {"exact_copies.synthetic": p["exact_copies"]["synthetic"], "exact_copies.holdout": p["exact_copies"]["holdout"],
            "dcr.synthetic.p5": p["dcr"]["synthetic"]["p5"], "dcr.synthetic.median": p["dcr"]["synthetic"]["median"],
            "dcr.holdout.p5": p["dcr"]["holdout"]["p5"], "dcr.holdout.median": p["dcr"]["holdout"]["median"],
            "dcr.share_closer_to_training": p["dcr"]["share_closer_to_training"],
            "nndr.synthetic.median": p["nndr"]["synthetic"]["median"],
            "membership.auroc": p["membership"]["auroc"], "membership.advantage": p["membership"]["advantage"]}
    problems = ["%s: %r against %r" % (k, (find("privacy", k) or {}).get("value"), v)
                for k, v in want.items() if not close((find("privacy", k) or {}).get("value"), v)]
    auroc = find("privacy", "membership.auroc") or {}
    if not (close(auroc.get("ci_low"), p["membership"]["auroc_ci"][0])
            and close(auroc.get("ci_high"), p["membership"]["auroc_ci"][1])):
        problems.append("membership interval")
    ok(not problems, "the privacy lines are evaluate's, measured on the holdout the run kept", "\n".join(problems))

    problems = []
    for rule in ev["validity"]["rules"]:
        for key in ("real_violations", "synthetic_violations"):
            r = find("validity", "rules." + key, rule["name"])
            if r is None or int(float(r["value"])) != rule[key]:
                problems.append("%s %s" % (rule["name"], key))
        r = find("validity", "rules.doubtful", rule["name"])
        if r is None or int(float(r["value"])) != int(rule["doubtful"]):
            problems.append("%s doubtful" % rule["name"])
    for key, value in ev["validity"]["invalid"].items():
        r = find("validity", "invalid." + key)
        if r is None or int(float(r["value"])) != value:
            problems.append("invalid " + key)
    ok(len(ev["validity"]["rules"]) >= 6 and not problems,
       "each of the %d rules' violations and the invalid cells by reason" % len(ev["validity"]["rules"]),
       "\n".join(problems))


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

        check_data_csv(tmp, store, os.path.join(tmp, "evaluate.json"))

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
