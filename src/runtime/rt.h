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

#include "binary/module.h"
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

struct rc_config {
  uint32_t max_call_depth;     /* non-tail Wasm frames before "call stack exhausted" */
  uint64_t max_value_stack;    /* value-stack slots per store */
  uint64_t max_memory_bytes;   /* per linear memory, 0 = spec limit */
  uint64_t gc_heap_max;        /* bytes, 0 = default */
  bool gc_stress;              /* collect at every allocation */
  uint64_t fuel;               /* 0 = unlimited */
};

struct engine {
  struct typestore *types;
  struct rc_config config;     /* default config for new stores */
};

/* A host function: args in slots[0..param_slots), results written to
 * slots[0..result_slots) (they overlap). Return false to trap or exit, with
 * call->err set (RC_ERR_TRAP / RC_ERR_EXIT / RC_ERR_EXCEPTION). */
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

#endif
