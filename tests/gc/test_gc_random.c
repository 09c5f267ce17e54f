/* Randomised mutator against the collector: a random graph of pairs, arrays
 * of references (some large) and byte arrays is mutated (new objects, field
 * and root stores, drops) between collections. After each collection the
 * collector's live-object count must equal the count the test reaches by
 * its own traversal, and every object's contents must be intact (each
 * stores a check value derived from its id). One run in stress mode. */
#include "gc_test_util.h"

static struct roots R;
static uint64_t rng = 88172645463325252ull;
static uint32_t rnd(uint32_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng % n);
}
static uint64_t check_of(uint64_t id) { return id * 0x9E3779B97F4A7C15ull ^ 0x5555; }

/* pair: refs at 0 and 16, id at 8 (i64 slot), check at 24. */
static struct gc_obj *new_obj(struct gc_heap *h, uint64_t id) {
  struct gc_obj *o;
  switch (rnd(10)) {
  case 0: case 1: case 2: case 3: case 4:
    o = gc_alloc_inline(h, &ti_pair, 32, 0);
    if (!o) return NULL;
    FIELD_I64(o, 8) = (int64_t)id;
    FIELD_I64(o, 24) = (int64_t)check_of(id);
    return o;
  case 5: case 6: case 7: {
    uint32_t n = rnd(50) == 0 ? 1100 + rnd(8000) : 2 + rnd(30); /* some are large objects */
    o = new_refarr(h, n);
    if (!o) return NULL;
    ELEM_REF(o, 0) = REF_FROM_I31((int32_t)(id & 0x3FFFFFFF));
    ELEM_REF(o, n - 1) = REF_FROM_I31((int32_t)(check_of(id) & 0x3FFFFFFF));
    return o;
  }
  default: {
    uint32_t n = rnd(40) == 0 ? 9000 + rnd(60000) : 16 + rnd(600);
    o = new_bytes(h, n);
    if (!o) return NULL;
    memcpy(GC_PAYLOAD(o), &id, 8);
    memset(GC_PAYLOAD(o) + 8, (int)(id & 0xFF), n - 8);
    return o;
  }
  }
}

/* The traced slots of o (n of them) for the mutator. */
static rc_ref *slot_of(struct gc_obj *o, uint32_t k, uint32_t *n) {
  if (o->ti == &ti_pair) {
    *n = 2;
    return &FIELD_REF(o, k % 2 ? 16 : 0);
  }
  if (o->ti == &ti_refarr && o->len > 2) {
    *n = o->len - 2;
    return &ELEM_REF(o, 1 + k % (o->len - 2));
  }
  *n = 0;
  return NULL;
}

static bool obj_ok(struct gc_obj *o) {
  if (o->ti == &ti_pair) return (uint64_t)FIELD_I64(o, 24) == check_of((uint64_t)FIELD_I64(o, 8));
  if (o->ti == &ti_refarr) {
    uint32_t id = REF_I31_U(ELEM_REF(o, 0));
    return REF_I31_U(ELEM_REF(o, o->len - 1)) == (uint32_t)(check_of(id) & 0x3FFFFFFF);
  }
  uint64_t id;
  memcpy(&id, GC_PAYLOAD(o), 8);
  for (uint32_t i = 8; i < o->len; i++)
    if (GC_PAYLOAD(o)[i] != (uint8_t)(id & 0xFF)) return false;
  return true;
}

/* The test's own traversal: count reachable objects (visited set by address). */
static uint64_t count_reachable(bool *contents_ok) {
  size_t cap = 1 << 16, len = 0, n = 0;
  uintptr_t *set = calloc(cap, sizeof *set);
  RC_VEC(struct gc_obj *) stack = {0};
  for (int i = 0; i < NROOTS; i++)
    if (R.slot[i] && !REF_IS_I31(R.slot[i])) rc_vec_push(stack, REF_OBJ(R.slot[i]));
  while (stack.len) {
    struct gc_obj *o = stack.data[--stack.len];
    if (2 * (len + 1) > cap) { /* grow and rehash */
      uintptr_t *ns = calloc(cap * 2, sizeof *ns);
      for (size_t i = 0; i < cap; i++)
        if (set[i]) {
          size_t j = (set[i] >> 4) * 0x9E3779B97F4A7C15ull >> 40 & (cap * 2 - 1);
          while (ns[j]) j = (j + 1) & (cap * 2 - 1);
          ns[j] = set[i];
        }
      free(set);
      set = ns;
      cap *= 2;
    }
    size_t j = ((uintptr_t)o >> 4) * 0x9E3779B97F4A7C15ull >> 40 & (cap - 1);
    bool dup = false;
    while (set[j]) {
      if (set[j] == (uintptr_t)o) { dup = true; break; }
      j = (j + 1) & (cap - 1);
    }
    if (dup) continue;
    set[j] = (uintptr_t)o;
    len++;
    n++;
    *contents_ok &= obj_ok(o);
    uint32_t ns;
    slot_of(o, 0, &ns);
    for (uint32_t k = 0; k < ns; k++) {
      rc_ref r = *slot_of(o, k, &ns);
      if (r && !REF_IS_I31(r)) rc_vec_push(stack, REF_OBJ(r));
    }
  }
  free(set);
  rc_vec_free(stack);
  return n;
}

/* The mutator's "roots": elements of a large array held in R.slot[0]
 * (R.slot[1] keeps an object alive across an allocation). */
#define NTABLE 4096
static rc_ref *table_slot(uint32_t i) { return &ELEM_REF(REF_OBJ(R.slot[0]), 1 + i); }

/* A random reachable object: start at a random table entry, walk a few random edges. */
static struct gc_obj *random_reachable(void) {
  rc_ref r = *table_slot(rnd(NTABLE));
  if (!r) return NULL;
  struct gc_obj *o = REF_OBJ(r);
  for (uint32_t steps = rnd(6); steps; steps--) {
    uint32_t n;
    slot_of(o, 0, &n);
    if (!n) break;
    rc_ref next = *slot_of(o, rnd(n), &n);
    if (!next || REF_IS_I31(next)) break;
    o = REF_OBJ(next);
  }
  return o;
}

static void run(bool stress, uint32_t steps, uint32_t gc_every) {
  struct gc_config cfg = {.stress = stress, .min_budget = 256 * 1024, .mark_stack_max = stress ? 0 : 64};
  struct gc_heap *h = gc_new(&cfg);
  gc_set_type_check(h, known_type, NULL);
  gc_set_roots(h, enum_roots, &R);
  memset(&R, 0, sizeof R);
  R.slot[0] = OBJ_REF(new_refarr(h, NTABLE + 2));
  ELEM_REF(REF_OBJ(R.slot[0]), 0) = REF_FROM_I31(0);
  ELEM_REF(REF_OBJ(R.slot[0]), NTABLE + 1) = REF_FROM_I31((int32_t)(check_of(0) & 0x3FFFFFFF));
  uint64_t id = 0, checks = 0;
  for (uint32_t step = 1; step <= steps; step++) {
    switch (rnd(8)) {
    case 0: case 1: case 2: { /* new object into a root */
      struct gc_obj *o = new_obj(h, ++id);
      CHECK(o != NULL);
      *table_slot(rnd(NTABLE)) = OBJ_REF(o);
      break;
    }
    case 3: case 4: { /* new object into a field of a reachable object */
      int tmp = 1; /* keep the holder alive while allocating */
      struct gc_obj *holder = random_reachable();
      if (!holder) break;
      R.slot[tmp] = OBJ_REF(holder);
      struct gc_obj *o = new_obj(h, ++id);
      holder = REF_OBJ(R.slot[tmp]);
      uint32_t n;
      rc_ref *s = slot_of(holder, rnd(1000), &n);
      if (s) *s = OBJ_REF(o);
      R.slot[tmp] = REF_NULL;
      break;
    }
    case 5: { /* link two reachable objects (makes cycles and sharing) */
      struct gc_obj *a = random_reachable(), *b = random_reachable();
      uint32_t n;
      rc_ref *s = a ? slot_of(a, rnd(1000), &n) : NULL;
      if (s) *s = b ? OBJ_REF(b) : REF_NULL;
      break;
    }
    case 6: *table_slot(rnd(NTABLE)) = REF_NULL; break;
    default: { /* clear a field */
      struct gc_obj *a = random_reachable();
      uint32_t n;
      rc_ref *s = a ? slot_of(a, rnd(1000), &n) : NULL;
      if (s) *s = rnd(2) ? REF_NULL : REF_FROM_I31(step);
      break;
    }
    }
    if (step % gc_every == 0) {
      gc_collect(h);
      bool ok = true;
      uint64_t n = count_reachable(&ok);
      CHECK_EQ_INT(stats_of(h).live_objects, n);
      CHECK(ok);
      CHECK_EQ_INT(gc_verify(h), 0);
      checks++;
      if (test_failures) break;
    }
  }
  struct gc_stats s = stats_of(h);
  printf("random%s: %llu objects allocated, %llu collections, %llu checks, live %llu objects / %.2f MiB, "
         "peak heap %.2f MiB\n", stress ? " (stress)" : "", (unsigned long long)s.objects_allocated,
         (unsigned long long)s.collections, (unsigned long long)checks, (unsigned long long)s.live_objects,
         s.live_bytes / MiB, s.peak_heap_bytes / MiB);
  gc_free(h);
}

int main(void) {
#ifdef RECLAIM_SANITIZE
  run(false, 1000000, 20000);
  run(true, 3000, 500);
#else
  run(false, 4000000, 20000);
  run(true, 10000, 1000);
#endif
  return TEST_DONE();
}
