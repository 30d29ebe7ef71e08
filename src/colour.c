/* colour.c: theme colours to inks with LittleCMS 2 (colour.h says what
 * each output paints with).
 *
 * Neutral greys to black ink: a grey converted through a CMYK profile
 * comes out as four inks (FOGRA39 makes #2b2b2b about C70 M64 Y60 K70);
 * small type in four inks shows every registration error. So a neutral
 * (chroma under TF_NEUTRAL_CHROMA_* in L*a*b*) is first converted the usual
 * way, its printed lightness read back through the profile (CMYK -> Lab),
 * and then K alone is searched for that lightness (bisection on the
 * profile's K ramp). Where K alone cannot get as dark (the darkest greys),
 * it is 100 % K.
 *
 * Every ink is rounded to 0.1 %. The total ink limit is checked by the
 * callers (render.c for the theme's colours at build time, preflight.c for
 * every colour drawn): the profile's separation keeps conversions within
 * it; a cmyk() colour in the theme may not be. */
#include "colour.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lcms2.h>

#include "arena.h"
#include "datadir.h"
#include "diag.h"
#include "file.h"
#include "lazylib.h"

#define MAX_PROFILE_BYTES (64u * 1024 * 1024)
#define DEFAULT_PROFILE "FOGRA39L.icc"
#define DEFAULT_CONDITION "FOGRA39"
#define DEFAULT_INFO "Coated FOGRA39 (ISO 12647-2:2004/Amd 1, coated paper, 300 % TAC)"
#define CACHE 32

/* LittleCMS, loaded when a CMYK profile is (press output, a cmyk() colour
 * in office output; lazylib.h): an office edition in sRGB never loads it. */
#ifndef TF_SO_LCMS2
#define TF_SO_LCMS2 "liblcms2.so.2"
#endif
/* name, return type, parameters: each as declared in <lcms2.h> */
#define CMS_FUNCTIONS(X) \
    X(cmsSetLogErrorHandler, void, (cmsLogErrorHandlerFunction)) \
    X(cmsGetProfileInfoASCII, cmsUInt32Number, \
      (cmsHPROFILE, cmsInfoType, const char *, const char *, char *, cmsUInt32Number)) \
    X(cmsOpenProfileFromMem, cmsHPROFILE, (const void *, cmsUInt32Number)) \
    X(cmsGetColorSpace, cmsColorSpaceSignature, (cmsHPROFILE)) \
    X(cmsGetDeviceClass, cmsProfileClassSignature, (cmsHPROFILE)) \
    X(cmsCreate_sRGBProfile, cmsHPROFILE, (void)) \
    X(cmsCreateLab4Profile, cmsHPROFILE, (const cmsCIExyY *)) \
    X(cmsCreateTransform, cmsHTRANSFORM, \
      (cmsHPROFILE, cmsUInt32Number, cmsHPROFILE, cmsUInt32Number, cmsUInt32Number, cmsUInt32Number)) \
    X(cmsCloseProfile, cmsBool, (cmsHPROFILE)) \
    X(cmsDeleteTransform, void, (cmsHTRANSFORM)) \
    X(cmsDoTransform, void, (cmsHTRANSFORM, const void *, void *, cmsUInt32Number))

enum { CMS_FUNCTIONS(TF_LAZY_ENUM) N_CMS_FNS };
static const char *const cms_names[N_CMS_FNS] = {CMS_FUNCTIONS(TF_LAZY_NAME)};
CMS_FUNCTIONS(TF_LAZY_TYPE)
static tf_lazyfn cms_fns[N_CMS_FNS];
static tf_lazylib cms_lib = {TF_SO_LCMS2, "colour conversion with an ICC profile", "liblcms2-2", cms_names,
                             N_CMS_FNS, cms_fns, 0};
#define CMS(n) ((n##_fn)cms_fns[F_##n])

static void lcms_quiet(cmsContext id, cmsUInt32Number code, const char *text);

static bool cms_load(void)
{
    CMS_FUNCTIONS(TF_LAZY_CHECK_FN)
    bool first = cms_lib.state == 0;
    if (!tf_lazylib_load(&cms_lib)) return false;
    if (first) CMS(cmsSetLogErrorHandler)(lcms_quiet);
    return true;
}

struct tf_colour {
    bool press;
    int limit;                     /* 1/10 % */
    unsigned char *icc;            /* output profile bytes */
    size_t icc_len;
    char *condition, *info;
    cmsHPROFILE out;               /* CMYK output profile, NULL when not needed */
    cmsHTRANSFORM to_cmyk;         /* sRGB -> CMYK (intent, BPC) */
    cmsHTRANSFORM to_lab;          /* sRGB -> Lab (neutral test) */
    cmsHTRANSFORM cmyk_lab;        /* CMYK -> Lab (relative colorimetric) */
    cmsHTRANSFORM cmyk_rgb;        /* CMYK -> sRGB (cmyk() in office output) */
    tf_color key[CACHE];
    bool key_detail[CACHE];
    tf_ink val[CACHE];
    size_t n;
    tf_loc loc;
};

static void lcms_quiet(cmsContext id, cmsUInt32Number code, const char *text)
{
    (void)id; (void)code; (void)text;   /* failures are reported by the caller */
}

bool tf_colour_intent_parse(const char *s, tf_intent *out)
{
    static const char *const names[] = {"perceptual", "relative", "saturation", "absolute"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(s, names[i])) { *out = (tf_intent)i; return true; }
    return false;
}

char *tf_colour_default_profile(void)
{
    char path[4096];
    return tf_datadir_find(DEFAULT_PROFILE, path, sizeof path) ? tf_xstrdup(path) : NULL;
}

/* The profile's description tag, for /Info when none is given. */
static char *profile_description(cmsHPROFILE h)
{
    char s[256];
    cmsUInt32Number n = CMS(cmsGetProfileInfoASCII)(h, cmsInfoDescription, "en", "US", s, sizeof s);
    return n > 1 ? tf_xstrdup(s) : NULL;
}

static bool load_output(tf_colour *cm, const tf_press_spec *spec)
{
    char *def = NULL;
    const char *path = spec->profile;
    if (!path) {
        def = tf_colour_default_profile();
        if (!def) {
            tf_diag_error(NULL, "no press profile: %s not found in trifold's data folders (datadir.h; "
                          "make builds it; or give --press-profile FILE)", DEFAULT_PROFILE);
            return false;
        }
        path = def;
    }
    const tf_loc *where = spec->loc.file ? &spec->loc : NULL;
    tf_file_error ferr;
    cm->icc = (unsigned char *)tf_file_read(path, MAX_PROFILE_BYTES, &cm->icc_len, NULL, NULL, &ferr);
    bool ok = cm->icc != NULL;
    if (!ok) tf_diag_error(where, "cannot read press profile '%s'", path);
    if (ok) ok = cms_load();
    if (ok) {
        cm->out = CMS(cmsOpenProfileFromMem)(cm->icc, (cmsUInt32Number)cm->icc_len);
        ok = cm->out && CMS(cmsGetColorSpace)(cm->out) == cmsSigCmykData &&
             CMS(cmsGetDeviceClass)(cm->out) == cmsSigOutputClass;
        if (!ok)
            tf_diag_error(where, "press profile '%s' is not a CMYK output ICC profile", path);
    }
    if (ok) {
        cmsHPROFILE srgb = CMS(cmsCreate_sRGBProfile)(), lab = CMS(cmsCreateLab4Profile)(NULL);
        cmsUInt32Number flags = (spec->no_bpc ? 0 : cmsFLAGS_BLACKPOINTCOMPENSATION) | cmsFLAGS_NOCACHE;
        cm->to_cmyk = CMS(cmsCreateTransform)(srgb, TYPE_RGB_8, cm->out, TYPE_CMYK_DBL,
                                         (cmsUInt32Number)spec->intent, flags);
        cm->to_lab = CMS(cmsCreateTransform)(srgb, TYPE_RGB_8, lab, TYPE_Lab_DBL,
                                        INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOCACHE);
        cm->cmyk_lab = CMS(cmsCreateTransform)(cm->out, TYPE_CMYK_DBL, lab, TYPE_Lab_DBL,
                                          INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOCACHE);
        cm->cmyk_rgb = CMS(cmsCreateTransform)(cm->out, TYPE_CMYK_DBL, srgb, TYPE_RGB_DBL,
                                          (cmsUInt32Number)spec->intent, flags);
        CMS(cmsCloseProfile)(srgb);
        CMS(cmsCloseProfile)(lab);
        ok = cm->to_cmyk && cm->to_lab && cm->cmyk_lab && cm->cmyk_rgb;
        if (!ok) tf_diag_error(where, "press profile '%s': LittleCMS cannot convert with it", path);
    }
    if (ok) {
        cm->condition = tf_xstrdup(spec->condition ? spec->condition : DEFAULT_CONDITION);
        if (spec->info) cm->info = tf_xstrdup(spec->info);
        else if (!spec->profile && !spec->condition) cm->info = tf_xstrdup(DEFAULT_INFO);
        else cm->info = profile_description(cm->out);
        if (!cm->info) cm->info = tf_xstrdup(cm->condition);
    }
    free(def);
    return ok;
}

tf_colour *tf_colour_new(const tf_press_spec *spec, bool press, bool needs_profile)
{
    tf_colour *cm = tf_xcalloc(1, sizeof *cm);
    cm->press = press;
    cm->limit = spec && spec->ink_limit ? spec->ink_limit : 3000;
    tf_press_spec def = {0};
    if (!spec) spec = &def;
    cm->loc = spec->loc;
    if ((press || needs_profile) && !load_output(cm, spec)) {
        tf_colour_free(cm);
        return NULL;
    }
    return cm;
}

void tf_colour_free(tf_colour *cm)
{
    if (!cm) return;
    if (cm->to_cmyk) CMS(cmsDeleteTransform)(cm->to_cmyk);
    if (cm->to_lab) CMS(cmsDeleteTransform)(cm->to_lab);
    if (cm->cmyk_lab) CMS(cmsDeleteTransform)(cm->cmyk_lab);
    if (cm->cmyk_rgb) CMS(cmsDeleteTransform)(cm->cmyk_rgb);
    if (cm->out) CMS(cmsCloseProfile)(cm->out);
    free(cm->icc);
    free(cm->condition);
    free(cm->info);
    free(cm);
}

bool tf_colour_press(const tf_colour *cm) { return cm->press; }
int tf_colour_ink_limit(const tf_colour *cm) { return cm->limit; }

const unsigned char *tf_colour_output_icc(const tf_colour *cm, size_t *len)
{
    *len = cm->icc_len;
    return cm->icc;
}
const char *tf_colour_condition(const tf_colour *cm) { return cm->condition; }
const char *tf_colour_condition_info(const tf_colour *cm) { return cm->info; }

static uint16_t tenth(double percent)
{
    if (percent < 0) percent = 0;
    if (percent > 100) percent = 100;
    return (uint16_t)(percent * 10 + 0.5);
}

static double lightness(tf_colour *cm, const double cmyk[4])
{
    cmsCIELab lab;
    CMS(cmsDoTransform)(cm->cmyk_lab, cmyk, &lab, 1);
    return lab.L;
}

static tf_ink convert(tf_colour *cm, tf_color c, bool detail)
{
    tf_ink k = {0};
    if (!cm->press) {
        if (!c.cmyk) {
            k.v[0] = (uint16_t)((c.r * 1000 + 127) / 255);
            k.v[1] = (uint16_t)((c.g * 1000 + 127) / 255);
            k.v[2] = (uint16_t)((c.b * 1000 + 127) / 255);
            return k;
        }
        double in[4] = {c.c, c.m, c.y, c.k}, rgb[3];
        CMS(cmsDoTransform)(cm->cmyk_rgb, in, rgb, 1);
        for (int i = 0; i < 3; i++) {
            double v = rgb[i] < 0 ? 0 : rgb[i] > 1 ? 1 : rgb[i];
            k.v[i] = (uint16_t)(v * 1000 + 0.5);
        }
        return k;
    }
    k.cmyk = true;
    if (c.cmyk) {
        k.v[0] = (uint16_t)(c.c * 10); k.v[1] = (uint16_t)(c.m * 10);
        k.v[2] = (uint16_t)(c.y * 10); k.v[3] = (uint16_t)(c.k * 10);
        return k;
    }
    unsigned char rgb[3] = {c.r, c.g, c.b};
    double cmyk[4];
    CMS(cmsDoTransform)(cm->to_cmyk, rgb, cmyk, 1);
    cmsCIELab lab;
    CMS(cmsDoTransform)(cm->to_lab, rgb, &lab, 1);
    double chroma = detail ? TF_NEUTRAL_CHROMA_DETAIL : TF_NEUTRAL_CHROMA_FILL;
    if (lab.a * lab.a + lab.b * lab.b < chroma * chroma) {
        /* black ink only, as light as the four-ink grey would print */
        double want = lightness(cm, cmyk), lo = 0, hi = 100;
        double kk[4] = {0, 0, 0, 100};
        if (cmyk[0] + cmyk[1] + cmyk[2] + cmyk[3] < 0.05) return k;   /* white: no ink */
        if (lightness(cm, kk) >= want) {
            k.v[3] = 1000;
            return k;
        }
        for (int i = 0; i < 30; i++) {
            kk[3] = (lo + hi) / 2;
            if (lightness(cm, kk) > want) lo = kk[3]; else hi = kk[3];
        }
        k.v[3] = tenth((lo + hi) / 2);
        return k;
    }
    for (int i = 0; i < 4; i++) k.v[i] = tenth(cmyk[i]);
    return k;
}

tf_ink tf_colour_ink(tf_colour *cm, tf_color c, bool detail)
{
    detail = detail && cm->press;
    for (size_t i = 0; i < cm->n; i++)
        if (!memcmp(&cm->key[i], &c, sizeof c) && cm->key_detail[i] == detail) return cm->val[i];
    tf_ink k = convert(cm, c, detail);
    if (cm->n == CACHE) cm->n = 0;     /* a document has a handful of colours */
    cm->key[cm->n] = c;
    cm->key_detail[cm->n] = detail;
    cm->val[cm->n++] = k;
    return k;
}

/* Made at build time by tools/gen_srgb_icc.c (LittleCMS's built-in sRGB,
 * a fixed date): build/gen/srgb_icc.c. */
extern const unsigned char tf_srgb_icc[];
extern const size_t tf_srgb_icc_len;

const unsigned char *tf_colour_srgb_icc(size_t *len)
{
    *len = tf_srgb_icc_len;
    return tf_srgb_icc;
}
