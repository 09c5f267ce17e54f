#!/usr/bin/env bash
# Kotlin/Wasm (WASI) guests through `reclaim run`: the shared check script
# (../shared/guests/kotlin/check.sh, see its EXPECTED.md) compares each
# guest's stdout and exit status, raw and wasm-opt builds, legacy EH, proc_exit
# and an uncaught exception. --quick (the default here) skips the long cases;
# RECLAIM_KOTLIN_FULL=1 runs them all. Exits 77 (ctest: skipped) when the
# guests are absent.
#   RECLAIM=build/reclaim tests/kotlin/run_kotlin.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${RECLAIM_KOTLIN_DIR:-$here/../../../shared/guests/kotlin}"
reclaim="${RECLAIM:-$here/../../build/reclaim}"
if [[ ! -x "$dir/check.sh" ]]; then
  echo "kotlin guests not found at $dir (set RECLAIM_KOTLIN_DIR): skipped"
  exit 77
fi
quick=(--quick)
[[ "${RECLAIM_KOTLIN_FULL:-0}" == 1 ]] && quick=()
exec "$dir/check.sh" "${quick[@]}" "$reclaim" run
