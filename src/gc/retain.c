/* Retention attribution: which root group keeps each live object alive.
 *
 * gc_collect_attributed runs a full collection whose marking (gc_attr_mark,
 * called by gc_collect_filtered instead of the normal marking) also gives
 * every reached object an owner: the group of the root it was reached from,
 * or SHARED once it is reached from two groups. Owners form the lattice
 *   unreached < group g < SHARED,
 * and scanning an object merges its owner into each child's: a child
 * changes state only upwards, and is pushed again whenever it changes, so
 * each object is scanned at most twice and the result does not depend on
 * the order roots are visited in. At the end an object's owner is g exactly
 * when every root slot that reaches it belongs to g.
 *
 * Invariant: the owner is kept in gcbits above the two flag bits
 * (GCB_LARGE, GCB_MARK) only while gc_collect_attributed runs; it is
 * cleared for every live object before it returns (dead ones are freed or
 * get a fresh header when their cell is reused). */
#include "gc/heap.h"

#include <stdlib.h>

#define OWNER_SHIFT 2u
#define OWNER_SHARED ((1u << 30) - 1u)
#define OWNER(o) ((o)->gcbits >> OWNER_SHIFT)
#define SET_OWNER(o, w) ((o)->gcbits = ((o)->gcbits & ((1u << OWNER_SHIFT) - 1u)) | ((uint32_t)(w) << OWNER_SHIFT))

#define ARRAY_CHUNK 256

static inline bool attr_has_refs(const struct gc_obj *o) {
  const struct typeinfo *ti = o->ti;
  switch (ti->kind) {
  case TI_STRUCT:
  case TI_EXN: return ti->nrefs != 0;
  case TI_ARRAY: return ti->elem_traced && o->len != 0;
  default: return false;
  }
}

/* The attribution pass keeps its own stack in the heap's mark stack
 * storage, growing it as needed (an on-demand pass: no overflow fallback). */
static void attr_push(struct gc_heap *h, struct gc_obj *o, uint32_t from) {
  if (h->stack_len == h->stack_cap) {
    size_t cap = h->stack_cap ? h->stack_cap * 2 : 1024;
    h->stack = rc_realloc(h->stack, cap * sizeof *h->stack);
    h->stack_cap = cap;
  }
  h->stack[h->stack_len].obj = o;
  h->stack[h->stack_len].from = from;
  h->stack_len++;
}

/* Merge owner `in` into the object r refers to. */
static void attr_ref(struct gc_heap *h, rc_ref r, uint32_t in) {
  if (r == REF_NULL || REF_IS_I31(r)) return;
  struct gc_obj *o = REF_OBJ(r);
  bool first;
  if (gc_in_region(h, (uintptr_t)r)) {
    struct block *b = gc_block_of(o);
    uint32_t i = gc_cell_index(b, o);
    if (b->state != BS_USED || (size_t)i * b->cell != (size_t)((uint8_t *)o - b->base)) {
      h->stray_refs++;
      return;
    }
    uint64_t bit = 1ull << (i & 63);
    first = !(b->marks[i >> 6] & bit);
    if (first) {
      b->marks[i >> 6] |= bit;
      b->live++;
      h->mark_bytes += b->cell;
      h->mark_objects++;
    }
  } else if (gc_ptrset_has(&h->large_set, (uintptr_t)r)) {
    first = !(o->gcbits & GCB_MARK);
    if (first) {
      o->gcbits |= GCB_MARK;
      h->mark_bytes += OBJ_LARGE(o)->map_size;
      h->mark_objects++;
    }
  } else {
    h->stray_refs++;
    return;
  }
  if (first) {
    SET_OWNER(o, in);
  } else {
    uint32_t cur = OWNER(o);
    if (cur == in || cur == OWNER_SHARED) return;
    SET_OWNER(o, OWNER_SHARED);
  }
  if (attr_has_refs(o)) attr_push(h, o, 0);
}

static void attr_scan(struct gc_heap *h, struct gc_obj *o, uint32_t from) {
  const struct typeinfo *ti = o->ti;
  uint32_t in = OWNER(o); /* read now: it may have become SHARED since the push */
  uint8_t *p = GC_PAYLOAD(o);
  switch (ti->kind) {
  case TI_STRUCT:
  case TI_EXN:
    for (uint32_t i = 0; i < ti->nrefs; i++) attr_ref(h, *(rc_ref *)(p + ti->ref_offsets[i]), in);
    break;
  case TI_ARRAY: {
    if (!ti->elem_traced) break;
    uint32_t end = o->len;
    if (end - from > ARRAY_CHUNK) {
      end = from + ARRAY_CHUNK;
      attr_push(h, o, end);
    }
    rc_ref *e = (rc_ref *)p;
    for (uint32_t i = from; i < end; i++) attr_ref(h, e[i], in);
    break;
  }
  default: break;
  }
}

static void attr_root(struct gc_heap *h, rc_ref *slot) {
  uint32_t g = h->attr_group(h->attr_ud, slot);
  attr_ref(h, *slot, g + 1);
}

void gc_attr_mark(struct gc_heap *h) {
  if (!h->roots) return;
  h->roots(h->roots_ud, h, attr_root);
  while (h->stack_len) {
    struct mark_entry e = h->stack[--h->stack_len];
    attr_scan(h, e.obj, e.from);
  }
}

static void account(struct gc_obj *o, uint64_t size, uint32_t ngroups, struct gc_attribution *out) {
  uint32_t w = OWNER(o);
  SET_OWNER(o, 0);
  if (w >= 1 && w <= ngroups) {
    out->bytes[w - 1] += size;
    out->objects[w - 1]++;
  } else {
    out->shared_bytes += size;
    out->shared_objects++;
  }
}

struct attr_walk {
  uint32_t ngroups;
  struct gc_attribution *out;
};

static void account_cell(struct gc_heap *h, struct gc_obj *o, uint32_t cell, void *ud) {
  struct attr_walk *w = ud;
  account(o, cell, w->ngroups, w->out);
}

void gc_collect_attributed(struct gc_heap *h, gc_root_group_fn group, void *ud, uint32_t ngroups,
                           struct gc_attribution *out) {
  out->shared_bytes = out->shared_objects = 0;
  out->live_bytes = out->live_objects = 0;
  if (h->in_gc || !group || ngroups >= GC_ATTR_MAX_GROUPS) return;
  h->attr_group = group;
  h->attr_ud = ud;
  gc_collect_inner(h);
  h->attr_group = NULL;
  h->attr_ud = NULL;
  /* After the sweep a small object's mark bit still says "survived"; every
   * large object left is live. */
  struct attr_walk w = {ngroups, out};
  gc_each_marked_cell(h, account_cell, &w);
  for (struct large *l = h->large; l; l = l->next) account(LARGE_OBJ(l), l->map_size, ngroups, out);
  out->live_bytes = h->stats.live_bytes;
  out->live_objects = h->stats.live_objects;
}
