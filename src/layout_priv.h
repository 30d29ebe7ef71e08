/* layout_priv.h: private to layout.c (the folded brochure, the fit search)
 * and screen.c (the screen edition): the state of one edition being laid
 * out and the helpers both editions use. */
#ifndef TF_LAYOUT_PRIV_H
#define TF_LAYOUT_PRIV_H

#include "layout.h"

typedef struct tf_edition {
    const tf_doc *doc;
    tf_layout *l;
    tf_setter *s;
    tf_sp body;
    bool quiet;              /* a trial of the fit search: no messages */
    tf_sp overflow;          /* worst flow overflow */
    const tf_slot *overflow_slot;
    const char *overflow_story;
    const tf_block *overflow_block;   /* the first block that did not fit */
    double shrink;                /* the panel being placed: its sidebars' and contacts' scale (1: none) */
    double story_shrink;          /* ... and its other fixed stories' (1: none) */
    tf_sp *rec;                   /* set_fixed records each block's end here when not NULL */
    size_t n_rec;
    tf_sp rec_off;                /* ...below this offset from the slot's top */
    bool last_ok;                 /* the last trial of the fit search fitted */
    bool last_balanced;           /* ... and balanced its flows as the final layout does */
    /* The last trial that did not fit: its size, leading and gap scale,
     * and the panel that did not fit (the fit's warning names it without
     * laying that size out again). */
    bool failed_valid;
    tf_sp failed_size;
    double failed_leading, failed_gap;
    tf_panel_id failed_panel;
    bool balance;                 /* balance flows whose last panel is under half full (the final layout) */
    bool want_balance;            /* the last layout has such a flow */
    tf_panel_id fail_panel;       /* a failed layout: the panel that did not fit (TF_PANEL_COUNT: none) */
} tf_edition;

/* Panels in the order a reader of the folded brochure meets them: the
 * edition's fold's order (fold.h), read where the edition R is in scope. */
#define tf_reading_order (tf_fold_reading_order(R->doc->sheet.fold))

/* How far glyphs of a story's roles (NULL: any story but a cover) reach
 * outside their line boxes, with the main font and the fallback fonts the
 * edition's texts draw with (s->fallbacks); frames are inset by it. */
tf_sp tf_layout_overshoot(const tf_setter *s, const tf_story *st);

/* The cover's motif: three discs {centre x, centre y, diameter} in tones
 * of the accent colour (two lighter, one darker). */
void tf_layout_cover_discs(tf_display *dl, int page, tf_color accent, const tf_sp discs[3][3]);

/* The screen edition (screen.c): the same content as portrait pages. */
bool tf_screen_layout(tf_edition *R);

#endif
