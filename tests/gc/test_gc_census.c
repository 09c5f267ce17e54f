/* Retention measurement (gc_collect_retained) and the heap census. */
#include "gc_test_util.h"

static struct roots R;

static bool is_slot(void *ud, const rc_ref *slot) { return slot == (const rc_ref *)ud; }

static uint64_t counts[8], bytes[8];
static void count_type(void *ud, const struct typeinfo *ti, size_t n) {
  (void)ud;
  counts[ti->id]++;
  bytes[ti->id] += n;
}

int main(void) {
  struct gc_heap *h = new_heap(0, false);
  gc_set_roots(h, enum_roots, &R);
  /* shared: a list of 10 nodes */
  for (int i = 0; i < 10; i++) R.slot[5] = OBJ_REF(new_node(h, R.slot[5], i));
  /* slot 0: an array [shared, own list of 20 nodes, a 40 KiB byte array (large)] */
  R.slot[0] = OBJ_REF(new_refarr(h, 3));
  ELEM_REF(REF_OBJ(R.slot[0]), 0) = R.slot[5];
  for (int i = 0; i < 20; i++) R.slot[6] = OBJ_REF(new_node(h, R.slot[6], i));
  ELEM_REF(REF_OBJ(R.slot[0]), 1) = R.slot[6];
  R.slot[6] = 0;
  ELEM_REF(REF_OBJ(R.slot[0]), 2) = OBJ_REF(new_bytes(h, 40000));
  /* slot 1: a chain of 5 nodes ending in the shared list */
  R.slot[1] = R.slot[5];
  for (int i = 0; i < 5; i++) R.slot[1] = OBJ_REF(new_node(h, R.slot[1], 100 + i));
  R.slot[5] = 0;
  for (int i = 0; i < 1000; i++) gc_alloc(h, &ti_pair, 32, 0); /* garbage */

  uint64_t n0, n1;
  uint64_t b0 = gc_collect_retained(h, is_slot, &R.slot[0], &n0);
  uint64_t b1 = gc_collect_retained(h, is_slot, &R.slot[1], &n1);
  size_t large = gc_obj_size(REF_OBJ(ELEM_REF(REF_OBJ(R.slot[0]), 2)));
  CHECK_EQ_INT(n0, 1 + 20 + 1);
  CHECK_EQ_INT(b0, 48 /* array of 3 refs: 16 + 24 -> 48 */ + 20 * 32 + large);
  CHECK_EQ_INT(n1, 5);
  CHECK_EQ_INT(b1, 5 * 32);
  CHECK_EQ_INT(stats_of(h).live_objects, 1 + 20 + 1 + 5 + 10);
  printf("retained only by slot 0: %llu objects, %llu bytes; by slot 1: %llu objects, %llu bytes\n",
         (unsigned long long)n0, (unsigned long long)b0, (unsigned long long)n1, (unsigned long long)b1);

  gc_census(h, count_type, NULL);
  CHECK_EQ_INT(counts[ti_node.id], 35);
  CHECK_EQ_INT(bytes[ti_node.id], 35 * 32);
  CHECK_EQ_INT(counts[ti_refarr.id], 1);
  CHECK_EQ_INT(counts[ti_bytes.id], 1);
  CHECK_EQ_INT(bytes[ti_bytes.id], large);
  CHECK_EQ_INT(counts[ti_pair.id], 0);
  CHECK_EQ_INT(gc_verify(h), 0);
  gc_dump(h, stdout);
  gc_free(h);
  return TEST_DONE();
}
