/* reclaim's extensions to the WebAssembly C API (wasm.h): engine limits,
 * the per-store root table (explicit host roots with scopes and labels),
 * explicit collection and heap statistics, GC references for host code and
 * the retention report.
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
  RECLAIM_ERR_TYPE,           /* a value, field or type that does not fit (wrong kind, wrong reference type) */
  RECLAIM_ERR_BOUNDS,         /* a field index or array index out of range */
  RECLAIM_ERR_IMMUTABLE,      /* a write to an immutable field or element */
  RECLAIM_ERR_OOM,            /* the GC heap limit was reached */
  RECLAIM_ERR_TRAP,           /* the called function trapped (the trap is returned) */
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

/* ---- WASI preview 1 ---- */

/* A WASI context: the guest's arguments (copied; argv[0] is the program
 * name), an empty environment, no preopened directories, and the host's
 * stdin/stdout/stderr. One context may serve many stores; it must outlive
 * every store it made imports for. */
typedef struct reclaim_wasi_t reclaim_wasi_t;
WASM_API_EXTERN own reclaim_wasi_t *reclaim_wasi_new(int argc, const char *const *argv);
WASM_API_EXTERN void reclaim_wasi_delete(own reclaim_wasi_t *);
/* The imports of module for wasm_instance_new in store, in the order of
 * wasm_module_imports: a new WASI function for every import of
 * "wasi_snapshot_preview1", NULL for every other import (for the host to
 * fill). Returns false with an empty *out and a message in
 * reclaim_store_error if a WASI import names no WASI function or has
 * another type. */
WASM_API_EXTERN bool reclaim_wasi_imports(wasm_store_t *, reclaim_wasi_t *, const wasm_module_t *,
                                          own wasm_extern_vec_t *out);

/* ---- GC references for host code ----
 *
 * The host creates, reads and writes GC values (structs, arrays, i31,
 * externref boxes of host data) and passes them to and from Wasm functions
 * only through root handles. Calls that produce a value (a new object, a
 * reference read from a field, a call result) give a new root, the "result
 * root": it belongs to the innermost open scope, or is an owned root
 * without a label when no scope is open. Every misuse is a status with a
 * message (reclaim_store_error), never a crash. */

/* A defined struct or array type, by its engine-wide canonical id (plain
 * data; valid in every store of the engine whose module it came from). */
typedef struct reclaim_type_t {
  uint32_t id; /* 0: none */
} reclaim_type_t;

/* Type number typeidx of a module's type section. */
WASM_API_EXTERN reclaim_status_t reclaim_module_type(const wasm_module_t *, uint32_t typeidx, reclaim_type_t *out);
/* The defined type a reference value type names, e.g. a parameter or result
 * type of an exported function, "(ref $node)" -> $node. */
WASM_API_EXTERN reclaim_status_t reclaim_valtype_type(const wasm_valtype_t *, reclaim_type_t *out);
/* The type of the struct or array a root holds. */
WASM_API_EXTERN reclaim_status_t reclaim_root_type(wasm_store_t *, reclaim_root_t root, reclaim_type_t *out);

typedef enum reclaim_type_kind_t { RECLAIM_TYPE_STRUCT = 1, RECLAIM_TYPE_ARRAY = 2 } reclaim_type_kind_t;
typedef struct reclaim_field_t {
  wasm_valkind_t kind; /* WASM_I32 (also for packed i8/i16), I64, F32, F64, V128, ANYREF or FUNCREF */
  uint8_t packed;      /* 1 or 2 for i8 / i16 storage, 0 otherwise */
  bool mut;
  bool nullable;       /* references */
} reclaim_field_t;
/* Kind and field count (1 for arrays: the element) of a type. */
WASM_API_EXTERN reclaim_status_t reclaim_type_describe(wasm_store_t *, reclaim_type_t type, reclaim_type_kind_t *kind,
                                                       uint32_t *nfields);
/* Field i of a struct type (the element type of an array type: i = 0). */
WASM_API_EXTERN reclaim_status_t reclaim_type_field(wasm_store_t *, reclaim_type_t type, uint32_t i,
                                                    reclaim_field_t *out);

/* A value at the root-handle boundary: numbers by value, references as
 * root handles (all zero: null). kind WASM_ANYREF (== WASM_EXTERNREF) for
 * any, eq, struct, array, i31 and extern references, WASM_FUNCREF for
 * functions. */
typedef struct reclaim_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    reclaim_root_t ref;
  } of;
} reclaim_val_t;

/* What a root holds. */
typedef enum reclaim_ref_kind_t {
  RECLAIM_REF_NULL = 0,
  RECLAIM_REF_I31,
  RECLAIM_REF_STRUCT,
  RECLAIM_REF_ARRAY,
  RECLAIM_REF_EXTERN, /* host data (reclaim_extern_new, wasm_foreign_new) */
  RECLAIM_REF_FUNC,
  RECLAIM_REF_OTHER,  /* a global, table, memory or instance object */
} reclaim_ref_kind_t;
WASM_API_EXTERN reclaim_status_t reclaim_ref_kind(wasm_store_t *, reclaim_root_t root, reclaim_ref_kind_t *out);

/* A struct of the given type with fields[0..nfields) (nfields = the
 * type's field count), or with default values (zero, null) when fields is
 * NULL and nfields 0 (fails for a non-nullable reference field). */
WASM_API_EXTERN reclaim_status_t reclaim_struct_new(wasm_store_t *, reclaim_type_t type, const reclaim_val_t *fields,
                                                    size_t nfields, reclaim_root_t *out);
/* An array of len elements, each init (NULL: the default value). */
WASM_API_EXTERN reclaim_status_t reclaim_array_new(wasm_store_t *, reclaim_type_t type, uint32_t len,
                                                   const reclaim_val_t *init, reclaim_root_t *out);
/* An i31ref of the low 31 bits of value. */
WASM_API_EXTERN reclaim_status_t reclaim_i31_new(wasm_store_t *, int32_t value, reclaim_root_t *out);
/* An externref boxing host data (a foreign object): Wasm can hold and pass
 * it, and reclaim_extern_data returns data. finalizer (may be NULL) runs on
 * data when the store is deleted. */
WASM_API_EXTERN reclaim_status_t reclaim_extern_new(wasm_store_t *, void *data, void (*finalizer)(void *),
                                                    reclaim_root_t *out);
WASM_API_EXTERN reclaim_status_t reclaim_extern_data(wasm_store_t *, reclaim_root_t root, void **out);
/* The value of an i31ref, sign-extended (sign) or zero-extended. */
WASM_API_EXTERN reclaim_status_t reclaim_i31_get(wasm_store_t *, reclaim_root_t root, bool sign, int32_t *out);

/* Field access. Packed i8/i16 fields read zero-extended and are written
 * truncated. A reference written must fit the field's type, a number must
 * have the field's kind; immutable fields cannot be written. */
WASM_API_EXTERN reclaim_status_t reclaim_struct_get(wasm_store_t *, reclaim_root_t obj, uint32_t field,
                                                    reclaim_val_t *out);
WASM_API_EXTERN reclaim_status_t reclaim_struct_set(wasm_store_t *, reclaim_root_t obj, uint32_t field,
                                                    const reclaim_val_t *value);
WASM_API_EXTERN reclaim_status_t reclaim_array_len(wasm_store_t *, reclaim_root_t arr, uint32_t *out);
WASM_API_EXTERN reclaim_status_t reclaim_array_get(wasm_store_t *, reclaim_root_t arr, uint32_t index,
                                                   reclaim_val_t *out);
WASM_API_EXTERN reclaim_status_t reclaim_array_set(wasm_store_t *, reclaim_root_t arr, uint32_t index,
                                                   const reclaim_val_t *value);

/* An owned root (label copied, may be NULL) to the value another root
 * holds: for keeping a result beyond its scope. */
WASM_API_EXTERN reclaim_status_t reclaim_root_keep(wasm_store_t *, reclaim_root_t root, const char *label,
                                                   reclaim_root_t *out);

/* Call a function with root-handle values. Arguments are checked like
 * wasm_func_call's (count, kinds, reference types: RECLAIM_ERR_TYPE);
 * results[0..nresults) receive the first results (references as result
 * roots). A trap returns RECLAIM_ERR_TRAP and the trap in *trap (deleted
 * if trap is NULL); a GC heap out-of-memory trap carries a retention
 * report (reclaim_trap_retention). */
WASM_API_EXTERN reclaim_status_t reclaim_func_call(wasm_store_t *, const wasm_func_t *func, const reclaim_val_t *args,
                                                   size_t nargs, reclaim_val_t *results, size_t nresults,
                                                   own wasm_trap_t **trap);

/* ---- Retention report ----
 *
 * For the store's current roots, the bytes of GC heap reachable only
 * through each retainer, largest first. Retainers are groups of roots:
 * - host roots (wasm.h objects, scoped and owned roots) with the same label
 *   form one retainer named by the label (a registry of many roots labelled
 *   "callback registry" is one line); an unlabelled root is a retainer of
 *   its own (named e.g. "owned root 17"). Only roots holding a GC object
 *   (not i31, null, functions or other objects) are listed;
 * - "globals", "tables", "element segments" and "live frames" (the
 *   interpreter's frames and other runtime roots) are one retainer each.
 * An object reached from two retainers counts as shared. Computing it runs a
 * full collection (one marking pass, whatever the number of roots). */
typedef struct reclaim_retention_t reclaim_retention_t;

typedef enum reclaim_retainer_kind_t {
  RECLAIM_RETAINER_ROOTS = 1, /* host roots */
  RECLAIM_RETAINER_GLOBALS,
  RECLAIM_RETAINER_TABLES,
  RECLAIM_RETAINER_SEGMENTS,
  RECLAIM_RETAINER_FRAMES,
} reclaim_retainer_kind_t;

typedef struct reclaim_retainer_t {
  reclaim_retainer_kind_t kind;
  const char *name;                /* the label, or a description ("globals", "owned root 17") */
  const char *label;               /* ROOTS: the group's label, NULL for an unlabelled root */
  reclaim_root_class_t root_class; /* ROOTS: class of the group's first root */
  reclaim_root_t root;             /* ROOTS: the group's first root (lowest slot) */
  size_t count;                    /* ROOTS: roots in the group; others: root slots visited */
  uint64_t bytes, objects;         /* reachable only through this retainer */
} reclaim_retainer_t;

typedef struct reclaim_retention_totals_t {
  uint64_t live_bytes, live_objects;     /* everything reachable */
  uint64_t shared_bytes, shared_objects; /* reachable from two or more retainers */
  size_t roots;                          /* live host roots */
} reclaim_retention_totals_t;

/* Compute the report now (a full collection). */
WASM_API_EXTERN reclaim_status_t reclaim_store_retention(wasm_store_t *, own reclaim_retention_t **out);
WASM_API_EXTERN void reclaim_retention_delete(own reclaim_retention_t *);
/* Number of retainers; retainer i (0 = the largest); NULL out of range. */
WASM_API_EXTERN size_t reclaim_retention_size(const reclaim_retention_t *);
WASM_API_EXTERN const reclaim_retainer_t *reclaim_retention_get(const reclaim_retention_t *, size_t i);
/* The retainer with this name (a label or description), or NULL. */
WASM_API_EXTERN const reclaim_retainer_t *reclaim_retention_find(const reclaim_retention_t *, const char *name);
WASM_API_EXTERN void reclaim_retention_totals(const reclaim_retention_t *, reclaim_retention_totals_t *out);
/* A text table of the first max_entries retainers (0: all) into buf
 * (snprintf conventions: returns the length it needed). */
WASM_API_EXTERN size_t reclaim_retention_format(const reclaim_retention_t *, size_t max_entries, char *buf,
                                                size_t size);
/* The report taken when a "GC heap out of memory" trap happened (borrowed;
 * lives as long as the trap); NULL for other traps. */
WASM_API_EXTERN const reclaim_retention_t *reclaim_trap_retention(const wasm_trap_t *);

/* ---- Exceptions ----
 *
 * A Wasm exception that escapes a call (wasm_func_call, reclaim_func_call,
 * the start function in wasm_instance_new) comes back as a trap whose
 * message is "uncaught exception: " and the tag's name: "tag NAME" (an
 * export name of the tag), "tag MODULE.FIELD" (an import of it), "tag[N]"
 * (its index in the instance that defines it). Such a trap carries the
 * exception: its tag and payload. It keeps the exception alive through an
 * owned root labelled "uncaught exception" until the trap and its copies
 * are deleted.
 *
 * A host callback throws a Wasm exception by returning a trap made by
 * reclaim_exception_new (or an exception trap it got from a call): Wasm
 * handlers (try_table catch, legacy catch) catch it like one thrown by
 * Wasm code. Any other returned trap is a plain trap, which no handler
 * catches. */

/* A tag of a store (plain data; valid while the store lives). */
typedef struct reclaim_tag_t {
  uint32_t store; /* id of the store */
  uint32_t index; /* 1 + the tag's index in the store, 0: none */
} reclaim_tag_t;

/* The tag an instance exports under name; RECLAIM_ERR_TYPE if it exports
 * no tag of that name. */
WASM_API_EXTERN reclaim_status_t reclaim_instance_tag(wasm_store_t *, const wasm_instance_t *, const char *name,
                                                      reclaim_tag_t *out);
/* The payload type of a tag (a function type with no results). */
WASM_API_EXTERN reclaim_status_t reclaim_tag_type(wasm_store_t *, reclaim_tag_t tag, own wasm_functype_t **out);
/* The tag's name as in exception messages ("tag e", "tag env.e", "tag[0]");
 * snprintf conventions. */
WASM_API_EXTERN size_t reclaim_tag_name(wasm_store_t *, reclaim_tag_t tag, char *buf, size_t size);

/* A trap carrying a new exception of tag with payload args (their count,
 * kinds and reference types must fit the tag's type). NULL, with a message
 * in reclaim_store_error, if they do not or the GC heap is full. */
WASM_API_EXTERN own wasm_trap_t *reclaim_exception_new(wasm_store_t *, reclaim_tag_t tag, const wasm_val_vec_t *args);
/* Does the trap carry an exception? */
WASM_API_EXTERN bool reclaim_trap_is_exception(const wasm_trap_t *);
/* The exception a trap carries: its tag, and (if payload is not NULL) a
 * new vector of its payload values (references are new objects, owned by
 * the caller like wasm_func_call's results). false, with *tag all zero and
 * *payload empty, for a trap without an exception. */
WASM_API_EXTERN bool reclaim_trap_exception(const wasm_trap_t *, reclaim_tag_t *tag, own wasm_val_vec_t *payload);

#ifdef __cplusplus
}
#endif

#endif /* RECLAIM_H */
