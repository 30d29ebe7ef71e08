/* utf8.c: UTF-8 helpers (see utf8.h). */
#include "utf8.h"

size_t tf_utf8_seq_len(const char *p, const char *end)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t avail = (size_t)(end - p);
    if (avail == 0) return 0;
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;     /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) { n = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) n = 3;
    else if (c == 0xED) { n = 3; hi = 0x9F; }   /* no surrogates */
    else if (c >= 0xEE && c <= 0xEF) n = 3;
    else if (c == 0xF0) { n = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) { n = 4; hi = 0x8F; }   /* nothing above U+10FFFF */
    else return 0;
    if (avail < n) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

uint32_t tf_utf8_next(const char **pp, const char *end)
{
    const unsigned char *s = (const unsigned char *)*pp;
    size_t n = tf_utf8_seq_len(*pp, end);
    if (!n) {
        (*pp)++;
        return TF_UTF8_BAD;
    }
    *pp += n;
    switch (n) {
    case 1: return s[0];
    case 2: return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    case 3: return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    default:
        return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
               ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    }
}

size_t tf_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF) return 0;
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t tf_utf8_count(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    size_t count = 0;
    while (p < end) {
        tf_utf8_next(&p, end);
        count++;
    }
    return count;
}

void tf_utf8_cursor_at(tf_utf8_cursor *c, size_t off, int *line, int *col)
{
    if (c->line == 0 || off < c->off) {
        c->off = 0;
        c->line = c->col = 1;
        c->after_cr = false;
    }
    const char *p = c->buf + c->off, *end = c->buf + off;
    int l = c->line, k = c->col;
    bool cr = c->after_cr;
    while (p < end) {
        if (*p == '\n') {
            if (!cr) { l++; k = 1; }   /* the \n of a \r\n split across two calls */
            cr = false;
            p++;
            continue;
        }
        if (*p == '\r') {
            p++;
            cr = true;
            if (p < end && *p == '\n') { p++; cr = false; }
            l++;
            k = 1;
            continue;
        }
        cr = false;
        tf_utf8_next(&p, end);
        k++;
    }
    c->off = (size_t)(p - c->buf);
    c->line = *line = l;
    c->col = *col = k;
    c->after_cr = cr;
}

void tf_utf8_line_col(const char *buf, size_t off, int *line, int *col)
{
    tf_utf8_cursor c = {.buf = buf};
    tf_utf8_cursor_at(&c, off, line, col);
}

bool tf_utf8_is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool tf_utf8_is_forbidden(uint32_t cp)
{
    if (cp < 0x20) return cp != '\t' && cp != '\n';
    if (cp >= 0x7F && cp <= 0x9F) return true;
    return tf_utf8_is_bidi_control(cp);
}
