/* The classic wasm-c-api "hello" example, written against wasm.h only: a
 * module imports a host function and its export calls it. */
#include "example_util.h"

/* (module
 *   (func $hello (import "" "hello"))
 *   (func (export "run") (call $hello))) */
static const char hello_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x0a,
    0x01, 0x00, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07,
    0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x00, 0x0b,
};

static int calls;

own wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  printf("Calling back...\n");
  printf("> Hello World!\n");
  calls++;
  return NULL;
}

int main(int argc, const char *argv[]) {
  (void)argc;
  (void)argv;
  wasm_engine_t *engine;
  wasm_store_t *store;
  own wasm_module_t *module = example_load(&engine, &store, hello_wasm, sizeof hello_wasm);

  printf("Creating callback...\n");
  own wasm_functype_t *hello_type = wasm_functype_new_0_0();
  own wasm_func_t *hello_func = wasm_func_new(store, hello_type, hello_callback);
  wasm_functype_delete(hello_type);

  wasm_extern_t *externs[] = {wasm_func_as_extern(hello_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  own wasm_instance_t *instance = example_instantiate(store, module, &imports);
  wasm_func_delete(hello_func);

  own wasm_extern_vec_t exports;
  const wasm_func_t *run_func = example_first_func(instance, &exports);
  wasm_module_delete(module);
  wasm_instance_delete(instance);

  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  example_call(run_func, &args, &results);
  wasm_extern_vec_delete(&exports);

  example_shutdown(engine, store);

  if (calls != 1) {
    printf("> Callback ran %d times, expected 1!\n", calls);
    return 1;
  }
  printf("Done.\n");
  return 0;
}
