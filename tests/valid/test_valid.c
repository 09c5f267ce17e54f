/* Validator unit tests: small hand-assembled modules, valid and invalid, and
 * what the listener is told. The spec suite (every assert_invalid module
 * rejected, every other module accepted) is the broad test; these pin the
 * rules one at a time. */
#include "binary/module.h"
#include "test.h"
#include "types/typestore.h"
#include "valid/valid.h"

#include <string.h>

#define HDR 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00
/* A section or function body whose size (< 128) the compiler counts. */
#define SEC(id, ...) id, (uint8_t)sizeof((uint8_t[]){__VA_ARGS__}), __VA_ARGS__
#define BODY(...) (uint8_t)sizeof((uint8_t[]){__VA_ARGS__}), __VA_ARGS__
/* One function of type 0 with the given body (locals + instructions). */
#define FUNC0(...) SEC(3, 1, 0), SEC(10, 1, BODY(__VA_ARGS__))

#define I32 0x7f
#define I64 0x7e
#define FUNCREF 0x70
#define END 0x0b

static struct typestore *ts;

/* Decode and validate; returns NULL message on success, else the error. */
static const char *check(const uint8_t *b, size_t n, const struct val_listener *lis) {
  static struct rc_error err;
  rc_error_clear(&err);
  struct module *m = module_decode(b, n, &err);
  if (!m) return err.msg[0] ? err.msg : "decode failed";
  bool ok = module_validate(m, ts, lis, &err);
  module_free(m);
  return ok ? NULL : err.msg;
}

#define VALID(...)                                                                             \
  do {                                                                                         \
    static const uint8_t b_[] = {HDR, __VA_ARGS__};                                            \
    const char *e_ = check(b_, sizeof b_, NULL);                                               \
    if (e_) fprintf(stderr, "%s:%d: expected valid, got '%s'\n", __FILE__, __LINE__, e_);      \
    CHECK(e_ == NULL);                                                                         \
  } while (0)

#define INVALID(msg, ...)                                                                      \
  do {                                                                                         \
    static const uint8_t b_[] = {HDR, __VA_ARGS__};                                            \
    const char *e_ = check(b_, sizeof b_, NULL);                                               \
    if (!e_ || strncmp(e_, msg, strlen(msg)))                                                  \
      fprintf(stderr, "%s:%d: expected '%s', got '%s'\n", __FILE__, __LINE__, msg,             \
              e_ ? e_ : "valid");                                                              \
    CHECK(e_ && !strncmp(e_, msg, strlen(msg)));                                               \
  } while (0)

static void test_basic(void) {
  /* (func (result i32) i32.const 1) */
  VALID(SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x41, 1, END));
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x42, 1, END));
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, END));
  /* too many values at the end */
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x41, 1, END));
  /* i32.add on the polymorphic stack after unreachable */
  VALID(SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x00, 0x6a, END));
  VALID(SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x00, 0x41, 1, 0x6a, END));
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x00, 0x42, 1, 0x6a, END));
  /* select: numeric operands of one type */
  VALID(SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x41, 1, 0x41, 2, 0x41, 0, 0x1b, END));
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x41, 1, 0x42, 2, 0x41, 0, 0x1b, END));
  /* select on unknown operands in unreachable code */
  VALID(SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x00, 0x1b, END));
  /* typed select with two types */
  INVALID("invalid result arity", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x00, 0x1c, 2, I32, I32, 0x1a, END));
  /* unknown local, unknown global, unknown function */
  INVALID("unknown local", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x20, 0, 0x1a, END));
  INVALID("unknown global", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x23, 0, 0x1a, END));
  INVALID("unknown function", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x10, 5, END));
  INVALID("unknown type", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x02, 0x05, END, END));
}

static void test_control(void) {
  /* block (result i32) i32.const 1 end */
  VALID(SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x02, I32, 0x41, 1, END, END));
  /* if without else must have matching params/results */
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0x41, 1, 0x04, I32, 0x41, 1, END, END));
  VALID(SEC(1, 1, 0x60, 0, 1, I32),
        FUNC0(0, 0x41, 1, 0x04, I32, 0x41, 1, 0x05, 0x41, 2, END, END));
  /* br to a label out of range */
  INVALID("unknown label", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x0c, 1, END));
  /* br_table with labels of different arity */
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 0),
          FUNC0(0, 0x02, I32, 0x41, 1, 0x41, 0, 0x0e, 1, 0, 1, END, 0x1a, END));
  /* br_table in unreachable code may target labels of different types */
  VALID(SEC(1, 1, 0x60, 0, 0),
        FUNC0(0, 0x02, I32, 0x02, I64, 0x00, 0x0e, 1, 0, 1, END, 0x1a, 0x41, 0, END, 0x1a, END));
  /* loop label carries the params: (loop (param i32) br 0) via type 1 */
  VALID(SEC(1, 2, 0x60, 0, 0, 0x60, 1, I32, 0), FUNC0(0, 0x41, 0, 0x03, 1, 0x0c, 0, END, END));
  /* return_call with a callee whose results do not match */
  INVALID("type mismatch", SEC(1, 2, 0x60, 0, 1, I32, 0x60, 0, 1, I64),
          SEC(3, 2, 0, 1), SEC(10, 2, BODY(0, 0x12, 1, END), BODY(0, 0x42, 0, END)));
  VALID(SEC(1, 1, 0x60, 0, 1, I32), SEC(3, 2, 0, 0),
        SEC(10, 2, BODY(0, 0x12, 1, END), BODY(0, 0x41, 0, END)));
}

static void test_locals(void) {
  /* a (ref func) local read before it is set */
  INVALID("uninitialized local", SEC(1, 1, 0x60, 0, 0), FUNC0(1, 1, 0x64, FUNCREF, 0x20, 0, 0x1a, END));
  /* set in a block, read after it: the initialisation does not outlive the block */
  INVALID("uninitialized local", SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(7, 1, 1, 'f', 0, 0),
          SEC(10, 1, BODY(1, 1, 0x64, FUNCREF, 0x02, 0x40, 0xd2, 0, 0x21, 0, END, 0x20, 0, 0x1a, END)));
  VALID(SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(7, 1, 1, 'f', 0, 0),
        SEC(10, 1, BODY(1, 1, 0x64, FUNCREF, 0xd2, 0, 0x21, 0, 0x20, 0, 0x1a, END)));
  /* funcref locals are defaultable */
  VALID(SEC(1, 1, 0x60, 0, 0), FUNC0(1, 1, FUNCREF, 0x20, 0, 0x1a, END));
}

static void test_refs(void) {
  /* ref.func needs the function declared outside bodies */
  INVALID("undeclared function reference", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0xd2, 0, 0x1a, END));
  VALID(SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(7, 1, 1, 'f', 0, 0), SEC(10, 1, BODY(0, 0xd2, 0, 0x1a, END)));
  /* declared by a declarative element segment */
  VALID(SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(9, 1, 3, 0, 1, 0), SEC(10, 1, BODY(0, 0xd2, 0, 0x1a, END)));
  /* call_ref through a typed reference: (ref.func 0) (call_ref 0) */
  VALID(SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(7, 1, 1, 'f', 0, 0),
        SEC(10, 1, BODY(0, 0xd2, 0, 0x14, 0, END)));
  /* ref.as_non_null then br_on_null */
  VALID(SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0xd0, FUNCREF, 0xd5, 0, 0x1a, END));
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x41, 0, 0xd4, 0x1a, END));
}

static void test_module_level(void) {
  INVALID("duplicate export name", SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(7, 2, 1, 'a', 0, 0, 1, 'a', 0, 0),
          SEC(10, 1, BODY(0, END)));
  INVALID("memory size", SEC(5, 1, 0, 0x81, 0x80, 0x04));
  VALID(SEC(5, 1, 0, 0x80, 0x80, 0x04));
  INVALID("size minimum must not be greater than maximum", SEC(5, 1, 1, 2, 1));
  /* global initialised from a mutable global: not constant */
  INVALID("constant expression required", SEC(2, 1, 1, 'm', 1, 'g', 3, I32, 1),
          SEC(6, 1, I32, 0, 0x23, 0, END));
  VALID(SEC(2, 1, 1, 'm', 1, 'g', 3, I32, 0), SEC(6, 1, I32, 0, 0x23, 0, END));
  /* Wasm 3.0: an earlier defined immutable global is fine, a later one unknown */
  VALID(SEC(6, 2, I32, 0, 0x41, 1, END, I32, 0, 0x23, 0, 0x41, 2, 0x6a, END));
  INVALID("unknown global", SEC(6, 2, I32, 0, 0x23, 1, END, I32, 0, 0x41, 2, END));
  INVALID("immutable global", SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(6, 1, I32, 0, 0x41, 1, END),
          SEC(10, 1, BODY(0, 0x41, 1, 0x24, 0, END)));
  INVALID("start function", SEC(1, 1, 0x60, 1, I32, 0), SEC(3, 1, 0), SEC(8, 0), SEC(10, 1, BODY(0, END)));
  /* a table of non-nullable references needs an initialiser */
  INVALID("type mismatch", SEC(4, 1, 0x64, FUNCREF, 0, 1));
  /* subtype of a final type */
  INVALID("sub type", SEC(1, 2, 0x60, 0, 0, 0x50, 1, 0, 0x60, 0, 0));
  VALID(SEC(1, 2, 0x50, 0, 0x60, 0, 0, 0x50, 1, 0, 0x60, 0, 0));
  /* supertype declared later */
  INVALID("forward use", SEC(1, 1, 0x4e, 2, 0x50, 1, 1, 0x60, 0, 0, 0x50, 0, 0x60, 0, 0));
  INVALID("unknown type", SEC(1, 2, 0x50, 1, 1, 0x60, 0, 0, 0x50, 0, 0x60, 0, 0));
}

static void test_memory(void) {
  /* i32.load align=8 bytes on a 4-byte load */
  INVALID("alignment must not be larger than natural", SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(5, 1, 0, 1),
          SEC(10, 1, BODY(0, 0x41, 0, 0x28, 3, 0, 0x1a, END)));
  VALID(SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(5, 1, 0, 1), SEC(10, 1, BODY(0, 0x41, 0, 0x28, 2, 0, 0x1a, END)));
  INVALID("unknown memory", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x41, 0, 0x28, 2, 0, 0x1a, END));
  /* memory64: the address is an i64 */
  VALID(SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(5, 1, 4, 1), SEC(10, 1, BODY(0, 0x42, 0, 0x28, 2, 0, 0x1a, END)));
  INVALID("type mismatch", SEC(1, 1, 0x60, 0, 0), SEC(3, 1, 0), SEC(5, 1, 4, 1),
          SEC(10, 1, BODY(0, 0x41, 0, 0x28, 2, 0, 0x1a, END)));
  /* SIMD lane index */
  INVALID("invalid lane index", SEC(1, 1, 0x60, 0, 0),
          FUNC0(0, 0xfd, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfd, 21, 16, 0x1a, END));
}

static void test_gc(void) {
  /* (type (struct (field (mut i8)))) (func (result i32) struct.new_default 0 struct.get_s 0 0) */
  VALID(SEC(1, 2, 0x5f, 1, 0x78, 1, 0x60, 0, 1, I32), SEC(3, 1, 1),
        SEC(10, 1, BODY(0, 0xfb, 1, 0, 0xfb, 3, 0, 0, END)));
  INVALID("field is packed", SEC(1, 2, 0x5f, 1, 0x78, 1, 0x60, 0, 1, I32), SEC(3, 1, 1),
          SEC(10, 1, BODY(0, 0xfb, 1, 0, 0xfb, 2, 0, 0, END)));
  /* struct.set on an immutable field */
  INVALID("immutable field", SEC(1, 2, 0x5f, 1, I32, 0, 0x60, 0, 0), SEC(3, 1, 1),
          SEC(10, 1, BODY(0, 0xfb, 1, 0, 0x41, 1, 0xfb, 5, 0, 0, END)));
  /* (array (ref func)) has no default */
  INVALID("array type is not defaultable", SEC(1, 2, 0x5e, 0x64, FUNCREF, 1, 0x60, 0, 0), SEC(3, 1, 1),
          SEC(10, 1, BODY(0, 0x41, 1, 0xfb, 7, 0, 0x1a, END)));
  /* ref.cast anyref -> i31ref, then i31.get_u */
  VALID(SEC(1, 1, 0x60, 0, 1, I32), FUNC0(0, 0xd0, 0x6e, 0xfb, 23, 0x6c, 0xfb, 30, END));
  /* a struct constant in a global initialiser */
  VALID(SEC(1, 1, 0x5f, 1, I32, 0), SEC(6, 1, 0x64, 0, 0, 0x41, 7, 0xfb, 0, 0, END));
}

static void test_exceptions(void) {
  /* (tag (param i32)) (func (result i32) (block (result i32) (try_table (catch 0 0) (unreachable)) (i32.const 0))) */
  VALID(SEC(1, 2, 0x60, 1, I32, 0, 0x60, 0, 1, I32), SEC(3, 1, 1), SEC(13, 1, 0, 0),
        SEC(10, 1, BODY(0, 0x02, I32, 0x1f, 0x40, 1, 0, 0, 0, 0x00, END, 0x41, 0, END, END)));
  /* the catch label expects i64 but the tag gives i32 */
  INVALID("type mismatch", SEC(1, 2, 0x60, 1, I32, 0, 0x60, 0, 1, I64), SEC(3, 1, 1), SEC(13, 1, 0, 0),
          SEC(10, 1, BODY(0, 0x02, I64, 0x1f, 0x40, 1, 0, 0, 0, 0x00, END, 0x42, 0, END, END)));
  INVALID("non-empty tag result type", SEC(1, 1, 0x60, 0, 1, I32), SEC(13, 1, 0, 0));
  /* legacy: rethrow must name a catch */
  INVALID("invalid rethrow label", SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x06, 0x40, 0x09, 0, END, END));
  VALID(SEC(1, 1, 0x60, 0, 0), FUNC0(0, 0x06, 0x40, 0x19, 0x09, 0, END, END));
}

/* What the listener sees. */
struct rec {
  uint32_t op[32], height[32], npops[32], npushes[32], label_n[32], bt_n[32];
  bool reach[32];
  int n, begins, ends;
};
static bool r_begin(void *ud, enum val_code_kind kind, uint32_t index, uint32_t item, const valtype *locals,
                    uint32_t nlocals, const valtype *results, uint32_t nresults, struct rc_error *err) {
  ((struct rec *)ud)->begins++;
  return true;
}
static bool r_instr(void *ud, const struct val_instr *vi, struct rc_error *err) {
  struct rec *r = ud;
  if (r->n < 32) {
    r->op[r->n] = vi->in->op;
    r->height[r->n] = vi->height;
    r->npops[r->n] = vi->npops;
    r->npushes[r->n] = vi->npushes;
    r->label_n[r->n] = vi->label_types ? vi->label_ntypes : UINT32_MAX;
    r->bt_n[r->n] = vi->bt_results ? vi->bt_nresults : UINT32_MAX;
    r->reach[r->n] = vi->reachable;
  }
  r->n++;
  return true;
}
static bool r_end(void *ud, struct rc_error *err) {
  ((struct rec *)ud)->ends++;
  return true;
}

static void test_listener(void) {
  /* (global i32 (i32.const 5))
   * (func (result i32) (block (result i32) (i32.const 1) (br_if 0 (i32.const 2)) (drop) (i32.const 3)) (unreachable) (end) */
  static const uint8_t b[] = {HDR, SEC(1, 1, 0x60, 0, 1, I32), SEC(3, 1, 0), SEC(6, 1, I32, 0, 0x41, 5, END),
                              SEC(10, 1, BODY(0, 0x02, I32, 0x41, 1, 0x41, 2, 0x0d, 0, 0x1a, 0x41, 3, END,
                                              0x00, 0x6a, END))};
  struct rec r = {0};
  struct val_listener lis = {&r, r_begin, r_instr, r_end};
  const char *e = check(b, sizeof b, &lis);
  CHECK(e == NULL);
  CHECK_EQ_INT(r.begins, 2);
  CHECK_EQ_INT(r.ends, 2);
  CHECK_EQ_INT(r.n, 2 + 10);
  /* global init: i32.const, end */
  CHECK_EQ_INT(r.op[0], OP_i32_const);
  CHECK_EQ_INT(r.op[1], OP_end);
  CHECK_EQ_INT(r.npops[1], 1);
  /* block */
  CHECK_EQ_INT(r.op[2], OP_block);
  CHECK_EQ_INT(r.bt_n[2], 1);
  /* br_if: pops [i32 i32] at height 2, pushes [i32], label has 1 type */
  CHECK_EQ_INT(r.op[5], OP_br_if);
  CHECK_EQ_INT(r.height[5], 2);
  CHECK_EQ_INT(r.npops[5], 2);
  CHECK_EQ_INT(r.npushes[5], 1);
  CHECK_EQ_INT(r.label_n[5], 1);
  /* end of block: pops 1 pushes 1 */
  CHECK_EQ_INT(r.op[8], OP_end);
  CHECK_EQ_INT(r.npops[8], 1);
  CHECK_EQ_INT(r.npushes[8], 1);
  CHECK_EQ_INT(r.bt_n[8], 1);
  /* after unreachable: i32.add is unreachable, the final end too */
  CHECK(r.reach[9]);
  CHECK(!r.reach[10]);
  CHECK_EQ_INT(r.op[11], OP_end);
  CHECK(!r.reach[11]);
}

static uint32_t seen_catches, seen_catch0_n;
static bool c_instr(void *ud, const struct val_instr *vi, struct rc_error *err) {
  if (vi->in->op == OP_try_table) {
    seen_catches = vi->in->try_table.ncatches;
    CHECK(vi->catch_label_types != NULL);
    seen_catch0_n = vi->catch_label_ntypes[0];
    CHECK_EQ_INT(vi->catch_label_types[0][0], VT_I32);
    CHECK(vi->catch_label_types[1] == NULL || vi->catch_label_ntypes[1] == 0);
  } else {
    CHECK(vi->catch_label_types == NULL);
  }
  return true;
}

static void test_listener_catches(void) {
  /* (block (result i32) (try_table (catch 0 0) (catch_all 1) unreachable) i32.const 0) drop */
  static const uint8_t b[] = {HDR, SEC(1, 2, 0x60, 1, I32, 0, 0x60, 0, 0), SEC(3, 1, 1), SEC(13, 1, 0, 0),
                              SEC(10, 1, BODY(0, 0x02, 0x40, 0x02, I32, 0x1f, 0x40, 2, 0, 0, 0, 2, 2, 0x00, END,
                                              0x41, 0, END, 0x1a, END, END))};
  struct val_listener lis = {NULL, NULL, c_instr, NULL};
  const char *e = check(b, sizeof b, &lis);
  if (e) fprintf(stderr, "catches: %s\n", e);
  CHECK(e == NULL);
  CHECK_EQ_INT(seen_catches, 2);
  CHECK_EQ_INT(seen_catch0_n, 1);
}

int main(void) {
  ts = typestore_new();
  test_basic();
  test_control();
  test_locals();
  test_refs();
  test_module_level();
  test_memory();
  test_gc();
  test_exceptions();
  test_listener();
  test_listener_catches();
  typestore_free(ts);
  return TEST_DONE();
}
