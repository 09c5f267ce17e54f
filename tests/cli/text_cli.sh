#!/usr/bin/env bash
# The command line's text-format features: `reclaim run` on WAT files (text
# told from binary by content), `reclaim wat2wasm`, `--version` and the help
# texts. $RECLAIM is the reclaim binary (set by ctest; default build/reclaim).
. "$(dirname "$0")/lib.sh"

cat > add.wat <<'W'
(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add))
W
printf '(module\n  (func (export "f") (result i32)\n    i32.const 1 i32.bogus))\n' > bad.wat
printf '(module (func (export "f") (result i32) i64.const 1))\n' > invalid.wat
cat > hello.wat <<'W'
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 7))))
W

check "--version" test "$("$R" --version)" = "reclaim 0.1.0"
help=$("$R" --help)
for c in run wast wat2wasm --version; do check "--help lists $c" grep -q -- "$c" <<<"$help"; done
check "run --help mentions text" grep -q "WAT" <<<"$("$R" run --help)"
check "wast --help mentions text" grep -q "text" <<<"$("$R" wast --help)"
check "wat2wasm --help" grep -q "usage: reclaim wat2wasm" <<<"$("$R" wat2wasm --help)"

# run: text modules
check "run add.wat" test "$("$R" run add.wat --invoke add 2 3)" = 5
cp add.wat add-text.wasm
check "run detects text by content" test "$("$R" run add-text.wasm --invoke add 4 5)" = 9
out=$("$R" run hello.wat 2>/dev/null); st=$?
check "run WASI text module: output" test "$out" = hello
check "run WASI text module: exit code" test "$st" = 7
"$R" run bad.wat --invoke f 2>err.txt; st=$?
check "run bad.wat exits 2" test "$st" = 2
check "run bad.wat reports file:line:col" grep -q "^bad.wat:3:17: unknown operator" err.txt
"$R" run invalid.wat --invoke f 2>/dev/null; st=$?
check "run invalid.wat exits 2" test "$st" = 2
printf '\0as' > short.wasm
"$R" run short.wasm 2>err.txt; st=$?
check "a damaged binary is decoded, not parsed as text" grep -q "unexpected end" err.txt
check "run short.wasm exits 2" test "$st" = 2

# wat2wasm
check "wat2wasm default output" "$R" wat2wasm add.wat
check "wat2wasm wrote add.wasm" test "$(head -c 4 add.wasm | od -An -c | tr -d ' ')" = '\0asm'
check "run the binary" test "$("$R" run add.wasm --invoke add 40 2)" = 42
check "wat2wasm -o" "$R" wat2wasm add.wat -o out.wasm
check "same bytes" cmp -s add.wasm out.wasm
"$R" wat2wasm add.wat -o - > stdout.wasm
check "wat2wasm -o - writes stdout" cmp -s add.wasm stdout.wasm
"$R" wat2wasm - -o stdin.wasm < add.wat
check "wat2wasm reads stdin" cmp -s add.wasm stdin.wasm
"$R" wat2wasm bad.wat -o bad.wasm 2>err.txt; st=$?
check "wat2wasm bad.wat exits 1" test "$st" = 1
check "wat2wasm bad.wat reports file:line:col" grep -q "^bad.wat:3:17: unknown operator" err.txt
check "no output for bad.wat" test ! -e bad.wasm
"$R" wat2wasm invalid.wat -o invalid.wasm 2>err.txt; st=$?
check "wat2wasm invalid.wat exits 1" test "$st" = 1
check "wat2wasm reports the validation error" grep -q "type mismatch" err.txt
check "wat2wasm --no-check" "$R" wat2wasm --no-check invalid.wat -o invalid.wasm
"$R" wat2wasm missing.wat 2>/dev/null; st=$?
check "wat2wasm missing file exits 2" test "$st" = 2
"$R" wat2wasm 2>/dev/null; st=$?
check "wat2wasm without input exits 2" test "$st" = 2

finish
