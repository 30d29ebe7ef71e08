/* placed.h: the layout record: where every line and box of an edition
 * finally went (issue 10: the layout report and the rule checker read it,
 * never the PDF).
 *
 * The setter calls tf_placed_line for each line it draws (flow.c's split
 * paragraphs, setline.c's unsplit texts). Trial settings draw too and are
 * taken back (tf_setter_rewind) or thrown away (a fit trial); the record
 * keeps only lines whose display ops are still in the display list when
 * it is read, so it always describes the final layout. Positions are read
 * from the ops themselves, so slots shifted into place after setting
 * (layout.c) are reported where they ended.
 *
 * tf_placed_build turns the record into boxes per panel, in reading order:
 * one box per block part (a paragraph split over two panels is two boxes),
 * list and checklist item, contact entry, clinic card, image. Everything is
 * allocated in the caller's arena; the record itself lives in the display
 * list's arena. */
#ifndef TF_PLACED_H
#define TF_PLACED_H

#include "layout.h"
#include "ptext.h"
#include "para.h"

struct tf_setter;

/* A line of prepared text t drawn by the setter: ops [op0, s->dl->n), its
 * top at local y of frame fr, line `index` of `n` of the text `src`. */
void tf_placed_line(struct tf_setter *s, size_t op0, const tf_frame *fr, tf_sp y, const tf_ptext *t,
                    const tf_line *ln, const tf_role *r, const tf_text *src, size_t index, size_t n);

typedef enum tf_box_kind {
    TF_BOX_TITLE, TF_BOX_SUBTITLE, TF_BOX_HEADING, TF_BOX_PARAGRAPH, TF_BOX_CREDIT,
    TF_BOX_LIST_LEADIN, TF_BOX_LIST_ITEM, TF_BOX_CHECKLIST_TITLE, TF_BOX_CHECKLIST_ITEM,
    TF_BOX_CONTACTS_TITLE, TF_BOX_CONTACT, TF_BOX_CLINIC, TF_BOX_IMAGE, TF_BOX_OTHER,
    TF_BOX_KIND_COUNT
} tf_box_kind;

/* How many lines the record holds, and taking back those recorded after
 * a checkpoint (tf_setter_rewind: a trial's lines never reach the report). */
size_t tf_placed_count(const struct tf_display *dl);
void tf_placed_truncate(struct tf_display *dl, size_t n);

const char *tf_box_kind_name(tf_box_kind k);      /* "heading", "checklist item", ... */
/* A heading-like box: must not end a frame (heading, checklist/contacts
 * title, list lead-in). */
bool tf_box_keeps_with_next(tf_box_kind k);

/* The field of a text in its box: what the hyphenation rules look at. */
typedef enum tf_field {
    TF_FIELD_TEXT,              /* running text */
    TF_FIELD_NAME, TF_FIELD_DESCRIPTION, TF_FIELD_ADDRESS, TF_FIELD_PHONE, TF_FIELD_EMAIL,
    TF_FIELD_WEB, TF_FIELD_HOURS, TF_FIELD_NOTE
} tf_field;
const char *tf_field_name(tf_field f);

typedef struct tf_pline {
    tf_sp top, bottom;          /* from the page's top edge, downwards */
    const tf_text *src;
    tf_field field;
    uint32_t index, n;          /* line `index` of the `n` lines its text was broken into */
    bool hyphen;                /* ends with a hyphen added at a break */
    bool hyphen_in_link;        /* ...inside a link (a URL or e-mail address in running text) */
    bool justified;             /* set justified (spaces stretched to the measure) */
    double space_ratio;         /* justified: word space as set / its natural width; 0: none */
    uint32_t words;             /* words on the line */
    const char *text;           /* the line's text (logical order, at most ~80 bytes) */
} tf_pline;

typedef struct tf_pbox {
    tf_box_kind kind;
    tf_panel_id panel;
    const char *story;          /* NULL: the clinic card */
    const char *block;          /* the block's id */
    const tf_loc *loc;          /* the text's place in the content (file:line:col) */
    int item;                   /* list/checklist item or contact index; -1: none */
    const char *words;          /* first words */
    tf_sp size;                 /* font size of its (first) line */
    tf_sp top, bottom;          /* from the page's top edge */
    bool in_flow;               /* part of the panel's flow (else a fixed slot) */
    bool continued;             /* its text began on an earlier panel */
    bool continues;             /* its text goes on on a later panel */
    tf_pline *lines;
    size_t n_lines;
    size_t seq;                 /* placement order across the edition */
} tf_pbox;

typedef struct tf_ppanel {
    tf_panel_id panel;
    bool present;
    int page;                   /* 1: outside, 2: inside */
    tf_sp x0, x1, top, bottom;  /* safe area; top/bottom from the page's top edge */
    tf_sp filled, avail;        /* the fill report (layout.h) */
    tf_sp balanced;             /* the flow's frame height cap when balanced (0: not; layout.h) */
    const char *what;
    const char *flow;           /* the flow story through this panel, NULL: none */
    tf_pbox *boxes;             /* top to bottom */
    size_t n_boxes;
} tf_ppanel;

typedef struct tf_placed_report {
    tf_ppanel panels[TF_PANEL_COUNT];   /* in reading order */
    size_t n_panels;
    tf_sp body_size, theme_body_size;
    bool fitted;
    tf_sp fit_min, fit_max;
    const char *fit_reason;
    tf_sp page_w, page_h;
    const char *paper, *fold;
    tf_fold fold_kind;                  /* names the panels (tf_panel_name) */
} tf_placed_report;

/* Build the report of a laid-out print edition (not the screen edition). */
void tf_placed_build(const tf_layout *l, const tf_doc *doc, tf_arena *a, tf_placed_report *out);

#endif
