#!/usr/bin/env bash
# Bad input never crashes: each case must exit with its documented status and
# a one-line error that says what and where (byte offset, func, file:line:col).
# One check per fix made while throwing hostile input at the CLI, plus the
# basics (truncated modules, deep nesting, recursion, bad --invoke arguments).
#   RECLAIM=build/reclaim tests/cli/bad_input_cli.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
reclaim="${RECLAIM:-$here/../../build/reclaim}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
# expect NAME WANT-STATUS STDERR-REGEX ('' = anything) -- COMMAND...
expect() {
  local name=$1 want=$2 re=$3
  shift 4
  local got
  timeout 20 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  if [[ "$got" != "$want" ]]; then
    echo "FAIL $name: exit $got, want $want: $(head -c 300 "$tmp/err")"; fail=1
  elif [[ -n "$re" ]] && ! grep -Eq -- "$re" "$tmp/err"; then
    echo "FAIL $name: stderr does not match /$re/: $(head -c 300 "$tmp/err")"; fail=1
  elif grep -Eq 'Sanitizer|runtime error' "$tmp/err"; then
    echo "FAIL $name: sanitizer report"; fail=1
  else echo "ok   $name"; fi
}
cd "$tmp" || exit 1
mkdir adir
cat >m.wat <<'WAT'
(module
  (memory (export "mem") 1)
  (global (export "g") i32 (i32.const 1))
  (func (export "add") (param i32 i64) (result i64) (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
  (func $rec (export "rec") (param i32) (result i32) (i32.add (call $rec (local.get 0)) (i32.const 1))))
WAT
printf '(module (func (result i32) (i64.const 1)))' >invalid.wat
"$reclaim" wat2wasm --no-check invalid.wat -o invalid.wasm
"$reclaim" wat2wasm m.wat -o m.wasm
head -c 20 m.wasm >trunc.wasm

# Reading: the reason is given (a directory used to be "cannot read X", and
# `wast DIR` passed with 0 checks).
expect dir-run 2 'cannot read adir: Is a directory' -- "$reclaim" run adir
expect dir-wat2wasm 2 'cannot read adir: Is a directory' -- "$reclaim" wat2wasm adir
expect dir-wast 1 'adir: cannot read file: Is a directory' -- "$reclaim" wast adir
expect missing-run 2 'cannot read nope.wasm: No such file' -- "$reclaim" run nope.wasm
# Where: a byte offset for binary modules, the function for validation errors.
expect truncated 2 '^error: trunc.wasm: byte offset 0x[0-9a-f]+: ' -- "$reclaim" run trunc.wasm
expect truncated-inspect 2 '^error: trunc.wasm: byte offset 0x[0-9a-f]+: ' -- "$reclaim" inspect trunc.wasm
expect invalid-bin 2 '^error: invalid.wasm: func 0, byte offset 0x[0-9a-f]+: type mismatch' -- "$reclaim" run invalid.wasm
expect invalid-text 2 '^error: invalid.wat: func 0: type mismatch' -- "$reclaim" run invalid.wat
expect invalid-wat2wasm 1 '^error: invalid.wat: func 0: type mismatch' -- "$reclaim" wat2wasm invalid.wat -o x.wasm
printf '(module binary "\\00asm\\01")\n' >bin.wast
expect wast-bin-offset 1 'bin.wast:1: module: malformed: byte offset 0x5: unexpected end' -- "$reclaim" wast bin.wast
printf '(module\n  (func (result i32)\n    (i32.cnst 1)))\n' >syntax.wat
expect wat-syntax 2 '^syntax.wat:3:6: unknown operator i32.cnst' -- "$reclaim" run syntax.wat
# A binary given where text is expected was "1:1: malformed lexical token".
expect wat2wasm-binary 1 'm.wasm:1:1: a binary module' -- "$reclaim" wat2wasm m.wasm -o y.wasm
expect wast-binary 1 'm.wasm:1:1: a binary module' -- "$reclaim" wast m.wasm
# Exports that are not functions say what they are.
expect invoke-memory 2 'export "mem" is a memory, not a function' -- "$reclaim" run m.wat --invoke mem
expect invoke-global 2 'export "g" is a global, not a function' -- "$reclaim" run m.wat --invoke g
expect invoke-unknown 2 'no exported function "nope"' -- "$reclaim" run m.wat --invoke nope
expect invoke-few 2 'takes 2 arguments, 1 given' -- "$reclaim" run m.wat --invoke add 1
expect invoke-range 2 'argument 1 "99999999999" is not a valid i32' -- "$reclaim" run m.wat --invoke add 99999999999 1
# Integer arguments are decimal or 0x hex: "010" was read as octal 8.
expect invoke-leading-zero 0 '' -- "$reclaim" run m.wat --invoke add 010 0
[[ "$(cat "$tmp/out")" == 10 ]] || { echo "FAIL invoke-leading-zero: printed $(cat "$tmp/out")"; fail=1; }
expect invoke-space 2 'argument 1 " 5" is not a valid i32' -- "$reclaim" run m.wat --invoke add " 5" 0
# --max-memory below one page was taken as a limit of 0 pages.
expect max-memory-tiny 2 'bad --max-memory size "100"' -- "$reclaim" run --max-memory 100 m.wat --invoke add 1 2
# --env with an empty key was accepted.
expect env-empty-key 2 "environment entry '=x' is not KEY=VALUE" -- "$reclaim" run --env =x m.wat --invoke add 1 2
expect env-no-eq 2 "environment entry 'FOO' is not KEY=VALUE" -- "$reclaim" run --env FOO m.wat --invoke add 1 2
expect dir-missing 2 "cannot preopen directory '/nonexistent-reclaim'" -- "$reclaim" run --dir /nonexistent-reclaim m.wat --invoke add 1 2
# A module on stdin ("-") was "unknown option -".
expect run-stdin 0 '' -- bash -c "\"$reclaim\" run - --invoke add 1 2 <m.wat"
[[ "$(cat "$tmp/out")" == 3 ]] || { echo "FAIL run-stdin: printed $(cat "$tmp/out")"; fail=1; }
# Results that cannot be written are a failure, not exit 0.
if [[ -w /dev/full ]]; then
  expect stdout-full 2 'error writing standard output' -- bash -c "\"$reclaim\" run m.wat --invoke add 1 2 >/dev/full"
fi
# doctor: --calls -5 was taken as 2^64-5 (ran for ever); extra --arg was ignored.
expect doctor-calls-neg 2 'bad --calls -5' -- "$reclaim" doctor m.wat --export add --calls -5
expect doctor-batches-bad 2 'bad --batches 1x' -- "$reclaim" doctor m.wat --export add --batches 1x
expect doctor-extra-arg 2 'takes 2 arguments, 3 --arg given' -- "$reclaim" doctor m.wat --export add --arg 1 --arg 2 --arg 3 --calls 10
# Limits: deep nesting, infinite recursion (backtrace elided), huge locals.
python3 -c "n=100000; open('deep.wat','w').write('(module (func '+'(block '*n+')'*n+'))')" 2>/dev/null &&
  expect deep-nesting 2 'deep.wat:1:[0-9]+: nesting too deep' -- "$reclaim" run deep.wat
# 200,000 nested blocks in a binary: the compiler scanned the control stack
# at every block (quadratic: minutes); it must load in well under the timeout.
python3 - <<'PY' 2>/dev/null
def leb(n):
    o = bytearray()
    while True:
        b, n = n & 0x7f, n >> 7
        o.append(b | 0x80 if n else b)
        if not n: return bytes(o)
def sec(i, body): return bytes([i]) + leb(len(body)) + body
n = 200000
body = b'\x00' + b'\x02\x40' * n + b'\x0b' * n + b'\x0b'
open('nested.wasm', 'wb').write(b'\0asm\1\0\0\0' + sec(1, b'\x01\x60\x00\x00') + sec(3, b'\x01\x00')
    + sec(7, b'\x01\x01f\x00\x00') + sec(10, b'\x01' + leb(len(body)) + body))
PY
[[ -f nested.wasm ]] && expect deep-binary-nesting 0 '' -- "$reclaim" run nested.wasm --invoke f
expect recursion 134 'call stack exhausted' -- "$reclaim" run m.wat --invoke rec 1
if [[ $(wc -l <"$tmp/err") -gt 80 ]]; then echo "FAIL recursion: backtrace not elided"; fail=1; fi
printf '\0asm\1\0\0\0\1\4\1\x60\0\0\3\2\1\0\n\x09\1\x07\1\xff\xff\xff\xff\x0f\x7f\x0b' >locals.wasm
expect huge-locals 2 'byte offset 0x[0-9a-f]+: too many locals' -- "$reclaim" run locals.wasm
exit $fail
