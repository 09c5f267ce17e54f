/* Decoding one instruction at a time. The decoder uses this to check that
 * every function body and constant expression is well-formed; the validator
 * uses the same reader to walk code. Variable-length immediates (br_table
 * labels, select types, try_table catches) point into the reader's scratch
 * storage and stay valid until the next call of instr_next. */
#ifndef RECLAIM_INSTR_H
#define RECLAIM_INSTR_H

#include "binary/opcodes.h"
#include "binary/reader.h"
#include "types/valtype.h"
#include "util/error.h"

enum blocktype_kind { BT_EMPTY, BT_VAL, BT_TYPE };
struct blocktype {
  enum blocktype_kind kind;
  valtype val;      /* BT_VAL: the single result type */
  uint32_t type;    /* BT_TYPE: type index (s33 in the binary) */
};

enum catch_kind { CATCH = 0, CATCH_REF = 1, CATCH_ALL = 2, CATCH_ALL_REF = 3 };
struct catch_clause {
  enum catch_kind kind;
  uint32_t tag;     /* CATCH, CATCH_REF */
  uint32_t label;
};

struct memarg {
  uint32_t align;   /* log2 of the alignment */
  uint32_t mem;     /* memory index (0 unless bit 6 of align was set) */
  uint64_t offset;
  uint8_t lane;     /* IMM_MEMARG_LANE */
};

struct instr {
  uint32_t op;      /* enum op: OPC(prefix, code) */
  uint32_t offset;  /* byte offset of the opcode in the module */
  union {
    struct blocktype block;          /* IMM_BLOCK */
    uint32_t idx;                    /* label, func, type, local, global, table, tag, mem, data, elem */
    struct { uint32_t a, b; } idx2;  /* type+field, call_indirect type+table, array.copy t1+t2,
                                        array.new_fixed type+count, array.new_data/elem type+seg,
                                        memory.init data+mem, memory.copy dst+src,
                                        table.init elem+table, table.copy dst+src */
    struct { uint32_t count; const uint32_t *labels; uint32_t deflt; } br_table;
    struct memarg mem;
    int32_t i32;
    int64_t i64;
    uint32_t f32;                    /* raw bits */
    uint64_t f64;                    /* raw bits */
    uint8_t v128[16];                /* v128.const bytes, i8x16.shuffle lanes */
    uint8_t lane;
    struct { uint32_t count; const valtype *types; } select;
    heaptype ht;                     /* ref.null, ref.test, ref.cast */
    struct { uint8_t flags; uint32_t label; heaptype ht1, ht2; } br_on_cast; /* flags bit0: ht1 nullable, bit1: ht2 nullable */
    struct { struct blocktype block; uint32_t ncatches; const struct catch_clause *catches; } try_table;
  };
};

struct instr_reader {
  struct reader r;
  RC_VEC(uint32_t) labels;
  RC_VEC(valtype) types;
  RC_VEC(struct catch_clause) catches;
};

/* blocktype: 0x40, a value type, or an s33 type index (also used by the text layer's tools). */
bool rd_blocktype(struct reader *r, struct blocktype *bt, struct rc_error *err);

void instr_reader_init(struct instr_reader *ir, const uint8_t *base, size_t start, size_t end);
void instr_reader_free(struct instr_reader *ir);
/* Decode the next instruction. Fails with RC_ERR_MALFORMED ("illegal opcode",
 * "unexpected end", "integer too large", "malformed reference type", ...). */
bool instr_next(struct instr_reader *ir, struct instr *out, struct rc_error *err);

/* Table lookups generated from opcodes.h. */
const char *op_name(uint32_t op);          /* text name, or NULL for an unknown op */
enum imm_kind op_imm_kind(uint32_t op);
/* True if op is a known opcode; sets *kind to its immediate layout. */
bool op_lookup(uint32_t op, enum imm_kind *kind);
/* log2 of the natural alignment (the access width in bytes) of a load or
 * store (IMM_MEMARG, IMM_MEMARG_LANE); 0 for any other op. The validator
 * bounds a memarg's alignment by it; the text encoder uses it when `align=`
 * is not written. */
uint32_t op_natural_align(uint32_t op);

#endif
