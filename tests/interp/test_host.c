/* Interpreter: host functions, host -> Wasm re-entry, exceptions across the
 * host boundary, GC objects under stress collection, casts. */
#include "interp_test.h"

static struct funcinst *g_cb; /* Wasm function the host calls back */

/* env.callback(i32) -> i32: calls g_cb(x) twice through interp_call. */
static bool host_twice(struct hostcall *call, uint64_t *slots) {
  uint64_t s[4] = {slots[0]};
  if (!interp_call(call->store, g_cb, s, call->err)) return false;
  uint64_t t[4] = {s[0]};
  if (!interp_call(call->store, g_cb, t, call->err)) return false;
  slots[0] = t[0];
  return true;
}
static bool host_fail(struct hostcall *call, uint64_t *slots) {
  (void)slots;
  return rc_fail(call->err, RC_ERR_TRAP, RC_NO_OFFSET, "host says no");
}

static bool env_resolve(void *ud, struct store *s, const struct module *m, const struct import *imp,
                        struct rc_extern *out) {
  (void)ud;
  (void)m;
  if (imp->kind != EXT_FUNC) return false;
  valtype i32 = VT_I32;
  const struct typeinfo *ti = engine_functype(s->engine, &i32, 1, &i32, 1);
  rc_hostfn fn = NULL;
  if (!strcmp(imp->field.data, "twice")) fn = host_twice;
  if (!strcmp(imp->field.data, "fail")) fn = host_fail;
  if (!fn) return false;
  out->kind = EXT_FUNC;
  out->func = store_new_host_func(s, ti, fn, NULL, NULL);
  return true;
}

static const char *HOST =
    "(module\n"
    "  (import \"env\" \"twice\" (func $twice (param i32) (result i32)))\n"
    "  (import \"env\" \"fail\" (func $fail (param i32) (result i32)))\n"
    "  (tag $e (param i32))\n"
    "  (func (export \"inc\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))\n"
    "  (func (export \"use_twice\") (param i32) (result i32)\n"
    "    (i32.mul (call $twice (local.get 0)) (i32.const 10)))\n"
    "  (func (export \"use_fail\") (param i32) (result i32) (call $fail (local.get 0)))\n"
    "  (func (export \"thrower\") (param i32) (result i32) (throw $e (local.get 0)))\n"
    "  (func (export \"catch_through_host\") (param i32) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (result i32) (catch $e $h) (call $twice (local.get 0)))\n"
    "      (return))\n"
    "    (i32.const 1000) (i32.add))\n"
    "  (func $recurse (export \"recurse\") (param i32) (result i32) (call $twice (local.get 0)))\n"
    ")";

static const char *GC =
    "(module\n"
    "  (type $node (struct (field $v i64) (field $next (mut (ref null $node)))))\n"
    "  (type $arr (array (mut i8)))\n"
    "  (type $refs (array (mut (ref null $node))))\n"
    "  (func $build (param $n i32) (result (ref null $node)) (local $l (ref null $node))\n"
    "    (block $d (loop $lp\n"
    "      (br_if $d (i32.eqz (local.get $n)))\n"
    "      (local.set $l (struct.new $node (i64.extend_i32_u (local.get $n)) (local.get $l)))\n"
    "      (drop (array.new $arr (i32.const 7) (i32.const 100)))\n"
    "      (local.set $n (i32.sub (local.get $n) (i32.const 1)))\n"
    "      (br $lp)))\n"
    "    (local.get $l))\n"
    "  (func (export \"sum\") (param $n i32) (result i64) (local $l (ref null $node)) (local $s i64)\n"
    "    (local.set $l (call $build (local.get $n)))\n"
    "    (block $d (loop $lp\n"
    "      (br_if $d (ref.is_null (local.get $l)))\n"
    "      (local.set $s (i64.add (local.get $s) (struct.get $node $v (local.get $l))))\n"
    "      (local.set $l (struct.get $node $next (local.get $l)))\n"
    "      (br $lp)))\n"
    "    (local.get $s))\n"
    "  (func (export \"refs\") (param $n i32) (result i32) (local $a (ref null $refs)) (local $i i32)\n"
    "    (local.set $a (array.new_default $refs (local.get $n)))\n"
    "    (block $d (loop $lp\n"
    "      (br_if $d (i32.ge_u (local.get $i) (local.get $n)))\n"
    "      (array.set $refs (local.get $a) (local.get $i) (struct.new $node (i64.const 1) (ref.null $node)))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br $lp)))\n"
    "    (ref.test (ref $node) (array.get $refs (local.get $a) (i32.sub (local.get $n) (i32.const 1)))))\n"
    "  (func (export \"cast\") (param i32) (result i32) (local anyref)\n"
    "    (local.set 1 (if (result anyref) (local.get 0) (then (ref.i31 (i32.const 5)))\n"
    "                  (else (struct.new $node (i64.const 0) (ref.null $node)))))\n"
    "    (block $is_node (result (ref $node))\n"
    "      (br_on_cast $is_node anyref (ref $node) (local.get 1))\n"
    "      (i31.get_u (ref.cast (ref i31)))\n"
    "      (return))\n"
    "    (drop) (i32.const 99))\n"
    "  (func $g (param i64) (result i64)\n"
    "    (drop (struct.new $node (local.get 0) (ref.null $node))) (local.get 0))\n"
    "  (func $f (param (ref null $node)) (result i64) (return_call $g (i64.const 12345)))\n"
    "  (func (export \"tailgc\") (result i64) (call $f (struct.new $node (i64.const 1) (ref.null $node))))\n"
    "  (func (export \"null_get\") (result i64) (struct.get $node $v (ref.null $node)))\n"
    "  (func (export \"oob\") (result i32) (array.get_u $arr (array.new $arr (i32.const 1) (i32.const 3)) (i32.const 3)))\n"
    ")";

int main(void) {
  t_init();
  linker_define_host(t_linker, "env", 3, env_resolve, NULL);
  struct instance *h = t_load(HOST);
  CHECK(h != NULL);
  if (h) {
    struct rc_extern ext;
    CHECK(instance_export(h, "inc", 3, &ext));
    g_cb = ext.func;
    CHECK_EQ_INT(t_call1(h, "use_twice", 5), 70);
    CHECK(t_traps(h, "use_fail", 1, 0, "host says no"));
    /* an exception thrown in Wasm called from the host, caught in the outer Wasm */
    CHECK(instance_export(h, "thrower", 7, &ext));
    g_cb = ext.func;
    CHECK_EQ_INT(t_call1(h, "catch_through_host", 5), 1005);
    uint64_t s[4] = {3};
    CHECK(!t_call(h, "thrower", s) && t_err.kind == RC_ERR_EXCEPTION);
    /* unbounded host <-> Wasm recursion ends in exhaustion, not a crash */
    CHECK(instance_export(h, "recurse", 7, &ext));
    g_cb = ext.func;
    CHECK(t_traps(h, "recurse", 1, 0, "call stack exhausted"));
    CHECK(instance_export(h, "inc", 3, &ext));
    g_cb = ext.func;
    CHECK_EQ_INT(t_call1(h, "use_twice", 1), 30); /* still usable */
  }
  t_fini();

  /* GC objects, with a collection at every allocation. */
  t_init_cfg(true);
  struct instance *g = t_load(GC);
  CHECK(g != NULL);
  if (g) {
    CHECK_EQ_INT(t_call1(g, "sum", 300), 300 * 301 / 2);
    CHECK_EQ_INT(t_call1(g, "refs", 200), 1);
    CHECK_EQ_INT(t_call1(g, "cast", 1), 5);
    CHECK_EQ_INT(t_call1(g, "cast", 0), 99);
    CHECK_EQ_INT(t_call1(g, "tailgc", 0), 12345); /* a tail call retypes the arg slots */
    CHECK(t_traps(g, "null_get", 0, 0, "null structure reference"));
    CHECK(t_traps(g, "oob", 0, 0, "out of bounds array access"));
  }
  t_fini();
  return TEST_DONE();
}
