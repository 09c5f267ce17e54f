/* WASI time and waiting: clock_res_get, clock_time_get (realtime,
 * monotonic, process and thread CPU time), random_get, and poll_oneoff
 * (clock subscriptions, relative or absolute, and fd read/write readiness). */
#define _GNU_SOURCE
#include "wasi/wasi_internal.h"
#include "wasi/wasi_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

static bool host_clock(uint32_t id, clockid_t *out) {
  switch (id) {
  case WCLK_REALTIME: *out = CLOCK_REALTIME; return true;
  case WCLK_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
  case WCLK_PROCESS: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
  case WCLK_THREAD: *out = CLOCK_THREAD_CPUTIME_ID; return true;
  default: return false;
  }
}

static uint64_t ts_ns(const struct timespec *ts) {
  return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

static uint64_t now_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return ts_ns(&ts);
}

WASI_FN(clock_res_get) {
  clockid_t c;
  if (!host_clock(ARG32(0), &c)) WRET(WE_INVAL);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(1), 8)) WRET(WE_FAULT);
  struct timespec ts;
  if (clock_getres(c, &ts) < 0) WRET(wasi_errno(errno));
  uint64_t ns = ts_ns(&ts);
  wm_st64(wm_ptr(&m, ARG32(1)), ns ? ns : 1);
  WRET(WE_SUCCESS);
}

WASI_FN(clock_time_get) {
  clockid_t c;
  if (!host_clock(ARG32(0), &c)) WRET(WE_INVAL);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, ARG32(2), 8)) WRET(WE_FAULT);
  struct timespec ts;
  if (clock_gettime(c, &ts) < 0) WRET(wasi_errno(errno));
  wm_st64(wm_ptr(&m, ARG32(2)), ts_ns(&ts));
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- random */

static bool fill_random(uint8_t *p, size_t n) {
  while (n > 0) {
#if defined(__linux__)
    ssize_t k = getrandom(p, n, 0);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0 && errno != ENOSYS) return false;
    if (k >= 0) {
      p += k;
      n -= (size_t)k;
      continue;
    }
#endif
    /* No getrandom: read the device. */
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    while (n > 0) {
      ssize_t r = read(fd, p, n);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        close(fd);
        return false;
      }
      p += r;
      n -= (size_t)r;
    }
    close(fd);
  }
  return true;
}

WASI_FN(random_get) {
  uint32_t buf = ARG32(0), len = ARG32(1);
  struct wmem m = wmem_of(call);
  if (!wm_ok(&m, buf, len)) WRET(WE_FAULT);
  if (!fill_random(wm_ptr(&m, buf), len)) WRET(WE_IO);
  WRET(WE_SUCCESS);
}

/* ---------------------------------------------------------------- poll_oneoff */

/* One subscription, decoded. */
struct sub {
  uint64_t userdata;
  uint8_t type;
  uint16_t error;      /* set: report at once with this error */
  uint64_t deadline;   /* clock: CLOCK_MONOTONIC nanoseconds */
  int pollix;          /* fd: index into the pollfd array, or -1 */
  struct wasi_fd *fd;
};

static void put_event(uint8_t *p, const struct sub *s, uint16_t error, uint64_t nbytes,
                      uint16_t flags) {
  memset(p, 0, W_EVENT_SIZE);
  wm_st64(p, s->userdata);
  wm_st16(p + 8, error);
  wm_st8(p + 10, s->type);
  wm_st64(p + 16, nbytes);
  wm_st16(p + 24, flags);
}

/* Bytes available to read from a ready fd: what is left of a regular file,
 * else what the kernel says is buffered (0 when unknown). */
static uint64_t avail_bytes(const struct wasi_fd *e) {
  if (e->type == WFT_REGULAR_FILE) {
    struct stat st;
    off_t pos = lseek(e->host, 0, SEEK_CUR);
    if (pos >= 0 && fstat(e->host, &st) == 0 && st.st_size > pos) return (uint64_t)(st.st_size - pos);
    return 0;
  }
  int n = 0;
  if (ioctl(e->host, FIONREAD, &n) == 0 && n > 0) return (uint64_t)n;
  return 0;
}

WASI_FN(poll_oneoff) {
  uint32_t in = ARG32(0), out = ARG32(1), nsubs = ARG32(2), nevents_ptr = ARG32(3);
  struct wmem m = wmem_of(call);
  if (nsubs == 0) WRET(WE_INVAL);
  if (!wm_ok(&m, in, (uint64_t)nsubs * W_SUBSCRIPTION_SIZE) ||
      !wm_ok(&m, out, (uint64_t)nsubs * W_EVENT_SIZE) || !wm_ok(&m, nevents_ptr, 4))
    WRET(WE_FAULT);

  /* nsubs is guest-chosen (bounded only by memory size): a failed
   * allocation is the guest's ENOMEM, never a host abort. */
  struct sub *subs = calloc(nsubs, sizeof *subs);
  struct pollfd *pfds = calloc(nsubs, sizeof *pfds);
  if (!subs || !pfds) {
    free(subs);
    free(pfds);
    WRET(WE_NOMEM);
  }
  nfds_t npfds = 0;
  bool immediate = false, have_clock = false;
  uint64_t earliest = UINT64_MAX;
  uint64_t mono_now = now_ns(CLOCK_MONOTONIC);
  for (uint32_t i = 0; i < nsubs; i++) {
    const uint8_t *p = wm_ptr(&m, in + i * W_SUBSCRIPTION_SIZE);
    struct sub *s = &subs[i];
    s->userdata = wm_ld64(p);
    s->type = p[8];
    s->pollix = -1;
    if (s->type == WEV_CLOCK) {
      uint32_t id = wm_ld32(p + 16);
      uint64_t timeout = wm_ld64(p + 24);
      uint16_t flags = wm_ld16(p + 40);
      clockid_t c;
      if (!host_clock(id, &c) || (flags & ~(uint16_t)WSUB_ABSTIME)) {
        s->error = WE_INVAL;
        immediate = true;
        continue;
      }
      /* Every deadline is waited for on the monotonic clock: a relative
       * timeout as is, an absolute one by its distance from that clock's now. */
      uint64_t rel = timeout;
      if (flags & WSUB_ABSTIME) {
        uint64_t cnow = now_ns(c);
        rel = timeout > cnow ? timeout - cnow : 0;
      }
      s->deadline = rel > UINT64_MAX - mono_now ? UINT64_MAX : mono_now + rel;
      have_clock = true;
      if (s->deadline < earliest) earliest = s->deadline;
    } else if (s->type == WEV_FD_READ || s->type == WEV_FD_WRITE) {
      uint32_t fd = wm_ld32(p + 16);
      struct wasi_fd *e = wasi_fd_get(WCTX, fd);
      if (!e) {
        s->error = WE_BADF;
        immediate = true;
        continue;
      }
      if (!(e->base & WR_POLL_FD_READWRITE) &&
          !(e->base & (s->type == WEV_FD_READ ? WR_FD_READ : WR_FD_WRITE))) {
        s->error = WE_NOTCAPABLE;
        immediate = true;
        continue;
      }
      s->fd = e;
      s->pollix = (int)npfds;
      pfds[npfds].fd = e->host;
      pfds[npfds].events = s->type == WEV_FD_READ ? POLLIN : POLLOUT;
      npfds++;
    } else {
      s->error = WE_INVAL;
      immediate = true;
    }
  }

  uint16_t result = WE_SUCCESS;
  uint32_t nev = 0;
  for (;;) {
    struct timespec tmo, *tp = NULL;
    if (immediate) {
      tmo.tv_sec = 0;
      tmo.tv_nsec = 0;
      tp = &tmo;
    } else if (have_clock) {
      uint64_t now = now_ns(CLOCK_MONOTONIC);
      uint64_t left = earliest > now ? earliest - now : 0;
      tmo.tv_sec = (time_t)(left / 1000000000ull);
      tmo.tv_nsec = (long)(left % 1000000000ull);
      tp = &tmo;
    }
    if (!tp && npfds == 0) break; /* nothing could ever fire */
    int rc = ppoll(npfds ? pfds : NULL, npfds, tp, NULL);
    if (rc < 0 && errno != EINTR) {
      result = wasi_errno(errno);
      break;
    }
    uint64_t now = now_ns(CLOCK_MONOTONIC);
    for (uint32_t i = 0; i < nsubs; i++) {
      struct sub *s = &subs[i];
      uint8_t *ev = wm_ptr(&m, out + nev * W_EVENT_SIZE);
      if (s->error) {
        put_event(ev, s, s->error, 0, 0);
        nev++;
      } else if (s->type == WEV_CLOCK) {
        if (s->deadline <= now) {
          put_event(ev, s, WE_SUCCESS, 0, 0);
          nev++;
        }
      } else if (s->pollix >= 0 && rc > 0) {
        short re = pfds[s->pollix].revents;
        if (!re) continue;
        uint16_t err = WE_SUCCESS, flags = 0;
        if (re & POLLNVAL) err = WE_BADF;
        else if ((re & POLLERR) && !(re & (POLLIN | POLLOUT))) err = WE_IO;
        if (re & POLLHUP) flags |= WEVRW_HANGUP;
        uint64_t nbytes = (s->type == WEV_FD_READ && !err) ? avail_bytes(s->fd) : 0;
        put_event(ev, s, err, nbytes, flags);
        nev++;
      }
    }
    if (nev > 0) break;
    /* Woken without an event (signal, or early timer): wait again. */
  }
  free(subs);
  free(pfds);
  if (result) WRET(result);
  wm_st32(wm_ptr(&m, nevents_ptr), nev);
  WRET(WE_SUCCESS);
}
