/* UTF-8 validation for names, and the "name" custom section. The name
 * section is a custom section, so a broken one is ignored (the spec says
 * custom section errors must not make a module fail to decode). */
#include "binary/decode_internal.h"

#include <stdlib.h>

/* Well-formed UTF-8 per the Unicode standard: no overlong forms, no
 * surrogates, nothing above U+10FFFF. */
bool utf8_valid(const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = p[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    uint32_t min, cp;
    if ((c & 0xE0) == 0xC0) len = 2, min = 0x80, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000, cp = c & 0x07;
    else return false;
    if (n - i < len) return false;
    for (size_t k = 1; k < len; k++) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

static bool name_at(struct reader *r, struct name *out) {
  uint32_t n;
  const uint8_t *p;
  if (!rd_len(r, &n, NULL) || !rd_bytes(r, n, &p, NULL) || !utf8_valid(p, n)) return false;
  out->data = rc_strndup((const char *)p, n);
  out->len = n;
  return true;
}

static int cmp_assoc(const void *a, const void *b) {
  uint32_t x = ((const struct name_assoc *)a)->index, y = ((const struct name_assoc *)b)->index;
  return x < y ? -1 : x > y;
}

static void free_names(struct module *m) {
  free(m->module_name.data);
  m->module_name.data = NULL;
  m->module_name.len = 0;
  for (uint32_t i = 0; i < m->nfunc_names; i++) free(m->func_names[i].name.data);
  free(m->func_names);
  m->func_names = NULL;
  m->nfunc_names = 0;
}

static bool parse_names(struct module *m, const uint8_t *base, size_t start, size_t end) {
  struct reader r = {base, start, end};
  while (!rd_eof(&r)) {
    uint8_t id;
    uint32_t size;
    if (!rd_u8(&r, &id, NULL) || !rd_len(&r, &size, NULL)) return false;
    if (size > r.end - r.pos) return false;
    struct reader sub = {base, r.pos, r.pos + size};
    r.pos += size;
    if (id == 0 && !m->module_name.data) {
      if (!name_at(&sub, &m->module_name)) return false;
    } else if (id == 1 && !m->func_names) {
      uint32_t n;
      if (!rd_len(&sub, &n, NULL)) return false;
      m->func_names = rc_calloc(n ? n : 1, sizeof *m->func_names);
      for (uint32_t i = 0; i < n; i++) {
        struct name_assoc *a = &m->func_names[i];
        if (!rd_u32(&sub, &a->index, NULL) || !name_at(&sub, &a->name)) return false;
        m->nfunc_names = i + 1;
      }
    } else {
      continue; /* local names, type names, ...: not needed yet */
    }
    if (!rd_eof(&sub)) return false;
  }
  return true;
}

void dec_name_section(struct module *m, const uint8_t *base, size_t start, size_t end) {
  if (m->module_name.data || m->func_names) return; /* only the first name section counts */
  if (!parse_names(m, base, start, end)) {
    free_names(m);
    return;
  }
  qsort(m->func_names, m->nfunc_names, sizeof *m->func_names, cmp_assoc);
}

const struct name *module_func_name(const struct module *m, uint32_t idx) {
  size_t lo = 0, hi = m->nfunc_names;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    uint32_t x = m->func_names[mid].index;
    if (x == idx) return &m->func_names[mid].name;
    if (x < idx) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}
