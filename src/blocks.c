/* blocks.c: blocks -> lines and units placed in a chain of frames.
 *
 * Vertical model: a line of a role takes `pitch`; its baseline sits at
 * half-leading + ascender below the line's top. Frames are inset by the
 * layout so that glyphs of a line at a frame's top or bottom edge stay
 * inside the safe area even when the leading is tighter than the font's
 * ascender + descender.
 *
 * A paragraph is broken for the place it will occupy: the lines left in
 * the current frame at that frame's width, then the next frames' widths.
 * If that leaves one line alone at the bottom (orphan) or at the top of the
 * next frame (widow), the split moves up a line and the paragraph is broken
 * again, since the widths of its lines have changed. Headings, list items,
 * checklist items, contact entries and images are units: set, and if they
 * do not fit, taken back and set again at the top of the next frame. */
#include "blocks.h"

#include <string.h>

#include "clinic.h"
#include "diag.h"
#include "image.h"
#include "lang.h"
#include "utf8.h"

#include <fribidi.h>
#include "para.h"
#include "qr.h"

/* --- prepared-text cache ----------------------------------------------------
 * Shaping is the expensive part and does not depend on size, so each text is
 * prepared once and reused by every layout of the fit search and, in a
 * batch, by every edition of the same language. Entries are keyed by
 * content (the text, a second string such as a label, and a tag for the
 * kind, style and direction), never by address: a clinic's texts live in
 * memory that the next clinic reuses. Everything lives in the cache's
 * own arena. */

typedef struct pc_entry {
    uint64_t hash;
    unsigned tag;
    unsigned gen;            /* layout run that last reported this text's errors */
    const char *a, *b;       /* copies of the key strings */
    tf_ptext text;
    bool ok;
    uint32_t fallbacks;      /* bit k*TF_FACE_COUNT+f: the text draws with fallback font (k, f) */
} pc_entry;

struct tf_pcache {
    tf_arena *arena;
    pc_entry *v;
    size_t cap, n;
};

struct tf_pcache *tf_pcache_new(void)
{
    tf_arena *a = tf_arena_new();
    struct tf_pcache *c = tf_arena_alloc(a, sizeof *c);
    c->arena = a;
    c->cap = 512;
    c->v = tf_arena_alloc(a, c->cap * sizeof *c->v);
    return c;
}

void tf_pcache_free(struct tf_pcache *c)
{
    if (c) tf_arena_free(c->arena);
}

tf_arena *tf_pcache_arena(struct tf_pcache *c)
{
    return c->arena;
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001B3ull;
    return (h ^ 0xFF) * 0x100000001B3ull;
}

static bool same(const char *x, const char *y)
{
    return x == y || (x && y && strcmp(x, y) == 0);
}

static pc_entry *pc_slot(tf_setter *s, const char *a, const char *bstr, unsigned tag, bool *fresh)
{
    struct tf_pcache *c = s->cache;
    if (2 * (c->n + 1) > c->cap) {               /* grow at half full */
        struct tf_pcache old = *c;
        c->cap *= 2;
        c->v = tf_arena_alloc(c->arena, c->cap * sizeof *c->v);
        c->n = 0;
        for (size_t i = 0; i < old.cap; i++) {
            if (!old.v[i].hash) continue;
            size_t j = (size_t)(old.v[i].hash >> 7) & (c->cap - 1);
            while (c->v[j].hash) j = (j + 1) & (c->cap - 1);
            c->v[j] = old.v[i];
            c->n++;
        }
    }
    uint64_t h = fnv(fnv(0xCBF29CE484222325ull ^ tag, a), bstr) | 1;
    size_t j = (size_t)(h >> 7) & (c->cap - 1);
    while (c->v[j].hash && !(c->v[j].hash == h && c->v[j].tag == tag && same(c->v[j].a, a) &&
                             same(c->v[j].b, bstr)))
        j = (j + 1) & (c->cap - 1);
    pc_entry *e = &c->v[j];
    /* a text that failed is prepared (and so reported) again once per layout run */
    *fresh = !e->hash || (!e->ok && e->gen != s->gen);
    e->gen = s->gen;
    if (!e->hash) {
        e->hash = h;
        e->tag = tag;
        e->a = a ? tf_arena_strdup(c->arena, a) : NULL;
        e->b = bstr ? tf_arena_strdup(c->arena, bstr) : NULL;
        c->n++;
    }
    return e;
}

/* The fallback fonts a text draws with count in the frames' insets
 * (layout.c, overshoot): mark them used in this layout's font set, also
 * when the text comes from the cache (a batch's earlier edition), so an
 * edition lays out the same alone and in a batch. */
static void note_fonts(tf_setter *s, pc_entry *e, bool fresh)
{
    tf_fontset *fs = s->pc.fonts;
    if (fresh) {
        e->fallbacks = 0;
        for (size_t i = 0; i < e->text.n; i++)
            for (size_t k = 0; k < TF_MAX_FALLBACK_FONTS; k++)
                for (int f = 0; f < TF_FACE_COUNT; f++)
                    if (e->text.items[i].font && fs->fallback[k][f] == e->text.items[i].font)
                        e->fallbacks |= 1u << (k * TF_FACE_COUNT + (size_t)f);
    }
    for (size_t k = 0; k < TF_MAX_FALLBACK_FONTS; k++)
        for (int f = 0; f < TF_FACE_COUNT; f++) {
            if (!(e->fallbacks & (1u << (k * TF_FACE_COUNT + (size_t)f)))) continue;
            if (!fs->tried[k][f] && fs->load && fs->theme && k < fs->theme->n_fallback) {
                fs->tried[k][f] = true;
                fs->fallback[k][f] = fs->load(fs->load_ctx, fs->theme->fallback[k].font[f],
                                              &fs->theme->fallback[k].font_loc[f]);
            }
            fs->used[k][f] = true;
        }
}

void tf_pcache_hyphenate(tf_setter *s)
{
    struct tf_pcache *c = s->cache;
    for (size_t i = 0; i < c->cap; i++)
        if (c->v[i].hash) tf_ptext_hyphenate(&s->pc, &c->v[i].text);
}

static const tf_ptext *prep(tf_setter *s, const tf_text *t, unsigned style)
{
    bool fresh;
    tf_ptext_ctx pc = s->pc;                /* a text that fell back keeps its own direction */
    if (t->lang) pc.rtl = tf_lang_rtl(t->lang);
    pc_entry *e = pc_slot(s, t->src, NULL, style | (pc.rtl ? 0x1000u : 0), &fresh);
    if (fresh) e->ok = tf_ptext_prepare(&pc, t, style, &e->text);
    note_fonts(s, e, fresh);
    if (!e->ok) s->ok = false;
    return &e->text;
}

/* A label + value line ("Phone (949) 760-9109"), cached on the value. */
static const tf_ptext *prep_labelled(tf_setter *s, const char *label, const tf_text *value,
                                     const char *href)
{
    bool fresh;
    pc_entry *e = pc_slot(s, value->src, label, 0x100u | (s->pc.rtl ? 0x1000u : 0), &fresh);
    if (fresh) {
        /* the value (a phone number, address, URL) is isolated left to right
         * (LRI ... PDI) so an RTL edition keeps "(847) 256-7334" in order */
        tf_span sp[4];
        size_t n = 0;
        if (label && *label) {
            char *l = tf_arena_printf(s->pc.arena, "%s ", label);
            sp[n++] = (tf_span){l, strlen(l), TF_SPAN_BOLD, NULL, NULL};
        }
        sp[n++] = (tf_span){"\xE2\x81\xA6", 3, 0, NULL, NULL};      /* U+2066 LRI */
        sp[n++] = (tf_span){e->a, strlen(e->a), 0, tf_arena_strdup(s->pc.arena, href), NULL};
        sp[n++] = (tf_span){"\xE2\x81\xA9", 3, 0, NULL, NULL};      /* U+2069 PDI */
        e->ok = tf_ptext_spans(&s->pc, sp, n, &value->loc, &e->text);
    }
    note_fonts(s, e, fresh);
    if (!e->ok) s->ok = false;
    return &e->text;
}

/* A data line (an address line): its own direction from its first strong
 * character (UAX #9 P2), aligned as the edition. */
static const tf_ptext *prep_data(tf_setter *s, const tf_text *t)
{
    bool fresh;
    pc_entry *e = pc_slot(s, t->src, NULL, 0x400u | (s->pc.rtl ? 0x1000u : 0), &fresh);
    if (fresh) {
        tf_ptext_ctx pc = s->pc;
        pc.rtl = false;
        for (const char *p = t->src; p && *p;) {
            size_t len = tf_utf8_seq_len(p, p + strlen(p));
            if (!len) break;
            uint32_t cp = tf_utf8_next(&p, p + len);
            FriBidiCharType ty = fribidi_get_bidi_type(cp);
            if (FRIBIDI_IS_STRONG(ty)) { pc.rtl = FRIBIDI_IS_RTL(ty); break; }
        }
        e->ok = tf_ptext_prepare(&pc, t, 0, &e->text);
        e->text.right = s->pc.rtl;
    }
    note_fonts(s, e, fresh);
    if (!e->ok) s->ok = false;
    return &e->text;
}

static const tf_ptext *prep_plain(tf_setter *s, const char *key_text, unsigned style)
{
    bool fresh;
    pc_entry *e = pc_slot(s, key_text, NULL, style | 0x200u | (s->pc.rtl ? 0x1000u : 0), &fresh);
    if (fresh) e->ok = tf_ptext_plain(&s->pc, e->a, style, NULL, NULL, &e->text);   /* the cached copy: key_text may be a stack buffer */
    note_fonts(s, e, fresh);
    if (!e->ok) s->ok = false;
    return &e->text;
}

/* --- roles ----------------------------------------------------------------- */

static tf_color mix(tf_color a, tf_color b, double t)
{
    return (tf_color){(uint8_t)(a.r + (b.r - a.r) * t + 0.5), (uint8_t)(a.g + (b.g - a.g) * t + 0.5),
                      (uint8_t)(a.b + (b.b - a.b) * t + 0.5)};
}

static tf_sp scaled(tf_sp v, double k) { return (tf_sp)((double)v * k + 0.5); }

void tf_setter_roles(tf_setter *s, tf_sp body, double scale, bool on_accent)
{
    const tf_theme *th = &s->doc->theme;
    tf_sp b = scaled(body, scale);
    tf_color text = on_accent ? th->accent_text : th->text;
    tf_color head = on_accent ? th->accent_text : th->heading;
    double lead = th->leading;
    s->role[TF_ROLE_BODY] = (tf_role){b, scaled(b, lead), 0, text};
    tf_sp hs = scaled(b, th->heading_scale);
    s->role[TF_ROLE_HEADING] = (tf_role){hs, scaled(hs, 1.15), TF_SPAN_BOLD, head};
    s->role[TF_ROLE_TITLE] = (tf_role){th->title_size, scaled(th->title_size, 1.1), TF_SPAN_BOLD, head};
    s->role[TF_ROLE_SUBTITLE] = (tf_role){th->subtitle_size, scaled(th->subtitle_size, 1.25), 0, text};
    tf_sp sm = scaled(b, th->small_scale);
    s->role[TF_ROLE_SMALL] = (tf_role){sm, scaled(sm, lead), TF_SPAN_ITALIC,
                                       on_accent ? text : mix(th->text, (tf_color){255, 255, 255}, 0.25)};
    s->role[TF_ROLE_NAME] = (tf_role){b, scaled(b, lead), TF_SPAN_BOLD, head};
    s->gap = scaled(th->gap, (double)b / (double)th->body_size);
    s->accent = on_accent ? th->accent_text : th->accent;
    s->link = on_accent ? th->accent_text : th->heading;
}

/* --- structure (tagged PDF) -------------------------------------------------- */

/* A structure node under `parent`; drawing that follows (s->elem) belongs to
 * it. A text in another language than the edition's gets its /Lang. */
static uint32_t node(tf_setter *s, const char *role, uint32_t parent, const tf_text *t)
{
    uint32_t n = tf_display_node(s->dl, role, parent);
    if (t && t->lang && s->doc->lang && strcmp(t->lang, s->doc->lang) != 0) s->dl->nodes[n].lang = t->lang;
    return n;
}

/* A heading's text without inline markup, for bookmarks. */
static const char *plain_title(tf_setter *s, const char *src)
{
    if (!src) return NULL;
    char *out = tf_arena_alloc(s->dl->arena, strlen(src) + 1), *o = out;
    for (const char *p = src; *p; p++) {
        if (*p == '*' || *p == '[') continue;
        if (*p == ']' && p[1] == '(') { const char *e = strchr(p, ')'); if (e) { p = e; continue; } }
        if (*p == ']' && p[1] == '{') { const char *e = strchr(p, '}'); if (e) { p = e; continue; } }
        if (*p == '\\' && p[1]) p++;
        *o++ = (*p == '\n') ? ' ' : *p;
    }
    *o = 0;
    return out;
}

/* --- frames ---------------------------------------------------------------- */

void tf_flow_init(tf_flow *f, const tf_frame *frames, size_t n)
{
    memset(f, 0, sizeof *f);
    f->frames = frames;
    f->n_frames = n;
    f->at_top = true;
}

static bool is_virtual(const tf_flow *f) { return f->cur >= f->n_frames; }

/* Heights and flow positions saturate at TALL: a 16 KiB paragraph at 72 pt
 * is some 400,000 pt, past tf_sp's 32767 pt. Anything that tall fails to fit
 * anyway; saturating keeps it failing instead of wrapping to "fits". */
#define TALL ((tf_sp)(INT32_MAX / 8))
static tf_sp sat_add(tf_sp a, tf_sp b)
{
    int64_t v = (int64_t)a + b;
    return v > TALL ? TALL : (tf_sp)v;
}

/* The virtual frame continues below the last real one, endless. */
static tf_frame frame_now(const tf_flow *f)
{
    if (!is_virtual(f)) return f->frames[f->cur];
    tf_frame v = f->frames[f->n_frames - 1];
    v.top = v.top - v.h;
    v.h = INT32_MAX / 4;
    return v;
}

static void next_frame(tf_flow *f)
{
    if (is_virtual(f)) return;
    if (f->cur < TF_ARRAY_LEN(f->used)) f->used[f->cur] = f->content_y;
    f->cur++;
    f->y = f->content_y = 0;
    f->at_top = true;
}

static void space_before(tf_flow *f, tf_sp amount)
{
    if (!f->at_top) f->y = sat_add(f->y, amount);
}

static void advance(tf_flow *f, tf_sp h, const tf_block *b)
{
    f->y = sat_add(f->y, h);
    f->content_y = f->y;
    f->at_top = false;
    if (is_virtual(f)) f->overflow = f->y;
    else if (f->cur < TF_ARRAY_LEN(f->last_block)) f->last_block[f->cur] = b;
}

/* Lines of pitch p that fit below y in frame fr. */
static size_t capacity(const tf_frame *fr, tf_sp y, tf_sp p)
{
    if (y >= fr->h) return 0;
    return (size_t)((fr->h - y) / p);
}

/* --- drawing lines --------------------------------------------------------- */

static tf_sp baseline_offset(const tf_role *r, tf_font *f)
{
    tf_sp asc = tf_font_ascender(f, r->size), desc = tf_font_descender(f, r->size);
    tf_sp half = (r->pitch - (asc - desc)) / 2;
    return half + asc;
}

/* Visual order of a line's items (UAX #9 rule L2): from the highest level
 * down to the lowest odd one, reverse every run at that level or above. */
static void reorder(const tf_ptext *t, uint32_t *idx, size_t n)
{
    uint8_t hi = 0, lo_odd = 255;
    for (size_t i = 0; i < n; i++) {
        uint8_t l = t->items[idx[i]].level;
        if (l > hi) hi = l;
        if ((l & 1) && l < lo_odd) lo_odd = l;
    }
    if (hi == 0) return;
    for (int lev = hi; lev >= lo_odd && lev > 0; lev--) {
        for (size_t i = 0; i < n;) {
            if (t->items[idx[i]].level < lev) { i++; continue; }
            size_t j = i;
            while (j < n && t->items[idx[j]].level >= lev) j++;
            for (size_t a = i, b = j - 1; a < b; a++, b--) {
                uint32_t tmp = idx[a];
                idx[a] = idx[b];
                idx[b] = tmp;
            }
            i = j;
        }
    }
}

/* --- what readers hear (issue 11): labels as templates ------------------------ */

/* A label template ("Call {number}") with `value` in place of its {...}
 * (after it, with a space, when it has none): the edition's text, else the
 * English default; *lang (when not NULL) the language it is in. */
static const char *label_fill(tf_setter *s, const tf_text *t, const char *dflt, const char *value,
                              const char **lang)
{
    const char *tpl = t->src ? t->src : dflt;
    if (lang) *lang = t->src ? t->lang : "en";
    const char *open = strchr(tpl, '{'), *close = open ? strchr(open, '}') : NULL;
    if (!close) return tf_arena_printf(s->dl->arena, "%s %s", tpl, value);
    return tf_arena_printf(s->dl->arena, "%.*s%s%s", (int)(open - tpl), tpl, value, close + 1);
}

/* A URL as people say it: no scheme, no trailing slash. */
static const char *url_shown(tf_setter *s, const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == '/') n--;
    return tf_arena_strndup(s->dl->arena, p, n);
}

/* What a link is, in the edition's language, for its annotation's /Contents
 * (the Link element's /Alt): "Call (217) 555-0100", "Email hello@...",
 * "Website riverside.example.org". `shown`: the link's text on the page, or
 * NULL (a phone number is said as printed). */
static const char *link_description(tf_setter *s, const char *href, const char *shown)
{
    const tf_labels *lb = &s->doc->labels;
    if (strncmp(href, "tel:", 4) == 0) {
        bool digits = false;
        for (const char *p = shown; p && *p && !digits; p++) digits = *p >= '0' && *p <= '9';
        return label_fill(s, &lb->call, "Call {number}", digits ? shown : href + 4, NULL);
    }
    if (strncmp(href, "mailto:", 7) == 0)
        return label_fill(s, &lb->write, "Email {address}", href + 7, NULL);
    return label_fill(s, &lb->website, "Website {url}", url_shown(s, href), NULL);
}

/* The text of link `href` in a prepared text: its pieces and the spaces
 * between them, in logical order, bidi isolates left out. */
static const char *link_text(tf_setter *s, const tf_ptext *t, const char *href)
{
    size_t first = t->n, last = 0, n = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->items[i].href == href) { if (first == t->n) first = i; last = i; }
    for (size_t i = first; i <= last && i < t->n; i++) n += t->items[i].text_len;
    char *out = tf_arena_alloc(s->dl->arena, n + 1), *o = out;
    for (size_t i = first; i <= last && i < t->n; i++) {
        const tf_pitem *it = &t->items[i];
        if (it->kind == TF_PITEM_HYPHEN || (it->href != href && it->kind != TF_PITEM_SPACE)) continue;
        for (uint32_t k = 0; k < it->text_len; k++) {
            const unsigned char *c = (const unsigned char *)it->text + k;
            if (c[0] == 0xE2 && k + 2 < it->text_len && c[1] == 0x81 && c[2] >= 0xA6 && c[2] <= 0xA9) {
                k += 2;                    /* U+2066..U+2069 */
                continue;
            }
            *o++ = (char)c[0];
        }
    }
    *o = '\0';
    return out;
}

/* The Link element for link `href` in the paragraph being drawn: the one
 * made for an earlier line of the same link (a link that wraps is one Link
 * with an annotation, an OBJR, per line), else a new one. */
static uint32_t link_node(tf_setter *s, const tf_ptext *t, const char *href)
{
    for (size_t k = s->dl->n_nodes; k-- > s->elem + 1u;) {
        const tf_snode *n = &s->dl->nodes[k];
        if (n->parent == s->elem && n->markup == href) return (uint32_t)k;
    }
    uint32_t lnode = node(s, "Link", s->elem, NULL);
    s->dl->nodes[lnode].markup = href;
    s->dl->nodes[lnode].alt = link_description(s, href, link_text(s, t, href));
    return lnode;
}

/* The element a piece of paragraph t, being drawn, goes to: the paragraph,
 * or for a piece of a [..]{lang=..} span in another language than the
 * paragraph's, an inline Span with that /Lang (one per span of markup, over
 * however many lines it runs). A span that is the whole text (a contact's
 * name, an address line) gives the paragraph itself the /Lang. */
static uint32_t lang_node(tf_setter *s, const tf_ptext *t, const char *lang)
{
    if (!lang || !s->elem) return s->elem;
    const char *own = s->dl->nodes[s->elem].lang ? s->dl->nodes[s->elem].lang : s->doc->lang;
    if (own && strcmp(lang, own) == 0) return s->elem;
    bool whole = true;
    for (size_t i = 0; i < t->n && whole; i++)
        whole = t->items[i].kind != TF_PITEM_PIECE || t->items[i].lang == lang;
    if (whole) {
        s->dl->nodes[s->elem].lang = lang;
        return s->elem;
    }
    for (size_t k = s->dl->n_nodes; k-- > s->elem + 1u;) {
        const tf_snode *n = &s->dl->nodes[k];
        if (n->parent == s->elem && n->markup == lang && strcmp(n->role, "Span") == 0) return (uint32_t)k;
    }
    uint32_t span = tf_display_node(s->dl, "Span", s->elem);
    s->dl->nodes[span].lang = lang;
    s->dl->nodes[span].markup = lang;
    return span;
}

/* The element of space item i: a language span's when the items before and
 * after it in logical order (the order of t->items) belong to that span. */
static uint32_t space_node(tf_setter *s, const tf_ptext *t, size_t i)
{
    bool inside = i > 0 && i + 1 < t->n && t->items[i - 1].lang == t->items[i + 1].lang;
    return lang_node(s, t, inside ? t->items[i - 1].lang : NULL);
}

/* A glyph-run op for a prepared item (a piece, a space, a hyphen). */
static tf_op *glyph_op(tf_setter *s, int page, tf_sp x, tf_sp baseline, const tf_role *r, tf_color c,
                       const tf_pitem *it, uint32_t elem)
{
    tf_op *op = tf_display_add(s->dl, TF_OP_GLYPHS, page);
    op->x = x;
    op->y = baseline;
    op->size = r->size;
    op->color = c;
    op->font = it->font;
    op->glyphs = it->glyphs;
    op->n_glyphs = it->n_glyphs;
    op->text = it->text;
    op->text_len = it->text_len;
    op->elem = elem;
    op->fake_bold = it->fake_bold;
    return op;
}

/* Sort a bidi line's ops [from, n) by the logical position of their text
 * (glyph text pointers lie in the prepared text in logical order; links
 * sort with their text). Stable: equal keys keep their order. */
static void logical_order(tf_setter *s, const tf_ptext *t, size_t from)
{
    tf_display *d = s->dl;
    size_t n = d->n - from;
    if (n < 2) return;
    uintptr_t *key = tf_arena_alloc(s->scratch, n * sizeof *key);
    for (size_t i = 0; i < n; i++) {
        const tf_op *op = &d->ops[from + i];
        key[i] = UINTPTR_MAX;
        if (op->kind == TF_OP_GLYPHS && op->text) {
            for (size_t k = 0; k < t->n; k++)          /* the item drawn by this op */
                if (t->items[k].text == op->text && t->items[k].glyphs == op->glyphs) { key[i] = k; break; }
        }
    }
    for (size_t i = 0; i < n; i++)                     /* a link op sorts right after its first piece */
        if (d->ops[from + i].kind == TF_OP_LINK && i > 0) key[i] = key[i - 1];
    tf_op *ops = d->ops + from;
    for (size_t i = 1; i < n; i++) {                   /* insertion sort: lines are short */
        tf_op o = ops[i];
        uintptr_t kk = key[i];
        size_t j = i;
        while (j > 0 && key[j - 1] > kk) {
            ops[j] = ops[j - 1];
            key[j] = key[j - 1];
            j--;
        }
        ops[j] = o;
        key[j] = kk;
    }
}

/* Draw one line with its top at local y of frame fr, in the line box that
 * starts at x (page coordinates) and is ln->target wide. Justified lines
 * (all but the last) spread the difference over their spaces; RTL lines
 * are aligned right and reordered. */
static void draw_line(tf_setter *s, const tf_frame *fr, tf_sp y, tf_sp x, const tf_ptext *t,
                      const tf_line *ln, const tf_role *r, bool justify)
{
    if (!s->ok) return;   /* a failed layout is never drawn; an overfull line's x can overflow */
    tf_font *base = tf_ptext_font(s->pc.fonts, r->style);
    tf_sp baseline = fr->top - y - baseline_offset(r, base);
    tf_sp extra = 0;
    /* justified lines stretch or shrink their spaces to the measure; any line
     * the breaker set with shrunk spaces (the last line too) is shrunk */
    if ((justify || ln->natural > ln->target) && ln->n_spaces)
        extra = (ln->target - ln->natural) / (tf_sp)ln->n_spaces;
    if (t->right) x += ln->target - (ln->natural + extra * (tf_sp)ln->n_spaces);
    tf_sp asc = tf_font_ascender(base, r->size), desc = tf_font_descender(base, r->size);

    size_t n = 0;
    uint32_t *idx = tf_arena_alloc(s->scratch, (ln->end - ln->first + 2) * sizeof *idx);
    for (uint32_t i = ln->first; i < ln->end; i++)
        if (t->items[i].kind == TF_PITEM_PIECE || t->items[i].kind == TF_PITEM_SPACE) idx[n++] = i;
    if (ln->hyphen) idx[n++] = ln->end;
    reorder(t, idx, n);
    bool bidi = false;
    for (size_t k = 0; k < n && !bidi; k++) bidi = t->items[idx[k]].level != 0;
    size_t first_op = s->dl->n;
    tf_sp x_left = x;

    /* the link being extended, by index: adding ops may move the array */
    size_t link = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        const tf_pitem *it = &t->items[idx[k]];
        tf_sp w = tf_pitem_width(it, r->size);
        if (it->kind == TF_PITEM_SPACE) {
            /* a real space glyph: text extraction and the structure tree's
             * text get their word spaces from it, not from guessing gaps */
            if (it->n_glyphs)
                glyph_op(s, fr->page, x, baseline, r, r->color, it,
                         link != SIZE_MAX && k + 1 < n && t->items[idx[k + 1]].href == s->dl->ops[link].text
                             ? s->dl->ops[link].elem : space_node(s, t, idx[k]));
            x += w + extra;
            if (link != SIZE_MAX && (k + 1 >= n || t->items[idx[k + 1]].href != s->dl->ops[link].text))
                link = SIZE_MAX;
            if (link != SIZE_MAX) s->dl->ops[link].w = x - s->dl->ops[link].x;
            continue;
        }
        /* a hyphen added at a line break is not part of the text: an artifact */
        glyph_op(s, fr->page, x, baseline, r, it->href ? s->link : r->color, it,
                 it->kind == TF_PITEM_HYPHEN ? 0 : lang_node(s, t, it->lang));
        size_t gi = s->dl->n - 1;
        if (it->href) {
            if (link == SIZE_MAX || s->dl->ops[link].text != it->href) {
                uint32_t lnode = link_node(s, t, it->href);
                if (lang_node(s, t, it->lang) != s->elem) s->dl->nodes[lnode].lang = it->lang;
                tf_op *l = tf_display_add(s->dl, TF_OP_LINK, fr->page);
                l->x = x;
                l->y = baseline + desc;
                l->h = asc - desc;
                l->text = it->href;
                l->elem = lnode;
                link = s->dl->n - 1;
            }
            s->dl->ops[link].w = x + w - s->dl->ops[link].x;
            s->dl->ops[gi].elem = s->dl->ops[link].elem;   /* the glyphs belong to the Link */
        } else {
            link = SIZE_MAX;
        }
        x += w;
    }
    /* Positions are visual; the content stream is written in logical order
     * (UAX #9 reversed back), so the structure tree, which reads marked
     * content in stream order, has the text as written. */
    if (bidi) logical_order(s, t, first_op);

    /* the space the line broke at, drawn after its last word (left to right
     * lines), so the text of a paragraph keeps the space between lines */
    if (!ln->hyphen && ln->end < t->n && t->items[ln->end].kind == TF_PITEM_SPACE &&
        t->items[ln->end].n_glyphs) {
        const tf_pitem *it = &t->items[ln->end];
        tf_sp sx = t->rtl ? x_left - tf_pitem_width(it, r->size) : x;   /* at the line's logical end */
        glyph_op(s, fr->page, sx, baseline, r, r->color, it, space_node(s, t, ln->end));
    }
}

typedef struct widths {
    struct { size_t n; tf_sp w; } seg[10];
    size_t n_seg;
} widths;

static tf_sp width_cb(void *ctx, size_t line)
{
    const widths *ws = ctx;
    for (size_t i = 0; i + 1 < ws->n_seg; i++) {
        if (line < ws->seg[i].n) return ws->seg[i].w;
        line -= ws->seg[i].n;
    }
    return ws->seg[ws->n_seg - 1].w;
}

static void report_overfull(tf_setter *s, const tf_text *src, const tf_para *p, const tf_frame *fr,
                            tf_sp width, tf_sp size)
{
    const tf_pitem *it = p->overfull_item;
    char word[64] = "?";
    if (it && it->text) {
        size_t n = it->text_len < sizeof word - 4 ? it->text_len : sizeof word - 4;
        while (n > 0 && n < it->text_len && ((unsigned char)it->text[n] & 0xC0) == 0x80) n--;
        memcpy(word, it->text, n);
        strcpy(word + n, n < it->text_len ? "..." : "");
    }
    s->ok = false;
    if (s->quiet) return;
    tf_diag_error(src ? &src->loc : NULL,
                  "'%s' is too wide for a line in panel '%s' (%.1f pt wide, the line is %.1f pt)", word,
                  tf_panel_name(fr->panel), it ? tf_sp_to_pt(tf_pitem_width(it, size)) : 0.0,
                  tf_sp_to_pt(width));
    s->ok = false;
}

static void set_lines_fixed(tf_setter *s, const tf_ptext *t, const tf_role *r, tf_sp width,
                            tf_para *out, const tf_text *src, const tf_frame *fr)
{
    widths ws = {.seg = {{1, width}}, .n_seg = 1};
    tf_para_opts o = {r->size, s->justify, width_cb, &ws};
    tf_para_set(s->scratch, t, &o, out);
    if (out->overfull && s->ok) report_overfull(s, src, out, fr, width, r->size);
}

/* Set text unsplit at local y, x offset `indent` into the frame; returns
 * its height. */
static tf_sp draw_text(tf_setter *s, const tf_frame *fr, tf_sp y, tf_sp indent, const tf_ptext *t,
                       const tf_role *r, const tf_text *src, bool justify)
{
    if (!t->n) return 0;
    tf_para p;
    set_lines_fixed(s, t, r, fr->w - indent, &p, src, fr);
    tf_sp x = t->right ? fr->x : fr->x + indent;     /* the indent is on the reading side */
    int64_t h = (int64_t)p.n * r->pitch;
    for (size_t i = 0; i < p.n && (int64_t)i * r->pitch < TALL; i++)
        draw_line(s, fr, y + (tf_sp)i * r->pitch, x, t, &p.lines[i], r, justify && i + 1 < p.n);
    return h > TALL ? TALL : (tf_sp)h;
}

/* --- paragraphs that split ------------------------------------------------- */

static void set_para(tf_setter *s, tf_flow *f, const tf_text *src, const tf_ptext *t, const tf_role *r,
                     const tf_block *b)
{
    if (!t->n) return;
    tf_para p = {0};
    size_t here = 0;
    long forced = -1;
    for (int iter = 0; iter < 6; iter++) {
        tf_frame fr = frame_now(f);
        size_t k = is_virtual(f) ? (size_t)1 << 30 : capacity(&fr, f->y, r->pitch);
        if (forced >= 0 && (size_t)forced < k) k = (size_t)forced;
        widths ws = {.n_seg = 0};
        ws.seg[ws.n_seg].n = k;
        ws.seg[ws.n_seg++].w = fr.w;
        for (size_t j = f->cur + 1; j < f->n_frames && ws.n_seg < 9; j++) {
            ws.seg[ws.n_seg].n = capacity(&f->frames[j], 0, r->pitch);
            ws.seg[ws.n_seg++].w = f->frames[j].w;
        }
        ws.seg[ws.n_seg].n = (size_t)1 << 30;
        ws.seg[ws.n_seg++].w = f->n_frames ? f->frames[f->n_frames - 1].w : fr.w;
        tf_para_opts o = {r->size, s->justify, width_cb, &ws};
        tf_para_set(s->scratch, t, &o, &p);
        if (p.overfull) {
            if (s->ok) report_overfull(s, src, &p, &fr, fr.w, r->size);
            here = p.n < k ? p.n : k;
            break;
        }
        if (p.n <= k) { here = p.n; break; }
        here = k;
        /* a frame whose top holds a single line keeps it: moving the
         * paragraph on would leave the frame empty, not avoid the orphan */
        if (here == 1 && !f->at_top) here = 0;            /* orphan */
        if (p.n - here == 1 && here > 1) here--;          /* widow */
        if (here == 1 && !f->at_top) here = 0;
        if (here == k) break;
        forced = (long)here;
    }
    /* place: `here` lines in this frame, the rest in the next frames */
    size_t i = 0;
    bool first = true;
    while (i < p.n) {
        tf_frame fr = frame_now(f);
        size_t room = first ? here : (is_virtual(f) ? p.n : capacity(&fr, f->y, r->pitch));
        first = false;
        if (room == 0 && f->at_top && !is_virtual(f)) room = 1;   /* a frame smaller than a line */
        size_t stop = i + room < p.n ? i + room : p.n;
        for (; i < stop; i++) {
            draw_line(s, &fr, f->y, fr.x, t, &p.lines[i], r, s->justify && i + 1 < p.n);
            advance(f, r->pitch, b);
        }
        if (i < p.n) next_frame(f);
    }
}

/* --- units ----------------------------------------------------------------- */

typedef tf_sp (*unit_fn)(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg);

/* Height a unit would take in the current frame (drawn, then taken back). */
static tf_sp measure_unit(tf_setter *s, tf_flow *f, unit_fn fn, const void *arg)
{
    size_t mark = s->dl->n, nmark = s->dl->n_nodes;
    uint32_t elem = s->elem, block = s->block;
    bool ok = s->ok, quiet = s->quiet;
    s->quiet = true;                       /* a measurement reports nothing and fails nothing */
    tf_frame fr = frame_now(f);
    tf_sp h = fn(s, &fr, 0, arg);
    s->dl->n = mark;
    s->dl->n_nodes = nmark;
    s->elem = elem;
    s->block = block;
    s->ok = ok;
    s->quiet = quiet;
    return h;
}

/* Place a unit; `keep` is extra height that must fit below it (a heading's
 * first lines of what follows). */
static void place_unit(tf_setter *s, tf_flow *f, unit_fn fn, const void *arg, tf_sp keep,
                       const tf_block *b)
{
    size_t mark = s->dl->n, nmark = s->dl->n_nodes;
    uint32_t elem = s->elem;
    bool ok = s->ok, quiet = s->quiet;
    tf_frame fr = frame_now(f);
    bool may_move = !is_virtual(f) && !f->at_top;
    if (may_move) s->quiet = true;         /* a try here may be taken back: report nothing yet */
    tf_sp h = fn(s, &fr, f->y, arg);
    s->quiet = quiet;
    if (may_move && f->y + h + keep > fr.h) {
        s->dl->n = mark;
        s->dl->n_nodes = nmark;
        s->elem = elem;
        s->ok = ok;
        next_frame(f);
        fr = frame_now(f);
        h = fn(s, &fr, 0, arg);
    } else if (may_move && !s->ok && ok && !quiet) {
        /* it stays here but failed (a word too wide): set it again to report it */
        s->dl->n = mark;
        s->dl->n_nodes = nmark;
        s->elem = elem;
        s->ok = ok;
        h = fn(s, &fr, f->y, arg);
    }
    if (!is_virtual(f) && f->y + h > fr.h && f->at_top && s->ok) {
        if (!s->quiet)
            tf_diag_error(&b->loc, "block '%s' is taller than panel '%s' (%.1f pt, the panel has %.1f pt)",
                      b->id, tf_panel_name(fr.panel), tf_sp_to_pt(h), tf_sp_to_pt(fr.h));
        s->ok = false;
    }
    advance(f, h, b);
}

typedef struct text_unit {
    const tf_ptext *t;
    const tf_role *r;
    const tf_text *src;
} text_unit;

static tf_sp unit_text(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const text_unit *u = arg;
    return draw_text(s, fr, y, 0, u->t, u->r, u->src, false);
}

typedef struct item_unit {
    const tf_ptext *t;
    const tf_text *src;
    bool check;             /* checklist box, else a bullet */
    uint32_t list;          /* the L element */
} item_unit;

static tf_sp unit_item(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const item_unit *u = arg;
    const tf_role *r = &s->role[TF_ROLE_BODY];
    tf_font *reg = s->pc.fonts->face[TF_FACE_REGULAR];
    tf_sp indent = u->check ? scaled(r->size, 1.45) : scaled(r->size, 1.0);
    tf_sp base = fr->top - y - baseline_offset(r, reg);
    uint32_t li = node(s, "LI", u->list, NULL);
    s->elem = node(s, "Lbl", li, NULL);
    if (u->check) {
        /* the box is drawn, not text: a reader announces "ballot box"
         * (docs/accessibility.md: why a Lbl and not an artifact) */
        s->dl->nodes[s->elem].actual = "\xE2\x98\x90";   /* U+2610 */
        tf_sp side = scaled(tf_font_cap_height(reg, r->size), 1.12);
        tf_op *op = tf_display_add(s->dl, TF_OP_STROKE_RECT, fr->page);
        op->x = u->t->right ? fr->x + fr->w - scaled(r->size, 0.08) - side : fr->x + scaled(r->size, 0.08);
        op->y = base - scaled(r->size, 0.04);
        op->w = op->h = side;
        op->size = scaled(r->size, 0.075);
        op->color = s->accent;
        op->elem = s->elem;
    } else {
        const tf_ptext *bt = prep_plain(s, "\xE2\x80\xA2", 0);   /* U+2022 bullet */
        if (bt->n) {
            tf_sp bw = tf_pitem_width(&bt->items[0], r->size);
            tf_sp bx = u->t->right ? fr->x + fr->w - scaled(r->size, 0.15) - bw : fr->x + scaled(r->size, 0.15);
            glyph_op(s, fr->page, bx, base, r, s->accent, &bt->items[0], s->elem);
        }
    }
    s->elem = node(s, "LBody", li, u->src);
    return draw_text(s, fr, y, indent, u->t, r, u->src, false);
}

static const char *label_or(const tf_text *t, const char *dflt)
{
    return t->src ? t->src : dflt;
}

static const char *link_for(tf_setter *s, const char *kind, const char *v)
{
    if (!strcmp(kind, "tel")) {
        char *out = tf_arena_alloc(s->pc.arena, strlen(v) + 8);
        char *o = out + sprintf(out, "tel:");
        for (const char *p = v; *p; p++)
            if ((*p >= '0' && *p <= '9') || (*p == '+' && o == out + 4)) *o++ = *p;
        *o = 0;
        return out;
    }
    if (!strcmp(kind, "mailto")) return tf_arena_printf(s->pc.arena, "mailto:%s", v);
    if (strstr(v, "://")) return v;
    return tf_arena_printf(s->pc.arena, "https://%s", v);
}

/* The "Phone / Email / Web" lines of a contact or the clinic card, each a
 * P under `parent` whose value is a link (tel:, mailto:, https:). Returns
 * the y below them. */
static tf_sp draw_rows(tf_setter *s, const tf_frame *fr, tf_sp y, const tf_text *phone,
                       const tf_text *email, const tf_text *web, uint32_t parent)
{
    const tf_labels *lb = &s->doc->labels;
    struct { const tf_text *v; const char *label, *kind; } rows[] = {
        {phone, label_or(&lb->phone, "Phone"), "tel"},
        {email, label_or(&lb->email, "Email"), "mailto"},
        {web, label_or(&lb->web, "Web"), "https"},
    };
    for (size_t i = 0; i < TF_ARRAY_LEN(rows); i++) {
        if (!rows[i].v->src) continue;
        const char *href = link_for(s, rows[i].kind, rows[i].v->src);
        s->elem = node(s, "P", parent, NULL);
        y = sat_add(y, draw_text(s, fr, y, 0, prep_labelled(s, rows[i].label, rows[i].v, href),
                                 &s->role[TF_ROLE_BODY], rows[i].v, false));
    }
    return y;
}

static tf_sp unit_contact(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const tf_contact *c = arg;
    const tf_role *body = &s->role[TF_ROLE_BODY];
    tf_sp y0 = y;
    uint32_t div = node(s, "Div", s->block, NULL);
    s->elem = node(s, "P", div, &c->name);
    y = sat_add(y, draw_text(s, fr, y, 0, prep(s, &c->name, s->role[TF_ROLE_NAME].style), &s->role[TF_ROLE_NAME],
                   &c->name, false));
    if (c->description.src) {
        s->elem = node(s, "P", div, &c->description);
        y = sat_add(y, draw_text(s, fr, y, 0, prep(s, &c->description, 0), body, &c->description, false));
    }
    for (size_t i = 0; i < c->n_address; i++) {            /* a P per address line */
        s->elem = node(s, "P", div, &c->address[i]);
        y = sat_add(y, draw_text(s, fr, y, 0, prep_data(s, &c->address[i]), body, &c->address[i], false));
    }
    y = draw_rows(s, fr, y, &c->phone, &c->email, &c->web, div);
    return y - y0;
}

/* A QR code as dark squares (one rectangle per run of dark modules in a
 * row) on a white square with a quiet zone of 4 modules; returns its side. */
static tf_sp draw_qr(tf_setter *s, int page, tf_sp x, tf_sp top, tf_sp side, const char *url, uint32_t parent)
{
    tf_qr q;
    if (!tf_qr_encode(url, &q)) return 0;
    uint32_t fig = node(s, "Figure", parent, NULL);
    const char *lang;
    s->dl->nodes[fig].alt = label_fill(s, &s->doc->labels.qr_code, "QR code: {url}", url_shown(s, url),
                                       &lang);
    if (s->doc->lang && strcmp(lang, s->doc->lang) != 0) s->dl->nodes[fig].lang = lang;
    int total = q.width + 8;
    tf_sp m = side / total;
    side = m * total;
    tf_op *bg = tf_display_add(s->dl, TF_OP_FILL_RECT, page);
    bg->x = x; bg->y = top - side; bg->w = side; bg->h = side;
    bg->color = (tf_color){255, 255, 255};
    bg->elem = fig;
    for (int r = 0; r < q.width; r++) {
        for (int c0 = 0; c0 < q.width;) {
            if (!q.dark[r * q.width + c0]) { c0++; continue; }
            int c1 = c0;
            while (c1 < q.width && q.dark[r * q.width + c1]) c1++;
            tf_op *op = tf_display_add(s->dl, TF_OP_FILL_RECT, page);
            op->x = x + (tf_sp)(4 + c0) * m;
            op->y = top - (tf_sp)(4 + r + 1) * m;
            op->w = (tf_sp)(c1 - c0) * m;
            op->h = m;
            op->color = (tf_color){0, 0, 0};
            op->elem = fig;
            c0 = c1;
        }
    }
    tf_op *link = tf_display_add(s->dl, TF_OP_LINK, page);
    link->x = x; link->y = top - side; link->w = side; link->h = side;
    link->text = url;
    uint32_t ln = node(s, "Link", parent, NULL);
    s->dl->nodes[ln].alt = link_description(s, url, NULL);
    link->elem = ln;
    tf_qr_free(&q);
    return side;
}

/* The clinic's card: logo, name, address, phone/email/web as links, and a
 * QR code for the website beside the text. */
static tf_sp unit_clinic(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const tf_clinic *c = arg;
    const tf_role *body = &s->role[TF_ROLE_BODY];
    tf_sp y0 = y;
    uint32_t div = node(s, "Div", s->block, NULL);
    if (c->logo_path) {
        tf_image_info info;
        if (tf_image_probe(c->logo_path, &c->logo_loc, &info) && info.width && info.height) {
            tf_sp h = TF_IN(0.7), w = (tf_sp)((double)h * info.width / info.height + 0.5);
            if (w > fr->w / 2) { w = fr->w / 2; h = (tf_sp)((double)w * info.height / info.width + 0.5); }
            tf_op *op = tf_display_add(s->dl, TF_OP_IMAGE, fr->page);
            op->x = s->pc.rtl ? fr->x + fr->w - w : fr->x;
            op->y = fr->top - y - h;
            op->w = w;
            op->h = h;
            op->text = c->logo_path;
            op->loc = &c->logo_loc;
            op->elem = node(s, "Figure", div, NULL);
            const char *lang;
            s->dl->nodes[op->elem].alt = label_fill(s, &s->doc->labels.logo, "{name} logo", c->name.src,
                                                    &lang);
            if (s->doc->lang && strcmp(lang, s->doc->lang) != 0) s->dl->nodes[op->elem].lang = lang;
            y += h + s->gap;
        } else {
            s->ok = false;
        }
    }
    /* name and address beside the QR code, then the phone/email/web rows
     * at full width (an e-mail address does not break) */
    const char *web = c->web.src ? link_for(s, "https", c->web.src) : NULL;
    tf_sp qr = web ? TF_IN(0.85) : 0;
    if (qr > fr->w * 2 / 5) qr = fr->w * 2 / 5;
    tf_sp gap = qr ? scaled(body->size, 0.8) : 0;
    tf_frame tf = *fr;
    tf.w = fr->w - qr - gap;
    if (s->pc.rtl) tf.x = fr->x + qr + gap;
    tf_sp ty = y;
    s->elem = node(s, "P", div, &c->name);
    ty = sat_add(ty, draw_text(s, &tf, ty, 0, prep(s, &c->name, s->role[TF_ROLE_NAME].style),
                               &s->role[TF_ROLE_NAME], &c->name, false));
    for (size_t i = 0; i < c->n_address; i++) {
        s->elem = node(s, "P", div, &c->address[i]);
        ty = sat_add(ty, draw_text(s, &tf, ty, 0, prep_data(s, &c->address[i]), body, &c->address[i], false));
    }
    tf_sp side = 0;
    if (web) side = draw_qr(s, fr->page, s->pc.rtl ? fr->x : fr->x + fr->w - qr, fr->top - y, qr, web, div);
    ty = ty - y > side ? ty : y + side + s->gap / 2;
    ty = draw_rows(s, fr, ty, &c->phone, &c->email, &c->web, div);
    return ty - y0;
}

typedef struct boxed {
    const tf_story *st;
    tf_color tint;
    tf_sp pad;
} boxed;

/* A story in a tinted box, as one unit (the screen edition's sidebars). */
static tf_sp unit_boxed(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const boxed *bx = arg;
    tf_display_add(s->dl, TF_OP_FILL_RECT, fr->page);   /* artifact; placed below */
    size_t bg = s->dl->n - 1;
    tf_frame inner = {fr->page, fr->panel, fr->x + bx->pad, fr->top - y - bx->pad, fr->w - 2 * bx->pad,
                      INT32_MAX / 4};
    tf_flow g;
    tf_flow_init(&g, &inner, 1);
    tf_set_story(s, &g, bx->st);
    tf_sp h = sat_add(g.content_y, 2 * bx->pad);
    tf_op *op = &s->dl->ops[bg];
    op->x = fr->x;
    op->y = fr->top - y - h;
    op->w = fr->w;
    op->h = h;
    op->color = bx->tint;
    return h;
}

void tf_set_boxed_story(tf_setter *s, tf_flow *f, const tf_story *st, tf_color tint, tf_sp pad)
{
    boxed bx = {st, tint, pad};
    tf_sp page_h = 0;                    /* the tallest frame it could go to */
    for (size_t i = f->cur; i < f->n_frames; i++)
        if (f->frames[i].h > page_h) page_h = f->frames[i].h;
    space_before(f, s->gap * 2);
    if (!is_virtual(f) && measure_unit(s, f, unit_boxed, &bx) > page_h) {
        tf_set_story(s, f, st);          /* taller than a page: no box */
        return;
    }
    static const tf_block box = {.kind = TF_BLOCK_CONTACTS, .id = "sidebar"};
    place_unit(s, f, unit_boxed, &bx, 0, &box);
}

void tf_draw_plain(tf_setter *s, int page, tf_sp x_centre, tf_sp baseline, const char *text,
                   tf_role_id rid)
{
    const tf_role *r = &s->role[rid];
    const tf_ptext *t = prep_plain(s, text, 0);
    tf_sp x = x_centre - tf_ptext_width(t, 0, (uint32_t)t->n, r->size) / 2;
    for (size_t i = 0; i < t->n; i++) {
        const tf_pitem *it = &t->items[i];
        if (it->kind != TF_PITEM_PIECE && it->kind != TF_PITEM_SPACE) continue;
        if (it->n_glyphs) glyph_op(s, page, x, baseline, r, r->color, it, 0);   /* an artifact */
        x += tf_pitem_width(it, r->size);
    }
}

tf_sp tf_measure_contact(tf_setter *s, const tf_contact *c, tf_sp width)
{
    tf_frame fr = {0, TF_PANEL_BACK, 0, 0, width, INT32_MAX / 4};
    size_t mark = s->dl->n, nmark = s->dl->n_nodes;
    uint32_t elem = s->elem, block = s->block;
    tf_sp h = unit_contact(s, &fr, 0, c);
    s->dl->n = mark;
    s->dl->n_nodes = nmark;
    s->elem = elem;
    s->block = block;
    return h;
}

void tf_set_clinic(tf_setter *s, tf_flow *f, const struct tf_clinic *c)
{
    static const tf_block card = {.kind = TF_BLOCK_CONTACTS, .id = "clinic"};
    s->block = s->sect;
    place_unit(s, f, unit_clinic, c, 0, &card);
    if (!is_virtual(f) && f->cur < TF_ARRAY_LEN(f->used)) f->used[f->cur] = f->content_y;
}

static tf_sp unit_image(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const tf_block *b = arg;
    tf_image_info info;
    if (!tf_image_probe(b->image_path, &b->image_loc, &info) || !info.width) {
        s->ok = false;
        return 0;
    }
    double frac = b->image_width > 0 && b->image_width <= 1 ? b->image_width : 1.0;
    tf_sp w = scaled(fr->w, frac);
    double hd = (double)w * info.height / info.width + 0.5;   /* a 1x5000 strip: past tf_sp */
    tf_sp h = hd > TALL ? TALL : (tf_sp)hd;
    tf_op *op = tf_display_add(s->dl, TF_OP_IMAGE, fr->page);
    if (b->text.src && *b->text.src) {          /* alt: "" is decoration: an artifact (elem 0) */
        op->elem = node(s, "Figure", s->block, &b->text);
        s->dl->nodes[op->elem].alt = b->text.src;
    }
    op->x = fr->x + (fr->w - w) / 2;
    op->y = fr->top - y - h;
    op->w = w;
    op->h = h;
    op->text = b->image_path;
    op->loc = &b->image_loc;
    return h;
}

/* --- blocks ---------------------------------------------------------------- */

static tf_sp heading_keep(tf_setter *s, tf_flow *f, const tf_story *st, size_t i);

/* A heading-like title line: a unit that keeps with what follows. */
static void set_heading(tf_setter *s, tf_flow *f, const tf_story *st, size_t i, const tf_text *txt,
                        tf_role_id rid, tf_sp before, tf_sp after, const char *role)
{
    const tf_role *r = &s->role[rid];
    s->elem = node(s, role, s->sect, txt);
    if (role[0] == 'H') s->dl->nodes[s->elem].title = plain_title(s, txt->src);
    space_before(f, before);
    text_unit u = {prep(s, txt, r->style), r, txt};
    place_unit(s, f, unit_text, &u, after + heading_keep(s, f, st, i), &st->blocks[i]);
    f->y = sat_add(f->y, after);
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
        item_unit u = {prep(s, &b->items[0].text, 0), &b->items[0].text, b->kind == TF_BLOCK_CHECKLIST, 0};
        return measure_unit(s, f, unit_item, &u);
    }
    if (b->kind == TF_BLOCK_CONTACTS)
        return b->n_contacts ? measure_unit(s, f, unit_contact, &b->contacts[0]) : 0;
    if (i + 1 >= st->n_blocks) return 0;
    const tf_block *nx = &st->blocks[i + 1];
    switch (nx->kind) {
    case TF_BLOCK_PARAGRAPH:
    case TF_BLOCK_CREDIT: return 2 * body->pitch;
    case TF_BLOCK_IMAGE: return measure_unit(s, f, unit_image, nx);
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
    const tf_role *body = &s->role[TF_ROLE_BODY];
    tf_sp gap = s->gap;
    switch (b->kind) {
    case TF_BLOCK_TITLE:
        set_heading(s, f, st, i, &b->text, TF_ROLE_TITLE, gap, gap / 2, "H1");
        break;
    case TF_BLOCK_SUBTITLE:
        set_heading(s, f, st, i, &b->text, TF_ROLE_SUBTITLE, gap / 2, gap / 2, "P");
        break;
    case TF_BLOCK_HEADING:
        set_heading(s, f, st, i, &b->text, TF_ROLE_HEADING, scaled(gap, 1.8), gap / 3, "H2");
        break;
    case TF_BLOCK_PARAGRAPH:
        space_before(f, gap);
        s->elem = node(s, "P", s->sect, &b->text);
        set_para(s, f, &b->text, prep(s, &b->text, 0), body, b);
        break;
    case TF_BLOCK_CREDIT: {
        const tf_role *r = &s->role[TF_ROLE_SMALL];
        space_before(f, gap);
        s->elem = node(s, "P", s->sect, &b->text);
        set_para(s, f, &b->text, prep(s, &b->text, r->style), r, b);
        break;
    }
    case TF_BLOCK_LIST:
    case TF_BLOCK_CHECKLIST: {
        bool check = b->kind == TF_BLOCK_CHECKLIST;
        if (b->text.src) {
            if (check) {
                set_heading(s, f, st, i, &b->text, TF_ROLE_HEADING, scaled(gap, 1.8), gap / 2, "H2");
            } else {
                space_before(f, gap);
                s->elem = node(s, "P", s->sect, &b->text);
                set_para(s, f, &b->text, prep(s, &b->text, 0), body, b);
            }
        }
        uint32_t list = node(s, "L", s->sect, NULL);
        for (size_t k = 0; k < b->n_items; k++) {
            space_before(f, k == 0 && !check ? gap / 2 : gap / 3);
            item_unit u = {prep(s, &b->items[k].text, 0), &b->items[k].text, check, list};
            place_unit(s, f, unit_item, &u, 0, b);
        }
        break;
    }
    case TF_BLOCK_CONTACTS:
        if (b->text.src) set_heading(s, f, st, i, &b->text, TF_ROLE_HEADING, scaled(gap, 1.8), gap / 2, "H2");
        s->block = node(s, "Div", s->sect, NULL);
        for (size_t k = 0; k < b->n_contacts; k++) {
            space_before(f, k == 0 ? 0 : gap);
            place_unit(s, f, unit_contact, &b->contacts[k], 0, b);
        }
        break;
    case TF_BLOCK_IMAGE:
        space_before(f, gap);
        s->block = s->sect;
        place_unit(s, f, unit_image, b, 0, b);
        break;
    }
}

void tf_set_story(tf_setter *s, tf_flow *f, const tf_story *story)
{
    for (size_t i = 0; i < story->n_blocks; i++) set_block(s, f, story, i);
    if (!is_virtual(f) && f->cur < TF_ARRAY_LEN(f->used)) f->used[f->cur] = f->content_y;
}
