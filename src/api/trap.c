/* Traps and frames. A trap's data (message, backtrace) is shared by its
 * copies; frames are plain owned records whose instance is a store-owned
 * handle. */
#include "api/api.h"

#include <stdlib.h>

void trap_data_release(struct trap_data *td) {
  if (!td || --td->refs > 0) return;
  free(td->msg);
  free(td->frames);
  reclaim_retention_delete(td->retention);
  trap_release_exception(td);
  free(td);
}

static wasm_trap_t *trap_with(struct wasm_store_t *st, const char *msg, size_t len) {
  struct trap_data *td = rc_calloc(1, sizeof *td);
  td->refs = 1;
  td->msg = rc_malloc(len + 1);
  memcpy(td->msg, msg, len);
  td->msg[len] = '\0';
  td->msg_size = strlen(td->msg) + 1; /* an embedded NUL ends the message */
  return (wasm_trap_t *)handle_new(st, HK_TRAP, td, 0);
}

wasm_trap_t *trap_make(struct wasm_store_t *st, const char *msg, bool with_trace) {
  wasm_trap_t *t = trap_with(st, msg, strlen(msg));
  if (!with_trace) return t;
  trap_attach_exception(st, t);
  struct trap_data *td = H(t)->obj;
  const struct rc_frame *frames;
  uint32_t n = exec_backtrace(st->s->exec, &frames);
  td->frames = n ? rc_calloc(n, sizeof *td->frames) : NULL;
  for (uint32_t i = 0; i < n; i++) {
    const struct funcinst *f = frames[i].func;
    if (!f || !f->inst) continue; /* host frames have no place in a module */
    struct wasm_frame_t *fr = &td->frames[td->nframes++];
    const struct module *m = f->inst->mod;
    fr->instance = store_frame_instance(st, f->inst);
    fr->func_index = frames[i].func_index;
    fr->module_offset = frames[i].offset;
    uint32_t def = frames[i].func_index - m->nimported_funcs;
    if (frames[i].offset && frames[i].func_index >= m->nimported_funcs && def < m->nbodies &&
        frames[i].offset >= m->bodies[def].start)
      fr->func_offset = frames[i].offset - m->bodies[def].start;
  }
  return t;
}

wasm_trap_t *wasm_trap_new(wasm_store_t *st, const wasm_message_t *message) {
  if (!st) return NULL;
  if (!message || !message->size) return trap_with(st, "", 0);
  return trap_with(st, message->data, message->size);
}

static const struct trap_data *td_of(const wasm_trap_t *t) { return HC(t)->obj; }

void wasm_trap_message(const wasm_trap_t *t, wasm_message_t *out) {
  const struct trap_data *td = td_of(t);
  wasm_byte_vec_new(out, td->msg_size, td->msg);
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *t) {
  const struct trap_data *td = td_of(t);
  return td->nframes ? wasm_frame_copy(&td->frames[0]) : NULL;
}

void wasm_trap_trace(const wasm_trap_t *t, wasm_frame_vec_t *out) {
  const struct trap_data *td = td_of(t);
  wasm_frame_vec_new_uninitialized(out, td->nframes);
  for (uint32_t i = 0; i < td->nframes; i++) out->data[i] = wasm_frame_copy(&td->frames[i]);
}

/* ---- frames ---- */

wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f) {
  wasm_frame_t *c = rc_malloc(sizeof *c);
  *c = *f;
  return c;
}

void wasm_frame_delete(wasm_frame_t *f) { free(f); }
struct wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }
