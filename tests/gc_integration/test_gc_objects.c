/* GC integration: object shapes after collections. Packed i8/i16 struct
 * fields and arrays keep their bits (signed and unsigned reads, neighbours
 * not clobbered); objects of many sizes (arrays of i8/i64/refs from 0 to
 * ~100 KiB, structs of mixed fields) keep length and contents; large arrays
 * (> 32 KiB, their own mapping) of i32 and of refs; 100 MB arrays under a
 * 256 MiB heap limit (dropped ones are reclaimed, a third live one traps
 * "GC heap out of memory", the store stays usable); a type hierarchy still
 * answers ref.test / ref.cast / br_on_cast / br_on_cast_fail after
 * collections; default-initialised objects in reused cells read as zero.
 * Each case runs in the normal config and in stress mode. */
#include "gcw.h"

static const char objects_wat[] = "(module\n" GCW_PRELUDE
    "(type $pk (struct (field (mut i8)) (field (mut i16)) (field (mut i8)) (field (mut i32)) (field (mut i16))))\n"
    "(type $a8 (array (mut i8)))\n"
    "(type $a16 (array (mut i16)))\n"
    "(type $a64 (array (mut i64)))\n"
    "(type $i32a (array (mut i32)))\n"
    "(type $anys (array (mut anyref)))\n"
    "(type $s4 (struct (field i64) (field i32) (field (ref null $box)) (field f64) (field i8)))\n"
    "(global $keep (mut (ref null $anys)) (ref.null $anys))\n"
    "(global $big0 (mut (ref null $a8)) (ref.null $a8))\n"
    "(global $big1 (mut (ref null $a8)) (ref.null $a8))\n"
    "(func $fail (param $bad i32) (param $acc i32) (result i32) (i32.add (local.get $acc) (local.get $bad)))\n"
    /* packed fields and arrays: returns the number of mismatches */
    "(func (export \"packed\") (result i32)\n"
    "  (local $s (ref null $pk)) (local $b (ref null $a8)) (local $h (ref null $a16)) (local $i i32) (local $e i32)\n"
    "  (local.set $s (struct.new $pk (i32.const 0x1ff) (i32.const 0x18765) (i32.const 0x80) (i32.const -1) (i32.const 0x7fff)))\n"
    "  (local.set $b (array.new $a8 (i32.const 0xff) (i32.const 1001)))\n"
    "  (local.set $h (array.new $a16 (i32.const 0) (i32.const 999)))\n"
    "  (loop $l\n"
    "    (array.set $a8 (local.get $b) (local.get $i) (i32.mul (local.get $i) (i32.const 3)))\n"
    "    (array.set $a16 (local.get $h) (local.get $i) (i32.mul (local.get $i) (i32.const 67)))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (i32.const 999))))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (struct.set $pk 2 (local.get $s) (i32.const 0x155))\n"
    "  (local.set $e (i32.ne (struct.get_s $pk 0 (local.get $s)) (i32.const -1)))\n"
    "  (local.set $e (call $fail (i32.ne (struct.get_u $pk 0 (local.get $s)) (i32.const 255)) (local.get $e)))\n"
    "  (local.set $e (call $fail (i32.ne (struct.get_s $pk 1 (local.get $s)) (i32.const -30875)) (local.get $e)))\n"
    "  (local.set $e (call $fail (i32.ne (struct.get_u $pk 1 (local.get $s)) (i32.const 0x8765)) (local.get $e)))\n"
    "  (local.set $e (call $fail (i32.ne (struct.get_s $pk 2 (local.get $s)) (i32.const 0x55)) (local.get $e)))\n"
    "  (local.set $e (call $fail (i32.ne (struct.get $pk 3 (local.get $s)) (i32.const -1)) (local.get $e)))\n"
    "  (local.set $e (call $fail (i32.ne (struct.get_s $pk 4 (local.get $s)) (i32.const 32767)) (local.get $e)))\n"
    "  (local.set $e (call $fail (i32.ne (array.len (local.get $b)) (i32.const 1001)) (local.get $e)))\n"
    "  (local.set $e (call $fail (i32.ne (array.get_s $a8 (local.get $b) (i32.const 1000)) (i32.const -1)) (local.get $e)))\n"
    "  (local.set $e (call $fail (i32.ne (array.get_u $a8 (local.get $b) (i32.const 999)) (i32.const 255)) (local.get $e)))\n"
    "  (local.set $i (i32.const 0))\n"
    "  (loop $l\n"
    "    (local.set $e (call $fail (i32.ne (array.get_u $a8 (local.get $b) (local.get $i))\n"
    "      (i32.and (i32.mul (local.get $i) (i32.const 3)) (i32.const 0xff))) (local.get $e)))\n"
    "    (local.set $e (call $fail (i32.ne (array.get_s $a8 (local.get $b) (local.get $i))\n"
    "      (i32.extend8_s (i32.mul (local.get $i) (i32.const 3)))) (local.get $e)))\n"
    "    (local.set $e (call $fail (i32.ne (array.get_u $a16 (local.get $h) (local.get $i))\n"
    "      (i32.and (i32.mul (local.get $i) (i32.const 67)) (i32.const 0xffff))) (local.get $e)))\n"
    "    (local.set $e (call $fail (i32.ne (array.get_s $a16 (local.get $h) (local.get $i))\n"
    "      (i32.extend16_s (i32.mul (local.get $i) (i32.const 67)))) (local.get $e)))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (i32.const 999))))\n"
    "  (local.get $e))\n"
    /* objects of many sizes, held by an anyref array in a global */
    "(func (export \"sizes\") (param $n i32) (local $a (ref null $anys)) (local $i i32) (local $x (ref null $a64))\n"
    "  (local.set $a (array.new_default $anys (i32.mul (local.get $n) (i32.const 4))))\n"
    "  (global.set $keep (local.get $a))\n"
    "  (loop $l\n"
    "    (array.set $anys (local.get $a) (i32.mul (local.get $i) (i32.const 4))\n"
    "      (array.new $a8 (local.get $i) (local.get $i)))\n"
    "    (local.set $x (array.new $a64 (i64.extend_i32_u (local.get $i)) (i32.mul (local.get $i) (i32.const 5))))\n"
    "    (if (local.get $i) (then (array.set $a64 (local.get $x) (i32.sub (i32.mul (local.get $i) (i32.const 5)) (i32.const 1))\n"
    "      (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 7)))))\n"
    "    (array.set $anys (local.get $a) (i32.add (i32.mul (local.get $i) (i32.const 4)) (i32.const 1)) (local.get $x))\n"
    "    (array.set $anys (local.get $a) (i32.add (i32.mul (local.get $i) (i32.const 4)) (i32.const 2))\n"
    "      (struct.new $s4 (i64.extend_i32_u (local.get $i)) (local.get $i) (struct.new $box (local.get $i))\n"
    "                      (f64.convert_i32_u (local.get $i)) (local.get $i)))\n"
    "    (array.set $anys (local.get $a) (i32.add (i32.mul (local.get $i) (i32.const 4)) (i32.const 3))\n"
    "      (array.new $barr (struct.new $box (local.get $i)) (i32.and (local.get $i) (i32.const 511))))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "  (call $churn (global.get $CH)) (call $gc))\n"
    "(func (export \"check_sizes\") (param $n i32) (result i32)\n"
    "  (local $a (ref null $anys)) (local $i i32) (local $e i32) (local $b (ref null $a8)) (local $x (ref null $a64))\n"
    "  (local $s (ref null $s4)) (local $r (ref null $barr)) (local $len i32)\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (local.set $a (global.get $keep))\n"
    "  (loop $l\n"
    "    (local.set $b (ref.cast (ref $a8) (array.get $anys (local.get $a) (i32.mul (local.get $i) (i32.const 4)))))\n"
    "    (local.set $e (call $fail (i32.ne (array.len (local.get $b)) (local.get $i)) (local.get $e)))\n"
    "    (if (local.get $i) (then\n"
    "      (local.set $e (call $fail (i32.ne (array.get_u $a8 (local.get $b) (i32.const 0)) (i32.and (local.get $i) (i32.const 255))) (local.get $e)))\n"
    "      (local.set $e (call $fail (i32.ne (array.get_u $a8 (local.get $b) (i32.sub (local.get $i) (i32.const 1)))\n"
    "                                        (i32.and (local.get $i) (i32.const 255))) (local.get $e)))))\n"
    "    (local.set $x (ref.cast (ref $a64) (array.get $anys (local.get $a) (i32.add (i32.mul (local.get $i) (i32.const 4)) (i32.const 1)))))\n"
    "    (local.set $len (i32.mul (local.get $i) (i32.const 5)))\n"
    "    (local.set $e (call $fail (i32.ne (array.len (local.get $x)) (local.get $len)) (local.get $e)))\n"
    "    (if (local.get $i) (then\n"
    "      (local.set $e (call $fail (i64.ne (array.get $a64 (local.get $x) (i32.const 0)) (i64.extend_i32_u (local.get $i))) (local.get $e)))\n"
    "      (local.set $e (call $fail (i64.ne (array.get $a64 (local.get $x) (i32.shr_u (local.get $len) (i32.const 1)))\n"
    "                                        (i64.extend_i32_u (local.get $i))) (local.get $e)))\n"
    "      (local.set $e (call $fail (i64.ne (array.get $a64 (local.get $x) (i32.sub (local.get $len) (i32.const 1)))\n"
    "                                        (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 7))) (local.get $e)))))\n"
    "    (local.set $s (ref.cast (ref $s4) (array.get $anys (local.get $a) (i32.add (i32.mul (local.get $i) (i32.const 4)) (i32.const 2)))))\n"
    "    (local.set $e (call $fail (i64.ne (struct.get $s4 0 (local.get $s)) (i64.extend_i32_u (local.get $i))) (local.get $e)))\n"
    "    (local.set $e (call $fail (i32.ne (struct.get $s4 1 (local.get $s)) (local.get $i)) (local.get $e)))\n"
    "    (local.set $e (call $fail (i32.ne (struct.get $box 0 (struct.get $s4 2 (local.get $s))) (local.get $i)) (local.get $e)))\n"
    "    (local.set $e (call $fail (f64.ne (struct.get $s4 3 (local.get $s)) (f64.convert_i32_u (local.get $i))) (local.get $e)))\n"
    "    (local.set $e (call $fail (i32.ne (struct.get_u $s4 4 (local.get $s)) (i32.and (local.get $i) (i32.const 255))) (local.get $e)))\n"
    "    (local.set $r (ref.cast (ref $barr) (array.get $anys (local.get $a) (i32.add (i32.mul (local.get $i) (i32.const 4)) (i32.const 3)))))\n"
    "    (local.set $len (i32.and (local.get $i) (i32.const 511)))\n"
    "    (local.set $e (call $fail (i32.ne (array.len (local.get $r)) (local.get $len)) (local.get $e)))\n"
    "    (if (local.get $len) (then\n"
    "      (local.set $e (call $fail (i32.ne (struct.get $box 0 (array.get $barr (local.get $r) (i32.sub (local.get $len) (i32.const 1))))\n"
    "                                        (local.get $i)) (local.get $e)))))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "  (local.get $e))\n"
    "(func (export \"drop_sizes\") (global.set $keep (ref.null $anys)))\n"
    /* large arrays: n i32s and n refs, held by locals across collections */
    "(func (export \"large\") (param $n i32) (result i32)\n"
    "  (local $a (ref null $i32a)) (local $r (ref null $barr)) (local $i i32) (local $e i32)\n"
    "  (local.set $a (array.new $i32a (i32.const 0) (local.get $n)))\n"
    "  (local.set $r (array.new_default $barr (local.get $n)))\n"
    "  (loop $l\n"
    "    (array.set $i32a (local.get $a) (local.get $i) (i32.mul (local.get $i) (i32.const 7)))\n"
    "    (if (i32.eqz (i32.and (local.get $i) (i32.const 15)))\n"
    "      (then (array.set $barr (local.get $r) (local.get $i) (struct.new $box (local.get $i)))))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (local.set $i (i32.const 0))\n"
    "  (loop $l\n"
    "    (local.set $e (call $fail (i32.ne (array.get $i32a (local.get $a) (local.get $i)) (i32.mul (local.get $i) (i32.const 7))) (local.get $e)))\n"
    "    (if (i32.eqz (i32.and (local.get $i) (i32.const 15)))\n"
    "      (then (local.set $e (call $fail (i32.ne (struct.get $box 0 (array.get $barr (local.get $r) (local.get $i))) (local.get $i)) (local.get $e))))\n"
    "      (else (local.set $e (call $fail (i32.eqz (ref.is_null (array.get $barr (local.get $r) (local.get $i)))) (local.get $e)))))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "  (local.get $e))\n"
    /* a byte array of n bytes; keep: 0 drop, 1/2 into $big0/$big1 */
    "(func (export \"big\") (param $n i32) (param $keep i32) (result i32) (local $b (ref null $a8))\n"
    "  (local.set $b (array.new_default $a8 (local.get $n)))\n"
    "  (array.set $a8 (local.get $b) (i32.const 0) (i32.const 1))\n"
    "  (array.set $a8 (local.get $b) (i32.sub (local.get $n) (i32.const 1)) (i32.const 2))\n"
    "  (if (i32.eq (local.get $keep) (i32.const 1)) (then (global.set $big0 (local.get $b))))\n"
    "  (if (i32.eq (local.get $keep) (i32.const 2)) (then (global.set $big1 (local.get $b))))\n"
    "  (i32.add (array.get_u $a8 (local.get $b) (i32.const 0))\n"
    "           (array.get_u $a8 (local.get $b) (i32.sub (local.get $n) (i32.const 1)))))\n"
    "(func (export \"check_big\") (result i32)\n"
    "  (i32.add (i32.add (array.get_u $a8 (global.get $big0) (i32.const 0))\n"
    "                    (array.get_u $a8 (global.get $big0) (i32.sub (array.len (global.get $big0)) (i32.const 1))))\n"
    "           (i32.add (array.get_u $a8 (global.get $big1) (i32.const 0))\n"
    "                    (array.get_u $a8 (global.get $big1) (i32.sub (array.len (global.get $big1)) (i32.const 1))))))\n"
    "(func (export \"drop_big0\") (global.set $big0 (ref.null $a8)))\n"
    /* default values in reused (dirty) cells: after garbage of every small
     * size was collected, new default arrays and structs must read as zero */
    "(func (export \"zeroed\") (param $rounds i32) (result i32)\n"
    "  (local $len i32) (local $i i32) (local $e i32) (local $a (ref null $junk)) (local $r (ref null $barr))\n"
    "  (local $s (ref null $s4))\n"
    "  (loop $round\n"
    "    (call $churn (global.get $CH)) (call $gc)\n"
    "    (local.set $len (i32.const 0))\n"
    "    (loop $l\n"
    "      (local.set $a (array.new_default $junk (local.get $len)))\n"
    "      (local.set $r (array.new_default $barr (i32.and (local.get $len) (i32.const 31))))\n"
    "      (local.set $s (struct.new_default $s4))\n"
    "      (local.set $i (i32.const 0))\n"
    "      (block $d (loop $z\n"
    "        (br_if $d (i32.ge_u (local.get $i) (local.get $len)))\n"
    "        (local.set $e (i32.or (local.get $e) (array.get $junk (local.get $a) (local.get $i))))\n"
    "        (if (i32.lt_u (local.get $i) (i32.and (local.get $len) (i32.const 31))) (then\n"
    "          (local.set $e (i32.or (local.get $e) (i32.eqz (ref.is_null (array.get $barr (local.get $r) (local.get $i))))))))\n"
    "        (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "        (br $z)))\n"
    "      (local.set $e (i32.or (local.get $e) (i32.wrap_i64 (struct.get $s4 0 (local.get $s)))))\n"
    "      (local.set $e (i32.or (local.get $e) (struct.get $s4 1 (local.get $s))))\n"
    "      (local.set $e (i32.or (local.get $e) (i32.eqz (ref.is_null (struct.get $s4 2 (local.get $s))))))\n"
    "      (local.set $len (i32.add (local.get $len) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $len) (i32.const 128))))\n"
    "    (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))\n"
    "    (br_if $round (local.get $rounds)))\n"
    "  (local.get $e))\n"
    "(func (export \"small\") (result i32) (struct.get $box 0 (struct.new $box (i32.const 9))))\n"
    ")\n";

static const char casts_wat[] = "(module\n" GCW_PRELUDE
    "(rec\n"
    "  (type $A (sub (struct (field i32))))\n"
    "  (type $B (sub $A (struct (field i32) (field i64))))\n"
    "  (type $C (sub final $B (struct (field i32) (field i64) (field (ref null $A)))))\n"
    "  (type $D (sub $A (struct (field i32) (field f32)))))\n"
    "(type $objs (array (mut anyref)))\n"
    "(global $objs (mut (ref null $objs)) (ref.null $objs))\n"
    /* object i: kind i%5 = A, B, C (pointing at object i-1), D, i31 */
    "(func (export \"mk\") (param $n i32) (local $a (ref null $objs)) (local $i i32) (local $k i32) (local $o anyref)\n"
    "  (local.set $a (array.new_default $objs (local.get $n)))\n"
    "  (global.set $objs (local.get $a))\n"
    "  (loop $l\n"
    "    (local.set $k (i32.rem_u (local.get $i) (i32.const 5)))\n"
    "    (local.set $o (ref.i31 (local.get $i)))\n"
    "    (if (i32.eq (local.get $k) (i32.const 0)) (then (local.set $o (struct.new $A (local.get $i)))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 1)) (then\n"
    "      (local.set $o (struct.new $B (local.get $i) (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 3))))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 2)) (then\n"
    "      (local.set $o (struct.new $C (local.get $i) (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 3))\n"
    "        (ref.cast (ref null $A) (array.get $objs (local.get $a) (i32.sub (local.get $i) (i32.const 1))))))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 3)) (then (local.set $o (struct.new $D (local.get $i) (f32.const 1.5)))))\n"
    "    (array.set $objs (local.get $a) (local.get $i) (local.get $o))\n"
    "    (call $churn (i32.const 2))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))\n"
    /* bits: 1 test A, 2 test B, 4 test C, 8 test D, 16 i31, 32 br_on_cast B taken,
     * 64 br_on_cast_fail C not taken (is a C) */
    "(func $bits (param $o anyref) (result i32) (local $r i32)\n"
    "  (local.set $r (i32.or (i32.or (ref.test (ref $A) (local.get $o)) (i32.shl (ref.test (ref $B) (local.get $o)) (i32.const 1)))\n"
    "    (i32.or (i32.shl (ref.test (ref $C) (local.get $o)) (i32.const 2)) (i32.shl (ref.test (ref $D) (local.get $o)) (i32.const 3)))))\n"
    "  (local.set $r (i32.or (local.get $r) (i32.shl (ref.test (ref i31) (local.get $o)) (i32.const 4))))\n"
    "  (block $isB (result (ref $B))\n"
    "    (br_on_cast $isB anyref (ref $B) (local.get $o))\n"
    "    (drop) (br 1 (local.get $r)))\n"
    "  (drop)\n"
    "  (local.set $r (i32.or (local.get $r) (i32.const 32)))\n"
    "  (block $notC (result anyref)\n"
    "    (br_on_cast_fail $notC anyref (ref $C) (local.get $o))\n"
    "    (drop) (br 1 (i32.or (local.get $r) (i32.const 64))))\n"
    "  (drop) (local.get $r))\n"
    "(func (export \"check\") (param $n i32) (result i32)\n"
    "  (local $i i32) (local $e i32) (local $k i32) (local $o anyref) (local $want i32)\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (loop $l\n"
    "    (local.set $k (i32.rem_u (local.get $i) (i32.const 5)))\n"
    "    (local.set $o (array.get $objs (global.get $objs) (local.get $i)))\n"
    "    (local.set $want (i32.const 16))\n"
    "    (if (i32.eq (local.get $k) (i32.const 0)) (then (local.set $want (i32.const 1))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 1)) (then (local.set $want (i32.const 35))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 2)) (then (local.set $want (i32.const 103))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 3)) (then (local.set $want (i32.const 9))))\n"
    "    (if (i32.ne (call $bits (local.get $o)) (local.get $want)) (then (local.set $e (i32.add (local.get $e) (i32.const 1)))))\n"
    "    (if (i32.lt_u (local.get $k) (i32.const 4)) (then\n"
    "      (if (i32.ne (struct.get $A 0 (ref.cast (ref $A) (local.get $o))) (local.get $i))\n"
    "        (then (local.set $e (i32.add (local.get $e) (i32.const 1)))))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 4)) (then\n"
    "      (if (i32.ne (i31.get_u (ref.cast (ref i31) (local.get $o))) (local.get $i))\n"
    "        (then (local.set $e (i32.add (local.get $e) (i32.const 1)))))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 1)) (then\n"
    "      (if (i64.ne (struct.get $B 1 (ref.cast (ref $B) (local.get $o))) (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 3)))\n"
    "        (then (local.set $e (i32.add (local.get $e) (i32.const 1)))))))\n"
    "    (if (i32.eq (local.get $k) (i32.const 2)) (then\n"
    "      (if (i32.ne (struct.get $B 0 (ref.cast (ref $B) (struct.get $C 2 (ref.cast (ref $C) (local.get $o)))))\n"
    "                  (i32.sub (local.get $i) (i32.const 1)))\n"
    "        (then (local.set $e (i32.add (local.get $e) (i32.const 1)))))))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "  (local.get $e))\n"
    ")\n";

static void test_objects(bool stress) {
  if (!gcw_open(objects_wat, stress, 256u << 20, stress ? 8 : 20000, 0)) {
    CHECK(!"objects module");
    return;
  }
  CHECK_EQ_INT(gcw_call0("packed"), 0);
  CHECK_EQ_INT(gcw_call1("zeroed", stress ? 2 : 10), 0);
  uint64_t n = stress ? 150 : 1500;
  gcw_call1("sizes", n);
  CHECK_EQ_INT(gcw_call1("check_sizes", n), 0);
  gcw_call0("drop_sizes");
  CHECK_EQ_INT(gcw_call1("large", 9000), 0);     /* 36 KiB and 72 KiB */
  /* 1.2 MB and 2.4 MB (stress: 80 and 160 KB, as every box allocated
   * re-marks the whole array) */
  CHECK_EQ_INT(gcw_call1("large", stress ? 20000 : 300000), 0);

  /* 100 MB arrays under a 256 MiB limit: dropped ones are reclaimed... */
  const uint64_t big = 100u << 20;
  for (int i = 0; i < (stress ? 3 : 8); i++) CHECK_EQ_INT(gcw_call2("big", big, 0), 3);
  /* ...two live ones fit, a third traps, and the store stays usable */
  CHECK_EQ_INT(gcw_call2("big", big, 1), 3);
  CHECK_EQ_INT(gcw_call2("big", big, 2), 3);
  uint64_t s[8] = {big, 0};
  CHECK(!gcw_call("big", s));
  CHECK_EQ_INT(W_err.kind, RC_ERR_TRAP);
  CHECK(strcmp(W_err.msg, "GC heap out of memory") == 0);
  CHECK_EQ_INT(gcw_call0("small"), 9);
  CHECK_EQ_INT(gcw_call0("check_big"), 6);
  gcw_call0("drop_big0");
  CHECK_EQ_INT(gcw_call2("big", big, 1), 3);
  CHECK_EQ_INT(gcw_call0("check_big"), 6);
  CHECK_EQ_INT(gcw_call1("large", 20000), 0);
  struct gc_stats st;
  gcw_stats(&st);
  CHECK(st.peak_heap_bytes <= (256u << 20));
  gcw_close();
}

static void test_casts(bool stress) {
  if (!gcw_open(casts_wat, stress, 0, stress ? 8 : 20000, 0)) {
    CHECK(!"casts module");
    return;
  }
  uint64_t n = stress ? 200 : 5000;
  gcw_call1("mk", n);
  CHECK_EQ_INT(gcw_call1("check", n), 0);
  CHECK_EQ_INT(gcw_call1("check", n), 0);
  gcw_close();
}

int main(void) {
  for (int stress = 0; stress <= 1; stress++) {
    test_objects(stress);
    test_casts(stress);
  }
  return TEST_DONE();
}
