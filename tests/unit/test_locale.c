/* test_locale.c: the translation overlay (locale.c) on its own, with YAML
 * parsed from strings: a translation replaces only what the base has,
 * translated texts carry the translation's language, lines go as a whole,
 * and what stays in the base language is recorded as a fallback. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "harness.h"
#include "locale.h"

static char captured[4096];
static FILE *cap_f;

static void capture(void)
{
    memset(captured, 0, sizeof captured);
    cap_f = fmemopen(captured, sizeof captured, "w");
    tf_diag_set_stream(cap_f);
}

static void release(void)
{
    tf_diag_set_stream(NULL);
    fclose(cap_f);
    tf_diag_reset();
}

static const tf_ynode *parse(tf_arena *a, const char *yaml)
{
    tf_ynode *root = NULL;
    CHECK(tf_yaml_parse(a, "t.yaml", yaml, strlen(yaml), &root));
    return root;
}

static void test_replace(void)
{
    tf_arena *a = tf_arena_new();
    const char *en = "en", *es = "es";
    tf_locale lc;
    tf_locale_init(&lc, a, en, es, "the base text (en.yaml)");
    const tf_ynode *base = parse(a, "name: Clinic\nnote: Hello\n");
    const tf_ynode *tr = parse(a, "name: Clínica\nphone: '1'\n");
    tf_text name = {0}, note = {0}, phone = {0};
    CHECK(tf_locale_read(a, tf_ymap_get(base, "name"), &name, en));
    CHECK(tf_locale_read(a, tf_ymap_get(base, "note"), &note, en));
    CHECK(name.lang == en && name.loc.line == 1 && name.loc.col == 7);

    CHECK(tf_locale_replace(&lc, &name, tr->pairs[0].key, tr->pairs[0].val, "name"));
    CHECK_EQ_STR(name.src, "Clínica");
    CHECK(name.lang == es);              /* the translation's own pointer */
    CHECK_EQ_INT(name.loc.line, 1);

    capture();                           /* phone is not in the base: reported, nothing added */
    CHECK(!tf_locale_replace(&lc, &phone, tr->pairs[1].key, tr->pairs[1].val, "phone"));
    release();
    CHECK_EQ_STR(captured, "t.yaml:2:1: error: key 'phone' is not in the base text (en.yaml)\n");
    CHECK(phone.src == NULL);

    capture();
    tf_locale_not_in_base(&lc, tr->pairs[0].key, "nmae", "name");
    release();
    CHECK_EQ_STR(captured, "t.yaml:1:1: error: key 'nmae' is not in the base text (en.yaml) (did you mean 'name'?)\n");

    /* only texts still in the base language fall back */
    tf_locale_fallback(&lc, &name, "meta.%s", "name");
    tf_locale_fallback(&lc, &note, "meta.%s", "note");
    tf_locale_fallback(&lc, &phone, "meta.%s", "phone");
    CHECK_EQ_INT(lc.n_fallbacks, 1);
    if (lc.n_fallbacks == 1) {
        CHECK_EQ_STR(lc.fallbacks[0].key, "meta.note");
        CHECK_EQ_INT(lc.fallbacks[0].base_loc.line, 2);
    }
    tf_arena_free(a);
}

static bool at_most_two(const tf_ynode *v)
{
    if (v->kind == TF_Y_SEQ && v->n > 2) {
        tf_diag_error(&v->loc, "too many lines");
        return false;
    }
    return true;
}

static void test_contact_and_lines(void)
{
    tf_arena *a = tf_arena_new();
    const char *en = "en", *vi = "vi";
    tf_locale lc;
    tf_locale_init(&lc, a, en, vi, "the clinic's base text (en)");
    const tf_ynode *base = parse(a, "name: A\ndescription: D\nphone: P\naddress: [One, Two]\n");
    tf_contact k = {.id = "a"};
    tf_locale_read(a, tf_ymap_get(base, "name"), &k.name, en);
    tf_locale_read(a, tf_ymap_get(base, "description"), &k.description, en);
    tf_locale_read(a, tf_ymap_get(base, "phone"), &k.phone, en);
    const tf_ynode *addr = tf_ymap_get(base, "address");
    k.address = tf_arena_alloc(a, 2 * sizeof *k.address);
    for (size_t i = 0; i < 2; i++) tf_locale_read(a, addr->items[i], &k.address[i], en);
    k.n_address = 2;

    /* a three-line address replaces the two lines as a whole */
    const tf_ynode *tr = parse(a, "name: Á\naddress: [Một, Hai, Ba]\nweb: x\n");
    capture();
    tf_locale_contact(&lc, a, &k, tr, "referrals.a", "referral");
    release();
    CHECK_EQ_STR(captured, "t.yaml:3:1: error: key 'referrals.a.web' is not in the clinic's base text (en)\n");
    CHECK_EQ_STR(k.name.src, "Á");
    CHECK(k.name.lang == vi);
    CHECK_EQ_INT(k.n_address, 3);
    if (k.n_address == 3) CHECK(k.address[2].lang == vi && !strcmp(k.address[2].src, "Ba"));

    /* the caller's check refuses a translation: the lines stay */
    lc.check_lines = at_most_two;
    const tf_ynode *tr2 = parse(a, "address: [1, 2, 3]\n");
    capture();
    CHECK(!tf_locale_replace_lines(&lc, &k.address, &k.n_address, tr2->pairs[0].key, tr2->pairs[0].val, "address"));
    release();
    CHECK_EQ_STR(captured, "t.yaml:1:10: error: too many lines\n");
    CHECK_EQ_INT(k.n_address, 3);

    /* description and phone stayed in English: only the description is a fallback */
    tf_locale_contact_fallbacks(&lc, &k, "clinics.x.referrals.a");
    CHECK_EQ_INT(lc.n_fallbacks, 1);
    if (lc.n_fallbacks == 1) CHECK_EQ_STR(lc.fallbacks[0].key, "clinics.x.referrals.a.description");
    tf_arena_free(a);
}

int main(void)
{
    RUN(test_replace);
    RUN(test_contact_and_lines);
    return DONE();
}
