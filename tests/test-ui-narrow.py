#!/usr/bin/python3
"""Every pane fits GNOME's small-screen size, 360 x 720 (TAP).  The window starts at
360 px wide with the eICU example open; in each pane (Schema, Providers, the Runs form
and a finished run, each tab of Compare) the window must stay 360 px wide, which it
can only if every widget shown asks for no more, and nothing on screen may reach past
its right edge (what a scrolled view holds may: it scrolls).  A failure names the widest things on screen."""

import sys
import tempfile
import time

import pyatspi

from fxui import App, finish, find, key, labels, name_of, ok, press, role_of, show_tab, wait_for

WIDTH, HEIGHT = 360, 720
DATA = tempfile.mkdtemp(prefix="fx-ui-data-")


def extents(node):
    try:
        e = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return e.x, e.y, e.width, e.height
    except Exception:
        return None


def window_of(app):
    for node in app:
        if node is not None and role_of(node) == "frame":
            return node
    return None


def window_width(app):
    frame = window_of(app)
    e = extents(frame) if frame is not None else None
    return e[2] if e is not None else None


def unscrolled(node, out=None):
    """@node and what it holds outside scrolled views: a table wider than its view
    scrolls inside it, and only the view itself must fit."""
    out = [] if out is None else out
    out.append(node)
    if role_of(node) == "scroll pane":
        return out
    try:
        for child in node:
            if child is not None:
                unscrolled(child, out)
    except Exception:
        pass
    return out


def overflowing(app):
    """What is on screen and reaches past the window's right edge, widest first."""
    frame = window_of(app)
    fe = extents(frame) if frame is not None else None
    if fe is None:
        return ["no window"]
    right = fe[0] + WIDTH
    found = []
    for node in unscrolled(frame):
        e = extents(node)
        if e is None or e[2] <= 0 or e[3] <= 0:
            continue
        # within the window's height only: what a scrolled list holds below is not shown
        if e[1] >= fe[1] + fe[3] or e[1] + e[3] <= fe[1]:
            continue
        if e[0] + e[2] > right + 1:
            found.append((e[2], "%s %r: x %d, width %d" % (role_of(node), name_of(node)[:40], e[0] - fe[0], e[2])))
    found.sort(key=lambda t: -t[0])
    return [text for _, text in found[:12]]


def check(app, pane):
    # the window follows a wider request after a relayout: give it the frames it needs
    wait_for(lambda: window_width(app) is not None and window_width(app) <= WIDTH, 5)
    width = window_width(app)
    ok(width is not None and width <= WIDTH, "%s: the window stays %d px wide" % (pane, WIDTH),
       "the window is %s px wide; past its edge:\n%s" % (width, "\n".join(overflowing(app))))
    wide = overflowing(app)
    ok(not wide, "%s: nothing reaches past the right edge" % pane, "\n".join(wide))


def main():
    settings = {"visible-page": "schema", "run-rows": 500, "window-width": WIDTH, "window-height": HEIGHT,
                "window-maximized": False}
    with App(settings, DATA) as a:
        app = a.app
        if not ok(app is not None, "the application starts"):
            finish()
        ok(wait_for(lambda: window_width(app) is not None), "the window is on screen")
        check(app, "Welcome")
        if not ok(press(app, "Open the eICU Example"), "the example opens"):
            finish()
        wait_for(lambda: find(app, "label", "apache_score", exact=True))
        time.sleep(1.5)
        check(app, "Schema")

        key("alt+2")
        time.sleep(1.5)
        check(app, "Providers")

        key("alt+3")
        time.sleep(1.5)
        check(app, "Runs form")
        press(app, "Start Run")
        ok(wait_for(lambda: "Completed" in labels(app), 120), "a copula run finishes")
        time.sleep(2)
        check(app, "Run detail")

        if not ok(press(app, "Compare with the real data"), "the run is compared"):
            finish()
        ok(wait_for(lambda: [l for l in labels(app) if " alike" in l], 90), "the comparison is shown")
        time.sleep(2)
        check(app, "Compare, Features")
        for name in ("Distances", "Correlations", "Utility", "Privacy", "Validity", "Study"):
            if ok(show_tab(app, name), "the %s tab opens" % name):
                time.sleep(1.5)
                check(app, "Compare, " + name)
    finish()


if __name__ == "__main__":
    sys.exit(main())
