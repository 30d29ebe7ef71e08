/* scale.h: the two rounding helpers the setter and the layout share: a
 * length scaled by a factor, and a colour mixed toward another. Rounded
 * half up in one place so every caller gets the same numbers. */
#ifndef TF_SCALE_H
#define TF_SCALE_H

#include "base.h"

/* v * k, rounded (k > 0). */
static inline tf_sp tf_sp_scaled(tf_sp v, double k) { return (tf_sp)((double)v * k + 0.5); }

/* a moved a fraction t (0..1) of the way to b, per channel. */
static inline tf_color tf_color_mix(tf_color a, tf_color b, double t)
{
    return (tf_color){(uint8_t)(a.r + (b.r - a.r) * t + 0.5), (uint8_t)(a.g + (b.g - a.g) * t + 0.5),
                      (uint8_t)(a.b + (b.b - a.b) * t + 0.5)};
}

#endif
