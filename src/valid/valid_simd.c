/* Typing of the SIMD (0xFD) instructions: all work on v128 operands and
 * scalar lanes, so a signature per opcode plus the memarg and lane-index
 * checks is all there is. */
#include "valid/valid_internal.h"

static bool in_list(uint32_t c, const uint16_t *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (list[i] == c) return true;
  return false;
}

static const char *simd_sig(uint32_t c) {
  static const uint16_t unary[] = {77, 94, 95, 96, 97, 98, 103, 104, 105, 106, 116, 117, 122, 124,
                                   125, 126, 127, 128, 129, 135, 136, 137, 138, 148, 160, 161, 167,
                                   168, 169, 170, 192, 193, 199, 200, 201, 202, 224, 225, 227, 236,
                                   237, 239, 0x101, 0x102, 0x103, 0x104};
  static const uint16_t to_i32[] = {83, 99, 100, 131, 132, 163, 164, 195, 196};
  static const uint16_t shift[] = {107, 108, 109, 139, 140, 141, 171, 172, 173, 203, 204, 205};
  static const uint16_t ternary[] = {82, 0x105, 0x106, 0x107, 0x108, 0x109, 0x10A, 0x10B, 0x10C, 0x113};
  if (c >= 248 && c <= 255) return "v>v";
  if (in_list(c, unary, RC_ARRAY_LEN(unary))) return "v>v";
  if (in_list(c, to_i32, RC_ARRAY_LEN(to_i32))) return "v>i";
  if (in_list(c, shift, RC_ARRAY_LEN(shift))) return "vi>v";
  if (in_list(c, ternary, RC_ARRAY_LEN(ternary))) return "vvv>v";
  switch (c) {
  case 12: return ">v";
  case 15: case 16: case 17: return "i>v";
  case 18: return "I>v";
  case 19: return "f>v";
  case 20: return "F>v";
  }
  if (c == 14 || (c >= 35 && c <= 0x112)) return "vv>v";
  return NULL;
}

/* Lane-indexed ops 21..34: number of lanes, and the signature. */
static bool lane_info(uint32_t c, uint32_t *lanes, const char **sig) {
  static const struct { uint8_t lanes; const char *sig; } info[] = {
      {16, "v>i"}, {16, "v>i"}, {16, "vi>v"}, {8, "v>i"}, {8, "v>i"}, {8, "vi>v"}, {4, "v>i"},
      {4, "vi>v"}, {2, "v>I"},  {2, "vI>v"}, {4, "v>f"},  {4, "vf>v"}, {2, "v>F"}, {2, "vF>v"},
  };
  if (c < 21 || c > 34) return false;
  *lanes = info[c - 21].lanes;
  *sig = info[c - 21].sig;
  return true;
}

bool valid_simd(struct vctx *v, const struct instr *in) {
  uint32_t c = in->op & 0xFFFF;
  valtype addr;
  /* Plain loads and stores: opcodes 0..11, 92, 93. */
  if (c <= 11 || c == 92 || c == 93) {
    if (!check_memarg(v, &in->mem, op_natural_align(in->op), &addr)) return false;
    if (c == 11) return pop_val(v, VT_V128, NULL) && pop_val(v, addr, NULL);
    if (!pop_val(v, addr, NULL)) return false;
    push_val(v, VT_V128);
    return true;
  }
  if (c >= 84 && c <= 91) { /* load/store lane */
    uint32_t sz = op_natural_align(in->op);
    if (!check_memarg(v, &in->mem, sz, &addr)) return false;
    if (in->mem.lane >= (16u >> sz)) return verr(v, "invalid lane index");
    if (!pop_val(v, VT_V128, NULL) || !pop_val(v, addr, NULL)) return false;
    if (c <= 87) push_val(v, VT_V128);
    return true;
  }
  if (c == 13) { /* i8x16.shuffle */
    for (int i = 0; i < 16; i++)
      if (in->v128[i] >= 32) return verr(v, "invalid lane index");
    return apply_sig(v, "vv>v");
  }
  uint32_t lanes;
  const char *sig;
  if (lane_info(c, &lanes, &sig)) {
    if (in->lane >= lanes) return verr(v, "invalid lane index");
    return apply_sig(v, sig);
  }
  sig = simd_sig(c);
  if (!sig) return verr(v, "illegal opcode %s", op_name(in->op) ? op_name(in->op) : "?");
  return apply_sig(v, sig);
}
