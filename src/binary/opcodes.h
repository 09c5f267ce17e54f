/* Every Wasm 3.0 instruction (plus the legacy exception opcodes), as one
 * X-macro table: OP(ident, "text name", prefix, code, immediate kind).
 * prefix is 0 for single-byte opcodes, else 0xFB (GC), 0xFC (misc), 0xFD
 * (SIMD). The decoder, validator, emitter and text encoder all read this one
 * table, so an opcode is added in exactly one place.
 *
 * Opcode numbers in code are `enum op` values OP_<ident>, equal to
 * OPC(prefix, code) = prefix << 16 | code: single-byte ops keep their byte. */
#ifndef RECLAIM_OPCODES_H
#define RECLAIM_OPCODES_H

#define OPC(prefix, code) (((prefix) << 16) | (code))

/* Immediate kinds (how the bytes after the opcode are laid out). */
enum imm_kind {
  IMM_NONE,
  IMM_BLOCK,        /* blocktype */
  IMM_LABEL,        /* labelidx */
  IMM_BR_TABLE,     /* vec(labelidx) labelidx */
  IMM_FUNC,         /* funcidx */
  IMM_CALL_INDIRECT,/* typeidx tableidx */
  IMM_TYPE,         /* typeidx */
  IMM_LOCAL,        /* localidx */
  IMM_GLOBAL,       /* globalidx */
  IMM_TABLE,        /* tableidx */
  IMM_TAG,          /* tagidx */
  IMM_MEMARG,       /* align (bit 6: memidx follows) [memidx] offset */
  IMM_MEM,          /* memidx (memory.size/grow/fill) */
  IMM_I32,          /* s32 */
  IMM_I64,          /* s64 */
  IMM_F32,          /* 4 bytes */
  IMM_F64,          /* 8 bytes */
  IMM_SELECT_T,     /* vec(valtype) */
  IMM_HEAPTYPE,     /* heaptype (ref.null, ref.test/ref.cast use IMM_REFTEST) */
  IMM_REFTEST,      /* heaptype; nullability comes from the opcode */
  IMM_TYPE_FIELD,   /* typeidx fieldidx */
  IMM_TYPE_TYPE,    /* typeidx typeidx (array.copy) */
  IMM_TYPE_U32,     /* typeidx u32 (array.new_fixed) */
  IMM_TYPE_DATA,    /* typeidx dataidx */
  IMM_TYPE_ELEM,    /* typeidx elemidx */
  IMM_BR_ON_CAST,   /* castflags labelidx heaptype heaptype */
  IMM_TRY_TABLE,    /* blocktype vec(catch) */
  IMM_DATA,         /* dataidx */
  IMM_ELEM,         /* elemidx */
  IMM_MEM_INIT,     /* dataidx memidx */
  IMM_MEM_COPY,     /* memidx memidx */
  IMM_TABLE_INIT,   /* elemidx tableidx */
  IMM_TABLE_COPY,   /* tableidx tableidx */
  IMM_V128,         /* 16 bytes */
  IMM_LANE,         /* laneidx byte */
  IMM_MEMARG_LANE,  /* memarg laneidx */
  IMM_SHUFFLE,      /* 16 laneidx bytes */
};

#define RC_FOR_EACH_OP(OP) \
  /* control */ \
  OP(unreachable, "unreachable", 0, 0x00, IMM_NONE) \
  OP(nop, "nop", 0, 0x01, IMM_NONE) \
  OP(block, "block", 0, 0x02, IMM_BLOCK) \
  OP(loop, "loop", 0, 0x03, IMM_BLOCK) \
  OP(if, "if", 0, 0x04, IMM_BLOCK) \
  OP(else, "else", 0, 0x05, IMM_NONE) \
  OP(try, "try", 0, 0x06, IMM_BLOCK)               /* legacy EH */ \
  OP(catch, "catch", 0, 0x07, IMM_TAG)             /* legacy EH */ \
  OP(throw, "throw", 0, 0x08, IMM_TAG) \
  OP(rethrow, "rethrow", 0, 0x09, IMM_LABEL)       /* legacy EH */ \
  OP(throw_ref, "throw_ref", 0, 0x0A, IMM_NONE) \
  OP(end, "end", 0, 0x0B, IMM_NONE) \
  OP(br, "br", 0, 0x0C, IMM_LABEL) \
  OP(br_if, "br_if", 0, 0x0D, IMM_LABEL) \
  OP(br_table, "br_table", 0, 0x0E, IMM_BR_TABLE) \
  OP(return, "return", 0, 0x0F, IMM_NONE) \
  OP(call, "call", 0, 0x10, IMM_FUNC) \
  OP(call_indirect, "call_indirect", 0, 0x11, IMM_CALL_INDIRECT) \
  OP(return_call, "return_call", 0, 0x12, IMM_FUNC) \
  OP(return_call_indirect, "return_call_indirect", 0, 0x13, IMM_CALL_INDIRECT) \
  OP(call_ref, "call_ref", 0, 0x14, IMM_TYPE) \
  OP(return_call_ref, "return_call_ref", 0, 0x15, IMM_TYPE) \
  OP(delegate, "delegate", 0, 0x18, IMM_LABEL)     /* legacy EH */ \
  OP(catch_all, "catch_all", 0, 0x19, IMM_NONE)    /* legacy EH */ \
  OP(drop, "drop", 0, 0x1A, IMM_NONE) \
  OP(select, "select", 0, 0x1B, IMM_NONE) \
  OP(select_t, "select", 0, 0x1C, IMM_SELECT_T) \
  OP(try_table, "try_table", 0, 0x1F, IMM_TRY_TABLE) \
  /* variables */ \
  OP(local_get, "local.get", 0, 0x20, IMM_LOCAL) \
  OP(local_set, "local.set", 0, 0x21, IMM_LOCAL) \
  OP(local_tee, "local.tee", 0, 0x22, IMM_LOCAL) \
  OP(global_get, "global.get", 0, 0x23, IMM_GLOBAL) \
  OP(global_set, "global.set", 0, 0x24, IMM_GLOBAL) \
  OP(table_get, "table.get", 0, 0x25, IMM_TABLE) \
  OP(table_set, "table.set", 0, 0x26, IMM_TABLE) \
  /* memory */ \
  OP(i32_load, "i32.load", 0, 0x28, IMM_MEMARG) \
  OP(i64_load, "i64.load", 0, 0x29, IMM_MEMARG) \
  OP(f32_load, "f32.load", 0, 0x2A, IMM_MEMARG) \
  OP(f64_load, "f64.load", 0, 0x2B, IMM_MEMARG) \
  OP(i32_load8_s, "i32.load8_s", 0, 0x2C, IMM_MEMARG) \
  OP(i32_load8_u, "i32.load8_u", 0, 0x2D, IMM_MEMARG) \
  OP(i32_load16_s, "i32.load16_s", 0, 0x2E, IMM_MEMARG) \
  OP(i32_load16_u, "i32.load16_u", 0, 0x2F, IMM_MEMARG) \
  OP(i64_load8_s, "i64.load8_s", 0, 0x30, IMM_MEMARG) \
  OP(i64_load8_u, "i64.load8_u", 0, 0x31, IMM_MEMARG) \
  OP(i64_load16_s, "i64.load16_s", 0, 0x32, IMM_MEMARG) \
  OP(i64_load16_u, "i64.load16_u", 0, 0x33, IMM_MEMARG) \
  OP(i64_load32_s, "i64.load32_s", 0, 0x34, IMM_MEMARG) \
  OP(i64_load32_u, "i64.load32_u", 0, 0x35, IMM_MEMARG) \
  OP(i32_store, "i32.store", 0, 0x36, IMM_MEMARG) \
  OP(i64_store, "i64.store", 0, 0x37, IMM_MEMARG) \
  OP(f32_store, "f32.store", 0, 0x38, IMM_MEMARG) \
  OP(f64_store, "f64.store", 0, 0x39, IMM_MEMARG) \
  OP(i32_store8, "i32.store8", 0, 0x3A, IMM_MEMARG) \
  OP(i32_store16, "i32.store16", 0, 0x3B, IMM_MEMARG) \
  OP(i64_store8, "i64.store8", 0, 0x3C, IMM_MEMARG) \
  OP(i64_store16, "i64.store16", 0, 0x3D, IMM_MEMARG) \
  OP(i64_store32, "i64.store32", 0, 0x3E, IMM_MEMARG) \
  OP(memory_size, "memory.size", 0, 0x3F, IMM_MEM) \
  OP(memory_grow, "memory.grow", 0, 0x40, IMM_MEM) \
  /* constants */ \
  OP(i32_const, "i32.const", 0, 0x41, IMM_I32) \
  OP(i64_const, "i64.const", 0, 0x42, IMM_I64) \
  OP(f32_const, "f32.const", 0, 0x43, IMM_F32) \
  OP(f64_const, "f64.const", 0, 0x44, IMM_F64) \
  /* i32 comparison */ \
  OP(i32_eqz, "i32.eqz", 0, 0x45, IMM_NONE) \
  OP(i32_eq, "i32.eq", 0, 0x46, IMM_NONE) \
  OP(i32_ne, "i32.ne", 0, 0x47, IMM_NONE) \
  OP(i32_lt_s, "i32.lt_s", 0, 0x48, IMM_NONE) \
  OP(i32_lt_u, "i32.lt_u", 0, 0x49, IMM_NONE) \
  OP(i32_gt_s, "i32.gt_s", 0, 0x4A, IMM_NONE) \
  OP(i32_gt_u, "i32.gt_u", 0, 0x4B, IMM_NONE) \
  OP(i32_le_s, "i32.le_s", 0, 0x4C, IMM_NONE) \
  OP(i32_le_u, "i32.le_u", 0, 0x4D, IMM_NONE) \
  OP(i32_ge_s, "i32.ge_s", 0, 0x4E, IMM_NONE) \
  OP(i32_ge_u, "i32.ge_u", 0, 0x4F, IMM_NONE) \
  OP(i64_eqz, "i64.eqz", 0, 0x50, IMM_NONE) \
  OP(i64_eq, "i64.eq", 0, 0x51, IMM_NONE) \
  OP(i64_ne, "i64.ne", 0, 0x52, IMM_NONE) \
  OP(i64_lt_s, "i64.lt_s", 0, 0x53, IMM_NONE) \
  OP(i64_lt_u, "i64.lt_u", 0, 0x54, IMM_NONE) \
  OP(i64_gt_s, "i64.gt_s", 0, 0x55, IMM_NONE) \
  OP(i64_gt_u, "i64.gt_u", 0, 0x56, IMM_NONE) \
  OP(i64_le_s, "i64.le_s", 0, 0x57, IMM_NONE) \
  OP(i64_le_u, "i64.le_u", 0, 0x58, IMM_NONE) \
  OP(i64_ge_s, "i64.ge_s", 0, 0x59, IMM_NONE) \
  OP(i64_ge_u, "i64.ge_u", 0, 0x5A, IMM_NONE) \
  OP(f32_eq, "f32.eq", 0, 0x5B, IMM_NONE) \
  OP(f32_ne, "f32.ne", 0, 0x5C, IMM_NONE) \
  OP(f32_lt, "f32.lt", 0, 0x5D, IMM_NONE) \
  OP(f32_gt, "f32.gt", 0, 0x5E, IMM_NONE) \
  OP(f32_le, "f32.le", 0, 0x5F, IMM_NONE) \
  OP(f32_ge, "f32.ge", 0, 0x60, IMM_NONE) \
  OP(f64_eq, "f64.eq", 0, 0x61, IMM_NONE) \
  OP(f64_ne, "f64.ne", 0, 0x62, IMM_NONE) \
  OP(f64_lt, "f64.lt", 0, 0x63, IMM_NONE) \
  OP(f64_gt, "f64.gt", 0, 0x64, IMM_NONE) \
  OP(f64_le, "f64.le", 0, 0x65, IMM_NONE) \
  OP(f64_ge, "f64.ge", 0, 0x66, IMM_NONE) \
  /* numeric */ \
  OP(i32_clz, "i32.clz", 0, 0x67, IMM_NONE) \
  OP(i32_ctz, "i32.ctz", 0, 0x68, IMM_NONE) \
  OP(i32_popcnt, "i32.popcnt", 0, 0x69, IMM_NONE) \
  OP(i32_add, "i32.add", 0, 0x6A, IMM_NONE) \
  OP(i32_sub, "i32.sub", 0, 0x6B, IMM_NONE) \
  OP(i32_mul, "i32.mul", 0, 0x6C, IMM_NONE) \
  OP(i32_div_s, "i32.div_s", 0, 0x6D, IMM_NONE) \
  OP(i32_div_u, "i32.div_u", 0, 0x6E, IMM_NONE) \
  OP(i32_rem_s, "i32.rem_s", 0, 0x6F, IMM_NONE) \
  OP(i32_rem_u, "i32.rem_u", 0, 0x70, IMM_NONE) \
  OP(i32_and, "i32.and", 0, 0x71, IMM_NONE) \
  OP(i32_or, "i32.or", 0, 0x72, IMM_NONE) \
  OP(i32_xor, "i32.xor", 0, 0x73, IMM_NONE) \
  OP(i32_shl, "i32.shl", 0, 0x74, IMM_NONE) \
  OP(i32_shr_s, "i32.shr_s", 0, 0x75, IMM_NONE) \
  OP(i32_shr_u, "i32.shr_u", 0, 0x76, IMM_NONE) \
  OP(i32_rotl, "i32.rotl", 0, 0x77, IMM_NONE) \
  OP(i32_rotr, "i32.rotr", 0, 0x78, IMM_NONE) \
  OP(i64_clz, "i64.clz", 0, 0x79, IMM_NONE) \
  OP(i64_ctz, "i64.ctz", 0, 0x7A, IMM_NONE) \
  OP(i64_popcnt, "i64.popcnt", 0, 0x7B, IMM_NONE) \
  OP(i64_add, "i64.add", 0, 0x7C, IMM_NONE) \
  OP(i64_sub, "i64.sub", 0, 0x7D, IMM_NONE) \
  OP(i64_mul, "i64.mul", 0, 0x7E, IMM_NONE) \
  OP(i64_div_s, "i64.div_s", 0, 0x7F, IMM_NONE) \
  OP(i64_div_u, "i64.div_u", 0, 0x80, IMM_NONE) \
  OP(i64_rem_s, "i64.rem_s", 0, 0x81, IMM_NONE) \
  OP(i64_rem_u, "i64.rem_u", 0, 0x82, IMM_NONE) \
  OP(i64_and, "i64.and", 0, 0x83, IMM_NONE) \
  OP(i64_or, "i64.or", 0, 0x84, IMM_NONE) \
  OP(i64_xor, "i64.xor", 0, 0x85, IMM_NONE) \
  OP(i64_shl, "i64.shl", 0, 0x86, IMM_NONE) \
  OP(i64_shr_s, "i64.shr_s", 0, 0x87, IMM_NONE) \
  OP(i64_shr_u, "i64.shr_u", 0, 0x88, IMM_NONE) \
  OP(i64_rotl, "i64.rotl", 0, 0x89, IMM_NONE) \
  OP(i64_rotr, "i64.rotr", 0, 0x8A, IMM_NONE) \
  OP(f32_abs, "f32.abs", 0, 0x8B, IMM_NONE) \
  OP(f32_neg, "f32.neg", 0, 0x8C, IMM_NONE) \
  OP(f32_ceil, "f32.ceil", 0, 0x8D, IMM_NONE) \
  OP(f32_floor, "f32.floor", 0, 0x8E, IMM_NONE) \
  OP(f32_trunc, "f32.trunc", 0, 0x8F, IMM_NONE) \
  OP(f32_nearest, "f32.nearest", 0, 0x90, IMM_NONE) \
  OP(f32_sqrt, "f32.sqrt", 0, 0x91, IMM_NONE) \
  OP(f32_add, "f32.add", 0, 0x92, IMM_NONE) \
  OP(f32_sub, "f32.sub", 0, 0x93, IMM_NONE) \
  OP(f32_mul, "f32.mul", 0, 0x94, IMM_NONE) \
  OP(f32_div, "f32.div", 0, 0x95, IMM_NONE) \
  OP(f32_min, "f32.min", 0, 0x96, IMM_NONE) \
  OP(f32_max, "f32.max", 0, 0x97, IMM_NONE) \
  OP(f32_copysign, "f32.copysign", 0, 0x98, IMM_NONE) \
  OP(f64_abs, "f64.abs", 0, 0x99, IMM_NONE) \
  OP(f64_neg, "f64.neg", 0, 0x9A, IMM_NONE) \
  OP(f64_ceil, "f64.ceil", 0, 0x9B, IMM_NONE) \
  OP(f64_floor, "f64.floor", 0, 0x9C, IMM_NONE) \
  OP(f64_trunc, "f64.trunc", 0, 0x9D, IMM_NONE) \
  OP(f64_nearest, "f64.nearest", 0, 0x9E, IMM_NONE) \
  OP(f64_sqrt, "f64.sqrt", 0, 0x9F, IMM_NONE) \
  OP(f64_add, "f64.add", 0, 0xA0, IMM_NONE) \
  OP(f64_sub, "f64.sub", 0, 0xA1, IMM_NONE) \
  OP(f64_mul, "f64.mul", 0, 0xA2, IMM_NONE) \
  OP(f64_div, "f64.div", 0, 0xA3, IMM_NONE) \
  OP(f64_min, "f64.min", 0, 0xA4, IMM_NONE) \
  OP(f64_max, "f64.max", 0, 0xA5, IMM_NONE) \
  OP(f64_copysign, "f64.copysign", 0, 0xA6, IMM_NONE) \
  /* conversions */ \
  OP(i32_wrap_i64, "i32.wrap_i64", 0, 0xA7, IMM_NONE) \
  OP(i32_trunc_f32_s, "i32.trunc_f32_s", 0, 0xA8, IMM_NONE) \
  OP(i32_trunc_f32_u, "i32.trunc_f32_u", 0, 0xA9, IMM_NONE) \
  OP(i32_trunc_f64_s, "i32.trunc_f64_s", 0, 0xAA, IMM_NONE) \
  OP(i32_trunc_f64_u, "i32.trunc_f64_u", 0, 0xAB, IMM_NONE) \
  OP(i64_extend_i32_s, "i64.extend_i32_s", 0, 0xAC, IMM_NONE) \
  OP(i64_extend_i32_u, "i64.extend_i32_u", 0, 0xAD, IMM_NONE) \
  OP(i64_trunc_f32_s, "i64.trunc_f32_s", 0, 0xAE, IMM_NONE) \
  OP(i64_trunc_f32_u, "i64.trunc_f32_u", 0, 0xAF, IMM_NONE) \
  OP(i64_trunc_f64_s, "i64.trunc_f64_s", 0, 0xB0, IMM_NONE) \
  OP(i64_trunc_f64_u, "i64.trunc_f64_u", 0, 0xB1, IMM_NONE) \
  OP(f32_convert_i32_s, "f32.convert_i32_s", 0, 0xB2, IMM_NONE) \
  OP(f32_convert_i32_u, "f32.convert_i32_u", 0, 0xB3, IMM_NONE) \
  OP(f32_convert_i64_s, "f32.convert_i64_s", 0, 0xB4, IMM_NONE) \
  OP(f32_convert_i64_u, "f32.convert_i64_u", 0, 0xB5, IMM_NONE) \
  OP(f32_demote_f64, "f32.demote_f64", 0, 0xB6, IMM_NONE) \
  OP(f64_convert_i32_s, "f64.convert_i32_s", 0, 0xB7, IMM_NONE) \
  OP(f64_convert_i32_u, "f64.convert_i32_u", 0, 0xB8, IMM_NONE) \
  OP(f64_convert_i64_s, "f64.convert_i64_s", 0, 0xB9, IMM_NONE) \
  OP(f64_convert_i64_u, "f64.convert_i64_u", 0, 0xBA, IMM_NONE) \
  OP(f64_promote_f32, "f64.promote_f32", 0, 0xBB, IMM_NONE) \
  OP(i32_reinterpret_f32, "i32.reinterpret_f32", 0, 0xBC, IMM_NONE) \
  OP(i64_reinterpret_f64, "i64.reinterpret_f64", 0, 0xBD, IMM_NONE) \
  OP(f32_reinterpret_i32, "f32.reinterpret_i32", 0, 0xBE, IMM_NONE) \
  OP(f64_reinterpret_i64, "f64.reinterpret_i64", 0, 0xBF, IMM_NONE) \
  OP(i32_extend8_s, "i32.extend8_s", 0, 0xC0, IMM_NONE) \
  OP(i32_extend16_s, "i32.extend16_s", 0, 0xC1, IMM_NONE) \
  OP(i64_extend8_s, "i64.extend8_s", 0, 0xC2, IMM_NONE) \
  OP(i64_extend16_s, "i64.extend16_s", 0, 0xC3, IMM_NONE) \
  OP(i64_extend32_s, "i64.extend32_s", 0, 0xC4, IMM_NONE) \
  /* references */ \
  OP(ref_null, "ref.null", 0, 0xD0, IMM_HEAPTYPE) \
  OP(ref_is_null, "ref.is_null", 0, 0xD1, IMM_NONE) \
  OP(ref_func, "ref.func", 0, 0xD2, IMM_FUNC) \
  OP(ref_eq, "ref.eq", 0, 0xD3, IMM_NONE) \
  OP(ref_as_non_null, "ref.as_non_null", 0, 0xD4, IMM_NONE) \
  OP(br_on_null, "br_on_null", 0, 0xD5, IMM_LABEL) \
  OP(br_on_non_null, "br_on_non_null", 0, 0xD6, IMM_LABEL) \
  /* GC (0xFB prefix) */ \
  OP(struct_new, "struct.new", 0xFB, 0, IMM_TYPE) \
  OP(struct_new_default, "struct.new_default", 0xFB, 1, IMM_TYPE) \
  OP(struct_get, "struct.get", 0xFB, 2, IMM_TYPE_FIELD) \
  OP(struct_get_s, "struct.get_s", 0xFB, 3, IMM_TYPE_FIELD) \
  OP(struct_get_u, "struct.get_u", 0xFB, 4, IMM_TYPE_FIELD) \
  OP(struct_set, "struct.set", 0xFB, 5, IMM_TYPE_FIELD) \
  OP(array_new, "array.new", 0xFB, 6, IMM_TYPE) \
  OP(array_new_default, "array.new_default", 0xFB, 7, IMM_TYPE) \
  OP(array_new_fixed, "array.new_fixed", 0xFB, 8, IMM_TYPE_U32) \
  OP(array_new_data, "array.new_data", 0xFB, 9, IMM_TYPE_DATA) \
  OP(array_new_elem, "array.new_elem", 0xFB, 10, IMM_TYPE_ELEM) \
  OP(array_get, "array.get", 0xFB, 11, IMM_TYPE) \
  OP(array_get_s, "array.get_s", 0xFB, 12, IMM_TYPE) \
  OP(array_get_u, "array.get_u", 0xFB, 13, IMM_TYPE) \
  OP(array_set, "array.set", 0xFB, 14, IMM_TYPE) \
  OP(array_len, "array.len", 0xFB, 15, IMM_NONE) \
  OP(array_fill, "array.fill", 0xFB, 16, IMM_TYPE) \
  OP(array_copy, "array.copy", 0xFB, 17, IMM_TYPE_TYPE) \
  OP(array_init_data, "array.init_data", 0xFB, 18, IMM_TYPE_DATA) \
  OP(array_init_elem, "array.init_elem", 0xFB, 19, IMM_TYPE_ELEM) \
  OP(ref_test, "ref.test", 0xFB, 20, IMM_REFTEST) \
  OP(ref_test_null, "ref.test", 0xFB, 21, IMM_REFTEST) \
  OP(ref_cast, "ref.cast", 0xFB, 22, IMM_REFTEST) \
  OP(ref_cast_null, "ref.cast", 0xFB, 23, IMM_REFTEST) \
  OP(br_on_cast, "br_on_cast", 0xFB, 24, IMM_BR_ON_CAST) \
  OP(br_on_cast_fail, "br_on_cast_fail", 0xFB, 25, IMM_BR_ON_CAST) \
  OP(any_convert_extern, "any.convert_extern", 0xFB, 26, IMM_NONE) \
  OP(extern_convert_any, "extern.convert_any", 0xFB, 27, IMM_NONE) \
  OP(ref_i31, "ref.i31", 0xFB, 28, IMM_NONE) \
  OP(i31_get_s, "i31.get_s", 0xFB, 29, IMM_NONE) \
  OP(i31_get_u, "i31.get_u", 0xFB, 30, IMM_NONE) \
  /* misc (0xFC prefix) */ \
  OP(i32_trunc_sat_f32_s, "i32.trunc_sat_f32_s", 0xFC, 0, IMM_NONE) \
  OP(i32_trunc_sat_f32_u, "i32.trunc_sat_f32_u", 0xFC, 1, IMM_NONE) \
  OP(i32_trunc_sat_f64_s, "i32.trunc_sat_f64_s", 0xFC, 2, IMM_NONE) \
  OP(i32_trunc_sat_f64_u, "i32.trunc_sat_f64_u", 0xFC, 3, IMM_NONE) \
  OP(i64_trunc_sat_f32_s, "i64.trunc_sat_f32_s", 0xFC, 4, IMM_NONE) \
  OP(i64_trunc_sat_f32_u, "i64.trunc_sat_f32_u", 0xFC, 5, IMM_NONE) \
  OP(i64_trunc_sat_f64_s, "i64.trunc_sat_f64_s", 0xFC, 6, IMM_NONE) \
  OP(i64_trunc_sat_f64_u, "i64.trunc_sat_f64_u", 0xFC, 7, IMM_NONE) \
  OP(memory_init, "memory.init", 0xFC, 8, IMM_MEM_INIT) \
  OP(data_drop, "data.drop", 0xFC, 9, IMM_DATA) \
  OP(memory_copy, "memory.copy", 0xFC, 10, IMM_MEM_COPY) \
  OP(memory_fill, "memory.fill", 0xFC, 11, IMM_MEM) \
  OP(table_init, "table.init", 0xFC, 12, IMM_TABLE_INIT) \
  OP(elem_drop, "elem.drop", 0xFC, 13, IMM_ELEM) \
  OP(table_copy, "table.copy", 0xFC, 14, IMM_TABLE_COPY) \
  OP(table_grow, "table.grow", 0xFC, 15, IMM_TABLE) \
  OP(table_size, "table.size", 0xFC, 16, IMM_TABLE) \
  OP(table_fill, "table.fill", 0xFC, 17, IMM_TABLE) \
  RC_FOR_EACH_SIMD_OP(OP)

/* SIMD (0xFD prefix). Listed so that every layer knows them; the interpreter
 * may reject them until SIMD is implemented. */
#define RC_FOR_EACH_SIMD_OP(OP) \
  OP(v128_load, "v128.load", 0xFD, 0, IMM_MEMARG) \
  OP(v128_load8x8_s, "v128.load8x8_s", 0xFD, 1, IMM_MEMARG) \
  OP(v128_load8x8_u, "v128.load8x8_u", 0xFD, 2, IMM_MEMARG) \
  OP(v128_load16x4_s, "v128.load16x4_s", 0xFD, 3, IMM_MEMARG) \
  OP(v128_load16x4_u, "v128.load16x4_u", 0xFD, 4, IMM_MEMARG) \
  OP(v128_load32x2_s, "v128.load32x2_s", 0xFD, 5, IMM_MEMARG) \
  OP(v128_load32x2_u, "v128.load32x2_u", 0xFD, 6, IMM_MEMARG) \
  OP(v128_load8_splat, "v128.load8_splat", 0xFD, 7, IMM_MEMARG) \
  OP(v128_load16_splat, "v128.load16_splat", 0xFD, 8, IMM_MEMARG) \
  OP(v128_load32_splat, "v128.load32_splat", 0xFD, 9, IMM_MEMARG) \
  OP(v128_load64_splat, "v128.load64_splat", 0xFD, 10, IMM_MEMARG) \
  OP(v128_store, "v128.store", 0xFD, 11, IMM_MEMARG) \
  OP(v128_const, "v128.const", 0xFD, 12, IMM_V128) \
  OP(i8x16_shuffle, "i8x16.shuffle", 0xFD, 13, IMM_SHUFFLE) \
  OP(i8x16_swizzle, "i8x16.swizzle", 0xFD, 14, IMM_NONE) \
  OP(i8x16_splat, "i8x16.splat", 0xFD, 15, IMM_NONE) \
  OP(i16x8_splat, "i16x8.splat", 0xFD, 16, IMM_NONE) \
  OP(i32x4_splat, "i32x4.splat", 0xFD, 17, IMM_NONE) \
  OP(i64x2_splat, "i64x2.splat", 0xFD, 18, IMM_NONE) \
  OP(f32x4_splat, "f32x4.splat", 0xFD, 19, IMM_NONE) \
  OP(f64x2_splat, "f64x2.splat", 0xFD, 20, IMM_NONE) \
  OP(i8x16_extract_lane_s, "i8x16.extract_lane_s", 0xFD, 21, IMM_LANE) \
  OP(i8x16_extract_lane_u, "i8x16.extract_lane_u", 0xFD, 22, IMM_LANE) \
  OP(i8x16_replace_lane, "i8x16.replace_lane", 0xFD, 23, IMM_LANE) \
  OP(i16x8_extract_lane_s, "i16x8.extract_lane_s", 0xFD, 24, IMM_LANE) \
  OP(i16x8_extract_lane_u, "i16x8.extract_lane_u", 0xFD, 25, IMM_LANE) \
  OP(i16x8_replace_lane, "i16x8.replace_lane", 0xFD, 26, IMM_LANE) \
  OP(i32x4_extract_lane, "i32x4.extract_lane", 0xFD, 27, IMM_LANE) \
  OP(i32x4_replace_lane, "i32x4.replace_lane", 0xFD, 28, IMM_LANE) \
  OP(i64x2_extract_lane, "i64x2.extract_lane", 0xFD, 29, IMM_LANE) \
  OP(i64x2_replace_lane, "i64x2.replace_lane", 0xFD, 30, IMM_LANE) \
  OP(f32x4_extract_lane, "f32x4.extract_lane", 0xFD, 31, IMM_LANE) \
  OP(f32x4_replace_lane, "f32x4.replace_lane", 0xFD, 32, IMM_LANE) \
  OP(f64x2_extract_lane, "f64x2.extract_lane", 0xFD, 33, IMM_LANE) \
  OP(f64x2_replace_lane, "f64x2.replace_lane", 0xFD, 34, IMM_LANE) \
  OP(i8x16_eq, "i8x16.eq", 0xFD, 35, IMM_NONE) \
  OP(i8x16_ne, "i8x16.ne", 0xFD, 36, IMM_NONE) \
  OP(i8x16_lt_s, "i8x16.lt_s", 0xFD, 37, IMM_NONE) \
  OP(i8x16_lt_u, "i8x16.lt_u", 0xFD, 38, IMM_NONE) \
  OP(i8x16_gt_s, "i8x16.gt_s", 0xFD, 39, IMM_NONE) \
  OP(i8x16_gt_u, "i8x16.gt_u", 0xFD, 40, IMM_NONE) \
  OP(i8x16_le_s, "i8x16.le_s", 0xFD, 41, IMM_NONE) \
  OP(i8x16_le_u, "i8x16.le_u", 0xFD, 42, IMM_NONE) \
  OP(i8x16_ge_s, "i8x16.ge_s", 0xFD, 43, IMM_NONE) \
  OP(i8x16_ge_u, "i8x16.ge_u", 0xFD, 44, IMM_NONE) \
  OP(i16x8_eq, "i16x8.eq", 0xFD, 45, IMM_NONE) \
  OP(i16x8_ne, "i16x8.ne", 0xFD, 46, IMM_NONE) \
  OP(i16x8_lt_s, "i16x8.lt_s", 0xFD, 47, IMM_NONE) \
  OP(i16x8_lt_u, "i16x8.lt_u", 0xFD, 48, IMM_NONE) \
  OP(i16x8_gt_s, "i16x8.gt_s", 0xFD, 49, IMM_NONE) \
  OP(i16x8_gt_u, "i16x8.gt_u", 0xFD, 50, IMM_NONE) \
  OP(i16x8_le_s, "i16x8.le_s", 0xFD, 51, IMM_NONE) \
  OP(i16x8_le_u, "i16x8.le_u", 0xFD, 52, IMM_NONE) \
  OP(i16x8_ge_s, "i16x8.ge_s", 0xFD, 53, IMM_NONE) \
  OP(i16x8_ge_u, "i16x8.ge_u", 0xFD, 54, IMM_NONE) \
  OP(i32x4_eq, "i32x4.eq", 0xFD, 55, IMM_NONE) \
  OP(i32x4_ne, "i32x4.ne", 0xFD, 56, IMM_NONE) \
  OP(i32x4_lt_s, "i32x4.lt_s", 0xFD, 57, IMM_NONE) \
  OP(i32x4_lt_u, "i32x4.lt_u", 0xFD, 58, IMM_NONE) \
  OP(i32x4_gt_s, "i32x4.gt_s", 0xFD, 59, IMM_NONE) \
  OP(i32x4_gt_u, "i32x4.gt_u", 0xFD, 60, IMM_NONE) \
  OP(i32x4_le_s, "i32x4.le_s", 0xFD, 61, IMM_NONE) \
  OP(i32x4_le_u, "i32x4.le_u", 0xFD, 62, IMM_NONE) \
  OP(i32x4_ge_s, "i32x4.ge_s", 0xFD, 63, IMM_NONE) \
  OP(i32x4_ge_u, "i32x4.ge_u", 0xFD, 64, IMM_NONE) \
  OP(f32x4_eq, "f32x4.eq", 0xFD, 65, IMM_NONE) \
  OP(f32x4_ne, "f32x4.ne", 0xFD, 66, IMM_NONE) \
  OP(f32x4_lt, "f32x4.lt", 0xFD, 67, IMM_NONE) \
  OP(f32x4_gt, "f32x4.gt", 0xFD, 68, IMM_NONE) \
  OP(f32x4_le, "f32x4.le", 0xFD, 69, IMM_NONE) \
  OP(f32x4_ge, "f32x4.ge", 0xFD, 70, IMM_NONE) \
  OP(f64x2_eq, "f64x2.eq", 0xFD, 71, IMM_NONE) \
  OP(f64x2_ne, "f64x2.ne", 0xFD, 72, IMM_NONE) \
  OP(f64x2_lt, "f64x2.lt", 0xFD, 73, IMM_NONE) \
  OP(f64x2_gt, "f64x2.gt", 0xFD, 74, IMM_NONE) \
  OP(f64x2_le, "f64x2.le", 0xFD, 75, IMM_NONE) \
  OP(f64x2_ge, "f64x2.ge", 0xFD, 76, IMM_NONE) \
  OP(v128_not, "v128.not", 0xFD, 77, IMM_NONE) \
  OP(v128_and, "v128.and", 0xFD, 78, IMM_NONE) \
  OP(v128_andnot, "v128.andnot", 0xFD, 79, IMM_NONE) \
  OP(v128_or, "v128.or", 0xFD, 80, IMM_NONE) \
  OP(v128_xor, "v128.xor", 0xFD, 81, IMM_NONE) \
  OP(v128_bitselect, "v128.bitselect", 0xFD, 82, IMM_NONE) \
  OP(v128_any_true, "v128.any_true", 0xFD, 83, IMM_NONE) \
  OP(v128_load8_lane, "v128.load8_lane", 0xFD, 84, IMM_MEMARG_LANE) \
  OP(v128_load16_lane, "v128.load16_lane", 0xFD, 85, IMM_MEMARG_LANE) \
  OP(v128_load32_lane, "v128.load32_lane", 0xFD, 86, IMM_MEMARG_LANE) \
  OP(v128_load64_lane, "v128.load64_lane", 0xFD, 87, IMM_MEMARG_LANE) \
  OP(v128_store8_lane, "v128.store8_lane", 0xFD, 88, IMM_MEMARG_LANE) \
  OP(v128_store16_lane, "v128.store16_lane", 0xFD, 89, IMM_MEMARG_LANE) \
  OP(v128_store32_lane, "v128.store32_lane", 0xFD, 90, IMM_MEMARG_LANE) \
  OP(v128_store64_lane, "v128.store64_lane", 0xFD, 91, IMM_MEMARG_LANE) \
  OP(v128_load32_zero, "v128.load32_zero", 0xFD, 92, IMM_MEMARG) \
  OP(v128_load64_zero, "v128.load64_zero", 0xFD, 93, IMM_MEMARG) \
  OP(f32x4_demote_f64x2_zero, "f32x4.demote_f64x2_zero", 0xFD, 94, IMM_NONE) \
  OP(f64x2_promote_low_f32x4, "f64x2.promote_low_f32x4", 0xFD, 95, IMM_NONE) \
  OP(i8x16_abs, "i8x16.abs", 0xFD, 96, IMM_NONE) \
  OP(i8x16_neg, "i8x16.neg", 0xFD, 97, IMM_NONE) \
  OP(i8x16_popcnt, "i8x16.popcnt", 0xFD, 98, IMM_NONE) \
  OP(i8x16_all_true, "i8x16.all_true", 0xFD, 99, IMM_NONE) \
  OP(i8x16_bitmask, "i8x16.bitmask", 0xFD, 100, IMM_NONE) \
  OP(i8x16_narrow_i16x8_s, "i8x16.narrow_i16x8_s", 0xFD, 101, IMM_NONE) \
  OP(i8x16_narrow_i16x8_u, "i8x16.narrow_i16x8_u", 0xFD, 102, IMM_NONE) \
  OP(f32x4_ceil, "f32x4.ceil", 0xFD, 103, IMM_NONE) \
  OP(f32x4_floor, "f32x4.floor", 0xFD, 104, IMM_NONE) \
  OP(f32x4_trunc, "f32x4.trunc", 0xFD, 105, IMM_NONE) \
  OP(f32x4_nearest, "f32x4.nearest", 0xFD, 106, IMM_NONE) \
  OP(i8x16_shl, "i8x16.shl", 0xFD, 107, IMM_NONE) \
  OP(i8x16_shr_s, "i8x16.shr_s", 0xFD, 108, IMM_NONE) \
  OP(i8x16_shr_u, "i8x16.shr_u", 0xFD, 109, IMM_NONE) \
  OP(i8x16_add, "i8x16.add", 0xFD, 110, IMM_NONE) \
  OP(i8x16_add_sat_s, "i8x16.add_sat_s", 0xFD, 111, IMM_NONE) \
  OP(i8x16_add_sat_u, "i8x16.add_sat_u", 0xFD, 112, IMM_NONE) \
  OP(i8x16_sub, "i8x16.sub", 0xFD, 113, IMM_NONE) \
  OP(i8x16_sub_sat_s, "i8x16.sub_sat_s", 0xFD, 114, IMM_NONE) \
  OP(i8x16_sub_sat_u, "i8x16.sub_sat_u", 0xFD, 115, IMM_NONE) \
  OP(f64x2_ceil, "f64x2.ceil", 0xFD, 116, IMM_NONE) \
  OP(f64x2_floor, "f64x2.floor", 0xFD, 117, IMM_NONE) \
  OP(i8x16_min_s, "i8x16.min_s", 0xFD, 118, IMM_NONE) \
  OP(i8x16_min_u, "i8x16.min_u", 0xFD, 119, IMM_NONE) \
  OP(i8x16_max_s, "i8x16.max_s", 0xFD, 120, IMM_NONE) \
  OP(i8x16_max_u, "i8x16.max_u", 0xFD, 121, IMM_NONE) \
  OP(f64x2_trunc, "f64x2.trunc", 0xFD, 122, IMM_NONE) \
  OP(i8x16_avgr_u, "i8x16.avgr_u", 0xFD, 123, IMM_NONE) \
  OP(i16x8_extadd_pairwise_i8x16_s, "i16x8.extadd_pairwise_i8x16_s", 0xFD, 124, IMM_NONE) \
  OP(i16x8_extadd_pairwise_i8x16_u, "i16x8.extadd_pairwise_i8x16_u", 0xFD, 125, IMM_NONE) \
  OP(i32x4_extadd_pairwise_i16x8_s, "i32x4.extadd_pairwise_i16x8_s", 0xFD, 126, IMM_NONE) \
  OP(i32x4_extadd_pairwise_i16x8_u, "i32x4.extadd_pairwise_i16x8_u", 0xFD, 127, IMM_NONE) \
  OP(i16x8_abs, "i16x8.abs", 0xFD, 128, IMM_NONE) \
  OP(i16x8_neg, "i16x8.neg", 0xFD, 129, IMM_NONE) \
  OP(i16x8_q15mulr_sat_s, "i16x8.q15mulr_sat_s", 0xFD, 130, IMM_NONE) \
  OP(i16x8_all_true, "i16x8.all_true", 0xFD, 131, IMM_NONE) \
  OP(i16x8_bitmask, "i16x8.bitmask", 0xFD, 132, IMM_NONE) \
  OP(i16x8_narrow_i32x4_s, "i16x8.narrow_i32x4_s", 0xFD, 133, IMM_NONE) \
  OP(i16x8_narrow_i32x4_u, "i16x8.narrow_i32x4_u", 0xFD, 134, IMM_NONE) \
  OP(i16x8_extend_low_i8x16_s, "i16x8.extend_low_i8x16_s", 0xFD, 135, IMM_NONE) \
  OP(i16x8_extend_high_i8x16_s, "i16x8.extend_high_i8x16_s", 0xFD, 136, IMM_NONE) \
  OP(i16x8_extend_low_i8x16_u, "i16x8.extend_low_i8x16_u", 0xFD, 137, IMM_NONE) \
  OP(i16x8_extend_high_i8x16_u, "i16x8.extend_high_i8x16_u", 0xFD, 138, IMM_NONE) \
  OP(i16x8_shl, "i16x8.shl", 0xFD, 139, IMM_NONE) \
  OP(i16x8_shr_s, "i16x8.shr_s", 0xFD, 140, IMM_NONE) \
  OP(i16x8_shr_u, "i16x8.shr_u", 0xFD, 141, IMM_NONE) \
  OP(i16x8_add, "i16x8.add", 0xFD, 142, IMM_NONE) \
  OP(i16x8_add_sat_s, "i16x8.add_sat_s", 0xFD, 143, IMM_NONE) \
  OP(i16x8_add_sat_u, "i16x8.add_sat_u", 0xFD, 144, IMM_NONE) \
  OP(i16x8_sub, "i16x8.sub", 0xFD, 145, IMM_NONE) \
  OP(i16x8_sub_sat_s, "i16x8.sub_sat_s", 0xFD, 146, IMM_NONE) \
  OP(i16x8_sub_sat_u, "i16x8.sub_sat_u", 0xFD, 147, IMM_NONE) \
  OP(f64x2_nearest, "f64x2.nearest", 0xFD, 148, IMM_NONE) \
  OP(i16x8_mul, "i16x8.mul", 0xFD, 149, IMM_NONE) \
  OP(i16x8_min_s, "i16x8.min_s", 0xFD, 150, IMM_NONE) \
  OP(i16x8_min_u, "i16x8.min_u", 0xFD, 151, IMM_NONE) \
  OP(i16x8_max_s, "i16x8.max_s", 0xFD, 152, IMM_NONE) \
  OP(i16x8_max_u, "i16x8.max_u", 0xFD, 153, IMM_NONE) \
  OP(i16x8_avgr_u, "i16x8.avgr_u", 0xFD, 155, IMM_NONE) \
  OP(i16x8_extmul_low_i8x16_s, "i16x8.extmul_low_i8x16_s", 0xFD, 156, IMM_NONE) \
  OP(i16x8_extmul_high_i8x16_s, "i16x8.extmul_high_i8x16_s", 0xFD, 157, IMM_NONE) \
  OP(i16x8_extmul_low_i8x16_u, "i16x8.extmul_low_i8x16_u", 0xFD, 158, IMM_NONE) \
  OP(i16x8_extmul_high_i8x16_u, "i16x8.extmul_high_i8x16_u", 0xFD, 159, IMM_NONE) \
  OP(i32x4_abs, "i32x4.abs", 0xFD, 160, IMM_NONE) \
  OP(i32x4_neg, "i32x4.neg", 0xFD, 161, IMM_NONE) \
  OP(i32x4_all_true, "i32x4.all_true", 0xFD, 163, IMM_NONE) \
  OP(i32x4_bitmask, "i32x4.bitmask", 0xFD, 164, IMM_NONE) \
  OP(i32x4_extend_low_i16x8_s, "i32x4.extend_low_i16x8_s", 0xFD, 167, IMM_NONE) \
  OP(i32x4_extend_high_i16x8_s, "i32x4.extend_high_i16x8_s", 0xFD, 168, IMM_NONE) \
  OP(i32x4_extend_low_i16x8_u, "i32x4.extend_low_i16x8_u", 0xFD, 169, IMM_NONE) \
  OP(i32x4_extend_high_i16x8_u, "i32x4.extend_high_i16x8_u", 0xFD, 170, IMM_NONE) \
  OP(i32x4_shl, "i32x4.shl", 0xFD, 171, IMM_NONE) \
  OP(i32x4_shr_s, "i32x4.shr_s", 0xFD, 172, IMM_NONE) \
  OP(i32x4_shr_u, "i32x4.shr_u", 0xFD, 173, IMM_NONE) \
  OP(i32x4_add, "i32x4.add", 0xFD, 174, IMM_NONE) \
  OP(i32x4_sub, "i32x4.sub", 0xFD, 177, IMM_NONE) \
  OP(i32x4_mul, "i32x4.mul", 0xFD, 181, IMM_NONE) \
  OP(i32x4_min_s, "i32x4.min_s", 0xFD, 182, IMM_NONE) \
  OP(i32x4_min_u, "i32x4.min_u", 0xFD, 183, IMM_NONE) \
  OP(i32x4_max_s, "i32x4.max_s", 0xFD, 184, IMM_NONE) \
  OP(i32x4_max_u, "i32x4.max_u", 0xFD, 185, IMM_NONE) \
  OP(i32x4_dot_i16x8_s, "i32x4.dot_i16x8_s", 0xFD, 186, IMM_NONE) \
  OP(i32x4_extmul_low_i16x8_s, "i32x4.extmul_low_i16x8_s", 0xFD, 188, IMM_NONE) \
  OP(i32x4_extmul_high_i16x8_s, "i32x4.extmul_high_i16x8_s", 0xFD, 189, IMM_NONE) \
  OP(i32x4_extmul_low_i16x8_u, "i32x4.extmul_low_i16x8_u", 0xFD, 190, IMM_NONE) \
  OP(i32x4_extmul_high_i16x8_u, "i32x4.extmul_high_i16x8_u", 0xFD, 191, IMM_NONE) \
  OP(i64x2_abs, "i64x2.abs", 0xFD, 192, IMM_NONE) \
  OP(i64x2_neg, "i64x2.neg", 0xFD, 193, IMM_NONE) \
  OP(i64x2_all_true, "i64x2.all_true", 0xFD, 195, IMM_NONE) \
  OP(i64x2_bitmask, "i64x2.bitmask", 0xFD, 196, IMM_NONE) \
  OP(i64x2_extend_low_i32x4_s, "i64x2.extend_low_i32x4_s", 0xFD, 199, IMM_NONE) \
  OP(i64x2_extend_high_i32x4_s, "i64x2.extend_high_i32x4_s", 0xFD, 200, IMM_NONE) \
  OP(i64x2_extend_low_i32x4_u, "i64x2.extend_low_i32x4_u", 0xFD, 201, IMM_NONE) \
  OP(i64x2_extend_high_i32x4_u, "i64x2.extend_high_i32x4_u", 0xFD, 202, IMM_NONE) \
  OP(i64x2_shl, "i64x2.shl", 0xFD, 203, IMM_NONE) \
  OP(i64x2_shr_s, "i64x2.shr_s", 0xFD, 204, IMM_NONE) \
  OP(i64x2_shr_u, "i64x2.shr_u", 0xFD, 205, IMM_NONE) \
  OP(i64x2_add, "i64x2.add", 0xFD, 206, IMM_NONE) \
  OP(i64x2_sub, "i64x2.sub", 0xFD, 209, IMM_NONE) \
  OP(i64x2_mul, "i64x2.mul", 0xFD, 213, IMM_NONE) \
  OP(i64x2_eq, "i64x2.eq", 0xFD, 214, IMM_NONE) \
  OP(i64x2_ne, "i64x2.ne", 0xFD, 215, IMM_NONE) \
  OP(i64x2_lt_s, "i64x2.lt_s", 0xFD, 216, IMM_NONE) \
  OP(i64x2_gt_s, "i64x2.gt_s", 0xFD, 217, IMM_NONE) \
  OP(i64x2_le_s, "i64x2.le_s", 0xFD, 218, IMM_NONE) \
  OP(i64x2_ge_s, "i64x2.ge_s", 0xFD, 219, IMM_NONE) \
  OP(i64x2_extmul_low_i32x4_s, "i64x2.extmul_low_i32x4_s", 0xFD, 220, IMM_NONE) \
  OP(i64x2_extmul_high_i32x4_s, "i64x2.extmul_high_i32x4_s", 0xFD, 221, IMM_NONE) \
  OP(i64x2_extmul_low_i32x4_u, "i64x2.extmul_low_i32x4_u", 0xFD, 222, IMM_NONE) \
  OP(i64x2_extmul_high_i32x4_u, "i64x2.extmul_high_i32x4_u", 0xFD, 223, IMM_NONE) \
  OP(f32x4_abs, "f32x4.abs", 0xFD, 224, IMM_NONE) \
  OP(f32x4_neg, "f32x4.neg", 0xFD, 225, IMM_NONE) \
  OP(f32x4_sqrt, "f32x4.sqrt", 0xFD, 227, IMM_NONE) \
  OP(f32x4_add, "f32x4.add", 0xFD, 228, IMM_NONE) \
  OP(f32x4_sub, "f32x4.sub", 0xFD, 229, IMM_NONE) \
  OP(f32x4_mul, "f32x4.mul", 0xFD, 230, IMM_NONE) \
  OP(f32x4_div, "f32x4.div", 0xFD, 231, IMM_NONE) \
  OP(f32x4_min, "f32x4.min", 0xFD, 232, IMM_NONE) \
  OP(f32x4_max, "f32x4.max", 0xFD, 233, IMM_NONE) \
  OP(f32x4_pmin, "f32x4.pmin", 0xFD, 234, IMM_NONE) \
  OP(f32x4_pmax, "f32x4.pmax", 0xFD, 235, IMM_NONE) \
  OP(f64x2_abs, "f64x2.abs", 0xFD, 236, IMM_NONE) \
  OP(f64x2_neg, "f64x2.neg", 0xFD, 237, IMM_NONE) \
  OP(f64x2_sqrt, "f64x2.sqrt", 0xFD, 239, IMM_NONE) \
  OP(f64x2_add, "f64x2.add", 0xFD, 240, IMM_NONE) \
  OP(f64x2_sub, "f64x2.sub", 0xFD, 241, IMM_NONE) \
  OP(f64x2_mul, "f64x2.mul", 0xFD, 242, IMM_NONE) \
  OP(f64x2_div, "f64x2.div", 0xFD, 243, IMM_NONE) \
  OP(f64x2_min, "f64x2.min", 0xFD, 244, IMM_NONE) \
  OP(f64x2_max, "f64x2.max", 0xFD, 245, IMM_NONE) \
  OP(f64x2_pmin, "f64x2.pmin", 0xFD, 246, IMM_NONE) \
  OP(f64x2_pmax, "f64x2.pmax", 0xFD, 247, IMM_NONE) \
  OP(i32x4_trunc_sat_f32x4_s, "i32x4.trunc_sat_f32x4_s", 0xFD, 248, IMM_NONE) \
  OP(i32x4_trunc_sat_f32x4_u, "i32x4.trunc_sat_f32x4_u", 0xFD, 249, IMM_NONE) \
  OP(f32x4_convert_i32x4_s, "f32x4.convert_i32x4_s", 0xFD, 250, IMM_NONE) \
  OP(f32x4_convert_i32x4_u, "f32x4.convert_i32x4_u", 0xFD, 251, IMM_NONE) \
  OP(i32x4_trunc_sat_f64x2_s_zero, "i32x4.trunc_sat_f64x2_s_zero", 0xFD, 252, IMM_NONE) \
  OP(i32x4_trunc_sat_f64x2_u_zero, "i32x4.trunc_sat_f64x2_u_zero", 0xFD, 253, IMM_NONE) \
  OP(f64x2_convert_low_i32x4_s, "f64x2.convert_low_i32x4_s", 0xFD, 254, IMM_NONE) \
  OP(f64x2_convert_low_i32x4_u, "f64x2.convert_low_i32x4_u", 0xFD, 255, IMM_NONE) \
  OP(i8x16_relaxed_swizzle, "i8x16.relaxed_swizzle", 0xFD, 0x100, IMM_NONE) \
  OP(i32x4_relaxed_trunc_f32x4_s, "i32x4.relaxed_trunc_f32x4_s", 0xFD, 0x101, IMM_NONE) \
  OP(i32x4_relaxed_trunc_f32x4_u, "i32x4.relaxed_trunc_f32x4_u", 0xFD, 0x102, IMM_NONE) \
  OP(i32x4_relaxed_trunc_f64x2_s_zero, "i32x4.relaxed_trunc_f64x2_s_zero", 0xFD, 0x103, IMM_NONE) \
  OP(i32x4_relaxed_trunc_f64x2_u_zero, "i32x4.relaxed_trunc_f64x2_u_zero", 0xFD, 0x104, IMM_NONE) \
  OP(f32x4_relaxed_madd, "f32x4.relaxed_madd", 0xFD, 0x105, IMM_NONE) \
  OP(f32x4_relaxed_nmadd, "f32x4.relaxed_nmadd", 0xFD, 0x106, IMM_NONE) \
  OP(f64x2_relaxed_madd, "f64x2.relaxed_madd", 0xFD, 0x107, IMM_NONE) \
  OP(f64x2_relaxed_nmadd, "f64x2.relaxed_nmadd", 0xFD, 0x108, IMM_NONE) \
  OP(i8x16_relaxed_laneselect, "i8x16.relaxed_laneselect", 0xFD, 0x109, IMM_NONE) \
  OP(i16x8_relaxed_laneselect, "i16x8.relaxed_laneselect", 0xFD, 0x10A, IMM_NONE) \
  OP(i32x4_relaxed_laneselect, "i32x4.relaxed_laneselect", 0xFD, 0x10B, IMM_NONE) \
  OP(i64x2_relaxed_laneselect, "i64x2.relaxed_laneselect", 0xFD, 0x10C, IMM_NONE) \
  OP(f32x4_relaxed_min, "f32x4.relaxed_min", 0xFD, 0x10D, IMM_NONE) \
  OP(f32x4_relaxed_max, "f32x4.relaxed_max", 0xFD, 0x10E, IMM_NONE) \
  OP(f64x2_relaxed_min, "f64x2.relaxed_min", 0xFD, 0x10F, IMM_NONE) \
  OP(f64x2_relaxed_max, "f64x2.relaxed_max", 0xFD, 0x110, IMM_NONE) \
  OP(i16x8_relaxed_q15mulr_s, "i16x8.relaxed_q15mulr_s", 0xFD, 0x111, IMM_NONE) \
  OP(i16x8_relaxed_dot_i8x16_i7x16_s, "i16x8.relaxed_dot_i8x16_i7x16_s", 0xFD, 0x112, IMM_NONE) \
  OP(i32x4_relaxed_dot_i8x16_i7x16_add_s, "i32x4.relaxed_dot_i8x16_i7x16_add_s", 0xFD, 0x113, IMM_NONE)

enum op {
#define RC_OP_ENUM(id, name, prefix, code, imm) OP_##id = OPC(prefix, code),
  RC_FOR_EACH_OP(RC_OP_ENUM)
#undef RC_OP_ENUM
};

#endif
