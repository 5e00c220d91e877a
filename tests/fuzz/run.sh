#!/bin/sh
# Runs one libFuzzer entry point for a bounded time and prints the outcome as TAP.
#   tests/fuzz/run.sh FUZZER SECONDS SEED...
# The corpus starts from the SEED files (the test fixtures and tests/fuzz/seeds/NAME;
# files over 16 KiB are cut to their first 16 KiB) and lives in a temporary folder.
# An input that fails is kept in $FUZZ_ARTIFACTS (default: the current folder) and
# its first lines of report are shown; turn it into a test and a fix.
set -u
fuzzer=$1
seconds=$2
shift 2
name=$(basename "$fuzzer")
artifacts=${FUZZ_ARTIFACTS:-$PWD}
corpus=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$corpus" "$log"' EXIT
mkdir -p "$artifacts"

for seed in "$@"; do
  for f in $seed; do
    [ -f "$f" ] && head -c 16384 "$f" >"$corpus/$(echo "$f" | tr '/' '_')"
  done
done

echo "# $name: $(ls "$corpus" | wc -l) seeds, $seconds s"
status=0
# leaks are checked here too; -rss_limit_mb bounds a runaway input
# json-glib's own leaks are left aside (tests/lsan.supp), which takes whole stacks
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=16} \
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(dirname "$0")/../lsan.supp:print_suppressions=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
G_SLICE=always-malloc \
  "$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$corpus" >"$log" 2>&1 || status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ "$status" -eq 0 ]; then
  echo "ok 1 - $name: ${runs:-?} inputs in $seconds s, no crash, leak or wrong result"
else
  echo "not ok 1 - $name: failed (status $status) after ${runs:-?} inputs"
  grep -E "ERROR|ERROR:|runtime error|Test unit written|SUMMARY|facsimile-fuzz" "$log" | head -20 | sed 's/^/# /'
fi
echo "1..1"
exit "$status"
