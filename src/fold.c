/* fold.c: where the panels, folds, bleed and marks are on the sheet, and
 * the order they are read in.
 *
 * The two sides print back to back, flipping on the short edge, both
 * upright: the outside's right panel backs the inside's left one. An RTL
 * brochure folds the other way: every panel's place is mirrored.
 *
 * A roll fold has two outer panels of equal width and a narrower fold-in
 * panel that tucks inside. Outside side, left to right: flap | back |
 * cover. Inside side: inside-left | inside-middle | inside-right, where
 * inside-right is the back of the flap, so the narrow one. Folded: the
 * cover in front, the back behind; opening the cover shows the flap, and
 * opening the flap the inside spread.
 *
 * A Z-fold (accordion) folds the two outer panels to opposite sides, so
 * none tucks in and all six panels are equal thirds. Outside, left to
 * right: outside-left | outside-middle | cover; inside: inside-left |
 * inside-middle | inside-right. Folded, the cover is in front and
 * inside-right behind (the folded back); outside-left and outside-middle
 * face each other inside the folds. Opening the cover like a book's shows
 * inside-left and inside-middle, unfolding the last panel inside-right: the
 * inside is one spread. The outside's other two panels are read when the
 * open sheet is turned over, left to right. */
#include "fold.h"

#include <assert.h>

#include "diag.h"
#include "paper.h"

#define CROP_GAP  TF_PT(3)    /* between the bleed and a mark */
#define MARK_LEN  TF_PT(18)

/* Column of each panel on its page, left to right, for LTR. */
static const struct { int page, column; } place[TF_PANEL_COUNT] = {
    [TF_PANEL_COVER] = {TF_PAGE_OUTSIDE, 2},
    [TF_PANEL_FLAP] = {TF_PAGE_OUTSIDE, 0},
    [TF_PANEL_BACK] = {TF_PAGE_OUTSIDE, 1},
    [TF_PANEL_INSIDE_LEFT] = {TF_PAGE_INSIDE, 0},
    [TF_PANEL_INSIDE_MIDDLE] = {TF_PAGE_INSIDE, 1},
    [TF_PANEL_INSIDE_RIGHT] = {TF_PAGE_INSIDE, 2},
};

/* Reading order per fold (fold.h). */
static const tf_panel_id reading_order[TF_FOLD_COUNT][TF_PANEL_COUNT] = {
    [TF_FOLD_ROLL] = {TF_PANEL_COVER, TF_PANEL_FLAP, TF_PANEL_INSIDE_LEFT, TF_PANEL_INSIDE_MIDDLE,
                      TF_PANEL_INSIDE_RIGHT, TF_PANEL_BACK},
    [TF_FOLD_Z] = {TF_PANEL_COVER, TF_PANEL_INSIDE_LEFT, TF_PANEL_INSIDE_MIDDLE, TF_PANEL_INSIDE_RIGHT,
                   TF_PANEL_FLAP, TF_PANEL_BACK},
};

const tf_panel_id *tf_fold_reading_order(tf_fold fold)
{
    return reading_order[(unsigned)fold < TF_FOLD_COUNT ? fold : TF_FOLD_ROLL];
}

int tf_fold_reading_rank(tf_fold fold, tf_panel_id p)
{
    const tf_panel_id *order = tf_fold_reading_order(fold);
    for (int k = 0; k < TF_PANEL_COUNT; k++)
        if (order[k] == p) return k;
    return TF_PANEL_COUNT - 1;
}

static void add_mark(tf_sheet *s, int page, tf_sp x1, tf_sp y1, tf_sp x2, tf_sp y2, bool dashed)
{
    assert(s->n_marks < TF_MAX_MARKS);      /* 12 a page: crop_marks and fold_marks */
    s->marks[s->n_marks++] = (tf_mark){page, x1, y1, x2, y2, dashed};
}

static void crop_marks(tf_sheet *s, int page)
{
    tf_sp x0 = s->trim.x, x1 = s->trim.x + s->trim.w;
    tf_sp y0 = s->trim.y, y1 = s->trim.y + s->trim.h;
    tf_sp off = s->bleed_size + CROP_GAP;
    /* two short lines at each corner, in line with the trim edges */
    tf_sp xs[2] = {x0, x1}, ys[2] = {y0, y1};
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            tf_sp x = xs[i], y = ys[j];
            tf_sp hx = i == 0 ? x - off : x + off;        /* horizontal mark, outside */
            tf_sp hx2 = i == 0 ? hx - MARK_LEN : hx + MARK_LEN;
            add_mark(s, page, hx2, y, hx, y, false);
            tf_sp vy = j == 0 ? y - off : y + off;        /* vertical mark */
            tf_sp vy2 = j == 0 ? vy - MARK_LEN : vy + MARK_LEN;
            add_mark(s, page, x, vy2, x, vy, false);
        }
    }
}

static void fold_marks(tf_sheet *s, int page)
{
    tf_sp off = s->bleed_size + CROP_GAP;
    for (int k = 0; k < 2; k++) {
        tf_sp x = s->fold_x[page][k];
        add_mark(s, page, x, s->trim.y - off - MARK_LEN, x, s->trim.y - off, true);
        add_mark(s, page, x, s->trim.y + s->trim.h + off, x, s->trim.y + s->trim.h + off + MARK_LEN, true);
    }
}

bool tf_fold_layout(const tf_sheet_spec *spec, tf_sp safe, bool press, bool rtl,
                    const tf_loc *where, tf_sheet *out)
{
    *out = (tf_sheet){0};
    const tf_paper_info *paper = tf_paper_get(spec->paper);
    tf_sp trim_w = paper->trim_w;
    tf_sp trim_h = paper->trim_h;

    tf_sp narrow, wide;
    if (spec->fold == TF_FOLD_Z) {
        /* equal thirds (to the scaled point; a roll fold's fold_in does
         * not apply) */
        narrow = trim_w / 3;
        wide = (trim_w - narrow) / 2;
    } else {
        narrow = spec->fold_in_width ? spec->fold_in_width : paper->fold_in;
        wide = (trim_w - narrow) / 2;
        if (narrow > wide) {
            tf_diag_error(where, "fold-in panel (%.4g pt) must not be wider than the outer panels (%.4g pt)",
                          tf_sp_to_pt(narrow), tf_sp_to_pt(wide));
            return false;
        }
        if (narrow < wide - TF_IN(0.5)) {
            tf_diag_error(where, "fold-in panel (%.4g pt) is more than 0.5 in narrower than the outer panels (%.4g pt)",
                          tf_sp_to_pt(narrow), tf_sp_to_pt(wide));
            return false;
        }
    }
    if (safe < TF_IN(0.125) || 2 * safe > narrow - TF_IN(1)) {
        tf_diag_error(where, "safe margin %.4g pt leaves no room for text (use 0.125in to %.4g pt)",
                      tf_sp_to_pt(safe), tf_sp_to_pt((narrow - TF_IN(1)) / 2));
        return false;
    }

    out->fold = spec->fold;
    out->press = press;
    out->bleed_size = press ? paper->bleed : 0;
    tf_sp margin = press ? out->bleed_size + CROP_GAP + MARK_LEN + TF_PT(6) : 0;
    out->media_w = trim_w + 2 * margin;
    out->media_h = trim_h + 2 * margin;
    out->trim = (tf_rect){margin, margin, trim_w, trim_h};
    out->bleed = (tf_rect){margin - out->bleed_size, margin - out->bleed_size,
                           trim_w + 2 * out->bleed_size, trim_h + 2 * out->bleed_size};

    /* column widths, left to right, per page (LTR) */
    tf_sp widths[TF_PAGE_COUNT][3] = {
        {narrow, wide, trim_w - narrow - wide},      /* outside: flap | back | cover */
        {wide, trim_w - narrow - wide, narrow},      /* inside: left | middle | right (fold-in) */
    };
    for (int page = 0; page < TF_PAGE_COUNT; page++) {
        if (rtl) { tf_sp t = widths[page][0]; widths[page][0] = widths[page][2]; widths[page][2] = t; }
        out->fold_x[page][0] = margin + widths[page][0];
        out->fold_x[page][1] = margin + widths[page][0] + widths[page][1];
    }
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        int page = place[p].page;
        int col = rtl ? 2 - place[p].column : place[p].column;
        tf_sp x = margin;
        for (int c = 0; c < col; c++) x += widths[page][c];
        tf_sp w = widths[page][col];
        tf_panel_geom *g = &out->panel[p];
        g->page = page;
        g->column = col;
        g->trim = (tf_rect){x, margin, w, trim_h};
        g->bleed = g->trim;
        g->bleed.y -= out->bleed_size;
        g->bleed.h += 2 * out->bleed_size;
        if (col == 0) { g->bleed.x -= out->bleed_size; g->bleed.w += out->bleed_size; }
        if (col == 2) g->bleed.w += out->bleed_size;
        g->safe = (tf_rect){x + safe, margin + safe, w - 2 * safe, trim_h - 2 * safe};
    }
    if (press) {
        for (int page = 0; page < TF_PAGE_COUNT; page++) {
            crop_marks(out, page);
            fold_marks(out, page);
        }
    }
    return true;
}
