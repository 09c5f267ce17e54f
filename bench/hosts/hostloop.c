/* Host-call loop driver for reclaim (the gc_hostloop_host benchmark): load a
 * guest through the embedding API (include/wasm.h, reclaim.h), link its WASI
 * imports, instantiate it once in one store, and call its export `step()`
 * N times from C. Prints "hostloop N SUM" (SUM = the u32 results added), the
 * same line as the guest's own _start loop and the peers' drivers.
 *
 * usage: hostloop GUEST.wasm [CALLS=1000000] [EXPORT=step]
 *   env RECLAIM_GC_STATS=1: GC statistics on stderr at the end.
 * Build (after building the library in build/):
 *   cc -O2 -Iinclude -Isrc bench/hosts/hostloop.c build/libreclaimcore.a -lm -o build/hostloop
 * Run in the benchmark harness:
 *   bench/bench.sh --only gc_hostloop_host reclaim-host="build/hostloop {wasm} {args}"
 *   ../shared/bench/run.sh -b gc_hostloop_host --host ours="build/hostloop {wasm} {args}" ours=build/reclaim */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t cap = 0, n = 0;
  for (;;) {
    if (n == cap) {
      cap = cap ? cap * 2 : 1 << 16;
      char *nb = realloc(buf, cap);
      if (!nb) break;
      buf = nb;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    if (got == 0) break;
    n += got;
  }
  fclose(f);
  *len = n;
  return buf;
}

static void print_trap(const char *what, wasm_trap_t *trap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  fprintf(stderr, "hostloop: %s: %.*s\n", what, (int)msg.size, msg.data);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s GUEST.wasm [CALLS=1000000] [EXPORT=step]\n", argv[0]);
    return 2;
  }
  long calls = argc > 2 ? atol(argv[2]) : 1000000;
  const char *name = argc > 3 ? argv[3] : "step";
  size_t len;
  char *bytes = read_file(argv[1], &len);
  if (!bytes) {
    fprintf(stderr, "hostloop: cannot read %s\n", argv[1]);
    return 2;
  }
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, len, bytes);
  free(bytes);
  wasm_module_t *mod = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  if (!mod) {
    fprintf(stderr, "hostloop: %s: %s\n", argv[1], reclaim_store_error(store));
    return 2;
  }
  const char *wargv[] = {argv[1]};
  reclaim_wasi_t *wasi = reclaim_wasi_new(1, wargv);
  wasm_extern_vec_t imports;
  if (!reclaim_wasi_imports(store, wasi, mod, &imports)) {
    fprintf(stderr, "hostloop: %s\n", reclaim_store_error(store));
    return 2;
  }
  for (size_t i = 0; i < imports.size; i++)
    if (!imports.data[i]) {
      fprintf(stderr, "hostloop: import %zu is not a WASI function\n", i);
      return 2;
    }
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, mod, &imports, &trap);
  wasm_extern_vec_delete(&imports);
  if (!inst) {
    if (trap) print_trap("instantiate", trap);
    else fprintf(stderr, "hostloop: instantiate: %s\n", reclaim_store_error(store));
    return 1;
  }
  /* find the export by name */
  wasm_exporttype_vec_t etypes;
  wasm_module_exports(mod, &etypes);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  const wasm_func_t *fn = NULL;
  for (size_t i = 0; i < etypes.size && i < exports.size; i++) {
    const wasm_name_t *en = wasm_exporttype_name(etypes.data[i]);
    if (en->size == strlen(name) && memcmp(en->data, name, en->size) == 0) fn = wasm_extern_as_func(exports.data[i]);
  }
  wasm_exporttype_vec_delete(&etypes);
  if (!fn) {
    fprintf(stderr, "hostloop: no exported function %s\n", name);
    return 2;
  }
  unsigned long long sum = 0;
  int status = 0;
  for (long i = 0; i < calls; i++) {
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(res);
    trap = wasm_func_call(fn, &args, &results);
    if (trap) {
      fprintf(stderr, "hostloop: call %ld trapped\n", i);
      print_trap(name, trap);
      status = 1;
      break;
    }
    sum += (uint32_t)res[0].of.i32;
  }
  if (!status) printf("hostloop %ld %llu\n", calls, sum);
  const char *gs = getenv("RECLAIM_GC_STATS");
  if (gs && *gs && strcmp(gs, "0") != 0) {
    reclaim_heap_stats_t hs;
    reclaim_store_heap_stats(store, &hs);
    fprintf(stderr,
            "gc stats: collections %llu, allocated %llu bytes, live after last GC %llu bytes, peak heap %llu bytes, "
            "pause total %.3f ms, max %.3f ms\n",
            (unsigned long long)hs.collections, (unsigned long long)hs.bytes_allocated,
            (unsigned long long)hs.live_bytes, (unsigned long long)hs.peak_heap_bytes, (double)hs.total_pause_ns / 1e6,
            (double)hs.max_pause_ns / 1e6);
  }
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(mod);
  wasm_store_delete(store);
  reclaim_wasi_delete(wasi);
  wasm_engine_delete(engine);
  return status;
}
