#!/bin/sh
# Runs a GUI test in a virtual display, with a private D-Bus session, an unlocked
# gnome-keyring and the accessibility bus, so that it drives the real application.
#   tests/run-ui-test.sh TEST.py
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run" NO_AT_BRIDGE=0 GTK_A11Y=atspi
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec xvfb-run -a -s "-screen 0 ${FX_SCREEN:-1400x2200}x24" dbus-run-session -- sh -c '
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
  eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  sleep 1
  /usr/bin/python3 "$@"
' sh "$@"
