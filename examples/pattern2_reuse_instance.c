/* Retention pattern 2: one instance reused for every call.
 *
 * Each call's result is held by a scoped root that the scope around the
 * call releases, so garbage from one call is collectable at the next
 * collection: live bytes stay flat and the root count stays constant.
 * Expectation: bounded. */
#include "example.h"

int main(int argc, char **argv) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = example_module(store, argc, argv);
  wasm_instance_t *inst = example_instance(store, module);
  wasm_func_t *alloc = example_export(inst, module, "alloc");
  wasm_func_t *id = example_export(inst, module, "id");
  uint64_t max_live = 0;
  size_t roots_first = 0, roots_last = 0;
  for (size_t call = 1; call <= n_calls; call++) {
    reclaim_scope_t scope = reclaim_scope_open(store);
    reclaim_val_t res[1], idv[1];
    if (reclaim_func_call(store, alloc, NULL, 0, res, 1, NULL) != RECLAIM_OK ||
        reclaim_func_call(store, id, res, 1, idv, 1, NULL) != RECLAIM_OK) { /* use it right away */
      fprintf(stderr, "call failed: %s\n", reclaim_store_error(store));
      return 1;
    }
    reclaim_scope_close(store, scope); /* the result's root goes here */
    if (call % BATCH == 0) {
      uint64_t live = example_live(store);
      if (live > max_live) max_live = live;
      example_progress(store, call, live);
      reclaim_root_counts_t rc;
      reclaim_store_root_counts(store, &rc);
      if (call == BATCH) roots_first = rc.live;
      roots_last = rc.live;
    }
  }
  EXPECT(max_live <= BOUNDED_LIVE_MAX, "live bytes %llu exceed %u", (unsigned long long)max_live, BOUNDED_LIVE_MAX);
  EXPECT(roots_first == roots_last, "root count grew from %zu to %zu", roots_first, roots_last);
  wasm_func_delete(alloc);
  wasm_func_delete(id);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return example_done("verdict: bounded (one instance reused)");
}
