/* utf8.h: UTF-8 validation and decoding, shared by every stage that walks
 * text. Validation follows RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF. */
#ifndef TF_UTF8_H
#define TF_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TF_UTF8_BAD 0xFFFFFFFFu   /* tf_utf8_next's result for an invalid sequence */

/* Length of the valid sequence starting at p (1..4), or 0 if the bytes at
 * p are not a valid UTF-8 sequence (or it runs past end). */
size_t tf_utf8_seq_len(const char *p, const char *end);

/* Decode one code point at *p and advance *p past it. On an invalid
 * sequence returns TF_UTF8_BAD and advances one byte. Requires *p < end. */
uint32_t tf_utf8_next(const char **p, const char *end);

/* Encode cp into out (at least 4 bytes); returns the byte count (0 for an
 * invalid code point). */
size_t tf_utf8_encode(uint32_t cp, char *out);

/* Number of code points in [s, s+n); each invalid byte counts as one. */
size_t tf_utf8_count(const char *s, size_t n);

/* 1-based line and column (in code points, as libyaml counts) of byte
 * offset `off` in buf. Lines end at \n, \r\n or a lone \r. Scans from
 * the start: for one position. For many, use a cursor. */
void tf_utf8_line_col(const char *buf, size_t off, int *line, int *col);

/* Line:col of many offsets in one buffer, in time linear in the buffer:
 * the cursor remembers where it stopped and walks on from there. Offsets
 * should be at character boundaries; one before the last restarts from
 * the top (still correct, just not linear). Zero-initialise, then set buf. */
typedef struct tf_utf8_cursor {
    const char *buf;
    size_t off;            /* bytes walked so far */
    int line, col;         /* position at off; 0 before the first call */
    bool after_cr;         /* the last byte walked was \r: a \n next ends no new line */
} tf_utf8_cursor;

void tf_utf8_cursor_at(tf_utf8_cursor *c, size_t off, int *line, int *col);

/* Characters a content string must not hold: C0 controls other than \t
 * and \n, DEL, C1 controls, and the bidi embedding/override/isolate
 * controls (U+202A..U+202E, U+2066..U+2069) that can make text display
 * differently from its logical order. */
bool tf_utf8_is_forbidden(uint32_t cp);
bool tf_utf8_is_bidi_control(uint32_t cp);

#endif
