/* Values crossing the API and the GC: externref identity and host info
 * through Wasm, GC objects held only by roots (kept alive, freed after
 * release), reference type checks at the boundary (no forged references),
 * host callbacks with reference arguments and results, GC stress, and the
 * heap, memory and call-depth limits of reclaim.h's config. */
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "test.h"

/* gc module: (type $bytes (array (mut i8))),
 * (type $node (struct (field $next (ref null $node)) (field $data (ref null $bytes)))),
 * import "" "host" (externref) -> externref; global "keep" (mut externref);
 * exports id, stash, alloc (i32 -> anyref: array of n bytes), len (anyref ->
 * i32, casts to $bytes), chain (n, size -> anyref: list of n nodes),
 * count (anyref -> i32), i31 (i32 -> anyref), call_host (externref -> externref). */
static const char gc_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x25, 0x07, 0x5e, 0x78, 0x01, 0x5f, 0x02,
    0x63, 0x01, 0x00, 0x63, 0x00, 0x00, 0x60, 0x01, 0x6f, 0x01, 0x6f, 0x60, 0x01, 0x6f, 0x00, 0x60,
    0x01, 0x7f, 0x01, 0x6e, 0x60, 0x01, 0x6e, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x6e, 0x02,
    0x09, 0x01, 0x00, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x00, 0x02, 0x03, 0x09, 0x08, 0x02, 0x03, 0x04,
    0x05, 0x06, 0x05, 0x04, 0x02, 0x06, 0x06, 0x01, 0x6f, 0x01, 0xd0, 0x6f, 0x0b, 0x07, 0x45, 0x09,
    0x04, 0x6b, 0x65, 0x65, 0x70, 0x03, 0x00, 0x02, 0x69, 0x64, 0x00, 0x01, 0x05, 0x73, 0x74, 0x61,
    0x73, 0x68, 0x00, 0x02, 0x05, 0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x03, 0x03, 0x6c, 0x65, 0x6e,
    0x00, 0x04, 0x05, 0x63, 0x68, 0x61, 0x69, 0x6e, 0x00, 0x05, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74,
    0x00, 0x06, 0x03, 0x69, 0x33, 0x31, 0x00, 0x07, 0x09, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x68, 0x6f,
    0x73, 0x74, 0x00, 0x08, 0x0a, 0x82, 0x01, 0x08, 0x04, 0x00, 0x20, 0x00, 0x0b, 0x06, 0x00, 0x20,
    0x00, 0x24, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0xfb, 0x07, 0x00, 0x0b, 0x09, 0x00, 0x20, 0x00,
    0xfb, 0x16, 0x00, 0xfb, 0x0f, 0x0b, 0x27, 0x01, 0x01, 0x63, 0x01, 0x02, 0x40, 0x03, 0x40, 0x20,
    0x00, 0x45, 0x0d, 0x01, 0x20, 0x02, 0x20, 0x01, 0xfb, 0x07, 0x00, 0xfb, 0x00, 0x01, 0x21, 0x02,
    0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x02, 0x0b, 0x2c, 0x02,
    0x01, 0x63, 0x01, 0x01, 0x7f, 0x20, 0x00, 0xfb, 0x17, 0x01, 0x21, 0x01, 0x02, 0x40, 0x03, 0x40,
    0x20, 0x01, 0xd1, 0x0d, 0x01, 0x20, 0x02, 0x41, 0x01, 0x6a, 0x21, 0x02, 0x20, 0x01, 0xfb, 0x02,
    0x01, 0x00, 0x21, 0x01, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x02, 0x0b, 0x06, 0x00, 0x20, 0x00, 0xfb,
    0x1c, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b,
};

static const char rec_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x72, 0x65, 0x63, 0x00, 0x00, 0x0a, 0x16, 0x01,
    0x14, 0x00, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x6a,
    0x05, 0x41, 0x00, 0x0b, 0x0b,
};

struct env {
  wasm_store_t *store;
  wasm_engine_t *engine;
  wasm_instance_t *inst;
  wasm_extern_vec_t exports;
  int host_calls;
  bool sloppy; /* return the argument itself instead of a copy */
};

static wasm_trap_t *host_cb(void *envp, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  struct env *e = envp;
  e->host_calls++;
  /* A collection while the argument is only held by the callback's value. */
  reclaim_store_gc(e->store);
  if (e->sloppy) results->data[0] = args->data[0];
  else wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

static const wasm_func_t *export_func(struct env *e, const char *name) {
  /* Export order of the gc module. */
  static const char *const names[] = {"keep", "id", "stash", "alloc", "len", "chain", "count", "i31", "call_host"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(names[i], name) == 0) return wasm_extern_as_func(e->exports.data[i]);
  return NULL;
}

static bool setup(struct env *e, wasm_config_t *cfg) {
  memset(e, 0, sizeof *e);
  e->engine = cfg ? wasm_engine_new_with_config(cfg) : wasm_engine_new();
  e->store = wasm_store_new(e->engine);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof gc_wasm, gc_wasm);
  wasm_module_t *mod = wasm_module_new(e->store, &bin);
  wasm_byte_vec_delete(&bin);
  if (!mod) {
    fprintf(stderr, "compile: %s\n", reclaim_store_error(e->store));
    return false;
  }
  wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t *host = wasm_func_new_with_env(e->store, ft, host_cb, e, NULL);
  wasm_functype_delete(ft);
  wasm_extern_t *imps[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);
  wasm_trap_t *trap = NULL;
  e->inst = wasm_instance_new(e->store, mod, &imports, &trap);
  wasm_func_delete(host);
  wasm_module_delete(mod);
  if (!e->inst) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    fprintf(stderr, "instantiate: %s\n", msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
    return false;
  }
  wasm_instance_exports(e->inst, &e->exports);
  return e->exports.size == 9;
}

static void teardown(struct env *e) {
  wasm_extern_vec_delete(&e->exports);
  wasm_instance_delete(e->inst);
  wasm_store_delete(e->store);
  wasm_engine_delete(e->engine);
}

/* Call f with args; returns NULL or the trap's message (static buffer). */
static const char *call(struct env *e, const char *name, wasm_val_t *args, size_t nargs, wasm_val_t *res,
                        size_t nres) {
  static char buf[400];
  wasm_val_vec_t a = {nargs, args}, r = {nres, res};
  wasm_trap_t *trap = wasm_func_call(export_func(e, name), &a, &r);
  if (!trap) return NULL;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  snprintf(buf, sizeof buf, "%s", msg.data);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
  return buf;
}

static uint64_t live_bytes(struct env *e) {
  reclaim_store_gc(e->store);
  reclaim_heap_stats_t s;
  reclaim_store_heap_stats(e->store, &s);
  return s.live_bytes;
}

static int finalized;
static void fin(void *p) { finalized += *(int *)p; }

static void test_externref(struct env *e) {
  static int info = 7;
  wasm_foreign_t *fo = wasm_foreign_new(e->store);
  wasm_foreign_set_host_info_with_finalizer(fo, &info, fin);
  /* Identity and host info survive a trip through Wasm. */
  wasm_val_t a[1] = {WASM_REF_VAL(wasm_foreign_as_ref(fo))}, r[1] = {WASM_INIT_VAL};
  CHECK(call(e, "id", a, 1, r, 1) == NULL);
  CHECK(r[0].of.ref && wasm_ref_same(r[0].of.ref, wasm_foreign_as_ref(fo)));
  CHECK(wasm_ref_get_host_info(r[0].of.ref) == &info);
  CHECK(wasm_ref_as_foreign(r[0].of.ref) != NULL);
  wasm_val_delete(&r[0]);
  /* Through a host callback (copying, then returning its argument itself),
   * with a collection inside the callback. */
  for (int sloppy = 0; sloppy < 2; sloppy++) {
    e->sloppy = sloppy;
    r[0].of.ref = NULL;
    CHECK(call(e, "call_host", a, 1, r, 1) == NULL);
    CHECK(r[0].of.ref && wasm_ref_same(r[0].of.ref, wasm_foreign_as_ref(fo)));
    wasm_val_delete(&r[0]);
  }
  CHECK_EQ_INT(e->host_calls, 2);
  /* Stashed in a Wasm global, it outlives every host handle. */
  CHECK(call(e, "stash", a, 1, NULL, 0) == NULL);
  wasm_foreign_delete(fo);
  reclaim_store_gc(e->store);
  wasm_global_t *keep = wasm_extern_as_global(e->exports.data[0]);
  wasm_val_t v;
  wasm_global_get(keep, &v);
  CHECK(v.kind == WASM_EXTERNREF && v.of.ref && wasm_ref_get_host_info(v.of.ref) == &info);
  /* Null through the API. */
  wasm_val_t nul = WASM_REF_VAL(NULL);
  wasm_global_set(keep, &nul);
  wasm_val_t v2;
  wasm_global_get(keep, &v2);
  CHECK(v2.of.ref == NULL);
  wasm_global_set(keep, &v);
  wasm_val_delete(&v);
}

static void test_boundary_types(struct env *e) {
  wasm_foreign_t *fo = wasm_foreign_new(e->store);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  /* A foreign where the function casts to its array type: a clean trap. */
  wasm_val_t a[1] = {WASM_REF_VAL(wasm_foreign_as_ref(fo))};
  const char *msg = call(e, "len", a, 1, r, 1);
  CHECK(msg && strstr(msg, "cast"));
  /* A function where an externref is expected. */
  wasm_val_t af[1] = {WASM_REF_VAL(wasm_func_as_ref((wasm_func_t *)export_func(e, "id")))};
  msg = call(e, "id", af, 1, r, 1);
  CHECK(msg && strstr(msg, "argument 0"));
  /* A number where a reference is expected, and arity mismatches. */
  wasm_val_t ai[1] = {WASM_I32_VAL(1)};
  msg = call(e, "id", ai, 1, r, 1);
  CHECK(msg && strstr(msg, "argument 0"));
  msg = call(e, "id", NULL, 0, r, 1);
  CHECK(msg && strstr(msg, "arguments"));
  /* A global object passed as a value. */
  wasm_val_t ag[1] = {WASM_REF_VAL(wasm_global_as_ref(wasm_extern_as_global(e->exports.data[0])))};
  msg = call(e, "id", ag, 1, r, 1);
  CHECK(msg && strstr(msg, "argument 0"));
  /* A value of another store. */
  wasm_store_t *other = wasm_store_new(e->engine);
  wasm_foreign_t *ofo = wasm_foreign_new(other);
  wasm_val_t ao[1] = {WASM_REF_VAL(wasm_foreign_as_ref(ofo))};
  msg = call(e, "id", ao, 1, r, 1);
  CHECK(msg && strstr(msg, "another store"));
  wasm_store_delete(other);
  wasm_foreign_delete(fo);
}

static void test_gc_roots(struct env *e) {
  uint64_t base = live_bytes(e);
  const int32_t big = 1 << 20;
  wasm_val_t a[2] = {WASM_I32_VAL(big)}, r[1] = {WASM_INIT_VAL};
  CHECK(call(e, "alloc", a, 1, r, 1) == NULL);
  CHECK(r[0].kind == WASM_ANYREF && r[0].of.ref != NULL);
  CHECK(live_bytes(e) >= base + (uint64_t)big);

  /* Held by an owned root only. */
  reclaim_root_t root;
  CHECK_EQ_INT(reclaim_root_new_owned(e->store, r[0].of.ref, "big array", &root), RECLAIM_OK);
  wasm_val_delete(&r[0]);
  CHECK(live_bytes(e) >= base + (uint64_t)big);
  wasm_ref_t *back = NULL;
  CHECK_EQ_INT(reclaim_root_get(e->store, root, &back), RECLAIM_OK);
  wasm_val_t la[1] = {WASM_REF_VAL(back)}, lr[1] = {WASM_INIT_VAL};
  CHECK(call(e, "len", la, 1, lr, 1) == NULL);
  CHECK_EQ_INT(lr[0].of.i32, big);
  wasm_ref_delete(back);
  CHECK_EQ_INT(reclaim_root_release(e->store, root), RECLAIM_OK);
  CHECK(live_bytes(e) < base + (uint64_t)big);

  /* A list built in a scope dies with the scope. */
  reclaim_scope_t s = reclaim_scope_open(e->store);
  wasm_val_t ca[2] = {WASM_I32_VAL(2000), WASM_I32_VAL(200)};
  CHECK(call(e, "chain", ca, 2, r, 1) == NULL);
  reclaim_root_t lr_root;
  CHECK_EQ_INT(reclaim_root_new(e->store, r[0].of.ref, &lr_root), RECLAIM_OK);
  wasm_val_delete(&r[0]);
  CHECK(live_bytes(e) >= base + 2000u * 200u);
  CHECK_EQ_INT(reclaim_root_get(e->store, lr_root, &back), RECLAIM_OK);
  wasm_val_t cnt_a[1] = {WASM_REF_VAL(back)}, cnt_r[1] = {WASM_INIT_VAL};
  CHECK(call(e, "count", cnt_a, 1, cnt_r, 1) == NULL);
  CHECK_EQ_INT(cnt_r[0].of.i32, 2000);
  wasm_ref_delete(back);
  CHECK_EQ_INT(reclaim_scope_close(e->store, s), RECLAIM_OK);
  CHECK(live_bytes(e) < base + 2000u * 200u);

  /* i31 values are references too. */
  wasm_val_t ia[1] = {WASM_I32_VAL(-5)};
  CHECK(call(e, "i31", ia, 1, r, 1) == NULL);
  CHECK(r[0].of.ref != NULL);
  reclaim_root_t ir;
  CHECK_EQ_INT(reclaim_root_new_owned(e->store, r[0].of.ref, NULL, &ir), RECLAIM_OK);
  reclaim_store_gc(e->store);
  CHECK_EQ_INT(reclaim_root_release(e->store, ir), RECLAIM_OK);
  wasm_val_delete(&r[0]);

  reclaim_heap_stats_t hs;
  reclaim_store_heap_stats(e->store, &hs);
  CHECK(hs.collections > 0 && hs.bytes_allocated >= (uint64_t)big && hs.peak_heap_bytes >= (uint64_t)big);
}

static void test_stress(void) {
  wasm_config_t *cfg = wasm_config_new();
  reclaim_config_set_gc_stress(cfg, true);
  struct env e;
  CHECK(setup(&e, cfg));
  reclaim_scope_t s = reclaim_scope_open(e.store);
  wasm_val_t ca[2] = {WASM_I32_VAL(50), WASM_I32_VAL(16)}, r[1] = {WASM_INIT_VAL};
  for (int i = 0; i < 3; i++) {
    CHECK(call(&e, "chain", ca, 2, r, 1) == NULL);
    reclaim_root_t root;
    CHECK_EQ_INT(reclaim_root_new(e.store, r[0].of.ref, &root), RECLAIM_OK);
    wasm_val_delete(&r[0]);
  }
  wasm_foreign_t *fo = wasm_foreign_new(e.store);
  wasm_val_t a[1] = {WASM_REF_VAL(wasm_foreign_as_ref(fo))};
  CHECK(call(&e, "call_host", a, 1, r, 1) == NULL);
  CHECK(r[0].of.ref && wasm_ref_same(r[0].of.ref, wasm_foreign_as_ref(fo)));
  wasm_val_delete(&r[0]);
  wasm_foreign_delete(fo);
  CHECK_EQ_INT(reclaim_scope_close(e.store, s), RECLAIM_OK);
  teardown(&e);
}

static void test_limits(void) {
  /* GC heap limit: the allocation traps, the store stays usable. */
  wasm_config_t *cfg = wasm_config_new();
  reclaim_config_set_gc_heap_max(cfg, 4u << 20);
  struct env e;
  CHECK(setup(&e, cfg));
  wasm_val_t a[1] = {WASM_I32_VAL(8 << 20)}, r[1] = {WASM_INIT_VAL};
  const char *msg = call(&e, "alloc", a, 1, r, 1);
  CHECK(msg && strstr(msg, "out of memory"));
  wasm_val_t small[1] = {WASM_I32_VAL(1000)};
  CHECK(call(&e, "alloc", small, 1, r, 1) == NULL);
  wasm_val_delete(&r[0]);
  teardown(&e);

  /* Call depth. */
  cfg = wasm_config_new();
  reclaim_config_set_max_call_depth(cfg, 100);
  wasm_engine_t *engine = wasm_engine_new_with_config(cfg);
  wasm_store_t *st = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof rec_wasm, rec_wasm);
  wasm_module_t *mod = wasm_module_new(st, &bin);
  wasm_byte_vec_delete(&bin);
  wasm_instance_t *inst = wasm_instance_new(st, mod, NULL, NULL);
  CHECK(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  const wasm_func_t *rec = wasm_extern_as_func(ex.data[0]);
  wasm_val_t ra[1] = {WASM_I32_VAL(50)}, rr[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(ra), rv = WASM_ARRAY_VEC(rr);
  CHECK(wasm_func_call(rec, &av, &rv) == NULL);
  CHECK_EQ_INT(rr[0].of.i32, 50);
  ra[0].of.i32 = 1000;
  wasm_trap_t *trap = wasm_func_call(rec, &av, &rv);
  CHECK(trap != NULL);
  if (trap) {
    wasm_message_t m;
    wasm_trap_message(trap, &m);
    CHECK(strstr(m.data, "call stack exhausted") != NULL);
    wasm_byte_vec_delete(&m);
    wasm_trap_delete(trap);
  }
  ra[0].of.i32 = 10;
  CHECK(wasm_func_call(rec, &av, &rv) == NULL); /* still usable */
  CHECK_EQ_INT(rr[0].of.i32, 10);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(mod);
  wasm_store_delete(st);
  wasm_engine_delete(engine);

  /* Linear memory limit: a standalone memory above it cannot be made. */
  cfg = wasm_config_new();
  reclaim_config_set_max_memory_bytes(cfg, 2 * 65536);
  engine = wasm_engine_new_with_config(cfg);
  st = wasm_store_new(engine);
  wasm_limits_t lim3 = {3, 10}, lim1 = {1, 10};
  wasm_memorytype_t *mt3 = wasm_memorytype_new(&lim3), *mt1 = wasm_memorytype_new(&lim1);
  CHECK(wasm_memory_new(st, mt3) == NULL);
  wasm_memory_t *m = wasm_memory_new(st, mt1);
  CHECK(m != NULL && wasm_memory_grow(m, 1) && !wasm_memory_grow(m, 1));
  wasm_memorytype_delete(mt3);
  wasm_memorytype_delete(mt1);
  wasm_memory_delete(m);
  wasm_store_delete(st);
  wasm_engine_delete(engine);
}

int main(void) {
  struct env e;
  CHECK(setup(&e, NULL));
  test_externref(&e);
  test_boundary_types(&e);
  test_gc_roots(&e);
  teardown(&e);
  CHECK_EQ_INT(finalized, 7); /* the foreign's host-info finalizer ran at store deletion */
  test_stress();
  test_limits();
  return TEST_DONE();
}
