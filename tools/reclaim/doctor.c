/* `reclaim doctor MODULE --export NAME [--calls N] ...`: how does an
 * export's memory behave under the five ways a host holds things?
 *
 * Runs the export N times under each retention pattern (DESIGN.md):
 *   1 fresh store and instance per call,
 *   2 one instance reused (results dropped at the end of each call),
 *   3 the exported function cached as an owned root in a host map,
 *   4 each result kept in a callback registry of owned roots,
 *   5 each result queued (owned roots) for processing after the run,
 * and prints per pattern the live bytes after each batch (after a full
 * collection), the growth per call, the verdict (bounded / grows) and the
 * top retainers from the retention report; --svg writes a line chart of live
 * bytes over calls. Only the public API (wasm.h, reclaim.h) is used, so the
 * doctor sees exactly what an embedder would.
 *
 * Exit status: 0 the runs completed (whatever the verdicts); 1 the export
 * trapped for a reason other than GC heap exhaustion; 2 usage or loading
 * errors. */
#include <math.h>
#include <errno.h>
#include <stdlib.h>

#include "cli.h"
#include "reclaim.h"

#define NPATTERNS 5
#define MAX_ARGS 16
#define MAX_BATCHES 100
#define TOP 3

static const char *const pattern_names[NPATTERNS] = {
    "fresh store and instance per call", "one instance reused", "exported function cached in a host map",
    "results kept in a callback registry", "results queued for later processing"};
static const char *const pattern_short[NPATTERNS] = {"fresh store", "reused instance", "cached export",
                                                     "callback registry", "work queue"};
static const char *const colors[NPATTERNS] = {"#1f77b4", "#2ca02c", "#9467bd", "#d62728", "#ff7f0e"};
/* Dashes keep coinciding series (e.g. several flat at 0) visible. */
static const char *const dashes[NPATTERNS] = {"none", "8,4", "2,4", "none", "10,3,2,3"};

struct options {
  const char *module, *export_name, *svg;
  size_t calls, batches;
  const char *args[MAX_ARGS];
  size_t nargs;
  uint64_t heap_max;
};

struct result {
  size_t points;
  size_t calls[MAX_BATCHES + 1];
  uint64_t live[MAX_BATCHES + 1];
  size_t roots[MAX_BATCHES + 1];
  double growth; /* bytes per call */
  bool grows, oom, failed;
  size_t oom_at;
  char top[TOP][96];
  uint64_t top_bytes[TOP];
  size_t top_roots[TOP];
  size_t ntop;
  uint64_t shared_bytes; /* reachable from two or more retainers */
};

static void usage(FILE *out) {
  fprintf(out,
          "usage: reclaim doctor MODULE --export NAME [--calls N] [--batches B] [--arg V]...\n"
          "                      [--gc-heap-max SIZE] [--svg FILE]\n"
          "  runs export NAME N times (default 10000) under each retention pattern:\n"
          "    1 fresh store and instance per call    4 results kept in a callback registry\n"
          "    2 one instance reused                  5 results queued for later processing\n"
          "    3 exported function cached in a host map\n"
          "  and prints live bytes after each of B batches (default 10), growth per call,\n"
          "  the verdict (bounded / grows) and the top retaining roots.\n"
          "  --arg V          a numeric argument for the export (repeat in parameter order;\n"
          "                   missing numbers are 0, reference parameters get null)\n"
          "  --gc-heap-max S  GC heap limit per store (suffix K, M, G)\n"
          "  --svg FILE       write an SVG chart of live bytes over calls\n");
}

static bool parse_size(const char *s, uint64_t *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || v < 0) return false;
  switch (*end) {
  case 'k': case 'K': v *= 1024; end++; break;
  case 'm': case 'M': v *= 1024 * 1024; end++; break;
  case 'g': case 'G': v *= 1024.0 * 1024 * 1024; end++; break;
  default: break;
  }
  if (*end) return false;
  *out = (uint64_t)v;
  return true;
}

/* ---- one run ---- */

struct run {
  const struct options *o;
  wasm_engine_t *engine;
  wasm_module_t *module;      /* owned by home */
  wasm_store_t *home;
  reclaim_val_t args[MAX_ARGS];
  size_t nargs, nresults;
};

static wasm_func_t *find_export(wasm_instance_t *inst, wasm_module_t *m, const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(m, &types);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t *f = NULL;
  for (size_t i = 0; i < types.size && i < ex.size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0 && wasm_extern_as_func(ex.data[i]))
      f = wasm_func_copy(wasm_extern_as_func(ex.data[i]));
  }
  wasm_extern_vec_delete(&ex);
  wasm_exporttype_vec_delete(&types);
  return f;
}

static wasm_instance_t *instantiate(wasm_store_t *st, wasm_module_t *m) {
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(st, m, &imports, &trap);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    fprintf(stderr, "reclaim doctor: cannot instantiate: %s\n", msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
  }
  return inst;
}

static uint64_t live_bytes(wasm_store_t *st) {
  reclaim_store_gc(st);
  reclaim_heap_stats_t hs;
  reclaim_store_heap_stats(st, &hs);
  return hs.live_bytes;
}

static size_t root_count(wasm_store_t *st) {
  reclaim_root_counts_t rc;
  reclaim_store_root_counts(st, &rc);
  return rc.live;
}

static void take_top(struct result *res, const reclaim_retention_t *r) {
  res->ntop = 0;
  reclaim_retention_totals_t tot;
  reclaim_retention_totals(r, &tot);
  res->shared_bytes = tot.shared_bytes;
  for (size_t i = 0; i < reclaim_retention_size(r) && res->ntop < TOP; i++) {
    const reclaim_retainer_t *it = reclaim_retention_get(r, i);
    if (!it->bytes) break;
    snprintf(res->top[res->ntop], sizeof res->top[0], "%s", it->name);
    res->top_bytes[res->ntop] = it->bytes;
    res->top_roots[res->ntop] = it->count;
    res->ntop++;
  }
}

/* The trap of a failed call: an OOM ends the run with its report; anything
 * else is a failure. Returns true for OOM. */
static bool handle_trap(struct result *res, wasm_trap_t *trap, size_t call) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  const reclaim_retention_t *r = reclaim_trap_retention(trap);
  bool oom = r != NULL || strstr(msg.data, "GC heap out of memory");
  if (oom) {
    res->oom = true;
    res->oom_at = call;
    if (r) take_top(res, r);
  } else {
    fprintf(stderr, "reclaim doctor: call %zu trapped: %s\n", call, msg.data);
    res->failed = true;
  }
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
  return oom;
}

static void record(struct result *res, size_t call, uint64_t live, size_t roots) {
  if (res->points > MAX_BATCHES) return;
  res->calls[res->points] = call;
  res->live[res->points] = live;
  res->roots[res->points] = roots;
  res->points++;
}

static void run_pattern(struct run *run, int p, struct result *res) {
  const struct options *o = run->o;
  size_t batch = o->calls / o->batches ? o->calls / o->batches : 1;
  memset(res, 0, sizeof *res);
  wasm_store_t *st = NULL;
  wasm_instance_t *inst = NULL;
  wasm_func_t *func = NULL;
  reclaim_root_t cache = {0, 0, 0, 0};
  RC_VEC(reclaim_root_t) kept = {0};
  if (p != 0) {
    st = wasm_store_new(run->engine);
    inst = instantiate(st, run->module);
    if (!inst) {
      res->failed = true;
      wasm_store_delete(st);
      return;
    }
    func = find_export(inst, run->module, o->export_name);
    if (p == 2) { /* the host map holds the function; each call looks it up */
      char label[128];
      snprintf(label, sizeof label, "export cache: %s", o->export_name);
      reclaim_root_new_owned(st, wasm_func_as_ref(func), label, &cache);
      wasm_func_delete(func);
      func = NULL;
    }
    record(res, 0, live_bytes(st), root_count(st));
  } else {
    record(res, 0, 0, 0);
  }
  const char *keep_label = p == 3 ? "callback registry" : p == 4 ? "work queue" : NULL;
  reclaim_val_t results[16];
  size_t nres = run->nresults < 16 ? run->nresults : 16;
  for (size_t call = 1; call <= o->calls; call++) {
    wasm_store_t *cs = st;
    wasm_func_t *f = func;
    if (p == 0) {
      cs = wasm_store_new(run->engine);
      inst = instantiate(cs, run->module);
      if (!inst) {
        res->failed = true;
        wasm_store_delete(cs);
        break;
      }
      f = find_export(inst, run->module, o->export_name);
    } else if (p == 2) {
      wasm_ref_t *ref = NULL;
      reclaim_root_get(st, cache, &ref);
      f = wasm_ref_as_func(ref);
    }
    reclaim_scope_t scope = reclaim_scope_open(cs);
    wasm_trap_t *trap = NULL;
    reclaim_status_t s = reclaim_func_call(cs, f, run->args, run->nargs, results, nres, &trap);
    bool stop = false;
    if (s == RECLAIM_ERR_TRAP) {
      handle_trap(res, trap, call);
      stop = true;
    } else if (s != RECLAIM_OK) {
      fprintf(stderr, "reclaim doctor: %s\n", reclaim_store_error(cs));
      res->failed = true;
      stop = true;
    } else if (keep_label) {
      for (size_t i = 0; i < nres; i++) {
        if (!wasm_valkind_is_ref(results[i].kind) || results[i].of.ref.index == 0) continue;
        reclaim_root_t k;
        if (reclaim_root_keep(cs, results[i].of.ref, keep_label, &k) == RECLAIM_OK) rc_vec_push(kept, k);
      }
    }
    reclaim_scope_close(cs, scope);
    if (p == 2) wasm_func_delete(f);
    if (!stop && (call % batch == 0 || call == o->calls)) {
      if (p == 0) record(res, call, live_bytes(cs), root_count(cs));
      else record(res, call, live_bytes(st), root_count(st));
    }
    if (p == 0) {
      wasm_func_delete(f);
      wasm_instance_delete(inst);
      inst = NULL;
      wasm_store_delete(cs);
    }
    if (stop) break;
  }
  if (p != 0) {
    if (!res->oom) {
      reclaim_retention_t *r = NULL;
      reclaim_store_retention(st, &r);
      take_top(res, r);
      reclaim_retention_delete(r);
    }
    for (size_t i = 0; i < kept.len; i++) reclaim_root_release(st, kept.data[i]);
    if (cache.index) reclaim_root_release(st, cache);
    if (func) wasm_func_delete(func);
    wasm_instance_delete(inst);
    wasm_store_delete(st);
  }
  rc_vec_free(kept);
  /* Growth per call: least-squares slope of live bytes over calls, ignoring
   * the first point (before any call: warm-up allocations are not growth). */
  size_t first = res->points > 2 ? 1 : 0;
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i = first; i < res->points; i++) {
    double x = (double)res->calls[i], y = (double)res->live[i];
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  double den = n * sxx - sx * sx;
  res->growth = n >= 2 && den > 0 ? (n * sxy - sx * sy) / den : 0;
  /* Any object kept per call costs at least 16 bytes: a slope of 1 byte per
   * call is a retained object every 16 calls or so. */
  res->grows = res->oom || (res->growth >= 1.0 && res->live[res->points - 1] > res->live[first]);
}

/* ---- output ---- */

static void human(char *buf, size_t n, double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024) snprintf(buf, n, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  else if (bytes >= 1024.0 * 1024) snprintf(buf, n, "%.1f MiB", bytes / (1024.0 * 1024));
  else if (bytes >= 1024.0) snprintf(buf, n, "%.1f KiB", bytes / 1024.0);
  else snprintf(buf, n, "%.0f B", bytes);
}

static void print_pattern(int p, const struct result *res) {
  printf("\npattern %d: %s\n", p + 1, pattern_names[p]);
  printf("  %10s %14s %8s\n", "calls", "live bytes", "roots");
  for (size_t i = 0; i < res->points; i++)
    printf("  %10zu %14llu %8zu\n", res->calls[i], (unsigned long long)res->live[i], res->roots[i]);
  if (res->oom) printf("  GC heap out of memory at call %zu\n", res->oom_at);
  printf("  growth per call: %.1f bytes   verdict: %s\n", res->growth,
         res->failed ? "failed" : res->grows ? "grows" : "bounded");
  if (!res->ntop) printf("  top retainers: none%s\n", res->shared_bytes ? " alone" : "");
  for (size_t i = 0; i < res->ntop; i++) {
    char h[32];
    human(h, sizeof h, (double)res->top_bytes[i]);
    printf("  %s \"%s\": %llu bytes (%s) in %zu root%s\n", i ? "          " : "top retainers:", res->top[i],
           (unsigned long long)res->top_bytes[i], h, res->top_roots[i], res->top_roots[i] == 1 ? "" : "s");
  }
  if (res->shared_bytes) {
    char h[32];
    human(h, sizeof h, (double)res->shared_bytes);
    printf("  shared by two or more retainers: %llu bytes (%s)\n", (unsigned long long)res->shared_bytes, h);
  }
}

static void print_summary(const struct result *res) {
  printf("\nsummary\n  %-2s %-20s %14s %-8s %s\n", "#", "pattern", "growth/call", "verdict", "top retainer");
  for (int p = 0; p < NPATTERNS; p++) {
    const struct result *r = &res[p];
    char top[160] = "-";
    if (!r->ntop && r->shared_bytes) {
      char h[32];
      human(h, sizeof h, (double)r->shared_bytes);
      snprintf(top, sizeof top, "shared (%s)", h);
    }
    if (r->ntop) {
      char h[32];
      human(h, sizeof h, (double)r->top_bytes[0]);
      snprintf(top, sizeof top, "\"%s\" (%s)", r->top[0], h);
    }
    printf("  %-2d %-20s %14.1f %-8s %s\n", p + 1, pattern_short[p], r->growth,
           r->failed ? "failed" : r->grows ? "grows" : "bounded", top);
  }
}

static bool write_svg(const char *path, const struct result *res, const struct options *o) {
  FILE *f = fopen(path, "w");
  if (!f) return false;
  const double W = 800, H = 440, L = 90, R = 220, T = 40, B = 50;
  double maxx = (double)o->calls, maxy = 1;
  for (int p = 0; p < NPATTERNS; p++)
    for (size_t i = 0; i < res[p].points; i++)
      if ((double)res[p].live[i] > maxy) maxy = (double)res[p].live[i];
  if (maxx < 1) maxx = 1;
  double pw = W - L - R, ph = H - T - B;
  fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" "
             "font-size=\"12\">\n", W, H);
  fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
  fprintf(f, "<text x=\"%.0f\" y=\"22\" font-size=\"15\">reclaim doctor: live bytes over calls of &quot;", L);
  for (const char *c = o->export_name; *c; c++) { /* XML-escape the name */
    if (*c == '<') fputs("&lt;", f);
    else if (*c == '>') fputs("&gt;", f);
    else if (*c == '&') fputs("&amp;", f);
    else if (*c == '"') fputs("&quot;", f);
    else fputc(*c, f);
  }
  fprintf(f, "&quot;</text>\n");
  fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"black\"/>\n", L, T + ph, L + pw, T + ph);
  fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"black\"/>\n", L, T, L, T + ph);
  for (int k = 0; k <= 4; k++) {
    double y = T + ph - ph * k / 4, x = L + pw * k / 4;
    char h[32];
    human(h, sizeof h, maxy * k / 4);
    fprintf(f, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, y, L + pw, y);
    fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 6, y + 4, h);
    fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%.0f</text>\n", x, T + ph + 18, maxx * k / 4);
  }
  fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">calls</text>\n", L + pw / 2, H - 10);
  for (int p = 0; p < NPATTERNS; p++) {
    fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\" points=\"", colors[p],
            dashes[p]);
    for (size_t i = 0; i < res[p].points; i++)
      fprintf(f, "%.1f,%.1f ", L + pw * (double)res[p].calls[i] / maxx, T + ph - ph * (double)res[p].live[i] / maxy);
    fprintf(f, "\"/>\n");
    double ly = T + 10 + 22.0 * p;
    fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" stroke-width=\"3\"/>\n", L + pw + 15,
            ly, L + pw + 35, ly, colors[p]);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\">%d %s (%s)</text>\n", L + pw + 40, ly + 4, p + 1, pattern_short[p],
            res[p].failed ? "failed" : res[p].grows ? "grows" : "bounded");
  }
  fprintf(f, "</svg>\n");
  return fclose(f) == 0;
}

/* ---- the command ---- */

static bool set_args(struct run *run, const wasm_func_t *f) {
  wasm_functype_t *ft = wasm_func_type(f);
  const wasm_valtype_vec_t *params = wasm_functype_params(ft);
  run->nargs = params->size;
  run->nresults = wasm_functype_results(ft)->size;
  bool ok = params->size <= MAX_ARGS;
  if (ok && run->o->nargs > params->size) {
    fprintf(stderr, "reclaim doctor: the export takes %zu arguments, %zu --arg given\n", params->size,
            run->o->nargs);
    ok = false;
  }
  for (size_t i = 0; ok && i < params->size; i++) {
    reclaim_val_t *a = &run->args[i];
    memset(a, 0, sizeof *a);
    a->kind = wasm_valtype_kind(params->data[i]);
    const char *text = i < run->o->nargs ? run->o->args[i] : "0";
    char *end = NULL;
    switch (a->kind) {
    case WASM_I32: a->of.i32 = (int32_t)strtoll(text, &end, 0); break;
    case WASM_I64: a->of.i64 = strtoll(text, &end, 0); break;
    case WASM_F32: a->of.f32 = strtof(text, &end); break;
    case WASM_F64: a->of.f64 = strtod(text, &end); break;
    default: end = (char *)text + strlen(text); break; /* references: null */
    }
    if (!end || *end) {
      fprintf(stderr, "reclaim doctor: --arg %zu: bad number %s\n", i + 1, text);
      ok = false;
    }
  }
  if (params->size > MAX_ARGS) fprintf(stderr, "reclaim doctor: too many parameters\n");
  wasm_functype_delete(ft);
  return ok;
}

/* --calls / --batches: decimal, 1..MAX_COUNT (strtoull alone would take "-5"
 * as 2^64-5 and run for ever). */
#define MAX_COUNT 1000000000u
static bool parse_count(const char *text, size_t *out) {
  if (*text < '0' || *text > '9') return false;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno || *end || v == 0 || v > MAX_COUNT) return false;
  *out = (size_t)v;
  return true;
}

int cmd_doctor(int argc, char **argv) {
  struct options o;
  memset(&o, 0, sizeof o);
  o.calls = 10000;
  o.batches = 10;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    bool has = i + 1 < argc;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 0;
    } else if (strcmp(a, "--export") == 0 && has) {
      o.export_name = argv[++i];
    } else if ((strcmp(a, "--calls") == 0 || strcmp(a, "--batches") == 0) && has) {
      if (!parse_count(argv[++i], a[2] == 'c' ? &o.calls : &o.batches)) {
        fprintf(stderr, "reclaim doctor: bad %s %s (a whole number from 1 to %u)\n", a, argv[i], MAX_COUNT);
        return 2;
      }
    } else if (strcmp(a, "--svg") == 0 && has) {
      o.svg = argv[++i];
    } else if (strcmp(a, "--arg") == 0 && has) {
      if (o.nargs == MAX_ARGS) {
        fprintf(stderr, "reclaim doctor: at most %d --arg\n", MAX_ARGS);
        return 2;
      }
      o.args[o.nargs++] = argv[++i];
    } else if (strcmp(a, "--gc-heap-max") == 0 && has) {
      if (!parse_size(argv[++i], &o.heap_max)) {
        fprintf(stderr, "reclaim doctor: bad size %s\n", argv[i]);
        return 2;
      }
    } else if (a[0] != '-' && !o.module) {
      o.module = a;
    } else {
      fprintf(stderr, "reclaim doctor: unexpected argument %s\n", a);
      usage(stderr);
      return 2;
    }
  }
  if (!o.module || !o.export_name || o.calls == 0 || o.batches == 0) {
    usage(stderr);
    return 2;
  }
  if (o.batches > MAX_BATCHES) o.batches = MAX_BATCHES;
  if (o.batches > o.calls) o.batches = o.calls;

  size_t len;
  bool was_text = false, io_error = false;
  uint8_t *bytes = load_module_file(o.module, &len, &was_text, &io_error);
  if (!bytes) return 2; /* load_module_file printed why */
  struct run run;
  memset(&run, 0, sizeof run);
  run.o = &o;
  wasm_config_t *cfg = wasm_config_new();
  if (o.heap_max) reclaim_config_set_gc_heap_max(cfg, o.heap_max);
  run.engine = wasm_engine_new_with_config(cfg);
  run.home = wasm_store_new(run.engine);
  wasm_byte_vec_t bv;
  wasm_byte_vec_new(&bv, len, (const char *)bytes);
  free(bytes);
  run.module = wasm_module_new(run.home, &bv);
  wasm_byte_vec_delete(&bv);
  int status = 0;
  if (!run.module) {
    fprintf(stderr, "reclaim doctor: %s: %s\n", o.module, reclaim_store_error(run.home));
    status = 2;
  }
  if (!status) { /* check the export once */
    wasm_store_t *st = wasm_store_new(run.engine);
    wasm_instance_t *inst = instantiate(st, run.module);
    wasm_func_t *f = inst ? find_export(inst, run.module, o.export_name) : NULL;
    if (!inst) status = 2;
    else if (!f) {
      fprintf(stderr, "reclaim doctor: no exported function \"%s\"\n", o.export_name);
      status = 2;
    } else if (!set_args(&run, f)) {
      status = 2;
    }
    if (f) wasm_func_delete(f);
    wasm_store_delete(st);
  }
  if (!status) {
    printf("reclaim doctor: %s, export \"%s\", %zu calls per pattern, live bytes after a full collection\n"
           "every %zu calls\n", o.module, o.export_name, o.calls, o.calls / o.batches);
    struct result res[NPATTERNS];
    for (int p = 0; p < NPATTERNS; p++) {
      run_pattern(&run, p, &res[p]);
      print_pattern(p, &res[p]);
      if (res[p].failed) status = 1;
    }
    print_summary(res);
    if (o.svg) {
      if (write_svg(o.svg, res, &o)) printf("chart: %s\n", o.svg);
      else {
        fprintf(stderr, "reclaim doctor: cannot write %s\n", o.svg);
        status = 2;
      }
    }
  }
  if (run.module) wasm_module_delete(run.module);
  wasm_store_delete(run.home);
  wasm_engine_delete(run.engine);
  return status;
}
