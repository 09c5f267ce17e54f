/* Token-level helpers shared by the script and WAT parsers: numbers with the
 * spec's error words, strings, names, v128 lane lists. Each consumes the
 * token(s) it parses on success and reports at the offending token otherwise. */
#ifndef RECLAIM_TEXT_PARSE_UTIL_H
#define RECLAIM_TEXT_PARSE_UTIL_H

#include "text/lex.h"

/* A token that can hold a number (keyword like nan/inf, or reserved). */
bool pu_is_numtok(const struct token *t);
bool pu_u32(struct cursor *c, uint32_t *out);
bool pu_u64(struct cursor *c, uint64_t *out);
bool pu_int(struct cursor *c, int bits, uint64_t *out);
bool pu_f32(struct cursor *c, uint32_t *out);
bool pu_f64(struct cursor *c, uint64_t *out);
/* i8x16 i16x8 i32x4 i64x2 f32x4 f64x2 -> 0..5 (enum script_shape order). */
bool pu_shape(struct cursor *c, int *shape);
/* Lanes of a v128.const of the given shape into 16 bytes. If lane_nan is not
 * NULL, float lanes may be nan:canonical / nan:arithmetic (patterns). */
bool pu_v128_lanes(struct cursor *c, int shape, uint8_t bytes[16], uint8_t *lane_nan);
/* A string token, decoded (NUL-terminated, malloc'd). */
bool pu_string(struct cursor *c, char **out, size_t *len);
/* A run of zero or more string tokens, decoded and joined (NUL-terminated,
 * malloc'd even when empty). */
bool pu_strings(struct cursor *c, char **out, size_t *len);
/* A string that must be valid UTF-8 ("malformed UTF-8 encoding"). */
bool pu_name(struct cursor *c, char **out, size_t *len);
/* An id token's name without '$' (decoding $"..."), malloc'd. */
bool pu_id(struct cursor *c, char **out, size_t *len);

#endif
