/* Opcode tables generated from the X-macro in opcodes.h: one dense array
 * for all four opcode spaces, so a lookup is one index computation. The
 * prefixed spaces are short (GC 0..30, misc 0..17, SIMD 0..0x113). Also the
 * one list of natural alignments of loads and stores. */
#include "binary/instr.h"

enum {
  SPACE_FB = 256,
  SPACE_FC = SPACE_FB + 32,
  SPACE_FD = SPACE_FC + 32,
  SPACE_END = SPACE_FD + 0x114,
};

#define SLOT(prefix, code)                                                     \
  ((prefix) == 0xFD ? SPACE_FD + (code)                                        \
   : (prefix) == 0xFC ? SPACE_FC + (code)                                      \
   : (prefix) == 0xFB ? SPACE_FB + (code)                                      \
                      : (code))

/* imm kind + 1, so that 0 marks an unknown opcode */
static const uint8_t imm_table[SPACE_END] = {
#define RC_OP_IMM(id, name, prefix, code, imm) [SLOT(prefix, code)] = (uint8_t)((imm) + 1),
    RC_FOR_EACH_OP(RC_OP_IMM)
#undef RC_OP_IMM
};

static const char *const name_table[SPACE_END] = {
#define RC_OP_NAME(id, name, prefix, code, imm) [SLOT(prefix, code)] = name,
    RC_FOR_EACH_OP(RC_OP_NAME)
#undef RC_OP_NAME
};

/* Slot of an op, or -1 when it lies outside every table. */
static int op_slot(uint32_t op) {
  uint32_t prefix = op >> 16, code = op & 0xFFFFu;
  switch (prefix) {
  case 0: return code < 256 ? (int)code : -1;
  case 0xFB: return code < 32 ? SPACE_FB + (int)code : -1;
  case 0xFC: return code < 32 ? SPACE_FC + (int)code : -1;
  case 0xFD: return code < 0x114 ? SPACE_FD + (int)code : -1;
  default: return -1;
  }
}

bool op_lookup(uint32_t op, enum imm_kind *kind) {
  int s = op_slot(op);
  if (s < 0 || !imm_table[s]) return false;
  *kind = (enum imm_kind)(imm_table[s] - 1);
  return true;
}

const char *op_name(uint32_t op) {
  int s = op_slot(op);
  return s < 0 ? NULL : name_table[s];
}

enum imm_kind op_imm_kind(uint32_t op) {
  enum imm_kind k = IMM_NONE;
  op_lookup(op, &k);
  return k;
}

uint32_t op_natural_align(uint32_t op) {
  switch (op) {
  case OP_i32_load8_s: case OP_i32_load8_u: case OP_i64_load8_s: case OP_i64_load8_u:
  case OP_i32_store8: case OP_i64_store8:
  case OP_v128_load8_splat: case OP_v128_load8_lane: case OP_v128_store8_lane:
    return 0;
  case OP_i32_load16_s: case OP_i32_load16_u: case OP_i64_load16_s: case OP_i64_load16_u:
  case OP_i32_store16: case OP_i64_store16:
  case OP_v128_load16_splat: case OP_v128_load16_lane: case OP_v128_store16_lane:
    return 1;
  case OP_i32_load: case OP_f32_load: case OP_i64_load32_s: case OP_i64_load32_u:
  case OP_i32_store: case OP_f32_store: case OP_i64_store32:
  case OP_v128_load32_splat: case OP_v128_load32_zero: case OP_v128_load32_lane:
  case OP_v128_store32_lane:
    return 2;
  case OP_i64_load: case OP_f64_load: case OP_i64_store: case OP_f64_store:
  case OP_v128_load8x8_s: case OP_v128_load8x8_u: case OP_v128_load16x4_s:
  case OP_v128_load16x4_u: case OP_v128_load32x2_s: case OP_v128_load32x2_u:
  case OP_v128_load64_splat: case OP_v128_load64_zero: case OP_v128_load64_lane:
  case OP_v128_store64_lane:
    return 3;
  case OP_v128_load: case OP_v128_store:
    return 4;
  default:
    return 0;
  }
}
