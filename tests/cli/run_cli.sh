#!/usr/bin/env bash
# `reclaim run` options and exit statuses: --timeout (interrupts loops, calls,
# tail calls and throw/catch loops; exit 124), --max-memory, --invoke before
# MODULE (Wasmtime's order), a trap's exit status 1 and message.
#   RECLAIM=build/reclaim tests/cli/run_cli.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
reclaim="${RECLAIM:-$here/../../build/reclaim}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name want-status got-status
  if [[ "$2" != "$3" ]]; then echo "FAIL $1: exit $3, want $2"; fail=1; else echo "ok   $1"; fi
}
cat >"$tmp/m.wat" <<'WAT'
(module
  (memory 1)
  (tag $e)
  (func $spin (export "spin") (local i32) (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br $l)))
  (func $tail (export "tail") (return_call $tail))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $rec (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "calls") (loop $l (drop (call $rec (i32.const 50))) (br $l)))
  (func (export "throws") (loop $l (try_table (catch $e $l) (throw $e))))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "boom") (unreachable))
  (func (export "ok") (result i32) (i32.const 42))
)
WAT
for f in spin tail calls throws; do
  "$reclaim" run --timeout 0.2 "$tmp/m.wat" --invoke "$f" >/dev/null 2>"$tmp/err"
  st=$?
  check "timeout $f" 124 $st
  grep -q "interrupted" "$tmp/err" || { echo "FAIL timeout $f: no \"interrupted\" on stderr"; fail=1; }
done
out="$("$reclaim" run --timeout 5 --invoke ok "$tmp/m.wat")"
check "--invoke before MODULE" 0 $?
[[ "$out" == 42 ]] || { echo "FAIL --invoke before MODULE: printed \"$out\""; fail=1; }
out="$("$reclaim" run --max-memory 128K "$tmp/m.wat" --invoke grow 1)"
[[ "$out" == 1 ]] || { echo "FAIL --max-memory: grow 1 gave \"$out\""; fail=1; }
out="$("$reclaim" run --max-memory 128K "$tmp/m.wat" --invoke grow 2)"
[[ "$out" == -1 ]] || { echo "FAIL --max-memory: grow 2 gave \"$out\" (want -1)"; fail=1; }
"$reclaim" run "$tmp/m.wat" --invoke boom 2>"$tmp/err"
check "trap" 134 $?
grep -q "^error: unreachable" "$tmp/err" || { echo "FAIL trap: message"; fail=1; }
"$reclaim" run --timeout x "$tmp/m.wat" 2>/dev/null
check "bad --timeout" 2 $?
"$reclaim" run --max-memory 0 "$tmp/m.wat" 2>/dev/null
check "bad --max-memory" 2 $?
exit $fail
