/* Guest-memory access for WASI host functions. Every guest pointer and length
 * is checked against the memory's current size before use (a bad one makes
 * the call return EFAULT, never a host crash), and every load and store goes
 * through memcpy-free byte assembly, so unaligned guest structs are fine and
 * the layout is little endian whatever the host. */
#ifndef RECLAIM_WASI_MEM_H
#define RECLAIM_WASI_MEM_H

#include "runtime/rt.h"

struct wmem {
  uint8_t *base;
  uint64_t size;
};

/* The calling instance's memory 0; size 0 (so every access faults) if the
 * caller has none. */
static inline struct wmem wmem_of(struct hostcall *call) {
  struct wmem m = {NULL, 0};
  if (call && call->caller && call->caller->nmems > 0 && call->caller->mems[0]) {
    m.base = call->caller->mems[0]->data;
    m.size = call->caller->mems[0]->size;
  }
  return m;
}

/* [ptr, ptr+len) lies inside memory. */
static inline bool wm_ok(const struct wmem *m, uint32_t ptr, uint64_t len) {
  return len <= m->size && (uint64_t)ptr <= m->size - len;
}
static inline uint8_t *wm_ptr(const struct wmem *m, uint32_t ptr) { return m->base + ptr; }

static inline uint16_t wm_ld16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t wm_ld32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t wm_ld64(const uint8_t *p) {
  return (uint64_t)wm_ld32(p) | ((uint64_t)wm_ld32(p + 4) << 32);
}
static inline void wm_st8(uint8_t *p, uint8_t v) { p[0] = v; }
static inline void wm_st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void wm_st32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void wm_st64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* Checked stores of a scalar result: false if out of bounds. */
static inline bool wm_put32(const struct wmem *m, uint32_t ptr, uint32_t v) {
  if (!wm_ok(m, ptr, 4)) return false;
  wm_st32(wm_ptr(m, ptr), v);
  return true;
}
static inline bool wm_put64(const struct wmem *m, uint32_t ptr, uint64_t v) {
  if (!wm_ok(m, ptr, 8)) return false;
  wm_st64(wm_ptr(m, ptr), v);
  return true;
}

/* Guest iovec/ciovec array (n entries at iovs) -> host iovecs, every buffer
 * bounds-checked (WE_FAULT otherwise). Uses `small` when n <= nsmall, else
 * allocates (free *out when it is not small). At most IOV_MAX entries are
 * taken: a short transfer is a valid answer. Defined in wasi_fd.c. */
struct iovec;
uint16_t wasi_iovs(const struct wmem *m, uint32_t iovs, uint32_t n, struct iovec *small,
                   int nsmall, struct iovec **out, int *count);

/* Argument slots: i32 params are the low 32 bits of their slot. */
#define ARG32(i) ((uint32_t)slots[i])
#define ARG64(i) ((uint64_t)slots[i])
/* Return an errno result from a host function. */
#define WRET(e)                                                                \
  do {                                                                         \
    slots[0] = (uint64_t)(uint16_t)(e);                                        \
    return true;                                                               \
  } while (0)
#define WCTX ((struct wasi_ctx *)call->env)

#endif
