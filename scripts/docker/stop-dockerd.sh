#!/usr/bin/env bash
# Stops the private daemon started by start-dockerd.sh (by its pidfile; never by name).
set -euo pipefail
PIDFILE="${TUG_DOCKER_PIDFILE:-/tmp/tug-docker.pid}"
[ -f "$PIDFILE" ] || { echo "no $PIDFILE: not running"; exit 0; }
pid="$(cat "$PIDFILE")"
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
fi
if kill -0 "$pid" 2>/dev/null; then echo "dockerd $pid did not stop within 20 s" >&2; exit 1; fi
rm -f "$PIDFILE"
echo "dockerd stopped"
