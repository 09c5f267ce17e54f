/* Unit tests for the binary reader, instruction decoder and module decoder,
 * on small hand-written binaries. */
#include "binary/instr.h"
#include "binary/module.h"
#include "test.h"

#include <string.h>

#define HDR 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00
#define BYTES(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

static struct rc_error err;

static struct module *dec(const uint8_t *b, size_t n) {
  struct module *m = module_decode(b, n, &err);
  if (!m) fprintf(stderr, "  decode failed: %s at %lld\n", err.msg, (long long)err.offset);
  return m;
}

/* Decoding fails with a message starting with want. */
static int fails_with(const uint8_t *b, size_t n, const char *want) {
  struct module *m = module_decode(b, n, &err);
  if (m) {
    module_free(m);
    fprintf(stderr, "  decoded, expected \"%s\"\n", want);
    return 0;
  }
  if (err.kind != RC_ERR_MALFORMED || strncmp(err.msg, want, strlen(want)) != 0) {
    fprintf(stderr, "  got \"%s\", expected \"%s\"\n", err.msg, want);
    return 0;
  }
  return 1;
}

static int decodes(const uint8_t *b, size_t n) {
  struct module *m = module_decode(b, n, &err);
  if (!m) fprintf(stderr, "  unexpected failure: %s at %lld\n", err.msg, (long long)err.offset);
  module_free(m);
  return m != NULL;
}

static void test_leb(void) {
  struct reader r;
  uint32_t u;
  int32_t s;
  int64_t s64;
  uint64_t u64;
  const uint8_t a[] = {0xE5, 0x8E, 0x26};
  r = (struct reader){a, 0, sizeof a};
  CHECK(rd_u32(&r, &u, &err) && u == 624485);
  const uint8_t b[] = {0x80, 0x80, 0x80, 0x80, 0x00}; /* non-minimal zero */
  r = (struct reader){b, 0, sizeof b};
  CHECK(rd_u32(&r, &u, &err) && u == 0 && r.pos == 5);
  const uint8_t c[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  r = (struct reader){c, 0, sizeof c};
  CHECK(!rd_u32(&r, &u, &err) && strcmp(err.msg, "integer representation too long") == 0);
  const uint8_t d[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
  r = (struct reader){d, 0, sizeof d};
  CHECK(!rd_u32(&r, &u, &err) && strcmp(err.msg, "integer too large") == 0);
  const uint8_t e[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  r = (struct reader){e, 0, sizeof e};
  CHECK(rd_u32(&r, &u, &err) && u == UINT32_MAX);
  const uint8_t f[] = {0x7F};
  r = (struct reader){f, 0, sizeof f};
  CHECK(rd_s32(&r, &s, &err) && s == -1);
  const uint8_t g[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F}; /* -1, sign bits set */
  r = (struct reader){g, 0, sizeof g};
  CHECK(rd_s32(&r, &s, &err) && s == -1);
  const uint8_t h[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x4F}; /* unused bits not a sign extension */
  r = (struct reader){h, 0, sizeof h};
  CHECK(!rd_s32(&r, &s, &err) && strcmp(err.msg, "integer too large") == 0);
  const uint8_t i[] = {0x80, 0x80, 0x80, 0x80, 0x78}; /* INT32_MIN */
  r = (struct reader){i, 0, sizeof i};
  CHECK(rd_s32(&r, &s, &err) && s == INT32_MIN);
  const uint8_t j[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  r = (struct reader){j, 0, sizeof j};
  CHECK(rd_s64(&r, &s64, &err) && s64 == INT64_MIN);
  const uint8_t k[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  r = (struct reader){k, 0, sizeof k};
  CHECK(rd_u64(&r, &u64, &err) && u64 == UINT64_MAX);
  const uint8_t l[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x03};
  r = (struct reader){l, 0, sizeof l};
  CHECK(!rd_u64(&r, &u64, &err) && strcmp(err.msg, "integer too large") == 0);
  const uint8_t mm[] = {0x80};
  r = (struct reader){mm, 0, sizeof mm};
  CHECK(!rd_u32(&r, &u, &err) && strcmp(err.msg, "unexpected end") == 0);
  /* s33: a type index that needs all 33 bits */
  const uint8_t n[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  r = (struct reader){n, 0, sizeof n};
  CHECK(rd_s33(&r, &s64, &err) && s64 == 0xFFFFFFFFll);
}

static void test_valtypes(void) {
  struct reader r;
  valtype t;
  heaptype ht;
  const uint8_t a[] = {0x70, 0x63, 0x6E, 0x64, 0x05, 0x74, 0x7B, 0x6F};
  r = (struct reader){a, 0, sizeof a};
  CHECK(rd_valtype(&r, &t, &err) && t == VT_FUNCREF);
  CHECK(rd_valtype(&r, &t, &err) && t == VT_ANYREF);
  CHECK(rd_valtype(&r, &t, &err) && t == VT_REF(5, 0));
  CHECK(rd_valtype(&r, &t, &err) && t == VT_REF(HT_NOEXN, 1));
  CHECK(rd_valtype(&r, &t, &err) && t == VT_V128);
  CHECK(rd_reftype(&r, &t, &err) && t == VT_EXTERNREF);
  const uint8_t b[] = {0x7F};
  r = (struct reader){b, 0, sizeof b};
  CHECK(!rd_reftype(&r, &t, &err) && strcmp(err.msg, "malformed reference type") == 0);
  const uint8_t c[] = {0x40};
  r = (struct reader){c, 0, sizeof c};
  CHECK(!rd_heaptype(&r, &ht, &err) && strcmp(err.msg, "malformed heap type") == 0);
  const uint8_t d[] = {0x78};
  r = (struct reader){d, 0, sizeof d};
  CHECK(!rd_valtype(&r, &t, &err));
  r.pos = 0;
  CHECK(rd_storagetype(&r, &t, &err) && t == VT_I8);
}

static void test_instrs(void) {
  const uint8_t code[] = {
      0x41, 0x7F,                   /* i32.const -1 */
      0x28, 0x42, 0x01, 0x10,       /* i32.load align=2 mem=1 offset=16 */
      0x0E, 0x02, 0x00, 0x01, 0x02, /* br_table 0 1 2 */
      0x1C, 0x01, 0x7E,             /* select (result i64) */
      0xFB, 0x18, 0x03, 0x00, 0x6E, 0x6B, /* br_on_cast 0 anyref structref */
      0x1F, 0x40, 0x02, 0x00, 0x01, 0x00, 0x02, 0x01, /* try_table (catch 1 0) (catch_all 1) */
      0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, /* i8x16.shuffle */
      0xFC, 0x0A, 0x00, 0x01,       /* memory.copy 0 1 */
      0xFD, 0x80, 0x02,             /* SIMD sub-opcode 0x100 as a two-byte LEB */
      0x0B,
  };
  struct instr_reader ir;
  struct instr in;
  instr_reader_init(&ir, code, 0, sizeof code);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_i32_const && in.i32 == -1);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_i32_load && in.mem.align == 2 && in.mem.mem == 1 &&
        in.mem.offset == 16);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_br_table && in.br_table.count == 2 &&
        in.br_table.labels[1] == 1 && in.br_table.deflt == 2);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_select_t && in.select.count == 1 && in.select.types[0] == VT_I64);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_br_on_cast && in.br_on_cast.flags == 3 &&
        in.br_on_cast.ht1 == HT_ANY && in.br_on_cast.ht2 == HT_STRUCT);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_try_table && in.try_table.ncatches == 2 &&
        in.try_table.catches[0].kind == CATCH && in.try_table.catches[0].tag == 1 &&
        in.try_table.catches[1].kind == CATCH_ALL && in.try_table.catches[1].label == 1);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_i8x16_shuffle && in.v128[15] == 15);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_memory_copy && in.idx2.b == 1);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_i8x16_relaxed_swizzle);
  CHECK(instr_next(&ir, &in, &err) && in.op == OP_end);
  CHECK(!instr_next(&ir, &in, &err));
  instr_reader_free(&ir);

  const uint8_t bad[] = {0xFF, 0xFC, 0x20, 0x28, 0x80, 0x01, 0x00};
  instr_reader_init(&ir, bad, 0, sizeof bad);
  CHECK(!instr_next(&ir, &in, &err) && strcmp(err.msg, "illegal opcode ff") == 0);
  ir.r.pos = 1;
  CHECK(!instr_next(&ir, &in, &err) && strncmp(err.msg, "illegal opcode", 14) == 0);
  ir.r.pos = 3;
  CHECK(!instr_next(&ir, &in, &err) && strcmp(err.msg, "malformed memop flags") == 0);
  instr_reader_free(&ir);

  CHECK(strcmp(op_name(OP_i32_add), "i32.add") == 0);
  CHECK(strcmp(op_name(OP_struct_get_u), "struct.get_u") == 0);
  CHECK(strcmp(op_name(OP_i32x4_relaxed_dot_i8x16_i7x16_add_s), "i32x4.relaxed_dot_i8x16_i7x16_add_s") == 0);
  CHECK(op_name(OPC(0xFD, 0x114)) == NULL && op_name(0x27) == NULL && op_name(OPC(0xFB, 31)) == NULL);
  CHECK(op_imm_kind(OP_array_new_fixed) == IMM_TYPE_U32);
  CHECK(op_imm_kind(OP_v128_load8_lane) == IMM_MEMARG_LANE);
}

static void test_valid_modules(void) {
  CHECK(decodes(BYTES(HDR)));
  /* type (func (param i32) (result i32)), func, export "f", code with a local */
  struct module *m = dec(BYTES(HDR, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F, /* types */
                               0x03, 0x02, 0x01, 0x00,                               /* funcs */
                               0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,              /* exports */
                               0x0A, 0x0B, 0x01, 0x09, 0x01, 0x02, 0x7E,             /* code */
                               0x20, 0x00, 0x04, 0x40, 0x0B, 0x0B,
                               /* custom "name": module "m", func 0 "g" */
                               0x00, 0x0F, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x02, 0x01, 'm', 0x01, 0x04,
                               0x01, 0x00, 0x01, 'g'));
  CHECK(m != NULL);
  if (m) {
    CHECK_EQ_INT(m->ntypes, 1);
    CHECK_EQ_INT(m->types[0].comp.func.nparams, 1);
    CHECK(m->types[0].comp.func.results[0] == VT_I32);
    CHECK_EQ_INT(m->nfuncs, 1);
    CHECK_EQ_INT(m->nexports, 1);
    CHECK(strcmp(m->exports[0].name.data, "f") == 0);
    CHECK_EQ_INT(m->bodies[0].nlocals, 2);
    CHECK(m->bodies[0].local_decls[0].type == VT_I64);
    CHECK_EQ_INT(m->bodies[0].end - m->bodies[0].code_start, 6);
    CHECK(m->module_name.data && strcmp(m->module_name.data, "m") == 0);
    const struct name *fn = module_func_name(m, 0);
    CHECK(fn && strcmp(fn->data, "g") == 0);
    CHECK(module_func_name(m, 1) == NULL);
    module_free(m);
  }
  /* a broken name section is ignored */
  CHECK(decodes(BYTES(HDR, 0x00, 0x07, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x09)));
  /* GC types: rec group of a struct with a packed mutable field and an array, sub final */
  m = dec(BYTES(HDR, 0x01, 0x12, 0x01, 0x4E, 0x02,
                0x50, 0x00, 0x5F, 0x02, 0x78, 0x01, 0x64, 0x01, 0x00, /* sub struct (mut i8) (ref 1) */
                0x4F, 0x01, 0x00, 0x5E, 0x7F, 0x00));                /* sub final 0 array i32 */
  CHECK(m != NULL);
  if (m) {
    CHECK_EQ_INT(m->ntypes, 2);
    CHECK(m->types[0].comp.kind == COMP_STRUCT && !m->types[0].final && m->types[0].super == UINT32_MAX);
    CHECK(m->types[0].comp.st.fields[0].type == VT_I8 && m->types[0].comp.st.fields[0].mut);
    CHECK(m->types[0].comp.st.fields[1].type == VT_REF(1, 0));
    CHECK(m->types[1].final && m->types[1].super == 0 && m->types[1].rec_start == 0 && m->types[1].rec_len == 2);
    module_free(m);
  }
  /* imports of all kinds, table with initialiser, memory64, tag, global, start, datacount, data */
  m = dec(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                0x02, 0x20, 0x05, 0x00, 0x01, 'a', 0x00, 0x00,         /* func */
                0x00, 0x01, 'b', 0x01, 0x70, 0x00, 0x01,               /* table */
                0x00, 0x01, 'c', 0x02, 0x05, 0x01, 0x02,               /* memory64 min 1 max 2 */
                0x00, 0x01, 'd', 0x03, 0x7F, 0x01,                     /* global mut i32 */
                0x00, 0x01, 'e', 0x04, 0x00, 0x00,                     /* tag */
                0x03, 0x02, 0x01, 0x00,
                0x04, 0x0A, 0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, /* table (ref func) init */
                0x0B,
                0x0D, 0x03, 0x01, 0x00, 0x00,                          /* tag section */
                0x06, 0x06, 0x01, 0x7E, 0x00, 0x42, 0x01, 0x0B,        /* global i64 */
                0x08, 0x01, 0x01,                                      /* start 1 */
                0x0C, 0x01, 0x01,                                      /* data count 1 */
                0x0A, 0x07, 0x01, 0x05, 0x00, 0xFC, 0x09, 0x00, 0x0B,  /* data.drop 0 */
                0x0B, 0x04, 0x01, 0x01, 0x01, 'x'));                   /* passive data "x" */
  CHECK(m != NULL);
  if (m) {
    CHECK_EQ_INT(m->nimports, 5);
    CHECK_EQ_INT(m->nfuncs, 2);
    CHECK_EQ_INT(m->nimported_funcs, 1);
    CHECK_EQ_INT(m->ntables, 2);
    CHECK(m->tables[1].has_init && m->tables[1].type.elem == VT_REF(HT_FUNC, 0));
    CHECK(m->mems[0].is64 && m->mems[0].has_max && m->mems[0].max == 2);
    CHECK_EQ_INT(m->nglobals, 2);
    CHECK(m->globals[0].type.mut && m->globals[1].type.type == VT_I64);
    CHECK_EQ_INT(m->ntags, 2);
    CHECK_EQ_INT(m->start, 1);
    CHECK(m->has_data_count && m->data_count == 1 && m->ndatas == 1);
    CHECK(m->datas[0].mode == SEG_PASSIVE && m->datas[0].len == 1 && m->bytes[m->datas[0].start] == 'x');
    module_free(m);
  }
  /* element segments, all eight forms */
  m = dec(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
                0x09, 0x2F, 0x08,
                0x00, 0x41, 0x00, 0x0B, 0x01, 0x00,                  /* 0: active, funcs */
                0x01, 0x00, 0x01, 0x00,                              /* 1: passive, funcs */
                0x02, 0x00, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00,      /* 2: table 0, funcs */
                0x03, 0x00, 0x01, 0x00,                              /* 3: declarative */
                0x04, 0x41, 0x00, 0x0B, 0x01, 0xD2, 0x00, 0x0B,      /* 4: active, exprs */
                0x05, 0x70, 0x01, 0xD0, 0x70, 0x0B,                  /* 5: passive, exprs */
                0x06, 0x00, 0x41, 0x00, 0x0B, 0x70, 0x00,            /* 6: table 0, exprs */
                0x07, 0x70, 0x00,                                    /* 7: declarative exprs */
                0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B));
  CHECK(m != NULL);
  if (m) {
    CHECK_EQ_INT(m->nelems, 8);
    CHECK(m->elems[0].mode == SEG_ACTIVE && m->elems[0].funcs && m->elems[0].type == VT_REF(HT_FUNC, 0));
    CHECK(m->elems[3].mode == SEG_DECLARATIVE && m->elems[1].mode == SEG_PASSIVE);
    CHECK(m->elems[4].exprs && m->elems[4].type == VT_FUNCREF && m->elems[4].count == 1);
    CHECK(m->elems[7].mode == SEG_DECLARATIVE && m->elems[7].count == 0);
    module_free(m);
  }
  /* a non-minimal section size, as the reference encoder writes it */
  CHECK(decodes(BYTES(HDR, 0x01, 0x84, 0x80, 0x80, 0x80, 0x00, 0x01, 0x60, 0x00, 0x00)));
}

static void test_malformed(void) {
  CHECK(fails_with(BYTES(0x00, 0x61, 0x73), "unexpected end"));
  CHECK(fails_with(BYTES(0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0), "magic header not detected"));
  CHECK(fails_with(BYTES(0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0), "unknown binary version"));
  CHECK(fails_with(BYTES(HDR, 0x0E, 0x01, 0x00), "malformed section id"));
  CHECK(fails_with(BYTES(HDR, 0x03, 0x01, 0x00, 0x01, 0x01, 0x00), "unexpected content after last section"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00), "unexpected content after last section"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x05, 0x00), "length out of bounds"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x02, 0x00, 0x00), "section size mismatch"));
  CHECK(fails_with(BYTES(HDR, 0x05, 0x01, 0x01), "unexpected end of section or function"));
  CHECK(fails_with(BYTES(HDR, 0x05, 0x02, 0x01, 0x08), "malformed limits flags"));
  CHECK(fails_with(BYTES(HDR, 0x04, 0x04, 0x01, 0x70, 0x02, 0x00), "malformed limits flags"));
  CHECK(fails_with(BYTES(HDR, 0x02, 0x05, 0x01, 0x00, 0x00, 0x05, 0x00), "malformed import kind"));
  CHECK(fails_with(BYTES(HDR, 0x06, 0x06, 0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B), "malformed mutability"));
  CHECK(fails_with(BYTES(HDR, 0x00, 0x03, 0x02, 0xC0, 0x80), "malformed UTF-8 encoding"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00),
                   "function and code section have inconsistent lengths"));
  CHECK(fails_with(BYTES(HDR, 0x0C, 0x01, 0x01), "data count and data section have inconsistent lengths"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                         0x0A, 0x07, 0x01, 0x05, 0x00, 0xFC, 0x09, 0x00, 0x0B),
                   "data count section required"));
  /* body: else outside if; missing end; bytes after end; too many locals; bad opcode */
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                         0x0A, 0x05, 0x01, 0x03, 0x00, 0x05, 0x0B),
                   "END opcode expected"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                         0x0A, 0x05, 0x01, 0x03, 0x00, 0x01, 0x01),
                   "unexpected end of section or function"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                         0x0A, 0x05, 0x01, 0x03, 0x00, 0x0B, 0x01),
                   "section size mismatch"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                         0x0A, 0x10, 0x01, 0x0E, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F,
                         0x80, 0x80, 0x80, 0x80, 0x01, 0x7E, 0x0B),
                   "too many locals"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                         0x0A, 0x05, 0x01, 0x03, 0x00, 0x27, 0x0B),
                   "illegal opcode"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                         0x0A, 0x09, 0x01, 0x07, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0B),
                   "integer too large"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x05, 0x01, 0x5E, 0x78, 0x02), "malformed mutability"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x05, 0x01, 0xE0, 0x7F, 0x00, 0x00), "integer representation too long"));
  CHECK(fails_with(BYTES(HDR, 0x09, 0x04, 0x01, 0x05, 0x7F, 0x00), "malformed reference type"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x04, 0x01, 0x5D, 0x00, 0x00), "malformed definition type"));
  CHECK(fails_with(BYTES(HDR, 0x01, 0x05, 0x01, 0x5E, 0x76, 0x00), "malformed storage type"));
  CHECK(fails_with(BYTES(HDR, 0x0D, 0x03, 0x01, 0x01, 0x00), "zero byte expected"));
  CHECK(fails_with(BYTES(HDR, 0x04, 0x08, 0x01, 0x40, 0x01, 0x70, 0x00, 0x00, 0xD0, 0x70, 0x0B),
                   "malformed reference type"));
  CHECK(fails_with(BYTES(HDR, 0x07, 0x04, 0x01, 0x00, 0x05, 0x00), "malformed export kind"));
  CHECK(fails_with(BYTES(HDR, 0x0B, 0x03, 0x01, 0x03, 0x00), "malformed data segment kind"));
  CHECK(fails_with(BYTES(HDR, 0x09, 0x03, 0x01, 0x08, 0x00), "malformed elements segment kind"));
  CHECK(fails_with(BYTES(HDR, 0x09, 0x04, 0x01, 0x01, 0x01, 0x00), "malformed element kind"));
  /* a global's initialiser without its end runs into the next section */
  CHECK(fails_with(BYTES(HDR, 0x06, 0x05, 0x01, 0x7F, 0x00, 0x41, 0x00), "unexpected end"));
}

int main(void) {
  test_leb();
  test_valtypes();
  test_instrs();
  test_valid_modules();
  test_malformed();
  return TEST_DONE();
}
