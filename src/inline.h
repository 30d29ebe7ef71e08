/* inline.h: inline markup inside a text -> styled spans.
 *
 *   **bold**   *italic*   [link text](https://example.org)   \* escapes
 *   [words in another language]{lang=en}
 *
 * Markup may nest (a bold word inside a link, a link inside a language
 * span). Unbalanced markup is an error at the text's location, so a stray
 * asterisk never silently turns a whole paragraph italic; so is a language
 * span whose tag is not a well-formed language tag. */
#ifndef TF_INLINE_H
#define TF_INLINE_H

#include "arena.h"
#include "content.h"

enum { TF_SPAN_BOLD = 1, TF_SPAN_ITALIC = 2 };

typedef struct tf_span {
    const char *text;      /* escapes resolved; in the arena */
    size_t len;
    unsigned style;        /* TF_SPAN_* bits */
    const char *href;      /* link target or NULL */
    const char *lang;      /* language of a [..]{lang=..} span (one string per span) or NULL */
} tf_span;

/* Parse t->src into spans (in the arena). Returns false (and reports at
 * t->loc) on unbalanced markup. An absent text gives zero spans. */
bool tf_inline_parse(tf_arena *a, const tf_text *t, tf_span **out, size_t *n);

#endif
