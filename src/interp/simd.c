/* SIMD (0xFD) instructions. They run through one generic handler of the
 * dispatch loop that calls simd_exec, so the loop stays small; lanes are
 * computed with GCC vector extensions or per-lane loops. Relaxed SIMD ops
 * use the deterministic choice (the non-relaxed semantics, unfused madd).
 *
 * Operands (code.h layout of IOP_simd): op|d a|b c|lane [x0] [x1]
 *   op: the Wasm opcode; d: result slot; a, b, c: operand slots (bottom
 *   first); c is the memory index for memory ops; lane: lane index;
 *   x0: memory offset, or x0/x1: the 16 shuffle lane bytes. */
#include "interp/code.h"
#include "interp/float.h"

typedef int8_t i8x16 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef int16_t i16x8 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int64_t i64x2 __attribute__((vector_size(16)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));

union v128 {
  i8x16 i8;
  u8x16 u8;
  i16x8 i16;
  u16x8 u16;
  i32x4 i32;
  u32x4 u32;
  i64x2 i64;
  u64x2 u64;
  f32x4 f32;
  f64x2 f64;
  uint8_t b[16];
};

static inline int32_t sat_s(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }
static inline uint32_t f32b(float f) { return (uint32_t)bits_f32(f); }

#define L16(expr) for (int i = 0; i < 16; i++) r.expr
#define L8(expr) for (int i = 0; i < 8; i++) r.expr
#define L4(expr) for (int i = 0; i < 4; i++) r.expr
#define L2(expr) for (int i = 0; i < 2; i++) r.expr

static uint8_t *mem_ptr(struct instance *inst, uint32_t mem, uint64_t addr, uint64_t off, uint64_t n) {
  struct meminst *m = inst->mems[mem];
  if (!m->is64) addr = (uint32_t)addr;
  if (addr > m->size || off > m->size - addr || n > m->size - addr - off) return NULL;
  return m->data + addr + off;
}

const char *simd_exec(struct instance *inst, uint64_t *fp, const union cell *pc) {
  const uint32_t *o = (const uint32_t *)(pc + 1);
  uint32_t op = o[0], d = o[1], sa = o[2], sb = o[3], sc = o[4], lane = o[5];
  uint64_t x0 = pc[4].u64, x1 = pc[5].u64;
  union v128 a, b, c, r;
  memcpy(&a, &fp[sa], 16);
  memcpy(&b, &fp[sb], 16);
  memset(&c, 0, sizeof c);
  if (op_imm_kind(op) != IMM_MEMARG && op_imm_kind(op) != IMM_MEMARG_LANE) memcpy(&c, &fp[sc], 16);
  memset(&r, 0, sizeof r);
  uint8_t *p;
  int32_t n;

#define MEM(size)                                                                                  \
  if (!(p = mem_ptr(inst, sc, fp[sa], x0, size))) return "out of bounds memory access"
#define SCALAR(v)                                                                                  \
  do {                                                                                             \
    fp[d] = (v);                                                                                   \
    return NULL;                                                                                   \
  } while (0)

  switch (op) {
  /* memory */
  case OP_v128_load8x8_s: MEM(8); L8(i16[i] = (int8_t)p[i]); break;
  case OP_v128_load8x8_u: MEM(8); L8(i16[i] = p[i]); break;
  case OP_v128_load16x4_s: {
    MEM(8);
    int16_t t[4];
    memcpy(t, p, 8);
    L4(i32[i] = t[i]);
    break;
  }
  case OP_v128_load16x4_u: {
    MEM(8);
    uint16_t t[4];
    memcpy(t, p, 8);
    L4(i32[i] = t[i]);
    break;
  }
  case OP_v128_load32x2_s: {
    MEM(8);
    int32_t t[2];
    memcpy(t, p, 8);
    L2(i64[i] = t[i]);
    break;
  }
  case OP_v128_load32x2_u: {
    MEM(8);
    uint32_t t[2];
    memcpy(t, p, 8);
    L2(i64[i] = t[i]);
    break;
  }
  case OP_v128_load8_splat: MEM(1); L16(u8[i] = p[0]); break;
  case OP_v128_load16_splat: {
    MEM(2);
    uint16_t t;
    memcpy(&t, p, 2);
    L8(u16[i] = t);
    break;
  }
  case OP_v128_load32_splat: {
    MEM(4);
    uint32_t t;
    memcpy(&t, p, 4);
    L4(u32[i] = t);
    break;
  }
  case OP_v128_load64_splat: {
    MEM(8);
    uint64_t t;
    memcpy(&t, p, 8);
    L2(u64[i] = t);
    break;
  }
  case OP_v128_load32_zero: MEM(4); memcpy(&r, p, 4); break;
  case OP_v128_load64_zero: MEM(8); memcpy(&r, p, 8); break;
  case OP_v128_load8_lane: MEM(1); r = b; r.b[lane] = p[0]; break;
  case OP_v128_load16_lane: MEM(2); r = b; memcpy(&r.b[lane * 2], p, 2); break;
  case OP_v128_load32_lane: MEM(4); r = b; memcpy(&r.b[lane * 4], p, 4); break;
  case OP_v128_load64_lane: MEM(8); r = b; memcpy(&r.b[lane * 8], p, 8); break;
  case OP_v128_store8_lane: MEM(1); p[0] = b.b[lane]; return NULL;
  case OP_v128_store16_lane: MEM(2); memcpy(p, &b.b[lane * 2], 2); return NULL;
  case OP_v128_store32_lane: MEM(4); memcpy(p, &b.b[lane * 4], 4); return NULL;
  case OP_v128_store64_lane: MEM(8); memcpy(p, &b.b[lane * 8], 8); return NULL;

  /* lanes */
  case OP_i8x16_shuffle: {
    uint8_t sel[16];
    memcpy(sel, &x0, 8);
    memcpy(sel + 8, &x1, 8);
    L16(b[i] = sel[i] < 16 ? a.b[sel[i]] : b.b[sel[i] - 16]);
    break;
  }
  case OP_i8x16_swizzle:
  case OP_i8x16_relaxed_swizzle: L16(b[i] = b.u8[i] < 16 ? a.b[b.u8[i]] : 0); break;
  case OP_i8x16_splat: L16(u8[i] = (uint8_t)fp[sa]); break;
  case OP_i16x8_splat: L8(u16[i] = (uint16_t)fp[sa]); break;
  case OP_i32x4_splat:
  case OP_f32x4_splat: L4(u32[i] = (uint32_t)fp[sa]); break;
  case OP_i64x2_splat:
  case OP_f64x2_splat: L2(u64[i] = fp[sa]); break;
  case OP_i8x16_extract_lane_s: SCALAR((uint32_t)(int32_t)a.i8[lane]);
  case OP_i8x16_extract_lane_u: SCALAR(a.u8[lane]);
  case OP_i16x8_extract_lane_s: SCALAR((uint32_t)(int32_t)a.i16[lane]);
  case OP_i16x8_extract_lane_u: SCALAR(a.u16[lane]);
  case OP_i32x4_extract_lane:
  case OP_f32x4_extract_lane: SCALAR(a.u32[lane]);
  case OP_i64x2_extract_lane:
  case OP_f64x2_extract_lane: SCALAR(a.u64[lane]);
  case OP_i8x16_replace_lane: r = a; r.u8[lane] = (uint8_t)fp[sb]; break;
  case OP_i16x8_replace_lane: r = a; r.u16[lane] = (uint16_t)fp[sb]; break;
  case OP_i32x4_replace_lane:
  case OP_f32x4_replace_lane: r = a; r.u32[lane] = (uint32_t)fp[sb]; break;
  case OP_i64x2_replace_lane:
  case OP_f64x2_replace_lane: r = a; r.u64[lane] = fp[sb]; break;

  /* comparisons: all-ones lanes where true */
  case OP_i8x16_eq: r.i8 = (i8x16)(a.i8 == b.i8); break;
  case OP_i8x16_ne: r.i8 = (i8x16)(a.i8 != b.i8); break;
  case OP_i8x16_lt_s: r.i8 = (i8x16)(a.i8 < b.i8); break;
  case OP_i8x16_lt_u: r.i8 = (i8x16)(a.u8 < b.u8); break;
  case OP_i8x16_gt_s: r.i8 = (i8x16)(a.i8 > b.i8); break;
  case OP_i8x16_gt_u: r.i8 = (i8x16)(a.u8 > b.u8); break;
  case OP_i8x16_le_s: r.i8 = (i8x16)(a.i8 <= b.i8); break;
  case OP_i8x16_le_u: r.i8 = (i8x16)(a.u8 <= b.u8); break;
  case OP_i8x16_ge_s: r.i8 = (i8x16)(a.i8 >= b.i8); break;
  case OP_i8x16_ge_u: r.i8 = (i8x16)(a.u8 >= b.u8); break;
  case OP_i16x8_eq: r.i16 = (i16x8)(a.i16 == b.i16); break;
  case OP_i16x8_ne: r.i16 = (i16x8)(a.i16 != b.i16); break;
  case OP_i16x8_lt_s: r.i16 = (i16x8)(a.i16 < b.i16); break;
  case OP_i16x8_lt_u: r.i16 = (i16x8)(a.u16 < b.u16); break;
  case OP_i16x8_gt_s: r.i16 = (i16x8)(a.i16 > b.i16); break;
  case OP_i16x8_gt_u: r.i16 = (i16x8)(a.u16 > b.u16); break;
  case OP_i16x8_le_s: r.i16 = (i16x8)(a.i16 <= b.i16); break;
  case OP_i16x8_le_u: r.i16 = (i16x8)(a.u16 <= b.u16); break;
  case OP_i16x8_ge_s: r.i16 = (i16x8)(a.i16 >= b.i16); break;
  case OP_i16x8_ge_u: r.i16 = (i16x8)(a.u16 >= b.u16); break;
  case OP_i32x4_eq: r.i32 = (i32x4)(a.i32 == b.i32); break;
  case OP_i32x4_ne: r.i32 = (i32x4)(a.i32 != b.i32); break;
  case OP_i32x4_lt_s: r.i32 = (i32x4)(a.i32 < b.i32); break;
  case OP_i32x4_lt_u: r.i32 = (i32x4)(a.u32 < b.u32); break;
  case OP_i32x4_gt_s: r.i32 = (i32x4)(a.i32 > b.i32); break;
  case OP_i32x4_gt_u: r.i32 = (i32x4)(a.u32 > b.u32); break;
  case OP_i32x4_le_s: r.i32 = (i32x4)(a.i32 <= b.i32); break;
  case OP_i32x4_le_u: r.i32 = (i32x4)(a.u32 <= b.u32); break;
  case OP_i32x4_ge_s: r.i32 = (i32x4)(a.i32 >= b.i32); break;
  case OP_i32x4_ge_u: r.i32 = (i32x4)(a.u32 >= b.u32); break;
  case OP_i64x2_eq: r.i64 = (i64x2)(a.i64 == b.i64); break;
  case OP_i64x2_ne: r.i64 = (i64x2)(a.i64 != b.i64); break;
  case OP_i64x2_lt_s: r.i64 = (i64x2)(a.i64 < b.i64); break;
  case OP_i64x2_gt_s: r.i64 = (i64x2)(a.i64 > b.i64); break;
  case OP_i64x2_le_s: r.i64 = (i64x2)(a.i64 <= b.i64); break;
  case OP_i64x2_ge_s: r.i64 = (i64x2)(a.i64 >= b.i64); break;
  case OP_f32x4_eq: r.i32 = (i32x4)(a.f32 == b.f32); break;
  case OP_f32x4_ne: r.i32 = (i32x4)(a.f32 != b.f32); break;
  case OP_f32x4_lt: r.i32 = (i32x4)(a.f32 < b.f32); break;
  case OP_f32x4_gt: r.i32 = (i32x4)(a.f32 > b.f32); break;
  case OP_f32x4_le: r.i32 = (i32x4)(a.f32 <= b.f32); break;
  case OP_f32x4_ge: r.i32 = (i32x4)(a.f32 >= b.f32); break;
  case OP_f64x2_eq: r.i64 = (i64x2)(a.f64 == b.f64); break;
  case OP_f64x2_ne: r.i64 = (i64x2)(a.f64 != b.f64); break;
  case OP_f64x2_lt: r.i64 = (i64x2)(a.f64 < b.f64); break;
  case OP_f64x2_gt: r.i64 = (i64x2)(a.f64 > b.f64); break;
  case OP_f64x2_le: r.i64 = (i64x2)(a.f64 <= b.f64); break;
  case OP_f64x2_ge: r.i64 = (i64x2)(a.f64 >= b.f64); break;

  /* bitwise */
  case OP_v128_not: r.u64 = ~a.u64; break;
  case OP_v128_and: r.u64 = a.u64 & b.u64; break;
  case OP_v128_andnot: r.u64 = a.u64 & ~b.u64; break;
  case OP_v128_or: r.u64 = a.u64 | b.u64; break;
  case OP_v128_xor: r.u64 = a.u64 ^ b.u64; break;
  case OP_v128_bitselect:
  case OP_i8x16_relaxed_laneselect:
  case OP_i16x8_relaxed_laneselect:
  case OP_i32x4_relaxed_laneselect:
  case OP_i64x2_relaxed_laneselect: r.u64 = (a.u64 & c.u64) | (b.u64 & ~c.u64); break;
  case OP_v128_any_true: SCALAR((a.u64[0] | a.u64[1]) != 0);

  /* i8x16 */
  case OP_i8x16_abs: L16(i8[i] = (int8_t)(a.i8[i] < 0 ? -a.i8[i] : a.i8[i])); break;
  case OP_i8x16_neg: r.u8 = -a.u8; break;
  case OP_i8x16_popcnt: L16(u8[i] = (uint8_t)__builtin_popcount(a.u8[i])); break;
  case OP_i8x16_all_true: {
    for (int i = 0; i < 16; i++)
      if (!a.u8[i]) SCALAR(0);
    SCALAR(1);
  }
  case OP_i8x16_bitmask: {
    uint32_t m = 0;
    for (int i = 0; i < 16; i++) m |= (uint32_t)(a.u8[i] >> 7) << i;
    SCALAR(m);
  }
  case OP_i8x16_narrow_i16x8_s:
    L8(i8[i] = (int8_t)sat_s(a.i16[i], -128, 127));
    L8(i8[i + 8] = (int8_t)sat_s(b.i16[i], -128, 127));
    break;
  case OP_i8x16_narrow_i16x8_u:
    L8(u8[i] = (uint8_t)sat_s(a.i16[i], 0, 255));
    L8(u8[i + 8] = (uint8_t)sat_s(b.i16[i], 0, 255));
    break;
  case OP_i8x16_shl: n = (int32_t)(fp[sb] & 7); r.u8 = a.u8 << n; break;
  case OP_i8x16_shr_s: n = (int32_t)(fp[sb] & 7); r.i8 = a.i8 >> n; break;
  case OP_i8x16_shr_u: n = (int32_t)(fp[sb] & 7); r.u8 = a.u8 >> n; break;
  case OP_i8x16_add: r.u8 = a.u8 + b.u8; break;
  case OP_i8x16_add_sat_s: L16(i8[i] = (int8_t)sat_s(a.i8[i] + b.i8[i], -128, 127)); break;
  case OP_i8x16_add_sat_u: L16(u8[i] = (uint8_t)sat_s(a.u8[i] + b.u8[i], 0, 255)); break;
  case OP_i8x16_sub: r.u8 = a.u8 - b.u8; break;
  case OP_i8x16_sub_sat_s: L16(i8[i] = (int8_t)sat_s(a.i8[i] - b.i8[i], -128, 127)); break;
  case OP_i8x16_sub_sat_u: L16(u8[i] = (uint8_t)sat_s(a.u8[i] - b.u8[i], 0, 255)); break;
  case OP_i8x16_min_s: L16(i8[i] = a.i8[i] < b.i8[i] ? a.i8[i] : b.i8[i]); break;
  case OP_i8x16_min_u: L16(u8[i] = a.u8[i] < b.u8[i] ? a.u8[i] : b.u8[i]); break;
  case OP_i8x16_max_s: L16(i8[i] = a.i8[i] > b.i8[i] ? a.i8[i] : b.i8[i]); break;
  case OP_i8x16_max_u: L16(u8[i] = a.u8[i] > b.u8[i] ? a.u8[i] : b.u8[i]); break;
  case OP_i8x16_avgr_u: L16(u8[i] = (uint8_t)((a.u8[i] + b.u8[i] + 1) >> 1)); break;

  /* i16x8 */
  case OP_i16x8_extadd_pairwise_i8x16_s: L8(i16[i] = (int16_t)(a.i8[2 * i] + a.i8[2 * i + 1])); break;
  case OP_i16x8_extadd_pairwise_i8x16_u: L8(u16[i] = (uint16_t)(a.u8[2 * i] + a.u8[2 * i + 1])); break;
  case OP_i16x8_abs: L8(i16[i] = (int16_t)(a.i16[i] < 0 ? -a.i16[i] : a.i16[i])); break;
  case OP_i16x8_neg: r.u16 = -a.u16; break;
  case OP_i16x8_q15mulr_sat_s:
  case OP_i16x8_relaxed_q15mulr_s:
    L8(i16[i] = (int16_t)sat_s((a.i16[i] * b.i16[i] + 0x4000) >> 15, -32768, 32767));
    break;
  case OP_i16x8_all_true: {
    for (int i = 0; i < 8; i++)
      if (!a.u16[i]) SCALAR(0);
    SCALAR(1);
  }
  case OP_i16x8_bitmask: {
    uint32_t m = 0;
    for (int i = 0; i < 8; i++) m |= (uint32_t)(a.u16[i] >> 15) << i;
    SCALAR(m);
  }
  case OP_i16x8_narrow_i32x4_s:
    L4(i16[i] = (int16_t)sat_s(a.i32[i], -32768, 32767));
    L4(i16[i + 4] = (int16_t)sat_s(b.i32[i], -32768, 32767));
    break;
  case OP_i16x8_narrow_i32x4_u:
    L4(u16[i] = (uint16_t)sat_s(a.i32[i], 0, 65535));
    L4(u16[i + 4] = (uint16_t)sat_s(b.i32[i], 0, 65535));
    break;
  case OP_i16x8_extend_low_i8x16_s: L8(i16[i] = a.i8[i]); break;
  case OP_i16x8_extend_high_i8x16_s: L8(i16[i] = a.i8[i + 8]); break;
  case OP_i16x8_extend_low_i8x16_u: L8(u16[i] = a.u8[i]); break;
  case OP_i16x8_extend_high_i8x16_u: L8(u16[i] = a.u8[i + 8]); break;
  case OP_i16x8_shl: n = (int32_t)(fp[sb] & 15); r.u16 = a.u16 << n; break;
  case OP_i16x8_shr_s: n = (int32_t)(fp[sb] & 15); r.i16 = a.i16 >> n; break;
  case OP_i16x8_shr_u: n = (int32_t)(fp[sb] & 15); r.u16 = a.u16 >> n; break;
  case OP_i16x8_add: r.u16 = a.u16 + b.u16; break;
  case OP_i16x8_add_sat_s: L8(i16[i] = (int16_t)sat_s(a.i16[i] + b.i16[i], -32768, 32767)); break;
  case OP_i16x8_add_sat_u: L8(u16[i] = (uint16_t)sat_s(a.u16[i] + b.u16[i], 0, 65535)); break;
  case OP_i16x8_sub: r.u16 = a.u16 - b.u16; break;
  case OP_i16x8_sub_sat_s: L8(i16[i] = (int16_t)sat_s(a.i16[i] - b.i16[i], -32768, 32767)); break;
  case OP_i16x8_sub_sat_u: L8(u16[i] = (uint16_t)sat_s(a.u16[i] - b.u16[i], 0, 65535)); break;
  case OP_i16x8_mul: r.u16 = a.u16 * b.u16; break;
  case OP_i16x8_min_s: L8(i16[i] = a.i16[i] < b.i16[i] ? a.i16[i] : b.i16[i]); break;
  case OP_i16x8_min_u: L8(u16[i] = a.u16[i] < b.u16[i] ? a.u16[i] : b.u16[i]); break;
  case OP_i16x8_max_s: L8(i16[i] = a.i16[i] > b.i16[i] ? a.i16[i] : b.i16[i]); break;
  case OP_i16x8_max_u: L8(u16[i] = a.u16[i] > b.u16[i] ? a.u16[i] : b.u16[i]); break;
  case OP_i16x8_avgr_u: L8(u16[i] = (uint16_t)((a.u16[i] + b.u16[i] + 1) >> 1)); break;
  case OP_i16x8_extmul_low_i8x16_s: L8(i16[i] = (int16_t)(a.i8[i] * b.i8[i])); break;
  case OP_i16x8_extmul_high_i8x16_s: L8(i16[i] = (int16_t)(a.i8[i + 8] * b.i8[i + 8])); break;
  case OP_i16x8_extmul_low_i8x16_u: L8(u16[i] = (uint16_t)(a.u8[i] * b.u8[i])); break;
  case OP_i16x8_extmul_high_i8x16_u: L8(u16[i] = (uint16_t)(a.u8[i + 8] * b.u8[i + 8])); break;
  case OP_i16x8_relaxed_dot_i8x16_i7x16_s:
    L8(i16[i] = (int16_t)(a.i8[2 * i] * b.i8[2 * i] + a.i8[2 * i + 1] * b.i8[2 * i + 1]));
    break;

  /* i32x4 */
  case OP_i32x4_extadd_pairwise_i16x8_s: L4(i32[i] = a.i16[2 * i] + a.i16[2 * i + 1]); break;
  case OP_i32x4_extadd_pairwise_i16x8_u: L4(u32[i] = (uint32_t)a.u16[2 * i] + a.u16[2 * i + 1]); break;
  case OP_i32x4_abs: L4(u32[i] = a.i32[i] < 0 ? 0u - a.u32[i] : a.u32[i]); break;
  case OP_i32x4_neg: r.u32 = -a.u32; break;
  case OP_i32x4_all_true: {
    for (int i = 0; i < 4; i++)
      if (!a.u32[i]) SCALAR(0);
    SCALAR(1);
  }
  case OP_i32x4_bitmask: {
    uint32_t m = 0;
    for (int i = 0; i < 4; i++) m |= (a.u32[i] >> 31) << i;
    SCALAR(m);
  }
  case OP_i32x4_extend_low_i16x8_s: L4(i32[i] = a.i16[i]); break;
  case OP_i32x4_extend_high_i16x8_s: L4(i32[i] = a.i16[i + 4]); break;
  case OP_i32x4_extend_low_i16x8_u: L4(u32[i] = a.u16[i]); break;
  case OP_i32x4_extend_high_i16x8_u: L4(u32[i] = a.u16[i + 4]); break;
  case OP_i32x4_shl: n = (int32_t)(fp[sb] & 31); r.u32 = a.u32 << n; break;
  case OP_i32x4_shr_s: n = (int32_t)(fp[sb] & 31); r.i32 = a.i32 >> n; break;
  case OP_i32x4_shr_u: n = (int32_t)(fp[sb] & 31); r.u32 = a.u32 >> n; break;
  case OP_i32x4_add: r.u32 = a.u32 + b.u32; break;
  case OP_i32x4_sub: r.u32 = a.u32 - b.u32; break;
  case OP_i32x4_mul: r.u32 = a.u32 * b.u32; break;
  case OP_i32x4_min_s: L4(i32[i] = a.i32[i] < b.i32[i] ? a.i32[i] : b.i32[i]); break;
  case OP_i32x4_min_u: L4(u32[i] = a.u32[i] < b.u32[i] ? a.u32[i] : b.u32[i]); break;
  case OP_i32x4_max_s: L4(i32[i] = a.i32[i] > b.i32[i] ? a.i32[i] : b.i32[i]); break;
  case OP_i32x4_max_u: L4(u32[i] = a.u32[i] > b.u32[i] ? a.u32[i] : b.u32[i]); break;
  case OP_i32x4_dot_i16x8_s:
    L4(u32[i] = (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]));
    break;
  case OP_i32x4_extmul_low_i16x8_s: L4(i32[i] = a.i16[i] * b.i16[i]); break;
  case OP_i32x4_extmul_high_i16x8_s: L4(i32[i] = a.i16[i + 4] * b.i16[i + 4]); break;
  case OP_i32x4_extmul_low_i16x8_u: L4(u32[i] = (uint32_t)a.u16[i] * b.u16[i]); break;
  case OP_i32x4_extmul_high_i16x8_u: L4(u32[i] = (uint32_t)a.u16[i + 4] * b.u16[i + 4]); break;
  case OP_i32x4_relaxed_dot_i8x16_i7x16_add_s:
    L4(u32[i] = (uint32_t)(a.i8[4 * i] * b.i8[4 * i] + a.i8[4 * i + 1] * b.i8[4 * i + 1] +
                           a.i8[4 * i + 2] * b.i8[4 * i + 2] + a.i8[4 * i + 3] * b.i8[4 * i + 3]) +
                c.u32[i]);
    break;

  /* i64x2 */
  case OP_i64x2_abs: L2(u64[i] = a.i64[i] < 0 ? 0 - a.u64[i] : a.u64[i]); break;
  case OP_i64x2_neg: r.u64 = -a.u64; break;
  case OP_i64x2_all_true: SCALAR(a.u64[0] != 0 && a.u64[1] != 0);
  case OP_i64x2_bitmask: SCALAR((uint32_t)((a.u64[0] >> 63) | ((a.u64[1] >> 63) << 1)));
  case OP_i64x2_extend_low_i32x4_s: L2(i64[i] = a.i32[i]); break;
  case OP_i64x2_extend_high_i32x4_s: L2(i64[i] = a.i32[i + 2]); break;
  case OP_i64x2_extend_low_i32x4_u: L2(u64[i] = a.u32[i]); break;
  case OP_i64x2_extend_high_i32x4_u: L2(u64[i] = a.u32[i + 2]); break;
  case OP_i64x2_shl: n = (int32_t)(fp[sb] & 63); r.u64 = a.u64 << n; break;
  case OP_i64x2_shr_s: n = (int32_t)(fp[sb] & 63); r.i64 = a.i64 >> n; break;
  case OP_i64x2_shr_u: n = (int32_t)(fp[sb] & 63); r.u64 = a.u64 >> n; break;
  case OP_i64x2_add: r.u64 = a.u64 + b.u64; break;
  case OP_i64x2_sub: r.u64 = a.u64 - b.u64; break;
  case OP_i64x2_mul: r.u64 = a.u64 * b.u64; break;
  case OP_i64x2_extmul_low_i32x4_s: L2(i64[i] = (int64_t)a.i32[i] * b.i32[i]); break;
  case OP_i64x2_extmul_high_i32x4_s: L2(i64[i] = (int64_t)a.i32[i + 2] * b.i32[i + 2]); break;
  case OP_i64x2_extmul_low_i32x4_u: L2(u64[i] = (uint64_t)a.u32[i] * b.u32[i]); break;
  case OP_i64x2_extmul_high_i32x4_u: L2(u64[i] = (uint64_t)a.u32[i + 2] * b.u32[i + 2]); break;

  /* f32x4 */
  case OP_f32x4_abs: r.u32 = a.u32 & 0x7FFFFFFFu; break;
  case OP_f32x4_neg: r.u32 = a.u32 ^ 0x80000000u; break;
  case OP_f32x4_sqrt: L4(u32[i] = f32b(sqrtf(a.f32[i]))); break;
  case OP_f32x4_add: r.f32 = a.f32 + b.f32; break;
  case OP_f32x4_sub: r.f32 = a.f32 - b.f32; break;
  case OP_f32x4_mul: r.f32 = a.f32 * b.f32; break;
  case OP_f32x4_div: r.f32 = a.f32 / b.f32; break;
  case OP_f32x4_min:
  case OP_f32x4_relaxed_min: L4(u32[i] = (uint32_t)f32_min_bits(a.u32[i], b.u32[i])); break;
  case OP_f32x4_max:
  case OP_f32x4_relaxed_max: L4(u32[i] = (uint32_t)f32_max_bits(a.u32[i], b.u32[i])); break;
  case OP_f32x4_pmin: L4(u32[i] = b.f32[i] < a.f32[i] ? b.u32[i] : a.u32[i]); break;
  case OP_f32x4_pmax: L4(u32[i] = a.f32[i] < b.f32[i] ? b.u32[i] : a.u32[i]); break;
  case OP_f32x4_ceil: L4(u32[i] = (uint32_t)f32_round_nan(a.u32[i], ceilf(a.f32[i]))); break;
  case OP_f32x4_floor: L4(u32[i] = (uint32_t)f32_round_nan(a.u32[i], floorf(a.f32[i]))); break;
  case OP_f32x4_trunc: L4(u32[i] = (uint32_t)f32_round_nan(a.u32[i], truncf(a.f32[i]))); break;
  case OP_f32x4_nearest: L4(u32[i] = (uint32_t)f32_round_nan(a.u32[i], rintf(a.f32[i]))); break;
  case OP_f32x4_relaxed_madd: r.f32 = a.f32 * b.f32 + c.f32; break;
  case OP_f32x4_relaxed_nmadd: r.f32 = -(a.f32 * b.f32) + c.f32; break;

  /* f64x2 */
  case OP_f64x2_abs: r.u64 = a.u64 & 0x7FFFFFFFFFFFFFFFull; break;
  case OP_f64x2_neg: r.u64 = a.u64 ^ 0x8000000000000000ull; break;
  case OP_f64x2_sqrt: L2(u64[i] = bits_f64(sqrt(a.f64[i]))); break;
  case OP_f64x2_add: r.f64 = a.f64 + b.f64; break;
  case OP_f64x2_sub: r.f64 = a.f64 - b.f64; break;
  case OP_f64x2_mul: r.f64 = a.f64 * b.f64; break;
  case OP_f64x2_div: r.f64 = a.f64 / b.f64; break;
  case OP_f64x2_min:
  case OP_f64x2_relaxed_min: L2(u64[i] = f64_min_bits(a.u64[i], b.u64[i])); break;
  case OP_f64x2_max:
  case OP_f64x2_relaxed_max: L2(u64[i] = f64_max_bits(a.u64[i], b.u64[i])); break;
  case OP_f64x2_pmin: L2(u64[i] = b.f64[i] < a.f64[i] ? b.u64[i] : a.u64[i]); break;
  case OP_f64x2_pmax: L2(u64[i] = a.f64[i] < b.f64[i] ? b.u64[i] : a.u64[i]); break;
  case OP_f64x2_ceil: L2(u64[i] = f64_round_nan(a.u64[i], ceil(a.f64[i]))); break;
  case OP_f64x2_floor: L2(u64[i] = f64_round_nan(a.u64[i], floor(a.f64[i]))); break;
  case OP_f64x2_trunc: L2(u64[i] = f64_round_nan(a.u64[i], trunc(a.f64[i]))); break;
  case OP_f64x2_nearest: L2(u64[i] = f64_round_nan(a.u64[i], rint(a.f64[i]))); break;
  case OP_f64x2_relaxed_madd: r.f64 = a.f64 * b.f64 + c.f64; break;
  case OP_f64x2_relaxed_nmadd: r.f64 = -(a.f64 * b.f64) + c.f64; break;

  /* conversions */
  case OP_i32x4_trunc_sat_f32x4_s:
  case OP_i32x4_relaxed_trunc_f32x4_s: L4(i32[i] = sat_f32_i32s(a.f32[i])); break;
  case OP_i32x4_trunc_sat_f32x4_u:
  case OP_i32x4_relaxed_trunc_f32x4_u: L4(u32[i] = sat_f32_i32u(a.f32[i])); break;
  case OP_i32x4_trunc_sat_f64x2_s_zero:
  case OP_i32x4_relaxed_trunc_f64x2_s_zero: L2(i32[i] = sat_f64_i32s(a.f64[i])); break;
  case OP_i32x4_trunc_sat_f64x2_u_zero:
  case OP_i32x4_relaxed_trunc_f64x2_u_zero: L2(u32[i] = sat_f64_i32u(a.f64[i])); break;
  case OP_f32x4_convert_i32x4_s: L4(f32[i] = (float)a.i32[i]); break;
  case OP_f32x4_convert_i32x4_u: L4(f32[i] = (float)a.u32[i]); break;
  case OP_f64x2_convert_low_i32x4_s: L2(f64[i] = (double)a.i32[i]); break;
  case OP_f64x2_convert_low_i32x4_u: L2(f64[i] = (double)a.u32[i]); break;
  case OP_f32x4_demote_f64x2_zero: L2(f32[i] = (float)a.f64[i]); break;
  case OP_f64x2_promote_low_f32x4: L2(f64[i] = (double)a.f32[i]); break;

  default: return "unsupported SIMD instruction";
  }
  memcpy(&fp[d], &r, 16);
  return NULL;
#undef MEM
#undef SCALAR
}
