/* Globals and tags: plain cells owned by the store (store_alloc memory). */
#include "runtime/rt.h"

struct globalinst *globalinst_new(struct store *s, valtype canonical_type, bool mut,
                                  const union rc_value *init) {
  struct globalinst *g = store_alloc(s, sizeof *g);
  g->type = canonical_type;
  g->mut = mut;
  if (init) g->val = *init;
  rc_vec_push(s->globals, g);
  return g;
}

struct taginst *taginst_new(struct store *s, const struct typeinfo *type) {
  struct taginst *t = store_alloc(s, sizeof *t);
  t->type = type;
  rc_vec_push(s->tags, t);
  return t;
}
