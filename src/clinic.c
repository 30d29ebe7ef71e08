/* clinic.c: clinic file -> tf_clinic, and the clinic's edition of a
 * brochure as a view over it (see clinic.h and docs/content-format.md,
 * "Clinic files").
 *
 * A clinic file is written by a clinic, not by the brochure's authors, and
 * is combined with brochures it has never seen, so it is checked as
 * strictly as a brochure: yamltree's checks and messages, every problem
 * reported before giving up. Its one path (the logo) may not leave the
 * clinic's folder, even through a symlink: the file may come from outside
 * and must not be able to pull /etc/passwd into a PDF.
 *
 * Texts: the top of the file holds the base language; `translations`
 * holds per-language replacements, laid over the base by locale.c (the
 * brochure's overlay). Every translation is checked, not only the one
 * asked for, so `trifold check` finds an error in any language.
 *
 * The edition: tf_clinic_view checks the merge, then builds a new tf_doc
 * that copies only what the clinic changes and points at the rest of the
 * brochure; the brochure's doc stays as loaded. */
#define _XOPEN_SOURCE 700   /* realpath (XSI); the build's _POSIX_C_SOURCE alone hides it */
#include "clinic.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact_check.h"
#include "diag.h"
#include "lang.h"
#include "image.h"
#include "locale.h"
#include "yamltree.h"

#define CLINIC_MAX_ADDRESS_LINES 6
#define CLINIC_MAX_WEB_BYTES     200      /* the QR code stays small enough to scan at 1 inch */
#define CLINIC_MAX_TRANSLATIONS  100

typedef struct cloader {
    tf_clinic *c;
    tf_arena *a;            /* the clinic's arena */
    tf_arena *scratch;      /* YAML tree */
    const char *dir;        /* folder of the clinic file */
    const char *base;       /* language of the top-level texts */
    const tf_ynode *add;    /* referrals.add, for translations */
    const tf_ynode *referrals;
} cloader;

static const char *const top_keys[] = {
    "trifold-clinic", "base", "name", "address", "phone", "email", "web", "hours", "note", "logo", "accent",
    "referrals", "translations",
};
static const char *const referral_keys[] = {"replace", "remove", "add"};
static const char *const contact_keys[] = {"name", "description", "address", "phone", "email", "web"};
static const char *const tr_keys[] = {"name", "address", "phone", "email", "web", "hours", "note", "referrals"};

void tf_clinic_free(tf_clinic *c)
{
    if (c) tf_arena_free(c->arena);   /* the clinic itself lives in its arena */
}

/* --- values (messages as in content.c) ----------------------------------- */

static bool text_val(cloader *L, const tf_ynode *n, tf_text *t, const char *lang)
{
    return tf_locale_read(L->a, n, t, lang);
}

/* An address's shape: one line, or a sequence of 1 to
 * CLINIC_MAX_ADDRESS_LINES lines (base text and translations alike). */
static bool address_ok(const tf_ynode *n)
{
    if (n->kind == TF_Y_MAP) {
        tf_ynode_expect(n, TF_Y_SEQ);
        return false;
    }
    if (n->kind == TF_Y_SCALAR) return true;
    if (n->n == 0) {
        tf_diag_error(&n->loc, "an address needs at least one line");
        return false;
    }
    if (n->n > CLINIC_MAX_ADDRESS_LINES) {
        tf_diag_error(&n->loc, "too many address lines (%zu; the limit is %d)", n->n, CLINIC_MAX_ADDRESS_LINES);
        return false;
    }
    return true;
}

/* An address in the base text. */
static void address_val(cloader *L, const tf_ynode *n, tf_text **out, size_t *n_out)
{
    if (!address_ok(n)) return;
    size_t cnt = n->kind == TF_Y_SEQ ? n->n : 1;
    tf_text *lines = tf_arena_alloc(L->a, cnt * sizeof *lines);
    bool ok = true;
    for (size_t i = 0; i < cnt; i++)
        ok = text_val(L, n->kind == TF_Y_SEQ ? n->items[i] : n, &lines[i], L->base) && ok;
    if (!ok) return;
    *out = lines;
    *n_out = cnt;
}

/* The clinic's web address is also its QR code: a full http(s) URL, short
 * enough for a small code. */
static bool web_ok(const tf_ynode *n, const tf_text *t)
{
    if (strncmp(t->src, "https://", 8) != 0 && strncmp(t->src, "http://", 7) != 0) {
        tf_diag_error(&n->loc, "web address '%s' must start with https:// or http:// (it is also the QR code)",
                      t->src);
        return false;
    }
    size_t bytes = 0;   /* as encoded: non-ASCII and spaces become %XX */
    for (const unsigned char *p = (const unsigned char *)t->src; *p; p++) bytes += *p > 0x20 && *p < 0x7F ? 1 : 3;
    if (bytes > CLINIC_MAX_WEB_BYTES) {
        tf_diag_error(&n->loc, "web address too long for a QR code (%zu bytes; the limit is %d)", bytes,
                      CLINIC_MAX_WEB_BYTES);
        return false;
    }
    return true;
}

static bool bool_val(const tf_ynode *n, bool *out)
{
    if (!tf_ynode_expect(n, TF_Y_SCALAR)) return false;
    if (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0) {
        *out = n->str[0] == 't';
        return true;
    }
    tf_diag_error(&n->loc, "invalid boolean '%s' (use false or true)", n->str);
    return false;
}

/* Language tags as in content.c: letters, digits, '-', starting with a letter. */
static bool id_ok(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return false;
    return true;
}

/* --- the logo: a path that stays in the clinic's folder ------------------ */

static bool has_dotdot(const char *rel)
{
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') return true;
        p += n;
        while (*p == '/') p++;
    }
    return false;
}

/* realpath of both, then a prefix test at a '/' boundary: catches a
 * symlink (the file or any folder on the way) that points outside. */
static bool inside_dir(const char *dir, const char *path, char *target, size_t size)
{
    char rdir[PATH_MAX], rpath[PATH_MAX];
    if (!realpath(path, rpath)) return true;   /* missing: tf_image_probe says so */
    if (!realpath(dir, rdir)) return false;
    snprintf(target, size, "%s", rpath);
    size_t n = strlen(rdir);
    if (n == 1) return true;                   /* the folder is / */
    return strncmp(rpath, rdir, n) == 0 && rpath[n] == '/';
}

static void load_logo(cloader *L, const tf_ynode *n)
{
    tf_clinic *c = L->c;
    if (!tf_ynode_expect(n, TF_Y_SCALAR)) return;
    const char *rel = n->str;
    if (rel[0] == '/') {
        tf_diag_error(&n->loc, "logo path must stay inside the clinic's folder (absolute path '%s')", rel);
        return;
    }
    if (has_dotdot(rel)) {
        tf_diag_error(&n->loc, "logo path must stay inside the clinic's folder ('..' in '%s')", rel);
        return;
    }
    const char *path = tf_arena_printf(L->a, "%s/%s", L->dir, rel);
    char target[PATH_MAX];
    if (!inside_dir(L->dir, path, target, sizeof target)) {
        tf_diag_error(&n->loc, "logo path must stay inside the clinic's folder ('%s' leads to '%s')", rel, target);
        return;
    }
    tf_image_info info;
    if (!tf_image_probe(path, &n->loc, &info)) return;
    c->logo_path = path;
    c->logo_loc = n->loc;
}

/* --- base texts ----------------------------------------------------------- */

static void load_contact(cloader *L, tf_contact *k, const tf_ynode *n)
{
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    tf_ymap_check_keys(n, "referral", contact_keys, TF_ARRAY_LEN(contact_keys));
    const tf_ynode *v;
    if ((v = tf_ymap_require(n, "name", "referral"))) text_val(L, v, &k->name, L->base);
    if ((v = tf_ymap_get(n, "description"))) text_val(L, v, &k->description, L->base);
    if ((v = tf_ymap_get(n, "phone"))) text_val(L, v, &k->phone, L->base);
    if ((v = tf_ymap_get(n, "email"))) text_val(L, v, &k->email, L->base);
    if ((v = tf_ymap_get(n, "web"))) text_val(L, v, &k->web, L->base);
    if ((v = tf_ymap_get(n, "address"))) address_val(L, v, &k->address, &k->n_address);
}

/* A list of contact ids to remove, for brochure `for_id` (NULL: any). */
static void load_removals(cloader *L, const tf_ynode *v, const char *for_id)
{
    tf_clinic *c = L->c;
    if (!tf_ynode_expect(v, TF_Y_SEQ)) return;
    if (c->n_remove + v->n > TF_MAX_CONTACTS) {
        tf_diag_error(&v->loc, "too many contacts to remove (%zu; the limit is %d)", c->n_remove + v->n,
                      TF_MAX_CONTACTS);
        return;
    }
    size_t cap = c->n_remove + v->n + 1;
    c->remove = tf_arena_grow(L->a, c->remove, c->n_remove, cap, sizeof *c->remove);
    c->remove_loc = tf_arena_grow(L->a, c->remove_loc, c->n_remove, cap, sizeof *c->remove_loc);
    c->remove_for = tf_arena_grow(L->a, c->remove_for, c->n_remove, cap, sizeof *c->remove_for);
    for (size_t i = 0; i < v->n; i++) {
        const tf_ynode *it = v->items[i];
        if (!tf_ynode_expect(it, TF_Y_SCALAR)) continue;
        size_t j = 0;
        while (j < c->n_remove && !(strcmp(c->remove[j], it->str) == 0 && c->remove_for[j] == for_id)) j++;
        if (j < c->n_remove) {
            tf_diag_error(&it->loc, "'%s' is listed twice (first at line %d)", it->str, c->remove_loc[j].line);
            continue;
        }
        c->remove[c->n_remove] = tf_arena_strdup(L->a, it->str);
        c->remove_loc[c->n_remove] = it->loc;
        c->remove_for[c->n_remove++] = for_id;
    }
}

static void load_referrals(cloader *L, const tf_ynode *n)
{
    tf_clinic *c = L->c;
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    L->referrals = n;
    tf_ymap_check_keys(n, "referrals", referral_keys, TF_ARRAY_LEN(referral_keys));
    const tf_ynode *v;
    if ((v = tf_ymap_get(n, "replace"))) bool_val(v, &c->replace);

    const tf_ypair *rm = tf_ymap_find(n, "remove");
    if (rm && c->replace)
        tf_diag_error(&rm->key->loc, "'remove' has no effect with 'replace: true' (every brochure contact goes)");
    else if (rm && rm->val->kind == TF_Y_MAP)
        for (size_t i = 0; i < rm->val->n; i++) {     /* per brochure: {attachment: [ohio]} */
            const tf_ynode *bk = rm->val->pairs[i].key;
            if (!id_ok(bk->str)) {
                tf_diag_error(&bk->loc, "invalid brochure id '%s' (use a-z, 0-9 and -)", bk->str);
                continue;
            }
            load_removals(L, rm->val->pairs[i].val, tf_arena_strdup(L->a, bk->str));
        }
    else if (rm)
        load_removals(L, rm->val, NULL);

    const tf_ynode *add = tf_ymap_get(n, "add");
    if (add && tf_ynode_expect(add, TF_Y_MAP)) {
        if (add->n == 0) {
            tf_diag_error(&add->loc, "'add' needs at least one referral");
        } else if (add->n > TF_MAX_CONTACTS) {
            tf_diag_error(&add->loc, "too many referrals (%zu; the limit is %d)", add->n, TF_MAX_CONTACTS);
        } else {
            L->add = add;
            c->referrals = tf_arena_alloc(L->a, add->n * sizeof *c->referrals);
            c->n_referrals = add->n;
            for (size_t i = 0; i < add->n; i++) {
                const tf_ynode *key = add->pairs[i].key;
                tf_contact *k = &c->referrals[i];
                k->id = tf_arena_strdup(L->a, key->str);
                k->loc = key->loc;
                if (!id_ok(k->id)) tf_diag_error(&key->loc, "invalid id '%s' (use a-z, 0-9 and -)", k->id);
                load_contact(L, k, add->pairs[i].val);
            }
        }
    }
    if (c->replace && !c->n_referrals && !(add && add->kind == TF_Y_MAP && add->n))
        tf_diag_error(&n->loc, "'replace: true' needs referrals in 'add' (the contacts would be empty)");
}

/* --- translations ----------------------------------------------------------- */

/* The overlay rules are locale.c's, as for brochure texts. Every
 * translation is checked; only the one asked for is laid over the base:
 * the others over a throwaway copy in the scratch arena. */

static void tr_referrals(cloader *L, tf_locale *lc, tf_clinic *c, const tf_ynode *n)
{
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    const char **ids = tf_arena_alloc(L->scratch, (c->n_referrals + 1) * sizeof *ids);
    for (size_t i = 0; i < c->n_referrals; i++) ids[i] = c->referrals[i].id;
    for (size_t i = 0; i < n->n; i++) {
        const tf_ynode *key = n->pairs[i].key;
        const char *rpath = tf_arena_printf(L->scratch, "referrals.%s", key->str);
        size_t j = 0;
        while (j < c->n_referrals && strcmp(ids[j], key->str) != 0) j++;
        if (j == c->n_referrals)
            tf_locale_not_in_base(lc, key, rpath, tf_closest(key->str, ids, c->n_referrals));
        else
            tf_locale_contact(lc, L->scratch, &c->referrals[j], n->pairs[i].val, rpath, "referral");
    }
}

static void load_translations(cloader *L, const tf_ynode *n, const char *want)
{
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    if (n->n > CLINIC_MAX_TRANSLATIONS) {
        tf_diag_error(&n->loc, "too many translations (%zu; the limit is %d)", n->n, CLINIC_MAX_TRANSLATIONS);
        return;
    }
    const char *base_name = tf_arena_printf(L->scratch, "the clinic's base text (%s)", L->base);
    for (size_t i = 0; i < n->n; i++) {
        const tf_ynode *lk = n->pairs[i].key, *tn = n->pairs[i].val;
        if (!tf_lang_tag_ok(lk->str)) {
            tf_diag_error(&lk->loc, "invalid language tag '%s'", lk->str);
            continue;
        }
        if (strcmp(lk->str, L->base) == 0) {
            tf_diag_error(&lk->loc, "'%s' is the clinic's base language (its texts are at the top of the file)",
                          lk->str);
            continue;
        }
        if (!tf_ynode_expect(tn, TF_Y_MAP)) continue;
        tf_ymap_check_keys(tn, "translation", tr_keys, TF_ARRAY_LEN(tr_keys));
        tf_clinic *c = L->c;
        tf_clinic shadow;
        tf_locale lc;
        if (strcmp(lk->str, want) == 0) {
            tf_locale_init(&lc, L->a, L->base, c->lang, base_name);
        } else {
            shadow = *c;
            shadow.referrals = tf_arena_alloc(L->scratch, (c->n_referrals + 1) * sizeof *shadow.referrals);
            if (c->n_referrals) memcpy(shadow.referrals, c->referrals, c->n_referrals * sizeof *c->referrals);
            c = &shadow;
            tf_locale_init(&lc, L->scratch, L->base, tf_arena_strdup(L->scratch, lk->str), base_name);
        }
        lc.check_lines = address_ok;
        for (size_t j = 0; j < tn->n; j++) {
            const tf_ynode *k = tn->pairs[j].key, *v = tn->pairs[j].val;
            const char *key = k->str;
            if (strcmp(key, "name") == 0) tf_locale_replace(&lc, &c->name, k, v, key);
            else if (strcmp(key, "phone") == 0) tf_locale_replace(&lc, &c->phone, k, v, key);
            else if (strcmp(key, "email") == 0) tf_locale_replace(&lc, &c->email, k, v, key);
            else if (strcmp(key, "web") == 0) {
                if (tf_locale_replace(&lc, &c->web, k, v, key)) web_ok(v, &c->web);
            } else if (strcmp(key, "address") == 0) {
                tf_locale_replace_lines(&lc, &c->address, &c->n_address, k, v, key);
            } else if (strcmp(key, "hours") == 0) {
                tf_locale_replace_lines(&lc, &c->hours, &c->n_hours, k, v, key);
            } else if (strcmp(key, "note") == 0) {
                tf_locale_replace(&lc, &c->note, k, v, key);
            } else if (strcmp(key, "referrals") == 0) {
                if (!c->n_referrals) tf_locale_not_in_base(&lc, k, key, NULL);
                else tr_referrals(L, &lc, c, v);
            }
        }
    }
}

/* --- fallbacks ------------------------------------------------------------ */

static void collect_fallbacks(cloader *L)
{
    tf_clinic *c = L->c;
    tf_locale lc;
    tf_locale_init(&lc, L->a, L->base, c->lang, NULL);
    tf_locale_fallback(&lc, &c->name, "clinics.%s.name", c->id);
    if (c->n_address) tf_locale_fallback(&lc, &c->address[0], "clinics.%s.address", c->id);
    if (c->n_hours) tf_locale_fallback(&lc, &c->hours[0], "clinics.%s.hours", c->id);
    tf_locale_fallback(&lc, &c->note, "clinics.%s.note", c->id);
    for (size_t i = 0; i < c->n_referrals; i++)
        tf_locale_contact_fallbacks(&lc, &c->referrals[i], tf_arena_printf(L->scratch, "clinics.%s.referrals.%s",
                                                                           c->id, c->referrals[i].id));
    c->fallbacks = lc.fallbacks;
    c->n_fallbacks = lc.n_fallbacks;
}

/* --- entry point ---------------------------------------------------------- */

/* content/clinics/riverside.yaml -> "riverside", checked to be an id. */
static void clinic_id(cloader *L, const char *path)
{
    tf_loc where = {L->c->path, 0, 0};
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    size_t n = strlen(name);
    L->dir = slash ? tf_arena_strndup(L->a, path, slash == path ? 1 : (size_t)(slash - path)) : ".";
    if (n < 6 || strcmp(name + n - 5, ".yaml") != 0) {
        tf_diag_error(&where, "a clinic file's name must end in .yaml");
        return;
    }
    L->c->id = tf_arena_strndup(L->a, name, n - 5);
    if (!id_ok(L->c->id))
        tf_diag_error(&where, "invalid clinic id '%s' (the file name without .yaml; use a-z, 0-9 and -)",
                      L->c->id);
}

static void load_clinic(cloader *L, const tf_ynode *root, const char *want)
{
    tf_clinic *c = L->c;
    if (!tf_ynode_expect(root, TF_Y_MAP)) return;
    tf_ymap_check_keys(root, "clinic file", top_keys, TF_ARRAY_LEN(top_keys));
    const tf_ynode *v;
    if ((v = tf_ymap_require(root, "trifold-clinic", NULL)) && tf_ynode_expect(v, TF_Y_SCALAR) && strcmp(v->str, "1") != 0)
        tf_diag_error(&v->loc, "unsupported clinic format version '%s' (this trifold reads version 1)", v->str);
    if ((v = tf_ymap_require(root, "base", NULL)) && tf_ynode_expect(v, TF_Y_SCALAR)) {
        if (tf_lang_tag_ok(v->str))
            L->base = tf_arena_strdup(L->a, v->str);
        else
            tf_diag_error(&v->loc, "invalid language tag '%s'", v->str);
    }
    if (!L->base) return;    /* no language for the texts: stop before reporting every one */
    c->base_lang = L->base;
    c->lang = want ? tf_arena_strdup(L->a, want) : L->base;
    if (strcmp(c->lang, L->base) == 0) c->lang = L->base;

    if ((v = tf_ymap_require(root, "name", NULL))) text_val(L, v, &c->name, L->base);
    if ((v = tf_ymap_get(root, "address"))) address_val(L, v, &c->address, &c->n_address);
    if ((v = tf_ymap_get(root, "phone"))) text_val(L, v, &c->phone, L->base);
    if ((v = tf_ymap_get(root, "email"))) text_val(L, v, &c->email, L->base);
    if ((v = tf_ymap_get(root, "web")) && text_val(L, v, &c->web, L->base)) web_ok(v, &c->web);
    if ((v = tf_ymap_get(root, "hours"))) address_val(L, v, &c->hours, &c->n_hours);
    if ((v = tf_ymap_get(root, "note"))) text_val(L, v, &c->note, L->base);
    if ((v = tf_ymap_get(root, "logo"))) load_logo(L, v);
    if ((v = tf_ymap_get(root, "accent"))) c->has_accent = tf_ynode_color(v, &c->accent);
    if ((v = tf_ymap_get(root, "referrals"))) load_referrals(L, v);
    if ((v = tf_ymap_get(root, "translations"))) load_translations(L, v, c->lang);
    if (c->lang != L->base) collect_fallbacks(L);
}

tf_clinic *tf_clinic_load(const char *path, const char *lang)
{
    int errors_before = tf_diag_errors();
    tf_arena *a = tf_arena_new();
    tf_clinic *c = tf_arena_alloc(a, sizeof *c);
    c->arena = a;
    c->path = tf_arena_strdup(a, path);
    cloader L = {.c = c, .a = a, .scratch = tf_arena_new()};
    clinic_id(&L, c->path);
    if (lang && !tf_lang_tag_ok(lang)) {
        tf_diag_error(NULL, "invalid language '%s'", lang);
    } else {
        tf_ynode *root;
        if (tf_yaml_load(L.scratch, c->path, &root)) load_clinic(&L, root, lang);
    }
    tf_arena_free(L.scratch);
    if (tf_diag_errors() == errors_before) tf_contact_check_clinic(c);   /* phone, e-mail, web */
    if (tf_diag_errors() != errors_before) {
        tf_arena_free(a);
        return NULL;
    }
    return c;
}

/* --- the clinic's edition: a view over the brochure ------------------------ */

/* The contacts block the referrals go to: `referrals:` in brochure.yaml
 * (content.c checked it), else the only contacts block. Sets its story's
 * and its own index. */
static const tf_block *referral_block(const tf_doc *doc, tf_arena *a, size_t *story, size_t *block)
{
    const tf_block *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < doc->n_stories; i++)
        for (size_t j = 0; j < doc->stories[i].n_blocks; j++) {
            const tf_block *b = &doc->stories[i].blocks[j];
            if (b->kind != TF_BLOCK_CONTACTS) continue;
            if (doc->referrals && strcmp(b->id, doc->referrals) != 0) continue;
            if (!found) {
                found = b;
                *story = i;
                *block = j;
            }
            n++;
        }
    if (doc->referrals) {
        if (!found) tf_diag_error(&doc->referrals_loc, "no contacts block '%s'", doc->referrals);
        return found;
    }
    if (n != 1) {
        tf_loc where = {tf_arena_printf(a, "%s/brochure.yaml", doc->dir), 0, 0};
        tf_diag_error(&where, "brochure has %zu contacts blocks: name one with 'referrals:' in brochure.yaml", n);
        return NULL;
    }
    return found;
}

static bool applies(const tf_clinic *c, size_t i, const tf_doc *doc)
{
    return !c->remove_for[i] || (doc->id && strcmp(c->remove_for[i], doc->id) == 0);
}

static bool removed(const tf_clinic *c, const tf_doc *doc, const char *id)
{
    for (size_t i = 0; i < c->n_remove; i++)
        if (applies(c, i, doc) && strcmp(c->remove[i], id) == 0) return true;
    return false;
}

/* Everything the clinic asks of this brochure, checked before the view is
 * built: removals name contacts the block has, referrals do not collide
 * with contacts that stay, something is left. Returns the number of
 * contacts the block will have, or -1 (reported). */
static long check_merge(const tf_clinic *c, const tf_doc *doc, const tf_block *b, tf_arena *a)
{
    int errors_before = tf_diag_errors();
    const char **ids = tf_arena_alloc(a, (b->n_contacts + 1) * sizeof *ids);
    for (size_t i = 0; i < b->n_contacts; i++) ids[i] = b->contacts[i].id;
    size_t kept = 0;
    for (size_t i = 0; i < c->n_remove; i++) {
        if (!applies(c, i, doc)) continue;
        size_t j = 0;
        while (j < b->n_contacts && strcmp(ids[j], c->remove[i]) != 0) j++;
        if (j < b->n_contacts) continue;
        const char *near = tf_closest(c->remove[i], ids, b->n_contacts);
        if (near)
            tf_diag_error(&c->remove_loc[i], "no contact '%s' to remove (did you mean '%s'?)", c->remove[i], near);
        else
            tf_diag_error(&c->remove_loc[i], "no contact '%s' to remove", c->remove[i]);
    }
    if (!c->replace) {
        for (size_t i = 0; i < b->n_contacts; i++) kept += !removed(c, doc, ids[i]);
        for (size_t i = 0; i < c->n_referrals; i++) {
            const tf_contact *k = &c->referrals[i];
            for (size_t j = 0; j < b->n_contacts; j++)
                if (strcmp(ids[j], k->id) == 0 && !removed(c, doc, k->id))
                    tf_diag_error(&k->loc, "referral '%s' has the same id as a contact of the brochure "
                                  "(remove that one with 'remove: [%s]', or use another id)", k->id, k->id);
        }
    }
    size_t total = kept + c->n_referrals;
    tf_loc where = {c->path, 0, 0};
    if (total > TF_MAX_CONTACTS)
        tf_diag_error(&where, "too many contacts with the clinic's referrals (%zu; the limit is %d)", total,
                      TF_MAX_CONTACTS);
    else if (total == 0 && tf_diag_errors() == errors_before) {
        for (size_t i = c->n_remove; i-- > 0;)     /* at the first removal that applied */
            if (applies(c, i, doc)) where = c->remove_loc[i];
        tf_diag_error(&where,
                      "no contacts left in block '%s' after the clinic's removals", b->id);
    }
    return tf_diag_errors() == errors_before ? (long)total : -1;
}

/* The view is the base's tf_doc copied by value (theme, plan, texts,
 * fallbacks: the same pointers) with a new stories array, a new blocks
 * array for the story holding the referral block, and a new contacts
 * array for that block: the brochure's contacts that stay (shared) and the
 * clinic's referrals (shared with the clinic: the view borrows it through
 * doc->clinic anyway). Three small arrays and one struct per edition. */
const tf_doc *tf_clinic_view(const tf_clinic *c, const tf_doc *base)
{
    tf_arena *a = tf_arena_new();
    size_t si = 0, bi = 0;
    const tf_block *b = referral_block(base, a, &si, &bi);
    long total = b ? check_merge(c, base, b, a) : -1;
    if (total < 0) {
        tf_arena_free(a);
        return NULL;
    }

    tf_contact *out = tf_arena_alloc(a, ((size_t)total + 1) * sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < b->n_contacts && !c->replace; i++)
        if (!removed(c, base, b->contacts[i].id)) out[n++] = b->contacts[i];
    for (size_t i = 0; i < c->n_referrals; i++) out[n++] = c->referrals[i];

    const tf_story *bs = &base->stories[si];
    tf_block *blocks = tf_arena_alloc(a, bs->n_blocks * sizeof *blocks);
    memcpy(blocks, bs->blocks, bs->n_blocks * sizeof *blocks);
    blocks[bi].contacts = out;
    blocks[bi].n_contacts = n;
    tf_story *stories = tf_arena_alloc(a, base->n_stories * sizeof *stories);
    memcpy(stories, base->stories, base->n_stories * sizeof *stories);
    stories[si].blocks = blocks;

    tf_doc *v = tf_arena_alloc(a, sizeof *v);
    *v = *base;
    v->arena = a;
    v->stories = stories;
    if (c->has_accent) v->theme.accent = c->accent;
    v->clinic = c;

    bool slot = false;
    for (int p = 0; p < TF_PANEL_COUNT; p++)
        for (size_t j = 0; j < v->plan[p].n_slots; j++) slot |= v->plan[p].slots[j].kind == TF_SLOT_CLINIC;
    if (!slot) {
        tf_loc bw = {tf_arena_printf(a, "%s/brochure.yaml", v->dir), 0, 0};
        tf_diag_warning(&bw, "the plan has no clinic slot, so the clinic's name, logo and QR code are not "
                        "printed (add '- clinic: sidebar' to a panel)");
    }
    return v;
}

void tf_clinic_view_free(const tf_doc *view)
{
    if (view) tf_arena_free(view->arena);   /* the view itself lives in its arena; the rest is borrowed */
}
