/* rules.h: the typesetting rules checked on every build, from the engine's
 * own layout record (placed.h), never from the PDF (issue 10).
 *
 * Each rule has a name (used in messages, `check --json` and the test
 * corpus's tests/layout/known.txt) and a severity in one table (rules.c,
 * tf_rule_table): a warning names the edition, the panel and the block's
 * file:line:col and the build goes on; an error fails the edition like any
 * content error. While the engine is taught to hold the rules, they are
 * warnings; making one an error is a change of one row. */
#ifndef TF_RULES_H
#define TF_RULES_H

#include "json.h"
#include "placed.h"

typedef enum tf_rule {
    TF_RULE_STRANDED,           /* a heading, list lead-in, checklist/contacts title ends a frame */
    TF_RULE_EMPTY_PANEL,        /* a panel a flow runs through holds nothing of it */
    TF_RULE_UNDERFULL,          /* a flow panel under half full with the body below the theme's size */
    TF_RULE_SPLIT_UNIT,         /* a list/checklist item (< 4 lines) or contact split over panels */
    TF_RULE_LONELY_LINE,        /* one line of a paragraph alone at a frame's top or bottom */
    TF_RULE_HYPHEN_NOT_RUNNING, /* a hyphen in a title, heading, name, phone, address, URL, e-mail */
    TF_RULE_HYPHEN_AT_BREAK,    /* a hyphenated line ends a frame (the word goes on on the next panel) */
    TF_RULE_HYPHEN_LAST_WORD,   /* a paragraph's or item's last word hyphenated */
    TF_RULE_HYPHEN_LADDER,      /* more than two hyphenated lines in a row */
    TF_RULE_LOOSE_JUSTIFIED,    /* more than one justified line with word spaces over 2x */
    TF_RULE_COUNT
} tf_rule;

typedef enum tf_severity { TF_SEV_OFF, TF_SEV_WARNING, TF_SEV_ERROR } tf_severity;

typedef struct tf_rule_info {
    const char *name;           /* "stranded-heading", ... */
    tf_severity severity;
    const char *what;           /* one line for docs and --layout */
} tf_rule_info;

extern const tf_rule_info tf_rule_table[TF_RULE_COUNT];

typedef struct tf_violation {
    tf_rule rule;
    tf_panel_id panel;
    const tf_loc *loc;          /* the block's text; NULL: the panel as a whole */
    const char *message;
} tf_violation;

typedef struct tf_rules_result {
    tf_violation *v;
    size_t n;
    size_t loose_lines;         /* justified lines with word spaces over 2x */
    double worst_ratio;         /* widest justified word space / natural */
    size_t hyphenated_lines, justified_lines;
    tf_fold fold;               /* names the panels */
} tf_rules_result;

/* Check every rule on a report; the result lives in `a`. */
void tf_rules_check(const tf_placed_report *r, const tf_doc *doc, tf_arena *a, tf_rules_result *out);

/* Say each violation through diag as its rule's severity, naming `edition`;
 * returns the number of errors. */
int tf_rules_diagnose(const tf_rules_result *res, const char *edition);

/* The layout report: as a "layout" member of check --json's edition
 * object, and as text (check --layout). */
void tf_rules_json(tf_json *j, const tf_placed_report *r, const tf_rules_result *res);
void tf_rules_print(FILE *out, const tf_placed_report *r, const tf_rules_result *res, const char *edition);

#endif
