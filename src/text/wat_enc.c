/* Byte buffers with LEB128 writers, and the $name hash table, for the WAT encoder. */
#include <stdlib.h>

#include "text/wat_priv.h"

void buf_bytes(struct buf *b, const void *p, size_t n) {
  if (b->len + n > b->cap) {
    size_t nc = b->cap ? b->cap * 2 : 64;
    while (nc < b->len + n) nc *= 2;
    b->d = rc_realloc(b->d, nc);
    b->cap = nc;
  }
  if (n) memcpy(b->d + b->len, p, n);
  b->len += n;
}
void buf_byte(struct buf *b, uint8_t x) { buf_bytes(b, &x, 1); }
void buf_u64(struct buf *b, uint64_t v) {
  do {
    uint8_t x = v & 0x7f;
    v >>= 7;
    if (v) x |= 0x80;
    buf_byte(b, x);
  } while (v);
}
void buf_u32(struct buf *b, uint32_t v) { buf_u64(b, v); }
void buf_s64(struct buf *b, int64_t v) {
  for (;;) {
    uint8_t x = v & 0x7f;
    v >>= 7; /* arithmetic shift on gcc/clang */
    if ((v == 0 && !(x & 0x40)) || (v == -1 && (x & 0x40))) { buf_byte(b, x); return; }
    buf_byte(b, x | 0x80);
  }
}
void buf_s32(struct buf *b, int32_t v) { buf_s64(b, v); }
void buf_name(struct buf *b, const char *s, size_t n) {
  buf_u32(b, (uint32_t)n);
  buf_bytes(b, s, n);
}
void buf_free(struct buf *b) {
  free(b->d);
  b->d = NULL;
  b->len = b->cap = 0;
}

static size_t hash(const char *s, size_t n) {
  size_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

bool nametab_get(const struct nametab *t, const char *name, size_t len, uint32_t *idx) {
  if (!t->cap) return false;
  for (size_t i = hash(name, len) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
    struct nameent *e = &t->slots[i];
    if (!e->name) return false;
    if (e->len == len && memcmp(e->name, name, len) == 0) { *idx = e->idx; return true; }
  }
}

bool nametab_add(struct nametab *t, const char *name, size_t len, uint32_t idx) {
  uint32_t dummy;
  if (nametab_get(t, name, len, &dummy)) return false;
  if ((t->count + 1) * 2 > t->cap) {
    size_t nc = t->cap ? t->cap * 2 : 16;
    struct nameent *ns = rc_calloc(nc, sizeof *ns);
    for (size_t i = 0; i < t->cap; i++) {
      struct nameent *e = &t->slots[i];
      if (!e->name) continue;
      size_t j = hash(e->name, e->len) & (nc - 1);
      while (ns[j].name) j = (j + 1) & (nc - 1);
      ns[j] = *e;
    }
    free(t->slots);
    t->slots = ns;
    t->cap = nc;
  }
  size_t j = hash(name, len) & (t->cap - 1);
  while (t->slots[j].name) j = (j + 1) & (t->cap - 1);
  t->slots[j].name = rc_strndup(name, len);
  t->slots[j].len = len;
  t->slots[j].idx = idx;
  t->count++;
  return true;
}

void nametab_free(struct nametab *t) {
  for (size_t i = 0; i < t->cap; i++) free(t->slots[i].name);
  free(t->slots);
  memset(t, 0, sizeof *t);
}
