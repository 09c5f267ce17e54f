/* The GC heap of a store: allocation, collection, limits and statistics.
 *
 * Roots are not discovered by scanning: the owner of the heap (the store)
 * registers a root enumerator that visits every reference location it holds
 * (interpreter frames via stack maps, globals, tables, element segments,
 * pending exceptions, host roots). Objects are traced through their
 * typeinfo's layout. See docs/gc.md and the comment at the top of collect.c for the
 * invariants. */
#ifndef RECLAIM_GC_H
#define RECLAIM_GC_H

#include "gc/object.h"

#include <stdio.h>

struct gc_heap;

/* Regions a freed heap leaves for the next heap made with the same pool,
 * so a program that creates a store per request pays no mmap, munmap or page
 * fault for its heap. Owned by whoever makes heaps repeatedly (the engine);
 * not thread-safe, like the engine. */
struct gc_pool;
struct gc_pool *gc_pool_new(void);
void gc_pool_free(struct gc_pool *pool); /* after every heap using it is freed */

struct gc_config {
  struct gc_pool *pool;   /* region cache to take from and give back to, or NULL */
  uint64_t heap_max;      /* bytes; allocation traps with "GC heap out of memory" beyond it (0 = default) */
  uint64_t min_budget;    /* bytes allocated between collections at least (0 = default) */
  double growth;          /* next GC when allocated-since-GC > live * (growth - 1), at least min_budget */
  bool stress;            /* collect at every allocation, verify the heap after every collection */
  uint32_t mark_stack_max;/* mark stack entries before the overflow fallback (0 = default; tests set it low) */
};

/* Defaults for zero fields of gc_config (docs/gc.md explains the trigger). */
#define GC_DEFAULT_HEAP_MAX (1ull << 30)      /* 1 GiB */
#define GC_DEFAULT_MIN_BUDGET (4ull << 20)    /* 4 MiB */
#define GC_DEFAULT_GROWTH 2.0
#define GC_DEFAULT_MARK_STACK_MAX (1u << 18)  /* 256 Ki entries (4 MiB) */

struct gc_stats {
  uint64_t collections;
  uint64_t bytes_allocated;   /* total over the heap's life */
  uint64_t objects_allocated;
  uint64_t live_bytes;        /* after the last collection */
  uint64_t live_objects;
  uint64_t max_live_bytes;    /* largest live_bytes after any collection */
  uint64_t heap_bytes;        /* currently reserved from the OS for objects */
  uint64_t peak_heap_bytes;
  uint64_t total_pause_ns, max_pause_ns;
  uint64_t stray_refs;        /* traced words that were not objects of this heap (ignored; a runtime bug) */
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

/* Heap verifier (Lua's ltests idea): walks everything reachable from the
 * roots and checks that every reference is null, an i31, or points to an
 * allocated, well-formed object of a plausible typeinfo (and, when
 * gc_set_type_check was called, one the owner knows); also checks the header
 * of every allocated object, reachable or not, and the block bookkeeping. Prints up to a few
 * problems to stderr; returns the number found (0 = heap is sound). Stress
 * mode runs it after every collection and aborts on a failure, since a
 * failure there is a runtime bug, never a guest error. */
size_t gc_verify(struct gc_heap *h);
typedef bool (*gc_type_check_fn)(void *ud, const struct typeinfo *ti);
void gc_set_type_check(struct gc_heap *h, gc_type_check_fn known, void *ud);

/* Retention measurement (for the retention report and `reclaim doctor`): a
 * full collection in which the root slots for which last(ud, slot) is true
 * are traced after all the others. Returns the bytes (and in *objects, if
 * not NULL, the count) of the objects reachable only through those slots.
 * The enumerator runs twice and must visit the same slot addresses both times. */
typedef bool (*gc_root_filter_fn)(void *ud, const rc_ref *slot);
uint64_t gc_collect_retained(struct gc_heap *h, gc_root_filter_fn last, void *ud, uint64_t *objects);

/* Retention attribution (the retention report): a full collection during
 * which every reachable object is attributed to the one root group that
 * reaches it, or counted as shared when roots of two or more groups reach
 * it. group(ud, slot) names the group (< ngroups) of each root slot the
 * enumerator visits. bytes[g] and objects[g] (caller-allocated, ngroups
 * entries) receive what only group g reaches. One marking pass whatever
 * the number of groups: an object's state only rises in the lattice
 * unreached < one group < shared, so each object is scanned at most twice.
 * ngroups must be below GC_ATTR_MAX_GROUPS. */
#define GC_ATTR_MAX_GROUPS ((1u << 30) - 2)
typedef uint32_t (*gc_root_group_fn)(void *ud, const rc_ref *slot);
struct gc_attribution {
  uint64_t *bytes, *objects; /* [ngroups], accumulated into */
  uint64_t shared_bytes, shared_objects;
  uint64_t live_bytes, live_objects;
};
void gc_collect_attributed(struct gc_heap *h, gc_root_group_fn group, void *ud, uint32_t ngroups,
                           struct gc_attribution *out);

/* Called when an allocation is about to fail with NULL because the heap
 * limit is reached (after the full collection): the heap's roots are still
 * those of the failing allocation (e.g. the interpreter's frames), so the
 * owner can record a retention report then. fn may collect
 * (gc_collect_attributed) but must not allocate. */
typedef void (*gc_oom_fn)(void *ud, struct gc_heap *h, size_t payload_bytes);
void gc_set_oom_hook(struct gc_heap *h, gc_oom_fn fn, void *ud);

/* Heap census: a full collection, then fn once per live object with its
 * typeinfo and the bytes it occupies (callers aggregate, e.g. per type). */
typedef void (*gc_census_fn)(void *ud, const struct typeinfo *ti, size_t bytes);
void gc_census(struct gc_heap *h, gc_census_fn fn, void *ud);

/* Human-readable summary of the heap (per size class: blocks, live and free
 * cells; large objects; stats) for debugging and `reclaim inspect`. */
void gc_dump(const struct gc_heap *h, FILE *out);

/* Size in bytes of the heap space the object occupies (its size-class cell,
 * or its large-object mapping). */
size_t gc_obj_size(const struct gc_obj *o);

#endif
