/* Interpreter: control flow, calls, numerics, memory, traps, tail calls and
 * stack exhaustion on small WAT modules. */
#include "interp_test.h"

static const char *BASIC =
    "(module\n"
    "  (func $fib (export \"fib\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))\n"
    "      (then (local.get 0))\n"
    "      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))\n"
    "                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))\n"
    "  (func (export \"sum\") (param i32) (result i64) (local i64)\n"
    "    (block $done (loop $l\n"
    "      (br_if $done (i32.eqz (local.get 0)))\n"
    "      (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))\n"
    "      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))\n"
    "      (br $l)))\n"
    "    (local.get 1))\n"
    "  (func (export \"fac\") (param i64) (result i64)\n"
    "    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))\n"
    "      (else (i64.mul (local.get 0) (call 2 (i64.sub (local.get 0) (i64.const 1)))))))\n"
    "  (func (export \"swap\") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))\n"
    "  (func (export \"sub_swapped\") (param i32 i32) (result i32)\n"
    "    (call 3 (local.get 0) (local.get 1)) (i32.sub))\n"
    "  (func (export \"tee\") (param i32) (result i32)\n"
    "    (local.get 0) (local.tee 0 (i32.const 5)) (i32.add))\n"
    "  (func (export \"alias\") (param i32) (result i32)\n"
    "    (local.get 0) (local.set 0 (i32.const 100)) (local.get 0) (i32.sub))\n"
    "  (func (export \"brtable\") (param i32) (result i32)\n"
    "    (block $b2 (result i32) (block $b1 (result i32) (block $b0 (result i32)\n"
    "      (i32.const 10) (local.get 0) (br_table $b0 $b1 $b2))\n"
    "      (i32.const 1) (i32.add) (return)) (i32.const 2) (i32.add) (return)) (i32.const 3) (i32.add))\n"
    "  (func (export \"ifparams\") (param i32 i32) (result i32)\n"
    "    (local.get 0) (local.get 1)\n"
    "    (if (param i32) (result i32 i32) (i32.lt_u (local.get 0) (i32.const 5))\n"
    "      (then (i32.const 7)) (else (i32.const 9)))\n"
    "    (i32.mul) (i32.add))\n"
    "  (func (export \"ifparams_noelse\") (param i32 i32) (result i32)\n"
    "    (local.get 0) (local.get 1)\n"
    "    (if (param i32 i32) (result i32 i32) (local.get 0)\n"
    "      (then (drop) (drop) (i32.const 3) (i32.const 4)))\n"
    "    (i32.sub))\n"
    "  (func (export \"loopparams\") (param i32) (result i32)\n"
    "    (i32.const 0) (local.get 0)\n"
    "    (loop $l (param i32 i32) (result i32)\n"
    "      (local.set 0) (local.get 0) (i32.add) (local.get 0) (i32.const 1) (i32.sub)\n"
    "      (local.tee 0) (br_if $l (i32.ne (local.get 0) (i32.const 0))) (drop))\n"
    "  )\n"
    "  (func (export \"select\") (param i32 i64 i64) (result i64)\n"
    "    (select (local.get 1) (local.get 2) (local.get 0)))\n"
    "  (func (export \"div\") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))\n"
    "  (func (export \"rem\") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))\n"
    "  (func (export \"unreachable\") (unreachable))\n"
    "  (func (export \"trunc\") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))\n"
    "  (func (export \"min\") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))\n"
    "  (func (export \"nearest\") (param f64) (result f64) (f64.nearest (local.get 0)))\n"
    "  (func (export \"brif_val\") (param i32) (result i32)\n"
    "    (block (result i32) (br_if 0 (i32.const 42) (local.get 0)) (drop) (i32.const 7)))\n"
    "  (func (export \"ret_mid\") (param i32) (result i32)\n"
    "    (if (local.get 0) (then (return (i32.const 11)))) (i32.const 22))\n"
    "  (func (export \"const_cmp\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.gt_s (i32.const 10) (local.get 0)) (then (i32.const 1)) (else (i32.const 0))))\n"
    "  (func (export \"i64ops\") (param i64 i64) (result i64)\n"
    "    (i64.rotl (i64.xor (local.get 0) (i64.const 0x123456789)) (local.get 1)))\n"
    ")";

static const char *MEM =
    "(module (memory 1 3)\n"
    "  (data (i32.const 16) \"\\01\\02\\03\\04\\05\\06\\07\\08\")\n"
    "  (func (export \"ld\") (param i32) (result i64) (i64.load offset=16 (local.get 0)))\n"
    "  (func (export \"ld8s\") (param i32) (result i32) (i32.load8_s (local.get 0)))\n"
    "  (func (export \"st\") (param i32 i32) (i32.store (local.get 0) (local.get 1)))\n"
    "  (func (export \"ld32\") (param i32) (result i32) (i32.load (local.get 0)))\n"
    "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n"
    "  (func (export \"size\") (result i32) (memory.size))\n"
    "  (func (export \"fill\") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))\n"
    "  (func (export \"sieve\") (param i32) (result i32) (local i32 i32 i32)\n"
    "    (memory.fill (i32.const 0) (i32.const 1) (local.get 0))\n"
    "    (local.set 1 (i32.const 2))\n"
    "    (block $done (loop $outer\n"
    "      (br_if $done (i32.ge_u (i32.mul (local.get 1) (local.get 1)) (local.get 0)))\n"
    "      (if (i32.load8_u (local.get 1)) (then\n"
    "        (local.set 2 (i32.mul (local.get 1) (local.get 1)))\n"
    "        (block $d2 (loop $inner\n"
    "          (br_if $d2 (i32.ge_u (local.get 2) (local.get 0)))\n"
    "          (i32.store8 (local.get 2) (i32.const 0))\n"
    "          (local.set 2 (i32.add (local.get 2) (local.get 1)))\n"
    "          (br $inner)))))\n"
    "      (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
    "      (br $outer)))\n"
    "    (local.set 1 (i32.const 2))\n"
    "    (block $d3 (loop $count\n"
    "      (br_if $d3 (i32.ge_u (local.get 1) (local.get 0)))\n"
    "      (local.set 3 (i32.add (local.get 3) (i32.load8_u (local.get 1))))\n"
    "      (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
    "      (br $count)))\n"
    "    (local.get 3))\n"
    ")";

static const char *CALLS =
    "(module\n"
    "  (type $ii (func (param i32) (result i32)))\n"
    "  (table 4 funcref) (elem (i32.const 0) $inc $dbl $other)\n"
    "  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))\n"
    "  (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))\n"
    "  (func $other (param i64) (result i64) (local.get 0))\n"
    "  (func (export \"ci\") (param i32 i32) (result i32)\n"
    "    (call_indirect (type $ii) (local.get 1) (local.get 0)))\n"
    "  (func $count (export \"count\") (param i64) (result i64)\n"
    "    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 77))\n"
    "      (else (return_call $count (i64.sub (local.get 0) (i64.const 1))))))\n"
    "  (func $even (export \"even\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))\n"
    "      (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))\n"
    "  (func $odd (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (return_call_indirect (type $ii) (i32.sub (local.get 0) (i32.const 1)) (i32.const 3)))))\n"
    "  (elem (i32.const 3) $even)\n"
    "  (func $runaway (export \"runaway\") (call $runaway))\n"
    "  (func $deep (export \"deep\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))\n"
    "  (func (export \"ref\") (param i32) (result i32)\n"
    "    (call_ref $ii (local.get 0) (ref.func $dbl)))\n"
    "  (elem declare func $dbl)\n"
    ")";

int main(void) {
  t_init();
  struct instance *b = t_load(BASIC);
  CHECK(b != NULL);
  if (b) {
    CHECK_EQ_INT(t_call1(b, "fib", 20), 6765);
    CHECK_EQ_INT(t_call1(b, "sum", 100000), 5000050000ll);
    CHECK_EQ_INT(t_call1(b, "fac", 20), 2432902008176640000ll);
    uint64_t s[4] = {3, 10};
    CHECK(t_call(b, "swap", s));
    CHECK_EQ_INT(s[0], 10);
    CHECK_EQ_INT(s[1], 3);
    CHECK_EQ_INT((int32_t)t_call2(b, "sub_swapped", 3, 10), 7);
    CHECK_EQ_INT(t_call1(b, "tee", 1), 6);
    CHECK_EQ_INT((int32_t)t_call1(b, "alias", 30), 30 - 100);
    for (int i = 0; i < 5; i++) {
      uint64_t r = t_call1(b, "brtable", (uint64_t)i);
      CHECK_EQ_INT(r, i == 0 ? 11 : i == 1 ? 12 : 13);
    }
    CHECK_EQ_INT(t_call2(b, "ifparams", 2, 3), 2 + 3 * 7);
    CHECK_EQ_INT(t_call2(b, "ifparams", 6, 3), 6 + 3 * 9);
    CHECK_EQ_INT((int32_t)t_call2(b, "ifparams_noelse", 1, 9), -1);
    CHECK_EQ_INT((int32_t)t_call2(b, "ifparams_noelse", 0, 9), -9);
    CHECK_EQ_INT(t_call1(b, "loopparams", 10), 55);
    uint64_t s3[4] = {1, 111, 222};
    CHECK(t_call(b, "select", s3) && s3[0] == 111);
    uint64_t s4[4] = {0, 111, 222};
    CHECK(t_call(b, "select", s4) && s4[0] == 222);
    CHECK_EQ_INT((int32_t)t_call2(b, "div", (uint32_t)-7, 2), -3);
    CHECK(t_traps(b, "div", 1, 0, "integer divide by zero"));
    CHECK(t_traps(b, "div", 0x80000000u, 0xFFFFFFFFu, "integer overflow"));
    CHECK_EQ_INT(t_call2(b, "rem", 0x80000000u, 0xFFFFFFFFu), 0);
    CHECK(t_traps(b, "unreachable", 0, 0, "unreachable"));
    CHECK(t_traps(b, "trunc", f64b(3e9), 0, "integer overflow"));
    CHECK(t_traps(b, "trunc", f64b(0.0 / 0.0), 0, "invalid conversion to integer"));
    CHECK_EQ_INT((int32_t)t_call1(b, "trunc", f64b(-2147483648.9)), INT32_MIN);
    CHECK(bf64(t_call2(b, "min", f64b(0.0), f64b(-0.0))) == 0.0);
    CHECK(t_call2(b, "min", f64b(0.0), f64b(-0.0)) == 0x8000000000000000ull);
    CHECK(bf64(t_call1(b, "nearest", f64b(2.5))) == 2.0);
    CHECK(bf64(t_call1(b, "nearest", f64b(-3.5))) == -4.0);
    CHECK_EQ_INT(t_call1(b, "brif_val", 1), 42);
    CHECK_EQ_INT(t_call1(b, "brif_val", 0), 7);
    CHECK_EQ_INT(t_call1(b, "ret_mid", 1), 11);
    CHECK_EQ_INT(t_call1(b, "ret_mid", 0), 22);
    CHECK_EQ_INT(t_call1(b, "const_cmp", 5), 1);
    CHECK_EQ_INT(t_call1(b, "const_cmp", 10), 0);
    uint64_t x = 0xF0F0F0F0F0F0F0F0ull ^ 0x123456789ull;
    CHECK(t_call2(b, "i64ops", 0xF0F0F0F0F0F0F0F0ull, 68) == ((x << 4) | (x >> 60)));
  }

  struct instance *m = t_load(MEM);
  CHECK(m != NULL);
  if (m) {
    CHECK(t_call1(m, "ld", 0) == 0x0807060504030201ull);
    CHECK(t_call1(m, "ld8s", 16) == 1);
    uint64_t s[4] = {100, 0xFFFFFF80u};
    CHECK(t_call(m, "st", s));
    CHECK_EQ_INT((int32_t)t_call1(m, "ld8s", 100), -128);
    CHECK(t_traps(m, "ld32", 65533, 0, "out of bounds memory access"));
    CHECK(t_traps(m, "ld32", 0xFFFFFFFFu, 0, "out of bounds memory access"));
    CHECK_EQ_INT(t_call1(m, "ld32", 65532), 0);
    CHECK_EQ_INT(t_call1(m, "size", 0), 1);
    CHECK_EQ_INT(t_call1(m, "grow", 1), 1);
    CHECK_EQ_INT(t_call1(m, "size", 0), 2);
    CHECK_EQ_INT(t_call1(m, "ld32", 65536 + 100), 0);
    CHECK_EQ_INT((int32_t)t_call1(m, "grow", 5), -1);
    CHECK_EQ_INT(t_call1(m, "sieve", 100000), 9592);
  }

  struct instance *c = t_load(CALLS);
  CHECK(c != NULL);
  if (c) {
    CHECK_EQ_INT(t_call2(c, "ci", 0, 5), 6);
    CHECK_EQ_INT(t_call2(c, "ci", 1, 5), 10);
    CHECK(t_traps(c, "ci", 2, 5, "indirect call type mismatch"));
    CHECK(t_traps(c, "ci", 4, 5, "undefined element"));
    CHECK_EQ_INT(t_call1(c, "count", 1000000), 77);
    CHECK_EQ_INT(t_call1(c, "even", 1000001), 0);
    CHECK_EQ_INT(t_call1(c, "even", 1000000), 1);
    CHECK(t_traps(c, "runaway", 0, 0, "call stack exhausted"));
    CHECK_EQ_INT(t_err.kind, RC_ERR_EXHAUSTION);
    CHECK_EQ_INT(t_call1(c, "deep", 5000), 5000);
    CHECK(t_traps(c, "deep", 1000000, 0, "call stack exhausted"));
    CHECK_EQ_INT(t_call1(c, "deep", 100), 100); /* the store is usable after exhaustion */
    CHECK_EQ_INT(t_call1(c, "ref", 21), 42);
    const struct rc_frame *fr;
    CHECK(t_traps(c, "ci", 2, 5, "indirect call type mismatch"));
    uint32_t n = exec_backtrace(t_store->exec, &fr);
    CHECK_EQ_INT(n, 1);
    if (n) CHECK(fr[0].offset > 0);
  }
  t_fini();
  return TEST_DONE();
}
