/* Typing of the non-control, non-GC, non-SIMD instructions: variables,
 * tables, memories, numeric operators, basic reference instructions and
 * bulk memory/table operations. */
#include "valid/valid_internal.h"

static valtype sig_type(char c) {
  switch (c) {
  case 'i': return VT_I32;
  case 'I': return VT_I64;
  case 'f': return VT_F32;
  case 'F': return VT_F64;
  default: return VT_V128;
  }
}

/* Apply a signature "ab>c": pop b then a, push c. */
bool apply_sig(struct vctx *v, const char *sig) {
  const char *arrow = strchr(sig, '>');
  for (const char *p = arrow; p-- > sig;)
    if (!pop_val(v, sig_type(*p), NULL)) return false;
  for (const char *p = arrow + 1; *p; p++) push_val(v, sig_type(*p));
  return true;
}

/* Signatures of the numeric operators 0x45..0xC4, by opcode. */
static const char *numeric_sig(uint32_t op) {
  static const char *const conv[] = {
      /* A7 */ "I>i", "f>i", "f>i", "F>i", "F>i", "i>I", "i>I", "f>I", "f>I",
      /* B0 */ "F>I", "F>I", "i>f", "i>f", "I>f", "I>f", "F>f", "i>F", "i>F",
      /* B9 */ "I>F", "I>F", "f>F", "f>i", "F>I", "i>f", "I>F",
      /* C0 */ "i>i", "i>i", "I>I", "I>I", "I>I",
  };
  if (op == 0x45) return "i>i";
  if (op >= 0x46 && op <= 0x4F) return "ii>i";
  if (op == 0x50) return "I>i";
  if (op >= 0x51 && op <= 0x5A) return "II>i";
  if (op >= 0x5B && op <= 0x60) return "ff>i";
  if (op >= 0x61 && op <= 0x66) return "FF>i";
  if (op >= 0x67 && op <= 0x69) return "i>i";
  if (op >= 0x6A && op <= 0x78) return "ii>i";
  if (op >= 0x79 && op <= 0x7B) return "I>I";
  if (op >= 0x7C && op <= 0x8A) return "II>I";
  if (op >= 0x8B && op <= 0x91) return "f>f";
  if (op >= 0x92 && op <= 0x98) return "ff>f";
  if (op >= 0x99 && op <= 0x9F) return "F>F";
  if (op >= 0xA0 && op <= 0xA6) return "FF>F";
  if (op >= 0xA7 && op <= 0xC4) return conv[op - 0xA7];
  if (op >= OPC(0xFC, 0) && op <= OPC(0xFC, 7)) {
    static const char *const sat[] = {"f>i", "f>i", "F>i", "F>i", "f>I", "f>I", "F>I", "F>I"};
    return sat[op - OPC(0xFC, 0)];
  }
  return NULL;
}

bool mem_addr(struct vctx *v, uint32_t mem, valtype *addr) {
  if (mem >= v->nmems_vis) return verr(v, "unknown memory %u", mem);
  *addr = v->m->mems[mem].is64 ? VT_I64 : VT_I32;
  return true;
}

/* Checks the memarg of a load/store with natural alignment 2^log2size. */
bool check_memarg(struct vctx *v, const struct memarg *ma, uint32_t log2size, valtype *addr) {
  if (!mem_addr(v, ma->mem, addr)) return false;
  if (ma->align > log2size) return verr(v, "alignment must not be larger than natural");
  if (*addr == VT_I32 && ma->offset > UINT32_MAX) return verr(v, "offset out of range");
  return true;
}

/* log2 of the natural size and the value type of a plain load/store. */
static bool memop_info(uint32_t op, uint32_t *log2size, valtype *t, bool *store) {
  static const char type[] = "iIfFiiiiIIIIIIiIfFiiIII"; /* 0x28..0x3E */
  if (op < 0x28 || op > 0x3E) return false;
  *log2size = op_natural_align(op);
  *t = sig_type(type[op - 0x28]);
  *store = op >= 0x36;
  return true;
}

static bool need_data_count(struct vctx *v) {
  if (v->m->has_data_count) return true;
  rc_fail(v->err, RC_ERR_MALFORMED, v->in->offset, "data count section required");
  v->err->func = v->func;
  return false;
}

bool check_data_idx(struct vctx *v, uint32_t idx) {
  if (!need_data_count(v)) return false;
  if (idx >= v->ndatas) return verr(v, "unknown data segment %u", idx);
  return true;
}

bool check_elem_idx(struct vctx *v, uint32_t idx) {
  if (idx >= v->nelems_vis) return verr(v, "unknown elem segment %u", idx);
  return true;
}

static bool table_info(struct vctx *v, uint32_t t, valtype *addr, valtype *elem) {
  if (t >= v->ntables_vis) return verr(v, "unknown table %u", t);
  *addr = v->m->tables[t].type.lim.is64 ? VT_I64 : VT_I32;
  *elem = v->table_elem[t];
  return true;
}

static bool local_info(struct vctx *v, uint32_t x, valtype *t) {
  if (x >= v->nlocals) return verr(v, "unknown local %u", x);
  *t = v->locals[x];
  return true;
}

static void init_local(struct vctx *v, uint32_t x) {
  if (!v->local_init[x]) {
    v->local_init[x] = 1;
    rc_vec_push(v->inits, x);
  }
}

bool valid_op(struct vctx *v, const struct instr *in) {
  valtype t, a1, a2, e1, e2;
  uint32_t log2size;
  bool store;
  const char *sig = numeric_sig(in->op);
  if (sig) return apply_sig(v, sig);
  if (memop_info(in->op, &log2size, &t, &store)) {
    if (!check_memarg(v, &in->mem, log2size, &a1)) return false;
    if (store) return pop_val(v, t, NULL) && pop_val(v, a1, NULL);
    if (!pop_val(v, a1, NULL)) return false;
    push_val(v, t);
    return true;
  }
  switch (in->op) {
  case OP_i32_const: push_val(v, VT_I32); return true;
  case OP_i64_const: push_val(v, VT_I64); return true;
  case OP_f32_const: push_val(v, VT_F32); return true;
  case OP_f64_const: push_val(v, VT_F64); return true;

  case OP_local_get:
    if (!local_info(v, in->idx, &t)) return false;
    if (!v->local_init[in->idx]) return verr(v, "uninitialized local %u", in->idx);
    push_val(v, t);
    return true;
  case OP_local_set:
  case OP_local_tee:
    if (!local_info(v, in->idx, &t) || !pop_val(v, t, NULL)) return false;
    init_local(v, in->idx);
    if (in->op == OP_local_tee) push_val(v, t);
    return true;
  case OP_global_get:
    if (in->idx >= v->nglobals_vis) return verr(v, "unknown global %u", in->idx);
    push_val(v, v->global_type[in->idx]);
    return true;
  case OP_global_set:
    if (in->idx >= v->nglobals_vis) return verr(v, "unknown global %u", in->idx);
    if (!v->global_mut[in->idx]) return verr(v, "immutable global");
    return pop_val(v, v->global_type[in->idx], NULL);

  case OP_table_get:
    if (!table_info(v, in->idx, &a1, &e1) || !pop_val(v, a1, NULL)) return false;
    push_val(v, e1);
    return true;
  case OP_table_set:
    return table_info(v, in->idx, &a1, &e1) && pop_val(v, e1, NULL) && pop_val(v, a1, NULL);
  case OP_table_size:
    if (!table_info(v, in->idx, &a1, &e1)) return false;
    push_val(v, a1);
    return true;
  case OP_table_grow:
    if (!table_info(v, in->idx, &a1, &e1) || !pop_val(v, a1, NULL) || !pop_val(v, e1, NULL)) return false;
    push_val(v, a1);
    return true;
  case OP_table_fill:
    return table_info(v, in->idx, &a1, &e1) && pop_val(v, a1, NULL) && pop_val(v, e1, NULL) &&
           pop_val(v, a1, NULL);
  case OP_table_copy: /* dst, src */
    if (!table_info(v, in->idx2.a, &a1, &e1) || !table_info(v, in->idx2.b, &a2, &e2)) return false;
    if (!vsub(v, e2, e1)) return verr(v, "type mismatch");
    return pop_val(v, a1 == VT_I64 && a2 == VT_I64 ? VT_I64 : VT_I32, NULL) && pop_val(v, a2, NULL) &&
           pop_val(v, a1, NULL);
  case OP_table_init: /* elem, table */
    if (!table_info(v, in->idx2.b, &a1, &e1) || !check_elem_idx(v, in->idx2.a)) return false;
    if (!vsub(v, v->elem_type[in->idx2.a], e1)) return verr(v, "type mismatch");
    return pop_val(v, VT_I32, NULL) && pop_val(v, VT_I32, NULL) && pop_val(v, a1, NULL);
  case OP_elem_drop:
    return check_elem_idx(v, in->idx);

  case OP_memory_size:
    if (!mem_addr(v, in->idx, &a1)) return false;
    push_val(v, a1);
    return true;
  case OP_memory_grow:
    if (!mem_addr(v, in->idx, &a1) || !pop_val(v, a1, NULL)) return false;
    push_val(v, a1);
    return true;
  case OP_memory_fill:
    return mem_addr(v, in->idx, &a1) && pop_val(v, a1, NULL) && pop_val(v, VT_I32, NULL) &&
           pop_val(v, a1, NULL);
  case OP_memory_copy: /* dst, src */
    if (!mem_addr(v, in->idx2.a, &a1) || !mem_addr(v, in->idx2.b, &a2)) return false;
    return pop_val(v, a1 == VT_I64 && a2 == VT_I64 ? VT_I64 : VT_I32, NULL) && pop_val(v, a2, NULL) &&
           pop_val(v, a1, NULL);
  case OP_memory_init: /* data, mem */
    if (!mem_addr(v, in->idx2.b, &a1) || !check_data_idx(v, in->idx2.a)) return false;
    return pop_val(v, VT_I32, NULL) && pop_val(v, VT_I32, NULL) && pop_val(v, a1, NULL);
  case OP_data_drop:
    return check_data_idx(v, in->idx);

  case OP_ref_null: {
    heaptype ht;
    if (!vcanon_heap(v, in->ht, &ht)) return false;
    push_val(v, VT_REF(ht, 1));
    return true;
  }
  case OP_ref_is_null:
    if (!pop_ref(v, &t)) return false;
    push_val(v, VT_I32);
    return true;
  case OP_ref_as_non_null:
    if (!pop_ref(v, &t)) return false;
    push_val(v, VT_REF(VT_HEAP(t), 0));
    return true;
  case OP_ref_func:
    if (in->idx >= v->nfuncs_vis) return verr(v, "unknown function %u", in->idx);
    if (!v->in_const && !v->func_declared[in->idx]) return verr(v, "undeclared function reference");
    push_val(v, VT_REF(v->m->types[v->m->func_types[in->idx]].canon, 0));
    return true;
  case OP_ref_eq:
    if (!pop_val(v, VT_REF(HT_EQ, 1), NULL) || !pop_val(v, VT_REF(HT_EQ, 1), NULL)) return false;
    push_val(v, VT_I32);
    return true;
  }
  return verr(v, "illegal opcode %s", op_name(in->op) ? op_name(in->op) : "?");
}
