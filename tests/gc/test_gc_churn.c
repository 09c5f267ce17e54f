/* Churn: allocate 10 GB in total (1 GB under sanitizers) of mixed sizes,
 * small and large, with a small live set (a ring of recent objects plus a
 * fixed list). heap_bytes and the process RSS must stay bounded. */
#include "gc_test_util.h"

static struct roots R;

int main(void) {
#ifdef RECLAIM_SANITIZE
  const uint64_t total = 1ull << 30;
#else
  const uint64_t total = 10ull << 30;
#endif
  enum { RING = 4096 };
  struct gc_heap *h = new_heap(0, false);
  gc_set_roots(h, enum_roots, &R);
  R.slot[0] = OBJ_REF(new_refarr(h, RING));
  for (int i = 0; i < 10000; i++) R.slot[1] = OBJ_REF(new_node(h, R.slot[1], i)); /* long-lived */
  uint64_t rss0 = rss_bytes(), max_heap = 0, max_rss = 0, n = 0;
  uint32_t x = 12345;
  double t0 = now_s();
  while (stats_of(h).bytes_allocated < total) {
    for (int k = 0; k < 10000; k++, n++) {
      x = x * 1103515245u + 12345u;
      uint32_t r = x >> 8;
      struct gc_obj *o;
      if (r % 2048 == 0) o = new_bytes(h, 64 * 1024 + r % 100000); /* large */
      else if (r % 512 == 1) o = new_bytes(h, 8192 + r % 24000);    /* one to three per block */
      else if (r % 4 == 0) o = new_refarr(h, r % 64);
      else if (r % 4 == 1) o = new_bytes(h, r % 2000);
      else o = gc_alloc(h, &ti_pair, 32, 0);
      CHECK(o != NULL);
      if (!o) return TEST_DONE();
      if (r % 8 == 0) ELEM_REF(REF_OBJ(R.slot[0]), (r >> 3) % RING) = OBJ_REF(o);
    }
    struct gc_stats s = stats_of(h);
    if (s.heap_bytes > max_heap) max_heap = s.heap_bytes;
    uint64_t rss = rss_bytes();
    if (rss > max_rss) max_rss = rss;
  }
  double dt = now_s() - t0;
  struct gc_stats s = stats_of(h);
  printf("churn: %.2f GB in %llu objects, %.2f s (%.0f M allocs/s), %llu collections, "
         "avg pause %.3f ms, max pause %.3f ms\n",
         s.bytes_allocated / 1e9, (unsigned long long)n, dt, n / dt / 1e6, (unsigned long long)s.collections,
         s.total_pause_ns / 1e6 / (double)s.collections, s.max_pause_ns / 1e6);
  printf("churn: live %.2f MiB, max heap %.2f MiB, peak heap %.2f MiB, RSS start %.1f MiB, max %.1f MiB\n",
         s.live_bytes / MiB, max_heap / MiB, s.peak_heap_bytes / MiB, rss0 / MiB, max_rss / MiB);
  CHECK(max_heap < (48u << 20));
  CHECK(max_rss < (64u << 20) + rss0);
  CHECK(s.collections > 100);
  gc_collect(h);
  CHECK_EQ_INT(gc_verify(h), 0);
  int64_t sum = 0;
  for (struct gc_obj *o = REF_OBJ(R.slot[1]); o; o = REF_OBJ(FIELD_REF(o, 0))) sum += FIELD_I64(o, 8);
  CHECK_EQ_INT(sum, 10000LL * 9999 / 2);
  gc_free(h);
  return TEST_DONE();
}
