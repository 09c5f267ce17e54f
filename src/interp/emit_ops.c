/* Instruction selection for everything that is not control flow, calls or
 * locals: constants, numeric ops (choosing slot/slot or slot/immediate
 * forms), memory, tables, globals and references. Constants stay on the
 * shadow stack until an op needs them in a slot. */
#include "interp/emit.h"

#define INT_BIN_OPS(X)                                                                             \
  X(add) X(sub) X(mul) X(div_s) X(div_u) X(rem_s) X(rem_u) X(and) X(or) X(xor) X(shl) X(shr_s)      \
  X(shr_u) X(rotl) X(rotr) X(eq) X(ne) X(lt_s) X(lt_u) X(gt_s) X(gt_u) X(le_s) X(le_u) X(ge_s)     \
  X(ge_u)
#define FLT_BIN_OPS(X)                                                                             \
  X(f32_add) X(f32_sub) X(f32_mul) X(f32_div) X(f32_min) X(f32_max) X(f32_copysign) X(f32_eq)      \
  X(f32_ne) X(f32_lt) X(f32_gt) X(f32_le) X(f32_ge) X(f64_add) X(f64_sub) X(f64_mul) X(f64_div)    \
  X(f64_min) X(f64_max) X(f64_copysign) X(f64_eq) X(f64_ne) X(f64_lt) X(f64_gt) X(f64_le)          \
  X(f64_ge)
#define UN_OPS(X)                                                                                  \
  X(i32_eqz) X(i32_clz) X(i32_ctz) X(i32_popcnt) X(i32_extend8_s) X(i32_extend16_s) X(i64_eqz)     \
  X(i64_clz) X(i64_ctz) X(i64_popcnt) X(i64_extend8_s) X(i64_extend16_s) X(i64_extend32_s)         \
  X(i32_wrap_i64) X(i64_extend_i32_s) X(i64_extend_i32_u) X(f32_abs) X(f32_neg) X(f32_ceil)        \
  X(f32_floor) X(f32_trunc) X(f32_nearest) X(f32_sqrt) X(f64_abs) X(f64_neg) X(f64_ceil)           \
  X(f64_floor) X(f64_trunc) X(f64_nearest) X(f64_sqrt) X(i32_trunc_f32_s) X(i32_trunc_f32_u)       \
  X(i32_trunc_f64_s) X(i32_trunc_f64_u) X(i64_trunc_f32_s) X(i64_trunc_f32_u) X(i64_trunc_f64_s)   \
  X(i64_trunc_f64_u) X(i32_trunc_sat_f32_s) X(i32_trunc_sat_f32_u) X(i32_trunc_sat_f64_s)          \
  X(i32_trunc_sat_f64_u) X(i64_trunc_sat_f32_s) X(i64_trunc_sat_f32_u) X(i64_trunc_sat_f64_s)      \
  X(i64_trunc_sat_f64_u) X(f32_convert_i32_s) X(f32_convert_i32_u) X(f32_convert_i64_s)            \
  X(f32_convert_i64_u) X(f32_demote_f64) X(f64_convert_i32_s) X(f64_convert_i32_u)                 \
  X(f64_convert_i64_s) X(f64_convert_i64_u) X(f64_promote_f32)

/* Take the top n entries as slots (bottom first), then pop them. */
static void operands(struct emitter *e, uint32_t n, uint32_t *slots) {
  for (uint32_t i = 0; i < n; i++) slots[i] = sv_slot(e, sv_top(e, n - 1 - i));
  sv_pop_n(e, n);
}

/* Unary a|d */
static void emit_un(struct emitter *e, enum iop op, valtype rt) {
  uint32_t a;
  operands(e, 1, &a);
  uint32_t d = sv_push_temp(e, rt)->home;
  uint32_t at = em_op(e, op, 2);
  em_set32(e, at, 0, a);
  em_set32(e, at, 1, d);
  em_last(e, at, 1, op, a, 0);
}

/* Index of a compare among eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u,
 * and the compare that holds when the operands are swapped / negated. */
static const uint8_t cmp_swapped[10] = {0, 1, 4, 5, 2, 3, 8, 9, 6, 7};
static const uint8_t cmp_negated[10] = {1, 0, 8, 9, 6, 7, 4, 5, 2, 3};

static bool commutative(uint32_t k) {
  /* index in INT_BIN_OPS: add 0, mul 2, and 7, or 8, xor 9, eq 15, ne 16 */
  return k == 0 || k == 2 || k == 7 || k == 8 || k == 9 || k == 15 || k == 16;
}

/* Integer binary op; k = its index in INT_BIN_OPS, ss0 = the type's first
 * _ss op (each op has _ss then _si). */
static void emit_int_bin(struct emitter *e, enum iop ss0, uint32_t k, valtype rt) {
  struct sv *x = sv_top(e, 1), *y = sv_top(e, 0);
  int32_t imm;
  bool swap = false;
  bool use_imm = sv_imm32(y, &imm);
  if (!use_imm && x->kind == SV_CONST && sv_imm32(x, &imm)) {
    if (commutative(k)) {
      swap = true;
    } else if (k >= 17) {
      swap = true;
      k = 15 + cmp_swapped[k - 15];
    }
    use_imm = swap;
  }
  /* div/rem by an immediate 0 or -1 keep their checks in the _si form */
  uint32_t a, b;
  if (use_imm) {
    struct sv *reg = swap ? y : x;
    a = sv_slot(e, reg);
    b = (uint32_t)imm;
    sv_pop_n(e, 2);
  } else {
    uint32_t s[2];
    operands(e, 2, s);
    a = s[0];
    b = s[1];
  }
  enum iop op = (enum iop)(ss0 + 2 * k + (use_imm ? 1 : 0));
  uint32_t d = sv_push_temp(e, rt)->home;
  uint32_t at = em_op(e, op, 3);
  em_set32(e, at, 0, a);
  em_set32(e, at, 1, b);
  em_set32(e, at, 2, d);
  em_last(e, at, 2, op, a, b);
}

static void emit_flt_bin(struct emitter *e, enum iop op, valtype rt) {
  uint32_t s[2];
  operands(e, 2, s);
  uint32_t d = sv_push_temp(e, rt)->home;
  uint32_t at = em_op(e, op, 3);
  em_set32(e, at, 0, s[0]);
  em_set32(e, at, 1, s[1]);
  em_set32(e, at, 2, d);
  em_last(e, at, 2, op, s[0], s[1]);
}

bool emit_fuse_cmp(struct emitter *e, bool negate, enum iop *br, uint32_t *a, uint32_t *b) {
  enum iop op = e->last_iop;
  *a = e->last_a;
  *b = e->last_b;
  if (op == IOP_i32_eqz || op == IOP_i64_eqz) {
    enum iop base = op == IOP_i32_eqz ? IOP_br_i32_eq_ss : IOP_br_i64_eq_ss;
    *b = 0;
    *br = (enum iop)(base + (negate ? 2 : 0) + 1); /* eq_si x,0 / ne_si x,0 */
    return true;
  }
  enum iop base, cmp0;
  if (op >= IOP_i32_eq_ss && op <= IOP_i32_ge_u_si) {
    cmp0 = IOP_i32_eq_ss;
    base = IOP_br_i32_eq_ss;
  } else if (op >= IOP_i64_eq_ss && op <= IOP_i64_ge_u_si) {
    cmp0 = IOP_i64_eq_ss;
    base = IOP_br_i64_eq_ss;
  } else {
    return false;
  }
  uint32_t k = (op - cmp0) / 2, imm = (op - cmp0) % 2;
  if (negate) k = cmp_negated[k];
  *br = (enum iop)(base + 2 * k + imm);
  return true;
}

/* Loads: ld a|d [off32] on memory 0 (32-bit), else ld_x a|d mem|_ [off64]. */
static void emit_load(struct emitter *e, const struct val_instr *vi, enum iop op) {
  const struct memarg *ma = &vi->in->mem;
  bool fast = ma->mem == 0 && !e->m->mems[0].is64 && ma->offset <= UINT32_MAX;
  if (fast && op != IOP_ld128 && em_last_valid(e) &&
      (e->last_iop == IOP_i32_add_si || e->last_iop == IOP_i32_sub_si)) {
    /* fuse the address computation: ld_ai a|d imm|off */
    uint32_t a = e->last_a, imm = e->last_b;
    if (e->last_iop == IOP_i32_sub_si) imm = 0u - imm;
    e->cells.len = e->last_start;
    sv_pop(e);
    uint32_t d = sv_push_temp(e, vi->pushes[0])->home;
    enum iop fop = (enum iop)(IOP_ld32_ai + (op - IOP_ld32));
    uint32_t at = em_op(e, fop, 3);
    em_set32(e, at, 0, a);
    em_set32(e, at, 1, d);
    em_set32(e, at, 2, imm);
    em_set32(e, at, 3, (uint32_t)ma->offset);
    em_last(e, at, 1, fop, a, 0);
    return;
  }
  uint32_t a;
  operands(e, 1, &a);
  uint32_t d = sv_push_temp(e, vi->pushes[0])->home;
  uint32_t at;
  if (fast) {
    at = em_op(e, op, 3);
    em_set32(e, at, 2, (uint32_t)ma->offset);
  } else {
    at = em_op(e, (enum iop)(op + (IOP_ld32_x - IOP_ld32)), 4);
    em_set32(e, at, 2, ma->mem);
    em_set64(e, at + 3, ma->offset);
  }
  em_set32(e, at, 0, a);
  em_set32(e, at, 1, d);
  em_last(e, at, 1, op, a, 0);
}

static void emit_store(struct emitter *e, const struct val_instr *vi, enum iop op) {
  const struct memarg *ma = &vi->in->mem;
  bool fast = ma->mem == 0 && !e->m->mems[0].is64 && ma->offset <= UINT32_MAX;
  /* The address was computed by the op just emitted and the value needed no
   * code (a local or constant): fuse the address computation. */
  if (fast && op != IOP_st128 && e->last_end == e->cells.len && e->last_height + 1 == e->st.len &&
      sv_top(e, 1)->kind == SV_TEMP &&
      (e->last_iop == IOP_i32_add_si || e->last_iop == IOP_i32_sub_si)) {
    uint32_t a = e->last_a, imm = e->last_b;
    if (e->last_iop == IOP_i32_sub_si) imm = 0u - imm;
    e->cells.len = e->last_start;
    uint32_t v = sv_slot(e, sv_top(e, 0));
    sv_pop_n(e, 2);
    enum iop fop = (enum iop)(IOP_st8_ai + (op - IOP_st8));
    uint32_t at = em_op(e, fop, 3);
    em_set32(e, at, 0, a);
    em_set32(e, at, 1, v);
    em_set32(e, at, 2, imm);
    em_set32(e, at, 3, (uint32_t)ma->offset);
    em_no_last(e);
    return;
  }
  uint32_t s[2];
  operands(e, 2, s);
  uint32_t at;
  if (fast) {
    at = em_op(e, op, 3);
    em_set32(e, at, 2, (uint32_t)ma->offset);
  } else {
    at = em_op(e, (enum iop)(op + (IOP_st8_x - IOP_st8)), 4);
    em_set32(e, at, 2, ma->mem);
    em_set64(e, at + 3, ma->offset);
  }
  em_set32(e, at, 0, s[0]);
  em_set32(e, at, 1, s[1]);
  em_no_last(e);
}

/* An op with k leading immediates then n operand slots then (if rt) a
 * result slot, all 32-bit, packed in order. */
static void emit_generic(struct emitter *e, enum iop op, const uint32_t *imms, uint32_t k,
                         uint32_t n, const valtype *rt) {
  uint32_t ops[8];
  uint32_t s[4];
  operands(e, n, s);
  uint32_t m = 0;
  for (uint32_t i = 0; i < k; i++) ops[m++] = imms[i];
  for (uint32_t i = 0; i < n; i++) ops[m++] = s[i];
  uint32_t d = 0;
  if (rt) ops[m++] = d = sv_push_temp(e, *rt)->home;
  uint32_t ncells = 1 + (m + 1) / 2;
  uint32_t at = em_op(e, op, ncells);
  for (uint32_t i = 0; i < m; i++) em_set32(e, at, i, ops[i]);
  if (rt)
    em_last(e, at, m - 1, op, 0, 0);
  else
    em_no_last(e);
}

/* SIMD: the generic simd op; see simd.c for the operand layout. */
static void emit_simd(struct emitter *e, const struct val_instr *vi) {
  const struct instr *in = vi->in;
  enum imm_kind ik = op_imm_kind(in->op);
  uint32_t s[3] = {0, 0, 0};
  uint32_t n = vi->npops < 3 ? vi->npops : 3;
  for (uint32_t i = 0; i < n; i++) s[i] = sv_slot(e, sv_top(e, n - 1 - i));
  sv_pop_n(e, vi->npops);
  uint32_t d = vi->npushes ? sv_push_temp(e, vi->pushes[0])->home : sv_next_home(e);
  if (d + 2 > e->max_slot) e->max_slot = d + 2; /* 16-byte reads and writes at d */
  for (uint32_t i = n; i < 3; i++) s[i] = n ? s[0] : d;
  uint32_t at = em_op(e, IOP_simd, 6);
  em_set32(e, at, 0, in->op);
  em_set32(e, at, 1, d);
  em_set32(e, at, 2, s[0]);
  em_set32(e, at, 3, s[1]);
  em_set32(e, at, 4, s[2]);
  if (ik == IMM_MEMARG || ik == IMM_MEMARG_LANE) {
    em_set32(e, at, 4, in->mem.mem);
    em_set32(e, at, 5, in->mem.lane);
    em_set64(e, at + 4, in->mem.offset);
  } else if (ik == IMM_LANE) {
    em_set32(e, at, 5, in->lane);
  } else if (ik == IMM_SHUFFLE) {
    uint64_t lo, hi;
    memcpy(&lo, in->v128, 8);
    memcpy(&hi, in->v128 + 8, 8);
    em_set64(e, at + 4, lo);
    em_set64(e, at + 5, hi);
  }
  em_no_last(e);
}

void emit_unsupported(struct emitter *e, const struct val_instr *vi) {
  uint32_t at = em_op(e, IOP_unsupported, 2);
  em_set32(e, at, 0, vi->in->op);
  em_no_last(e);
  sv_pop_n(e, vi->npops);
  for (uint32_t i = 0; i < vi->npushes; i++) sv_push_temp(e, vi->pushes[i]);
}

bool emit_simple(struct emitter *e, const struct val_instr *vi, struct rc_error *err) {
  const struct instr *in = vi->in;
  valtype rt = vi->npushes ? vi->pushes[0] : 0;
  uint32_t imm[2];
  switch (in->op) {
  /* constants */
  case OP_i32_const:
    sv_push_const(e, VT_I32, (uint32_t)in->i32, 0);
    return true;
  case OP_i64_const:
    sv_push_const(e, VT_I64, (uint64_t)in->i64, 0);
    return true;
  case OP_f32_const:
    sv_push_const(e, VT_F32, in->f32, 0);
    return true;
  case OP_f64_const:
    sv_push_const(e, VT_F64, in->f64, 0);
    return true;
  case OP_v128_const: {
    uint64_t lo, hi;
    memcpy(&lo, in->v128, 8);
    memcpy(&hi, in->v128 + 8, 8);
    sv_push_const(e, VT_V128, lo, hi);
    return true;
  }
  case OP_ref_null:
    sv_push_const(e, rt, 0, 0);
    return true;

  /* integer binary ops */
#define CASE_I32(n)                                                                                \
  case OP_i32_##n:                                                                                 \
    emit_int_bin(e, IOP_i32_add_ss, (uint32_t)(IOP_i32_##n##_ss - IOP_i32_add_ss) / 2, VT_I32);    \
    return true;
#define CASE_I64(n)                                                                                \
  case OP_i64_##n:                                                                                 \
    emit_int_bin(e, IOP_i64_add_ss, (uint32_t)(IOP_i64_##n##_ss - IOP_i64_add_ss) / 2, rt);        \
    return true;
    INT_BIN_OPS(CASE_I32)
    INT_BIN_OPS(CASE_I64)
#undef CASE_I32
#undef CASE_I64
  case OP_ref_eq:
    emit_int_bin(e, IOP_i64_add_ss, (uint32_t)(IOP_i64_eq_ss - IOP_i64_add_ss) / 2, VT_I32);
    return true;

#define CASE_F(n)                                                                                  \
  case OP_##n:                                                                                     \
    emit_flt_bin(e, IOP_##n, rt);                                                                  \
    return true;
    FLT_BIN_OPS(CASE_F)
#undef CASE_F
#define CASE_U(n)                                                                                  \
  case OP_##n:                                                                                     \
    emit_un(e, IOP_##n, rt);                                                                       \
    return true;
    UN_OPS(CASE_U)
#undef CASE_U
  case OP_ref_is_null:
    emit_un(e, IOP_i64_eqz, VT_I32);
    return true;

  /* reinterpretations and reference conversions change only the type */
  case OP_i32_reinterpret_f32:
  case OP_i64_reinterpret_f64:
  case OP_f32_reinterpret_i32:
  case OP_f64_reinterpret_i64:
  case OP_any_convert_extern:
  case OP_extern_convert_any:
    sv_top(e, 0)->type = rt;
    return true;
  case OP_ref_as_non_null: {
    uint32_t s = sv_slot(e, sv_top(e, 0));
    uint32_t at = em_op(e, IOP_null_check, 2);
    em_set32(e, at, 0, s);
    em_no_last(e);
    sv_top(e, 0)->type = rt;
    return true;
  }
  case OP_ref_func:
    imm[0] = in->idx;
    emit_generic(e, IOP_ref_func, imm, 1, 0, &rt);
    return true;

  case OP_select:
  case OP_select_t: {
    uint32_t s[3];
    operands(e, 3, s);
    struct sv *d = sv_push_temp(e, rt);
    uint32_t at = em_op(e, d->nslots == 2 ? IOP_select2 : IOP_select, 3);
    em_set32(e, at, 0, s[2]);
    em_set32(e, at, 1, s[0]);
    em_set32(e, at, 2, s[1]);
    em_set32(e, at, 3, d->home);
    if (d->nslots == 2)
      em_no_last(e);
    else
      em_last(e, at, 3, IOP_select, 0, 0);
    return true;
  }

  case OP_global_get:
    imm[0] = in->idx;
    emit_generic(e, vt_slots(rt) == 2 ? IOP_global_get2 : IOP_global_get, imm, 1, 0, &rt);
    return true;
  case OP_global_set:
    imm[0] = in->idx;
    emit_generic(e, vt_slots(vi->pops[0]) == 2 ? IOP_global_set2 : IOP_global_set, imm, 1, 1,
                 NULL);
    return true;

  /* memory */
  case OP_i32_load: emit_load(e, vi, IOP_ld32); return true;
  case OP_i64_load: emit_load(e, vi, IOP_ld64); return true;
  case OP_f32_load: emit_load(e, vi, IOP_ld32); return true;
  case OP_f64_load: emit_load(e, vi, IOP_ld64); return true;
  case OP_i32_load8_s: emit_load(e, vi, IOP_ld8s32); return true;
  case OP_i32_load8_u: emit_load(e, vi, IOP_ld8u); return true;
  case OP_i32_load16_s: emit_load(e, vi, IOP_ld16s32); return true;
  case OP_i32_load16_u: emit_load(e, vi, IOP_ld16u); return true;
  case OP_i64_load8_s: emit_load(e, vi, IOP_ld8s64); return true;
  case OP_i64_load8_u: emit_load(e, vi, IOP_ld8u); return true;
  case OP_i64_load16_s: emit_load(e, vi, IOP_ld16s64); return true;
  case OP_i64_load16_u: emit_load(e, vi, IOP_ld16u); return true;
  case OP_i64_load32_s: emit_load(e, vi, IOP_ld32s64); return true;
  case OP_i64_load32_u: emit_load(e, vi, IOP_ld32); return true;
  case OP_v128_load: emit_load(e, vi, IOP_ld128); return true;
  case OP_i32_store: emit_store(e, vi, IOP_st32); return true;
  case OP_i64_store: emit_store(e, vi, IOP_st64); return true;
  case OP_f32_store: emit_store(e, vi, IOP_st32); return true;
  case OP_f64_store: emit_store(e, vi, IOP_st64); return true;
  case OP_i32_store8: emit_store(e, vi, IOP_st8); return true;
  case OP_i32_store16: emit_store(e, vi, IOP_st16); return true;
  case OP_i64_store8: emit_store(e, vi, IOP_st8); return true;
  case OP_i64_store16: emit_store(e, vi, IOP_st16); return true;
  case OP_i64_store32: emit_store(e, vi, IOP_st32); return true;
  case OP_v128_store: emit_store(e, vi, IOP_st128); return true;
  case OP_memory_size:
    imm[0] = in->idx;
    emit_generic(e, IOP_memory_size, imm, 1, 0, &rt);
    return true;
  case OP_memory_grow:
    imm[0] = in->idx;
    emit_generic(e, IOP_memory_grow, imm, 1, 1, &rt);
    return true;
  case OP_memory_fill:
    imm[0] = in->idx;
    emit_generic(e, IOP_memory_fill, imm, 1, 3, NULL);
    return true;
  case OP_memory_copy:
  case OP_memory_init:
  case OP_table_copy:
  case OP_table_init: {
    imm[0] = in->idx2.a;
    imm[1] = in->idx2.b;
    enum iop op = in->op == OP_memory_copy   ? IOP_memory_copy
                  : in->op == OP_memory_init ? IOP_memory_init
                  : in->op == OP_table_copy  ? IOP_table_copy
                                             : IOP_table_init;
    emit_generic(e, op, imm, 2, 3, NULL);
    return true;
  }
  case OP_data_drop:
    imm[0] = in->idx;
    emit_generic(e, IOP_data_drop, imm, 1, 0, NULL);
    return true;
  case OP_elem_drop:
    imm[0] = in->idx;
    emit_generic(e, IOP_elem_drop, imm, 1, 0, NULL);
    return true;

  /* tables */
  case OP_table_get:
    imm[0] = in->idx;
    emit_generic(e, IOP_table_get, imm, 1, 1, &rt);
    return true;
  case OP_table_set:
    imm[0] = in->idx;
    emit_generic(e, IOP_table_set, imm, 1, 2, NULL);
    return true;
  case OP_table_size:
    imm[0] = in->idx;
    emit_generic(e, IOP_table_size, imm, 1, 0, &rt);
    return true;
  case OP_table_grow:
    imm[0] = in->idx;
    emit_generic(e, IOP_table_grow, imm, 1, 2, &rt);
    return true;
  case OP_table_fill:
    imm[0] = in->idx;
    emit_generic(e, IOP_table_fill, imm, 1, 3, NULL);
    return true;

  default:
    (void)err;
    if (emit_gc(e, vi)) return true;
    if ((in->op >> 16) == 0xFD) {
      emit_simd(e, vi);
      return true;
    }
    emit_unsupported(e, vi);
    return true;
  }
}
