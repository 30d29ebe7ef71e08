/* file.h: the one way to read an input file: a regular file, its size
 * checked against a cap from fstat before a byte is read (a 100 MB file
 * fails at once), read whole in one pass.
 *
 * Failures are reported through diag at `where`, worded about `what`
 * ("cannot open image 'p': ...", "font 'p' is a directory") or, with what
 * NULL, about the file `where` already names ("cannot open: ...", "is a
 * directory"). A caller that words its own message passes `err` instead:
 * then nothing is reported and *err says what went wrong. */
#ifndef TF_FILE_H
#define TF_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "base.h"

typedef enum tf_file_status {
    TF_FILE_OK,
    TF_FILE_CANNOT_OPEN,   /* errnum set */
    TF_FILE_CANNOT_READ,   /* errnum set */
    TF_FILE_DIRECTORY,
    TF_FILE_NOT_REGULAR,
    TF_FILE_TOO_BIG,       /* size set */
} tf_file_status;

typedef struct tf_file_error {
    tf_file_status status;
    int errnum;
    long long size;
} tf_file_error;

/* Open `path` for reading if it is a regular file of at most max_bytes;
 * *size gets its size. NULL on failure (reported, or in *err). The caller
 * closes the stream. */
FILE *tf_file_open(const char *path, size_t max_bytes, size_t *size, const char *what,
                   const tf_loc *where, tf_file_error *err);

/* The whole file in a malloc'd buffer with a NUL after the last byte (the
 * caller frees it); *len is the byte count. NULL on failure. */
char *tf_file_read(const char *path, size_t max_bytes, size_t *len, const char *what,
                   const tf_loc *where, tf_file_error *err);

/* A file's bytes mapped read-only (or, where it cannot be mapped, read
 * into memory). Mapping costs a page fault only for the pages used: a
 * 500 KB font of which a brochure touches a few tables maps in a few dozen
 * pages instead of 125 copied ones. The bytes must not change while
 * mapped: a file truncated under a mapping faults (SIGBUS) when a lost page
 * is read, so map only files that are replaced, not rewritten, in place
 * (fonts, dictionaries). */
typedef struct tf_file_view {
    const unsigned char *data;
    size_t len;
    bool mapped;
} tf_file_view;

/* false on failure (reported, or in *err), *out zeroed. */
bool tf_file_map(const char *path, size_t max_bytes, tf_file_view *out, const char *what,
                 const tf_loc *where, tf_file_error *err);
void tf_file_view_free(tf_file_view *v);       /* a zeroed view is fine */

/* A short reason for *err ("No such file or directory", "is a directory",
 * "too big (N bytes; the limit is M)"), for a caller's own message. */
const char *tf_file_error_str(const tf_file_error *err, size_t max_bytes, char *buf, size_t size);

#endif
