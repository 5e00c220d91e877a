#!/bin/sh
# Builds Facsimile with warnings as errors and runs every test; then runs the tests
# that need no display again in a build with AddressSanitizer, UBSan and leak checking,
# and each fuzzer for a bounded time.  Installs what is missing first.  Ends with a
# line "N passed, N failed" counting the individual checks of all three.
#
#   BUILDDIR          the main build (default build); the others go beside it, in
#                     BUILDDIR-asan and BUILDDIR-fuzz
#   FX_SANITIZE=0     leaves out the sanitizer run
#   FX_FUZZ=0         leaves out the fuzzers
#   FX_FUZZ_SECONDS   how long each fuzzer runs (default 60)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

sh build-aux/install-deps.sh --tests || exit 1

builddir=${BUILDDIR:-build}
logs=""
status=0

# setup DIR OPTION...: configures a build folder, afresh or again
setup() {
  dir=$1
  shift
  if [ -d "$dir/meson-private" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

elapsed() {
  echo "# $1: $(($(date +%s) - $2)) s"
}

# ---- the whole suite ----------------------------------------------------------------
start=$(date +%s)
setup "$builddir" -Dwerror=true -Dtests=true || exit 1
meson compile -C "$builddir" || { echo "0 passed, 1 failed"; exit 1; }
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=1
logs="$logs $builddir/meson-logs/testlog.json"
elapsed "the test suite" "$start"

# ---- the tests without a display, under AddressSanitizer and UBSan with leak checks
if [ "${FX_SANITIZE:-1}" != 0 ]; then
  start=$(date +%s)
  asan="$builddir-asan"
  if setup "$asan" -Dwerror=true -Dtests=true -Dbuildtype=debugoptimized \
       -Db_sanitize=address,undefined -Db_lundef=false &&
     meson compile -C "$asan"; then
    # the suppressions name other libraries' own leaks (tests/lsan.supp says which)
    export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
    export G_SLICE=always-malloc
    # every C test and the command-line tests (which run the instrumented CLI); not
    # the GUI, nor the data files' checks.  The suppressions name other libraries'
    # leaks by a function of theirs, which the fast unwinder does not reach through a
    # library built without frame pointers: the tests that meet such a leak (json-glib's
    # for the row reader's comparisons, libsecret's D-Bus replies for the keyring, the
    # fake service's accepted connections for the runs and strategies) record whole
    # stacks, and run on their own.
    whole_stacks='rows credentials run strategy'
    tests=$(meson test -C "$asan" --no-rebuild --list 2>/dev/null | grep -v '^facsimile:\(ui\|data\) / ' |
            sed -n 's,^facsimile:[a-z-]* / ,,p')
    for t in $whole_stacks; do
      tests=$(echo "$tests" | grep -vx "$t")
    done
    # shellcheck disable=SC2086
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      meson test -C "$asan" --no-rebuild --logbase sanitized --print-errorlogs --num-processes 2 \
        --timeout-multiplier 3 $tests || status=1
    # shellcheck disable=SC2086
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=32 \
      meson test -C "$asan" --no-rebuild --logbase sanitized-stacks --print-errorlogs \
        --timeout-multiplier 3 $whole_stacks || status=1
    unset LSAN_OPTIONS UBSAN_OPTIONS G_SLICE
    logs="$logs $asan/meson-logs/sanitized.json $asan/meson-logs/sanitized-stacks.json"
  else
    echo "# the sanitizer build failed"
    status=1
  fi
  elapsed "the tests under AddressSanitizer and UBSan" "$start"
fi

# ---- the fuzzers, each for a bounded time -------------------------------------------
if [ "${FX_FUZZ:-1}" != 0 ]; then
  start=$(date +%s)
  fuzz="$builddir-fuzz"
  # libFuzzer comes with clang
  if (CC=clang && export CC &&
      setup "$fuzz" -Dfuzzing=true -Dtests=false -Dbuildtype=debugoptimized \
        -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz_seconds="${FX_FUZZ_SECONDS:-60}") &&
     meson compile -C "$fuzz" tests/fuzz/fuzz-csv tests/fuzz/fuzz-schema tests/fuzz/fuzz-rows; then
    meson test -C "$fuzz" --no-rebuild --print-errorlogs --num-processes 2 fuzz-csv fuzz-schema fuzz-rows || status=1
    logs="$logs $fuzz/meson-logs/testlog.json"
  else
    echo "# the fuzzing build failed"
    status=1
  fi
  elapsed "the fuzzers" "$start"
fi

# count the TAP checks of every test program in meson's logs
# shellcheck disable=SC2086
python3 - $logs <<'PY'
import json, os, re, sys
passed = failed = 0
known = []
for path in sys.argv[1:]:
    build = os.path.basename(os.path.dirname(os.path.dirname(path)))
    with open(path) as log:
        for line in log:
            test = json.loads(line)
            if test["result"] == "SKIP":
                continue
            out = test.get("stdout") or ""
            ok = len(re.findall(r"^ok \d+", out, re.M))
            # a failure its test marks "# TODO" is a known one: listed, not counted
            todo = re.findall(r"^not ok \d+.*# TODO.*$", out, re.M)
            known += ["%s in %s: %s" % (test["name"], build, t) for t in todo]
            bad = len(re.findall(r"^not ok \d+", out, re.M)) - len(todo)
            if ok + bad == 0:
                ok, bad = (1, 0) if test["result"] == "OK" else (0, 1)
            elif test["result"] not in ("OK", "EXPECTEDFAIL") and bad == 0:
                bad = 1
            passed += ok
            failed += bad
            if test["result"] not in ("OK", "EXPECTEDFAIL"):
                # meson shows a failing TAP test's standard error only: its checks too
                print("---- %s in %s (%s): the last lines it printed" % (test["name"], build, test["result"]))
                for line in out.splitlines()[-40:]:
                    print("   " + line)
if known:
    print("# %d known failures, marked TODO by their tests:" % len(known))
    for line in known:
        print("#   " + line)
print("%d passed, %d failed" % (passed, failed))
PY
exit $status
