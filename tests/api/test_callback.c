/* The classic wasm-c-api "callback" example, written against wasm.h only:
 * host functions with and without an environment, called from Wasm. */
#include "example_util.h"

/* (module
 *   (func $print (import "" "print") (param i32) (result i32))
 *   (func $closure (import "" "closure") (result i32))
 *   (func (export "run") (param $x i32) (param $y i32) (result i32)
 *     (i32.add (call $print (i32.add (local.get $x) (local.get $y)))
 *              (call $closure)))) */
static const char callback_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x00, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x15, 0x02, 0x00, 0x05, 0x70,
    0x72, 0x69, 0x6e, 0x74, 0x00, 0x00, 0x00, 0x07, 0x63, 0x6c, 0x6f, 0x73, 0x75, 0x72, 0x65, 0x00,
    0x01, 0x03, 0x02, 0x01, 0x02, 0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x02, 0x0a, 0x0e,
    0x01, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x10, 0x00, 0x10, 0x01, 0x6a, 0x0b,
};

/* Print a Wasm value */
void wasm_val_print(wasm_val_t val) {
  switch (val.kind) {
  case WASM_I32: printf("%" PRIu32, val.of.i32); break;
  case WASM_I64: printf("%" PRIu64, val.of.i64); break;
  case WASM_F32: printf("%f", val.of.f32); break;
  case WASM_F64: printf("%g", val.of.f64); break;
  case WASM_ANYREF:
  case WASM_FUNCREF:
    if (val.of.ref == NULL) printf("null");
    else printf("ref(%p)", (void *)val.of.ref);
    break;
  }
}

/* A function to be called from Wasm code. */
own wasm_trap_t *print_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("Calling back...\n> ");
  wasm_val_print(args->data[0]);
  printf("\n");
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

/* A function closure. */
own wasm_trap_t *closure_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  int i = *(int *)env;
  printf("Calling back closure...\n");
  printf("> %d\n", i);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = (int32_t)i;
  return NULL;
}

static int finalized;
static void closure_finalizer(void *env) { finalized = *(int *)env; }

int main(int argc, const char *argv[]) {
  (void)argc;
  (void)argv;
  wasm_engine_t *engine;
  wasm_store_t *store;
  own wasm_module_t *module = example_load(&engine, &store, callback_wasm, sizeof callback_wasm);

  printf("Creating callback...\n");
  own wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  own wasm_func_t *print_func = wasm_func_new(store, print_type, print_callback);

  int i = 42;
  own wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  own wasm_func_t *closure_func = wasm_func_new_with_env(store, closure_type, closure_callback, &i, closure_finalizer);

  wasm_functype_delete(print_type);
  wasm_functype_delete(closure_type);

  wasm_extern_t *externs[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(closure_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  own wasm_instance_t *instance = example_instantiate(store, module, &imports);
  wasm_func_delete(print_func);
  wasm_func_delete(closure_func);

  own wasm_extern_vec_t exports;
  const wasm_func_t *run_func = example_first_func(instance, &exports);
  if (wasm_func_param_arity(run_func) != 2 || wasm_func_result_arity(run_func) != 1) {
    printf("> Wrong arity!\n");
    return 1;
  }
  wasm_module_delete(module);
  wasm_instance_delete(instance);

  wasm_val_t as[2] = {WASM_I32_VAL(3), WASM_I32_VAL(4)};
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as);
  wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
  example_call(run_func, &args, &results);
  wasm_extern_vec_delete(&exports);

  printf("Printing result...\n");
  printf("> %u\n", rs[0].of.i32);
  if (rs[0].kind != WASM_I32 || rs[0].of.i32 != 49) {
    printf("> Wrong result, expected 49!\n");
    return 1;
  }

  example_shutdown(engine, store);
  if (finalized != 42) {
    printf("> Closure finalizer did not run!\n");
    return 1;
  }
  printf("Done.\n");
  return 0;
}
