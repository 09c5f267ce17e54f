/* Retention pattern 5: guest objects queued for later processing.
 *
 * Every result is queued (an owned root labelled "work queue"); a consumer
 * runs after each batch but processes only a tenth of a batch, so the
 * backlog grows by 9 results per 10 calls and live bytes with it. The
 * retention report names the queue; draining it brings live bytes back
 * down. Expectation: grows, held by "work queue". */
#include "example.h"

static reclaim_root_t *queue;
static size_t head, tail;

static void process(wasm_store_t *store, wasm_func_t *id, size_t n) {
  for (size_t i = 0; i < n && head < tail; i++, head++) {
    reclaim_val_t arg[1] = {{.kind = WASM_ANYREF, .of.ref = queue[head]}}, idv[1];
    reclaim_func_call(store, id, arg, 1, idv, 1, NULL);
    reclaim_root_release(store, queue[head]);
  }
}

int main(int argc, char **argv) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = example_module(store, argc, argv);
  wasm_instance_t *inst = example_instance(store, module);
  wasm_func_t *alloc = example_export(inst, module, "alloc");
  wasm_func_t *id = example_export(inst, module, "id");
  queue = calloc(n_calls, sizeof *queue);
  uint64_t first = 0, last = 0;
  for (size_t call = 1; call <= n_calls; call++) {
    reclaim_scope_t scope = reclaim_scope_open(store);
    reclaim_val_t res[1];
    if (reclaim_func_call(store, alloc, NULL, 0, res, 1, NULL) != RECLAIM_OK) {
      fprintf(stderr, "call failed: %s\n", reclaim_store_error(store));
      return 1;
    }
    reclaim_root_keep(store, res[0].of.ref, "work queue", &queue[tail++]);
    reclaim_scope_close(store, scope);
    if (call % BATCH == 0) {
      process(store, id, BATCH / 10); /* the consumer falls behind */
      last = example_live(store);
      if (call == BATCH) first = last;
      example_progress(store, call, last);
      printf("             queue backlog %zu\n", tail - head);
    }
  }
  char top[128];
  uint64_t held = example_report(store, top, sizeof top);
  printf("largest retainer: \"%s\" holds %llu bytes\n", top, (unsigned long long)held);
  EXPECT(last > first * 5, "live bytes did not grow (%llu -> %llu)", (unsigned long long)first,
         (unsigned long long)last);
  EXPECT(strcmp(top, "work queue") == 0, "the report names \"%s\", not \"work queue\"", top);
  EXPECT(held * 10 >= last * 9, "the queue holds only %llu of %llu live bytes", (unsigned long long)held,
         (unsigned long long)last);

  process(store, id, tail - head); /* drain the backlog */
  uint64_t after = example_live(store);
  example_progress(store, n_calls, after);
  printf("after draining the queue: %llu bytes live\n", (unsigned long long)after);
  EXPECT(after <= BOUNDED_LIVE_MAX, "live bytes stayed at %llu after draining", (unsigned long long)after);
  free(queue);
  wasm_func_delete(alloc);
  wasm_func_delete(id);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return example_done("verdict: grows, held by \"work queue\", then drained");
}
