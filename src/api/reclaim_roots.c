/* reclaim.h's root calls: scopes, scoped and owned roots, labels, lookups.
 * Every misuse returns a status and leaves a message in the store
 * (reclaim_store_error); none reads a released slot's value. */
#include "api/api.h"

#include <stdlib.h>

reclaim_scope_t reclaim_scope_open(wasm_store_t *st) { return roots_scope_open(&st->roots); }

reclaim_status_t reclaim_scope_close(wasm_store_t *st, reclaim_scope_t scope) {
  return roots_scope_close(&st->roots, scope);
}

/* The referent of ref as a root slot's (kind, value). */
static reclaim_status_t referent(wasm_store_t *st, const wasm_ref_t *ref, uint8_t *kind, rc_ref *value) {
  if (!ref) {
    *kind = HK_VALUE;
    *value = REF_NULL;
    return RECLAIM_OK;
  }
  const struct handle *h = HC(ref);
  if (h->store != st)
    return roots_error(&st->roots, RECLAIM_ERR_WRONG_STORE,
                       "a root of store #%u cannot hold a reference of another store (#%u)", st->roots.store_id,
                       h->store->roots.store_id);
  if (h->kind == HK_MODULE || h->kind == HK_TRAP)
    return roots_error(&st->roots, RECLAIM_ERR_KIND, "a root cannot hold a %s (it is not a store value)",
                       h->kind == HK_MODULE ? "module" : "trap");
  *kind = h->kind;
  *value = handle_ref(h);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_new(wasm_store_t *st, const wasm_ref_t *ref, reclaim_root_t *out) {
  static const reclaim_root_t none;
  *out = none;
  uint32_t scope = roots_current_scope(&st->roots);
  if (!scope)
    return roots_error(&st->roots, RECLAIM_ERR_NO_SCOPE,
                       "reclaim_root_new needs an open scope (use reclaim_root_new_owned for a root without one)");
  uint8_t kind = HK_VALUE;
  rc_ref value = REF_NULL;
  reclaim_status_t s = referent(st, ref, &kind, &value);
  if (s != RECLAIM_OK) return s;
  *out = roots_add(&st->roots, ROOT_SCOPED, kind, value, NULL, scope);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_new_owned(wasm_store_t *st, const wasm_ref_t *ref, const char *label,
                                        reclaim_root_t *out) {
  static const reclaim_root_t none;
  *out = none;
  uint8_t kind = HK_VALUE;
  rc_ref value = REF_NULL;
  reclaim_status_t s = referent(st, ref, &kind, &value);
  if (s != RECLAIM_OK) return s;
  *out = roots_add(&st->roots, ROOT_OWNED, kind, value, NULL, 0);
  if (label) st->roots.slots[out->index].label = rc_strdup(label);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_release(wasm_store_t *st, reclaim_root_t root) {
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, true, &slot);
  if (s != RECLAIM_OK) return s;
  if (slot->cls == ROOT_OBJECT)
    return roots_error(&st->roots, RECLAIM_ERR_HANDLE_OWNED,
                       "root %u belongs to a wasm.h object: delete the object instead of releasing its root",
                       root.index);
  roots_release_slot(&st->roots, root.index, REL_EXPLICIT);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_get(wasm_store_t *st, reclaim_root_t root, wasm_ref_t **out) {
  *out = NULL;
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  if (slot->ref == REF_NULL) return RECLAIM_OK;
  void *obj = hkind_traced(slot->kind) ? NULL : (void *)(uintptr_t)slot->ref;
  *out = (wasm_ref_t *)handle_new(st, (enum hkind)slot->kind, obj, slot->ref);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_set(wasm_store_t *st, reclaim_root_t root, const wasm_ref_t *ref) {
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  if (slot->cls == ROOT_OBJECT)
    return roots_error(&st->roots, RECLAIM_ERR_HANDLE_OWNED,
                       "root %u belongs to a wasm.h object, which always names the same referent", root.index);
  uint8_t kind = HK_VALUE;
  rc_ref value = REF_NULL;
  s = referent(st, ref, &kind, &value);
  if (s != RECLAIM_OK) return s;
  slot->kind = kind;
  slot->ref = value;
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_set_label(wasm_store_t *st, reclaim_root_t root, const char *label) {
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  free(slot->label);
  slot->label = label ? rc_strdup(label) : NULL;
  return RECLAIM_OK;
}

reclaim_status_t reclaim_root_label(wasm_store_t *st, reclaim_root_t root, const char **out) {
  *out = NULL;
  struct root_slot *slot;
  reclaim_status_t s = roots_lookup(&st->roots, root, false, &slot);
  if (s != RECLAIM_OK) return s;
  *out = slot->label;
  return RECLAIM_OK;
}

bool reclaim_root_is_live(const wasm_store_t *st, reclaim_root_t root) {
  const struct root_table *t = &st->roots;
  if (root.store != t->store_id || root.index == 0 || root.index >= t->len) return false;
  const struct root_slot *s = &t->slots[root.index];
  return s->live && s->gen == root.gen && s->scope == root.scope;
}

reclaim_root_t reclaim_ref_root(const wasm_ref_t *ref) {
  reclaim_root_t r = {0, 0, 0, 0};
  if (!ref || HC(ref)->index == 0) return r;
  r.store = HC(ref)->store->roots.store_id;
  r.index = HC(ref)->index;
  r.gen = HC(ref)->gen;
  return r;
}

_Static_assert(RECLAIM_ROOT_OBJECT == (int)ROOT_OBJECT && RECLAIM_ROOT_SCOPED == (int)ROOT_SCOPED &&
                   RECLAIM_ROOT_OWNED == (int)ROOT_OWNED,
               "public root classes are the table's");

static const char *kind_name(const struct root_slot *s) {
  switch (s->kind) {
  case HK_FUNC: return "func";
  case HK_GLOBAL: return "global";
  case HK_TABLE: return "table";
  case HK_MEMORY: return "memory";
  case HK_INSTANCE: return "instance";
  case HK_MODULE: return "module";
  case HK_TRAP: return "trap";
  case HK_FOREIGN: return "foreign";
  default: return s->ref == REF_NULL ? "null" : "value";
  }
}

void reclaim_store_foreach_root(const wasm_store_t *st, void (*fn)(void *ud, const reclaim_root_info_t *info),
                                void *ud) {
  const struct root_table *t = &st->roots;
  for (uint32_t i = 1; i < t->len; i++) {
    const struct root_slot *s = &t->slots[i];
    if (!s->live) continue;
    reclaim_root_info_t info;
    info.root.store = t->store_id;
    info.root.index = i;
    info.root.gen = s->gen;
    info.root.scope = s->scope;
    info.root_class = (reclaim_root_class_t)s->cls;
    info.kind = kind_name(s);
    info.label = s->label;
    fn(ud, &info);
  }
}
