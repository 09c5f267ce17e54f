/* random_get (through getentropy): two draws differ, and a large draw
 * looks random (many distinct byte values). */
#include "guest.h"
#include <unistd.h>

int main(void) {
  unsigned char a[32], b[32], big[256];
  report("getentropy(32)", getentropy(a, sizeof a));
  report("getentropy(32) again", getentropy(b, sizeof b));
  check("two draws differ", memcmp(a, b, sizeof a) != 0);
  int nz = 0;
  for (size_t i = 0; i < sizeof a; i++) nz += a[i] != 0;
  check("first draw not all zero", nz > 0);
  int seen[256] = {0}, distinct = 0;
  for (int round = 0; round < 16; round++) {
    if (getentropy(big, sizeof big) != 0) { printf("getentropy(256): %s\n", ename(errno)); return 1; }
    for (size_t i = 0; i < sizeof big; i++) distinct += !seen[big[i]]++;
  }
  check("4096 bytes use > 200 distinct values", distinct > 200);
  return 0;
}
