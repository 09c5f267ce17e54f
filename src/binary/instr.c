/* Decoding one instruction and its immediates. Only syntax is checked here
 * (known opcode, well-formed immediates); index ranges and types are the
 * validator's job. */
#include "binary/instr.h"

#include <stdlib.h>

void instr_reader_init(struct instr_reader *ir, const uint8_t *base, size_t start, size_t end) {
  memset(ir, 0, sizeof *ir);
  ir->r.base = base;
  ir->r.pos = start;
  ir->r.end = end;
}

void instr_reader_free(struct instr_reader *ir) {
  rc_vec_free(ir->labels);
  rc_vec_free(ir->types);
  rc_vec_free(ir->catches);
}

static bool malformed(struct rc_error *err, size_t at, const char *msg) {
  return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at, "%s", msg);
}

/* blocktype: 0x40, a value type (a one-byte negative s33 or 0x63/0x64
 * prefix), or a non-negative s33 type index. */
bool rd_blocktype(struct reader *r, struct blocktype *bt, struct rc_error *err) {
  size_t at = r->pos;
  uint8_t b;
  if (!rd_peek(r, &b)) return rd_u8(r, &b, err);
  if (b == 0x40) {
    r->pos++;
    bt->kind = BT_EMPTY;
    return true;
  }
  if ((b & 0xC0) == 0x40) {
    bt->kind = BT_VAL;
    return rd_valtype(r, &bt->val, err);
  }
  int64_t idx;
  if (!rd_s33(r, &idx, err)) return false;
  if (idx < 0) return malformed(err, at, "malformed block type");
  bt->kind = BT_TYPE;
  bt->type = idx > UINT32_MAX ? UINT32_MAX : (uint32_t)idx;
  return true;
}

static bool rd_memarg(struct reader *r, struct memarg *m, struct rc_error *err) {
  size_t at = r->pos;
  uint32_t flags;
  if (!rd_u32(r, &flags, err)) return false;
  /* bit 6 announces a memory index; bit 7 and up are reserved */
  if (flags >= 0x80) return malformed(err, at, "malformed memop flags");
  m->align = flags & 0x3F;
  m->mem = 0;
  if ((flags & 0x40) && !rd_u32(r, &m->mem, err)) return false;
  return rd_u64(r, &m->offset, err);
}

static bool rd_idx2(struct reader *r, struct instr *in, struct rc_error *err) {
  return rd_u32(r, &in->idx2.a, err) && rd_u32(r, &in->idx2.b, err);
}

static bool rd_br_table(struct instr_reader *ir, struct instr *in, struct rc_error *err) {
  uint32_t n;
  if (!rd_len(&ir->r, &n, err)) return false;
  ir->labels.len = 0;
  rc_vec_reserve(ir->labels, n);
  for (uint32_t i = 0; i < n; i++)
    if (!rd_u32(&ir->r, &ir->labels.data[i], err)) return false;
  ir->labels.len = n;
  in->br_table.count = n;
  in->br_table.labels = ir->labels.data;
  return rd_u32(&ir->r, &in->br_table.deflt, err);
}

static bool rd_select_t(struct instr_reader *ir, struct instr *in, struct rc_error *err) {
  uint32_t n;
  if (!rd_len(&ir->r, &n, err)) return false;
  ir->types.len = 0;
  rc_vec_reserve(ir->types, n);
  for (uint32_t i = 0; i < n; i++)
    if (!rd_valtype(&ir->r, &ir->types.data[i], err)) return false;
  ir->types.len = n;
  in->select.count = n;
  in->select.types = ir->types.data;
  return true;
}

static bool rd_try_table(struct instr_reader *ir, struct instr *in, struct rc_error *err) {
  struct reader *r = &ir->r;
  if (!rd_blocktype(r, &in->try_table.block, err)) return false;
  uint32_t n;
  if (!rd_len(r, &n, err)) return false;
  ir->catches.len = 0;
  rc_vec_reserve(ir->catches, n);
  for (uint32_t i = 0; i < n; i++) {
    struct catch_clause *c = &ir->catches.data[i];
    size_t at = r->pos;
    uint8_t k;
    if (!rd_u8(r, &k, err)) return false;
    if (k > CATCH_ALL_REF) return malformed(err, at, "malformed catch clause");
    c->kind = (enum catch_kind)k;
    c->tag = 0;
    if (k <= CATCH_REF && !rd_u32(r, &c->tag, err)) return false;
    if (!rd_u32(r, &c->label, err)) return false;
  }
  ir->catches.len = n;
  in->try_table.ncatches = n;
  in->try_table.catches = ir->catches.data;
  return true;
}

static bool rd_br_on_cast(struct reader *r, struct instr *in, struct rc_error *err) {
  size_t at = r->pos;
  uint8_t flags;
  if (!rd_u8(r, &flags, err)) return false;
  if (flags > 3) return malformed(err, at, "malformed br_on_cast flags");
  in->br_on_cast.flags = flags;
  return rd_u32(r, &in->br_on_cast.label, err) && rd_heaptype(r, &in->br_on_cast.ht1, err) &&
         rd_heaptype(r, &in->br_on_cast.ht2, err);
}

static uint64_t le_bytes(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

bool instr_next(struct instr_reader *ir, struct instr *in, struct rc_error *err) {
  struct reader *r = &ir->r;
  size_t at = r->pos;
  uint8_t b;
  if (!rd_u8(r, &b, err)) return false;
  uint32_t op = b;
  if (b == 0xFB || b == 0xFC || b == 0xFD) {
    uint32_t sub;
    if (!rd_u32(r, &sub, err)) return false;
    if (sub > 0xFFFF) return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at, "illegal opcode %02x %x", b, sub);
    op = OPC((uint32_t)b, sub);
  }
  enum imm_kind kind;
  if (!op_lookup(op, &kind)) {
    if (op > 0xFF)
      return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at, "illegal opcode %02x %x", b, op & 0xFFFF);
    return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at, "illegal opcode %02x", b);
  }
  in->op = op;
  in->offset = (uint32_t)at;
  const uint8_t *p;
  switch (kind) {
  case IMM_NONE: return true;
  case IMM_BLOCK: return rd_blocktype(r, &in->block, err);
  case IMM_LABEL:
  case IMM_FUNC:
  case IMM_TYPE:
  case IMM_LOCAL:
  case IMM_GLOBAL:
  case IMM_TABLE:
  case IMM_TAG:
  case IMM_MEM:
  case IMM_DATA:
  case IMM_ELEM: return rd_u32(r, &in->idx, err);
  case IMM_BR_TABLE: return rd_br_table(ir, in, err);
  case IMM_CALL_INDIRECT:
  case IMM_TYPE_FIELD:
  case IMM_TYPE_TYPE:
  case IMM_TYPE_U32:
  case IMM_TYPE_DATA:
  case IMM_TYPE_ELEM:
  case IMM_MEM_INIT:
  case IMM_MEM_COPY:
  case IMM_TABLE_INIT:
  case IMM_TABLE_COPY: return rd_idx2(r, in, err);
  case IMM_MEMARG: return rd_memarg(r, &in->mem, err);
  case IMM_MEMARG_LANE: return rd_memarg(r, &in->mem, err) && rd_u8(r, &in->mem.lane, err);
  case IMM_I32: return rd_s32(r, &in->i32, err);
  case IMM_I64: return rd_s64(r, &in->i64, err);
  case IMM_F32:
    if (!rd_bytes(r, 4, &p, err)) return false;
    in->f32 = (uint32_t)le_bytes(p, 4);
    return true;
  case IMM_F64:
    if (!rd_bytes(r, 8, &p, err)) return false;
    in->f64 = le_bytes(p, 8);
    return true;
  case IMM_SELECT_T: return rd_select_t(ir, in, err);
  case IMM_HEAPTYPE:
  case IMM_REFTEST: return rd_heaptype(r, &in->ht, err);
  case IMM_BR_ON_CAST: return rd_br_on_cast(r, in, err);
  case IMM_TRY_TABLE: return rd_try_table(ir, in, err);
  case IMM_V128:
  case IMM_SHUFFLE:
    if (!rd_bytes(r, 16, &p, err)) return false;
    memcpy(in->v128, p, 16);
    return true;
  case IMM_LANE: return rd_u8(r, &in->lane, err);
  }
  return malformed(err, at, "illegal opcode");
}
