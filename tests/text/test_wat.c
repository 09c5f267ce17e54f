/* WAT encoder against the spec suite's text scripts: every module encodes,
 * every quote module in assert_malformed is rejected, and every encoding
 * matches the reference encoder's bytes in the bin/ twin (after normalising
 * section and function-body size LEBs, which the reference pads to 5 bytes). */
#include "spec_files.h"
#include "test.h"
#include "text/script.h"
#include "text/wat.h"

static bool read_leb(const uint8_t *b, size_t n, size_t *p, uint64_t *v) {
  *v = 0;
  for (int sh = 0; sh < 70; sh += 7) {
    if (*p >= n) return false;
    uint8_t x = b[(*p)++];
    *v |= (uint64_t)(x & 0x7f) << sh;
    if (!(x & 0x80)) return true;
  }
  return false;
}
static void put_leb(uint8_t **o, size_t *len, size_t *cap, uint64_t v) {
  do {
    if (*len + 1 > *cap) { *cap = *cap * 2 + 64; *o = realloc(*o, *cap); }
    uint8_t x = v & 0x7f;
    v >>= 7;
    (*o)[(*len)++] = (uint8_t)(x | (v ? 0x80 : 0));
  } while (v);
}
static void put(uint8_t **o, size_t *len, size_t *cap, const uint8_t *b, size_t n) {
  if (n == 0) return;
  if (*len + n > *cap) { *cap = (*len + n) * 2; *o = realloc(*o, *cap); }
  memcpy(*o + *len, b, n);
  *len += n;
}

/* Re-encode section sizes and code body sizes minimally. */
static uint8_t *normalise(const uint8_t *b, size_t n, size_t *out_len) {
  uint8_t *o = NULL;
  size_t len = 0, cap = 0;
  if (n < 8) { *out_len = 0; return NULL; }
  put(&o, &len, &cap, b, 8);
  size_t p = 8;
  while (p < n) {
    uint8_t id = b[p++];
    uint64_t sz;
    if (!read_leb(b, n, &p, &sz) || p + sz > n) break;
    uint8_t *s = NULL;
    size_t sl = 0, sc = 0;
    if (id == 10) {
      size_t q = p;
      uint64_t cnt, bs;
      read_leb(b, p + sz, &q, &cnt);
      put_leb(&s, &sl, &sc, cnt);
      for (uint64_t i = 0; i < cnt; i++) {
        if (!read_leb(b, p + sz, &q, &bs) || q + bs > p + sz) break;
        put_leb(&s, &sl, &sc, bs);
        put(&s, &sl, &sc, b + q, bs);
        q += bs;
      }
    } else {
      put(&s, &sl, &sc, b + p, sz);
    }
    put(&o, &len, &cap, &id, 1);
    put_leb(&o, &len, &cap, sl);
    put(&o, &len, &cap, s, sl);
    free(s);
    p += sz;
  }
  *out_len = len;
  return o;
}

struct modref { const uint8_t *bytes; size_t len; uint32_t line; bool owned; };
struct modlist { struct modref *m; size_t n, cap; };
static void ml_push(struct modlist *l, struct modref r) {
  if (l->n == l->cap) { l->cap = l->cap * 2 + 16; l->m = realloc(l->m, l->cap * sizeof *l->m); }
  l->m[l->n++] = r;
}

static size_t n_files, n_modules, n_module_fail, n_quote_bad, n_quote_bad_rejected, n_quote_good,
    n_quote_good_ok, n_cmp, n_cmp_same, n_cmp_files_skipped;
static int verbose;
static size_t n_msg_same;

static bool encode_module(const struct script_module *m, const char *file, uint8_t **bytes, size_t *len,
                          struct rc_error *err) {
  const uint8_t *b;
  bool owned;
  if (!script_module_binary(m, file, &b, len, &owned, err)) return false;
  *bytes = (uint8_t *)b;
  return true;
}

static void check_file(const char *text_path, const char *bin_path) {
  size_t len = 0;
  char *src = read_file(text_path, &len);
  if (!src) { fprintf(stderr, "cannot read %s\n", text_path); n_module_fail++; return; }
  struct script s;
  struct rc_error err;
  if (!script_parse(src, len, text_path, &s, &err)) {
    fprintf(stderr, "SCRIPT FAIL %s\n", err.msg);
    n_module_fail++;
    free(src);
    return;
  }
  n_files++;
  struct modlist tl = {0};
  for (size_t i = 0; i < s.ncmds; i++) {
    struct script_cmd *c = &s.cmds[i];
    if (!cmd_has_module(c)) continue;
    uint8_t *bytes = NULL;
    size_t blen = 0;
    struct rc_error e;
    rc_error_clear(&e);
    bool ok = encode_module(&c->module, text_path, &bytes, &blen, &e);
    if (c->kind == SCRIPT_CMD_ASSERT_MALFORMED && c->module.form != SCRIPT_MOD_BINARY) {
      n_quote_bad++;
      if (!ok) {
        n_quote_bad_rejected++;
        const char *m = strstr(e.msg, ": ");
        while (m && strstr(m + 2, ": ")) m = strstr(m + 2, ": ");
        m = m ? m + 2 : e.msg;
        if (c->message && strncmp(m, c->message, strlen(c->message)) == 0) n_msg_same++;
        else if (verbose > 2) fprintf(stderr, "MSG %s:%u want \"%s\" got \"%s\"\n", text_path, c->line, c->message, e.msg);
      }
      else if (verbose) fprintf(stderr, "NOT REJECTED %s:%u (%s)\n", text_path, c->line, c->message);
      if (ok) free(bytes);
      continue;
    }
    if (c->module.form == SCRIPT_MOD_QUOTE) { n_quote_good++; if (ok) n_quote_good_ok++; }
    n_modules++;
    if (!ok) {
      n_module_fail++;
      if (verbose) fprintf(stderr, "MODULE FAIL line %u: %s\n", c->line, e.msg);
      ml_push(&tl, (struct modref){NULL, 0, c->line, false});
      continue;
    }
    ml_push(&tl, (struct modref){bytes, blen, c->line, c->module.form == SCRIPT_MOD_QUOTE});
  }
  /* compare with the bin twin */
  size_t blen2;
  char *bsrc = bin_path ? read_file(bin_path, &blen2) : NULL;
  struct script bs;
  if (bsrc && script_parse(bsrc, blen2, bin_path, &bs, &err)) {
    struct modlist bl = {0};
    for (size_t i = 0; i < bs.ncmds; i++) {
      struct script_cmd *c = &bs.cmds[i];
      if (cmd_has_module(c)) ml_push(&bl, (struct modref){c->module.bytes, c->module.len, c->line, false});
    }
    if (bl.n != tl.n) {
      n_cmp_files_skipped++;
      if (verbose) fprintf(stderr, "COUNT MISMATCH %s: %zu text vs %zu bin\n", text_path, tl.n, bl.n);
    } else {
      for (size_t i = 0; i < tl.n; i++) {
        if (!tl.m[i].bytes) continue;
        n_cmp++;
        size_t la, lb;
        uint8_t *a = normalise(tl.m[i].bytes, tl.m[i].len, &la);
        uint8_t *b = normalise(bl.m[i].bytes, bl.m[i].len, &lb);
        if (la == lb && (la == 0 || memcmp(a, b, la) == 0)) n_cmp_same++;
        else if (verbose) {
          size_t k = 0;
          while (k < la && k < lb && a[k] == b[k]) k++;
          fprintf(stderr, "DIFF %s:%u (bin line %u) at byte %zu of %zu/%zu\n", text_path, tl.m[i].line,
                  bl.m[i].line, k, la, lb);
          if (verbose > 1) {
            for (size_t q = k > 8 ? k - 8 : 0; q < la && q < k + 24; q++) fprintf(stderr, "%02x ", a[q]);
            fprintf(stderr, "\n");
            for (size_t q = k > 8 ? k - 8 : 0; q < lb && q < k + 24; q++) fprintf(stderr, "%02x ", b[q]);
            fprintf(stderr, "\n");
          }
        }
        free(a);
        free(b);
      }
    }
    free(bl.m);
    script_free(&bs);
  }
  free(bsrc);
  for (size_t i = 0; i < tl.n; i++)
    if (tl.m[i].owned) free((void *)tl.m[i].bytes);
  free(tl.m);
  script_free(&s);
  free(src);
}

static void test_small(void) {
  const char *src = "(module (func $f (param $x i32) (result i32) local.get $x) (export \"f\" (func $f)))";
  uint8_t *out;
  size_t len = 0;
  struct rc_error err;
  CHECK(wat_to_wasm(src, strlen(src), "t.wat", &out, &len, &err));
  static const uint8_t want[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f,
                                 3, 2, 1, 0, 7, 5, 1, 1, 'f', 0, 0, 10, 6, 1, 4, 0, 0x20, 0, 0x0b};
  CHECK(len == sizeof want && memcmp(out, want, len) == 0);
  free(out);
  const char *bad = "(module (func (i32.const 0x1_0000_0000)))";
  CHECK(!wat_to_wasm(bad, strlen(bad), "b.wat", &out, &len, &err));
  CHECK(strstr(err.msg, "constant out of range") != NULL && err.line == 1);
  /* deep nesting is an error, not a crash */
  size_t n = 200000;
  char *deep = malloc(n * 7 + 64);
  size_t k = (size_t)sprintf(deep, "(module (func ");
  for (size_t i = 0; i < n; i++) k += (size_t)sprintf(deep + k, "(block ");
  deep[k] = 0;
  CHECK(!wat_to_wasm(deep, k, "d.wat", &out, &len, &err));
  k = (size_t)sprintf(deep, "(module (func ");
  for (size_t i = 0; i < n; i++) k += (size_t)sprintf(deep + k, "block ");
  CHECK(!wat_to_wasm(deep, k, "d.wat", &out, &len, &err));
  free(deep);
}

int main(void) {
  verbose = getenv("WAT_VERBOSE") ? atoi(getenv("WAT_VERBOSE")) : 0;
  test_small();
  char dir[4096];
  struct file_list fl = {0};
  spec_files("text", ".wast", dir, &fl);
  if (fl.n == 0) { printf("spec suite not found, skipped (%s)\n", dir); return TEST_DONE(); }
  const char *only = getenv("WAT_ONLY");
  for (size_t i = 0; i < fl.n; i++) {
    if (!only || strstr(fl.names[i], only)) {
      char bin[4096];
      bin_twin(dir, fl.names[i], bin);
      check_file(fl.names[i], bin);
    }
    free(fl.names[i]);
  }
  free(fl.names);
  printf("text scripts: %zu\n", n_files);
  printf("modules encoded: %zu/%zu (quote modules: %zu/%zu)\n", n_modules - n_module_fail, n_modules,
         n_quote_good_ok, n_quote_good);
  printf("assert_malformed quote/text modules rejected: %zu/%zu\n", n_quote_bad_rejected, n_quote_bad);
  printf("  of which with the spec's message: %zu\n", n_msg_same);
  printf("identical to bin/ twin (normalised): %zu/%zu (files with unaligned module lists: %zu)\n",
         n_cmp_same, n_cmp, n_cmp_files_skipped);
  CHECK(n_module_fail == 0);
  CHECK(n_quote_bad_rejected == n_quote_bad);
  return TEST_DONE();
}
