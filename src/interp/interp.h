/* The interpreter's interface to the runtime: compile a module (validation
 * and code emission in one pass), call functions, evaluate constant
 * expressions, and walk live frames for the GC.
 *
 * Execution never recurses in C for Wasm-to-Wasm calls: frames live on the
 * store's own value stack and call stack. A host function that calls back
 * into Wasm enters the loop again (bounded by the same depth limit). */
#ifndef RECLAIM_INTERP_H
#define RECLAIM_INTERP_H

#include "runtime/rt.h"
#include "valid/valid.h"

/* Compiled code of one module: one `struct code` per defined function and
 * per constant expression. Shared by every instance of the module. */
struct module_code {
  struct code **funcs;        /* [nfuncs - nimported_funcs] */
  struct code **global_init;  /* [nglobals - nimported_globals] */
  struct code **table_init;   /* [ntables - nimported_tables], NULL when no initialiser */
  struct code **elem_offset;  /* [nelems], NULL for non-active segments */
  struct code ***elem_items;  /* [nelems][count], NULL when the segment lists function indices */
  struct code **data_offset;  /* [ndatas], NULL for passive segments */
};

/* Validate m and compile all of its code. */
struct module_code *interp_compile(struct module *m, struct typestore *ts, struct rc_error *err);
void module_code_free(const struct module *m, struct module_code *mc);

/* Per-store execution state: value stack, call stack, trap backtrace. */
struct exec *exec_new(struct store *s);
void exec_free(struct exec *ex);

/* Call f (Wasm or host). slots holds the arguments on entry (v128 in two
 * slots) and the results on return; it must have room for
 * max(param_slots, result_slots). On a trap returns false with err set
 * (RC_ERR_TRAP with the spec's message, RC_ERR_EXHAUSTION for
 * "call stack exhausted", RC_ERR_EXCEPTION, RC_ERR_EXIT); the store stays
 * usable. */
bool interp_call(struct store *s, struct funcinst *f, uint64_t *slots, struct rc_error *err);

/* Evaluate a compiled constant expression for inst; writes one value. */
bool interp_eval_const(struct store *s, struct instance *inst, struct code *c, union rc_value *out,
                       struct rc_error *err);

/* Visit every reference slot in live frames (precise: stack maps at the
 * current safepoint of each frame). */
void interp_visit_roots(struct exec *ex, void (*visit)(void *ud, rc_ref *slot), void *ud);

/* Print a listing of function funcidx's compiled code (ops, operands, jump
 * targets, stack maps, exception handlers) to out (a FILE *). Returns false
 * if funcidx is imported or out of range. */
bool interp_dump_func(void *out, const struct module *m, const struct module_code *mc,
                      uint32_t funcidx);

/* Backtrace of the most recent trap: innermost frame first. */
struct rc_frame {
  struct funcinst *func;
  uint32_t func_index;
  uint32_t offset;            /* byte offset of the instruction in the module, or 0 */
};
uint32_t exec_backtrace(const struct exec *ex, const struct rc_frame **frames);

#endif
