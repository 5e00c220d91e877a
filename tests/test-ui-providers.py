#!/usr/bin/python3
"""The Providers pane of the real application, driven through AT-SPI (TAP).

Run by tests/run-ui-test.sh inside Xvfb, a private D-Bus session with gnome-keyring
and the accessibility bus: a key typed into the OpenAI-compatible group lands in the
keyring (read back with secret-tool), the page then says a key is stored, and "Test"
reaches the local fake provider and lists its models."""

import os
import subprocess
import tempfile
import time

import pyatspi

from fxui import all_nodes, click, find_app, finish, name_of, ok, role_of, wait_for

APP = os.environ["FX_APP"]
FAKE = os.environ["FX_FAKE_PROVIDER"]
KEY = "sk-ui-test-3f8e1b22"


def labels(app):
    try:
        return [name_of(n) for n in all_nodes(app) if n is not None and role_of(n) == "label"]
    except Exception:
        return []


def main():
    fake = subprocess.Popen([FAKE, "--key", KEY], stdout=subprocess.PIPE, text=True)
    url = fake.stdout.readline().strip()
    config = tempfile.mkdtemp(prefix="fx-ui-")
    os.makedirs(os.path.join(config, "glib-2.0", "settings"))
    with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as f:
        # tall enough that every group is on screen, to be clicked
        f.write("[io/github/facsimile/Facsimile]\nvisible-page='providers'\nwindow-height=2100\n"
                "openai-compatible-base-url='%s'\n" % url)
    env = dict(os.environ, GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=config)
    log = open(os.path.join(config, "app.log"), "w")
    app_proc = subprocess.Popen([APP], env=env, stdout=log, stderr=log, text=True)
    try:
        app = find_app()
        ok(app is not None, "the application shows up on the accessibility bus")
        if app is None:
            return
        nodes = wait_for(lambda: [n for n in all_nodes(app) if role_of(n) == "text" and name_of(n) == "API Key"])
        ok(nodes is not None and len(nodes) == 4, "one API key field per provider", nodes)
        unnamed = [n for n in all_nodes(app)
                   if role_of(n) in ("push button", "toggle button", "text", "combo box") and not name_of(n)]
        ok(not unnamed, "every control has an accessible name", [role_of(n) for n in unnamed])

        # type the key into the OpenAI-compatible group's field and apply it
        field = nodes[3]
        click(field)
        subprocess.run(["xdotool", "type", "--delay", "20", KEY], check=True)
        subprocess.run(["xdotool", "key", "Return"], check=True)
        stored = wait_for(lambda: subprocess.run(["secret-tool", "lookup", "provider", "openai-compatible"],
                                                 capture_output=True, text=True).stdout == KEY)
        ok(stored, "the key typed into the pane is stored in the keyring")
        said = wait_for(lambda: "A key is stored in the keyring." in labels(app))
        ok(said, "the pane says a key is stored, and does not show it")
        ok(not any(KEY in name_of(n) for n in all_nodes(app)), "the key is in no label or field")

        buttons = [n for n in all_nodes(app) if role_of(n) == "push button"
                   and "OpenAI-compatible" in name_of(n)]
        ok(len(buttons) == 1, "a Test button for the OpenAI-compatible server", [b.name for b in buttons])
        if buttons:
            buttons[0].queryAction().doAction(0)
            connected = wait_for(lambda: "Connected: 2 models" in labels(app))
            ok(connected, "Test connection reaches the local server and counts its models",
               [l for l in labels(app) if "onnect" in l or "ail" in l])
    finally:
        if app_proc.poll() is not None:
            with open(os.path.join(config, "app.log")) as f:
                for line in f.read().splitlines()[-15:]:
                    print("# app: " + line)
        app_proc.terminate()
        try:
            app_proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            app_proc.kill()
        fake.terminate()
        fake.wait()


if __name__ == "__main__":
    main()
    finish()
