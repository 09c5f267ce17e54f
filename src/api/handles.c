/* wasm.h reference objects: creation and deletion (each owns a root of its
 * store's root table), the functions every reference type shares (copy,
 * same, host info, as_ref / ref_as_X, extern conversions), foreign objects,
 * and the type check of reference values the host passes in. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>

/* The GC box of a foreign: payload is a struct foreign_rec pointer. It has
 * no Wasm type: its supertype chain is one NULL entry, so every subtype test
 * against a Wasm type fails. */
static const struct typeinfo *foreign_supers[1];
const struct typeinfo api_foreign_ti = {
    .id = UINT32_MAX, .kind = TI_HOST, .final = true, .depth = 0, .supers = foreign_supers,
    .payload_size = sizeof(uint64_t),
};

bool hkind_traced(uint8_t kind) { return kind == HK_FOREIGN || kind == HK_VALUE; }

struct handle *handle_new(struct wasm_store_t *st, enum hkind kind, void *obj, rc_ref ref) {
  struct handle *h = rc_calloc(1, sizeof *h);
  h->store = st;
  h->kind = (uint8_t)kind;
  h->obj = obj;
  if (!hkind_traced((uint8_t)kind)) ref = (rc_ref)(uintptr_t)obj; /* the slot names the object */
  reclaim_root_t r = roots_add(&st->roots, ROOT_OBJECT, (uint8_t)kind, ref, h, 0);
  h->index = r.index;
  h->gen = r.gen;
  return h;
}

rc_ref handle_ref(const struct handle *h) {
  if (h->index == 0) return (rc_ref)(uintptr_t)h->obj;
  return h->store->roots.slots[h->index].ref;
}

/* Drop what the handle owns besides its root. */
static void handle_release_obj(struct handle *h) {
  if (h->kind == HK_MODULE) module_data_release(h->obj);
  else if (h->kind == HK_TRAP) trap_data_release(h->obj);
}

void handle_delete(struct handle *h) {
  if (!h || h->index == 0) return; /* store-owned handles (wasm_frame_instance) are not the caller's */
  struct root_table *t = &h->store->roots;
  if (h->index < t->len && t->slots[h->index].live && t->slots[h->index].gen == h->gen)
    roots_release_slot(t, h->index, REL_OBJECT);
  handle_release_obj(h);
  free(h);
}

static void free_owner(void *ud, uint32_t index, struct root_slot *slot) {
  struct wasm_store_t *st = ud;
  if (slot->cls == ROOT_OBJECT) {
    struct handle *h = slot->owner;
    handle_release_obj(h);
    free(h);
  }
  roots_release_slot(&st->roots, index, REL_OBJECT);
}

void handles_free_all(struct wasm_store_t *st) {
  roots_foreach(&st->roots, free_owner, st);
  for (size_t i = 0; i < st->frame_instances.len; i++) free(st->frame_instances.data[i]);
  rc_vec_free(st->frame_instances);
  for (size_t i = 0; i < st->infos.len; i++)
    if (st->infos.data[i].finalizer) st->infos.data[i].finalizer(st->infos.data[i].info);
  rc_vec_free(st->infos);
  for (size_t i = 0; i < st->foreigns.len; i++) {
    struct foreign_rec *fr = st->foreigns.data[i];
    if (fr->finalizer) fr->finalizer(fr->info);
    free(fr);
  }
  rc_vec_free(st->foreigns);
}

struct wasm_instance_t *store_frame_instance(struct wasm_store_t *st, struct instance *inst) {
  if (!inst) return NULL;
  for (size_t i = 0; i < st->frame_instances.len; i++)
    if (st->frame_instances.data[i]->obj == inst) return (struct wasm_instance_t *)st->frame_instances.data[i];
  struct handle *h = rc_calloc(1, sizeof *h);
  h->store = st;
  h->kind = HK_INSTANCE;
  h->obj = inst;
  rc_vec_push(st->frame_instances, h);
  return (struct wasm_instance_t *)h;
}

/* ---- reference values ---- */

struct handle *handle_for_ref(struct wasm_store_t *st, valtype t, rc_ref r) {
  if (r == REF_NULL) return NULL;
  if (valkind_of(t) == WASM_FUNCREF) return handle_new(st, HK_FUNC, (void *)(uintptr_t)r, r);
  bool foreign = !REF_IS_I31(r) && REF_OBJ(r)->ti == &api_foreign_ti;
  return handle_new(st, foreign ? HK_FOREIGN : HK_VALUE, NULL, r);
}

/* Does the GC value r (not null) belong to abstract or concrete heap type ht
 * of the any, extern or exn hierarchy? Host boxes count as both extern and
 * any: wasm.h has one kind for the two (their representation is shared). */
static bool gc_value_fits(const struct typestore *ts, rc_ref r, heaptype ht) {
  bool i31 = REF_IS_I31(r);
  const struct typeinfo *ti = i31 ? NULL : REF_OBJ(r)->ti;
  switch (ht) {
  case HT_ANY:
  case HT_EXTERN: return !ti || ti->kind != TI_EXN;
  case HT_EQ: return i31 || ti->kind == TI_STRUCT || ti->kind == TI_ARRAY;
  case HT_I31: return i31;
  case HT_STRUCT: return ti && ti->kind == TI_STRUCT;
  case HT_ARRAY: return ti && ti->kind == TI_ARRAY;
  case HT_EXN: return ti && ti->kind == TI_EXN;
  default: break;
  }
  if (!HT_IS_CONCRETE(ht) || !ti || (ti->kind != TI_STRUCT && ti->kind != TI_ARRAY)) return false;
  const struct typeinfo *want = types_get(ts, ht);
  return want && types_id_sub(ti, want);
}

bool ref_fits(struct wasm_store_t *st, const struct handle *h, valtype t, char *msg, size_t msgsize) {
  if (!VT_IS_REF(t)) {
    snprintf(msg, msgsize, "a reference where a number is expected");
    return false;
  }
  if (!h) {
    if (VT_NULLABLE(t)) return true;
    snprintf(msg, msgsize, "null where a non-nullable reference is expected");
    return false;
  }
  if (h->store != st) {
    snprintf(msg, msgsize, "a reference of another store");
    return false;
  }
  const struct typestore *ts = st->engine->e->types;
  heaptype ht = VT_HEAP(t);
  if (valkind_of(t) == WASM_FUNCREF) {
    if (h->kind != HK_FUNC) {
      snprintf(msg, msgsize, "a non-function reference where a funcref is expected");
      return false;
    }
    if (ht == HT_FUNC) return true;
    const struct funcinst *f = h->obj;
    const struct typeinfo *want = HT_IS_CONCRETE(ht) ? types_get(ts, ht) : NULL;
    if (want && types_id_sub(f->type, want)) return true;
    snprintf(msg, msgsize, "a function of the wrong type");
    return false;
  }
  if (!hkind_traced(h->kind)) {
    snprintf(msg, msgsize, "%s where a value of the any or extern hierarchy is expected",
             h->kind == HK_FUNC ? "a function" : "a non-value object");
    return false;
  }
  rc_ref r = handle_ref(h);
  if (r == REF_NULL) return VT_NULLABLE(t);
  if (gc_value_fits(ts, r, ht)) return true;
  snprintf(msg, msgsize, "a reference value of the wrong type");
  return false;
}

/* ---- host info ---- */

static const void *info_key(const struct handle *h) {
  if (h->kind == HK_VALUE) return NULL; /* GC values other than foreigns carry none */
  if (h->kind == HK_FOREIGN) return NULL;
  return h->obj;
}

static struct foreign_rec *foreign_of(const struct handle *h) {
  if (h->kind != HK_FOREIGN) return NULL;
  rc_ref r = handle_ref(h);
  return (struct foreign_rec *)(uintptr_t)HOSTBOX_VALUE(REF_OBJ(r));
}

static void *get_host_info(const struct handle *h) {
  if (!h) return NULL;
  struct foreign_rec *fr = foreign_of(h);
  if (fr) return fr->info;
  const void *key = info_key(h);
  if (!key) return NULL;
  const struct wasm_store_t *st = h->store;
  for (size_t i = 0; i < st->infos.len; i++)
    if (st->infos.data[i].key == key) return st->infos.data[i].info;
  return NULL;
}

/* Setting host info again replaces it without running the old finalizer
 * (as in the standard's reference implementation). */
static void set_host_info(struct handle *h, void *info, void (*fin)(void *)) {
  if (!h) return;
  struct foreign_rec *fr = foreign_of(h);
  if (fr) {
    fr->info = info;
    fr->finalizer = fin;
    return;
  }
  const void *key = info_key(h);
  struct wasm_store_t *st = h->store;
  if (!key) {
    store_error(st, "host info is only kept for foreign objects among reference values");
    return;
  }
  for (size_t i = 0; i < st->infos.len; i++) {
    if (st->infos.data[i].key == key) {
      st->infos.data[i].info = info;
      st->infos.data[i].finalizer = fin;
      return;
    }
  }
  struct hostinfo hi = {key, info, fin};
  rc_vec_push(st->infos, hi);
}

static struct handle *handle_copy(const struct handle *h) {
  if (!h) return NULL;
  struct handle *c = handle_new(h->store, (enum hkind)h->kind, h->obj, handle_ref(h));
  if (h->kind == HK_MODULE) module_data_retain(h->obj);
  else if (h->kind == HK_TRAP) ((struct trap_data *)h->obj)->refs++;
  return c;
}

static bool handle_same(const struct handle *a, const struct handle *b) {
  if (!a || !b) return a == b;
  if (a->store != b->store || a->kind != b->kind) return false;
  if (hkind_traced(a->kind) || a->kind == HK_FUNC) return handle_ref(a) == handle_ref(b);
  return a->obj == b->obj;
}

#define REF_BASE(name)                                                                       \
  void wasm_##name##_delete(wasm_##name##_t *p) { handle_delete(H(p)); }                     \
  wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *p) {                            \
    return (wasm_##name##_t *)handle_copy(HC(p));                                            \
  }                                                                                          \
  bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b) {              \
    return handle_same(HC(a), HC(b));                                                        \
  }                                                                                          \
  void *wasm_##name##_get_host_info(const wasm_##name##_t *p) { return get_host_info(HC(p)); } \
  void wasm_##name##_set_host_info(wasm_##name##_t *p, void *info) {                         \
    set_host_info(H(p), info, NULL);                                                         \
  }                                                                                          \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *p, void *info,            \
                                                  void (*fin)(void *)) {                     \
    set_host_info(H(p), info, fin);                                                          \
  }

static bool kind_is_extern(uint8_t k) { return k >= HK_FUNC && k <= HK_MEMORY; }

#define REF_CONV(name, CHECK)                                                                \
  REF_BASE(name)                                                                             \
  wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *p) { return (wasm_ref_t *)p; }           \
  const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *p) {                   \
    return (const wasm_ref_t *)p;                                                            \
  }                                                                                          \
  wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *p) {                                       \
    return p && (CHECK) ? (wasm_##name##_t *)p : NULL;                                       \
  }                                                                                          \
  const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *p) {                   \
    return p && (CHECK) ? (const wasm_##name##_t *)p : NULL;                                 \
  }

REF_BASE(ref)
REF_CONV(func, HC(p)->kind == HK_FUNC)
REF_CONV(global, HC(p)->kind == HK_GLOBAL)
REF_CONV(table, HC(p)->kind == HK_TABLE)
REF_CONV(memory, HC(p)->kind == HK_MEMORY)
REF_CONV(extern, kind_is_extern(HC(p)->kind))
REF_CONV(instance, HC(p)->kind == HK_INSTANCE)
REF_CONV(module, HC(p)->kind == HK_MODULE)
REF_CONV(trap, HC(p)->kind == HK_TRAP)
REF_CONV(foreign, HC(p)->kind == HK_FOREIGN)

/* ---- externs ---- */

#define EXTERN_CONV(name, KIND)                                                              \
  wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *p) { return (wasm_extern_t *)p; }  \
  const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *p) {             \
    return (const wasm_extern_t *)p;                                                         \
  }                                                                                          \
  wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *p) {                                 \
    return p && HC(p)->kind == KIND ? (wasm_##name##_t *)p : NULL;                           \
  }                                                                                          \
  const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *p) {             \
    return p && HC(p)->kind == KIND ? (const wasm_##name##_t *)p : NULL;                     \
  }
EXTERN_CONV(func, HK_FUNC)
EXTERN_CONV(global, HK_GLOBAL)
EXTERN_CONV(table, HK_TABLE)
EXTERN_CONV(memory, HK_MEMORY)

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e) {
  switch (HC(e)->kind) {
  case HK_GLOBAL: return WASM_EXTERN_GLOBAL;
  case HK_TABLE: return WASM_EXTERN_TABLE;
  case HK_MEMORY: return WASM_EXTERN_MEMORY;
  default: return WASM_EXTERN_FUNC;
  }
}

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e) {
  const struct handle *h = HC(e);
  switch (h->kind) {
  case HK_FUNC: return wasm_functype_as_externtype(wasm_func_type((const wasm_func_t *)e));
  case HK_GLOBAL: return wasm_globaltype_as_externtype(wasm_global_type((const wasm_global_t *)e));
  case HK_TABLE: return wasm_tabletype_as_externtype(wasm_table_type((const wasm_table_t *)e));
  case HK_MEMORY: return wasm_memorytype_as_externtype(wasm_memory_type((const wasm_memory_t *)e));
  default: return NULL;
  }
}

/* ---- foreign objects ---- */

wasm_foreign_t *wasm_foreign_new(wasm_store_t *st) {
  struct gc_obj *o = gc_alloc(st->s->heap, &api_foreign_ti, sizeof(uint64_t), 0);
  if (!o) {
    store_error(st, "GC heap out of memory");
    return NULL;
  }
  struct foreign_rec *fr = rc_calloc(1, sizeof *fr);
  rc_vec_push(st->foreigns, fr);
  HOSTBOX_VALUE(o) = (uint64_t)(uintptr_t)fr;
  /* No allocation between gc_alloc and rooting it: nothing can collect o. */
  return (wasm_foreign_t *)handle_new(st, HK_FOREIGN, NULL, OBJ_REF(o));
}
