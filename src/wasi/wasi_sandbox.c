/* Path resolution confined to a preopened directory (the capability
 * sandbox). A guest path is split into a parent directory and a final
 * component; the parent is opened beneath the preopen's host fd and the
 * final component is then used with the *at() system calls, never followed
 * by the kernel unless it was first checked here.
 *
 * The parent is opened with Linux openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS) when the kernel has it (checked on first use), and
 * otherwise by our own walk: split on '/', open each component with
 * O_NOFOLLOW relative to the previous one, keep the opened directories on a
 * stack so ".." pops physically (and fails at the root instead of leaving
 * it), and splice symlink targets into the rest of the path, refusing
 * absolute targets and counting expansions (ELOOP after MAX_SYMLINKS).
 *
 * Errors: absolute path or escaping symlink or ".." above the root ->
 * ENOTCAPABLE; NUL byte in the path -> EILSEQ; empty path -> ENOENT. */
#define _GNU_SOURCE
#include "wasi/wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/syscall.h>
#if defined(SYS_openat2) && defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2 1
#endif
#endif
#endif

#define MAX_SYMLINKS 40

#ifdef O_PATH
#define DIR_OPEN_FLAGS (O_PATH | O_DIRECTORY | O_CLOEXEC)
#else
#define DIR_OPEN_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)
#endif

/* The target of symlink (dirfd, name) as a new string, or NULL with errno
 * set (EINVAL when it is not a symlink). */
static char *read_link(int dirfd, const char *name) {
  for (size_t cap = 256; cap <= (1u << 20); cap *= 2) {
    char *buf = rc_malloc(cap);
    ssize_t n = readlinkat(dirfd, name, buf, cap);
    if (n < 0) {
      int e = errno;
      free(buf);
      errno = e;
      return NULL;
    }
    if ((size_t)n < cap) {
      buf[n] = 0;
      return buf;
    }
    free(buf);
  }
  errno = ENAMETOOLONG;
  return NULL;
}

/* a + "/" + b (a may be empty: then just b). */
static char *join(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *s = rc_malloc(la + lb + 2);
  if (la) {
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
  } else {
    memcpy(s, b, lb + 1);
  }
  return s;
}

/* Our own walk: open directory `path` beneath root (see the file comment). */
static uint16_t walk_dir(int root, const char *path, int *links, int *out_fd, bool *own) {
  RC_VEC(int) stack = {0}; /* opened directories below root; top = current */
  char *rest = rc_strdup(path);
  size_t pos = 0;
  uint16_t r = WE_SUCCESS;
  for (;;) {
    while (rest[pos] == '/') pos++;
    if (!rest[pos]) break;
    size_t start = pos;
    while (rest[pos] && rest[pos] != '/') pos++;
    char save = rest[pos];
    rest[pos] = 0;
    const char *comp = rest + start;
    int top = stack.len ? stack.data[stack.len - 1] : root;
    if (strcmp(comp, ".") == 0) {
      rest[pos] = save;
      continue;
    }
    if (strcmp(comp, "..") == 0) {
      if (!stack.len) {
        r = WE_NOTCAPABLE;
        break;
      }
      close(stack.data[--stack.len]);
      rest[pos] = save;
      continue;
    }
    int fd = openat(top, comp, DIR_OPEN_FLAGS | O_NOFOLLOW);
    if (fd >= 0) {
      rc_vec_push(stack, fd);
      rest[pos] = save;
      continue;
    }
    int e = errno;
    if (e == ENOTDIR || e == ELOOP) {
      char *target = read_link(top, comp);
      if (target) {
        if (++*links > MAX_SYMLINKS) r = WE_LOOP;
        else if (target[0] == '/') r = WE_NOTCAPABLE;
        else if (!target[0]) r = WE_NOENT;
        if (r) {
          free(target);
          break;
        }
        rest[pos] = save;
        char *n = join(target, rest + pos);
        free(target);
        free(rest);
        rest = n;
        pos = 0;
        continue;
      }
    }
    r = wasi_errno(e);
    break;
  }
  free(rest);
  if (r == WE_SUCCESS && stack.len) {
    *out_fd = stack.data[--stack.len];
    *own = true;
  } else if (r == WE_SUCCESS) {
    *out_fd = root;
    *own = false;
  }
  for (size_t i = 0; i < stack.len; i++) close(stack.data[i]);
  rc_vec_free(stack);
  return r;
}

#ifdef HAVE_OPENAT2
#define OPENAT2_FALLBACK 0xFFFF
static uint16_t try_openat2(struct wasi_ctx *ctx, int root, const char *path, int *out) {
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = DIR_OPEN_FLAGS;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int tries = 0; tries < 16; tries++) {
    long fd = syscall(SYS_openat2, root, path, &how, sizeof how);
    if (fd >= 0) {
      ctx->openat2_state = 1;
      *out = (int)fd;
      return WE_SUCCESS;
    }
    switch (errno) {
    case EAGAIN: continue; /* a concurrent rename; retry */
    case ENOSYS:
    case E2BIG:
      ctx->openat2_state = -1;
      return OPENAT2_FALLBACK;
    case EPERM:
      /* Seccomp filters answer EPERM for unknown syscalls; openat2 itself
       * never does for a directory lookup, so trust it only once seen working. */
      if (ctx->openat2_state != 1) {
        ctx->openat2_state = -1;
        return OPENAT2_FALLBACK;
      }
      return WE_PERM;
    case EXDEV: return WE_NOTCAPABLE; /* would leave the root */
    default: return wasi_errno(errno);
    }
  }
  return OPENAT2_FALLBACK;
}
#endif

/* Open the directory at relative `path` beneath root. */
static uint16_t open_dir(struct wasi_ctx *ctx, int root, const char *path, int *links, int *out_fd,
                         bool *own) {
  const char *p = path;
  while (*p == '/' || (p[0] == '.' && (p[1] == '/' || p[1] == 0))) p++;
  if (!*p) {
    *out_fd = root;
    *own = false;
    return WE_SUCCESS;
  }
#ifdef HAVE_OPENAT2
  if (ctx->mode == WASI_SANDBOX_AUTO && ctx->openat2_state >= 0) {
    uint16_t r = try_openat2(ctx, root, path, out_fd);
    if (r != OPENAT2_FALLBACK) {
      *own = (r == WE_SUCCESS);
      return r;
    }
  }
#endif
  return walk_dir(root, path, links, out_fd, own);
}

uint16_t wasi_path_resolve(struct wasi_ctx *ctx, int root, const char *path, size_t len,
                           bool follow, struct wasi_path *out) {
  memset(out, 0, sizeof *out);
  out->dirfd = -1;
  if (len == 0) return WE_NOENT;
  if (len > WASI_PATH_MAX) return WE_NAMETOOLONG;
  if (memchr(path, 0, len)) return WE_ILSEQ;
  if (path[0] == '/') return WE_NOTCAPABLE;
  char *cur = rc_strndup(path, len);
  int links = 0;
  uint16_t r = WE_SUCCESS;
  for (;;) {
    size_t n = strlen(cur);
    while (n > 0 && cur[n - 1] == '/') {
      cur[--n] = 0;
      out->slash = true;
    }
    /* cur is non-empty: it never starts with '/' (absolute paths and
     * targets are refused), so stripping leaves at least one byte. */
    char *last = strrchr(cur, '/');
    const char *base = last ? last + 1 : cur;
    int dirfd;
    bool own;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
      /* The path names a directory itself: open it (checking it stays
       * inside) and let the operation act on "." of it. */
      r = open_dir(ctx, root, cur, &links, &dirfd, &own);
      if (r) break;
      out->dirfd = dirfd;
      out->own = own;
      out->base = rc_strdup(".");
      break;
    }
    const char *dirname = "";
    if (last) {
      *last = 0;
      dirname = cur;
    }
    r = open_dir(ctx, root, dirname, &links, &dirfd, &own);
    if (r) break;
    if (follow) {
      char *target = read_link(dirfd, base);
      if (target) {
        if (own) close(dirfd);
        if (++links > MAX_SYMLINKS) r = WE_LOOP;
        else if (target[0] == '/') r = WE_NOTCAPABLE;
        else if (!target[0]) r = WE_NOENT;
        if (r) {
          free(target);
          break;
        }
        char *next = join(dirname, target);
        free(target);
        free(cur);
        cur = next;
        continue;
      }
    }
    out->dirfd = dirfd;
    out->own = own;
    out->base = rc_strdup(base);
    break;
  }
  free(cur);
  if (r) return r;
  if (out->slash && strcmp(out->base, ".") != 0) {
    out->base_slash = join(out->base, "");
  } else {
    out->base_slash = rc_strdup(out->base);
  }
  return WE_SUCCESS;
}

void wasi_path_release(struct wasi_path *p) {
  if (p->own && p->dirfd >= 0) close(p->dirfd);
  free(p->base);
  free(p->base_slash);
  memset(p, 0, sizeof *p);
  p->dirfd = -1;
}
