/* layout.h: one edition of a brochure laid out on its sheet.
 *
 * Places every panel's slots (cover story, sidebars, fixed stories), flows
 * the flow stories through their panels in reading order, and with `fit`
 * searches the largest body size in the theme's range that fits. The
 * result is a display list (display.h) plus a fill report; nothing is
 * written. The screen edition (screen.c) sets the same content as
 * portrait pages instead. Resources (fonts, hyphenation dictionaries) come from a tf_res
 * (res.h), loaded once and shared by every edition laid out with it; the
 * tf_res must outlive the layouts. */
#ifndef TF_LAYOUT_H
#define TF_LAYOUT_H

#include "content.h"
#include "display.h"
#include "flow.h"
#include "fold.h"
#include "res.h"

typedef struct tf_layout_opts {
    bool press;              /* bleed, boxes and marks */
    bool force_fit;          /* --fit: search a size even if the theme does not ask */
    tf_sp fit_hint;          /* a size to try first (a batch's previous edition); 0: none */
    bool screen;             /* the screen edition: portrait pages in reading order */
    tf_pcache *cache;        /* prepared texts shared by the editions of a batch (pcache.h);
                                NULL: the layout keeps its own. Must outlive the layout. */
} tf_layout_opts;

typedef struct tf_panel_fill {
    bool used;
    bool flow;               /* a flow runs through it */
    tf_sp filled, avail;     /* height used by content / height of the safe area */
    tf_sp balanced;          /* the flow was balanced: its frame here capped at this height (0: not) */
    const char *what;        /* "flow body", "sidebar signs", ... */
} tf_panel_fill;

typedef struct tf_layout {
    tf_arena *arena;         /* owns the display list and everything below */
    tf_display dl;
    tf_sheet sheet;
    tf_sp body_size;
    bool fitted;             /* the size came from a fit search */
    tf_sp fit_min, fit_max;
    const char *fit_reason;  /* what decided the body size (the layout report, placed.h) */
    double leading;          /* body leading used (the theme's unless fit tightened it) */
    tf_panel_fill fill[TF_PANEL_COUNT];
    bool hyphenated;         /* a dictionary was found for the language */
    tf_pcache *own_cache;    /* when the caller passed none */
    int n_pages;             /* 2 for the brochure; the screen edition's page count */
    bool screen;
} tf_layout;

/* The screen edition's page cap: content past it is an error naming it. */
#define TF_SCREEN_MAX_PAGES 32

/* The slots the screen edition sets, in the order it sets them and numbers
 * their Sects (structure keys 0, 1, ...): the cover's story slots (the
 * first *n_cover), then every other slot in reading order, a flow story
 * once, clinic slots only with a clinic. The array is in `a`; returns its
 * length. pmcheck.c maps keys back to slots with it. */
size_t tf_screen_slots(const tf_doc *doc, tf_arena *a, const tf_slot ***out, size_t *n_cover);

/* Lay out `doc`. On failure (content that does not fit, a word too wide,
 * a missing glyph) everything is reported through diag and false is
 * returned; `out` must still be released with tf_layout_free. */
bool tf_layout_run(tf_res *res, const tf_doc *doc, const tf_layout_opts *o, tf_layout *out);
void tf_layout_free(tf_layout *l);

#endif
