/* syllable.h: syllables of a word, per language, for the readability
 * formulas (readability.h).
 *
 * Each language has a rule written from its spelling (documented in
 * docs/content-format.md, "Patient-material checks"):
 *   en  vowel groups (a e i o u y), less a silent final e / -es / -ed,
 *       plus the vowel pairs English says as two syllables (radio, video,
 *       usual, being, idea, quiet)
 *   es  vowel nuclei: i u (unaccented) and ü join the vowel beside them
 *       (diphthong), two of a e o á é í ó ú are two syllables (hiatus), a
 *       final y after a vowel is a vowel ("hoy", "muy")
 *   de  vowel groups (a e i o u ä ö ü y) where only ai au äu ei eu ie aa ee
 *       oo form one nucleus
 * When the edition's hyphenation dictionary is given, the count is at
 * least its hyphenation points + 1 (points found with one letter allowed
 * on each side): a dictionary knows where syllables meet inside words, but
 * never breaks off a one-letter syllable ("a-bout", "i-de-a"), so alone it
 * counts too few. Other languages: 0 (no formula uses them). */
#ifndef TF_SYLLABLE_H
#define TF_SYLLABLE_H

#include <stddef.h>

#include "hyphen.h"

typedef enum tf_syl_lang { TF_SYL_NONE, TF_SYL_EN, TF_SYL_ES, TF_SYL_DE } tf_syl_lang;

/* The rule for a BCP 47 tag ("en", "en-GB", "es-MX", "de"). */
tf_syl_lang tf_syllable_lang(const char *tag);

/* Syllables of one word (UTF-8; letters, and digits counted as one
 * syllable per digit group). At least 1 for a word with a letter or digit.
 * `dict` may be NULL. */
unsigned tf_syllables(tf_syl_lang lang, const char *word, size_t len, const tf_hyphen *dict);

/* Letters in a word (code points that are letters), for "long word"
 * counts. */
unsigned tf_syllable_letters(const char *word, size_t len);

#endif
