/* pdf.c: the PDF document. libharu builds the object graph and serialises
 * it; this file owns the document (tf_pdf_new, info, save, free), its pages
 * and boxes, and the content stream of shapes, clipping and link
 * annotations. Text, fonts, images and tagging are in pdf_text.c,
 * pdf_font.c, pdf_image.c and pdf_tags.c (pdf_internal.h lists what each
 * owns).
 *
 * Why not libharu's text API (2.3.0): it has no kerning or ligatures (no
 * GSUB/GPOS), turns code points above U+FFFF into spaces, embeds about 47 KB
 * per font even for one glyph (full cmap/hmtx/loca, a 128 KB CIDToGIDMap),
 * loses composite glyphs, and writes a ToUnicode map with begincidrange that
 * poppler warns about. pdf_text.c and pdf_font.c draw glyphs through CIDs of
 * our own and embed hb-subset subsets instead.
 *
 * Content streams are written by us with fixed-decimal integer formatting
 * (no locale, no floats) and kept in memory per page until save: whether
 * the document is tagged is known only then (pdf_tags.c).
 *
 * libharu errors are sticky: the error handler records the first one, every
 * status is checked, and the document is then marked failed: nothing more is
 * drawn and tf_pdf_save returns false. Output is byte-for-byte deterministic:
 * no clock, dates from info->epoch, /ID a hash of what was written.
 *
 * Saving goes through memory: libharu's file, then pdf_pack.c, which moves
 * every dictionary into a deflated object stream and the xref table into a
 * cross-reference stream (or keeps libharu's bytes if it cannot). */
#include "pdf_internal.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "diag.h"
#include "pdf_pack.h"
#include "utf8.h"

#ifndef PAGE_ZLEVEL
#define PAGE_ZLEVEL 2        /* page content deflate level: see write_pages */
#endif

/* --- libharu errors ------------------------------------------------------------ */

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

bool pdf_check(tf_pdf *p, HPDF_STATUS st, const tf_loc *where, const char *what)
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

size_t pdf_utf16be(const char *s, size_t n, unsigned char *out, size_t cap)
{
    size_t o = 0;
    for (const char *q = s, *end = s + n; q < end;) {
        uint32_t cp = tf_utf8_next(&q, end);
        if (cp == TF_UTF8_BAD) cp = 0xFFFD;
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

/* --- document and pages ---------------------------------------------------- */

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20) return false;
    return true;
}

/* A PDF text string: literal when plain ASCII, else UTF-16BE with BOM. */
void *pdf_text_string(tf_pdf *p, const char *s)
{
    if (is_ascii(s)) return HPDF_String_New(p->doc->mmgr, s, NULL);
    size_t n = strlen(s), cap = 2 + 4 * n;
    unsigned char *u = tf_xmalloc(cap);
    u[0] = 0xFE;
    u[1] = 0xFF;
    size_t len = 2 + pdf_utf16be(s, n, u + 2, cap - 2);
    void *obj = HPDF_Binary_New(p->doc->mmgr, u, (HPDF_UINT)len);
    free(u);
    return obj;
}

static void set_info(tf_pdf *p, const char *key, const char *value)
{
    if (!value || !*value || p->failed) return;
    p->hash1 = hash_bytes(p->hash1, value, strlen(value));
    void *s = pdf_text_string(p, value);
    if (PTR(p, s, "document info")) OK(p, HPDF_Dict_Add(p->doc->info, key, s), "document info");
}

HPDF_Date pdf_epoch_date(long long epoch)
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
    pdf_tags_init(p);
    p->hash1 = HASH_INIT;
    p->hash2 = HASH_INIT ^ 0x5bd1e995u;
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
    HPDF_Date d = pdf_epoch_date(info->epoch);
    OK(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d), "creation date");
    OK(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d), "modification date");
    p->hash1 = hash_bytes(p->hash1, &info->epoch, sizeof info->epoch);
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

void pdf_end_text(tf_pdf *p)
{
    if (!p->in_text) return;
    buf_puts(&p->cs, "ET\n");
    p->in_text = false;
}

/* End the current page's content: close what is open. */
static void flush_page(tf_pdf *p)
{
    if (!p->page) return;
    pdf_end_text(p);
    pdf_mark_close(p);
    /* hash the content without the marked-content operators: an untagged
     * document gets the /ID it had before tagging existed */
    ppage *pg = pdf_cur_page(p);
    if (p->cs.n) {
        size_t r = 0;
        for (size_t k = 0; k < pg->ncut; k += 2) {
            p->hash2 = hash_bytes(p->hash2, p->cs.d + r, pg->cut[k] - r);
            r = pg->cut[k] + pg->cut[k + 1];
        }
        p->hash2 = hash_bytes(p->hash2, p->cs.d + r, p->cs.n - r);
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
    if (n > 0xFFFFFFFFu) {   /* zlib's avail_in is 32 bits */
        tf_diag_error(NULL, "PDF writer: a page's content is larger than 4 GiB");
        p->failed = true;
        return false;
    }
    if (deflateInit(&z, level) != Z_OK) {
        deflateEnd(&z);
        return pdf_check(p, HPDF_INVALID_PARAMETER, NULL, "page content deflate");
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
    return rc == Z_STREAM_END || pdf_check(p, HPDF_INVALID_PARAMETER, NULL, "page content deflate");
}

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
        attr->contents->write_fn = pdf_write_flate_filter;
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
    p->res_font = p->res_xobject = p->res_cs = p->res_gs = p->res_props = NULL;
    p->cs_set[0] = p->cs_set[1] = 0;
    p->overprint = 0;
    p->in_text = false;
    p->cur_font = -1;
    p->have_fill = p->have_stroke = p->have_width = p->have_dash = false;
    p->tr_stroke = 0;
    p->hash2 = hash_bytes(p->hash2, "page", 4);
    if (!add_box(p, "MediaBox", box_of(0, 0, media_w, media_h))) return false;
    if (bleed && !add_box(p, "BleedBox", box_of(bleed->x, bleed->y, bleed->w, bleed->h)))
        return false;
    if (trim && !add_box(p, "TrimBox", box_of(trim->x, trim->y, trim->w, trim->h)))
        return false;
    return true;
}

/* The page's /Resources /<key> dict, created on first use. */
HPDF_Dict pdf_resource_dict(tf_pdf *p, HPDF_Dict *slot, const char *key)
{
    if (*slot) return *slot;
    HPDF_Dict res = HPDF_Dict_GetItem(p->page, "Resources", HPDF_OCLASS_DICT);
    if (!PTR(p, res, "page resources")) return NULL;
    HPDF_Dict d = HPDF_Dict_New(p->doc->mmgr);
    if (!PTR(p, d, "page resources") || !OK(p, HPDF_Dict_Add(res, key, d), "page resources"))
        return NULL;
    return *slot = d;
}

bool pdf_drawable(tf_pdf *p)
{
    assert(!p->finalized);
    assert(p->page || p->failed);
    return !p->failed && p->page;
}

/* --- shapes ------------------------------------------------------------------ */

static bool same_color(tf_color a, tf_color b) { return !memcmp(&a, &b, sizeof a); }

void pdf_set_fill(tf_pdf *p, tf_color c)
{
    if (p->have_fill && same_color(p->fill, c) && p->fill_detail == p->detail) return;
    pdf_colour_op(p, c, false);
    p->fill_detail = p->detail;
    p->fill = c;
    p->have_fill = true;
}

void pdf_set_stroke(tf_pdf *p, tf_color c, tf_sp width, tf_sp dash)
{
    if (!p->have_stroke || !same_color(p->stroke, c)) {
        pdf_colour_op(p, c, true);
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
    if (!pdf_drawable(p)) return;
    pdf_mark_content(p);
    pdf_end_text(p);
    pdf_knockout(p);
    p->detail = false;
    pdf_set_fill(p, c);
    rect_path(p, r);
    buf_puts(&p->cs, "f\n");
}

void tf_pdf_stroke_rect(tf_pdf *p, tf_rect r, tf_sp line_width, tf_color c)
{
    if (!pdf_drawable(p)) return;
    pdf_mark_content(p);
    pdf_end_text(p);
    pdf_overprint(p, c);
    pdf_set_stroke(p, c, line_width, 0);
    rect_path(p, r);
    buf_puts(&p->cs, "S\n");
}

/* q/Q save and restore colours, line style and the text font: forget what
 * we believe is set, so the next operator sets it again. */
void pdf_forget_state(tf_pdf *p)
{
    p->have_fill = p->have_stroke = p->have_width = p->have_dash = false;
    p->cs_set[0] = p->cs_set[1] = 0;
    p->overprint = -1;
    p->tr_stroke = 0;
    p->cur_font = -1;
    p->cur_size = 0;
}

void tf_pdf_fake_bold(tf_pdf *p, tf_sp stroke)
{
    p->want_stroke = stroke > 0 ? stroke : 0;
}

/* Marked content and the graphics state must nest (ISO 32000-1 14.6: a
 * sequence may not cross q/Q): the bracket open in the stream is closed
 * before the clip's q and before its Q, so a bracket opened inside a clip
 * ends inside it, and drawing after the clip reopens its bracket. */
void tf_pdf_clip_begin(tf_pdf *p, tf_rect r)
{
    if (!pdf_drawable(p)) return;
    pdf_end_text(p);
    pdf_mark_close(p);
    buf_puts(&p->cs, "q ");
    rect_path(p, r);
    buf_puts(&p->cs, "W n\n");
    pdf_forget_state(p);
}

void tf_pdf_clip_end(tf_pdf *p)
{
    if (!pdf_drawable(p)) return;
    pdf_end_text(p);
    pdf_mark_close(p);
    buf_puts(&p->cs, "Q\n");
    pdf_forget_state(p);
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
    if (!pdf_drawable(p) || radius <= 0) return;
    pdf_mark_content(p);
    pdf_end_text(p);
    pdf_knockout(p);
    p->detail = false;
    pdf_set_fill(p, c);
    /* Four Bezier quarter arcs; k = 4/3 (sqrt 2 - 1) ~ 0.5523 as a ratio of integers. */
    int64_t r = radius, k = div_round(r * 5523, 10000), x = cx, y = cy;
    point(p, x + r, y, "m\n");
    point(p, x + r, y + k, NULL); point(p, x + k, y + r, NULL); point(p, x, y + r, "c\n");
    point(p, x - k, y + r, NULL); point(p, x - r, y + k, NULL); point(p, x - r, y, "c\n");
    point(p, x - r, y - k, NULL); point(p, x - k, y - r, NULL); point(p, x, y - r, "c\n");
    point(p, x + k, y - r, NULL); point(p, x + r, y - k, NULL); point(p, x + r, y, "c\n");
    buf_puts(&p->cs, "f\n");
}

void tf_pdf_line(tf_pdf *p, tf_sp x1, tf_sp y1, tf_sp x2, tf_sp y2, tf_sp width, tf_color c,
                 tf_sp dash)
{
    if (!pdf_drawable(p)) return;
    pdf_mark_content(p);
    pdf_end_text(p);
    pdf_overprint(p, c);
    pdf_set_stroke(p, c, width, dash);
    point(p, x1, y1, "m ");
    point(p, x2, y2, "l S\n");
}

/* --- links ---------------------------------------------------------------------- */

static HPDF_Rect hrect(tf_rect r)
{
    HPDF_Rect h;
    h.left = (HPDF_REAL)tf_sp_to_pt(r.x);
    h.bottom = (HPDF_REAL)tf_sp_to_pt(r.y);
    h.right = (HPDF_REAL)tf_sp_to_pt(r.x + r.w);
    h.top = (HPDF_REAL)tf_sp_to_pt(r.y + r.h);
    return h;
}

HPDF_Annotation pdf_link_annot(tf_pdf *p, tf_rect r, const char *uri)
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
    p->hash2 = hash_bytes(p->hash2, u.d, u.n);
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(p->page, hrect(r), u.d);
    free(u.d);
    if (!PTR(p, a, "link annotation") ||
        !OK(p, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0), "link border"))
        return NULL;
    return a;
}

void tf_pdf_link(tf_pdf *p, tf_rect r, const char *uri)
{
    if (!pdf_drawable(p) || !uri) return;
    pdf_link_annot(p, r, uri);
}

/* --- objects, for every part of the writer ----------------------------------------- */

HPDF_Dict pdf_new_indirect(tf_pdf *p, const char *what)
{
    HPDF_Dict d = HPDF_Dict_New(p->doc->mmgr);
    if (!PTR(p, d, what) || !OK(p, HPDF_Xref_Add(p->doc->xref, d), what)) return NULL;
    return d;
}

HPDF_Dict pdf_new_stream(tf_pdf *p, const void *data, size_t n, const char *what)
{
    HPDF_Dict d = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
    if (!PTR(p, d, what)) return NULL;
    d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (n && !OK(p, HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data, (HPDF_UINT)n), what))
        return NULL;
    return d;
}

HPDF_STATUS pdf_write_flate_filter(HPDF_Dict d, HPDF_Stream s)
{
    (void)d;
    return HPDF_Stream_WriteStr(s, "/Filter [ /FlateDecode ]\012");
}

bool pdf_add_num(tf_pdf *p, HPDF_Dict d, const char *key, int v)
{
    return OK(p, HPDF_Dict_AddNumber(d, key, v), key);
}

/* Add obj (checked for NULL) under key / to an array. */
bool pdf_put(tf_pdf *p, HPDF_Dict d, const char *key, void *obj)
{
    return PTR(p, obj, key) && OK(p, HPDF_Dict_Add(d, key, obj), key);
}

bool pdf_aput(tf_pdf *p, HPDF_Array a, void *obj, const char *what)
{
    return PTR(p, obj, what) && OK(p, HPDF_Array_Add(a, obj), what);
}

bool pdf_put_name(tf_pdf *p, HPDF_Dict d, const char *key, const char *name)
{
    return OK(p, HPDF_Dict_AddName(d, key, name), key);
}

static bool finalize(tf_pdf *p)
{
    if (p->finalized || p->failed) return !p->failed;
    flush_page(p);
    p->finalized = true;
    if (p->failed) return false;
    if (!p->doc->cur_page_num && !HPDF_AddPage(p->doc)) {
        /* a PDF needs a page; an empty document gets one blank page */
        return pdf_check(p, HPDF_INVALID_OBJECT, NULL, "blank page");
    }
    if (!write_pages(p)) return false;
    for (size_t i = 0; i < p->nfonts; i++)
        if (!pdf_font_embed(p, &p->fonts[i])) return false;
    if (!pdf_tags_write(p)) return false;
    if (!pdf_print_write(p)) return false;

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

/* The file is the bytes tf_pdf_save_mem makes (libharu's, packed). */
bool tf_pdf_save(tf_pdf *p, const char *path)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (!tf_pdf_save_mem(p, &data, &len)) return false;
    FILE *fp = fopen(path, "wb");
    bool ok = fp && fwrite(data, 1, len, fp) == len;
    int e = errno;
    if (fp && fclose(fp) != 0 && ok) {
        ok = false;
        e = errno;
    }
    free(data);
    if (!ok) tf_diag_error(NULL, "cannot write '%s': %s", path, strerror(e));
    return ok;
}

bool tf_pdf_save_mem(tf_pdf *p, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!finalize(p)) return false;
    if (!OK(p, HPDF_SaveToStream(p->doc), "save to memory")) return false;
    HPDF_UINT32 size = HPDF_GetStreamSize(p->doc);
    /* copied out of the memory stream's buffers as they are (libharu's
     * HPDF_ReadFromStream copies a byte at a time) */
    HPDF_Stream ms = p->doc->stream;
    if (!PTR(p, ms, "save to memory")) return false;
    unsigned char *data = tf_xmalloc(size ? size : 1);
    size_t got = 0;
    HPDF_UINT count = HPDF_MemStream_GetBufCount(ms);
    for (HPDF_UINT i = 0; i < count && got < size; i++) {
        HPDF_UINT blen = 0;
        HPDF_BYTE *chunk = HPDF_MemStream_GetBufPtr(ms, i, &blen);
        if (!PTR(p, chunk, "save to memory")) break;
        size_t take = blen < size - got ? blen : size - got;
        memcpy(data + got, chunk, take);
        got += take;
    }
    if (got != size) {
        free(data);
        pdf_check(p, HPDF_STREAM_EOF, NULL, "save to memory");   /* says nothing when failed already */
        return false;
    }
    /* object and cross-reference streams (pdf_pack.c); libharu's bytes
     * as they are if the packer does not understand them */
    size_t n = size;
    tf_pdf_pack_or_keep(&data, &n);
    *out = data;
    *len = n;
    return true;
}

void tf_pdf_free(tf_pdf *p)
{
    if (!p) return;
    if (p->doc) HPDF_Free(p->doc);
    pdf_fonts_free(p);
    pdf_images_free(p);
    tf_colour_free(p->cm);
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
    pdf_tags_free(p);
    free(p);
}
