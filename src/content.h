/* content.h: the content tree, the loader's output and layout's input.
 *
 * tf_content_load reads a brochure folder (brochure.yaml: language-neutral
 * settings and the panel plan; <base>.yaml: the base language's text;
 * <lang>.yaml: a translation over it) and returns one tf_doc. Every node
 * keeps the file, line and column it came from. The doc owns all of its
 * memory (one arena); tf_doc_free releases it. Translation rules (what a
 * translation may replace, what fell back) are locale.h's. A clinic
 * edition never writes to the loaded doc: it is a read-only view that
 * shares it (clinic.h, tf_clinic_view).
 *
 * The format is documented in docs/content-format.md. */
#ifndef TF_CONTENT_H
#define TF_CONTENT_H

#include "arena.h"
#include "base.h"
#include "params.h"

/* --- limits (docs/content-format.md, "Limits") --------------------------- */
#define TF_MAX_FILE_BYTES   (1024 * 1024)   /* a content file */
#define TF_MAX_DEPTH        32              /* YAML nesting */
#define TF_MAX_STRING_BYTES (16 * 1024)     /* one scalar */
#define TF_MAX_BLOCKS       1000            /* blocks in a document */
#define TF_MAX_ITEMS        200             /* items in one list/checklist */
#define TF_MAX_CONTACTS     200             /* entries in one contacts block */
/* an image's bytes and pixels: TF_MAX_IMAGE_BYTES, TF_MAX_IMAGE_PIXELS in image.h */
#define TF_MAX_FONT_BYTES   (64 * 1024 * 1024)

/* --- text ---------------------------------------------------------------- */

/* One translatable string. `src` is valid UTF-8 with inline markup not yet
 * parsed (**bold**, *italic*, [text](url), backslash escapes); NULL when the
 * field is absent. `loc` is where the scalar starts. */
typedef struct tf_text {
    const char *src;
    tf_loc loc;
    const char *lang;      /* language of src: the edition's, or the base's after a fallback */
} tf_text;

typedef struct tf_item {
    const char *id;
    tf_text text;
} tf_item;

typedef struct tf_contact {
    const char *id;
    tf_loc loc;
    tf_text name, description, phone, email, web;
    tf_text *address;      /* address lines */
    size_t n_address;
} tf_contact;

typedef enum tf_block_kind {     /* one row each in blockkind.def */
#define TF_BLOCK_KIND(id, key) TF_BLOCK_##id,
#include "blockkind.def"
#undef TF_BLOCK_KIND
} tf_block_kind;
enum {                           /* outside the enum: switches need no case for it */
#define TF_BLOCK_KIND(id, key) + 1
    TF_BLOCK_KIND_COUNT = 0
#include "blockkind.def"
#undef TF_BLOCK_KIND
};

typedef struct tf_block {
    tf_block_kind kind;
    const char *id;
    tf_loc loc;
    tf_text text;
    tf_item *items;            /* LIST, CHECKLIST */
    size_t n_items;
    tf_contact *contacts;      /* CONTACTS */
    size_t n_contacts;
    const char *image_path;    /* IMAGE: resolved path, checked to exist and be PNG/JPEG */
    tf_loc image_loc;
    double image_width;        /* IMAGE: fraction of the column width, 0..1 (default 1) */
} tf_block;

typedef struct tf_story {
    const char *id;
    tf_loc loc;
    tf_block *blocks;
    size_t n_blocks;
    /* A translation that does not map one to one replaces the whole block
     * list (`<story>: {_blocks: ...}` in the language file): blocks are
     * then the translation's, every text in its language, and base_blocks
     * the base's, kept for the staleness check (tkeys.h). */
    bool restructured;
    const tf_block *base_blocks;
    size_t n_base_blocks;
} tf_story;

/* --- sheet, theme, plan (brochure.yaml) ---------------------------------- */

typedef enum tf_fold { TF_FOLD_ROLL, TF_FOLD_Z, TF_FOLD_COUNT } tf_fold;
typedef enum tf_paper {      /* sizes and names: paper.def, paper.h */
#define TF_PAPER(id, ...) TF_PAPER_##id,
#include "paper.def"
#undef TF_PAPER
    TF_PAPER_COUNT
} tf_paper;

/* The six panels, by their place on the sheet (fold.c): COVER the outside
 * right, FLAP the outside left, BACK the outside middle, INSIDE_* the inside
 * left to right (RTL mirrors them all). The enum's order is a roll fold's
 * reading order; each fold's own is tf_fold_reading_order (fold.h). A fold
 * names its panels itself (tf_panel_name): a Z-fold has no flap and no back
 * there, and calls those places outside-left and outside-middle. */
typedef enum tf_panel_id {
    TF_PANEL_COVER,
    TF_PANEL_FLAP,
    TF_PANEL_INSIDE_LEFT,
    TF_PANEL_INSIDE_MIDDLE,
    TF_PANEL_INSIDE_RIGHT,
    TF_PANEL_BACK,
    TF_PANEL_COUNT
} tf_panel_id;

typedef struct tf_sheet_spec {
    tf_paper paper;
    tf_fold fold;
    tf_sp fold_in_width;      /* roll fold: width of the fold-in panel; 0 = paper's default */
} tf_sheet_spec;

typedef enum tf_face {
    TF_FACE_REGULAR,
    TF_FACE_ITALIC,
    TF_FACE_BOLD,
    TF_FACE_BOLD_ITALIC,
    TF_FACE_COUNT
} tf_face;

#define TF_MAX_FALLBACK_FONTS 8

/* A font family in the fallback chain: characters the main fonts lack are
 * drawn with the first family that has them. Faces it lacks use its
 * regular face (CJK and Arabic fonts often come in fewer styles). */
typedef struct tf_font_family {
    const char *font[TF_FACE_COUNT];   /* resolved paths; NULL: use regular */
    tf_loc font_loc[TF_FACE_COUNT];
} tf_font_family;

/* Patient-material thresholds (theme `checks`; docs/content-format.md,
 * "Patient-material checks"). `trifold check` fails an edition that misses
 * one; `build` warns. */
typedef struct tf_checks {
    double grade;                      /* highest reading grade (default 8: CDC) */
    tf_sp size;                        /* smallest body text (default 12 pt: AMA, NIH) */
    double contrast;                   /* lowest text contrast (default 4.5: WCAG 2.x AA) */
    double contrast_large;             /* the same for large text (default 3: WCAG) */
    tf_loc loc;                        /* the `checks` key; line 0: defaults */
} tf_checks;

typedef struct tf_theme {
    const char *font[TF_FACE_COUNT];   /* resolved paths, checked readable */
    tf_loc font_loc[TF_FACE_COUNT];
    tf_font_family fallback[TF_MAX_FALLBACK_FONTS];
    size_t n_fallback;
    tf_sp body_size;                   /* body text size */
    double leading;                    /* line height / size, e.g. 1.35 */
    double leading_min;                /* fit may tighten the leading down to this (0: never) */
    tf_sp gap_min;                     /* ...and the space between blocks down to this (0: never) */
    bool fit;                          /* pick the largest body size in [fit_min, fit_max] that fits */
    tf_sp fit_min, fit_max;
    bool justify;                      /* false: ragged right (default) */
    bool hyphenate;                    /* default true */
    tf_sp title_size, subtitle_size;   /* cover: absolute sizes */
    double heading_scale;              /* heading size = body size * scale */
    double sidebar_scale;              /* text in sidebars */
    double small_scale;                /* credit line */
    tf_sp contacts_min;                /* a story or sidebar holding contacts may shrink its text down to
                                          this size to fit its panel (0: not set; the default floor,
                                          layout.c slot_floor, applies) */
    tf_sp sidebar_min;                 /* a sidebar may shrink its text down to this size to fit its
                                          panel, rather than the fit lowering the body (0: not set, as
                                          contacts_min) */
    tf_sp title_min;                   /* a cover title wider than its panel shrinks down to this
                                          (0: the default floor, TF_TITLE_MIN_DEFAULT) */
    tf_color text, accent, accent_text, tint, heading;
    tf_sp safe;                        /* text keeps this far from trim and folds */
    tf_sp gap;                         /* space between blocks (paragraph spacing) */
    tf_checks checks;
    const char *press_profile;         /* press: CMYK output profile (resolved path), condition */
    const char *press_condition;       /*   identifier and rendering intent; NULL: defaults */
    const char *press_intent;          /*   (colour.h) */
    double press_ink_limit;            /* total area coverage, per cent; 0: 300 */
    tf_loc press_loc;
    tf_params params;                  /* params.def's defaults, overridden by `typesetting:` */
} tf_theme;

typedef enum tf_slot_kind {
    TF_SLOT_FLOW, TF_SLOT_SIDEBAR, TF_SLOT_STORY,
    TF_SLOT_CLINIC             /* the clinic's card (name, logo, contacts, QR); empty without a clinic */
} tf_slot_kind;

typedef struct tf_slot {
    tf_slot_kind kind;
    const char *story;         /* id of a story in the text files (checked to exist); NULL for CLINIC */
    bool boxed;                /* CLINIC: `clinic: sidebar` (tinted box) rather than `clinic: plain` */
    tf_loc loc;
} tf_slot;

typedef enum tf_panel_style { TF_STYLE_PLAIN, TF_STYLE_COVER, TF_STYLE_TINT } tf_panel_style;
typedef enum tf_valign { TF_VALIGN_TOP, TF_VALIGN_CENTER, TF_VALIGN_BOTTOM } tf_valign;

/* What goes on one panel, top to bottom. A FLOW slot takes the room the
 * other slots leave; slots after it stack up from the panel's bottom. At
 * most one FLOW slot per panel. */
typedef struct tf_panel_plan {
    bool present;
    tf_loc loc;
    tf_panel_style style;
    tf_valign valign;          /* panels without a FLOW slot */
    tf_slot *slots;
    size_t n_slots;
} tf_panel_plan;

/* --- the document -------------------------------------------------------- */

/* A text that fell back to the base language. */
typedef struct tf_fallback {
    const char *key;           /* e.g. "stories.body.intro" */
    tf_loc base_loc;           /* where the base text is */
} tf_fallback;

/* Words the layout adds (text files' `labels:`). The row labels are drawn;
 * the rest are templates for what a reader hears, a value in place of their
 * {...}: call "Call {number}", write "Email {address}", website "Website
 * {url}" (a link's /Contents), logo "{name} logo", qr_code "QR code: {url}"
 * (Alt texts); outside, inside: the print edition's page labels. NULL src:
 * the layout's English default. */
typedef struct tf_labels {
    tf_text phone, email, web, address;
    tf_text call, write, website, logo, qr_code;
    tf_text outside, inside;
} tf_labels;

/* The label keys of a text file, in one order (the loader, export and
 * import all use it), and the field of each. */
#define TF_LABEL_COUNT 11
extern const char *const tf_label_keys[TF_LABEL_COUNT];
tf_text *tf_labels_slot(tf_labels *lb, size_t i);

typedef struct tf_doc {
    tf_arena *arena;           /* owns everything below */
    const char *dir;           /* the brochure folder */
    const char *id;
    const char *base_lang;
    const char *lang;          /* the edition's language */
    const char **languages;    /* editions the brochure ships */
    size_t n_languages;
    tf_sheet_spec sheet;
    tf_theme theme;
    tf_panel_plan plan[TF_PANEL_COUNT];
    tf_text title, author, subject;   /* document metadata */
    tf_labels labels;
    tf_story *stories;
    size_t n_stories;
    tf_fallback *fallbacks;
    size_t n_fallbacks;
    const char *referrals;     /* id of the contacts block a clinic's referrals go to (NULL: the only one) */
    tf_loc referrals_loc;
    const struct tf_clinic *clinic;  /* a clinic edition's clinic (tf_clinic_view); borrowed */
    /* The language file's `_source:` record: for each translated key, a
     * short hash of the base text it was translated from (tkeys.h). */
    const char **source_keys, **source_hashes;
    size_t n_sources;
} tf_doc;

/* Load `dir`/brochure.yaml and the text for `lang` (NULL: the base
 * language). Reports every problem through diag and returns NULL if there
 * was any error. */
tf_doc *tf_content_load(const char *dir, const char *lang);
void tf_doc_free(tf_doc *doc);

const tf_story *tf_doc_story(const tf_doc *doc, const char *id);
/* A panel's name in the content format for the fold: "cover", "flap",
 * "inside-left", ... for a roll fold; "cover", "inside-left", ...,
 * "outside-left", "outside-middle" for a Z-fold. */
const char *tf_panel_name(tf_fold fold, tf_panel_id p);
/* A block kind's YAML name ("checklist"). */
const char *tf_block_kind_name(tf_block_kind k);

#endif
