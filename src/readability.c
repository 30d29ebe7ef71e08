/* readability.c: counts and formulas (readability.h). */
#include "readability.h"

#include <math.h>
#include <string.h>

#include "segment.h"
#include "utf8.h"

void tf_read_add(tf_read_counts *into, const tf_read_counts *c)
{
    into->sentences += c->sentences;
    into->words += c->words;
    into->syllables += c->syllables;
    into->poly += c->poly;
    into->mono += c->mono;
    into->long_words += c->long_words;
    into->chars += c->chars;
}

static bool empty(const tf_read_counts *c) { return c->sentences == 0 || c->words == 0; }

static double wps(const tf_read_counts *c) { return (double)c->words / (double)c->sentences; }
static double spw(const tf_read_counts *c) { return (double)c->syllables / (double)c->words; }

double tf_read_fk_grade(const tf_read_counts *c)
{
    if (empty(c)) return NAN;
    return 0.39 * wps(c) + 11.8 * spw(c) - 15.59;
}

double tf_read_smog(const tf_read_counts *c)
{
    if (empty(c)) return NAN;
    return 1.0430 * sqrt((double)c->poly * 30.0 / (double)c->sentences) + 3.1291;
}

double tf_read_fernandez_huerta(const tf_read_counts *c)
{
    if (empty(c)) return NAN;
    return 206.84 - 60.0 * spw(c) - 1.02 * wps(c);
}

double tf_read_szigriszt(const tf_read_counts *c)
{
    if (empty(c)) return NAN;
    return 206.835 - 62.3 * spw(c) - wps(c);
}

double tf_read_wstf(const tf_read_counts *c)
{
    if (empty(c)) return NAN;
    double w = (double)c->words;
    double ms = 100.0 * (double)c->poly / w, sl = wps(c);
    double iw = 100.0 * (double)c->long_words / w, es = 100.0 * (double)c->mono / w;
    return 0.1935 * ms + 0.1672 * sl + 0.1297 * iw - 0.0327 * es - 0.875;
}

double tf_read_amstad(const tf_read_counts *c)
{
    if (empty(c)) return NAN;
    return 180.0 - wps(c) - 58.5 * spw(c);
}

double tf_read_fh_min_for_grade(double grade)
{
    if (grade < 5) return 90;
    if (grade < 6) return 80;
    if (grade < 7) return 70;
    if (grade < 9) return 60;
    if (grade < 13) return 50;
    if (grade < 16) return 30;
    return 0;
}

tf_read_formula tf_read_formula_for(const char *lang)
{
    switch (tf_syllable_lang(lang)) {
    case TF_SYL_EN: return TF_READ_EN;
    case TF_SYL_ES: return TF_READ_ES;
    case TF_SYL_DE: return TF_READ_DE;
    default: return TF_READ_NONE;
    }
}

static tf_syl_lang syl_lang(tf_read_formula f)
{
    return f == TF_READ_EN ? TF_SYL_EN : f == TF_READ_ES ? TF_SYL_ES : f == TF_READ_DE ? TF_SYL_DE : TF_SYL_NONE;
}

void tf_read_count_words(tf_read_formula f, const char *text, size_t len, const tf_hyphen *dict,
                         tf_read_counts *c)
{
    tf_syl_lang sl = syl_lang(f);
    size_t pos = 0;
    tf_span_off w;
    while (tf_segment_next_word(text, len, &pos, &w)) {
        const char *ws = text + w.start;
        size_t wl = w.end - w.start;
        c->words++;
        c->chars += tf_utf8_count(ws, wl);
        if (sl == TF_SYL_NONE) continue;
        unsigned syl = tf_syllables(sl, ws, wl, dict);
        c->syllables += syl;
        if (syl >= 3) c->poly++;
        if (syl == 1) c->mono++;
        if (tf_syllable_letters(ws, wl) > 6) c->long_words++;
    }
}

void tf_read_count(tf_read_formula f, const char *text, size_t len, const tf_hyphen *dict,
                   tf_read_counts *c)
{
    c->sentences += tf_segment_sentences(text, len, NULL, 0);
    tf_read_count_words(f, text, len, dict, c);
}
