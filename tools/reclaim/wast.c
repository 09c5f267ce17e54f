/* `reclaim wast FILE...`: run WAST spec scripts (src/text/script.h).
 *
 * Counting: every command is one check. Module, instance, register and bare
 * action commands pass when they succeed; assertions pass when the expected
 * outcome happens. An assertion's pass criterion is the error *kind*
 * (trap, exhaustion, exception, invalid, malformed, link); the expected
 * message is only printed as a hint on failure. The exit status is 0 iff
 * every command of every file passed.
 *
 * Host values (ref.extern N / ref.host N) are GC objects of kind TI_HOST, one
 * per N per script, cached in the runner and kept alive by a root
 * enumerator registered with the store. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include "cli.h"
#include "gc/gc.h"
#include "interp/interp.h"
#include "runtime/spectest.h"
#include "text/wat.h"

struct rmodule {
  char *id;
  struct module *mod;
  struct module_code *code;
};

struct rinstance {
  char *id;
  struct instance *inst;
};

struct hostbox {
  uint32_t n;
  rc_ref ref;
};

struct runner {
  const char *file;
  bool verbose;
  struct engine *engine;
  struct store *store;
  struct linker *linker;
  struct spectest *spectest;
  RC_VEC(struct rmodule) mods;
  RC_VEC(struct rinstance) insts;
  size_t cur_mod_idx;          /* index into mods (it may move); SIZE_MAX: none */
  struct instance *cur_inst;
  RC_VEC(struct hostbox) boxes;
  const struct script_cmd *cmd;
  unsigned passed, failed;
};

static const struct typeinfo *host_supers[1];
static const struct typeinfo host_ti = {
    .id = UINT32_MAX, .kind = TI_HOST, .final = true, .depth = 0, .supers = host_supers,
    .payload_size = sizeof(uint64_t),
};

static const char *cmd_name(const struct script_cmd *c) {
  switch (c->kind) {
  case SCRIPT_CMD_MODULE: return c->module.definition ? "module definition" : "module";
  case SCRIPT_CMD_INSTANCE: return "module instance";
  case SCRIPT_CMD_REGISTER: return "register";
  case SCRIPT_CMD_ACTION: return c->action.kind == SCRIPT_GET ? "get" : "invoke";
  case SCRIPT_CMD_ASSERT_RETURN: return "assert_return";
  case SCRIPT_CMD_ASSERT_TRAP: return "assert_trap";
  case SCRIPT_CMD_ASSERT_EXHAUSTION: return "assert_exhaustion";
  case SCRIPT_CMD_ASSERT_EXCEPTION: return "assert_exception";
  case SCRIPT_CMD_ASSERT_INVALID: return "assert_invalid";
  case SCRIPT_CMD_ASSERT_MALFORMED: return "assert_malformed";
  case SCRIPT_CMD_ASSERT_UNLINKABLE: return "assert_unlinkable";
  case SCRIPT_CMD_ASSERT_UNINSTANTIABLE: return "assert_uninstantiable";
  }
  return "command";
}

static void fail(struct runner *r, const char *fmt, ...) RC_PRINTF(2, 3);
static void fail(struct runner *r, const char *fmt, ...) {
  r->failed++;
  fprintf(stderr, "%s:%" PRIu32 ": %s: ", r->file, r->cmd->line, cmd_name(r->cmd));
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static void pass(struct runner *r) {
  r->passed++;
  if (r->verbose) fprintf(stderr, "%s:%" PRIu32 ": %s: ok\n", r->file, r->cmd->line, cmd_name(r->cmd));
}

static const char *kind_name(enum rc_errkind k) {
  switch (k) {
  case RC_OK: return "success";
  case RC_ERR_MALFORMED: return "malformed";
  case RC_ERR_INVALID: return "invalid";
  case RC_ERR_LINK: return "link error";
  case RC_ERR_TRAP: return "trap";
  case RC_ERR_EXHAUSTION: return "exhaustion";
  case RC_ERR_EXCEPTION: return "exception";
  case RC_ERR_EXIT: return "exit";
  case RC_ERR_IO: return "I/O error";
  case RC_ERR_OOM: return "resource limit";
  case RC_ERR_USAGE: return "usage error";
  }
  return "error";
}

/* ---- host values ---- */

static void boxes_roots(void *ud, struct gc_heap *h, gc_visit_fn visit) {
  struct runner *r = ud;
  for (size_t i = 0; i < r->boxes.len; i++) visit(h, &r->boxes.data[i].ref);
}

static bool hostbox(struct runner *r, uint32_t n, rc_ref *out, struct rc_error *err) {
  for (size_t i = 0; i < r->boxes.len; i++)
    if (r->boxes.data[i].n == n) return *out = r->boxes.data[i].ref, true;
  struct gc_obj *o = gc_alloc(r->store->heap, &host_ti, sizeof(uint64_t), 0);
  if (!o) return rc_fail(err, RC_ERR_OOM, RC_NO_OFFSET, "GC heap out of memory");
  HOSTBOX_VALUE(o) = n;
  struct hostbox b = {n, OBJ_REF(o)};
  rc_vec_push(r->boxes, b);
  *out = b.ref;
  return true;
}

/* ---- modules and instances ---- */

static struct rmodule *find_module(struct runner *r, const char *id) {
  if (!id) return r->cur_mod_idx == SIZE_MAX ? NULL : &r->mods.data[r->cur_mod_idx];
  for (size_t i = r->mods.len; i-- > 0;)
    if (r->mods.data[i].id && strcmp(r->mods.data[i].id, id) == 0) return &r->mods.data[i];
  return NULL;
}

static struct instance *find_instance(struct runner *r, const char *id) {
  if (!id) return r->cur_inst;
  for (size_t i = r->insts.len; i-- > 0;)
    if (r->insts.data[i].id && strcmp(r->insts.data[i].id, id) == 0) return r->insts.data[i].inst;
  return NULL;
}

/* The module's bytes: as given, or by parsing a quoted WAT source. */
static bool module_bytes(struct runner *r, const struct script_module *sm, uint8_t **owned,
                         const uint8_t **bytes, size_t *len, struct rc_error *err) {
  *owned = NULL;
  switch (sm->form) {
  case SCRIPT_MOD_BINARY:
  case SCRIPT_MOD_TEXT: *bytes = sm->bytes; *len = sm->len; return true;
  case SCRIPT_MOD_QUOTE:
    if (!wat_to_wasm(sm->quote, sm->quote_len, r->file, owned, len, err)) return false;
    *bytes = *owned;
    return true;
  case SCRIPT_MOD_TEXT_ERROR: *err = sm->text_err; return false;
  }
  return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "unknown module form");
}

/* Decode and compile. *stage says how far it got (for assert_invalid /
 * assert_malformed): the error kind tells which stage failed. */
static bool load_module(struct runner *r, const struct script_module *sm, struct rmodule *out,
                        struct rc_error *err) {
  uint8_t *owned;
  const uint8_t *bytes = NULL;
  size_t len = 0;
  memset(out, 0, sizeof *out);
  if (!module_bytes(r, sm, &owned, &bytes, &len, err)) return false;
  out->mod = module_decode(bytes, len, err);
  free(owned);
  if (!out->mod) return false;
  out->code = interp_compile(out->mod, r->engine->types, err);
  if (!out->code) {
    module_free(out->mod);
    out->mod = NULL;
    return false;
  }
  return true;
}

/* Keep a loaded module until the end of the script (instances use it). */
static size_t keep_module(struct runner *r, struct rmodule *m, const char *id) {
  m->id = id ? rc_strdup(id) : NULL;
  rc_vec_push(r->mods, *m);
  return r->mods.len - 1;
}

static void add_module(struct runner *r, struct rmodule *m, const char *id) {
  r->cur_mod_idx = keep_module(r, m, id);
}

static struct instance *instantiate(struct runner *r, struct rmodule *m, struct rc_error *err) {
  struct rc_extern *imports = rc_calloc(m->mod->nimports ? m->mod->nimports : 1, sizeof *imports);
  struct instance *inst = NULL;
  if (linker_resolve(r->linker, r->store, m->mod, imports, err))
    inst = instance_new(r->store, m->mod, m->code, imports, m->mod->nimports, err);
  free(imports);
  return inst;
}

static void bind_instance(struct runner *r, struct instance *inst, const char *id) {
  struct rinstance ri = {id ? rc_strdup(id) : NULL, inst};
  rc_vec_push(r->insts, ri);
  r->cur_inst = inst;
}

static void free_modules(struct runner *r) {
  for (size_t i = 0; i < r->mods.len; i++) {
    module_code_free(r->mods.data[i].mod, r->mods.data[i].code);
    module_free(r->mods.data[i].mod);
    free(r->mods.data[i].id);
  }
  rc_vec_free(r->mods);
  for (size_t i = 0; i < r->insts.len; i++) free(r->insts.data[i].id);
  rc_vec_free(r->insts);
}

/* ---- actions ---- */

#define MAX_VALUES 64

struct results {
  struct tvalue v[MAX_VALUES];
  uint32_t n;
};

static bool arg_fits(const struct script_value *a, valtype t) {
  switch (a->kind) {
  case SCRIPT_VAL_I32: return t == VT_I32;
  case SCRIPT_VAL_I64: return t == VT_I64;
  case SCRIPT_VAL_F32: return t == VT_F32;
  case SCRIPT_VAL_F64: return t == VT_F64;
  case SCRIPT_VAL_V128: return t == VT_V128;
  case SCRIPT_VAL_REF_NULL: return VT_IS_REF(t) && VT_NULLABLE(t);
  case SCRIPT_VAL_REF_EXTERN:
  case SCRIPT_VAL_REF_HOST: return VT_IS_REF(t);
  }
  return false;
}

/* Run an action. Returns false with err set if it did not complete
 * normally (err->kind tells how: trap, exhaustion, exception, usage). */
static bool run_action(struct runner *r, const struct script_action *a, struct results *res,
                       struct rc_error *err) {
  res->n = 0;
  struct instance *inst = find_instance(r, a->instance);
  if (!inst)
    return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "unknown instance %s", a->instance ? a->instance : "(current)");
  struct rc_extern ext;
  if (!instance_export(inst, a->name, a->name_len, &ext))
    return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "unknown export \"%s\"", a->name);
  if (a->kind == SCRIPT_GET) {
    if (ext.kind != EXT_GLOBAL) return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "export \"%s\" is not a global", a->name);
    res->n = 1;
    res->v[0].type = ext.global->type;
    memcpy(res->v[0].slots, ext.global->val.slots, sizeof res->v[0].slots);
    return true;
  }
  if (ext.kind != EXT_FUNC) return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "export \"%s\" is not a function", a->name);
  struct funcinst *f = ext.func;
  const struct functype *ft = &f->type->comp.func;
  if (a->nargs != ft->nparams)
    return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "%zu arguments given, function takes %" PRIu32, a->nargs, ft->nparams);
  if (ft->nresults > MAX_VALUES)
    return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "too many results (%" PRIu32 ")", ft->nresults);
  size_t nslots = RC_MAX(f->type->param_slots, f->type->result_slots);
  uint64_t *slots = rc_calloc(nslots ? nslots : 1, sizeof(uint64_t));
  /* Host boxes first: creating one may collect, and the slots are not roots. */
  for (size_t i = 0; i < a->nargs; i++) {
    const struct script_value *v = &a->args[i];
    rc_ref dummy;
    if ((v->kind == SCRIPT_VAL_REF_EXTERN || v->kind == SCRIPT_VAL_REF_HOST) && !hostbox(r, v->u.host, &dummy, err)) {
      free(slots);
      return false;
    }
  }
  size_t k = 0;
  for (size_t i = 0; i < a->nargs; i++) {
    const struct script_value *v = &a->args[i];
    if (!arg_fits(v, ft->params[i])) {
      char tn[64];
      valtype_format(tn, sizeof tn, ft->params[i], NULL, NULL);
      free(slots);
      return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "argument %zu does not fit parameter type %s", i, tn);
    }
    switch (v->kind) {
    case SCRIPT_VAL_I32:
    case SCRIPT_VAL_F32: slots[k++] = v->u.i32; break;
    case SCRIPT_VAL_I64:
    case SCRIPT_VAL_F64: slots[k++] = v->u.i64; break;
    case SCRIPT_VAL_V128: memcpy(&slots[k], v->u.v128, 16); k += 2; break;
    case SCRIPT_VAL_REF_NULL: slots[k++] = REF_NULL; break;
    case SCRIPT_VAL_REF_EXTERN:
    case SCRIPT_VAL_REF_HOST: hostbox(r, v->u.host, &slots[k++], err); break;
    }
  }
  bool ok = interp_call(r->store, f, slots, err);
  if (ok) {
    k = 0;
    res->n = ft->nresults;
    for (uint32_t i = 0; i < ft->nresults; i++) {
      res->v[i].type = ft->results[i];
      res->v[i].slots[0] = slots[k++];
      res->v[i].slots[1] = VT_CODE(ft->results[i]) == VT_V128 ? slots[k++] : 0;
    }
  }
  free(slots);
  return ok;
}

/* ---- commands ---- */

static void do_module(struct runner *r, const struct script_cmd *c) {
  struct rmodule m;
  struct rc_error err;
  rc_error_clear(&err);
  if (!load_module(r, &c->module, &m, &err)) {
    r->cur_mod_idx = SIZE_MAX;  /* later commands must not silently use an older module */
    r->cur_inst = NULL;
    if (c->module.form == SCRIPT_MOD_BINARY && err.offset != RC_NO_OFFSET)
      fail(r, "%s: byte offset 0x%" PRIx64 ": %s", kind_name(err.kind), (uint64_t)err.offset, err.msg);
    else fail(r, "%s: %s", kind_name(err.kind), err.msg);
    return;
  }
  add_module(r, &m, c->module.id);
  if (c->module.definition) {
    pass(r);
    return;
  }
  struct instance *inst = instantiate(r, &r->mods.data[r->cur_mod_idx], &err);
  if (!inst) {
    r->cur_inst = NULL;
    fail(r, "instantiation failed: %s: %s", kind_name(err.kind), err.msg);
    return;
  }
  bind_instance(r, inst, c->module.id);
  pass(r);
}

/* (module instance $i? $m?) as a command or an assertion target. */
static struct instance *do_instance(struct runner *r, const char *inst_id, const char *mod_id,
                                    struct rc_error *err) {
  struct rmodule *m = find_module(r, mod_id);
  if (!m) {
    rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "unknown module %s", mod_id ? mod_id : "(current)");
    return NULL;
  }
  return instantiate(r, m, err);
}

static void do_register(struct runner *r, const struct script_cmd *c) {
  struct instance *inst = find_instance(r, c->inst_id);
  if (!inst) {
    fail(r, "unknown instance %s", c->inst_id ? c->inst_id : "(current)");
    return;
  }
  linker_define_instance(r->linker, c->reg_name, c->reg_name_len, inst);
  pass(r);
}

static void do_assert_return(struct runner *r, const struct script_cmd *c) {
  struct results res;
  struct rc_error err;
  rc_error_clear(&err);
  if (!run_action(r, &c->action, &res, &err)) {
    fail(r, "\"%s\": expected a return, got %s: %s", c->action.name, kind_name(err.kind), err.msg);
    return;
  }
  const struct typestore *ts = r->engine->types;
  bool ok = res.n == c->nresults;
  for (size_t i = 0; ok && i < res.n; i++) ok = value_matches(ts, &res.v[i], &c->results[i]);
  if (ok) {
    pass(r);
    return;
  }
  char want[1024] = "", got[1024] = "";
  size_t wl = 0, gl = 0;
  for (size_t i = 0; i < c->nresults && wl < sizeof want; i++) {
    char b[256];
    pattern_format(b, sizeof b, &c->results[i]);
    wl += (size_t)snprintf(want + wl, sizeof want - wl, "%s%s", i ? ", " : "", b);
  }
  for (size_t i = 0; i < res.n && gl < sizeof got; i++) {
    char b[256];
    value_format(b, sizeof b, ts, &res.v[i]);
    gl += (size_t)snprintf(got + gl, sizeof got - gl, "%s%s", i ? ", " : "", b);
  }
  fail(r, "\"%s\": expected [%s] got [%s]", c->action.name, want, got);
}

/* An action that must fail with a given error kind. */
static void expect_action_error(struct runner *r, const struct script_cmd *c, enum rc_errkind want) {
  struct results res;
  struct rc_error err;
  rc_error_clear(&err);
  bool ok = run_action(r, &c->action, &res, &err);
  if (!ok && err.kind == want) {
    pass(r);
    return;
  }
  /* assert_exception has no message to expect */
  char expected[200];
  if (c->message) snprintf(expected, sizeof expected, "%s \"%s\"", kind_name(want), c->message);
  else snprintf(expected, sizeof expected, "%s", kind_name(want));
  if (ok) fail(r, "\"%s\": expected %s, got a return", c->action.name, expected);
  else fail(r, "\"%s\": expected %s, got %s: %s", c->action.name, expected, kind_name(err.kind), err.msg);
}

/* assert_trap / assert_unlinkable / assert_uninstantiable on a module. */
static void expect_instantiation_error(struct runner *r, const struct script_cmd *c, enum rc_errkind want) {
  struct rc_error err;
  rc_error_clear(&err);
  struct instance *inst = NULL;
  if (c->target == SCRIPT_TARGET_MODULE) {
    struct rmodule m;
    if (!load_module(r, &c->module, &m, &err)) {
      fail(r, "module did not load: %s: %s", kind_name(err.kind), err.msg);
      return;
    }
    /* An inline module in an assertion is not bound and does not become current. */
    size_t idx = keep_module(r, &m, NULL);
    inst = instantiate(r, &r->mods.data[idx], &err);
  } else {
    inst = do_instance(r, c->inst_id, c->mod_id, &err);
  }
  bool kind_ok = want == RC_ERR_TRAP && c->kind == SCRIPT_CMD_ASSERT_UNINSTANTIABLE
                     ? err.kind != RC_ERR_LINK && err.kind != RC_ERR_USAGE
                     : err.kind == want;
  if (!inst && kind_ok) {
    pass(r);
    return;
  }
  if (inst) fail(r, "expected %s \"%s\", but instantiation succeeded", kind_name(want), c->message ? c->message : "");
  else fail(r, "expected %s \"%s\", got %s: %s", kind_name(want), c->message ? c->message : "", kind_name(err.kind), err.msg);
}

/* assert_invalid / assert_malformed: loading must fail with that kind. */
static void expect_load_error(struct runner *r, const struct script_cmd *c, enum rc_errkind want) {
  struct rc_error err;
  rc_error_clear(&err);
  struct rmodule m;
  if (load_module(r, &c->module, &m, &err)) {
    module_code_free(m.mod, m.code);
    module_free(m.mod);
    fail(r, "expected %s \"%s\", but the module loaded", kind_name(want), c->message ? c->message : "");
    return;
  }
  if (err.kind == want) pass(r);
  else fail(r, "expected %s \"%s\", got %s: %s", kind_name(want), c->message ? c->message : "", kind_name(err.kind), err.msg);
}

static void run_cmd(struct runner *r, const struct script_cmd *c) {
  r->cmd = c;
  struct rc_error err;
  rc_error_clear(&err);
  switch (c->kind) {
  case SCRIPT_CMD_MODULE: do_module(r, c); break;
  case SCRIPT_CMD_INSTANCE: {
    struct instance *inst = do_instance(r, c->inst_id, c->mod_id, &err);
    if (inst) {
      bind_instance(r, inst, c->inst_id);
      pass(r);
    } else {
      r->cur_inst = NULL;
      fail(r, "instantiation failed: %s: %s", kind_name(err.kind), err.msg);
    }
    break;
  }
  case SCRIPT_CMD_REGISTER: do_register(r, c); break;
  case SCRIPT_CMD_ACTION: {
    struct results res;
    if (run_action(r, &c->action, &res, &err)) pass(r);
    else fail(r, "\"%s\": %s: %s", c->action.name, kind_name(err.kind), err.msg);
    break;
  }
  case SCRIPT_CMD_ASSERT_RETURN: do_assert_return(r, c); break;
  case SCRIPT_CMD_ASSERT_TRAP:
    if (c->target == SCRIPT_TARGET_ACTION) expect_action_error(r, c, RC_ERR_TRAP);
    else expect_instantiation_error(r, c, RC_ERR_TRAP);
    break;
  case SCRIPT_CMD_ASSERT_EXHAUSTION: expect_action_error(r, c, RC_ERR_EXHAUSTION); break;
  case SCRIPT_CMD_ASSERT_EXCEPTION: expect_action_error(r, c, RC_ERR_EXCEPTION); break;
  case SCRIPT_CMD_ASSERT_INVALID: expect_load_error(r, c, RC_ERR_INVALID); break;
  case SCRIPT_CMD_ASSERT_MALFORMED: expect_load_error(r, c, RC_ERR_MALFORMED); break;
  case SCRIPT_CMD_ASSERT_UNLINKABLE: expect_instantiation_error(r, c, RC_ERR_LINK); break;
  case SCRIPT_CMD_ASSERT_UNINSTANTIABLE: expect_instantiation_error(r, c, RC_ERR_TRAP); break;
  }
}

/* The script, NUL-terminated; NULL (errno set) if it cannot be read. */
static char *read_file(const char *path, size_t *len) {
  uint8_t *bytes = read_whole_file(path, len);
  if (!bytes) return NULL;
  char *text = rc_malloc(*len + 1);
  memcpy(text, bytes, *len);
  text[*len] = 0;
  free(bytes);
  return text;
}

/* Run one script file; adds to *passed / *failed. */
static void run_file(const char *path, const struct rc_config *cfg, bool verbose, unsigned *passed,
                     unsigned *failed) {
  size_t len;
  char *src = read_file(path, &len);
  if (!src) {
    fprintf(stderr, "%s: cannot read file: %s\n", path, strerror(errno));
    (*failed)++;
    return;
  }
  if (is_binary_module((const uint8_t *)src, len)) {
    fprintf(stderr, "%s:1:1: a binary module (it starts with a NUL byte), not a WAST script\n", path);
    free(src);
    (*failed)++;
    return;
  }
  struct script sc;
  struct rc_error err;
  rc_error_clear(&err);
  if (!script_parse(src, len, path, &sc, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    free(src);
    (*failed)++;
    return;
  }
  free(src);
  struct runner r = {0};
  r.file = path;
  r.verbose = verbose;
  r.engine = engine_new();
  r.engine->config = *cfg;
  r.store = store_new(r.engine);
  store_add_roots(r.store, boxes_roots, &r);
  r.linker = linker_new();
  r.spectest = spectest_new(r.store, verbose ? stdout : NULL);
  linker_define_host(r.linker, "spectest", 8, spectest_resolve, r.spectest);
  r.cur_mod_idx = SIZE_MAX;
  for (size_t i = 0; i < sc.ncmds; i++) run_cmd(&r, &sc.cmds[i]);
  if (verbose || r.failed)
    fprintf(stderr, "%s: %u passed, %u failed\n", path, r.passed, r.failed);
  *passed += r.passed;
  *failed += r.failed;
  store_free(r.store);
  spectest_free(r.spectest);
  linker_free(r.linker);
  free_modules(&r);
  rc_vec_free(r.boxes);
  engine_free(r.engine);
  script_free(&sc);
}

static void wast_usage(FILE *out) {
  fprintf(out,
          "usage: reclaim wast [--gc-stress] [-v] FILE...\n"
          "  Runs WAST spec scripts, in either form: text (modules as WAT or\n"
          "  `module quote`) or bin/ (modules as bytes). Every command counts as\n"
          "  one check: modules, instances, registrations and bare actions pass\n"
          "  when they succeed, assertions when the expected outcome happens\n"
          "  (judged by error kind).\n"
          "  Failures go to stderr as file:line: command: expected ... got ...\n"
          "  --gc-stress  collect at every GC allocation\n"
          "  -v           report every command, and let spectest print\n"
          "Exit status: 0 if every check passed, 1 if any failed, 2 on bad usage.\n");
}

int cmd_wast(int argc, char **argv) {
  struct rc_config cfg;
  rc_config_default(&cfg);
  bool verbose = false;
  int nfiles = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--gc-stress") == 0) cfg.gc_stress = true;
    else if (strcmp(argv[i], "-v") == 0) verbose = true;
    else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return wast_usage(stdout), 0;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "reclaim wast: unknown option %s\n", argv[i]);
      wast_usage(stderr);
      return 2;
    } else nfiles++;
  }
  if (!nfiles) {
    wast_usage(stderr);
    return 2;
  }
  unsigned passed = 0, failed = 0;
  for (int i = 0; i < argc; i++)
    if (argv[i][0] != '-' || !argv[i][1]) run_file(argv[i], &cfg, verbose, &passed, &failed);
  printf("%u passed, %u failed\n", passed, failed);
  return failed ? 1 : 0;
}
