"""What every Python test of Facsimile shares: TAP output, waiting on a state with a
deadline, and the names of the programs and example files.

Only the Python standard library is used.  A test prints one line per check as it
goes ("ok N - what" or "not ok N - what" with "# " lines saying why), then the plan
"1..N" from plan(), whose value is the test's exit status."""

import os
import sys
import time

SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
TOP = os.path.normpath(os.path.join(SRC, ".."))
FIXTURES = os.path.join(SRC, "fixtures")
CLI = os.environ.get("FX_CLI", "build/src/cli/facsimile-cli")
FAKE = os.environ.get("FX_FAKE_PROVIDER", "build/tests/fake-provider")
EXAMPLE = os.environ.get("FX_EXAMPLE_DIR", os.path.join(TOP, "resources", "examples", "eicu-demo"))
STAYS = os.path.join(EXAMPLE, "stays.csv")
SCHEMA = os.path.join(EXAMPLE, "schema.json")
SYNTHETIC = os.path.join(FIXTURES, "cli", "synthetic-3000.csv")

results = []

def ok(passed, name, why="", max_lines=60):
    """One check; @why is shown, a line at a time, when it failed."""
    results.append(bool(passed))
    print("%s %d - %s" % ("ok" if passed else "not ok", len(results), name))
    if not passed and why != "" and why is not None:
        for line in str(why).splitlines()[:max_lines]:
            print("# " + line)
    sys.stdout.flush()
    return passed


def skip(name, reason):
    results.append(True)
    print("ok %d - %s # SKIP %s" % (len(results), name, reason))
    sys.stdout.flush()


def note(text):
    for line in str(text).splitlines():
        print("# " + line)
    sys.stdout.flush()


def plan():
    """Prints the plan and returns the exit status: 0 when there were checks and all
    passed."""
    print("1..%d" % len(results))
    sys.stdout.flush()
    return 0 if results and all(results) else 1


class Timeout(Exception):
    pass


def wait_for(predicate, timeout=20, interval=0.2):
    """The first true value of @predicate (an exception counts as not yet), asked
    until @timeout seconds have passed; None then.  The deadline is the only timing:
    a test waits for a state, never for a while."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except Exception:
            value = None
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def write(folder, name, data):
    """Writes @data (bytes or text) to @folder/@name and returns the path."""
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return path


def hidden_files(folder):
    """The names in @folder that start with a dot: temporary files left behind."""
    return sorted(n for n in os.listdir(folder) if n.startswith("."))
