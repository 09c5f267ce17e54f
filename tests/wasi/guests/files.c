/* Files in the preopened /sandbox: create, write, read, seek, stat,
 * truncate, pread/pwrite, append, set times, and the usual open errors. */
#include "guest.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[200000];

static void show_size(const char *label, int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) printf("%s: fstat %s\n", label, ename(errno));
  else printf("%s: size=%lld\n", label, (long long)st.st_size);
}

int main(void) {
  const char *path = "/sandbox/f.txt";
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  report("create f.txt", fd);
  printf("write: %zd\n", write(fd, "hello, world\n", 13));
  report("close", close(fd));

  FILE *f = fopen(path, "r");
  char line[64] = {0};
  if (f && fgets(line, sizeof line, f)) printf("fgets: [%.*s]\n", (int)strcspn(line, "\n"), line);
  else printf("fgets failed: %s\n", ename(errno));
  if (f) fclose(f);

  fd = open(path, O_RDWR);
  report("open O_RDWR", fd);
  printf("lseek(7, SET)=%lld\n", (long long)lseek(fd, 7, SEEK_SET));
  memset(line, 0, sizeof line);
  printf("read 5: %zd [%s]\n", read(fd, line, 5), line);
  printf("lseek(0, CUR)=%lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("lseek(-6, END)=%lld\n", (long long)lseek(fd, -6, SEEK_END));
  printf("lseek(0, END)=%lld\n", (long long)lseek(fd, 0, SEEK_END));
  printf("read at EOF: %zd\n", read(fd, line, 5));
  int r = (int)lseek(fd, -100, SEEK_SET);
  printf("lseek(-100, SET): %s\n", r < 0 ? ename(errno) : "ok?!");

  /* Writing past the end leaves a hole that reads as zeros. */
  lseek(fd, 20, SEEK_SET);
  printf("write at 20: %zd\n", write(fd, "X", 1));
  show_size("after hole", fd);
  memset(line, 1, sizeof line);
  printf("pread hole: %zd", pread(fd, line, 8, 13));
  for (int i = 0; i < 8; i++) printf(" %d", line[i]);
  printf("\n");

  struct stat st, st2;
  report("fstat", fstat(fd, &st));
  check("S_ISREG", S_ISREG(st.st_mode));
  check("nlink == 1", st.st_nlink == 1);
  report("stat", stat(path, &st2));
  check("stat agrees with fstat (dev, ino, size)",
        st.st_dev == st2.st_dev && st.st_ino == st2.st_ino && st.st_size == st2.st_size);

  report("ftruncate(5)", ftruncate(fd, 5));
  show_size("after ftruncate(5)", fd);
  memset(line, 0, sizeof line);
  printf("pread: %zd [%s]\n", pread(fd, line, sizeof line - 1, 0), line);
  report("ftruncate(8)", ftruncate(fd, 8));
  printf("pread grown: %zd", pread(fd, line, 16, 0));
  for (int i = 5; i < 8; i++) printf(" %d", line[i]);
  printf("\n");
  printf("pwrite HE at 0: %zd\n", pwrite(fd, "HE", 2, 0));
  printf("lseek(0, CUR) unchanged by pread/pwrite=%lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  memset(line, 0, sizeof line);
  printf("pread 5: %zd [%s]\n", pread(fd, line, 5, 0), line);

  /* Timestamps: set exactly, read back. */
  struct timespec ts[2] = {{1000000000, 5}, {1234567890, 0}};
  report("futimens", futimens(fd, ts));
  fstat(fd, &st);
  printf("atime=%lld mtime=%lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
  report("close", close(fd));

  report("truncate(path, 3)", truncate(path, 3));
  stat(path, &st);
  printf("size after truncate(path, 3)=%lld\n", (long long)st.st_size);

  fd = open(path, O_WRONLY | O_APPEND);
  report("open O_APPEND", fd);
  lseek(fd, 0, SEEK_SET);
  printf("append write: %zd\n", write(fd, "!!", 2));
  show_size("after append", fd);
  close(fd);
  f = fopen(path, "r");
  memset(line, 0, sizeof line);
  if (f) { printf("content: %zu [%s]\n", fread(line, 1, sizeof line - 1, f), line); fclose(f); }

  /* A large write and read back (many iovecs through stdio). */
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (char)(i * 7 + i / 256);
  f = fopen("/sandbox/big.bin", "wb");
  printf("fwrite big: %zu\n", f ? fwrite(buf, 1, sizeof buf, f) : 0);
  if (f) fclose(f);
  memset(buf, 0, sizeof buf);
  fd = open("/sandbox/big.bin", O_RDONLY);
  size_t got = 0;
  ssize_t n;
  while ((n = read(fd, buf + got, 4096 + 3)) > 0) got += (size_t)n;
  close(fd);
  int same = got == sizeof buf;
  for (size_t i = 0; same && i < sizeof buf; i++) same = buf[i] == (char)(i * 7 + i / 256);
  printf("read big back: %zu bytes, %s\n", got, same ? "same" : "DIFFERENT");

  /* Errors. */
  report("open O_CREAT|O_EXCL existing", open(path, O_CREAT | O_EXCL | O_WRONLY, 0644));
  report("open missing", open("/sandbox/missing.txt", O_RDONLY));
  report("open missing/x", open("/sandbox/missing/x", O_RDONLY | O_CREAT, 0644));
  report("open f.txt/x (not a dir)", open("/sandbox/f.txt/x", O_RDONLY));
  report("open dir O_WRONLY", open("/sandbox", O_WRONLY));
  report("open f.txt O_DIRECTORY", open(path, O_RDONLY | O_DIRECTORY));
  report("read closed fd", (int)read(fd, line, 1));
  report("unlink f.txt", unlink(path));
  report("unlink big.bin", unlink("/sandbox/big.bin"));
  report("stat after unlink", stat(path, &st));
  return 0;
}
