/* libFuzzer target over the text layer: the WAST script parser and the WAT
 * encoder. Every input goes through both: script_parse (then each `module
 * quote` is encoded, as the runner would when the command runs) and
 * wat_to_wasm on the whole input. Neither may crash, read out of bounds
 * (the input is not NUL-terminated), hit undefined behaviour or leak; a
 * rejected input is fine. Built with -DRECLAIM_FUZZ=ON under clang; run by
 * scripts/fuzz.sh. */
#include <stdlib.h>

#include "text/script.h"
#include "text/wat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *src = (const char *)data;
  struct rc_error err;
  struct script s;
  if (script_parse(src, size, "fuzz.wast", &s, &err)) {
    for (size_t i = 0; i < s.ncmds; i++) {
      const struct script_module *m = &s.cmds[i].module;
      if (m->form != SCRIPT_MOD_QUOTE) continue;
      const uint8_t *bytes;
      size_t len;
      bool owned;
      if (script_module_binary(m, "fuzz.wast", &bytes, &len, &owned, &err) && owned) free((void *)bytes);
    }
    script_free(&s);
  }
  uint8_t *out;
  size_t len;
  if (wat_to_wasm(src, size, "fuzz.wat", &out, &len, &err)) free(out);
  return 0;
}
