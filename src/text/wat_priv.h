/* Shared state of the WAT encoder (wat_module.c, wat_types.c, wat_instr.c).
 *
 * Encoding is two passes over the module's tokens. Pass 1 (wat_module.c)
 * binds every $id to its index in each index space and parses all explicit
 * type definitions, so later references may point forward. Pass 2 parses each
 * field again in text order and writes its section bytes; inline function
 * types that match no explicit type are appended to the type list as they are
 * met (the spec's implicit type insertion). */
#ifndef RECLAIM_TEXT_WAT_PRIV_H
#define RECLAIM_TEXT_WAT_PRIV_H

#include "text/lex.h"
#include "text/parse_util.h"

struct buf { uint8_t *d; size_t len, cap; };
void buf_byte(struct buf *b, uint8_t x);
void buf_bytes(struct buf *b, const void *p, size_t n);
void buf_u32(struct buf *b, uint32_t v);
void buf_u64(struct buf *b, uint64_t v);
void buf_s32(struct buf *b, int32_t v);
void buf_s64(struct buf *b, int64_t v);
void buf_name(struct buf *b, const char *s, size_t n);
void buf_free(struct buf *b);

/* $name -> index (hash table). */
struct nametab { struct nameent *slots; size_t cap, count; };
struct nameent { char *name; size_t len; uint32_t idx; };
/* false if the name is already bound */
bool nametab_add(struct nametab *t, const char *name, size_t len, uint32_t idx);
bool nametab_get(const struct nametab *t, const char *name, size_t len, uint32_t *idx);
void nametab_free(struct nametab *t);

/* An encoded value/storage type (at most 0x63/0x64 + a 5-byte LEB). */
struct vt { uint8_t n; uint8_t b[7]; };

enum { SP_TYPE, SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_TAG, SP_ELEM, SP_DATA, SP_COUNT };

struct wtype {
  uint8_t kind; /* 0x60 func, 0x5f struct, 0x5e array */
  bool final, implicit_ok; /* implicit_ok: `(type (func ...))` alone in its rec group */
  RC_VEC(uint32_t) supers;
  RC_VEC(struct vt) params, results, fields;
  RC_VEC(uint8_t) muts;
  struct nametab fieldnames;
  uint32_t rec_size; /* on the first type of an explicit (rec ...): its length; 0 inside; 1 for a bare type */
  bool rec_explicit;
};

struct wat {
  struct cursor *c;
  struct nametab names[SP_COUNT];
  uint32_t count[SP_COUNT];        /* all entities, pass 1 */
  uint32_t nimports[SP_COUNT];     /* imported entities, pass 1 */
  RC_VEC(struct wtype) types;      /* explicit, then implicit */
  uint32_t nexplicit_types;
  RC_VEC(uint32_t) empty_recs;     /* `(rec)` groups: the type index they precede */
  RC_VEC(bool) mem64, table64;     /* address type per memory/table index */
  RC_VEC(uint32_t) func_types;     /* type index per function (pass 2) */
  uint32_t next_func, next_table, next_mem, next_global, next_tag, next_elem, next_data; /* pass 2 */
  /* section bodies (without count) and counts */
  struct buf sec_import, sec_func, sec_table, sec_mem, sec_tag, sec_global, sec_export,
      sec_elem, sec_code, sec_data;
  uint32_t n_import, n_func, n_table, n_mem, n_tag, n_global, n_export, n_elem, n_code, n_data;
  bool has_start;
  uint32_t start;
  bool uses_data_count; /* memory.init / data.drop seen */
  bool collect;                     /* replay mode: record implicit types in reqs, insert none */
  RC_VEC(struct type_req) reqs;
  /* the function being encoded */
  struct func_ctx *fn;
};

struct local_ent { char *name; size_t len; };
struct label_ent { char *name; size_t len; };
typedef RC_VEC(struct local_ent) local_vec;
struct func_ctx {
  local_vec locals; /* params then locals */
  RC_VEC(struct label_ent) labels;
  int depth; /* folded-instruction nesting */
  /* Where the parser is in the body's tree, as a sort key: implicit types are
   * numbered in the order the reference parser evaluates the body (later
   * instructions of a sequence first, a block's body before its type), which
   * wat_module.c replays when a body inserts more than one type. */
  RC_VEC(int32_t) path;
};

/* An implicit type request collected in replay mode. */
struct type_req { struct wtype f; int32_t *key; size_t keylen; };

/* wat_types.c */
bool wt_valtype(struct wat *w, struct vt *out);
bool wt_reftype(struct wat *w, struct vt *out, bool *is_ref);
bool wt_heaptype(struct wat *w, struct buf *out, bool *nullable_shorthand_ok);
bool wt_at_valtype(struct wat *w);
bool wt_typedef(struct wat *w, struct wtype *t); /* `(type $id? ...)` after "(type" */
bool wt_parse_types(struct wat *w);             /* pass 1: all explicit types */
void wt_encode_type_section(struct wat *w, struct buf *out, uint32_t *count);
void wtype_free(struct wtype *t);
/* A type use `(type x)? (param ...)* (result ...)*`. If names != NULL, param
 * ids are recorded there (NULL entries for unnamed); otherwise named params are
 * an error. Returns the type index (inserting an implicit type if needed). */
bool wt_typeuse(struct wat *w, uint32_t *typeidx, local_vec *names);
/* Block type: writes 0x40, a value type or an s33 type index. */
bool wt_blocktype(struct wat *w, struct buf *out);
bool wt_index(struct wat *w, int space, uint32_t *out);
/* An index: a number, or a $name that find resolves in ctx (false: unbound,
 * which fails with the message `unknown`). */
typedef bool (*wt_find_fn)(struct wat *w, const void *ctx, const char *name, size_t len, uint32_t *out);
bool wt_named_index(struct wat *w, wt_find_fn find, const void *ctx, const char *unknown, uint32_t *out);
bool wt_at_index(struct wat *w);
/* resolve a struct field index of type typeidx */
bool wt_field_index(struct wat *w, uint32_t typeidx, uint32_t *out);
/* Insert (or find) the implicit type of f, consuming f. */
uint32_t wt_implicit_type(struct wat *w, struct wtype *f);

/* wat_instr.c */
/* Instructions until ')' / EOF (or `end`/`else`/... handled internally). */
bool wi_instrs(struct wat *w, struct buf *out);
/* A constant expression: instructions then 0x0b. */
bool wi_expr(struct wat *w, struct buf *out);
/* One folded instruction `( ... )` as a constant expression, then 0x0b. */
bool wi_folded_expr(struct wat *w, struct buf *out);
/* Frees a function context's locals, labels and path. */
void wi_func_ctx_free(struct func_ctx *f);

#define WTRY(x) do { if (!(x)) return false; } while (0)

#endif
