#!/bin/sh
# Runs a command in a private D-Bus session with an unlocked gnome-keyring, so that
# tests use the real Secret Service and never touch the user's own keyring.
#   tests/with-keyring.sh COMMAND [ARG...]
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- sh -c '
  # an empty password creates and unlocks the login keyring
  eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  "$@"
  status=$?
  kill "$GNOME_KEYRING_PID" 2>/dev/null || true
  exit $status
' sh "$@"
