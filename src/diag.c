#include "diag.h"

#include "arena.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static FILE *sink;
static int n_errors, n_warnings;

void tf_diag_set_stream(FILE *f) { sink = f; }
int tf_diag_errors(void) { return n_errors; }
int tf_diag_warnings(void) { return n_warnings; }
bool tf_diag_capped(void) { return n_errors >= TF_DIAG_MAX_ERRORS; }
void tf_diag_reset(void) { n_errors = n_warnings = 0; }

/* snprintf's contract: the length the whole text needs. */
static int loc_format(const tf_loc *loc, char *buf, size_t size)
{
    if (!loc || !loc->file) return snprintf(buf, size, "trifold");
    if (loc->line <= 0) return snprintf(buf, size, "%s", loc->file);
    return snprintf(buf, size, "%s:%d:%d", loc->file, loc->line, loc->col > 0 ? loc->col : 1);
}

const char *tf_loc_str(const tf_loc *loc, char *buf, size_t size)
{
    loc_format(loc, buf, size);
    return buf;
}

/* One diagnostic is one write: a batch builds editions in forked children
 * that share stderr (unbuffered), and a line written in pieces interleaves
 * with another child's ("trifold: warning: trifold: warning: ..."). */
static void emit(const tf_loc *loc, const char *kind, const char *fmt, va_list ap)
{
    FILE *out = sink ? sink : stderr;
    char small[1024];
    int where = loc_format(loc, NULL, 0);
    va_list ap2;
    va_copy(ap2, ap);
    int body = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (where < 0 || body < 0) return;
    size_t n = (size_t)where + strlen(kind) + 4 + (size_t)body + 1;   /* ": " kind ": " body "\n" */
    char *line = n + 1 <= sizeof small ? small : tf_xmalloc(n + 1);
    size_t o = (size_t)loc_format(loc, line, n + 1);
    o += (size_t)snprintf(line + o, n + 1 - o, ": %s: ", kind);
    o += (size_t)vsnprintf(line + o, n + 1 - o, fmt, ap);
    line[o++] = '\n';
    fwrite(line, 1, o, out);
    if (line != small) free(line);
}

void tf_diag_error(const tf_loc *loc, const char *fmt, ...)
{
    n_errors++;
    if (n_errors > TF_DIAG_MAX_ERRORS) {
        if (n_errors == TF_DIAG_MAX_ERRORS + 1)
            fprintf(sink ? sink : stderr, "trifold: error: too many errors, stopping the report here\n");
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    emit(loc, "error", fmt, ap);
    va_end(ap);
}

void tf_diag_warning(const tf_loc *loc, const char *fmt, ...)
{
    n_warnings++;
    va_list ap;
    va_start(ap, fmt);
    emit(loc, "warning", fmt, ap);
    va_end(ap);
}
