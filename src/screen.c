/* screen.c: the screen edition: the same content as portrait pages in
 * reading order, for e-mail and the web: a cover band with the cover story
 * on page 1, then every placed story in the order a reader of the folded
 * brochure meets it, sidebars as tinted boxes, the flow story whole where
 * it starts. Pages are frames of one flow; their number is capped at
 * TF_SCREEN_MAX_PAGES (layout.h) and content past it is an error that
 * names the cap. */
#include "layout_priv.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "scale.h"

#define SCREEN_W TF_IN(6)
#define SCREEN_H TF_IN(9)
#define SCREEN_MARGIN_X TF_IN(0.7)
#define SCREEN_MARGIN_Y TF_IN(0.75)

size_t tf_screen_slots(const tf_doc *doc, tf_arena *a, const tf_slot ***out, size_t *n_cover)
{
    size_t cap = 0;
    for (int p = 0; p < TF_PANEL_COUNT; p++) cap += doc->plan[p].n_slots;
    const tf_slot **v = tf_arena_alloc(a, (cap + 1) * sizeof *v);
    size_t n = 0;
    const tf_panel_plan *cover = &doc->plan[TF_PANEL_COVER];
    for (size_t i = 0; i < cover->n_slots; i++)
        if (cover->slots[i].kind == TF_SLOT_STORY) v[n++] = &cover->slots[i];
    *n_cover = n;
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        tf_panel_id p = tf_fold_reading_order(doc->sheet.fold)[k];
        const tf_panel_plan *pl = &doc->plan[p];
        for (size_t i = 0; i < pl->n_slots; i++) {
            const tf_slot *sl = &pl->slots[i];
            if (p == TF_PANEL_COVER && sl->kind == TF_SLOT_STORY) continue;
            if (sl->kind == TF_SLOT_CLINIC && !doc->clinic) continue;
            bool seen = false;             /* a flow story is set whole where it starts */
            for (size_t d = 0; d < n && sl->kind == TF_SLOT_FLOW; d++)
                seen |= v[d]->kind == TF_SLOT_FLOW && !strcmp(v[d]->story, sl->story);
            if (!seen) v[n++] = sl;
        }
    }
    *out = v;
    return n;
}

bool tf_screen_layout(tf_edition *R)
{
    tf_layout *l = R->l;
    const tf_doc *doc = R->doc;
    tf_setter *s = R->s;
    const tf_theme *th = &doc->theme;
    l->dl.n = 0;
    l->dl.n_nodes = 0;
    s->ok = true;
    s->quiet = false;
    memset(&l->sheet, 0, sizeof l->sheet);
    l->sheet.media_w = SCREEN_W;
    l->sheet.media_h = SCREEN_H;
    l->sheet.trim = (tf_rect){0, 0, SCREEN_W, SCREEN_H};
    tf_sp body = th->body_size > TF_PT(12) ? th->body_size : TF_PT(12);
    R->body = l->body_size = body;
    tf_sp cw = SCREEN_W - 2 * SCREEN_MARGIN_X;
    tf_display *dl = &l->dl;
    uint32_t key = 0;

    /* page 1: the cover, full page */
    tf_sp band = SCREEN_H;
    tf_op *op = tf_display_add(dl, TF_OP_CLIP_BEGIN, 0);
    op->x = 0; op->y = SCREEN_H - band; op->w = SCREEN_W; op->h = band;
    op = tf_display_add(dl, TF_OP_FILL_RECT, 0);
    op->x = 0; op->y = SCREEN_H - band; op->w = SCREEN_W; op->h = band;
    op->color = th->accent;
    const tf_sp discs[3][3] = {
        {SCREEN_W * 9 / 10, SCREEN_H * 9 / 10, SCREEN_W * 3 / 5},
        {SCREEN_W * 9 / 10, SCREEN_H * 9 / 10, SCREEN_W * 3 / 10},
        {SCREEN_W / 10, SCREEN_H / 12, SCREEN_W * 2 / 5},
    };
    tf_layout_cover_discs(dl, 0, th->accent, discs);
    tf_display_add(dl, TF_OP_CLIP_END, 0);
    const tf_panel_plan *cover = &doc->plan[TF_PANEL_COVER];
    tf_setter_roles(s, body, 1.0, true);
    tf_sp inset = tf_layout_overshoot(s, NULL);
    tf_frame cf = {0, TF_PANEL_COVER, SCREEN_MARGIN_X, SCREEN_H * 3 / 5, cw,
                   SCREEN_H * 3 / 5 - SCREEN_MARGIN_Y};
    tf_flow f;
    tf_flow_init(&f, &cf, 1, s->scratch);
    const tf_slot **order;
    size_t n_cover, n_order = tf_screen_slots(doc, s->scratch, &order, &n_cover);
    for (size_t i = 0; i < n_cover; i++) {
        s->sect = s->block = s->elem = tf_display_node(dl, "Sect", 0);
        dl->nodes[s->sect].key = key++;
        tf_set_story(s, &f, tf_doc_story(doc, order[i]->story));
    }
    if (f.cur >= f.n_frames && !R->quiet) {
        tf_diag_error(&cover->loc, "screen edition: the cover story does not fit its band (%.1f pt over)",
                      tf_sp_to_pt(f.overflow));
        s->ok = false;
    }

    /* the pages: frames chained, page 1 below the band */
    tf_setter_roles(s, body, 1.0, false);
    inset = tf_layout_overshoot(s, NULL);
    tf_frame frames[TF_SCREEN_MAX_PAGES];      /* pages 2 on */
    for (int p = 1; p < TF_SCREEN_MAX_PAGES; p++) {
        tf_sp top = SCREEN_H - SCREEN_MARGIN_Y;
        frames[p - 1] = (tf_frame){p, TF_PANEL_INSIDE_LEFT, SCREEN_MARGIN_X, top - inset, cw,
                                   top - SCREEN_MARGIN_Y - 2 * inset};
    }
    tf_flow_init(&f, frames, TF_SCREEN_MAX_PAGES - 1, s->scratch);
    for (size_t i = n_cover; i < n_order; i++) {
        const tf_slot *sl = order[i];
        s->sect = s->block = s->elem = tf_display_node(dl, "Sect", 0);
        dl->nodes[s->sect].key = key++;
        if (sl->kind == TF_SLOT_CLINIC)
            tf_set_clinic(s, &f, doc->clinic);
        else if (sl->kind == TF_SLOT_SIDEBAR)
            tf_set_boxed_story(s, &f, tf_doc_story(doc, sl->story), th->tint,
                               tf_sp_scaled(body, th->params.sidebar_padding));
        else
            tf_set_story(s, &f, tf_doc_story(doc, sl->story));
    }
    if (f.cur >= f.n_frames) {
        if (!R->quiet)
            tf_diag_error(NULL, "screen edition: the content needs more than %d pages", TF_SCREEN_MAX_PAGES);
        s->ok = false;
    }
    l->n_pages = 1 + (int)(f.cur < f.n_frames ? f.cur + 1 : f.n_frames);
    if (f.cur < f.n_frames && f.at_top && f.cur > 0) l->n_pages--;   /* nothing on the last page */
    /* page furniture (artifacts): an accent rule on top of the later pages,
     * "n / N" at the foot of every page */
    tf_setter_roles(s, body, 1.0, false);
    for (int p = 0; p < l->n_pages; p++) {
        if (p > 0) {
            op = tf_display_add(dl, TF_OP_FILL_RECT, p);
            op->x = 0; op->y = SCREEN_H - TF_IN(0.18); op->w = SCREEN_W; op->h = TF_IN(0.18);
            op->color = th->accent;
        }
        if (p == 0) continue;             /* the cover has none */
        char num[32];
        snprintf(num, sizeof num, "%d / %d", p + 1, l->n_pages);
        tf_draw_plain(s, p, SCREEN_W / 2, SCREEN_MARGIN_Y / 2, num, TF_ROLE_SMALL);
    }
    return s->ok;
}
