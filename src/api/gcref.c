/* GC references for host code (reclaim.h): types, creation of structs,
 * arrays, i31 and extern values, field and element access, and calls with
 * root-handle values.
 *
 * The host never sees an object address: every value comes in and goes out
 * as a root slot. Rules kept here:
 * - a new object is stored in its result root before anything else can
 *   allocate (so it is never unrooted across a collection), and reference
 *   fields are filled from root slots after the allocation (a root keeps its
 *   referent alive; objects do not move in this collector, but reading
 *   after the allocation keeps that assumption in one place);
 * - every reference written into an object is checked against the field's
 *   canonical type with ref_fits (the same check as wasm_func_call), so Wasm
 *   never reads a value outside its static type;
 * - every write goes through store_field (the future write barrier's one
 *   place). */
#include "api/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

reclaim_root_t result_root(struct wasm_store_t *st, uint8_t kind, rc_ref ref) {
  uint32_t scope = roots_current_scope(&st->roots);
  return roots_add(&st->roots, scope ? ROOT_SCOPED : ROOT_OWNED, kind, ref, NULL, scope);
}

static reclaim_status_t err(struct wasm_store_t *st, reclaim_status_t s, const char *fmt, ...) RC_PRINTF(3, 4);
static reclaim_status_t err(struct wasm_store_t *st, reclaim_status_t s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->roots.err, sizeof st->roots.err, fmt, ap);
  va_end(ap);
  return s;
}

static const struct typestore *tstore(struct wasm_store_t *st) { return st->engine->e->types; }

/* ---- types ---- */

reclaim_status_t reclaim_module_type(const wasm_module_t *module, uint32_t typeidx, reclaim_type_t *out) {
  out->id = 0;
  if (!module) return RECLAIM_ERR_NULL_HANDLE;
  const struct handle *h = HC(module);
  const struct module_data *md = h->obj;
  if (typeidx >= md->m->ntypes)
    return err(h->store, RECLAIM_ERR_BOUNDS, "type %u: the module has %u types", typeidx, md->m->ntypes);
  const struct subtype *t = &md->m->types[typeidx];
  if (t->comp.kind == COMP_FUNC)
    return err(h->store, RECLAIM_ERR_TYPE, "type %u is a function type, not a struct or array type", typeidx);
  out->id = t->canon;
  return RECLAIM_OK;
}

reclaim_status_t reclaim_valtype_type(const wasm_valtype_t *vt, reclaim_type_t *out) {
  out->id = 0;
  if (!vt) return RECLAIM_ERR_NULL_HANDLE;
  if (!VT_IS_REF(vt->vt) || !HT_IS_CONCRETE(VT_HEAP(vt->vt)) || (VT_HEAP(vt->vt) & 1u)) return RECLAIM_ERR_TYPE;
  out->id = VT_HEAP(vt->vt);
  return RECLAIM_OK;
}

static reclaim_status_t type_info(struct wasm_store_t *st, reclaim_type_t type, const struct typeinfo **out) {
  const struct typeinfo *ti = type.id ? types_get(tstore(st), type.id) : NULL;
  if (!ti || (ti->kind != TI_STRUCT && ti->kind != TI_ARRAY))
    return err(st, RECLAIM_ERR_TYPE, "type id %u is not a struct or array type of this store's engine", type.id);
  *out = ti;
  return RECLAIM_OK;
}

static const struct fieldtype *field_of(const struct typeinfo *ti, uint32_t i) {
  if (ti->kind == TI_ARRAY) return i == 0 ? &ti->comp.array : NULL;
  return i < ti->comp.st.nfields ? &ti->comp.st.fields[i] : NULL;
}

reclaim_status_t reclaim_type_describe(wasm_store_t *st, reclaim_type_t type, reclaim_type_kind_t *kind,
                                       uint32_t *nfields) {
  const struct typeinfo *ti = NULL;
  reclaim_status_t s = type_info(st, type, &ti);
  if (s != RECLAIM_OK) return s;
  if (kind) *kind = ti->kind == TI_STRUCT ? RECLAIM_TYPE_STRUCT : RECLAIM_TYPE_ARRAY;
  if (nfields) *nfields = ti->kind == TI_STRUCT ? ti->comp.st.nfields : 1;
  return RECLAIM_OK;
}

reclaim_status_t reclaim_type_field(wasm_store_t *st, reclaim_type_t type, uint32_t i, reclaim_field_t *out) {
  const struct typeinfo *ti = NULL;
  reclaim_status_t s = type_info(st, type, &ti);
  if (s != RECLAIM_OK) return s;
  const struct fieldtype *f = field_of(ti, i);
  if (!f) return err(st, RECLAIM_ERR_BOUNDS, "field %u of a type with fewer fields", i);
  memset(out, 0, sizeof *out);
  valtype t = f->type;
  out->packed = VT_CODE(t) == VT_I8 ? 1 : VT_CODE(t) == VT_I16 ? 2 : 0;
  out->kind = out->packed ? WASM_I32 : valkind_of(t);
  out->mut = f->mut;
  out->nullable = VT_IS_REF(t) && VT_NULLABLE(t);
  return RECLAIM_OK;
}

/* ---- values in and out of storage ---- */

/* The live root slot a handle names (all-zero: *slot NULL, a null value). */
static reclaim_status_t lookup(struct wasm_store_t *st, reclaim_root_t r, struct root_slot **slot) {
  *slot = NULL;
  if (r.store == 0 && r.index == 0) return RECLAIM_OK;
  return roots_lookup(&st->roots, r, false, slot);
}

/* Check v against storage type t; on success the word(s) to store in *bits.
 * what names the location for messages. */
static reclaim_status_t value_bits(struct wasm_store_t *st, const reclaim_val_t *v, valtype t, uint64_t *bits,
                                   const char *what) {
  uint8_t code = (uint8_t)VT_CODE(t);
  wasm_valkind_t want = VT_IS_REF(t) ? valkind_of(t) : (code == VT_I8 || code == VT_I16) ? WASM_I32 : valkind_of(t);
  if (want == WASM_V128) return err(st, RECLAIM_ERR_TYPE, "%s: v128 values cannot pass through reclaim_val_t", what);
  bool kind_ok = wasm_valkind_is_ref(want) ? wasm_valkind_is_ref(v->kind) : v->kind == want;
  if (!kind_ok)
    return err(st, RECLAIM_ERR_TYPE, "%s: a value of kind %u where kind %u is expected", what, (unsigned)v->kind,
               (unsigned)want);
  switch (want) {
  case WASM_I32: *bits = (uint32_t)v->of.i32; return RECLAIM_OK;
  case WASM_I64: *bits = (uint64_t)v->of.i64; return RECLAIM_OK;
  case WASM_F32: {
    uint32_t b;
    memcpy(&b, &v->of.f32, 4);
    *bits = b;
    return RECLAIM_OK;
  }
  case WASM_F64: memcpy(bits, &v->of.f64, 8); return RECLAIM_OK;
  default: break;
  }
  struct root_slot *slot;
  reclaim_status_t s = lookup(st, v->of.ref, &slot);
  if (s != RECLAIM_OK) return s;
  /* A stack handle standing for the root's referent, for ref_fits. */
  struct handle tmp;
  memset(&tmp, 0, sizeof tmp);
  if (slot && slot->ref != REF_NULL) {
    tmp.store = st;
    tmp.kind = slot->kind;
    tmp.obj = (void *)(uintptr_t)slot->ref;
  }
  char msg[200];
  if (!ref_fits(st, slot && slot->ref != REF_NULL ? &tmp : NULL, t, msg, sizeof msg))
    return err(st, RECLAIM_ERR_TYPE, "%s: %s", what, msg);
  *bits = slot ? slot->ref : REF_NULL;
  return RECLAIM_OK;
}

static void store_field(uint8_t *p, valtype t, uint64_t bits) {
  switch (VT_CODE(t)) {
  case VT_I8: *p = (uint8_t)bits; break;
  case VT_I16: { uint16_t x = (uint16_t)bits; memcpy(p, &x, 2); break; }
  case VT_I32:
  case VT_F32: { uint32_t x = (uint32_t)bits; memcpy(p, &x, 4); break; }
  default: memcpy(p, &bits, 8); break;
  }
}

static reclaim_status_t load_field(struct wasm_store_t *st, const uint8_t *p, valtype t, reclaim_val_t *out) {
  memset(out, 0, sizeof *out);
  switch (VT_CODE(t)) {
  case VT_I8: out->kind = WASM_I32; out->of.i32 = *p; return RECLAIM_OK;
  case VT_I16: { uint16_t x; memcpy(&x, p, 2); out->kind = WASM_I32; out->of.i32 = x; return RECLAIM_OK; }
  case VT_I32: out->kind = WASM_I32; memcpy(&out->of.i32, p, 4); return RECLAIM_OK;
  case VT_F32: out->kind = WASM_F32; memcpy(&out->of.f32, p, 4); return RECLAIM_OK;
  case VT_I64: out->kind = WASM_I64; memcpy(&out->of.i64, p, 8); return RECLAIM_OK;
  case VT_F64: out->kind = WASM_F64; memcpy(&out->of.f64, p, 8); return RECLAIM_OK;
  case VT_V128: out->kind = WASM_V128; return err(st, RECLAIM_ERR_TYPE, "v128 values cannot pass through reclaim_val_t");
  default: break;
  }
  rc_ref r;
  memcpy(&r, p, 8);
  out->kind = valkind_of(t);
  if (r == REF_NULL) return RECLAIM_OK;
  uint8_t kind = out->kind == WASM_FUNCREF ? HK_FUNC
                 : !REF_IS_I31(r) && REF_OBJ(r)->ti == &api_foreign_ti ? HK_FOREIGN
                                                                        : HK_VALUE;
  out->of.ref = result_root(st, kind, r);
  return RECLAIM_OK;
}

/* The GC object a root holds, which must be of kind want (TI_STRUCT or
 * TI_ARRAY). */
static reclaim_status_t object_of(struct wasm_store_t *st, reclaim_root_t root, enum ti_kind want, struct gc_obj **out) {
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  const char *name = want == TI_STRUCT ? "struct" : "array";
  if (slot->ref == REF_NULL) return err(st, RECLAIM_ERR_TYPE, "root %u holds null, not a %s", root.index, name);
  if (!hkind_traced(slot->kind) || REF_IS_I31(slot->ref) || REF_OBJ(slot->ref)->ti->kind != want)
    return err(st, RECLAIM_ERR_TYPE, "root %u does not hold a %s", root.index, name);
  *out = REF_OBJ(slot->ref);
  return RECLAIM_OK;
}

static reclaim_status_t oom(struct wasm_store_t *st) {
  return err(st, RECLAIM_ERR_OOM, "GC heap out of memory");
}

/* ---- creation ---- */

reclaim_status_t reclaim_struct_new(wasm_store_t *st, reclaim_type_t type, const reclaim_val_t *fields,
                                    size_t nfields, reclaim_root_t *out) {
  static const reclaim_root_t none;
  *out = none;
  const struct typeinfo *ti = NULL;
  reclaim_status_t s = type_info(st, type, &ti);
  if (s != RECLAIM_OK) return s;
  if (ti->kind != TI_STRUCT) return err(st, RECLAIM_ERR_TYPE, "reclaim_struct_new: type %u is an array type", type.id);
  uint32_t n = ti->comp.st.nfields;
  if (!(fields == NULL && nfields == 0) && nfields != n)
    return err(st, RECLAIM_ERR_TYPE, "reclaim_struct_new: %zu field values given, the struct type has %u", nfields, n);
  uint64_t small[16];
  uint64_t *bits = n <= 16 ? small : rc_calloc(n, sizeof *bits);
  for (uint32_t i = 0; i < n; i++) {
    valtype t = ti->comp.st.fields[i].type;
    char what[48];
    snprintf(what, sizeof what, "field %u", i);
    if (!fields) {
      bits[i] = 0;
      if (VT_IS_REF(t) && !VT_NULLABLE(t)) s = err(st, RECLAIM_ERR_TYPE, "%s: a non-nullable reference has no default", what);
    } else {
      s = value_bits(st, &fields[i], t, &bits[i], what);
    }
    if (s != RECLAIM_OK) break;
  }
  if (s == RECLAIM_OK) {
    struct gc_obj *o = gc_alloc(st->s->heap, ti, ti->payload_size, 0);
    if (!o) {
      s = oom(st);
    } else {
      *out = result_root(st, HK_VALUE, OBJ_REF(o));
      /* Reference values were checked above; re-read their slots now that
       * the allocation (which may have collected) is done. */
      for (uint32_t i = 0; i < n; i++) {
        valtype t = ti->comp.st.fields[i].type;
        if (fields && VT_IS_REF(t)) {
          struct root_slot *slot;
          lookup(st, fields[i].of.ref, &slot);
          bits[i] = slot ? slot->ref : REF_NULL;
        }
        if (VT_CODE(t) != VT_V128) store_field(GC_PAYLOAD(o) + ti->field_offsets[i], t, bits[i]);
      }
    }
  }
  if (bits != small) free(bits);
  return s;
}

reclaim_status_t reclaim_array_new(wasm_store_t *st, reclaim_type_t type, uint32_t len, const reclaim_val_t *init,
                                   reclaim_root_t *out) {
  static const reclaim_root_t none;
  *out = none;
  const struct typeinfo *ti = NULL;
  reclaim_status_t s = type_info(st, type, &ti);
  if (s != RECLAIM_OK) return s;
  if (ti->kind != TI_ARRAY) return err(st, RECLAIM_ERR_TYPE, "reclaim_array_new: type %u is a struct type", type.id);
  valtype t = ti->comp.array.type;
  uint64_t bits = 0;
  if (init) {
    s = value_bits(st, init, t, &bits, "array element");
    if (s != RECLAIM_OK) return s;
  } else if (VT_IS_REF(t) && !VT_NULLABLE(t) && len) {
    return err(st, RECLAIM_ERR_TYPE, "array element: a non-nullable reference has no default");
  }
  uint64_t payload = (uint64_t)len * ti->elem_size;
  if (payload > ((uint64_t)1 << 40)) return oom(st);
  struct gc_obj *o = gc_alloc(st->s->heap, ti, (size_t)payload, len);
  if (!o) return oom(st);
  *out = result_root(st, HK_VALUE, OBJ_REF(o));
  if (init && VT_IS_REF(t)) {
    struct root_slot *slot;
    lookup(st, init->of.ref, &slot);
    bits = slot ? slot->ref : REF_NULL;
  }
  if (bits)
    for (uint32_t i = 0; i < len; i++) store_field(GC_PAYLOAD(o) + (size_t)i * ti->elem_size, t, bits);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_i31_new(wasm_store_t *st, int32_t value, reclaim_root_t *out) {
  *out = result_root(st, HK_VALUE, REF_FROM_I31(value));
  return RECLAIM_OK;
}

reclaim_status_t reclaim_extern_new(wasm_store_t *st, void *data, void (*finalizer)(void *), reclaim_root_t *out) {
  static const reclaim_root_t none;
  *out = none;
  wasm_foreign_t *f = wasm_foreign_new(st);
  if (!f) return oom(st);
  wasm_foreign_set_host_info_with_finalizer(f, data, finalizer);
  *out = result_root(st, HK_FOREIGN, handle_ref(HC(f)));
  wasm_foreign_delete(f);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_extern_data(wasm_store_t *st, reclaim_root_t root, void **out) {
  *out = NULL;
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  if (slot->kind != HK_FOREIGN || slot->ref == REF_NULL)
    return err(st, RECLAIM_ERR_TYPE, "root %u does not hold host data (an extern made by the host)", root.index);
  const struct foreign_rec *fr = (const struct foreign_rec *)(uintptr_t)HOSTBOX_VALUE(REF_OBJ(slot->ref));
  *out = fr->info;
  return RECLAIM_OK;
}

reclaim_status_t reclaim_i31_get(wasm_store_t *st, reclaim_root_t root, bool sign, int32_t *out) {
  *out = 0;
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  if (!hkind_traced(slot->kind) || !REF_IS_I31(slot->ref))
    return err(st, RECLAIM_ERR_TYPE, "root %u does not hold an i31ref", root.index);
  *out = sign ? REF_I31_S(slot->ref) : (int32_t)REF_I31_U(slot->ref);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_ref_kind(wasm_store_t *st, reclaim_root_t root, reclaim_ref_kind_t *out) {
  *out = RECLAIM_REF_NULL;
  struct root_slot *slot;
  reclaim_status_t s = lookup(st, root, &slot);
  if (s != RECLAIM_OK || !slot || slot->ref == REF_NULL) return s;
  if (slot->kind == HK_FUNC) *out = RECLAIM_REF_FUNC;
  else if (!hkind_traced(slot->kind)) *out = RECLAIM_REF_OTHER;
  else if (REF_IS_I31(slot->ref)) *out = RECLAIM_REF_I31;
  else {
    enum ti_kind k = REF_OBJ(slot->ref)->ti->kind;
    *out = k == TI_STRUCT ? RECLAIM_REF_STRUCT : k == TI_ARRAY ? RECLAIM_REF_ARRAY : k == TI_HOST ? RECLAIM_REF_EXTERN : RECLAIM_REF_OTHER;
  }
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_type(wasm_store_t *st, reclaim_root_t root, reclaim_type_t *out) {
  out->id = 0;
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  if (!hkind_traced(slot->kind) || slot->ref == REF_NULL || REF_IS_I31(slot->ref) ||
      (REF_OBJ(slot->ref)->ti->kind != TI_STRUCT && REF_OBJ(slot->ref)->ti->kind != TI_ARRAY))
    return err(st, RECLAIM_ERR_TYPE, "root %u does not hold a struct or array", root.index);
  out->id = REF_OBJ(slot->ref)->ti->id;
  return RECLAIM_OK;
}

/* ---- field and element access ---- */

/* The struct root obj holds, which has a field number `field`. */
static reclaim_status_t struct_with_field(wasm_store_t *st, reclaim_root_t obj, uint32_t field, struct gc_obj **o) {
  reclaim_status_t s = object_of(st, obj, TI_STRUCT, o);
  if (s != RECLAIM_OK) return s;
  uint32_t n = (*o)->ti->comp.st.nfields;
  if (field >= n) return err(st, RECLAIM_ERR_BOUNDS, "field %u of a struct with %u fields", field, n);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_struct_get(wasm_store_t *st, reclaim_root_t obj, uint32_t field, reclaim_val_t *out) {
  memset(out, 0, sizeof *out);
  struct gc_obj *o;
  reclaim_status_t s = struct_with_field(st, obj, field, &o);
  if (s != RECLAIM_OK) return s;
  const struct typeinfo *ti = o->ti;
  return load_field(st, GC_PAYLOAD(o) + ti->field_offsets[field], ti->comp.st.fields[field].type, out);
}

reclaim_status_t reclaim_struct_set(wasm_store_t *st, reclaim_root_t obj, uint32_t field, const reclaim_val_t *value) {
  struct gc_obj *o;
  reclaim_status_t s = struct_with_field(st, obj, field, &o);
  if (s != RECLAIM_OK) return s;
  const struct typeinfo *ti = o->ti;
  const struct fieldtype *f = &ti->comp.st.fields[field];
  if (!f->mut) return err(st, RECLAIM_ERR_IMMUTABLE, "field %u is immutable", field);
  char what[48];
  snprintf(what, sizeof what, "field %u", field);
  uint64_t bits;
  s = value_bits(st, value, f->type, &bits, what);
  if (s != RECLAIM_OK) return s;
  store_field(GC_PAYLOAD(o) + ti->field_offsets[field], f->type, bits);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_array_len(wasm_store_t *st, reclaim_root_t arr, uint32_t *out) {
  *out = 0;
  struct gc_obj *o;
  reclaim_status_t s = object_of(st, arr, TI_ARRAY, &o);
  if (s == RECLAIM_OK) *out = o->len;
  return s;
}

reclaim_status_t reclaim_array_get(wasm_store_t *st, reclaim_root_t arr, uint32_t index, reclaim_val_t *out) {
  memset(out, 0, sizeof *out);
  struct gc_obj *o;
  reclaim_status_t s = object_of(st, arr, TI_ARRAY, &o);
  if (s != RECLAIM_OK) return s;
  if (index >= o->len) return err(st, RECLAIM_ERR_BOUNDS, "element %u of an array of length %u", index, o->len);
  const struct typeinfo *ti = o->ti;
  return load_field(st, GC_PAYLOAD(o) + (size_t)index * ti->elem_size, ti->comp.array.type, out);
}

reclaim_status_t reclaim_array_set(wasm_store_t *st, reclaim_root_t arr, uint32_t index, const reclaim_val_t *value) {
  struct gc_obj *o;
  reclaim_status_t s = object_of(st, arr, TI_ARRAY, &o);
  if (s != RECLAIM_OK) return s;
  const struct typeinfo *ti = o->ti;
  if (!ti->comp.array.mut) return err(st, RECLAIM_ERR_IMMUTABLE, "the array's elements are immutable");
  if (index >= o->len) return err(st, RECLAIM_ERR_BOUNDS, "element %u of an array of length %u", index, o->len);
  uint64_t bits;
  s = value_bits(st, value, ti->comp.array.type, &bits, "array element");
  if (s != RECLAIM_OK) return s;
  store_field(GC_PAYLOAD(o) + (size_t)index * ti->elem_size, ti->comp.array.type, bits);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_keep(wasm_store_t *st, reclaim_root_t root, const char *label, reclaim_root_t *out) {
  static const reclaim_root_t none;
  *out = none;
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  uint8_t kind = slot->kind;
  rc_ref ref = slot->ref;
  *out = roots_add(&st->roots, ROOT_OWNED, kind, ref, NULL, 0); /* may move the slot array: slot is stale now */
  if (label) st->roots.slots[out->index].label = rc_strdup(label);
  return RECLAIM_OK;
}

/* ---- calls ---- */

reclaim_status_t reclaim_func_call(wasm_store_t *st, const wasm_func_t *func, const reclaim_val_t *args, size_t nargs,
                                   reclaim_val_t *results, size_t nresults, wasm_trap_t **trap) {
  if (trap) *trap = NULL;
  if (!st || !func) return RECLAIM_ERR_NULL_HANDLE;
  const struct handle *h = HC(func);
  if (h->store != st) return err(st, RECLAIM_ERR_WRONG_STORE, "reclaim_func_call: a function of another store");
  struct funcinst *f = h->obj;
  const struct typeinfo *ti = f->type;
  const struct functype *ft = &ti->comp.func;
  if (nargs != ft->nparams)
    return err(st, RECLAIM_ERR_TYPE, "reclaim_func_call: %zu arguments given, the function takes %u", nargs, ft->nparams);
  uint32_t nslots = RC_MAX(ti->param_slots, ti->result_slots);
  uint64_t small[16];
  uint64_t *slots = nslots <= 16 ? small : rc_calloc(nslots, sizeof *slots);
  reclaim_status_t s = RECLAIM_OK;
  for (uint32_t i = 0, k = 0; i < ft->nparams && s == RECLAIM_OK; i++) {
    char what[48];
    snprintf(what, sizeof what, "argument %u", i);
    s = value_bits(st, &args[i], ft->params[i], &slots[k], what);
    k += vt_slots(ft->params[i]);
  }
  if (s != RECLAIM_OK) {
    if (slots != small) free(slots);
    return s;
  }
  for (size_t i = 0; i < nresults; i++) memset(&results[i], 0, sizeof results[i]);
  struct rc_error e;
  rc_error_clear(&e);
  retention_clear(st);
  if (interp_call(st->s, f, slots, &e)) {
    for (uint32_t i = 0, k = 0; i < ft->nresults && i < nresults; i++) {
      valtype t = ft->results[i];
      if (VT_IS_REF(t)) {
        rc_ref r = (rc_ref)slots[k];
        results[i].kind = valkind_of(t);
        if (r != REF_NULL) {
          uint8_t kind = results[i].kind == WASM_FUNCREF ? HK_FUNC
                         : !REF_IS_I31(r) && REF_OBJ(r)->ti == &api_foreign_ti ? HK_FOREIGN
                                                                                : HK_VALUE;
          results[i].of.ref = result_root(st, kind, r);
        }
      } else {
        store_field((uint8_t *)&results[i].of, t, slots[k]);
        results[i].kind = valkind_of(t);
      }
      k += vt_slots(t);
    }
  } else {
    wasm_trap_t *tr = trap_make(st, e.msg[0] ? e.msg : rc_errkind_name(e.kind),
                                e.kind == RC_ERR_TRAP || e.kind == RC_ERR_EXHAUSTION || e.kind == RC_ERR_EXCEPTION);
    retention_attach(st, tr);
    err(st, RECLAIM_ERR_TRAP, "%s", e.msg[0] ? e.msg : rc_errkind_name(e.kind));
    if (trap) *trap = tr;
    else wasm_trap_delete(tr);
    s = RECLAIM_ERR_TRAP;
  }
  if (slots != small) free(slots);
  return s;
}
