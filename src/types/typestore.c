/* The type store: hash-consing of rec groups and the subtyping relation.
 *
 * A rec group is identified by a key of 32-bit words describing each of its
 * types (kind, finality, supertype, fields or params/results). A heap type
 * inside the key is an abstract code, 0x80000000 | position for a reference
 * into the group itself, or the canonical id of an earlier type. Two groups
 * are iso-recursively equivalent iff their keys are equal, so lookup is a
 * hash table of keys.
 *
 * Canonical ids encode the hierarchy in their parity: function types get
 * odd ids, struct and array types even ids. That lets types_ref_traced
 * decide from a valtype alone whether a concrete reference is a GC object. */
#include "types/typestore_internal.h"

#include <stdlib.h>

#define KEY_REL 0x80000000u

struct group {
  uint32_t *key;
  uint32_t keylen;
  uint32_t n;
  uint32_t *ids;  /* canonical id of each member */
  uint64_t hash;
};

struct typestore {
  RC_VEC(struct typeinfo *) byid; /* index = canonical id; holes are NULL */
  RC_VEC(struct group) groups;
  uint32_t *slots;                /* open addressing: group index + 1, 0 = empty */
  size_t nslots;
  uint32_t next_func, next_data;  /* next odd / even id */
};

struct typestore *typestore_new(void) {
  struct typestore *ts = rc_calloc(1, sizeof *ts);
  ts->nslots = 64;
  ts->slots = rc_calloc(ts->nslots, sizeof *ts->slots);
  ts->next_func = 1;
  ts->next_data = 2; /* id 0 stays unused so that 0 is never a valid id */
  return ts;
}

void typestore_free(struct typestore *ts) {
  if (!ts) return;
  for (size_t i = 0; i < ts->byid.len; i++) typeinfo_free(ts->byid.data[i]);
  rc_vec_free(ts->byid);
  for (size_t i = 0; i < ts->groups.len; i++) {
    free(ts->groups.data[i].key);
    free(ts->groups.data[i].ids);
  }
  rc_vec_free(ts->groups);
  free(ts->slots);
  free(ts);
}

const struct typeinfo *types_get(const struct typestore *ts, uint32_t canon) {
  return canon < ts->byid.len ? ts->byid.data[canon] : NULL;
}

/* ---- keys ---- */

struct keybuf {
  RC_VEC(uint32_t) w;
  const struct module *m;
  uint32_t start, n; /* the group being encoded */
  bool bad;          /* a reference to a type not defined before the group ends */
};

static uint32_t key_heap(struct keybuf *k, heaptype ht) {
  if (!HT_IS_CONCRETE(ht)) return ht;
  if (ht >= k->start && ht - k->start < k->n) return KEY_REL | (ht - k->start);
  if (ht < k->start) return k->m->types[ht].canon;
  k->bad = true;
  return 0;
}

static void key_val(struct keybuf *k, valtype t, bool mut) {
  uint32_t head = VT_CODE(t) | (VT_IS_REF(t) ? VT_NULLABLE(t) << 8 : 0) | (uint32_t)mut << 9;
  rc_vec_push(k->w, head);
  rc_vec_push(k->w, VT_IS_REF(t) ? key_heap(k, VT_HEAP(t)) : 0);
}

static void key_type(struct keybuf *k, const struct subtype *st) {
  const struct comptype *c = &st->comp;
  rc_vec_push(k->w, (uint32_t)c->kind | (uint32_t)st->final << 8);
  rc_vec_push(k->w, st->super == UINT32_MAX ? UINT32_MAX : key_heap(k, st->super));
  switch (c->kind) {
  case COMP_FUNC:
    rc_vec_push(k->w, c->func.nparams);
    for (uint32_t i = 0; i < c->func.nparams; i++) key_val(k, c->func.params[i], false);
    rc_vec_push(k->w, c->func.nresults);
    for (uint32_t i = 0; i < c->func.nresults; i++) key_val(k, c->func.results[i], false);
    break;
  case COMP_STRUCT:
    rc_vec_push(k->w, c->st.nfields);
    for (uint32_t i = 0; i < c->st.nfields; i++) key_val(k, c->st.fields[i].type, c->st.fields[i].mut);
    break;
  case COMP_ARRAY: key_val(k, c->array.type, c->array.mut); break;
  }
}

static uint64_t hash_words(const uint32_t *w, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) {
    h ^= w[i];
    h *= 0x100000001b3ull;
    h ^= h >> 29;
  }
  return h;
}

static void table_insert(struct typestore *ts, uint32_t gi) {
  size_t mask = ts->nslots - 1, i = (size_t)ts->groups.data[gi].hash & mask;
  while (ts->slots[i]) i = (i + 1) & mask;
  ts->slots[i] = gi + 1;
}

static void table_grow(struct typestore *ts) {
  free(ts->slots);
  ts->nslots *= 2;
  ts->slots = rc_calloc(ts->nslots, sizeof *ts->slots);
  for (uint32_t g = 0; g < ts->groups.len; g++) table_insert(ts, g);
}

static struct group *table_find(struct typestore *ts, const uint32_t *key, uint32_t len, uint64_t h) {
  size_t mask = ts->nslots - 1;
  for (size_t i = (size_t)h & mask; ts->slots[i]; i = (i + 1) & mask) {
    struct group *g = &ts->groups.data[ts->slots[i] - 1];
    if (g->hash == h && g->keylen == len && memcmp(g->key, key, len * sizeof *key) == 0) return g;
  }
  return NULL;
}

/* ---- canonicalisation ---- */

static uint32_t alloc_id(struct typestore *ts, enum comp_kind kind) {
  uint32_t *next = kind == COMP_FUNC ? &ts->next_func : &ts->next_data;
  uint32_t id = *next;
  *next += 2;
  rc_vec_reserve(ts->byid, id + 1 - ts->byid.len);
  while (ts->byid.len <= id) ts->byid.data[ts->byid.len++] = NULL;
  return id;
}

/* Canonicalise one rec group m->types[start .. start+n). */
static bool canon_group(struct typestore *ts, struct module *m, uint32_t start, uint32_t n,
                        struct keybuf *k, struct rc_error *err) {
  k->w.len = 0;
  k->start = start;
  k->n = n;
  k->bad = false;
  rc_vec_push(k->w, n);
  for (uint32_t i = 0; i < n; i++) key_type(k, &m->types[start + i]);
  if (k->bad) return rc_fail(err, RC_ERR_INVALID, RC_NO_OFFSET, "unknown type");
  uint64_t h = hash_words(k->w.data, k->w.len);
  struct group *g = table_find(ts, k->w.data, (uint32_t)k->w.len, h);
  if (g) {
    for (uint32_t i = 0; i < n; i++) m->types[start + i].canon = g->ids[i];
    return true;
  }
  /* ids stay below HT_ABS so they fit a valtype's heap-type field */
  if (RC_MAX(ts->next_func, ts->next_data) + 2 * (uint64_t)n >= HT_ABS)
    return rc_fail(err, RC_ERR_OOM, RC_NO_OFFSET, "too many types in the type store");

  struct group ng = {0};
  ng.key = rc_malloc(k->w.len * sizeof *ng.key);
  memcpy(ng.key, k->w.data, k->w.len * sizeof *ng.key);
  ng.keylen = (uint32_t)k->w.len;
  ng.n = n;
  ng.hash = h;
  ng.ids = rc_malloc((n ? n : 1) * sizeof *ng.ids);
  for (uint32_t i = 0; i < n; i++) {
    ng.ids[i] = alloc_id(ts, m->types[start + i].comp.kind);
    m->types[start + i].canon = ng.ids[i];
  }
  /* Build the typeinfos: first structure (references into the group now
   * resolve through m->types[].canon), then supertype chains. */
  for (uint32_t i = 0; i < n; i++)
    ts->byid.data[ng.ids[i]] = typeinfo_new(ng.ids[i], m, &m->types[start + i]);
  for (uint32_t i = 0; i < n; i++) typeinfo_link_supers(ts, m, start, n, i);

  rc_vec_push(ts->groups, ng);
  if (ts->groups.len * 2 > ts->nslots) table_grow(ts);
  else table_insert(ts, (uint32_t)ts->groups.len - 1);
  return true;
}

bool types_canonicalize(struct typestore *ts, struct module *m, struct rc_error *err) {
  struct keybuf k = {0};
  k.m = m;
  bool ok = true;
  for (uint32_t i = 0; i < m->ntypes && ok;) {
    const struct subtype *st = &m->types[i];
    uint32_t n = st->rec_len;
    if (st->rec_start != i || n == 0 || n > m->ntypes - i) {
      ok = rc_fail(err, RC_ERR_INVALID, RC_NO_OFFSET, "malformed rec group");
      break;
    }
    ok = canon_group(ts, m, i, n, &k, err);
    i += n;
  }
  rc_vec_free(k.w);
  return ok;
}

/* ---- mapping module-local types ---- */

heaptype types_canon_heaptype(const struct module *m, heaptype ht) {
  if (HT_IS_CONCRETE(ht) && ht < m->ntypes) return m->types[ht].canon;
  return ht;
}

valtype types_canon_valtype(const struct module *m, valtype t) {
  if (!VT_IS_REF(t)) return t;
  return VT_REF(types_canon_heaptype(m, VT_HEAP(t)), VT_NULLABLE(t));
}

/* ---- subtyping ---- */

heaptype types_heap_top(const struct typestore *ts, heaptype ht) {
  if (HT_IS_CONCRETE(ht)) return (ht & 1) ? HT_FUNC : HT_ANY;
  switch (ht) {
  case HT_FUNC:
  case HT_NOFUNC: return HT_FUNC;
  case HT_EXTERN:
  case HT_NOEXTERN: return HT_EXTERN;
  case HT_EXN:
  case HT_NOEXN: return HT_EXN;
  default: return HT_ANY;
  }
}

bool types_ref_traced(valtype t) {
  if (!VT_IS_REF(t)) return false;
  heaptype ht = VT_HEAP(t);
  if (HT_IS_CONCRETE(ht)) return !(ht & 1);
  return ht != HT_FUNC && ht != HT_NOFUNC;
}

/* Abstract a <: abstract b. */
static bool abstract_sub(heaptype a, heaptype b) {
  if (a == b) return true;
  switch (b) {
  case HT_ANY: return a == HT_EQ || a == HT_I31 || a == HT_STRUCT || a == HT_ARRAY || a == HT_NONE;
  case HT_EQ: return a == HT_I31 || a == HT_STRUCT || a == HT_ARRAY || a == HT_NONE;
  case HT_I31:
  case HT_STRUCT:
  case HT_ARRAY: return a == HT_NONE;
  case HT_FUNC: return a == HT_NOFUNC;
  case HT_EXTERN: return a == HT_NOEXTERN;
  case HT_EXN: return a == HT_NOEXN;
  default: return false;
  }
}

bool types_heap_sub(const struct typestore *ts, heaptype a, heaptype b) {
  if (a == b) return true;
  bool ca = HT_IS_CONCRETE(a), cb = HT_IS_CONCRETE(b);
  if (!ca && !cb) return abstract_sub(a, b);
  if (ca && cb) {
    const struct typeinfo *ta = types_get(ts, a), *tb = types_get(ts, b);
    return ta && tb && types_id_sub(ta, tb);
  }
  if (ca) { /* concrete <: abstract */
    const struct typeinfo *ta = types_get(ts, a);
    if (!ta) return false;
    switch (ta->kind) {
    case TI_FUNC: return b == HT_FUNC;
    case TI_STRUCT: return b == HT_STRUCT || b == HT_EQ || b == HT_ANY;
    case TI_ARRAY: return b == HT_ARRAY || b == HT_EQ || b == HT_ANY;
    default: return false;
    }
  }
  /* abstract <: concrete: only the bottom of the concrete type's hierarchy */
  const struct typeinfo *tb = types_get(ts, b);
  if (!tb) return false;
  return tb->kind == TI_FUNC ? a == HT_NOFUNC : a == HT_NONE;
}

bool types_val_sub(const struct typestore *ts, valtype a, valtype b) {
  if (a == b) return true;
  if (!VT_IS_REF(a) || !VT_IS_REF(b)) return false;
  if (VT_NULLABLE(a) && !VT_NULLABLE(b)) return false;
  return types_heap_sub(ts, VT_HEAP(a), VT_HEAP(b));
}

/* ---- internal access for layout.c ---- */

struct typeinfo *typestore_info_mut(struct typestore *ts, uint32_t canon) {
  return canon < ts->byid.len ? ts->byid.data[canon] : NULL;
}
