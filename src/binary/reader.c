/* Bounds-checked byte reading, LEB128 and value types, with the spec's
 * error messages. The LEB128 rules follow the spec's binary format: at most
 * ceil(N/7) bytes ("integer representation too long"), and the unused bits of
 * the last byte must be zero (unsigned) or copies of the sign bit (signed),
 * else "integer too large". Non-minimal encodings are otherwise fine. */
#include "binary/reader.h"

static bool eof_error(struct reader *r, struct rc_error *err) {
  return rc_fail(err, RC_ERR_MALFORMED, (int64_t)r->end, "unexpected end");
}

bool rd_u8(struct reader *r, uint8_t *out, struct rc_error *err) {
  if (r->pos >= r->end) return eof_error(r, err);
  *out = r->base[r->pos++];
  return true;
}

bool rd_peek(const struct reader *r, uint8_t *out) {
  if (r->pos >= r->end) return false;
  *out = r->base[r->pos];
  return true;
}

/* Unsigned LEB128 of at most `bits` bits. */
static bool rd_uleb(struct reader *r, unsigned bits, uint64_t *out, struct rc_error *err) {
  uint64_t v = 0;
  unsigned shift = 0;
  for (;;) {
    if (shift >= bits)
      return rc_fail(err, RC_ERR_MALFORMED, (int64_t)r->pos, "integer representation too long");
    uint8_t b = 0;
    if (!rd_u8(r, &b, err)) return false;
    unsigned left = bits - shift; /* value bits this byte may still carry */
    if (left < 7 && (b & 0x7F) >> left)
      return rc_fail(err, RC_ERR_MALFORMED, (int64_t)r->pos - 1, "integer too large");
    v |= (uint64_t)(b & 0x7F) << shift;
    shift += 7;
    if (!(b & 0x80)) break;
  }
  *out = v;
  return true;
}

/* Signed LEB128 of at most `bits` bits, sign-extended to 64. */
static bool rd_sleb(struct reader *r, unsigned bits, int64_t *out, struct rc_error *err) {
  uint64_t v = 0;
  unsigned shift = 0;
  uint8_t b = 0;
  for (;;) {
    if (shift >= bits)
      return rc_fail(err, RC_ERR_MALFORMED, (int64_t)r->pos, "integer representation too long");
    if (!rd_u8(r, &b, err)) return false;
    unsigned left = bits - shift;
    if (left < 7) {
      /* bits left-1 .. 6 must all equal the sign bit */
      uint8_t mask = (uint8_t)((0x7F << (left - 1)) & 0x7F);
      if ((b & mask) != 0 && (b & mask) != mask)
        return rc_fail(err, RC_ERR_MALFORMED, (int64_t)r->pos - 1, "integer too large");
    }
    v |= (uint64_t)(b & 0x7F) << shift;
    shift += 7;
    if (!(b & 0x80)) break;
  }
  if (shift < 64 && (b & 0x40)) v |= ~(uint64_t)0 << shift;
  *out = (int64_t)v;
  return true;
}

bool rd_u32(struct reader *r, uint32_t *out, struct rc_error *err) {
  uint64_t v;
  if (!rd_uleb(r, 32, &v, err)) return false;
  *out = (uint32_t)v;
  return true;
}

bool rd_u64(struct reader *r, uint64_t *out, struct rc_error *err) { return rd_uleb(r, 64, out, err); }

bool rd_s32(struct reader *r, int32_t *out, struct rc_error *err) {
  int64_t v;
  if (!rd_sleb(r, 32, &v, err)) return false;
  *out = (int32_t)v;
  return true;
}

bool rd_s33(struct reader *r, int64_t *out, struct rc_error *err) { return rd_sleb(r, 33, out, err); }
bool rd_s64(struct reader *r, int64_t *out, struct rc_error *err) { return rd_sleb(r, 64, out, err); }

bool rd_bytes(struct reader *r, size_t n, const uint8_t **out, struct rc_error *err) {
  if (n > r->end - r->pos) {
    r->pos = r->end;
    return eof_error(r, err);
  }
  *out = r->base + r->pos;
  r->pos += n;
  return true;
}

/* As in the spec's reference decoder, the bound includes the length's own
 * bytes, so a count one past the data left fails later with "unexpected end". */
bool rd_len(struct reader *r, uint32_t *out, struct rc_error *err) {
  size_t at = r->pos;
  if (!rd_u32(r, out, err)) return false;
  if (*out > r->end - at)
    return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at, "length out of bounds");
  return true;
}

/* Abstract heap types are single negative bytes 0x69..0x74. */
static bool abstract_heap_byte(uint8_t b) { return b >= 0x69 && b <= 0x74; }

bool rd_heaptype(struct reader *r, heaptype *out, struct rc_error *err) {
  size_t at = r->pos;
  uint8_t b = 0;
  if (!rd_peek(r, &b)) return eof_error(r, err);
  if ((b & 0xC0) == 0x40) { /* one-byte negative s33: an abstract type */
    r->pos++;
    if (!abstract_heap_byte(b))
      return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at, "malformed heap type");
    *out = HT_ABS | b;
    return true;
  }
  int64_t idx;
  if (!rd_s33(r, &idx, err)) return false;
  if (idx < 0) /* a multi-byte negative: not an abstract type's one-byte s7 */
    return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at + 1, "integer representation too long");
  /* Indices that do not fit the valtype encoding are out of range for any
   * module the decoder accepts; clamp so the validator reports "unknown type". */
  *out = idx >= (int64_t)HT_ABS ? HT_ABS - 1 : (heaptype)idx;
  return true;
}

/* The reference part of a value type whose first byte b was already read. */
static bool ref_after_byte(struct reader *r, uint8_t b, size_t at, valtype *out,
                           const char *msg, struct rc_error *err) {
  if (abstract_heap_byte(b)) {
    *out = VT_REF(HT_ABS | b, 1);
    return true;
  }
  if (b == 0x63 || b == 0x64) {
    heaptype ht;
    if (!rd_heaptype(r, &ht, err)) return false;
    *out = VT_REF(ht, b == 0x63);
    return true;
  }
  if (b & 0x80) /* these bytes are one-byte s7 LEB128s in the spec's grammar */
    return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at + 1, "integer representation too long");
  return rc_fail(err, RC_ERR_MALFORMED, (int64_t)at, "%s", msg);
}

bool rd_reftype(struct reader *r, valtype *out, struct rc_error *err) {
  size_t at = r->pos;
  uint8_t b = 0;
  if (!rd_u8(r, &b, err)) return false;
  return ref_after_byte(r, b, at, out, "malformed reference type", err);
}

bool rd_valtype(struct reader *r, valtype *out, struct rc_error *err) {
  size_t at = r->pos;
  uint8_t b = 0;
  if (!rd_u8(r, &b, err)) return false;
  if (b >= VT_V128 && b <= VT_I32) {
    *out = b;
    return true;
  }
  /* the spec's decoder tries number, vector, then reference types and
   * reports the last failure */
  return ref_after_byte(r, b, at, out, "malformed reference type", err);
}

bool rd_storagetype(struct reader *r, valtype *out, struct rc_error *err) {
  uint8_t b = 0;
  if (rd_peek(r, &b) && (b == VT_I8 || b == VT_I16)) {
    r->pos++;
    *out = b;
    return true;
  }
  size_t at = r->pos;
  if (rd_valtype(r, out, err)) return true;
  if (err && strcmp(err->msg, "malformed reference type") == 0)
    rc_fail(err, RC_ERR_MALFORMED, (int64_t)at, "malformed storage type");
  return false;
}
