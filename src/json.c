/* json.c: streaming JSON writer (json.h). */
#include "json.h"

#include <assert.h>
#include <math.h>
#include <string.h>

void tf_json_init(tf_json *j, FILE *out)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    j->first[0] = true;
}

void tf_json_init_line(tf_json *j, FILE *out)
{
    tf_json_init(j, out);
    j->one_line = true;
}

static void indent(tf_json *j)
{
    if (j->one_line) return;
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++) fputs("  ", j->out);
}

/* Before any value or key: the comma and line break of its level. */
static void before(tf_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (!j->first[j->depth]) fputs(j->one_line ? ", " : ",", j->out);
    if (j->depth > 0) indent(j);
    j->first[j->depth] = false;
}

static void put_string(tf_json *j, const char *s, size_t n)
{
    fputc('"', j->out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            fputc('\\', j->out);
            fputc(c, j->out);
        } else if (c == '\n') {
            fputs("\\n", j->out);
        } else if (c == '\t') {
            fputs("\\t", j->out);
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(j->out, "\\u%04x", c);
        } else {
            fputc(c, j->out);
        }
    }
    fputc('"', j->out);
}

void tf_json_key(tf_json *j, const char *key)
{
    before(j);
    put_string(j, key, strlen(key));
    fputs(": ", j->out);
    j->after_key = true;
}

static void open_level(tf_json *j, char c)
{
    before(j);
    fputc(c, j->out);
    assert(j->depth < TF_JSON_MAX_DEPTH);
    j->first[++j->depth] = true;
}

static void close_level(tf_json *j, char c)
{
    assert(j->depth > 0);
    bool empty = j->first[j->depth];
    j->depth--;
    if (!empty) indent(j);
    fputc(c, j->out);
}

void tf_json_begin_object(tf_json *j) { open_level(j, '{'); }
void tf_json_end_object(tf_json *j) { close_level(j, '}'); }
void tf_json_begin_array(tf_json *j) { open_level(j, '['); }
void tf_json_end_array(tf_json *j) { close_level(j, ']'); }

void tf_json_string(tf_json *j, const char *s)
{
    if (!s) {
        tf_json_null(j);
        return;
    }
    tf_json_string_n(j, s, strlen(s));
}

void tf_json_string_n(tf_json *j, const char *s, size_t n)
{
    before(j);
    put_string(j, s, n);
}

void tf_json_number(tf_json *j, double v, int decimals)
{
    if (!isfinite(v)) {
        tf_json_null(j);
        return;
    }
    before(j);
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", decimals, v);
    /* -0.04 to one decimal is "-0.0": print it as "0.0" */
    bool zero = true;
    for (const char *p = buf; *p; p++) zero &= *p == '-' || *p == '0' || *p == '.';
    fputs(zero && buf[0] == '-' ? buf + 1 : buf, j->out);
}

void tf_json_int(tf_json *j, long long v)
{
    before(j);
    fprintf(j->out, "%lld", v);
}

void tf_json_bool(tf_json *j, bool v)
{
    before(j);
    fputs(v ? "true" : "false", j->out);
}

void tf_json_null(tf_json *j)
{
    before(j);
    fputs("null", j->out);
}

void tf_json_finish(tf_json *j)
{
    fputc('\n', j->out);
    fflush(j->out);
}
