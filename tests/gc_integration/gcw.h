/* Helpers for the GC integration tests: a WAT module instantiated in its own
 * store (normal or stress config, optional heap limit), with host imports
 *   "t" "gc"    () -> ()   full collection, then the heap verifier
 *   "t" "live"  () -> i64  full collection, then live bytes
 *   "t" "churn" global i32 how much garbage $churn makes (smaller in stress mode)
 *   "t" "throw_any", "t" "reenter"  exceptions made by / passing through the host
 * and the common types and $churn function of GCW_PRELUDE.
 *
 * Garbage from $churn is filled with 0xdeadbeef / -1 in every size class the
 * tests use, so an object freed by mistake (a root the enumerator missed) is
 * reused and overwritten before the test reads it back; the verifier also
 * checks every reference the roots reach after each explicit collection. */
#ifndef RECLAIM_GCW_H
#define RECLAIM_GCW_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary/module.h"
#include "gc/gc.h"
#include "interp/interp.h"
#include "runtime/rt.h"
#include "text/wat.h"
#include "test.h"

/* Types $box, $pair, $node, $junk, $barr; imports $gc, $live, $CH; $churn. */
#define GCW_PRELUDE                                                                                  \
  "(import \"t\" \"gc\" (func $gc))\n"                                                               \
  "(import \"t\" \"live\" (func $live (result i64)))\n"                                              \
  "(import \"t\" \"churn\" (global $CH i32))\n"                                                      \
  "(type $box (struct (field (mut i32))))\n"                                                         \
  "(type $pair (struct (field (mut (ref null $box))) (field (mut (ref null $box)))))\n"              \
  "(type $node (struct (field (mut (ref null $node))) (field (mut i64))))\n"                         \
  "(type $junk (array (mut i32)))\n"                                                                 \
  "(type $barr (array (mut (ref null $box))))\n"                                                     \
  "(func $churn (param $n i32) (local $i i32)\n"                                                     \
  "  (loop $l\n"                                                                                     \
  "    (drop (struct.new $box (i32.const 0xdead)))\n"                                                \
  "    (drop (array.new $junk (i32.const 0xdeadbeef) (i32.and (local.get $i) (i32.const 127))))\n"   \
  "    (drop (struct.new $node (ref.null $node) (i64.const -1)))\n"                                  \
  "    (drop (struct.new $pair (ref.null $box) (ref.null $box)))\n"                                  \
  "    (drop (array.new $barr (ref.null $box) (i32.and (local.get $i) (i32.const 31))))\n"           \
  "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"                                      \
  "    (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))\n"

struct gcw {
  struct engine *e;
  struct store *s;
  struct linker *l;
  struct module *m;
  struct module_code *mc;
  struct instance *inst;
  struct globalinst *churn;
  size_t verify_problems;
  uint64_t explicit_gcs;
  bool stress;
  const struct typeinfo *filler; /* gcw_reenter's filler objects */
};
static struct gcw W;
static struct rc_error W_err;

static bool gcw_gc(struct hostcall *call, uint64_t *slots) {
  (void)slots;
  gc_collect(call->store->heap);
  W.verify_problems += gc_verify(call->store->heap);
  W.explicit_gcs++;
  return true;
}
static bool gcw_live(struct hostcall *call, uint64_t *slots) {
  struct gc_stats st;
  gc_collect(call->store->heap);
  W.verify_problems += gc_verify(call->store->heap);
  gc_get_stats(call->store->heap, &st);
  slots[0] = st.live_bytes;
  return true;
}
/* "t" "throw_any" (anyref) -> (): throws tag 0 of the instance with the
 * argument as payload, made by the host (interp_exn_new: the argument is held
 * by nothing but the pending payload while the package is allocated). */
static bool gcw_throw_any(struct hostcall *call, uint64_t *slots) {
  rc_ref exn = interp_exn_new(call->store, W.inst->tags[0], slots, call->err);
  if (!exn) return false;
  return interp_throw(call->store, exn, call->err);
}
/* "t" "reenter" (i32) -> (): calls export "inner" (i32) -> () which throws;
 * while the exception is on its way out through this host frame, collects,
 * verifies, and allocates 20000 objects of type W.filler (set by the test:
 * the size of the package) filled with 0xAA, so that a package freed by
 * mistake is overwritten; then lets the exception go on. */
static bool gcw_reenter(struct hostcall *call, uint64_t *slots) {
  struct rc_extern ext;
  uint64_t a[4] = {slots[0]};
  if (!instance_export(W.inst, "inner", 5, &ext) || !W.filler) return true;
  if (interp_call(call->store, ext.func, a, call->err)) return true; /* did not throw: the test sees it */
  if (call->err->kind != RC_ERR_EXCEPTION) return false;
  gc_collect(call->store->heap);
  W.verify_problems += gc_verify(call->store->heap);
  const struct typeinfo *ti = W.filler;
  for (int i = 0; i < 20000; i++) {
    struct gc_obj *o = gc_alloc(call->store->heap, ti, ti->payload_size, 0);
    if (o) memset(GC_PAYLOAD(o), 0xAA, ti->payload_size);
  }
  return false;
}
static bool gcw_resolve(void *ud, struct store *s, const struct module *m, const struct import *imp,
                        struct rc_extern *out) {
  (void)ud;
  (void)m;
  bool gc = imp->field.len == 2 && memcmp(imp->field.data, "gc", 2) == 0;
  bool live = imp->field.len == 4 && memcmp(imp->field.data, "live", 4) == 0;
  bool churn = imp->field.len == 5 && memcmp(imp->field.data, "churn", 5) == 0;
  if (imp->kind == EXT_FUNC && (gc || live)) {
    valtype r = VT_I64;
    const struct typeinfo *ti = engine_functype(s->engine, NULL, 0, &r, live ? 1 : 0);
    out->kind = EXT_FUNC;
    out->func = store_new_host_func(s, ti, live ? gcw_live : gcw_gc, NULL, NULL);
    return true;
  }
  bool throw_any = imp->field.len == 9 && memcmp(imp->field.data, "throw_any", 9) == 0;
  bool reenter = imp->field.len == 7 && memcmp(imp->field.data, "reenter", 7) == 0;
  if (imp->kind == EXT_FUNC && (throw_any || reenter)) {
    valtype p = throw_any ? VT_ANYREF : VT_I32;
    const struct typeinfo *ti = engine_functype(s->engine, &p, 1, NULL, 0);
    out->kind = EXT_FUNC;
    out->func = store_new_host_func(s, ti, throw_any ? gcw_throw_any : gcw_reenter, NULL, NULL);
    return true;
  }
  if (imp->kind == EXT_GLOBAL && churn) {
    out->kind = EXT_GLOBAL;
    out->global = W.churn;
    return true;
  }
  return false;
}

/* Instantiate wat in a new store. churn: $CH, iterations of $churn's loop
 * (about 600 bytes each). depth: max_call_depth (0 = default). */
static bool gcw_open(const char *wat, bool stress, uint64_t heap_max, int32_t churn, uint32_t depth) {
  memset(&W, 0, sizeof W);
  W.stress = stress;
  W.e = engine_new();
  W.e->config.gc_stress = stress;
  W.e->config.gc_heap_max = heap_max;
  if (depth) W.e->config.max_call_depth = depth;
  W.s = store_new(W.e);
  W.l = linker_new();
  linker_define_host(W.l, "t", 1, gcw_resolve, NULL);
  union rc_value v;
  memset(&v, 0, sizeof v);
  v.i32 = churn;
  W.churn = globalinst_new(W.s, VT_I32, false, &v);
  rc_error_clear(&W_err);
  uint8_t *bin;
  size_t len;
  if (!wat_to_wasm(wat, strlen(wat), "test", &bin, &len, &W_err)) {
    fprintf(stderr, "wat: %s (line %u col %u)\n", W_err.msg, (unsigned)W_err.line, (unsigned)W_err.col);
    return false;
  }
  W.m = module_decode(bin, len, &W_err);
  free(bin);
  if (!W.m) {
    fprintf(stderr, "decode: %s\n", W_err.msg);
    return false;
  }
  W.mc = interp_compile(W.m, W.e->types, &W_err);
  if (!W.mc) {
    fprintf(stderr, "compile: %s\n", W_err.msg);
    return false;
  }
  struct rc_extern imports[16];
  if (W.m->nimports > 16 || !linker_resolve(W.l, W.s, W.m, imports, &W_err)) {
    fprintf(stderr, "link: %s\n", W_err.msg);
    return false;
  }
  W.inst = instance_new(W.s, W.m, W.mc, imports, W.m->nimports, &W_err);
  if (!W.inst) {
    fprintf(stderr, "instantiate: %s\n", W_err.msg);
    return false;
  }
  return true;
}

static void gcw_stats(struct gc_stats *st) { gc_get_stats(W.s->heap, st); }

/* Close the store; checks that no traced word was a stray reference and the
 * verifier found nothing. */
static void gcw_close(void) {
  if (W.s) {
    struct gc_stats st;
    gc_collect(W.s->heap);
    CHECK_EQ_INT(gc_verify(W.s->heap), 0);
    gc_get_stats(W.s->heap, &st);
    CHECK_EQ_INT(st.stray_refs, 0);
    CHECK_EQ_INT(W.verify_problems, 0);
  }
  store_free(W.s);
  linker_free(W.l);
  if (W.mc) module_code_free(W.m, W.mc);
  if (W.m) module_free(W.m);
  engine_free(W.e);
  memset(&W, 0, sizeof W);
}

/* Call export name; slots in/out. false on a trap (W_err). */
static bool gcw_call(const char *name, uint64_t *slots) {
  struct rc_extern ext;
  rc_error_clear(&W_err);
  if (!instance_export(W.inst, name, strlen(name), &ext) || ext.kind != EXT_FUNC) {
    fprintf(stderr, "no export %s\n", name);
    rc_fail(&W_err, RC_ERR_USAGE, RC_NO_OFFSET, "no export");
    return false;
  }
  return interp_call(W.s, ext.func, slots, &W_err);
}

/* Call with up to two i64/i32 args, returning the first result slot;
 * a trap is a check failure (result 0xDEADBEEF). */
static uint64_t gcw_call2(const char *name, uint64_t a, uint64_t b) {
  uint64_t s[8] = {a, b};
  if (!gcw_call(name, s)) {
    fprintf(stderr, "%s trapped: %s\n", name, W_err.msg);
    CHECK(!"unexpected trap");
    return 0xDEADBEEF;
  }
  return s[0];
}
#define gcw_call0(name) gcw_call2(name, 0, 0)
#define gcw_call1(name, a) gcw_call2(name, a, 0)

#endif
