/* What the wasm-c-api example programs (test_hello, test_callback,
 * test_global, test_memory, test_table, test_multi, test_trap) share, written
 * against wasm.h only as they are: each step prints the line the classic
 * examples print and, where they give up, says why and exits 1. The check
 * helpers count into `failures` and let the program go on. Everything is
 * static inline: not every program uses every helper. */
#ifndef RECLAIM_TESTS_API_EXAMPLE_UTIL_H
#define RECLAIM_TESTS_API_EXAMPLE_UTIL_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"

static int failures;

/* ---- the steps every example takes ---- */

/* A new engine and store, and the module `bytes` compiles to. */
static inline wasm_module_t *example_load(wasm_engine_t **engine, wasm_store_t **store, const char *bytes,
                                          size_t size) {
  printf("Initializing...\n");
  *engine = wasm_engine_new();
  *store = wasm_store_new(*engine);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, size, bytes);

  printf("Compiling module...\n");
  own wasm_module_t *module = wasm_module_new(*store, &binary);
  if (!module) {
    printf("> Error compiling module!\n");
    exit(1);
  }
  wasm_byte_vec_delete(&binary);
  return module;
}

/* The module instantiated with `imports`. */
static inline wasm_instance_t *example_instantiate(wasm_store_t *store, const wasm_module_t *module,
                                                   const wasm_extern_vec_t *imports) {
  printf("Instantiating module...\n");
  own wasm_instance_t *instance = wasm_instance_new(store, module, imports, NULL);
  if (!instance) {
    printf("> Error instantiating module!\n");
    exit(1);
  }
  return instance;
}

/* The instance's exports (the caller deletes them) and the first one, a
 * function. */
static inline const wasm_func_t *example_first_func(const wasm_instance_t *instance, wasm_extern_vec_t *exports) {
  printf("Extracting export...\n");
  wasm_instance_exports(instance, exports);
  if (exports->size == 0) {
    printf("> Error accessing exports!\n");
    exit(1);
  }
  const wasm_func_t *func = wasm_extern_as_func(exports->data[0]);
  if (func == NULL) {
    printf("> Error accessing export!\n");
    exit(1);
  }
  return func;
}

/* Calls an export that must not trap. */
static inline void example_call(const wasm_func_t *func, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("Calling export...\n");
  if (wasm_func_call(func, args, results)) {
    printf("> Error calling function!\n");
    exit(1);
  }
}

static inline void example_shutdown(wasm_engine_t *engine, wasm_store_t *store) {
  printf("Shutting down...\n");
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* get_export_func/global/memory/table: export i as that kind of extern. */
#define EXAMPLE_GET_EXPORT(kind, what)                                                            \
  static inline wasm_##kind##_t *get_export_##kind(const wasm_extern_vec_t *exports, size_t i) { \
    if (exports->size <= i || !wasm_extern_as_##kind(exports->data[i])) {                          \
      printf("> Error accessing " what " export %zu!\n", i);                                     \
      exit(1);                                                                                    \
    }                                                                                             \
    return wasm_extern_as_##kind(exports->data[i]);                                               \
  }
EXAMPLE_GET_EXPORT(func, "function")
EXAMPLE_GET_EXPORT(global, "global")
EXAMPLE_GET_EXPORT(memory, "memory")
EXAMPLE_GET_EXPORT(table, "table")

/* ---- checks (memory, table): i32 arguments and results ---- */

static inline void check(bool success, int line) {
  if (!success) {
    printf("> Error, expected success (line %d)\n", line);
    failures++;
  }
}

/* func(args[0..n)) returns `expected`. */
static inline void check_call(wasm_func_t *func, int n, wasm_val_t args[], int32_t expected, int line) {
  wasm_val_t r[] = {WASM_INIT_VAL};
  wasm_val_vec_t args_ = {(size_t)n, args};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(func, &args_, &results);
  if (trap) {
    printf("> Error on result, trapped (line %d)\n", line);
    wasm_trap_delete(trap);
    failures++;
    return;
  }
  if (r[0].of.i32 != expected) {
    printf("> Error on result: %d, expected %d (line %d)\n", r[0].of.i32, expected, line);
    failures++;
  }
}

static inline void check_call0(wasm_func_t *func, int32_t expected, int line) {
  check_call(func, 0, NULL, expected, line);
}

static inline void check_call1(wasm_func_t *func, int32_t arg, int32_t expected, int line) {
  wasm_val_t args[] = {WASM_I32_VAL(arg)};
  check_call(func, 1, args, expected, line);
}

static inline void check_call2(wasm_func_t *func, int32_t arg1, int32_t arg2, int32_t expected, int line) {
  wasm_val_t args[] = {WASM_I32_VAL(arg1), WASM_I32_VAL(arg2)};
  check_call(func, 2, args, expected, line);
}

/* func(args[0..n)) returns nothing and does not trap. */
static inline void check_ok(wasm_func_t *func, int n, wasm_val_t args[], int line) {
  wasm_val_vec_t args_ = {(size_t)n, args};
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  wasm_trap_t *trap = wasm_func_call(func, &args_, &results);
  if (trap) {
    printf("> Error on result, expected empty (line %d)\n", line);
    wasm_trap_delete(trap);
    failures++;
  }
}

static inline void check_ok2(wasm_func_t *func, int32_t arg1, int32_t arg2, int line) {
  wasm_val_t args[] = {WASM_I32_VAL(arg1), WASM_I32_VAL(arg2)};
  check_ok(func, 2, args, line);
}

/* func(args[0..n)) traps. */
static inline void check_trap(wasm_func_t *func, int n, wasm_val_t args[], int line) {
  wasm_val_t r[] = {WASM_INIT_VAL};
  wasm_val_vec_t args_ = {(size_t)n, args};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  own wasm_trap_t *trap = wasm_func_call(func, &args_, &results);
  if (!trap) {
    printf("> Error on result, expected trap (line %d)\n", line);
    failures++;
    return;
  }
  wasm_trap_delete(trap);
}

static inline void check_trap1(wasm_func_t *func, int32_t arg, int line) {
  wasm_val_t args[] = {WASM_I32_VAL(arg)};
  check_trap(func, 1, args, line);
}

static inline void check_trap2(wasm_func_t *func, int32_t arg1, int32_t arg2, int line) {
  wasm_val_t args[] = {WASM_I32_VAL(arg1), WASM_I32_VAL(arg2)};
  check_trap(func, 2, args, line);
}

#endif
