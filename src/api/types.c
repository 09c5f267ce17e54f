/* Type objects of wasm.h (valtype, functype, globaltype, tabletype,
 * memorytype, externtype, importtype, exporttype) and their mapping to the
 * runtime's valtypes.
 *
 * A wasm_valtype_t keeps the runtime valtype it stands for, so types read
 * from a module (e.g. `(ref null $t)`) survive a round trip through the API
 * (wasm_func_type then wasm_func_new gets the same canonical type). Host-made
 * types are the abstract i32 .. externref/funcref. */
#include "api/api.h"

#include <stdlib.h>

/* ---- valtype ---- */

wasm_valkind_t valkind_of(valtype t) {
  switch (VT_CODE(t)) {
  case VT_I32: return WASM_I32;
  case VT_I64: return WASM_I64;
  case VT_F32: return WASM_F32;
  case VT_F64: return WASM_F64;
  case VT_V128: return WASM_V128;
  default: break;
  }
  heaptype ht = VT_HEAP(t);
  /* Canonical ids of function types are odd (typestore.h). */
  if (HT_IS_CONCRETE(ht)) return (ht & 1u) ? WASM_FUNCREF : WASM_ANYREF;
  return ht == HT_FUNC || ht == HT_NOFUNC ? WASM_FUNCREF : WASM_ANYREF;
}

static bool valtype_of_kind(wasm_valkind_t k, valtype *out) {
  switch (k) {
  case WASM_I32: *out = VT_I32; return true;
  case WASM_I64: *out = VT_I64; return true;
  case WASM_F32: *out = VT_F32; return true;
  case WASM_F64: *out = VT_F64; return true;
  case WASM_V128: *out = VT_V128; return true;
  case WASM_EXTERNREF: *out = VT_EXTERNREF; return true;
  case WASM_FUNCREF: *out = VT_FUNCREF; return true;
  default: return false;
  }
}

wasm_valtype_t *valtype_make(valtype t) {
  wasm_valtype_t *v = rc_malloc(sizeof *v);
  v->kind = valkind_of(t);
  v->vt = t;
  return v;
}

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t k) {
  valtype t;
  if (!valtype_of_kind(k, &t)) return NULL;
  wasm_valtype_t *v = rc_malloc(sizeof *v);
  v->kind = k;
  v->vt = t;
  return v;
}

wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }

wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t) {
  wasm_valtype_t *v = rc_malloc(sizeof *v);
  *v = *t;
  return v;
}

void wasm_valtype_delete(wasm_valtype_t *t) { free(t); }

/* ---- extern types (one struct for all kinds) ---- */

static struct xtype *xtype_new(wasm_externkind_t kind) {
  struct xtype *x = rc_calloc(1, sizeof *x);
  x->kind = kind;
  return x;
}

static struct xtype *xtype_copy(const struct xtype *src) {
  struct xtype *x = xtype_new(src->kind);
  wasm_valtype_vec_copy(&x->params, &src->params);
  wasm_valtype_vec_copy(&x->results, &src->results);
  x->content = src->content ? wasm_valtype_copy(src->content) : NULL;
  x->mut = src->mut;
  x->lim = src->lim;
  return x;
}

static void xtype_delete(struct xtype *x) {
  if (!x) return;
  wasm_valtype_vec_delete(&x->params);
  wasm_valtype_vec_delete(&x->results);
  wasm_valtype_delete(x->content);
  free(x);
}

#define XTYPE_COMMON(name)                                                                   \
  wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *t) {                            \
    return (wasm_##name##_t *)xtype_copy(XC(t));                                             \
  }                                                                                          \
  void wasm_##name##_delete(wasm_##name##_t *t) { xtype_delete(X(t)); }
XTYPE_COMMON(functype)
XTYPE_COMMON(globaltype)
XTYPE_COMMON(tabletype)
XTYPE_COMMON(memorytype)
XTYPE_COMMON(externtype)

/* The specific <-> extern conversions are casts; as_X checks the kind. */
#define XTYPE_CONV(name, KIND)                                                               \
  wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t) {                       \
    return (wasm_externtype_t *)t;                                                           \
  }                                                                                          \
  const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t) {     \
    return (const wasm_externtype_t *)t;                                                     \
  }                                                                                          \
  wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t) {                         \
    return t && X(t)->kind == KIND ? (wasm_##name##_t *)t : NULL;                            \
  }                                                                                          \
  const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t) {     \
    return t && XC(t)->kind == KIND ? (const wasm_##name##_t *)t : NULL;                     \
  }
XTYPE_CONV(functype, WASM_EXTERN_FUNC)
XTYPE_CONV(globaltype, WASM_EXTERN_GLOBAL)
XTYPE_CONV(tabletype, WASM_EXTERN_TABLE)
XTYPE_CONV(memorytype, WASM_EXTERN_MEMORY)

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return XC(t)->kind; }

/* ---- functype ---- */

wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results) {
  struct xtype *x = xtype_new(WASM_EXTERN_FUNC);
  x->params = *params;
  x->results = *results;
  params->size = results->size = 0;
  params->data = results->data = NULL;
  return (wasm_functype_t *)x;
}

const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t) { return &XC(t)->params; }
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t) { return &XC(t)->results; }

wasm_functype_t *functype_from_info(const struct typeinfo *ti) {
  const struct functype *ft = &ti->comp.func;
  struct xtype *x = xtype_new(WASM_EXTERN_FUNC);
  wasm_valtype_vec_new_uninitialized(&x->params, ft->nparams);
  wasm_valtype_vec_new_uninitialized(&x->results, ft->nresults);
  for (uint32_t i = 0; i < ft->nparams; i++) x->params.data[i] = valtype_make(ft->params[i]);
  for (uint32_t i = 0; i < ft->nresults; i++) x->results.data[i] = valtype_make(ft->results[i]);
  return (wasm_functype_t *)x;
}

const struct typeinfo *functype_canon(struct engine *e, const wasm_functype_t *ft) {
  const struct xtype *x = XC(ft);
  size_t n = x->params.size + x->results.size;
  valtype *vts = rc_malloc((n ? n : 1) * sizeof *vts);
  for (size_t i = 0; i < x->params.size; i++) {
    if (!x->params.data[i]) { free(vts); return NULL; }
    vts[i] = x->params.data[i]->vt;
  }
  for (size_t i = 0; i < x->results.size; i++) {
    if (!x->results.data[i]) { free(vts); return NULL; }
    vts[x->params.size + i] = x->results.data[i]->vt;
  }
  const struct typeinfo *ti = engine_functype(e, vts, (uint32_t)x->params.size, vts + x->params.size,
                                              (uint32_t)x->results.size);
  free(vts);
  return ti;
}

/* ---- globaltype ---- */

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mut) {
  if (!content) return NULL;
  struct xtype *x = xtype_new(WASM_EXTERN_GLOBAL);
  x->content = content;
  x->mut = mut;
  return (wasm_globaltype_t *)x;
}

wasm_externtype_t *globaltype_make(valtype t, bool mut) {
  return wasm_globaltype_as_externtype(wasm_globaltype_new(valtype_make(t), mut ? WASM_VAR : WASM_CONST));
}

const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t) { return XC(t)->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t) { return XC(t)->mut; }

/* ---- tabletype and memorytype ---- */

static wasm_limits_t limits_clamp(uint64_t min, bool has_max, uint64_t max) {
  wasm_limits_t l;
  l.min = min > UINT32_MAX ? UINT32_MAX : (uint32_t)min;
  l.max = !has_max || max >= UINT32_MAX ? wasm_limits_max_default : (uint32_t)max;
  return l;
}

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *elem, const wasm_limits_t *lim) {
  if (!elem) return NULL;
  struct xtype *x = xtype_new(WASM_EXTERN_TABLE);
  x->content = elem;
  x->lim = *lim;
  return (wasm_tabletype_t *)x;
}

wasm_externtype_t *tabletype_make(valtype elem, uint64_t min, bool has_max, uint64_t max) {
  wasm_limits_t l = limits_clamp(min, has_max, max);
  return wasm_tabletype_as_externtype(wasm_tabletype_new(valtype_make(elem), &l));
}

const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t) { return XC(t)->content; }
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t) { return &XC(t)->lim; }

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *lim) {
  struct xtype *x = xtype_new(WASM_EXTERN_MEMORY);
  x->lim = *lim;
  return (wasm_memorytype_t *)x;
}

wasm_externtype_t *memorytype_make(uint64_t min, bool has_max, uint64_t max) {
  wasm_limits_t l = limits_clamp(min, has_max, max);
  return wasm_memorytype_as_externtype(wasm_memorytype_new(&l));
}

const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t) { return &XC(t)->lim; }

/* ---- importtype and exporttype ---- */

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name, wasm_externtype_t *type) {
  wasm_importtype_t *t = rc_calloc(1, sizeof *t);
  t->module = *module;
  t->name = *name;
  t->type = type;
  module->size = name->size = 0;
  module->data = name->data = NULL;
  return t;
}

const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *src) {
  wasm_importtype_t *t = rc_calloc(1, sizeof *t);
  wasm_byte_vec_copy(&t->module, &src->module);
  wasm_byte_vec_copy(&t->name, &src->name);
  t->type = src->type ? wasm_externtype_copy(src->type) : NULL;
  return t;
}

void wasm_importtype_delete(wasm_importtype_t *t) {
  if (!t) return;
  wasm_byte_vec_delete(&t->module);
  wasm_byte_vec_delete(&t->name);
  wasm_externtype_delete(t->type);
  free(t);
}

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type) {
  wasm_exporttype_t *t = rc_calloc(1, sizeof *t);
  t->name = *name;
  t->type = type;
  name->size = 0;
  name->data = NULL;
  return t;
}

const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *src) {
  wasm_exporttype_t *t = rc_calloc(1, sizeof *t);
  wasm_byte_vec_copy(&t->name, &src->name);
  t->type = src->type ? wasm_externtype_copy(src->type) : NULL;
  return t;
}

void wasm_exporttype_delete(wasm_exporttype_t *t) {
  if (!t) return;
  wasm_byte_vec_delete(&t->name);
  wasm_externtype_delete(t->type);
  free(t);
}
