/* diag.h: compiler-style diagnostics, the one error convention.
 *
 *   content/attachment/en.yaml:12:5: error: unknown key 'titel' (did you mean 'title'?)
 *    12 |     titel: Sleep
 *       |     ^
 *
 * Stages report every problem they find through these calls and return
 * false; the caller looks at tf_diag_errors() to decide whether to go on.
 * Output goes to stderr unless redirected (tests capture it in a memory
 * stream). The sink is process-wide: trifold is single-threaded. */
#ifndef TF_DIAG_H
#define TF_DIAG_H

#include <stdio.h>

#include "base.h"

#define TF_DIAG_MAX_ERRORS 50   /* after this many, one "too many errors" */

void tf_diag_error(const tf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tf_diag_warning(const tf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tf_diag_note(const tf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

int tf_diag_errors(void);
int tf_diag_warnings(void);
void tf_diag_reset(void);                 /* counts back to zero */
void tf_diag_set_stream(FILE *f);         /* NULL: back to stderr; a stream turns excerpts off */
/* Show the source line and a caret under each located message (default
 * on). Colour is used only when the stream is a terminal and NO_COLOR is
 * unset; the first line always reads file:line:col: kind: message. */
void tf_diag_set_excerpts(int on);
/* Treat warnings as errors (--werror); they still print as warnings. */
void tf_diag_set_werror(int on);

/* Format a location as "file:line:col" (or "file" when line is 0) into buf. */
const char *tf_loc_str(const tf_loc *loc, char *buf, size_t size);

#endif
