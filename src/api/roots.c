/* The root table (roots.h): slots, generations, scopes, stale-handle
 * diagnosis. Knows nothing of wasm.h objects beyond an opaque owner. */
#include "api/roots.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* A slot whose generation reaches this is retired rather than reused, so a
 * generation never wraps around to name a new root with an old handle. */
#define GEN_RETIRE UINT32_MAX

void roots_init(struct root_table *t, uint32_t store_id) {
  memset(t, 0, sizeof *t);
  t->store_id = store_id;
  t->cap = 64;
  t->slots = rc_calloc(t->cap, sizeof *t->slots);
  t->len = 1; /* slot 0 is never used */
  t->next_scope = 1;
}

void roots_fini(struct root_table *t) {
  for (uint32_t i = 1; i < t->len; i++) free(t->slots[i].label);
  free(t->slots);
  rc_vec_free(t->scopes);
  rc_vec_free(t->scoped);
  t->slots = NULL;
  t->len = t->cap = 0;
}

reclaim_status_t roots_error(struct root_table *t, reclaim_status_t status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(t->err, sizeof t->err, fmt, ap);
  va_end(ap);
  return status;
}

static uint32_t take_slot(struct root_table *t) {
  if (t->free_head) {
    uint32_t i = t->free_head;
    t->free_head = t->slots[i].next_free;
    if (!t->free_head) t->free_tail = 0;
    return i;
  }
  if (t->len == t->cap) {
    t->cap *= 2;
    t->slots = rc_realloc(t->slots, t->cap * sizeof *t->slots);
  }
  uint32_t i = t->len++;
  memset(&t->slots[i], 0, sizeof t->slots[i]);
  t->slots[i].gen = 1;
  return i;
}

reclaim_root_t roots_add(struct root_table *t, enum root_class cls, uint8_t kind, rc_ref ref,
                         void *owner, uint32_t scope) {
  uint32_t i = take_slot(t);
  struct root_slot *s = &t->slots[i];
  s->ref = ref;
  s->owner = owner;
  s->label = NULL;
  s->scope = scope;
  s->next_free = 0;
  s->live = 1;
  s->cls = (uint8_t)cls;
  s->kind = kind;
  t->nlive[cls]++;
  if (scope) {
    struct scoped_entry e = {i, s->gen};
    rc_vec_push(t->scoped, e);
  }
  reclaim_root_t r = {t->store_id, i, s->gen, scope};
  return r;
}

void roots_release_slot(struct root_table *t, uint32_t index, enum root_release why) {
  struct root_slot *s = &t->slots[index];
  if (!s->live) return;
  /* A scoped root released in LIFO order leaves the scope's stack too, so a
   * long-lived scope with create/release loops does not grow it. */
  if (s->scope && t->scoped.len && t->scoped.data[t->scoped.len - 1].index == index &&
      t->scoped.data[t->scoped.len - 1].gen == s->gen)
    t->scoped.len--;
  t->nlive[s->cls]--;
  free(s->label);
  s->label = NULL;
  s->live = 0;
  s->ref = REF_NULL; /* a released slot keeps nothing alive */
  s->owner = NULL;
  s->released = (uint8_t)why;
  s->gen++;
  if (s->gen == GEN_RETIRE) return; /* never reused */
  s->next_free = 0;
  if (t->free_tail) t->slots[t->free_tail].next_free = index;
  else t->free_head = index;
  t->free_tail = index;
}

static bool scope_is_open(const struct root_table *t, uint32_t id) {
  for (size_t i = t->scopes.len; i-- > 0;)
    if (t->scopes.data[i].id == id) return true;
  return false;
}

uint32_t roots_current_scope(const struct root_table *t) {
  return t->scopes.len ? t->scopes.data[t->scopes.len - 1].id : 0;
}

static const char *release_reason(enum root_release why) {
  switch (why) {
  case REL_EXPLICIT: return "released by reclaim_root_release";
  case REL_SCOPE: return "released when its scope closed";
  case REL_OBJECT: return "released when its wasm.h object was deleted";
  default: return "released";
  }
}

reclaim_status_t roots_lookup(struct root_table *t, reclaim_root_t root, bool releasing,
                              struct root_slot **slot) {
  const char *op = releasing ? "release" : "use";
  if (root.store == 0 && root.index == 0)
    return roots_error(t, RECLAIM_ERR_NULL_HANDLE, "%s of a null root handle", op);
  if (root.store != t->store_id)
    return roots_error(t, RECLAIM_ERR_WRONG_STORE,
                       "%s of root %u: it belongs to store #%u, not to this store (#%u)", op,
                       root.index, root.store, t->store_id);
  if (root.index == 0 || root.index >= t->len || root.gen == 0 || root.gen > t->slots[root.index].gen)
    return roots_error(t, RECLAIM_ERR_BAD_HANDLE, "%s of root %u (generation %u): not a root this store issued",
                       op, root.index, root.gen);
  struct root_slot *s = &t->slots[root.index];
  if (s->live && s->gen == root.gen) {
    if (root.scope != s->scope)
      return roots_error(t, RECLAIM_ERR_BAD_HANDLE, "%s of root %u: the handle's scope does not match the root's",
                         op, root.index);
    *slot = s;
    return RECLAIM_OK;
  }
  /* Stale: the slot was released since this handle was issued. The slot
   * remembers why only if it was released exactly once since; otherwise a
   * closed scope still explains it. */
  bool exact = s->gen == root.gen + 1;
  bool by_scope = exact ? s->released == REL_SCOPE : root.scope && !scope_is_open(t, root.scope);
  if (by_scope)
    return roots_error(t, RECLAIM_ERR_SCOPE_CLOSED, "%s of root %u after its scope (#%u) closed", op, root.index,
                       root.scope);
  const char *why = exact ? release_reason((enum root_release)s->released) : "released (its slot has been reused since)";
  if (releasing)
    return roots_error(t, RECLAIM_ERR_DOUBLE_RELEASE, "double release of root %u: it was already %s",
                       root.index, why);
  return roots_error(t, RECLAIM_ERR_RELEASED, "use of root %u after it was %s", root.index, why);
}

reclaim_scope_t roots_scope_open(struct root_table *t) {
  struct scope_rec r = {t->next_scope++, t->scoped.len};
  rc_vec_push(t->scopes, r);
  reclaim_scope_t s = {t->store_id, r.id};
  return s;
}

reclaim_status_t roots_scope_close(struct root_table *t, reclaim_scope_t scope) {
  if (scope.store == 0 && scope.id == 0)
    return roots_error(t, RECLAIM_ERR_NULL_HANDLE, "close of a null scope handle");
  if (scope.store != t->store_id)
    return roots_error(t, RECLAIM_ERR_WRONG_STORE, "close of scope #%u: it belongs to store #%u, not to this store (#%u)",
                       scope.id, scope.store, t->store_id);
  if (scope.id == 0 || scope.id >= t->next_scope)
    return roots_error(t, RECLAIM_ERR_BAD_HANDLE, "close of scope #%u: not a scope this store opened", scope.id);
  if (!scope_is_open(t, scope.id))
    return roots_error(t, RECLAIM_ERR_SCOPE_CLOSED, "close of scope #%u: it is already closed", scope.id);
  uint32_t inner = roots_current_scope(t);
  if (inner != scope.id)
    return roots_error(t, RECLAIM_ERR_SCOPE_ORDER,
                       "close of scope #%u: scope #%u, opened inside it, is still open (scopes close innermost first)",
                       scope.id, inner);
  struct scope_rec r = t->scopes.data[--t->scopes.len];
  while (t->scoped.len > r.mark) {
    struct scoped_entry e = t->scoped.data[--t->scoped.len];
    struct root_slot *s = &t->slots[e.index];
    if (s->live && s->gen == e.gen) roots_release_slot(t, e.index, REL_SCOPE);
  }
  return RECLAIM_OK;
}

void roots_visit(struct root_table *t, roots_traced_fn traced, struct gc_heap *h, gc_visit_fn visit) {
  for (uint32_t i = 1; i < t->len; i++) {
    struct root_slot *s = &t->slots[i];
    if (!s->live || s->ref == REF_NULL || REF_IS_I31(s->ref) || !traced(s->kind) || i == t->exclude) continue;
    visit(h, &s->ref);
  }
}

void roots_foreach(struct root_table *t, void (*fn)(void *ud, uint32_t index, struct root_slot *slot),
                   void *ud) {
  for (uint32_t i = 1; i < t->len; i++)
    if (t->slots[i].live) fn(ud, i, &t->slots[i]);
}
