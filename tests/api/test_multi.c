/* A multi-value example written against wasm.h only (in the style of the
 * wasm-c-api "multi" example): a host callback with four parameters and four
 * results, called from Wasm, whose results come back to the host. */
#include "example_util.h"

/* (module
 *   (func $f (import "" "f") (param i32 i64 i64 i32) (result i32 i64 i64 i32))
 *   (func $g (export "g") (param i32 i64 i64 i32) (result i32 i64 i64 i32)
 *     (call $f (local.get 0) (local.get 2) (local.get 1) (local.get 3)))) */
static const char multi_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x01, 0x60, 0x04, 0x7f, 0x7e, 0x7e,
    0x7f, 0x04, 0x7f, 0x7e, 0x7e, 0x7f, 0x02, 0x06, 0x01, 0x00, 0x01, 0x66, 0x00, 0x00, 0x03, 0x02,
    0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x67, 0x00, 0x01, 0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x20, 0x00,
    0x20, 0x02, 0x20, 0x01, 0x20, 0x03, 0x10, 0x00, 0x0b,
};

/* A function to be called from Wasm code: returns its arguments reversed. */
own wasm_trap_t *callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("Calling back...\n> ");
  printf("> %" PRIu32 " %" PRIu64 " %" PRIu64 " %" PRIu32 "\n", (uint32_t)args->data[0].of.i32,
         (uint64_t)args->data[1].of.i64, (uint64_t)args->data[2].of.i64, (uint32_t)args->data[3].of.i32);
  printf("\n");
  wasm_val_copy(&results->data[0], &args->data[3]);
  wasm_val_copy(&results->data[1], &args->data[1]);
  wasm_val_copy(&results->data[2], &args->data[2]);
  wasm_val_copy(&results->data[3], &args->data[0]);
  return NULL;
}

int main(int argc, const char *argv[]) {
  (void)argc;
  (void)argv;
  wasm_engine_t *engine;
  wasm_store_t *store;
  own wasm_module_t *module = example_load(&engine, &store, multi_wasm, sizeof multi_wasm);

  printf("Creating callback...\n");
  wasm_valtype_t *types[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                              wasm_valtype_new_i32()};
  own wasm_valtype_vec_t tuple1, tuple2;
  wasm_valtype_vec_new(&tuple1, 4, types);
  wasm_valtype_vec_copy(&tuple2, &tuple1);
  own wasm_functype_t *callback_type = wasm_functype_new(&tuple1, &tuple2);
  own wasm_func_t *callback_func = wasm_func_new(store, callback_type, callback);

  wasm_functype_delete(callback_type);

  wasm_extern_t *externs[] = {wasm_func_as_extern(callback_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  own wasm_instance_t *instance = example_instantiate(store, module, &imports);
  wasm_func_delete(callback_func);

  own wasm_extern_vec_t exports;
  const wasm_func_t *run_func = example_first_func(instance, &exports);

  wasm_module_delete(module);
  wasm_instance_delete(instance);

  wasm_val_t vals[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3), WASM_I32_VAL(4)};
  wasm_val_t res[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(res);
  example_call(run_func, &args, &results);

  wasm_extern_vec_delete(&exports);

  printf("Printing result...\n");
  printf("> %" PRIu32 " %" PRIu64 " %" PRIu64 " %" PRIu32 "\n", (uint32_t)res[0].of.i32, (uint64_t)res[1].of.i64,
         (uint64_t)res[2].of.i64, (uint32_t)res[3].of.i32);

  /* g swaps the middle pair, the callback reverses the outer pair. */
  if (res[0].kind != WASM_I32 || res[0].of.i32 != 4 || res[1].kind != WASM_I64 || res[1].of.i64 != 3 ||
      res[2].of.i64 != 2 || res[3].of.i32 != 1) {
    printf("> Error: wrong results!\n");
    return 1;
  }

  example_shutdown(engine, store);

  printf("Done.\n");
  return 0;
}
