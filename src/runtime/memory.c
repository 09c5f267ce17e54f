/* Linear memories. The bytes are one malloc'd block resized on growth; the
 * maximum is never reserved up front (modules declare maxima of 4 GiB and
 * more). Invariant: data holds size bytes, all of them initialised (zero
 * unless written), and size == pages * RC_PAGE_SIZE <= max_pages * RC_PAGE_SIZE. */
#include "runtime/rt.h"

#include <stdlib.h>

/* Spec limits in pages: 2^16 for i32 addresses, 2^48 for i64 addresses
 * (capped one page lower so the byte size fits in 64 bits). */
#define MEM32_SPEC_PAGES (1ull << 16)
#define MEM64_SPEC_PAGES ((1ull << 48) - 1)

/* Above this many bytes a grow that more than doubles the memory allocates
 * fresh zeroed (lazily committed) memory and copies, instead of realloc and
 * touching every new page with memset. */
#define FRESH_ALLOC_THRESHOLD (1u << 20)

static uint64_t effective_max_pages(const struct store *s, const struct limits *type) {
  uint64_t max = type->is64 ? MEM64_SPEC_PAGES : MEM32_SPEC_PAGES;
  if (type->has_max && type->max < max) max = type->max;
  if (s->config.max_memory_bytes) {
    uint64_t cfg = s->config.max_memory_bytes / RC_PAGE_SIZE;
    if (cfg < max) max = cfg;
  }
  if ((uint64_t)SIZE_MAX / RC_PAGE_SIZE < max) max = (uint64_t)SIZE_MAX / RC_PAGE_SIZE;
  return max;
}

struct meminst *meminst_new(struct store *s, const struct limits *type, struct rc_error *err) {
  uint64_t max_pages = effective_max_pages(s, type);
  if (type->min > max_pages) {
    rc_fail(err, RC_ERR_OOM, RC_NO_OFFSET, "memory size %llu pages exceeds the limit of %llu pages",
            (unsigned long long)type->min, (unsigned long long)max_pages);
    return NULL;
  }
  size_t bytes = (size_t)(type->min * RC_PAGE_SIZE);
  uint8_t *data = calloc(bytes ? bytes : 1, 1);
  if (!data) {
    rc_fail(err, RC_ERR_OOM, RC_NO_OFFSET, "out of memory allocating a memory of %llu pages",
            (unsigned long long)type->min);
    return NULL;
  }
  struct meminst *m = rc_calloc(1, sizeof *m);
  m->data = data;
  m->size = bytes;
  m->max_pages = max_pages;
  m->is64 = type->is64;
  m->type = *type;
  rc_vec_push(s->mems, m);
  return m;
}

int64_t meminst_grow(struct meminst *m, uint64_t delta) {
  uint64_t old_pages = m->size / RC_PAGE_SIZE;
  if (delta == 0) return (int64_t)old_pages;
  if (delta > m->max_pages - old_pages) return -1;
  size_t old_bytes = (size_t)m->size;
  size_t new_bytes = (size_t)((old_pages + delta) * RC_PAGE_SIZE);
  uint8_t *data;
  if (new_bytes >= FRESH_ALLOC_THRESHOLD && new_bytes - old_bytes > old_bytes) {
    data = calloc(new_bytes, 1);
    if (!data) return -1;
    memcpy(data, m->data, old_bytes);
    free(m->data);
  } else {
    data = realloc(m->data, new_bytes);
    if (!data) return -1;
    memset(data + old_bytes, 0, new_bytes - old_bytes);
  }
  m->data = data;
  m->size = new_bytes;
  return (int64_t)old_pages;
}
