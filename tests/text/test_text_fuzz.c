/* Mutation fuzzing of the text layer: script_parse and wat_to_wasm must never
 * crash, hang or leak on damaged input. Seeds are built in, plus spec text
 * scripts when the suite is present. FUZZ_ITERS sets the number of runs. */
#include "spec_files.h"
#include "test.h"
#include "text/script.h"
#include "text/wat.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static const char *const seeds[] = {
  "(module (func $f (param $x i32) (result i32) (block $b (br_if $b (local.get $x))) (i32.const 1)))",
  "(module (type $t (struct (field $a (mut i32)) (field i8))) (rec (type $u (sub (array i16))))"
  " (func (result anyref) (struct.new $t (i32.const 1) (i32.const 2))))",
  "(module (memory 1 2) (data (i32.const 0) \"ab\\00\\u{1F600}\") (func (v128.store offset=3 align=1"
  " (i32.const 0) (v128.const f32x4 1.5 -0x1p-149 inf nan:0x1)) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"
  " (v128.const i64x2 1 2) (v128.const i32x4 1 2 3 4)) drop))",
  "(module (tag $e (param i32)) (func (try_table (catch $e 0) (catch_all 0) (throw $e (i32.const 1)))"
  " try (result i32) i32.const 1 catch $e catch_all i32.const 2 end drop))",
  "(module (table $t 10 funcref (elem $f)) (func $f (call_indirect $t (param i32) (i32.const 0) (i32.const 0)))"
  " (elem declare func $f) (global $g (mut i64) (i64.const -0x8000_0000_0000_0000)) (export \"f\" (func $f)))",
  "(module definition $m binary \"\\00asm\\01\\00\\00\\00\") (module instance $i $m) (register \"r\" $i)"
  " (assert_return (invoke $i \"f\" (f64.const 0x1.fffffffffffffp+1023)) (either (f32.const nan:canonical)"
  " (v128.const f64x2 nan:arithmetic 1e308))) (assert_trap (module instance $m) \"x\")"
  " (module quote \"(func (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))))\")"
  " (assert_malformed (module quote \"(func (i32.const 0x1_0000_0000))\") \"constant out of range\")",
};

static void run_one(const char *src, size_t len) {
  struct script s;
  struct rc_error err;
  if (script_parse(src, len, "fuzz.wast", &s, &err)) {
    for (size_t i = 0; i < s.ncmds; i++) {
      struct script_module *m = &s.cmds[i].module;
      if (m->form != SCRIPT_MOD_QUOTE) continue;
      uint8_t *out;
      size_t n;
      if (wat_to_wasm(m->quote, m->quote_len, "q.wat", &out, &n, &err)) free(out);
    }
    script_free(&s);
  }
  uint8_t *out;
  size_t n;
  if (wat_to_wasm(src, len, "fuzz.wat", &out, &n, &err)) free(out);
}

static void mutate_and_run(const char *seed, size_t len, int iters) {
  static const char alphabet[] = "()$\";_-+.0123456789xnpfi \n\\@{}abcdefghijklmnopqrstuvwxyz\x80\xff";
  char *buf = malloc(len * 2 + 64);
  for (int it = 0; it < iters; it++) {
    memcpy(buf, seed, len);
    size_t n = len;
    int muts = 1 + (int)(next() % 4);
    for (int k = 0; k < muts && n > 0; k++) {
      size_t pos = next() % n;
      switch (next() % 5) {
      case 0: buf[pos] = alphabet[next() % (sizeof alphabet - 1)]; break;
      case 1: memmove(buf + pos, buf + pos + 1, n - pos - 1); n--; break;
      case 2: n = pos; break;
      case 3: {
        size_t l = RC_MIN((size_t)(next() % 32), n - pos);
        if (n + l <= len * 2 + 32) { memmove(buf + pos + l, buf + pos, n - pos); n += l; }
        break;
      }
      default:
        if (n < len * 2 + 32) { memmove(buf + pos + 1, buf + pos, n - pos); buf[pos] = alphabet[next() % (sizeof alphabet - 1)]; n++; }
      }
    }
    run_one(buf, n);
  }
  free(buf);
}

int main(void) {
  int iters = getenv("FUZZ_ITERS") ? atoi(getenv("FUZZ_ITERS")) : 300;
  for (size_t i = 0; i < RC_ARRAY_LEN(seeds); i++) mutate_and_run(seeds[i], strlen(seeds[i]), iters * 4);
  char dir[4096];
  struct file_list fl = {0};
  spec_files("text", ".wast", dir, &fl);
  if (fl.n == 0) printf("spec suite not found, skipped the spec seeds (%s)\n", dir);
  size_t runs = 0;
  for (size_t i = 0; i < fl.n; i++) {
    if (i % 16 == 0) { /* a sample of files keeps the test quick */
      size_t len;
      char *src = read_file(fl.names[i], &len);
      if (src && len < 200000) { mutate_and_run(src, len, iters / 10 + 1); runs++; }
      free(src);
    }
    free(fl.names[i]);
  }
  free(fl.names);
  printf("fuzzed %zu built-in seeds and %zu spec files without a crash\n", RC_ARRAY_LEN(seeds), runs);
  return TEST_DONE();
}
