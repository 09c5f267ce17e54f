/* Retention pattern 3: the exported function cached in a host map.
 *
 * The host looks exports up by name in its own map, filled on first use:
 * the map holds each function through an owned root labelled
 * "export cache: NAME". A function is not a GC object, so the cache costs
 * one root per export and no heap; results are scoped per call.
 * Expectation: bounded, with a constant root count (a map that cached a
 * fresh copy per call would show up as a growing owned-root count). */
#include "example.h"

struct cache_entry {
  char name[32];
  reclaim_root_t root; /* owned, labelled */
};
static struct cache_entry cache[8];
static size_t ncache;

/* The cached function for name: a wasm_ref_t made from the root (deleted
 * by the caller after the call). */
static wasm_func_t *lookup(wasm_store_t *store, wasm_instance_t *inst, wasm_module_t *m, const char *name) {
  for (size_t i = 0; i < ncache; i++) {
    if (strcmp(cache[i].name, name) == 0) {
      wasm_ref_t *ref = NULL;
      reclaim_root_get(store, cache[i].root, &ref);
      return wasm_ref_as_func(ref);
    }
  }
  wasm_func_t *f = example_export(inst, m, name);
  char label[64];
  snprintf(label, sizeof label, "export cache: %s", name);
  snprintf(cache[ncache].name, sizeof cache[ncache].name, "%s", name);
  reclaim_root_new_owned(store, wasm_func_as_ref(f), label, &cache[ncache].root);
  ncache++;
  return f;
}

int main(int argc, char **argv) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = example_module(store, argc, argv);
  wasm_instance_t *inst = example_instance(store, module);
  uint64_t max_live = 0;
  size_t owned_first = 0, owned_last = 0;
  for (size_t call = 1; call <= n_calls; call++) {
    wasm_func_t *alloc = lookup(store, inst, module, "alloc");
    reclaim_scope_t scope = reclaim_scope_open(store);
    reclaim_val_t res[1];
    if (reclaim_func_call(store, alloc, NULL, 0, res, 1, NULL) != RECLAIM_OK) {
      fprintf(stderr, "call failed: %s\n", reclaim_store_error(store));
      return 1;
    }
    reclaim_scope_close(store, scope);
    wasm_func_delete(alloc);
    if (call % BATCH == 0) {
      uint64_t live = example_live(store);
      if (live > max_live) max_live = live;
      example_progress(store, call, live);
      reclaim_root_counts_t rc;
      reclaim_store_root_counts(store, &rc);
      if (call == BATCH) owned_first = rc.owned;
      owned_last = rc.owned;
    }
  }
  char top[128];
  example_report(store, top, sizeof top);
  EXPECT(max_live <= BOUNDED_LIVE_MAX, "live bytes %llu exceed %u", (unsigned long long)max_live, BOUNDED_LIVE_MAX);
  EXPECT(owned_first == 1 && owned_last == 1, "owned roots %zu -> %zu (expected the one cache entry)", owned_first,
         owned_last);
  for (size_t i = 0; i < ncache; i++) reclaim_root_release(store, cache[i].root);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return example_done("verdict: bounded (cached export, 1 owned root)");
}
