/* Directories in the preopened /sandbox: mkdir, readdir, rename, unlink,
 * rmdir, stat types, chdir (wasi-libc's emulated cwd), and their errors. */
#include "guest.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Prints the sorted entries of dir (without "." and ".."), with their type. */
static void list(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) { printf("opendir %s: %s\n", dir, ename(errno)); return; }
  char *names[64];
  int n = 0, dots = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < 64) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) { dots++; continue; }
    const char *t = e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "file"
                  : e->d_type == DT_LNK ? "link" : "other";
    size_t len = strlen(e->d_name) + strlen(t) + 2;
    names[n] = malloc(len);
    snprintf(names[n], len, "%s:%s", e->d_name, t);
    n++;
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmp);
  printf("ls %s (%d):", dir, n);
  for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
  printf("\n");
}

static void touch(const char *path, const char *text) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) { printf("create %s: %s\n", path, ename(errno)); return; }
  if (write(fd, text, strlen(text)) < 0) printf("write %s: %s\n", path, ename(errno));
  close(fd);
}

static void kind(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) { printf("stat %s: %s\n", path, ename(errno)); return; }
  printf("stat %s: %s size=%lld\n", path, S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other",
         S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
}

int main(void) {
  list("/sandbox");
  report("mkdir d", mkdir("/sandbox/d", 0755));
  report("mkdir d again", mkdir("/sandbox/d", 0755));
  report("mkdir missing/x", mkdir("/sandbox/missing/x", 0755));
  touch("/sandbox/d/b", "bee");
  touch("/sandbox/d/a", "a");
  touch("/sandbox/d/c", "sea!");
  report("mkdir d/sub", mkdir("/sandbox/d/sub", 0755));
  report("mkdir d/sub/deeper/ (trailing slash)", mkdir("/sandbox/d/sub/deeper/", 0755));
  list("/sandbox/d");
  kind("/sandbox/d");
  kind("/sandbox/d/c");
  kind("/sandbox/d/sub/");

  report("rename d/a -> d/sub/a2", rename("/sandbox/d/a", "/sandbox/d/sub/a2"));
  report("rename d/sub -> d/sub2", rename("/sandbox/d/sub", "/sandbox/d/sub2"));
  report("rename d/c -> d/b (replaces)", rename("/sandbox/d/c", "/sandbox/d/b"));
  report("rename missing", rename("/sandbox/d/nothing", "/sandbox/d/x"));
  report("rename dir over file", rename("/sandbox/d/sub2", "/sandbox/d/b"));
  list("/sandbox/d");
  list("/sandbox/d/sub2");
  kind("/sandbox/d/b");
  kind("/sandbox/d/sub2/a2");

  /* wasi-libc keeps a current directory and resolves relative paths against it. */
  report("chdir /sandbox/d/sub2", chdir("/sandbox/d/sub2"));
  char cwd[256];
  printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : ename(errno));
  kind("a2");
  kind("../b");
  report("chdir /sandbox", chdir("/sandbox"));

  report("unlink d/b", unlink("/sandbox/d/b"));
  report("unlink d/b again", unlink("/sandbox/d/b"));
  report("rmdir d (not empty)", rmdir("/sandbox/d"));
  report("rmdir d/sub2/a2 (a file)", rmdir("/sandbox/d/sub2/a2"));
  report("unlinkat d/sub2 as a file", unlinkat(AT_FDCWD, "/sandbox/d/sub2", 0));
  report("unlink d/sub2/a2", unlink("/sandbox/d/sub2/a2"));
  report("rmdir d/sub2/deeper", rmdir("/sandbox/d/sub2/deeper"));
  report("rmdir d/sub2", rmdir("/sandbox/d/sub2"));
  list("/sandbox/d");
  report("rmdir d", rmdir("/sandbox/d"));
  kind("/sandbox/d");
  list("/sandbox");
  return 0;
}
