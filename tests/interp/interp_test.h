/* Helpers for interpreter tests: assemble WAT, decode, compile, instantiate,
 * and call exports with i64/f64 slots. */
#ifndef RECLAIM_INTERP_TEST_H
#define RECLAIM_INTERP_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "binary/module.h"
#include "interp/interp.h"
#include "runtime/rt.h"
#include "runtime/spectest.h"
#include "text/wat.h"
#include "test.h"

struct tmod {
  struct module *m;
  struct module_code *mc;
  struct instance *inst;
};

static struct engine *t_engine;
static struct store *t_store;
static struct linker *t_linker;
static struct spectest *t_spectest;

static void t_init_cfg(bool stress) {
  t_engine = engine_new();
  t_engine->config.gc_stress = stress;
  t_store = store_new(t_engine);
  t_linker = linker_new();
  t_spectest = spectest_new(t_store, NULL);
  linker_define_host(t_linker, "spectest", 8, spectest_resolve, t_spectest);
}
static inline void t_init(void) { t_init_cfg(false); }

static struct tmod t_mods[64];
static int t_nmods;

static struct instance *t_load(const char *wat) {
  struct rc_error err;
  rc_error_clear(&err);
  uint8_t *bin;
  size_t len;
  if (!wat_to_wasm(wat, strlen(wat), "test", &bin, &len, &err)) {
    fprintf(stderr, "wat: %s\n", err.msg);
    return NULL;
  }
  struct module *m = module_decode(bin, len, &err);
  free(bin);
  if (!m) {
    fprintf(stderr, "decode: %s\n", err.msg);
    return NULL;
  }
  struct module_code *mc = interp_compile(m, t_engine->types, &err);
  if (!mc) {
    fprintf(stderr, "compile: %s\n", err.msg);
    module_free(m);
    return NULL;
  }
  struct rc_extern imports[16];
  if (m->nimports && !linker_resolve(t_linker, t_store, m, imports, &err)) {
    fprintf(stderr, "link: %s\n", err.msg);
    return NULL;
  }
  struct instance *inst = instance_new(t_store, m, mc, imports, m->nimports, &err);
  if (!inst) {
    fprintf(stderr, "instantiate: %s\n", err.msg);
    return NULL;
  }
  t_mods[t_nmods].m = m;
  t_mods[t_nmods].mc = mc;
  t_mods[t_nmods++].inst = inst;
  return inst;
}

static void t_fini(void) {
  store_free(t_store);
  spectest_free(t_spectest);
  linker_free(t_linker);
  for (int i = 0; i < t_nmods; i++) {
    module_code_free(t_mods[i].m, t_mods[i].mc);
    module_free(t_mods[i].m);
  }
  t_nmods = 0;
  engine_free(t_engine);
}

static struct rc_error t_err;

/* Call export name with slots (in/out); returns false on a trap (t_err). */
static bool t_call(struct instance *inst, const char *name, uint64_t *slots) {
  struct rc_extern ext;
  rc_error_clear(&t_err);
  if (!instance_export(inst, name, strlen(name), &ext) || ext.kind != EXT_FUNC) {
    fprintf(stderr, "no export %s\n", name);
    rc_fail(&t_err, RC_ERR_USAGE, RC_NO_OFFSET, "no export");
    return false;
  }
  return interp_call(t_store, ext.func, slots, &t_err);
}

static inline uint64_t t_call1(struct instance *inst, const char *name, uint64_t a) {
  uint64_t s[8] = {a};
  if (!t_call(inst, name, s)) {
    fprintf(stderr, "%s trapped: %s\n", name, t_err.msg);
    return 0xDEADBEEF;
  }
  return s[0];
}
static inline uint64_t t_call2(struct instance *inst, const char *name, uint64_t a, uint64_t b) {
  uint64_t s[8] = {a, b};
  if (!t_call(inst, name, s)) {
    fprintf(stderr, "%s trapped: %s\n", name, t_err.msg);
    return 0xDEADBEEF;
  }
  return s[0];
}
/* Expect a trap with message msg. */
static inline bool t_traps(struct instance *inst, const char *name, uint64_t a, uint64_t b, const char *msg) {
  uint64_t s[8] = {a, b};
  if (t_call(inst, name, s)) {
    fprintf(stderr, "%s: expected trap \"%s\"\n", name, msg);
    return false;
  }
  if (strcmp(t_err.msg, msg) != 0) {
    fprintf(stderr, "%s: trap \"%s\", expected \"%s\"\n", name, t_err.msg, msg);
    return false;
  }
  return true;
}

static inline uint64_t f64b(double d) {
  uint64_t b;
  memcpy(&b, &d, 8);
  return b;
}
static inline double bf64(uint64_t b) {
  double d;
  memcpy(&d, &b, 8);
  return d;
}

#endif
