/* GC object layout and reference words.
 *
 * A reference value is one 64-bit word (rc_ref):
 *   0                       null (of any type)
 *   low bit 1               i31ref: the 31-bit value is (word >> 1) as int32 bits
 *   otherwise, by static type:
 *     any/eq/struct/array/extern/exn hierarchies: a pointer to a struct gc_obj
 *     func hierarchy: a pointer to a struct funcinst (owned by the store, not
 *                     the GC heap; never traced)
 * The any and extern hierarchies share one representation, so
 * any.convert_extern and extern.convert_any change nothing at run time: a host
 * value (externref from the embedder) is a GC object of kind TI_HOST.
 *
 * Every GC object starts with a gc_obj header; the payload follows, laid out
 * by its typeinfo (types/typestore.h). */
#ifndef RECLAIM_GC_OBJECT_H
#define RECLAIM_GC_OBJECT_H

#include "types/typestore.h"

typedef uint64_t rc_ref;

#define REF_NULL ((rc_ref)0)
#define REF_IS_I31(r) (((r) & 1u) != 0)
#define REF_FROM_I31(v) ((((rc_ref)(uint32_t)(v) << 1) & 0xFFFFFFFFull) | 1u)
#define REF_I31_U(r) ((uint32_t)((r) >> 1) & 0x7FFFFFFFu)
#define REF_I31_S(r) ((int32_t)((uint32_t)((r) << 32 >> 32) << 0) >> 1)

struct gc_obj {
  const struct typeinfo *ti;
  uint32_t gcbits;  /* owned by the collector */
  uint32_t len;     /* arrays: number of elements */
};

#define GC_PAYLOAD(o) ((uint8_t *)(o) + sizeof(struct gc_obj))
#define REF_OBJ(r) ((struct gc_obj *)(uintptr_t)(r))
#define OBJ_REF(o) ((rc_ref)(uintptr_t)(o))

/* Host value box (TI_HOST): payload is one uint64_t host value. */
#define HOSTBOX_VALUE(o) (*(uint64_t *)GC_PAYLOAD(o))

#endif
