/* test_font.c: loading, coverage, metrics and shaping of fonts/NotoSans. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "font.h"
#include "harness.h"

#define REG "fonts/NotoSans-Regular.ttf"
#define PT12 (12 * TF_SP_PER_PT)

static tf_font *load(const char *path)
{
    tf_loc loc = {"test.yaml", 3, 5};
    return tf_font_load(path, &loc);
}

static void test_load_and_names(void)
{
    tf_font *f = load(REG);
    CHECK(f != NULL);
    if (!f) return;
    CHECK_EQ_STR(tf_font_path(f), REG);
    CHECK_EQ_STR(tf_font_postscript_name(f), "NotoSans-Regular");
    CHECK_EQ_INT(tf_font_units_per_em(f), 1000);
    size_t len = 0;
    const unsigned char *d = tf_font_data(f, &len);
    CHECK(d != NULL && len > 10000);
    tf_font_free(f);
    tf_font_free(NULL);
}

static char *capture(void (*fn)(void))
{
    char *buf = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&buf, &size);
    tf_diag_set_stream(mem);
    fn();
    tf_diag_set_stream(NULL);
    fclose(mem);
    return buf;
}

static void load_missing(void) { CHECK(load("fonts/nope.ttf") == NULL); }
static void load_not_ttf(void) { CHECK(load("fonts/OFL.txt") == NULL); }

static void test_load_errors(void)
{
    tf_diag_reset();
    char *m = capture(load_missing);
    CHECK_EQ_STR(m, "test.yaml:3:5: error: cannot read font 'fonts/nope.ttf': "
                    "No such file or directory\n");
    free(m);
    m = capture(load_not_ttf);
    CHECK_EQ_STR(m, "test.yaml:3:5: error: font 'fonts/OFL.txt' is not a TrueType font\n");
    free(m);
    CHECK_EQ_INT(tf_diag_errors(), 2);
    tf_diag_reset();
}

static void test_coverage_metrics(void)
{
    tf_font *f = load(REG);
    if (!f) { CHECK(0); return; }
    CHECK(tf_font_has_char(f, 'A'));
    CHECK(tf_font_has_char(f, 0xE9));          /* é */
    CHECK(!tf_font_has_char(f, 0x4E2D));       /* CJK: not in Noto Sans */
    CHECK(!tf_font_has_char(f, 0x0627));       /* Arabic alef */
    CHECK(tf_font_ascender(f, PT12) > 0);
    CHECK(tf_font_descender(f, PT12) < 0);
    CHECK(tf_font_cap_height(f, PT12) > 0);
    CHECK(tf_font_ascender(f, PT12) > tf_font_cap_height(f, PT12));
    /* Metrics scale linearly (within rounding). */
    tf_sp a12 = tf_font_ascender(f, PT12), a24 = tf_font_ascender(f, 2 * PT12);
    CHECK(a24 - 2 * a12 <= 1 && 2 * a12 - a24 <= 1);

    int bbox[4], asc, desc, cap, angle, flags;
    tf_font_descriptor(f, bbox, &asc, &desc, &cap, &angle, &flags);
    CHECK(bbox[0] < 0 && bbox[1] < 0 && bbox[2] > 1000 && bbox[3] > 1000);
    CHECK(asc > 0 && desc < 0 && cap > 0);
    CHECK_EQ_INT(angle, 0);
    CHECK_EQ_INT(flags & 64, 0);
    tf_font_free(f);

    f = load("fonts/NotoSans-Italic.ttf");
    if (!f) { CHECK(0); return; }
    tf_font_descriptor(f, bbox, &asc, &desc, &cap, &angle, &flags);
    CHECK(angle < 0);
    CHECK(flags & 64);
    tf_font_free(f);
}

static void test_shaping(void)
{
    tf_font *f = load(REG);
    if (!f) { CHECK(0); return; }
    tf_glyph g[32];

    /* Kerning: "AV" is narrower than A + V measured apart. */
    tf_sp av = tf_font_measure(f, PT12, "AV", 2, "en");
    tf_sp a = tf_font_measure(f, PT12, "A", 1, "en");
    tf_sp v = tf_font_measure(f, PT12, "V", 1, "en");
    CHECK(av < a + v);
    CHECK(av > (a + v) * 8 / 10);
    size_t n = tf_font_shape(f, "AV", 2, "en", TF_DIR_LTR, g, 32);
    CHECK_EQ_INT(n, 2);
    /* positions come in font units; scaled one by one they add up to the width */
    unsigned upem = tf_font_units_per_em(f);
    CHECK_EQ_INT(tf_font_units_to_sp(g[0].x_advance, PT12, upem) +
                 tf_font_units_to_sp(g[1].x_advance, PT12, upem), av);
    /* the advance of A in the pair carries the kern */
    CHECK(g[0].x_advance < tf_font_glyph_advance_units(f, g[0].gid));
    CHECK(tf_font_units_to_sp(g[0].x_advance, PT12, upem) < a);
    CHECK_EQ_INT(g[1].x_advance, tf_font_glyph_advance_units(f, g[1].gid));
    CHECK_EQ_INT(g[0].cluster, 0);
    CHECK_EQ_INT(g[1].cluster, 1);

    /* Advances in sp: units * size / upem. */
    int adv = tf_font_glyph_advance_units(f, g[1].gid);
    CHECK_EQ_INT(v, ((long long)adv * PT12 + 500) / 1000);

    /* Ligature: "office" has an "ffi" or "fi" ligature, so fewer glyphs than bytes. */
    n = tf_font_shape(f, "office", 6, "en", TF_DIR_LTR, g, 32);
    CHECK(n < 6);
    CHECK_EQ_INT(g[0].cluster, 0);
    CHECK_EQ_INT(g[1].cluster, 1);              /* ligature cluster starts at the first f */
    CHECK_EQ_INT(g[n - 1].cluster, 5);
    n = tf_font_shape(f, "fi", 2, "en", TF_DIR_LTR, g, 32);
    CHECK_EQ_INT(n, 1);

    /* Glyph count is returned even when cap is too small; nothing written past cap. */
    tf_glyph small[2];
    memset(small, 0, sizeof small);
    n = tf_font_shape(f, "Wavy text", 9, "en", TF_DIR_LTR, small, 1);
    CHECK_EQ_INT(n, 9);
    CHECK(small[0].gid != 0);
    CHECK_EQ_INT(small[1].gid, 0);

    /* Multi-byte UTF-8: clusters are byte offsets. */
    n = tf_font_shape(f, "caf\xC3\xA9!", 6, "fr", TF_DIR_LTR, g, 32);
    CHECK_EQ_INT(n, 5);
    CHECK_EQ_INT(g[3].cluster, 3);
    CHECK_EQ_INT(g[4].cluster, 5);

    /* Missing character gives glyph 0 (the caller handles fallback). */
    n = tf_font_shape(f, "\xE4\xB8\xAD", 3, "zh", TF_DIR_LTR, g, 32);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(g[0].gid, 0);

    /* RTL: glyphs come out in visual order, clusters descending. */
    n = tf_font_shape(f, "abc", 3, "en", TF_DIR_RTL, g, 32);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(g[0].cluster, 2);
    CHECK_EQ_INT(g[2].cluster, 0);

    /* Same input, same result: the cached buffer and a fresh shape agree. */
    tf_sp w1 = tf_font_measure(f, PT12, "Wavy office", 11, "en");
    tf_font_shape(f, "AV", 2, "en", TF_DIR_LTR, g, 32);
    tf_sp w2 = tf_font_measure(f, PT12, "Wavy office", 11, "en");
    CHECK_EQ_INT(w1, w2);
    CHECK_EQ_INT(tf_font_measure(f, PT12, "", 0, "en"), 0);
    tf_font_free(f);
}

static void test_unsafe_to_break(void)
{
    tf_font *f = load(REG);
    if (!f) { CHECK(0); return; }
    tf_glyph g[16];
    /* Between the kerned A and V, breaking changes the shaping. */
    size_t n = tf_font_shape(f, "AV", 2, "en", TF_DIR_LTR, g, 16);
    CHECK_EQ_INT(n, 2);
    CHECK(g[1].unsafe_to_break);
    n = tf_font_shape(f, "o o", 3, "en", TF_DIR_LTR, g, 16);
    CHECK_EQ_INT(n, 3);
    CHECK(!g[1].unsafe_to_break);
    tf_font_free(f);
}

/* Shaping results are remembered per font (font.c): a remembered result
 * must be the one a fresh font gives for the same text, language and
 * direction, whatever was shaped before, past the table's growth, for
 * texts too long to remember and past the bound on what is kept. */
static bool same_shape(tf_font *a, tf_font *b, const char *s, const char *lang, tf_dir dir)
{
    tf_glyph ga[128], gb[128];
    size_t na = tf_font_shape(a, s, strlen(s), lang, dir, ga, 128);
    size_t nb = tf_font_shape(b, s, strlen(s), lang, dir, gb, 128);
    if (na != nb || na > 128) return false;
    for (size_t i = 0; i < na; i++)
        if (ga[i].gid != gb[i].gid || ga[i].cluster != gb[i].cluster || ga[i].x_advance != gb[i].x_advance ||
            ga[i].x_offset != gb[i].x_offset || ga[i].y_offset != gb[i].y_offset ||
            ga[i].unsafe_to_break != gb[i].unsafe_to_break)
            return false;
    return true;
}

static void test_shape_memory(void)
{
    tf_font *f = load(REG), *fresh = NULL;
    if (!f) { CHECK(0); return; }
    const char *words[] = {"AV", "office", "Wavy", "abc", "caf\xC3\xA9", "To", "fi", " "};
    char buf[96];
    /* many distinct words (the table grows several times), each asked
     * again later in another order, in both directions */
    for (int i = 0; i < 3000; i++) {
        snprintf(buf, sizeof buf, "%s%d", words[i % 8], i);
        tf_font_measure(f, PT12, buf, strlen(buf), "en");
    }
    int bad = 0;
    for (int i = 2999; i >= 0; i -= 7) {
        snprintf(buf, sizeof buf, "%s%d", words[i % 8], i);
        fresh = load(REG);
        if (!fresh) { CHECK(0); break; }
        bad += !same_shape(f, fresh, buf, "en", TF_DIR_LTR);
        bad += !same_shape(f, fresh, buf, "en", TF_DIR_RTL);   /* the same text the other way */
        tf_font_free(fresh);
        if (i < 2950) i -= 300;                              /* a sample, not all */
    }
    CHECK_EQ_INT(bad, 0);
    /* direction and language are part of the key */
    fresh = load(REG);
    if (fresh) {
        tf_glyph l[8], r[8];
        size_t nl = tf_font_shape(f, "abc", 3, "en", TF_DIR_LTR, l, 8);
        size_t nr = tf_font_shape(f, "abc", 3, "en", TF_DIR_RTL, r, 8);
        CHECK_EQ_INT(nl, 3);
        CHECK_EQ_INT(nr, 3);
        CHECK(l[0].cluster == 0 && r[0].cluster == 2);
        CHECK(same_shape(f, fresh, "abc", "de", TF_DIR_LTR));
        CHECK(same_shape(f, fresh, "office", NULL, TF_DIR_LTR));
        /* a text too long to remember, asked twice around another */
        const char *lng = "A paragraph long enough not to be remembered word by word: office, Wavy AV.";
        CHECK(strlen(lng) > 64);
        CHECK(same_shape(f, fresh, lng, "en", TF_DIR_LTR));
        CHECK(same_shape(f, fresh, "AV", "en", TF_DIR_LTR));
        CHECK(same_shape(f, fresh, lng, "en", TF_DIR_LTR));
        tf_font_free(fresh);
    }
    /* past the bound on what is kept (16384 texts): still right */
    for (int i = 3000; i < 17000; i++) {
        snprintf(buf, sizeof buf, "w%d", i);
        tf_font_measure(f, PT12, buf, strlen(buf), "en");
    }
    fresh = load(REG);
    if (fresh) {
        CHECK(same_shape(f, fresh, "w16999", "en", TF_DIR_LTR));
        CHECK(same_shape(f, fresh, "Wavy7", "en", TF_DIR_LTR));
        CHECK(same_shape(f, fresh, "brand new", "en", TF_DIR_LTR));
        CHECK(same_shape(f, fresh, "office", "en", TF_DIR_LTR));
        tf_font_free(fresh);
    }
    tf_font_free(f);
}

int main(void)
{
    RUN(test_load_and_names);
    RUN(test_load_errors);
    RUN(test_coverage_metrics);
    RUN(test_shaping);
    RUN(test_unsafe_to_break);
    RUN(test_shape_memory);
    return DONE();
}
