/* WAT (WebAssembly text format) to binary. Covers the Wasm 3.0 text syntax
 * (GC, typed references, tail calls, exceptions, SIMD, memory64, multi-memory)
 * plus the legacy exception instructions (try/catch/catch_all/rethrow/delegate). */
#ifndef RECLAIM_TEXT_WAT_H
#define RECLAIM_TEXT_WAT_H

#include "util/common.h"
#include "util/error.h"

/* Encode one module. src is either `(module $id? field*)` or a bare list of
 * module fields. On success *out is a malloc'd binary (caller frees). On
 * failure returns false; err has kind RC_ERR_MALFORMED, line/col, and a
 * message "filename:line:col: <spec wording>" (e.g. "unknown operator"). */
bool wat_to_wasm(const char *src, size_t len, const char *filename,
                 uint8_t **out, size_t *out_len, struct rc_error *err);

#endif
