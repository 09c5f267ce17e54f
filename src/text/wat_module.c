/* WAT modules: pass 1 binds names and parses explicit types; pass 2 encodes
 * each field in text order into its section; then the sections are joined in
 * binary order. */
#include <stdlib.h>

#include "binary/module.h"
#include "text/wat_internal.h"
#include "text/wat_priv.h"

static const char *const space_kw[SP_COUNT] = {"type", "func", "table", "memory", "global", "tag", "elem", "data"};
static const char *const space_dup[SP_COUNT] = {"duplicate type", "duplicate func", "duplicate table",
                                                "duplicate memory", "duplicate global", "duplicate tag",
                                                "duplicate elem", "duplicate data"};
static const char *const space_import_after[SP_COUNT] = {NULL, "import after function", "import after table",
                                                         "import after memory", "import after global",
                                                         "import after tag", NULL, NULL};

/* Bind an optional $id at the cursor to the next index of space. */
static bool bind(struct wat *w, int space) {
  struct cursor *c = w->c;
  uint32_t idx = w->count[space]++;
  if (!cur_at(c, TOK_ID)) return true;
  const struct token *t = cur_peek(c, 0);
  char *name;
  size_t len;
  WTRY(pu_id(c, &name, &len));
  bool ok = nametab_add(&w->names[space], name, len, idx);
  free(name);
  if (!ok) return cur_fail_at(c, t, "%s", space_dup[space]);
  return true;
}

static void skip_exports(struct cursor *c) {
  while (cur_at_sexp(c, "export")) cur_skip_sexp(c);
}

/* ---- pass 1 ---- */

struct pass1 { int last_def; /* space of the latest definition, -1 none */ };

static bool note_import(struct wat *w, struct pass1 *p, int space, const struct token *at) {
  if (p->last_def >= 0) return cur_fail_at(w->c, at, "%s", space_import_after[p->last_def]);
  w->nimports[space]++;
  return true;
}

static bool type_names(struct wat *w) {
  struct cursor *c = w->c;
  size_t start = c->pos;
  while (cur_at(c, TOK_LPAR)) {
    const struct token *kw = cur_peek(c, 1);
    if (tok_is(kw, "type")) {
      cur_next(c); cur_next(c);
      WTRY(bind(w, SP_TYPE));
      c->pos--;
      while (c->pos > 0 && cur_peek(c, 0)->kind != TOK_LPAR) c->pos--;
      cur_skip_sexp(c);
    } else if (tok_is(kw, "rec")) {
      cur_next(c); cur_next(c);
      while (cur_at_sexp(c, "type")) {
        size_t at = c->pos;
        cur_next(c); cur_next(c);
        WTRY(bind(w, SP_TYPE));
        c->pos = at;
        cur_skip_sexp(c);
      }
      while (!cur_at(c, TOK_RPAR) && !cur_at(c, TOK_EOF)) cur_skip_sexp(c);
      cur_next(c);
    } else {
      cur_skip_sexp(c);
    }
  }
  c->pos = start;
  return true;
}

static bool addr_is64(struct cursor *c) {
  if (tok_is(cur_peek(c, 0), "i64")) return true;
  return false;
}

static bool pass1(struct wat *w) {
  struct cursor *c = w->c;
  struct pass1 p = {-1};
  size_t start = c->pos;
  WTRY(type_names(w));
  while (cur_at(c, TOK_LPAR)) {
    size_t field = c->pos;
    const struct token *kw = cur_peek(c, 1);
    cur_next(c); cur_next(c);
    if (tok_is(kw, "type")) {
      struct wtype t;
      memset(&t, 0, sizeof t);
      t.rec_size = 1;
      bool ok = wt_typedef(w, &t);
      rc_vec_push(w->types, t);
      WTRY(ok);
      continue;
    }
    if (tok_is(kw, "rec")) {
      size_t first = w->types.len;
      while (cur_at_sexp(c, "type")) {
        cur_next(c); cur_next(c);
        struct wtype t;
        memset(&t, 0, sizeof t);
        bool ok = wt_typedef(w, &t);
        rc_vec_push(w->types, t);
        WTRY(ok);
      }
      if (w->types.len == first) rc_vec_push(w->empty_recs, (uint32_t)first);
      if (w->types.len > first) {
        w->types.data[first].rec_size = (uint32_t)(w->types.len - first);
        w->types.data[first].rec_explicit = true;
      }
      WTRY(cur_expect(c, TOK_RPAR));
      continue;
    }
    int space = -1;
    for (int s = SP_FUNC; s < SP_COUNT; s++)
      if (tok_is(kw, space_kw[s])) space = s;
    if (space >= 0) {
      WTRY(bind(w, space));
      if (space == SP_FUNC || space == SP_TABLE || space == SP_MEM || space == SP_GLOBAL || space == SP_TAG) {
        skip_exports(c);
        bool imported = cur_at_sexp(c, "import");
        if (imported) {
          WTRY(note_import(w, &p, space, kw));
          cur_skip_sexp(c);
        } else {
          p.last_def = space;
        }
        if (space == SP_MEM) rc_vec_push(w->mem64, addr_is64(c));
        if (space == SP_TABLE) {
          bool is64 = addr_is64(c);
          rc_vec_push(w->table64, is64);
          /* inline elem segment: reftype (elem ...) */
          if (!imported) {
            size_t save = c->pos;
            if (is64) cur_next(c);
            cur_skip_sexp(c);
            if (cur_at_sexp(c, "elem")) w->count[SP_ELEM]++;
            c->pos = save;
          }
        }
        if (space == SP_MEM && !imported) {
          size_t save = c->pos;
          if (addr_is64(c)) cur_next(c);
          if (cur_at_sexp(c, "data")) w->count[SP_DATA]++;
          c->pos = save;
        }
      }
    } else if (tok_is(kw, "import")) {
      /* (import "m" "n" (kind $id? ...)) */
      if (cur_at(c, TOK_STRING)) cur_next(c);
      if (cur_at(c, TOK_STRING)) cur_next(c);
      if (cur_at(c, TOK_LPAR)) {
        const struct token *k2 = cur_peek(c, 1);
        for (int s = SP_FUNC; s <= SP_TAG; s++)
          if (tok_is(k2, space_kw[s])) {
            cur_next(c); cur_next(c);
            WTRY(note_import(w, &p, s, kw));
            WTRY(bind(w, s));
            if (s == SP_MEM) rc_vec_push(w->mem64, addr_is64(c));
            if (s == SP_TABLE) rc_vec_push(w->table64, addr_is64(c));
          }
      }
    } else if (!tok_is(kw, "export") && !tok_is(kw, "start")) {
      return cur_fail_at(c, kw, "unexpected token");
    }
    c->pos = field;
    cur_skip_sexp(c);
  }
  w->nexplicit_types = (uint32_t)w->types.len;
  c->pos = start;
  return true;
}

/* ---- pass 2 helpers ---- */

static bool inline_exports(struct wat *w, uint8_t kind, uint32_t idx) {
  struct cursor *c = w->c;
  while (cur_at_sexp(c, "export")) {
    cur_next(c); cur_next(c);
    char *name;
    size_t len;
    WTRY(pu_name(c, &name, &len));
    buf_name(&w->sec_export, name, len);
    free(name);
    buf_byte(&w->sec_export, kind);
    buf_u32(&w->sec_export, idx);
    w->n_export++;
    WTRY(cur_expect(c, TOK_RPAR));
  }
  return true;
}

/* An import's `"module" "name"`: both written to the import section, which
 * counts one more import (its description follows). */
static bool import_names(struct wat *w) {
  struct cursor *c = w->c;
  char *m, *n;
  size_t ml, nl;
  WTRY(pu_name(c, &m, &ml));
  if (!pu_name(c, &n, &nl)) { free(m); return false; }
  buf_name(&w->sec_import, m, ml);
  buf_name(&w->sec_import, n, nl);
  free(m);
  free(n);
  w->n_import++;
  return true;
}

/* (import "m" "n") inline: writes module/name to the import section. */
static bool inline_import(struct wat *w, bool *imported) {
  struct cursor *c = w->c;
  *imported = false;
  if (!cur_at_sexp(c, "import")) return true;
  cur_next(c); cur_next(c);
  WTRY(import_names(w));
  *imported = true;
  return cur_expect(c, TOK_RPAR);
}

static bool limits(struct wat *w, bool is64, uint8_t flags_extra, struct buf *out) {
  struct cursor *c = w->c;
  uint64_t min, max = 0;
  bool has_max = false;
  /* Sizes beyond the address type are a validation error ("memory size"), not a parse error. */
  WTRY(pu_u64(c, &min));
  if (pu_is_numtok(cur_peek(c, 0))) {
    has_max = true;
    WTRY(pu_u64(c, &max));
  }
  bool shared = false;
  if (tok_is(cur_peek(c, 0), "shared")) { shared = true; cur_next(c); }
  else if (tok_is(cur_peek(c, 0), "unshared")) cur_next(c);
  buf_byte(out, (uint8_t)((has_max ? 1 : 0) | (shared ? 2 : 0) | (is64 ? 4 : 0) | flags_extra));
  buf_u64(out, min);
  if (has_max) buf_u64(out, max);
  return true;
}

static bool opt_addrtype(struct wat *w) {
  struct cursor *c = w->c;
  if (tok_is(cur_peek(c, 0), "i64")) { cur_next(c); return true; }
  if (tok_is(cur_peek(c, 0), "i32")) cur_next(c);
  return false;
}

static bool tabletype(struct wat *w, struct buf *out) {
  bool is64 = opt_addrtype(w);
  struct buf lim = {0};
  bool ok = limits(w, is64, 0, &lim);
  struct vt rt;
  bool is_ref = false;
  ok = ok && wt_reftype(w, &rt, &is_ref);
  if (ok && !is_ref) ok = cur_fail(w->c, "unexpected token");
  if (ok) {
    buf_bytes(out, rt.b, rt.n);
    buf_bytes(out, lim.d, lim.len);
  }
  buf_free(&lim);
  return ok;
}

static bool memtype(struct wat *w, struct buf *out) {
  bool is64 = opt_addrtype(w);
  return limits(w, is64, 0, out);
}

static bool globaltype(struct wat *w, struct buf *out) {
  struct cursor *c = w->c;
  struct vt v;
  if (cur_at_sexp(c, "mut")) {
    cur_next(c); cur_next(c);
    WTRY(wt_valtype(w, &v));
    WTRY(cur_expect(c, TOK_RPAR));
    buf_bytes(out, v.b, v.n);
    buf_byte(out, 1);
  } else {
    WTRY(wt_valtype(w, &v));
    buf_bytes(out, v.b, v.n);
    buf_byte(out, 0);
  }
  return true;
}

static bool check_dup_locals(struct wat *w, struct func_ctx *f, const struct token *at) {
  struct nametab seen = {0};
  bool ok = true;
  for (size_t i = 0; i < f->locals.len && ok; i++) {
    struct local_ent *le = &f->locals.data[i];
    if (le->name && !nametab_add(&seen, le->name, le->len, (uint32_t)i)) ok = cur_fail_at(w->c, at, "duplicate local");
  }
  nametab_free(&seen);
  return ok;
}

static int cmp_req(const void *a, const void *b) {
  const struct type_req *x = a, *y = b;
  for (size_t i = 0; i < x->keylen && i < y->keylen; i++)
    if (x->key[i] != y->key[i]) return x->key[i] < y->key[i] ? -1 : 1;
  return x->keylen < y->keylen ? -1 : x->keylen > y->keylen;
}

/* A body inserted several implicit types: insert them again in the order the
 * reference parser evaluates the body (so type indices match its output),
 * then the caller encodes the body once more. */
static void replay_types(struct wat *w, size_t body_pos, size_t types_before) {
  struct cursor *c = w->c;
  for (size_t i = types_before; i < w->types.len; i++) wtype_free(&w->types.data[i]);
  w->types.len = types_before;
  c->pos = body_pos;
  struct buf scratch = {0};
  w->collect = true;
  w->fn->path.len = 0;
  bool ok = wi_instrs(w, &scratch);
  w->collect = false;
  buf_free(&scratch);
  (void)ok; /* it succeeded once already */
  qsort(w->reqs.data, w->reqs.len, sizeof w->reqs.data[0], cmp_req);
  for (size_t i = 0; i < w->reqs.len; i++) {
    wt_implicit_type(w, &w->reqs.data[i].f);
    free(w->reqs.data[i].key);
  }
  w->reqs.len = 0;
  c->pos = body_pos;
  w->fn->path.len = 0;
}

/* The external kinds' keywords and index spaces, indexed by their kind byte
 * (enum extern_kind: EXT_FUNC 0 .. EXT_TAG 4). */
static const struct { const char *kw; int space; } ext_kinds[] = {
  {"func", SP_FUNC}, {"table", SP_TABLE}, {"memory", SP_MEM}, {"global", SP_GLOBAL}, {"tag", SP_TAG}};

/* The kind byte of the external-kind keyword at the cursor, or -1. */
static int ext_kind_at(struct cursor *c) {
  for (int k = 0; k < (int)RC_ARRAY_LEN(ext_kinds); k++)
    if (tok_is(cur_peek(c, 0), ext_kinds[k].kw)) return k;
  return -1;
}

/* Pass 2's next index in a kind's index space. */
static uint32_t *next_index(struct wat *w, int kind) {
  uint32_t *next[] = {&w->next_func, &w->next_table, &w->next_mem, &w->next_global, &w->next_tag};
  return next[kind];
}

/* An import's description (kind byte, type) into the import section. */
static bool import_desc(struct wat *w, int kind) {
  struct buf *o = &w->sec_import;
  uint32_t ty;
  switch (kind) {
  case EXT_TABLE: buf_byte(o, 0x01); return tabletype(w, o);
  case EXT_MEMORY: buf_byte(o, 0x02); return memtype(w, o);
  case EXT_GLOBAL: buf_byte(o, 0x03); return globaltype(w, o);
  default: /* func and tag: a type use */
    WTRY(wt_typeuse(w, &ty, NULL));
    if (kind == EXT_TAG) buf_byte(o, 0x04);
    buf_byte(o, 0x00);
    buf_u32(o, ty);
    return true;
  }
}

/* ---- fields ---- */

/* What every definition field (func, table, memory, global, tag) starts
 * with: `$id? (export "n")* (import "m" "n")?`. *idx is the field's index in
 * its space. After an inline import the rest of the field is the import's
 * type: it is written as an import, the field's ')' is consumed and
 * *imported tells the caller the field is done. */
static bool field_head(struct wat *w, int kind, uint32_t *idx, bool *imported) {
  struct cursor *c = w->c;
  if (cur_at(c, TOK_ID)) cur_next(c);
  *idx = (*next_index(w, kind))++;
  WTRY(inline_exports(w, (uint8_t)kind, *idx));
  WTRY(inline_import(w, imported));
  if (!*imported) return true;
  WTRY(import_desc(w, kind));
  return cur_expect(c, TOK_RPAR);
}

static bool field_func(struct wat *w) {
  struct cursor *c = w->c;
  const struct token *start = cur_peek(c, 0);
  uint32_t idx;
  bool imported;
  WTRY(field_head(w, EXT_FUNC, &idx, &imported));
  if (imported) return true;
  struct func_ctx f;
  memset(&f, 0, sizeof f);
  uint32_t ty;
  bool ok = wt_typeuse(w, &ty, &f.locals);
  size_t nparams = f.locals.len;
  /* locals */
  RC_VEC(struct vt) lts = {0};
  while (ok && cur_at_sexp(c, "local")) {
    cur_next(c); cur_next(c);
    if (cur_at(c, TOK_ID)) {
      struct local_ent le;
      struct vt v;
      ok = pu_id(c, &le.name, &le.len);
      if (!ok) break;
      rc_vec_push(f.locals, le);
      ok = wt_valtype(w, &v);
      rc_vec_push(lts, v);
    } else {
      while (ok && !cur_at(c, TOK_RPAR)) {
        struct vt v;
        ok = wt_valtype(w, &v);
        rc_vec_push(lts, v);
        struct local_ent le = {NULL, 0};
        rc_vec_push(f.locals, le);
      }
    }
    ok = ok && cur_expect(c, TOK_RPAR);
  }
  (void)nparams;
  ok = ok && check_dup_locals(w, &f, start);
  struct buf body = {0};
  if (ok) {
    /* local declarations, consecutive equal types grouped */
    uint32_t groups = 0;
    struct buf ld = {0};
    for (size_t i = 0; i < lts.len;) {
      size_t j = i;
      while (j < lts.len && lts.data[j].n == lts.data[i].n && memcmp(lts.data[j].b, lts.data[i].b, lts.data[i].n) == 0) j++;
      buf_u32(&ld, (uint32_t)(j - i));
      buf_bytes(&ld, lts.data[i].b, lts.data[i].n);
      groups++;
      i = j;
    }
    buf_u32(&body, groups);
    buf_bytes(&body, ld.d, ld.len);
    buf_free(&ld);
    struct func_ctx *saved = w->fn;
    w->fn = &f;
    size_t body_pos = c->pos, prefix = body.len, types_before = w->types.len;
    ok = wi_instrs(w, &body);
    if (ok && w->types.len >= types_before + 2) {
      replay_types(w, body_pos, types_before);
      body.len = prefix;
      ok = wi_instrs(w, &body);
    }
    w->fn = saved;
    buf_byte(&body, 0x0b);
  }
  if (ok) {
    buf_u32(&w->sec_func, ty);
    w->n_func++;
    buf_u32(&w->sec_code, (uint32_t)body.len);
    buf_bytes(&w->sec_code, body.d, body.len);
    w->n_code++;
    ok = cur_expect(c, TOK_RPAR);
  }
  buf_free(&body);
  rc_vec_free(lts);
  wi_func_ctx_free(&f);
  return ok;
}

/* elem list items: `(item instr*)` or one folded instruction */
static bool elem_items(struct wat *w, struct buf *items, uint32_t *n) {
  struct cursor *c = w->c;
  while (cur_at(c, TOK_LPAR)) {
    if (cur_at_sexp(c, "item")) {
      cur_next(c); cur_next(c);
      WTRY(wi_expr(w, items));
      WTRY(cur_expect(c, TOK_RPAR));
    } else {
      WTRY(wi_folded_expr(w, items));
    }
    (*n)++;
  }
  return true;
}

static bool func_items(struct wat *w, struct buf *items, uint32_t *n) {
  while (wt_at_index(w)) {
    uint32_t x;
    WTRY(wt_index(w, SP_FUNC, &x));
    buf_byte(items, 0xd2);
    buf_u32(items, x);
    buf_byte(items, 0x0b);
    (*n)++;
  }
  return true;
}

/* Are all items `ref.func x; end`? Then collect the indices. */
static bool items_are_funcs(const struct buf *items, uint32_t n, struct buf *idxs) {
  size_t p = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (p >= items->len || items->d[p] != 0xd2) return false;
    size_t q = p + 1;
    while (q < items->len && (items->d[q] & 0x80)) q++;
    q++;
    if (q >= items->len || items->d[q] != 0x0b) return false;
    buf_bytes(idxs, items->d + p + 1, q - p - 1);
    p = q + 1;
  }
  return p == items->len;
}

enum { MODE_PASSIVE, MODE_ACTIVE, MODE_DECLARE };

static void emit_elem(struct wat *w, int mode, uint32_t table, const struct buf *offset,
                      const struct vt *etype, const struct buf *items, uint32_t n) {
  struct buf *o = &w->sec_elem;
  struct buf idxs = {0};
  bool kind_func = etype->n == 2 && etype->b[0] == 0x64 && etype->b[1] == 0x70;
  bool funcref = etype->n == 1 && etype->b[0] == 0x70;
  if (kind_func && items_are_funcs(items, n, &idxs)) {
    if (mode == MODE_PASSIVE) { buf_byte(o, 1); buf_byte(o, 0); }
    else if (mode == MODE_DECLARE) { buf_byte(o, 3); buf_byte(o, 0); }
    else if (table == 0) { buf_byte(o, 0); buf_bytes(o, offset->d, offset->len); }
    else { buf_byte(o, 2); buf_u32(o, table); buf_bytes(o, offset->d, offset->len); buf_byte(o, 0); }
    buf_u32(o, n);
    buf_bytes(o, idxs.d, idxs.len);
  } else {
    if (mode == MODE_PASSIVE) { buf_byte(o, 5); buf_bytes(o, etype->b, etype->n); }
    else if (mode == MODE_DECLARE) { buf_byte(o, 7); buf_bytes(o, etype->b, etype->n); }
    else if (table == 0 && funcref) { buf_byte(o, 4); buf_bytes(o, offset->d, offset->len); }
    else {
      buf_byte(o, 6);
      buf_u32(o, table);
      buf_bytes(o, offset->d, offset->len);
      buf_bytes(o, etype->b, etype->n);
    }
    buf_u32(o, n);
    buf_bytes(o, items->d, items->len);
  }
  buf_free(&idxs);
  w->n_elem++;
}

/* An inline segment's table or memory is exactly its size (limits min = max)
 * and the segment sits at offset 0: `(i32|i64).const 0 end`. */
static void inline_limits(struct buf *out, bool is64, uint64_t size) {
  buf_byte(out, is64 ? 5 : 1);
  buf_u64(out, size);
  buf_u64(out, size);
}

static void zero_offset(struct buf *off, bool is64) {
  buf_byte(off, is64 ? 0x42 : 0x41);
  buf_byte(off, 0);
  buf_byte(off, 0x0b);
}

/* A data segment: passive, or active in memory `mem` at offset `off`. */
static void emit_data(struct wat *w, bool active, uint32_t mem, const struct buf *off, const char *bytes,
                      size_t len) {
  struct buf *d = &w->sec_data;
  if (!active) buf_byte(d, 1);
  else if (mem == 0) { buf_byte(d, 0); buf_bytes(d, off->d, off->len); }
  else { buf_byte(d, 2); buf_u32(d, mem); buf_bytes(d, off->d, off->len); }
  buf_u32(d, (uint32_t)len);
  buf_bytes(d, bytes, len);
  w->n_data++;
}

static bool field_table(struct wat *w) {
  struct cursor *c = w->c;
  uint32_t idx;
  bool imported;
  WTRY(field_head(w, EXT_TABLE, &idx, &imported));
  if (imported) return true;
  /* inline elements: addrtype? reftype (elem ...) */
  size_t save = c->pos;
  bool is64 = opt_addrtype(w);
  struct vt rt;
  bool is_ref = false;
  if (wt_reftype(w, &rt, &is_ref) && is_ref && cur_at_sexp(c, "elem")) {
    cur_next(c); cur_next(c);
    struct buf items = {0};
    uint32_t n = 0;
    bool ok = cur_at(c, TOK_LPAR) ? elem_items(w, &items, &n) : func_items(w, &items, &n);
    ok = ok && cur_expect(c, TOK_RPAR);
    if (ok) {
      buf_bytes(&w->sec_table, rt.b, rt.n);
      inline_limits(&w->sec_table, is64, n);
      w->n_table++;
      struct buf off = {0};
      zero_offset(&off, is64);
      emit_elem(w, MODE_ACTIVE, idx, &off, &rt, &items, n);
      w->next_elem++;
      buf_free(&off);
    }
    buf_free(&items);
    return ok && cur_expect(c, TOK_RPAR);
  }
  if (w->c->err->kind != RC_OK) return false;
  c->pos = save;
  struct buf tt = {0};
  bool ok = tabletype(w, &tt);
  if (ok && !cur_at(c, TOK_RPAR)) {
    /* table with an initialiser expression; `ref.null ht` of the table's own
     * heap type is the default, written as a plain table (as the reference does) */
    struct buf e = {0};
    ok = wi_expr(w, &e);
    size_t rl = tt.d[0] == 0x63 || tt.d[0] == 0x64 ? 0 : 1; /* shorthand reftype: 1 byte */
    bool plain = false;
    if (ok && rl == 1) plain = e.len == 3 && e.d[0] == 0xd0 && e.d[1] == tt.d[0];
    else if (ok) {
      size_t hl = 1;
      while (hl < tt.len && (tt.d[hl] & 0x80)) hl++;
      plain = e.len == hl + 2 && e.d[0] == 0xd0 && memcmp(e.d + 1, tt.d + 1, hl) == 0 && e.d[hl + 1] == 0x0b;
    }
    if (!plain) {
      buf_byte(&w->sec_table, 0x40);
      buf_byte(&w->sec_table, 0x00);
    }
    buf_bytes(&w->sec_table, tt.d, tt.len);
    if (!plain) buf_bytes(&w->sec_table, e.d, e.len);
    buf_free(&e);
  } else {
    buf_bytes(&w->sec_table, tt.d, tt.len);
  }
  buf_free(&tt);
  w->n_table++;
  return ok && cur_expect(c, TOK_RPAR);
}

static bool field_memory(struct wat *w) {
  struct cursor *c = w->c;
  uint32_t idx;
  bool imported;
  WTRY(field_head(w, EXT_MEMORY, &idx, &imported));
  if (imported) return true;
  size_t save = c->pos;
  bool is64 = opt_addrtype(w);
  if (cur_at_sexp(c, "data")) {
    cur_next(c); cur_next(c);
    char *bytes;
    size_t len;
    WTRY(pu_strings(c, &bytes, &len));
    inline_limits(&w->sec_mem, is64, (len + 65535) / 65536);
    w->n_mem++;
    struct buf off = {0};
    zero_offset(&off, is64);
    emit_data(w, true, idx, &off, bytes, len);
    buf_free(&off);
    free(bytes);
    w->next_data++;
    WTRY(cur_expect(c, TOK_RPAR));
    return cur_expect(c, TOK_RPAR);
  }
  c->pos = save;
  WTRY(memtype(w, &w->sec_mem));
  w->n_mem++;
  return cur_expect(c, TOK_RPAR);
}

static bool field_global(struct wat *w) {
  struct cursor *c = w->c;
  uint32_t idx;
  bool imported;
  WTRY(field_head(w, EXT_GLOBAL, &idx, &imported));
  if (imported) return true;
  WTRY(globaltype(w, &w->sec_global));
  WTRY(wi_expr(w, &w->sec_global));
  w->n_global++;
  return cur_expect(c, TOK_RPAR);
}

static bool field_tag(struct wat *w) {
  uint32_t idx, ty;
  bool imported;
  WTRY(field_head(w, EXT_TAG, &idx, &imported));
  if (imported) return true;
  WTRY(wt_typeuse(w, &ty, NULL));
  w->n_tag++;
  buf_byte(&w->sec_tag, 0x00);
  buf_u32(&w->sec_tag, ty);
  return cur_expect(w->c, TOK_RPAR);
}

static bool field_import(struct wat *w) {
  struct cursor *c = w->c;
  WTRY(import_names(w));
  WTRY(cur_expect(c, TOK_LPAR));
  const struct token *kw = cur_peek(c, 0);
  int kind = ext_kind_at(c);
  cur_next(c);
  if (cur_at(c, TOK_ID)) cur_next(c);
  if (kind < 0) return cur_fail_at(c, kw, "unexpected token");
  (*next_index(w, kind))++;
  WTRY(import_desc(w, kind));
  WTRY(cur_expect(c, TOK_RPAR));
  return cur_expect(c, TOK_RPAR);
}

static bool field_export(struct wat *w) {
  struct cursor *c = w->c;
  char *name;
  size_t len;
  WTRY(pu_name(c, &name, &len));
  bool ok = cur_expect(c, TOK_LPAR);
  int k = ok ? ext_kind_at(c) : -1;
  if (ok && k < 0) ok = cur_fail(c, "unexpected token");
  uint32_t idx = 0;
  if (ok) {
    cur_next(c);
    ok = wt_index(w, ext_kinds[k].space, &idx) && cur_expect(c, TOK_RPAR) && cur_expect(c, TOK_RPAR);
  }
  if (ok) {
    buf_name(&w->sec_export, name, len);
    buf_byte(&w->sec_export, (uint8_t)k);
    buf_u32(&w->sec_export, idx);
    w->n_export++;
  }
  free(name);
  return ok;
}

static bool field_start(struct wat *w) {
  const struct token *t = cur_peek(w->c, 0);
  if (w->has_start) return cur_fail_at(w->c, t, "multiple start sections");
  WTRY(wt_index(w, SP_FUNC, &w->start));
  w->has_start = true;
  return cur_expect(w->c, TOK_RPAR);
}

/* `(offset instr*)` or one folded instruction */
static bool offset_expr(struct wat *w, struct buf *out) {
  struct cursor *c = w->c;
  if (cur_at_sexp(c, "offset")) {
    cur_next(c); cur_next(c);
    WTRY(wi_expr(w, out));
    return cur_expect(c, TOK_RPAR);
  }
  return wi_folded_expr(w, out);
}

static bool field_elem(struct wat *w) {
  struct cursor *c = w->c;
  if (cur_at(c, TOK_ID)) cur_next(c);
  w->next_elem++;
  int mode = MODE_PASSIVE;
  uint32_t table = 0;
  struct buf off = {0}, items = {0};
  bool ok = true;
  bool legacy_ok = false;
  if (tok_is(cur_peek(c, 0), "declare")) {
    cur_next(c);
    mode = MODE_DECLARE;
  } else {
    if (cur_at_sexp(c, "table")) {
      cur_next(c); cur_next(c);
      ok = wt_index(w, SP_TABLE, &table) && cur_expect(c, TOK_RPAR);
      mode = MODE_ACTIVE;
    }
    if (ok && cur_at(c, TOK_LPAR) && !cur_at_sexp(c, "ref") && !cur_at_sexp(c, "item")) {
      ok = offset_expr(w, &off);
      if (mode != MODE_ACTIVE) legacy_ok = true;
      mode = MODE_ACTIVE;
    }
  }
  struct vt et;
  uint32_t n = 0;
  if (ok) {
    if (tok_is(cur_peek(c, 0), "func")) {
      cur_next(c);
      et.n = 2; et.b[0] = 0x64; et.b[1] = 0x70;
      ok = func_items(w, &items, &n);
    } else if (legacy_ok && (wt_at_index(w) || cur_at(c, TOK_RPAR))) {
      et.n = 2; et.b[0] = 0x64; et.b[1] = 0x70;
      ok = func_items(w, &items, &n);
    } else {
      bool is_ref = false;
      ok = wt_reftype(w, &et, &is_ref);
      if (ok && !is_ref) ok = cur_fail(c, "unexpected token");
      ok = ok && elem_items(w, &items, &n);
    }
  }
  ok = ok && cur_expect(c, TOK_RPAR);
  if (ok) emit_elem(w, mode, table, &off, &et, &items, n);
  buf_free(&off);
  buf_free(&items);
  return ok;
}

static bool field_data(struct wat *w) {
  struct cursor *c = w->c;
  if (cur_at(c, TOK_ID)) cur_next(c);
  w->next_data++;
  uint32_t mem = 0;
  bool active = false;
  struct buf off = {0};
  bool ok = true;
  if (cur_at_sexp(c, "memory")) {
    cur_next(c); cur_next(c);
    ok = wt_index(w, SP_MEM, &mem) && cur_expect(c, TOK_RPAR);
    active = true;
  }
  if (ok && cur_at(c, TOK_LPAR)) {
    ok = offset_expr(w, &off);
    active = true;
  } else if (ok && active) {
    ok = cur_fail(c, "unexpected token");
  }
  char *bytes = NULL;
  size_t len = 0;
  ok = ok && pu_strings(c, &bytes, &len) && cur_expect(c, TOK_RPAR);
  if (ok) emit_data(w, active, mem, &off, bytes, len);
  free(bytes);
  buf_free(&off);
  return ok;
}

static bool pass2(struct wat *w) {
  struct cursor *c = w->c;
  while (cur_at(c, TOK_LPAR)) {
    const struct token *kw = cur_peek(c, 1);
    if (tok_is(kw, "type") || tok_is(kw, "rec")) { cur_skip_sexp(c); continue; }
    cur_next(c); cur_next(c);
    bool ok;
    if (tok_is(kw, "func")) ok = field_func(w);
    else if (tok_is(kw, "table")) ok = field_table(w);
    else if (tok_is(kw, "memory")) ok = field_memory(w);
    else if (tok_is(kw, "global")) ok = field_global(w);
    else if (tok_is(kw, "tag")) ok = field_tag(w);
    else if (tok_is(kw, "import")) ok = field_import(w);
    else if (tok_is(kw, "export")) ok = field_export(w);
    else if (tok_is(kw, "start")) ok = field_start(w);
    else if (tok_is(kw, "elem")) ok = field_elem(w);
    else if (tok_is(kw, "data")) ok = field_data(w);
    else ok = cur_fail_at(c, kw, "unexpected token");
    WTRY(ok);
  }
  if (!cur_at(c, TOK_RPAR) && !cur_at(c, TOK_EOF)) return cur_fail(c, "unexpected token");
  return true;
}

static void section(struct buf *out, uint8_t id, uint32_t count, const struct buf *body, bool force) {
  if (!count && !force) return;
  struct buf tmp = {0};
  buf_u32(&tmp, count);
  buf_byte(out, id);
  buf_u32(out, (uint32_t)(tmp.len + body->len));
  buf_bytes(out, tmp.d, tmp.len);
  buf_bytes(out, body->d, body->len);
  buf_free(&tmp);
}

static void wat_free(struct wat *w) {
  for (int i = 0; i < SP_COUNT; i++) nametab_free(&w->names[i]);
  for (size_t i = 0; i < w->types.len; i++) wtype_free(&w->types.data[i]);
  rc_vec_free(w->types);
  rc_vec_free(w->mem64);
  rc_vec_free(w->empty_recs);
  for (size_t i = 0; i < w->reqs.len; i++) { wtype_free(&w->reqs.data[i].f); free(w->reqs.data[i].key); }
  rc_vec_free(w->reqs);
  rc_vec_free(w->table64);
  rc_vec_free(w->func_types);
  struct buf *bs[] = {&w->sec_import, &w->sec_func, &w->sec_table, &w->sec_mem, &w->sec_tag,
                      &w->sec_global, &w->sec_export, &w->sec_elem, &w->sec_code, &w->sec_data};
  for (size_t i = 0; i < RC_ARRAY_LEN(bs); i++) buf_free(bs[i]);
}

bool wat_encode_fields(struct cursor *c, uint8_t **out, size_t *out_len) {
  struct wat w;
  memset(&w, 0, sizeof w);
  w.c = c;
  *out = NULL;
  *out_len = 0;
  bool ok = pass1(&w) && pass2(&w);
  if (ok) {
    struct buf m = {0}, types = {0}, start = {0};
    static const uint8_t hdr[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    buf_bytes(&m, hdr, 8);
    uint32_t ntypes;
    wt_encode_type_section(&w, &types, &ntypes);
    section(&m, 1, ntypes, &types, false);
    section(&m, 2, w.n_import, &w.sec_import, false);
    section(&m, 3, w.n_func, &w.sec_func, false);
    section(&m, 4, w.n_table, &w.sec_table, false);
    section(&m, 5, w.n_mem, &w.sec_mem, false);
    section(&m, 13, w.n_tag, &w.sec_tag, false);
    section(&m, 6, w.n_global, &w.sec_global, false);
    section(&m, 7, w.n_export, &w.sec_export, false);
    if (w.has_start) {
      buf_byte(&m, 8);
      buf_u32(&start, w.start);
      buf_u32(&m, (uint32_t)start.len);
      buf_bytes(&m, start.d, start.len);
    }
    section(&m, 9, w.n_elem, &w.sec_elem, false);
    if (w.uses_data_count) { /* the reference writes it whenever memory.init/data.drop occur */
      struct buf dc = {0};
      buf_u32(&dc, w.n_data);
      buf_byte(&m, 12);
      buf_u32(&m, (uint32_t)dc.len);
      buf_bytes(&m, dc.d, dc.len);
      buf_free(&dc);
    }
    section(&m, 10, w.n_code, &w.sec_code, false);
    section(&m, 11, w.n_data, &w.sec_data, false);
    buf_free(&types);
    buf_free(&start);
    *out = m.d;
    *out_len = m.len;
  }
  wat_free(&w);
  return ok;
}
