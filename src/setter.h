/* setter.h: private to the setter (flow.c, setline.c, units.c): the pieces
 * they share and nobody else needs. The public contract is flow.h.
 *
 *   setline.c  one line or one unsplit text: bidi reorder, glyph runs ->
 *              display ops, links, structure nodes
 *   flow.c     frames, paragraphs that split, units placed and measured,
 *              blocks and stories, the setter checkpoint
 *   units.c    the units: text lines, list/checklist items, contacts, the
 *              clinic card, images, boxed stories */
#ifndef TF_SETTER_H
#define TF_SETTER_H

#include "flow.h"
#include "para.h"
#include "scale.h"

/* Heights and flow positions saturate at TF_TALL: a 16 KiB paragraph at
 * 72 pt is some 400,000 pt, past tf_sp's 32767 pt. Anything that tall fails
 * to fit anyway; saturating keeps it failing instead of wrapping to "fits". */
#define TF_TALL ((tf_sp)(INT32_MAX / 8))
static inline tf_sp tf_sat_add(tf_sp a, tf_sp b)
{
    int64_t v = (int64_t)a + b;
    return v > TF_TALL ? TF_TALL : (tf_sp)v;
}

/* --- prepared texts through the setter's cache (pcache.h) --- */
static inline const tf_ptext *tf_prep(tf_setter *s, const tf_text *t, unsigned style)
{
    return tf_pcache_text(s->cache, &s->pc, s->gen, t, style, &s->ok, &s->fallbacks);
}
static inline const tf_ptext *tf_prep_labelled(tf_setter *s, const char *label, const tf_text *value,
                                               const char *href)
{
    return tf_pcache_labelled(s->cache, &s->pc, s->gen, label, value, href, &s->ok, &s->fallbacks);
}
static inline const tf_ptext *tf_prep_data(tf_setter *s, const tf_text *t)
{
    return tf_pcache_data(s->cache, &s->pc, s->gen, t, &s->ok, &s->fallbacks);
}
static inline const tf_ptext *tf_prep_plain(tf_setter *s, const char *text, unsigned style)
{
    return tf_pcache_plain(s->cache, &s->pc, s->gen, text, style, &s->ok, &s->fallbacks);
}

/* --- setline.c --- */
/* A structure node under `parent`; a text in another language than the
 * edition's gets its /Lang. */
uint32_t tf_setline_node(tf_setter *s, const char *role, uint32_t parent, const tf_text *t);
/* A heading's text without inline markup, for bookmarks. */
const char *tf_setline_title(tf_setter *s, const char *src);
/* A label template ("Call {number}") with `value` in place of its {...}
 * (after it, with a space, when it has none): the edition's text, else the
 * English default `dflt`; *lang (when not NULL) the language it is in.
 * Issue 11: what readers hear comes from the edition's labels. */
const char *tf_setline_label(tf_setter *s, const tf_text *t, const char *dflt, const char *value,
                             const char **lang);
/* A URL as people say it: no scheme, no trailing slash. */
const char *tf_setline_url_shown(tf_setter *s, const char *url);
/* What a link is, in the edition's language, for its annotation's /Contents
 * (the Link element's /Alt): "Call (217) 555-0100", "Email hello@...",
 * "Website riverside.example.org". `shown`: the link's text on the page, or
 * NULL (a phone number is said as printed). */
const char *tf_setline_link_says(tf_setter *s, const char *href, const char *shown);
/* Baseline below a line's top for role r with base font f. */
tf_sp tf_setline_baseline(const tf_role *r, tf_font *f);
/* A glyph-run op for a prepared item (a piece, a space, a hyphen). */
tf_op *tf_setline_glyph(tf_setter *s, int page, tf_sp x, tf_sp baseline, const tf_role *r, tf_color c,
                        const tf_pitem *it, uint32_t elem);
/* Draw one broken line with its top at local y of frame fr, in the line box
 * starting at page x. */
void tf_setline_draw(tf_setter *s, const tf_frame *fr, tf_sp y, tf_sp x, const tf_ptext *t,
                     const tf_line *ln, const tf_role *r, bool justify);
/* Break a text into lines at the width of each line: `n` segments, segment
 * i gives seg_n[i] lines width seg_w[i], the last one every line after. */
void tf_setline_break(tf_setter *s, const tf_ptext *t, const tf_role *r, const size_t *seg_n,
                      const tf_sp *seg_w, size_t n, tf_para *out);
/* An overfull line (a word too wide): s->ok false, reported unless quiet. */
void tf_setline_overfull(tf_setter *s, const tf_text *src, const tf_para *p, const tf_frame *fr,
                         tf_sp width, tf_sp size);
/* Whether text breaks into lines of `width` with no word wider than a
 * line (nothing drawn, nothing reported). */
bool tf_setline_fits(tf_setter *s, const tf_ptext *t, const tf_role *r, tf_sp width);
/* Set text unsplit at local y, x offset `indent` into the frame; returns
 * its height. */
tf_sp tf_setline_text(tf_setter *s, const tf_frame *fr, tf_sp y, tf_sp indent, const tf_ptext *t,
                      const tf_role *r, const tf_text *src, bool justify);

/* --- flow.c: units placed into a flow --- */
typedef tf_sp (*tf_unit_fn)(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg);
/* Height a unit would take in the current frame (set, then taken back). */
tf_sp tf_unit_measure(tf_setter *s, tf_flow *f, tf_unit_fn fn, const void *arg);
/* Place a unit; `keep` is extra height that must fit below it. */
void tf_unit_place(tf_setter *s, tf_flow *f, tf_unit_fn fn, const void *arg, tf_sp keep, const tf_block *b);
bool tf_flow_virtual(const tf_flow *f);
void tf_flow_space(tf_flow *f, tf_sp amount);
/* Record the current frame's used height (the fill report). */
void tf_flow_note(tf_flow *f);

/* --- units.c --- */
#define TF_BULLET "\xE2\x80\xA2"    /* U+2022, before a list item */
typedef struct tf_text_unit {
    const tf_ptext *t;
    const tf_role *r;
    const tf_text *src;
} tf_text_unit;

typedef struct tf_item_unit {
    const tf_ptext *t;
    const tf_text *src;
    bool check;             /* checklist box, else a bullet */
    uint32_t list;          /* the L element */
} tf_item_unit;

tf_sp tf_unit_text(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg);      /* tf_text_unit */
tf_sp tf_unit_item(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg);      /* tf_item_unit */
tf_sp tf_unit_contact(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg);   /* tf_contact */
tf_sp tf_unit_image(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg);     /* tf_block */
/* Prepare what a contact entry draws (tf_prepare_story). */
void tf_unit_prepare_contact(tf_setter *s, const tf_contact *c);

#endif
