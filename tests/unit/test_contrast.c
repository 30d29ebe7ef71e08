/* test_contrast.c: WCAG 2.x contrast ratios of well-known pairs. */
#include <math.h>
#include <stdio.h>

#include "contrast.h"
#include "base.h"
#include "harness.h"

static tf_color hex(unsigned v) { return (tf_color){(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v}; }

/* to two decimals, as WCAG tools print them */
static int pct(double v) { return (int)lround(v * 100); }

static void test_known_pairs(void)
{
    tf_color white = hex(0xffffff);
    CHECK_EQ_INT(pct(tf_contrast_ratio(hex(0x000000), white)), 2100);  /* the maximum, 21:1 */
    CHECK_EQ_INT(pct(tf_contrast_ratio(white, white)), 100);            /* the minimum, 1:1 */
    CHECK_EQ_INT(pct(tf_contrast_ratio(hex(0x777777), white)), 448);    /* just fails AA: 4.48:1 */
    CHECK_EQ_INT(pct(tf_contrast_ratio(hex(0x767676), white)), 454);    /* the lightest grey that passes: 4.54:1 */
    CHECK_EQ_INT(pct(tf_contrast_ratio(hex(0x0000ff), white)), 859);    /* blue: 8.59:1 */
    CHECK_EQ_INT(pct(tf_contrast_ratio(hex(0xff0000), white)), 400);    /* red: 4.00:1 */
    CHECK_EQ_INT(pct(tf_contrast_ratio(hex(0x008000), white)), 514);    /* green: 5.14:1 */
    CHECK_EQ_INT(pct(tf_contrast_ratio(white, hex(0x777777))), 448);    /* either order */
    CHECK(fabs(tf_contrast_luminance(white) - 1.0) < 1e-9);
    CHECK(fabs(tf_contrast_luminance(hex(0x000000))) < 1e-9);
}

static void test_large_text(void)
{
    CHECK(tf_contrast_large_text(TF_PT(18), false));
    CHECK(!tf_contrast_large_text(TF_PT(17.9), false));
    CHECK(tf_contrast_large_text(TF_PT(14), true));
    CHECK(!tf_contrast_large_text(TF_PT(13.9), true));
    char buf[8];
    CHECK_EQ_STR(tf_contrast_hex(hex(0x1f5f61), buf), "#1f5f61");
}

int main(void)
{
    RUN(test_known_pairs);
    RUN(test_large_text);
    return DONE();
}
