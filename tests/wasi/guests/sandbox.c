/* The capability sandbox: nothing outside the preopened /sandbox may be
 * reached, whether by "..", an absolute path, a symlink the guest made, or
 * a symlink the host made. Before the run the driver creates, in the
 * sandbox, hostetc -> /etc, hostpasswd -> /etc/passwd and hostout -> OUTSIDE,
 * where OUTSIDE (passed in the environment) is an empty host directory next
 * to the sandbox; afterwards it checks that OUTSIDE and the sandbox's parent
 * got no escape.* files. Writes are only ever aimed at OUTSIDE or the
 * parent, never at /etc. Every escape must fail; the errno is printed
 * (ENOTCAPABLE is what reclaim answers). Symlinks and ".." that stay
 * inside the sandbox must keep working. */
#include "guest.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int root;  /* an fd for /sandbox: *at() calls on it go straight to path_* */

/* An escape attempt: must fail. */
static void refuse(const char *label, int rc) {
  if (rc >= 0) printf("%s: ESCAPED (not refused)\n", label);
  else printf("%s: refused %s\n", label, ename(errno));
}

static void try_open(const char *path) {
  char label[160];
  snprintf(label, sizeof label, "open %s", path);
  int fd = openat(root, path, O_RDONLY);
  refuse(label, fd);
  if (fd >= 0) close(fd);
}

static void try_stat(const char *path) {
  struct stat st;
  char label[160];
  snprintf(label, sizeof label, "stat %s", path);
  refuse(label, fstatat(root, path, &st, 0));
}

/* A guest-made symlink name -> target, then an open of each path through
 * it. Creating the link may be refused already (reclaim refuses absolute
 * targets, other runtimes also escaping relative ones); then each open is
 * reported as refused with the creation's errno, so the output is the same
 * either way. */
static void guest_link(const char *name, const char *target, const char *const *through) {
  char label[160];
  int rc = symlinkat(target, root, name);
  int e = errno;
  if (rc != 0) fprintf(stderr, "sandbox: symlink %s -> %s not created (%s)\n", name, target, ename(e));
  for (; *through; through++) {
    snprintf(label, sizeof label, "guest symlink %s -> %s, open %s", name, target, *through);
    if (rc != 0) { printf("%s: refused %s\n", label, ename(e)); continue; }
    int fd = openat(root, *through, O_RDONLY);
    refuse(label, fd);
    if (fd >= 0) close(fd);
  }
}

#define PATHS(...) ((const char *const[]){__VA_ARGS__, NULL})

int main(void) {
  root = open("/sandbox", O_RDONLY | O_DIRECTORY);
  report("open /sandbox", root);
  report("mkdir sub", mkdirat(root, "sub", 0755));
  int fd = openat(root, "sub/file", O_CREAT | O_WRONLY, 0644);
  report("create sub/file", fd);
  close(fd);

  printf("-- dot-dot\n");
  try_open("..");
  try_open("../etc/passwd");
  try_open("sub/../../etc/passwd");
  try_open("sub/../..");
  try_open("../sandbox/sub/file");  /* leaves the root, even if only for a moment */
  try_stat("..");
  try_stat("../etc/passwd");
  refuse("libc open /sandbox/../etc/passwd", open("/sandbox/../etc/passwd", O_RDONLY));
  refuse("create ../escape.txt", openat(root, "../escape.txt", O_CREAT | O_WRONLY, 0644));
  refuse("mkdir ../escape.dir", mkdirat(root, "../escape.dir", 0755));
  refuse("rename sub -> ../escape.sub", renameat(root, "sub", root, "../escape.sub"));
  refuse("symlink at ../escape.lnk", symlinkat("sub", root, "../escape.lnk"));
  refuse("unlink ../escape.txt", unlinkat(root, "../escape.txt", 0));

  printf("-- absolute paths\n");
  try_open("/etc/passwd");
  try_open("/");
  try_stat("/etc");
  const char *outside = getenv("OUTSIDE");
  if (!outside || outside[0] != '/') { printf("OUTSIDE not set\n"); return 1; }
  char abs[512];
  snprintf(abs, sizeof abs, "%s/escape.txt", outside);
  refuse("create OUTSIDE/escape.txt (absolute)", openat(root, abs, O_CREAT | O_WRONLY, 0644));
  snprintf(abs, sizeof abs, "%s/escape.dir", outside);
  refuse("mkdir OUTSIDE/escape.dir (absolute)", mkdirat(root, abs, 0755));
  refuse("libc open /etc/passwd (no preopen)", open("/etc/passwd", O_RDONLY));

  printf("-- symlinks made by the guest\n");
  guest_link("up", "..", PATHS("up", "up/etc/passwd"));
  guest_link("up2", "../..", PATHS("up2", "up2/etc"));
  guest_link("abs", "/etc", PATHS("abs", "abs/passwd"));
  guest_link("absfile", "/etc/passwd", PATHS("absfile"));
  /* A link inside sub that climbs out, used in the middle of a path. */
  guest_link("sub/out", "../..", PATHS("sub/out/etc/passwd", "sub/out/etc/../etc/passwd"));
  /* A chain: each link is harmless alone, together they leave the root. */
  guest_link("sub/up1", "..", PATHS("sub/up1/up/etc/passwd"));

  printf("-- symlinks made by the host\n");
  try_open("hostetc/passwd");
  try_open("hostetc");
  try_stat("hostetc/passwd");
  try_open("hostpasswd");
  try_open("hostout");
  refuse("create hostout/escape.txt", openat(root, "hostout/escape.txt", O_CREAT | O_WRONLY, 0644));
  refuse("mkdir hostout/escape.dir", mkdirat(root, "hostout/escape.dir", 0755));
  refuse("symlink at hostout/escape.lnk", symlinkat("x", root, "hostout/escape.lnk"));
  refuse("libc open /sandbox/hostetc/passwd", open("/sandbox/hostetc/passwd", O_RDONLY));
  struct stat st;
  report("lstat hostetc (the link itself)", fstatat(root, "hostetc", &st, AT_SYMLINK_NOFOLLOW));
  check("hostetc is a symlink", S_ISLNK(st.st_mode));
  char target[64] = {0};
  ssize_t n = readlinkat(root, "hostetc", target, sizeof target - 1);
  printf("readlink hostetc: %s\n", n >= 0 ? target : ename(errno));

  printf("-- staying inside is fine\n");
  report("open sub/../sub/file", fd = openat(root, "sub/../sub/file", O_RDONLY));
  close(fd);
  report("symlink in -> sub", symlinkat("sub", root, "in"));
  report("open in/file (symlink in the middle, inside)", fd = openat(root, "in/file", O_RDONLY));
  close(fd);
  report("symlink sub/back -> ../sub/file", symlinkat("../sub/file", root, "sub/back"));
  report("open sub/back (relative link, inside)", fd = openat(root, "sub/back", O_RDONLY));
  close(fd);
  report("open sub/up1 (link to the root itself)", fd = openat(root, "sub/up1", O_RDONLY | O_DIRECTORY));
  close(fd);
  report("open /sandbox/in/file via libc", fd = open("/sandbox/in/file", O_RDONLY));
  close(fd);
  return 0;
}
