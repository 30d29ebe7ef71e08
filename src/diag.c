#include "diag.h"

#include <stdint.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "utf8.h"

static FILE *sink;
static int n_errors, n_warnings, no_excerpts;
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

#define TF_DIAG_EXCERPT_CHARS 120

/* A redirected stream (the unit tests) gets first lines only. */
void tf_diag_set_stream(FILE *f)
{
    sink = f;
    no_excerpts = f != NULL;
}
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

/* Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
static bool use_colour(FILE *out)
{
    const char *nc = getenv("NO_COLOR");
    return (!nc || !*nc) && isatty(fileno(out));
}

/* Line `line` of `file` into buf (without its newline); false if unreadable. */
static bool read_line(const char *file, int line, char *buf, size_t size)
{
    FILE *f = fopen(file, "rb");
    if (!f) return false;
    int l = 1, c;
    size_t n = 0;
    bool found = false;
    while ((c = getc(f)) != EOF) {
        if (l == line) {
            found = true;
            if (c == '\n') break;
            if (n + 1 < size) buf[n++] = (char)c;
        } else if (c == '\n' && ++l > line) {
            break;
        }
    }
    fclose(f);
    if (n && buf[n - 1] == '\r') n--;
    buf[n] = 0;
    return found;
}

/* The source line and a caret under the column, like rustc and Typst:
 *
 *      8 |     intro: Note: this is it
 *        |                ^
 */
static void excerpt(FILE *out, const tf_loc *loc, const char *colour)
{
    char line[512];
    if (no_excerpts || !loc || !loc->file || loc->line <= 0 || !read_line(loc->file, loc->line, line, sizeof line))
        return;
    /* a line with control or bidi characters (or broken UTF-8) could move the
     * terminal's cursor or reorder what it shows: the message alone is safer */
    const char *end = line + strlen(line);
    for (const char *p = line; p < end;) {
        if (!tf_utf8_seq_len(p, end)) return;
        uint32_t cp = tf_utf8_next(&p, end);
        if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp < 0xA0) || tf_utf8_is_forbidden(cp) ||
            tf_utf8_is_bidi_control(cp))
            return;
    }
    /* a window of TF_DIAG_EXCERPT_CHARS characters around the column */
    const char *start = line;
    int col = 1, first = 1;
    if (loc->col > TF_DIAG_EXCERPT_CHARS - 20) {
        first = loc->col - TF_DIAG_EXCERPT_CHARS / 2;
        for (; *start && col < first; start++)
            if (((unsigned char)start[1] & 0xC0) != 0x80) col++;
        if (*start) start++;
        while (((unsigned char)*start & 0xC0) == 0x80) start++;
    }
    char num[16];
    int w = snprintf(num, sizeof num, "%d", loc->line);
    fprintf(out, " %s | %s", num, start > line ? "..." : "");
    int shown = 0;
    const char *p = start;
    for (; *p && shown < TF_DIAG_EXCERPT_CHARS; p++) {
        fputc(*p == '\t' ? ' ' : *p, out);
        if (((unsigned char)p[1] & 0xC0) != 0x80) shown++;
    }
    fprintf(out, "%s\n %*s | %s", *p ? "..." : "", w, "", start > line ? "   " : "");
    col = first;
    for (p = start; *p && col < loc->col; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80) continue;   /* continuation byte */
        fputc(' ', out);
        col++;
    }
    fprintf(out, "%s^%s\n", colour ? colour : "", colour ? "\033[0m" : "");
}

/* The whole message (first line and excerpt) goes out in one write: worker
 * processes (main.c) share stderr, and unbuffered pieces would interleave. */
static void emit(const tf_loc *loc, const char *kind, const char *fmt, va_list ap)
{
    FILE *dest = sink ? sink : stderr;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) out = dest;
    char small[512], *where = small;            /* grows: a path of any length stays whole */
    int need = loc_format(loc, small, sizeof small);
    if (need >= (int)sizeof small) {
        where = tf_xmalloc((size_t)need + 1);
        loc_format(loc, where, (size_t)need + 1);
    }
    const char *colour = NULL;
    if (use_colour(dest) && !hook)
        colour = !strcmp(kind, "error") ? "\033[1;31m" : !strcmp(kind, "warning") ? "\033[1;35m" : "\033[1;36m";
    if (colour)
        fprintf(out, "\033[1m%s:\033[0m %s%s:\033[0m ", where, colour, kind);
    else
        fprintf(out, "%s: %s: ", where, kind);
    if (where != small) free(where);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    excerpt(out, loc, colour);
    if (hook && out != dest) {         /* a batch: the message goes to it, whole */
        fclose(out);
        hook(hook_ctx, text);
        free(text);
        return;
    }
    if (out != dest) {
        fclose(out);
        fwrite(text, 1, len, dest);
        fflush(dest);
    }
    free(text);
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
