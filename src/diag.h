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

int tf_diag_errors(void);
int tf_diag_warnings(void);              /* warnings since the last reset (tests) */
void tf_diag_reset(void);                 /* counts back to zero */
/* NULL: back to stderr. A stream (the unit tests) turns excerpts off:
 * by default each located message is followed by its source line and a
 * caret under the column; colour only when the stream is a terminal and
 * NO_COLOR is unset. The first line always reads file:line:col: kind: message. */
void tf_diag_set_stream(FILE *f);
/* True once TF_DIAG_MAX_ERRORS errors are out: later ones are counted but
 * not printed, so work that only composes a message (a "did you mean")
 * can be skipped, which keeps a file full of errors linear. */
bool tf_diag_capped(void);

/* A batch of editions: while a hook is set, each message goes to it
 * whole (the "file:line:col: kind: message" line and its excerpt lines,
 * each ending in a newline, no colour) instead of the stream, so the batch can say which edition it belongs to and say a
 * repeated message once (batch.h). NULL: back to printing. */
typedef void (*tf_diag_hook)(void *ctx, const char *line);
void tf_diag_set_hook(tf_diag_hook fn, void *ctx);
/* While muted, messages are counted (callers compare counts) but not
 * printed, and unmuting puts the counts back as they were: a look-ahead
 * pass that loads what the real pass loads again and reports. */
void tf_diag_mute(bool on);

/* Format a location as "file:line:col" (or "file" when line is 0) into buf. */
const char *tf_loc_str(const tf_loc *loc, char *buf, size_t size);

#endif
