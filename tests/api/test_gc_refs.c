/* GC references for host code (reclaim.h): types, struct/array/i31/extern
 * creation, field and element access with type checks (every misuse a
 * status, never a crash), calls with root-handle values, and the retention
 * report's groups (labels, unlabelled roots, globals, tables, live frames,
 * shared objects). Runs twice: normally and in GC stress mode. */
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "test.h"
#include "text/wat.h"

static const char *WAT =
    "(module\n"
    "  (type $point (struct (field $x (mut i32)) (field $y i64) (field $tag (mut i8))\n"
    "                       (field $next (mut (ref null $point))) (field $any (mut anyref)) (field $f (mut f64))))\n"
    "  (type $ints (array (mut i32)))\n"
    "  (type $points (array (mut (ref null $point))))\n"
    "  (type $frozen (array i32))\n"
    "  (type $nonnull (struct (field (ref $point))))\n"
    "  (import \"host\" \"cb\" (func $cb))\n"
    "  (global $g (export \"g\") (mut (ref null $point)) (ref.null $point))\n"
    "  (table $t (export \"t\") 4 (ref null $point))\n"
    "  (func (export \"sum\") (param $p (ref $point)) (result i64)\n"
    "    (i64.add (i64.extend_i32_s (struct.get $point $x (local.get $p))) (struct.get $point $y (local.get $p))))\n"
    "  (func (export \"make\") (param $x i32) (result (ref $point))\n"
    "    (struct.new $point (local.get $x) (i64.const 100) (i32.const 300) (ref.null $point) (ref.null any) (f64.const 0.5)))\n"
    "  (func (export \"first\") (param $a (ref $points)) (result (ref null $point))\n"
    "    (array.get $points (local.get $a) (i32.const 0)))\n"
    "  (func (export \"is_i31\") (param anyref) (result i32) (ref.test (ref i31) (local.get 0)))\n"
    "  (func (export \"ext\") (param externref) (result externref) (local.get 0))\n"
    "  (func (export \"keep_global\") (global.set $g (struct.new_default $point)))\n"
    "  (func (export \"keep_table\") (table.set $t (i32.const 1) (struct.new_default $point)))\n"
    "  (func (export \"hold\") (result i32) (local $l (ref null $points))\n"
    "    (local.set $l (array.new_default $points (i32.const 1000)))\n"
    "    (call $cb)\n"
    "    (array.len (local.get $l)))\n"
    ")\n";

static wasm_store_t *cb_store;
static uint64_t frames_bytes;
static wasm_trap_t *cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  reclaim_retention_t *r = NULL;
  CHECK(reclaim_store_retention(cb_store, &r) == RECLAIM_OK);
  const reclaim_retainer_t *f = reclaim_retention_find(r, "live frames");
  CHECK(f != NULL);
  if (f) frames_bytes = f->bytes;
  reclaim_retention_delete(r);
  return NULL;
}

static wasm_func_t *export_func(wasm_extern_vec_t *ex, wasm_module_t *m, const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(m, &types);
  wasm_func_t *f = NULL;
  for (size_t i = 0; i < types.size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) f = wasm_extern_as_func(ex->data[i]);
  }
  wasm_exporttype_vec_delete(&types);
  return f;
}

static reclaim_val_t I32(int32_t v) {
  reclaim_val_t x;
  x.kind = WASM_I32;
  x.of.i32 = v;
  return x;
}
static reclaim_val_t REF(reclaim_root_t r) {
  reclaim_val_t x;
  x.kind = WASM_ANYREF;
  x.of.ref = r;
  return x;
}

static void run(bool stress) {
  wasm_config_t *cfg = wasm_config_new();
  reclaim_config_set_gc_stress(cfg, stress);
  wasm_engine_t *engine = wasm_engine_new_with_config(cfg);
  wasm_store_t *st = wasm_store_new(engine);
  cb_store = st;
  uint8_t *bin;
  size_t len;
  struct rc_error e;
  CHECK(wat_to_wasm(WAT, strlen(WAT), "refs.wat", &bin, &len, &e));
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new(&bytes, len, (const char *)bin);
  free(bin);
  wasm_module_t *m = wasm_module_new(st, &bytes);
  wasm_byte_vec_delete(&bytes);
  CHECK(m != NULL);
  if (!m) {
    fprintf(stderr, "%s\n", reclaim_store_error(st));
    return;
  }
  wasm_functype_t *ft = wasm_functype_new_0_0();
  wasm_func_t *host = wasm_func_new(st, ft, cb);
  wasm_functype_delete(ft);
  wasm_extern_t *imps[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);
  wasm_instance_t *inst = wasm_instance_new(st, m, &imports, NULL);
  CHECK(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);

  reclaim_scope_t scope = reclaim_scope_open(st);

  /* types: by module index and from an export's parameter type */
  reclaim_type_t point, ints, points, frozen, nonnull, from_param;
  CHECK(reclaim_module_type(m, 0, &point) == RECLAIM_OK);
  CHECK(reclaim_module_type(m, 1, &ints) == RECLAIM_OK);
  CHECK(reclaim_module_type(m, 2, &points) == RECLAIM_OK);
  CHECK(reclaim_module_type(m, 3, &frozen) == RECLAIM_OK);
  CHECK(reclaim_module_type(m, 4, &nonnull) == RECLAIM_OK);
  CHECK(reclaim_module_type(m, 99, &from_param) == RECLAIM_ERR_BOUNDS);
  wasm_func_t *sum = export_func(&ex, m, "sum");
  wasm_functype_t *sumt = wasm_func_type(sum);
  CHECK(reclaim_valtype_type(wasm_functype_params(sumt)->data[0], &from_param) == RECLAIM_OK);
  CHECK(from_param.id == point.id);
  CHECK(reclaim_valtype_type(wasm_functype_results(sumt)->data[0], &from_param) == RECLAIM_ERR_TYPE);
  wasm_functype_delete(sumt);
  reclaim_type_kind_t tk;
  uint32_t nf;
  CHECK(reclaim_type_describe(st, point, &tk, &nf) == RECLAIM_OK && tk == RECLAIM_TYPE_STRUCT && nf == 6);
  reclaim_field_t fi;
  CHECK(reclaim_type_field(st, point, 2, &fi) == RECLAIM_OK && fi.kind == WASM_I32 && fi.packed == 1 && fi.mut);
  CHECK(reclaim_type_field(st, point, 1, &fi) == RECLAIM_OK && fi.kind == WASM_I64 && !fi.mut);
  CHECK(reclaim_type_field(st, point, 6, &fi) == RECLAIM_ERR_BOUNDS);
  reclaim_type_t bogus = {12345};
  CHECK(reclaim_type_describe(st, bogus, &tk, &nf) == RECLAIM_ERR_TYPE);

  /* struct.new from the host, read back, pass to Wasm */
  reclaim_val_t f[6];
  f[0] = I32(-7);
  f[1].kind = WASM_I64;
  f[1].of.i64 = 1000;
  f[2] = I32(0x1ff); /* i8: truncated to 0xff */
  f[3] = REF((reclaim_root_t){0, 0, 0, 0});
  f[4] = REF((reclaim_root_t){0, 0, 0, 0});
  f[5].kind = WASM_F64;
  f[5].of.f64 = 2.5;
  reclaim_root_t p;
  CHECK(reclaim_struct_new(st, point, f, 6, &p) == RECLAIM_OK);
  reclaim_store_gc(st); /* p's root keeps it */
  reclaim_val_t v;
  CHECK(reclaim_struct_get(st, p, 0, &v) == RECLAIM_OK && v.kind == WASM_I32 && v.of.i32 == -7);
  CHECK(reclaim_struct_get(st, p, 2, &v) == RECLAIM_OK && v.of.i32 == 0xff);
  CHECK(reclaim_struct_get(st, p, 5, &v) == RECLAIM_OK && v.kind == WASM_F64 && v.of.f64 == 2.5);
  CHECK(reclaim_struct_get(st, p, 3, &v) == RECLAIM_OK && v.kind == WASM_ANYREF && v.of.ref.index == 0);
  reclaim_val_t args[1] = {REF(p)}, res[1];
  CHECK(reclaim_func_call(st, sum, args, 1, res, 1, NULL) == RECLAIM_OK);
  CHECK(res[0].kind == WASM_I64 && res[0].of.i64 == 993);

  /* self-reference and anyref field; i31 in an anyref field */
  CHECK(reclaim_struct_set(st, p, 3, &args[0]) == RECLAIM_OK);
  reclaim_root_t small;
  CHECK(reclaim_i31_new(st, -5, &small) == RECLAIM_OK);
  reclaim_val_t sv = REF(small);
  CHECK(reclaim_struct_set(st, p, 4, &sv) == RECLAIM_OK);
  CHECK(reclaim_struct_get(st, p, 4, &v) == RECLAIM_OK);
  int32_t iv;
  CHECK(reclaim_i31_get(st, v.of.ref, true, &iv) == RECLAIM_OK && iv == -5);
  CHECK(reclaim_i31_get(st, v.of.ref, false, &iv) == RECLAIM_OK && iv == 0x7ffffffb);
  reclaim_ref_kind_t rk;
  CHECK(reclaim_ref_kind(st, v.of.ref, &rk) == RECLAIM_OK && rk == RECLAIM_REF_I31);
  CHECK(reclaim_ref_kind(st, p, &rk) == RECLAIM_OK && rk == RECLAIM_REF_STRUCT);
  reclaim_val_t iarg[1] = {REF(small)};
  CHECK(reclaim_func_call(st, export_func(&ex, m, "is_i31"), iarg, 1, res, 1, NULL) == RECLAIM_OK && res[0].of.i32 == 1);

  /* errors: no crashes, a status and a message each */
  CHECK(reclaim_struct_set(st, p, 1, &f[1]) == RECLAIM_ERR_IMMUTABLE);
  CHECK(reclaim_struct_set(st, p, 6, &f[0]) == RECLAIM_ERR_BOUNDS);
  CHECK(reclaim_struct_set(st, p, 0, &f[1]) == RECLAIM_ERR_TYPE); /* i64 into i32 */
  CHECK(reclaim_struct_get(st, p, 17, &v) == RECLAIM_ERR_BOUNDS);
  reclaim_root_t bad;
  CHECK(reclaim_struct_new(st, point, f, 5, &bad) == RECLAIM_ERR_TYPE);
  CHECK(reclaim_struct_new(st, nonnull, NULL, 0, &bad) == RECLAIM_ERR_TYPE);
  CHECK(reclaim_struct_new(st, ints, NULL, 0, &bad) == RECLAIM_ERR_TYPE);
  CHECK(bad.index == 0);
  reclaim_root_t arr;
  CHECK(reclaim_array_new(st, ints, 10, &f[0], &arr) == RECLAIM_OK);
  reclaim_val_t wrong = REF(arr);
  CHECK(reclaim_struct_set(st, p, 3, &wrong) == RECLAIM_ERR_TYPE); /* an $ints array where (ref null $point) goes */
  fprintf(stderr, "  expected: %s\n", reclaim_store_error(st));
  CHECK(reclaim_struct_set(st, p, 4, &wrong) == RECLAIM_OK);       /* but it is an anyref */
  CHECK(reclaim_struct_get(st, arr, 0, &v) == RECLAIM_ERR_TYPE);
  reclaim_val_t a0[1] = {REF(arr)};
  CHECK(reclaim_func_call(st, sum, a0, 1, res, 1, NULL) == RECLAIM_ERR_TYPE); /* not a $point */
  reclaim_val_t nul[1] = {REF((reclaim_root_t){0, 0, 0, 0})};
  CHECK(reclaim_func_call(st, sum, nul, 1, res, 1, NULL) == RECLAIM_ERR_TYPE); /* non-nullable */
  CHECK(reclaim_func_call(st, sum, NULL, 0, res, 1, NULL) == RECLAIM_ERR_TYPE);

  /* arrays */
  uint32_t alen;
  CHECK(reclaim_array_len(st, arr, &alen) == RECLAIM_OK && alen == 10);
  CHECK(reclaim_array_get(st, arr, 9, &v) == RECLAIM_OK && v.of.i32 == -7);
  CHECK(reclaim_array_set(st, arr, 3, &f[0]) == RECLAIM_OK);
  CHECK(reclaim_array_get(st, arr, 10, &v) == RECLAIM_ERR_BOUNDS);
  CHECK(reclaim_array_set(st, arr, 10, &f[0]) == RECLAIM_ERR_BOUNDS);
  reclaim_root_t fz;
  CHECK(reclaim_array_new(st, frozen, 3, NULL, &fz) == RECLAIM_OK);
  CHECK(reclaim_array_set(st, fz, 0, &f[0]) == RECLAIM_ERR_IMMUTABLE);
  reclaim_root_t pts;
  CHECK(reclaim_array_new(st, points, 4, NULL, &pts) == RECLAIM_OK);
  CHECK(reclaim_array_set(st, pts, 0, &args[0]) == RECLAIM_OK);
  CHECK(reclaim_array_set(st, pts, 1, &wrong) == RECLAIM_ERR_TYPE);
  reclaim_val_t parg[1] = {REF(pts)};
  CHECK(reclaim_func_call(st, export_func(&ex, m, "first"), parg, 1, res, 1, NULL) == RECLAIM_OK);
  CHECK(res[0].kind == WASM_ANYREF && res[0].of.ref.index != 0);
  reclaim_type_t rt;
  CHECK(reclaim_root_type(st, res[0].of.ref, &rt) == RECLAIM_OK && rt.id == point.id);

  /* Wasm-made values come back as roots */
  reclaim_val_t mk[1] = {I32(42)};
  CHECK(reclaim_func_call(st, export_func(&ex, m, "make"), mk, 1, res, 1, NULL) == RECLAIM_OK);
  reclaim_root_t made = res[0].of.ref;
  CHECK(reclaim_struct_get(st, made, 0, &v) == RECLAIM_OK && v.of.i32 == 42);
  CHECK(reclaim_struct_get(st, made, 2, &v) == RECLAIM_OK && v.of.i32 == 300 - 256);

  /* externref of host data, through Wasm and back */
  static int payload = 77;
  reclaim_root_t ext;
  CHECK(reclaim_extern_new(st, &payload, NULL, &ext) == RECLAIM_OK);
  reclaim_val_t earg[1] = {REF(ext)};
  CHECK(reclaim_func_call(st, export_func(&ex, m, "ext"), earg, 1, res, 1, NULL) == RECLAIM_OK);
  void *data = NULL;
  CHECK(reclaim_extern_data(st, res[0].of.ref, &data) == RECLAIM_OK && data == &payload);
  CHECK(reclaim_ref_kind(st, ext, &rk) == RECLAIM_OK && rk == RECLAIM_REF_EXTERN);
  CHECK(reclaim_extern_data(st, p, &data) == RECLAIM_ERR_TYPE);
  CHECK(reclaim_func_call(st, sum, earg, 1, res, 1, NULL) == RECLAIM_ERR_TYPE);

  /* interop with wasm.h values */
  wasm_ref_t *wr = NULL;
  CHECK(reclaim_root_get(st, made, &wr) == RECLAIM_OK && wr);
  wasm_val_t wargs[1] = {WASM_REF_VAL(wr)}, wres[1] = {WASM_INIT_VAL};
  wasm_val_vec_t wa = WASM_ARRAY_VEC(wargs), wv = WASM_ARRAY_VEC(wres);
  wasm_trap_t *trap = wasm_func_call(sum, &wa, &wv);
  CHECK(!trap && wres[0].of.i64 == 142);
  wasm_ref_delete(wr);

  /* stale handles: a status, never a read */
  reclaim_root_t gone = made;
  CHECK(reclaim_root_release(st, made) == RECLAIM_OK);
  CHECK(reclaim_struct_get(st, gone, 0, &v) == RECLAIM_ERR_RELEASED);
  reclaim_val_t garg[1] = {REF(gone)};
  CHECK(reclaim_func_call(st, sum, garg, 1, res, 1, NULL) == RECLAIM_ERR_RELEASED);
  reclaim_root_t forged = p;
  forged.gen += 100;
  CHECK(reclaim_struct_get(st, forged, 0, &v) == RECLAIM_ERR_BAD_HANDLE);

  reclaim_scope_close(st, scope);
  CHECK(reclaim_struct_get(st, p, 0, &v) == RECLAIM_ERR_SCOPE_CLOSED);

  /* ---- retention report groups ---- */
  scope = reclaim_scope_open(st);
  reclaim_root_t cache[10], lone, tmp;
  for (int i = 0; i < 10; i++) {
    CHECK(reclaim_array_new(st, ints, 1000, NULL, &tmp) == RECLAIM_OK); /* 4016 -> 5120-byte cell */
    CHECK(reclaim_root_keep(st, tmp, "session cache", &cache[i]) == RECLAIM_OK);
  }
  CHECK(reclaim_array_new(st, ints, 100, NULL, &tmp) == RECLAIM_OK);
  CHECK(reclaim_root_keep(st, tmp, NULL, &lone) == RECLAIM_OK);
  /* one array shared between the cache and a "queue" root */
  reclaim_root_t q;
  CHECK(reclaim_root_keep(st, cache[0], "queue", &q) == RECLAIM_OK);
  reclaim_scope_close(st, scope); /* the temporary scoped roots go */
  CHECK(reclaim_func_call(st, export_func(&ex, m, "keep_global"), NULL, 0, NULL, 0, NULL) == RECLAIM_OK);
  CHECK(reclaim_func_call(st, export_func(&ex, m, "keep_table"), NULL, 0, NULL, 0, NULL) == RECLAIM_OK);
  reclaim_retention_t *r = NULL;
  CHECK(reclaim_store_retention(st, &r) == RECLAIM_OK);
  char text[4096];
  reclaim_retention_format(r, 0, text, sizeof text);
  if (!stress) printf("%s", text);
  const reclaim_retainer_t *top = reclaim_retention_get(r, 0);
  CHECK(top && strcmp(top->name, "session cache") == 0 && top->count == 10 && top->objects == 9);
  CHECK(top && top->label && top->kind == RECLAIM_RETAINER_ROOTS && top->root_class == RECLAIM_ROOT_OWNED);
  const reclaim_retainer_t *qr = reclaim_retention_find(r, "queue");
  CHECK(qr && qr->bytes == 0 && qr->count == 1);
  char lone_name[64];
  snprintf(lone_name, sizeof lone_name, "owned root %u", lone.index);
  const reclaim_retainer_t *lr = reclaim_retention_find(r, lone_name);
  CHECK(lr && lr->objects == 1 && lr->label == NULL && lr->root.index == lone.index);
  const reclaim_retainer_t *gr = reclaim_retention_find(r, "globals");
  CHECK(gr && gr->objects == 1);
  const reclaim_retainer_t *tr = reclaim_retention_find(r, "tables");
  CHECK(tr && tr->objects == 1);
  reclaim_retention_totals_t tot;
  reclaim_retention_totals(r, &tot);
  CHECK(tot.shared_objects == 1 && top && tot.shared_bytes * 9 == top->bytes);
  uint64_t sum_bytes = tot.shared_bytes;
  for (size_t i = 0; i < reclaim_retention_size(r); i++) sum_bytes += reclaim_retention_get(r, i)->bytes;
  CHECK(sum_bytes == tot.live_bytes);
  CHECK(reclaim_retention_get(r, reclaim_retention_size(r)) == NULL);
  reclaim_retention_delete(r);

  /* releasing the cache brings live bytes down */
  reclaim_heap_stats_t hs0, hs1;
  reclaim_store_gc(st);
  reclaim_store_heap_stats(st, &hs0);
  for (int i = 0; i < 10; i++) CHECK(reclaim_root_release(st, cache[i]) == RECLAIM_OK);
  CHECK(reclaim_root_release(st, q) == RECLAIM_OK);
  reclaim_store_gc(st);
  reclaim_store_heap_stats(st, &hs1);
  CHECK(hs0.live_bytes - hs1.live_bytes >= 10 * 4016);

  /* live frames: a Wasm local holds a 1000-element array while the host
   * callback asks for the report */
  CHECK(reclaim_func_call(st, export_func(&ex, m, "hold"), NULL, 0, res, 1, NULL) == RECLAIM_OK);
  CHECK(res[0].of.i32 == 1000);
  CHECK(frames_bytes >= 8000);

  CHECK(reclaim_root_release(st, lone) == RECLAIM_OK);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(host);
  wasm_module_delete(m);
  wasm_store_delete(st);
  wasm_engine_delete(engine);
}

int main(void) {
  run(false);
  run(true);
  return TEST_DONE();
}
