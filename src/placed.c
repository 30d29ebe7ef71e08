/* placed.c: the layout record and the report built from it (placed.h). */
#include "placed.h"

#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "layout_priv.h"
#include "paper.h"
#include "setter.h"

/* One line as the setter drew it. */
typedef struct rec {
    size_t op0, op1;            /* its display ops when drawn */
    const void *glyphs;         /* op0's identity, to tell a rewound op from its successor */
    const char *optext;
    tf_sp op_y;                 /* op0's y when drawn: a later shift moves it */
    tf_sp top;                  /* the line's top, PDF y, when drawn */
    tf_sp pitch, size;
    tf_panel_id panel;
    const tf_text *src;
    const tf_ptext *t;
    uint32_t first, end;
    uint32_t index, n;
    bool hyphen, hyphen_in_link, justified;
    double space_ratio;
    uint32_t words;
} rec;

typedef struct tf_placed {
    rec *r;
    size_t n, cap;
} tf_placed;

size_t tf_placed_count(const tf_display *dl)
{
    return dl->placed ? dl->placed->n : 0;
}

void tf_placed_truncate(tf_display *dl, size_t n)
{
    if (dl->placed && n < dl->placed->n) dl->placed->n = n;
}

void tf_placed_line(tf_setter *s, size_t op0, const tf_frame *fr, tf_sp y, const tf_ptext *t,
                    const tf_line *ln, const tf_role *r, const tf_text *src, size_t index, size_t n)
{
    tf_display *dl = s->dl;
    if (dl->n <= op0 || !src) return;      /* nothing drawn (a failed layout) */
    tf_placed *P = dl->placed;
    if (!P) {
        P = dl->placed = tf_arena_alloc(dl->arena, sizeof *P);
        memset(P, 0, sizeof *P);
    }
    /* lines drawn at or after op0 were taken back (a trial, a rewound unit,
     * an earlier layout of the fit search) */
    while (P->n && P->r[P->n - 1].op0 >= op0) P->n--;
    if (P->n == P->cap) {
        size_t cap = P->cap ? P->cap * 2 : 256;
        P->r = tf_arena_grow(dl->arena, P->r, P->n, cap, sizeof *P->r);
        P->cap = cap;
    }
    rec *e = &P->r[P->n++];
    memset(e, 0, sizeof *e);
    const tf_op *op = &dl->ops[op0];
    e->op0 = op0;
    e->op1 = dl->n;
    e->glyphs = op->glyphs;
    e->optext = op->text;
    e->op_y = op->y;
    e->top = fr->top - y;
    e->pitch = r->pitch;
    e->size = r->size;
    e->panel = fr->panel;
    e->src = src;
    e->t = t;
    e->first = ln->first;
    e->end = ln->end;
    e->index = (uint32_t)index;
    e->n = (uint32_t)n;
    e->hyphen = ln->hyphen;
    /* justification and word spacing as drawn: the facts setline put on the
     * line's first glyph op (display.h), not worked out again here */
    for (size_t k = op0; k < dl->n; k++) {
        const tf_op *g = &dl->ops[k];
        if (g->kind != TF_OP_GLYPHS || !(g->line & TF_LINE_START)) continue;
        e->justified = (g->line & TF_LINE_JUSTIFIED) != 0;
        e->space_ratio = e->justified ? g->space_ratio : 0;
        break;
    }
    uint32_t words = 0;
    bool in_word = false;
    for (uint32_t i = ln->first; i < ln->end && i < t->n; i++) {
        const tf_pitem *it = &t->items[i];
        if (it->kind == TF_PITEM_SPACE) {
            in_word = false;
        } else if (it->kind == TF_PITEM_PIECE && !in_word) {
            words++;
            in_word = true;
        }
    }
    e->words = words;
    if (ln->hyphen && ln->end > 0 && ln->end <= t->n) {
        for (uint32_t i = ln->end; i-- > ln->first;)
            if (t->items[i].kind == TF_PITEM_PIECE) { e->hyphen_in_link = t->items[i].href != NULL; break; }
    }
}

/* --- what a text is -------------------------------------------------------- */

typedef struct owner {
    const tf_text *src;
    tf_box_kind kind;
    tf_field field;
    const char *story, *block;
    int item;
    const tf_loc *loc;
} owner;

typedef struct owners {
    owner *o;
    size_t n, cap;
    tf_arena *a;
} owners;

static void add(owners *w, const tf_text *src, tf_box_kind kind, tf_field field, const char *story,
                const char *block, int item)
{
    if (!src || !src->src) return;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 128;
        w->o = tf_arena_grow(w->a, w->o, w->n, cap, sizeof *w->o);
        w->cap = cap;
    }
    w->o[w->n++] = (owner){src, kind, field, story, block, item, &src->loc};
}

static void add_contact(owners *w, const tf_contact *c, tf_box_kind kind, const char *story, const char *block,
                        int k)
{
    add(w, &c->name, kind, TF_FIELD_NAME, story, block, k);
    add(w, &c->description, kind, TF_FIELD_DESCRIPTION, story, block, k);
    for (size_t i = 0; i < c->n_address; i++) add(w, &c->address[i], kind, TF_FIELD_ADDRESS, story, block, k);
    add(w, &c->phone, kind, TF_FIELD_PHONE, story, block, k);
    add(w, &c->email, kind, TF_FIELD_EMAIL, story, block, k);
    add(w, &c->web, kind, TF_FIELD_WEB, story, block, k);
}

static void collect(owners *w, const tf_doc *doc)
{
    for (size_t i = 0; i < doc->n_stories; i++) {
        const tf_story *st = &doc->stories[i];
        for (size_t j = 0; j < st->n_blocks; j++) {
            const tf_block *b = &st->blocks[j];
            switch (b->kind) {
            case TF_BLOCK_TITLE: add(w, &b->text, TF_BOX_TITLE, TF_FIELD_TEXT, st->id, b->id, -1); break;
            case TF_BLOCK_SUBTITLE: add(w, &b->text, TF_BOX_SUBTITLE, TF_FIELD_TEXT, st->id, b->id, -1); break;
            case TF_BLOCK_HEADING: add(w, &b->text, TF_BOX_HEADING, TF_FIELD_TEXT, st->id, b->id, -1); break;
            case TF_BLOCK_PARAGRAPH: add(w, &b->text, TF_BOX_PARAGRAPH, TF_FIELD_TEXT, st->id, b->id, -1); break;
            case TF_BLOCK_CREDIT: add(w, &b->text, TF_BOX_CREDIT, TF_FIELD_TEXT, st->id, b->id, -1); break;
            case TF_BLOCK_LIST:
            case TF_BLOCK_CHECKLIST: {
                bool check = b->kind == TF_BLOCK_CHECKLIST;
                add(w, &b->text, check ? TF_BOX_CHECKLIST_TITLE : TF_BOX_LIST_LEADIN, TF_FIELD_TEXT, st->id, b->id, -1);
                for (size_t k = 0; k < b->n_items; k++)
                    add(w, &b->items[k].text, check ? TF_BOX_CHECKLIST_ITEM : TF_BOX_LIST_ITEM, TF_FIELD_TEXT,
                        st->id, b->id, (int)k);
                break;
            }
            case TF_BLOCK_CONTACTS:
                add(w, &b->text, TF_BOX_CONTACTS_TITLE, TF_FIELD_TEXT, st->id, b->id, -1);
                for (size_t k = 0; k < b->n_contacts; k++)
                    add_contact(w, &b->contacts[k], TF_BOX_CONTACT, st->id, b->id, (int)k);
                break;
            case TF_BLOCK_IMAGE: break;
            }
        }
    }
    const tf_clinic *c = doc->clinic;
    if (c) {
        add(w, &c->name, TF_BOX_CLINIC, TF_FIELD_NAME, NULL, "clinic", -1);
        for (size_t i = 0; i < c->n_address; i++) add(w, &c->address[i], TF_BOX_CLINIC, TF_FIELD_ADDRESS, NULL, "clinic", -1);
        add(w, &c->phone, TF_BOX_CLINIC, TF_FIELD_PHONE, NULL, "clinic", -1);
        add(w, &c->email, TF_BOX_CLINIC, TF_FIELD_EMAIL, NULL, "clinic", -1);
        add(w, &c->web, TF_BOX_CLINIC, TF_FIELD_WEB, NULL, "clinic", -1);
        for (size_t i = 0; i < c->n_hours; i++) add(w, &c->hours[i], TF_BOX_CLINIC, TF_FIELD_HOURS, NULL, "clinic", -1);
        add(w, &c->note, TF_BOX_CLINIC, TF_FIELD_NOTE, NULL, "clinic", -1);
    }
}

static const owner *owner_of(const owners *w, const tf_text *src, size_t *hint)
{
    if (*hint < w->n && w->o[*hint].src == src) return &w->o[*hint];
    for (size_t i = 0; i < w->n; i++) {
        size_t k = (*hint + i) % w->n;
        if (w->o[k].src == src) { *hint = k; return &w->o[k]; }
    }
    return NULL;
}

/* --- names ------------------------------------------------------------------ */

const char *tf_box_kind_name(tf_box_kind k)
{
    static const char *const names[TF_BOX_KIND_COUNT] = {
        "title", "subtitle", "heading", "paragraph", "credit", "list lead-in", "list item",
        "checklist title", "checklist item", "contacts title", "contact", "clinic", "image", "other",
    };
    return k < TF_BOX_KIND_COUNT ? names[k] : "other";
}

bool tf_box_keeps_with_next(tf_box_kind k)
{
    return k == TF_BOX_HEADING || k == TF_BOX_CHECKLIST_TITLE || k == TF_BOX_CONTACTS_TITLE ||
           k == TF_BOX_LIST_LEADIN;
}

const char *tf_field_name(tf_field f)
{
    static const char *const names[] = {"text", "name", "description", "address", "phone", "email",
                                        "web", "hours", "note"};
    return (size_t)f < TF_ARRAY_LEN(names) ? names[f] : "text";
}

/* --- the text of a line ------------------------------------------------------ */

static const char *line_text(tf_arena *a, const tf_ptext *t, uint32_t first, uint32_t end, bool hyphen)
{
    char buf[96];
    size_t n = 0;
    for (uint32_t i = first; i < end && i < t->n && n < 80; i++) {
        const tf_pitem *it = &t->items[i];
        if (it->kind != TF_PITEM_PIECE && it->kind != TF_PITEM_SPACE) continue;
        if (it->kind == TF_PITEM_SPACE) { if (n && buf[n - 1] != ' ') buf[n++] = ' '; continue; }
        for (uint32_t k = 0; k < it->text_len;) {
            const unsigned char *c = (const unsigned char *)it->text + k;
            uint32_t len = c[0] >= 0xF0 ? 4 : c[0] >= 0xE0 ? 3 : c[0] >= 0xC0 ? 2 : 1;
            if (k + len > it->text_len) break;
            /* bidi isolates (U+2066..U+2069) and soft hyphens are not text */
            bool skip = (len == 3 && c[0] == 0xE2 && c[1] == 0x81 && c[2] >= 0xA6 && c[2] <= 0xA9) ||
                        (len == 2 && c[0] == 0xC2 && c[1] == 0xAD);
            if (!skip) {
                if (n + len > 88) { k = it->text_len; i = end; break; }   /* whole characters only */
                memcpy(buf + n, c, len);
                n += len;
            }
            k += len;
        }
    }
    if (hyphen && n < sizeof buf - 1) buf[n++] = '-';
    return tf_arena_strndup(a, buf, n);
}

/* The first few words of a box (its first line's first ~6 words). */
static const char *first_words(tf_arena *a, const char *line)
{
    if (!line) return NULL;
    size_t n = 0, words = 0;
    while (line[n]) {
        if (line[n] == ' ' && ++words == 6) break;
        n++;
    }
    return tf_arena_strndup(a, line, n);
}

/* --- building the report ------------------------------------------------------ */

static int cmp_box(const void *pa, const void *pb)
{
    const tf_pbox *a = pa, *b = pb;
    if (a->top != b->top) return a->top < b->top ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

typedef struct boxes {
    tf_pbox *b;
    size_t n, cap;
} boxes;

static tf_pbox *new_box(tf_arena *a, boxes *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        v->b = tf_arena_grow(a, v->b, v->n, cap, sizeof *v->b);
        v->cap = cap;
    }
    tf_pbox *b = &v->b[v->n++];
    memset(b, 0, sizeof *b);
    b->item = -1;
    return b;
}

static const char *flow_of(const tf_doc *doc, tf_panel_id p)
{
    const tf_panel_plan *pl = &doc->plan[p];
    if (!pl->present) return NULL;
    for (size_t i = 0; i < pl->n_slots; i++)
        if (pl->slots[i].kind == TF_SLOT_FLOW) return pl->slots[i].story;
    return NULL;
}

/* The block of an image op (its loc is the block's image_loc). */
static bool image_owner(const tf_doc *doc, const tf_loc *loc, const char **story, const tf_block **blk)
{
    for (size_t i = 0; i < doc->n_stories; i++)
        for (size_t j = 0; j < doc->stories[i].n_blocks; j++)
            if (&doc->stories[i].blocks[j].image_loc == loc) {
                *story = doc->stories[i].id;
                *blk = &doc->stories[i].blocks[j];
                return true;
            }
    return false;
}

void tf_placed_build(const tf_layout *l, const tf_doc *doc, tf_arena *a, tf_placed_report *out)
{
    memset(out, 0, sizeof *out);
    const tf_display *dl = &l->dl;
    out->body_size = l->body_size;
    out->theme_body_size = doc->theme.body_size;
    out->fitted = l->fitted;
    out->fit_min = l->fit_min;
    out->fit_max = l->fit_max;
    out->fit_reason = l->fit_reason;
    out->page_w = l->sheet.media_w;
    out->page_h = l->sheet.media_h;
    out->paper = (size_t)doc->sheet.paper < TF_PAPER_COUNT ? tf_paper_names[doc->sheet.paper] : "?";
    out->fold_kind = doc->sheet.fold;
    out->fold = (size_t)doc->sheet.fold < TF_FOLD_COUNT ? tf_fold_names[doc->sheet.fold] : "?";
    tf_sp H = l->sheet.media_h;

    owners w = {.a = a};
    collect(&w, doc);

    /* lines still in the display list, grouped into boxes in placement order */
    boxes v = {0};
    const tf_placed *P = dl->placed;
    size_t hint = 0;
    tf_pbox *cur = NULL;
    const owner *cur_o = NULL;
    size_t cur_cap = 0;
    size_t seq = 0;
    for (size_t i = 0; P && i < P->n; i++) {
        const rec *e = &P->r[i];
        if (e->op0 >= dl->n || e->op1 > dl->n) continue;
        const tf_op *op = &dl->ops[e->op0];
        if (op->glyphs != e->glyphs || op->text != e->optext) continue;
        tf_sp dy = op->y - e->op_y;
        const owner *o = owner_of(&w, e->src, &hint);
        tf_box_kind kind = o ? o->kind : TF_BOX_OTHER;
        tf_panel_id panel = e->panel;
        /* one box per text and panel; a contact entry or the clinic card is
         * one box of several texts */
        bool join = false;
        if (cur && cur->panel == panel) {
            const tf_pline *last = &cur->lines[cur->n_lines - 1];
            if (last->src == e->src) {
                join = e->index == last->index + 1;      /* else the same text set again */
            } else if (o && cur_o) {
                bool unit = o->kind == TF_BOX_CONTACT || o->kind == TF_BOX_CLINIC;
                join = unit && o->kind == cur_o->kind && o->block == cur_o->block && o->item == cur_o->item &&
                       o->story == cur_o->story;
            }
        }
        if (!join) {
            cur = new_box(a, &v);
            cur_o = o;
            cur_cap = (e->n ? e->n : 1) + 4;
            cur->kind = kind;
            cur->panel = panel;
            cur->story = o ? o->story : NULL;
            cur->block = o ? o->block : NULL;
            cur->loc = o ? o->loc : &e->src->loc;
            cur->item = o ? o->item : -1;
            cur->size = e->size;
            cur->top = H - (e->top + dy);
            cur->continued = e->index > 0 && kind != TF_BOX_CONTACT && kind != TF_BOX_CLINIC;
            cur->seq = seq++;
            cur->lines = tf_arena_alloc(a, cur_cap * sizeof *cur->lines);
        } else if (cur->n_lines == cur_cap) {
            cur_cap *= 2;
            tf_pline *nl = tf_arena_alloc(a, cur_cap * sizeof *nl);
            memcpy(nl, cur->lines, cur->n_lines * sizeof *nl);
            cur->lines = nl;
        }
        tf_pline *ln = &cur->lines[cur->n_lines++];
        ln->top = H - (e->top + dy);
        ln->bottom = ln->top + e->pitch;
        ln->src = e->src;
        ln->field = o ? o->field : TF_FIELD_TEXT;
        ln->index = e->index;
        ln->n = e->n;
        ln->hyphen = e->hyphen;
        ln->hyphen_in_link = e->hyphen_in_link;
        ln->justified = e->justified;
        ln->space_ratio = e->space_ratio;
        ln->words = e->words;
        ln->text = line_text(a, e->t, e->first, e->end, e->hyphen);
        cur->bottom = ln->bottom;
        if (!cur->words) cur->words = first_words(a, ln->text);
        if (kind != TF_BOX_CONTACT && kind != TF_BOX_CLINIC) cur->continues = e->index + 1 < e->n;
    }

    /* images (and the clinic's logo) from the display list */
    for (size_t i = 0; i < dl->n; i++) {
        const tf_op *op = &dl->ops[i];
        if (op->kind != TF_OP_IMAGE || !op->loc) continue;
        const char *story = NULL;
        const tf_block *blk = NULL;
        bool logo = doc->clinic && op->loc == &doc->clinic->logo_loc;
        if (!logo && !image_owner(doc, op->loc, &story, &blk)) continue;
        /* which panel: the one whose safe area holds its centre */
        int panel = -1;
        tf_sp cx = op->x + op->w / 2;
        for (int p = 0; p < TF_PANEL_COUNT; p++) {
            const tf_panel_geom *g = &l->sheet.panel[p];
            if (g->page == op->page && cx >= g->trim.x && cx <= g->trim.x + g->trim.w) panel = p;
        }
        if (panel < 0) continue;
        tf_pbox *b = new_box(a, &v);
        b->kind = logo ? TF_BOX_CLINIC : TF_BOX_IMAGE;
        b->story = story;
        b->block = logo ? "clinic" : blk->id;
        b->loc = op->loc;
        b->words = logo ? "(logo)" : blk->text.src ? blk->text.src : "(image)";
        b->top = H - (op->y + op->h);
        b->bottom = H - op->y;
        b->panel = (tf_panel_id)panel;
        b->seq = seq++;
    }

    /* panels in reading order, their boxes top to bottom */
    for (int k = 0; k < TF_PANEL_COUNT; k++) {
        tf_panel_id p = tf_fold_reading_order(doc->sheet.fold)[k];
        tf_ppanel *pp = &out->panels[out->n_panels++];
        const tf_panel_geom *g = &l->sheet.panel[p];
        pp->panel = p;
        pp->present = doc->plan[p].present;
        pp->page = g->page + 1;
        pp->x0 = g->safe.x;
        pp->x1 = g->safe.x + g->safe.w;
        pp->top = H - (g->safe.y + g->safe.h);
        pp->bottom = H - g->safe.y;
        pp->filled = l->fill[p].filled;
        pp->avail = l->fill[p].avail;
        pp->balanced = l->fill[p].balanced;
        pp->what = l->fill[p].what;
        pp->flow = flow_of(doc, p);
        size_t n = 0;
        for (size_t i = 0; i < v.n; i++) n += v.b[i].panel == p;
        pp->boxes = tf_arena_alloc(a, (n ? n : 1) * sizeof *pp->boxes);
        for (size_t i = 0; i < v.n; i++)
            if (v.b[i].panel == p) pp->boxes[pp->n_boxes++] = v.b[i];
        for (size_t i = 0; i < pp->n_boxes; i++) {
            tf_pbox *b = &pp->boxes[i];
            b->in_flow = pp->flow && b->story && !strcmp(pp->flow, b->story);
        }
        qsort(pp->boxes, pp->n_boxes, sizeof *pp->boxes, cmp_box);
    }
}
