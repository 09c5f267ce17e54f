/* Config, engine and store of wasm.h, with reclaim.h's configuration,
 * collection and statistics calls.
 *
 * A store registers its root table with the runtime store (store_add_roots),
 * so every value a handle or a reclaim root holds is a GC root. Deleting a
 * store frees, in order: the handles the host did not delete (and their
 * roots), the runtime store (heap, instances, host functions: their
 * finalizers run), host-info finalizers, then the modules it retained. */
#include "api/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- config and engine ---- */

wasm_config_t *wasm_config_new(void) {
  wasm_config_t *c = rc_calloc(1, sizeof *c);
  rc_config_default(&c->c);
  return c;
}

void wasm_config_delete(wasm_config_t *c) { free(c); }

void reclaim_config_set_max_call_depth(wasm_config_t *c, uint32_t depth) {
  if (depth) c->c.max_call_depth = depth;
}
void reclaim_config_set_max_value_stack(wasm_config_t *c, uint64_t slots) {
  if (slots) c->c.max_value_stack = slots;
}
void reclaim_config_set_max_memory_bytes(wasm_config_t *c, uint64_t bytes) { c->c.max_memory_bytes = bytes; }
void reclaim_config_set_max_table_elems(wasm_config_t *c, uint64_t elems) { c->c.max_table_elems = elems; }
void reclaim_config_set_gc_heap_max(wasm_config_t *c, uint64_t bytes) { c->c.gc_heap_max = bytes; }
void reclaim_config_set_gc_stress(wasm_config_t *c, bool on) { c->c.gc_stress = on; }

wasm_engine_t *wasm_engine_new(void) { return wasm_engine_new_with_config(NULL); }

wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *c) {
  wasm_engine_t *e = rc_calloc(1, sizeof *e);
  e->e = engine_new();
  if (c) {
    e->e->config = c->c;
    wasm_config_delete(c);
  }
  return e;
}

void wasm_engine_delete(wasm_engine_t *e) {
  if (!e) return;
  engine_free(e->e);
  free(e);
}

/* ---- store ---- */

static uint32_t next_store_id(void) {
  static uint32_t counter;
  uint32_t id;
  do id = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
  while (id == 0); /* 0 is "no store" in handles */
  return id;
}

static void api_roots(void *ud, struct gc_heap *h, gc_visit_fn visit) {
  struct wasm_store_t *st = ud;
  roots_visit(&st->roots, hkind_traced, h, visit);
}

wasm_store_t *wasm_store_new(wasm_engine_t *e) {
  if (!e) return NULL;
  wasm_store_t *st = rc_calloc(1, sizeof *st);
  st->engine = e;
  st->s = store_new(e->e);
  roots_init(&st->roots, next_store_id());
  st->s->host_roots = &st->roots;
  store_add_roots(st->s, api_roots, st);
  retention_install(st);
  return st;
}

void wasm_store_delete(wasm_store_t *st) {
  if (!st) return;
  handles_free_all(st);
  retention_clear(st);
  store_remove_roots(st->s, api_roots, st);
  store_free(st->s);
  for (size_t i = 0; i < st->modules.len; i++) module_data_release(st->modules.data[i]);
  rc_vec_free(st->modules);
  roots_fini(&st->roots);
  free(st);
}

void store_error(struct wasm_store_t *st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->roots.err, sizeof st->roots.err, fmt, ap);
  va_end(ap);
}

const char *reclaim_store_error(const wasm_store_t *st) { return st ? st->roots.err : "no store"; }

const char *reclaim_status_name(reclaim_status_t s) {
  switch (s) {
  case RECLAIM_OK: return "ok";
  case RECLAIM_ERR_NULL_HANDLE: return "null handle";
  case RECLAIM_ERR_BAD_HANDLE: return "bad handle";
  case RECLAIM_ERR_WRONG_STORE: return "wrong store";
  case RECLAIM_ERR_RELEASED: return "released";
  case RECLAIM_ERR_DOUBLE_RELEASE: return "double release";
  case RECLAIM_ERR_SCOPE_CLOSED: return "scope closed";
  case RECLAIM_ERR_SCOPE_ORDER: return "scope order";
  case RECLAIM_ERR_NO_SCOPE: return "no scope";
  case RECLAIM_ERR_HANDLE_OWNED: return "owned by a wasm.h object";
  case RECLAIM_ERR_KIND: return "not rootable";
  case RECLAIM_ERR_TYPE: return "type mismatch";
  case RECLAIM_ERR_BOUNDS: return "out of bounds";
  case RECLAIM_ERR_IMMUTABLE: return "immutable";
  case RECLAIM_ERR_OOM: return "GC heap out of memory";
  case RECLAIM_ERR_TRAP: return "trap";
  }
  return "unknown status";
}

/* ---- collection and statistics ---- */

void reclaim_store_gc(wasm_store_t *st) {
  if (st) gc_collect(st->s->heap);
}

void reclaim_store_heap_stats(const wasm_store_t *st, reclaim_heap_stats_t *out) {
  struct gc_stats g;
  gc_get_stats(st->s->heap, &g);
  out->collections = g.collections;
  out->bytes_allocated = g.bytes_allocated;
  out->objects_allocated = g.objects_allocated;
  out->live_bytes = g.live_bytes;
  out->live_objects = g.live_objects;
  out->heap_bytes = g.heap_bytes;
  out->peak_heap_bytes = g.peak_heap_bytes;
  out->total_pause_ns = g.total_pause_ns;
  out->max_pause_ns = g.max_pause_ns;
}

void reclaim_store_root_counts(const wasm_store_t *st, reclaim_root_counts_t *out) {
  const struct root_table *t = &st->roots;
  out->objects = t->nlive[ROOT_OBJECT];
  out->scoped = t->nlive[ROOT_SCOPED];
  out->owned = t->nlive[ROOT_OWNED];
  out->live = out->objects + out->scoped + out->owned;
  out->scopes = t->scopes.len;
  out->slots = t->len - 1;
}
