/* The engine-wide type store. Every defined type of every module is
 * canonicalised here: rec groups are compared iso-recursively (same shape,
 * same finality and supertypes, references into the group compared by
 * relative position, references outside by canonical id), so structurally
 * equivalent types from different modules get one canonical id, and type
 * equality anywhere in the runtime is id equality.
 *
 * After canonicalisation every valtype handled by the validator and the
 * runtime is *canonical*: a concrete heap type is a canonical id, not a
 * module-local index (see types_canon_valtype).
 *
 * Each canonical type has a typeinfo: its structure with canonical ids, its
 * supertype chain (subtype test = one bounds check and one load), and for
 * struct and array types the field layout the GC and interpreter use.
 *
 * Canonical ids are odd for function types and even for struct and array
 * types (0 is never an id), so the hierarchy of a concrete reference is
 * known from the valtype alone (types_ref_traced, types_heap_top). Ids are
 * not dense: types_get returns NULL for an unused id. */
#ifndef RECLAIM_TYPESTORE_H
#define RECLAIM_TYPESTORE_H

#include "binary/module.h"

/* Kinds of object a typeinfo can describe. TI_HOST and TI_EXN describe
 * runtime-internal GC objects (boxed host values for externref/anyref, and
 * exception packages); they have no Wasm type. */
enum ti_kind { TI_FUNC = COMP_FUNC, TI_STRUCT = COMP_STRUCT, TI_ARRAY = COMP_ARRAY, TI_HOST, TI_EXN };

struct typeinfo {
  uint32_t id;                  /* canonical id */
  enum ti_kind kind;
  bool final;
  struct comptype comp;         /* with canonical heap types */
  uint32_t depth;               /* number of proper supertypes */
  const struct typeinfo **supers; /* supers[0..depth]: root first, supers[depth] == this */

  /* Layout of struct fields / array elements in the object payload (the
   * bytes after the GC header). Fields are naturally aligned. */
  uint32_t payload_size;        /* struct: bytes of all fields */
  uint32_t *field_offsets;      /* struct: per field, from the payload start */
  uint32_t nrefs;               /* struct: number of fields the GC must trace */
  uint32_t *ref_offsets;        /* struct: offsets of traced reference fields */
  uint32_t elem_size;           /* array: bytes per element (1, 2, 4, 8 or 16) */
  bool elem_traced;             /* array: elements are references the GC traces */

  /* Function types: value-slot counts (v128 takes 2 slots). */
  uint32_t param_slots, result_slots;
};

/* A reference field or element is traced iff its heap type is in the any,
 * extern or exn hierarchy (function references are not GC objects). */
bool types_ref_traced(valtype canonical_type);

struct typestore;
struct typestore *typestore_new(void);
void typestore_free(struct typestore *ts);

/* Canonicalise every rec group of m in order, setting m->types[i].canon.
 * Assumes indices in the type section are in range (the validator checks
 * that before calling, and checks supertype declarations after). */
bool types_canonicalize(struct typestore *ts, struct module *m, struct rc_error *err);

const struct typeinfo *types_get(const struct typestore *ts, uint32_t canon);

/* Map a module-local valtype/heaptype to its canonical form. */
valtype types_canon_valtype(const struct module *m, valtype t);
heaptype types_canon_heaptype(const struct module *m, heaptype ht);

/* Subtyping on canonical types. */
bool types_heap_sub(const struct typestore *ts, heaptype a, heaptype b);
bool types_val_sub(const struct typestore *ts, valtype a, valtype b);
/* Canonical id subtype test: is a <: b ? */
static inline bool types_id_sub(const struct typeinfo *a, const struct typeinfo *b) {
  return b->depth <= a->depth && a->supers[b->depth] == b;
}
/* Top of the hierarchy of a canonical heap type: HT_ANY, HT_FUNC, HT_EXTERN or HT_EXN. */
heaptype types_heap_top(const struct typestore *ts, heaptype ht);

#endif
