/* pdf_text.c: glyph runs into the content stream (tf_pdf_glyphs).
 *
 * Glyphs arrive in font units (tf_glyph) and are converted to scaled points
 * here, once per glyph, at the run's size. Text positions are then carried
 * in 1/100000 em, so TJ adjustments never drift from the layout's
 * scaled-point positions. Each glyph is drawn through a CID that stands for
 * (glyph, the text it was drawn for) (pdf_font.c): this file decides that
 * text, sharing each cluster's text out over its glyphs so copy, paste and
 * search give the text back, and the order glyphs are written in, so text
 * extraction reads them in logical order. Owns nothing beyond a call. */
#include "pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "utf8.h"

#define ADJ_MIN_U 5          /* smaller TJ corrections (1/100000 em) are invisible: skip */
#define TJ_MAX_GLYPHS 1000   /* split long TJ arrays (old readers cap arrays) */
#define MARKS_STACK 64       /* marks of one cluster kept without a malloc */

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
    if (cp == TF_UTF8_BAD) return false;
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
    uint32_t mstack[2 * MARKS_STACK], *mk_at = mstack;   /* marks set aside: (offset, length) */
    size_t mcap = MARKS_STACK;
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
            size_t n_marks = 0;
            for (const char *q = text + pos; q < text + end;)
                total += is_mark_cp(tf_utf8_next(&q, text + end));
            size_t chars = tf_utf8_count(text + pos, end - pos);
            size_t keep = total > m - 1 ? total - (m - 1) : 0;   /* marks that stay with the base */
            /* A ligature base (lam-alef) takes its marks too, in logical order
             * (lam + fathatan + alef), and so does every base in a
             * right-to-left run: a mark glyph of its own, drawn at its own
             * height, makes poppler split the word or put the mark on the
             * wrong letter; on the base, the word stays whole. */
            bool lig = chars - total > 1 || rtl;
            if (lig) keep = total;   /* all marks stay on the base, in logical order */
            for (const char *q = text + pos; q < text + end;) {
                const char *at = q;
                bool mk = is_mark_cp(tf_utf8_next(&q, text + end));
                size_t l = (size_t)(q - at);
                if (mk && keep) { keep--; mk = false; }
                if (mk) {                /* set aside: (offset, length) in text */
                    if (n_marks == mcap) {
                        mcap *= 2;
                        if (mk_at == mstack) {
                            mk_at = tf_xmalloc(2 * mcap * sizeof *mk_at);
                            memcpy(mk_at, mstack, sizeof mstack);
                        } else {
                            mk_at = tf_xrealloc(mk_at, 2 * mcap * sizeof *mk_at);
                        }
                    }
                    mk_at[2 * n_marks] = (uint32_t)(at - text);
                    mk_at[2 * n_marks++ + 1] = (uint32_t)l;
                } else {
                    memcpy(out + o, at, l);
                    o += l;
                }
            }
            if (lig) {
                for (size_t k = 0; k < n_marks; k++) {
                    memcpy(out + o, text + mk_at[2 * k], mk_at[2 * k + 1]);
                    o += mk_at[2 * k + 1];
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
                    uint32_t mo = mk_at[2 * next_mark], ml = mk_at[2 * next_mark + 1];
                    memcpy(out + o, text + mo, ml);
                    len[j] = ml;
                    o += ml;
                    next_mark++;
                }
            }
        } else {
            for (size_t j = 0; j < m; j++) {
                size_t k = rev ? i + m - 1 - j : i + j;
                uint32_t l = end - pos;
                if (j + 1 < m && l) {       /* one character */
                    const char *q = text + pos;
                    tf_utf8_next(&q, text + end);
                    l = (uint32_t)(q - (text + pos));
                }
                memcpy(out + o, text + pos, l);
                off[k] = (uint32_t)o;
                len[k] = l;
                o += l;
                pos += l;
            }
        }
        i += m;
    }
    if (mk_at != mstack) free(mk_at);
}

void tf_pdf_glyphs(tf_pdf *p, tf_font *font, tf_sp size, tf_color c, tf_sp x, tf_sp y,
                   const tf_glyph *g, size_t n, const char *text, size_t text_len)
{
    if (!pdf_drawable(p) || n == 0 || size <= 0) return;
    int fi;
    pfont *f = pdf_font_rec(p, font, &fi);
    if (!f) return;
    if (f->page_serial != p->page_serial) {
        HPDF_Dict fonts = pdf_resource_dict(p, &p->res_font, "Font");
        char name[16];
        snprintf(name, sizeof name, "F%d", f->num);
        if (!fonts || !OK(p, HPDF_Dict_Add(fonts, name, f->type0), "page font")) return;
        f->page_serial = p->page_serial;
    }
    if (!text) text_len = 0;

    pdf_mark_content(p);
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
    pdf_overprint(p, c);
    p->detail = true;
    pdf_set_fill(p, c);
    if (p->want_stroke != p->tr_stroke) {    /* synthetic bold: fill and stroke the glyphs */
        if (p->want_stroke) {
            pdf_set_stroke(p, c, p->want_stroke, 0);
            buf_puts(b, "2 Tr\n");
        } else {
            buf_puts(b, "0 Tr\n");
        }
        p->tr_stroke = p->want_stroke;
    } else if (p->tr_stroke) {
        pdf_set_stroke(p, c, p->tr_stroke, 0);
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
    int64_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        pen_at[i] = acc;
        acc += tf_font_units_to_sp(g[i].x_advance, size, f->upem);
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
        uint32_t cid = pdf_font_cid(p, f, g[i].gid, t, tn);

        /* a rise under 2% of the em is invisible but makes poppler start a
         * new line for the glyph: drop it */
        tf_sp want_rise = tf_font_units_to_sp(g[i].y_offset, size, f->upem);
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
        int64_t dx = tf_font_units_to_sp(g[i].x_offset, size, f->upem);
        int64_t target = div_round((pen + dx) * EM_U, size);
        int64_t delta = target - at;
        if (delta >= ADJ_MIN_U || delta <= -ADJ_MIN_U) {
            if (in_hex) { buf_putc(b, '>'); in_hex = false; }
            buf_fixed(b, -delta, 2);       /* thousandths of em, positive moves left */
            at = target;
        }
        if (!in_hex) { buf_putc(b, '<'); in_hex = true; }
        buf_hex4(b, cid);
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
