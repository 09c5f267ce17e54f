/* Heap census: every live object with its type and size, for per-type live
 * counts (stats, `reclaim doctor`). Runs a collection first, so "live" means
 * reachable now; then walks the mark bitmaps and the large objects. */
#include "gc/heap.h"

void gc_census(struct gc_heap *h, gc_census_fn fn, void *ud) {
  if (h->in_gc) return;
  gc_collect_inner(h);
  for (size_t ri = 0; ri < h->regions.len; ri++) {
    struct region *r = h->regions.data[ri];
    for (size_t bi = 1; bi < GC_REGION_BLOCKS; bi++) {
      struct block *b = &r->blocks[bi];
      if (b->state != BS_USED) continue;
      for (uint32_t w = 0; w < GC_MARK_WORDS; w++) {
        for (uint64_t m = b->marks[w]; m; m &= m - 1) {
          const struct gc_obj *o =
              (const struct gc_obj *)(b->base + ((size_t)w * 64 + (size_t)__builtin_ctzll(m)) * b->cell);
          fn(ud, o->ti, b->cell);
        }
      }
    }
  }
  for (struct large *l = h->large; l; l = l->next) fn(ud, LARGE_OBJ(l)->ti, l->map_size);
}
