/* WASI preview 1 for embedders (reclaim.h): a WASI context and the host
 * functions that satisfy a module's "wasi_snapshot_preview1" imports.
 *
 * The WASI functions are the runtime's own host functions (src/wasi), made
 * into wasm.h function objects directly: no wasm_val_t trampoline between
 * the guest and WASI. The context is their env (not owned by the store), so
 * it must outlive every store whose imports it made. */
#include "api/api.h"
#include "reclaim.h"
#include "wasi/wasi.h"

#include <stdio.h>
#include <stdlib.h>

struct reclaim_wasi_t {
  struct wasi_ctx *ctx;
};

reclaim_wasi_t *reclaim_wasi_new(int argc, const char *const *argv) {
  reclaim_wasi_t *w = rc_calloc(1, sizeof *w);
  w->ctx = wasi_ctx_new();
  if (argc > 0 && argv) wasi_set_args(w->ctx, argc, argv);
  return w;
}

void reclaim_wasi_delete(reclaim_wasi_t *w) {
  if (!w) return;
  wasi_ctx_free(w->ctx);
  free(w);
}

static bool same_signature(const struct typeinfo *ti, const struct wasi_import *wi) {
  if (ti->kind != TI_FUNC) return false;
  const struct functype *ft = &ti->comp.func;
  if (ft->nparams != wi->nparams || ft->nresults != wi->nresults) return false;
  for (uint32_t i = 0; i < ft->nparams; i++)
    if (ft->params[i] != wi->params[i]) return false;
  for (uint32_t i = 0; i < ft->nresults; i++)
    if (ft->results[i] != wi->results[i]) return false;
  return true;
}

/* The WASI function for import imp, or NULL with a store error. */
static wasm_extern_t *wasi_func(wasm_store_t *st, reclaim_wasi_t *w, const struct module *m,
                                const struct import *imp) {
  struct wasi_import wi;
  if (imp->kind != EXT_FUNC || !wasi_resolve(w->ctx, &imp->field, &wi)) {
    store_error(st, "unknown import: %s.%.*s is not a WASI preview 1 function", WASI_MODULE_NAME,
                (int)imp->field.len, (const char *)imp->field.data);
    return NULL;
  }
  /* The import's own canonical type when it is the WASI signature (the
   * usual case: no type canonicalisation per store), else the WASI
   * signature's, which import_matches then refuses. */
  const struct typeinfo *ti = types_get(st->engine->e->types, m->types[imp->func_type].canon);
  if (!ti || !same_signature(ti, &wi))
    ti = engine_functype(st->engine->e, wi.params, wi.nparams, wi.results, wi.nresults);
  if (!ti) {
    store_error(st, "WASI function %s has no canonical type", wi.name);
    return NULL;
  }
  struct funcinst *f = store_new_host_func(st->s, ti, wi.fn, wi.env, NULL);
  f->debug_name = wi.name;
  struct rc_extern ext = {.kind = EXT_FUNC, .func = f};
  struct rc_error err;
  rc_error_clear(&err);
  /* On a mismatch f stays an unreachable host function of the store (freed with it). */
  if (!import_matches(st->s, m, imp, &ext, &err)) {
    store_error(st, "%s", err.msg);
    return NULL;
  }
  return (wasm_extern_t *)handle_new(st, HK_FUNC, f, (rc_ref)(uintptr_t)f);
}

bool reclaim_wasi_imports(wasm_store_t *st, reclaim_wasi_t *w, const wasm_module_t *module,
                          wasm_extern_vec_t *out) {
  if (!out) return false;
  wasm_extern_vec_new_empty(out);
  if (!st || !w || !module) {
    if (st) store_error(st, "reclaim_wasi_imports: NULL argument");
    return false;
  }
  const struct module *m = ((const struct module_data *)HC(module)->obj)->m;
  /* One entry per import wasm_module_imports lists (tags are left out). */
  size_t n = 0;
  for (uint32_t i = 0; i < m->nimports; i++) n += m->imports[i].kind != EXT_TAG;
  wasm_extern_vec_new_uninitialized(out, n);
  for (size_t i = 0; i < n; i++) out->data[i] = NULL;
  size_t wasi_len = sizeof WASI_MODULE_NAME - 1;
  n = 0;
  for (uint32_t i = 0; i < m->nimports; i++) {
    const struct import *imp = &m->imports[i];
    if (imp->kind == EXT_TAG) continue;
    size_t k = n++;
    if (imp->module.len != wasi_len || memcmp(imp->module.data, WASI_MODULE_NAME, wasi_len) != 0) continue;
    out->data[k] = wasi_func(st, w, m, imp);
    if (!out->data[k]) {
      wasm_extern_vec_delete(out);
      return false;
    }
  }
  return true;
}
