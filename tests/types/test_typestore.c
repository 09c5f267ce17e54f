/* Unit tests for the type store: iso-recursive canonicalisation across
 * modules, supertype chains and subtyping, and object layout. */
#include "binary/module.h"
#include "test.h"
#include "types/typestore.h"

#include <stdio.h>
#include <string.h>

#define TYPES(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

/* A module whose only section is a type section with the given contents. */
static struct module *types_module(struct typestore *ts, const uint8_t *sec, size_t n) {
  uint8_t buf[512] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, (uint8_t)n};
  memcpy(buf + 10, sec, n);
  struct rc_error err;
  struct module *m = module_decode(buf, 10 + n, &err);
  if (!m) {
    fprintf(stderr, "  decode failed: %s\n", err.msg);
    return NULL;
  }
  if (!types_canonicalize(ts, m, &err)) {
    fprintf(stderr, "  canonicalize failed: %s\n", err.msg);
    module_free(m);
    return NULL;
  }
  return m;
}

static void test_equivalence(struct typestore *ts) {
  /* A: (rec (type $l (struct (field (ref null $l))))) (type (func (param i32))) */
  struct module *a = types_module(ts, TYPES(0x02, 0x4E, 0x01, 0x5F, 0x01, 0x63, 0x00, 0x00,
                                            0x60, 0x01, 0x7F, 0x00));
  /* B: a func type first, then the same list type as A (with its self
   * reference now at index 1), then the same list type but mutable */
  struct module *b = types_module(ts, TYPES(0x03, 0x60, 0x01, 0x7F, 0x00,
                                            0x4E, 0x01, 0x5F, 0x01, 0x63, 0x01, 0x00,
                                            0x5F, 0x01, 0x63, 0x02, 0x01));
  /* C: the list type declared non-final (sub without supertypes) */
  struct module *c = types_module(ts, TYPES(0x01, 0x50, 0x00, 0x5F, 0x01, 0x63, 0x00, 0x00));
  CHECK(a && b && c);
  if (!a || !b || !c) return;
  CHECK_EQ_INT(a->types[0].canon, b->types[1].canon); /* same list type */
  CHECK_EQ_INT(a->types[1].canon, b->types[0].canon); /* same func type */
  CHECK(b->types[2].canon != b->types[1].canon);      /* mutability differs */
  CHECK(c->types[0].canon != a->types[0].canon);      /* finality differs */
  CHECK(a->types[1].canon & 1);                       /* func ids are odd */
  CHECK(!(a->types[0].canon & 1));                    /* struct ids are even */
  const struct typeinfo *ti = types_get(ts, a->types[0].canon);
  CHECK(ti && ti->kind == TI_STRUCT && ti->final && ti->depth == 0 && ti->supers[0] == ti);
  CHECK(ti && ti->comp.st.fields[0].type == VT_REF(a->types[0].canon, 1));
  CHECK(types_canon_valtype(b, VT_REF(1, 0)) == VT_REF(a->types[0].canon, 0));
  CHECK(types_canon_valtype(b, VT_I32) == VT_I32);
  module_free(a);
  module_free(b);
  module_free(c);

  /* Rec groups: the same two types in the other order are a different group */
  struct module *d = types_module(ts, TYPES(0x01, 0x4E, 0x02, 0x5F, 0x00, 0x5E, 0x7F, 0x00));
  struct module *e = types_module(ts, TYPES(0x01, 0x4E, 0x02, 0x5E, 0x7F, 0x00, 0x5F, 0x00));
  struct module *f = types_module(ts, TYPES(0x02, 0x4E, 0x02, 0x5F, 0x00, 0x5E, 0x7F, 0x00, 0x5F, 0x00));
  CHECK(d && e && f);
  if (d && e && f) {
    CHECK(d->types[0].canon != e->types[1].canon);
    CHECK_EQ_INT(d->types[0].canon, f->types[0].canon);
    CHECK_EQ_INT(d->types[1].canon, f->types[1].canon);
    CHECK(f->types[2].canon != d->types[0].canon); /* a lone struct {} is not the one in the group */
  }
  module_free(d);
  module_free(e);
  module_free(f);
}

static void test_subtyping(struct typestore *ts) {
  /* 0: (sub (struct)), 1: (sub 0 (struct (field i32))), 2: (sub final 1 (struct (field i32) (field i64))),
   * 3: (func), 4: (sub (array i8)) */
  struct module *m = types_module(ts, TYPES(0x05, 0x50, 0x00, 0x5F, 0x00,
                                            0x50, 0x01, 0x00, 0x5F, 0x01, 0x7F, 0x00,
                                            0x4F, 0x01, 0x01, 0x5F, 0x02, 0x7F, 0x00, 0x7E, 0x00,
                                            0x60, 0x00, 0x00,
                                            0x50, 0x00, 0x5E, 0x78, 0x01));
  CHECK(m != NULL);
  if (!m) return;
  uint32_t t0 = m->types[0].canon, t1 = m->types[1].canon, t2 = m->types[2].canon, f = m->types[3].canon,
           arr = m->types[4].canon;
  const struct typeinfo *i2 = types_get(ts, t2);
  CHECK(i2 && i2->depth == 2 && i2->supers[0]->id == t0 && i2->supers[1]->id == t1 && i2->supers[2] == i2);
  CHECK(types_heap_sub(ts, t2, t0) && types_heap_sub(ts, t1, t0) && !types_heap_sub(ts, t0, t2));
  CHECK(types_heap_sub(ts, t2, HT_STRUCT) && types_heap_sub(ts, t2, HT_EQ) && types_heap_sub(ts, t2, HT_ANY));
  CHECK(!types_heap_sub(ts, t2, HT_ARRAY) && !types_heap_sub(ts, t2, HT_FUNC));
  CHECK(types_heap_sub(ts, arr, HT_ARRAY) && !types_heap_sub(ts, arr, HT_STRUCT));
  CHECK(types_heap_sub(ts, f, HT_FUNC) && !types_heap_sub(ts, f, HT_ANY));
  CHECK(types_heap_sub(ts, HT_NONE, t2) && !types_heap_sub(ts, HT_NOFUNC, t2));
  CHECK(types_heap_sub(ts, HT_NOFUNC, f) && !types_heap_sub(ts, HT_NONE, f));
  CHECK(types_heap_sub(ts, HT_I31, HT_EQ) && types_heap_sub(ts, HT_NONE, HT_I31) && !types_heap_sub(ts, HT_EQ, HT_I31));
  CHECK(types_heap_sub(ts, HT_NOEXTERN, HT_EXTERN) && !types_heap_sub(ts, HT_EXTERN, HT_ANY));
  CHECK(types_heap_sub(ts, HT_NOEXN, HT_EXN) && !types_heap_sub(ts, HT_NONE, HT_EXN));
  CHECK(types_val_sub(ts, VT_REF(t2, 0), VT_REF(t0, 1)) && !types_val_sub(ts, VT_REF(t2, 1), VT_REF(t0, 0)));
  CHECK(types_val_sub(ts, VT_I32, VT_I32) && !types_val_sub(ts, VT_I32, VT_I64));
  CHECK(!types_val_sub(ts, VT_I32, VT_ANYREF));
  CHECK(types_heap_top(ts, t2) == HT_ANY && types_heap_top(ts, f) == HT_FUNC);
  CHECK(types_heap_top(ts, HT_NOEXTERN) == HT_EXTERN && types_heap_top(ts, HT_I31) == HT_ANY &&
        types_heap_top(ts, HT_NOEXN) == HT_EXN);
  CHECK(types_ref_traced(VT_REF(t2, 1)) && !types_ref_traced(VT_REF(f, 1)));
  CHECK(types_ref_traced(VT_EXTERNREF) && types_ref_traced(VT_EXNREF) && !types_ref_traced(VT_FUNCREF));
  /* a second module with the same chain gets the same ids */
  struct module *n = types_module(ts, TYPES(0x02, 0x50, 0x00, 0x5F, 0x00,
                                            0x50, 0x01, 0x00, 0x5F, 0x01, 0x7F, 0x00));
  CHECK(n && n->types[1].canon == t1);
  module_free(n);
  module_free(m);
}

static void test_layout(struct typestore *ts) {
  /* (struct (field i8) (field i64) (field (ref null any)) (field i16) (field funcref) (field v128)),
   * (array (mut i16)), (array structref), (func (param i32 v128) (result f64)) */
  struct module *m = types_module(ts, TYPES(0x04,
                                            0x5F, 0x06, 0x78, 0x00, 0x7E, 0x00, 0x6E, 0x00, 0x77, 0x00,
                                            0x70, 0x00, 0x7B, 0x00,
                                            0x5E, 0x77, 0x01,
                                            0x5E, 0x6B, 0x00,
                                            0x60, 0x02, 0x7F, 0x7B, 0x01, 0x7C));
  CHECK(m != NULL);
  if (!m) return;
  const struct typeinfo *s = types_get(ts, m->types[0].canon);
  CHECK(s && s->field_offsets[0] == 0 && s->field_offsets[1] == 8 && s->field_offsets[2] == 16 &&
        s->field_offsets[3] == 24 && s->field_offsets[4] == 32 && s->field_offsets[5] == 48);
  CHECK(s && s->nrefs == 1 && s->ref_offsets[0] == 16 && s->payload_size == 64);
  const struct typeinfo *a = types_get(ts, m->types[1].canon);
  CHECK(a && a->kind == TI_ARRAY && a->elem_size == 2 && !a->elem_traced && a->comp.array.mut);
  const struct typeinfo *b = types_get(ts, m->types[2].canon);
  CHECK(b && b->elem_size == 8 && b->elem_traced);
  const struct typeinfo *f = types_get(ts, m->types[3].canon);
  CHECK(f && f->param_slots == 3 && f->result_slots == 1 && f->comp.func.results[0] == VT_F64);
  module_free(m);
}

static void test_bad_reference(struct typestore *ts) {
  /* a type referring past the end of its rec group is rejected, not crashed on */
  struct rc_error err;
  uint8_t buf[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x5F, 0x01, 0x63, 0x05, 0x00};
  struct module *m = module_decode(buf, sizeof buf, &err);
  CHECK(m != NULL);
  if (m) {
    CHECK(!types_canonicalize(ts, m, &err) && err.kind == RC_ERR_INVALID);
    module_free(m);
  }
}

static void test_cyclic_supers(struct typestore *ts) {
  /* invalid but decodable: (rec (type (sub 1 (struct))) (type (sub 0 (struct)))) and a
   * self-supertype; canonicalising must terminate and give finite chains */
  struct module *m = types_module(ts, TYPES(0x02, 0x4E, 0x02, 0x50, 0x01, 0x01, 0x5F, 0x00, 0x50, 0x01, 0x00,
                                            0x5F, 0x00, 0x50, 0x01, 0x02, 0x5E, 0x7F, 0x00));
  CHECK(m != NULL);
  if (!m) return;
  for (uint32_t i = 0; i < 3; i++) {
    const struct typeinfo *ti = types_get(ts, m->types[i].canon);
    CHECK(ti && ti->depth <= 2 && ti->supers[ti->depth] == ti);
  }
  module_free(m);
}

int main(void) {
  struct typestore *ts = typestore_new();
  test_equivalence(ts);
  test_subtyping(ts);
  test_layout(ts);
  test_bad_reference(ts);
  test_cyclic_supers(ts);
  typestore_free(ts);
  return TEST_DONE();
}
