/* display.h: what layout decided to draw, page by page, before any PDF
 * exists. `trifold check` stops here; render.c turns it into PDF calls.
 * Coordinates are PDF user space (scaled points, y up) of the page. */
#ifndef TF_DISPLAY_H
#define TF_DISPLAY_H

#include "arena.h"
#include "font.h"
#include "pdf.h"

typedef enum tf_op_kind {
    TF_OP_GLYPHS,          /* glyph run at baseline (x, y) */
    TF_OP_FILL_RECT,
    TF_OP_STROKE_RECT,     /* size = line width */
    TF_OP_LINE,            /* (x, y) -> (x + w, y + h); size = line width; dash */
    TF_OP_CIRCLE,          /* centre (x, y), radius w */
    TF_OP_LINK,            /* rect, uri */
    TF_OP_IMAGE,           /* rect, path */
    TF_OP_CLIP_BEGIN,      /* clip later ops to rect until CLIP_END */
    TF_OP_CLIP_END
} tf_op_kind;

typedef struct tf_op {
    uint8_t kind;
    uint8_t page;
    tf_sp x, y, w, h;
    tf_sp size;                 /* font size or line width */
    tf_sp dash;
    tf_color color;
    tf_font *font;
    const tf_glyph *glyphs;     /* advances in font units */
    uint32_t n_glyphs;
    const char *text;           /* UTF-8 behind the glyphs; link URI; image path */
    uint32_t text_len;
    const tf_loc *loc;          /* image: where the content named it */
} tf_op;

typedef struct tf_display {
    tf_arena *arena;
    tf_op *ops;
    size_t n, cap;
} tf_display;

void tf_display_init(tf_display *d, tf_arena *a);
tf_op *tf_display_add(tf_display *d, tf_op_kind kind, int page);
/* Move ops [from, d->n) by (dx, dy) and onto `page`. */
void tf_display_shift(tf_display *d, size_t from, tf_sp dx, tf_sp dy, int page);

#endif
