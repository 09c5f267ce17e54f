/* WAST script parser: commands, actions, argument values, result patterns.
 * Modules in WAT are encoded here (through wat_encode_fields) so the runner
 * only ever sees bytes; quote modules are kept as text. */
#include "text/script.h"

#include <stdlib.h>

#include "text/lex.h"
#include "text/parse_util.h"
#include "text/wat.h"
#include "text/wat_internal.h"

#define TRY(x) do { if (!(x)) return false; } while (0)

static bool opt_id(struct cursor *c, char **out) {
  *out = NULL;
  if (!cur_at(c, TOK_ID)) return true;
  size_t len;
  return pu_id(c, out, &len);
}

/* WAT module fields at the cursor, encoded into m. A failure belongs to this
 * module alone: it is kept in m->text_err (the form says so) and the cursor's
 * own error is left as it was; the caller resynchronises. */
static bool encode_fields(struct cursor *c, struct script_module *m) {
  struct rc_error *outer = c->err;
  rc_error_clear(&m->text_err);
  c->err = &m->text_err;
  bool ok = wat_encode_fields(c, &m->bytes, &m->len);
  c->err = outer;
  if (ok) {
    m->form = SCRIPT_MOD_TEXT;
  } else {
    m->form = SCRIPT_MOD_TEXT_ERROR;
    free(m->bytes);
    m->bytes = NULL;
    m->len = 0;
  }
  return ok;
}

/* After "(module": definition? $id? (binary|quote|fields) ")". The caller
 * has checked it is not `module instance`. */
static bool module_body(struct cursor *c, struct script_module *m) {
  if (tok_is(cur_peek(c, 0), "definition")) { m->definition = true; cur_next(c); }
  TRY(opt_id(c, &m->id));
  if (tok_is(cur_peek(c, 0), "binary")) {
    cur_next(c);
    char *s;
    TRY(pu_strings(c, &s, &m->len));
    m->bytes = (uint8_t *)s;
    m->form = SCRIPT_MOD_BINARY;
  } else if (tok_is(cur_peek(c, 0), "quote")) {
    cur_next(c);
    TRY(pu_strings(c, &m->quote, &m->quote_len));
    m->form = SCRIPT_MOD_QUOTE;
  } else {
    /* WAT fields: encode now; on failure skip to the ')' closing this module. */
    size_t start = c->pos;
    if (!encode_fields(c, m)) {
      c->pos = start;
      while (!cur_at(c, TOK_RPAR) && !cur_at(c, TOK_EOF)) cur_skip_sexp(c);
    }
  }
  return cur_expect(c, TOK_RPAR);
}

static bool is_module_instance(struct cursor *c) {
  return cur_at_sexp(c, "module") && tok_is(cur_peek(c, 2), "instance");
}

/* "(module instance $i? $m?)": one name alone is the module. */
static bool module_instance(struct cursor *c, char **inst, char **mod) {
  cur_next(c); cur_next(c); cur_next(c);
  char *a = NULL, *b = NULL;
  TRY(opt_id(c, &a));
  if (!opt_id(c, &b)) { free(a); return false; }
  if (a && !b) { b = a; a = NULL; }
  *inst = a;
  *mod = b;
  return cur_expect(c, TOK_RPAR);
}

static bool module_sexp(struct cursor *c, struct script_module *m) {
  if (!cur_at_sexp(c, "module")) return cur_fail(c, "unexpected token");
  cur_next(c); cur_next(c);
  return module_body(c, m);
}

static bool heap_type(struct cursor *c, enum script_heap *h) {
  static const struct { const char *n; enum script_heap h; } hs[] = {
    {"func", SCRIPT_HEAP_FUNC}, {"extern", SCRIPT_HEAP_EXTERN}, {"any", SCRIPT_HEAP_ANY},
    {"eq", SCRIPT_HEAP_EQ}, {"i31", SCRIPT_HEAP_I31}, {"struct", SCRIPT_HEAP_STRUCT},
    {"array", SCRIPT_HEAP_ARRAY}, {"exn", SCRIPT_HEAP_EXN}, {"none", SCRIPT_HEAP_NONE},
    {"noextern", SCRIPT_HEAP_NOEXTERN}, {"nofunc", SCRIPT_HEAP_NOFUNC}, {"noexn", SCRIPT_HEAP_NOEXN},
  };
  const struct token *t = cur_peek(c, 0);
  if (t->kind == TOK_RPAR) { *h = SCRIPT_HEAP_NONE_GIVEN; return true; }
  if (t->kind == TOK_ID || pu_is_numtok(t)) { *h = SCRIPT_HEAP_INDEX; cur_next(c); return true; }
  for (size_t i = 0; i < RC_ARRAY_LEN(hs); i++)
    if (tok_is(t, hs[i].n)) { *h = hs[i].h; cur_next(c); return true; }
  return cur_fail(c, "unknown type");
}

static bool const_value(struct cursor *c, struct script_value *v) {
  memset(v, 0, sizeof *v);
  TRY(cur_expect(c, TOK_LPAR));
  const struct token *t = cur_peek(c, 0);
  cur_next(c);
  if (tok_is(t, "i32.const")) {
    uint64_t x;
    TRY(pu_int(c, 32, &x));
    v->kind = SCRIPT_VAL_I32;
    v->u.i32 = (uint32_t)x;
  } else if (tok_is(t, "i64.const")) {
    v->kind = SCRIPT_VAL_I64;
    TRY(pu_int(c, 64, &v->u.i64));
  } else if (tok_is(t, "f32.const")) {
    v->kind = SCRIPT_VAL_F32;
    TRY(pu_f32(c, &v->u.i32));
  } else if (tok_is(t, "f64.const")) {
    v->kind = SCRIPT_VAL_F64;
    TRY(pu_f64(c, &v->u.i64));
  } else if (tok_is(t, "v128.const")) {
    int shape;
    v->kind = SCRIPT_VAL_V128;
    TRY(pu_shape(c, &shape));
    TRY(pu_v128_lanes(c, shape, v->u.v128, NULL));
  } else if (tok_is(t, "ref.null")) {
    v->kind = SCRIPT_VAL_REF_NULL;
    TRY(heap_type(c, &v->heap));
  } else if (tok_is(t, "ref.extern") || tok_is(t, "ref.host")) {
    v->kind = tok_is(t, "ref.extern") ? SCRIPT_VAL_REF_EXTERN : SCRIPT_VAL_REF_HOST;
    TRY(pu_u32(c, &v->u.host));
  } else {
    return cur_fail_at(c, t, "unknown operator");
  }
  return cur_expect(c, TOK_RPAR);
}

static void pattern_free(struct script_pattern *p) {
  for (size_t i = 0; i < p->nalts; i++) pattern_free(&p->alts[i]);
  free(p->alts);
}

static bool float_pattern(struct cursor *c, struct script_pattern *p, bool f64) {
  const struct token *t = cur_peek(c, 0);
  if (tok_is(t, "nan:canonical")) { p->nan = SCRIPT_NAN_CANONICAL; cur_next(c); return true; }
  if (tok_is(t, "nan:arithmetic")) { p->nan = SCRIPT_NAN_ARITHMETIC; cur_next(c); return true; }
  if (f64) return pu_f64(c, &p->u.i64);
  return pu_f32(c, &p->u.i32);
}

static bool result_pattern(struct cursor *c, struct script_pattern *p, int depth) {
  static const struct { const char *n; enum script_pat_kind k; } refs[] = {
    {"ref.func", SCRIPT_PAT_REF_FUNC}, {"ref.struct", SCRIPT_PAT_REF_STRUCT},
    {"ref.array", SCRIPT_PAT_REF_ARRAY}, {"ref.i31", SCRIPT_PAT_REF_I31},
    {"ref.eq", SCRIPT_PAT_REF_EQ}, {"ref.exn", SCRIPT_PAT_REF_EXN}, {"ref", SCRIPT_PAT_REF_ANY},
    {"ref.any", SCRIPT_PAT_REF_ANY},
  };
  memset(p, 0, sizeof *p);
  if (depth > 16) return cur_fail(c, "nesting too deep");
  TRY(cur_expect(c, TOK_LPAR));
  const struct token *t = cur_peek(c, 0);
  cur_next(c);
  if (tok_is(t, "i32.const")) {
    uint64_t x;
    p->kind = SCRIPT_PAT_I32;
    TRY(pu_int(c, 32, &x));
    p->u.i32 = (uint32_t)x;
  } else if (tok_is(t, "i64.const")) {
    p->kind = SCRIPT_PAT_I64;
    TRY(pu_int(c, 64, &p->u.i64));
  } else if (tok_is(t, "f32.const")) {
    p->kind = SCRIPT_PAT_F32;
    TRY(float_pattern(c, p, false));
  } else if (tok_is(t, "f64.const")) {
    p->kind = SCRIPT_PAT_F64;
    TRY(float_pattern(c, p, true));
  } else if (tok_is(t, "v128.const")) {
    int shape;
    p->kind = SCRIPT_PAT_V128;
    TRY(pu_shape(c, &shape));
    p->shape = (enum script_shape)shape;
    TRY(pu_v128_lanes(c, shape, p->u.v128, p->lane_nan));
  } else if (tok_is(t, "ref.null")) {
    p->kind = SCRIPT_PAT_REF_NULL;
    TRY(heap_type(c, &p->heap));
  } else if (tok_is(t, "ref.extern")) {
    p->kind = SCRIPT_PAT_REF_EXTERN;
    if (!cur_at(c, TOK_RPAR)) {
      p->has_host = true;
      TRY(pu_u32(c, &p->u.host));
    }
  } else if (tok_is(t, "ref.host")) {
    p->kind = SCRIPT_PAT_REF_HOST;
    TRY(pu_u32(c, &p->u.host));
  } else if (tok_is(t, "either")) {
    p->kind = SCRIPT_PAT_EITHER;
    RC_VEC(struct script_pattern) alts = {0};
    while (cur_at(c, TOK_LPAR)) {
      struct script_pattern a;
      bool ok = result_pattern(c, &a, depth + 1);
      if (ok) rc_vec_push(alts, a);
      else pattern_free(&a);
      p->alts = alts.data;
      p->nalts = alts.len;
      if (!ok) return false;
    }
  } else {
    bool found = false;
    for (size_t i = 0; i < RC_ARRAY_LEN(refs); i++)
      if (tok_is(t, refs[i].n)) { p->kind = refs[i].k; found = true; }
    if (!found) return cur_fail_at(c, t, "unknown operator");
  }
  return cur_expect(c, TOK_RPAR);
}

static void action_free(struct script_action *a) {
  free(a->instance);
  free(a->name);
  free(a->args);
  memset(a, 0, sizeof *a);
}

static bool action(struct cursor *c, struct script_action *a) {
  memset(a, 0, sizeof *a);
  if (cur_at_sexp(c, "invoke")) a->kind = SCRIPT_INVOKE;
  else if (cur_at_sexp(c, "get")) a->kind = SCRIPT_GET;
  else return cur_fail(c, "unexpected token");
  cur_next(c); cur_next(c);
  TRY(opt_id(c, &a->instance));
  TRY(pu_name(c, &a->name, &a->name_len));
  if (a->kind == SCRIPT_INVOKE) {
    RC_VEC(struct script_value) args = {0};
    while (cur_at(c, TOK_LPAR)) {
      struct script_value v;
      if (!const_value(c, &v)) { a->args = args.data; return false; }
      rc_vec_push(args, v);
    }
    a->args = args.data;
    a->nargs = args.len;
  }
  return cur_expect(c, TOK_RPAR);
}

static bool is_action(struct cursor *c) { return cur_at_sexp(c, "invoke") || cur_at_sexp(c, "get"); }

static bool opt_message(struct cursor *c, char **msg) {
  if (!cur_at(c, TOK_STRING)) return true;
  size_t n;
  return pu_string(c, msg, &n);
}

/* action | (module instance ...) | (module ...) */
static bool target(struct cursor *c, struct script_cmd *cmd) {
  if (is_action(c)) { cmd->target = SCRIPT_TARGET_ACTION; return action(c, &cmd->action); }
  if (is_module_instance(c)) {
    cmd->target = SCRIPT_TARGET_INSTANCE;
    return module_instance(c, &cmd->inst_id, &cmd->mod_id);
  }
  cmd->target = SCRIPT_TARGET_MODULE;
  return module_sexp(c, &cmd->module);
}

static void module_free(struct script_module *m) {
  free(m->id);
  free(m->bytes);
  free(m->quote);
  memset(m, 0, sizeof *m);
}

static void cmd_free(struct script_cmd *cmd) {
  module_free(&cmd->module);
  free(cmd->inst_id);
  free(cmd->mod_id);
  free(cmd->reg_name);
  action_free(&cmd->action);
  for (size_t i = 0; i < cmd->nresults; i++) pattern_free(&cmd->results[i]);
  free(cmd->results);
  free(cmd->message);
}

static bool command(struct cursor *c, struct script_cmd *cmd) {
  memset(cmd, 0, sizeof *cmd);
  const struct token *open = cur_peek(c, 0);
  cmd->line = open->line;
  if (open->kind != TOK_LPAR) return cur_fail(c, "unexpected token");
  const struct token *kw = cur_peek(c, 1);
  if (tok_is(kw, "module")) {
    if (is_module_instance(c)) {
      cmd->kind = SCRIPT_CMD_INSTANCE;
      return module_instance(c, &cmd->inst_id, &cmd->mod_id);
    }
    cmd->kind = SCRIPT_CMD_MODULE;
    return module_sexp(c, &cmd->module);
  }
  if (is_action(c)) {
    cmd->kind = SCRIPT_CMD_ACTION;
    return action(c, &cmd->action);
  }
  cur_next(c); cur_next(c);
  if (tok_is(kw, "register")) {
    cmd->kind = SCRIPT_CMD_REGISTER;
    TRY(pu_name(c, &cmd->reg_name, &cmd->reg_name_len));
    TRY(opt_id(c, &cmd->inst_id));
  } else if (tok_is(kw, "assert_return")) {
    cmd->kind = SCRIPT_CMD_ASSERT_RETURN;
    TRY(action(c, &cmd->action));
    RC_VEC(struct script_pattern) rs = {0};
    while (cur_at(c, TOK_LPAR)) {
      rc_vec_reserve(rs, 1);
      bool ok = result_pattern(c, &rs.data[rs.len], 0);
      rs.len++;
      cmd->results = rs.data;
      cmd->nresults = rs.len;
      if (!ok) return false;
    }
  } else if (tok_is(kw, "assert_trap")) {
    cmd->kind = SCRIPT_CMD_ASSERT_TRAP;
    TRY(target(c, cmd));
    TRY(opt_message(c, &cmd->message));
  } else if (tok_is(kw, "assert_exhaustion")) {
    cmd->kind = SCRIPT_CMD_ASSERT_EXHAUSTION;
    TRY(action(c, &cmd->action));
    TRY(opt_message(c, &cmd->message));
  } else if (tok_is(kw, "assert_exception")) {
    cmd->kind = SCRIPT_CMD_ASSERT_EXCEPTION;
    TRY(action(c, &cmd->action));
  } else if (tok_is(kw, "assert_invalid") || tok_is(kw, "assert_malformed") ||
             tok_is(kw, "assert_invalid_custom") || tok_is(kw, "assert_malformed_custom")) {
    bool inv = tok_is(kw, "assert_invalid") || tok_is(kw, "assert_invalid_custom");
    cmd->kind = inv ? SCRIPT_CMD_ASSERT_INVALID : SCRIPT_CMD_ASSERT_MALFORMED;
    TRY(module_sexp(c, &cmd->module));
    TRY(opt_message(c, &cmd->message));
  } else if (tok_is(kw, "assert_unlinkable") || tok_is(kw, "assert_uninstantiable")) {
    cmd->kind = tok_is(kw, "assert_unlinkable") ? SCRIPT_CMD_ASSERT_UNLINKABLE
                                                : SCRIPT_CMD_ASSERT_UNINSTANTIABLE;
    TRY(target(c, cmd));
    TRY(opt_message(c, &cmd->message));
  } else {
    return cur_fail_at(c, kw, "unexpected token");
  }
  return cur_expect(c, TOK_RPAR);
}

bool script_parse(const char *src, size_t len, const char *filename, struct script *out,
                  struct rc_error *err) {
  struct rc_error local;
  if (!err) err = &local;
  rc_error_clear(err);
  out->cmds = NULL;
  out->ncmds = 0;
  struct lexed lx;
  if (!lex_all(src, len, filename, &lx, err)) return false;
  struct cursor c = {lx.toks, lx.n, 0, filename, err};
  RC_VEC(struct script_cmd) cmds = {0};
  bool ok = true;
  if (cur_at(&c, TOK_LPAR) && wat_is_field_kw(cur_peek(&c, 1))) {
    /* A bare list of module fields: one module definition. */
    struct script_cmd cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = SCRIPT_CMD_MODULE;
    cmd.line = cur_peek(&c, 0)->line;
    cmd.module.definition = true;
    if (!encode_fields(&c, &cmd.module))
      while (!cur_at(&c, TOK_EOF)) cur_next(&c);
    rc_vec_push(cmds, cmd);
  }
  while (ok && !cur_at(&c, TOK_EOF)) {
    struct script_cmd cmd;
    ok = command(&c, &cmd);
    if (ok) rc_vec_push(cmds, cmd);
    else cmd_free(&cmd);
  }
  lex_free(&lx);
  out->cmds = cmds.data;
  out->ncmds = cmds.len;
  if (!ok) script_free(out);
  return ok;
}

void script_free(struct script *s) {
  for (size_t i = 0; i < s->ncmds; i++) cmd_free(&s->cmds[i]);
  free(s->cmds);
  s->cmds = NULL;
  s->ncmds = 0;
}

bool script_module_binary(const struct script_module *m, const char *filename,
                          const uint8_t **bytes, size_t *len, bool *owned,
                          struct rc_error *err) {
  *owned = false;
  switch (m->form) {
  case SCRIPT_MOD_BINARY:
  case SCRIPT_MOD_TEXT:
    *bytes = m->bytes;
    *len = m->len;
    return true;
  case SCRIPT_MOD_QUOTE: {
    uint8_t *out;
    if (!wat_to_wasm(m->quote, m->quote_len, filename, &out, len, err)) return false;
    *bytes = out;
    *owned = true;
    return true;
  }
  case SCRIPT_MOD_TEXT_ERROR:
  default:
    if (err) *err = m->text_err;
    return false;
  }
}
