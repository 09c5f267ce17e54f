/* Exception handling in the interpreter, beyond the spec scripts: unwinding
 * across many frames, tail calls and host functions; exnrefs kept in
 * locals, globals and tables across collections; payload references that
 * must survive collections while the exception is in flight; legacy
 * delegate/rethrow across frames; the error an uncaught exception gives the
 * host (tag name, payload, backtrace). Everything runs twice: with the
 * default GC and with a collection at every allocation. */
#include "interp_test.h"

static struct taginst *g_tag_e;   /* the module's tag $e (param i32) */
static struct taginst *g_tag_any; /* the module's tag $ea (param anyref) */
static struct taginst *g_host_tag;/* a host tag no instance exports: imported as host.boom */

/* env.hthrow(i32) -> i32: throws $e with the argument + 1. */
static bool host_throw(struct hostcall *call, uint64_t *slots) {
  uint64_t pay[1] = {(uint32_t)slots[0] + 1};
  rc_ref exn = interp_exn_new(call->store, g_tag_e, pay, call->err);
  return exn ? interp_throw(call->store, exn, call->err) : false;
}
/* env.hthrow_any(anyref): throws $ea with the argument (a struct: the
 * package's allocation must keep it alive under stress). */
static bool host_throw_any(struct hostcall *call, uint64_t *slots) {
  rc_ref exn = interp_exn_new(call->store, g_tag_any, slots, call->err);
  return exn ? interp_throw(call->store, exn, call->err) : false;
}

static bool env_resolve(void *ud, struct store *s, const struct module *m, const struct import *imp,
                        struct rc_extern *out) {
  (void)ud;
  (void)m;
  valtype i32 = VT_I32, any = VT_ANYREF;
  if (imp->kind == EXT_TAG && !strcmp(imp->field.data, "boom")) {
    if (!g_host_tag) g_host_tag = taginst_new(s, engine_functype(s->engine, &i32, 1, NULL, 0));
    out->kind = EXT_TAG;
    out->tag = g_host_tag;
    return true;
  }
  if (imp->kind != EXT_FUNC) return false;
  if (!strcmp(imp->field.data, "hthrow")) {
    out->kind = EXT_FUNC;
    out->func = store_new_host_func(s, engine_functype(s->engine, &i32, 1, &i32, 1), host_throw, NULL, NULL);
    return true;
  }
  if (!strcmp(imp->field.data, "hthrow_any")) {
    out->kind = EXT_FUNC;
    out->func = store_new_host_func(s, engine_functype(s->engine, &any, 1, NULL, 0), host_throw_any, NULL, NULL);
    return true;
  }
  return false;
}

static const char *EH =
    "(module\n"
    "  (import \"env\" \"hthrow\" (func $hthrow (param i32) (result i32)))\n"
    "  (import \"env\" \"hthrow_any\" (func $hthrow_any (param anyref)))\n"
    "  (import \"host\" \"boom\" (tag $boom (param i32)))\n"
    "  (type $box (struct (field $v i32) (field $next (ref null $box))))\n"
    "  (type $bytes (array (mut i8)))\n"
    "  (tag $e (export \"e\") (param i32))\n"
    "  (tag $other (param i64))\n"
    "  (tag $eb (param (ref $box)))\n"
    "  (tag $ea (export \"ea\") (param anyref))\n"
    "  (tag $hidden (param i32))\n"
    "  (global $g (mut exnref) (ref.null exn))\n"
    "  (table $t 4 exnref)\n"
    "  (global $churn_n (mut i32) (i32.const 0))\n"
    "  (func (export \"set_churn\") (param i32) (global.set $churn_n (local.get 0)))\n"
    /* garbage: enough to collect under the default GC too */
    "  (func $churn (local $i i32)\n"
    "    (block $d (loop $l\n"
    "      (br_if $d (i32.ge_u (local.get $i) (global.get $churn_n)))\n"
    "      (drop (array.new $bytes (i32.const 1) (i32.const 256)))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br $l))))\n"
    "  (func (export \"churn\") (call $churn))\n"
    "  (func $thrower (param i32) (throw $e (local.get 0)))\n"
    "  (func $mkbox (param i32) (result (ref $box))\n"
    "    (struct.new $box (local.get 0)\n"
    "      (struct.new $box (i32.add (local.get 0) (i32.const 1)) (ref.null $box))))\n"
    "  (func $throw_box (param i32) (throw $eb (call $mkbox (local.get 0))))\n"
    "  (func $sum_box (param (ref $box)) (result i32)\n"
    "    (i32.add (struct.get $box $v (local.get 0))\n"
    "             (struct.get $box $v (ref.as_non_null (struct.get $box $next (local.get 0))))))\n"

    /* 1. rethrow of a caught exnref from a nested function */
    "  (func $rethrow_it (param exnref) (call $churn) (throw_ref (local.get 0)))\n"
    "  (func (export \"rethrow_nested\") (param i32) (result i32)\n"
    "    (block $outer (result i32)\n"
    "      (try_table (catch $e $outer)\n"
    "        (block $h (result exnref)\n"
    "          (try_table (catch_all_ref $h) (call $thrower (local.get 0)))\n"
    "          (unreachable))\n"
    "        (call $rethrow_it))\n"
    "      (unreachable))\n"
    "    (i32.const 100) (i32.add))\n"

    /* 2. 1000 frames, each with a handler that does not match, each
     * holding a struct */
    "  (func $deep (param $n i32) (result i32) (local $keep (ref null $box))\n"
    "    (local.set $keep (call $mkbox (local.get $n)))\n"
    "    (if (i32.eqz (local.get $n)) (then (call $churn) (throw $e (i32.const 7))))\n"
    "    (block $o (result i64)\n"
    "      (return (i32.add\n"
    "        (try_table (result i32) (catch $other $o)\n"
    "          (call $deep (i32.sub (local.get $n) (i32.const 1))))\n"
    "        (struct.get $box $v (local.get $keep)))))\n"
    "    (drop) (i32.const -1))\n"
    "  (func (export \"deep\") (param i32) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (result i32) (catch $e $h) (call $deep (local.get 0)))\n"
    "      (return))\n"
    "    (i32.const 1000) (i32.add))\n"
    "  (func (export \"deep_uncaught\") (param i32) (result i32) (call $deep (local.get 0)))\n"

    /* 3. tail calls: $b's own handler is gone once it return_calls */
    "  (func $throws_i32 (param i32) (result i32) (throw $e (local.get 0)))\n"
    "  (func $b (param i32) (result i32)\n"
    "    (block $bh (result i32)\n"
    "      (try_table (catch $e $bh) (return_call $throws_i32 (local.get 0)))\n"
    "      (unreachable))\n"
    "    (i32.const 5000) (i32.add))\n"
    "  (func $b_host (param i32) (result i32)\n"
    "    (block $bh (result i32)\n"
    "      (try_table (catch $e $bh) (return_call $hthrow (local.get 0)))\n"
    "      (unreachable))\n"
    "    (i32.const 5000) (i32.add))\n"
    "  (func $a (param i32) (result i32) (call $b (local.get 0)))\n"
    "  (func $a_host (param i32) (result i32) (call $b_host (local.get 0)))\n"
    "  (func (export \"tail\") (param i32) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (result i32) (catch $e $h) (call $a (local.get 0)))\n"
    "      (return))\n"
    "    (i32.const 1000) (i32.add))\n"
    "  (func (export \"tail_host\") (param i32) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (result i32) (catch $e $h) (call $a_host (local.get 0)))\n"
    "      (return))\n"
    "    (i32.const 1000) (i32.add))\n"

    /* 4. a struct payload across collections during unwinding: a middle
     * frame catches it as an exnref, allocates, rethrows; the outer
     * handler allocates again, then reads the fields */
    "  (func $mid (param i32) (local $x exnref)\n"
    "    (local.set $x (block $h (result exnref)\n"
    "      (try_table (catch_all_ref $h) (call $throw_box (local.get 0)))\n"
    "      (unreachable)))\n"
    "    (call $churn)\n"
    "    (throw_ref (local.get $x)))\n"
    "  (func (export \"box_payload\") (param i32) (result i32) (local $b (ref null $box))\n"
    "    (local.set $b (block $h (result (ref $box))\n"
    "      (try_table (catch $eb $h) (call $mid (local.get 0)))\n"
    "      (unreachable)))\n"
    "    (call $churn)\n"
    "    (call $sum_box (ref.as_non_null (local.get $b))))\n"

    /* 5. a handler in an outer function after collections: its own
     * references (locals, operand stack) survive too */
    "  (func $alloc_then_throw (param i32) (call $churn) (throw $e (local.get 0)))\n"
    "  (func (export \"outer_after_gc\") (param i32) (result i32) (local $keep (ref null $box))\n"
    "    (local.set $keep (call $mkbox (i32.const 40)))\n"
    "    (struct.get $box $v (call $mkbox (i32.const 300)))\n"
    "    (block $h (result i32)\n"
    "      (try_table (catch $e $h) (call $alloc_then_throw (local.get 0)))\n"
    "      (unreachable))\n"
    "    (i32.add)\n"
    "    (call $sum_box (ref.as_non_null (local.get $keep)))\n"
    "    (i32.add))\n"

    /* 6. legacy: delegate to the caller, catch + rethrow in the next frame
     * (after allocating), caught again further out */
    "  (func $del (param i32) (result i32)\n"
    "    (try (result i32) (do (call $throws_i32 (local.get 0))) (delegate 0)))\n"
    "  (func $del_inner (param i32) (result i32)\n"
    "    (try (result i32)\n"
    "      (do (try (result i32) (do (call $del (local.get 0))) (delegate 0)))\n"
    "      (catch $other (drop) (i32.const -1))))\n"
    "  (func $catch_rethrow (param i32) (result i32)\n"
    "    (try (result i32) (do (call $del_inner (local.get 0)))\n"
    "      (catch $e (drop) (call $churn) (rethrow 0))))\n"
    "  (func (export \"legacy\") (param i32) (result i32)\n"
    "    (try (result i32) (do (call $catch_rethrow (local.get 0)))\n"
    "      (catch $e (i32.add (i32.const 200)))))\n"

    /* 7. exnrefs kept in a global and a table, thrown after collections */
    "  (func (export \"stash\") (param i32)\n"
    "    (global.set $g (block $h (result exnref)\n"
    "      (try_table (catch_all_ref $h) (call $throw_box (local.get 0)))\n"
    "      (unreachable)))\n"
    "    (table.set $t (i32.const 2) (block $h (result exnref)\n"
    "      (try_table (catch_all_ref $h) (call $throw_box (i32.mul (local.get 0) (i32.const 10))))\n"
    "      (unreachable))))\n"
    "  (func (export \"throw_global\") (result i32)\n"
    "    (block $h (result (ref $box))\n"
    "      (try_table (catch $eb $h) (throw_ref (global.get $g)))\n"
    "      (unreachable))\n"
    "    (call $sum_box))\n"
    "  (func (export \"throw_table\") (result i32)\n"
    "    (block $h (result (ref $box))\n"
    "      (try_table (catch $eb $h) (throw_ref (table.get $t (i32.const 2))))\n"
    "      (unreachable))\n"
    "    (call $sum_box))\n"
    "  (func (export \"throw_global_uncaught\") (throw_ref (global.get $g)))\n"

    /* 8. exceptions thrown by host functions */
    "  (func (export \"host_caught\") (param i32) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (result i32) (catch $e $h) (call $hthrow (local.get 0)))\n"
    "      (return))\n"
    "    (i32.const 1000) (i32.add))\n"
    "  (func (export \"host_uncaught\") (param i32) (result i32) (call $hthrow (local.get 0)))\n"
    "  (func (export \"host_box\") (param i32) (result i32)\n"
    "    (block $h (result anyref)\n"
    "      (try_table (catch $ea $h) (call $hthrow_any (call $mkbox (local.get 0))))\n"
    "      (unreachable))\n"
    "    (call $churn)\n"
    "    (call $sum_box (ref.cast (ref $box))))\n"

    /* 9. names of uncaught tags */
    "  (func (export \"throw_hidden\") (throw $hidden (i32.const 1)))\n"
    "  (func (export \"throw_boom\") (throw $boom (i32.const 1)))\n"
    /* 10. catches that target the function's label and a loop */
    "  (func (export \"to_func\") (result i32)\n"
    "    (try_table (catch $e 0) (throw $e (i32.const 5)))\n"
    "    (i32.const 0))\n"
    "  (func (export \"to_func_void\") (try_table (catch_all 0) (call $thrower (i32.const 1))) (unreachable))\n"
    "  (func (export \"to_loop\") (result i32) (local $n i32)\n"
    "    (loop $l\n"
    "      (local.set $n (i32.add (local.get $n) (i32.const 1)))\n"
    "      (if (i32.lt_u (local.get $n) (i32.const 5))\n"
    "        (then (try_table (catch_all $l) (call $thrower (local.get $n))))))\n"
    "    (local.get $n))\n"
    "  (func (export \"throw_boom_caught\") (result i32)\n"
    "    (block $h (result i32) (try_table (catch $boom $h) (throw $boom (i32.const 9))) (unreachable)))\n"
    ")";

static uint64_t collections(void) {
  struct gc_stats st;
  gc_get_stats(t_store->heap, &st);
  return st.collections;
}

static void run(bool stress) {
  t_init_cfg(stress);
  g_host_tag = NULL;
  linker_define_host(t_linker, "env", 3, env_resolve, NULL);
  linker_define_host(t_linker, "host", 4, env_resolve, NULL);
  struct instance *inst = t_load(EH);
  CHECK(inst != NULL);
  if (!inst) {
    t_fini();
    return;
  }
  struct rc_extern ext;
  CHECK(instance_export(inst, "e", 1, &ext) && ext.kind == EXT_TAG);
  g_tag_e = ext.tag;
  CHECK(instance_export(inst, "ea", 2, &ext) && ext.kind == EXT_TAG);
  g_tag_any = ext.tag;
  /* 20000 * 256 bytes: past the default GC's first budget (4 MiB) */
  t_call1(inst, "set_churn", stress ? 50 : 20000);
  uint64_t c0 = collections();

  CHECK_EQ_INT(t_call1(inst, "rethrow_nested", 5), 105);
  CHECK_EQ_INT(t_call1(inst, "deep", 1000), 1007); /* no frame of $deep returns */

  /* uncaught through 1001 frames: the host sees the tag, the payload and
   * the frames of the throw */
  uint64_t s[4] = {1000};
  CHECK(!t_call(inst, "deep_uncaught", s));
  CHECK_EQ_INT(t_err.kind, RC_ERR_EXCEPTION);
  CHECK(!strcmp(t_err.msg, "uncaught exception: tag e"));
  rc_ref exn = interp_exception(t_store);
  CHECK(exn != 0);
  if (exn) {
    CHECK(exn_tag(exn) == g_tag_e);
    CHECK_EQ_INT((uint32_t)exn_payload(exn)[0], 7);
  }
  const struct rc_frame *frames;
  uint32_t n = exec_backtrace(t_store->exec, &frames);
  CHECK_EQ_INT(n, 1002); /* $deep x 1001, deep_uncaught */
  if (n == 1002) {
    CHECK_EQ_INT(frames[0].func_index, 11); /* $deep */
    CHECK_EQ_INT(frames[1001].func_index, 13); /* deep_uncaught */
    CHECK(frames[0].offset != 0);
  }

  CHECK_EQ_INT(t_call1(inst, "tail", 3), 1003);
  CHECK_EQ_INT(t_call1(inst, "tail_host", 3), 1004); /* the host adds 1 */
  CHECK_EQ_INT(t_call1(inst, "box_payload", 20), 41);
  CHECK_EQ_INT(t_call1(inst, "outer_after_gc", 2), 2 + 300 + 81);
  CHECK_EQ_INT(t_call1(inst, "legacy", 6), 206);

  t_call1(inst, "stash", 4);
  t_call1(inst, "churn", 0);
  CHECK_EQ_INT(t_call1(inst, "throw_global", 0), 9);
  t_call1(inst, "churn", 0);
  CHECK_EQ_INT(t_call1(inst, "throw_table", 0), 81);
  CHECK_EQ_INT(t_call1(inst, "throw_global", 0), 9); /* an exnref can be thrown again */
  s[0] = 0;
  CHECK(!t_call(inst, "throw_global_uncaught", s) && t_err.kind == RC_ERR_EXCEPTION);
  exn = interp_exception(t_store);
  CHECK(exn && exn_tag(exn) != g_tag_e);
  if (exn) {
    rc_ref box = (rc_ref)exn_payload(exn)[0];
    CHECK(box && !REF_IS_I31(box) && REF_OBJ(box)->ti->kind == TI_STRUCT);
  }

  CHECK_EQ_INT(t_call1(inst, "host_caught", 10), 1011);
  s[0] = 10;
  CHECK(!t_call(inst, "host_uncaught", s) && t_err.kind == RC_ERR_EXCEPTION);
  CHECK(!strcmp(t_err.msg, "uncaught exception: tag e"));
  CHECK(interp_exception(t_store) && exn_payload(interp_exception(t_store))[0] == 11);
  CHECK_EQ_INT(t_call1(inst, "host_box", 30), 61);

  s[0] = 0;
  CHECK(!t_call(inst, "throw_hidden", s) && !strcmp(t_err.msg, "uncaught exception: tag[5]"));
  CHECK(!t_call(inst, "throw_boom", s) && !strcmp(t_err.msg, "uncaught exception: tag host.boom"));
  CHECK_EQ_INT(t_call1(inst, "throw_boom_caught", 0), 9);
  CHECK_EQ_INT(t_call1(inst, "to_func", 0), 5);
  s[0] = 0;
  CHECK(t_call(inst, "to_func_void", s));
  CHECK_EQ_INT(t_call1(inst, "to_loop", 0), 5);
  /* a call after an uncaught exception leaves none behind */
  CHECK(t_call1(inst, "deep", 10) == 1007 && interp_exception(t_store) == 0);

  CHECK(collections() > c0 + 5);
  t_fini();
}

int main(void) {
  run(false);
  run(true);
  return TEST_DONE();
}
