#!/usr/bin/python3
"""Every pane reads well to a screen reader (TAP): with the eICU example open, a
Gaussian-copula run finished and compared with the real table, the accessibility tree
of each pane (Schema, Providers, Runs, and each tab of Compare) is walked through
AT-SPI.  A name that is a toolkit type name (GtkToggleButton, GtkListItemWidget), a
word said twice ("Rows Rows"), an interactive control without a name, or a name
repeated among the controls beside it fails the test.  The rows and cells checked are
those of the comparison's table and of the Schema designer's feature list, whose rows
say their feature and whose cells their column and value.

A screen reader that counted the application's windows a moment before one closed asks
for a window past the end; the application answers and stays up, at the start and after
the shortcuts window and a file chooser have come and gone."""

import re
import subprocess
import tempfile
import time

from gi.repository import Gio, GLib

from fxui import (App, all_nodes, file_chooser, finish, find, key, labels, name_of, ok, point_at, press, role_of,
                  show_tab, showing, wait_for, windows)

DATA = tempfile.mkdtemp(prefix="fx-ui-data-")

INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box", "entry",
               "password text", "spin button", "slider", "page tab", "link", "menu button", "switch"}
# what a screen reader announces as it moves: controls, the rows and cells of tables and
# lists, groups of tabs (plain containers, decorative images and scroll bars it passes by)
ANNOUNCED = INTERACTIVE | {"table row", "table cell", "list item", "page tab list"}
TYPE_NAME = re.compile(r"\b(Gtk|Adw|Fx)[A-Z][A-Za-z]+\b")
TWICE = re.compile(r"^(\S.*?) \1$")


def ancestry(node, depth=6):
    names = []
    try:
        for _ in range(depth):
            node = node.parent
            if node is None:
                break
            names.append(name_of(node))
    except Exception:
        pass
    return " / ".join(names)


def problems_in(app, pane):
    """What a screen reader would stumble on among the nodes on screen (GTK 4.8 keeps
    the hidden panes' extents: the whole tree is looked at each time)."""
    found = []
    for node in all_nodes(app):
        if not showing(node):
            continue
        role, name = role_of(node), name_of(node)
        if role not in ANNOUNCED:
            continue
        try:
            parent = "%s %r" % (role_of(node.parent), name_of(node.parent))
        except Exception:
            parent = "?"
        where = "%s: %s in %s" % (pane, role, parent)
        # the rows and cells of the comparison's table and of the designer's feature
        # list are named; other lists' rows are read through their labels
        if role in ("table row", "table cell") and \
                not {"Features compared", "Features"} & set(ancestry(node).split(" / ")):
            continue
        # a toast's close button is libadwaita's own, unnamed in libadwaita 1.2; whether
        # one is on screen depends on when the tree is walked
        if "AdwToastWidget" in parent or "AdwToastWidget" in ancestry(node):
            continue
        if TYPE_NAME.search(name):
            found.append("%s named after a type: %r (within %s)" % (where, name, ancestry(node)))
        if TWICE.match(name):
            found.append("%s says its name twice: %r" % (where, name))
        if role in INTERACTIVE and not name.strip():
            found.append("%s without a name" % where)
        if role in INTERACTIVE and name.strip():
            try:
                siblings = [c for c in node.parent if c is not None]
            except Exception:
                siblings = []
            same = [c for c in siblings if role_of(c) == role and name_of(c) == name and showing(c)]
            if len(same) > 1:
                found.append("%s %r is one of %d controls beside each other with that name" % (where, name, len(same)))
    return sorted(set(found))


BUS = []


def a11y_bus():
    """One connection to the accessibility bus, as a screen reader has."""
    if not BUS:
        address = subprocess.run(["dbus-send", "--session", "--dest=org.a11y.Bus", "--print-reply=literal",
                                  "/org/a11y/bus", "org.a11y.Bus.GetAddress"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        BUS.append(Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None))
    return BUS[0]


def accessible_property(bus, name, path, prop):
    """A property of the accessible at @name @path, or None if it does not answer."""
    try:
        return bus.call_sync(name, path, "org.freedesktop.DBus.Properties", "Get",
                             GLib.Variant("(ss)", ("org.a11y.atspi.Accessible", prop)),
                             None, 0, 10000, None).unpack()[0]
    except GLib.Error:
        return None


def past_the_end(a):
    """Asks the application's root, over D-Bus as a screen reader does, for the windows
    at its child count and one beyond: what one asks whose count was taken before a
    window closed.  Returns what is wrong, or an empty list."""
    bus = a11y_bus()
    try:
        roots = bus.call_sync("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root",
                              "org.a11y.atspi.Accessible", "GetChildren", None, None, 0, 10000, None).unpack()[0]
    except GLib.Error as e:
        return ["the registry does not list the applications: " + e.message]
    ours = [(n, p) for n, p in roots if accessible_property(bus, n, p, "Name") == "facsimile"]
    if not ours:
        return ["the application is not on the accessibility bus"]
    name, path = ours[0]
    count = accessible_property(bus, name, path, "ChildCount")
    if count is None:
        return ["the application does not say how many windows it has"]
    wrong = []
    for index in (count, count + 1):
        try:
            bus.call_sync(name, path, "org.a11y.atspi.Accessible", "GetChildAtIndex", GLib.Variant("(i)", (index,)),
                          None, 0, 10000, None)
        except GLib.Error as e:
            wrong.append("window %d of %d: %s" % (index, count, e.message))
    if a.proc.poll() is not None:
        wrong.append("the application has ended")
    return wrong


def main():
    settings = {"visible-page": "schema", "run-rows": 500, "window-width": 1400, "window-height": 1000}
    with App(settings, DATA) as a:
        app = a.app
        if not ok(app is not None and press(app, "Open the eICU Example"), "the example opens"):
            finish()
        wait_for(lambda: find(app, "label", "apache_score", exact=True))
        issues = problems_in(app, "Schema")
        ok(not issues, "the Schema pane: every name is meaningful and unique among its neighbours", issues)
        ok(find(app, "table row", "apache_score", exact=True), "the designer's rows are named after their feature")
        ok(find(app, "table cell", "Name: apache_score", exact=True) and find(app, "table cell", "Type: "),
           "the designer's cells say their column and value")

        wrong = past_the_end(a)
        ok(not wrong, "asked for a window past the end, the application answers", wrong)
        # the root leaves hidden windows out of its count: a window closed must be gone
        # for good, or a screen reader asking past the end is handed it
        main_window = windows(app)[0]

        def alone():
            return [name_of(w) for w in windows(app)] == [name_of(main_window)]

        def shortcuts():
            shown = [w for w in windows(app) if showing(w) and find(w, "label", "Show Shortcuts")]
            return shown[0] if shown else None

        for keys, opens, closes, window in (
                ("ctrl+question", "Ctrl+? shows the keyboard shortcuts", "Escape closes them", shortcuts),
                ("ctrl+o", "Ctrl+O shows a file chooser", "Escape closes it", lambda: file_chooser(app))):
            point_at(main_window, "key", keys)
            shown = wait_for(window, 20)
            if ok(shown, opens):
                point_at(shown, "key", "Escape")
            ok(shown and wait_for(alone, 20), closes, [name_of(w) for w in windows(app)])
            point_at(main_window)
            wrong = past_the_end(a)
            ok(not wrong, "asked for a window past the end then, the application answers", wrong)

        key("alt+2")
        time.sleep(1.5)
        issues = problems_in(app, "Providers")
        ok(not issues, "the Providers pane", issues)

        key("alt+3")
        time.sleep(1.0)
        issues = problems_in(app, "Runs form")
        ok(not issues, "the Runs pane's form", issues)
        press(app, "Start Run")
        ok(wait_for(lambda: "Completed" in labels(app), 120), "a copula run finishes")
        time.sleep(2)
        issues = problems_in(app, "Run detail")
        ok(not issues, "the Runs pane with a finished run", issues)

        ok(press(app, "Compare with the real data"), "the run is compared")
        ok(wait_for(lambda: [l for l in labels(app) if " alike" in l], 60), "the comparison is shown")
        wait_for(lambda: find(app, "label", "apache_score", exact=True))
        time.sleep(2)
        issues = problems_in(app, "Compare, Features")
        ok(not issues, "the Compare pane, its features", issues)
        for name in ("Distances", "Correlations", "Study"):
            if ok(show_tab(app, name), "the %s tab opens" % name):
                time.sleep(1.5)
                issues = problems_in(app, "Compare, " + name)
                ok(not issues, "the Compare pane, %s" % name, issues)
    finish()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a step that cannot go on fails the test, with the reason
        ok(False, "the test runs to the end", repr(e))
        finish()
