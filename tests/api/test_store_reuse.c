/* Many short-lived stores in one process (a store per request): the GC
 * heap's region cache hands a deleted store's resident blocks to the next
 * store, so objects allocated there must still read as zero / their
 * initial values, and nothing of the old store may leak into the new one. */
#include <stdlib.h>
#include <string.h>

#include "reclaim.h"
#include "test.h"
#include "text/wat.h"

/* dirty(n): n structs and n arrays full of -1, all kept reachable from a
 * global until the store dies. check(n): n default structs and arrays;
 * returns how many of their fields are not zero / null. */
static const char *const wat =
    "(module\n"
    "  (type $s (struct (field (mut i64)) (field (mut i32)) (field (mut anyref))))\n"
    "  (type $a (array (mut i64)))\n"
    "  (type $list (struct (field anyref) (field (ref null $list))))\n"
    "  (global $keep (mut (ref null $list)) (ref.null $list))\n"
    "  (global $g (mut anyref) (struct.new $s (i64.const 5) (i32.const 6) (ref.null any)))\n"
    "  (func (export \"dirty\") (param $n i32)\n"
    "    (local $i i32)\n"
    "    (loop $l\n"
    "      (global.set $keep (struct.new $list\n"
    "        (struct.new $s (i64.const -1) (i32.const -1) (array.new $a (i64.const -1) (i32.const 3)))\n"
    "        (global.get $keep)))\n"
    "      (global.set $keep (struct.new $list (array.new $a (i64.const -1) (i32.const 16)) (global.get $keep)))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))\n"
    "  (func (export \"check\") (param $n i32) (result i32)\n"
    "    (local $i i32) (local $j i32) (local $bad i32) (local $s (ref null $s)) (local $a (ref null $a))\n"
    "    (loop $l\n"
    "      (local.set $s (struct.new_default $s))\n"
    "      (local.set $bad (i32.add (local.get $bad)\n"
    "        (i32.add (i64.ne (struct.get $s 0 (local.get $s)) (i64.const 0))\n"
    "          (i32.add (i32.ne (struct.get $s 1 (local.get $s)) (i32.const 0))\n"
    "            (i32.eqz (ref.is_null (struct.get $s 2 (local.get $s))))))))\n"
    "      (local.set $a (array.new_default $a (i32.const 16)))\n"
    "      (local.set $j (i32.const 0))\n"
    "      (loop $k\n"
    "        (local.set $bad (i32.add (local.get $bad)\n"
    "          (i64.ne (array.get $a (local.get $a) (local.get $j)) (i64.const 0))))\n"
    "        (local.set $j (i32.add (local.get $j) (i32.const 1)))\n"
    "        (br_if $k (i32.lt_u (local.get $j) (i32.const 16))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $bad))\n"
    "  (func (export \"initial\") (result i64)\n"
    "    (struct.get $s 0 (ref.cast (ref $s) (global.get $g)))))\n";

static wasm_func_t *export_func(const wasm_extern_vec_t *exports, size_t i) {
  return i < exports->size ? wasm_extern_as_func(exports->data[i]) : NULL;
}

static bool call(wasm_func_t *f, int32_t arg, bool has_arg, wasm_val_t *result) {
  wasm_val_t a[1] = {WASM_I32_VAL(arg)};
  wasm_val_vec_t args = {has_arg ? 1 : 0, a};
  wasm_val_vec_t results = {result ? 1 : 0, result};
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    fprintf(stderr, "trap: %.*s\n", (int)msg.size, msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
    return false;
  }
  return true;
}

int main(void) {
  uint8_t *bin;
  size_t len;
  struct rc_error err;
  rc_error_clear(&err);
  if (!wat_to_wasm(wat, strlen(wat), "reuse", &bin, &len, &err)) {
    fprintf(stderr, "wat: %s\n", err.msg);
    return 1;
  }
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *home = wasm_store_new(engine);
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new(&bytes, len, (const char *)bin);
  free(bin);
  wasm_module_t *module = wasm_module_new(home, &bytes);
  wasm_byte_vec_delete(&bytes);
  CHECK(module != NULL);
  if (!module) return TEST_DONE();

  for (int round = 0; round < 40; round++) {
    wasm_store_t *s = wasm_store_new(engine);
    wasm_instance_t *inst = wasm_instance_new(s, module, NULL, NULL);
    CHECK(inst != NULL);
    if (!inst) break;
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    wasm_val_t r = WASM_INIT_VAL;
    CHECK(call(export_func(&exports, 2), 0, false, &r));
    CHECK_EQ_INT(r.of.i64, 5);
    /* Odd rounds check what the even rounds' stores left behind. */
    if (round % 2 == 0) {
      CHECK(call(export_func(&exports, 0), 3000 + round * 500, true, NULL));
    } else {
      CHECK(call(export_func(&exports, 1), 20000, true, &r));
      CHECK_EQ_INT(r.of.i32, 0);
    }
    reclaim_heap_stats_t hs;
    reclaim_store_heap_stats(s, &hs);
    CHECK(hs.heap_bytes > 0);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
    wasm_store_delete(s);
  }
  wasm_module_delete(module);
  wasm_store_delete(home);
  wasm_engine_delete(engine);
  return TEST_DONE();
}
