#!/usr/bin/env bash
# Runs the compiled test files of one suite (unit | e2e | all) with node's test runner.
# Files are listed explicitly: `node --test DIR` would also execute every support
# module under a folder named test/ as if it were a test file.
# `all` runs the unit suite (2 at a time) and then the end-to-end suite (one at a time,
# they start servers and containers) and ends with one combined "N passed, N failed" line.
set -uo pipefail
suite="${1:?usage: run-tests.sh unit|e2e|all}"
cd "$(dirname "$0")/.."

run_suite() { # name concurrency
  local files
  mapfile -t files < <(find "dist/test/$1" -name '*.test.js' 2>/dev/null | sort)
  if [ "${#files[@]}" -eq 0 ]; then
    echo "no $1 test files under dist/test/$1 (did the build run?)" >&2
    return 1
  fi
  node --test --test-concurrency="$2" --test-reporter=spec "${files[@]}"
}

if [ "$suite" != all ]; then
  run_suite "$suite" "${2:-1}"
  exit $?
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
run_suite unit 2 2>&1 | tee -a "$log" || status=1
run_suite e2e 1 2>&1 | tee -a "$log" || status=1
# The spec reporter ends each run with "ℹ pass N" / "ℹ fail N" lines; add them up.
passed=$(grep -aE '^ℹ pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
failed=$(grep -aE '^ℹ fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
skipped=$(grep -aE '^ℹ skipped [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
echo
echo "all suites: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ]; then status=1; fi
exit "$status"
