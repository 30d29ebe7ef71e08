/* lang.h: what the engine needs to know about a language tag (BCP 47). */
#ifndef TF_LANG_H
#define TF_LANG_H

#include <stdbool.h>

/* Languages written right to left (an RTL edition folds the other way). */
bool tf_lang_rtl(const char *lang);
/* Languages whose lines break without hyphens (CJK, Thai, Vietnamese,
 * Arabic, Hebrew...): no warning when they have no dictionary. */
bool tf_lang_unhyphenated(const char *lang);

/* A language tag as it appears in file names: letters, digits and '-',
 * starting with a letter, so it can never name another folder. */
bool tf_lang_tag_ok(const char *tag);

#endif
