/* wasm.h module, type and vector calls: imports/exports with their types,
 * validate, share/obtain across stores, serialize/deserialize failing
 * cleanly, instantiation errors as traps, type objects and vectors (copy
 * and delete), host info on objects. */
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "test.h"

/* callback module: imports "" "print" (i32)->i32 and "" "closure" ()->i32,
 * exports "run" (i32 i32)->i32; table module: as in test_table.c. */
static const char callback_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x00, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x15, 0x02, 0x00, 0x05, 0x70,
    0x72, 0x69, 0x6e, 0x74, 0x00, 0x00, 0x00, 0x07, 0x63, 0x6c, 0x6f, 0x73, 0x75, 0x72, 0x65, 0x00,
    0x01, 0x03, 0x02, 0x01, 0x02, 0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x02, 0x0a, 0x0e,
    0x01, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x10, 0x00, 0x10, 0x01, 0x6a, 0x0b,
};

static const char table_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x04, 0x03, 0x00, 0x01, 0x01, 0x04, 0x05, 0x01, 0x70,
    0x01, 0x02, 0x0a, 0x07, 0x21, 0x04, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x00, 0x0d, 0x63,
    0x61, 0x6c, 0x6c, 0x5f, 0x69, 0x6e, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74, 0x00, 0x00, 0x01, 0x66,
    0x00, 0x01, 0x01, 0x67, 0x00, 0x02, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x01, 0x0a,
    0x16, 0x03, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x11, 0x01, 0x00, 0x0b, 0x04, 0x00, 0x20, 0x00,
    0x0b, 0x05, 0x00, 0x41, 0x9a, 0x05, 0x0b,
};


static bool name_is(const wasm_name_t *n, const char *s) {
  return n->size == strlen(s) && (n->size == 0 || memcmp(n->data, s, n->size) == 0);
}

static wasm_trap_t *const7(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 7;
  return NULL;
}

static wasm_trap_t *fail(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, "host says no");
  wasm_trap_t *t = wasm_trap_new((wasm_store_t *)env, &m);
  wasm_name_delete(&m);
  return t;
}

/* Host functions called directly from the host. */
static void test_host_direct(wasm_engine_t *engine) {
  wasm_store_t *st = wasm_store_new(engine);
  wasm_functype_t *ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *c7 = wasm_func_new(st, ft, const7);
  wasm_func_t *f = wasm_func_new_with_env(st, ft, fail, st, NULL);
  wasm_functype_delete(ft);
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(c7, &av, &rv) == NULL);
  CHECK(rs[0].kind == WASM_I32 && rs[0].of.i32 == 7);
  wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
  CHECK(trap != NULL);
  if (trap) {
    wasm_message_t m;
    wasm_trap_message(trap, &m);
    CHECK(strcmp(m.data, "host says no") == 0);
    wasm_byte_vec_delete(&m);
    CHECK(wasm_trap_origin(trap) == NULL); /* no Wasm frame */
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    CHECK_EQ_INT(trace.size, 0);
    wasm_frame_vec_delete(&trace);
    wasm_trap_t *copy = wasm_trap_copy(trap);
    CHECK(wasm_trap_same(copy, trap));
    wasm_trap_delete(trap);
    wasm_message_t m2;
    wasm_trap_message(copy, &m2); /* the copy outlives the original */
    CHECK(strcmp(m2.data, "host says no") == 0);
    wasm_byte_vec_delete(&m2);
    wasm_trap_delete(copy);
  }
  /* Arity as seen from the host. */
  CHECK_EQ_INT(wasm_func_param_arity(c7), 0);
  CHECK_EQ_INT(wasm_func_result_arity(c7), 1);
  wasm_func_delete(c7);
  wasm_func_delete(f);
  wasm_store_delete(st);
}

static void test_types(void) {
  /* valtypes */
  static const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF, WASM_FUNCREF};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
    wasm_valtype_t *t = wasm_valtype_new(kinds[i]);
    CHECK(t && wasm_valtype_kind(t) == kinds[i]);
    CHECK(wasm_valtype_is_ref(t) == (kinds[i] >= WASM_EXTERNREF));
    wasm_valtype_t *c = wasm_valtype_copy(t);
    CHECK(wasm_valtype_kind(c) == kinds[i]);
    wasm_valtype_delete(t);
    wasm_valtype_delete(c);
  }
  CHECK(wasm_valtype_new(77) == NULL);

  /* functypes and their vectors */
  wasm_functype_t *ft = wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32(),
                                              wasm_valtype_new_f64(), wasm_valtype_new_funcref());
  CHECK_EQ_INT(wasm_functype_params(ft)->size, 3);
  CHECK_EQ_INT(wasm_functype_results(ft)->size, 2);
  CHECK(wasm_valtype_kind(wasm_functype_results(ft)->data[1]) == WASM_FUNCREF);
  wasm_externtype_t *xt = wasm_functype_as_externtype(ft);
  CHECK(wasm_externtype_kind(xt) == WASM_EXTERN_FUNC);
  CHECK(wasm_externtype_as_functype(xt) == ft);
  CHECK(wasm_externtype_as_globaltype(xt) == NULL);
  wasm_functype_t *fts[2] = {ft, wasm_functype_copy(ft)};
  wasm_functype_vec_t v, vc;
  wasm_functype_vec_new(&v, 2, fts);
  wasm_functype_vec_copy(&vc, &v);
  CHECK_EQ_INT(vc.size, 2);
  CHECK_EQ_INT(wasm_functype_params(vc.data[1])->size, 3);
  wasm_functype_vec_delete(&v);
  wasm_functype_vec_delete(&vc);
  CHECK(v.size == 0 && v.data == NULL);

  /* global, table, memory types */
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_I64 && wasm_globaltype_mutability(gt) == WASM_VAR);
  wasm_limits_t lim = {2, wasm_limits_max_default};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  CHECK(wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
  wasm_memorytype_t *mt = wasm_memorytype_new(&lim);
  CHECK(wasm_externtype_kind(wasm_memorytype_as_externtype_const(mt)) == WASM_EXTERN_MEMORY);

  /* import and export types take over their parts */
  wasm_name_t mod, name;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "g");
  wasm_importtype_t *it = wasm_importtype_new(&mod, &name, wasm_globaltype_as_externtype(gt));
  CHECK(mod.data == NULL && name.data == NULL);
  wasm_importtype_t *itc = wasm_importtype_copy(it);
  CHECK(name_is(wasm_importtype_module(itc), "env") && name_is(wasm_importtype_name(itc), "g"));
  CHECK(wasm_externtype_kind(wasm_importtype_type(itc)) == WASM_EXTERN_GLOBAL);
  wasm_importtype_delete(it);
  wasm_importtype_delete(itc);
  wasm_name_new_from_string_nt(&name, "t");
  CHECK_EQ_INT(name.size, 2);
  wasm_exporttype_t *et = wasm_exporttype_new(&name, wasm_tabletype_as_externtype(tt));
  wasm_exporttype_vec_t ev;
  wasm_exporttype_vec_new(&ev, 1, &et);
  wasm_exporttype_vec_t evc;
  wasm_exporttype_vec_copy(&evc, &ev);
  CHECK(wasm_externtype_kind(wasm_exporttype_type(evc.data[0])) == WASM_EXTERN_TABLE);
  wasm_exporttype_vec_delete(&ev);
  wasm_exporttype_vec_delete(&evc);
  wasm_memorytype_delete(mt);

  /* byte and value vectors */
  wasm_byte_vec_t b, bc;
  wasm_byte_vec_new_uninitialized(&b, 3);
  memcpy(b.data, "abc", 3);
  wasm_byte_vec_copy(&bc, &b);
  CHECK(bc.size == 3 && memcmp(bc.data, "abc", 3) == 0);
  wasm_byte_vec_delete(&b);
  wasm_byte_vec_delete(&bc);
  wasm_byte_vec_new_empty(&b);
  CHECK(b.size == 0);
  wasm_byte_vec_delete(&b);
  wasm_val_vec_t vals;
  wasm_val_t init[2] = {WASM_I32_VAL(1), WASM_F64_VAL(2.5)};
  wasm_val_vec_new(&vals, 2, init);
  wasm_val_vec_t valc;
  wasm_val_vec_copy(&valc, &vals);
  CHECK(valc.data[1].kind == WASM_F64 && valc.data[1].of.f64 == 2.5);
  wasm_val_vec_delete(&vals);
  wasm_val_vec_delete(&valc);
}

static void test_module(wasm_engine_t *engine) {
  wasm_store_t *st = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof callback_wasm, callback_wasm);
  CHECK(wasm_module_validate(st, &bin));
  wasm_module_t *mod = wasm_module_new(st, &bin);
  CHECK(mod != NULL);

  /* Malformed and invalid binaries. */
  wasm_byte_vec_t junk;
  wasm_byte_vec_new(&junk, 5, "\0asmX");
  CHECK(!wasm_module_validate(st, &junk));
  CHECK(wasm_module_new(st, &junk) == NULL);
  CHECK(strstr(reclaim_store_error(st), "malformed") != NULL);
  wasm_byte_vec_delete(&junk);
  wasm_byte_vec_t bad;
  wasm_byte_vec_copy(&bad, &bin);
  /* run's body "local.get 0; local.get 1; i32.add; call 0; call 1; i32.add":
   * turn the first call's index into 2 (no such function). */
  for (size_t i = bad.size - 1; i > 0; i--) {
    if ((unsigned char)bad.data[i - 1] == 0x10 && bad.data[i] == 0x00) {
      bad.data[i] = 0x05;
      break;
    }
  }
  CHECK(!wasm_module_validate(st, &bad));
  wasm_byte_vec_delete(&bad);

  /* Imports and exports with types. */
  wasm_importtype_vec_t imps;
  wasm_module_imports(mod, &imps);
  CHECK_EQ_INT(imps.size, 2);
  CHECK(name_is(wasm_importtype_module(imps.data[0]), "") && name_is(wasm_importtype_name(imps.data[0]), "print"));
  const wasm_functype_t *pft = wasm_externtype_as_functype_const(wasm_importtype_type(imps.data[0]));
  CHECK(pft && wasm_functype_params(pft)->size == 1 && wasm_functype_results(pft)->size == 1);
  wasm_importtype_vec_delete(&imps);
  wasm_exporttype_vec_t exps;
  wasm_module_exports(mod, &exps);
  CHECK_EQ_INT(exps.size, 1);
  CHECK(name_is(wasm_exporttype_name(exps.data[0]), "run"));
  const wasm_functype_t *rft = wasm_externtype_as_functype_const(wasm_exporttype_type(exps.data[0]));
  CHECK(rft && wasm_functype_params(rft)->size == 2 &&
        wasm_valtype_kind(wasm_functype_params(rft)->data[1]) == WASM_I32);
  wasm_exporttype_vec_delete(&exps);

  /* Serialization is not supported: clean failure. */
  wasm_byte_vec_t ser;
  wasm_module_serialize(mod, &ser);
  CHECK(ser.size == 0 && ser.data == NULL);
  CHECK(wasm_module_deserialize(st, &bin) == NULL);

  /* Instantiation errors are traps. */
  wasm_trap_t *trap = NULL;
  CHECK(wasm_instance_new(st, mod, NULL, &trap) == NULL);
  CHECK(trap != NULL);
  if (trap) {
    wasm_message_t m;
    wasm_trap_message(trap, &m);
    CHECK(strstr(m.data, "2 imports") != NULL);
    wasm_byte_vec_delete(&m);
    wasm_trap_delete(trap);
  }
  wasm_functype_t *ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *c7 = wasm_func_new(st, ft, const7);
  wasm_extern_t *wrong[2] = {wasm_func_as_extern(c7), wasm_func_as_extern(c7)}; /* print has the wrong type */
  wasm_extern_vec_t wv = WASM_ARRAY_VEC(wrong);
  trap = NULL;
  CHECK(wasm_instance_new(st, mod, &wv, &trap) == NULL);
  if (trap) {
    wasm_message_t m;
    wasm_trap_message(trap, &m);
    CHECK(strstr(m.data, "incompatible import type") != NULL);
    wasm_byte_vec_delete(&m);
    wasm_trap_delete(trap);
  }

  /* Share the module with a second store; the first store's handle can go. */
  wasm_shared_module_t *shared = wasm_module_share(mod);
  wasm_module_delete(mod);
  wasm_store_t *st2 = wasm_store_new(engine);
  wasm_module_t *mod2 = wasm_module_obtain(st2, shared);
  wasm_shared_module_delete(shared);
  CHECK(mod2 != NULL);
  wasm_func_t *c7b = wasm_func_new(st2, ft, const7);
  wasm_functype_t *pt = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *print = wasm_func_new(st2, pt, const7);
  wasm_extern_t *ok[2] = {wasm_func_as_extern(print), wasm_func_as_extern(c7b)};
  wasm_extern_vec_t okv = WASM_ARRAY_VEC(ok);
  /* An extern of another store is refused. */
  wasm_extern_t *mixed[2] = {wasm_func_as_extern(print), wasm_func_as_extern(c7)};
  wasm_extern_vec_t mv = WASM_ARRAY_VEC(mixed);
  CHECK(wasm_instance_new(st2, mod2, &mv, NULL) == NULL);
  CHECK(strstr(reclaim_store_error(st2), "another store") != NULL);
  wasm_instance_t *inst = wasm_instance_new(st2, mod2, &okv, NULL);
  CHECK(inst != NULL);
  wasm_module_delete(mod2); /* instances keep the module's code alive */
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_val_t as[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)}, rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(as), rv = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(wasm_extern_as_func(exports.data[0]), &av, &rv) == NULL);
  CHECK_EQ_INT(rs[0].of.i32, 14);
  /* extern types */
  wasm_externtype_t *xt = wasm_extern_type(exports.data[0]);
  CHECK(wasm_externtype_kind(xt) == WASM_EXTERN_FUNC);
  wasm_externtype_delete(xt);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_FUNC);
  CHECK(wasm_extern_as_table(exports.data[0]) == NULL);
  /* host info is per object, shared by copies, finalized with the store */
  static int info;
  wasm_instance_set_host_info(inst, &info);
  wasm_instance_t *ic = wasm_instance_copy(inst);
  CHECK(wasm_instance_get_host_info(ic) == &info);
  CHECK(wasm_instance_same(ic, inst));
  wasm_instance_delete(ic);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_func_delete(print);
  wasm_func_delete(c7b);
  wasm_functype_delete(pt);
  wasm_store_delete(st2);

  wasm_func_delete(c7);
  wasm_functype_delete(ft);
  wasm_byte_vec_delete(&bin);
  wasm_store_delete(st);
}

/* Types read from a module's exports round-trip: a table's type recreates an
 * equal table, a function's type makes a host function that fits its slot. */
static void test_roundtrip(wasm_engine_t *engine) {
  wasm_store_t *st = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof table_wasm, table_wasm);
  wasm_module_t *mod = wasm_module_new(st, &bin);
  wasm_byte_vec_delete(&bin);
  wasm_instance_t *inst = wasm_instance_new(st, mod, NULL, NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_table_t *table = wasm_extern_as_table(ex.data[0]);
  wasm_tabletype_t *tt = wasm_table_type(table);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == 10);
  wasm_table_t *t2 = wasm_table_new(st, tt, NULL);
  CHECK(t2 && wasm_table_size(t2) == 2);
  wasm_functype_t *gft = wasm_func_type(wasm_extern_as_func(ex.data[3]));
  wasm_func_t *h = wasm_func_new(st, gft, const7);
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(h)));
  wasm_val_t as[2] = {WASM_I32_VAL(0), WASM_I32_VAL(0)}, rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(as), rv = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(wasm_extern_as_func(ex.data[1]), &av, &rv) == NULL);
  CHECK_EQ_INT(rs[0].of.i32, 7);
  /* Bad table/memory types fail cleanly. */
  wasm_limits_t bad = {5, 2};
  wasm_tabletype_t *btt = wasm_tabletype_new(wasm_valtype_new_funcref(), &bad);
  CHECK(wasm_table_new(st, btt, NULL) == NULL);
  wasm_memorytype_t *bmt = wasm_memorytype_new(&bad);
  CHECK(wasm_memory_new(st, bmt) == NULL);
  wasm_tabletype_delete(btt);
  wasm_memorytype_delete(bmt);
  /* A global of the wrong kind of value is refused. */
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t f = WASM_F64_VAL(1.0);
  CHECK(wasm_global_new(st, gt, &f) == NULL);
  wasm_globaltype_delete(gt);
  /* Objects left undeleted (h, t2, tt's table copy) are freed with the store. */
  (void)t2;
  (void)h;
  wasm_functype_delete(gft);
  wasm_tabletype_delete(tt);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(mod);
  wasm_store_delete(st);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  test_types();
  test_module(engine);
  test_roundtrip(engine);
  test_host_direct(engine);
  wasm_engine_delete(engine);
  return TEST_DONE();
}
