/* Retention pattern 4: guest objects kept in a host callback registry.
 *
 * Each call's result is registered with a host callback to run "later"
 * (an owned root labelled "callback registry" per entry). Until the
 * callbacks run and their entries are released, every result stays live:
 * live bytes grow by one result per call. The retention report names the
 * registry as the holder; running and releasing the callbacks brings the
 * live bytes back down. Expectation: grows, held by "callback registry". */
#include "example.h"

struct callback {
  reclaim_root_t object; /* owned root, label "callback registry" */
  int fired;
};

int main(int argc, char **argv) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = example_module(store, argc, argv);
  wasm_instance_t *inst = example_instance(store, module);
  wasm_func_t *alloc = example_export(inst, module, "alloc");
  wasm_func_t *id = example_export(inst, module, "id");
  struct callback *registry = calloc(n_calls, sizeof *registry);
  uint64_t first = 0, last = 0;
  for (size_t call = 1; call <= n_calls; call++) {
    reclaim_scope_t scope = reclaim_scope_open(store);
    reclaim_val_t res[1];
    if (reclaim_func_call(store, alloc, NULL, 0, res, 1, NULL) != RECLAIM_OK) {
      fprintf(stderr, "call failed: %s\n", reclaim_store_error(store));
      return 1;
    }
    reclaim_root_keep(store, res[0].of.ref, "callback registry", &registry[call - 1].object);
    reclaim_scope_close(store, scope);
    if (call % BATCH == 0) {
      last = example_live(store);
      if (call == BATCH) first = last;
      example_progress(store, call, last);
    }
  }
  char top[128];
  uint64_t held = example_report(store, top, sizeof top);
  printf("largest retainer: \"%s\" holds %llu bytes\n", top, (unsigned long long)held);
  EXPECT(last > first + (uint64_t)(n_calls - BATCH) * 64, "live bytes did not grow (%llu -> %llu)",
         (unsigned long long)first, (unsigned long long)last);
  EXPECT(strcmp(top, "callback registry") == 0, "the report names \"%s\", not \"callback registry\"", top);
  EXPECT(held * 10 >= last * 9, "the registry holds only %llu of %llu live bytes", (unsigned long long)held,
         (unsigned long long)last);

  /* The callbacks run: each uses its object, then releases the entry. */
  for (size_t i = 0; i < n_calls; i++) {
    reclaim_val_t arg[1] = {{.kind = WASM_ANYREF, .of.ref = registry[i].object}}, idv[1];
    if (reclaim_func_call(store, id, arg, 1, idv, 1, NULL) == RECLAIM_OK && idv[0].of.i32 > 0) registry[i].fired = 1;
    reclaim_root_release(store, registry[i].object);
  }
  uint64_t after = example_live(store);
  example_progress(store, n_calls, after);
  printf("after the callbacks ran and were unregistered: %llu bytes live\n", (unsigned long long)after);
  EXPECT(after <= BOUNDED_LIVE_MAX, "live bytes stayed at %llu after releasing", (unsigned long long)after);
  free(registry);
  wasm_func_delete(alloc);
  wasm_func_delete(id);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return example_done("verdict: grows, held by \"callback registry\", then released");
}
