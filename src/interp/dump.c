/* A readable listing of compiled code: every op with its operands, jump
 * targets as cell indices, the pc -> Wasm offset table, stack maps and
 * exception handlers. For debugging and `reclaim inspect`. */
#include <stdio.h>

#include "interp/code.h"

static const char *const iop_names[IOP_COUNT] = {
#define IOP_NAME(n) [IOP_##n] = #n,
    IOP_LIST(IOP_NAME)
#undef IOP_NAME
};

static bool in(enum iop op, enum iop lo, enum iop hi) { return op >= lo && op <= hi; }

/* Cells of the op starting at pc (handler included). */
static uint32_t op_cells(enum iop op, const union cell *pc) {
  switch (op) {
  case IOP_unreachable:
  case IOP_nop:
  case IOP_ret: return 1;
  case IOP_br_table: return 2 + pc[1].u32[1] + 1;
  case IOP_call_mv:
  case IOP_jmp_mv: return 1 + (3 + 2 * pc[2].u32[0] + 1) / 2;
  case IOP_movn: return 1 + (1 + 2 * pc[1].u32[0] + 1) / 2;
  case IOP_simd: return 6;
  case IOP_br_if:
  case IOP_br_unless:
  case IOP_br_on_null:
  case IOP_br_on_non_null:
  case IOP_const64:
  case IOP_select:
  case IOP_select2:
  case IOP_call_indirect:
  case IOP_tail_call_indirect:
  case IOP_memory_grow:
  case IOP_memory_fill:
  case IOP_table_get:
  case IOP_table_set:
  case IOP_table_grow:
  case IOP_table_fill:
  case IOP_array_new:
  case IOP_array_new_default:
  case IOP_array_new_fixed:
  case IOP_array_get:
  case IOP_mov2:
  case IOP_const32x2:
  case IOP_array_set: return 3;
  case IOP_const128:
  case IOP_memory_copy:
  case IOP_memory_init:
  case IOP_table_copy:
  case IOP_table_init:
  case IOP_array_new_data:
  case IOP_array_new_elem:
  case IOP_array_fill:
  case IOP_array_copy:
  case IOP_array_init_data:
  case IOP_array_init_elem:
  case IOP_ref_test:
  case IOP_ref_cast:
  case IOP_br_on_cast:
  case IOP_br_on_cast_fail: return 4;
  default: break;
  }
  if (in(op, IOP_br_i32_eq_ss, IOP_br_i64_ge_u_si) || in(op, IOP_i32_add_ss, IOP_i64_ge_u_si) ||
      in(op, IOP_f32_add, IOP_f64_ge) || in(op, IOP_ld32, IOP_ld128) || in(op, IOP_st8, IOP_st128) ||
      in(op, IOP_ld32_ai, IOP_ld32s64_ai) || in(op, IOP_st8_ai, IOP_st64_ai) ||
      in(op, IOP_sget32, IOP_sset_x))
    return 3;
  if (in(op, IOP_ld32_x, IOP_ld128_x) || in(op, IOP_st8_x, IOP_st128_x)) return 4;
  return 2;
}

/* Index of the jump-target cell within the op, or 0 if it has none. */
static uint32_t target_cell(enum iop op) {
  if (op == IOP_jmp || op == IOP_jmp_mv) return 1;
  if (op == IOP_br_if || op == IOP_br_unless || op == IOP_br_on_null || op == IOP_br_on_non_null ||
      in(op, IOP_br_i32_eq_ss, IOP_br_i64_ge_u_si))
    return 2;
  if (op == IOP_br_on_cast || op == IOP_br_on_cast_fail) return 3;
  return 0;
}

static enum iop op_of(const void *h) {
  const void *const *H = exec_handlers();
  for (uint32_t i = 0; i < IOP_COUNT; i++)
    if (H[i] == h) return (enum iop)i;
  return IOP_COUNT;
}

static void dump_code(FILE *out, const struct code *c) {
  fprintf(out, "code kind %d index %u: %u cells, slots: params %u locals %u frame %u results %u\n",
          (int)c->kind, c->index, c->ncells, c->nparam_slots, c->nlocal_slots, c->frame_slots,
          c->nresult_slots);
  uint32_t line = 0;
  for (uint32_t at = 0; at < c->ncells;) {
    const union cell *pc = &c->cells[at];
    enum iop op = op_of(pc->h);
    if (op == IOP_COUNT) {
      fprintf(out, "%6u: ??? (corrupt)\n", at);
      return;
    }
    while (line + 1 < c->nlines && c->lines[line + 1].pc <= at) line++;
    uint32_t n = op_cells(op, pc);
    uint32_t tc = target_cell(op);
    fprintf(out, "%6u: %-22s", at, iop_names[op]);
    for (uint32_t k = 1; k < n; k++) {
      if (k == tc || (op == IOP_br_table && k >= 2)) {
        fprintf(out, " @%ld", (long)(pc[k].p - c->cells));
      } else if (n > 1) {
        fprintf(out, " %u|%u", pc[k].u32[0], pc[k].u32[1]);
      }
    }
    if (c->nlines) fprintf(out, "   ; +%u", c->lines[line].offset);
    fputc('\n', out);
    at += n;
  }
  for (uint32_t i = 0; i < c->nsafepoints; i++) {
    const struct safepoint *sp = &c->safepoints[i];
    fprintf(out, "  stack map @%u: ref slots", sp->pc);
    for (uint32_t w = 0; w < sp->nwords; w++)
      for (uint32_t b = 0; b < 64; b++)
        if (c->mapbits[sp->bits + w] >> b & 1) fprintf(out, " %u", w * 64 + b);
    fputc('\n', out);
  }
  for (uint32_t i = 0; i < c->nhandlers; i++) {
    const struct code_handler *h = &c->handlers[i];
    fprintf(out, "  handler %u: [%u, %u) parent %u%s", i + 1, h->start, h->end, h->parent,
            h->delegate ? " delegate" : "");
    if (h->delegate) fprintf(out, " -> %u", h->next);
    for (uint32_t j = 0; j < h->n; j++) {
      const struct code_catch *k = &c->catches[h->first + j];
      if (k->tag == CATCH_ANY)
        fprintf(out, " {all");
      else
        fprintf(out, " {tag %u", k->tag);
      fprintf(out, " -> @%u pay %u", k->land, k->pay_slot);
      if (k->exn_slot != NO_SLOT) fprintf(out, " exn %u", k->exn_slot);
      fputc('}', out);
    }
    fputc('\n', out);
  }
}

bool interp_dump_func(void *out, const struct module *m, const struct module_code *mc,
                      uint32_t funcidx) {
  if (funcidx < m->nimported_funcs || funcidx >= m->nfuncs) return false;
  const struct code *c = mc->funcs[funcidx - m->nimported_funcs];
  if (!c) return false;
  dump_code((FILE *)out, c);
  return true;
}
