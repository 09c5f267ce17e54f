/* Conversion between wasm_val_t and the runtime's value slots (one 64-bit
 * slot per value; references are rc_ref words). A reference handed to Wasm
 * is type-checked here, so Wasm code never sees a value that does not
 * belong to its static type (no host call can forge a struct reference). */
#include "api/api.h"

#include <stdio.h>

bool val_to_slots(struct wasm_store_t *st, const wasm_val_t *v, valtype t, uint64_t *slots, char *msg,
                  size_t msgsize) {
  wasm_valkind_t want = valkind_of(t);
  if (want == WASM_V128) {
    snprintf(msg, msgsize, "v128 values cannot be passed through the wasm.h API");
    return false;
  }
  bool kind_ok = wasm_valkind_is_ref(want) ? wasm_valkind_is_ref(v->kind) : v->kind == want;
  if (!kind_ok) {
    snprintf(msg, msgsize, "value of kind %u where kind %u is expected", (unsigned)v->kind, (unsigned)want);
    return false;
  }
  switch (want) {
  case WASM_I32: slots[0] = (uint64_t)(uint32_t)v->of.i32; return true;
  case WASM_I64: slots[0] = (uint64_t)v->of.i64; return true;
  case WASM_F32: {
    uint32_t bits;
    memcpy(&bits, &v->of.f32, 4);
    slots[0] = bits;
    return true;
  }
  case WASM_F64: memcpy(&slots[0], &v->of.f64, 8); return true;
  default: break;
  }
  const struct handle *h = HC(v->of.ref);
  if (!ref_fits(st, h, t, msg, msgsize)) return false;
  slots[0] = h ? handle_ref(h) : REF_NULL;
  return true;
}

void slots_to_val(struct wasm_store_t *st, valtype t, const uint64_t *slots, wasm_val_t *out) {
  out->kind = valkind_of(t);
  switch (out->kind) {
  case WASM_I32: out->of.i32 = (int32_t)(uint32_t)slots[0]; return;
  case WASM_I64: out->of.i64 = (int64_t)slots[0]; return;
  case WASM_F32: {
    uint32_t bits = (uint32_t)slots[0];
    memcpy(&out->of.f32, &bits, 4);
    return;
  }
  case WASM_F64: memcpy(&out->of.f64, &slots[0], 8); return;
  case WASM_V128: out->of.i64 = (int64_t)slots[0]; return; /* low half only: not representable */
  default: break;
  }
  out->of.ref = (wasm_ref_t *)handle_for_ref(st, t, (rc_ref)slots[0]);
}
