/* test_pdf.c: build a small two-page document and read it back with the
 * poppler and qpdf command-line tools: fonts embedded as subset CID TrueType
 * with ToUnicode, exact text extraction, no warnings, deterministic bytes. */
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
#define OUT th_tmp("test.pdf")
#define PNG_PATH th_tmp("test.png")

static tf_font *fonts[4];
static const char *font_files[4] = {
    "fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf",
    "fonts/NotoSans-Italic.ttf", "fonts/NotoSans-BoldItalic.ttf",
};

/* --- a hand-made PNG: 4x4 RGBA, zlib stored block ----------------------------- */

static uint32_t crc32(const unsigned char *p, size_t n, uint32_t c)
{
    c = ~c;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8); p[3] = (unsigned char)v;
}

static void chunk(FILE *fp, const char *type, const unsigned char *data, uint32_t n)
{
    unsigned char hdr[8];
    put32(hdr, n);
    memcpy(hdr + 4, type, 4);
    fwrite(hdr, 1, 8, fp);
    if (n) fwrite(data, 1, n, fp);
    uint32_t c = crc32(hdr + 4, 4, 0);
    c = crc32(data, n, c);
    unsigned char cb[4];
    put32(cb, c);
    fwrite(cb, 1, 4, fp);
}

static void write_png(const char *path)
{
    enum { W = 4, H = 4, ROW = 1 + W * 4, RAW = ROW * H };
    unsigned char raw[RAW];
    for (int y = 0; y < H; y++) {
        raw[y * ROW] = 0;   /* filter: none */
        for (int x = 0; x < W; x++) {
            unsigned char *px = raw + y * ROW + 1 + x * 4;
            px[0] = (unsigned char)(x * 80); px[1] = (unsigned char)(y * 80);
            px[2] = 200; px[3] = (unsigned char)((x + y) % 2 ? 255 : 128);
        }
    }
    unsigned char z[2 + 5 + RAW + 4];
    z[0] = 0x78; z[1] = 0x01;
    z[2] = 1; z[3] = RAW & 0xFF; z[4] = RAW >> 8; z[5] = (unsigned char)~RAW; z[6] = (unsigned char)(~RAW >> 8);
    memcpy(z + 7, raw, RAW);
    uint32_t a = 1, b = 0;
    for (int i = 0; i < RAW; i++) { a = (a + raw[i]) % 65521; b = (b + a) % 65521; }
    put32(z + 7 + RAW, b << 16 | a);
    unsigned char ihdr[13] = {0, 0, 0, W, 0, 0, 0, H, 8, 6, 0, 0, 0};
    FILE *fp = fopen(path, "wb");
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, fp);
    chunk(fp, "IHDR", ihdr, 13);
    chunk(fp, "IDAT", z, sizeof z);
    chunk(fp, "IEND", NULL, 0);
    fclose(fp);
}

/* --- helpers -------------------------------------------------------------------- */

/* Run a shell command; stdout into *out (malloc'd), stderr into *err. */
static int run(const char *cmd, char **out, char **err)
{
    char full[1024];
    snprintf(full, sizeof full, "%s 2>'%s'", cmd, th_tmp("cmd.err"));
    FILE *fp = popen(full, "r");
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (n + 1 == cap) buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    int st = pclose(fp);
    *out = buf;
    FILE *ef = fopen(th_tmp("cmd.err"), "rb");
    char *e = calloc(1, 65536);
    if (ef) { size_t en = fread(e, 1, 65535, ef); e[en] = '\0'; fclose(ef); }
    *err = e;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Shape and draw one run; returns its width. */
static tf_sp text(tf_pdf *p, int face, double size, tf_color c, double x, double y,
                  const char *s)
{
    tf_glyph g[512];
    size_t len = strlen(s);
    size_t n = tf_font_shape(fonts[face], s, len, "en", TF_DIR_LTR, g, 512);
    tf_pdf_glyphs(p, fonts[face], PT(size), c, PT(x), PT(y), g, n, s, len);
    tf_sp w = 0;
    unsigned upem = tf_font_units_per_em(fonts[face]);
    for (size_t i = 0; i < n; i++) w += tf_font_units_to_sp(g[i].x_advance, PT(size), upem);
    return w;
}

/* Draw word by word as the layout does, spaces as gaps. */
static void words(tf_pdf *p, int face, double size, double x, double y, const char *s)
{
    tf_color ink = TF_RGB(20, 20, 60);
    tf_sp at = PT(x), space = tf_font_measure(fonts[face], PT(size), " ", 1, "en");
    while (*s) {
        size_t n = strcspn(s, " ");
        char word[128];
        memcpy(word, s, n);
        word[n] = '\0';
        at += text(p, face, size, ink, tf_sp_to_pt(at), y, word) + space;
        s += n;
        while (*s == ' ') s++;
    }
}

static const char *expected_text =
    "The \xEF\xAC\x81le: fine office affluent\n"
    "AVA Wavy caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x9Cquotes\xE2\x80\x9D \xE2\x80\x94 dash\n"
    "Bold words and italic words\n"
    "Call 555-0100 or visit example.org/\xC3\xA9t\xC3\xA9\n\n"
    "\f"
    "Second page: efficient, fluffy offers\n\n"
    "\f";

static tf_pdf *build(void)
{
    tf_pdf_info info = {"Trifold test: caf\xC3\xA9", "Test Author", "Unit test", "en-US",
                        "trifold 0.1", 1700000000};
    tf_pdf *p = tf_pdf_new(&info);
    tf_rect trim = {PT(9), PT(9), PT(792), PT(612)};
    tf_rect bleed = {0, 0, PT(810), PT(630)};
    tf_color ink = TF_RGB(20, 20, 60), teal = TF_RGB(0, 120, 130), pale = TF_RGB(230, 244, 245);

    CHECK(tf_pdf_page(p, PT(810), PT(630), &trim, &bleed));
    tf_pdf_fill_rect(p, (tf_rect){0, PT(560), PT(810), PT(70)}, pale);
    tf_pdf_stroke_rect(p, (tf_rect){PT(40), PT(300), PT(200), PT(100)}, PT(1), teal);
    tf_pdf_fill_circle(p, PT(700), PT(500), PT(30), teal);
    tf_pdf_line(p, PT(273), 0, PT(273), PT(9), PT(0.5), TF_RGB(0, 0, 0), PT(3));
    tf_pdf_line(p, PT(40), PT(290), PT(240), PT(290), PT(0.5), TF_RGB(0, 0, 0), 0);

    text(p, 0, 14, ink, 40, 520, "The \xEF\xAC\x81le: fine office affluent");
    words(p, 0, 12, 40, 500,
          "AVA Wavy caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x9Cquotes\xE2\x80\x9D \xE2\x80\x94 dash");
    tf_sp x = PT(40);
    x += text(p, 1, 12, ink, 40, 480, "Bold words ");
    x += text(p, 0, 12, ink, tf_sp_to_pt(x), 480, "and ");
    text(p, 2, 12, teal, tf_sp_to_pt(x), 480, "italic words");
    tf_sp w = text(p, 3, 12, teal, 40, 460, "Call 555-0100 or visit example.org/\xC3\xA9t\xC3\xA9");
    tf_pdf_link(p, (tf_rect){PT(40), PT(456), w, PT(14)}, "https://example.org/\xC3\xA9t\xC3\xA9 x");
    tf_pdf_link(p, (tf_rect){PT(40), PT(440), PT(60), PT(14)}, "tel:+1-555-0100");
    tf_loc loc = {"content/test/en.yaml", 7, 3};
    CHECK(tf_pdf_image(p, PNG_PATH, &loc, (tf_rect){PT(300), PT(100), PT(100), PT(50)}));

    CHECK(tf_pdf_page(p, PT(810), PT(630), &trim, &bleed));
    text(p, 0, 12, ink, 40, 520, "Second page: efficient, fluffy offers");
    CHECK(tf_pdf_image(p, PNG_PATH, &loc, (tf_rect){PT(300), PT(100), PT(40), PT(40)}));
    return p;
}

static void test_document(void)
{
    write_png(PNG_PATH);
    tf_diag_reset();
    tf_pdf *p = build();
    CHECK(tf_pdf_save(p, OUT));
    unsigned char *m1 = NULL, *m2 = NULL;
    size_t n1 = 0, n2 = 0;
    CHECK(tf_pdf_save_mem(p, &m1, &n1));
    CHECK(tf_pdf_save_mem(p, &m2, &n2));
    tf_pdf_free(p);
    CHECK_EQ_INT(tf_diag_errors(), 0);

    /* byte-identical: two in-memory saves, the file, and a second build */
    struct stat st;
    CHECK(stat(OUT, &st) == 0);
    CHECK_EQ_INT(n1, st.st_size);
    CHECK(n1 == n2 && memcmp(m1, m2, n1) == 0);
    FILE *fp = fopen(OUT, "rb");
    unsigned char *f = malloc(n1 + 1);
    CHECK(fp && fread(f, 1, n1 + 1, fp) == n1);
    if (fp) fclose(fp);
    CHECK(memcmp(f, m1, n1) == 0);
    tf_pdf *q = build();
    unsigned char *m3 = NULL;
    size_t n3 = 0;
    CHECK(tf_pdf_save_mem(q, &m3, &n3));
    tf_pdf_free(q);
    CHECK(n3 == n1 && m3 && memcmp(m3, m1, n1) == 0);
    /* the PNG has alpha: SMask needs 1.4; object streams (pdf_pack.c) 1.5 */
    CHECK(memcmp(m1, "%PDF-1.5", 8) == 0);
    CHECK(n1 < 30000);
    printf("note: test PDF is %zu bytes\n", n1);
    free(f);
    free(m1);
    free(m2);
    free(m3);

    char *out, *err;
    CHECK_EQ_INT(run(th_cmd("qpdf --check '%s'", OUT), &out, &err), 0);
    CHECK(strstr(out, "No syntax or stream encoding errors") != NULL);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("pdftotext -enc UTF-8 '%s' -", OUT), &out, &err), 0);
    CHECK_EQ_STR(out, expected_text);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    /* every font: CID TrueType (Identity-H), embedded, subset, ToUnicode */
    CHECK_EQ_INT(run(th_cmd("pdffonts '%s'", OUT), &out, &err), 0);
    CHECK_EQ_STR(err, "");
    int lines = 0, good = 0;
    for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
        if (++lines <= 2) continue;
        if (strstr(l, "CID TrueType") && strstr(l, "Identity-H") && strstr(l, "yes yes yes") &&
            l[6] == '+')
            good++;
        else
            fprintf(stderr, "pdffonts: %s\n", l);
    }
    CHECK_EQ_INT(good, 4);
    CHECK_EQ_INT(lines, 6);
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("pdfinfo -box '%s'", OUT), &out, &err), 0);
    CHECK(strstr(out, "Title:           Trifold test: caf\xC3\xA9") != NULL);
    CHECK(strstr(out, "Author:          Test Author") != NULL);
    CHECK(strstr(out, "CreationDate:") != NULL);
    CHECK(strstr(out, "TrimBox:             9.00     9.00   801.00   621.00") != NULL);
    CHECK(strstr(out, "BleedBox:            0.00     0.00   810.00   630.00") != NULL);
    CHECK(strstr(out, "Pages:           2") != NULL);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    CHECK_EQ_INT(run(th_cmd("pdftoppm -r 40 -png '%s' '%s'", OUT, th_tmp("page")), &out, &err), 0);
    CHECK_EQ_STR(err, "");
    free(out); free(err);

    /* link annotations with percent-encoded URIs */
    CHECK_EQ_INT(run(th_cmd("qpdf --qdf --object-streams=disable '%s' - | grep -a '/URI ('", OUT), &out, &err), 0);
    CHECK(strstr(out, "https://example.org/%C3%A9t%C3%A9%20x") != NULL);
    CHECK(strstr(out, "tel:+1-555-0100") != NULL);
    free(out); free(err);
}

static char *capture_begin(FILE **mem, size_t *size, char **buf)
{
    *buf = NULL;
    *mem = open_memstream(buf, size);
    tf_diag_set_stream(*mem);
    return NULL;
}

static char *capture_end(FILE *mem, char **buf)
{
    tf_diag_set_stream(NULL);
    fclose(mem);
    return *buf;
}

static void test_errors(void)
{
    FILE *mem;
    size_t size;
    char *buf;
    tf_diag_reset();
    tf_pdf *p = tf_pdf_new(NULL);
    CHECK(tf_pdf_page(p, PT(100), PT(100), NULL, NULL));
    tf_loc loc = {"b.yaml", 4, 9};
    capture_begin(&mem, &size, &buf);
    const char *no_such = th_tmp("no_such.png"), *bad_png = th_tmp("bad.png");
    const char *trunc_png = th_tmp("trunc.png"), *bad_jpg = th_tmp("bad.jpg");
    char want[2048];
    CHECK(!tf_pdf_image(p, no_such, &loc, (tf_rect){0, 0, PT(10), PT(10)}));
    CHECK(!tf_pdf_image(p, "fonts/OFL.txt", &loc, (tf_rect){0, 0, PT(10), PT(10)}));
    char *msg = capture_end(mem, &buf);
    snprintf(want, sizeof want, "b.yaml:4:9: error: cannot read image '%s': "
                                "No such file or directory\n"
                                "b.yaml:4:9: error: image 'fonts/OFL.txt' is neither PNG nor JPEG\n", no_such);
    CHECK_EQ_STR(msg, want);
    free(msg);

    /* a broken PNG is caught before libpng (which would abort the process) */
    FILE *fp = fopen(bad_png, "wb");
    static const char bad[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\4\0\0\0\4\x08\x06\0\0\0"
                              "garbagegarbagegarbage";
    fwrite(bad, 1, sizeof bad - 1, fp);
    fclose(fp);
    /* a PNG whose zlib stream is cut short */
    write_png(trunc_png);
    fp = fopen(trunc_png, "r+b");
    fseek(fp, 41, SEEK_SET);                 /* inside IDAT: flip a byte, fix nothing */
    fputc(0x55, fp);
    fclose(fp);
    capture_begin(&mem, &size, &buf);
    CHECK(!tf_pdf_image(p, bad_png, &loc, (tf_rect){0, 0, PT(10), PT(10)}));
    CHECK(!tf_pdf_image(p, trunc_png, &loc, (tf_rect){0, 0, PT(10), PT(10)}));
    msg = capture_end(mem, &buf);
    snprintf(want, sizeof want, "b.yaml:4:9: error: image '%s': corrupt data (chunk CRC mismatch)\n"
                                "b.yaml:4:9: error: image '%s': corrupt data (chunk CRC mismatch)\n",
             bad_png, trunc_png);
    CHECK_EQ_STR(msg, want);
    free(msg);
    tf_pdf_fill_rect(p, (tf_rect){0, 0, PT(10), PT(10)}, TF_RGB(1, 2, 3));
    unsigned char *data;
    size_t len;
    CHECK(tf_pdf_save_mem(p, &data, &len));   /* input errors do not poison the PDF */
    free(data);
    tf_pdf_free(p);

    /* a broken JPEG: libharu fails, the document is poisoned, save says no */
    p = tf_pdf_new(NULL);
    CHECK(tf_pdf_page(p, PT(100), PT(100), NULL, NULL));
    fp = fopen(bad_jpg, "wb");
    fwrite("\xFF\xD8\xFF\xE0\0\x10JFIF\0garbage", 1, 18, fp);
    fclose(fp);
    capture_begin(&mem, &size, &buf);
    CHECK(!tf_pdf_image(p, bad_jpg, &loc, (tf_rect){0, 0, PT(10), PT(10)}));
    msg = capture_end(mem, &buf);
    snprintf(want, sizeof want, "b.yaml:4:9: error: cannot load image '%s': ", bad_jpg);
    CHECK(strncmp(msg, want, strlen(want)) == 0);
    free(msg);
    tf_pdf_fill_rect(p, (tf_rect){0, 0, PT(10), PT(10)}, TF_RGB(1, 2, 3));
    CHECK(!tf_pdf_save_mem(p, &data, &len));
    CHECK(data == NULL);
    tf_pdf_free(p);

    /* unwritable path: reported, false, document still good */
    p = tf_pdf_new(NULL);
    CHECK(tf_pdf_page(p, PT(100), PT(100), NULL, NULL));
    capture_begin(&mem, &size, &buf);
    CHECK(!tf_pdf_save(p, "/nonexistent-dir/x.pdf"));
    msg = capture_end(mem, &buf);
    CHECK(strncmp(msg, "trifold: error: cannot write '/nonexistent-dir/x.pdf'", 53) == 0);
    free(msg);
    CHECK(tf_pdf_save_mem(p, &data, &len));
    CHECK(len > 100);
    free(data);
    tf_pdf_free(p);
    tf_diag_reset();
}

/* Many words in four fonts over two pages: size and speed of the writer. */
static void test_brochure_size(void)
{
    static const char *vocab[] = {"health", "your", "child", "doctor", "office", "care", "the",
                                  "visit", "questions", "fever", "water", "sleep", "safe",
                                  "affordable", "clinic", "Wednesday", "AVOID", "team"};
    tf_pdf_info info = {"Brochure", NULL, NULL, "en", "trifold", 0};
    tf_pdf *p = tf_pdf_new(&info);
    unsigned seed = 1;
    int word = 0;
    for (int page = 0; page < 2; page++) {
        CHECK(tf_pdf_page(p, PT(792), PT(612), NULL, NULL));
        for (int line = 0; line < 40 && word < 1000; line++) {
            tf_sp x = PT(36);
            for (int k = 0; k < 13 && word < 1000; k++, word++) {
                seed = seed * 1103515245u + 12345u;
                const char *w = vocab[(seed >> 16) % TF_ARRAY_LEN(vocab)];
                int face = (seed >> 8) % 11 == 0 ? 1 + (int)((seed >> 4) % 3) : 0;
                x += text(p, face, 11, TF_RGB(0, 0, 0), tf_sp_to_pt(x), 570 - line * 13.5, w);
                x += PT(3);
            }
        }
    }
    unsigned char *data;
    size_t len;
    CHECK(tf_pdf_save_mem(p, &data, &len));
    printf("note: 1000-word 2-page 4-font PDF is %zu bytes\n", len);
    CHECK(len <= 60 * 1024);
    free(data);
    tf_pdf_free(p);
}

/* Multi-glyph clusters: each glyph gets a share of the cluster's text, so
 * pdftotext puts Devanagari syllables and combining marks back together. */
static void test_cluster_text(void)
{
    tf_loc loc = {"test", 0, 0};
    tf_font *dv = tf_font_load("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf", &loc);
    /* fonts-noto-core (tools/deps.sh): a missing font is a failure, not a skip */
    CHECK(dv != NULL);
    if (!dv) return;
    static const char *hindi = "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6"
                               "\xE0\xA5\x80 \xE0\xA4\x95\xE0\xA4\xBF\xE0\xA4\xA4\xE0\xA4\xBE\xE0\xA4\xAC";
    static const char *marks = "o\xCC\x88\xCC\x81 x\xCC\xA3";
    tf_pdf *p = tf_pdf_new(NULL);
    CHECK(tf_pdf_page(p, PT(400), PT(200), NULL, NULL));
    tf_glyph g[64];
    size_t n = tf_font_shape(dv, hindi, strlen(hindi), "hi", TF_DIR_LTR, g, 64);
    CHECK(n < 12);
    tf_pdf_glyphs(p, dv, PT(16), TF_RGB(0, 0, 0), PT(20), PT(150), g, n, hindi, strlen(hindi));
    text(p, 0, 16, TF_RGB(0, 0, 0), 20, 100, marks);
    CHECK(tf_pdf_save(p, th_tmp("clusters.pdf")));
    tf_pdf_free(p);
    tf_font_free(dv);
    char *out, *err, want[256];
    snprintf(want, sizeof want, "%s\n%s\n\n\f", hindi, marks);
    CHECK_EQ_INT(run(th_cmd("pdftotext -enc UTF-8 '%s' -", th_tmp("clusters.pdf")), &out, &err), 0);
    CHECK_EQ_STR(out, want);
    CHECK_EQ_STR(err, "");
    free(out); free(err);
}

/* Capacities of the writer: a cluster with more marks than fit on the
 * stack keeps its text in order; a glyph's text past what one ToUnicode
 * entry holds is cut with a warning; a font out of 2-byte codes fails the
 * document with an error naming the limit. */
static void test_limits(void)
{
    tf_font *f = fonts[0];
    tf_glyph o[4], acute[4];
    CHECK_EQ_INT(tf_font_shape(f, "o", 1, "en", TF_DIR_LTR, o, 4), 1);
    CHECK_EQ_INT(tf_font_shape(f, "\xCC\x81", 2, "en", TF_DIR_LTR, acute, 4), 1);

    /* "o" and 70 different combining marks (U+0300..U+0345), one mark glyph each */
    enum { NM = 70 };
    tf_glyph g[NM + 1];
    char text[1 + 2 * NM + 1];
    size_t tn = 0;
    text[tn++] = 'o';
    g[0] = o[0];
    g[0].cluster = 0;
    for (int k = 0; k < NM; k++) {
        text[tn++] = (char)(0xCC + (k >= 64));
        text[tn++] = (char)(0x80 + k % 64);
        g[k + 1] = acute[0];
        g[k + 1].cluster = 0;
        g[k + 1].x_advance = 0;
    }
    text[tn] = '\0';
    tf_diag_reset();
    tf_pdf *p = tf_pdf_new(NULL);
    CHECK(tf_pdf_page(p, PT(200), PT(100), NULL, NULL));
    tf_pdf_glyphs(p, f, PT(12), TF_RGB(0, 0, 0), PT(20), PT(50), g, NM + 1, text, tn);
    char path[] = "/tmp/tf_test_limits_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) close(fd);
    CHECK(tf_pdf_save(p, path));
    tf_pdf_free(p);
    char cmd[128], *out, *err, want[sizeof text + 8];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s -", path);
    CHECK_EQ_INT(run(cmd, &out, &err), 0);
    snprintf(want, sizeof want, "%s\n\n\f", text);
    CHECK_EQ_STR(out, want);
    free(out); free(err);
    unlink(path);
    CHECK_EQ_INT(tf_diag_errors() + tf_diag_warnings(), 0);

    /* 300 characters behind one glyph: 600 bytes of UTF-16, 512 fit */
    char longtext[301];
    memset(longtext, 'o', 300);
    longtext[300] = '\0';
    FILE *mem;
    size_t size;
    char *buf;
    p = tf_pdf_new(NULL);
    CHECK(tf_pdf_page(p, PT(200), PT(100), NULL, NULL));
    tf_pdf_glyphs(p, f, PT(12), TF_RGB(0, 0, 0), PT(20), PT(50), o, 1, longtext, 300);
    unsigned char *data;
    size_t len;
    capture_begin(&mem, &size, &buf);
    CHECK(tf_pdf_save_mem(p, &data, &len));
    char *msg = capture_end(mem, &buf);
    CHECK(strstr(msg, "warning: PDF writer: font 'fonts/NotoSans-Regular.ttf': text drawn as one "
                      "glyph is longer than the 512 bytes") != NULL);
    CHECK_EQ_INT(tf_diag_warnings(), 1);
    free(msg);
    free(data);
    tf_pdf_free(p);

    /* every (glyph, text) pair is a CID: 70000 texts for one glyph */
    tf_diag_reset();
    p = tf_pdf_new(NULL);
    CHECK(tf_pdf_page(p, PT(200), PT(100), NULL, NULL));
    capture_begin(&mem, &size, &buf);
    for (int k = 0; k < 70000; k++) {
        char num[16];
        int nn = snprintf(num, sizeof num, "%d", k);
        tf_pdf_glyphs(p, f, PT(12), TF_RGB(0, 0, 0), PT(20), PT(50), o, 1, num, (size_t)nn);
    }
    CHECK(!tf_pdf_save_mem(p, &data, &len));
    msg = capture_end(mem, &buf);
    CHECK_EQ_STR(msg, "trifold: error: PDF writer: font 'fonts/NotoSans-Regular.ttf' needs more than "
                      "65535 glyph codes in one document (one per glyph and the text it stands for)\n");
    CHECK_EQ_INT(tf_diag_errors(), 1);
    free(msg);
    tf_pdf_free(p);
    tf_diag_reset();
}

int main(void)
{
    tf_loc loc = {"test", 0, 0};
    for (int i = 0; i < 4; i++) {
        fonts[i] = tf_font_load(font_files[i], &loc);
        if (!fonts[i]) return 1;
    }
    RUN(test_document);
    RUN(test_errors);
    RUN(test_brochure_size);
    RUN(test_cluster_text);
    RUN(test_limits);
    for (int i = 0; i < 4; i++) tf_font_free(fonts[i]);
    return DONE();
}
