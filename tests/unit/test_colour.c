/* colour.c: what each output paints a theme colour with. The press
 * profile is the one make builds beside the binary (build/FOGRA39L.icc);
 * the expected CMYK figures were measured independently with LittleCMS's
 * transicc (-i *sRGB -o build/FOGRA39L.icc -t 1 -b), see test_press.py. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#include "colour.h"
#include "diag.h"

static char profile[4096];

static bool find_profile(void)
{
    ssize_t n = readlink("/proc/self/exe", profile, sizeof profile - 32);
    if (n <= 0) return false;
    profile[n] = 0;
    char *slash = strrchr(profile, '/');
    if (!slash) return false;
    strcpy(slash, "/../FOGRA39L.icc");      /* build/tests/test_colour -> build/FOGRA39L.icc */
    return access(profile, R_OK) == 0;
}

static tf_colour *press(void)
{
    tf_press_spec spec = {.profile = profile, .intent = TF_INTENT_RELATIVE};
    return tf_colour_new(&spec, true, false);
}

static void test_office(void)
{
    tf_colour *cm = tf_colour_new(NULL, false, false);
    CHECK(cm != NULL);
    tf_ink k = tf_colour_ink(cm, TF_RGB(0x2b, 0x80, 0xff), true);
    CHECK(!k.cmyk);
    CHECK_EQ_INT(k.v[0], 169);          /* 0x2b / 255 in 1/1000 */
    CHECK_EQ_INT(k.v[1], 502);
    CHECK_EQ_INT(k.v[2], 1000);
    tf_colour_free(cm);
}

static void test_office_cmyk(void)
{
    /* a cmyk() colour in office output goes through the press profile */
    tf_press_spec spec = {.profile = profile};
    tf_colour *cm = tf_colour_new(&spec, false, true);
    CHECK(cm != NULL);
    tf_color c = {.cmyk = true, .k = 100};
    tf_ink k = tf_colour_ink(cm, c, false);
    CHECK(!k.cmyk);
    CHECK(k.v[0] > 50 && k.v[0] < 300 && abs(k.v[0] - k.v[1]) <= 20);   /* dark grey, not black */
    tf_colour_free(cm);
}

static void test_press_inks(void)
{
    tf_colour *cm = press();
    CHECK(cm != NULL);
    if (!cm) return;
    /* the attachment heading teal, as transicc converts it: 70.6 15.6 35.2 55.6 */
    tf_ink k = tf_colour_ink(cm, TF_RGB(0x1f, 0x5f, 0x61), false);
    CHECK(k.cmyk);
    CHECK(abs(k.v[0] - 706) <= 2 && abs(k.v[1] - 156) <= 2 && abs(k.v[2] - 352) <= 2 &&
          abs(k.v[3] - 556) <= 2);
    /* greys in text and rules: black ink only */
    k = tf_colour_ink(cm, TF_RGB(0x2b, 0x2b, 0x2b), true);
    CHECK(tf_ink_k_only(k) && k.v[3] > 900);
    k = tf_colour_ink(cm, TF_RGB(0, 0, 0), true);
    CHECK(tf_ink_k_only(k) && k.v[3] == 1000);
    k = tf_colour_ink(cm, TF_RGB(0x80, 0x80, 0x80), false);
    CHECK(tf_ink_k_only(k));
    /* a near-neutral with a cast: black for text, four inks as a fill */
    CHECK(tf_ink_k_only(tf_colour_ink(cm, TF_RGB(0x1f, 0x1f, 0x29), true)));
    CHECK(!tf_ink_k_only(tf_colour_ink(cm, TF_RGB(0xf6, 0xef, 0xe4), false)));
    /* white: no ink */
    k = tf_colour_ink(cm, TF_RGB(255, 255, 255), true);
    CHECK(k.cmyk && tf_ink_total(k) == 0);
    /* cmyk() as written */
    tf_color c = {.cmyk = true, .c = 90, .m = 20, .y = 40, .k = 30};
    k = tf_colour_ink(cm, c, false);
    CHECK(k.v[0] == 900 && k.v[1] == 200 && k.v[2] == 400 && k.v[3] == 300);
    /* conversions stay within the condition's 300 % */
    int worst = 0;
    for (int r = 0; r < 256; r += 51)
        for (int g = 0; g < 256; g += 51)
            for (int b = 0; b < 256; b += 51) {
                int t = tf_ink_total(tf_colour_ink(cm, TF_RGB(r, g, b), false));
                if (t > worst) worst = t;
            }
    CHECK(worst <= tf_colour_ink_limit(cm));
    CHECK_EQ_STR(tf_colour_condition(cm), "FOGRA39");
    size_t n;
    const unsigned char *icc = tf_colour_output_icc(cm, &n);
    CHECK(n > 128 && !memcmp(icc + 12, "prtr", 4) && !memcmp(icc + 16, "CMYK", 4));
    tf_colour_free(cm);
}

static void test_srgb_profile(void)
{
    size_t n1, n2;
    const unsigned char *a = tf_colour_srgb_icc(&n1), *b = tf_colour_srgb_icc(&n2);
    CHECK(a && n1 > 128 && n1 == n2 && a == b);
    CHECK(!memcmp(a + 36, "acsp", 4) && !memcmp(a + 16, "RGB ", 4));
    CHECK(a[24] == 0x07 && a[25] == 0xEA);       /* the fixed date: 2026 */
}

static void test_errors(void)
{
    tf_diag_reset();
    FILE *sink = fopen("/dev/null", "w");
    tf_diag_set_stream(sink);
    tf_press_spec spec = {.profile = "/nonexistent/profile.icc"};
    CHECK(tf_colour_new(&spec, true, false) == NULL);
    spec.profile = "/proc/self/exe";            /* not a profile */
    CHECK(tf_colour_new(&spec, true, false) == NULL);
    CHECK_EQ_INT(tf_diag_errors(), 2);
    tf_diag_set_stream(NULL);
    fclose(sink);
    tf_diag_reset();
    tf_intent it;
    CHECK(tf_colour_intent_parse("perceptual", &it) && it == TF_INTENT_PERCEPTUAL);
    CHECK(!tf_colour_intent_parse("colorimetric", &it));
}

int main(void)
{
    if (!find_profile()) {
        printf("FAIL test_colour: no %s (make builds it)\n", profile);
        return 1;
    }
    RUN(test_office);
    RUN(test_office_cmyk);
    RUN(test_press_inks);
    RUN(test_srgb_profile);
    RUN(test_errors);
    return DONE();
}
