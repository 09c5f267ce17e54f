/* WASI preview 1 ("wasi_snapshot_preview1") for reclaim.
 *
 * A wasi context holds the guest's view of the world: its arguments, its
 * environment, and its file descriptor table (stdin/stdout/stderr plus the
 * preopened directories, which are the only part of the host file system the
 * guest can reach). The runtime links each import of module
 * "wasi_snapshot_preview1" by asking wasi_resolve() for the host function;
 * every such function takes the context as its env and reads guest memory
 * through call->caller->mems[0].
 *
 * Lifetime: the context must outlive every store/instance whose functions
 * were resolved from it (funcinsts keep it as env without owning it; no
 * finalizer is needed). One context serves one guest program.
 *
 * Typical use:
 *   struct wasi_ctx *w = wasi_ctx_new();
 *   wasi_set_args(w, argc, argv);                 // argv[0] = program name
 *   wasi_add_env(w, "HOME=/");                    // "K=V"
 *   if (!wasi_preopen(w, "/tmp/x::/sandbox", &err)) ...  // HOST[::GUEST]
 *   ... for each import with module == WASI_MODULE_NAME:
 *   struct wasi_import imp;
 *   if (!wasi_resolve(w, &import->field, &imp)) -> "unknown import"
 *   check imp.params/imp.results against the import's function type,
 *   create a funcinst { .host = imp.fn, .env = imp.env, .debug_name = imp.name }.
 *   ... run; a proc_exit call makes the host function return false with
 *   err->kind == RC_ERR_EXIT and err->exit_code set (the runtime passes that
 *   up; the CLI exits with that code).
 */
#ifndef RECLAIM_WASI_H
#define RECLAIM_WASI_H

#include "binary/module.h"
#include "runtime/rt.h"
#include "util/error.h"

#define WASI_MODULE_NAME "wasi_snapshot_preview1"

struct wasi_ctx;

/* How paths are confined to their preopened directory. AUTO uses Linux
 * openat2(RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS) when the kernel has it and
 * falls back to the runtime's own component-by-component walk otherwise;
 * WALK forces the own walk (for tests of the fallback). The environment
 * variable RECLAIM_WASI_SANDBOX=walk makes wasi_ctx_new start in WALK mode,
 * so whole programs (e.g. the wasi-testsuite) can be run on the fallback. */
enum wasi_sandbox_mode { WASI_SANDBOX_AUTO = 0, WASI_SANDBOX_WALK = 1 };

struct wasi_ctx *wasi_ctx_new(void);
/* Closes every host fd the context opened (preopens, files the guest opened);
 * the stdio host fds given to wasi_set_stdio are not closed. NULL is fine. */
void wasi_ctx_free(struct wasi_ctx *ctx);

/* Arguments as the guest sees them (args_get); copied. argv[0] should be the
 * program name. Replaces earlier arguments. */
void wasi_set_args(struct wasi_ctx *ctx, int argc, const char *const *argv);
/* Add one environment entry "KEY=VALUE" (copied). Returns false, with err
 * set (RC_ERR_USAGE), if the string has no '='. */
bool wasi_add_env(struct wasi_ctx *ctx, const char *kv, struct rc_error *err);
/* Add every variable of the host environment (environ). */
void wasi_inherit_env(struct wasi_ctx *ctx);

/* Preopen a host directory. spec is "HOST" or "HOST::GUEST"; the guest name
 * defaults to HOST. The directory is opened now (O_DIRECTORY); failure sets
 * err (RC_ERR_IO) and returns false. Preopens get guest fds 3, 4, ... in the
 * order they are added, before the guest runs. */
bool wasi_preopen(struct wasi_ctx *ctx, const char *spec, struct rc_error *err);
bool wasi_preopen_dir(struct wasi_ctx *ctx, const char *host_path,
                      const char *guest_path, struct rc_error *err);

/* Host fds behind guest fds 0, 1, 2 (default: 0, 1, 2). A negative value
 * leaves that guest fd closed. The context does not close these fds. Call
 * before adding preopens is not required. */
void wasi_set_stdio(struct wasi_ctx *ctx, int in_fd, int out_fd, int err_fd);

void wasi_set_sandbox_mode(struct wasi_ctx *ctx, enum wasi_sandbox_mode mode);

/* What wasi_resolve hands back for one import. params/results point to
 * static arrays (valid for the program's lifetime); only VT_I32 and VT_I64
 * occur. name is the WASI function name (static), for backtraces. */
struct wasi_import {
  rc_hostfn fn;
  void *env;                   /* the ctx */
  const valtype *params;
  uint32_t nparams;
  const valtype *results;
  uint32_t nresults;
  const char *name;
};

/* Look up a function of module "wasi_snapshot_preview1" by its field name.
 * Returns false if no such WASI function exists (the runtime then reports
 * "unknown import"). The caller checks the signature. */
bool wasi_resolve(struct wasi_ctx *ctx, const struct name *field, struct wasi_import *out);
/* Same by C string (tests, embedders). */
bool wasi_resolve_cstr(struct wasi_ctx *ctx, const char *field, struct wasi_import *out);

#endif
