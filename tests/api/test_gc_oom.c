/* A host that hits the GC heap limit recovers from the retention report:
 * the "GC heap out of memory" trap carries the report, which names the
 * labelled root holding the memory; the host releases it and calls the same
 * instance again successfully. Also: a guest-side leak (a global list) and
 * a frame-held list are named as "globals" and "live frames". */
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "test.h"
#include "text/wat.h"

static const char *WAT =
    "(module\n"
    "  (type $bytes (array (mut i8)))\n"
    "  (type $node (struct (field (mut i32)) (field (ref $bytes)) (field $next (mut (ref null $node)))))\n"
    "  (global $kept (mut (ref null $node)) (ref.null $node))\n"
    "  (func $alloc (export \"alloc\") (result (ref $node))\n"
    "    (struct.new $node (i32.const 1) (array.new_default $bytes (i32.const 64)) (ref.null $node)))\n"
    "  (func (export \"alloc_keep\") (result (ref $node)) (local $n (ref $node))\n"
    "    (local.set $n (call $alloc))\n"
    "    (struct.set $node $next (local.get $n) (global.get $kept))\n"
    "    (global.set $kept (local.get $n))\n"
    "    (local.get $n))\n"
    "  (func (export \"release_kept\") (global.set $kept (ref.null $node)))\n"
    "  (func (export \"grow_local\") (local $l (ref null $node))\n"
    "    (loop $again\n"
    "      (local.set $l (struct.new $node (i32.const 0) (array.new_default $bytes (i32.const 64)) (local.get $l)))\n"
    "      (br $again)))\n"
    ")\n";

#define HEAP_MAX (4u << 20)

static wasm_func_t *export_func(wasm_extern_vec_t *ex, wasm_module_t *m, const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(m, &types);
  wasm_func_t *f = NULL;
  for (size_t i = 0; i < types.size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) f = wasm_extern_as_func(ex->data[i]);
  }
  wasm_exporttype_vec_delete(&types);
  return f;
}

static bool is_oom(const wasm_trap_t *trap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  bool yes = strstr(msg.data, "GC heap out of memory") != NULL;
  wasm_byte_vec_delete(&msg);
  return yes;
}

static void print_report(const reclaim_retention_t *r) {
  char text[2048];
  reclaim_retention_format(r, 5, text, sizeof text);
  printf("%s", text);
}

int main(void) {
  wasm_config_t *cfg = wasm_config_new();
  reclaim_config_set_gc_heap_max(cfg, HEAP_MAX);
  wasm_engine_t *engine = wasm_engine_new_with_config(cfg);
  wasm_store_t *st = wasm_store_new(engine);
  uint8_t *bin;
  size_t len;
  struct rc_error e;
  CHECK(wat_to_wasm(WAT, strlen(WAT), "oom.wat", &bin, &len, &e));
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new(&bytes, len, (const char *)bin);
  free(bin);
  wasm_module_t *m = wasm_module_new(st, &bytes);
  wasm_byte_vec_delete(&bytes);
  CHECK(m != NULL);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t *inst = wasm_instance_new(st, m, &imports, NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t *alloc = export_func(&ex, m, "alloc");

  /* 1. A host cache of owned roots grows until the heap is full. */
  size_t cap = 1 << 16, n = 0;
  reclaim_root_t *cache = malloc(cap * sizeof *cache);
  wasm_trap_t *trap = NULL;
  reclaim_status_t s;
  for (;;) {
    reclaim_val_t res[1];
    reclaim_scope_t sc = reclaim_scope_open(st);
    s = reclaim_func_call(st, alloc, NULL, 0, res, 1, &trap);
    if (s == RECLAIM_OK) {
      if (n == cap) cache = realloc(cache, (cap *= 2) * sizeof *cache);
      CHECK(reclaim_root_keep(st, res[0].of.ref, "leaky cache", &cache[n++]) == RECLAIM_OK);
    }
    reclaim_scope_close(st, sc);
    if (s != RECLAIM_OK) break;
  }
  CHECK(s == RECLAIM_ERR_TRAP && trap && is_oom(trap));
  printf("out of memory after %zu calls\n", n);
  const reclaim_retention_t *r = reclaim_trap_retention(trap);
  CHECK(r != NULL);
  const reclaim_retainer_t *top = reclaim_retention_get(r, 0);
  CHECK(top && strcmp(top->name, "leaky cache") == 0);
  CHECK(top && top->count == n && top->bytes > HEAP_MAX / 2);
  CHECK(top && top->root.index == cache[0].index);
  print_report(r);
  /* The host releases what the report names ... */
  if (top && strcmp(top->name, "leaky cache") == 0)
    for (size_t i = 0; i < n; i++) CHECK(reclaim_root_release(st, cache[i]) == RECLAIM_OK);
  wasm_trap_delete(trap);
  /* ... and the same instance works again. */
  for (int i = 0; i < 1000; i++) {
    reclaim_val_t res[1];
    reclaim_scope_t sc = reclaim_scope_open(st);
    CHECK(reclaim_func_call(st, alloc, NULL, 0, res, 1, NULL) == RECLAIM_OK);
    reclaim_scope_close(st, sc);
  }
  reclaim_heap_stats_t hs;
  reclaim_store_gc(st);
  reclaim_store_heap_stats(st, &hs);
  CHECK(hs.live_bytes < HEAP_MAX / 8);

  /* 2. wasm.h calls: the guest's own global list fills the heap; the
   * report names "globals"; the guest's release function frees it. */
  wasm_func_t *keep = export_func(&ex, m, "alloc_keep");
  wasm_val_t wres[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(wres);
  size_t calls = 0;
  while (!(trap = wasm_func_call(keep, &args, &results))) {
    wasm_val_delete(&wres[0]);
    calls++;
  }
  CHECK(is_oom(trap));
  r = reclaim_trap_retention(trap);
  CHECK(r && strcmp(reclaim_retention_get(r, 0)->name, "globals") == 0);
  if (r) print_report(r);
  wasm_trap_delete(trap);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(export_func(&ex, m, "release_kept"), &none, &none) == NULL);
  trap = wasm_func_call(keep, &args, &results);
  CHECK(trap == NULL);
  if (!trap) wasm_val_delete(&wres[0]);
  printf("guest list: out of memory after %zu calls, recovered\n", calls);

  /* 3. A Wasm local holds a growing list: "live frames"; unwinding frees it. */
  trap = wasm_func_call(export_func(&ex, m, "grow_local"), &none, &none);
  CHECK(trap && is_oom(trap));
  r = trap ? reclaim_trap_retention(trap) : NULL;
  CHECK(r && strcmp(reclaim_retention_get(r, 0)->name, "live frames") == 0);
  if (r) print_report(r);
  if (trap) wasm_trap_delete(trap);
  trap = wasm_func_call(keep, &args, &results);
  CHECK(trap == NULL);
  if (!trap) wasm_val_delete(&wres[0]);

  /* 4. Host allocations at the limit fail with a status, not a crash. */
  {
    reclaim_type_t bytes_t;
    CHECK(reclaim_module_type(m, 0, &bytes_t) == RECLAIM_OK);
    reclaim_scope_t sc = reclaim_scope_open(st);
    reclaim_root_t big;
    size_t made = 0;
    while ((s = reclaim_array_new(st, bytes_t, 100000, NULL, &big)) == RECLAIM_OK) made++;
    CHECK(s == RECLAIM_ERR_OOM && big.index == 0 && made > 10);
    CHECK(strstr(reclaim_store_error(st), "GC heap out of memory") != NULL);
    CHECK(reclaim_i31_new(st, 1, &big) == RECLAIM_OK); /* no heap needed */
    reclaim_scope_close(st, sc);
    CHECK(reclaim_array_new(st, bytes_t, 100000, NULL, &big) == RECLAIM_OK); /* an owned root: no scope open */
    CHECK(reclaim_root_release(st, big) == RECLAIM_OK);
  }

  /* Other traps carry no report. */
  wasm_val_t bad[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t badv = WASM_ARRAY_VEC(bad);
  trap = wasm_func_call(alloc, &badv, &results);
  CHECK(trap && reclaim_trap_retention(trap) == NULL);
  wasm_trap_delete(trap);

  free(cache);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_store_delete(st);
  wasm_engine_delete(engine);
  return TEST_DONE();
}
