/* pdf_pack.c: the last step of every save. libharu 2.3.0 writes each object
 * as uncompressed text with a classic cross-reference table; a tagged
 * brochure has some 150 small dictionaries (structure tree, outlines,
 * annotations, fonts), about 20 KB of plain text. This module reads the
 * finished file back with a real tokenizer and writes it again as PDF 1.5
 * (ISO 32000-1 7.5.7, 7.5.8):
 *
 * - every non-stream object of generation 0 goes, with white space
 *   minimised, into one deflated object stream (/Type /ObjStm);
 * - stream objects (and any object of another generation) stay outside,
 *   their data copied byte for byte; a /Length given as a reference is
 *   written as a number, and the length object, when nothing else refers
 *   to it, is dropped (a free entry);
 * - the classic table and trailer become a cross-reference stream
 *   (/Type /XRef, PNG-up predictor, deflated) carrying /Root, /Info, /ID
 *   and the other trailer entries as they were;
 * - object numbers are kept, so no reference changes; the header version
 *   is raised to 1.5 when lower, and the binary comment line is kept.
 *
 * Nothing is searched as text: strings (with nested parentheses and
 * escapes), hex strings, names, comments are tokens, and a stream's extent
 * comes from its /Length. Anything unexpected (an encryption dictionary,
 * an incremental update, a stream whose length does not end at
 * "endstream", a token outside PDF syntax) makes tf_pdf_pack return false
 * and the caller keep libharu's bytes. The output is a function of the
 * input bytes only (objects in number order, zlib at a fixed level). */
#include "pdf_pack.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "arena.h"

#define PACK_ZLEVEL 6        /* vs 9: 0.8 M instructions less an edition (a third of the pack) for 73 bytes more on attachment-en */
#define PACK_MAX_DEPTH 200   /* dictionary/array nesting accepted */

typedef unsigned char u8;

/* --- tokenizer ------------------------------------------------------------ */

/* Character classes (7.2.2): 0 regular, 1 white space, 2 delimiter. */
static const u8 cclass[256] = {
    [0] = 1, ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
    ['('] = 2, [')'] = 2, ['<'] = 2, ['>'] = 2, ['['] = 2, [']'] = 2, ['{'] = 2, ['}'] = 2,
    ['/'] = 2, ['%'] = 2,
};

static bool is_ws(u8 c) { return cclass[c] == 1; }
static bool is_regular(u8 c) { return cclass[c] == 0; }

static bool is_hex(u8 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool number_syntax(const u8 *s, size_t n)
{
    size_t i = 0, digits = 0, dots = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') digits++;
        else if (s[i] == '.' && !dots) dots++;
        else return false;
    }
    return digits > 0;
}

tf_pdf_tok tf_pdf_next_token(const u8 *d, size_t n, size_t *pos)
{
    size_t i = *pos;
    for (;;) {
        while (i < n && is_ws(d[i])) i++;
        if (i < n && d[i] == '%') {
            while (i < n && d[i] != '\n' && d[i] != '\r') i++;
            continue;
        }
        break;
    }
    tf_pdf_tok t = {TF_PDF_TOK_END, i, i};
    if (i >= n) {
        *pos = i;
        return t;
    }
    size_t j = i + 1;
    switch (d[i]) {
    case '(': {
        int depth = 1;
        while (j < n && depth) {
            if (d[j] == '\\') {
                j += 2;              /* the escaped byte, whatever it is */
                continue;
            }
            if (d[j] == '(') depth++;
            else if (d[j] == ')') depth--;
            j++;
        }
        t.kind = depth || j > n ? TF_PDF_TOK_ERROR : TF_PDF_TOK_STRING;
        if (j > n) j = n;
        break;
    }
    case '<':
        if (j < n && d[j] == '<') {
            j++;
            t.kind = TF_PDF_TOK_DICT;
            break;
        }
        t.kind = TF_PDF_TOK_HEX;
        while (j < n && d[j] != '>') {
            if (!is_hex(d[j]) && !is_ws(d[j])) t.kind = TF_PDF_TOK_ERROR;
            j++;
        }
        if (j >= n) t.kind = TF_PDF_TOK_ERROR;
        else j++;
        break;
    case '>':
        if (j < n && d[j] == '>') {
            j++;
            t.kind = TF_PDF_TOK_DICT_END;
        } else {
            t.kind = TF_PDF_TOK_ERROR;
        }
        break;
    case '[': t.kind = TF_PDF_TOK_ARRAY; break;
    case ']': t.kind = TF_PDF_TOK_ARRAY_END; break;
    case '/':
        while (j < n && is_regular(d[j])) j++;
        t.kind = TF_PDF_TOK_NAME;
        break;
    case ')': case '{': case '}':   /* braces: PostScript functions, only inside streams */
        t.kind = TF_PDF_TOK_ERROR;
        break;
    default:
        while (j < n && is_regular(d[j])) j++;
        t.kind = number_syntax(d + i, j - i) ? TF_PDF_TOK_NUMBER : TF_PDF_TOK_KEYWORD;
        break;
    }
    t.end = j;
    *pos = j;
    return t;
}

/* --- growable bytes --------------------------------------------------------- */

typedef struct bytes {
    u8 *d;
    size_t n, cap;
} bytes;

static void put(bytes *b, const void *s, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n) cap *= 2;
        b->d = tf_xrealloc(b->d, cap);
        b->cap = cap;
    }
    if (n) memcpy(b->d + b->n, s, n);
    b->n += n;
}

static void puts_(bytes *b, const char *s) { put(b, s, strlen(s)); }

static void putf(bytes *b, const char *fmt, unsigned long long v)
{
    char tmp[128];   /* fmt: a short literal around one number */
    int k = snprintf(tmp, sizeof tmp, fmt, v);
    put(b, tmp, (size_t)k);
}

/* --- the parsed file ---------------------------------------------------------- */

/* What is kept of each object is byte positions: tokens are read again when
 * the object is written, so no token array outlives one object. */
typedef struct pobj {
    size_t off;              /* "N G obj" */
    size_t v0, v1;           /* the value's bytes, first token to last */
    size_t data, dlen;       /* stream data */
    size_t lkey;             /* stream: end of its /Length key */
    size_t lval;             /* stream: end of that key's value */
    long long uint;          /* the value when it is one non-negative integer, else -1 */
    unsigned long long f2, f3;   /* output: xref entry fields 2 and 3 */
    uint32_t len_ref;        /* stream: the object /Length refers to, or 0 */
    uint32_t refs;           /* references to this object */
    uint16_t gen;
    uint8_t type;            /* output: xref entry type 0, 1, 2 */
    bool used;               /* in use in the xref table */
    bool stream;
    bool drop;               /* a length object no one else refers to: becomes free */
} pobj;

typedef struct packer {
    const u8 *d;
    size_t n;
    pobj *obj;
    size_t size;             /* trailer /Size: objects 0 .. size-1 */
    tf_pdf_tok *toks;        /* one object's tokens */
    size_t ntoks, captoks;
    size_t tr0, tr1;         /* the trailer dictionary's bytes */
} packer;

static bool tok_is(const packer *p, const tf_pdf_tok *t, tf_pdf_tok_kind k, const char *text)
{
    size_t len = strlen(text);
    return t->kind == k && t->end - t->start == len && memcmp(p->d + t->start, text, len) == 0;
}

/* A non-negative integer token's value, or -1. */
static long long tok_uint(const packer *p, const tf_pdf_tok *t)
{
    if (t->kind != TF_PDF_TOK_NUMBER || t->end - t->start > 12) return -1;
    long long v = 0;
    for (size_t i = t->start; i < t->end; i++) {
        u8 c = p->d[i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

static void push_tok(packer *p, tf_pdf_tok t)
{
    if (p->ntoks == p->captoks) {
        p->captoks = p->captoks ? 2 * p->captoks : 256;
        p->toks = tf_xrealloc(p->toks, p->captoks * sizeof *p->toks);
    }
    p->toks[p->ntoks++] = t;
}

/* One value starting at toks[i] (of toks[0..end)): returns the index after
 * it, or 0 when it is not a value. */
static size_t value_end(const packer *p, size_t i, size_t end, int depth)
{
    if (i >= end || depth > PACK_MAX_DEPTH) return 0;
    const tf_pdf_tok *t = &p->toks[i];
    switch (t->kind) {
    case TF_PDF_TOK_DICT:
        i++;
        while (i < end && p->toks[i].kind != TF_PDF_TOK_DICT_END) {
            if (p->toks[i].kind != TF_PDF_TOK_NAME) return 0;
            if (!(i = value_end(p, i + 1, end, depth + 1))) return 0;
        }
        return i < end ? i + 1 : 0;
    case TF_PDF_TOK_ARRAY:
        i++;
        while (i < end && p->toks[i].kind != TF_PDF_TOK_ARRAY_END)
            if (!(i = value_end(p, i, end, depth + 1))) return 0;
        return i < end ? i + 1 : 0;
    case TF_PDF_TOK_NUMBER:
        if (i + 2 < end && tok_uint(p, t) >= 0 && tok_uint(p, &p->toks[i + 1]) >= 0 &&
            tok_is(p, &p->toks[i + 2], TF_PDF_TOK_KEYWORD, "R"))
            return i + 3;
        return i + 1;
    case TF_PDF_TOK_NAME:
    case TF_PDF_TOK_STRING:
    case TF_PDF_TOK_HEX:
        return i + 1;
    case TF_PDF_TOK_KEYWORD:
        if (tok_is(p, t, t->kind, "true") || tok_is(p, t, t->kind, "false") ||
            tok_is(p, t, t->kind, "null"))
            return i + 1;
        return 0;
    default:
        return 0;
    }
}

/* In the dictionary toks[0..ntoks): the index of key `key` (0 if absent)
 * and in *vend the index after its value. */
static size_t dict_find(const packer *p, const char *key, size_t *vend)
{
    size_t i = 1, end = p->ntoks;
    while (i < end && p->toks[i].kind == TF_PDF_TOK_NAME) {
        size_t e = value_end(p, i + 1, end, 1);
        if (!e) return 0;
        if (tok_is(p, &p->toks[i], TF_PDF_TOK_NAME, key)) {
            *vend = e;
            return i;
        }
        i = e;
    }
    return 0;
}

/* References in toks[0..ntoks), counted on the objects they name. */
static void count_refs(packer *p)
{
    for (size_t i = 0; i + 2 < p->ntoks; i++)
        if (tok_is(p, &p->toks[i + 2], TF_PDF_TOK_KEYWORD, "R")) {
            long long r = tok_uint(p, &p->toks[i]);
            if (r >= 0 && (size_t)r < p->size && tok_uint(p, &p->toks[i + 1]) >= 0) p->obj[r].refs++;
        }
}

/* Reads "N G obj value" at its offset and the keyword after it (endobj, or
 * stream and its end of line). */
static bool read_object(packer *p, size_t num, pobj *o)
{
    size_t pos = o->off;
    tf_pdf_tok a = tf_pdf_next_token(p->d, p->n, &pos);
    tf_pdf_tok b = tf_pdf_next_token(p->d, p->n, &pos);
    tf_pdf_tok c = tf_pdf_next_token(p->d, p->n, &pos);
    if (a.start != o->off || tok_uint(p, &a) != (long long)num || tok_uint(p, &b) != (long long)o->gen ||
        !tok_is(p, &c, TF_PDF_TOK_KEYWORD, "obj"))
        return false;
    p->ntoks = 0;
    for (;;) {
        tf_pdf_tok t = tf_pdf_next_token(p->d, p->n, &pos);
        if (t.kind == TF_PDF_TOK_END || t.kind == TF_PDF_TOK_ERROR) return false;
        if (tok_is(p, &t, TF_PDF_TOK_KEYWORD, "endobj")) break;
        if (tok_is(p, &t, TF_PDF_TOK_KEYWORD, "stream")) {
            size_t e = t.end;   /* "stream" then CRLF or LF (7.3.8.1) */
            if (e + 1 < p->n && p->d[e] == '\r' && p->d[e + 1] == '\n') e += 2;
            else if (e < p->n && p->d[e] == '\n') e += 1;
            else return false;
            o->stream = true;
            o->data = e;
            break;
        }
        push_tok(p, t);
    }
    if (!p->ntoks || value_end(p, 0, p->ntoks, 0) != p->ntoks) return false;   /* exactly one value */
    o->v0 = p->toks[0].start;
    o->v1 = p->toks[p->ntoks - 1].end;
    o->uint = p->ntoks == 1 ? tok_uint(p, &p->toks[0]) : -1;
    count_refs(p);
    if (!o->stream) return true;
    /* /Length: a number, or a reference to an object holding one */
    size_t vend = 0, k = p->toks[0].kind == TF_PDF_TOK_DICT ? dict_find(p, "/Length", &vend) : 0;
    if (!k) return false;
    o->lkey = p->toks[k].end;
    o->lval = p->toks[vend - 1].end;
    if (vend == k + 2) {
        long long len = tok_uint(p, &p->toks[k + 1]);
        if (len < 0) return false;
        o->dlen = (size_t)len;
    } else if (vend == k + 4) {
        long long r = tok_uint(p, &p->toks[k + 1]);
        if (r <= 0 || (size_t)r >= p->size || tok_uint(p, &p->toks[k + 2]) != 0) return false;
        o->len_ref = (uint32_t)r;
    } else {
        return false;
    }
    return true;
}

/* The stream's length resolved, and "endstream endobj" right after its data. */
static bool read_stream_end(packer *p, pobj *o)
{
    if (o->len_ref) {
        const pobj *lo = &p->obj[o->len_ref];
        if (!lo->used || lo->stream || lo->gen != 0 || lo->uint < 0) return false;
        o->dlen = (size_t)lo->uint;
    }
    if (o->dlen > p->n - o->data) return false;
    size_t pos = o->data + o->dlen;
    tf_pdf_tok t = tf_pdf_next_token(p->d, p->n, &pos);
    if (!tok_is(p, &t, TF_PDF_TOK_KEYWORD, "endstream")) return false;
    /* only an end of line may separate the data from "endstream" */
    for (size_t i = o->data + o->dlen; i < t.start; i++)
        if (p->d[i] != '\r' && p->d[i] != '\n') return false;
    t = tf_pdf_next_token(p->d, p->n, &pos);
    return tok_is(p, &t, TF_PDF_TOK_KEYWORD, "endobj");
}

/* The classic table at startxref, and the trailer after it. */
static bool read_xref(packer *p)
{
    const char *kw = "startxref";
    size_t kl = strlen(kw), from = p->n > 1024 ? p->n - 1024 : 0, at = 0;
    bool found = false;
    for (size_t i = p->n >= kl ? p->n - kl + 1 : 0; i-- > from;)
        if (memcmp(p->d + i, kw, kl) == 0 && (i == 0 || !is_regular(p->d[i - 1]))) {
            at = i;
            found = true;
            break;
        }
    if (!found) return false;
    size_t pos = at + kl;
    tf_pdf_tok t = tf_pdf_next_token(p->d, p->n, &pos);
    long long xo = tok_uint(p, &t);
    t = tf_pdf_next_token(p->d, p->n, &pos);   /* "%%EOF" is a comment: nothing else may follow */
    if (xo <= 0 || (size_t)xo >= at || t.kind != TF_PDF_TOK_END) return false;
    pos = (size_t)xo;
    t = tf_pdf_next_token(p->d, p->n, &pos);
    if (t.start != (size_t)xo || !tok_is(p, &t, TF_PDF_TOK_KEYWORD, "xref")) return false;
    size_t cap = 0;
    for (;;) {
        t = tf_pdf_next_token(p->d, p->n, &pos);
        if (tok_is(p, &t, TF_PDF_TOK_KEYWORD, "trailer")) break;
        tf_pdf_tok c = tf_pdf_next_token(p->d, p->n, &pos);
        long long first = tok_uint(p, &t), count = tok_uint(p, &c);
        if (first < 0 || count < 0 || first + count > 8000000) return false;
        if ((size_t)(first + count) > cap) {
            size_t ncap = (size_t)(first + count);
            p->obj = tf_xrealloc(p->obj, ncap * sizeof *p->obj);
            memset(p->obj + cap, 0, (ncap - cap) * sizeof *p->obj);
            cap = ncap;
        }
        for (long long k = 0; k < count; k++) {
            tf_pdf_tok a = tf_pdf_next_token(p->d, p->n, &pos);
            tf_pdf_tok b = tf_pdf_next_token(p->d, p->n, &pos);
            tf_pdf_tok f = tf_pdf_next_token(p->d, p->n, &pos);
            long long off = tok_uint(p, &a), gen = tok_uint(p, &b);
            if (off < 0 || gen < 0 || gen > 65535) return false;
            pobj *o = &p->obj[first + k];
            if (o->used) return false;   /* listed twice */
            if (tok_is(p, &f, TF_PDF_TOK_KEYWORD, "n")) {
                if (first + k == 0 || (size_t)off >= (size_t)xo) return false;
                o->used = true;
                o->off = (size_t)off;
                o->gen = (uint16_t)gen;
            } else if (!tok_is(p, &f, TF_PDF_TOK_KEYWORD, "f")) {
                return false;
            }
        }
    }
    p->ntoks = 0;
    for (int depth = 0;;) {
        t = tf_pdf_next_token(p->d, p->n, &pos);
        if (t.kind == TF_PDF_TOK_END || t.kind == TF_PDF_TOK_ERROR) return false;
        push_tok(p, t);
        if (t.kind == TF_PDF_TOK_DICT || t.kind == TF_PDF_TOK_ARRAY) depth++;
        if (t.kind == TF_PDF_TOK_DICT_END || t.kind == TF_PDF_TOK_ARRAY_END) depth--;
        if (depth <= 0) break;
    }
    if (p->toks[0].kind != TF_PDF_TOK_DICT || value_end(p, 0, p->ntoks, 0) != p->ntoks) return false;
    p->tr0 = p->toks[0].start;
    p->tr1 = p->toks[p->ntoks - 1].end;
    t = tf_pdf_next_token(p->d, p->n, &pos);
    if (!tok_is(p, &t, TF_PDF_TOK_KEYWORD, "startxref") || t.start != at) return false;
    size_t e;
    if (dict_find(p, "/Prev", &e) || dict_find(p, "/Encrypt", &e) || dict_find(p, "/XRefStm", &e) ||
        !dict_find(p, "/Root", &e))
        return false;
    size_t k = dict_find(p, "/Size", &e);
    long long size = k && e == k + 2 ? tok_uint(p, &p->toks[k + 1]) : -1;
    if (size <= 0 || (size_t)size != cap) return false;
    p->size = (size_t)size;
    count_refs(p);
    return true;
}

/* --- writing ------------------------------------------------------------------ */

/* One token, with a space before it only where it would merge with the
 * previous byte written (*last; 0 at the start). */
static void emit_tok(const packer *p, bytes *out, const tf_pdf_tok *t, u8 *last)
{
    if (is_regular(*last) && is_regular(p->d[t->start])) put(out, " ", 1);
    put(out, p->d + t->start, t->end - t->start);
    *last = p->d[t->end - 1];
}

/* The tokens of bytes [a, b) (a at a token, b at a token's end). */
static void emit_range(const packer *p, bytes *out, size_t a, size_t b, u8 *last)
{
    size_t pos = a;
    for (;;) {
        tf_pdf_tok t = tf_pdf_next_token(p->d, b, &pos);
        if (t.kind == TF_PDF_TOK_END) break;
        emit_tok(p, out, &t, last);
    }
}

/* zlib at PACK_ZLEVEL, its window no larger than the input needs and a
 * small hash (memLevel 5): less memory to zero and fault in at every save;
 * on the shipped editions memLevel 5 came out 15 to 50 bytes smaller than
 * zlib's default 8, since level 9 searches long hash chains anyway. */
static bool deflate_all(const u8 *in, size_t n, bytes *out)
{
    int wbits = 9;
    while (wbits < 15 && ((size_t)1 << wbits) < n + 262) wbits++;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, PACK_ZLEVEL, Z_DEFLATED, wbits, 5, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    uLong cap = deflateBound(&z, (uLong)n);
    out->n = 0;
    if (out->cap < cap) {
        out->d = tf_xrealloc(out->d, cap);
        out->cap = cap;
    }
    z.next_in = (Bytef *)in;   /* zlib's API is not const-correct */
    z.avail_in = (uInt)n;
    z.next_out = out->d;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    out->n = cap - z.avail_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END;
}

static unsigned width(unsigned long long v)
{
    unsigned w = 1;
    while (w < 8 && (v >> (8 * w))) w++;
    return w;
}

static bool write_packed(packer *p, int major, int minor, size_t bin0, size_t bin1, bytes *out)
{
    bool ok = false;
    bytes body = {0}, head = {0}, z = {0}, rows = {0};
    char tmp[64];
    int k = snprintf(tmp, sizeof tmp, "%%PDF-%d.%d\n", major, minor);
    put(out, tmp, (size_t)k);
    put(out, p->d + bin0, bin1 - bin0);   /* the binary comment line, as it was */

    /* objects outside the object stream: streams, other generations */
    size_t objstm = p->size, xref = p->size + 1, nin = 0;
    for (size_t i = 1; i < p->size; i++) {
        pobj *o = &p->obj[i];
        if (!o->used || o->drop) continue;
        if (!o->stream && o->gen == 0) continue;
        o->type = 1;
        o->f2 = out->n;
        o->f3 = o->gen;
        putf(out, "%llu ", i);
        putf(out, "%llu obj\n", o->gen);
        u8 last = 0;
        if (o->stream) {
            emit_range(p, out, o->v0, o->lkey, &last);
            putf(out, " %llu", o->dlen);
            last = '0';
            emit_range(p, out, o->lval, o->v1, &last);
            puts_(out, "\nstream\n");
            put(out, p->d + o->data, o->dlen);
            puts_(out, "\nendstream\nendobj\n");
        } else {
            emit_range(p, out, o->v0, o->v1, &last);
            puts_(out, "\nendobj\n");
        }
    }

    /* the object stream */
    u8 last = 0;
    for (size_t i = 1; i < p->size; i++) {
        pobj *o = &p->obj[i];
        if (!o->used || o->drop || o->stream || o->gen != 0) continue;
        if (is_regular(last) && is_regular(p->d[o->v0])) put(&body, "\n", 1);
        if (nin) put(&head, " ", 1);
        putf(&head, "%llu ", i);
        putf(&head, "%llu", body.n);
        o->type = 2;
        o->f2 = objstm;
        o->f3 = nin++;
        emit_range(p, &body, o->v0, o->v1, &last);
    }
    put(&head, "\n", 1);
    size_t first = head.n;
    put(&head, body.d, body.n);
    size_t objstm_off = 0;
    if (nin) {
        if (!deflate_all(head.d, head.n, &z)) goto done;
        objstm_off = out->n;
        putf(out, "%llu 0 obj\n<</Type/ObjStm", objstm);
        putf(out, "/N %llu", nin);
        putf(out, "/First %llu/Filter/FlateDecode", first);
        putf(out, "/Length %llu>>\nstream\n", z.n);
        put(out, z.d, z.n);
        puts_(out, "\nendstream\nendobj\n");
    }

    /* the cross-reference stream */
    size_t xref_off = out->n;
    unsigned long long max2 = xref_off, max3 = 0;
    size_t prev_free = 0;
    for (size_t i = 1; i < p->size; i++) {
        pobj *o = &p->obj[i];
        if (o->type == 0) {        /* free: chained from object 0 (7.5.4) */
            p->obj[prev_free].f2 = i;
            prev_free = i;
        }
        if (o->type && o->f3 > max3) max3 = o->f3;
    }
    p->obj[prev_free].f2 = 0;
    /* a free entry's third field is the generation for the number's next
     * use: 65535 for object 0, the head of the free list, which is never
     * used; the dropped objects had generation 0, so 1 */
    if (max3 < 65535) max3 = 65535;
    if (p->size > max2) max2 = p->size;
    unsigned w2 = width(max2), w3 = width(max3), cols = 1 + w2 + w3;
    u8 prev[17] = {0}, row[17];
    for (size_t i = 0; i <= xref; i++) {
        unsigned long long f1, f2, f3;
        if (i < p->size) {
            f1 = p->obj[i].type;
            f2 = p->obj[i].f2;
            f3 = p->obj[i].type ? p->obj[i].f3 : i == 0 ? 65535 : 1;
        } else {
            f1 = i == objstm && !nin ? 0 : 1;   /* no object stream when nothing goes in */
            f2 = i == objstm ? objstm_off : xref_off;
            f3 = 0;
        }
        row[0] = (u8)f1;
        for (unsigned b = 0; b < w2; b++) row[1 + b] = (u8)(f2 >> (8 * (w2 - 1 - b)));
        for (unsigned b = 0; b < w3; b++) row[1 + w2 + b] = (u8)(f3 >> (8 * (w3 - 1 - b)));
        u8 pr = 2;                 /* PNG "Up" predictor on every row */
        put(&rows, &pr, 1);
        for (unsigned b = 0; b < cols; b++) {
            u8 v = (u8)(row[b] - prev[b]);
            put(&rows, &v, 1);
            prev[b] = row[b];
        }
    }
    if (!deflate_all(rows.d, rows.n, &z)) goto done;
    putf(out, "%llu 0 obj\n<</Type/XRef", xref);
    putf(out, "/Size %llu", xref + 1);
    putf(out, "/W[1 %llu", w2);
    putf(out, " %llu]", w3);
    /* the trailer's entries but /Size, as they were */
    p->ntoks = 0;
    size_t pos = p->tr0;
    for (;;) {
        tf_pdf_tok t = tf_pdf_next_token(p->d, p->tr1, &pos);
        if (t.kind == TF_PDF_TOK_END) break;
        push_tok(p, t);
    }
    size_t i = 1, end = p->ntoks - 1;
    last = ']';
    while (i < end) {
        size_t e = value_end(p, i + 1, end, 1);
        if (!e) goto done;
        if (!tok_is(p, &p->toks[i], TF_PDF_TOK_NAME, "/Size"))
            for (size_t j = i; j < e; j++) emit_tok(p, out, &p->toks[j], &last);
        i = e;
    }
    putf(out, "/Filter/FlateDecode/DecodeParms<</Columns %llu/Predictor 12>>", cols);
    putf(out, "/Length %llu>>\nstream\n", z.n);
    put(out, z.d, z.n);
    puts_(out, "\nendstream\nendobj\n");
    putf(out, "startxref\n%llu\n%%%%EOF\n", xref_off);
    ok = true;
done:
    free(body.d);
    free(head.d);
    free(z.d);
    free(rows.d);
    return ok;
}

bool tf_pdf_pack(const unsigned char *in, size_t n, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    /* "%PDF-M.m" and an end of line; then, optionally, the binary comment */
    if (n < 16 || memcmp(in, "%PDF-", 5) != 0 || in[5] < '1' || in[5] > '9' || in[6] != '.' ||
        in[7] < '0' || in[7] > '9' || (in[8] != '\n' && in[8] != '\r'))
        return false;
    int major = in[5] - '0', minor = in[7] - '0';
    if (major == 1 && minor < 5) minor = 5;
    size_t bin0 = 9 + (in[8] == '\r' && in[9] == '\n'), bin1 = bin0;
    if (in[bin0] == '%') {
        while (bin1 < n && in[bin1] != '\n' && in[bin1] != '\r') bin1++;
        if (bin1 < n && in[bin1] == '\r') bin1++;
        if (bin1 < n && in[bin1] == '\n') bin1++;
    }

    packer p = {.d = in, .n = n};
    bool ok = read_xref(&p);
    for (size_t i = 1; ok && i < p.size; i++)
        if (p.obj[i].used) ok = read_object(&p, i, &p.obj[i]);
    for (size_t i = 1; ok && i < p.size; i++)
        if (p.obj[i].used && p.obj[i].stream) ok = read_stream_end(&p, &p.obj[i]);
    /* a length object that only its /Length refers to is dropped */
    for (size_t i = 1; ok && i < p.size; i++) {
        pobj *o = &p.obj[i];
        if (o->used && o->stream && o->len_ref && p.obj[o->len_ref].refs == 1) p.obj[o->len_ref].drop = true;
    }
    bytes b = {0};
    if (ok) {
        b.d = tf_xmalloc(n);   /* the packed file is smaller: one allocation */
        b.cap = n;
        ok = write_packed(&p, major, minor, bin0, bin1, &b);
    }
    free(p.obj);
    free(p.toks);
    if (!ok) {
        free(b.d);
        return false;
    }
    *out = b.d;
    *out_len = b.n;
    return true;
}

bool tf_pdf_pack_or_keep(unsigned char **data, size_t *len)
{
    unsigned char *packed = NULL;
    size_t n = 0;
    if (!tf_pdf_pack(*data, *len, &packed, &n)) return false;
    free(*data);
    *data = packed;
    *len = n;
    return true;
}
