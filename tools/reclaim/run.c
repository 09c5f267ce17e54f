/* `reclaim run MODULE.wasm [--invoke NAME [ARGS...]]`.
 *
 * MODULE may be a binary module or WAT text (told apart by content, see
 * load.c); a text module that does not parse fails with "file:line:col:
 * message" and exit status 2.
 *
 * With --invoke: instantiate the module (imports may come only from WASI)
 * and call the export NAME with ARGS parsed by its parameter types; print
 * each result on its own line. Without --invoke: run `_start` with WASI
 * (imports from "wasi_snapshot_preview1" are linked to the WASI context).
 *
 * Exit status: 0 success; 134 the call trapped or exhausted the stack
 * (message and Wasm backtrace on stderr); 2 bad usage or the module could
 * not be loaded (read, decode, validate, link, instantiate); 134 too for an
 * uncaught Wasm exception ("error: uncaught exception: tag NAME", its payload, and
 * the backtrace of where it was thrown); 124 --timeout expired (the code
 * was interrupted; backtrace on stderr); for WASI programs, the code passed
 * to proc_exit. */
#include <inttypes.h>
#include <stdlib.h>

#include "cli.h"
#include "interp/interp.h"
#include "wasi/wasi.h"

/* Traps and uncaught exceptions exit 134 (128 + SIGABRT), as Wasmtime does,
 * so they cannot be mistaken for a guest's own small proc_exit codes. */
enum { EXIT_OK = 0, EXIT_USAGE = 2, EXIT_TIMEOUT = 124, EXIT_TRAP = 134 };

static void run_usage(FILE *out) {
  fprintf(out,
          "usage: reclaim run [OPTIONS] MODULE [--invoke NAME [ARGS...]]\n"
          "       reclaim run [OPTIONS] --invoke NAME MODULE [ARGS...]\n"
          "       reclaim run [OPTIONS] MODULE [WASI-ARGS...]\n"
          "  MODULE         a binary module (.wasm) or WAT text (.wat); binary if it\n"
          "                 starts with \"\\0asm\", else parsed as text;\n"
          "                 \"-\" reads it from stdin\n"
          "  --invoke NAME  call export NAME with ARGS (i32/i64: decimal or 0x hex;\n"
          "                 f32/f64: decimal, hex float, inf, -inf, nan, nan:0xPAYLOAD)\n"
          "                 and print each result on its own line\n"
          "  without --invoke: run _start with WASI preview 1\n"
          "  --dir HOST[::GUEST]  preopen a directory for WASI (repeatable)\n"
          "  --env K=V            add a WASI environment variable (repeatable)\n"
          "  --timeout SECONDS    interrupt the module's code after SECONDS of real time\n"
          "                       (decimal, e.g. 2.5): it traps \"interrupted\" at the next\n"
          "                       call or loop iteration; exit status 124\n"
          "  --max-memory SIZE    limit each linear memory to SIZE bytes (suffix K, M or\n"
          "                       G; default 4G): memory.grow beyond it returns -1\n"
          "  --gc-stress          collect at every GC allocation and verify the heap\n"
          "  --gc-heap-max SIZE   limit the GC heap to SIZE bytes (suffix K, M or G;\n"
          "                       default 1G); an allocation beyond it traps with\n"
          "                       \"GC heap out of memory\"\n"
          "  --gc-stats           at exit, print GC statistics to stderr (collections,\n"
          "                       bytes allocated, live bytes after the last GC, peak\n"
          "                       heap, total and max pause)\n"
          "Exit status: 0 success; 134 (128 + SIGABRT, as Wasmtime) a trap, stack\n"
          "exhaustion or an uncaught exception (the error, an exception's tag and\n"
          "payload, and the Wasm backtrace on stderr); 2 usage error or the module\n"
          "failed to load (read, parse, decode, validate), link or instantiate; 124\n"
          "--timeout expired (backtrace on stderr); a WASI program's proc_exit code.\n");
}

/* WASI hook: imports of "wasi_snapshot_preview1" become host functions of
 * the WASI context, with their types made canonical in the engine. */
static bool wasi_link(void *ud, struct store *s, const struct module *m, const struct import *imp,
                      struct rc_extern *out) {
  (void)m;
  struct wasi_import wi;
  if (imp->kind != EXT_FUNC || !wasi_resolve(ud, &imp->field, &wi)) return false;
  const struct typeinfo *ti = engine_functype(s->engine, wi.params, wi.nparams, wi.results, wi.nresults);
  if (!ti) return false;
  out->kind = EXT_FUNC;
  out->func = store_new_host_func(s, ti, wi.fn, wi.env, NULL);
  out->func->debug_name = wi.name;
  return true;
}

static void print_result(const struct typestore *ts, const struct tvalue *v) {
  switch (VT_CODE(v->type)) {
  case VT_I32: printf("%" PRId32 "\n", (int32_t)(uint32_t)v->slots[0]); return;
  case VT_I64: printf("%" PRId64 "\n", (int64_t)v->slots[0]); return;
  case VT_F32: {
    float f;
    uint32_t b = (uint32_t)v->slots[0];
    memcpy(&f, &b, 4);
    if (f != f) printf("%snan:0x%" PRIx32 "\n", b >> 31 ? "-" : "", b & 0x7fffffu);
    else printf("%.9g\n", (double)f);
    return;
  }
  case VT_F64: {
    double d;
    memcpy(&d, &v->slots[0], 8);
    if (d != d) printf("%snan:0x%" PRIx64 "\n", v->slots[0] >> 63 ? "-" : "", (uint64_t)(v->slots[0] & 0xfffffffffffffull));
    else printf("%.17g\n", d);
    return;
  }
  default: {
    char buf[256];
    value_format(buf, sizeof buf, ts, v);
    printf("%s\n", buf);
  }
  }
}

/* The payload of the exception that escaped, one value a line. */
static void print_exception_payload(FILE *out, struct store *s) {
  rc_ref exn = interp_exception(s);
  if (!exn) return;
  const struct functype *ft = &exn_tag(exn)->type->comp.func;
  const uint64_t *p = exn_payload(exn);
  for (uint32_t i = 0, k = 0; i < ft->nparams; i++) {
    struct tvalue tv = {ft->params[i], {p[k], vt_slots(ft->params[i]) == 2 ? p[k + 1] : 0}};
    k += vt_slots(ft->params[i]);
    char buf[256];
    value_format(buf, sizeof buf, s->engine->types, &tv);
    fprintf(out, "  payload %" PRIu32 ": %s\n", i, buf);
  }
}

static int report_error(struct store *s, const struct rc_error *err) {
  if (err->kind == RC_ERR_EXIT) return err->exit_code;
  if (err->kind == RC_ERR_TRAP && timeout_expired()) {
    fprintf(stderr, "error: %s: --timeout expired\n", err->msg);
    if (s) print_backtrace(stderr, s);
    return EXIT_TIMEOUT;
  }
  fprintf(stderr, "error: %s\n", err->msg);
  if (s && err->kind == RC_ERR_EXCEPTION) print_exception_payload(stderr, s);
  if (s && (err->kind == RC_ERR_TRAP || err->kind == RC_ERR_EXHAUSTION || err->kind == RC_ERR_EXCEPTION))
    print_backtrace(stderr, s);
  return EXIT_TRAP; /* a trap, exhaustion or an uncaught exception */
}

/* "64M" -> 64 << 20; digits with an optional K/M/G suffix (powers of 1024),
 * nonzero, at most 2^48. */
static bool parse_size(const char *text, uint64_t *out) {
  char *end;
  if (*text < '0' || *text > '9') return false;
  unsigned long long v = strtoull(text, &end, 10);
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10, end++;
  else if (*end == 'M' || *end == 'm') shift = 20, end++;
  else if (*end == 'G' || *end == 'g') shift = 30, end++;
  if (*end || v == 0 || v > (1ull << 48) >> shift) return false;
  *out = (uint64_t)v << shift;
  return true;
}

static void print_gc_stats(struct store *s) {
  struct gc_stats st;
  gc_get_stats(s->heap, &st);
  const double mib = 1024.0 * 1024.0;
  fprintf(stderr,
          "gc stats:\n"
          "  collections          %" PRIu64 "\n"
          "  bytes allocated      %" PRIu64 " (%.1f MiB, %" PRIu64 " objects)\n"
          "  live after last GC   %" PRIu64 " (%.1f MiB, %" PRIu64 " objects)\n"
          "  max live after a GC  %" PRIu64 " (%.1f MiB)\n"
          "  heap now             %" PRIu64 " (%.1f MiB)\n"
          "  peak heap            %" PRIu64 " (%.1f MiB)\n"
          "  pause total          %.3f ms\n"
          "  pause max            %.3f ms\n",
          st.collections, st.bytes_allocated, (double)st.bytes_allocated / mib, st.objects_allocated,
          st.live_bytes, (double)st.live_bytes / mib, st.live_objects, st.max_live_bytes,
          (double)st.max_live_bytes / mib, st.heap_bytes, (double)st.heap_bytes / mib, st.peak_heap_bytes,
          (double)st.peak_heap_bytes / mib, (double)st.total_pause_ns / 1e6, (double)st.max_pause_ns / 1e6);
}

int cmd_run(int argc, char **argv) {
  struct rc_config cfg;
  rc_config_default(&cfg);
  const char *path = NULL, *invoke = NULL;
  bool gc_stats = false;
  double timeout = 0;
  int first_arg = argc; /* index of the first ARGS / WASI-ARGS entry */
  struct wasi_ctx *wasi = wasi_ctx_new();
  struct rc_error err;
  rc_error_clear(&err);
  int i = 0;
  for (; i < argc && !path; i++) {
    if (strcmp(argv[i], "--gc-stress") == 0) cfg.gc_stress = true;
    else if (strcmp(argv[i], "--gc-stats") == 0) gc_stats = true;
    else if (strcmp(argv[i], "--gc-heap-max") == 0 && i + 1 < argc) {
      if (!parse_size(argv[i + 1], &cfg.gc_heap_max)) {
        fprintf(stderr, "reclaim run: bad --gc-heap-max size \"%s\" (e.g. 64M, 1G, 1048576)\n", argv[i + 1]);
        wasi_ctx_free(wasi);
        return EXIT_USAGE;
      }
      i++;
    }
    else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
      char *end;
      timeout = strtod(argv[++i], &end);
      if (*end || !(timeout > 0 && timeout < 1e9)) {
        fprintf(stderr, "reclaim run: bad --timeout \"%s\" (seconds, e.g. 10 or 0.5)\n", argv[i]);
        wasi_ctx_free(wasi);
        return EXIT_USAGE;
      }
    } else if (strcmp(argv[i], "--max-memory") == 0 && i + 1 < argc) {
      /* Below one 64 KiB page the limit would silently be 0 pages. */
      if (!parse_size(argv[++i], &cfg.max_memory_bytes) || cfg.max_memory_bytes < 65536) {
        fprintf(stderr, "reclaim run: bad --max-memory size \"%s\" (at least 64K, one page; e.g. 64M, 4G)\n",
                argv[i]);
        wasi_ctx_free(wasi);
        return EXIT_USAGE;
      }
    } else if (strcmp(argv[i], "--invoke") == 0 && i + 1 < argc) invoke = argv[++i];
    else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      run_usage(stdout);
      wasi_ctx_free(wasi);
      return EXIT_OK;
    } else if ((strcmp(argv[i], "--dir") == 0 || strcmp(argv[i], "--env") == 0) && i + 1 < argc) {
      bool ok = argv[i][2] == 'd' ? wasi_preopen(wasi, argv[i + 1], &err) : wasi_add_env(wasi, argv[i + 1], &err);
      if (!ok) {
        fprintf(stderr, "reclaim run: %s\n", err.msg);
        wasi_ctx_free(wasi);
        return EXIT_USAGE;
      }
      i++;
    } else if (argv[i][0] == '-' && argv[i][1]) { /* a lone "-" is the module on stdin */
      fprintf(stderr, "reclaim run: unknown option %s\n", argv[i]);
      run_usage(stderr);
      wasi_ctx_free(wasi);
      return EXIT_USAGE;
    } else path = argv[i];
  }
  if (!path) {
    run_usage(stderr);
    wasi_ctx_free(wasi);
    return EXIT_USAGE;
  }
  if (invoke) {
    first_arg = i; /* --invoke NAME MODULE ARGS... (Wasmtime's order) */
  } else if (i < argc && strcmp(argv[i], "--invoke") == 0) {
    if (i + 1 >= argc) {
      run_usage(stderr);
      wasi_ctx_free(wasi);
      return EXIT_USAGE;
    }
    invoke = argv[i + 1];
    first_arg = i + 2;
  } else {
    first_arg = i;
  }

  size_t len;
  bool was_text, io_error;
  uint8_t *bytes = load_module_file(path, &len, &was_text, &io_error);
  if (!bytes) {
    wasi_ctx_free(wasi);
    return EXIT_USAGE;
  }
  struct engine *e = engine_new();
  e->config = cfg;
  struct module *m = module_decode(bytes, len, &err);
  free(bytes);
  struct module_code *mc = m ? interp_compile(m, e->types, &err) : NULL;
  struct store *s = NULL;
  struct linker *l = NULL;
  int status = EXIT_OK;
  if (!mc) {
    print_module_error(path, &err, was_text);
    status = EXIT_USAGE;
    goto done;
  }
  s = store_new(e);
  if (timeout > 0 && !timeout_arm(timeout, s, m, mc)) {
    fprintf(stderr, "reclaim run: cannot set the --timeout timer\n");
    status = EXIT_USAGE;
    goto done;
  }
  l = linker_new();
  linker_define_host(l, WASI_MODULE_NAME, strlen(WASI_MODULE_NAME), wasi_link, wasi);
  if (!invoke) {
    /* WASI argv: the program name, then the remaining arguments. */
    int wargc = argc - first_arg + 1;
    const char **wargv = rc_calloc((size_t)wargc, sizeof *wargv);
    wargv[0] = path;
    for (int k = 1; k < wargc; k++) wargv[k] = argv[first_arg + k - 1];
    wasi_set_args(wasi, wargc, wargv);
    free(wargv);
  }
  struct rc_extern *imports = rc_calloc(m->nimports ? m->nimports : 1, sizeof *imports);
  struct instance *inst = NULL;
  if (linker_resolve(l, s, m, imports, &err)) inst = instance_new(s, m, mc, imports, m->nimports, &err);
  free(imports);
  if (!inst) {
    if (err.kind == RC_ERR_TRAP || err.kind == RC_ERR_EXHAUSTION || err.kind == RC_ERR_EXCEPTION ||
        err.kind == RC_ERR_EXIT)
      status = report_error(s, &err);
    else {
      print_module_error(path, &err, was_text);
      status = EXIT_USAGE;
    }
    goto done;
  }
  const char *fname = invoke ? invoke : "_start";
  struct rc_extern ext;
  if (!instance_export(inst, fname, strlen(fname), &ext) || ext.kind != EXT_FUNC) {
    static const char *const what[] = {"function", "table", "memory", "global", "tag"};
    bool found = instance_export(inst, fname, strlen(fname), &ext);
    if (found && (unsigned)ext.kind < sizeof what / sizeof *what)
      fprintf(stderr, "error: %s: export \"%s\" is a %s, not a function\n", path, fname, what[ext.kind]);
    else fprintf(stderr, "error: %s: no exported function \"%s\"\n", path, fname);
    status = EXIT_USAGE;
    goto done;
  }
  struct funcinst *f = ext.func;
  const struct functype *ft = &f->type->comp.func;
  int nargs = invoke ? argc - first_arg : 0;
  if ((uint32_t)nargs != ft->nparams) {
    fprintf(stderr, "error: \"%s\" takes %" PRIu32 " arguments, %d given\n", fname, ft->nparams, nargs);
    status = EXIT_USAGE;
    goto done;
  }
  size_t nslots = RC_MAX(f->type->param_slots, f->type->result_slots);
  uint64_t *slots = rc_calloc(nslots ? nslots : 1, sizeof(uint64_t));
  size_t k = 0;
  for (uint32_t a = 0; a < ft->nparams; a++) {
    uint64_t v[2];
    char tn[64];
    if (!value_parse(argv[first_arg + (int)a], ft->params[a], v)) {
      valtype_format(tn, sizeof tn, ft->params[a], NULL, NULL);
      fprintf(stderr, "error: argument %" PRIu32 " \"%s\" is not a valid %s\n", a + 1, argv[first_arg + (int)a], tn);
      free(slots);
      status = EXIT_USAGE;
      goto done;
    }
    slots[k++] = v[0];
  }
  if (!interp_call(s, f, slots, &err)) {
    status = report_error(s, &err);
  } else {
    k = 0;
    for (uint32_t r = 0; r < ft->nresults; r++) {
      struct tvalue tv = {ft->results[r], {slots[k], 0}};
      k++;
      if (VT_CODE(tv.type) == VT_V128) tv.slots[1] = slots[k++];
      print_result(e->types, &tv);
    }
  }
  free(slots);
done:
  if (timeout > 0) timeout_disarm();
  fflush(stdout);
  if (gc_stats && s) print_gc_stats(s);
  store_free(s);
  linker_free(l);
  if (mc) module_code_free(m, mc);
  module_free(m);
  engine_free(e);
  wasi_ctx_free(wasi);
  return status;
}
