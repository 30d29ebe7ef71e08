/* readability.h: reading-level formulas and the counts they take.
 *
 * The formulas, as published (sources in docs/content-format.md,
 * "Patient-material checks"):
 *
 *   Flesch-Kincaid grade (Kincaid et al. 1975), English:
 *       0.39 * words/sentences + 11.8 * syllables/words - 15.59
 *   SMOG grade (McLaughlin 1969; the regression form), English:
 *       1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291
 *       polysyllables: words of three or more syllables
 *   Fernandez-Huerta reading ease (1959, as corrected: Law 2011), Spanish:
 *       206.84 - 60 * syllables/words - 1.02 * words/sentences
 *       (0-100, higher is easier; 60-70 is "normal", grades 7-8)
 *   Szigriszt-Pazos perspicuity (1993), the INFLESZ scale's score, Spanish:
 *       206.835 - 62.3 * syllables/words - words/sentences
 *   Wiener Sachtextformel, first form (Bamberger & Vanecek 1984), German:
 *       0.1935 * MS + 0.1672 * SL + 0.1297 * IW - 0.0327 * ES - 0.875
 *       MS: % of words with 3+ syllables, SL: words per sentence,
 *       IW: % of words longer than 6 letters, ES: % of one-syllable words
 *       (a school grade, 4 to 15)
 *   Amstad (1978), Flesch reading ease for German:
 *       180 - words/sentences - 58.5 * syllables/words
 *
 * A formula is a proxy built from sentence and word length; it cannot tell
 * whether a text is clear, correct or kind. */
#ifndef TF_READABILITY_H
#define TF_READABILITY_H

#include <stdbool.h>
#include <stddef.h>

#include "hyphen.h"
#include "syllable.h"

typedef struct tf_read_counts {
    size_t sentences;
    size_t words;
    size_t syllables;
    size_t poly;            /* words of 3+ syllables */
    size_t mono;            /* words of 1 syllable */
    size_t long_words;      /* words of more than 6 letters */
    size_t chars;           /* letters and digits (CJK: characters = words) */
} tf_read_counts;

void tf_read_add(tf_read_counts *into, const tf_read_counts *c);

/* The formulas over counts; NAN when the counts are empty. */
double tf_read_fk_grade(const tf_read_counts *c);
double tf_read_smog(const tf_read_counts *c);
double tf_read_fernandez_huerta(const tf_read_counts *c);
double tf_read_szigriszt(const tf_read_counts *c);
double tf_read_wstf(const tf_read_counts *c);
double tf_read_amstad(const tf_read_counts *c);

/* The lowest Fernandez-Huerta score that reads at school grade `grade` or
 * below, from Fernandez Huerta's table (90: grade 4, 80: 5, 70: 6, 60:
 * 7-8, 50: pre-university, 30: selective courses, 0: university). */
double tf_read_fh_min_for_grade(double grade);

/* What a language is measured with. */
typedef enum tf_read_formula {
    TF_READ_NONE,           /* no standard formula: sentence length only */
    TF_READ_EN,             /* Flesch-Kincaid grade (checked) and SMOG */
    TF_READ_ES,             /* Fernandez-Huerta (checked) and Szigriszt-Pazos */
    TF_READ_DE              /* Wiener Sachtextformel (checked) and Amstad */
} tf_read_formula;

tf_read_formula tf_read_formula_for(const char *lang);

/* Count one text (plain, markup removed) in `lang`'s rules, adding to *c.
 * `dict` (may be NULL) refines syllable counts (syllable.h). */
void tf_read_count(tf_read_formula f, const char *text, size_t len, const tf_hyphen *dict,
                   tf_read_counts *c);
/* The same without splitting sentences (the caller counts them): words,
 * syllables and the word classes only. */
void tf_read_count_words(tf_read_formula f, const char *text, size_t len, const tf_hyphen *dict,
                         tf_read_counts *c);

#endif
