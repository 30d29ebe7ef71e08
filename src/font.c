/* font.c: one TrueType face through HarfBuzz.
 *
 * The hb_font runs at scale = units per em, so every position HarfBuzz
 * returns is in font units, and shaping hands them out as they are;
 * conversion to scaled points at a size is integer math
 * (tf_font_units_to_sp, round half away from zero), so the same text gives
 * the same widths on every machine. One hb_buffer per font is reused, and the
 * last shaping result is kept: layout usually measures a word and then shapes
 * the same word again to draw it. */
#include "font.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb.h>

#include "arena.h"
#include "content.h"
#include "diag.h"
#include "file.h"
#include "hashtab.h"

/* One shaping result: the key (text, language, direction) and the glyphs. */
typedef struct shaped {
    uint64_t hash;
    char *text;                 /* NULL: an empty slot */
    size_t len;
    hb_language_t lang;
    tf_dir dir;
    tf_glyph *g;
    size_t n;
} shaped;

#define SHAPED_TEXT_MAX 64
#define SHAPED_MAX 16384        /* entries a font keeps: a memory bound (a brochure shapes a few hundred distinct words) */

struct tf_font {
    char *path;
    char *psname;
    tf_file_view file;       /* the font file, mapped */
    const unsigned char *data;
    size_t len;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    hb_buffer_t *buf;
    unsigned upem;
    int ascender, descender, cap_height, x_height;   /* font units */

    /* Shaping results, remembered: words (up to SHAPED_TEXT_MAX bytes) in
     * an open-addressing table, at most half full; a longer text in
     * `last` only (layout measures it and then shapes it again to draw). */
    shaped *tab;
    size_t cap_tab, n_tab;
    shaped last;
    size_t last_text_cap, last_g_cap;
    /* the language tag last asked for, and HarfBuzz's language for it */
    char lang_tag[32];
    hb_language_t lang_hb;
};

static tf_sp scale(const tf_font *f, int64_t units, tf_sp size)
{
    return tf_font_units_to_sp(units, size, f->upem);
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int metric(hb_font_t *font, hb_ot_metrics_tag_t tag)
{
    hb_position_t v = 0;
    hb_ot_metrics_get_position_with_fallback(font, tag, &v);
    return (int)v;
}

tf_font *tf_font_load(const char *path, const tf_loc *where)
{
    tf_file_view file;
    tf_file_error err;
    if (!tf_file_map(path, TF_MAX_FONT_BYTES, &file, "font", where, &err)) {
        char why[96];
        tf_diag_error(where, "cannot read font '%s': %s", path,
                      tf_file_error_str(&err, TF_MAX_FONT_BYTES, why, sizeof why));
        return NULL;
    }
    const unsigned char *data = file.data;
    size_t len = file.len;
    uint32_t tag = len >= 12 ? be32(data) : 0;
    if (tag != 0x00010000u && tag != 0x74727565u /* 'true' */) {
        tf_diag_error(where, "font '%s' is not a TrueType font%s", path,
                      tag == 0x4F54544Fu ? " (CFF outlines are not supported)" :
                      tag == 0x74746366u ? " (font collections are not supported)" : "");
        tf_file_view_free(&file);
        return NULL;
    }

    tf_font *f = tf_xcalloc(1, sizeof *f);
    f->path = tf_xstrdup(path);
    f->file = file;
    f->data = data;
    f->len = len;
    f->blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    f->face = hb_face_create(f->blob, 0);
    f->upem = hb_face_get_upem(f->face);

    hb_blob_t *glyf = hb_face_reference_table(f->face, HB_TAG('g', 'l', 'y', 'f'));
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    bool ok = hb_blob_get_length(glyf) > 0 && hb_blob_get_length(head) >= 54 &&
              hb_face_get_glyph_count(f->face) > 0 && f->upem >= 16 && f->upem <= 16384;
    hb_blob_destroy(glyf);
    hb_blob_destroy(head);
    if (!ok) {
        tf_diag_error(where, "font '%s' is not a TrueType font (missing or broken tables)", path);
        tf_font_free(f);
        return NULL;
    }

    f->font = hb_font_create(f->face);
    hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
    f->buf = hb_buffer_create();

    f->ascender = metric(f->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER);
    f->descender = metric(f->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER);
    f->cap_height = metric(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT);
    f->x_height = metric(f->font, HB_OT_METRICS_TAG_X_HEIGHT);
    if (f->descender > 0) f->descender = -f->descender;

    char name[128];
    unsigned nlen = sizeof name;
    if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                            &nlen, name) > 0 && name[0]) {
        f->psname = tf_xstrdup(name);
    } else {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        f->psname = tf_xstrdup(base);
        char *dot = strrchr(f->psname, '.');
        if (dot && dot != f->psname) *dot = '\0';
    }
    return f;
}

void tf_font_free(tf_font *f)
{
    if (!f) return;
    hb_buffer_destroy(f->buf);
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    tf_file_view_free(&f->file);
    free(f->path);
    free(f->psname);
    for (size_t i = 0; i < f->cap_tab; i++) {
        free(f->tab[i].text);
        free(f->tab[i].g);
    }
    free(f->tab);
    free(f->last.text);
    free(f->last.g);
    free(f);
}

const char *tf_font_path(const tf_font *f) { return f->path; }
const char *tf_font_postscript_name(const tf_font *f) { return f->psname; }

bool tf_font_has_char(const tf_font *f, uint32_t codepoint)
{
    hb_codepoint_t gid;
    return hb_font_get_nominal_glyph(f->font, codepoint, &gid) && gid != 0;
}

tf_sp tf_font_ascender(const tf_font *f, tf_sp size) { return scale(f, f->ascender, size); }
tf_sp tf_font_descender(const tf_font *f, tf_sp size) { return scale(f, f->descender, size); }
tf_sp tf_font_cap_height(const tf_font *f, tf_sp size) { return scale(f, f->cap_height, size); }
tf_sp tf_font_x_height(const tf_font *f, tf_sp size) { return scale(f, f->x_height, size); }

static uint64_t shaped_hash(const char *s, size_t n, hb_language_t lang, tf_dir dir)
{
    uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)(uintptr_t)lang ^ (uint64_t)dir << 40;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return h;
}

static bool shaped_is(const shaped *e, uint64_t h, const char *utf8, size_t len, hb_language_t hl, tf_dir dir)
{
    return e->text && e->hash == h && e->len == len && e->lang == hl && e->dir == dir &&
           (len == 0 || memcmp(e->text, utf8, len) == 0);
}

/* HarfBuzz's shaping of the text into f->buf, then as tf_glyphs into g
 * (room for n, the buffer's glyph count, returned). */
static size_t shape_hb(tf_font *f, const char *utf8, size_t len, hb_language_t hl, tf_dir dir,
                       tf_glyph **g, size_t *g_cap)
{
    if (len > (size_t)INT32_MAX) len = (size_t)INT32_MAX;
    hb_buffer_clear_contents(f->buf);
    hb_buffer_add_utf8(f->buf, utf8, (int)len, 0, (int)len);
    hb_buffer_set_direction(f->buf, dir == TF_DIR_RTL ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    if (hl != HB_LANGUAGE_INVALID) hb_buffer_set_language(f->buf, hl);
    hb_buffer_guess_segment_properties(f->buf);
    hb_shape(f->font, f->buf, NULL, 0);
    unsigned n = hb_buffer_get_length(f->buf);
    if (!g_cap || *g_cap < n) {
        *g = tf_xrealloc(*g, (n ? n : 1) * sizeof **g);
        if (g_cap) *g_cap = n;
    }
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(f->buf, NULL);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(f->buf, NULL);
    for (unsigned i = 0; i < n; i++) {
        (*g)[i].gid = info[i].codepoint;
        (*g)[i].cluster = info[i].cluster;
        (*g)[i].x_advance = pos[i].x_advance;
        (*g)[i].x_offset = pos[i].x_offset;
        (*g)[i].y_offset = pos[i].y_offset;
        (*g)[i].unsafe_to_break =
            (hb_glyph_info_get_glyph_flags(&info[i]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) != 0;
    }
    return n;
}

static void tab_grow(tf_font *f)
{
    size_t cap = f->cap_tab ? 2 * f->cap_tab : 256;
    f->tab = tf_hashtab_regrow(f->tab, f->cap_tab, cap, sizeof *f->tab, offsetof(shaped, hash),
                               offsetof(shaped, text));
    f->cap_tab = cap;
}

/* The glyphs of the text, shaped now or remembered; valid until the next
 * shaping of a text longer than SHAPED_TEXT_MAX with this font. HarfBuzz
 * gives the same glyphs for the same text, language and direction, so a
 * remembered result is the one shaping would give. */
static const shaped *shape(tf_font *f, const char *utf8, size_t len, const char *lang, tf_dir dir)
{
    hb_language_t hl = HB_LANGUAGE_INVALID;
    if (lang && *lang) {
        size_t ll = strlen(lang);
        if (ll < sizeof f->lang_tag && !strcmp(f->lang_tag, lang)) {
            hl = f->lang_hb;
        } else {
            hl = hb_language_from_string(lang, -1);
            if (ll < sizeof f->lang_tag) {
                memcpy(f->lang_tag, lang, ll + 1);
                f->lang_hb = hl;
            }
        }
    }
    uint64_t h = shaped_hash(utf8, len, hl, dir);
    if (shaped_is(&f->last, h, utf8, len, hl, dir)) return &f->last;
    size_t i = 0;
    if (len <= SHAPED_TEXT_MAX && f->cap_tab) {
        size_t mask = f->cap_tab - 1;
        for (i = (size_t)h & mask; f->tab[i].text; i = (i + 1) & mask)
            if (shaped_is(&f->tab[i], h, utf8, len, hl, dir)) return &f->tab[i];
    }
    if (len <= SHAPED_TEXT_MAX && f->n_tab < SHAPED_MAX) {
        if (2 * (f->n_tab + 1) > f->cap_tab) {
            tab_grow(f);
            size_t mask = f->cap_tab - 1;
            for (i = (size_t)h & mask; f->tab[i].text; i = (i + 1) & mask) {}
        }
        shaped *e = &f->tab[i];
        e->g = NULL;
        e->n = shape_hb(f, utf8, len, hl, dir, &e->g, NULL);
        e->text = tf_xmalloc(len + 1);
        if (len) memcpy(e->text, utf8, len);
        e->text[len] = '\0';
        e->len = len;
        e->hash = h;
        e->lang = hl;
        e->dir = dir;
        f->n_tab++;
        return e;
    }
    shaped *e = &f->last;
    e->n = shape_hb(f, utf8, len, hl, dir, &e->g, &f->last_g_cap);
    if (len + 1 > f->last_text_cap) {
        f->last_text_cap = len + 64;
        e->text = tf_xrealloc(e->text, f->last_text_cap);
    }
    if (len) memcpy(e->text, utf8, len);
    e->len = len;
    e->hash = h;
    e->lang = hl;
    e->dir = dir;
    return e;
}

size_t tf_font_shape(tf_font *f, const char *utf8, size_t len, const char *lang, tf_dir dir,
                     tf_glyph *out, size_t cap)
{
    const shaped *e = shape(f, utf8, len, lang, dir);
    memcpy(out, e->g, (e->n < cap ? e->n : cap) * sizeof *out);
    return e->n;
}

tf_sp tf_font_measure(tf_font *f, tf_sp size, const char *utf8, size_t len, const char *lang)
{
    const shaped *e = shape(f, utf8, len, lang, TF_DIR_LTR);
    int64_t w = 0;
    for (size_t i = 0; i < e->n; i++) w += scale(f, e->g[i].x_advance, size);
    return w > INT32_MAX ? INT32_MAX : (tf_sp)w;
}

const unsigned char *tf_font_data(const tf_font *f, size_t *len)
{
    *len = f->len;
    return f->data;
}

unsigned tf_font_units_per_em(const tf_font *f) { return f->upem; }

int tf_font_glyph_advance_units(const tf_font *f, uint32_t gid)
{
    return (int)hb_font_get_glyph_h_advance(f->font, gid);
}

void tf_font_descriptor(const tf_font *f, int bbox[4], int *ascent, int *descent,
                        int *cap_height, int *italic_angle, int *flags)
{
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned hl;
    const unsigned char *h = (const unsigned char *)hb_blob_get_data(head, &hl);
    for (int i = 0; i < 4; i++)
        bbox[i] = hl >= 44 ? (int16_t)be16(h + 36 + 2 * i) : 0;
    hb_blob_destroy(head);

    int angle = 0, fixed_pitch = 0;
    hb_blob_t *post = hb_face_reference_table(f->face, HB_TAG('p', 'o', 's', 't'));
    unsigned pl;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(post, &pl);
    if (pl >= 16) {
        int32_t fx = (int32_t)be32(p + 4);                 /* 16.16 degrees */
        angle = fx >= 0 ? (fx + 0x8000) >> 16 : -((-fx + 0x8000) >> 16);
        fixed_pitch = be32(p + 12) != 0;
    }
    hb_blob_destroy(post);

    bool italic = angle != 0;
    hb_blob_t *os2 = hb_face_reference_table(f->face, HB_TAG('O', 'S', '/', '2'));
    unsigned ol;
    const unsigned char *o = (const unsigned char *)hb_blob_get_data(os2, &ol);
    if (ol >= 64 && (be16(o + 62) & 1)) italic = true;     /* fsSelection ITALIC */
    hb_blob_destroy(os2);

    *ascent = f->ascender;
    *descent = f->descender;
    *cap_height = f->cap_height;
    *italic_angle = angle;
    /* Symbolic (4): glyphs are addressed by CID, not a standard encoding. */
    *flags = 4 | (fixed_pitch ? 1 : 0) | (italic ? 64 : 0);
}
