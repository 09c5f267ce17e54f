/* The interpreter's internal code format, shared by the emitter (emit*.c) and
 * the dispatch loop (exec.c).
 *
 * Code is an array of 64-bit cells. Every instruction starts with a cell
 * holding its handler's address (direct threading: the loop jumps through it
 * with computed goto) followed by operand cells:
 *   - 32-bit operands are packed two per cell (A(0), A(1) in the first operand
 *     cell, A(2), A(3) in the second, ...). They are frame-slot indices or
 *     32-bit immediates.
 *   - 64-bit immediates and jump targets take a whole cell.
 * Op names end in _ss (both operands in slots) or _si (second operand an
 * immediate). Jump targets are absolute cell pointers after finalisation;
 * while a function is being emitted they are cell indices, and a forward
 * jump not yet resolved holds the index of the previous unresolved jump to
 * the same label (a chain through the cells, ending in 0).
 *
 * A frame is [params][declared locals][operand-stack temporaries], 8 bytes
 * per slot (v128 takes 2). fp points at slot 0. A callee's frame starts at
 * the caller's slot where the first argument was placed, so arguments are
 * passed without copying and results come back in the same place.
 *
 * Values in slots: i32 and f32 live in the low 32 bits (readers ignore the
 * upper bits; handlers write i32 results zero-extended); floats are kept as
 * raw bits and only converted inside arithmetic handlers, so NaN payloads
 * survive loads, stores, copies and constants. */
#ifndef RECLAIM_INTERP_CODE_H
#define RECLAIM_INTERP_CODE_H

#include "interp/interp.h"

union cell {
  const void *h;
  const union cell *p;
  uint64_t u64;
  int64_t i64;
  uint32_t u32[2];
  int32_t i32[2];
};

/* Binary ops with a slot/slot and a slot/immediate form. */
#define IOP_BIN_INT(X, t)                                                                          \
  X(t##_add_ss) X(t##_add_si) X(t##_sub_ss) X(t##_sub_si) X(t##_mul_ss) X(t##_mul_si)              \
  X(t##_div_s_ss) X(t##_div_s_si) X(t##_div_u_ss) X(t##_div_u_si) X(t##_rem_s_ss) X(t##_rem_s_si)  \
  X(t##_rem_u_ss) X(t##_rem_u_si) X(t##_and_ss) X(t##_and_si) X(t##_or_ss) X(t##_or_si)            \
  X(t##_xor_ss) X(t##_xor_si) X(t##_shl_ss) X(t##_shl_si) X(t##_shr_s_ss) X(t##_shr_s_si)          \
  X(t##_shr_u_ss) X(t##_shr_u_si) X(t##_rotl_ss) X(t##_rotl_si) X(t##_rotr_ss) X(t##_rotr_si)      \
  X(t##_eq_ss) X(t##_eq_si) X(t##_ne_ss) X(t##_ne_si) X(t##_lt_s_ss) X(t##_lt_s_si)                \
  X(t##_lt_u_ss) X(t##_lt_u_si) X(t##_gt_s_ss) X(t##_gt_s_si) X(t##_gt_u_ss) X(t##_gt_u_si)        \
  X(t##_le_s_ss) X(t##_le_s_si) X(t##_le_u_ss) X(t##_le_u_si) X(t##_ge_s_ss) X(t##_ge_s_si)        \
  X(t##_ge_u_ss) X(t##_ge_u_si)
/* Compare-and-branch: jump when the comparison holds. */
#define IOP_BR_CMP(X, t)                                                                           \
  X(br_##t##_eq_ss) X(br_##t##_eq_si) X(br_##t##_ne_ss) X(br_##t##_ne_si) X(br_##t##_lt_s_ss)      \
  X(br_##t##_lt_s_si) X(br_##t##_lt_u_ss) X(br_##t##_lt_u_si) X(br_##t##_gt_s_ss)                  \
  X(br_##t##_gt_s_si) X(br_##t##_gt_u_ss) X(br_##t##_gt_u_si) X(br_##t##_le_s_ss)                  \
  X(br_##t##_le_s_si) X(br_##t##_le_u_ss) X(br_##t##_le_u_si) X(br_##t##_ge_s_ss)                  \
  X(br_##t##_ge_s_si) X(br_##t##_ge_u_ss) X(br_##t##_ge_u_si)
#define IOP_BIN_FLT(X, t)                                                                          \
  X(t##_add) X(t##_sub) X(t##_mul) X(t##_div) X(t##_min) X(t##_max) X(t##_copysign) X(t##_eq)      \
  X(t##_ne) X(t##_lt) X(t##_gt) X(t##_le) X(t##_ge)
#define IOP_UN_FLT(X, t)                                                                           \
  X(t##_abs) X(t##_neg) X(t##_ceil) X(t##_floor) X(t##_trunc) X(t##_nearest) X(t##_sqrt)

/* Every internal op. Operand layouts are documented beside the handlers. */
#define IOP_LIST(X)                                                                                \
  /* control */                                                                                    \
  X(unreachable) X(unsupported) X(nop) X(jmp) X(br_if) X(br_unless) X(br_table) X(ret) X(ret1)     \
  X(retn) X(call) X(call_indirect) X(call_ref) X(tail_call) X(tail_call_indirect)                  \
  X(tail_call_ref) X(br_on_null) X(br_on_non_null) X(null_check) X(interrupt)                      \
  X(call_mv) X(jmp_mv) X(movn) X(mov2) X(const32x2)                                                                           \
  IOP_BR_CMP(X, i32) IOP_BR_CMP(X, i64)                                                            \
  /* data movement */                                                                              \
  X(copy) X(copy2) X(const32) X(const64) X(const128) X(select) X(select2) X(global_get)           \
  X(global_set) X(global_get2) X(global_set2) X(ref_func)                                          \
  /* integer */                                                                                    \
  IOP_BIN_INT(X, i32) IOP_BIN_INT(X, i64)                                                          \
  X(i32_eqz) X(i32_clz) X(i32_ctz) X(i32_popcnt) X(i32_extend8_s) X(i32_extend16_s)                \
  X(i64_eqz) X(i64_clz) X(i64_ctz) X(i64_popcnt) X(i64_extend8_s) X(i64_extend16_s)                \
  X(i64_extend32_s) X(i32_wrap_i64) X(i64_extend_i32_s) X(i64_extend_i32_u)                        \
  /* float */                                                                                      \
  IOP_BIN_FLT(X, f32) IOP_BIN_FLT(X, f64) IOP_UN_FLT(X, f32) IOP_UN_FLT(X, f64)                    \
  X(i32_trunc_f32_s) X(i32_trunc_f32_u) X(i32_trunc_f64_s) X(i32_trunc_f64_u)                      \
  X(i64_trunc_f32_s) X(i64_trunc_f32_u) X(i64_trunc_f64_s) X(i64_trunc_f64_u)                      \
  X(i32_trunc_sat_f32_s) X(i32_trunc_sat_f32_u) X(i32_trunc_sat_f64_s) X(i32_trunc_sat_f64_u)      \
  X(i64_trunc_sat_f32_s) X(i64_trunc_sat_f32_u) X(i64_trunc_sat_f64_s) X(i64_trunc_sat_f64_u)      \
  X(f32_convert_i32_s) X(f32_convert_i32_u) X(f32_convert_i64_s) X(f32_convert_i64_u)              \
  X(f32_demote_f64) X(f64_convert_i32_s) X(f64_convert_i32_u) X(f64_convert_i64_s)                 \
  X(f64_convert_i64_u) X(f64_promote_f32)                                                          \
  /* memory: loads and stores on memory 0 (32-bit) and on any memory; _ai: memory 0,     \
   * address = slot + immediate (a fused i32.add/sub) */                           \
  X(ld32) X(ld64) X(ld8s32) X(ld8u) X(ld16s32) X(ld16u) X(ld8s64) X(ld16s64) X(ld32s64) X(ld128)   \
  X(ld32_x) X(ld64_x) X(ld8s32_x) X(ld8u_x) X(ld16s32_x) X(ld16u_x) X(ld8s64_x) X(ld16s64_x)      \
  X(ld32s64_x) X(ld128_x)                                                                          \
  X(ld32_ai) X(ld64_ai) X(ld8s32_ai) X(ld8u_ai) X(ld16s32_ai) X(ld16u_ai) X(ld8s64_ai)              \
  X(ld16s64_ai) X(ld32s64_ai)                                                                      \
  X(st8) X(st16) X(st32) X(st64) X(st128) X(st8_x) X(st16_x) X(st32_x) X(st64_x) X(st128_x)        \
  X(st8_ai) X(st16_ai) X(st32_ai) X(st64_ai)                                                       \
  X(memory_size) X(memory_grow) X(memory_fill) X(memory_copy) X(memory_init) X(data_drop)          \
  /* tables */                                                                                     \
  X(table_get) X(table_set) X(table_size) X(table_grow) X(table_fill) X(table_copy)               \
  X(table_init) X(elem_drop)                                                                       \
  /* GC objects and casts */                                                                       \
  X(struct_new) X(struct_new64) X(struct_new_default) X(sget32) X(sget64) X(sget_x) X(sset32) X(sset64) X(sset_x)  \
  X(array_new) X(array_new_default) X(array_new_fixed) X(array_new_data) X(array_new_elem)         \
  X(array_get) X(array_set) X(array_len) X(array_fill) X(array_copy) X(array_init_data)            \
  X(array_init_elem) X(ref_i31) X(i31_get_s) X(i31_get_u) X(ref_test) X(ref_cast) X(br_on_cast)    \
  X(br_on_cast_fail)                                                                               \
  /* exceptions */                                                                                 \
  X(throw) X(throw_ref)                                                                            \
  /* SIMD: one generic op (simd.c) */                                                              \
  X(simd)

enum iop {
#define IOP_ENUM(n) IOP_##n,
  IOP_LIST(IOP_ENUM)
#undef IOP_ENUM
  IOP_COUNT
};

/* Field/element kinds of GC objects (operand of the get/set ops): log2 of
 * the size, FK_SIGNED for get_s of a packed field. */
enum { FK_I8 = 0, FK_I16 = 1, FK_32 = 2, FK_64 = 3, FK_V128 = 4, FK_SIGNED = 0x10 };
static inline uint32_t fk_of(valtype storage) {
  switch (VT_CODE(storage)) {
  case VT_I8: return FK_I8;
  case VT_I16: return FK_I16;
  case VT_I32:
  case VT_F32: return FK_32;
  case VT_V128: return FK_V128;
  default: return FK_64;
  }
}

/* Reference tests (ref.test, ref.cast, br_on_cast): the target heap type
 * as a mode, plus a typeinfo for concrete types. */
enum {
  RT_ANY, RT_EQ, RT_I31, RT_STRUCT, RT_ARRAY, RT_NONE, RT_NONNULL, RT_GC_CONCRETE,
  RT_FUNC_CONCRETE, RT_NULLABLE = 0x100
};

/* pc -> byte offset of the Wasm instruction that emitted it. */
struct code_line {
  uint32_t pc, offset;
};

/* A safepoint: the frame slots holding live references while the function
 * is suspended at the call whose return address is cell index `pc`. Only
 * safepoints with at least one reference slot are recorded. */
struct safepoint {
  uint32_t pc;
  uint32_t bits;  /* index of the first word of its bitmap in code.mapbits */
  uint32_t nwords;/* bitmap length in 64-bit words (bit i = slot i) */
};

/* Exception handlers. A handler covers the cells [start, end) of a try
 * body; handlers are in order of their start, so for a pc the covering
 * handler latest in the array is the innermost; when none of its catches
 * matches, the search goes on with its parent. A catch that matches writes
 * the payload to pay_slot.., the exception reference to exn_slot (if not
 * NO_SLOT), and resumes at pc `land`. */
#define CATCH_ANY UINT32_MAX
#define NO_SLOT UINT32_MAX
struct code_catch {
  uint32_t tag;       /* tag index in the module, or CATCH_ANY */
  uint32_t pay_slot, exn_slot;
  uint32_t land;
};
struct code_handler {
  uint32_t start, end;
  uint32_t first, n;  /* its catches, in order */
  uint32_t parent;    /* 1 + index of the enclosing handler, 0 = none: tried next */
  uint32_t next;      /* delegate: 1 + index of the handler it passes to, 0 = the caller */
  bool delegate;      /* legacy `delegate`: no catches of its own */
};

/* A poll cell: the first cell of an op where an interrupt request is
 * noticed (a function's entry, every branch back to a loop, every throw:
 * together they cut every cycle of control flow). interp_interrupt
 * overwrites its handler with IOP_interrupt; `h` is the op's own handler,
 * which interp_uninterrupt puts back. Zero cost while no request is pending. */
struct code_poll {
  const void *h;
  uint32_t cell;
};

struct code {
  union cell *cells;
  uint32_t ncells;
  enum val_code_kind kind;
  uint32_t index;            /* function index (CODE_FUNC) or segment/global index */
  uint32_t nparam_slots;     /* params */
  uint32_t nlocal_slots;     /* params + declared locals */
  uint32_t nresult_slots;
  uint32_t frame_slots;      /* whole frame: locals + temporaries (>= nresult_slots) */
  struct code_line *lines;
  uint32_t nlines;
  struct safepoint *safepoints;
  uint32_t nsafepoints;
  uint64_t *mapbits;
  struct code_handler *handlers;
  uint32_t nhandlers;
  struct code_catch *catches;
  struct code_poll *polls;   /* by cell, ascending (CODE_FUNC only) */
  uint32_t npolls;
};

/* Handler addresses, indexed by enum iop (exec.c). */
const void *const *exec_handlers(void);

void code_free(struct code *c);
/* The loop reached a patched poll cell at pc of fn (interrupt.c): NULL if
 * the store was asked to stop (the request is cleared and the module's
 * handlers put back), else the cell's own handler. Out of line, so the
 * loop's fast paths do not pay for it. */
const void *exec_interrupt_hit(struct store *s, const struct funcinst *fn, const union cell *pc);

/* ---- exec state (call.c) ---- */

/* A suspended frame: where the caller resumes. pc == NULL marks the entry of
 * one interp_call (its caller is the host). */
struct frame {
  const union cell *pc;
  uint64_t *fp;
  struct funcinst *fn;
};

/* The layout of an exception package for a tag type: a GC object of kind
 * TI_EXN holding the taginst pointer, then the payload in slot layout. */
struct exn_type {
  const struct typeinfo *tag_type;
  struct typeinfo *ti;
};
const struct typeinfo *exec_exn_type(struct exec *ex, const struct typeinfo *tag_type);

struct exec {
  struct store *store;
  uint64_t *stack, *stack_end;
  uint64_t *sp;              /* first free slot: where a new interp_call puts its frame */
  struct frame *frames, *frames_end;
  struct frame *ftop;        /* first free frame record */
  uint32_t nest;             /* interp_call nesting (host -> Wasm re-entry) */
  uintptr_t cstack_base;     /* native stack address at the outermost interp_call */
  RC_VEC(struct rc_frame) bt;
  rc_ref exn;                /* an exception escaping to the host (a root) */
  uint64_t *pend;            /* interp_exn_new: a payload being packaged (its refs are roots) */
  const struct typeinfo *pend_ti;
  RC_VEC(struct exn_type) exn_types; /* package layouts, by tag type */
  bool bt_keep;              /* a nested call already recorded the inner part */
};

/* The dispatch loop: run fn with its frame at fp (arguments in place, space
 * for fn->code->frame_slots checked). */
bool exec_run(struct exec *ex, struct funcinst *fn, uint64_t *fp, struct rc_error *err);

/* Out-of-line helpers of the loop (call.c). */
bool exec_call_host(struct exec *ex, struct funcinst *f, uint64_t *slots, struct instance *caller,
                    struct rc_error *err);
void exec_record_trap(struct exec *ex, struct frame *ftop, struct funcinst *fn,
                      const union cell *pc);
uint32_t code_offset_at(const struct code *c, const union cell *pc);

/* SIMD instructions (simd.c): op|d a|b c|lane [x0] [x1]; NULL or a trap message. */
const char *simd_exec(struct instance *inst, uint64_t *fp, const union cell *pc);

#define EXEC_MAX_NEST 200
/* Native stack a chain of host -> Wasm re-entries may use. Each nesting
 * costs a dispatch-loop frame whose size depends on the build (about 112 KiB
 * at -O0 under ASan), so the count limit alone cannot protect every build. */
#define EXEC_CSTACK_BUDGET ((uintptr_t)4 << 20)

#endif
