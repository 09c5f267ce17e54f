/* Environment (environ_sizes_get/environ_get): the driver passes
 * --env RECLAIM_A=1 --env RECLAIM_B=x=y --env RECLAIM_EMPTY= . Other
 * variables may or may not be inherited, so only RECLAIM_* ones are counted. */
#include "guest.h"
#include <stdlib.h>

extern char **environ;

static void show(const char *k) {
  const char *v = getenv(k);
  if (v) printf("%s=[%s]\n", k, v);
  else printf("%s unset\n", k);
}

int main(void) {
  show("RECLAIM_A");
  show("RECLAIM_B");
  show("RECLAIM_EMPTY");
  show("RECLAIM_MISSING");
  int n = 0;
  for (char **e = environ; *e; e++)
    if (strncmp(*e, "RECLAIM_", 8) == 0) n++;
  printf("RECLAIM_* entries: %d\n", n);
  return 0;
}
