/* Token-level helpers shared by the script and WAT parsers. */
#include "text/parse_util.h"

#include <stdlib.h>

#include "text/numlit.h"

bool pu_is_numtok(const struct token *t) {
  if (t->kind == TOK_RESERVED) return true;
  if (t->kind != TOK_KEYWORD) return false;
  return (t->len >= 3 && memcmp(t->s, "nan", 3) == 0) || (t->len == 3 && memcmp(t->s, "inf", 3) == 0);
}

static bool status_fail(struct cursor *c, enum lit_status st) {
  if (st == LIT_RANGE) return cur_fail(c, "constant out of range");
  return cur_fail(c, "unknown operator");
}

static bool numtok(struct cursor *c) {
  const struct token *t = cur_peek(c, 0);
  if (tok_is(t, "nan:canonical") || tok_is(t, "nan:arithmetic")) return cur_fail(c, "unexpected token");
  if (pu_is_numtok(t)) return true;
  if (t->kind == TOK_KEYWORD) return cur_fail(c, "unknown operator");
  return cur_fail(c, "unexpected token");
}

/* The token must lex as the class wanted (1 nat, 2 int, 3 float): a float
 * where an integer belongs is "unexpected token", as in the spec's grammar. */
static bool want_class(struct cursor *c, int want) {
  int k = lex_numclass(cur_peek(c, 0));
  if (k == 0 || k <= want) return true; /* malformed ones get their own message */
  return cur_fail(c, "unexpected token");
}

bool pu_u64(struct cursor *c, uint64_t *out) {
  if (!numtok(c) || !want_class(c, 1)) return false;
  const struct token *t = cur_peek(c, 0);
  enum lit_status st = lit_uint(t->s, t->len, UINT64_MAX, out);
  if (st != LIT_OK) return status_fail(c, st);
  cur_next(c);
  return true;
}

bool pu_u32(struct cursor *c, uint32_t *out) {
  if (!numtok(c) || !want_class(c, 1)) return false;
  const struct token *t = cur_peek(c, 0);
  uint64_t v;
  enum lit_status st = lit_uint(t->s, t->len, UINT32_MAX, &v);
  if (st != LIT_OK) return status_fail(c, st);
  *out = (uint32_t)v;
  cur_next(c);
  return true;
}

bool pu_int(struct cursor *c, int bits, uint64_t *out) {
  if (!numtok(c) || !want_class(c, 2)) return false;
  const struct token *t = cur_peek(c, 0);
  enum lit_status st = lit_int(t->s, t->len, bits, out);
  if (st != LIT_OK) return status_fail(c, st);
  cur_next(c);
  return true;
}

bool pu_f32(struct cursor *c, uint32_t *out) {
  if (!numtok(c)) return false;
  const struct token *t = cur_peek(c, 0);
  enum lit_status st = lit_f32(t->s, t->len, out);
  if (st != LIT_OK) return status_fail(c, st);
  cur_next(c);
  return true;
}

bool pu_f64(struct cursor *c, uint64_t *out) {
  if (!numtok(c)) return false;
  const struct token *t = cur_peek(c, 0);
  enum lit_status st = lit_f64(t->s, t->len, out);
  if (st != LIT_OK) return status_fail(c, st);
  cur_next(c);
  return true;
}

static const char *const shapes[6] = {"i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"};

bool pu_shape(struct cursor *c, int *shape) {
  const struct token *t = cur_peek(c, 0);
  for (int i = 0; i < 6; i++)
    if (tok_is(t, shapes[i])) { *shape = i; cur_next(c); return true; }
  return cur_fail(c, t->kind == TOK_KEYWORD ? "unknown operator" : "unexpected token");
}

static void put_le(uint8_t *p, uint64_t v, int n) {
  for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

bool pu_v128_lanes(struct cursor *c, int shape, uint8_t bytes[16], uint8_t *lane_nan) {
  static const int lanes[6] = {16, 8, 4, 2, 4, 2};
  int nl = lanes[shape], w = 16 / nl;
  for (int i = 0; i < nl; i++) {
    const struct token *t = cur_peek(c, 0);
    if (lane_nan) lane_nan[i] = 0;
    if (shape >= 4 && lane_nan && (tok_is(t, "nan:canonical") || tok_is(t, "nan:arithmetic"))) {
      lane_nan[i] = tok_is(t, "nan:canonical") ? 1 : 2;
      memset(bytes + i * w, 0, (size_t)w);
      cur_next(c);
      continue;
    }
    uint64_t v;
    if (shape == 4) {
      uint32_t f;
      if (!pu_f32(c, &f)) return false;
      v = f;
    } else if (shape == 5) {
      if (!pu_f64(c, &v)) return false;
    } else {
      if (!pu_int(c, w * 8, &v)) return false;
    }
    put_le(bytes + i * w, v, w);
  }
  return true;
}

bool pu_string(struct cursor *c, char **out, size_t *len) {
  const struct token *t = cur_peek(c, 0);
  if (t->kind != TOK_STRING) return cur_fail(c, "unexpected token");
  if (!lex_string(t, out, len)) return cur_fail(c, "malformed string escape");
  cur_next(c);
  return true;
}

bool pu_strings(struct cursor *c, char **out, size_t *len) {
  RC_VEC(char) buf = {0};
  while (cur_at(c, TOK_STRING)) {
    char *s;
    size_t n;
    if (!pu_string(c, &s, &n)) { free(buf.data); return false; }
    rc_vec_reserve(buf, n + 1);
    memcpy(buf.data + buf.len, s, n);
    buf.len += n;
    free(s);
  }
  rc_vec_reserve(buf, 1);
  buf.data[buf.len] = 0;
  *out = buf.data;
  *len = buf.len;
  return true;
}

bool pu_name(struct cursor *c, char **out, size_t *len) {
  const struct token *t = cur_peek(c, 0);
  if (!pu_string(c, out, len)) return false;
  if (!lex_utf8_valid((const uint8_t *)*out, *len)) {
    free(*out);
    *out = NULL;
    return cur_fail_at(c, t, "malformed UTF-8 encoding");
  }
  return true;
}

bool pu_id(struct cursor *c, char **out, size_t *len) {
  const struct token *t = cur_peek(c, 0);
  if (t->kind != TOK_ID) return cur_fail(c, "unexpected token");
  if (t->len > 1 && t->s[1] == '"') {
    if (!lex_string(t, out, len)) return cur_fail(c, "malformed string escape");
    if (*len == 0 || !lex_utf8_valid((const uint8_t *)*out, *len)) {
      free(*out);
      *out = NULL;
      return cur_fail(c, *len == 0 ? "empty identifier" : "malformed UTF-8 encoding");
    }
  } else {
    *out = rc_strndup(t->s + 1, t->len - 1);
    *len = t->len - 1;
  }
  cur_next(c);
  return true;
}
