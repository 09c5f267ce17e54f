/* reclaim's extensions to the WebAssembly C API (wasm.h): engine limits,
 * the per-store root table (explicit host roots with scopes and labels),
 * explicit collection and heap statistics.
 *
 * Roots (docs/api.md has the rules with examples):
 * - A root keeps one value (any reference: a GC object, an i31, a function,
 *   or any other wasm.h reference object) alive and reachable from the host.
 *   The GC finds host-held values only through roots.
 * - A root is a handle (reclaim_root_t: store id, slot index, generation,
 *   scope id), never a pointer to a GC object, so the collector may move
 *   objects and a stale handle is detected instead of read.
 * - Three kinds of root live in a store's root table:
 *     wasm.h reference objects (wasm_ref_t, wasm_func_t, ...): each is an
 *       owned root, released by its wasm_X_delete;
 *     scoped roots (reclaim_root_new): released when the innermost scope
 *       open at their creation closes (or earlier, explicitly);
 *     owned roots (reclaim_root_new_owned): live until released, with an
 *       optional label naming them in reports.
 * - Misuse is an error code plus a message (reclaim_store_error), never a
 *   crash or a read of freed memory: a null handle, a handle that was never
 *   issued, a root of another store, a double release, a use after release,
 *   a use after the root's scope closed, scopes closed out of order.
 * - Deleting a store releases every root and frees every object of the
 *   store, including wasm.h objects the host did not delete. */
#ifndef RECLAIM_H
#define RECLAIM_H

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Engine configuration (applies to every store of the engine) ---- */

/* Non-tail Wasm call depth before a call traps with "call stack exhausted"
 * (default 10000). 0 keeps the default. */
WASM_API_EXTERN void reclaim_config_set_max_call_depth(wasm_config_t *, uint32_t depth);
/* Value-stack slots per store (8 bytes each; default 1 Mi). */
WASM_API_EXTERN void reclaim_config_set_max_value_stack(wasm_config_t *, uint64_t slots);
/* Bytes per linear memory: memory.grow beyond it fails, a module whose
 * minimum exceeds it cannot be instantiated (default 4 GiB; 0 = the spec
 * limit). */
WASM_API_EXTERN void reclaim_config_set_max_memory_bytes(wasm_config_t *, uint64_t bytes);
/* Elements per table (default 16 Mi; 0 = the spec limit). */
WASM_API_EXTERN void reclaim_config_set_max_table_elems(wasm_config_t *, uint64_t elems);
/* Bytes of GC heap per store: an allocation that does not fit after a full
 * collection traps with "GC heap out of memory" (0 = the default, 1 GiB). */
WASM_API_EXTERN void reclaim_config_set_gc_heap_max(wasm_config_t *, uint64_t bytes);
/* Collect before every allocation and verify the heap after each
 * collection (slow: for testing embedders' rooting). */
WASM_API_EXTERN void reclaim_config_set_gc_stress(wasm_config_t *, bool on);

/* ---- Status codes ---- */

typedef enum reclaim_status_t {
  RECLAIM_OK = 0,
  RECLAIM_ERR_NULL_HANDLE,    /* a zero handle (never issued), or a NULL argument */
  RECLAIM_ERR_BAD_HANDLE,     /* a handle this store never issued */
  RECLAIM_ERR_WRONG_STORE,    /* a root or object of another store */
  RECLAIM_ERR_RELEASED,       /* use of a root after it was released */
  RECLAIM_ERR_DOUBLE_RELEASE, /* release of a root already released */
  RECLAIM_ERR_SCOPE_CLOSED,   /* use or release of a root whose scope has closed */
  RECLAIM_ERR_SCOPE_ORDER,    /* closing a scope that is not the innermost open one */
  RECLAIM_ERR_NO_SCOPE,       /* a scoped root requested with no scope open */
  RECLAIM_ERR_HANDLE_OWNED,   /* releasing or retargeting the root of a wasm.h object */
  RECLAIM_ERR_KIND,           /* an object a root cannot hold (modules, traps) */
} reclaim_status_t;

/* A stable name for a status ("ok", "released", ...). */
WASM_API_EXTERN const char *reclaim_status_name(reclaim_status_t);
/* The message of the last failed reclaim_* call (or wasm.h call that
 * reports through the store) on this store; "" if none. Valid until the
 * next call on the store. */
WASM_API_EXTERN const char *reclaim_store_error(const wasm_store_t *);

/* ---- Roots ---- */

/* A root handle: plain data, copy it freely. All zero is "no root". */
typedef struct reclaim_root_t {
  uint32_t store; /* id of the store that issued it */
  uint32_t index; /* slot in the store's root table (0: none) */
  uint32_t gen;   /* the slot's generation when issued */
  uint32_t scope; /* id of the scope it belongs to, 0 for an owned root */
} reclaim_root_t;

typedef struct reclaim_scope_t {
  uint32_t store;
  uint32_t id;
} reclaim_scope_t;

/* Open a scope; roots created by reclaim_root_new until the matching close
 * belong to it. Scopes nest and close in LIFO order. */
WASM_API_EXTERN reclaim_scope_t reclaim_scope_open(wasm_store_t *);
/* Release every root still live in the scope, and close it. Fails (and
 * closes nothing) unless scope is the innermost open scope of the store. */
WASM_API_EXTERN reclaim_status_t reclaim_scope_close(wasm_store_t *, reclaim_scope_t scope);

/* A scoped root to ref's referent (ref may be NULL: a root holding null)
 * in the innermost open scope. */
WASM_API_EXTERN reclaim_status_t reclaim_root_new(wasm_store_t *, const wasm_ref_t *ref, reclaim_root_t *out);
/* An owned root; label (may be NULL) is copied. */
WASM_API_EXTERN reclaim_status_t reclaim_root_new_owned(wasm_store_t *, const wasm_ref_t *ref,
                                                        const char *label, reclaim_root_t *out);
/* Release a scoped or owned root. */
WASM_API_EXTERN reclaim_status_t reclaim_root_release(wasm_store_t *, reclaim_root_t root);
/* A new wasm.h reference object (an owned root of its own) for the root's
 * referent; *out is NULL for a root holding null. */
WASM_API_EXTERN reclaim_status_t reclaim_root_get(wasm_store_t *, reclaim_root_t root, own wasm_ref_t **out);
/* Make the root hold ref's referent instead (ref may be NULL). */
WASM_API_EXTERN reclaim_status_t reclaim_root_set(wasm_store_t *, reclaim_root_t root, const wasm_ref_t *ref);
/* Give any live root a label (copied; NULL removes it). Labels name roots
 * in retention reports. */
WASM_API_EXTERN reclaim_status_t reclaim_root_set_label(wasm_store_t *, reclaim_root_t root, const char *label);
/* The label of a live root (NULL if none); valid until the label changes or
 * the root is released. */
WASM_API_EXTERN reclaim_status_t reclaim_root_label(wasm_store_t *, reclaim_root_t root, const char **out);
/* Is the handle a live root of this store? (Never sets the store error.) */
WASM_API_EXTERN bool reclaim_root_is_live(const wasm_store_t *, reclaim_root_t root);
/* The owned root behind a wasm.h reference object (released by deleting the
 * object), e.g. to label it. All zero for NULL. */
WASM_API_EXTERN reclaim_root_t reclaim_ref_root(const wasm_ref_t *);

typedef struct reclaim_root_counts_t {
  size_t live;       /* all live roots */
  size_t objects;    /* roots of wasm.h reference objects */
  size_t scoped;     /* live scoped roots */
  size_t owned;      /* live owned roots */
  size_t scopes;     /* open scopes */
  size_t slots;      /* root table capacity in use (live + free slots) */
} reclaim_root_counts_t;

WASM_API_EXTERN void reclaim_store_root_counts(const wasm_store_t *, reclaim_root_counts_t *out);

typedef enum reclaim_root_class_t {
  RECLAIM_ROOT_OBJECT = 1, /* the root of a wasm.h reference object */
  RECLAIM_ROOT_SCOPED = 2,
  RECLAIM_ROOT_OWNED = 3,
} reclaim_root_class_t;

typedef struct reclaim_root_info_t {
  reclaim_root_t root;
  reclaim_root_class_t root_class;
  const char *kind;  /* what it holds: "func", "global", "table", "memory", "instance",
                        "module", "trap", "foreign", "value" or "null" */
  const char *label; /* NULL if none */
} reclaim_root_info_t;

/* Call fn for every live root of the store, in slot order (a listing for
 * finding root leaks). fn must not create or release roots. */
WASM_API_EXTERN void reclaim_store_foreach_root(const wasm_store_t *,
                                                void (*fn)(void *ud, const reclaim_root_info_t *info),
                                                void *ud);

/* ---- Collection and heap statistics ---- */

/* A full collection now. */
WASM_API_EXTERN void reclaim_store_gc(wasm_store_t *);

typedef struct reclaim_heap_stats_t {
  uint64_t collections;
  uint64_t bytes_allocated;   /* total over the store's life */
  uint64_t objects_allocated;
  uint64_t live_bytes;        /* after the last collection */
  uint64_t live_objects;
  uint64_t heap_bytes;        /* reserved from the OS for objects now */
  uint64_t peak_heap_bytes;
  uint64_t total_pause_ns, max_pause_ns;
} reclaim_heap_stats_t;

WASM_API_EXTERN void reclaim_store_heap_stats(const wasm_store_t *, reclaim_heap_stats_t *out);

#ifdef __cplusplus
}
#endif

#endif /* RECLAIM_H */
