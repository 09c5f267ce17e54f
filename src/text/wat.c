/* wat_to_wasm: the public entry. Lexes, accepts `(module $id? ...)` or bare
 * fields, and hands the fields to the module encoder. */
#include "text/wat.h"

#include <stdlib.h>

#include "text/wat_internal.h"
#include "text/wat_priv.h"

bool wat_is_field_kw(const struct token *t) {
  static const char *const kws[] = {"type", "rec", "func", "import", "export", "table", "memory",
                                    "global", "elem", "data", "start", "tag"};
  for (size_t i = 0; i < RC_ARRAY_LEN(kws); i++)
    if (tok_is(t, kws[i])) return true;
  return false;
}

bool wat_to_wasm(const char *src, size_t len, const char *filename, uint8_t **out, size_t *out_len,
                 struct rc_error *err) {
  struct rc_error local;
  if (!err) err = &local;
  rc_error_clear(err);
  *out = NULL;
  *out_len = 0;
  struct lexed lx;
  if (!lex_all(src, len, filename, &lx, err)) return false;
  struct cursor c = {lx.toks, lx.n, 0, filename, err};
  bool ok = false;
  bool wrapped = cur_at_sexp(&c, "module");
  if (wrapped) {
    cur_next(&c);
    cur_next(&c);
    if (cur_at(&c, TOK_ID)) cur_next(&c);
  }
  if (wrapped && tok_is(cur_peek(&c, 0), "binary")) {
    /* (module $id? binary "..."*): the bytes as written */
    cur_next(&c);
    struct buf b = {0};
    while (cur_at(&c, TOK_STRING)) {
      char *s;
      size_t n;
      if (!pu_string(&c, &s, &n)) { buf_free(&b); goto done; }
      buf_bytes(&b, s, n);
      free(s);
    }
    *out = b.d;
    *out_len = b.len;
    if (!*out) *out = rc_malloc(1);
  } else if (!wat_encode_fields(&c, out, out_len)) {
    goto done;
  }
  if (wrapped && !cur_expect(&c, TOK_RPAR)) goto done;
  if (!cur_at(&c, TOK_EOF)) { cur_fail(&c, "unexpected token"); goto done; }
  ok = true;
done:
  if (!ok) { free(*out); *out = NULL; *out_len = 0; }
  lex_free(&lx);
  return ok;
}
