#include "util/common.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void oom(size_t n) {
  fprintf(stderr, "reclaim: host out of memory allocating %zu bytes\n", n);
  abort();
}

void *rc_malloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) oom(n);
  return p;
}

void *rc_calloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p) oom(count * size);
  return p;
}

void *rc_realloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) oom(n);
  return q;
}

char *rc_strdup(const char *s) { return rc_strndup(s, strlen(s)); }

char *rc_strndup(const char *s, size_t n) {
  char *d = rc_malloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

bool rc_fail(struct rc_error *err, enum rc_errkind kind, int64_t offset,
             const char *fmt, ...) {
  if (!err) return false;
  err->kind = kind;
  err->offset = offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  return false;
}

void rc_error_clear(struct rc_error *err) {
  memset(err, 0, sizeof *err);
  err->offset = RC_NO_OFFSET;
  err->func = RC_NO_FUNC;
}

const char *rc_errkind_name(enum rc_errkind kind) {
  switch (kind) {
  case RC_OK: return "ok";
  case RC_ERR_MALFORMED: return "malformed";
  case RC_ERR_INVALID: return "invalid";
  case RC_ERR_LINK: return "link error";
  case RC_ERR_TRAP: return "trap";
  case RC_ERR_EXHAUSTION: return "exhaustion";
  case RC_ERR_EXCEPTION: return "uncaught exception";
  case RC_ERR_EXIT: return "exit";
  case RC_ERR_IO: return "i/o error";
  case RC_ERR_OOM: return "out of resources";
  case RC_ERR_USAGE: return "usage error";
  }
  return "error";
}
