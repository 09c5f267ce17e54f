/* Heap limit and trigger: allocation returns NULL (never aborts) when a full
 * collection cannot make room under heap_max, the heap stays consistent and
 * usable after the roots are dropped; the allocation budget paces
 * collections as documented (min_budget, growth). */
#include "gc_test_util.h"

static struct roots R;

static void fill_until_null(struct gc_heap *h, uint64_t limit, bool large, uint64_t *live_at_oom) {
  R.slot[0] = 0;
  uint64_t n = 0;
  for (;;) {
    struct gc_obj *o = large ? new_refarr(h, 12000) : gc_alloc(h, &ti_pair, 32, 0);
    if (!o) break;
    n++;
    if (large) ELEM_REF(o, 0) = R.slot[0];
    else FIELD_REF(o, 0) = R.slot[0];
    R.slot[0] = OBJ_REF(o);
    gc_alloc(h, &ti_plain, 24, 0); /* garbage the collector can still reclaim */
    CHECK(stats_of(h).heap_bytes <= limit);
    if (n > 100000000) break;
  }
  CHECK(n > 0);
  *live_at_oom = stats_of(h).live_bytes;
  /* still out of memory, still consistent */
  if (!large) CHECK(gc_alloc(h, &ti_pair, 32, 0) == NULL);
  CHECK(new_refarr(h, 100000) == NULL);
  CHECK_EQ_INT(gc_verify(h), 0);
  uint64_t len = 0;
  for (rc_ref r = R.slot[0]; r; r = large ? ELEM_REF(REF_OBJ(r), 0) : FIELD_REF(REF_OBJ(r), 0)) len++;
  CHECK_EQ_INT(len, n);
}

static void test_limit(void) {
  const uint64_t limit = 16u << 20;
  struct gc_heap *h = new_heap(limit, false);
  gc_set_roots(h, enum_roots, &R);
  memset(&R, 0, sizeof R);
  CHECK(new_bytes(h, 64u << 20) == NULL);        /* can never fit */
  CHECK(gc_alloc(h, &ti_bytes, SIZE_MAX - 8, 0) == NULL); /* absurd size: no overflow */
  for (int round = 0; round < 3; round++) {
    uint64_t live = 0;
    fill_until_null(h, limit, round == 1, &live);
    printf("limit %llu MiB, %s objects: NULL with %.2f MiB live, heap %.2f MiB\n",
           (unsigned long long)(limit >> 20), round == 1 ? "large" : "small", live / MiB,
           stats_of(h).heap_bytes / MiB);
    CHECK(live > limit * 3 / 4); /* the limit is used, not wasted */
    R.slot[0] = 0;                /* drop everything: the heap works again */
    struct gc_obj *o = new_node(h, 0, 42);
    CHECK(o != NULL);
    R.slot[1] = OBJ_REF(o);
    gc_collect(h);
    CHECK_EQ_INT(stats_of(h).live_objects, 1);
    CHECK_EQ_INT(gc_verify(h), 0);
    R.slot[1] = 0;
  }
  gc_free(h);
}

/* Budget: next GC when bytes allocated since the last one reach
 * max(min_budget, live * (growth - 1)). */
static void test_trigger(void) {
  struct gc_config cfg = {.min_budget = 1u << 20, .growth = 1.5};
  struct gc_heap *h = gc_new(&cfg);
  gc_set_roots(h, enum_roots, &R);
  memset(&R, 0, sizeof R);
  /* small live set: one collection per min_budget (1 MiB) allocated */
  uint64_t c0 = stats_of(h).collections;
  for (int i = 0; i < 64 * 1024 * 1024 / 48; i++) gc_alloc(h, &ti_pair, 32, 0);
  uint64_t gcs = stats_of(h).collections - c0;
  printf("trigger: 64 MiB of garbage with min_budget 1 MiB: %llu collections\n", (unsigned long long)gcs);
  CHECK(gcs >= 60 && gcs <= 66);
  /* 32 MiB live, growth 1.5: one collection per ~16 MiB allocated */
  for (int i = 0; i < 32 * 1024 * 1024 / 32; i++) R.slot[0] = OBJ_REF(new_node(h, R.slot[0], i));
  gc_collect(h);
  c0 = stats_of(h).collections;
  for (int i = 0; i < 256 * 1024 * 1024 / 48; i++) gc_alloc(h, &ti_pair, 32, 0);
  gcs = stats_of(h).collections - c0;
  printf("trigger: 256 MiB of garbage with 32 MiB live, growth 1.5: %llu collections, peak heap %.1f MiB\n",
         (unsigned long long)gcs, stats_of(h).peak_heap_bytes / MiB);
  CHECK(gcs >= 15 && gcs <= 17);
  CHECK(stats_of(h).peak_heap_bytes < (32u + 16u + 8u) << 20);
  gc_free(h);
}

int main(void) {
  test_limit();
  test_trigger();
  return TEST_DONE();
}
