/* The "spectest" host module of the spec test scripts (see the spec suite's
 * README): print functions (a fresh host function per import), immutable
 * globals global_i32/i64/f32/f64 = 666 / 666.6, one `table` (i32, 10..20
 * funcref), one `table64` (i64, 10..20 funcref) and one `memory` (1..2
 * pages), created once per spectest object and shared by every import. */
#ifndef RECLAIM_SPECTEST_H
#define RECLAIM_SPECTEST_H

#include <stdio.h>

#include "runtime/rt.h"

struct spectest;
/* out: where print functions write (NULL: they print nothing). */
struct spectest *spectest_new(struct store *s, FILE *out);
void spectest_free(struct spectest *st);
/* A linker_host_fn: define it with linker_define_host(l, "spectest", 8,
 * spectest_resolve, st). Unknown names are not found ("unknown import"). */
bool spectest_resolve(void *st, struct store *s, const struct module *m, const struct import *imp,
                      struct rc_extern *out);

#endif
