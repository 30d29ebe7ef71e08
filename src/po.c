/* po.c: PO export and import through gettext's libgettextpo (see po.h),
 * loaded with dlopen when first needed (lazylib.h).
 * A real PO library rather than a parser of our own: PO's escapes, line
 * continuations, obsolete entries and plural forms are its business. */
#define _DEFAULT_SOURCE
#include "po.h"

#include <errno.h>
#include <gettext-po.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "lazylib.h"
#include "langfile.h"
#include "tkeys.h"

/* --- libgettextpo, loaded on the first export or import (lazylib.h) -------- */

#ifndef TF_SO_GETTEXTPO
#define TF_SO_GETTEXTPO "libgettextpo.so.0"
#endif

/* name, return type, parameters: each as declared in <gettext-po.h> */
#define PO_FUNCTIONS(X) \
    X(po_file_create, po_file_t, (void)) \
    X(po_file_free, void, (po_file_t)) \
    X(po_file_read, po_file_t, (const char *, po_xerror_handler_t)) \
    X(po_file_write, po_file_t, (po_file_t, const char *, po_xerror_handler_t)) \
    X(po_file_domain_header, const char *, (po_file_t, const char *)) \
    X(po_header_field, char *, (const char *, const char *)) \
    X(po_message_iterator, po_message_iterator_t, (po_file_t, const char *)) \
    X(po_message_iterator_free, void, (po_message_iterator_t)) \
    X(po_next_message, po_message_t, (po_message_iterator_t)) \
    X(po_message_insert, void, (po_message_iterator_t, po_message_t)) \
    X(po_message_create, po_message_t, (void)) \
    X(po_message_msgctxt, const char *, (po_message_t)) \
    X(po_message_set_msgctxt, void, (po_message_t, const char *)) \
    X(po_message_msgid, const char *, (po_message_t)) \
    X(po_message_set_msgid, void, (po_message_t, const char *)) \
    X(po_message_msgstr, const char *, (po_message_t)) \
    X(po_message_set_msgstr, void, (po_message_t, const char *)) \
    X(po_message_set_comments, void, (po_message_t, const char *)) \
    X(po_message_add_filepos, void, (po_message_t, const char *, size_t)) \
    X(po_message_is_obsolete, int, (po_message_t)) \
    X(po_message_is_fuzzy, int, (po_message_t)) \
    X(po_message_set_fuzzy, void, (po_message_t, int))

enum { PO_FUNCTIONS(TF_LAZY_ENUM) N_PO_FNS };
static const char *const po_names[N_PO_FNS] = {PO_FUNCTIONS(TF_LAZY_NAME)};
PO_FUNCTIONS(TF_LAZY_TYPE)
static tf_lazyfn po_fns[N_PO_FNS];
static tf_lazylib po_lib = {TF_SO_GETTEXTPO, "reading and writing PO files", "libgettextpo0", po_names,
                            N_PO_FNS, po_fns, 0};
#define PO(n) ((n##_fn)po_fns[F_##n])

static bool po_load(void)
{
    PO_FUNCTIONS(TF_LAZY_CHECK_FN)
    return tf_lazylib_load(&po_lib);
}

/* --- libgettextpo's error handler ----------------------------------------- */

static jmp_buf fatal_jump;
static int po_errors;

static void xerror(int severity, po_message_t message, const char *filename, size_t lineno, size_t column,
                   int multiline_p, const char *message_text)
{
    (void)message; (void)multiline_p;
    tf_loc loc = {filename, filename && lineno != (size_t)-1 ? (int)lineno : 0,
                  column != (size_t)-1 ? (int)column + 1 : 0};
    size_t n = strlen(message_text);
    while (n && message_text[n - 1] == '\n') n--;
    if (severity == PO_SEVERITY_WARNING) {
        tf_diag_warning(filename ? &loc : NULL, "%.*s", (int)n, message_text);
        return;
    }
    po_errors++;
    tf_diag_error(filename ? &loc : NULL, "%.*s", (int)n, message_text);
    if (severity == PO_SEVERITY_FATAL_ERROR) longjmp(fatal_jump, 1);
}

static void xerror2(int severity, po_message_t m1, const char *f1, size_t l1, size_t c1, int ml1, const char *t1,
                    po_message_t m2, const char *f2, size_t l2, size_t c2, int ml2, const char *t2)
{
    xerror(severity == PO_SEVERITY_FATAL_ERROR ? PO_SEVERITY_ERROR : severity, m1, f1, l1, c1, ml1, t1);
    xerror(severity, m2, f2, l2, c2, ml2, t2);
}

static const struct po_xerror_handler handler = {xerror, xerror2};

/* setjmp in functions of their own, with nothing to clobber */
static bool write_po(po_file_t file, const char *path)
{
    if (setjmp(fatal_jump) != 0) return false;
    PO(po_file_write)(file, path, &handler);
    return true;
}

static po_file_t read_po(const char *path)
{
    if (setjmp(fatal_jump) != 0) return NULL;
    return PO(po_file_read)(path, &handler);
}

/* --- export ------------------------------------------------------------------ */

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || errno != ENOENT;
}

bool tf_po_export(const char *dir, const char *lang, const char *out)
{
    if (!po_load()) return false;
    tf_doc *base = tf_content_load(dir, NULL);
    if (!base) return false;
    if (strcmp(lang, base->base_lang) == 0) {
        tf_diag_error(NULL, "'%s' is the base language of %s: there is nothing to translate", lang, dir);
        tf_doc_free(base);
        return false;
    }
    tf_arena *a = tf_arena_new();
    tf_doc *tr = NULL;
    if (exists(tf_arena_printf(a, "%s/%s.yaml", base->dir, lang))) {
        tr = tf_content_load(dir, lang);
        if (!tr) {
            tf_doc_free(base);
            tf_arena_free(a);
            return false;
        }
    }
    size_t nb, nt = 0;
    tf_tkey *bk = tf_tkeys_list(a, base, &nb);
    tf_tkey *tk = tr ? tf_tkeys_list(a, tr, &nt) : NULL;

    po_file_t file = PO(po_file_create)();
    po_message_iterator_t it = PO(po_message_iterator)(file, NULL);
    po_message_t hdr = PO(po_message_create)();
    PO(po_message_set_msgid)(hdr, "");
    PO(po_message_set_msgstr)(hdr, tf_arena_printf(a,
        "Project-Id-Version: %s\nPO-Revision-Date: \nLast-Translator: \nLanguage-Team: \n"
        "Language: %s\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
        "X-Generator: trifold\nX-Trifold-Folder: %s\nX-Trifold-Base: %s\n",
        base->id, lang, base->dir, base->base_lang));
    char *comment = tf_arena_printf(a, "%s: the %s text over the base text (%s.yaml).\n"
                                    "msgctxt is the key, msgid the base text; fill in msgstr.\n",
                                    base->id, lang, base->base_lang);
    for (size_t i = 0; i < nt; i++)
        if (tk[i].story)
            comment = tf_arena_printf(a, "%sStory '%s' is restructured in %s.yaml: edit it there "
                                      "(trifold import keeps it).\n", comment, tk[i].story->id, lang);
    PO(po_message_set_comments)(hdr, comment);
    PO(po_message_insert)(it, hdr);
    for (size_t i = 0; i < nb; i++) {
        const tf_tkey *b = &bk[i];
        const tf_tkey *t = tk ? tf_tkeys_find(tk, nt, b->key) : NULL;
        if (tk && !t) continue;                      /* in a restructured story */
        po_message_t m = PO(po_message_create)();
        PO(po_message_set_msgctxt)(m, b->key);
        PO(po_message_set_msgid)(m, tf_tkey_text(a, b));
        bool done = t && tf_tkey_translated(tr, t);
        PO(po_message_set_msgstr)(m, done ? tf_tkey_text(a, t) : "");
        PO(po_message_add_filepos)(m, b->text->loc.file, (size_t)b->text->loc.line);
        if (done) {
            char now[TF_TKEY_HASH_LEN + 1];
            tf_tkey_hash(a, b, now);
            const char *was = tf_tkey_source(tr, b->key);
            if (was && strcmp(was, now) != 0) PO(po_message_set_fuzzy)(m, 1);
        }
        PO(po_message_insert)(it, m);
    }
    PO(po_message_iterator_free)(it);
    bool ok = true;
    po_errors = 0;
    const char *target = out && strcmp(out, "-") ? out : NULL;
    char *tmp = NULL;
    if (target) {
        tmp = tf_arena_printf(a, "%s.tmp.XXXXXX", target);
        int fd = mkstemp(tmp);
        if (fd < 0) {
            tf_diag_error(NULL, "cannot write '%s': %s", target, strerror(errno));
            ok = false;
        } else {
            fchmod(fd, 0644);
            close(fd);
        }
    }
    if (ok) {
        fflush(stdout);
        ok = write_po(file, tmp ? tmp : "-");
        fflush(stdout);
    }
    if (po_errors) ok = false;
    if (tmp && ok && rename(tmp, target) != 0) {
        tf_diag_error(NULL, "cannot write '%s': %s", target, strerror(errno));
        ok = false;
    }
    if (tmp && !ok) unlink(tmp);
    PO(po_file_free)(file);   /* keeps the `#:` file names (libgettextpo 0.21 leak: tests/lsan.supp) */
    tf_doc_free(tr);
    tf_doc_free(base);
    tf_arena_free(a);
    return ok;
}

/* --- import ------------------------------------------------------------------ */

static char written_path[4096];

bool tf_po_import(const char *po, const char *dir, const char *out, const char **written)
{
    if (!po_load()) return false;
    po_errors = 0;
    po_file_t file = read_po(po);
    if (!file || po_errors) {
        if (file) PO(po_file_free)(file);
        if (!po_errors) tf_diag_error(&(tf_loc){po, 0, 0}, "cannot read the PO file");
        return false;
    }
    tf_arena *a = tf_arena_new();
    tf_loc where = {tf_arena_strdup(a, po), 0, 0};
    char *header = (char *)PO(po_file_domain_header)(file, NULL);   /* a copy, ours to free */
    char *lang = header ? PO(po_header_field)(header, "Language") : NULL;
    char *folder = header ? PO(po_header_field)(header, "X-Trifold-Folder") : NULL;
    bool ok = false;
    tf_doc *base = NULL;
    if (!lang || !*lang) {
        tf_diag_error(&where, "the PO header has no Language field");
        goto done;
    }
    if (!dir) dir = folder;
    if (!dir) {
        tf_diag_error(&where, "the PO header has no X-Trifold-Folder: name the brochure folder "
                      "(trifold import FILE.po DIR)");
        goto done;
    }
    base = tf_content_load(dir, NULL);
    if (!base) goto done;
    if (strcmp(lang, base->base_lang) == 0) {
        tf_diag_error(&where, "Language '%s' is the base language of %s", lang, dir);
        goto done;
    }
    const char *target = out ? out : tf_arena_printf(a, "%s/%s.yaml", base->dir, lang);
    tf_lf_old old;
    if (!tf_langfile_read_old(a, target, &old)) goto done;

    size_t nb;
    tf_tkey *bk = tf_tkeys_list(a, base, &nb);
    tf_lf_entry *e = tf_arena_alloc(a, (nb + 1) * sizeof *e);
    for (size_t i = 0; i < nb; i++) e[i].key = bk[i].key;
    po_message_iterator_t it = PO(po_message_iterator)(file, NULL);
    po_message_t m;
    int errors_before = tf_diag_errors();
    while ((m = PO(po_next_message)(it))) {
        const char *ctx = PO(po_message_msgctxt)(m), *str = PO(po_message_msgstr)(m);
        if (PO(po_message_is_obsolete)(m) || (!ctx && !*PO(po_message_msgid)(m))) continue;   /* the header */
        if (!ctx) {
            tf_diag_warning(&where, "an entry without msgctxt (\"%.40s\") is not a trifold key; skipped",
                            PO(po_message_msgid)(m));
            continue;
        }
        bool restructured = false;
        for (size_t r = 0; r < old.n_stories; r++) {
            size_t l = strlen(old.story_ids[r]);
            if (!strncmp(ctx, "stories.", 8) && !strncmp(ctx + 8, old.story_ids[r], l) && ctx[8 + l] == '.')
                restructured = true;
        }
        if (restructured) {
            if (*str)
                tf_diag_warning(&where, "'%s' is in a story %s.yaml restructures (edit it there); skipped", ctx, lang);
            continue;
        }
        size_t i = 0;
        while (i < nb && strcmp(bk[i].key, ctx) != 0) i++;
        if (i == nb) {
            tf_diag_warning(&where, "'%s' is not in the base text (%s.yaml); skipped", ctx, base->base_lang);
            continue;
        }
        if (!str || !*str) continue;
        e[i].text = tf_arena_strdup(a, str);
        if (PO(po_message_is_fuzzy)(m)) {
            for (size_t j = 0; j < old.n_sources; j++)
                if (strcmp(old.source_keys[j], ctx) == 0) e[i].source = old.source_hashes[j];
        } else {
            char *h = tf_arena_alloc(a, TF_TKEY_HASH_LEN + 1);
            tf_tkey_hash(a, &bk[i], h);
            e[i].source = h;
        }
    }
    PO(po_message_iterator_free)(it);
    /* stories the base has no more are not carried over */
    size_t keep = 0;
    for (size_t r = 0; r < old.n_stories; r++)
        if (tf_doc_story(base, old.story_ids[r])) {
            old.story_ids[keep] = old.story_ids[r];
            old.story_text[keep] = old.story_text[r];
            old.story_source[keep++] = old.story_source[r];
        }
    old.n_stories = keep;
    if (tf_diag_errors() != errors_before) goto done;
    char *text = tf_langfile_render(base, lang, e, nb, &old);
    ok = tf_langfile_save(target, text);
    free(text);
    if (ok) {
        snprintf(written_path, sizeof written_path, "%s", target);
        if (written) *written = written_path;
    }
done:
    free(header);
    free(lang);
    free(folder);
    tf_doc_free(base);
    tf_arena_free(a);
    PO(po_file_free)(file);
    return ok;
}
