/* The GC heap of a store: allocation, collection, limits and statistics.
 *
 * Roots are not discovered by scanning: the owner of the heap (the store)
 * registers a root enumerator that visits every reference location it holds
 * (interpreter frames via stack maps, globals, tables, element segments,
 * pending exceptions, host roots). Objects are traced through their
 * typeinfo's layout. See src/gc/README or the comment in collector.c for the
 * invariants. */
#ifndef RECLAIM_GC_H
#define RECLAIM_GC_H

#include "gc/object.h"

struct gc_heap;

struct gc_config {
  uint64_t heap_max;      /* bytes; allocation traps with "GC heap out of memory" beyond it (0 = default) */
  uint64_t min_budget;    /* bytes allocated between collections at least (0 = default) */
  double growth;          /* next GC when allocated-since-GC > live * (growth - 1), at least min_budget */
  bool stress;            /* collect at every allocation */
};

struct gc_stats {
  uint64_t collections;
  uint64_t bytes_allocated;   /* total over the heap's life */
  uint64_t objects_allocated;
  uint64_t live_bytes;        /* after the last collection */
  uint64_t live_objects;
  uint64_t heap_bytes;        /* currently reserved from the OS for objects */
  uint64_t peak_heap_bytes;
  uint64_t total_pause_ns, max_pause_ns;
};

/* visit is called by the root enumerator for every root location. */
typedef void (*gc_visit_fn)(struct gc_heap *h, rc_ref *slot);
typedef void (*gc_roots_fn)(void *ud, struct gc_heap *h, gc_visit_fn visit);

struct gc_heap *gc_new(const struct gc_config *cfg);
void gc_free(struct gc_heap *h);
void gc_set_roots(struct gc_heap *h, gc_roots_fn roots, void *ud);

/* Allocate an object with a zeroed payload of payload_bytes; len is stored
 * in the header (array length). May collect first. Returns NULL when the
 * heap limit is reached even after a full collection. */
struct gc_obj *gc_alloc(struct gc_heap *h, const struct typeinfo *ti, size_t payload_bytes, uint32_t len);

void gc_collect(struct gc_heap *h);
void gc_get_stats(const struct gc_heap *h, struct gc_stats *out);

#endif
