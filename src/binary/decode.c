/* Module decoding: header, section order, the sections without code
 * (imports, functions, tables, memories, tags, exports, start, data count,
 * custom), the checks made after the last section, and module_free. */
#include "binary/decode_internal.h"

#include <stdio.h>
#include <stdlib.h>

bool dec_fail(struct dec *d, size_t at, const char *msg) {
  return rc_fail(d->err, RC_ERR_MALFORMED, (int64_t)at, "%s", msg);
}

enum {
  SEC_CUSTOM = 0, SEC_TYPE = 1, SEC_IMPORT = 2, SEC_FUNC = 3, SEC_TABLE = 4, SEC_MEMORY = 5,
  SEC_GLOBAL = 6, SEC_EXPORT = 7, SEC_START = 8, SEC_ELEM = 9, SEC_CODE = 10, SEC_DATA = 11,
  SEC_DATACOUNT = 12, SEC_TAG = 13,
};

/* Position of each section id in the required order (tag sits between
 * memory and global, data count between element and code). */
static const uint8_t section_rank[14] = {
    [SEC_TYPE] = 1, [SEC_IMPORT] = 2, [SEC_FUNC] = 3, [SEC_TABLE] = 4, [SEC_MEMORY] = 5,
    [SEC_TAG] = 6, [SEC_GLOBAL] = 7, [SEC_EXPORT] = 8, [SEC_START] = 9, [SEC_ELEM] = 10,
    [SEC_DATACOUNT] = 11, [SEC_CODE] = 12, [SEC_DATA] = 13,
};

static bool dec_tag_index(struct dec *d, uint32_t *type) {
  size_t at = d->r.pos;
  uint8_t attr;
  if (!rd_u8(&d->r, &attr, d->err)) return false;
  if (attr != 0) return dec_fail(d, at, "zero byte expected");
  return rd_u32(&d->r, type, d->err);
}

static bool dec_import_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  size_t cap = (size_t)n + 1;
  m->imports = rc_calloc(cap, sizeof *m->imports);
  m->func_types = rc_malloc(cap * sizeof *m->func_types);
  m->tables = rc_calloc(cap, sizeof *m->tables);
  m->mems = rc_calloc(cap, sizeof *m->mems);
  m->globals = rc_calloc(cap, sizeof *m->globals);
  m->tags = rc_malloc(cap * sizeof *m->tags);
  for (uint32_t i = 0; i < n; i++) {
    struct import *im = &m->imports[i];
    m->nimports = i + 1;
    im->offset = (uint32_t)d->r.pos;
    if (!dec_name(d, &im->module) || !dec_name(d, &im->field)) return false;
    size_t at = d->r.pos;
    uint8_t kind;
    if (!rd_u8(&d->r, &kind, d->err)) return false;
    switch (kind) {
    case EXT_FUNC:
      if (!rd_u32(&d->r, &im->func_type, d->err)) return false;
      m->func_types[m->nfuncs++] = im->func_type;
      break;
    case EXT_TABLE:
      if (!dec_tabletype(d, &im->table)) return false;
      m->tables[m->ntables++].type = im->table;
      break;
    case EXT_MEMORY:
      if (!dec_limits(d, &im->mem, false)) return false;
      m->mems[m->nmems++] = im->mem;
      break;
    case EXT_GLOBAL:
      if (!dec_globaltype(d, &im->global)) return false;
      m->globals[m->nglobals++].type = im->global;
      break;
    case EXT_TAG:
      if (!dec_tag_index(d, &im->tag_type)) return false;
      m->tags[m->ntags++] = im->tag_type;
      break;
    default: return dec_fail(d, at, "malformed import kind");
    }
    im->kind = (enum extern_kind)kind;
  }
  m->nimported_funcs = m->nfuncs;
  m->nimported_tables = m->ntables;
  m->nimported_mems = m->nmems;
  m->nimported_globals = m->nglobals;
  m->nimported_tags = m->ntags;
  return true;
}

static bool dec_func_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  m->func_types = rc_realloc(m->func_types, ((size_t)m->nfuncs + n + 1) * sizeof *m->func_types);
  for (uint32_t i = 0; i < n; i++) {
    if (!rd_u32(&d->r, &m->func_types[m->nfuncs], d->err)) return false;
    m->nfuncs++;
  }
  d->nfunc_decls = n;
  return true;
}

static bool dec_table_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  m->tables = rc_realloc(m->tables, ((size_t)m->ntables + n + 1) * sizeof *m->tables);
  for (uint32_t i = 0; i < n; i++) {
    struct table *t = &m->tables[m->ntables];
    memset(t, 0, sizeof *t);
    uint8_t b;
    if (rd_peek(&d->r, &b) && b == 0x40) { /* 0x40 0x00 tabletype expr */
      size_t at = d->r.pos++;
      if (!rd_u8(&d->r, &b, d->err)) return false;
      /* otherwise 0x40 is read as a reference type, as the spec's decoder does */
      if (b != 0) return dec_fail(d, at, "malformed reference type");
      if (!dec_tabletype(d, &t->type) || !dec_expr(d, &t->init)) return false;
      t->has_init = true;
    } else if (!dec_tabletype(d, &t->type)) {
      return false;
    }
    m->ntables++;
  }
  return true;
}

static bool dec_memory_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  m->mems = rc_realloc(m->mems, ((size_t)m->nmems + n + 1) * sizeof *m->mems);
  for (uint32_t i = 0; i < n; i++) {
    if (!dec_limits(d, &m->mems[m->nmems], false)) return false;
    m->nmems++;
  }
  return true;
}

static bool dec_tag_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  m->tags = rc_realloc(m->tags, ((size_t)m->ntags + n + 1) * sizeof *m->tags);
  for (uint32_t i = 0; i < n; i++) {
    if (!dec_tag_index(d, &m->tags[m->ntags])) return false;
    m->ntags++;
  }
  return true;
}

static bool dec_export_section(struct dec *d) {
  struct module *m = d->m;
  uint32_t n;
  if (!rd_len(&d->r, &n, d->err)) return false;
  m->exports = rc_calloc((size_t)n + 1, sizeof *m->exports);
  for (uint32_t i = 0; i < n; i++) {
    struct export *e = &m->exports[i];
    m->nexports = i + 1;
    if (!dec_name(d, &e->name)) return false;
    size_t at = d->r.pos;
    uint8_t kind;
    if (!rd_u8(&d->r, &kind, d->err)) return false;
    if (kind > EXT_TAG) return dec_fail(d, at, "malformed export kind");
    e->kind = (enum extern_kind)kind;
    if (!rd_u32(&d->r, &e->index, d->err)) return false;
  }
  return true;
}

/* A custom section is read within its declared size; its name must be
 * valid UTF-8, its contents are opaque except for "name". */
static bool dec_custom_section(struct dec *d, size_t end) {
  size_t outer_end = d->r.end;
  d->r.end = end;
  struct name nm = {0};
  bool ok = dec_name(d, &nm);
  d->r.end = outer_end;
  if (!ok) return false;
  if (nm.len == 4 && memcmp(nm.data, "name", 4) == 0) dec_name_section(d->m, d->r.base, d->r.pos, end);
  free(nm.data);
  d->r.pos = end;
  return true;
}

static bool dec_section(struct dec *d, uint8_t id, size_t end) {
  struct module *m = d->m;
  switch (id) {
  case SEC_CUSTOM: return dec_custom_section(d, end);
  case SEC_TYPE: return dec_type_section(d);
  case SEC_IMPORT: return dec_import_section(d);
  case SEC_FUNC: return dec_func_section(d);
  case SEC_TABLE: return dec_table_section(d);
  case SEC_MEMORY: return dec_memory_section(d);
  case SEC_TAG: return dec_tag_section(d);
  case SEC_GLOBAL: return dec_global_section(d);
  case SEC_EXPORT: return dec_export_section(d);
  case SEC_START: return rd_u32(&d->r, &m->start, d->err);
  case SEC_ELEM: return dec_elem_section(d);
  case SEC_DATACOUNT:
    m->has_data_count = true;
    return rd_u32(&d->r, &m->data_count, d->err);
  case SEC_CODE: return dec_code_section(d);
  case SEC_DATA: return dec_data_section(d);
  }
  return false;
}

static bool dec_module(struct dec *d) {
  struct module *m = d->m;
  static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6D};
  static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
  if (m->len < 4) return dec_fail(d, m->len, "unexpected end");
  if (memcmp(m->bytes, magic, 4) != 0) return dec_fail(d, 0, "magic header not detected");
  if (m->len < 8) return dec_fail(d, m->len, "unexpected end");
  if (memcmp(m->bytes + 4, version, 4) != 0) return dec_fail(d, 4, "unknown binary version");
  d->r.pos = 8;

  int last_rank = 0;
  while (!rd_eof(&d->r)) {
    size_t id_at = d->r.pos;
    uint8_t id = m->bytes[d->r.pos++];
    if (id > SEC_TAG) return dec_fail(d, id_at, "malformed section id");
    if (id != SEC_CUSTOM) {
      /* out of order or repeated: the spec's decoder stops before it */
      if (section_rank[id] <= last_rank) return dec_fail(d, id_at, "unexpected content after last section");
      last_rank = section_rank[id];
    }
    uint32_t size;
    if (!rd_len(&d->r, &size, d->err)) return false;
    size_t start = d->r.pos, end = start + size;
    /* rd_len's bound counts the size field itself, so end may pass the
     * module's end by a few bytes; the section then runs out of bytes */
    if (end > m->len && id == SEC_CUSTOM) return dec_fail(d, m->len, "unexpected end of section or function");
    if (!dec_section(d, id, end)) {
      if (strcmp(d->err->msg, "unexpected end") == 0)
        snprintf(d->err->msg, sizeof d->err->msg, "unexpected end of section or function");
      return false;
    }
    if (d->r.pos != end) return dec_fail(d, start, "section size mismatch");
  }

  if (m->nbodies != d->nfunc_decls)
    return dec_fail(d, m->len, "function and code section have inconsistent lengths");
  if (m->has_data_count && m->data_count != m->ndatas)
    return dec_fail(d, m->len, "data count and data section have inconsistent lengths");
  if (d->uses_data && !m->has_data_count) return dec_fail(d, m->len, "data count section required");
  return true;
}

struct module *module_decode(const uint8_t *bytes, size_t len, struct rc_error *err) {
  struct rc_error local;
  if (!err) err = &local;
  rc_error_clear(err);
  if (len > UINT32_MAX - 1) {
    rc_fail(err, RC_ERR_MALFORMED, 0, "module too large");
    return NULL;
  }
  struct module *m = rc_calloc(1, sizeof *m);
  m->bytes = rc_malloc(len ? len : 1);
  if (len) memcpy(m->bytes, bytes, len);
  m->len = len;
  m->start = UINT32_MAX;
  struct dec d = {0};
  d.m = m;
  d.err = err;
  d.r.base = m->bytes;
  d.r.pos = 0;
  d.r.end = len;
  instr_reader_init(&d.ir, m->bytes, 0, len);
  bool ok = dec_module(&d);
  instr_reader_free(&d.ir);
  rc_vec_free(d.ctl);
  if (!ok) {
    module_free(m);
    return NULL;
  }
  return m;
}

static void free_comptype(struct comptype *c) {
  if (c->kind == COMP_FUNC) free(c->func.params);
  else if (c->kind == COMP_STRUCT) free(c->st.fields);
}

void module_free(struct module *m) {
  if (!m) return;
  for (uint32_t i = 0; i < m->ntypes; i++) free_comptype(&m->types[i].comp);
  free(m->types);
  for (uint32_t i = 0; i < m->nimports; i++) {
    free(m->imports[i].module.data);
    free(m->imports[i].field.data);
  }
  free(m->imports);
  free(m->func_types);
  free(m->tables);
  free(m->mems);
  free(m->globals);
  free(m->tags);
  for (uint32_t i = 0; i < m->nexports; i++) free(m->exports[i].name.data);
  free(m->exports);
  for (uint32_t i = 0; i < m->nelems; i++) {
    free(m->elems[i].funcs);
    free(m->elems[i].exprs);
  }
  free(m->elems);
  free(m->datas);
  for (uint32_t i = 0; i < m->nbodies; i++) free(m->bodies[i].local_decls);
  free(m->bodies);
  free(m->module_name.data);
  for (uint32_t i = 0; i < m->nfunc_names; i++) free(m->func_names[i].name.data);
  free(m->func_names);
  free(m->bytes);
  free(m);
}
