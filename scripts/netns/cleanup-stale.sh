#!/usr/bin/env bash
# Removes what the multi-host test harness (test/support/hosts) leaves behind when a run
# dies without cleaning up: network namespaces named tug-<pid>x<hex>-<host> (deleting a
# namespace also deletes its veth ends, and the switch namespace holds the bridge).
#
#   cleanup-stale.sh                     every tug-* namespace whose owner process is gone,
#                                        plus any tugbr* bridge in the root namespace
#   cleanup-stale.sh --all               every tug-* namespace, even of live runs
#   cleanup-stale.sh --run RUN [--wait-for-pid PID]
#                                        one run's namespaces (after PID has exited; this is
#                                        the watchdog each harness run starts)
#   --dry-run                            print what would be removed, remove nothing
#
# Processes inside a namespace are SIGKILLed first, so nothing keeps the namespace alive
# after its name is gone. Needs root; exits 0 when there is nothing to do.
set -uo pipefail

mode=stale run="" wait_pid="" dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --all) mode=all ;;
    --run) mode=run; run="${2:?--run needs a run id}"; shift ;;
    --wait-for-pid) wait_pid="${2:?--wait-for-pid needs a pid}"; shift ;;
    --dry-run) dry=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "cleanup-stale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$(id -u)" -ne 0 ]; then
  echo "cleanup-stale.sh: needs root (ip netns)" >&2
  exit 1
fi

if [ -n "$wait_pid" ]; then
  # Poll: the owner is not our child, so `wait` cannot be used.
  while kill -0 "$wait_pid" 2>/dev/null; do sleep 0.5; done
fi

our_namespaces() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^tug-' || true; }

owner_alive() { # namespace name → 0 if it names a pid that still runs
  [[ "$1" =~ ^tug-([0-9]+)x[0-9a-f]+- ]] || return 1
  kill -0 "${BASH_REMATCH[1]}" 2>/dev/null
}

targets=()
while read -r ns; do
  [ -n "$ns" ] || continue
  case "$mode" in
    run) [[ "$ns" == "tug-$run-"* ]] && targets+=("$ns") ;;
    all) targets+=("$ns") ;;
    stale) owner_alive "$ns" || targets+=("$ns") ;;
  esac
done < <(our_namespaces)

if [ "$dry" -eq 1 ]; then
  for ns in "${targets[@]}"; do echo "would remove namespace $ns"; done
else
  # Kill in every namespace before deleting any, so hosts of one run die together.
  for ns in "${targets[@]}"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null; done
  for ns in "${targets[@]}"; do ip netns del "$ns" 2>/dev/null && echo "removed namespace $ns"; done
fi

if [ "$mode" != run ]; then
  # The harness never creates links in the root namespace; a tugbr* bridge here comes from
  # an older design or a manual experiment, and no live run depends on it.
  while read -r link; do
    [ -n "$link" ] || continue
    if [ "$dry" -eq 1 ]; then echo "would remove bridge $link"; else ip link del "$link" && echo "removed bridge $link"; fi
  done < <(ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E '^tugbr' || true)
fi
exit 0
