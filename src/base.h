/* base.h: types every stage shares: lengths, rectangles, source locations,
 * colours.
 *
 * Lengths are fixed-point integers in scaled points (1/65536 pt, TeX's `sp`),
 * so layout is exact and identical on every machine; doubles appear only when
 * a value is converted for output. */
#ifndef TF_BASE_H
#define TF_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t tf_sp;               /* 1/65536 pt; 32767 pt max */
#define TF_SP_PER_PT 65536
#define TF_PT(x) ((tf_sp)((x) * 65536.0 + ((x) < 0 ? -0.5 : 0.5)))
#define TF_IN(x) TF_PT((x) * 72.0)
#define TF_MM(x) TF_PT((x) * 72.0 / 25.4)
static inline double tf_sp_to_pt(tf_sp v) { return (double)v / 65536.0; }

/* A rectangle in PDF user space of a page: (x, y) its bottom-left corner. */
typedef struct tf_rect { tf_sp x, y, w, h; } tf_rect;

/* Where a piece of input came from. Lines and columns are 1-based; line 0
 * means "the file as a whole". `file` is owned by whoever loaded the file
 * (the content arena) and outlives every node that points at it. */
typedef struct tf_loc {
    const char *file;
    int line;
    int col;
} tf_loc;

/* A theme colour: sRGB, channels 0..255; or, when `cmyk` is set, CMYK
 * inks in per cent (c, m, y, k 0..100) as the theme wrote them, with r, g,
 * b a rough sRGB equivalent for layout's colour mixing (colour.h converts
 * for output). */
typedef struct tf_color {
    uint8_t r, g, b;
    bool cmyk;
    uint8_t c, m, y, k;
} tf_color;

/* An sRGB colour (the CMYK fields zero). */
#define TF_RGB(r_, g_, b_) ((tf_color){.r = (r_), .g = (g_), .b = (b_)})

#define TF_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
