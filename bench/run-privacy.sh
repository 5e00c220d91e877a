#!/bin/bash
# bench/run-privacy.sh: time the privacy measures' neighbour search against NumPy
#
#   bench/run-privacy.sh [--rows N] [--seed S] [--queries Q] [--threads T] [--out DIR]
#
# Makes two N-row tables shaped like the bundled eICU demo (bench/make-table.py,
# cached in bench/out/), finds every synthetic row's two closest real rows by Gower
# distance with bench-privacy, then with the blocked NumPy reference
# (bench/privacy-reference.py) for the first Q synthetic rows (default 1000; its
# time for all rows is taken in proportion), checks that both give the same
# distances, and prints both times with the ratio.  Times are wall-clock and CPU.
#
# Environment:
#   FX_BENCH_PRIVACY  the binary (default: build/bench/bench-privacy)
#   PYTHON            interpreter for the reference (default: /usr/bin/python3)
#
# Exit status: 0 when the distances agree, 1 when they do not or a tool fails.

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

ROWS=50000
SEED=1
QUERIES=1000
THREADS=0
OUT_BASE="$BENCH_DIR/out"

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --queries) QUERIES=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --out) OUT_BASE=$2; shift 2 ;;
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "run-privacy.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

BIN=${FX_BENCH_PRIVACY:-$ROOT/build/bench/bench-privacy}
PYTHON=${PYTHON:-/usr/bin/python3}
DIR="$OUT_BASE/rows-$ROWS-seed-$SEED"

mkdir -p "$DIR"
if [ ! -s "$DIR/real.csv" ] || [ ! -s "$DIR/synthetic.csv" ]; then
  "$PYTHON" "$BENCH_DIR/make-table.py" "$DIR" --rows "$ROWS" --seed "$SEED"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

FX_OUT=$("$BIN" --real "$DIR/real.csv" --synthetic "$DIR/synthetic.csv" --rows "$ROWS" \
         --seed "$SEED" --threads "$THREADS" --out "$DIR/distances.csv")
echo "$FX_OUT"
REF_OUT=$("$PYTHON" "$BENCH_DIR/privacy-reference.py" --real "$DIR/real.csv" \
          --synthetic "$DIR/synthetic.csv" --rows "$ROWS" --seed "$SEED" \
          --queries "$QUERIES" --check "$DIR/distances.csv") || { echo "$REF_OUT"; exit 1; }
echo "$REF_OUT"

fx_wall=$(echo "$FX_OUT" | sed -n 's/^facsimile:.*: \([0-9.]*\) s wall, \([0-9.]*\) s CPU/\1/p')
fx_cpu=$(echo "$FX_OUT" | sed -n 's/^facsimile:.*: \([0-9.]*\) s wall, \([0-9.]*\) s CPU/\2/p')
if [ "$QUERIES" -gt 0 ] && [ "$QUERIES" -lt "$ROWS" ]; then
  line=$(echo "$REF_OUT" | grep '^numpy, all')
else
  line=$(echo "$REF_OUT" | grep '^numpy:')
fi
ref_wall=$(echo "$line" | sed -n 's/.*: \([0-9.]*\) s wall, \([0-9.]*\) s CPU/\1/p')
ref_cpu=$(echo "$line" | sed -n 's/.*: \([0-9.]*\) s wall, \([0-9.]*\) s CPU/\2/p')
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v fw="$fx_wall" -v fc="$fx_cpu" -v rw="$ref_wall" -v rc="$ref_cpu" 'BEGIN {
  printf "speed-up: %.1fx wall, %.1fx CPU\n", rw / fw, rc / fc
  printf "target: 50,000 x 50,000 within 10 s: %s; at least 5x NumPy: %s\n",
         (fw <= 10 ? "met" : "missed"), (rw / fw >= 5 ? "met" : "missed")
}'
