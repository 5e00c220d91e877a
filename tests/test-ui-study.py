#!/usr/bin/python3
"""The dimensionality study of the Compare pane, driven through AT-SPI (TAP).

Against a slow local server (the fake provider), the study's form takes its choices
from the settings: the OpenAI-compatible server, its model, the statistics strategy,
the rows, rows per request and concurrency.  The study is stopped in the middle of its
first generation, which leaves that run unfinished in the store; run again, the study
carries that run on to exactly its rows instead of starting another, and finishes.
Another model is another generation: the study then makes new runs.  The store is
read back with Python's sqlite3."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback

from fxui import (App, all_nodes, click, find, finish, key, labels, name_of, ok, open_example, press, role_of,
                  type_text, wait_for)

FAKE = os.environ["FX_FAKE_PROVIDER"]
DATA = tempfile.mkdtemp(prefix="fx-ui-data-")
STORE = os.path.join(DATA, "facsimile", "facsimile.db")
ROWS = 200


def runs():
    """Every run in the store, oldest first, with its accepted rows counted."""
    if not os.path.exists(STORE):
        return []
    db = sqlite3.connect(STORE)
    try:
        rows = db.execute("SELECT id, schema_id, status, rows_requested, model, base_url, strategy, parameters "
                          "FROM runs ORDER BY id").fetchall()
        out = []
        for run_id, schema_id, status, requested, model, base_url, strategy, parameters in rows:
            accepted = db.execute("SELECT COUNT(*) FROM rows WHERE run_id = ? AND accepted = 1",
                                  (run_id,)).fetchone()[0]
            out.append(dict(id=run_id, schema=schema_id, status=status, requested=requested, accepted=accepted,
                            model=model, base_url=base_url, strategy=strategy,
                            batch_rows=json.loads(parameters).get("batch_rows")))
        return out
    finally:
        db.close()


def runs_per_schema(all_runs):
    counts = {}
    for run in all_runs:
        counts[run["schema"]] = counts.get(run["schema"], 0) + 1
    return counts


def last(app, role, name):
    """The last node of @role named @name: hidden panes keep stale positions, and the
    Compare pane comes last in the tree."""
    nodes = find(app, role, name, exact=True)
    return nodes[-1] if nodes else None


def value_of(node):
    try:
        return node.queryValue().currentValue
    except Exception:
        return None


def shown_choice(combo):
    """The labels inside a drop-down: the item it shows."""
    return [name_of(n) for n in all_nodes(combo) if role_of(n) == "label" and name_of(n)]


def unnamed_controls(app):
    bad = []
    for n in all_nodes(app):
        if role_of(n) in ("push button", "toggle button", "text", "combo box", "spin button",
                          "check box", "switch") and not name_of(n):
            bad.append(role_of(n))
    return bad


def open_study(app):
    """Opens the bundled example and the study of the empty Compare pane."""
    if not ok(open_example(app), "the example opens"):
        return False
    key("alt+4")
    return ok(press(app, "Dimensionality Study"), "the empty Compare pane offers the dimensionality study")


def carry_on(url):
    settings = {"visible-page": "schema", "window-width": 1400, "window-height": 1000,
                "study-generator": "openai-compatible", "study-counts": "2, 4",
                "openai-compatible-base-url": url, "openai-compatible-model": "fake-model",
                "study-rows": ROWS, "study-batch-rows": 2, "study-concurrency": 1}
    with App(settings, DATA) as a:
        app = a.app
        if not open_study(app):
            return

        # the form, as the settings left it
        generator = wait_for(lambda: last(app, "combo box", "Generator"))
        ok(generator and "OpenAI-compatible server" in shown_choice(generator),
           "the generator drop-down shows the OpenAI-compatible server", generator and shown_choice(generator))
        # GTK 4.8 does not expose an entry's text: the runs made say which model it held
        model = last(app, "text", "Model")
        ok(model is not None, "a provider's generation asks for a model")
        strategy = last(app, "combo box", "Prompt strategy")
        ok(strategy and "Statistics" in shown_choice(strategy), "the strategy is statistics",
           strategy and shown_choice(strategy))
        values = [value_of(last(app, "spin button", name))
                  for name in ("Rows each", "Rows per request", "Concurrency")]
        ok(values == [ROWS, 2, 1], "rows, rows per request and concurrency come from the settings", values)
        ok(wait_for(lambda: any("is on this machine: prompts stay here" in l for l in labels(app))),
           "the form says the prompts stay on this machine")
        ok(not unnamed_controls(app), "every control has an accessible name", unnamed_controls(app))

        # the status line, found once: walking the whole tree is slow next to its changes
        status = last(app, "label", "Not run yet")
        ok(status is not None, "the study has not run yet")
        if status is None:
            return

        # stopped in the middle of the first generation
        ok(press(app, "Run the Study"), "the study starts")
        stop = wait_for(lambda: last(app, "push button", "Stop the Study"), 20)
        started = wait_for(lambda: runs() and runs()[-1]["accepted"] >= 6, 30)
        ok(stop is not None and started, "its first generation goes on", runs())
        ok(stop is not None and stop.queryAction().doAction(0) is not None, "the study is stopped")
        ok(wait_for(lambda: name_of(status).startswith("Stopped; run the study again"), 20),
           "it says it stopped, once the run has", name_of(status))
        before = runs()
        interrupted = before[-1] if before else {}
        ok(len(before) == 1 and interrupted["status"] != "completed" and 0 < interrupted["accepted"] < ROWS,
           "the store has one unfinished run with fewer rows than asked", before)
        ok(interrupted.get("model") == "fake-model" and interrupted.get("strategy") == "statistics"
           and interrupted.get("base_url") == url and interrupted.get("batch_rows") == 2,
           "made with the server's default model, and the form's strategy, server and rows per request",
           interrupted)

        # run again: the unfinished run is carried on
        ok(press(app, "Run the Study"), "the study is run again")
        carrying = "Carrying on run %d with 2 features (1 of 2)" % interrupted.get("id", 0)
        seen = wait_for(lambda: carrying in name_of(status), 30)
        ok(seen, "it says it carries on run %d" % interrupted.get("id", 0), name_of(status))
        done = wait_for(lambda: name_of(status).startswith("Done: 2 generations"), 120)
        ok(done, "and finishes the study", name_of(status))
        ok(wait_for(lambda: [n for n in all_nodes(app) if role_of(n) == "image"
                             and name_of(n).startswith("Fidelity against the number of features generated")]),
           "with its chart")
        after = runs()
        resumed = [r for r in after if r["id"] == interrupted.get("id")]
        ok(resumed and resumed[0]["status"] == "completed" and resumed[0]["accepted"] == ROWS,
           "the interrupted run now has exactly its %d rows and is completed" % ROWS, resumed)
        ok(len(after) == 2 and all(n == 1 for n in runs_per_schema(after).values()),
           "no second run was made for its step: one run per schema", after)
        ok(all(r["status"] == "completed" and r["accepted"] == ROWS for r in after),
           "both generations have their rows", after)

        # another model is another generation
        click(model)
        key("ctrl+a")
        type_text("other-model")
        time.sleep(1)
        ok(press(app, "Run the Study"), "the study is run with it")
        ok(wait_for(lambda: name_of(status).startswith("Generating with 2 features"), 30),
           "it generates anew", name_of(status))
        ok(wait_for(lambda: name_of(status).startswith("Done: 2 generations"), 120), "and finishes",
           name_of(status))
        newer = runs()[len(after):]
        ok(len(newer) == 2 and all(r["model"] == "other-model" and r["status"] == "completed" for r in newer),
           "with two new runs of that model", newer)
        with open(os.path.join(a.config, "glib-2.0", "settings", "keyfile")) as f:
            saved = f.read()
        ok("study-model='other-model'" in saved, "the study remembers its model", saved)


def remote_refused(url):
    """A strategy with real rows in its prompts is not sent to a remote provider."""
    # with a key in the keyring, nothing but the study itself would stop such a run
    subprocess.run(["secret-tool", "store", "--label", "Facsimile: openai", "xdg:schema",
                    "io.github.facsimile.Facsimile.ApiKey", "provider", "openai"],
                   input="sk-ui-study-0d1e", text=True, check=True)
    settings = {"visible-page": "schema", "window-width": 1400, "window-height": 1000,
                "study-generator": "openai", "study-strategy": "naive", "study-counts": "2",
                "openai-base-url": url, "openai-model": "fake-model", "study-rows": 10}
    with App(settings, DATA) as a:
        app = a.app
        if not open_study(app):
            return
        strategy = wait_for(lambda: last(app, "combo box", "Prompt strategy"))
        ok(strategy and "Naive (example rows)" in shown_choice(strategy), "the naive strategy is chosen",
           strategy and shown_choice(strategy))
        ok(wait_for(lambda: any("The study sends those only to a server on this machine" in l for l in labels(app))),
           "the form says the study does not send real rows to OpenAI")
        before = len(runs())
        status = last(app, "label", "Not run yet")
        # sensitivity does not always reach AT-SPI on GTK 4.8: the button is activated as it is
        run = last(app, "push button", "Run the Study")
        if run is not None:
            run.queryAction().doAction(0)
        time.sleep(3)
        ok(run is not None and status is not None and name_of(status) == "Not run yet" and len(runs()) == before,
           "the study does not start, and no run is made", (name_of(status), runs()[before:]))


if __name__ == "__main__":
    fake = subprocess.Popen([FAKE, "--delay", "100"], stdout=subprocess.PIPE, text=True)
    base_url = fake.stdout.readline().strip()
    print("# the slow local server listens at %s" % base_url)
    sys.stdout.flush()
    try:
        # FX_UI_PHASES=2 runs one of them, when working on it
        phases = os.environ.get("FX_UI_PHASES", "1,2").split(",")
        for number, phase in (("1", carry_on), ("2", remote_refused)):
            if number in phases:
                phase(base_url)
    except Exception:
        for line in traceback.format_exc().splitlines():
            print("# " + line)
        ok(False, "the test runs to its end")
    finally:
        fake.terminate()
        fake.wait()
    finish()
