#!/bin/sh
# Takes the screenshots in data/screenshots/: each pane of the application at 1400x900
# (PANE-STYLE.png) and at GNOME's small-screen size 360x720 (PANE-360-STYLE.png), in the
# light and the dark style, in a virtual display, driven through AT-SPI to a
# state worth showing (build-aux/screenshots.py).
#   build-aux/screenshots.sh [BUILDDIR]
# Needs xvfb, xauth, dbus, gnome-keyring, at-spi2-core, python3-pyatspi, xdotool and
# imagemagick (Debian packages).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
out="$top/data/screenshots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/home" "$work/run"
chmod 700 "$work/run"

for size in ${FX_SIZES:-1400x900 360x720}; do
for style in light dark; do
  scheme=default
  [ "$style" = dark ] && scheme=prefer-dark
  HOME="$work/home" XDG_RUNTIME_DIR="$work/run" GSETTINGS_SCHEMA_DIR="$build/data" \
  ADW_DEBUG_COLOR_SCHEME="$scheme" FX_APP="$build/src/facsimile" FX_SCREENSHOTS="$out" FX_STYLE="$style" FX_SIZE="$size" \
  NO_AT_BRIDGE=0 GTK_A11Y=atspi LC_ALL=C.UTF-8 \
  xvfb-run -a -s "-screen 0 ${size}x24" dbus-run-session -- sh -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
    eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
    sleep 1
    /usr/bin/python3 "$1"
  ' sh "$top/build-aux/screenshots.py"
done
done
