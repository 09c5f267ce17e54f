/* Test helper: find the spec suite, list its scripts, pair a text/ script
 * with its bin/ twin, and tell which script commands carry a module. (The
 * newer helpers are static inline: not every test uses each.) */
#ifndef RECLAIM_TEST_SPEC_FILES_H
#define RECLAIM_TEST_SPEC_FILES_H
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text/script.h"

static const char *spec_dir(void) {
  const char *d = getenv("RECLAIM_SPEC_DIR");
  return d && *d ? d : "../shared/spec";
}

struct file_list { char **names; size_t n, cap; };

static void list_files(const char *dir, const char *suffix, struct file_list *out) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) { list_files(p, suffix, out); free(p); continue; }
    size_t l = strlen(p), sl = strlen(suffix);
    if (l >= sl && strcmp(p + l - sl, suffix) == 0) {
      if (out->n == out->cap) { out->cap = out->cap ? out->cap * 2 : 64; out->names = realloc(out->names, out->cap * sizeof(char *)); }
      out->names[out->n++] = p;
    } else free(p);
  }
  closedir(d);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The files under <spec>/<sub> whose names end in suffix, sorted; dir gets
 * that folder's path. */
static inline void spec_files(const char *sub, const char *suffix, char dir[4096], struct file_list *out) {
  snprintf(dir, 4096, "%s/%s", spec_dir(), sub);
  list_files(dir, suffix, out);
  if (out->n) qsort(out->names, out->n, sizeof(char *), cmp_str);
}

/* A text script's bin twin: <dir>/<p>.wast -> <spec>/bin/<p>.bin.wast. */
static inline void bin_twin(const char *dir, const char *text_path, char bin[4096]) {
  const char *rel = text_path + strlen(dir);
  snprintf(bin, 4096, "%s/bin%.*s.bin.wast", spec_dir(), (int)(strlen(rel) - 5), rel);
}

/* Does the command carry a module (to define, or to assert about)? */
static inline bool cmd_has_module(const struct script_cmd *c) {
  return c->kind == SCRIPT_CMD_MODULE || c->kind == SCRIPT_CMD_ASSERT_INVALID ||
         c->kind == SCRIPT_CMD_ASSERT_MALFORMED ||
         ((c->kind == SCRIPT_CMD_ASSERT_TRAP || c->kind == SCRIPT_CMD_ASSERT_UNLINKABLE ||
           c->kind == SCRIPT_CMD_ASSERT_UNINSTANTIABLE) && c->target == SCRIPT_TARGET_MODULE);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  *len = fread(buf, 1, (size_t)n, f);
  buf[*len] = 0;
  fclose(f);
  return buf;
}
#endif
