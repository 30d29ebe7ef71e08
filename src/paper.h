/* paper.h: the vocabulary of the sheet: papers (paper.def: name, size,
 * default fold, default fold-in panel, bleed) and fold names. One table
 * that the loader, the CLI and fold.c all read. */
#ifndef TF_PAPER_H
#define TF_PAPER_H

#include "content.h"

typedef struct tf_paper_info {
    const char *name;          /* as written in brochure.yaml and --paper */
    tf_sp trim_w, trim_h;      /* landscape */
    tf_fold default_fold;
    tf_sp fold_in;             /* roll fold: the narrow panel's default width */
    tf_sp bleed;               /* press edition */
} tf_paper_info;

const tf_paper_info *tf_paper_get(tf_paper p);

/* Names in table order, for the loader's enum checks and messages. */
extern const char *const tf_paper_names[TF_PAPER_COUNT];
extern const char *const tf_fold_names[TF_FOLD_COUNT];

/* Index of `name` in names[0..n), or -1. */
int tf_name_index(const char *const *names, size_t n, const char *name);
/* "a, b or c" into buf (for "use a, b or c" messages); returns buf. */
const char *tf_name_choices(const char *const *names, size_t n, char *buf, size_t size);

#endif
