#!/usr/bin/env bash
# Server-style benchmark: per request a fresh store + instance + one call of
# an export (default `test` of the Kotlin alloc_loop guest), the module
# compiled once. Builds bench/server/server_bench.c (CMake target
# server_bench), then runs it and the Node.js equivalent
# (bench/server/server_node.mjs) in interleaved rounds, so both engines see
# the same machine load, and prints per-engine mean / median / p99 / min
# microseconds per request over all rounds, CPU time per request and RSS.
#
#   bench/server.sh [--requests N] [--rounds R] [--warmup W] [--module FILE]
#                   [--export NAME] [--node PATH|none] [--node-stub-wasi]
#
# --requests: timed requests per engine in total (default 20000), split over
#   --rounds rounds (default 4); each round runs each engine in a fresh
#   process with W untimed warm-up requests first (default 500).
# --node none: reclaim only. --node-stub-wasi: give Node plain JS functions
#   as WASI imports instead of node:wasi's.
# Environment: RECLAIM_BUILD (build directory, default build-bench),
#   NODE (default /tmp/peers/bin/node26).
# Target: reclaim <= 50 us per request (issue "Embedding API").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${RECLAIM_BUILD:-$root/build-bench}"
node="${NODE:-/tmp/peers/bin/node26}"
module="$root/../shared/guests/kotlin/wasm/alloc_loop.wasm"
requests=20000 rounds=4 warmup=500 export_name=test node_stub=""

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --module) module="$2"; shift 2 ;;
    --export) export_name="$2"; shift 2 ;;
    --node) node="$2"; shift 2 ;;
    --node-stub-wasi) node_stub="--stub-wasi"; shift ;;
    -h|--help) usage ;;
    *) echo "server.sh: unknown argument $1" >&2; usage ;;
  esac
done
[[ -f "$module" ]] || { echo "server.sh: module $module not found" >&2; exit 2; }
if [[ "$node" != none && ! -x "$node" ]]; then
  echo "server.sh: node not found at $node (use --node PATH or --node none)" >&2
  exit 2
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target server_bench -j2 >/dev/null

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
per=$(( (requests + rounds - 1) / rounds ))
echo "module: $module, export: $export_name"
echo "requests: $per x $rounds rounds per engine (interleaved), warm-up $warmup per round"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  line=$("$build/server_bench" --requests "$per" --warmup "$warmup" --export "$export_name" \
         --raw "$tmp/reclaim.raw" "$module")
  echo "round $r: $line"
  echo "$line" >>"$tmp/reclaim.lines"
  if [[ "$node" != none ]]; then
    line=$("$node" "$here/server/server_node.mjs" --requests "$per" --warmup "$warmup" \
           --export "$export_name" --raw "$tmp/node.raw" $node_stub "$module")
    echo "round $r: $line"
    echo "$line" >>"$tmp/node.lines"
  fi
done

python3 - "$tmp" <<'EOF'
import os, sys
tmp = sys.argv[1]
def fields(line):
    return {k: float(v) for k, v in (w.split('=') for w in line.split()[1:])}
print()
print("| engine | requests | mean µs | median µs | p99 µs | min µs | CPU µs/request | RSS KiB (max) | peak RSS KiB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for eng in ("reclaim", "node"):
    raw = os.path.join(tmp, eng + ".raw")
    if not os.path.exists(raw):
        continue
    us = sorted(float(x) for x in open(raw) if x.strip())
    lines = [fields(l) for l in open(os.path.join(tmp, eng + ".lines"))]
    n = len(us)
    cpu = sum(l["cpu_us_per_request"] * l["requests"] for l in lines) / sum(l["requests"] for l in lines)
    rss = max(l["rss_kb"] for l in lines)
    peak = max(l["peak_rss_kb"] for l in lines)
    p99 = us[min(n - 1, int(n * 0.99))]
    print(f"| {eng} | {n} | {sum(us) / n:.1f} | {us[n // 2]:.1f} | {p99:.1f} | {us[0]:.1f} | {cpu:.1f} | {rss:.0f} | {peak:.0f} |")
EOF
