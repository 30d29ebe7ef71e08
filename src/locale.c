/* locale.c: the translation overlay shared by brochure texts and clinic
 * files (see locale.h). */
#include "locale.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

void tf_locale_init(tf_locale *lc, tf_arena *a, const char *base, const char *lang, const char *base_name)
{
    memset(lc, 0, sizeof *lc);
    lc->a = a;
    lc->base = base;
    lc->lang = lang;
    lc->base_name = base_name;
}

bool tf_locale_read(tf_arena *a, const tf_ynode *n, tf_text *t, const char *lang)
{
    if (!tf_ynode_expect(n, TF_Y_SCALAR)) return false;
    t->src = tf_arena_strndup(a, n->str, n->len);
    t->loc = n->loc;
    t->lang = lang;
    return true;
}

bool tf_locale_read_lines(tf_arena *a, const tf_ynode *v, const char *lang, tf_locale_lines_check check,
                          tf_text **lines, size_t *n_lines)
{
    if (check && !check(v)) return false;
    size_t cnt = v->kind == TF_Y_SEQ ? v->n : 1;
    tf_text *got = tf_arena_alloc(a, (cnt ? cnt : 1) * sizeof *got);
    bool ok = true;
    for (size_t i = 0; i < cnt; i++)
        ok = tf_locale_read(a, v->kind == TF_Y_SEQ ? v->items[i] : v, &got[i], lang) && ok;
    if (!ok) return false;
    *lines = got;
    *n_lines = cnt;
    return true;
}

static const char *const contact_keys[] = {"name", "description", "address", "phone", "email", "web"};

void tf_locale_read_contact(tf_arena *a, const tf_ynode *n, const char *lang, const char *what,
                            tf_locale_lines_check check, tf_contact *k)
{
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    tf_ymap_check_keys(n, what, contact_keys, TF_ARRAY_LEN(contact_keys));
    const tf_ynode *v;
    if ((v = tf_ymap_require(n, "name", what))) tf_locale_read(a, v, &k->name, lang);
    if ((v = tf_ymap_get(n, "description"))) tf_locale_read(a, v, &k->description, lang);
    if ((v = tf_ymap_get(n, "phone"))) tf_locale_read(a, v, &k->phone, lang);
    if ((v = tf_ymap_get(n, "email"))) tf_locale_read(a, v, &k->email, lang);
    if ((v = tf_ymap_get(n, "web"))) tf_locale_read(a, v, &k->web, lang);
    if ((v = tf_ymap_get(n, "address"))) tf_locale_read_lines(a, v, lang, check, &k->address, &k->n_address);
}

void tf_locale_not_in_base(const tf_locale *lc, const tf_ynode *key, const char *path, const char *near)
{
    if (near)
        tf_diag_error(&key->loc, "key '%s' is not in %s (did you mean '%s'?)", path, lc->base_name, near);
    else
        tf_diag_error(&key->loc, "key '%s' is not in %s", path, lc->base_name);
}

bool tf_locale_replace(tf_locale *lc, tf_text *t, const tf_ynode *key, const tf_ynode *v, const char *path)
{
    if (!t->src) {
        tf_locale_not_in_base(lc, key, path, NULL);
        return false;
    }
    return tf_locale_read(lc->a, v, t, lc->lang);
}

bool tf_locale_replace_lines(tf_locale *lc, tf_text **lines, size_t *n_lines, const tf_ynode *key,
                             const tf_ynode *v, const char *path)
{
    if (!*n_lines) {
        tf_locale_not_in_base(lc, key, path, NULL);
        return false;
    }
    tf_text *got;
    size_t cnt;
    if (!tf_locale_read_lines(lc->a, v, lc->lang, lc->check_lines, &got, &cnt) || !cnt)
        return false;                       /* a bad line: reported; no lines: the base's stay */
    *lines = got;
    *n_lines = cnt;
    return true;
}

void tf_locale_contact(tf_locale *lc, tf_arena *scratch, tf_contact *k, const tf_ynode *cn, const char *path,
                       const char *what)
{
    const char *const *keys = contact_keys;
    if (!tf_ynode_expect(cn, TF_Y_MAP)) return;
    tf_ymap_check_keys(cn, what, keys, TF_ARRAY_LEN(contact_keys));
    tf_text *dst[] = {&k->name, &k->description, NULL, &k->phone, &k->email, &k->web};
    for (size_t i = 0; i < cn->n; i++) {
        const tf_ynode *fk = cn->pairs[i].key, *fv = cn->pairs[i].val;
        size_t f = 0;
        while (f < TF_ARRAY_LEN(contact_keys) && strcmp(keys[f], fk->str) != 0) f++;
        if (f == TF_ARRAY_LEN(contact_keys)) continue;     /* reported by the key check */
        const char *fpath = tf_arena_printf(scratch, "%s.%s", path, fk->str);
        if (dst[f])
            tf_locale_replace(lc, dst[f], fk, fv, fpath);
        else
            tf_locale_replace_lines(lc, &k->address, &k->n_address, fk, fv, fpath);
    }
}

void tf_locale_fallback(tf_locale *lc, const tf_text *t, const char *fmt, ...)
{
    if (!t->src || t->lang != lc->base) return;
    if (lc->n_fallbacks == lc->cap) {
        lc->cap = lc->cap ? lc->cap * 2 : 16;
        lc->fallbacks = tf_arena_grow(lc->a, lc->fallbacks, lc->n_fallbacks, lc->cap, sizeof *lc->fallbacks);
    }
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *key = tf_arena_alloc(lc->a, len > 0 ? (size_t)len + 1 : 1);
    if (len > 0) vsnprintf(key, (size_t)len + 1, fmt, ap2);
    va_end(ap2);
    tf_fallback *f = &lc->fallbacks[lc->n_fallbacks++];
    f->key = key;
    f->base_loc = t->loc;
}

void tf_locale_contact_fallbacks(tf_locale *lc, const tf_contact *k, const char *prefix)
{
    tf_locale_fallback(lc, &k->name, "%s.name", prefix);
    tf_locale_fallback(lc, &k->description, "%s.description", prefix);
    if (k->n_address) tf_locale_fallback(lc, &k->address[0], "%s.address", prefix);
}
