/* Shared state of the validator's files: the module context (what the spec
 * calls C: types, functions, tables, ... visible at this point), and the
 * per-code-sequence state of the spec's validation algorithm (operand stack,
 * control stack, local initialisation).
 *
 * Every valtype kept here is canonical (types/typestore.h), except the two
 * markers below that exist only inside the validator:
 *   VT_BOT  an operand of unknown type, popped from the polymorphic stack of
 *           unreachable code; matches every expected type.
 *   HT_BOT  the heap type of a reference popped that way (ref.as_non_null
 *           and friends keep the heap type of their operand); a (ref bot)
 *           matches every reference type. */
#ifndef RECLAIM_VALID_INTERNAL_H
#define RECLAIM_VALID_INTERNAL_H

#include "valid/valid.h"

/* Locals per function (params included). The binary format allows 2^32;
 * like other engines we refuse absurd counts rather than allocate for them. */
#define VALID_MAX_LOCALS (1u << 20)

#define VT_BOT 0u
#define HT_BOT (HT_ABS | 0xFFu)

/* A control frame. op is the opening instruction (OP_block, OP_loop, OP_if,
 * OP_else, OP_try, OP_catch, OP_catch_all, OP_try_table), or OP_call for the
 * frame of the function body / constant expression itself. */
struct ctrl {
  uint32_t op;
  const valtype *params, *results; /* NULL when use_one: then `one` is the single result */
  uint32_t nparams, nresults;
  valtype one;
  bool use_one;
  bool unreachable;
  uint32_t height;      /* operand stack height at entry (after the params were popped) */
  uint32_t init_height; /* length of the inits stack at entry */
};

static inline const valtype *ctrl_results(const struct ctrl *c) {
  return c->use_one ? &c->one : c->results;
}
/* Types a branch to this frame carries: a loop's params, else its results. */
static inline const valtype *ctrl_label(const struct ctrl *c, uint32_t *n) {
  if (c->op == OP_loop) { *n = c->nparams; return c->params; }
  *n = c->nresults;
  return ctrl_results(c);
}

struct vctx {
  struct module *m;
  struct typestore *ts;
  const struct val_listener *lis;
  struct rc_error *err;

  /* Module context, canonical. Entries are filled in the spec's order; the
   * counts say how much of each index space the code being checked sees. */
  const struct functype **func_sig; /* per function */
  uint32_t nfuncs_vis;
  valtype *global_type;
  bool *global_mut;
  uint32_t nglobals_vis;
  valtype *table_elem;
  uint32_t ntables_vis;
  uint32_t nmems_vis;
  valtype *elem_type;
  uint32_t nelems_vis;
  const struct functype **tag_sig;  /* per tag */
  uint32_t ntags_vis;
  uint32_t ndatas;         /* data segments instructions may name */
  uint8_t *func_declared;  /* C.refs: functions ref.func may name in bodies */

  /* The code sequence being checked. */
  bool in_const;           /* a constant expression, not a function body */
  uint32_t func;           /* function index for errors, or RC_NO_FUNC */
  valtype *locals;         /* params first */
  uint32_t nlocals;
  uint8_t *local_init;     /* per local: 1 when initialised */
  RC_VEC(uint32_t) inits;  /* locals initialised so far, innermost block last */
  const valtype *results;  /* of the function */
  uint32_t nresults;
  RC_VEC(valtype) vals;
  RC_VEC(struct ctrl) ctrls;

  /* What the current instruction did, for the listener. */
  const struct instr *in;
  RC_VEC(valtype) popped;  /* in pop order (top first); reversed before reporting */
  RC_VEC(valtype) pushed;
  const struct ctrl *bt;   /* block signature to report, or NULL */
  struct ctrl bt_copy;     /* the closed frame, for end/else/catch/delegate */
  const valtype *label_types;
  uint32_t label_ntypes;
  RC_VEC(const valtype *) catch_types; /* try_table: per catch, its label's types */
  RC_VEC(uint32_t) catch_ntypes;
};

/* Errors: RC_ERR_INVALID at the current instruction (or at `offset`). */
void verr_impl(struct vctx *v, const char *fmt, ...) RC_PRINTF(2, 3);
/* An expression that is false, so callers can `return verr(...)` (a macro so
 * the compiler sees the false and does not warn about paths after it). */
#define verr(...) (verr_impl(__VA_ARGS__), false)

/* Types. */
bool vsub(struct vctx *v, valtype a, valtype b);
bool vcanon(struct vctx *v, valtype t, valtype *out);       /* module-local -> canonical, "unknown type" */
bool vcanon_heap(struct vctx *v, heaptype ht, heaptype *out);
const struct typeinfo *vtype(struct vctx *v, uint32_t typeidx); /* "unknown type" */
const struct functype *vfunctype(struct vctx *v, uint32_t typeidx); /* must be a function type */
static inline valtype unpacked(valtype st) {
  return (st == VT_I8 || st == VT_I16) ? VT_I32 : st;
}
static inline bool defaultable(valtype t) { return !VT_IS_REF(t) || VT_NULLABLE(t); }
static inline bool is_num(valtype t) {
  uint32_t c = VT_CODE(t);
  return t == VT_BOT || c == VT_I32 || c == VT_I64 || c == VT_F32 || c == VT_F64;
}
static inline bool is_vec(valtype t) { return t == VT_BOT || t == VT_V128; }

/* Operand stack (valid_func.c). Pops are recorded for the listener. */
void push_val(struct vctx *v, valtype t);
void push_vals(struct vctx *v, const valtype *ts, uint32_t n);
bool pop_any(struct vctx *v, valtype *out);
bool pop_val(struct vctx *v, valtype expect, valtype *out);
bool pop_vals(struct vctx *v, const valtype *ts, uint32_t n);
bool pop_ref(struct vctx *v, valtype *out); /* Bot becomes (ref bot) */
void set_unreachable(struct vctx *v);
bool label_at(struct vctx *v, uint32_t depth, struct ctrl **out); /* "unknown label" */

/* Shared typing helpers (valid_ops.c). */
bool apply_sig(struct vctx *v, const char *sig); /* "ab>c" with i I f F v for i32 i64 f32 f64 v128 */
bool mem_addr(struct vctx *v, uint32_t mem, valtype *addr);
bool check_memarg(struct vctx *v, const struct memarg *ma, uint32_t log2size, valtype *addr);
bool check_data_idx(struct vctx *v, uint32_t idx);
bool check_elem_idx(struct vctx *v, uint32_t idx);

/* Per-opcode typing. Each returns false with v->err set on error. */
bool valid_control(struct vctx *v, const struct instr *in, bool *handled);
bool valid_op(struct vctx *v, const struct instr *in);       /* valid_ops.c */
bool valid_simd(struct vctx *v, const struct instr *in);     /* valid_simd.c */
bool valid_gc(struct vctx *v, const struct instr *in);       /* valid_gc.c */

/* Code sequences (valid_func.c). */
bool valid_body(struct vctx *v, uint32_t funcidx);
bool valid_const(struct vctx *v, struct expr e, valtype t, enum val_code_kind kind,
                 uint32_t index, uint32_t item);
bool const_instr_ok(struct vctx *v, const struct instr *in); /* valid_const.c */
bool const_precheck(struct vctx *v, struct expr e);           /* valid_const.c */
void vctx_code_free(struct vctx *v);

#endif
