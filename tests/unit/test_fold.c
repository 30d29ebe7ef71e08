/* Sheet geometry against the print shop's numbers: a letter roll fold is
 * 11 x 8.5 in with outer panels (cover, back) of 3.6875 in and the fold-in
 * flap 3.625 in (outside, left to right: flap | back | cover, folds at 3.625
 * and 7.3125 in; inside: left | middle | right, the narrow one on the
 * right, folds at 3.6875 and 7.375 in); A4 is 297 x 210 mm with panels of
 * 100 / 100 / 97 mm; a Z-fold has three equal panels on both sides, its
 * folds at the thirds, and its own reading order and panel names. */
#include "fold.h"
#include "diag.h"
#include "harness.h"

static const tf_loc here = {"test", 1, 1};

static void letter_roll_office(void)
{
    tf_sheet_spec spec = {TF_PAPER_LETTER, TF_FOLD_ROLL, 0};
    tf_sheet s;
    CHECK(tf_fold_layout(&spec, TF_IN(0.25), false, false, &here, &s));
    CHECK_EQ_INT(s.media_w, TF_IN(11));
    CHECK_EQ_INT(s.media_h, TF_IN(8.5));
    CHECK_EQ_INT(s.n_marks, 0);
    /* outside: flap 3.625 | back 3.6875 | cover 3.6875; folds at 3.625 and 7.3125 */
    CHECK_EQ_INT(s.panel[TF_PANEL_FLAP].trim.x, 0);
    CHECK_EQ_INT(s.panel[TF_PANEL_FLAP].trim.w, TF_IN(3.625));
    CHECK_EQ_INT(s.panel[TF_PANEL_BACK].trim.x, TF_IN(3.625));
    CHECK_EQ_INT(s.panel[TF_PANEL_COVER].trim.x, TF_IN(7.3125));
    CHECK_EQ_INT(s.panel[TF_PANEL_COVER].trim.w, TF_IN(3.6875));
    CHECK_EQ_INT(s.fold_x[TF_PAGE_OUTSIDE][0], TF_IN(3.625));
    CHECK_EQ_INT(s.fold_x[TF_PAGE_OUTSIDE][1], TF_IN(7.3125));
    /* inside: left 3.6875 | middle 3.6875 | right 3.625; folds at 3.6875 and 7.375 */
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_LEFT].page, TF_PAGE_INSIDE);
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_MIDDLE].trim.x, TF_IN(3.6875));
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_RIGHT].trim.x, TF_IN(7.375));
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_RIGHT].trim.w, TF_IN(3.625));
    CHECK_EQ_INT(s.fold_x[TF_PAGE_INSIDE][0], TF_IN(3.6875));
    CHECK_EQ_INT(s.fold_x[TF_PAGE_INSIDE][1], TF_IN(7.375));
    /* safe area inset from trim and folds */
    tf_rect sf = s.panel[TF_PANEL_BACK].safe;
    CHECK_EQ_INT(sf.x, TF_IN(3.625 + 0.25));
    CHECK_EQ_INT(sf.w, TF_IN(3.6875 - 0.5));
    CHECK_EQ_INT(sf.y, TF_IN(0.25));
    CHECK_EQ_INT(sf.h, TF_IN(8.0));
    /* office: bleed == trim */
    CHECK_EQ_INT(s.panel[TF_PANEL_COVER].bleed.w, s.panel[TF_PANEL_COVER].trim.w);
}

static void a4_roll_press(void)
{
    tf_sheet_spec spec = {TF_PAPER_A4, TF_FOLD_ROLL, 0};
    tf_sheet s;
    CHECK(tf_fold_layout(&spec, TF_MM(5), true, false, &here, &s));
    CHECK_EQ_INT(s.trim.w, TF_MM(297));
    CHECK_EQ_INT(s.bleed_size, TF_MM(3));
    CHECK_EQ_INT(s.bleed.w, TF_MM(303));
    CHECK(s.media_w > s.bleed.w + 2 * TF_PT(18));
    CHECK_EQ_INT(s.panel[TF_PANEL_FLAP].trim.w, TF_MM(97));
    CHECK_EQ_INT(s.panel[TF_PANEL_BACK].trim.w, TF_MM(100));
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_RIGHT].trim.w, TF_MM(97));
    /* edge panels bleed outward, middle ones only up and down */
    CHECK_EQ_INT(s.panel[TF_PANEL_COVER].bleed.w, TF_MM(103));
    CHECK_EQ_INT(s.panel[TF_PANEL_FLAP].bleed.x, s.trim.x - TF_MM(3));
    CHECK_EQ_INT(s.panel[TF_PANEL_BACK].bleed.w, TF_MM(100));
    CHECK_EQ_INT(s.panel[TF_PANEL_BACK].bleed.h, TF_MM(216));
    /* 8 crop + 4 fold marks per page, all outside the bleed */
    CHECK_EQ_INT(s.n_marks, 24);
    int dashed = 0;
    for (size_t i = 0; i < s.n_marks; i++) {
        const tf_mark *m = &s.marks[i];
        dashed += m->dashed;
        bool outside_x = (m->x1 <= s.bleed.x && m->x2 <= s.bleed.x) ||
                         (m->x1 >= s.bleed.x + s.bleed.w && m->x2 >= s.bleed.x + s.bleed.w);
        bool outside_y = (m->y1 <= s.bleed.y && m->y2 <= s.bleed.y) ||
                         (m->y1 >= s.bleed.y + s.bleed.h && m->y2 >= s.bleed.y + s.bleed.h);
        CHECK(outside_x || outside_y);
        CHECK(m->x1 >= 0 && m->x2 <= s.media_w && m->y1 >= 0 && m->y2 <= s.media_h);
    }
    CHECK_EQ_INT(dashed, 8);
}

static void z_fold_equal(void)
{
    tf_sheet_spec spec = {TF_PAPER_LETTER, TF_FOLD_Z, 0};
    tf_sheet s;
    CHECK(tf_fold_layout(&spec, TF_IN(0.25), false, false, &here, &s));
    CHECK(s.fold == TF_FOLD_Z);
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        CHECK(s.panel[p].trim.w >= TF_IN(11) / 3 - 1);
        CHECK(s.panel[p].trim.w <= TF_IN(11) / 3 + 1);
    }
}

/* Letter Z-fold: 792 pt in three panels of 264 pt (3.6667 in) on both
 * sides; the folds at 264 and 528 pt on both pages, where a roll fold's
 * are at 261/525 (outside) and 265.5/531 (inside). Outside: outside-left
 * (FLAP's place) | outside-middle (BACK's) | cover; inside: inside-left |
 * inside-middle | inside-right. Safe areas as for a roll fold: inset from
 * trim and from every fold. */
static void z_fold_letter_geometry(void)
{
    tf_sheet_spec spec = {TF_PAPER_LETTER, TF_FOLD_Z, TF_IN(3.5)};    /* fold_in: not a Z-fold's */
    tf_sheet s;
    CHECK(tf_fold_layout(&spec, TF_IN(0.25), false, false, &here, &s));
    const tf_sp third = TF_PT(264);
    CHECK_EQ_INT(s.panel[TF_PANEL_FLAP].trim.x, 0);
    CHECK_EQ_INT(s.panel[TF_PANEL_BACK].trim.x, third);
    CHECK_EQ_INT(s.panel[TF_PANEL_COVER].trim.x, 2 * third);
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_LEFT].trim.x, 0);
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_MIDDLE].trim.x, third);
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_RIGHT].trim.x, 2 * third);
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        CHECK_EQ_INT(s.panel[p].trim.w, third);
        CHECK_EQ_INT(s.panel[p].safe.w, third - TF_IN(0.5));
        CHECK_EQ_INT(s.panel[p].safe.x, s.panel[p].trim.x + TF_IN(0.25));
        CHECK_EQ_INT(s.panel[p].safe.h, TF_IN(8.0));
    }
    for (int page = 0; page < TF_PAGE_COUNT; page++) {
        CHECK_EQ_INT(s.fold_x[page][0], third);
        CHECK_EQ_INT(s.fold_x[page][1], 2 * third);
    }
    /* back to back: each outside panel backs the inside one in the mirrored column */
    CHECK_EQ_INT(s.panel[TF_PANEL_COVER].page, TF_PAGE_OUTSIDE);
    CHECK_EQ_INT(s.panel[TF_PANEL_COVER].column, 2);
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_LEFT].column, 0);
    CHECK_EQ_INT(s.panel[TF_PANEL_FLAP].column, 0);
    CHECK_EQ_INT(s.panel[TF_PANEL_INSIDE_RIGHT].column, 2);
    /* the roll fold on the same paper: not equal thirds */
    tf_sheet_spec roll = {TF_PAPER_LETTER, TF_FOLD_ROLL, 0};
    tf_sheet r;
    CHECK(tf_fold_layout(&roll, TF_IN(0.25), false, false, &here, &r));
    CHECK_EQ_INT(r.fold_x[TF_PAGE_OUTSIDE][0], TF_PT(261));
    CHECK_EQ_INT(r.fold_x[TF_PAGE_OUTSIDE][1], TF_PT(526.5));
    CHECK_EQ_INT(r.fold_x[TF_PAGE_INSIDE][0], TF_PT(265.5));
    CHECK_EQ_INT(r.fold_x[TF_PAGE_INSIDE][1], TF_PT(531));
    CHECK(r.panel[TF_PANEL_FLAP].trim.w < r.panel[TF_PANEL_COVER].trim.w);
}

/* A4 Z-fold, press: 297 mm in thirds of 99 mm (to the scaled point: the
 * sheet is not a whole number of them, and the panels that back each other
 * are equal); the fold marks stand at the folds, at 99 and 198 mm from the
 * trim's left edge on both pages, above and below the sheet, dashed. */
static void z_fold_a4_press_marks(void)
{
    tf_sheet_spec spec = {TF_PAPER_A4, TF_FOLD_Z, 0};
    tf_sheet s;
    CHECK(tf_fold_layout(&spec, TF_MM(7), true, false, &here, &s));
    tf_sp x0 = s.trim.x;
    for (int page = 0; page < TF_PAGE_COUNT; page++) {
        CHECK(s.fold_x[page][0] - x0 >= TF_MM(99) - 1 && s.fold_x[page][0] - x0 <= TF_MM(99) + 1);
        CHECK(s.fold_x[page][1] - x0 >= TF_MM(198) - 1 && s.fold_x[page][1] - x0 <= TF_MM(198) + 1);
    }
    /* outside column c backs inside column 2 - c: same width */
    CHECK_EQ_INT(s.panel[TF_PANEL_COVER].trim.w, s.panel[TF_PANEL_INSIDE_LEFT].trim.w);
    CHECK_EQ_INT(s.panel[TF_PANEL_FLAP].trim.w, s.panel[TF_PANEL_INSIDE_RIGHT].trim.w);
    CHECK_EQ_INT(s.panel[TF_PANEL_BACK].trim.w, s.panel[TF_PANEL_INSIDE_MIDDLE].trim.w);
    /* folds on the inside mirror those on the outside */
    CHECK_EQ_INT(s.fold_x[TF_PAGE_INSIDE][0] - x0, s.trim.w - (s.fold_x[TF_PAGE_OUTSIDE][1] - x0));
    CHECK_EQ_INT(s.fold_x[TF_PAGE_INSIDE][1] - x0, s.trim.w - (s.fold_x[TF_PAGE_OUTSIDE][0] - x0));
    int folds[TF_PAGE_COUNT] = {0, 0};
    for (size_t i = 0; i < s.n_marks; i++) {
        const tf_mark *m = &s.marks[i];
        if (!m->dashed) continue;
        CHECK_EQ_INT(m->x1, m->x2);
        CHECK(m->x1 == s.fold_x[m->page][0] || m->x1 == s.fold_x[m->page][1]);
        CHECK(m->y2 <= s.bleed.y || m->y1 >= s.bleed.y + s.bleed.h);
        folds[m->page]++;
    }
    CHECK_EQ_INT(folds[TF_PAGE_OUTSIDE], 4);
    CHECK_EQ_INT(folds[TF_PAGE_INSIDE], 4);
    /* a roll fold's marks on A4: 97 | 100 | 100 outside */
    tf_sheet_spec roll = {TF_PAPER_A4, TF_FOLD_ROLL, 0};
    tf_sheet r;
    CHECK(tf_fold_layout(&roll, TF_MM(7), true, false, &here, &r));
    CHECK_EQ_INT(r.fold_x[TF_PAGE_OUTSIDE][0] - r.trim.x, TF_MM(97));
    CHECK_EQ_INT(r.fold_x[TF_PAGE_INSIDE][0] - r.trim.x, TF_MM(100));
}

static void z_fold_rtl_mirrors(void)
{
    tf_sheet_spec spec = {TF_PAPER_A4, TF_FOLD_Z, 0};
    tf_sheet l, r;
    CHECK(tf_fold_layout(&spec, TF_MM(7), false, false, &here, &l));
    CHECK(tf_fold_layout(&spec, TF_MM(7), false, true, &here, &r));
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        CHECK_EQ_INT(r.panel[p].trim.w, l.panel[p].trim.w);
        CHECK_EQ_INT(r.panel[p].trim.x, TF_MM(297) - l.panel[p].trim.x - l.panel[p].trim.w);
    }
    CHECK_EQ_INT(r.panel[TF_PANEL_COVER].column, 0);
    CHECK_EQ_INT(r.panel[TF_PANEL_INSIDE_LEFT].column, 2);
}

/* Reading order per fold, and each panel's rank and name in it. */
static void reading_orders(void)
{
    static const tf_panel_id roll[TF_PANEL_COUNT] = {TF_PANEL_COVER, TF_PANEL_FLAP, TF_PANEL_INSIDE_LEFT,
                                                     TF_PANEL_INSIDE_MIDDLE, TF_PANEL_INSIDE_RIGHT, TF_PANEL_BACK};
    static const tf_panel_id z[TF_PANEL_COUNT] = {TF_PANEL_COVER, TF_PANEL_INSIDE_LEFT, TF_PANEL_INSIDE_MIDDLE,
                                                  TF_PANEL_INSIDE_RIGHT, TF_PANEL_FLAP, TF_PANEL_BACK};
    static const char *const roll_names[] = {"cover", "flap", "inside-left", "inside-middle", "inside-right",
                                             "back"};
    static const char *const z_names[] = {"cover", "inside-left", "inside-middle", "inside-right",
                                          "outside-left", "outside-middle"};
    const tf_panel_id *r = tf_fold_reading_order(TF_FOLD_ROLL), *zz = tf_fold_reading_order(TF_FOLD_Z);
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        CHECK_EQ_INT(r[k], roll[k]);
        CHECK_EQ_INT(zz[k], z[k]);
        CHECK_EQ_INT(tf_fold_reading_rank(TF_FOLD_ROLL, roll[k]), k);
        CHECK_EQ_INT(tf_fold_reading_rank(TF_FOLD_Z, z[k]), k);
        CHECK_EQ_STR(tf_panel_name(TF_FOLD_ROLL, roll[k]), roll_names[k]);
        CHECK_EQ_STR(tf_panel_name(TF_FOLD_Z, z[k]), z_names[k]);
    }
    /* a Z-fold's inside is read before the rest of its outside */
    CHECK(tf_fold_reading_rank(TF_FOLD_Z, TF_PANEL_INSIDE_RIGHT) < tf_fold_reading_rank(TF_FOLD_Z, TF_PANEL_FLAP));
    CHECK(tf_fold_reading_rank(TF_FOLD_ROLL, TF_PANEL_FLAP) < tf_fold_reading_rank(TF_FOLD_ROLL,
                                                                                  TF_PANEL_INSIDE_LEFT));
}

static void rtl_mirrors(void)
{
    tf_sheet_spec spec = {TF_PAPER_LETTER, TF_FOLD_ROLL, 0};
    tf_sheet l, r;
    CHECK(tf_fold_layout(&spec, TF_IN(0.25), false, false, &here, &l));
    CHECK(tf_fold_layout(&spec, TF_IN(0.25), false, true, &here, &r));
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        CHECK_EQ_INT(r.panel[p].trim.w, l.panel[p].trim.w);
        CHECK_EQ_INT(r.panel[p].trim.x, TF_IN(11) - l.panel[p].trim.x - l.panel[p].trim.w);
    }
    CHECK_EQ_INT(r.panel[TF_PANEL_COVER].trim.x, 0);
}

static void bad_settings(void)
{
    tf_sheet s;
    FILE *sink = fopen("/dev/null", "w");
    tf_diag_set_stream(sink);
    tf_sheet_spec wide = {TF_PAPER_LETTER, TF_FOLD_ROLL, TF_IN(4)};
    CHECK(!tf_fold_layout(&wide, TF_IN(0.25), false, false, &here, &s));
    tf_sheet_spec ok = {TF_PAPER_LETTER, TF_FOLD_ROLL, 0};
    CHECK(!tf_fold_layout(&ok, TF_IN(2), false, false, &here, &s));
    CHECK(!tf_fold_layout(&ok, TF_IN(0.1), false, false, &here, &s));
    tf_diag_set_stream(NULL);
    fclose(sink);
}

int main(void)
{
    RUN(letter_roll_office);
    RUN(a4_roll_press);
    RUN(z_fold_equal);
    RUN(z_fold_letter_geometry);
    RUN(z_fold_a4_press_marks);
    RUN(z_fold_rtl_mirrors);
    RUN(reading_orders);
    RUN(rtl_mirrors);
    RUN(bad_settings);
    return DONE();
}
