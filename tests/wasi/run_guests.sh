#!/usr/bin/env bash
# Runs the WASI C guests (tests/wasi/guests/*.c) through `reclaim run` and
# compares each one's stdout with NAME.expected and its exit status.
#
#   tests/wasi/run_guests.sh [NAME...]     all guests, or only these
#
# Environment:
#   RECLAIM          the runtime command (default: build/reclaim); may hold
#                    words, e.g. RECLAIM="node /tmp/stand-in.mjs"
#   GUEST_BUILD_DIR  where the .wasm files go (default: build/wasi-guests)
#   WASI_CC          a clang that targets wasm32-wasi (default: clang)
#   KEEP=1           keep each guest's temp dir (and print where it is)
#
# Each guest runs in a fresh temp dir W with W/sandbox preopened as /sandbox:
#   reclaim run --dir W/sandbox::/sandbox [OPTIONS] guest.wasm [ARGS]
# Exit status: 0 all passed, 1 some failed, 77 skipped (no wasm32-wasi
# compiler; ctest reports it as skipped).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$ROOT/tests/wasi/guests"
OUT="${GUEST_BUILD_DIR:-$ROOT/build/wasi-guests}"
read -r -a RECLAIM_CMD <<< "${RECLAIM:-$ROOT/build/reclaim}"
CC="${WASI_CC:-clang}"
CFLAGS=(--target=wasm32-wasi -O2 -Wall -Wextra -Werror)

# ---- build ----
mkdir -p "$OUT"
probe="$OUT/.probe"
printf '#include <stdio.h>\nint main(void){puts("ok");return 0;}\n' > "$probe.c"
if ! "$CC" "${CFLAGS[@]}" -o "$probe.wasm" "$probe.c" 2> "$probe.log"; then
  echo "run_guests: SKIP: '$CC --target=wasm32-wasi' cannot build a WASI program:" >&2
  sed 's/^/  /' "$probe.log" >&2
  echo "run_guests: install clang, lld, wasi-libc and libclang-rt-*-dev-wasm32 (scripts/deps.sh does)" >&2
  exit 77
fi
rm -f "$probe.c" "$probe.wasm" "$probe.log"
if [[ ! -x "${RECLAIM_CMD[0]}" ]] && ! command -v "${RECLAIM_CMD[0]}" >/dev/null; then
  echo "run_guests: no runtime at ${RECLAIM_CMD[0]} (build reclaim first or set RECLAIM)" >&2
  exit 1
fi

if [[ $# -gt 0 ]]; then GUESTS=("$@"); else
  GUESTS=()
  for f in "$SRC"/*.c; do GUESTS+=("$(basename "$f" .c)"); done
fi
for g in "${GUESTS[@]}"; do
  [[ -f "$SRC/$g.c" ]] || { echo "run_guests: no guest $g" >&2; exit 1; }
  if [[ ! "$OUT/$g.wasm" -nt "$SRC/$g.c" || ! "$OUT/$g.wasm" -nt "$SRC/guest.h" ]]; then
    "$CC" "${CFLAGS[@]}" -o "$OUT/$g.wasm" "$SRC/$g.c" || { echo "run_guests: cannot build $g" >&2; exit 1; }
  fi
done

# ---- how each guest is run ----
# spec NAME W: sets OPTS (runtime options), ARGS (guest arguments), STDIN and
# STATUS (expected exit status), and prepares W/sandbox.
spec() {
  OPTS=(); ARGS=(); STDIN=/dev/null; STATUS=0
  case "$1" in
    args) ARGS=(one "two words" "" "ünïcode") ;;
    env) OPTS=(--env RECLAIM_A=1 --env RECLAIM_B=x=y --env RECLAIM_EMPTY=) ;;
    exit3) STATUS=3 ;;
    cat) STDIN="$SRC/cat.stdin" ;;
    sandbox)
      mkdir "$2/outside"
      ln -s /etc "$2/sandbox/hostetc"
      ln -s /etc/passwd "$2/sandbox/hostpasswd"
      ln -s "$2/outside" "$2/sandbox/hostout"
      OPTS=(--env "OUTSIDE=$2/outside") ;;
  esac
}

# after NAME W: checks on the host once the guest has run; prints problems.
after() {
  case "$1" in
    sandbox)
      local leaked
      leaked="$(cd "$2" && ls -d outside/* escape.* 2>/dev/null)"
      [[ -z "$leaked" ]] || echo "escaped the sandbox, host files created: $leaked" ;;
  esac
}

# ---- run ----
pass=0; fail=0; failed=()
for g in "${GUESTS[@]}"; do
  W="$(mktemp -d "${TMPDIR:-/tmp}/reclaim-guest-$g.XXXXXX")"
  mkdir "$W/sandbox"
  spec "$g" "$W"
  timeout 120 "${RECLAIM_CMD[@]}" run --dir "$W/sandbox::/sandbox" "${OPTS[@]}" "$OUT/$g.wasm" "${ARGS[@]}" \
    < "$STDIN" > "$W/stdout" 2> "$W/stderr"
  status=$?
  problems=""
  [[ $status -eq $STATUS ]] || problems+="exit status $status, expected $STATUS"$'\n'
  if ! diff -u --label "$g.expected" --label "$g stdout" "$SRC/$g.expected" "$W/stdout" > "$W/diff"; then
    problems+="stdout differs from $g.expected:"$'\n'"$(head -40 "$W/diff")"$'\n'
  fi
  problems+="$(after "$g" "$W")"
  if [[ -z "$problems" ]]; then
    pass=$((pass + 1)); echo "PASS $g"
  else
    fail=$((fail + 1)); failed+=("$g"); echo "FAIL $g"
    printf '%s\n' "$problems" | sed 's/^/  /'
    if [[ -s "$W/stderr" ]]; then echo "  stderr:"; head -20 "$W/stderr" | sed 's/^/    /'; fi
  fi
  if [[ -n "${KEEP:-}" ]]; then echo "  kept $W"; else rm -rf "$W"; fi
done
echo "$pass passed, $fail failed${failed:+ (${failed[*]})}"
[[ $fail -eq 0 ]]
