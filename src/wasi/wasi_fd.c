/* WASI calls on open file descriptors: read/write (and positional), seek,
 * tell, close, renumber, sync, stat and flags, rights, allocation, advice,
 * preopen queries, and directory listing (fd_readdir). */
#define _GNU_SOURCE
#include "wasi/wasi_internal.h"
#include "wasi/wasi_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------- shared */

void wasi_store_filestat(uint8_t *p, const struct stat *st) {
  memset(p, 0, W_FILESTAT_SIZE);
  wm_st64(p + 0, (uint64_t)st->st_dev);
  wm_st64(p + 8, (uint64_t)st->st_ino);
  wm_st8(p + 16, wasi_filetype(st->st_mode));
  wm_st64(p + 24, (uint64_t)st->st_nlink);
  wm_st64(p + 32, (uint64_t)st->st_size);
  wm_st64(p + 40, (uint64_t)st->st_atim.tv_sec * 1000000000ull + (uint64_t)st->st_atim.tv_nsec);
  wm_st64(p + 48, (uint64_t)st->st_mtim.tv_sec * 1000000000ull + (uint64_t)st->st_mtim.tv_nsec);
  wm_st64(p + 56, (uint64_t)st->st_ctim.tv_sec * 1000000000ull + (uint64_t)st->st_ctim.tv_nsec);
}

uint16_t wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]) {
  if (fst & ~0xFu) return WE_INVAL;
  if ((fst & WFST_ATIM) && (fst & WFST_ATIM_NOW)) return WE_INVAL;
  if ((fst & WFST_MTIM) && (fst & WFST_MTIM_NOW)) return WE_INVAL;
  ts[0].tv_sec = ts[1].tv_sec = 0;
  ts[0].tv_nsec = ts[1].tv_nsec = UTIME_OMIT;
  if (fst & WFST_ATIM) {
    ts[0].tv_sec = (time_t)(atim / 1000000000ull);
    ts[0].tv_nsec = (long)(atim % 1000000000ull);
  } else if (fst & WFST_ATIM_NOW) {
    ts[0].tv_nsec = UTIME_NOW;
  }
  if (fst & WFST_MTIM) {
    ts[1].tv_sec = (time_t)(mtim / 1000000000ull);
    ts[1].tv_nsec = (long)(mtim % 1000000000ull);
  } else if (fst & WFST_MTIM_NOW) {
    ts[1].tv_nsec = UTIME_NOW;
  }
  return WE_SUCCESS;
}

uint16_t wasi_iovs(const struct wmem *m, uint32_t iovs, uint32_t n, struct iovec *small,
                   int nsmall, struct iovec **out, int *count) {
  if (!wm_ok(m, iovs, (uint64_t)n * W_IOVEC_SIZE)) return WE_FAULT;
  uint32_t k = n < IOV_MAX ? n : IOV_MAX;
  struct iovec *v = k <= (uint32_t)nsmall ? small : rc_calloc(k, sizeof *v);
  for (uint32_t i = 0; i < k; i++) {
    const uint8_t *p = wm_ptr(m, iovs + i * W_IOVEC_SIZE);
    uint32_t buf = wm_ld32(p), len = wm_ld32(p + 4);
    if (!wm_ok(m, buf, len)) {
      if (v != small) free(v);
      return WE_FAULT;
    }
    v[i].iov_base = wm_ptr(m, buf);
    v[i].iov_len = len;
  }
  *out = v;
  *count = (int)k;
  return WE_SUCCESS;
}

enum rw_kind { RW_READ, RW_WRITE, RW_PREAD, RW_PWRITE };

/* fd_read, fd_write, fd_pread, fd_pwrite: args (fd, iovs, iovs_len,
 * [offset,] result_ptr). */
static bool do_rw(struct hostcall *call, uint64_t *slots, enum rw_kind kind) {
  bool positional = kind == RW_PREAD || kind == RW_PWRITE;
  bool writing = kind == RW_WRITE || kind == RW_PWRITE;
  uint32_t fd = ARG32(0), iovs = ARG32(1), niovs = ARG32(2);
  uint64_t offset = positional ? ARG64(3) : 0;
  uint32_t result_ptr = positional ? ARG32(4) : ARG32(3);
  struct wasi_fd *e;
  uint64_t need = writing ? WR_FD_WRITE : WR_FD_READ;
  uint16_t r = wasi_fd_check(WCTX, fd, need, &e);
  if (r) WRET(r);
  if (e->type == WFT_DIRECTORY) WRET(WE_ISDIR);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, result_ptr, 4)) WRET(WE_FAULT);
  if (positional && offset > (uint64_t)INT64_MAX) WRET(WE_INVAL);
  struct iovec small[16], *v;
  int n;
  if ((r = wasi_iovs(&m, iovs, niovs, small, 16, &v, &n))) WRET(r);
  ssize_t got;
  switch (kind) {
  case RW_READ: got = readv(e->host, v, n); break;
  case RW_WRITE: got = writev(e->host, v, n); break;
  case RW_PREAD: got = preadv(e->host, v, n, (off_t)offset); break;
  default: got = pwritev(e->host, v, n, (off_t)offset); break;
  }
  int err = errno;
  if (v != small) free(v);
  if (got < 0) WRET(wasi_errno(err));
  wm_st32(wm_ptr(&m, result_ptr), (uint32_t)got);
  WRET(WE_SUCCESS);
}

WASI_FN(fd_read) { return do_rw(call, slots, RW_READ); }
WASI_FN(fd_write) { return do_rw(call, slots, RW_WRITE); }
WASI_FN(fd_pread) { return do_rw(call, slots, RW_PREAD); }
WASI_FN(fd_pwrite) { return do_rw(call, slots, RW_PWRITE); }

/* ---------------------------------------------------------------- position */

WASI_FN(fd_seek) {
  uint32_t fd = ARG32(0), whence = ARG32(2), out = ARG32(3);
  int64_t delta = (int64_t)ARG64(1);
  /* Asking for the current position needs only FD_TELL. */
  uint64_t need = (whence == WWH_CUR && delta == 0) ? WR_FD_TELL : WR_FD_SEEK;
  struct wasi_fd *e = wasi_fd_get(WCTX, fd);
  if (!e) WRET(WE_BADF);
  if (!(e->base & need) && !(e->base & WR_FD_SEEK)) WRET(WE_NOTCAPABLE);
  if (e->type == WFT_DIRECTORY) WRET(WE_ISDIR);
  int w;
  switch (whence) {
  case WWH_SET: w = SEEK_SET; break;
  case WWH_CUR: w = SEEK_CUR; break;
  case WWH_END: w = SEEK_END; break;
  default: WRET(WE_INVAL);
  }
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, out, 8)) WRET(WE_FAULT);
  off_t pos = lseek(e->host, (off_t)delta, w);
  if (pos < 0) WRET(wasi_errno(errno));
  wm_st64(wm_ptr(&m, out), (uint64_t)pos);
  WRET(WE_SUCCESS);
}

WASI_FN(fd_tell) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_TELL, &e);
  if (r) WRET(r);
  if (e->type == WFT_DIRECTORY) WRET(WE_ISDIR);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(1), 8)) WRET(WE_FAULT);
  off_t pos = lseek(e->host, 0, SEEK_CUR);
  if (pos < 0) WRET(wasi_errno(errno));
  wm_st64(wm_ptr(&m, ARG32(1)), (uint64_t)pos);
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- table ops */

WASI_FN(fd_close) {
  struct wasi_fd *e = wasi_fd_get(WCTX, ARG32(0));
  if (!e) WRET(WE_BADF);
  wasi_fd_release(e);
  WRET(WE_SUCCESS);
}

/* fd_renumber(from, to): `to` must be open too; it is closed and replaced by
 * `from`, which becomes free. */
WASI_FN(fd_renumber) {
  uint32_t from = ARG32(0), to = ARG32(1);
  struct wasi_fd *a = wasi_fd_get(WCTX, from), *b = wasi_fd_get(WCTX, to);
  if (!a || !b) WRET(WE_BADF);
  if (from == to) WRET(WE_SUCCESS);
  wasi_fd_release(b);
  *b = *a;
  memset(a, 0, sizeof *a);
  a->host = -1;
  WRET(WE_SUCCESS);
}

WASI_FN(fd_sync) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_SYNC, &e);
  if (r) WRET(r);
  if (fsync(e->host) < 0) WRET(wasi_errno(errno));
  WRET(WE_SUCCESS);
}

WASI_FN(fd_datasync) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_DATASYNC, &e);
  if (r) WRET(r);
#if defined(__APPLE__)
  if (fsync(e->host) < 0) WRET(wasi_errno(errno));
#else
  if (fdatasync(e->host) < 0) WRET(wasi_errno(errno));
#endif
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- fdstat */

WASI_FN(fd_fdstat_get) {
  struct wasi_fd *e = wasi_fd_get(WCTX, ARG32(0));
  if (!e) WRET(WE_BADF);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(1), W_FDSTAT_SIZE)) WRET(WE_FAULT);
  uint8_t *p = wm_ptr(&m, ARG32(1));
  memset(p, 0, W_FDSTAT_SIZE);
  wm_st8(p, e->type);
  wm_st16(p + 2, e->flags);
  wm_st64(p + 8, e->base);
  wm_st64(p + 16, e->inherit);
  WRET(WE_SUCCESS);
}

/* APPEND and NONBLOCK can change on an open host fd; the sync flags can
 * only be chosen at open time on Linux, so changing them is ENOTSUP. */
WASI_FN(fd_fdstat_set_flags) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_FDSTAT_SET_FLAGS, &e);
  if (r) WRET(r);
  uint32_t flags = ARG32(1);
  if (flags & ~0x1Fu) WRET(WE_INVAL);
  uint16_t syncs = WFD_DSYNC | WFD_RSYNC | WFD_SYNC;
  if ((flags & syncs) != (e->flags & syncs)) WRET(WE_NOTSUP);
  int fl = fcntl(e->host, F_GETFL);
  if (fl < 0) WRET(wasi_errno(errno));
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & WFD_APPEND) fl |= O_APPEND;
  if (flags & WFD_NONBLOCK) fl |= O_NONBLOCK;
  if (fcntl(e->host, F_SETFL, fl) < 0) WRET(wasi_errno(errno));
  e->flags = (uint16_t)flags;
  WRET(WE_SUCCESS);
}

WASI_FN(fd_fdstat_set_rights) {
  struct wasi_fd *e = wasi_fd_get(WCTX, ARG32(0));
  if (!e) WRET(WE_BADF);
  uint64_t base = ARG64(1), inherit = ARG64(2);
  if ((base & ~e->base) || (inherit & ~e->inherit)) WRET(WE_NOTCAPABLE);
  e->base = base;
  e->inherit = inherit;
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- filestat */

WASI_FN(fd_filestat_get) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_FILESTAT_GET, &e);
  if (r) WRET(r);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(1), W_FILESTAT_SIZE)) WRET(WE_FAULT);
  struct stat st;
  if (fstat(e->host, &st) < 0) WRET(wasi_errno(errno));
  wasi_store_filestat(wm_ptr(&m, ARG32(1)), &st);
  WRET(WE_SUCCESS);
}

WASI_FN(fd_filestat_set_size) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_FILESTAT_SET_SIZE, &e);
  if (r) WRET(r);
  if (e->type == WFT_DIRECTORY) WRET(WE_ISDIR);
  if (ARG64(1) > (uint64_t)INT64_MAX) WRET(WE_INVAL);
  if (ftruncate(e->host, (off_t)ARG64(1)) < 0) WRET(wasi_errno(errno));
  WRET(WE_SUCCESS);
}

WASI_FN(fd_filestat_set_times) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_FILESTAT_SET_TIMES, &e);
  if (r) WRET(r);
  struct timespec ts[2];
  if ((r = wasi_times(ARG64(1), ARG64(2), ARG32(3), ts))) WRET(r);
  if (futimens(e->host, ts) < 0) WRET(wasi_errno(errno));
  WRET(WE_SUCCESS);
}

WASI_FN(fd_allocate) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_ALLOCATE, &e);
  if (r) WRET(r);
  if (e->type == WFT_DIRECTORY) WRET(WE_ISDIR);
  uint64_t off = ARG64(1), len = ARG64(2);
  if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX - off) WRET(WE_INVAL);
  int rc = posix_fallocate(e->host, (off_t)off, (off_t)len);
  if (rc == EOPNOTSUPP || rc == ENOSYS) {
    /* No preallocation on this file system: just make the file long enough. */
    struct stat st;
    if (fstat(e->host, &st) < 0) WRET(wasi_errno(errno));
    if ((uint64_t)st.st_size < off + len && ftruncate(e->host, (off_t)(off + len)) < 0)
      WRET(wasi_errno(errno));
    WRET(WE_SUCCESS);
  }
  WRET(wasi_errno(rc));
}

WASI_FN(fd_advise) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_ADVISE, &e);
  if (r) WRET(r);
  uint32_t advice = ARG32(3);
  static const int map[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                            POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (advice >= RC_ARRAY_LEN(map)) WRET(WE_INVAL);
  if (e->type == WFT_DIRECTORY) WRET(WE_ISDIR);
  if (ARG64(1) > (uint64_t)INT64_MAX || ARG64(2) > (uint64_t)INT64_MAX) WRET(WE_INVAL);
  int rc = posix_fadvise(e->host, (off_t)ARG64(1), (off_t)ARG64(2), map[advice]);
  /* Advice is only advice: a stream that cannot take it is not an error. */
  if (rc == ESPIPE) rc = 0;
  WRET(wasi_errno(rc));
}

/* ---------------------------------------------------------------- preopens */

WASI_FN(fd_prestat_get) {
  struct wasi_fd *e = wasi_fd_get(WCTX, ARG32(0));
  if (!e || !e->preopen) WRET(WE_BADF);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(1), W_PRESTAT_SIZE)) WRET(WE_FAULT);
  uint8_t *p = wm_ptr(&m, ARG32(1));
  memset(p, 0, W_PRESTAT_SIZE);
  wm_st8(p, 0); /* preopentype dir */
  wm_st32(p + 4, (uint32_t)strlen(e->preopen));
  WRET(WE_SUCCESS);
}

WASI_FN(fd_prestat_dir_name) {
  struct wasi_fd *e = wasi_fd_get(WCTX, ARG32(0));
  if (!e || !e->preopen) WRET(WE_BADF);
  uint32_t ptr = ARG32(1), len = ARG32(2);
  size_t n = strlen(e->preopen);
  if (len < n) WRET(WE_NAMETOOLONG);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ptr, n)) WRET(WE_FAULT);
  memcpy(wm_ptr(&m, ptr), e->preopen, n);
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- readdir */

/* Cookies are entry indices: the entry with cookie c is the c-th one the
 * stream returns (d_next of an entry is its index + 1). The stream is kept
 * between calls, so reading on from the last d_next costs nothing; an older
 * cookie rewinds (which also picks up entries created since). An entry that
 * does not fit whole is written truncated (filling the buffer, so the guest
 * knows to retry with a bigger one) and not consumed. */
WASI_FN(fd_readdir) {
  struct wasi_fd *e;
  uint16_t r = wasi_fd_check(WCTX, ARG32(0), WR_FD_READDIR, &e);
  if (r) WRET(r);
  if (e->type != WFT_DIRECTORY) WRET(WE_NOTDIR);
  uint32_t buf = ARG32(1), buf_len = ARG32(2), used_ptr = ARG32(4);
  uint64_t cookie = ARG64(3);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, buf, buf_len) || !wm_ok(&m, used_ptr, 4)) WRET(WE_FAULT);
  if (!e->dir) {
    int d = openat(e->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0) WRET(wasi_errno(errno));
    e->dir = fdopendir(d);
    if (!e->dir) {
      int err = errno;
      close(d);
      WRET(wasi_errno(err));
    }
    e->dir_pos = 0;
  }
  if (cookie < e->dir_pos) {
    rewinddir(e->dir);
    e->dir_pos = 0;
  }
  uint32_t used = 0;
  bool eof = false;
  while (e->dir_pos < cookie) {
    errno = 0;
    if (!readdir(e->dir)) {
      if (errno) WRET(wasi_errno(errno));
      eof = true;
      break;
    }
    e->dir_pos++;
  }
  while (!eof && used < buf_len) {
    long loc = telldir(e->dir);
    errno = 0;
    struct dirent *de = readdir(e->dir);
    if (!de) {
      if (errno) WRET(wasi_errno(errno));
      break;
    }
    size_t namlen = strlen(de->d_name);
    /* Type and inode from fstatat, so they agree with what path_filestat_get
     * and fd_filestat_get report (readdir's d_ino can differ on overlays). */
    struct stat st;
    uint64_t ino = de->d_ino;
    uint8_t type = WFT_UNKNOWN;
    if (fstatat(dirfd(e->dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      ino = st.st_ino;
      type = wasi_filetype(st.st_mode);
    }
    uint8_t ent[W_DIRENT_SIZE];
    memset(ent, 0, sizeof ent);
    wm_st64(ent + 0, e->dir_pos + 1);
    wm_st64(ent + 8, ino);
    wm_st32(ent + 16, (uint32_t)namlen);
    wm_st8(ent + 20, type);
    uint64_t need = W_DIRENT_SIZE + namlen;
    uint32_t room = buf_len - used;
    uint8_t *dst = wm_ptr(&m, buf + used);
    if (need > room) {
      /* Partial entry: fill the buffer and leave the entry for next time. */
      uint32_t k = room < W_DIRENT_SIZE ? room : W_DIRENT_SIZE;
      memcpy(dst, ent, k);
      if (room > W_DIRENT_SIZE) memcpy(dst + W_DIRENT_SIZE, de->d_name, room - W_DIRENT_SIZE);
      used = buf_len;
      seekdir(e->dir, loc);
      break;
    }
    memcpy(dst, ent, W_DIRENT_SIZE);
    memcpy(dst + W_DIRENT_SIZE, de->d_name, namlen);
    used += (uint32_t)need;
    e->dir_pos++;
  }
  wm_st32(wm_ptr(&m, used_ptr), used);
  WRET(WE_SUCCESS);
}
