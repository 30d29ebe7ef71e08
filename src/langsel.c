/* langsel.c: --lang against the brochure's declared languages. */
#include "langsel.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "content.h"
#include "diag.h"
#include "lang.h"
#include "yamltree.h"
#include "yamldir.h"

/* en_us -> en-US, ZH-hans -> zh-Hans: the BCP 47 spelling of a tag
 * (language lower case, region upper, script title case). */
static void canonical(const char *in, char *out, size_t size)
{
    size_t n = 0;
    int index = 0;
    for (const char *p = in; *p && n + 1 < size;) {
        size_t len = strcspn(p, "-_");
        for (size_t k = 0; k < len && n + 1 < size; k++) {
            unsigned char c = (unsigned char)p[k];
            bool up = index > 0 && (len == 2 || (len == 4 && k == 0));
            out[n++] = (char)(up ? toupper(c) : tolower(c));
        }
        p += len;
        if (*p && n + 1 < size) {
            out[n++] = '-';
            p++;
        }
        index++;
    }
    out[n] = 0;
}

/* The brochure's languages: those brochure.yaml declares, then any other
 * <tag>.yaml in the folder (a translation not yet declared still builds). */
static size_t known_langs(const char *dir, const tf_doc *base, char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < base->n_languages && n < max; i++) out[n++] = tf_xstrdup(base->languages[i]);
    char **files = NULL;
    size_t nf = 0, cap = 0;
    tf_yamldir_list(dir, 0, &files, &nf, &cap);
    for (size_t i = 0; i < nf; i++) {
        bool keep = strcmp(files[i], "brochure") && tf_lang_tag_ok(files[i]) && n < max;
        for (size_t j = 0; keep && j < n; j++) keep = strcmp(out[j], files[i]) != 0;
        if (keep) out[n++] = files[i];
        else free(files[i]);
    }
    free(files);
    return n;
}

/* The loaded base: handed to the caller when it asked, else freed. */
static void give(tf_doc *base, tf_doc **base_out)
{
    if (base_out) *base_out = base;
    else tf_doc_free(base);
}

int tf_langsel_parse(const char *dir, const char *arg, char **langs, size_t max, size_t *n, tf_doc **base_out)
{
    *n = 0;
    if (base_out) *base_out = NULL;
    if (!arg) {
        langs[(*n)++] = NULL;
        return 0;
    }
    tf_doc *base = tf_content_load(dir, NULL);
    if (!base) return 1;
    int rc = 0;
    if (!strcasecmp(arg, "all")) {
        for (size_t i = 0; i < base->n_languages && *n < max; i++)
            langs[(*n)++] = tf_xstrdup(base->languages[i]);
        give(base, base_out);
        return 0;
    }
    char *langs_known[256];
    size_t n_known = known_langs(dir, base, langs_known, 256);
    char known[1024] = "";
    for (size_t i = 0; i < n_known; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", langs_known[i]);
    for (const char *p = arg; *p && *n < max && rc == 0;) {
        size_t k = strcspn(p, ",");
        char tag[128];
        snprintf(tag, sizeof tag, "%.*s", (int)(k < 120 ? k : 120), p);
        p += k + (p[k] == ',');
        if (!tag[0]) continue;
        const char *match = NULL;
        for (size_t i = 0; i < n_known; i++)
            if (!strcmp(langs_known[i], tag)) match = langs_known[i];
        if (!match) {
            char canon[128];
            canonical(tag, canon, sizeof canon);
            const char *same = NULL;
            for (size_t i = 0; i < n_known; i++)
                if (!strcmp(langs_known[i], canon)) same = langs_known[i];
            if (same)
                rc = tf_cli_usage_error("--lang: '%s' is spelled '%s' (the brochure's languages: %s)", tag, same, known);
            else if (!tf_lang_tag_ok(tag))
                rc = tf_cli_usage_error("--lang: '%s' is not a language tag%s%s%s (the brochure's languages: %s)", tag,
                                        tf_lang_tag_ok(canon) ? "; did you mean '" : "",
                                        tf_lang_tag_ok(canon) ? canon : "", tf_lang_tag_ok(canon) ? "'?" : "", known);
            else {
                /* two- and three-letter tags are too short for a typo guess (fr is not ar) */
                const char *near = strlen(tag) > 3 ? tf_closest(tag, (const char *const *)langs_known, n_known) : NULL;
                if (near)
                    rc = tf_cli_usage_error("--lang: the brochure has no language '%s' (did you mean '%s'? "
                                            "its languages: %s)", tag, near, known);
                else
                    rc = tf_cli_usage_error("--lang: the brochure has no language '%s' (its languages: %s)", tag, known);
            }
            break;
        }
        bool declared = false;
        for (size_t i = 0; i < base->n_languages; i++) declared |= !strcmp(base->languages[i], match);
        if (!declared)      /* built, as asked; but --lang all would leave it out: say so */
            tf_diag_warning(NULL, "language '%s' is not in %s/brochure.yaml's languages (--lang all leaves it out)",
                            match, base->dir);
        bool dup = false;
        for (size_t i = 0; i < *n; i++) dup |= !strcmp(langs[i], match);
        if (!dup) langs[(*n)++] = tf_xstrdup(match);
    }
    for (size_t i = 0; i < n_known; i++) free(langs_known[i]);
    give(base, base_out);
    return rc;
}
