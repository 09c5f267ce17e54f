/* Building a typeinfo: the canonical copy of a composite type, its
 * supertype chain, the object layout of struct fields and array elements,
 * and value-slot counts of function types. */
#include "types/typestore_internal.h"

#include <stdlib.h>

/* Bytes a field of this storage type occupies (references are one word). */
static uint32_t storage_size(valtype t) {
  switch (VT_CODE(t)) {
  case VT_I8: return 1;
  case VT_I16: return 2;
  case VT_I32:
  case VT_F32: return 4;
  case VT_V128: return 16;
  default: return 8; /* i64, f64, references */
  }
}

static void layout_struct(struct typeinfo *ti) {
  uint32_t n = ti->comp.st.nfields, off = 0, align = 1;
  ti->field_offsets = rc_malloc((n ? n : 1) * sizeof *ti->field_offsets);
  ti->ref_offsets = rc_malloc((n ? n : 1) * sizeof *ti->ref_offsets);
  ti->nrefs = 0;
  for (uint32_t i = 0; i < n; i++) {
    valtype t = ti->comp.st.fields[i].type;
    uint32_t sz = storage_size(t);
    off = (off + sz - 1) & ~(sz - 1); /* natural alignment */
    ti->field_offsets[i] = off;
    if (types_ref_traced(t)) ti->ref_offsets[ti->nrefs++] = off;
    off += sz;
    if (sz > align) align = sz;
  }
  /* round up so that arrays of payloads / the next object stay aligned */
  if (align < 8) align = 8;
  ti->payload_size = (off + align - 1) & ~(align - 1);
}

struct typeinfo *typeinfo_new(uint32_t id, const struct module *m, const struct subtype *st) {
  struct typeinfo *ti = rc_calloc(1, sizeof *ti);
  const struct comptype *c = &st->comp;
  ti->id = id;
  ti->kind = (enum ti_kind)c->kind;
  ti->final = st->final;
  ti->comp.kind = c->kind;
  switch (c->kind) {
  case COMP_FUNC: {
    const struct functype *f = &c->func;
    struct functype *g = &ti->comp.func;
    g->nparams = f->nparams;
    g->nresults = f->nresults;
    g->params = rc_malloc(((size_t)f->nparams + f->nresults + 1) * sizeof(valtype));
    g->results = g->params + f->nparams;
    for (uint32_t i = 0; i < f->nparams; i++) {
      g->params[i] = types_canon_valtype(m, f->params[i]);
      ti->param_slots += vt_slots(g->params[i]);
    }
    for (uint32_t i = 0; i < f->nresults; i++) {
      g->results[i] = types_canon_valtype(m, f->results[i]);
      ti->result_slots += vt_slots(g->results[i]);
    }
    break;
  }
  case COMP_STRUCT:
    ti->comp.st.nfields = c->st.nfields;
    ti->comp.st.fields = rc_malloc(((size_t)c->st.nfields + 1) * sizeof(struct fieldtype));
    for (uint32_t i = 0; i < c->st.nfields; i++) {
      ti->comp.st.fields[i].type = types_canon_valtype(m, c->st.fields[i].type);
      ti->comp.st.fields[i].mut = c->st.fields[i].mut;
    }
    layout_struct(ti);
    break;
  case COMP_ARRAY:
    ti->comp.array.type = types_canon_valtype(m, c->array.type);
    ti->comp.array.mut = c->array.mut;
    ti->elem_size = storage_size(ti->comp.array.type);
    ti->elem_traced = types_ref_traced(ti->comp.array.type);
    break;
  }
  return ti;
}

#define DEPTH_VISITING UINT32_MAX

static void link(struct typestore *ts, const struct module *m, uint32_t start, uint32_t n, uint32_t i) {
  const struct subtype *st = &m->types[start + i];
  struct typeinfo *ti = typestore_info_mut(ts, st->canon);
  if (ti->supers) return;
  const struct typeinfo *sup = NULL;
  if (st->super != UINT32_MAX && st->super < m->ntypes) {
    uint32_t s = st->super;
    if (s >= start && s - start < n) { /* in this group: link it first */
      struct typeinfo *sti = typestore_info_mut(ts, m->types[s].canon);
      if (sti->depth != DEPTH_VISITING) { /* a cycle is invalid; the validator rejects it */
        ti->depth = DEPTH_VISITING;
        link(ts, m, start, n, s - start);
        ti->depth = 0;
        if (ti->supers) return; /* a self-cycle linked it already */
        sup = sti;
      }
    } else {
      sup = types_get(ts, m->types[s].canon);
    }
  }
  if (sup && !sup->supers) sup = NULL; /* only when a cycle cut the chain */
  ti->depth = sup ? sup->depth + 1 : 0;
  const struct typeinfo **chain = rc_malloc((ti->depth + 1) * sizeof *chain);
  if (sup) memcpy(chain, sup->supers, ti->depth * sizeof *chain);
  chain[ti->depth] = ti;
  ti->supers = chain;
}

void typeinfo_link_supers(struct typestore *ts, const struct module *m, uint32_t start, uint32_t n, uint32_t i) {
  link(ts, m, start, n, i);
}

void typeinfo_free(struct typeinfo *ti) {
  if (!ti) return;
  if (ti->comp.kind == COMP_FUNC) free(ti->comp.func.params);
  else if (ti->comp.kind == COMP_STRUCT) free(ti->comp.st.fields);
  free(ti->supers);
  free(ti->field_offsets);
  free(ti->ref_offsets);
  free(ti);
}
