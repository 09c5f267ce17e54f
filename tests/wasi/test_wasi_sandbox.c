/* The capability sandbox: a guest reaches only its preopened directory.
 * Every attack runs twice, once with openat2 (when the kernel has it) and
 * once with the runtime's own component-by-component walk. Layout:
 *   TMP/secret           a file outside the sandbox
 *   TMP/root/            the preopen (guest fd 3, "/")
 *   TMP/root/in.txt      a file inside
 *   TMP/root/sub/        a directory inside
 * plus host-made symlinks inside root pointing out of it. */
#include "wasi_harness.h"
#include "wasi/wasi_internal.h"

static const uint32_t ROOT = 3;

static bool exists(const char *rel) {
  struct stat st;
  return lstat(hp(rel), &st) == 0;
}

static void host_setup(void) {
  FILE *f = fopen(hp("secret"), "w");
  fputs("secret", f);
  fclose(f);
  mkdir(hp("root"), 0777);
  mkdir(hp("root/sub"), 0777);
  f = fopen(hp("root/in.txt"), "w");
  fputs("inside", f);
  fclose(f);
  CHECK(symlink("/etc", hp("root/etc_link")) == 0);           /* absolute, out */
  CHECK(symlink("/etc/passwd", hp("root/passwd_link")) == 0); /* absolute file, out */
  CHECK(symlink("../secret", hp("root/rel_out")) == 0);       /* relative, out */
  CHECK(symlink("../..", hp("root/sub/up2")) == 0);           /* relative dir, out */
  CHECK(symlink("..", hp("root/sub/up1")) == 0);              /* relative dir, still in */
  CHECK(symlink("../in.txt", hp("root/sub/in_link")) == 0);   /* relative file, in */
  CHECK(symlink(hp("root/in.txt"), hp("root/abs_in")) == 0);  /* absolute even if inside */
}

static void attacks(const char *mode) {
  fprintf(stderr, "sandbox mode: %s\n", mode);
  uint32_t fd;
  /* ".." above the root, directly and after descending. */
  CHECK_EQ_INT(h_open(ROOT, 0, "../secret", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "..", O_DIRECTORY_W, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/../../secret", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/../sub/../../root/in.txt", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P(".."), 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("sub/../.."), 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_set_times, ROOT, 0, P(".."), 0, 0, 2), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_create_directory, ROOT, P("../evil")), E_NOTCAPABLE);
  CHECK(!exists("evil"));
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("../secret")), E_NOTCAPABLE);
  CHECK(exists("secret"));
  CHECK_EQ_INT(W(path_rename, ROOT, P("in.txt"), ROOT, P2("../moved")), E_NOTCAPABLE);
  CHECK(!exists("moved") && exists("root/in.txt"));
  CHECK_EQ_INT(W(path_link, ROOT, 0, P("../secret"), ROOT, P2("stolen")), E_NOTCAPABLE);
  CHECK(!exists("root/stolen"));
  /* ".." that stays inside is fine. */
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/../in.txt", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("sub/.."), 0xC00), E_SUCCESS);

  /* Absolute paths. */
  CHECK_EQ_INT(h_open(ROOT, 0, "/etc/passwd", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "/", O_DIRECTORY_W, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("/in.txt"), 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_create_directory, ROOT, P("/tmp/evil")), E_NOTCAPABLE);

  /* NUL bytes anywhere in the path. */
  memcpy(G(PATH_AT), "in.txt", 7); /* trailing NUL included in the length */
  CHECK_EQ_INT(W(path_open, ROOT, 0, PATH_AT, 7, 0, R_FD_READ, 0, 0, OUT), E_ILSEQ);
  memcpy(G(PATH_AT), "in\0.txt", 7);
  CHECK_EQ_INT(W(path_open, ROOT, 0, PATH_AT, 7, 0, R_FD_READ, 0, 0, OUT), E_ILSEQ);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, PATH_AT, 7, 0xC00), E_ILSEQ);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, PATH_AT, 7), E_ILSEQ);

  /* Host-made symlink to /etc: final, mid-path, with and without follow. */
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "etc_link", O_DIRECTORY_W, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "etc_link/passwd", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "etc_link/passwd", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "etc_link/", O_DIRECTORY_W, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "passwd_link", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, FOLLOW, P("etc_link"), 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("etc_link/passwd"), 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("etc_link/"), 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_set_times, ROOT, FOLLOW, P("passwd_link"), 0, 0, 2), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_create_directory, ROOT, P("etc_link/evil")), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_link, ROOT, FOLLOW, P("passwd_link"), ROOT, P2("stolen")), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_readlink, ROOT, P("etc_link/passwd"), 0x900, 64, 0x810), E_NOTCAPABLE);
  /* Without follow the link itself is inside and visible as a link; opening
   * it without follow is ELOOP, not the target. */
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("etc_link"), 0xC00), E_SUCCESS);
  CHECK_EQ_INT(G(0xC00 + 16)[0], 7);
  CHECK_EQ_INT(h_open(ROOT, 0, "passwd_link", 0, R_FD_READ, NULL), E_LOOP);
  CHECK_EQ_INT(W(path_readlink, ROOT, P("etc_link"), 0x900, 64, 0x810), E_SUCCESS);
  /* An absolute symlink is refused even when it points inside. */
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "abs_in", 0, R_FD_READ, NULL), E_NOTCAPABLE);

  /* Relative symlinks escaping with "..". */
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "rel_out", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/up2/secret", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/up2/root/in.txt", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "sub/up2", O_DIRECTORY_W, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("sub/up1/../secret"), 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/up1/sub/up1/sub/up2/x", O_CREAT_W, R_FILE, NULL), E_NOTCAPABLE);
  CHECK(!exists("x"));
  /* ...but relative symlinks that stay inside work, mid-path and final. */
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/up1/in.txt", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "sub/in_link", 0, R_FD_READ, &fd), E_SUCCESS);
  st32(0x700, 0x900);
  st32(0x704, 6);
  CHECK_EQ_INT(W(fd_read, fd, 0x700, 1, 0x810), E_SUCCESS);
  CHECK(memcmp(G(0x900), "inside", 6) == 0);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "sub/up1", O_DIRECTORY_W, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);

  /* Guest-made symlinks: absolute targets are refused outright; a relative
   * escaping one may be created but never followed out. */
  CHECK_EQ_INT(W(path_symlink, P("/etc/passwd"), ROOT, P2("g_abs")), E_NOTCAPABLE);
  CHECK(!exists("root/g_abs"));
  CHECK_EQ_INT(W(path_symlink, P("/"), ROOT, P2("g_root")), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_symlink, P("../../../../../../etc/passwd"), ROOT, P2("g_rel")), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "g_rel", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, FOLLOW, P("g_rel"), 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("g_rel")), E_SUCCESS);
  CHECK_EQ_INT(W(path_symlink, P(".."), ROOT, P2("sub/g_up")), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/g_up/sub/g_up/../secret", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(ROOT, 0, "sub/g_up/in.txt", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("sub/g_up")), E_SUCCESS);
  /* Creating through a dangling escaping symlink creates nothing outside. */
  CHECK_EQ_INT(W(path_symlink, P("../created_outside"), ROOT, P2("g_dangle")), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "g_dangle", O_CREAT_W, R_FILE, NULL), E_NOTCAPABLE);
  CHECK(!exists("created_outside"));
  CHECK_EQ_INT(h_open(ROOT, 0, "g_dangle", O_CREAT_W, R_FILE, NULL), E_LOOP);
  CHECK(!exists("created_outside"));
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("g_dangle")), E_SUCCESS);

  /* Bad guest pointers. */
  CHECK_EQ_INT(W(path_open, ROOT, 0, MEM_SIZE - 3, 4, 0, R_FD_READ, 0, 0, OUT), E_FAULT);
  CHECK_EQ_INT(W(path_open, ROOT, 0, P("in.txt"), 0, R_FD_READ, 0, 0, MEM_SIZE - 2), E_FAULT);
  CHECK_EQ_INT(W(path_symlink, MEM_SIZE, 1, ROOT, P2("z")), E_FAULT);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, 0xFFFFFFF0u, 0x20), E_FAULT);
  memset(G(0x10000), 'a', 70000);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, 0x10000, 70000, 0xC00), E_NAMETOOLONG);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, 0x10000, 300, 0xC00), E_NAMETOOLONG); /* host limit */
  CHECK_EQ_INT(W(path_symlink, 0x10000, 70000, ROOT, P2("z")), E_NAMETOOLONG);
  /* Rights: a directory fd without PATH_OPEN cannot open anything. */
  CHECK_EQ_INT(h_open(ROOT, 0, "sub", O_DIRECTORY_W, R_FD_READDIR, &fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(fd, 0, "../in.txt", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  /* A directory opened below the root is itself a sandbox root: its ".."
   * is refused even though it is inside the preopen. */
  CHECK_EQ_INT(W(path_open, ROOT, 0, P("sub"), O_DIRECTORY_W, (1ull << 13) | (1ull << 14),
                 R_FD_READ, 0, OUT), E_SUCCESS);
  fd = ld32(OUT);
  CHECK_EQ_INT(h_open(fd, 0, "../in.txt", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(fd, 0, "up1/in.txt", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(h_open(fd, FOLLOW, "in_link", 0, R_FD_READ, NULL), E_NOTCAPABLE);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
}

int main(void) {
  h_mktmp();
  host_setup();
  struct rc_error err;
  for (int mode = 0; mode < 2; mode++) {
    h_init();
    rc_error_clear(&err);
    char spec[128];
    snprintf(spec, sizeof spec, "%s::/", hp("root"));
    CHECK(wasi_preopen(h_ctx, spec, &err));
    wasi_set_sandbox_mode(h_ctx, mode ? WASI_SANDBOX_WALK : WASI_SANDBOX_AUTO);
    attacks(mode ? "own walk" : "auto (openat2 if available)");
    fprintf(stderr, "  openat2 state: %s\n", h_ctx->openat2_state > 0 ? "used" :
            h_ctx->openat2_state < 0 ? "unavailable" : "not used");
    if (mode) CHECK_EQ_INT(h_ctx->openat2_state, 0);
    h_fini();
  }
  h_rmtmp();
  return TEST_DONE();
}
