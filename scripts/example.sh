#!/usr/bin/env bash
# Set up on a fresh Debian machine (installs what is missing), build reclaim,
# and run the bundled example module.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "\$ build/reclaim run examples/fib.wasm --invoke fib 25"
build/reclaim run examples/fib.wasm --invoke fib 25
