/* pdf.c: the PDF writer. libharu builds the object graph and serialises it;
 * everything that concerns text is ours.
 *
 * Why not libharu's text API: it cannot kern or form ligatures, embeds ~47 KB
 * per font, loses composite glyphs and writes a ToUnicode map poppler rejects
 * (docs/libraries.md). Instead:
 *
 *   - Glyphs are drawn through CIDs of our own. A CID stands for one pair
 *     (glyph id, text the glyph was drawn for); CIDs are handed out in order
 *     of first use, so the content stream can be written at once, and the
 *     same glyph drawn for different text (a mark-bearing cluster, a reordered
 *     Indic vowel) gets a CID per text and pdftotext gets every occurrence
 *     right. Glyphs after the first in a multi-glyph cluster carry no text.
 *   - At save, each font is subset with hb-subset (dense new glyph ids, layout
 *     tables and hinting dropped) and embedded as Type0/CIDFontType2 with a
 *     CIDToGIDMap stream (CID -> new glyph id), a W array per CID, and a
 *     ToUnicode CMap of bfchar entries.
 *   - Content streams are written by us with fixed-decimal integer formatting
 *     (no locale, no floats), text positions carried in 1/100000 em so TJ
 *     adjustments never drift from the layout's scaled-point positions.
 *
 * Tagged PDF (structure tree, marked content, artifacts) is ours too, built
 * with the object API at save; see "marked content" below for how content
 * is bracketed and why pages are kept in memory until then, and
 * docs/accessibility.md for what is written and checked.
 *
 * libharu errors are sticky: the error handler records the first one, every
 * status is checked, and the document is then marked failed: nothing more is
 * drawn and tf_pdf_save returns false. Output is byte-for-byte deterministic:
 * no clock, dates from info->epoch, /ID a hash of what was written. */
#include "pdf.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ft2build.h>
#include FT_GZIP_H
#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <zlib.h>

#include "arena.h"
#include "diag.h"
#include "utf8.h"

#define MAX_IMAGE_BYTES (8u * 1024u * 1024u)
#define MAX_IMAGE_PIXELS (25u * 1000u * 1000u)
#define EM_U 100000          /* text positions in 1/100000 em */
#define ADJ_MIN_U 5          /* smaller TJ corrections are invisible: skip */
#define TJ_MAX_GLYPHS 1000   /* split long TJ arrays (old readers cap arrays) */
#ifndef PAGE_ZLEVEL
#define PAGE_ZLEVEL 2        /* page content deflate level: see write_pages */
#endif

/* --- growable byte buffer ------------------------------------------------- */

typedef struct buf {
    char *d;
    size_t n, cap;
} buf;

static void buf_reserve(buf *b, size_t more)
{
    if (b->n + more <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + more) cap *= 2;
    b->d = tf_xrealloc(b->d, cap);
    b->cap = cap;
}

static void buf_put(buf *b, const void *s, size_t n)
{
    if (!n) return;
    buf_reserve(b, n);
    memcpy(b->d + b->n, s, n);
    b->n += n;
}

static void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }
static void buf_putc(buf *b, char c) { buf_reserve(b, 1); b->d[b->n++] = c; }

/* value / 10^dec with trailing zeros trimmed, e.g. 12500,3 -> "12.5".
 * Integer formatting only: no locale, no floating point. */
static void buf_fixed(buf *b, int64_t value, int dec)
{
    uint64_t v = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value, pow = 1;
    for (int i = 0; i < dec; i++) pow *= 10;
    uint64_t ip = v / pow, fp = v % pow;
    char tmp[48], dig[24];
    int n = 0, nd = 0;
    if (value < 0) tmp[n++] = '-';
    do { dig[nd++] = (char)('0' + ip % 10); ip /= 10; } while (ip);   /* no snprintf: hot */
    while (nd) tmp[n++] = dig[--nd];
    if (fp) {
        tmp[n++] = '.';
        for (uint64_t d = pow / 10; d && fp; d /= 10) {
            tmp[n++] = (char)('0' + fp / d);
            fp %= d;
        }
    }
    buf_put(b, tmp, (size_t)n);
}

static int64_t div_round(int64_t num, int64_t den)
{
    if (den < 0) { num = -num; den = -den; }
    return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

static int64_t sp_to_mpt(tf_sp v) { return div_round((int64_t)v * 1000, TF_SP_PER_PT); }

/* A length in points, 3 decimals, then a space. */
static void buf_sp(buf *b, tf_sp v)
{
    buf_fixed(b, sp_to_mpt(v), 3);
    buf_putc(b, ' ');
}

static void buf_color(buf *b, tf_color c, const char *op)
{
    buf_fixed(b, div_round(c.r * 1000, 255), 3);
    buf_putc(b, ' ');
    buf_fixed(b, div_round(c.g * 1000, 255), 3);
    buf_putc(b, ' ');
    buf_fixed(b, div_round(c.b * 1000, 255), 3);
    buf_putc(b, ' ');
    buf_puts(b, op);
    buf_putc(b, '\n');
}

/* 64-bit FNV-1a, used for the subset tag and the document /ID. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}
#define FNV_INIT 0xcbf29ce484222325ull

/* --- fonts ------------------------------------------------------------------ */

typedef struct pfont {
    tf_font *font;
    int num;                   /* resource name /F<num> */
    unsigned upem;
    HPDF_Dict type0;           /* created at first use, filled at save */
    uint32_t page_serial;      /* last page whose Font dict names it */

    /* CID c: glyph cid_gid[c], text pool[cid_toff[c] .. + cid_tlen[c]],
     * width cid_wu[c] in 1/100000 em. CID 0 is .notdef. */
    uint32_t *cid_gid, *cid_toff, *cid_tlen;
    int32_t *cid_wu;
    uint32_t ncid, cidcap;
    uint32_t *slots;           /* open addressing: CID + 1, 0 = empty */
    uint32_t nslots;
    buf pool;
} pfont;

typedef struct pimage {
    char *path;
    HPDF_Image img;
    int num;                   /* /Im<num> */
    uint32_t page_serial;
    uint32_t w, h;
} pimage;

/* --- tagging records ----------------------------------------------------------- */

enum { KID_ELEM, KID_MCR, KID_OBJR };
typedef struct pkid {
    int kind;
    int a, b;                  /* ELEM: element a; MCR: page a, MCID b; OBJR: link a */
} pkid;

typedef struct pelem {
    char role[24];
    char *alt, *lang;
    int parent;
    int pg;                    /* page of its first marked content or annotation, -1 none */
    pkid *kids;                /* child elements and content, in creation/marking order */
    size_t nkids, cap;
    HPDF_Dict dict;            /* made at save */
} pelem;

typedef struct ppage {
    HPDF_Page page;
    buf cs;                    /* content stream, written at save */
    size_t *cut;               /* (offset, length) pairs: the marked-content operators,
                                * left out when the document is untagged */
    size_t ncut, cutcap;
    int *owner;                /* element of each MCID on the page */
    size_t nmcid, mcidcap;
} ppage;

typedef struct plink {
    HPDF_Annotation annot;
    int page, elem;
} plink;

typedef struct pmark {
    char *title;
    int level, page;
    tf_sp y;
} pmark;

typedef struct plabel {
    int page;
    char *label;
} plabel;

#define MARK_DEPTH 32
/* Make room for one more element in a growable array. */
#define GROW(ptr, n, cap) do { if ((n) >= (cap)) { (cap) = (cap) ? 2 * (cap) : 8; \
    (ptr) = tf_xrealloc((ptr), (cap) * sizeof *(ptr)); } } while (0)
#define OPEN_NONE (-2)

struct tf_pdf {
    HPDF_Doc doc;
    HPDF_STATUS err, err_detail;   /* first libharu error, from the handler */
    bool failed, finalized;

    pfont *fonts;
    size_t nfonts;
    pimage *images;
    size_t nimages;

    /* current page */
    HPDF_Page page;
    HPDF_Dict res_font, res_xobject;
    uint32_t page_serial;
    buf cs;                        /* its content stream, flushed at page end */
    bool in_text;
    int cur_font;                  /* index into fonts, -1 none */
    tf_sp cur_size;
    int64_t line_x, line_y;        /* text line origin in 1/1000 pt */
    bool have_fill, have_stroke, have_width, have_dash;
    tf_color fill, stroke;
    tf_sp width, dash;
    tf_sp tr_stroke;               /* text drawn fill+stroke with this width (0: fill) */
    tf_sp want_stroke;             /* what the next glyph runs ask for (tf_pdf_fake_bold) */

    uint64_t hash1, hash2;         /* over everything written, for /ID */
    char *lang;
    char *title, *author, *subject, *creator;   /* for the XMP metadata */
    long long epoch;

    /* Every page, its content kept until save: whether the document is
     * tagged is known only then (see the tagging essay below). */
    ppage *pages;
    size_t npages, pagecap;

    /* tagging */
    pelem *elems;                  /* [0] is the Document element */
    size_t nelems, elemcap;
    plink *links;                  /* tagged link annotations */
    size_t nlinks, linkcap;
    int stack[MARK_DEPTH];         /* open mark_begin brackets, innermost last */
    int depth;
    int open;                      /* bracket open in the content stream: OPEN_NONE,
                                    * TF_PDF_ARTIFACT or an element */
    bool tagged, claim_ua;

    pmark *marks;                  /* bookmarks */
    size_t nmarks, markcap;
    plabel *labels;
    size_t nlabels, labelcap;
};

static void HPDF_STDCALL on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    tf_pdf *p = user;
    if (!p->err) {
        p->err = error_no;
        p->err_detail = detail_no;
    }
}

static const char *err_text(HPDF_STATUS e)
{
    switch (e) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "file I/O error";
    case HPDF_FILE_OPEN_ERROR: return "cannot open file";
    case HPDF_INVALID_JPEG_DATA: return "invalid JPEG data";
    case HPDF_UNSUPPORTED_JPEG_FORMAT: return "unsupported JPEG format";
    case HPDF_INVALID_PNG_IMAGE: return "invalid PNG image";
    case HPDF_LIBPNG_ERROR: return "invalid or unsupported PNG data";
    default: return "internal error";
    }
}

/* Check after libharu calls: a recorded error (or a failed status) poisons
 * the document. Reported once, with `where` when an input caused it. */
static bool check(tf_pdf *p, HPDF_STATUS st, const tf_loc *where, const char *what)
{
    if (p->failed) return false;
    if (st == HPDF_OK && !p->err) return true;
    HPDF_STATUS e = p->err ? p->err : st;
    if (where)
        tf_diag_error(where, "%s: %s (libharu error 0x%04X, detail %u)", what, err_text(e),
                      (unsigned)e, (unsigned)p->err_detail);
    else
        tf_diag_error(NULL, "PDF writer: %s: %s (libharu error 0x%04X, detail %u)", what,
                      err_text(e), (unsigned)e, (unsigned)p->err_detail);
    HPDF_ResetError(p->doc);
    p->err = 0;
    p->failed = true;
    return false;
}

#define OK(p, call, what) check((p), (call), NULL, (what))
#define PTR(p, ptr, what) check((p), (ptr) ? HPDF_OK : HPDF_INVALID_OBJECT, NULL, (what))

/* UTF-8 -> UTF-16BE code units appended to out (invalid bytes: U+FFFD). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || len > n) { *cp = 0xFFFD; return 1; }
    uint32_t v = len == 1 ? c : c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
        v = v << 6 | (s[i] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    *cp = v;
    return len;
}

static size_t utf16be(const char *s, size_t n, unsigned char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_next((const unsigned char *)s + i, n - i, &cp);
        if (cp >= 0x10000) {
            if (o + 4 > cap) break;
            uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            out[o++] = (unsigned char)(hi >> 8); out[o++] = (unsigned char)hi;
            out[o++] = (unsigned char)(lo >> 8); out[o++] = (unsigned char)lo;
        } else {
            if (o + 2 > cap) break;
            out[o++] = (unsigned char)(cp >> 8); out[o++] = (unsigned char)cp;
        }
    }
    return o;
}

static uint32_t key_hash(uint32_t gid, const char *t, size_t n)
{
    uint64_t h = fnv(FNV_INIT, &gid, sizeof gid);
    h = fnv(h, t, n);
    return (uint32_t)(h ^ (h >> 32));
}

static void slots_grow(pfont *f)
{
    uint32_t n = f->nslots ? f->nslots * 2 : 256;
    free(f->slots);
    f->slots = tf_xcalloc(n, sizeof *f->slots);
    f->nslots = n;
    for (uint32_t c = 1; c < f->ncid; c++) {
        uint32_t i = key_hash(f->cid_gid[c], f->pool.d + f->cid_toff[c], f->cid_tlen[c]) & (n - 1);
        while (f->slots[i]) i = (i + 1) & (n - 1);
        f->slots[i] = c + 1;
    }
}

static void cid_push(pfont *f, uint32_t gid, const char *t, size_t n)
{
    if (f->ncid == f->cidcap) {
        f->cidcap = f->cidcap ? f->cidcap * 2 : 256;
        f->cid_gid = tf_xrealloc(f->cid_gid, f->cidcap * sizeof *f->cid_gid);
        f->cid_toff = tf_xrealloc(f->cid_toff, f->cidcap * sizeof *f->cid_toff);
        f->cid_tlen = tf_xrealloc(f->cid_tlen, f->cidcap * sizeof *f->cid_tlen);
        f->cid_wu = tf_xrealloc(f->cid_wu, f->cidcap * sizeof *f->cid_wu);
    }
    uint32_t c = f->ncid++;
    f->cid_gid[c] = gid;
    f->cid_toff[c] = (uint32_t)f->pool.n;
    f->cid_tlen[c] = (uint32_t)n;
    buf_put(&f->pool, t, n);
    int adv = tf_font_glyph_advance_units(f->font, gid);
    f->cid_wu[c] = (int32_t)div_round((int64_t)adv * EM_U, f->upem);
}

/* The CID for (gid, text); 0 when the font has run out of 2-byte codes. */
static uint32_t cid_for(pfont *f, uint32_t gid, const char *t, size_t n)
{
    if ((f->ncid + 1) * 2 > f->nslots) slots_grow(f);
    uint32_t mask = f->nslots - 1, i = key_hash(gid, t, n) & mask;
    for (; f->slots[i]; i = (i + 1) & mask) {
        uint32_t c = f->slots[i] - 1;
        if (f->cid_gid[c] == gid && f->cid_tlen[c] == n &&
            (n == 0 || memcmp(f->pool.d + f->cid_toff[c], t, n) == 0))
            return c;
    }
    if (f->ncid >= 0xFFFF) return 0;
    cid_push(f, gid, t, n);
    f->slots[i] = f->ncid;          /* = new CID + 1 */
    return f->ncid - 1;
}

static pfont *font_rec(tf_pdf *p, tf_font *font, int *index)
{
    for (size_t i = 0; i < p->nfonts; i++)
        if (p->fonts[i].font == font) { *index = (int)i; return &p->fonts[i]; }
    HPDF_Dict d = HPDF_Dict_New(p->doc->mmgr);
    if (!PTR(p, d, "font dictionary")) return NULL;
    if (!OK(p, HPDF_Xref_Add(p->doc->xref, d), "font dictionary")) return NULL;
    p->fonts = tf_xrealloc(p->fonts, (p->nfonts + 1) * sizeof *p->fonts);
    pfont *f = &p->fonts[p->nfonts];
    memset(f, 0, sizeof *f);
    f->font = font;
    f->num = (int)p->nfonts + 1;
    f->upem = tf_font_units_per_em(font);
    f->type0 = d;
    cid_push(f, 0, "", 0);          /* CID 0 = .notdef, no text */
    *index = (int)p->nfonts++;
    return f;
}

/* --- document and pages ---------------------------------------------------- */

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20) return false;
    return true;
}

/* A PDF text string: literal when plain ASCII, else UTF-16BE with BOM. */
static void *text_string(tf_pdf *p, const char *s)
{
    if (is_ascii(s)) return HPDF_String_New(p->doc->mmgr, s, NULL);
    size_t n = strlen(s), cap = 2 + 4 * n;
    unsigned char *u = tf_xmalloc(cap);
    u[0] = 0xFE;
    u[1] = 0xFF;
    size_t len = 2 + utf16be(s, n, u + 2, cap - 2);
    void *obj = HPDF_Binary_New(p->doc->mmgr, u, (HPDF_UINT)len);
    free(u);
    return obj;
}

static void set_info(tf_pdf *p, const char *key, const char *value)
{
    if (!value || !*value || p->failed) return;
    p->hash1 = fnv(p->hash1, value, strlen(value));
    void *s = text_string(p, value);
    if (PTR(p, s, "document info")) OK(p, HPDF_Dict_Add(p->doc->info, key, s), "document info");
}

static HPDF_Date epoch_date(long long epoch)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    HPDF_Date d;
    memset(&d, 0, sizeof d);
    if (!gmtime_r(&t, &tm)) { memset(&tm, 0, sizeof tm); tm.tm_year = 70; tm.tm_mday = 1; }
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minutes = tm.tm_min;
    d.seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec;
    d.ind = 'Z';
    return d;
}

tf_pdf *tf_pdf_new(const tf_pdf_info *info)
{
    tf_pdf *p = tf_xcalloc(1, sizeof *p);
    p->cur_font = -1;
    p->open = OPEN_NONE;
    GROW(p->elems, p->nelems, p->elemcap);
    memset(p->elems, 0, sizeof *p->elems);
    strcpy(p->elems[0].role, "Document");
    p->elems[0].parent = -1;
    p->elems[0].pg = -1;
    p->nelems = 1;
    p->hash1 = FNV_INIT;
    p->hash2 = FNV_INIT ^ 0x5bd1e995u;
    p->doc = HPDF_New(on_error, p);
    if (!p->doc) {
        tf_diag_error(NULL, "PDF writer: cannot create a document (out of memory)");
        p->failed = true;
        return p;
    }
    if (!OK(p, HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL), "compression")) return p;
    /* Creates the Info dictionary, which we then fill ourselves. */
    OK(p, HPDF_SetInfoAttr(p->doc, HPDF_INFO_PRODUCER, "trifold (libharu 2.3.0, HarfBuzz)"),
       "document info");
    if (!info) return p;
    p->title = info->title ? tf_xstrdup(info->title) : NULL;
    p->author = info->author ? tf_xstrdup(info->author) : NULL;
    p->subject = info->subject ? tf_xstrdup(info->subject) : NULL;
    p->creator = info->creator ? tf_xstrdup(info->creator) : NULL;
    p->epoch = info->epoch;
    set_info(p, "Title", info->title);
    set_info(p, "Author", info->author);
    set_info(p, "Subject", info->subject);
    set_info(p, "Creator", info->creator);
    HPDF_Date d = epoch_date(info->epoch);
    OK(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d), "creation date");
    OK(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d), "modification date");
    p->hash1 = fnv(p->hash1, &info->epoch, sizeof info->epoch);
    if (info->lang && *info->lang && !p->failed) {
        p->lang = tf_xstrdup(info->lang);
        void *s = HPDF_String_New(p->doc->mmgr, info->lang, NULL);
        if (PTR(p, s, "catalog /Lang"))
            OK(p, HPDF_Dict_Add(p->doc->catalog, "Lang", s), "catalog /Lang");
    }
    if (info->title && *info->title && !p->failed) {
        HPDF_Dict vp = HPDF_Dict_New(p->doc->mmgr);
        if (PTR(p, vp, "viewer preferences") &&
            OK(p, HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE), "viewer preferences"))
            OK(p, HPDF_Dict_Add(p->doc->catalog, "ViewerPreferences", vp), "viewer preferences");
    }
    return p;
}

static void end_text(tf_pdf *p)
{
    if (!p->in_text) return;
    buf_puts(&p->cs, "ET\n");
    p->in_text = false;
}

/* --- marked content ------------------------------------------------------------
 *
 * A document is tagged once an element was created or content was marked
 * for the Document element, and that may happen after the first pages were
 * drawn. So every page is written with its marked-content operators and
 * kept until save: drawing outside any bracket opens an /Artifact, drawing
 * inside one opens `/<role> <</MCID n>> BDC` with the page's next MCID.
 * The byte range of each of these operators is recorded; an untagged
 * document drops them at save and comes out exactly as without tagging.
 *
 * Brackets open lazily, at the first drawing inside them, and never nest in
 * the stream: entering an inner bracket closes the outer one, and drawing
 * after the inner one ended reopens the outer with a fresh MCID. So an
 * element's kids interleave its content and its child elements in drawing
 * order, and a bracket with nothing drawn in it leaves no trace. The text
 * object is ended before every marked-content operator, so BT/ET and
 * BDC/EMC always nest properly. */

static ppage *cur_page(tf_pdf *p) { return &p->pages[p->npages - 1]; }

/* A marked-content operator: written, and its range recorded. */
static void mc_op(tf_pdf *p, const char *op)
{
    ppage *pg = cur_page(p);
    if (pg->ncut + 2 > pg->cutcap) {
        pg->cutcap = pg->cutcap ? 2 * pg->cutcap : 64;
        pg->cut = tf_xrealloc(pg->cut, pg->cutcap * sizeof *pg->cut);
    }
    size_t n = strlen(op);
    pg->cut[pg->ncut++] = p->cs.n;
    pg->cut[pg->ncut++] = n;
    buf_put(&p->cs, op, n);
}

static void kid_push(pelem *e, int kind, int a, int b)
{
    GROW(e->kids, e->nkids, e->cap);
    e->kids[e->nkids++] = (pkid){kind, a, b};
}

/* Before drawing: make the bracket the caller is in the open one. */
static void mark_content(tf_pdf *p)
{
    int want = p->depth ? p->stack[p->depth - 1] : TF_PDF_ARTIFACT;
    if (p->open == want) return;
    end_text(p);
    if (p->open != OPEN_NONE) mc_op(p, "EMC\n");
    p->open = want;
    if (want == TF_PDF_ARTIFACT) {
        mc_op(p, "/Artifact BMC\n");
        return;
    }
    ppage *pg = cur_page(p);
    int page = (int)p->npages - 1, mcid = (int)pg->nmcid;
    GROW(pg->owner, pg->nmcid, pg->mcidcap);
    pg->owner[pg->nmcid++] = want;
    pelem *e = &p->elems[want];
    kid_push(e, KID_MCR, page, mcid);
    if (e->pg < 0) e->pg = page;
    p->tagged = true;
    char op[64];
    snprintf(op, sizeof op, "/%s <</MCID %d>> BDC\n", e->role, mcid);
    mc_op(p, op);
}

/* End the current page's content: close what is open. */
static void flush_page(tf_pdf *p)
{
    if (!p->page) return;
    end_text(p);
    if (p->open != OPEN_NONE) mc_op(p, "EMC\n");
    p->open = OPEN_NONE;
    /* hash the content without the marked-content operators: an untagged
     * document gets the /ID it had before tagging existed */
    ppage *pg = cur_page(p);
    if (p->cs.n) {
        size_t r = 0;
        for (size_t k = 0; k < pg->ncut; k += 2) {
            p->hash2 = fnv(p->hash2, p->cs.d + r, pg->cut[k] - r);
            r = pg->cut[k] + pg->cut[k + 1];
        }
        p->hash2 = fnv(p->hash2, p->cs.d + r, p->cs.n - r);
    }
    pg->cs = p->cs;
    memset(&p->cs, 0, sizeof p->cs);
    p->page = NULL;
}

/* Deflate n bytes at zlib level `level` into out (zlib format, as FlateDecode
 * wants). Deterministic: same bytes and level, same output. */
static bool zdeflate(tf_pdf *p, const void *data, size_t n, int level, buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (n > 0xFFFFFFFFu || deflateInit(&z, level) != Z_OK) {
        deflateEnd(&z);
        return check(p, HPDF_INVALID_PARAMETER, NULL, "page content deflate");
    }
    uLong bound = deflateBound(&z, (uLong)n);
    buf_reserve(out, bound);
    z.next_in = (Bytef *)data;   /* zlib's API is not const-correct */
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->d + out->n;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    out->n += bound - z.avail_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END || check(p, HPDF_INVALID_PARAMETER, NULL, "page content deflate");
}

static HPDF_STATUS write_flate_filter(HPDF_Dict d, HPDF_Stream s);

/* At save: each page's content into its stream, without the marked-content
 * operators when the document is untagged, deflated by us: libharu deflates
 * at level 6, the largest cost of a save; level PAGE_ZLEVEL costs far fewer
 * instructions for a few per cent more bytes (measured in commit message).
 * /Filter is added the way the cached font streams add it. */
static bool write_pages(tf_pdf *p)
{
    for (size_t i = 0; i < p->npages; i++) {
        ppage *pg = &p->pages[i];
        buf *b = &pg->cs;
        if (!p->tagged && pg->ncut) {
            size_t w = 0, r = 0;
            for (size_t k = 0; k < pg->ncut; k += 2) {
                memmove(b->d + w, b->d + r, pg->cut[k] - r);
                w += pg->cut[k] - r;
                r = pg->cut[k] + pg->cut[k + 1];
            }
            memmove(b->d + w, b->d + r, b->n - r);
            b->n = w + b->n - r;
            pg->ncut = 0;
        }
        buf z = {0};
        if (!zdeflate(p, b->d, b->n, PAGE_ZLEVEL, &z)) return false;
        HPDF_PageAttr attr = (HPDF_PageAttr)pg->page->attr;
        attr->contents->filter = HPDF_STREAM_FILTER_NONE;   /* deflated already */
        attr->contents->write_fn = write_flate_filter;
        bool ok = OK(p, HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)z.d, (HPDF_UINT)z.n),
                     "page content");
        free(z.d);
        if (!ok) return false;
    }
    return true;
}

static HPDF_Box box_of(tf_sp x, tf_sp y, tf_sp w, tf_sp h)
{
    HPDF_Box b;
    b.left = (HPDF_REAL)tf_sp_to_pt(x);
    b.bottom = (HPDF_REAL)tf_sp_to_pt(y);
    b.right = (HPDF_REAL)tf_sp_to_pt(x + w);
    b.top = (HPDF_REAL)tf_sp_to_pt(y + h);
    return b;
}

static bool add_box(tf_pdf *p, const char *key, HPDF_Box b)
{
    HPDF_Array a = HPDF_Box_Array_New(p->doc->mmgr, b);
    return PTR(p, a, key) && OK(p, HPDF_Dict_Add(p->page, key, a), key);
}

bool tf_pdf_page(tf_pdf *p, tf_sp media_w, tf_sp media_h, const tf_rect *trim,
                 const tf_rect *bleed)
{
    assert(!p->finalized);
    flush_page(p);
    if (p->failed) return false;
    HPDF_Page page = HPDF_AddPage(p->doc);
    if (!PTR(p, page, "new page")) return false;
    GROW(p->pages, p->npages, p->pagecap);
    memset(&p->pages[p->npages], 0, sizeof *p->pages);
    p->pages[p->npages++].page = page;
    p->page = page;
    p->page_serial++;
    p->res_font = p->res_xobject = NULL;
    p->in_text = false;
    p->cur_font = -1;
    p->have_fill = p->have_stroke = p->have_width = p->have_dash = false;
    p->tr_stroke = 0;
    p->hash2 = fnv(p->hash2, "page", 4);
    if (!add_box(p, "MediaBox", box_of(0, 0, media_w, media_h))) return false;
    if (bleed && !add_box(p, "BleedBox", box_of(bleed->x, bleed->y, bleed->w, bleed->h)))
        return false;
    if (trim && !add_box(p, "TrimBox", box_of(trim->x, trim->y, trim->w, trim->h)))
        return false;
    return true;
}

/* The page's /Resources /<key> dict, created on first use. */
static HPDF_Dict resource_dict(tf_pdf *p, HPDF_Dict *slot, const char *key)
{
    if (*slot) return *slot;
    HPDF_Dict res = HPDF_Dict_GetItem(p->page, "Resources", HPDF_OCLASS_DICT);
    if (!PTR(p, res, "page resources")) return NULL;
    HPDF_Dict d = HPDF_Dict_New(p->doc->mmgr);
    if (!PTR(p, d, "page resources") || !OK(p, HPDF_Dict_Add(res, key, d), "page resources"))
        return NULL;
    return *slot = d;
}

static bool drawable(tf_pdf *p)
{
    assert(!p->finalized);
    assert(p->page || p->failed);
    return !p->failed && p->page;
}

/* --- shapes ------------------------------------------------------------------ */

static bool same_color(tf_color a, tf_color b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

static void set_fill(tf_pdf *p, tf_color c)
{
    if (p->have_fill && same_color(p->fill, c)) return;
    buf_color(&p->cs, c, "rg");
    p->fill = c;
    p->have_fill = true;
}

static void set_stroke(tf_pdf *p, tf_color c, tf_sp width, tf_sp dash)
{
    if (!p->have_stroke || !same_color(p->stroke, c)) {
        buf_color(&p->cs, c, "RG");
        p->stroke = c;
        p->have_stroke = true;
    }
    if (!p->have_width || p->width != width) {
        buf_sp(&p->cs, width);
        buf_puts(&p->cs, "w\n");
        p->width = width;
        p->have_width = true;
    }
    if (dash < 0) dash = 0;
    if (!p->have_dash || p->dash != dash) {
        if (dash) {
            buf_putc(&p->cs, '[');
            buf_sp(&p->cs, dash);
            buf_sp(&p->cs, dash);
            buf_puts(&p->cs, "] 0 d\n");
        } else {
            buf_puts(&p->cs, "[] 0 d\n");
        }
        p->dash = dash;
        p->have_dash = true;
    }
}

static void rect_path(tf_pdf *p, tf_rect r)
{
    buf_sp(&p->cs, r.x);
    buf_sp(&p->cs, r.y);
    buf_sp(&p->cs, r.w);
    buf_sp(&p->cs, r.h);
    buf_puts(&p->cs, "re ");
}

void tf_pdf_fill_rect(tf_pdf *p, tf_rect r, tf_color c)
{
    if (!drawable(p)) return;
    mark_content(p);
    end_text(p);
    set_fill(p, c);
    rect_path(p, r);
    buf_puts(&p->cs, "f\n");
}

void tf_pdf_stroke_rect(tf_pdf *p, tf_rect r, tf_sp line_width, tf_color c)
{
    if (!drawable(p)) return;
    mark_content(p);
    end_text(p);
    set_stroke(p, c, line_width, 0);
    rect_path(p, r);
    buf_puts(&p->cs, "S\n");
}

/* q/Q save and restore colours, line style and the text font: forget what
 * we believe is set, so the next operator sets it again. */
static void forget_state(tf_pdf *p)
{
    p->have_fill = p->have_stroke = p->have_width = p->have_dash = false;
    p->tr_stroke = 0;
    p->cur_font = -1;
    p->cur_size = 0;
}

void tf_pdf_fake_bold(tf_pdf *p, tf_sp stroke)
{
    p->want_stroke = stroke > 0 ? stroke : 0;
}

void tf_pdf_clip_begin(tf_pdf *p, tf_rect r)
{
    if (!drawable(p)) return;
    end_text(p);
    buf_puts(&p->cs, "q ");
    rect_path(p, r);
    buf_puts(&p->cs, "W n\n");
    forget_state(p);
}

void tf_pdf_clip_end(tf_pdf *p)
{
    if (!drawable(p)) return;
    end_text(p);
    buf_puts(&p->cs, "Q\n");
    forget_state(p);
}

static void point(tf_pdf *p, int64_t x, int64_t y, const char *op)
{
    buf_fixed(&p->cs, div_round(x * 1000, TF_SP_PER_PT), 3);
    buf_putc(&p->cs, ' ');
    buf_fixed(&p->cs, div_round(y * 1000, TF_SP_PER_PT), 3);
    buf_putc(&p->cs, ' ');
    if (op) buf_puts(&p->cs, op);
}

void tf_pdf_fill_circle(tf_pdf *p, tf_sp cx, tf_sp cy, tf_sp radius, tf_color c)
{
    if (!drawable(p) || radius <= 0) return;
    mark_content(p);
    end_text(p);
    set_fill(p, c);
    /* Four Bezier quarter arcs; k = 4/3 (sqrt 2 - 1) ~ 0.5523 as a ratio of integers. */
    int64_t r = radius, k = div_round(r * 5523, 10000), x = cx, y = cy;
    point(p, x + r, y, "m\n");
    point(p, x + r, y + k, NULL); point(p, x + k, y + r, NULL); point(p, x, y + r, "c\n");
    point(p, x - k, y + r, NULL); point(p, x - r, y + k, NULL); point(p, x - r, y, "c\n");
    point(p, x - r, y - k, NULL); point(p, x - k, y - r, NULL); point(p, x, y - r, "c\n");
    point(p, x + k, y - r, NULL); point(p, x + r, y - k, NULL); point(p, x + r, y, "c\n");
    buf_puts(&p->cs, "f\n");
}

void tf_pdf_fill_polygon(tf_pdf *p, const tf_sp *xs, const tf_sp *ys, size_t n, tf_color c)
{
    if (!drawable(p) || n < 3) return;
    mark_content(p);
    end_text(p);
    set_fill(p, c);
    for (size_t i = 0; i < n; i++) point(p, xs[i], ys[i], i == 0 ? "m\n" : "l\n");
    buf_puts(&p->cs, "h f\n");
}

void tf_pdf_line(tf_pdf *p, tf_sp x1, tf_sp y1, tf_sp x2, tf_sp y2, tf_sp width, tf_color c,
                 tf_sp dash)
{
    if (!drawable(p)) return;
    mark_content(p);
    end_text(p);
    set_stroke(p, c, width, dash);
    point(p, x1, y1, "m ");
    point(p, x2, y2, "l S\n");
}

/* --- text -------------------------------------------------------------------- */

static void put_hex4(buf *b, uint32_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    char s[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    buf_put(b, s, 4);
}

/* End (exclusive byte offset) of each glyph's cluster text. Clusters run
 * ascending (LTR) or descending (RTL); other orders fall back to a scan. */
static void cluster_ends(const tf_glyph *g, size_t n, size_t text_len, uint32_t *end)
{
    bool up = true, down = true;
    for (size_t i = 1; i < n; i++) {
        if (g[i].cluster < g[i - 1].cluster) up = false;
        if (g[i].cluster > g[i - 1].cluster) down = false;
    }
    uint32_t next = (uint32_t)text_len;
    if (up) {
        for (size_t i = n; i-- > 0;) {
            if (i + 1 < n && g[i + 1].cluster != g[i].cluster) next = g[i + 1].cluster;
            end[i] = next;
        }
    } else if (down) {
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && g[i - 1].cluster != g[i].cluster) next = g[i - 1].cluster;
            end[i] = next;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            uint32_t e = (uint32_t)text_len;
            for (size_t j = 0; j < n; j++)
                if (g[j].cluster > g[i].cluster && g[j].cluster < e) e = g[j].cluster;
            end[i] = e;
        }
    }
}

static bool is_mark_cp(uint32_t cp)
{
    hb_unicode_general_category_t gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

/* Share each cluster's text out over its glyphs, writing each glyph's text
 * into `out` (off/len index it), so every glyph carries text and poppler
 * neither drops nor spaces out the pieces of a cluster:
 *  - one base glyph with zero-advance mark glyphs (Arabic: yeh + fathatan,
 *    lam-alef ligature + fathatan): each mark glyph gets one combining
 *    character, the base everything else ("la" for the ligature);
 *  - otherwise one character per glyph in logical order, the last glyph
 *    taking the rest ("fi" ligature: "fi"; an Indic syllable: a character
 *    per glyph).
 * In a right-to-left run HarfBuzz reverses the whole buffer, so a cluster's
 * glyphs come in reverse logical order there. */
static void share_text(const tf_glyph *g, size_t n, const char *text, size_t text_len,
                       const uint32_t *ends, char *out, uint32_t *off, uint32_t *len)
{
    bool rtl = false;
    for (size_t i = 1; i < n && !rtl; i++) rtl = g[i].cluster < g[i - 1].cluster;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cl = g[i].cluster;
        size_t m = 1;
        while (i + m < n && g[i + m].cluster == cl) m++;
        bool rev = rtl || (m == n && m > 1 && g[i].x_advance == 0 && g[i + m - 1].x_advance != 0);
        uint32_t pos = cl < text_len ? cl : (uint32_t)text_len;
        uint32_t end = ends[i] < text_len ? ends[i] : (uint32_t)text_len;
        if (end < pos) end = pos;
        size_t adv = 0, base = i;
        for (size_t j = i; j < i + m; j++)
            if (g[j].x_advance != 0) { adv++; base = j; }
        if (m > 1 && adv == 1) {
            /* the last marks to the zero-advance glyphs in logical order, the
             * rest to the base (a precomposed base keeps its own marks) */
            size_t next_mark = 0, total = 0;
            size_t base_off = o;
            char marks[64][8];
            size_t mark_len[64] = {0}, n_marks = 0;
            for (uint32_t q = pos; q < end;) {
                uint32_t cp;
                size_t l = utf8_next((const unsigned char *)text + q, end - q, &cp);
                if (!l) break;
                total += is_mark_cp(cp);
                q += (uint32_t)l;
            }
            size_t chars = tf_utf8_count(text + pos, end - pos);
            size_t keep = total > m - 1 ? total - (m - 1) : 0;   /* marks that stay with the base */
            /* A ligature base (lam-alef) takes its marks too, in logical order
             * (lam + fathatan + alef), and so does every base in a
             * right-to-left run: a mark glyph of its own, drawn at its own
             * height, makes poppler split the word or put the mark on the
             * wrong letter; on the base, the word stays whole. */
            bool lig = chars - total > 1 || rtl;
            if (lig) keep = total;   /* all marks stay on the base, in logical order */
            for (uint32_t q = pos; q < end;) {
                uint32_t cp;
                size_t l = utf8_next((const unsigned char *)text + q, end - q, &cp);
                if (!l) break;
                bool mk = is_mark_cp(cp);
                if (mk && keep) { keep--; mk = false; }
                if (mk && n_marks < 64 && l < 8) {
                    memcpy(marks[n_marks], text + q, l);
                    mark_len[n_marks++] = l;
                } else {
                    memcpy(out + o, text + q, l);
                    o += l;
                }
                q += (uint32_t)l;
            }
            if (lig) {
                for (size_t k = 0; k < n_marks; k++) {
                    memcpy(out + o, marks[k], mark_len[k]);
                    o += mark_len[k];
                }
                n_marks = 0;
            }
            off[base] = (uint32_t)base_off;
            len[base] = (uint32_t)(o - base_off);
            for (size_t jj = 0; jj < m; jj++) {
                size_t j = rev ? i + m - 1 - jj : i + jj;
                if (j == base) continue;
                off[j] = (uint32_t)o;
                len[j] = 0;
                if (next_mark < n_marks) {
                    memcpy(out + o, marks[next_mark], mark_len[next_mark]);
                    len[j] = (uint32_t)mark_len[next_mark];
                    o += mark_len[next_mark++];
                }
            }
        } else {
            for (size_t j = 0; j < m; j++) {
                size_t k = rev ? i + m - 1 - j : i + j;
                uint32_t l = end - pos, cp;
                if (j + 1 < m && l) l = (uint32_t)utf8_next((const unsigned char *)text + pos, l, &cp);
                memcpy(out + o, text + pos, l);
                off[k] = (uint32_t)o;
                len[k] = l;
                o += l;
                pos += l;
            }
        }
        i += m;
    }
}

void tf_pdf_glyphs(tf_pdf *p, tf_font *font, tf_sp size, tf_color c, tf_sp x, tf_sp y,
                   const tf_glyph *g, size_t n, const char *text, size_t text_len)
{
    if (!drawable(p) || n == 0 || size <= 0) return;
    int fi;
    pfont *f = font_rec(p, font, &fi);
    if (!f) return;
    if (f->page_serial != p->page_serial) {
        HPDF_Dict fonts = resource_dict(p, &p->res_font, "Font");
        char name[16];
        snprintf(name, sizeof name, "F%d", f->num);
        if (!fonts || !OK(p, HPDF_Dict_Add(fonts, name, f->type0), "page font")) return;
        f->page_serial = p->page_serial;
    }
    if (!text) text_len = 0;

    mark_content(p);
    buf *b = &p->cs;
    if (!p->in_text) {
        buf_puts(b, "BT\n");
        p->in_text = true;
        p->line_x = p->line_y = 0;
        p->cur_font = -1;
    }
    if (p->cur_font != fi || p->cur_size != size) {
        char name[16];
        snprintf(name, sizeof name, "/F%d ", f->num);
        buf_puts(b, name);
        buf_sp(b, size);
        buf_puts(b, "Tf\n");
        p->cur_font = fi;
        p->cur_size = size;
    }
    set_fill(p, c);
    if (p->want_stroke != p->tr_stroke) {    /* synthetic bold: fill and stroke the glyphs */
        if (p->want_stroke) {
            set_stroke(p, c, p->want_stroke, 0);
            buf_puts(b, "2 Tr\n");
        } else {
            buf_puts(b, "0 Tr\n");
        }
        p->tr_stroke = p->want_stroke;
    } else if (p->tr_stroke) {
        set_stroke(p, c, p->tr_stroke, 0);
    }
    /* Td is relative to the previous line origin; carry it in 1/1000 pt so
     * rounding never accumulates. */
    int64_t tx = sp_to_mpt(x), ty = sp_to_mpt(y);
    buf_fixed(b, tx - p->line_x, 3);
    buf_putc(b, ' ');
    buf_fixed(b, ty - p->line_y, 3);
    buf_puts(b, " Td\n");
    p->line_x = tx;
    p->line_y = ty;

    uint32_t stack[3 * 256];
    uint32_t *ends = n <= 256 ? stack : tf_xmalloc(3 * n * sizeof *ends);
    uint32_t *toff = ends + n, *tlen = ends + 2 * n;
    cluster_ends(g, n, text_len, ends);
    char tstack[1024];
    char *tbuf = text_len + 1 <= sizeof tstack ? tstack : tf_xmalloc(text_len + 1);
    share_text(g, n, text, text_len, ends, tbuf, toff, tlen);

    /* Draw each cluster base first: in an RTL run HarfBuzz puts a cluster's
     * marks before its base, and a text extractor (poppler) attaches a
     * combining mark to the character drawn just before it. Positions come
     * from the shaping order (pen_at), so the picture does not change. */
    int64_t pen_stack[256];
    size_t order_stack[256];
    int64_t *pen_at = n <= 256 ? pen_stack : tf_xmalloc(n * sizeof *pen_at);
    size_t *order = n <= 256 ? order_stack : tf_xmalloc(n * sizeof *order);
    bool rtl_run = false;
    for (size_t i = 1; i < n && !rtl_run; i++) rtl_run = g[i].cluster < g[i - 1].cluster;
    for (size_t i = 0, acc = 0; i < n; i++) {
        pen_at[i] = (int64_t)acc;
        acc += (size_t)(int64_t)g[i].x_advance;
    }
    /* A right-to-left run is written in logical order (its clusters from the
     * end of the array): the content stream then reads as the text does,
     * which is what the structure tree and text extraction take. */
    size_t k = 0;
    for (size_t c0 = 0; c0 < n;) {
        size_t i = c0, m = 1;
        if (rtl_run) {                 /* the cluster ending at n-1-c0 */
            size_t e = n - 1 - c0;
            i = e;
            while (i > 0 && g[i - 1].cluster == g[e].cluster) i--;
            m = e - i + 1;
        } else {
            while (i + m < n && g[i + m].cluster == g[i].cluster) m++;
        }
        c0 += m;
        bool rev = rtl_run || (m == n && m > 1 && g[i].x_advance == 0 && g[i + m - 1].x_advance != 0);
        /* advancing glyphs first, then the marks */
        for (int pass = 0; pass < 2; pass++)
            for (size_t j = 0; j < m; j++) {
                size_t gi = rev ? i + m - 1 - j : i + j;
                if ((g[gi].x_advance == 0) == (pass == 1)) order[k++] = gi;
            }
    }

    int64_t at = 0;                    /* PDF position, 1/100000 em */
    tf_sp rise = 0;
    bool in_array = false, in_hex = false;
    size_t in_tj = 0;
    for (size_t oi = 0; oi < n; oi++) {
        size_t i = order[oi];
        int64_t pen = pen_at[i];
        const char *t = text ? tbuf + toff[i] : "";
        size_t tn = tlen[i];
        uint32_t cid = cid_for(f, g[i].gid, t, tn);

        /* a rise under 2% of the em is invisible but makes poppler start a
         * new line for the glyph: drop it */
        tf_sp want_rise = g[i].y_offset;
        if (want_rise < size / 50 && want_rise > -size / 50) want_rise = 0;
        if (want_rise != rise || in_tj >= TJ_MAX_GLYPHS) {
            if (in_hex) { buf_putc(b, '>'); in_hex = false; }
            if (in_array) { buf_puts(b, "] TJ\n"); in_array = false; }
            if (want_rise != rise) {
                rise = want_rise;
                buf_sp(b, rise);
                buf_puts(b, "Ts\n");
            }
            in_tj = 0;
        }
        if (!in_array) { buf_putc(b, '['); in_array = true; }
        int64_t target = div_round((pen + g[i].x_offset) * EM_U, size);
        int64_t delta = target - at;
        if (delta >= ADJ_MIN_U || delta <= -ADJ_MIN_U) {
            if (in_hex) { buf_putc(b, '>'); in_hex = false; }
            buf_fixed(b, -delta, 2);       /* thousandths of em, positive moves left */
            at = target;
        }
        if (!in_hex) { buf_putc(b, '<'); in_hex = true; }
        put_hex4(b, cid);
        at += f->cid_wu[cid];
        in_tj++;
    }
    if (pen_at != pen_stack) free(pen_at);
    if (tbuf != tstack) free(tbuf);
    if (order != order_stack) free(order);
    if (in_hex) buf_putc(b, '>');
    if (in_array) buf_puts(b, "] TJ\n");
    if (rise) buf_puts(b, "0 Ts\n");
    if (ends != stack) free(ends);
}

/* --- links and images ---------------------------------------------------------- */

static HPDF_Rect hrect(tf_rect r)
{
    HPDF_Rect h;
    h.left = (HPDF_REAL)tf_sp_to_pt(r.x);
    h.bottom = (HPDF_REAL)tf_sp_to_pt(r.y);
    h.right = (HPDF_REAL)tf_sp_to_pt(r.x + r.w);
    h.top = (HPDF_REAL)tf_sp_to_pt(r.y + r.h);
    return h;
}

static HPDF_Annotation link_annot(tf_pdf *p, tf_rect r, const char *uri)
{
    /* URIs are 7-bit: percent-encode UTF-8 bytes, spaces and delimiters. */
    buf u = {0};
    for (const unsigned char *s = (const unsigned char *)uri; *s; s++) {
        if (*s <= 0x20 || *s >= 0x7F || strchr("\"<>\\^`{|}", *s)) {
            char e[4];
            snprintf(e, sizeof e, "%%%02X", *s);
            buf_put(&u, e, 3);
        } else {
            buf_putc(&u, (char)*s);
        }
    }
    buf_putc(&u, '\0');
    p->hash2 = fnv(p->hash2, u.d, u.n);
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(p->page, hrect(r), u.d);
    free(u.d);
    if (!PTR(p, a, "link annotation") ||
        !OK(p, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0), "link border"))
        return NULL;
    return a;
}

void tf_pdf_link(tf_pdf *p, tf_rect r, const char *uri)
{
    if (!drawable(p) || !uri) return;
    link_annot(p, r, uri);
}

/* PDF/UA wants a description of every annotation: the Link element's /Alt
 * when it has one, else the URI itself, as /Contents. */
void tf_pdf_link_tagged(tf_pdf *p, tf_rect r, const char *uri, tf_pdf_elem link)
{
    assert(link >= 0 && (size_t)link < p->nelems);
    if (!drawable(p) || !uri) return;
    HPDF_Annotation a = link_annot(p, r, uri);
    if (!a) return;
    pelem *e = &p->elems[link];
    void *c = text_string(p, e->alt ? e->alt : uri);
    if (!PTR(p, c, "link /Contents") || !OK(p, HPDF_Dict_Add(a, "Contents", c), "link /Contents"))
        return;
    int page = (int)p->npages - 1;
    GROW(p->links, p->nlinks, p->linkcap);
    p->links[p->nlinks] = (plink){a, page, link};
    kid_push(e, KID_OBJR, (int)p->nlinks++, 0);
    if (e->pg < 0) e->pg = page;
    p->tagged = true;
}

static bool read_image(const char *path, const tf_loc *where, unsigned char **out, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        tf_diag_error(where, "cannot read image '%s': %s", path, strerror(errno));
        return false;
    }
    buf b = {0};
    for (;;) {
        buf_reserve(&b, 65536);
        size_t got = fread(b.d + b.n, 1, b.cap - b.n, fp);
        b.n += got;
        if (b.n > MAX_IMAGE_BYTES) {
            tf_diag_error(where, "image '%s' is larger than 8 MiB", path);
            goto fail;
        }
        if (got == 0) break;
    }
    if (ferror(fp)) {
        tf_diag_error(where, "cannot read image '%s': %s", path, strerror(errno ? errno : EIO));
        goto fail;
    }
    fclose(fp);
    *out = (unsigned char *)b.d;
    *len = b.n;
    return true;
fail:
    fclose(fp);
    free(b.d);
    return false;
}

/* libharu hands PNGs to libpng without a setjmp: any libpng error aborts
 * the process. So a PNG is checked completely first (chunk CRCs, header,
 * the zlib stream inflating to exactly the expected size, filter bytes) and
 * rebuilt from its critical chunks only (IHDR, PLTE, tRNS, IDAT, IEND). */
static uint32_t crc_table[256];

static uint32_t png_crc(const unsigned char *d, size_t n)
{
    if (!crc_table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            crc_table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = crc_table[(c ^ d[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void png_chunk(buf *b, const char *type, const unsigned char *d, size_t n)
{
    unsigned char h[8] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
                          (unsigned char)(n >> 8), (unsigned char)n};
    memcpy(h + 4, type, 4);
    buf_put(b, h, 8);
    buf_put(b, d, n);
    size_t at = b->n - n - 4;
    uint32_t c = png_crc((const unsigned char *)b->d + at, n + 4);
    unsigned char cb[4] = {(unsigned char)(c >> 24), (unsigned char)(c >> 16),
                           (unsigned char)(c >> 8), (unsigned char)c};
    buf_put(b, cb, 4);
}

static void *ft_alloc(FT_Memory m, long size) { (void)m; return malloc((size_t)size); }
static void ft_free(FT_Memory m, void *block) { (void)m; free(block); }
static void *ft_realloc(FT_Memory m, long cur, long size, void *block)
{
    (void)m; (void)cur;
    return realloc(block, (size_t)size);
}

/* Returns NULL with a message for `where`, else the rebuilt PNG in *out. */
static const char *png_clean(const unsigned char *d, size_t len, buf *out)
{
    static const uint32_t channels[7] = {1, 0, 3, 1, 2, 0, 4};
    const unsigned char *ihdr = NULL, *plte = NULL, *trns = NULL;
    size_t plte_n = 0, trns_n = 0;
    buf idat = {0};
    const char *why = NULL;
    bool ended = false, idat_done = false;
    for (size_t at = 8; at < len && !ended;) {
        if (len - at < 12) { why = "truncated file"; goto done; }
        uint32_t n = rd32(d + at);
        const unsigned char *type = d + at + 4, *body = d + at + 8;
        if (n > len - at - 12) { why = "truncated file"; goto done; }
        if (png_crc(type, n + 4) != rd32(body + n)) { why = "corrupt data (chunk CRC mismatch)"; goto done; }
        at += 12 + (size_t)n;
        if (!ihdr && memcmp(type, "IHDR", 4) != 0) { why = "IHDR is not the first chunk"; goto done; }
        if (memcmp(type, "IHDR", 4) == 0) {
            if (ihdr || n != 13) { why = "bad IHDR chunk"; goto done; }
            ihdr = body;
        } else if (memcmp(type, "PLTE", 4) == 0) {
            if (plte || n == 0 || n % 3 || n > 768 || idat.n) { why = "bad palette"; goto done; }
            plte = body;
            plte_n = n;
        } else if (memcmp(type, "tRNS", 4) == 0) {
            trns = body;
            trns_n = n;
        } else if (memcmp(type, "IDAT", 4) == 0) {
            if (idat_done) { why = "IDAT chunks are not consecutive"; goto done; }
            buf_put(&idat, body, n);
        } else if (memcmp(type, "IEND", 4) == 0) {
            ended = true;
        } else if (!(type[0] & 0x20)) {
            why = "unsupported critical chunk";
            goto done;
        }
        if (idat.n && memcmp(type, "IDAT", 4) != 0) idat_done = true;
    }
    if (!ended) { why = "truncated file (no IEND)"; goto done; }
    if (!idat.n) { why = "no image data"; goto done; }
    uint32_t w = rd32(ihdr), h = rd32(ihdr + 4);
    unsigned depth = ihdr[8], ct = ihdr[9], interlace = ihdr[12];
    bool depth_ok = ct <= 6 && channels[ct] &&
                    (depth == 8 || (depth < 8 && (ct == 0 || ct == 3) &&
                                    (depth == 1 || depth == 2 || depth == 4)) ||
                     (depth == 16 && ct != 3));
    if (!w || !h || w > 0x7FFFFFFFu || h > 0x7FFFFFFFu || !depth_ok || ihdr[10] || ihdr[11] ||
        interlace > 1) {
        why = "bad IHDR chunk";
        goto done;
    }
    if (depth == 16) { why = "16-bit PNG is not supported (save it with 8 bits per channel)"; goto done; }
    if ((uint64_t)w * h > MAX_IMAGE_PIXELS) { why = "more than 25 megapixels"; goto done; }
    if (ct == 3 && !plte) { why = "palette image without a palette"; goto done; }
    if (trns && !((ct == 0 && trns_n == 2) || (ct == 2 && trns_n == 6) ||
                  (ct == 3 && trns_n <= plte_n / 3)))
        trns = NULL;   /* libpng would ignore it with a warning */

    /* Expected inflated size: rows of each (Adam7) pass, one filter byte each. */
    static const int pass[7][4] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                                   {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
    uint64_t bpp = channels[ct] * depth, total = 0;
    uint64_t pw[7], ph[7];
    int npass = interlace ? 7 : 1;
    for (int i = 0; i < npass; i++) {
        uint64_t x0 = interlace ? pass[i][0] : 0, y0 = interlace ? pass[i][1] : 0;
        uint64_t dx = interlace ? pass[i][2] : 1, dy = interlace ? pass[i][3] : 1;
        pw[i] = w > x0 ? (w - x0 + dx - 1) / dx : 0;
        ph[i] = h > y0 ? (h - y0 + dy - 1) / dy : 0;
        if (pw[i] && ph[i]) total += ph[i] * (1 + (pw[i] * bpp + 7) / 8);
    }
    unsigned char *raw = malloc(total ? total : 1);
    if (!raw) { why = "image too large"; goto done; }
    struct FT_MemoryRec_ mem = {NULL, ft_alloc, ft_free, ft_realloc};
    FT_ULong got = (FT_ULong)total;
    FT_Error fe = FT_Gzip_Uncompress(&mem, raw, &got, (const FT_Byte *)idat.d, idat.n);
    if (fe || got != total) {
        why = "corrupt image data";
    } else {
        uint64_t at = 0;
        for (int i = 0; i < npass && !why; i++) {
            if (!pw[i] || !ph[i]) continue;
            uint64_t row = 1 + (pw[i] * bpp + 7) / 8;
            for (uint64_t y = 0; y < ph[i]; y++, at += row)
                if (raw[at] > 4) { why = "corrupt image data (bad row filter)"; break; }
        }
    }
    free(raw);
    if (why) goto done;

    buf_put(out, d, 8);
    png_chunk(out, "IHDR", ihdr, 13);
    if (plte && (ct == 3 || ct == 2 || ct == 6)) png_chunk(out, "PLTE", plte, plte_n);
    if (trns) png_chunk(out, "tRNS", trns, trns_n);
    png_chunk(out, "IDAT", (const unsigned char *)idat.d, idat.n);
    png_chunk(out, "IEND", NULL, 0);
done:
    free(idat.d);
    return why;
}

static pimage *load_image(tf_pdf *p, const char *path, const tf_loc *where)
{
    for (size_t i = 0; i < p->nimages; i++)
        if (strcmp(p->images[i].path, path) == 0) return &p->images[i];
    unsigned char *data;
    size_t len;
    if (!read_image(path, where, &data, &len)) return NULL;

    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    bool png = len >= 33 && memcmp(data, png_sig, 8) == 0;
    bool jpeg = len >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
    if (!png && !jpeg) {
        tf_diag_error(where, "image '%s' is neither PNG nor JPEG", path);
        free(data);
        return NULL;
    }
    HPDF_Image img;
    if (png) {
        buf clean = {0};
        const char *why = png_clean(data, len, &clean);
        if (why) {
            tf_diag_error(where, "image '%s': %s", path, why);
            free(data);
            return NULL;
        }
        img = HPDF_LoadPngImageFromMem(p->doc, (const HPDF_BYTE *)clean.d, (HPDF_UINT)clean.n);
        free(clean.d);
    } else {
        img = HPDF_LoadJpegImageFromMem(p->doc, data, (HPDF_UINT)len);
    }
    size_t wn = strlen(path) + 32;
    char *what = tf_xmalloc(wn);
    snprintf(what, wn, "cannot load image '%s'", path);
    bool ok = check(p, img ? HPDF_OK : HPDF_INVALID_OBJECT, where, what);
    if (ok) {
        p->hash2 = fnv(p->hash2, data, len);
        /* An alpha channel becomes an SMask, which needs PDF 1.4. */
        HPDF_Dict smask = HPDF_Dict_GetItem(img, "SMask", HPDF_OCLASS_DICT);
        if (smask && p->doc->pdf_version < HPDF_VER_14) p->doc->pdf_version = HPDF_VER_14;
        ok = check(p, HPDF_OK, where, what);
    }
    free(what);
    free(data);
    if (!ok) return NULL;
    p->images = tf_xrealloc(p->images, (p->nimages + 1) * sizeof *p->images);
    pimage *im = &p->images[p->nimages];
    im->path = tf_xstrdup(path);
    im->img = img;
    im->num = (int)++p->nimages;
    im->page_serial = 0;
    im->w = HPDF_Image_GetWidth(img);
    im->h = HPDF_Image_GetHeight(img);
    return im;
}

bool tf_pdf_image(tf_pdf *p, const char *path, const tf_loc *where, tf_rect r)
{
    if (!drawable(p)) return false;
    pimage *im = load_image(p, path, where);
    if (!im || !im->w || !im->h) return false;
    char name[16];
    snprintf(name, sizeof name, "Im%d", im->num);
    if (im->page_serial != p->page_serial) {
        HPDF_Dict xo = resource_dict(p, &p->res_xobject, "XObject");
        if (!xo || !OK(p, HPDF_Dict_Add(xo, name, im->img), "page image")) return false;
        im->page_serial = p->page_serial;
    }
    /* Fit into r keeping the aspect ratio, centred. */
    int64_t w = r.w, h = div_round((int64_t)r.w * im->h, im->w);
    if (h > r.h) {
        h = r.h;
        w = div_round((int64_t)r.h * im->w, im->h);
    }
    int64_t x = r.x + (r.w - w) / 2, y = r.y + (r.h - h) / 2;
    mark_content(p);
    end_text(p);
    buf *b = &p->cs;
    buf_puts(b, "q ");
    buf_sp(b, (tf_sp)w);
    buf_puts(b, "0 0 ");
    buf_sp(b, (tf_sp)h);
    buf_sp(b, (tf_sp)x);
    buf_sp(b, (tf_sp)y);
    buf_puts(b, "cm /");
    buf_puts(b, name);
    buf_puts(b, " Do Q\n");
    return true;
}

/* --- tagging API ------------------------------------------------------------------- */

static bool role_ok(const char *role)
{
    size_t n = 0;
    for (; role[n]; n++)
        if (!((role[n] >= 'A' && role[n] <= 'Z') || (role[n] >= 'a' && role[n] <= 'z') ||
              (role[n] >= '0' && role[n] <= '9')))
            return false;
    return n > 0 && n < sizeof ((pelem *)0)->role;
}

tf_pdf_elem tf_pdf_struct(tf_pdf *p, tf_pdf_elem parent, const char *role, const char *alt,
                          const char *lang)
{
    assert(parent >= 0 && (size_t)parent < p->nelems);
    assert(role && role_ok(role));
    GROW(p->elems, p->nelems, p->elemcap);
    int n = (int)p->nelems++;
    pelem *e = &p->elems[n];
    memset(e, 0, sizeof *e);
    strcpy(e->role, role);
    e->parent = parent;
    e->pg = -1;
    if (alt && *alt) e->alt = tf_xstrdup(alt);
    if (lang && *lang && !(p->lang && strcmp(lang, p->lang) == 0)) e->lang = tf_xstrdup(lang);
    kid_push(&p->elems[parent], KID_ELEM, n, 0);
    p->tagged = true;
    p->hash1 = fnv(p->hash1, role, strlen(role) + 1);
    if (alt) p->hash1 = fnv(p->hash1, alt, strlen(alt));
    return n;
}

void tf_pdf_mark_begin(tf_pdf *p, tf_pdf_elem elem)
{
    assert(elem == TF_PDF_ARTIFACT || (elem >= 0 && (size_t)elem < p->nelems));
    assert(p->depth < MARK_DEPTH);
    p->stack[p->depth++] = elem;
}

void tf_pdf_mark_end(tf_pdf *p)
{
    assert(p->depth > 0);
    p->depth--;
}

void tf_pdf_bookmark(tf_pdf *p, const char *title, int level, int page, tf_sp y)
{
    assert(title && level >= 0 && page >= 0);
    GROW(p->marks, p->nmarks, p->markcap);
    p->marks[p->nmarks++] = (pmark){tf_xstrdup(title), level, page, y};
    p->hash1 = fnv(p->hash1, title, strlen(title) + 1);
}

void tf_pdf_page_label(tf_pdf *p, int page, const char *label)
{
    assert(label && page >= 0);
    GROW(p->labels, p->nlabels, p->labelcap);
    p->labels[p->nlabels++] = (plabel){page, tf_xstrdup(label)};
    p->hash1 = fnv(p->hash1, label, strlen(label) + 1);
}

void tf_pdf_claim_ua(tf_pdf *p) { p->claim_ua = true; }

/* --- embedding fonts at save ----------------------------------------------------- */

static HPDF_Dict new_indirect(tf_pdf *p, const char *what)
{
    HPDF_Dict d = HPDF_Dict_New(p->doc->mmgr);
    if (!PTR(p, d, what) || !OK(p, HPDF_Xref_Add(p->doc->xref, d), what)) return NULL;
    return d;
}

static HPDF_Dict new_stream(tf_pdf *p, const void *data, size_t n, const char *what)
{
    HPDF_Dict d = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
    if (!PTR(p, d, what)) return NULL;
    d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (n && !OK(p, HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data, (HPDF_UINT)n), what))
        return NULL;
    return d;
}

/* --- process-wide caches -------------------------------------------------------
 *
 * A batch renders many editions with the same fonts, and editions of one
 * language nearly always draw the same glyphs in the same order, so
 * subsetting and deflating the font streams would redo the same work for
 * every edition. Two caches keep the results:
 *   - subsets, keyed by the font's content (its length and table directory,
 *     which holds every table's checksum) and the exact sorted glyph set:
 *     the new glyph id of each glyph, then the subset font bytes;
 *   - deflated streams (FontFile2, CIDToGIDMap, ToUnicode), keyed by their
 *     exact bytes. These are deflated by libharu's own deflate (into a memory
 *     stream) and written as they are, with the /Filter entry libharu would
 *     have written: the bytes are those of an uncached save, so an edition
 *     comes out the same whether built alone or inside a batch.
 * Each cache holds at most CACHE_MAX entries and CACHE_BYTES bytes (least
 * recently used evicted) and is freed at exit. Not thread-safe: a process
 * saves one PDF at a time (batches fork workers). */
#define CACHE_MAX 64
#define CACHE_BYTES (32u * 1024u * 1024u)

typedef struct centry {
    uint64_t h, used;
    unsigned char *key, *val;
    size_t klen, vlen;
} centry;

typedef struct ccache {
    centry e[CACHE_MAX];
    size_t n, bytes;
    uint64_t clock;
} ccache;

static ccache subsets, deflated;
static bool cache_atexit;

static void cache_clear(ccache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->e[i].key);
        free(c->e[i].val);
    }
    memset(c, 0, sizeof *c);
}

static void caches_free(void)
{
    cache_clear(&subsets);
    cache_clear(&deflated);
}

static const centry *cache_get(ccache *c, const void *key, size_t klen, uint64_t h)
{
    for (size_t i = 0; i < c->n; i++) {
        centry *e = &c->e[i];
        if (e->h == h && e->klen == klen && memcmp(e->key, key, klen) == 0) {
            e->used = ++c->clock;
            return e;
        }
    }
    return NULL;
}

/* Store copies of key and val (val of len vlen from val1 then val2). Returns
 * the entry, valid until the next cache_put to the same cache. */
static const centry *cache_put(ccache *c, const void *key, size_t klen, uint64_t h,
                               const void *val1, size_t vlen1, const void *val2, size_t vlen2)
{
    size_t size = klen + vlen1 + vlen2;
    if (!cache_atexit) {
        atexit(caches_free);
        cache_atexit = true;
    }
    while (c->n && (c->n == CACHE_MAX || c->bytes + size > CACHE_BYTES)) {
        size_t old = 0;
        for (size_t i = 1; i < c->n; i++)
            if (c->e[i].used < c->e[old].used) old = i;
        c->bytes -= c->e[old].klen + c->e[old].vlen;
        free(c->e[old].key);
        free(c->e[old].val);
        c->e[old] = c->e[--c->n];
    }
    centry *e = &c->e[c->n++];
    e->h = h;
    e->used = ++c->clock;
    e->klen = klen;
    e->vlen = vlen1 + vlen2;
    e->key = tf_xmalloc(klen ? klen : 1);
    e->val = tf_xmalloc(e->vlen ? e->vlen : 1);
    if (klen) memcpy(e->key, key, klen);
    if (vlen1) memcpy(e->val, val1, vlen1);
    if (vlen2) memcpy(e->val + vlen1, val2, vlen2);
    c->bytes += size;
    return e;
}

/* Deflate with libharu (the same zlib settings as its stream writer). */
static bool hpdf_deflate(tf_pdf *p, const void *data, size_t n, buf *out)
{
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Stream src = HPDF_MemStream_New(mm, 4096);
    HPDF_Stream dst = HPDF_MemStream_New(mm, 4096);
    bool ok = PTR(p, src, "deflate") && PTR(p, dst, "deflate") &&
              (!n || OK(p, HPDF_Stream_Write(src, (const HPDF_BYTE *)data, (HPDF_UINT)n), "deflate")) &&
              OK(p, HPDF_Stream_WriteToStream(src, dst, HPDF_STREAM_FILTER_FLATE_DECODE, NULL),
                 "deflate");
    if (ok) {
        size_t left = dst->size;
        HPDF_UINT count = HPDF_MemStream_GetBufCount(dst);
        for (HPDF_UINT i = 0; i < count && left; i++) {
            HPDF_UINT len = 0;
            HPDF_BYTE *chunk = HPDF_MemStream_GetBufPtr(dst, i, &len);
            if (!PTR(p, chunk, "deflate")) { ok = false; break; }
            size_t take = len < left ? len : left;
            buf_put(out, chunk, take);
            left -= take;
        }
        ok = ok && !left;
    }
    if (src) HPDF_Stream_Free(src);
    if (dst) HPDF_Stream_Free(dst);
    return ok;
}

static HPDF_STATUS write_flate_filter(HPDF_Dict d, HPDF_Stream s)
{
    (void)d;
    return HPDF_Stream_WriteStr(s, "/Filter [ /FlateDecode ]\012");
}

/* A FlateDecode stream whose deflated bytes come from the cache when these
 * exact bytes were deflated before. */
static HPDF_Dict new_stream_cached(tf_pdf *p, const void *data, size_t n, const char *what)
{
    uint64_t h = fnv(FNV_INIT, data, n);
    const centry *e = cache_get(&deflated, data, n, h);
    if (!e) {
        buf z = {0};
        if (!hpdf_deflate(p, data, n, &z)) {
            free(z.d);
            return NULL;
        }
        e = cache_put(&deflated, data, n, h, z.d, z.n, NULL, 0);
        free(z.d);
    }
    HPDF_Dict d = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
    if (!PTR(p, d, what)) return NULL;
    /* no filter for libharu (the bytes are deflated already); the entry
     * goes where libharu puts its own, last */
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = write_flate_filter;
    if (e->vlen && !OK(p, HPDF_Stream_Write(d->stream, e->val, (HPDF_UINT)e->vlen), what))
        return NULL;
    return d;
}

static bool add_num(tf_pdf *p, HPDF_Dict d, const char *key, int v)
{
    return OK(p, HPDF_Dict_AddNumber(d, key, v), key);
}

static int scale1000(const pfont *f, int v) { return (int)div_round((int64_t)v * 1000, f->upem); }

/* ToUnicode CMap: one bfchar per CID that carries text. */
static bool write_tounicode(tf_pdf *p, pfont *f, HPDF_Dict type0)
{
    buf b = {0};
    buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    uint32_t c = 1;
    while (c < f->ncid) {
        uint32_t start = c, count = 0;
        for (uint32_t k = c; k < f->ncid && count < 100; k++) count += f->cid_tlen[k] > 0;
        if (!count) break;
        char hdr[32];
        snprintf(hdr, sizeof hdr, "%u beginbfchar\n", (unsigned)count);
        buf_puts(&b, hdr);
        for (uint32_t done = 0; c < f->ncid && done < count; c++) {
            if (!f->cid_tlen[c]) continue;
            unsigned char u[512];
            size_t un = utf16be(f->pool.d + f->cid_toff[c], f->cid_tlen[c], u, sizeof u);
            buf_putc(&b, '<');
            put_hex4(&b, c);
            buf_puts(&b, "> <");
            for (size_t k = 0; k + 1 < un; k += 2) put_hex4(&b, (uint32_t)u[k] << 8 | u[k + 1]);
            buf_puts(&b, ">\n");
            done++;
        }
        buf_puts(&b, "endbfchar\n");
        (void)start;
    }
    buf_puts(&b, "endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n");
    HPDF_Dict s = new_stream_cached(p, b.d, b.n, "ToUnicode");
    free(b.d);
    return s && OK(p, HPDF_Dict_Add(type0, "ToUnicode", s), "ToUnicode");
}

/* A PDF name from the PostScript name: keep [A-Za-z0-9-_.], cap the length. */
static void base_name(const pfont *f, uint64_t tag_hash, char *out, size_t cap)
{
    size_t o = 0;
    for (int i = 0; i < 6; i++) {
        out[o++] = (char)('A' + tag_hash % 26);
        tag_hash /= 26;
    }
    out[o++] = '+';
    for (const char *s = tf_font_postscript_name(f->font); *s && o + 1 < cap && o < 70; s++)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
            *s == '-' || *s == '_' || *s == '.')
            out[o++] = *s;
    out[o] = '\0';
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The font's identity for the subset cache: its length and table directory
 * (which carries a checksum of every table). */
static uint64_t font_fingerprint(const tf_font *font)
{
    size_t len;
    const unsigned char *d = tf_font_data(font, &len);
    size_t dir = len >= 12 ? 12 + 16 * (size_t)(d[4] << 8 | d[5]) : len;
    if (dir > len) dir = len;
    uint64_t h = fnv(FNV_INIT, &len, sizeof len);
    return fnv(h, d, dir);
}

/* Subset to the glyphs gids[0..n) (sorted, unique): the subset font in
 * *font and the new id of each glyph in newg. */
static bool subset(const pfont *f, const uint32_t *gids, size_t n, uint32_t *newg, buf *font)
{
    size_t len;
    const unsigned char *data = tf_font_data(f->font, &len);
    hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY,
                                     NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    bool ok = false;
    if (in) {
        hb_set_t *set = hb_subset_input_glyph_set(in);
        for (size_t i = 0; i < n; i++) hb_set_add(set, gids[i]);
        hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
        static const char *const tables[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH",
                                             "kern", "morx", "DSIG", "STAT", "meta", "vhea",
                                             "vmtx", "VORG", "hdmx", "LTSH", "VDMX", "gasp"};
        for (size_t i = 0; i < TF_ARRAY_LEN(tables); i++)
            hb_set_add(drop, hb_tag_from_string(tables[i], 4));
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
        hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
        hb_face_t *out = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
        if (out) {
            const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
            for (size_t i = 0; i < n; i++) {
                hb_codepoint_t ng = hb_map_get(map, gids[i]);
                newg[i] = ng == HB_MAP_VALUE_INVALID ? 0 : ng;
            }
            hb_blob_t *fb = hb_face_reference_blob(out);
            unsigned flen;
            const char *fdata = hb_blob_get_data(fb, &flen);
            buf_put(font, fdata, flen);
            hb_blob_destroy(fb);
            hb_face_destroy(out);
            ok = true;
        }
        if (plan) hb_subset_plan_destroy(plan);
        hb_subset_input_destroy(in);
    }
    hb_face_destroy(face);
    return ok;
}

/* The subset for the glyphs the font drew, from the cache or made now:
 * the entry's key is (fingerprint, gids[0..n)), its value newg[0..n) then
 * the font bytes. */
static const centry *subset_cached(const pfont *f, const uint32_t *gids, size_t n)
{
    size_t klen = sizeof(uint64_t) + n * sizeof *gids;
    unsigned char *key = tf_xmalloc(klen);
    uint64_t fp = font_fingerprint(f->font);
    memcpy(key, &fp, sizeof fp);
    memcpy(key + sizeof fp, gids, n * sizeof *gids);
    uint64_t h = fnv(FNV_INIT, key, klen);
    const centry *e = cache_get(&subsets, key, klen, h);
    if (!e) {
        uint32_t *newg = tf_xmalloc((n ? n : 1) * sizeof *newg);
        buf font = {0};
        if (subset(f, gids, n, newg, &font))
            e = cache_put(&subsets, key, klen, h, newg, n * sizeof *newg, font.d, font.n);
        free(newg);
        free(font.d);
    }
    free(key);
    return e;
}

static bool embed_font(tf_pdf *p, pfont *f)
{
    /* the glyph set, sorted and unique */
    uint32_t *gids = tf_xmalloc(f->ncid * sizeof *gids);
    memcpy(gids, f->cid_gid, f->ncid * sizeof *gids);
    qsort(gids, f->ncid, sizeof *gids, cmp_u32);
    size_t ng = 0;
    for (uint32_t c = 0; c < f->ncid; c++)
        if (!ng || gids[ng - 1] != gids[c]) gids[ng++] = gids[c];
    const centry *sub = subset_cached(f, gids, ng);
    if (!sub) {
        free(gids);
        tf_diag_error(NULL, "PDF writer: cannot subset font '%s'", tf_font_path(f->font));
        p->failed = true;
        return false;
    }
    /* copied out: the entry may be evicted by the next subset */
    const uint32_t *newg = (const uint32_t *)sub->val;
    size_t flen = sub->vlen - ng * sizeof *newg;
    unsigned char *fdata = tf_xmalloc(flen ? flen : 1);
    memcpy(fdata, sub->val + ng * sizeof *newg, flen);

    /* CIDToGIDMap: 2 bytes per CID. */
    unsigned char *c2g = tf_xmalloc(2 * (size_t)f->ncid);
    for (uint32_t c = 0; c < f->ncid; c++) {
        const uint32_t *at = bsearch(&f->cid_gid[c], gids, ng, sizeof *gids, cmp_u32);
        uint32_t g = at ? newg[at - gids] : 0;
        c2g[2 * c] = (unsigned char)(g >> 8);
        c2g[2 * c + 1] = (unsigned char)g;
    }
    free(gids);
    uint64_t tag = fnv(FNV_INIT, tf_font_postscript_name(f->font),
                       strlen(tf_font_postscript_name(f->font)));
    tag = fnv(tag, c2g, 2 * (size_t)f->ncid);
    tag = fnv(tag, f->cid_gid, f->ncid * sizeof *f->cid_gid);
    p->hash2 = fnv(p->hash2, fdata, flen);
    char name[96];
    base_name(f, tag, name, sizeof name);

    bool ok = false;
    HPDF_Dict cidfont = NULL, desc = NULL, file = NULL, cmap = NULL, sysinfo = NULL;
    HPDF_Array descendants = NULL, w = NULL, bbox = NULL;
    int bb[4], asc, dsc, cap, angle, flags;
    tf_font_descriptor(f->font, bb, &asc, &dsc, &cap, &angle, &flags);
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Dict t0 = f->type0;

    if (!(file = new_stream_cached(p, fdata, flen, "FontFile2")) ||
        !add_num(p, file, "Length1", (int)flen))
        goto done;
    if (!(cmap = new_stream_cached(p, c2g, 2 * (size_t)f->ncid, "CIDToGIDMap"))) goto done;
    if (!(desc = new_indirect(p, "FontDescriptor"))) goto done;
    if (!(bbox = HPDF_Array_New(mm)) || !PTR(p, bbox, "FontBBox")) goto done;
    for (int i = 0; i < 4; i++)
        if (!OK(p, HPDF_Array_AddNumber(bbox, scale1000(f, bb[i])), "FontBBox")) goto done;
    if (!OK(p, HPDF_Dict_AddName(desc, "Type", "FontDescriptor"), "FontDescriptor") ||
        !OK(p, HPDF_Dict_AddName(desc, "FontName", name), "FontDescriptor") ||
        !add_num(p, desc, "Flags", flags) ||
        !OK(p, HPDF_Dict_Add(desc, "FontBBox", bbox), "FontBBox") ||
        !add_num(p, desc, "ItalicAngle", angle) ||
        !add_num(p, desc, "Ascent", scale1000(f, asc)) ||
        !add_num(p, desc, "Descent", scale1000(f, dsc)) ||
        !add_num(p, desc, "CapHeight", scale1000(f, cap)) ||
        !add_num(p, desc, "StemV", 80) ||
        !OK(p, HPDF_Dict_Add(desc, "FontFile2", file), "FontFile2"))
        goto done;

    /* W: [0 [w0 w1 ... wn]], all CIDs are consecutive. */
    if (!(w = HPDF_Array_New(mm)) || !PTR(p, w, "W")) goto done;
    HPDF_Array ws = HPDF_Array_New(mm);
    if (!PTR(p, ws, "W") || !OK(p, HPDF_Array_AddNumber(w, 0), "W") ||
        !OK(p, HPDF_Array_Add(w, ws), "W"))
        goto done;
    for (uint32_t c = 0; c < f->ncid; c++) {
        int32_t wu = f->cid_wu[c];
        HPDF_STATUS st = wu % 100 == 0 ? HPDF_Array_AddNumber(ws, wu / 100)
                                       : HPDF_Array_AddReal(ws, (HPDF_REAL)wu / 100.0f);
        if (!OK(p, st, "W")) goto done;
    }

    if (!(cidfont = new_indirect(p, "CIDFont"))) goto done;
    if (!(sysinfo = HPDF_Dict_New(mm)) || !PTR(p, sysinfo, "CIDSystemInfo")) goto done;
    if (!OK(p, HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", NULL)), "CIDSystemInfo") ||
        !OK(p, HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mm, "Identity", NULL)), "CIDSystemInfo") ||
        !add_num(p, sysinfo, "Supplement", 0))
        goto done;
    if (!OK(p, HPDF_Dict_AddName(cidfont, "Type", "Font"), "CIDFont") ||
        !OK(p, HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2"), "CIDFont") ||
        !OK(p, HPDF_Dict_AddName(cidfont, "BaseFont", name), "CIDFont") ||
        !OK(p, HPDF_Dict_Add(cidfont, "CIDSystemInfo", sysinfo), "CIDFont") ||
        !OK(p, HPDF_Dict_Add(cidfont, "FontDescriptor", desc), "CIDFont") ||
        !OK(p, HPDF_Dict_Add(cidfont, "W", w), "CIDFont") ||
        !OK(p, HPDF_Dict_Add(cidfont, "CIDToGIDMap", cmap), "CIDFont"))
        goto done;

    if (!(descendants = HPDF_Array_New(mm)) || !PTR(p, descendants, "DescendantFonts")) goto done;
    if (!OK(p, HPDF_Array_Add(descendants, cidfont), "DescendantFonts") ||
        !OK(p, HPDF_Dict_AddName(t0, "Type", "Font"), "Type0 font") ||
        !OK(p, HPDF_Dict_AddName(t0, "Subtype", "Type0"), "Type0 font") ||
        !OK(p, HPDF_Dict_AddName(t0, "BaseFont", name), "Type0 font") ||
        !OK(p, HPDF_Dict_AddName(t0, "Encoding", "Identity-H"), "Type0 font") ||
        !OK(p, HPDF_Dict_Add(t0, "DescendantFonts", descendants), "Type0 font"))
        goto done;
    ok = write_tounicode(p, f, t0);
done:
    free(c2g);
    free(fdata);
    return ok;
}

/* --- structure, metadata, outlines and labels at save ------------------------------ */

/* Add obj (checked for NULL) under key / to an array. */
static bool put(tf_pdf *p, HPDF_Dict d, const char *key, void *obj)
{
    return PTR(p, obj, key) && OK(p, HPDF_Dict_Add(d, key, obj), key);
}

static bool aput(tf_pdf *p, HPDF_Array a, void *obj, const char *what)
{
    return PTR(p, obj, what) && OK(p, HPDF_Array_Add(a, obj), what);
}

static bool put_name(tf_pdf *p, HPDF_Dict d, const char *key, const char *name)
{
    return OK(p, HPDF_Dict_AddName(d, key, name), key);
}

/* One kid of element e in its /K array. */
static bool write_kid(tf_pdf *p, const pelem *e, HPDF_Array k, pkid kid)
{
    HPDF_MMgr mm = p->doc->mmgr;
    if (kid.kind == KID_ELEM) return aput(p, k, p->elems[kid.a].dict, "/K");
    if (kid.kind == KID_MCR && kid.a == e->pg)
        return OK(p, HPDF_Array_AddNumber(k, kid.b), "/K");
    HPDF_Dict d = HPDF_Dict_New(mm);
    if (!aput(p, k, d, "/K")) return false;
    if (kid.kind == KID_MCR)
        return put_name(p, d, "Type", "MCR") && put(p, d, "Pg", p->pages[kid.a].page) &&
               add_num(p, d, "MCID", kid.b);
    const plink *l = &p->links[kid.a];
    return put_name(p, d, "Type", "OBJR") && put(p, d, "Obj", l->annot) &&
           put(p, d, "Pg", p->pages[l->page].page);
}

static bool write_elem(tf_pdf *p, const pelem *e, HPDF_Dict tree_root)
{
    HPDF_Dict d = e->dict;
    if (!put_name(p, d, "Type", "StructElem") || !put_name(p, d, "S", e->role) ||
        !put(p, d, "P", e->parent < 0 ? tree_root : p->elems[e->parent].dict))
        return false;
    if (e->pg >= 0 && !put(p, d, "Pg", p->pages[e->pg].page)) return false;
    if (e->alt && !put(p, d, "Alt", text_string(p, e->alt))) return false;
    if (e->lang && !put(p, d, "Lang", HPDF_String_New(p->doc->mmgr, e->lang, NULL))) return false;
    if (!e->nkids) return true;
    HPDF_Array k = HPDF_Array_New(p->doc->mmgr);
    if (!put(p, d, "K", k)) return false;
    for (size_t i = 0; i < e->nkids; i++)
        if (!write_kid(p, e, k, e->kids[i])) return false;
    return true;
}

/* StructTreeRoot, its elements and the ParentTree: page i has key i (an
 * array: the element of each MCID), tagged link j key npages + j. */
static bool write_structure(tf_pdf *p)
{
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Dict root = new_indirect(p, "StructTreeRoot");
    HPDF_Dict tree = new_indirect(p, "ParentTree");
    if (!root || !tree) return false;
    for (size_t i = 0; i < p->nelems; i++)
        if (!(p->elems[i].dict = new_indirect(p, "structure element"))) return false;
    for (size_t i = 0; i < p->nelems; i++)
        if (!write_elem(p, &p->elems[i], root)) return false;

    HPDF_Array nums = HPDF_Array_New(mm);
    if (!put(p, tree, "Nums", nums)) return false;
    for (size_t i = 0; i < p->npages; i++) {
        ppage *pg = &p->pages[i];
        HPDF_Array owners = HPDF_Array_New(mm);
        if (!OK(p, HPDF_Array_AddNumber(nums, (HPDF_INT32)i), "ParentTree") ||
            !aput(p, nums, owners, "ParentTree"))
            return false;
        for (size_t m = 0; m < pg->nmcid; m++)
            if (!aput(p, owners, p->elems[pg->owner[m]].dict, "ParentTree")) return false;
        if (!add_num(p, pg->page, "StructParents", (int)i) || !put_name(p, pg->page, "Tabs", "S"))
            return false;
    }
    for (size_t j = 0; j < p->nlinks; j++) {
        int key = (int)(p->npages + j);
        if (!OK(p, HPDF_Array_AddNumber(nums, key), "ParentTree") ||
            !aput(p, nums, p->elems[p->links[j].elem].dict, "ParentTree") ||
            !add_num(p, p->links[j].annot, "StructParent", key))
            return false;
    }
    HPDF_Dict mark = HPDF_Dict_New(mm);
    return put_name(p, root, "Type", "StructTreeRoot") && put(p, root, "K", p->elems[0].dict) &&
           put(p, root, "ParentTree", tree) &&
           add_num(p, root, "ParentTreeNextKey", (int)(p->npages + p->nlinks)) &&
           put(p, p->doc->catalog, "StructTreeRoot", root) && put(p, p->doc->catalog, "MarkInfo", mark) &&
           OK(p, HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE), "MarkInfo");
}

/* UTF-8 as XML character data: markup escaped, invalid bytes and control
 * characters (not allowed in XML 1.0) replaced. */
static void xml_text(buf *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_next((const unsigned char *)s + i, n - i, &cp);
        if (cp == '&') buf_puts(b, "&amp;");
        else if (cp == '<') buf_puts(b, "&lt;");
        else if (cp == '>') buf_puts(b, "&gt;");
        else if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) buf_putc(b, ' ');
        else if (cp == 0xFFFD) buf_puts(b, "\xEF\xBF\xBD");
        else buf_put(b, s + i, len);
        i += len;
    }
}

static void xml_elem(buf *b, const char *tag, const char *wrap, const char *li_attr,
                     const char *value)
{
    if (!value || !*value) return;
    buf_puts(b, "   <"); buf_puts(b, tag); buf_putc(b, '>');
    if (wrap) { buf_puts(b, "<rdf:"); buf_puts(b, wrap); buf_puts(b, "><rdf:li"); buf_puts(b, li_attr); buf_putc(b, '>'); }
    xml_text(b, value);
    if (wrap) { buf_puts(b, "</rdf:li></rdf:"); buf_puts(b, wrap); buf_putc(b, '>'); }
    buf_puts(b, "</"); buf_puts(b, tag); buf_puts(b, ">\n");
}

/* XMP packet (uncompressed, as PDF/UA wants it readable) with the Info
 * dictionary's values: Title, Author, Subject, Creator, Producer, dates. */
static bool write_xmp(tf_pdf *p)
{
    HPDF_Date d = epoch_date(p->epoch);
    char date[32];
    snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
             d.hour, d.minutes, d.seconds);
    const char *producer = HPDF_GetInfoAttr(p->doc, HPDF_INFO_PRODUCER);
    buf b = {0};
    buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                 " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                 "  <rdf:Description rdf:about=\"\"\n"
                 "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                 "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                 "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                 "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                 "   <dc:format>application/pdf</dc:format>\n");
    xml_elem(&b, "dc:title", "Alt", " xml:lang=\"x-default\"", p->title);
    xml_elem(&b, "dc:creator", "Seq", "", p->author);
    xml_elem(&b, "dc:description", "Alt", " xml:lang=\"x-default\"", p->subject);
    xml_elem(&b, "dc:language", "Bag", "", p->lang);
    xml_elem(&b, "pdf:Producer", NULL, "", producer);
    xml_elem(&b, "xmp:CreatorTool", NULL, "", p->creator);
    xml_elem(&b, "xmp:CreateDate", NULL, "", date);
    xml_elem(&b, "xmp:ModifyDate", NULL, "", date);
    xml_elem(&b, "xmp:MetadataDate", NULL, "", date);
    if (p->claim_ua) xml_elem(&b, "pdfuaid:part", NULL, "", "1");
    buf_puts(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
    HPDF_Dict s = new_stream(p, b.d, b.n, "XMP metadata");
    free(b.d);
    if (!s) return false;
    s->filter = HPDF_STREAM_FILTER_NONE;
    return put_name(p, s, "Type", "Metadata") && put_name(p, s, "Subtype", "XML") &&
           put(p, p->doc->catalog, "Metadata", s);
}

/* Outline items as a tree (level n goes under the last item of level n-1;
 * a deeper level than that is clamped), all open, each with an /XYZ
 * destination. */
static bool write_outlines(tf_pdf *p)
{
    if (!p->nmarks || !p->npages) return true;
    HPDF_MMgr mm = p->doc->mmgr;
    size_t n = p->nmarks;
    HPDF_Dict *item = tf_xcalloc(n + 1, sizeof *item);   /* [n] is the root */
    int *parent = tf_xmalloc(n * sizeof *parent), *first = tf_xmalloc((n + 1) * sizeof *first),
        *last = tf_xmalloc((n + 1) * sizeof *last), *count = tf_xcalloc(n + 1, sizeof *count);
    int stack[MARK_DEPTH + 1], depth = 0;
    bool ok = true;
    for (size_t i = 0; i <= n; i++) first[i] = last[i] = -1;
    for (size_t i = 0; i < n; i++) {
        int level = p->marks[i].level;
        if (level > depth) level = depth;
        if (level > MARK_DEPTH - 1) level = MARK_DEPTH - 1;
        parent[i] = level ? stack[level - 1] : (int)n;
        stack[level] = (int)i;
        depth = level + 1;
        for (int a = parent[i];; a = parent[a]) {
            count[a]++;
            if (a == (int)n) break;
        }
    }
    for (size_t i = 0; i <= n && ok; i++) ok = (item[i] = new_indirect(p, "outline")) != NULL;
    for (size_t i = 0; i < n && ok; i++) {
        const pmark *m = &p->marks[i];
        int pa = parent[i];
        size_t page = (size_t)m->page < p->npages ? (size_t)m->page : p->npages - 1;
        HPDF_Array dest = HPDF_Array_New(mm);
        ok = put(p, item[i], "Title", text_string(p, m->title)) &&
             put(p, item[i], "Parent", item[pa]) && put(p, item[i], "Dest", dest) &&
             aput(p, dest, p->pages[page].page, "Dest") &&
             OK(p, HPDF_Array_AddName(dest, "XYZ"), "Dest") &&
             aput(p, dest, HPDF_Null_New(mm), "Dest") &&
             OK(p, HPDF_Array_AddReal(dest, (HPDF_REAL)tf_sp_to_pt(m->y)), "Dest") &&
             aput(p, dest, HPDF_Null_New(mm), "Dest");
        if (ok && last[pa] >= 0)
            ok = put(p, item[last[pa]], "Next", item[i]) && put(p, item[i], "Prev", item[last[pa]]);
        if (first[pa] < 0) first[pa] = (int)i;
        last[pa] = (int)i;
    }
    for (size_t i = 0; i <= n && ok; i++)
        if (first[i] >= 0)
            ok = put(p, item[i], "First", item[first[i]]) && put(p, item[i], "Last", item[last[i]]) &&
                 add_num(p, item[i], "Count", count[i]);
    ok = ok && put_name(p, item[n], "Type", "Outlines") &&
         put(p, p->doc->catalog, "Outlines", item[n]) &&
         put_name(p, p->doc->catalog, "PageMode", "UseOutlines");
    free(item);
    free(parent);
    free(first);
    free(last);
    free(count);
    return ok;
}

/* /PageLabels number tree: a prefix-only label from each given page on
 * (the last one given for a page wins); page 0 gets decimal numbers when
 * no label starts there, as the tree must cover it. */
static bool write_labels(tf_pdf *p)
{
    if (!p->nlabels) return true;
    HPDF_MMgr mm = p->doc->mmgr;
    /* stable insertion sort by page */
    for (size_t i = 1; i < p->nlabels; i++)
        for (size_t j = i; j > 0 && p->labels[j - 1].page > p->labels[j].page; j--) {
            plabel t = p->labels[j];
            p->labels[j] = p->labels[j - 1];
            p->labels[j - 1] = t;
        }
    HPDF_Dict tree = HPDF_Dict_New(mm);
    HPDF_Array nums = HPDF_Array_New(mm);
    if (!put(p, p->doc->catalog, "PageLabels", tree) || !put(p, tree, "Nums", nums)) return false;
    if (p->labels[0].page > 0) {
        HPDF_Dict d = HPDF_Dict_New(mm);
        if (!OK(p, HPDF_Array_AddNumber(nums, 0), "PageLabels") || !aput(p, nums, d, "PageLabels") ||
            !put_name(p, d, "S", "D"))
            return false;
    }
    for (size_t i = 0; i < p->nlabels; i++) {
        if (i + 1 < p->nlabels && p->labels[i + 1].page == p->labels[i].page) continue;
        HPDF_Dict d = HPDF_Dict_New(mm);
        if (!OK(p, HPDF_Array_AddNumber(nums, p->labels[i].page), "PageLabels") ||
            !aput(p, nums, d, "PageLabels") || !put(p, d, "P", text_string(p, p->labels[i].label)))
            return false;
    }
    return true;
}

static bool finalize(tf_pdf *p)
{
    if (p->finalized || p->failed) return !p->failed;
    flush_page(p);
    p->finalized = true;
    if (p->failed) return false;
    if (!p->doc->cur_page_num && !HPDF_AddPage(p->doc)) {
        /* a PDF needs a page; an empty document gets one blank page */
        return check(p, HPDF_INVALID_OBJECT, NULL, "blank page");
    }
    if (!write_pages(p)) return false;
    for (size_t i = 0; i < p->nfonts; i++)
        if (!embed_font(p, &p->fonts[i])) return false;
    if (p->tagged) {
        /* PDF 1.7: what readers expect of tagged files (1.5+ for some) */
        p->doc->pdf_version = HPDF_VER_17;
        if (!write_structure(p) || !write_xmp(p)) return false;
    }
    if (!write_outlines(p) || !write_labels(p)) return false;

    /* /ID from everything written: same input, same bytes. */
    unsigned char id[16];
    for (int i = 0; i < 8; i++) {
        id[i] = (unsigned char)(p->hash1 >> (8 * i));
        id[8 + i] = (unsigned char)(p->hash2 >> (8 * i));
    }
    HPDF_Array a = HPDF_Array_New(p->doc->mmgr);
    if (!PTR(p, a, "trailer /ID") ||
        !OK(p, HPDF_Array_Add(a, HPDF_Binary_New(p->doc->mmgr, id, 16)), "trailer /ID") ||
        !OK(p, HPDF_Array_Add(a, HPDF_Binary_New(p->doc->mmgr, id, 16)), "trailer /ID") ||
        !OK(p, HPDF_Dict_Add(p->doc->trailer, "ID", a), "trailer /ID"))
        return false;
    return true;
}

bool tf_pdf_save(tf_pdf *p, const char *path)
{
    if (!finalize(p)) return false;
    HPDF_STATUS st = HPDF_SaveToFile(p->doc, path);
    if (st == HPDF_OK && !p->err) return true;
    HPDF_STATUS e = p->err ? p->err : st;
    if (e == HPDF_FILE_OPEN_ERROR || e == HPDF_FILE_IO_ERROR) {
        /* the document is intact; only this file could not be written */
        tf_diag_error(NULL, "cannot write '%s': %s", path,
                      p->err_detail ? strerror((int)p->err_detail) : err_text(e));
        HPDF_ResetError(p->doc);
        p->err = 0;
        return false;
    }
    return check(p, st, NULL, "save");
}

bool tf_pdf_save_mem(tf_pdf *p, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!finalize(p)) return false;
    if (!OK(p, HPDF_SaveToStream(p->doc), "save to memory")) return false;
    HPDF_UINT32 size = HPDF_GetStreamSize(p->doc);
    if (!OK(p, HPDF_ResetStream(p->doc), "save to memory")) return false;
    unsigned char *data = tf_xmalloc(size ? size : 1);
    HPDF_UINT32 got = size;
    HPDF_STATUS st = HPDF_ReadFromStream(p->doc, data, &got);
    if (st == HPDF_STREAM_EOF || p->err == HPDF_STREAM_EOF) {
        st = HPDF_OK;
        HPDF_ResetError(p->doc);
        p->err = 0;
    }
    if (!OK(p, st, "save to memory") || got != size) {
        free(data);
        return false;
    }
    *out = data;
    *len = size;
    return true;
}

void tf_pdf_free(tf_pdf *p)
{
    if (!p) return;
    if (p->doc) HPDF_Free(p->doc);
    for (size_t i = 0; i < p->nfonts; i++) {
        pfont *f = &p->fonts[i];
        free(f->cid_gid);
        free(f->cid_toff);
        free(f->cid_tlen);
        free(f->cid_wu);
        free(f->slots);
        free(f->pool.d);
    }
    free(p->fonts);
    for (size_t i = 0; i < p->nimages; i++) free(p->images[i].path);
    free(p->images);
    free(p->cs.d);
    free(p->lang);
    free(p->title);
    free(p->author);
    free(p->subject);
    free(p->creator);
    for (size_t i = 0; i < p->npages; i++) {
        free(p->pages[i].cs.d);
        free(p->pages[i].cut);
        free(p->pages[i].owner);
    }
    free(p->pages);
    for (size_t i = 0; i < p->nelems; i++) {
        free(p->elems[i].alt);
        free(p->elems[i].lang);
        free(p->elems[i].kids);
    }
    free(p->elems);
    free(p->links);
    for (size_t i = 0; i < p->nmarks; i++) free(p->marks[i].title);
    free(p->marks);
    for (size_t i = 0; i < p->nlabels; i++) free(p->labels[i].label);
    free(p->labels);
    free(p);
}
