/* The wasm_X_vec_t functions of wasm.h. Vectors of pointers own their
 * elements: copy copies each element, delete deletes each one. */
#include "api/api.h"

#include <stdlib.h>

/* The five functions of wasm_NAME_vec_t. ptr_or_none is `*` for a vector of
 * pointers, as in wasm.h's WASM_DECLARE_VEC. vec_new takes the elements over
 * as they are; copy_elem(out, in) copies one element and delete_elem(p)
 * releases one, in place. */
#define DEFINE_VEC(name, ptr_or_none, copy_elem, delete_elem)                               \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) {                              \
    out->size = 0;                                                                          \
    out->data = NULL;                                                                       \
  }                                                                                         \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size) {         \
    out->size = size;                                                                       \
    out->data = size ? rc_calloc(size, sizeof(*out->data)) : NULL;                          \
  }                                                                                         \
  void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size,                         \
                             wasm_##name##_t ptr_or_none const src[]) {                     \
    wasm_##name##_vec_new_uninitialized(out, size);                                         \
    if (size) memcpy(out->data, src, size * sizeof(*out->data));                            \
  }                                                                                         \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *src) {   \
    wasm_##name##_vec_new_uninitialized(out, src->size);                                    \
    for (size_t i = 0; i < src->size; i++) copy_elem(&out->data[i], &src->data[i]);         \
  }                                                                                         \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t *v) {                                   \
    if (!v) return;                                                                         \
    for (size_t i = 0; i < v->size; i++) delete_elem(&v->data[i]);                          \
    free(v->data);                                                                          \
    v->size = 0;                                                                            \
    v->data = NULL;                                                                         \
  }

/* Bytes are plain values: copied as they are, nothing to release. */
static void byte_copy(wasm_byte_t *out, const wasm_byte_t *in) { *out = *in; }
static void byte_release(wasm_byte_t *b) { (void)b; }
DEFINE_VEC(byte, , byte_copy, byte_release)

/* Owned pointers: each element is copied and deleted with its own type's
 * functions; a NULL element stays NULL. */
#define DEFINE_VEC_PTR(name)                                                                \
  static void name##_elem_copy(wasm_##name##_t **out, wasm_##name##_t *const *in) {         \
    *out = *in ? wasm_##name##_copy(*in) : NULL;                                            \
  }                                                                                         \
  static void name##_elem_delete(wasm_##name##_t **p) {                                     \
    if (*p) wasm_##name##_delete(*p);                                                       \
  }                                                                                         \
  DEFINE_VEC(name, *, name##_elem_copy, name##_elem_delete)

DEFINE_VEC_PTR(valtype)
DEFINE_VEC_PTR(functype)
DEFINE_VEC_PTR(globaltype)
DEFINE_VEC_PTR(tabletype)
DEFINE_VEC_PTR(memorytype)
DEFINE_VEC_PTR(externtype)
DEFINE_VEC_PTR(importtype)
DEFINE_VEC_PTR(exporttype)
DEFINE_VEC_PTR(frame)
DEFINE_VEC_PTR(extern)

/* Values own their references; vec_new takes them over, as the standard says. */
DEFINE_VEC(val, , wasm_val_copy, wasm_val_delete)

void wasm_val_delete(wasm_val_t *v) {
  if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = NULL;
  }
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = wasm_ref_copy(v->of.ref);
}
