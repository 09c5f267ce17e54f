/* Interpreter: interp_interrupt (the --timeout mechanism). A host function
 * asks for the interrupt from inside the running code, as a SIGALRM handler
 * would; the code must stop at its next loop back-edge (plain and
 * conditional jumps, fused compare-branches, br_table), function entry,
 * tail call or catch landing in a loop, and the module must run normally
 * afterwards. */
#include "interp_test.h"

static struct tmod *g_mod; /* the module the host function interrupts */
static uint32_t g_countdown; /* host calls left before it interrupts */
static uint32_t g_calls;

/* env.tick() -> (): counts calls; interrupts the module on the last one. */
static bool host_tick(struct hostcall *call, uint64_t *slots) {
  (void)slots;
  g_calls++;
  if (g_countdown && --g_countdown == 0) interp_interrupt(call->store, g_mod->m, g_mod->mc);
  return true;
}

static bool env_resolve(void *ud, struct store *s, const struct module *m, const struct import *imp,
                        struct rc_extern *out) {
  (void)ud;
  (void)m;
  if (imp->kind != EXT_FUNC || strcmp(imp->field.data, "tick") != 0) return false;
  const struct typeinfo *ti = engine_functype(s->engine, NULL, 0, NULL, 0);
  out->kind = EXT_FUNC;
  out->func = store_new_host_func(s, ti, host_tick, NULL, NULL);
  return true;
}

static const char *SPIN =
    "(module\n"
    "  (import \"env\" \"tick\" (func $tick))\n"
    "  (tag $e)\n"
    "  (func (export \"jmp\") (local i32)\n"
    "    (call $tick)\n"
    "    (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br $l)))\n"
    "  (func (export \"br_if\") (param i32)\n"
    "    (call $tick)\n"
    "    (loop $l (br_if $l (i32.eqz (local.get 0)))))\n"
    "  (func (export \"cmp\") (param i32)\n"
    "    (call $tick)\n"
    "    (loop $l (br_if $l (i32.ne (local.get 0) (i32.const 7)))))\n"
    "  (func (export \"table\") (param i32)\n"
    "    (call $tick)\n"
    "    (loop $l (block $b (br_table $b $l (local.get 0)))))\n"
    "  (func $tail (export \"tail\") (call $tick) (return_call $tail))\n"
    "  (func $leaf (result i32) (i32.const 1))\n"
    "  (func (export \"calls\") (param i32) (result i32) (local i32)\n"
    "    (call $tick)\n"
    "    (block $d (loop $l\n"
    "      (br_if $d (i32.ge_u (local.get 1) (local.get 0)))\n"
    "      (local.set 1 (i32.add (local.get 1) (call $leaf)))\n"
    "      (br $l)))\n"
    "    (local.get 1))\n"
    "  (func (export \"throw_loop\")\n"
    "    (call $tick)\n"
    "    (loop $l (try_table (catch $e $l) (throw $e))))\n"
    ")";

/* Run export name with arg; expect the trap "interrupted" after one tick. */
static void expect_interrupt(struct instance *inst, const char *name, uint64_t arg) {
  g_countdown = 1;
  g_calls = 0;
  uint64_t s[4] = {arg};
  CHECK(!t_call(inst, name, s));
  if (strcmp(t_err.msg, "interrupted") != 0) fprintf(stderr, "%s: \"%s\"\n", name, t_err.msg);
  CHECK(t_err.kind == RC_ERR_TRAP && strcmp(t_err.msg, "interrupted") == 0);
  CHECK_EQ_INT(g_calls, 1);
  CHECK(!t_store->interrupt);
}

int main(void) {
  t_init();
  linker_define_host(t_linker, "env", 3, env_resolve, NULL);
  struct instance *inst = t_load(SPIN);
  CHECK(inst != NULL);
  if (!inst) return TEST_DONE();
  g_mod = &t_mods[t_nmods - 1];

  expect_interrupt(inst, "jmp", 0);
  expect_interrupt(inst, "br_if", 0);
  expect_interrupt(inst, "cmp", 0);
  expect_interrupt(inst, "table", 1);
  expect_interrupt(inst, "tail", 0);
  expect_interrupt(inst, "throw_loop", 0);

  /* after an interrupt the code runs normally again (handlers put back) */
  g_countdown = 0;
  CHECK_EQ_INT(t_call1(inst, "calls", 100000), 100000);
  CHECK_EQ_INT(t_call1(inst, "calls", 5), 5);

  /* a request made while no Wasm code runs stops the next call at its entry */
  interp_interrupt(t_store, g_mod->m, g_mod->mc);
  g_calls = 0;
  uint64_t s[4] = {5};
  CHECK(!t_call(inst, "calls", s));
  CHECK(strcmp(t_err.msg, "interrupted") == 0);
  CHECK_EQ_INT(g_calls, 0);
  CHECK_EQ_INT(t_call1(inst, "calls", 5), 5);

  /* another store running the same code is not stopped by the request, and
   * the request stays pending for the store it was made for */
  struct store *s2 = store_new(t_engine);
  struct rc_extern imports[1];
  struct rc_error err;
  rc_error_clear(&err);
  CHECK(linker_resolve(t_linker, s2, g_mod->m, imports, &err));
  struct instance *inst2 = instance_new(s2, g_mod->m, g_mod->mc, imports, 1, &err);
  CHECK(inst2 != NULL);
  interp_interrupt(t_store, g_mod->m, g_mod->mc);
  struct rc_extern ext;
  CHECK(instance_export(inst2, "calls", 5, &ext));
  uint64_t s2slots[4] = {1000};
  CHECK(interp_call(s2, ext.func, s2slots, &err));
  CHECK_EQ_INT(s2slots[0], 1000);
  s[0] = 5;
  CHECK(!t_call(inst, "calls", s));
  CHECK(strcmp(t_err.msg, "interrupted") == 0);
  CHECK_EQ_INT(t_call1(inst, "calls", 7), 7);
  CHECK(interp_call(s2, ext.func, s2slots, &err));
  store_free(s2);
  t_fini();
  return TEST_DONE();
}
