/* Text-format mnemonics: the X-macro table of opcodes.h, plus an index of it
 * sorted by name for binary search. The index is built on the first lookup
 * and never changes after (not thread-safe yet: the encoder runs on one
 * thread). */
#include "text/wat_ops.h"

#include <stdlib.h>

static const struct wop ops[] = {
#define RC_WOP(id, name, prefix, code, imm) {name, OP_##id, (uint8_t)(imm)},
    RC_FOR_EACH_OP(RC_WOP)
#undef RC_WOP
};

/* Indices into ops, sorted by name; of the opcodes sharing a name only the
 * lowest is kept. nsorted is 0 until the index is built. */
static uint16_t sorted[RC_ARRAY_LEN(ops)];
static size_t nsorted;
_Static_assert(RC_ARRAY_LEN(ops) <= UINT16_MAX, "index entries are 16-bit");

static int cmp_entries(const void *a, const void *b) {
  const struct wop *x = &ops[*(const uint16_t *)a], *y = &ops[*(const uint16_t *)b];
  int c = strcmp(x->name, y->name);
  if (c) return c;
  return x->op < y->op ? -1 : x->op > y->op;
}

static void build_index(void) {
  for (size_t i = 0; i < RC_ARRAY_LEN(ops); i++) sorted[i] = (uint16_t)i;
  qsort(sorted, RC_ARRAY_LEN(ops), sizeof sorted[0], cmp_entries);
  size_t n = 0;
  for (size_t i = 0; i < RC_ARRAY_LEN(ops); i++)
    if (n == 0 || strcmp(ops[sorted[n - 1]].name, ops[sorted[i]].name) != 0) sorted[n++] = sorted[i];
  nsorted = n;
}

static int cmp_key(const void *key, const void *elem) {
  return strcmp(key, ops[*(const uint16_t *)elem].name);
}

const struct wop *wop_find(const char *s, size_t n) {
  char tmp[48]; /* longer than any mnemonic */
  if (n >= sizeof tmp) return NULL;
  memcpy(tmp, s, n);
  tmp[n] = 0;
  if (!nsorted) build_index();
  const uint16_t *i = bsearch(tmp, sorted, nsorted, sizeof sorted[0], cmp_key);
  return i ? &ops[*i] : NULL;
}
