/* Modules and instances of wasm.h.
 *
 * A module is decoded, validated and compiled once per engine (its code and
 * canonical types are engine-wide) and shared by reference count: module
 * handles, shared modules and every store that instantiated it hold a
 * count, because the runtime's instances use the module's data until their
 * store is deleted. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>

void module_data_retain(struct module_data *md) { __atomic_add_fetch(&md->refs, 1, __ATOMIC_RELAXED); }

void module_data_release(struct module_data *md) {
  if (!md || __atomic_sub_fetch(&md->refs, 1, __ATOMIC_ACQ_REL) != 0) return;
  module_code_free(md->m, md->mc);
  module_free(md->m);
  free(md);
}

static struct module_data *compile(wasm_store_t *st, const wasm_byte_vec_t *binary) {
  struct rc_error err;
  rc_error_clear(&err);
  struct module *m = module_decode((const uint8_t *)binary->data, binary->size, &err);
  if (!m) {
    store_error(st, "malformed module: %s (at byte %lld)", err.msg, (long long)err.offset);
    return NULL;
  }
  struct module_code *mc = interp_compile(m, st->engine->e->types, &err);
  if (!mc) {
    store_error(st, "invalid module: %s", err.msg);
    module_free(m);
    return NULL;
  }
  struct module_data *md = rc_calloc(1, sizeof *md);
  md->refs = 1;
  md->engine = st->engine->e;
  md->m = m;
  md->mc = mc;
  return md;
}

wasm_module_t *wasm_module_new(wasm_store_t *st, const wasm_byte_vec_t *binary) {
  if (!st || !binary) return NULL;
  struct module_data *md = compile(st, binary);
  return md ? (wasm_module_t *)handle_new(st, HK_MODULE, md, 0) : NULL;
}

bool wasm_module_validate(wasm_store_t *st, const wasm_byte_vec_t *binary) {
  if (!st || !binary) return false;
  struct module_data *md = compile(st, binary);
  module_data_release(md);
  return md != NULL;
}

static const struct module_data *md_of(const wasm_module_t *m) { return HC(m)->obj; }

static wasm_externtype_t *func_xtype(const struct module_data *md, uint32_t typeidx) {
  const struct typeinfo *ti = types_get(md->engine->types, md->m->types[typeidx].canon);
  return ti ? wasm_functype_as_externtype(functype_from_info(ti)) : NULL;
}

static wasm_externtype_t *table_xtype(const struct module *m, const struct tabletype *tt) {
  return tabletype_make(types_canon_valtype(m, tt->elem), tt->lim.min, tt->lim.has_max, tt->lim.max);
}

static wasm_externtype_t *global_xtype(const struct module *m, const struct globaltype *gt) {
  return globaltype_make(types_canon_valtype(m, gt->type), gt->mut);
}

static void name_vec(wasm_name_t *out, const struct name *n) { wasm_byte_vec_new(out, n->len, n->data); }

void wasm_module_imports(const wasm_module_t *module, wasm_importtype_vec_t *out) {
  const struct module_data *md = md_of(module);
  const struct module *m = md->m;
  size_t n = 0;
  for (uint32_t i = 0; i < m->nimports; i++) n += m->imports[i].kind != EXT_TAG;
  wasm_importtype_vec_new_uninitialized(out, n);
  n = 0;
  for (uint32_t i = 0; i < m->nimports; i++) {
    const struct import *imp = &m->imports[i];
    wasm_externtype_t *x = NULL;
    switch (imp->kind) {
    case EXT_FUNC: x = func_xtype(md, imp->func_type); break;
    case EXT_TABLE: x = table_xtype(m, &imp->table); break;
    case EXT_MEMORY: x = memorytype_make(imp->mem.min, imp->mem.has_max, imp->mem.max); break;
    case EXT_GLOBAL: x = global_xtype(m, &imp->global); break;
    case EXT_TAG: continue;
    }
    wasm_name_t mod, name;
    name_vec(&mod, &imp->module);
    name_vec(&name, &imp->field);
    out->data[n++] = wasm_importtype_new(&mod, &name, x);
  }
}

void wasm_module_exports(const wasm_module_t *module, wasm_exporttype_vec_t *out) {
  const struct module_data *md = md_of(module);
  const struct module *m = md->m;
  size_t n = 0;
  for (uint32_t i = 0; i < m->nexports; i++) n += m->exports[i].kind != EXT_TAG;
  wasm_exporttype_vec_new_uninitialized(out, n);
  n = 0;
  for (uint32_t i = 0; i < m->nexports; i++) {
    const struct export *ex = &m->exports[i];
    wasm_externtype_t *x = NULL;
    switch (ex->kind) {
    case EXT_FUNC: x = func_xtype(md, m->func_types[ex->index]); break;
    case EXT_TABLE: x = table_xtype(m, &m->tables[ex->index].type); break;
    case EXT_MEMORY: {
      const struct limits *l = &m->mems[ex->index];
      x = memorytype_make(l->min, l->has_max, l->max);
      break;
    }
    case EXT_GLOBAL: x = global_xtype(m, &m->globals[ex->index].type); break;
    case EXT_TAG: continue;
    }
    wasm_name_t name;
    name_vec(&name, &ex->name);
    out->data[n++] = wasm_exporttype_new(&name, x);
  }
}

/* reclaim has no serialized form of a compiled module (compiling is one
 * fast pass): both calls fail cleanly. */
void wasm_module_serialize(const wasm_module_t *module, wasm_byte_vec_t *out) {
  (void)module;
  wasm_byte_vec_new_empty(out);
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *st, const wasm_byte_vec_t *bytes) {
  (void)bytes;
  if (st) store_error(st, "wasm_module_deserialize: reclaim has no serialized module format");
  return NULL;
}

wasm_shared_module_t *wasm_module_share(const wasm_module_t *module) {
  wasm_shared_module_t *s = rc_calloc(1, sizeof *s);
  s->md = HC(module)->obj;
  module_data_retain(s->md);
  return s;
}

void wasm_shared_module_delete(wasm_shared_module_t *s) {
  if (!s) return;
  module_data_release(s->md);
  free(s);
}

wasm_module_t *wasm_module_obtain(wasm_store_t *st, const wasm_shared_module_t *s) {
  if (!st || !s) return NULL;
  if (s->md->engine != st->engine->e) {
    store_error(st, "wasm_module_obtain: the module was compiled for another engine");
    return NULL;
  }
  module_data_retain(s->md);
  return (wasm_module_t *)handle_new(st, HK_MODULE, s->md, 0);
}

/* ---- instances ---- */

static wasm_instance_t *inst_fail(wasm_store_t *st, wasm_trap_t **trap, const char *msg, bool with_trace) {
  store_error(st, "%s", msg);
  if (trap) *trap = trap_make(st, msg, with_trace);
  return NULL;
}

static enum extern_kind extern_kind_of(uint8_t hk) {
  switch (hk) {
  case HK_GLOBAL: return EXT_GLOBAL;
  case HK_TABLE: return EXT_TABLE;
  case HK_MEMORY: return EXT_MEMORY;
  default: return EXT_FUNC;
  }
}

wasm_instance_t *wasm_instance_new(wasm_store_t *st, const wasm_module_t *module, const wasm_extern_vec_t *imports,
                                   wasm_trap_t **trap) {
  if (trap) *trap = NULL;
  if (!st || !module) return NULL;
  struct module_data *md = HC(module)->obj;
  char msg[400];
  if (md->engine != st->engine->e)
    return inst_fail(st, trap, "wasm_instance_new: the module was compiled for another engine", false);
  struct module *m = md->m;
  size_t want = 0, given = imports ? imports->size : 0;
  for (uint32_t i = 0; i < m->nimports; i++) {
    if (m->imports[i].kind == EXT_TAG)
      return inst_fail(st, trap, "wasm_instance_new: tag imports cannot be supplied through the wasm.h API", false);
    want++;
  }
  if (given != want) {
    snprintf(msg, sizeof msg, "wasm_instance_new: the module has %zu imports, %zu were given", want, given);
    return inst_fail(st, trap, msg, false);
  }
  struct rc_extern *ext = rc_calloc(want ? want : 1, sizeof *ext);
  for (size_t i = 0; i < want; i++) {
    const struct handle *h = HC(imports->data[i]);
    const struct import *imp = &m->imports[i];
    const char *bad = !h ? "is NULL" : h->store != st ? "belongs to another store"
                                   : h->kind < HK_FUNC || h->kind > HK_MEMORY ? "is not an extern" : NULL;
    if (bad) {
      snprintf(msg, sizeof msg, "wasm_instance_new: import %zu (%s.%s) %s", i, imp->module.data, imp->field.data,
               bad);
      free(ext);
      return inst_fail(st, trap, msg, false);
    }
    ext[i].kind = extern_kind_of(h->kind);
    switch (ext[i].kind) {
    case EXT_FUNC: ext[i].func = h->obj; break;
    case EXT_TABLE: ext[i].table = h->obj; break;
    case EXT_MEMORY: ext[i].mem = h->obj; break;
    case EXT_GLOBAL: ext[i].global = h->obj; break;
    case EXT_TAG: break;
    }
  }
  /* The runtime's instance (even a failed one) uses m until the store dies. */
  bool retained = false;
  for (size_t i = 0; i < st->modules.len && !retained; i++) retained = st->modules.data[i] == md;
  if (!retained) {
    module_data_retain(md);
    rc_vec_push(st->modules, md);
  }
  struct rc_error err;
  rc_error_clear(&err);
  struct instance *inst = instance_new(st->s, m, md->mc, ext, m->nimports, &err);
  free(ext);
  if (!inst)
    return inst_fail(st, trap, err.msg[0] ? err.msg : rc_errkind_name(err.kind),
                     err.kind == RC_ERR_TRAP || err.kind == RC_ERR_EXHAUSTION || err.kind == RC_ERR_EXCEPTION);
  return (wasm_instance_t *)handle_new(st, HK_INSTANCE, inst, 0);
}

void wasm_instance_exports(const wasm_instance_t *instance, wasm_extern_vec_t *out) {
  const struct handle *h = HC(instance);
  const struct instance *inst = h->obj;
  const struct module *m = inst->mod;
  size_t n = 0;
  for (uint32_t i = 0; i < m->nexports; i++) n += m->exports[i].kind != EXT_TAG;
  wasm_extern_vec_new_uninitialized(out, n);
  n = 0;
  for (uint32_t i = 0; i < m->nexports; i++) {
    const struct export *ex = &m->exports[i];
    struct handle *x = NULL;
    switch (ex->kind) {
    case EXT_FUNC: x = handle_new(h->store, HK_FUNC, inst->funcs[ex->index], 0); break;
    case EXT_TABLE: x = handle_new(h->store, HK_TABLE, inst->tables[ex->index], 0); break;
    case EXT_MEMORY: x = handle_new(h->store, HK_MEMORY, inst->mems[ex->index], 0); break;
    case EXT_GLOBAL: x = handle_new(h->store, HK_GLOBAL, inst->globals[ex->index], 0); break;
    case EXT_TAG: continue;
    }
    out->data[n++] = (wasm_extern_t *)x;
  }
}
