/* WASI calls that name files by path relative to a directory fd: open,
 * create/remove directories, unlink, rename, links and symlinks, stat and
 * times. Every path goes through wasi_path_resolve (wasi_sandbox.c), which
 * keeps it inside the directory's preopen; the final component is then used
 * with *at() calls that do not follow symlinks, except where a trailing '/'
 * is passed on for the kernel's own directory checks in calls that never
 * follow the final component (mkdir, rmdir, unlink, rename, link, symlink). */
#define _GNU_SOURCE
#include "wasi/wasi_internal.h"
#include "wasi/wasi_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory entry behind guest fd `fd` holding `rights`. */
static uint16_t dir_entry(struct wasi_ctx *ctx, uint32_t fd, uint64_t rights, struct wasi_fd **out) {
  struct wasi_fd *e = wasi_fd_get(ctx, fd);
  if (!e) return WE_BADF;
  if (e->type != WFT_DIRECTORY) return WE_NOTDIR;
  if ((e->base & rights) != rights) return WE_NOTCAPABLE;
  *out = e;
  return WE_SUCCESS;
}

/* Bounds-check a guest path and resolve it beneath directory entry d. A
 * trailing '/' makes a lookup follow a final symlink, as POSIX does. */
static uint16_t guest_path(struct hostcall *call, struct wasi_fd *d, uint32_t ptr, uint32_t len,
                           bool follow, bool slash_follows, struct wasi_path *out) {
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ptr, len)) return WE_FAULT;
  const char *s = (const char *)wm_ptr(&m, ptr);
  if (slash_follows && len > 0 && s[len - 1] == '/') follow = true;
  return wasi_path_resolve(WCTX, d->host, s, len, follow, out);
}

/* ---------------------------------------------------------------- open */

WASI_FN(path_open) {
  uint32_t dfd = ARG32(0), dirflags = ARG32(1), pptr = ARG32(2), plen = ARG32(3);
  uint32_t oflags = ARG32(4), fdflags = ARG32(7), out = ARG32(8);
  uint64_t want_base = ARG64(5), want_inherit = ARG64(6);
  uint64_t need = WR_PATH_OPEN;
  if (oflags & WO_CREAT) need |= WR_PATH_CREATE_FILE;
  if (oflags & WO_TRUNC) need |= WR_PATH_FILESTAT_SET_SIZE;
  struct wasi_fd *d;
  uint16_t r = dir_entry(WCTX, dfd, need, &d);
  if (r) WRET(r);
  if (oflags & ~0xFu) WRET(WE_INVAL);
  if (fdflags & ~0x1Fu) WRET(WE_INVAL);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, out, 4)) WRET(WE_FAULT);

  int fl = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  if (oflags & WO_CREAT) fl |= O_CREAT;
  if (oflags & WO_EXCL) fl |= O_EXCL;
  if (oflags & WO_TRUNC) fl |= O_TRUNC;
  if (oflags & WO_DIRECTORY) fl |= O_DIRECTORY;
  bool wr = (want_base & WR_WRITE_MODE) != 0;
  bool rd = (want_base & (WR_FD_READ | WR_FD_READDIR)) != 0;
  fl |= wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (fdflags & WFD_APPEND) fl |= O_APPEND;
  /* Always open non-blocking so a FIFO without a writer cannot hang the
   * runtime in open(); streams get blocking mode back below unless the
   * guest asked for NONBLOCK (it means nothing for files and directories). */
  fl |= O_NONBLOCK;
  if (fdflags & WFD_DSYNC) fl |= O_DSYNC;
  if (fdflags & WFD_SYNC) fl |= O_SYNC;
#ifdef O_RSYNC
  if (fdflags & WFD_RSYNC) fl |= O_RSYNC;
#endif

  struct wasi_path p;
  if ((r = guest_path(call, d, pptr, plen, dirflags & WL_SYMLINK_FOLLOW, true, &p))) WRET(r);
  if (p.slash) fl |= O_DIRECTORY;
  int h = openat(p.dirfd, p.base, fl, 0666);
  int err = errno;
  wasi_path_release(&p);
  if (h < 0) WRET(wasi_errno(err));

  /* The new fd gets what was asked for, within what the directory passes
   * on and what its type allows (wasi_fd_classify). */
  uint32_t g = wasi_fd_install(WCTX, h, true, WFT_UNKNOWN, (uint16_t)fdflags, 0, 0);
  struct wasi_fd *e = &WCTX->fds[g];
  /* d may have moved if the table grew. */
  d = &WCTX->fds[dfd];
  wasi_fd_classify(e, want_base & d->inherit, want_inherit & d->inherit);
  if (!(fdflags & WFD_NONBLOCK) && e->type != WFT_REGULAR_FILE && e->type != WFT_DIRECTORY) {
    int cur = fcntl(h, F_GETFL);
    if (cur >= 0) fcntl(h, F_SETFL, cur & ~O_NONBLOCK);
  }
  wm_st32(wm_ptr(&m, out), g);
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- directories, unlink */

enum dir_op { DIR_MKDIR, DIR_RMDIR, DIR_UNLINK };

/* path_create_directory, path_remove_directory, path_unlink_file: args (fd,
 * path, path_len); one call on the resolved path. */
static bool dir_path_op(struct hostcall *call, uint64_t *slots, uint64_t need, enum dir_op op) {
  struct wasi_fd *d;
  uint16_t r = dir_entry(WCTX, ARG32(0), need, &d);
  if (r) WRET(r);
  struct wasi_path p;
  if ((r = guest_path(call, d, ARG32(1), ARG32(2), false, false, &p))) WRET(r);
  int rc;
  switch (op) {
  case DIR_MKDIR: rc = mkdirat(p.dirfd, p.base_slash, 0777); break;
  case DIR_RMDIR: rc = unlinkat(p.dirfd, p.base_slash, AT_REMOVEDIR); break;
  default: rc = unlinkat(p.dirfd, p.base_slash, 0); break;
  }
  int err = errno;
  wasi_path_release(&p);
  if (rc < 0 && op == DIR_RMDIR && err == EEXIST) err = ENOTEMPTY; /* POSIX allows either; WASI tests expect NOTEMPTY */
  WRET(rc < 0 ? wasi_errno(err) : WE_SUCCESS);
}

WASI_FN(path_create_directory) { return dir_path_op(call, slots, WR_PATH_CREATE_DIRECTORY, DIR_MKDIR); }
WASI_FN(path_remove_directory) { return dir_path_op(call, slots, WR_PATH_REMOVE_DIRECTORY, DIR_RMDIR); }
WASI_FN(path_unlink_file) { return dir_path_op(call, slots, WR_PATH_UNLINK_FILE, DIR_UNLINK); }

/* ---------------------------------------------------------------- rename, link, symlink */

WASI_FN(path_rename) {
  struct wasi_fd *od, *nd;
  uint16_t r = dir_entry(WCTX, ARG32(0), WR_PATH_RENAME_SOURCE, &od);
  if (r) WRET(r);
  if ((r = dir_entry(WCTX, ARG32(3), WR_PATH_RENAME_TARGET, &nd))) WRET(r);
  struct wasi_path a, b;
  if ((r = guest_path(call, od, ARG32(1), ARG32(2), false, false, &a))) WRET(r);
  if ((r = guest_path(call, nd, ARG32(4), ARG32(5), false, false, &b))) {
    wasi_path_release(&a);
    WRET(r);
  }
  int rc = renameat(a.dirfd, a.base_slash, b.dirfd, b.base_slash);
  int err = errno;
  wasi_path_release(&a);
  wasi_path_release(&b);
  WRET(rc < 0 ? wasi_errno(err) : WE_SUCCESS);
}

WASI_FN(path_link) {
  struct wasi_fd *od, *nd;
  uint16_t r = dir_entry(WCTX, ARG32(0), WR_PATH_LINK_SOURCE, &od);
  if (r) WRET(r);
  if ((r = dir_entry(WCTX, ARG32(4), WR_PATH_LINK_TARGET, &nd))) WRET(r);
  uint32_t flags = ARG32(1);
  struct wasi_path a, b;
  /* The source's final symlink is expanded here (sandboxed) when asked to
   * follow; linkat itself is never told to follow. */
  if ((r = guest_path(call, od, ARG32(2), ARG32(3), flags & WL_SYMLINK_FOLLOW, true, &a))) WRET(r);
  if ((r = guest_path(call, nd, ARG32(5), ARG32(6), false, false, &b))) {
    wasi_path_release(&a);
    WRET(r);
  }
  int rc = linkat(a.dirfd, a.base_slash, b.dirfd, b.base_slash, 0);
  int err = errno;
  wasi_path_release(&a);
  wasi_path_release(&b);
  WRET(rc < 0 ? wasi_errno(err) : WE_SUCCESS);
}

/* A symlink's target is stored as given, but an absolute target is refused:
 * it could only ever mean the host's root. Relative targets that climb out
 * are harmless (following them is confined) and allowed. */
WASI_FN(path_symlink) {
  uint32_t tptr = ARG32(0), tlen = ARG32(1);
  struct wasi_fd *d;
  uint16_t r = dir_entry(WCTX, ARG32(2), WR_PATH_SYMLINK, &d);
  if (r) WRET(r);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, tptr, tlen)) WRET(WE_FAULT);
  if (tlen > WASI_PATH_MAX) WRET(WE_NAMETOOLONG);
  const char *t = (const char *)wm_ptr(&m, tptr);
  if (memchr(t, 0, tlen)) WRET(WE_ILSEQ);
  if (tlen == 0) WRET(WE_NOENT);
  if (t[0] == '/') WRET(WE_NOTCAPABLE);
  char *target = rc_strndup(t, tlen);
  struct wasi_path p;
  if ((r = guest_path(call, d, ARG32(3), ARG32(4), false, false, &p))) {
    free(target);
    WRET(r);
  }
  int rc = symlinkat(target, p.dirfd, p.base_slash);
  int err = errno;
  free(target);
  wasi_path_release(&p);
  WRET(rc < 0 ? wasi_errno(err) : WE_SUCCESS);
}

WASI_FN(path_readlink) {
  struct wasi_fd *d;
  uint16_t r = dir_entry(WCTX, ARG32(0), WR_PATH_READLINK, &d);
  if (r) WRET(r);
  uint32_t buf = ARG32(3), buf_len = ARG32(4), used = ARG32(5);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, buf, buf_len) || !wm_ok(&m, used, 4)) WRET(WE_FAULT);
  struct wasi_path p;
  if ((r = guest_path(call, d, ARG32(1), ARG32(2), false, true, &p))) WRET(r);
  char tmp[4096];
  ssize_t n = readlinkat(p.dirfd, p.base, tmp, sizeof tmp);
  int err = errno;
  wasi_path_release(&p);
  if (n < 0) WRET(wasi_errno(err));
  /* Too small a buffer gets the target's first buf_len bytes. */
  uint32_t k = (uint64_t)n < buf_len ? (uint32_t)n : buf_len;
  memcpy(wm_ptr(&m, buf), tmp, k);
  wm_st32(wm_ptr(&m, used), k);
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- stat, times */

WASI_FN(path_filestat_get) {
  struct wasi_fd *d;
  uint16_t r = dir_entry(WCTX, ARG32(0), WR_PATH_FILESTAT_GET, &d);
  if (r) WRET(r);
  uint32_t out = ARG32(4);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, out, W_FILESTAT_SIZE)) WRET(WE_FAULT);
  struct wasi_path p;
  if ((r = guest_path(call, d, ARG32(2), ARG32(3), ARG32(1) & WL_SYMLINK_FOLLOW, true, &p))) WRET(r);
  struct stat st;
  int rc = fstatat(p.dirfd, p.base, &st, AT_SYMLINK_NOFOLLOW);
  int err = errno;
  bool slash = p.slash;
  wasi_path_release(&p);
  if (rc < 0) WRET(wasi_errno(err));
  if (slash && !S_ISDIR(st.st_mode)) WRET(WE_NOTDIR);
  wasi_store_filestat(wm_ptr(&m, out), &st);
  WRET(WE_SUCCESS);
}

WASI_FN(path_filestat_set_times) {
  struct wasi_fd *d;
  uint16_t r = dir_entry(WCTX, ARG32(0), WR_PATH_FILESTAT_SET_TIMES, &d);
  if (r) WRET(r);
  struct timespec ts[2];
  if ((r = wasi_times(ARG64(4), ARG64(5), ARG32(6), ts))) WRET(r);
  struct wasi_path p;
  if ((r = guest_path(call, d, ARG32(2), ARG32(3), ARG32(1) & WL_SYMLINK_FOLLOW, true, &p))) WRET(r);
  int rc = utimensat(p.dirfd, p.base, ts, AT_SYMLINK_NOFOLLOW);
  int err = errno;
  wasi_path_release(&p);
  WRET(rc < 0 ? wasi_errno(err) : WE_SUCCESS);
}
