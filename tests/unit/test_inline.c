/* test_inline.c: inline markup -> spans: styles, links, and language spans
 * ([words]{lang=en}, issue 11), nested one deep each. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "harness.h"
#include "inline.h"

static tf_span *parse(tf_arena *a, const char *src, size_t *n, bool *ok)
{
    tf_text t = {0};
    t.src = src;
    t.loc = (tf_loc){"test.yaml", 3, 5};
    tf_span *v = NULL;
    *ok = tf_inline_parse(a, &t, &v, n);
    return v;
}

/* A language span holds text, bold and a link; its tag is one string for
 * all its spans, another span's is another string. */
static void test_lang_spans(void)
{
    tf_arena *a = tf_arena_new();
    size_t n;
    bool ok;
    tf_span *v = parse(a, "Use [the **AAMFT** [site](https://a.org) now]{lang=en} or "
                          "[Theraplay]{lang=en-US}.", &n, &ok);
    CHECK(ok);
    CHECK_EQ_INT(n, 9);
    if (n == 9) {
        CHECK_EQ_STR(v[0].text, "Use ");
        CHECK(v[0].lang == NULL);
        CHECK_EQ_STR(v[1].text, "the ");
        CHECK_EQ_STR(v[1].lang, "en");
        CHECK_EQ_STR(v[2].text, "AAMFT");
        CHECK(v[2].style == TF_SPAN_BOLD && v[2].lang == v[1].lang);
        CHECK_EQ_STR(v[3].text, " ");
        CHECK_EQ_STR(v[4].text, "site");
        CHECK_EQ_STR(v[4].href, "https://a.org");
        CHECK(v[4].lang == v[1].lang);
        /* " now" closes the span: " or " is outside */
        CHECK(strcmp(v[5].text, " now") == 0 && v[5].lang == v[1].lang);
        CHECK(strcmp(v[6].text, " or ") == 0 && v[6].lang == NULL);
        CHECK(strcmp(v[7].text, "Theraplay") == 0 && strcmp(v[7].lang, "en-US") == 0);
        CHECK(strcmp(v[8].text, ".") == 0 && v[8].lang == NULL);
    }
    v = parse(a, "[a]{lang=en} [b]{lang=en}", &n, &ok);
    CHECK(ok && n == 3);
    if (n == 3) CHECK(v[0].lang != v[2].lang && strcmp(v[0].lang, v[2].lang) == 0);
    /* not a language span: plain brackets, and a link */
    v = parse(a, "[x]{colour=red} [y](u)", &n, &ok);
    CHECK(ok && n == 2);
    if (n == 2) {
        CHECK_EQ_STR(v[0].text, "[x]{colour=red} ");
        CHECK(v[0].lang == NULL && v[1].lang == NULL);
    }
    tf_arena_free(a);
}

/* A tag that is not a language tag is an error at the text. */
static void test_bad_tag(void)
{
    tf_arena *a = tf_arena_new();
    size_t n;
    bool ok;
    tf_diag_reset();
    FILE *mem = tmpfile();
    tf_diag_set_stream(mem);
    parse(a, "say [hello]{lang=en_US!}", &n, &ok);
    tf_diag_set_stream(NULL);
    CHECK(!ok);
    CHECK_EQ_INT(tf_diag_errors(), 1);
    char buf[256] = {0};
    rewind(mem);
    size_t got = fread(buf, 1, sizeof buf - 1, mem);
    buf[got] = '\0';
    fclose(mem);
    CHECK_EQ_STR(buf, "test.yaml:3:5: error: invalid language tag 'en_US!' in [...]{lang=...}\n");
    tf_diag_reset();
    tf_arena_free(a);
}

int main(void)
{
    RUN(test_lang_spans);
    RUN(test_bad_tag);
    return DONE();
}
