/* Sheet geometry against the print shop's numbers: a letter roll fold is
 * 11 x 8.5 in with outer panels (cover, back) of 3.6875 in and the fold-in
 * flap 3.625 in (outside, left to right: flap | back | cover, folds at 3.625
 * and 7.3125 in; inside: left | middle | right, the narrow one on the
 * right, folds at 3.6875 and 7.375 in); A4 is 297 x 210 mm with panels of
 * 100 / 100 / 97 mm; a Z-fold has three equal panels on both sides. */
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
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        CHECK(s.panel[p].trim.w >= TF_IN(11) / 3 - 1);
        CHECK(s.panel[p].trim.w <= TF_IN(11) / 3 + 1);
    }
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
    RUN(rtl_mirrors);
    RUN(bad_settings);
    return DONE();
}
