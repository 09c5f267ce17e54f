/* Runtime: the store's GC roots (globals, tables, element segments, extra
 * enumerators) keep host boxes alive; nothing else does. */
#include "gc/gc.h"
#include "runtime/rt.h"
#include "test.h"

static const struct typeinfo *host_supers[1];
static const struct typeinfo host_ti = {.id = UINT32_MAX, .kind = TI_HOST, .final = true, .supers = host_supers,
                                        .payload_size = 8};

static rc_ref box(struct store *s, uint64_t v) {
  struct gc_obj *o = gc_alloc(s->heap, &host_ti, 8, 0);
  CHECK(o != NULL);
  if (!o) return REF_NULL;
  HOSTBOX_VALUE(o) = v;
  return OBJ_REF(o);
}

static rc_ref extra;
static void extra_roots(void *ud, struct gc_heap *h, gc_visit_fn visit) {
  (void)ud;
  if (extra) visit(h, &extra);
}

static uint64_t live(struct store *s) {
  struct gc_stats st;
  gc_collect(s->heap);
  gc_get_stats(s->heap, &st);
  return st.live_objects;
}

int main(void) {
  struct engine *e = engine_new();
  struct store *s = store_new(e);
  union rc_value v = {0};
  v.ref = box(s, 1);
  struct globalinst *g = globalinst_new(s, VT_EXTERNREF, true, &v);
  struct tabletype tt = {VT_EXTERNREF, {3, 0, false, false, false}};
  struct tableinst *t = tableinst_new(s, &tt, REF_NULL, NULL);
  t->elems[1] = box(s, 2);
  t->elems[2] = REF_FROM_I31(5); /* i31 in an externref slot is not an object */
  box(s, 3);                     /* garbage */
  store_add_roots(s, extra_roots, NULL);
  extra = box(s, 4);
  CHECK_EQ_INT(live(s), 3);
  CHECK(HOSTBOX_VALUE(REF_OBJ(g->val.ref)) == 1);
  CHECK(HOSTBOX_VALUE(REF_OBJ(t->elems[1])) == 2);
  CHECK(HOSTBOX_VALUE(REF_OBJ(extra)) == 4);
  g->val.ref = REF_NULL;
  CHECK_EQ_INT(live(s), 2);
  store_remove_roots(s, extra_roots, NULL);
  CHECK_EQ_INT(live(s), 1);
  /* funcref tables are not traced: a funcref is a funcinst pointer. */
  struct tabletype ft = {VT_FUNCREF, {1, 0, false, false, false}};
  CHECK(tableinst_new(s, &ft, REF_NULL, NULL) != NULL);
  CHECK_EQ_INT(live(s), 1);
  store_free(s);
  engine_free(e);
  return TEST_DONE();
}
