/* Internal definitions of the wasm.h / reclaim.h objects.
 *
 * Every wasm.h reference object (func, global, table, memory, extern,
 * instance, module, trap, foreign, ref) is one `struct handle`: the public
 * types are only names for it, and wasm_X_as_Y conversions return the same
 * pointer. A handle owns one ROOT_OBJECT slot of its store's root table;
 * the slot holds the referent (the GC reference for values, the runtime
 * object pointer otherwise), so the GC sees every value the host holds, and
 * deleting the store can free handles the host forgot.
 *
 * Types (valtype, functype, ...) are plain heap data, independent of stores.
 * All externtypes share one struct (`struct xtype`) so the as_externtype
 * conversions are casts too. */
#ifndef RECLAIM_API_H
#define RECLAIM_API_H

#include "api/roots.h"
#include "interp/interp.h"
#include "runtime/rt.h"
#include "wasm.h"

/* What a handle (and its root slot) refers to. */
enum hkind {
  HK_FUNC = 1,   /* obj: struct funcinst; slot ref: the same pointer (a funcref) */
  HK_GLOBAL,     /* obj: struct globalinst */
  HK_TABLE,      /* obj: struct tableinst */
  HK_MEMORY,     /* obj: struct meminst */
  HK_INSTANCE,   /* obj: struct instance */
  HK_MODULE,     /* obj: struct module_data */
  HK_TRAP,       /* obj: struct trap_data */
  HK_FOREIGN,    /* slot ref: a GC host box made by wasm_foreign_new */
  HK_VALUE,      /* slot ref: any other non-function reference (GC object or i31) */
};

struct handle {
  struct wasm_store_t *store;
  uint8_t kind;         /* enum hkind */
  uint32_t index, gen;  /* the root slot; index 0 for store-internal handles */
  void *obj;
};

/* The public object types are names for struct handle (never instantiated). */
#define API_HANDLE_TYPE(name) \
  struct wasm_##name##_t {    \
    struct handle h;          \
  };
API_HANDLE_TYPE(ref)
API_HANDLE_TYPE(func)
API_HANDLE_TYPE(global)
API_HANDLE_TYPE(table)
API_HANDLE_TYPE(memory)
API_HANDLE_TYPE(extern)
API_HANDLE_TYPE(instance)
API_HANDLE_TYPE(module)
API_HANDLE_TYPE(trap)
API_HANDLE_TYPE(foreign)

#define H(p) ((struct handle *)(p))
#define HC(p) ((const struct handle *)(p))

struct wasm_config_t {
  struct rc_config c;
};

struct wasm_engine_t {
  struct engine *e;
};

/* A compiled module, shared by every store (and thread) that uses it;
 * reference counted because instances need it until their store dies. */
struct module_data {
  int refs;             /* atomic (__atomic builtins) */
  struct engine *engine;
  struct module *m;
  struct module_code *mc;
};
void module_data_retain(struct module_data *md);
void module_data_release(struct module_data *md);

struct wasm_shared_module_t {
  struct module_data *md;
};

/* Per-referent host info of non-value objects, keyed by object pointer. */
struct hostinfo {
  const void *key;
  void *info;
  void (*finalizer)(void *);
};

/* The payload of a foreign's GC box points here (owned by the store). */
struct foreign_rec {
  void *info;
  void (*finalizer)(void *);
};

struct wasm_store_t {
  struct wasm_engine_t *engine;
  struct store *s;
  struct root_table roots;
  RC_VEC(struct hostinfo) infos;
  RC_VEC(struct foreign_rec *) foreigns;
  RC_VEC(struct module_data *) modules;   /* retained by instances of this store */
  RC_VEC(struct handle *) frame_instances;/* store-owned handles for wasm_frame_instance */
  struct reclaim_retention_t *oom_report; /* taken by the GC's OOM hook, for the next trap */
};

struct trap_data {
  int refs;             /* handles sharing it (copies) */
  char *msg;            /* NUL-terminated */
  size_t msg_size;      /* including the NUL */
  struct wasm_frame_t *frames;
  uint32_t nframes;
  struct reclaim_retention_t *retention; /* "GC heap out of memory" traps: the report at the failure */
  struct wasm_store_t *exn_store;       /* exception traps (exn.c): the store of... */
  uint32_t exn_root, exn_gen;           /* ...the owned root holding the exception (0: none) */
};

struct wasm_frame_t {
  struct wasm_instance_t *instance;
  uint32_t func_index;
  size_t func_offset, module_offset;
};

/* Types. */
struct wasm_valtype_t {
  wasm_valkind_t kind;
  valtype vt;           /* canonical in the engine that made it (abstract for host-made types) */
};

struct xtype {
  wasm_externkind_t kind;
  wasm_valtype_vec_t params, results; /* func */
  wasm_valtype_t *content;            /* global content, table element */
  wasm_mutability_t mut;              /* global */
  wasm_limits_t lim;                  /* table, memory */
};
#define API_XTYPE(name) \
  struct wasm_##name##_t { \
    struct xtype x;        \
  };
API_XTYPE(functype)
API_XTYPE(globaltype)
API_XTYPE(tabletype)
API_XTYPE(memorytype)
API_XTYPE(externtype)
#define X(p) ((struct xtype *)(p))
#define XC(p) ((const struct xtype *)(p))

struct wasm_importtype_t {
  wasm_name_t module, name;
  wasm_externtype_t *type;
};

struct wasm_exporttype_t {
  wasm_name_t name;
  wasm_externtype_t *type;
};

/* ---- handles.c ---- */
/* A new handle with its own ROOT_OBJECT root holding ref. */
struct handle *handle_new(struct wasm_store_t *st, enum hkind kind, void *obj, rc_ref ref);
void handle_delete(struct handle *h);
/* The value a handle's root holds (GC reference, funcinst pointer, ...). */
rc_ref handle_ref(const struct handle *h);
/* A handle for a reference value of (canonical) type t; NULL for null. */
struct handle *handle_for_ref(struct wasm_store_t *st, valtype t, rc_ref r);
/* Does the kind of root slot hold a traced GC reference? */
bool hkind_traced(uint8_t kind);
/* Is h a reference value that may be stored in a location of type t?
 * (h NULL: the null reference.) On failure writes a message to msg. */
bool ref_fits(struct wasm_store_t *st, const struct handle *h, valtype t, char *msg, size_t msgsize);
/* The store-owned instance handle for inst (wasm_frame_instance). */
struct wasm_instance_t *store_frame_instance(struct wasm_store_t *st, struct instance *inst);
/* Free every handle of the store and run host-info finalizers (store delete). */
void handles_free_all(struct wasm_store_t *st);
/* The GC host box typeinfo of foreigns. */
extern const struct typeinfo api_foreign_ti;

/* ---- types.c ---- */
wasm_valkind_t valkind_of(valtype canonical);
wasm_valtype_t *valtype_make(valtype canonical);
wasm_functype_t *functype_from_info(const struct typeinfo *ti);
wasm_externtype_t *globaltype_make(valtype canonical, bool mut);
wasm_externtype_t *tabletype_make(valtype canonical_elem, uint64_t min, bool has_max, uint64_t max);
wasm_externtype_t *memorytype_make(uint64_t min, bool has_max, uint64_t max);
/* The canonical function type of ft in engine e (NULL if it has no valid
 * canonical form). */
const struct typeinfo *functype_canon(struct engine *e, const wasm_functype_t *ft);

/* ---- values.c ---- */
/* Convert a wasm_val_t into value slots for a location of type t; false with
 * a message on a kind or type mismatch. */
bool val_to_slots(struct wasm_store_t *st, const wasm_val_t *v, valtype t, uint64_t *slots, char *msg,
                  size_t msgsize);
/* Convert slots holding a value of type t into an owned wasm_val_t. */
void slots_to_val(struct wasm_store_t *st, valtype t, const uint64_t *slots, wasm_val_t *out);

/* ---- trap.c ---- */
/* An owned trap with message msg; with_trace: attach the interpreter's
 * backtrace of the most recent trap. */
wasm_trap_t *trap_make(struct wasm_store_t *st, const char *msg, bool with_trace);
void trap_data_release(struct trap_data *td);

/* ---- retention.c ---- */
/* Install the GC out-of-memory hook that records a retention report. */
void retention_install(struct wasm_store_t *st);
/* Drop a recorded report (before a call). */
void retention_clear(struct wasm_store_t *st);
/* Give a "GC heap out of memory" trap the recorded report (and drop it
 * otherwise). */
void retention_attach(struct wasm_store_t *st, wasm_trap_t *trap);

/* ---- gcref.c ---- */
/* A result root (reclaim.h): in the innermost open scope, else owned. */
reclaim_root_t result_root(struct wasm_store_t *st, uint8_t kind, rc_ref ref);

/* ---- exn.c ---- */
/* Give trap the exception in flight in its store, if any (the exception of
 * the interp_call whose failure the trap reports). */
void trap_attach_exception(struct wasm_store_t *st, wasm_trap_t *trap);
/* The exception a trap carries, or 0. */
rc_ref trap_exception(const struct trap_data *td);
/* Release the trap data's exception root. */
void trap_release_exception(struct trap_data *td);

/* ---- store.c ---- */
/* Record a message as the store's last error (wasm.h calls that fail). */
void store_error(struct wasm_store_t *st, const char *fmt, ...) RC_PRINTF(2, 3);

#endif
