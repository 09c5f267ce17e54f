/* Exit status: exit(3) flushes stdio and calls proc_exit(3); the runtime's
 * process must exit with status 3 and nothing after it may run. */
#include "guest.h"
#include <stdlib.h>

int main(void) {
  printf("exit3: about to exit with status 3\n");
  fprintf(stderr, "exit3: this line goes to stderr\n");
  exit(3);
  printf("exit3: not reached\n");
  return 0;
}
