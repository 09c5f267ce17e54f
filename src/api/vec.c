/* The wasm_X_vec_t functions of wasm.h. Vectors of pointers own their
 * elements: copy copies each element, delete deletes each one. */
#include "api/api.h"

#include <stdlib.h>

/* Vectors of plain values (bytes). */
#define DEFINE_VEC_PLAIN(name)                                                              \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) {                              \
    out->size = 0;                                                                          \
    out->data = NULL;                                                                       \
  }                                                                                         \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size) {         \
    out->size = size;                                                                       \
    out->data = size ? rc_calloc(size, sizeof(*out->data)) : NULL;                          \
  }                                                                                         \
  void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size,                         \
                             wasm_##name##_t const src[]) {                                 \
    wasm_##name##_vec_new_uninitialized(out, size);                                         \
    if (size) memcpy(out->data, src, size * sizeof(*out->data));                            \
  }                                                                                         \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *src) {   \
    wasm_##name##_vec_new(out, src->size, src->data);                                       \
  }                                                                                         \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t *v) {                                   \
    if (!v) return;                                                                         \
    free(v->data);                                                                          \
    v->size = 0;                                                                            \
    v->data = NULL;                                                                         \
  }

/* Vectors of owned pointers. */
#define DEFINE_VEC_PTR(name)                                                                \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) {                              \
    out->size = 0;                                                                          \
    out->data = NULL;                                                                       \
  }                                                                                         \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size) {         \
    out->size = size;                                                                       \
    out->data = size ? rc_calloc(size, sizeof(*out->data)) : NULL;                          \
  }                                                                                         \
  void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size,                         \
                             wasm_##name##_t *const src[]) {                                \
    wasm_##name##_vec_new_uninitialized(out, size);                                         \
    if (size) memcpy(out->data, src, size * sizeof(*out->data));                            \
  }                                                                                         \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *src) {   \
    wasm_##name##_vec_new_uninitialized(out, src->size);                                    \
    for (size_t i = 0; i < src->size; i++)                                                  \
      out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : NULL;                \
  }                                                                                         \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t *v) {                                   \
    if (!v) return;                                                                         \
    for (size_t i = 0; i < v->size; i++)                                                    \
      if (v->data[i]) wasm_##name##_delete(v->data[i]);                                     \
    free(v->data);                                                                          \
    v->size = 0;                                                                            \
    v->data = NULL;                                                                         \
  }

DEFINE_VEC_PLAIN(byte)
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

/* Values own their references. */
void wasm_val_vec_new_empty(wasm_val_vec_t *out) {
  out->size = 0;
  out->data = NULL;
}

void wasm_val_vec_new_uninitialized(wasm_val_vec_t *out, size_t size) {
  out->size = size;
  out->data = size ? rc_calloc(size, sizeof(*out->data)) : NULL;
}

/* Takes over the values (and their references), as the standard says. */
void wasm_val_vec_new(wasm_val_vec_t *out, size_t size, wasm_val_t const src[]) {
  wasm_val_vec_new_uninitialized(out, size);
  if (size) memcpy(out->data, src, size * sizeof(*out->data));
}

void wasm_val_vec_copy(wasm_val_vec_t *out, const wasm_val_vec_t *src) {
  wasm_val_vec_new_uninitialized(out, src->size);
  for (size_t i = 0; i < src->size; i++) wasm_val_copy(&out->data[i], &src->data[i]);
}

void wasm_val_vec_delete(wasm_val_vec_t *v) {
  if (!v) return;
  for (size_t i = 0; i < v->size; i++) wasm_val_delete(&v->data[i]);
  free(v->data);
  v->size = 0;
  v->data = NULL;
}

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
