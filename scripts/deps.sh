#!/usr/bin/env bash
# Install what building and testing need, from Debian's packages, if missing.
set -euo pipefail
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v make >/dev/null || need+=(make)
command -v gcc >/dev/null || need+=(gcc)
command -v python3 >/dev/null || need+=(python3)
command -v clang >/dev/null || need+=(clang)
# clang's sanitizer runtimes (ASan, UBSan, LSan)
compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a" >/dev/null || need+=(libclang-rt-dev)
# WASI guest tests (tests/wasi/run_guests.sh): clang --target=wasm32-wasi needs
# wasm-ld, the WASI libc and the wasm32 compiler-rt builtins.
command -v wasm-ld >/dev/null || need+=(lld)
[[ -f /usr/lib/wasm32-wasi/libc.a ]] || need+=(wasi-libc)
compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a" >/dev/null || need+=(libclang-rt-dev-wasm32)
if [[ ${#need[@]} -gt 0 ]]; then
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
