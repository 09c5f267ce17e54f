/* Module-level validation: the type section (index checks before the type
 * store canonicalises it, subtype declarations after), imports, tags,
 * functions, memories, tables, globals, data and element segments, function
 * bodies, start function and exports, in the order of the spec's reference
 * interpreter (so that a module with several errors reports the same one).
 *
 * The context grows as it goes: a table initialiser sees only imported
 * globals, a global initialiser sees the globals before it, and everything
 * after the globals sees them all. */
#include "valid/valid_internal.h"

#include <stdlib.h>

/* ---- type section ---- */

static bool check_type_ref(struct vctx *v, valtype t, uint32_t limit) {
  if (VT_IS_REF(t) && HT_IS_CONCRETE(VT_HEAP(t)) && VT_HEAP(t) >= limit)
    return verr(v, "unknown type %u", VT_HEAP(t));
  return true;
}

/* Before canonicalisation: every type index a definition uses must name a
 * type of its own rec group or an earlier one, and a supertype must be
 * declared earlier than its subtype. */
static bool check_types_pre(struct vctx *v) {
  struct module *m = v->m;
  for (uint32_t i = 0; i < m->ntypes; i++) {
    const struct subtype *st = &m->types[i];
    uint64_t limit64 = (uint64_t)st->rec_start + st->rec_len;
    uint32_t limit = limit64 > m->ntypes ? m->ntypes : (uint32_t)limit64;
    const struct comptype *ct = &st->comp;
    switch (ct->kind) {
    case COMP_FUNC:
      for (uint32_t k = 0; k < ct->func.nparams + ct->func.nresults; k++)
        if (!check_type_ref(v, ct->func.params[k], limit)) return false;
      break;
    case COMP_STRUCT:
      for (uint32_t k = 0; k < ct->st.nfields; k++)
        if (!check_type_ref(v, ct->st.fields[k].type, limit)) return false;
      break;
    case COMP_ARRAY:
      if (!check_type_ref(v, ct->array.type, limit)) return false;
      break;
    }
    if (st->nsupers > 1) return verr(v, "sub type %u has more than one super type", i);
    if (st->super != UINT32_MAX) {
      if (st->super >= limit) return verr(v, "unknown type %u", st->super);
      if (st->super >= i) return verr(v, "forward use of type %u in sub type definition", st->super);
    }
  }
  return true;
}

static bool field_sub(struct vctx *v, const struct fieldtype *a, const struct fieldtype *b) {
  if (a->mut != b->mut) return false;
  if (a->mut) return a->type == b->type;
  if (a->type == VT_I8 || a->type == VT_I16 || b->type == VT_I8 || b->type == VT_I16) return a->type == b->type;
  return vsub(v, a->type, b->type);
}

/* Does comptype a (canonical) match b? */
static bool comp_sub(struct vctx *v, const struct comptype *a, const struct comptype *b) {
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case COMP_FUNC:
    if (a->func.nparams != b->func.nparams || a->func.nresults != b->func.nresults) return false;
    for (uint32_t i = 0; i < a->func.nparams; i++)
      if (!vsub(v, b->func.params[i], a->func.params[i])) return false;
    for (uint32_t i = 0; i < a->func.nresults; i++)
      if (!vsub(v, a->func.results[i], b->func.results[i])) return false;
    return true;
  case COMP_STRUCT:
    if (a->st.nfields < b->st.nfields) return false;
    for (uint32_t i = 0; i < b->st.nfields; i++)
      if (!field_sub(v, &a->st.fields[i], &b->st.fields[i])) return false;
    return true;
  case COMP_ARRAY:
    return field_sub(v, &a->array, &b->array);
  }
  return false;
}

static bool check_types_post(struct vctx *v) {
  struct module *m = v->m;
  for (uint32_t i = 0; i < m->ntypes; i++) {
    uint32_t s = m->types[i].super;
    if (s == UINT32_MAX) continue;
    if (m->types[s].final) return verr(v, "sub type %u has final super type %u", i, s);
    const struct typeinfo *a = types_get(v->ts, m->types[i].canon);
    const struct typeinfo *b = types_get(v->ts, m->types[s].canon);
    if (!comp_sub(v, &a->comp, &b->comp)) return verr(v, "sub type %u does not match super type %u", i, s);
  }
  return true;
}

/* ---- limits ---- */

static bool check_limits(struct vctx *v, const struct limits *l, uint64_t range, const char *msg) {
  if (l->min > range || (l->has_max && l->max > range)) return verr(v, "%s", msg);
  if (l->has_max && l->min > l->max) return verr(v, "size minimum must not be greater than maximum");
  return true;
}

static bool check_memtype(struct vctx *v, const struct limits *l) {
  if (l->is64) return check_limits(v, l, 1ull << 48, "memory size must be at most 2^48 pages (256TiB)");
  return check_limits(v, l, 1ull << 16, "memory size must be at most 65536 pages (4GiB)");
}

static bool check_tabletype(struct vctx *v, const struct tabletype *tt, valtype *elem) {
  if (!vcanon(v, tt->elem, elem)) return false;
  if (tt->lim.is64) return check_limits(v, &tt->lim, UINT64_MAX, "table size must be at most 2^64-1");
  return check_limits(v, &tt->lim, UINT32_MAX, "table size must be at most 2^32-1");
}

static const struct functype *check_tagtype(struct vctx *v, uint32_t typeidx) {
  const struct functype *ft = vfunctype(v, typeidx);
  if (ft && ft->nresults != 0) {
    verr_impl(v, "non-empty tag result type");
    return NULL;
  }
  return ft;
}

/* ---- imports and definitions ---- */

static bool check_imports(struct vctx *v) {
  struct module *m = v->m;
  uint32_t nf = 0, nt = 0, nm = 0, ng = 0, ntag = 0;
  for (uint32_t i = 0; i < m->nimports; i++) {
    const struct import *im = &m->imports[i];
    bool ok = true;
    switch (im->kind) {
    case EXT_FUNC: {
      const struct functype *ft = vfunctype(v, im->func_type);
      ok = ft != NULL;
      if (ok && nf < m->nfuncs) v->func_sig[nf++] = ft;
      break;
    }
    case EXT_TABLE: {
      valtype elem;
      ok = check_tabletype(v, &im->table, &elem);
      if (nt < m->ntables) v->table_elem[nt++] = elem;
      break;
    }
    case EXT_MEMORY:
      ok = check_memtype(v, &im->mem);
      nm++;
      break;
    case EXT_GLOBAL:
      if (ng < m->nglobals) {
        ok = vcanon(v, im->global.type, &v->global_type[ng]);
        v->global_mut[ng++] = im->global.mut;
      }
      break;
    case EXT_TAG: {
      const struct functype *ft = check_tagtype(v, im->tag_type);
      ok = ft != NULL;
      if (ok && ntag < m->ntags) v->tag_sig[ntag++] = ft;
      break;
    }
    }
    if (!ok) {
      if (v->err) v->err->offset = im->offset;
      return false;
    }
  }
  return true;
}

static bool check_globals(struct vctx *v) {
  struct module *m = v->m;
  for (uint32_t i = m->nimported_globals; i < m->nglobals; i++) {
    const struct global *g = &m->globals[i];
    valtype t;
    v->nglobals_vis = i;
    if (!vcanon(v, g->type.type, &t) || !valid_const(v, g->init, t, CODE_GLOBAL_INIT, i, 0)) return false;
    v->global_type[i] = t;
    v->global_mut[i] = g->type.mut;
  }
  v->nglobals_vis = m->nglobals;
  return true;
}

static bool check_tables(struct vctx *v) {
  struct module *m = v->m;
  for (uint32_t i = m->nimported_tables; i < m->ntables; i++) {
    const struct table *t = &m->tables[i];
    if (!check_tabletype(v, &t->type, &v->table_elem[i])) return false;
    v->ntables_vis = i + 1;
    if (t->has_init) {
      if (!valid_const(v, t->init, v->table_elem[i], CODE_TABLE_INIT, i, 0)) return false;
    } else if (!VT_NULLABLE(v->table_elem[i])) {
      return verr(v, "type mismatch");
    }
  }
  v->ntables_vis = m->ntables;
  return true;
}

static bool check_datas(struct vctx *v) {
  struct module *m = v->m;
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const struct data *d = &m->datas[i];
    if (d->mode != SEG_ACTIVE) continue;
    if (d->mem >= m->nmems) return verr(v, "unknown memory %u", d->mem);
    valtype addr = m->mems[d->mem].is64 ? VT_I64 : VT_I32;
    if (!valid_const(v, d->offset, addr, CODE_DATA_OFFSET, i, 0)) return false;
  }
  return true;
}

static bool check_elems(struct vctx *v) {
  struct module *m = v->m;
  for (uint32_t i = 0; i < m->nelems; i++) {
    const struct elem *e = &m->elems[i];
    valtype t;
    if (!vcanon(v, e->type, &t)) return false;
    v->elem_type[i] = t;
    for (uint32_t k = 0; k < e->count; k++) {
      if (e->funcs) {
        uint32_t f = e->funcs[k];
        if (f >= m->nfuncs) return verr(v, "unknown function %u", f);
        if (!vsub(v, VT_REF(m->types[m->func_types[f]].canon, 0), t)) return verr(v, "type mismatch");
      } else if (e->exprs && !valid_const(v, e->exprs[k], t, CODE_ELEM_ITEM, i, k)) {
        return false;
      }
    }
    if (e->mode == SEG_ACTIVE) {
      if (e->table >= m->ntables) return verr(v, "unknown table %u", e->table);
      if (!vsub(v, t, v->table_elem[e->table])) return verr(v, "type mismatch");
      valtype addr = m->tables[e->table].type.lim.is64 ? VT_I64 : VT_I32;
      if (!valid_const(v, e->offset, addr, CODE_ELEM_OFFSET, i, 0)) return false;
    }
    v->nelems_vis = i + 1;
  }
  return true;
}

/* ---- C.refs: functions named outside function bodies ---- */

static void scan_refs(struct vctx *v, struct expr e) {
  struct instr_reader ir;
  struct instr in;
  struct rc_error scratch;
  instr_reader_init(&ir, v->m->bytes, e.start, e.end);
  while (!rd_eof(&ir.r) && instr_next(&ir, &in, &scratch))
    if (in.op == OP_ref_func && in.idx < v->m->nfuncs) v->func_declared[in.idx] = 1;
  instr_reader_free(&ir);
}

static void collect_refs(struct vctx *v) {
  struct module *m = v->m;
  for (uint32_t i = 0; i < m->nexports; i++)
    if (m->exports[i].kind == EXT_FUNC && m->exports[i].index < m->nfuncs)
      v->func_declared[m->exports[i].index] = 1;
  for (uint32_t i = m->nimported_globals; i < m->nglobals; i++) scan_refs(v, m->globals[i].init);
  for (uint32_t i = m->nimported_tables; i < m->ntables; i++)
    if (m->tables[i].has_init) scan_refs(v, m->tables[i].init);
  for (uint32_t i = 0; i < m->nelems; i++) {
    const struct elem *e = &m->elems[i];
    for (uint32_t k = 0; k < e->count; k++) {
      if (e->funcs && e->funcs[k] < m->nfuncs) v->func_declared[e->funcs[k]] = 1;
      else if (e->exprs) scan_refs(v, e->exprs[k]);
    }
    if (e->mode == SEG_ACTIVE) scan_refs(v, e->offset);
  }
  for (uint32_t i = 0; i < m->ndatas; i++)
    if (m->datas[i].mode == SEG_ACTIVE) scan_refs(v, m->datas[i].offset);
}

/* ---- start and exports ---- */

static bool check_start(struct vctx *v) {
  struct module *m = v->m;
  if (m->start == UINT32_MAX) return true;
  if (m->start >= m->nfuncs) return verr(v, "unknown function %u", m->start);
  const struct functype *ft = v->func_sig[m->start];
  if (ft->nparams || ft->nresults) return verr(v, "start function must not have parameters or results");
  return true;
}

static int cmp_name(const struct name *a, const struct name *b) {
  int c = memcmp(a->data, b->data, RC_MIN(a->len, b->len));
  if (c) return c;
  return a->len < b->len ? -1 : a->len > b->len;
}

static int cmp_export(const void *a, const void *b) {
  return cmp_name(&(*(const struct export *const *)a)->name, &(*(const struct export *const *)b)->name);
}

static bool check_exports(struct vctx *v) {
  struct module *m = v->m;
  for (uint32_t i = 0; i < m->nexports; i++) {
    const struct export *ex = &m->exports[i];
    uint32_t x = ex->index;
    switch (ex->kind) {
    case EXT_FUNC: if (x >= m->nfuncs) return verr(v, "unknown function %u", x); break;
    case EXT_TABLE: if (x >= m->ntables) return verr(v, "unknown table %u", x); break;
    case EXT_MEMORY: if (x >= m->nmems) return verr(v, "unknown memory %u", x); break;
    case EXT_GLOBAL: if (x >= m->nglobals) return verr(v, "unknown global %u", x); break;
    case EXT_TAG: if (x >= m->ntags) return verr(v, "unknown tag %u", x); break;
    }
  }
  if (m->nexports < 2) return true;
  const struct export **order = rc_malloc(m->nexports * sizeof *order);
  for (uint32_t i = 0; i < m->nexports; i++) order[i] = &m->exports[i];
  qsort(order, m->nexports, sizeof *order, cmp_export);
  bool ok = true;
  for (uint32_t i = 1; i < m->nexports && ok; i++)
    if (!cmp_name(&order[i - 1]->name, &order[i]->name))
      ok = verr(v, "duplicate export name \"%s\"", order[i]->name.data);
  free(order);
  return ok;
}

/* ---- the module ---- */

static bool check_definitions(struct vctx *v) {
  struct module *m = v->m;
  if (!check_imports(v)) return false;
  for (uint32_t i = m->nimported_tags; i < m->ntags; i++)
    if (!(v->tag_sig[i] = check_tagtype(v, m->tags[i]))) return false;
  v->ntags_vis = m->ntags;
  for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++)
    if (!(v->func_sig[i] = vfunctype(v, m->func_types[i]))) return false;
  v->nfuncs_vis = m->nfuncs;
  for (uint32_t i = m->nimported_mems; i < m->nmems; i++)
    if (!check_memtype(v, &m->mems[i])) return false;
  v->nmems_vis = m->nmems;
  v->nglobals_vis = m->nimported_globals;
  v->ntables_vis = m->nimported_tables;
  return check_tables(v) && check_globals(v) && check_datas(v) && check_elems(v);
}

bool module_validate(struct module *m, struct typestore *ts, const struct val_listener *listener,
                     struct rc_error *err) {
  struct vctx v = {.m = m, .ts = ts, .lis = listener, .err = err, .func = RC_NO_FUNC};
  bool ok = check_types_pre(&v) && types_canonicalize(ts, m, err) && check_types_post(&v);
  if (ok) {
    v.func_sig = rc_calloc(m->nfuncs + 1, sizeof *v.func_sig);
    v.global_type = rc_calloc(m->nglobals + 1, sizeof *v.global_type);
    v.global_mut = rc_calloc(m->nglobals + 1, sizeof *v.global_mut);
    v.table_elem = rc_calloc(m->ntables + 1, sizeof *v.table_elem);
    v.elem_type = rc_calloc(m->nelems + 1, sizeof *v.elem_type);
    v.tag_sig = rc_calloc(m->ntags + 1, sizeof *v.tag_sig);
    v.func_declared = rc_calloc(m->nfuncs + 1, 1);
    v.ndatas = m->has_data_count ? m->data_count : m->ndatas;
    ok = check_definitions(&v);
    if (ok) {
      collect_refs(&v);
      for (uint32_t f = m->nimported_funcs; ok && f < m->nfuncs; f++) ok = valid_body(&v, f);
      v.func = RC_NO_FUNC;
    }
    ok = ok && check_start(&v) && check_exports(&v);
  }
  free(v.func_sig);
  free(v.global_type);
  free(v.global_mut);
  free(v.table_elem);
  free(v.elem_type);
  free(v.tag_sig);
  free(v.func_declared);
  vctx_code_free(&v);
  return ok;
}
