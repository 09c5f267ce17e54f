/* Minimal assertion helpers for unit tests: each test executable returns
 * non-zero if any CHECK failed, and prints file:line of each failure. */
#ifndef RECLAIM_TEST_H
#define RECLAIM_TEST_H
#include <stdio.h>

static int test_failures;
#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      test_failures++;                                                         \
    }                                                                          \
  } while (0)
#define CHECK_EQ_INT(a, b)                                                     \
  do {                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                        \
    if (a_ != b_) {                                                            \
      fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld vs %lld)\n",        \
              __FILE__, __LINE__, #a, #b, a_, b_);                             \
      test_failures++;                                                         \
    }                                                                          \
  } while (0)
#define TEST_DONE() (test_failures ? (fprintf(stderr, "%d check(s) failed\n", test_failures), 1) : 0)
#endif
