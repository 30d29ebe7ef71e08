/* test_content.c: the content loader on tests/fixtures/small, plus the
 * UTF-8, YAML tree and image helpers it is built on. Run from the repo root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "file.h"
#include "harness.h"
#include "image.h"
#include "utf8.h"
#include "yamltree.h"

#define FIX "tests/fixtures/small"

static char captured[8192];

/* Parse `src` as a YAML file named t.yaml, capturing diagnostics. */
static tf_ynode *parse(tf_arena *a, const char *src, bool *ok)
{
    FILE *f = fmemopen(captured, sizeof captured, "w");
    tf_diag_set_stream(f);
    tf_ynode *root;
    *ok = tf_yaml_parse(a, "t.yaml", src, strlen(src), &root);
    tf_diag_set_stream(NULL);
    fclose(f);
    tf_diag_reset();
    return root;
}

static void test_utf8(void)
{
#define SEQ(lit) tf_utf8_seq_len(lit, lit + sizeof lit - 1)
    CHECK_EQ_INT(SEQ("\xC3\xA9llo"), 2);
    CHECK_EQ_INT(SEQ("\xC0\xAF"), 0);           /* overlong */
    CHECK_EQ_INT(SEQ("\xED\xA0\x80"), 0);       /* surrogate */
    CHECK_EQ_INT(SEQ("\xF4\x90\x80\x80"), 0);   /* > U+10FFFF */
    CHECK_EQ_INT(SEQ("\xF4\x8F\xBF\xBF"), 4);   /* U+10FFFF */
    CHECK_EQ_INT(SEQ("\xE2\x82"), 0);           /* truncated */
#undef SEQ
    const char *s = "a\xE2\x82\xAC\xF0\x9F\x98\x80\xFF", *p = s, *end = s + strlen(s);
    CHECK_EQ_INT(tf_utf8_next(&p, end), 'a');
    CHECK_EQ_INT(tf_utf8_next(&p, end), 0x20AC);
    CHECK_EQ_INT(tf_utf8_next(&p, end), 0x1F600);
    CHECK_EQ_INT(tf_utf8_next(&p, end), TF_UTF8_BAD);
    CHECK(p == end);
    char buf[4];
    CHECK_EQ_INT(tf_utf8_encode(0x20AC, buf), 3);
    CHECK(memcmp(buf, "\xE2\x82\xAC", 3) == 0);
    CHECK_EQ_INT(tf_utf8_count("a\xE2\x82\xAC" "b", 5), 3);
    int line, col;
    tf_utf8_line_col("ab\n\xC3\xA9x\r\ny", 6, &line, &col);
    CHECK_EQ_INT(line, 2);
    CHECK_EQ_INT(col, 3);
    tf_utf8_line_col("ab\n\xC3\xA9x\r\ny", 8, &line, &col);
    CHECK_EQ_INT(line, 3);
    CHECK_EQ_INT(col, 1);
    CHECK(tf_utf8_is_forbidden(0x01));
    CHECK(!tf_utf8_is_forbidden('\n'));
    CHECK(!tf_utf8_is_forbidden('\t'));
    CHECK(tf_utf8_is_forbidden(0x202E));
    CHECK(tf_utf8_is_forbidden(0x2067));
    CHECK(!tf_utf8_is_forbidden(0x200F));   /* RLM is a mark, not an override */
}

/* A cursor walked over every offset gives what a scan from the top gives,
 * including a \r\n split between two calls and invalid bytes. */
static void test_utf8_cursor(void)
{
    const char *s = "ab\n\xC3\xA9x\r\ny\r\rz\xFF\n\r\n\xE2\x82\xACq";
    size_t n = strlen(s);
    tf_utf8_cursor c = {.buf = s};
    const char *p = s;
    for (size_t off = 0; off <= n; off = (size_t)(p - s)) {   /* every character boundary */
        int l1, c1, l2, c2;
        tf_utf8_line_col(s, off, &l1, &c1);
        tf_utf8_cursor_at(&c, off, &l2, &c2);
        if (l1 != l2 || c1 != c2)
            fprintf(stderr, "offset %zu: scan %d:%d, cursor %d:%d\n", off, l1, c1, l2, c2);
        CHECK(l1 == l2 && c1 == c2);
        if (off == n) break;
        tf_utf8_next(&p, s + n);
    }
    int line, col;
    tf_utf8_cursor_at(&c, 4, &line, &col);   /* going back restarts from the top */
    CHECK_EQ_INT(line, 2);
    CHECK_EQ_INT(col, 2);
}

/* A file at the size cap with an invalid byte on every line: the first
 * TF_DIAG_MAX_ERRORS errors with their exact line:col, then one "too many
 * errors". Positions are found by one walk over the file, so this is linear
 * (it took minutes when each error scanned from the top). */
static void test_many_errors(void)
{
    size_t cap = TF_MAX_FILE_BYTES, len = 0;
    char *buf = malloc(cap + 1);
    size_t lines = 0;
    while (len + 16 <= cap) {                     /* "# note <FF>é...\n": 16 bytes a line */
        memcpy(buf + len, "# note \xFF" "\xC3\xA9" "abcde\n", 16);
        len += 16;
        lines++;
    }
    buf[len] = '\0';
    CHECK(lines > 60000);
    static char out[16384];
    FILE *f = fmemopen(out, sizeof out, "w");
    tf_diag_set_stream(f);
    tf_arena *a = tf_arena_new();
    tf_ynode *root = (tf_ynode *)1;
    bool ok = tf_yaml_parse(a, "big.yaml", buf, len, &root);
    tf_diag_set_stream(NULL);
    fclose(f);
    CHECK(!ok);
    CHECK(root == NULL);
    CHECK_EQ_INT(tf_diag_errors(), (long long)lines);
    /* past the cap nobody reads a suggestion, so none is computed */
    static const char *const known[] = {"title"};
    CHECK(tf_diag_capped());
    CHECK(tf_closest("titel", known, 1) == NULL);
    tf_diag_reset();
    CHECK(!tf_diag_capped());
    CHECK_EQ_STR(tf_closest("titel", known, 1), "title");
    CHECK(strstr(out, "big.yaml:1:8: error: invalid UTF-8 (byte 0xFF)\n") == out);
    CHECK(strstr(out, "big.yaml:50:8: error: invalid UTF-8 (byte 0xFF)\n"
                      "trifold: error: too many errors, stopping the report here\n") != NULL);
    CHECK(strstr(out, "big.yaml:51:") == NULL);
    tf_arena_free(a);
    free(buf);
}

/* The one file reader: regular files under the cap, read whole; a FIFO is
 * refused without waiting for a writer. */
static void test_file(void)
{
    char dir[] = "/tmp/tf-file-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64], fifo[64];
    snprintf(path, sizeof path, "%s/a.txt", dir);
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    FILE *f = fopen(path, "wb");
    fputs("hello\n", f);
    fclose(f);
    size_t len = 0;
    tf_file_error err;
    char *buf = tf_file_read(path, 6, &len, "text", NULL, &err);
    CHECK(buf != NULL);
    CHECK_EQ_INT(len, 6);
    CHECK_EQ_STR(buf, "hello\n");
    free(buf);
    CHECK(tf_file_read(path, 5, &len, "text", NULL, &err) == NULL);
    CHECK_EQ_INT(err.status, TF_FILE_TOO_BIG);
    CHECK_EQ_INT(err.size, 6);
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(tf_file_read(fifo, 100, &len, "text", NULL, &err) == NULL);
    CHECK_EQ_INT(err.status, TF_FILE_NOT_REGULAR);
    CHECK(tf_file_read(dir, 100, &len, "text", NULL, &err) == NULL);
    CHECK_EQ_INT(err.status, TF_FILE_DIRECTORY);
    /* reported through diag when the caller does not ask for the error */
    FILE *m = fmemopen(captured, sizeof captured, "w");
    tf_diag_set_stream(m);
    tf_loc at = {"b.yaml", 3, 7};
    CHECK(tf_file_read(fifo, 100, &len, "image", &at, NULL) == NULL);
    tf_diag_set_stream(NULL);
    fclose(m);
    tf_diag_reset();
    char want[160];
    snprintf(want, sizeof want, "b.yaml:3:7: error: image '%s' is not a regular file\n", fifo);
    CHECK_EQ_STR(captured, want);
    unlink(fifo);
    unlink(path);
    rmdir(dir);
}

static void test_yamltree(void)
{
    tf_arena *a = tf_arena_new();
    bool ok;
    tf_ynode *r = parse(a, "b: 1\na:\n  - x\n  - 'y'\nc: {d: ~}\n", &ok);
    CHECK(ok);
    CHECK(r && r->kind == TF_Y_MAP && r->n == 3);
    if (r && r->n == 3) {
        CHECK_EQ_STR(r->pairs[0].key->str, "b");     /* file order kept */
        CHECK_EQ_STR(r->pairs[1].key->str, "a");
        CHECK_EQ_INT(r->pairs[1].key->loc.line, 2);
        const tf_ynode *seq = tf_ymap_get(r, "a");
        CHECK(seq->kind == TF_Y_SEQ && seq->n == 2);
        CHECK_EQ_INT(seq->items[1]->loc.line, 4);
        CHECK_EQ_INT(seq->items[1]->loc.col, 5);
        CHECK(seq->items[0]->plain && !seq->items[1]->plain);
        CHECK(tf_ynode_is_null(tf_ymap_get(tf_ymap_get(r, "c"), "d")));
    }
    r = parse(a, "a: 1\nb: 2\na: 3\n", &ok);
    CHECK(!ok && !r);
    CHECK_EQ_STR(captured, "t.yaml:3:1: error: duplicate key 'a' (first at line 1)\n");
    r = parse(a, "a: &x 1\nb: *x\n", &ok);
    CHECK(!ok);
    CHECK_EQ_STR(captured, "t.yaml:1:4: error: anchors and aliases are not allowed (found anchor '&x'); "
                           "text starting with '&' must be quoted: write a: \"&x 1\"\n");
    r = parse(a, "a: \"\\u202E\"\n", &ok);
    CHECK(!ok);
    r = parse(a, "# only a comment\n", &ok);
    CHECK(ok && !r);
    /* a file over the limit is refused before it is read */
    char path[] = "/tmp/tf_test_big_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(ftruncate(fd, TF_MAX_FILE_BYTES + 1) == 0);
        close(fd);
        FILE *f = fmemopen(captured, sizeof captured, "w");
        tf_diag_set_stream(f);
        CHECK(!tf_yaml_load(a, path, &r));
        tf_diag_set_stream(NULL);
        fclose(f);
        tf_diag_reset();
        CHECK(strstr(captured, ": error: file too big (1048577 bytes; the limit is 1048576)\n") != NULL);
        remove(path);
    }
    CHECK_EQ_INT(tf_levenshtein("titel", "title"), 1);
    CHECK_EQ_INT(tf_levenshtein("", "abc"), 3);
    static const char *const keys[] = {"title", "subtitle", "heading"};
    CHECK_EQ_STR(tf_closest("headng", keys, 3), "heading");
    CHECK(tf_closest("zzz", keys, 3) == NULL);
    tf_arena_free(a);
}

static void test_image(void)
{
    tf_image_info info;
    tf_loc where = {"t.yaml", 1, 1};
    CHECK(tf_image_probe(FIX "/pixel.png", &where, &info));
    CHECK(info.type == TF_IMAGE_PNG);
    CHECK_EQ_INT(info.width, 1);
    CHECK_EQ_INT(info.height, 1);
    FILE *f = fmemopen(captured, sizeof captured, "w");
    tf_diag_set_stream(f);
    CHECK(!tf_image_probe(FIX "/en.yaml", &where, &info));
    tf_diag_set_stream(NULL);
    fclose(f);
    tf_diag_reset();
    CHECK_EQ_STR(captured, "t.yaml:1:1: error: '" FIX "/en.yaml' is not a PNG or JPEG image\n");

    /* SOI, APP0 (16 bytes), SOF0 2x3 with 3 components, SOS */
    static const unsigned char jpeg[] = {
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        0xFF, 0xC0, 0x00, 0x11, 8, 0x00, 0x02, 0x00, 0x03, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
        0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9,
    };
    char path[] = "/tmp/tf_test_jpeg_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    FILE *jf = fdopen(fd, "wb");
    fwrite(jpeg, 1, sizeof jpeg, jf);
    fclose(jf);
    CHECK(tf_image_probe(path, &where, &info));
    CHECK(info.type == TF_IMAGE_JPEG && info.width == 3 && info.height == 2);
    CHECK_EQ_INT(info.bytes, sizeof jpeg);
    remove(path);
}

static const tf_block *block(const tf_doc *d, const char *story, size_t i)
{
    const tf_story *s = tf_doc_story(d, story);
    return s && i < s->n_blocks ? &s->blocks[i] : NULL;
}

static void test_base(void)
{
    tf_doc *d = tf_content_load(FIX "/", NULL);
    CHECK(d != NULL);
    CHECK_EQ_INT(tf_diag_errors(), 0);
    if (!d) return;
    CHECK_EQ_STR(d->dir, FIX);
    CHECK_EQ_STR(d->id, "small");
    CHECK_EQ_STR(d->base_lang, "en");
    CHECK_EQ_STR(d->lang, "en");
    CHECK_EQ_INT(d->n_languages, 2);
    CHECK_EQ_STR(d->languages[1], "es");
    CHECK(d->sheet.paper == TF_PAPER_A4 && d->sheet.fold == TF_FOLD_ROLL);
    CHECK_EQ_INT(d->sheet.fold_in_width, 0);
    /* theme: given values and defaults */
    CHECK_EQ_STR(d->theme.font[TF_FACE_BOLD_ITALIC], FIX "/../../../fonts/NotoSans-BoldItalic.ttf");
    CHECK_EQ_INT(d->theme.font_loc[TF_FACE_BOLD].line, 14);
    CHECK_EQ_INT(d->theme.body_size, TF_PT(11));
    CHECK(d->theme.leading == 1.3);
    CHECK(d->theme.justify && d->theme.hyphenate && !d->theme.fit);
    CHECK_EQ_INT(d->theme.gap, (tf_sp)(TF_PT(11) * 1.3 / 2 + 0.5));
    CHECK_EQ_INT(d->theme.title_size, TF_PT(26));
    CHECK(d->theme.heading_scale == 1.25 && d->theme.small_scale == 0.8);
    CHECK(d->theme.accent.r == 0x33 && d->theme.accent.g == 0x66 && d->theme.accent.b == 0x99);
    CHECK(d->theme.tint.r == 0xe6 && d->theme.text.r == 0x22);
    CHECK_EQ_INT(d->theme.safe, TF_PT(6 * 72.0 / 25.4));
    /* plan */
    const tf_panel_plan *cover = &d->plan[TF_PANEL_COVER];
    CHECK(cover->present && cover->style == TF_STYLE_COVER && cover->valign == TF_VALIGN_CENTER);
    CHECK_EQ_INT(cover->n_slots, 1);
    const tf_panel_plan *ir = &d->plan[TF_PANEL_INSIDE_RIGHT];
    CHECK_EQ_INT(ir->n_slots, 2);
    if (ir->n_slots == 2) {
        CHECK(ir->slots[0].kind == TF_SLOT_FLOW && ir->slots[1].kind == TF_SLOT_SIDEBAR);
        CHECK_EQ_STR(ir->slots[1].story, "help");
        CHECK_EQ_INT(ir->slots[1].loc.line, 41);
        CHECK_EQ_INT(ir->slots[1].loc.col, 18);
    }
    CHECK(d->plan[TF_PANEL_FLAP].style == TF_STYLE_TINT);
    CHECK_EQ_STR(tf_panel_name(TF_FOLD_ROLL, TF_PANEL_INSIDE_MIDDLE), "inside-middle");
    /* text */
    CHECK_EQ_STR(d->title.src, "Small Test Brochure");
    CHECK_EQ_STR(d->labels.email.src, "Email");
    CHECK(d->labels.web.src == NULL);
    CHECK(d->subject.src == NULL);
    CHECK_EQ_INT(d->n_stories, 5);
    CHECK(tf_doc_story(d, "nope") == NULL);
    const tf_block *b = block(d, "body", 0);
    CHECK(b && b->kind == TF_BLOCK_PARAGRAPH);
    if (b) {
        CHECK_EQ_STR(b->id, "intro");
        CHECK_EQ_STR(b->text.src, "Plain string, a **paragraph**.");   /* markup kept for layout */
        CHECK_EQ_STR(b->text.loc.file, FIX "/en.yaml");
        CHECK_EQ_INT(b->text.loc.line, 13);
        CHECK_EQ_INT(b->text.loc.col, 12);
        CHECK_EQ_STR(b->text.lang, "en");
    }
    b = block(d, "body", 2);
    CHECK(b && b->kind == TF_BLOCK_LIST && b->n_items == 2);
    if (b && b->n_items == 2) {
        CHECK_EQ_STR(b->text.src, "Lead-in:");
        CHECK_EQ_STR(b->items[1].id, "two");
        CHECK_EQ_STR(b->items[1].text.src, "Second point.");
    }
    b = block(d, "body", 3);
    CHECK(b && b->kind == TF_BLOCK_LIST && b->text.src == NULL && b->n_items == 2);
    if (b && b->n_items == 2) {
        CHECK_EQ_STR(b->items[0].id, "1");
        CHECK_EQ_STR(b->items[1].text.src, "Beta");
    }
    b = block(d, "body", 4);
    CHECK(b && b->kind == TF_BLOCK_IMAGE);
    if (b) {
        CHECK_EQ_STR(b->image_path, FIX "/pixel.png");
        CHECK(b->image_width == 0.5);
        CHECK_EQ_STR(b->text.src, "One red pixel.");
    }
    b = block(d, "signs", 0);
    CHECK(b && b->kind == TF_BLOCK_CHECKLIST && b->n_items == 2);
    b = block(d, "contacts", 0);
    CHECK(b && b->kind == TF_BLOCK_CONTACTS && b->n_contacts == 1);
    if (b && b->n_contacts == 1) {
        const tf_contact *c = &b->contacts[0];
        CHECK_EQ_STR(c->id, "attach");
        CHECK_EQ_STR(c->name.src, "ATTACh");
        CHECK_EQ_INT(c->n_address, 2);
        if (c->n_address == 2) CHECK_EQ_STR(c->address[1].src, "Town, ST 00000");
        CHECK_EQ_STR(c->phone.src, "(555) 555-0100");
        CHECK(c->web.src == NULL);
    }
    b = block(d, "contacts", 1);
    CHECK(b && b->kind == TF_BLOCK_CREDIT);
    CHECK_EQ_INT(d->n_fallbacks, 0);
    tf_doc_free(d);
}

static void test_translation(void)
{
    tf_doc *d = tf_content_load(FIX, "es");
    CHECK(d != NULL);
    if (!d) return;
    CHECK_EQ_STR(d->lang, "es");
    CHECK_EQ_STR(d->title.src, "Folleto de prueba");
    CHECK_EQ_STR(d->title.lang, "es");
    CHECK_EQ_STR(d->labels.phone.src, "Tel\xC3\xA9" "fono");
    CHECK_EQ_STR(d->labels.email.lang, "en");
    const tf_block *b = block(d, "cover", 0);
    CHECK(b && b->kind == TF_BLOCK_TITLE);             /* plain string replaces the main text */
    if (b) CHECK_EQ_STR(b->text.src, "Folleto de prueba");
    b = block(d, "body", 2);
    if (b && b->n_items == 2) {
        CHECK_EQ_STR(b->text.src, "Introducci\xC3\xB3n:");
        CHECK_EQ_STR(b->items[0].text.lang, "es");
        CHECK_EQ_STR(b->items[1].text.src, "Second point.");
        CHECK_EQ_STR(b->items[1].text.lang, "en");
        CHECK_EQ_STR(b->items[1].text.loc.file, FIX "/en.yaml");
    }
    b = block(d, "contacts", 0);
    if (b && b->n_contacts == 1) {
        CHECK_EQ_STR(b->contacts[0].description.src, "Una asociaci\xC3\xB3n.");
        CHECK_EQ_STR(b->contacts[0].phone.src, "(555) 555-0100");
    }
    /* fallbacks in document order, with the base location */
    static const char *const want[] = {
        "meta.author", "labels.email", "stories.cover.tagline", "stories.body.know",
        "stories.body.facts.items.two", "stories.body.bare.items.1", "stories.body.bare.items.2",
        "stories.body.photo.alt", "stories.signs.signs", "stories.signs.signs.items.shy",
        "stories.help.note", "stories.contacts.orgs", "stories.contacts.orgs.entries.attach.name",
        "stories.contacts.orgs.entries.attach.address", "stories.contacts.credit",
    };
    CHECK_EQ_INT(d->n_fallbacks, TF_ARRAY_LEN(want));
    for (size_t i = 0; i < d->n_fallbacks && i < TF_ARRAY_LEN(want); i++)
        CHECK_EQ_STR(d->fallbacks[i].key, want[i]);
    if (d->n_fallbacks > 9) {
        CHECK_EQ_STR(d->fallbacks[9].base_loc.file, FIX "/en.yaml");
        CHECK_EQ_INT(d->fallbacks[9].base_loc.line, 29);
        CHECK_EQ_INT(d->fallbacks[9].base_loc.col, 14);
    }
    tf_doc_free(d);
}

static void test_errors(void)
{
    FILE *f = fmemopen(captured, sizeof captured, "w");
    tf_diag_set_stream(f);
    tf_doc *d = tf_content_load(FIX, "fr");
    tf_doc *d2 = tf_content_load(FIX, "../x");
    tf_doc *d3 = tf_content_load("tests/fixtures/does-not-exist", NULL);
    tf_diag_set_stream(NULL);
    fclose(f);
    CHECK(!d && !d2 && !d3);
    CHECK_EQ_INT(tf_diag_errors(), 3);
    tf_diag_reset();
    CHECK_EQ_STR(captured,
                 "trifold: error: no text for language 'fr': " FIX "/fr.yaml not found\n"
                 "trifold: error: invalid language '../x'\n"
                 "tests/fixtures/does-not-exist/brochure.yaml: error: cannot open: No such file or directory\n");
}

/* A brochure folder in the test's temp folder: brochure.yaml with `sheet`
 * and `plan` as given, and a small en.yaml. */
static const char *zdir(const char *name, const char *sheet, const char *plan)
{
    char path[1024];
    const char *dir = th_tmp(name);
    mkdir(dir, 0700);
    char cwd[512];
    if (!getcwd(cwd, sizeof cwd)) return dir;
    snprintf(path, sizeof path, "%s/brochure.yaml", dir);
    FILE *f = fopen(path, "w");
    if (!f) return dir;
    fprintf(f, "trifold: 1\nid: z\nbase: en\nsheet: %s\ntheme:\n  fonts:\n", sheet);
    static const char *const faces[] = {"regular", "italic", "bold", "bold_italic"};
    static const char *const files[] = {"Regular", "Italic", "Bold", "BoldItalic"};
    for (int i = 0; i < 4; i++) fprintf(f, "    %s: %s/fonts/NotoSans-%s.ttf\n", faces[i], cwd, files[i]);
    fprintf(f, "plan:\n%s", plan);
    fclose(f);
    snprintf(path, sizeof path, "%s/en.yaml", dir);
    f = fopen(path, "w");
    if (!f) return dir;
    fputs("lang: en\nmeta: {title: Z}\nstories:\n  cover: {title: {title: Z}}\n  body: {p: Some text.}\n"
          "  glance: {p: At a glance.}\n  contacts: {p: Call us.}\n", f);
    fclose(f);
    return dir;
}

static tf_doc *load_quiet(const char *dir)
{
    FILE *f = fmemopen(captured, sizeof captured, "w");
    tf_diag_set_stream(f);
    tf_doc *d = tf_content_load(dir, NULL);
    tf_diag_set_stream(NULL);
    fclose(f);
    return d;
}

/* A Z-fold plan names its panels the Z-fold's way: the outside's left and
 * middle panels are outside-left and outside-middle (the places a roll fold
 * calls flap and back). A roll-fold name on a Z-fold, or a Z-fold name on a
 * roll fold, is an error naming the panel in its place; so is fold_in on a
 * Z-fold. */
static void test_zfold_names(void)
{
    const char *zplan = "  cover: {content: [{story: cover}]}\n"
                        "  inside-left: {content: [{flow: body}]}\n"
                        "  inside-middle: {content: [{flow: body}]}\n"
                        "  inside-right: {content: [{flow: body}]}\n"
                        "  outside-left: {content: [{story: glance}]}\n"
                        "  outside-middle: {content: [{story: contacts}]}\n";
    tf_doc *d = load_quiet(zdir("z-ok", "{paper: a4, fold: z}", zplan));
    CHECK(d != NULL);
    CHECK_EQ_INT(tf_diag_errors(), 0);
    tf_diag_reset();
    if (d) {
        CHECK(d->sheet.fold == TF_FOLD_Z);
        CHECK(d->plan[TF_PANEL_FLAP].present && d->plan[TF_PANEL_BACK].present);
        CHECK_EQ_STR(d->plan[TF_PANEL_FLAP].slots[0].story, "glance");
        CHECK_EQ_STR(d->plan[TF_PANEL_BACK].slots[0].story, "contacts");
        tf_doc_free(d);
    }
    const char *rplan = "  cover: {content: [{story: cover}]}\n"
                        "  flap: {content: [{story: glance}]}\n"
                        "  inside-left: {content: [{flow: body}]}\n"
                        "  back: {content: [{story: contacts}]}\n";
    const char *dir = zdir("z-roll-names", "{paper: letter, fold: z}", rplan);
    d = load_quiet(dir);
    CHECK(d == NULL);
    CHECK_EQ_INT(tf_diag_errors(), 2);
    tf_diag_reset();
    char want[2048];
    snprintf(want, sizeof want,
             "%s/brochure.yaml:13:3: error: a Z-fold has no panel 'flap' (a roll-fold name): the panel in its "
             "place is 'outside-left', read after the inside spread (not after the cover)\n", dir);
    CHECK(strstr(captured, want) != NULL);
    CHECK(strstr(captured, "15:3: error: a Z-fold has no panel 'back' (a roll-fold name): the panel in its "
                           "place is 'outside-middle', read last; the back of a folded Z-fold is "
                           "'inside-right'\n") != NULL);
    d = load_quiet(zdir("roll-z-names", "{paper: letter, fold: roll}", zplan));
    CHECK(d == NULL);
    CHECK_EQ_INT(tf_diag_errors(), 2);
    tf_diag_reset();
    CHECK(strstr(captured, "error: a roll fold has no panel 'outside-left' (a Z-fold name): the panel in its "
                           "place is 'flap'\n") != NULL);
    CHECK(strstr(captured, "error: a roll fold has no panel 'outside-middle' (a Z-fold name): the panel in "
                           "its place is 'back'\n") != NULL);
    d = load_quiet(zdir("z-typo", "{paper: a4, fold: z}", "  outside-midle: {content: [{story: cover}]}\n"));
    CHECK(d == NULL);
    tf_diag_reset();
    CHECK(strstr(captured, "unknown panel 'outside-midle' (did you mean 'outside-middle'?)") != NULL);
    d = load_quiet(zdir("z-far", "{paper: a4, fold: z}", "  zzzzzz: {content: [{story: cover}]}\n"));
    CHECK(d == NULL);
    tf_diag_reset();
    CHECK(strstr(captured, "unknown panel 'zzzzzz' (panels of a Z-fold: cover, inside-left, inside-middle, "
                           "inside-right, outside-left, outside-middle)") != NULL);
    d = load_quiet(zdir("z-fold-in", "{paper: a4, fold: z, fold_in: 95mm}", zplan));
    CHECK(d == NULL);
    CHECK_EQ_INT(tf_diag_errors(), 1);
    tf_diag_reset();
    CHECK(strstr(captured, "error: fold_in is the width of a roll fold's fold-in panel; a Z-fold's panels are "
                           "equal thirds (remove fold_in, or use fold: roll)") != NULL);
}

/* A roll fold's fold-in panel tucks in flat only when it is narrower than
 * the others: within 1/32 in of them is a warning (the build goes on). */
static void test_fold_in_close(void)
{
    const char *plan = "  cover: {content: [{story: cover}]}\n  inside-left: {content: [{flow: body}]}\n";
    tf_doc *d = load_quiet(zdir("fold-in-close", "{paper: letter, fold: roll, fold_in: 3.66in}", plan));
    CHECK(d != NULL);
    CHECK_EQ_INT(tf_diag_errors(), 0);
    CHECK(strstr(captured, "brochure.yaml:4:45: warning: the fold-in panel (3.66 in) is only 0.01 in narrower "
                           "than the outer panels (3.67 in)") != NULL);
    tf_doc_free(d);
    d = load_quiet(zdir("fold-in-ok", "{paper: letter, fold: roll, fold_in: 3.6in}", plan));
    CHECK(d != NULL && !strstr(captured, "fold-in panel"));
    tf_doc_free(d);
    tf_diag_reset();
}

int main(void)
{
    RUN(test_utf8);
    RUN(test_utf8_cursor);
    RUN(test_many_errors);
    RUN(test_file);
    RUN(test_yamltree);
    RUN(test_image);
    RUN(test_base);
    RUN(test_translation);
    RUN(test_errors);
    RUN(test_zfold_names);
    RUN(test_fold_in_close);
    return DONE();
}
