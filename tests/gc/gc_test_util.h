/* Shared helpers for the GC unit tests: hand-built typeinfos (no type store
 * needed), a fake root set, RSS and clock readers. */
#ifndef RECLAIM_GC_TEST_UTIL_H
#define RECLAIM_GC_TEST_UTIL_H

#include "gc/alloc.h"
#include "gc/gc.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define UNUSED __attribute__((unused))

/* struct node { ref next; i64 value; } */
UNUSED static uint32_t node_refs[] = {0};
UNUSED static struct typeinfo ti_node = {.id = 1, .kind = TI_STRUCT, .payload_size = 16, .nrefs = 1, .ref_offsets = node_refs};
/* struct pair { ref left; i32 x; ref right; i64 y } : refs at 0 and 16 */
UNUSED static uint32_t pair_refs[] = {0, 16};
UNUSED static struct typeinfo ti_pair = {.id = 2, .kind = TI_STRUCT, .payload_size = 32, .nrefs = 2, .ref_offsets = pair_refs};
/* struct with no references */
UNUSED static struct typeinfo ti_plain = {.id = 3, .kind = TI_STRUCT, .payload_size = 24};
/* (array (mut anyref)) and (array (mut i8)) */
UNUSED static struct typeinfo ti_refarr = {.id = 4, .kind = TI_ARRAY, .elem_size = 8, .elem_traced = true};
UNUSED static struct typeinfo ti_bytes = {.id = 5, .kind = TI_ARRAY, .elem_size = 1};
/* boxed host value */
UNUSED static struct typeinfo ti_host = {.id = 6, .kind = TI_HOST, .payload_size = 8};
/* exception package: tag args (i32, ref) -> ref at offset 8 */
UNUSED static uint32_t exn_refs[] = {8};
UNUSED static struct typeinfo ti_exn = {.id = 7, .kind = TI_EXN, .payload_size = 16, .nrefs = 1, .ref_offsets = exn_refs};

static inline bool known_type(void *ud, const struct typeinfo *ti) {
  (void)ud;
  return ti == &ti_node || ti == &ti_pair || ti == &ti_plain || ti == &ti_refarr || ti == &ti_bytes ||
         ti == &ti_host || ti == &ti_exn;
}

#define NROOTS 64
struct roots { rc_ref slot[NROOTS]; };
static inline void enum_roots(void *ud, struct gc_heap *h, gc_visit_fn visit) {
  struct roots *r = ud;
  for (int i = 0; i < NROOTS; i++) visit(h, &r->slot[i]);
}

#define FIELD_REF(o, off) (*(rc_ref *)(GC_PAYLOAD(o) + (off)))
#define FIELD_I64(o, off) (*(int64_t *)(GC_PAYLOAD(o) + (off)))
#define ELEM_REF(o, i) (((rc_ref *)GC_PAYLOAD(o))[i])

static inline struct gc_obj *new_node(struct gc_heap *h, rc_ref next, int64_t v) {
  struct gc_obj *o = gc_alloc_inline(h, &ti_node, 16, 0); /* the interpreter's inline path */
  if (o) {
    FIELD_REF(o, 0) = next;
    FIELD_I64(o, 8) = v;
  }
  return o;
}
static inline struct gc_obj *new_refarr(struct gc_heap *h, uint32_t n) { return gc_alloc(h, &ti_refarr, (size_t)n * 8, n); }
static inline struct gc_obj *new_bytes(struct gc_heap *h, uint32_t n) { return gc_alloc(h, &ti_bytes, n, n); }

static inline double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Resident set size of this process in bytes (/proc/self/statm). */
static inline uint64_t rss_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  unsigned long size = 0, res = 0;
  if (f) {
    if (fscanf(f, "%lu %lu", &size, &res) != 2) res = 0;
    fclose(f);
  }
  return (uint64_t)res * (uint64_t)sysconf(_SC_PAGESIZE);
}

static inline struct gc_heap *new_heap(uint64_t heap_max, bool stress) {
  struct gc_config cfg = {.heap_max = heap_max, .stress = stress};
  struct gc_heap *h = gc_new(&cfg);
  gc_set_type_check(h, known_type, NULL);
  return h;
}

static inline struct gc_stats stats_of(struct gc_heap *h) {
  struct gc_stats s;
  gc_get_stats(h, &s);
  return s;
}

#define MiB (1024.0 * 1024.0)
#endif
