/* contrast.h: WCAG 2.x relative luminance and contrast ratio of sRGB
 * colours (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance and
 * #dfn-contrast-ratio). Pure functions, no state. */
#ifndef TF_CONTRAST_H
#define TF_CONTRAST_H

#include "base.h"

/* Relative luminance, 0 (black) to 1 (white): each channel linearised
 * (c/255 <= 0.04045 ? c/12.92 : ((c+0.055)/1.055)^2.4, c in 0..1), then
 * 0.2126 R + 0.7152 G + 0.0722 B. */
double tf_contrast_luminance(tf_color c);

/* (L1 + 0.05) / (L2 + 0.05) with L1 the lighter: 1 (same) to 21 (black on
 * white). Symmetric in its arguments. */
double tf_contrast_ratio(tf_color a, tf_color b);

/* WCAG's "large text": 18 pt and larger, or 14 pt and larger in bold. */
bool tf_contrast_large_text(tf_sp size, bool bold);

/* "#rrggbb" into buf (at least 8 bytes); returns buf. */
const char *tf_contrast_hex(tf_color c, char *buf);

#endif
