/* Helpers shared by the WASI test guests (compiled to wasm32-wasi).
 * Output must be deterministic: the driver compares stdout byte for byte. */
#ifndef RECLAIM_WASI_GUEST_H
#define RECLAIM_WASI_GUEST_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The errno's name, so expected files read like the WASI spec. */
static inline const char *ename(int e) {
  switch (e) {
  case 0: return "OK";
  case EACCES: return "EACCES";
  case EBADF: return "EBADF";
  case EEXIST: return "EEXIST";
  case EINVAL: return "EINVAL";
  case EISDIR: return "EISDIR";
  case ELOOP: return "ELOOP";
  case ENOENT: return "ENOENT";
  case ENOTDIR: return "ENOTDIR";
  case ENOTEMPTY: return "ENOTEMPTY";
  case ENOTCAPABLE: return "ENOTCAPABLE";
  case EPERM: return "EPERM";
  case EXDEV: return "EXDEV";
  case EILSEQ: return "EILSEQ";
  case ENAMETOOLONG: return "ENAMETOOLONG";
  case ENOSYS: return "ENOSYS";
  case ENOTSUP: return "ENOTSUP";
  case ESPIPE: return "ESPIPE";
  default: return "E?";
  }
}

/* Print "label: ok" when rc >= 0, else "label: ERRNO". */
static inline void report(const char *label, int rc) {
  if (rc >= 0) printf("%s: ok\n", label);
  else printf("%s: %s\n", label, ename(errno));
}

/* Print "label: yes" / "label: NO" for a sanity condition. */
static inline void check(const char *label, int cond) {
  printf("%s: %s\n", label, cond ? "yes" : "NO");
}

#endif
