/* Shared state of the module decoder, split over decode*.c. Sections are
 * read with one reader over the whole module (as the spec's reference
 * decoder does) and each section's size is checked after it is parsed, so a
 * section that overruns reports "section size mismatch". */
#ifndef RECLAIM_DECODE_INTERNAL_H
#define RECLAIM_DECODE_INTERNAL_H

#include "binary/instr.h"
#include "binary/module.h"

struct dec {
  struct reader r;          /* over the whole module */
  struct module *m;
  struct rc_error *err;
  struct instr_reader ir;   /* scratch for checking expressions */
  RC_VEC(uint8_t) ctl;      /* block-structure stack while checking an expression */
  uint32_t nfunc_decls;     /* entries in the function section */
  bool has_code;
  bool in_body;             /* scanning a function body, not a constant expression */
  bool uses_data;           /* a body mentions a data index: needs the data count section */
};

bool dec_fail(struct dec *d, size_t at, const char *msg);

/* decode_types.c */
bool dec_type_section(struct dec *d);
bool dec_limits(struct dec *d, struct limits *lim, bool is_table);
bool dec_tabletype(struct dec *d, struct tabletype *tt);
bool dec_globaltype(struct dec *d, struct globaltype *gt);
bool dec_name(struct dec *d, struct name *out);

/* decode_code.c */
bool dec_expr(struct dec *d, struct expr *out);
bool dec_global_section(struct dec *d);
bool dec_elem_section(struct dec *d);
bool dec_code_section(struct dec *d);
bool dec_data_section(struct dec *d);

/* decode_names.c */
bool utf8_valid(const uint8_t *p, size_t n);
void dec_name_section(struct module *m, const uint8_t *base, size_t start, size_t end);

#endif
