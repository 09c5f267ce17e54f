/* Instructions in WAT: flat and folded forms, labels, locals, all immediates.
 * Folded nesting and block nesting share one depth limit (MAX_DEPTH), so
 * hostile input cannot exhaust the C stack. */
#include <stdlib.h>

#include "text/numlit.h"
#include "text/wat_ops.h"
#include "text/wat_priv.h"

#define MAX_DEPTH 1000

static bool instr_seq(struct wat *w, struct buf *out);
static bool folded(struct wat *w, struct buf *out);

static bool enter(struct wat *w) {
  if (++w->fn->depth > MAX_DEPTH) return cur_fail(w->c, "nesting too deep");
  return true;
}
static void leave(struct wat *w) { w->fn->depth--; }

/* Evaluation-order keys (see struct func_ctx). */
static void path_push(struct wat *w, int32_t v) { rc_vec_push(w->fn->path, v); }
static void path_set(struct wat *w, int32_t v) { w->fn->path.data[w->fn->path.len - 1] = v; }
static void path_pop(struct wat *w) { w->fn->path.len--; }

static void emit_code(struct buf *out, uint32_t op) {
  if (op >> 16) { buf_byte(out, (uint8_t)(op >> 16)); buf_u32(out, op & 0xFFFFu); }
  else buf_byte(out, (uint8_t)op);
}
static void emit_op(struct buf *out, const struct wop *op) { emit_code(out, op->op); }

/* ---- labels ---- */

static void pop_label(struct wat *w) {
  struct func_ctx *f = w->fn;
  f->labels.len--;
  free(f->labels.data[f->labels.len].name);
}
/* `end $l` / `else $l`: the id must repeat the block's label. */
static bool check_end_label(struct wat *w) {
  if (!cur_at(w->c, TOK_ID)) return true;
  const struct token *t = cur_peek(w->c, 0);
  char *name;
  size_t len;
  WTRY(pu_id(w->c, &name, &len));
  struct label_ent *le = &w->fn->labels.data[w->fn->labels.len - 1];
  bool ok = le->name && le->len == len && memcmp(le->name, name, len) == 0;
  free(name);
  if (!ok) return cur_fail_at(w->c, t, "mismatching label");
  return true;
}

/* Where a label is bound, as a branch depth. */
static bool find_label(struct wat *w, const void *ctx, const char *name, size_t len, uint32_t *out) {
  (void)ctx;
  const struct func_ctx *f = w->fn;
  for (size_t i = f->labels.len; i-- > 0;) {
    const struct label_ent *le = &f->labels.data[i];
    if (le->name && le->len == len && memcmp(le->name, name, len) == 0) {
      *out = (uint32_t)(f->labels.len - 1 - i);
      return true;
    }
  }
  return false;
}

static bool find_local(struct wat *w, const void *ctx, const char *name, size_t len, uint32_t *out) {
  (void)ctx;
  const struct func_ctx *f = w->fn;
  for (size_t i = 0; i < f->locals.len; i++) {
    const struct local_ent *le = &f->locals.data[i];
    if (le->name && le->len == len && memcmp(le->name, name, len) == 0) {
      *out = (uint32_t)i;
      return true;
    }
  }
  return false;
}

static bool label_idx(struct wat *w, uint32_t *out) {
  return wt_named_index(w, find_label, NULL, "unknown label", out);
}
static bool local_idx(struct wat *w, uint32_t *out) {
  return wt_named_index(w, find_local, NULL, "unknown local", out);
}

static bool idx_imm(struct wat *w, int space, struct buf *out) {
  uint32_t x;
  WTRY(wt_index(w, space, &x));
  buf_u32(out, x);
  return true;
}
static bool opt_idx_imm(struct wat *w, int space, struct buf *out) {
  uint32_t x = 0;
  if (wt_at_index(w)) WTRY(wt_index(w, space, &x));
  buf_u32(out, x);
  return true;
}

/* ---- memory arguments ---- */

static bool keyword_eq_num(struct wat *w, const char *prefix, uint64_t max, uint64_t *out) {
  struct cursor *c = w->c;
  const struct token *t = cur_peek(c, 0);
  size_t pl = strlen(prefix);
  enum lit_status st = lit_uint(t->s + pl, t->len - pl, max, out);
  if (st == LIT_RANGE) return cur_fail(c, "constant out of range");
  if (st != LIT_OK) return cur_fail(c, "unknown operator");
  cur_next(c);
  return true;
}
static bool tok_prefix(const struct token *t, const char *p) {
  size_t n = strlen(p);
  return t->kind == TOK_KEYWORD && t->len > n && memcmp(t->s, p, n) == 0;
}

static bool memarg(struct wat *w, const struct wop *op, struct buf *imm, bool lane) {
  struct cursor *c = w->c;
  uint32_t mem = 0;
  const struct token *t0 = cur_peek(c, 0), *t1 = cur_peek(c, 1);
  bool has_mem = t0->kind == TOK_ID;
  if (!has_mem && t0->kind == TOK_RESERVED) {
    if (!lane) has_mem = true;
    else has_mem = t1->kind == TOK_RESERVED || tok_prefix(t1, "offset=") || tok_prefix(t1, "align=");
  }
  if (has_mem) WTRY(wt_index(w, SP_MEM, &mem));
  bool is64 = mem < w->mem64.len && w->mem64.data[mem];
  uint64_t offset = 0, align = (uint64_t)1 << op_natural_align(op->op);
  if (tok_prefix(cur_peek(c, 0), "offset="))
    WTRY(keyword_eq_num(w, "offset=", UINT64_MAX, &offset)); /* range is the validator's job */
  (void)is64;
  if (tok_prefix(cur_peek(c, 0), "align=")) {
    const struct token *at = cur_peek(c, 0);
    WTRY(keyword_eq_num(w, "align=", UINT64_MAX, &align));
    if (align == 0 || (align & (align - 1))) return cur_fail_at(c, at, "alignment must be a power of two");
  }
  uint32_t a = (uint32_t)__builtin_ctzll(align);
  if (mem != 0) {
    buf_u32(imm, a | 0x40);
    buf_u32(imm, mem);
  } else {
    buf_u32(imm, a);
  }
  buf_u64(imm, offset);
  return true;
}

static bool lane_imm(struct wat *w, struct buf *imm) {
  const struct token *t = cur_peek(w->c, 0);
  uint32_t v;
  if (!pu_is_numtok(t)) return cur_fail(w->c, "unexpected token");
  WTRY(pu_u32(w->c, &v));
  if (v > 255) return cur_fail_at(w->c, t, "i8 constant out of range");
  buf_u32(imm, v); /* the reference encoder writes a LEB128; equal to a byte below 128 */
  return true;
}

/* reftype as (nullable, heap type bytes) */
static bool reftype_parts(struct wat *w, bool *null, struct buf *ht) {
  struct cursor *c = w->c;
  struct vt v;
  bool is_ref;
  WTRY(wt_reftype(w, &v, &is_ref));
  if (!is_ref) return cur_fail(c, "unexpected token");
  if (v.b[0] == 0x63 || v.b[0] == 0x64) {
    *null = v.b[0] == 0x63;
    buf_bytes(ht, v.b + 1, v.n - 1u);
  } else {
    *null = true;
    buf_byte(ht, v.b[0]);
  }
  return true;
}

/* ---- plain instructions: immediates after the mnemonic ---- */

/* select, or select with `(result t*)` (a different opcode, select_t). */
static bool select_imm(struct wat *w, struct buf *imm) {
  struct cursor *c = w->c;
  RC_VEC(struct vt) ts = {0};
  bool typed = false;
  while (cur_at_sexp(c, "result")) {
    typed = true;
    cur_next(c); cur_next(c);
    while (!cur_at(c, TOK_RPAR)) {
      struct vt v;
      if (!wt_valtype(w, &v)) { rc_vec_free(ts); return false; }
      rc_vec_push(ts, v);
    }
    cur_next(c);
  }
  if (typed) {
    emit_code(imm, OP_select_t);
    buf_u32(imm, (uint32_t)ts.len);
    for (size_t i = 0; i < ts.len; i++) buf_bytes(imm, ts.data[i].b, ts.data[i].n);
  } else {
    emit_code(imm, OP_select);
  }
  rc_vec_free(ts);
  return true;
}

static bool immediates(struct wat *w, const struct wop *op, struct buf *imm) {
  struct cursor *c = w->c;
  uint32_t x;
  if (op->op == OP_select) return select_imm(w, imm);
  switch ((enum imm_kind)op->imm) {
  case IMM_NONE: emit_op(imm, op); return true;
  case IMM_LABEL:
    emit_op(imm, op);
    WTRY(label_idx(w, &x));
    buf_u32(imm, x);
    return true;
  case IMM_BR_TABLE: {
    emit_op(imm, op);
    RC_VEC(uint32_t) ls = {0};
    while (wt_at_index(w)) {
      if (!label_idx(w, &x)) { rc_vec_free(ls); return false; }
      rc_vec_push(ls, x);
    }
    if (ls.len == 0) return cur_fail(c, "unexpected token");
    buf_u32(imm, (uint32_t)ls.len - 1);
    for (size_t i = 0; i < ls.len; i++) buf_u32(imm, ls.data[i]);
    rc_vec_free(ls);
    return true;
  }
  case IMM_BR_ON_CAST: {
    emit_op(imm, op);
    WTRY(label_idx(w, &x));
    struct buf h1 = {0}, h2 = {0};
    bool n1, n2;
    bool ok = reftype_parts(w, &n1, &h1) && reftype_parts(w, &n2, &h2);
    if (ok) {
      buf_byte(imm, (uint8_t)((n1 ? 1 : 0) | (n2 ? 2 : 0)));
      buf_u32(imm, x);
      buf_bytes(imm, h1.d, h1.len);
      buf_bytes(imm, h2.d, h2.len);
    }
    buf_free(&h1);
    buf_free(&h2);
    return ok;
  }
  case IMM_FUNC: emit_op(imm, op); return idx_imm(w, SP_FUNC, imm);
  case IMM_CALL_INDIRECT: {
    uint32_t table = 0, ty;
    if (wt_at_index(w)) WTRY(wt_index(w, SP_TABLE, &table));
    WTRY(wt_typeuse(w, &ty, NULL));
    emit_op(imm, op);
    buf_u32(imm, ty);
    buf_u32(imm, table);
    return true;
  }
  case IMM_TYPE: emit_op(imm, op); return idx_imm(w, SP_TYPE, imm);
  case IMM_LOCAL:
    emit_op(imm, op);
    WTRY(local_idx(w, &x));
    buf_u32(imm, x);
    return true;
  case IMM_GLOBAL: emit_op(imm, op); return idx_imm(w, SP_GLOBAL, imm);
  case IMM_TABLE: emit_op(imm, op); return opt_idx_imm(w, SP_TABLE, imm);
  case IMM_MEM: emit_op(imm, op); return opt_idx_imm(w, SP_MEM, imm);
  case IMM_TABLE_COPY:
  case IMM_MEM_COPY: {
    int sp = op->imm == IMM_TABLE_COPY ? SP_TABLE : SP_MEM;
    uint32_t a = 0, b = 0;
    emit_op(imm, op);
    if (wt_at_index(w)) {
      WTRY(wt_index(w, sp, &a));
      WTRY(wt_index(w, sp, &b));
    }
    buf_u32(imm, a);
    buf_u32(imm, b);
    return true;
  }
  case IMM_TABLE_INIT:
  case IMM_MEM_INIT: {
    int sp = op->imm == IMM_TABLE_INIT ? SP_TABLE : SP_MEM;
    int sp2 = op->imm == IMM_TABLE_INIT ? SP_ELEM : SP_DATA;
    uint32_t a = 0, b;
    emit_op(imm, op);
    /* one index: the segment; two: table/memory then segment */
    const struct token *t1 = cur_peek(c, 1);
    bool two = t1->kind == TOK_ID || t1->kind == TOK_RESERVED;
    if (two) WTRY(wt_index(w, sp, &a));
    WTRY(wt_index(w, sp2, &b));
    buf_u32(imm, b);
    buf_u32(imm, a);
    if (sp2 == SP_DATA) w->uses_data_count = true;
    return true;
  }
  case IMM_ELEM: emit_op(imm, op); return idx_imm(w, SP_ELEM, imm);
  case IMM_DATA: emit_op(imm, op); w->uses_data_count = true; return idx_imm(w, SP_DATA, imm);
  case IMM_MEMARG: emit_op(imm, op); return memarg(w, op, imm, false);
  case IMM_MEMARG_LANE:
    emit_op(imm, op);
    WTRY(memarg(w, op, imm, true));
    return lane_imm(w, imm);
  case IMM_LANE: emit_op(imm, op); return lane_imm(w, imm);
  case IMM_SHUFFLE:
    emit_op(imm, op);
    for (int i = 0; i < 16; i++) {
      const struct token *t = cur_peek(c, 0);
      if (!pu_is_numtok(t)) return cur_fail(c, "invalid lane length");
      if (lex_numclass(t) != 1) return cur_fail(c, "i8 constant out of range");
      WTRY(lane_imm(w, imm));
    }
    if (pu_is_numtok(cur_peek(c, 0))) return cur_fail(c, "invalid lane length");
    return true;
  case IMM_I32: {
    uint64_t v;
    emit_op(imm, op);
    WTRY(pu_int(c, 32, &v));
    buf_s32(imm, (int32_t)(uint32_t)v);
    return true;
  }
  case IMM_I64: {
    uint64_t v;
    emit_op(imm, op);
    WTRY(pu_int(c, 64, &v));
    buf_s64(imm, (int64_t)v);
    return true;
  }
  case IMM_F32: {
    uint32_t v;
    emit_op(imm, op);
    WTRY(pu_f32(c, &v));
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    buf_bytes(imm, b, 4);
    return true;
  }
  case IMM_F64: {
    uint64_t v;
    emit_op(imm, op);
    WTRY(pu_f64(c, &v));
    for (int i = 0; i < 8; i++) buf_byte(imm, (uint8_t)(v >> (8 * i)));
    return true;
  }
  case IMM_V128: {
    int shape;
    uint8_t bytes[16];
    emit_op(imm, op);
    WTRY(pu_shape(c, &shape));
    static const int lanes[6] = {16, 8, 4, 2, 4, 2};
    for (int i = 0; i < lanes[shape]; i++)
      if (!pu_is_numtok(cur_peek(c, i))) return cur_fail_at(c, cur_peek(c, i), "wrong number of lane literals");
    WTRY(pu_v128_lanes(c, shape, bytes, NULL));
    if (pu_is_numtok(cur_peek(c, 0))) return cur_fail(c, "wrong number of lane literals");
    buf_bytes(imm, bytes, 16);
    return true;
  }
  case IMM_HEAPTYPE: emit_op(imm, op); return wt_heaptype(w, imm, NULL);
  case IMM_REFTEST: {
    bool null;
    struct buf ht = {0};
    if (!reftype_parts(w, &null, &ht)) { buf_free(&ht); return false; }
    emit_code(imm, op->op + (null ? 1u : 0u)); /* the null form is the next opcode */
    buf_bytes(imm, ht.d, ht.len);
    buf_free(&ht);
    return true;
  }
  case IMM_TYPE_FIELD: {
    uint32_t ty, f;
    emit_op(imm, op);
    WTRY(wt_index(w, SP_TYPE, &ty));
    WTRY(wt_field_index(w, ty, &f));
    buf_u32(imm, ty);
    buf_u32(imm, f);
    return true;
  }
  case IMM_TYPE_U32: {
    emit_op(imm, op);
    WTRY(idx_imm(w, SP_TYPE, imm));
    WTRY(pu_u32(c, &x));
    buf_u32(imm, x);
    return true;
  }
  case IMM_TYPE_DATA: emit_op(imm, op); WTRY(idx_imm(w, SP_TYPE, imm)); w->uses_data_count = true; return idx_imm(w, SP_DATA, imm);
  case IMM_TYPE_ELEM: emit_op(imm, op); WTRY(idx_imm(w, SP_TYPE, imm)); return idx_imm(w, SP_ELEM, imm);
  case IMM_TYPE_TYPE: emit_op(imm, op); WTRY(idx_imm(w, SP_TYPE, imm)); return idx_imm(w, SP_TYPE, imm);
  case IMM_TAG: emit_op(imm, op); return idx_imm(w, SP_TAG, imm);
  default:
    return cur_fail(c, "unexpected token");
  }
}

/* ---- blocks ---- */

static bool is_terminator(const struct token *t) {
  return tok_is(t, "end") || tok_is(t, "else") || tok_is(t, "catch") || tok_is(t, "catch_all") ||
         tok_is(t, "delegate");
}

/* try_table catch clauses, resolved against the enclosing labels. */
static bool try_table_catches(struct wat *w, struct buf *imm) {
  struct cursor *c = w->c;
  struct buf cs = {0};
  uint32_t n = 0, x, l;
  for (;;) {
    int kind = -1;
    if (cur_at_sexp(c, "catch")) kind = 0;
    else if (cur_at_sexp(c, "catch_ref")) kind = 1;
    else if (cur_at_sexp(c, "catch_all")) kind = 2;
    else if (cur_at_sexp(c, "catch_all_ref")) kind = 3;
    if (kind < 0) break;
    cur_next(c); cur_next(c);
    buf_byte(&cs, (uint8_t)kind);
    if (kind < 2) {
      if (!wt_index(w, SP_TAG, &x)) goto fail;
      buf_u32(&cs, x);
    }
    if (!label_idx(w, &l) || !cur_expect(c, TOK_RPAR)) goto fail;
    buf_u32(&cs, l);
    n++;
  }
  buf_u32(imm, n);
  buf_bytes(imm, cs.d, cs.len);
  buf_free(&cs);
  return true;
fail:
  buf_free(&cs);
  return false;
}

/* Block header after the mnemonic: label, block type (and catches). */
static bool block_header(struct wat *w, const struct wop *op, struct buf *out) {
  struct label_ent le = {NULL, 0};
  if (cur_at(w->c, TOK_ID)) WTRY(pu_id(w->c, &le.name, &le.len));
  emit_op(out, op);
  bool ok = wt_blocktype(w, out);
  if (ok && op->imm == IMM_TRY_TABLE) ok = try_table_catches(w, out);
  if (!ok) { free(le.name); return false; }
  rc_vec_push(w->fn->labels, le);
  return true;
}

/* Flat block: after the header, instructions up to and including `end`. */
static bool flat_block(struct wat *w, const struct wop *op, struct buf *out) {
  struct cursor *c = w->c;
  WTRY(enter(w));
  path_push(w, 1); /* the reference evaluates the block type after the body */
  WTRY(block_header(w, op, out));
  path_set(w, 0);
  bool ok = instr_seq(w, out);
  if (ok && op->op == OP_if && tok_is(cur_peek(c, 0), "else")) {
    cur_next(c);
    ok = check_end_label(w);
    size_t mark = out->len;
    buf_byte(out, OP_else);
    path_set(w, 2);
    ok = ok && instr_seq(w, out);
    if (ok && out->len == mark + 1) out->len = mark; /* empty else is not written */
  }
  if (ok && op->op == OP_try) {
    bool seen_all = false, seen_catch = false;
    while (ok && (tok_is(cur_peek(c, 0), "catch") || tok_is(cur_peek(c, 0), "catch_all"))) {
      bool all = tok_is(cur_peek(c, 0), "catch_all");
      if (seen_all) { ok = cur_fail(c, "unexpected token"); break; }
      seen_all = all;
      seen_catch = true;
      cur_next(c);
      buf_byte(out, all ? OP_catch_all : OP_catch);
      if (!all) ok = idx_imm(w, SP_TAG, out);
      ok = ok && instr_seq(w, out);
    }
    if (ok && tok_is(cur_peek(c, 0), "delegate")) {
      if (seen_catch) { ok = cur_fail(c, "unexpected token"); pop_label(w); leave(w); return false; }
      cur_next(c);
      pop_label(w);
      uint32_t l;
      ok = label_idx(w, &l);
      buf_byte(out, OP_delegate);
      buf_u32(out, l);
      path_pop(w);
      leave(w);
      return ok;
    }
  }
  if (ok && !tok_is(cur_peek(c, 0), "end")) ok = cur_fail(c, "unexpected token");
  if (ok) {
    cur_next(c);
    ok = check_end_label(w);
    buf_byte(out, OP_end);
  }
  pop_label(w);
  path_pop(w);
  leave(w);
  return ok;
}

/* Folded block forms, after "(" mnemonic; consumes the closing ')'. */
static bool folded_block(struct wat *w, const struct wop *op, struct buf *out) {
  struct cursor *c = w->c;
  bool ok;
  if (op->op == OP_if) {
    struct buf hdr = {0};
    struct label_ent le = {NULL, 0};
    if (cur_at(c, TOK_ID) && !pu_id(c, &le.name, &le.len)) return false;
    emit_op(&hdr, op);
    /* reference order: else, then, conditions (last first), block type */
    path_push(w, 3);
    ok = wt_blocktype(w, &hdr);
    path_set(w, 2);
    path_push(w, 0);
    for (int32_t k = 0; ok && cur_at(c, TOK_LPAR) && !cur_at_sexp(c, "then"); k++) {
      path_set(w, -k);
      ok = folded(w, out);
    }
    path_pop(w);
    path_set(w, 1);
    buf_bytes(out, hdr.d, hdr.len);
    buf_free(&hdr);
    rc_vec_push(w->fn->labels, le);
    if (ok && !cur_at_sexp(c, "then")) ok = cur_fail(c, "unexpected token");
    if (ok) {
      cur_next(c); cur_next(c);
      ok = instr_seq(w, out) && cur_expect(c, TOK_RPAR);
    }
    if (ok && cur_at_sexp(c, "else")) {
      cur_next(c); cur_next(c);
      path_set(w, 0);
      size_t mark = out->len;
      buf_byte(out, OP_else);
      ok = instr_seq(w, out) && cur_expect(c, TOK_RPAR);
      if (ok && out->len == mark + 1) out->len = mark;
    }
    buf_byte(out, OP_end);
    pop_label(w);
    path_pop(w);
    return ok && cur_expect(c, TOK_RPAR);
  }
  path_push(w, 1);
  bool hdr_ok = block_header(w, op, out);
  path_set(w, 0);
  WTRY(hdr_ok);
  if (op->op == OP_try) {
    ok = cur_at_sexp(c, "do") || cur_fail(c, "unexpected token");
    if (ok) {
      cur_next(c); cur_next(c);
      ok = instr_seq(w, out) && cur_expect(c, TOK_RPAR);
    }
    bool delegated = false, seen_all = false, seen_catch = false;
    while (ok && (cur_at_sexp(c, "catch") || cur_at_sexp(c, "catch_all"))) {
      bool all = cur_at_sexp(c, "catch_all");
      if (seen_all) { ok = cur_fail(c, "unexpected token"); break; }
      seen_all = all;
      seen_catch = true;
      cur_next(c); cur_next(c);
      buf_byte(out, all ? OP_catch_all : OP_catch);
      if (!all) ok = idx_imm(w, SP_TAG, out);
      ok = ok && instr_seq(w, out) && cur_expect(c, TOK_RPAR);
    }
    if (ok && cur_at_sexp(c, "delegate") && seen_catch) ok = cur_fail(c, "unexpected token");
    if (ok && cur_at_sexp(c, "delegate")) {
      cur_next(c); cur_next(c);
      pop_label(w);
      uint32_t l;
      ok = label_idx(w, &l) && cur_expect(c, TOK_RPAR);
      buf_byte(out, OP_delegate);
      buf_u32(out, l);
      delegated = true;
    }
    if (!delegated) { buf_byte(out, OP_end); pop_label(w); }
    path_pop(w);
    return ok && cur_expect(c, TOK_RPAR);
  }
  ok = instr_seq(w, out);
  buf_byte(out, OP_end);
  pop_label(w);
  path_pop(w);
  return ok && cur_expect(c, TOK_RPAR);
}

/* block, loop, if, try, try_table */
static bool is_block_op(const struct wop *op) {
  return op->imm == IMM_BLOCK || op->imm == IMM_TRY_TABLE;
}

static const struct wop *lookup(struct wat *w) {
  const struct token *t = cur_peek(w->c, 0);
  if (t->kind != TOK_KEYWORD) { cur_fail(w->c, "unexpected token"); return NULL; }
  const struct wop *op = wop_find(t->s, t->len);
  static const char *const structural[] = {"param", "result", "type", "local", "then", "do", "export",
                                           "import", "item", "offset", "mut", "field", "ref"};
  for (size_t i = 0; !op && i < RC_ARRAY_LEN(structural); i++)
    if (tok_is(t, structural[i])) { cur_fail(w->c, "unexpected token"); return NULL; }
  if (!op) cur_fail(w->c, "unknown operator %.*s", (int)RC_MIN(t->len, 40), t->s);
  return op;
}

/* "(" instr ... ")" */
static bool folded(struct wat *w, struct buf *out) {
  struct cursor *c = w->c;
  WTRY(enter(w));
  cur_next(c); /* '(' */
  const struct wop *op = lookup(w);
  if (!op) return false;
  if (op->op == OP_else || op->op == OP_end || op->op == OP_catch || op->op == OP_catch_all ||
      op->op == OP_delegate)
    return cur_fail(c, "unexpected token");
  cur_next(c);
  bool ok;
  if (is_block_op(op)) {
    ok = folded_block(w, op, out);
  } else {
    struct buf imm = {0};
    path_push(w, 0); /* the instruction itself before its operands */
    ok = immediates(w, op, &imm);
    path_set(w, 1);
    path_push(w, 0);
    for (int32_t k = 0; ok && cur_at(c, TOK_LPAR); k++) {
      path_set(w, -k); /* operands: the last first */
      ok = folded(w, out);
    }
    path_pop(w);
    path_pop(w);
    ok = ok && cur_expect(c, TOK_RPAR);
    buf_bytes(out, imm.d, imm.len);
    buf_free(&imm);
  }
  leave(w);
  return ok;
}

/* Instructions until ')' / EOF / a block terminator keyword (not consumed). */
static bool instr_seq(struct wat *w, struct buf *out) {
  struct cursor *c = w->c;
  path_push(w, 0);
  for (int32_t k = 0;; k++) {
    path_set(w, -k); /* the reference evaluates a sequence from its end */
    const struct token *t = cur_peek(c, 0);
    if (t->kind == TOK_RPAR || t->kind == TOK_EOF || is_terminator(t)) break;
    if (t->kind == TOK_LPAR) {
      WTRY(folded(w, out));
      continue;
    }
    const struct wop *op = lookup(w);
    if (!op) return false;
    cur_next(c);
    if (is_block_op(op)) WTRY(flat_block(w, op, out));
    else WTRY(immediates(w, op, out));
  }
  path_pop(w);
  return true;
}

bool wi_instrs(struct wat *w, struct buf *out) {
  WTRY(instr_seq(w, out));
  const struct token *t = cur_peek(w->c, 0);
  if (t->kind != TOK_RPAR && t->kind != TOK_EOF) return cur_fail(w->c, "unexpected token");
  return true;
}

void wi_func_ctx_free(struct func_ctx *f) {
  for (size_t i = 0; i < f->locals.len; i++) free(f->locals.data[i].name);
  rc_vec_free(f->locals);
  for (size_t i = 0; i < f->labels.len; i++) free(f->labels.data[i].name);
  rc_vec_free(f->labels);
  rc_vec_free(f->path);
}

/* A constant expression: `parse` runs in a function context of its own (the
 * expression's blocks bind their labels there), then `end` is written. */
static bool const_expr(struct wat *w, struct buf *out, bool (*parse)(struct wat *, struct buf *)) {
  struct func_ctx fc;
  memset(&fc, 0, sizeof fc);
  struct func_ctx *saved = w->fn;
  w->fn = &fc;
  bool ok = parse(w, out);
  buf_byte(out, OP_end);
  wi_func_ctx_free(&fc);
  w->fn = saved;
  return ok;
}

bool wi_expr(struct wat *w, struct buf *out) { return const_expr(w, out, wi_instrs); }

bool wi_folded_expr(struct wat *w, struct buf *out) { return const_expr(w, out, folded); }
