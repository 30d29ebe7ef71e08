/* json.h: a small streaming JSON writer for machine-readable reports
 * (`trifold check --json`). The caller opens and closes objects and arrays
 * in order; the writer puts the commas, the indentation and the string
 * escapes (RFC 8259: quote, backslash and control characters escaped,
 * other UTF-8 passed through). No allocation; nesting up to 32 levels. */
#ifndef TF_JSON_H
#define TF_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define TF_JSON_MAX_DEPTH 32

typedef struct tf_json {
    FILE *out;
    int depth;
    bool first[TF_JSON_MAX_DEPTH + 1];   /* nothing written yet at this level */
    bool after_key;                      /* a key was written: the value follows on the same line */
    bool one_line;                       /* JSON Lines: the whole document on one line */
} tf_json;

void tf_json_init(tf_json *j, FILE *out);
/* The same writer for JSON Lines (a manifest): no line breaks, one space
 * after each comma; the caller ends the line. */
void tf_json_init_line(tf_json *j, FILE *out);

/* Inside an object, every value is preceded by tf_json_key. */
void tf_json_key(tf_json *j, const char *key);
void tf_json_begin_object(tf_json *j);
void tf_json_end_object(tf_json *j);
void tf_json_begin_array(tf_json *j);
void tf_json_end_array(tf_json *j);
void tf_json_string(tf_json *j, const char *s);           /* NULL: null */
void tf_json_string_n(tf_json *j, const char *s, size_t n);
void tf_json_number(tf_json *j, double v, int decimals);  /* non-finite: null */
void tf_json_int(tf_json *j, long long v);
void tf_json_bool(tf_json *j, bool v);
void tf_json_null(tf_json *j);

/* Ends the document with a newline (call after the last end). */
void tf_json_finish(tf_json *j);

#endif
