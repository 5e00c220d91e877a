#!/bin/sh
# Installs the Debian 12 packages Facsimile needs, and only those that are missing.
#   build-aux/install-deps.sh           to build and run
#   build-aux/install-deps.sh --tests   to build and run the test suite too
set -eu

packages="meson ninja-build gcc pkg-config gettext libglib2.0-dev libjson-glib-dev libgsl-dev libsoup-3.0-dev libsqlite3-dev libsecret-1-dev libgtk-4-dev libadwaita-1-dev libxgboost-dev itstool"
if [ "${1:-}" = "--tests" ]; then
  # clang and its runtime: the fuzzers (libFuzzer) and the sanitizer run
  packages="$packages python3 dbus-daemon gnome-keyring desktop-file-utils appstream xvfb xauth at-spi2-core python3-pyatspi xdotool gdb libsecret-tools poppler-utils locales clang libclang-rt-14-dev yelp-tools"
fi

missing=""
for p in $packages; do
  if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
  else
    sudo=
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  # shellcheck disable=SC2086
  $sudo apt-get install -y -q --no-install-recommends $missing
fi
