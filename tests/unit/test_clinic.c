/* test_clinic.c: clinic files (tests/fixtures/clinic/) loaded and their
 * editions of tests/fixtures/clinic-brochure built as views (the brochure's
 * doc left as loaded, views of one doc independent), plus the brochure
 * side (clinic slot, `referrals:`). Error cases are written to a temporary
 * folder. Run from the repo root. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clinic.h"
#include "content.h"
#include "diag.h"
#include "harness.h"

#define FIX "tests/fixtures/clinic"
#define BRO "tests/fixtures/clinic-brochure"

static char captured[8192];
static FILE *cap_f;
static char tmpdir[64];

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

static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

/* Load `text` as tmpdir/<name> and return what was reported. */
static const char *load_errors(const char *name, const char *text)
{
    const char *path = write_file(name, text);
    capture();
    tf_clinic *c = tf_clinic_load(path, "es");
    release();
    CHECK(c == NULL);
    tf_clinic_free(c);
    return captured;
}

static const tf_block *block(const tf_doc *doc, const char *story, const char *id)
{
    const tf_story *s = tf_doc_story(doc, story);
    for (size_t i = 0; s && i < s->n_blocks; i++)
        if (strcmp(s->blocks[i].id, id) == 0) return &s->blocks[i];
    return NULL;
}

static void test_load_base(void)
{
    tf_clinic *c = tf_clinic_load(FIX "/riverside.yaml", NULL);
    CHECK(c != NULL);
    if (!c) return;
    CHECK_EQ_STR(c->id, "riverside");
    CHECK_EQ_STR(c->lang, "en");
    CHECK_EQ_STR(c->base_lang, "en");
    CHECK_EQ_STR(c->name.src, "Riverside Family Clinic");
    CHECK_EQ_STR(c->name.lang, "en");
    CHECK_EQ_INT(c->name.loc.line, 3);
    CHECK_EQ_INT(c->name.loc.col, 7);
    CHECK_EQ_INT(c->n_address, 2);
    if (c->n_address == 2) CHECK_EQ_STR(c->address[1].src, "Springfield, IL 62701");
    CHECK_EQ_STR(c->phone.src, "(217) 555-0100");
    CHECK_EQ_STR(c->email.src, "hello@riverside.example.org");
    CHECK_EQ_STR(c->web.src, "https://riverside.example.org");
    CHECK_EQ_STR(c->logo_path, FIX "/logo.png");
    CHECK_EQ_INT(c->logo_loc.line, 8);
    CHECK(c->has_accent);
    CHECK(c->accent.r == 0x2a && c->accent.g == 0x6f && c->accent.b == 0x4f);
    CHECK(!c->replace);
    CHECK_EQ_INT(c->n_remove, 1);
    if (c->n_remove == 1) {
        CHECK_EQ_STR(c->remove[0], "ohio");
        CHECK_EQ_INT(c->remove_loc[0].line, 11);
        CHECK_EQ_INT(c->remove_loc[0].col, 12);
    }
    CHECK_EQ_INT(c->n_referrals, 2);
    if (c->n_referrals == 2) {
        CHECK_EQ_STR(c->referrals[0].id, "springfield-mft");
        CHECK_EQ_STR(c->referrals[0].name.src, "Springfield Family Therapy");
        CHECK_EQ_STR(c->referrals[0].phone.src, "(217) 555-0142");
        CHECK(c->referrals[0].email.src == NULL);
        CHECK_EQ_STR(c->referrals[1].id, "parents");
        CHECK_EQ_INT(c->referrals[1].n_address, 2);
        CHECK_EQ_INT(c->referrals[1].loc.line, 17);
    }
    CHECK_EQ_INT(c->n_fallbacks, 0);
    tf_clinic_free(c);
}

static void test_load_translated(void)
{
    tf_clinic *c = tf_clinic_load(FIX "/riverside.yaml", "es");
    CHECK(c != NULL);
    if (!c) return;
    CHECK_EQ_STR(c->lang, "es");
    CHECK_EQ_STR(c->base_lang, "en");
    CHECK_EQ_STR(c->name.src, "Clínica Familiar Riverside");
    CHECK_EQ_STR(c->name.lang, "es");
    CHECK_EQ_STR(c->address[0].lang, "en");
    CHECK_EQ_STR(c->referrals[0].description.src, "Terapeutas familiares que atienden a niños y a sus padres.");
    CHECK_EQ_STR(c->referrals[0].description.lang, "es");
    CHECK_EQ_STR(c->referrals[0].name.lang, "en");
    static const char *const keys[] = {
        "clinics.riverside.address",
        "clinics.riverside.referrals.springfield-mft.name",
        "clinics.riverside.referrals.parents.name",
        "clinics.riverside.referrals.parents.description",
        "clinics.riverside.referrals.parents.address",
    };
    CHECK_EQ_INT(c->n_fallbacks, TF_ARRAY_LEN(keys));
    for (size_t i = 0; i < c->n_fallbacks && i < TF_ARRAY_LEN(keys); i++) CHECK_EQ_STR(c->fallbacks[i].key, keys[i]);
    if (c->n_fallbacks) CHECK_EQ_INT(c->fallbacks[0].base_loc.line, 4);
    tf_clinic_free(c);

    c = tf_clinic_load(FIX "/riverside.yaml", "vi");     /* only the address */
    CHECK(c != NULL);
    if (c) {
        CHECK_EQ_STR(c->address[1].src, "Springfield, IL 62701, Hoa Kỳ");
        CHECK_EQ_STR(c->address[1].lang, "vi");
        CHECK_EQ_STR(c->name.lang, "en");
        CHECK_EQ_STR(c->fallbacks[0].key, "clinics.riverside.name");
    }
    tf_clinic_free(c);

    c = tf_clinic_load(FIX "/riverside.yaml", "fr");     /* no translation: all falls back */
    CHECK(c != NULL);
    if (c) {
        CHECK_EQ_STR(c->name.src, "Riverside Family Clinic");
        CHECK_EQ_INT(c->n_fallbacks, 7);
    }
    tf_clinic_free(c);
}

static void test_view_extend(void)
{
    tf_doc *doc = tf_content_load(BRO, "es");
    tf_clinic *c = tf_clinic_load(FIX "/riverside.yaml", "es");
    const tf_doc *view = NULL;
    CHECK(doc && c);
    if (!doc || !c) goto out;
    CHECK_EQ_STR(doc->referrals, "orgs");
    tf_color heading = doc->theme.heading;
    view = tf_clinic_view(c, doc);
    CHECK(view != NULL);
    if (!view) goto out;
    CHECK(view->clinic == c);
    CHECK(view->theme.accent.r == 0x2a && view->theme.accent.g == 0x6f && view->theme.accent.b == 0x4f);
    CHECK(memcmp(&view->theme.heading, &heading, sizeof heading) == 0);   /* accent only */
    const tf_block *b = block(view, "contacts", "orgs");
    static const char *const ids[] = {"attach", "nami", "springfield-mft", "parents"};
    CHECK(b && b->n_contacts == 4);
    for (size_t i = 0; b && i < b->n_contacts && i < 4; i++) CHECK_EQ_STR(b->contacts[i].id, ids[i]);
    if (b && b->n_contacts == 4) {
        CHECK_EQ_STR(b->contacts[0].description.src, "Una asociación.");      /* the brochure's, translated */
        const tf_contact *k = &b->contacts[2];
        CHECK_EQ_STR(k->description.lang, "es");
        CHECK_EQ_STR(k->name.lang, "en");
        CHECK_EQ_STR(k->name.loc.file, FIX "/riverside.yaml");
        CHECK(k->name.src == c->referrals[0].name.src);                      /* shared with the clinic */
        CHECK_EQ_INT(b->contacts[3].n_address, 2);
    }
    const tf_block *nat = block(view, "body", "national");
    CHECK(nat && nat->n_contacts == 1);
    CHECK(nat == block(doc, "body", "national"));        /* a story the clinic does not touch is shared */
    CHECK(view->plan[TF_PANEL_BACK].slots == doc->plan[TF_PANEL_BACK].slots);
out:
    tf_clinic_view_free(view);   /* the view borrows the doc and the clinic: free it first */
    tf_doc_free(doc);
    tf_clinic_free(c);
}

static void test_view_replace(void)
{
    tf_doc *doc = tf_content_load(BRO, NULL);
    tf_clinic *c = tf_clinic_load(FIX "/replace.yaml", "en");
    const tf_doc *view = NULL;
    CHECK(doc && c);
    if (!doc || !c) goto out;
    CHECK(c->replace);
    CHECK_EQ_STR(c->name.src, "Lakeside Clinic");
    view = tf_clinic_view(c, doc);
    CHECK(view != NULL);
    if (!view) goto out;
    const tf_block *b = block(view, "contacts", "orgs");
    CHECK(b && b->n_contacts == 2);
    if (b && b->n_contacts == 2) {
        CHECK_EQ_STR(b->contacts[0].id, "lago-1");
        CHECK_EQ_STR(b->contacts[0].name.src, "Lakeside Therapy");
        CHECK_EQ_STR(b->contacts[0].name.lang, "en");
        CHECK_EQ_STR(b->contacts[1].name.src, "Grupo de padres");
        CHECK_EQ_STR(b->contacts[1].name.lang, "es");
    }
    CHECK(view->theme.accent.r == 0x7a);
    CHECK(c->logo_path == NULL);
out:
    tf_clinic_view_free(view);
    tf_doc_free(doc);
    tf_clinic_free(c);
}

/* `remove: {brochure-id: [...]}`: removals for other brochures are not looked at */
static void test_view_per_brochure(void)
{
    tf_doc *doc = tf_content_load(BRO, NULL);
    const tf_doc *view = NULL;
    const char *path = write_file("per.yaml", "trifold-clinic: 1\nbase: en\nname: X\nreferrals:\n"
                                  "  remove:\n    clinictest: [ohio, nami]\n    attachment: [nothere]\n"
                                  "  add: {mine: {name: Mine}}\n");
    tf_clinic *c = tf_clinic_load(path, NULL);
    CHECK(doc && c);
    if (!doc || !c) goto out;
    CHECK_EQ_INT(c->n_remove, 3);
    if (c->n_remove == 3) {
        CHECK_EQ_STR(c->remove_for[0], "clinictest");
        CHECK_EQ_STR(c->remove_for[2], "attachment");
    }
    view = tf_clinic_view(c, doc);
    CHECK(view != NULL);
    if (!view) goto out;
    const tf_block *b = block(view, "contacts", "orgs");
    CHECK(b && b->n_contacts == 2);
    if (b && b->n_contacts == 2) {
        CHECK_EQ_STR(b->contacts[0].id, "attach");
        CHECK_EQ_STR(b->contacts[1].id, "mine");
    }
out:
    tf_clinic_view_free(view);
    tf_doc_free(doc);
    tf_clinic_free(c);
}

static void test_view_errors(void)
{
    tf_doc *doc = tf_content_load(BRO, NULL);
    CHECK(doc != NULL);
    if (!doc) return;
    tf_clinic *c = tf_clinic_load(FIX "/riverside.yaml", NULL);
    CHECK(c != NULL);
    if (!c) goto out;

    /* without `referrals:`, two contacts blocks are ambiguous */
    const char *keep = doc->referrals;
    doc->referrals = NULL;
    capture();
    CHECK(tf_clinic_view(c, doc) == NULL);
    release();
    CHECK_EQ_STR(captured, BRO "/brochure.yaml: error: brochure has 2 contacts blocks: "
                 "name one with 'referrals:' in brochure.yaml\n");
    doc->referrals = keep;
    tf_clinic_free(c);

    const char *path = write_file("collide.yaml",
        "trifold-clinic: 1\nbase: en\nname: X\nreferrals:\n  remove: [ohoi, nami]\n"
        "  add:\n    attach: {name: Other ATTACh}\n    nami: {name: Our NAMI}\n");
    c = tf_clinic_load(path, NULL);
    CHECK(c != NULL);
    if (!c) goto out;
    capture();
    CHECK(tf_clinic_view(c, doc) == NULL);
    release();
    char want[1024];
    snprintf(want, sizeof want,
             "%s/collide.yaml:5:12: error: no contact 'ohoi' to remove (did you mean 'ohio'?)\n"
             "%s/collide.yaml:7:5: error: referral 'attach' has the same id as a contact of the brochure "
             "(remove that one with 'remove: [attach]', or use another id)\n", tmpdir, tmpdir);
    CHECK_EQ_STR(captured, want);
    const tf_block *b = block(doc, "contacts", "orgs");
    CHECK(b && b->n_contacts == 3);            /* the brochure's, as loaded */
    CHECK(doc->clinic == NULL);
    tf_clinic_free(c);

    /* removing everything leaves nothing to print */
    path = write_file("empty.yaml", "trifold-clinic: 1\nbase: en\nname: X\nreferrals:\n  remove: [attach, ohio, nami]\n");
    c = tf_clinic_load(path, NULL);
    CHECK(c != NULL);
    if (!c) goto out;
    capture();
    CHECK(tf_clinic_view(c, doc) == NULL);
    release();
    snprintf(want, sizeof want, "%s/empty.yaml:5:12: error: no contacts left in block 'orgs' after the "
             "clinic's removals\n", tmpdir);
    CHECK_EQ_STR(captured, want);
out:
    tf_doc_free(doc);
    tf_clinic_free(c);
}

/* Everything a clinic could touch in a doc, written out with addresses:
 * two fingerprints are equal only if the doc's arrays, texts and theme
 * are the very same. Returns a malloc'd string. */
static char *fingerprint(const tf_doc *doc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    const tf_theme *t = &doc->theme;
    fprintf(f, "clinic %p accent %02x%02x%02x heading %02x%02x%02x tint %02x%02x%02x text %02x%02x%02x body %ld\n",
            (const void *)doc->clinic, t->accent.r, t->accent.g, t->accent.b, t->heading.r, t->heading.g,
            t->heading.b, t->tint.r, t->tint.g, t->tint.b, t->text.r, t->text.g, t->text.b, (long)t->body_size);
    fprintf(f, "title %p %s lang %s fallbacks %p %zu referrals %s\n", (const void *)doc->title.src,
            doc->title.src, doc->lang, (const void *)doc->fallbacks, doc->n_fallbacks,
            doc->referrals ? doc->referrals : "-");
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        const tf_panel_plan *pl = &doc->plan[p];
        fprintf(f, "panel %d %p %zu:", p, (const void *)pl->slots, pl->n_slots);
        for (size_t i = 0; i < pl->n_slots; i++)
            fprintf(f, " %d/%s/%d", (int)pl->slots[i].kind, pl->slots[i].story ? pl->slots[i].story : "-",
                    (int)pl->slots[i].boxed);
        fprintf(f, "\n");
    }
    fprintf(f, "stories %p %zu\n", (const void *)doc->stories, doc->n_stories);
    for (size_t i = 0; i < doc->n_stories; i++) {
        const tf_story *s = &doc->stories[i];
        fprintf(f, " story %s %p %zu\n", s->id, (const void *)s->blocks, s->n_blocks);
        for (size_t j = 0; j < s->n_blocks; j++) {
            const tf_block *b = &s->blocks[j];
            fprintf(f, "  block %s %d %p %s contacts %p %zu\n", b->id, (int)b->kind, (const void *)b->text.src,
                    b->text.src ? b->text.src : "-", (const void *)b->contacts, b->n_contacts);
            for (size_t k = 0; k < b->n_contacts; k++) {
                const tf_contact *c = &b->contacts[k];
                fprintf(f, "   %s %p %s %s %zu\n", c->id, (const void *)c->name.src, c->name.src,
                        c->name.lang ? c->name.lang : "-", c->n_address);
            }
        }
    }
    fclose(f);
    return buf;
}

/* Building a clinic's view leaves the brochure's doc exactly as loaded,
 * while the view has the clinic's changes. */
static void test_view_leaves_base(void)
{
    tf_doc *doc = tf_content_load(BRO, "es");
    tf_clinic *c = tf_clinic_load(FIX "/riverside.yaml", "es");
    CHECK(doc && c);
    if (!doc || !c) goto out;
    char *before = fingerprint(doc);
    const tf_doc *view = tf_clinic_view(c, doc);
    CHECK(view != NULL);
    char *during = fingerprint(doc), *of_view = view ? fingerprint(view) : NULL;
    tf_clinic_view_free(view);
    char *after = fingerprint(doc);
    CHECK(before && during && after && of_view);
    if (before && during && after && of_view) {
        CHECK_EQ_STR(during, before);
        CHECK_EQ_STR(after, before);
        CHECK(strcmp(of_view, before) != 0);     /* the fingerprint does see a clinic's changes */
        CHECK(strstr(of_view, "springfield-mft") && !strstr(before, "springfield-mft"));
    }
    const tf_block *b = block(doc, "contacts", "orgs");
    CHECK(b && b->n_contacts == 3);
    CHECK(doc->clinic == NULL);
    free(before);
    free(during);
    free(after);
    free(of_view);
out:
    tf_doc_free(doc);
    tf_clinic_free(c);
}

/* Two clinics' views of one doc, alive at once: each has its own
 * referrals and accent, neither sees the other, and either can go first. */
static void test_views_independent(void)
{
    tf_doc *doc = tf_content_load(BRO, NULL);
    tf_clinic *river = tf_clinic_load(FIX "/riverside.yaml", NULL);
    tf_clinic *lake = tf_clinic_load(FIX "/replace.yaml", NULL);
    const tf_doc *v1 = NULL, *v2 = NULL;
    CHECK(doc && river && lake);
    if (!doc || !river || !lake) goto out;
    v1 = tf_clinic_view(river, doc);
    char *v1_alone = v1 ? fingerprint(v1) : NULL;
    v2 = tf_clinic_view(lake, doc);
    CHECK(v1 && v2);
    if (!v1 || !v2) goto out;
    char *v1_now = fingerprint(v1);
    CHECK(v1_alone && v1_now);
    if (v1_alone && v1_now) CHECK_EQ_STR(v1_now, v1_alone);   /* the second view did not touch the first */
    free(v1_alone);
    free(v1_now);

    CHECK(v1 != v2 && v1->stories != v2->stories);
    CHECK(v1->clinic == river && v2->clinic == lake);
    CHECK(v1->theme.accent.r == 0x2a && v2->theme.accent.r == 0x7a);
    const tf_block *b1 = block(v1, "contacts", "orgs"), *b2 = block(v2, "contacts", "orgs");
    CHECK(b1 && b2 && b1 != b2 && b1->contacts != b2->contacts);
    static const char *const ids1[] = {"attach", "nami", "springfield-mft", "parents"};
    static const char *const ids2[] = {"lago-1", "lago-2"};
    CHECK(b1 && b1->n_contacts == 4);
    for (size_t i = 0; b1 && i < b1->n_contacts && i < 4; i++) CHECK_EQ_STR(b1->contacts[i].id, ids1[i]);
    CHECK(b2 && b2->n_contacts == 2);
    for (size_t i = 0; b2 && i < b2->n_contacts && i < 2; i++) CHECK_EQ_STR(b2->contacts[i].id, ids2[i]);

    tf_clinic_view_free(v1);      /* the first goes; the second still reads whole (ASan/valgrind would say) */
    v1 = NULL;
    b2 = block(v2, "contacts", "orgs");
    CHECK(b2 && b2->n_contacts == 2);
    if (b2 && b2->n_contacts == 2) {
        CHECK_EQ_STR(b2->contacts[0].name.src, "Terapia del Lago");
        CHECK_EQ_STR(b2->contacts[1].name.src, "Grupo de padres");
    }
    const tf_block *base = block(doc, "contacts", "orgs");
    CHECK(base && base->n_contacts == 3);
out:
    tf_clinic_view_free(v1);
    tf_clinic_view_free(v2);
    tf_doc_free(doc);
    tf_clinic_free(river);
    tf_clinic_free(lake);
}

static void test_load_errors(void)
{
    char want[2048];
    const char *got;
#define HEAD "trifold-clinic: 1\nbase: en\nname: X\n"

    got = load_errors("a.yaml", HEAD "logo: ../logo.png\n");
    snprintf(want, sizeof want, "%s/a.yaml:4:7: error: logo path must stay inside the clinic's folder "
             "('..' in '../logo.png')\n", tmpdir);
    CHECK_EQ_STR(got, want);

    got = load_errors("a.yaml", HEAD "logo: /etc/passwd\n");
    snprintf(want, sizeof want, "%s/a.yaml:4:7: error: logo path must stay inside the clinic's folder "
             "(absolute path '/etc/passwd')\n", tmpdir);
    CHECK_EQ_STR(got, want);

    char link[256];
    snprintf(link, sizeof link, "%s/evil.png", tmpdir);
    unlink(link);
    CHECK(symlink("/etc/passwd", link) == 0);
    got = load_errors("a.yaml", HEAD "logo: evil.png\n");
    snprintf(want, sizeof want, "%s/a.yaml:4:7: error: logo path must stay inside the clinic's folder "
             "('evil.png' leads to '/etc/passwd')\n", tmpdir);
    CHECK_EQ_STR(got, want);
    unlink(link);

    write_file("not.png", "hello\n");
    got = load_errors("a.yaml", HEAD "logo: not.png\n");
    snprintf(want, sizeof want, "%s/a.yaml:4:7: error: '%s/not.png' is not a PNG or JPEG image\n", tmpdir, tmpdir);
    CHECK_EQ_STR(got, want);

    got = load_errors("a.yaml", HEAD "phnoe: 1\naccent: \"#12345\"\nweb: riverside.example.org\n");
    snprintf(want, sizeof want,
             "%s/a.yaml:4:1: error: unknown key 'phnoe' in clinic file (did you mean 'phone'?)\n"
             "%s/a.yaml:6:6: error: web address 'riverside.example.org' must start with https:// or http:// "
             "(it is also the QR code)\n"
             "%s/a.yaml:5:9: error: invalid colour '#12345' (use \"#rrggbb\")\n", tmpdir, tmpdir, tmpdir);
    CHECK_EQ_STR(got, want);

    got = load_errors("a.yaml", HEAD "referrals:\n  add:\n    mft: {name: MFT}\n"
                      "translations:\n  es:\n    referrals:\n      mtf: {name: TFM}\n      mft: {web: x}\n"
                      "  en: {name: Y}\n");
    snprintf(want, sizeof want,
             "%s/a.yaml:10:7: error: key 'referrals.mtf' is not in the clinic's base text (en) "
             "(did you mean 'mft'?)\n"
             "%s/a.yaml:11:13: error: key 'referrals.mft.web' is not in the clinic's base text (en)\n"
             "%s/a.yaml:12:3: error: 'en' is the clinic's base language (its texts are at the top of the file)\n",
             tmpdir, tmpdir, tmpdir);
    CHECK_EQ_STR(got, want);

    got = load_errors("a.yaml", HEAD "referrals:\n  replace: yes\n  remove: [a, b, a]\n  add: {Bad_Id: {name: Z}}\n");
    snprintf(want, sizeof want,
             "%s/a.yaml:5:12: error: invalid boolean 'yes' (use false or true)\n"
             "%s/a.yaml:6:18: error: 'a' is listed twice (first at line 6)\n"
             "%s/a.yaml:7:9: error: invalid id 'Bad_Id' (use a-z, 0-9 and -)\n", tmpdir, tmpdir, tmpdir);
    CHECK_EQ_STR(got, want);

    got = load_errors("a.yaml", HEAD "referrals:\n  replace: true\n  remove: [a]\n");
    snprintf(want, sizeof want,
             "%s/a.yaml:6:3: error: 'remove' has no effect with 'replace: true' (every brochure contact goes)\n"
             "%s/a.yaml:5:3: error: 'replace: true' needs referrals in 'add' (the contacts would be empty)\n",
             tmpdir, tmpdir);
    CHECK_EQ_STR(got, want);

    got = load_errors("Bad.yaml", "trifold-clinic: 2\nbase: english!\n");
    snprintf(want, sizeof want,
             "%s/Bad.yaml: error: invalid clinic id 'Bad' (the file name without .yaml; use a-z, 0-9 and -)\n"
             "%s/Bad.yaml:1:17: error: unsupported clinic format version '2' (this trifold reads version 1)\n"
             "%s/Bad.yaml:2:7: error: invalid language tag 'english!'\n", tmpdir, tmpdir, tmpdir);
    CHECK_EQ_STR(got, want);

    got = load_errors("a.yaml", "base: en\nname: &n X\n");
    snprintf(want, sizeof want, "%s/a.yaml:2:7: error: anchors and aliases are not allowed (found anchor '&n'); "
             "text starting with '&' must be quoted: write name: \"&n X\"\n",
             tmpdir);
    CHECK_EQ_STR(got, want);

    got = load_errors("a.yaml", "trifold-clinic: 1\nbase: en\n");
    snprintf(want, sizeof want, "%s/a.yaml:1:1: error: missing required key 'name'\n", tmpdir);
    CHECK_EQ_STR(got, want);

    capture();
    CHECK(tf_clinic_load(FIX "/none.yaml", NULL) == NULL);
    release();
    CHECK_EQ_STR(captured, FIX "/none.yaml: error: cannot open: No such file or directory\n");
#undef HEAD
}

/* The brochure side: the clinic slot and `referrals:` in brochure.yaml. */
static const char *brochure_errors(const char *extra_top, const char *slots)
{
    char cwd[PATH_MAX], dir[128];
    if (!getcwd(cwd, sizeof cwd)) return "";
    snprintf(dir, sizeof dir, "%s/b", tmpdir);
    mkdir(dir, 0755);
    FILE *f = fopen(write_file("b/brochure.yaml", ""), "w");
    if (!f) return "";
    fprintf(f,
             "trifold: 1\nid: b\nbase: en\n%s"
             "theme:\n  fonts:\n    regular: %s/fonts/NotoSans-Regular.ttf\n    italic: %s/fonts/NotoSans-Italic.ttf\n"
             "    bold: %s/fonts/NotoSans-Bold.ttf\n    bold_italic: %s/fonts/NotoSans-BoldItalic.ttf\n"
             "plan:\n  cover:\n    content:\n      - story: body\n%s",
             extra_top, cwd, cwd, cwd, cwd, slots);
    fclose(f);
    write_file("b/en.yaml", "lang: en\nmeta: {title: T}\nstories:\n  body:\n    intro: Hello.\n"
               "    orgs:\n      contacts: Help\n      entries:\n        a: {name: A}\n");
    capture();
    tf_doc *doc = tf_content_load(dir, NULL);
    release();
    tf_doc_free(doc);
    return captured;
}

static void test_brochure_side(void)
{
    tf_doc *doc = tf_content_load(BRO, NULL);
    CHECK(doc != NULL);
    if (doc) {
        const tf_panel_plan *back = &doc->plan[TF_PANEL_BACK];
        CHECK_EQ_INT(back->n_slots, 2);
        if (back->n_slots == 2) {
            CHECK(back->slots[1].kind == TF_SLOT_CLINIC);
            CHECK(back->slots[1].boxed);
            CHECK(back->slots[1].story == NULL);
            CHECK_EQ_INT(back->slots[1].loc.line, 27);
        }
        CHECK_EQ_INT(doc->referrals_loc.line, 5);
        CHECK(doc->clinic == NULL);
    }
    tf_doc_free(doc);

    char want[1024];
    const char *got = brochure_errors("", "  back:\n    content:\n      - clinic: plain\n");
    CHECK_EQ_STR(got, "");
    got = brochure_errors("referrals: orsg\n", "");
    snprintf(want, sizeof want, "%s/b/brochure.yaml:4:12: error: no contacts block 'orsg' in en.yaml "
             "(did you mean 'orgs'?)\n", tmpdir);
    CHECK_EQ_STR(got, want);
    got = brochure_errors("referrals: intro\n", "");
    snprintf(want, sizeof want, "%s/b/brochure.yaml:4:12: error: block 'intro' is a paragraph block, "
             "not a contacts block\n", tmpdir);
    CHECK_EQ_STR(got, want);
    got = brochure_errors("", "  back:\n    content:\n      - clinic: boxed\n      - clinic: plain\n"
                          "  flap:\n    content: [{clinic: sidebar}]\n");
    snprintf(want, sizeof want,
             "%s/b/brochure.yaml:16:17: error: invalid clinic slot 'boxed' (use sidebar or plain)\n"
             "%s/b/brochure.yaml:19:15: error: the clinic slot is already placed at line 17 (one per brochure)\n",
             tmpdir, tmpdir);
    CHECK_EQ_STR(got, want);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/trifold-clinic-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_load_base);
    RUN(test_load_translated);
    RUN(test_view_extend);
    RUN(test_view_replace);
    RUN(test_view_per_brochure);
    RUN(test_view_errors);
    RUN(test_view_leaves_base);
    RUN(test_views_independent);
    RUN(test_load_errors);
    RUN(test_brochure_side);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    return DONE();
}
