/* WASI without the file system: resolver and signatures, args and environ
 * round trips, clocks, random, poll_oneoff, proc_exit, sockets, EFAULT. */
#include "wasi_harness.h"

#include <sys/socket.h>

static void test_resolver(void) {
  struct wasi_import imp;
  CHECK(wasi_resolve_cstr(h_ctx, "fd_write", &imp));
  CHECK_EQ_INT(imp.nparams, 4);
  CHECK_EQ_INT(imp.nresults, 1);
  CHECK(imp.params[0] == VT_I32 && imp.results[0] == VT_I32);
  CHECK(imp.env == h_ctx);
  CHECK(wasi_resolve_cstr(h_ctx, "path_open", &imp));
  CHECK_EQ_INT(imp.nparams, 9);
  CHECK(imp.params[5] == VT_I64 && imp.params[6] == VT_I64 && imp.params[7] == VT_I32);
  CHECK(wasi_resolve_cstr(h_ctx, "proc_exit", &imp));
  CHECK_EQ_INT(imp.nresults, 0);
  CHECK(wasi_resolve_cstr(h_ctx, "sched_yield", &imp));
  CHECK_EQ_INT(imp.nparams, 0);
  CHECK(!wasi_resolve_cstr(h_ctx, "fd_writ", &imp));
  CHECK(!wasi_resolve_cstr(h_ctx, "fd_write_", &imp));
  struct name n = {(char *)"clock_time_get", 14};
  CHECK(wasi_resolve(h_ctx, &n, &imp));
  CHECK(imp.params[1] == VT_I64);
  struct name bad = {(char *)"clock_time_get\0x", 16};
  CHECK(!wasi_resolve(h_ctx, &bad, &imp));
}

static void test_args_env(void) {
  const char *argv[] = {"prog", "a b", "", "\xc3\xa7"};
  wasi_set_args(h_ctx, 4, argv);
  struct rc_error err;
  rc_error_clear(&err);
  CHECK(wasi_add_env(h_ctx, "A=1", &err));
  CHECK(wasi_add_env(h_ctx, "EMPTY=", &err));
  CHECK(!wasi_add_env(h_ctx, "NOEQUALS", &err));
  CHECK(err.kind == RC_ERR_USAGE);

  CHECK_EQ_INT(W(args_sizes_get, 0x100, 0x104), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x100), 4);
  CHECK_EQ_INT(ld32(0x104), 5 + 4 + 1 + 3);
  /* Unaligned pointers are fine. */
  CHECK_EQ_INT(W(args_get, 0x201, 0x301), E_SUCCESS);
  const char *want[] = {"prog", "a b", "", "\xc3\xa7"};
  for (int i = 0; i < 4; i++) {
    uint32_t p = ld32(0x201 + 4 * (uint32_t)i);
    CHECK(p >= 0x301 && p < 0x301 + 13);
    CHECK(strcmp((char *)G(p), want[i]) == 0);
  }
  CHECK_EQ_INT(W(environ_sizes_get, 0x100, 0x104), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x100), 2);
  CHECK_EQ_INT(ld32(0x104), 4 + 7);
  CHECK_EQ_INT(W(environ_get, 0x400, 0x500), E_SUCCESS);
  CHECK(strcmp((char *)G(ld32(0x400)), "A=1") == 0);
  CHECK(strcmp((char *)G(ld32(0x404)), "EMPTY=") == 0);

  /* Out of bounds: EFAULT, nothing written past the end. */
  CHECK_EQ_INT(W(args_get, MEM_SIZE - 8, 0x300), E_FAULT);
  CHECK_EQ_INT(W(args_get, 0x200, MEM_SIZE - 4), E_FAULT);
  CHECK_EQ_INT(W(args_sizes_get, MEM_SIZE - 2, 0x104), E_FAULT);
  CHECK_EQ_INT(W(environ_get, 0xFFFFFFFFu, 0), E_FAULT);
}

static void test_clocks_random(void) {
  for (uint32_t id = 0; id < 4; id++) {
    CHECK_EQ_INT(W(clock_res_get, id, 0x100), E_SUCCESS);
    CHECK(ld64(0x100) > 0);
    CHECK_EQ_INT(W(clock_time_get, id, 1, 0x108), E_SUCCESS);
  }
  CHECK_EQ_INT(W(clock_time_get, 1, 0, 0x100), E_SUCCESS);
  uint64_t a = ld64(0x100);
  CHECK_EQ_INT(W(clock_time_get, 1, 0, 0x100), E_SUCCESS);
  CHECK(ld64(0x100) >= a);
  CHECK_EQ_INT(W(clock_time_get, 0, 0, 0x100), E_SUCCESS);
  CHECK(ld64(0x100) > 1600000000ull * 1000000000ull); /* after 2020 */
  CHECK_EQ_INT(W(clock_time_get, 4, 0, 0x100), E_INVAL);
  CHECK_EQ_INT(W(clock_res_get, 99, 0x100), E_INVAL);
  CHECK_EQ_INT(W(clock_time_get, 1, 0, MEM_SIZE - 7), E_FAULT);

  memset(G(0x600), 0, 256);
  CHECK_EQ_INT(W(random_get, 0x600, 256), E_SUCCESS);
  int nz = 0;
  for (int i = 0; i < 256; i++) nz += G(0x600)[i] != 0;
  CHECK(nz > 200);
  CHECK_EQ_INT(W(random_get, 0x600, 0), E_SUCCESS);
  CHECK_EQ_INT(W(random_get, MEM_SIZE, 0), E_SUCCESS);
  CHECK_EQ_INT(W(random_get, MEM_SIZE - 10, 11), E_FAULT);
  CHECK_EQ_INT(W(random_get, 0, MEM_SIZE), E_SUCCESS); /* all of memory, big buffer */
  CHECK_EQ_INT(W0(sched_yield), E_SUCCESS);
}

/* Subscription layout: userdata @0, tag @8, clock id @16, timeout @24,
 * precision @32, flags @40; fd @16. Event: userdata @0, error u16 @8,
 * type u8 @10, nbytes @16, flags @24. */
static void sub_clock(uint32_t at, uint64_t ud, uint32_t id, uint64_t timeout, uint16_t flags) {
  memset(G(at), 0, 48);
  memcpy(G(at), &ud, 8);
  G(at)[8] = 0;
  memcpy(G(at + 16), &id, 4);
  memcpy(G(at + 24), &timeout, 8);
  memcpy(G(at + 40), &flags, 2);
}
static void sub_fd(uint32_t at, uint64_t ud, uint8_t type, uint32_t fd) {
  memset(G(at), 0, 48);
  memcpy(G(at), &ud, 8);
  G(at)[8] = type;
  memcpy(G(at + 16), &fd, 4);
}
static uint16_t ev_err(uint32_t at) {
  uint16_t e;
  memcpy(&e, G(at + 8), 2);
  return e;
}

static void test_poll(void) {
  const uint32_t in = 0x3000, out = 0x4000, nev = 0x5000;
  /* One relative clock of 5 ms. */
  sub_clock(in, 77, 1, 5000000, 0);
  CHECK_EQ_INT(W(clock_time_get, 1, 0, 0x100), E_SUCCESS);
  uint64_t t0 = ld64(0x100);
  CHECK_EQ_INT(W(poll_oneoff, in, out, 1, nev), E_SUCCESS);
  CHECK_EQ_INT(W(clock_time_get, 1, 0, 0x100), E_SUCCESS);
  CHECK(ld64(0x100) - t0 >= 5000000);
  CHECK_EQ_INT(ld32(nev), 1);
  CHECK_EQ_INT(ld64(out), 77);
  CHECK_EQ_INT(ev_err(out), 0);
  CHECK_EQ_INT(G(out)[10], 0);
  /* Absolute realtime deadline already passed: fires at once. */
  sub_clock(in, 5, 0, 1000, 1);
  CHECK_EQ_INT(W(poll_oneoff, in, out, 1, nev), E_SUCCESS);
  CHECK_EQ_INT(ld32(nev), 1);
  /* A pipe with data is readable before a long clock fires; a bad fd reports EBADF. */
  int pfd[2];
  CHECK(pipe(pfd) == 0);
  CHECK(write(pfd[1], "xyz", 3) == 3);
  wasi_set_stdio(h_ctx, pfd[0], pfd[1], 2);
  sub_fd(in, 1, 1, 0);
  sub_fd(in + 48, 2, 2, 1);
  sub_clock(in + 96, 3, 1, 10ull * 1000000000ull, 0);
  CHECK_EQ_INT(W(poll_oneoff, in, out, 3, nev), E_SUCCESS);
  CHECK_EQ_INT(ld32(nev), 2);
  for (uint32_t i = 0; i < ld32(nev); i++) {
    uint64_t ud = ld64(out + 32 * i);
    CHECK(ud == 1 || ud == 2);
    CHECK_EQ_INT(ev_err(out + 32 * i), 0);
    if (ud == 1) CHECK_EQ_INT(ld64(out + 32 * i + 16), 3);
  }
  sub_fd(in, 9, 1, 1234);
  CHECK_EQ_INT(W(poll_oneoff, in, out, 1, nev), E_SUCCESS);
  CHECK_EQ_INT(ld32(nev), 1);
  CHECK_EQ_INT(ev_err(out), E_BADF);
  /* Bad clock id reports EINVAL in the event. */
  sub_clock(in, 4, 42, 0, 0);
  CHECK_EQ_INT(W(poll_oneoff, in, out, 1, nev), E_SUCCESS);
  CHECK_EQ_INT(ev_err(out), E_INVAL);
  CHECK_EQ_INT(W(poll_oneoff, in, out, 0, nev), E_INVAL);
  CHECK_EQ_INT(W(poll_oneoff, MEM_SIZE - 40, out, 1, nev), E_FAULT);
  CHECK_EQ_INT(W(poll_oneoff, in, MEM_SIZE - 31, 1, nev), E_FAULT);

  /* fd_read / fd_write through the stdio pipe. */
  st32(0x700, 0x800);
  st32(0x704, 2);
  st32(0x708, 0x810);
  st32(0x70C, 10);
  CHECK_EQ_INT(W(fd_read, 0, 0x700, 2, 0x720), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x720), 3);
  CHECK(memcmp(G(0x800), "xy", 2) == 0 && G(0x810)[0] == 'z');
  put_str(0x900, "hello");
  st32(0x700, 0x900);
  st32(0x704, 5);
  CHECK_EQ_INT(W(fd_write, 1, 0x700, 1, 0x720), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x720), 5);
  char buf[8] = {0};
  CHECK(read(pfd[0], buf, 5) == 5 && memcmp(buf, "hello", 5) == 0);
  /* An iovec pointing outside memory is EFAULT. */
  st32(0x700, MEM_SIZE - 2);
  st32(0x704, 5);
  CHECK_EQ_INT(W(fd_write, 1, 0x700, 1, 0x720), E_FAULT);
  CHECK_EQ_INT(W(fd_write, 1, MEM_SIZE - 4, 1, 0x720), E_FAULT);
  /* Pipes are not seekable and not sockets. */
  CHECK_EQ_INT(W(fd_fdstat_get, 0, 0x100), E_SUCCESS);
  uint64_t rights = ld64(0x108);
  CHECK((rights & R_FD_SEEK) == 0);
  CHECK_EQ_INT(W(sock_shutdown, 1, 3), E_NOTSOCK);
  CHECK_EQ_INT(W(sock_shutdown, 99, 3), E_BADF);
  CHECK_EQ_INT(W(sock_recv, 0, 0x700, 1, 0, 0x100, 0x104), E_NOTSOCK);
  CHECK_EQ_INT(W(sock_send, 1, 0x700, 1, 0, 0x100), E_NOTSOCK);
  CHECK_EQ_INT(W(sock_accept, 1, 0, 0x100), E_NOTSOCK);
  wasi_set_stdio(h_ctx, 0, 1, 2);
  close(pfd[0]);
  close(pfd[1]);
}

/* Stdio handed in by the embedder: closed ones stay closed, the guest
 * closing or renumbering them never closes the host's fd, sockets work. */
static void test_stdio(void) {
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  wasi_set_stdio(h_ctx, -1, sv[0], 2);
  CHECK_EQ_INT(W(fd_fdstat_get, 0, 0x100), E_BADF);
  CHECK_EQ_INT(W(fd_fdstat_get, 1, 0x100), E_SUCCESS);
  CHECK_EQ_INT(G(0x100)[0], 6); /* socket_stream */
  /* Many iovecs (more than the on-stack batch) through sock_send. */
  for (uint32_t i = 0; i < 40; i++) {
    G(0x900 + i)[0] = (uint8_t)('a' + i % 26);
    st32(0x700 + 8 * i, 0x900 + i);
    st32(0x704 + 8 * i, 1);
  }
  CHECK_EQ_INT(W(sock_send, 1, 0x700, 40, 0, 0x100), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x100), 40);
  char buf[64];
  CHECK(read(sv[1], buf, sizeof buf) == 40);
  CHECK(buf[0] == 'a' && buf[39] == 'a' + 39 % 26);
  CHECK(write(sv[1], "ping", 4) == 4);
  st32(0x700, 0xA00);
  st32(0x704, 2);
  st32(0x708, 0xA10);
  st32(0x70C, 8);
  CHECK_EQ_INT(W(sock_recv, 1, 0x700, 2, 1 /* peek */, 0x100, 0x104), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x100), 4);
  CHECK_EQ_INT(W(sock_recv, 1, 0x700, 2, 0, 0x100, 0x104), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x100), 4);
  CHECK(memcmp(G(0xA00), "pi", 2) == 0 && memcmp(G(0xA10), "ng", 2) == 0);
  CHECK_EQ_INT(W(sock_recv, 1, 0x700, 2, 4, 0x100, 0x104), E_INVAL);
  CHECK_EQ_INT(W(sock_shutdown, 1, 2 /* wr */), E_SUCCESS);
  CHECK(read(sv[1], buf, sizeof buf) == 0); /* peer sees EOF */
  CHECK_EQ_INT(W(sock_shutdown, 1, 7), E_INVAL);
  CHECK_EQ_INT(W(sock_accept, 1, 0, 0x100), E_INVAL); /* not listening */
  /* The guest closes its fd 1: the host socket stays open. */
  CHECK_EQ_INT(W(fd_close, 1), E_SUCCESS);
  CHECK(fcntl(sv[0], F_GETFD) >= 0);
  CHECK_EQ_INT(W(fd_write, 1, 0x700, 1, 0x100), E_BADF);
  /* Renumbering stdio over another fd, then closing: host fd 2 survives. */
  int p2[2];
  CHECK(pipe(p2) == 0);
  wasi_set_stdio(h_ctx, p2[0], p2[1], 2);
  CHECK_EQ_INT(W(fd_renumber, 2, 1), E_SUCCESS);
  CHECK_EQ_INT(W(fd_fdstat_get, 2, 0x100), E_BADF);
  CHECK_EQ_INT(W(fd_close, 1), E_SUCCESS);
  CHECK(fcntl(2, F_GETFD) >= 0);
  CHECK(fcntl(p2[1], F_GETFD) >= 0);
  wasi_set_stdio(h_ctx, 0, 1, 2);
  close(sv[0]);
  close(sv[1]);
  close(p2[0]);
  close(p2[1]);
}

static void test_exit(void) {
  W(proc_exit, 7);
  CHECK(h_trapped);
  CHECK(h_err.kind == RC_ERR_EXIT);
  CHECK_EQ_INT(h_err.exit_code, 7);
  CHECK_EQ_INT(W(proc_raise, 0), E_SUCCESS);
  CHECK(!h_trapped);
  W(proc_raise, 15);
  CHECK(h_trapped && h_err.kind == RC_ERR_EXIT && h_err.exit_code == 128 + 15);
}

static void test_no_memory(void) {
  /* A caller without memory gets EFAULT for anything that touches it. */
  h_inst.nmems = 0;
  CHECK_EQ_INT(W(args_sizes_get, 0, 4), E_FAULT);
  CHECK_EQ_INT(W(fd_fdstat_get, 1, 0), E_FAULT);
  CHECK_EQ_INT(W(fd_close, 99), E_BADF);
  h_inst.nmems = 1;
}

int main(void) {
  h_init();
  test_resolver();
  test_args_env();
  test_clocks_random();
  test_poll();
  test_stdio();
  test_exit();
  test_no_memory();
  h_fini();
  return TEST_DONE();
}
