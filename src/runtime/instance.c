/* Instantiation (the spec's "instantiate" in order): check imports, allocate
 * functions, tags, globals (initialisers evaluated in order, each seeing the
 * previous ones), memories, tables (with their initialisers), element
 * segments (items evaluated), data segments; then run active element
 * segments, then active data segments, in order, each like table.init /
 * memory.init followed by a drop; drop declarative segments; run start.
 *
 * The instance is registered with the store before anything that can
 * allocate GC objects runs, so its element segments are roots from the
 * start, and it stays owned by the store even when instantiation fails
 * (a trapping segment leaves earlier writes in place, and those may
 * reference this instance's functions). */
#include "interp/interp.h"
#include "runtime/rt.h"

#include <stdlib.h>

static bool trap(struct rc_error *err, const char *msg) {
  return rc_fail(err, RC_ERR_TRAP, RC_NO_OFFSET, "%s", msg);
}

/* LEB128 reader for eval_simple: the bytes were validated when decoding,
 * the bound only guards against running past the expression. */
static inline const uint8_t *leb(const uint8_t *p, const uint8_t *end, bool is_signed, uint64_t *out) {
  uint64_t v = 0;
  unsigned shift = 0;
  uint8_t byte;
  do {
    if (p >= end) return NULL;
    byte = *p++;
    if (shift < 64) v |= (uint64_t)(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (is_signed && shift < 64 && (byte & 0x40)) v |= ~0ull << shift;
  *out = v;
  return p;
}

/* A constant expression of one instruction (most global initialisers and
 * segment offsets: a number, a null, a function, a global) is read from the
 * module's bytes; it gives the value the compiled code would, without
 * entering the interpreter. False if e has another form (then out may hold
 * garbage). */
static bool eval_simple(const struct instance *inst, const struct expr *e, union rc_value *out) {
  const uint8_t *p = inst->mod->bytes + e->start, *end = inst->mod->bytes + e->end;
  size_t n = (size_t)(end - p); /* with the final `end` opcode */
  if (n < 2 || n > 12 || end[-1] != 0x0b) return false; /* longer ones are never one instruction */
  end--;
  uint64_t v;
  switch (*p++) {
  case 0x41: /* i32.const: the slot holds the 32 bits zero-extended */
    if (!(p = leb(p, end, true, &v))) return false;
    out->u64 = (uint32_t)v;
    break;
  case 0x42: /* i64.const */
    if (!(p = leb(p, end, true, &v))) return false;
    out->u64 = v;
    break;
  case 0x43: /* f32.const */
    if (end - p != 4) return false;
    memcpy(&out->slots[0], p, 4); /* little-endian host, like the interpreter's slots */
    return true;
  case 0x44: /* f64.const */
    if (end - p != 8) return false;
    memcpy(&out->slots[0], p, 8);
    return true;
  case 0xd0: /* ref.null ht */
    if (!(p = leb(p, end, true, &v))) return false;
    out->ref = REF_NULL;
    break;
  case 0xd2: /* ref.func x */
    if (!(p = leb(p, end, false, &v)) || p != end || v >= inst->nfuncs) return false;
    out->ref = (rc_ref)(uintptr_t)inst->funcs[v];
    return true;
  case 0x23: { /* global.get x (an imported global, or an earlier one) */
    if (!(p = leb(p, end, false, &v)) || p != end || v >= inst->nglobals || !inst->globals[v]) return false;
    const struct globalinst *g = inst->globals[v];
    out->slots[0] = g->val.slots[0];
    if (vt_slots(g->type) == 2) out->slots[1] = g->val.slots[1];
    return true;
  }
  default: return false;
  }
  return p == end;
}

static bool eval(struct store *s, struct instance *inst, const struct expr *e, struct code *c,
                 union rc_value *out, struct rc_error *err) {
  memset(out, 0, sizeof *out);
  if (eval_simple(inst, e, out)) return true;
  memset(out, 0, sizeof *out);
  if (!c) return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "constant expression was not compiled");
  return interp_eval_const(s, inst, c, out, err);
}

static uint64_t address(const union rc_value *v, bool is64) { return is64 ? v->u64 : (uint64_t)v->u32; }

static bool alloc_objects(struct store *s, struct instance *inst, const struct rc_extern *imports,
                          struct rc_error *err) {
  struct module *m = inst->mod;
  struct module_code *mc = inst->mcode;
  uint32_t nf = 0, nt = 0, nm = 0, ng = 0, ntag = 0;
  for (uint32_t i = 0; i < m->nimports; i++) {
    const struct rc_extern *x = &imports[i];
    switch (x->kind) {
    case EXT_FUNC: inst->funcs[nf++] = x->func; break;
    case EXT_TABLE: inst->tables[nt++] = x->table; break;
    case EXT_MEMORY: inst->mems[nm++] = x->mem; break;
    case EXT_GLOBAL: inst->globals[ng++] = x->global; break;
    case EXT_TAG: inst->tags[ntag++] = x->tag; break;
    }
  }
  /* Defined functions and globals are one array each (store memory). */
  uint32_t ndef = m->nfuncs - m->nimported_funcs;
  struct funcinst *fs = store_alloc(s, (ndef ? ndef : 1) * sizeof *fs);
  rc_vec_reserve(s->funcs, ndef);
  for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
    struct funcinst *f = &fs[i - m->nimported_funcs];
    f->type = inst->types[m->func_types[i]];
    f->inst = inst;
    f->index = i;
    f->code = mc->funcs[i - m->nimported_funcs];
    rc_vec_push(s->funcs, f);
    inst->funcs[i] = f;
  }
  for (uint32_t i = m->nimported_tags; i < m->ntags; i++)
    inst->tags[i] = taginst_new(s, inst->types[m->tags[i]]);
  uint32_t ndefg = m->nglobals - m->nimported_globals;
  struct globalinst *gs = store_alloc(s, (ndefg ? ndefg : 1) * sizeof *gs);
  rc_vec_reserve(s->globals, ndefg);
  for (uint32_t i = m->nimported_globals; i < m->nglobals; i++) {
    struct globalinst *g = &gs[i - m->nimported_globals];
    if (!eval(s, inst, &m->globals[i].init, mc->global_init[i - m->nimported_globals], &g->val, err)) return false;
    const struct globaltype *gt = &m->globals[i].type;
    g->type = types_canon_valtype(m, gt->type);
    g->mut = gt->mut;
    /* A root from here on (the next initialisers may collect). */
    rc_vec_push(s->globals, g);
    inst->globals[i] = g;
  }
  for (uint32_t i = m->nimported_mems; i < m->nmems; i++) {
    inst->mems[i] = meminst_new(s, &m->mems[i], err);
    if (!inst->mems[i]) return false;
  }
  for (uint32_t i = m->nimported_tables; i < m->ntables; i++) {
    union rc_value v = {0};
    const struct table *t = &m->tables[i];
    if (t->has_init && !eval(s, inst, &t->init, mc->table_init[i - m->nimported_tables], &v, err)) return false;
    struct tabletype tt = t->type;
    tt.elem = types_canon_valtype(m, tt.elem);
    inst->tables[i] = tableinst_new(s, &tt, v.ref, err);
    if (!inst->tables[i]) return false;
  }
  for (uint32_t i = 0; i < m->nelems; i++) {
    const struct elem *e = &m->elems[i];
    struct eleminst *seg = &inst->elems[i];
    seg->type = types_canon_valtype(m, e->type);
    /* A declarative segment is dropped right after instantiation and no
     * instruction can read it, so its items are not evaluated (constant
     * expressions have no observable effect besides allocation). */
    if (e->mode == SEG_DECLARATIVE) continue;
    seg->refs = rc_calloc(e->count ? e->count : 1, sizeof(rc_ref));
    seg->len = e->count;  /* set first: items already evaluated are roots */
    for (uint32_t j = 0; j < e->count; j++) {
      if (e->funcs) {
        seg->refs[j] = (rc_ref)(uintptr_t)inst->funcs[e->funcs[j]];
      } else {
        union rc_value v;
        if (!eval(s, inst, &e->exprs[j], mc->elem_items[i][j], &v, err)) return false;
        seg->refs[j] = v.ref;
      }
    }
  }
  for (uint32_t i = 0; i < m->ndatas; i++) {
    inst->datas[i].bytes = m->bytes + m->datas[i].start;
    inst->datas[i].len = m->datas[i].len;
  }
  return true;
}

static void drop_elem(struct eleminst *seg) {
  free(seg->refs);
  seg->refs = NULL;
  seg->len = 0;
}

static bool run_segments(struct store *s, struct instance *inst, struct rc_error *err) {
  struct module *m = inst->mod;
  struct module_code *mc = inst->mcode;
  for (uint32_t i = 0; i < m->nelems; i++) {
    const struct elem *e = &m->elems[i];
    struct eleminst *seg = &inst->elems[i];
    if (e->mode == SEG_ACTIVE) {
      struct tableinst *t = inst->tables[e->table];
      union rc_value v;
      if (!eval(s, inst, &e->offset, mc->elem_offset[i], &v, err)) return false;
      uint64_t off = address(&v, t->is64);
      if (off > t->size || seg->len > t->size - off) return trap(err, "out of bounds table access");
      if (seg->len) memcpy(&t->elems[off], seg->refs, seg->len * sizeof(rc_ref));
      drop_elem(seg);
    } else if (e->mode == SEG_DECLARATIVE) {
      drop_elem(seg);
    }
  }
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const struct data *d = &m->datas[i];
    struct datainst *seg = &inst->datas[i];
    if (d->mode != SEG_ACTIVE) continue;
    struct meminst *mem = inst->mems[d->mem];
    union rc_value v;
    if (!eval(s, inst, &d->offset, mc->data_offset[i], &v, err)) return false;
    uint64_t off = address(&v, mem->is64);
    if (off > mem->size || seg->len > mem->size - off) return trap(err, "out of bounds memory access");
    if (seg->len) memcpy(mem->data + off, seg->bytes, seg->len);
    seg->bytes = NULL;
    seg->len = 0;
  }
  return true;
}

struct instance *instance_new(struct store *s, struct module *m, struct module_code *mc,
                              const struct rc_extern *imports, uint32_t nimports,
                              struct rc_error *err) {
  if (nimports != m->nimports) {
    rc_fail(err, RC_ERR_LINK, RC_NO_OFFSET, "unknown import: %u imports given, %u expected", nimports,
            m->nimports);
    return NULL;
  }
  for (uint32_t i = 0; i < nimports; i++)
    if (!import_matches(s, m, &m->imports[i], &imports[i], err)) return NULL;

  /* The instance and its arrays live as long as the store (store_alloc). */
  struct instance *inst = store_alloc(s, sizeof *inst);
  inst->store = s;
  inst->mod = m;
  inst->mcode = mc;
  inst->types = store_alloc(s, (m->ntypes ? m->ntypes : 1) * sizeof *inst->types);
  for (uint32_t i = 0; i < m->ntypes; i++) inst->types[i] = types_get(s->engine->types, m->types[i].canon);
  inst->nfuncs = m->nfuncs;
  inst->ntables = m->ntables;
  inst->nmems = m->nmems;
  inst->nglobals = m->nglobals;
  inst->ntags = m->ntags;
  inst->nelems = m->nelems;
  inst->ndatas = m->ndatas;
  inst->funcs = store_alloc(s, (m->nfuncs ? m->nfuncs : 1) * sizeof *inst->funcs);
  inst->tables = store_alloc(s, (m->ntables ? m->ntables : 1) * sizeof *inst->tables);
  inst->mems = store_alloc(s, (m->nmems ? m->nmems : 1) * sizeof *inst->mems);
  inst->globals = store_alloc(s, (m->nglobals ? m->nglobals : 1) * sizeof *inst->globals);
  inst->tags = store_alloc(s, (m->ntags ? m->ntags : 1) * sizeof *inst->tags);
  inst->elems = store_alloc(s, (m->nelems ? m->nelems : 1) * sizeof *inst->elems);
  inst->datas = store_alloc(s, (m->ndatas ? m->ndatas : 1) * sizeof *inst->datas);
  rc_vec_push(s->instances, inst);

  if (!alloc_objects(s, inst, imports, err)) return NULL;
  if (!run_segments(s, inst, err)) return NULL;
  if (m->start != UINT32_MAX) {
    uint64_t slots[2] = {0, 0};
    if (!interp_call(s, inst->funcs[m->start], slots, err)) return NULL;
  }
  return inst;
}

bool instance_export(const struct instance *inst, const char *name, size_t len,
                     struct rc_extern *out) {
  const struct module *m = inst->mod;
  for (uint32_t i = 0; i < m->nexports; i++) {
    const struct export *x = &m->exports[i];
    if (x->name.len != len || memcmp(x->name.data, name, len) != 0) continue;
    out->kind = x->kind;
    switch (x->kind) {
    case EXT_FUNC: out->func = inst->funcs[x->index]; break;
    case EXT_TABLE: out->table = inst->tables[x->index]; break;
    case EXT_MEMORY: out->mem = inst->mems[x->index]; break;
    case EXT_GLOBAL: out->global = inst->globals[x->index]; break;
    case EXT_TAG: out->tag = inst->tags[x->index]; break;
    }
    return true;
  }
  return false;
}
