/* stdin -> stdout: copies fd 0 to fd 1 in odd-sized chunks, then prints
 * the byte and line counts. The driver feeds cat.stdin. */
#include "guest.h"
#include <unistd.h>

int main(void) {
  char buf[7];
  long bytes = 0, lines = 0;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) lines += buf[i] == '\n';
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(1, buf + off, (size_t)(n - off));
      if (w <= 0) return 1;
      off += w;
    }
    bytes += n;
  }
  if (n < 0) { printf("read: %s\n", ename(errno)); return 1; }
  printf("[cat: bytes=%ld lines=%ld]\n", bytes, lines);
  return 0;
}
