/* A live set full of same-size holes (WAMR's quadratic case, see
 * shared/bench/BASELINE.md): keep every other node of a long list alive,
 * keep allocating same-size nodes and keep replacing random live ones, for
 * growing live sets. Per-collection time must grow with the live set, not
 * faster, and the per-allocation cost must stay flat. */
#include "gc_test_util.h"

static struct roots R;

struct result { double alloc_ns, pause_ms, gc_ms, heap_mib, live_mib; uint64_t gcs; };

static double cpu_s(void) { /* CPU time: the machine is shared, wall time is noisy */
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct result run(uint32_t live, uint32_t churn) {
  struct gc_heap *h = new_heap(0, false);
  gc_set_roots(h, enum_roots, &R);
  memset(&R, 0, sizeof R);
  R.slot[0] = OBJ_REF(new_refarr(h, live));
  for (uint32_t i = 0; i < live; i++) {
    struct gc_obj *o = new_node(h, 0, i);
    ELEM_REF(REF_OBJ(R.slot[0]), i) = OBJ_REF(o);
    new_node(h, 0, -1); /* its neighbour dies: a hole of the same size */
  }
  gc_collect(h);
  struct gc_stats s0 = stats_of(h);
  uint32_t x = 1;
  double t0 = cpu_s();
  for (uint32_t i = 0; i < churn; i++) {
    x = x * 1103515245u + 12345u;
    struct gc_obj *o = new_node(h, 0, i);
    if ((x >> 16) % 8 == 0) ELEM_REF(REF_OBJ(R.slot[0]), (x >> 8) % live) = OBJ_REF(o);
  }
  double dt = cpu_s() - t0;
  struct gc_stats s = stats_of(h);
  double c0 = cpu_s();
  for (int i = 0; i < 3; i++) gc_collect(h);
  double full_gc_ms = (cpu_s() - c0) * 1e3 / 3;
  struct result r = {
      .alloc_ns = dt * 1e9 / churn,
      .pause_ms = (double)(s.total_pause_ns - s0.total_pause_ns) / 1e6 / (double)(s.collections - s0.collections),
      .gc_ms = full_gc_ms,
      .heap_mib = s.peak_heap_bytes / MiB,
      .live_mib = s.live_bytes / MiB,
      .gcs = s.collections - s0.collections,
  };
  CHECK_EQ_INT(gc_verify(h), 0);
  CHECK(s.collections - s0.collections >= 3);
  gc_free(h);
  return r;
}

int main(void) {
#ifdef RECLAIM_SANITIZE
  static const uint32_t sizes[] = {50000, 200000, 800000};
  const uint32_t churn = 5000000;
#else
  static const uint32_t sizes[] = {100000, 400000, 1600000};
  const uint32_t churn = 10000000;
#endif
  struct result r[3];
  for (int i = 0; i < 3; i++) {
    r[i] = run(sizes[i], churn);
    printf("holes: live %7u nodes (%.1f MiB live after last GC): %llu GCs, %.1f ns/alloc (cpu, incl. GC), "
           "%.2f ms/collection (wall), full GC %.2f ms (cpu), peak heap %.1f MiB\n",
           sizes[i], r[i].live_mib, (unsigned long long)r[i].gcs, r[i].alloc_ns, r[i].pause_ms, r[i].gc_ms,
           r[i].heap_mib);
  }
  /* 16x the live set: a full collection costs at most ~16x more, times a
   * factor for falling out of the CPU caches (the small live set fits, the
   * large one does not); a quadratic sweep would be 256x. Allocation,
   * collections included, stays within a small factor per object. */
  CHECK(r[2].gc_ms < 16 * 6 * r[0].gc_ms + 5.0);
  CHECK(r[2].gc_ms < 4 * 3 * r[1].gc_ms + 5.0);
  CHECK(r[2].gc_ms < 500);
  CHECK(r[2].alloc_ns < 4 * r[0].alloc_ns + 40);
  /* the heap stays within a small factor of the live set */
  CHECK(r[2].heap_mib < 4 * r[2].live_mib + 8);
  return TEST_DONE();
}
