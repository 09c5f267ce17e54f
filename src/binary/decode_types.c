/* Decoding the type section (rec groups, subtypes, function/struct/array
 * types) and the small type-like pieces other sections share: limits, table
 * types, global types and names. */
#include "binary/decode_internal.h"

#include <stdlib.h>

bool dec_name(struct dec *d, struct name *out) {
  uint32_t n;
  const uint8_t *p;
  if (!rd_len(&d->r, &n, d->err)) return false;
  size_t at = d->r.pos;
  if (!rd_bytes(&d->r, n, &p, d->err)) return false;
  if (!utf8_valid(p, n)) return dec_fail(d, at, "malformed UTF-8 encoding");
  out->data = rc_strndup((const char *)p, n);
  out->len = n;
  return true;
}

bool dec_limits(struct dec *d, struct limits *lim, bool is_table) {
  size_t at = d->r.pos;
  uint8_t flags;
  if (!rd_u8(&d->r, &flags, d->err)) return false;
  /* bit 0: has max, bit 1: shared (memories only), bit 2: 64-bit addresses */
  uint8_t allowed = is_table ? 0x05 : 0x07;
  if (flags & ~allowed) return dec_fail(d, at, "malformed limits flags");
  memset(lim, 0, sizeof *lim);
  lim->has_max = flags & 1;
  lim->shared = (flags >> 1) & 1;
  lim->is64 = (flags >> 2) & 1;
  /* Wasm 3.0 reads both bounds as u64 whatever the address type; the
   * validator checks that i32 limits fit (e.g. "memory size must be at most ...") */
  if (!rd_u64(&d->r, &lim->min, d->err)) return false;
  if (lim->has_max && !rd_u64(&d->r, &lim->max, d->err)) return false;
  return true;
}

bool dec_tabletype(struct dec *d, struct tabletype *tt) {
  return rd_reftype(&d->r, &tt->elem, d->err) && dec_limits(d, &tt->lim, true);
}

static bool dec_mut(struct dec *d, bool *mut) {
  size_t at = d->r.pos;
  uint8_t b;
  if (!rd_u8(&d->r, &b, d->err)) return false;
  if (b > 1) return dec_fail(d, at, "malformed mutability");
  *mut = b;
  return true;
}

bool dec_globaltype(struct dec *d, struct globaltype *gt) {
  return rd_valtype(&d->r, &gt->type, d->err) && dec_mut(d, &gt->mut);
}

static bool dec_fieldtype(struct dec *d, struct fieldtype *ft) {
  return rd_storagetype(&d->r, &ft->type, d->err) && dec_mut(d, &ft->mut);
}

static bool dec_functype(struct dec *d, struct functype *ft) {
  uint32_t np, nr;
  if (!rd_len(&d->r, &np, d->err)) return false;
  ft->params = rc_malloc(sizeof(valtype) * ((size_t)np + 1));
  ft->nparams = np;
  ft->nresults = 0;
  ft->results = ft->params + np;
  for (uint32_t i = 0; i < np; i++)
    if (!rd_valtype(&d->r, &ft->params[i], d->err)) return false;
  if (!rd_len(&d->r, &nr, d->err)) return false;
  ft->params = rc_realloc(ft->params, sizeof(valtype) * ((size_t)np + nr + 1));
  ft->results = ft->params + np;
  for (uint32_t i = 0; i < nr; i++) {
    if (!rd_valtype(&d->r, &ft->results[i], d->err)) return false;
    ft->nresults = i + 1;
  }
  return true;
}

static bool dec_comptype(struct dec *d, struct comptype *ct) {
  size_t at = d->r.pos;
  uint8_t b;
  if (!rd_u8(&d->r, &b, d->err)) return false;
  switch (b) {
  case 0x60:
    ct->kind = COMP_FUNC;
    return dec_functype(d, &ct->func);
  case 0x5F: {
    ct->kind = COMP_STRUCT;
    uint32_t n;
    if (!rd_len(&d->r, &n, d->err)) return false;
    ct->st.fields = rc_calloc(n ? n : 1, sizeof(struct fieldtype));
    ct->st.nfields = n;
    for (uint32_t i = 0; i < n; i++)
      if (!dec_fieldtype(d, &ct->st.fields[i])) return false;
    return true;
  }
  case 0x5E:
    ct->kind = COMP_ARRAY;
    return dec_fieldtype(d, &ct->array);
  default:
    /* leave a valid empty func type so module_free stays simple */
    ct->kind = COMP_FUNC;
    if (b & 0x80) return dec_fail(d, at + 1, "integer representation too long"); /* an s7 */
    return dec_fail(d, at, "malformed definition type");
  }
}

static bool dec_subtype(struct dec *d, struct subtype *st) {
  uint8_t b;
  st->final = true;
  st->super = UINT32_MAX;
  st->nsupers = 0;
  if (rd_peek(&d->r, &b) && (b == 0x50 || b == 0x4F)) {
    d->r.pos++;
    st->final = b == 0x4F;
    uint32_t n;
    if (!rd_len(&d->r, &n, d->err)) return false;
    st->nsupers = n;
    for (uint32_t i = 0; i < n; i++) {
      uint32_t x;
      if (!rd_u32(&d->r, &x, d->err)) return false;
      if (i == 0) st->super = x;
    }
  }
  return dec_comptype(d, &st->comp);
}

/* Append one zeroed subtype to m->types and return it (so that a failure
 * part-way leaves everything allocated reachable for module_free). */
static struct subtype *push_type(struct module *m, size_t *cap) {
  if (m->ntypes == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    m->types = rc_realloc(m->types, *cap * sizeof *m->types);
  }
  struct subtype *st = &m->types[m->ntypes++];
  memset(st, 0, sizeof *st);
  st->comp.kind = COMP_FUNC;
  st->canon = UINT32_MAX;
  return st;
}

bool dec_type_section(struct dec *d) {
  struct module *m = d->m;
  size_t cap = 0;
  uint32_t ngroups;
  if (!rd_len(&d->r, &ngroups, d->err)) return false;
  for (uint32_t g = 0; g < ngroups; g++) {
    uint8_t b;
    uint32_t n = 1;
    if (rd_peek(&d->r, &b) && b == 0x4E) {
      d->r.pos++;
      if (!rd_len(&d->r, &n, d->err)) return false;
    }
    uint32_t start = m->ntypes;
    if (n > RC_MAX_TYPES - start) return dec_fail(d, d->r.pos, "too many types");
    for (uint32_t i = 0; i < n; i++) {
      struct subtype *st = push_type(m, &cap);
      st->rec_start = start;
      st->rec_len = n;
      if (!dec_subtype(d, st)) return false;
    }
  }
  return true;
}
