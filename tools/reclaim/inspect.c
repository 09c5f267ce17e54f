/* `reclaim inspect MODULE [--types] [--imports] [--exports] [--func N|NAME]
 * [--all-code]`: what the runtime made of a module, printed as data.
 *
 * The summary lists the binary's sections, imports, exports, the index
 * spaces (functions, tables, memories, globals, tags) and every defined
 * type with what the type store computed for it: canonical id, rec group,
 * supertype chain, finality, and the GC layout of struct and array objects
 * (field offsets, storage types, which offsets the collector traces) or the
 * value-slot counts of function types. --func / --all-code print compiled
 * code with its stack maps (interp_dump_func).
 *
 * Types print in WAT syntax with module-local indices ($N: the text format
 * does not keep names in the binary); canonical ids are engine-wide and
 * only meaningful within one run.
 *
 * Exit status: 0 printed; 2 usage, unreadable, malformed or invalid module,
 * or a --func that names no defined function. */
#include <stdlib.h>

#include "binary/reader.h"
#include "cli.h"
#include "gc/object.h"
#include "interp/interp.h"

#define MAX_FUNCS 64

struct inspect_opts {
  const char *path;
  bool types, imports, exports, all_code;
  const char *funcs[MAX_FUNCS];
  uint32_t nfuncs;
};

static void inspect_usage(FILE *out) {
  fprintf(out,
          "usage: reclaim inspect MODULE [--types] [--imports] [--exports] [--func N|NAME]...\n"
          "                      [--all-code]\n"
          "  MODULE is binary (.wasm) or text (.wat). Without options prints a summary:\n"
          "  sections, imports, exports, functions, tables, memories, globals, tags, and\n"
          "  every defined type with its canonical id, rec group, supertype chain,\n"
          "  finality and GC layout (field offsets, storage types, traced references).\n"
          "  --types / --imports / --exports   print only those parts (combinable)\n"
          "  --func N|NAME   compiled code of a function (index, name-section name or\n"
          "                  export name): ops, jump targets, stack maps, handlers\n"
          "  --all-code      compiled code of every defined function\n");
}

/* ---- formatting in WAT syntax ---- */

static void print_valtype(valtype t) {
  char b[64];
  valtype_format(b, sizeof b, t, NULL, NULL); /* module-local: $N is the type index */
  fputs(b, stdout);
}

static void print_field(const struct fieldtype *f) {
  if (f->mut) fputs("(mut ", stdout);
  print_valtype(f->type);
  if (f->mut) fputc(')', stdout);
}

static void print_functype(const struct functype *f) {
  fputs("(func", stdout);
  if (f->nparams) {
    fputs(" (param", stdout);
    for (uint32_t i = 0; i < f->nparams; i++) {
      fputc(' ', stdout);
      print_valtype(f->params[i]);
    }
    fputc(')', stdout);
  }
  if (f->nresults) {
    fputs(" (result", stdout);
    for (uint32_t i = 0; i < f->nresults; i++) {
      fputc(' ', stdout);
      print_valtype(f->results[i]);
    }
    fputc(')', stdout);
  }
  fputc(')', stdout);
}

static void print_limits(const struct limits *l) {
  if (l->is64) fputs("i64 ", stdout);
  printf("%llu", (unsigned long long)l->min);
  if (l->has_max) printf(" %llu", (unsigned long long)l->max);
  if (l->shared) fputs(" shared", stdout);
}

static void print_name(const struct name *nm) {
  fputc('"', stdout);
  for (uint32_t i = 0; i < nm->len; i++) {
    unsigned char c = (unsigned char)nm->data[i];
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20 || c == 0x7f) printf("\\%02x", c);
    else fputc(c, stdout);
  }
  fputc('"', stdout);
}

static const char *const kind_names[] = {"func", "table", "memory", "global", "tag"};

/* ---- sections ---- */

static const char *section_name(uint8_t id) {
  static const char *const names[] = {"custom", "type",   "import", "function", "table",
                                      "memory", "global", "export", "start",    "element",
                                      "code",   "data",   "datacount", "tag"};
  return id < sizeof names / sizeof names[0] ? names[id] : "unknown";
}

/* Walk the section headers of the (already decoded, so well-formed) binary:
 * id, offset, size, and the entry count that opens every vector section. */
static void print_sections(const struct module *m) {
  struct reader r = {m->bytes, 8, m->len};
  struct rc_error err;
  rc_error_clear(&err);
  puts("sections:");
  while (!rd_eof(&r)) {
    uint8_t id;
    uint32_t size;
    size_t at = rd_offset(&r);
    if (!rd_u8(&r, &id, &err) || !rd_u32(&r, &size, &err) || size > r.end - r.pos) return;
    struct reader body = {m->bytes, r.pos, r.pos + size};
    printf("  %-10s offset 0x%-6zx size %-7u", section_name(id), at, size);
    uint32_t count = 0;
    if (id == 0) {
      uint32_t nlen;
      const uint8_t *nm;
      if (rd_u32(&body, &nlen, &err) && rd_bytes(&body, nlen, &nm, &err)) {
        struct name cn = {(char *)nm, nlen};
        putchar(' ');
        print_name(&cn);
      }
    } else if (id == 8) {
      if (rd_u32(&body, &count, &err)) printf(" func %u", count);
    } else if (id <= 13 && rd_u32(&body, &count, &err)) {
      printf(" %u %s", count, id == 12 ? "data segments" : count == 1 ? "entry" : "entries");
      if (id == 1) printf(" (%u types)", m->ntypes);
    }
    putchar('\n');
    r.pos += size;
  }
}

/* ---- imports, exports and index spaces ---- */

static void print_func_ref(const struct module *m, uint32_t idx) {
  printf("func %u", idx);
  const struct name *nm = idx < m->nfuncs ? module_func_name(m, idx) : NULL;
  if (nm) {
    fputs(" $", stdout);
    fwrite(nm->data, 1, nm->len, stdout);
  }
}

static void print_imports(const struct module *m) {
  printf("imports: %u\n", m->nimports);
  uint32_t next[5] = {0, 0, 0, 0, 0};
  for (uint32_t i = 0; i < m->nimports; i++) {
    const struct import *im = &m->imports[i];
    printf("  ");
    print_name(&im->module);
    putchar(' ');
    print_name(&im->field);
    printf(" %s %u: ", kind_names[im->kind], next[im->kind]++);
    switch (im->kind) {
    case EXT_FUNC:
    case EXT_TAG: {
      uint32_t t = im->kind == EXT_FUNC ? im->func_type : im->tag_type;
      printf("type $%u ", t);
      if (t < m->ntypes && m->types[t].comp.kind == COMP_FUNC) print_functype(&m->types[t].comp.func);
      break;
    }
    case EXT_TABLE:
      print_limits(&im->table.lim);
      putchar(' ');
      print_valtype(im->table.elem);
      break;
    case EXT_MEMORY: print_limits(&im->mem); break;
    case EXT_GLOBAL: {
      struct fieldtype f = {im->global.type, im->global.mut};
      print_field(&f);
      break;
    }
    }
    putchar('\n');
  }
}

static void print_exports(const struct module *m) {
  printf("exports: %u\n", m->nexports);
  for (uint32_t i = 0; i < m->nexports; i++) {
    const struct export *ex = &m->exports[i];
    printf("  ");
    print_name(&ex->name);
    putchar(' ');
    if (ex->kind == EXT_FUNC) print_func_ref(m, ex->index);
    else printf("%s %u", kind_names[ex->kind], ex->index);
    putchar('\n');
  }
}

static void print_index_spaces(const struct module *m) {
  printf("functions: %u (%u imported)\n", m->nfuncs, m->nimported_funcs);
  for (uint32_t i = 0; i < m->nfuncs; i++) {
    printf("  ");
    print_func_ref(m, i);
    printf(": type $%u ", m->func_types[i]);
    print_functype(module_func_type(m, i));
    if (i < m->nimported_funcs) printf(" imported");
    else printf(" locals %llu", (unsigned long long)m->bodies[i - m->nimported_funcs].nlocals);
    if (i == m->start) printf(" start");
    putchar('\n');
  }
  printf("tables: %u (%u imported)\n", m->ntables, m->nimported_tables);
  for (uint32_t i = 0; i < m->ntables; i++) {
    printf("  table %u: ", i);
    print_limits(&m->tables[i].type.lim);
    putchar(' ');
    print_valtype(m->tables[i].type.elem);
    puts(i < m->nimported_tables ? " imported" : "");
  }
  printf("memories: %u (%u imported)\n", m->nmems, m->nimported_mems);
  for (uint32_t i = 0; i < m->nmems; i++) {
    printf("  memory %u: ", i);
    print_limits(&m->mems[i]);
    puts(i < m->nimported_mems ? " imported" : "");
  }
  printf("globals: %u (%u imported)\n", m->nglobals, m->nimported_globals);
  for (uint32_t i = 0; i < m->nglobals; i++) {
    printf("  global %u: ", i);
    struct fieldtype f = {m->globals[i].type.type, m->globals[i].type.mut};
    print_field(&f);
    puts(i < m->nimported_globals ? " imported" : "");
  }
  printf("tags: %u (%u imported)\n", m->ntags, m->nimported_tags);
  for (uint32_t i = 0; i < m->ntags; i++) {
    printf("  tag %u: type $%u ", i, m->tags[i]);
    if (m->types[m->tags[i]].comp.kind == COMP_FUNC) print_functype(&m->types[m->tags[i]].comp.func);
    puts(i < m->nimported_tags ? " imported" : "");
  }
  printf("elem segments: %u, data segments: %u\n", m->nelems, m->ndatas);
}

/* ---- types ---- */

/* The module's first type index with canonical id c (equivalent types of a
 * module share one id), or UINT32_MAX. */
static uint32_t local_of_canon(const struct module *m, uint32_t c) {
  for (uint32_t i = 0; i < m->ntypes; i++)
    if (m->types[i].canon == c) return i;
  return UINT32_MAX;
}

static void print_type_ref(const struct module *m, const struct typeinfo *ti) {
  uint32_t l = local_of_canon(m, ti->id);
  if (l != UINT32_MAX) printf("$%u (canon %u)", l, ti->id);
  else printf("canon %u", ti->id);
}

static bool offset_traced(const struct typeinfo *ti, uint32_t off) {
  for (uint32_t i = 0; i < ti->nrefs; i++)
    if (ti->ref_offsets[i] == off) return true;
  return false;
}

static void print_layout(const struct subtype *st, const struct typeinfo *ti) {
  if (ti->kind == TI_STRUCT) {
    printf("    layout: payload %u bytes (object %zu with the header), %u traced ref%s", ti->payload_size,
           ti->payload_size + sizeof(struct gc_obj), ti->nrefs, ti->nrefs == 1 ? "" : "s");
    if (ti->nrefs) {
      fputs(" at", stdout);
      for (uint32_t i = 0; i < ti->nrefs; i++) printf(" +%u", ti->ref_offsets[i]);
    }
    putchar('\n');
    for (uint32_t i = 0; i < st->comp.st.nfields; i++) {
      printf("    field %u: +%-4u ", i, ti->field_offsets[i]);
      print_field(&st->comp.st.fields[i]);
      if (offset_traced(ti, ti->field_offsets[i])) fputs("  traced", stdout);
      putchar('\n');
    }
  } else if (ti->kind == TI_ARRAY) {
    printf("    layout: element ");
    print_field(&st->comp.array);
    printf(", %u byte%s each, %s; length in the header, elements from +0\n", ti->elem_size,
           ti->elem_size == 1 ? "" : "s", ti->elem_traced ? "traced" : "not traced");
  } else if (ti->kind == TI_FUNC) {
    printf("    slots: params %u, results %u\n", ti->param_slots, ti->result_slots);
  }
}

static void print_types(const struct module *m, const struct typestore *ts) {
  uint32_t ngroups = 0;
  for (uint32_t i = 0; i < m->ntypes; i++)
    if (m->types[i].rec_start == i) ngroups++;
  printf("types: %u in %u rec group%s\n", m->ntypes, ngroups, ngroups == 1 ? "" : "s");
  uint32_t group = 0;
  for (uint32_t i = 0; i < m->ntypes; i++) {
    const struct subtype *st = &m->types[i];
    if (i > 0 && st->rec_start == i) group++;
    const struct typeinfo *ti = types_get(ts, st->canon);
    static const char *const comp[] = {"func", "struct", "array"};
    printf("  type $%u: canon %u %s, %s, rec group %u", i, st->canon, comp[st->comp.kind],
           st->final ? "final" : "open", group);
    if (st->rec_len > 1)
      printf(" ($%u..$%u, member %u of %u)", st->rec_start, st->rec_start + st->rec_len - 1, i - st->rec_start,
             st->rec_len);
    putchar('\n');
    if (!ti) {
      puts("    (no typeinfo)");
      continue;
    }
    printf("    ");
    if (st->comp.kind == COMP_FUNC) {
      print_functype(&st->comp.func);
    } else if (st->comp.kind == COMP_STRUCT) {
      fputs("(struct", stdout);
      for (uint32_t f = 0; f < st->comp.st.nfields; f++) {
        fputs(" (field ", stdout);
        print_field(&st->comp.st.fields[f]);
        fputc(')', stdout);
      }
      fputc(')', stdout);
    } else {
      fputs("(array ", stdout);
      print_field(&st->comp.array);
      fputc(')', stdout);
    }
    putchar('\n');
    /* supers[depth] is the type itself, supers[0] the root of its chain */
    printf("    supertype chain (depth %u): ", ti->depth);
    for (uint32_t d = ti->depth + 1; d-- > 0;) {
      print_type_ref(m, ti->supers[d]);
      if (d) fputs(" <: ", stdout);
    }
    putchar('\n');
    print_layout(st, ti);
  }
}

/* ---- code ---- */

static bool all_digits(const char *s) {
  if (!*s) return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return false;
  return true;
}

static bool name_is(const struct name *nm, const char *s) {
  return nm && nm->len == strlen(s) && memcmp(nm->data, s, nm->len) == 0;
}

/* Function index of N, a name-section name (with or without '$') or an
 * export name; UINT32_MAX if none. */
static uint32_t find_func(const struct module *m, const char *what) {
  if (all_digits(what)) {
    unsigned long v = strtoul(what, NULL, 10);
    return v < m->nfuncs ? (uint32_t)v : UINT32_MAX;
  }
  const char *bare = what[0] == '$' ? what + 1 : what;
  for (uint32_t i = 0; i < m->nfunc_names; i++)
    if (name_is(&m->func_names[i].name, bare)) return m->func_names[i].index;
  for (uint32_t i = 0; i < m->nexports; i++)
    if (m->exports[i].kind == EXT_FUNC && name_is(&m->exports[i].name, what)) return m->exports[i].index;
  return UINT32_MAX;
}

static void print_code(const struct module *m, const struct module_code *mc, uint32_t f) {
  printf("code of ");
  print_func_ref(m, f);
  for (uint32_t i = 0; i < m->nexports; i++)
    if (m->exports[i].kind == EXT_FUNC && m->exports[i].index == f) {
      printf(" export ");
      print_name(&m->exports[i].name);
    }
  printf(": type $%u ", m->func_types[f]);
  print_functype(module_func_type(m, f));
  putchar('\n');
  fflush(stdout);
  interp_dump_func(stdout, m, mc, f);
}

/* ---- the command ---- */

static bool parse_args(int argc, char **argv, struct inspect_opts *o, int *status) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      inspect_usage(stdout);
      *status = 0;
      return false;
    } else if (strcmp(a, "--types") == 0) {
      o->types = true;
    } else if (strcmp(a, "--imports") == 0) {
      o->imports = true;
    } else if (strcmp(a, "--exports") == 0) {
      o->exports = true;
    } else if (strcmp(a, "--all-code") == 0) {
      o->all_code = true;
    } else if (strcmp(a, "--func") == 0 && i + 1 < argc) {
      if (o->nfuncs == MAX_FUNCS) {
        fprintf(stderr, "reclaim inspect: at most %d --func options\n", MAX_FUNCS);
        *status = 2;
        return false;
      }
      o->funcs[o->nfuncs++] = argv[++i];
    } else if ((a[0] != '-' || strcmp(a, "-") == 0) && !o->path) {
      o->path = a;
    } else {
      fprintf(stderr, "reclaim inspect: unexpected argument %s\n", a);
      inspect_usage(stderr);
      *status = 2;
      return false;
    }
  }
  if (!o->path) {
    inspect_usage(stderr);
    *status = 2;
    return false;
  }
  return true;
}

int cmd_inspect(int argc, char **argv) {
  struct inspect_opts o;
  memset(&o, 0, sizeof o);
  int status = 0;
  if (!parse_args(argc, argv, &o, &status)) return status;

  size_t len;
  bool was_text, io_error;
  uint8_t *bytes = load_module_file(o.path, &len, &was_text, &io_error);
  if (!bytes) return 2; /* load_module_file said why */
  struct rc_error err;
  rc_error_clear(&err);
  struct module *m = module_decode(bytes, len, &err);
  free(bytes);
  struct typestore *ts = typestore_new();
  struct module_code *mc = m ? interp_compile(m, ts, &err) : NULL;
  if (!mc) {
    print_module_error(o.path, &err, was_text);
    module_free(m);
    typestore_free(ts);
    return 2;
  }

  bool parts = o.types || o.imports || o.exports;
  bool summary = !parts && !o.nfuncs && !o.all_code;
  if (summary) {
    printf("module %s: %zu bytes%s\n", o.path, m->len, was_text ? " (encoded from text)" : "");
    print_sections(m);
  }
  if (summary || o.imports) print_imports(m);
  if (summary || o.exports) print_exports(m);
  if (summary) print_index_spaces(m);
  if (summary || o.types) print_types(m, ts);

  for (uint32_t k = 0; k < o.nfuncs; k++) {
    uint32_t f = find_func(m, o.funcs[k]);
    if (f == UINT32_MAX) {
      fprintf(stderr, "reclaim inspect: no function \"%s\"\n", o.funcs[k]);
      status = 2;
    } else if (f < m->nimported_funcs) {
      fprintf(stderr, "reclaim inspect: function \"%s\" is imported: no code\n", o.funcs[k]);
      status = 2;
    } else {
      print_code(m, mc, f);
    }
  }
  if (o.all_code)
    for (uint32_t f = m->nimported_funcs; f < m->nfuncs; f++) print_code(m, mc, f);

  module_code_free(m, mc);
  module_free(m);
  typestore_free(ts);
  return status;
}
