/* The classic wasm-c-api "global" example, written against wasm.h only:
 * host globals imported by a module, exported globals read and written from
 * the host and from Wasm. */
#include "example_util.h"

/* Imports "const f32", "const i64", "var f32", "var i64"; exports globals of
 * the same names (5, 6, 7, 8) and get/set functions for all eight. */
static const char global_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x04, 0x60, 0x00, 0x01, 0x7d, 0x60,
    0x00, 0x01, 0x7e, 0x60, 0x01, 0x7d, 0x00, 0x60, 0x01, 0x7e, 0x00, 0x02, 0x35, 0x04, 0x00, 0x09,
    0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x66, 0x33, 0x32, 0x03, 0x7d, 0x00, 0x00, 0x09, 0x63, 0x6f,
    0x6e, 0x73, 0x74, 0x20, 0x69, 0x36, 0x34, 0x03, 0x7e, 0x00, 0x00, 0x07, 0x76, 0x61, 0x72, 0x20,
    0x66, 0x33, 0x32, 0x03, 0x7d, 0x01, 0x00, 0x07, 0x76, 0x61, 0x72, 0x20, 0x69, 0x36, 0x34, 0x03,
    0x7e, 0x01, 0x03, 0x0d, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x02, 0x03, 0x02,
    0x03, 0x06, 0x1b, 0x04, 0x7d, 0x00, 0x43, 0x00, 0x00, 0xa0, 0x40, 0x0b, 0x7e, 0x00, 0x42, 0x06,
    0x0b, 0x7d, 0x01, 0x43, 0x00, 0x00, 0xe0, 0x40, 0x0b, 0x7e, 0x01, 0x42, 0x08, 0x0b, 0x07, 0xb1,
    0x02, 0x10, 0x09, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x66, 0x33, 0x32, 0x03, 0x04, 0x09, 0x63,
    0x6f, 0x6e, 0x73, 0x74, 0x20, 0x69, 0x36, 0x34, 0x03, 0x05, 0x07, 0x76, 0x61, 0x72, 0x20, 0x66,
    0x33, 0x32, 0x03, 0x06, 0x07, 0x76, 0x61, 0x72, 0x20, 0x69, 0x36, 0x34, 0x03, 0x07, 0x14, 0x67,
    0x65, 0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x66, 0x33, 0x32, 0x20, 0x69, 0x6d, 0x70,
    0x6f, 0x72, 0x74, 0x00, 0x00, 0x14, 0x67, 0x65, 0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20,
    0x69, 0x36, 0x34, 0x20, 0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x01, 0x12, 0x67, 0x65, 0x74,
    0x20, 0x76, 0x61, 0x72, 0x20, 0x66, 0x33, 0x32, 0x20, 0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x00,
    0x02, 0x12, 0x67, 0x65, 0x74, 0x20, 0x76, 0x61, 0x72, 0x20, 0x69, 0x36, 0x34, 0x20, 0x69, 0x6d,
    0x70, 0x6f, 0x72, 0x74, 0x00, 0x03, 0x14, 0x67, 0x65, 0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74,
    0x20, 0x66, 0x33, 0x32, 0x20, 0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x04, 0x14, 0x67, 0x65,
    0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x69, 0x36, 0x34, 0x20, 0x65, 0x78, 0x70, 0x6f,
    0x72, 0x74, 0x00, 0x05, 0x12, 0x67, 0x65, 0x74, 0x20, 0x76, 0x61, 0x72, 0x20, 0x66, 0x33, 0x32,
    0x20, 0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x06, 0x12, 0x67, 0x65, 0x74, 0x20, 0x76, 0x61,
    0x72, 0x20, 0x69, 0x36, 0x34, 0x20, 0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x07, 0x12, 0x73,
    0x65, 0x74, 0x20, 0x76, 0x61, 0x72, 0x20, 0x66, 0x33, 0x32, 0x20, 0x69, 0x6d, 0x70, 0x6f, 0x72,
    0x74, 0x00, 0x08, 0x12, 0x73, 0x65, 0x74, 0x20, 0x76, 0x61, 0x72, 0x20, 0x69, 0x36, 0x34, 0x20,
    0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x09, 0x12, 0x73, 0x65, 0x74, 0x20, 0x76, 0x61, 0x72,
    0x20, 0x66, 0x33, 0x32, 0x20, 0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x0a, 0x12, 0x73, 0x65,
    0x74, 0x20, 0x76, 0x61, 0x72, 0x20, 0x69, 0x36, 0x34, 0x20, 0x65, 0x78, 0x70, 0x6f, 0x72, 0x74,
    0x00, 0x0b, 0x0a, 0x45, 0x0c, 0x04, 0x00, 0x23, 0x00, 0x0b, 0x04, 0x00, 0x23, 0x01, 0x0b, 0x04,
    0x00, 0x23, 0x02, 0x0b, 0x04, 0x00, 0x23, 0x03, 0x0b, 0x04, 0x00, 0x23, 0x04, 0x0b, 0x04, 0x00,
    0x23, 0x05, 0x0b, 0x04, 0x00, 0x23, 0x06, 0x0b, 0x04, 0x00, 0x23, 0x07, 0x0b, 0x06, 0x00, 0x20,
    0x00, 0x24, 0x02, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x24, 0x03, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x24,
    0x06, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x24, 0x07, 0x0b,
};

#define check_val(val, type, expected)                                         \
  if (val.of.type != expected) {                                               \
    printf("> Error reading value, line %d\n", __LINE__);                      \
    failures++;                                                                \
  }

#define check_global(global, type, expected)                                   \
  {                                                                            \
    wasm_val_t val;                                                            \
    wasm_global_get(global, &val);                                             \
    check_val(val, type, expected);                                            \
  }

#define check_get(func, type, expected)                                        \
  {                                                                            \
    wasm_val_t vs[1];                                                          \
    wasm_val_vec_t args = WASM_EMPTY_VEC;                                      \
    wasm_val_vec_t results = WASM_ARRAY_VEC(vs);                               \
    wasm_trap_t *trap = wasm_func_call(func, &args, &results);                 \
    if (trap) {                                                                \
      printf("> Error calling function, line %d\n", __LINE__);                 \
      return 1;                                                                \
    }                                                                          \
    check_val(vs[0], type, expected);                                          \
  }

#define call_set(func, val)                                                    \
  {                                                                            \
    wasm_val_t vs[1] = {val};                                                  \
    wasm_val_vec_t args = WASM_ARRAY_VEC(vs);                                  \
    wasm_val_vec_t results = WASM_EMPTY_VEC;                                   \
    if (wasm_func_call(func, &args, &results)) {                               \
      printf("> Error calling function, line %d\n", __LINE__);                 \
      return 1;                                                                \
    }                                                                          \
  }

int main(int argc, const char *argv[]) {
  (void)argc;
  (void)argv;
  wasm_engine_t *engine;
  wasm_store_t *store;
  own wasm_module_t *module = example_load(&engine, &store, global_wasm, sizeof global_wasm);

  printf("Creating globals...\n");
  own wasm_globaltype_t *const_f32_type = wasm_globaltype_new(wasm_valtype_new(WASM_F32), WASM_CONST);
  own wasm_globaltype_t *const_i64_type = wasm_globaltype_new(wasm_valtype_new(WASM_I64), WASM_CONST);
  own wasm_globaltype_t *var_f32_type = wasm_globaltype_new(wasm_valtype_new(WASM_F32), WASM_VAR);
  own wasm_globaltype_t *var_i64_type = wasm_globaltype_new(wasm_valtype_new(WASM_I64), WASM_VAR);

  wasm_val_t val_f32_1 = WASM_F32_VAL(1);
  own wasm_global_t *const_f32_import = wasm_global_new(store, const_f32_type, &val_f32_1);
  wasm_val_t val_i64_2 = WASM_I64_VAL(2);
  own wasm_global_t *const_i64_import = wasm_global_new(store, const_i64_type, &val_i64_2);
  wasm_val_t val_f32_3 = WASM_F32_VAL(3);
  own wasm_global_t *var_f32_import = wasm_global_new(store, var_f32_type, &val_f32_3);
  wasm_val_t val_i64_4 = WASM_I64_VAL(4);
  own wasm_global_t *var_i64_import = wasm_global_new(store, var_i64_type, &val_i64_4);

  wasm_globaltype_delete(const_f32_type);
  wasm_globaltype_delete(const_i64_type);
  wasm_globaltype_delete(var_f32_type);
  wasm_globaltype_delete(var_i64_type);

  wasm_extern_t *externs[] = {
      wasm_global_as_extern(const_f32_import), wasm_global_as_extern(const_i64_import),
      wasm_global_as_extern(var_f32_import), wasm_global_as_extern(var_i64_import)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  own wasm_instance_t *instance = example_instantiate(store, module, &imports);
  wasm_module_delete(module);

  printf("Extracting exports...\n");
  own wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  size_t i = 0;
  wasm_global_t *const_f32_export = get_export_global(&exports, i++);
  wasm_global_t *const_i64_export = get_export_global(&exports, i++);
  wasm_global_t *var_f32_export = get_export_global(&exports, i++);
  wasm_global_t *var_i64_export = get_export_global(&exports, i++);
  wasm_func_t *get_const_f32_import = get_export_func(&exports, i++);
  wasm_func_t *get_const_i64_import = get_export_func(&exports, i++);
  wasm_func_t *get_var_f32_import = get_export_func(&exports, i++);
  wasm_func_t *get_var_i64_import = get_export_func(&exports, i++);
  wasm_func_t *get_const_f32_export = get_export_func(&exports, i++);
  wasm_func_t *get_const_i64_export = get_export_func(&exports, i++);
  wasm_func_t *get_var_f32_export = get_export_func(&exports, i++);
  wasm_func_t *get_var_i64_export = get_export_func(&exports, i++);
  wasm_func_t *set_var_f32_import = get_export_func(&exports, i++);
  wasm_func_t *set_var_i64_import = get_export_func(&exports, i++);
  wasm_func_t *set_var_f32_export = get_export_func(&exports, i++);
  wasm_func_t *set_var_i64_export = get_export_func(&exports, i++);

  /* Try cloning. */
  own wasm_global_t *copy = wasm_global_copy(var_f32_import);
  if (!wasm_global_same(var_f32_import, copy)) {
    printf("> Error: a copy is not the same global!\n");
    failures++;
  }
  wasm_global_delete(copy);

  wasm_instance_delete(instance);

  printf("Accessing globals...\n");

  /* Check initial values. */
  check_global(const_f32_import, f32, 1);
  check_global(const_i64_import, i64, 2);
  check_global(var_f32_import, f32, 3);
  check_global(var_i64_import, i64, 4);
  check_global(const_f32_export, f32, 5);
  check_global(const_i64_export, i64, 6);
  check_global(var_f32_export, f32, 7);
  check_global(var_i64_export, i64, 8);

  check_get(get_const_f32_import, f32, 1);
  check_get(get_const_i64_import, i64, 2);
  check_get(get_var_f32_import, f32, 3);
  check_get(get_var_i64_import, i64, 4);
  check_get(get_const_f32_export, f32, 5);
  check_get(get_const_i64_export, i64, 6);
  check_get(get_var_f32_export, f32, 7);
  check_get(get_var_i64_export, i64, 8);

  /* Modify variables through API and check again. */
  wasm_val_t val33 = WASM_F32_VAL(33);
  wasm_global_set(var_f32_import, &val33);
  wasm_val_t val34 = WASM_I64_VAL(34);
  wasm_global_set(var_i64_import, &val34);
  wasm_val_t val37 = WASM_F32_VAL(37);
  wasm_global_set(var_f32_export, &val37);
  wasm_val_t val38 = WASM_I64_VAL(38);
  wasm_global_set(var_i64_export, &val38);

  check_global(var_f32_import, f32, 33);
  check_global(var_i64_import, i64, 34);
  check_global(var_f32_export, f32, 37);
  check_global(var_i64_export, i64, 38);

  check_get(get_var_f32_import, f32, 33);
  check_get(get_var_i64_import, i64, 34);
  check_get(get_var_f32_export, f32, 37);
  check_get(get_var_i64_export, i64, 38);

  /* Modify variables through calls and check again. */
  call_set(set_var_f32_import, WASM_F32_VAL(73));
  call_set(set_var_i64_import, WASM_I64_VAL(74));
  call_set(set_var_f32_export, WASM_F32_VAL(77));
  call_set(set_var_i64_export, WASM_I64_VAL(78));

  check_global(var_f32_import, f32, 73);
  check_global(var_i64_import, i64, 74);
  check_global(var_f32_export, f32, 77);
  check_global(var_i64_export, i64, 78);

  check_get(get_var_f32_import, f32, 73);
  check_get(get_var_i64_import, i64, 74);
  check_get(get_var_f32_export, f32, 77);
  check_get(get_var_i64_export, i64, 78);

  /* Setting a constant global is ignored. */
  wasm_val_t val99 = WASM_F32_VAL(99);
  wasm_global_set(const_f32_import, &val99);
  check_global(const_f32_import, f32, 1);

  /* Types read back. */
  own wasm_globaltype_t *gt = wasm_global_type(var_i64_export);
  if (wasm_valtype_kind(wasm_globaltype_content(gt)) != WASM_I64 || wasm_globaltype_mutability(gt) != WASM_VAR) {
    printf("> Wrong global type!\n");
    failures++;
  }
  wasm_globaltype_delete(gt);

  wasm_global_delete(const_f32_import);
  wasm_global_delete(const_i64_import);
  wasm_global_delete(var_f32_import);
  wasm_global_delete(var_i64_import);
  wasm_extern_vec_delete(&exports);

  example_shutdown(engine, store);

  printf("Done.\n");
  return failures ? 1 : 0;
}
