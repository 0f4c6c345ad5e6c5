#!/usr/bin/env bash
# Starts a private Docker daemon for development and CI on unix:///tmp/tug-docker.sock.
# Idempotent: if the socket already answers, does nothing. Must run as root.
# Sandbox choices (why): --iptables=false --ip-masq=false, because with iptables Docker
# sets the host's FORWARD policy to DROP, which breaks the veth bridges the multi-host
# tests build. Published ports still work: docker-proxy (userland) listens on
# 127.0.0.1:<hostPort> and forwards to the container. Containers get no outbound NAT,
# which they do not need (no registry, loopback-only network).
# setsid: the daemon leaves the caller's process group, so a job runner that kills the group
# when the starting shell ends does not take the daemon with it.
# Extra dockerd flags: TUG_DOCKERD_FLAGS.
set -euo pipefail
SOCK="${TUG_DOCKER_SOCK:-/tmp/tug-docker.sock}"
PIDFILE="${TUG_DOCKER_PIDFILE:-/tmp/tug-docker.pid}"
DATA_ROOT="${TUG_DOCKER_DATA_ROOT:-/var/lib/tug-docker}"
EXEC_ROOT="${TUG_DOCKER_EXEC_ROOT:-/tmp/tug-docker-exec}"
LOG="${TUG_DOCKER_LOG:-/tmp/tug-docker.log}"
WAIT_SECONDS="${TUG_DOCKER_WAIT_SECONDS:-30}"

answers() { docker -H "unix://$SOCK" info >/dev/null 2>&1; }

if answers; then
  echo "dockerd already running on unix://$SOCK"
  exit 0
fi

# A stale pidfile from a dead daemon would make dockerd refuse to start.
if [ -f "$PIDFILE" ]; then
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "dockerd (pid $pid) is starting; waiting"
  else
    rm -f "$PIDFILE"
  fi
fi

if [ ! -f "$PIDFILE" ]; then
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
  setsid nohup dockerd \
    --host "unix://$SOCK" \
    --data-root "$DATA_ROOT" \
    --exec-root "$EXEC_ROOT" \
    --pidfile "$PIDFILE" \
    --iptables=false --ip-masq=false --userland-proxy=true \
    ${TUG_DOCKERD_FLAGS:-} \
    >"$LOG" 2>&1 </dev/null &
fi

for _ in $(seq 1 $((WAIT_SECONDS * 5))); do
  if answers; then
    echo "dockerd ready on unix://$SOCK (log: $LOG)"
    exit 0
  fi
  sleep 0.2
done
echo "dockerd did not answer on unix://$SOCK within ${WAIT_SECONDS}s; last log lines:" >&2
tail -n 30 "$LOG" >&2 || true
exit 1
