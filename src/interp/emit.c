/* The code emitter: a val_listener that turns each validated instruction
 * into internal code (code.h) in the same pass. This file holds the shadow
 * stack, control flow (labels, branches, block results), calls and returns,
 * locals, and the code object's finalisation. emit_ops.c selects ops for
 * the rest.
 *
 * Control flow is resolved here: a branch moves the values it carries into
 * the target label's slots and jumps; forward jumps are chained through
 * their target cells and patched when the label is bound. An `if` with
 * params keeps its params where they are (below the `if`'s own values) and
 * both arms read them through SV_SLOT entries; the results, produced above
 * them, are moved down after the `end`. */
#include <stdlib.h>

#include "interp/emit.h"

/* ---- cells ---- */

uint32_t em_op(struct emitter *e, enum iop op, uint32_t ncells) {
  rc_vec_reserve(e->cells, ncells);
  uint32_t at = (uint32_t)e->cells.len;
  memset(&e->cells.data[at], 0, ncells * sizeof(union cell));
  e->cells.data[at].h = e->H[op];
  e->cells.len += ncells;
  return at;
}

void em_last(struct emitter *e, uint32_t start, uint32_t k, enum iop op, uint32_t a, uint32_t b) {
  e->last_start = start;
  e->last_end = (uint32_t)e->cells.len;
  e->last_height = (uint32_t)e->st.len;
  e->last_dst_cell = start + 1 + k / 2;
  e->last_dst_half = k % 2;
  e->last_iop = op;
  e->last_a = a;
  e->last_b = b;
}

/* A jump target cell: resolve to `target` (a cell index) at finalisation. */
static void set_target(struct emitter *e, uint32_t cell, uint32_t target) {
  e->cells.data[cell].u64 = target;
  rc_vec_push(e->relocs, cell);
}
/* Add cell to a label's chain of unresolved jumps. */
static void chain(struct emitter *e, uint32_t *head, uint32_t cell) {
  e->cells.data[cell].u64 = *head;
  *head = cell;
}
/* Bind a chain to the current position. A jump just emitted to this very
 * position (`br` at the end of its block) is dropped; moves it carried stay
 * as a movn. Not when a handler range ends after it (a shorter body would
 * leave the range covering the next op). */
static void bind(struct emitter *e, uint32_t *head) {
  uint32_t len = (uint32_t)e->cells.len;
  bool drop = *head && e->mv_jmp_end == len && *head == e->mv_jmp + 1;
  uint32_t mvs = drop && e->cells.data[e->mv_jmp].h == e->H[IOP_jmp_mv];
  uint32_t jat = mvs ? e->mv_jmp : len - 2;
  for (size_t i = 0; drop && i < e->handlers.len; i++) {
    const struct code_handler *h = &e->handlers.data[i];
    if ((h->end != UINT32_MAX && h->end > jat) || h->start > jat) drop = false;
  }
  if (drop) {
    *head = (uint32_t)e->cells.data[*head].u64;
    uint32_t nlen = mvs ? len - 1 : len - 2;
    /* lines recorded after the jump now name the next op */
    while (e->lines.len && e->lines.data[e->lines.len - 1].pc > nlen) {
      if (e->lines.len >= 2 && e->lines.data[e->lines.len - 2].pc >= nlen) e->lines.len--;
      else e->lines.data[e->lines.len - 1].pc = nlen;
    }
    if (mvs) {
      /* jmp_mv [T] n|s0 .. -> movn n|s0 ..: drop the target cell */
      uint32_t at = e->mv_jmp;
      memmove(&e->cells.data[at + 1], &e->cells.data[at + 2], (len - at - 2) * sizeof(union cell));
      e->cells.data[at].h = e->H[IOP_movn];
      e->cells.len = len - 1;
    } else {
      e->cells.len = len - 2;
    }
  }
  e->mv_jmp_end = UINT32_MAX;
  em_fence(e);
  uint32_t here = (uint32_t)e->cells.len;
  for (uint32_t k = *head; k;) {
    uint32_t next = (uint32_t)e->cells.data[k].u64;
    set_target(e, k, here);
    k = next;
  }
  *head = 0;
  em_no_last(e);
}

static void bind_lands(struct emitter *e, struct ctl *c);

/* ---- shadow stack ---- */

struct sv *sv_top(struct emitter *e, uint32_t k) { return &e->st.data[e->st.len - 1 - k]; }

uint32_t sv_next_home(const struct emitter *e) {
  if (!e->st.len) return e->temp_base;
  const struct sv *t = &e->st.data[e->st.len - 1];
  return t->home + t->nslots;
}

static struct sv *sv_push(struct emitter *e, valtype t, uint8_t kind) {
  uint32_t home = sv_next_home(e);
  rc_vec_reserve(e->st, 1);
  struct sv *v = &e->st.data[e->st.len++];
  memset(v, 0, sizeof *v);
  v->kind = kind;
  v->type = t;
  v->nslots = (uint8_t)vt_slots(t);
  v->home = home;
  if (home + v->nslots > e->max_slot) e->max_slot = home + v->nslots;
  return v;
}

struct sv *sv_push_temp(struct emitter *e, valtype t) { return sv_push(e, t, SV_TEMP); }

void sv_push_const(struct emitter *e, valtype t, uint64_t lo, uint64_t hi) {
  struct sv *v = sv_push(e, t, SV_CONST);
  v->c[0] = lo;
  v->c[1] = hi;
}

static void sv_push_local(struct emitter *e, uint32_t li) {
  struct sv *v = sv_push(e, e->ltypes[li], SV_LOCAL);
  v->src = e->lslot[li];
  v->li = li;
  e->alias[li]++;
  e->nalias++;
}

static void sv_forget(struct emitter *e, const struct sv *v) {
  if (v->kind == SV_LOCAL) {
    e->alias[v->li]--;
    e->nalias--;
  }
}

struct sv sv_pop(struct emitter *e) {
  struct sv v = e->st.data[--e->st.len];
  sv_forget(e, &v);
  return v;
}

void sv_pop_n(struct emitter *e, uint32_t n) {
  while (n--) sv_pop(e);
}

static void sv_truncate(struct emitter *e, uint32_t height) {
  while (e->st.len > height) sv_pop(e);
}

bool sv_imm32(const struct sv *v, int32_t *imm) {
  if (v->kind != SV_CONST) return false;
  uint32_t c = VT_CODE(v->type);
  if (c == VT_I32) {
    *imm = (int32_t)(uint32_t)v->c[0];
    return true;
  }
  if (c == VT_I64 && (int64_t)v->c[0] == (int64_t)(int32_t)v->c[0]) {
    *imm = (int32_t)v->c[0];
    return true;
  }
  return false;
}

/* Moves fused into one op (movn, call_mv, jmp_mv): one dispatch instead of
 * one per copy. At most MV_MAX moves per op. */
#define MV_MAX 16
static uint32_t em_op_mv(struct emitter *e, enum iop op, const uint32_t *mv, uint32_t nmv) {
  uint32_t base = op == IOP_movn ? 0 : 2; /* movn has no idx|argbase / target cell */
  uint32_t at = em_op(e, op, 1 + (base + 1 + 2 * nmv + 1) / 2);
  em_set32(e, at, base, nmv);
  for (uint32_t i = 0; i < 2 * nmv; i++) em_set32(e, at, base + 1 + i, mv[i]);
  return at;
}

/* If the op just emitted is a mergeable copy or movn and its moves fit
 * beside the nmv in mv, take it back: its moves go first in mv. */
static void take_prev_moves(struct emitter *e, uint32_t *mv, uint32_t *nmv) {
  if (e->mv_end != e->cells.len) return;
  const union cell *c = &e->cells.data[e->mv_start];
  uint32_t prev[2 * MV_MAX], np;
  if (c->h == e->H[IOP_const32]) return;
  if (c->h == e->H[IOP_copy]) {
    np = 1;
    prev[0] = c[1].u32[0];
    prev[1] = c[1].u32[1];
  } else if (c->h == e->H[IOP_mov2]) {
    np = 2;
    prev[0] = c[1].u32[0];
    prev[1] = c[1].u32[1];
    prev[2] = c[2].u32[0];
    prev[3] = c[2].u32[1];
  } else {
    const uint32_t *m = (const uint32_t *)(const void *)(c + 1);
    np = m[0];
    for (uint32_t i = 0; i < 2 * np; i++) prev[i] = m[1 + i];
  }
  if (np + *nmv > MV_MAX) return;
  memmove(mv + 2 * np, mv, 2 * *nmv * sizeof *mv);
  memcpy(mv, prev, 2 * np * sizeof *mv);
  *nmv += np;
  e->cells.len = e->mv_start;
  em_fence(e);
}

/* A one-slot copy, merged with a copy or movn just before it. */
static void emit_copy(struct emitter *e, uint32_t src, uint32_t dst) {
  uint32_t mv[2 * MV_MAX] = {src, dst}, nmv = 1;
  take_prev_moves(e, mv, &nmv);
  uint32_t at;
  if (nmv == 1) {
    at = em_op(e, IOP_copy, 2);
    em_set32(e, at, 0, src);
    em_set32(e, at, 1, dst);
  } else if (nmv == 2) {
    at = em_op(e, IOP_mov2, 3);
    for (uint32_t i = 0; i < 4; i++) em_set32(e, at, i, mv[i]);
  } else {
    at = em_op_mv(e, IOP_movn, mv, nmv);
  }
  e->mv_start = at;
  e->mv_end = (uint32_t)e->cells.len;
}

/* Write the entry's value into dst without changing the entry. */
void emit_to_slot(struct emitter *e, const struct sv *v, uint32_t dst) {
  uint32_t at;
  switch (v->kind) {
  case SV_TEMP:
  case SV_LOCAL:
  case SV_SLOT: {
    uint32_t src = v->kind == SV_TEMP ? v->home : v->src;
    if (src == dst) return;
    if (v->nslots == 1) {
      emit_copy(e, src, dst);
      return;
    }
    at = em_op(e, IOP_copy2, 2);
    em_set32(e, at, 0, src);
    em_set32(e, at, 1, dst);
    return;
  }
  case SV_CONST:
    if (v->nslots == 2) {
      at = em_op(e, IOP_const128, 4);
      em_set32(e, at, 0, dst);
      em_set64(e, at + 2, v->c[0]);
      em_set64(e, at + 3, v->c[1]);
    } else if (v->c[0] <= UINT32_MAX) {
      if (e->mv_end == e->cells.len && e->cells.data[e->mv_start].h == e->H[IOP_const32]) {
        /* two constants in a row (null fields of a struct.new, ...): one op */
        at = e->mv_start;
        union cell prev = e->cells.data[at + 1];
        e->cells.len = at;
        at = em_op(e, IOP_const32x2, 3);
        e->cells.data[at + 1] = prev;
        em_set32(e, at, 2, dst);
        em_set32(e, at, 3, (uint32_t)v->c[0]);
        em_fence(e);
        return;
      }
      at = em_op(e, IOP_const32, 2);
      em_set32(e, at, 0, dst);
      em_set32(e, at, 1, (uint32_t)v->c[0]);
      e->mv_start = at;
      e->mv_end = (uint32_t)e->cells.len;
    } else {
      at = em_op(e, IOP_const64, 3);
      em_set32(e, at, 0, dst);
      em_set64(e, at + 2, v->c[0]);
    }
    return;
  }
}

void sv_materialize(struct emitter *e, struct sv *v) {
  if (v->kind == SV_TEMP) return;
  emit_to_slot(e, v, v->home);
  sv_forget(e, v);
  v->kind = SV_TEMP;
}

uint32_t sv_slot(struct emitter *e, struct sv *v) {
  if (v->kind == SV_CONST) sv_materialize(e, v);
  return v->kind == SV_TEMP ? v->home : v->src;
}

/* Materialise every alias of local li (before li is written). */
static void unalias_local(struct emitter *e, uint32_t li) {
  if (!e->alias[li]) return;
  for (size_t i = 0; i < e->st.len; i++) {
    struct sv *v = &e->st.data[i];
    if (v->kind == SV_LOCAL && v->li == li) sv_materialize(e, v);
  }
}

static void unalias_all(struct emitter *e) {
  if (!e->nalias) return;
  for (size_t i = 0; i < e->st.len; i++)
    if (e->st.data[i].kind == SV_LOCAL) sv_materialize(e, &e->st.data[i]);
}

/* ---- branches ---- */

/* Do the top n entries already sit in the slots starting at dst? */
static bool in_place(struct emitter *e, uint32_t n, uint32_t dst, uint32_t skip) {
  for (uint32_t i = 0; i < n; i++) {
    const struct sv *v = &e->st.data[e->st.len - skip - n + i];
    if (v->kind != SV_TEMP || v->home != dst) return false;
    dst += v->nslots;
  }
  return true;
}

/* Copy the n entries below the top `skip` ones into consecutive slots from
 * dst, without changing the entries (the copies run on one path only).
 * Targets are never above the sources' homes, so ascending order is safe,
 * except for SV_SLOT sources inside the target range: those go through
 * their homes first. */
static void emit_moves(struct emitter *e, uint32_t n, uint32_t dst, uint32_t skip) {
  if (n == 0) return; /* the shadow stack may be empty (data == NULL) */
  struct sv *base = &e->st.data[e->st.len - skip - n];
  uint32_t total = 0;
  for (uint32_t i = 0; i < n; i++) total += base[i].nslots;
  bool via_home[64] = {0};
  uint32_t t = dst;
  for (uint32_t i = 0; i < n && i < 64; i++) {
    struct sv *v = &base[i];
    if (v->kind == SV_SLOT && v->src >= dst && v->src < dst + total && v->src != t) {
      emit_to_slot(e, v, v->home);
      via_home[i] = true;
    }
    t += v->nslots;
  }
  t = dst;
  for (uint32_t i = 0; i < n; i++) {
    struct sv v = base[i];
    if (i < 64 && via_home[i]) v.kind = SV_TEMP;
    emit_to_slot(e, &v, t);
    t += v.nslots;
  }
}

/* emit_moves(n, dst, skip) then a jump; returns the jump op's first cell
 * (its target is the next cell). When the moves are plain one-slot copies
 * they run inside the jump (jmp_mv); constants are written first, which is
 * safe only if no copy reads a slot a constant writes. */
static uint32_t emit_moves_jmp(struct emitter *e, uint32_t n, uint32_t dst, uint32_t skip) {
  uint32_t mv[2 * MV_MAX], nmv = 0;
  bool fuse = n > 0 && n <= MV_MAX;
  if (fuse) {
    struct sv *base = &e->st.data[e->st.len - skip - n];
    uint32_t t = dst;
    for (uint32_t i = 0; i < n && fuse; i++) {
      const struct sv *v = &base[i];
      if (v->nslots != 1 || v->kind == SV_SLOT) fuse = false;
      else if (v->kind != SV_CONST) {
        uint32_t src = v->kind == SV_TEMP ? v->home : v->src;
        if (src != t) {
          mv[2 * nmv] = src;
          mv[2 * nmv + 1] = t;
          nmv++;
        }
      }
      t++;
    }
    if (fuse && nmv) {
      t = dst;
      for (uint32_t i = 0; i < n; i++, t++)
        if (base[i].kind == SV_CONST)
          for (uint32_t k = 0; k < nmv; k++)
            if (mv[2 * k] == t) fuse = false;
    }
    if (fuse && nmv) {
      t = dst;
      bool consts = false;
      for (uint32_t i = 0; i < n; i++, t++)
        if (base[i].kind == SV_CONST) {
          emit_to_slot(e, &base[i], t);
          consts = true;
        }
      if (!consts) take_prev_moves(e, mv, &nmv);
      uint32_t at = em_op_mv(e, IOP_jmp_mv, mv, nmv);
      e->mv_jmp = at;
      e->mv_jmp_end = (uint32_t)e->cells.len;
      return at;
    }
  }
  emit_moves(e, n, dst, skip);
  nmv = 0;
  take_prev_moves(e, mv, &nmv); /* copies just before (a local.set, the moves) */
  uint32_t at = nmv ? em_op_mv(e, IOP_jmp_mv, mv, nmv) : em_op(e, IOP_jmp, 2);
  e->mv_jmp = at;
  e->mv_jmp_end = (uint32_t)e->cells.len;
  return at;
}

static uint32_t label_count(const struct ctl *c) { return c->nlabel; }

/* Emit a return of the top nresults entries (non-mutating). */
static void emit_return(struct emitter *e) {
  uint32_t n = e->nresults;
  if (n == 0) {
    em_op(e, IOP_ret, 1);
    return;
  }
  struct sv *base = &e->st.data[e->st.len - n];
  if (n == 1 && base->nslots == 1) {
    uint32_t src;
    if (base->kind == SV_CONST) {
      emit_to_slot(e, base, 0);
      src = 0;
    } else {
      src = base->kind == SV_TEMP ? base->home : base->src;
    }
    uint32_t at = em_op(e, IOP_ret1, 2);
    em_set32(e, at, 0, src);
    return;
  }
  uint32_t total = 0;
  for (uint32_t i = 0; i < n; i++) {
    emit_to_slot(e, &base[i], base[i].home);
    total += base[i].nslots;
  }
  uint32_t at = em_op(e, IOP_retn, 2);
  em_set32(e, at, 0, base->home);
  em_set32(e, at, 1, total);
}

/* Jump (unconditionally) to label depth L, moving its values. */
static void emit_branch_to(struct emitter *e, struct ctl *t, uint32_t skip) {
  if (t->kind == CTL_FUNC) {
    /* a branch to the function's label is a return */
    if (skip) {
      /* values to return sit below `skip` entries: move them to their homes' view */
      uint32_t n = e->nresults;
      struct sv *base = &e->st.data[e->st.len - skip - n];
      uint32_t total = 0;
      for (uint32_t i = 0; i < n; i++) {
        emit_to_slot(e, &base[i], base[i].home);
        total += base[i].nslots;
      }
      uint32_t at = em_op(e, n ? IOP_retn : IOP_ret, n ? 2 : 1);
      if (n) {
        em_set32(e, at, 0, base->home);
        em_set32(e, at, 1, total);
      }
      return;
    }
    emit_return(e);
    return;
  }
  uint32_t n = label_count(t);
  uint32_t at = emit_moves_jmp(e, n, t->label_slot, skip);
  if (t->kind == CTL_LOOP) {
    set_target(e, at + 1, t->loop_pc);
    rc_vec_push(e->polls, at);
  } else {
    chain(e, &t->patch, at + 1);
    t->targeted = true;
  }
}

/* A conditional jump op (already emitted at cell `op`, target cell `cell`)
 * to label t. A branch back to a loop is a poll cell. */
static void target_label(struct emitter *e, struct ctl *t, uint32_t op, uint32_t cell) {
  if (t->kind == CTL_LOOP) {
    set_target(e, cell, t->loop_pc);
    if (!e->polls.len || e->polls.data[e->polls.len - 1] != op) rc_vec_push(e->polls, op);
  } else {
    chain(e, &t->patch, cell);
    t->targeted = true;
  }
}

/* Would a branch to t carry values that need moving? (skip = entries above them) */
static bool needs_moves(struct emitter *e, struct ctl *t, uint32_t skip) {
  if (t->kind == CTL_FUNC) return true;
  return !in_place(e, label_count(t), t->label_slot, skip);
}

/* Emit "if <cond> jump to cell-target": a conditional branch op on the
 * popped condition entry `c` (negate: jump when it is zero). Returns the
 * target cell. Fuses with a compare just emitted when possible. */
static uint32_t emit_cond_jump(struct emitter *e, struct sv *c, bool fusable, bool negate) {
  enum iop br;
  uint32_t a, b;
  if (fusable && emit_fuse_cmp(e, negate, &br, &a, &b)) {
    e->cells.len = e->last_start;
    uint32_t at = em_op(e, br, 3);
    em_set32(e, at, 0, a);
    em_set32(e, at, 1, b);
    em_no_last(e);
    return at + 2;
  }
  uint32_t s = sv_slot(e, c);
  uint32_t at = em_op(e, negate ? IOP_br_unless : IOP_br_if, 3);
  em_set32(e, at, 0, s);
  return at + 2;
}

/* ---- control instructions ---- */

static struct ctl *ctl_top(struct emitter *e) { return &e->ctl.data[e->ctl.len - 1]; }

/* The innermost exception handler in effect here (1 + index, 0 = none).
 * O(1), not a scan of the control stack (deeply nested blocks made the
 * compile quadratic): hidx and in_catch are only ever set on the top entry,
 * so the entries below it are unchanged since it was pushed, and its
 * outer_h still names their innermost handler. */
static uint32_t active_handler(struct emitter *e) {
  if (!e->ctl.len) return 0;
  const struct ctl *t = ctl_top(e);
  return t->hidx && !t->in_catch ? t->hidx : t->outer_h;
}

static struct ctl *push_ctl(struct emitter *e, uint8_t kind) {
  uint32_t outer = active_handler(e);
  rc_vec_reserve(e->ctl, 1);
  struct ctl *c = &e->ctl.data[e->ctl.len++];
  memset(c, 0, sizeof *c);
  c->kind = kind;
  c->outer_h = outer;
  return c;
}

static void open_block(struct emitter *e, const struct val_instr *vi, uint8_t kind) {
  uint32_t np = vi->bt_nparams;
  struct ctl *c;
  if (kind == CTL_IF) {
    struct sv cond = e->st.data[e->st.len - 1];
    bool fusable = em_last_valid(e) && !e->nalias;
    for (uint32_t i = 0; i < np && fusable; i++)
      if (sv_top(e, 1 + i)->kind != SV_TEMP) fusable = false;
    e->st.len--; /* pop the condition; its slot stays valid for the jump */
    sv_forget(e, &cond);
    if (!fusable) {
      unalias_all(e);
      for (uint32_t i = 0; i < np; i++) sv_materialize(e, sv_top(e, i));
    }
    uint32_t cell = emit_cond_jump(e, &cond, fusable, true);
    c = push_ctl(e, kind);
    chain(e, &c->else_patch, cell);
  } else {
    unalias_all(e);
    for (uint32_t i = 0; i < np; i++) sv_materialize(e, sv_top(e, i));
    c = push_ctl(e, kind);
  }
  c->nparams = np;
  c->nresults = vi->bt_nresults;
  c->height = (uint32_t)e->st.len - np;
  c->label_slot = np ? e->st.data[c->height].home : sv_next_home(e);
  c->nlabel = kind == CTL_LOOP ? np : vi->bt_nresults;
  if (kind == CTL_LOOP) {
    c->loop_pc = (uint32_t)e->cells.len;
    em_no_last(e);
    em_fence(e);
  }
  if (kind == CTL_IF && np) {
    /* Keep the params in place; the arms read them through SV_SLOT entries
     * and build their values above them. */
    c->if_params = true;
    c->orig_height = c->height;
    c->height = (uint32_t)e->st.len;
    c->label_slot = sv_next_home(e);
    for (uint32_t i = 0; i < np; i++) {
      const struct sv *o = &e->st.data[c->orig_height + i];
      uint32_t src = o->home;
      struct sv *v = sv_push(e, o->type, SV_SLOT);
      v->src = src;
    }
  }
}

/* Values of the fallthrough arm go to the label slots (usually their homes;
 * a legacy catch arm keeps the caught exception below them). */
static void settle(struct emitter *e, struct ctl *c) {
  emit_moves(e, c->nresults, c->label_slot, 0);
}

static void push_if_params(struct emitter *e, struct ctl *c) {
  for (uint32_t i = 0; i < c->nparams; i++) {
    const struct sv *o = &e->st.data[c->orig_height + i];
    uint32_t src = o->home;
    struct sv *v = sv_push(e, o->type, SV_SLOT);
    v->src = src;
  }
}

static void do_else(struct emitter *e, struct ctl *c) {
  if (!c->unreach) {
    uint32_t at = emit_moves_jmp(e, c->nresults, c->label_slot, 0);
    chain(e, &c->patch, at + 1);
    c->targeted = true;
  }
  bind(e, &c->else_patch);
  sv_truncate(e, c->height);
  if (c->if_params) push_if_params(e, c);
  c->unreach = false;
  c->has_else = true;
}

static void close_handler(struct emitter *e, struct ctl *c) {
  if (c->hidx && !c->in_catch && e->handlers.data[c->hidx - 1].end == UINT32_MAX)
    e->handlers.data[c->hidx - 1].end = (uint32_t)e->cells.len;
  em_fence(e);
}

static void do_end(struct emitter *e, struct ctl *c, const struct val_instr *vi) {
  close_handler(e, c);
  bool live_after = !c->unreach;
  if (c->kind == CTL_LOOP) {
    /* no label at a loop's end: the fallthrough values stay where they are */
    if (c->unreach) {
      sv_truncate(e, c->height);
      for (uint32_t i = 0; i < c->nresults; i++) sv_push_temp(e, vi->bt_results[i]);
    }
    e->ctl.len--;
    if (!live_after) ctl_top(e)->unreach = true;
    return;
  }
  if (!c->unreach) settle(e, c);
  if (c->kind == CTL_IF && !c->has_else) {
    if (c->if_params) {
      /* implicit else: params become results (same types) */
      if (!c->unreach) {
        uint32_t at = em_op(e, IOP_jmp, 2);
        chain(e, &c->patch, at + 1);
      }
      bind(e, &c->else_patch);
      sv_truncate(e, c->height);
      push_if_params(e, c);
      emit_moves(e, c->nparams, c->label_slot, 0);
    } else {
      bind(e, &c->else_patch);
    }
    live_after = true;
  }
  if (c->targeted) live_after = true;
  bind(e, &c->patch);
  bind_lands(e, c);
  uint32_t base = c->if_params ? c->orig_height : c->height;
  sv_truncate(e, base);
  uint32_t from = c->label_slot;
  for (uint32_t i = 0; i < c->nresults; i++) {
    struct sv *v = sv_push_temp(e, vi->bt_results[i]);
    if (c->if_params && live_after) {
      uint32_t at = em_op(e, v->nslots == 2 ? IOP_copy2 : IOP_copy, 2);
      em_set32(e, at, 0, from);
      em_set32(e, at, 1, v->home);
    }
    from += v->nslots;
  }
  e->ctl.len--;
  if (!live_after) ctl_top(e)->unreach = true;
}

static void do_br(struct emitter *e, uint32_t depth) {
  struct ctl *t = &e->ctl.data[e->ctl.len - 1 - depth];
  emit_branch_to(e, t, 0);
  ctl_top(e)->unreach = true;
}

static void do_br_if(struct emitter *e, uint32_t depth) {
  struct ctl *t = &e->ctl.data[e->ctl.len - 1 - depth];
  bool fusable = em_last_valid(e);
  struct sv cond = sv_pop(e);
  if (!needs_moves(e, t, 0)) {
    uint32_t cell = emit_cond_jump(e, &cond, fusable, false);
    target_label(e, t, cell - 2, cell);
    return;
  }
  uint32_t skip = 0;
  uint32_t cell = emit_cond_jump(e, &cond, fusable, true);
  chain(e, &skip, cell);
  emit_branch_to(e, t, 0);
  bind(e, &skip);
}

static void do_br_table(struct emitter *e, const struct instr *in) {
  struct sv idx = sv_pop(e);
  uint32_t s = sv_slot(e, &idx);
  uint32_t n = in->br_table.count;
  uint32_t at = em_op(e, IOP_br_table, 2 + n + 1);
  em_set32(e, at, 0, s);
  em_set32(e, at, 1, n);
  uint32_t *stub_cells = rc_malloc((n + 1) * sizeof(uint32_t));
  uint32_t nstubs = 0;
  for (uint32_t i = 0; i <= n; i++) {
    uint32_t depth = i < n ? in->br_table.labels[i] : in->br_table.deflt;
    struct ctl *t = &e->ctl.data[e->ctl.len - 1 - depth];
    if (!needs_moves(e, t, 0)) {
      target_label(e, t, at, at + 2 + i);
    } else {
      stub_cells[nstubs++] = at + 2 + i;
    }
  }
  /* Stubs: moves then a jump, one per entry that needs moves. */
  for (uint32_t k = 0; k < nstubs; k++) {
    uint32_t i = stub_cells[k] - (at + 2);
    uint32_t depth = i < n ? in->br_table.labels[i] : in->br_table.deflt;
    struct ctl *t = &e->ctl.data[e->ctl.len - 1 - depth];
    set_target(e, stub_cells[k], (uint32_t)e->cells.len);
    em_fence(e);
    emit_branch_to(e, t, 0);
  }
  free(stub_cells);
  em_no_last(e);
  ctl_top(e)->unreach = true;
}

/* A conditional jump on the top reference: kind 0 tests null (sense: jump
 * when null), kind 1 a cast (sense: jump when it holds). Returns the target
 * cell. */
static uint32_t emit_ref_jump(struct emitter *e, int kind, bool sense, uint32_t s, uint32_t mode,
                              const struct typeinfo *ti) {
  if (kind == 0) {
    uint32_t at = em_op(e, sense ? IOP_br_on_null : IOP_br_on_non_null, 3);
    em_set32(e, at, 0, s);
    return at + 2;
  }
  uint32_t at = em_op(e, sense ? IOP_br_on_cast : IOP_br_on_cast_fail, 4);
  em_set32(e, at, 0, s);
  em_set32(e, at, 1, mode);
  e->cells.data[at + 2].p = (const void *)ti;
  return at + 3;
}

/* br_on_null, br_on_non_null, br_on_cast, br_on_cast_fail. The reference is
 * the top entry; skip_top: the branch does not carry it (br_on_null);
 * pop: the fallthrough drops it (br_on_non_null). */
static void do_br_on(struct emitter *e, const struct val_instr *vi, uint32_t depth, int kind,
                     bool jump_when, uint32_t skip_top, bool pop, uint32_t mode,
                     const struct typeinfo *ti) {
  struct ctl *t = &e->ctl.data[e->ctl.len - 1 - depth];
  struct sv *r = sv_top(e, 0);
  uint32_t s = sv_slot(e, r);
  if (!needs_moves(e, t, skip_top)) {
    uint32_t cell = emit_ref_jump(e, kind, jump_when, s, mode, ti);
    target_label(e, t, cell - (kind == 0 ? 2 : 3), cell);
  } else {
    uint32_t skip = 0;
    chain(e, &skip, emit_ref_jump(e, kind, !jump_when, s, mode, ti));
    emit_branch_to(e, t, skip_top);
    bind(e, &skip);
  }
  em_no_last(e);
  if (pop) {
    sv_pop(e);
  } else {
    r = sv_top(e, 0);
    r->type = vi->pushes[vi->npushes - 1];
  }
}

/* ---- calls ---- */

void emit_safepoint(struct emitter *e, uint32_t pc) {
  uint32_t words = (e->max_slot + 63) / 64 + 1;
  uint64_t *bits = NULL;
  bool any = false;
  rc_vec_reserve(e->mapbits, words);
  bits = &e->mapbits.data[e->mapbits.len];
  memset(bits, 0, words * sizeof(uint64_t));
  if (e->has_ref_locals) {
    for (uint32_t i = 0; i < e->nlocals; i++) {
      if (VT_IS_REF(e->ltypes[i]) && types_ref_traced(e->ltypes[i])) {
        bits[e->lslot[i] / 64] |= 1ull << (e->lslot[i] % 64);
        any = true;
      }
    }
  }
  for (size_t i = 0; i < e->st.len; i++) {
    const struct sv *v = &e->st.data[i];
    if (v->kind == SV_TEMP && VT_IS_REF(v->type) && types_ref_traced(v->type)) {
      bits[v->home / 64] |= 1ull << (v->home % 64);
      any = true;
    }
  }
  if (!any) return;
  struct safepoint sp = {pc, (uint32_t)e->mapbits.len, words};
  e->mapbits.len += words;
  rc_vec_push(e->sps, sp);
}

/* Calls: the arguments (top nargs entries below `extra` callee operands)
 * are materialised in consecutive homes; the callee's frame starts there. */
static void do_call(struct emitter *e, const struct val_instr *vi) {
  uint32_t op = vi->in->op;
  bool tail = op == OP_return_call || op == OP_return_call_indirect || op == OP_return_call_ref;
  uint32_t extra = (op == OP_call || op == OP_return_call) ? 0 : 1;
  uint32_t nargs = vi->npops - extra;
  uint32_t xslot = 0;
  if (extra) xslot = sv_slot(e, sv_top(e, 0));
  /* A plain call copies one-slot arguments still in locals inside the op
   * (call_mv): locals are below every home, so the copies commute with the
   * other materialisations. */
  uint32_t mv[2 * MV_MAX], nmv = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    struct sv *v = sv_top(e, extra + i);
    if (op == OP_call && v->kind == SV_LOCAL && v->nslots == 1 && nmv < MV_MAX) {
      mv[2 * nmv] = v->src;
      mv[2 * nmv + 1] = v->home;
      nmv++;
      sv_forget(e, v);
      v->kind = SV_TEMP;
    } else {
      sv_materialize(e, v);
    }
  }
  /* The stack map excludes the arguments: they become the callee's params,
   * which the callee's own maps describe (a tail call may reuse those slots
   * for values of other types). */
  uint32_t ncells = (op == OP_call_indirect || op == OP_return_call_indirect) ? 3 : 2;
  if (op == OP_call) take_prev_moves(e, mv, &nmv);
  if (nmv) ncells = 1 + (3 + 2 * nmv + 1) / 2;
  sv_pop_n(e, vi->npops);
  if (!tail) emit_safepoint(e, (uint32_t)e->cells.len + ncells);
  uint32_t argbase = sv_next_home(e);
  uint32_t at;
  switch (op) {
  case OP_call:
  case OP_return_call:
    at = nmv ? em_op_mv(e, IOP_call_mv, mv, nmv) : em_op(e, tail ? IOP_tail_call : IOP_call, 2);
    em_set32(e, at, 0, vi->in->idx);
    em_set32(e, at, 1, argbase);
    break;
  case OP_call_indirect:
  case OP_return_call_indirect:
    at = em_op(e, tail ? IOP_tail_call_indirect : IOP_call_indirect, 3);
    em_set32(e, at, 0, vi->in->idx2.a);
    em_set32(e, at, 1, vi->in->idx2.b);
    em_set32(e, at, 2, argbase);
    em_set32(e, at, 3, xslot);
    break;
  default: /* call_ref, return_call_ref */
    at = em_op(e, tail ? IOP_tail_call_ref : IOP_call_ref, 2);
    em_set32(e, at, 0, argbase);
    em_set32(e, at, 1, xslot);
    break;
  }
  em_no_last(e);
  if (tail) {
    ctl_top(e)->unreach = true;
    return;
  }
  for (uint32_t i = 0; i < vi->npushes; i++) sv_push_temp(e, vi->pushes[i]);
}

/* ---- exceptions ---- */

static uint32_t new_handler(struct emitter *e) {
  struct code_handler h = {(uint32_t)e->cells.len, UINT32_MAX, 0, 0, ctl_top(e)->outer_h, 0, false};
  em_fence(e);
  rc_vec_push(e->handlers, h);
  return (uint32_t)e->handlers.len;
}

static void add_catch(struct emitter *e, uint32_t hidx, uint32_t tag, uint32_t pay, uint32_t exn,
                      uint32_t land) {
  struct em_catch k = {hidx - 1, {tag, pay, exn, land}};
  rc_vec_push(e->catches, k);
}

static uint32_t tag_param_slots(struct emitter *e, uint32_t tag) {
  const struct functype *ft = &e->m->types[e->m->tags[tag]].comp.func;
  uint32_t n = 0;
  for (uint32_t i = 0; i < ft->nparams; i++) n += vt_slots(ft->params[i]);
  return n;
}

/* try_table: no code at all. Each catch lands where a branch to its label
 * would go: a loop's start, or the end of a block, bound with the block's
 * branches (do_end; the function's label gets a return stub at its end).
 * The unwinder writes the payload (and exnref) into the label's slots,
 * which is where a branch carries its values. The handler covers the body. */
static void add_land(struct emitter *e, struct ctl *t) {
  struct code_catch *k = &e->catches.data[e->catches.len - 1].k;
  if (t->kind == CTL_LOOP) {
    k->land = t->loop_pc;
    return;
  }
  k->land = t->land_patch; /* pending: chained until the label is bound */
  t->land_patch = (uint32_t)e->catches.len;
  t->targeted = true;
}

/* Bind the catches waiting for label c to the current position. */
static void bind_lands(struct emitter *e, struct ctl *c) {
  for (uint32_t i = c->land_patch; i;) {
    struct code_catch *k = &e->catches.data[i - 1].k;
    i = k->land;
    k->land = (uint32_t)e->cells.len;
    em_fence(e);
  }
  c->land_patch = 0;
}

static void open_try_table(struct emitter *e, const struct val_instr *vi) {
  const struct instr *in = vi->in;
  open_block(e, vi, CTL_BLOCK);
  uint32_t h = new_handler(e);
  for (uint32_t i = 0; i < in->try_table.ncatches; i++) {
    const struct catch_clause *cl = &in->try_table.catches[i];
    struct ctl *t = &e->ctl.data[e->ctl.len - 2 - cl->label];
    bool has_tag = cl->kind == CATCH || cl->kind == CATCH_REF;
    bool has_ref = cl->kind == CATCH_REF || cl->kind == CATCH_ALL_REF;
    uint32_t pay = has_tag ? tag_param_slots(e, cl->tag) : 0;
    add_catch(e, h, has_tag ? cl->tag : CATCH_ANY, t->label_slot,
              has_ref ? t->label_slot + pay : NO_SLOT, 0);
    add_land(e, t);
  }
  e->handlers.data[h - 1].start = (uint32_t)e->cells.len;
  em_fence(e);
  ctl_top(e)->hidx = h;
}

/* Legacy catch / catch_all: the arm starts with the caught exception in a
 * hidden entry (for rethrow), then the payload. */
static void do_legacy_catch(struct emitter *e, struct ctl *c, const struct val_instr *vi, bool all) {
  close_handler(e, c);
  if (!c->unreach) {
    settle(e, c);
    uint32_t at = em_op(e, IOP_jmp, 2);
    chain(e, &c->patch, at + 1);
    c->targeted = true;
  }
  sv_truncate(e, c->height);
  c->exn_slot = sv_push_temp(e, VT_EXNREF)->home;
  for (uint32_t i = 0; i < vi->npushes; i++) sv_push_temp(e, vi->pushes[i]);
  add_catch(e, c->hidx, all ? CATCH_ANY : vi->in->idx, c->exn_slot + 1, c->exn_slot,
            (uint32_t)e->cells.len);
  em_no_last(e);
  em_fence(e);
  c->in_catch = true;
  c->unreach = false;
}

static void do_throw(struct emitter *e, const struct val_instr *vi) {
  for (uint32_t i = 0; i < vi->npops; i++) sv_materialize(e, sv_top(e, i));
  emit_safepoint(e, (uint32_t)e->cells.len + 2);
  sv_pop_n(e, vi->npops);
  uint32_t at = em_op(e, IOP_throw, 2);
  rc_vec_push(e->polls, at); /* a catch may land back in a loop */
  em_set32(e, at, 0, vi->in->idx);
  em_set32(e, at, 1, sv_next_home(e));
  em_no_last(e);
  ctl_top(e)->unreach = true;
}

static void do_throw_ref(struct emitter *e, uint32_t slot) {
  uint32_t at = em_op(e, IOP_throw_ref, 2);
  rc_vec_push(e->polls, at);
  em_set32(e, at, 0, slot);
  em_no_last(e);
  ctl_top(e)->unreach = true;
}

/* ---- locals ---- */

static void do_local_set(struct emitter *e, uint32_t li, bool tee) {
  uint32_t dst = e->lslot[li];
  struct sv *v = sv_top(e, 0);
  if (v->kind == SV_LOCAL && v->li == li) {
    if (!tee) sv_pop(e);
    return;
  }
  bool peep = em_last_valid(e);
  struct sv val = sv_pop(e);
  if (e->alias[li]) {
    unalias_local(e, li);
    peep = false;
  }
  if (peep) {
    e->cells.data[e->last_dst_cell].u32[e->last_dst_half] = dst;
  } else {
    emit_to_slot(e, &val, dst);
  }
  em_no_last(e);
  if (tee) sv_push_local(e, li);
}

/* ---- the listener ---- */

static void add_line(struct emitter *e, uint32_t offset) {
  uint32_t pc = (uint32_t)e->cells.len;
  if (e->lines.len && e->lines.data[e->lines.len - 1].pc == pc) {
    e->lines.data[e->lines.len - 1].offset = offset;
    return;
  }
  struct code_line l = {pc, offset};
  rc_vec_push(e->lines, l);
}

static bool lis_begin(void *ud, enum val_code_kind kind, uint32_t index, uint32_t item,
                      const valtype *locals, uint32_t nlocals, const valtype *results,
                      uint32_t nresults, struct rc_error *err) {
  struct emitter *e = ud;
  e->kind = kind;
  e->index = index;
  e->item = item;
  e->cells.len = e->lines.len = e->relocs.len = e->polls.len = e->st.len = e->ctl.len = 0;
  em_fence(e);
  e->mv_jmp_end = UINT32_MAX;
  e->sps.len = e->mapbits.len = 0;
  e->handlers.len = e->catches.len = 0;
  free(e->ltypes);
  free(e->lslot);
  free(e->alias);
  free(e->results);
  e->nlocals = nlocals;
  e->nparams = kind == CODE_FUNC ? module_func_type(e->m, index)->nparams : 0;
  e->ltypes = rc_malloc((nlocals + 1) * sizeof(valtype));
  e->lslot = rc_malloc((nlocals + 1) * sizeof(uint32_t));
  e->alias = rc_calloc(nlocals + 1, sizeof(uint32_t));
  e->nalias = 0;
  e->has_ref_locals = false;
  uint64_t slot = 0;
  for (uint32_t i = 0; i < nlocals; i++) {
    if (i == e->nparams) e->nparam_slots = (uint32_t)slot;
    e->ltypes[i] = locals[i];
    e->lslot[i] = (uint32_t)slot;
    slot += vt_slots(locals[i]);
    if (VT_IS_REF(locals[i])) e->has_ref_locals = true;
    if (slot > (1u << 28)) return rc_fail(err, RC_ERR_INVALID, RC_NO_OFFSET, "too many locals");
  }
  if (e->nparams == nlocals) e->nparam_slots = (uint32_t)slot;
  e->nlocal_slots = e->temp_base = e->max_slot = (uint32_t)slot;
  e->nresults = nresults;
  e->results = rc_malloc((nresults + 1) * sizeof(valtype));
  e->nresult_slots = 0;
  for (uint32_t i = 0; i < nresults; i++) {
    e->results[i] = results[i];
    e->nresult_slots += vt_slots(results[i]);
  }
  em_no_last(e);
  struct ctl *c = push_ctl(e, CTL_FUNC);
  c->nresults = c->nlabel = nresults;
  c->label_slot = 0;
  return true;
}

static bool is_structural(uint32_t op) {
  return op == OP_block || op == OP_loop || op == OP_if || op == OP_else || op == OP_end ||
         op == OP_try || op == OP_try_table || op == OP_catch || op == OP_catch_all ||
         op == OP_delegate;
}

static bool lis_instr(void *ud, const struct val_instr *vi, struct rc_error *err) {
  struct emitter *e = ud;
  const struct instr *in = vi->in;
  struct ctl *c = ctl_top(e);
  if (c->dead || c->unreach) {
    /* Unreachable code: only keep the block structure. */
    if (!is_structural(in->op)) return true;
    if (in->op == OP_block || in->op == OP_loop || in->op == OP_if || in->op == OP_try ||
        in->op == OP_try_table) {
      push_ctl(e, CTL_BLOCK)->dead = true;
      return true;
    }
    if (c->dead) {
      if (in->op == OP_end || in->op == OP_delegate) e->ctl.len--;
      return true;
    }
  }
  add_line(e, in->offset);
  switch (in->op) {
  case OP_nop:
    return true;
  case OP_unreachable:
    em_op(e, IOP_unreachable, 1);
    c->unreach = true;
    return true;
  case OP_block:
    open_block(e, vi, CTL_BLOCK);
    return true;
  case OP_loop:
    open_block(e, vi, CTL_LOOP);
    return true;
  case OP_if:
    open_block(e, vi, CTL_IF);
    return true;
  case OP_else:
    do_else(e, c);
    return true;
  case OP_end:
    if (c->kind == CTL_FUNC) {
      if (!c->unreach) emit_return(e);
      if (c->land_patch) {
        /* catches to the function's label: their values are in the result slots */
        bind_lands(e, c);
        if (e->nresult_slots) {
          uint32_t at = em_op(e, IOP_retn, 2);
          em_set32(e, at, 0, 0);
          em_set32(e, at, 1, e->nresult_slots);
        } else {
          em_op(e, IOP_ret, 1);
        }
      }
      e->ctl.len--;
      return true;
    }
    do_end(e, c, vi);
    return true;
  case OP_br:
    do_br(e, in->idx);
    return true;
  case OP_br_if:
    do_br_if(e, in->idx);
    return true;
  case OP_br_table:
    do_br_table(e, in);
    return true;
  case OP_return:
    emit_return(e);
    c->unreach = true;
    return true;
  case OP_br_on_null:
    do_br_on(e, vi, in->idx, 0, true, 1, false, 0, NULL);
    return true;
  case OP_br_on_non_null:
    do_br_on(e, vi, in->idx, 0, false, 0, true, 0, NULL);
    return true;
  case OP_br_on_cast:
  case OP_br_on_cast_fail: {
    const struct typeinfo *ti = NULL;
    heaptype ht = types_canon_heaptype(e->m, in->br_on_cast.ht2);
    uint32_t mode = gc_rt_mode(e, ht, (in->br_on_cast.flags & 2) != 0, &ti);
    do_br_on(e, vi, in->br_on_cast.label, 1, in->op == OP_br_on_cast, 0, false, mode, ti);
    return true;
  }
  case OP_call:
  case OP_call_indirect:
  case OP_call_ref:
  case OP_return_call:
  case OP_return_call_indirect:
  case OP_return_call_ref:
    do_call(e, vi);
    return true;
  case OP_local_get:
    sv_push_local(e, in->idx);
    return true;
  case OP_local_set:
    do_local_set(e, in->idx, false);
    return true;
  case OP_local_tee:
    do_local_set(e, in->idx, true);
    return true;
  case OP_drop:
    sv_pop(e);
    return true;
  case OP_try_table:
    open_try_table(e, vi);
    return true;
  case OP_try:
    open_block(e, vi, CTL_TRY);
    ctl_top(e)->hidx = new_handler(e);
    return true;
  case OP_catch:
  case OP_catch_all:
    if (c->kind != CTL_TRY) return rc_fail(err, RC_ERR_INVALID, in->offset, "catch without try");
    do_legacy_catch(e, c, vi, in->op == OP_catch_all);
    return true;
  case OP_delegate: {
    /* exceptions from the body go to the handler in effect at the label */
    const struct ctl *t = &e->ctl.data[e->ctl.len - 2 - in->idx];
    struct code_handler *h = &e->handlers.data[c->hidx - 1];
    h->delegate = true;
    h->next = (t->hidx && !t->in_catch) ? t->hidx : t->outer_h;
    do_end(e, c, vi);
    return true;
  }
  case OP_throw:
    do_throw(e, vi);
    return true;
  case OP_throw_ref: {
    struct sv *v = sv_top(e, 0);
    uint32_t s = sv_slot(e, v);
    sv_pop(e);
    do_throw_ref(e, s);
    return true;
  }
  case OP_rethrow: {
    struct ctl *t = &e->ctl.data[e->ctl.len - 1 - in->idx];
    do_throw_ref(e, t->exn_slot);
    return true;
  }
  default:
    return emit_simple(e, vi, err);
  }
}

static int cmp_sp(const void *a, const void *b) {
  uint32_t x = ((const struct safepoint *)a)->pc, y = ((const struct safepoint *)b)->pc;
  return x < y ? -1 : x > y;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* The poll cells of a function: its entry (cell 0), its loop back-edges and throws,
 * ascending and without duplicates, each with its own handler. */
static void set_polls(struct emitter *e, struct code *c) {
  rc_vec_push(e->polls, 0);
  qsort(e->polls.data, e->polls.len, sizeof(uint32_t), cmp_u32);
  c->polls = rc_malloc(e->polls.len * sizeof(struct code_poll));
  for (size_t i = 0; i < e->polls.len; i++) {
    uint32_t k = e->polls.data[i];
    if (c->npolls && c->polls[c->npolls - 1].cell == k) continue;
    c->polls[c->npolls].cell = k;
    c->polls[c->npolls].h = c->cells[k].h;
    c->npolls++;
  }
}

static bool lis_end(void *ud, struct rc_error *err) {
  struct emitter *e = ud;
  struct code *c = rc_calloc(1, sizeof *c);
  c->kind = e->kind;
  c->index = e->index;
  c->nparam_slots = e->nparam_slots;
  c->nlocal_slots = e->nlocal_slots;
  c->nresult_slots = e->nresult_slots;
  c->frame_slots = RC_MAX(RC_MAX(e->max_slot, e->nresult_slots), e->nlocal_slots);
  c->ncells = (uint32_t)e->cells.len;
  c->cells = rc_malloc((e->cells.len + 1) * sizeof(union cell));
  memcpy(c->cells, e->cells.data, e->cells.len * sizeof(union cell));
  for (size_t i = 0; i < e->relocs.len; i++) {
    union cell *k = &c->cells[e->relocs.data[i]];
    k->p = &c->cells[k->u64];
  }
  if (e->kind == CODE_FUNC) set_polls(e, c);
  c->nlines = (uint32_t)e->lines.len;
  c->lines = rc_malloc((e->lines.len + 1) * sizeof(struct code_line));
  memcpy(c->lines, e->lines.data, e->lines.len * sizeof(struct code_line));
  c->nsafepoints = (uint32_t)e->sps.len;
  if (e->sps.len) {
    c->safepoints = rc_malloc(e->sps.len * sizeof(struct safepoint));
    memcpy(c->safepoints, e->sps.data, e->sps.len * sizeof(struct safepoint));
    qsort(c->safepoints, c->nsafepoints, sizeof(struct safepoint), cmp_sp);
    c->mapbits = rc_malloc(e->mapbits.len * sizeof(uint64_t));
    memcpy(c->mapbits, e->mapbits.data, e->mapbits.len * sizeof(uint64_t));
  }

  if (e->handlers.len) {
    /* group catches by handler, keeping their order */
    c->nhandlers = (uint32_t)e->handlers.len;
    c->handlers = rc_malloc(e->handlers.len * sizeof(struct code_handler));
    c->catches = rc_malloc((e->catches.len + 1) * sizeof(struct code_catch));
    uint32_t n = 0;
    for (uint32_t h = 0; h < c->nhandlers; h++) {
      c->handlers[h] = e->handlers.data[h];
      if (c->handlers[h].end == UINT32_MAX) c->handlers[h].end = c->ncells;
      c->handlers[h].first = n;
      for (size_t k = 0; k < e->catches.len; k++)
        if (e->catches.data[k].handler == h) c->catches[n++] = e->catches.data[k].k;
      c->handlers[h].n = n - c->handlers[h].first;
    }
  }

  struct module *m = e->m;
  struct module_code *mc = e->mc;
  switch (e->kind) {
  case CODE_FUNC: mc->funcs[e->index - m->nimported_funcs] = c; break;
  case CODE_GLOBAL_INIT: mc->global_init[e->index - m->nimported_globals] = c; break;
  case CODE_TABLE_INIT: mc->table_init[e->index - m->nimported_tables] = c; break;
  case CODE_ELEM_OFFSET: mc->elem_offset[e->index] = c; break;
  case CODE_ELEM_ITEM:
    if (!mc->elem_items[e->index])
      mc->elem_items[e->index] = rc_calloc(m->elems[e->index].count + 1, sizeof(struct code *));
    mc->elem_items[e->index][e->item] = c;
    break;
  case CODE_DATA_OFFSET: mc->data_offset[e->index] = c; break;
  }
  (void)err;
  return true;
}

/* ---- module compilation ---- */

void code_free(struct code *c) {
  if (!c) return;
  free(c->cells);
  free(c->lines);
  free(c->safepoints);
  free(c->mapbits);
  free(c->handlers);
  free(c->catches);
  free(c->polls);
  free(c);
}

void module_code_free(const struct module *m, struct module_code *mc) {
  if (!mc) return;
  uint32_t nf = m->nfuncs - m->nimported_funcs;
  for (uint32_t i = 0; mc->funcs && i < nf; i++) code_free(mc->funcs[i]);
  for (uint32_t i = 0; mc->global_init && i < m->nglobals - m->nimported_globals; i++)
    code_free(mc->global_init[i]);
  for (uint32_t i = 0; mc->table_init && i < m->ntables - m->nimported_tables; i++)
    code_free(mc->table_init[i]);
  for (uint32_t i = 0; i < m->nelems; i++) {
    if (mc->elem_offset) code_free(mc->elem_offset[i]);
    if (mc->elem_items && mc->elem_items[i]) {
      for (uint32_t j = 0; j < m->elems[i].count; j++) code_free(mc->elem_items[i][j]);
      free(mc->elem_items[i]);
    }
  }
  for (uint32_t i = 0; mc->data_offset && i < m->ndatas; i++) code_free(mc->data_offset[i]);
  free(mc->funcs);
  free(mc->global_init);
  free(mc->table_init);
  free(mc->elem_offset);
  free(mc->elem_items);
  free(mc->data_offset);
  free(mc);
}

struct module_code *interp_compile(struct module *m, struct typestore *ts, struct rc_error *err) {
  struct module_code *mc = rc_calloc(1, sizeof *mc);
  mc->funcs = rc_calloc(m->nfuncs - m->nimported_funcs + 1, sizeof(struct code *));
  mc->global_init = rc_calloc(m->nglobals - m->nimported_globals + 1, sizeof(struct code *));
  mc->table_init = rc_calloc(m->ntables - m->nimported_tables + 1, sizeof(struct code *));
  mc->elem_offset = rc_calloc(m->nelems + 1, sizeof(struct code *));
  mc->elem_items = rc_calloc(m->nelems + 1, sizeof(struct code **));
  mc->data_offset = rc_calloc(m->ndatas + 1, sizeof(struct code *));

  struct emitter *e = rc_calloc(1, sizeof *e);
  e->m = m;
  e->ts = ts;
  e->H = exec_handlers();
  e->mc = mc;
  struct val_listener lis = {e, lis_begin, lis_instr, lis_end};
  bool ok = module_validate(m, ts, &lis, err);
  rc_vec_free(e->cells);
  rc_vec_free(e->lines);
  rc_vec_free(e->relocs);
  rc_vec_free(e->polls);
  rc_vec_free(e->st);
  rc_vec_free(e->ctl);
  rc_vec_free(e->sps);
  rc_vec_free(e->mapbits);
  rc_vec_free(e->handlers);
  rc_vec_free(e->catches);
  free(e->ltypes);
  free(e->lslot);
  free(e->alias);
  free(e->results);
  free(e);
  if (!ok) {
    module_code_free(m, mc);
    return NULL;
  }
  return mc;
}
