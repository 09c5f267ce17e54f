/* Import resolution and import type matching (the spec's "external type
 * matching"): functions by subtyping of canonical function types, tables by
 * equal element types and limits subsumption, memories by limits, globals by
 * mutability and (sub)type, tags by equal types. Limits compare the
 * object's current size with the import's minimum, and its declared maximum
 * with the import's maximum. */
#include "runtime/rt.h"

#include <stdlib.h>

static bool limits_match(uint64_t cur_min, const struct limits *have, const struct limits *want) {
  if (have->is64 != want->is64) return false;
  if (cur_min < want->min) return false;
  if (want->has_max) {
    if (!have->has_max) return false;
    if (have->max > want->max) return false;
  }
  return true;
}

static bool incompatible(struct rc_error *err, const struct import *imp, const char *why) {
  return rc_fail(err, RC_ERR_LINK, imp->offset, "incompatible import type for \"%s\" \"%s\": %s",
                 imp->module.data, imp->field.data, why);
}

bool import_matches(struct store *s, const struct module *m, const struct import *imp,
                    const struct rc_extern *ext, struct rc_error *err) {
  const struct typestore *ts = s->engine->types;
  if (ext->kind != imp->kind) return incompatible(err, imp, "wrong kind of external");
  switch (imp->kind) {
  case EXT_FUNC: {
    const struct typeinfo *want = types_get(ts, m->types[imp->func_type].canon);
    if (!types_id_sub(ext->func->type, want)) return incompatible(err, imp, "function type mismatch");
    return true;
  }
  case EXT_TABLE: {
    const struct tableinst *t = ext->table;
    if (t->elem != types_canon_valtype(m, imp->table.elem))
      return incompatible(err, imp, "table element type mismatch");
    if (!limits_match(t->size, &t->type, &imp->table.lim)) return incompatible(err, imp, "table limits mismatch");
    return true;
  }
  case EXT_MEMORY: {
    const struct meminst *mem = ext->mem;
    if (!limits_match(mem->size / RC_PAGE_SIZE, &mem->type, &imp->mem))
      return incompatible(err, imp, "memory limits mismatch");
    return true;
  }
  case EXT_GLOBAL: {
    const struct globalinst *g = ext->global;
    valtype want = types_canon_valtype(m, imp->global.type);
    if (g->mut != imp->global.mut) return incompatible(err, imp, "global mutability mismatch");
    if (g->mut ? g->type != want : !types_val_sub(ts, g->type, want))
      return incompatible(err, imp, "global type mismatch");
    return true;
  }
  case EXT_TAG: {
    const struct typeinfo *want = types_get(ts, m->types[imp->tag_type].canon);
    if (ext->tag->type != want) return incompatible(err, imp, "tag type mismatch");
    return true;
  }
  }
  return incompatible(err, imp, "unknown external kind");
}

/* ---- linker ---- */

struct linker_entry {
  char *name;
  size_t len;
  struct instance *inst;  /* or: */
  linker_host_fn host;
  void *ud;
};

struct linker {
  RC_VEC(struct linker_entry) entries;
};

struct linker *linker_new(void) { return rc_calloc(1, sizeof(struct linker)); }

void linker_free(struct linker *l) {
  if (!l) return;
  for (size_t i = 0; i < l->entries.len; i++) free(l->entries.data[i].name);
  rc_vec_free(l->entries);
  free(l);
}

static struct linker_entry *find_entry(struct linker *l, const char *name, size_t len) {
  for (size_t i = 0; i < l->entries.len; i++) {
    struct linker_entry *e = &l->entries.data[i];
    if (e->len == len && memcmp(e->name, name, len) == 0) return e;
  }
  return NULL;
}

static struct linker_entry *entry_for(struct linker *l, const char *name, size_t len) {
  struct linker_entry *e = find_entry(l, name, len);
  if (e) return e;
  struct linker_entry ne = {rc_strndup(name, len), len, NULL, NULL, NULL};
  rc_vec_push(l->entries, ne);
  return &l->entries.data[l->entries.len - 1];
}

void linker_define_instance(struct linker *l, const char *name, size_t len, struct instance *inst) {
  struct linker_entry *e = entry_for(l, name, len);
  e->inst = inst;
  e->host = NULL;
  e->ud = NULL;
}

void linker_define_host(struct linker *l, const char *name, size_t len, linker_host_fn fn, void *ud) {
  struct linker_entry *e = entry_for(l, name, len);
  e->inst = NULL;
  e->host = fn;
  e->ud = ud;
}

bool linker_resolve(struct linker *l, struct store *s, const struct module *m, struct rc_extern *out,
                    struct rc_error *err) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    const struct import *imp = &m->imports[i];
    struct linker_entry *e = find_entry(l, imp->module.data, imp->module.len);
    bool found = false;
    if (e && e->inst) found = instance_export(e->inst, imp->field.data, imp->field.len, &out[i]);
    else if (e && e->host) found = e->host(e->ud, s, m, imp, &out[i]);
    if (!found)
      return rc_fail(err, RC_ERR_LINK, imp->offset, "unknown import \"%s\" \"%s\"", imp->module.data,
                     imp->field.data);
  }
  return true;
}
