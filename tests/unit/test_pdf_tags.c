/* test_pdf_tags.c: a two-page tagged document read back with independent
 * tools (poppler's pdfinfo/pdftotext, qpdf): the structure tree in reading
 * order with its texts, every drawn thing marked or an artifact, the
 * ParentTree matching the MCIDs of each page, the catalog entries PDF/UA
 * asks for, bookmarks, page labels, and deterministic bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "font.h"
#include "harness.h"
#include "pdf.h"

#define PT(x) ((tf_sp)((x) * TF_SP_PER_PT))
#define OUT th_tmp("tags.pdf")
#define PLAIN th_tmp("plain.pdf")
#define ERR th_tmp("cmd.err")
#define IMAGE "tests/fixtures/small/pixel.png"

static tf_font *font;

/* Run a shell command; stdout into *out (malloc'd), stderr into *err. */
static int run(const char *cmd, char **out, char **err)
{
    char full[1024];
    snprintf(full, sizeof full, "%s 2>'%s'", cmd, ERR);
    FILE *fp = popen(full, "r");
    size_t cap = 4096, n = 0, got;
    char *b = malloc(cap);
    while ((got = fread(b + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (n + 1 == cap) b = realloc(b, cap *= 2);
    }
    for (size_t i = 0; i < n; i++)
        if (!b[i]) b[i] = '.';   /* binary streams: keep strstr going */
    b[n] = '\0';
    int st = pclose(fp);
    *out = b;
    FILE *ef = fopen(ERR, "rb");
    char *e = calloc(1, 65536);
    if (ef) {
        size_t en = fread(e, 1, 65535, ef);
        e[en] = '\0';
        fclose(ef);
    }
    *err = e;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void text(tf_pdf *p, double size, double x, double y, const char *s)
{
    tf_glyph g[256];
    size_t len = strlen(s);
    size_t n = tf_font_shape(font, s, len, "en", TF_DIR_LTR, g, 256);
    tf_pdf_glyphs(p, font, PT(size), TF_RGB(20, 20, 60), PT(x), PT(y), g, n, s, len);
}

/* Document > Sect > H1, P (over both pages), L > LI > Lbl + LBody,
 * Figure (Alt), P > Link (annotation); a rule and a folio as artifacts and
 * a background drawn outside any bracket. */
static tf_pdf *build(bool claim)
{
    tf_pdf_info info = {"Tagged test: caf\xC3\xA9 & <co>", "Test Author", "Unit test", "en-US",
                        "trifold 0.1", 1700000000};
    tf_pdf *p = tf_pdf_new(&info);
    tf_color pale = TF_RGB(230, 244, 245), teal = TF_RGB(0, 120, 130);

    CHECK(tf_pdf_page(p, PT(400), PT(300), NULL, NULL));
    tf_pdf_fill_rect(p, (tf_rect){0, PT(260), PT(400), PT(40)}, pale);   /* unbracketed */
    tf_pdf_elem sect = tf_pdf_struct(p, TF_PDF_ROOT, "Sect", NULL, NULL);
    tf_pdf_elem h1 = tf_pdf_struct(p, sect, "H1", NULL, NULL);
    tf_pdf_mark_begin(p, h1);
    text(p, 18, 20, 270, "Welcome");
    tf_pdf_mark_end(p);
    tf_pdf_mark_begin(p, TF_PDF_ARTIFACT);
    tf_pdf_line(p, PT(20), PT(255), PT(380), PT(255), PT(1), teal, 0);
    tf_pdf_mark_end(p);
    tf_pdf_elem para = tf_pdf_struct(p, sect, "P", NULL, NULL);
    tf_pdf_mark_begin(p, para);
    text(p, 11, 20, 230, "This paragraph starts here");
    tf_pdf_mark_end(p);
    tf_pdf_bookmark(p, "Welcome", 0, 0, PT(290));

    CHECK(tf_pdf_page(p, PT(400), PT(300), NULL, NULL));
    tf_pdf_mark_begin(p, para);
    text(p, 11, 20, 270, "and ends on page two.");
    tf_pdf_mark_end(p);
    tf_pdf_elem list = tf_pdf_struct(p, sect, "L", NULL, NULL);
    tf_pdf_elem item = tf_pdf_struct(p, list, "LI", NULL, NULL);
    tf_pdf_elem lbl = tf_pdf_struct(p, item, "Lbl", NULL, NULL);
    tf_pdf_mark_begin(p, lbl);
    text(p, 11, 20, 250, "1.");
    tf_pdf_mark_end(p);
    tf_pdf_elem body = tf_pdf_struct(p, item, "LBody", NULL, NULL);
    tf_pdf_mark_begin(p, body);
    text(p, 11, 40, 250, "First item");
    tf_pdf_mark_end(p);
    tf_pdf_bookmark(p, "Services", 1, 1, PT(260));
    tf_pdf_elem fig = tf_pdf_struct(p, sect, "Figure", "A teal dot (Stra\xC3\x9F" "e)", NULL);
    tf_pdf_mark_begin(p, fig);
    tf_pdf_fill_circle(p, PT(300), PT(200), PT(30), teal);
    text(p, 8, 280, 160, "Map");   /* then an image in the same bracket: ET before Do */
    tf_loc where = {"test", 1, 1};
    CHECK(tf_pdf_image(p, IMAGE, &where, (tf_rect){PT(320), PT(160), PT(40), PT(30)}));
    tf_pdf_mark_end(p);
    tf_pdf_elem p2 = tf_pdf_struct(p, sect, "P", NULL, "de");
    tf_pdf_mark_begin(p, p2);
    text(p, 11, 20, 150, "Besuchen Sie");
    tf_pdf_elem link = tf_pdf_struct(p, p2, "Link", "Visit example.org", NULL);
    tf_pdf_mark_begin(p, link);
    text(p, 11, 100, 150, "example.org");
    tf_pdf_link_tagged(p, (tf_rect){PT(100), PT(146), PT(70), PT(14)}, "https://example.org/", link);
    tf_pdf_mark_end(p);
    text(p, 11, 175, 150, "heute.");
    tf_pdf_mark_end(p);
    tf_pdf_mark_begin(p, TF_PDF_ARTIFACT);
    text(p, 8, 190, 20, "2");
    tf_pdf_mark_end(p);
    tf_pdf_bookmark(p, "Contact \xE2\x80\x94 Kontakt", 0, 1, PT(160));
    tf_pdf_page_label(p, 0, "Outside");
    tf_pdf_page_label(p, 1, "Inside");
    if (claim) tf_pdf_claim_ua(p);
    return p;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *d = malloc((size_t)len + 1);
    *n = fread(d, 1, (size_t)len, fp);
    d[*n] = '\0';
    fclose(fp);
    return d;
}

static void test_bytes(void)
{
    tf_diag_reset();
    tf_pdf *p = build(true);
    CHECK(tf_pdf_save(p, OUT));
    unsigned char *m1 = NULL, *m2 = NULL;
    size_t n1 = 0, n2 = 0;
    CHECK(tf_pdf_save_mem(p, &m1, &n1));
    tf_pdf_free(p);
    tf_pdf *q = build(true);
    CHECK(tf_pdf_save_mem(q, &m2, &n2));
    tf_pdf_free(q);
    size_t nf = 0;
    char *f = slurp(OUT, &nf);
    CHECK(f && nf == n1 && memcmp(f, m1, n1) == 0);
    CHECK(n1 == n2 && m1 && m2 && memcmp(m1, m2, n1) == 0);
    CHECK(n1 > 8 && memcmp(m1, "%PDF-1.7", 8) == 0);
    CHECK_EQ_INT(tf_diag_errors(), 0);
    free(f);
    free(m1);
    free(m2);
}

static void test_poppler(void)
{
    char *out, *err;
    CHECK_EQ_INT(run(th_cmd("pdfinfo '%s'", OUT), &out, &err), 0);
    CHECK(strstr(out, "Tagged:          yes") != NULL);
    CHECK(strstr(out, "PDF version:     1.7") != NULL);
    CHECK(strstr(out, "Title:           Tagged test: caf\xC3\xA9 & <co>") != NULL);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    /* the tree in reading order, each element with its text */
    CHECK_EQ_INT(run(th_cmd("pdfinfo -struct-text '%s'", OUT), &out, &err), 0);
    CHECK_EQ_STR(err, "");
    const char *want[] = {"Document", "Sect", "H1", "\"Welcome\"", "P",
                          "\"This paragraph starts here", "and ends on page two.\"", "L", "LI",
                          "Lbl", "\"1.\"", "LBody", "\"First item\"", "Figure", "P", "Besuchen Sie",
                          "Link", "\"example.org\"", "heute."};
    const char *at = out;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *hit = strstr(at, want[i]);
        if (!hit) fprintf(stderr, "struct-text: '%s' missing or out of order\n", want[i]);
        CHECK(hit != NULL);
        if (hit) at = hit + strlen(want[i]);
    }
    if (th_failed_checks) fprintf(stderr, "%s", out);
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("pdfinfo -struct '%s'", OUT), &out, &err), 0);
    CHECK(strstr(out, "Figure") != NULL);
    CHECK(strstr(out, "Object ") != NULL || strstr(out, "Link") != NULL);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("pdftotext -enc UTF-8 '%s' -", OUT), &out, &err), 0);
    CHECK(strstr(out, "Welcome") != NULL);
    CHECK(strstr(out, "This paragraph starts here") != NULL);
    CHECK(strstr(out, "and ends on page two.") != NULL);
    CHECK(strstr(out, "First item") != NULL);
    CHECK(strstr(out, "example.org") != NULL);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("pdffonts '%s'", OUT), &out, &err), 0);
    CHECK(strstr(out, "yes yes yes") != NULL);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("pdftoppm -r 30 -png '%s' '%s'", OUT, th_tmp("page")), &out, &err), 0);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("pdfinfo -f 1 -l 2 '%s'", OUT), &out, &err), 0);
    CHECK_EQ_STR(err, "");
    free(out); free(err);
}

/* Content streams of each page (qpdf --qdf shows them uncompressed). */
static int page_streams(char *qdf, char **starts, int max)
{
    int n = 0;
    for (char *s = strstr(qdf, "%% Contents for page"); s && n < max;
         s = strstr(s + 1, "%% Contents for page"))
        starts[n++] = s;
    return n;
}

/* Check one page's content: every painting operator inside exactly one
 * BDC/BMC..EMC, no marked content nested, BT/ET never crossing it, MCIDs
 * 0..n-1 in order. Returns the MCID count, -1 on a failure. */
static int check_content(const char *s, const char *end)
{
    static const char *const paint[] = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*",
                                        "TJ", "Tj", "'", "\"", "Do", "sh", "BI"};
    int depth = 0, mcids = 0, bad = 0;
    bool in_text = false;
    int text_depth = 0;
    char tok[64];
    s = strstr(s, "stream\n");
    if (!s || s > end) return -1;
    s += 7;
    const char *stop = strstr(s, "\nendstream");
    if (!stop || stop > end) return -1;
    while (s < stop) {
        while (s < stop && (*s == ' ' || *s == '\n' || *s == '\r')) s++;
        size_t n = 0;
        while (s < stop && *s != ' ' && *s != '\n' && *s != '\r') {
            if (n + 1 < sizeof tok) tok[n++] = *s;
            s++;
        }
        tok[n] = '\0';
        if (!n) break;
        if (!strcmp(tok, "BDC") || !strcmp(tok, "BMC")) {
            if (depth || in_text) bad++;
            depth++;
        } else if (!strcmp(tok, "EMC")) {
            if (depth != 1 || in_text) bad++;
            depth--;
        } else if (!strcmp(tok, "BT")) {
            in_text = true;
            text_depth = depth;
        } else if (!strcmp(tok, "ET")) {
            if (!in_text || depth != text_depth) bad++;
            in_text = false;
        } else if (tok[0] >= '0' && tok[0] <= '9' && strstr(tok, ">>")) {   /* MCID n>> */
            if (atoi(tok) != mcids) bad++;
            mcids++;
        } else {
            for (size_t i = 0; i < sizeof paint / sizeof *paint; i++)
                if (!strcmp(tok, paint[i]) && (depth != 1 || (in_text != (i >= 9 && i < 13))))
                    bad++;   /* painted outside marked content, or text/graphics mixed up */
        }
    }
    if (depth || in_text) bad++;
    if (bad) fprintf(stderr, "content: %d marked-content problems\n", bad);
    return bad ? -1 : mcids;
}

/* qpdf --json=2 text: the value following "key": after `from`. */
static const char *json_after(const char *from, const char *key)
{
    const char *k = strstr(from, key);
    return k ? k + strlen(key) : NULL;
}

/* The object "obj:N 0 R" of a qpdf JSON dump. */
static const char *json_obj(const char *json, const char *ref)
{
    char key[64];
    snprintf(key, sizeof key, "\"obj:%s\"", ref);
    return strstr(json, key);
}

/* Number of references in the JSON array starting at s ("[ ... ]"). */
static int json_array_refs(const char *s)
{
    while (*s && *s != '[') s++;
    int n = 0;
    for (; *s && *s != ']'; s++)
        if (s[0] == ' ' && s[1] == 'R' && s[2] == '"') n++;
    return n;
}

static void test_qpdf(void)
{
    char *out, *err;
    CHECK_EQ_INT(run(th_cmd("qpdf --check '%s'", OUT), &out, &err), 0);
    CHECK(strstr(out, "No syntax or stream encoding errors") != NULL);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    /* every drawn thing is marked content or an artifact; MCIDs per page */
    CHECK_EQ_INT(run(th_cmd("qpdf --qdf --object-streams=disable '%s' -", OUT), &out, &err), 0);
    char *pages[4];
    int np = page_streams(out, pages, 4), mcids[2] = {-1, -1};
    CHECK_EQ_INT(np, 2);
    for (int i = 0; i < np && i < 2; i++)
        mcids[i] = check_content(pages[i], i + 1 < np ? pages[i + 1] : out + strlen(out));
    CHECK_EQ_INT(mcids[0], 2);   /* H1, P */
    CHECK_EQ_INT(mcids[1], 7);   /* P, Lbl, LBody, Figure, P, Link, P again */
    CHECK(strstr(out, "/Artifact BMC") != NULL);
    CHECK(strstr(out, "/Tabs /S") != NULL);
    CHECK(strstr(out, "/Type /OBJR") != NULL);
    CHECK(strstr(out, "/Type /MCR") != NULL);       /* P's content on its second page */
    CHECK(strstr(out, "/StructParent 2") != NULL);  /* the link: after the two pages */
    CHECK(strstr(out, "/ParentTreeNextKey 3") != NULL);
    CHECK(strstr(out, "/Alt <feff") != NULL);       /* non-ASCII Alt: UTF-16BE with BOM */
    CHECK(strstr(out, "/Lang (de)") != NULL);
    CHECK(strstr(out, "<pdfuaid:part>1</pdfuaid:part>") != NULL);
    CHECK(strstr(out, "<rdf:li xml:lang=\"x-default\">Tagged test: caf\xC3\xA9 &amp; &lt;co&gt;</rdf:li>") != NULL);
    CHECK(strstr(out, "<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>") != NULL);
    CHECK(strstr(out, "/CreationDate (D:20231114221320Z") != NULL);
    CHECK(strstr(out, "<pdf:Producer>trifold (libharu 2.3.0, HarfBuzz)</pdf:Producer>") != NULL);
    CHECK(strstr(out, "/Subtype /XML") != NULL);
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("qpdf --json=2 '%s'", OUT), &out, &err), 0);
    CHECK_EQ_STR(err, "");
    /* catalog */
    CHECK(strstr(out, "\"/Type\": \"/Catalog\"") != NULL);
    CHECK(strstr(out, "\"/MarkInfo\": {\n") != NULL);
    CHECK(strstr(out, "\"/Marked\": true") != NULL);
    CHECK(strstr(out, "\"/DisplayDocTitle\": true") != NULL);
    CHECK(strstr(out, "\"/Lang\": \"u:en-US\"") != NULL);   /* qpdf JSON 2: u: = text */
    CHECK(strstr(out, "\"/Tabs\": \"/S\"") != NULL);
    CHECK(strstr(out, "\"/Type\": \"/StructTreeRoot\"") != NULL);
    /* qpdf decodes the UTF-16BE Alt; the link annotation describes itself */
    CHECK(strstr(out, "\"/Alt\": \"u:A teal dot (Stra\xC3\x9F" "e)\"") != NULL);
    CHECK(strstr(out, "\"/Contents\": \"u:Visit example.org\"") != NULL);
    CHECK(strstr(out, "\"/StructParent\": 2") != NULL);

    /* ParentTree: page i's array has one entry per MCID used on page i */
    const char *pt = json_after(out, "\"/ParentTree\": \"");
    CHECK(pt != NULL);
    if (pt) {
        char ref[32];
        size_t n = strcspn(pt, "\"");
        snprintf(ref, sizeof ref, "%.*s", (int)(n < 31 ? n : 31), pt);
        const char *tree = json_obj(out, ref);
        CHECK(tree != NULL);
        const char *nums = tree ? json_after(tree, "\"/Nums\": [") : NULL;
        CHECK(nums != NULL);
        if (nums) {
            /* 0, [2 refs], 1, [7 refs], 2, "ref" */
            const char *a0 = strchr(nums, '[');
            CHECK_EQ_INT(json_array_refs(a0), 2);
            const char *a1 = a0 ? strchr(strchr(a0, ']'), '[') : NULL;
            CHECK(a1 != NULL);
            if (a1) CHECK_EQ_INT(json_array_refs(a1), 7);
        }
    }

    /* bookmarks as qpdf reads them (the document-level list; its JSON is
     * indented by depth and keys are sorted, so a kid comes before its
     * parent's title) */
    const char *ol = json_after(out, "\n  \"outlines\": [");
    CHECK(ol != NULL);
    if (ol) {
        const char *s = strstr(ol, "\n          \"title\": \"Services\"");
        const char *w = strstr(ol, "\n      \"title\": \"Welcome\"");
        const char *c = strstr(ol, "\n      \"title\": \"Contact \xE2\x80\x94 Kontakt\"");
        CHECK(w && s && c && s < w && w < c);
        CHECK(strstr(ol, "\"destpageposfrom1\": 2") != NULL);
        CHECK(strstr(ol, "\"/XYZ\",\n        null,\n        290,") != NULL);
    }
    const char *pl = json_after(out, "\"pagelabels\": [");
    CHECK(pl != NULL);
    if (pl) {
        CHECK(strstr(pl, "\"/P\": \"u:Outside\"") != NULL || strstr(pl, "\"/P\": \"Outside\"") != NULL);
        CHECK(strstr(pl, "Inside") != NULL);
    }
    free(out); free(err);
}

/* A document that never creates an element stays untagged: no markers in
 * the content, no structure, the old PDF version. */
static tf_pdf *plain(bool artifact_brackets)
{
    tf_pdf_info info = {"Plain", NULL, NULL, "en", "trifold 0.1", 0};
    tf_pdf *p = tf_pdf_new(&info);
    CHECK(tf_pdf_page(p, PT(200), PT(200), NULL, NULL));
    tf_pdf_fill_rect(p, (tf_rect){0, 0, PT(50), PT(50)}, TF_RGB(1, 2, 3));
    if (artifact_brackets) tf_pdf_mark_begin(p, TF_PDF_ARTIFACT);
    text(p, 12, 10, 100, "Plain text");
    if (artifact_brackets) tf_pdf_mark_end(p);
    tf_pdf_page_label(p, 0, "Outside");
    return p;
}

static void test_untagged(void)
{
    tf_diag_reset();
    tf_pdf *p = plain(true);
    CHECK(tf_pdf_save(p, PLAIN));
    tf_pdf_free(p);
    /* artifact brackets alone change no byte */
    size_t n1 = 0, n2 = 0;
    char *f = slurp(PLAIN, &n1);
    unsigned char *m = NULL;
    tf_pdf *q = plain(false);
    CHECK(tf_pdf_save_mem(q, &m, &n2));
    tf_pdf_free(q);
    CHECK(f && m && n1 == n2 && memcmp(f, m, n1) == 0);
    free(f);
    free(m);
    char *out, *err;
    CHECK_EQ_INT(run(th_cmd("pdfinfo '%s'", PLAIN), &out, &err), 0);
    CHECK(strstr(out, "Tagged:          no") != NULL);
    CHECK(strstr(out, "PDF version:     1.5") != NULL);   /* 1.3 raised for object streams */
    CHECK_EQ_STR(err, "");
    free(out); free(err);
    CHECK_EQ_INT(run(th_cmd("qpdf --qdf --object-streams=disable '%s' -", PLAIN), &out, &err), 0);
    CHECK(strstr(out, "BMC") == NULL && strstr(out, "EMC") == NULL);
    CHECK(strstr(out, "StructTreeRoot") == NULL && strstr(out, "MarkInfo") == NULL);
    CHECK(strstr(out, "/PageLabels") != NULL);
    free(out); free(err);
    CHECK_EQ_INT(run(th_cmd("pdftotext '%s' -", PLAIN), &out, &err), 0);
    CHECK(strstr(out, "Plain text") != NULL);
    free(out); free(err);
}

/* No fixed depth or length: brackets nested 100 deep, a role longer than
 * any standard one, bookmarks 40 levels deep. */
static void test_depths(void)
{
    tf_diag_reset();
    tf_pdf *p = tf_pdf_new(NULL);
    CHECK(tf_pdf_page(p, PT(200), PT(200), NULL, NULL));
    tf_pdf_elem e = TF_PDF_ROOT;
    for (int i = 0; i < 100; i++) {
        e = tf_pdf_struct(p, e, i == 99 ? "NonstandardRoleWithALongName" : "Div", NULL, NULL);
        tf_pdf_mark_begin(p, e);
    }
    text(p, 12, 10, 100, "Deep");
    for (int i = 0; i < 100; i++) tf_pdf_mark_end(p);
    for (int i = 0; i < 40; i++) tf_pdf_bookmark(p, "Level", i, 0, PT(100));
    const char *path = th_tmp("depths.pdf");
    CHECK(tf_pdf_save(p, path));
    tf_pdf_free(p);
    /* the dictionaries are in an object stream: read them through qpdf */
    char *data, *err;
    CHECK_EQ_INT(run(th_cmd("qpdf --qdf --object-streams=disable '%s' -", path), &data, &err), 0);
    size_t len = strlen(data);
    static const char role[] = "/S /NonstandardRoleWithALongName";
    bool found = false;
    for (size_t i = 0; data && i + sizeof role - 1 <= len && !found; i++)
        found = memcmp(data + i, role, sizeof role - 1) == 0;
    CHECK(found);
    /* 40 outline items, each the only child of the one before: /Count in the
     * outline root, in 39 items, and in the page tree */
    int counts = 0;
    for (size_t i = 0; data && i + 6 <= len; i++) counts += memcmp(data + i, "/Count", 6) == 0;
    CHECK_EQ_INT(counts, 41);
    CHECK_EQ_INT(tf_diag_errors(), 0);
    free(data);
    free(err);
}

/* Arabic marks: every glyph drawn has a ToUnicode entry (a mark glyph its
 * own code point), and a cluster whose glyphs cannot be read one by one (a
 * fathatan between the letters of the lam-alef ligature) is a Span with
 * /ActualText; MuPDF (which ignores ActualText), poppler's structure text
 * and the tree give each word exactly. */
static void test_marks(void)
{
    tf_loc loc = {"test", 0, 0};
    tf_font *ar = tf_font_load("fonts/NotoSansArabic-Regular.ttf", &loc);
    CHECK(ar != NULL);
    if (!ar) return;
    /* "abadan" (dal + fathatan + alef: a base and its mark), "mashghulan"
     * (lam + fathatan + alef: the lam-alef ligature and a mark) */
    static const char *const words[] = {"\xD8\xA3\xD8\xA8\xD8\xAF\xD9\x8B\xD8\xA7",
                                        "\xD9\x85\xD8\xB4\xD8\xBA\xD9\x88\xD9\x84\xD9\x8B\xD8\xA7"};
    tf_pdf_info info = {"Marks", NULL, NULL, "ar", "trifold 0.1", 0};
    tf_pdf *p = tf_pdf_new(&info);
    CHECK(tf_pdf_page(p, PT(300), PT(100), NULL, NULL));
    tf_pdf_elem para = tf_pdf_struct(p, TF_PDF_ROOT, "P", NULL, NULL);
    tf_pdf_mark_begin(p, para);
    double x = 200;
    for (int w = 0; w < 2; w++) {
        tf_glyph g[64];
        size_t len = strlen(words[w]);
        size_t n = tf_font_shape(ar, words[w], len, "ar", TF_DIR_RTL, g, 64);
        tf_pdf_glyphs(p, ar, PT(20), TF_RGB(0, 0, 0), PT(x), PT(50), g, n, words[w], len);
        x -= 80;
    }
    tf_pdf_mark_end(p);
    char path[] = "/tmp/tf_test_marks_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) close(fd);
    CHECK(tf_pdf_save(p, path));
    tf_pdf_free(p);
    tf_font_free(ar);

    char cmd[256], *out, *err;
    snprintf(cmd, sizeof cmd, "mutool draw -q -F txt -o - %s", path);
    CHECK_EQ_INT(run(cmd, &out, &err), 0);
    CHECK(strstr(out, words[0]) != NULL);
    CHECK(strstr(out, words[1]) != NULL);
    CHECK(strstr(out, "\xEF\xBF\xBD") == NULL);   /* U+FFFD: a glyph with no mapping */
    free(out); free(err);
    /* poppler prints the inline Span's text on a line of its own */
    snprintf(cmd, sizeof cmd, "pdfinfo -struct-text %s", path);
    CHECK_EQ_INT(run(cmd, &out, &err), 0);
    const char *sp = strstr(out, "\xD9\x85\xD8\xB4\xD8\xBA\xD9\x88\"\n");
    CHECK(strstr(out, words[0]) != NULL);
    CHECK(sp != NULL);
    if (sp) CHECK(strstr(sp, "Span (inline)\n      \"\xD9\x84\xD9\x8B\xD8\xA7\"\n") != NULL);
    free(out); free(err);
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable %s -", path);
    CHECK_EQ_INT(run(cmd, &out, &err), 0);
    /* one Span, lam + fathatan + alef */
    const char *span = strstr(out, "/ActualText <feff0644064b0627>");
    CHECK(span != NULL);
    if (span) CHECK(strstr(span + 1, "/ActualText") == NULL);
    /* ToUnicode: an entry per CID (CID 0, .notdef, aside), the marks among them */
    const char *tu = strstr(out, "beginbfchar");
    int entries = 0, cids = 0;
    for (const char *q = tu; q && (q = strstr(q, "beginbfchar")); q++) entries += atoi(q - 4);
    const char *w = strstr(out, "/W [");
    w = w ? strchr(w + 4, '[') : NULL;    /* /W [0 [w0 w1 ...]]: a width per CID */
    for (const char *q = w ? w + 1 : NULL; q && *q && *q != ']'; q++)
        if ((*q >= '0' && *q <= '9') && (q[-1] == ' ' || q[-1] == '\n' || q[-1] == '[')) cids++;
    CHECK(entries > 0);
    CHECK_EQ_INT(entries, cids - 1);
    CHECK(strstr(out, "> <064B>") != NULL);
    free(out); free(err);
    unlink(path);
}

int main(void)
{
    tf_loc loc = {"test", 0, 0};
    font = tf_font_load("fonts/NotoSans-Regular.ttf", &loc);
    if (!font) return 1;
    RUN(test_bytes);
    RUN(test_poppler);
    RUN(test_qpdf);
    RUN(test_untagged);
    RUN(test_depths);
    RUN(test_marks);
    tf_font_free(font);
    return DONE();
}
