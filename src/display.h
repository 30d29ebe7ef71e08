/* display.h: what layout decided to draw, page by page, before any PDF
 * exists. `trifold check` stops here; render.c turns it into PDF calls.
 * Coordinates are PDF user space (scaled points, y up) of the page. */
#ifndef TF_DISPLAY_H
#define TF_DISPLAY_H

#include "arena.h"
#include "base.h"
#include "font.h"

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

/* tf_op.line bits: what the layout knows about a set line (reports, checks). */
enum {
    TF_LINE_START = 1,        /* this op starts a line of text */
    TF_LINE_HYPHEN = 2,       /* the line ends at a hyphenation point or soft hyphen (a hyphen is drawn) */
    TF_LINE_JUSTIFIED = 4,    /* the line was stretched or shrunk to its measure */
    TF_LINE_LAST = 8,         /* the last line of its text (paragraph, item, heading) */
    TF_LINE_RUNNING = 16,     /* running text (hyphenation allowed), not a title/heading/name/data line */
    TF_LINE_RAGGED = 32       /* justified text set ragged right: no breaks kept word spaces within
                               * justify_max_space (op->loc: where the text is written) */
};

typedef struct tf_op {
    uint8_t kind;
    uint8_t page;
    uint32_t elem;              /* structure element (tf_snode index); 0: an artifact (decoration) */
    bool fake_bold;             /* GLYPHS: synthetic bold (a font without a bold face) */
    /* GLYPHS: the first op (in stream order) of every line setline.c sets
     * carries the line's facts (TF_LINE_*); 0 on every other op. */
    uint8_t line;
    float space_ratio;          /* with TF_LINE_START: widest word space as set / its natural
                                 * width (1: natural; 0: the line has no word space) */
    tf_sp x, y, w, h;
    tf_sp size;                 /* font size or line width */
    tf_sp dash;
    tf_color color;
    tf_font *font;
    const tf_glyph *glyphs;     /* positions in font units; scaled to `size` by the PDF writer */
    uint32_t n_glyphs;
    const char *text;           /* UTF-8 behind the glyphs; link URI; image path */
    uint32_t text_len;
    const tf_loc *loc;          /* image: where the content named it; a line's first op with
                                 * TF_LINE_RAGGED: where its text is written */
} tf_op;

/* One element of the logical structure (tagged PDF). Node 0 is unused so
 * that an op's elem 0 means "artifact". Top-level nodes (parent 0) are put
 * in reading order by `key`; children keep the order they were added in. */
typedef struct tf_snode {
    const char *role;           /* "Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Figure", "Link", "Div" */
    uint32_t parent;            /* 0: the Document */
    uint32_t key;               /* top level: reading-order key (panel, slot) */
    const char *alt;            /* Figure: alt text; Link: what it is ("Website example.org") */
    const char *lang;           /* when it is not the edition's language */
    const char *title;          /* H1/H2: the heading's text, for bookmarks */
    const char *actual;         /* /ActualText: what a reader says for a drawing (a Lbl's box) */
    const char *markup;         /* Link, Span: the inline markup it was made for (a link's target,
                                 * a [..]{lang=..} span's tag: one string per span of markup) */
} tf_snode;

typedef struct tf_display {
    tf_arena *arena;
    tf_op *ops;
    size_t n, cap;
    tf_snode *nodes;
    size_t n_nodes, cap_nodes;
    struct tf_placed *placed;   /* where each line went: placed.h (NULL: nothing yet) */
} tf_display;

/* Add a structure node; returns its index (>= 1). */
uint32_t tf_display_node(tf_display *d, const char *role, uint32_t parent);

void tf_display_init(tf_display *d, tf_arena *a);
tf_op *tf_display_add(tf_display *d, tf_op_kind kind, int page);
/* Move ops [from, d->n) by (dx, dy) and onto `page`. */
void tf_display_shift(tf_display *d, size_t from, tf_sp dx, tf_sp dy, int page);

#endif
