#include "lang.h"

#include <ctype.h>
#include <string.h>

/* Primary subtag of a BCP 47 tag is one of `list` (NULL-terminated). */
static bool lang_in(const char *lang, const char *const *list)
{
    size_t n = strcspn(lang, "-_");
    for (; *list; list++)
        if (strlen(*list) == n && !strncmp(lang, *list, n)) return true;
    return false;
}

bool tf_lang_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", NULL};
    return lang_in(lang, rtl);
}

bool tf_lang_unhyphenated(const char *lang)
{
    /* scripts that break lines without hyphens */
    static const char *const none[] = {"zh", "ja", "ko", "th", "lo", "km", "my", "vi", "ar", "he", "iw", "fa", "ur", NULL};
    return lang_in(lang, none);
}

bool tf_lang_tag_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 35 || !isalpha((unsigned char)s[0])) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-') return false;
    return true;
}
