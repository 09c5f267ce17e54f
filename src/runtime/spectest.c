/* The spectest host module (spectest.h). */
#include "runtime/spectest.h"

#include <inttypes.h>
#include <stdlib.h>

struct spectest {
  struct store *store;
  FILE *out;
  struct globalinst *g_i32, *g_i64, *g_f32, *g_f64;
  struct tableinst *table, *table64;
  struct meminst *memory;
};

static void print_value(FILE *out, valtype t, const uint64_t *slot) {
  switch (t) {
  case VT_I32: fprintf(out, "%" PRId32 " : i32\n", (int32_t)(uint32_t)*slot); break;
  case VT_I64: fprintf(out, "%" PRId64 " : i64\n", (int64_t)*slot); break;
  case VT_F32: {
    float f;
    uint32_t b = (uint32_t)*slot;
    memcpy(&f, &b, 4);
    fprintf(out, "%.9g : f32\n", (double)f);
    break;
  }
  case VT_F64: {
    double d;
    memcpy(&d, slot, 8);
    fprintf(out, "%.17g : f64\n", d);
    break;
  }
  }
}


struct printer {
  const char *name;
  valtype params[2];
  uint32_t nparams;
};
static const struct printer printers[] = {
    {"print", {0}, 0},
    {"print_i32", {VT_I32}, 1},
    {"print_i64", {VT_I64}, 1},
    {"print_f32", {VT_F32}, 1},
    {"print_f64", {VT_F64}, 1},
    {"print_i32_f32", {VT_I32, VT_F32}, 2},
    {"print_f64_f64", {VT_F64, VT_F64}, 2},
};

/* Per print function: which printer, so the host function knows its params. */
struct print_env {
  struct spectest *st;
  const struct printer *p;
};

static bool print_host(struct hostcall *call, uint64_t *slots) {
  struct print_env *pe = call->env;
  if (pe->st->out)
    for (uint32_t i = 0; i < pe->p->nparams; i++) print_value(pe->st->out, pe->p->params[i], &slots[i]);
  return true;
}

struct spectest *spectest_new(struct store *s, FILE *out) {
  struct spectest *st = rc_calloc(1, sizeof *st);
  st->store = s;
  st->out = out;
  union rc_value v;
  memset(&v, 0, sizeof v);
  v.i32 = 666;
  st->g_i32 = globalinst_new(s, VT_I32, false, &v);
  memset(&v, 0, sizeof v);
  v.i64 = 666;
  st->g_i64 = globalinst_new(s, VT_I64, false, &v);
  memset(&v, 0, sizeof v);
  v.u32 = 0x4426a666u;
  st->g_f32 = globalinst_new(s, VT_F32, false, &v);
  memset(&v, 0, sizeof v);
  v.u64 = 0x4084d4cccccccccdull;
  st->g_f64 = globalinst_new(s, VT_F64, false, &v);
  struct tabletype tt = {VT_FUNCREF, {10, 20, true, false, false}};
  st->table = tableinst_new(s, &tt, REF_NULL, NULL);
  tt.lim.is64 = true;
  st->table64 = tableinst_new(s, &tt, REF_NULL, NULL);
  struct limits ml = {1, 2, true, false, false};
  st->memory = meminst_new(s, &ml, NULL);
  return st;
}

void spectest_free(struct spectest *st) { free(st); }

static bool name_is(const struct name *n, const char *s) {
  return n->len == strlen(s) && memcmp(n->data, s, n->len) == 0;
}

bool spectest_resolve(void *ud, struct store *s, const struct module *m, const struct import *imp,
                      struct rc_extern *out) {
  struct spectest *st = ud;
  (void)m;
  const struct name *f = &imp->field;
  for (size_t i = 0; i < RC_ARRAY_LEN(printers); i++) {
    if (!name_is(f, printers[i].name)) continue;
    const struct typeinfo *ti =
        engine_functype(s->engine, printers[i].params, printers[i].nparams, NULL, 0);
    if (!ti) return false;
    struct print_env *pe = rc_calloc(1, sizeof *pe);
    pe->st = st;
    pe->p = &printers[i];
    out->kind = EXT_FUNC;
    out->func = store_new_host_func(s, ti, print_host, pe, free);
    out->func->debug_name = printers[i].name;
    return true;
  }
  struct { const char *name; enum extern_kind kind; void *obj; } objs[] = {
      {"global_i32", EXT_GLOBAL, st->g_i32}, {"global_i64", EXT_GLOBAL, st->g_i64},
      {"global_f32", EXT_GLOBAL, st->g_f32}, {"global_f64", EXT_GLOBAL, st->g_f64},
      {"table", EXT_TABLE, st->table},       {"table64", EXT_TABLE, st->table64},
      {"memory", EXT_MEMORY, st->memory},
  };
  for (size_t i = 0; i < RC_ARRAY_LEN(objs); i++) {
    if (!name_is(f, objs[i].name)) continue;
    out->kind = objs[i].kind;
    switch (objs[i].kind) {
    case EXT_GLOBAL: out->global = objs[i].obj; break;
    case EXT_TABLE: out->table = objs[i].obj; break;
    case EXT_MEMORY: out->mem = objs[i].obj; break;
    default: return false;
    }
    return true;
  }
  return false;
}
