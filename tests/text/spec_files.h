/* Test helper: find the spec suite and list its .wast files. */
#ifndef RECLAIM_TEST_SPEC_FILES_H
#define RECLAIM_TEST_SPEC_FILES_H
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
