/* The emitter's state, shared by emit.c (listener, shadow stack, control
 * flow, calls) and emit_ops.c (instruction selection for everything else).
 *
 * Shadow stack: one entry per Wasm operand-stack value, saying where the
 * value is right now:
 *   SV_TEMP   in its home slot (temp_base + the slots of the values below it)
 *   SV_LOCAL  still in local `li` (local.get emits nothing)
 *   SV_SLOT   in some other slot nobody writes while the entry lives (the
 *             params of an `if` with params, see emit.c)
 *   SV_CONST  a constant not yet written anywhere
 * Invariants: a SV_LOCAL entry exists only while its local is unchanged:
 * every write of a local first materialises its aliases (alias[li] counts
 * them). At every control-flow merge (block entry, label, else, end) the
 * values that cross it are SV_TEMP in their homes, and no SV_LOCAL entry
 * lives across a block entry; so every path into a label agrees on where
 * each value is. */
#ifndef RECLAIM_INTERP_EMIT_H
#define RECLAIM_INTERP_EMIT_H

#include "interp/code.h"

enum sv_kind { SV_TEMP, SV_LOCAL, SV_SLOT, SV_CONST };

struct sv {
  uint8_t kind;
  uint8_t nslots;
  valtype type;
  uint32_t home;     /* home slot */
  uint32_t src;      /* SV_LOCAL/SV_SLOT: the slot holding the value */
  uint32_t li;       /* SV_LOCAL: local index */
  uint64_t c[2];     /* SV_CONST: the bits (v128: both words) */
};

enum ctl_kind { CTL_FUNC, CTL_BLOCK, CTL_LOOP, CTL_IF, CTL_TRY /* legacy try */ };

struct ctl {
  uint8_t kind;
  bool dead;         /* opened in unreachable code: nothing inside is emitted */
  bool unreach;      /* the rest of the current arm is unreachable */
  bool targeted;     /* some branch goes to the end label */
  bool has_else;
  bool if_params;    /* an `if` with params: see emit.c */
  uint32_t height;   /* shadow-stack height at the base of the block's own values */
  uint32_t label_slot; /* where values carried to the label go */
  uint32_t nlabel;   /* number of values a branch carries */
  uint32_t nparams, nresults;
  uint32_t loop_pc;  /* loops: cell index of the loop start */
  uint32_t patch;    /* chain of unresolved jumps to the end label (0 = none) */
  uint32_t else_patch; /* if: chain of jumps to the else arm */
  uint32_t orig_height; /* if_params: height of the original params */
  uint32_t hidx;     /* 1 + index of its exception handler, or 0 */
  bool in_catch;     /* legacy try: now in a catch arm */
  uint32_t exn_slot; /* legacy catch arm: slot of the caught exception */
  uint32_t outer_h;  /* the handler in effect where the block was opened */
  uint32_t land_patch; /* try_table catches landing at the end label: a chain of
                          1 + catch index through their land fields (0 = none) */
};

/* A catch clause while its function is emitted (grouped by handler at the end). */
struct em_catch {
  uint32_t handler;
  struct code_catch k;
};

struct emitter {
  struct module *m;
  struct typestore *ts;
  const void *const *H;
  struct module_code *mc;

  /* The code being emitted. */
  enum val_code_kind kind;
  uint32_t index, item;
  RC_VEC(union cell) cells;
  RC_VEC(struct code_line) lines;
  RC_VEC(uint32_t) relocs;         /* cells holding jump targets as indices */
  RC_VEC(uint32_t) polls;          /* op cells of branches back to a loop (code.h code_poll) */
  RC_VEC(struct sv) st;
  RC_VEC(struct ctl) ctl;
  RC_VEC(struct safepoint) sps;
  RC_VEC(uint64_t) mapbits;
  RC_VEC(struct code_handler) handlers;
  RC_VEC(struct em_catch) catches;

  valtype *ltypes;                 /* per local */
  uint32_t *lslot;                 /* per local: its slot */
  uint32_t *alias;                 /* per local: SV_LOCAL entries on the stack */
  uint32_t nlocals, nparams;
  uint32_t nalias;                 /* total SV_LOCAL entries */
  uint32_t nparam_slots, nlocal_slots, temp_base, max_slot, nresult_slots;
  uint32_t nresults;
  valtype *results;
  bool has_ref_locals;

  /* Peephole: the last op wrote the top entry's home (a SV_TEMP). Valid
   * while last_end == cells.len and the stack height is last_height. */
  uint32_t last_start, last_end, last_height;
  uint32_t last_dst_cell, last_dst_half;
  enum iop last_iop;               /* for compare+branch fusion */
  uint32_t last_a, last_b;
  /* Copy merging: the op at mv_start is a copy or movn that later copies
   * may join, while mv_end == cells.len. Anything that records the current
   * cell index (a label, a loop start, a handler bound) fences it off. */
  uint32_t mv_start, mv_end;
  uint32_t mv_jmp, mv_jmp_end;     /* the last jmp or jmp_mv (emit_moves_jmp), while it is the last op */
};

/* Cells. */
uint32_t em_op(struct emitter *e, enum iop op, uint32_t ncells);
static inline void em_set32(struct emitter *e, uint32_t start, uint32_t k, uint32_t v) {
  e->cells.data[start + 1 + k / 2].u32[k % 2] = v;
}
static inline void em_set64(struct emitter *e, uint32_t cell, uint64_t v) { e->cells.data[cell].u64 = v; }
/* Declare that the op at start wrote the top entry's home through operand k. */
void em_last(struct emitter *e, uint32_t start, uint32_t k, enum iop op, uint32_t a, uint32_t b);
static inline bool em_last_valid(const struct emitter *e) {
  return e->last_end == e->cells.len && e->last_height == e->st.len && e->st.len &&
         e->st.data[e->st.len - 1].kind == SV_TEMP;
}
static inline void em_fence(struct emitter *e) { e->mv_end = UINT32_MAX; }
static inline void em_no_last(struct emitter *e) { e->last_end = UINT32_MAX; }

/* Shadow stack. */
struct sv *sv_top(struct emitter *e, uint32_t k); /* k = 0: top */
struct sv sv_pop(struct emitter *e);
void sv_pop_n(struct emitter *e, uint32_t n);
struct sv *sv_push_temp(struct emitter *e, valtype t);
void sv_push_const(struct emitter *e, valtype t, uint64_t lo, uint64_t hi);
uint32_t sv_next_home(const struct emitter *e);
/* Slot holding the entry's value, writing a constant to its home first. */
uint32_t sv_slot(struct emitter *e, struct sv *v);
void sv_materialize(struct emitter *e, struct sv *v);
void emit_to_slot(struct emitter *e, const struct sv *v, uint32_t dst);
/* Is the constant representable as a sign-extended i32 immediate? */
bool sv_imm32(const struct sv *v, int32_t *imm);

/* Record the stack map for a safepoint whose resume pc is `pc` (cell
 * index): reference-typed locals and SV_TEMP entries now on the stack. */
void emit_safepoint(struct emitter *e, uint32_t pc);

/* GC instructions (emit_gc.c); false if vi is not one. */
bool emit_gc(struct emitter *e, const struct val_instr *vi);
/* ref.test target mode (code.h RT_*) for canonical heap type ht. */
uint32_t gc_rt_mode(struct emitter *e, heaptype ht, bool nullable, const struct typeinfo **ti);

/* Instruction selection for non-control instructions (emit_ops.c). */
bool emit_simple(struct emitter *e, const struct val_instr *vi, struct rc_error *err);
void emit_unsupported(struct emitter *e, const struct val_instr *vi);
/* Fused compare+branch: the op to jump when `last` holds (negate: when not). */
bool emit_fuse_cmp(struct emitter *e, bool negate, enum iop *br, uint32_t *a, uint32_t *b);

#endif
