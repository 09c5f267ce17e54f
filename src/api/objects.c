/* Global, table and memory objects of wasm.h, on the runtime's globalinst,
 * tableinst and meminst (owned by the store: a deleted handle leaves the
 * object in place for the instances that use it). */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- globals ---- */

wasm_global_t *wasm_global_new(wasm_store_t *st, const wasm_globaltype_t *type, const wasm_val_t *val) {
  if (!st || !type || !val || !XC(type)->content) return NULL;
  valtype t = XC(type)->content->vt;
  union rc_value v;
  memset(&v, 0, sizeof v);
  char msg[200];
  if (!val_to_slots(st, val, t, v.slots, msg, sizeof msg)) {
    store_error(st, "wasm_global_new: %s", msg);
    return NULL;
  }
  struct globalinst *g = globalinst_new(st->s, t, XC(type)->mut == WASM_VAR, &v);
  return (wasm_global_t *)handle_new(st, HK_GLOBAL, g, 0);
}

static struct globalinst *gi(const wasm_global_t *g) { return HC(g)->obj; }

wasm_globaltype_t *wasm_global_type(const wasm_global_t *g) {
  return wasm_externtype_as_globaltype(globaltype_make(gi(g)->type, gi(g)->mut));
}

void wasm_global_get(const wasm_global_t *g, wasm_val_t *out) {
  slots_to_val(HC(g)->store, gi(g)->type, gi(g)->val.slots, out);
}

void wasm_global_set(wasm_global_t *g, const wasm_val_t *val) {
  struct wasm_store_t *st = HC(g)->store;
  struct globalinst *x = gi(g);
  if (!x->mut) {
    store_error(st, "wasm_global_set: the global is immutable");
    return;
  }
  union rc_value v;
  memset(&v, 0, sizeof v);
  char msg[200];
  if (!val_to_slots(st, val, x->type, v.slots, msg, sizeof msg)) {
    store_error(st, "wasm_global_set: %s", msg);
    return;
  }
  x->val = v;
}

/* ---- tables ---- */

static bool ref_arg(struct wasm_store_t *st, const char *fn, const wasm_ref_t *ref, valtype t, rc_ref *out) {
  char msg[200];
  if (!ref_fits(st, HC(ref), t, msg, sizeof msg)) {
    store_error(st, "%s: %s", fn, msg);
    return false;
  }
  *out = ref ? handle_ref(HC(ref)) : REF_NULL;
  return true;
}

wasm_table_t *wasm_table_new(wasm_store_t *st, const wasm_tabletype_t *type, wasm_ref_t *init) {
  if (!st || !type || !XC(type)->content) return NULL;
  const struct xtype *x = XC(type);
  struct tabletype tt;
  memset(&tt, 0, sizeof tt);
  tt.elem = x->content->vt;
  tt.lim.min = x->lim.min;
  tt.lim.has_max = x->lim.max != wasm_limits_max_default;
  tt.lim.max = tt.lim.has_max ? x->lim.max : 0;
  if (tt.lim.has_max && tt.lim.max < tt.lim.min) {
    store_error(st, "wasm_table_new: size minimum must not be greater than maximum");
    return NULL;
  }
  rc_ref r;
  if (!VT_IS_REF(tt.elem) || !ref_arg(st, "wasm_table_new", init, tt.elem, &r)) return NULL;
  struct rc_error err;
  rc_error_clear(&err);
  struct tableinst *t = tableinst_new(st->s, &tt, r, &err);
  if (!t) {
    store_error(st, "wasm_table_new: %s", err.msg);
    return NULL;
  }
  return (wasm_table_t *)handle_new(st, HK_TABLE, t, 0);
}

static struct tableinst *ti_(const wasm_table_t *t) { return HC(t)->obj; }

wasm_tabletype_t *wasm_table_type(const wasm_table_t *t) {
  const struct tableinst *x = ti_(t);
  return wasm_externtype_as_tabletype(tabletype_make(x->elem, x->size, x->type.has_max, x->type.max));
}

wasm_ref_t *wasm_table_get(const wasm_table_t *t, wasm_table_size_t index) {
  const struct tableinst *x = ti_(t);
  if (index >= x->size) return NULL;
  return (wasm_ref_t *)handle_for_ref(HC(t)->store, x->elem, x->elems[index]);
}

bool wasm_table_set(wasm_table_t *t, wasm_table_size_t index, wasm_ref_t *ref) {
  struct tableinst *x = ti_(t);
  struct wasm_store_t *st = HC(t)->store;
  if (index >= x->size) {
    store_error(st, "wasm_table_set: index %u out of bounds (size %llu)", index, (unsigned long long)x->size);
    return false;
  }
  rc_ref r;
  if (!ref_arg(st, "wasm_table_set", ref, x->elem, &r)) return false;
  x->elems[index] = r;
  return true;
}

wasm_table_size_t wasm_table_size(const wasm_table_t *t) {
  uint64_t n = ti_(t)->size;
  return n > UINT32_MAX ? UINT32_MAX : (wasm_table_size_t)n;
}

bool wasm_table_grow(wasm_table_t *t, wasm_table_size_t delta, wasm_ref_t *init) {
  struct tableinst *x = ti_(t);
  rc_ref r;
  if (!ref_arg(HC(t)->store, "wasm_table_grow", init, x->elem, &r)) return false;
  return tableinst_grow(x, delta, r) >= 0;
}

/* ---- memories ---- */

wasm_memory_t *wasm_memory_new(wasm_store_t *st, const wasm_memorytype_t *type) {
  if (!st || !type) return NULL;
  const struct xtype *x = XC(type);
  struct limits lim;
  memset(&lim, 0, sizeof lim);
  lim.min = x->lim.min;
  lim.has_max = x->lim.max != wasm_limits_max_default;
  lim.max = lim.has_max ? x->lim.max : 0;
  if (lim.has_max && lim.max < lim.min) {
    store_error(st, "wasm_memory_new: size minimum must not be greater than maximum");
    return NULL;
  }
  struct rc_error err;
  rc_error_clear(&err);
  struct meminst *m = meminst_new(st->s, &lim, &err);
  if (!m) {
    store_error(st, "wasm_memory_new: %s", err.msg);
    return NULL;
  }
  return (wasm_memory_t *)handle_new(st, HK_MEMORY, m, 0);
}

static struct meminst *mi(const wasm_memory_t *m) { return HC(m)->obj; }

wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *m) {
  const struct meminst *x = mi(m);
  return wasm_externtype_as_memorytype(memorytype_make(x->size / RC_PAGE_SIZE, x->type.has_max, x->type.max));
}

byte_t *wasm_memory_data(wasm_memory_t *m) { return (byte_t *)mi(m)->data; }
size_t wasm_memory_data_size(const wasm_memory_t *m) { return (size_t)mi(m)->size; }

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *m) {
  uint64_t pages = mi(m)->size / RC_PAGE_SIZE;
  return pages > UINT32_MAX ? UINT32_MAX : (wasm_memory_pages_t)pages;
}

bool wasm_memory_grow(wasm_memory_t *m, wasm_memory_pages_t delta) { return meminst_grow(mi(m), delta) >= 0; }
