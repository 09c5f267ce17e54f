/* The WASI context (configuration and fd table), the import resolver, and the
 * small functions that need no file system: args, environ, proc_exit,
 * proc_raise, sched_yield, and the sock_* calls. */
#define _GNU_SOURCE
#include "wasi/wasi_internal.h"
#include "wasi/wasi_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

extern char **environ;

/* ---------------------------------------------------------------- errno */

uint16_t wasi_errno(int e) {
  switch (e) {
  case 0: return WE_SUCCESS;
  case E2BIG: return WE_2BIG;
  case EACCES: return WE_ACCES;
  case EADDRINUSE: return WE_ADDRINUSE;
  case EADDRNOTAVAIL: return WE_ADDRNOTAVAIL;
  case EAFNOSUPPORT: return WE_AFNOSUPPORT;
  case EAGAIN: return WE_AGAIN;
  case EALREADY: return WE_ALREADY;
  case EBADF: return WE_BADF;
  case EBADMSG: return WE_BADMSG;
  case EBUSY: return WE_BUSY;
  case ECANCELED: return WE_CANCELED;
  case ECHILD: return WE_CHILD;
  case ECONNABORTED: return WE_CONNABORTED;
  case ECONNREFUSED: return WE_CONNREFUSED;
  case ECONNRESET: return WE_CONNRESET;
  case EDEADLK: return WE_DEADLK;
  case EDESTADDRREQ: return WE_DESTADDRREQ;
  case EDOM: return WE_DOM;
  case EDQUOT: return WE_DQUOT;
  case EEXIST: return WE_EXIST;
  case EFAULT: return WE_FAULT;
  case EFBIG: return WE_FBIG;
  case EHOSTUNREACH: return WE_HOSTUNREACH;
  case EIDRM: return WE_IDRM;
  case EILSEQ: return WE_ILSEQ;
  case EINPROGRESS: return WE_INPROGRESS;
  case EINTR: return WE_INTR;
  case EINVAL: return WE_INVAL;
  case EIO: return WE_IO;
  case EISCONN: return WE_ISCONN;
  case EISDIR: return WE_ISDIR;
  case ELOOP: return WE_LOOP;
  case EMFILE: return WE_MFILE;
  case EMLINK: return WE_MLINK;
  case EMSGSIZE: return WE_MSGSIZE;
  case EMULTIHOP: return WE_MULTIHOP;
  case ENAMETOOLONG: return WE_NAMETOOLONG;
  case ENETDOWN: return WE_NETDOWN;
  case ENETRESET: return WE_NETRESET;
  case ENETUNREACH: return WE_NETUNREACH;
  case ENFILE: return WE_NFILE;
  case ENOBUFS: return WE_NOBUFS;
  case ENODEV: return WE_NODEV;
  case ENOENT: return WE_NOENT;
  case ENOEXEC: return WE_NOEXEC;
  case ENOLCK: return WE_NOLCK;
  case ENOLINK: return WE_NOLINK;
  case ENOMEM: return WE_NOMEM;
  case ENOMSG: return WE_NOMSG;
  case ENOPROTOOPT: return WE_NOPROTOOPT;
  case ENOSPC: return WE_NOSPC;
  case ENOSYS: return WE_NOSYS;
  case ENOTCONN: return WE_NOTCONN;
  case ENOTDIR: return WE_NOTDIR;
  case ENOTEMPTY: return WE_NOTEMPTY;
  case ENOTRECOVERABLE: return WE_NOTRECOVERABLE;
  case ENOTSOCK: return WE_NOTSOCK;
#if defined(ENOTSUP) && defined(EOPNOTSUPP) && ENOTSUP != EOPNOTSUPP
  case EOPNOTSUPP: return WE_NOTSUP;
#endif
  case ENOTSUP: return WE_NOTSUP;
  case ENOTTY: return WE_NOTTY;
  case ENXIO: return WE_NXIO;
  case EOVERFLOW: return WE_OVERFLOW;
  case EOWNERDEAD: return WE_OWNERDEAD;
  case EPERM: return WE_PERM;
  case EPIPE: return WE_PIPE;
  case EPROTO: return WE_PROTO;
  case EPROTONOSUPPORT: return WE_PROTONOSUPPORT;
  case EPROTOTYPE: return WE_PROTOTYPE;
  case ERANGE: return WE_RANGE;
  case EROFS: return WE_ROFS;
  case ESPIPE: return WE_SPIPE;
  case ESRCH: return WE_SRCH;
  case ESTALE: return WE_STALE;
  case ETIMEDOUT: return WE_TIMEDOUT;
  case ETXTBSY: return WE_TXTBSY;
  case EXDEV: return WE_XDEV;
#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
  case EWOULDBLOCK: return WE_AGAIN;
#endif
  default: return WE_IO;
  }
}

uint8_t wasi_filetype(mode_t mode) {
  if (S_ISREG(mode)) return WFT_REGULAR_FILE;
  if (S_ISDIR(mode)) return WFT_DIRECTORY;
  if (S_ISCHR(mode)) return WFT_CHARACTER_DEVICE;
  if (S_ISBLK(mode)) return WFT_BLOCK_DEVICE;
  if (S_ISLNK(mode)) return WFT_SYMBOLIC_LINK;
  if (S_ISSOCK(mode)) return WFT_SOCKET_STREAM;
  return WFT_UNKNOWN; /* FIFOs and anything else */
}

/* ---------------------------------------------------------------- fd table */

struct wasi_fd *wasi_fd_get(struct wasi_ctx *ctx, uint32_t fd) {
  if (fd >= ctx->nfds || !ctx->fds[fd].used) return NULL;
  return &ctx->fds[fd];
}

uint16_t wasi_fd_check(struct wasi_ctx *ctx, uint32_t fd, uint64_t rights, struct wasi_fd **out) {
  struct wasi_fd *e = wasi_fd_get(ctx, fd);
  if (!e) return WE_BADF;
  if ((e->base & rights) != rights) return WE_NOTCAPABLE;
  *out = e;
  return WE_SUCCESS;
}

static struct wasi_fd *fd_slot(struct wasi_ctx *ctx, uint32_t fd) {
  if (fd >= ctx->nfds) {
    uint32_t n = ctx->nfds ? ctx->nfds : 8;
    while (n <= fd) n *= 2;
    ctx->fds = rc_realloc(ctx->fds, n * sizeof *ctx->fds);
    memset(ctx->fds + ctx->nfds, 0, (n - ctx->nfds) * sizeof *ctx->fds);
    for (uint32_t i = ctx->nfds; i < n; i++) ctx->fds[i].host = -1;
    ctx->nfds = n;
  }
  return &ctx->fds[fd];
}

uint32_t wasi_fd_install(struct wasi_ctx *ctx, int host, bool owned, uint8_t type,
                         uint16_t flags, uint64_t base, uint64_t inherit) {
  uint32_t fd = 3;
  while (fd < ctx->nfds && ctx->fds[fd].used) fd++;
  struct wasi_fd *e = fd_slot(ctx, fd);
  memset(e, 0, sizeof *e);
  e->used = true;
  e->owned = owned;
  e->host = host;
  e->type = type;
  e->flags = flags;
  e->base = base;
  e->inherit = inherit;
  return fd;
}

void wasi_fd_release(struct wasi_fd *e) {
  if (!e->used) return;
  if (e->dir) closedir(e->dir);
  if (e->owned && e->host >= 0) close(e->host);
  free(e->preopen);
  memset(e, 0, sizeof *e);
  e->host = -1;
}

/* Type and rights from what the host fd is. Regular files get file rights,
 * directories directory rights, streams (ttys, pipes, sockets) no seek/tell
 * (wasi-libc's isatty relies on that for character devices). */
void wasi_fd_classify(struct wasi_fd *e, uint64_t want_base, uint64_t want_inherit) {
  struct stat st;
  uint64_t base, inherit;
  e->type = fstat(e->host, &st) == 0 ? wasi_filetype(st.st_mode) : WFT_UNKNOWN;
  switch (e->type) {
  case WFT_DIRECTORY: base = WR_DIR_BASE; inherit = WR_DIR_INHERIT; break;
  case WFT_REGULAR_FILE:
  case WFT_BLOCK_DEVICE: base = WR_FILE_BASE; inherit = 0; break;
  case WFT_SOCKET_STREAM:
  case WFT_SOCKET_DGRAM: base = WR_SOCK_BASE; inherit = 0; break;
  default: base = WR_STREAM_BASE; inherit = 0; break;
  }
  e->base = base & want_base;
  e->inherit = inherit & want_inherit;
}

/* ---------------------------------------------------------------- context */

static void set_stdio(struct wasi_ctx *ctx, uint32_t fd, int host) {
  struct wasi_fd *e = fd_slot(ctx, fd);
  wasi_fd_release(e);
  if (host < 0 || fcntl(host, F_GETFD) < 0) return; /* closed on the host: closed for the guest */
  e->used = true;
  e->owned = false;
  e->host = host;
  wasi_fd_classify(e, WR_ALL, WR_ALL);
  int fl = fcntl(host, F_GETFL);
  e->flags = 0;
  if (fl >= 0) {
    if (fl & O_APPEND) e->flags |= WFD_APPEND;
    if (fl & O_NONBLOCK) e->flags |= WFD_NONBLOCK;
  }
}

struct wasi_ctx *wasi_ctx_new(void) {
  struct wasi_ctx *ctx = rc_calloc(1, sizeof *ctx);
  fd_slot(ctx, 7);
  for (uint32_t i = 0; i < 3; i++) set_stdio(ctx, i, (int)i);
  /* Diagnostic knob: run a whole program on the fallback path walk. */
  const char *sb = getenv("RECLAIM_WASI_SANDBOX");
  if (sb && strcmp(sb, "walk") == 0) ctx->mode = WASI_SANDBOX_WALK;
  return ctx;
}

void wasi_ctx_free(struct wasi_ctx *ctx) {
  if (!ctx) return;
  for (uint32_t i = 0; i < ctx->nargs; i++) free(ctx->args[i]);
  free(ctx->args);
  for (size_t i = 0; i < ctx->env.len; i++) free(ctx->env.data[i]);
  rc_vec_free(ctx->env);
  for (uint32_t i = 0; i < ctx->nfds; i++) wasi_fd_release(&ctx->fds[i]);
  free(ctx->fds);
  free(ctx);
}

void wasi_set_args(struct wasi_ctx *ctx, int argc, const char *const *argv) {
  for (uint32_t i = 0; i < ctx->nargs; i++) free(ctx->args[i]);
  free(ctx->args);
  ctx->nargs = argc > 0 ? (uint32_t)argc : 0;
  ctx->args = rc_calloc(ctx->nargs ? ctx->nargs : 1, sizeof(char *));
  for (uint32_t i = 0; i < ctx->nargs; i++) ctx->args[i] = rc_strdup(argv[i] ? argv[i] : "");
}

bool wasi_add_env(struct wasi_ctx *ctx, const char *kv, struct rc_error *err) {
  if (!kv || !strchr(kv, '=') || kv[0] == '=') /* an empty KEY is no variable a guest could look up */
    return rc_fail(err, RC_ERR_USAGE, RC_NO_OFFSET, "environment entry '%s' is not KEY=VALUE",
                   kv ? kv : "(null)");
  rc_vec_push(ctx->env, rc_strdup(kv));
  return true;
}

void wasi_inherit_env(struct wasi_ctx *ctx) {
  for (char **e = environ; e && *e; e++)
    if (strchr(*e, '=')) rc_vec_push(ctx->env, rc_strdup(*e));
}

bool wasi_preopen_dir(struct wasi_ctx *ctx, const char *host_path, const char *guest_path,
                      struct rc_error *err) {
  int fd = open(host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return rc_fail(err, RC_ERR_IO, RC_NO_OFFSET, "cannot preopen directory '%s': %s", host_path,
                   strerror(errno));
  uint32_t g = wasi_fd_install(ctx, fd, true, WFT_DIRECTORY, 0, WR_DIR_BASE, WR_DIR_INHERIT);
  ctx->fds[g].preopen = rc_strdup(guest_path ? guest_path : host_path);
  return true;
}

bool wasi_preopen(struct wasi_ctx *ctx, const char *spec, struct rc_error *err) {
  const char *sep = strstr(spec, "::");
  if (!sep) return wasi_preopen_dir(ctx, spec, spec, err);
  char *host = rc_strndup(spec, (size_t)(sep - spec));
  bool ok = wasi_preopen_dir(ctx, host, sep + 2, err);
  free(host);
  return ok;
}

void wasi_set_stdio(struct wasi_ctx *ctx, int in_fd, int out_fd, int err_fd) {
  set_stdio(ctx, 0, in_fd);
  set_stdio(ctx, 1, out_fd);
  set_stdio(ctx, 2, err_fd);
}

void wasi_set_sandbox_mode(struct wasi_ctx *ctx, enum wasi_sandbox_mode mode) { ctx->mode = mode; }

/* ---------------------------------------------------------------- args, environ */

/* args_get / environ_get: an array of n pointers at `ptrs`, the strings
 * (NUL-terminated) packed at `buf`. */
static uint16_t put_strings(struct hostcall *call, char **strs, uint32_t n, uint32_t ptrs,
                            uint32_t buf) {
  struct wmem m = wmem_of(call);
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; i++) total += strlen(strs[i]) + 1;
  if (!wm_ok(&m, ptrs, (uint64_t)n * 4) || !wm_ok(&m, buf, total)) return WE_FAULT;
  uint32_t at = buf;
  for (uint32_t i = 0; i < n; i++) {
    size_t len = strlen(strs[i]) + 1;
    wm_st32(wm_ptr(&m, ptrs + 4 * i), at);
    memcpy(wm_ptr(&m, at), strs[i], len);
    at += (uint32_t)len;
  }
  return WE_SUCCESS;
}

static uint16_t put_sizes(struct hostcall *call, char **strs, uint32_t n, uint32_t count_ptr,
                          uint32_t size_ptr) {
  struct wmem m = wmem_of(call);
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; i++) total += strlen(strs[i]) + 1;
  if (total > UINT32_MAX) return WE_OVERFLOW;
  if (!wm_ok(&m, count_ptr, 4) || !wm_ok(&m, size_ptr, 4)) return WE_FAULT;
  wm_st32(wm_ptr(&m, count_ptr), n);
  wm_st32(wm_ptr(&m, size_ptr), (uint32_t)total);
  return WE_SUCCESS;
}

WASI_FN(args_get) { WRET(put_strings(call, WCTX->args, WCTX->nargs, ARG32(0), ARG32(1))); }
WASI_FN(args_sizes_get) { WRET(put_sizes(call, WCTX->args, WCTX->nargs, ARG32(0), ARG32(1))); }
WASI_FN(environ_get) {
  WRET(put_strings(call, WCTX->env.data, (uint32_t)WCTX->env.len, ARG32(0), ARG32(1)));
}
WASI_FN(environ_sizes_get) {
  WRET(put_sizes(call, WCTX->env.data, (uint32_t)WCTX->env.len, ARG32(0), ARG32(1)));
}

/* ---------------------------------------------------------------- proc, sched */

WASI_FN(proc_exit) {
  uint32_t code = ARG32(0);
  rc_fail(call->err, RC_ERR_EXIT, RC_NO_OFFSET, "exit with code %u", code);
  if (call->err) call->err->exit_code = (int)code;
  return false;
}

/* Signals whose default action is to terminate end the guest like a host
 * process killed by that signal would (exit status 128 + signal); the ones
 * that are ignored or stop by default do nothing. */
WASI_FN(proc_raise) {
  uint32_t sig = ARG32(0);
  if (sig > 30) WRET(WE_INVAL);
  switch (sig) {
  case 0: case 16 /* chld */: case 17 /* cont */: case 18 /* stop */: case 19 /* tstp */:
  case 20 /* ttin */: case 21 /* ttou */: case 22 /* urg */: case 27 /* winch */:
    WRET(WE_SUCCESS);
  default:
    rc_fail(call->err, RC_ERR_EXIT, RC_NO_OFFSET, "guest raised signal %u", sig);
    if (call->err) call->err->exit_code = 128 + (int)sig;
    return false;
  }
}

WASI_FN(sched_yield) {
  sched_yield();
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- sockets */

/* A guest only ever holds sockets the embedder passed in as stdio; those
 * work (recv, send, shutdown, accept); everything else is ENOTSOCK/EBADF.
 * A socket without the right `need` is ENOTCAPABLE. */
static uint16_t sock_entry(struct wasi_ctx *ctx, uint32_t fd, uint64_t need, struct wasi_fd **out) {
  struct wasi_fd *e = wasi_fd_get(ctx, fd);
  if (!e) return WE_BADF;
  if (e->type != WFT_SOCKET_STREAM && e->type != WFT_SOCKET_DGRAM) return WE_NOTSOCK;
  if (!(e->base & need)) return WE_NOTCAPABLE;
  *out = e;
  return WE_SUCCESS;
}

/* recvmsg or sendmsg on a host socket through the guest's iovec list:
 * *done bytes moved, *msg_flags the flags recvmsg reports. */
static uint16_t sock_msg(const struct wmem *m, int host, uint32_t iovs, uint32_t niovs, bool sending, int flags,
                         size_t *done, int *msg_flags) {
  struct iovec small[16], *v;
  int n;
  uint16_t r = wasi_iovs(m, iovs, niovs, small, 16, &v, &n);
  if (r) return r;
  struct msghdr msg = {0};
  msg.msg_iov = v;
  msg.msg_iovlen = (size_t)n;
  ssize_t k = sending ? sendmsg(host, &msg, flags) : recvmsg(host, &msg, flags);
  int err = errno;
  if (v != small) free(v);
  if (k < 0) return wasi_errno(err);
  *done = (size_t)k;
  *msg_flags = msg.msg_flags;
  return WE_SUCCESS;
}

WASI_FN(sock_accept) {
  struct wasi_fd *e;
  uint16_t r = sock_entry(WCTX, ARG32(0), WR_SOCK_ACCEPT, &e);
  if (r) WRET(r);
  uint32_t flags = ARG32(1);
  if (flags & ~(uint32_t)WFD_NONBLOCK) WRET(WE_INVAL);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(2), 4)) WRET(WE_FAULT);
  int h = accept4(e->host, NULL, NULL, SOCK_CLOEXEC | ((flags & WFD_NONBLOCK) ? SOCK_NONBLOCK : 0));
  if (h < 0) WRET(wasi_errno(errno));
  uint32_t g = wasi_fd_install(WCTX, h, true, WFT_SOCKET_STREAM, (uint16_t)flags, 0, 0);
  wasi_fd_classify(&WCTX->fds[g], WR_ALL, WR_ALL);
  wm_st32(wm_ptr(&m, ARG32(2)), g);
  WRET(WE_SUCCESS);
}

WASI_FN(sock_recv) {
  struct wasi_fd *e;
  uint16_t r = sock_entry(WCTX, ARG32(0), WR_FD_READ, &e);
  if (r) WRET(r);
  uint32_t riflags = ARG32(3);
  if (riflags & ~3u) WRET(WE_INVAL);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(4), 4) || !wm_ok(&m, ARG32(5), 2)) WRET(WE_FAULT);
  int fl = ((riflags & 1) ? MSG_PEEK : 0) | ((riflags & 2) ? MSG_WAITALL : 0);
  size_t got;
  int msg_flags;
  if ((r = sock_msg(&m, e->host, ARG32(1), ARG32(2), false, fl, &got, &msg_flags))) WRET(r);
  wm_st32(wm_ptr(&m, ARG32(4)), (uint32_t)got);
  wm_st16(wm_ptr(&m, ARG32(5)), (msg_flags & MSG_TRUNC) ? 1 : 0);
  WRET(WE_SUCCESS);
}

WASI_FN(sock_send) {
  struct wasi_fd *e;
  uint16_t r = sock_entry(WCTX, ARG32(0), WR_FD_WRITE, &e);
  if (r) WRET(r);
  if (ARG32(3) != 0) WRET(WE_INVAL);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(4), 4)) WRET(WE_FAULT);
  size_t put;
  int msg_flags;
  if ((r = sock_msg(&m, e->host, ARG32(1), ARG32(2), true, MSG_NOSIGNAL, &put, &msg_flags))) WRET(r);
  wm_st32(wm_ptr(&m, ARG32(4)), (uint32_t)put);
  WRET(WE_SUCCESS);
}

WASI_FN(sock_shutdown) {
  struct wasi_fd *e;
  uint16_t r = sock_entry(WCTX, ARG32(0), WR_SOCK_SHUTDOWN, &e);
  if (r) WRET(r);
  uint32_t how = ARG32(1);
  int h;
  if (how == 1) h = SHUT_RD;
  else if (how == 2) h = SHUT_WR;
  else if (how == 3) h = SHUT_RDWR;
  else WRET(WE_INVAL);
  if (shutdown(e->host, h) < 0) WRET(wasi_errno(errno));
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- resolver */

#define I VT_I32
#define L VT_I64
struct wasi_entry {
  const char *name;
  rc_hostfn fn;
  uint32_t nparams, nresults;
  valtype params[9];
  valtype results[1];
};
#define E(n, np, nr, ...) {#n, wasi_##n, np, nr, __VA_ARGS__}
static const struct wasi_entry wasi_table[] = {
    E(args_get, 2, 1, {I, I}, {I}),
    E(args_sizes_get, 2, 1, {I, I}, {I}),
    E(environ_get, 2, 1, {I, I}, {I}),
    E(environ_sizes_get, 2, 1, {I, I}, {I}),
    E(clock_res_get, 2, 1, {I, I}, {I}),
    E(clock_time_get, 3, 1, {I, L, I}, {I}),
    E(fd_advise, 4, 1, {I, L, L, I}, {I}),
    E(fd_allocate, 3, 1, {I, L, L}, {I}),
    E(fd_close, 1, 1, {I}, {I}),
    E(fd_datasync, 1, 1, {I}, {I}),
    E(fd_fdstat_get, 2, 1, {I, I}, {I}),
    E(fd_fdstat_set_flags, 2, 1, {I, I}, {I}),
    E(fd_fdstat_set_rights, 3, 1, {I, L, L}, {I}),
    E(fd_filestat_get, 2, 1, {I, I}, {I}),
    E(fd_filestat_set_size, 2, 1, {I, L}, {I}),
    E(fd_filestat_set_times, 4, 1, {I, L, L, I}, {I}),
    E(fd_pread, 5, 1, {I, I, I, L, I}, {I}),
    E(fd_prestat_get, 2, 1, {I, I}, {I}),
    E(fd_prestat_dir_name, 3, 1, {I, I, I}, {I}),
    E(fd_pwrite, 5, 1, {I, I, I, L, I}, {I}),
    E(fd_read, 4, 1, {I, I, I, I}, {I}),
    E(fd_readdir, 5, 1, {I, I, I, L, I}, {I}),
    E(fd_renumber, 2, 1, {I, I}, {I}),
    E(fd_seek, 4, 1, {I, L, I, I}, {I}),
    E(fd_sync, 1, 1, {I}, {I}),
    E(fd_tell, 2, 1, {I, I}, {I}),
    E(fd_write, 4, 1, {I, I, I, I}, {I}),
    E(path_create_directory, 3, 1, {I, I, I}, {I}),
    E(path_filestat_get, 5, 1, {I, I, I, I, I}, {I}),
    E(path_filestat_set_times, 7, 1, {I, I, I, I, L, L, I}, {I}),
    E(path_link, 7, 1, {I, I, I, I, I, I, I}, {I}),
    E(path_open, 9, 1, {I, I, I, I, I, L, L, I, I}, {I}),
    E(path_readlink, 6, 1, {I, I, I, I, I, I}, {I}),
    E(path_remove_directory, 3, 1, {I, I, I}, {I}),
    E(path_rename, 6, 1, {I, I, I, I, I, I}, {I}),
    E(path_symlink, 5, 1, {I, I, I, I, I}, {I}),
    E(path_unlink_file, 3, 1, {I, I, I}, {I}),
    E(poll_oneoff, 4, 1, {I, I, I, I}, {I}),
    E(proc_exit, 1, 0, {I}, {0}),
    E(proc_raise, 1, 1, {I}, {I}),
    E(sched_yield, 0, 1, {0}, {I}),
    E(random_get, 2, 1, {I, I}, {I}),
    E(sock_accept, 3, 1, {I, I, I}, {I}),
    E(sock_recv, 6, 1, {I, I, I, I, I, I}, {I}),
    E(sock_send, 5, 1, {I, I, I, I, I}, {I}),
    E(sock_shutdown, 2, 1, {I, I}, {I}),
};
#undef E
#undef I
#undef L

static bool resolve_n(struct wasi_ctx *ctx, const char *name, size_t len, struct wasi_import *out) {
  for (size_t i = 0; i < RC_ARRAY_LEN(wasi_table); i++) {
    const struct wasi_entry *w = &wasi_table[i];
    if (strlen(w->name) == len && memcmp(w->name, name, len) == 0) {
      out->fn = w->fn;
      out->env = ctx;
      out->params = w->params;
      out->nparams = w->nparams;
      out->results = w->results;
      out->nresults = w->nresults;
      out->name = w->name;
      return true;
    }
  }
  return false;
}

bool wasi_resolve(struct wasi_ctx *ctx, const struct name *field, struct wasi_import *out) {
  return resolve_n(ctx, field->data, field->len, out);
}

bool wasi_resolve_cstr(struct wasi_ctx *ctx, const char *field, struct wasi_import *out) {
  return resolve_n(ctx, field, strlen(field), out);
}
