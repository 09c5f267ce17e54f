/* Round trip through the decoder: for every module of every text/ spec script,
 * the bytes wat_to_wasm produces and the bytes of the same module in the bin/
 * twin (made by the reference encoder) must decode to the same module
 * structure: types, imports, index spaces, exports, segments, the name
 * section, and every constant expression and function body compared
 * instruction by instruction with their immediates. Byte offsets are ignored
 * (the reference encoder pads section and body sizes to 5-byte LEBs).
 * Modules that fail to decode (assert_malformed with `binary`) must fail with
 * the same message on both sides. assert_malformed quote modules have no twin
 * (the bin/ form drops them) and are not compared.
 *
 * Expected difference: the 2 modules of legacy/exceptions/core/try_catch.wast
 * and try_delegate.wast that declare a table with inline elements,
 * `(table funcref (elem $f))`. Their bin/ form was made by an older reference
 * interpreter (the exception-handling proposal's, 2023), which wrote that
 * segment in the function-index form (elem flags 0: a vector of funcidx);
 * today's encoder, and wat_to_wasm, write it in the expression form (flags 4:
 * a vector of `ref.func $f` expressions). The decoded segments differ in form
 * and in type ((ref func) for flags 0, funcref for flags 4), but hold the same
 * functions, so such a difference is accepted only under legacy/, and only
 * when the modules are equal once a `ref.func N` expression is taken for
 * function index N. Any other difference fails the test. */
#include <stdarg.h>

#include "spec_files.h"
#include "test.h"
#include "binary/instr.h"
#include "binary/module.h"
#include "text/script.h"
#include "text/wat.h"

/* ---- structural comparison ---- */

struct cmp {
  const struct module *a, *b;
  bool loose_elems; /* treat `ref.func N` element expressions as funcidx N */
  char why[256];    /* the first difference found */
};

static bool differ(struct cmp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool differ(struct cmp *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->why, sizeof c->why, fmt, ap);
  va_end(ap);
  return false;
}

static bool same_name(const struct name *x, const struct name *y) {
  return x->len == y->len && (x->len == 0 || memcmp(x->data, y->data, x->len) == 0);
}
static bool same_limits(const struct limits *x, const struct limits *y) {
  return x->min == y->min && x->has_max == y->has_max && (!x->has_max || x->max == y->max) &&
         x->is64 == y->is64 && x->shared == y->shared;
}
static bool same_blocktype(const struct blocktype *x, const struct blocktype *y) {
  return x->kind == y->kind && (x->kind != BT_VAL || x->val == y->val) && (x->kind != BT_TYPE || x->type == y->type);
}

/* Immediates of two instructions with the same opcode. */
static bool same_imm(const struct instr *x, const struct instr *y) {
  switch (op_imm_kind(x->op)) {
  case IMM_NONE: return true;
  case IMM_BLOCK: return same_blocktype(&x->block, &y->block);
  case IMM_LABEL: case IMM_FUNC: case IMM_TYPE: case IMM_LOCAL: case IMM_GLOBAL: case IMM_TABLE:
  case IMM_TAG: case IMM_MEM: case IMM_DATA: case IMM_ELEM:
    return x->idx == y->idx;
  case IMM_CALL_INDIRECT: case IMM_TYPE_FIELD: case IMM_TYPE_TYPE: case IMM_TYPE_U32: case IMM_TYPE_DATA:
  case IMM_TYPE_ELEM: case IMM_MEM_INIT: case IMM_MEM_COPY: case IMM_TABLE_INIT: case IMM_TABLE_COPY:
    return x->idx2.a == y->idx2.a && x->idx2.b == y->idx2.b;
  case IMM_BR_TABLE:
    return x->br_table.count == y->br_table.count && x->br_table.deflt == y->br_table.deflt &&
           (x->br_table.count == 0 ||
            memcmp(x->br_table.labels, y->br_table.labels, x->br_table.count * sizeof(uint32_t)) == 0);
  case IMM_MEMARG: case IMM_MEMARG_LANE: /* lane is set only for the lane forms */
    return x->mem.align == y->mem.align && x->mem.mem == y->mem.mem && x->mem.offset == y->mem.offset &&
           (op_imm_kind(x->op) != IMM_MEMARG_LANE || x->mem.lane == y->mem.lane);
  case IMM_I32: return x->i32 == y->i32;
  case IMM_I64: return x->i64 == y->i64;
  case IMM_F32: return x->f32 == y->f32;
  case IMM_F64: return x->f64 == y->f64;
  case IMM_V128: case IMM_SHUFFLE: return memcmp(x->v128, y->v128, 16) == 0;
  case IMM_LANE: return x->lane == y->lane;
  case IMM_SELECT_T:
    return x->select.count == y->select.count &&
           (x->select.count == 0 || memcmp(x->select.types, y->select.types, x->select.count * sizeof(valtype)) == 0);
  case IMM_HEAPTYPE: case IMM_REFTEST: return x->ht == y->ht;
  case IMM_BR_ON_CAST:
    return x->br_on_cast.flags == y->br_on_cast.flags && x->br_on_cast.label == y->br_on_cast.label &&
           x->br_on_cast.ht1 == y->br_on_cast.ht1 && x->br_on_cast.ht2 == y->br_on_cast.ht2;
  case IMM_TRY_TABLE:
    if (!same_blocktype(&x->try_table.block, &y->try_table.block) || x->try_table.ncatches != y->try_table.ncatches)
      return false;
    for (uint32_t i = 0; i < x->try_table.ncatches; i++) {
      const struct catch_clause *p = &x->try_table.catches[i], *q = &y->try_table.catches[i];
      if (p->kind != q->kind || p->label != q->label || ((p->kind == CATCH || p->kind == CATCH_REF) && p->tag != q->tag))
        return false;
    }
    return true;
  }
  return false;
}

/* Two instruction sequences (byte ranges in a's and b's bytes). */
static bool same_code(struct cmp *c, const char *what, uint32_t sa, uint32_t ea, uint32_t sb, uint32_t eb) {
  struct instr_reader ra, rb;
  instr_reader_init(&ra, c->a->bytes, sa, ea);
  instr_reader_init(&rb, c->b->bytes, sb, eb);
  bool ok = true;
  struct rc_error err;
  for (uint32_t n = 0; ok; n++) {
    bool da = rd_eof(&ra.r), db = rd_eof(&rb.r);
    if (da || db) {
      if (da != db) ok = differ(c, "%s: one sequence is longer (instruction %u)", what, n);
      break;
    }
    struct instr x, y;
    if (!instr_next(&ra, &x, &err) || !instr_next(&rb, &y, &err)) {
      ok = differ(c, "%s: instruction %u does not decode: %s", what, n, err.msg);
    } else if (x.op != y.op) {
      ok = differ(c, "%s: instruction %u is %s vs %s", what, n, op_name(x.op), op_name(y.op));
    } else if (!same_imm(&x, &y)) {
      ok = differ(c, "%s: instruction %u (%s) immediates differ", what, n, op_name(x.op));
    }
  }
  instr_reader_free(&ra);
  instr_reader_free(&rb);
  return ok;
}
static bool same_expr(struct cmp *c, const char *what, const struct expr *x, const struct expr *y) {
  return same_code(c, what, x->start, x->end, y->start, y->end);
}

/* The function index of an element expression that is just `ref.func N`. */
static bool expr_func(const struct module *m, const struct expr *e, uint32_t *out) {
  struct instr_reader r;
  instr_reader_init(&r, m->bytes, e->start, e->end);
  struct instr in, end;
  struct rc_error err;
  bool ok = instr_next(&r, &in, &err) && in.op == OP_ref_func && instr_next(&r, &end, &err) && end.op == OP_end &&
            rd_eof(&r.r);
  if (ok) *out = in.idx;
  instr_reader_free(&r);
  return ok;
}
/* Element i of a segment as a function index, if it is one. */
static bool elem_func(const struct module *m, const struct elem *e, uint32_t i, uint32_t *out) {
  if (e->funcs) return *out = e->funcs[i], true;
  return expr_func(m, &e->exprs[i], out);
}

static bool same_comptype(const struct comptype *x, const struct comptype *y) {
  if (x->kind != y->kind) return false;
  switch (x->kind) {
  case COMP_FUNC:
    return x->func.nparams == y->func.nparams && x->func.nresults == y->func.nresults &&
           (x->func.nparams + x->func.nresults == 0 ||
            memcmp(x->func.params, y->func.params, (x->func.nparams + x->func.nresults) * sizeof(valtype)) == 0);
  case COMP_STRUCT:
    if (x->st.nfields != y->st.nfields) return false;
    for (uint32_t i = 0; i < x->st.nfields; i++)
      if (x->st.fields[i].type != y->st.fields[i].type || x->st.fields[i].mut != y->st.fields[i].mut) return false;
    return true;
  case COMP_ARRAY: return x->array.type == y->array.type && x->array.mut == y->array.mut;
  }
  return false;
}

#define SAME_COUNT(field)                                                                                   \
  if (a->field != b->field) return differ(c, #field " %llu vs %llu", (unsigned long long)a->field,          \
                                          (unsigned long long)b->field)

static bool same_module(struct cmp *c) {
  const struct module *a = c->a, *b = c->b;
  char what[96];
  SAME_COUNT(ntypes);
  for (uint32_t i = 0; i < a->ntypes; i++) {
    const struct subtype *x = &a->types[i], *y = &b->types[i];
    if (!same_comptype(&x->comp, &y->comp) || x->final != y->final || x->super != y->super ||
        x->nsupers != y->nsupers || x->rec_start != y->rec_start || x->rec_len != y->rec_len)
      return differ(c, "type %u", i);
  }
  SAME_COUNT(nimports);
  for (uint32_t i = 0; i < a->nimports; i++) {
    const struct import *x = &a->imports[i], *y = &b->imports[i];
    bool ok = same_name(&x->module, &y->module) && same_name(&x->field, &y->field) && x->kind == y->kind;
    if (ok) switch (x->kind) {
      case EXT_FUNC: ok = x->func_type == y->func_type; break;
      case EXT_TABLE: ok = x->table.elem == y->table.elem && same_limits(&x->table.lim, &y->table.lim); break;
      case EXT_MEMORY: ok = same_limits(&x->mem, &y->mem); break;
      case EXT_GLOBAL: ok = x->global.type == y->global.type && x->global.mut == y->global.mut; break;
      case EXT_TAG: ok = x->tag_type == y->tag_type; break;
      }
    if (!ok) return differ(c, "import %u", i);
  }
  SAME_COUNT(nfuncs);
  SAME_COUNT(nimported_funcs);
  if (a->nfuncs && memcmp(a->func_types, b->func_types, a->nfuncs * sizeof(uint32_t)) != 0)
    return differ(c, "function types");
  SAME_COUNT(ntables);
  SAME_COUNT(nimported_tables);
  for (uint32_t i = 0; i < a->ntables; i++) {
    const struct table *x = &a->tables[i], *y = &b->tables[i];
    if (x->type.elem != y->type.elem || !same_limits(&x->type.lim, &y->type.lim) || x->has_init != y->has_init)
      return differ(c, "table %u", i);
    snprintf(what, sizeof what, "table %u init", i);
    if (x->has_init && !same_expr(c, what, &x->init, &y->init)) return false;
  }
  SAME_COUNT(nmems);
  SAME_COUNT(nimported_mems);
  for (uint32_t i = 0; i < a->nmems; i++)
    if (!same_limits(&a->mems[i], &b->mems[i])) return differ(c, "memory %u", i);
  SAME_COUNT(nglobals);
  SAME_COUNT(nimported_globals);
  for (uint32_t i = 0; i < a->nglobals; i++) {
    const struct global *x = &a->globals[i], *y = &b->globals[i];
    if (x->type.type != y->type.type || x->type.mut != y->type.mut) return differ(c, "global %u type", i);
    snprintf(what, sizeof what, "global %u init", i);
    if (i >= a->nimported_globals && !same_expr(c, what, &x->init, &y->init)) return false;
  }
  SAME_COUNT(ntags);
  SAME_COUNT(nimported_tags);
  if (a->ntags && memcmp(a->tags, b->tags, a->ntags * sizeof(uint32_t)) != 0) return differ(c, "tag types");
  SAME_COUNT(nexports);
  for (uint32_t i = 0; i < a->nexports; i++) {
    const struct export *x = &a->exports[i], *y = &b->exports[i];
    if (!same_name(&x->name, &y->name) || x->kind != y->kind || x->index != y->index)
      return differ(c, "export %u (\"%s\")", i, x->name.data);
  }
  SAME_COUNT(start);
  SAME_COUNT(nelems);
  for (uint32_t i = 0; i < a->nelems; i++) {
    const struct elem *x = &a->elems[i], *y = &b->elems[i];
    /* The funcidx forms decode to type (ref func), the expression forms to
     * what they declare (funcref for the inline-element form). */
    bool mixed = !x->funcs != !y->funcs;
    bool same_type = x->type == y->type || (c->loose_elems && mixed && VT_HEAP(x->type) == HT_FUNC &&
                                            VT_HEAP(y->type) == HT_FUNC);
    if (x->mode != y->mode || !same_type || x->count != y->count ||
        (x->mode == SEG_ACTIVE && x->table != y->table))
      return differ(c, "elem %u", i);
    snprintf(what, sizeof what, "elem %u offset", i);
    if (x->mode == SEG_ACTIVE && !same_expr(c, what, &x->offset, &y->offset)) return false;
    if (mixed) {
      /* One lists function indices, the other expressions. */
      if (!c->loose_elems) return differ(c, "elem %u: function indices vs expressions", i);
      for (uint32_t k = 0; k < x->count; k++) {
        uint32_t fx, fy;
        if (!elem_func(a, x, k, &fx) || !elem_func(b, y, k, &fy) || fx != fy)
          return differ(c, "elem %u item %u", i, k);
      }
    } else if (x->funcs) {
      if (x->count && memcmp(x->funcs, y->funcs, x->count * sizeof(uint32_t)) != 0)
        return differ(c, "elem %u functions", i);
    } else {
      for (uint32_t k = 0; k < x->count; k++) {
        snprintf(what, sizeof what, "elem %u item %u", i, k);
        if (!same_expr(c, what, &x->exprs[k], &y->exprs[k])) return false;
      }
    }
  }
  SAME_COUNT(ndatas);
  for (uint32_t i = 0; i < a->ndatas; i++) {
    const struct data *x = &a->datas[i], *y = &b->datas[i];
    if (x->mode != y->mode || x->len != y->len || (x->mode == SEG_ACTIVE && x->mem != y->mem) ||
        (x->len && memcmp(a->bytes + x->start, b->bytes + y->start, x->len) != 0))
      return differ(c, "data %u", i);
    snprintf(what, sizeof what, "data %u offset", i);
    if (x->mode == SEG_ACTIVE && !same_expr(c, what, &x->offset, &y->offset)) return false;
  }
  SAME_COUNT(has_data_count);
  if (a->has_data_count) SAME_COUNT(data_count);
  SAME_COUNT(nbodies);
  for (uint32_t i = 0; i < a->nbodies; i++) {
    const struct func_body *x = &a->bodies[i], *y = &b->bodies[i];
    if (x->nlocals != y->nlocals || x->nlocal_decls != y->nlocal_decls) return differ(c, "body %u locals", i);
    for (uint32_t k = 0; k < x->nlocal_decls; k++)
      if (x->local_decls[k].count != y->local_decls[k].count || x->local_decls[k].type != y->local_decls[k].type)
        return differ(c, "body %u locals", i);
    snprintf(what, sizeof what, "body %u (func %u)", i, a->nimported_funcs + i);
    if (!same_code(c, what, x->code_start, x->end, y->code_start, y->end)) return false;
  }
  if (!same_name(&a->module_name, &b->module_name)) return differ(c, "module name");
  SAME_COUNT(nfunc_names);
  for (uint32_t i = 0; i < a->nfunc_names; i++)
    if (a->func_names[i].index != b->func_names[i].index || !same_name(&a->func_names[i].name, &b->func_names[i].name))
      return differ(c, "function name %u", i);
  return true;
}

/* ---- the spec scripts ---- */

struct mod { const uint8_t *bytes; size_t len; uint32_t line; bool owned; bool failed; };
struct mods { struct mod *m; size_t n, cap; };
static void mods_push(struct mods *l, struct mod m) {
  if (l->n == l->cap) { l->cap = l->cap * 2 + 16; l->m = realloc(l->m, l->cap * sizeof *l->m); }
  l->m[l->n++] = m;
}
static void mods_free(struct mods *l) {
  for (size_t i = 0; i < l->n; i++)
    if (l->m[i].owned) free((void *)l->m[i].bytes);
  free(l->m);
}

/* The modules of a script that both forms carry, in order. */
static bool collect(const char *path, struct mods *out) {
  size_t len;
  char *src = read_file(path, &len);
  if (!src) return false;
  struct script s;
  struct rc_error err;
  if (!script_parse(src, len, path, &s, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    free(src);
    return false;
  }
  for (size_t i = 0; i < s.ncmds; i++) {
    const struct script_cmd *c = &s.cmds[i];
    if (!cmd_has_module(c)) continue;
    /* Text-only assertions: the bin/ form drops them. */
    if (c->kind == SCRIPT_CMD_ASSERT_MALFORMED && c->module.form != SCRIPT_MOD_BINARY) continue;
    struct mod m = {NULL, 0, c->line, false, false};
    const uint8_t *b;
    if (script_module_binary(&c->module, path, &b, &m.len, &m.owned, &err)) {
      if (m.owned) m.bytes = b;
      else {
        /* Copy: the script is freed before the comparison. */
        uint8_t *copy = malloc(m.len ? m.len : 1);
        memcpy(copy, b, m.len);
        m.bytes = copy;
        m.owned = true;
      }
    } else {
      m.failed = true;
      fprintf(stderr, "%s:%u: does not encode: %s\n", path, c->line, err.msg);
    }
    mods_push(out, m);
  }
  script_free(&s);
  free(src);
  return true;
}

static size_t n_files, n_pairs, n_same, n_same_malformed, n_legacy_elem, n_diff;

static void diff(const char *text_path, uint32_t tline, uint32_t bline, const char *why) {
  n_diff++;
  printf("DIFF %s:%u (bin line %u): %s\n", text_path, tline, bline, why);
}

static void check_pair(const char *text_path, const struct mod *t, const struct mod *b) {
  n_pairs++;
  if (t->failed || b->failed) return diff(text_path, t->line, b->line, "no bytes");
  struct rc_error ea, eb;
  rc_error_clear(&ea);
  rc_error_clear(&eb);
  struct module *ma = module_decode(t->bytes, t->len, &ea);
  struct module *mb = module_decode(b->bytes, b->len, &eb);
  if (!ma || !mb) {
    if (!ma && !mb && strcmp(ea.msg, eb.msg) == 0) n_same_malformed++;
    else {
      char why[sizeof ea.msg * 2 + 32];
      snprintf(why, sizeof why, "decode: \"%s\" vs \"%s\"", ma ? "ok" : ea.msg, mb ? "ok" : eb.msg);
      diff(text_path, t->line, b->line, why);
    }
  } else {
    struct cmp c = {.a = ma, .b = mb};
    if (same_module(&c)) n_same++;
    else {
      struct cmp loose = {.a = ma, .b = mb, .loose_elems = true};
      /* The one expected difference; see the comment at the top. */
      if (strstr(text_path, "/legacy/") && same_module(&loose)) {
        n_legacy_elem++;
        printf("expected difference %s:%u (bin line %u): %s (older encoder's inline-element form)\n", text_path,
               t->line, b->line, c.why);
      } else diff(text_path, t->line, b->line, c.why);
    }
  }
  module_free(ma);
  module_free(mb);
}

static void check_file(const char *text_path, const char *bin_path) {
  struct mods tm = {0}, bm = {0};
  if (!collect(text_path, &tm) || !collect(bin_path, &bm)) {
    diff(text_path, 0, 0, "script does not parse or its bin/ twin is missing");
  } else if (tm.n != bm.n) {
    char why[96];
    snprintf(why, sizeof why, "%zu modules vs %zu in the bin/ twin", tm.n, bm.n);
    diff(text_path, 0, 0, why);
  } else {
    n_files++;
    for (size_t i = 0; i < tm.n; i++) check_pair(text_path, &tm.m[i], &bm.m[i]);
  }
  mods_free(&tm);
  mods_free(&bm);
}

/* The comparison itself notices a difference in an immediate, a type, an
 * export and an element form (and accepts the latter only when loose). */
static bool same_wat(const char *x, const char *y, bool loose) {
  uint8_t *bx = NULL, *by = NULL;
  size_t lx = 0, ly = 0;
  struct rc_error err;
  bool ok = wat_to_wasm(x, strlen(x), "x.wat", &bx, &lx, &err) && wat_to_wasm(y, strlen(y), "y.wat", &by, &ly, &err);
  CHECK(ok);
  struct module *mx = ok ? module_decode(bx, lx, &err) : NULL, *my = ok ? module_decode(by, ly, &err) : NULL;
  CHECK(mx && my);
  struct cmp c = {.a = mx, .b = my, .loose_elems = loose};
  bool same = mx && my && same_module(&c);
  module_free(mx);
  module_free(my);
  free(bx);
  free(by);
  return same;
}

static void test_self(void) {
  const char *f1 = "(module (func (export \"f\") (result i32) i32.const 1))";
  CHECK(same_wat(f1, f1, false));
  CHECK(!same_wat(f1, "(module (func (export \"f\") (result i32) i32.const 2))", false));
  CHECK(!same_wat(f1, "(module (func (export \"g\") (result i32) i32.const 1))", false));
  CHECK(!same_wat(f1, "(module (func (export \"f\") (result i64) i64.const 1))", false));
  CHECK(!same_wat("(module (memory 1) (func (drop (i32.load offset=4 (i32.const 0)))))",
                  "(module (memory 1) (func (drop (i32.load offset=8 (i32.const 0)))))", false));
  const char *e_idx = "(module (table 1 funcref) (func $f) (elem (i32.const 0) func $f))";
  const char *e_expr = "(module (table 1 funcref) (func $f) (elem (i32.const 0) funcref (ref.func $f)))";
  CHECK(!same_wat(e_idx, e_expr, false));
  CHECK(same_wat(e_idx, e_expr, true));
}

int main(void) {
  test_self();
  char dir[4096];
  struct file_list fl = {0};
  spec_files("text", ".wast", dir, &fl);
  if (fl.n == 0) {
    printf("spec suite not found, skipped (%s)\n", dir);
    return TEST_DONE();
  }
  for (size_t i = 0; i < fl.n; i++) {
    char bin[4096];
    bin_twin(dir, fl.names[i], bin);
    check_file(fl.names[i], bin);
    free(fl.names[i]);
  }
  free(fl.names);
  printf("scripts compared: %zu\n", n_files);
  printf("modules: %zu; identical after decoding: %zu (+ %zu rejected by the decoder with the same message)\n",
         n_pairs, n_same, n_same_malformed);
  printf("expected differences (legacy inline-element form): %zu; other differences: %zu\n", n_legacy_elem, n_diff);
  CHECK(n_files > 0);
  CHECK_EQ_INT(n_diff, 0);
  CHECK_EQ_INT(n_legacy_elem, 2);
  CHECK_EQ_INT(n_same + n_same_malformed + n_legacy_elem, n_pairs);
  return TEST_DONE();
}
