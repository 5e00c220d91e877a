#!/usr/bin/python3
"""The Runs pane of the real application, driven through AT-SPI (TAP).

Opens the bundled example, runs the Gaussian-copula baseline to 100% and exports its
rows; cancels a run against a slow local server and resumes it to its end; and checks
that real rows go to a remote provider only after the confirmation dialog, which
names the columns; runs the anchored strategy with the anchor columns the form offers
and finds them in the run's stored parameters; and shows what is adjusted for the model
beside a run's progress while it goes on.  The store is read back with Python's
sqlite3."""

import csv
import json
import os
import sqlite3
import subprocess
import tempfile

from fxui import (App, all_nodes, choose_file, click, find, finish, key, labels, ok, open_example, press, type_text, wait_for)

FAKE = os.environ["FX_FAKE_PROVIDER"]
KEY = "sk-ui-runs-5e0c11"
DATA = tempfile.mkdtemp(prefix="fx-ui-data-")
STORE = os.path.join(DATA, "facsimile", "facsimile.db")


def runs():
    if not os.path.exists(STORE):
        return []
    db = sqlite3.connect(STORE)
    try:
        rows = db.execute("SELECT id, status, rows_requested, real_data_sent, rows_accepted FROM runs "
                          "ORDER BY id").fetchall()
        out = []
        for run_id, status, requested, sent, counter in rows:
            accepted = db.execute("SELECT COUNT(*) FROM rows WHERE run_id = ? AND accepted = 1",
                                  (run_id,)).fetchone()[0]
            distinct = db.execute("SELECT COUNT(DISTINCT values_json) FROM rows WHERE run_id = ? AND accepted = 1",
                                  (run_id,)).fetchone()[0]
            out.append(dict(id=run_id, status=status, requested=requested, accepted=accepted,
                            distinct=distinct, sent=sent, counter=counter))
        return out
    finally:
        db.close()


def progress(app):
    """The value of the progress bar on screen, in percent."""
    bars = find(app, "progress bar", "")
    if not bars:
        return None
    value = bars[0].queryValue()
    return round(100 * value.currentValue / (value.maximumValue or 1))


def last_run():
    all_runs = runs()
    return all_runs[-1] if all_runs else None


def unnamed_controls(app):
    bad = []
    for n in all_nodes(app):
        try:
            if n.getRoleName() in ("push button", "toggle button", "text", "combo box", "spin button",
                                   "check box", "switch") and not n.name:
                bad.append(n.getRoleName())
        except Exception:
            pass
    return bad


def copula_run():
    with App({"visible-page": "schema", "run-rows": 500, "window-height": 1000}, DATA) as a:
        app = a.app
        ok(app is not None, "the application starts")
        if app is None:
            return
        if not ok(open_example(app), "the welcome page opens the bundled eICU example"):
            return
        key("alt+3")
        ok(wait_for(lambda: any("37 features" in l for l in labels(app))),
           "the new-run form takes the schema of the Schema pane", labels(app))
        ok(wait_for(lambda: any("stays.csv" in l for l in labels(app))),
           "and the example's table as reference data")
        ok(not unnamed_controls(app), "every control of the form has an accessible name", unnamed_controls(app))
        ok(wait_for(lambda: any(l.startswith("No requests, no cost") for l in labels(app)), 30),
           "the form's estimate says a baseline asks nothing and costs nothing")
        ok(press(app, "Start Run"), "Start Run is enabled for the copula baseline")
        wait_for(lambda: (last_run() or {}).get("status") == "completed", 60)
        ok(wait_for(lambda: progress(app) == 100), "the progress bar shows 100%", progress(app))
        run = last_run()
        ok(run is not None and run["status"] == "completed" and run["accepted"] == 500 and run["distinct"] == 500,
           "the copula run reaches 100%: 500 distinct rows in the store", run)
        ok(wait_for(lambda: any(l.startswith("Completed") for l in labels(app))
                    or any("Completed" in (n.name or "") for n in find(app, "list item", ""))),
           "the history says the run completed")
        ok(run is not None and run["sent"] == "[]", "a baseline sends nothing anywhere")

        out = os.path.join(DATA, "exported.csv")
        if press(app, "Export CSV"):
            choose_file(app, out, save=True)
        exported = wait_for(lambda: os.path.exists(out) and open(out).read().count("\n") == 501, 30)
        ok(exported, "Export CSV writes the header and 500 rows")
        if exported:
            with open(out, newline="") as f:
                header = next(csv.reader(f))
            ok(len(header) == 37 and "apache_score" in header, "with the schema's 37 columns", header)


def cancel_and_resume():
    # six answers, then one that does not come until the run is cancelled: the run is
    # still going on when Cancel Run is pressed, however slow the machine
    fake = subprocess.Popen([FAKE, "--delay", "150", "--faults", "ok,ok,ok,ok,ok,ok,slow", "--slow", "600000"],
                            stdout=subprocess.PIPE, text=True)
    url = fake.stdout.readline().strip()
    settings = {"visible-page": "schema", "run-generator": "openai-compatible", "run-strategy": "statistics",
                "openai-compatible-base-url": url, "openai-compatible-model": "fake-model",
                "run-rows": 80, "run-batch-rows": 2, "run-concurrency": 1, "window-height": 1000}
    try:
        with App(settings, DATA) as a:
            app = a.app
            if not ok(app is not None and open_example(app), "the example opens again"):
                return
            key("alt+3")
            before = len(runs())
            ok(press(app, "Start Run"), "a run against a slow local server starts")
            started = wait_for(lambda: len(runs()) > before and last_run()["accepted"] >= 4, 30)
            ok(started, "rows arrive", last_run())
            ok(press(app, "Cancel Run"), "Cancel Run is offered while the run goes on")
            cancelled = wait_for(lambda: last_run()["status"] == "cancelled", 20)
            run = last_run()
            ok(cancelled and 0 < run["accepted"] < 80, "the run stops, cancelled, with part of its rows", run)
            ok(wait_for(lambda: any("Cancelled" in l for l in labels(app))), "the pane says it was cancelled")
            ok(press(app, "Resume"), "Resume is offered for the cancelled run")
            resumed = wait_for(lambda: last_run()["status"] == "completed", 60)
            run = last_run()
            ok(resumed and run["accepted"] == 80 and run["counter"] == 80,
               "the resumed run ends with exactly its 80 rows", run)
            ok(wait_for(lambda: progress(app) == 100), "and the progress bar shows 100%", progress(app))
    finally:
        fake.terminate()
        fake.wait()


def confirmation():
    fake = subprocess.Popen([FAKE, "--key", KEY], stdout=subprocess.PIPE, text=True)
    url = fake.stdout.readline().strip()
    subprocess.run(["secret-tool", "store", "--label", "Facsimile: openai", "xdg:schema",
                    "io.github.facsimile.Facsimile.ApiKey", "provider", "openai"],
                   input=KEY, text=True, check=True)
    settings = {"visible-page": "schema", "run-generator": "openai", "run-strategy": "naive",
                "openai-base-url": url, "openai-model": "fake-model",
                "run-rows": 10, "run-batch-rows": 5, "run-concurrency": 2, "window-height": 1000}
    try:
        with App(settings, DATA) as a:
            app = a.app
            if not ok(app is not None and open_example(app), "the example opens a third time"):
                return
            key("alt+3")
            ok(wait_for(lambda: any("real rows" in l for l in labels(app))),
               "the form warns that the naive strategy sends real rows")
            before = len(runs())
            ok(press(app, "Start Run"), "a naive run to a remote provider is asked for")
            dialog = wait_for(lambda: [l for l in labels(app) if "Send Real Rows to OpenAI?" in l], 30)
            ok(dialog, "a dialog asks before real rows leave the machine")
            body = [l for l in labels(app) if "real rows of stays.csv" in l]
            ok(body and "apache_score" in " ".join(labels(app)),
               "it says how many rows of which file, and which columns", body)
            press(app, "Cancel")
            wait_for(lambda: not [l for l in labels(app) if "Send Real Rows to OpenAI?" in l], 30)
            ok(len(runs()) == before, "cancelled there, no run is created and nothing is sent")
            ok(press(app, "Start Run"), "asked again")
            ok(wait_for(lambda: [l for l in labels(app) if "Send Real Rows to OpenAI?" in l], 30), "the dialog again")
            ok(press(app, "Send Real Rows"), "the user agrees")
            done = wait_for(lambda: len(runs()) > before and last_run()["status"] == "completed", 60)
            run = last_run()
            ok(done and run["accepted"] == 10, "the run completes with its 10 rows", run)
            sent = json.loads(run["sent"]) if run else []
            ok(sent and sent[0]["to"] == "openai" and len(sent[0]["sent"]["real_rows"]) > 0
               and "apache_score" in sent[0]["sent"]["columns"],
               "the store records which real rows and columns went to whom", sent)
            ok(wait_for(lambda: any("real rows with 37 columns to openai" in l for l in labels(app))),
               "and the run's provenance shows it")
            ok(KEY not in open(STORE, "rb").read().decode("latin-1"), "the key is not in the store")
    finally:
        fake.terminate()
        fake.wait()


def anchored():
    fake = subprocess.Popen([FAKE], stdout=subprocess.PIPE, text=True)
    url = fake.stdout.readline().strip()
    settings = {"visible-page": "schema", "run-generator": "openai-compatible", "run-strategy": "anchored",
                "openai-compatible-base-url": url, "openai-compatible-model": "fake-model",
                "run-rows": 20, "run-batch-rows": 10, "run-concurrency": 1, "window-height": 1000}
    try:
        with App(settings, DATA) as a:
            app = a.app
            if not ok(app is not None and open_example(app), "the example opens a fourth time"):
                return
            order = wait_for(lambda: find(app, "text", "Generation Order"))
            ok(order, "the Schema pane offers the conditional strategy's generation order")
            if order:
                click(order[0])
                type_text("apache_score, nonsense")
                ok(wait_for(lambda: "not a feature" in (order[0].description or "")),
                   "a name that is not a feature is refused, in words", order[0].description)
                key("ctrl+a")
                type_text("age, apache_score")
                ok(wait_for(lambda: "not a feature" not in (order[0].description or "")),
                   "a valid order is taken", order[0].description)
                entry_text = lambda: order[0].queryText().getText(0, order[0].queryText().characterCount)
                ok(entry_text() == "age, apache_score", "the entry shows it", entry_text())
                ok(press(app, "Undo"), "the change can be undone")
                ok(wait_for(lambda: entry_text() != "age, apache_score"), "and undoing it restores the order before",
                   entry_text())
                if os.environ.get("FX_UI_SHOT"):
                    subprocess.run(["import", "-window", "root", os.environ["FX_UI_SHOT"] + "-schema.png"])
            key("alt+3")
            ok(wait_for(lambda: find(app, "combo box", "Prompt Strategy")
                        or any("Anchored" in l for l in labels(app))), "the form offers the anchored strategy")
            entries = wait_for(lambda: find(app, "text", "Anchor columns"))
            ok(entries, "and, chosen, an anchor chooser named for assistive technology")

            def anchor_text():
                for entry in find(app, "text", "Anchor columns"):
                    try:
                        t = entry.queryText()
                        if t.characterCount > 0:
                            return t.getText(0, t.characterCount)
                    except Exception:
                        pass
                return None
            text = wait_for(anchor_text, 10)
            ok(text == "gender, ethnicity, hospital_mortality",
               "which starts with the schema's group columns and its target", text)
            if os.environ.get("FX_UI_SHOT"):
                subprocess.run(["import", "-window", "root", os.environ["FX_UI_SHOT"] + "-form.png"])
            before = len(runs())
            ok(press(app, "Start Run"), "an anchored run against a local server starts")
            done = wait_for(lambda: len(runs()) > before and last_run()["status"] == "completed", 60)
            run = last_run()
            ok(done and run["accepted"] == 20, "the anchored run completes with its 20 rows", run)
            db = sqlite3.connect(STORE)
            try:
                strategy, parameters = db.execute("SELECT strategy, parameters FROM runs WHERE id = ?",
                                                  (run["id"] if run else -1,)).fetchone() or (None, "{}")
            finally:
                db.close()
            params = json.loads(parameters or "{}")
            ok(strategy == "anchored", "the store names the strategy", strategy)
            ok(params.get("anchors") == ["gender", "ethnicity", "hospital_mortality"],
               "and the run's parameters name the anchor columns", params.get("anchors"))
            ok(wait_for(lambda: any("drawn from the reference data" in l for l in labels(app))),
               "the run's detail names the anchors in words")
            ok(not unnamed_controls(app), "every control of the form has an accessible name", unnamed_controls(app))
    finally:
        fake.terminate()
        fake.wait()


def live_notes():
    """What is adjusted for the model (the Anthropic API takes no seed) is said beside the
    progress while the run goes on, before it has ended."""
    # the second answer does not come until the run is cancelled: it is still going on
    fake = subprocess.Popen([FAKE, "--key", KEY, "--delay", "150", "--faults", "ok,slow", "--slow", "600000"],
                            stdout=subprocess.PIPE, text=True)
    url = fake.stdout.readline().strip()
    subprocess.run(["secret-tool", "store", "--label", "Facsimile: anthropic", "xdg:schema",
                    "io.github.facsimile.Facsimile.ApiKey", "provider", "anthropic"],
                   input=KEY, text=True, check=True)
    settings = {"visible-page": "schema", "run-generator": "anthropic", "run-strategy": "statistics",
                "anthropic-base-url": url, "anthropic-model": "claude-sonnet-4-5",
                "run-rows": 80, "run-batch-rows": 2, "run-concurrency": 1, "window-height": 1000}

    def live():
        return [l for l in labels(app) if l.startswith("Adjusted for this model:")]

    try:
        with App(settings, DATA) as a:
            app = a.app
            if not ok(app is not None and open_example(app), "the example opens a sixth time"):
                return
            key("alt+3")
            before = len(runs())
            ok(press(app, "Start Run"), "a run against a slow Anthropic-like server starts")
            started = wait_for(lambda: len(runs()) > before and last_run()["status"] == "running", 30)
            ok(started, "the run is under way", last_run())
            shown = wait_for(live, 30)
            ok(shown and "the seed is not sent" in shown[0] and last_run()["status"] == "running",
               "while it goes on, the pane says the seed is not sent to this model", (shown, last_run()))
            ok(press(app, "Cancel Run"), "the run is cancelled")
            ok(wait_for(lambda: last_run()["status"] == "cancelled", 20), "and stops", last_run())
            ok(wait_for(lambda: not live() and any("the seed is not sent" in l for l in labels(app))),
               "ended, the note is no longer live and stays in the run's provenance", live())
    finally:
        fake.terminate()
        fake.wait()


def set_spin(app, name, value, exact=False):
    """Types @value into the spin button named @name and confirms it."""
    spins = wait_for(lambda: [n for n in find(app, "spin button", name, exact)])
    if not spins:
        return False
    click(spins[0])
    key("ctrl+a")
    type_text(str(value))
    key("Return")
    return True


def requests_of(run_id):
    """The usage of each request of @run_id, oldest first, as the store holds it."""
    db = sqlite3.connect(STORE)
    try:
        return db.execute("SELECT prompt_tokens, completion_tokens FROM requests WHERE run_id = ? ORDER BY id",
                          (run_id,)).fetchall()
    finally:
        db.close()


def estimate_and_budget():
    """The estimate follows the rows asked for; a budget stops the run at its spend, the
    fake server reporting 500 prompt tokens a request and 40 output tokens a row."""
    fake = subprocess.Popen([FAKE, "--delay", "100"], stdout=subprocess.PIPE, text=True)
    url = fake.stdout.readline().strip()
    settings = {"visible-page": "schema", "run-generator": "openai-compatible", "run-strategy": "statistics",
                "openai-compatible-base-url": url, "openai-compatible-model": "fake-model",
                "run-rows": 40, "run-batch-rows": 2, "run-concurrency": 1, "window-height": 1000}

    def estimate_text():
        return [l for l in labels(app) if " requests, about " in l or l.startswith("Estimating")]
    try:
        with App(settings, DATA) as a:
            app = a.app
            # the test's own price, 1,000 and 2,000 a million tokens: each request of 2 rows costs 0.66
            folder = os.path.join(a.config, "facsimile")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "model-prices.json"), "w") as f:
                json.dump({"format": 1, "prices": [
                    {"provider": "openai-compatible", "match": ["fake-*"], "input": 1000, "output": 2000,
                     "currency": "USD", "source": "the test", "date": "2026-12-06"}]}, f)
            if not ok(app is not None and open_example(app), "the example opens for the estimate"):
                return
            key("alt+3")
            ok(wait_for(lambda: any(l.startswith("20 requests, about ") and "USD" in l for l in labels(app)), 30),
               "the form estimates the run as set, 40 rows 2 a request, with its cost", estimate_text())
            ok(set_spin(app, "Rows", 80, exact=True) and
               wait_for(lambda: any(l.startswith("40 requests, about ") for l in labels(app)), 30),
               "the estimate follows the number of rows", estimate_text())
            ok(set_spin(app, "Budget of the run", 2), "a budget of 2 is set")
            ok(wait_for(lambda: any(l.startswith("40 requests, about ") for l in labels(app)), 10),
               "the rows asked for are still 80", estimate_text())
            before = len(runs())
            ok(press(app, "Start Run"), "the run starts with its budget")
            stopped = wait_for(lambda: len(runs()) > before and last_run()["status"] == "cancelled", 60)
            run = last_run()
            db = sqlite3.connect(STORE)
            try:
                costs = [(p * 1000 + c * 2000) / 1e6 for p, c in db.execute(
                    "SELECT prompt_tokens, completion_tokens FROM requests WHERE run_id = ? ORDER BY id",
                    (run["id"] if run else -1,))]
            finally:
                db.close()
            # the spend from the usage fields reaches 2 with the last request answered, not before
            ok(stopped and len(costs) > 1 and sum(costs[:-1]) < 2 <= sum(costs),
               "the budget stops the run, cancelled and resumable, at the request whose spend reaches it",
               (run, costs))
            if not stopped:
                return

            # carried on within a higher budget, which counts what the run spent before
            first = len(costs)
            ok(wait_for(lambda: find(app, "spin button", "Budget for carrying on", exact=True), 30),
               "the stopped run's detail offers a budget for carrying it on")
            ok(set_spin(app, "Budget for carrying on", 4, exact=True), "a budget of 4 for the whole run is set")
            ok(press(app, "Resume"), "the run is resumed")
            ok(wait_for(lambda: last_run()["status"] == "running", 30) or len(requests_of(run["id"])) > first,
               "it carries on")
            again = wait_for(lambda: last_run()["status"] == "cancelled" and len(requests_of(run["id"])) > first, 60)
            costs = [(p * 1000 + c * 2000) / 1e6 for p, c in requests_of(run["id"])]
            ok(again and len(runs()) == before + 1 and sum(costs[:-1]) < 4 <= sum(costs),
               "it stops again at the request whose spend brings the whole run to 4, in the same run",
               (last_run(), costs))
    finally:
        fake.terminate()
        fake.wait()


if __name__ == "__main__":
    # FX_UI_PHASES=2,3 runs some of them, when working on one
    phases = os.environ.get("FX_UI_PHASES", "1,2,3,4,5,6").split(",")
    for number, phase in (("1", copula_run), ("2", cancel_and_resume), ("3", confirmation), ("4", anchored),
                          ("5", estimate_and_budget), ("6", live_notes)):
        if number in phases:
            phase()
    finish()
