/* render.c: walk the display list page by page and draw it. */
#include "render.h"

#include <stdlib.h>

#include "diag.h"
#include "ptext.h"

#ifndef TF_VERSION
#define TF_VERSION "0.1.0"
#endif

static void draw_marks(tf_pdf *pdf, const tf_sheet *s, int page)
{
    static const tf_color reg = {0, 0, 0};
    for (size_t i = 0; i < s->n_marks; i++) {
        const tf_mark *m = &s->marks[i];
        if (m->page != page) continue;
        tf_pdf_line(pdf, m->x1, m->y1, m->x2, m->y2, TF_PT(0.25), reg, m->dashed ? TF_PT(2) : 0);
    }
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
    tf_glyph *buf = NULL;
    size_t cap = 0;
    bool ok = true;
    for (int page = 0; page < TF_PAGE_COUNT && ok; page++) {
        ok = tf_pdf_page(pdf, s->media_w, s->media_h, s->press ? &s->trim : NULL,
                         s->press ? &s->bleed : NULL);
        for (size_t i = 0; i < l->dl.n && ok; i++) {
            const tf_op *op = &l->dl.ops[i];
            if (op->page != page) continue;
            tf_rect r = {op->x, op->y, op->w, op->h};
            switch ((tf_op_kind)op->kind) {
            case TF_OP_GLYPHS: {
                if (op->n_glyphs > cap) {
                    cap = op->n_glyphs * 2;
                    buf = tf_xrealloc(buf, cap * sizeof *buf);
                }
                unsigned upem = tf_font_units_per_em(op->font);
                for (uint32_t g = 0; g < op->n_glyphs; g++) {
                    buf[g] = op->glyphs[g];
                    buf[g].x_advance = tf_units_to_sp(op->glyphs[g].x_advance, op->size, upem);
                    buf[g].x_offset = tf_units_to_sp(op->glyphs[g].x_offset, op->size, upem);
                    buf[g].y_offset = tf_units_to_sp(op->glyphs[g].y_offset, op->size, upem);
                }
                tf_pdf_glyphs(pdf, op->font, op->size, op->color, op->x, op->y, buf, op->n_glyphs,
                              op->text, op->text_len);
                break;
            }
            case TF_OP_FILL_RECT: tf_pdf_fill_rect(pdf, r, op->color); break;
            case TF_OP_STROKE_RECT: tf_pdf_stroke_rect(pdf, r, op->size, op->color); break;
            case TF_OP_LINE:
                tf_pdf_line(pdf, op->x, op->y, op->x + op->w, op->y + op->h, op->size, op->color, op->dash);
                break;
            case TF_OP_CIRCLE: tf_pdf_fill_circle(pdf, op->x, op->y, op->w, op->color); break;
            case TF_OP_LINK: tf_pdf_link(pdf, r, op->text); break;
            case TF_OP_IMAGE: ok = tf_pdf_image(pdf, op->text, op->loc, r); break;
            case TF_OP_CLIP_BEGIN: tf_pdf_clip_begin(pdf, r); break;
            case TF_OP_CLIP_END: tf_pdf_clip_end(pdf); break;
            }
        }
        draw_marks(pdf, s, page);
    }
    free(buf);
    if (!ok) {
        tf_pdf_free(pdf);
        return NULL;
    }
    return pdf;
}
