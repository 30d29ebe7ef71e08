/* status.c: translated, missing and stale texts of one language (see
 * status.h). */
#include "status.h"

#include <string.h>

#include "tkeys.h"

void tf_status_doc(const tf_doc *base, const tf_doc *tr, tf_status *st, tf_status_fn fn, void *ctx)
{
    tf_arena *a = tf_arena_new();
    size_t nb, nt;
    tf_tkey *bk = tf_tkeys_list(a, base, &nb);
    tf_tkey *tk = tf_tkeys_list(a, tr, &nt);
    for (size_t i = 0; i < nt; i++) {
        const tf_tkey *k = &tk[i];
        char now[TF_TKEY_HASH_LEN + 1];
        tf_loc where;
        if (k->story) {
            tf_tkey_story_hash(a, k->story, now);
            const tf_story *bs = tf_doc_story(base, k->story->id);
            where = bs ? bs->loc : k->story->loc;
        } else if (tf_tkey_translated(tr, k)) {
            const tf_tkey *b = tf_tkeys_find(bk, nb, k->key);
            if (!b) continue;                 /* cannot happen: a translation only replaces base texts */
            tf_tkey_hash(a, b, now);
            where = b->text->loc;
        } else {
            st->missing++;
            if (fn) fn(ctx, "missing", k->key, &k->text->loc);
            continue;
        }
        st->translated++;
        const char *was = tf_tkey_source(tr, k->key);
        if (!was) {
            st->unrecorded++;
        } else if (strcmp(was, now) != 0) {
            st->stale++;
            if (fn) fn(ctx, "stale", k->key, &where);
        }
    }
    tf_arena_free(a);
}

static void one(const tf_clinic *c, const tf_text *t, tf_status *st)
{
    if (!t->src) return;
    if (t->lang && strcmp(t->lang, c->lang) == 0) st->translated++;
}

void tf_status_clinic(const tf_clinic *c, tf_status *st, tf_status_fn fn, void *ctx)
{
    /* every text, as collect_fallbacks in clinic.c walks them; the ones
     * that fell back are its fallbacks */
    if (strcmp(c->lang, c->base_lang) == 0) return;
    one(c, &c->name, st);
    if (c->n_address) one(c, &c->address[0], st);
    for (size_t i = 0; i < c->n_referrals; i++) {
        one(c, &c->referrals[i].name, st);
        one(c, &c->referrals[i].description, st);
        if (c->referrals[i].n_address) one(c, &c->referrals[i].address[0], st);
    }
    st->missing += c->n_fallbacks;
    st->clinic_missing += c->n_fallbacks;
    for (size_t i = 0; i < c->n_fallbacks && fn; i++)
        fn(ctx, "missing", c->fallbacks[i].key, &c->fallbacks[i].base_loc);
}

void tf_status_print(FILE *out, const char *lang, const char *base_lang, const tf_status *st, const char *tail)
{
    fprintf(out, "%s: %zu translated, %zu fall%s back to %s", lang, st->translated, st->missing,
            st->missing == 1 ? "s" : "", base_lang);
    if (st->clinic_missing) fprintf(out, " (%zu in clinic files)", st->clinic_missing);
    fprintf(out, ", %zu stale", st->stale);
    fprintf(out, "%s\n", tail ? tail : "");
}
