#!/usr/bin/env bash
# `reclaim inspect`: the type store's view of a small GC module (canonical
# ids, rec groups, supertype chains, struct/array layouts with traced
# offsets, function slot counts) and a code dump with a stack map.
#   RECLAIM=build/reclaim tests/cli/inspect_cli.sh
. "$(dirname "$0")/lib.sh"

cat > gc.wat <<'W'
(module
  (rec
    (type $node (sub (struct (field $tag (mut i8)) (field $w i16) (field $next (ref null $node)) (field $v f64))))
    (type $list (array (mut (ref null $node)))))
  (type $bytes (array (mut i8)))
  (type $base (sub (struct (field i32))))
  (type $mid (sub $base (struct (field i32) (field (ref null $bytes)))))
  (type $leaf (sub final $mid (struct (field i32) (field (ref null $bytes)) (field i31ref))))
  (type $pair (sub (struct (field i32))))
  (type $fn (func (param (ref null $node) v128) (result i32)))
  (import "env" "mem" (memory 1 2))
  (import "env" "g" (global $g (mut i32)))
  (global $h (ref null $leaf) (ref.null $leaf))
  (func $id (param (ref null $node)) (result (ref null $node)) (local.get 0))
  (func $use (export "use") (param $n (ref null $node)) (result i32)
    (local $t (ref null $node))
    (local.set $t (call $id (local.get $n)))
    (struct.get_u $node $tag (local.get $t)))
)
W

"$R" inspect gc.wat > out.txt; st=$?
check "summary exits 0" test "$st" = 0
check "type section counts types" grep -q "^  type .* 9 entries (10 types)$" out.txt
check "import line" has '  "env" "mem" memory 0: 1 2'
check "global import" has '  "env" "g" global 0: (mut i32)'
check "export line" has '  "use" func 1'
check "defined global in WAT syntax" has '  global 1: (ref null $5)'
check "functions listed" has '  func 1: type $9 (func (param (ref null $0)) (result i32)) locals 1'
check "rec group of two" grep -q '^  type \$1: canon [0-9]* array, final, rec group 0 (\$0..\$1, member 1 of 2)$' out.txt
check "struct layout line" has '    layout: payload 24 bytes (object 40 with the header), 1 traced ref at +8'
check "packed mutable field" has '    field 0: +0    (mut i8)'
check "packed i16 field" has '    field 1: +2    i16'
check "ref field traced" has '    field 2: +8    (ref null $0)  traced'
check "f64 field not traced" has '    field 3: +16   f64'
check "array of refs traced" grep -qF 'layout: element (mut (ref null $0)), 8 bytes each, traced' out.txt
check "array of i8 not traced" grep -qF 'layout: element (mut i8), 1 byte each, not traced' out.txt
check "i31ref field traced" has '    field 2: +16   i31ref  traced'
check "func slots (v128 takes two)" has '    slots: params 3, results 1'
# canonical ids: even for struct/array types, odd for function types, and
# equivalent types ($3 and $6: same structure, both open, no supertype) share one
canon() { sed -n "s/^  type \\\$$1: canon \\([0-9]*\\) .*/\\1/p" out.txt; }
c0=$(canon 0) c3=$(canon 3) c4=$(canon 4) c5=$(canon 5) c6=$(canon 6) c7=$(canon 7)
check "struct canon id even" test $((c0 % 2)) = 0
check "func canon id odd" test $((c7 % 2)) = 1
check "equivalent types share a canonical id" test "$c3" = "$c6"
check "distinct types differ" test "$c3" != "$c4"
check "subtype chain" has "    supertype chain (depth 2): \$5 (canon $c5) <: \$4 (canon $c4) <: \$3 (canon $c3)"
check "final leaf" grep -q '^  type \$5: canon [0-9]* struct, final' out.txt
check "open base" grep -q '^  type \$3: canon [0-9]* struct, open' out.txt

"$R" inspect gc.wat --types > out.txt
check "--types only" test "$(grep -c '^imports:' out.txt)" = 0
check "--types prints types" grep -q '^types: 10 in 9 rec groups$' out.txt
"$R" inspect gc.wat --imports --exports > out.txt
check "--imports --exports" test "$(grep -c -e '^imports: 2$' -e '^exports: 1$' out.txt)" = 2

# code: the call to $id keeps the reference in $n / $t (slots 0, 1) alive
"$R" wat2wasm gc.wat -o gc.wasm
"$R" inspect gc.wasm --func use > out.txt; st=$?
check "--func by export name" test "$st" = 0
check "code header" has 'code of func 1 export "use": type $9 (func (param (ref null $0)) (result i32))'
check "a call op" grep -qE '^ +[0-9]+: call[a-z0-9_]* ' out.txt
check "a stack map line" grep -qE '^  stack map @[0-9]+: ref slots 0( 1)?$' out.txt
"$R" inspect gc.wasm --func 0 > out.txt
check "--func by index" grep -q '^code of func 0: ' out.txt
"$R" inspect gc.wasm --all-code > out.txt
check "--all-code" test "$(grep -c '^code of func' out.txt)" = 2
"$R" inspect gc.wasm --func nope > /dev/null 2>err.txt; st=$?
check "unknown --func exits 2" test "$st" = 2
check "unknown --func message" grep -q 'no function "nope"' err.txt
printf '(module (func (result i32) i64.const 1))\n' > invalid.wat
"$R" inspect invalid.wat > /dev/null 2>&1; st=$?
check "invalid module exits 2" test "$st" = 2
check "inspect --help" grep -q "usage: reclaim inspect" <<<"$("$R" inspect --help)"
check "reclaim --help lists inspect" grep -q "inspect MODULE" <<<"$("$R" --help)"

finish
