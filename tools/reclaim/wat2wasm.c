/* `reclaim wat2wasm IN.wat [-o OUT.wasm] [--no-check]`: encode a WAT module
 * as a binary module.
 *
 * IN may be "-" (stdin). OUT defaults to IN with its .wat suffix replaced by
 * .wasm (stdout when IN is stdin); "-o -" writes to stdout. The result is
 * decoded and validated before it is written (unless --no-check), so an
 * invalid module is reported here rather than when it is run.
 *
 * Exit status: 0 written; 1 the text does not parse (file:line:col: message)
 * or the module is invalid; 2 bad usage or a file could not be read/written. */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"
#include "text/wat.h"
#include "valid/valid.h"

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

static void wat2wasm_usage(FILE *out) {
  fprintf(out,
          "usage: reclaim wat2wasm [--no-check] IN.wat [-o OUT.wasm]\n"
          "  IN          WAT text of one module (\"-\": stdin)\n"
          "  -o OUT      output file (\"-\": stdout); default IN with .wat replaced by\n"
          "              .wasm, or stdout when IN is stdin\n"
          "  --no-check  write the binary without decoding and validating it\n"
          "Exit status: 0 written; 1 parse error (file:line:col: message) or invalid\n"
          "module; 2 usage error or a file could not be read or written.\n");
}

/* IN.wat -> IN.wasm (any other name gets .wasm appended). */
static char *default_output(const char *in) {
  size_t n = strlen(in);
  if (n > 4 && strcmp(in + n - 4, ".wat") == 0) n -= 4;
  char *out = rc_malloc(n + 6);
  memcpy(out, in, n);
  memcpy(out + n, ".wasm", 6);
  return out;
}

/* Decode and validate the produced binary: the text layer checks syntax and
 * names, not types. */
static bool check_module(const uint8_t *bytes, size_t len, struct rc_error *err) {
  struct module *m = module_decode(bytes, len, err);
  if (!m) return false;
  struct typestore *ts = typestore_new();
  bool ok = module_validate(m, ts, NULL, err);
  module_free(m);
  typestore_free(ts);
  return ok;
}

static bool write_output(const char *path, const uint8_t *bytes, size_t len) {
  bool to_stdout = strcmp(path, "-") == 0;
  FILE *f = to_stdout ? stdout : fopen(path, "wb");
  if (!f) return false;
  bool ok = fwrite(bytes, 1, len, f) == len;
  ok = (to_stdout ? fflush(f) : fclose(f)) == 0 && ok;
  return ok;
}

int cmd_wat2wasm(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  bool check = true;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      wat2wasm_usage(stdout);
      return EXIT_OK;
    } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && !out) {
      out = argv[++i];
    } else if (strcmp(argv[i], "--no-check") == 0) {
      check = false;
    } else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && !in) {
      in = argv[i];
    } else {
      fprintf(stderr, "reclaim wat2wasm: unexpected argument %s\n", argv[i]);
      wat2wasm_usage(stderr);
      return EXIT_USAGE;
    }
  }
  if (!in) {
    wat2wasm_usage(stderr);
    return EXIT_USAGE;
  }
  size_t n;
  uint8_t *src = read_whole_file(in, &n);
  if (!src) {
    fprintf(stderr, "error: cannot read %s: %s\n", in, strerror(errno));
    return EXIT_USAGE;
  }
  const char *name = strcmp(in, "-") == 0 ? "<stdin>" : in;
  if (is_binary_module(src, n)) { /* the lexer would only say "malformed lexical token" at 1:1 */
    fprintf(stderr, "%s:1:1: a binary module (it starts with a NUL byte), not WAT text\n", name);
    free(src);
    return EXIT_BAD_INPUT;
  }
  uint8_t *bin = NULL;
  size_t len = 0;
  struct rc_error err;
  rc_error_clear(&err);
  bool ok = wat_to_wasm((const char *)src, n, name, &bin, &len, &err);
  free(src);
  if (!ok) {
    fprintf(stderr, "%s\n", err.msg); /* "file:line:col: message" */
    return EXIT_BAD_INPUT;
  }
  if (check && !check_module(bin, len, &err)) {
    print_module_error(name, &err, true);
    free(bin);
    return EXIT_BAD_INPUT;
  }
  char *def = out ? NULL : strcmp(in, "-") == 0 ? NULL : default_output(in);
  const char *path = out ? out : def ? def : "-";
  int status = EXIT_OK;
  if (!write_output(path, bin, len)) {
    fprintf(stderr, "error: cannot write %s\n", path);
    status = EXIT_USAGE;
  }
  free(def);
  free(bin);
  return status;
}
