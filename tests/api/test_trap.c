/* The classic wasm-c-api "trap" example, written against wasm.h only: a
 * trap made by a host callback and a trap in Wasm code, with their
 * messages, origins and traces. */
#include "example_util.h"

/* (module
 *   (func $callback (import "" "callback") (result i32))
 *   (func (export "callback") (result i32) (call $callback))
 *   (func (export "unreachable") (result i32) (unreachable) (i32.const 1))) */
static const char trap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x02,
    0x0d, 0x01, 0x00, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x62, 0x61, 0x63, 0x6b, 0x00, 0x00, 0x03, 0x03,
    0x02, 0x00, 0x00, 0x07, 0x1a, 0x02, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x62, 0x61, 0x63, 0x6b, 0x00,
    0x01, 0x0b, 0x75, 0x6e, 0x72, 0x65, 0x61, 0x63, 0x68, 0x61, 0x62, 0x6c, 0x65, 0x00, 0x02, 0x0a,
    0x0c, 0x02, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x05, 0x00, 0x00, 0x41, 0x01, 0x0b,
};

/* A function to be called from Wasm code. */
own wasm_trap_t *fail_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  printf("Calling back...\n");
  own wasm_name_t message;
  wasm_name_new_from_string_nt(&message, "callback abort");
  own wasm_trap_t *trap = wasm_trap_new((wasm_store_t *)env, &message);
  wasm_name_delete(&message);
  return trap;
}

void print_frame(wasm_frame_t *frame) {
  printf("> %p @ 0x%zx = %" PRIu32 ".0x%zx\n", (void *)wasm_frame_instance(frame), wasm_frame_module_offset(frame),
         wasm_frame_func_index(frame), wasm_frame_func_offset(frame));
}

int main(int argc, const char *argv[]) {
  (void)argc;
  (void)argv;
  wasm_engine_t *engine;
  wasm_store_t *store;
  own wasm_module_t *module = example_load(&engine, &store, trap_wasm, sizeof trap_wasm);

  printf("Creating callback...\n");
  own wasm_functype_t *fail_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  own wasm_func_t *fail_func = wasm_func_new_with_env(store, fail_type, fail_callback, store, NULL);

  wasm_functype_delete(fail_type);

  wasm_extern_t *externs[] = {wasm_func_as_extern(fail_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  own wasm_instance_t *instance = example_instantiate(store, module, &imports);
  wasm_func_delete(fail_func);

  printf("Extracting exports...\n");
  own wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  if (exports.size < 2) {
    printf("> Error accessing exports!\n");
    return 1;
  }

  wasm_module_delete(module);
  wasm_instance_delete(instance);

  static const char *const expected_msg[2] = {"callback abort", "unreachable"};
  static const uint32_t expected_func[2] = {1, 2};
  for (int i = 0; i < 2; ++i) {
    const wasm_func_t *func = wasm_extern_as_func(exports.data[i]);
    if (func == NULL) {
      printf("> Error accessing export!\n");
      return 1;
    }

    printf("Calling export %d...\n", i);
    wasm_val_vec_t args = WASM_EMPTY_VEC;
    wasm_val_vec_t results = WASM_EMPTY_VEC;
    own wasm_trap_t *trap = wasm_func_call(func, &args, &results);
    if (!trap) {
      printf("> Error calling function, expected trap!\n");
      return 1;
    }

    printf("Printing message...\n");
    own wasm_name_t message;
    wasm_trap_message(trap, &message);
    printf("> %s\n", message.data);
    if (message.size != strlen(expected_msg[i]) + 1 || strcmp(message.data, expected_msg[i]) != 0) {
      printf("> Wrong message, expected \"%s\"!\n", expected_msg[i]);
      failures++;
    }

    printf("Printing origin...\n");
    own wasm_frame_t *frame = wasm_trap_origin(trap);
    if (frame) {
      print_frame(frame);
      if (wasm_frame_func_index(frame) != expected_func[i] || !wasm_frame_instance(frame)) {
        printf("> Wrong origin, expected function %u!\n", expected_func[i]);
        failures++;
      }
      wasm_frame_delete(frame);
    } else {
      printf("> Empty origin.\n");
      failures++;
    }

    printf("Printing trace...\n");
    own wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    if (trace.size > 0) {
      for (size_t j = 0; j < trace.size; ++j) print_frame(trace.data[j]);
    } else {
      printf("> Empty trace.\n");
      failures++;
    }

    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);
    wasm_name_delete(&message);
  }

  wasm_extern_vec_delete(&exports);

  example_shutdown(engine, store);

  printf("Done.\n");
  return failures ? 1 : 0;
}
