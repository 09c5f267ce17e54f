/* Deep structures: a 1,000,000-long linked list (and a million-deep chain
 * of one-element arrays) are marked with an explicit stack. The collection
 * runs on a thread with a 256 KiB native stack, so any recursion per list
 * element would overflow it. */
#include "gc_test_util.h"

#include <pthread.h>

static struct roots R;
static struct gc_heap *H;

static void *collect_thread(void *arg) {
  (void)arg;
  gc_collect(H);
  return NULL;
}

static void collect_on_small_stack(void) {
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setstacksize(&a, 256 * 1024);
  pthread_t t;
  CHECK_EQ_INT(pthread_create(&t, &a, collect_thread, NULL), 0);
  pthread_join(t, NULL);
  pthread_attr_destroy(&a);
}

int main(void) {
  enum { N = 1000000 };
  H = new_heap(0, false);
  gc_set_roots(H, enum_roots, &R);
  for (int64_t i = 0; i < N; i++) {
    R.slot[0] = OBJ_REF(new_node(H, R.slot[0], i)); /* the head is the newest */
    if (i % 4 == 0) new_bytes(H, 40);               /* garbage in between */
  }
  double t0 = now_s();
  collect_on_small_stack();
  double t1 = now_s();
  CHECK_EQ_INT(stats_of(H).live_objects, N);
  int64_t sum = 0, len = 0;
  for (struct gc_obj *o = REF_OBJ(R.slot[0]); o; o = REF_OBJ(FIELD_REF(o, 0))) sum += FIELD_I64(o, 8), len++;
  CHECK_EQ_INT(len, N);
  CHECK_EQ_INT(sum, (int64_t)N * (N - 1) / 2);
  printf("list of %d nodes: collection %.1f ms, live %.1f MiB, heap %.1f MiB\n", N, (t1 - t0) * 1e3,
         stats_of(H).live_bytes / MiB, stats_of(H).heap_bytes / MiB);
  CHECK_EQ_INT(gc_verify(H), 0);

  /* a chain of single-element arrays, and the list dropped */
  R.slot[0] = 0;
  for (int i = 0; i < N; i++) {
    struct gc_obj *a = new_refarr(H, 1);
    ELEM_REF(a, 0) = R.slot[1];
    R.slot[1] = OBJ_REF(a);
  }
  collect_on_small_stack();
  CHECK_EQ_INT(stats_of(H).live_objects, N);
  R.slot[1] = 0;
  collect_on_small_stack();
  CHECK_EQ_INT(stats_of(H).live_objects, 0);
  printf("after dropping everything: heap %.1f MiB, %llu collections, max pause %.1f ms\n",
         stats_of(H).heap_bytes / MiB, (unsigned long long)stats_of(H).collections,
         stats_of(H).max_pause_ns / 1e6);
  CHECK(stats_of(H).heap_bytes <= 8u << 20);
  gc_free(H);
  return TEST_DONE();
}
