/* Entry points between the script parser and the WAT encoder. */
#ifndef RECLAIM_TEXT_WAT_INTERNAL_H
#define RECLAIM_TEXT_WAT_INTERNAL_H

#include "text/lex.h"

/* Parse module fields from c until a ')' or EOF (not consumed) and encode
 * them as a binary module. Errors go to c->err. */
bool wat_encode_fields(struct cursor *c, uint8_t **out, size_t *out_len);

/* Is the token after '(' a module field keyword (for bare-field scripts)? */
bool wat_is_field_kw(const struct token *t);

#endif
