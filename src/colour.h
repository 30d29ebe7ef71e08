/* colour.h: theme colours -> the inks of an output (LittleCMS 2).
 *
 * Layout and the display list keep colours as the theme wrote them
 * (tf_color: sRGB, or CMYK when the theme said cmyk(...)); the PDF writer
 * asks this module what to paint with:
 *
 *   office  sRGB, painted in an ICCBased sRGB space (the profile comes from
 *           tf_colour_srgb_icc). A cmyk() colour is converted from the press
 *           profile to sRGB.
 *   press   DeviceCMYK for the output condition's profile (the PDF/X
 *           OutputIntent). sRGB goes through the profile with the chosen
 *           rendering intent (relative colorimetric + black point
 *           compensation by default); a neutral grey (chroma under
 *           TF_NEUTRAL_CHROMA_*) becomes black ink only, with the lightness
 *           the four-ink conversion would have printed; cmyk() passes
 *           through as written.
 *
 * Ownership: a tf_colour owns its profiles and transforms; tf_colour_free
 * releases them. Conversions are cached per colour (a document has a
 * handful). Not thread-safe: one per document or per process. */
#ifndef TF_COLOUR_H
#define TF_COLOUR_H

#include "base.h"

typedef enum tf_intent {
    TF_INTENT_PERCEPTUAL, TF_INTENT_RELATIVE, TF_INTENT_SATURATION, TF_INTENT_ABSOLUTE
} tf_intent;

/* CIE L*a*b* chroma under which an sRGB colour counts as a neutral grey:
 * for text and strokes (detail) a near-neutral dark text colour is still
 * set in black ink; a fill keeps its cast unless it is really grey. */
#define TF_NEUTRAL_CHROMA_DETAIL 8.0
#define TF_NEUTRAL_CHROMA_FILL 2.0

/* What to paint with: RGB (0..1000 per channel, in the sRGB ICC space) or
 * CMYK (0..1000 = 0..100 % per ink, DeviceCMYK of the output intent). */
typedef struct tf_ink {
    bool cmyk;
    uint16_t v[4];
} tf_ink;

static inline bool tf_ink_k_only(tf_ink k)
{
    return k.cmyk && !k.v[0] && !k.v[1] && !k.v[2] && k.v[3];
}
static inline int tf_ink_total(tf_ink k) { return k.cmyk ? k.v[0] + k.v[1] + k.v[2] + k.v[3] : 0; }
static inline int tf_ink_count(tf_ink k)
{
    return k.cmyk ? (k.v[0] > 0) + (k.v[1] > 0) + (k.v[2] > 0) + (k.v[3] > 0) : 3;
}

/* The print condition: the theme's `press:` keys with --press-profile /
 * --press-condition over them. NULL fields: the defaults (the FOGRA39
 * profile built by make, condition "FOGRA39"). */
typedef struct tf_press_spec {
    const char *profile;       /* CMYK output ICC profile */
    const char *condition;     /* OutputConditionIdentifier */
    const char *info;          /* human-readable condition (NULL: from the profile) */
    tf_intent intent;
    bool no_bpc;               /* black point compensation is on unless this */
    int ink_limit;             /* total area coverage in 1/10 %, 0: 3000 (300 %) */
    tf_loc loc;                /* where the theme set it (line 0: the command line) */
} tf_press_spec;

typedef struct tf_colour tf_colour;

/* press = false: office (sRGB). The press profile is loaded when press is
 * true or when `needs_profile` (a cmyk() colour in office output). Reports
 * a missing or unusable profile (not CMYK, not an output profile) and
 * returns NULL. */
tf_colour *tf_colour_new(const tf_press_spec *spec, bool press, bool needs_profile);
void tf_colour_free(tf_colour *cm);

bool tf_colour_press(const tf_colour *cm);

/* The ink for a theme colour; `detail`: text or a stroke (see above). */
tf_ink tf_colour_ink(tf_colour *cm, tf_color c, bool detail);

/* The total ink limit in 1/10 %. */
int tf_colour_ink_limit(const tf_colour *cm);

/* Press: the output profile's bytes (embedded as DestOutputProfile), the
 * condition identifier and its description. */
const unsigned char *tf_colour_output_icc(const tf_colour *cm, size_t *len);
const char *tf_colour_condition(const tf_colour *cm);
const char *tf_colour_condition_info(const tf_colour *cm);

/* The sRGB profile office output paints in (built by LittleCMS, with a
 * fixed date so output stays byte-identical). Static storage. */
const unsigned char *tf_colour_srgb_icc(size_t *len);

/* Where the default press profile is looked for: $TRIFOLD_PROFILE_DIR,
 * the directory of the running binary (make builds it into build/), then
 * TF_DATADIR. Returns a malloc'd path of the first that exists, or NULL. */
char *tf_colour_default_profile(void);

/* Parse "relative", "perceptual", "saturation", "absolute". */
bool tf_colour_intent_parse(const char *s, tf_intent *out);

#endif
