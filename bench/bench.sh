#!/usr/bin/env bash
# The benchmark command: runs the CPU guests of ../shared/bench (or any guest of
# benches.txt by name) on reclaim and on peer runtimes, checks every output against
# expected.txt, and prints a Markdown table per guest (median wall time, max RSS,
# with --callgrind the instruction count, and the ratio reclaim/peer).
#
#   bench/bench.sh wasm3 iwasm-fast                   # peers from $PEERS (/tmp/peers/bin)
#   bench/bench.sh --runs 5 --only fib,sieve wasm3
#   bench/bench.sh --callgrind --only fib wasm3 iwasm-fast-vg
#   bench/bench.sh --only gc_churn,gc_cycles iwasm-fast
#   bench/bench.sh mine="/path/to/runtime {wasm} {args}"
#   bench/bench.sh --engine "build-me/reclaim run {wasm} {args}" wasm3
#
# Default reclaim command: build/reclaim run {wasm} {args} (this repository).
# bench/bench.sh --help lists every option. Exit status: 0 all runs correct,
# 1 some engine failed or printed the wrong output, 2 usage error or
# ../shared/bench missing.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="${RECLAIM_BENCH_DIR:-$here/../../shared/bench}"
if [[ ! -f "$bench/benches.txt" ]]; then
  echo "bench: shared bench folder not found at $bench (set RECLAIM_BENCH_DIR)" >&2
  exit 2
fi
exec python3 "$here/bench.py" "$@"
