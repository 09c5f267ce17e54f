/* Inline allocation for the interpreter's allocation ops (struct.new,
 * array.new, ...): the fast path (a free-cell pop and a header store) is
 * inlined at the call site; everything else (refill, large objects, budget
 * check, collection, stress mode) goes through gc_alloc out of line. Same
 * contract as gc_alloc (gc.h): may collect, returns NULL when the heap limit
 * is reached. */
#ifndef RECLAIM_GC_ALLOC_H
#define RECLAIM_GC_ALLOC_H

#include "gc/heap.h"

static inline struct gc_obj *gc_alloc_inline(struct gc_heap *h, const struct typeinfo *ti, size_t payload_bytes,
                                             uint32_t len) {
  if (RC_LIKELY(payload_bytes <= GC_SMALL_MAX - sizeof(struct gc_obj))) {
    struct sizeclass *sc = gc_class_for(h, payload_bytes);
    if (RC_LIKELY(sc->bits != 0)) return gc_pop_cell(h, sc, ti, payload_bytes, len);
  }
  return gc_alloc(h, ti, payload_bytes, len);
}

#endif
