/* pdf_text.c: glyph runs into the content stream (tf_pdf_glyphs).
 *
 * Glyphs arrive in font units (tf_glyph) and are converted to scaled points
 * here, once per glyph, at the run's size. Text positions are then carried
 * in 1/100000 em, so TJ adjustments never drift from the layout's
 * scaled-point positions. Each glyph is drawn through a CID that stands for
 * (glyph, the text it was drawn for) (pdf_font.c): this file decides that
 * text, sharing each cluster's text out over its glyphs so every glyph has
 * a Unicode mapping and copy, paste and search give the text back, and the
 * order glyphs are written in, so text extraction reads them in logical
 * order. A cluster that cannot be shared out glyph by glyph is wrapped in
 * a Span element with /ActualText (pdf_tags.c). Owns nothing beyond a call. */
#include "pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "utf8.h"

#define ADJ_MIN_U 5          /* smaller TJ corrections (1/100000 em) are invisible: skip */
#define TJ_MAX_GLYPHS 1000   /* split long TJ arrays (old readers cap arrays) */
#define GLYPHS_STACK 256     /* runs up to this many glyphs need no malloc */

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

/* Byte length of the last character of s[0..n). */
static size_t last_char_len(const char *s, size_t n)
{
    size_t l = 1;
    while (l < n && ((unsigned char)s[n - l] & 0xC0) == 0x80) l++;
    return l;
}

/* The text of each glyph of one cluster, the glyphs given in drawing order
 * d[0..m) (advancing glyphs first, then zero-advance ones, each in logical
 * order), the cluster's text s[0..sn). Every glyph gets text, so every
 * glyph drawn has a ToUnicode entry (PDF/UA-1 7.21.7), and the texts read
 * in drawing order are the cluster's text whenever the glyphs allow, so a
 * reader that ignores /ActualText still gets the words right:
 *  - one base glyph with zero-advance mark glyphs (Arabic yeh + fathatan,
 *    lam-alef + fathatan, a letter + an accent drawn apart): each mark glyph
 *    its own combining character (the last marks of the text, in logical
 *    order), the base every other character (a ligature base all its
 *    letters; a base with more marks than mark glyphs keeps the first ones
 *    where they stand). When a mark stands between the letters of a
 *    ligature (lam, fathatan, alef drawn as the lam-alef glyph then the
 *    mark), that reads wrong in drawing order: the text is then cut where
 *    each mark glyph's mark is, the base taking the letters before the first
 *    one, each mark glyph its mark and the letters up to the next;
 *  - otherwise one character per glyph in drawing order, the last glyph
 *    taking the rest ("fi" ligature: "fi"; an Indic syllable: a character per
 *    glyph);
 *  - a glyph still without text (more glyphs than characters) repeats the
 *    cluster's last character.
 * Texts are appended to out at *o (off/len index them). Returns true when
 * the cluster needs /ActualText: some glyph's text is not what it shows
 * (the cut ligature) or the texts in drawing order are not the cluster's. */
static bool share_cluster(const tf_glyph *g, const size_t *d, size_t m, const char *s, size_t sn,
                          char *out, size_t *o, uint32_t *off, uint32_t *len)
{
    if (m == 1) {                      /* the common case: one glyph takes the whole text */
        if (sn) memcpy(out + *o, s, sn);
        off[d[0]] = (uint32_t)*o;
        len[d[0]] = (uint32_t)sn;
        *o += sn;
        return false;
    }
    size_t o0 = *o, adv = 0;
    bool cut = false;
    for (size_t j = 0; j < m; j++) adv += g[d[j]].x_advance != 0;
    if (m > 1 && adv == 1) {
        size_t total = 0;
        for (const char *q = s; q < s + sn;) total += is_mark_cp(tf_utf8_next(&q, s + sn));
        size_t give = total < m - 1 ? total : m - 1;   /* marks that get a glyph of their own */
        size_t skip = total - give;                    /* leading marks that stay with the base */
        bool after_mark = false;                       /* a letter after a given mark: cut */
        for (const char *q = s, *st = s + sn; q < st;) {
            bool mk = is_mark_cp(tf_utf8_next(&q, st));
            if (mk && skip) skip--;
            else if (mk) after_mark = true;
            else cut = cut || after_mark;
        }
        skip = total - give;
        size_t k = 0;            /* glyph being filled: the base, then each mark glyph from its mark on */
        off[d[0]] = (uint32_t)*o;
        len[d[0]] = 0;
        for (const char *q = s; q < s + sn;) {
            const char *at = q;
            bool mk = is_mark_cp(tf_utf8_next(&q, s + sn));
            size_t l = (size_t)(q - at);
            if (mk && skip) { skip--; mk = false; }
            if (mk && k + 1 < m) {   /* the next mark glyph starts here */
                k++;
                off[d[k]] = (uint32_t)*o;
                len[d[k]] = 0;
            }
            memcpy(out + *o, at, l);
            len[d[k]] += (uint32_t)l;
            *o += l;
        }
        for (k++; k < m; k++) { off[d[k]] = (uint32_t)*o; len[d[k]] = 0; }
    } else {
        size_t pos = 0;
        for (size_t j = 0; j < m; j++) {
            size_t l = sn - pos;
            if (j + 1 < m && l) {                    /* one character */
                const char *q = s + pos;
                tf_utf8_next(&q, s + sn);
                l = (size_t)(q - (s + pos));
            }
            memcpy(out + *o, s + pos, l);
            off[d[j]] = (uint32_t)*o;
            len[d[j]] = (uint32_t)l;
            *o += l;
            pos += l;
        }
    }
    bool same = *o - o0 == sn;                       /* drawing order reads as the text? */
    for (size_t j = 0, at = 0; j < m && same; j++) {
        size_t i = d[j];
        same = len[i] > 0 && at + len[i] <= sn && memcmp(s + at, out + off[i], len[i]) == 0;
        at += len[i];
    }
    for (size_t j = 0; j < m && sn; j++) {
        size_t i = d[j];
        if (len[i]) continue;
        size_t l = last_char_len(s, sn);
        memcpy(out + *o, s + sn - l, l);
        off[i] = (uint32_t)*o;
        len[i] = (uint32_t)l;
        *o += l;
    }
    return (cut || !same) && sn > 0;
}

/* Continue the text object, or begin one, with the line origin at (tx, ty)
 * in 1/1000 pt (Td is relative to the previous line origin; carried in
 * 1/1000 pt so rounding never accumulates) and font fi at size. */
static void text_at(tf_pdf *p, const pfont *f, int fi, tf_sp size, int64_t tx, int64_t ty)
{
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
    buf_fixed(b, tx - p->line_x, 3);
    buf_putc(b, ' ');
    buf_fixed(b, ty - p->line_y, 3);
    buf_puts(b, " Td\n");
    p->line_x = tx;
    p->line_y = ty;
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
    int64_t tx = sp_to_mpt(x), ty = sp_to_mpt(y);
    text_at(p, f, fi, size, tx, ty);
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
    /* Drawing order: a right-to-left run is written in logical order (its
     * clusters from the end of the array), so the content stream reads as
     * the text does, which is what the structure tree and text extraction
     * take; in each cluster the advancing glyphs come first, then the marks:
     * HarfBuzz puts an RTL cluster's marks before its base, and a text
     * extractor attaches a combining mark to the character drawn just before
     * it. Positions come from the shaping order (pen_at), so the picture
     * does not change. */
    int64_t scratch[GLYPHS_STACK * 5];   /* 5 x 8 bytes per glyph, carved below */
    int64_t *mem = n <= GLYPHS_STACK ? scratch : tf_xmalloc(n * 5 * sizeof *mem);
    int64_t *pen_at = mem;
    size_t *order = (size_t *)(mem + n);
    /* at a cluster's first drawn glyph: its glyph count, and whether it is
     * wrapped in /ActualText; 0 elsewhere */
    uint32_t *cstart = (uint32_t *)(mem + 2 * n), *span = cstart + n;
    uint32_t *ends = (uint32_t *)(mem + 3 * n), *toff = ends + n, *tlen = toff + n;
    bool rtl_run = false;
    for (size_t i = 1; i < n && !rtl_run; i++) rtl_run = g[i].cluster < g[i - 1].cluster;
    int64_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        pen_at[i] = acc;
        acc += tf_font_units_to_sp(g[i].x_advance, size, f->upem);
    }
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
        /* a lone cluster drawn right to left (mark glyphs before the base) */
        bool rev = rtl_run || (m == n && m > 1 && g[i].x_advance == 0 && g[i + m - 1].x_advance != 0);
        for (size_t j = 1; j < m; j++) cstart[k + j] = 0;
        cstart[k] = (uint32_t)m;
        for (int pass = 0; pass < 2; pass++)
            for (size_t j = 0; j < m; j++) {
                size_t gi = rev ? i + m - 1 - j : i + j;
                if ((g[gi].x_advance == 0) == (pass == 1)) order[k++] = gi;
            }
    }

    /* The text of each glyph, and which clusters need /ActualText. */
    cluster_ends(g, n, text_len, ends);
    char tstack[1024];
    size_t tcap = text_len + 4 * n + 1;   /* a glyph may repeat one character */
    char *tbuf = tcap <= sizeof tstack ? tstack : tf_xmalloc(tcap);
    size_t to = 0;
    for (size_t oi = 0; oi < n; oi += cstart[oi]) {
        size_t i = order[oi];
        uint32_t pos = g[i].cluster < text_len ? g[i].cluster : (uint32_t)text_len;
        uint32_t end = ends[i] < text_len ? ends[i] : (uint32_t)text_len;
        if (end < pos) end = pos;
        span[oi] = text && share_cluster(g, order + oi, cstart[oi], text + pos, end - pos,
                                         tbuf, &to, toff, tlen);
        if (!text)
            for (size_t j = 0; j < cstart[oi]; j++) toff[order[oi + j]] = tlen[order[oi + j]] = 0;
    }

    int64_t at = 0;                    /* PDF position, 1/100000 em */
    tf_sp rise = 0;
    bool in_array = false, in_hex = false;
    size_t in_tj = 0, span_left = 0;   /* glyphs of the open /ActualText Span still to draw */
    bool reopen = false;               /* a Span ended: back to the element's own content */
    for (size_t oi = 0; oi < n; oi++) {
        size_t i = order[oi];
        if ((cstart[oi] && span[oi]) || reopen) {
            if (in_hex) { buf_putc(b, '>'); in_hex = false; }
            if (in_array) { buf_puts(b, "] TJ\n"); in_array = false; }
            uint32_t pos = g[i].cluster, end = ends[i];   /* within the text: share_cluster had some */
            if (cstart[oi] && span[oi] && pdf_actual_begin(p, text + pos, end - pos))
                span_left = cstart[oi];
            else
                pdf_mark_content(p);
            reopen = false;
            if (!p->in_text) {         /* a marked-content operator ended the text object */
                text_at(p, f, fi, size, tx, ty);
                at = 0;
            }
            in_tj = 0;
        }
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
        if (span_left && --span_left == 0) {
            pdf_actual_end(p);
            reopen = true;
        }
    }
    if (tbuf != tstack) free(tbuf);
    if (mem != scratch) free(mem);
    if (in_hex) buf_putc(b, '>');
    if (in_array) buf_puts(b, "] TJ\n");
    if (rise) buf_puts(b, "0 Ts\n");
}
