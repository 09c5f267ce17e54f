/* Interrupting running Wasm code (timeouts): interp_interrupt patches the
 * poll cells of a module's functions (code.h struct code_poll) to
 * IOP_interrupt, so the dispatch loop notices the request at the next call,
 * loop iteration or throw without any check on its fast paths. The op's
 * handler (exec_ctl.inc) traps if its store was asked to stop, after
 * putting the module's handlers back; otherwise it runs the cell's own op
 * (exec_interrupt_hit). */
#include "interp/code.h"

static void patch(const struct module *m, struct module_code *mc, bool on) {
  const void *stop = exec_handlers()[IOP_interrupt];
  uint32_t nf = m->nfuncs - m->nimported_funcs;
  for (uint32_t i = 0; mc->funcs && i < nf; i++) {
    struct code *c = mc->funcs[i];
    for (uint32_t k = 0; c && k < c->npolls; k++) c->cells[c->polls[k].cell].h = on ? stop : c->polls[k].h;
  }
}

void interp_interrupt(struct store *s, const struct module *m, struct module_code *mc) {
  s->interrupt = 1;
  patch(m, mc, true);
}

void interp_uninterrupt(const struct module *m, struct module_code *mc) { patch(m, mc, false); }

const void *exec_interrupt_hit(struct store *s, const struct funcinst *fn, const union cell *pc) {
  if (s->interrupt) {
    s->interrupt = 0;
    interp_uninterrupt(fn->inst->mod, fn->inst->mcode);
    return NULL;
  }
  const struct code *c = fn->code;
  uint32_t cell = (uint32_t)(pc - c->cells);
  uint32_t lo = 0, hi = c->npolls; /* polls are sorted by cell */
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (c->polls[mid].cell <= cell) lo = mid;
    else hi = mid;
  }
  return c->polls[lo].h;
}
