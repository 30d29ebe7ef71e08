/* test_hyphen.c: hyphenation points from the installed dictionaries
 * (hyphen-en-us, hyphen-es) and from a tiny ISO-8859-1 dictionary written
 * by the test itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "hyphen.h"
#include "params.h"

/* Points of `word` as "2 6" (space-separated byte offsets). */
static const char *pts(const tf_hyphen *h, const char *word, int lmin, int rmin)
{
    static char buf[256];
    size_t off[32];
    size_t n = tf_hyphen_points(h, word, strlen(word), lmin, rmin, off, 32);
    buf[0] = 0;
    for (size_t i = 0; i < n; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%zu", i ? " " : "", off[i]);
    return buf;
}

static void test_english(void)
{
    tf_hyphen *h = tf_hyphen_load("en");
    CHECK(h != NULL);
    if (!h) return;
    CHECK_EQ_STR(pts(h, "hyphenation", 2, 3), "2 6");          /* hy-phen-ation */
    CHECK_EQ_STR(pts(h, "Hyphenation", 2, 3), "2 6");          /* lowercased first */
    CHECK_EQ_STR(pts(h, "typesetting", 2, 3), "4 7");          /* type-set-ting */
    CHECK_EQ_STR(pts(h, "hyphenation", 3, 3), "6");            /* left_min in characters */
    CHECK_EQ_STR(pts(h, "hyphenation", 2, 6), "2");            /* right_min */
    CHECK_EQ_STR(pts(h, "hyphenation", 2, 5), "2 6");          /* "ation" is exactly 5 */
    CHECK_EQ_STR(pts(h, "abc1def", 1, 1), "");                 /* digits: none */
    CHECK_EQ_STR(pts(h, "don't", 1, 1), "");                   /* apostrophe: none */
    CHECK_EQ_STR(pts(h, "well-known", 1, 1), "");              /* compound: layout's job */
    size_t one[1];                                              /* cap respected */
    CHECK_EQ_INT(tf_hyphen_points(h, "hyphenation", 11, 2, 3, one, 1), 1);
    CHECK_EQ_INT(one[0], 2);
    char longw[120];
    memset(longw, 'a', sizeof longw);
    CHECK_EQ_INT(tf_hyphen_points(h, longw, 101, 2, 3, one, 1), 0);   /* > 100 bytes */
    CHECK_EQ_INT(tf_hyphen_points(h, "\xff\xfe", 2, 1, 1, one, 1), 0); /* invalid UTF-8 */
    tf_hyphen_free(h);

    h = tf_hyphen_load("en-Latn-GB");     /* no en_GB file: falls back to en_US */
    CHECK(h != NULL);
    if (h) CHECK_EQ_STR(pts(h, "hyphenation", 2, 3), "2 6");
    tf_hyphen_free(h);
}

static void test_spanish_utf8(void)
{
    tf_hyphen *h = tf_hyphen_load("es");
    CHECK(h != NULL);
    if (!h) return;
    CHECK_EQ_STR(pts(h, "comunicación", 2, 2), "2 4 6 8");     /* co-mu-ni-ca-ción */
    CHECK_EQ_STR(pts(h, "COMUNICACIÓN", 2, 2), "2 4 6 8");
    /* pe-di-güe-ño: the third point is after "pedigüe", 8 bytes (ü is 2) */
    CHECK_EQ_STR(pts(h, "pedigüeño", 2, 2), "2 4 8");
    /* right_min counts characters: "güeño" is 5 characters, 6 bytes */
    CHECK_EQ_STR(pts(h, "pedigüeño", 2, 5), "2 4");
    CHECK_EQ_STR(pts(h, "pedigüeño", 2, 6), "2");
    tf_hyphen_free(h);
    h = tf_hyphen_load("es-MX");
    CHECK(h != NULL);
    if (h) CHECK_EQ_STR(pts(h, "camión", 2, 2), "2");
    tf_hyphen_free(h);
}

static void test_unknown(void)
{
    CHECK(tf_hyphen_load("xx") == NULL);
    CHECK(tf_hyphen_load("") == NULL);
    CHECK(tf_hyphen_load("../etc") == NULL);
    CHECK(tf_hyphen_points(NULL, "word", 4, 1, 1, NULL, 0) == 0);
}

/* An ISO-8859-1 dictionary: the word is converted, offsets map back to
 * UTF-8 bytes; also checks TRIFOLD_HYPHEN_DIR and the any-region fallback. */
static void test_latin1_dictionary(void)
{
    char dir[] = "/tmp/tf_hyphen_XXXXXX";
    if (!mkdtemp(dir)) { CHECK(0); return; }
    char path[256];
    snprintf(path, sizeof path, "%s/hyph_xx_YY.dic", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fputs("ISO8859-1\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n\xe4" "1g\n\xf6" "1\n", f);
    fclose(f);
    setenv("TRIFOLD_HYPHEN_DIR", dir, 1);
    tf_hyphen *h = tf_hyphen_load("xx");
    CHECK(h != NULL);
    if (h) {
        CHECK_EQ_STR(pts(h, "säge", 1, 1), "3");        /* after "sä": 3 bytes */
        CHECK_EQ_STR(pts(h, "SÄGE", 1, 1), "3");
        CHECK_EQ_STR(pts(h, "ööö", 1, 1), "2 4");       /* ö-ö-ö */
        CHECK_EQ_STR(pts(h, "sžge", 1, 1), "");        /* not in Latin-1: none */
    }
    tf_hyphen_free(h);
    h = tf_hyphen_load("en");                         /* system dir still searched */
    CHECK(h != NULL);
    tf_hyphen_free(h);
    unsetenv("TRIFOLD_HYPHEN_DIR");
    remove(path);
    rmdir(dir);
}

/* Per-language minimum fragments (TeX's \lefthyphenmin/\righthyphenmin):
 * declared once (hyphen.c), overridable by the theme's parameters. */
static void test_fragment_minimums(void)
{
    int l, r;
    tf_hyphen_mins("en", NULL, &l, &r);
    CHECK(l == 2 && r == 3);
    tf_hyphen_mins("en-GB", NULL, &l, &r);
    CHECK(l == 2 && r == 3);
    tf_hyphen_mins("de", NULL, &l, &r);
    CHECK(l == 2 && r == 2);
    tf_hyphen_mins("de-AT", NULL, &l, &r);
    CHECK(l == 2 && r == 2);
    tf_hyphen_mins("dev", NULL, &l, &r);           /* not "de": the default */
    CHECK(l == 2 && r == 3);
    tf_hyphen_mins("xx", NULL, &l, &r);
    CHECK(l == 2 && r == 3);
    tf_hyphen_mins(NULL, NULL, &l, &r);
    CHECK(l == 2 && r == 3);
    tf_params p = tf_params_default;
    CHECK(p.hyphen_left_min == 0 && p.hyphen_right_min == 0);   /* 0: the language's */
    p.hyphen_left_min = 3;
    p.hyphen_right_min = 4;
    tf_hyphen_mins("de", &p, &l, &r);
    CHECK(l == 3 && r == 4);

    /* German keeps a two-letter last fragment, English does not */
    tf_hyphen *de = tf_hyphen_load("de");
    CHECK(de != NULL);
    if (de) {
        tf_hyphen_mins("de", NULL, &l, &r);
        /* Donau-dampf-schiff-fahrts-ge-sell-schaft: long compounds */
        const char *w = "Donaudampfschifffahrtsgesellschaft";
        CHECK(strlen(pts(de, w, l, r)) > 0);
        CHECK_EQ_STR(pts(de, "Schiffe", l, r), "5");           /* Schif-fe */
        tf_hyphen_mins("en", NULL, &l, &r);
        CHECK_EQ_STR(pts(de, "Schiffe", l, r), "");            /* "fe" is under en's 3 */
        tf_hyphen_free(de);
    }
}

int main(void)
{
    RUN(test_english);
    RUN(test_spanish_utf8);
    RUN(test_unknown);
    RUN(test_latin1_dictionary);
    RUN(test_fragment_minimums);
    return DONE();
}
