/* paper.c: the paper table (paper.def) and fold names. */
#include "paper.h"

#include <stdio.h>
#include <string.h>

static const tf_paper_info papers[TF_PAPER_COUNT] = {
#define TF_PAPER(id, name, w, h, fold, fold_in, bleed) [TF_PAPER_##id] = {name, w, h, fold, fold_in, bleed},
#include "paper.def"
#undef TF_PAPER
};

const char *const tf_paper_names[TF_PAPER_COUNT] = {
#define TF_PAPER(id, name, w, h, fold, fold_in, bleed) [TF_PAPER_##id] = name,
#include "paper.def"
#undef TF_PAPER
};

const char *const tf_fold_names[TF_FOLD_COUNT] = {[TF_FOLD_ROLL] = "roll", [TF_FOLD_Z] = "z"};

const tf_paper_info *tf_paper_get(tf_paper p)
{
    return &papers[(unsigned)p < TF_PAPER_COUNT ? p : TF_PAPER_LETTER];
}

int tf_name_index(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return (int)i;
    return -1;
}

const char *tf_name_choices(const char *const *names, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int k = snprintf(buf + used, size - used, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
        if (k < 0) break;
        used += (size_t)k;
    }
    return buf;
}
