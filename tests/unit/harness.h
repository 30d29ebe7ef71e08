/* harness.h: a tiny unit-test harness. Each test is a function; CHECK
 * records a failure with file:line and the test goes on. main() runs the
 * tests with RUN and ends with DONE, which prints one line per test
 * ("PASS name" / "FAIL name") for tests/run.sh to count. */
#ifndef TF_HARNESS_H
#define TF_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* th_tmp("x.pdf"): a path in this process's own temp folder (mkdtemp under
 * $TMPDIR or /tmp, removed at exit), so two test runs at the same time, or a
 * root run before a user's, never meet on a fixed name. The same name gives
 * the same path for the whole run. */
enum { TH_TMP_NAMES = 64 };
static char th_tmp_dir[512];
static char *th_tmp_paths[TH_TMP_NAMES];

static inline void th_tmp_cleanup(void)
{
    for (int i = 0; i < TH_TMP_NAMES && th_tmp_paths[i]; i++) {
        remove(th_tmp_paths[i]);
        free(th_tmp_paths[i]);
    }
    if (th_tmp_dir[0]) {
        /* helpers (pdftoppm) may have left files we did not name: rm -r */
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", th_tmp_dir);
        if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", th_tmp_dir);
    }
}

static inline const char *th_tmp(const char *name)
{
    if (!th_tmp_dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(th_tmp_dir, sizeof th_tmp_dir, "%s/trifold-unit-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(th_tmp_dir)) { perror(th_tmp_dir); exit(2); }
        atexit(th_tmp_cleanup);
    }
    size_t dl = strlen(th_tmp_dir);
    int i = 0;
    for (; i < TH_TMP_NAMES && th_tmp_paths[i]; i++)
        if (!strcmp(th_tmp_paths[i] + dl + 1, name)) return th_tmp_paths[i];
    if (i == TH_TMP_NAMES) { fprintf(stderr, "th_tmp: more than %d names\n", TH_TMP_NAMES); exit(2); }
    size_t n = dl + 1 + strlen(name) + 1;
    th_tmp_paths[i] = malloc(n);
    if (!th_tmp_paths[i]) exit(2);
    snprintf(th_tmp_paths[i], n, "%s/%s", th_tmp_dir, name);
    return th_tmp_paths[i];
}

/* th_cmd("qpdf --check '%s'", path): a command line in a static buffer. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static inline const char *th_cmd(const char *fmt, ...);
static inline const char *th_cmd(const char *fmt, ...)
{
    static char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf) { fprintf(stderr, "th_cmd: too long\n"); exit(2); }
    return buf;
}

/* A check that needs an outside tool: FAIL (not a silent pass) when the
 * tool is missing. tools/deps.sh installs every tool a test uses. */
#define CHECK_TOOL(name) do { if (system("command -v " name " >/dev/null 2>&1") != 0) { \
    th_failed_checks++; fprintf(stderr, "%s:%d: %s is not installed (sh tools/deps.sh)\n", \
    __FILE__, __LINE__, name); } } while (0)

#endif
