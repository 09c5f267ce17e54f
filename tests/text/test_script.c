/* WAST script parser: number literals, small scripts, and every bin/ spec script. */
#include "spec_files.h"
#include "test.h"
#include "text/numlit.h"
#include "text/script.h"

static uint32_t f32bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t f64bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

static void test_literals(void) {
  uint64_t v;
  uint32_t f;
  CHECK(lit_int("0xffff_ffff", 11, 32, &v) == LIT_OK && v == 0xffffffffu);
  CHECK(lit_int("-2147483648", 11, 32, &v) == LIT_OK && v == 0x80000000u);
  CHECK(lit_int("4294967296", 10, 32, &v) == LIT_RANGE);
  CHECK(lit_int("+2147483648", 11, 32, &v) == LIT_RANGE);
  CHECK(lit_int("1__0", 4, 32, &v) == LIT_MALFORMED);
  CHECK(lit_int("0x", 2, 32, &v) == LIT_MALFORMED);
  CHECK(lit_int("-0x8000_0000_0000_0000", 22, 64, &v) == LIT_OK && v == 0x8000000000000000ull);
  CHECK(lit_f32("0x1.8p+1", 8, &f) == LIT_OK && f == f32bits(3.0f));
  CHECK(lit_f32("-0x0p+0", 7, &f) == LIT_OK && f == 0x80000000u);
  CHECK(lit_f32("nan:0x40_0000", 13, &f) == LIT_OK && f == 0x7fc00000u);
  CHECK(lit_f32("-inf", 4, &f) == LIT_OK && f == 0xff800000u);
  CHECK(lit_f32("nan:0x80_0000", 13, &f) == LIT_RANGE);
  CHECK(lit_f32("0x1p128", 7, &f) == LIT_RANGE);
  CHECK(lit_f32("0x1p-149", 8, &f) == LIT_OK && f == 1);
  CHECK(lit_f32("0x1p-150", 8, &f) == LIT_OK && f == 0);           /* tie to even: 0 */
  CHECK(lit_f32("0x1.000001p-150", 15, &f) == LIT_OK && f == 1);   /* above the tie */
  CHECK(lit_f32("0x1.00000100000000000001p0", 26, &f) == LIT_OK && f == 0x3f800001u);
  CHECK(lit_f32("0x1.000001p0", 12, &f) == LIT_OK && f == 0x3f800000u); /* tie, even */
  CHECK(lit_f32("0x1.000003p0", 12, &f) == LIT_OK && f == 0x3f800002u); /* tie, even up */
  CHECK(lit_f64("666.6", 5, &v) == LIT_OK && v == 0x4084d4cccccccccdull);
  CHECK(lit_f32("666.6", 5, &f) == LIT_OK && f == 0x4426a666u);
  /* Double rounding trap: 1 + 2^-24 + 2^-60 must round up in f32. */
  CHECK(lit_f32("1.00000005960464477550", 22, &f) == LIT_OK && f == 0x3f800001u);
  CHECK(lit_f64("4.9406564584124654e-324", 23, &v) == LIT_OK && v == 1);
  CHECK(lit_f64("2.4703282292062328e-324", 23, &v) == LIT_OK && v == 1);
  CHECK(lit_f64("2.4703282292062327e-324", 23, &v) == LIT_OK && v == 0);
  CHECK(lit_f64("1e400", 5, &v) == LIT_RANGE);
  CHECK(lit_f64("1.7976931348623157e308", 22, &v) == LIT_OK && v == 0x7fefffffffffffffull);
  CHECK(lit_f64("1_000.000_1", 11, &v) == LIT_OK && v == f64bits(1000.0001));
  /* Random decimal strings against the C library (glibc rounds correctly). */
  unsigned seed = 12345;
  char buf[64];
  for (int i = 0; i < 20000; i++) {
    seed = seed * 1103515245u + 12345u;
    unsigned a = seed;
    seed = seed * 1103515245u + 12345u;
    int e = (int)(seed % 700) - 350;
    int nd = (int)(a % 20) + 1;
    int k = 0;
    for (int j = 0; j < nd; j++) {
      seed = seed * 1103515245u + 12345u;
      buf[k++] = (char)('0' + (seed >> 16) % 10);
      if (j == 0) buf[k++] = '.';
    }
    k += snprintf(buf + k, sizeof buf - (size_t)k, "e%d", e);
    double d = strtod(buf, NULL);
    enum lit_status st = lit_f64(buf, (size_t)k, &v);
    if (st == LIT_OK && v != f64bits(d)) { fprintf(stderr, "f64 %s\n", buf); CHECK(0); break; }
    if (e > -60 && e < 60) {
      float fl = strtof(buf, NULL);
      st = lit_f32(buf, (size_t)k, &f);
      if (st == LIT_OK && f != f32bits(fl)) { fprintf(stderr, "f32 %s\n", buf); CHECK(0); break; }
    }
  }
}

static void test_small(void) {
  const char *src =
      "(module definition $m binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
      "(module instance $i $m)\n"
      "(register \"M\" $i)\n"
      "(assert_return (invoke $i \"f\" (i32.const -1) (v128.const i32x4 1 2 3 4) (ref.null func))\n"
      "  (f32.const nan:canonical) (either (i32.const 1) (ref.extern)) (v128.const f64x2 nan:arithmetic 1.0))\n"
      "(assert_trap (module instance) \"oops\")\n"
      "(module quote \"(func)\" \"(func)\")\n"
      "(assert_exception (invoke \"x\"))\n";
  struct script s;
  struct rc_error err;
  CHECK(script_parse(src, strlen(src), "t.wast", &s, &err));
  CHECK_EQ_INT(s.ncmds, 7);
  if (s.ncmds == 7) {
    CHECK(s.cmds[0].module.definition && s.cmds[0].module.len == 8 && strcmp(s.cmds[0].module.id, "m") == 0);
    CHECK(strcmp(s.cmds[1].inst_id, "i") == 0 && strcmp(s.cmds[1].mod_id, "m") == 0);
    CHECK(s.cmds[3].action.nargs == 3 && s.cmds[3].action.args[0].u.i32 == 0xffffffffu);
    CHECK(s.cmds[3].nresults == 3 && s.cmds[3].results[1].nalts == 2);
    CHECK(s.cmds[3].results[2].lane_nan[0] == SCRIPT_NAN_ARITHMETIC);
    CHECK(s.cmds[4].target == SCRIPT_TARGET_INSTANCE && s.cmds[4].line == 6);
    CHECK(s.cmds[5].module.form == SCRIPT_MOD_QUOTE && strcmp(s.cmds[5].module.quote, "(func)(func)") == 0);
  }
  script_free(&s);
  const char *bad = "(module binary \"\\0g\")";
  CHECK(!script_parse(bad, strlen(bad), "b.wast", &s, &err));
  CHECK(err.line == 1);
  const char *deep = "(assert_return (invoke \"f\") (either (either (either (either (either (either (either "
                     "(either (either (either (either (either (either (either (either (either (either (either";
  CHECK(!script_parse(deep, strlen(deep), "d.wast", &s, &err));
}

static void test_spec_bin(void) {
  char dir[4096];
  struct file_list fl = {0};
  spec_files("bin", ".bin.wast", dir, &fl);
  if (fl.n == 0) { printf("spec suite not found, skipped (%s)\n", dir); return; }
  size_t ok = 0, cmds = 0;
  for (size_t i = 0; i < fl.n; i++) {
    size_t len;
    char *src = read_file(fl.names[i], &len);
    struct script s;
    struct rc_error err;
    if (src && script_parse(src, len, fl.names[i], &s, &err)) {
      ok++;
      cmds += s.ncmds;
      script_free(&s);
    } else {
      fprintf(stderr, "FAIL %s\n", src ? err.msg : fl.names[i]);
      CHECK(0);
    }
    free(src);
    free(fl.names[i]);
  }
  printf("bin scripts parsed: %zu/%zu (%zu commands)\n", ok, fl.n, cmds);
  free(fl.names);
}

/* The same script in text and bin form must give the same values: a check of
 * the decimal/hex literal conversion against the reference's own output. */
static bool is_action_cmd(const struct script_cmd *c) {
  return c->kind == SCRIPT_CMD_ACTION || c->kind == SCRIPT_CMD_ASSERT_RETURN ||
         c->kind == SCRIPT_CMD_ASSERT_EXHAUSTION || c->kind == SCRIPT_CMD_ASSERT_EXCEPTION ||
         (c->kind == SCRIPT_CMD_ASSERT_TRAP && c->target == SCRIPT_TARGET_ACTION);
}
static bool pat_eq(const struct script_pattern *a, const struct script_pattern *b) {
  if (a->kind != b->kind || a->nan != b->nan || a->has_host != b->has_host || a->nalts != b->nalts) return false;
  switch (a->kind) {
  case SCRIPT_PAT_I32: case SCRIPT_PAT_F32: return a->nan || a->u.i32 == b->u.i32;
  case SCRIPT_PAT_I64: case SCRIPT_PAT_F64: return a->nan || a->u.i64 == b->u.i64;
  case SCRIPT_PAT_V128:
    return a->shape == b->shape && memcmp(a->u.v128, b->u.v128, 16) == 0 && memcmp(a->lane_nan, b->lane_nan, 16) == 0;
  case SCRIPT_PAT_REF_NULL: return a->heap == b->heap;
  case SCRIPT_PAT_REF_EXTERN: case SCRIPT_PAT_REF_HOST: return a->u.host == b->u.host;
  case SCRIPT_PAT_EITHER:
    for (size_t i = 0; i < a->nalts; i++) if (!pat_eq(&a->alts[i], &b->alts[i])) return false;
    return true;
  default: return true;
  }
}
static bool action_eq(const struct script_action *a, const struct script_action *b) {
  if (a->kind != b->kind || a->nargs != b->nargs || a->name_len != b->name_len ||
      memcmp(a->name, b->name, a->name_len) != 0)
    return false;
  for (size_t i = 0; i < a->nargs; i++) {
    const struct script_value *x = &a->args[i], *y = &b->args[i];
    if (x->kind != y->kind || x->heap != y->heap) return false;
    if (memcmp(&x->u, &y->u, sizeof x->u) != 0) return false;
  }
  return true;
}

static void test_text_vs_bin(void) {
  char dir[4096];
  struct file_list fl = {0};
  spec_files("text", ".wast", dir, &fl);
  if (fl.n == 0) return;
  size_t same = 0, total = 0, files_bad = 0;
  for (size_t i = 0; i < fl.n; i++) {
    char bin[4096];
    bin_twin(dir, fl.names[i], bin);
    size_t la = 0, lb = 0;
    char *a = read_file(fl.names[i], &la), *b = read_file(bin, &lb);
    struct script sa, sb;
    struct rc_error err;
    if (a && b && script_parse(a, la, fl.names[i], &sa, &err)) {
      if (script_parse(b, lb, bin, &sb, &err)) {
        size_t ia = 0, ib = 0;
        for (;;) {
          while (ia < sa.ncmds && !is_action_cmd(&sa.cmds[ia])) ia++;
          while (ib < sb.ncmds && !is_action_cmd(&sb.cmds[ib])) ib++;
          if (ia >= sa.ncmds || ib >= sb.ncmds) {
            if (ia < sa.ncmds || ib < sb.ncmds) files_bad++;
            break;
          }
          const struct script_cmd *x = &sa.cmds[ia++], *y = &sb.cmds[ib++];
          bool ok = x->kind == y->kind && action_eq(&x->action, &y->action) && x->nresults == y->nresults;
          for (size_t r = 0; ok && r < x->nresults; r++) ok = pat_eq(&x->results[r], &y->results[r]);
          total++;
          if (ok) same++;
          else fprintf(stderr, "VALUE MISMATCH %s:%u vs bin line %u\n", fl.names[i], x->line, y->line);
        }
        script_free(&sb);
      }
      script_free(&sa);
    }
    free(a);
    free(b);
    free(fl.names[i]);
  }
  free(fl.names);
  printf("actions/assertions equal in text and bin form: %zu/%zu (files with unaligned lists: %zu)\n", same, total, files_bad);
  CHECK(same == total);
  CHECK(files_bad == 0);
}

int main(void) {
  test_literals();
  test_small();
  test_spec_bin();
  test_text_vs_bin();
  return TEST_DONE();
}
