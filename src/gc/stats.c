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

void gc_dump(const struct gc_heap *h, FILE *out) {
  uint64_t blocks[GC_NCLASSES] = {0}, live[GC_NCLASSES] = {0}, cells[GC_NCLASSES] = {0};
  uint64_t used = 0, free_blocks = 0, uncommitted = 0;
  for (size_t ri = 0; ri < h->regions.len; ri++) {
    const struct region *r = h->regions.data[ri];
    for (size_t bi = 1; bi < GC_REGION_BLOCKS; bi++) {
      const struct block *b = &r->blocks[bi];
      if (b->state == BS_FREE) free_blocks++;
      if (b->state == BS_UNCOMMITTED) uncommitted++;
      if (b->state != BS_USED) continue;
      used++;
      blocks[b->cls]++;
      live[b->cls] += b->live;
      cells[b->cls] += b->ncells;
    }
  }
  uint64_t nlarge = 0;
  for (const struct large *l = h->large; l; l = l->next) nlarge++;
  const double mib = 1024.0 * 1024.0;
  fprintf(out, "GC heap: %zu regions; blocks: %llu in use (%.2f MiB), %llu empty resident, %llu uncommitted; "
          "%llu large objects (%.2f MiB)\n", h->regions.len, (unsigned long long)used,
          (double)(used * GC_BLOCK_SIZE) / mib, (unsigned long long)free_blocks, (unsigned long long)uncommitted,
          (unsigned long long)nlarge, (double)h->large_bytes / mib);
  fprintf(out, "  class  cell  blocks  marked cells / cells (at the last collection)\n");
  for (int c = 0; c < GC_NCLASSES; c++) {
    if (!blocks[c]) continue;
    fprintf(out, "  %5d %5u %7llu  %llu / %llu\n", c, h->classes[c].cell, (unsigned long long)blocks[c],
            (unsigned long long)live[c], (unsigned long long)cells[c]);
  }
  struct gc_stats s;
  gc_get_stats(h, &s);
  fprintf(out, "  %llu collections; allocated %.2f MiB in %llu objects; live %.2f MiB in %llu objects; "
          "heap %.2f MiB (peak %.2f, limit %.2f); budget %.2f MiB; pauses %.3f ms total, %.3f ms max; "
          "stray refs %llu\n", (unsigned long long)s.collections, (double)s.bytes_allocated / mib,
          (unsigned long long)s.objects_allocated, (double)s.live_bytes / mib, (unsigned long long)s.live_objects,
          (double)s.heap_bytes / mib, (double)s.peak_heap_bytes / mib, (double)h->cfg.heap_max / mib,
          (double)h->budget / mib, (double)s.total_pause_ns / 1e6, (double)s.max_pause_ns / 1e6,
          (unsigned long long)s.stray_refs);
}
