#!/usr/bin/env bash
# Set up on a fresh Debian machine (installs what is missing), build reclaim,
# and run the bundled examples: a Wasm function (examples/fib.wasm) and a
# Kotlin/Wasm WASI program (examples/kotlin/hello.wasm, its output compared
# with examples/kotlin/hello.expected).
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "\$ build/reclaim run examples/fib.wasm --invoke fib 25"
build/reclaim run examples/fib.wasm --invoke fib 25
echo "\$ build/reclaim run examples/kotlin/hello.wasm"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
build/reclaim run examples/kotlin/hello.wasm | tee "$out"
if cmp -s "$out" examples/kotlin/hello.expected; then
  echo "(matches examples/kotlin/hello.expected)"
else
  echo "example.sh: output differs from examples/kotlin/hello.expected" >&2
  exit 1
fi
