/* contrast.c: WCAG 2.x relative luminance and contrast ratio. */
#include "contrast.h"

#include <math.h>
#include <stdio.h>

static double linear(uint8_t v)
{
    double c = v / 255.0;
    /* WCAG 2.x writes 0.03928; sRGB's own threshold is 0.04045. No 8-bit
     * value lies between the two, so either gives the same result. */
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double tf_contrast_luminance(tf_color c)
{
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double tf_contrast_ratio(tf_color a, tf_color b)
{
    double la = tf_contrast_luminance(a), lb = tf_contrast_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

bool tf_contrast_large_text(tf_sp size, bool bold)
{
    return size >= TF_PT(18) || (bold && size >= TF_PT(14));
}

const char *tf_contrast_hex(tf_color c, char *buf)
{
    snprintf(buf, 8, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}
