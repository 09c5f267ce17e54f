#!/usr/bin/env bash
# Instructions per loop iteration of each export of try_cost.wat, measured
# with callgrind as (Ir at 2N iterations - Ir at N iterations) / N, so start-up
# (parsing, compiling) cancels out.
#   bench/eh/try_cost.sh [RECLAIM-BINARY] [N]     (default build/reclaim, 200000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-$here/../../build/reclaim}"
n="${2:-200000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ir() { # export iterations -> total Ir
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bin" run "$here/try_cost.wat" \
    --invoke "$1" "$2" >/dev/null 2>"$tmp/log"
  sed -n 's/^summary: *//p' "$tmp/cg.out"
}
printf '%-12s %s\n' export "Ir/iteration"
for f in plain try_all try_catch block_catch; do
  a=$(ir "$f" "$n")
  b=$(ir "$f" $((2 * n)))
  awk -v a="$a" -v b="$b" -v n="$n" -v f="$f" 'BEGIN { printf "%-12s %.2f\n", f, (b - a) / n }'
done
