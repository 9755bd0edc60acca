#!/usr/bin/env bash
# `npm run lint`: every lint check, each run even when an earlier one fails, so one run shows
# all the problems; exits non-zero when any check failed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
run() {
  local name=$1
  echo "== lint: ${name}"
  npm run --silent "lint:${name}" || failed+=("${name}")
}

run boundaries
run code
run citations
run size

if [ ${#failed[@]} -gt 0 ]; then
  echo "lint failed: ${failed[*]}" >&2
  exit 1
fi
echo "lint: all checks passed"
