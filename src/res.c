/* res.c: the batch's shared fonts and hyphenation dictionaries (res.h).
 *
 * Two growing tables of heap-allocated entries, searched linearly (a batch
 * has a few dozen entries at most). Entries are pointers so a dictionary
 * load running on its thread keeps a stable address to write into while
 * the table grows. Nothing is freed before tf_res_free. */
#include "res.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct res_font {
    char *path;
    tf_font *font;
} res_font;

typedef struct res_dict {
    char *lang;
    tf_hyphen *h;            /* NULL: the language has no dictionary */
    pthread_t thread;
    bool loading;            /* the thread runs (or ran) and is not joined yet */
} res_dict;

struct tf_res {
    res_font *fonts;
    size_t n_fonts, cap_fonts;
    res_dict **dicts;
    size_t n_dicts, cap_dicts;
};

tf_res *tf_res_new(void)
{
    return tf_xcalloc(1, sizeof(tf_res));
}

void tf_res_free(tf_res *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_fonts; i++) {
        tf_font_free(r->fonts[i].font);
        free(r->fonts[i].path);
    }
    free(r->fonts);
    for (size_t i = 0; i < r->n_dicts; i++) {
        res_dict *d = r->dicts[i];
        if (d->loading) pthread_join(d->thread, NULL);
        tf_hyphen_free(d->h);
        free(d->lang);
        free(d);
    }
    free(r->dicts);
    free(r);
}

tf_font *tf_res_font(tf_res *r, const char *path, const tf_loc *where)
{
    for (size_t i = 0; i < r->n_fonts; i++)
        if (!strcmp(r->fonts[i].path, path)) return r->fonts[i].font;
    tf_font *f = tf_font_load(path, where);
    if (!f) return NULL;
    if (r->n_fonts == r->cap_fonts) {
        r->cap_fonts = r->cap_fonts ? 2 * r->cap_fonts : 8;
        r->fonts = tf_xrealloc(r->fonts, r->cap_fonts * sizeof *r->fonts);
    }
    r->fonts[r->n_fonts++] = (res_font){tf_xstrdup(path), f};
    return f;
}

static res_dict *dict_find(tf_res *r, const char *lang)
{
    for (size_t i = 0; i < r->n_dicts; i++)
        if (!strcmp(r->dicts[i]->lang, lang)) return r->dicts[i];
    return NULL;
}

static void *dict_load_main(void *arg)
{
    res_dict *d = arg;
    d->h = tf_hyphen_load(d->lang);
    return NULL;
}

bool tf_res_hyphen_begin(tf_res *r, const char *lang, const tf_hyphen **out)
{
    res_dict *d = dict_find(r, lang);
    if (d && !d->loading) {
        *out = d->h;
        return true;
    }
    if (!d) {
        if (r->n_dicts == r->cap_dicts) {
            r->cap_dicts = r->cap_dicts ? 2 * r->cap_dicts : 8;
            r->dicts = tf_xrealloc(r->dicts, r->cap_dicts * sizeof *r->dicts);
        }
        d = tf_xcalloc(1, sizeof *d);
        d->lang = tf_xstrdup(lang);
        r->dicts[r->n_dicts++] = d;
        d->loading = pthread_create(&d->thread, NULL, dict_load_main, d) == 0;
        if (!d->loading) {               /* no thread: load it here */
            dict_load_main(d);
            *out = d->h;
            return true;
        }
    }
    *out = NULL;
    return false;
}

void tf_res_drop_pages(tf_res *r)
{
    for (size_t i = 0; r && i < r->n_dicts; i++)
        if (!r->dicts[i]->loading) tf_hyphen_drop_pages(r->dicts[i]->h);
}

const tf_hyphen *tf_res_hyphen_wait(tf_res *r, const char *lang)
{
    res_dict *d = dict_find(r, lang);
    if (!d) return NULL;
    if (d->loading) {
        pthread_join(d->thread, NULL);
        d->loading = false;
    }
    return d->h;
}
