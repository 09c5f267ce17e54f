/* GC integration: Wasm modules whose references are held in every kind of
 * root the store has survive collections forced in the middle of their use:
 * locals, parameters, operand-stack temporaries (struct.new / array.new_fixed
 * arguments pending while a nested call allocates, a block result), globals
 * (also with a GC constant initialiser), tables (set and grow), passive
 * element segments (GC constant expressions and ref.func), struct and array
 * fields, 10^4 frames of recursion each holding refs, and exceptions held
 * as exnref while garbage is made. Cycles are reclaimed once their only root
 * is dropped. Each case runs in the normal config and in stress mode (a
 * collection and a heap verification at every allocation). */
#include "gcw.h"

static const char roots_wat[] = "(module\n" GCW_PRELUDE
    "(global $g (mut (ref null $box)) (ref.null $box))\n"
    "(global $gi (ref $box) (struct.new $box (i32.const 5)))\n"
    "(table $t 4 (ref null $box))\n"
    "(table $ft 2 funcref)\n"
    "(type $fv (func (result i32)))\n"
    "(elem $pe (ref $box) (item (struct.new $box (i32.const 11))) (item (struct.new $box (i32.const 12))))\n"
    "(elem $pf funcref (ref.func $f1) (ref.func $f2))\n"
    "(func $f1 (result i32) (i32.const 101))\n"
    "(func $f2 (result i32) (i32.const 102))\n"
    /* garbage, a full collection with verification, then a fresh box */
    "(func $alloc_box (param $v i32) (result (ref $box))\n"
    "  (call $churn (global.get $CH)) (call $gc) (struct.new $box (local.get $v)))\n"
    "(func (export \"locals\") (result i32) (local $a (ref null $box)) (local $b (ref null $box))\n"
    "  (local.set $a (struct.new $box (i32.const 1)))\n"
    "  (local.set $b (struct.new $box (i32.const 2)))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (i32.add (i32.mul (struct.get $box 0 (local.get $a)) (i32.const 10)) (struct.get $box 0 (local.get $b))))\n"
    "(func $usep (param $a (ref $box)) (param $b (ref $box)) (result i32)\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (i32.add (struct.get $box 0 (local.get $a)) (struct.get $box 0 (local.get $b))))\n"
    "(func (export \"params\") (result i32)\n"
    "  (call $usep (struct.new $box (i32.const 3)) (struct.new $box (i32.const 4))))\n"
    "(func (export \"temps\") (result i32) (local $p (ref null $pair))\n"
    "  (local.set $p (struct.new $pair (struct.new $box (i32.const 20)) (call $alloc_box (i32.const 22))))\n"
    "  (i32.add (struct.get $box 0 (struct.get $pair 0 (local.get $p)))\n"
    "           (struct.get $box 0 (struct.get $pair 1 (local.get $p)))))\n"
    "(func (export \"temps_fixed\") (result i32) (local $a (ref null $barr))\n"
    "  (local.set $a (array.new_fixed $barr 4 (struct.new $box (i32.const 1)) (call $alloc_box (i32.const 2))\n"
    "                                  (struct.new $box (i32.const 3)) (call $alloc_box (i32.const 4))))\n"
    "  (i32.add (i32.add (struct.get $box 0 (array.get $barr (local.get $a) (i32.const 0)))\n"
    "                    (i32.mul (i32.const 10) (struct.get $box 0 (array.get $barr (local.get $a) (i32.const 1)))))\n"
    "           (i32.add (i32.mul (i32.const 100) (struct.get $box 0 (array.get $barr (local.get $a) (i32.const 2))))\n"
    "                    (i32.mul (i32.const 1000) (struct.get $box 0 (array.get $barr (local.get $a) (i32.const 3)))))))\n"
    "(func (export \"temps_block\") (result i32)\n"
    "  (struct.get $box 0 (block (result (ref $box))\n"
    "    (struct.new $box (i32.const 55)) (call $churn (global.get $CH)) (call $gc))))\n"
    "(func (export \"globals\") (result i32)\n"
    "  (global.set $g (struct.new $box (i32.const 30)))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (i32.add (struct.get $box 0 (global.get $g)) (struct.get $box 0 (global.get $gi))))\n"
    "(func (export \"tables\") (result i32)\n"
    "  (table.set $t (i32.const 1) (struct.new $box (i32.const 40)))\n"
    "  (drop (table.grow $t (struct.new $box (i32.const 41)) (i32.const 2)))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (i32.add (struct.get $box 0 (table.get $t (i32.const 1))) (struct.get $box 0 (table.get $t (i32.const 5)))))\n"
    /* the segment's boxes exist since instantiation, held by the segment only */
    "(func (export \"elems\") (result i32) (local $a (ref null $barr))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (table.init $t $pe (i32.const 2) (i32.const 0) (i32.const 2))\n"
    "  (table.init $ft $pf (i32.const 0) (i32.const 0) (i32.const 2))\n"
    "  (local.set $a (array.new_elem $barr $pe (i32.const 0) (i32.const 2)))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (i32.add (i32.add (i32.add (struct.get $box 0 (table.get $t (i32.const 2)))\n"
    "                             (struct.get $box 0 (table.get $t (i32.const 3))))\n"
    "                    (i32.add (call_indirect $ft (type $fv) (i32.const 0))\n"
    "                             (call_indirect $ft (type $fv) (i32.const 1))))\n"
    "           (i32.add (struct.get $box 0 (array.get $barr (local.get $a) (i32.const 0)))\n"
    "                    (struct.get $box 0 (array.get $barr (local.get $a) (i32.const 1))))))\n"
    /* a list of n nodes (values 0..n-1) plus an array of n boxes hung off a
     * pair, all held by locals and fields only; returns sum of node values +
     * sum of box values */
    "(func (export \"fields\") (param $n i32) (result i64)\n"
    "  (local $head (ref null $node)) (local $arr (ref null $barr)) (local $i i32) (local $s i64)\n"
    "  (local.set $arr (array.new $barr (ref.null $box) (local.get $n)))\n"
    "  (loop $l\n"
    "    (local.set $head (struct.new $node (local.get $head) (i64.extend_i32_u (local.get $i))))\n"
    "    (array.set $barr (local.get $arr) (local.get $i) (struct.new $box (local.get $i)))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (block $end (loop $w\n"
    "    (br_if $end (ref.is_null (local.get $head)))\n"
    "    (local.set $s (i64.add (local.get $s) (struct.get $node 1 (local.get $head))))\n"
    "    (local.set $head (struct.get $node 0 (local.get $head)))\n"
    "    (br $w)))\n"
    "  (local.set $i (i32.const 0))\n"
    "  (loop $l\n"
    "    (local.set $s (i64.add (local.get $s)\n"
    "      (i64.extend_i32_u (struct.get $box 0 (array.get $barr (local.get $arr) (local.get $i))))))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "  (local.get $s))\n"
    /* refs in frame slots beyond the first 64 (a stack map of several words) */
    "(func (export \"wide\") (result i32)\n"
    "  (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)\n"
    "  (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)\n"
    "  (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)\n"
    "  (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (local $a (ref null $box)) (local $b (ref null $box))\n"
    "  (local.set $a (struct.new $box (i32.const 6)))\n"
    "  (local.set $b (struct.new $box (i32.const 7)))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (i32.add (i32.mul (struct.get $box 0 (local.get $a)) (i32.const 10)) (struct.get $box 0 (local.get $b))))\n"
    /* recursion: every frame holds its box in a local and its pair's first
     * field as an operand-stack temporary across the recursive call; garbage
     * and collections at every 1000th depth and at the bottom. Returns a
     * box holding the number of frames whose refs were intact. */
    "(func $rec (param $n i32) (result (ref $box)) (local $o (ref null $box)) (local $p (ref null $pair))\n"
    "  (local.set $o (struct.new $box (local.get $n)))\n"
    "  (if (i32.eqz (i32.rem_u (local.get $n) (i32.const 1000)))\n"
    "    (then (call $churn (global.get $CH)) (call $gc)))\n"
    "  (if (i32.eqz (local.get $n)) (then (return (struct.new $box (i32.const 1)))))\n"
    "  (local.set $p (struct.new $pair (struct.new $box (local.get $n))\n"
    "                                  (call $rec (i32.sub (local.get $n) (i32.const 1)))))\n"
    "  (struct.new $box (i32.add (struct.get $box 0 (struct.get $pair 1 (local.get $p)))\n"
    "    (i32.and (i32.eq (struct.get $box 0 (local.get $o)) (local.get $n))\n"
    "             (i32.eq (struct.get $box 0 (struct.get $pair 0 (local.get $p))) (local.get $n))))))\n"
    "(func (export \"deep\") (param $n i32) (result i32) (struct.get $box 0 (call $rec (local.get $n))))\n"
    /* exceptions: the payload's arguments are pending while a nested call
     * collects; then the exception is held only as an exnref while garbage
     * is made, rethrown and caught */
    "(tag $e2 (param (ref $box) i32 (ref $pair)))\n"
    "(func $thrower (param $v i32)\n"
    "  (throw $e2 (struct.new $box (local.get $v)) (struct.get $box 0 (call $alloc_box (i32.const 1000)))\n"
    "    (struct.new $pair (struct.new $box (i32.add (local.get $v) (i32.const 1)))\n"
    "                      (call $alloc_box (i32.add (local.get $v) (i32.const 2))))))\n"
    "(func (export \"exn\") (param $v i32) (result i32)\n"
    "  (local $x exnref) (local $b (ref null $box)) (local $k i32) (local $p (ref null $pair))\n"
    "  (local.set $x (block $h (result exnref)\n"
    "    (try_table (catch_all_ref $h) (call $thrower (local.get $v)))\n"
    "    (unreachable)))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (block $c (result (ref $box) i32 (ref $pair))\n"
    "    (try_table (catch $e2 $c) (throw_ref (local.get $x)))\n"
    "    (unreachable))\n"
    "  (local.set $p) (local.set $k) (local.set $b)\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (i32.add (i32.add (struct.get $box 0 (local.get $b)) (local.get $k))\n"
    "           (i32.add (struct.get $box 0 (struct.get $pair 0 (local.get $p)))\n"
    "                    (struct.get $box 0 (struct.get $pair 1 (local.get $p))))))\n"
    ")\n";

static const char cycles_wat[] = "(module\n" GCW_PRELUDE
    "(type $anys (array (mut anyref)))\n"
    "(type $holder (struct (field (mut (ref null $anys))) (field i64)))\n"
    "(global $root (mut (ref null $node)) (ref.null $node))\n"
    "(global $aroot (mut (ref null $anys)) (ref.null $anys))\n"
    "(func (export \"live\") (result i64) (call $live))\n"
    /* a ring of n+1 nodes, only the global points into it */
    "(func (export \"make\") (param $n i32)\n"
    "  (local $first (ref null $node)) (local $cur (ref null $node)) (local $x (ref null $node))\n"
    "  (local.set $first (struct.new $node (ref.null $node) (i64.const 0)))\n"
    "  (local.set $cur (local.get $first))\n"
    "  (loop $l\n"
    "    (local.set $x (struct.new $node (ref.null $node) (i64.extend_i32_u (local.get $n))))\n"
    "    (struct.set $node 0 (local.get $cur) (local.get $x))\n"
    "    (local.set $cur (local.get $x))\n"
    "    (local.set $n (i32.sub (local.get $n) (i32.const 1)))\n"
    "    (br_if $l (local.get $n)))\n"
    "  (struct.set $node 0 (local.get $cur) (local.get $first))\n"
    "  (global.set $root (local.get $first)))\n"
    "(func (export \"count\") (result i32) (local $c (ref null $node)) (local $k i32)\n"
    "  (local.set $c (global.get $root))\n"
    "  (loop $l\n"
    "    (local.set $k (i32.add (local.get $k) (i32.const 1)))\n"
    "    (local.set $c (struct.get $node 0 (local.get $c)))\n"
    "    (br_if $l (i32.eqz (ref.eq (local.get $c) (global.get $root)))))\n"
    "  (local.get $k))\n"
    "(func (export \"drop\") (global.set $root (ref.null $node)))\n"
    /* an array of n holders, each pointing back at the array; plus self loops */
    "(func (export \"make_arr\") (param $n i32) (local $a (ref null $anys)) (local $i i32) (local $s (ref null $node))\n"
    "  (local.set $a (array.new $anys (ref.null any) (local.get $n)))\n"
    "  (loop $l\n"
    "    (array.set $anys (local.get $a) (local.get $i)\n"
    "      (struct.new $holder (local.get $a) (i64.extend_i32_u (local.get $i))))\n"
    "    (local.set $s (struct.new $node (ref.null $node) (i64.const 0)))\n"
    "    (struct.set $node 0 (local.get $s) (local.get $s))\n"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "  (global.set $aroot (local.get $a)))\n"
    "(func (export \"drop_arr\") (global.set $aroot (ref.null $anys)))\n"
    ")\n";

/* Exceptions that pass through host code: thrown by the host with a payload
 * held only by the pending package, and thrown by Wasm through a host frame
 * that collects and reuses memory while the exception is on its way. */
static const char exn_host_wat[] = "(module\n"
    "(import \"t\" \"throw_any\" (func $throw_any (param anyref)))\n"
    "(import \"t\" \"reenter\" (func $reenter (param i32)))\n"
    GCW_PRELUDE
    "(tag $ea (param anyref))\n"
    "(tag $e2 (param (ref $box) i32 (ref $pair)))\n"
    "(type $quad (struct (field i64) (field i64) (field i64) (field i64)))\n"
    "(func (export \"host_throw\") (param $v i32) (result i32)\n"
    "  (block $c (result anyref)\n"
    "    (try_table (catch $ea $c) (call $throw_any (struct.new $box (local.get $v))))\n"
    "    (unreachable))\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (struct.get $box 0 (ref.cast (ref $box))))\n"
    "(func (export \"inner\") (param $v i32)\n"
    "  (throw $e2 (struct.new $box (local.get $v)) (i32.const 1000)\n"
    "    (struct.new $pair (struct.new $box (i32.add (local.get $v) (i32.const 1)))\n"
    "                      (struct.new $box (i32.add (local.get $v) (i32.const 2))))))\n"
    "(func (export \"through_host\") (param $v i32) (result i32)\n"
    "  (local $b (ref null $box)) (local $k i32) (local $p (ref null $pair))\n"
    "  (block $c (result (ref $box) i32 (ref $pair))\n"
    "    (try_table (catch $e2 $c) (call $reenter (local.get $v)))\n"
    "    (return (i32.const -1)))\n"
    "  (local.set $p) (local.set $k) (local.set $b)\n"
    "  (call $churn (global.get $CH)) (call $gc)\n"
    "  (i32.add (i32.add (struct.get $box 0 (local.get $b)) (local.get $k))\n"
    "           (i32.add (struct.get $box 0 (struct.get $pair 0 (local.get $p)))\n"
    "                    (struct.get $box 0 (struct.get $pair 1 (local.get $p))))))\n"
    ")\n";

static void test_exn_host(bool stress) {
  if (!gcw_open(exn_host_wat, stress, 0, stress ? 8 : 20000, 0)) {
    CHECK(!"exn_host module");
    return;
  }
  /* the filler is $quad: a 32-byte payload without references, the size of
   * the package of $e2 (tag + 3 slots) */
  for (uint32_t i = 0; i < W.m->ntypes; i++) {
    const struct typeinfo *ti = W.inst->types[i];
    if (ti->kind == TI_STRUCT && ti->payload_size == 32 && ti->nrefs == 0) W.filler = ti;
  }
  CHECK(W.filler != NULL);
  for (uint64_t v = 1; v <= 3; v++) {
    CHECK_EQ_INT(gcw_call1("host_throw", v * 11), (int64_t)v * 11);
    CHECK_EQ_INT(gcw_call1("through_host", v * 10), (int64_t)(3 * v * 10 + 1003));
  }
  gcw_close();
}

static void test_roots(bool stress) {
  if (!gcw_open(roots_wat, stress, 0, stress ? 8 : 20000, 20000)) {
    CHECK(!"roots module");
    return;
  }
  struct gc_stats st0, st1;
  gcw_stats(&st0);
  CHECK_EQ_INT(gcw_call0("locals"), 12);
  CHECK_EQ_INT(gcw_call0("params"), 7);
  CHECK_EQ_INT(gcw_call0("wide"), 67);
  CHECK_EQ_INT(gcw_call0("temps"), 42);
  CHECK_EQ_INT(gcw_call0("temps_fixed"), 4321);
  CHECK_EQ_INT(gcw_call0("temps_block"), 55);
  CHECK_EQ_INT(gcw_call0("globals"), 35);
  CHECK_EQ_INT(gcw_call0("elems"), 249);
  CHECK_EQ_INT(gcw_call0("tables"), 81);
  uint64_t n = stress ? 300 : 20000;
  CHECK_EQ_INT(gcw_call1("fields", n), (int64_t)(n * (n - 1)));
  uint64_t depth = stress ? 2000 : 10000;
  CHECK_EQ_INT(gcw_call1("deep", depth), (int64_t)depth + 1);
  CHECK_EQ_INT(gcw_call1("exn", 7), 7 + 1000 + 8 + 9);
  CHECK_EQ_INT(gcw_call1("exn", 70), 70 + 1000 + 71 + 72);
  gcw_stats(&st1);
  /* the garbage really caused collections beyond the explicit ones */
  CHECK(st1.collections - st0.collections > W.explicit_gcs);
  if (!stress) CHECK(st1.bytes_allocated - st0.bytes_allocated > (64u << 20));
  gcw_close();
}

static void test_cycles(bool stress) {
  if (!gcw_open(cycles_wat, stress, 0, 0, 0)) {
    CHECK(!"cycles module");
    return;
  }
  uint64_t n = stress ? 2000 : 200000;
  uint64_t base = gcw_call0("live");
  uint64_t peak_live = 0;
  for (int round = 0; round < (stress ? 3 : 10); round++) {
    gcw_call1("make", n);
    CHECK_EQ_INT(gcw_call0("count"), (int64_t)n + 1);
    uint64_t live1 = gcw_call0("live");
    CHECK(live1 >= base + n * 32);
    gcw_call0("drop");
    uint64_t live2 = gcw_call0("live");
    CHECK(live2 <= base);
    gcw_call1("make_arr", n / 4);
    uint64_t live3 = gcw_call0("live");
    CHECK(live3 >= base + (n / 4) * (8 + 32)); /* the self-looped nodes are garbage */
    gcw_call0("drop_arr");
    uint64_t live4 = gcw_call0("live");
    CHECK(live4 <= base);
    if (live1 > peak_live) peak_live = live1;
  }
  struct gc_stats st;
  gcw_stats(&st);
  /* the heap never held more than one round's worth plus the next budget */
  CHECK(st.peak_heap_bytes <= 3 * peak_live + (16u << 20));
  gcw_close();
}

int main(void) {
  for (int stress = 0; stress <= 1; stress++) {
    test_roots(stress);
    test_cycles(stress);
    test_exn_host(stress);
  }
  return TEST_DONE();
}
