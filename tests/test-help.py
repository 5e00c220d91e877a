#!/usr/bin/python3
"""The user guide validates as Mallard, every page is reached from the index, every link
resolves, every page is installed, and the application opens it (TAP)."""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
TOP = os.path.normpath(os.path.join(SRC, ".."))
HELP = os.path.join(TOP, "help", "C")

results = []


def ok(passed, name, why=""):
    results.append(passed)
    print("%s %d - %s" % ("ok" if passed else "not ok", len(results), name))
    for line in str(why).strip().splitlines() if not passed else []:
        print("# %s" % line)


def yelp_check(*args):
    run = subprocess.run(["yelp-check"] + list(args), capture_output=True, text=True, cwd=HELP)
    return run.returncode, (run.stdout + run.stderr).strip()


pages = sorted(glob.glob(os.path.join(HELP, "*.page")))
ok(len(pages) >= 10 and os.path.exists(os.path.join(HELP, "index.page")),
   "the guide has an index and its pages", pages)

if shutil.which("yelp-check") is None:
    ok(False, "yelp-check is installed (yelp-tools)")
else:
    for page in pages:
        rc, out = yelp_check("validate", os.path.basename(page))
        ok(rc == 0 and out == "", "%s validates" % os.path.basename(page), out)
    # yelp-check prints the pages no guide links to, and the links that lead nowhere
    rc, out = yelp_check("orphans", ".")
    ok(rc == 0 and out == "", "every page is linked from the index", out)
    rc, out = yelp_check("links", ".")
    ok(rc == 0 and out == "", "every link leads to a page or section", out)

with open(os.path.join(TOP, "help", "meson.build")) as f:
    installed = set(re.findall(r"'([\w.-]+\.(?:page|xml))'", f.read()))
present = {os.path.basename(p) for p in pages} | {os.path.basename(p) for p in glob.glob(os.path.join(HELP, "*.xml"))}
ok(installed == present, "help/meson.build installs every page and nothing else",
   "not installed: %s; missing: %s" % (sorted(present - installed), sorted(installed - present)))

# the guide's plain-words claims about the interface hold: each <gui> label it names
# for a button or a tab exists in the interface or its sources
ui_text = ""
for root, _, files in [w for top in ("src/ui", "resources/ui", "src/plot") for w in os.walk(os.path.join(TOP, top))]:
    for name in files:
        if name.endswith((".c", ".ui")):
            with open(os.path.join(root, name), encoding="utf-8") as f:
                ui_text += f.read().replace("_", "")
# the study's leaderboard titles its columns with the measures' names, kept beside the measures
with open(os.path.join(TOP, "src", "core", "fx-leaderboard.c"), encoding="utf-8") as f:
    ui_text += f.read().replace("_", "")
missing = set()
for page in pages:
    with open(page, encoding="utf-8") as f:
        for label in re.findall(r"<gui[^>]*>([^<]+)</gui>", f.read()):
            label = re.sub(r"\s+", " ", label).replace("&#8230;", "…")
            if label not in ui_text:
                missing.add("%s: %s" % (os.path.basename(page), label))
ok(not missing, "every control the guide names exists in the interface", "\n".join(sorted(missing)))

# each translation of the guide: complete, and its pages, built as meson installs them,
# valid, linked, and naming controls as the application's translation names them
with open(os.path.join(TOP, "help", "LINGUAS")) as f:
    languages = [l.strip() for l in f if l.strip() and not l.startswith("#")]
for lang in languages:
    po = os.path.join(TOP, "help", lang, lang + ".po")
    stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", po],
                           capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
    ok(stats.returncode == 0 and "untranslated" not in stats.stderr and "fuzzy" not in stats.stderr,
       "the %s guide is translated completely (%s)" % (lang, stats.stderr.strip()), stats.stderr)
    if shutil.which("itstool") is None or shutil.which("yelp-check") is None:
        ok(False, "itstool and yelp-check are installed, to build the %s guide" % lang)
        continue
    out = tempfile.mkdtemp(prefix="fx-help-%s-" % lang)
    mo = os.path.join(out, lang + ".mo")
    subprocess.run(["msgfmt", "-o", mo, po], check=True)
    built = subprocess.run(["itstool", "-m", mo, "-l", lang, "-o", out] + pages + [os.path.join(HELP, "legal.xml")],
                           capture_output=True, text=True)
    ok(built.returncode == 0, "itstool builds the %s guide" % lang, built.stderr)
    bad = []
    for page in pages:
        run = subprocess.run(["yelp-check", "validate", os.path.basename(page)], capture_output=True, text=True,
                             cwd=out)
        if run.returncode != 0:
            bad.append(run.stdout + run.stderr)
    ok(not bad, "every page of the %s guide validates" % lang, "\n".join(bad))
    for check in ("orphans", "links"):
        run = subprocess.run(["yelp-check", check, "."], capture_output=True, text=True, cwd=out)
        ok(run.returncode == 0 and not run.stdout.strip(), "yelp-check %s: the %s guide" % (check, lang),
           run.stdout + run.stderr)
    # the application's translated strings, without mnemonics
    with open(os.path.join(TOP, "po", lang + ".po"), encoding="utf-8") as f:
        catalogue = f.read()
    translated = set()
    for block in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', catalogue, re.M):
        text = "".join(re.findall(r'"(.*)"', block)).replace("_", "")
        translated.add(text)
    unknown = set()
    for page in pages:
        with open(os.path.join(out, os.path.basename(page)), encoding="utf-8") as f:
            for label in re.findall(r"<gui[^>]*>([^<]+)</gui>", f.read()):
                label = re.sub(r"\s+", " ", label)
                if label not in translated and not any(label in t for t in translated):
                    unknown.add("%s: %s" % (os.path.basename(page), label))
    ok(not unknown, "every control the %s guide names is one the %s interface shows" % (lang, lang),
       "\n".join(sorted(unknown)))

with open(os.path.join(TOP, "src", "ui", "fx-application.c"), encoding="utf-8") as f:
    app = f.read()
ok('"help:facsimile"' in app and '"app.help"' in app and '"F1"' in app,
   "the application opens help:facsimile, with F1")
with open(os.path.join(TOP, "resources", "ui", "fx-window.ui"), encoding="utf-8") as f:
    ok("<attribute name=\"action\">app.help</attribute>" in f.read(), "the main menu has Help")

print("1..%d" % len(results))
sys.exit(0 if all(results) else 1)
