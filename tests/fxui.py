"""Driving the real application through AT-SPI, for the GUI tests (TAP output).

The tests run inside tests/run-ui-test.sh: a virtual display, a private D-Bus session
with gnome-keyring, and the accessibility bus.  GTK 4.8 does not let assistive
technologies type into entries, so typing and some clicks go through xdotool, as a
person's would."""

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pyatspi
from gi.repository import Atspi

from fxtest import ok, plan, results, wait_for  # noqa: F401 (the tests import them from here)

# the first line, at once: tests/run-ui-test.sh tells a test that ran from one that
# never started
print("# %s on display %s" % (os.path.basename(sys.argv[0]), os.environ.get("DISPLAY")))
sys.stdout.flush()

APP = os.environ["FX_APP"]

# libatspi gives an application 0.8 s to answer a call, and raises when it does not:
# on a machine whose cores are busy elsewhere the application may need longer, and a
# test should then wait, not fail.  30 s for each call, 60 s to start up.
Atspi.set_timeout(30000, 60000)


def finish():
    sys.exit(plan())


def all_nodes(node, out=None):
    out = [] if out is None else out
    try:
        out.append(node)
        for child in node:
            all_nodes(child, out)
    except Exception:
        pass
    return out


def name_of(node):
    """The node's name, or "" for a node that went away meanwhile (a toast that timed
    out while the tree was walked)."""
    try:
        return node.name or ""
    except Exception:
        return ""


def role_of(node):
    try:
        return node.getRoleName()
    except Exception:
        return ""


def showing(node):
    """Whether @node is on screen (GTK 4.8 does not report the showing state; widgets
    of hidden pages have no size)."""
    try:
        extents = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return extents.width > 0 and extents.height > 0
    except Exception:
        return False


def find(app, role, name, exact=False, visible=True):
    """Nodes of @role whose name is or holds @name (only those on screen by default)."""
    found = []
    for n in all_nodes(app):
        try:
            if n.getRoleName() != role:
                continue
            label = n.name or ""
            if (label == name) if exact else (name in label):
                if not visible or showing(n):
                    found.append(n)
        except Exception:
            pass
    return found


def labels(app):
    out = []
    for n in all_nodes(app):
        try:
            if n.getRoleName() == "label" and showing(n):
                out.append(n.name)
        except Exception:
            pass
    return out


def press(app, name, role="push button", timeout=20):
    """Activates the button named @name once it is on screen and sensitive."""
    def ready():
        for b in find(app, role, name):
            if b.getState().contains(pyatspi.STATE_SENSITIVE) and b.queryAction().nActions > 0:
                return b
        return None
    button = wait_for(ready, timeout)
    if button is None:
        return False
    button.queryAction().doAction(0)
    return True


def show_tab(app, name):
    """Activates the tab, view switcher button or page tab named @name; True if there is
    one and it took the action."""
    for role in ("toggle button", "radio button", "push button", "page tab"):
        found = find(app, role, name, exact=True)
        if found:
            return bool(found[-1].queryAction().doAction(0))
    return False


def point_at(node, *then):
    """Moves the pointer to the middle of @node, then runs xdotool's @then there (with
    no window manager, the window under the pointer is the one that gets the keys)."""
    extents = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    subprocess.run(["xdotool", "mousemove", str(x), str(y)] + list(then), check=True)


def click(node):
    point_at(node, "click", "1")
    time.sleep(0.3)


def key(*keys):
    subprocess.run(["xdotool", "key"] + list(keys), check=True)
    time.sleep(0.3)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "15", text], check=True)
    time.sleep(0.2)


def windows(app):
    """The application's top-level windows (dialogs are children of the application)."""
    try:
        return [w for w in app if w is not None]
    except Exception:
        return []


def last_message(app):
    """The last message the application showed in a toast: it stays as the window's
    accessible description after the toast has gone, so that a test never depends on
    how long a toast lives."""
    for w in windows(app):
        try:
            if w.description:
                return w.description
        except Exception:
            pass
    return ""


def wait_message(app, text, timeout=30):
    """Waits until the last message holds @text."""
    return wait_for(lambda: text in last_message(app), timeout)


def file_chooser(app, title=None):
    """The file chooser on screen (titled @title if given), or None."""
    for w in windows(app):
        # GTK 4.8 shows a file chooser dialog as a modal "filler"
        try:
            modal = w.getState().contains(pyatspi.STATE_MODAL)
        except Exception:
            modal = False
        if (role_of(w) in ("dialog", "file chooser") or (role_of(w) == "filler" and modal)) \
           and (title is None or name_of(w) == title) and showing(w):
            return w
    return None


def focused_entry(root):
    """The entry under @root that has the keyboard, or None."""
    for n in all_nodes(root):
        try:
            if role_of(n) == "text" and n.getState().contains(pyatspi.STATE_FOCUSED):
                return n
        except Exception:
            pass
    return None


def focused_text(root):
    """The text in the focused entry under @root, or None."""
    entry = focused_entry(root)
    try:
        text = entry.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return None


def choose_file(app, path, save=False, title=None, timeout=30):
    """Types @path into the file chooser that is opening, as a person would, once it is
    on screen and has the keyboard; True once it has closed."""
    chooser = wait_for(lambda: file_chooser(app, title), timeout)
    if chooser is None:
        return False
    point_at(chooser)
    if save:
        # a save dialog opens with its name field focused: wait for that field
        wait_for(lambda: focused_entry(chooser), 10)
        key("ctrl+a")
    else:
        key("ctrl+l")
        wait_for(lambda: focused_entry(chooser), 10)
        key("ctrl+a")
    # the location entry completes names as they are typed (plan.json may become
    # plan.schema.json when a completion comes late): the entry must hold @path before
    # it is confirmed
    for _ in range(3):
        type_text(path)
        if wait_for(lambda: focused_text(chooser) == path, 5):
            break
        key("ctrl+a")
    else:
        print("# the file chooser's entry holds %r, not %r" % (focused_text(chooser), path))
    key("Return")
    if wait_for(lambda: file_chooser(app, title) is None, 10):
        return True
    # the location entry may complete a name first; confirm once more
    key("Return")
    return bool(wait_for(lambda: file_chooser(app, title) is None, 20))


def open_example(app):
    """Opens the bundled example from the Schema pane's welcome page; True once its
    features are listed."""
    if app is None or not press(app, "Open the eICU Example"):
        return False
    return bool(wait_for(lambda: find(app, "label", "apache_score") or find(app, "table cell", "apache_score"), 60))


def find_app(timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == "facsimile":
                return app
        time.sleep(0.3)
    return None


def allow_core():
    """In the application's process: a crash leaves a core file (where the system puts
    one), which report_crash() reads."""
    try:
        hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
    except (ValueError, OSError):
        pass


def report_crash(proc):
    """When the application ended on a signal, says which, with the stacks of its
    threads from its core file if the system left one here and gdb is installed."""
    if proc.returncode is None or proc.returncode >= 0:
        return
    try:
        name = signal.Signals(-proc.returncode).name
    except ValueError:
        name = "signal %d" % -proc.returncode
    print("# the application ended by itself, on %s" % name)
    cores = [c for c in ("core", "core.%d" % proc.pid) if os.path.isfile(c)]
    if not cores or shutil.which("gdb") is None:
        print("# (no core file here, or no gdb: no stacks)")
        return
    core = max(cores, key=os.path.getmtime)
    trace = subprocess.run(["gdb", "-q", "-batch", "-ex", "bt 40", "-ex", "thread apply all bt 15", APP, core],
                           capture_output=True, text=True, timeout=300)
    for line in [l for l in trace.stdout.splitlines() if not l.startswith(("[New LWP", "warning: Section"))][:400]:
        print("# gdb: " + line)
    os.remove(core)


class App:
    """The application with its own settings (a key file) and data folder."""

    def __init__(self, settings, data_home=None, wrap=None, env=None):
        self.config = tempfile.mkdtemp(prefix="fx-ui-")
        os.makedirs(os.path.join(self.config, "glib-2.0", "settings"))
        with open(os.path.join(self.config, "glib-2.0", "settings", "keyfile"), "w") as f:
            f.write("[io/github/facsimile/Facsimile]\n")
            for name, value in settings.items():
                if isinstance(value, str):
                    value = "'%s'" % value
                elif isinstance(value, bool):
                    value = "true" if value else "false"
                f.write("%s=%s\n" % (name, value))
        # settings a test sets beforehand come from a key file of its own (the others
        # run with GSETTINGS_BACKEND=memory)
        environment = dict(os.environ, GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=self.config)
        environment.update(env or {})
        if data_home is not None:
            environment["XDG_DATA_HOME"] = data_home
        self.log_path = os.path.join(self.config, "app.log")
        self.log = open(self.log_path, "w")
        # @wrap runs the application through another command (a private mount namespace)
        self.proc = subprocess.Popen((wrap or []) + [APP], env=environment, stdout=self.log, stderr=self.log, text=True,
                                     preexec_fn=allow_core)
        # a loaded machine can take a while to start the application and the bus
        self.app = find_app(timeout=90)

    def close(self):
        if self.proc.poll() is not None:
            with open(self.log_path) as f:
                for line in [l for l in f.read().splitlines() if l.strip()][-15:]:
                    print("# app: " + line)
            report_crash(self.proc)
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        # a second instance must not find this one still on the bus
        wait_for(lambda: find_app(0.1) is None, 5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
