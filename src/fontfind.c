/* fontfind.c: font paths, trifold's own fonts, fontconfig families. */
#include "fontfind.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "datadir.h"
#include "diag.h"

static bool is_path(const char *s)
{
    size_t n = strlen(s);
    if (strchr(s, '/')) return true;
    static const char *const ext[] = {".ttf", ".otf", ".ttc", ".otc"};
    for (size_t i = 0; i < TF_ARRAY_LEN(ext); i++)
        if (n > 4 && !strcasecmp(s + n - 4, ext[i])) return true;
    return false;
}

static const char *by_family(tf_arena *a, const char *family, int face, const tf_loc *where)
{
    static const char *const styles[] = {"regular", "italic", "bold", "bold italic"};
    if (!FcInit()) {
        tf_diag_error(where, "font family '%s': fontconfig could not start", family);
        return NULL;
    }
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(p, FC_WEIGHT, face >= 2 ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(p, FC_SLANT, face & 1 ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    FcPattern *m = FcFontMatch(NULL, p, &r);
    const char *out = NULL;
    FcChar8 *fam = NULL, *file = NULL;
    /* fontconfig always answers with some font: only an exact family counts */
    if (m && FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch && !strcasecmp((const char *)fam, family) &&
        FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch)
        out = tf_arena_strdup(a, (const char *)file);
    else
        tf_diag_error(where, "no installed font family '%s' (%s) found by fontconfig; name a .ttf file "
                      "or an installed family (fc-list : family)", family, styles[face & 3]);
    if (m) FcPatternDestroy(m);
    FcPatternDestroy(p);
    return out;
}

const char *tf_fontfind_path(tf_arena *a, const char *dir, const char *name, int face, const tf_loc *where)
{
    if (name[0] == '/') return tf_arena_strdup(a, name);
    const char *local = tf_arena_printf(a, "%s/%s", dir, name);
    struct stat st;
    if (stat(local, &st) == 0) return local;
    if (!is_path(name)) return by_family(a, name, face, where);
    char shared[4096], sub[1024];
    snprintf(sub, sizeof sub, "fonts/%s", name);
    if (!strchr(name, '/') && stat(local, &st) != 0 && tf_datadir_find(sub, shared, sizeof shared))
        return tf_arena_strdup(a, shared);
    return local;
}
