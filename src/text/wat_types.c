/* Types in WAT: value/heap/reference types, type definitions (rec, sub,
 * func/struct/array), type uses with implicit type insertion, block types,
 * and index references in every index space. */
#include <stdlib.h>

#include "text/wat_priv.h"

static const char *const space_what[SP_COUNT] = {
  "unknown type", "unknown function", "unknown table", "unknown memory",
  "unknown global", "unknown tag", "unknown elem segment", "unknown data segment",
};

bool wt_at_index(struct wat *w) {
  const struct token *t = cur_peek(w->c, 0);
  return t->kind == TOK_ID || (t->kind == TOK_RESERVED && t->len && t->s[0] >= '0' && t->s[0] <= '9');
}

bool wt_named_index(struct wat *w, wt_find_fn find, const void *ctx, const char *unknown, uint32_t *out) {
  struct cursor *c = w->c;
  const struct token *t = cur_peek(c, 0);
  if (t->kind == TOK_ID) {
    char *name;
    size_t len;
    WTRY(pu_id(c, &name, &len));
    bool ok = find(w, ctx, name, len, out);
    free(name);
    if (!ok) return cur_fail_at(c, t, "%s", unknown);
    return true;
  }
  if (t->kind != TOK_RESERVED) return cur_fail(c, "unexpected token");
  return pu_u32(c, out);
}

static bool find_in_nametab(struct wat *w, const void *tab, const char *name, size_t len, uint32_t *out) {
  (void)w;
  return nametab_get(tab, name, len, out);
}

bool wt_index(struct wat *w, int space, uint32_t *out) {
  return wt_named_index(w, find_in_nametab, &w->names[space], space_what[space], out);
}

/* Keywords that stand for one encoding byte. */
struct kw_byte { const char *kw; uint8_t b; };
static const struct kw_byte num_kws[] = {{"i32", 0x7f}, {"i64", 0x7e}, {"f32", 0x7d}, {"f64", 0x7c}, {"v128", 0x7b}};
static const struct kw_byte heap_kws[] = {
  {"func", 0x70}, {"extern", 0x6f}, {"any", 0x6e}, {"eq", 0x6d}, {"i31", 0x6c},
  {"struct", 0x6b}, {"array", 0x6a}, {"exn", 0x69}, {"none", 0x71}, {"noextern", 0x72},
  {"nofunc", 0x73}, {"noexn", 0x74},
};
static const struct kw_byte ref_kws[] = {
  {"funcref", 0x70}, {"externref", 0x6f}, {"anyref", 0x6e}, {"eqref", 0x6d}, {"i31ref", 0x6c},
  {"structref", 0x6b}, {"arrayref", 0x6a}, {"exnref", 0x69}, {"nullref", 0x71},
  {"nullexternref", 0x72}, {"nullfuncref", 0x73}, {"nullexnref", 0x74},
};

/* The entry of tab (n long) that token t spells, or NULL. */
static const struct kw_byte *kw_find(const struct token *t, const struct kw_byte *tab, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (tok_is(t, tab[i].kw)) return &tab[i];
  return NULL;
}

/* A one-byte type keyword of tab at the cursor: consumed into *out. */
static bool one_byte_type(struct wat *w, const struct kw_byte *tab, size_t n, struct vt *out) {
  const struct kw_byte *k = kw_find(cur_peek(w->c, 0), tab, n);
  if (!k) return false;
  cur_next(w->c);
  out->n = 1;
  out->b[0] = k->b;
  return true;
}

bool wt_heaptype(struct wat *w, struct buf *out, bool *abstract) {
  const struct token *t = cur_peek(w->c, 0);
  const struct kw_byte *k = kw_find(t, heap_kws, RC_ARRAY_LEN(heap_kws));
  if (k) {
    cur_next(w->c);
    buf_byte(out, k->b);
    if (abstract) *abstract = true;
    return true;
  }
  if (abstract) *abstract = false;
  if (!wt_at_index(w)) return cur_fail(w->c, t->kind == TOK_KEYWORD ? "unknown type" : "unexpected token");
  uint32_t idx;
  WTRY(wt_index(w, SP_TYPE, &idx));
  buf_s64(out, (int64_t)idx);
  return true;
}

static void vt_from_buf(struct vt *v, const struct buf *b) {
  v->n = (uint8_t)RC_MIN(b->len, sizeof v->b);
  if (v->n) memcpy(v->b, b->d, v->n);
}

/* `(ref null? ht)` after the '(' */
static bool ref_sexp(struct wat *w, struct vt *out) {
  struct cursor *c = w->c;
  WTRY(cur_expect_kw(c, "ref"));
  bool null = false;
  if (tok_is(cur_peek(c, 0), "null")) { null = true; cur_next(c); }
  struct buf b = {0};
  bool abs;
  buf_byte(&b, null ? 0x63 : 0x64);
  if (!wt_heaptype(w, &b, &abs)) { buf_free(&b); return false; }
  if (null && abs) { b.d[0] = b.d[1]; b.len = 1; } /* shorthand, as the reference encoder writes */
  vt_from_buf(out, &b);
  buf_free(&b);
  return cur_expect(c, TOK_RPAR);
}

bool wt_reftype(struct wat *w, struct vt *out, bool *is_ref) {
  *is_ref = true;
  if (one_byte_type(w, ref_kws, RC_ARRAY_LEN(ref_kws), out)) return true;
  if (cur_at_sexp(w->c, "ref")) {
    cur_next(w->c);
    return ref_sexp(w, out);
  }
  *is_ref = false;
  return true;
}

bool wt_at_valtype(struct wat *w) {
  const struct token *t = cur_peek(w->c, 0);
  return kw_find(t, num_kws, RC_ARRAY_LEN(num_kws)) || kw_find(t, ref_kws, RC_ARRAY_LEN(ref_kws)) ||
         cur_at_sexp(w->c, "ref");
}

bool wt_valtype(struct wat *w, struct vt *out) {
  const struct token *t = cur_peek(w->c, 0);
  if (one_byte_type(w, num_kws, RC_ARRAY_LEN(num_kws), out)) return true;
  bool is_ref;
  WTRY(wt_reftype(w, out, &is_ref));
  if (!is_ref) {
    if (t->kind == TOK_KEYWORD) return cur_fail(w->c, "unknown operator %.*s", (int)RC_MIN(t->len, 40), t->s);
    return cur_fail(w->c, "unexpected token");
  }
  return true;
}

static bool storagetype(struct wat *w, struct vt *out) {
  const struct token *t = cur_peek(w->c, 0);
  if (tok_is(t, "i8") || tok_is(t, "i16")) {
    out->n = 1;
    out->b[0] = tok_is(t, "i8") ? 0x78 : 0x77;
    cur_next(w->c);
    return true;
  }
  return wt_valtype(w, out);
}

static bool fieldtype(struct wat *w, struct wtype *ty) {
  struct vt v;
  uint8_t mut = 0;
  if (cur_at_sexp(w->c, "mut")) {
    cur_next(w->c); cur_next(w->c);
    WTRY(storagetype(w, &v));
    WTRY(cur_expect(w->c, TOK_RPAR));
    mut = 1;
  } else {
    WTRY(storagetype(w, &v));
  }
  rc_vec_push(ty->fields, v);
  rc_vec_push(ty->muts, mut);
  return true;
}

/* (param $id? t) | (param t*) ... (result t*)...; names collected if wanted */
static bool params_results(struct wat *w, struct wtype *ty, local_vec *names,
                           bool allow_names) {
  struct cursor *c = w->c;
  while (cur_at_sexp(c, "param")) {
    cur_next(c); cur_next(c);
    if (cur_at(c, TOK_ID)) {
      if (!allow_names) return cur_fail(c, "unexpected token");
      struct local_ent le;
      WTRY(pu_id(c, &le.name, &le.len));
      if (names) rc_vec_push(*names, le);
      else free(le.name);
      struct vt v;
      WTRY(wt_valtype(w, &v));
      rc_vec_push(ty->params, v);
    } else {
      while (!cur_at(c, TOK_RPAR)) {
        struct vt v;
        WTRY(wt_valtype(w, &v));
        rc_vec_push(ty->params, v);
        if (names) { struct local_ent le = {NULL, 0}; rc_vec_push(*names, le); }
      }
    }
    WTRY(cur_expect(c, TOK_RPAR));
  }
  while (cur_at_sexp(c, "result")) {
    cur_next(c); cur_next(c);
    while (!cur_at(c, TOK_RPAR)) {
      struct vt v;
      WTRY(wt_valtype(w, &v));
      rc_vec_push(ty->results, v);
    }
    WTRY(cur_expect(c, TOK_RPAR));
  }
  return true;
}

/* comptype after '(' */
static bool comptype(struct wat *w, struct wtype *ty) {
  struct cursor *c = w->c;
  const struct token *t = cur_peek(c, 0);
  if (tok_is(t, "func")) {
    cur_next(c);
    ty->kind = 0x60;
    WTRY(params_results(w, ty, NULL, true));
  } else if (tok_is(t, "struct")) {
    cur_next(c);
    ty->kind = 0x5f;
    while (cur_at_sexp(c, "field")) {
      cur_next(c); cur_next(c);
      if (cur_at(c, TOK_ID)) {
        const struct token *idt = cur_peek(c, 0);
        char *name;
        size_t len;
        WTRY(pu_id(c, &name, &len));
        bool ok = nametab_add(&ty->fieldnames, name, len, (uint32_t)ty->fields.len);
        free(name);
        if (!ok) return cur_fail_at(c, idt, "duplicate field");
        WTRY(fieldtype(w, ty));
      } else {
        while (!cur_at(c, TOK_RPAR)) WTRY(fieldtype(w, ty));
      }
      WTRY(cur_expect(c, TOK_RPAR));
    }
  } else if (tok_is(t, "array")) {
    cur_next(c);
    ty->kind = 0x5e;
    WTRY(fieldtype(w, ty));
  } else {
    return cur_fail(c, "unexpected token");
  }
  return cur_expect(c, TOK_RPAR);
}

void wtype_free(struct wtype *t) {
  rc_vec_free(t->supers);
  rc_vec_free(t->params);
  rc_vec_free(t->results);
  rc_vec_free(t->fields);
  rc_vec_free(t->muts);
  nametab_free(&t->fieldnames);
}

/* After "(type": $id? (sub final? x* comptype) | comptype, then ')'. */
bool wt_typedef(struct wat *w, struct wtype *ty) {
  struct cursor *c = w->c;
  if (cur_at(c, TOK_ID)) cur_next(c); /* bound in pass 1 */
  WTRY(cur_expect(c, TOK_LPAR));
  if (tok_is(cur_peek(c, 0), "sub")) {
    cur_next(c);
    ty->final = false;
    if (tok_is(cur_peek(c, 0), "final")) { ty->final = true; cur_next(c); }
    while (wt_at_index(w)) {
      uint32_t x;
      WTRY(wt_index(w, SP_TYPE, &x));
      rc_vec_push(ty->supers, x);
    }
    WTRY(cur_expect(c, TOK_LPAR));
    WTRY(comptype(w, ty));
    WTRY(cur_expect(c, TOK_RPAR));
  } else {
    ty->final = true;
    WTRY(comptype(w, ty));
  }
  ty->implicit_ok = ty->final && ty->supers.len == 0 && ty->kind == 0x60;
  return cur_expect(c, TOK_RPAR);
}

static bool vts_eq(const struct vt *a, size_t na, const struct vt *b, size_t nb) {
  if (na != nb) return false;
  for (size_t i = 0; i < na; i++)
    if (a[i].n != b[i].n || memcmp(a[i].b, b[i].b, a[i].n) != 0) return false;
  return true;
}

static bool functype_matches(const struct wtype *t, const struct wtype *f) {
  return t->kind == 0x60 && vts_eq(t->params.data, t->params.len, f->params.data, f->params.len) &&
         vts_eq(t->results.data, t->results.len, f->results.data, f->results.len);
}

/* Find or insert the implicit type for f (which is consumed). */
static uint32_t implicit_type(struct wat *w, struct wtype *f) {
  if (w->collect && w->fn) {
    bool found = false;
    for (size_t i = 0; i < w->types.len && !found; i++) {
      struct wtype *t = &w->types.data[i];
      found = t->implicit_ok && t->rec_size == 1 && functype_matches(t, f);
    }
    if (found) { wtype_free(f); return 0; }
    struct type_req r;
    r.f = *f;
    r.keylen = w->fn->path.len;
    r.key = rc_malloc((r.keylen + 1) * sizeof(int32_t));
    if (r.keylen) memcpy(r.key, w->fn->path.data, r.keylen * sizeof(int32_t));
    rc_vec_push(w->reqs, r);
    return 0;
  }
  for (size_t i = 0; i < w->types.len; i++) {
    struct wtype *t = &w->types.data[i];
    if (t->implicit_ok && t->rec_size == 1 && functype_matches(t, f)) {
      wtype_free(f);
      return (uint32_t)i;
    }
  }
  f->kind = 0x60;
  f->final = true;
  f->implicit_ok = true;
  f->rec_size = 1;
  rc_vec_push(w->types, *f);
  return (uint32_t)(w->types.len - 1);
}

static bool typeuse_impl(struct wat *w, uint32_t *typeidx, local_vec *names,
                         bool allow_names, bool block, struct buf *bt) {
  struct cursor *c = w->c;
  bool has_idx = false;
  uint32_t x = 0;
  const struct token *at = cur_peek(c, 0);
  if (cur_at_sexp(c, "type")) {
    cur_next(c); cur_next(c);
    WTRY(wt_index(w, SP_TYPE, &x));
    WTRY(cur_expect(c, TOK_RPAR));
    has_idx = true;
  }
  struct wtype f;
  memset(&f, 0, sizeof f);
  size_t names_before = names ? names->len : 0;
  if (!params_results(w, &f, names, allow_names)) { wtype_free(&f); return false; }
  if (cur_at_sexp(c, "param") || cur_at_sexp(c, "type")) { wtype_free(&f); return cur_fail(c, "unexpected token"); }
  if (has_idx) {
    bool inline_given = f.params.len || f.results.len;
    if (x < w->types.len) {
      struct wtype *t = &w->types.data[x];
      if (inline_given && !functype_matches(t, &f)) {
        wtype_free(&f);
        return cur_fail_at(c, at, "inline function type");
      }
      if (names && !inline_given && t->kind == 0x60)
        for (size_t i = 0; i < t->params.len; i++) { struct local_ent le = {NULL, 0}; rc_vec_push(*names, le); }
    } else if (inline_given) {
      wtype_free(&f);
      return cur_fail_at(c, at, "unknown type");
    } /* else: out of range; the validator reports "unknown type" */
    (void)names_before;
    wtype_free(&f);
    *typeidx = x;
    if (bt) buf_s64(bt, x);
    return true;
  }
  if (block && f.params.len == 0 && f.results.len <= 1) {
    if (f.results.len == 0) buf_byte(bt, 0x40);
    else buf_bytes(bt, f.results.data[0].b, f.results.data[0].n);
    wtype_free(&f);
    return true;
  }
  *typeidx = implicit_type(w, &f);
  if (bt) buf_s64(bt, *typeidx);
  return true;
}

bool wt_typeuse(struct wat *w, uint32_t *typeidx, local_vec *names) {
  return typeuse_impl(w, typeidx, names, names != NULL, false, NULL);
}

bool wt_blocktype(struct wat *w, struct buf *out) {
  uint32_t x;
  return typeuse_impl(w, &x, NULL, false, true, out);
}

uint32_t wt_implicit_type(struct wat *w, struct wtype *f) { return implicit_type(w, f); }

bool wt_field_index(struct wat *w, uint32_t typeidx, uint32_t *out) {
  struct cursor *c = w->c;
  const struct token *t = cur_peek(c, 0);
  if (t->kind == TOK_ID) {
    char *name;
    size_t len;
    WTRY(pu_id(c, &name, &len));
    bool ok = typeidx < w->types.len && nametab_get(&w->types.data[typeidx].fieldnames, name, len, out);
    free(name);
    if (!ok) return cur_fail_at(c, t, "unknown field");
    return true;
  }
  return pu_u32(c, out);
}

static void encode_vt(struct buf *b, const struct vt *v) { buf_bytes(b, v->b, v->n); }

static void encode_subtype(struct buf *b, const struct wtype *t) {
  if (!(t->final && t->supers.len == 0)) {
    buf_byte(b, t->final ? 0x4f : 0x50);
    buf_u32(b, (uint32_t)t->supers.len);
    for (size_t i = 0; i < t->supers.len; i++) buf_u32(b, t->supers.data[i]);
  }
  buf_byte(b, t->kind);
  if (t->kind == 0x60) {
    buf_u32(b, (uint32_t)t->params.len);
    for (size_t i = 0; i < t->params.len; i++) encode_vt(b, &t->params.data[i]);
    buf_u32(b, (uint32_t)t->results.len);
    for (size_t i = 0; i < t->results.len; i++) encode_vt(b, &t->results.data[i]);
  } else {
    if (t->kind == 0x5f) buf_u32(b, (uint32_t)t->fields.len);
    for (size_t i = 0; i < t->fields.len; i++) {
      encode_vt(b, &t->fields.data[i]);
      buf_byte(b, t->muts.data[i]);
    }
  }
}

void wt_encode_type_section(struct wat *w, struct buf *out, uint32_t *count) {
  uint32_t n = 0;
  size_t er = 0;
  for (size_t i = 0; i <= w->types.len;) {
    while (er < w->empty_recs.len && w->empty_recs.data[er] == i) {
      buf_byte(out, 0x4e);
      buf_byte(out, 0x00);
      n++;
      er++;
    }
    if (i == w->types.len) break;
    const struct wtype *t = &w->types.data[i];
    size_t k = t->rec_size ? t->rec_size : 1;
    if (t->rec_explicit && k != 1) {
      buf_byte(out, 0x4e);
      buf_u32(out, (uint32_t)k);
    }
    for (size_t j = 0; j < k && i + j < w->types.len; j++) encode_subtype(out, &w->types.data[i + j]);
    i += k;
    n++;
  }
  *count = n;
}
