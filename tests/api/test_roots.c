/* reclaim.h's root table: scopes, owned roots, labels, counts, and every
 * misuse (null, forged, double release, use after release, another
 * store's root, use after the scope closed, scopes out of order, releasing
 * a wasm.h object's root) reported as a status with a message, never a
 * crash. Run under ASan+UBSan in build-api-asan. */
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "test.h"

/* (module (func $r (export "rec") (param i32) (result i32) ...)) */
static const char rec_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x72, 0x65, 0x63, 0x00, 0x00, 0x0a, 0x16, 0x01,
    0x14, 0x00, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x6a,
    0x05, 0x41, 0x00, 0x0b, 0x0b,
};

static reclaim_root_counts_t counts(wasm_store_t *st) {
  reclaim_root_counts_t c;
  reclaim_store_root_counts(st, &c);
  return c;
}

static bool msg_has(wasm_store_t *st, const char *what) {
  const char *m = reclaim_store_error(st);
  if (!strstr(m, what)) {
    fprintf(stderr, "message \"%s\" does not mention \"%s\"\n", m, what);
    return false;
  }
  return true;
}

static void test_scopes(wasm_store_t *st) {
  wasm_foreign_t *fo = wasm_foreign_new(st);
  CHECK(fo != NULL);
  reclaim_root_counts_t c0 = counts(st);
  CHECK_EQ_INT(c0.scopes, 0);

  reclaim_root_t r;
  CHECK_EQ_INT(reclaim_root_new(st, wasm_foreign_as_ref(fo), &r), RECLAIM_ERR_NO_SCOPE);
  CHECK(msg_has(st, "scope"));
  CHECK_EQ_INT(r.index, 0);

  reclaim_scope_t s = reclaim_scope_open(st);
  CHECK_EQ_INT(reclaim_root_new(st, wasm_foreign_as_ref(fo), &r), RECLAIM_OK);
  CHECK(r.scope == s.id);
  reclaim_root_t rnull;
  CHECK_EQ_INT(reclaim_root_new(st, NULL, &rnull), RECLAIM_OK);
  CHECK_EQ_INT(counts(st).scoped, 2);
  CHECK_EQ_INT(counts(st).scopes, 1);
  CHECK(reclaim_root_is_live(st, r));

  wasm_ref_t *back = NULL;
  CHECK_EQ_INT(reclaim_root_get(st, r, &back), RECLAIM_OK);
  CHECK(back && wasm_ref_same(back, wasm_foreign_as_ref(fo)));
  CHECK(wasm_ref_as_foreign(back) != NULL);
  wasm_ref_delete(back);
  CHECK_EQ_INT(reclaim_root_get(st, rnull, &back), RECLAIM_OK);
  CHECK(back == NULL);

  CHECK_EQ_INT(reclaim_scope_close(st, s), RECLAIM_OK);
  CHECK_EQ_INT(counts(st).scoped, 0);
  CHECK_EQ_INT(counts(st).scopes, 0);
  CHECK(!reclaim_root_is_live(st, r));

  /* Use and release after the scope closed. */
  CHECK_EQ_INT(reclaim_root_get(st, r, &back), RECLAIM_ERR_SCOPE_CLOSED);
  CHECK(back == NULL);
  CHECK(msg_has(st, "scope"));
  CHECK_EQ_INT(reclaim_root_release(st, r), RECLAIM_ERR_SCOPE_CLOSED);
  CHECK_EQ_INT(reclaim_root_set_label(st, r, "x"), RECLAIM_ERR_SCOPE_CLOSED);
  /* Still detected after its slot has been reused by other roots. */
  reclaim_root_t many[64];
  for (int i = 0; i < 64; i++) CHECK_EQ_INT(reclaim_root_new_owned(st, NULL, NULL, &many[i]), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_root_get(st, r, &back), RECLAIM_ERR_SCOPE_CLOSED);
  for (int i = 0; i < 64; i++) CHECK_EQ_INT(reclaim_root_release(st, many[i]), RECLAIM_OK);

  /* Closing the scope again. */
  CHECK_EQ_INT(reclaim_scope_close(st, s), RECLAIM_ERR_SCOPE_CLOSED);
  CHECK(msg_has(st, "already closed"));

  /* Nesting: inner roots go with the inner scope; out-of-order close fails
   * and changes nothing. */
  reclaim_scope_t outer = reclaim_scope_open(st);
  reclaim_root_t ro, ri, early;
  CHECK_EQ_INT(reclaim_root_new(st, wasm_foreign_as_ref(fo), &ro), RECLAIM_OK);
  reclaim_scope_t inner = reclaim_scope_open(st);
  CHECK_EQ_INT(reclaim_root_new(st, wasm_foreign_as_ref(fo), &ri), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_root_new(st, wasm_foreign_as_ref(fo), &early), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_root_release(st, early), RECLAIM_OK); /* explicit early release is allowed */
  CHECK_EQ_INT(reclaim_root_release(st, early), RECLAIM_ERR_DOUBLE_RELEASE);
  CHECK_EQ_INT(reclaim_scope_close(st, outer), RECLAIM_ERR_SCOPE_ORDER);
  CHECK(msg_has(st, "innermost"));
  CHECK(reclaim_root_is_live(st, ro) && reclaim_root_is_live(st, ri));
  CHECK_EQ_INT(reclaim_scope_close(st, inner), RECLAIM_OK);
  CHECK(reclaim_root_is_live(st, ro) && !reclaim_root_is_live(st, ri));
  CHECK_EQ_INT(reclaim_root_get(st, ri, &back), RECLAIM_ERR_SCOPE_CLOSED);
  CHECK_EQ_INT(reclaim_scope_close(st, outer), RECLAIM_OK);
  CHECK(!reclaim_root_is_live(st, ro));
  /* Released explicitly before its scope closed: reported as released. */
  CHECK_EQ_INT(reclaim_root_get(st, early, &back), RECLAIM_ERR_RELEASED);
  CHECK(msg_has(st, "reclaim_root_release"));

  /* A long-lived scope with create/release loops does not accumulate. */
  reclaim_scope_t loop = reclaim_scope_open(st);
  for (int i = 0; i < 10000; i++) {
    reclaim_root_t t;
    CHECK_EQ_INT(reclaim_root_new(st, wasm_foreign_as_ref(fo), &t), RECLAIM_OK);
    CHECK_EQ_INT(reclaim_root_release(st, t), RECLAIM_OK);
  }
  CHECK(counts(st).slots < 200);
  CHECK_EQ_INT(reclaim_scope_close(st, loop), RECLAIM_OK);

  reclaim_scope_t zero_scope = {0, 0};
  CHECK_EQ_INT(reclaim_scope_close(st, zero_scope), RECLAIM_ERR_NULL_HANDLE);
  reclaim_scope_t forged = {s.store, 12345};
  CHECK_EQ_INT(reclaim_scope_close(st, forged), RECLAIM_ERR_BAD_HANDLE);
  wasm_foreign_delete(fo);
}

static void test_owned(wasm_store_t *st) {
  wasm_foreign_t *fo = wasm_foreign_new(st);
  reclaim_root_t r;
  CHECK_EQ_INT(reclaim_root_new_owned(st, wasm_foreign_as_ref(fo), "cache entry", &r), RECLAIM_OK);
  CHECK_EQ_INT(r.scope, 0);
  CHECK_EQ_INT(counts(st).owned, 1);
  const char *label = NULL;
  CHECK_EQ_INT(reclaim_root_label(st, r, &label), RECLAIM_OK);
  CHECK(label && strcmp(label, "cache entry") == 0);
  CHECK_EQ_INT(reclaim_root_set_label(st, r, "renamed"), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_root_label(st, r, &label), RECLAIM_OK);
  CHECK(label && strcmp(label, "renamed") == 0);

  /* Owned roots survive scopes. */
  reclaim_scope_t s = reclaim_scope_open(st);
  reclaim_root_t inside;
  CHECK_EQ_INT(reclaim_root_new_owned(st, wasm_foreign_as_ref(fo), NULL, &inside), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_scope_close(st, s), RECLAIM_OK);
  CHECK(reclaim_root_is_live(st, inside));
  CHECK_EQ_INT(reclaim_root_release(st, inside), RECLAIM_OK);

  /* The foreign stays reachable through the root after its object is deleted. */
  wasm_foreign_delete(fo);
  reclaim_store_gc(st);
  wasm_ref_t *back = NULL;
  CHECK_EQ_INT(reclaim_root_get(st, r, &back), RECLAIM_OK);
  CHECK(back && wasm_ref_as_foreign(back));

  /* Retarget. */
  CHECK_EQ_INT(reclaim_root_set(st, r, NULL), RECLAIM_OK);
  wasm_ref_t *none = (wasm_ref_t *)1;
  CHECK_EQ_INT(reclaim_root_get(st, r, &none), RECLAIM_OK);
  CHECK(none == NULL);
  CHECK_EQ_INT(reclaim_root_set(st, r, back), RECLAIM_OK);
  wasm_ref_delete(back);

  CHECK_EQ_INT(reclaim_root_release(st, r), RECLAIM_OK);
  CHECK_EQ_INT(counts(st).owned, 0);
  /* Double release and use after release. */
  CHECK_EQ_INT(reclaim_root_release(st, r), RECLAIM_ERR_DOUBLE_RELEASE);
  CHECK(msg_has(st, "double release"));
  CHECK(msg_has(st, "reclaim_root_release"));
  CHECK_EQ_INT(reclaim_root_get(st, r, &back), RECLAIM_ERR_RELEASED);
  CHECK(back == NULL);
  CHECK(msg_has(st, "after it was released"));
  CHECK_EQ_INT(reclaim_root_set(st, r, NULL), RECLAIM_ERR_RELEASED);
  CHECK_EQ_INT(reclaim_root_label(st, r, &label), RECLAIM_ERR_RELEASED);
  CHECK(label == NULL);

  /* After the slot is reused, the stale handle still fails and the new root
   * is untouched. */
  reclaim_root_t fresh[40];
  for (int i = 0; i < 40; i++) CHECK_EQ_INT(reclaim_root_new_owned(st, NULL, "fresh", &fresh[i]), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_root_release(st, r), RECLAIM_ERR_DOUBLE_RELEASE);
  CHECK_EQ_INT(reclaim_root_get(st, r, &back), RECLAIM_ERR_RELEASED);
  for (int i = 0; i < 40; i++) {
    CHECK(reclaim_root_is_live(st, fresh[i]));
    CHECK_EQ_INT(reclaim_root_release(st, fresh[i]), RECLAIM_OK);
  }

  /* Null and forged handles. */
  reclaim_root_t zero = {0, 0, 0, 0};
  CHECK_EQ_INT(reclaim_root_release(st, zero), RECLAIM_ERR_NULL_HANDLE);
  CHECK_EQ_INT(reclaim_root_get(st, zero, &back), RECLAIM_ERR_NULL_HANDLE);
  reclaim_root_t forged = r;
  forged.index = 1000000;
  CHECK_EQ_INT(reclaim_root_get(st, forged, &back), RECLAIM_ERR_BAD_HANDLE);
  forged = r;
  forged.gen += 1000;
  CHECK_EQ_INT(reclaim_root_release(st, forged), RECLAIM_ERR_BAD_HANDLE);
  forged = fresh[0];
  forged.index = 0;
  CHECK_EQ_INT(reclaim_root_get(st, forged, &back), RECLAIM_ERR_BAD_HANDLE);
  CHECK(!reclaim_root_is_live(st, zero));
}

static void test_object_roots(wasm_store_t *st, wasm_engine_t *engine) {
  size_t before = counts(st).objects;
  wasm_foreign_t *fo = wasm_foreign_new(st);
  CHECK_EQ_INT(counts(st).objects, before + 1);
  wasm_foreign_t *copy = wasm_foreign_copy(fo);
  CHECK_EQ_INT(counts(st).objects, before + 2);
  CHECK(wasm_foreign_same(fo, copy));

  reclaim_root_t r = reclaim_ref_root(wasm_foreign_as_ref(fo));
  CHECK(reclaim_root_is_live(st, r));
  CHECK_EQ_INT(reclaim_root_release(st, r), RECLAIM_ERR_HANDLE_OWNED);
  CHECK(msg_has(st, "delete the object"));
  CHECK_EQ_INT(reclaim_root_set(st, r, NULL), RECLAIM_ERR_HANDLE_OWNED);
  CHECK_EQ_INT(reclaim_root_set_label(st, r, "my foreign"), RECLAIM_OK);
  const char *label;
  CHECK_EQ_INT(reclaim_root_label(st, r, &label), RECLAIM_OK);
  CHECK(label && strcmp(label, "my foreign") == 0);

  wasm_foreign_delete(fo);
  CHECK_EQ_INT(counts(st).objects, before + 1);
  wasm_ref_t *back = NULL;
  CHECK_EQ_INT(reclaim_root_get(st, r, &back), RECLAIM_ERR_RELEASED);
  CHECK(msg_has(st, "wasm.h object was deleted"));
  wasm_foreign_delete(copy);
  CHECK_EQ_INT(counts(st).objects, before);

  /* Modules cannot be held by roots. */
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof rec_wasm, rec_wasm);
  wasm_module_t *mod = wasm_module_new(st, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(mod != NULL);
  reclaim_root_t rm;
  CHECK_EQ_INT(reclaim_root_new_owned(st, wasm_module_as_ref(mod), NULL, &rm), RECLAIM_ERR_KIND);
  wasm_module_delete(mod);
  CHECK_EQ_INT(reclaim_ref_root(NULL).index, 0);

  /* Roots and references of another store. */
  wasm_store_t *other = wasm_store_new(engine);
  wasm_foreign_t *ofo = wasm_foreign_new(other);
  reclaim_root_t orr;
  CHECK_EQ_INT(reclaim_root_new_owned(other, wasm_foreign_as_ref(ofo), "other", &orr), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_root_get(st, orr, &back), RECLAIM_ERR_WRONG_STORE);
  CHECK(msg_has(st, "not to this store"));
  CHECK_EQ_INT(reclaim_root_release(st, orr), RECLAIM_ERR_WRONG_STORE);
  CHECK(reclaim_root_is_live(other, orr));
  reclaim_root_t mine;
  CHECK_EQ_INT(reclaim_root_new_owned(st, wasm_foreign_as_ref(ofo), NULL, &mine), RECLAIM_ERR_WRONG_STORE);
  reclaim_scope_t os = reclaim_scope_open(other);
  CHECK_EQ_INT(reclaim_scope_close(st, os), RECLAIM_ERR_WRONG_STORE);
  CHECK_EQ_INT(reclaim_scope_close(other, os), RECLAIM_OK);

  /* A table of this store refuses a function of the other store. */
  wasm_limits_t lim = {1, 1};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &lim);
  wasm_table_t *table = wasm_table_new(st, tt, NULL);
  wasm_tabletype_delete(tt);
  wasm_functype_t *ft = wasm_functype_new_0_0();
  wasm_func_t *ofunc = wasm_func_new(other, ft, NULL);
  wasm_functype_delete(ft);
  CHECK(!wasm_table_set(table, 0, wasm_func_as_ref(ofunc)));
  CHECK(msg_has(st, "another store"));
  /* ... and a foreign is not a funcref. */
  wasm_foreign_t *fo2 = wasm_foreign_new(st);
  CHECK(!wasm_table_set(table, 0, wasm_foreign_as_ref(fo2)));
  wasm_foreign_delete(fo2);
  wasm_table_delete(table);

  /* The other store is deleted with live roots, objects and an open scope:
   * everything is freed (LeakSanitizer checks). A root of it is then a
   * root of an unknown store. */
  reclaim_scope_open(other);
  reclaim_root_t leaked;
  CHECK_EQ_INT(reclaim_root_new(other, wasm_foreign_as_ref(ofo), &leaked), RECLAIM_OK);
  wasm_store_delete(other);
  CHECK_EQ_INT(reclaim_root_get(st, orr, &back), RECLAIM_ERR_WRONG_STORE);
}

struct listing {
  int n, owned, labelled;
};

static void list_root(void *ud, const reclaim_root_info_t *info) {
  struct listing *l = ud;
  l->n++;
  l->owned += info->root_class == RECLAIM_ROOT_OWNED;
  l->labelled += info->label && strcmp(info->label, "listed") == 0 && strcmp(info->kind, "foreign") == 0;
}

static void test_listing(wasm_store_t *st) {
  wasm_foreign_t *fo = wasm_foreign_new(st);
  reclaim_root_t r, n;
  CHECK_EQ_INT(reclaim_root_new_owned(st, wasm_foreign_as_ref(fo), "listed", &r), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_root_new_owned(st, NULL, NULL, &n), RECLAIM_OK);
  struct listing l = {0, 0, 0};
  reclaim_store_foreach_root(st, list_root, &l);
  CHECK_EQ_INT(l.n, (long long)counts(st).live);
  CHECK_EQ_INT(l.owned, 2);
  CHECK_EQ_INT(l.labelled, 1);
  CHECK_EQ_INT(reclaim_root_release(st, r), RECLAIM_OK);
  CHECK_EQ_INT(reclaim_root_release(st, n), RECLAIM_OK);
  wasm_foreign_delete(fo);
}

static void test_counts(wasm_store_t *st) {
  reclaim_root_counts_t c = counts(st);
  CHECK_EQ_INT(c.live, c.objects + c.scoped + c.owned);
  CHECK(c.slots >= c.live);
  for (int s = RECLAIM_OK; s <= RECLAIM_ERR_KIND; s++)
    CHECK(strlen(reclaim_status_name((reclaim_status_t)s)) > 0);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *st = wasm_store_new(engine);
  test_scopes(st);
  test_owned(st);
  test_object_roots(st, engine);
  test_counts(st);
  test_listing(st);
  /* Leave a few roots and objects alive: deleting the store frees them. */
  reclaim_root_t r;
  wasm_foreign_t *fo = wasm_foreign_new(st);
  reclaim_root_new_owned(st, wasm_foreign_as_ref(fo), "left over", &r);
  reclaim_scope_open(st);
  reclaim_root_new(st, wasm_foreign_as_ref(fo), &r);
  wasm_store_delete(st);
  wasm_engine_delete(engine);
  return TEST_DONE();
}
