/* font.h: one TrueType face: coverage, metrics, shaping (HarfBuzz), and the
 * raw data and tables the PDF writer embeds.
 *
 * A tf_font is loaded once and shared by every edition of a batch. Shaping
 * output is in font units (tf_fu), independent of size: layout sums and
 * compares them, and scaled points at a size come from tf_font_units_to_sp
 * (the PDF writer converts glyph positions when it draws them). Metrics
 * are in scaled points at the size asked for. */
#ifndef TF_FONT_H
#define TF_FONT_H

#include "base.h"

typedef struct tf_font tf_font;

/* Load a .ttf file. On failure reports "<where>: error: ..." (where = the
 * place in the content that named the file) and returns NULL. */
tf_font *tf_font_load(const char *path, const tf_loc *where);
void tf_font_free(tf_font *f);                   /* NULL is fine */

const char *tf_font_path(const tf_font *f);
const char *tf_font_postscript_name(const tf_font *f);
bool tf_font_has_char(const tf_font *f, uint32_t codepoint);

/* Vertical metrics at `size` (ascender positive, descender negative). */
tf_sp tf_font_ascender(const tf_font *f, tf_sp size);
tf_sp tf_font_descender(const tf_font *f, tf_sp size);
tf_sp tf_font_cap_height(const tf_font *f, tf_sp size);
/* x-height: pmcheck samples the colour under a glyph at half of it. */
tf_sp tf_font_x_height(const tf_font *f, tf_sp size);

/* Font units: 1/upem em of the font in question (tf_font_units_per_em). */
typedef int32_t tf_fu;

/* Font units (or a sum of them) -> scaled points at `size`: units * size /
 * upem, rounded half away from zero and saturated to the tf_sp range (a
 * 16 KB word is wider than 32767 pt; it must stay "too wide", not wrap). */
static inline tf_sp tf_font_units_to_sp(int64_t units, tf_sp size, unsigned upem)
{
    int64_t v = units * (int64_t)size;
    v = v >= 0 ? (v + upem / 2) / upem : -((-v + upem / 2) / upem);
    return (tf_sp)(v > INT32_MAX ? INT32_MAX : v < -INT32_MAX ? -INT32_MAX : v);
}

typedef struct tf_glyph {
    uint32_t gid;
    uint32_t cluster;        /* byte offset of the glyph's cluster in the shaped text */
    tf_fu x_advance, x_offset, y_offset;
    bool unsafe_to_break;    /* HarfBuzz: breaking before this glyph changes shaping */
} tf_glyph;

typedef enum tf_dir { TF_DIR_LTR, TF_DIR_RTL } tf_dir;

/* Shape `len` bytes of UTF-8 with kerning and ligatures; positions in font
 * units. Writes at most `cap` glyphs to `out` and returns the glyph count
 * (call again with a bigger buffer if the result exceeds cap). `lang` is a
 * BCP 47 tag. */
size_t tf_font_shape(tf_font *f, const char *utf8, size_t len, const char *lang, tf_dir dir,
                     tf_glyph *out, size_t cap);

/* Width of shaped text at `size` (sum of the advances, each scaled). */
tf_sp tf_font_measure(tf_font *f, tf_sp size, const char *utf8, size_t len, const char *lang);

/* --- for the PDF writer ------------------------------------------------------ */

/* Raw font file bytes (owned by the font). */
const unsigned char *tf_font_data(const tf_font *f, size_t *len);
unsigned tf_font_units_per_em(const tf_font *f);
/* Advance width of a glyph in font units (for the PDF W array). */
int tf_font_glyph_advance_units(const tf_font *f, uint32_t gid);
/* Bounding box and other FontDescriptor values in font units. */
void tf_font_descriptor(const tf_font *f, int bbox[4], int *ascent, int *descent,
                        int *cap_height, int *italic_angle, int *flags);

#endif
