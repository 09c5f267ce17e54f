/* The collector: precise, non-moving, stop-the-world mark-sweep.
 *
 * Invariants (what the rest of the runtime may rely on, and must keep):
 *
 * - Roots. The only roots are the slots the registered enumerator
 *   (gc_set_roots) visits: interpreter frames through stack maps, globals,
 *   tables, element segments, pending exceptions, host roots. Nothing is
 *   found by scanning memory conservatively. An object not reachable from a
 *   root slot through traced fields is garbage at the next collection, so
 *   whoever holds an object across a call that may allocate must hold it in
 *   a slot the enumerator visits. A freshly allocated object is unrooted
 *   until its holder stores it.
 * - Traced slots. A struct (and TI_EXN) object is traced through
 *   ti->ref_offsets, an array through every element when ti->elem_traced,
 *   a TI_HOST box not at all. A traced slot holds 0 (null), an i31 (low bit
 *   1), or a pointer to a gc_obj of this heap; function references are never
 *   in traced slots.
 * - Objects never move in this version: a reference stays valid as long as
 *   the object is reachable. (A moving nursery will come later; host code
 *   already holds only root handles, never raw pointers.)
 * - Mark bits. A small object's mark is its bit in its block's bitmap; a
 *   large object's is GCB_MARK in its header. Outside a collection a set
 *   small-object bit means "survived the last collection" (the bitmap is the
 *   allocation map until the next one: see heap.h), and every GCB_MARK is
 *   clear. During marking, a set mark means "reached": the object is on the
 *   mark stack (or in drain's prefetch queue), or has been scanned, or the
 *   stack overflowed while pushing it (then stack_overflow is set and the
 *   overflow pass rescans every marked object). Marking is on push, so each
 *   object is pushed at most once. A traced word that is not an object of
 *   this heap is never written to (counted in stray_refs).
 * - Only the root enumerator runs during a collection: it must not allocate
 *   (gc_alloc returns NULL then) or collect (ignored).
 * - Marking never recurses: an explicit stack with (object, first element)
 *   entries; long arrays are scanned in chunks, so a million-long list or a
 *   million-element array needs O(1) stack.
 * - Sweeping happens at the end of each collection, per block, not per
 *   object: a block with no marked cell becomes empty (and may go back to the
 *   OS), others go on their size class's sweep list, where the allocator
 *   finds their free cells lazily from the bitmap. Large objects are swept
 *   eagerly (unmapped when unmarked). No finalisers run yet.
 * - Trigger. A collection runs when bytes allocated since the last one
 *   reach budget = max(min_budget, live_bytes * (growth - 1)), when the heap
 *   limit is reached (once per allocation; then the allocation fails with
 *   NULL), on gc_collect, and before every allocation in stress mode. */
#include "gc/heap.h"

#include <stdio.h>
#include <stdlib.h>

#define ARRAY_CHUNK 256 /* array elements scanned per mark-stack entry */
#define STACK_INITIAL 1024
#define STACK_KEEP (64 * 1024) /* entries kept allocated between collections */

/* ---- mark stack ---- */

static bool grow_stack(struct gc_heap *h) {
  size_t max = h->cfg.mark_stack_max;
  if (h->stack_cap >= max) return false;
  size_t cap = h->stack_cap ? h->stack_cap * 2 : STACK_INITIAL;
  if (cap > max) cap = max;
  struct mark_entry *s = realloc(h->stack, cap * sizeof *s);
  if (!s) return false;
  h->stack = s;
  h->stack_cap = cap;
  return true;
}

static inline void push(struct gc_heap *h, struct gc_obj *o, uint32_t from) {
  if (RC_UNLIKELY(h->stack_len == h->stack_cap) && !grow_stack(h)) {
    h->stack_overflow = true; /* o stays marked; the overflow pass scans it */
    return;
  }
  h->stack[h->stack_len].obj = o;
  h->stack[h->stack_len].from = from;
  h->stack_len++;
}

static inline bool has_refs(const struct gc_obj *o) {
  const struct typeinfo *ti = o->ti;
  switch (ti->kind) {
  case TI_STRUCT:
  case TI_EXN: return ti->nrefs != 0;
  case TI_ARRAY: return ti->elem_traced && o->len != 0;
  default: return false;
  }
}

/* Mark the object r refers to (if any) and queue it for scanning. A small
 * object is marked in its block's bitmap without touching the object (its
 * header is prefetched when it leaves the stack, see drain); a large one is
 * marked in its header. */
static inline void mark_ref(struct gc_heap *h, rc_ref r) {
  if (r == REF_NULL || REF_IS_I31(r)) return;
  struct gc_obj *o = REF_OBJ(r);
  if (RC_LIKELY(gc_in_region(h, (uintptr_t)r))) {
    struct block *b = gc_block_of(o);
    uint32_t i = gc_cell_index(b, o);
    if (RC_UNLIKELY(b->state != BS_USED || (size_t)i * b->cell != (size_t)((uint8_t *)o - b->base))) {
      h->stray_refs++; /* not a cell start of a block in use: never write to it */
      return;
    }
    uint64_t bit = 1ull << (i & 63);
    if (b->marks[i >> 6] & bit) return;
    b->marks[i >> 6] |= bit;
    b->live++;
    h->mark_bytes += b->cell;
    h->mark_objects++;
    push(h, o, 0);
  } else if (gc_ptrset_has(&h->large_set, (uintptr_t)r)) {
    if (o->gcbits & GCB_MARK) return;
    o->gcbits |= GCB_MARK;
    h->mark_bytes += OBJ_LARGE(o)->map_size;
    h->mark_objects++;
    if (has_refs(o)) push(h, o, 0);
  } else {
    h->stray_refs++; /* not ours (e.g. a funcref in a root slot): never write to it */
  }
}

static void scan(struct gc_heap *h, struct gc_obj *o, uint32_t from) {
  const struct typeinfo *ti = o->ti;
  uint8_t *p = GC_PAYLOAD(o);
  switch (ti->kind) {
  case TI_STRUCT:
  case TI_EXN: /* exception packages get a ref map like structs */
    for (uint32_t i = 0; i < ti->nrefs; i++) mark_ref(h, *(rc_ref *)(p + ti->ref_offsets[i]));
    break;
  case TI_ARRAY: {
    if (!ti->elem_traced) break;
    uint32_t end = o->len;
    if (end - from > ARRAY_CHUNK) {
      end = from + ARRAY_CHUNK;
      push(h, o, end); /* the rest, after this chunk's children */
    }
    rc_ref *e = (rc_ref *)p;
    for (uint32_t i = from; i < end; i++) mark_ref(h, e[i]);
    break;
  }
  default: break; /* TI_HOST: no references */
  }
}

/* Scan until the stack is empty. Entries pass through a small FIFO on their
 * way from the stack to scan(): each object is prefetched when it enters, so
 * several cache misses are in flight at once (an array of references to
 * scattered objects is the common case). */
#define PREFETCH_DEPTH 8
static void drain(struct gc_heap *h) {
  struct mark_entry q[PREFETCH_DEPTH];
  unsigned head = 0, n = 0;
  for (;;) {
    while (n < PREFETCH_DEPTH && h->stack_len) {
      struct mark_entry e = h->stack[--h->stack_len];
      __builtin_prefetch(e.obj);
      q[(head + n) % PREFETCH_DEPTH] = e;
      n++;
    }
    if (!n) break;
    struct mark_entry e = q[head];
    head = (head + 1) % PREFETCH_DEPTH;
    n--;
    scan(h, e.obj, e.from);
  }
}

/* After the stack overflowed: scan every marked object again (children
 * already marked are skipped), until a round ends without overflow. Each
 * round marks at least the children the overflow dropped, so it ends. */
static void rescan_cell(struct gc_heap *h, struct gc_obj *o, uint32_t cell, void *ud) {
  if (has_refs(o)) {
    scan(h, o, 0);
    drain(h);
  }
}

static void overflow_pass(struct gc_heap *h) {
  while (h->stack_overflow) {
    h->stack_overflow = false;
    gc_each_marked_cell(h, rescan_cell, NULL);
    for (struct large *l = h->large; l; l = l->next) {
      struct gc_obj *o = LARGE_OBJ(l);
      if ((o->gcbits & GCB_MARK) && has_refs(o)) {
        scan(h, o, 0);
        drain(h);
      }
    }
  }
}

static void visit_root(struct gc_heap *h, rc_ref *slot) { mark_ref(h, *slot); }
static void visit_root_first(struct gc_heap *h, rc_ref *slot) {
  if (!h->filter(h->filter_ud, slot)) mark_ref(h, *slot);
}
static void visit_root_last(struct gc_heap *h, rc_ref *slot) {
  if (h->filter(h->filter_ud, slot)) mark_ref(h, *slot);
}

/* ---- sweep ---- */

#ifdef GC_ASAN
static void poison_free_cells(const struct block *b) {
  uint32_t i = 0;
  while (i < b->ncells) {
    if ((b->marks[i >> 6] >> (i & 63)) & 1) {
      i++;
      continue;
    }
    uint32_t j = i + 1;
    while (j < b->ncells && !((b->marks[j >> 6] >> (j & 63)) & 1)) j++;
    GC_POISON(b->base + (size_t)i * b->cell, (size_t)(j - i) * b->cell);
    i = j;
  }
}
#else
#define poison_free_cells(b) ((void)(b))
#endif

static void sweep(struct gc_heap *h) {
  uint64_t live_bytes = 0, live_objects = 0;
  h->hole_bytes = 0;
  for (size_t ri = 0; ri < h->regions.len; ri++) {
    struct region *r = h->regions.data[ri];
    r->nused = 0;
    for (size_t bi = 1; bi < GC_REGION_BLOCKS; bi++) {
      struct block *b = &r->blocks[bi];
      if (b->state != BS_USED) continue;
      if (b->live == 0) {
        b->state = BS_FREE; /* bitmap is all clear, as a taken block expects */
        GC_POISON(b->base, GC_BLOCK_SIZE);
        continue;
      }
      poison_free_cells(b);
      r->nused++;
      live_bytes += (uint64_t)b->live * b->cell;
      live_objects += b->live;
      b->cursor = 0;
      if (b->live < b->ncells) {
        h->hole_bytes += (uint64_t)(b->ncells - b->live) * b->cell;
        struct sizeclass *sc = &h->classes[b->cls];
        b->next = sc->sweep;
        sc->sweep = b;
      }
    }
  }
  for (struct large *l = h->large, *next; l; l = next) {
    next = l->next;
    struct gc_obj *o = LARGE_OBJ(l);
    if (o->gcbits & GCB_MARK) {
      o->gcbits &= ~GCB_MARK;
      live_bytes += l->map_size;
      live_objects++;
    } else {
      gc_large_free(h, l);
    }
  }
  h->stats.live_bytes = live_bytes;
  h->stats.live_objects = live_objects;
  if (live_bytes > h->stats.max_live_bytes) h->stats.max_live_bytes = live_bytes;
}

/* ---- collection ---- */

void gc_collect_filtered(struct gc_heap *h, gc_root_filter_fn filter, void *ud, uint64_t *only_bytes,
                         uint64_t *only_objects) {
  *only_bytes = *only_objects = 0;
  if (h->in_gc) return;
  uint64_t t0 = gc_now_ns();
  h->in_gc = true;
  gc_heap_reset_classes(h);
  for (size_t ri = 0; ri < h->regions.len; ri++) {
    struct region *r = h->regions.data[ri];
    for (size_t bi = 1; bi < GC_REGION_BLOCKS; bi++) {
      struct block *b = &r->blocks[bi];
      if (b->state != BS_USED) continue;
      memset(b->marks, 0, sizeof b->marks);
      b->live = 0;
    }
  }

  h->stack_len = 0;
  h->stack_overflow = false;
  h->mark_bytes = h->mark_objects = 0;
  if (h->attr_group) {
    gc_attr_mark(h);
  } else if (h->roots && !filter) {
    h->roots(h->roots_ud, h, visit_root);
    drain(h);
    overflow_pass(h);
  } else if (h->roots) {
    h->filter = filter;
    h->filter_ud = ud;
    h->roots(h->roots_ud, h, visit_root_first);
    drain(h);
    overflow_pass(h);
    uint64_t bytes = h->mark_bytes, objects = h->mark_objects;
    h->roots(h->roots_ud, h, visit_root_last);
    drain(h);
    overflow_pass(h);
    *only_bytes = h->mark_bytes - bytes;
    *only_objects = h->mark_objects - objects;
    h->filter = NULL;
  }

  sweep(h);
  double next = (double)h->stats.live_bytes * (h->cfg.growth - 1.0);
  h->budget = next > (double)h->cfg.min_budget ? (uint64_t)next : h->cfg.min_budget;
  h->allocated_at_gc = h->stats.bytes_allocated;
  /* Keep resident the empty blocks the next cycle will need beyond the free
   * cells of partly live blocks (at least a quarter budget: holes of other
   * size classes may not help). */
  uint64_t need = h->budget > h->hole_bytes ? h->budget - h->hole_bytes : 0;
  if (need < h->budget / 4) need = h->budget / 4;
  gc_heap_release(h, (need + GC_BLOCK_SIZE - 1) / GC_BLOCK_SIZE);
  if (h->stack_cap > STACK_KEEP) {
    free(h->stack);
    h->stack = NULL;
    h->stack_cap = 0;
  }
  h->stats.collections++;
  h->in_gc = false;
  gc_stats_pause(h, gc_now_ns() - t0);

  if (h->cfg.stress && gc_verify_inner(h, true) != 0) {
    fprintf(stderr, "reclaim: GC heap verification failed after collection %llu (runtime bug)\n",
            (unsigned long long)h->stats.collections);
    abort();
  }
}

void gc_collect_inner(struct gc_heap *h) {
  uint64_t b, o;
  gc_collect_filtered(h, NULL, NULL, &b, &o);
}

void gc_collect(struct gc_heap *h) { gc_collect_inner(h); }

uint64_t gc_collect_retained(struct gc_heap *h, gc_root_filter_fn last, void *ud, uint64_t *objects) {
  uint64_t bytes, n;
  gc_collect_filtered(h, last, ud, &bytes, &n);
  if (objects) *objects = n;
  return bytes;
}

size_t gc_required_size(const struct gc_obj *o) {
  const struct typeinfo *ti = o->ti;
  switch (ti->kind) {
  case TI_STRUCT:
  case TI_EXN: return sizeof(struct gc_obj) + ti->payload_size;
  case TI_ARRAY: return sizeof(struct gc_obj) + (size_t)o->len * ti->elem_size;
  case TI_HOST: return sizeof(struct gc_obj) + sizeof(uint64_t);
  default: return sizeof(struct gc_obj);
  }
}
