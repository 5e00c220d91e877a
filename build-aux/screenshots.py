#!/usr/bin/python3
"""Drives the application through AT-SPI to the states shown in data/screenshots/ and
takes each picture: the Schema pane with the eICU example open and a feature selected,
the Providers pane, the Runs pane with a finished Gaussian-copula run, the Compare pane with that run held
against the real table (a feature's plots, then the correlation heatmaps), and the Study
tab's leaderboard after a study of the baselines.

Run by build-aux/screenshots.sh, inside a virtual display with the accessibility bus."""

import os
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

from fxui import App, click, find, key, labels, press, wait_for  # noqa: E402

OUT = os.environ["FX_SCREENSHOTS"]
STYLE = os.environ.get("FX_STYLE", "light")
# the large monitor (the names without a size) or GNOME's small-screen width
SIZE = os.environ.get("FX_SIZE", "1400x900")
WIDTH, HEIGHT = (int(v) for v in SIZE.split("x"))
SUFFIX = "" if SIZE == "1400x900" else "-%d" % WIDTH


def shoot(page):
    # the pointer rests where it shows no tooltip
    subprocess.run(["xdotool", "mousemove", str(WIDTH - 1), str(HEIGHT - 1)], check=True)
    time.sleep(1.5)
    path = os.path.join(OUT, "%s%s-%s.png" % (page, SUFFIX, STYLE))
    subprocess.run(["import", "-window", "root", path], check=True)
    print(path)


def find_tab(app, name):
    """The Compare pane's tab called @name, whatever role the switcher gives it."""
    for role in ("toggle button", "radio button", "push button", "page tab"):
        tab = find(app, role, name, exact=True)
        if tab:
            return tab
    return []


def main():
    data = tempfile.mkdtemp(prefix="fx-shots-")
    settings = {"visible-page": "schema", "window-width": WIDTH, "window-height": HEIGHT,
                "window-maximized": SIZE == "1400x900", "run-rows": 2520,
                # the Study tab's own study: the two baselines, four numbers of features, twice
                "study-counts": "5, 10, 20, 36", "study-row-counts": "1000", "study-repeats": 2}
    with App(settings, data) as a:
        app = a.app
        if app is None:
            sys.exit("the application did not start")
        shoot("welcome")
        if not press(app, "Open the eICU Example"):
            sys.exit("no welcome page")
        wait_for(lambda: find(app, "label", "apache_score"))
        cell = find(app, "label", "apache_score", exact=True)
        if cell:
            click(cell[0])
        shoot("schema")
        key("alt+2")
        shoot("providers")
        key("alt+3")
        if not press(app, "Start Run"):
            sys.exit("Start Run is not offered")
        wait_for(lambda: any(l.startswith("Run 1 finished") for l in labels(app)), 60)
        time.sleep(3)  # the toast goes
        shoot("runs")
        if not press(app, "Compare with the real data"):
            sys.exit("Compare is not offered")
        wait_for(lambda: any(" alike" in l for l in labels(app)), 60)
        # the Compare pane comes last in the tree (hidden panes keep their old positions)
        cell = wait_for(lambda: find(app, "label", "apache_score", exact=True))
        if cell:
            click(cell[-1])
        time.sleep(2)
        shoot("compare")
        tab = find_tab(app, "Correlations")
        if tab:
            click(tab[0])
        shoot("correlations")
        tabs = find_tab(app, "Study")
        if tabs:
            tabs[-1].queryAction().doAction(0)
        if press(app, "Start the Study"):
            wait_for(lambda: any(l.startswith("Done:") for l in labels(app)), 180)
            time.sleep(4)  # the toast goes
            # on a large screen, the leaderboard below the form: the wheel, beside the
            # column (where it scrolls the tab and not the table), brings it under the tabs
            board = find(app, "label", "Leaderboard", exact=True, visible=False)
            if WIDTH >= 1000 and board and tabs:
                under = tabs[-1].queryComponent().getExtents(pyatspi.DESKTOP_COORDS).y + 120
                subprocess.run(["xdotool", "mousemove", "8", str(HEIGHT - 100)], check=True)
                for _ in range(120):
                    if board[-1].queryComponent().getExtents(pyatspi.DESKTOP_COORDS).y < under:
                        break
                    subprocess.run(["xdotool", "click", "5"], check=True)
                    time.sleep(0.1)
        shoot("study")


if __name__ == "__main__":
    main()
