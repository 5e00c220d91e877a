#!/bin/sh
# Takes the screenshots in data/screenshots/: each pane of the application at
# 1400x900, in the light and the dark style, in a virtual display.
#   build-aux/screenshots.sh [BUILDDIR]
# Needs xvfb, xauth, dbus, gnome-keyring and imagemagick (Debian packages).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
out="$top/data/screenshots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/config/glib-2.0/settings" "$work/home"

for style in light dark; do
  for page in schema providers runs compare; do
    printf "[io/github/facsimile/Facsimile]\nvisible-page='%s'\nwindow-width=1400\nwindow-height=900\nwindow-maximized=true\n" \
      "$page" > "$work/config/glib-2.0/settings/keyfile"
    scheme=default
    [ "$style" = dark ] && scheme=prefer-dark
    HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/config" \
    GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" ADW_DEBUG_COLOR_SCHEME="$scheme" \
    xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- sh -c '
      eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
      "$1" >/dev/null 2>&1 & app=$!
      sleep 4
      import -window root "$2"
      kill $app
    ' sh "$build/src/facsimile" "$out/$page-$style.png"
    echo "$out/$page-$style.png"
  done
done
