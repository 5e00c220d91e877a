#!/usr/bin/python3
"""A leak shows, a copula run does not (TAP).

tests/fixtures/privacy-leak/leak.csv is what make-leak.py (pandas, NumPy) writes beside
it from the bundled example and split.json: 1,500 rows of the training part of a copula
run's split (20 %, seed 1), 5 % of them copied verbatim and the others barely changed.
This test makes that copula run again (1,500 rows, seed 1), checks that it keeps the
same holdout, runs `evaluate` on the run and on the leak, and asserts that the leak
shows (exact copies, attack AUROC, share closer to training) and the copula does not.
A report of both sets side by side gives the same numbers per set.  When a Python with
pandas and NumPy is at hand, the fixture is made again and must come out the same.
Only the Python standard library is needed otherwise.
"""

import csv
import filecmp
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
LEAK_DIR = os.path.join(SRC, "fixtures", "privacy-leak")
LEAK = os.path.join(LEAK_DIR, "leak.csv")

results = []


def ok(passed, name, diagnostics=""):
    results.append(bool(passed))
    print("%s %d - %s" % ("ok" if passed else "not ok", len(results), name))
    if not passed and diagnostics:
        for line in str(diagnostics).splitlines()[:20]:
            print("# " + line)
    sys.stdout.flush()


def cli(*args):
    return subprocess.run([CLI] + list(args), capture_output=True, text=True, timeout=300)


def python_with_pandas():
    for exe in (sys.executable, "/usr/bin/python3"):
        if exe and os.path.exists(exe) and subprocess.run(
                [exe, "-c", "import numpy, pandas"], capture_output=True).returncode == 0:
            return exe
    return None


def main():
    split = json.load(open(os.path.join(LEAK_DIR, "split.json")))["split"]
    with open(LEAK, newline="") as f:
        leak_rows = list(csv.reader(f))[1:]
    with open(STAYS, newline="") as f:
        real_rows = list(csv.reader(f))[1:]

    with tempfile.TemporaryDirectory() as tmp:
        python = python_with_pandas()
        if python is None:
            print("# no Python with pandas and NumPy: the fixture is not made again")
        else:
            again = os.path.join(tmp, "leak.csv")
            proc = subprocess.run([python, os.path.join(LEAK_DIR, "make-leak.py"), "--real", STAYS, "--schema", SCHEMA,
                                   "--split", os.path.join(LEAK_DIR, "split.json"), "--rows", "1500", "-o", again],
                                  capture_output=True, text=True, timeout=120)
            ok(proc.returncode == 0 and filecmp.cmp(again, LEAK, shallow=False),
               "make-leak.py makes the fixture again, byte for byte", proc.stderr + proc.stdout)

        # the fixture's own promise, read with the csv module
        held = set(split["holdout_rows"])
        training = {tuple(r) for i, r in enumerate(real_rows) if i not in held}
        holdout = {tuple(r) for i, r in enumerate(real_rows) if i in held}
        copies = sum(1 for r in leak_rows if tuple(r) in training)
        ok(len(leak_rows) == 1500 and copies == 75 and not any(tuple(r) in holdout for r in leak_rows),
           "the leak has 1500 rows, 75 of them training rows verbatim, none a holdout row", (len(leak_rows), copies))

        store = os.path.join(tmp, "runs.db")
        proc = cli("generate", "--schema", SCHEMA, "--provider", "copula", "--rows", "1500", "--seed", "1",
                   "--reference", STAYS, "--store", store, "-o", os.path.join(tmp, "copula.csv"))
        ok(proc.returncode == 0, "a copula run of the same size (1500 rows, 20 % held out, seed 1)", proc.stderr)
        copula_json = os.path.join(tmp, "copula.json")
        proc = cli("evaluate", "--run", "1", "--store", store, "--json", copula_json)
        copula = json.load(open(copula_json)) if proc.returncode == 0 else {}
        ok(copula.get("split", {}).get("holdout_rows") == split["holdout_rows"],
           "the run keeps the holdout the leak was made around", proc.stderr)

        leak_json = os.path.join(tmp, "leak.json")
        proc = cli("evaluate", "--real", STAYS, "--synthetic", LEAK, "--schema", SCHEMA, "--seed", "1",
                   "--json", leak_json)
        leak = json.load(open(leak_json)) if proc.returncode == 0 else {}
        ok(leak.get("split", {}).get("holdout_rows") == split["holdout_rows"],
           "evaluate on the leak's CSV splits the same way (20 %, seed 1)", proc.stderr)

        lp, cp = leak.get("privacy", {}), copula.get("privacy", {})
        if not lp or not cp:
            ok(False, "both evaluations measure privacy")
        else:
            ok(abs(lp["exact_copies"]["synthetic"] - 0.05) < 1e-12 and lp["exact_copies"]["holdout"] == 0,
               "leak: 5 % of its rows are exact copies (holdout rows: 0 %)", lp["exact_copies"])
            ok(lp["membership"]["auroc"] > 0.75 and lp["membership"]["auroc_ci"][0] > 0.7,
               "leak: the membership attack's AUROC %.3f (%.3f to %.3f) is well above 0.5"
               % (lp["membership"]["auroc"], *lp["membership"]["auroc_ci"]), lp["membership"])
            ok(lp["dcr"]["share_closer_to_training"] > 0.6,
               "leak: %.1f %% of its rows are closer to training than to holdout"
               % (100 * lp["dcr"]["share_closer_to_training"]), lp["dcr"])
            ok(cp["exact_copies"]["synthetic"] == 0, "copula: no exact copies", cp["exact_copies"])
            ok(cp["membership"]["auroc_ci"][0] < 0.5 < cp["membership"]["auroc_ci"][1]
               and abs(cp["membership"]["auroc"] - 0.5) < 0.05,
               "copula: the attack's AUROC %.3f (%.3f to %.3f) is chance"
               % (cp["membership"]["auroc"], *cp["membership"]["auroc_ci"]), cp["membership"])
            ok(abs(cp["dcr"]["share_closer_to_training"] - 0.5) < 0.05,
               "copula: %.1f %% closer to training, about half" % (100 * cp["dcr"]["share_closer_to_training"]),
               cp["dcr"])

        # both side by side in one report, as the README shows
        report = os.path.join(tmp, "both.json")
        proc = cli("report", "--real", STAYS, "--run", "1", "--store", store, "--synthetic", LEAK,
                   "--label", "Copula run", "--label", "Leak (5 % verbatim)", "--seed", "1", "-o", report)
        sets = {s["label"]: s for s in json.load(open(report))["sets"]} if proc.returncode == 0 else {}
        ok(sets.get("Copula run", {}).get("privacy") == cp and sets.get("Leak (5 % verbatim)", {}).get("privacy") == lp,
           "a report of both gives each set's privacy as evaluate does", proc.stderr or list(sets))
        html = os.path.join(tmp, "both.html")
        proc = cli("report", "--real", STAYS, "--run", "1", "--store", store, "--synthetic", LEAK,
                   "--label", "Copula run", "--label", "Leak (5 % verbatim)", "--seed", "1",
                   "--sections", "summary,privacy", "-o", html)
        text = open(html).read() if proc.returncode == 0 else ""
        ok("The synthetic records are no closer to the patients they were made from than to new patients." in text
           and "The synthetic records are closer to the patients they were made from than to new patients." in text,
           "its privacy section says so of each in a sentence", proc.stderr)

    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
