/* reclaim: the command-line tool. Dispatches to the subcommands. */
#include <errno.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: reclaim <command> [args]\n"
          "commands:\n"
          "  run MODULE [--invoke NAME [ARGS...]]   run a module, binary (.wasm) or text (.wat)\n"
          "                                         (see reclaim run --help)\n"
          "  wast [--gc-stress] [-v] FILE...        run WAST spec scripts, bin/ or text form\n"
          "  wat2wasm IN.wat [-o OUT.wasm]          encode a text module as binary\n"
          "                                         (see reclaim wat2wasm --help)\n"
          "  doctor MODULE --export NAME [...]      run an export under five retention patterns\n"
          "                                         and show which one grows (reclaim doctor --help)\n"
          "  inspect MODULE [--func N|NAME] [...]   types, GC layouts, code, stack maps (--help)\n"
          "  help                                   this text\n"
          "options:\n"
          "  --version                              print the version (reclaim " RECLAIM_VERSION ")\n");
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "run") == 0) return cmd_run(argc - 2, argv + 2);
  if (strcmp(cmd, "wast") == 0) return cmd_wast(argc - 2, argv + 2);
  if (strcmp(cmd, "wat2wasm") == 0) return cmd_wat2wasm(argc - 2, argv + 2);
  if (strcmp(cmd, "doctor") == 0) return cmd_doctor(argc - 2, argv + 2);
  if (strcmp(cmd, "inspect") == 0) return cmd_inspect(argc - 2, argv + 2);
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || strcmp(cmd, "version") == 0) {
    printf("reclaim " RECLAIM_VERSION "\n");
    return 0;
  }
  if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
    usage(stdout);
    return 0;
  }
  fprintf(stderr, "reclaim: unknown command %s\n", cmd);
  usage(stderr);
  return 2;
}

/* Results that never reached stdout (a full disk, a closed pipe) are a failure. */
int main(int argc, char **argv) {
  int status = dispatch(argc, argv);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "reclaim: error writing standard output: %s\n", strerror(errno ? errno : EIO));
    if (status == 0) status = 2;
  }
  return status;
}
