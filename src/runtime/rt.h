/* Runtime objects: engine, store, instances and the things instances hold.
 *
 * Ownership: an engine owns the type store and outlives its stores. A store
 * owns everything created in it (instances, function/table/memory/global/tag
 * instances, the GC heap, the execution stacks) and frees it all when it is
 * deleted. Instances point into their store; nothing points across stores.
 *
 * The interpreter reads these structs directly (memory base and size, table
 * elements, global values), so their layout is part of the hot path. */
#ifndef RECLAIM_RT_H
#define RECLAIM_RT_H

#include <signal.h>

#include "binary/module.h"
#include "gc/gc.h"
#include "gc/object.h"
#include "types/typestore.h"

struct engine;
struct store;
struct instance;
struct code;         /* compiled function, interp/ */
struct module_code;  /* compiled module, interp/ */
struct gc_heap;      /* gc/ */
struct exec;         /* execution state of a store, interp/ */

/* One 16-byte value cell: enough for any value type including v128. */
union rc_value {
  int32_t i32;
  int64_t i64;
  uint32_t u32;
  uint64_t u64;
  float f32;
  double f64;
  rc_ref ref;
  uint8_t v128[16];
  uint64_t slots[2];
};

/* Defaults (rc_config_default, src/runtime/engine.c): max_call_depth 10000,
 * max_value_stack 1M slots (8 MiB), max_memory_bytes 4 GiB, max_table_elems
 * 16M, gc_heap_max 0 (the GC's default), gc_stress off, fuel 0. */
struct rc_config {
  uint32_t max_call_depth;     /* non-tail Wasm frames before "call stack exhausted" */
  uint64_t max_value_stack;    /* value-stack slots per store */
  uint64_t max_memory_bytes;   /* per linear memory, 0 = spec limit */
  uint64_t max_table_elems;    /* per table, 0 = spec limit */
  uint64_t gc_heap_max;        /* bytes, 0 = default */
  bool gc_stress;              /* collect at every allocation */
  uint64_t fuel;               /* 0 = unlimited */
};

struct engine {
  struct typestore *types;
  struct gc_pool *gc_pool;     /* GC regions freed stores leave for new ones */
  struct rc_config config;     /* default config for new stores */
};

/* A host function: args in slots[0..param_slots), results written to
 * slots[0..result_slots) (they overlap). Return false to trap or exit, with
 * call->err set (RC_ERR_TRAP / RC_ERR_EXIT / RC_ERR_EXCEPTION). To throw a
 * Wasm exception: return interp_throw(call->store, interp_exn_new(...),
 * call->err) (interp/interp.h). */
struct hostcall {
  struct store *store;
  struct instance *caller;     /* instance of the calling Wasm function, or NULL */
  void *env;
  struct rc_error *err;
};
typedef bool (*rc_hostfn)(struct hostcall *call, uint64_t *slots);

struct funcinst {
  const struct typeinfo *type; /* canonical function type */
  struct instance *inst;       /* defining instance; NULL for host functions */
  uint32_t index;              /* function index within inst->mod */
  struct code *code;           /* compiled body (Wasm functions) */
  rc_hostfn host;              /* host functions */
  void *env;
  void (*finalizer)(void *env);
  const char *debug_name;      /* for backtraces of host functions */
};

struct meminst {
  uint8_t *data;
  uint64_t size;               /* in bytes: pages * 65536 */
  uint64_t max_pages;          /* from the type, capped by the spec and the config */
  bool is64;
  struct limits type;
};

struct tableinst {
  rc_ref *elems;
  uint64_t size, max;
  valtype elem;                /* canonical reference type */
  bool is64;
  struct limits type;
};

struct globalinst {
  union rc_value val;
  valtype type;                /* canonical */
  bool mut;
};

struct taginst {
  const struct typeinfo *type; /* canonical function type of the payload */
};

struct eleminst {
  rc_ref *refs;                /* NULL once dropped */
  uint32_t len;
  valtype type;
};

struct datainst {
  const uint8_t *bytes;        /* into the module's bytes; NULL once dropped */
  uint32_t len;
};

struct instance {
  struct store *store;
  struct module *mod;
  struct module_code *mcode;
  const struct typeinfo **types;  /* canonical typeinfo of each module type index */
  struct funcinst **funcs;
  struct tableinst **tables;
  struct meminst **mems;
  struct globalinst **globals;
  struct taginst **tags;
  struct eleminst *elems;
  struct datainst *datas;
  uint32_t nfuncs, ntables, nmems, nglobals, ntags, nelems, ndatas;
};

/* An extra root enumerator (embedders, the spec runner's host values). */
struct store_roots {
  gc_roots_fn fn;
  void *ud;
};

/* A store: everything one embedding context owns. Fields the interpreter
 * reads (config, heap, exec) are public; the object lists are the runtime's
 * (src/runtime/store.c) and are freed with the store. */
struct store {
  struct engine *engine;
  struct rc_config config;
  struct gc_heap *heap;
  struct exec *exec;
  RC_VEC(struct instance *) instances;
  RC_VEC(struct funcinst *) funcs;
  RC_VEC(struct tableinst *) tables;
  RC_VEC(struct meminst *) mems;
  RC_VEC(struct globalinst *) globals;
  RC_VEC(struct taginst *) tags;
  void *host_roots;            /* the embedding API's root table (src/api) */
  RC_VEC(struct store_roots) extra_roots; /* store_add_roots */
  struct store_chunk *chunks;  /* store_alloc's memory, newest first */
  uint8_t *bump, *bump_end;    /* free part of chunks */
  volatile sig_atomic_t interrupt; /* interp_interrupt was asked; cleared when the trap is raised */
};

/* An external value, for imports and exports. */
struct rc_extern {
  enum extern_kind kind;
  union {
    struct funcinst *func;
    struct tableinst *table;
    struct meminst *mem;
    struct globalinst *global;
    struct taginst *tag;
  };
};

/* ---- engine.c ---- */
void rc_config_default(struct rc_config *c);
struct engine *engine_new(void);
void engine_free(struct engine *e);
/* The canonical typeinfo of the function type params -> results (host
 * functions). Returns NULL only if the type store rejects it. */
const struct typeinfo *engine_functype(struct engine *e, const valtype *params, uint32_t nparams,
                                       const valtype *results, uint32_t nresults);

/* ---- store.c ---- */
/* A store copies the engine's config. Its GC heap's roots are: every global
 * and table of the store, every element segment of every instance, the
 * extra enumerators (store_add_roots), then the interpreter's frames. */
struct store *store_new(struct engine *e);
void store_free(struct store *s);
/* Zeroed memory, 16-byte aligned, freed only with the store: for runtime
 * objects that live as long as their store (instances and their function,
 * global and tag instances), so instantiation does not pay one malloc and
 * one free per object. */
void *store_alloc(struct store *s, size_t size);
void store_add_roots(struct store *s, gc_roots_fn fn, void *ud);
void store_remove_roots(struct store *s, gc_roots_fn fn, void *ud);
/* A host function; type is canonical (engine_functype). The finalizer, if
 * any, runs on env when the store is freed. */
struct funcinst *store_new_host_func(struct store *s, const struct typeinfo *type, rc_hostfn fn,
                                     void *env, void (*finalizer)(void *env));

/* ---- memory.c, table.c, global.c (all owned by the store) ---- */
#define RC_PAGE_SIZE 65536u
/* NULL with err (RC_ERR_OOM) if the minimum exceeds the limits or the host
 * cannot allocate it. */
struct meminst *meminst_new(struct store *s, const struct limits *type, struct rc_error *err);
/* Grow by delta pages (zeroed). Returns the old size in pages, or -1 if the
 * result would exceed max_pages or the host allocation fails. */
int64_t meminst_grow(struct meminst *m, uint64_t delta);

/* type->elem must be canonical. All elements start as init. */
struct tableinst *tableinst_new(struct store *s, const struct tabletype *type, rc_ref init,
                                struct rc_error *err);
/* Grow by delta elements set to init. Returns the old size, or -1. */
int64_t tableinst_grow(struct tableinst *t, uint64_t delta, rc_ref init);

struct globalinst *globalinst_new(struct store *s, valtype canonical_type, bool mut,
                                  const union rc_value *init);
struct taginst *taginst_new(struct store *s, const struct typeinfo *type);

/* ---- link.c ---- */
/* Does ext match import imp of module m (kinds, subtyping, limits)? If not,
 * err = RC_ERR_LINK "incompatible import type". */
bool import_matches(struct store *s, const struct module *m, const struct import *imp,
                    const struct rc_extern *ext, struct rc_error *err);

/* A name -> module registry resolving imports by (module, field) names.
 * A module name maps either to an instance's exports or to a host resolver
 * (spectest, WASI). Registering a name again replaces it. */
typedef bool (*linker_host_fn)(void *ud, struct store *s, const struct module *m,
                               const struct import *imp, struct rc_extern *out);
struct linker;
struct linker *linker_new(void);
void linker_free(struct linker *l);
void linker_define_instance(struct linker *l, const char *name, size_t len, struct instance *inst);
void linker_define_host(struct linker *l, const char *name, size_t len, linker_host_fn fn, void *ud);
/* Resolve every import of m into out[m->nimports]; err "unknown import"
 * (RC_ERR_LINK) when a name is not found. Types are checked by instance_new. */
bool linker_resolve(struct linker *l, struct store *s, const struct module *m, struct rc_extern *out,
                    struct rc_error *err);

/* ---- instance.c ---- */
/* Instantiate m (compiled to mc by interp_compile) with imports in import
 * order. Checks imports (RC_ERR_LINK), allocates the instance's objects,
 * evaluates constant expressions, runs active element and data segments in
 * order (trap "out of bounds table/memory access"; earlier writes stay),
 * drops active and declarative segments, and runs the start function.
 * Returns NULL on failure with err set. The instance (even a failed one) is
 * owned by the store: functions it wrote into imported tables stay valid.
 * m and mc must outlive the store. */
struct instance *instance_new(struct store *s, struct module *m, struct module_code *mc,
                              const struct rc_extern *imports, uint32_t nimports,
                              struct rc_error *err);
/* Export lookup by byte-string name. */
bool instance_export(const struct instance *inst, const char *name, size_t len,
                     struct rc_extern *out);

#endif
