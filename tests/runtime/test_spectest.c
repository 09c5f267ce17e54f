/* Runtime: the spectest host module: fresh print functions per import, one
 * shared table/table64/memory, immutable globals, unknown names. */
#include "interp/interp.h"
#include "runtime/rt.h"
#include "runtime/spectest.h"
#include "test.h"

static struct import imp(const char *field, enum extern_kind kind) {
  struct import i;
  memset(&i, 0, sizeof i);
  i.module.data = (char *)"spectest";
  i.module.len = 8;
  i.field.data = (char *)field;
  i.field.len = (uint32_t)strlen(field);
  i.kind = kind;
  return i;
}

int main(void) {
  struct engine *e = engine_new();
  struct store *s = store_new(e);
  struct spectest *st = spectest_new(s, NULL);
  struct rc_extern a, b;
  struct import pi = imp("print_i32", EXT_FUNC);
  CHECK(spectest_resolve(st, s, NULL, &pi, &a) && a.kind == EXT_FUNC);
  CHECK(spectest_resolve(st, s, NULL, &pi, &b) && b.kind == EXT_FUNC);
  CHECK(a.func != b.func);              /* a fresh function per import */
  CHECK(a.func->type == b.func->type);  /* of one canonical type */
  CHECK(a.func->type->comp.func.nparams == 1 && a.func->type->comp.func.params[0] == VT_I32);
  uint64_t slots[2] = {42, 0};
  struct rc_error err;
  rc_error_clear(&err);
  CHECK(interp_call(s, a.func, slots, &err));

  struct import ti = imp("table", EXT_TABLE);
  CHECK(spectest_resolve(st, s, NULL, &ti, &a) && spectest_resolve(st, s, NULL, &ti, &b));
  CHECK(a.kind == EXT_TABLE && a.table == b.table && a.table->size == 10 && a.table->type.max == 20 &&
        !a.table->is64);
  struct import t64 = imp("table64", EXT_TABLE);
  CHECK(spectest_resolve(st, s, NULL, &t64, &b) && b.table != a.table && b.table->is64);
  struct import mi = imp("memory", EXT_MEMORY);
  CHECK(spectest_resolve(st, s, NULL, &mi, &a) && a.kind == EXT_MEMORY && a.mem->size == RC_PAGE_SIZE &&
        a.mem->max_pages == 2);

  const char *gnames[] = {"global_i32", "global_i64", "global_f32", "global_f64"};
  const valtype gtypes[] = {VT_I32, VT_I64, VT_F32, VT_F64};
  const uint64_t gbits[] = {666, 666, 0x4426a666u, 0x4084d4cccccccccdull};
  for (int i = 0; i < 4; i++) {
    struct import gi = imp(gnames[i], EXT_GLOBAL);
    CHECK(spectest_resolve(st, s, NULL, &gi, &a) && a.kind == EXT_GLOBAL);
    CHECK(a.global->type == gtypes[i] && !a.global->mut);
    uint64_t bits = gtypes[i] == VT_I32 || gtypes[i] == VT_F32 ? a.global->val.u32 : a.global->val.u64;
    CHECK(bits == gbits[i]);
  }
  struct import unk = imp("unknown", EXT_FUNC);
  CHECK(!spectest_resolve(st, s, NULL, &unk, &a));

  store_free(s);
  spectest_free(st);
  engine_free(e);
  return TEST_DONE();
}
