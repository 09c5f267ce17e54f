/* Shared harness for the WASI unit tests: a fake instance whose memory 0 is
 * a malloc'd buffer, a call helper that runs one WASI import by name, and a
 * scratch directory under /tmp that is removed at the end. */
#ifndef RECLAIM_WASI_HARNESS_H
#define RECLAIM_WASI_HARNESS_H

#define _GNU_SOURCE
#include "test.h"
#include "wasi/wasi.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEM_SIZE (4u * 65536u)

static struct meminst h_mem;
static struct meminst *h_mems[1] = {&h_mem};
static struct instance h_inst;
static struct wasi_ctx *h_ctx;
static struct rc_error h_err;
static bool h_trapped;

static inline void h_init(void) {
  h_mem.data = calloc(1, MEM_SIZE);
  h_mem.size = MEM_SIZE;
  h_inst.mems = h_mems;
  h_inst.nmems = 1;
  h_ctx = wasi_ctx_new();
}

static inline void h_fini(void) {
  wasi_ctx_free(h_ctx);
  h_ctx = NULL;
  free(h_mem.data);
}

/* Call WASI function `name` with n argument slots; returns result slot 0
 * (the errno) and sets h_trapped when the function returned false. */
static inline uint64_t h_call(const char *name, const uint64_t *args, int n) {
  struct wasi_import imp;
  if (!wasi_resolve_cstr(h_ctx, name, &imp)) {
    fprintf(stderr, "no WASI function %s\n", name);
    test_failures++;
    return 0xdead;
  }
  if ((int)imp.nparams != n) {
    fprintf(stderr, "%s: test passes %d args, signature has %u\n", name, n, imp.nparams);
    test_failures++;
  }
  uint64_t slots[16] = {0};
  if (n > 0) memcpy(slots, args, (size_t)n * sizeof *args);
  struct hostcall hc = {NULL, &h_inst, imp.env, &h_err};
  rc_error_clear(&h_err);
  h_trapped = !imp.fn(&hc, slots);
  return slots[0];
}
#define W(name, ...)                                                            \
  h_call(#name, (const uint64_t[]){__VA_ARGS__},                                \
         (int)(sizeof((const uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t)))
#define W0(name) h_call(#name, NULL, 0)

/* Guest memory helpers. */
static inline uint8_t *G(uint32_t off) { return h_mem.data + off; }
static inline uint32_t put_str(uint32_t off, const char *s) {
  size_t n = strlen(s);
  memcpy(G(off), s, n);
  return (uint32_t)n;
}
static inline uint32_t ld32(uint32_t off) {
  uint32_t v;
  memcpy(&v, G(off), 4);
  return v;
}
static inline uint64_t ld64(uint32_t off) {
  uint64_t v;
  memcpy(&v, G(off), 8);
  return v;
}
static inline void st32(uint32_t off, uint32_t v) { memcpy(G(off), &v, 4); }

/* A path argument pair: (ptr, len) with the string placed at PATH_AT. */
#define PATH_AT 0x1000u
#define PATH2_AT 0x1800u
#define P(s) (uint64_t)PATH_AT, (uint64_t)put_str(PATH_AT, s)
#define P2(s) (uint64_t)PATH2_AT, (uint64_t)put_str(PATH2_AT, s)
#define OUT 0x2000u /* scratch result area */

/* WASI numbers the tests use. */
enum {
  E_SUCCESS = 0, E_BADF = 8, E_EXIST = 20, E_FAULT = 21, E_ILSEQ = 25, E_INVAL = 28,
  E_ISDIR = 31, E_LOOP = 32, E_NAMETOOLONG = 37, E_NOENT = 44, E_NOTDIR = 54,
  E_NOTEMPTY = 55, E_NOTSOCK = 57, E_PERM = 63, E_NOTCAPABLE = 76,
};
#define R_FD_READ (1ull << 1)
#define R_FD_SEEK (1ull << 2)
#define R_FD_TELL (1ull << 5)
#define R_FD_WRITE (1ull << 6)
#define R_FD_READDIR (1ull << 14)
#define R_FD_FILESTAT_GET (1ull << 21)
#define R_FD_FILESTAT_SET_SIZE (1ull << 22)
#define R_FILE (R_FD_READ | R_FD_WRITE | R_FD_SEEK | R_FD_TELL | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_SIZE)
#define O_CREAT_W 1
#define O_DIRECTORY_W 2
#define O_EXCL_W 4
#define O_TRUNC_W 8
#define FOLLOW 1

static char h_tmp[64];
static inline void h_mktmp(void) {
  strcpy(h_tmp, "/tmp/reclaim-wasi-XXXXXX");
  if (!mkdtemp(h_tmp)) {
    perror("mkdtemp");
    exit(1);
  }
}
static inline int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb; (void)flag; (void)ftw;
  return remove(p);
}
static inline void h_rmtmp(void) { nftw(h_tmp, rm_cb, 16, FTW_DEPTH | FTW_PHYS); }

/* Path of a host file inside the scratch directory. */
static inline const char *hp(const char *rel) {
  static char buf[4][256];
  static int k;
  k = (k + 1) & 3;
  snprintf(buf[k], sizeof buf[k], "%s/%s", h_tmp, rel);
  return buf[k];
}

/* path_open helper: returns the errno; the new fd goes to *fd. */
static inline uint64_t h_open(uint32_t dirfd, uint32_t lookup, const char *path, uint32_t oflags,
                       uint64_t rights, uint32_t *fd) {
  uint64_t r = W(path_open, dirfd, lookup, P(path), oflags, rights, rights, 0, OUT);
  if (fd) *fd = r == 0 ? ld32(OUT) : 0xFFFFFFFFu;
  return r;
}

#endif
