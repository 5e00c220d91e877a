#!/usr/bin/python3
"""The Providers pane of the real application, driven through AT-SPI (TAP).

Run by tests/run-ui-test.sh inside Xvfb, a private D-Bus session with gnome-keyring
and the accessibility bus: a key typed into the OpenAI-compatible group lands in the
keyring (read back with secret-tool), the page then says a key is stored, and "Test"
reaches the local fake provider and lists its models.  A price typed into the OpenAI
group lands in the user's price table (read back as JSON), the pane says it is the
user's, and Reset brings the shipped price back."""

import json
import os
import subprocess

from fxui import App, all_nodes, click, finish, key, labels, name_of, ok, role_of, type_text, wait_for

FAKE = os.environ["FX_FAKE_PROVIDER"]
KEY = "sk-ui-test-3f8e1b22"


def user_price(config, provider, model):
    """The user's own price of exactly @model, as the override file holds it."""
    try:
        with open(os.path.join(config, "facsimile", "model-prices.json")) as f:
            table = json.load(f)
    except (OSError, ValueError):
        return None
    for p in table.get("prices", []):
        if p.get("provider") == provider and p.get("match") == [model]:
            return p
    return None


def test_prices(app, config):
    rows = wait_for(lambda: [n for n in all_nodes(app) if role_of(n) == "list item"
                             and name_of(n).startswith("Price of gpt-4o")])
    ok(rows is not None and len(rows) == 1, "the OpenAI group shows the default model's price", rows)
    shipped = wait_for(lambda: [l for l in labels(app) if l.startswith("Shipped price: USD 2.50 in / 10.00 out")])
    ok(shipped, "the shipped price of gpt-4o is shown with its currency", [l for l in labels(app) if "rice" in l])
    if not rows:
        return
    click(rows[0])
    field = wait_for(lambda: [n for n in all_nodes(app) if role_of(n) == "text"
                              and name_of(n).startswith("Input, per Million Tokens (OpenAI)")])
    ok(field, "the expanded price has an input price field", field)
    if not field:
        return
    click(field[0])
    key("ctrl+a")
    type_text("3.75")
    key("Return")
    saved = wait_for(lambda: user_price(config, "openai", "gpt-4o"))
    ok(saved is not None and saved["input"] == 3.75 and saved["output"] == 10.0 and saved["currency"] == "USD"
       and len(saved["date"]) == 10, "the price typed lands in the user's price table", saved)
    said = wait_for(lambda: [l for l in labels(app) if l.startswith("Your price: USD 3.75 in / 10.00 out")
                             and "Shipped price: USD 2.50" in l])
    ok(said, "the pane shows your price beside the shipped one", [l for l in labels(app) if "rice" in l])
    reset = [n for n in all_nodes(app) if role_of(n) == "push button"
             and name_of(n).startswith("Reset the Price for OpenAI to")]
    ok(len(reset) == 1, "a Reset button for the OpenAI price", [name_of(n) for n in reset])
    if reset:
        reset[0].queryAction().doAction(0)
        gone = wait_for(lambda: user_price(config, "openai", "gpt-4o") is None and
                        [l for l in labels(app) if l.startswith("Shipped price: USD 2.50 in / 10.00 out")])
        ok(gone, "Reset removes your price and the shipped one applies again",
           [l for l in labels(app) if "rice" in l])


def main():
    fake = subprocess.Popen([FAKE, "--key", KEY], stdout=subprocess.PIPE, text=True)
    url = fake.stdout.readline().strip()
    a = None
    try:
        # tall enough that every group is on screen, to be clicked
        a = App({"visible-page": "providers", "window-height": 2100, "openai-compatible-base-url": url,
                 "openai-model": "gpt-4o"})
        config = a.config
        app = a.app
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
        type_text(KEY)
        key("Return")
        stored = wait_for(lambda: subprocess.run(["secret-tool", "lookup", "provider", "openai-compatible"],
                                                 capture_output=True, text=True).stdout == KEY)
        ok(stored, "the key typed into the pane is stored in the keyring")
        said = wait_for(lambda: "A key is stored in the keyring." in labels(app))
        ok(said, "the pane says a key is stored, and does not show it")
        ok(not any(KEY in name_of(n) for n in all_nodes(app)), "the key is in no label or field")

        buttons = [n for n in all_nodes(app) if role_of(n) == "push button"
                   and name_of(n).startswith("Test the connection to OpenAI-compatible")]
        ok(len(buttons) == 1, "a Test button for the OpenAI-compatible server", [b.name for b in buttons])
        if buttons:
            buttons[0].queryAction().doAction(0)
            connected = wait_for(lambda: "Connected: 2 models" in labels(app))
            ok(connected, "Test connection reaches the local server and counts its models",
               [l for l in labels(app) if "onnect" in l or "ail" in l])
        test_prices(app, config)
    finally:
        if a is not None:
            a.close()
        fake.terminate()
        fake.wait()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a step that cannot go on fails the test, with the reason
        ok(False, "the test runs to the end", repr(e))
    finish()
