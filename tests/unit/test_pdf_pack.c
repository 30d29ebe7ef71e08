/* test_pdf_pack.c: the tokenizer, a hand-written classic PDF packed into an
 * object stream and a cross-reference stream and read back by qpdf and
 * poppler, and inputs the packer must leave exactly as they are. */
#include "harness.h"

#include <sys/wait.h>

#include "pdf_pack.h"

/* --- helpers -------------------------------------------------------------------- */

/* Run a shell command; stdout into *out (malloc'd), stderr into *err. */
static int run(const char *cmd, char **out, char **err)
{
    char full[1200];
    snprintf(full, sizeof full, "%s 2>'%s'", cmd, th_tmp("cmd.err"));
    FILE *fp = popen(full, "r");
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (fp && (got = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (n + 1 == cap) buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    int st = fp ? pclose(fp) : -1;
    *out = buf;
    FILE *ef = fopen(th_tmp("cmd.err"), "rb");
    char *e = calloc(1, 65536);
    if (ef) {
        size_t en = fread(e, 1, 65535, ef);
        e[en] = '\0';
        fclose(ef);
    }
    *err = e;
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const void *d, size_t n)
{
    FILE *fp = fopen(path, "wb");
    CHECK(fp && fwrite(d, 1, n, fp) == n);
    if (fp) fclose(fp);
}

/* --- the tokenizer ------------------------------------------------------------ */

/* The kinds and texts of every token in s, "KIND:text" joined by '|'. */
static const char *tokens(const char *s)
{
    static char out[1024];
    size_t pos = 0, n = strlen(s), o = 0;
    out[0] = '\0';
    for (;;) {
        tf_pdf_tok t = tf_pdf_next_token((const unsigned char *)s, n, &pos);
        static const char *const kind[] = {"END", "ERR", "NUM", "NAME", "STR", "HEX", "DICT",
                                           "DEND", "ARR", "AEND", "KW"};
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s:%.*s", o ? "|" : "", kind[t.kind],
                              (int)(t.end - t.start), s + t.start);
        if (t.kind == TF_PDF_TOK_END || t.kind == TF_PDF_TOK_ERROR || o >= sizeof out - 1) break;
    }
    return out;
}

static void test_tokenizer(void)
{
    /* a string holding the words stream, endobj and an escaped, unbalanced ')' */
    CHECK_EQ_STR(tokens("(mainstream \\) endobj (nested (deep)) \\\\) /N"),
                 "STR:(mainstream \\) endobj (nested (deep)) \\\\)|NAME:/N|END:");
    CHECK_EQ_STR(tokens("(a \\( b)x"), "STR:(a \\( b)|KW:x|END:");
    CHECK_EQ_STR(tokens("<48 65 6c>< >"), "HEX:<48 65 6c>|HEX:< >|END:");
    CHECK_EQ_STR(tokens("<<>>[]<</A<ab>>>"), "DICT:<<|DEND:>>|ARR:[|AEND:]|DICT:<<|NAME:/A|HEX:<ab>|DEND:>>|END:");
    CHECK_EQ_STR(tokens("12 -3.5 .5 +7 1.2.3 R true"),
                 "NUM:12|NUM:-3.5|NUM:.5|NUM:+7|KW:1.2.3|KW:R|KW:true|END:");
    CHECK_EQ_STR(tokens("% (a comment) stream >>\n/A#20b/C 5 0 R"),
                 "NAME:/A#20b|NAME:/C|NUM:5|NUM:0|KW:R|END:");
    CHECK_EQ_STR(tokens("/"), "NAME:/|END:");
    /* malformed: unterminated string (an escape at the very end too), stray
     * closers, a bad hex digit, an unterminated hex string, a lone '>' */
    CHECK_EQ_STR(tokens("(open (still"), "ERR:(open (still");
    CHECK_EQ_STR(tokens("(ends in \\"), "ERR:(ends in \\");
    CHECK_EQ_STR(tokens(") x"), "ERR:)");
    CHECK_EQ_STR(tokens("{"), "ERR:{");
    CHECK_EQ_STR(tokens("<4G>"), "ERR:<4G>");
    CHECK_EQ_STR(tokens("<41"), "ERR:<41");
    CHECK_EQ_STR(tokens("> x"), "ERR:>");
}

/* --- a classic PDF, written by hand --------------------------------------------- */

typedef struct tobj {
    int num, gen;
    const char *text;   /* what goes between "N G obj\n" and "\nendobj\n" */
} tobj;

#define CONTENT "BT /F1 12 Tf 20 100 Td (endstream endobj) Tj ET"
#define TITLE "(a mainstream \\) title \\(stream\\) endobj (nested) % not a comment)"
#define ID "[ <00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF> ]"

/* Writes header, objects, table and trailer into a malloc'd buffer. */
static unsigned char *make_pdf(const char *version, const tobj *objs, size_t n, int size,
                               const char *trailer, size_t *len)
{
    size_t cap = 65536, o = 0;
    char *b = malloc(cap);
    size_t *offs = calloc((size_t)size, sizeof *offs);
    o += (size_t)snprintf(b + o, cap - o, "%%PDF-%s\n%%\xE2\xE3\xCF\xD3\n", version);
    for (size_t i = 0; i < n; i++) {
        offs[objs[i].num] = o;
        o += (size_t)snprintf(b + o, cap - o, "%d %d obj\n%s\nendobj\n", objs[i].num, objs[i].gen,
                              objs[i].text);
    }
    size_t xref = o;
    o += (size_t)snprintf(b + o, cap - o, "xref\n0 %d\n", size);
    for (int i = 0; i < size; i++) {
        int gen = 0;
        for (size_t k = 0; k < n; k++)
            if (objs[k].num == i) gen = objs[k].gen;
        if (offs[i]) o += (size_t)snprintf(b + o, cap - o, "%010zu %05d n\r\n", offs[i], gen);
        else o += (size_t)snprintf(b + o, cap - o, "0000000000 65535 f\r\n");
    }
    o += (size_t)snprintf(b + o, cap - o, "trailer\n<<\n/Size %d\n/Root 1 0 R\n%s\n>>\nstartxref\n%zu\n%%%%EOF\n",
                          size, trailer, xref);
    free(offs);
    *len = o;
    return (unsigned char *)b;
}

static char length_text[16];
static char content_text[256];

/* Catalog, pages, a page whose content stream has an indirect /Length (a
 * later object), a font, an object of generation 1 and an Info dictionary
 * only the trailer refers to. */
static unsigned char *sample(const char *version, const char *trailer_extra, size_t *len)
{
    snprintf(length_text, sizeof length_text, "%zu", strlen(CONTENT));
    snprintf(content_text, sizeof content_text, "<<\n/Length 5 0 R\n>>\nstream\r\n%s\nendstream", CONTENT);
    tobj objs[] = {
        {1, 0, "<<\n/Type /Catalog\n/Pages 2 0 R\n>>"},
        {2, 0, "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>"},
        {3, 0, "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 200 200 ] /Contents 4 0 R\n"
               "% a comment with ) and >> in it\n"
               "/Resources << /Font << /F1 6 0 R >> >> /PieceInfo << /X << /Private 7 1 R >> >> >>"},
        {4, 0, content_text},
        {5, 0, length_text},
        {6, 0, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"},
        {7, 1, "(gen one)"},
        {8, 0, "<< /Title " TITLE " /Subject <FEFF0041> >>"},
    };
    char trailer[512];
    snprintf(trailer, sizeof trailer, "/Info 8 0 R\n/ID %s%s", ID, trailer_extra);
    return make_pdf(version, objs, sizeof objs / sizeof objs[0], 9, trailer, len);
}

static void test_round_trip(void)
{
    size_t n = 0, m = 0, m2 = 0;
    unsigned char *in = sample("1.4", "", &n), *out = NULL, *out2 = NULL;
    write_file(th_tmp("classic.pdf"), in, n);
    char *o, *e;
    CHECK_EQ_INT(run(th_cmd("qpdf --check '%s'", th_tmp("classic.pdf")), &o, &e), 0);   /* the input is good */
    free(o); free(e);

    CHECK(tf_pdf_pack(in, n, &out, &m));
    CHECK(tf_pdf_pack(in, n, &out2, &m2));
    CHECK(out && out2 && m == m2 && memcmp(out, out2, m) == 0);   /* deterministic */
    CHECK(out && m > 20 && memcmp(out, "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n", 15) == 0);   /* raised, binary line kept */
    if (!out) { free(in); free(out2); return; }
    const char *path = th_tmp("packed.pdf");
    write_file(path, out, m);

    CHECK_EQ_INT(run(th_cmd("qpdf --check '%s'", path), &o, &e), 0);
    CHECK(strstr(o, "No syntax or stream encoding errors") != NULL);
    CHECK(strstr(o, "PDF Version: 1.5") != NULL);
    CHECK_EQ_STR(e, "");
    free(o); free(e);

    /* where each object went: streams and generation 1 outside, the rest
     * (Info, which only the trailer names, too) in the object stream 9, the
     * length object 5 gone (its value is now in the stream dictionary) */
    CHECK_EQ_INT(run(th_cmd("qpdf --show-xref '%s'", path), &o, &e), 0);
    CHECK(strstr(o, "1/0: compressed; stream = 9, index = 0") != NULL);
    CHECK(strstr(o, "4/0: uncompressed") != NULL);
    CHECK(strstr(o, "5/0") == NULL);
    CHECK(strstr(o, "7/1: uncompressed") != NULL);
    CHECK(strstr(o, "8/0: compressed; stream = 9, index = 4") != NULL);
    CHECK(strstr(o, "9/0: uncompressed") != NULL);
    CHECK(strstr(o, "10/0: uncompressed") != NULL);   /* the xref stream itself */
    free(o); free(e);

    CHECK_EQ_INT(run(th_cmd("qpdf --show-object=trailer '%s'", path), &o, &e), 0);
    CHECK(strstr(o, "/Type /XRef") != NULL);
    CHECK(strstr(o, "/Info 8 0 R") != NULL);
    CHECK(strstr(o, "/Root 1 0 R") != NULL);
    CHECK(strstr(o, "/Size 11") != NULL);
    CHECK(strstr(o, "/ID [ <00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff> ]") != NULL);
    int w2 = 0, w3 = 0;
    const char *wp = strstr(o, "/W [ 1 ");
    CHECK(wp && sscanf(wp, "/W [ 1 %d %d ]", &w2, &w3) == 2 && w3 == 2);
    free(o); free(e);

    /* free entries (7.5.8.3): object 0 heads the free list with generation
     * 65535; the dropped length object 5 is free for generation 1 */
    CHECK_EQ_INT(run(th_cmd("qpdf --show-object=10 --filtered-stream-data '%s'", path), &o, &e), 0);
    if (w2 > 0 && w3 == 2) {
        size_t cols = 1 + (size_t)w2 + 2;
        const unsigned char *x = (const unsigned char *)o;   /* 11 rows; run() holds at least 4 KB */
        CHECK(x[0] == 0 && x[cols - 2] == 0xff && x[cols - 1] == 0xff);
        CHECK(x[5 * cols] == 0 && x[6 * cols - 2] == 0 && x[6 * cols - 1] == 1);
    }
    free(o); free(e);

    CHECK_EQ_INT(run(th_cmd("qpdf --show-object=4 --raw-stream-data '%s'", path), &o, &e), 0);
    CHECK_EQ_STR(o, CONTENT);
    free(o); free(e);
    CHECK_EQ_INT(run(th_cmd("qpdf --show-object=7,1 '%s'", path), &o, &e), 0);
    CHECK_EQ_STR(o, "(gen one)\n");
    free(o); free(e);

    CHECK_EQ_INT(run(th_cmd("pdfinfo '%s'", path), &o, &e), 0);
    CHECK(strstr(o, "Title:           a mainstream ) title (stream) endobj (nested) % not a comment\n") != NULL);
    CHECK(strstr(o, "Subject:         A\n") != NULL);
    CHECK(strstr(o, "PDF version:     1.5") != NULL);
    CHECK_EQ_STR(e, "");
    free(o); free(e);
    CHECK_EQ_INT(run(th_cmd("pdftotext '%s' -", path), &o, &e), 0);
    CHECK(strstr(o, "endstream endobj") != NULL);
    free(o); free(e);
    CHECK_EQ_INT(run(th_cmd("mutool info '%s'", path), &o, &e), 0);
    CHECK_EQ_STR(e, "");
    free(o); free(e);

    /* already packed: no classic table, so left alone */
    unsigned char *again = NULL;
    size_t na = 0;
    CHECK(!tf_pdf_pack(out, m, &again, &na));
    CHECK(again == NULL && na == 0);

    /* a version of 1.5 or more is kept */
    free(in);
    free(out);
    in = sample("1.7", "", &n);
    CHECK(tf_pdf_pack(in, n, &out, &m));
    CHECK(out && memcmp(out, "%PDF-1.7\n", 9) == 0);
    free(in);
    free(out);
    free(out2);
}

/* More than 255 objects in the object stream: its index takes two bytes. */
static void test_many(void)
{
    enum { N = 400 };
    static tobj objs[N + 3];
    static char texts[N + 3][64];
    objs[0] = (tobj){1, 0, "<< /Type /Catalog /Pages 2 0 R /PieceInfo << /X << /Private 3 0 R >> >> >>"};
    objs[1] = (tobj){2, 0, "<< /Type /Pages /Kids [ ] /Count 0 >>"};
    for (int i = 0; i < N; i++) {
        snprintf(texts[i], sizeof texts[i], "[ %d 0 R (item %d) ]", i + 3 < N + 2 ? i + 4 : 1, i);
        objs[2 + i] = (tobj){3 + i, 0, texts[i]};
    }
    size_t n = 0, m = 0;
    unsigned char *in = make_pdf("1.4", objs, N + 2, N + 3, "", &n), *out = NULL;
    CHECK(tf_pdf_pack(in, n, &out, &m));
    if (!out) { free(in); return; }
    const char *path = th_tmp("many.pdf");
    write_file(path, out, m);
    char *o, *e;
    CHECK_EQ_INT(run(th_cmd("qpdf --check '%s'", path), &o, &e), 0);
    CHECK_EQ_STR(e, "");
    free(o); free(e);
    CHECK_EQ_INT(run(th_cmd("qpdf --show-xref '%s'", path), &o, &e), 0);
    CHECK(strstr(o, "402/0: compressed; stream = 403, index = 401") != NULL);
    free(o); free(e);
    CHECK_EQ_INT(run(th_cmd("qpdf --show-object=trailer '%s'", path), &o, &e), 0);
    CHECK(strstr(o, "/W [ 1 2 2 ]") != NULL);
    free(o); free(e);
    CHECK_EQ_INT(run(th_cmd("qpdf --show-object=300 '%s'", path), &o, &e), 0);
    CHECK_EQ_STR(o, "[ 301 0 R (item 297) ]\n");
    free(o); free(e);
    free(in);
    free(out);
}

/* Inputs the packer does not fully understand stay byte for byte. */
static void keeps(const char *what, unsigned char *in, size_t n)
{
    unsigned char *copy = malloc(n ? n : 1), *ptr = in;
    memcpy(copy, in, n);
    size_t len = n;
    bool packed = tf_pdf_pack_or_keep(&in, &len);
    if (packed || in != ptr || len != n || memcmp(in, copy, n) != 0) {
        th_failed_checks++;
        fprintf(stderr, "%s:%d: %s: changed by the packer\n", __FILE__, __LINE__, what);
    }
    free(copy);
    free(in);
}

static unsigned char *dup_str(const char *s, size_t *n)
{
    *n = strlen(s);
    unsigned char *d = malloc(*n + 1);
    memcpy(d, s, *n + 1);
    return d;
}

static void test_fallback(void)
{
    size_t n;
    unsigned char *in;

    in = sample("1.4", "", &n);   /* control: this one is packed */
    size_t len = n;
    CHECK(tf_pdf_pack_or_keep(&in, &len));
    CHECK(len != n);
    free(in);

    in = dup_str("hello, world, not a PDF at all", &n);
    keeps("not a PDF", in, n);
    in = dup_str("", &n);
    keeps("empty", in, n);
    in = sample("1.4", "", &n);
    keeps("truncated", in, n / 2);
    in = sample("1.4", "\n/Encrypt 7 1 R", &n);
    keeps("encrypted", in, n);
    in = sample("1.4", "\n/Prev 100", &n);
    keeps("incremental update", in, n);

    /* the stream's /Length one byte short: "endstream" does not follow */
    in = sample("1.4", "", &n);
    unsigned char *p = in;
    size_t k = strlen(CONTENT);
    char want[16], bad[16];
    snprintf(want, sizeof want, "5 0 obj\n%zu", k);
    snprintf(bad, sizeof bad, "5 0 obj\n%zu", k - 1);
    for (size_t i = 0; i + strlen(want) <= n; i++)
        if (!memcmp(in + i, want, strlen(want))) {
            memcpy(in + i, bad, strlen(bad));   /* same width: offsets stay right */
            p = NULL;
            break;
        }
    CHECK(p == NULL && strlen(want) == strlen(bad));
    keeps("short length", in, n);

    /* an unterminated string in the Info dictionary */
    in = sample("1.4", "", &n);
    const char *tt = "/Subject <FEFF0041>";
    for (size_t i = 0; i + strlen(tt) <= n; i++)
        if (!memcmp(in + i, tt, strlen(tt))) {
            memcpy(in + i, "/Subject (FEFF0041 ", strlen(tt));
            break;
        }
    keeps("unterminated string", in, n);

    /* an object with no value ("7 1 obj endobj"; found by fuzz_pack) */
    in = sample("1.4", "", &n);
    for (size_t i = 0; i + 9 <= n; i++)
        if (!memcmp(in + i, "(gen one)", 9)) {
            memset(in + i, ' ', 9);
            break;
        }
    keeps("empty object", in, n);

    /* the table points into the middle of an object */
    in = sample("1.4", "", &n);
    const char *entry = " 00000 n\r\n";   /* the first in-use entry: object 1 */
    for (size_t i = 0; i + strlen(entry) <= n; i++)
        if (!memcmp(in + i, entry, strlen(entry))) {
            in[i - 1] = (unsigned char)(in[i - 1] + 1);
            break;
        }
    keeps("offset off by one", in, n);
}

int main(void)
{
    RUN(test_tokenizer);
    RUN(test_round_trip);
    RUN(test_many);
    RUN(test_fallback);
    return DONE();
}
