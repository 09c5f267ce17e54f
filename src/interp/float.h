/* Float helpers for the dispatch loop. Floats travel as raw bits in slots;
 * these convert at the arithmetic boundary and implement the operations C
 * does not give with Wasm's exact semantics (min/max with NaN and signed
 * zeros; trapping and saturating truncation). abs/neg/copysign are bit
 * operations in the handlers so NaN payloads are preserved. */
#ifndef RECLAIM_INTERP_FLOAT_H
#define RECLAIM_INTERP_FLOAT_H

#include <math.h>

#include "util/common.h"

static inline float f32_of(uint64_t slot) {
  uint32_t b = (uint32_t)slot;
  float f;
  memcpy(&f, &b, 4);
  return f;
}
static inline uint64_t bits_f32(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  return b;
}
static inline double f64_of(uint64_t slot) {
  double d;
  memcpy(&d, &slot, 8);
  return d;
}
static inline uint64_t bits_f64(double d) {
  uint64_t b;
  memcpy(&b, &d, 8);
  return b;
}

/* min/max: a NaN operand gives a NaN (x + y propagates it quietened);
 * -0 < +0 is decided on the sign bits. */
static inline uint64_t f32_min_bits(uint64_t a, uint64_t b) {
  float x = f32_of(a), y = f32_of(b);
  if (x != x || y != y) return bits_f32(x + y);
  if (x == y) return (uint32_t)(a | b);
  return x < y ? (uint32_t)a : (uint32_t)b;
}
static inline uint64_t f32_max_bits(uint64_t a, uint64_t b) {
  float x = f32_of(a), y = f32_of(b);
  if (x != x || y != y) return bits_f32(x + y);
  if (x == y) return (uint32_t)(a & b);
  return x > y ? (uint32_t)a : (uint32_t)b;
}
static inline uint64_t f64_min_bits(uint64_t a, uint64_t b) {
  double x = f64_of(a), y = f64_of(b);
  if (x != x || y != y) return bits_f64(x + y);
  if (x == y) return a | b;
  return x < y ? a : b;
}
static inline uint64_t f64_max_bits(uint64_t a, uint64_t b) {
  double x = f64_of(a), y = f64_of(b);
  if (x != x || y != y) return bits_f64(x + y);
  if (x == y) return a & b;
  return x > y ? a : b;
}

/* Rounding results: libm returns a signalling NaN unchanged, but Wasm
 * wants NaN results quiet (an arithmetic NaN). */
static inline uint64_t f32_round_nan(uint64_t in, float r) {
  float x = f32_of(in);
  return x != x ? (uint32_t)in | 0x00400000u : bits_f32(r);
}
static inline uint64_t f64_round_nan(uint64_t in, double r) {
  double x = f64_of(in);
  return x != x ? in | 0x0008000000000000ull : bits_f64(r);
}

/* Trapping truncation: returns NULL and sets *out, or the trap message.
 * The bounds are the first values outside the target range, exactly
 * representable in the source type. */
#define RC_TRUNC_FN(name, F, I, lo_excl, hi_excl)                                                  \
  static inline const char *name(F x, I *out) {                                                   \
    if (x != x) return "invalid conversion to integer";                                            \
    if (!(x > (F)(lo_excl) && x < (F)(hi_excl))) return "integer overflow";                        \
    *out = (I)x;                                                                                   \
    return NULL;                                                                                   \
  }
RC_TRUNC_FN(trunc_f32_i32s, float, int32_t, -2147483904.0, 2147483648.0)
RC_TRUNC_FN(trunc_f32_i32u, float, uint32_t, -1.0, 4294967296.0)
RC_TRUNC_FN(trunc_f64_i32s, double, int32_t, -2147483649.0, 2147483648.0)
RC_TRUNC_FN(trunc_f64_i32u, double, uint32_t, -1.0, 4294967296.0)
RC_TRUNC_FN(trunc_f32_i64s, float, int64_t, -9223373136366403584.0, 9223372036854775808.0)
RC_TRUNC_FN(trunc_f32_i64u, float, uint64_t, -1.0, 18446744073709551616.0)
RC_TRUNC_FN(trunc_f64_i64s, double, int64_t, -9223372036854777856.0, 9223372036854775808.0)
RC_TRUNC_FN(trunc_f64_i64u, double, uint64_t, -1.0, 18446744073709551616.0)
#undef RC_TRUNC_FN

/* Saturating truncation: NaN -> 0, out of range -> the nearest bound. */
#define RC_TRUNC_SAT_FN(name, F, I, lo_excl, hi_excl, minv, maxv)                                  \
  static inline I name(F x) {                                                                      \
    if (x != x) return 0;                                                                          \
    if (!(x > (F)(lo_excl))) return minv;                                                          \
    if (!(x < (F)(hi_excl))) return maxv;                                                          \
    return (I)x;                                                                                   \
  }
RC_TRUNC_SAT_FN(sat_f32_i32s, float, int32_t, -2147483904.0, 2147483648.0, INT32_MIN, INT32_MAX)
RC_TRUNC_SAT_FN(sat_f32_i32u, float, uint32_t, -1.0, 4294967296.0, 0, UINT32_MAX)
RC_TRUNC_SAT_FN(sat_f64_i32s, double, int32_t, -2147483649.0, 2147483648.0, INT32_MIN, INT32_MAX)
RC_TRUNC_SAT_FN(sat_f64_i32u, double, uint32_t, -1.0, 4294967296.0, 0, UINT32_MAX)
RC_TRUNC_SAT_FN(sat_f32_i64s, float, int64_t, -9223373136366403584.0, 9223372036854775808.0,
                INT64_MIN, INT64_MAX)
RC_TRUNC_SAT_FN(sat_f32_i64u, float, uint64_t, -1.0, 18446744073709551616.0, 0, UINT64_MAX)
RC_TRUNC_SAT_FN(sat_f64_i64s, double, int64_t, -9223372036854777856.0, 9223372036854775808.0,
                INT64_MIN, INT64_MAX)
RC_TRUNC_SAT_FN(sat_f64_i64u, double, uint64_t, -1.0, 18446744073709551616.0, 0, UINT64_MAX)
#undef RC_TRUNC_SAT_FN

#endif
