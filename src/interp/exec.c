/* The dispatch loop. One C function runs every Wasm function of a call tree:
 * Wasm-to-Wasm calls push a frame record and jump; they never recurse in C.
 * The handlers (exec_*.inc) are plain C blocks ending in NEXT().
 *
 * Registers of the loop: pc (current instruction), fp (frame slot 0), and
 * memory 0's base and size (membase, memsize), reloaded after anything that
 * can change them (calls, returns, memory.grow). */
#include <math.h>
#include <stdlib.h>

#include "gc/alloc.h"
#include "interp/code.h"
#include "interp/float.h"

#define A(i) (((const uint32_t *)(pc + 1))[i])
#define S(i) (((const int32_t *)(pc + 1))[i])
#define R32(i) ((uint32_t)fp[i])
#define W32(i, v) (fp[i] = (uint32_t)(v))
#define W64(i, v) (fp[i] = (uint64_t)(v))
#ifdef RECLAIM_OP_PROFILE
/* Build with -DRECLAIM_OP_PROFILE to count executed ops and op pairs; the
 * top ones are printed to stderr at exit. Off by default: NEXT() is then a
 * bare indirect jump. */
#include <stdio.h>
static const char *const prof_names[IOP_COUNT] = {
#define IOP_PNAME(n) [IOP_##n] = #n,
    IOP_LIST(IOP_PNAME)
#undef IOP_PNAME
};
static struct prof_h {
  const void *h;
  uint32_t op;
} prof_sorted[IOP_COUNT];
static uint64_t prof_n[IOP_COUNT], prof_pair[IOP_COUNT][IOP_COUNT];
static uint32_t prof_prev = IOP_COUNT;
static int prof_cmp_h(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const struct prof_h *)a)->h, y = (uintptr_t)((const struct prof_h *)b)->h;
  return x < y ? -1 : x > y;
}
/* copies by (function, cell): where the hottest copies are */
static struct prof_at {
  uint32_t func, cell;
  uint64_t n;
} prof_at[1 << 14];
static void prof_copy(uint32_t func, uint32_t cell) {
  uint32_t k = (func * 2654435761u ^ cell * 40503u) & ((1 << 14) - 1);
  while (prof_at[k].n && (prof_at[k].func != func || prof_at[k].cell != cell)) k = (k + 1) & ((1 << 14) - 1);
  prof_at[k].func = func;
  prof_at[k].cell = cell;
  prof_at[k].n++;
}
static void prof_report(void) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < IOP_COUNT; i++) total += prof_n[i];
  fprintf(stderr, "op profile: %llu ops\n", (unsigned long long)total);
  for (int k = 0; k < 40; k++) {
    uint32_t best = 0;
    for (uint32_t i = 1; i < IOP_COUNT; i++) if (prof_n[i] > prof_n[best]) best = i;
    if (!prof_n[best]) break;
    fprintf(stderr, "  %-22s %12llu %5.1f%%\n", prof_names[best], (unsigned long long)prof_n[best],
            100.0 * (double)prof_n[best] / (double)total);
    prof_n[best] = 0;
  }
  fprintf(stderr, "hottest copies (func @cell):\n");
  for (int k = 0; k < 30; k++) {
    uint32_t best = 0;
    for (uint32_t i = 1; i < (1 << 14); i++) if (prof_at[i].n > prof_at[best].n) best = i;
    if (!prof_at[best].n) break;
    fprintf(stderr, "  func %u @%u %llu\n", prof_at[best].func, prof_at[best].cell, (unsigned long long)prof_at[best].n);
    prof_at[best].n = 0;
  }
  fprintf(stderr, "op pairs:\n");
  for (int k = 0; k < 40; k++) {
    uint32_t bi = 0, bj = 0;
    for (uint32_t i = 0; i < IOP_COUNT; i++)
      for (uint32_t j = 0; j < IOP_COUNT; j++) if (prof_pair[i][j] > prof_pair[bi][bj]) bi = i, bj = j;
    if (!prof_pair[bi][bj]) break;
    fprintf(stderr, "  %-22s %-22s %12llu %5.1f%%\n", prof_names[bi], prof_names[bj],
            (unsigned long long)prof_pair[bi][bj], 100.0 * (double)prof_pair[bi][bj] / (double)total);
    prof_pair[bi][bj] = 0;
  }
}
static void prof_init(const void *const *handlers) {
  if (prof_sorted[0].h) return;
  for (uint32_t i = 0; i < IOP_COUNT; i++) prof_sorted[i] = (struct prof_h){handlers[i], i};
  qsort(prof_sorted, IOP_COUNT, sizeof prof_sorted[0], prof_cmp_h);
  atexit(prof_report);
}
static void prof_hit(const void *h) {
  uint32_t lo = 0, hi = IOP_COUNT;
  while (hi - lo > 1) {
    uint32_t mid = (lo + hi) / 2;
    if ((uintptr_t)prof_sorted[mid].h <= (uintptr_t)h) lo = mid; else hi = mid;
  }
  uint32_t op = prof_sorted[lo].op;
  prof_n[op]++;
  if (prof_prev < IOP_COUNT) prof_pair[prof_prev][op]++;
  prof_prev = op;
}
#define NEXT()                                                                                     \
  do {                                                                                             \
    prof_hit(pc->h);                                                                               \
    if (pc->h == &&L_copy) prof_copy(fn->code->index, (uint32_t)(pc - fn->code->cells));           \
    goto *pc->h;                                                                                   \
  } while (0)
#else
#define NEXT() goto *pc->h
#endif
#define TRAP(msg)                                                                                  \
  do {                                                                                             \
    trap_msg = (msg);                                                                              \
    goto trap;                                                                                     \
  } while (0)

#define LOAD_MEM()                                                                                 \
  do {                                                                                             \
    struct meminst *m0_ = inst->nmems ? inst->mems[0] : NULL; /* NULL while instantiating */     \
    if (m0_) {                                                                                     \
      membase = m0_->data;                                                                         \
      memsize = m0_->size;                                                                         \
    } else {                                                                                       \
      membase = NULL;                                                                              \
      memsize = 0;                                                                                 \
    }                                                                                              \
  } while (0)

static const char *const OOB_MEM = "out of bounds memory access";
static const char *const OOB_TABLE = "out of bounds table access";

/* Effective address of an access of n bytes at addr+off in memory m, or NULL. */
static inline uint8_t *mem_at(struct meminst *m, uint64_t addr, uint64_t off, uint64_t n) {
  if (!m->is64) addr = (uint32_t)addr;
  if (addr > m->size || off > m->size - addr || n > m->size - addr - off) return NULL;
  return m->data + addr + off;
}

/* The fused moves of movn/jmp_mv/call_mv: m = s0, d0, s1, d1, ..., in order
 * (a later move may read what an earlier one wrote). */
static inline void do_moves(uint64_t *fp, const uint32_t *m, uint32_t n) {
  const uint32_t *end = m + 2 * n;
  do {
    uint32_t s = m[0], d = m[1];
    fp[d] = fp[s];
    m += 2;
  } while (m < end);
}

/* Zero a callee's declared locals: stores for a few (a memset call costs
 * more than it saves), memset for more. */
static inline void zero_slots(uint64_t *p, uint64_t *end) {
  if (RC_LIKELY(p >= end)) return;
  if (end - p > 2) {
    memset(p, 0, (size_t)(end - p) * 8);
    return;
  }
  p[0] = 0;
  if (p + 1 < end) p[1] = 0;
}

/* Range [a, a+n) within a length: */
static inline bool range_ok(uint64_t a, uint64_t n, uint64_t len) { return a <= len && n <= len - a; }

static const char *op_memory_fill(struct meminst *m, uint64_t d, uint8_t v, uint64_t n) {
  if (!range_ok(d, n, m->size)) return OOB_MEM;
  memset(m->data + d, v, n);
  return NULL;
}
static const char *op_memory_copy(struct meminst *dm, struct meminst *sm, uint64_t d, uint64_t s,
                                  uint64_t n) {
  if (!range_ok(d, n, dm->size) || !range_ok(s, n, sm->size)) return OOB_MEM;
  memmove(dm->data + d, sm->data + s, n);
  return NULL;
}
static const char *op_memory_init(struct meminst *m, struct datainst *seg, uint64_t d, uint64_t s,
                                  uint64_t n) {
  uint64_t len = seg->bytes ? seg->len : 0;
  if (!range_ok(d, n, m->size) || !range_ok(s, n, len)) return OOB_MEM;
  if (n) memcpy(m->data + d, seg->bytes + s, n);
  return NULL;
}
static const char *op_table_fill(struct tableinst *t, uint64_t i, rc_ref v, uint64_t n) {
  if (!range_ok(i, n, t->size)) return OOB_TABLE;
  for (uint64_t k = 0; k < n; k++) t->elems[i + k] = v;
  return NULL;
}
static const char *op_table_copy(struct tableinst *dt, struct tableinst *st, uint64_t d, uint64_t s,
                                 uint64_t n) {
  if (!range_ok(d, n, dt->size) || !range_ok(s, n, st->size)) return OOB_TABLE;
  memmove(dt->elems + d, st->elems + s, n * sizeof(rc_ref));
  return NULL;
}
static const char *op_table_init(struct tableinst *t, struct eleminst *seg, uint64_t d, uint64_t s,
                                 uint64_t n) {
  uint64_t len = seg->refs ? seg->len : 0;
  if (!range_ok(d, n, t->size) || !range_ok(s, n, len)) return OOB_TABLE;
  if (n) memcpy(t->elems + d, seg->refs + s, n * sizeof(rc_ref));
  return NULL;
}

/* GC fields and elements by kind (code.h FK_*): load into / store from slots. */
#define ARRAY_MAX_BYTES (1ull << 32)
static inline void fk_load(const uint8_t *p, uint32_t fk, uint64_t *dst) {
  switch (fk) {
  case FK_I8: *dst = *p; return;
  case FK_I8 | FK_SIGNED: *dst = (uint32_t)(int32_t)(int8_t)*p; return;
  case FK_I16: {
    uint16_t v;
    memcpy(&v, p, 2);
    *dst = v;
    return;
  }
  case FK_I16 | FK_SIGNED: {
    int16_t v;
    memcpy(&v, p, 2);
    *dst = (uint32_t)(int32_t)v;
    return;
  }
  case FK_32: {
    uint32_t v;
    memcpy(&v, p, 4);
    *dst = v;
    return;
  }
  case FK_V128: memcpy(dst, p, 16); return;
  default: memcpy(dst, p, 8); return;
  }
}
static inline void fk_store(uint8_t *p, uint32_t fk, const uint64_t *src) {
  switch (fk & 7) {
  case FK_I8: *p = (uint8_t)*src; return;
  case FK_I16: {
    uint16_t v = (uint16_t)*src;
    memcpy(p, &v, 2);
    return;
  }
  case FK_32: {
    uint32_t v = (uint32_t)*src;
    memcpy(p, &v, 4);
    return;
  }
  case FK_V128: memcpy(p, src, 16); return;
  default: memcpy(p, src, 8); return;
  }
}

/* Fill n elements of kind fk at p with the value in src (array.new/fill). */
static void fill_elems(uint8_t *p, uint32_t fk, uint64_t n, const uint64_t *src) {
  switch (fk & 7) {
  case FK_I8: memset(p, (uint8_t)*src, n); return;
  case FK_I16: {
    uint16_t v = (uint16_t)*src;
    for (uint64_t i = 0; i < n; i++) memcpy(p + 2 * i, &v, 2);
    return;
  }
  case FK_32: {
    uint32_t v = (uint32_t)*src;
    if (v == 0) {
      memset(p, 0, n * 4);
      return;
    }
    for (uint64_t i = 0; i < n; i++) memcpy(p + 4 * i, &v, 4);
    return;
  }
  case FK_V128:
    for (uint64_t i = 0; i < n; i++) memcpy(p + 16 * i, src, 16);
    return;
  default: {
    uint64_t v = *src;
    for (uint64_t i = 0; i < n; i++) memcpy(p + 8 * i, &v, 8);
    return;
  }
  }
}

/* Does reference r match the target of a ref.test (mode, ti)? */
static bool ref_test_slow(rc_ref r, uint32_t mode, const struct typeinfo *ti) {
  if (!r) return (mode & RT_NULLABLE) != 0;
  enum ti_kind k;
  switch (mode & 0xFF) {
  case RT_ANY:
  case RT_NONNULL: return true;
  case RT_NONE: return false;
  case RT_I31: return REF_IS_I31(r);
  case RT_EQ:
    if (REF_IS_I31(r)) return true;
    k = REF_OBJ(r)->ti->kind;
    return k == TI_STRUCT || k == TI_ARRAY;
  case RT_STRUCT: return !REF_IS_I31(r) && REF_OBJ(r)->ti->kind == TI_STRUCT;
  case RT_ARRAY: return !REF_IS_I31(r) && REF_OBJ(r)->ti->kind == TI_ARRAY;
  case RT_GC_CONCRETE: {
    if (REF_IS_I31(r)) return false;
    const struct typeinfo *t = REF_OBJ(r)->ti;
    return (t->kind == TI_STRUCT || t->kind == TI_ARRAY) && types_id_sub(t, ti);
  }
  case RT_FUNC_CONCRETE: return types_id_sub(((struct funcinst *)(uintptr_t)r)->type, ti);
  }
  return false;
}

/* The common case inline: a GC object whose type is exactly the target
 * (one load and compare); anything else goes to ref_test_slow. */
static inline bool ref_test(rc_ref r, uint32_t mode, const struct typeinfo *ti) {
  if ((mode & 0xFF) == RT_GC_CONCRETE && r && !REF_IS_I31(r) && REF_OBJ(r)->ti == ti) return true;
  return ref_test_slow(r, mode, ti);
}

/* The innermost catch of code c covering cell `at` that matches exn. */
static const struct code_catch *find_catch(const struct code *c, uint32_t at, rc_ref exn,
                                           struct instance *inst) {
  const struct taginst *tag;
  memcpy(&tag, GC_PAYLOAD(REF_OBJ(exn)), sizeof tag);
  uint32_t h = 0;
  for (uint32_t i = c->nhandlers; i-- > 0;) {
    if (at >= c->handlers[i].start && at < c->handlers[i].end) {
      h = i + 1;
      break;
    }
  }
  while (h) {
    const struct code_handler *hd = &c->handlers[h - 1];
    if (hd->delegate) {
      h = hd->next;
      continue;
    }
    for (uint32_t j = 0; j < hd->n; j++) {
      const struct code_catch *k = &c->catches[hd->first + j];
      if (k->tag == CATCH_ANY || inst->tags[k->tag] == tag) return k;
    }
    h = hd->parent;
  }
  return NULL;
}

/* Resolve a call_indirect target; NULL with *msg set on a trap. */
static inline struct funcinst *indirect_target(struct instance *inst, uint32_t typeidx,
                                               uint32_t tab, uint64_t i, const char **msg) {
  struct tableinst *t = inst->tables[tab];
  if (!t->is64) i = (uint32_t)i;
  if (i >= t->size) {
    *msg = "undefined element";
    return NULL;
  }
  rc_ref r = t->elems[i];
  if (!r) {
    *msg = "uninitialized element";
    return NULL;
  }
  struct funcinst *f = (struct funcinst *)(uintptr_t)r;
  const struct typeinfo *want = inst->types[typeidx];
  if (f->type != want && !types_id_sub(f->type, want)) {
    *msg = "indirect call type mismatch";
    return NULL;
  }
  return f;
}

static bool loop(struct exec *ex, struct funcinst *fn, uint64_t *fp, struct rc_error *err,
                 const void *const **table_out) {
  static const void *const handlers[IOP_COUNT] = {
#define IOP_LABEL(n) [IOP_##n] = &&L_##n,
      IOP_LIST(IOP_LABEL)
#undef IOP_LABEL
  };
  if (!ex) {
    *table_out = handlers;
    return true;
  }
#ifdef RECLAIM_OP_PROFILE
  prof_init(handlers);
#endif

  const union cell *pc;
  struct instance *inst = fn->inst;
  uint8_t *membase;
  uint64_t memsize;
  const char *trap_msg = NULL;
  rc_ref exn = 0;
  /* where an exception in flight was thrown: its backtrace if uncaught */
  struct frame *thr_ft = NULL;
  struct funcinst *thr_fn = NULL;
  const union cell *thr_pc = NULL;
  bool thr_inner = false; /* thrown in a nested run, which recorded its frames */
  struct frame *const fbase = ex->ftop;
  struct frame *ft = fbase;
  struct frame *const ftend = ex->frames_end;
  uint64_t *const stack_end = ex->stack_end;

  if (ft >= ftend) goto exhausted_entry;
  ft->pc = NULL;
  ft->fp = NULL;
  ft->fn = NULL;
  ft++;
  {
    const struct code *c = fn->code;
    for (uint32_t i = c->nparam_slots; i < c->nlocal_slots; i++) fp[i] = 0;
    pc = c->cells;
  }
  LOAD_MEM();
  NEXT();

#include "interp/exec_ctl.inc"
#include "interp/exec_num.inc"
#include "interp/exec_mem.inc"
#include "interp/exec_gc.inc"

trap_oob_mem: /* a label of its own keeps the message load off the fast paths */
  trap_msg = OOB_MEM;
  goto trap;
trap:
  exec_record_trap(ex, ft, fn, pc);
  rc_fail(err, RC_ERR_TRAP, RC_NO_OFFSET, "%s", trap_msg);
  goto fail;
exhausted:
  exec_record_trap(ex, ft, fn, pc);
  rc_fail(err, RC_ERR_EXHAUSTION, RC_NO_OFFSET, "call stack exhausted");
  goto fail;
unwind:
  /* exn was thrown at pc: find the innermost matching catch, in this frame
   * or in its callers (which are suspended inside their call ops). Unwinding
   * only reads the frame records above ft, so they still describe the
   * throw point if nothing catches. */
  thr_ft = ft;
  thr_fn = fn;
  thr_pc = pc;
  for (;;) {
    const struct code *c = fn->code;
    const struct code_catch *k = find_catch(c, (uint32_t)(pc - c->cells), exn, inst);
    if (k) {
      const uint8_t *p = GC_PAYLOAD(REF_OBJ(exn));
      if (k->tag != CATCH_ANY) {
        const struct taginst *tag;
        memcpy(&tag, p, sizeof tag);
        memcpy(fp + k->pay_slot, p + 8, (size_t)tag->type->param_slots * 8);
      }
      if (k->exn_slot != NO_SLOT) fp[k->exn_slot] = exn;
      if (thr_inner) ex->bt.len = 0;
      thr_inner = false;
      pc = c->cells + k->land;
      NEXT();
    }
  unwind_up:
    ft--;
    if (!ft->pc) {
      ex->exn = exn;
      ex->bt_keep = thr_inner;
      exec_record_trap(ex, thr_ft, thr_fn, thr_pc);
      char name[200];
      interp_tag_name(ex->store, exn_tag(exn), name, sizeof name);
      rc_fail(err, RC_ERR_EXCEPTION, RC_NO_OFFSET, "uncaught exception: %s", name);
      goto fail;
    }
    pc = ft->pc - 1;
    fp = ft->fp;
    fn = ft->fn;
    inst = fn->inst;
    LOAD_MEM();
  }
failed_tail: /* a host function reached by return_call failed: this frame is gone, so
               * an exception goes to the caller's handlers */
  if (err->kind == RC_ERR_EXCEPTION && ex->exn) {
    exn = ex->exn;
    ex->exn = 0;
    rc_error_clear(err);
    thr_inner = true;
    thr_ft = ft;
    thr_fn = fn;
    thr_pc = pc;
    goto unwind_up;
  }
  goto failed_inside;
failed_inside: /* a host function or nested call set err; add our frames */
  if (err->kind == RC_ERR_EXCEPTION && ex->exn) {
    exn = ex->exn;
    ex->exn = 0;
    thr_inner = true;
    rc_error_clear(err);
    goto unwind;
  }
  ex->bt_keep = true;
  exec_record_trap(ex, ft, fn, pc);
  goto fail;
fail:
  ex->bt_keep = false;
  ex->ftop = fbase;
  return false;
exhausted_entry:
  rc_fail(err, RC_ERR_EXHAUSTION, RC_NO_OFFSET, "call stack exhausted");
  return false;
done:
  ex->ftop = fbase;
  return true;
}

const void *const *exec_handlers(void) {
  static const void *const *table;
  if (!table) loop(NULL, NULL, NULL, NULL, &table);
  return table;
}

bool exec_run(struct exec *ex, struct funcinst *fn, uint64_t *fp, struct rc_error *err) {
  return loop(ex, fn, fp, err, NULL);
}
