#!/bin/sh
# Generation benchmarks: run-engine throughput against a slow local server, and the
# ingest rate (parse + validate + store).  Builds nothing; expects build/.
#   bench/generate.sh [--requests 400] [--concurrency 8] [--delay 200]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILDDIR:-$top/build}
requests=400 concurrency=8 delay=200
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) requests=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --delay) delay=$2; shift 2 ;;
    *) echo "usage: bench/generate.sh [--requests N] [--concurrency C] [--delay MS]" >&2; exit 2 ;;
  esac
done

tmp=$(mktemp -d)
trap 'kill $fake 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$build/tests/fake-provider" --key bench-key --delay "$delay" > "$tmp/url" &
fake=$!
sleep 0.3
url=$(head -n 1 "$tmp/url")

batch=5
rows=$((requests * batch))
start=$(date +%s.%N)
OPENAI_API_KEY=bench-key "$build/src/cli/facsimile-cli" generate \
  --schema "$top/tests/fixtures/generate/schema.json" --provider openai --model fake \
  --base-url "$url" --rows "$rows" --batch-rows "$batch" --concurrency "$concurrency" \
  --store "$tmp/bench.db" -o "$tmp/out.csv" 2>"$tmp/log"
end=$(date +%s.%N)
python3 - "$start" "$end" "$requests" "$concurrency" "$delay" <<'PY'
import sys
start, end, requests, concurrency, delay = map(float, sys.argv[1:])
wall = end - start
ideal = requests / concurrency * delay / 1000
print("engine: %d requests, concurrency %d, server latency %d ms: %.2f s against the ideal %.2f s: "
      "%.3fx (target <= 1.15x: %s)" % (requests, concurrency, delay, wall, ideal, wall / ideal,
                                        "met" if wall / ideal <= 1.15 else "MISSED"))
PY

"$build/bench/bench-ingest" "$top/resources/examples/eicu-demo/schema.json" --responses 400
