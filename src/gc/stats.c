/* Heap statistics and pause timing (CLOCK_MONOTONIC). */
#include "gc/heap.h"

#include <time.h>

uint64_t gc_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void gc_stats_pause(struct gc_heap *h, uint64_t ns) {
  h->stats.total_pause_ns += ns;
  if (ns > h->stats.max_pause_ns) h->stats.max_pause_ns = ns;
}

void gc_get_stats(const struct gc_heap *h, struct gc_stats *out) {
  *out = h->stats;
  out->heap_bytes = h->committed_bytes + h->large_bytes;
  out->stray_refs = h->stray_refs;
}
