/* setline.c: one line, or one text that does not split, into display ops.
 *
 * Vertical model: a line of a role takes `pitch`; its baseline sits at
 * half-leading + ascender below the line's top. Frames are inset by the
 * layout so that glyphs of a line at a frame's top or bottom edge stay
 * inside the safe area even when the leading is tighter than the font's
 * ascender + descender.
 *
 * A line's items are reordered for display (UAX #9 L2), drawn as glyph
 * runs at visual positions, and the ops of a bidi line are then put back in
 * logical order, so the content stream (and the structure tree that reads
 * it) has the text as written. Links become LINK ops and Link elements. */
#include "setter.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "placed.h"

/* Drawing that follows (s->elem) belongs to the node. */
uint32_t tf_setline_node(tf_setter *s, const char *role, uint32_t parent, const tf_text *t)
{
    uint32_t n = tf_display_node(s->dl, role, parent);
    if (t && t->lang && s->doc->lang && strcmp(t->lang, s->doc->lang) != 0) s->dl->nodes[n].lang = t->lang;
    return n;
}

const char *tf_setline_title(tf_setter *s, const char *src)
{
    if (!src) return NULL;
    char *out = tf_arena_alloc(s->dl->arena, strlen(src) + 1), *o = out;
    for (const char *p = src; *p; p++) {
        if (*p == '*' || *p == '[') continue;
        if (*p == ']' && p[1] == '(') { const char *e = strchr(p, ')'); if (e) { p = e; continue; } }
        if (*p == ']' && p[1] == '{') { const char *e = strchr(p, '}'); if (e) { p = e; continue; } }
        if (*p == '\\' && p[1]) p++;
        *o++ = (*p == '\n') ? ' ' : *p;
    }
    *o = 0;
    return out;
}


tf_sp tf_setline_baseline(const tf_role *r, tf_font *f)
{
    tf_sp asc = tf_font_ascender(f, r->size), desc = tf_font_descender(f, r->size);
    tf_sp half = (r->pitch - (asc - desc)) / 2;
    return half + asc;
}

/* Visual order of a line's items (UAX #9 rule L2): from the highest level
 * down to the lowest odd one, reverse every run at that level or above. */
static void reorder(const tf_ptext *t, uint32_t *idx, size_t n)
{
    uint8_t hi = 0, lo_odd = 255;
    for (size_t i = 0; i < n; i++) {
        uint8_t l = t->items[idx[i]].level;
        if (l > hi) hi = l;
        if ((l & 1) && l < lo_odd) lo_odd = l;
    }
    if (hi == 0) return;
    for (int lev = hi; lev >= lo_odd && lev > 0; lev--) {
        for (size_t i = 0; i < n;) {
            if (t->items[idx[i]].level < lev) { i++; continue; }
            size_t j = i;
            while (j < n && t->items[idx[j]].level >= lev) j++;
            for (size_t a = i, b = j - 1; a < b; a++, b--) {
                uint32_t tmp = idx[a];
                idx[a] = idx[b];
                idx[b] = tmp;
            }
            i = j;
        }
    }
}

/* --- what readers hear (issue 11): labels as templates (setter.h) --- */

const char *tf_setline_label(tf_setter *s, const tf_text *t, const char *dflt, const char *value,
                             const char **lang)
{
    const char *tpl = t->src ? t->src : dflt;
    if (lang) *lang = t->src ? t->lang : "en";
    const char *open = strchr(tpl, '{'), *close = open ? strchr(open, '}') : NULL;
    if (!close) return tf_arena_printf(s->dl->arena, "%s %s", tpl, value);
    return tf_arena_printf(s->dl->arena, "%.*s%s%s", (int)(open - tpl), tpl, value, close + 1);
}

const char *tf_setline_url_shown(tf_setter *s, const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == '/') n--;
    return tf_arena_strndup(s->dl->arena, p, n);
}

const char *tf_setline_link_says(tf_setter *s, const char *href, const char *shown)
{
    const tf_labels *lb = &s->doc->labels;
    if (strncmp(href, "tel:", 4) == 0) {
        bool digits = false;
        for (const char *p = shown; p && *p && !digits; p++) digits = *p >= '0' && *p <= '9';
        return tf_setline_label(s, &lb->call, "Call {number}", digits ? shown : href + 4, NULL);
    }
    if (strncmp(href, "mailto:", 7) == 0)
        return tf_setline_label(s, &lb->write, "Email {address}", href + 7, NULL);
    return tf_setline_label(s, &lb->website, "Website {url}", tf_setline_url_shown(s, href), NULL);
}

/* The text of link `href` in a prepared text: its pieces and the spaces
 * between them, in logical order, bidi isolates left out. */
static const char *link_text(tf_setter *s, const tf_ptext *t, const char *href)
{
    size_t first = t->n, last = 0, n = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->items[i].href == href) { if (first == t->n) first = i; last = i; }
    for (size_t i = first; i <= last && i < t->n; i++) n += t->items[i].text_len;
    char *out = tf_arena_alloc(s->dl->arena, n + 1), *o = out;
    for (size_t i = first; i <= last && i < t->n; i++) {
        const tf_pitem *it = &t->items[i];
        if (it->kind == TF_PITEM_HYPHEN || (it->href != href && it->kind != TF_PITEM_SPACE)) continue;
        for (uint32_t k = 0; k < it->text_len; k++) {
            const unsigned char *c = (const unsigned char *)it->text + k;
            if (c[0] == 0xE2 && k + 2 < it->text_len && c[1] == 0x81 && c[2] >= 0xA6 && c[2] <= 0xA9) {
                k += 2;                    /* U+2066..U+2069 */
                continue;
            }
            *o++ = (char)c[0];
        }
    }
    *o = '\0';
    return out;
}

/* The Link element for link `href` in the paragraph being drawn: the one
 * made for an earlier line of the same link (a link that wraps is one Link
 * with an annotation, an OBJR, per line), else a new one. */
static uint32_t link_node(tf_setter *s, const tf_ptext *t, const char *href)
{
    for (size_t k = s->dl->n_nodes; k-- > s->elem + 1u;) {
        const tf_snode *n = &s->dl->nodes[k];
        if (n->parent == s->elem && n->markup == href) return (uint32_t)k;
    }
    uint32_t lnode = tf_setline_node(s, "Link", s->elem, NULL);
    s->dl->nodes[lnode].markup = href;
    s->dl->nodes[lnode].alt = tf_setline_link_says(s, href, link_text(s, t, href));
    return lnode;
}

/* The element a piece of paragraph t, being drawn, goes to: the paragraph,
 * or for a piece of a [..]{lang=..} span in another language than the
 * paragraph's, an inline Span with that /Lang (one per span of markup, over
 * however many lines it runs). A span that is the whole text (a contact's
 * name, an address line) gives the paragraph itself the /Lang. */
static uint32_t lang_node(tf_setter *s, const tf_ptext *t, const char *lang)
{
    if (!lang || !s->elem) return s->elem;
    const char *own = s->dl->nodes[s->elem].lang ? s->dl->nodes[s->elem].lang : s->doc->lang;
    if (own && strcmp(lang, own) == 0) return s->elem;
    bool whole = true;
    for (size_t i = 0; i < t->n && whole; i++)
        whole = t->items[i].kind != TF_PITEM_PIECE || t->items[i].lang == lang;
    if (whole) {
        s->dl->nodes[s->elem].lang = lang;
        return s->elem;
    }
    for (size_t k = s->dl->n_nodes; k-- > s->elem + 1u;) {
        const tf_snode *n = &s->dl->nodes[k];
        if (n->parent == s->elem && n->markup == lang && strcmp(n->role, "Span") == 0) return (uint32_t)k;
    }
    uint32_t span = tf_display_node(s->dl, "Span", s->elem);
    s->dl->nodes[span].lang = lang;
    s->dl->nodes[span].markup = lang;
    return span;
}

/* The element of space item i: a language span's when the items before and
 * after it in logical order (the order of t->items) belong to that span. */
static uint32_t space_node(tf_setter *s, const tf_ptext *t, size_t i)
{
    bool inside = i > 0 && i + 1 < t->n && t->items[i - 1].lang == t->items[i + 1].lang;
    return lang_node(s, t, inside ? t->items[i - 1].lang : NULL);
}

tf_op *tf_setline_glyph(tf_setter *s, int page, tf_sp x, tf_sp baseline, const tf_role *r, tf_color c,
                       const tf_pitem *it, uint32_t elem)
{
    tf_op *op = tf_display_add(s->dl, TF_OP_GLYPHS, page);
    op->x = x;
    op->y = baseline;
    op->size = r->size;
    op->color = c;
    op->font = it->font;
    op->glyphs = it->glyphs;
    op->n_glyphs = it->n_glyphs;
    op->text = it->text;
    op->text_len = it->text_len;
    op->elem = elem;
    op->fake_bold = it->fake_bold;
    return op;
}

/* Sort a bidi line's ops [from, n) by the logical position of their text
 * (glyph text pointers lie in the prepared text in logical order; links
 * sort with their text). Stable: equal keys keep their order. */
static void logical_order(tf_setter *s, const tf_ptext *t, size_t from)
{
    tf_display *d = s->dl;
    size_t n = d->n - from;
    if (n < 2) return;
    uintptr_t *key = tf_arena_alloc(s->scratch, n * sizeof *key);
    for (size_t i = 0; i < n; i++) {
        const tf_op *op = &d->ops[from + i];
        key[i] = UINTPTR_MAX;
        if (op->kind == TF_OP_GLYPHS && op->text) {
            for (size_t k = 0; k < t->n; k++)          /* the item drawn by this op */
                if (t->items[k].text == op->text &&
                    (t->items[k].glyphs == op->glyphs || (t->items[k].flags & TF_PF_JOIN))) { key[i] = k; break; }
        }
    }
    for (size_t i = 0; i < n; i++)                     /* a link op sorts right after its first piece */
        if (d->ops[from + i].kind == TF_OP_LINK && i > 0) key[i] = key[i - 1];
    tf_op *ops = d->ops + from;
    for (size_t i = 1; i < n; i++) {                   /* insertion sort: lines are short */
        tf_op o = ops[i];
        uintptr_t kk = key[i];
        size_t j = i;
        while (j > 0 && key[j - 1] > kk) {
            ops[j] = ops[j - 1];
            key[j] = key[j - 1];
            j--;
        }
        ops[j] = o;
        key[j] = kk;
    }
}

/* Are items a and b (in drawing order) pieces cut from one run with
 * nothing taken between them? */
static bool joins(const tf_ptext *t, uint32_t a, uint32_t b)
{
    const tf_pitem *x = &t->items[a], *y = &t->items[b];
    if (b <= a || y->kind != TF_PITEM_PIECE || x->text + x->text_len != y->text) return false;
    for (uint32_t i = a + 1; i < b; i++)
        if (t->items[i].kind != TF_PITEM_BREAK) return false;
    return x->font == y->font && x->style == y->style && x->href == y->href && x->level == y->level &&
           x->lang == y->lang;
}

/* One piece from pieces idx[0..n) (joins() holds between neighbours). */
static tf_pitem join_run(tf_setter *s, const tf_ptext *t, const uint32_t *idx, size_t n)
{
    tf_pitem out = t->items[idx[0]];
    uint32_t ng = 0;
    for (size_t k = 0; k < n; k++) ng += t->items[idx[k]].n_glyphs;
    tf_glyph *g = tf_arena_alloc(s->dl->arena, (ng ? ng : 1) * sizeof *g);
    uint32_t at = 0;
    out.width = 0;
    for (size_t k = 0; k < n; k++) {
        const tf_pitem *it = &t->items[idx[k]];
        uint32_t off = (uint32_t)(it->text - out.text);
        for (uint32_t q = 0; q < it->n_glyphs; q++) {
            g[at] = it->glyphs[q];
            g[at++].cluster += off;
        }
        out.width += it->width;
    }
    const tf_pitem *last = &t->items[idx[n - 1]];
    out.text_len = (uint32_t)(last->text + last->text_len - out.text);
    out.glyphs = g;
    out.n_glyphs = ng;
    out.flags &= (uint8_t)~TF_PF_JOIN;
    return out;
}

/* Widest word space of a line as drawn, over its natural width. */
static float space_ratio(const tf_ptext *t, const tf_line *ln, const tf_role *r, tf_sp extra)
{
    double worst = 0;
    for (uint32_t i = ln->first; i < ln->end; i++) {
        const tf_pitem *it = &t->items[i];
        if (it->kind != TF_PITEM_SPACE) continue;
        tf_sp w = tf_pitem_width(it, r->size);
        if (w <= 0) continue;
        double q = (double)(w + extra) / (double)w;
        if (q > worst) worst = q;
    }
    return (float)worst;
}

/* The line box starts at x (page coordinates) and is ln->target wide. Justified lines
 * (all but the last) spread the difference over their spaces; RTL lines
 * are aligned right and reordered. */
void tf_setline_draw(tf_setter *s, const tf_frame *fr, tf_sp y, tf_sp x, const tf_ptext *t,
                      const tf_line *ln, const tf_role *r, bool justify)
{
    if (!s->ok) return;   /* a failed layout is never drawn; an overfull line's x can overflow */
    justify = justify && !ln->ragged;
    tf_font *base = tf_ptext_font(s->pc.fonts, r->style);
    tf_sp baseline = fr->top - y - tf_setline_baseline(r, base);
    tf_sp extra = 0;
    /* justified lines stretch or shrink their spaces to the measure; any line
     * the breaker set with shrunk spaces (the last line too) is shrunk */
    if ((justify || ln->natural > ln->target) && ln->n_spaces)
        extra = (ln->target - ln->natural) / (tf_sp)ln->n_spaces;
    if (t->right) x += ln->target - (ln->natural + extra * (tf_sp)ln->n_spaces);
    tf_sp asc = tf_font_ascender(base, r->size), desc = tf_font_descender(base, r->size);

    size_t n = 0;
    uint32_t *idx = tf_arena_alloc(s->scratch, (ln->end - ln->first + 2) * sizeof *idx);
    for (uint32_t i = ln->first; i < ln->end; i++)
        if (t->items[i].kind == TF_PITEM_PIECE || t->items[i].kind == TF_PITEM_SPACE) idx[n++] = i;
    if (ln->hyphen) idx[n++] = ln->end;
    reorder(t, idx, n);
    bool bidi = false;
    for (size_t k = 0; k < n && !bidi; k++) bidi = t->items[idx[k]].level != 0;
    size_t first_op = s->dl->n;
    tf_sp x_left = x;

    /* the link being extended, by index: adding ops may move the array */
    size_t link = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        const tf_pitem *it = &t->items[idx[k]];
        tf_sp w = tf_pitem_width(it, r->size);
        if (it->kind == TF_PITEM_SPACE) {
            /* a real space glyph: text extraction and the structure tree's
             * text get their word spaces from it, not from guessing gaps */
            if (it->n_glyphs)
                tf_setline_glyph(s, fr->page, x, baseline, r, r->color, it,
                         link != SIZE_MAX && k + 1 < n && t->items[idx[k + 1]].href == s->dl->ops[link].text
                             ? s->dl->ops[link].elem : space_node(s, t, idx[k]));
            x += w + extra;
            if (link != SIZE_MAX && (k + 1 >= n || t->items[idx[k + 1]].href != s->dl->ops[link].text))
                link = SIZE_MAX;
            if (link != SIZE_MAX) s->dl->ops[link].w = x - s->dl->ops[link].x;
            continue;
        }
        /* pieces of an address cut where it may break, and not broken
         * here, are drawn as the one run they were shaped as */
        tf_pitem joined;
        if ((it->flags & TF_PF_JOIN) && k + 1 < n && joins(t, idx[k], idx[k + 1])) {
            size_t k2 = k + 1;
            while ((t->items[idx[k2]].flags & TF_PF_JOIN) && k2 + 1 < n && joins(t, idx[k2], idx[k2 + 1])) k2++;
            joined = join_run(s, t, idx + k, k2 - k + 1);
            it = &joined;
            w = tf_pitem_width(it, r->size);
            k = k2;
        }
        /* a hyphen added at a line break is not part of the text: an artifact */
        tf_setline_glyph(s, fr->page, x, baseline, r, it->href ? s->link : r->color, it,
                 it->kind == TF_PITEM_HYPHEN ? 0 : lang_node(s, t, it->lang));
        size_t gi = s->dl->n - 1;
        if (it->href) {
            if (link == SIZE_MAX || s->dl->ops[link].text != it->href) {
                uint32_t lnode = link_node(s, t, it->href);
                if (lang_node(s, t, it->lang) != s->elem) s->dl->nodes[lnode].lang = it->lang;
                tf_op *l = tf_display_add(s->dl, TF_OP_LINK, fr->page);
                l->x = x;
                l->y = baseline + desc;
                l->h = asc - desc;
                l->text = it->href;
                l->elem = lnode;
                link = s->dl->n - 1;
            }
            s->dl->ops[link].w = x + w - s->dl->ops[link].x;
            s->dl->ops[gi].elem = s->dl->ops[link].elem;   /* the glyphs belong to the Link */
        } else {
            link = SIZE_MAX;
        }
        x += w;
    }
    /* Positions are visual; the content stream is written in logical order
     * (UAX #9 reversed back), so the structure tree, which reads marked
     * content in stream order, has the text as written. */
    if (bidi) logical_order(s, t, first_op);

    /* the line's facts, on its first op, for reports and checks */
    for (size_t k = first_op; k < s->dl->n; k++) {
        tf_op *op = &s->dl->ops[k];
        if (op->kind != TF_OP_GLYPHS) continue;
        op->line = TF_LINE_START | (ln->hyphen ? TF_LINE_HYPHEN : 0) | (ln->last ? TF_LINE_LAST : 0) |
                   (justify && ln->n_spaces ? TF_LINE_JUSTIFIED : 0) |
                   ((r == &s->role[TF_ROLE_BODY] || r == &s->role[TF_ROLE_SMALL]) && !t->data ? TF_LINE_RUNNING : 0) |
                   (ln->ragged ? TF_LINE_RAGGED : 0);
        if (ln->ragged) op->loc = t->loc;
        op->space_ratio = space_ratio(t, ln, r, extra);
        break;
    }

    /* the space the line broke at, drawn after its last word (left to right
     * lines), so the text of a paragraph keeps the space between lines */
    if (!ln->hyphen && ln->end < t->n && t->items[ln->end].kind == TF_PITEM_SPACE &&
        t->items[ln->end].n_glyphs) {
        const tf_pitem *it = &t->items[ln->end];
        tf_sp sx = t->rtl ? x_left - tf_pitem_width(it, r->size) : x;   /* at the line's logical end */
        tf_setline_glyph(s, fr->page, sx, baseline, r, r->color, it, space_node(s, t, ln->end));
    }
}

/* Line widths for the breaker: segment i gives n[i] lines of width w[i],
 * the last segment every line after. */
typedef struct widths {
    const size_t *n;
    const tf_sp *w;
    size_t n_seg;
} widths;

static tf_sp width_cb(void *ctx, size_t line)
{
    const widths *ws = ctx;
    for (size_t i = 0; i + 1 < ws->n_seg; i++) {
        if (line < ws->n[i]) return ws->w[i];
        line -= ws->n[i];
    }
    return ws->w[ws->n_seg - 1];
}

/* The last line of every segment but the last is the last line of a
 * frame (a panel): no word is hyphenated across it. */
static bool frame_end_cb(void *ctx, size_t line)
{
    const widths *ws = ctx;
    size_t end = 0;
    for (size_t i = 0; i + 1 < ws->n_seg; i++) {
        end += ws->n[i];
        if (ws->n[i] && line == end - 1) return true;
        if (line < end) return false;
    }
    return false;
}

/* No justified line drawn so far has word spaces over justify_max_space:
 * the brochure's one loose line is still to spend. The display list is the
 * whole brochure's and is rolled back with trial settings, so this counts
 * exactly what is drawn. */
static bool no_loose_line_yet(void *ctx)
{
    const tf_setter *s = ctx;
    double max = s->doc->theme.params.justify_max_space;
    for (size_t i = 0; i < s->dl->n; i++) {
        const tf_op *op = &s->dl->ops[i];
        if (op->kind == TF_OP_GLYPHS && (op->line & TF_LINE_START) && (op->line & TF_LINE_JUSTIFIED) &&
            op->space_ratio > max + 1e-3)
            return false;
    }
    return true;
}

/* Breaking a paragraph, remembered (tf_pcache_memo_get): the lines depend
 * only on the text's items, the size, the options and the line widths, all
 * in the key, and on whether the brochure's one loose line is still free
 * when the breaker asks, which is asked again at a hit. */
typedef struct break_key {
    const tf_pitem *items;     /* the text: its items never change or move while the cache lives */
    size_t n_items;
    tf_sp size;
    uint8_t justify, running, loosen, data, rtl;
    size_t n_seg;
    const void *params;        /* the theme's parameters, interned (tf_pcache_intern) */
    /* then n_seg line counts and n_seg widths */
} break_key;

typedef struct break_val {
    tf_para p;                 /* p.lines: the lines follow */
    bool loose_asked, loose_ok;
} break_val;

typedef struct loose_rec {
    tf_setter *s;
    bool asked, ok;
} loose_rec;

static bool loose_recorded(void *ctx)
{
    loose_rec *lr = ctx;
    lr->asked = true;
    lr->ok = no_loose_line_yet(lr->s);
    return lr->ok;
}

static void break_text(tf_setter *s, const tf_ptext *t, const tf_role *r, const size_t *seg_n,
                       const tf_sp *seg_w, size_t n, bool drawn_justified, bool may_loosen, tf_para *out)
{
    widths ws = {seg_n, seg_w, n};
    /* running text is set in the body and small roles; titles, subtitles,
     * headings (checklist and contact titles too) and names are not */
    bool running = r == &s->role[TF_ROLE_BODY] || r == &s->role[TF_ROLE_SMALL];
    bool loosen = may_loosen && running && !t->data;
    size_t klen = sizeof(break_key) + n * (sizeof *seg_n + sizeof *seg_w);
    unsigned char kstack[1024];
    unsigned char *kb = klen <= sizeof kstack ? kstack : tf_xmalloc(klen);
    break_key k;
    memset(&k, 0, sizeof k);           /* padding too: the key is compared as bytes */
    k.items = t->items;
    k.n_items = t->n;
    k.size = r->size;
    k.justify = drawn_justified;
    k.running = running;
    k.loosen = loosen;
    k.data = t->data;
    k.rtl = t->rtl;
    k.n_seg = n;
    k.params = s->cache ? tf_pcache_intern(s->cache, &s->doc->theme.params, sizeof s->doc->theme.params) : NULL;
    memcpy(kb, &k, sizeof k);
    memcpy(kb + sizeof k, seg_n, n * sizeof *seg_n);
    memcpy(kb + sizeof k + n * sizeof *seg_n, seg_w, n * sizeof *seg_w);

    size_t vlen;
    const break_val *v = s->cache ? tf_pcache_memo_get(s->cache, kb, klen, &vlen) : NULL;
    if (v && (!v->loose_asked || no_loose_line_yet(s) == v->loose_ok)) {
        *out = v->p;
        out->lines = tf_arena_alloc(s->scratch, (v->p.n + 1) * sizeof *out->lines);
        memcpy(out->lines, v + 1, v->p.n * sizeof *out->lines);
    } else {
        loose_rec lr = {s, false, false};
        tf_para_opts o = {r->size, drawn_justified, &s->doc->theme.params, width_cb, &ws, running && !t->data,
                          drawn_justified, 0, n > 1 ? frame_end_cb : NULL,
                          loosen ? loose_recorded : NULL, &lr};
        tf_para_set(s->scratch, t, &o, out);
        if (s->cache) {
            size_t bytes = sizeof(break_val) + out->n * sizeof *out->lines;
            break_val *nv = tf_xmalloc(bytes);
            nv->p = *out;
            nv->p.lines = NULL;
            nv->loose_asked = lr.asked;
            nv->loose_ok = lr.ok;
            memcpy(nv + 1, out->lines, out->n * sizeof *out->lines);
            tf_pcache_memo_put(s->cache, kb, klen, nv, bytes);
            free(nv);
        }
    }
    if (kb != kstack) free(kb);
}

/* A paragraph of the flow: drawn justified when the theme says so. Units
 * (list items, headings, contacts) are drawn ragged, so they are broken
 * ragged too (an optimised rag, not justified spacing that is never used).
 * A flow's running text may spend the brochure's one loose line. */
void tf_setline_break(tf_setter *s, const tf_ptext *t, const tf_role *r, const size_t *seg_n,
                      const tf_sp *seg_w, size_t n, tf_para *out)
{
    break_text(s, t, r, seg_n, seg_w, n, s->justify, true, out);
}

void tf_setline_overfull(tf_setter *s, const tf_text *src, const tf_para *p, const tf_frame *fr,
                         tf_sp width, tf_sp size)
{
    const tf_pitem *it = p->overfull_item;
    char word[64] = "?";
    if (it && p->overfull_text) {            /* the whole word, not the piece of it */
        size_t n = p->overfull_len < sizeof word - 4 ? p->overfull_len : sizeof word - 4;
        while (n > 0 && n < p->overfull_len && ((unsigned char)p->overfull_text[n] & 0xC0) == 0x80) n--;
        memcpy(word, p->overfull_text, n);
        strcpy(word + n, n < p->overfull_len ? "..." : "");
    }
    s->ok = false;
    if (s->quiet) return;
    tf_diag_error(src ? &src->loc : NULL,
                  "'%s' is too wide for a line in panel '%s' (%.1f pt wide, the line is %.1f pt)", word,
                  tf_panel_name(s->doc->sheet.fold, fr->panel), it ? tf_sp_to_pt(p->overfull_text ? p->overfull_width
                                                                   : tf_pitem_width(it, size)) : 0.0,
                  tf_sp_to_pt(width));
    s->ok = false;
}

static void set_lines_fixed(tf_setter *s, const tf_ptext *t, const tf_role *r, tf_sp width,
                            tf_para *out, const tf_text *src, const tf_frame *fr, bool justify)
{
    size_t one = 1;
    break_text(s, t, r, &one, &width, 1, justify && s->justify, false, out);
    if (out->overfull && s->ok) tf_setline_overfull(s, src, out, fr, width, r->size);
}

bool tf_setline_fits(tf_setter *s, const tf_ptext *t, const tf_role *r, tf_sp width)
{
    if (!t->n) return true;
    size_t one = 1;
    tf_para p;
    break_text(s, t, r, &one, &width, 1, false, false, &p);
    return !p.overfull;
}

tf_sp tf_setline_text(tf_setter *s, const tf_frame *fr, tf_sp y, tf_sp indent, const tf_ptext *t,
                       const tf_role *r, const tf_text *src, bool justify)
{
    if (!t->n) return 0;
    tf_para p;
    set_lines_fixed(s, t, r, fr->w - indent, &p, src, fr, justify);
    tf_sp x = t->right ? fr->x : fr->x + indent;     /* the indent is on the reading side */
    int64_t h = (int64_t)p.n * r->pitch;
    for (size_t i = 0; i < p.n && (int64_t)i * r->pitch < TF_TALL; i++) {
        size_t op0 = s->dl->n;
        tf_setline_draw(s, fr, y + (tf_sp)i * r->pitch, x, t, &p.lines[i], r, justify && i + 1 < p.n);
        tf_placed_line(s, op0, fr, y + (tf_sp)i * r->pitch, t, &p.lines[i], r, src, i, p.n);
    }
    return h > TF_TALL ? TF_TALL : (tf_sp)h;
}

void tf_setline_warn_ragged(const tf_display *dl, double max_space)
{
    /* once per paragraph: the places already warned about (a paragraph's
     * lines share its loc; there are at most as many as lines) */
    const tf_loc **done = NULL;
    size_t n_done = 0, cap = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const tf_op *op = &dl->ops[i];
        if (op->kind != TF_OP_GLYPHS || !(op->line & TF_LINE_RAGGED)) continue;
        bool seen = false;
        for (size_t k = 0; k < n_done && !seen; k++) seen = done[k] == op->loc;
        if (seen) continue;
        if (n_done == cap) {
            cap = cap ? 2 * cap : 16;
            done = tf_xrealloc(done, cap * sizeof *done);
        }
        done[n_done++] = op->loc;
        /* the first words: the line's runs, up to about 30 bytes */
        char words[48] = "";
        size_t n = 0;
        for (size_t k = i; k < dl->n && n < 30; k++) {
            const tf_op *g = &dl->ops[k];
            if (g->kind != TF_OP_GLYPHS || g->y != op->y || g->page != op->page || !g->text) break;
            if (k > i && (g->line & TF_LINE_START)) break;
            size_t take = g->text_len < 30 - n ? g->text_len : 30 - n;
            while (take > 0 && take < g->text_len && ((unsigned char)g->text[take] & 0xC0) == 0x80) take--;
            memcpy(words + n, g->text, take);
            n += take;
        }
        while (n > 0 && words[n - 1] == ' ') n--;
        words[n] = 0;
        tf_diag_warning(op->loc, "justified paragraph '%s...' set ragged right: no line breaks keep its word "
                        "spaces within %g times their width (theme typesetting: justify_max_space)",
                        words, max_space);
    }
    free(done);
}
