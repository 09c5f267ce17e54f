/* Constant expressions: which instructions they may contain. Typing is the
 * walker's (valid_func.c); this file only restricts the instruction set, as
 * a pre-pass over the whole expression so that "constant expression
 * required" wins over any typing error, as in the spec's rule order. */
#include "valid/valid_internal.h"

bool const_instr_ok(struct vctx *v, const struct instr *in) {
  switch (in->op) {
  case OP_i32_const: case OP_i64_const: case OP_f32_const: case OP_f64_const: case OP_v128_const:
  case OP_i32_add: case OP_i32_sub: case OP_i32_mul:
  case OP_i64_add: case OP_i64_sub: case OP_i64_mul:
  case OP_ref_null: case OP_ref_func: case OP_ref_i31:
  case OP_struct_new: case OP_struct_new_default:
  case OP_array_new: case OP_array_new_default: case OP_array_new_fixed:
  case OP_any_convert_extern: case OP_extern_convert_any:
  case OP_end:
    return true;
  case OP_global_get:
    if (in->idx >= v->nglobals_vis) return verr(v, "unknown global %u", in->idx);
    if (v->global_mut[in->idx]) return verr(v, "constant expression required");
    return true;
  default:
    return verr(v, "constant expression required");
  }
}

bool const_precheck(struct vctx *v, struct expr e) {
  struct instr_reader ir;
  struct instr in;
  bool ok = true;
  instr_reader_init(&ir, v->m->bytes, e.start, e.end);
  while (ok && !rd_eof(&ir.r)) {
    if (!instr_next(&ir, &in, v->err)) {
      ok = false;
      break;
    }
    v->in = &in;
    ok = const_instr_ok(v, &in);
  }
  v->in = NULL;
  instr_reader_free(&ir);
  return ok;
}
