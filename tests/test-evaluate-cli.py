#!/usr/bin/python3
"""End-to-end tests of facsimile-cli evaluate, printed as TAP.

Expected values come from tests/fixtures/eval/make-fixtures.py (XGBoost's Python
package, scikit-learn, statsmodels), not from Facsimile.  Only the Python standard
library is needed to run these tests.
"""

import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

from fxtest import CLI, FAKE, SRC, ok, plan

FIXTURES = os.path.join(SRC, "fixtures", "eval")
REAL = os.path.join(FIXTURES, "real.csv")
SYNTHETIC = os.path.join(FIXTURES, "synthetic.csv")
SCHEMA = os.path.join(FIXTURES, "schema.json")
KEY = "sk-test-evaluate-0000"


def run(*args):
    proc = subprocess.run([CLI, "evaluate"] + list(args), capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def close(a, b, tolerance=1e-6):
    return a is not None and b is not None and abs(a - b) <= tolerance


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_results(tmp, expected):
    out = os.path.join(tmp, "out.json")
    pred = os.path.join(tmp, "pred.csv")
    code, stdout, stderr = run("--real", REAL, "--synthetic", SYNTHETIC, "--schema", SCHEMA,
                               "--seed", "11", "--inputs", ",".join(expected["inputs"]),
                               "--json", out, "--predictions", pred)
    ok(code == 0, "evaluate runs", stderr)
    if code != 0:
        return
    ok("TSTR" in stdout and "leave-one-site-out" in stdout and "ranks real patients with AUROC" in stdout,
       "the text summary names the protocols", stdout)
    with open(out) as f:
        got = json.load(f)
    ok(list(got) == ["split", "utility", "sites", "subgroups", "subgroup_gaps", "importance", "replication",
                     "multicentre", "site_shares_tvd", "privacy", "validity"], "top-level keys", list(got))
    split = got["split"]
    ok(sorted(split) == sorted(["seed", "fraction", "sites", "holdout_rows", "generator_saw_holdout"]),
       "split keys", sorted(split))
    ok(split["holdout_rows"] == expected["holdout_rows"], "holdout rows as the documented split gives them")
    ok(split["generator_saw_holdout"] is True and split["seed"] == 11 and split["fraction"] == 0.2,
       "a CSV synthetic table may have seen the holdout", split)
    utility = got["utility"]
    ok(sorted(utility) == sorted(["target", "trtr", "tstr", "tsts", "tstr_over_trtr"]), "utility keys")
    block_keys = ["n", "positives", "auroc", "auroc_ci", "auprc", "auprc_ci", "brier", "brier_ci"]
    for name in ("trtr", "tstr", "tsts"):
        block, want = utility[name], expected[name]
        ok(list(block) == block_keys, "%s block keys" % name, list(block))
        good = all(close(block[k], want[k]) for k in ("auroc", "auprc", "brier")) and \
            all(close(block[k][i], want[k][i]) for k in ("auroc_ci", "auprc_ci", "brier_ci") for i in (0, 1))
        ok(good, "%s scores and intervals equal the references" % name, (block, want))
    ok(close(utility["tstr_over_trtr"], expected["tstr"]["auroc"] / expected["trtr"]["auroc"]), "TSTR/TRTR")
    sites = got["sites"]
    ok([s["site"] for s in sites] == [s["site"] for s in expected["sites"]] and
       all(sorted(s) == sorted(["site", "holdout_rows", "tstr", "trtr", "loso_trtr"]) for s in sites),
       "site entries", sites)
    ok(all(close(a["loso_trtr"]["auroc"], b["loso_trtr"]["auroc"]) for a, b in zip(sites, expected["sites"])
           if b["loso_trtr"] is not None), "leave-one-site-out AUROC per site")
    ok(all(sorted(s) == sorted(["column", "level", "rows", "tstr", "trtr"]) for s in got["subgroups"]),
       "subgroup entries")
    imp = got["importance"]
    ok(sorted(imp) == sorted(["real", "synthetic", "rank_correlation"]) and len(imp["real"]) == 10 and
       list(imp["real"][0]) == ["feature", "gain"], "importance keys")
    ok(close(imp["rank_correlation"], expected["rank_correlation"], 1e-9), "Spearman correlation of the gains")
    rep = got["replication"]
    ok(rep["inputs"] == expected["inputs"] and
       all(close(a["odds_ratio"], b["odds_ratio"]) and close(a["pvalue"], b["pvalue"]) and
           close(a["ci"][0], b["ci"][0]) and close(a["ci"][1], b["ci"][1]) and a["term"] == b["term"]
           for a, b in zip(rep["real"], expected["replication_real"])) and
       len(rep["real"]) == len(expected["replication_real"]),
       "odds ratios equal statsmodels Logit", rep["real"])
    ok(all(sorted(c) == sorted(["site", "real_rows", "synthetic_rows", "mean_ks", "mean_tvd",
                                "mean_abs_delta_pearson", "site_effect"]) for c in got["multicentre"])
       and len(got["multicentre"]) == 4, "multi-centre entries")

    rows = read_rows(pred)
    ok(rows[0] == ["row", "site", "label", "trtr", "tstr", "loso_trtr"], "predictions header", rows[0])
    body = rows[1:]
    ok([int(r[0]) for r in body] == expected["holdout_rows"], "a prediction per holdout row")
    ok(all(close(float(r[3]), e) for r, e in zip(body, expected["trtr_predictions"])) and
       all(close(float(r[4]), e) for r, e in zip(body, expected["tstr_predictions"])) and
       all((r[5] == "" and e is None) or close(float(r[5]), e)
           for r, e in zip(body, expected["loso_predictions"])),
       "predictions equal XGBoost's Python package")


def test_json_stdout(tmp):
    code, stdout, stderr = run("--real", REAL, "--synthetic", SYNTHETIC, "--schema", SCHEMA,
                               "--holdout-sites", "Northeast", "--rounds", "5", "--json", "-")
    good = code == 0
    if good:
        got = json.loads(stdout)
        good = got["split"]["sites"] == ["Northeast"] and got["split"]["fraction"] is None and \
            [s["site"] for s in got["sites"]] == ["Northeast"]
    ok(good, "--json - prints only JSON; whole sites held out", stderr or stdout[:400])


def bad(tmp, name, args, words):
    out = os.path.join(tmp, "bad.json")
    if os.path.exists(out):
        os.unlink(out)
    code, stdout, stderr = run(*args, "--json", out)
    good = code == 2 and all(w in stderr for w in words) and not os.path.exists(out)
    ok(good, "bad input: " + name, "exit %d: %s" % (code, stderr))


def test_bad_inputs(tmp):
    with open(SCHEMA) as f:
        schema = json.load(f)
    no_target = dict(schema)
    del no_target["target"]
    path_no_target = os.path.join(tmp, "no-target.json")
    with open(path_no_target, "w") as f:
        json.dump(no_target, f)
    not_binary = dict(schema, target="age")
    path_not_binary = os.path.join(tmp, "not-binary.json")
    with open(path_not_binary, "w") as f:
        json.dump(not_binary, f)

    rows = read_rows(SYNTHETIC)
    col = rows[0].index("hospital_mortality")
    few = [rows[0]] + [r for r in rows[1:] if r[col] == "0"] + [r for r in rows[1:] if r[col] == "1"][:5]
    path_few = os.path.join(tmp, "few.csv")
    write_rows(path_few, few)
    no_col = [[c for i, c in enumerate(r) if i != col] for r in rows]
    path_no_col = os.path.join(tmp, "no-target.csv")
    write_rows(path_no_col, no_col)

    base = ["--real", REAL, "--synthetic", SYNTHETIC, "--schema", SCHEMA]
    bad(tmp, "no target", ["--real", REAL, "--synthetic", SYNTHETIC, "--schema", path_no_target],
        ["no target"])
    bad(tmp, "a target that is not binary", ["--real", REAL, "--synthetic", SYNTHETIC, "--schema", path_not_binary],
        ["“age” is not binary"])
    bad(tmp, "fewer than 10 rows of a class", ["--real", REAL, "--synthetic", path_few, "--schema", SCHEMA],
        ["synthetic table has 5 rows with target 1", "at least 10"])
    bad(tmp, "a holdout too small for a class", base + ["--holdout-fraction", "0.01"],
        ["holdout has", "at least 10"])
    bad(tmp, "an unknown site", base + ["--holdout-sites", "Atlantis"], ["unknown site “Atlantis”", "Northeast"])
    bad(tmp, "a synthetic table without the target", ["--real", REAL, "--synthetic", path_no_col, "--schema", SCHEMA],
        ["synthetic table has no column “hospital_mortality”"])
    bad(tmp, "a fraction out of range", base + ["--holdout-fraction", "1.5"], ["between 0 and 1"])
    code, _, stderr = run(*base, "--predictions", REAL)
    ok(code == 2 and "is an input" in stderr, "an output never overwrites an input", stderr)


def test_run(tmp):
    reference = os.path.join(tmp, "reference.csv")
    store = os.path.join(tmp, "store.db")
    with open(REAL) as f, open(reference, "w") as g:
        g.write(f.read())
    proc = subprocess.run([CLI, "generate", "--schema", SCHEMA, "--provider", "copula", "--rows", "1500",
                           "--reference", reference, "--seed", "5", "--store", store,
                           "-o", os.path.join(tmp, "run.csv")], capture_output=True, text=True)
    ok(proc.returncode == 0, "a copula run with a reference table", proc.stderr)
    out = os.path.join(tmp, "run.json")
    code, _, stderr = run("--run", "1", "--store", store, "--rounds", "5", "--json", out)
    good = code == 0
    if good:
        with open(out) as f:
            got = json.load(f)
        good = got["split"]["seed"] == 5 and got["utility"]["tstr"]["n"] == len(got["split"]["holdout_rows"])
    ok(good, "--run reads the run's rows, schema, reference and seed", stderr)
    with open(reference, "a") as f:
        f.write(open(REAL).read().splitlines()[1] + "\n")
    code, _, stderr = run("--run", "1", "--store", store, "--rounds", "5")
    ok(code == 2 and "has changed since run 1 used it" in stderr, "--run refuses a changed reference table", stderr)
    code, _, stderr = run("--run", "x1", "--store", store)
    ok(code == 2 and "run’s number" in stderr, "--run takes a number", stderr)


def generate(tmp, name, reference, *extra):
    out = os.path.join(tmp, name + ".csv")
    proc = subprocess.run([CLI, "generate", "--schema", SCHEMA, "--provider", "copula", "--rows", "800",
                           "--reference", reference, "--seed", "11", "--store", os.path.join(tmp, name + ".db"),
                           "-o", out] + list(extra), capture_output=True, text=True)
    if proc.returncode != 0:
        return None, proc.stderr
    with open(out) as f:
        return f.read(), proc.stderr


def statistics_prompt(tmp, name, url, reference, *extra):
    """The first prompt a statistics-strategy run sends, from the run's store."""
    store = os.path.join(tmp, name + ".db")
    env = {k: v for k, v in os.environ.items() if not k.endswith("API_KEY")}
    env["OPENAI_API_KEY"] = KEY
    env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(tmp, "no-bus")
    proc = subprocess.run([CLI, "generate", "--schema", SCHEMA, "--provider", "openai", "--model", "fake-large",
                           "--base-url", url, "--strategy", "statistics", "--rows", "5", "--batch-rows", "5",
                           "--concurrency", "1", "--reference", reference, "--seed", "11", "--store", store,
                           "-o", os.path.join(tmp, name + ".csv")] + list(extra),
                          capture_output=True, text=True, env=env, timeout=120)
    if not os.path.exists(store):
        return None, proc.stderr
    db = sqlite3.connect(store)
    row = db.execute("SELECT prompt FROM requests ORDER BY id LIMIT 1").fetchone()
    db.close()
    return (row[0] if row else None), proc.stderr


def test_generate_holdout(tmp, expected):
    # a reference whose holdout rows (seed 11, 20 %, as expected.json lists them) say
    # something else; the target and the site, which choose the rows, stay
    rows = read_rows(REAL)
    header = rows[0]
    changed = [header] + [list(r) for r in rows[1:]]
    for r in expected["holdout_rows"]:
        changed[r + 1][header.index("age")] = "20"
        changed[r + 1][header.index("apache_score")] = "150"
        changed[r + 1][header.index("unit_type")] = "CTICU"
    other = os.path.join(tmp, "changed-holdout.csv")
    write_rows(other, changed)

    a, err_a = generate(tmp, "a", REAL, "--holdout-fraction", "0.2")
    b, err_b = generate(tmp, "b", other, "--holdout-fraction", "0.2")
    ok(a is not None and a == b, "the copula fit never sees the holdout: changing its rows changes nothing",
       err_a + err_b)
    c, _ = generate(tmp, "c", REAL, "--holdout-fraction", "0")
    d, _ = generate(tmp, "d", other, "--holdout-fraction", "0")
    ok(c is not None and c != d, "without a holdout the same change shows in the rows")
    e, err_e = generate(tmp, "e", other)
    ok(e is not None and e == b, "a run with a reference holds out 20 % by default", err_e)

    fake = subprocess.Popen([FAKE, "--key", KEY], stdout=subprocess.PIPE, text=True)
    try:
        url = fake.stdout.readline().strip()
        pa, err_a = statistics_prompt(tmp, "pa", url, REAL, "--holdout-fraction", "0.2")
        pb, err_b = statistics_prompt(tmp, "pb", url, other, "--holdout-fraction", "0.2")
        ok(pa is not None and pa == pb and "age" in pa,
           "the statistics prompt never sees the holdout: changing its rows changes nothing", err_a + err_b)
        pc, _ = statistics_prompt(tmp, "pc", url, REAL, "--holdout-fraction", "0")
        pd, _ = statistics_prompt(tmp, "pd", url, other, "--holdout-fraction", "0")
        ok(pc is not None and pc != pd, "without a holdout the same change shows in the prompt")
    finally:
        fake.terminate()
        fake.wait()

    out = os.path.join(tmp, "held.json")
    code, _, stderr = run("--run", "1", "--store", os.path.join(tmp, "a.db"), "--rounds", "5", "--json", out)
    good = code == 0
    if good:
        with open(out) as f:
            split = json.load(f)["split"]
        good = split["holdout_rows"] == expected["holdout_rows"] and split["generator_saw_holdout"] is False
    ok(good, "evaluate --run tests on the holdout the run kept", stderr)
    code, _, stderr = run("--run", "1", "--store", os.path.join(tmp, "a.db"), "--seed", "3")
    ok(code == 2 and "kept its own holdout" in stderr, "a run's own holdout is not overridden", stderr)
    _, err = generate(tmp, "e", REAL, "--holdout-sites", "Atlantis")
    ok(err is not None and "unknown site “Atlantis”" in err, "generate names an unknown site", err)


def main():
    with open(os.path.join(FIXTURES, "expected.json")) as f:
        expected = json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        test_results(tmp, expected)
        test_json_stdout(tmp)
        test_bad_inputs(tmp)
        test_run(tmp)
        test_generate_holdout(tmp, expected)
    return plan()


if __name__ == "__main__":
    sys.exit(main())
