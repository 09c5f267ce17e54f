/* Retention attribution (gc_collect_attributed): one pass gives, per root
 * group, the bytes only that group reaches; the OOM hook runs at the limit. */
#include "gc_test_util.h"

static struct roots R;

/* slots 0..9: group 0, 10..19: group 1, 20..: one group per slot - 18 */
static uint32_t group_of(void *ud, const rc_ref *slot) {
  (void)ud;
  int i = (int)(slot - R.slot);
  return i < 10 ? 0u : i < 20 ? 1u : (uint32_t)(i - 18);
}
#define NGROUPS (NROOTS - 18)

static int oom_calls;
static uint64_t oom_group0;
static void on_oom(void *ud, struct gc_heap *h, size_t payload) {
  (void)ud;
  (void)payload;
  oom_calls++;
  uint64_t b[NGROUPS] = {0}, o[NGROUPS] = {0};
  struct gc_attribution a = {b, o, 0, 0, 0, 0};
  gc_collect_attributed(h, group_of, NULL, NGROUPS, &a);
  oom_group0 = b[0];
}

int main(void) {
  struct gc_heap *h = new_heap(0, false);
  gc_set_roots(h, enum_roots, &R);
  /* group 0 (slots 0, 1): a 20-node list from slot 0, and slot 1 points into
   * its middle (same group: still exclusive). */
  for (int i = 0; i < 20; i++) {
    R.slot[0] = OBJ_REF(new_node(h, R.slot[0], i));
    if (i == 9) R.slot[1] = R.slot[0];
  }
  /* shared between group 1 (slot 10) and group 2 (slot 20): a 5-node list;
   * slot 10 owns 3 more nodes in front of it, slot 20 owns a large array
   * holding the shared list's head. */
  for (int i = 0; i < 5; i++) R.slot[11] = OBJ_REF(new_node(h, R.slot[11], i));
  rc_ref shared = R.slot[11];
  R.slot[10] = shared;
  for (int i = 0; i < 3; i++) R.slot[10] = OBJ_REF(new_node(h, R.slot[10], i));
  R.slot[11] = 0;
  struct gc_obj *big = new_refarr(h, 5000); /* 40 KiB: a large object */
  ELEM_REF(big, 4999) = shared;
  R.slot[20] = OBJ_REF(big);
  /* group 3 (slot 21): an i31 and a null only */
  R.slot[21] = REF_FROM_I31(7);
  /* a cycle reachable from group 4 (slot 22) and from shared-list node */
  struct gc_obj *a = new_node(h, 0, 1), *b = new_node(h, OBJ_REF(a), 2);
  FIELD_REF(a, 0) = OBJ_REF(b);
  R.slot[22] = OBJ_REF(a);
  for (int i = 0; i < 1000; i++) gc_alloc(h, &ti_pair, 32, 0); /* garbage */

  for (int round = 0; round < 2; round++) { /* owners are cleared: a second pass gives the same */
    uint64_t bytes[NGROUPS] = {0}, objs[NGROUPS] = {0};
    struct gc_attribution at = {bytes, objs, 0, 0, 0, 0};
    gc_collect_attributed(h, group_of, NULL, NGROUPS, &at);
    CHECK_EQ_INT(objs[0], 20);
    CHECK_EQ_INT(bytes[0], 20 * 32);
    CHECK_EQ_INT(objs[1], 3);
    CHECK_EQ_INT(bytes[1], 3 * 32);
    CHECK_EQ_INT(objs[2], 1);
    CHECK_EQ_INT(bytes[2], gc_obj_size(big));
    CHECK_EQ_INT(objs[3], 0);
    CHECK_EQ_INT(objs[4], 2);
    CHECK_EQ_INT(at.shared_objects, 5);
    CHECK_EQ_INT(at.shared_bytes, 5 * 32);
    CHECK_EQ_INT(at.live_objects, 20 + 3 + 1 + 2 + 5);
    uint64_t sum = at.shared_bytes;
    for (int g = 0; g < NGROUPS; g++) sum += bytes[g];
    CHECK_EQ_INT(sum, at.live_bytes);
    CHECK_EQ_INT(gc_verify(h), 0);
  }
  /* link the cycle into the shared list's last node: now group 4's cycle is
   * reachable from groups 1 and 2 too */
  struct gc_obj *last = REF_OBJ(shared);
  while (FIELD_REF(last, 0)) last = REF_OBJ(FIELD_REF(last, 0));
  FIELD_REF(last, 0) = OBJ_REF(a);
  {
    uint64_t bytes[NGROUPS] = {0}, objs[NGROUPS] = {0};
    struct gc_attribution at = {bytes, objs, 0, 0, 0, 0};
    gc_collect_attributed(h, group_of, NULL, NGROUPS, &at);
    CHECK_EQ_INT(objs[4], 0);
    CHECK_EQ_INT(at.shared_objects, 7);
  }
  /* a million-long list: no recursion, small stack */
  for (int i = 0; i < 1000000; i++) R.slot[30] = OBJ_REF(new_node(h, R.slot[30], i));
  {
    uint64_t bytes[NGROUPS] = {0}, objs[NGROUPS] = {0};
    struct gc_attribution at = {bytes, objs, 0, 0, 0, 0};
    gc_collect_attributed(h, group_of, NULL, NGROUPS, &at);
    CHECK_EQ_INT(objs[30 - 18], 1000000);
  }
  gc_free(h);

  /* OOM hook: at the limit, the hook sees the roots of the failing allocation */
  memset(&R, 0, sizeof R);
  h = new_heap(1 << 20, false);
  gc_set_roots(h, enum_roots, &R);
  gc_set_oom_hook(h, on_oom, NULL);
  struct gc_obj *o;
  while ((o = new_node(h, R.slot[0], 0))) R.slot[0] = OBJ_REF(o);
  CHECK_EQ_INT(oom_calls, 1);
  CHECK(oom_group0 > (1 << 20) * 3 / 4);
  R.slot[0] = 0;
  CHECK(new_node(h, 0, 0) != NULL);
  CHECK_EQ_INT(gc_verify(h), 0);
  gc_free(h);
  printf("attribution ok\n");
  return TEST_DONE();
}
