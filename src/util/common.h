/* Shared basics for every layer: fixed-width types, small helpers, allocation
 * wrappers that abort only on host OOM (guest OOM is reported, never aborts). */
#ifndef RECLAIM_COMMON_H
#define RECLAIM_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define RC_MIN(a, b) ((a) < (b) ? (a) : (b))
#define RC_MAX(a, b) ((a) > (b) ? (a) : (b))

#if defined(__GNUC__)
#define RC_LIKELY(x) __builtin_expect(!!(x), 1)
#define RC_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define RC_NORETURN __attribute__((noreturn))
#define RC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RC_LIKELY(x) (x)
#define RC_UNLIKELY(x) (x)
#define RC_NORETURN
#define RC_PRINTF(f, a)
#endif

/* Host-memory allocation. These never return NULL: a host out-of-memory is
 * not recoverable for the runtime's own bookkeeping. Guest-controlled sizes
 * (memories, tables, GC heap) go through checked paths that report errors. */
void *rc_malloc(size_t n);
void *rc_calloc(size_t count, size_t size);
void *rc_realloc(void *p, size_t n);
char *rc_strdup(const char *s);
char *rc_strndup(const char *s, size_t n);

/* Growable array of T: RC_VEC(T) v = {0}; rc_vec_push(v, x); ... free(v.data) */
#define RC_VEC(T) struct { T *data; size_t len, cap; }
#define rc_vec_reserve(v, n)                                                   \
  do {                                                                         \
    if ((v).len + (n) > (v).cap) {                                             \
      size_t nc_ = (v).cap ? (v).cap * 2 : 8;                                  \
      while (nc_ < (v).len + (n)) nc_ *= 2;                                    \
      (v).data = rc_realloc((v).data, nc_ * sizeof(*(v).data));                \
      (v).cap = nc_;                                                           \
    }                                                                          \
  } while (0)
#define rc_vec_push(v, x)                                                      \
  do {                                                                         \
    rc_vec_reserve(v, 1);                                                      \
    (v).data[(v).len++] = (x);                                                 \
  } while (0)
#define rc_vec_free(v)                                                         \
  do {                                                                         \
    free((v).data);                                                            \
    (v).data = NULL;                                                           \
    (v).len = (v).cap = 0;                                                     \
  } while (0)

#endif
