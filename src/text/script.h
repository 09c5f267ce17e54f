/* WAST scripts: the command list a .wast file parses into.
 *
 * Both script forms parse here: the bin/ form (every module given as bytes,
 * `(module definition $m? binary ...)` + `(module instance $i? $m?)`, or the
 * legacy `(module $m? binary ...)`), and the text form (WAT modules, encoded to
 * bytes at parse time, and `(module quote ...)`, kept as source text that the
 * runner hands to wat_to_wasm() when the command runs, so that a malformed quote
 * module fails only its own assertion).
 *
 * Names ($ids) are stored without the leading '$'; NULL means "none given"
 * (use the current module / instance). Export and register names are byte
 * strings with a length (they may hold any bytes, see names.wast); they are
 * also NUL-terminated for convenience. */
#ifndef RECLAIM_TEXT_SCRIPT_H
#define RECLAIM_TEXT_SCRIPT_H

#include "util/common.h"
#include "util/error.h"

enum script_module_form {
  SCRIPT_MOD_BINARY,     /* `binary "..."`: bytes as written */
  SCRIPT_MOD_TEXT,       /* WAT fields, already encoded: bytes */
  SCRIPT_MOD_QUOTE,      /* `quote "..."`: source text in quote/quote_len */
  SCRIPT_MOD_TEXT_ERROR, /* WAT fields the encoder rejected: text_err says why */
};

struct script_module {
  char *id;        /* $name, or NULL */
  bool definition; /* `(module definition ...)`: decode+validate only; else also instantiate */
  enum script_module_form form;
  uint8_t *bytes;  /* BINARY, TEXT */
  size_t len;
  char *quote;     /* QUOTE: the joined strings (NUL-terminated) */
  size_t quote_len;
  struct rc_error text_err; /* TEXT_ERROR */
};

/* Abstract heap types by their binary encoding byte; SCRIPT_HEAP_NONE_GIVEN
 * for a `(ref.null)` with no type, SCRIPT_HEAP_INDEX for a `$t`/numeric type
 * (only meaningful inside a module; scripts do not use it for values). */
enum script_heap {
  SCRIPT_HEAP_NONE_GIVEN = 0,
  SCRIPT_HEAP_INDEX = 1,
  SCRIPT_HEAP_EXN = 0x69,
  SCRIPT_HEAP_ARRAY = 0x6a,
  SCRIPT_HEAP_STRUCT = 0x6b,
  SCRIPT_HEAP_I31 = 0x6c,
  SCRIPT_HEAP_EQ = 0x6d,
  SCRIPT_HEAP_ANY = 0x6e,
  SCRIPT_HEAP_EXTERN = 0x6f,
  SCRIPT_HEAP_FUNC = 0x70,
  SCRIPT_HEAP_NONE = 0x71,
  SCRIPT_HEAP_NOEXTERN = 0x72,
  SCRIPT_HEAP_NOFUNC = 0x73,
  SCRIPT_HEAP_NOEXN = 0x74,
};

/* v128 shapes, for patterns (argument v128s are just 16 bytes). */
enum script_shape {
  SCRIPT_I8X16, SCRIPT_I16X8, SCRIPT_I32X4, SCRIPT_I64X2, SCRIPT_F32X4, SCRIPT_F64X2,
};

enum script_val_kind {
  SCRIPT_VAL_I32, SCRIPT_VAL_I64, SCRIPT_VAL_F32, SCRIPT_VAL_F64, SCRIPT_VAL_V128,
  SCRIPT_VAL_REF_NULL,   /* heap */
  SCRIPT_VAL_REF_EXTERN, /* host number in u.host */
  SCRIPT_VAL_REF_HOST,   /* host number in u.host (an anyref) */
};

/* An argument value. Floats are raw bits (f32 in u.i32, f64 in u.i64). */
struct script_value {
  enum script_val_kind kind;
  enum script_heap heap; /* REF_NULL */
  union {
    uint32_t i32;
    uint64_t i64;
    uint8_t v128[16]; /* little-endian lane order, as in memory */
    uint32_t host;
  } u;
};

enum script_nan { SCRIPT_NAN_NONE = 0, SCRIPT_NAN_CANONICAL, SCRIPT_NAN_ARITHMETIC };

enum script_pat_kind {
  SCRIPT_PAT_I32, SCRIPT_PAT_I64, /* exact bits */
  SCRIPT_PAT_F32, SCRIPT_PAT_F64, /* exact bits, or a NaN class in nan */
  SCRIPT_PAT_V128,                /* shape, bytes; float lanes may have lane_nan[i] */
  SCRIPT_PAT_REF_NULL,            /* heap (NONE_GIVEN: any null; the type is not checked) */
  SCRIPT_PAT_REF_EXTERN,          /* has_host ? that host value : any non-null externref */
  SCRIPT_PAT_REF_HOST,            /* host value u.host as an anyref */
  SCRIPT_PAT_REF_FUNC, SCRIPT_PAT_REF_STRUCT, SCRIPT_PAT_REF_ARRAY, SCRIPT_PAT_REF_I31,
  SCRIPT_PAT_REF_EQ, SCRIPT_PAT_REF_EXN,
  SCRIPT_PAT_REF_ANY,             /* `(ref)`: any non-function reference */
  SCRIPT_PAT_EITHER,              /* alts[0..nalts): at least one matches */
};

struct script_pattern {
  enum script_pat_kind kind;
  enum script_nan nan;     /* F32/F64 */
  enum script_shape shape; /* V128 */
  enum script_heap heap;   /* REF_NULL */
  bool has_host;           /* REF_EXTERN */
  uint8_t lane_nan[16];    /* V128 float shapes: enum script_nan per lane index */
  union {
    uint32_t i32;          /* I32, F32 bits */
    uint64_t i64;          /* I64, F64 bits */
    uint8_t v128[16];      /* V128 lanes, little-endian (NaN-pattern lanes are 0) */
    uint32_t host;         /* REF_EXTERN, REF_HOST */
  } u;
  struct script_pattern *alts; /* EITHER */
  size_t nalts;
};

enum script_action_kind { SCRIPT_INVOKE, SCRIPT_GET };

struct script_action {
  enum script_action_kind kind;
  char *instance;   /* $name or NULL (current instance) */
  char *name;       /* export name bytes (NUL-terminated too) */
  size_t name_len;
  struct script_value *args; /* INVOKE */
  size_t nargs;
};

enum script_cmd_kind {
  SCRIPT_CMD_MODULE,          /* module */
  SCRIPT_CMD_INSTANCE,        /* (module instance $i? $m?): inst_id, mod_id */
  SCRIPT_CMD_REGISTER,        /* (register "name" $i?): reg_name, inst_id */
  SCRIPT_CMD_ACTION,          /* bare invoke/get: action */
  SCRIPT_CMD_ASSERT_RETURN,   /* action, results */
  SCRIPT_CMD_ASSERT_TRAP,     /* target, message */
  SCRIPT_CMD_ASSERT_EXHAUSTION, /* action, message */
  SCRIPT_CMD_ASSERT_EXCEPTION,  /* action */
  SCRIPT_CMD_ASSERT_INVALID,    /* module, message */
  SCRIPT_CMD_ASSERT_MALFORMED,  /* module, message */
  SCRIPT_CMD_ASSERT_UNLINKABLE, /* target, message */
  SCRIPT_CMD_ASSERT_UNINSTANTIABLE, /* target, message */
};

/* What assert_trap / assert_unlinkable / assert_uninstantiable act on. */
enum script_target {
  SCRIPT_TARGET_ACTION,   /* action */
  SCRIPT_TARGET_MODULE,   /* an inline module (text form, legacy bin form): define + instantiate */
  SCRIPT_TARGET_INSTANCE, /* (module instance $i? $m?): inst_id, mod_id */
};

struct script_cmd {
  enum script_cmd_kind kind;
  uint32_t line;                 /* line of the command's '(' */
  enum script_target target;     /* ASSERT_TRAP, ASSERT_UNLINKABLE, ASSERT_UNINSTANTIABLE */
  struct script_module module;   /* MODULE, ASSERT_INVALID/MALFORMED, TARGET_MODULE */
  char *inst_id, *mod_id;        /* INSTANCE, TARGET_INSTANCE (one name alone is mod_id), REGISTER (inst_id) */
  char *reg_name;                /* REGISTER */
  size_t reg_name_len;
  struct script_action action;   /* ACTION, ASSERT_RETURN/EXHAUSTION/EXCEPTION, TARGET_ACTION */
  struct script_pattern *results;/* ASSERT_RETURN */
  size_t nresults;
  char *message;                 /* the expected failure string, or NULL */
};

struct script {
  struct script_cmd *cmds;
  size_t ncmds;
};

/* Parse a whole .wast source. On failure returns false with err set
 * (kind RC_ERR_MALFORMED, line/col of the offending token, message prefixed
 * "filename:line:col: "), and *out is left empty. A script that is a bare list
 * of module fields (inline-module.wast) becomes one `module definition`. */
bool script_parse(const char *src, size_t len, const char *filename,
                  struct script *out, struct rc_error *err);
void script_free(struct script *s);

/* The binary of a script module, for the runner: BINARY and TEXT bytes are
 * handed out as stored (*owned = false); QUOTE is encoded now with
 * wat_to_wasm (*owned = true: free(*bytes) when done); TEXT_ERROR fails with
 * the stored error. A failure here is a parse error, i.e. what
 * assert_malformed expects of a quote/WAT module. */
bool script_module_binary(const struct script_module *m, const char *filename,
                          const uint8_t **bytes, size_t *len, bool *owned,
                          struct rc_error *err);

#endif
