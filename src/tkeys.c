/* tkeys.c: a document's translatable texts by key (see tkeys.h). The key
 * paths are those collect_fallbacks in content.c records, so the PO file,
 * the status and the fallback report name a text the same way. */
#include "tkeys.h"

#include <string.h>

#include "sha256.h"

typedef struct klist {
    tf_arena *a;
    tf_tkey *k;
    size_t n, cap;
} klist;

static void add(klist *l, const char *key, const tf_text *t, size_t n_lines, const tf_story *story)
{
    if (!story && (!t || !t->src)) return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->k = tf_arena_grow(l->a, l->k, l->n, l->cap, sizeof *l->k);
    }
    l->k[l->n++] = (tf_tkey){key, t, n_lines, story};
}

static void add_blocks(klist *l, const char *sid, const tf_block *blocks, size_t n)
{
    tf_arena *a = l->a;
    for (size_t j = 0; j < n; j++) {
        const tf_block *b = &blocks[j];
        add(l, tf_arena_printf(a, b->kind == TF_BLOCK_IMAGE ? "stories.%s.%s.alt" : "stories.%s.%s", sid, b->id),
            &b->text, 1, NULL);
        for (size_t k = 0; k < b->n_items; k++)
            add(l, tf_arena_printf(a, "stories.%s.%s.items.%s", sid, b->id, b->items[k].id), &b->items[k].text, 1, NULL);
        for (size_t k = 0; k < b->n_contacts; k++) {
            const tf_contact *c = &b->contacts[k];
            const char *p = tf_arena_printf(a, "stories.%s.%s.entries.%s", sid, b->id, c->id);
            add(l, tf_arena_printf(a, "%s.name", p), &c->name, 1, NULL);
            add(l, tf_arena_printf(a, "%s.description", p), &c->description, 1, NULL);
            if (c->n_address) add(l, tf_arena_printf(a, "%s.address", p), c->address, c->n_address, NULL);
        }
    }
}

tf_tkey *tf_tkeys_list(tf_arena *a, const tf_doc *doc, size_t *n)
{
    klist l = {.a = a};
    add(&l, "meta.title", &doc->title, 1, NULL);
    add(&l, "meta.author", &doc->author, 1, NULL);
    add(&l, "meta.subject", &doc->subject, 1, NULL);
    for (size_t i = 0; i < TF_LABEL_COUNT; i++)
        add(&l, tf_arena_printf(a, "labels.%s", tf_label_keys[i]),
            tf_labels_slot((tf_labels *)&doc->labels, i), 1, NULL);
    for (size_t i = 0; i < doc->n_stories; i++) {
        const tf_story *s = &doc->stories[i];
        if (s->restructured)
            add(&l, tf_arena_printf(a, "stories.%s", s->id), NULL, 0, s);
        else
            add_blocks(&l, s->id, s->blocks, s->n_blocks);
    }
    *n = l.n;
    return l.k;
}

const tf_tkey *tf_tkeys_find(const tf_tkey *keys, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i].key, key) == 0) return &keys[i];
    return NULL;
}

const char *tf_tkey_text(tf_arena *a, const tf_tkey *k)
{
    if (!k->text) return "";
    if (k->n_lines <= 1) return k->text->src;
    size_t len = 0;
    for (size_t i = 0; i < k->n_lines; i++) len += strlen(k->text[i].src) + 1;
    char *s = tf_arena_alloc(a, len), *p = s;
    for (size_t i = 0; i < k->n_lines; i++) {
        size_t m = strlen(k->text[i].src);
        memcpy(p, k->text[i].src, m);
        p += m;
        *p++ = i + 1 < k->n_lines ? '\n' : '\0';
    }
    return s;
}

bool tf_tkey_translated(const tf_doc *doc, const tf_tkey *k)
{
    if (k->story) return true;
    return k->text && k->text->lang && strcmp(k->text->lang, doc->lang) == 0 && strcmp(doc->lang, doc->base_lang) != 0;
}

static void short_hash(const unsigned char d[32], char out[TF_TKEY_HASH_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < TF_TKEY_HASH_LEN / 2; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[TF_TKEY_HASH_LEN] = 0;
}

void tf_tkey_hash(tf_arena *a, const tf_tkey *k, char out[TF_TKEY_HASH_LEN + 1])
{
    const char *t = tf_tkey_text(a, k);
    tf_sha256 s;
    unsigned char d[32];
    tf_sha256_init(&s);
    tf_sha256_add(&s, t, strlen(t));
    tf_sha256_end(&s, d);
    short_hash(d, out);
}

void tf_tkey_story_hash(tf_arena *a, const tf_story *base_story, char out[TF_TKEY_HASH_LEN + 1])
{
    klist l = {.a = a};
    const tf_block *blocks = base_story->restructured ? base_story->base_blocks : base_story->blocks;
    size_t n = base_story->restructured ? base_story->n_base_blocks : base_story->n_blocks;
    add_blocks(&l, base_story->id, blocks, n);
    tf_sha256 s;
    unsigned char d[32];
    tf_sha256_init(&s);
    for (size_t i = 0; i < l.n; i++) {
        const char *t = tf_tkey_text(a, &l.k[i]);
        tf_sha256_add(&s, l.k[i].key, strlen(l.k[i].key) + 1);
        tf_sha256_add(&s, t, strlen(t) + 1);
    }
    tf_sha256_end(&s, d);
    short_hash(d, out);
}

const char *tf_tkey_source(const tf_doc *doc, const char *key)
{
    for (size_t i = 0; i < doc->n_sources; i++)
        if (strcmp(doc->source_keys[i], key) == 0) return doc->source_hashes[i];
    return NULL;
}
