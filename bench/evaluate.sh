#!/bin/bash
# bench/evaluate.sh: time `facsimile-cli evaluate` against the same protocol in Python
#
#   bench/evaluate.sh [--rows N] [--seed S] [--out DIR]
#
# Makes (or reuses) an N-row eICU-shaped real and synthetic pair with
# bench/make-table.py, runs `facsimile-cli evaluate --json` and
# bench/evaluate-reference.py on it under /usr/bin/time -v, prints wall time and
# peak RSS side by side with the ratio, and checks that TRTR, TSTR and TSTS agree.

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
ROWS=100000
SEED=1
OUT="$BENCH_DIR/out"
FX_CLI=${FX_CLI:-$ROOT/build/src/cli/facsimile-cli}
PYTHON=${PYTHON:-/usr/bin/python3}

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--seed S] [--out DIR]" >&2; exit 2 ;;
  esac
done

DATA="$OUT/rows-$ROWS-seed-$SEED"
mkdir -p "$DATA"
if [ ! -s "$DATA/real.csv" ] || [ ! -s "$DATA/synthetic.csv" ]; then
  "$PYTHON" "$BENCH_DIR/make-table.py" "$DATA" --rows "$ROWS" --seed "$SEED" >/dev/null
fi
# the bundled schema with its site and identifier roles
"$PYTHON" - "$ROOT/resources/examples/eicu-demo/schema.json" "$DATA/schema.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["site"] = "hospital_region"
for f in s["features"]:
    if f["name"] == "hospital_id":
        f["identifier"] = True
json.dump(s, open(sys.argv[2], "w"), indent=1)
PY

measure () {
  local name=$1; shift
  /usr/bin/time -v -o "$OUT/$name.time" "$@" >/dev/null
  local wall rss cpu
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$OUT/$name.time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$OUT/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$OUT/$name.time")
  echo "$wall $cpu $rss"
}

read -r fx_wall fx_cpu fx_rss < <(measure facsimile "$FX_CLI" evaluate --real "$DATA/real.csv" --synthetic "$DATA/synthetic.csv" \
  --schema "$DATA/schema.json" --seed "$SEED" --json "$OUT/facsimile-evaluate.json")
read -r py_wall py_cpu py_rss < <(measure python "$PYTHON" "$BENCH_DIR/evaluate-reference.py" --real "$DATA/real.csv" \
  --synthetic "$DATA/synthetic.csv" --schema "$DATA/schema.json" --seed "$SEED" --json "$OUT/python-evaluate.json")

printf '%-28s %10s %10s %14s\n' "" "wall (s)" "CPU (s)" "peak RSS (MB)"
printf '%-28s %10.2f %10.2f %14.1f\n' "facsimile-cli evaluate" "$fx_wall" "$fx_cpu" "$(echo "$fx_rss / 1024" | bc -l)"
printf '%-28s %10.2f %10.2f %14.1f\n' "python (xgboost + sklearn)" "$py_wall" "$py_cpu" "$(echo "$py_rss / 1024" | bc -l)"
printf 'speed-up, wall: %.2fx (target: at least 2x); CPU time: %.2fx\n' \
  "$(echo "$py_wall / $fx_wall" | bc -l)" "$(echo "$py_cpu / $fx_cpu" | bc -l)"

"$PYTHON" - "$OUT/facsimile-evaluate.json" "$OUT/python-evaluate.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["utility"]
b = json.load(open(sys.argv[2]))["utility"]
bad = 0
for name in ("trtr", "tstr", "tsts"):
    for key in ("auroc", "auprc", "brier", "auroc_ci", "auprc_ci", "brier_ci"):
        x, y = a[name][key], b[name][key]
        xs, ys = (x, y) if isinstance(x, list) else ([x], [y])
        if any(abs(u - v) > 1e-6 for u, v in zip(xs, ys)):
            print("disagree: %s %s: %s vs %s" % (name, key, x, y))
            bad += 1
print("outputs agree (TRTR, TSTR, TSTS scores and intervals within 1e-6)" if not bad else "outputs DISAGREE")
sys.exit(1 if bad else 0)
PY
