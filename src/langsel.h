/* langsel.h: which languages a command line asks for.
 *
 * `--lang` is a tag, a comma list or "all". Each tag is checked against the
 * languages the brochure declares (brochure.yaml `languages`): a malformed
 * tag (en_US) gets the well-formed spelling, an unknown one the list of the
 * brochure's languages; both are usage errors (exit 2). A tag with a
 * <tag>.yaml that `languages` does not list is built with a warning ("--lang
 * all leaves it out"): `languages` is what the brochure ships. A tag given
 * twice is built once. */
#ifndef TF_LANGSEL_H
#define TF_LANGSEL_H

#include <stddef.h>

typedef struct tf_doc tf_doc;

/* Fills langs[0..*n) with malloc'd tags (NULL, alone, for "the base
 * language" when arg is NULL). Returns 0, 1 (the brochure does not load)
 * or 2 (usage error, message printed). The caller frees each entry.
 * *base_out (when base_out is not NULL): the brochure in its base language
 * as loaded here (messages said), for the caller to use and free, so it is
 * not loaded twice; NULL when it was not loaded (arg NULL) or did not load. */
int tf_langsel_parse(const char *dir, const char *arg, char **langs, size_t max, size_t *n,
                     tf_doc **base_out);

#endif
