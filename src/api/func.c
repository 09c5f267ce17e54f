/* Function objects: host functions made from wasm.h callbacks, and calls
 * from the host into any function.
 *
 * A host callback gets its arguments as borrowed wasm_val_t (reference
 * arguments are fresh handles, so they stay rooted while the callback runs
 * and may call back into Wasm); the results it stores are owned by the
 * runtime, which reads them into the caller's slots and deletes them. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>

#define SMALL 16 /* values handled without a heap allocation */

struct hostrec {
  struct wasm_store_t *store;
  const struct typeinfo *type;
  wasm_func_callback_t cb;
  wasm_func_callback_with_env_t cb_env;
  void *env;
  void (*finalizer)(void *);
};

static void hostrec_free(void *p) {
  struct hostrec *r = p;
  if (r->finalizer) r->finalizer(r->env);
  free(r);
}

/* Delete the references of vals[0..n) that are not among args[0..nargs)
 * (a careless callback may return an argument without copying it). */
static void delete_refs(wasm_val_t *vals, size_t n, const wasm_val_t *args, size_t nargs) {
  for (size_t i = 0; i < n; i++) {
    if (!wasm_valkind_is_ref(vals[i].kind) || !vals[i].of.ref) continue;
    bool borrowed = false;
    for (size_t j = 0; j < nargs && !borrowed; j++)
      borrowed = wasm_valkind_is_ref(args[j].kind) && args[j].of.ref == vals[i].of.ref;
    if (!borrowed) wasm_ref_delete(vals[i].of.ref);
    vals[i].of.ref = NULL;
  }
}

static bool host_trampoline(struct hostcall *call, uint64_t *slots) {
  struct hostrec *r = call->env;
  struct wasm_store_t *st = r->store;
  const struct functype *ft = &r->type->comp.func;
  wasm_val_t small_args[SMALL], small_res[SMALL];
  wasm_val_t *args = ft->nparams <= SMALL ? small_args : rc_calloc(ft->nparams, sizeof *args);
  wasm_val_t *res = ft->nresults <= SMALL ? small_res : rc_calloc(ft->nresults, sizeof *res);
  uint32_t k = 0;
  for (uint32_t i = 0; i < ft->nparams; i++) {
    slots_to_val(st, ft->params[i], &slots[k], &args[i]);
    k += vt_slots(ft->params[i]);
  }
  for (uint32_t i = 0; i < ft->nresults; i++) {
    res[i].kind = valkind_of(ft->results[i]);
    memset(&res[i].of, 0, sizeof res[i].of);
  }
  wasm_val_vec_t argv = {ft->nparams, args}, resv = {ft->nresults, res};
  wasm_trap_t *trap = r->cb_env ? r->cb_env(r->env, &argv, &resv)
                      : r->cb   ? r->cb(&argv, &resv)
                                : trap_make(st, "host function has no callback", false);
  bool ok = true;
  if (trap) {
    const struct trap_data *td = HC(trap)->obj;
    rc_ref exn = td->exn_store == st ? trap_exception(td) : 0;
    if (exn) /* a Wasm exception: Wasm handlers may catch it */
      interp_throw(st->s, exn, call->err);
    else
      rc_fail(call->err, RC_ERR_TRAP, RC_NO_OFFSET, "%s", td->msg);
    wasm_trap_delete(trap);
    ok = false;
  } else {
    char msg[200];
    k = 0;
    for (uint32_t i = 0; i < ft->nresults && ok; i++) {
      if (!val_to_slots(st, &res[i], ft->results[i], &slots[k], msg, sizeof msg))
        ok = rc_fail(call->err, RC_ERR_TRAP, RC_NO_OFFSET, "host function result %u: %s", i, msg);
      k += vt_slots(ft->results[i]);
    }
  }
  /* Results are read (references are words in slots now, and nothing can
   * collect before the interpreter takes them), so their handles can go. */
  delete_refs(res, ft->nresults, args, ft->nparams);
  for (uint32_t i = 0; i < ft->nparams; i++) wasm_val_delete(&args[i]);
  if (args != small_args) free(args);
  if (res != small_res) free(res);
  return ok;
}

static wasm_func_t *func_new(wasm_store_t *st, const wasm_functype_t *type, wasm_func_callback_t cb,
                             wasm_func_callback_with_env_t cb_env, void *env, void (*fin)(void *)) {
  const struct typeinfo *ti = st && type ? functype_canon(st->engine->e, type) : NULL;
  if (!ti) {
    if (st) store_error(st, "wasm_func_new: not a valid function type");
    return NULL;
  }
  struct hostrec *r = rc_calloc(1, sizeof *r);
  r->store = st;
  r->type = ti;
  r->cb = cb;
  r->cb_env = cb_env;
  r->env = env;
  r->finalizer = fin;
  struct funcinst *f = store_new_host_func(st->s, ti, host_trampoline, r, hostrec_free);
  f->debug_name = "host";
  return (wasm_func_t *)handle_new(st, HK_FUNC, f, (rc_ref)(uintptr_t)f);
}

wasm_func_t *wasm_func_new(wasm_store_t *st, const wasm_functype_t *type, wasm_func_callback_t cb) {
  return func_new(st, type, cb, NULL, NULL, NULL);
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *st, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t cb, void *env, void (*fin)(void *)) {
  return func_new(st, type, NULL, cb, env, fin);
}

static const struct funcinst *fi(const wasm_func_t *f) { return HC(f)->obj; }

wasm_functype_t *wasm_func_type(const wasm_func_t *f) { return functype_from_info(fi(f)->type); }
size_t wasm_func_param_arity(const wasm_func_t *f) { return fi(f)->type->comp.func.nparams; }
size_t wasm_func_result_arity(const wasm_func_t *f) { return fi(f)->type->comp.func.nresults; }

wasm_trap_t *wasm_func_call(const wasm_func_t *func, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  const struct handle *h = HC(func);
  struct wasm_store_t *st = h->store;
  struct funcinst *f = h->obj;
  const struct typeinfo *ti = f->type;
  const struct functype *ft = &ti->comp.func;
  size_t nargs = args ? args->size : 0, nres = results ? results->size : 0;
  char msg[256];
  if (nargs != ft->nparams) {
    snprintf(msg, sizeof msg, "wasm_func_call: %zu arguments given, the function takes %u", nargs, ft->nparams);
    return trap_make(st, msg, false);
  }
  uint32_t nslots = RC_MAX(ti->param_slots, ti->result_slots);
  uint64_t small[SMALL];
  uint64_t *slots = nslots <= SMALL ? small : rc_calloc(nslots, sizeof *slots);
  uint32_t k = 0;
  char vmsg[200];
  for (uint32_t i = 0; i < ft->nparams; i++) {
    if (!val_to_slots(st, &args->data[i], ft->params[i], &slots[k], vmsg, sizeof vmsg)) {
      if (slots != small) free(slots);
      snprintf(msg, sizeof msg, "wasm_func_call: argument %u: %s", i, vmsg);
      return trap_make(st, msg, false);
    }
    k += vt_slots(ft->params[i]);
  }
  struct rc_error err;
  rc_error_clear(&err);
  wasm_trap_t *trap = NULL;
  retention_clear(st);
  if (interp_call(st->s, f, slots, &err)) {
    k = 0;
    /* Results beyond the room the caller gave are dropped (the standard
     * leaves this undefined; examples call with an empty vector). */
    for (uint32_t i = 0; i < ft->nresults && i < nres; i++) {
      slots_to_val(st, ft->results[i], &slots[k], &results->data[i]);
      k += vt_slots(ft->results[i]);
    }
  } else {
    trap = trap_make(st, err.msg[0] ? err.msg : rc_errkind_name(err.kind),
                     err.kind == RC_ERR_TRAP || err.kind == RC_ERR_EXHAUSTION || err.kind == RC_ERR_EXCEPTION);
    retention_attach(st, trap);
  }
  if (slots != small) free(slots);
  return trap;
}
