/* flow.c: blocks -> lines and units placed in a chain of frames (flow.h).
 *
 * A paragraph is broken for the place it will occupy: the lines left in
 * the current frame at that frame's width, then the next frames' widths.
 * If that leaves one line alone at the bottom (orphan) or at the top of the
 * next frame (widow), the split moves up a line and the paragraph is broken
 * again, since the widths of its lines have changed. Headings, list items,
 * checklist items, contact entries and images are units (units.c): set,
 * and if they do not fit, taken back (tf_setter_rewind) and set again at the
 * top of the next frame. Lines are drawn by setline.c. */
#include "setter.h"

#include <string.h>

#include "diag.h"
#include "placed.h"

/* --- roles ------------------------------------------------------------------- */

void tf_setter_roles(tf_setter *s, tf_sp body, double scale, bool on_accent)
{
    const tf_theme *th = &s->doc->theme;
    const tf_params *P = &th->params;
    tf_sp b = tf_sp_scaled(body, scale);
    tf_color text = on_accent ? th->accent_text : th->text;
    tf_color head = on_accent ? th->accent_text : th->heading;
    double lead = s->leading > 0 ? s->leading : th->leading;
    s->role[TF_ROLE_BODY] = (tf_role){b, tf_sp_scaled(b, lead), 0, text};
    tf_sp hs = tf_sp_scaled(b, th->heading_scale);
    s->role[TF_ROLE_HEADING] = (tf_role){hs, tf_sp_scaled(hs, P->heading_pitch), TF_SPAN_BOLD, head};
    s->role[TF_ROLE_TITLE] = (tf_role){th->title_size, tf_sp_scaled(th->title_size, P->title_pitch), TF_SPAN_BOLD, head};
    s->role[TF_ROLE_SUBTITLE] = (tf_role){th->subtitle_size, tf_sp_scaled(th->subtitle_size, P->subtitle_pitch), 0, text};
    tf_sp sm = tf_sp_scaled(b, th->small_scale);
    tf_color small = on_accent ? text : tf_color_mix(th->text, TF_RGB(255, 255, 255), P->small_text_tint);
    s->role[TF_ROLE_SMALL] = (tf_role){sm, tf_sp_scaled(sm, lead), TF_SPAN_ITALIC, small};
    s->role[TF_ROLE_NAME] = (tf_role){b, tf_sp_scaled(b, lead), TF_SPAN_BOLD, head};
    s->gap = tf_sp_scaled(th->gap, (double)b / (double)th->body_size * (s->gap_scale > 0 ? s->gap_scale : 1.0));
    s->accent = on_accent ? th->accent_text : th->accent;
    s->link = on_accent ? th->accent_text : th->heading;
}

/* --- the checkpoint of trial layout ------------------------------------------ */

tf_setter_mark tf_setter_checkpoint(const tf_setter *s)
{
    return (tf_setter_mark){s->dl->n, s->dl->n_nodes, tf_placed_count(s->dl), s->sect, s->block, s->elem, s->ok,
                            s->quiet};
}

void tf_setter_rewind(tf_setter *s, const tf_setter_mark *m)
{
    s->dl->n = m->ops;
    s->dl->n_nodes = m->nodes;
    tf_placed_truncate(s->dl, m->placed);
    s->sect = m->sect;
    s->block = m->block;
    s->elem = m->elem;
    s->ok = m->ok;
    s->quiet = m->quiet;
}

/* --- frames ------------------------------------------------------------------ */

void tf_flow_init(tf_flow *f, const tf_frame *frames, size_t n, tf_arena *a)
{
    memset(f, 0, sizeof *f);
    f->frames = frames;
    f->n_frames = n;
    f->at_top = true;
    f->used = tf_arena_alloc(a, (n ? n : 1) * sizeof *f->used);
}

bool tf_flow_virtual(const tf_flow *f) { return f->cur >= f->n_frames; }

void tf_flow_note(tf_flow *f)
{
    if (!tf_flow_virtual(f)) f->used[f->cur] = f->content_y;
}

/* The virtual frame continues below the last real one, endless. */
static tf_frame frame_now(const tf_flow *f)
{
    if (!tf_flow_virtual(f)) return f->frames[f->cur];
    tf_frame v = f->frames[f->n_frames - 1];
    v.top = v.top - v.h;
    v.h = INT32_MAX / 4;
    return v;
}

static void next_frame(tf_flow *f)
{
    if (tf_flow_virtual(f)) return;
    tf_flow_note(f);
    f->cur++;
    f->y = f->content_y = 0;
    f->at_top = true;
}

void tf_flow_space(tf_flow *f, tf_sp amount)
{
    if (!f->at_top) f->y = tf_sat_add(f->y, amount);
}

static void advance(tf_flow *f, tf_sp h)
{
    f->y = tf_sat_add(f->y, h);
    f->content_y = f->y;
    f->at_top = false;
    if (tf_flow_virtual(f)) f->overflow = f->y;
}

/* Lines of pitch p that fit below y in frame fr. */
static size_t capacity(const tf_frame *fr, tf_sp y, tf_sp p)
{
    if (y >= fr->h) return 0;
    return (size_t)((fr->h - y) / p);
}

/* --- paragraphs that split ---------------------------------------------------- */

/* Whether line `ln` ends with a hyphen: one the breaker added at a
 * hyphenation point, or a word's own hyphen it broke after. */
static bool ends_hyphen(const tf_ptext *t, const tf_line *ln)
{
    if (ln->hyphen) return true;
    if (ln->end == 0 || ln->end <= ln->first) return false;
    const tf_pitem *it = &t->items[ln->end - 1];
    if (it->kind != TF_PITEM_PIECE || !it->text || !it->text_len) return false;
    const char *e = it->text + it->text_len;
    if (e[-1] == '-') return true;
    /* U+2010 HYPHEN, U+00AD SOFT HYPHEN */
    if (it->text_len >= 3 && (unsigned char)e[-3] == 0xE2 && (unsigned char)e[-2] == 0x80 &&
        (unsigned char)e[-1] == 0x90) return true;
    return it->text_len >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xAD;
}

/* Set a paragraph. `force` (>= 0) caps the lines set in the current frame
 * (a lead-in moved on with what follows it). Returns the lines set in the
 * frame it started in; *n_lines the paragraph's lines. */
static size_t set_para(tf_setter *s, tf_flow *f, const tf_text *src, const tf_ptext *t, const tf_role *r,
                       long force, size_t *n_lines)
{
    *n_lines = 0;
    if (!t->n) return 0;
    tf_para p = {0};
    size_t here = 0;
    long forced = force;
    size_t max_seg = f->n_frames + 2;     /* this frame, the next ones, the virtual one */
    size_t *seg_n = tf_arena_alloc(s->scratch, max_seg * sizeof *seg_n);
    tf_sp *seg_w = tf_arena_alloc(s->scratch, max_seg * sizeof *seg_w);
    size_t n_seg = 0;
    bool settled = false;
    for (int iter = 0; iter < 12 && !settled; iter++) {
        tf_frame fr = frame_now(f);
        size_t k = tf_flow_virtual(f) ? (size_t)1 << 30 : capacity(&fr, f->y, r->pitch);
        if (forced >= 0 && (size_t)forced < k) k = (size_t)forced;
        /* widths: what is left of this frame, each next frame, then the
         * last frame's width for ever (the virtual frame) */
        n_seg = 0;
        seg_n[n_seg] = k;
        seg_w[n_seg++] = fr.w;
        for (size_t j = f->cur + 1; j < f->n_frames; j++) {
            seg_n[n_seg] = capacity(&f->frames[j], 0, r->pitch);
            seg_w[n_seg++] = f->frames[j].w;
        }
        seg_n[n_seg] = (size_t)1 << 30;
        seg_w[n_seg++] = f->n_frames ? f->frames[f->n_frames - 1].w : fr.w;
        tf_setline_break(s, t, r, seg_n, seg_w, n_seg, &p);
        if (p.overfull) {
            if (s->ok) tf_setline_overfull(s, src, &p, &fr, fr.w, r->size);
            here = p.n < k ? p.n : k;
            settled = true;
            break;
        }
        if (p.n <= k) { here = p.n; settled = true; break; }
        here = k;
        /* a frame whose top holds a single line keeps it: moving the
         * paragraph on would leave the frame empty, not avoid the orphan */
        if (here == 1 && !f->at_top) here = 0;            /* orphan */
        if (p.n - here == 1 && here > 1) here--;          /* widow */
        if (here == 1 && !f->at_top) here = 0;
        /* never a hyphen across a frame break: the split moves up a line
         * (the lines are then broken again for their new widths), keeping
         * the orphan rule; a frame's only line keeps it */
        if (!tf_flow_virtual(f) && f->cur + 1 < f->n_frames)
            while (here > 0 && ends_hyphen(t, &p.lines[here - 1]) && !(here == 1 && f->at_top)) {
                here--;
                if (here == 1 && !f->at_top) here = 0;
            }
        if (here == k) { settled = true; break; }
        forced = (long)here;
    }
    /* never settled (each split moved the next): break once more for the
     * split taken, so no line is set at another frame's width */
    if (!settled) {
        seg_n[0] = here;
        tf_setline_break(s, t, r, seg_n, seg_w, n_seg, &p);
    }
    /* place: `here` lines in this frame, the rest in the next frames */
    size_t i = 0;
    bool first = true;
    while (i < p.n) {
        tf_frame fr = frame_now(f);
        size_t room = first ? here : (tf_flow_virtual(f) ? p.n : capacity(&fr, f->y, r->pitch));
        first = false;
        if (room == 0 && f->at_top && !tf_flow_virtual(f)) room = 1;   /* a frame smaller than a line */
        size_t stop = i + room < p.n ? i + room : p.n;
        for (; i < stop; i++) {
            size_t op0 = s->dl->n;
            tf_setline_draw(s, &fr, f->y, fr.x, t, &p.lines[i], r, s->justify && i + 1 < p.n);
            tf_placed_line(s, op0, &fr, f->y, t, &p.lines[i], r, src, i, p.n);
            advance(f, r->pitch);
        }
        if (i < p.n) next_frame(f);
    }
    *n_lines = p.n;
    return here;
}

/* --- units ------------------------------------------------------------------ */

tf_sp tf_unit_measure(tf_setter *s, tf_flow *f, tf_unit_fn fn, const void *arg)
{
    tf_setter_mark m = tf_setter_checkpoint(s);
    s->quiet = true;                       /* a measurement reports nothing and fails nothing */
    tf_frame fr = frame_now(f);
    tf_sp h = fn(s, &fr, 0, arg);
    tf_setter_rewind(s, &m);
    return h;
}

void tf_unit_place(tf_setter *s, tf_flow *f, tf_unit_fn fn, const void *arg, tf_sp keep, const tf_block *b)
{
    tf_setter_mark m = tf_setter_checkpoint(s);
    tf_frame fr = frame_now(f);
    bool may_move = !tf_flow_virtual(f) && !f->at_top;
    if (may_move) s->quiet = true;         /* a try here may be taken back: report nothing yet */
    tf_sp h = fn(s, &fr, f->y, arg);
    s->quiet = m.quiet;
    if (may_move && f->y + h + keep > fr.h) {
        tf_setter_rewind(s, &m);
        next_frame(f);
        fr = frame_now(f);
        h = fn(s, &fr, 0, arg);
    } else if (may_move && !s->ok && m.ok && !m.quiet) {
        /* it stays here but failed (a word too wide): set it again to report it */
        tf_setter_rewind(s, &m);
        h = fn(s, &fr, f->y, arg);
    }
    if (!tf_flow_virtual(f) && f->y + h > fr.h && f->at_top && s->ok) {
        if (!s->quiet)
            tf_diag_error(&b->loc, "block '%s' is taller than panel '%s' (%.1f pt, the panel has %.1f pt)",
                          b->id, tf_panel_name(s->doc->sheet.fold, fr.panel), tf_sp_to_pt(h), tf_sp_to_pt(fr.h));
        s->ok = false;
    }
    advance(f, h);
}

/* --- blocks ---------------------------------------------------------------- */

static tf_sp heading_keep(tf_setter *s, tf_flow *f, const tf_story *st, size_t i);
static void set_block(tf_setter *s, tf_flow *f, const tf_story *st, size_t i);

/* What must follow an element that never ends a frame (a heading, a
 * checklist or contacts title, a list lead-in): block `j` of the story, or
 * (first_unit) only the first item or contact entry of block j. */
typedef struct keep_next {
    const tf_story *st;
    size_t j;
    bool first_unit;
} keep_next;

/* The first unit of a list, checklist or contacts block, spaced as
 * set_block spaces it (a trial only: no list element). */
static void set_first_unit(tf_setter *s, tf_flow *f, const tf_block *b)
{
    if ((b->kind == TF_BLOCK_LIST || b->kind == TF_BLOCK_CHECKLIST) && b->n_items) {
        bool check = b->kind == TF_BLOCK_CHECKLIST;
        tf_flow_space(f, check ? s->gap / 3 : s->gap / 2);
        tf_item_unit u = {tf_prep(s, &b->items[0].text, 0), &b->items[0].text, check, 0};
        tf_unit_place(s, f, tf_unit_item, &u, 0, b);
    } else if (b->kind == TF_BLOCK_CONTACTS && b->n_contacts) {
        tf_unit_place(s, f, tf_unit_contact, &b->contacts[0], 0, b);
    }
}

typedef enum follows { FOLLOWS_HERE, FOLLOWS_NEXT, FOLLOWS_OVER } follows;

#define TF_KEEP_DEPTH 4          /* nested keep trials (a heading, its subheading, a lead-in, ...) */

/* Where what follows lands, set in a trial and taken back: (at least in
 * part) in the frame the flow is in now, only in a later frame, or only in
 * the virtual overflow frame. Frames as tall as TF_TALL (a fixed story's,
 * a measurement's) never end: no trial. */
static follows follows_where(tf_setter *s, const tf_flow *f, const keep_next *k)
{
    if (tf_flow_virtual(f) || f->frames[f->cur].h >= TF_TALL) return FOLLOWS_HERE;
    /* headings in a row nest trials (each may try twice): past a few
     * levels the deeper ones are taken as placed, keeping the work linear */
    if (s->keep_depth >= TF_KEEP_DEPTH) return FOLLOWS_HERE;
    tf_sp *saved = tf_arena_alloc(s->scratch, f->n_frames * sizeof *saved);   /* the trial writes the */
    memcpy(saved, f->used, f->n_frames * sizeof *saved);                       /* shared fill record */
    tf_setter_mark m = tf_setter_checkpoint(s);
    s->quiet = true;
    tf_flow t = *f;
    size_t c = t.cur;
    tf_sp y0 = t.content_y;
    s->keep_depth++;
    if (k->first_unit) set_first_unit(s, &t, &k->st->blocks[k->j]);
    else set_block(s, &t, k->st, k->j);
    s->keep_depth--;
    follows w = (t.cur == c ? t.content_y : t.used[c]) > y0 ? FOLLOWS_HERE
              : c + 1 >= t.n_frames ? FOLLOWS_OVER      /* past the last frame: overflow, reported as such */
              : FOLLOWS_NEXT;
    tf_setter_rewind(s, &m);
    memcpy(f->used, saved, f->n_frames * sizeof *saved);
    return w;
}

/* An element that must not end a frame does, and moving it cannot help:
 * the layout fails (the fit search then tries a smaller size). */
static void keep_broken(tf_setter *s, const tf_flow *f, const tf_text *txt, const tf_block *b,
                        const char *what)
{
    if (!s->quiet) {
        const tf_loc *at = txt && txt->loc.line ? &txt->loc : &b->loc;
        tf_diag_error(at, "%s '%s' would end panel '%s' alone: what follows it does not fit below it there "
                      "(it keeps with at least two lines or the next unit); shorten what follows or the panel's "
                      "other content", what, b->id, tf_panel_name(s->doc->sheet.fold, f->frames[f->cur < f->n_frames ? f->cur : 0].panel));
    }
    s->ok = false;
}

/* A heading-like title line: a unit that keeps with what follows (`k`,
 * NULL: nothing follows). Placed, then checked by a trial of what
 * follows; left alone at a frame's foot, it moves to the next frame. */
/* A title with a word wider than the frame shrinks, half a point a
 * step, down to the theme's floor (sizes.title_min, else the subtitle's
 * size): the role it fits at, or the title role as it is (and the word is
 * then reported too wide). A soft hyphen in the word is a break the line
 * breaker takes first. */
static tf_role title_role(tf_setter *s, const tf_flow *f, const tf_text *txt)
{
    const tf_theme *th = &s->doc->theme;
    tf_role r = s->role[TF_ROLE_TITLE];
    tf_sp floor = th->title_min ? th->title_min : th->subtitle_size;
    if (floor >= r.size) return r;
    tf_frame fr = frame_now(f);
    const tf_ptext *t = tf_prep(s, txt, r.style);
    size_t seg_n = (size_t)1 << 30;
    tf_sp seg_w = fr.w;
    tf_role rr = r;
    for (; rr.size >= floor; rr.size -= TF_PT(0.5)) {
        rr.pitch = tf_sp_scaled(rr.size, th->params.title_pitch);
        tf_para p = {0};
        tf_setline_break(s, t, &rr, &seg_n, &seg_w, 1, &p);
        if (!p.overfull) return rr;
    }
    /* too wide even at the floor: set (and report the overfull word) there */
    rr.size = floor;
    rr.pitch = tf_sp_scaled(rr.size, th->params.title_pitch);
    return rr;
}

static void set_heading(tf_setter *s, tf_flow *f, const tf_story *st, size_t i, const tf_text *txt,
                        tf_role_id rid, tf_sp before, tf_sp after, const char *role, const keep_next *k,
                        const char *what)
{
    tf_role title = rid == TF_ROLE_TITLE ? title_role(s, f, txt) : s->role[rid];
    const tf_role *r = rid == TF_ROLE_TITLE ? &title : &s->role[rid];
    tf_setter_mark m0 = tf_setter_checkpoint(s);
    tf_flow f0 = *f;
    for (int attempt = 0; attempt < 2; attempt++) {
        s->elem = tf_setline_node(s, role, s->sect, txt);
        if (role[0] == 'H') s->dl->nodes[s->elem].title = tf_setline_title(s, txt->src);
        tf_flow_space(f, before);
        tf_text_unit u = {tf_prep(s, txt, r->style), r, txt};
        tf_unit_place(s, f, tf_unit_text, &u, after + heading_keep(s, f, st, i), &st->blocks[i]);
        f->y = tf_sat_add(f->y, after);
        if (!k || !s->ok) return;
        follows w = follows_where(s, f, k);
        if (w == FOLLOWS_HERE) return;
        bool at_top = f->cur != f0.cur || f0.at_top;     /* it already heads its frame */
        if (at_top || attempt) {
            if (w == FOLLOWS_NEXT) keep_broken(s, f, txt, &st->blocks[i], what);
            return;
        }
        tf_setter_rewind(s, &m0);                         /* move it on with what follows */
        *f = f0;
        next_frame(f);
    }
}

/* A paragraph that leads into what follows (a list's lead-in, a
 * paragraph ending with a colon before a list): its last lines never end
 * a frame without the first unit of what follows. Moved, it takes its last
 * two lines (or all of it) to the next frame. */
static void set_para_kept(tf_setter *s, tf_flow *f, const tf_text *src, const tf_ptext *t, const tf_role *r,
                          const keep_next *k, const tf_block *b)
{
    tf_setter_mark m0 = tf_setter_checkpoint(s);
    tf_flow f0 = *f;
    size_t n;
    set_para(s, f, src, t, r, -1, &n);
    if (!k || !s->ok || !n) return;
    follows w = follows_where(s, f, k);
    if (w != FOLLOWS_NEXT) return;
    if (f->cur != f0.cur || f0.at_top) {                 /* it already heads its frame */
        keep_broken(s, f, src, b, "lead-in of");
        return;
    }
    tf_setter_rewind(s, &m0);
    *f = f0;
    set_para(s, f, src, t, r, n >= 4 ? (long)n - 2 : 0, &n);
    if (follows_where(s, f, k) == FOLLOWS_NEXT) keep_broken(s, f, src, b, "lead-in of");
}

/* Whether a paragraph's text ends with a colon (it leads into a list). */
static bool ends_colon(const char *src)
{
    if (!src) return false;
    size_t n = strlen(src);
    while (n && (src[n - 1] == ' ' || src[n - 1] == '\n' || src[n - 1] == '*')) n--;
    if (n && src[n - 1] == ':') return true;
    /* U+FF1A FULLWIDTH COLON */
    return n >= 3 && (unsigned char)src[n - 3] == 0xEF && (unsigned char)src[n - 2] == 0xBC &&
           (unsigned char)src[n - 1] == 0x9A;
}

/* Height of what must follow a heading on the same panel: two lines of the
 * next paragraph, or the first unit of the next block. Block i is the
 * heading's block; its own items count when it is a checklist/contacts
 * title. */
static tf_sp heading_keep(tf_setter *s, tf_flow *f, const tf_story *st, size_t i)
{
    const tf_block *b = &st->blocks[i];
    const tf_role *body = &s->role[TF_ROLE_BODY];
    if (b->kind == TF_BLOCK_CHECKLIST || b->kind == TF_BLOCK_LIST) {
        if (b->kind == TF_BLOCK_LIST && b->text.src) return 2 * body->pitch;
        if (!b->n_items) return 0;
        const tf_text *first = &b->items[0].text;
        tf_item_unit u = {tf_prep(s, first, 0), first, b->kind == TF_BLOCK_CHECKLIST, 0};
        return tf_unit_measure(s, f, tf_unit_item, &u);
    }
    if (b->kind == TF_BLOCK_CONTACTS)
        return b->n_contacts ? tf_unit_measure(s, f, tf_unit_contact, &b->contacts[0]) : 0;
    if (i + 1 >= st->n_blocks) return 0;
    const tf_block *nx = &st->blocks[i + 1];
    switch (nx->kind) {
    case TF_BLOCK_PARAGRAPH:
    case TF_BLOCK_CREDIT: return 2 * body->pitch;
    case TF_BLOCK_IMAGE: return tf_unit_measure(s, f, tf_unit_image, nx);
    case TF_BLOCK_LIST:
    case TF_BLOCK_CHECKLIST:
    case TF_BLOCK_CONTACTS: {
        tf_sp h = s->gap;
        if (nx->text.src) h += s->role[TF_ROLE_HEADING].pitch;
        return h + heading_keep(s, f, st, i + 1);
    }
    default: return body->pitch;
    }
}

static void set_block(tf_setter *s, tf_flow *f, const tf_story *st, size_t i)
{
    const tf_block *b = &st->blocks[i];
    keep_next next = {st, i + 1, false}, own = {st, i, true};
    const keep_next *after = i + 1 < st->n_blocks ? &next : NULL;
    size_t n_lines;
    const tf_role *body = &s->role[TF_ROLE_BODY];
    tf_sp gap = s->gap;
    const tf_params *P = &s->doc->theme.params;
    tf_sp above = tf_sp_scaled(gap, P->heading_space_above);
    tf_sp below_title = gap / (tf_sp)P->title_space_below_div;
    switch (b->kind) {
    case TF_BLOCK_TITLE:
        set_heading(s, f, st, i, &b->text, TF_ROLE_TITLE, gap, gap / 2, "H1", after, "title");
        break;
    case TF_BLOCK_SUBTITLE:
        set_heading(s, f, st, i, &b->text, TF_ROLE_SUBTITLE, gap / 2, gap / 2, "P", after, "subtitle");
        break;
    case TF_BLOCK_HEADING:
        set_heading(s, f, st, i, &b->text, TF_ROLE_HEADING, above, gap / (tf_sp)P->heading_space_below_div, "H2",
                    after, "heading");
        break;
    case TF_BLOCK_PARAGRAPH:
        tf_flow_space(f, gap);
        s->elem = tf_setline_node(s, "P", s->sect, &b->text);
        if (after && (st->blocks[i + 1].kind == TF_BLOCK_LIST || st->blocks[i + 1].kind == TF_BLOCK_CHECKLIST) &&
            ends_colon(b->text.src))
            set_para_kept(s, f, &b->text, tf_prep(s, &b->text, 0), body, after, b);
        else
            set_para(s, f, &b->text, tf_prep(s, &b->text, 0), body, -1, &n_lines);
        break;
    case TF_BLOCK_CREDIT: {
        const tf_role *r = &s->role[TF_ROLE_SMALL];
        tf_flow_space(f, gap);
        s->elem = tf_setline_node(s, "P", s->sect, &b->text);
        set_para(s, f, &b->text, tf_prep(s, &b->text, r->style), r, -1, &n_lines);
        break;
    }
    case TF_BLOCK_LIST:
    case TF_BLOCK_CHECKLIST: {
        bool check = b->kind == TF_BLOCK_CHECKLIST;
        if (b->text.src) {
            if (check) {
                set_heading(s, f, st, i, &b->text, TF_ROLE_HEADING, above, below_title, "H2",
                            b->n_items ? &own : NULL, "checklist title of");
            } else {
                tf_flow_space(f, gap);
                s->elem = tf_setline_node(s, "P", s->sect, &b->text);
                set_para_kept(s, f, &b->text, tf_prep(s, &b->text, 0), body, b->n_items ? &own : NULL, b);
            }
        }
        uint32_t list = tf_setline_node(s, "L", s->sect, NULL);
        for (size_t k = 0; k < b->n_items; k++) {
            tf_flow_space(f, k == 0 && !check ? gap / 2 : gap / 3);
            tf_item_unit u = {tf_prep(s, &b->items[k].text, 0), &b->items[k].text, check, list};
            tf_unit_place(s, f, tf_unit_item, &u, 0, b);
        }
        break;
    }
    case TF_BLOCK_CONTACTS:
        if (b->text.src)
            set_heading(s, f, st, i, &b->text, TF_ROLE_HEADING, above, below_title, "H2",
                        b->n_contacts ? &own : NULL, "contacts title of");
        s->block = tf_setline_node(s, "Div", s->sect, NULL);
        for (size_t k = 0; k < b->n_contacts; k++) {
            tf_flow_space(f, k == 0 ? 0 : gap);
            tf_unit_place(s, f, tf_unit_contact, &b->contacts[k], 0, b);
        }
        break;
    case TF_BLOCK_IMAGE:
        tf_flow_space(f, gap);
        s->block = s->sect;
        tf_unit_place(s, f, tf_unit_image, b, 0, b);
        break;
    }
}

void tf_set_story(tf_setter *s, tf_flow *f, const tf_story *story)
{
    for (size_t i = 0; i < story->n_blocks; i++) {
        set_block(s, f, story, i);
        if (f->block_end && i < f->n_block_end) f->block_end[i] = f->y;
        if (!f->over && tf_flow_virtual(f) && f->overflow > 0) f->over = &story->blocks[i];
    }
    tf_flow_note(f);
}

/* --- preparing without drawing ------------------------------------------------ */

/* The texts set_block prepares, with the same styles, in the same order. */
static void prepare_block(tf_setter *s, const tf_block *b)
{
    switch (b->kind) {
    case TF_BLOCK_TITLE: tf_prep(s, &b->text, s->role[TF_ROLE_TITLE].style); break;
    case TF_BLOCK_SUBTITLE: tf_prep(s, &b->text, s->role[TF_ROLE_SUBTITLE].style); break;
    case TF_BLOCK_HEADING: tf_prep(s, &b->text, s->role[TF_ROLE_HEADING].style); break;
    case TF_BLOCK_PARAGRAPH: tf_prep(s, &b->text, 0); break;
    case TF_BLOCK_CREDIT: tf_prep(s, &b->text, s->role[TF_ROLE_SMALL].style); break;
    case TF_BLOCK_LIST:
    case TF_BLOCK_CHECKLIST: {
        bool check = b->kind == TF_BLOCK_CHECKLIST;
        if (b->text.src) tf_prep(s, &b->text, check ? s->role[TF_ROLE_HEADING].style : 0);
        for (size_t k = 0; k < b->n_items; k++) {
            tf_prep(s, &b->items[k].text, 0);
            if (!check) tf_prep_plain(s, TF_BULLET, 0);
        }
        break;
    }
    case TF_BLOCK_CONTACTS:
        if (b->text.src) tf_prep(s, &b->text, s->role[TF_ROLE_HEADING].style);
        for (size_t k = 0; k < b->n_contacts; k++) tf_unit_prepare_contact(s, &b->contacts[k]);
        break;
    case TF_BLOCK_IMAGE: break;
    }
}

void tf_prepare_story(tf_setter *s, const tf_story *st)
{
    for (size_t i = 0; st && i < st->n_blocks; i++) prepare_block(s, &st->blocks[i]);
}
