/* Internals shared by the WASI files: the context, the guest fd table, the
 * witx constants (errno, rights, flags), and the helpers every host function
 * uses. Values and layouts are those of wasi_snapshot_preview1's witx.
 *
 * Invariant of the fd table: an entry is in use iff `used`; its host fd is
 * then valid (>= 0) and closed by fd_close/renumber/ctx_free only when
 * `owned` (the stdio fds the embedder handed in are never closed). Rights
 * only ever shrink: path_open masks the requested rights by the parent's
 * inheriting rights and by what the file type allows; fd_fdstat_set_rights
 * refuses to add any. */
#ifndef RECLAIM_WASI_INTERNAL_H
#define RECLAIM_WASI_INTERNAL_H

#include "wasi/wasi.h"

#include <dirent.h>
#include <sys/stat.h>

/* ---- errno ---- */
enum {
  WE_SUCCESS = 0, WE_2BIG = 1, WE_ACCES = 2, WE_ADDRINUSE = 3, WE_ADDRNOTAVAIL = 4,
  WE_AFNOSUPPORT = 5, WE_AGAIN = 6, WE_ALREADY = 7, WE_BADF = 8, WE_BADMSG = 9,
  WE_BUSY = 10, WE_CANCELED = 11, WE_CHILD = 12, WE_CONNABORTED = 13,
  WE_CONNREFUSED = 14, WE_CONNRESET = 15, WE_DEADLK = 16, WE_DESTADDRREQ = 17,
  WE_DOM = 18, WE_DQUOT = 19, WE_EXIST = 20, WE_FAULT = 21, WE_FBIG = 22,
  WE_HOSTUNREACH = 23, WE_IDRM = 24, WE_ILSEQ = 25, WE_INPROGRESS = 26,
  WE_INTR = 27, WE_INVAL = 28, WE_IO = 29, WE_ISCONN = 30, WE_ISDIR = 31,
  WE_LOOP = 32, WE_MFILE = 33, WE_MLINK = 34, WE_MSGSIZE = 35, WE_MULTIHOP = 36,
  WE_NAMETOOLONG = 37, WE_NETDOWN = 38, WE_NETRESET = 39, WE_NETUNREACH = 40,
  WE_NFILE = 41, WE_NOBUFS = 42, WE_NODEV = 43, WE_NOENT = 44, WE_NOEXEC = 45,
  WE_NOLCK = 46, WE_NOLINK = 47, WE_NOMEM = 48, WE_NOMSG = 49, WE_NOPROTOOPT = 50,
  WE_NOSPC = 51, WE_NOSYS = 52, WE_NOTCONN = 53, WE_NOTDIR = 54, WE_NOTEMPTY = 55,
  WE_NOTRECOVERABLE = 56, WE_NOTSOCK = 57, WE_NOTSUP = 58, WE_NOTTY = 59,
  WE_NXIO = 60, WE_OVERFLOW = 61, WE_OWNERDEAD = 62, WE_PERM = 63, WE_PIPE = 64,
  WE_PROTO = 65, WE_PROTONOSUPPORT = 66, WE_PROTOTYPE = 67, WE_RANGE = 68,
  WE_ROFS = 69, WE_SPIPE = 70, WE_SRCH = 71, WE_STALE = 72, WE_TIMEDOUT = 73,
  WE_TXTBSY = 74, WE_XDEV = 75, WE_NOTCAPABLE = 76,
};

/* ---- rights (u64 bit positions) ---- */
#define WR_FD_DATASYNC (1ull << 0)
#define WR_FD_READ (1ull << 1)
#define WR_FD_SEEK (1ull << 2)
#define WR_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define WR_FD_SYNC (1ull << 4)
#define WR_FD_TELL (1ull << 5)
#define WR_FD_WRITE (1ull << 6)
#define WR_FD_ADVISE (1ull << 7)
#define WR_FD_ALLOCATE (1ull << 8)
#define WR_PATH_CREATE_DIRECTORY (1ull << 9)
#define WR_PATH_CREATE_FILE (1ull << 10)
#define WR_PATH_LINK_SOURCE (1ull << 11)
#define WR_PATH_LINK_TARGET (1ull << 12)
#define WR_PATH_OPEN (1ull << 13)
#define WR_FD_READDIR (1ull << 14)
#define WR_PATH_READLINK (1ull << 15)
#define WR_PATH_RENAME_SOURCE (1ull << 16)
#define WR_PATH_RENAME_TARGET (1ull << 17)
#define WR_PATH_FILESTAT_GET (1ull << 18)
#define WR_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define WR_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define WR_FD_FILESTAT_GET (1ull << 21)
#define WR_FD_FILESTAT_SET_SIZE (1ull << 22)
#define WR_FD_FILESTAT_SET_TIMES (1ull << 23)
#define WR_PATH_SYMLINK (1ull << 24)
#define WR_PATH_REMOVE_DIRECTORY (1ull << 25)
#define WR_PATH_UNLINK_FILE (1ull << 26)
#define WR_POLL_FD_READWRITE (1ull << 27)
#define WR_SOCK_SHUTDOWN (1ull << 28)
#define WR_SOCK_ACCEPT (1ull << 29)
#define WR_ALL ((1ull << 30) - 1)

/* What each kind of descriptor can ever hold. Directories hold no right that
 * implies opening for writing (FD_WRITE, FD_DATASYNC, FD_ALLOCATE,
 * FD_FILESTAT_SET_SIZE): path_open picks the host access mode from those. */
#define WR_DIR_BASE                                                                  \
  (WR_FD_FDSTAT_SET_FLAGS | WR_FD_SYNC | WR_FD_ADVISE | WR_PATH_CREATE_DIRECTORY |    \
   WR_PATH_CREATE_FILE | WR_PATH_LINK_SOURCE | WR_PATH_LINK_TARGET | WR_PATH_OPEN |   \
   WR_FD_READDIR | WR_PATH_READLINK | WR_PATH_RENAME_SOURCE | WR_PATH_RENAME_TARGET | \
   WR_PATH_FILESTAT_GET | WR_PATH_FILESTAT_SET_SIZE | WR_PATH_FILESTAT_SET_TIMES |    \
   WR_FD_FILESTAT_GET | WR_FD_FILESTAT_SET_TIMES | WR_PATH_SYMLINK |                  \
   WR_PATH_REMOVE_DIRECTORY | WR_PATH_UNLINK_FILE | WR_POLL_FD_READWRITE)
#define WR_FILE_BASE                                                                 \
  (WR_FD_DATASYNC | WR_FD_READ | WR_FD_SEEK | WR_FD_FDSTAT_SET_FLAGS | WR_FD_SYNC |   \
   WR_FD_TELL | WR_FD_WRITE | WR_FD_ADVISE | WR_FD_ALLOCATE | WR_FD_FILESTAT_GET |    \
   WR_FD_FILESTAT_SET_SIZE | WR_FD_FILESTAT_SET_TIMES | WR_POLL_FD_READWRITE)
#define WR_STREAM_BASE (WR_FILE_BASE & ~(WR_FD_SEEK | WR_FD_TELL))
#define WR_SOCK_BASE (WR_STREAM_BASE | WR_SOCK_SHUTDOWN | WR_SOCK_ACCEPT)
#define WR_DIR_INHERIT (WR_DIR_BASE | WR_FILE_BASE)
/* Rights whose presence makes path_open open the host file for writing. */
#define WR_WRITE_MODE (WR_FD_WRITE | WR_FD_DATASYNC | WR_FD_ALLOCATE | WR_FD_FILESTAT_SET_SIZE)

/* ---- enums and flags ---- */
enum {
  WFT_UNKNOWN = 0, WFT_BLOCK_DEVICE = 1, WFT_CHARACTER_DEVICE = 2, WFT_DIRECTORY = 3,
  WFT_REGULAR_FILE = 4, WFT_SOCKET_DGRAM = 5, WFT_SOCKET_STREAM = 6, WFT_SYMBOLIC_LINK = 7,
};
enum { WFD_APPEND = 1, WFD_DSYNC = 2, WFD_NONBLOCK = 4, WFD_RSYNC = 8, WFD_SYNC = 16 };
enum { WO_CREAT = 1, WO_DIRECTORY = 2, WO_EXCL = 4, WO_TRUNC = 8 };
enum { WL_SYMLINK_FOLLOW = 1 };
enum { WFST_ATIM = 1, WFST_ATIM_NOW = 2, WFST_MTIM = 4, WFST_MTIM_NOW = 8 };
enum { WWH_SET = 0, WWH_CUR = 1, WWH_END = 2 };
enum { WCLK_REALTIME = 0, WCLK_MONOTONIC = 1, WCLK_PROCESS = 2, WCLK_THREAD = 3 };
enum { WEV_CLOCK = 0, WEV_FD_READ = 1, WEV_FD_WRITE = 2 };
enum { WSUB_ABSTIME = 1 };
enum { WEVRW_HANGUP = 1 };

/* ---- struct layouts (byte offsets, little endian, 8-aligned) ---- */
#define W_FDSTAT_SIZE 24      /* filetype u8 @0, flags u16 @2, base u64 @8, inh u64 @16 */
#define W_FILESTAT_SIZE 64    /* dev @0 ino @8 filetype u8 @16 nlink @24 size @32 atim @40 mtim @48 ctim @56 */
#define W_DIRENT_SIZE 24      /* d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20 */
#define W_PRESTAT_SIZE 8      /* tag u8 @0, pr_name_len u32 @4 */
#define W_SUBSCRIPTION_SIZE 48 /* userdata @0, tag u8 @8, clock: id u32 @16 timeout @24 precision @32 flags u16 @40; fd u32 @16 */
#define W_EVENT_SIZE 32       /* userdata @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24 */
#define W_IOVEC_SIZE 8        /* buf u32 @0, buf_len u32 @4 */

/* ---- the context ---- */
struct wasi_fd {
  bool used;
  bool owned;                /* close `host` when the guest closes the fd */
  int host;
  uint8_t type;              /* WFT_* */
  uint16_t flags;            /* WFD_* */
  uint64_t base, inherit;    /* rights */
  char *preopen;             /* guest name of a preopened directory, else NULL */
  DIR *dir;                  /* fd_readdir stream (its own host fd), lazily opened */
  uint64_t dir_pos;          /* index of the entry dir will return next */
};

struct wasi_ctx {
  char **args;
  uint32_t nargs;
  RC_VEC(char *) env;
  struct wasi_fd *fds;
  uint32_t nfds;             /* entries allocated (used or not) */
  enum wasi_sandbox_mode mode;
  int openat2_state;         /* 0 unknown, 1 works, -1 unavailable */
};

/* ---- helpers (wasi.c) ---- */
uint16_t wasi_errno(int host_errno);                       /* host errno -> WE_* */
uint8_t wasi_filetype(mode_t mode);
/* The entry of guest fd `fd`, or NULL (EBADF). */
struct wasi_fd *wasi_fd_get(struct wasi_ctx *ctx, uint32_t fd);
/* Look up fd and check it holds all of `rights`: WE_SUCCESS, WE_BADF or WE_NOTCAPABLE. */
uint16_t wasi_fd_check(struct wasi_ctx *ctx, uint32_t fd, uint64_t rights, struct wasi_fd **out);
/* Install a host fd as the lowest free guest fd >= 3; returns the guest fd
 * number (the ctx takes ownership of host when owned is true). */
uint32_t wasi_fd_install(struct wasi_ctx *ctx, int host, bool owned, uint8_t type,
                         uint16_t flags, uint64_t base, uint64_t inherit);
/* Release the entry's resources (close host fd if owned, readdir stream). */
void wasi_fd_release(struct wasi_fd *e);
/* Fill the rights/type of an entry from fstat of its host fd. */
void wasi_fd_classify(struct wasi_fd *e, uint64_t want_base, uint64_t want_inherit);

/* Longest guest path or symlink target accepted (host paths are far shorter;
 * this only keeps guest-chosen lengths from driving host allocations). */
#define WASI_PATH_MAX 65536u

/* ---- path resolution confined to a preopen (wasi_sandbox.c) ---- */
struct wasi_path {
  int dirfd;                 /* host dir the final component is relative to */
  bool own;                  /* dirfd must be closed by wasi_path_release */
  char *base;                /* final component (no '/'); "." if the path names a directory itself */
  bool slash;                /* the guest path ended in '/' */
  char *base_slash;          /* base + "/" when slash (for the syscalls that honour it), else base */
};
/* Resolve `path` (len bytes, guest bytes) beneath the directory host fd
 * `root`. Every component but the last is resolved inside root; with
 * follow, a final symlink is expanded too (bounded), so base is then not a
 * symlink at the time of the check. Rejects absolute paths and escaping
 * symlinks (ENOTCAPABLE), ".." above root (ENOTCAPABLE), NUL bytes (EILSEQ),
 * the empty path (ENOENT). Returns WE_SUCCESS or an errno; on success
 * release with wasi_path_release. */
uint16_t wasi_path_resolve(struct wasi_ctx *ctx, int root, const char *path, size_t len,
                           bool follow, struct wasi_path *out);
void wasi_path_release(struct wasi_path *p);

/* ---- host functions, one per WASI import ---- */
#define WASI_FN(name) bool wasi_##name(struct hostcall *call, uint64_t *slots)
/* wasi.c */
WASI_FN(args_get); WASI_FN(args_sizes_get); WASI_FN(environ_get); WASI_FN(environ_sizes_get);
WASI_FN(proc_exit); WASI_FN(proc_raise); WASI_FN(sched_yield);
WASI_FN(sock_accept); WASI_FN(sock_recv); WASI_FN(sock_send); WASI_FN(sock_shutdown);
/* wasi_clock.c */
WASI_FN(clock_res_get); WASI_FN(clock_time_get); WASI_FN(random_get); WASI_FN(poll_oneoff);
/* wasi_fd.c */
WASI_FN(fd_advise); WASI_FN(fd_allocate); WASI_FN(fd_close); WASI_FN(fd_datasync);
WASI_FN(fd_fdstat_get); WASI_FN(fd_fdstat_set_flags); WASI_FN(fd_fdstat_set_rights);
WASI_FN(fd_filestat_get); WASI_FN(fd_filestat_set_size); WASI_FN(fd_filestat_set_times);
WASI_FN(fd_pread); WASI_FN(fd_prestat_get); WASI_FN(fd_prestat_dir_name); WASI_FN(fd_pwrite);
WASI_FN(fd_read); WASI_FN(fd_readdir); WASI_FN(fd_renumber); WASI_FN(fd_seek); WASI_FN(fd_sync);
WASI_FN(fd_tell); WASI_FN(fd_write);
/* wasi_path.c */
WASI_FN(path_create_directory); WASI_FN(path_filestat_get); WASI_FN(path_filestat_set_times);
WASI_FN(path_link); WASI_FN(path_open); WASI_FN(path_readlink); WASI_FN(path_remove_directory);
WASI_FN(path_rename); WASI_FN(path_symlink); WASI_FN(path_unlink_file);

/* Shared by fd_filestat_get and path_filestat_get. */
void wasi_store_filestat(uint8_t *p, const struct stat *st);
/* Validate fstflags and build the two timespecs for futimens/utimensat. */
struct timespec;
uint16_t wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]);

#endif
