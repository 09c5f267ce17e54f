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

/* ---- exceptions seen from the host ----
 * An exception is a GC object (an exnref): its tag and its payload in slot
 * layout (the tag type's params, v128 in two slots). */
struct taginst *exn_tag(rc_ref exn);
const uint64_t *exn_payload(rc_ref exn);
/* A new exception of tag with the payload (tag->type->param_slots slots;
 * its references stay rooted while it is allocated). 0 with err set
 * ("GC heap out of memory") on failure. The result is unrooted: throw it
 * or root it before the next allocation. */
rc_ref interp_exn_new(struct store *s, struct taginst *tag, const uint64_t *payload,
                      struct rc_error *err);
/* For host functions: make exn the exception in flight and return false
 * with err = RC_ERR_EXCEPTION; the host function returns false with it, and
 * the interpreter unwinds to a Wasm handler (or to interp_call's caller). */
bool interp_throw(struct store *s, rc_ref exn, struct rc_error *err);
/* The exception of the last interp_call that failed with RC_ERR_EXCEPTION
 * (0 if none). It stays a root until the next interp_call returns: a host
 * function that wants to pass on an exception from a nested call after
 * making other calls must take it (interp_take_exception), keep it in a root
 * of its own, and throw it again with interp_throw. */
rc_ref interp_exception(const struct store *s);
/* The same, and forget it (the caller now holds it in a root of its own). */
rc_ref interp_take_exception(struct store *s);
/* A name for tag in messages: "tag NAME" (its export name), "tag MOD.FIELD"
 * (an import of it), "tag[N]" (index in its defining instance) or
 * "tag <host>". Uncaught exceptions fail with the message
 * "uncaught exception: " followed by this name. */
void interp_tag_name(const struct store *s, const struct taginst *tag, char *buf, size_t n);

/* Ask Wasm code of mc (compiled from m) running in store s to stop: its next
 * function entry, branch back to a loop or throw fails the call with
 * RC_ERR_TRAP "interrupted". The request stays pending until code of mc in
 * s notices it (other stores sharing mc run on, a little slower). Costs
 * nothing until asked: the code's poll cells are patched. Async-signal-safe;
 * call it from a signal handler of the thread running s, or while no thread
 * runs mc. */
void interp_interrupt(struct store *s, const struct module *m, struct module_code *mc);
/* Undo the patching of interp_interrupt (done when the request is noticed). */
void interp_uninterrupt(const struct module *m, struct module_code *mc);

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
