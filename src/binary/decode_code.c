/* Decoding the sections that carry instructions: globals, element
 * segments, function bodies and data segments. Every expression is scanned
 * with instr_next so that malformed code is a decode error; the scan also
 * checks the block structure (else only inside if, the body ends exactly at
 * its final `end`), as the spec's binary grammar does. */
#include "binary/decode_internal.h"

#include <stdlib.h>

enum { CTL_BLOCK, CTL_IF, CTL_ELSE, CTL_TRY, CTL_CATCH };

/* Scan instructions from d->r.pos up to and including the `end` that closes
 * the expression; leaves d->r.pos after it. */
static bool scan_expr(struct dec *d) {
  struct instr_reader *ir = &d->ir;
  ir->r = d->r;
  d->ctl.len = 0;
  struct instr in;
  for (;;) {
    if (!instr_next(ir, &in, d->err)) return false;
    uint8_t *top = d->ctl.len ? &d->ctl.data[d->ctl.len - 1] : NULL;
    switch (in.op) {
    case OP_block:
    case OP_loop:
    case OP_try_table: rc_vec_push(d->ctl, CTL_BLOCK); break;
    case OP_if: rc_vec_push(d->ctl, CTL_IF); break;
    case OP_try: rc_vec_push(d->ctl, CTL_TRY); break;
    case OP_else:
      if (!top || *top != CTL_IF) return dec_fail(d, in.offset, "END opcode expected");
      *top = CTL_ELSE;
      break;
    case OP_catch:
    case OP_catch_all:
      if (!top || (*top != CTL_TRY && *top != CTL_CATCH)) return dec_fail(d, in.offset, "END opcode expected");
      *top = CTL_CATCH;
      break;
    case OP_delegate:
      if (!top || *top != CTL_TRY) return dec_fail(d, in.offset, "END opcode expected");
      d->ctl.len--;
      break;
    case OP_end:
      if (!top) {
        d->r.pos = ir->r.pos;
        return true;
      }
      d->ctl.len--;
      break;
    case OP_memory_init:
    case OP_data_drop:
    case OP_array_new_data:
    case OP_array_init_data: d->uses_data |= d->in_body; break;
    default: break;
    }
  }
}

bool dec_expr(struct dec *d, struct expr *out) {
  size_t start = d->r.pos;
  if (!scan_expr(d)) return false;
  out->start = (uint32_t)start;
  out->end = (uint32_t)d->r.pos;
  return true;
}

bool dec_global_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  m->globals = rc_realloc(m->globals, ((size_t)m->nglobals + n + 1) * sizeof *m->globals);
  for (uint32_t i = 0; i < n; i++) {
    struct global *g = &m->globals[m->nglobals];
    memset(g, 0, sizeof *g);
    if (!dec_globaltype(d, &g->type) || !dec_expr(d, &g->init)) return false;
    m->nglobals++;
  }
  return true;
}

static bool dec_elemkind(struct dec *d, valtype *t) {
  size_t at = d->r.pos;
  uint8_t b;
  if (!rd_u8(&d->r, &b, d->err)) return false;
  if (b != 0x00) return dec_fail(d, at, "malformed element kind");
  *t = VT_REF(HT_FUNC, 0);
  return true;
}

static bool dec_elem(struct dec *d, struct elem *e) {
  size_t at = d->r.pos;
  uint32_t flags;
  if (!rd_u32(&d->r, &flags, d->err)) return false;
  if (flags > 7) return dec_fail(d, at, "malformed elements segment kind");
  /* bit 0: not active; bit 1: explicit table index and type (active) or
   * declarative (not active); bit 2: expressions instead of function indices */
  bool passive = flags & 1, bit1 = flags & 2, exprs = flags & 4;
  e->mode = passive ? (bit1 ? SEG_DECLARATIVE : SEG_PASSIVE) : SEG_ACTIVE;
  e->table = 0;
  if (!passive) {
    if (bit1 && !rd_u32(&d->r, &e->table, d->err)) return false;
    if (!dec_expr(d, &e->offset)) return false;
  }
  /* flags 0 and 4 have no explicit type: (ref func) and (ref null func) */
  if (!passive && !bit1) {
    e->type = exprs ? VT_REF(HT_FUNC, 1) : VT_REF(HT_FUNC, 0);
  } else if (exprs) {
    if (!rd_reftype(&d->r, &e->type, d->err)) return false;
  } else {
    if (!dec_elemkind(d, &e->type)) return false;
  }
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  if (exprs) {
    e->exprs = rc_calloc(n ? n : 1, sizeof *e->exprs);
    for (uint32_t i = 0; i < n; i++) {
      if (!dec_expr(d, &e->exprs[i])) return false;
      e->count = i + 1;
    }
  } else {
    e->funcs = rc_calloc(n ? n : 1, sizeof *e->funcs);
    for (uint32_t i = 0; i < n; i++) {
      if (!rd_u32(&d->r, &e->funcs[i], d->err)) return false;
      e->count = i + 1;
    }
  }
  return true;
}

bool dec_elem_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  m->elems = rc_calloc(n ? n : 1, sizeof *m->elems);
  for (uint32_t i = 0; i < n; i++) {
    m->nelems = i + 1;
    if (!dec_elem(d, &m->elems[i])) return false;
  }
  return true;
}

static bool dec_body(struct dec *d, struct func_body *b) {
  uint32_t size;
  if (!rd_len(&d->r, &size, d->err)) return false;
  size_t start = d->r.pos;
  b->start = (uint32_t)start;
  b->end = (uint32_t)(start + size);
  uint32_t nd;
  if (!rd_len(&d->r, &nd, d->err)) return false;
  b->local_decls = rc_calloc(nd ? nd : 1, sizeof *b->local_decls);
  uint64_t total = 0;
  for (uint32_t i = 0; i < nd; i++) {
    size_t at = d->r.pos;
    struct local_decl *ld = &b->local_decls[i];
    if (!rd_u32(&d->r, &ld->count, d->err)) return false;
    total += ld->count;
    /* the spec's bound is 2^32-1; ours is lower (module.h) */
    if (total > RC_MAX_LOCALS) return dec_fail(d, at, "too many locals");
    if (!rd_valtype(&d->r, &ld->type, d->err)) return false;
    b->nlocal_decls = i + 1;
  }
  b->nlocals = total;
  b->code_start = (uint32_t)d->r.pos;
  d->in_body = true;
  bool ok = scan_expr(d);
  d->in_body = false;
  if (!ok) return false;
  if (d->r.pos != start + size) return dec_fail(d, start, "section size mismatch");
  return true;
}

bool dec_code_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  d->has_code = true;
  /* bodies is indexed by defined function; the count check against the
   * function section happens after the last section, as in the spec */
  m->bodies = rc_calloc(n ? n : 1, sizeof *m->bodies);
  m->nbodies = n;
  for (uint32_t i = 0; i < n; i++) {
    if (!dec_body(d, &m->bodies[i])) return false;
  }
  return true;
}

static bool dec_data(struct dec *d, struct data *s) {
  size_t at = d->r.pos;
  uint32_t flags;
  if (!rd_u32(&d->r, &flags, d->err)) return false;
  if (flags > 2) return dec_fail(d, at, "malformed data segment kind");
  s->mem = 0;
  s->mode = flags == 1 ? SEG_PASSIVE : SEG_ACTIVE;
  if (flags == 2 && !rd_u32(&d->r, &s->mem, d->err)) return false;
  if (flags != 1 && !dec_expr(d, &s->offset)) return false;
  uint32_t len;
  const uint8_t *p;
  if (!rd_len(&d->r, &len, d->err)) return false;
  s->start = (uint32_t)d->r.pos;
  s->len = len;
  return rd_bytes(&d->r, len, &p, d->err);
}

bool dec_data_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  m->datas = rc_calloc(n ? n : 1, sizeof *m->datas);
  for (uint32_t i = 0; i < n; i++) {
    m->ndatas = i + 1;
    if (!dec_data(d, &m->datas[i])) return false;
  }
  return true;
}
