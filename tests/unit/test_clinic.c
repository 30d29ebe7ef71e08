/* test_clinic.c: clinic files (tests/fixtures/clinic/) loaded and merged
 * into tests/fixtures/clinic-brochure, plus the brochure side (clinic
 * slot, `referrals:`). Error cases are written to a temporary folder.
 * Run from the repo root. */
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

static void test_apply_extend(void)
{
    tf_doc *doc = tf_content_load(BRO, "es");
    tf_clinic *c = tf_clinic_load(FIX "/riverside.yaml", "es");
    CHECK(doc && c);
    if (!doc || !c) goto out;
    CHECK_EQ_STR(doc->referrals, "orgs");
    tf_color heading = doc->theme.heading;
    CHECK(tf_clinic_apply(c, doc));
    CHECK(doc->clinic == c);
    CHECK(doc->theme.accent.r == 0x2a && doc->theme.accent.g == 0x6f && doc->theme.accent.b == 0x4f);
    CHECK(memcmp(&doc->theme.heading, &heading, sizeof heading) == 0);   /* accent only */
    const tf_block *b = block(doc, "contacts", "orgs");
    static const char *const ids[] = {"attach", "nami", "springfield-mft", "parents"};
    CHECK(b && b->n_contacts == 4);
    for (size_t i = 0; b && i < b->n_contacts && i < 4; i++) CHECK_EQ_STR(b->contacts[i].id, ids[i]);
    if (b && b->n_contacts == 4) {
        CHECK_EQ_STR(b->contacts[0].description.src, "Una asociación.");      /* the brochure's, translated */
        const tf_contact *k = &b->contacts[2];
        CHECK_EQ_STR(k->description.lang, "es");
        CHECK_EQ_STR(k->name.lang, "en");
        CHECK_EQ_STR(k->name.loc.file, FIX "/riverside.yaml");
        CHECK(k->name.src != c->referrals[0].name.src);                      /* copied into the doc */
        CHECK_EQ_INT(b->contacts[3].n_address, 2);
    }
    const tf_block *nat = block(doc, "body", "national");
    CHECK(nat && nat->n_contacts == 1);
out:
    tf_doc_free(doc);      /* the doc borrows the clinic: free it first */
    tf_clinic_free(c);
}

static void test_apply_replace(void)
{
    tf_doc *doc = tf_content_load(BRO, NULL);
    tf_clinic *c = tf_clinic_load(FIX "/replace.yaml", "en");
    CHECK(doc && c);
    if (!doc || !c) goto out;
    CHECK(c->replace);
    CHECK_EQ_STR(c->name.src, "Lakeside Clinic");
    CHECK(tf_clinic_apply(c, doc));
    const tf_block *b = block(doc, "contacts", "orgs");
    CHECK(b && b->n_contacts == 2);
    if (b && b->n_contacts == 2) {
        CHECK_EQ_STR(b->contacts[0].id, "lago-1");
        CHECK_EQ_STR(b->contacts[0].name.src, "Lakeside Therapy");
        CHECK_EQ_STR(b->contacts[0].name.lang, "en");
        CHECK_EQ_STR(b->contacts[1].name.src, "Grupo de padres");
        CHECK_EQ_STR(b->contacts[1].name.lang, "es");
    }
    CHECK(doc->theme.accent.r == 0x7a);
    CHECK(c->logo_path == NULL);
out:
    tf_doc_free(doc);
    tf_clinic_free(c);
}

/* `remove: {brochure-id: [...]}`: removals for other brochures are not looked at */
static void test_apply_per_brochure(void)
{
    tf_doc *doc = tf_content_load(BRO, NULL);
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
    CHECK(tf_clinic_apply(c, doc));
    const tf_block *b = block(doc, "contacts", "orgs");
    CHECK(b && b->n_contacts == 2);
    if (b && b->n_contacts == 2) {
        CHECK_EQ_STR(b->contacts[0].id, "attach");
        CHECK_EQ_STR(b->contacts[1].id, "mine");
    }
out:
    tf_doc_free(doc);
    tf_clinic_free(c);
}

static void test_apply_errors(void)
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
    CHECK(!tf_clinic_apply(c, doc));
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
    CHECK(!tf_clinic_apply(c, doc));
    release();
    char want[1024];
    snprintf(want, sizeof want,
             "%s/collide.yaml:5:12: error: no contact 'ohoi' to remove (did you mean 'ohio'?)\n"
             "%s/collide.yaml:7:5: error: referral 'attach' has the same id as a contact of the brochure "
             "(remove that one with 'remove: [attach]', or use another id)\n", tmpdir, tmpdir);
    CHECK_EQ_STR(captured, want);
    const tf_block *b = block(doc, "contacts", "orgs");
    CHECK(b && b->n_contacts == 3);            /* left as it was */
    CHECK(doc->clinic == NULL);
    tf_clinic_free(c);

    /* removing everything leaves nothing to print */
    path = write_file("empty.yaml", "trifold-clinic: 1\nbase: en\nname: X\nreferrals:\n  remove: [attach, ohio, nami]\n");
    c = tf_clinic_load(path, NULL);
    CHECK(c != NULL);
    if (!c) goto out;
    capture();
    CHECK(!tf_clinic_apply(c, doc));
    release();
    snprintf(want, sizeof want, "%s/empty.yaml:5:12: error: no contacts left in block 'orgs' after the "
             "clinic's removals\n", tmpdir);
    CHECK_EQ_STR(captured, want);
out:
    tf_doc_free(doc);
    tf_clinic_free(c);
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
    RUN(test_apply_extend);
    RUN(test_apply_replace);
    RUN(test_apply_per_brochure);
    RUN(test_apply_errors);
    RUN(test_load_errors);
    RUN(test_brochure_side);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    return DONE();
}
