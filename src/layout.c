/* layout.c: an edition as a whole: the brochure's panels, slots, flows
 * and the fit search (the screen edition's pages are screen.c). Texts are
 * prepared before any layout (tf_prepare_story: while the hyphenation
 * dictionary loads, and so the fallback fonts they draw with are known when
 * frames are inset for them); every trial (fit sizes, referral scales) is a
 * full layout into the same display list, or a setter checkpoint taken and
 * rewound (flow.h). */
#include "layout_priv.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "diag.h"
#include "lang.h"
#include "scale.h"

static tf_font *res_font_cb(void *ctx, const char *path, const tf_loc *where)
{
    return tf_res_font(ctx, path, where);
}

/* --- one layout at one body size -------------------------------------------- */

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
tf_sp tf_layout_overshoot(const tf_setter *s, const tf_story *st)
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
        for (size_t k = 0; k < TF_MAX_FALLBACK_FONTS; k++)   /* fallbacks the texts draw with */
            for (int f = 0; f < TF_FACE_COUNT; f++)
                if ((s->fallbacks & ((tf_fallback_mask)1 << (k * TF_FACE_COUNT + (size_t)f))) &&
                    fs->fallback[k][f])
                    cand[nc++] = fs->fallback[k][f];
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
    return worst + TF_PT(s->doc->theme.params.line_clearance);
}

void tf_layout_cover_discs(tf_display *dl, int page, tf_color accent, const tf_sp discs[3][3])
{
    static const struct { tf_color to; double amount; } tone[3] = {
        {{.r = 255, .g = 255, .b = 255}, 0.10}, {{.r = 255, .g = 255, .b = 255}, 0.18}, {{.r = 0, .g = 0, .b = 0}, 0.12},
    };
    for (int i = 0; i < 3; i++) {
        tf_op *op = tf_display_add(dl, TF_OP_CIRCLE, page);
        op->x = discs[i][0];
        op->y = discs[i][1];
        op->w = discs[i][2];
        op->color = tf_color_mix(accent, tone[i].to, tone[i].amount);
    }
}

static void panel_background(tf_edition *R, tf_panel_id p)
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
        /* the motif, and a darker foot band */
        const tf_rect t = g->trim;
        const tf_sp discs[3][3] = {
            {t.x + tf_sp_scaled(t.w, 0.92), t.y + tf_sp_scaled(t.h, 0.93), tf_sp_scaled(t.w, 0.62)},
            {t.x + tf_sp_scaled(t.w, 0.92), t.y + tf_sp_scaled(t.h, 0.93), tf_sp_scaled(t.w, 0.34)},
            {t.x + tf_sp_scaled(t.w, 0.05), t.y + tf_sp_scaled(t.h, 0.10), tf_sp_scaled(t.w, 0.42)},
        };
        tf_layout_cover_discs(dl, g->page, th->accent, discs);
        op = tf_display_add(dl, TF_OP_FILL_RECT, g->page);
        op->x = g->bleed.x; op->y = g->bleed.y; op->w = g->bleed.w;
        op->h = t.y - g->bleed.y + tf_sp_scaled(t.h, 0.035);
        op->color = tf_color_mix(th->accent, TF_RGB(0, 0, 0), 0.25);
    }
    tf_display_add(dl, TF_OP_CLIP_END, g->page);
}

/* The structure element of a slot's story: a Sect placed in reading order
 * by the panel it starts on and its place on the panel. */
static uint32_t sect_node(tf_edition *R, tf_panel_id p, const tf_slot *slot)
{
    uint32_t n = tf_display_node(&R->l->dl, "Sect", 0);
    uint32_t rank = 0;
    while (rank < TF_PANEL_COUNT && tf_reading_order[rank] != p) rank++;
    R->l->dl.nodes[n].key = rank * 256u + (uint32_t)(slot - R->doc->plan[p].slots);
    return n;
}

/* Whether a slot's story holds a contacts block (a clinic's referrals go
 * to one). */
static bool holds_contacts(const tf_edition *R, const tf_slot *slot)
{
    const tf_story *st = tf_doc_story(R->doc, slot->story);
    for (size_t i = 0; st && i < st->n_blocks; i++)
        if (st->blocks[i].kind == TF_BLOCK_CONTACTS) return true;
    return false;
}

/* The smallest text size a fixed slot may shrink to so its panel fits,
 * instead of the fit lowering the body of the whole sheet: a story
 * holding contacts (a clinic's referrals, or any contacts block) down to
 * sizes.contacts_min, any other sidebar down to sizes.sidebar_min; 0: it
 * does not shrink. Where those keys are not set, and for every other
 * fixed story (whatever the keys), once the body is at or below the
 * theme's size, the slot may shrink to the size it would have at the fit's
 * smallest body: lowering the whole sheet's body would set it that small
 * anyway, while the flows keep the larger body (a dense panel no longer
 * leaves the flow's panels part empty at a small body). Above the theme's
 * size only the keys' floors apply. */
static tf_sp slot_floor(const tf_edition *R, const tf_slot *slot)
{
    const tf_theme *th = &R->doc->theme;
    if (slot->kind == TF_SLOT_FLOW || slot->kind == TF_SLOT_CLINIC) return 0;
    bool sidebar = slot->kind == TF_SLOT_SIDEBAR;
    if (th->contacts_min && holds_contacts(R, slot)) return th->contacts_min;
    if (sidebar && th->sidebar_min) return th->sidebar_min;
    if (!th->fit || th->fit_min >= th->body_size || R->body > th->body_size) return 0;
    return tf_sp_scaled(th->fit_min, sidebar ? th->sidebar_scale : 1.0);
}

/* A fixed story that is neither a sidebar nor holds contacts: running
 * text, which shrinks only when its panel's sidebars and contacts at their
 * floors are not enough (R->story_shrink, the second stage). */
static bool plain_story(const tf_edition *R, const tf_slot *slot)
{
    return slot->kind == TF_SLOT_STORY && !holds_contacts(R, slot);
}

/* The lowest scale a slot may take at this body: its floor over the size
 * it has unshrunk (1 or more: it does not shrink). */
static double slot_lowest(const tf_edition *R, const tf_slot *slot)
{
    tf_sp floor = slot_floor(R, slot);
    if (!floor) return 1.0;
    double base = (double)R->body * (slot->kind == TF_SLOT_SIDEBAR ? R->doc->theme.sidebar_scale : 1.0);
    return (double)floor / base;
}

/* The scale a slot is set at on the panel being placed: R->shrink (or
 * R->story_shrink for running text), but never below the slot's floor nor
 * above 1. */
static double slot_shrink(const tf_edition *R, const tf_slot *slot)
{
    double knob = plain_story(R, slot) ? R->story_shrink : R->shrink;
    if (knob >= 1.0) return 1.0;
    double lowest = slot_lowest(R, slot);
    double v = knob > lowest ? knob : lowest;
    return v < 1.0 ? v : 1.0;
}

/* The lowest scale any shrinkable slot of panel p can take, among its
 * running-text stories (stories) or its sidebars and contacts (!stories);
 * 1: none shrinks. */
static double panel_shrink_floor(const tf_edition *R, tf_panel_id p, bool stories)
{
    const tf_panel_plan *pl = &R->doc->plan[p];
    double worst = 1.0;                  /* shrinking goes on while one slot can */
    for (size_t i = 0; i < pl->n_slots; i++) {
        if (plain_story(R, &pl->slots[i]) != stories) continue;
        double lowest = slot_lowest(R, &pl->slots[i]);
        if (lowest < worst) worst = lowest;
    }
    return worst;
}

/* Set a fixed story (or sidebar) with its top at PDF y = 0, x at x, width
 * w; returns its height. Its ops are then shifted into place. */
static tf_sp set_fixed(tf_edition *R, const tf_slot *slot, tf_panel_id p, tf_sp x, tf_sp w, bool on_accent)
{
    tf_setter *s = R->s;
    bool clinic = slot->kind == TF_SLOT_CLINIC;
    const tf_story *st = clinic ? NULL : tf_doc_story(R->doc, slot->story);
    if (clinic ? !R->doc->clinic : !st) return 0;   /* no clinic: the slot stays empty */
    bool box = slot->kind == TF_SLOT_SIDEBAR || (clinic && slot->boxed);
    double scale = (box ? R->doc->theme.sidebar_scale : 1.0) * slot_shrink(R, slot);
    /* a box is tinted: its text is dark even on a cover panel */
    tf_setter_roles(s, R->body, scale, on_accent && !box);
    s->sect = s->block = s->elem = sect_node(R, p, slot);
    tf_sp pad = box ? tf_sp_scaled(s->role[TF_ROLE_BODY].size, R->doc->theme.params.sidebar_padding) : 0;
    tf_sp inset = tf_layout_overshoot(s, st);
    size_t bg = SIZE_MAX;                 /* an index: adding ops may move the array */
    if (box) {
        tf_display_add(&R->l->dl, TF_OP_FILL_RECT, R->l->sheet.panel[p].page);
        bg = R->l->dl.n - 1;
    }
    tf_frame fr = {R->l->sheet.panel[p].page, p, x + pad, -(pad + inset), w - 2 * pad, INT32_MAX / 4};
    tf_flow f;
    tf_flow_init(&f, &fr, 1, s->scratch);
    f.block_end = R->rec;
    f.n_block_end = R->n_rec;
    R->rec_off = pad + inset;
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
static bool report_referrals(tf_edition *R, tf_panel_id p, tf_sp excess)
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
    /* measured at the scale the panel was set at (shrunk to its floor) */
    tf_setter_roles(R->s, R->body, (box ? doc->theme.sidebar_scale : 1.0) * slot_shrink(R, slot), false);
    tf_sp pad = box ? tf_sp_scaled(R->s->role[TF_ROLE_BODY].size, doc->theme.params.sidebar_padding) : 0;
    tf_sp width = R->l->sheet.panel[p].safe.w - 2 * pad;
    size_t k = 0;
    tf_sp acc = 0;
    while (k < rb->n_contacts && acc < excess) {
        acc += tf_measure_contact(R->s, &rb->contacts[rb->n_contacts - 1 - k], width) + R->s->gap;
        k++;
    }
    /* at the first entry that does not fit (a referral's place in the
     * clinic file, or a brochure contact's), else the clinic file */
    const tf_contact *first = k ? &rb->contacts[rb->n_contacts - k] : NULL;
    tf_loc where = first && first->loc.line ? first->loc : (tf_loc){doc->clinic->path, 0, 0};
    tf_sp floor = slot_floor(R, slot);
    char hint[96];
    if (floor)
        snprintf(hint, sizeof hint, "set the theme's sizes.contacts_min below %.4g pt", tf_sp_to_pt(floor));
    else
        snprintf(hint, sizeof hint, "set the theme's sizes.contacts_min");
    tf_diag_error(&where, "panel '%s': %zu of the %zu contact entries of %s '%s' do not fit, from '%s' on "
                  "(%.1f pt too tall); remove or shorten referrals, or %s",
                  tf_panel_name(R->doc->sheet.fold, p), k, rb->n_contacts, tf_block_kind_name(rb->kind), rb->id,
                  first && first->id ? first->id : "?", tf_sp_to_pt(excess), hint);
    return true;
}

/* A panel whose fixed slots are too tall: name the block that runs past
 * its foot (a 40-item checklist), set again in a trial that records where
 * each block ends. False when there is none to name (a clinic card). */
static bool report_cut_block(tf_edition *R, tf_panel_id p, const tf_sp *heights, size_t flow_at, tf_sp gap,
                             bool on_accent, tf_sp total)
{
    const tf_panel_plan *pl = &R->doc->plan[p];
    const tf_panel_geom *g = &R->l->sheet.panel[p];
    tf_sp cum = 0;
    for (size_t i = 0; i < pl->n_slots; i++) {
        if (i == flow_at) continue;
        if (cum + heights[i] <= g->safe.h) {
            cum += heights[i] + gap;
            continue;
        }
        const tf_slot *slot = &pl->slots[i];
        const tf_story *st = slot->kind == TF_SLOT_CLINIC ? NULL : tf_doc_story(R->doc, slot->story);
        if (!st || !st->n_blocks) return false;
        tf_sp *rec = tf_arena_alloc(R->s->scratch, st->n_blocks * sizeof *rec);
        for (size_t b = 0; b < st->n_blocks; b++) rec[b] = INT32_MAX / 8;
        tf_setter_mark m = tf_setter_checkpoint(R->s);
        R->rec = rec;
        R->n_rec = st->n_blocks;
        set_fixed(R, slot, p, g->safe.x, g->safe.w, on_accent);
        R->rec = NULL;
        R->n_rec = 0;
        tf_setter_rewind(R->s, &m);
        tf_sp limit = g->safe.h - cum - R->rec_off;     /* the panel's foot, in the story's frame */
        size_t b = 0;
        while (b + 1 < st->n_blocks && rec[b] <= limit) b++;
        const tf_block *blk = &st->blocks[b];
        tf_diag_error(&blk->loc, "%s '%s' (story '%s') does not fit panel '%s': the panel's content is %.1f pt "
                      "too tall (the panel has %.1f pt); shorten it, or move it to a panel with room",
                      tf_block_kind_name(blk->kind), blk->id, st->id, tf_panel_name(R->doc->sheet.fold, p),
                      tf_sp_to_pt(total - g->safe.h), tf_sp_to_pt(g->safe.h));
        return true;
    }
    return false;
}

typedef struct placed {
    tf_sp flow_top, flow_bottom;      /* PDF y of the flow frame, if any */
    bool has_flow;
    const tf_slot *flow_slot;
} placed;

static bool place_panel(tf_edition *R, tf_panel_id p, placed *out)
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
    /* the space between the panel's slots shrinks with their text (never
     * below its size at the fit's smallest body), so a panel shrunk to its
     * floors fits wherever it fits at that smaller body */
    double k = R->shrink < R->story_shrink ? R->shrink : R->story_shrink;
    double k_lo = R->doc->theme.fit ? (double)R->doc->theme.fit_min / (double)R->body : 0.0;
    if (k < k_lo) k = k_lo;
    if (k > 1.0) k = 1.0;
    tf_sp gap = tf_sp_scaled(R->doc->theme.gap, 2.0 * k * (double)R->body / (double)R->doc->theme.body_size);
    tf_sp top = g->safe.y + g->safe.h, bottom = g->safe.y;

    size_t flow_at = pl->n_slots;
    for (size_t i = 0; i < pl->n_slots; i++)
        if (pl->slots[i].kind == TF_SLOT_FLOW) { flow_at = i; break; }

    /* measure every fixed slot; stack the ones before the flow from the top */
    size_t n = pl->n_slots;
    tf_sp *heights = tf_arena_alloc(R->s->scratch, (n + 1) * sizeof *heights);
    size_t *starts = tf_arena_alloc(R->s->scratch, (n + 1) * sizeof *starts);
    tf_sp total = 0;
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
    if (total > g->safe.h && !R->quiet && !report_referrals(R, p, total - g->safe.h) &&
        !report_cut_block(R, p, heights, flow_at, gap, on_accent, total))
        tf_diag_error(&pl->loc, "panel '%s': content does not fit: %.1f pt too tall (the panel has %.1f pt)",
                      tf_panel_name(R->doc->sheet.fold, p), tf_sp_to_pt(total - g->safe.h), tf_sp_to_pt(g->safe.h));
    if (total > g->safe.h) {
        R->s->ok = false;
        if (R->fail_panel == TF_PANEL_COUNT) R->fail_panel = p;
    }

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

/* Set flow story `slot` through `frames` (its first panel p). */
static void set_flow(tf_edition *R, tf_panel_id p, const tf_slot *slot, const tf_frame *frames, size_t nf,
                     tf_flow *f)
{
    tf_flow_init(f, frames, nf, R->s->scratch);
    R->s->sect = R->s->block = R->s->elem = sect_node(R, p, slot);
    tf_set_story(R->s, f, tf_doc_story(R->doc, slot->story));
}

/* Whether panel q (its fixed slots and a flow's `used` height in it, as
 * the fill report measures it) is empty of the flow or under half full. */
static bool under_half(const tf_edition *R, tf_panel_id q, tf_sp used, tf_sp inset)
{
    if (used == 0) return true;
    const tf_panel_fill *fill = &R->l->fill[q];
    return 2 * ((int64_t)fill->filled + used + 2 * inset) < fill->avail;
}

/* A flow being balanced: its frames at their own heights, its panels,
 * its frames' inset, and the checkpoint its trials are taken back to. */
typedef struct balancing {
    tf_edition *R;
    tf_panel_id first;
    const tf_slot *slot;
    const tf_frame *frames;
    const tf_panel_id *fp;
    size_t nf;
    tf_sp inset;
    const tf_setter_mark *m;
} balancing;

/* How a trial of a balanced flow came out: its fill score (a panel left
 * empty of the flow outweighs any number under half full), panels before
 * the last under half full, and whether the last holds nothing of it. */
typedef struct balance_fill {
    int score, early;
    bool last_empty;
} balance_fill;

/* A quiet trial of the flow with every frame capped at h, taken back:
 * whether it fits with every rule flow.c enforces (keeps, widows and
 * orphans, no hyphen at a frame's foot), and its fill (*out). */
static bool balance_try(const balancing *b, tf_sp h, balance_fill *out)
{
    tf_edition *R = b->R;
    tf_frame *cap = tf_arena_alloc(R->s->scratch, b->nf * sizeof *cap);
    for (size_t j = 0; j < b->nf; j++) {
        cap[j] = b->frames[j];
        if (cap[j].h > h) cap[j].h = h;
    }
    tf_setter_rewind(R->s, b->m);
    R->s->quiet = true;
    tf_flow f;
    set_flow(R, b->first, b->slot, cap, b->nf, &f);
    bool fits = R->s->ok && f.overflow == 0;
    tf_setter_rewind(R->s, b->m);
    *out = (balance_fill){0, 0, f.used[b->nf - 1] == 0};
    for (size_t j = 0; j < b->nf; j++)
        if (under_half(R, b->fp[j], f.used[j], b->inset)) {
            out->score += f.used[j] == 0 ? (int)b->nf + 1 : 1;
            if (j + 1 < b->nf) out->early++;
        }
    return fits;
}

/* The smallest height in whole points in (lo, hi] at which balance_try
 * fits (and, with `early`, leaves no panel before the last under half
 * full), hi taken to: probes from lo up, `step` points and then twice as
 * far each time, bracket it and a bisection finds it (the bracket keeps
 * "lo fails, hi holds", so the result holds even where fitting is not
 * monotonic in the height). *fill: balance_try's at the result (score -1:
 * hi, not tried). */
static long balance_search(const balancing *b, long lo, long hi, long step, bool early, balance_fill *fill)
{
    fill->score = -1;
    for (long probe = lo + step; probe < hi; step *= 2, probe = lo + step) {
        balance_fill t;
        if (balance_try(b, (tf_sp)probe * TF_PT(1), &t) && (!early || t.early == 0)) {
            hi = probe;
            *fill = t;
            break;
        }
        lo = probe;
    }
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        balance_fill t;
        if (balance_try(b, (tf_sp)mid * TF_PT(1), &t) && (!early || t.early == 0)) {
            hi = mid;
            *fill = t;
        } else {
            lo = mid;
        }
    }
    return hi;
}

/* Balancing a flow whose last panel would be empty or under half full
 * (a multicol's balanced columns): the smallest common height H, in whole
 * points, such that the flow capped at H in every frame still fits. The
 * frames' own heights always fit (`done`, the layout just made); the
 * search starts from what the flow holds shared equally between its frames
 * and probes up a body line at a time. A flow too short for every panel
 * to be half full at H would leave all of them under half: then, when
 * the body is below the theme's size (where a panel under half full
 * breaks the underfull-panel rule), the smallest H that fills every panel
 * but the last to half wins when its fill is better (fewer panels under
 * half, none left empty). 0: no H
 * helps (the last panel stays empty: the room the plan leaves the flow
 * there is less than a line), the flow is left as it is. Deterministic. */
static tf_sp balance_height(const balancing *b, const tf_flow *done)
{
    tf_sp tall = 0;
    int64_t sum = 0;                      /* the flow as just set: what it holds */
    for (size_t j = 0; j < b->nf; j++) {
        if (b->frames[j].h > tall) tall = b->frames[j].h;
        sum += done->used[j];
    }
    const tf_sp unit = TF_PT(1);
    long top = (long)((tall + unit - 1) / unit);       /* fits: the frames as they are */
    long lo = (long)(sum / (int64_t)b->nf / unit) - 1;   /* taken not to fit */
    if (lo < 0) lo = 0;
    long line = (long)(b->R->s->role[TF_ROLE_BODY].pitch / unit);
    if (line < 1) line = 1;
    balance_fill fill, f2;
    long h = balance_search(b, lo, top, line, false, &fill);
    if (h >= top || fill.last_empty) return 0;
    /* filling the panels before the last to half only pays where panels
     * under half full break a rule (the body below the theme's size); at
     * the theme's size the even split is the better looking one */
    if (fill.score > 0 && b->R->body < b->R->doc->theme.body_size) {
        long h2 = balance_search(b, h, top, line, true, &f2);
        if (h2 < top && f2.score >= 0 && f2.score < fill.score && !f2.last_empty) h = h2;
    }
    return (tf_sp)h * unit < tall ? (tf_sp)h * unit : tall;
}

static bool layout_at(tf_edition *R)
{
    const tf_doc *doc = R->doc;
    tf_layout *l = R->l;
    l->dl.n = 0;
    l->dl.n_nodes = 0;
    memset(l->fill, 0, sizeof l->fill);
    R->s->ok = true;
    R->s->quiet = R->quiet;
    R->want_balance = false;
    R->overflow = 0;
    R->overflow_slot = NULL;
    R->overflow_block = NULL;
    placed pp[TF_PANEL_COUNT];
    R->fail_panel = TF_PANEL_COUNT;
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        tf_panel_id p = tf_reading_order[k];
        tf_setter_mark mark = tf_setter_checkpoint(R->s);
        bool quiet = R->quiet;
        R->shrink = R->story_shrink = 1.0;
        /* sidebars and contacts may shrink down to their floors to fit
         * (slot_floor) rather than the fit lowering the body everywhere;
         * then, if that is not enough, the panel's running text */
        bool fits = false;
        for (int stage = 0; stage < 2 && doc->plan[p].present && !fits; stage++) {
            double *knob = stage ? &R->story_shrink : &R->shrink;
            double lowest = panel_shrink_floor(R, p, stage == 1);
            while (lowest < 1.0) {
                R->quiet = true;
                tf_panel_id failed = R->fail_panel;
                place_panel(R, p, &pp[p]);
                R->quiet = quiet;
                fits = l->fill[p].filled <= l->sheet.panel[p].safe.h;
                tf_setter_rewind(R->s, &mark);
                R->fail_panel = failed;           /* a trial's overflow is not the layout's */
                if (fits || *knob <= lowest) break;
                *knob -= doc->theme.params.referral_shrink_step;
            }
        }
        place_panel(R, p, &pp[p]);
        R->shrink = R->story_shrink = 1.0;
        /* A quiet trial that has failed (s->ok, false, is never set back:
         * later marks are taken with it false) and has named its panel
         * (named once) has its answer, which the panels and flows still to
         * set cannot change: they are not set. */
        if (R->quiet && !R->s->ok && R->fail_panel != TF_PANEL_COUNT) return false;
    }

    /* flows, each through its panels in reading order */
    const char *done[TF_PANEL_COUNT];
    size_t n_done = 0;
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        tf_panel_id p = tf_reading_order[k];
        if (!pp[p].has_flow) continue;
        const char *story = pp[p].flow_slot->story;
        bool seen = false;
        for (size_t d = 0; d < n_done; d++) seen |= !strcmp(done[d], story);
        if (seen) continue;
        done[n_done++] = story;
        tf_setter_roles(R->s, R->body, 1.0, doc->plan[p].style == TF_STYLE_COVER);
        tf_sp inset = tf_layout_overshoot(R->s, tf_doc_story(doc, story));
        tf_frame frames[TF_PANEL_COUNT];
        tf_panel_id fp[TF_PANEL_COUNT];
        const tf_slot *last_slot = NULL;
        size_t nf = 0;
        for (int j = k; j < TF_PANEL_COUNT; j++) {
            tf_panel_id q = tf_reading_order[j];
            if (!pp[q].has_flow || strcmp(pp[q].flow_slot->story, story)) continue;
            const tf_panel_geom *g = &l->sheet.panel[q];
            tf_sp h = pp[q].flow_top - pp[q].flow_bottom - 2 * inset;
            frames[nf] = (tf_frame){g->page, q, g->safe.x, pp[q].flow_top - inset, g->safe.w, h > 0 ? h : 0};
            fp[nf++] = q;
            l->fill[q].flow = true;
            last_slot = pp[q].flow_slot;
        }
        tf_setter_mark before = tf_setter_checkpoint(R->s);
        tf_flow f;
        set_flow(R, p, pp[p].flow_slot, frames, nf, &f);
        if (nf > 1 && R->s->ok && f.overflow == 0 && under_half(R, fp[nf - 1], f.used[nf - 1], inset)) {
            R->want_balance = true;
            if (R->balance) {             /* the final layout: balance the flow over its panels */
                balancing bl = {R, p, pp[p].flow_slot, frames, fp, nf, inset, &before};
                tf_sp h = balance_height(&bl, &f);
                tf_setter_rewind(R->s, &before);
                for (size_t j = 0; h && j < nf; j++) {
                    if (frames[j].h > h) frames[j].h = h;
                    l->fill[fp[j]].balanced = h;
                }
                set_flow(R, p, pp[p].flow_slot, frames, nf, &f);
            }
        }
        for (size_t j = 0; j < nf; j++)
            l->fill[fp[j]].filled += f.used[j] + (f.used[j] ? 2 * inset : 0);
        if (f.overflow > R->overflow) {
            R->overflow = f.overflow;
            R->overflow_slot = last_slot;
            R->overflow_story = story;
            R->overflow_block = f.over;
            if (R->fail_panel == TF_PANEL_COUNT) R->fail_panel = fp[nf - 1];
            l->fill[fp[nf - 1]].filled += f.overflow;
        }
    }
    return R->s->ok && R->overflow == 0;
}

/* Prepare every text the brochure layout sets, in the order it sets them:
 * each present panel's fixed slots in reading order, then the flows. */
static void prepare_all(tf_edition *R)
{
    const tf_doc *doc = R->doc;
    tf_setter_roles(R->s, doc->theme.body_size, 1.0, false);    /* the roles' styles */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < TF_PANEL_COUNT; k++) {
            const tf_panel_plan *pl = &doc->plan[tf_reading_order[k]];
            if (!pl->present) continue;
            for (size_t i = 0; i < pl->n_slots; i++) {
                const tf_slot *sl = &pl->slots[i];
                if ((sl->kind == TF_SLOT_FLOW) != (pass == 1)) continue;
                if (sl->kind == TF_SLOT_CLINIC) {
                    if (doc->clinic) tf_prepare_clinic(R->s, doc->clinic);
                } else {
                    tf_prepare_story(R->s, tf_doc_story(doc, sl->story));
                }
            }
        }
}

/* One quiet trial of the fit search. */
static bool try_size(tf_edition *R, tf_sp size)
{
    R->body = size;
    R->s->scratch = tf_arena_new();
    bool ok = layout_at(R);
    tf_arena_free(R->s->scratch);
    R->s->scratch = NULL;
    R->last_ok = ok;
    R->last_balanced = R->balance;
    if (!ok && !R->balance) {
        R->failed_valid = true;
        R->failed_size = size;
        R->failed_leading = R->s->leading;
        R->failed_gap = R->s->gap_scale;
        R->failed_panel = R->fail_panel;
    }
    return ok;
}

/* The hint's trial, expected to be the edition's size: set as the final
 * layout sets it (flows balanced), so when it fits it is the final layout
 * and is not made again. Whether it fits is the same as unbalanced: a
 * flow is balanced only when it fits, at a height its trial found to fit,
 * and the panels do not depend on how a flow is balanced. */
static bool try_size_final(tf_edition *R, tf_sp size)
{
    R->balance = true;
    bool ok = try_size(R, size);
    R->balance = false;
    return ok;
}

/* The fit's search at the setter's leading: the largest step k in
 * [0, n] at which everything fits, -1 when none does. A batch passes the
 * size the previous edition got as `hint`: tried first (one step up must
 * not fit, the hint itself must). */
static long search_steps(tf_edition *R, tf_sp lo, tf_sp step, long n, long hint)
{
    if (hint >= 0 && (hint == n || !try_size(R, lo + (tf_sp)(hint + 1) * step)) &&
        try_size_final(R, lo + (tf_sp)hint * step))
        return hint;
    if (try_size(R, lo + (tf_sp)n * step)) return n;
    if (!try_size(R, lo)) return -1;
    long a = 0, b = n;                    /* size(a) fits, size(b) does not */
    while (b - a > 1) {
        long m = (a + b) / 2;
        if (try_size(R, lo + (tf_sp)m * step)) a = m; else b = m;
    }
    return a;
}

/* A candidate of the fit: a body step, a leading and a gap scale (0: the
 * theme's), and how many fill rules it breaks. */
typedef struct fit_cand {
    long k;
    double leading, gap;
    int soft;
} fit_cand;

static int fill_breaks(const tf_edition *R);

/* Fill rules broken at body `size` with leading/gap (0: the theme's),
 * with flows balanced as the final layout balances them (a short last
 * panel that balancing fills is no reason to prefer a smaller body);
 * INT32_MAX when it does not fit. */
static int score_at(tf_edition *R, tf_sp size, double leading, double gap)
{
    R->s->leading = leading;
    R->s->gap_scale = gap;
    R->balance = true;
    bool ok = try_size(R, size);
    R->balance = false;
    return ok ? fill_breaks(R) : INT32_MAX;
}

/* At a body size that fits with leading `lmin` and gap scale `gmin` (0:
 * the theme's), the loosest setting that still fits: the leading up from
 * lmin in 0.05 steps, then the gap scale up in 0.1 steps, each taken from
 * the theme's value down. */
static fit_cand loosest(tf_edition *R, tf_sp size, long k, double lmin, double gmin)
{
    const tf_theme *th = &R->doc->theme;
    double lead = lmin, gap = gmin;
    if (lmin)
        for (double L = th->leading - 0.05; L > lmin + 1e-9; L -= 0.05)
            if (score_at(R, size, L, gmin) != INT32_MAX) { lead = L; break; }
    if (gmin)
        for (double G = 0.9; G > gmin + 1e-9; G -= 0.1)
            if (score_at(R, size, lead, G) != INT32_MAX) { gap = G; break; }
    return (fit_cand){k, lead, gap, score_at(R, size, lead, gap)};
}

/* How many fill rules the layout just made breaks: a flow panel left
 * empty, and a flow panel under half full while the body is below the
 * theme's size. */
static int fill_breaks(const tf_edition *R)
{
    int n = 0;
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        const tf_panel_fill *f = &R->l->fill[p];
        if (!f->used || !f->flow) continue;
        if (f->filled == 0) n++;
        else if (R->body < R->doc->theme.body_size && 2 * (int64_t)f->filled < f->avail) n++;
    }
    return n;
}

/* The edition's name in messages: brochure[-clinic]-lang. */
static const char *edition_name(const tf_edition *R, char *buf, size_t size)
{
    const tf_doc *d = R->doc;
    snprintf(buf, size, "%s-%s%s%s", d->id, d->clinic ? d->clinic->id : "", d->clinic ? "-" : "",
             d->lang ? d->lang : "?");
    return buf;
}

/* After the final layout: say when the fit set the body below the theme's
 * checks.size (and which panel kept it from one step more), and every
 * flow panel under a third full that the rule checker does not already
 * report (rules.c: empty-flow-panel, underfull-panel). */
static void warn_fill(tf_edition *R, tf_panel_id limit)
{
    const tf_theme *th = &R->doc->theme;
    const tf_layout *l = R->l;
    char ed[256];
    edition_name(R, ed, sizeof ed);
    tf_sp floor = th->checks.size ? th->checks.size : TF_PT(12);
    if (l->fitted && l->body_size < floor) {
        if (limit < TF_PANEL_COUNT && !l->fill[limit].flow)
            tf_diag_warning(NULL, "%s: fit: body text set at %.4g pt, below %.4g pt (theme checks.size): panel '%s' "
                            "(%s) does not fit at %.4g pt, with its text shrunk as far as the theme lets it; "
                            "shorten the panel's content, or set a lower sizes.sidebar_min or sizes.contacts_min",
                            ed, tf_sp_to_pt(l->body_size), tf_sp_to_pt(floor),
                            tf_panel_name(R->doc->sheet.fold, limit), l->fill[limit].what ? l->fill[limit].what : "",
                            tf_sp_to_pt(l->body_size + TF_PT(th->params.fit_step)));
        else if (limit < TF_PANEL_COUNT)
            tf_diag_warning(NULL, "%s: fit: body text set at %.4g pt, below %.4g pt (theme checks.size): the flow "
                            "through panel '%s' does not fit at %.4g pt", ed, tf_sp_to_pt(l->body_size),
                            tf_sp_to_pt(floor), tf_panel_name(R->doc->sheet.fold, limit),
                            tf_sp_to_pt(l->body_size + TF_PT(th->params.fit_step)));
        else
            tf_diag_warning(NULL, "%s: fit: body text set at %.4g pt, below %.4g pt (theme checks.size)", ed,
                            tf_sp_to_pt(l->body_size), tf_sp_to_pt(floor));
    }
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        tf_panel_id p = tf_reading_order[k];
        const tf_panel_fill *f = &l->fill[p];
        if (!f->used || !f->flow || !f->avail) continue;
        /* an empty panel, and one under half full below the theme's size,
         * are the rule checker's (rules.c: empty-flow-panel, underfull-panel) */
        bool rule = f->filled == 0 || (l->body_size < th->body_size && 2 * (int64_t)f->filled < f->avail);
        if (!rule && 3 * (int64_t)f->filled < f->avail)
            tf_diag_warning(NULL, "%s: fill: panel '%s' is %.0f%% full (under a third)", ed,
                            tf_panel_name(R->doc->sheet.fold, p), 100.0 * f->filled / f->avail);
    }
}

static void report_overflow(tf_edition *R)
{
    tf_sp pitch = TF_PT(1);
    pitch = R->s->role[TF_ROLE_BODY].pitch;
    const tf_slot *sl = R->overflow_slot;
    tf_panel_id last = TF_PANEL_BACK;
    for (int p = 0; p < TF_PANEL_COUNT; p++)
        for (size_t i = 0; i < R->doc->plan[p].n_slots; i++)
            if (&R->doc->plan[p].slots[i] == sl) last = (tf_panel_id)p;
    const tf_block *b = R->overflow_block;
    if (b && R->overflow < (tf_sp)(INT32_MAX / 8)) {   /* name the block that does not fit */
        tf_diag_error(&b->loc,
                      "%s '%s' does not fit: story '%s' runs %.1f pt past panel '%s', the last it flows "
                      "through (about %d lines of %.4g pt text)",
                      tf_block_kind_name(b->kind), b->id, R->overflow_story, tf_sp_to_pt(R->overflow),
                      tf_panel_name(R->doc->sheet.fold, last), (int)((R->overflow + pitch - 1) / pitch), tf_sp_to_pt(R->body));
        return;
    }
    if (R->overflow >= (tf_sp)(INT32_MAX / 8))        /* heights saturate there (setter.h, TF_TALL) */
        tf_diag_error(&sl->loc, "panel '%s': story '%s' does not fit: more than %.0f pt left over",
                      tf_panel_name(R->doc->sheet.fold, last), R->overflow_story, tf_sp_to_pt(R->overflow));
    else
        tf_diag_error(&sl->loc,
                      "panel '%s': story '%s' does not fit: %.1f pt left over (about %d lines of %.4g pt text)",
                      tf_panel_name(R->doc->sheet.fold, last), R->overflow_story, tf_sp_to_pt(R->overflow),
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
        fonts.face[i] = tf_res_font(res, th->font[i], &th->font_loc[i]);
        ok &= fonts.face[i] != NULL;
    }
    if (!ok) return false;
    bool rtl = tf_lang_rtl(doc->lang);
    if (!tf_fold_layout(&doc->sheet, th->safe, o->press, rtl, &doc->plan[TF_PANEL_COVER].loc, &out->sheet))
        return false;
    const tf_hyphen *hy = NULL;
    bool cached = !th->hyphenate || tf_res_hyphen_begin(res, doc->lang, &hy);
    static unsigned runs;
    tf_setter s = {.gen = ++runs};
    s.doc = doc;
    if (o->cache) {
        s.cache = o->cache;
    } else {
        s.cache = out->own_cache = tf_pcache_new();
    }
    s.pc = (tf_ptext_ctx){tf_pcache_arena(s.cache), &fonts, hy, doc->lang, rtl, &th->params};
    s.dl = &out->dl;
    s.justify = th->justify;
    tf_edition R = {.doc = doc, .l = out, .s = &s};
    /* Shape every text now, while the dictionary loads; the texts' fallback
     * fonts (s.fallbacks) count in the frames' insets. Every edition does
     * this, so one in a batch (texts already in the cache) lays out exactly
     * as it does alone. */
    prepare_all(&R);
    const tf_fallback_mask prepared = s.fallbacks;
    if (!cached) {
        hy = tf_res_hyphen_wait(res, doc->lang);
        s.pc.hyphen = hy;
        tf_pcache_hyphenate(s.cache, &s.pc);
    }
    out->hyphenated = hy != NULL;
    if (th->hyphenate && !hy && !tf_lang_unhyphenated(doc->lang))
        tf_diag_warning(NULL, "no hyphenation dictionary for '%s': text is not hyphenated", doc->lang);

    out->n_pages = TF_PAGE_COUNT;
    if (o->screen) {
        out->screen = true;
        s.scratch = tf_arena_new();
        R.quiet = false;
        ok = tf_screen_layout(&R);
        tf_arena_free(s.scratch);
        s.scratch = NULL;
        if (ok) tf_setline_warn_ragged(&out->dl, th->params.justify_max_space);    /* typesetting rules (setline.c) */
        return ok && tf_diag_errors() == errors_before;
    }

    bool fit = th->fit || o->force_fit;
    tf_sp lo = th->fit_min, hi = th->fit_max;
    if (!lo || !hi) {                     /* --fit with no range in the theme */
        hi = th->body_size + TF_PT(1);
        lo = th->body_size - TF_PT(2) > TF_PT(8) ? th->body_size - TF_PT(2) : TF_PT(8);
    }
    const tf_sp step = TF_PT(th->params.fit_step);
    tf_sp chosen = th->body_size;
    out->fit_reason = "the theme's body size (no fit search)";
    bool have = false;                    /* the display list holds a good layout at `chosen` */
    s.leading = 0;                        /* the theme's leading and block spacing */
    s.gap_scale = 0;
    tf_panel_id limit = TF_PANEL_COUNT;   /* what kept the fit from one step more */
    if (fit) {
        out->fitted = true;
        out->fit_min = lo;
        out->fit_max = hi;
        long n = (hi - lo) / step;        /* sizes lo + k*step, k = 0..n */
        R.quiet = true;
        long hint = o->fit_hint >= lo && o->fit_hint <= lo + (tf_sp)n * step ? (o->fit_hint - lo) / step : -1;
        long k = search_steps(&R, lo, step, n, hint);
        have = k >= 0 && R.body == lo + (tf_sp)k * step && R.last_ok;
        /* tighter leading (text.leading_min) and block spacing (text.gap_min)
         * make more candidates when they reach a larger body; the one
         * breaking fewer fill rules wins, then the larger body, then the
         * looser setting (a fixed order of tries: deterministic) */
        double lmin = th->leading_min > 0 && th->leading_min < th->leading ? th->leading_min : 0;
        double gmin = th->gap_min > 0 && th->gap_min < th->gap ? (double)th->gap_min / (double)th->gap : 0;
        if ((lmin || gmin) && k < n) {
            fit_cand best = {k, 0, 0, k >= 0 ? score_at(&R, lo + (tf_sp)k * step, 0, 0) : INT32_MAX};
            const double opt[3][2] = {{lmin, 0}, {0, gmin}, {lmin, gmin}};
            for (int c = 0; c < 3; c++) {
                bool valid = c == 0 ? lmin > 0 : c == 1 ? gmin > 0 : lmin > 0 && gmin > 0;
                if (!valid) continue;
                s.leading = opt[c][0];
                s.gap_scale = opt[c][1];
                long kc = search_steps(&R, lo, step, n, -1);
                if (kc <= best.k) continue;
                fit_cand fc = loosest(&R, lo + (tf_sp)kc * step, kc, opt[c][0], opt[c][1]);
                if (fc.soft < best.soft || (fc.soft == best.soft && fc.k > best.k)) best = fc;
            }
            k = best.k;
            s.leading = best.leading;
            s.gap_scale = best.gap;
            have = false;
        }
        out->fit_reason = k < 0 ? "nothing fits: the smallest size of the range"
                        : s.leading > 0 || s.gap_scale > 0
                            ? "tighter leading or block spacing (text.leading_min, text.gap_min) fits a larger body"
                        : k == hint ? "a batch's previous size fits, one step larger overflows"
                        : k == n ? "largest size of the range fits"
                        : "largest size that fits: one step larger overflows";
        if (k < 0) k = 0;                 /* nothing fits: report at the smallest */
        chosen = lo + (tf_sp)k * step;
        tf_sp floor = th->checks.size ? th->checks.size : TF_PT(12);
        if (k < n && chosen < floor) {    /* what does not fit one step up (for the warning) */
            if (R.failed_valid && R.failed_size == chosen + step && R.failed_leading == s.leading &&
                R.failed_gap == s.gap_scale) {
                limit = R.failed_panel;   /* the search tried it last: the same layout */
            } else {
                try_size(&R, chosen + step);
                limit = R.fail_panel;
                have = false;
            }
        }
        R.quiet = false;
    }
    out->body_size = chosen;
    out->leading = s.leading > 0 ? s.leading : th->leading;
    /* the final layout balances a flow whose last panel would be empty or
     * under half full (a trial of the search does not: it is the same at
     * every size, and costs) */
    if (have && R.want_balance && !R.last_balanced) have = false;
    R.balance = true;
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
    if (ok) warn_fill(&R, limit);
    /* prepare_all knew every fallback font the brochure draws with, so every
     * frame was inset for all of them (none was learnt while drawing) */
    assert((s.fallbacks & ~prepared) == 0);
    if (ok) tf_setline_warn_ragged(&out->dl, th->params.justify_max_space);        /* typesetting rules (setline.c) */
    return ok && tf_diag_errors() == errors_before;
}

void tf_layout_free(tf_layout *l)
{
    tf_arena_free(l->arena);
    tf_pcache_free(l->own_cache);
    memset(l, 0, sizeof *l);
}
