/* GC heap limit: running out of GC heap is a trap ("GC heap out of memory",
 * RC_ERR_TRAP), never an abort, and the store stays usable: after the trap
 * the same instance runs again, and once the guest drops what it held, it
 * can allocate up to the limit again. Whether the data that filled the heap
 * was held by a global (still live after the trap) or by the trapped
 * frames' locals (garbage once the trap unwound them). Also in stress mode.
 * Then the command line: `reclaim run --gc-heap-max 8M --gc-stats` exits
 * with the trap status 134, prints the trap and the statistics; bad sizes are
 * usage errors; `reclaim run --help` documents the options. */
#include <sys/wait.h>
#include <unistd.h>

#include "gcw.h"

static const char oom_wat[] = "(module\n" GCW_PRELUDE
    "(type $chunk (struct (field (mut (ref null $chunk))) (field (ref $junk))))\n"
    "(global $hold (mut (ref null $chunk)) (ref.null $chunk))\n"
    /* link chunks of n i32s into the global until the heap is full */
    "(func (export \"fill_global\") (param $n i32)\n"
    "  (loop $l\n"
    "    (global.set $hold (struct.new $chunk (global.get $hold) (array.new $junk (i32.const 7) (local.get $n))))\n"
    "    (br $l)))\n"
    "(func (export \"fill_local\") (param $n i32) (local $h (ref null $chunk))\n"
    "  (loop $l\n"
    "    (local.set $h (struct.new $chunk (local.get $h) (array.new $junk (i32.const 7) (local.get $n))))\n"
    "    (br $l)))\n"
    "(func (export \"release\") (global.set $hold (ref.null $chunk)))\n"
    /* allocate n chunks held in a local, return the sum of first elements */
    "(func (export \"use\") (param $n i32) (param $len i32) (result i32) (local $h (ref null $chunk)) (local $s i32)\n"
    "  (loop $l\n"
    "    (local.set $h (struct.new $chunk (local.get $h) (array.new $junk (i32.const 7) (local.get $len))))\n"
    "    (local.set $n (i32.sub (local.get $n) (i32.const 1)))\n"
    "    (br_if $l (local.get $n)))\n"
    "  (block $e (loop $w\n"
    "    (br_if $e (ref.is_null (local.get $h)))\n"
    "    (local.set $s (i32.add (local.get $s) (array.get $junk (struct.get $chunk 1 (local.get $h)) (i32.const 0))))\n"
    "    (local.set $h (struct.get $chunk 0 (local.get $h)))\n"
    "    (br $w)))\n"
    "  (local.get $s))\n"
    "(func (export \"small\") (result i32) (struct.get $box 0 (struct.new $box (i32.const 9))))\n"
    ")\n";

static bool traps_oom(const char *name, uint64_t arg) {
  uint64_t s[8] = {arg};
  if (gcw_call(name, s)) return false;
  return W_err.kind == RC_ERR_TRAP && strcmp(W_err.msg, "GC heap out of memory") == 0;
}

static void test_limit(bool stress) {
  const uint64_t limit = stress ? (2u << 20) : (16u << 20);
  if (!gcw_open(oom_wat, stress, limit, 4, 0)) {
    CHECK(!"oom module");
    return;
  }
  /* chunk sizes: small cells (1 KiB) and large objects (40 KiB) */
  static const uint64_t lens[] = {250, 10000};
  for (int k = 0; k < 2; k++) {
    uint64_t len = lens[k];
    uint64_t fit = limit / 2 / (len * 4 + 64); /* chunks that fit in half the limit */
    CHECK(traps_oom("fill_global", len));
    CHECK_EQ_INT(gcw_call0("small"), 9);
    CHECK(traps_oom("fill_global", len)); /* still full: the global holds it all */
    CHECK(traps_oom("use", len) || W_err.kind == RC_ERR_TRAP);
    gcw_call0("release");
    CHECK_EQ_INT(gcw_call2("use", fit, len), 7 * (int64_t)fit);
    CHECK(traps_oom("fill_local", len));
    /* the trapped frames are gone, so their chunks are garbage */
    CHECK_EQ_INT(gcw_call2("use", fit, len), 7 * (int64_t)fit);
    CHECK_EQ_INT(gcw_call0("small"), 9);
    struct gc_stats st;
    gcw_stats(&st);
    CHECK(st.peak_heap_bytes <= limit);
    CHECK(st.max_live_bytes >= limit - limit / 4); /* the heap really was filled */
  }
  gcw_close();
}

/* Run a shell command; returns its exit status and its stderr in buf. */
static int run_cmd(const char *cmd, char *buf, size_t n) {
  char full[4096];
  snprintf(full, sizeof full, "(%s) 2>/tmp/reclaim_gc_oom_%d.err >/dev/null", cmd, (int)getpid());
  int st = system(full);
  snprintf(full, sizeof full, "/tmp/reclaim_gc_oom_%d.err", (int)getpid());
  FILE *f = fopen(full, "r");
  size_t got = f ? fread(buf, 1, n - 1, f) : 0;
  buf[got] = 0;
  if (f) fclose(f);
  remove(full);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli(void) {
  char exe[4096], reclaim[4096 + 16], wat[256], cmd[8192 + 512];
  static char out[1 << 16];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash) return;
  *slash = 0;
  snprintf(reclaim, sizeof reclaim, "%.4000s/../reclaim", exe); /* build/tests/.. */
  if (access(reclaim, X_OK) != 0) {
    printf("note: %s not built; command-line checks skipped\n", reclaim);
    return;
  }
  snprintf(wat, sizeof wat, "/tmp/reclaim_gc_oom_%d.wat", (int)getpid());
  FILE *f = fopen(wat, "w");
  CHECK(f != NULL);
  if (!f) return;
  /* the prelude's imports are not there on the command line: a plain module */
  fputs("(module (type $a (array (mut i32))) (type $c (struct (field (ref null $c)) (field (ref $a))))\n"
        "  (func (export \"fill\") (local $h (ref null $c))\n"
        "    (loop $l (local.set $h (struct.new $c (local.get $h) (array.new_default $a (i32.const 1000))))\n"
        "      (br $l))))\n",
        f);
  fclose(f);
  snprintf(cmd, sizeof cmd, "%s run --gc-heap-max 8M --gc-stats %s --invoke fill", reclaim, wat);
  CHECK_EQ_INT(run_cmd(cmd, out, sizeof out), 134);
  CHECK(strstr(out, "GC heap out of memory") != NULL);
  CHECK(strstr(out, "gc stats") != NULL && strstr(out, "collections") != NULL && strstr(out, "peak heap") != NULL);
  snprintf(cmd, sizeof cmd, "%s run --gc-heap-max 8X %s --invoke fill", reclaim, wat);
  CHECK_EQ_INT(run_cmd(cmd, out, sizeof out), 2);
  snprintf(cmd, sizeof cmd, "%s run --gc-heap-max %s --invoke fill", reclaim, wat);
  CHECK_EQ_INT(run_cmd(cmd, out, sizeof out), 2);
  snprintf(cmd, sizeof cmd, "%s run --help 1>&2", reclaim);
  CHECK_EQ_INT(run_cmd(cmd, out, sizeof out), 0);
  CHECK(strstr(out, "--gc-heap-max") != NULL && strstr(out, "--gc-stats") != NULL &&
        strstr(out, "--gc-stress") != NULL);
  remove(wat);
}

int main(void) {
  test_limit(false);
  test_limit(true);
  test_cli();
  return TEST_DONE();
}
