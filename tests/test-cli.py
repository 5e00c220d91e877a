#!/usr/bin/python3
"""End-to-end tests of facsimile-cli, printed as TAP.

The expected comparison results in tests/fixtures/cli/ were computed by SciPy/pandas
(bench/reference.py, run by tests/fixtures/cli/make-fixtures.sh), not by Facsimile.
Only the Python standard library is needed to run these tests.
"""

import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

from fxtest import CLI, FIXTURES, SCHEMA, STAYS, ok, plan, results, write


# metric -> (tolerance, mode); the bounds for KS, tight ones for the rest
TOLERANCES = {
    ("ks", "statistic"): (1e-12, "abs"),
    ("ks", "pvalue"): (1e-6, "abs"),
    ("chi2", "statistic"): (1e-9, "rel"),
    ("chi2", "pvalue"): (1e-6, "abs"),
    ("wasserstein",): (1e-9, "rel"),
    ("tvd",): (1e-12, "abs"),
    ("kl",): (1e-12, "abs"),
    ("js",): (1e-12, "abs"),
    ("pvalue_adjusted",): (1e-6, "abs"),
}
CORRELATION_TOLERANCE = 1e-10


def run(*args, cwd=None):
    proc = subprocess.run([CLI] + list(args), capture_output=True, text=True, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def close(a, b, tolerance, mode):
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    d = abs(a - b)
    if mode == "rel":
        d /= max(abs(a), abs(b))
    return d <= tolerance


def dig(obj, path):
    for key in path:
        if obj is None:
            return None
        obj = obj.get(key)
    return obj


def compare_with_reference(got, expected):
    """Returns a list of mismatches between Facsimile's JSON and the reference's."""
    bad = []
    for key in ("real_rows", "synthetic_rows"):
        if got[key] != expected[key]:
            bad.append("%s: %r vs %r" % (key, got[key], expected[key]))
    gf = {f["name"]: f for f in got["features"]}
    if [f["name"] for f in got["features"]] != [f["name"] for f in expected["features"]]:
        bad.append("feature lists differ")
    for ef in expected["features"]:
        f = gf.get(ef["name"])
        if f is None:
            continue
        for key in ("kind", "real_missing", "synthetic_missing"):
            if f[key] != ef[key]:
                bad.append("%s.%s: %r vs %r" % (ef["name"], key, f[key], ef[key]))
        if "chi2" in ef and ef["chi2"] is not None and f.get("chi2") is not None:
            if f["chi2"]["dof"] != ef["chi2"]["dof"]:
                bad.append("%s.chi2.dof" % ef["name"])
        for path, (tol, mode) in TOLERANCES.items():
            if dig(ef, path[:1]) is None and path[0] not in ef:
                continue
            a, b = dig(f, path), dig(ef, path)
            if not close(a, b, tol, mode):
                bad.append("%s.%s: %r vs %r" % (ef["name"], ".".join(path), a, b))
    for name in ("pearson", "spearman", "cramers_v", "correlation_ratio"):
        g, e = got["correlation"][name], expected["correlation"][name]
        if g["columns"] != e["columns"] or g.get("rows") != e.get("rows"):
            bad.append("correlation.%s labels differ" % name)
            continue
        for side in ("real", "synthetic"):
            for i, (grow, erow) in enumerate(zip(g[side], e[side])):
                for j, (a, b) in enumerate(zip(grow, erow)):
                    if not close(a, b, CORRELATION_TOLERANCE, "abs"):
                        bad.append("correlation.%s.%s[%d][%d]: %r vs %r" % (name, side, i, j, a, b))
    return bad


def test_reference(n):
    path = os.path.join(FIXTURES, "cli", "synthetic-%d.csv" % n)
    with open(os.path.join(FIXTURES, "cli", "expected-%d.json" % n)) as f:
        expected = json.load(f)
    code, out, err = run("compare", "--real", STAYS, "--synthetic", path, "--json", "-")
    ok(code == 0 and err == "", "compare eICU demo vs %d synthetic rows exits 0 quietly" % n, err)
    got = json.loads(out)
    bad = compare_with_reference(got, expected)
    ok(not bad, "compare eICU demo vs %d rows matches SciPy/pandas" % n, "\n".join(bad[:20]))
    methods = {f["ks"]["method"] for f in got["features"] if f.get("ks")}
    if n <= 10000:
        ok(methods == {"exact"}, "KS uses the exact distribution at n=%d" % n, methods)
    else:
        ok(methods == {"exact", "asymptotic"}, "KS switches to asymptotic above 10000 values", methods)
    return got


def test_edge_cases():
    with open(os.path.join(FIXTURES, "compare", "edge.expected.json")) as f:
        expected = json.load(f)
    code, out, err = run("compare", "--real", os.path.join(FIXTURES, "compare", "edge-real.csv"),
                         "--synthetic", os.path.join(FIXTURES, "compare", "edge-synthetic.csv"),
                         "--json", "-")
    got = json.loads(out)
    bad = compare_with_reference(got, expected)
    ok(code == 0 and not bad, "edge cases (one-element sample, constant, one-sided categories) match",
       "\n".join(bad[:20]) + err)
    ok(got["summary"]["only_in_real"] == ["only_real"] and
       got["summary"]["only_in_synthetic"] == ["only_synthetic"],
       "columns present in one file only are reported", got["summary"])
    gone = [f for f in got["features"] if f["name"] == "gone"][0]
    ok(gone["ks"] is None and gone["pvalue_adjusted"] is None and "note" in gone,
       "a feature with no synthetic values is reported untested", gone)


def test_text_output():
    code, out, err = run("compare", "--real", STAYS, "--synthetic",
                         os.path.join(FIXTURES, "cli", "synthetic-3000.csv"))
    with open(STAYS, newline="") as f:
        header = next(csv.reader(f))
    rows = [line.split()[0] for line in out.splitlines()[3:3 + len(header)]]
    ok(code == 0 and rows == header, "the text table has one row per feature, in file order",
       out[:2000] + err)
    ok("Real rows: 2520" in out and "Synthetic rows: 3000" in out, "the text table states the row counts")


def test_schema():
    code, out, err = run("compare", "--real", STAYS, "--synthetic",
                         os.path.join(FIXTURES, "cli", "synthetic-3000.csv"),
                         "--schema", SCHEMA, "--json", "-")
    got = json.loads(out) if code == 0 else None
    ok(code == 0 and got is not None, "compare with the bundled eICU schema", err)
    kinds = {f["name"]: f["kind"] for f in got["features"]}
    ok(kinds.get("hospital_id") == "categorical" and kinds.get("age") == "continuous",
       "the schema decides the kind of a feature (hospital_id is an identifier)", kinds)


def test_holdout():
    args = ["compare", "--real", STAYS, "--synthetic",
            os.path.join(FIXTURES, "cli", "synthetic-3000.csv"), "--holdout", "--json", "-"]
    code1, out1, _ = run(*args, "--seed", "5")
    code2, out2, _ = run(*args, "--seed", "5")
    code3, out3, _ = run(*args, "--seed", "6")
    a, b, c = json.loads(out1), json.loads(out2), json.loads(out3)
    ok(code1 == code2 == code3 == 0 and a == b, "the holdout baseline is reproducible with a seed")
    ok(a["holdout"]["seed"] == 5 and a["holdout"]["first_rows"] + a["holdout"]["second_rows"] == 2520
       and abs(a["holdout"]["first_rows"] - a["holdout"]["second_rows"]) <= 1,
       "the holdout splits the real rows into two halves", a["holdout"])
    ok(a["holdout"]["summary"] != c["holdout"]["summary"], "another seed gives another split")
    ages = [f for f in a["features"] if f["name"] == "age"][0]
    ok("holdout" in ages and 0 <= ages["holdout"]["ks"]["statistic"] <= 1,
       "each feature carries its holdout metrics", ages.get("holdout"))


def pandas_free_column_stats(path):
    """Per column: values as read by Python's csv module, for independent checks."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        cols = {h: [] for h in header}
        for row in reader:
            for h, v in zip(header, row):
                cols[h].append(v)
    return header, cols


def test_infer_schema(tmp):
    out_path = os.path.join(tmp, "schema.json")
    code, out, err = run("infer-schema", STAYS, "-o", out_path)
    ok(code == 0 and os.path.exists(out_path), "infer-schema writes a schema file", err)
    with open(out_path) as f:
        schema = json.load(f)
    header, cols = pandas_free_column_stats(STAYS)
    names = [f["name"] for f in schema["features"]]
    ok(schema["format"] == 1 and names == header, "the schema lists every column in order")
    bad = []
    for f in schema["features"]:
        values = [v for v in cols[f["name"]] if v != ""]
        missing = len(cols[f["name"]]) - len(values)
        if abs(f["missing_rate"] - missing / len(cols[f["name"]])) > 5e-7:
            bad.append("%s missing_rate" % f["name"])
        if f["nullable"] != (missing > 0):
            bad.append("%s nullable" % f["name"])
        try:
            nums = [float(v) for v in values]
        except ValueError:
            nums = None
        if nums is None:
            expected_type = "categorical"
        elif set(nums) <= {0.0, 1.0}:
            expected_type = "boolean"
        elif all("." not in v and "e" not in v.lower() for v in values):
            expected_type = "integer"
        else:
            expected_type = "number"
        if f["type"] != expected_type:
            bad.append("%s type %s, expected %s" % (f["name"], f["type"], expected_type))
        if expected_type in ("integer", "number"):
            if f["minimum"] != min(nums) or f["maximum"] != max(nums):
                bad.append("%s bounds" % f["name"])
        if expected_type == "categorical":
            counts = {}
            for v in values:
                counts[v] = counts.get(v, 0) + 1
            order = sorted(counts, key=lambda k: (-counts[k], k))
            if f["categories"] != order:
                bad.append("%s categories %r vs %r" % (f["name"], f["categories"], order))
            for label, freq in zip(f["categories"], f["frequencies"]):
                if abs(freq - counts[label] / len(values)) > 5e-7:
                    bad.append("%s frequency of %s" % (f["name"], label))
    ok(not bad, "inferred types, bounds, categories, frequencies and missing rates are right",
       "\n".join(bad))
    code, out, err = run("compare", "--real", STAYS, "--synthetic",
                         os.path.join(FIXTURES, "cli", "synthetic-3000.csv"), "--schema", out_path,
                         "--json", os.path.join(tmp, "result.json"))
    ok(code == 0 and os.path.exists(os.path.join(tmp, "result.json")),
       "an inferred schema can be used by compare", err)
    code, out, err = run("infer-schema", STAYS)
    ok(code == 0 and json.loads(out)["features"][0]["name"] == "hospital_id",
       "infer-schema writes to standard output without -o")


def test_bad_input(tmp):
    good = write(tmp, "good.csv", b"a,b\n1,x\n2,y\n")
    cases = [
        ("ragged row", write(tmp, "ragged.csv", b"a,b\n1,x\n2\n"), "ragged.csv:3:2:"),
        ("too many fields", write(tmp, "wide.csv", b"a,b\n1,x,9\n"), "wide.csv:2:5:"),
        ("unterminated quote", write(tmp, "quote.csv", b'a,b\n1,"x\n2,y\n'), "quote.csv:2:3:"),
        ("stray quote", write(tmp, "stray.csv", b'a,b\n1,x"y\n'), "stray.csv:2:4:"),
        ("invalid UTF-8", write(tmp, "utf8.csv", b"a,b\n1,caf\xe9\n"), "utf8.csv:2:6:"),
        ("empty file", write(tmp, "empty.csv", b""), "empty.csv:1:1: "),
        ("whitespace only", write(tmp, "blank.csv", b"\n\n  \n"), "blank.csv"),
        ("duplicate header", write(tmp, "dup.csv", b"a,b,a\n1,2,3\n"), "dup.csv:1:5:"),
        ("empty header name", write(tmp, "noname.csv", b"a,,c\n1,2,3\n"), "noname.csv:1:3:"),
        ("binary data", write(tmp, "binary.csv", b"a,b\n1,\x00\x01\x02\n"), "binary.csv:2:3:"),
        ("no such file", os.path.join(tmp, "missing.csv"), "missing.csv: "),
    ]
    for name, path, prefix in cases:
        json_out = os.path.join(tmp, "out-%s.json" % name.replace(" ", "-"))
        for role in ("real", "synthetic"):
            args = ["compare", "--real", path if role == "real" else good,
                    "--synthetic", path if role == "synthetic" else good, "--json", json_out]
            code, out, err = run(*args)
            lines = err.strip().splitlines()
            ok(code == 2 and len(lines) == 1 and prefix in lines[0] and not os.path.exists(json_out),
               "bad %s CSV (%s): exit 2, one line naming file:line:column, no output" % (role, name),
               "exit %d, stderr %r" % (code, err))

    broken = write(tmp, "broken.json", b'{\n  "format": 1,\n  "features": [\n    {"name": "a", "type": "integr"}\n  ]\n}\n')
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--schema", broken)
    ok(code == 2 and "broken.json:4:" in err and "integr" in err and len(err.strip().splitlines()) == 1,
       "a broken schema is reported with line and column", err)
    syntax = write(tmp, "syntax.json", b'{\n  "format": 1,\n  "features": [,]\n}\n')
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--schema", syntax)
    ok(code == 2 and "syntax.json:3:" in err, "a JSON syntax error is reported with line and column", err)
    code, out, err = run("compare", "--real", good)
    ok(code == 2 and len(err.strip().splitlines()) == 1, "a missing --synthetic is bad usage", err)
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--bogus")
    ok(code == 2 and len(err.strip().splitlines()) == 1, "an unknown option is bad usage", err)
    code, out, err = run("frobnicate")
    ok(code == 2 and "frobnicate" in err, "an unknown command is bad usage", err)
    code, out, err = run("infer-schema", os.path.join(tmp, "ragged.csv"))
    ok(code == 2 and "ragged.csv:3:2:" in err, "infer-schema reports bad CSV", err)
    header_only = write(tmp, "header.csv", b"a,b\n")
    code, out, err = run("compare", "--real", header_only, "--synthetic", good)
    ok(code == 2 and "no rows" in err, "a table without rows is refused", err)

    # a synthetic text value in a numeric column is counted, not fatal
    real = write(tmp, "num-real.csv", b"age,sex\n30,F\n40,M\n50,F\n")
    synth = write(tmp, "num-synth.csv", b"age,sex\n35,F\nold,M\n45,M\n")
    code, out, err = run("compare", "--real", real, "--synthetic", synth, "--json", "-")
    got = json.loads(out) if code == 0 else {"features": []}
    age = [f for f in got["features"] if f["name"] == "age"]
    ok(code == 0 and age and age[0]["synthetic_invalid"] == 1 and age[0]["synthetic_missing"] == 1
       and "warning" in err and "age" in err,
       "a non-number in a numeric synthetic column is counted as invalid with a warning", err)

    # a failed write leaves nothing behind
    target = os.path.join(tmp, "no-such-dir", "result.json")
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--json", target)
    ok(code == 1 and not os.path.exists(os.path.dirname(target)) and "result.json" in err,
       "an output that cannot be written is an error (exit 1)", err)


def test_review_regressions(tmp):
    good = write(tmp, "g.csv", b"age,sex\n30,F\n40,M\n50,F\n60,M\n")

    # only regular files are written: a device or a symbolic link is refused, untouched
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--json", "/dev/null")
    ok(code == 2 and "/dev/null" in err and "character device" in err and "regular file" in err
       and len(err.strip().splitlines()) == 1,
       "--json /dev/null is refused: only regular files are written", err)
    target = os.path.join(tmp, "target.json")
    link = os.path.join(tmp, "link.json")
    with open(target, "w") as f:
        f.write("old")
    os.symlink(target, link)
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--json", link)
    with open(target) as f:
        kept = f.read() == "old"
    ok(code == 2 and os.path.islink(link) and kept and "symbolic link" in err,
       "--json through a symbolic link is refused; link and target stay as they were", err)
    code, out, err = run("infer-schema", good, "-o", tmp)
    ok(code == 2 and "folder" in err, "infer-schema -o FOLDER is refused", err)

    # an identifier column with thousands of values: no K x K table
    rows = ["pid,ward,age"] + ["p%d,%s,%d" % (i, "ABC"[i % 3], 20 + i % 70) for i in range(30000)]
    ids = write(tmp, "ids.csv", ("\n".join(rows) + "\n").encode())
    code, out, err = run("compare", "--real", ids, "--synthetic", ids, "--json", "-")
    got = json.loads(out) if code == 0 else None
    ok(code == 0 and got["correlation"]["cramers_v"]["columns"] == ["pid", "ward"],
       "a 30,000-value identifier column is compared without a dense table", err)

    # fractional synthetic values in a column that is integer in the real data
    real = write(tmp, "int-real.csv", b"age\n30\n40\n50\n60\n")
    synth = write(tmp, "frac-synth.csv", b"age\n30.5\n40.5\n50.5\n60\n")
    code, out, err = run("compare", "--real", real, "--synthetic", synth, "--json", "-")
    age = json.loads(out)["features"][0] if code == 0 else {}
    ok(code == 0 and age.get("synthetic_invalid") == 0 and age.get("synthetic_count") == 4,
       "synthetic 30.5 in a whole-number column counts as a value", err)

    # different seeds, different holdout splits (0 and 4357 once collided)
    a = json.loads(run("compare", "--real", STAYS, "--synthetic", STAYS, "--holdout", "--seed", "0", "--json", "-")[1])
    b = json.loads(run("compare", "--real", STAYS, "--synthetic", STAYS, "--holdout", "--seed", "4357", "--json", "-")[1])
    ok(a["holdout"]["summary"] != b["holdout"]["summary"], "seeds 0 and 4357 give different holdout splits")

    # schema features found nowhere, and columns the schema leaves out, are reported
    schema = write(tmp, "s.json", b'{"format": 1, "features": [{"name": "age", "type": "integer"}, '
                                  b'{"name": "weight", "type": "number"}]}')
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--schema", schema, "--json", "-")
    summary = json.loads(out)["summary"] if code == 0 else {}
    ok(summary.get("in_neither") == ["weight"] and summary.get("not_in_schema") == ["sex"],
       "schema features in neither table and columns not in the schema are reported", summary)

    # schema numbers: too large is an error, past 64 bits is read exactly
    huge = write(tmp, "huge.json", b'{"format": 1, "features": [{"name": "age", "type": "number", "maximum": 1e999}]}')
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--schema", huge)
    ok(code == 2 and "huge.json:1:" in err and "too large" in err, "an infinite bound is refused with its position", err)
    big = write(tmp, "big.json", b'{"format": 1, "features": [{"name": "age", "type": "number", "maximum": 99999999999999999999}]}')
    synth_big = write(tmp, "big.csv", b"age\n30\n40\n")
    code, out, err = run("compare", "--real", good, "--synthetic", synth_big, "--schema", big, "--json", "-")
    ok(code == 0 and json.loads(out)["features"][0]["synthetic_outside_schema"] == 0,
       "a bound past 64-bit integers is read as the number written", err)

    # a second value after the schema's object is refused where it starts (json-glib
    # alone reads the first and drops the rest)
    trailing = write(tmp, "trailing.json", b'{"format": 1, "features": [{"name": "age", "type": "integer"}]}\n'
                                           b'  [{"name": "sex"}]\n')
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--schema", trailing)
    ok(code == 2 and "trailing.json:2:3:" in err and "after the end" in err,
       "text after the end of a schema is refused with its position", err)

    # a schema nested absurdly deep is refused, not a crash
    deep = write(tmp, "deep.json", b"[" * 100000 + b"]" * 100000)
    code, out, err = run("compare", "--real", good, "--synthetic", good, "--schema", deep)
    ok(code == 2 and "deep.json:1:" in err and "nested" in err, "a deeply nested schema is refused", err)

    # feature names in any script keep the text table valid UTF-8
    names = write(tmp, "names.csv", ("é" * 40 + ",b\n1,2\n3,4\n").encode())
    proc = subprocess.run([CLI, "compare", "--real", names, "--synthetic", names], capture_output=True)
    try:
        proc.stdout.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    ok(proc.returncode == 0 and valid, "long non-ASCII names are cut on character boundaries")


def snapshot(paths):
    state = {}
    for p in paths:
        with open(p, "rb") as f:
            state[p] = (f.read(), os.stat(p).st_mtime_ns)
    return state


def test_outputs_never_inputs(tmp):
    """No command writes over one of its inputs, whatever name the output is given."""
    d = os.path.join(tmp, "inputs")
    os.mkdir(d)
    real = os.path.join(d, "stays.csv")
    syn = os.path.join(d, "syn.csv")
    schema = os.path.join(d, "schema.json")
    shutil.copy(STAYS, real)
    shutil.copy(STAYS, syn)
    shutil.copy(SCHEMA, schema)
    hard = os.path.join(d, "hard.csv")
    os.link(syn, hard)
    before = snapshot([real, syn, schema])

    def same(name):
        return snapshot([real, syn, schema]) == before

    cases = [
        ("compare --json SYN", ["compare", "--real", real, "--synthetic", syn, "--json", syn], syn),
        ("compare --json SCHEMA", ["compare", "--real", real, "--synthetic", syn, "--schema", schema,
                                   "--json", schema], schema),
        ("compare --json through another spelling", ["compare", "--real", real, "--synthetic", syn,
                                                     "--json", os.path.join(d, ".", "..", "inputs", "stays.csv")],
         "stays.csv"),
        ("compare --json a hard link of the input", ["compare", "--real", real, "--synthetic", syn,
                                                     "--json", hard], hard),
        ("infer-schema stays.csv -o stays.csv", ["infer-schema", real, "-o", real], real),
        ("plot -o SYN", ["plot", "--real", real, "--synthetic", syn, "--feature", "age",
                         "--format", "png", "-o", syn], syn),
        ("report -o stays.csv", ["report", "--real", real, "--synthetic", syn, "-o", real], real),
        ("report -o stays.html --with-data (side file stays.csv is the real data)",
         ["report", "--real", real, "--synthetic", syn, "--schema", schema,
          "-o", os.path.join(d, "stays.html"), "--with-data"], real),
        ("report -o schema.pdf --with-data (side file schema.json is the schema)",
         ["report", "--real", real, "--synthetic", syn, "--schema", schema,
          "-o", os.path.join(d, "schema.pdf"), "--with-data"], schema),
        ("generate -o SCHEMA", ["generate", "--schema", schema, "--provider", "independent",
                                "--reference", real, "--rows", "5", "--store", os.path.join(d, "s.db"),
                                "-o", schema], schema),
        ("generate -o REFERENCE", ["generate", "--schema", schema, "--provider", "independent",
                                   "--reference", real, "--rows", "5", "--store", os.path.join(d, "s.db"),
                                   "-o", real], real),
    ]
    for name, args, culprit in cases:
        listing = sorted(os.listdir(d))
        code, out, err = run(*args)
        ok(code == 2 and same(name) and sorted(os.listdir(d)) == listing
           and os.path.basename(culprit) in err and "input" in err and len(err.strip().splitlines()) == 1,
           "%s: refused (exit 2), nothing written" % name, "exit %d: %s" % (code, err))

    # runs export over the store it reads
    db = os.path.join(d, "runs.db")
    code, out, err = run("generate", "--schema", schema, "--provider", "independent", "--reference", real,
                         "--rows", "5", "--store", db)
    with open(db, "rb") as f:
        stored = f.read()
    code, out, err = run("runs", "export", "1", "--store", db, "-o", db)
    with open(db, "rb") as f:
        kept = f.read() == stored
    ok(code == 2 and kept and "input" in err, "runs export -o STORE is refused, the store kept", err)

    # --with-data: all three files or none
    html = os.path.join(d, "r.html")
    side_json = os.path.join(d, "r.json")
    side_csv = os.path.join(d, "r.csv")
    for p, text in ((html, "old report"), (side_json, "old json")):
        with open(p, "w") as f:
            f.write(text)
    os.mkdir(side_csv)
    code, out, err = run("report", "--real", real, "--synthetic", syn, "-o", html, "--with-data")
    with open(html) as f:
        h = f.read()
    with open(side_json) as f:
        j = f.read()
    ok(code == 2 and h == "old report" and j == "old json" and "r.csv" in err,
       "--with-data whose CSV cannot be written replaces none of the three", err)
    os.rmdir(side_csv)
    code, out, err = run("report", "--real", real, "--synthetic", syn, "-o", html, "--with-data")
    with open(side_json) as f:
        j = f.read()
    ok(code == 0 and j.startswith("{") and os.path.isfile(side_csv) and
       not [n for n in os.listdir(d) if n.startswith(".")],
       "--with-data writes all three when it can, and no temporary file stays", err)

    # a symbolic link among --with-data's side files
    os.unlink(side_json)
    os.symlink(real, side_json)
    code, out, err = run("report", "--real", real, "--synthetic", syn, "-o", html, "--with-data")
    ok(code == 2 and same("link") and "symbolic link" in err,
       "--with-data with a side file that is a symbolic link is refused", err)


def test_leftovers(tmp):
    """A killed writer's hidden temporary file is removed by the next write to the same
    name; a live writer's is not (SIGINT and SIGTERM while writing: test-file.c)."""
    import fcntl
    d = os.path.join(tmp, "leftovers")
    os.mkdir(d)
    good = write(d, "g.csv", b"age,sex\n30,F\n40,M\n50,F\n60,M\n")
    out_path = os.path.join(d, "out.json")
    stale = write(d, ".out.json.Ab12Cd", b"partial")
    live = write(d, ".out.json.Zz98Yx", b"being written")
    other = write(d, ".other.json.Ab12Cd", b"another name's")
    with open(live, "rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        code, out, err = run("infer-schema", good, "-o", out_path)
        left = sorted(n for n in os.listdir(d) if n.startswith("."))
    ok(code == 0 and left == [".other.json.Ab12Cd", ".out.json.Zz98Yx"],
       "a stale temporary file is removed by the next write; a live one and other names stay",
       "%s %s" % (left, err))


def test_holdout_fallback(tmp):
    """A real table too small to halve: compared without the baseline, with a warning."""
    real = os.path.join(tmp, "three.csv")
    synthetic = os.path.join(tmp, "four.csv")
    with open(real, "w") as f:
        f.write("age,sex\n40,F\n50,M\n60,F\n")
    with open(synthetic, "w") as f:
        f.write("age,sex\n41,F\n52,M\n58,M\n70,F\n")
    code, out, err = run("compare", "--real", real, "--synthetic", synthetic, "--holdout", "--json", "-")
    got = json.loads(out) if code == 0 else {}
    ok(code == 0 and got.get("holdout") is None and "warning: no holdout baseline" in err
       and err.count("no holdout baseline") == 1,
       "compare --holdout on a three-row real table goes on without the baseline and says so once",
       (code, err))
    # by hand: {40, 50, 60} against {41, 52, 58, 70}, D = 2/3 - 1/4 at 50
    age = [f for f in got.get("features", []) if f["name"] == "age"]
    ok(age and abs(age[0]["ks"]["statistic"] - 5 / 12) < 1e-12, "and compares the sets all the same", age)


def write_text(tmp, name, text):
    return write(tmp, name, text.encode())


def test_hardening(tmp):
    """Hostile and odd inputs: limits, a header alone, numbers Facsimile does not read,
    a doubled byte-order mark, a real column with no values."""
    # a field past --max-field-bytes: an error at its line and column, memory bounded
    big = os.path.join(tmp, "big.csv")
    with open(big, "w") as out:
        out.write("age,ward\n")
        for i in range(20):
            out.write("%d,ICU\n" % (20 + i))
        out.write("70," + "x" * 5000 + "\n71,CCU\n")
    for args in (["infer-schema", big], ["compare", "--real", big, "--synthetic", big],
                 ["plot", "--real", big, "--synthetic", big, "--feature", "ward",
                  "-o", os.path.join(tmp, "big.svg")],
                 ["report", "--real", big, "--synthetic", big, "-o", os.path.join(tmp, "big.html")]):
        code, out, err = run(*(args + ["--max-field-bytes", "4K"]))
        ok(code == 2 and "big.csv:22:4:" in err and "--max-field-bytes" in err,
           "%s stops at a field past --max-field-bytes with its line and column" % args[0], err)
    code, out, err = run("infer-schema", big, "--max-field-bytes", "8K")
    ok(code == 0, "a higher --max-field-bytes reads the field", err)

    # a long label let through is cut for display, not drawn whole
    long_label = os.path.join(tmp, "label.csv")
    with open(long_label, "w") as out:
        out.write("age,ward\n" + "".join("%d,ICU\n" % (20 + i) for i in range(20)))
        out.write("70," + "y" * 3000000 + "\n")
    svg = os.path.join(tmp, "label.svg")
    try:
        # laid out whole, glyph by glyph, this took minutes
        proc = subprocess.run([CLI, "plot", "--real", long_label, "--synthetic", long_label,
                               "--feature", "ward", "-o", svg, "--max-field-bytes", "4M"],
                              capture_output=True, text=True, timeout=60)
        code, err = proc.returncode, proc.stderr
    except subprocess.TimeoutExpired:
        code, err = None, "still drawing after 60 s"
    size = os.path.getsize(svg) if os.path.exists(svg) else 0
    ok(code == 0 and 0 < size < 300000,
       "a 3,000,000-byte category label is cut for a plot (%d bytes of SVG)" % size, err)

    # an endless field through a pipe stops at the default limit (1 MiB)
    feeder = subprocess.Popen(["sh", "-c", "printf 'a,b\\n1,'; yes | tr -d '\\n'"], stdout=subprocess.PIPE)
    proc = subprocess.run([CLI, "infer-schema", "/dev/stdin"], stdin=feeder.stdout,
                          capture_output=True, text=True, timeout=60)
    feeder.stdout.close()
    feeder.kill()
    feeder.wait()
    ok(proc.returncode == 2 and "/dev/stdin:2:3:" in proc.stderr and "1048576 bytes" in proc.stderr,
       "an endless field through a pipe stops at the default limit", proc.stderr)

    # a schema through a pipe that never ends is refused at a bound
    feeder = subprocess.Popen(["sh", "-c", "printf '{\"format\": 1, \"name\": \"'; yes | tr -d '\\n'"],
                              stdout=subprocess.PIPE)
    proc = subprocess.run([CLI, "compare", "--real", big, "--synthetic", big, "--schema", "/dev/stdin",
                           "--max-field-bytes", "8K"], stdin=feeder.stdout, capture_output=True, text=True,
                          timeout=60)
    feeder.stdout.close()
    feeder.kill()
    feeder.wait()
    ok(proc.returncode == 2 and "/dev/stdin: larger than 64 MiB" in proc.stderr,
       "an endless schema through a pipe is refused", proc.stderr)

    # too many columns
    wide = write_text(tmp, "wide.csv", ",".join("c%d" % i for i in range(12)) + "\n" +
                 ",".join("1" for i in range(12)) + "\n")
    code, out, err = run("infer-schema", wide, "--max-columns", "10")
    ok(code == 2 and "wide.csv:1:31:" in err and "--max-columns" in err,
       "a header past --max-columns is refused at the first column too many", err)
    code, out, err = run("compare", "--real", wide, "--synthetic", wide, "--max-columns", "x")
    ok(code == 2 and "--max-columns" in err, "a bad --max-columns is bad usage", err)

    # more distinct labels than --max-categories: an identifier, said so
    many = write_text(tmp, "many.csv", "code,n\n" + "".join("L%d,%d\n" % (i, i % 3) for i in range(40)))
    code, out, err = run("infer-schema", many, "--max-categories", "30")
    feature = json.loads(out)["features"][0] if code == 0 else {}
    ok(code == 0 and feature.get("identifier") is True and "categories" not in feature
       and "code" in err and "--max-categories" in err,
       "a column with more labels than --max-categories is an identifier, and said so", err)

    # a header alone: infer-schema and compare both refuse it
    header = write_text(tmp, "header.csv", "a,b\n")
    code1, out1, err1 = run("infer-schema", header)
    code2, out2, err2 = run("compare", "--real", header, "--synthetic", header)
    ok(code1 == 2 and code2 == 2 and "no rows" in err1 and "no rows" in err2 and out1 == "",
       "a header-only file is refused alike by infer-schema and compare", err1 + err2)

    # numbers Facsimile does not read turn a column categorical: warned, with value and line
    for value in ("1e400", "inf", "0x10", "9" * 5000):
        path = write_text(tmp, "odd.csv", "x,y\n1,a\n2,b\n%s,c\n4,d\n" % value)
        code, out, err = run("infer-schema", path)
        shown = value if len(value) < 40 else value[:32]
        ok(code == 0 and "odd.csv:4:1:" in err and shown in err and len(err) < 1000,
           "“%s” turning a column categorical is warned about with its line" % value[:12], err[:300])
    path = write_text(tmp, "odd.csv", "x,y\n1,a\n2,b\n1e400,c\n4,d\n")
    code, out, err = run("compare", "--real", path, "--synthetic", path)
    ok(code == 0 and "odd.csv:4:1:" in err and "1e400" in err, "compare warns about it too", err)

    # a second byte-order mark is not part of the first column's name
    bom = os.path.join(tmp, "bom.csv")
    with open(bom, "wb") as out:
        out.write(b"\xef\xbb\xbf\xef\xbb\xbfage,sex\n3,F\n")
    code, out, err = run("infer-schema", bom)
    ok(code == 0 and json.loads(out)["features"][0]["name"] == "age", "a second BOM is skipped", err)

    # a real column with no values: any synthetic text in it is a label, not missing
    real = write_text(tmp, "nothing.csv", "x,y\n,1\n,2\n,3\n")
    synth = write_text(tmp, "text.csv", "x,y\nabc,1\ndef,2\n,3\n")
    code, out, err = run("infer-schema", real)
    x = json.loads(out)["features"][0] if code == 0 else {}
    ok(code == 0 and x.get("type") == "categorical" and x.get("missing_rate") == 1 and "no values" in err,
       "an all-missing column is inferred as categorical, and said so", err)
    code, out, err = run("compare", "--real", real, "--synthetic", synth, "--json", "-")
    got = {f["name"]: f for f in json.loads(out)["features"]} if code == 0 else {}
    x = got.get("x", {})
    ok(code == 0 and x.get("kind") == "categorical" and x.get("synthetic_invalid") == 0
       and x.get("synthetic_missing") == 1, "synthetic text in an all-missing real column is not missing",
       json.dumps(x)[:500] + err)


def test_many_columns(tmp):
    """Above 200 features the JSON leaves the correlation matrices out and says so."""
    import random
    rng = random.Random(3)
    paths = []
    for name in ("wide-real.csv", "wide-synthetic.csv"):
        lines = [",".join("c%d" % i for i in range(210))]
        for r in range(30):
            lines.append(",".join("%.3f" % rng.random() for i in range(210)))
        paths.append(write_text(tmp, name, "\n".join(lines) + "\n"))
    code, out, err = run("compare", "--real", paths[0], "--synthetic", paths[1], "--json", "-")
    corr = json.loads(out)["correlation"] if code == 0 else {}
    pearson = corr.get("pearson", {})
    ok(code == 0 and corr.get("matrices_left_out") is True and "real" not in pearson
       and len(pearson.get("strongest", [])) == 20 and "mean_abs_difference" in pearson,
       "210 features: the matrices are left out of the JSON, the strongest pairs kept", err)
    code, out, err = run("compare", "--real", paths[0], "--synthetic", paths[1], "--json", "-",
                         "--full-matrices")
    corr = json.loads(out)["correlation"] if code == 0 else {}
    ok(code == 0 and corr.get("matrices_left_out") is False and len(corr["pearson"]["real"]) == 210,
       "--full-matrices writes them whole", err)


def main():
    tmp = tempfile.mkdtemp(prefix="fx-cli-test-")
    try:
        code, out, err = run("--version")
        ok(code == 0 and out.startswith("facsimile-cli "), "--version", err)
        test_reference(3000)
        test_reference(12000)
        test_edge_cases()
        test_text_output()
        test_schema()
        test_holdout()
        test_holdout_fallback(tmp)
        test_infer_schema(tmp)
        test_bad_input(tmp)
        test_review_regressions(tmp)
        test_outputs_never_inputs(tmp)
        test_leftovers(tmp)
        test_hardening(tmp)
        test_many_columns(tmp)
    finally:
        shutil.rmtree(tmp)
    return plan()


if __name__ == "__main__":
    sys.exit(main())
