/* The heap verifier (stress mode's built-in checker): walks everything
 * reachable from the roots with its own explicit stack and visited set (it
 * must not trust the mark bits it checks) and reports every reference that
 * is not null, an i31, or a pointer to an allocated, well-formed object. */
#include "gc/heap.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_REPORTS 10

struct vctx {
  struct gc_heap *h;
  bool after_gc;
  size_t errors;
  uintptr_t *regions; size_t nregions;  /* sorted region bases */
  uintptr_t *seen; size_t seen_cap, seen_len; /* open-addressing set of visited objects */
  RC_VEC(struct gc_obj *) stack;
  const char *where; /* description of the slot being checked */
  const struct gc_obj *holder;
};

static void report(struct vctx *v, rc_ref r, const char *what) {
  v->errors++;
  if (v->errors > MAX_REPORTS) return;
  if (v->holder)
    fprintf(stderr, "gc_verify: %s: ref %#llx in %s of object %p (type %u)\n", what, (unsigned long long)r,
            v->where, (const void *)v->holder, v->holder->ti ? v->holder->ti->id : 0u);
  else
    fprintf(stderr, "gc_verify: %s: ref %#llx in %s\n", what, (unsigned long long)r, v->where);
}

static int cmp_uptr(const void *a, const void *b) {
  uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
  return x < y ? -1 : x > y;
}

static bool sorted_has(const uintptr_t *a, size_t n, uintptr_t key) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (a[mid] == key) return true;
    if (a[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

static size_t hash_ptr(uintptr_t p) { return (size_t)((p >> 4) * 0x9E3779B97F4A7C15ull); }

/* Insert p into the visited set; false if it was already there. */
static bool seen_add(struct vctx *v, uintptr_t p) {
  if (2 * (v->seen_len + 1) > v->seen_cap) {
    size_t ncap = v->seen_cap ? v->seen_cap * 2 : 1024;
    uintptr_t *n = rc_calloc(ncap, sizeof *n);
    for (size_t i = 0; i < v->seen_cap; i++) {
      if (!v->seen[i]) continue;
      size_t j = hash_ptr(v->seen[i]) & (ncap - 1);
      while (n[j]) j = (j + 1) & (ncap - 1);
      n[j] = v->seen[i];
    }
    free(v->seen);
    v->seen = n;
    v->seen_cap = ncap;
  }
  size_t j = hash_ptr(p) & (v->seen_cap - 1);
  while (v->seen[j]) {
    if (v->seen[j] == p) return false;
    j = (j + 1) & (v->seen_cap - 1);
  }
  v->seen[j] = p;
  v->seen_len++;
  return true;
}

/* Is the header of o plausible for an object occupying `space` bytes? */
static bool check_header(struct vctx *v, rc_ref r, const struct gc_obj *o, size_t space) {
  const struct typeinfo *ti = o->ti;
  if (!ti || ((uintptr_t)ti & 7)) {
    report(v, r, "object has no valid typeinfo pointer");
    return false;
  }
  if (v->h->type_known && !v->h->type_known(v->h->type_known_ud, ti)) {
    report(v, r, "object's typeinfo is not one the heap owner knows");
    return false;
  }
  switch (ti->kind) {
  case TI_STRUCT:
  case TI_EXN:
    for (uint32_t i = 0; i < ti->nrefs; i++) {
      if (ti->ref_offsets[i] % 8 || ti->ref_offsets[i] + 8 > ti->payload_size) {
        report(v, r, "typeinfo has a reference offset outside the payload");
        return false;
      }
    }
    break;
  case TI_ARRAY:
    if (ti->elem_traced && ti->elem_size != 8) {
      report(v, r, "array typeinfo traces elements that are not 8 bytes");
      return false;
    }
    break;
  case TI_HOST: break;
  default:
    report(v, r, "object of a kind the heap cannot hold");
    return false;
  }
  if (gc_required_size(o) > space) {
    report(v, r, "object is larger than the space it occupies");
    return false;
  }
  return true;
}

static void check_ref(struct vctx *v, rc_ref r) {
  if (r == REF_NULL || REF_IS_I31(r)) return;
  if (r & (GC_GRANULE - 1)) {
    report(v, r, "misaligned reference");
    return;
  }
  struct gc_obj *o = REF_OBJ(r);
  size_t space;
  if (sorted_has(v->regions, v->nregions, (uintptr_t)r & ~(uintptr_t)(GC_REGION_SIZE - 1))) {
    if ((((uintptr_t)r >> GC_BLOCK_SHIFT) & (GC_REGION_BLOCKS - 1)) == 0) {
      report(v, r, "reference into block metadata");
      return;
    }
    struct block *b = gc_block_of(o);
    if (b->state != BS_USED) {
      report(v, r, "reference into an empty block");
      return;
    }
    uint32_t i = gc_cell_index(b, o);
    if ((size_t)i * b->cell != (size_t)((uint8_t *)o - b->base) || i >= b->ncells) {
      report(v, r, "reference not at a cell start");
      return;
    }
    bool marked = (b->marks[i >> 6] >> (i & 63)) & 1;
    if (v->after_gc && !marked) {
      report(v, r, "reachable object was not marked");
      return;
    }
    if (!marked && i >= gc_block_cursor(v->h, b)) {
      report(v, r, "reference to a free cell (dangling)");
      return;
    }
    if (gc_is_large(o)) {
      report(v, r, "small object with the large flag");
      return;
    }
    space = b->cell;
  } else if (gc_ptrset_has(&v->h->large_set, (uintptr_t)r)) {
    if (!gc_is_large(o)) {
      report(v, r, "large object without the large flag");
      return;
    }
    space = OBJ_LARGE(o)->obj_size;
  } else {
    report(v, r, "reference outside the heap");
    return;
  }
  if (!seen_add(v, (uintptr_t)o)) return;
  if (check_header(v, r, o, space)) rc_vec_push(v->stack, o);
}

static void verify_root(struct gc_heap *h, rc_ref *slot) {
  struct vctx *v = h->verify_ctx;
  check_ref(v, *slot);
}

static void check_fields(struct vctx *v, const struct gc_obj *o) {
  const struct typeinfo *ti = o->ti;
  const uint8_t *p = GC_PAYLOAD(o);
  v->holder = o;
  switch (ti->kind) {
  case TI_STRUCT:
  case TI_EXN:
    v->where = "a field";
    for (uint32_t i = 0; i < ti->nrefs; i++) check_ref(v, *(const rc_ref *)(p + ti->ref_offsets[i]));
    break;
  case TI_ARRAY:
    v->where = "an element";
    if (ti->elem_traced)
      for (uint32_t i = 0; i < o->len; i++) check_ref(v, ((const rc_ref *)p)[i]);
    break;
  default: break;
  }
}

/* Block-level bookkeeping right after a collection: live counts match the
 * bitmaps, and the stats match both. */
static void check_blocks(struct vctx *v) {
  struct gc_heap *h = v->h;
  uint64_t objects = 0, bytes = 0, committed = 0;
  for (size_t ri = 0; ri < h->regions.len; ri++) {
    struct region *r = h->regions.data[ri];
    for (size_t bi = 1; bi < GC_REGION_BLOCKS; bi++) {
      struct block *b = &r->blocks[bi];
      if (b->state != BS_UNCOMMITTED) committed += GC_BLOCK_SIZE;
      if (b->state != BS_USED) continue;
      uint32_t n = 0;
      for (size_t w = 0; w < GC_MARK_WORDS; w++) n += (uint32_t)__builtin_popcountll(b->marks[w]);
      if (n != b->live || (n == 0 && v->after_gc)) { /* a block taken since the last collection has no marks yet */
        v->errors++;
        fprintf(stderr, "gc_verify: block %p: live count %u, bitmap has %u\n", (void *)b->base, b->live, n);
      }
      objects += n;
      bytes += (uint64_t)n * b->cell;
    }
  }
  size_t nlarge = 0;
  for (struct large *l = h->large; l; l = l->next) {
    objects++;
    bytes += l->map_size;
    nlarge++;
    if (!gc_ptrset_has(&h->large_set, (uintptr_t)LARGE_OBJ(l))) {
      v->errors++;
      fprintf(stderr, "gc_verify: large object %p missing from the large-object set\n", (void *)LARGE_OBJ(l));
    }
  }
  if (nlarge != h->large_set.len) {
    v->errors++;
    fprintf(stderr, "gc_verify: %zu large objects, set has %zu\n", nlarge, h->large_set.len);
  }
  if (committed != h->committed_bytes) {
    v->errors++;
    fprintf(stderr, "gc_verify: committed bytes %llu, blocks say %llu\n",
            (unsigned long long)h->committed_bytes, (unsigned long long)committed);
  }
  if (v->after_gc && (objects != h->stats.live_objects || bytes != h->stats.live_bytes)) {
    v->errors++;
    fprintf(stderr, "gc_verify: stats say %llu live objects / %llu bytes, heap has %llu / %llu\n",
            (unsigned long long)h->stats.live_objects, (unsigned long long)h->stats.live_bytes,
            (unsigned long long)objects, (unsigned long long)bytes);
  }
}

/* Every allocated cell (marked by the last collection, or handed out since)
 * and every large object must hold a well-formed header, reachable or not:
 * this catches writes past an object's end into its neighbour. */
static void check_all_headers(struct vctx *v) {
  struct gc_heap *h = v->h;
  v->holder = NULL;
  v->where = "the heap walk";
  for (size_t ri = 0; ri < h->regions.len; ri++) {
    struct region *r = h->regions.data[ri];
    for (size_t bi = 1; bi < GC_REGION_BLOCKS; bi++) {
      struct block *b = &r->blocks[bi];
      if (b->state != BS_USED) continue;
      uint32_t cursor = gc_block_cursor(h, b);
      for (uint32_t i = 0; i < b->ncells; i++) {
        if (i >= cursor && !((b->marks[i >> 6] >> (i & 63)) & 1)) continue;
        struct gc_obj *o = (struct gc_obj *)(b->base + (size_t)i * b->cell);
        if (gc_is_large(o)) report(v, OBJ_REF(o), "small object with the large flag");
        else check_header(v, OBJ_REF(o), o, b->cell);
      }
    }
  }
  for (struct large *l = h->large; l; l = l->next) check_header(v, OBJ_REF(LARGE_OBJ(l)), LARGE_OBJ(l), l->obj_size);
}

size_t gc_verify_inner(struct gc_heap *h, bool after_gc) {
  struct vctx v = {.h = h, .after_gc = after_gc};
  v.regions = rc_malloc((h->regions.len + 1) * sizeof *v.regions);
  for (size_t i = 0; i < h->regions.len; i++) v.regions[v.nregions++] = (uintptr_t)h->regions.data[i]->base;
  qsort(v.regions, v.nregions, sizeof *v.regions, cmp_uptr);

  check_blocks(&v);
  check_all_headers(&v);
  h->verify_ctx = &v;
  v.where = "a root";
  if (h->roots) h->roots(h->roots_ud, h, verify_root);
  h->verify_ctx = NULL;
  while (v.stack.len) check_fields(&v, v.stack.data[--v.stack.len]);

  if (v.errors > MAX_REPORTS) fprintf(stderr, "gc_verify: ... %zu problems in all\n", v.errors);
  free(v.regions);
  free(v.seen);
  rc_vec_free(v.stack);
  return v.errors;
}

size_t gc_verify(struct gc_heap *h) { return gc_verify_inner(h, false); }
