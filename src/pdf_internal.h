/* pdf_internal.h: what the PDF writer's files share, and nothing else
 * includes. The writer (public contract in pdf.h) is five files, one job
 * each, and these are the only files in the tree that include hpdf.h or
 * touch libharu's internals (p->doc->mmgr, xref, catalog, stream filters):
 *
 *   pdf.c        the document: tf_pdf_new, pages and their boxes, the
 *                content stream (graphics state, shapes, clipping), link
 *                annotations, libharu error handling, save and free.
 *   pdf_text.c   glyph runs: the text each glyph stands for, the order
 *                glyphs are written in, TJ arrays with positions in 1/100000 em.
 *   pdf_font.c   fonts: CIDs per (glyph, text), widths, hb-subset, the
 *                Type0/CIDFontType2 objects, ToUnicode, and the process-wide
 *                subset and deflate caches.
 *   pdf_image.c  PNG (checked and rebuilt first) and JPEG images.
 *   pdf_tags.c   tagged PDF: marked content, structure tree, tagged links,
 *                outlines, page labels and XMP metadata.
 *   pdf_print.c  colour (DeviceRGB, ICCBased sRGB or DeviceCMYK per colour.h),
 *                overprint, registration colour, the proof layer (optional
 *                content) and the PDF/X-4 output intent and keys.
 *
 * pdf_pack.c (pdf_pack.h) stands apart: it never sees libharu, only the
 * bytes tf_pdf_save_mem got from it, which it rewrites with an object
 * stream and a cross-reference stream.
 *
 * Ownership: struct tf_pdf owns everything below; each file frees what its
 * part of the struct holds (pdf_fonts_free, pdf_images_free, pdf_tags_free)
 * from tf_pdf_free. Cross-file functions carry the `pdf_` prefix; small
 * helpers used on hot paths are static inline here. */
#ifndef TF_PDF_INTERNAL_H
#define TF_PDF_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include <hpdf.h>

#include "arena.h"
#include "colour.h"
#include "pdf.h"

#define EM_U 100000          /* text positions and widths in 1/100000 em */

/* --- growable byte buffer ------------------------------------------------- */

typedef struct buf {
    char *d;
    size_t n, cap;
} buf;

static inline void buf_reserve(buf *b, size_t more)
{
    if (b->n + more <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + more) cap *= 2;
    b->d = tf_xrealloc(b->d, cap);
    b->cap = cap;
}

static inline void buf_put(buf *b, const void *s, size_t n)
{
    if (!n) return;
    buf_reserve(b, n);
    memcpy(b->d + b->n, s, n);
    b->n += n;
}

static inline void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }
static inline void buf_putc(buf *b, char c) { buf_reserve(b, 1); b->d[b->n++] = c; }

/* value / 10^dec with trailing zeros trimmed, e.g. 12500,3 -> "12.5".
 * Integer formatting only: no locale, no floating point. */
static inline void buf_fixed(buf *b, int64_t value, int dec)
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

static inline int64_t div_round(int64_t num, int64_t den)
{
    if (den < 0) { num = -num; den = -den; }
    return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

static inline int64_t sp_to_mpt(tf_sp v) { return div_round((int64_t)v * 1000, TF_SP_PER_PT); }

/* A length in points, 3 decimals, then a space. */
static inline void buf_sp(buf *b, tf_sp v)
{
    buf_fixed(b, sp_to_mpt(v), 3);
    buf_putc(b, ' ');
}

/* Four hex digits: a CID in a content stream or CMap, a UTF-16 unit. */
static inline void buf_hex4(buf *b, uint32_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    char s[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    buf_put(b, s, 4);
}

/* A 64-bit hash of bytes, used for the subset tag, the stream and subset
 * caches and the /ID: FNV-1a's multiply taken eight bytes (read little
 * endian, so every machine gets the same /ID) at a time, each step folded
 * with a shift, the tail a byte at a time. A font program is hashed twice
 * an edition: byte at a time this was 3 % of a clinic edition's work. Not
 * cryptographic: it keys caches and names documents. */
static inline uint64_t hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
                     (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}
#define HASH_INIT 0xcbf29ce484222325ull

/* Make room for one more element in a growable array. */
#define GROW(ptr, n, cap) do { if ((n) >= (cap)) { (cap) = (cap) ? 2 * (cap) : 8; \
    (ptr) = tf_xrealloc((ptr), (cap) * sizeof *(ptr)); } } while (0)

/* --- records ---------------------------------------------------------------- */

/* A font as used in this document (pdf_font.c). */
typedef struct pfont {
    tf_font *font;
    int num;                   /* resource name /F<num> */
    unsigned upem;
    HPDF_Dict type0;           /* created at first use, filled at save */
    uint32_t page_serial;      /* last page whose Font dict names it */
    bool full;                 /* ran out of CIDs (reported once) */

    /* CID c: glyph cid_gid[c], text pool[cid_toff[c] .. + cid_tlen[c]],
     * width cid_wu[c] in 1/100000 em. CID 0 is .notdef. */
    uint32_t *cid_gid, *cid_toff, *cid_tlen;
    int32_t *cid_wu;
    uint32_t ncid, cidcap;
    uint32_t *slots;           /* open addressing: CID + 1, 0 = empty */
    uint32_t nslots;
    buf pool;
} pfont;

/* An image XObject, loaded once per path (pdf_image.c). */
typedef struct pimage {
    char *path;
    HPDF_Image img;
    int num;                   /* /Im<num> */
    uint32_t page_serial;
    uint32_t w, h;
} pimage;

/* Tagging records (pdf_tags.c). */
enum { KID_ELEM, KID_MCR, KID_OBJR };
typedef struct pkid {
    int kind;
    int a, b;                  /* ELEM: element a; MCR: page a, MCID b; OBJR: link a */
} pkid;

typedef struct pelem {
    char *role;
    char *alt, *lang;
    char *actual;              /* /ActualText (a glyph cluster's Span), NULL none */
    int parent;
    int pg;                    /* page of its first marked content or annotation, -1 none */
    pkid *kids;                /* child elements and content, in creation/marking order */
    size_t nkids, cap;
    HPDF_Dict dict;            /* made at save */
} pelem;

/* A page, its content kept until save (pdf.c writes it; pdf_tags.c
 * records the marked-content operators and MCIDs in it). */
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

#define OPEN_NONE (-2)

struct tf_pdf {
    /* pdf.c: the document */
    HPDF_Doc doc;
    HPDF_STATUS err, err_detail;   /* first libharu error, from the handler */
    bool failed, finalized;
    uint64_t hash1, hash2;         /* over everything written, for /ID */
    char *lang;
    char *title, *author, *subject, *creator;   /* for the XMP metadata */
    long long epoch;

    /* pdf.c: the current page and its graphics state */
    HPDF_Page page;
    HPDF_Dict res_font, res_xobject;
    uint32_t page_serial;
    buf cs;                        /* its content stream, moved to pages[] at page end */
    bool in_text;
    int cur_font;                  /* index into fonts, -1 none */
    tf_sp cur_size;
    int64_t line_x, line_y;        /* text line origin in 1/1000 pt */
    bool have_fill, have_stroke, have_width, have_dash;
    tf_color fill, stroke;
    tf_sp width, dash;
    tf_sp tr_stroke;               /* text drawn fill+stroke with this width (0: fill) */
    tf_sp want_stroke;             /* what the next glyph runs ask for (tf_pdf_fake_bold) */

    /* pdf.c: every page, its content kept until save: whether the document
     * is tagged is known only then (see pdf_tags.c). */
    ppage *pages;
    size_t npages, pagecap;

    /* pdf_font.c, pdf_image.c */
    pfont *fonts;
    size_t nfonts;
    pimage *images;
    size_t nimages;

    /* pdf_print.c: colour and print production */
    tf_colour *cm;                 /* owned; NULL: DeviceRGB as given */
    HPDF_Array srgb_cs, all_cs;    /* ICCBased sRGB, Separation /All (indirect, made once) */
    uint32_t srgb_serial, all_serial;   /* last page whose /ColorSpace names them */
    HPDF_Dict res_cs, res_gs, res_props;   /* the current page's resource dicts */
    int cs_set[2];                 /* fill, stroke: 1 when the sRGB space is the current one */
    HPDF_Dict gs[2];               /* ExtGState: [0] knockout, [1] overprint */
    uint32_t gs_serial[2];
    int overprint;                 /* 0 off, 1 on, -1 unknown (after Q) */
    HPDF_Dict ocg;                 /* the proof layer, NULL: none */
    uint32_t ocg_serial;
    bool claim_pdfx;
    bool detail, fill_detail;      /* what is drawn now is text or a stroke; the fill colour set for it */

    /* pdf_tags.c */
    pelem *elems;                  /* [0] is the Document element */
    size_t nelems, elemcap;
    plink *links;                  /* tagged link annotations */
    size_t nlinks, linkcap;
    int *stack;                    /* open mark_begin brackets, innermost last */
    size_t depth, stackcap;
    int open;                      /* bracket open in the content stream: OPEN_NONE,
                                    * TF_PDF_ARTIFACT or an element */
    bool tagged, claim_ua;
    pmark *marks;                  /* bookmarks */
    size_t nmarks, markcap;
    plabel *labels;
    size_t nlabels, labelcap;
};

/* --- pdf.c -------------------------------------------------------------------- */

/* Check after libharu calls: a recorded error (or a failed status) poisons
 * the document. Reported once, with `where` when an input caused it. */
bool pdf_check(tf_pdf *p, HPDF_STATUS st, const tf_loc *where, const char *what);
#define OK(p, call, what) pdf_check((p), (call), NULL, (what))
#define PTR(p, ptr, what) pdf_check((p), (ptr) ? HPDF_OK : HPDF_INVALID_OBJECT, NULL, (what))

/* True when drawing may go on (a page is open, nothing failed). */
bool pdf_drawable(tf_pdf *p);
static inline ppage *pdf_cur_page(tf_pdf *p) { return &p->pages[p->npages - 1]; }
void pdf_end_text(tf_pdf *p);
void pdf_set_fill(tf_pdf *p, tf_color c);
void pdf_set_stroke(tf_pdf *p, tf_color c, tf_sp width, tf_sp dash);
/* The page's /Resources /<key> dict, created on first use. */
HPDF_Dict pdf_resource_dict(tf_pdf *p, HPDF_Dict *slot, const char *key);
HPDF_Annotation pdf_link_annot(tf_pdf *p, tf_rect r, const char *uri);

/* UTF-8 -> UTF-16BE code units appended to out (invalid bytes: U+FFFD);
 * stops before a unit that does not fit. Returns the bytes written. */
size_t pdf_utf16be(const char *s, size_t n, unsigned char *out, size_t cap);
/* A PDF text string: literal when plain ASCII, else UTF-16BE with BOM. */
void *pdf_text_string(tf_pdf *p, const char *s);
HPDF_Date pdf_epoch_date(long long epoch);

/* Objects: an indirect dictionary, a FlateDecode stream of n bytes; a
 * stream writer's /Filter for bytes deflated by us. */
HPDF_Dict pdf_new_indirect(tf_pdf *p, const char *what);
HPDF_Dict pdf_new_stream(tf_pdf *p, const void *data, size_t n, const char *what);
HPDF_STATUS pdf_write_flate_filter(HPDF_Dict d, HPDF_Stream s);
/* Add obj (checked for NULL) under key / to an array; a name; a number. */
bool pdf_put(tf_pdf *p, HPDF_Dict d, const char *key, void *obj);
bool pdf_aput(tf_pdf *p, HPDF_Array a, void *obj, const char *what);
bool pdf_put_name(tf_pdf *p, HPDF_Dict d, const char *key, const char *name);
bool pdf_add_num(tf_pdf *p, HPDF_Dict d, const char *key, int v);

/* q/Q: forget what we believe the graphics state is. */
void pdf_forget_state(tf_pdf *p);

/* --- pdf_print.c ----------------------------------------------------------------- */

/* Write the colour operator for c (fill or stroke) as the document paints. */
void pdf_colour_op(tf_pdf *p, tf_color c, bool stroke);
/* Before text or a stroke in c: overprint when press and black ink only;
 * before fills and images: knock out. */
void pdf_overprint(tf_pdf *p, tf_color c);
void pdf_knockout(tf_pdf *p);
/* The shared [/ICCBased sRGB] colour space (NULL on failure). */
HPDF_Array pdf_srgb_space(tf_pdf *p);
/* At save: optional content properties, output intent, PDF/X keys. */
bool pdf_print_write(tf_pdf *p);

/* --- pdf_font.c ----------------------------------------------------------------- */

/* The document's record of a font, made at first use; NULL on failure. */
pfont *pdf_font_rec(tf_pdf *p, tf_font *font, int *index);
/* The CID for (gid, text). A font has at most 65535 CIDs (2-byte codes):
 * past that the document fails with an error naming the limit and 0 is
 * returned. */
uint32_t pdf_font_cid(tf_pdf *p, pfont *f, uint32_t gid, const char *t, size_t n);
/* At save: subset and embed the font, fill its Type0 dictionary. */
bool pdf_font_embed(tf_pdf *p, pfont *f);
void pdf_fonts_free(tf_pdf *p);

/* --- pdf_image.c ----------------------------------------------------------------- */

void pdf_images_free(tf_pdf *p);

/* --- pdf_tags.c ------------------------------------------------------------------ */

void pdf_tags_init(tf_pdf *p);
/* Before drawing: make the bracket the caller is in the open one. */
void pdf_mark_content(tf_pdf *p);
/* At page end: close the open bracket. */
void pdf_mark_close(tf_pdf *p);
/* Around a glyph cluster whose glyphs cannot say its text one by one
 * (pdf_text.c): an inline Span element with /ActualText (text[0..n)) as
 * the next kid of the element being drawn, made the open bracket. False,
 * and nothing done, when drawing is not inside an element (an artifact, an
 * untagged document). pdf_actual_end closes it; drawing after it reopens
 * the element's own marked content with a fresh MCID. Both may end the
 * text object. */
bool pdf_actual_begin(tf_pdf *p, const char *text, size_t n);
void pdf_actual_end(tf_pdf *p);
/* At save, after the fonts: structure tree and XMP (when tagged),
 * outlines, page labels. */
bool pdf_tags_write(tf_pdf *p);
void pdf_tags_free(tf_pdf *p);

#endif
