/* pmcheck.h: patient-material checks of one laid-out edition.
 *
 * Reading level comes from the content tree (the text of every story the
 * plan places, with file:line); sizes, line lengths and contrast come from
 * the finished display list (what is actually drawn, at what size, in what
 * colour, on what). Thresholds are the theme's `checks`. Nothing is
 * printed here: pmreport.h prints, main.c decides the exit status.
 *
 * A tf_pm_ctx keeps what is worth loading once for a batch of editions
 * (the content files read back to place sentences on their lines); the
 * hyphenation dictionaries used for syllables are the batch's tf_res. */
#ifndef TF_PMCHECK_H
#define TF_PMCHECK_H

#include "arena.h"
#include "content.h"
#include "layout.h"
#include "readability.h"
#include "res.h"

typedef struct tf_pm_ctx tf_pm_ctx;

/* `res` (borrowed; it outlives the ctx) supplies the dictionaries. */
tf_pm_ctx *tf_pm_ctx_new(tf_res *res);
void tf_pm_ctx_free(tf_pm_ctx *c);            /* NULL is fine */

/* Roles of drawn text, as the size check sees them. */
typedef enum tf_pm_role {
    TF_PM_BODY,             /* paragraphs and lists of stories that are not sidebars */
    TF_PM_SIDEBAR,          /* text of sidebar stories (tinted boxes) */
    TF_PM_CONTACTS,         /* contact entries and the clinic card */
    TF_PM_CREDIT,           /* credit lines (small print) */
    TF_PM_HEADING,          /* titles, subtitles, headings: larger than body, not checked */
    TF_PM_ROLE_COUNT
} tf_pm_role;

const char *tf_pm_role_name(tf_pm_role r);

typedef struct tf_pm_story {
    const char *id;
    tf_loc loc;
    tf_read_counts counts;
    double grade;           /* the language's checked figure (NAN: none) */
    double second;          /* SMOG / Szigriszt-Pazos / Amstad (NAN: none) */
} tf_pm_story;

#define TF_PM_HARDEST 5

typedef struct tf_pm_sentence {
    tf_loc loc;             /* file and line the sentence starts on */
    const char *text;       /* plain text (arena) */
    size_t words;           /* words (CJK: characters) */
    double figure;          /* the sentence's own grade (en: FK, es: Fernandez-Huerta, de: WSTF), or NAN */
    double rank;            /* higher is harder */
} tf_pm_sentence;

typedef struct tf_pm_pair {
    tf_color fg, bg;
    bool large;             /* WCAG large text */
    bool on_image;          /* drawn over an image: background unknown */
    double ratio, required;
    size_t runs;            /* glyph runs drawn with this pair */
    int page;
    const char *where;      /* "outside, panel cover" / "page 2" (arena) */
    const char *sample;     /* the first run's text (arena) */
    tf_pm_role role;
} tf_pm_pair;

typedef struct tf_pm_report {
    tf_arena *arena;        /* owns everything below */
    const char *brochure, *lang, *clinic;
    bool screen;
    tf_checks th;
    tf_sp body_size;

    /* reading level */
    tf_read_formula formula;
    bool dict;              /* a hyphenation dictionary refined the syllables */
    tf_read_counts total;
    double grade, second;   /* over the whole edition (NAN: no formula / no text) */
    double limit;           /* what `grade` must not pass (es: a minimum score) */
    bool grade_is_score;    /* es: higher is easier, `limit` is a minimum */
    bool grade_ok;
    size_t skipped_texts;   /* texts in another language (fallbacks), not counted */
    tf_pm_story *stories;
    size_t n_stories;
    tf_pm_sentence hardest[TF_PM_HARDEST];
    size_t n_hardest;

    /* sizes */
    tf_sp min_size[TF_PM_ROLE_COUNT];   /* 0: role not drawn */
    const char *min_where[TF_PM_ROLE_COUNT];
    bool size_ok;                       /* body text at or above th.size */
    /* line length of body paragraphs, characters per full line */
    size_t lines, lines_outside;
    double line_mean;
    int line_min, line_max;
    bool lines_checked;                 /* enough lines, an alphabetic script */
    bool lines_ok;

    /* contrast */
    tf_pm_pair *pairs;
    size_t n_pairs;
    double contrast_min;                /* over pairs with a known background */
    bool contrast_ok;
} tf_pm_report;

/* Measure one edition laid out as `l`. `clinic` names a clinic edition
 * (NULL: none). Returns true when every threshold is met. */
bool tf_pm_run(tf_pm_ctx *c, const tf_doc *doc, const tf_layout *l, const char *clinic,
               tf_pm_report *out);
void tf_pm_report_free(tf_pm_report *r);

/* Line-length guidance (characters per line of body text). */
#define TF_PM_LINE_MIN 40
#define TF_PM_LINE_MAX 75
/* Fewer words than this: the figure is shown, not judged (formulas were
 * fitted on passages of 100 words and more). */
#define TF_PM_MIN_WORDS 100

#endif
