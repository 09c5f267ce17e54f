/* The classic wasm-c-api "table" example, written against wasm.h only:
 * an exported funcref table read, written and grown from the host, with
 * Wasm and host functions called through call_indirect. */
#include "example_util.h"

/* (module
 *   (table (export "table") 2 10 funcref)
 *   (func (export "call_indirect") (param i32 i32) (result i32)
 *     (call_indirect (param i32) (result i32) (local.get 0) (local.get 1)))
 *   (func $f (export "f") (param i32) (result i32) (local.get 0))
 *   (func (export "g") (param i32) (result i32) (i32.const 666))
 *   (elem (i32.const 1) $f)) */
static const char table_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x04, 0x03, 0x00, 0x01, 0x01, 0x04, 0x05, 0x01, 0x70,
    0x01, 0x02, 0x0a, 0x07, 0x21, 0x04, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x00, 0x0d, 0x63,
    0x61, 0x6c, 0x6c, 0x5f, 0x69, 0x6e, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74, 0x00, 0x00, 0x01, 0x66,
    0x00, 0x01, 0x01, 0x67, 0x00, 0x02, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x01, 0x0a,
    0x16, 0x03, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x11, 0x01, 0x00, 0x0b, 0x04, 0x00, 0x20, 0x00,
    0x0b, 0x05, 0x00, 0x41, 0x9a, 0x05, 0x0b,
};

/* A function to be called from Wasm code. */
own wasm_trap_t *neg_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("Calling back...\n");
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

static void check_table(wasm_table_t *table, int32_t i, bool expect_set, int line) {
  own wasm_ref_t *ref = wasm_table_get(table, (wasm_table_size_t)i);
  check((ref != NULL) == expect_set, line);
  if (ref) wasm_ref_delete(ref);
}

int main(int argc, const char *argv[]) {
  (void)argc;
  (void)argv;
  wasm_engine_t *engine;
  wasm_store_t *store;
  own wasm_module_t *module = example_load(&engine, &store, table_wasm, sizeof table_wasm);

  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  own wasm_instance_t *instance = example_instantiate(store, module, &imports);

  printf("Extracting exports...\n");
  own wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  size_t i = 0;
  wasm_table_t *table = get_export_table(&exports, i++);
  wasm_func_t *call_indirect = get_export_func(&exports, i++);
  wasm_func_t *f = get_export_func(&exports, i++);
  wasm_func_t *g = get_export_func(&exports, i++);

  wasm_module_delete(module);

  /* Create external function. */
  printf("Creating callback...\n");
  own wasm_functype_t *neg_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  own wasm_func_t *h = wasm_func_new(store, neg_type, neg_callback);

  wasm_functype_delete(neg_type);

  /* Try cloning. */
  own wasm_table_t *copy = wasm_table_copy(table);
  check(wasm_table_same(table, copy), __LINE__);
  wasm_table_delete(copy);

  /* Check initial table. */
  printf("Checking table...\n");
  check(wasm_table_size(table) == 2, __LINE__);
  check_table(table, 0, false, __LINE__);
  check_table(table, 1, true, __LINE__);
  check_trap2(call_indirect, 0, 0, __LINE__);
  check_call2(call_indirect, 7, 1, 7, __LINE__);
  check_trap2(call_indirect, 0, 2, __LINE__);

  /* Mutate table. */
  printf("Mutating table...\n");
  check(wasm_table_set(table, 0, wasm_func_as_ref(g)), __LINE__);
  check(wasm_table_set(table, 1, NULL), __LINE__);
  check(!wasm_table_set(table, 2, wasm_func_as_ref(f)), __LINE__);
  check_table(table, 0, true, __LINE__);
  check_table(table, 1, false, __LINE__);
  check_call2(call_indirect, 7, 0, 666, __LINE__);
  check_trap2(call_indirect, 0, 1, __LINE__);
  check_trap2(call_indirect, 0, 2, __LINE__);

  /* The element read back is the same function. */
  own wasm_ref_t *elem0 = wasm_table_get(table, 0);
  check(elem0 && wasm_ref_same(elem0, wasm_func_as_ref(g)), __LINE__);
  check(wasm_ref_as_func(elem0) != NULL, __LINE__);
  wasm_ref_delete(elem0);

  /* Grow table. */
  printf("Growing table...\n");
  check(wasm_table_grow(table, 3, NULL), __LINE__);
  check(wasm_table_size(table) == 5, __LINE__);
  check(wasm_table_set(table, 2, wasm_func_as_ref(f)), __LINE__);
  check(wasm_table_set(table, 3, wasm_func_as_ref(h)), __LINE__);
  check(!wasm_table_set(table, 5, NULL), __LINE__);
  check_table(table, 2, true, __LINE__);
  check_table(table, 3, true, __LINE__);
  check_table(table, 4, false, __LINE__);
  check_call2(call_indirect, 5, 2, 5, __LINE__);
  check_call2(call_indirect, 6, 3, -6, __LINE__);
  check_trap2(call_indirect, 0, 4, __LINE__);
  check_trap2(call_indirect, 0, 5, __LINE__);

  check(wasm_table_grow(table, 2, wasm_func_as_ref(f)), __LINE__);
  check(wasm_table_size(table) == 7, __LINE__);
  check_table(table, 5, true, __LINE__);
  check_table(table, 6, true, __LINE__);

  check(!wasm_table_grow(table, 5, NULL), __LINE__);
  check(wasm_table_grow(table, 3, NULL), __LINE__);
  check(wasm_table_grow(table, 0, NULL), __LINE__);

  wasm_func_delete(h);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);

  /* Create stand-alone table. */
  printf("Creating stand-alone table...\n");
  wasm_limits_t limits = {5, 5};
  own wasm_tabletype_t *tabletype = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &limits);
  own wasm_table_t *table2 = wasm_table_new(store, tabletype, NULL);
  check(wasm_table_size(table2) == 5, __LINE__);
  check(!wasm_table_grow(table2, 1, NULL), __LINE__);
  check(wasm_table_grow(table2, 0, NULL), __LINE__);

  wasm_tabletype_delete(tabletype);
  wasm_table_delete(table2);

  example_shutdown(engine, store);

  printf("Done.\n");
  return failures ? 1 : 0;
}
