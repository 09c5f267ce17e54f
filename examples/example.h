/* Shared code of the retention-pattern examples (examples/pattern*.c).
 *
 * Each example embeds reclaim through wasm.h + reclaim.h only, loads
 * examples/alloc.wat (encoded at run time with the project's WAT encoder),
 * calls its allocating export "alloc" n_calls times under one way of holding
 * things on the host side, prints live bytes and root counts as it goes,
 * and checks its own expectation: exit status 0 and a final line
 * "example OK: ..." only when it holds. */
#ifndef RECLAIM_EXAMPLE_H
#define RECLAIM_EXAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "text/wat.h"

/* 100,000 calls; argv[2] may ask for fewer (the sanitizer build's tests
 * do, for pattern 1's store per call). */
static size_t n_calls = 100000;
#define BATCH (n_calls / 10)
/* A bounded pattern keeps at most this much live after a collection. */
#define BOUNDED_LIVE_MAX (64u << 10)

static int example_failures;
#define EXPECT(cond, ...)                     \
  do {                                        \
    if (!(cond)) {                            \
      fprintf(stderr, "expectation failed: "); \
      fprintf(stderr, __VA_ARGS__);           \
      fprintf(stderr, "\n");                  \
      example_failures++;                     \
    }                                         \
  } while (0)

/* The module's binary from alloc.wat (path in argv[1], else the source tree's). */
static inline wasm_module_t *example_module(wasm_store_t *store, int argc, char **argv) {
  if (argc > 2 && strtoul(argv[2], NULL, 10) >= 10) n_calls = strtoul(argv[2], NULL, 10) / 10 * 10;
  const char *path = argc > 1 ? argv[1] : "examples/alloc.wat";
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  char *text = NULL;
  size_t len = 0, cap = 0, n;
  char chunk[4096];
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (len + n > cap) text = realloc(text, cap = 2 * (len + n));
    memcpy(text + len, chunk, n);
    len += n;
  }
  fclose(f);
  uint8_t *bin;
  size_t binlen;
  struct rc_error err;
  if (!wat_to_wasm(text, len, path, &bin, &binlen, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    exit(2);
  }
  free(text);
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new(&bytes, binlen, (const char *)bin);
  free(bin);
  wasm_module_t *m = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  if (!m) {
    fprintf(stderr, "%s\n", reclaim_store_error(store));
    exit(2);
  }
  return m;
}

static inline wasm_instance_t *example_instance(wasm_store_t *store, wasm_module_t *m) {
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, &imports, &trap);
  if (!inst) {
    fprintf(stderr, "instantiation failed\n");
    exit(2);
  }
  return inst;
}

/* A new wasm_func_t for export `name` (the caller deletes it). */
static inline wasm_func_t *example_export(wasm_instance_t *inst, wasm_module_t *m, const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(m, &types);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t *f = NULL;
  for (size_t i = 0; i < types.size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0)
      f = wasm_func_copy(wasm_extern_as_func(ex.data[i]));
  }
  wasm_extern_vec_delete(&ex);
  wasm_exporttype_vec_delete(&types);
  if (!f) {
    fprintf(stderr, "no export %s\n", name);
    exit(2);
  }
  return f;
}

/* Live bytes after a full collection. */
static inline uint64_t example_live(wasm_store_t *store) {
  reclaim_store_gc(store);
  reclaim_heap_stats_t hs;
  reclaim_store_heap_stats(store, &hs);
  return hs.live_bytes;
}

static inline void example_progress(wasm_store_t *store, size_t calls, uint64_t live) {
  reclaim_root_counts_t rc;
  reclaim_store_root_counts(store, &rc);
  printf("calls %6zu  live %9llu bytes  roots: %zu live (%zu wasm.h objects, %zu scoped, %zu owned)\n", calls,
         (unsigned long long)live, rc.live, rc.objects, rc.scoped, rc.owned);
}

/* Print the top retainers; returns the largest (its name copied to top). */
static inline uint64_t example_report(wasm_store_t *store, char *top, size_t topsize) {
  reclaim_retention_t *r = NULL;
  reclaim_store_retention(store, &r);
  char text[4096];
  reclaim_retention_format(r, 4, text, sizeof text);
  printf("%s", text);
  const reclaim_retainer_t *t = reclaim_retention_get(r, 0);
  uint64_t bytes = t ? t->bytes : 0;
  snprintf(top, topsize, "%s", t ? t->name : "");
  reclaim_retention_delete(r);
  return bytes;
}

static inline int example_done(const char *expectation) {
  if (example_failures) {
    printf("example FAILED: %d expectation(s) failed\n", example_failures);
    return 1;
  }
  printf("example OK: %s\n", expectation);
  return 0;
}

#endif
