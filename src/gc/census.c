/* Heap census: every live object with its type and size, for per-type live
 * counts (stats, `reclaim doctor`). Runs a collection first, so "live" means
 * reachable now; then walks the mark bitmaps and the large objects. */
#include "gc/heap.h"

struct census {
  gc_census_fn fn;
  void *ud;
};

static void census_cell(struct gc_heap *h, struct gc_obj *o, uint32_t cell, void *ud) {
  struct census *c = ud;
  c->fn(c->ud, o->ti, cell);
}

void gc_census(struct gc_heap *h, gc_census_fn fn, void *ud) {
  struct census c = {fn, ud};
  if (h->in_gc) return;
  gc_collect_inner(h);
  gc_each_marked_cell(h, census_cell, &c);
  for (struct large *l = h->large; l; l = l->next) fn(ud, LARGE_OBJ(l)->ti, l->map_size);
}
