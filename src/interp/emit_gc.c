/* Instruction selection for GC instructions: structs, arrays, i31, casts.
 * Field offsets and kinds come from the canonical typeinfo at compile time;
 * allocations are safepoints, recorded while their operands are still on
 * the shadow stack so reference operands stay roots during collection. */
#include "interp/emit.h"

static const struct typeinfo *tinfo(struct emitter *e, uint32_t typeidx) {
  return types_get(e->ts, e->m->types[typeidx].canon);
}

/* Operand slots of the top n entries (bottom first), without popping. */
static void peek_slots(struct emitter *e, uint32_t n, uint32_t *slots) {
  for (uint32_t i = 0; i < n; i++) slots[i] = sv_slot(e, sv_top(e, n - 1 - i));
}

/* op with operands [imms..., slots of n popped values..., result slot?, tail...]
 * packed as 32-bit operands. alloc: record a safepoint first. */
static void gc_op(struct emitter *e, enum iop op, const uint32_t *imms, uint32_t k, uint32_t n,
                  const valtype *rt, const uint32_t *tail, uint32_t ntail, bool alloc) {
  uint32_t ops[12];
  uint32_t m = 0;
  for (uint32_t i = 0; i < k; i++) ops[m++] = imms[i];
  peek_slots(e, n, &ops[m]);
  m += n;
  uint32_t nops = m + (rt ? 1 : 0) + ntail;
  uint32_t ncells = 1 + (nops + 1) / 2;
  if (alloc) emit_safepoint(e, (uint32_t)e->cells.len + ncells);
  sv_pop_n(e, n);
  if (rt) ops[m++] = sv_push_temp(e, *rt)->home;
  for (uint32_t i = 0; i < ntail; i++) ops[m++] = tail[i];
  uint32_t at = em_op(e, op, ncells);
  for (uint32_t i = 0; i < m; i++) em_set32(e, at, i, ops[i]);
  em_no_last(e);
}

/* struct.new / array.new_fixed: values in consecutive homes; result at the first. */
static void alloc_from_args(struct emitter *e, enum iop op, uint32_t typeidx, uint32_t n,
                            valtype rt, bool with_count) {
  for (uint32_t i = 0; i < n; i++) sv_materialize(e, sv_top(e, i));
  uint32_t ncells = with_count ? 3 : 2;
  emit_safepoint(e, (uint32_t)e->cells.len + ncells);
  sv_pop_n(e, n);
  uint32_t argbase = sv_push_temp(e, rt)->home;
  uint32_t at = em_op(e, op, ncells);
  em_set32(e, at, 0, typeidx);
  em_set32(e, at, 1, argbase);
  if (with_count) em_set32(e, at, 2, n);
  em_no_last(e);
}

uint32_t gc_rt_mode(struct emitter *e, heaptype ht, bool nullable, const struct typeinfo **ti) {
  uint32_t mode;
  *ti = NULL;
  switch (ht) {
  case HT_ANY: mode = RT_ANY; break;
  case HT_EQ: mode = RT_EQ; break;
  case HT_I31: mode = RT_I31; break;
  case HT_STRUCT: mode = RT_STRUCT; break;
  case HT_ARRAY: mode = RT_ARRAY; break;
  case HT_NONE:
  case HT_NOFUNC:
  case HT_NOEXTERN:
  case HT_NOEXN: mode = RT_NONE; break;
  case HT_FUNC:
  case HT_EXTERN:
  case HT_EXN: mode = RT_NONNULL; break;
  default:
    *ti = types_get(e->ts, ht);
    mode = types_heap_top(e->ts, ht) == HT_FUNC ? RT_FUNC_CONCRETE : RT_GC_CONCRETE;
    break;
  }
  return mode | (nullable ? RT_NULLABLE : 0);
}

bool emit_gc(struct emitter *e, const struct val_instr *vi) {
  const struct instr *in = vi->in;
  valtype rt = vi->npushes ? vi->pushes[0] : 0;
  uint32_t imm[4];
  switch (in->op) {
  case OP_struct_new: {
    const struct typeinfo *ti = tinfo(e, in->idx);
    bool flat = ti->payload_size == 8 * ti->comp.st.nfields;
    for (uint32_t i = 0; flat && i < ti->comp.st.nfields; i++)
      flat = fk_of(ti->comp.st.fields[i].type) == FK_64 && ti->field_offsets[i] == 8 * i;
    alloc_from_args(e, flat ? IOP_struct_new64 : IOP_struct_new, in->idx, vi->npops, rt, false);
    return true;
  }
  case OP_struct_new_default:
    imm[0] = in->idx;
    gc_op(e, IOP_struct_new_default, imm, 1, 0, &rt, NULL, 0, true);
    return true;
  case OP_struct_get:
  case OP_struct_get_s:
  case OP_struct_get_u:
  case OP_struct_set: {
    const struct typeinfo *ti = tinfo(e, in->idx2.a);
    uint32_t f = in->idx2.b;
    uint32_t fk = fk_of(ti->comp.st.fields[f].type);
    if (in->op == OP_struct_get_s) fk |= FK_SIGNED;
    uint32_t tail[2] = {ti->field_offsets[f], fk};
    bool get = in->op != OP_struct_set;
    enum iop op = fk == FK_32 ? (get ? IOP_sget32 : IOP_sset32)
                  : fk == FK_64 ? (get ? IOP_sget64 : IOP_sset64)
                                : (get ? IOP_sget_x : IOP_sset_x);
    gc_op(e, op, NULL, 0, get ? 1 : 2, get ? &rt : NULL, tail, 2, false);
    /* s|d off|kind: a local.set of the result writes the local directly
     * (the op reads s before it writes d) */
    if (get) em_last(e, (uint32_t)e->cells.len - 3, 1, op, 0, 0);
    return true;
  }
  case OP_array_new:
    imm[0] = in->idx;
    gc_op(e, IOP_array_new, imm, 1, 2, &rt, NULL, 0, true);
    return true;
  case OP_array_new_default:
    imm[0] = in->idx;
    gc_op(e, IOP_array_new_default, imm, 1, 1, &rt, NULL, 0, true);
    return true;
  case OP_array_new_fixed:
    alloc_from_args(e, IOP_array_new_fixed, in->idx2.a, in->idx2.b, rt, true);
    return true;
  case OP_array_new_data:
  case OP_array_new_elem:
    imm[0] = in->idx2.a;
    imm[1] = in->idx2.b;
    gc_op(e, in->op == OP_array_new_data ? IOP_array_new_data : IOP_array_new_elem, imm, 2, 2, &rt,
          NULL, 0, true);
    return true;
  case OP_array_get:
  case OP_array_get_s:
  case OP_array_get_u:
  case OP_array_set: {
    const struct typeinfo *ti = tinfo(e, in->idx);
    uint32_t fk = fk_of(ti->comp.array.type);
    if (in->op == OP_array_get_s) fk |= FK_SIGNED;
    bool get = in->op != OP_array_set;
    gc_op(e, get ? IOP_array_get : IOP_array_set, NULL, 0, get ? 2 : 3, get ? &rt : NULL, &fk, 1,
          false);
    /* ref|idx d|kind: d written last, so local.set may retarget it */
    if (get) em_last(e, (uint32_t)e->cells.len - 3, 2, IOP_array_get, 0, 0);
    return true;
  }
  case OP_array_len:
    gc_op(e, IOP_array_len, NULL, 0, 1, &rt, NULL, 0, false);
    em_last(e, (uint32_t)e->cells.len - 2, 1, IOP_array_len, 0, 0); /* ref|d */
    return true;
  case OP_array_fill: {
    uint32_t fk = fk_of(tinfo(e, in->idx)->comp.array.type);
    gc_op(e, IOP_array_fill, NULL, 0, 4, NULL, &fk, 1, false);
    return true;
  }
  case OP_array_copy:
    gc_op(e, IOP_array_copy, NULL, 0, 5, NULL, NULL, 0, false);
    return true;
  case OP_array_init_data:
  case OP_array_init_elem:
    imm[0] = in->idx2.a;
    imm[1] = in->idx2.b;
    gc_op(e, in->op == OP_array_init_data ? IOP_array_init_data : IOP_array_init_elem, imm, 2, 4,
          NULL, NULL, 0, false);
    return true;
  case OP_ref_i31:
    gc_op(e, IOP_ref_i31, NULL, 0, 1, &rt, NULL, 0, false);
    return true;
  case OP_i31_get_s:
  case OP_i31_get_u:
    gc_op(e, in->op == OP_i31_get_s ? IOP_i31_get_s : IOP_i31_get_u, NULL, 0, 1, &rt, NULL, 0,
          false);
    return true;
  case OP_ref_test:
  case OP_ref_test_null:
  case OP_ref_cast:
  case OP_ref_cast_null: {
    const struct typeinfo *ti;
    bool nullable = in->op == OP_ref_test_null || in->op == OP_ref_cast_null;
    uint32_t mode = gc_rt_mode(e, types_canon_heaptype(e->m, in->ht), nullable, &ti);
    uint32_t s = sv_slot(e, sv_top(e, 0));
    if (in->op == OP_ref_test || in->op == OP_ref_test_null) {
      sv_pop(e);
      uint32_t d = sv_push_temp(e, rt)->home;
      uint32_t at = em_op(e, IOP_ref_test, 4);
      em_set32(e, at, 0, s);
      em_set32(e, at, 1, d);
      em_set32(e, at, 2, mode);
      e->cells.data[at + 3].p = (const void *)ti;
    } else {
      uint32_t at = em_op(e, IOP_ref_cast, 4);
      em_set32(e, at, 0, s);
      em_set32(e, at, 2, mode);
      e->cells.data[at + 3].p = (const void *)ti;
      sv_top(e, 0)->type = rt;
    }
    em_no_last(e);
    return true;
  }
  default:
    return false;
  }
}
