/* ptext.c: words -> shaped pieces with hyphenation points.
 *
 * A word is a run of non-space characters; it may cross spans (a bold
 * word followed by a comma). Each same-span part of a word is shaped on
 * its own, so kerning across a style change is lost (as in every
 * typesetter). Explicit dashes and slashes inside a word are break
 * opportunities; dictionary hyphenation applies to the letters of a part.
 * A hyphenation point is kept only where HarfBuzz says breaking is safe
 * (no ligature or kerning pair crosses it). */
#include "ptext.h"

#include <string.h>

#include "diag.h"

#define MAX_POINTS 32

typedef struct builder {
    const tf_ptext_ctx *c;
    tf_pitem *v;
    size_t n, cap;
    const tf_loc *loc;
    bool ok;
} builder;

tf_font *tf_ptext_font(const tf_fontset *fs, unsigned style)
{
    static const tf_face by_style[4] = {TF_FACE_REGULAR, TF_FACE_BOLD, TF_FACE_ITALIC, TF_FACE_BOLD_ITALIC};
    return fs->face[by_style[style & 3]];
}

tf_sp tf_pitem_width(const tf_pitem *it, tf_sp size)
{
    if (!it->font) return 0;
    return tf_units_to_sp(it->width, size, tf_font_units_per_em(it->font));
}

static tf_pitem *push(builder *b, tf_pitem_kind kind)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        b->v = tf_arena_grow(b->c->arena, b->v, b->n, cap, sizeof *b->v);
        b->cap = cap;
    }
    tf_pitem *it = &b->v[b->n++];
    memset(it, 0, sizeof *it);
    it->kind = (uint8_t)kind;
    return it;
}

static uint32_t utf8_decode(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = len - *i;
    uint32_t cp = p[0];
    size_t n = 1;
    if (cp >= 0xF0 && left >= 4) { cp = ((cp & 7u) << 18) | ((p[1] & 63u) << 12) | ((p[2] & 63u) << 6) | (p[3] & 63u); n = 4; }
    else if (cp >= 0xE0 && left >= 3) { cp = ((cp & 15u) << 12) | ((p[1] & 63u) << 6) | (p[2] & 63u); n = 3; }
    else if (cp >= 0xC0 && left >= 2) { cp = ((cp & 31u) << 6) | (p[1] & 63u); n = 2; }
    *i += n;
    return cp;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2009 || cp == 0x200A || cp == 0x3000;
}

/* Letters for hyphenation: ASCII letters and anything non-ASCII that is
 * not punctuation we know of (quotes, dashes). */
static bool is_letter(uint32_t cp)
{
    if (cp < 0x80) return (cp | 32) >= 'a' && (cp | 32) <= 'z';
    if (cp >= 0x2010 && cp <= 0x206F) return false;    /* general punctuation */
    if (cp == 0xAB || cp == 0xBB || cp == 0xA0 || cp == 0xBF || cp == 0xA1) return false;
    return true;
}

static const tf_glyph *shape(builder *b, tf_font *f, const char *text, size_t len, uint32_t *n_out, int32_t *width)
{
    size_t cap = len + 8;
    tf_glyph *g = tf_arena_alloc(b->c->arena, cap * sizeof *g);
    tf_sp upem = (tf_sp)tf_font_units_per_em(f);   /* size = upem sp: advances come out in font units */
    size_t n = tf_font_shape(f, upem, text, len, b->c->lang, TF_DIR_LTR, g, cap);
    if (n > cap) {
        g = tf_arena_alloc(b->c->arena, n * sizeof *g);
        tf_font_shape(f, upem, text, len, b->c->lang, TF_DIR_LTR, g, n);
    }
    int32_t w = 0;
    for (size_t i = 0; i < n; i++) {
        w += g[i].x_advance;
        if (g[i].gid == 0 && b->ok) {
            size_t at = g[i].cluster;
            uint32_t cp = utf8_decode(text, len, &at);
            char ch[8] = {0};
            memcpy(ch, text + g[i].cluster, at - g[i].cluster < 7 ? at - g[i].cluster : 7);
            tf_diag_error(b->loc, "no font for U+%04X '%s' (%s has no glyph for it)", (unsigned)cp, ch,
                          tf_font_path(f));
            b->ok = false;
        }
    }
    *n_out = (uint32_t)n;
    *width = w;
    return g;
}

static void add_piece(builder *b, const tf_span *sp, const char *text, size_t len, bool candidate)
{
    if (len == 0) return;
    tf_font *f = tf_ptext_font(b->c->fonts, sp->style);
    tf_pitem *it = push(b, TF_PITEM_PIECE);
    it->style = (uint8_t)sp->style;
    it->font = f;
    it->text = text;
    it->text_len = (uint32_t)len;
    it->href = sp->href;
    it->hyphenate = candidate;
    it->glyphs = shape(b, f, text, len, &it->n_glyphs, &it->width);
}

static void add_hyphen(builder *b, tf_font *f, unsigned style, const char *href)
{
    tf_pitem *it = push(b, TF_PITEM_HYPHEN);
    it->style = (uint8_t)style;
    it->font = f;
    it->text = "-";
    it->text_len = 1;
    it->href = href;
    it->glyphs = shape(b, f, "-", 1, &it->n_glyphs, &it->width);
}

/* A part of a word in one span, no spaces: split at dashes and slashes.
 * What is left is one piece, marked for dictionary hyphenation. */
static void add_part(builder *b, const tf_span *sp, const char *text, size_t len)
{
    size_t start = 0, i = 0;
    while (i < len) {
        uint32_t cp = utf8_decode(text, len, &i);
        bool brk = (cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '/') && i < len && start < i - 1;
        if (!brk) continue;
        add_part(b, sp, text + start, i - start);
        push(b, TF_PITEM_BREAK);
        start = i;
    }
    if (start > 0) {
        add_part(b, sp, text + start, len - start);
        return;
    }
    add_piece(b, sp, text, len, len > 4);
}

/* Cut a shaped piece at the dictionary's hyphenation points of its letters,
 * keeping only points where HarfBuzz says breaking is safe (no ligature or
 * kerning pair crosses them): pieces with HYPHEN items between them. */
static void hyphenate_piece(builder *b, const tf_pitem *in)
{
    const char *text = in->text;
    size_t len = in->text_len;
    size_t points[MAX_POINTS], np = 0;
    size_t lo = 0, hi = len, j = 0;
    while (j < len) {                             /* leading non-letters */
        size_t at = j;
        if (is_letter(utf8_decode(text, len, &j))) { lo = at; break; }
        lo = j;
    }
    for (size_t k = lo; k < len;) {              /* end of the last letter */
        uint32_t cp = utf8_decode(text, len, &k);
        if (is_letter(cp)) hi = k;
    }
    if (hi > lo + 4) {
        np = tf_hyphen_points(b->c->hyphen, text + lo, hi - lo, 2, 3, points, MAX_POINTS);
        for (size_t k = 0; k < np; k++) points[k] += lo;
    }
    const tf_glyph *g = in->glyphs;
    size_t ng = in->n_glyphs, gstart = 0, tstart = 0;
    for (size_t k = 0; k <= np; k++) {
        size_t cut_t = k < np ? points[k] : len;
        size_t cut_g = gstart;
        while (cut_g < ng && g[cut_g].cluster < cut_t) cut_g++;
        if (k < np && (cut_g == gstart || cut_g >= ng || g[cut_g].unsafe_to_break ||
                       g[cut_g].cluster != cut_t))
            continue;                              /* not a clean cut: skip this point */
        tf_pitem *it = push(b, TF_PITEM_PIECE);
        *it = *in;
        it->hyphenate = false;
        it->text = text + tstart;
        it->text_len = (uint32_t)(cut_t - tstart);
        if (tstart == 0 && cut_g == ng) break;     /* no cut at all: the piece as it was */
        tf_glyph *piece = tf_arena_alloc(b->c->arena, (cut_g - gstart + 1) * sizeof *piece);
        int32_t w = 0;
        for (size_t q = gstart; q < cut_g; q++) {
            piece[q - gstart] = g[q];
            piece[q - gstart].cluster -= (uint32_t)tstart;
            w += g[q].x_advance;
        }
        it->glyphs = piece;
        it->n_glyphs = (uint32_t)(cut_g - gstart);
        it->width = w;
        if (k < np) add_hyphen(b, in->font, in->style, in->href);
        gstart = cut_g;
        tstart = cut_t;
    }
}

void tf_ptext_hyphenate(const tf_ptext_ctx *c, tf_ptext *t)
{
    if (!c->hyphen) return;
    bool any = false;
    for (size_t i = 0; i < t->n && !any; i++) any = t->items[i].hyphenate;
    if (!any) return;
    builder b = {.c = c, .ok = true};
    for (size_t i = 0; i < t->n; i++) {
        if (t->items[i].hyphenate) hyphenate_piece(&b, &t->items[i]);
        else *push(&b, (tf_pitem_kind)t->items[i].kind) = t->items[i];
    }
    t->items = b.v;
    t->n = b.n;
}

static bool build(const tf_ptext_ctx *c, const tf_span *spans, size_t n_spans, const tf_loc *loc,
                  tf_ptext *out)
{
    builder b = {.c = c, .loc = loc, .ok = true};
    bool pending_space = false;
    for (size_t s = 0; s < n_spans; s++) {
        const tf_span *sp = &spans[s];
        size_t i = 0, word = 0;
        bool in_word = false;
        while (i <= sp->len) {
            size_t at = i;
            uint32_t cp = i < sp->len ? utf8_decode(sp->text, sp->len, &i) : ' ';
            if (i == at) i++;       /* end sentinel */
            bool space = is_space(cp) || at == sp->len;
            if (!space && !in_word) {
                if (pending_space && b.n > 0) {
                    tf_pitem *it = push(&b, TF_PITEM_SPACE);
                    it->font = tf_ptext_font(c->fonts, sp->style);
                    uint32_t ng;
                    it->glyphs = NULL;
                    shape(&b, it->font, " ", 1, &ng, &it->width);
                }
                pending_space = false;
                in_word = true;
                word = at;
            } else if (space && in_word) {
                add_part(&b, sp, sp->text + word, at - word);
                in_word = false;
            }
            if (is_space(cp) && at < sp->len) pending_space = true;
        }
    }
    out->items = b.v;
    out->n = b.n;
    tf_ptext_hyphenate(c, out);
    return b.ok;
}

bool tf_ptext_prepare(const tf_ptext_ctx *c, const tf_text *t, unsigned base_style, tf_ptext *out)
{
    tf_span *spans;
    size_t n;
    out->items = NULL;
    out->n = 0;
    if (!tf_inline_parse(c->arena, t, &spans, &n)) return false;
    for (size_t i = 0; i < n; i++) spans[i].style |= base_style;
    return build(c, spans, n, &t->loc, out);
}

bool tf_ptext_spans(const tf_ptext_ctx *c, const tf_span *spans, size_t n, const tf_loc *loc,
                    tf_ptext *out)
{
    return build(c, spans, n, loc, out);
}

bool tf_ptext_plain(const tf_ptext_ctx *c, const char *utf8, unsigned style,
                    const char *href, const tf_loc *loc, tf_ptext *out)
{
    tf_span sp = {utf8, strlen(utf8), style, href};
    return build(c, &sp, 1, loc, out);
}
