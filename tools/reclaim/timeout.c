/* `reclaim run --timeout SECONDS`: a one-shot real-time timer (setitimer,
 * SIGALRM) whose handler asks the interpreter to stop the module's code
 * (interp_interrupt: the next call or loop iteration traps "interrupted").
 * The handler runs on the thread that runs the Wasm code, which is what
 * interp_interrupt requires. Code blocked in a host call (a WASI read)
 * notices the request when it returns to Wasm. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "cli.h"
#include "interp/interp.h"

static struct store *t_store;
static const struct module *t_module;
static struct module_code *t_code;
static volatile sig_atomic_t t_expired;

static void on_alarm(int sig) {
  (void)sig;
  t_expired = 1;
  if (t_store) interp_interrupt(t_store, t_module, t_code);
}

bool timeout_arm(double seconds, struct store *s, const struct module *m, struct module_code *mc) {
  t_store = s;
  t_module = m;
  t_code = mc;
  t_expired = 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  if (sigaction(SIGALRM, &sa, NULL) != 0) return false;
  struct itimerval it;
  memset(&it, 0, sizeof it);
  it.it_value.tv_sec = (time_t)seconds;
  it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
  if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0) it.it_value.tv_usec = 1;
  return setitimer(ITIMER_REAL, &it, NULL) == 0;
}

void timeout_disarm(void) {
  struct itimerval it;
  memset(&it, 0, sizeof it);
  setitimer(ITIMER_REAL, &it, NULL);
  signal(SIGALRM, SIG_IGN);
  t_store = NULL;
}

bool timeout_expired(void) { return t_expired != 0; }
