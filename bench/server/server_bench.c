/* Server-style request benchmark on the embedding API (wasm.h + reclaim.h).
 *
 * The module is decoded, validated and compiled once (wasm_module_new) and
 * shared by every store. Each request then does what a server that isolates
 * requests does: a fresh store, the WASI imports, a fresh instance (which
 * runs the module's start function), one call of an export, and deletion of
 * everything. Each request is timed on its own; the summary gives mean,
 * median and p99 in microseconds and the process RSS.
 *
 *   server_bench [--requests N] [--warmup W] [--export NAME] [--raw FILE] [--phases] MODULE.wasm
 *
 * --phases also prints the median time of each phase of a request (store_new,
 * wasi_imports, instance_new, exports, call, delete, store_delete); the
 * clock reads add a little to the per-request times.
 * --raw appends every timed request's microseconds, one per line, to FILE
 * (bench/server.sh merges runs of several engines that way).
 * Output: one line "reclaim requests=N mean_us=... median_us=... p99_us=...
 * min_us=... wall_us_per_request=... cpu_us_per_request=... compile_ms=...
 * rss_kb=... rss_after_warmup_kb=... peak_rss_kb=..." on stdout
 * (cpu_us_per_request: user + system time of the timed loop, which other
 * processes on a busy machine do not inflate). Exit status 1 on any
 * failure (with a message), 2 on bad usage. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "reclaim.h"
#include "wasm.h"

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* User + system CPU time of this process, in microseconds. */
static double cpu_us(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

/* VmRSS or VmHWM of this process in KiB (0 if unknown). */
static long proc_status_kb(const char *key) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  long kb = 0;
  size_t n = strlen(key);
  while (fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0 && line[n] == ':') {
      kb = strtol(line + n + 1, NULL, 10);
      break;
    }
  fclose(f);
  return kb;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static bool read_file(const char *path, wasm_byte_vec_t *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (n < 0) {
    fclose(f);
    return false;
  }
  wasm_byte_vec_new_uninitialized(out, (size_t)n);
  bool ok = fread(out->data, 1, (size_t)n, f) == (size_t)n;
  fclose(f);
  if (!ok) wasm_byte_vec_delete(out);
  return ok;
}

static void print_trap(const char *what, wasm_trap_t *trap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  fprintf(stderr, "server_bench: %s: %.*s\n", what, (int)msg.size, msg.data);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
}

struct shared {
  wasm_engine_t *engine;
  wasm_module_t *module;
  reclaim_wasi_t *wasi;
  size_t export_index; /* of the function to call, in wasm_instance_exports order */
};

/* Time spent in each phase of a request (--phases), in microseconds. */
enum { PH_STORE, PH_IMPORTS, PH_INSTANCE, PH_EXPORTS, PH_CALL, PH_DELETE, PH_STORE_DELETE, NPHASES };
static const char *const phase_names[NPHASES] = {"store_new", "wasi_imports", "instance_new", "exports",
                                                 "call",      "delete",       "store_delete"};
static double *phase_us[NPHASES]; /* [phase][request]: NULL during warm-up */
static long phase_req;             /* the request being timed */
static bool phases_on;

static double lap(double *t, int phase) {
  if (!phases_on) return 0;
  double n = now_us();
  if (phase_us[phase]) phase_us[phase][phase_req] = n - *t;
  return *t = n;
}

/* One request: fresh store, WASI imports, instance, one call, delete all. */
static bool request(const struct shared *sh) {
  double t = phases_on ? now_us() : 0;
  wasm_store_t *store = wasm_store_new(sh->engine);
  lap(&t, PH_STORE);
  wasm_extern_vec_t imports;
  if (!reclaim_wasi_imports(store, sh->wasi, sh->module, &imports)) {
    fprintf(stderr, "server_bench: imports: %s\n", reclaim_store_error(store));
    wasm_store_delete(store);
    return false;
  }
  lap(&t, PH_IMPORTS);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, sh->module, &imports, &trap);
  lap(&t, PH_INSTANCE);
  bool ok = inst != NULL;
  if (!inst) {
    if (trap) print_trap("instantiate", trap);
    else fprintf(stderr, "server_bench: instantiate: %s\n", reclaim_store_error(store));
  } else {
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    wasm_func_t *fn = wasm_extern_as_func(exports.data[sh->export_index]);
    lap(&t, PH_EXPORTS);
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
    trap = wasm_func_call(fn, &args, &results);
    lap(&t, PH_CALL);
    if (trap) {
      print_trap("call", trap);
      ok = false;
    }
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
  }
  wasm_extern_vec_delete(&imports);
  lap(&t, PH_DELETE);
  wasm_store_delete(store);
  lap(&t, PH_STORE_DELETE);
  return ok;
}

static int usage(void) {
  fprintf(stderr, "usage: server_bench [--requests N] [--warmup W] [--export NAME] [--raw FILE] [--phases] MODULE.wasm\n");
  return 2;
}

int main(int argc, char **argv) {
  long requests = 20000, warmup = 500;
  const char *export_name = "test", *raw = NULL, *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--requests") == 0 && i + 1 < argc) requests = atol(argv[++i]);
    else if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc) warmup = atol(argv[++i]);
    else if (strcmp(argv[i], "--export") == 0 && i + 1 < argc) export_name = argv[++i];
    else if (strcmp(argv[i], "--raw") == 0 && i + 1 < argc) raw = argv[++i];
    else if (strcmp(argv[i], "--phases") == 0) phases_on = true;
    else if (argv[i][0] == '-' || path) return usage();
    else path = argv[i];
  }
  if (!path || requests <= 0 || warmup < 0) return usage();

  wasm_byte_vec_t binary;
  if (!read_file(path, &binary)) {
    fprintf(stderr, "server_bench: cannot read %s\n", path);
    return 1;
  }
  struct shared sh = {.engine = wasm_engine_new()};
  /* The module is compiled in a store of its own and shared by all requests. */
  wasm_store_t *compile_store = wasm_store_new(sh.engine);
  double t0 = now_us();
  sh.module = wasm_module_new(compile_store, &binary);
  double compile_us = now_us() - t0;
  wasm_byte_vec_delete(&binary);
  if (!sh.module) {
    fprintf(stderr, "server_bench: %s: %s\n", path, reclaim_store_error(compile_store));
    return 1;
  }
  wasm_exporttype_vec_t exports;
  wasm_module_exports(sh.module, &exports);
  bool found = false;
  for (size_t i = 0; i < exports.size && !found; i++) {
    const wasm_name_t *n = wasm_exporttype_name(exports.data[i]);
    const wasm_externtype_t *x = wasm_exporttype_type(exports.data[i]);
    if (n->size == strlen(export_name) && memcmp(n->data, export_name, n->size) == 0 &&
        wasm_externtype_kind(x) == WASM_EXTERN_FUNC) {
      const wasm_functype_t *ft = wasm_externtype_as_functype_const(x);
      if (wasm_functype_params(ft)->size != 0) {
        fprintf(stderr, "server_bench: export %s takes parameters\n", export_name);
        return 1;
      }
      sh.export_index = i;
      found = true;
    }
  }
  wasm_exporttype_vec_delete(&exports);
  if (!found) {
    fprintf(stderr, "server_bench: %s exports no function %s\n", path, export_name);
    return 1;
  }
  const char *wargv[] = {"server_bench"};
  sh.wasi = reclaim_wasi_new(1, wargv);

  for (long i = 0; i < warmup; i++)
    if (!request(&sh)) return 1;
  if (phases_on)
    for (int p = 0; p < NPHASES; p++) phase_us[p] = calloc((size_t)requests, sizeof(double));
  long rss_warm = proc_status_kb("VmRSS");
  double *us = malloc((size_t)requests * sizeof *us);
  double total0 = now_us(), cpu0 = cpu_us();
  for (long i = 0; i < requests; i++) {
    double a = now_us();
    phase_req = i;
    if (!request(&sh)) return 1;
    us[i] = now_us() - a;
  }
  double total = now_us() - total0, cpu = cpu_us() - cpu0;
  long rss = proc_status_kb("VmRSS"), hwm = proc_status_kb("VmHWM");

  if (raw) {
    FILE *f = fopen(raw, "a");
    if (!f) {
      fprintf(stderr, "server_bench: cannot write %s\n", raw);
      return 1;
    }
    for (long i = 0; i < requests; i++) fprintf(f, "%.3f\n", us[i]);
    fclose(f);
  }
  double sum = 0;
  for (long i = 0; i < requests; i++) sum += us[i];
  qsort(us, (size_t)requests, sizeof *us, cmp_double);
  long p99 = (long)((double)requests * 0.99);
  if (p99 >= requests) p99 = requests - 1;
  printf("reclaim requests=%ld mean_us=%.1f median_us=%.1f p99_us=%.1f min_us=%.1f wall_us_per_request=%.1f "
         "cpu_us_per_request=%.1f compile_ms=%.1f rss_kb=%ld rss_after_warmup_kb=%ld peak_rss_kb=%ld\n",
         requests, sum / (double)requests, us[requests / 2], us[p99], us[0], total / (double)requests, cpu / (double)requests,
         compile_us / 1e3, rss, rss_warm, hwm);
  if (phases_on) {
    printf("phases (median us):");
    for (int p = 0; p < NPHASES; p++) {
      qsort(phase_us[p], (size_t)requests, sizeof(double), cmp_double);
      printf(" %s=%.2f", phase_names[p], phase_us[p][requests / 2]);
      free(phase_us[p]);
    }
    printf("\n");
  }
  free(us);
  reclaim_wasi_delete(sh.wasi);
  wasm_module_delete(sh.module);
  wasm_store_delete(compile_store);
  wasm_engine_delete(sh.engine);
  return 0;
}
