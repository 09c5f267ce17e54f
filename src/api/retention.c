/* The retention report (reclaim.h): which roots keep how much of the GC
 * heap alive.
 *
 * Retainers are groups of root slots: 0 globals, 1 tables, 2 element
 * segments, 3 live frames (every slot that is none of the others: the
 * interpreter's frames and any other runtime enumerator), then one group
 * per label of host roots and one per unlabelled host root holding a GC
 * object. gc_collect_attributed tells, in one marking pass, the bytes only
 * each group reaches; the root slot a visit comes from is classified by its
 * address (the root table's slot array, each global's value, each table's
 * and segment's element array), so the collection itself uses the store's
 * normal root enumerator and stays exactly a full collection.
 *
 * The GC's OOM hook (retention_install) takes a report while the failing
 * allocation's frames are still live; wasm_func_call / reclaim_func_call
 * hand it to the "GC heap out of memory" trap they return. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>

enum { G_GLOBALS, G_TABLES, G_SEGMENTS, G_FRAMES, G_FIRST_ROOT };

struct reclaim_retention_t {
  reclaim_retainer_t *items;
  size_t n;
  char **names; /* owned strings the items point to */
  size_t nnames;
  reclaim_retention_totals_t totals;
};

struct interval {
  uintptr_t start, end;
  uint32_t group;
};

struct classify {
  struct wasm_store_t *st;
  uintptr_t slots_start, slots_end; /* the root table's slot array */
  uint32_t *slot_group;             /* per root slot index; UINT32_MAX: not a host group */
  struct interval *iv;              /* sorted by start */
  size_t niv;
  size_t visits[G_FIRST_ROOT];
};

static uint32_t classify_slot(void *ud, const rc_ref *slot) {
  struct classify *c = ud;
  uintptr_t a = (uintptr_t)slot;
  if (a >= c->slots_start && a < c->slots_end) {
    size_t i = (a - c->slots_start) / sizeof(struct root_slot);
    uint32_t g = c->slot_group[i];
    if (g != UINT32_MAX) return g;
    c->visits[G_FRAMES]++;
    return G_FRAMES;
  }
  size_t lo = 0, hi = c->niv;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c->iv[mid].start <= a) lo = mid + 1;
    else hi = mid;
  }
  uint32_t g = lo && a < c->iv[lo - 1].end ? c->iv[lo - 1].group : G_FRAMES;
  c->visits[g]++;
  return g;
}

static int cmp_interval(const void *a, const void *b) {
  const struct interval *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Labels to group ids: open addressing over the label strings. */
struct label_map {
  const char **keys;
  uint32_t *vals;
  size_t mask;
};
static size_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211ull;
  return (size_t)h;
}
static uint32_t *label_slot(struct label_map *m, const char *label) {
  for (size_t i = hash_str(label) & m->mask;; i = (i + 1) & m->mask) {
    if (!m->keys[i]) {
      m->keys[i] = label;
      m->vals[i] = UINT32_MAX;
      return &m->vals[i];
    }
    if (strcmp(m->keys[i], label) == 0) return &m->vals[i];
  }
}

static int cmp_retainer(const void *a, const void *b) {
  const reclaim_retainer_t *x = a, *y = b;
  if (x->bytes != y->bytes) return x->bytes > y->bytes ? -1 : 1;
  if (x->kind != y->kind) return (int)x->kind - (int)y->kind;
  return x->root.index < y->root.index ? -1 : x->root.index > y->root.index;
}

static char *name_copy(reclaim_retention_t *r, const char *s) {
  char *c = rc_strdup(s);
  r->names[r->nnames++] = c;
  return c;
}

static bool holds_gc_object(const struct root_slot *s) {
  return s->live && hkind_traced(s->kind) && s->ref != REF_NULL && !REF_IS_I31(s->ref);
}

static reclaim_retention_t *retention_compute(struct wasm_store_t *st) {
  struct root_table *t = &st->roots;
  struct store *s = st->s;
  struct classify c;
  memset(&c, 0, sizeof c);
  c.st = st;
  c.slots_start = (uintptr_t)t->slots;
  c.slots_end = (uintptr_t)(t->slots + t->len);
  c.slot_group = rc_malloc((size_t)t->len * sizeof *c.slot_group);

  /* Host groups: one per label, one per unlabelled root holding an object. */
  size_t cap = 16;
  while (cap < 2 * (size_t)t->len) cap *= 2;
  struct label_map lm = {rc_calloc(cap, sizeof(char *)), rc_calloc(cap, sizeof(uint32_t)), cap - 1};
  RC_VEC(uint32_t) first_slot = {0}; /* per host group: its first slot index */
  RC_VEC(size_t) count = {0};
  uint32_t ngroups = G_FIRST_ROOT;
  for (uint32_t i = 0; i < t->len; i++) {
    c.slot_group[i] = UINT32_MAX;
    const struct root_slot *rs = &t->slots[i];
    if (i == 0 || !holds_gc_object(rs)) continue;
    uint32_t *g = rs->label ? label_slot(&lm, rs->label) : NULL;
    if (!g || *g == UINT32_MAX) {
      uint32_t id = ngroups++;
      if (g) *g = id;
      rc_vec_push(first_slot, i);
      rc_vec_push(count, 0);
      c.slot_group[i] = id;
    } else {
      c.slot_group[i] = *g;
    }
    count.data[c.slot_group[i] - G_FIRST_ROOT]++;
  }
  free(lm.keys);
  free(lm.vals);

  /* Runtime locations by address. */
  RC_VEC(struct interval) iv = {0};
  for (size_t i = 0; i < s->globals.len; i++) {
    struct globalinst *g = s->globals.data[i];
    struct interval x = {(uintptr_t)&g->val.ref, (uintptr_t)&g->val.ref + sizeof(rc_ref), G_GLOBALS};
    rc_vec_push(iv, x);
  }
  for (size_t i = 0; i < s->tables.len; i++) {
    struct tableinst *tb = s->tables.data[i];
    if (!tb->elems || !tb->size) continue;
    struct interval x = {(uintptr_t)tb->elems, (uintptr_t)(tb->elems + tb->size), G_TABLES};
    rc_vec_push(iv, x);
  }
  for (size_t i = 0; i < s->instances.len; i++) {
    struct instance *inst = s->instances.data[i];
    if (!inst->elems) continue;
    for (uint32_t e = 0; e < inst->nelems; e++) {
      struct eleminst *seg = &inst->elems[e];
      if (!seg->refs || !seg->len) continue;
      struct interval x = {(uintptr_t)seg->refs, (uintptr_t)(seg->refs + seg->len), G_SEGMENTS};
      rc_vec_push(iv, x);
    }
  }
  if (iv.len) qsort(iv.data, iv.len, sizeof *iv.data, cmp_interval);
  c.iv = iv.data;
  c.niv = iv.len;

  uint64_t *bytes = rc_calloc(ngroups, sizeof *bytes), *objects = rc_calloc(ngroups, sizeof *objects);
  struct gc_attribution at = {bytes, objects, 0, 0, 0, 0};
  gc_collect_attributed(s->heap, classify_slot, &c, ngroups, &at);

  reclaim_retention_t *r = rc_calloc(1, sizeof *r);
  r->items = rc_calloc(ngroups, sizeof *r->items);
  r->names = rc_calloc(ngroups, sizeof *r->names);
  static const char *const runtime_names[G_FIRST_ROOT] = {"globals", "tables", "element segments", "live frames"};
  static const reclaim_retainer_kind_t runtime_kinds[G_FIRST_ROOT] = {
      RECLAIM_RETAINER_GLOBALS, RECLAIM_RETAINER_TABLES, RECLAIM_RETAINER_SEGMENTS, RECLAIM_RETAINER_FRAMES};
  for (uint32_t g = 0; g < ngroups; g++) {
    reclaim_retainer_t *it = &r->items[r->n++];
    it->bytes = bytes[g];
    it->objects = objects[g];
    if (g < G_FIRST_ROOT) {
      it->kind = runtime_kinds[g];
      it->name = runtime_names[g];
      it->count = c.visits[g];
      continue;
    }
    uint32_t i = first_slot.data[g - G_FIRST_ROOT];
    const struct root_slot *rs = &t->slots[i];
    it->kind = RECLAIM_RETAINER_ROOTS;
    it->root_class = (reclaim_root_class_t)rs->cls;
    it->root.store = t->store_id;
    it->root.index = i;
    it->root.gen = rs->gen;
    it->root.scope = rs->scope;
    it->count = count.data[g - G_FIRST_ROOT];
    if (rs->label) {
      it->label = it->name = name_copy(r, rs->label);
    } else {
      char buf[64];
      snprintf(buf, sizeof buf, "%s root %u",
               rs->cls == ROOT_OWNED ? "owned" : rs->cls == ROOT_SCOPED ? "scoped" : "wasm.h object", i);
      it->name = name_copy(r, buf);
    }
  }
  qsort(r->items, r->n, sizeof *r->items, cmp_retainer);
  r->totals.live_bytes = at.live_bytes;
  r->totals.live_objects = at.live_objects;
  r->totals.shared_bytes = at.shared_bytes;
  r->totals.shared_objects = at.shared_objects;
  r->totals.roots = t->nlive[ROOT_OBJECT] + t->nlive[ROOT_SCOPED] + t->nlive[ROOT_OWNED];

  free(bytes);
  free(objects);
  rc_vec_free(iv);
  rc_vec_free(first_slot);
  rc_vec_free(count);
  free(c.slot_group);
  return r;
}

reclaim_status_t reclaim_store_retention(wasm_store_t *st, reclaim_retention_t **out) {
  if (!out) return RECLAIM_ERR_NULL_HANDLE;
  *out = NULL;
  if (!st) return RECLAIM_ERR_NULL_HANDLE;
  *out = retention_compute(st);
  return RECLAIM_OK;
}

void reclaim_retention_delete(reclaim_retention_t *r) {
  if (!r) return;
  for (size_t i = 0; i < r->nnames; i++) free(r->names[i]);
  free(r->names);
  free(r->items);
  free(r);
}

size_t reclaim_retention_size(const reclaim_retention_t *r) { return r ? r->n : 0; }

const reclaim_retainer_t *reclaim_retention_get(const reclaim_retention_t *r, size_t i) {
  return r && i < r->n ? &r->items[i] : NULL;
}

const reclaim_retainer_t *reclaim_retention_find(const reclaim_retention_t *r, const char *name) {
  if (!r || !name) return NULL;
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->items[i].name, name) == 0) return &r->items[i];
  return NULL;
}

void reclaim_retention_totals(const reclaim_retention_t *r, reclaim_retention_totals_t *out) {
  if (r) *out = r->totals;
  else memset(out, 0, sizeof *out);
}

static const char *class_name(const reclaim_retainer_t *it) {
  if (it->kind != RECLAIM_RETAINER_ROOTS) return "runtime";
  switch (it->root_class) {
  case RECLAIM_ROOT_OWNED: return "owned";
  case RECLAIM_ROOT_SCOPED: return "scoped";
  default: return "wasm.h";
  }
}

size_t reclaim_retention_format(const reclaim_retention_t *r, size_t max_entries, char *buf, size_t size) {
  size_t len = 0;
#define OUT(...)                                                                             \
  do {                                                                                       \
    int n_ = snprintf(buf && len < size ? buf + len : NULL, buf && len < size ? size - len : 0, __VA_ARGS__); \
    if (n_ > 0) len += (size_t)n_;                                                           \
  } while (0)
  if (buf && size) buf[0] = '\0';
  if (!r) return 0;
  OUT("retention: %llu bytes live in %llu objects, %llu bytes shared, %zu host roots\n",
      (unsigned long long)r->totals.live_bytes, (unsigned long long)r->totals.live_objects,
      (unsigned long long)r->totals.shared_bytes, r->totals.roots);
  OUT("  %12s %10s %8s  %-8s %s\n", "bytes", "objects", "roots", "class", "retainer");
  size_t n = max_entries && max_entries < r->n ? max_entries : r->n;
  for (size_t i = 0; i < n; i++) {
    const reclaim_retainer_t *it = &r->items[i];
    OUT("  %12llu %10llu %8zu  %-8s %s\n", (unsigned long long)it->bytes, (unsigned long long)it->objects,
        it->count, class_name(it), it->name);
  }
  if (n < r->n) OUT("  ... %zu more retainers\n", r->n - n);
#undef OUT
  return len;
}

/* ---- the OOM hook and traps ---- */

static void on_oom(void *ud, struct gc_heap *h, size_t payload_bytes) {
  (void)h;
  (void)payload_bytes;
  struct wasm_store_t *st = ud;
  reclaim_retention_delete(st->oom_report);
  st->oom_report = retention_compute(st);
}

void retention_install(struct wasm_store_t *st) { gc_set_oom_hook(st->s->heap, on_oom, st); }

void retention_clear(struct wasm_store_t *st) {
  reclaim_retention_delete(st->oom_report);
  st->oom_report = NULL;
}

void retention_attach(struct wasm_store_t *st, wasm_trap_t *trap) {
  if (trap && st->oom_report) {
    struct trap_data *td = H(trap)->obj;
    if (strstr(td->msg, "GC heap out of memory") && !td->retention) {
      td->retention = st->oom_report;
      st->oom_report = NULL;
    }
  }
  retention_clear(st);
}

const reclaim_retention_t *reclaim_trap_retention(const wasm_trap_t *trap) {
  if (!trap) return NULL;
  const struct trap_data *td = HC(trap)->obj;
  return td->retention;
}
