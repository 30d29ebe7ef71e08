/* test_lazylib.c: libraries opened on first use (lazylib.h): a library or
 * symbol that is not there is one clear error naming the package, once;
 * a real one resolves; and the executable itself does not link the lazy
 * libraries (they would be mapped at every start again). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "harness.h"
#include "lazylib.h"

static char *captured;
static size_t captured_len;

static FILE *capture(void)
{
    free(captured);
    captured = NULL;
    FILE *f = open_memstream(&captured, &captured_len);
    tf_diag_set_stream(f);
    return f;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void test_missing_library(void)
{
    static const char *const names[] = {"f"};
    tf_lazyfn fns[1] = {0};
    tf_lazylib lib = {"libtrifold-no-such-lib.so.7", "testing a missing library", "trifold-test-pkg", names, 1,
                      fns, 0};
    tf_diag_reset();
    FILE *f = capture();
    CHECK(!tf_lazylib_load(&lib));
    CHECK(!tf_lazylib_load(&lib));             /* the second call: no second message */
    fclose(f);
    tf_diag_set_stream(NULL);
    CHECK(captured && strstr(captured, "error: testing a missing library needs libtrifold-no-such-lib.so.7, which "
                                       "cannot be loaded ("));
    CHECK(captured && strstr(captured, "install trifold-test-pkg (tools/deps.sh installs it)"));
    CHECK_EQ_INT(count(captured, "error:"), 1);
    CHECK_EQ_INT(tf_diag_errors(), 1);
    CHECK(fns[0] == NULL);
    tf_diag_reset();
}

static void test_missing_symbol(void)
{
    static const char *const names[] = {"cos", "trifold_no_such_function"};
    tf_lazyfn fns[2] = {0};
    tf_lazylib lib = {"libm.so.6", "testing a missing symbol", "libc6", names, 2, fns, 0};
    tf_diag_reset();
    FILE *f = capture();
    CHECK(!tf_lazylib_load(&lib));
    fclose(f);
    tf_diag_set_stream(NULL);
    CHECK(captured && strstr(captured, "testing a missing symbol needs libm.so.6, which cannot be loaded ("));
    CHECK(captured && strstr(captured, "trifold_no_such_function"));
    CHECK_EQ_INT(tf_diag_errors(), 1);
    tf_diag_reset();
}

static void test_found(void)
{
    static const char *const names[] = {"cos"};
    tf_lazyfn fns[1] = {0};
    tf_lazylib lib = {"libm.so.6", "testing a library", "libc6", names, 1, fns, 0};
    tf_diag_reset();
    CHECK(tf_lazylib_load(&lib));
    CHECK(tf_lazylib_load(&lib));
    CHECK(fns[0] != NULL);
    if (fns[0]) CHECK(((double (*)(double))fns[0])(0.0) == 1.0);
    CHECK_EQ_INT(tf_diag_errors(), 0);
}

/* The binary's DT_NEEDED list (readelf -d) names none of the lazy libraries. */
static void test_not_linked(void)
{
    const char *bin = getenv("TRIFOLD");
    if (!bin || !*bin) bin = "build/trifold";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "readelf -d '%s' 2>&1", bin);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    if (!p) return;
    char line[512];
    int needed = 0, lazy = 0;
    while (fgets(line, sizeof line, p)) {
        if (!strstr(line, "(NEEDED)")) continue;
        needed++;
        if (strstr(line, "libqrencode") || strstr(line, "liburiparser") || strstr(line, "libgettextpo") ||
            strstr(line, "libunistring") || strstr(line, "liblcms2")) {
            fprintf(stderr, "linked at start: %s", line);
            lazy++;
        }
    }
    CHECK(pclose(p) == 0);
    CHECK(needed > 0);
    CHECK_EQ_INT(lazy, 0);
}

int main(void)
{
    RUN(test_missing_library);
    RUN(test_missing_symbol);
    RUN(test_found);
    RUN(test_not_linked);
    free(captured);
    return DONE();
}
