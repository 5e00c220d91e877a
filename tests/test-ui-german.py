#!/usr/bin/python3
"""The application in German, driven through AT-SPI (TAP).

Run by tests/run-ui-test.sh: the real application starts with LANGUAGE=de and
LC_ALL=de_DE.UTF-8 (the locale is built here with localedef, the translations are the
ones built in the build tree). Its panes, welcome page and menu speak German; numbers on
screen have the German decimal comma; Help in the main menu and F1 both open the user
guide, help:facsimile, through whatever handles help: links (a stand-in here that
writes down the address it was given)."""

import os
import re
import stat
import subprocess
import sys
import tempfile
import time

from fxui import App, all_nodes, find, key, labels, name_of, ok, press, results, role_of, wait_for

WORK = tempfile.mkdtemp(prefix="fx-ui-de-")


def make_locale():
    locales = os.path.join(WORK, "locales")
    os.makedirs(locales)
    made = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(locales, "de_DE.UTF-8")],
                          capture_output=True, text=True)
    # 1: made, with warnings
    if made.returncode in (0, 1) and os.path.isdir(os.path.join(locales, "de_DE.UTF-8")):
        return locales
    print("# localedef: %s" % made.stderr.strip())
    return None


def install_help_probe():
    """A handler of help: links that writes down each address it is asked to open."""
    opened = os.path.join(WORK, "help-opened.txt")
    script = os.path.join(WORK, "help-probe.sh")
    with open(script, "w") as f:
        f.write('#!/bin/sh\nprintf "%%s\\n" "$1" >> "%s"\n' % opened)
    os.chmod(script, stat.S_IRWXU)
    apps = os.path.join(os.environ["XDG_DATA_HOME"], "applications")
    os.makedirs(apps, exist_ok=True)
    with open(os.path.join(apps, "fx-help-probe.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Help probe\nExec=%s %%u\n"
                "MimeType=x-scheme-handler/help;\nNoDisplay=true\n" % script)
    with open(os.path.join(apps, "mimeapps.list"), "w") as f:
        f.write("[Default Applications]\nx-scheme-handler/help=fx-help-probe.desktop\n")
    return opened


def opened_addresses(path):
    try:
        with open(path) as f:
            return f.read().split()
    except FileNotFoundError:
        return []


def names(app):
    return {name_of(n) for n in all_nodes(app)}


def main():
    locales = make_locale()
    if locales is None:
        print("ok 1 # SKIP localedef cannot make de_DE.UTF-8 here")
        results.append(True)
        return
    opened = install_help_probe()
    os.environ.update(LANGUAGE="de", LC_ALL="de_DE.UTF-8", LOCPATH=locales,
                      FACSIMILE_LOCALEDIR=os.environ["FX_LOCALEDIR"])
    settings = {"visible-page": "schema", "window-width": 1400, "window-height": 1000}
    with App(settings) as a:
        app = a.app
        if not ok(app is not None, "the application starts in German"):
            return
        panes = wait_for(lambda: {"Schema", "Anbieter", "Läufe", "Vergleich"} <= names(app))
        ok(panes, "the panes are Schema, Anbieter, Läufe and Vergleich",
           sorted(n for n in names(app) if n)[:40])
        welcome = wait_for(lambda: "Willkommen bei Facsimile" in labels(app))
        ok(welcome, "the welcome page greets in German")
        ok("Welcome to Facsimile" not in labels(app), "and not in English")
        ok(press(app, "Das eICU-Beispiel öffnen"), "the button that opens the example is in German")

        # missing rates in the feature list, with the German decimal comma ("15,9 %")
        def rates():
            shown = [l for l in labels(app) if re.fullmatch(r"\d+[.,]\d %", l or "")]
            return shown if len(shown) >= 10 else None
        shown = wait_for(rates) or []
        ok(shown and all("," in l for l in shown),
           "numbers on screen have the German decimal comma (%s)" % ", ".join(shown[:3]), shown[:10])
        ok(any("Merkmale" in (n or "") for n in names(app)), "the schema's features are „Merkmale“")
        key("alt+4")
        ok(wait_for(lambda: "α = 0,05" in names(app)), "the Compare pane's significance level reads „α = 0,05“",
           sorted(n for n in names(app) if "α" in (n or "")))
        key("alt+1")

        # Help, from the main menu, then F1: both ask for the guide
        ok(press(app, "Hauptmenü", role="toggle button") or press(app, "Hauptmenü"),
           "the main menu is „Hauptmenü“")
        item = wait_for(lambda: [n for n in all_nodes(app) if role_of(n) == "menu item" and name_of(n) == "Hilfe"], 10)
        ok(bool(item), "the menu has „Hilfe“", sorted({name_of(n) for n in all_nodes(app) if role_of(n) == "menu item"}))
        if item:
            item[0].queryAction().doAction(0)
        ok(wait_for(lambda: opened_addresses(opened) == ["help:facsimile"], 15),
           "Hilfe opens help:facsimile", opened_addresses(opened))
        time.sleep(1)
        key("F1")
        ok(wait_for(lambda: opened_addresses(opened) == ["help:facsimile"] * 2, 15),
           "F1 opens help:facsimile", opened_addresses(opened))


if __name__ == "__main__":
    try:
        main()
    finally:
        print("1..%d" % len(results))
    sys.exit(0 if results and all(results) else 1)
