#!/usr/bin/env bash
# Uncaught exceptions on the command line: `reclaim run` names the tag, prints
# the payload and the backtrace of the throw and exits with 134, as traps do;
# `reclaim wast` reports a failing assert_exception with file:line.
# $RECLAIM is the reclaim binary (default build/reclaim).
. "$(dirname "$0")/lib.sh"

cat > exn.wat <<'W'
(module
  (tag $e (export "boom") (param i32))
  (tag $f (param i64))
  (func $thrower (param i32) (throw $e (local.get 0)))
  (func $mid (param i32) (call $thrower (local.get 0)))
  (func (export "go") (param i32) (result i32) (call $mid (local.get 0)) (i32.const 1))
  (func (export "anon") (throw $f (i64.const 7)))
  (func (export "trap") (unreachable))
  (func (export "ok") (result i32) (i32.const 1)))
W
"$R" run exn.wat --invoke go 42 > out 2> err
check "uncaught exception exits 134" test $? -eq 134
check "message names the exported tag" grep -qx 'error: uncaught exception: tag boom' err
check "payload printed" grep -qx '  payload 0: i32:42' err
check "backtrace of the throw (3 frames)" test "$(grep -c '^  at ' err)" -eq 3
"$R" run exn.wat --invoke anon > out 2> err
check "unnamed tag exits 134" test $? -eq 134
check "unnamed tag by index" grep -qx 'error: uncaught exception: tag\[1\]' err
"$R" run exn.wat --invoke trap > out 2> err
check "a trap exits 134" test $? -eq 134

cp exn.wat script.wast
cat >> script.wast <<'W'
(assert_exception (invoke "go" (i32.const 1)))
(assert_exception (invoke "ok"))
(assert_exception (invoke "trap"))
W
"$R" wast script.wast > out 2> err
check "failing assert_exception fails the script" test $? -eq 1
check "an action that returns is reported with file:line" \
  grep -q 'script.wast:11: assert_exception: "ok": expected exception, got a return' err
check "a trap is not an exception" grep -q 'script.wast:12: assert_exception: "trap": expected exception, got trap' err
check "the passing one passes" grep -q '2 passed, 2 failed' err

finish
