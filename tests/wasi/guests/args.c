/* Arguments (args_sizes_get/args_get): the driver passes
 * `one "two words" "" "ünïcode"`; argv[0] is the runtime's choice and is
 * only checked to be present. */
#include "guest.h"

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  check("argv[0] present", argc >= 1 && argv[0] != NULL);
  for (int i = 1; i < argc; i++) printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
  check("argv[argc] is NULL", argv[argc] == NULL);
  return 0;
}
