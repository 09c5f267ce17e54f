/* Tables: a malloc'd array of references, resized on growth; the maximum
 * is never reserved up front. Invariant: elems holds size initialised
 * references and size <= max. */
#include "runtime/rt.h"

#include <stdlib.h>

static uint64_t effective_max(const struct store *s, const struct tabletype *type) {
  uint64_t max = type->lim.is64 ? UINT64_MAX : UINT32_MAX;
  if (type->lim.has_max && type->lim.max < max) max = type->lim.max;
  if (s->config.max_table_elems && s->config.max_table_elems < max) max = s->config.max_table_elems;
  if ((uint64_t)SIZE_MAX / sizeof(rc_ref) < max) max = (uint64_t)SIZE_MAX / sizeof(rc_ref);
  return max;
}

struct tableinst *tableinst_new(struct store *s, const struct tabletype *type, rc_ref init,
                                struct rc_error *err) {
  uint64_t max = effective_max(s, type);
  if (type->lim.min > max) {
    rc_fail(err, RC_ERR_OOM, RC_NO_OFFSET, "table size %llu exceeds the limit of %llu elements",
            (unsigned long long)type->lim.min, (unsigned long long)max);
    return NULL;
  }
  size_t n = (size_t)type->lim.min;
  rc_ref *elems = malloc((n ? n : 1) * sizeof(rc_ref));
  if (!elems) {
    rc_fail(err, RC_ERR_OOM, RC_NO_OFFSET, "out of memory allocating a table of %zu elements", n);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) elems[i] = init;
  struct tableinst *t = rc_calloc(1, sizeof *t);
  t->elems = elems;
  t->size = n;
  t->max = max;
  t->elem = type->elem;
  t->is64 = type->lim.is64;
  t->type = type->lim;
  rc_vec_push(s->tables, t);
  return t;
}

int64_t tableinst_grow(struct tableinst *t, uint64_t delta, rc_ref init) {
  uint64_t old = t->size;
  if (delta == 0) return (int64_t)old;
  if (delta > t->max - old) return -1;
  size_t n = (size_t)(old + delta);
  rc_ref *elems = realloc(t->elems, n * sizeof(rc_ref));
  if (!elems) return -1;
  for (size_t i = (size_t)old; i < n; i++) elems[i] = init;
  t->elems = elems;
  t->size = n;
  return (int64_t)old;
}
