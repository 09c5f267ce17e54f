/* The validator: checks a decoded module against the spec's typing rules and,
 * in the same pass over each function body, drives a code listener (the
 * interpreter's emitter) so that code is compiled exactly once, as it is
 * validated.
 *
 * Validation is in the order the spec defines: types (canonicalised into the
 * engine's type store first), imports, functions, tables, memories, globals,
 * exports, start, elems, datas, then every function body. Errors are
 * RC_ERR_INVALID with the spec's message ("type mismatch", "unknown local",
 * "alignment must not be larger than natural", ...), err->func set to the
 * function index and err->offset to the instruction's byte offset.
 *
 * Constant expressions (global initialisers, table initialisers, element and
 * data offsets, element items) are validated with the same code and also
 * reported to the listener as tiny functions with no params and one result,
 * so the runtime evaluates them with the interpreter: one mechanism for all
 * code. */
#ifndef RECLAIM_VALID_H
#define RECLAIM_VALID_H

#include "binary/instr.h"
#include "binary/module.h"
#include "types/typestore.h"

/* What the listener sees for each instruction, after the validator checked
 * it. All types are canonical (types/typestore.h). The pointers are valid
 * only during the callback: copy what you keep.
 *
 * In reachable code pops/pushes are exact (pops are the operands' actual
 * types, subtypes of what the instruction expects; br_if and friends push
 * the label's types). In unreachable code an operand taken from the
 * polymorphic stack is reported as the type the instruction expected, or as
 * 0 (unknown) where it expected any type (drop, select); a reference made
 * from such an operand may carry a validator-internal heap type. else and end
 * are reported with reachable = whether the end of the branch/block being
 * closed is reachable; the code after them always is. */
struct val_instr {
  const struct instr *in;
  bool reachable;          /* false in unreachable code (after br, return, ...); the
                              listener may ignore such instructions until the
                              enclosing block's else/end */
  uint32_t height;         /* operand stack height in values, before the instruction */
  const valtype *pops;     /* the types popped, bottom first (for blocks: the params) */
  uint32_t npops;
  const valtype *pushes;   /* the types pushed, bottom first */
  uint32_t npushes;
  /* Resolved block signature for block/loop/if/try/try_table (and for
   * else/end: the signature of the block being continued/closed). */
  const valtype *bt_params, *bt_results;
  uint32_t bt_nparams, bt_nresults;
  /* For br, br_if, br_table, br_on_*, delegate and return: the types the
   * target label expects. For br_table these are the default label's (all
   * its labels have the same arity; the types may differ by subtyping). */
  const valtype *label_types;
  uint32_t label_ntypes;
  /* try_table: for catch clause i (in->try_table.catches[i]), the types its
   * target label expects. NULL for other instructions. */
  const valtype *const *catch_label_types;
  const uint32_t *catch_label_ntypes;
};

/* Which piece of code a listener is compiling. */
enum val_code_kind {
  CODE_FUNC,        /* a function body: index = function index */
  CODE_GLOBAL_INIT, /* index = global index */
  CODE_TABLE_INIT,  /* index = table index */
  CODE_ELEM_OFFSET, /* index = elem segment */
  CODE_ELEM_ITEM,   /* index = elem segment, item = position in it */
  CODE_DATA_OFFSET, /* index = data segment */
};

struct val_listener {
  void *ud;
  /* Start of a body. locals: params first, then declared locals (canonical). */
  bool (*begin)(void *ud, enum val_code_kind kind, uint32_t index, uint32_t item,
                const valtype *locals, uint32_t nlocals, const valtype *results,
                uint32_t nresults, struct rc_error *err);
  bool (*instr)(void *ud, const struct val_instr *vi, struct rc_error *err);
  /* After the final `end` of the body. */
  bool (*end)(void *ud, struct rc_error *err);
};

/* Validate m (already decoded). ts canonicalises its types. listener may be
 * NULL (validate only). */
bool module_validate(struct module *m, struct typestore *ts, const struct val_listener *listener,
                     struct rc_error *err);

#endif
