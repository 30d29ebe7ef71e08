/* segment.h: sentences and words of a plain text, for the readability
 * figures (readability.h).
 *
 * Sentences follow the core of Unicode's sentence-boundary rules (UAX #29,
 * rules SB6-SB11): a sentence ends after . ! ? (and the CJK, Arabic and
 * Devanagari full stops and question marks), the closing quotes and
 * brackets and the spaces after them, except that a full stop does not end
 * a sentence before a digit ("3.5"), between two letters ("U.S."), or when
 * the next letter is lowercase ("M.A. and", "p. 12"), or before , ; :. The
 * libunibreak the engine links (1.1, Debian 12) has line and word breaking
 * but no sentence breaking, so these rules are implemented here. A text
 * (a paragraph, a list item) always ends a sentence where it ends.
 *
 * Words: runs of letters, digits and the marks inside words (apostrophes,
 * hyphens, the dot of "3.5"), the same units a reader counts; CJK
 * ideographs and kana are counted one character at a time (no spaces to
 * separate words). */
#ifndef TF_SEGMENT_H
#define TF_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tf_span_off {
    size_t start, end;        /* byte offsets into the text */
} tf_span_off;

/* Sentences of text[0, len): writes at most cap spans (trimmed of spaces;
 * sentences with no letters or digits left out) and returns how many there
 * are in all. */
size_t tf_segment_sentences(const char *text, size_t len, tf_span_off *out, size_t cap);

/* The next word at or after *pos in text[0, len): true and its span, *pos
 * moved past it; false at the end. A word's letters are its parts that are
 * letters (tf_segment_is_letter). */
bool tf_segment_next_word(const char *text, size_t len, size_t *pos, tf_span_off *word);

bool tf_segment_is_letter(uint32_t cp);
bool tf_segment_is_cjk(uint32_t cp);          /* ideographs, kana, hangul syllables */
uint32_t tf_segment_lower(uint32_t cp);       /* ASCII and Latin-1/Latin Extended-A letters */

#endif
