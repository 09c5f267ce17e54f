/* WAT/WAST tokens and the token cursor both parsers walk.
 *
 * The lexer turns the whole source into a token array up front: parens,
 * keywords (start with a-z), ids ($name or $"name"), strings, and "reserved"
 * runs (numbers and anything else made of idchars). Comments, whitespace and
 * annotations `(@name ...)` are dropped here, so no parser sees them. */
#ifndef RECLAIM_TEXT_LEX_H
#define RECLAIM_TEXT_LEX_H

#include "util/common.h"
#include "util/error.h"

enum tok_kind { TOK_EOF, TOK_LPAR, TOK_RPAR, TOK_KEYWORD, TOK_ID, TOK_STRING, TOK_RESERVED };

struct token {
  enum tok_kind kind;
  uint32_t line, col;
  const char *s; /* raw text (for strings: including the quotes) */
  size_t len;
};

struct lexed {
  struct token *toks; /* always ends with a TOK_EOF */
  size_t n;
};

/* Tokenise src; on a lexical error returns false with err set (file:line:col). */
bool lex_all(const char *src, size_t len, const char *filename, struct lexed *out,
             struct rc_error *err);
void lex_free(struct lexed *l);

/* Decode a TOK_STRING's contents (escapes) into a malloc'd, NUL-terminated buffer. */
bool lex_string(const struct token *t, char **out, size_t *out_len);
/* Is buf valid UTF-8 (for names)? */
bool lex_utf8_valid(const uint8_t *buf, size_t len);

/* Number class of a token: 0 none, 1 unsigned (nat), 2 signed (int), 3 float. */
int lex_numclass(const struct token *t);

/* Token cursor with the error it reports; shared by script.c and the WAT parser. */
struct cursor {
  const struct token *toks;
  size_t n, pos;
  const char *filename;
  struct rc_error *err;
};

static inline const struct token *cur_peek(const struct cursor *c, size_t ahead) {
  size_t i = c->pos + ahead;
  return &c->toks[i < c->n ? i : c->n - 1];
}
static inline bool tok_is(const struct token *t, const char *kw) {
  size_t k = strlen(kw);
  return t->kind == TOK_KEYWORD && t->len == k && memcmp(t->s, kw, k) == 0;
}
/* Is the next token '(' followed by keyword kw? */
static inline bool cur_at_sexp(const struct cursor *c, const char *kw) {
  return cur_peek(c, 0)->kind == TOK_LPAR && tok_is(cur_peek(c, 1), kw);
}
static inline bool cur_at(const struct cursor *c, enum tok_kind k) { return cur_peek(c, 0)->kind == k; }
static inline const struct token *cur_next(struct cursor *c) {
  const struct token *t = cur_peek(c, 0);
  if (c->pos < c->n - 1) c->pos++;
  return t;
}

/* Report "file:line:col: msg" at token t; returns false. */
bool cur_fail_at(struct cursor *c, const struct token *t, const char *fmt, ...) RC_PRINTF(3, 4);
#define cur_fail(c, ...) cur_fail_at((c), cur_peek((c), 0), __VA_ARGS__)
bool cur_expect(struct cursor *c, enum tok_kind k);       /* "unexpected token" if not */
bool cur_expect_kw(struct cursor *c, const char *kw);
/* Skip one balanced s-expression or atom. */
void cur_skip_sexp(struct cursor *c);

#endif
