/* WASI file system calls inside a preopened scratch directory: preopen
 * queries, create/write/read/seek/tell/stat, positional I/O, rights,
 * flags, readdir with cookies, rename/unlink/rmdir, links, symlinks,
 * times, renumber. */
#include "wasi_harness.h"

static const uint32_t ROOT = 3;

static void test_preopen(void) {
  CHECK_EQ_INT(W(fd_prestat_get, ROOT, 0x100), E_SUCCESS);
  CHECK_EQ_INT(G(0x100)[0], 0);
  CHECK_EQ_INT(ld32(0x104), 8); /* "/sandbox" */
  CHECK_EQ_INT(W(fd_prestat_dir_name, ROOT, 0x200, 8), E_SUCCESS);
  CHECK(memcmp(G(0x200), "/sandbox", 8) == 0);
  CHECK_EQ_INT(W(fd_prestat_dir_name, ROOT, 0x200, 0), E_NAMETOOLONG);
  CHECK_EQ_INT(W(fd_prestat_dir_name, ROOT, MEM_SIZE - 4, 8), E_FAULT);
  CHECK_EQ_INT(W(fd_prestat_get, 4, 0x100), E_BADF);
  CHECK_EQ_INT(W(fd_prestat_get, 1, 0x100), E_BADF);
  CHECK_EQ_INT(W(fd_fdstat_get, ROOT, 0x100), E_SUCCESS);
  CHECK_EQ_INT(G(0x100)[0], 3); /* directory */
  uint64_t base = ld64(0x108);
  CHECK((base & R_FD_SEEK) == 0);
  CHECK((base & R_FD_READDIR) != 0);
  CHECK((base & R_FD_FILESTAT_SET_SIZE) == 0);
  /* Directory ops that make no sense on a directory. */
  st32(0x300, 0x400);
  st32(0x304, 16);
  CHECK(W(fd_read, ROOT, 0x300, 1, 0x310) != E_SUCCESS);
  CHECK(W(fd_write, ROOT, 0x300, 1, 0x310) != E_SUCCESS);
  CHECK(W(fd_seek, ROOT, 0, 0, 0x310) != E_SUCCESS);
  CHECK(W(fd_tell, ROOT, 0x310) != E_SUCCESS);
  /* Opening "." gives a new directory fd; read+write on a directory is EISDIR. */
  uint32_t fd;
  CHECK_EQ_INT(h_open(ROOT, 0, ".", O_DIRECTORY_W, R_FD_READ, &fd), E_SUCCESS);
  CHECK(fd > ROOT);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, 0, ".", O_DIRECTORY_W, R_FD_READ | R_FD_WRITE, NULL), E_ISDIR);
}

static void test_file_io(void) {
  uint32_t fd;
  CHECK_EQ_INT(h_open(ROOT, 0, "f.txt", O_CREAT_W, R_FILE, &fd), E_SUCCESS);
  CHECK_EQ_INT(fd, 4);
  CHECK_EQ_INT(h_open(ROOT, 0, "f.txt", O_CREAT_W | O_EXCL_W, R_FILE, NULL), E_EXIST);
  CHECK_EQ_INT(h_open(ROOT, 0, "missing", 0, R_FILE, NULL), E_NOENT);
  /* Two iovecs at unaligned places. */
  put_str(0x501, "hello ");
  put_str(0x603, "world");
  st32(0x701, 0x501);
  st32(0x705, 6);
  st32(0x709, 0x603);
  st32(0x70D, 5);
  CHECK_EQ_INT(W(fd_write, fd, 0x701, 2, 0x801), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x801), 11);
  CHECK_EQ_INT(W(fd_tell, fd, 0x803), E_SUCCESS);
  CHECK_EQ_INT(ld64(0x803), 11);
  CHECK_EQ_INT(W(fd_seek, fd, 0, 0, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld64(0x810), 0);
  memset(G(0x900), 0, 32);
  st32(0x700, 0x900);
  st32(0x704, 32);
  CHECK_EQ_INT(W(fd_read, fd, 0x700, 1, 0x820), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x820), 11);
  CHECK(memcmp(G(0x900), "hello world", 11) == 0);
  CHECK_EQ_INT(W(fd_seek, fd, (uint64_t)-5, 2, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld64(0x810), 6);
  CHECK_EQ_INT(W(fd_seek, fd, (uint64_t)-100, 1, 0x810), E_INVAL);
  CHECK_EQ_INT(W(fd_seek, fd, 0, 3, 0x810), E_INVAL);
  /* Positional I/O leaves the offset alone. */
  put_str(0xA00, "HELLO");
  st32(0x700, 0xA00);
  st32(0x704, 5);
  CHECK_EQ_INT(W(fd_pwrite, fd, 0x700, 1, 0, 0x820), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x820), 5);
  st32(0x700, 0xB00);
  st32(0x704, 11);
  CHECK_EQ_INT(W(fd_pread, fd, 0x700, 1, 0, 0x820), E_SUCCESS);
  CHECK(memcmp(G(0xB00), "HELLO world", 11) == 0);
  CHECK_EQ_INT(W(fd_tell, fd, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld64(0x810), 6);
  /* Stat, size, times. */
  CHECK_EQ_INT(W(fd_filestat_get, fd, 0xC00), E_SUCCESS);
  CHECK_EQ_INT(G(0xC00 + 16)[0], 4);
  CHECK_EQ_INT(ld64(0xC00 + 32), 11);
  CHECK_EQ_INT(ld64(0xC00 + 24), 1);
  CHECK_EQ_INT(W(fd_filestat_set_size, fd, 100), E_SUCCESS);
  CHECK_EQ_INT(W(fd_filestat_get, fd, 0xC00), E_SUCCESS);
  CHECK_EQ_INT(ld64(0xC00 + 32), 100);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("f.txt"), 0xD00), E_SUCCESS);
  CHECK(ld64(0xD00 + 8) == ld64(0xC00 + 8)); /* same inode */
  CHECK_EQ_INT(W(path_filestat_set_times, ROOT, 0, P("f.txt"), 0, 1000000000ull * 1234567 + 89, 4), E_SUCCESS);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("f.txt"), 0xD00), E_SUCCESS);
  CHECK_EQ_INT(ld64(0xD00 + 48), 1000000000ull * 1234567 + 89);
  CHECK_EQ_INT(W(path_filestat_set_times, ROOT, 0, P("f.txt"), 0, 0, 4 | 8), E_INVAL);
  CHECK_EQ_INT(W(fd_filestat_set_times, fd, 0, 0, 1 | 2), E_NOTCAPABLE); /* no right */
  CHECK_EQ_INT(W(fd_filestat_get, fd, MEM_SIZE - 63), E_FAULT);
  /* Advice and allocation. */
  CHECK_EQ_INT(W(fd_advise, fd, 0, 10, 0), 76); /* fd lacks FD_ADVISE */
  /* Rights: drop read, then reading fails; adding rights back fails. */
  CHECK_EQ_INT(W(fd_fdstat_get, fd, 0xE00), E_SUCCESS);
  CHECK_EQ_INT(G(0xE00)[0], 4);
  uint64_t rights = ld64(0xE08);
  CHECK_EQ_INT(rights, R_FILE);
  CHECK_EQ_INT(W(fd_fdstat_set_rights, fd, rights & ~R_FD_READ, 0), E_SUCCESS);
  st32(0x700, 0x900);
  st32(0x704, 4);
  CHECK_EQ_INT(W(fd_read, fd, 0x700, 1, 0x820), E_NOTCAPABLE);
  CHECK_EQ_INT(W(fd_fdstat_set_rights, fd, rights, 0), E_NOTCAPABLE);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_BADF);
  CHECK_EQ_INT(W(fd_write, fd, 0x700, 1, 0x820), E_BADF);

  /* Read-only open: writing is refused; truncation through path_open. */
  CHECK_EQ_INT(h_open(ROOT, 0, "f.txt", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_write, fd, 0x700, 1, 0x820), E_NOTCAPABLE);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, 0, "f.txt", O_TRUNC_W, R_FD_READ | R_FD_WRITE, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_filestat_get, fd, 0xC00), E_NOTCAPABLE);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("f.txt"), 0xD00), E_SUCCESS);
  CHECK_EQ_INT(ld64(0xD00 + 32), 0);

  /* Append flag: writes go to the end whatever the offset. */
  CHECK_EQ_INT(W(path_open, ROOT, 0, P("app.txt"), O_CREAT_W, R_FILE | (1ull << 3), 0, 1, OUT), E_SUCCESS);
  fd = ld32(OUT);
  put_str(0xA00, "abcd");
  st32(0x700, 0xA00);
  st32(0x704, 4);
  CHECK_EQ_INT(W(fd_write, fd, 0x700, 1, 0x820), E_SUCCESS);
  CHECK_EQ_INT(W(fd_seek, fd, 0, 0, 0x810), E_SUCCESS);
  CHECK_EQ_INT(W(fd_write, fd, 0x700, 1, 0x820), E_SUCCESS);
  CHECK_EQ_INT(W(fd_fdstat_get, fd, 0xE00), E_SUCCESS);
  CHECK_EQ_INT(G(0xE02)[0], 1);
  CHECK_EQ_INT(W(fd_fdstat_set_flags, fd, 0), E_SUCCESS);
  CHECK_EQ_INT(W(fd_seek, fd, 0, 0, 0x810), E_SUCCESS);
  CHECK_EQ_INT(W(fd_write, fd, 0x700, 1, 0x820), E_SUCCESS);
  CHECK_EQ_INT(W(fd_filestat_get, fd, 0xC00), E_SUCCESS);
  CHECK_EQ_INT(ld64(0xC00 + 32), 8);
  CHECK_EQ_INT(W(fd_fdstat_set_flags, fd, 16), 58); /* sync flags: ENOTSUP */
  /* Renumber: the target must be open; the source becomes free. */
  uint32_t fd2;
  CHECK_EQ_INT(h_open(ROOT, 0, "f.txt", 0, R_FD_READ, &fd2), E_SUCCESS);
  CHECK_EQ_INT(W(fd_renumber, fd, fd2), E_SUCCESS);
  CHECK_EQ_INT(W(fd_fdstat_get, fd, 0xE00), E_BADF);
  CHECK_EQ_INT(W(fd_filestat_get, fd2, 0xC00), E_SUCCESS);
  CHECK_EQ_INT(ld64(0xC00 + 32), 8); /* it is app.txt now */
  CHECK_EQ_INT(W(fd_renumber, fd2, 77), E_BADF);
  CHECK_EQ_INT(W(fd_close, fd2), E_SUCCESS);
}

/* Parse a readdir buffer into names (joined by ','), sorted by caller. */
static int parse_dirents(uint32_t buf, uint32_t used, char names[][32], uint64_t *nexts, int max) {
  int n = 0;
  uint32_t off = 0;
  while (off + 24 <= used && n < max) {
    uint32_t namlen = ld32(buf + off + 16);
    if (off + 24 + namlen > used) break;
    nexts[n] = ld64(buf + off);
    memcpy(names[n], G(buf + off + 24), namlen < 31 ? namlen : 31);
    names[n][namlen < 31 ? namlen : 31] = 0;
    n++;
    off += 24 + namlen;
  }
  return n;
}

static void test_readdir(void) {
  CHECK_EQ_INT(W(path_create_directory, ROOT, P("d")), E_SUCCESS);
  CHECK_EQ_INT(W(path_create_directory, ROOT, P("d")), E_EXIST);
  const char *files[] = {"d/a", "d/bb", "d/ccc"};
  for (int i = 0; i < 3; i++) {
    uint32_t fd;
    CHECK_EQ_INT(h_open(ROOT, 0, files[i], O_CREAT_W, R_FILE, &fd), E_SUCCESS);
    CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  }
  uint32_t dfd;
  CHECK_EQ_INT(h_open(ROOT, 0, "d", O_DIRECTORY_W, R_FD_READDIR | R_FD_FILESTAT_GET, &dfd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_filestat_get, dfd, 0xC00), E_SUCCESS);
  uint64_t dir_ino = ld64(0xC08);
  const uint32_t buf = 0x8000;
  CHECK_EQ_INT(W(fd_readdir, dfd, buf, 1024, 0, 0x810), E_SUCCESS);
  uint32_t used = ld32(0x810);
  CHECK(used < 1024);
  char names[16][32];
  uint64_t nexts[16];
  int n = parse_dirents(buf, used, names, nexts, 16);
  CHECK_EQ_INT(n, 5);
  int seen = 0;
  for (int i = 0; i < n; i++) {
    uint32_t at = 0, off = 0;
    for (int j = 0; j < i; j++) off += 24 + (uint32_t)strlen(names[j]);
    at = buf + off;
    if (!strcmp(names[i], ".")) {
      seen |= 1;
      CHECK_EQ_INT(G(at + 20)[0], 3);
      CHECK_EQ_INT(ld64(at + 8), dir_ino);
    } else if (!strcmp(names[i], "..")) {
      seen |= 2;
    } else if (!strcmp(names[i], "a")) {
      seen |= 4;
      CHECK_EQ_INT(G(at + 20)[0], 4);
      CHECK_EQ_INT(W(path_filestat_get, dfd, 0, P("a"), 0xC00), 76); /* dfd lacks PATH_FILESTAT_GET */
      CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("d/a"), 0xC00), E_SUCCESS);
      CHECK_EQ_INT(ld64(at + 8), ld64(0xC08));
    } else if (!strcmp(names[i], "bb")) {
      seen |= 8;
    } else if (!strcmp(names[i], "ccc")) {
      seen |= 16;
    }
    CHECK_EQ_INT(nexts[i], (uint64_t)i + 1);
  }
  CHECK_EQ_INT(seen, 31);
  /* Resume from a cookie. */
  CHECK_EQ_INT(W(fd_readdir, dfd, buf, 1024, 3, 0x810), E_SUCCESS);
  char names2[16][32];
  uint64_t nexts2[16];
  CHECK_EQ_INT(parse_dirents(buf, ld32(0x810), names2, nexts2, 16), 2);
  CHECK(strcmp(names2[0], names[3]) == 0 && strcmp(names2[1], names[4]) == 0);
  /* Past the end: empty. */
  CHECK_EQ_INT(W(fd_readdir, dfd, buf, 1024, 5, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x810), 0);
  CHECK_EQ_INT(W(fd_readdir, dfd, buf, 1024, 99, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x810), 0);
  /* A small buffer: entries truncated, buffer filled, all seen by cookies. */
  uint64_t cookie = 0;
  int total = 0;
  for (int iter = 0; iter < 50; iter++) {
    CHECK_EQ_INT(W(fd_readdir, dfd, buf, 40, cookie, 0x810), E_SUCCESS);
    uint32_t u = ld32(0x810);
    int k = parse_dirents(buf, u, names2, nexts2, 16);
    if (k == 0 && u == 40) {
      CHECK(0 && "buffer too small for one entry");
      break;
    }
    total += k;
    if (u < 40) break;
    cookie = nexts2[k - 1];
  }
  CHECK_EQ_INT(total, 5);
  /* Zero-size buffer, bad pointers. */
  CHECK_EQ_INT(W(fd_readdir, dfd, buf, 0, 0, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x810), 0);
  CHECK_EQ_INT(W(fd_readdir, dfd, MEM_SIZE - 10, 11, 0, 0x810), E_FAULT);
  /* readdir on a file: ENOTDIR (or no right). */
  uint32_t ffd;
  CHECK_EQ_INT(h_open(ROOT, 0, "d/a", 0, R_FD_READ | R_FD_READDIR, &ffd), E_SUCCESS);
  CHECK(W(fd_readdir, ffd, buf, 100, 0, 0x810) != E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, ffd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, dfd), E_SUCCESS);
}

static void test_rename_unlink(void) {
  CHECK_EQ_INT(W(path_rename, ROOT, P("d/a"), ROOT, P2("d/a2")), E_SUCCESS);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("d/a"), 0xC00), E_NOENT);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("d/a2"), 0xC00), E_SUCCESS);
  CHECK_EQ_INT(W(path_remove_directory, ROOT, P("d")), E_NOTEMPTY);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("d")), E_ISDIR);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("d/a2/")), E_NOTDIR);
  CHECK_EQ_INT(W(path_remove_directory, ROOT, P("d/a2")), E_NOTDIR);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("d/a2")), E_SUCCESS);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("d/a2")), E_NOENT);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("d/bb")), E_SUCCESS);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("d/ccc")), E_SUCCESS);
  /* Trailing slashes on directories are fine. */
  CHECK_EQ_INT(W(path_rename, ROOT, P("d/"), ROOT, P2("e/")), E_SUCCESS);
  CHECK_EQ_INT(W(path_remove_directory, ROOT, P("e/")), E_SUCCESS);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("e"), 0xC00), E_NOENT);
  /* Hard links and symlinks. */
  CHECK_EQ_INT(W(path_link, ROOT, 0, P("f.txt"), ROOT, P2("hard")), E_SUCCESS);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("hard"), 0xC00), E_SUCCESS);
  CHECK_EQ_INT(ld64(0xC00 + 24), 2);
  CHECK_EQ_INT(W(path_link, ROOT, 0, P("f.txt"), ROOT, P2("hard")), E_EXIST);
  CHECK_EQ_INT(W(path_link, ROOT, 0, P("f.txt"), ROOT, P2("nope/")), E_NOENT);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("hard")), E_SUCCESS);
  CHECK_EQ_INT(W(path_symlink, P("f.txt"), ROOT, P2("sym")), E_SUCCESS);
  CHECK_EQ_INT(W(path_readlink, ROOT, P("sym"), 0x900, 64, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x810), 5);
  CHECK(memcmp(G(0x900), "f.txt", 5) == 0);
  CHECK_EQ_INT(W(path_readlink, ROOT, P("sym"), 0x900, 3, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x810), 3);
  CHECK_EQ_INT(W(path_readlink, ROOT, P("f.txt"), 0x900, 64, 0x810), E_INVAL);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, 0, P("sym"), 0xC00), E_SUCCESS);
  CHECK_EQ_INT(G(0xC00 + 16)[0], 7);
  CHECK_EQ_INT(W(path_filestat_get, ROOT, FOLLOW, P("sym"), 0xC00), E_SUCCESS);
  CHECK_EQ_INT(G(0xC00 + 16)[0], 4);
  CHECK_EQ_INT(h_open(ROOT, 0, "sym", 0, R_FD_READ, NULL), E_LOOP);
  uint32_t fd;
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "sym", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(W(path_symlink, P("x"), ROOT, P2("sym")), E_EXIST);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("sym")), E_SUCCESS);
  /* Creating a file through a dangling symlink (followed) lands inside. */
  CHECK_EQ_INT(W(path_symlink, P("target"), ROOT, P2("dangle")), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "dangle", O_CREAT_W, R_FILE, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  struct stat st;
  CHECK(stat(hp("target"), &st) == 0);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("dangle")), E_SUCCESS);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("target")), E_SUCCESS);
  /* Symlink loop. */
  CHECK_EQ_INT(W(path_symlink, P("loop"), ROOT, P2("loop")), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, FOLLOW, "loop", 0, R_FD_READ, NULL), E_LOOP);
  CHECK_EQ_INT(h_open(ROOT, 0, "loop/x", 0, R_FD_READ, NULL), E_LOOP);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("loop")), E_SUCCESS);
  /* Interesting but legal paths. */
  CHECK_EQ_INT(W(path_create_directory, ROOT, P("x")), E_SUCCESS);
  CHECK_EQ_INT(W(path_create_directory, ROOT, P("x/y")), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, 0, "x/y/f", O_CREAT_W, R_FILE, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, 0, "x/.//y/../../x/y/../y///./f", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, 0, "x/y/f/", 0, R_FD_READ, NULL), E_NOTDIR);
  CHECK_EQ_INT(h_open(ROOT, 0, "x/y///", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(ROOT, 0, "", 0, R_FD_READ, NULL), E_NOENT);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("x/y/f")), E_SUCCESS);
  CHECK_EQ_INT(W(path_remove_directory, ROOT, P("x/y")), E_SUCCESS);
  CHECK_EQ_INT(W(path_remove_directory, ROOT, P("x")), E_SUCCESS);
  /* Opening a FIFO without a writer does not hang; reads then see EOF. */
  CHECK(mkfifo(hp("fifo"), 0666) == 0);
  CHECK_EQ_INT(h_open(ROOT, 0, "fifo", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_fdstat_get, fd, 0x100), E_SUCCESS);
  CHECK_EQ_INT(G(0x100)[0], 0);              /* unknown: not a file */
  CHECK_EQ_INT(ld64(0x108) & R_FD_SEEK, 0);  /* streams do not seek */
  st32(0x700, 0x900);
  st32(0x704, 4);
  CHECK_EQ_INT(W(fd_read, fd, 0x700, 1, 0x810), E_SUCCESS);
  CHECK_EQ_INT(ld32(0x810), 0);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  CHECK_EQ_INT(W(path_unlink_file, ROOT, P("fifo")), E_SUCCESS);
  /* A file fd is not a directory. */
  CHECK_EQ_INT(h_open(ROOT, 0, "f.txt", 0, R_FD_READ, &fd), E_SUCCESS);
  CHECK_EQ_INT(h_open(fd, 0, "foo", O_CREAT_W, 0, NULL), E_NOTDIR);
  CHECK_EQ_INT(W(fd_close, fd), E_SUCCESS);
  /* Closing a preopen works; it is then gone. */
  CHECK_EQ_INT(h_open(ROOT, 0, ".", O_DIRECTORY_W, R_FD_READDIR, &fd), E_SUCCESS);
  CHECK_EQ_INT(W(fd_renumber, fd, ROOT), E_SUCCESS);
  CHECK_EQ_INT(W(fd_prestat_get, ROOT, 0x100), E_BADF); /* no longer a preopen */
  CHECK_EQ_INT(W(fd_close, ROOT), E_SUCCESS);
  CHECK_EQ_INT(W(fd_fdstat_get, ROOT, 0x100), E_BADF);
}

int main(void) {
  h_mktmp();
  h_init();
  struct rc_error err;
  rc_error_clear(&err);
  char spec[128];
  snprintf(spec, sizeof spec, "%s::/sandbox", h_tmp);
  CHECK(wasi_preopen(h_ctx, spec, &err));
  CHECK(!wasi_preopen(h_ctx, "/nonexistent/dir/x", &err));
  CHECK(err.kind == RC_ERR_IO);
  test_preopen();
  test_file_io();
  test_readdir();
  test_rename_unlink();
  h_fini();
  h_rmtmp();
  return TEST_DONE();
}
