#!/usr/bin/python3
"""The Compare pane of the real application, driven through AT-SPI (TAP).

On the bundled example: a Gaussian-copula run is compared with the real table from
its detail view; a CSV whose heart rates were moved up by 30/min is added and found to
differ on that feature; a comparison of a large table can be cancelled; the comparison
is exported as JSON and CSV, and the exported numbers are those of facsimile-cli."""

import csv
import json
import os
import random
import subprocess
import tempfile

import pyatspi

from fxui import (App, all_nodes, choose_file, click, find, finish, key, labels, name_of, ok, open_example, press, role_of,
                  wait_for, wait_message)

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
STAYS = os.path.join(TOP, "resources", "examples", "eicu-demo", "stays.csv")
DATA = tempfile.mkdtemp(prefix="fx-ui-data-")
WORK = tempfile.mkdtemp(prefix="fx-ui-work-")


def write_shifted(path):
    """The real table with every heart rate 30/min higher: one feature that differs."""
    with open(STAYS, newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("heart_rate")
    for row in rows[1:]:
        if row[column]:
            row[column] = str(int(row[column]) + 30)
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)


def write_large(path, n=800000):
    """A large table, long enough to read that a comparison can be cancelled."""
    with open(STAYS, newline="") as f:
        rows = list(csv.reader(f))
    rng = random.Random(7)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(rows[0])
        for _ in range(n):
            w.writerow(rows[1 + rng.randrange(len(rows) - 1)])


def runs_in_store():
    """(run id, number of features of its schema) for every run in the store."""
    import sqlite3
    db = sqlite3.connect(os.path.join(DATA, "facsimile", "facsimile.db"))
    try:
        rows = db.execute("SELECT runs.id, schemas.json FROM runs JOIN schemas ON schemas.id = runs.schema_id "
                          "ORDER BY runs.id").fetchall()
    finally:
        db.close()
    return [(run_id, len(json.loads(text)["features"])) for run_id, text in rows]


def cards(app):
    return [l for l in labels(app) if " alike" in l]


def activate_menu_item(app, button, item):
    if not press(app, button):
        return False
    node = wait_for(lambda: [n for n in all_nodes(app) if n.getRoleName() == "menu item" and item in (n.name or "")], 10)
    if not node:
        return False
    node[0].queryAction().doAction(0)
    return True


def main():
    shifted = os.path.join(WORK, "shifted.csv")
    large = os.path.join(WORK, "large.csv")
    write_shifted(shifted)
    settings = {"visible-page": "schema", "run-rows": 1000, "window-width": 1400, "window-height": 1000,
                "study-generators": ["copula"], "study-row-counts": "1000", "study-repeats": 1}
    with App(settings, DATA) as a:
        app = a.app
        if not ok(open_example(app), "the example opens"):
            return
        key("alt+3")
        press(app, "Start Run")
        ok(wait_message(app, "Run 1 finished", 120), "a copula run finishes")
        ok(press(app, "Compare with the real data"), "its detail view offers Compare")
        ok(wait_for(lambda: cards(app), 30), "the comparison shows a summary of features alike", cards(app))
        ok(any("Holdout baseline" in l for l in labels(app)), "next to the holdout baseline")
        ok(wait_for(lambda: find(app, "label", "apache_score", exact=True)), "the table lists the example's features")
        images = lambda: [name_of(n) for n in all_nodes(app) if role_of(n) == "image" and name_of(n)]
        # the first feature, hospital_id, is an identifier: the pane says why it draws no distribution
        ok(wait_for(lambda: any(l.startswith("An identifier:") and "no distribution is drawn" in l
                                for l in labels(app))),
           "an identifier is not plotted as a distribution, and the pane says why")
        ok(not any(i.startswith("Shares of the categories of hospital_id") for i in images()),
           "no shares are drawn for it", images())
        ok(any(l.startswith("The synthetic records differ from the real ones on ") and "two random halves" in l
               for l in labels(app)), "the results open with a plain sentence next to the holdout baseline")
        ok(any(l.startswith("“Alike” means no significant difference at 5 %") for l in labels(app)),
           "and say what alike means")
        region = find(app, "label", "hospital_region", exact=True)
        if region:
            click(region[-1])
        ok(wait_for(lambda: any(i.startswith("Shares of the categories of hospital_region") and "Run 1 (copula)" in i
                                for i in images())),
           "a categorical feature's plot shows the real and the synthetic shares", images())
        ok(any(i.startswith("Heatmap of 25 × 25 values: Real, Run 1 (copula), Synthetic − real") for i in images()),
           "the correlation heatmaps show the real, the synthetic and the difference matrix", images())
        ok(any("per feature, largest first" in i for i in images()), "and the distances per feature are charted")

        # the Utility view: models trained on synthetic and on real records, tested on real ones
        for role in ("toggle button", "radio button", "push button", "page tab"):
            tab = find(app, role, "Utility", exact=True)
            if tab:
                tab[-1].queryAction().doAction(0)
                break
        sentence = wait_for(lambda: [l for l in labels(app)
                                     if l.startswith("A model trained on the synthetic records ranks real patients "
                                                     "with AUROC")], 90)
        ok(sentence, "the Utility view says how a synthetic-trained model ranks real patients", sentence)
        ok(any(l.startswith("Tested on ") and "never saw" in l for l in labels(app)),
           "on real records the run kept from its generator", [l for l in labels(app) if "Tested" in l])
        ok(any(i.startswith("ROC curves on the real holdout. True positive rate against False positive rate: "
                            "Trained on real (TRTR) and Trained on synthetic (TSTR)") for i in images()),
           "with ROC curves", [i for i in images() if "rate" in i])
        ok(any(i.startswith("Precision and recall on the real holdout. Precision against Recall") for i in images()),
           "precision and recall")
        sites = [i for i in images() if i.startswith("AUROC per site. Area under the ROC curve (0.5 is chance, 1 a perfect ranking) with intervals for ")]
        ok(sites and all(r in sites[0] for r in ("Midwest", "Northeast", "South", "West"))
           and "Other sites' real rows (ceiling)" in sites[0],
           "AUROC per region with the leave-one-site-out ceiling", sites)
        ok(any(i.startswith("Odds ratios, real against synthetic. Odds ratio (95 % CI) with intervals")
               for i in images()), "and the odds ratios", [i for i in images() if "dds" in i])
        # models are trained only for a Utility view on screen: back to the features
        tab = find(app, "toggle button", "Features", exact=True) or find(app, "radio button", "Features", exact=True)
        if tab:
            tab[-1].queryAction().doAction(0)

        # a second set that differs on one feature
        press(app, "Add CSV")
        choose_file(app, shifted)
        ok(wait_for(lambda: find(app, "label", "shifted.csv", exact=True), 10), "a CSV is added as a second set")
        press(app, "Compare")
        two = wait_for(lambda: len(cards(app)) == 3 and cards(app), 30)
        ok(two, "two sets and the holdout are summarised", cards(app))
        shifted_card = [c for c in (two or []) if c.startswith("36 of 37")]
        ok(shifted_card, "the shifted table differs on exactly one feature", two)

        # a file that is no table is refused where it is chosen, and why is said there
        pdf = os.path.join(WORK, "notes.pdf")
        with open(pdf, "wb") as f:
            f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
        ragged = os.path.join(WORK, "ragged.csv")
        with open(ragged, "w") as f:
            f.write("a,b,c\n1,2,3\n4,5\n")
        press(app, "Add CSV")
        choose_file(app, pdf)
        refused = wait_for(lambda: [l for l in labels(app) if l.startswith("Not added: notes.pdf is a PDF document")], 15)
        ok(refused, "a PDF chosen as a synthetic table is refused, the message says it is a PDF", refused)
        ok(not find(app, "label", "notes.pdf", exact=True), "and it is not added to the sets")
        press(app, "Add CSV")
        choose_file(app, ragged)
        refused = wait_for(lambda: [l for l in labels(app) if l.startswith("Not added: ragged.csv cannot be read")
                                    and ":3:" in l], 15)
        ok(refused, "a CSV with a short row is refused with its line", refused)
        ok(len(cards(app)) == 3, "the results shown stay those of the sets chosen")

        # cancelling a long comparison
        write_large(large)
        press(app, "Add CSV")
        choose_file(app, large)
        wait_for(lambda: find(app, "label", "large.csv", exact=True), 10)
        # found before: walking the whole tree while the comparison keeps both cores busy is slow
        cancel = find(app, "push button", "Cancel the comparison", visible=False)
        bar = find(app, "progress bar", "Comparison progress", visible=False)
        press(app, "Compare")
        # the bar goes a quarter of the way per set: past 0.7 it is on the large table, the
        # last of three (what an earlier comparison left there is 2/3 at most)
        value = wait_for(lambda: 0.7 < bar[0].queryValue().currentValue < 1 and bar[0].queryValue().currentValue,
                         60, 0.05) if bar else None
        ok(value is not None and 0.7 < value < 1, "the comparison shows how far it has come", value)
        ok(cancel and value is not None and cancel[0].queryAction().doAction(0),
           "a large comparison can be cancelled while it runs")
        ok(wait_message(app, "Comparison cancelled", 30), "it says so")
        ok(wait_for(lambda: len(cards(app)) == 3, 10), "and the earlier results come back at once", cards(app))
        press(app, "Remove large.csv")

        out = os.path.join(WORK, "comparison.json")
        if activate_menu_item(app, "Export the comparison", "JSON"):
            choose_file(app, out, save=True)
        exported = wait_for(lambda: os.path.exists(out) and json.load(open(out)), 30)
        ok(exported and [s["label"] for s in exported["sets"]] == ["Run 1 (copula)", "shifted.csv"],
           "the comparison is exported as JSON, both sets", exported and [s["label"] for s in exported["sets"]])
        if exported:
            cli = subprocess.run([os.environ["FX_CLI"], "compare", "--real", STAYS, "--synthetic", shifted,
                                  "--schema", os.path.join(TOP, "resources", "examples", "eicu-demo", "schema.json"),
                                  "--json", "-"], capture_output=True, text=True)
            mine = {f["name"]: f for f in exported["sets"][1]["comparison"]["features"]}
            theirs = {f["name"]: f for f in json.loads(cli.stdout)["features"]}
            ok(mine.keys() == theirs.keys() and all(mine[k]["kl"] == theirs[k]["kl"] for k in mine),
               "with the numbers facsimile-cli gives for the same tables")

        # the study: the copula with 5, 10, 15, 20 and all 36 features (and the target)
        before = runs_in_store()
        for role in ("toggle button", "radio button", "push button", "page tab"):
            tab = find(app, role, "Study", exact=True)
            if tab:
                tab[-1].queryAction().doAction(0)
                break
        ok(press(app, "Start the Study"), "the study can be started")
        done = wait_for(lambda: any(l.startswith("Done: 5 cells (4 made, 0 carried on, 1 reused)")
                                    for l in labels(app)), 120)
        ok(done, "it generates five tables and compares them", [l for l in labels(app) if "enerat" in l])
        counts = [n for _, n in runs_in_store()[len(before):]]
        # "all" is the whole schema: the copula run of 1,000 rows made above is that step already
        # a plan's cuts keep the schema's group columns (keep_groups): with 5 features, the
        # example's two group columns come on top; from 10 on they are among the first
        ok(counts == [8, 11, 16, 21], "new runs with 5, 10, 15 and 20 features plus the target (and the group "
           "columns); the run of the whole schema made earlier counts for all", counts)
        ok(wait_for(lambda: [n for n in all_nodes(app) if role_of(n) == "image"
                             and name_of(n).startswith("Mean KS")]),
           "and charts fidelity against the number of features")
        # asked again, the study reuses its runs instead of generating anew
        count = len(runs_in_store())
        status = [n for n in all_nodes(app) if role_of(n) == "label" and name_of(n).startswith("Done: 5 cells")]
        ok(press(app, "Start the Study"), "the study can be asked for again")
        # its status line says it started (comparing the five runs again), then done
        started = status and wait_for(lambda: not name_of(status[0]).startswith("Done"), 60, 0.02)
        again = started and wait_for(lambda: name_of(status[0]).startswith("Done: 5 cells (0 made, 0 carried on, 5 "
                                                                          "reused)"), 120)
        ok(again and len(runs_in_store()) == count, "and it reuses the five runs it has", len(runs_in_store()) - count)
    finish()


if __name__ == "__main__":
    main()
