/* Private interface between the type store's files: typestore.c owns the
 * canonical id table, layout.c builds and frees each typeinfo. */
#ifndef RECLAIM_TYPESTORE_INTERNAL_H
#define RECLAIM_TYPESTORE_INTERNAL_H

#include "types/typestore.h"

/* A typeinfo for st (whose group members already have m->types[].canon
 * set): canonical structure and layout; supers are linked separately. */
struct typeinfo *typeinfo_new(uint32_t id, const struct module *m, const struct subtype *st);
/* Set supers/depth of member i of the group m->types[start .. start+n). */
void typeinfo_link_supers(struct typestore *ts, const struct module *m, uint32_t start, uint32_t n, uint32_t i);
void typeinfo_free(struct typeinfo *ti);
struct typeinfo *typestore_info_mut(struct typestore *ts, uint32_t canon);

#endif
