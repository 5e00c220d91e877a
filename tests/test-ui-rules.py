#!/usr/bin/python3
"""The Schema pane's validity rules: the eICU example's rules are listed with how many
reference rows break each (none); a new rule that real rows break says how many (the
count taken again here from the CSV with Python's csv module) as it is typed; a check
that does not compile says so, naming the rule and SQLite's message; every control has
an accessible name.  With FX_SHOT_DIR set, a screenshot of the pane is kept there."""

import csv
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi

from fxui import (App, all_nodes, click, finish, find, key, labels, name_of, ok, press, role_of,
                  type_text, wait_for)

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
STAYS = os.path.join(TOP, "resources", "examples", "eicu-demo", "stays.csv")


def status_labels(app, text):
    return [l for l in labels(app) if l and text in l]


def main():
    with open(STAYS, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    aged = sum(1 for r in rows if r["age"].strip() and float(r["age"]) >= 80)
    with App({"visible-page": "schema", "window-width": 1400, "window-height": 1000}) as a:
        app = a.app
        ok(app is not None, "the application shows up on the accessibility bus")
        if app is None:
            return
        ok(press(app, "Open the eICU Example"), "the example opens")
        expander = wait_for(lambda: [n for n in all_nodes(app)
                                     if name_of(n).startswith("Validity Rules") and role_of(n) != "label"])
        ok(expander, "the pane has the Validity Rules list")
        if not expander:
            return
        click(expander[0])
        none = "No reference row of %d breaks it" % len(rows)
        shown = wait_for(lambda: len(status_labels(app, none)) >= 6 and status_labels(app, none))
        ok(shown and len(shown) >= 6,
           "each of the example's rules says no reference row breaks it (%d rows)" % len(rows),
           [l for l in labels(app) if "reference" in (l or "")])

        ok(press(app, "Add Rule"), "a rule can be added")
        focused = wait_for(lambda: [n for n in find(app, "text", "Rule Name", visible=False)
                                    if n.getState().contains(pyatspi.STATE_FOCUSED)])
        ok(focused, "the new rule's name has the focus")
        if not focused:
            return
        type_text("under_eighty")
        # past the rule's Remove button to its check
        key("Tab")
        key("Tab")
        type_text("age < 80")
        want = "%d reference rows of %d break it: a doubtful rule" % (aged, len(rows))
        ok(wait_for(lambda: status_labels(app, want), timeout=15),
           "as it is typed, the rule says %d reference rows break it (Python's csv)" % aged,
           [l for l in labels(app) if "reference" in (l or "")][-3:])
        if os.environ.get("FX_SHOT_DIR"):
            subprocess.run(["import", "-window", "root", os.path.join(os.environ["FX_SHOT_DIR"], "rules.png")])

        type_text(" >> >")
        broken = wait_for(lambda: [l for l in labels(app) if l and "“under_eighty”" in l and "syntax error" in l],
                          timeout=15)
        ok(broken, "a check that does not compile says so, naming the rule and SQLite's message",
           [l for l in labels(app) if "under_eighty" in (l or "")])
        if os.environ.get("FX_SHOT_DIR"):
            subprocess.run(["import", "-window", "root", os.path.join(os.environ["FX_SHOT_DIR"], "broken.png")])

        unnamed = [role_of(n) for n in all_nodes(app)
                   if role_of(n) in ("push button", "toggle button", "check box", "text", "combo box")
                   and not name_of(n) and n.queryComponent().getExtents(0).width > 0]
        ok(not unnamed, "every control of the pane has an accessible name", unnamed)


main()
finish()
