/* The engine: the type store shared by its stores, and the default config. */
#include "runtime/rt.h"

#include <stdlib.h>

void rc_config_default(struct rc_config *c) {
  memset(c, 0, sizeof *c);
  c->max_call_depth = 10000;          /* the spec tests need >= 256 */
  c->max_value_stack = 1u << 20;      /* slots: 8 MiB */
  c->max_memory_bytes = 4ull << 30;   /* 65536 pages: the 32-bit spec limit */
  c->max_table_elems = 1u << 24;      /* 128 MiB of references */
  c->gc_heap_max = 0;                 /* the collector's default */
  c->gc_stress = false;
  c->fuel = 0;
}

struct engine *engine_new(void) {
  struct engine *e = rc_calloc(1, sizeof *e);
  e->types = typestore_new();
  e->gc_pool = gc_pool_new();
  rc_config_default(&e->config);
  return e;
}

static void free_host_type_module(struct module *m) {
  for (uint32_t i = 0; i < m->ntypes; i++) free(m->types[i].comp.func.params);
  free(m->types);
  free(m);
}

void engine_free(struct engine *e) {
  if (!e) return;
  typestore_free(e->types);
  gc_pool_free(e->gc_pool);
  free(e);
}

/* The type store canonicalises types of modules only, so a host function
 * type is wrapped in a one-type module for the call (the store copies what
 * it keeps into the typeinfo). */
const struct typeinfo *engine_functype(struct engine *e, const valtype *params, uint32_t nparams,
                                       const valtype *results, uint32_t nresults) {
  struct module *m = rc_calloc(1, sizeof *m);
  m->types = rc_calloc(1, sizeof *m->types);
  m->ntypes = 1;
  struct subtype *st = &m->types[0];
  st->comp.kind = COMP_FUNC;
  st->comp.func.nparams = nparams;
  st->comp.func.nresults = nresults;
  st->comp.func.params = rc_malloc((nparams + nresults) * sizeof(valtype) + 1);
  st->comp.func.results = st->comp.func.params + nparams;
  if (nparams) memcpy(st->comp.func.params, params, nparams * sizeof(valtype));
  if (nresults) memcpy(st->comp.func.results, results, nresults * sizeof(valtype));
  st->final = true;
  st->super = UINT32_MAX;
  st->rec_start = 0;
  st->rec_len = 1;
  struct rc_error err;
  rc_error_clear(&err);
  const struct typeinfo *ti = NULL;
  if (types_canonicalize(e->types, m, &err)) ti = types_get(e->types, m->types[0].canon);
  free_host_type_module(m);
  return ti;
}
