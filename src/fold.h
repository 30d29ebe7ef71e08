/* fold.h: sheet geometry. Paper and fold type -> two pages (outside, then
 * inside), six panels in their places, fold positions, safe areas, and for
 * press output the bleed, TrimBox/BleedBox and the crop and fold marks;
 * and each fold's reading order.
 *
 * All rectangles are in PDF user space of the page: scaled points, origin
 * at the bottom-left of the MediaBox. */
#ifndef TF_FOLD_H
#define TF_FOLD_H

#include "base.h"
#include "content.h"

enum { TF_PAGE_OUTSIDE = 0, TF_PAGE_INSIDE = 1, TF_PAGE_COUNT = 2 };

typedef struct tf_panel_geom {
    int page;              /* TF_PAGE_OUTSIDE or TF_PAGE_INSIDE */
    int column;            /* 0..2, left to right on its page */
    tf_rect trim;          /* the panel as cut and folded */
    tf_rect bleed;         /* trim extended into the bleed on sheet edges (== trim for office) */
    tf_rect safe;          /* where text may go: inset by `safe` from trim edges and folds */
} tf_panel_geom;

typedef struct tf_mark {   /* a line to stroke: crop or fold mark */
    int page;
    tf_sp x1, y1, x2, y2;
    bool dashed;           /* fold marks are dashed */
} tf_mark;

#define TF_MAX_MARKS 32

typedef struct tf_sheet {
    tf_fold fold;          /* TF_FOLD_ROLL for a screen edition's pages */
    tf_sp media_w, media_h;
    tf_rect trim;          /* on both pages */
    tf_rect bleed;         /* == trim for office output */
    bool press;
    tf_sp bleed_size;      /* the paper's bleed (paper.def); 0 for office */
    tf_panel_geom panel[TF_PANEL_COUNT];
    tf_sp fold_x[TF_PAGE_COUNT][2];   /* fold positions per page, media x */
    tf_mark marks[TF_MAX_MARKS];
    size_t n_marks;
} tf_sheet;

/* Compute the sheet. `rtl` mirrors the panel order (an RTL brochure folds
 * the other way). Reports impossible settings (a fold-in panel wider than
 * the others, or narrower than half of them; safe margins that leave no
 * room) with `where` and returns false. */
bool tf_fold_layout(const tf_sheet_spec *spec, tf_sp safe, bool press, bool rtl,
                    const tf_loc *where, tf_sheet *out);

/* The fold's reading order: its TF_PANEL_COUNT panels in the order a reader
 * of the folded brochure meets them (docs/content-format.md, "Reading
 * order"). Roll fold: cover, flap, inside-left, inside-middle,
 * inside-right, back. Z-fold: cover, inside-left, inside-middle,
 * inside-right, outside-left, outside-middle. Flows fill their panels in
 * this order, the structure tree's Sects follow it, `check` lists panels
 * in it. */
const tf_panel_id *tf_fold_reading_order(tf_fold fold);

/* A panel's place in its fold's reading order, 0 (the cover) to 5. */
int tf_fold_reading_rank(tf_fold fold, tf_panel_id p);

#endif
