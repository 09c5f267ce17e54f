/* Retention pattern 1: a fresh store and instance per call.
 *
 * Everything a call allocates dies with its store, so nothing can
 * accumulate: the live bytes of each store stay at one call's worth, and
 * the host holds no roots between calls. (The price: instantiation per
 * call.) Expectation: bounded. */
#include "example.h"

int main(int argc, char **argv) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *home = wasm_store_new(engine); /* owns the module handle */
  wasm_module_t *module = example_module(home, argc, argv);
  uint64_t max_live = 0;
  for (size_t call = 1; call <= n_calls; call++) {
    wasm_store_t *store = wasm_store_new(engine);
    wasm_instance_t *inst = example_instance(store, module);
    wasm_func_t *alloc = example_export(inst, module, "alloc");
    reclaim_scope_t scope = reclaim_scope_open(store);
    reclaim_val_t res[1];
    if (reclaim_func_call(store, alloc, NULL, 0, res, 1, NULL) != RECLAIM_OK) {
      fprintf(stderr, "call failed: %s\n", reclaim_store_error(store));
      return 1;
    }
    reclaim_scope_close(store, scope);
    if (call % BATCH == 0) {
      uint64_t live = example_live(store);
      if (live > max_live) max_live = live;
      example_progress(store, call, live);
    }
    wasm_func_delete(alloc);
    wasm_instance_delete(inst);
    wasm_store_delete(store); /* frees everything the call made */
  }
  printf("largest live heap of a store: %llu bytes\n", (unsigned long long)max_live);
  EXPECT(max_live <= BOUNDED_LIVE_MAX, "live bytes %llu exceed %u", (unsigned long long)max_live, BOUNDED_LIVE_MAX);
  wasm_module_delete(module);
  wasm_store_delete(home);
  wasm_engine_delete(engine);
  return example_done("verdict: bounded (fresh store per call)");
}
