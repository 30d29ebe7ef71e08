/* test_qr.c: QR matrices from libqrencode; a rendered code is read back
 * with zbarimg (zbar-tools; a missing zbarimg is a failure). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "qr.h"

#define URL "https://riverside.example.org"

static void test_encode(void)
{
    tf_qr q;
    CHECK(tf_qr_encode(URL, &q));
    /* 29 bytes at level M: version 3, 4*3+17 modules, no quiet zone */
    CHECK_EQ_INT(q.width, 29);
    CHECK(q.dark != NULL);
    if (q.dark && q.width == 29) {
        int w = q.width;
        /* finder patterns: dark corners, ring of dark, then light, then 3x3 dark */
        for (int k = 0; k < 7; k++) {
            CHECK_EQ_INT(q.dark[0 * w + k], 1);
            CHECK_EQ_INT(q.dark[k * w + 0], 1);
            CHECK_EQ_INT(q.dark[0 * w + (w - 1 - k)], 1);
            CHECK_EQ_INT(q.dark[(w - 1) * w + k], 1);
        }
        CHECK_EQ_INT(q.dark[1 * w + 1], 0);
        CHECK_EQ_INT(q.dark[3 * w + 3], 1);
        CHECK_EQ_INT(q.dark[7 * w + 7], 0);     /* separator */
        for (int i = 0; i < w * w; i++) CHECK(q.dark[i] <= 1);
    }
    tf_qr again;
    CHECK(tf_qr_encode(URL, &again));
    CHECK(again.width == q.width && memcmp(again.dark, q.dark, (size_t)q.width * q.width) == 0);
    tf_qr_free(&again);
    tf_qr_free(&q);
    CHECK(q.dark == NULL && q.width == 0);
    tf_qr_free(&q);                             /* twice is fine */

    CHECK(tf_qr_encode("https://a.example.org", &q));
    CHECK_EQ_INT(q.width, 25);                  /* 21 bytes: version 2 */
    tf_qr_free(&q);
}

static void test_limits(void)
{
    tf_qr q;
    CHECK(!tf_qr_encode("", &q));
    CHECK(q.dark == NULL && q.width == 0);
    size_t n = 5000;                            /* more than version 40 holds */
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    big[n] = '\0';
    CHECK(!tf_qr_encode(big, &q));
    CHECK(q.dark == NULL);
    free(big);
}

/* 4 modules of quiet zone, `scale` pixels a module, 8-bit grey PGM. */
static void write_pgm(const tf_qr *q, const char *path, int scale)
{
    int side = (q->width + 8) * scale;
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fprintf(f, "P5\n%d %d\n255\n", side, side);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int mx = x / scale - 4, my = y / scale - 4;
            bool dark = mx >= 0 && my >= 0 && mx < q->width && my < q->width && q->dark[my * q->width + mx];
            fputc(dark ? 0 : 255, f);
        }
    fclose(f);
}

/* Decode with zbarimg; returns malloc'd text or NULL. */
static char *zbar_read(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw '%s' 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    pclose(p);
    buf[n] = '\0';
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    return n ? strdup(buf) : NULL;
}

static void roundtrip(const char *text, const char *want)
{
    tf_qr q;
    CHECK(tf_qr_encode(text, &q));
    if (!q.dark) return;
    char path[] = "/tmp/trifold-qr-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) {
        tf_qr_free(&q);
        return;
    }
    close(fd);
    write_pgm(&q, path, 6);
    char *got = zbar_read(path);
    CHECK_EQ_STR(got, want);
    free(got);
    unlink(path);
    tf_qr_free(&q);
}

static void test_zbar(void)
{
    CHECK_TOOL("zbarimg");            /* zbar-tools: missing is a failure */
    roundtrip(URL, URL);
    roundtrip("https://lakeside.example.org/clinic?lang=es&ref=brochure",
              "https://lakeside.example.org/clinic?lang=es&ref=brochure");
    /* non-ASCII and spaces are percent-encoded before encoding */
    roundtrip("https://example.org/cl\xC3\xADnica familiar", "https://example.org/cl%C3%ADnica%20familiar");
}

/* The last code is kept (qr.c): asked again, the same matrix in memory of
 * its own; another text between gives that text's code, not the kept one. */
static void test_repeat(void)
{
    tf_qr a, b, c, d;
    CHECK(tf_qr_encode("https://clinic1.example.org", &a));
    CHECK(tf_qr_encode("https://clinic1.example.org", &b));
    CHECK(tf_qr_encode("https://a-much-longer-address.example.org/with/a/path?and=query", &c));
    CHECK(tf_qr_encode("https://clinic1.example.org", &d));
    CHECK_EQ_INT(a.width, b.width);
    CHECK_EQ_INT(a.width, d.width);
    CHECK(a.dark != b.dark && a.dark != d.dark);
    CHECK(memcmp(a.dark, b.dark, (size_t)a.width * a.width) == 0);
    CHECK(memcmp(a.dark, d.dark, (size_t)a.width * a.width) == 0);
    CHECK(c.width > a.width);
    tf_qr_free(&b);                   /* freeing one copy leaves the kept code alone */
    tf_qr e;
    CHECK(tf_qr_encode("https://a-much-longer-address.example.org/with/a/path?and=query", &e));
    CHECK_EQ_INT(e.width, c.width);
    CHECK(memcmp(e.dark, c.dark, (size_t)c.width * c.width) == 0);
    tf_qr_free(&a);
    tf_qr_free(&c);
    tf_qr_free(&d);
    tf_qr_free(&e);
}

int main(void)
{
    RUN(test_encode);
    RUN(test_limits);
    RUN(test_zbar);
    RUN(test_repeat);
    return DONE();
}
