#!/bin/sh
# Builds Facsimile with warnings as errors and runs every test.  Installs what is
# missing first.  Ends with a line "N passed, N failed" counting the individual checks.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

sh build-aux/install-deps.sh --tests || exit 1

builddir=${BUILDDIR:-build}
if [ -d "$builddir/meson-private" ]; then
  meson setup --reconfigure "$builddir" -Dwerror=true -Dtests=true >/dev/null || exit 1
else
  meson setup "$builddir" -Dwerror=true -Dtests=true >/dev/null || exit 1
fi
meson compile -C "$builddir" || { echo "0 passed, 1 failed"; exit 1; }

meson test -C "$builddir" --print-errorlogs --num-processes 2
status=$?

# count the TAP checks of every test program in meson's log
python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, re, sys
passed = failed = 0
with open(sys.argv[1]) as log:
    for line in log:
        test = json.loads(line)
        if test["result"] == "SKIP":
            continue
        out = test.get("stdout") or ""
        ok = len(re.findall(r"^ok \d+", out, re.M))
        bad = len(re.findall(r"^not ok \d+", out, re.M))
        if ok + bad == 0:
            ok, bad = (1, 0) if test["result"] == "OK" else (0, 1)
        elif test["result"] not in ("OK", "EXPECTEDFAIL") and bad == 0:
            bad = 1
        passed += ok
        failed += bad
        if test["result"] not in ("OK", "EXPECTEDFAIL"):
            # meson shows a failing TAP test's standard error only: its checks too
            print("---- %s (%s): the last lines it printed" % (test["name"], test["result"]))
            for line in out.splitlines()[-40:]:
                print("   " + line)
print("%d passed, %d failed" % (passed, failed))
PY
exit $status
