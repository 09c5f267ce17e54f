/* Wasm exceptions at the C API boundary (reclaim.h "Exceptions"): exception
 * traps (an uncaught exception's tag and payload), tags as plain-data
 * handles, and host callbacks that throw.
 *
 * An exception trap's data holds its exception in an owned root of the
 * store's root table (label "uncaught exception"), so the GC keeps the
 * payload alive for as long as the trap (or a copy) lives. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>

#define EXN_LABEL "uncaught exception"

/* ---- exception traps ---- */

static void attach(struct wasm_store_t *st, wasm_trap_t *trap, rc_ref exn) {
  struct trap_data *td = H(trap)->obj;
  reclaim_root_t r = roots_add(&st->roots, ROOT_OWNED, HK_VALUE, exn, NULL, 0);
  st->roots.slots[r.index].label = rc_strdup(EXN_LABEL);
  td->exn_store = st;
  td->exn_root = r.index;
  td->exn_gen = r.gen;
}

void trap_attach_exception(struct wasm_store_t *st, wasm_trap_t *trap) {
  /* taken, so a later trap (say, from instantiation) cannot pick it up */
  rc_ref exn = interp_take_exception(st->s);
  if (exn) attach(st, trap, exn);
}

rc_ref trap_exception(const struct trap_data *td) {
  if (!td->exn_root) return 0;
  const struct root_table *t = &td->exn_store->roots;
  const struct root_slot *s = &t->slots[td->exn_root];
  return s->live && s->gen == td->exn_gen ? s->ref : 0;
}

void trap_release_exception(struct trap_data *td) {
  if (!td->exn_root) return;
  struct root_table *t = &td->exn_store->roots;
  /* when the store is deleted its slots go in slot order: this one may be gone */
  if (td->exn_root < t->len && t->slots[td->exn_root].live && t->slots[td->exn_root].gen == td->exn_gen)
    roots_release_slot(t, td->exn_root, REL_OBJECT);
  td->exn_root = 0;
}

bool reclaim_trap_is_exception(const wasm_trap_t *trap) {
  return trap && HC(trap)->kind == HK_TRAP && trap_exception(HC(trap)->obj) != 0;
}

/* ---- tags ---- */

static reclaim_tag_t tag_handle(struct wasm_store_t *st, const struct taginst *tag) {
  reclaim_tag_t h = {0, 0};
  for (size_t i = 0; i < st->s->tags.len; i++) {
    if (st->s->tags.data[i] == tag) {
      h.store = st->roots.store_id;
      h.index = (uint32_t)i + 1;
      break;
    }
  }
  return h;
}

static reclaim_status_t tag_of(struct wasm_store_t *st, reclaim_tag_t h, struct taginst **out) {
  *out = NULL;
  if (!h.index) return roots_error(&st->roots, RECLAIM_ERR_NULL_HANDLE, "no tag (a zero tag handle)");
  if (h.store != st->roots.store_id)
    return roots_error(&st->roots, RECLAIM_ERR_WRONG_STORE, "a tag of another store");
  if (h.index > st->s->tags.len)
    return roots_error(&st->roots, RECLAIM_ERR_BAD_HANDLE, "tag handle %u was never issued", h.index);
  *out = st->s->tags.data[h.index - 1];
  return RECLAIM_OK;
}

reclaim_status_t reclaim_instance_tag(wasm_store_t *st, const wasm_instance_t *instance, const char *name,
                                      reclaim_tag_t *out) {
  if (out) out->store = out->index = 0;
  if (!st) return RECLAIM_ERR_NULL_HANDLE;
  if (!instance || !name || !out)
    return roots_error(&st->roots, RECLAIM_ERR_NULL_HANDLE, "reclaim_instance_tag: NULL argument");
  if (HC(instance)->store != st)
    return roots_error(&st->roots, RECLAIM_ERR_WRONG_STORE, "reclaim_instance_tag: an instance of another store");
  const struct instance *inst = HC(instance)->obj;
  struct rc_extern ext;
  if (!instance_export(inst, name, strlen(name), &ext) || ext.kind != EXT_TAG)
    return roots_error(&st->roots, RECLAIM_ERR_TYPE, "the instance exports no tag \"%s\"", name);
  *out = tag_handle(st, ext.tag);
  return RECLAIM_OK;
}

reclaim_status_t reclaim_tag_type(wasm_store_t *st, reclaim_tag_t h, wasm_functype_t **out) {
  if (!st) return RECLAIM_ERR_NULL_HANDLE;
  if (!out) return roots_error(&st->roots, RECLAIM_ERR_NULL_HANDLE, "reclaim_tag_type: NULL argument");
  *out = NULL;
  struct taginst *tag;
  reclaim_status_t s = tag_of(st, h, &tag);
  if (s != RECLAIM_OK) return s;
  *out = functype_from_info(tag->type);
  return RECLAIM_OK;
}

size_t reclaim_tag_name(wasm_store_t *st, reclaim_tag_t h, char *buf, size_t size) {
  char name[200] = "no tag";
  struct taginst *tag;
  if (st && tag_of(st, h, &tag) == RECLAIM_OK) interp_tag_name(st->s, tag, name, sizeof name);
  return (size_t)snprintf(buf, size, "%s", name);
}

/* ---- throwing and inspecting ---- */

wasm_trap_t *reclaim_exception_new(wasm_store_t *st, reclaim_tag_t h, const wasm_val_vec_t *args) {
  if (!st) return NULL;
  struct taginst *tag;
  if (tag_of(st, h, &tag) != RECLAIM_OK) return NULL;
  const struct functype *ft = &tag->type->comp.func;
  size_t nargs = args ? args->size : 0;
  if (nargs != ft->nparams) {
    store_error(st, "reclaim_exception_new: %zu values given, the tag takes %u", nargs, ft->nparams);
    return NULL;
  }
  uint32_t nslots = tag->type->param_slots;
  uint64_t *slots = rc_calloc(nslots ? nslots : 1, sizeof *slots);
  char msg[200];
  uint32_t k = 0;
  for (uint32_t i = 0; i < ft->nparams; i++) {
    if (!val_to_slots(st, &args->data[i], ft->params[i], &slots[k], msg, sizeof msg)) {
      free(slots);
      store_error(st, "reclaim_exception_new: value %u: %s", i, msg);
      return NULL;
    }
    k += vt_slots(ft->params[i]);
  }
  /* the values' references are rooted by the caller's objects (and by
   * interp_exn_new while it allocates) */
  struct rc_error err;
  rc_error_clear(&err);
  rc_ref exn = interp_exn_new(st->s, tag, slots, &err);
  free(slots);
  if (!exn) {
    store_error(st, "reclaim_exception_new: %s", err.msg);
    return NULL;
  }
  char name[200], tmsg[240];
  interp_tag_name(st->s, tag, name, sizeof name);
  snprintf(tmsg, sizeof tmsg, "uncaught exception: %s", name);
  wasm_trap_t *trap = trap_make(st, tmsg, false); /* allocates no GC object */
  attach(st, trap, exn);
  return trap;
}

bool reclaim_trap_exception(const wasm_trap_t *trap, reclaim_tag_t *tag, wasm_val_vec_t *payload) {
  if (tag) tag->store = tag->index = 0;
  if (payload) wasm_val_vec_new_empty(payload);
  if (!trap || HC(trap)->kind != HK_TRAP) return false;
  const struct trap_data *td = HC(trap)->obj;
  rc_ref exn = trap_exception(td);
  if (!exn) return false;
  struct wasm_store_t *st = td->exn_store;
  struct taginst *t = exn_tag(exn);
  if (tag) *tag = tag_handle(st, t);
  if (payload) {
    const struct functype *ft = &t->type->comp.func;
    const uint64_t *p = exn_payload(exn);
    wasm_val_vec_new_uninitialized(payload, ft->nparams);
    for (uint32_t i = 0, k = 0; i < ft->nparams; i++) {
      /* handle_new allocates no GC object: p stays valid */
      slots_to_val(st, ft->params[i], &p[k], &payload->data[i]);
      k += vt_slots(ft->params[i]);
    }
  }
  return true;
}
