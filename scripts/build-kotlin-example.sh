#!/usr/bin/env bash
# Builds examples/kotlin/hello.wasm from examples/kotlin/hello.kt with the
# official Kotlin compiler for the wasm-wasi target (kotlinc-wasm 2.4.20, the
# npm package kotlin-compiler@2.4.20), in the compiler's two stages:
# sources -> klib, then klib -> .wasm with production DCE (-Xir-dce).
#
# Needs java (OpenJDK from apt is installed when missing) and npm.
# Environment overrides:
#   KOTLIN_HOME  an unpacked Kotlin distribution (with bin/kotlinc-wasm)
#   TOOLS_DIR    where the npm package is installed (default: $XDG_CACHE_HOME or ~/.cache, /reclaim/kotlin-tools)
#   BUILD_DIR    scratch dir for the klib and the raw output (default: a fresh temp dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EX="$ROOT/examples/kotlin"
KOTLIN_VERSION="2.4.20"
TOOLS_DIR="${TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/reclaim/kotlin-tools}"

if ! command -v java >/dev/null; then
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
  echo "build-kotlin-example: installing OpenJDK (apt)" >&2
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi
command -v npm >/dev/null || { echo "build-kotlin-example: npm is needed to fetch kotlin-compiler@$KOTLIN_VERSION" >&2; exit 1; }

if [[ -z "${KOTLIN_HOME:-}" ]]; then
  KOTLIN_HOME="$TOOLS_DIR/node_modules/kotlin-compiler"
  if [[ ! -x "$KOTLIN_HOME/bin/kotlinc-wasm" ]]; then
    echo "build-kotlin-example: installing npm kotlin-compiler@$KOTLIN_VERSION into $TOOLS_DIR" >&2
    mkdir -p "$TOOLS_DIR"
    [[ -f "$TOOLS_DIR/package.json" ]] || echo '{"name":"reclaim-kotlin-tools","private":true}' > "$TOOLS_DIR/package.json"
    (cd "$TOOLS_DIR" && npm install --no-audit --no-fund "kotlin-compiler@$KOTLIN_VERSION" >&2)
  fi
fi
KOTLINC_WASM="$KOTLIN_HOME/bin/kotlinc-wasm"
STDLIB="$KOTLIN_HOME/lib/kotlin-stdlib-wasm-wasi.klib"
[[ -x "$KOTLINC_WASM" ]] || { echo "build-kotlin-example: no $KOTLINC_WASM" >&2; exit 1; }
[[ -f "$STDLIB" ]] || { echo "build-kotlin-example: no $STDLIB" >&2; exit 1; }

if [[ -z "${BUILD_DIR:-}" ]]; then
  BUILD_DIR="$(mktemp -d "${TMPDIR:-/tmp}/reclaim-kotlin-build.XXXXXX")"
  trap 'rm -rf "$BUILD_DIR"' EXIT
fi
# The defaults of kotlinc-wasm 2.4.20 for wasm-wasi select the new
# exception-handling encoding (try_table/throw_ref/exnref).
KFLAGS=(-Xwasm-target=wasm-wasi -libraries "$STDLIB" -nowarn)

echo "== hello: kotlinc-wasm (sources -> klib)" >&2
"$KOTLINC_WASM" "${KFLAGS[@]}" -ir-output-dir "$BUILD_DIR/klib" -ir-output-name hello "$EX/hello.kt"
echo "== hello: kotlinc-wasm (klib -> .wasm)" >&2
"$KOTLINC_WASM" "${KFLAGS[@]}" -Xinclude="$BUILD_DIR/klib/hello.klib" -Xir-produce-js -Xir-dce \
  -ir-output-dir "$BUILD_DIR/out" -ir-output-name hello
cp "$BUILD_DIR/out/hello.wasm" "$EX/hello.wasm"
ls -l "$EX/hello.wasm" >&2
