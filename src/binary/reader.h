/* A bounds-checked cursor over bytes, with the LEB128 and value-type readers
 * every part of decoding needs. All readers fail with RC_ERR_MALFORMED and
 * the spec's wording ("unexpected end", "integer representation too long",
 * "integer too large", "malformed reference type"...) at the byte offset where the
 * problem is. Non-minimal LEB128 encodings are accepted where the spec allows. */
#ifndef RECLAIM_READER_H
#define RECLAIM_READER_H

#include "types/valtype.h"
#include "util/error.h"

struct reader {
  const uint8_t *base; /* start of the whole module: offsets are relative to it */
  size_t pos, end;
};

static inline size_t rd_offset(const struct reader *r) { return r->pos; }
static inline bool rd_eof(const struct reader *r) { return r->pos >= r->end; }

bool rd_u8(struct reader *r, uint8_t *out, struct rc_error *err);
bool rd_u32(struct reader *r, uint32_t *out, struct rc_error *err);
bool rd_u64(struct reader *r, uint64_t *out, struct rc_error *err);
bool rd_s32(struct reader *r, int32_t *out, struct rc_error *err);
bool rd_s33(struct reader *r, int64_t *out, struct rc_error *err);
bool rd_s64(struct reader *r, int64_t *out, struct rc_error *err);
bool rd_bytes(struct reader *r, size_t n, const uint8_t **out, struct rc_error *err);
/* Peek at the next byte without consuming it; false at the end. */
bool rd_peek(const struct reader *r, uint8_t *out);
/* A u32 length or count that must not exceed the bytes left counted from the
 * start of the length itself ("length out of bounds"), as the spec's decoder
 * checks it; the caller still bounds-checks what it then reads. */
bool rd_len(struct reader *r, uint32_t *out, struct rc_error *err);
/* Value types, heap types and reference types, including all shorthands. */
bool rd_valtype(struct reader *r, valtype *out, struct rc_error *err);
bool rd_heaptype(struct reader *r, heaptype *out, struct rc_error *err);
bool rd_reftype(struct reader *r, valtype *out, struct rc_error *err);
/* A field storage type: a value type or the packed VT_I8 / VT_I16. */
bool rd_storagetype(struct reader *r, valtype *out, struct rc_error *err);

#endif
