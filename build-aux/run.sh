#!/bin/sh
# Installs what is missing, builds Facsimile and runs it on the bundled eICU example:
# the real table against a synthetic stand-in, with the holdout baseline.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

sh build-aux/install-deps.sh

builddir=${BUILDDIR:-build}
if [ -d "$builddir/meson-private" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir" >/dev/null
fi
meson compile -C "$builddir" >/dev/null

example=resources/examples/eicu-demo
exec "$builddir/src/cli/facsimile-cli" compare \
  --real "$example/stays.csv" \
  --synthetic tests/fixtures/cli/synthetic-3000.csv \
  --schema "$example/schema.json" \
  --holdout
