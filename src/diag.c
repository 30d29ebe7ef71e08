#define _DEFAULT_SOURCE   /* open_memstream */
#include "diag.h"

#include "arena.h"

#include <stdarg.h>
#include <stdlib.h>

static FILE *sink;
static int n_errors, n_warnings;
static tf_diag_hook hook;
static void *hook_ctx;
static bool muted;

void tf_diag_set_hook(tf_diag_hook fn, void *ctx)
{
    hook = fn;
    hook_ctx = ctx;
}

void tf_diag_mute(bool on)
{
    static int saved_errors, saved_warnings;
    if (on && !muted) {
        saved_errors = n_errors;
        saved_warnings = n_warnings;
    } else if (!on && muted) {
        n_errors = saved_errors;
        n_warnings = saved_warnings;
    }
    muted = on;
}

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

static void emit(const tf_loc *loc, const char *kind, const char *fmt, va_list ap)
{
    FILE *out = sink ? sink : stderr;
    char small[512], *where = small;            /* grows: a path of any length stays whole */
    int need = loc_format(loc, small, sizeof small);
    if (need >= (int)sizeof small) {
        where = tf_xmalloc((size_t)need + 1);
        loc_format(loc, where, (size_t)need + 1);
    }
    if (hook) {
        char *line = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&line, &len);
        if (m) {
            fprintf(m, "%s: %s: ", where, kind);
            vfprintf(m, fmt, ap);
            fclose(m);
            hook(hook_ctx, line);
        }
        free(line);
        if (where != small) free(where);
        return;
    }
    fprintf(out, "%s: %s: ", where, kind);
    if (where != small) free(where);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
}

void tf_diag_error(const tf_loc *loc, const char *fmt, ...)
{
    n_errors++;
    if (muted) return;
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
    if (muted) return;
    va_list ap;
    va_start(ap, fmt);
    emit(loc, "warning", fmt, ap);
    va_end(ap);
}
