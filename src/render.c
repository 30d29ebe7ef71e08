/* render.c: walk the display list page by page and draw it. */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clinic.h"

#include "diag.h"
#include "version.h"

/* Crop and fold marks in registration colour (every plate). */
static void draw_marks(tf_pdf *pdf, const tf_sheet *s, int page)
{
    for (size_t i = 0; i < s->n_marks; i++) {
        const tf_mark *m = &s->marks[i];
        if (m->page != page) continue;
        tf_pdf_reg_line(pdf, m->x1, m->y1, m->x2, m->y2, TF_PT(0.25), m->dashed ? TF_PT(2) : 0);
    }
}

/* A line of text in `font` at (x, y), for the slug and the proof; shrunk
 * to fit max_w. */
static void draw_label(tf_pdf *pdf, tf_font *font, tf_sp size, tf_color c, tf_sp x, tf_sp y,
                       tf_sp max_w, const char *text)
{
    size_t len = strlen(text);
    tf_sp w = tf_font_measure(font, size, text, len, "en");
    if (w > max_w && w > 0) size = (tf_sp)((int64_t)size * max_w / w);
    tf_glyph g[256];
    size_t n = tf_font_shape(font, text, len, "en", TF_DIR_LTR, g, TF_ARRAY_LEN(g));
    if (n > TF_ARRAY_LEN(g)) n = TF_ARRAY_LEN(g);
    tf_pdf_fake_bold(pdf, 0);
    tf_pdf_glyphs(pdf, font, size, c, x, y, g, n, text, len);
}

/* The slug: below the bleed, under the middle panel, between the two fold
 * marks (no mark is there; the crop marks are at the corners). */
static void draw_slug(tf_pdf *pdf, const tf_doc *doc, const tf_sheet *s, int page,
                      tf_font *font, long long epoch)
{
    static const char *const side[TF_PAGE_COUNT] = {"outside", "inside"};
    char date[16], text[512];
    time_t t = (time_t)epoch;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) memset(&tm, 0, sizeof tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    snprintf(text, sizeof text, "%s | press | %s | clinic %s | %s | %s", doc->id, doc->lang,
             doc->clinic ? doc->clinic->id : "none", date, side[page]);
    tf_sp x = s->fold_x[page][0] + TF_PT(6), y = s->bleed.y - TF_PT(9);
    tf_sp w = s->fold_x[page][1] - TF_PT(6) - x;
    draw_label(pdf, font, TF_PT(6), TF_RGB(0, 0, 0), x, y, w, text);
}

/* The proof layer: sheet bleed and trim, folds, and per panel its trim,
 * safe area, name and place in the reading order. */
static void draw_proof(tf_pdf *pdf, const tf_sheet *s, int page, tf_font *font)
{
    const tf_color trim_c = TF_RGB(0xd0, 0x20, 0x80), safe_c = TF_RGB(0x10, 0x90, 0x40),
                   bleed_c = TF_RGB(0x20, 0x60, 0xd0);
    tf_pdf_proof_begin(pdf);
    if (s->press) tf_pdf_stroke_rect(pdf, s->bleed, TF_PT(0.5), bleed_c);
    tf_pdf_stroke_rect(pdf, s->trim, TF_PT(0.5), trim_c);
    for (int k = 0; k < 2; k++)
        tf_pdf_line(pdf, s->fold_x[page][k], s->trim.y, s->fold_x[page][k], s->trim.y + s->trim.h,
                    TF_PT(0.75), trim_c, TF_PT(4));
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        const tf_panel_geom *g = &s->panel[p];
        if (g->page != page) continue;
        tf_pdf_line(pdf, g->safe.x, g->safe.y, g->safe.x + g->safe.w, g->safe.y, TF_PT(0.5), safe_c, TF_PT(2));
        tf_pdf_line(pdf, g->safe.x, g->safe.y + g->safe.h, g->safe.x + g->safe.w, g->safe.y + g->safe.h,
                    TF_PT(0.5), safe_c, TF_PT(2));
        tf_pdf_line(pdf, g->safe.x, g->safe.y, g->safe.x, g->safe.y + g->safe.h, TF_PT(0.5), safe_c, TF_PT(2));
        tf_pdf_line(pdf, g->safe.x + g->safe.w, g->safe.y, g->safe.x + g->safe.w, g->safe.y + g->safe.h,
                    TF_PT(0.5), safe_c, TF_PT(2));
        if (font) {
            char label[64];
            /* a Z-fold's back when folded is inside-right: say so */
            snprintf(label, sizeof label, "%d %s%s", tf_fold_reading_rank(s->fold, (tf_panel_id)p) + 1,
                     tf_panel_name(s->fold, (tf_panel_id)p),
                     s->fold == TF_FOLD_Z && p == TF_PANEL_INSIDE_RIGHT ? " (the back when folded)" : "");
            draw_label(pdf, font, TF_PT(9), trim_c, g->trim.x + TF_PT(4), g->trim.y + TF_PT(4),
                       g->trim.w - TF_PT(8), label);
        }
    }
    tf_pdf_proof_end(pdf);
}

/* Does any theme colour need the press profile in office output? */
static bool theme_has_cmyk(const tf_theme *t)
{
    return t->text.cmyk || t->accent.cmyk || t->accent_text.cmyk || t->tint.cmyk || t->heading.cmyk;
}

/* Build time: every theme colour within the condition's total ink limit. */
static bool check_ink(const tf_doc *doc, tf_colour *cm)
{
    static const char *const names[] = {"text", "heading", "accent", "accent_text", "tint"};
    const tf_theme *t = &doc->theme;
    const tf_color cs[] = {t->text, t->heading, t->accent, t->accent_text, t->tint};
    bool ok = true;
    for (size_t i = 0; i < TF_ARRAY_LEN(cs); i++) {
        int total = tf_ink_total(tf_colour_ink(cm, cs[i], false));
        if (total <= tf_colour_ink_limit(cm)) continue;
        tf_diag_error(t->press_loc.file ? &t->press_loc : NULL,
                      "theme colour %s needs %d.%d %% ink, over the %s limit of %d %%", names[i],
                      total / 10, total % 10, tf_colour_condition(cm), tf_colour_ink_limit(cm) / 10);
        ok = false;
    }
    return ok;
}

bool tf_render_press_spec(const tf_doc *doc, tf_press_spec *out)
{
    const tf_theme *t = &doc->theme;
    *out = (tf_press_spec){0};
    out->profile = t->press_profile;
    out->condition = t->press_condition;
    out->intent = TF_INTENT_RELATIVE;
    out->loc = t->press_loc;
    out->ink_limit = (int)(t->press_ink_limit * 10 + 0.5);
    if (t->press_intent && !tf_colour_intent_parse(t->press_intent, &out->intent)) {
        tf_diag_error(&t->press_loc, "unknown rendering intent '%s' (use relative, perceptual, "
                      "saturation or absolute)", t->press_intent);
        return false;
    }
    return true;
}

/* The logical structure: elements in reading order (top-level Sects by
 * key, children in the order they were added), created before any drawing
 * so the tree follows the brochure, not the sheet. Link elements are
 * created when first drawn so they sit among their paragraph's text. */
typedef struct structure {
    tf_pdf_elem *pdf;          /* per node: its PDF element, -1 not yet */
    size_t *first_op;          /* per node: first op drawn for it, SIZE_MAX none */
    bool links;                /* false (press): a Link without its annotation is a Span */
} structure;

/* Inline elements (a Link, a language Span) are made where they are first
 * drawn, so they sit among their parent's content in reading order: a bidi
 * line makes them in visual order and draws them in logical order. */
static bool inline_role(const char *role)
{
    return strcmp(role, "Link") == 0 || strcmp(role, "Span") == 0;
}

static void create_subtree(tf_pdf *pdf, const tf_display *d, structure *st, uint32_t node,
                           tf_pdf_elem parent)
{
    const tf_snode *s = &d->nodes[node];
    st->pdf[node] = tf_pdf_struct(pdf, parent, s->role, s->alt, s->lang);
    if (s->actual) tf_pdf_actual_text(pdf, st->pdf[node], s->actual);
    for (uint32_t k = node + 1; k < d->n_nodes; k++)
        if (d->nodes[k].parent == node && !inline_role(d->nodes[k].role))
            create_subtree(pdf, d, st, k, st->pdf[node]);
}

static tf_pdf_elem elem_of(tf_pdf *pdf, const tf_display *d, structure *st, uint32_t node)
{
    if (node == 0 || node >= d->n_nodes) return TF_PDF_ARTIFACT;
    if (st->pdf[node] < 0) {           /* a Link or Span, created where it is first drawn */
        uint32_t parent = d->nodes[node].parent;
        tf_pdf_elem pe = parent ? elem_of(pdf, d, st, parent) : TF_PDF_ROOT;
        const tf_snode *n = &d->nodes[node];
        bool link = st->links || strcmp(n->role, "Link") != 0;
        st->pdf[node] = tf_pdf_struct(pdf, pe, link ? n->role : "Span", link ? n->alt : NULL, n->lang);
    }
    return st->pdf[node];
}

static int cmp_key(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;     /* pairs: key, node */
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

static void build_structure(tf_pdf *pdf, const tf_display *d, structure *st)
{
    size_t n = d->n_nodes;
    st->pdf = tf_xmalloc((n + 1) * sizeof *st->pdf);
    st->first_op = tf_xmalloc((n + 1) * sizeof *st->first_op);
    for (size_t i = 0; i <= n; i++) { st->pdf[i] = -1; st->first_op[i] = SIZE_MAX; }
    for (size_t i = 0; i < d->n; i++) {
        uint32_t e = d->ops[i].elem;
        if (e && e < n && st->first_op[e] == SIZE_MAX) st->first_op[e] = i;
    }
    uint32_t *top = tf_xmalloc((2 * n + 2) * sizeof *top);
    size_t nt = 0;
    for (uint32_t k = 1; k < n; k++)
        if (d->nodes[k].parent == 0) { top[2 * nt] = d->nodes[k].key; top[2 * nt + 1] = k; nt++; }
    qsort(top, nt, 2 * sizeof *top, cmp_key);
    for (size_t i = 0; i < nt; i++) create_subtree(pdf, d, st, top[2 * i + 1], TF_PDF_ROOT);
    /* bookmarks: headings in reading order */
    for (size_t i = 0; i < nt; i++) {
        uint32_t sect = top[2 * i + 1];
        for (uint32_t k = sect + 1; k < n; k++) {
            const tf_snode *s = &d->nodes[k];
            if (!s->title || st->first_op[k] == SIZE_MAX) continue;
            uint32_t up = k;
            while (up && d->nodes[up].parent) up = d->nodes[up].parent;
            if (up != sect) continue;
            const tf_op *op = &d->ops[st->first_op[k]];
            tf_pdf_bookmark(pdf, s->title, strcmp(s->role, "H1") == 0 ? 0 : 1, op->page,
                            op->y + op->size);
        }
    }
    free(top);
}

tf_pdf *tf_render(const tf_doc *doc, const tf_layout *l, long long epoch)
{
    return tf_render_with(doc, l, epoch, NULL);
}

tf_pdf *tf_render_with(const tf_doc *doc, const tf_layout *l, long long epoch,
                       const tf_render_opts *o)
{
    static const tf_render_opts none = {0};
    if (!o) o = &none;
    tf_press_spec spec;
    if (!tf_render_press_spec(doc, &spec)) return NULL;
    bool links = !l->sheet.press;       /* PDF/X: no annotations inside the BleedBox */
    tf_colour *cm = tf_colour_new(&spec, l->sheet.press, theme_has_cmyk(&doc->theme));
    if (!cm) return NULL;
    if (l->sheet.press && !check_ink(doc, cm)) {
        tf_colour_free(cm);
        return NULL;
    }
    tf_pdf_info info = {
        .title = doc->title.src, .author = doc->author.src, .subject = doc->subject.src,
        .lang = doc->lang, .creator = "trifold " TF_VERSION, .epoch = epoch,
    };
    tf_pdf *pdf = tf_pdf_new(&info);
    if (!pdf) { tf_colour_free(cm); return NULL; }
    tf_pdf_set_colour(pdf, cm);
    const tf_sheet *s = &l->sheet;
    tf_font *label_font = NULL;        /* for the slug and the proof: the first Latin font drawn */
    for (size_t i = 0; i < l->dl.n && !label_font; i++)   /* one that sets Latin (not Arabic's) */
        if (l->dl.ops[i].kind == TF_OP_GLYPHS && tf_font_has_char(l->dl.ops[i].font, 'e') &&
            tf_font_has_char(l->dl.ops[i].font, 'k'))
            label_font = l->dl.ops[i].font;
    const tf_display *d = &l->dl;
    structure st;
    st.links = links;
    build_structure(pdf, d, &st);
    if (!l->screen) {
        /* page labels in the edition's language (labels.outside, .inside) */
        tf_pdf_page_label(pdf, 0, doc->labels.outside.src ? doc->labels.outside.src : "Outside");
        tf_pdf_page_label(pdf, 1, doc->labels.inside.src ? doc->labels.inside.src : "Inside");
    }
    bool ok = true;
    for (int page = 0; page < l->n_pages && ok; page++) {
        ok = tf_pdf_page(pdf, s->media_w, s->media_h, s->press ? &s->trim : NULL,
                         s->press ? &s->bleed : NULL);
        long open = -2;                 /* the bracket open now: an element, -1 artifact, -2 none */
        for (size_t i = 0; i < d->n && ok; i++) {
            const tf_op *op = &d->ops[i];
            if (op->page != page) continue;
            tf_rect r = {op->x, op->y, op->w, op->h};
            if (op->kind == TF_OP_CLIP_BEGIN || op->kind == TF_OP_CLIP_END) {
                if (open != -2) { tf_pdf_mark_end(pdf); open = -2; }
            } else if (op->kind != TF_OP_LINK) {
                tf_pdf_elem e = elem_of(pdf, d, &st, op->elem);
                if (open != e) {
                    if (open != -2) tf_pdf_mark_end(pdf);
                    tf_pdf_mark_begin(pdf, e);
                    open = e;
                }
            }
            switch ((tf_op_kind)op->kind) {
            case TF_OP_GLYPHS:
                tf_pdf_fake_bold(pdf, op->fake_bold ? op->size / 30 : 0);   /* ~ the weight step to bold */
                tf_pdf_glyphs(pdf, op->font, op->size, op->color, op->x, op->y, op->glyphs,
                              op->n_glyphs, op->text, op->text_len);
                break;
            case TF_OP_FILL_RECT: tf_pdf_fill_rect(pdf, r, op->color); break;
            case TF_OP_STROKE_RECT: tf_pdf_stroke_rect(pdf, r, op->size, op->color); break;
            case TF_OP_LINE:
                tf_pdf_line(pdf, op->x, op->y, op->x + op->w, op->y + op->h, op->size, op->color, op->dash);
                break;
            case TF_OP_CIRCLE: tf_pdf_fill_circle(pdf, op->x, op->y, op->w, op->color); break;
            case TF_OP_LINK:
                if (!links) break;
                if (op->elem) tf_pdf_link_tagged(pdf, r, op->text, elem_of(pdf, d, &st, op->elem));
                else tf_pdf_link(pdf, r, op->text);
                break;
            case TF_OP_IMAGE: ok = tf_pdf_image(pdf, op->text, op->loc, r); break;
            case TF_OP_CLIP_BEGIN: tf_pdf_clip_begin(pdf, r); break;
            case TF_OP_CLIP_END: tf_pdf_clip_end(pdf); break;
            }
        }
        if (open != -2) tf_pdf_mark_end(pdf);
        tf_pdf_mark_begin(pdf, TF_PDF_ARTIFACT);
        draw_marks(pdf, s, page);        /* crop and fold marks: artifacts */
        if (o->slug && s->press && label_font && !l->screen)
            draw_slug(pdf, doc, s, page, label_font, epoch);
        if (o->proof && !l->screen) draw_proof(pdf, s, page, label_font);
        tf_pdf_mark_end(pdf);
    }
    free(st.pdf);
    free(st.first_op);
    if (!ok) {
        tf_pdf_free(pdf);
        return NULL;
    }
    tf_pdf_claim_ua(pdf);
    if (s->press && !o->proof) tf_pdf_claim_pdfx(pdf);
    return pdf;
}
