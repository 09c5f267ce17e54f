/* Seeds for fuzz_text, made at run time (the corpus is not committed):
 *
 *   fuzz_seed SPEC_TEXT_DIR CORPUS_DIR DICT_FILE
 *
 * Every top-level command of every .wast under SPEC_TEXT_DIR (a module, an
 * assertion, ...) becomes one small corpus file, so mutations work on one
 * module at a time rather than on whole scripts; a few built-in seeds are
 * always written, so the fuzzer has something to start from without the
 * spec suite. Every distinct keyword and a few syntax fragments go to the
 * libFuzzer dictionary DICT_FILE. Prints the number of seeds. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text/lex.h"

static const char *const builtin[] = {
  "(module (func $f (param $x i32) (result i32) (block $b (br_if $b (local.get $x))) (i32.const 1)))",
  "(module (type $t (struct (field $a (mut i32)) (field i8))) (rec (type $u (sub (array i16))))"
  " (func (result anyref) (struct.new $t (i32.const 1) (i32.const 2))))",
  "(module (memory 1 2) (data (i32.const 0) \"ab\\00\\u{1F600}\") (func (v128.store offset=3 align=1"
  " (i32.const 0) (v128.const f32x4 1.5 -0x1p-149 inf nan:0x1))))",
  "(module (tag $e (param i32)) (func (try_table (catch $e 0) (catch_all 0) (throw $e (i32.const 1)))"
  " try (result i32) i32.const 1 catch $e catch_all i32.const 2 end drop))",
  "(module (table $t 10 funcref (elem $f)) (func $f (call_indirect $t (param i32) (i32.const 0) (i32.const 0)))"
  " (elem declare func $f) (global $g (mut i64) (i64.const -0x8000_0000_0000_0000)) (export \"f\" (func $f)))",
  "(module definition $m binary \"\\00asm\\01\\00\\00\\00\") (module instance $i $m) (register \"r\" $i)"
  " (assert_return (invoke $i \"f\" (f64.const 0x1.fffffffffffffp+1023)) (either (f32.const nan:canonical)"
  " (v128.const f64x2 nan:arithmetic 1e308)))",
  "(assert_malformed (module quote \"(func (i32.const 0x1_0000_0000))\") \"constant out of range\")",
};

static const char *const fragments[] = {
  "(", ")", "$", "\"", "(;", ";)", ";;", "(@", "0x", "nan:0x", "inf", "_", "offset=", "align=", "\\u{",
};

static unsigned long nseeds;
static const char *corpus;

static void write_seed(const char *s, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/seed-%06lu", corpus, nseeds++);
  FILE *f = fopen(path, "wb");
  if (!f) return;
  fwrite(s, 1, n, f);
  fclose(f);
}

/* Keywords, for the dictionary (a small open-addressing set). */
static char **kw;
static size_t nkw, capkw;
static void add_keyword(const char *s, size_t n) {
  if (n == 0 || n > 40) return;
  if (nkw * 2 >= capkw) {
    size_t oc = capkw;
    char **old = kw;
    capkw = capkw ? capkw * 2 : 1024;
    kw = calloc(capkw, sizeof *kw);
    nkw = 0;
    for (size_t i = 0; i < oc; i++)
      if (old[i]) add_keyword(old[i], strlen(old[i])), free(old[i]);
    free(old);
  }
  size_t h = 5381;
  for (size_t i = 0; i < n; i++) h = h * 33 + (unsigned char)s[i];
  for (size_t i = h % capkw;; i = (i + 1) % capkw) {
    if (!kw[i]) {
      kw[i] = strndup(s, n);
      nkw++;
      return;
    }
    if (strlen(kw[i]) == n && memcmp(kw[i], s, n) == 0) return;
  }
}

static void seed_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *src = malloc((size_t)n + 1);
  size_t len = fread(src, 1, (size_t)n, f);
  fclose(f);
  struct lexed lx;
  struct rc_error err;
  if (lex_all(src, len, path, &lx, &err)) {
    size_t depth = 0;
    const char *start = NULL;
    for (size_t i = 0; i < lx.n; i++) {
      const struct token *t = &lx.toks[i];
      if (t->kind == TOK_KEYWORD) add_keyword(t->s, t->len);
      if (t->kind == TOK_LPAR && depth++ == 0) start = t->s;
      else if (t->kind == TOK_RPAR && depth > 0 && --depth == 0) write_seed(start, (size_t)(t->s + 1 - start));
    }
    lex_free(&lx);
  }
  free(src);
}

static void walk(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    size_t l = strlen(p);
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) walk(p);
    else if (l > 5 && strcmp(p + l - 5, ".wast") == 0) seed_file(p);
  }
  closedir(d);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: fuzz_seed SPEC_TEXT_DIR CORPUS_DIR DICT_FILE\n");
    return 2;
  }
  corpus = argv[2];
  for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++) write_seed(builtin[i], strlen(builtin[i]));
  walk(argv[1]);
  FILE *dict = fopen(argv[3], "w");
  if (!dict) {
    fprintf(stderr, "fuzz_seed: cannot write %s\n", argv[3]);
    return 2;
  }
  /* libFuzzer dictionary entries are C-style quoted strings. */
  for (size_t i = 0; i < sizeof fragments / sizeof *fragments; i++) {
    fputc('"', dict);
    for (const char *c = fragments[i]; *c; c++) {
      if (*c == '"' || *c == '\\') fputc('\\', dict);
      fputc(*c, dict);
    }
    fputs("\"\n", dict);
  }
  for (size_t i = 0; i < capkw; i++)
    if (kw[i]) {
      /* keywords are idchars: no quotes or backslashes */
      if (!strpbrk(kw[i], "\"\\")) fprintf(dict, "\"%s\"\n", kw[i]);
      free(kw[i]);
    }
  free(kw);
  fclose(dict);
  printf("%lu seeds, %zu dictionary entries\n", nseeds, nkw + sizeof fragments / sizeof *fragments);
  return 0;
}
