/* ptext.c: text -> shaped pieces, break opportunities and hyphenation.
 *
 * The text of all spans is walked as code points. Spaces become SPACE
 * items. Everything else is grouped into runs of one span, one font and
 * one bidi level with no break opportunity inside; each run is shaped on
 * its own, so kerning across a style or font change is lost (as in every
 * typesetter). A UAX #14 break opportunity between two non-space
 * characters (after a dash, between CJK characters) becomes a BREAK item.
 * Dictionary hyphenation then cuts left-to-right pieces at points where
 * HarfBuzz says breaking is safe (no ligature or kerning pair crosses it). */
#include "ptext.h"

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <hb.h>
#include <linebreak.h>

#include "diag.h"
#include "params.h"
#include "utf8.h"

#define MAX_POINTS 32

/* Items and glyphs are gathered on the heap and copied into the arena at
 * their final size: arrays grown by doubling inside the arena would leave
 * every outgrown copy behind, and a text's prepared form lives as long as
 * the batch's cache. */
typedef struct builder {
    const tf_ptext_ctx *c;
    tf_pitem *v;                 /* heap; tf_ptext gets an exact arena copy */
    size_t n, cap;
    tf_glyph *g;                 /* heap scratch for shaping */
    size_t g_cap;
    const tf_loc *loc;
    bool ok;
} builder;

/* The items into the arena, exactly sized; the heap buffers freed. */
static void builder_finish(builder *b, tf_ptext *out)
{
    out->items = NULL;
    if (b->n) {
        out->items = tf_arena_alloc(b->c->arena, b->n * sizeof *b->v);
        memcpy(out->items, b->v, b->n * sizeof *b->v);
    }
    out->n = b->n;
    free(b->v);
    free(b->g);
    b->v = NULL;
    b->g = NULL;
}

tf_font *tf_ptext_font(const tf_fontset *fs, unsigned style)
{
    static const tf_face by_style[4] = {TF_FACE_REGULAR, TF_FACE_BOLD, TF_FACE_ITALIC, TF_FACE_BOLD_ITALIC};
    return fs->face[by_style[style & 3]];
}

tf_font *tf_fontset_pick(tf_fontset *fs, unsigned style, uint32_t cp)
{
    static const tf_face by_style[4] = {TF_FACE_REGULAR, TF_FACE_BOLD, TF_FACE_ITALIC, TF_FACE_BOLD_ITALIC};
    tf_face face = by_style[style & 3];
    if (tf_font_has_char(fs->face[face], cp)) return fs->face[face];
    if (!fs->theme) return NULL;
    for (size_t i = 0; i < fs->theme->n_fallback; i++) {
        const tf_font_family *fam = &fs->theme->fallback[i];
        tf_face use = fam->font[face] ? face : TF_FACE_REGULAR;
        if (!fs->tried[i][use]) {
            fs->tried[i][use] = true;
            if (fs->load) fs->fallback[i][use] = fs->load(fs->load_ctx, fam->font[use], &fam->font_loc[use]);
        }
        tf_font *f = fs->fallback[i][use];
        if (f && tf_font_has_char(f, cp)) return f;
    }
    return NULL;
}

tf_sp tf_pitem_width(const tf_pitem *it, tf_sp size)
{
    if (!it->font) return 0;
    return tf_font_units_to_sp(it->width, size, tf_font_units_per_em(it->font));
}

static tf_pitem *push(builder *b, tf_pitem_kind kind)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 32;
        b->v = tf_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    tf_pitem *it = &b->v[b->n++];
    memset(it, 0, sizeof *it);
    it->kind = (uint8_t)kind;
    return it;
}

/* Decode the code point at byte *i of s (utf8.c), advancing *i. */
static uint32_t utf8_decode(const char *s, size_t len, size_t *i)
{
    const char *q = s + *i;
    uint32_t cp = tf_utf8_next(&q, s + len);
    *i = (size_t)(q - s);
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

static const tf_glyph *shape(builder *b, tf_font *f, const char *text, size_t len, uint32_t *n_out,
                             int32_t *width, bool rtl)
{
    if (b->g_cap < len + 8) {
        b->g_cap = len + 8;
        b->g = tf_xrealloc(b->g, b->g_cap * sizeof *b->g);
    }
    tf_dir dir = rtl ? TF_DIR_RTL : TF_DIR_LTR;
    size_t n = tf_font_shape(f, text, len, b->c->lang, dir, b->g, b->g_cap);
    if (n > b->g_cap) {
        b->g_cap = n;
        b->g = tf_xrealloc(b->g, b->g_cap * sizeof *b->g);
        tf_font_shape(f, text, len, b->c->lang, dir, b->g, n);
    }
    tf_glyph *g = tf_arena_alloc(b->c->arena, (n ? n : 1) * sizeof *g);
    memcpy(g, b->g, n * sizeof *g);
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

/* Bold asked for, but the glyphs come from a fallback family without a bold
 * face (Droid Sans Fallback): render.c strokes them (synthetic bold). */
static bool lacks_bold(const tf_fontset *fs, const tf_font *f, unsigned style)
{
    if (!(style & TF_SPAN_BOLD) || !fs->theme) return false;
    tf_face want = (style & TF_SPAN_ITALIC) ? TF_FACE_BOLD_ITALIC : TF_FACE_BOLD;
    for (size_t i = 0; i < fs->theme->n_fallback; i++)
        if (fs->fallback[i][TF_FACE_REGULAR] == f && !fs->theme->fallback[i].font[want]) return true;
    return false;
}

static void add_piece(builder *b, const tf_span *sp, tf_font *f, const char *text, size_t len,
                      uint8_t level)
{
    if (len == 0) return;
    tf_pitem *it = push(b, TF_PITEM_PIECE);
    it->style = (uint8_t)sp->style;
    it->font = f;
    it->text = text;
    it->text_len = (uint32_t)len;
    it->href = sp->href;
    it->lang = sp->lang;
    it->level = level;
    it->fake_bold = lacks_bold(b->c->fonts, f, sp->style);
    it->hyphenate = !(level & 1) && len > 4;
    it->glyphs = shape(b, f, text, len, &it->n_glyphs, &it->width, level & 1);
}

static void add_hyphen(builder *b, tf_font *f, unsigned style, const char *href, uint8_t level)
{
    tf_pitem *it = push(b, TF_PITEM_HYPHEN);
    it->style = (uint8_t)style;
    it->font = f;
    it->text = "-";
    it->text_len = 1;
    it->href = href;
    it->level = level;
    it->glyphs = shape(b, f, "-", 1, &it->n_glyphs, &it->width, false);
}

/* Latin, Greek or Cyrillic either side of byte `at` of a cluster
 * boundary: HarfBuzz marks it unsafe to break for a kerning pair only
 * (ligatures join clusters, which the caller's test catches; scripts with
 * contextual forms are not cut). */
static bool kern_only(const char *text, size_t len, size_t at)
{
    size_t i = at, p = at - 1;
    while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80) p--;
    uint32_t a = utf8_decode(text, len, &p), b = utf8_decode(text, len, &i);
    return a < 0x530 && b < 0x530;
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
    int lmin, rmin;
    tf_hyphen_mins(b->c->lang, b->c->params, &lmin, &rmin);
    if (hi > lo + 4) {
        np = tf_hyphen_points(b->c->hyphen, text + lo, hi - lo, lmin, rmin, points, MAX_POINTS);
        for (size_t k = 0; k < np; k++) points[k] += lo;
    }
    const tf_glyph *g = in->glyphs;
    size_t ng = in->n_glyphs, gstart = 0, tstart = 0;
    for (size_t k = 0; k <= np; k++) {
        size_t cut_t = k < np ? points[k] : len;
        size_t cut_g = gstart;
        while (cut_g < ng && g[cut_g].cluster < cut_t) cut_g++;
        /* a point inside a ligature or a cluster cannot be cut; one where
         * HarfBuzz only marks a kerning pair unsafe is: the fragments keep
         * the word's advances (a kern before a hyphen is lost, nothing
         * else moves) */
        if (k < np && (cut_g == gstart || cut_g >= ng || g[cut_g].cluster != cut_t ||
                       (g[cut_g].unsafe_to_break && !kern_only(text, len, cut_t))))
            continue;
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
        if (k < np) add_hyphen(b, in->font, in->style, in->href, in->level);
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
    builder_finish(&b, t);
}

static bool is_mark(hb_unicode_funcs_t *uf, uint32_t cp)
{
    hb_unicode_general_category_t gc = hb_unicode_general_category(uf, cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK || cp == 0x200D ||
           (cp >= 0xFE00 && cp <= 0xFE0F);
}

static bool is_bidi_mark(uint32_t cp)
{
    return cp == 0x200E || cp == 0x200F || (cp >= 0x2066 && cp <= 0x2069);
}

static bool is_common(hb_unicode_funcs_t *uf, uint32_t cp)
{
    hb_script_t s = hb_unicode_script(uf, cp);
    return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED;
}

/* Code points of the spans, with where each one came from. */
typedef struct chars {
    uint32_t *cp;
    uint32_t *off;        /* byte offset in its span's text */
    uint32_t *span;
    FriBidiLevel *level;
    char *brk;            /* UAX #14: break opportunity after char i */
    size_t n;
} chars;

static void chars_free(chars *c)
{
    free(c->cp);
    free(c->off);
    free(c->span);
    free(c->level);
    free(c->brk);
}

static void chars_collect(const tf_span *spans, size_t n_spans, chars *c)
{
    size_t total = 0;
    for (size_t s = 0; s < n_spans; s++) total += spans[s].len;
    c->cp = tf_xmalloc((total + 1) * sizeof *c->cp);
    c->off = tf_xmalloc((total + 1) * sizeof *c->off);
    c->span = tf_xmalloc((total + 1) * sizeof *c->span);
    c->level = tf_xcalloc(total + 1, sizeof *c->level);
    c->brk = tf_xmalloc(total + 1);
    c->n = 0;
    for (size_t s = 0; s < n_spans; s++) {
        for (size_t i = 0; i < spans[s].len;) {
            size_t at = i;
            c->cp[c->n] = utf8_decode(spans[s].text, spans[s].len, &i);
            c->off[c->n] = (uint32_t)at;
            c->span[c->n++] = (uint32_t)s;
        }
    }
}

/* Bidi levels (FriBidi, UAX #9) when the paragraph is RTL or holds any
 * right-to-left character; all 0 otherwise. */
static void chars_levels(chars *c, bool rtl)
{
    bool any = rtl;
    for (size_t i = 0; i < c->n && !any; i++) {
        FriBidiCharType t = fribidi_get_bidi_type(c->cp[i]);
        any = FRIBIDI_IS_RTL(t) || t == FRIBIDI_TYPE_AN;
    }
    if (!any || c->n == 0) return;
    FriBidiCharType *types = tf_xmalloc(c->n * sizeof *types);
    FriBidiBracketType *br = tf_xmalloc(c->n * sizeof *br);
    fribidi_get_bidi_types(c->cp, (FriBidiStrIndex)c->n, types);
    fribidi_get_bracket_types(c->cp, (FriBidiStrIndex)c->n, types, br);
    FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (!fribidi_get_par_embedding_levels_ex(types, br, (FriBidiStrIndex)c->n, &base, c->level))
        memset(c->level, rtl ? 1 : 0, c->n * sizeof *c->level);
    free(types);
    free(br);
}

/* UAX #14 break opportunities. libunibreak 1.1 aborts on regional
 * indicators (flag emoji): such text gets breaks at spaces only. */
static void chars_breaks(chars *c, const char *lang)
{
    memset(c->brk, LINEBREAK_NOBREAK, c->n);
    for (size_t i = 0; i < c->n; i++)
        if (c->cp[i] >= 0x1F1E6 && c->cp[i] <= 0x1F1FF) return;
    if (c->n) set_linebreaks_utf32((const utf32_t *)c->cp, c->n, lang, c->brk);
}

/* --- web and e-mail addresses, phone numbers ----------------------------- */

static bool has_prefix_ci(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++)
        if ((s[i] | 0x20) != p[i]) return false;
    return true;
}

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Does the text of a token (no spaces) read as a web or e-mail address:
 * a scheme ("https://"), "www.", "name@host.tld", or, inside a link, a
 * host name ("example.org/page")? */
static bool looks_like_address(const char *s, size_t n, bool linked)
{
    if (n < 4) return false;
    for (size_t i = 0; i + 3 <= n; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/' && i > 0) return true;
    if (has_prefix_ci(s, n, "www.")) return true;
    const char *at = memchr(s, '@', n);
    if (at && at > s && ascii_alnum(at[-1])) {
        for (const char *p = at + 1; p + 1 < s + n; p++)
            if (*p == '.' && p > at + 1 && ascii_alnum(p[1])) return true;
    }
    if (linked || memchr(s, '/', n)) {           /* host.tld, host.tld/path */
        for (size_t i = 1; i + 1 < n; i++)
            if (s[i] == '.' && ascii_alnum(s[i - 1]) && ascii_alnum(s[i + 1])) {
                size_t k = i + 1;
                while (k < n && ascii_alnum(s[k])) k++;
                if (k - i - 1 >= 2 && (k == n || s[k] == '/' || s[k] == '.' || s[k] == ':')) return true;
            }
    }
    return false;
}

/* May an address break between s[p-1] and s[p] (core [lo, hi))? After a
 * slash (not inside "//"), before . @ ? & - (Chicago-style: the mark
 * starts the next line, so it is not read as a hyphen or a full stop). */
static bool address_point(const char *s, size_t p, size_t lo, size_t hi)
{
    if (p <= lo || p >= hi) return false;
    if (s[p - 1] == '/' && s[p] != '/') return true;
    if (strchr(".@?&-", s[p]) && s[p] && !strchr(".@?&-/", s[p - 1])) return true;
    return false;
}

static bool strpbrk_n(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] && strchr(set, s[i])) return true;
    return false;
}

/* Spaces inside a phone number written in running text: a run of at least
 * two tokens made of digits and ( ) + - . / only, with 7 to 15 digits in
 * all, and a ( + - . or / in it or at least three tokens ("(847) 256-7334",
 * "+49 30 1234567", "0800 123 456"). Per item: true for such a space. */
static bool *phone_spaces(const tf_pitem *v, size_t n)
{
    bool *out = tf_xcalloc(n + 1, sizeof *out);
    size_t ts = 0;
    while (ts < n) {
        /* a run of phone-like tokens from ts */
        size_t run_start = ts, tokens = 0, digits = 0, end = ts;
        bool marks = false;
        for (size_t t = ts; t < n;) {
            size_t te = t, dg = 0;
            bool ok = true, mk = false;
            while (te < n && v[te].kind != TF_PITEM_SPACE) {
                const tf_pitem *it = &v[te];
                if (it->kind == TF_PITEM_PIECE)
                    for (uint32_t k = 0; k < it->text_len && ok; k++) {
                        char c = it->text[k];
                        if (c >= '0' && c <= '9') dg++;
                        else if (strchr("()+-./", c) && c) mk = true;
                        else ok = false;
                    }
                te++;
            }
            if (!ok || dg == 0 || te == t) break;
            tokens++;
            digits += dg;
            marks |= mk;
            end = te;
            if (te >= n || te + 1 >= n) break;
            t = te + 1;                        /* past the space */
        }
        if (tokens >= 2 && digits >= 7 && digits <= 15 && (marks || tokens >= 3)) {
            for (size_t i = run_start; i < end; i++) out[i] = v[i].kind == TF_PITEM_SPACE;
        }
        /* next token */
        size_t te = tokens ? end : ts;
        while (te < n && v[te].kind != TF_PITEM_SPACE) te++;
        ts = te + 1;
    }
    return out;
}

/* The rules for addresses, phone numbers and words with soft hyphens over
 * the items of a text (before dictionary hyphenation):
 *   - a word with a soft hyphen breaks only at its soft hyphens (TeX: a
 *     word with \- is not hyphenated otherwise);
 *   - a token (items between spaces) that reads as a web or e-mail address
 *     is never hyphenated; it may break only at address_point(), with no
 *     hyphen drawn, and only when it cannot fit whole (para.c); the line
 *     breaks UAX #14 gave it elsewhere (after a hyphen) are turned off;
 *     pieces are cut at the new points with TF_PF_JOIN so that, unbroken,
 *     they are drawn as the one run they were shaped as;
 *   - a phone number (a tel: link) never breaks, not even at its spaces. */
static void address_rules(builder *b)
{
    size_t n = b->n;
    bool any = false;
    for (size_t i = 0; i < n && !any; i++) {
        const tf_pitem *it = &b->v[i];
        if (it->kind != TF_PITEM_PIECE) continue;
        any = it->href != NULL || memchr(it->text, '.', it->text_len) || memchr(it->text, '@', it->text_len) ||
              memchr(it->text, '/', it->text_len);
    }
    for (size_t i = 0; i < n && !any; i++) {
        const tf_pitem *it = &b->v[i];
        any = (it->flags & TF_PF_SOFT) != 0 ||
              (it->kind == TF_PITEM_PIECE && it->text_len && strpbrk_n(it->text, it->text_len, "0123456789"));
    }
    if (!any) return;
    bool *phone = phone_spaces(b->v, n);
    tf_pitem *old = b->v;
    b->v = NULL;
    b->n = b->cap = 0;
    char *buf = NULL;
    size_t cap = 0;
    for (size_t ts = 0; ts < n;) {
        if (old[ts].kind == TF_PITEM_SPACE) {
            tf_pitem *sp = push(b, TF_PITEM_SPACE);
            *sp = old[ts];
            /* a space between two parts of the same phone link, or of a
             * phone number in running text, never breaks */
            if ((ts > 0 && ts + 1 < n && old[ts - 1].href && old[ts - 1].href == old[ts + 1].href &&
                 strncmp(old[ts - 1].href, "tel:", 4) == 0) || phone[ts])
                sp->flags |= TF_PF_NOBREAK;
            ts++;
            continue;
        }
        size_t te = ts;
        size_t len = 0;
        bool linked = false, tel = false, soft = false;
        while (te < n && old[te].kind != TF_PITEM_SPACE) {
            soft |= (old[te].flags & TF_PF_SOFT) != 0;
            if (old[te].kind == TF_PITEM_PIECE) {
                len += old[te].text_len;
                if (old[te].href) {
                    if (strncmp(old[te].href, "tel:", 4) == 0) tel = true;
                    else linked = true;
                }
            }
            te++;
        }
        if (len + 1 > cap) {
            cap = len + 64;
            buf = tf_xrealloc(buf, cap);
        }
        size_t at = 0;
        for (size_t i = ts; i < te; i++)
            if (old[i].kind == TF_PITEM_PIECE) {
                memcpy(buf + at, old[i].text, old[i].text_len);
                at += old[i].text_len;
            }
        buf[at] = 0;
        /* the addresses in the token: runs of printable ASCII that read as
         * one (a token may hold more: CJK text has no spaces around them),
         * without ( ) before and . , ) after */
        size_t rng[8][2], nr = 0;
        for (size_t q = 0; q < len && !tel && nr < 8;) {
            if ((unsigned char)buf[q] <= 0x20 || (unsigned char)buf[q] >= 0x7F) { q++; continue; }
            size_t lo = q, hi = q;
            while (hi < len && (unsigned char)buf[hi] > 0x20 && (unsigned char)buf[hi] < 0x7F) hi++;
            q = hi;
            while (lo < hi && strchr("([{<\"'", buf[lo])) lo++;
            while (hi > lo && strchr(".,;:!?)]}>\"'", buf[hi - 1])) hi--;
            if (hi > lo && looks_like_address(buf + lo, hi - lo, linked)) {
                rng[nr][0] = lo;
                rng[nr][1] = hi;
                nr++;
            }
        }
        at = 0;
        for (size_t i = ts; i < te; i++) {
            tf_pitem it = old[i];
            if (tel && it.kind == TF_PITEM_BREAK) it.flags |= TF_PF_OFF;
            if (soft) it.hyphenate = false;     /* the author said where this word may break */
            size_t lo = 0, hi = 0;              /* the address this item is in, if any */
            size_t span_end = at + (it.kind == TF_PITEM_PIECE ? it.text_len : 0);
            bool addr = false;
            for (size_t r = 0; r < nr && !addr; r++) {
                addr = it.kind == TF_PITEM_PIECE ? (at < rng[r][1] && span_end > rng[r][0])
                                                 : (at > rng[r][0] && at < rng[r][1]);
                if (addr) { lo = rng[r][0]; hi = rng[r][1]; }
            }
            if (!addr) {
                *push(b, (tf_pitem_kind)it.kind) = it;
                if (it.kind == TF_PITEM_PIECE) at += it.text_len;
                continue;
            }
            if (it.kind == TF_PITEM_BREAK) {
                it.flags |= address_point(buf, at, lo, hi) ? TF_PF_URL : TF_PF_OFF;
                *push(b, TF_PITEM_BREAK) = it;
                continue;
            }
            if (it.kind != TF_PITEM_PIECE) {          /* a soft hyphen inside an address */
                it.flags |= TF_PF_OFF;
                *push(b, (tf_pitem_kind)it.kind) = it;
                continue;
            }
            it.hyphenate = false;
            it.flags |= TF_PF_URL;
            /* cut at the address points inside the piece (left to right
             * pieces; a cut needs a glyph that starts there) */
            size_t tstart = 0, gstart = 0;
            for (size_t k = 1; k < it.text_len && !(it.level & 1); k++) {
                if (!address_point(buf, at + k, lo, hi)) continue;
                size_t cut_g = gstart;
                while (cut_g < it.n_glyphs && it.glyphs[cut_g].cluster < k) cut_g++;
                if (cut_g == gstart || cut_g >= it.n_glyphs || it.glyphs[cut_g].cluster != k) continue;
                tf_pitem *part = push(b, TF_PITEM_PIECE);
                *part = it;
                part->text = it.text + tstart;
                part->text_len = (uint32_t)(k - tstart);
                tf_glyph *g = tf_arena_alloc(b->c->arena, (cut_g - gstart) * sizeof *g);
                int32_t w = 0;
                for (size_t q = gstart; q < cut_g; q++) {
                    g[q - gstart] = it.glyphs[q];
                    g[q - gstart].cluster -= (uint32_t)tstart;
                    w += it.glyphs[q].x_advance;
                }
                part->glyphs = g;
                part->n_glyphs = (uint32_t)(cut_g - gstart);
                part->width = w;
                part->flags |= TF_PF_JOIN;
                tf_pitem *br = push(b, TF_PITEM_BREAK);
                br->level = it.level;
                br->flags = TF_PF_URL;
                tstart = k;
                gstart = cut_g;
            }
            tf_pitem *last = push(b, TF_PITEM_PIECE);
            *last = it;
            if (tstart > 0) {
                last->text = it.text + tstart;
                last->text_len = (uint32_t)(it.text_len - tstart);
                tf_glyph *g = tf_arena_alloc(b->c->arena, (it.n_glyphs - gstart) * sizeof *g);
                int32_t w = 0;
                for (size_t q = gstart; q < it.n_glyphs; q++) {
                    g[q - gstart] = it.glyphs[q];
                    g[q - gstart].cluster -= (uint32_t)tstart;
                    w += it.glyphs[q].x_advance;
                }
                last->glyphs = g;
                last->n_glyphs = (uint32_t)(it.n_glyphs - gstart);
                last->width = w;
            }
            at += it.text_len;
        }
        ts = te;
    }
    free(buf);
    free(old);
    free(phone);
}

static bool build(const tf_ptext_ctx *c, const tf_span *spans, size_t n_spans, const tf_loc *loc,
                  tf_ptext *out)
{
    builder b = {.c = c, .loc = loc, .ok = true};
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    chars ch;
    chars_collect(spans, n_spans, &ch);
    chars_levels(&ch, c->rtl);
    chars_breaks(&ch, c->lang);

    size_t run = SIZE_MAX;          /* first char of the current run */
    tf_font *run_font = NULL;
    for (size_t i = 0; i <= ch.n; i++) {
        bool end = i == ch.n;
        uint32_t cp = end ? ' ' : ch.cp[i];
        if (is_bidi_mark(cp)) {            /* isolates and marks steer FriBidi, draw nothing */
            if (run != SIZE_MAX) {
                const tf_span *sp = &spans[ch.span[run]];
                size_t to = ch.span[i] == ch.span[run] ? ch.off[i] : sp->len;
                add_piece(&b, sp, run_font, sp->text + ch.off[run], to - ch.off[run], ch.level[run]);
                run = SIZE_MAX;
            }
            continue;
        }
        bool space = end || is_space(cp);
        tf_font *f = NULL;
        if (!space) {
            const tf_span *sp = &spans[ch.span[i]];
            if (run != SIZE_MAX && ch.span[run] == ch.span[i] &&
                (is_mark(uf, cp) || (is_common(uf, cp) && tf_font_has_char(run_font, cp))))
                f = run_font;          /* marks and punctuation stay with their neighbours */
            else
                f = tf_fontset_pick(c->fonts, sp->style, cp);
            /* invisible format characters (soft hyphen, zero width space,
             * word joiner, BOM) draw nothing: HarfBuzz hides them in any font */
            if (!f && (cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF))
                f = run != SIZE_MAX ? run_font : tf_ptext_font(c->fonts, sp->style);
            if (!f) {
                if (b.ok) {
                    char u[8] = {0};
                    size_t at = ch.off[i];
                    utf8_decode(sp->text, sp->len, &at);
                    memcpy(u, sp->text + ch.off[i], at - ch.off[i] < 7 ? at - ch.off[i] : 7);
                    tf_diag_error(loc, "no font for U+%04X '%s' (no font of the theme or its fallback chain has it)",
                                  (unsigned)cp, u);
                }
                b.ok = false;
                f = tf_ptext_font(c->fonts, sp->style);
            }
        }
        bool brk = !space && i > 0 && !is_space(ch.cp[i - 1]) && ch.brk[i - 1] == LINEBREAK_ALLOWBREAK;
        bool split = space || brk ||
                     (run != SIZE_MAX && (f != run_font || ch.level[i] != ch.level[run] || ch.span[i] != ch.span[run]));
        if (run != SIZE_MAX && split) {
            const tf_span *sp = &spans[ch.span[run]];
            size_t to = (!end && ch.span[i] == ch.span[run]) ? ch.off[i] : sp->len;
            add_piece(&b, sp, run_font, sp->text + ch.off[run], to - ch.off[run], ch.level[run]);
            run = SIZE_MAX;
            if (brk && ch.cp[i - 1] == 0xAD) {          /* a soft hyphen: a hyphen if broken here */
                add_hyphen(&b, run_font, sp->style, sp->href, ch.level[i - 1]);
                b.v[b.n - 1].flags |= TF_PF_SOFT;
            } else if (brk) {
                tf_pitem *bk = push(&b, TF_PITEM_BREAK);
                bk->level = ch.level[i];
                if (ch.cp[i - 1] == '-' || ch.cp[i - 1] == 0x2010) bk->flags |= TF_PF_EXHYPHEN;
            }
        }
        if (space) {
            if (!end && b.n > 0 && b.v[b.n - 1].kind != TF_PITEM_SPACE) {
                tf_pitem *it = push(&b, TF_PITEM_SPACE);
                it->font = tf_ptext_font(c->fonts, spans[ch.span[i]].style);
                it->level = ch.level[i];
                it->text = " ";
                it->text_len = 1;
                /* its own glyph array: setline.c tells items apart by it */
                it->glyphs = shape(&b, it->font, " ", 1, &it->n_glyphs, &it->width, false);
            }
            continue;
        }
        if (run == SIZE_MAX) {
            run = i;
            run_font = f;
        }
    }
    while (b.n > 0 && b.v[b.n - 1].kind == TF_PITEM_SPACE) b.n--;
    chars_free(&ch);
    address_rules(&b);
    builder_finish(&b, out);
    out->rtl = out->right = c->rtl;
    out->data = false;
    out->loc = loc;
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
    tf_span sp = {utf8, strlen(utf8), style, href, NULL};
    return build(c, &sp, 1, loc, out);
}
