/* qr.c: text -> QR module matrix with libqrencode (loaded on the first
 * code drawn: lazylib.h).
 *
 * Non-ASCII bytes (and spaces and controls) are percent-encoded first:
 * a URL with raw UTF-8 in it is read differently by different scanners,
 * while %XX is what every browser sends anyway. The result has no quiet
 * zone; whoever draws it leaves 4 modules of white around it. */
#include "qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "lazylib.h"

#ifndef TF_SO_QRENCODE
#define TF_SO_QRENCODE "libqrencode.so.4"
#endif

typedef QRcode *(*encode_fn)(const char *, int, QRecLevel, QRencodeMode, int);
typedef void (*free_fn)(QRcode *);
enum { ENCODE, FREE, N_FNS };
static const char *const names[N_FNS] = {"QRcode_encodeString", "QRcode_free"};
static tf_lazyfn fns[N_FNS];
static tf_lazylib lib = {TF_SO_QRENCODE, "drawing a QR code", "libqrencode4", names, N_FNS, fns, 0};

static char *percent_encode(const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(text);
    char *out = tf_xmalloc(3 * n + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p > 0x20 && *p < 0x7F) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

/* The last code made, kept: an edition's layout draws its clinic's code
 * once per trial of the fit search, and encoding (mask selection above
 * all) is most of the cost. Single-threaded, like the rest of layout. */
static struct {
    char *text;
    int width;
    unsigned char *dark;
} last;

static void last_free(void)
{
    free(last.text);
    free(last.dark);
    memset(&last, 0, sizeof last);
}

static bool encode(const char *text, tf_qr *out);

bool tf_qr_encode(const char *text, tf_qr *out)
{
    size_t n;
    if (last.text && !strcmp(last.text, text)) {
        n = (size_t)last.width * (size_t)last.width;
        out->width = last.width;
        out->dark = tf_xmalloc(n);
        memcpy(out->dark, last.dark, n);
        return true;
    }
    if (!encode(text, out)) return false;
    static bool registered;
    if (!registered) {
        atexit(last_free);
        registered = true;
    }
    free(last.text);
    free(last.dark);
    n = (size_t)out->width * (size_t)out->width;
    last.text = tf_xstrdup(text);
    last.width = out->width;
    last.dark = tf_xmalloc(n);
    memcpy(last.dark, out->dark, n);
    return true;
}

static bool encode(const char *text, tf_qr *out)
{
    out->width = 0;
    out->dark = NULL;
    TF_LAZY_CHECK(encode_fn, QRcode_encodeString);
    TF_LAZY_CHECK(free_fn, QRcode_free);
    if (!tf_lazylib_load(&lib)) return false;
    char *s = percent_encode(text);
    /* version 0: the smallest that fits; case-sensitive 8-bit data */
    QRcode *q = *s ? ((encode_fn)fns[ENCODE])(s, 0, QR_ECLEVEL_M, QR_MODE_8, 1) : NULL;
    free(s);
    if (!q) return false;
    size_t n = (size_t)q->width * (size_t)q->width;
    out->width = q->width;
    out->dark = tf_xmalloc(n);
    for (size_t i = 0; i < n; i++) out->dark[i] = q->data[i] & 1;   /* the other bits are encoder notes */
    ((free_fn)fns[FREE])(q);
    return true;
}

void tf_qr_free(tf_qr *q)
{
    if (!q) return;
    free(q->dark);
    q->dark = NULL;
    q->width = 0;
}
