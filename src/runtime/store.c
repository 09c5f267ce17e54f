/* The store: owner of every runtime object, the GC heap and the execution
 * state, and the GC's root enumerator.
 *
 * Roots: the heap never scans; store_roots below visits every reference
 * location the runtime holds. Invariant: every GC reference the runtime
 * keeps outside the heap lives in a global, a table or an element segment
 * registered with this store (instances are added to s->instances before
 * their segments are filled), in an extra root enumerator, or in an
 * interpreter frame. */
#include "interp/interp.h"
#include "runtime/rt.h"

#include <stdlib.h>

static inline void visit_ref(struct gc_heap *h, gc_visit_fn visit, rc_ref *slot) {
  if (*slot != REF_NULL && !REF_IS_I31(*slot)) visit(h, slot);
}

struct frame_visit {
  struct gc_heap *h;
  gc_visit_fn visit;
};

static void visit_frame_slot(void *ud, rc_ref *slot) {
  struct frame_visit *fv = ud;
  visit_ref(fv->h, fv->visit, slot);
}

static void store_roots(void *ud, struct gc_heap *h, gc_visit_fn visit) {
  struct store *s = ud;
  for (size_t i = 0; i < s->globals.len; i++) {
    struct globalinst *g = s->globals.data[i];
    if (VT_IS_REF(g->type) && types_ref_traced(g->type)) visit_ref(h, visit, &g->val.ref);
  }
  for (size_t i = 0; i < s->tables.len; i++) {
    struct tableinst *t = s->tables.data[i];
    if (!types_ref_traced(t->elem)) continue;
    for (uint64_t j = 0; j < t->size; j++) visit_ref(h, visit, &t->elems[j]);
  }
  for (size_t i = 0; i < s->instances.len; i++) {
    struct instance *inst = s->instances.data[i];
    if (!inst->elems) continue;
    for (uint32_t e = 0; e < inst->nelems; e++) {
      struct eleminst *seg = &inst->elems[e];
      if (!seg->refs || !types_ref_traced(seg->type)) continue;
      for (uint32_t j = 0; j < seg->len; j++) visit_ref(h, visit, &seg->refs[j]);
    }
  }
  for (size_t i = 0; i < s->extra_roots.len; i++)
    s->extra_roots.data[i].fn(s->extra_roots.data[i].ud, h, visit);
  if (s->exec) {
    struct frame_visit fv = {h, visit};
    interp_visit_roots(s->exec, visit_frame_slot, &fv);
  }
}

struct store *store_new(struct engine *e) {
  struct store *s = rc_calloc(1, sizeof *s);
  s->engine = e;
  s->config = e->config;
  struct gc_config gcc = {0};
  gcc.pool = e->gc_pool;
  gcc.heap_max = s->config.gc_heap_max;
  gcc.stress = s->config.gc_stress;
  gcc.growth = 0; /* the collector's default */
  s->heap = gc_new(&gcc);
  gc_set_roots(s->heap, store_roots, s);
  s->exec = exec_new(s);
  return s;
}

/* ---- store_alloc: a bump allocator over chunks freed with the store ---- */

struct store_chunk {
  struct store_chunk *next;
  size_t size;
  _Alignas(16) uint8_t bytes[];
};

#define CHUNK_FIRST ((size_t)16 << 10)
#define CHUNK_MAX ((size_t)256 << 10)

static struct store_chunk *chunk_new(struct store *s, size_t size) {
  struct store_chunk *c = rc_malloc(sizeof *c + size);
  c->size = size;
  c->next = s->chunks;
  s->chunks = c;
  return c;
}

void *store_alloc(struct store *s, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (!size) size = 16;
#ifdef RECLAIM_SANITIZE
  /* One chunk per object, so AddressSanitizer sees every object's bounds. */
  struct store_chunk *c = chunk_new(s, size);
  memset(c->bytes, 0, size);
  return c->bytes;
#else
  if ((size_t)(s->bump_end - s->bump) < size) {
    size_t last = s->chunks ? s->chunks->size : 0;
    size_t want = last ? RC_MIN(2 * last, CHUNK_MAX) : CHUNK_FIRST;
    if (size > want / 4) {
      /* A big object gets a chunk of its own; the current chunk stays. */
      struct store_chunk *c = chunk_new(s, size);
      memset(c->bytes, 0, size);
      return c->bytes;
    }
    struct store_chunk *c = chunk_new(s, want);
    s->bump = c->bytes;
    s->bump_end = c->bytes + want;
  }
  void *p = s->bump;
  s->bump += size;
  memset(p, 0, size);
  return p;
#endif
}

void store_add_roots(struct store *s, gc_roots_fn fn, void *ud) {
  struct store_roots r = {fn, ud};
  rc_vec_push(s->extra_roots, r);
}

void store_remove_roots(struct store *s, gc_roots_fn fn, void *ud) {
  for (size_t i = 0; i < s->extra_roots.len; i++) {
    if (s->extra_roots.data[i].fn == fn && s->extra_roots.data[i].ud == ud) {
      memmove(&s->extra_roots.data[i], &s->extra_roots.data[i + 1],
              (s->extra_roots.len - i - 1) * sizeof(struct store_roots));
      s->extra_roots.len--;
      return;
    }
  }
}

struct funcinst *store_new_host_func(struct store *s, const struct typeinfo *type, rc_hostfn fn,
                                     void *env, void (*finalizer)(void *env)) {
  struct funcinst *f = store_alloc(s, sizeof *f);
  f->type = type;
  f->host = fn;
  f->env = env;
  f->finalizer = finalizer;
  f->index = UINT32_MAX;
  rc_vec_push(s->funcs, f);
  return f;
}

/* The instance and its arrays are store_alloc memory; only the element
 * segments' items (dropped early by elem.drop) are malloc'd. */
static void instance_free(struct instance *inst) {
  if (inst->elems)
    for (uint32_t i = 0; i < inst->nelems; i++) free(inst->elems[i].refs);
}

void store_free(struct store *s) {
  if (!s) return;
  /* The execution state and the heap go first: nothing may run or collect
   * while the objects the roots point into are freed. */
  if (s->exec) exec_free(s->exec);
  s->exec = NULL;
  if (s->heap) gc_free(s->heap);
  s->heap = NULL;
  for (size_t i = 0; i < s->instances.len; i++) instance_free(s->instances.data[i]);
  for (size_t i = 0; i < s->funcs.len; i++) {
    struct funcinst *f = s->funcs.data[i];
    if (f->finalizer) f->finalizer(f->env);
  }
  for (size_t i = 0; i < s->tables.len; i++) {
    free(s->tables.data[i]->elems);
    free(s->tables.data[i]);
  }
  for (size_t i = 0; i < s->mems.len; i++) {
    free(s->mems.data[i]->data);
    free(s->mems.data[i]);
  }
  rc_vec_free(s->instances);
  rc_vec_free(s->funcs);
  rc_vec_free(s->tables);
  rc_vec_free(s->mems);
  rc_vec_free(s->globals);
  rc_vec_free(s->tags);
  rc_vec_free(s->extra_roots);
  for (struct store_chunk *c = s->chunks, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(s);
}
