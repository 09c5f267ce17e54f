/* reclaim_wasi_imports: WASI functions for a module's "wasi_snapshot_preview1"
 * imports, NULL for the others, and refusals for unknown or mistyped WASI
 * imports. Also a fresh store per request with one shared module and one
 * shared WASI context (the server pattern). */
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "test.h"
#include "text/wat.h"

static wasm_module_t *compile(wasm_store_t *store, const char *wat) {
  uint8_t *bin;
  size_t len;
  struct rc_error err;
  rc_error_clear(&err);
  if (!wat_to_wasm(wat, strlen(wat), "test", &bin, &len, &err)) {
    fprintf(stderr, "wat: %s\n", err.msg);
    return NULL;
  }
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new(&bytes, len, (const char *)bin);
  free(bin);
  wasm_module_t *m = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  return m;
}

/* run(): argc through args_sizes_get, plus the host import's result. */
static const char *const good_wat =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"args_sizes_get\" (func $sizes (param i32 i32) (result i32)))\n"
    "  (import \"env\" \"seven\" (func $seven (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (func (export \"run\") (result i32)\n"
    "    (drop (call $sizes (i32.const 0) (i32.const 4)))\n"
    "    (i32.add (i32.load (i32.const 0)) (call $seven))))\n";

static wasm_trap_t *seven(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 7;
  return NULL;
}

static int32_t run_export(wasm_instance_t *inst) {
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_func_t *run = NULL;
  for (size_t i = 0; i < exports.size; i++)
    if (wasm_extern_kind(exports.data[i]) == WASM_EXTERN_FUNC) run = wasm_extern_as_func(exports.data[i]);
  int32_t r = -1;
  if (run) {
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(res);
    wasm_trap_t *trap = wasm_func_call(run, &args, &results);
    if (trap) wasm_trap_delete(trap);
    else r = res[0].of.i32;
  }
  wasm_extern_vec_delete(&exports);
  return r;
}

static void test_good(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile(store, good_wat);
  CHECK(module != NULL);
  if (!module) return;
  const char *argv[] = {"prog", "a", "b"};
  reclaim_wasi_t *wasi = reclaim_wasi_new(3, argv);
  /* Several fresh stores share the module and the context. */
  for (int req = 0; req < 50; req++) {
    wasm_store_t *s = wasm_store_new(engine);
    wasm_extern_vec_t imports;
    CHECK(reclaim_wasi_imports(s, wasi, module, &imports));
    CHECK_EQ_INT(imports.size, 3);
    CHECK(imports.data[0] != NULL);
    CHECK(imports.data[1] == NULL);
    CHECK(imports.data[2] != NULL);
    CHECK_EQ_INT(wasm_extern_kind(imports.data[0]), WASM_EXTERN_FUNC);
    wasm_functype_t *ft = wasm_func_type(wasm_extern_as_func(imports.data[2]));
    CHECK_EQ_INT(wasm_functype_params(ft)->size, 4);
    CHECK_EQ_INT(wasm_functype_results(ft)->size, 1);
    wasm_functype_delete(ft);
    wasm_functype_t *st = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *host = wasm_func_new(s, st, seven);
    wasm_functype_delete(st);
    imports.data[1] = wasm_func_as_extern(host); /* the vector owns it now */
    wasm_trap_t *trap = NULL;
    wasm_instance_t *inst = wasm_instance_new(s, module, &imports, &trap);
    CHECK(inst != NULL);
    CHECK(trap == NULL);
    if (inst) {
      CHECK_EQ_INT(run_export(inst), 3 + 7);
      wasm_instance_delete(inst);
    }
    wasm_extern_vec_delete(&imports);
    wasm_store_delete(s);
  }
  reclaim_wasi_delete(wasi);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

static void expect_refused(const char *wat, const char *msg_part) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile(store, wat);
  CHECK(module != NULL);
  reclaim_wasi_t *wasi = reclaim_wasi_new(0, NULL);
  if (module) {
    wasm_extern_vec_t imports;
    CHECK(!reclaim_wasi_imports(store, wasi, module, &imports));
    CHECK_EQ_INT(imports.size, 0);
    CHECK(imports.data == NULL);
    const char *msg = reclaim_store_error(store);
    if (!strstr(msg, msg_part)) {
      fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg, msg_part);
      CHECK(!"message");
    }
    wasm_module_delete(module);
  }
  CHECK(!reclaim_wasi_imports(NULL, wasi, module, &(wasm_extern_vec_t){0}));
  reclaim_wasi_delete(wasi);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(void) {
  test_good();
  expect_refused("(module (import \"wasi_snapshot_preview1\" \"no_such_call\" (func)))", "no_such_call");
  expect_refused("(module (import \"wasi_snapshot_preview1\" \"fd_write\" (func (param i32) (result i32))))",
                 "incompatible import type");
  expect_refused("(module (import \"wasi_snapshot_preview1\" \"memory\" (memory 1)))", "memory");
  return TEST_DONE();
}
