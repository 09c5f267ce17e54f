/* Mnemonic lookup for the text format, derived from the one opcode table
 * (binary/opcodes.h): the text layer keeps no instruction list of its own.
 * The text-only distinctions (block vs. if vs. try, `select` with or without
 * types, ref.test vs. ref.test null) follow from the op and its imm_kind. */
#ifndef RECLAIM_TEXT_WAT_OPS_H
#define RECLAIM_TEXT_WAT_OPS_H

#include "binary/instr.h"
#include "util/common.h"

struct wop {
  const char *name;
  uint32_t op;   /* enum op: OPC(prefix, code) */
  uint8_t imm;   /* enum imm_kind */
};

/* The instruction named s[0..n), or NULL. A name that several opcodes share
 * (select, ref.test, ref.cast) finds the lowest; the encoder picks the
 * variant from the immediates that follow. */
const struct wop *wop_find(const char *s, size_t n);

#endif
