/* The classic wasm-c-api "memory" example, written against wasm.h only: an
 * exported memory read and written from the host and from Wasm, grown from
 * both sides, and a host-created memory. */
#include "example_util.h"

/* (module
 *   (memory (export "memory") 2 3)
 *   (func (export "size") (result i32) (memory.size))
 *   (func (export "load") (param i32) (result i32) (i32.load8_s (local.get 0)))
 *   (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
 *   (data (i32.const 0x1000) "\01\02\03\04")) */
static const char memory_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0f, 0x03, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05,
    0x04, 0x01, 0x01, 0x02, 0x03, 0x07, 0x20, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02,
    0x00, 0x04, 0x73, 0x69, 0x7a, 0x65, 0x00, 0x00, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x01, 0x05,
    0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x02, 0x0a, 0x18, 0x03, 0x04, 0x00, 0x3f, 0x00, 0x0b, 0x07,
    0x00, 0x20, 0x00, 0x2c, 0x00, 0x00, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x3a, 0x00, 0x00,
    0x0b, 0x0b, 0x0b, 0x01, 0x00, 0x41, 0x80, 0x20, 0x0b, 0x04, 0x01, 0x02, 0x03, 0x04,
};

int main(int argc, const char *argv[]) {
  (void)argc;
  (void)argv;
  wasm_engine_t *engine;
  wasm_store_t *store;
  own wasm_module_t *module = example_load(&engine, &store, memory_wasm, sizeof memory_wasm);

  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  own wasm_instance_t *instance = example_instantiate(store, module, &imports);

  printf("Extracting exports...\n");
  own wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  size_t i = 0;
  wasm_memory_t *memory = get_export_memory(&exports, i++);
  wasm_func_t *size_func = get_export_func(&exports, i++);
  wasm_func_t *load_func = get_export_func(&exports, i++);
  wasm_func_t *store_func = get_export_func(&exports, i++);

  wasm_module_delete(module);

  /* Try cloning. */
  own wasm_memory_t *copy = wasm_memory_copy(memory);
  check(wasm_memory_same(memory, copy), __LINE__);
  wasm_memory_delete(copy);

  /* Check initial memory. */
  printf("Checking memory...\n");
  check(wasm_memory_size(memory) == 2, __LINE__);
  check(wasm_memory_data_size(memory) == 0x20000, __LINE__);
  check(wasm_memory_data(memory)[0] == 0, __LINE__);
  check(wasm_memory_data(memory)[0x1000] == 1, __LINE__);
  check(wasm_memory_data(memory)[0x1003] == 4, __LINE__);

  check_call0(size_func, 2, __LINE__);
  check_call1(load_func, 0, 0, __LINE__);
  check_call1(load_func, 0x1000, 1, __LINE__);
  check_call1(load_func, 0x1003, 4, __LINE__);
  check_call1(load_func, 0x1ffff, 0, __LINE__);
  check_trap1(load_func, 0x20000, __LINE__);

  /* Mutate memory. */
  printf("Mutating memory...\n");
  wasm_memory_data(memory)[0x1003] = 5;
  check_ok2(store_func, 0x1002, 6, __LINE__);
  check_trap2(store_func, 0x20000, 0, __LINE__);

  check(wasm_memory_data(memory)[0x1002] == 6, __LINE__);
  check(wasm_memory_data(memory)[0x1003] == 5, __LINE__);
  check_call1(load_func, 0x1002, 6, __LINE__);
  check_call1(load_func, 0x1003, 5, __LINE__);

  /* Grow memory. */
  printf("Growing memory...\n");
  check(wasm_memory_grow(memory, 1), __LINE__);
  check(wasm_memory_size(memory) == 3, __LINE__);
  check(wasm_memory_data_size(memory) == 0x30000, __LINE__);

  check_call1(load_func, 0x20000, 0, __LINE__);
  check_ok2(store_func, 0x20000, 0, __LINE__);
  check_trap1(load_func, 0x30000, __LINE__);
  check_trap2(store_func, 0x30000, 0, __LINE__);

  check(!wasm_memory_grow(memory, 1), __LINE__);
  check(wasm_memory_grow(memory, 0), __LINE__);

  own wasm_memorytype_t *mt = wasm_memory_type(memory);
  check(wasm_memorytype_limits(mt)->min == 3 && wasm_memorytype_limits(mt)->max == 3, __LINE__);
  wasm_memorytype_delete(mt);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);

  /* Create stand-alone memory. */
  printf("Creating stand-alone memory...\n");
  wasm_limits_t limits = {5, 5};
  own wasm_memorytype_t *memorytype = wasm_memorytype_new(&limits);
  own wasm_memory_t *memory2 = wasm_memory_new(store, memorytype);
  check(memory2 != NULL, __LINE__);
  check(wasm_memory_size(memory2) == 5, __LINE__);
  check(!wasm_memory_grow(memory2, 1), __LINE__);
  check(wasm_memory_grow(memory2, 0), __LINE__);

  wasm_memorytype_delete(memorytype);
  wasm_memory_delete(memory2);

  example_shutdown(engine, store);

  printf("Done.\n");
  return failures ? 1 : 0;
}
