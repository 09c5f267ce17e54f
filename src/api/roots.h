/* The root table of a store: every value the host holds lives in one slot
 * here, and the GC finds host-held values only through it.
 *
 * A root is named by a handle (reclaim_root_t: store id, slot index, slot
 * generation, scope id), never by a pointer, so
 * - a released or reused slot is detected by its generation, and the
 *   reason (explicit release, scope close, object deleted) is reported;
 * - objects may move: the table's slots are the only copies of the values.
 *
 * Invariants kept by roots.c:
 * - slot 0 is never used (an all-zero handle is "no root");
 * - a slot is live iff its `live` flag is set; its generation changes
 *   exactly when it is released, so a handle (index, gen) names the slot
 *   only while slot.gen == gen and the slot is live;
 * - freed slots are reused first-in first-out, so a stale handle's slot
 *   usually still tells why it was released;
 * - every live scoped root is on the `scoped` stack above the mark of the
 *   scope it belongs to; closing a scope releases exactly those entries
 *   whose (index, gen) still names a live slot.
 *
 * The retention report (api/retention.c) groups live slots by label and
 * tells the GC which group each visited slot belongs to by its address in
 * `slots` (gc_collect_attributed); slots are indices, so the report names
 * roots by handle and label. `exclude` (an enumerator that skips one slot)
 * remains for per-root measurements with gc_collect_retained. */
#ifndef RECLAIM_API_ROOTS_H
#define RECLAIM_API_ROOTS_H

#include "gc/gc.h"
#include "reclaim.h"

enum root_class {
  ROOT_OBJECT = 1, /* the root of a wasm.h reference object */
  ROOT_SCOPED = 2,
  ROOT_OWNED = 3,
};

enum root_release {
  REL_NONE = 0,
  REL_EXPLICIT, /* reclaim_root_release */
  REL_SCOPE,    /* its scope closed */
  REL_OBJECT,   /* the wasm.h object was deleted */
};

struct root_slot {
  rc_ref ref;          /* the value; for non-value kinds the object pointer */
  void *owner;         /* ROOT_OBJECT: the wasm.h object (struct handle) */
  char *label;         /* owned copy, or NULL */
  uint32_t gen;
  uint32_t scope;      /* id of the owning scope, 0 if none */
  uint32_t next_free;  /* free slots: next on the free list (0: end) */
  uint8_t live;
  uint8_t cls;         /* enum root_class */
  uint8_t kind;        /* enum hkind (api.h): what ref is */
  uint8_t released;    /* enum root_release: why it was last released */
};

struct scope_rec {
  uint32_t id;
  size_t mark;         /* scoped.len when it opened */
};

struct scoped_entry {
  uint32_t index, gen;
};

struct root_table {
  uint32_t store_id;
  struct root_slot *slots;
  uint32_t len, cap;   /* slots[0..len) exist; slot 0 is unused */
  uint32_t free_head, free_tail;
  size_t nlive[4];     /* live roots per class (index = enum root_class) */
  RC_VEC(struct scope_rec) scopes;
  RC_VEC(struct scoped_entry) scoped;
  uint32_t next_scope;
  uint32_t exclude;    /* a slot roots_visit skips (retention passes), 0 = none */
  char err[320];       /* last error message */
};

/* Does a slot of this kind hold a GC reference the collector traces? */
typedef bool (*roots_traced_fn)(uint8_t kind);

void roots_init(struct root_table *t, uint32_t store_id);
/* Frees the table; owners of ROOT_OBJECT slots are not touched (the caller
 * frees them first with roots_foreach). */
void roots_fini(struct root_table *t);

/* A new live slot. scope must be 0 or the innermost open scope's id. */
reclaim_root_t roots_add(struct root_table *t, enum root_class cls, uint8_t kind, rc_ref ref,
                         void *owner, uint32_t scope);

/* Check that root names a live slot of this table; op names the operation
 * for the message ("use", "release"). On success *slot is the slot. */
reclaim_status_t roots_lookup(struct root_table *t, reclaim_root_t root, bool releasing,
                              struct root_slot **slot);
/* Release a live slot (after roots_lookup, or for an object's own root). */
void roots_release_slot(struct root_table *t, uint32_t index, enum root_release why);

/* Record an error message; returns status. */
reclaim_status_t roots_error(struct root_table *t, reclaim_status_t status, const char *fmt, ...)
    RC_PRINTF(3, 4);

reclaim_scope_t roots_scope_open(struct root_table *t);
reclaim_status_t roots_scope_close(struct root_table *t, reclaim_scope_t scope);
/* The innermost open scope's id, or 0. */
uint32_t roots_current_scope(const struct root_table *t);

/* Visit every traced, non-null, non-i31 live slot but t->exclude. */
void roots_visit(struct root_table *t, roots_traced_fn traced, struct gc_heap *h, gc_visit_fn visit);
/* Call fn on every live slot in index order. fn may release the slot it is
 * given (and no other). */
void roots_foreach(struct root_table *t, void (*fn)(void *ud, uint32_t index, struct root_slot *slot),
                   void *ud);

#endif
