/* The code walker: the spec's validation algorithm (appendix "Validation
 * Algorithm") over one function body or constant expression, with an operand
 * stack, a control stack and local-initialisation tracking, plus the typing
 * of the control instructions. After each instruction is checked, its stack
 * effect is handed to the listener.
 *
 * Invariants:
 *  - vals.len >= ctrls.top.height while inside a frame; values below the top
 *    frame's height are never popped by instructions inside it.
 *  - In a frame marked unreachable, popping at its height yields VT_BOT (the
 *    polymorphic stack); VT_BOT never survives past the frame's end.
 *  - local_init[i] is 1 iff local i is defaultable, a param, or set on every
 *    path from its frame's entry; inits[] lists the locals set since the
 *    enclosing frames began, and popping a frame unsets its part. */
#include "valid/valid_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- errors ---- */

static bool vfail(struct vctx *v, enum rc_errkind kind, int64_t offset, const char *fmt, va_list ap) {
  if (!v->err) return false;
  char buf[sizeof v->err->msg];
  vsnprintf(buf, sizeof buf, fmt, ap);
  rc_fail(v->err, kind, offset, "%s", buf);
  v->err->func = v->func;
  return false;
}

void verr_impl(struct vctx *v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(v, RC_ERR_INVALID, v->in ? (int64_t)v->in->offset : RC_NO_OFFSET, fmt, ap);
  va_end(ap);
}

/* ---- types ---- */

bool vsub(struct vctx *v, valtype a, valtype b) {
  if (a == b || a == VT_BOT || b == VT_BOT) return true;
  if (VT_IS_REF(a) && VT_HEAP(a) == HT_BOT)
    return VT_IS_REF(b) && (VT_NULLABLE(b) || !VT_NULLABLE(a));
  if (VT_IS_REF(a) != VT_IS_REF(b)) return false;
  if (!VT_IS_REF(a)) return false; /* distinct number/vector types */
  return types_val_sub(v->ts, a, b);
}

bool vcanon_heap(struct vctx *v, heaptype ht, heaptype *out) {
  if (HT_IS_CONCRETE(ht) && ht >= v->m->ntypes) return verr(v, "unknown type %u", ht);
  *out = types_canon_heaptype(v->m, ht);
  return true;
}

bool vcanon(struct vctx *v, valtype t, valtype *out) {
  if (VT_IS_REF(t) && HT_IS_CONCRETE(VT_HEAP(t)) && VT_HEAP(t) >= v->m->ntypes)
    return verr(v, "unknown type %u", VT_HEAP(t));
  *out = types_canon_valtype(v->m, t);
  return true;
}

const struct typeinfo *vtype(struct vctx *v, uint32_t typeidx) {
  if (typeidx >= v->m->ntypes) {
    verr_impl(v, "unknown type %u", typeidx);
    return NULL;
  }
  return types_get(v->ts, v->m->types[typeidx].canon);
}

const struct functype *vfunctype(struct vctx *v, uint32_t typeidx) {
  const struct typeinfo *ti = vtype(v, typeidx);
  if (!ti) return NULL;
  if (ti->kind != TI_FUNC) {
    verr_impl(v, "non-function type %u", typeidx);
    return NULL;
  }
  return &ti->comp.func;
}

/* ---- operand stack ---- */

void push_val(struct vctx *v, valtype t) {
  rc_vec_push(v->vals, t);
  rc_vec_push(v->pushed, t);
}

void push_vals(struct vctx *v, const valtype *ts, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) push_val(v, ts[i]);
}

/* ---- type names for messages ---- */

/* A canonical id named by the first module type index with that id. */
static uint32_t module_type_index(void *ud, heaptype ht) {
  const struct module *m = ud;
  for (uint32_t i = 0; i < m->ntypes; i++)
    if (m->types[i].canon == ht) return i;
  return ht;
}

static void type_name(struct vctx *v, valtype t, char *buf, size_t n) {
  if (t == VT_BOT) snprintf(buf, n, "_");
  else if (VT_IS_REF(t) && VT_HEAP(t) == HT_BOT) snprintf(buf, n, "(ref bot)");
  else valtype_format(buf, n, t, module_type_index, v->m);
}

/* "t1 t2 ..." into buf, eliding the middle of long lists. */
static void type_list(struct vctx *v, const valtype *ts, size_t n, bool rev, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = 0;
  for (size_t i = 0; i < n; i++) {
    char one[48];
    if (n > 8 && i == 4) {
      snprintf(one, sizeof one, "...");
      i = n - 5; /* then the last four */
    } else {
      type_name(v, ts[rev ? n - 1 - i : i], one, sizeof one);
    }
    int w = snprintf(buf + len, size - len, "%s%s", len ? " " : "", one);
    if (w < 0 || (size_t)w >= size - len) break;
    len += (size_t)w;
  }
}

static bool mismatch(struct vctx *v, const char *what, valtype want, bool have_any, valtype have) {
  char w[48], h[48] = "";
  type_name(v, want, w, sizeof w);
  if (have_any) type_name(v, have, h, sizeof h);
  return verr(v, "type mismatch: %s requires [%s] but stack has [%s]", what, w, h);
}

bool pop_any(struct vctx *v, valtype *out) {
  struct ctrl *c = &v->ctrls.data[v->ctrls.len - 1];
  valtype t;
  if (v->vals.len == c->height) {
    if (!c->unreachable) return verr(v, "type mismatch: instruction requires a value but stack has []");
    t = VT_BOT;
  } else {
    t = v->vals.data[--v->vals.len];
  }
  rc_vec_push(v->popped, t);
  if (out) *out = t;
  return true;
}

bool pop_val(struct vctx *v, valtype expect, valtype *out) {
  const struct ctrl *c = &v->ctrls.data[v->ctrls.len - 1];
  if (v->vals.len == c->height && !c->unreachable) return mismatch(v, "instruction", expect, false, 0);
  valtype t;
  pop_any(v, &t);
  if (!vsub(v, t, expect)) return mismatch(v, "instruction", expect, true, t);
  /* Report the expected type for an operand of unknown type. */
  if (t == VT_BOT) v->popped.data[v->popped.len - 1] = expect;
  if (out) *out = t;
  return true;
}

bool pop_vals(struct vctx *v, const valtype *ts, uint32_t n) {
  for (uint32_t i = n; i-- > 0;)
    if (!pop_val(v, ts[i], NULL)) return false;
  return true;
}

bool pop_ref(struct vctx *v, valtype *out) {
  valtype t;
  if (!pop_any(v, &t)) return false;
  if (t == VT_BOT) t = VT_REF(HT_BOT, 0);
  else if (!VT_IS_REF(t)) return verr(v, "type mismatch");
  *out = t;
  return true;
}

void set_unreachable(struct vctx *v) {
  struct ctrl *c = &v->ctrls.data[v->ctrls.len - 1];
  v->vals.len = c->height;
  c->unreachable = true;
}

bool label_at(struct vctx *v, uint32_t depth, struct ctrl **out) {
  if (depth >= v->ctrls.len) return verr(v, "unknown label %u", depth);
  *out = &v->ctrls.data[v->ctrls.len - 1 - depth];
  return true;
}

/* ---- control stack ---- */

static void push_ctrl(struct vctx *v, uint32_t op, const struct ctrl *sig) {
  struct ctrl c = *sig;
  c.op = op;
  c.unreachable = false;
  c.height = (uint32_t)v->vals.len;
  c.init_height = (uint32_t)v->inits.len;
  rc_vec_push(v->ctrls, c);
  push_vals(v, c.params, c.nparams);
  v->bt = &v->ctrls.data[v->ctrls.len - 1];
}

static bool pop_ctrl(struct vctx *v, struct ctrl *out) {
  struct ctrl *c = &v->ctrls.data[v->ctrls.len - 1];
  if (!pop_vals(v, ctrl_results(c), c->nresults)) return false;
  if (v->vals.len != c->height) {
    /* As the reference interpreter words it: the results, and everything
     * that was on the block's stack (the leftovers, then what was popped). */
    char want[160], have[160];
    size_t nres = c->nresults;
    type_list(v, ctrl_results(c), nres, false, want, sizeof want);
    size_t nleft = v->vals.len - c->height;
    valtype *all = rc_malloc((nleft + nres + 1) * sizeof *all);
    memcpy(all, v->vals.data + c->height, nleft * sizeof *all);
    for (size_t i = 0; i < nres; i++) all[nleft + i] = v->popped.data[v->popped.len - 1 - i];
    type_list(v, all, nleft + nres, false, have, sizeof have);
    free(all);
    return verr(v, "type mismatch: block requires [%s] but stack has [%s]", want, have);
  }
  for (size_t i = c->init_height; i < v->inits.len; i++) v->local_init[v->inits.data[i]] = 0;
  v->inits.len = c->init_height;
  *out = *c;
  v->ctrls.len--;
  v->bt_copy = *out;
  v->bt = &v->bt_copy;
  return true;
}

static bool blocktype(struct vctx *v, const struct blocktype *bt, struct ctrl *c) {
  memset(c, 0, sizeof *c);
  switch (bt->kind) {
  case BT_EMPTY: return true;
  case BT_VAL:
    c->use_one = true;
    c->nresults = 1;
    return vcanon(v, bt->val, &c->one);
  case BT_TYPE: {
    const struct functype *ft = vfunctype(v, bt->type);
    if (!ft) return false;
    c->params = ft->params;
    c->nparams = ft->nparams;
    c->results = ft->results;
    c->nresults = ft->nresults;
    return true;
  }
  }
  return verr(v, "malformed block type");
}

static void report_label(struct vctx *v, const struct ctrl *c) {
  v->label_types = ctrl_label(c, &v->label_ntypes);
}

/* Do ts1 match ts2 element-wise (same length)? */
static bool match_types(struct vctx *v, const valtype *ts1, uint32_t n1, const valtype *ts2, uint32_t n2) {
  if (n1 != n2) return false;
  for (uint32_t i = 0; i < n1; i++)
    if (!vsub(v, ts1[i], ts2[i])) return false;
  return true;
}

static const struct functype *tag_sig(struct vctx *v, uint32_t tag) {
  if (tag >= v->ntags_vis) {
    verr_impl(v, "unknown tag %u", tag);
    return NULL;
  }
  return v->tag_sig[tag];
}

static bool func_sig(struct vctx *v, uint32_t f, const struct functype **out) {
  if (f >= v->nfuncs_vis) return verr(v, "unknown function %u", f);
  *out = v->func_sig[f];
  return true;
}

static bool table_addr(struct vctx *v, uint32_t t, valtype *addr) {
  if (t >= v->ntables_vis) return verr(v, "unknown table %u", t);
  *addr = v->m->tables[t].type.lim.is64 ? VT_I64 : VT_I32;
  return true;
}

static bool check_tail_results(struct vctx *v, const struct functype *ft) {
  if (!match_types(v, ft->results, ft->nresults, v->results, v->nresults))
    return verr(v, "type mismatch");
  return true;
}

static bool call_indirect_sig(struct vctx *v, const struct instr *in, const struct functype **ft) {
  valtype addr;
  if (!table_addr(v, in->idx2.b, &addr)) return false;
  if (!(*ft = vfunctype(v, in->idx2.a))) return false;
  if (!vsub(v, v->table_elem[in->idx2.b], VT_FUNCREF)) return verr(v, "type mismatch");
  return pop_val(v, addr, NULL) && pop_vals(v, (*ft)->params, (*ft)->nparams);
}

static bool check_catch(struct vctx *v, const struct catch_clause *cc) {
  struct ctrl *l;
  const valtype *ps = NULL;
  uint32_t np = 0;
  valtype buf[64];
  valtype *ts = buf;
  bool ok = true;
  if (cc->kind == CATCH || cc->kind == CATCH_REF) {
    const struct functype *ft = tag_sig(v, cc->tag);
    if (!ft) return false;
    ps = ft->params;
    np = ft->nparams;
  }
  if (!label_at(v, cc->label, &l)) return false;
  uint32_t n = np + (cc->kind == CATCH_REF || cc->kind == CATCH_ALL_REF);
  if (n > RC_ARRAY_LEN(buf)) ts = rc_malloc(n * sizeof *ts);
  if (np) memcpy(ts, ps, np * sizeof *ts);
  if (n > np) ts[np] = VT_REF(HT_EXN, 0);
  uint32_t nl;
  const valtype *lt = ctrl_label(l, &nl);
  if (!match_types(v, ts, n, lt, nl)) ok = verr(v, "type mismatch");
  rc_vec_push(v->catch_types, lt);
  rc_vec_push(v->catch_ntypes, nl);
  if (ts != buf) free(ts);
  return ok;
}

/* Do the top operands match lt, without popping them? */
static bool peek_match(struct vctx *v, const valtype *lt, uint32_t n) {
  const struct ctrl *c = &v->ctrls.data[v->ctrls.len - 1];
  size_t avail = v->vals.len - c->height;
  for (uint32_t k = 0; k < n; k++) {
    if (k >= avail) {
      if (!c->unreachable) return verr(v, "type mismatch");
      continue;
    }
    if (!vsub(v, v->vals.data[v->vals.len - 1 - k], lt[n - 1 - k])) return verr(v, "type mismatch");
  }
  return true;
}

/* An unconditional branch to l (br, br_table's default): l's label types
 * leave the stack and the rest of the block is unreachable. */
static bool branch_away(struct vctx *v, struct ctrl *l) {
  uint32_t n;
  const valtype *lt = ctrl_label(l, &n);
  if (!pop_vals(v, lt, n)) return false;
  report_label(v, l);
  set_unreachable(v);
  return true;
}

static bool br_table(struct vctx *v, const struct instr *in) {
  struct ctrl *l;
  if (!pop_val(v, VT_I32, NULL)) return false;
  if (!label_at(v, in->br_table.deflt, &l)) return false;
  uint32_t arity;
  ctrl_label(l, &arity);
  for (uint32_t i = 0; i < in->br_table.count; i++) {
    struct ctrl *li;
    if (!label_at(v, in->br_table.labels[i], &li)) return false;
    uint32_t n;
    const valtype *lt = ctrl_label(li, &n);
    if (n != arity) return verr(v, "type mismatch");
    if (!peek_match(v, lt, n)) return false;
  }
  return branch_away(v, l);
}

/* Control instructions (and the few stack-shape ones: drop, select). Sets
 * *handled when the opcode is one of them. */
bool valid_control(struct vctx *v, const struct instr *in, bool *handled) {
  struct ctrl sig, *l, closed;
  const struct functype *ft;
  valtype t, t1, t2;
  *handled = true;
  switch (in->op) {
  case OP_unreachable:
    set_unreachable(v);
    return true;
  case OP_nop:
    return true;
  case OP_block:
  case OP_loop:
  case OP_try:
    if (!blocktype(v, &in->block, &sig) || !pop_vals(v, sig.params, sig.nparams)) return false;
    push_ctrl(v, in->op, &sig);
    return true;
  case OP_if:
    if (!blocktype(v, &in->block, &sig)) return false;
    if (!pop_val(v, VT_I32, NULL) || !pop_vals(v, sig.params, sig.nparams)) return false;
    push_ctrl(v, OP_if, &sig);
    return true;
  case OP_else:
    if (v->ctrls.data[v->ctrls.len - 1].op != OP_if) return verr(v, "else without matching if");
    if (!pop_ctrl(v, &closed)) return false;
    push_ctrl(v, OP_else, &closed);
    v->bt_copy = closed;
    v->bt = &v->bt_copy;
    return true;
  case OP_end:
    if (!pop_ctrl(v, &closed)) return false;
    if (closed.op == OP_if &&
        !match_types(v, closed.params, closed.nparams, ctrl_results(&closed), closed.nresults))
      return verr(v, "type mismatch");
    push_vals(v, ctrl_results(&v->bt_copy), closed.nresults);
    return true;
  case OP_try_table:
    if (!blocktype(v, &in->try_table.block, &sig)) return false;
    /* The catch label types point into ctrls: no reallocation until reported. */
    rc_vec_reserve(v->ctrls, 1);
    v->catch_types.len = v->catch_ntypes.len = 0;
    for (uint32_t i = 0; i < in->try_table.ncatches; i++)
      if (!check_catch(v, &in->try_table.catches[i])) return false;
    if (!pop_vals(v, sig.params, sig.nparams)) return false;
    push_ctrl(v, OP_try_table, &sig);
    return true;
  case OP_catch:
  case OP_catch_all: {
    uint32_t top = v->ctrls.data[v->ctrls.len - 1].op;
    if (top != OP_try && top != OP_catch) return verr(v, "catch without matching try");
    ft = NULL;
    if (in->op == OP_catch && !(ft = tag_sig(v, in->idx))) return false;
    if (!pop_ctrl(v, &closed)) return false;
    sig = closed;
    sig.params = ft ? ft->params : NULL;
    sig.nparams = ft ? ft->nparams : 0;
    push_ctrl(v, in->op, &sig);
    v->bt_copy = closed;
    v->bt = &v->bt_copy;
    return true;
  }
  case OP_delegate:
    if (v->ctrls.data[v->ctrls.len - 1].op != OP_try) return verr(v, "delegate without matching try");
    if (!pop_ctrl(v, &closed)) return false;
    if (!label_at(v, in->idx, &l)) return false;
    report_label(v, l);
    push_vals(v, ctrl_results(&v->bt_copy), closed.nresults);
    return true;
  case OP_rethrow:
    if (!label_at(v, in->idx, &l)) return false;
    if (l->op != OP_catch && l->op != OP_catch_all) return verr(v, "invalid rethrow label");
    set_unreachable(v);
    return true;
  case OP_throw:
    if (!(ft = tag_sig(v, in->idx)) || !pop_vals(v, ft->params, ft->nparams)) return false;
    set_unreachable(v);
    return true;
  case OP_throw_ref:
    if (!pop_val(v, VT_EXNREF, NULL)) return false;
    set_unreachable(v);
    return true;
  case OP_br:
    return label_at(v, in->idx, &l) && branch_away(v, l);
  case OP_br_if: {
    if (!label_at(v, in->idx, &l)) return false;
    uint32_t n;
    const valtype *lt = ctrl_label(l, &n);
    if (!pop_val(v, VT_I32, NULL) || !pop_vals(v, lt, n)) return false;
    push_vals(v, lt, n);
    report_label(v, l);
    return true;
  }
  case OP_br_table:
    return br_table(v, in);
  case OP_br_on_null: {
    if (!label_at(v, in->idx, &l)) return false;
    uint32_t n;
    const valtype *lt = ctrl_label(l, &n);
    if (!pop_ref(v, &t) || !pop_vals(v, lt, n)) return false;
    push_vals(v, lt, n);
    push_val(v, VT_REF(VT_HEAP(t), 0));
    report_label(v, l);
    return true;
  }
  case OP_br_on_non_null: {
    if (!label_at(v, in->idx, &l)) return false;
    uint32_t n;
    const valtype *lt = ctrl_label(l, &n);
    if (n == 0 || !VT_IS_REF(lt[n - 1])) return verr(v, "type mismatch");
    if (!pop_val(v, VT_REF(VT_HEAP(lt[n - 1]), 1), NULL) || !pop_vals(v, lt, n - 1)) return false;
    push_vals(v, lt, n - 1);
    report_label(v, l);
    return true;
  }
  case OP_return:
    if (!pop_vals(v, v->results, v->nresults)) return false;
    report_label(v, &v->ctrls.data[0]);
    set_unreachable(v);
    return true;
  case OP_call:
    if (!func_sig(v, in->idx, &ft) || !pop_vals(v, ft->params, ft->nparams)) return false;
    push_vals(v, ft->results, ft->nresults);
    return true;
  case OP_return_call:
    if (!func_sig(v, in->idx, &ft) || !check_tail_results(v, ft) || !pop_vals(v, ft->params, ft->nparams))
      return false;
    set_unreachable(v);
    return true;
  case OP_call_indirect:
    if (!call_indirect_sig(v, in, &ft)) return false;
    push_vals(v, ft->results, ft->nresults);
    return true;
  case OP_return_call_indirect: {
    valtype addr;
    if (!table_addr(v, in->idx2.b, &addr) || !(ft = vfunctype(v, in->idx2.a))) return false;
    if (!vsub(v, v->table_elem[in->idx2.b], VT_FUNCREF)) return verr(v, "type mismatch");
    if (!check_tail_results(v, ft) || !call_indirect_sig(v, in, &ft)) return false;
    set_unreachable(v);
    return true;
  }
  case OP_call_ref:
  case OP_return_call_ref:
    if (!(ft = vfunctype(v, in->idx))) return false;
    if (in->op == OP_return_call_ref && !check_tail_results(v, ft)) return false;
    if (!pop_val(v, VT_REF(v->m->types[in->idx].canon, 1), NULL) || !pop_vals(v, ft->params, ft->nparams))
      return false;
    if (in->op == OP_call_ref) push_vals(v, ft->results, ft->nresults);
    else set_unreachable(v);
    return true;
  case OP_drop:
    return pop_any(v, NULL);
  case OP_select:
    if (!pop_val(v, VT_I32, NULL) || !pop_any(v, &t1) || !pop_any(v, &t2)) return false;
    if (!((is_num(t1) && is_num(t2)) || (is_vec(t1) && is_vec(t2)))) return verr(v, "type mismatch");
    if (t1 != t2 && t1 != VT_BOT && t2 != VT_BOT) return verr(v, "type mismatch");
    t = t1 == VT_BOT ? t2 : t1;
    /* Unknown operands are reported as the known one's type. */
    v->popped.data[v->popped.len - 1] = v->popped.data[v->popped.len - 2] = t;
    push_val(v, t);
    return true;
  case OP_select_t:
    if (in->select.count != 1) return verr(v, "invalid result arity");
    if (!vcanon(v, in->select.types[0], &t)) return false;
    if (!pop_val(v, VT_I32, NULL) || !pop_val(v, t, NULL) || !pop_val(v, t, NULL)) return false;
    push_val(v, t);
    return true;
  default:
    *handled = false;
    return true;
  }
}

/* ---- the walker ---- */

static void reverse(valtype *ts, size_t n) {
  for (size_t i = 0; i < n / 2; i++) {
    valtype t = ts[i];
    ts[i] = ts[n - 1 - i];
    ts[n - 1 - i] = t;
  }
}

static bool step(struct vctx *v, const struct instr *in) {
  v->in = in;
  v->popped.len = v->pushed.len = 0;
  v->bt = NULL;
  v->label_types = NULL;
  v->label_ntypes = 0;
  uint32_t height = (uint32_t)v->vals.len;
  bool reachable = !v->ctrls.data[v->ctrls.len - 1].unreachable;
  bool handled, ok;
  if (v->in_const && !const_instr_ok(v, in)) return false;
  if (!valid_control(v, in, &handled)) return false;
  if (!handled) {
    switch (in->op >> 16) {
    case 0xFB: ok = valid_gc(v, in); break;
    case 0xFD: ok = valid_simd(v, in); break;
    default: ok = valid_op(v, in); break;
    }
    if (!ok) return false;
  }
  if (v->lis && v->lis->instr) {
    reverse(v->popped.data, v->popped.len);
    struct val_instr vi = {
      .in = in,
      .reachable = reachable,
      .height = height,
      .pops = v->popped.data,
      .npops = (uint32_t)v->popped.len,
      .pushes = v->pushed.data,
      .npushes = (uint32_t)v->pushed.len,
      .label_types = v->label_types,
      .label_ntypes = v->label_ntypes,
    };
    if (in->op == OP_try_table) {
      vi.catch_label_types = v->catch_types.data;
      vi.catch_label_ntypes = v->catch_ntypes.data;
    }
    if (v->bt) {
      vi.bt_params = v->bt->params;
      vi.bt_nparams = v->bt->nparams;
      vi.bt_results = ctrl_results(v->bt);
      vi.bt_nresults = v->bt->nresults;
    }
    if (!v->lis->instr(v->lis->ud, &vi, v->err)) {
      if (v->err && v->err->func == RC_NO_FUNC) v->err->func = v->func;
      return false;
    }
  }
  return true;
}

/* Walk [start, end) as one code sequence with the given results. */
static bool walk(struct vctx *v, uint32_t start, uint32_t end, const valtype *results, uint32_t nresults) {
  struct instr_reader ir;
  struct instr in;
  bool ok = true;
  instr_reader_init(&ir, v->m->bytes, start, end);
  v->vals.len = v->ctrls.len = v->inits.len = 0;
  v->results = results;
  v->nresults = nresults;
  v->in = NULL;
  struct ctrl fn = {.op = OP_call, .results = results, .nresults = nresults};
  push_ctrl(v, OP_call, &fn);
  v->pushed.len = 0;
  while (v->ctrls.len > 0) {
    if (rd_eof(&ir.r)) {
      ok = rc_fail(v->err, RC_ERR_MALFORMED, (int64_t)end, "unexpected end of section or function");
      break;
    }
    if (!instr_next(&ir, &in, v->err)) {
      ok = false;
      break;
    }
    if (!step(v, &in)) {
      ok = false;
      break;
    }
  }
  if (ok && !rd_eof(&ir.r))
    ok = rc_fail(v->err, RC_ERR_MALFORMED, (int64_t)rd_offset(&ir.r), "section size mismatch");
  if (!ok && v->err && v->err->func == RC_NO_FUNC) v->err->func = v->func;
  instr_reader_free(&ir);
  v->in = NULL;
  return ok;
}

bool valid_body(struct vctx *v, uint32_t funcidx) {
  struct module *m = v->m;
  const struct func_body *b = &m->bodies[funcidx - m->nimported_funcs];
  const struct functype *ft = v->func_sig[funcidx];
  v->func = funcidx;
  v->in_const = false;
  v->in = NULL;
  if (b->nlocals + ft->nparams > VALID_MAX_LOCALS)
    return rc_fail(v->err, RC_ERR_MALFORMED, b->start, "too many locals");
  uint32_t n = ft->nparams + (uint32_t)b->nlocals;
  v->locals = rc_realloc(v->locals, (n ? n : 1) * sizeof *v->locals);
  v->local_init = rc_realloc(v->local_init, n ? n : 1);
  v->nlocals = n;
  memcpy(v->locals, ft->params, ft->nparams * sizeof *v->locals);
  memset(v->local_init, 1, ft->nparams);
  uint32_t k = ft->nparams;
  for (uint32_t i = 0; i < b->nlocal_decls; i++) {
    valtype t;
    if (!vcanon(v, b->local_decls[i].type, &t)) {
      v->err->offset = b->start;
      return false;
    }
    for (uint32_t j = 0; j < b->local_decls[i].count; j++) {
      v->local_init[k] = defaultable(t);
      v->locals[k++] = t;
    }
  }
  if (v->lis && v->lis->begin &&
      !v->lis->begin(v->lis->ud, CODE_FUNC, funcidx, 0, v->locals, n, ft->results, ft->nresults, v->err))
    return false;
  if (!walk(v, b->code_start, b->end, ft->results, ft->nresults)) return false;
  if (v->lis && v->lis->end && !v->lis->end(v->lis->ud, v->err)) return false;
  return true;
}

bool valid_const(struct vctx *v, struct expr e, valtype t, enum val_code_kind kind, uint32_t index,
                 uint32_t item) {
  v->func = RC_NO_FUNC;
  v->in_const = true;
  v->in = NULL;
  v->nlocals = 0;
  valtype res = t;
  if (!const_precheck(v, e)) return false;
  if (v->lis && v->lis->begin && !v->lis->begin(v->lis->ud, kind, index, item, NULL, 0, &res, 1, v->err))
    return false;
  if (!walk(v, e.start, e.end, &res, 1)) return false;
  if (v->lis && v->lis->end && !v->lis->end(v->lis->ud, v->err)) return false;
  return true;
}

void vctx_code_free(struct vctx *v) {
  free(v->locals);
  free(v->local_init);
  rc_vec_free(v->inits);
  rc_vec_free(v->vals);
  rc_vec_free(v->ctrls);
  rc_vec_free(v->popped);
  rc_vec_free(v->pushed);
  rc_vec_free(v->catch_types);
  rc_vec_free(v->catch_ntypes);
}
