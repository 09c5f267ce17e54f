/* Heap memory and allocation: regions and blocks from mmap, size classes,
 * the allocation fast and slow paths, large objects, and (after each
 * collection) returning empty blocks to the OS. Layout: gc/heap.h.
 *
 * Allocation fast path: pop the lowest set bit of the current class's
 * free-cell word (ctz), compute the address, store the header. The slow path
 * moves to the next bitmap word of the block, then to the next block: one
 * from the class's sweep list (partly live after the last collection), else
 * an empty block. That is the lazy sweep: a block's free cells are found
 * only when the allocator reaches it, by reading its mark bitmap, never by
 * touching dead objects and never through a structure whose cost depends on
 * the number or sizes of holes. */
#include "gc/heap.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- size classes ---- */

static void init_classes(struct gc_heap *h) {
  uint32_t sizes[GC_NCLASSES], n = 0;
  for (uint32_t s = 16; s <= 128; s += 16) sizes[n++] = s;
  for (uint32_t p = 128; p < 8192; p *= 2)
    for (uint32_t k = 1; k <= 4; k++) sizes[n++] = p + k * p / 4;
  /* Above 8 KiB only the sizes that fit 3, 2 and 1 per block: these objects
   * still come from the block pool instead of a mapping per object (an mmap,
   * page faults and a munmap cost ~15x more than zeroing 16 KiB). */
  sizes[n++] = 10240;
  sizes[n++] = 16384;
  sizes[n++] = 32768;
  /* n == GC_NCLASSES, sizes[n - 1] == GC_SMALL_MAX */
  uint32_t c = 0;
  for (uint32_t g = 0; g <= GC_SMALL_MAX / GC_GRANULE; g++) {
    while (sizes[c] < g * GC_GRANULE) c++;
    h->class_of[g] = (uint8_t)c;
  }
  for (uint32_t i = 0; i < n; i++) h->classes[i].cell = sizes[i];
}

void gc_heap_reset_classes(struct gc_heap *h) {
  for (int i = 0; i < GC_NCLASSES; i++) {
    struct sizeclass *sc = &h->classes[i];
    sc->bits = 0;
    sc->word_base = NULL;
    sc->cur = NULL;
    sc->sweep = NULL;
    sc->zeroed = false;
  }
}

/* ---- regions and blocks ---- */

static void note_heap_growth(struct gc_heap *h) {
  uint64_t now = h->committed_bytes + h->large_bytes;
  if (now > h->stats.peak_heap_bytes) h->stats.peak_heap_bytes = now;
}

/* Rebuild the region set after regions were added or removed. */
static void rebuild_rtab(struct gc_heap *h) {
  size_t cap = 16;
  while (cap < 2 * h->regions.len) cap *= 2;
  free(h->rtab);
  h->rtab = rc_calloc(cap, sizeof *h->rtab);
  h->rtab_mask = cap - 1;
  for (size_t r = 0; r < h->regions.len; r++) {
    uintptr_t base = (uintptr_t)h->regions.data[r]->base;
    size_t i = gc_rtab_hash(base, h->rtab_mask);
    while (h->rtab[i]) i = (i + 1) & h->rtab_mask;
    h->rtab[i] = base;
  }
}

/* ---- region pool (gc.h) ----
 * Blocks a pooled region's heap used keep their pages (at most
 * POOL_KEEP_BLOCKS per region; the others are given back) and come back as
 * BS_UNCOMMITTED with stale set: resident, not zero. */
#define POOL_MAX_REGIONS 4
#define POOL_KEEP_BLOCKS 16
struct gc_pool {
  struct region *regions[POOL_MAX_REGIONS];
  int len;
};

struct gc_pool *gc_pool_new(void) { return rc_calloc(1, sizeof(struct gc_pool)); }

void gc_pool_free(struct gc_pool *pool) {
  if (!pool) return;
  for (int i = 0; i < pool->len; i++) munmap(pool->regions[i]->base, GC_REGION_SIZE);
  free(pool);
}

static struct region *pool_take(struct gc_pool *pool) {
  return pool && pool->len ? pool->regions[--pool->len] : NULL;
}

static void decommit(uint8_t *p, size_t n);

/* Keep r for another heap of the pool, or unmap it if there is no room. */
static void pool_put(struct gc_pool *pool, struct region *r) {
  GC_UNPOISON(r->base, GC_REGION_SIZE);
  if (!pool || pool->len >= POOL_MAX_REGIONS) {
    munmap(r->base, GC_REGION_SIZE);
    return;
  }
  size_t kept = 0, run = 0; /* blocks [i - run, i) are to be decommitted */
  for (size_t i = 1; i <= GC_REGION_BLOCKS; i++) {
    struct block *b = i < GC_REGION_BLOCKS ? &r->blocks[i] : NULL;
    bool resident = b && (b->state != BS_UNCOMMITTED || b->stale);
    if (resident && kept >= POOL_KEEP_BLOCKS) {
      b->state = BS_UNCOMMITTED;
      b->stale = false;
      run++;
      continue;
    }
    if (run) decommit(r->blocks[i - run].base, run * GC_BLOCK_SIZE);
    run = 0;
    if (resident) {
      kept++;
      b->state = BS_UNCOMMITTED;
      b->stale = true;
      GC_POISON(b->base, GC_BLOCK_SIZE); /* garbage until allocated again */
    }
  }
  pool->regions[pool->len++] = r;
}

/* Put r's object blocks on h's uncommitted list (stale ones first: their
 * pages are resident already) and register the region. */
static void add_region(struct gc_heap *h, struct region *r) {
  for (int stale = 0; stale < 2; stale++)
    for (size_t i = GC_REGION_BLOCKS - 1; i >= 1; i--) {
      struct block *b = &r->blocks[i];
      if (b->stale != stale) continue;
      b->next = h->uncommitted_blocks;
      h->uncommitted_blocks = b;
    }
  r->nused = 0;
  rc_vec_push(h->regions, r);
  rebuild_rtab(h);
}

/* Map a 2 MiB-aligned region (or take one from the pool) and put its
 * object blocks on the uncommitted list. */
static bool map_region(struct gc_heap *h) {
  struct region *pooled = pool_take(h->cfg.pool);
  if (pooled) {
    add_region(h, pooled); /* its blocks are all BS_UNCOMMITTED (pool_put) */
    return true;
  }
  size_t len = 2 * GC_REGION_SIZE;
  uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  uintptr_t a = ((uintptr_t)p + GC_REGION_SIZE - 1) & ~(uintptr_t)(GC_REGION_SIZE - 1);
  uint8_t *base = (uint8_t *)a;
  if (base > p) munmap(p, (size_t)(base - p));
  if (base + GC_REGION_SIZE < p + len) munmap(base + GC_REGION_SIZE, (size_t)(p + len - (base + GC_REGION_SIZE)));
#ifdef MADV_NOHUGEPAGE
  /* Blocks are released 32 KiB at a time; huge pages would keep RSS up. */
  madvise(base, GC_REGION_SIZE, MADV_NOHUGEPAGE);
#endif
  struct region *r = (struct region *)base;
  r->base = base;
  for (size_t i = 1; i < GC_REGION_BLOCKS; i++) {
    r->blocks[i].base = base + i * GC_BLOCK_SIZE;
    r->blocks[i].state = BS_UNCOMMITTED;
    r->blocks[i].stale = false; /* fresh mapping: zero */
  }
  add_region(h, r);
  return true;
}

/* An empty block for a size class, or NULL if the heap limit (or the OS)
 * says no. *zeroed tells whether its memory is known to be all zero. */
static struct block *take_block(struct gc_heap *h, uint32_t cls, bool *zeroed) {
  struct block *b = h->free_blocks;
  if (b) {
    h->free_blocks = b->next;
    *zeroed = false;
  } else {
    if (h->committed_bytes + h->large_bytes + GC_BLOCK_SIZE > h->cfg.heap_max) return NULL;
    if (!h->uncommitted_blocks && !map_region(h)) return NULL;
    b = h->uncommitted_blocks;
    h->uncommitted_blocks = b->next;
    h->committed_bytes += GC_BLOCK_SIZE;
    note_heap_growth(h);
    *zeroed = !b->stale;
    b->stale = false;
  }
  uint32_t cell = h->classes[cls].cell;
  b->state = BS_USED;
  b->cls = (uint8_t)cls;
  b->cell = cell;
  b->recip = (uint32_t)(((1ull << 32) + cell - 1) / cell);
  b->ncells = (uint32_t)(GC_BLOCK_SIZE / cell);
  b->live = 0;
  b->cursor = 0;
  memset(b->marks, 0, sizeof b->marks);
  return b;
}

static inline uint32_t block_words(const struct block *b) { return (b->ncells + 63) / 64; }

static inline uint64_t valid_mask(const struct block *b, uint32_t w) {
  uint32_t first = w * 64;
  if (first + 64 <= b->ncells) return ~0ull;
  return (1ull << (b->ncells - first)) - 1; /* first < ncells for w < block_words */
}

uint32_t gc_block_cursor(const struct gc_heap *h, const struct block *b) {
  const struct sizeclass *sc = &h->classes[b->cls];
  if (b->state != BS_USED || sc->cur != b) return b->cursor;
  return sc->word * 64 + (sc->bits ? (uint32_t)__builtin_ctzll(sc->bits) : 64);
}

static bool over_budget(const struct gc_heap *h) {
  return h->stats.bytes_allocated - h->allocated_at_gc >= h->budget;
}

/* Slow path: find the next free cell word for sc. May collect (at most once
 * per call); false when no memory can be found even after collecting. */
static bool refill(struct gc_heap *h, struct sizeclass *sc) {
  if (RC_UNLIKELY(h->in_gc)) return false; /* a root enumerator must not allocate */
  bool collected = false;
  for (;;) {
    struct block *b = sc->cur;
    if (b) {
      uint32_t nw = block_words(b);
      while (++sc->word < nw) {
        uint64_t bits = ~b->marks[sc->word] & valid_mask(b, sc->word);
        if (bits) {
          sc->bits = bits;
          sc->word_base = b->base + (size_t)sc->word * 64 * sc->cell;
          return true;
        }
      }
      b->cursor = b->ncells;
      sc->cur = NULL;
    }
    if (!collected && over_budget(h)) {
      gc_collect_inner(h); /* resets every class's allocation state */
      collected = true;
      continue;
    }
    bool zeroed = false;
    if ((b = sc->sweep)) {
      sc->sweep = b->next;
    } else if (!(b = take_block(h, (uint32_t)(sc - h->classes), &zeroed))) {
      if (collected) return false;
      gc_collect_inner(h);
      collected = true;
      continue;
    }
    sc->cur = b;
    sc->word = UINT32_MAX; /* the loop above starts at word 0 */
    sc->zeroed = zeroed;
  }
}

/* ---- address sets ---- */

void gc_ptrset_add(struct gc_ptrset *s, uintptr_t p) {
  if (2 * (s->len + 1) > (s->slots ? s->mask + 1 : 0)) {
    size_t cap = s->slots ? 2 * (s->mask + 1) : 64;
    uintptr_t *old = s->slots;
    size_t oldcap = old ? s->mask + 1 : 0;
    s->slots = rc_calloc(cap, sizeof *s->slots);
    s->mask = cap - 1;
    for (size_t i = 0; i < oldcap; i++) {
      if (!old[i]) continue;
      size_t j = gc_ptr_hash(old[i], s->mask);
      while (s->slots[j]) j = (j + 1) & s->mask;
      s->slots[j] = old[i];
    }
    free(old);
  }
  size_t j = gc_ptr_hash(p, s->mask);
  while (s->slots[j]) j = (j + 1) & s->mask;
  s->slots[j] = p;
  s->len++;
}

void gc_ptrset_remove(struct gc_ptrset *s, uintptr_t p) {
  if (!s->len) return;
  size_t i = gc_ptr_hash(p, s->mask);
  while (s->slots[i] != p) {
    if (!s->slots[i]) return;
    i = (i + 1) & s->mask;
  }
  /* backward-shift: pull later entries of the probe run into the gap */
  for (size_t j = (i + 1) & s->mask; s->slots[j]; j = (j + 1) & s->mask) {
    size_t home = gc_ptr_hash(s->slots[j], s->mask);
    if (((j - home) & s->mask) >= ((j - i) & s->mask)) {
      s->slots[i] = s->slots[j];
      i = j;
    }
  }
  s->slots[i] = 0;
  s->len--;
}

/* ---- large objects ---- */

static struct gc_obj *alloc_large(struct gc_heap *h, const struct typeinfo *ti, size_t payload_bytes, uint32_t len) {
  if (h->in_gc) return NULL;
  if (payload_bytes > h->cfg.heap_max) return gc_alloc_fail(h, payload_bytes); /* can never fit; also avoids overflow below */
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t obj_size = sizeof(struct gc_obj) + payload_bytes;
  size_t map_size = (sizeof(struct large) + obj_size + page - 1) & ~(page - 1);
  bool collected = false;
  if (over_budget(h)) {
    gc_collect_inner(h);
    collected = true;
  }
  struct large *l;
  for (;;) {
    if (h->committed_bytes + h->large_bytes + map_size > h->cfg.heap_max && h->free_blocks)
      gc_heap_release(h, 0); /* empty blocks kept for small objects count against the limit */
    if (h->committed_bytes + h->large_bytes + map_size <= h->cfg.heap_max) {
      void *p = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p != MAP_FAILED) {
        l = p;
        break;
      }
    }
    if (collected) return gc_alloc_fail(h, payload_bytes);
    gc_collect_inner(h);
    collected = true;
  }
  l->map_size = map_size;
  l->obj_size = obj_size;
  l->prev = NULL;
  l->next = h->large;
  if (h->large) h->large->prev = l;
  h->large = l;
  h->large_bytes += map_size;
  note_heap_growth(h);
  struct gc_obj *o = LARGE_OBJ(l); /* fresh mapping: payload already zero */
  gc_ptrset_add(&h->large_set, (uintptr_t)o);
  o->ti = ti;
  o->gcbits = GCB_LARGE;
  o->len = len;
  h->stats.bytes_allocated += map_size;
  h->stats.objects_allocated++;
  return o;
}

void gc_large_free(struct gc_heap *h, struct large *l) {
  if (l->prev) l->prev->next = l->next;
  else h->large = l->next;
  if (l->next) l->next->prev = l->prev;
  h->large_bytes -= l->map_size;
  gc_ptrset_remove(&h->large_set, (uintptr_t)LARGE_OBJ(l));
  munmap(l, l->map_size);
}

/* ---- allocation ---- */

struct gc_obj *gc_alloc(struct gc_heap *h, const struct typeinfo *ti, size_t payload_bytes, uint32_t len) {
  if (RC_UNLIKELY(h->cfg.stress)) gc_collect_inner(h);
  if (RC_UNLIKELY(payload_bytes > GC_SMALL_MAX - sizeof(struct gc_obj)))
    return alloc_large(h, ti, payload_bytes, len);
  struct sizeclass *sc = gc_class_for(h, payload_bytes);
  if (RC_UNLIKELY(!sc->bits) && !refill(h, sc)) return h->in_gc ? NULL : gc_alloc_fail(h, payload_bytes);
  struct gc_obj *o = gc_pop_cell(h, sc, ti, payload_bytes, len);
  if (RC_UNLIKELY(h->cfg.stress)) {
    /* Leave no free bits behind, so inline fast paths (gc/alloc.h) also
     * come here, and collect, for every allocation. */
    sc->cur->cursor = gc_block_cursor(h, sc->cur);
    sc->cur = NULL;
    sc->bits = 0;
  }
  return o;
}

struct gc_obj *gc_alloc_fail(struct gc_heap *h, size_t payload_bytes) {
  if (h->oom && !h->in_gc) {
    gc_oom_fn fn = h->oom;
    h->oom = NULL; /* no re-entry while the hook runs */
    fn(h->oom_ud, h, payload_bytes);
    h->oom = fn;
  }
  return NULL;
}

void gc_set_oom_hook(struct gc_heap *h, gc_oom_fn fn, void *ud) {
  h->oom = fn;
  h->oom_ud = ud;
}

size_t gc_obj_size(const struct gc_obj *o) {
  if (gc_is_large(o)) return OBJ_LARGE(o)->map_size;
  return gc_block_of(o)->cell;
}

/* ---- returning memory ---- */

static void decommit(uint8_t *p, size_t n) {
  /* The pages read as zero afterwards; the block stays mapped for reuse. */
  madvise(p, n, MADV_DONTNEED);
}

/* After sweeping: keep about one budget's worth of empty blocks resident (the
 * next cycle allocates that much), give the pages of the others back to the
 * OS, unmap regions with nothing left in them, rebuild the block lists.
 * Empty blocks in regions that still hold objects are kept first, so whole
 * regions empty out and can be unmapped. Cost: one pass over the blocks.
 * keep: how many empty blocks to keep resident. */
void gc_heap_release(struct gc_heap *h, uint64_t keep) {
  uint64_t kept = 0;
  h->free_blocks = NULL;
  h->uncommitted_blocks = NULL;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t ri = 0; ri < h->regions.len; ri++) {
      struct region *r = h->regions.data[ri];
      if ((pass == 0) != (r->nused > 0)) continue;
      size_t run = 0; /* blocks [i - run, i) are to be decommitted */
      for (size_t i = 1; i <= GC_REGION_BLOCKS; i++) {
        struct block *b = i < GC_REGION_BLOCKS ? &r->blocks[i] : NULL;
        if (b && b->state == BS_FREE && kept >= keep) {
          b->state = BS_UNCOMMITTED;
          b->stale = false;
          h->committed_bytes -= GC_BLOCK_SIZE;
          run++;
          continue;
        }
        if (run) decommit(r->blocks[i - run].base, run * GC_BLOCK_SIZE);
        run = 0;
        if (b && b->state == BS_FREE) {
          kept++;
          b->next = h->free_blocks;
          h->free_blocks = b;
        }
      }
    }
  }
  /* Unmap regions that are entirely uncommitted; list the uncommitted blocks of the rest. */
  size_t nregions = h->regions.len;
  for (size_t ri = 0; ri < h->regions.len;) {
    struct region *r = h->regions.data[ri];
    bool empty = true;
    for (size_t i = 1; i < GC_REGION_BLOCKS && empty; i++) empty = r->blocks[i].state == BS_UNCOMMITTED;
    if (empty) {
      h->regions.data[ri] = h->regions.data[--h->regions.len];
      GC_UNPOISON(r->base, GC_REGION_SIZE); /* the address range may be reused by any mapping */
      munmap(r->base, GC_REGION_SIZE);
      continue;
    }
    for (size_t i = GC_REGION_BLOCKS - 1; i >= 1; i--) {
      struct block *b = &r->blocks[i];
      if (b->state != BS_UNCOMMITTED) continue;
      b->next = h->uncommitted_blocks;
      h->uncommitted_blocks = b;
    }
    ri++;
  }
  if (h->regions.len != nregions) rebuild_rtab(h);
}

/* ---- heap lifetime ---- */

struct gc_heap *gc_new(const struct gc_config *cfg) {
  struct gc_heap *h = rc_calloc(1, sizeof *h);
  if (cfg) h->cfg = *cfg;
  if (!h->cfg.heap_max) h->cfg.heap_max = GC_DEFAULT_HEAP_MAX;
  if (!h->cfg.min_budget) h->cfg.min_budget = GC_DEFAULT_MIN_BUDGET;
  if (!(h->cfg.growth > 1.0)) h->cfg.growth = GC_DEFAULT_GROWTH;
  if (!h->cfg.mark_stack_max) h->cfg.mark_stack_max = GC_DEFAULT_MARK_STACK_MAX;
  if (h->cfg.mark_stack_max < 2) h->cfg.mark_stack_max = 2;
  init_classes(h);
  gc_heap_reset_classes(h);
  h->budget = h->cfg.min_budget;
  return h;
}

void gc_free(struct gc_heap *h) {
  if (!h) return;
  while (h->large) gc_large_free(h, h->large);
  for (size_t i = 0; i < h->regions.len; i++) pool_put(h->cfg.pool, h->regions.data[i]);
  rc_vec_free(h->regions);
  free(h->rtab);
  free(h->large_set.slots);
  free(h->stack);
  free(h);
}

void gc_each_marked_cell(struct gc_heap *h, void (*fn)(struct gc_heap *h, struct gc_obj *o, uint32_t cell, void *ud),
                         void *ud) {
  for (size_t ri = 0; ri < h->regions.len; ri++) {
    struct region *r = h->regions.data[ri];
    for (size_t bi = 1; bi < GC_REGION_BLOCKS; bi++) {
      struct block *b = &r->blocks[bi];
      if (b->state != BS_USED) continue;
      for (uint32_t w = 0; w < GC_MARK_WORDS; w++)
        for (uint64_t m = b->marks[w]; m; m &= m - 1)
          fn(h, (struct gc_obj *)(b->base + ((size_t)w * 64 + (size_t)__builtin_ctzll(m)) * b->cell), b->cell, ud);
    }
  }
}

void gc_set_roots(struct gc_heap *h, gc_roots_fn roots, void *ud) {
  h->roots = roots;
  h->roots_ud = ud;
}

void gc_set_type_check(struct gc_heap *h, gc_type_check_fn known, void *ud) {
  h->type_known = known;
  h->type_known_ud = ud;
}
