/* yamlhint.h: libyaml's syntax errors in words a brochure writer knows.
 *
 * libyaml reports what its grammar saw ("mapping values are not allowed in
 * this context"); the mistake behind it is almost always one of a few:
 * text holding ": " or starting with a character YAML reserves (* & ! @ %
 * `), or a key at the wrong indentation. These functions look at the
 * source line the error points to and say which, with the fix. They only
 * read the buffer. */
#ifndef TF_YAMLHINT_H
#define TF_YAMLHINT_H

#include <stddef.h>

/* A message for libyaml's `problem` at line:*col (1-based, col in
 * characters), `context` (may be NULL) opened at context_line:context_col.
 * Writes into msg and returns 1 (moving *col to the mistake when libyaml
 * stopped elsewhere), or returns 0 when there is nothing better to say than
 * libyaml's words. */
int tf_yamlhint_syntax(const char *buf, size_t len, int line, int *col, const char *problem,
                       const char *context, int context_line, int context_col, char *msg, size_t size);

/* ", quote it: key: \"...\"" for the `key: value` line `line`, or a shorter
 * hint when the line is not of that form. */
void tf_yamlhint_quote(const char *buf, size_t len, int line, char *out, size_t size);

/* Where a plain scalar ends on its line: 1 if the rest of the line is
 * " #word" (a comment that cut the text short), with the column of '#'. */
int tf_yamlhint_cut_comment(const char *buf, size_t len, size_t end_index, int *hash_col);

#endif
