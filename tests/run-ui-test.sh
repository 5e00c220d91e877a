#!/bin/sh
# Runs a GUI test in a virtual display, with a private D-Bus session, an unlocked
# gnome-keyring and the accessibility bus, so that it drives the real application.
#   tests/run-ui-test.sh TEST.py
#
# Every test prints a first line as soon as it runs.  When none comes, the display or
# the buses did not come up (the test never ran): that is said, and tried once more.
set -eu
test_script=$1
out=$(mktemp)
code=$(mktemp)
trap 'rm -f "$out" "$code"' EXIT

run() {
  home=$(mktemp -d)
  export HOME="$home" XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run" NO_AT_BRIDGE=0 GTK_A11Y=atspi
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  # Xvfb chooses a free display itself and writes its number (-displayfd): two tests
  # started together never race for the same one, as they can with xvfb-run -a
  # (no key repeats: a loaded machine delays the release of a key typed by xdotool)
  Xvfb -displayfd 3 -screen 0 "${FX_SCREEN:-1400x2200}x24" -nolisten tcp -noreset -ardelay 60000 -arinterval 60000 \
    3>"$home/display" >"$home/xvfb.log" 2>&1 &
  xvfb=$!
  tries=0
  until [ -s "$home/display" ] || [ $tries -ge 600 ] || ! kill -0 $xvfb 2>/dev/null; do
    tries=$((tries + 1))
    sleep 0.1
  done
  DISPLAY=":$(head -n 1 "$home/display")"
  export DISPLAY
  # the output goes on as it comes (a test that times out still shows how far it got).
  # Only the test writes the TAP stream (descriptor 3 inside): the bus and the services
  # it starts (the accessibility registry says it runs) write to the standard error.
  { status=0
    dbus-run-session -- sh -c '
      /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 3>&- &
      eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null 3>&-)"
      # the application registers with the accessibility bus as it starts: wait until
      # the bus answers (a loaded machine takes a while), not for a fixed time
      tries=0
      until dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
              org.a11y.Bus.GetAddress >/dev/null 2>&1 || [ $tries -ge 600 ]; do
        tries=$((tries + 1))
        sleep 0.1
      done
      /usr/bin/python3 "$@" >&3 3>&-
    ' sh "$test_script" 3>&1 >&2 || status=$?
    echo $status >"$code"
  } | tee "$out"
  kill $xvfb 2>/dev/null || true
  wait $xvfb 2>/dev/null || true
  rm -rf "$home"
  return "$(cat "$code")"
}

status=0
run || status=$?
if [ ! -s "$out" ]; then
  echo "# the test printed nothing (status $status): the display or the buses did not come up; once more"
  status=0
  run || status=$?
fi
exit $status
