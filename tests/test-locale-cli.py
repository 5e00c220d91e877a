#!/usr/bin/python3
"""facsimile-cli in German keeps its files' documented format (TAP).

Under LC_ALL=de_DE.UTF-8 (the locale built here with localedef) and the German
translation built in the build tree, the messages are German, but the JSON of compare
parses with '.' decimals and equals the one written in the C locale; a report's JSON and
CSV equal the C locale's, its HTML plots and PDF tables keep '.' decimals; and the
prompts a run sends are the same in both languages.
    test-locale-cli.py BUILD/po"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile


CLI = os.environ.get("FX_CLI", "build/src/cli/facsimile-cli")
FAKE = os.environ.get("FX_FAKE_PROVIDER", "build/tests/fake-provider")
EXAMPLE = os.environ.get("FX_EXAMPLE_DIR", "resources/examples/eicu-demo")
SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
SYNTHETIC = os.path.join(SRC, "fixtures", "cli", "synthetic-3000.csv")
REAL = os.path.join(EXAMPLE, "stays.csv")
SCHEMA = os.path.join(EXAMPLE, "schema.json")
LOCALEDIR = sys.argv[1] if len(sys.argv) > 1 else "build/po"
KEY = "sk-test-locale-91c0"

results = []


def ok(passed, name, why=""):
    results.append(bool(passed))
    print("%s %d - %s" % ("ok" if passed else "not ok", len(results), name))
    if not passed and why:
        for line in str(why).splitlines()[:20]:
            print("# " + line)
    sys.stdout.flush()


def make_locale(tmp):
    locales = os.path.join(tmp, "locales")
    os.makedirs(locales)
    made = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(locales, "de_DE.UTF-8")],
                          capture_output=True, text=True)
    if made.returncode in (0, 1) and os.path.isdir(os.path.join(locales, "de_DE.UTF-8")):
        return locales
    print("# localedef: %s" % made.stderr.strip())
    return None


def environment(tmp, locales, german):
    env = {k: v for k, v in os.environ.items() if not k.endswith("API_KEY") and not k.startswith("LC_")}
    env.update(XDG_DATA_HOME=os.path.join(tmp, "data"), FACSIMILE_BACKOFF_SCALE="0.01",
               DBUS_SESSION_BUS_ADDRESS="unix:path=" + os.path.join(tmp, "no-bus"), OPENAI_API_KEY=KEY)
    env.pop("FACSIMILE_STORE", None)
    if german:
        env.update(LC_ALL="de_DE.UTF-8", LANGUAGE="de", LOCPATH=locales, FACSIMILE_LOCALEDIR=LOCALEDIR)
    else:
        env.update(LC_ALL="C.UTF-8")
        env.pop("LANGUAGE", None)
    return env


def cli(tmp, locales, german, args):
    return subprocess.run([CLI] + args, capture_output=True, text=True, timeout=300,
                          env=environment(tmp, locales, german))


def without_dates(text):
    return re.sub(r'"created": "[^"]*"', '"created": ""', text)


def main():
    tmp = tempfile.mkdtemp(prefix="fx-locale-")
    locales = make_locale(tmp)
    if locales is None:
        print("ok 1 # SKIP localedef cannot make de_DE.UTF-8 here")
        results.append(True)
        return

    compare = ["compare", "--real", REAL, "--synthetic", SYNTHETIC, "--schema", SCHEMA, "--holdout"]
    de = cli(tmp, locales, True, compare + ["--json", "-"])
    c = cli(tmp, locales, False, compare + ["--json", "-"])
    try:
        parsed = json.loads(de.stdout)
    except ValueError as e:
        parsed = None
        ok(False, "compare --json in German parses as JSON", e)
    if parsed is not None:
        ks = parsed["summary"]["mean_ks_statistic"]
        ok(isinstance(ks, float) and 0 < ks < 1, "compare --json in German parses, with its numbers", ks)
        ok(re.search(r'"mean_ks_statistic": 0\.\d+', de.stdout) is not None and
           re.search(r'": -?\d+,\d', de.stdout) is None, "its decimals are written with '.'")
    ok(de.returncode == 0 and de.stdout == c.stdout, "it is the same JSON as in the C locale",
       "%d %s" % (de.returncode, de.stderr))

    text = cli(tmp, locales, True, compare)
    ok("Merkmale verglichen" in text.stdout, "the text table speaks German", text.stdout[-600:])
    ok(re.search(r"korrigiertem p < 0\.05", text.stdout) is not None and
       re.search(r"Mittleres KS D +0\.\d{4}", text.stdout) is not None,
       "and writes its numbers with '.', as the JSON does", text.stdout[-600:])
    bad = cli(tmp, locales, True, ["compare", "--real", REAL])
    ok(bad.returncode == 2 and "braucht --real und --synthetic" in bad.stderr,
       "a usage error is said in German", bad.stderr)

    report = ["report", "--real", REAL, "--synthetic", SYNTHETIC, "--schema", SCHEMA, "--paper", "a4"]
    outputs = {}
    for german in (True, False):
        for ext in ("json", "csv", "html", "pdf"):
            path = os.path.join(tmp, "report-%s.%s" % ("de" if german else "c", ext))
            done = cli(tmp, locales, german, report + ["-o", path])
            ok(done.returncode == 0 and os.path.exists(path),
               "report -o .%s in %s" % (ext, "German" if german else "the C locale"), done.stderr)
            outputs[(german, ext)] = path
    with open(outputs[(True, "json")]) as a, open(outputs[(False, "json")]) as b:
        ok(without_dates(a.read()) == without_dates(b.read()), "the report's JSON is the same in both locales")
    with open(outputs[(True, "csv")]) as a, open(outputs[(False, "csv")]) as b:
        ok(a.read() == b.read(), "the report's CSV is the same in both locales")
    with open(outputs[(True, "html")], encoding="utf-8") as f:
        html = f.read()
    distances = re.findall(r"Kolmogorov-Smirnov-Abstand (\S+) bei", html)
    ok(distances and all(re.fullmatch(r"\d\.\d{3}", d) for d in distances),
       "the HTML report is German, its plots' numbers with '.' (%s)" % ", ".join(distances[:2]), distances[:5])
    pdf = subprocess.run(["pdftotext", outputs[(True, "pdf")], "-"], capture_output=True, text=True)
    commas = re.findall(r"(?<![\d,])\d+,\d+(?![\d,])", pdf.stdout)
    ok(pdf.returncode == 0 and "Zusammenfassung" in pdf.stdout and not commas and
       re.search(r"\b0\.\d{3,4}\b", pdf.stdout),
       "the PDF report is German, every number with '.'", commas[:10])

    # the prompts a run sends do not depend on the language of the machine that sends them
    fake = subprocess.Popen([FAKE, "--key", KEY], stdout=subprocess.PIPE, text=True)
    url = fake.stdout.readline().strip()
    prompts = {}
    try:
        for german in (True, False):
            store = os.path.join(tmp, "store-%s.db" % ("de" if german else "c"))
            done = cli(tmp, locales, german, ["generate", "--schema", SCHEMA, "--provider", "openai", "--model", "m",
                                              "--base-url", url, "--rows", "4", "--batch-rows", "2",
                                              "--concurrency", "1", "--reference", REAL, "--store", store])
            db = sqlite3.connect(store)
            prompts[german] = [r[0] for r in db.execute("SELECT prompt FROM requests ORDER BY id")]
            db.close()
            ok(done.returncode == 0 and prompts[german], "a run in %s" % ("German" if german else "the C locale"),
               done.stderr)
    finally:
        fake.terminate()
        fake.wait()
    relations = [l for l in (prompts[True] or [""])[0].splitlines() if "r = " in l]
    ok(relations and all(re.search(r"r = -?\d\.\d\d\)", l) for l in relations),
       "the prompt's correlations are written with '.'", relations[:3])
    ok(prompts[True] == prompts[False], "the prompts are the same in both locales")


if __name__ == "__main__":
    try:
        main()
    finally:
        print("1..%d" % len(results))
    sys.exit(0 if results and all(results) else 1)
