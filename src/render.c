/* render.c: walk the display list page by page and draw it. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "version.h"

static void draw_marks(tf_pdf *pdf, const tf_sheet *s, int page)
{
    static const tf_color reg = {0, 0, 0};
    for (size_t i = 0; i < s->n_marks; i++) {
        const tf_mark *m = &s->marks[i];
        if (m->page != page) continue;
        tf_pdf_line(pdf, m->x1, m->y1, m->x2, m->y2, TF_PT(0.25), reg, m->dashed ? TF_PT(2) : 0);
    }
}

/* The logical structure: elements in reading order (top-level Sects by
 * key, children in the order they were added), created before any drawing
 * so the tree follows the brochure, not the sheet. Link elements are
 * created when first drawn so they sit among their paragraph's text. */
typedef struct structure {
    tf_pdf_elem *pdf;          /* per node: its PDF element, -1 not yet */
    size_t *first_op;          /* per node: first op drawn for it, SIZE_MAX none */
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
        st->pdf[node] = tf_pdf_struct(pdf, pe, d->nodes[node].role, d->nodes[node].alt, d->nodes[node].lang);
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
    tf_pdf_info info = {
        .title = doc->title.src, .author = doc->author.src, .subject = doc->subject.src,
        .lang = doc->lang, .creator = "trifold " TF_VERSION, .epoch = epoch,
    };
    tf_pdf *pdf = tf_pdf_new(&info);
    if (!pdf) return NULL;
    const tf_sheet *s = &l->sheet;
    const tf_display *d = &l->dl;
    structure st;
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
                if (op->elem) tf_pdf_link_tagged(pdf, r, op->text, elem_of(pdf, d, &st, op->elem));
                else tf_pdf_link(pdf, r, op->text);
                break;
            case TF_OP_IMAGE: ok = tf_pdf_image(pdf, op->text, op->loc, r); break;
            case TF_OP_CLIP_BEGIN: tf_pdf_clip_begin(pdf, r); break;
            case TF_OP_CLIP_END: tf_pdf_clip_end(pdf); break;
            }
        }
        if (open != -2) tf_pdf_mark_end(pdf);
        draw_marks(pdf, s, page);        /* crop and fold marks: artifacts */
    }
    free(st.pdf);
    free(st.first_op);
    if (!ok) {
        tf_pdf_free(pdf);
        return NULL;
    }
    tf_pdf_claim_ua(pdf);
    return pdf;
}
