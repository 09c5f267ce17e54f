/* Reading a module file for `reclaim run`: binary or WAT, told apart by
 * content (a binary module starts with "\0asm"; anything else is parsed as
 * text), so the file name's extension does not matter. */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"
#include "text/wat.h"

uint8_t *read_whole_file(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL; /* errno says why */
  RC_VEC(uint8_t) buf = {0};
  uint8_t chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    rc_vec_reserve(buf, n);
    memcpy(buf.data + buf.len, chunk, n);
    buf.len += n;
  }
  bool failed = ferror(f) != 0;
  int saved = errno; /* fread's reason (EISDIR for a directory), not fclose's */
  if (f != stdin) fclose(f);
  if (failed) {
    free(buf.data);
    errno = saved;
    return NULL;
  }
  *len = buf.len;
  return buf.data ? buf.data : rc_malloc(1);
}

bool is_binary_module(const uint8_t *bytes, size_t len) {
  /* Text never holds a NUL, so a file starting with one is a (perhaps
   * damaged) binary: the decoder's message ("magic header not detected",
   * "unexpected end") says more than the lexer's would. */
  return len >= 1 && bytes[0] == 0;
}

uint8_t *load_module_file(const char *path, size_t *len, bool *was_text, bool *io_error) {
  *was_text = false;
  *io_error = false;
  size_t n;
  uint8_t *src = read_whole_file(path, &n);
  if (!src) {
    fprintf(stderr, "error: cannot read %s: %s\n", path, strerror(errno));
    *io_error = true;
    return NULL;
  }
  if (is_binary_module(src, n)) {
    *len = n;
    return src;
  }
  *was_text = true;
  uint8_t *out = NULL;
  struct rc_error err;
  rc_error_clear(&err);
  const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
  bool ok = wat_to_wasm((const char *)src, n, name, &out, len, &err);
  free(src);
  if (!ok) {
    /* err.msg already reads "file:line:col: message". */
    fprintf(stderr, "%s\n", err.msg);
    return NULL;
  }
  return out;
}

void print_module_error(const char *path, const struct rc_error *err, bool was_text) {
  char where[64] = "";
  /* A text module's offsets point into its encoded binary, which the user never saw. */
  int64_t off = was_text ? RC_NO_OFFSET : err->offset;
  if (err->func != RC_NO_FUNC && off != RC_NO_OFFSET)
    snprintf(where, sizeof where, "func %u, byte offset 0x%llx: ", (unsigned)err->func,
             (unsigned long long)off);
  else if (err->func != RC_NO_FUNC)
    snprintf(where, sizeof where, "func %u: ", (unsigned)err->func);
  else if (off != RC_NO_OFFSET)
    snprintf(where, sizeof where, "byte offset 0x%llx: ", (unsigned long long)off);
  fprintf(stderr, "error: %s: %s%s\n", path, where, err->msg);
}
