/* xlate.c: export, import, status, mark-translated (see xlate.h). */
#define _DEFAULT_SOURCE
#include "xlate.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clinic.h"
#include "content.h"
#include "diag.h"
#include "lang.h"
#include "langfile.h"
#include "po.h"
#include "status.h"
#include "tkeys.h"

enum { X_OK = 0, X_CONTENT = 1, X_USAGE = 2, X_IO = 3 };
#define MAX_ARGS 256

const char tf_xlate_usage[] =
    "       trifold export <brochure-dir> --lang <tags> --format po [-o <file|pattern|dir>]\n"
    "                                                a PO file per language for translators\n"
    "       trifold import <file.po>... [<brochure-dir>] [-o <file>]\n"
    "                                                write the language file a PO file holds\n"
    "       trifold status <brochure-dir> [--lang <tags>] [--clinic <file|dir>]\n"
    "                                                translated, missing and stale texts per language\n"
    "       trifold mark-translated <brochure-dir> --lang <tag> [<key>...]\n"
    "                                                record that the translations (or the keys\n"
    "                                                named) match the base text as it is now\n";

typedef struct xopts {
    const char *cmd, *lang, *format, *out;
    const char *args[MAX_ARGS];
    size_t n_args;
    const char *clinics[MAX_ARGS];
    size_t n_clinics;
} xopts;

__attribute__((format(printf, 1, 2)))
static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "trifold: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(run 'trifold --help' for usage)\n");
    return X_USAGE;
}

static int parse(int argc, char **argv, xopts *o)
{
    memset(o, 0, sizeof *o);
    o->cmd = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        char name[64];
        const char *eq = a[0] == '-' && a[1] == '-' ? strchr(a, '=') : NULL;
        if (eq && (size_t)(eq - a) < sizeof name) {          /* --opt=value, as cli.c reads it */
            snprintf(name, sizeof name, "%.*s", (int)(eq - a), a);
            const char **to = !strcmp(name, "--lang") ? &o->lang : !strcmp(name, "--format") ? &o->format
                            : !strcmp(name, "--output") ? &o->out : NULL;
            if (!strcmp(name, "--clinic") && o->n_clinics < MAX_ARGS) { o->clinics[o->n_clinics++] = eq + 1; continue; }
            if (!to) return usage("unknown option '%s' for %s", name, o->cmd);
            *to = eq + 1;
            continue;
        }
        if (!strcmp(a, "--lang")) slot = &o->lang;
        else if (!strcmp(a, "--format")) slot = &o->format;
        else if (!strcmp(a, "-o") || !strcmp(a, "--output")) slot = &o->out;
        else if (!strcmp(a, "--clinic")) {
            if (i + 1 >= argc) return usage("option '%s' needs a value", a);
            if (o->n_clinics == MAX_ARGS) return usage("%s", "too many --clinic options");
            o->clinics[o->n_clinics++] = argv[++i];
            continue;
        } else if (a[0] == '-' && a[1]) {
            return usage("unknown option '%s' for %s", a, o->cmd);
        } else {
            if (o->n_args == MAX_ARGS) return usage("%s", "too many arguments");
            o->args[o->n_args++] = a;
            continue;
        }
        if (i + 1 >= argc) return usage("option '%s' needs a value", a);
        *slot = argv[++i];
    }
    return X_OK;
}

/* --lang: "all" (the brochure's languages but the base), a tag or a comma
 * list; a tag outside `languages:` is a warning, as in build. */
static size_t langs_of(const tf_doc *base, const char *arg, char **out, size_t max)
{
    size_t n = 0;
    if (!arg || !strcmp(arg, "all")) {
        for (size_t i = 0; i < base->n_languages && n < max; i++)
            if (strcmp(base->languages[i], base->base_lang) != 0) out[n++] = tf_xstrdup(base->languages[i]);
        return n;
    }
    for (const char *p = arg; *p && n < max;) {
        size_t k = strcspn(p, ",");
        if (k) {
            out[n] = strndup(p, k);
            bool listed = false;
            for (size_t i = 0; i < base->n_languages; i++) listed |= !strcmp(base->languages[i], out[n]);
            if (!listed && tf_lang_tag_ok(out[n]))
                tf_diag_warning(NULL, "language '%s' is not in %s/brochure.yaml's languages "
                                "(--lang all leaves it out)", out[n], base->dir);
            n++;
        }
        p += k + (p[k] == ',');
    }
    return n;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++) free(l[i]);
}

/* --- export ------------------------------------------------------------------ */

static void expand(char *out, size_t size, const char *pattern, const char *brochure, const char *lang)
{
    size_t n = 0;
    for (const char *p = pattern; *p && n + 1 < size;) {
        if (!strncmp(p, "{lang}", 6) || !strncmp(p, "{brochure}", 10)) {
            bool l = p[1] == 'l';
            n += (size_t)snprintf(out + n, size - n, "%s", l ? lang : brochure);
            if (n >= size) n = size - 1;
            p += l ? 6 : 10;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = 0;
}

static int cmd_export(const xopts *o)
{
    if (o->n_args != 1) return usage("%s", "export needs one brochure folder");
    if (!o->lang) return usage("%s", "export needs --lang (a tag, a comma list or all)");
    if (o->format && strcmp(o->format, "po") != 0)
        return usage("--format must be po, not '%s'", o->format);
    tf_doc *base = tf_content_load(o->args[0], NULL);
    if (!base) return X_CONTENT;
    char *langs[MAX_ARGS];
    size_t n = langs_of(base, o->lang, langs, MAX_ARGS);
    int rc = X_OK;
    struct stat st;
    bool to_dir = o->out && stat(o->out, &st) == 0 && S_ISDIR(st.st_mode);
    if (n > 1 && (!o->out || (!to_dir && !strstr(o->out, "{lang}"))))
        rc = usage("%s", "several languages need -o with a folder or a pattern with {lang}");
    for (size_t i = 0; i < n && rc != X_USAGE; i++) {
        char target[4096];
        if (to_dir) snprintf(target, sizeof target, "%s/%s-%s.po", o->out, base->id, langs[i]);
        else if (o->out) expand(target, sizeof target, o->out, base->id, langs[i]);
        if (!tf_po_export(o->args[0], langs[i], o->out ? target : NULL)) rc = X_CONTENT;
        else if (o->out) fprintf(stderr, "%s: %s\n", target, langs[i]);
    }
    free_list(langs, n);
    tf_doc_free(base);
    return rc;
}

/* --- import ------------------------------------------------------------------ */

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmd_import(const xopts *o)
{
    const char *dir = NULL;
    size_t n_po = o->n_args;
    if (n_po > 1 && is_dir(o->args[n_po - 1])) dir = o->args[--n_po];
    if (!n_po) return usage("%s", "import needs a PO file");
    if (o->out && n_po > 1) return usage("%s", "-o names one file: import one PO file with it");
    int rc = X_OK;
    for (size_t i = 0; i < n_po; i++) {
        const char *written = NULL;
        if (tf_po_import(o->args[i], dir, o->out, &written))
            fprintf(stderr, "%s: written from %s\n", written, o->args[i]);
        else
            rc = X_CONTENT;
    }
    return rc;
}

/* --- status ------------------------------------------------------------------ */

static void list_key(void *ctx, const char *what, const char *key, const tf_loc *base_loc)
{
    (void)ctx;
    char where[512];
    if (!strcmp(what, "stale"))
        printf("  stale: %s (the base text at %s changed since it was translated)\n", key,
               tf_loc_str(base_loc, where, sizeof where));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t clinic_files(const xopts *o, char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < o->n_clinics && n < max; i++) {
        const char *a = o->clinics[i];
        if (!is_dir(a)) {
            out[n++] = tf_xstrdup(a);
            continue;
        }
        DIR *d = opendir(a);
        struct dirent *e;
        size_t first = n;
        while (d && (e = readdir(d)) && n < max) {
            size_t len = strlen(e->d_name);
            if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") || e->d_name[0] == '.') continue;
            size_t sz = strlen(a) + len + 2;
            out[n] = tf_xmalloc(sz);
            snprintf(out[n++], sz, "%s/%s", a, e->d_name);
        }
        if (d) closedir(d);
        qsort(out + first, n - first, sizeof *out, cmp_str);
    }
    return n;
}

static int cmd_status(const xopts *o)
{
    if (o->n_args != 1) return usage("%s", "status needs one brochure folder");
    tf_doc *base = tf_content_load(o->args[0], NULL);
    if (!base) return X_CONTENT;
    char *langs[MAX_ARGS], *clinics[MAX_ARGS];
    size_t n = langs_of(base, o->lang, langs, MAX_ARGS);
    size_t nc = clinic_files(o, clinics, MAX_ARGS);
    int rc = X_OK;
    for (size_t i = 0; i < n; i++) {
        tf_doc *tr = tf_content_load(o->args[0], langs[i]);
        if (!tr) {
            rc = X_CONTENT;
            continue;
        }
        tf_status st = {0};
        tf_status_doc(base, tr, &st, NULL, NULL);
        for (size_t c = 0; c < nc; c++) {
            tf_clinic *cl = tf_clinic_load(clinics[c], langs[i]);
            if (!cl) rc = X_CONTENT;
            else tf_status_clinic(cl, &st, NULL, NULL);
            tf_clinic_free(cl);
        }
        tf_status_print(stdout, tr->lang, tr->base_lang, &st, NULL);
        tf_status zero = {0};
        tf_status_doc(base, tr, &zero, list_key, NULL);
        if (st.unrecorded)
            printf("  %zu translation%s with no record of %s base text (trifold mark-translated %s --lang %s)\n",
                   st.unrecorded, st.unrecorded == 1 ? "" : "s", st.unrecorded == 1 ? "its" : "their",
                   o->args[0], tr->lang);
        tf_doc_free(tr);
    }
    free_list(langs, n);
    free_list(clinics, nc);
    tf_doc_free(base);
    return rc;
}

/* --- mark-translated ------------------------------------------------------------ */

static int cmd_mark(const xopts *o)
{
    if (o->n_args < 1) return usage("%s", "mark-translated needs a brochure folder");
    if (!o->lang || strchr(o->lang, ',') || !strcmp(o->lang, "all"))
        return usage("%s", "mark-translated needs --lang with one language");
    tf_doc *base = tf_content_load(o->args[0], NULL);
    tf_doc *tr = base ? tf_content_load(o->args[0], o->lang) : NULL;
    if (!tr) {
        tf_doc_free(base);
        return X_CONTENT;
    }
    int rc = X_OK;
    if (tr == base || !strcmp(tr->lang, tr->base_lang)) {
        tf_diag_error(NULL, "'%s' is the base language: it has no translations to mark", o->lang);
        rc = X_CONTENT;
    }
    tf_arena *a = tf_arena_new();
    size_t nb, nt;
    tf_tkey *bk = tf_tkeys_list(a, base, &nb), *tk = tf_tkeys_list(a, tr, &nt);
    const char **keys = tf_arena_alloc(a, (nt + 1) * sizeof *keys), **hashes = tf_arena_alloc(a, (nt + 1) * sizeof *hashes);
    size_t n = 0, marked = 0;
    for (size_t i = 1; i < o->n_args; i++)
        if (!tf_tkeys_find(tk, nt, o->args[i])) {
            tf_diag_error(NULL, "no translatable text '%s' in %s (keys as trifold check and status name them)",
                          o->args[i], o->args[0]);
            rc = X_CONTENT;
        }
    for (size_t i = 0; i < nt && rc == X_OK; i++) {
        const tf_tkey *k = &tk[i];
        if (!tf_tkey_translated(tr, k)) continue;
        bool named = o->n_args == 1;
        for (size_t j = 1; j < o->n_args; j++) named |= !strcmp(o->args[j], k->key);
        char *h = tf_arena_alloc(a, TF_TKEY_HASH_LEN + 1);
        const char *was = tf_tkey_source(tr, k->key);
        if (named) {
            if (k->story) tf_tkey_story_hash(a, k->story, h);
            else tf_tkey_hash(a, tf_tkeys_find(bk, nb, k->key), h);
            marked++;
        } else if (was) {
            h = (char *)was;
        } else {
            continue;
        }
        keys[n] = k->key;
        hashes[n++] = h;
    }
    if (rc == X_OK) {
        const char *path = tf_arena_printf(a, "%s/%s.yaml", tr->dir, tr->lang);
        char *text = tf_langfile_with_sources(path, keys, hashes, n);
        if (!text || !tf_langfile_save(path, text)) rc = X_IO;
        else fprintf(stderr, "%s: %zu translation%s marked as made from the current base text\n", path, marked,
                     marked == 1 ? "" : "s");
        free(text);
    }
    tf_arena_free(a);
    tf_doc_free(tr);
    tf_doc_free(base);
    return rc;
}

int tf_xlate_main(int argc, char **argv)
{
    if (argc < 2) return -1;
    static const char *const cmds[] = {"export", "import", "status", "mark-translated"};
    size_t c = 0;
    while (c < TF_ARRAY_LEN(cmds) && strcmp(cmds[c], argv[1]) != 0) c++;
    if (c == TF_ARRAY_LEN(cmds)) return -1;
    xopts o;
    int rc = parse(argc, argv, &o);
    if (rc != X_OK) return rc;
    if (o.format && c != 0) return usage("%s", "--format is for export");
    if (o.n_clinics && c != 2) return usage("%s", "--clinic is for status here");
    switch (c) {
    case 0: return cmd_export(&o);
    case 1: return cmd_import(&o);
    case 2: return cmd_status(&o);
    default: return cmd_mark(&o);
    }
}
