/* layout.c: the brochure as a whole: panels, slots, flows, fit. */
#include "layout.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "diag.h"
#include "lang.h"

/* --- shared resources ------------------------------------------------------ */

#define MAX_FONTS 32
#define MAX_DICTS 16

struct tf_res {
    struct { char *path; tf_font *font; } fonts[MAX_FONTS];
    size_t n_fonts;
    struct { char *lang; tf_hyphen *h; } dicts[MAX_DICTS];
    size_t n_dicts;
};

tf_res *tf_res_new(void)
{
    return tf_xcalloc(1, sizeof(tf_res));
}

void tf_res_free(tf_res *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_fonts; i++) {
        tf_font_free(r->fonts[i].font);
        free(r->fonts[i].path);
    }
    for (size_t i = 0; i < r->n_dicts; i++) {
        tf_hyphen_free(r->dicts[i].h);
        free(r->dicts[i].lang);
    }
    free(r);
}

static tf_font *res_font(tf_res *r, const char *path, const tf_loc *where)
{
    for (size_t i = 0; i < r->n_fonts; i++)
        if (!strcmp(r->fonts[i].path, path)) return r->fonts[i].font;
    tf_font *f = tf_font_load(path, where);
    if (!f) return NULL;
    if (r->n_fonts == MAX_FONTS) {       /* keep it simple: drop the oldest */
        tf_font_free(r->fonts[0].font);
        free(r->fonts[0].path);
        memmove(r->fonts, r->fonts + 1, (MAX_FONTS - 1) * sizeof r->fonts[0]);
        r->n_fonts--;
    }
    r->fonts[r->n_fonts].path = tf_xstrdup(path);
    r->fonts[r->n_fonts++].font = f;
    return f;
}

/* Loading a dictionary (libhyphen parses its patterns) costs as much as
 * shaping the whole brochure, so the first edition of a language loads it
 * on a second thread while the texts are shaped without it. */
typedef struct dict_job {
    pthread_t thread;
    char lang[64];
    tf_hyphen *h;
} dict_job;

static void *dict_load_main(void *arg)
{
    dict_job *j = arg;
    j->h = tf_hyphen_load(j->lang);
    return NULL;
}

static bool res_hyphen_cached(tf_res *r, const char *lang, tf_hyphen **out)
{
    for (size_t i = 0; i < r->n_dicts; i++)
        if (!strcmp(r->dicts[i].lang, lang)) { *out = r->dicts[i].h; return true; }
    return false;
}

static void res_hyphen_store(tf_res *r, const char *lang, tf_hyphen *h)
{
    if (r->n_dicts == MAX_DICTS) {
        tf_hyphen_free(h);
        return;
    }
    r->dicts[r->n_dicts].lang = tf_xstrdup(lang);
    r->dicts[r->n_dicts++].h = h;
}

static tf_font *res_font_cb(void *ctx, const char *path, const tf_loc *where)
{
    return res_font(ctx, path, where);
}

/* --- one layout at one body size -------------------------------------------- */

static const tf_panel_id reading_order[TF_PANEL_COUNT] = {
    TF_PANEL_COVER, TF_PANEL_FLAP, TF_PANEL_INSIDE_LEFT,
    TF_PANEL_INSIDE_MIDDLE, TF_PANEL_INSIDE_RIGHT, TF_PANEL_BACK,
};

typedef struct run {
    const tf_doc *doc;
    tf_layout *l;
    tf_setter *s;
    tf_sp body;
    bool quiet;              /* a trial of the fit search: no messages */
    tf_sp overflow;          /* worst flow overflow */
    const tf_slot *overflow_slot;
    const char *overflow_story;
    const tf_slot *ref_slot;      /* the slot holding a clinic's referrals, if any */
    double ref_scale;             /* shrink factor for it (theme contacts_min) */
} run;

static tf_color mix(tf_color a, tf_color b, double t)
{
    return TF_RGB((uint8_t)(a.r + (b.r - a.r) * t + 0.5), (uint8_t)(a.g + (b.g - a.g) * t + 0.5),
                      (uint8_t)(a.b + (b.b - a.b) * t + 0.5));
}

static tf_sp scaled(tf_sp v, double k) { return (tf_sp)((double)v * k + 0.5); }

/* How far glyphs of the setter's roles reach outside their line boxes
 * (leading tighter than ascender + descender); frames are inset by it. */
/* The roles a story's text is set in (NULL: a clinic card or any story
 * that is not a cover). */
static unsigned roles_of(const tf_story *st)
{
    unsigned m = 1u << TF_ROLE_BODY | 1u << TF_ROLE_NAME;
    if (!st) m |= 1u << TF_ROLE_HEADING | 1u << TF_ROLE_SMALL;   /* any story but a cover */
    for (size_t i = 0; st && i < st->n_blocks; i++) {
        switch (st->blocks[i].kind) {
        case TF_BLOCK_TITLE: m |= 1u << TF_ROLE_TITLE; break;
        case TF_BLOCK_SUBTITLE: m |= 1u << TF_ROLE_SUBTITLE; break;
        case TF_BLOCK_CREDIT: m |= 1u << TF_ROLE_SMALL; break;
        case TF_BLOCK_HEADING: case TF_BLOCK_CHECKLIST: case TF_BLOCK_CONTACTS:
            m |= 1u << TF_ROLE_HEADING; break;
        default: break;
        }
    }
    return m;
}

/* How far glyphs of the story's roles reach outside their line boxes, by
 * their fonts' ascender and descender (what a reader like pdftotext takes
 * as a word's box): leading tighter than ascender + descender, or a
 * fallback font (Noto Sans Arabic) taller than the main one. Frames are
 * inset by it at top and bottom. */
static tf_sp overshoot(const tf_setter *s, const tf_story *st)
{
    tf_sp worst = 0;
    const tf_fontset *fs = s->pc.fonts;
    unsigned roles = roles_of(st);
    for (int i = 0; i < TF_ROLE_COUNT; i++) {
        if (!(roles & (1u << i))) continue;
        const tf_role *r = &s->role[i];
        tf_font *cand[1 + TF_MAX_FALLBACK_FONTS * TF_FACE_COUNT];
        size_t nc = 0;
        cand[nc++] = tf_ptext_font(fs, r->style);
        for (size_t k = 0; k < TF_MAX_FALLBACK_FONTS; k++)   /* fallbacks the text uses */
            for (int f = 0; f < TF_FACE_COUNT; f++)
                if (fs->used[k][f] && fs->fallback[k][f]) cand[nc++] = fs->fallback[k][f];
        tf_font *base = cand[0];
        tf_sp asc0 = tf_font_ascender(base, r->size), desc0 = tf_font_descender(base, r->size);
        tf_sp half = (r->pitch - (asc0 - desc0)) / 2;     /* the baseline is set from the main font */
        for (size_t k = 0; k < nc; k++) {
            tf_sp up = tf_font_ascender(cand[k], r->size) - asc0 - half;     /* above the line box */
            tf_sp down = desc0 - tf_font_descender(cand[k], r->size) - half; /* below it */
            if (up > worst) worst = up;
            if (down > worst) worst = down;
        }
    }
    return worst + TF_PT(0.5);
}

static void panel_background(run *R, tf_panel_id p)
{
    const tf_panel_plan *pl = &R->doc->plan[p];
    const tf_panel_geom *g = &R->l->sheet.panel[p];
    const tf_theme *th = &R->doc->theme;
    tf_display *dl = &R->l->dl;
    if (pl->style == TF_STYLE_PLAIN) return;
    tf_op *op = tf_display_add(dl, TF_OP_CLIP_BEGIN, g->page);
    op->x = g->bleed.x; op->y = g->bleed.y; op->w = g->bleed.w; op->h = g->bleed.h;
    op = tf_display_add(dl, TF_OP_FILL_RECT, g->page);
    op->x = g->bleed.x; op->y = g->bleed.y; op->w = g->bleed.w; op->h = g->bleed.h;
    op->color = pl->style == TF_STYLE_COVER ? th->accent : th->tint;
    if (pl->style == TF_STYLE_COVER) {
        /* quiet geometric motif: two soft discs and a darker foot band */
        tf_color white = TF_RGB(255, 255, 255), black = TF_RGB(0, 0, 0);
        const tf_rect t = g->trim;
        op = tf_display_add(dl, TF_OP_CIRCLE, g->page);
        op->x = t.x + scaled(t.w, 0.92); op->y = t.y + scaled(t.h, 0.93); op->w = scaled(t.w, 0.62);
        op->color = mix(th->accent, white, 0.10);
        op = tf_display_add(dl, TF_OP_CIRCLE, g->page);
        op->x = t.x + scaled(t.w, 0.92); op->y = t.y + scaled(t.h, 0.93); op->w = scaled(t.w, 0.34);
        op->color = mix(th->accent, white, 0.18);
        op = tf_display_add(dl, TF_OP_CIRCLE, g->page);
        op->x = t.x + scaled(t.w, 0.05); op->y = t.y + scaled(t.h, 0.10); op->w = scaled(t.w, 0.42);
        op->color = mix(th->accent, black, 0.12);
        op = tf_display_add(dl, TF_OP_FILL_RECT, g->page);
        op->x = g->bleed.x; op->y = g->bleed.y; op->w = g->bleed.w;
        op->h = t.y - g->bleed.y + scaled(t.h, 0.035);
        op->color = mix(th->accent, black, 0.25);
    }
    tf_display_add(dl, TF_OP_CLIP_END, g->page);
}

/* Set a fixed story (or sidebar) with its top at PDF y = 0, x at x, width
 * w; returns its height. Ops from `from` on are then shifted into place. */
/* The structure element of a slot's story: a Sect placed in reading order
 * by the panel it starts on and its place on the panel. */
static uint32_t sect_node(run *R, tf_panel_id p, const tf_slot *slot)
{
    uint32_t n = tf_display_node(&R->l->dl, "Sect", 0);
    uint32_t rank = 0;
    while (rank < TF_PANEL_COUNT && reading_order[rank] != p) rank++;
    R->l->dl.nodes[n].key = rank * 256u + (uint32_t)(slot - R->doc->plan[p].slots);
    return n;
}

static tf_sp set_fixed(run *R, const tf_slot *slot, tf_panel_id p, tf_sp x, tf_sp w, bool on_accent)
{
    tf_setter *s = R->s;
    bool clinic = slot->kind == TF_SLOT_CLINIC;
    const tf_story *st = clinic ? NULL : tf_doc_story(R->doc, slot->story);
    if (clinic ? !R->doc->clinic : !st) return 0;   /* no clinic: the slot stays empty */
    bool box = slot->kind == TF_SLOT_SIDEBAR || (clinic && slot->boxed);
    double scale = (box ? R->doc->theme.sidebar_scale : 1.0) * (slot == R->ref_slot ? R->ref_scale : 1.0);
    /* a box is tinted: its text is dark even on a cover panel */
    tf_setter_roles(s, R->body, scale, on_accent && !box);
    s->sect = s->block = s->elem = sect_node(R, p, slot);
    tf_sp pad = box ? scaled(s->role[TF_ROLE_BODY].size, 0.9) : 0;
    tf_sp inset = overshoot(s, st);
    size_t bg = SIZE_MAX;                 /* an index: adding ops may move the array */
    if (box) {
        tf_display_add(&R->l->dl, TF_OP_FILL_RECT, R->l->sheet.panel[p].page);
        bg = R->l->dl.n - 1;
    }
    tf_frame fr = {R->l->sheet.panel[p].page, p, x + pad, -(pad + inset), w - 2 * pad, INT32_MAX / 4};
    tf_flow f;
    tf_flow_init(&f, &fr, 1);
    if (clinic) tf_set_clinic(s, &f, R->doc->clinic);
    else tf_set_story(s, &f, st);
    tf_sp h = f.y + 2 * (pad + inset);
    if (bg != SIZE_MAX) {
        tf_op *op = &R->l->dl.ops[bg];
        op->x = x; op->y = -h; op->w = w; op->h = h;
        op->color = R->doc->theme.tint;
    }
    return h;
}

/* The contacts block a clinic's referrals went to. */
static const tf_block *referral_block(const tf_doc *doc, const tf_story **in)
{
    for (size_t i = 0; i < doc->n_stories; i++)
        for (size_t j = 0; j < doc->stories[i].n_blocks; j++) {
            const tf_block *b = &doc->stories[i].blocks[j];
            if (b->kind == TF_BLOCK_CONTACTS && (!doc->referrals || !strcmp(doc->referrals, b->id))) {
                *in = &doc->stories[i];
                return b;
            }
        }
    return NULL;
}

/* A clinic edition whose referrals make a panel overflow: say so against the
 * clinic file, with how many entries do not fit (counted from the end). */
static bool report_referrals(run *R, tf_panel_id p, tf_sp excess)
{
    const tf_doc *doc = R->doc;
    const tf_story *st = NULL;
    const tf_block *rb = doc->clinic ? referral_block(doc, &st) : NULL;
    if (!rb) return false;
    const tf_panel_plan *pl = &doc->plan[p];
    const tf_slot *slot = NULL;
    for (size_t i = 0; i < pl->n_slots && !slot; i++)
        if (pl->slots[i].story && !strcmp(pl->slots[i].story, st->id)) slot = &pl->slots[i];
    if (!slot) return false;
    bool box = slot->kind == TF_SLOT_SIDEBAR;
    tf_setter_roles(R->s, R->body, box ? doc->theme.sidebar_scale : 1.0, false);
    tf_sp pad = box ? scaled(R->s->role[TF_ROLE_BODY].size, 0.9) : 0;
    tf_sp width = R->l->sheet.panel[p].safe.w - 2 * pad;
    size_t k = 0;
    tf_sp acc = 0;
    while (k < rb->n_contacts && acc < excess) {
        acc += tf_measure_contact(R->s, &rb->contacts[rb->n_contacts - 1 - k], width) + R->s->gap;
        k++;
    }
    tf_loc where = {doc->clinic->path, 0, 0};
    tf_diag_error(&where, "panel '%s': %zu of the %zu contact entries do not fit (%.1f pt too tall); "
                  "remove or shorten referrals", tf_panel_name(p), k, rb->n_contacts, tf_sp_to_pt(excess));
    return true;
}

typedef struct placed {
    tf_sp flow_top, flow_bottom;      /* PDF y of the flow frame, if any */
    bool has_flow;
    const tf_slot *flow_slot;
} placed;

static bool place_panel(run *R, tf_panel_id p, placed *out)
{
    const tf_panel_plan *pl = &R->doc->plan[p];
    const tf_panel_geom *g = &R->l->sheet.panel[p];
    tf_display *dl = &R->l->dl;
    tf_panel_fill *fill = &R->l->fill[p];
    memset(out, 0, sizeof *out);
    fill->used = pl->present;
    fill->avail = g->safe.h;
    if (!pl->present) return true;
    panel_background(R, p);
    bool on_accent = pl->style == TF_STYLE_COVER;
    tf_sp gap = scaled(R->doc->theme.gap, 2.0 * (double)R->body / (double)R->doc->theme.body_size);
    tf_sp top = g->safe.y + g->safe.h, bottom = g->safe.y;

    size_t flow_at = pl->n_slots;
    for (size_t i = 0; i < pl->n_slots; i++)
        if (pl->slots[i].kind == TF_SLOT_FLOW) { flow_at = i; break; }

    /* measure every fixed slot; stack the ones before the flow from the top */
    tf_sp heights[64] = {0};
    size_t starts[65];
    tf_sp total = 0;
    size_t n = pl->n_slots < 64 ? pl->n_slots : 64;
    for (size_t i = 0; i < n; i++) {
        starts[i] = dl->n;
        if (i == flow_at) continue;
        heights[i] = set_fixed(R, &pl->slots[i], p, g->safe.x, g->safe.w, on_accent);
        int64_t t = (int64_t)total + heights[i] + (total ? gap : 0);
        total = t > INT32_MAX / 8 ? INT32_MAX / 8 : (tf_sp)t;   /* huge slots: saturate, never wrap */
    }
    starts[n] = dl->n;
    char *what = tf_arena_printf(R->l->arena, "%s", "");
    for (size_t i = 0; i < n; i++)
        what = tf_arena_printf(R->l->arena, "%s%s%s %s", what, i ? ", " : "",
                               pl->slots[i].kind == TF_SLOT_FLOW ? "flow" :
                               pl->slots[i].kind == TF_SLOT_SIDEBAR ? "sidebar" :
                               pl->slots[i].kind == TF_SLOT_CLINIC ? "clinic" : "story",
                               pl->slots[i].kind == TF_SLOT_CLINIC
                                   ? (R->doc->clinic ? R->doc->clinic->id : "(none)")
                                   : pl->slots[i].story);
    fill->what = what;
    fill->filled = total;
    if (total > g->safe.h && !R->quiet && !report_referrals(R, p, total - g->safe.h))
        tf_diag_error(&pl->loc, "panel '%s': content does not fit: %.1f pt too tall (the panel has %.1f pt)",
                      tf_panel_name(p), tf_sp_to_pt(total - g->safe.h), tf_sp_to_pt(g->safe.h));
    if (total > g->safe.h) R->s->ok = false;

    tf_sp y = top;
    if (flow_at == pl->n_slots) {
        if (pl->valign == TF_VALIGN_CENTER) y = top - (g->safe.h - total) / 2;
        else if (pl->valign == TF_VALIGN_BOTTOM) y = bottom + total;
        if (total > g->safe.h) y = top;
    }
    for (size_t i = 0; i < flow_at && i < n; i++) {
        tf_display_shift(dl, starts[i], 0, y, g->page);
        /* shift moves everything after starts[i]; undo for later slots */
        tf_display_shift(dl, starts[i + 1], 0, -y, g->page);
        y -= heights[i] + gap;
    }
    if (flow_at < n) {
        out->has_flow = true;
        out->flow_slot = &pl->slots[flow_at];
        out->flow_top = y;
        tf_sp yb = bottom;
        for (size_t i = n; i-- > flow_at + 1;) {
            yb += heights[i];
            tf_display_shift(dl, starts[i], 0, yb, g->page);
            if (i + 1 <= n) tf_display_shift(dl, starts[i + 1], 0, -yb, g->page);
            yb += gap;
        }
        out->flow_bottom = yb;
    }
    return true;
}

static bool layout_at(run *R)
{
    const tf_doc *doc = R->doc;
    tf_layout *l = R->l;
    l->dl.n = 0;
    l->dl.n_nodes = 0;
    memset(l->fill, 0, sizeof l->fill);
    R->s->ok = true;
    R->s->quiet = R->quiet;
    R->overflow = 0;
    R->overflow_slot = NULL;
    placed pp[TF_PANEL_COUNT];
    R->ref_slot = NULL;
    const tf_story *rst = NULL;
    if (doc->clinic && doc->theme.contacts_min && referral_block(doc, &rst))
        for (int p = 0; p < TF_PANEL_COUNT && !R->ref_slot; p++)
            for (size_t i = 0; i < doc->plan[p].n_slots; i++)
                if (doc->plan[p].slots[i].story && !strcmp(doc->plan[p].slots[i].story, rst->id))
                    R->ref_slot = &doc->plan[p].slots[i];
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        tf_panel_id p = reading_order[k];
        size_t mark = l->dl.n, nmark = l->dl.n_nodes;
        bool was_ok = R->s->ok, quiet = R->quiet;
        R->ref_scale = 1.0;
        bool has_ref = R->ref_slot && R->ref_slot >= doc->plan[p].slots &&
                       R->ref_slot < doc->plan[p].slots + doc->plan[p].n_slots;
        /* a clinic's referrals may shrink down to the theme's floor to fit */
        while (has_ref) {
            R->quiet = true;
            place_panel(R, p, &pp[p]);
            R->quiet = quiet;
            double next = R->ref_scale - 0.03;
            bool fits = l->fill[p].filled <= l->sheet.panel[p].safe.h;
            l->dl.n = mark;
            l->dl.n_nodes = nmark;
            R->s->ok = was_ok;
            if (fits || (double)R->body * doc->theme.sidebar_scale * next < (double)doc->theme.contacts_min)
                break;
            R->ref_scale = next;
        }
        place_panel(R, p, &pp[p]);
    }

    /* flows, each through its panels in reading order */
    const char *done[TF_PANEL_COUNT];
    size_t n_done = 0;
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        tf_panel_id p = reading_order[k];
        if (!pp[p].has_flow) continue;
        const char *story = pp[p].flow_slot->story;
        bool seen = false;
        for (size_t d = 0; d < n_done; d++) seen |= !strcmp(done[d], story);
        if (seen) continue;
        done[n_done++] = story;
        tf_setter_roles(R->s, R->body, 1.0, doc->plan[p].style == TF_STYLE_COVER);
        tf_sp inset = overshoot(R->s, tf_doc_story(doc, story));
        tf_frame frames[TF_PANEL_COUNT];
        tf_panel_id fp[TF_PANEL_COUNT];
        const tf_slot *last_slot = NULL;
        size_t nf = 0;
        for (int j = k; j < TF_PANEL_COUNT; j++) {
            tf_panel_id q = reading_order[j];
            if (!pp[q].has_flow || strcmp(pp[q].flow_slot->story, story)) continue;
            const tf_panel_geom *g = &l->sheet.panel[q];
            tf_sp h = pp[q].flow_top - pp[q].flow_bottom - 2 * inset;
            frames[nf] = (tf_frame){g->page, q, g->safe.x, pp[q].flow_top - inset, g->safe.w, h > 0 ? h : 0};
            fp[nf++] = q;
            last_slot = pp[q].flow_slot;
        }
        tf_flow f;
        tf_flow_init(&f, frames, nf);
        R->s->sect = R->s->block = R->s->elem = sect_node(R, p, pp[p].flow_slot);
        tf_set_story(R->s, &f, tf_doc_story(doc, story));
        for (size_t j = 0; j < nf && j < TF_ARRAY_LEN(f.used); j++)
            l->fill[fp[j]].filled += f.used[j] + (f.used[j] ? 2 * inset : 0);
        if (f.overflow > R->overflow) {
            R->overflow = f.overflow;
            R->overflow_slot = last_slot;
            R->overflow_story = story;
            l->fill[fp[nf - 1]].filled += f.overflow;
        }
    }
    return R->s->ok && R->overflow == 0;
}

/* --- the screen edition ------------------------------------------------------
 * The same content as portrait pages in reading order, for e-mail and the
 * web: a cover band with the cover story on page 1, then every placed story
 * in the order a reader of the folded brochure meets it, sidebars as tinted
 * boxes, the flow story whole where it starts. */

#define SCREEN_W TF_IN(6)
#define SCREEN_H TF_IN(9)
#define SCREEN_MARGIN_X TF_IN(0.7)
#define SCREEN_MARGIN_Y TF_IN(0.75)

static bool layout_screen(run *R)
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
    tf_color white = TF_RGB(255, 255, 255);
    op = tf_display_add(dl, TF_OP_CIRCLE, 0);
    op->x = SCREEN_W * 9 / 10; op->y = SCREEN_H * 9 / 10; op->w = SCREEN_W * 3 / 5;
    op->color = mix(th->accent, white, 0.10);
    op = tf_display_add(dl, TF_OP_CIRCLE, 0);
    op->x = SCREEN_W * 9 / 10; op->y = SCREEN_H * 9 / 10; op->w = SCREEN_W * 3 / 10;
    op->color = mix(th->accent, white, 0.18);
    op = tf_display_add(dl, TF_OP_CIRCLE, 0);
    op->x = SCREEN_W / 10; op->y = SCREEN_H / 12; op->w = SCREEN_W * 2 / 5;
    op->color = mix(th->accent, TF_RGB(0, 0, 0), 0.12);
    tf_display_add(dl, TF_OP_CLIP_END, 0);
    const tf_panel_plan *cover = &doc->plan[TF_PANEL_COVER];
    tf_setter_roles(s, body, 1.0, true);
    tf_sp inset = overshoot(s, NULL);
    tf_frame cf = {0, TF_PANEL_COVER, SCREEN_MARGIN_X, SCREEN_H * 3 / 5, cw,
                   SCREEN_H * 3 / 5 - SCREEN_MARGIN_Y};
    tf_flow f;
    tf_flow_init(&f, &cf, 1);
    for (size_t i = 0; i < cover->n_slots; i++) {
        if (cover->slots[i].kind != TF_SLOT_STORY) continue;
        s->sect = s->block = s->elem = tf_display_node(dl, "Sect", 0);
        dl->nodes[s->sect].key = key++;
        tf_set_story(s, &f, tf_doc_story(doc, cover->slots[i].story));
    }
    if (f.cur >= f.n_frames && !R->quiet) {
        tf_diag_error(&cover->loc, "screen edition: the cover story does not fit its band (%.1f pt over)",
                      tf_sp_to_pt(f.overflow));
        s->ok = false;
    }

    /* the pages: frames chained, page 1 below the band */
    tf_setter_roles(s, body, 1.0, false);
    inset = overshoot(s, NULL);
    tf_frame frames[TF_SCREEN_MAX_PAGES];      /* pages 2 on */
    for (int p = 1; p < TF_SCREEN_MAX_PAGES; p++) {
        tf_sp top = SCREEN_H - SCREEN_MARGIN_Y;
        frames[p - 1] = (tf_frame){p, TF_PANEL_INSIDE_LEFT, SCREEN_MARGIN_X, top - inset, cw,
                                   top - SCREEN_MARGIN_Y - 2 * inset};
    }
    tf_flow_init(&f, frames, TF_SCREEN_MAX_PAGES - 1);
    const char *done[TF_PANEL_COUNT * 8];
    size_t n_done = 0;
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        tf_panel_id p = reading_order[k];
        const tf_panel_plan *pl = &doc->plan[p];
        for (size_t i = 0; i < pl->n_slots; i++) {
            const tf_slot *sl = &pl->slots[i];
            if (p == TF_PANEL_COVER && sl->kind == TF_SLOT_STORY) continue;
            if (sl->kind == TF_SLOT_CLINIC && !doc->clinic) continue;
            if (sl->kind == TF_SLOT_FLOW) {
                bool seen = false;
                for (size_t d = 0; d < n_done; d++) seen |= !strcmp(done[d], sl->story);
                if (seen) continue;
                if (n_done < TF_ARRAY_LEN(done)) done[n_done++] = sl->story;
            }
            s->sect = s->block = s->elem = tf_display_node(dl, "Sect", 0);
            dl->nodes[s->sect].key = key++;
            if (sl->kind == TF_SLOT_CLINIC) {
                tf_set_clinic(s, &f, doc->clinic);
            } else if (sl->kind == TF_SLOT_SIDEBAR) {
                tf_set_boxed_story(s, &f, tf_doc_story(doc, sl->story), th->tint, scaled(body, 0.9));
            } else {
                tf_set_story(s, &f, tf_doc_story(doc, sl->story));
            }
        }
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

/* One quiet trial of the fit search. */
static bool try_size(run *R, tf_sp size)
{
    R->body = size;
    R->s->scratch = tf_arena_new();
    bool ok = layout_at(R);
    tf_arena_free(R->s->scratch);
    R->s->scratch = NULL;
    return ok;
}

static void report_overflow(run *R)
{
    tf_sp pitch = TF_PT(1);
    pitch = R->s->role[TF_ROLE_BODY].pitch;
    const tf_slot *sl = R->overflow_slot;
    tf_panel_id last = TF_PANEL_BACK;
    for (int p = 0; p < TF_PANEL_COUNT; p++)
        for (size_t i = 0; i < R->doc->plan[p].n_slots; i++)
            if (&R->doc->plan[p].slots[i] == sl) last = (tf_panel_id)p;
    if (R->overflow >= (tf_sp)(INT32_MAX / 8))        /* heights saturate there (blocks.c) */
        tf_diag_error(&sl->loc, "panel '%s': story '%s' does not fit: more than %.0f pt left over",
                      tf_panel_name(last), R->overflow_story, tf_sp_to_pt(R->overflow));
    else
        tf_diag_error(&sl->loc,
                      "panel '%s': story '%s' does not fit: %.1f pt left over (about %d lines of %.4g pt text)",
                      tf_panel_name(last), R->overflow_story, tf_sp_to_pt(R->overflow),
                      (int)((R->overflow + pitch - 1) / pitch), tf_sp_to_pt(R->body));
}

bool tf_layout_run(tf_res *res, const tf_doc *doc, const tf_layout_opts *o, tf_layout *out)
{
    int errors_before = tf_diag_errors();     /* a batch's earlier editions may have failed */
    memset(out, 0, sizeof *out);
    out->arena = tf_arena_new();
    tf_display_init(&out->dl, out->arena);
    const tf_theme *th = &doc->theme;
    tf_fontset fonts = {.theme = th, .load = res_font_cb, .load_ctx = res};
    bool ok = true;
    for (int i = 0; i < TF_FACE_COUNT; i++) {
        fonts.face[i] = res_font(res, th->font[i], &th->font_loc[i]);
        ok &= fonts.face[i] != NULL;
    }
    if (!ok) return false;
    bool rtl = tf_lang_rtl(doc->lang);
    if (!tf_fold_layout(&doc->sheet, th->safe, o->press, rtl, &doc->plan[TF_PANEL_COVER].loc, &out->sheet))
        return false;
    tf_hyphen *hy = NULL;
    bool cached = !th->hyphenate || res_hyphen_cached(res, doc->lang, &hy);
    dict_job job = {0};
    if (!cached) {
        snprintf(job.lang, sizeof job.lang, "%s", doc->lang);
        if (pthread_create(&job.thread, NULL, dict_load_main, &job) != 0) {
            dict_load_main(&job);          /* no thread: load it here */
            cached = true;
            res_hyphen_store(res, doc->lang, job.h);
            hy = job.h;
        }
    }

    static unsigned runs;
    tf_setter s = {.gen = ++runs};
    s.doc = doc;
    if (o->cache) {
        s.cache = o->cache;
    } else {
        s.cache = out->own_cache = tf_pcache_new();
    }
    s.pc = (tf_ptext_ctx){tf_pcache_arena(s.cache), &fonts, hy, doc->lang, rtl};
    s.dl = &out->dl;
    s.justify = th->justify;
    run R = {.doc = doc, .l = out, .s = &s};
    {
        /* A quiet layout shapes every text (while the dictionary loads) and
         * marks the fallback fonts the text needs, whose heights count in
         * the frames' insets: every edition, so one in a batch (texts
         * already in the cache) lays out exactly as it does alone. */
        s.scratch = tf_arena_new();
        R.quiet = true;
        R.body = th->body_size;
        layout_at(&R);
        R.quiet = false;
        tf_arena_free(s.scratch);
        s.scratch = NULL;
        if (!cached) {
            pthread_join(job.thread, NULL);
            res_hyphen_store(res, doc->lang, job.h);
            hy = job.h;
            s.pc.hyphen = hy;
            tf_pcache_hyphenate(&s);
        }
    }
    out->hyphenated = hy != NULL;
    if (th->hyphenate && !hy && !tf_lang_unhyphenated(doc->lang))
        tf_diag_warning(NULL, "no hyphenation dictionary for '%s': text is not hyphenated", doc->lang);

    out->n_pages = TF_PAGE_COUNT;
    if (o->screen) {
        out->screen = true;
        s.scratch = tf_arena_new();
        R.quiet = false;
        ok = layout_screen(&R);
        tf_arena_free(s.scratch);
        s.scratch = NULL;
        return ok && tf_diag_errors() == errors_before;
    }

    bool fit = th->fit || o->force_fit;
    tf_sp lo = th->fit_min, hi = th->fit_max;
    if (!lo || !hi) {                     /* --fit with no range in the theme */
        hi = th->body_size + TF_PT(1);
        lo = th->body_size - TF_PT(2) > TF_PT(8) ? th->body_size - TF_PT(2) : TF_PT(8);
    }
    const tf_sp step = TF_PT(0.25);
    tf_sp chosen = th->body_size;
    bool have = false;                    /* the display list holds a good layout at `chosen` */
    if (fit) {
        out->fitted = true;
        out->fit_min = lo;
        out->fit_max = hi;
        long n = (hi - lo) / step;        /* sizes lo + k*step, k = 0..n */
        R.quiet = true;
        long k = -1;                      /* the chosen step */
        long hint = o->fit_hint >= lo && o->fit_hint <= lo + (tf_sp)n * step ? (o->fit_hint - lo) / step : -1;
        /* a batch passes the size the previous edition got: try it first
         * (one step up must not fit, the hint itself must) */
        if (hint >= 0 && (hint == n || !try_size(&R, lo + (tf_sp)(hint + 1) * step)) &&
            try_size(&R, lo + (tf_sp)hint * step)) {
            k = hint;
            have = true;
        } else if (try_size(&R, lo + (tf_sp)n * step)) {
            k = n;
            have = true;
        } else if (!try_size(&R, lo)) {
            k = 0;                        /* nothing fits: report at the smallest */
        } else {
            long a = 0, b = n;            /* size(a) fits, size(b) does not */
            while (b - a > 1) {
                long m = (a + b) / 2;
                if (try_size(&R, lo + (tf_sp)m * step)) a = m; else b = m;
            }
            k = a;
            have = R.body == lo + (tf_sp)a * step;
        }
        chosen = lo + (tf_sp)k * step;
        R.quiet = false;
    }
    out->body_size = chosen;
    if (!have) {                          /* lay out (again) with messages on */
        R.body = chosen;
        s.scratch = tf_arena_new();
        ok = layout_at(&R);
        tf_arena_free(s.scratch);
        s.scratch = NULL;
        if (R.overflow) report_overflow(&R);
    } else {
        ok = true;
    }
    return ok && tf_diag_errors() == errors_before;
}

void tf_layout_free(tf_layout *l)
{
    tf_arena_free(l->arena);
    tf_pcache_free(l->own_cache);
    memset(l, 0, sizeof *l);
}
