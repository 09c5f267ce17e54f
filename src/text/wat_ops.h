/* The instruction table of the text format: mnemonic -> opcode bytes and
 * immediate kind (and natural alignment for memory instructions). */
#ifndef RECLAIM_TEXT_WAT_OPS_H
#define RECLAIM_TEXT_WAT_OPS_H

#include "util/common.h"

enum wimm {
  IM_NONE, IM_BLOCK, IM_LOOP, IM_IF, IM_ELSE, IM_END, IM_TRY, IM_CATCH, IM_CATCH_ALL,
  IM_DELEGATE, IM_TRY_TABLE, IM_LABEL, IM_BR_TABLE, IM_BR_ON_CAST, IM_FUNC, IM_CALL_INDIRECT,
  IM_TYPE, IM_LOCAL, IM_GLOBAL, IM_TABLE, IM_TABLE_COPY, IM_TABLE_INIT, IM_ELEM, IM_MEMARG,
  IM_MEM, IM_MEM_COPY, IM_MEM_INIT, IM_DATA, IM_I32, IM_I64, IM_F32, IM_F64, IM_V128,
  IM_SELECT, IM_REFNULL, IM_REFTEST, IM_STRUCT_FIELD, IM_ARRAY_FIXED, IM_ARRAY_DATA,
  IM_ARRAY_ELEM, IM_ARRAY_COPY, IM_TAG, IM_LANE, IM_MEMARG_LANE, IM_SHUFFLE,
};

struct wop {
  const char *name;
  uint8_t prefix; /* 0, 0xfb, 0xfc, 0xfd */
  uint16_t code;
  uint8_t imm;    /* enum wimm */
  uint8_t align;  /* natural alignment (log2) for memory accesses */
};

const struct wop *wop_find(const char *s, size_t n);

#endif
