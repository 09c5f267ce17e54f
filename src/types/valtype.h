/* Value types and heap types as 32-bit words.
 *
 *   bits 0..7   type code: the binary encoding's byte (0x7F i32 ... 0x7B v128,
 *               0x78 i8 and 0x77 i16 for packed storage, 0x64 for references)
 *   bit  8      nullable (references only)
 *   bits 9..31  heap type (references only): a concrete type index (< HT_ABS)
 *               or an abstract heap type HT_ABS | its binary byte.
 *
 * In a decoded module a concrete heap type is a module-local type index; the
 * type store (types/typestore.h) maps it to an engine-wide canonical id.
 * Shorthands like `funcref` decode to VT_REF(HT_FUNC, true). */
#ifndef RECLAIM_VALTYPE_H
#define RECLAIM_VALTYPE_H

#include "util/common.h"

typedef uint32_t valtype;
typedef uint32_t heaptype;

enum {
  VT_I32 = 0x7F,
  VT_I64 = 0x7E,
  VT_F32 = 0x7D,
  VT_F64 = 0x7C,
  VT_V128 = 0x7B,
  VT_I8 = 0x78,  /* packed storage type (struct/array fields only) */
  VT_I16 = 0x77, /* packed storage type */
  VT_REFCODE = 0x64,
};

#define HT_ABS 0x7FFF00u
enum {
  HT_NOEXN = HT_ABS | 0x74,
  HT_NOFUNC = HT_ABS | 0x73,
  HT_NOEXTERN = HT_ABS | 0x72,
  HT_NONE = HT_ABS | 0x71,
  HT_FUNC = HT_ABS | 0x70,
  HT_EXTERN = HT_ABS | 0x6F,
  HT_ANY = HT_ABS | 0x6E,
  HT_EQ = HT_ABS | 0x6D,
  HT_I31 = HT_ABS | 0x6C,
  HT_STRUCT = HT_ABS | 0x6B,
  HT_ARRAY = HT_ABS | 0x6A,
  HT_EXN = HT_ABS | 0x69,
};

#define VT_CODE(t) ((t) & 0xFFu)
#define VT_IS_REF(t) (VT_CODE(t) == VT_REFCODE)
#define VT_NULLABLE(t) (((t) >> 8) & 1u)
#define VT_HEAP(t) ((heaptype)((t) >> 9))
#define VT_REF(ht, nullable) ((valtype)(VT_REFCODE | ((nullable) ? 0x100u : 0u) | ((uint32_t)(ht) << 9)))
#define HT_IS_CONCRETE(ht) ((ht) < HT_ABS)

/* Common shorthands. */
#define VT_FUNCREF VT_REF(HT_FUNC, 1)
#define VT_EXTERNREF VT_REF(HT_EXTERN, 1)
#define VT_ANYREF VT_REF(HT_ANY, 1)
#define VT_EXNREF VT_REF(HT_EXN, 1)

/* The text-format word of an abstract heap type ("func", "none", ...), or
 * NULL for a concrete one. */
const char *heaptype_word(heaptype ht);

/* Write t in WAT syntax: i32, i8, funcref, nullref, (ref any), (ref null $3).
 * A concrete heap type is written as $N, with N = name(ud, ht) when name is
 * given (e.g. a canonical id mapped back to a module's type index), else ht. */
void valtype_format(char *buf, size_t n, valtype t, uint32_t (*name)(void *ud, heaptype ht),
                    void *ud);

/* Number of 8-byte value slots a value of this type occupies (v128: 2). */
static inline uint32_t vt_slots(valtype t) { return VT_CODE(t) == VT_V128 ? 2 : 1; }

#endif
