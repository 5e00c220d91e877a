#!/usr/bin/python3
"""The Study view of the Compare pane, driven through AT-SPI (TAP).

A small grid on the bundled example (the copula and independent baselines, 5 and all
features, 200 and 400 rows, 2 repeats: 16 cells) is estimated, run to its end and
ranked; the leaderboard has a row per generator, number of features and of rows, sorts
by a column when its header is clicked, and is exported as CSV, whose rows are checked.
The plan is saved, read back by `facsimile-cli study --dry-run` and opened again; run
again, the study reuses every cell.  Then, against a slow local server (the fake
provider), a study is stopped in the middle of its first cell and started again: it
carries that run on to exactly its rows instead of making another.  The store is read
back with Python's sqlite3.

FX_UI_SHOTS=DIR takes screenshots before, while and after running."""

import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
import traceback

import pyatspi

from fxui import (App, all_nodes, choose_file, click, find, finish, key, labels, name_of, ok, open_example,
                  role_of, wait_for)

FAKE = os.environ["FX_FAKE_PROVIDER"]
CLI = os.environ.get("FX_CLI")
SHOTS = os.environ.get("FX_UI_SHOTS")
WORK = tempfile.mkdtemp(prefix="fx-ui-study-")


def shoot(name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        subprocess.run(["import", "-window", "root", os.path.join(SHOTS, name + ".png")], check=False)


def runs(store):
    """Every run in @store, oldest first, with its accepted rows counted."""
    if not os.path.exists(store):
        return []
    db = sqlite3.connect(store)
    try:
        out = []
        for run_id, status, provider in db.execute("SELECT id, status, provider FROM runs ORDER BY id").fetchall():
            accepted = db.execute("SELECT COUNT(*) FROM rows WHERE run_id = ? AND accepted = 1",
                                  (run_id,)).fetchone()[0]
            out.append(dict(id=run_id, status=status, provider=provider, accepted=accepted))
        return out
    finally:
        db.close()


def exact(app, role, name):
    nodes = find(app, role, name, exact=True)
    return nodes[-1] if nodes else None


def activate(node):
    return node is not None and node.queryAction().doAction(0) is not None


def open_study(app):
    """Opens the bundled example, then the Study tab of the empty Compare pane."""
    if not ok(open_example(app), "the example opens"):
        return False
    key("alt+4")
    return ok(activate(wait_for(lambda: exact(app, "push button", "Study"))),
              "the empty Compare pane offers the study")


def status_label(app, prefix):
    nodes = [n for n in all_nodes(app) if role_of(n) == "label" and name_of(n).startswith(prefix)]
    return nodes[-1] if nodes else None


def leaderboard_rows(app):
    """The leaderboard's cells, row by row in the order shown (by their place on
    screen), after its header."""
    boards = [n for n in all_nodes(app) if name_of(n) == "Leaderboard" and role_of(n) != "label"]
    if not boards:
        return None, []
    cells = []
    for n in all_nodes(boards[-1]):
        if role_of(n) != "label":
            continue
        extents = n.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        if extents.width > 0 and extents.height > 0:
            cells.append((extents.y, extents.x, name_of(n)))
    lines = {}
    for y, x, text in cells:
        lines.setdefault(y, []).append((x, text))
    ordered = [[text for _, text in sorted(line)] for _, line in sorted(lines.items())]
    if not ordered:
        return None, []
    return ordered[0], ordered[1:]


def mean_of(text):
    try:
        return float(text.split(" ± ")[0].replace(",", ""))
    except ValueError:
        return float("nan")


def grid():
    data = os.path.join(WORK, "grid")
    store = os.path.join(data, "facsimile", "facsimile.db")
    settings = {"visible-page": "schema", "window-width": 1400, "window-height": 2100,
                "study-counts": "5, all", "study-row-counts": "200, 400", "study-repeats": 2,
                "study-order": "schema"}
    with App(settings, data) as a:
        app = a.app
        if not open_study(app):
            return

        # the form, as the settings left it, and what it will cost
        for name in ("Gaussian copula", "Independent marginals", "Groups"):
            check = wait_for(lambda: exact(app, "check box", name))
            ok(check is not None and check.getState().contains(pyatspi.STATE_CHECKED), "%s is chosen" % name)
        repeats = exact(app, "spin button", "Repeats")
        ok(repeats is not None and repeats.queryValue().currentValue == 2, "two repeats")
        estimate = wait_for(lambda: [l for l in labels(app) if l.startswith("16 cells.")], 60)
        ok(estimate and "baselines': they ask nothing and cost nothing" in estimate[0],
           "the estimate counts 16 cells, every one a baseline's, costing nothing", estimate)
        bad = [role_of(n) for n in all_nodes(app) if role_of(n) in ("push button", "check box", "spin button",
                                                                      "combo box", "toggle button")
               and not name_of(n) and n.getState().contains(pyatspi.STATE_SHOWING)]
        ok(not bad, "every control on screen has an accessible name", bad)
        shoot("before")

        # run it to its end; the progress and status lines, found once: walking the
        # whole tree is slow next to their changes
        progress = status_label(app, "No cell done yet")
        status = status_label(app, "Not started yet")
        ok(progress is not None and status is not None, "nothing is done yet")
        if progress is None or status is None:
            return
        ok(activate(exact(app, "push button", "Start the Study")), "the study starts")
        seen = set()

        def watch():
            seen.add(name_of(status))
            return name_of(progress) == "16 of 16 cells done"
        done = wait_for(watch, 240, 0.02)
        ok(done, "the progress says all 16 cells are done", name_of(progress))
        cells = sorted(s for s in seen if s.startswith(("copula, ", "independent, ")))
        ok(any(s.startswith("copula, 200 rows, repeat 1 of 2: ") for s in cells),
           "on the way it said which cell was in hand", sorted(seen)[:12])
        ok(wait_for(lambda: name_of(status).startswith("Done: 16 cells (16 made, 0 carried on, 0 reused)"), 30),
           "and the status says how each cell came", name_of(status))
        made = runs(store)
        ok(len(made) == 16 and all(r["status"] == "completed" for r in made),
           "the store has 16 completed runs", len(made))
        wait_for(lambda: len(leaderboard_rows(app)[1]) == 8, 20)
        shoot("after")

        # the leaderboard: a row per generator, number of features and of rows
        header, rows = leaderboard_rows(app)
        ok(header and header[:4] == ["Generator", "Features", "Rows", "Repeats"] and "Mean KS" in header,
           "the leaderboard has the key columns and the measures", header)
        ok(len(rows) == 8, "8 rows: 2 generators x 2 numbers of features x 2 numbers of rows", len(rows))
        if not header or len(rows) != 8:
            return
        ks = header.index("Mean KS")
        ok(all(r[3] == "2" for r in rows), "each the mean of 2 repeats", [r[3] for r in rows])
        ok({r[0] for r in rows} == {"Gaussian copula", "Independent marginals"}
           and {r[2] for r in rows} == {"200", "400"}, "both generators and both numbers of rows",
           [r[:3] for r in rows])

        # sorted by a click on a header, then the other way by another
        board = [n for n in all_nodes(app) if name_of(n) == "Leaderboard" and role_of(n) != "label"][-1]
        title = [n for n in all_nodes(board) if role_of(n) == "label" and name_of(n) == "Mean KS"
                 and n.queryComponent().getExtents(pyatspi.DESKTOP_COORDS).width > 0]
        ok(title, "the Mean KS header is on screen")
        if not title:
            return
        click(title[-1])
        wait_for(lambda: [mean_of(r[ks]) for r in leaderboard_rows(app)[1]]
                 == sorted(mean_of(r[ks]) for r in leaderboard_rows(app)[1]), 10)
        up = [mean_of(r[ks]) for r in leaderboard_rows(app)[1]]
        ok(up == sorted(up) and len(set(up)) > 1, "a click on Mean KS sorts the rows by it, smallest first", up)
        click(title[-1])
        wait_for(lambda: [mean_of(r[ks]) for r in leaderboard_rows(app)[1]]
                 == sorted((mean_of(r[ks]) for r in leaderboard_rows(app)[1]), reverse=True), 10)
        down = [mean_of(r[ks]) for r in leaderboard_rows(app)[1]]
        ok(down == sorted(up, reverse=True), "another click, largest first", down)

        # exported as CSV
        out = os.path.join(WORK, "leaderboard.csv")
        ok(activate(exact(app, "push button", "Export the leaderboard as CSV")) and choose_file(app, out, save=True),
           "the leaderboard is exported as CSV")
        ok(wait_for(lambda: os.path.exists(out), 20), "the file is there")
        if os.path.exists(out):
            with open(out, newline="") as f:
                table = list(csv.DictReader(f))
            ok(len(table) == 8 and {r["generator"] for r in table} == {"copula", "independent"}
               and {int(r["rows"]) for r in table} == {200, 400} and {r["repeats"] for r in table} == {"2"},
               "it has the 8 rows, both generators, both numbers of rows, 2 repeats each",
               [(r.get("generator"), r.get("rows"), r.get("repeats")) for r in table])
            shown = sorted(round(v, 3) for v in up)
            written = sorted(round(float(r["mean_ks"]), 3) for r in table)
            ok(shown == written, "with the mean KS the view shows", (shown, written))

        # the plan, saved, read by the command line and opened again
        plan = os.path.join(WORK, "plan.json")
        ok(activate(exact(app, "push button", "Save the study plan")) and choose_file(app, plan, save=True),
           "the plan is saved")
        ok(wait_for(lambda: os.path.exists(plan), 20), "the plan file is there")
        if CLI and os.path.exists(plan):
            dry = subprocess.run([CLI, "study", "--plan", plan, "--store", store, "--dry-run"], capture_output=True,
                                 text=True)
            ok(dry.returncode == 0 and dry.stdout.startswith("16 cells"),
               "facsimile-cli study --dry-run reads it: 16 cells", dry.stdout[:200] + dry.stderr[:400])
        if os.path.exists(plan):
            with open(plan) as f:
                first = f.read()
            ok(activate(exact(app, "push button", "Open a study plan")) and choose_file(app, plan),
               "the plan is opened again")
            ok(wait_for(lambda: status_label(app, "The plan plan.json is in the form"), 20),
               "the form takes it", name_of(status))
            again = os.path.join(WORK, "plan-again.json")
            ok(activate(exact(app, "push button", "Save the study plan")) and choose_file(app, again, save=True),
               "and saved under another name")
            if wait_for(lambda: os.path.exists(again), 20):
                with open(again) as f:
                    second = f.read()
                ok(second.replace("plan-again.schema.json", "plan.schema.json") == first,
                   "the same plan, opened and saved again", (first, second))

        # started again, every cell is reused
        ok(activate(exact(app, "push button", "Start the Study")), "the study starts again")
        ok(wait_for(lambda: name_of(status).startswith("Done: 16 cells (0 made, 0 carried on, 16 reused)"), 240, 0.05),
           "and reuses its 16 cells", name_of(status))
        ok(len(runs(store)) == 16, "no run was made", len(runs(store)))


def carry_on():
    # a slow local server, whose sixth answer does not come until the study is stopped:
    # the first cell is still going on when Stop is pressed, however slow the machine
    fake = subprocess.Popen([FAKE, "--delay", "100", "--faults", "ok,ok,ok,ok,ok,slow", "--slow", "600000"],
                            stdout=subprocess.PIPE, text=True)
    try:
        carry_on_with(fake.stdout.readline().strip())
    finally:
        fake.terminate()
        fake.wait()


def carry_on_with(url):
    data = os.path.join(WORK, "carry-on")
    store = os.path.join(data, "facsimile", "facsimile.db")
    settings = {"visible-page": "schema", "window-width": 1400, "window-height": 2100,
                "openai-compatible-base-url": url, "openai-compatible-model": "fake-model",
                "study-generators": ["openai-compatible fake-model"], "study-strategies": ["statistics"],
                "study-counts": "2, 4", "study-row-counts": "200", "study-repeats": 1,
                "study-batch-rows": 2, "study-concurrency": 1}
    with App(settings, data) as a:
        app = a.app
        if not open_study(app):
            return
        # the server's model, chosen in an earlier study; the baselines not
        provider = wait_for(lambda: exact(app, "check box", "fake-model"))
        ok(provider is not None and provider.getState().contains(pyatspi.STATE_CHECKED),
           "the server's model is offered as a generator, and chosen")
        copula = exact(app, "check box", "Gaussian copula")
        ok(copula is not None and not copula.getState().contains(pyatspi.STATE_CHECKED), "the copula is not")
        estimate = wait_for(lambda: [l for l in labels(app) if l.startswith("2 cells. 2 ask a provider: 200 requests")],
                            60)
        ok(estimate, "the estimate counts its 2 cells and 200 requests", [l for l in labels(app) if "cell" in l])

        # stopped in the middle of the first cell
        status = status_label(app, "Not started yet")
        ok(activate(exact(app, "push button", "Start the Study")), "the study starts")
        stop = wait_for(lambda: exact(app, "push button", "Stop the Study"), 20)
        started = wait_for(lambda: runs(store) and runs(store)[-1]["accepted"] >= 6, 60)
        ok(stop is not None and started, "its first cell goes on", runs(store))
        shoot("running")
        ok(activate(stop), "the study is stopped")
        ok(wait_for(lambda: name_of(status).startswith("Stopped; start the study again"), 30), "it says it stopped",
           name_of(status))
        before = runs(store)
        ok(len(before) == 1 and before[0]["status"] != "completed" and 0 < before[0]["accepted"] < 200,
           "the store has one unfinished run", before)

        # started again: that run is carried on
        ok(activate(exact(app, "push button", "Start the Study")), "the study starts again")
        carrying = "openai-compatible fake-model, statistics, 200 rows, repeat 1 of 1: Carrying on run %d" % (
            before[0]["id"] if before else 0)
        ok(wait_for(lambda: name_of(status).startswith(carrying), 60, 0.05), "it says it carries the run on",
           name_of(status))
        done = wait_for(lambda: name_of(status).startswith("Done: 2 cells (1 made, 1 carried on, 0 reused)"), 240)
        ok(done, "and ends with one cell made and one carried on", name_of(status))
        after = runs(store)
        ok(len(after) == 2 and all(r["status"] == "completed" and r["accepted"] == 200 for r in after),
           "two runs of exactly 200 rows; none made twice", after)


if __name__ == "__main__":
    try:
        # FX_UI_PHASES=2 runs one of them, when working on it
        phases = os.environ.get("FX_UI_PHASES", "1,2").split(",")
        for number, phase in (("1", grid), ("2", carry_on)):
            if number in phases:
                phase()
    except Exception:
        for line in traceback.format_exc().splitlines():
            print("# " + line)
        ok(False, "the test runs to its end")
    finish()
