/* A decoded module: what the binary says, nothing computed from it yet.
 * Function bodies and constant expressions are kept as byte ranges into the
 * module's own copy of the bytes; the decoder has already checked that they
 * are well-formed instruction sequences (so later passes report only
 * validation errors), and the validator re-reads them.
 *
 * Index spaces follow the spec: imports come first in funcs, tables, mems,
 * globals and tags. */
#ifndef RECLAIM_MODULE_H
#define RECLAIM_MODULE_H

#include "types/valtype.h"
#include "util/error.h"

/* Implementation limits checked while decoding (the JS API's limits, far
 * above anything in the spec tests; they keep frames and the type store's
 * id space bounded). */
#define RC_MAX_LOCALS 50000u    /* declared locals per function, params not counted */
#define RC_MAX_TYPES 1000000u   /* entries in a type section */

enum extern_kind { EXT_FUNC = 0, EXT_TABLE = 1, EXT_MEMORY = 2, EXT_GLOBAL = 3, EXT_TAG = 4 };

/* A name as bytes (Wasm names are UTF-8 and may contain NUL). data is
 * NUL-terminated for convenience; len excludes the terminator. */
struct name {
  char *data;
  uint32_t len;
};

struct limits {
  uint64_t min, max;
  bool has_max;
  bool is64;    /* i64 addresses (memory64 / table64) */
  bool shared;  /* threads proposal flag; decoded, not otherwise supported */
};

/* Byte range [start, end) of an instruction sequence ending in `end`. */
struct expr {
  uint32_t start, end;
};

enum comp_kind { COMP_FUNC, COMP_STRUCT, COMP_ARRAY };

struct fieldtype {
  valtype type; /* storage type: may be VT_I8 / VT_I16 */
  bool mut;
};

struct functype {
  uint32_t nparams, nresults;
  valtype *params;  /* params and results share one allocation: results = params + nparams */
  valtype *results;
};

struct comptype {
  enum comp_kind kind;
  union {
    struct functype func;
    struct {
      uint32_t nfields;
      struct fieldtype *fields;
    } st;
    struct fieldtype array; /* element type */
  };
};

/* One entry of the type section, after rec groups are flattened. */
struct subtype {
  struct comptype comp;
  bool final;
  uint32_t super;      /* supertype index, or UINT32_MAX (at most one in Wasm 3.0) */
  uint32_t nsupers;    /* how many the binary declared (the validator rejects > 1) */
  uint32_t rec_start;  /* index of the first type of its rec group */
  uint32_t rec_len;    /* number of types in that group (1 for a plain type) */
  uint32_t canon;      /* canonical id in the engine's type store; set by types_canonicalize */
};

struct tabletype {
  valtype elem;
  struct limits lim;
};

struct globaltype {
  valtype type;
  bool mut;
};

struct import {
  struct name module, field;
  enum extern_kind kind;
  union {
    uint32_t func_type;  /* EXT_FUNC: type index */
    struct tabletype table;
    struct limits mem;
    struct globaltype global;
    uint32_t tag_type;   /* EXT_TAG: type index of a function type */
  };
  uint32_t offset;       /* byte offset of the import entry, for errors */
};

struct export {
  struct name name;
  enum extern_kind kind;
  uint32_t index;
};

struct table {
  struct tabletype type;
  bool has_init;
  struct expr init;      /* table type with an initialiser (0x40 0x00 form) */
};

struct global {
  struct globaltype type;
  struct expr init;
};

enum seg_mode { SEG_PASSIVE, SEG_ACTIVE, SEG_DECLARATIVE };

struct elem {
  enum seg_mode mode;
  uint32_t table;
  struct expr offset;    /* active only */
  valtype type;          /* element reference type */
  uint32_t count;
  uint32_t *funcs;       /* when the segment lists function indices (else NULL) */
  struct expr *exprs;    /* when the segment lists expressions (else NULL) */
};

struct data {
  enum seg_mode mode;    /* never SEG_DECLARATIVE */
  uint32_t mem;
  struct expr offset;    /* active only */
  uint32_t start, len;   /* the bytes, as a range into module.bytes */
};

struct local_decl {
  uint32_t count;
  valtype type;
};

struct func_body {
  uint32_t start, end;   /* the whole body (after its size field) */
  uint32_t code_start;   /* first instruction, after the local declarations */
  uint32_t nlocal_decls;
  struct local_decl *local_decls;
  uint64_t nlocals;      /* total declared locals (not counting params) */
};

struct name_assoc {
  uint32_t index;
  struct name name;
};

struct module {
  uint8_t *bytes;        /* owned copy of the binary */
  size_t len;

  struct subtype *types;
  uint32_t ntypes;

  struct import *imports;
  uint32_t nimports;

  /* Function index space: type index of every function, imports first. */
  uint32_t *func_types;
  uint32_t nfuncs, nimported_funcs;

  struct table *tables;  /* imported tables occupy the first entries (has_init false) */
  uint32_t ntables, nimported_tables;

  struct limits *mems;
  uint32_t nmems, nimported_mems;

  struct global *globals;/* imported globals first (init empty) */
  uint32_t nglobals, nimported_globals;

  uint32_t *tags;        /* type index of each tag, imports first */
  uint32_t ntags, nimported_tags;

  struct export *exports;
  uint32_t nexports;

  uint32_t start;        /* start function, or UINT32_MAX */

  struct elem *elems;
  uint32_t nelems;

  struct data *datas;
  uint32_t ndatas;
  bool has_data_count;
  uint32_t data_count;

  struct func_body *bodies; /* one per defined (non-imported) function */
  uint32_t nbodies;         /* == nfuncs - nimported_funcs once decoded */

  /* From the "name" custom section, if present and well-formed (a malformed
   * name section is ignored, as the spec allows for custom sections). */
  struct name module_name;
  struct name_assoc *func_names; /* sorted by index */
  uint32_t nfunc_names;
};

/* Decode a binary module. On failure returns NULL and sets err (kind
 * RC_ERR_MALFORMED, offset = byte offset, msg = the spec's message such as
 * "unexpected end", "integer too large", "malformed section id"). */
struct module *module_decode(const uint8_t *bytes, size_t len, struct rc_error *err);
void module_free(struct module *m);

/* Name of function idx from the name section, or NULL. */
const struct name *module_func_name(const struct module *m, uint32_t idx);

/* Type of function / tag / etc. helpers. */
static inline const struct functype *module_func_type(const struct module *m, uint32_t funcidx) {
  return &m->types[m->func_types[funcidx]].comp.func;
}

#endif
