/* One error value for every layer: what kind, the message (the spec's wording
 * where the spec has one), and where: byte offset for binaries, function and
 * instruction offset for validation, file:line:col for text. */
#ifndef RECLAIM_ERROR_H
#define RECLAIM_ERROR_H

#include "util/common.h"

enum rc_errkind {
  RC_OK = 0,
  RC_ERR_MALFORMED,  /* decoding or parsing failed */
  RC_ERR_INVALID,    /* validation failed */
  RC_ERR_LINK,       /* import resolution failed ("unknown import", "incompatible import type") */
  RC_ERR_TRAP,       /* a Wasm trap */
  RC_ERR_EXHAUSTION, /* call stack exhausted */
  RC_ERR_EXCEPTION,  /* an uncaught Wasm exception */
  RC_ERR_EXIT,       /* WASI proc_exit; code in rc_error.exit_code */
  RC_ERR_IO,         /* file or host I/O */
  RC_ERR_OOM,        /* a resource limit (GC heap, memory, table) could not be met */
  RC_ERR_USAGE,      /* bad arguments, misused API handle */
};

#define RC_NO_OFFSET ((int64_t)-1)
#define RC_NO_FUNC UINT32_MAX

struct rc_error {
  enum rc_errkind kind;
  char msg[320];
  int64_t offset;    /* byte offset in the module or source, or RC_NO_OFFSET */
  uint32_t func;     /* function index for validation errors, or RC_NO_FUNC */
  uint32_t line, col;/* for text sources; 0 when unknown */
  int exit_code;     /* for RC_ERR_EXIT */
};

/* Set err (if not NULL) and return false, so callers can `return rc_fail(...)`. */
bool rc_fail(struct rc_error *err, enum rc_errkind kind, int64_t offset,
             const char *fmt, ...) RC_PRINTF(4, 5);
void rc_error_clear(struct rc_error *err);
const char *rc_errkind_name(enum rc_errkind kind);

#endif
