/* Calls from the host into Wasm and from Wasm into the host, the execution
 * stacks of a store, trap backtraces, and the GC's view of live frames.
 *
 * The value stack is one array per store; the frame records (struct frame)
 * another. interp_call puts a new frame at ex->sp; while a host function
 * runs, ex->sp is moved above its argument slots, so a host function that
 * calls back into Wasm stacks the new frames above the suspended ones. */
#include <stdio.h>
#include <stdlib.h>

#include "interp/code.h"

#define DEFAULT_CALL_DEPTH 10000u
#define DEFAULT_VALUE_STACK (1u << 20)

struct exec *exec_new(struct store *s) {
  struct exec *ex = rc_calloc(1, sizeof *ex);
  ex->store = s;
  uint64_t slots = s->config.max_value_stack ? s->config.max_value_stack : DEFAULT_VALUE_STACK;
  uint32_t depth = s->config.max_call_depth ? s->config.max_call_depth : DEFAULT_CALL_DEPTH;
  ex->stack = rc_malloc(slots * sizeof(uint64_t));
  ex->stack_end = ex->stack + slots;
  ex->sp = ex->stack;
  /* one record per Wasm frame, plus one per host->Wasm entry */
  size_t nframes = (size_t)depth + EXEC_MAX_NEST + 1;
  /* one spare record past frames_end: allocation ops record the running
   * frame there when the frame array is full */
  ex->frames = rc_malloc((nframes + 1) * sizeof(struct frame));
  ex->frames_end = ex->frames + nframes;
  ex->ftop = ex->frames;
  return ex;
}

/* Exception package layouts are made on first use per tag type and live
 * as long as the exec. */
const struct typeinfo *exec_exn_type(struct exec *ex, const struct typeinfo *tag_type) {
  for (size_t i = 0; i < ex->exn_types.len; i++)
    if (ex->exn_types.data[i].tag_type == tag_type) return ex->exn_types.data[i].ti;
  const struct functype *ft = &tag_type->comp.func;
  struct typeinfo *ti = rc_calloc(1, sizeof *ti);
  ti->kind = TI_EXN;
  ti->final = true;
  ti->payload_size = 8 + tag_type->param_slots * 8;
  ti->ref_offsets = rc_calloc(ft->nparams + 1, sizeof(uint32_t));
  uint32_t off = 8;
  for (uint32_t i = 0; i < ft->nparams; i++) {
    if (VT_IS_REF(ft->params[i]) && types_ref_traced(ft->params[i]))
      ti->ref_offsets[ti->nrefs++] = off;
    off += vt_slots(ft->params[i]) * 8;
  }
  struct exn_type et = {tag_type, ti};
  rc_vec_push(ex->exn_types, et);
  return ti;
}

void exec_free(struct exec *ex) {
  if (!ex) return;
  for (size_t i = 0; i < ex->exn_types.len; i++) {
    free(ex->exn_types.data[i].ti->ref_offsets);
    free(ex->exn_types.data[i].ti);
  }
  rc_vec_free(ex->exn_types);
  free(ex->stack);
  free(ex->frames);
  rc_vec_free(ex->bt);
  free(ex);
}

static bool exhausted(struct rc_error *err) {
  return rc_fail(err, RC_ERR_EXHAUSTION, RC_NO_OFFSET, "call stack exhausted");
}

bool exec_call_host(struct exec *ex, struct funcinst *f, uint64_t *slots, struct instance *caller,
                    struct rc_error *err) {
  uint64_t *saved = ex->sp;
  if (slots >= ex->stack && slots < ex->stack_end) {
    uint32_t n = RC_MAX(f->type->param_slots, f->type->result_slots);
    if (slots + n > ex->stack_end) return exhausted(err);
    ex->sp = slots + n;
  }
  struct hostcall hc = {ex->store, caller, f->env, err};
  bool ok = f->host(&hc, slots);
  ex->sp = saved;
  if (!ok && err->kind == RC_OK)
    rc_fail(err, RC_ERR_TRAP, RC_NO_OFFSET, "host function %s failed",
            f->debug_name ? f->debug_name : "?");
  return ok;
}

/* Run Wasm function f (f->code set) on the arguments in slots. */
static bool call_wasm(struct exec *ex, struct funcinst *f, uint64_t *slots, struct rc_error *err) {
  const struct code *c = f->code;
  if (ex->nest >= EXEC_MAX_NEST) return exhausted(err);
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (ex->nest == 0)
    ex->cstack_base = here;
  else if (ex->cstack_base > here && ex->cstack_base - here > EXEC_CSTACK_BUDGET)
    return exhausted(err); /* the stack grows down on every target we build for */
  uint64_t *fp = ex->sp;
  if (fp + c->frame_slots > ex->stack_end) return exhausted(err);
  memcpy(fp, slots, (size_t)c->nparam_slots * 8);
  uint64_t *saved = ex->sp;
  ex->sp = fp + c->frame_slots;
  ex->nest++;
  bool ok = exec_run(ex, f, fp, err);
  ex->nest--;
  ex->sp = saved;
  if (ok) memcpy(slots, fp, (size_t)c->nresult_slots * 8);
  return ok;
}

bool interp_call(struct store *s, struct funcinst *f, uint64_t *slots, struct rc_error *err) {
  struct exec *ex = s->exec;
  if (!ex) ex = s->exec = exec_new(s);
  if (ex->nest == 0) {
    ex->bt.len = 0;
    ex->exn = 0;
  }
  bool ok = f->code ? call_wasm(ex, f, slots, err) : exec_call_host(ex, f, slots, NULL, err);
  /* ex->exn is set exactly when this call fails with an exception (a host
   * function may have dropped one from a nested call) */
  if (ok || err->kind != RC_ERR_EXCEPTION) ex->exn = 0;
  return ok;
}

/* ---- exceptions seen from the host ---- */

struct taginst *exn_tag(rc_ref exn) {
  struct taginst *tag;
  memcpy(&tag, GC_PAYLOAD(REF_OBJ(exn)), sizeof tag);
  return tag;
}

const uint64_t *exn_payload(rc_ref exn) {
  return (const uint64_t *)(const void *)(GC_PAYLOAD(REF_OBJ(exn)) + 8);
}

rc_ref interp_exn_new(struct store *s, struct taginst *tag, const uint64_t *payload,
                      struct rc_error *err) {
  struct exec *ex = s->exec;
  if (!ex) ex = s->exec = exec_new(s);
  const struct typeinfo *ti = exec_exn_type(ex, tag->type);
  uint32_t n = tag->type->param_slots;
  /* The payload's references stay roots while the package is allocated. */
  uint64_t *saved = ex->pend;
  const struct typeinfo *saved_ti = ex->pend_ti;
  uint64_t *copy = rc_malloc((n ? n : 1) * sizeof(uint64_t));
  if (n) memcpy(copy, payload, (size_t)n * 8);
  ex->pend = copy;
  ex->pend_ti = ti;
  struct gc_obj *o = gc_alloc(s->heap, ti, ti->payload_size, 0);
  ex->pend = saved;
  ex->pend_ti = saved_ti;
  if (!o) {
    free(copy);
    rc_fail(err, RC_ERR_TRAP, RC_NO_OFFSET, "GC heap out of memory");
    return 0;
  }
  memcpy(GC_PAYLOAD(o), &tag, sizeof tag);
  if (n) memcpy(GC_PAYLOAD(o) + 8, copy, (size_t)n * 8);
  free(copy);
  return OBJ_REF(o);
}

bool interp_throw(struct store *s, rc_ref exn, struct rc_error *err) {
  struct exec *ex = s->exec;
  if (!ex) ex = s->exec = exec_new(s);
  if (!exn) return rc_fail(err, RC_ERR_TRAP, RC_NO_OFFSET, "null exception reference");
  ex->exn = exn;
  ex->bt.len = 0; /* no Wasm frames above the host function that throws */
  char name[200];
  interp_tag_name(s, exn_tag(exn), name, sizeof name);
  return rc_fail(err, RC_ERR_EXCEPTION, RC_NO_OFFSET, "uncaught exception: %s", name);
}

rc_ref interp_exception(const struct store *s) { return s->exec ? s->exec->exn : 0; }

rc_ref interp_take_exception(struct store *s) {
  rc_ref exn = interp_exception(s);
  if (exn) s->exec->exn = 0;
  return exn;
}

static bool put_name(const struct name *a, const char *prefix, char *buf, size_t n,
                    const struct name *b) {
  if (b)
    snprintf(buf, n, "%s%.*s.%.*s", prefix, (int)a->len, a->data, (int)b->len, b->data);
  else
    snprintf(buf, n, "%s%.*s", prefix, (int)a->len, a->data);
  return true;
}

/* Names come from the store's instances: an export of the tag wins, then
 * an import of it, then its index in the instance that defines it. */
void interp_tag_name(const struct store *s, const struct taginst *tag, char *buf, size_t n) {
  const struct instance *def = NULL;
  uint32_t def_idx = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < s->instances.len; i++) {
      const struct instance *inst = s->instances.data[i];
      const struct module *m = inst->mod;
      if (!m || !inst->tags) continue;
      if (pass == 0) {
        for (uint32_t k = 0; k < m->nexports; k++) {
          const struct export *x = &m->exports[k];
          if (x->kind == EXT_TAG && x->index < inst->ntags && inst->tags[x->index] == tag)
            return (void)put_name(&x->name, "tag ", buf, n, NULL);
        }
        for (uint32_t k = m->nimported_tags; k < inst->ntags && !def; k++) {
          if (inst->tags[k] == tag) {
            def = inst;
            def_idx = k;
          }
        }
      } else {
        for (uint32_t k = 0, t = 0; k < m->nimports; k++) {
          const struct import *imp = &m->imports[k];
          if (imp->kind != EXT_TAG) continue;
          if (t < inst->ntags && inst->tags[t] == tag)
            return (void)put_name(&imp->module, "tag ", buf, n, &imp->field);
          t++;
        }
      }
    }
  }
  if (def)
    snprintf(buf, n, "tag[%u]", def_idx);
  else
    snprintf(buf, n, "tag <host>");
}

bool interp_eval_const(struct store *s, struct instance *inst, struct code *c, union rc_value *out,
                       struct rc_error *err) {
  struct exec *ex = s->exec;
  if (!ex) ex = s->exec = exec_new(s);
  struct funcinst fn;
  memset(&fn, 0, sizeof fn);
  fn.inst = inst;
  fn.index = c->index;
  fn.code = c;
  uint64_t slots[2] = {0, 0};
  if (!call_wasm(ex, &fn, slots, err)) return false;
  memset(out, 0, sizeof *out);
  out->slots[0] = slots[0];
  if (c->nresult_slots == 2) out->slots[1] = slots[1];
  return true;
}

/* ---- backtraces ---- */

uint32_t code_offset_at(const struct code *c, const union cell *pc) {
  if (!c || !c->nlines || pc < c->cells) return 0;
  uint32_t at = (uint32_t)(pc - c->cells);
  uint32_t lo = 0, hi = c->nlines; /* find the last line with line.pc <= at */
  while (hi - lo > 1) {
    uint32_t mid = (lo + hi) / 2;
    if (c->lines[mid].pc <= at)
      lo = mid;
    else
      hi = mid;
  }
  return c->lines[lo].offset;
}

static void bt_add(struct exec *ex, struct funcinst *fn, uint32_t offset) {
  /* constant expressions run on a temporary funcinst: do not keep it */
  if (fn && fn->code && fn->code->kind != CODE_FUNC) fn = NULL;
  struct rc_frame f = {fn, fn ? fn->index : 0, offset};
  rc_vec_push(ex->bt, f);
}

/* Record this run's frames: the current one at pc, then the suspended ones
 * down to the run's entry record. A nested run's frames (already recorded
 * when bt_keep is set) are innermost. */
void exec_record_trap(struct exec *ex, struct frame *ftop, struct funcinst *fn,
                      const union cell *pc) {
  if (!ex->bt_keep) ex->bt.len = 0;
  bt_add(ex, fn, code_offset_at(fn->code, pc));
  for (struct frame *f = ftop - 1; f >= ex->frames && f->pc; f--)
    bt_add(ex, f->fn, code_offset_at(f->fn->code, f->pc - 1));
}

uint32_t exec_backtrace(const struct exec *ex, const struct rc_frame **frames) {
  *frames = ex->bt.data;
  return (uint32_t)ex->bt.len;
}

/* ---- GC roots ---- */

static const struct safepoint *find_safepoint(const struct code *c, uint32_t pc) {
  uint32_t lo = 0, hi = c->nsafepoints;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (c->safepoints[mid].pc < pc)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < c->nsafepoints && c->safepoints[lo].pc == pc ? &c->safepoints[lo] : NULL;
}

/* Every suspended Wasm frame has a record (its resume pc, fp and function);
 * the frame's stack map at that pc lists its reference slots. */
void interp_visit_roots(struct exec *ex, void (*visit)(void *ud, rc_ref *slot), void *ud) {
  if (ex->exn) visit(ud, &ex->exn);
  if (ex->pend) {
    const struct typeinfo *ti = ex->pend_ti;
    for (uint32_t i = 0; i < ti->nrefs; i++) {
      rc_ref *r = (rc_ref *)&ex->pend[(ti->ref_offsets[i] - 8) / 8];
      if (*r && !REF_IS_I31(*r)) visit(ud, r);
    }
  }
  for (struct frame *f = ex->frames; f < ex->ftop; f++) {
    if (!f->pc || !f->fn || !f->fn->code) continue;
    const struct code *c = f->fn->code;
    if (!c->nsafepoints) continue;
    const struct safepoint *sp = find_safepoint(c, (uint32_t)(f->pc - c->cells));
    if (!sp) continue;
    const uint64_t *bits = &c->mapbits[sp->bits];
    for (uint32_t w = 0; w < sp->nwords; w++) {
      for (uint64_t b = bits[w]; b; b &= b - 1) {
        uint32_t slot = w * 64 + (uint32_t)__builtin_ctzll(b);
        rc_ref *r = (rc_ref *)&f->fp[slot];
        if (*r && !REF_IS_I31(*r)) visit(ud, r);
      }
    }
  }
}
