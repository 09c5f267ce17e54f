/* The WAT/WAST lexer and the token cursor helpers. */
#include "text/lex.h"

#include "text/numlit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static bool is_idchar(unsigned char ch) {
  if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) return true;
  switch (ch) {
  case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
  case '-': case '.': case '/': case ':': case '<': case '=': case '>': case '?':
  case '@': case '\\': case '^': case '_': case '`': case '|': case '~':
    return true;
  default:
    return false;
  }
}

struct lexer {
  const char *src;
  size_t len, pos;
  uint32_t line, col;
  const char *filename;
  struct rc_error *err;
};

static bool lex_fail(struct lexer *lx, uint32_t line, uint32_t col, const char *msg) {
  rc_fail(lx->err, RC_ERR_MALFORMED, (int64_t)lx->pos, "%s:%u:%u: %s",
          lx->filename ? lx->filename : "<input>", line, col, msg);
  if (lx->err) { lx->err->line = line; lx->err->col = col; }
  return false;
}

static void adv(struct lexer *lx) {
  if (lx->pos >= lx->len) return;
  if (lx->src[lx->pos] == '\n') { lx->line++; lx->col = 1; }
  else lx->col++;
  lx->pos++;
}
static int cur(const struct lexer *lx) { return lx->pos < lx->len ? (unsigned char)lx->src[lx->pos] : -1; }
static int at(const struct lexer *lx, size_t k) {
  return lx->pos + k < lx->len ? (unsigned char)lx->src[lx->pos + k] : -1;
}

/* Skip a string body starting at the opening quote; false if unterminated or
 * holds a control character. */
static bool skip_string(struct lexer *lx) {
  uint32_t l = lx->line, c = lx->col;
  adv(lx);
  for (;;) {
    int ch = cur(lx);
    if (ch < 0 || ch == '\n') return lex_fail(lx, l, c, "unclosed string");
    if (ch == '"') { adv(lx); return true; }
    if (ch < 0x20 || ch == 0x7f) return lex_fail(lx, lx->line, lx->col, "illegal character in string");
    if (ch == '\\') { adv(lx); if (cur(lx) < 0) return lex_fail(lx, l, c, "unclosed string"); }
    adv(lx);
  }
}

/* Skip whitespace and comments; false on an unclosed block comment. */
static bool skip_space(struct lexer *lx) {
  for (;;) {
    int ch = cur(lx);
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') { adv(lx); continue; }
    if (ch == ';' && at(lx, 1) == ';') {
      while (cur(lx) >= 0 && cur(lx) != '\n' && cur(lx) != '\r') adv(lx);
      continue;
    }
    if (ch == '(' && at(lx, 1) == ';') {
      uint32_t l = lx->line, c = lx->col;
      size_t depth = 0;
      do {
        if (cur(lx) < 0) return lex_fail(lx, l, c, "unclosed comment");
        if (cur(lx) == '(' && at(lx, 1) == ';') { depth++; adv(lx); adv(lx); }
        else if (cur(lx) == ';' && at(lx, 1) == ')') { depth--; adv(lx); adv(lx); }
        else adv(lx);
      } while (depth > 0);
      continue;
    }
    return true;
  }
}

typedef RC_VEC(struct token) tokvec;
static void push(tokvec *v, enum tok_kind k, uint32_t line, uint32_t col,
                 const char *s, size_t len) {
  struct token t = {k, line, col, s, len};
  rc_vec_push(*v, t);
}

bool lex_all(const char *src, size_t len, const char *filename, struct lexed *out,
             struct rc_error *err) {
  struct lexer lx = {src, len, 0, 1, 1, filename, err};
  tokvec v = {0};
  out->toks = NULL;
  out->n = 0;
  for (;;) {
    if (!skip_space(&lx)) goto fail;
    int ch = cur(&lx);
    uint32_t line = lx.line, col = lx.col;
    size_t start = lx.pos;
    if (ch < 0) break;
    if (ch == '(' && at(&lx, 1) == '@') {
      /* Annotation: skip to the matching ')' (strings and comments inside are respected). */
      adv(&lx); adv(&lx);
      if (cur(&lx) == '"') {
        size_t s0 = lx.pos;
        if (!skip_string(&lx)) goto fail;
        struct token st = {TOK_STRING, line, col, src + s0, lx.pos - s0};
        char *name;
        size_t nl;
        bool good = lex_string(&st, &name, &nl);
        if (good) { good = nl > 0 && lex_utf8_valid((const uint8_t *)name, nl); free(name); }
        if (!good) { lex_fail(&lx, line, col, "empty annotation id"); goto fail; }
      } else {
        if (cur(&lx) < 0 || !is_idchar((unsigned char)cur(&lx))) {
          lex_fail(&lx, line, col, "empty annotation id");
          goto fail;
        }
        while (cur(&lx) >= 0 && is_idchar((unsigned char)cur(&lx))) adv(&lx);
      }
      /* The body is ordinary tokens, balanced parens; it is dropped. */
      size_t depth = 1;
      while (depth > 0) {
        if (!skip_space(&lx)) goto fail;
        int c2 = cur(&lx);
        if (c2 < 0) { lex_fail(&lx, line, col, "unclosed annotation"); goto fail; }
        if (c2 == '(') { depth++; adv(&lx); }
        else if (c2 == ')') { depth--; adv(&lx); }
        else if (c2 == '"') { if (!skip_string(&lx)) goto fail; }
        else if (is_idchar((unsigned char)c2) || (c2 && strchr(",;[]{}", c2))) adv(&lx);
        else { lex_fail(&lx, lx.line, lx.col, "illegal character"); goto fail; }
      }
      continue;
    }
    if (ch == '(') { adv(&lx); push(&v, TOK_LPAR, line, col, src + start, 1); continue; }
    if (ch == ')') { adv(&lx); push(&v, TOK_RPAR, line, col, src + start, 1); continue; }
    if (ch == '"' || is_idchar((unsigned char)ch)) {
      /* A run of idchars and strings; one token. Pure string, $id, $"id",
       * keyword, or reserved (numbers among them). */
      bool has_str = false, has_idc = false;
      while (cur(&lx) == '"' || (cur(&lx) >= 0 && is_idchar((unsigned char)cur(&lx)))) {
        if (cur(&lx) == '"') { if (!skip_string(&lx)) goto fail; has_str = true; }
        else { adv(&lx); has_idc = true; }
      }
      size_t tl = lx.pos - start;
      const char *s = src + start;
      enum tok_kind k;
      if (!has_idc) {
        /* Two adjacent strings are not one token. */
        k = TOK_STRING;
        size_t i = 1;
        while (i < tl && s[i] != '"') i += (s[i] == '\\') ? 2 : 1;
        if (i + 1 != tl) k = TOK_RESERVED;
      } else if (s[0] == '$' && tl > 1 && !has_str) {
        k = TOK_ID;
      } else if (s[0] == '$' && tl > 2 && s[1] == '"') {
        /* $"..." with exactly one string */
        size_t i = 2;
        while (i < tl && s[i] != '"') i += (s[i] == '\\') ? 2 : 1;
        k = (i + 1 == tl) ? TOK_ID : TOK_RESERVED;
      } else if (has_str) {
        k = TOK_RESERVED;
      } else if (s[0] >= 'a' && s[0] <= 'z') {
        k = TOK_KEYWORD;
      } else {
        k = TOK_RESERVED;
      }
      push(&v, k, line, col, s, tl);
      continue;
    }
    lex_fail(&lx, line, col, "malformed lexical token");
    goto fail;
  }
  push(&v, TOK_EOF, lx.line, lx.col, src + lx.pos, 0);
  out->toks = v.data;
  out->n = v.len;
  return true;
fail:
  free(v.data);
  return false;
}

void lex_free(struct lexed *l) {
  free(l->toks);
  l->toks = NULL;
  l->n = 0;
}

static int hexval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

bool lex_string(const struct token *t, char **out, size_t *out_len) {
  const char *s = t->s;
  size_t n = t->len;
  if (n && s[0] == '$') { s++; n--; }
  if (n < 2 || s[0] != '"' || s[n - 1] != '"') return false;
  char *buf = rc_malloc(n + 1);
  size_t o = 0;
  for (size_t i = 1; i + 1 < n;) {
    unsigned char ch = (unsigned char)s[i];
    if (ch != '\\') { buf[o++] = (char)ch; i++; continue; }
    i++;
    if (i + 1 >= n) goto bad;
    ch = (unsigned char)s[i];
    switch (ch) {
    case 'n': buf[o++] = '\n'; i++; break;
    case 't': buf[o++] = '\t'; i++; break;
    case 'r': buf[o++] = '\r'; i++; break;
    case '\\': buf[o++] = '\\'; i++; break;
    case '\'': buf[o++] = '\''; i++; break;
    case '"': buf[o++] = '"'; i++; break;
    case 'u': {
      i++;
      if (i >= n - 1 || s[i] != '{') goto bad;
      i++;
      uint32_t cp = 0;
      size_t nd = 0;
      bool us = false;
      while (i < n - 1 && s[i] != '}') {
        if (s[i] == '_') {
          if (nd == 0 || us) goto bad;
          us = true;
          i++;
          continue;
        }
        int h = hexval((unsigned char)s[i]);
        if (h < 0) goto bad;
        if (cp > 0x10ffff) goto bad;
        cp = cp * 16 + (uint32_t)h;
        nd++;
        us = false;
        i++;
      }
      if (nd == 0 || us || i >= n - 1) goto bad;
      i++; /* '}' */
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) goto bad;
      if (cp < 0x80) buf[o++] = (char)cp;
      else if (cp < 0x800) { buf[o++] = (char)(0xc0 | (cp >> 6)); buf[o++] = (char)(0x80 | (cp & 0x3f)); }
      else if (cp < 0x10000) {
        buf[o++] = (char)(0xe0 | (cp >> 12));
        buf[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
        buf[o++] = (char)(0x80 | (cp & 0x3f));
      } else {
        buf[o++] = (char)(0xf0 | (cp >> 18));
        buf[o++] = (char)(0x80 | ((cp >> 12) & 0x3f));
        buf[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
        buf[o++] = (char)(0x80 | (cp & 0x3f));
      }
      break;
    }
    default: {
      int h1 = hexval(ch), h2 = hexval((unsigned char)s[i + 1]);
      if (h1 < 0 || h2 < 0 || i + 1 >= n - 1) goto bad;
      buf[o++] = (char)(h1 * 16 + h2);
      i += 2;
    }
    }
  }
  buf[o] = 0;
  *out = buf;
  *out_len = o;
  return true;
bad:
  free(buf);
  return false;
}

bool lex_utf8_valid(const uint8_t *b, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = b[i];
    if (c < 0x80) { i++; continue; }
    size_t k;
    uint32_t cp, min;
    if ((c & 0xe0) == 0xc0) { k = 1; cp = c & 0x1f; min = 0x80; }
    else if ((c & 0xf0) == 0xe0) { k = 2; cp = c & 0x0f; min = 0x800; }
    else if ((c & 0xf8) == 0xf0) { k = 3; cp = c & 0x07; min = 0x10000; }
    else return false;
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= n || (b[i + j] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b[i + j] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return false;
    i += k + 1;
  }
  return true;
}

int lex_numclass(const struct token *t) {
  if (t->kind != TOK_RESERVED && t->kind != TOK_KEYWORD) return 0;
  uint64_t u;
  uint32_t f;
  enum lit_status st = lit_uint(t->s, t->len, UINT64_MAX, &u);
  if (st != LIT_MALFORMED) return 1;
  st = lit_int(t->s, t->len, 64, &u);
  if (st != LIT_MALFORMED) return 2;
  st = lit_f32(t->s, t->len, &f);
  if (st != LIT_MALFORMED) return 3;
  return 0;
}

bool cur_fail_at(struct cursor *c, const struct token *t, const char *fmt, ...) {
  if (!c->err) return false;
  if (c->err->kind != RC_OK) return false; /* keep the first, innermost error */
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* A reserved token that is no number is a lexical error in the spec's
   * grammar, reported as "unknown operator" wherever it stands. */
  if (t->kind == TOK_RESERVED && lex_numclass(t) == 0 && strcmp(msg, "constant out of range") != 0)
    snprintf(msg, sizeof msg, t->s[0] == '$' ? "empty identifier" : "unknown operator");
  rc_fail(c->err, RC_ERR_MALFORMED, RC_NO_OFFSET, "%s:%u:%u: %s",
          c->filename ? c->filename : "<input>", t->line, t->col, msg);
  c->err->line = t->line;
  c->err->col = t->col;
  return false;
}

bool cur_expect(struct cursor *c, enum tok_kind k) {
  if (cur_peek(c, 0)->kind != k) return cur_fail(c, "unexpected token");
  cur_next(c);
  return true;
}

bool cur_expect_kw(struct cursor *c, const char *kw) {
  if (!tok_is(cur_peek(c, 0), kw)) return cur_fail(c, "unexpected token");
  cur_next(c);
  return true;
}

void cur_skip_sexp(struct cursor *c) {
  if (!cur_at(c, TOK_LPAR)) { cur_next(c); return; }
  size_t depth = 0;
  do {
    const struct token *t = cur_next(c);
    if (t->kind == TOK_LPAR) depth++;
    else if (t->kind == TOK_RPAR) depth--;
    else if (t->kind == TOK_EOF) return;
  } while (depth > 0);
}
