/* Typing of the GC (0xFB) instructions: structs, arrays, i31, casts and
 * extern conversion. Field types from the type store are canonical storage
 * types; a packed field (i8/i16) is an i32 on the operand stack. */
#include "valid/valid_internal.h"

static const struct typeinfo *struct_info(struct vctx *v, uint32_t x) {
  const struct typeinfo *ti = vtype(v, x);
  if (ti && ti->kind != TI_STRUCT) {
    verr_impl(v, "non-structure type %u", x);
    return NULL;
  }
  return ti;
}

static const struct typeinfo *array_info(struct vctx *v, uint32_t x) {
  const struct typeinfo *ti = vtype(v, x);
  if (ti && ti->kind != TI_ARRAY) {
    verr_impl(v, "non-array type %u", x);
    return NULL;
  }
  return ti;
}

static valtype ref_to(const struct typeinfo *ti, bool nullable) { return VT_REF(ti->id, nullable); }

static bool is_packed(valtype st) { return st == VT_I8 || st == VT_I16; }

/* Storage type subtyping: packed types only match themselves. */
static bool storage_sub(struct vctx *v, valtype a, valtype b) {
  if (is_packed(a) || is_packed(b)) return a == b;
  return vsub(v, a, b);
}

static bool new_fixed(struct vctx *v, valtype t, uint32_t count) {
  const struct ctrl *c = &v->ctrls.data[v->ctrls.len - 1];
  size_t avail = v->vals.len - c->height;
  if (count > avail) {
    if (!c->unreachable) return verr(v, "type mismatch");
    count = (uint32_t)avail; /* the rest come from the polymorphic stack */
  }
  for (uint32_t i = 0; i < count; i++)
    if (!pop_val(v, t, NULL)) return false;
  return true;
}

/* The type of the second reference in br_on_cast's "fail" path: rt1 minus rt2. */
static valtype diff_ref(valtype rt1, valtype rt2) {
  return VT_NULLABLE(rt2) ? VT_REF(VT_HEAP(rt1), 0) : rt1;
}

static bool br_on_cast(struct vctx *v, const struct instr *in) {
  heaptype h1, h2;
  struct ctrl *l;
  if (!vcanon_heap(v, in->br_on_cast.ht1, &h1) || !vcanon_heap(v, in->br_on_cast.ht2, &h2)) return false;
  valtype rt1 = VT_REF(h1, in->br_on_cast.flags & 1);
  valtype rt2 = VT_REF(h2, (in->br_on_cast.flags >> 1) & 1);
  if (!vsub(v, rt2, rt1)) return verr(v, "type mismatch");
  if (!label_at(v, in->br_on_cast.label, &l)) return false;
  uint32_t n;
  const valtype *lt = ctrl_label(l, &n);
  valtype to_label = in->op == OP_br_on_cast ? rt2 : diff_ref(rt1, rt2);
  valtype fall = in->op == OP_br_on_cast ? diff_ref(rt1, rt2) : rt2;
  if (n == 0 || !vsub(v, to_label, lt[n - 1])) return verr(v, "type mismatch");
  if (!pop_val(v, rt1, NULL) || !pop_vals(v, lt, n - 1)) return false;
  push_vals(v, lt, n - 1);
  push_val(v, fall);
  v->label_types = lt;
  v->label_ntypes = n;
  return true;
}

bool valid_gc(struct vctx *v, const struct instr *in) {
  const struct typeinfo *ti, *ti2;
  valtype t;
  heaptype ht;
  switch (in->op) {
  case OP_struct_new:
  case OP_struct_new_default:
    if (!(ti = struct_info(v, in->idx))) return false;
    for (uint32_t i = ti->comp.st.nfields; i-- > 0;) {
      valtype ft = unpacked(ti->comp.st.fields[i].type);
      if (in->op == OP_struct_new_default) {
        if (!defaultable(ft)) return verr(v, "field type is not defaultable");
      } else if (!pop_val(v, ft, NULL)) {
        return false;
      }
    }
    push_val(v, ref_to(ti, 0));
    return true;
  case OP_struct_get:
  case OP_struct_get_s:
  case OP_struct_get_u:
  case OP_struct_set: {
    if (!(ti = struct_info(v, in->idx2.a))) return false;
    if (in->idx2.b >= ti->comp.st.nfields) return verr(v, "unknown field %u", in->idx2.b);
    const struct fieldtype *f = &ti->comp.st.fields[in->idx2.b];
    if (in->op == OP_struct_set) {
      if (!f->mut) return verr(v, "immutable field");
      return pop_val(v, unpacked(f->type), NULL) && pop_val(v, ref_to(ti, 1), NULL);
    }
    if ((in->op != OP_struct_get) != is_packed(f->type))
      return verr(v, in->op == OP_struct_get ? "field is packed" : "field is unpacked");
    if (!pop_val(v, ref_to(ti, 1), NULL)) return false;
    push_val(v, unpacked(f->type));
    return true;
  }
  case OP_array_new:
  case OP_array_new_default:
    if (!(ti = array_info(v, in->idx))) return false;
    t = unpacked(ti->comp.array.type);
    if (in->op == OP_array_new_default && !defaultable(t)) return verr(v, "array type is not defaultable");
    if (!pop_val(v, VT_I32, NULL)) return false;
    if (in->op == OP_array_new && !pop_val(v, t, NULL)) return false;
    push_val(v, ref_to(ti, 0));
    return true;
  case OP_array_new_fixed:
    if (!(ti = array_info(v, in->idx2.a))) return false;
    if (!new_fixed(v, unpacked(ti->comp.array.type), in->idx2.b)) return false;
    push_val(v, ref_to(ti, 0));
    return true;
  case OP_array_new_data:
  case OP_array_init_data:
    if (!(ti = array_info(v, in->idx2.a))) return false;
    if (in->op == OP_array_init_data && !ti->comp.array.mut) return verr(v, "immutable array");
    if (!check_data_idx(v, in->idx2.b)) return false;
    t = unpacked(ti->comp.array.type);
    if (VT_IS_REF(t)) return verr(v, "array type is not numeric or vector");
    if (!pop_val(v, VT_I32, NULL) || !pop_val(v, VT_I32, NULL)) return false;
    if (in->op == OP_array_init_data)
      return pop_val(v, VT_I32, NULL) && pop_val(v, ref_to(ti, 1), NULL);
    push_val(v, ref_to(ti, 0));
    return true;
  case OP_array_new_elem:
  case OP_array_init_elem:
    if (!(ti = array_info(v, in->idx2.a))) return false;
    if (in->op == OP_array_init_elem && !ti->comp.array.mut) return verr(v, "immutable array");
    if (!check_elem_idx(v, in->idx2.b)) return false;
    if (!storage_sub(v, v->elem_type[in->idx2.b], ti->comp.array.type)) return verr(v, "type mismatch");
    if (!pop_val(v, VT_I32, NULL) || !pop_val(v, VT_I32, NULL)) return false;
    if (in->op == OP_array_init_elem)
      return pop_val(v, VT_I32, NULL) && pop_val(v, ref_to(ti, 1), NULL);
    push_val(v, ref_to(ti, 0));
    return true;
  case OP_array_get:
  case OP_array_get_s:
  case OP_array_get_u:
    if (!(ti = array_info(v, in->idx))) return false;
    if ((in->op != OP_array_get) != is_packed(ti->comp.array.type))
      return verr(v, in->op == OP_array_get ? "array is packed" : "array is unpacked");
    if (!pop_val(v, VT_I32, NULL) || !pop_val(v, ref_to(ti, 1), NULL)) return false;
    push_val(v, unpacked(ti->comp.array.type));
    return true;
  case OP_array_set:
    if (!(ti = array_info(v, in->idx))) return false;
    if (!ti->comp.array.mut) return verr(v, "immutable array");
    return pop_val(v, unpacked(ti->comp.array.type), NULL) && pop_val(v, VT_I32, NULL) &&
           pop_val(v, ref_to(ti, 1), NULL);
  case OP_array_len:
    if (!pop_val(v, VT_REF(HT_ARRAY, 1), NULL)) return false;
    push_val(v, VT_I32);
    return true;
  case OP_array_fill:
    if (!(ti = array_info(v, in->idx))) return false;
    if (!ti->comp.array.mut) return verr(v, "immutable array");
    return pop_val(v, VT_I32, NULL) && pop_val(v, unpacked(ti->comp.array.type), NULL) &&
           pop_val(v, VT_I32, NULL) && pop_val(v, ref_to(ti, 1), NULL);
  case OP_array_copy:
    if (!(ti = array_info(v, in->idx2.a)) || !(ti2 = array_info(v, in->idx2.b))) return false;
    if (!ti->comp.array.mut) return verr(v, "immutable array");
    if (!storage_sub(v, ti2->comp.array.type, ti->comp.array.type)) return verr(v, "array types do not match");
    return pop_val(v, VT_I32, NULL) && pop_val(v, VT_I32, NULL) && pop_val(v, ref_to(ti2, 1), NULL) &&
           pop_val(v, VT_I32, NULL) && pop_val(v, ref_to(ti, 1), NULL);
  case OP_ref_test:
  case OP_ref_test_null:
  case OP_ref_cast:
  case OP_ref_cast_null:
    if (!vcanon_heap(v, in->ht, &ht)) return false;
    if (!pop_val(v, VT_REF(types_heap_top(v->ts, ht), 1), NULL)) return false;
    if (in->op == OP_ref_test || in->op == OP_ref_test_null) push_val(v, VT_I32);
    else push_val(v, VT_REF(ht, in->op == OP_ref_cast_null));
    return true;
  case OP_br_on_cast:
  case OP_br_on_cast_fail:
    return br_on_cast(v, in);
  case OP_any_convert_extern:
  case OP_extern_convert_any: {
    bool to_any = in->op == OP_any_convert_extern;
    if (!pop_val(v, VT_REF(to_any ? HT_EXTERN : HT_ANY, 1), &t)) return false;
    bool nullable = t != VT_BOT && VT_NULLABLE(t) && VT_HEAP(t) != HT_BOT;
    push_val(v, VT_REF(to_any ? HT_ANY : HT_EXTERN, nullable));
    return true;
  }
  case OP_ref_i31:
    if (!pop_val(v, VT_I32, NULL)) return false;
    push_val(v, VT_REF(HT_I31, 0));
    return true;
  case OP_i31_get_s:
  case OP_i31_get_u:
    if (!pop_val(v, VT_REF(HT_I31, 1), NULL)) return false;
    push_val(v, VT_I32);
    return true;
  }
  return verr(v, "illegal opcode %s", op_name(in->op) ? op_name(in->op) : "?");
}
