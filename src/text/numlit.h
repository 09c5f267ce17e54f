/* Numeric literals of the text format: integers (decimal, hex, '_' between
 * digits, sign) and floats (decimal, hex, inf, nan, nan:0x...), converted with
 * correct rounding (round to nearest, ties to even, subnormals included). */
#ifndef RECLAIM_TEXT_NUMLIT_H
#define RECLAIM_TEXT_NUMLIT_H

#include "util/common.h"

enum lit_status { LIT_OK, LIT_MALFORMED, LIT_RANGE };

/* Unsigned literal (no sign allowed) <= max. */
enum lit_status lit_uint(const char *s, size_t n, uint64_t max, uint64_t *out);
/* iN literal (bits 8/16/32/64): signed or unsigned range; *out is the bit pattern. */
enum lit_status lit_int(const char *s, size_t n, int bits, uint64_t *out);
enum lit_status lit_f32(const char *s, size_t n, uint32_t *out);
enum lit_status lit_f64(const char *s, size_t n, uint64_t *out);

#endif
