/* Clocks (clock_time_get, clock_res_get, poll_oneoff via nanosleep):
 * sanity only, since the values themselves differ on every run. */
#include "guest.h"
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

static int64_t ns(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

int main(void) {
  struct timespec rt, m1, m2, res;
  report("clock_gettime(REALTIME)", clock_gettime(CLOCK_REALTIME, &rt));
  /* 2020-01-01 .. 2100-01-01 */
  check("realtime is a plausible date", rt.tv_sec > 1577836800 && rt.tv_sec < 4102444800LL);
  check("time() agrees with realtime", llabs((long long)time(NULL) - (long long)rt.tv_sec) <= 5);
  report("clock_gettime(MONOTONIC)", clock_gettime(CLOCK_MONOTONIC, &m1));
  int mono_ok = 1;
  for (int i = 0; i < 1000; i++) {
    clock_gettime(CLOCK_MONOTONIC, &m2);
    if (ns(m2) < ns(m1)) mono_ok = 0;
    m1 = m2;
  }
  check("monotonic never goes back", mono_ok);
  clock_gettime(CLOCK_MONOTONIC, &m1);
  struct timespec d = {0, 20 * 1000000};
  report("nanosleep(20ms)", nanosleep(&d, NULL));
  clock_gettime(CLOCK_MONOTONIC, &m2);
  int64_t slept = ns(m2) - ns(m1);
  /* Some hosts sleep in whole milliseconds and wake a little early. */
  check("monotonic advanced >= 15ms", slept >= 15000000);
  check("monotonic advanced < 5s", slept < 5000000000LL);
  report("clock_getres(REALTIME)", clock_getres(CLOCK_REALTIME, &res));
  check("realtime resolution in (0, 1s]", ns(res) > 0 && ns(res) <= 1000000000);
  report("clock_getres(MONOTONIC)", clock_getres(CLOCK_MONOTONIC, &res));
  check("monotonic resolution in (0, 1s]", ns(res) > 0 && ns(res) <= 1000000000);
  return 0;
}
