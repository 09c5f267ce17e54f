/* The host-loop memory bound (the wasmtime #9701 pattern): through the
 * embedding API, call an exported allocating function 1,000,000 times on one
 * instance in one store. The process's RSS after the last call must be within
 * 8 MiB of its RSS after the first 10,000 calls: nothing a call allocates
 * (GC objects, API values, trap or frame state) may stay reachable or
 * unreturned across calls.
 *
 * Under ASan (RECLAIM_SANITIZE) calls are ~4x slower, so the test makes 5x
 * fewer (200,000 after a 2,000-call warm-up) and asserts the bound scaled by
 * the same factor: 8 MiB / 5 = 1.6 MiB (what a leak of 8 bytes per call
 * would reach). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reclaim.h"
#include "test.h"
#include "text/wat.h"

/* step(): a 16-node list and a 16-element array per call, plus a 64 KiB
 * array every 64th call (a large object); returns a checksum. */
static const char step_wat[] =
    "(module\n"
    "  (type $cell (struct (field $v i32) (field $next (ref null $cell))))\n"
    "  (type $ints (array (mut i32)))\n"
    "  (global $calls (mut i32) (i32.const 0))\n"
    "  (func (export \"step\") (result i32)\n"
    "    (local $head (ref null $cell)) (local $j i32) (local $s i32) (local $a (ref $ints))\n"
    "    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))\n"
    "    (loop $build\n"
    "      (local.set $head (struct.new $cell (i32.add (global.get $calls) (local.get $j)) (local.get $head)))\n"
    "      (local.set $j (i32.add (local.get $j) (i32.const 1)))\n"
    "      (br_if $build (i32.lt_u (local.get $j) (i32.const 16))))\n"
    "    (local.set $a (array.new $ints (global.get $calls)\n"
    "      (select (i32.const 16384) (i32.const 16) (i32.eqz (i32.and (global.get $calls) (i32.const 63))))))\n"
    "    (block $end (loop $sum\n"
    "      (br_if $end (ref.is_null (local.get $head)))\n"
    "      (local.set $s (i32.add (local.get $s) (struct.get $cell $v (ref.as_non_null (local.get $head)))))\n"
    "      (local.set $head (struct.get $cell $next (ref.as_non_null (local.get $head))))\n"
    "      (br $sum)))\n"
    "    (i32.xor (local.get $s) (array.get $ints (local.get $a) (i32.and (local.get $s) (i32.const 15))))))\n";

static long rss_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, resident = 0;
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
  fclose(f);
  return resident < 0 ? -1 : resident * sysconf(_SC_PAGESIZE);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void) {
#ifdef RECLAIM_SANITIZE
  const long calls = 200000, warm = 2000;
#else
  const long calls = 1000000, warm = 10000;
#endif
  const long bound = (8l << 20) / (1000000 / calls);
  uint8_t *bin;
  size_t len;
  struct rc_error err;
  rc_error_clear(&err);
  CHECK(wat_to_wasm(step_wat, strlen(step_wat), "step", &bin, &len, &err));
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new(&bytes, len, (const char *)bin);
  free(bin);
  wasm_module_t *mod = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  CHECK(mod != NULL);
  wasm_instance_t *inst = mod ? wasm_instance_new(store, mod, NULL, NULL) : NULL;
  CHECK(inst != NULL);
  if (!inst) return TEST_DONE();
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  const wasm_func_t *step = wasm_extern_as_func(exports.data[0]);

  long rss_warm = 0;
  uint64_t sum = 0, traps = 0;
  double t0 = now();
  for (long i = 1; i <= calls; i++) {
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(res);
    wasm_trap_t *trap = wasm_func_call(step, &args, &results);
    if (trap) {
      traps++;
      wasm_trap_delete(trap);
    } else {
      sum += (uint32_t)res[0].of.i32;
    }
    if (i == warm) rss_warm = rss_bytes();
  }
  double secs = now() - t0;
  long rss_end = rss_bytes();
  reclaim_heap_stats_t hs;
  reclaim_store_gc(store);
  reclaim_store_heap_stats(store, &hs);
  printf("%ld calls in %.2f s (%.0f ns/call), checksum %llu; RSS after %ld calls %.1f MiB, after all %.1f MiB "
         "(diff %+.2f MiB); GC: %llu collections, %.1f MiB allocated, live %llu bytes, peak heap %.1f MiB\n",
         calls, secs, secs / (double)calls * 1e9, (unsigned long long)sum, warm, (double)rss_warm / 1048576.0,
         (double)rss_end / 1048576.0, (double)(rss_end - rss_warm) / 1048576.0, (unsigned long long)hs.collections,
         (double)hs.bytes_allocated / 1048576.0, (unsigned long long)hs.live_bytes,
         (double)hs.peak_heap_bytes / 1048576.0);
  CHECK_EQ_INT(traps, 0);
  CHECK(hs.collections > 10);
  CHECK(hs.live_bytes < 4096); /* nothing from the calls stays reachable */
  CHECK(hs.peak_heap_bytes < (32u << 20));
  CHECK(rss_warm > 0 && rss_end > 0);
  CHECK(rss_end - rss_warm <= bound);
  if (rss_end - rss_warm > bound)
    fprintf(stderr, "RSS grew by %ld bytes over %ld calls (bound %ld)\n", rss_end - rss_warm, calls - warm, bound);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(mod);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return TEST_DONE();
}
