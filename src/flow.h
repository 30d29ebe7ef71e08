/* flow.h: setting blocks into frames, the contract of the setter (flow.c,
 * units.c, setline.c; prepared texts from pcache.h).
 *
 * A frame is a rectangle on a page that text fills from the top; frames
 * are chained so a story flows from one to the next (SILE's frames, TeX's
 * pages). Paragraphs split between frames with widow and orphan control and
 * are broken again for the next frame's width; headings keep with the next
 * two lines; list items, checklist items, contact entries and images are
 * units that never split.
 *
 * Drawing goes straight into the display list in page coordinates. When
 * the chain runs out, setting goes on in a virtual frame below the last one
 * so the overflow can be measured and reported.
 *
 * Trial layout (will it fit? how tall is it?) is "set, then take back": a
 * tf_setter_mark taken before the trial and tf_setter_rewind after it undo
 * everything the trial did to the setter (see there). */
#ifndef TF_FLOW_H
#define TF_FLOW_H

#include "content.h"
#include "display.h"
#include "pcache.h"
#include "ptext.h"

typedef struct tf_frame {
    int page;
    tf_panel_id panel;
    tf_sp x, top, w, h;     /* top is the PDF y of the frame's top edge */
} tf_frame;

/* How text of one role looks at the current body size. */
typedef struct tf_role {
    tf_sp size;
    tf_sp pitch;            /* baseline to baseline */
    unsigned style;         /* TF_SPAN_* added to every span */
    tf_color color;
} tf_role;

typedef enum tf_role_id {
    TF_ROLE_BODY, TF_ROLE_HEADING, TF_ROLE_TITLE, TF_ROLE_SUBTITLE,
    TF_ROLE_SMALL, TF_ROLE_NAME, TF_ROLE_COUNT
} tf_role_id;

/* Everything setting needs for one edition at one body size. */
typedef struct tf_setter {
    const tf_doc *doc;
    tf_ptext_ctx pc;         /* fonts, hyphenation, language; pc.arena holds prepared texts */
    tf_arena *scratch;       /* line breaking; reset between layouts */
    tf_display *dl;
    tf_pcache *cache;        /* prepared texts, shared across body sizes */
    tf_role role[TF_ROLE_COUNT];
    tf_sp gap;               /* between blocks */
    tf_color accent, link;
    bool justify;
    double leading;          /* line pitch / size for body text; 0: the theme's (fit may tighten it) */
    double gap_scale;        /* space between blocks x this; 0: 1 (fit may tighten it) */
    unsigned keep_depth;     /* trials of what follows a heading, nested (flow.c bounds it) */
    bool ok;                 /* false after an error (missing glyph, a word too wide) */
    bool quiet;              /* a trial layout: record failures, print nothing */
    uint32_t sect;           /* structure: the story's element (blocks go under it) */
    uint32_t block;          /* structure: the element units go under (a contacts Div) */
    uint32_t elem;           /* structure: the element text being drawn belongs to */
    unsigned gen;            /* which layout run (errors of cached texts are reported once per run) */
    tf_fallback_mask fallbacks;  /* fallback fonts of every text prepared so far (pcache.h) */
} tf_setter;

/* A checkpoint of everything a trial can change in the setter: the
 * display list's ops and structure nodes, the structure ids, the error
 * state and quietness. Prepared texts are not part of it (they are cached
 * on purpose), nor is the fallback mask (it only grows, and a trial
 * prepares what the final setting prepares). A flow (tf_flow) is a value:
 * a trial that moves one works on a copy (the copy shares the per-frame
 * `used` record, which the real setting writes again). */
typedef struct tf_setter_mark {
    size_t ops, nodes, placed;      /* placed: lines in the layout record (placed.h) */
    uint32_t sect, block, elem;
    bool ok, quiet;
} tf_setter_mark;

tf_setter_mark tf_setter_checkpoint(const tf_setter *s);
void tf_setter_rewind(tf_setter *s, const tf_setter_mark *m);

/* Roles for a body size; `scale` shrinks everything (sidebars), `on_accent`
 * switches text to the theme's accent_text colour (cover panels). */
void tf_setter_roles(tf_setter *s, tf_sp body, double scale, bool on_accent);

typedef struct tf_flow {
    const tf_frame *frames;
    size_t n_frames;
    size_t cur;              /* frame being filled; == n_frames: the virtual overflow frame */
    tf_sp y;                 /* used height in the current frame */
    tf_sp content_y;         /* bottom of what was set in it (y less trailing space) */
    bool at_top;             /* nothing set in the current frame yet */
    tf_sp overflow;          /* height set in the virtual frame */
    tf_sp *used;             /* height used per frame (n_frames of them), for the fill report */
    tf_sp *block_end;        /* optional (NULL): y below each block of the story set, by index */
    size_t n_block_end;
    const tf_block *over;    /* the first block that ran into the virtual overflow frame */
} tf_flow;

/* A flow through n frames; `a` holds its per-frame record. */
void tf_flow_init(tf_flow *f, const tf_frame *frames, size_t n, tf_arena *a);

/* Prepare (shape) every text a story, or a clinic's card, draws, without
 * drawing: the texts are then in the cache and s->fallbacks holds the
 * fallback fonts they draw with, before any frame is inset for them. */
void tf_prepare_story(tf_setter *s, const tf_story *st);

/* Warn once per paragraph that justified text had to be set ragged right
 * (lines marked TF_LINE_RAGGED in a finished display list; max_space: the
 * theme's justify_max_space, for the message). setline.c. */
void tf_setline_warn_ragged(const tf_display *dl, double max_space);
struct tf_clinic;
void tf_prepare_clinic(tf_setter *s, const struct tf_clinic *c);

/* Set a clinic's card (logo, name, contacts, QR code) into the flow. */
void tf_set_clinic(tf_setter *s, tf_flow *f, const struct tf_clinic *c);

/* Set a story in a tinted box kept on one frame (or unboxed if taller
 * than a frame). */
void tf_set_boxed_story(tf_setter *s, tf_flow *f, const tf_story *st, tf_color tint, tf_sp pad);

/* Plain text centred on x at a baseline, as an artifact (page numbers). */
void tf_draw_plain(tf_setter *s, int page, tf_sp x_centre, tf_sp baseline, const char *text,
                   tf_role_id rid);

/* Height of one contact entry set at `width` with the current roles. */
tf_sp tf_measure_contact(tf_setter *s, const tf_contact *c, tf_sp width);

/* Set a story's blocks into the flow. */
void tf_set_story(tf_setter *s, tf_flow *f, const tf_story *story);

#endif
