#!/usr/bin/python3
"""The Compare pane's Privacy and Validity views show evaluate's numbers (TAP).

On the bundled example, a Gaussian-copula run (with the 20 % holdout the Runs form
keeps by default) is compared with the real table in the real application.  The
numbers the Privacy view shows (exact copies, distance to the closest training row at
the 5th percentile and the median, the share of rows closer to training, the attack's
AUROC and interval) and the Validity view's violations of every rule, in real and
synthetic rows, and the invalid cells, are read through AT-SPI and must be those of
`facsimile-cli evaluate --run 1 --json`, run by this test on the same store, as the
views print them."""

import json
import os
import subprocess
import tempfile

from fxui import (App, all_nodes, name_of, role_of, show_tab, showing, finish, key, labels, ok, open_example, press,
                  wait_for, wait_message)

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DATA = tempfile.mkdtemp(prefix="fx-ui-data-")


def privacy_lines(privacy):
    """The lines of the Privacy view's numbers, formatted as the view formats them."""
    p = privacy
    return [
        "Exact copies of training rows: %.1f %% of synthetic rows (%.1f %% of holdout rows, by chance)"
        % (100 * p["exact_copies"]["synthetic"], 100 * p["exact_copies"]["holdout"]),
        "Synthetic rows closer to training than to holdout: %.1f %% (50 %% is ideal)"
        % (100 * p["dcr"]["share_closer_to_training"]),
        "Distance to the closest training row, 5th percentile / median: synthetic %.4f / %.4f, holdout %.4f / %.4f"
        % (p["dcr"]["synthetic"]["p5"], p["dcr"]["synthetic"]["median"],
           p["dcr"]["holdout"]["p5"], p["dcr"]["holdout"]["median"]),
        "Membership attack: AUROC %.3f (95 %% CI %.3f–%.3f; 0.5 learns nothing), advantage %.3f"
        % (p["membership"]["auroc"], p["membership"]["auroc_ci"][0], p["membership"]["auroc_ci"][1],
           p["membership"]["advantage"]),
    ]


def main():
    settings = {"visible-page": "schema", "run-rows": 1000, "window-width": 1400, "window-height": 1000}
    with App(settings, DATA) as a:
        app = a.app
        if not ok(open_example(app), "the example opens"):
            return
        key("alt+3")
        press(app, "Start Run")
        ok(wait_message(app, "Run 1 finished", 120), "a copula run finishes")
        ok(press(app, "Compare with the real data"), "its detail view offers Compare")
        ok(wait_for(lambda: [l for l in labels(app) if " alike" in l], 60), "the comparison is done")

        store = os.path.join(DATA, "facsimile", "facsimile.db")
        proc = subprocess.run([os.environ["FX_CLI"], "evaluate", "--run", "1", "--store", store, "--json", "-"],
                              capture_output=True, text=True, timeout=300)
        ok(proc.returncode == 0, "facsimile-cli evaluate --run 1 on the application's store", proc.stderr)
        evaluated = json.loads(proc.stdout) if proc.returncode == 0 else {}
        ok(evaluated.get("split", {}).get("generator_saw_holdout") is False,
           "the run kept a holdout from its generator")

        ok(show_tab(app, "Privacy"), "the Privacy view can be shown")
        numbers = wait_for(lambda: [l for l in labels(app) if l.startswith("Exact copies of training rows:")], 60)
        ok(numbers, "it shows the privacy numbers",
           "\n".join("%s %s %r" % (role_of(n), showing(n), name_of(n)[:120]) for v in all_nodes(app)
                     if role_of(v) == "filler" and name_of(v) == "Privacy" for n in all_nodes(v)))
        if numbers and evaluated.get("privacy"):
            shown = numbers[0].splitlines()
            for want in privacy_lines(evaluated["privacy"]):
                ok(want in shown, "Privacy view: “%s”, as evaluate" % want, "\n".join(shown))
            sentence = ("The synthetic records are no closer to the patients they were made from than to new patients."
                        if evaluated["privacy"]["membership"]["auroc_ci"][0] <= 0.5 else None)
            ok(sentence is None or sentence in labels(app), "with the plain sentence", sentence)

        ok(show_tab(app, "Validity"), "the Validity view can be shown")
        rules = evaluated.get("validity", {}).get("rules", [])
        shown = wait_for(lambda: (lambda ls: ls if any(l.startswith(rules[0]["name"] + ": ") for l in ls) else None)(
            labels(app)) if rules else None, 30)
        ok(shown and len(rules) >= 6, "it lists the schema's %d rules" % len(rules))
        shown = shown or []
        problems = []
        for rule in rules:
            title = "%s: %s" % (rule["name"], rule["check"])
            want = "Real rows that break it: %d; synthetic rows: %d" % (rule["real_violations"],
                                                                        rule["synthetic_violations"])
            at = shown.index(title) if title in shown else -1
            if at < 0 or at + 1 >= len(shown) or shown[at + 1] != want:
                problems.append("%s: %r, evaluate: %r" % (rule["name"], shown[at + 1] if 0 <= at < len(shown) - 1
                                                          else None, want))
        ok(rules and not problems, "each rule's violations in real and synthetic rows are evaluate's",
           "\n".join(problems))
        invalid = evaluated.get("validity", {}).get("invalid", {})
        doubtful = sum(1 for r in rules if r["doubtful"])
        summary = ("%d rules, %d of them doubtful. Invalid synthetic cells: %d out of range, %d unknown categories, "
                   "%d of the wrong type." % (len(rules), doubtful, invalid.get("out_of_range", -1),
                                               invalid.get("unknown_category", -1), invalid.get("wrong_type", -1)))
        ok(summary in shown, "and the invalid cells by reason: “%s”" % summary,
           [l for l in shown if "rules" in l])
    finish()


if __name__ == "__main__":
    main()
