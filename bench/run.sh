#!/bin/bash
# bench/run.sh: time `facsimile-cli compare --json` against the SciPy/pandas reference
#
#   bench/run.sh [--rows N] [--seed S] [--runs K] [--no-warmup] [--out DIR] [--reference-only]
#
# Generates two N-row tables shaped like the bundled eICU demo (bench/make-table.py,
# cached in bench/out/), runs each tool under /usr/bin/time -v (one untimed warm-up
# run first, then K timed runs; the median is reported), prints wall time and peak
# RSS side by side with the ratios, and checks that the two JSON outputs agree
# (bench/agree.py).
#
# Environment:
#   FX_CLI           facsimile-cli to run (default: build/src/cli/facsimile-cli)
#   FX_COMPARE_ARGS  arguments given to it; @REAL@, @SYNTHETIC@ and @JSON@ are replaced
#                    by the paths.  Without @JSON@ the JSON is read from standard output.
#                    Default: "compare --real @REAL@ --synthetic @SYNTHETIC@ --json @JSON@"
#   PYTHON           interpreter for the reference (default: /usr/bin/python3)
#
# Exit status: 0 when the outputs agree, 1 when they do not (or a tool fails),
# 2 on usage errors.  Missing a performance target is reported, not an error.

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

ROWS=100000
SEED=1
RUNS=1
WARMUP=1
OUT_BASE="$BENCH_DIR/out"
REFERENCE_ONLY=0

usage () { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --rows=*) ROWS=${1#*=}; shift ;;
    --seed) SEED=$2; shift 2 ;;
    --seed=*) SEED=${1#*=}; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --runs=*) RUNS=${1#*=}; shift ;;
    --no-warmup) WARMUP=0; shift ;;
    --out) OUT_BASE=$2; shift 2 ;;
    --out=*) OUT_BASE=${1#*=}; shift ;;
    --reference-only) REFERENCE_ONLY=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in "$ROWS" "$SEED" "$RUNS"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "run.sh: not a number: $v" >&2; exit 2; }
done
[ "$RUNS" -ge 1 ] || { echo "run.sh: --runs must be at least 1" >&2; exit 2; }

FX_CLI=${FX_CLI:-$ROOT/build/src/cli/facsimile-cli}
FX_COMPARE_ARGS=${FX_COMPARE_ARGS:-compare --real @REAL@ --synthetic @SYNTHETIC@ --json @JSON@}
PYTHON=${PYTHON:-/usr/bin/python3}
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "run.sh: $TIME not found (apt-get install time)" >&2; exit 1; }
if [ "$REFERENCE_ONLY" = 0 ] && [ ! -x "$FX_CLI" ]; then
  echo "run.sh: facsimile-cli not found at $FX_CLI" >&2
  echo "        build it (meson setup build && meson compile -C build), set FX_CLI," >&2
  echo "        or pass --reference-only" >&2
  exit 1
fi

# ---- tables (cached; regenerated when the generator or the source changes) ---------

DATA="$OUT_BASE/rows-$ROWS-seed-$SEED"
SOURCE="$ROOT/resources/examples/eicu-demo/stays.csv"
REAL="$DATA/real.csv"
SYNTH="$DATA/synthetic.csv"
mkdir -p "$DATA"
if [ ! -s "$REAL" ] || [ ! -s "$SYNTH" ] \
   || [ "$BENCH_DIR/make-table.py" -nt "$REAL" ] || [ "$SOURCE" -nt "$REAL" ]; then
  echo "== generating tables in $DATA"
  "$PYTHON" "$BENCH_DIR/make-table.py" "$DATA" --rows "$ROWS" --seed "$SEED"
fi

# ---- running under /usr/bin/time ---------------------------------------------------

# time_run NAME JSON_OUT CMD...: run CMD, stdout to JSON_OUT unless CMD writes it
# itself (CAPTURE=0); appends "wall_seconds rss_kib" to $DATA/NAME.times.
time_run () {
  local name=$1 json=$2; shift 2
  local tv="$DATA/$name.time" status=0
  if [ "$CAPTURE" = 1 ]; then
    "$TIME" -v -o "$tv" "$@" > "$json" 2> "$DATA/$name.stderr" || status=$?
  else
    "$TIME" -v -o "$tv" "$@" > "$DATA/$name.stdout" 2> "$DATA/$name.stderr" || status=$?
  fi
  if [ "$status" != 0 ]; then
    echo "run.sh: $name failed (exit $status): $*" >&2
    tail -n 20 "$DATA/$name.stderr" >&2
    return 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      wall = s
    }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %d\n", wall, rss }' "$tv" >> "$DATA/$name.times"
}

# median_of FILE FIELD
median_of () {
  awk -v f="$2" '{ print $f }' "$1" | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

REF_JSON="$DATA/reference.json"
FX_JSON="$DATA/facsimile.json"
REF_CMD=("$PYTHON" "$BENCH_DIR/reference.py" --real "$REAL" --synthetic "$SYNTH" --json "$REF_JSON")

FX_CMD=("$FX_CLI")
FX_CAPTURE=1
set -f   # split FX_COMPARE_ARGS on blanks, no globbing
for word in $FX_COMPARE_ARGS; do
  case "$word" in
    *@JSON@*) FX_CAPTURE=0 ;;
  esac
  word=${word//@REAL@/$REAL}
  word=${word//@SYNTHETIC@/$SYNTH}
  word=${word//@JSON@/$FX_JSON}
  FX_CMD+=("$word")
done
set +f

TOOLS=(reference)
[ "$REFERENCE_ONLY" = 1 ] || TOOLS=(facsimile reference)

for tool in "${TOOLS[@]}"; do
  rm -f "$DATA/$tool.times"
  if [ "$tool" = facsimile ]; then
    CMD=("${FX_CMD[@]}"); CAPTURE=$FX_CAPTURE; JSON=$FX_JSON
  else
    CMD=("${REF_CMD[@]}"); CAPTURE=0; JSON=$REF_JSON
  fi
  echo "== $tool: ${CMD[*]}"
  if [ "$WARMUP" = 1 ]; then
    time_run "$tool" "$JSON" "${CMD[@]}" || exit 1
    rm -f "$DATA/$tool.times"
  fi
  for ((i = 0; i < RUNS; i++)); do
    time_run "$tool" "$JSON" "${CMD[@]}" || exit 1
  done
done

# ---- report --------------------------------------------------------------------------

size_real=$(stat -c %s "$REAL")
size_synth=$(stat -c %s "$SYNTH")
size_total=$((size_real + size_synth))
mib () { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

echo
echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "   $ROWS rows x $(head -n 1 "$REAL" | tr ',' '\n' | wc -l) columns, seed $SEED;" \
     "median of $RUNS run(s)$([ "$WARMUP" = 1 ] && echo ' after a warm-up run')"
echo "   real.csv $(mib "$size_real") MiB + synthetic.csv $(mib "$size_synth") MiB" \
     "= $(mib "$size_total") MiB"
echo
printf '%-12s %10s %14s %16s\n' tool "wall s" "peak RSS MiB" "RSS / CSV total"
for tool in "${TOOLS[@]}"; do
  wall=$(median_of "$DATA/$tool.times" 1)
  rss=$(median_of "$DATA/$tool.times" 2)
  eval "${tool}_wall=$wall ${tool}_rss=$rss"
  printf '%-12s %10.2f %14.1f %15.2fx\n' "$tool" "$wall" \
    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$rss" -v b="$size_total" 'BEGIN { print k * 1024 / b }')"
done
echo

if [ "$REFERENCE_ONLY" = 1 ]; then
  echo "(reference only: no comparison)"
  exit 0
fi

# shellcheck disable=SC2154  # set by eval above
awk -v rw="$reference_wall" -v fw="$facsimile_wall" -v fr="$facsimile_rss" -v b="$size_total" '
  BEGIN {
    speed = (fw > 0) ? rw / fw : 1e9
    mem = fr * 1024 / b
    printf "speed-up  (reference wall / facsimile wall): %7.2fx   target >= 3x   %s\n",
           speed, (speed >= 3 ? "met" : "MISSED")
    printf "memory    (facsimile peak RSS / CSV total):  %7.2fx   target <= 3x   %s\n",
           mem, (mem <= 3 ? "met" : "MISSED")
    if (fw < 0.05)
      print "note: facsimile wall time is near /usr/bin/time resolution (0.01 s); use more --rows"
  }'
echo

echo "== agreement (bench/agree.py $FX_JSON $REF_JSON)"
"$PYTHON" "$BENCH_DIR/agree.py" "$FX_JSON" "$REF_JSON"
