#!/usr/bin/python3
"""facsimile-cli evaluate's privacy and validity blocks, printed as TAP.

Expected values come from tests/fixtures/privacy/make-evaluate-expected.py (NumPy,
pandas, scikit-learn, Python's sqlite3), not from Facsimile.  Only the Python
standard library is needed to run these tests.
"""

import json
import os
import subprocess
import sys
import tempfile

from fxtest import CLI, SRC, ok, plan

FIXTURES = os.path.join(SRC, "fixtures", "privacy")
REAL = os.path.join(SRC, "fixtures", "eval", "real.csv")
SYNTHETIC = os.path.join(SRC, "fixtures", "eval", "synthetic.csv")
SCHEMA = os.path.join(FIXTURES, "evaluate-schema.json")


def run(*args):
    proc = subprocess.run([CLI, "evaluate"] + list(args), capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def same(got, want, path=""):
    """Differences between two JSON values, numbers within 1e-12 (relative)."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or list(got) != list(want):
            return ["%s: keys %s, want %s" % (path, list(got) if isinstance(got, dict) else got, list(want))]
        return [d for k in want for d in same(got[k], want[k], path + "." + k)]
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return ["%s: %r, want %r" % (path, got, want)]
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in same(g, w, "%s[%d]" % (path, i))]
    if isinstance(want, bool) or isinstance(want, str) or want is None:
        return [] if got == want else ["%s: %r, want %r" % (path, got, want)]
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return ["%s: %r, want %r" % (path, got, want)]
    return [] if abs(got - want) <= 1e-12 * max(1.0, abs(want)) else ["%s: %r, want %r" % (path, got, want)]


def main():
    with open(os.path.join(FIXTURES, "evaluate-expected.json")) as f:
        expected = json.load(f)

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        code, stdout, stderr = run("--real", REAL, "--synthetic", SYNTHETIC, "--schema", SCHEMA,
                                   "--seed", "11", "--json", out)
        ok(code == 0, "evaluate runs with a schema that has rules", stderr)
        if code == 0:
            with open(out) as f:
                got = json.load(f)
            ok(list(got)[-2:] == ["privacy", "validity"], "privacy and validity close the JSON", list(got))
            diffs = same(got.get("privacy"), expected["privacy"], "privacy")
            ok(not diffs, "the privacy block as NumPy, pandas and scikit-learn give it", "\n".join(diffs))
            diffs = same(got.get("validity"), expected["validity"], "validity")
            ok(not diffs, "the validity block as Python's sqlite3 and pandas give it", "\n".join(diffs))
            ok(any(r["doubtful"] for r in got["validity"]["rules"]), "a rule real rows break is doubtful")
            ok("no closer to the patients they were made from than to new patients" in stdout,
               "the text says in a plain sentence what the distances mean", stdout)
            ok("warm_enough: 94 synthetic rows break it (doubtful: 67 real rows break it too)" in stdout,
               "the text gives each rule's violations", stdout)

        # JSON on standard output holds the blocks too
        code, stdout, stderr = run("--real", REAL, "--synthetic", SYNTHETIC, "--schema", SCHEMA,
                                   "--seed", "11", "--json", "-")
        try:
            got = json.loads(stdout)
        except ValueError:
            got = {}
        ok(code == 0 and "privacy" in got and "validity" in got, "--json - holds both blocks", stderr)

        # a rule that does not compile, or tries more than an expression, stops it early
        with open(SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
        for check, words in [("gcs_eyes >> > 1", "syntax error"),
                             ("(SELECT count(*) FROM sqlite_master) > 0", "rule"),
                             ("1) AS NUMERIC) FROM fx_row; DELETE FROM fx_row /*", "one SQL expression")]:
            schema["rules"] = [{"name": "sneaky", "check": check}]
            bad = os.path.join(tmp, "bad.json")
            with open(bad, "w", encoding="utf-8") as f:
                json.dump(schema, f)
            code, stdout, stderr = run("--real", REAL, "--synthetic", SYNTHETIC, "--schema", bad,
                                       "--seed", "11", "--json", os.path.join(tmp, "x.json"))
            ok(code == 2 and "sneaky" in stderr and words in stderr
               and not os.path.exists(os.path.join(tmp, "x.json")),
               "a refused rule is a clear error naming it: %s" % check, stderr)

    return plan()


if __name__ == "__main__":
    sys.exit(main())
