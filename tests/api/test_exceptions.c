/* Wasm exceptions through the C API (reclaim.h "Exceptions"): an uncaught
 * exception comes back from wasm_func_call as a trap naming the tag and
 * carrying tag and payload; host callbacks throw exceptions that Wasm
 * handlers catch (new ones, and ones they got from a call); the payload
 * stays alive while the trap does. Run with and without GC stress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "test.h"
#include "text/wat.h"

static const char *WAT =
    "(module\n"
    "  (import \"env\" \"cb\" (func $cb (param i32) (result i32)))\n"
    "  (import \"env\" \"cb_any\" (func $cb_any (param externref)))\n"
    "  (type $box (struct (field i32)))\n"
    "  (tag $e (export \"e\") (param i32))\n"
    "  (tag $ea (export \"ea\") (param externref))\n"
    "  (tag $pair (param i32 i64))\n"
    "  (func (export \"throw\") (param i32) (result i32) (throw $e (local.get 0)))\n"
    "  (func (export \"throw_pair\") (throw $pair (i32.const 1) (i64.const 2)))\n"
    "  (func (export \"throw_box\") (param i32) (throw $ea (extern.convert_any (struct.new $box (local.get 0)))))\n"
    "  (func (export \"unbox\") (param externref) (result i32)\n"
    "    (struct.get $box 0 (ref.cast (ref $box) (any.convert_extern (local.get 0)))))\n"
    "  (func (export \"call_cb\") (param i32) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (result i32) (catch $e $h) (call $cb (local.get 0)))\n"
    "      (return))\n"
    "    (i32.const 1000) (i32.add))\n"
    "  (func (export \"call_cb_uncaught\") (param i32) (result i32) (call $cb (local.get 0)))\n"
    "  (func (export \"call_cb_any\") (param i32) (result i32)\n"
    "    (block $h (result externref)\n"
    "      (try_table (catch $ea $h) (call $cb_any (extern.convert_any (struct.new $box (local.get 0)))))\n"
    "      (unreachable))\n"
    "    (struct.get $box 0 (ref.cast (ref $box) (any.convert_extern))))\n"
    "  (func (export \"trap\") (unreachable))\n"
    ")";

static wasm_store_t *g_st;
static wasm_instance_t *g_inst;
static wasm_extern_vec_t g_ex;
static wasm_module_t *g_mod;
static int g_mode;

static wasm_func_t *func(const char *name) {
  wasm_exporttype_vec_t et;
  wasm_module_exports(g_mod, &et);
  wasm_func_t *f = NULL;
  for (size_t i = 0; i < et.size && i < g_ex.size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(et.data[i]);
    if (n->size == strlen(name) && !memcmp(n->data, name, n->size)) f = wasm_extern_as_func(g_ex.data[i]);
  }
  wasm_exporttype_vec_delete(&et);
  return f;
}

static reclaim_tag_t tag(const char *name) {
  reclaim_tag_t t;
  CHECK(reclaim_instance_tag(g_st, g_inst, name, &t) == RECLAIM_OK);
  return t;
}

static wasm_trap_t *call1(const char *name, int32_t arg, int32_t *result) {
  wasm_val_t a[1] = {WASM_I32_VAL(arg)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {1, a}, res = {1, r};
  wasm_trap_t *trap = wasm_func_call(func(name), &args, &res);
  if (!trap && result) *result = r[0].of.i32;
  return trap;
}

static bool trap_message_is(const wasm_trap_t *trap, const char *want) {
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  bool ok = m.size == strlen(want) + 1 && !memcmp(m.data, want, m.size);
  if (!ok) fprintf(stderr, "trap message \"%.*s\", expected \"%s\"\n", (int)m.size, m.data, want);
  wasm_byte_vec_delete(&m);
  return ok;
}

/* env.cb(i32) -> i32, by g_mode: 0 throws $e(x + 1); 1 calls "throw"(2x)
 * and passes on the exception trap it gets; 2 returns a plain trap. */
static wasm_trap_t *cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)env;
  (void)results;
  int32_t x = args->data[0].of.i32;
  if (g_mode == 0) {
    wasm_val_t v[1] = {WASM_I32_VAL(x + 1)};
    wasm_val_vec_t pay = {1, v};
    return reclaim_exception_new(g_st, tag("e"), &pay);
  }
  if (g_mode == 1) {
    wasm_trap_t *t = call1("throw", 2 * x, NULL);
    CHECK(t && reclaim_trap_is_exception(t));
    return t;
  }
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, "callback abort");
  wasm_trap_t *t = wasm_trap_new(g_st, &m);
  wasm_name_delete(&m);
  return t;
}

/* env.cb_any(externref): throws $ea with its argument (a struct). */
static wasm_trap_t *cb_any(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)env;
  (void)results;
  return reclaim_exception_new(g_st, tag("ea"), args);
}

static size_t owned_roots(void) {
  reclaim_root_counts_t c;
  reclaim_store_root_counts(g_st, &c);
  return c.owned;
}

static void run(bool stress) {
  wasm_config_t *cfg = wasm_config_new();
  reclaim_config_set_gc_stress(cfg, stress);
  wasm_engine_t *engine = wasm_engine_new_with_config(cfg);
  g_st = wasm_store_new(engine);
  uint8_t *bin;
  size_t len;
  struct rc_error e;
  CHECK(wat_to_wasm(WAT, strlen(WAT), "exn.wat", &bin, &len, &e));
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new(&bytes, len, (const char *)bin);
  free(bin);
  g_mod = wasm_module_new(g_st, &bytes);
  wasm_byte_vec_delete(&bytes);
  CHECK(g_mod != NULL);

  wasm_functype_t *t_i32_i32 = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_functype_t *t_any = wasm_functype_new_1_0(wasm_valtype_new(WASM_ANYREF));
  wasm_func_t *f_cb = wasm_func_new_with_env(g_st, t_i32_i32, cb, NULL, NULL);
  wasm_func_t *f_any = wasm_func_new_with_env(g_st, t_any, cb_any, NULL, NULL);
  wasm_functype_delete(t_i32_i32);
  wasm_functype_delete(t_any);
  wasm_extern_t *imp[2] = {wasm_func_as_extern(f_cb), wasm_func_as_extern(f_any)};
  wasm_extern_vec_t imports = {2, imp};
  wasm_trap_t *itrap = NULL;
  g_inst = wasm_instance_new(g_st, g_mod, &imports, &itrap);
  CHECK(g_inst != NULL);
  if (!g_inst) {
    if (itrap) trap_message_is(itrap, "");
    exit(1);
  }
  wasm_instance_exports(g_inst, &g_ex);
  size_t owned0 = owned_roots();

  /* tags */
  reclaim_tag_t te = tag("e"), t2;
  reclaim_tag_t bad;
  CHECK(reclaim_instance_tag(g_st, g_inst, "throw", &bad) == RECLAIM_ERR_TYPE && bad.index == 0);
  CHECK(reclaim_instance_tag(g_st, g_inst, "nope", &bad) == RECLAIM_ERR_TYPE);
  char name[64];
  reclaim_tag_name(g_st, te, name, sizeof name);
  CHECK(!strcmp(name, "tag e"));
  wasm_functype_t *ft = NULL;
  CHECK(reclaim_tag_type(g_st, te, &ft) == RECLAIM_OK && ft);
  if (ft) {
    const wasm_valtype_vec_t *ps = wasm_functype_params(ft);
    CHECK(ps->size == 1 && wasm_valtype_kind(ps->data[0]) == WASM_I32);
    CHECK(wasm_functype_results(ft)->size == 0);
    wasm_functype_delete(ft);
  }

  /* an uncaught exception from Wasm */
  wasm_trap_t *trap = call1("throw", 7, NULL);
  CHECK(trap && trap_message_is(trap, "uncaught exception: tag e"));
  CHECK(reclaim_trap_is_exception(trap));
  wasm_val_vec_t pay;
  CHECK(reclaim_trap_exception(trap, &t2, &pay));
  CHECK(t2.store == te.store && t2.index == te.index);
  CHECK(pay.size == 1 && pay.data[0].kind == WASM_I32 && pay.data[0].of.i32 == 7);
  wasm_val_vec_delete(&pay);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 1);
  wasm_frame_vec_delete(&trace);
  CHECK(owned_roots() == owned0 + 1); /* the trap's "uncaught exception" root */
  wasm_trap_t *copy = wasm_trap_copy(trap);
  wasm_trap_delete(trap);
  CHECK(reclaim_trap_is_exception(copy) && owned_roots() == owned0 + 1);
  wasm_trap_delete(copy);
  CHECK(owned_roots() == owned0);

  /* several values; a tag without a name */
  wasm_val_t none[1];
  wasm_val_vec_t noargs = {0, none};
  trap = wasm_func_call(func("throw_pair"), &noargs, &noargs);
  CHECK(trap && trap_message_is(trap, "uncaught exception: tag[2]"));
  CHECK(reclaim_trap_exception(trap, &t2, &pay));
  CHECK(pay.size == 2 && pay.data[0].of.i32 == 1 && pay.data[1].kind == WASM_I64 && pay.data[1].of.i64 == 2);
  wasm_val_vec_delete(&pay);
  wasm_trap_delete(trap);

  /* a struct payload survives collections while the trap holds it */
  trap = call1("throw_box", 55, NULL);
  CHECK(trap && reclaim_trap_is_exception(trap));
  reclaim_store_gc(g_st);
  CHECK(reclaim_trap_exception(trap, &t2, &pay));
  CHECK(pay.size == 1 && pay.data[0].of.ref != NULL);
  reclaim_store_gc(g_st);
  if (pay.size == 1) {
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {1, pay.data}, res = {1, r};
    wasm_trap_t *t = wasm_func_call(func("unbox"), &args, &res);
    CHECK(!t && r[0].of.i32 == 55);
    if (t) wasm_trap_delete(t);
  }
  wasm_val_vec_delete(&pay);
  wasm_trap_delete(trap);

  /* plain traps carry no exception */
  trap = wasm_func_call(func("trap"), &noargs, &noargs);
  CHECK(trap && !reclaim_trap_is_exception(trap));
  CHECK(!reclaim_trap_exception(trap, &t2, &pay) && t2.index == 0 && pay.size == 0);
  wasm_trap_delete(trap);

  /* host callbacks throw: a new exception, one passed on from a call, and
   * a plain trap (which no handler catches) */
  int32_t r = 0;
  g_mode = 0;
  CHECK(!call1("call_cb", 5, &r) && r == 1006);
  g_mode = 1;
  CHECK(!call1("call_cb", 5, &r) && r == 1010);
  g_mode = 2;
  trap = call1("call_cb", 5, &r);
  CHECK(trap && trap_message_is(trap, "callback abort") && !reclaim_trap_is_exception(trap));
  wasm_trap_delete(trap);
  g_mode = 0;
  trap = call1("call_cb_uncaught", 5, &r);
  CHECK(trap && trap_message_is(trap, "uncaught exception: tag e"));
  CHECK(reclaim_trap_exception(trap, &t2, &pay) && pay.size == 1 && pay.data[0].of.i32 == 6);
  wasm_val_vec_delete(&pay);
  wasm_trap_delete(trap);
  CHECK(!call1("call_cb_any", 77, &r) && r == 77);

  /* bad exceptions */
  wasm_val_t v[2] = {WASM_I32_VAL(1), WASM_I64_VAL(2)};
  wasm_val_vec_t two = {2, v}, wrong = {1, v + 1};
  CHECK(reclaim_exception_new(g_st, te, &two) == NULL && strstr(reclaim_store_error(g_st), "2 values"));
  CHECK(reclaim_exception_new(g_st, te, &wrong) == NULL);
  CHECK(reclaim_exception_new(g_st, bad, &wrong) == NULL);
  CHECK(owned_roots() == owned0);

  /* an exception trap left for the store to free */
  trap = call1("throw", 1, NULL);
  CHECK(trap != NULL);
  wasm_extern_vec_delete(&g_ex);
  wasm_instance_delete(g_inst);
  wasm_func_delete(f_cb);
  wasm_func_delete(f_any);
  wasm_module_delete(g_mod);
  wasm_store_delete(g_st);
  wasm_engine_delete(engine);
}

int main(void) {
  run(false);
  run(true);
  return TEST_DONE();
}
