/* harness.h: a tiny unit-test harness. Each test is a function; CHECK
 * records a failure with file:line and the test goes on. main() runs the
 * tests with RUN and ends with DONE, which prints one line per test
 * ("PASS name" / "FAIL name") for tests/run.sh to count. */
#ifndef TF_HARNESS_H
#define TF_HARNESS_H

#include <stdio.h>
#include <string.h>

static int th_failed_checks, th_tests_failed, th_tests_passed;

#define CHECK(cond) do { if (!(cond)) { th_failed_checks++; \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_EQ_INT(a, b) do { long long th_a = (long long)(a), th_b = (long long)(b); \
    if (th_a != th_b) { th_failed_checks++; fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", \
    __FILE__, __LINE__, #a, th_a, th_b); } } while (0)
#define CHECK_EQ_STR(a, b) do { const char *th_a = (a), *th_b = (b); \
    if (!th_a || !th_b || strcmp(th_a, th_b) != 0) { th_failed_checks++; \
    fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
    th_a ? th_a : "(null)", th_b ? th_b : "(null)"); } } while (0)

#define RUN(fn) do { int th_before = th_failed_checks; fn(); \
    if (th_failed_checks == th_before) { th_tests_passed++; printf("PASS %s\n", #fn); } \
    else { th_tests_failed++; printf("FAIL %s\n", #fn); } fflush(stdout); } while (0)
#define DONE() (th_tests_failed ? 1 : 0)

#endif
