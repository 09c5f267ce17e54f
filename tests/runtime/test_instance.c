/* Runtime: memories, tables, linking and instantiation. Modules are written
 * in WAT (src/text) and run by the interpreter. */
#include "interp/interp.h"
#include "runtime/rt.h"
#include "runtime/spectest.h"
#include "test.h"
#include "text/wat.h"

#include <stdlib.h>

struct loaded {
  struct module *m;
  struct module_code *mc;
};

static struct loaded load(struct engine *e, const char *wat) {
  struct loaded l = {0};
  uint8_t *bin;
  size_t len;
  struct rc_error err;
  rc_error_clear(&err);
  if (!wat_to_wasm(wat, strlen(wat), "test", &bin, &len, &err)) {
    fprintf(stderr, "wat: %s\n", err.msg);
    CHECK(0);
    return l;
  }
  l.m = module_decode(bin, len, &err);
  free(bin);
  if (!l.m) {
    fprintf(stderr, "decode: %s\n", err.msg);
    CHECK(0);
    return l;
  }
  l.mc = interp_compile(l.m, e->types, &err);
  if (!l.mc) {
    fprintf(stderr, "compile: %s\n", err.msg);
    CHECK(0);
  }
  return l;
}

static void unload(struct loaded *l) {
  if (l->mc) module_code_free(l->m, l->mc);
  module_free(l->m);
}

static struct instance *inst_of(struct store *s, struct linker *lk, struct loaded *l, struct rc_error *err) {
  if (!l->mc) return NULL;
  struct rc_extern imps[16];
  if (l->m->nimports > 16) return NULL;
  if (!linker_resolve(lk, s, l->m, imps, err)) return NULL;
  return instance_new(s, l->m, l->mc, imps, l->m->nimports, err);
}

static int32_t call_i32(struct store *s, struct instance *inst, const char *name, int32_t arg, bool *ok) {
  struct rc_extern x;
  *ok = false;
  if (!instance_export(inst, name, strlen(name), &x) || x.kind != EXT_FUNC) return 0;
  uint64_t slots[4] = {(uint32_t)arg};
  struct rc_error err;
  rc_error_clear(&err);
  *ok = interp_call(s, x.func, slots, &err);
  return (int32_t)slots[0];
}

static void test_memory_table(void) {
  struct engine *e = engine_new();
  e->config.max_memory_bytes = 4 * RC_PAGE_SIZE;
  struct store *s = store_new(e);
  struct rc_error err;
  rc_error_clear(&err);
  struct limits lim = {1, 10, true, false, false};
  struct meminst *m = meminst_new(s, &lim, &err);
  CHECK(m && m->size == RC_PAGE_SIZE && m->max_pages == 4);
  m->data[5] = 7;
  CHECK_EQ_INT(meminst_grow(m, 2), 1);
  CHECK_EQ_INT(m->size, 3 * RC_PAGE_SIZE);
  CHECK(m->data[5] == 7 && m->data[RC_PAGE_SIZE + 5] == 0 && m->data[3 * RC_PAGE_SIZE - 1] == 0);
  CHECK_EQ_INT(meminst_grow(m, 2), -1); /* config cap: 4 pages */
  CHECK_EQ_INT(meminst_grow(m, 0), 3);
  CHECK_EQ_INT(meminst_grow(m, 1), 3);
  struct limits big = {5, 0, false, false, false};
  CHECK(meminst_new(s, &big, &err) == NULL && err.kind == RC_ERR_OOM);
  /* 32-bit spec limit without a config cap. */
  s->config.max_memory_bytes = 0;
  struct limits zero = {0, 0, false, false, false};
  struct meminst *z = meminst_new(s, &zero, &err);
  CHECK(z && z->max_pages == 65536);
  CHECK_EQ_INT(meminst_grow(z, 65537), -1);
  struct limits z64 = {0, 0, false, true, false};
  struct meminst *m64 = meminst_new(s, &z64, &err);
  CHECK(m64 && m64->max_pages > 65536);

  struct tabletype tt = {VT_FUNCREF, {2, 4, true, false, false}};
  struct tableinst *t = tableinst_new(s, &tt, REF_NULL, &err);
  CHECK(t && t->size == 2 && t->elems[0] == REF_NULL);
  CHECK_EQ_INT(tableinst_grow(t, 1, (rc_ref)0x1230), 2);
  CHECK(t->size == 3 && t->elems[2] == 0x1230);
  CHECK_EQ_INT(tableinst_grow(t, 2, REF_NULL), -1);
  CHECK_EQ_INT(tableinst_grow(t, 1, REF_NULL), 3);
  store_free(s);
  engine_free(e);
}

static void test_link_and_instantiate(void) {
  struct engine *e = engine_new();
  struct store *s = store_new(e);
  struct linker *lk = linker_new();
  struct spectest *st = spectest_new(s, NULL);
  linker_define_host(lk, "spectest", 8, spectest_resolve, st);
  struct rc_error err;
  rc_error_clear(&err);

  /* Imports from spectest, start function, exports. */
  struct loaded a = load(e,
      "(module"
      "  (import \"spectest\" \"print_i32\" (func $p (param i32)))"
      "  (import \"spectest\" \"global_i32\" (global $g i32))"
      "  (import \"spectest\" \"memory\" (memory 1))"
      "  (import \"spectest\" \"table\" (table 10 funcref))"
      "  (global $x (mut i32) (i32.const 0))"
      "  (global $y i32 (global.get $g))"
      "  (func $start (global.set $x (i32.add (global.get $y) (i32.const 1))))"
      "  (start $start)"
      "  (func (export \"x\") (result i32) (global.get $x))"
      "  (func $add (export \"add\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 10)))"
      "  (func (export \"load\") (param i32) (result i32) (i32.load8_u (local.get 0)))"
      "  (elem (i32.const 1) func $add)"
      "  (data (i32.const 8) \"\\2a\"))");
  struct instance *ia = inst_of(s, lk, &a, &err);
  CHECK(ia != NULL);
  if (!ia) fprintf(stderr, "instantiate: %s\n", err.msg);
  bool ok;
  if (ia) {
    CHECK_EQ_INT(call_i32(s, ia, "x", 0, &ok), 667);
    CHECK(ok);
    CHECK_EQ_INT(call_i32(s, ia, "load", 8, &ok), 42);
    struct rc_extern x;
    CHECK(!instance_export(ia, "nope", 4, &x));
    linker_define_instance(lk, "a", 1, ia);
  }

  /* The spectest table got "add" at index 1. */
  struct loaded b = load(e,
      "(module"
      "  (import \"spectest\" \"table\" (table 10 funcref))"
      "  (import \"a\" \"add\" (func $add (param i32) (result i32)))"
      "  (type $t (func (param i32) (result i32)))"
      "  (func (export \"via_table\") (param i32) (result i32)"
      "    (call_indirect (type $t) (local.get 0) (i32.const 1)))"
      "  (func (export \"direct\") (param i32) (result i32) (call $add (local.get 0))))");
  struct instance *ib = inst_of(s, lk, &b, &err);
  CHECK(ib != NULL);
  if (ib) {
    CHECK_EQ_INT(call_i32(s, ib, "via_table", 5, &ok), 15);
    CHECK(ok);
    CHECK_EQ_INT(call_i32(s, ib, "direct", 1, &ok), 11);
  }

  /* Link errors. */
  struct loaded c1 = load(e, "(module (import \"spectest\" \"unknown\" (func)))");
  CHECK(inst_of(s, lk, &c1, &err) == NULL && err.kind == RC_ERR_LINK && strstr(err.msg, "unknown import"));
  struct loaded c2 = load(e, "(module (import \"spectest\" \"global_i32\" (global (mut i32))))");
  CHECK(inst_of(s, lk, &c2, &err) == NULL && err.kind == RC_ERR_LINK &&
        strstr(err.msg, "incompatible import type"));
  struct loaded c3 = load(e, "(module (import \"spectest\" \"memory\" (memory 1 1)))");
  CHECK(inst_of(s, lk, &c3, &err) == NULL && err.kind == RC_ERR_LINK);
  struct loaded c4 = load(e, "(module (import \"a\" \"add\" (func (param i64) (result i32))))");
  CHECK(inst_of(s, lk, &c4, &err) == NULL && err.kind == RC_ERR_LINK);
  struct loaded c5 = load(e, "(module (import \"spectest\" \"table\" (table 10 externref)))");
  CHECK(inst_of(s, lk, &c5, &err) == NULL && err.kind == RC_ERR_LINK);
  struct loaded c6 = load(e, "(module (import \"spectest\" \"print_i32\" (global i32)))");
  CHECK(inst_of(s, lk, &c6, &err) == NULL && err.kind == RC_ERR_LINK);

  /* A trapping data segment leaves the earlier segments' writes in place. */
  struct loaded d = load(e,
      "(module (import \"spectest\" \"memory\" (memory 1))"
      "  (data (i32.const 100) \"\\07\")"
      "  (data (i32.const 65536) \"\\01\"))");
  CHECK(inst_of(s, lk, &d, &err) == NULL && err.kind == RC_ERR_TRAP &&
        strstr(err.msg, "out of bounds memory access"));
  if (ia) CHECK_EQ_INT(call_i32(s, ia, "load", 100, &ok), 7);
  struct loaded d2 = load(e,
      "(module (import \"spectest\" \"table\" (table 10 funcref)) (func $f)"
      "  (elem (i32.const 9) $f $f))");
  CHECK(inst_of(s, lk, &d2, &err) == NULL && err.kind == RC_ERR_TRAP &&
        strstr(err.msg, "out of bounds table access"));

  /* A trapping start function. */
  struct loaded t = load(e, "(module (func $s unreachable) (start $s))");
  CHECK(inst_of(s, lk, &t, &err) == NULL && err.kind == RC_ERR_TRAP);

  store_free(s);
  spectest_free(st);
  linker_free(lk);
  struct loaded *all[] = {&a, &b, &c1, &c2, &c3, &c4, &c5, &c6, &d, &d2, &t};
  for (size_t i = 0; i < RC_ARRAY_LEN(all); i++) unload(all[i]);
  engine_free(e);
}

int main(void) {
  test_memory_table();
  test_link_and_instantiate();
  return TEST_DONE();
}
