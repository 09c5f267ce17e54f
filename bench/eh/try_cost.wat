;; Micro benchmark: does entering a try_table cost anything on the path that
;; does not throw? Each export runs a loop of $n iterations that calls $work;
;; they differ only in what surrounds the call. bench/eh/try_cost.sh measures
;; instructions per iteration with callgrind.
(module
  (tag $e (param i32))
  (func $work (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const -1)) (then (throw $e (local.get 0))))
    (i32.add (local.get 0) (i32.const 1)))

  ;; the call alone
  (func (export "plain") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done (loop $lp
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $acc (call $work (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $lp)))
    (local.get $acc))

  ;; the call in a try_table whose catch_all leaves to the enclosing block
  (func (export "try_all") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done (loop $lp
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (block $h
        (try_table (catch_all $h)
          (local.set $acc (call $work (local.get $acc)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $lp)))
    (local.get $acc))

  ;; a catch with a payload: the handler block needs a result and the body
  ;; needs a branch over the handler...
  (func (export "try_catch") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done (loop $lp
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (block $out
        (block $h (result i32)
          (try_table (catch $e $h)
            (local.set $acc (call $work (local.get $acc))))
          (br $out))
        (local.set $acc))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $lp)))
    (local.get $acc))

  ;; ...so compare it with the same blocks and branch, try_table -> block
  (func (export "block_catch") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done (loop $lp
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (block $out
        (block $h (result i32)
          (block
            (local.set $acc (call $work (local.get $acc))))
          (br $out))
        (local.set $acc))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $lp)))
    (local.get $acc))
)
