#!/bin/sh
# Installs what is missing, builds Facsimile and starts the application from the build
# tree.  Without a display (a server, a container) it says so and shows the
# command-line tool on the bundled eICU example instead.
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

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  # the build tree's GSettings schema comes with the development environment
  exec meson devenv -C "$builddir" src/facsimile "$@"
fi

example=resources/examples/eicu-demo
echo "Built. There is no display here, so the application cannot open its window;" >&2
echo "on a desktop, this command starts it. The command-line tool on the bundled example:" >&2
exec "$builddir/src/cli/facsimile-cli" compare \
  --real "$example/stays.csv" \
  --synthetic tests/fixtures/cli/synthetic-3000.csv \
  --schema "$example/schema.json" \
  --holdout
