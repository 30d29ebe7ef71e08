/* test_res.c: the batch's shared resources (src/res.c). A font or a
 * hyphenation dictionary handed out stays valid until tf_res_free, however
 * many more are loaded: 26 languages, each with its own dictionary where
 * one is installed (hyphen-en-us, hyphen-es), every dictionary used again
 * after all the others were loaded. Under `make asan` a cache that dropped
 * an entry shows up here as a heap-use-after-free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "harness.h"
#include "res.h"

static const tf_loc here = {"test", 1, 1};

static void fonts_loaded_once(void)
{
    tf_res *r = tf_res_new();
    tf_font *a = tf_res_font(r, "fonts/NotoSans-Regular.ttf", &here);
    tf_font *b = tf_res_font(r, "fonts/NotoSans-Bold.ttf", &here);
    CHECK(a && b && a != b);
    CHECK(tf_res_font(r, "fonts/NotoSans-Regular.ttf", &here) == a);
    FILE *sink = tmpfile();
    tf_diag_set_stream(sink);
    CHECK(tf_res_font(r, "fonts/no-such-font.ttf", &here) == NULL);
    tf_diag_set_stream(NULL);
    fclose(sink);
    tf_diag_reset();
    /* many more fonts than the old fixed table held (32): the first stays */
    static const char *const files[] = {"fonts/NotoSans-Italic.ttf", "fonts/NotoSans-BoldItalic.ttf",
                                        "fonts/NotoSansHebrew-Regular.ttf", "fonts/NotoSansArabic-Regular.ttf"};
    for (int k = 0; k < 10; k++)
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            char path[256] = "";
            for (int j = 0; j < k; j++) strcat(path, "./");         /* another key, the same file */
            strcat(path, files[i]);
            CHECK(tf_res_font(r, path, &here) != NULL);
        }
    CHECK(tf_res_font(r, "fonts/NotoSans-Regular.ttf", &here) == a);
    CHECK(tf_font_ascender(a, TF_PT(10)) > 0);
    tf_res_free(r);
}

static void dictionaries_live_for_the_batch(void)
{
    static const char *const langs[] = {
        "en", "es-AR", "es-BO", "es-CL", "es-CO", "es-CR", "es-CU", "es-DO", "es-EC", "es-ES", "es-GT",
        "es-HN", "es-MX", "es-NI", "es-PA", "es-PE", "es-PR", "es-PY", "es-SV", "es-US", "es-UY",
        "es-VE", "qaa", "qab", "qac", "qad",
    };
    enum { N = sizeof langs / sizeof langs[0] };
    const tf_hyphen *h[N];
    tf_res *r = tf_res_new();
    for (size_t i = 0; i < N; i++) {
        if (!tf_res_hyphen_begin(r, langs[i], &h[i])) h[i] = tf_res_hyphen_wait(r, langs[i]);
        const tf_hyphen *again;
        CHECK(tf_res_hyphen_begin(r, langs[i], &again));   /* known now */
        CHECK(again == h[i]);
    }
    int with = 0;
    for (size_t i = 0; i < N; i++) {
        if (!strncmp(langs[i], "qa", 2)) {
            CHECK(h[i] == NULL);              /* private-use tags: no dictionary */
            continue;
        }
        CHECK(h[i] != NULL);                  /* hyphen-en-us, hyphen-es (tools/deps.sh) */
        if (!h[i]) continue;
        with++;
        for (size_t j = 0; j < i; j++) CHECK(h[j] != h[i]);   /* one per language, none reused */
        /* used after all the others were loaded */
        const char *word = langs[i][0] == 'e' && langs[i][1] == 'n' ? "hyphenation" : "computadora";
        size_t off[16];
        CHECK(tf_hyphen_points(h[i], word, strlen(word), 2, 2, off, 16) > 0);
    }
    CHECK_EQ_INT(with, 22);
    tf_res_free(r);
}

int main(void)
{
    RUN(fonts_loaded_once);
    RUN(dictionaries_live_for_the_batch);
    return DONE();
}
