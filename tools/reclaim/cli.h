/* Shared declarations of the reclaim command-line tool. */
#ifndef RECLAIM_CLI_H
#define RECLAIM_CLI_H

#include <stdio.h>

#include "runtime/rt.h"
#include "text/script.h"

/* Subcommands; each returns the process exit status. */
int cmd_wast(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_wat2wasm(int argc, char **argv);
int cmd_doctor(int argc, char **argv); /* doctor.c */
int cmd_inspect(int argc, char **argv); /* inspect.c */

#define RECLAIM_VERSION "0.1.0"

/* ---- load.c ---- */
/* The whole file ("-": stdin), malloc'd; NULL if it cannot be read. */
uint8_t *read_whole_file(const char *path, size_t *len);
/* Is this a binary module rather than text? (It starts with a NUL byte, as
 * the magic "\0asm" does.) */
bool is_binary_module(const uint8_t *bytes, size_t len);
/* A module's binary from a file that holds either the binary or WAT text
 * (encoded with wat_to_wasm). On failure prints the error to stderr (a text
 * error as "file:line:col: message"), sets *io_error if the file could not be
 * read, and returns NULL. */
uint8_t *load_module_file(const char *path, size_t *len, bool *was_text, bool *io_error);
/* "error: PATH: [func N, ][byte offset 0xO: ]message" for a module that did
 * not decode, validate or instantiate; where comes from err's offset/func
 * (no offset for a text module: it would point into the encoded binary). */
void print_module_error(const char *path, const struct rc_error *err, bool was_text);

/* ---- values.c ---- */
/* A typed value as it comes out of a call or a global: v128 uses both slots. */
struct tvalue {
  valtype type; /* canonical */
  uint64_t slots[2];
};

/* Does v match the script pattern p? ts answers which hierarchy a
 * reference type belongs to. */
bool value_matches(const struct typestore *ts, const struct tvalue *v, const struct script_pattern *p);
/* Human-readable forms, for failure messages and `reclaim run` output. */
void value_format(char *buf, size_t n, const struct typestore *ts, const struct tvalue *v);
void pattern_format(char *buf, size_t n, const struct script_pattern *p);
/* Parse a command-line argument as a value of type t (integers decimal or
 * 0x hex, two's complement wrap allowed; floats decimal, hex, nan, inf,
 * nan:0xPAYLOAD). Returns false if the text is not a value of that type. */
bool value_parse(const char *text, valtype t, uint64_t slots[2]);
/* The short name of a value type ("i32", "funcref", "(ref null 3)", ...). */

/* Name of a function for backtraces: the name section, the host debug name,
 * or func[N]. */
void func_display_name(char *buf, size_t n, const struct funcinst *f, uint32_t index);
/* Print a trap's backtrace (innermost first) from the store's exec. */
void print_backtrace(FILE *out, struct store *s);

/* ---- timeout.c ---- */
struct module_code;
/* After `seconds` of real time, interrupt the code mc of module m running in
 * s (the next call or loop iteration traps "interrupted"). */
bool timeout_arm(double seconds, struct store *s, const struct module *m, struct module_code *mc);
void timeout_disarm(void);
/* Has the timer fired? */
bool timeout_expired(void);

#endif
