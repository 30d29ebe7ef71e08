/* pcache.c: the prepared-text cache (pcache.h).
 *
 * An open-addressing hash table, grown at half full, in the cache's arena.
 * Entries are keyed by content (the text, a second string such as a label,
 * and a tag for the kind, style and direction), never by address: a
 * clinic's texts live in memory that the next clinic reuses. Each entry
 * remembers the fallback fonts its text draws with, computed once when it
 * is prepared, so layout can ask what a set of texts needs without drawing
 * them. */
#include "pcache.h"

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

#include "lang.h"
#include "utf8.h"


typedef struct pc_entry {
    uint64_t hash;
    unsigned tag;
    unsigned gen;            /* layout run that last reported this text's errors */
    const char *a, *b;       /* copies of the key strings */
    tf_ptext text;
    bool ok;
    tf_fallback_mask fallbacks;   /* the fallback fonts the text draws with */
} pc_entry;

typedef struct memo_entry {
    uint64_t hash;             /* 0: an empty slot */
    unsigned char *key;        /* key then value (at VAL_AT(klen), aligned), one allocation */
    size_t klen, vlen;
} memo_entry;

struct tf_pcache {
    tf_arena *arena;
    pc_entry *v;
    size_t cap, n;
    memo_entry *memo;          /* open addressing, at most half full */
    size_t memo_cap, memo_n, memo_bytes;
    struct interned { const void *d; size_t n; } *interned;   /* in the arena */
    size_t n_interned;
    char last_lang[36];        /* tf_lang_rtl of the language last asked about */
    bool last_rtl;
};

/* tf_lang_rtl, remembered for the last language (texts name few). */
static bool lang_rtl(tf_pcache *c, const char *lang)
{
    if (!strcmp(c->last_lang, lang)) return c->last_rtl;
    bool rtl = tf_lang_rtl(lang);
    if (strlen(lang) < sizeof c->last_lang) {
        strcpy(c->last_lang, lang);
        c->last_rtl = rtl;
    }
    return rtl;
}

tf_pcache *tf_pcache_new(void)
{
    tf_arena *a = tf_arena_new();
    tf_pcache *c = tf_arena_alloc(a, sizeof *c);
    c->arena = a;
    c->cap = 512;
    c->v = tf_arena_alloc(a, c->cap * sizeof *c->v);
    return c;
}

void tf_pcache_free(tf_pcache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->memo_cap; i++) free(c->memo[i].key);
    free(c->memo);
    tf_arena_free(c->arena);
}

#define VAL_AT(klen) (((klen) + 15) & ~(size_t)15)

/* FNV-style over 8-byte words (keys are a few hundred bytes), then mixed. */
static uint64_t memo_hash(const unsigned char *k, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, k + i, 8);
        h = (h ^ w) * 0x100000001B3ull;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ k[i]) * 0x100000001B3ull;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    return h | 1;
}

static memo_entry *memo_find(tf_pcache *c, const void *key, size_t klen, uint64_t h)
{
    size_t mask = c->memo_cap - 1;
    for (size_t j = (size_t)(h >> 7) & mask;; j = (j + 1) & mask) {
        memo_entry *e = &c->memo[j];
        if (!e->hash || (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0)) return e;
    }
}

const void *tf_pcache_intern(tf_pcache *c, const void *data, size_t n)
{
    for (size_t i = 0; i < c->n_interned; i++)
        if (c->interned[i].n == n && memcmp(c->interned[i].d, data, n) == 0) return c->interned[i].d;
    c->interned = tf_arena_grow(c->arena, c->interned, c->n_interned, c->n_interned + 1, sizeof *c->interned);
    void *copy = tf_arena_alloc(c->arena, n ? n : 1);
    memcpy(copy, data, n);
    c->interned[c->n_interned++] = (struct interned){copy, n};
    return copy;
}

const void *tf_pcache_memo_get(tf_pcache *c, const void *key, size_t klen, size_t *vlen)
{
    if (!c->memo_cap) return NULL;
    memo_entry *e = memo_find(c, key, klen, memo_hash(key, klen));
    if (!e->hash) return NULL;
    *vlen = e->vlen;
    return e->key + VAL_AT(e->klen);
}

void tf_pcache_memo_put(tf_pcache *c, const void *key, size_t klen, const void *val, size_t vlen)
{
    if (c->memo_n >= TF_PCACHE_MEMO_MAX || c->memo_bytes + klen + vlen > TF_PCACHE_MEMO_BYTES) return;
    if (2 * (c->memo_n + 1) > c->memo_cap) {       /* grow at half full */
        size_t cap = c->memo_cap ? 2 * c->memo_cap : 1024;
        memo_entry *v = tf_xcalloc(cap, sizeof *v);
        for (size_t i = 0; i < c->memo_cap; i++) {
            if (!c->memo[i].hash) continue;
            size_t j = (size_t)(c->memo[i].hash >> 7) & (cap - 1);
            while (v[j].hash) j = (j + 1) & (cap - 1);
            v[j] = c->memo[i];
        }
        free(c->memo);
        c->memo = v;
        c->memo_cap = cap;
    }
    uint64_t h = memo_hash(key, klen);
    memo_entry *e = memo_find(c, key, klen, h);
    if (e->hash) {                                 /* the same key: the new value */
        c->memo_bytes -= e->klen + e->vlen;
        free(e->key);
    } else {
        c->memo_n++;
    }
    e->hash = h;
    e->key = tf_xmalloc(VAL_AT(klen) + vlen + 1);
    memcpy(e->key, key, klen);
    if (vlen) memcpy(e->key + VAL_AT(klen), val, vlen);
    e->klen = klen;
    e->vlen = vlen;
    c->memo_bytes += klen + vlen;
}

tf_arena *tf_pcache_arena(tf_pcache *c)
{
    return c->arena;
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001B3ull;
    return (h ^ 0xFF) * 0x100000001B3ull;
}

static bool same(const char *x, const char *y)
{
    return x == y || (x && y && strcmp(x, y) == 0);
}

static pc_entry *pc_slot(tf_pcache *c, unsigned gen, const char *a, const char *bstr, unsigned tag, bool *fresh)
{
    if (2 * (c->n + 1) > c->cap) {               /* grow at half full */
        tf_pcache old = *c;
        c->cap *= 2;
        c->v = tf_arena_alloc(c->arena, c->cap * sizeof *c->v);
        c->n = 0;
        for (size_t i = 0; i < old.cap; i++) {
            if (!old.v[i].hash) continue;
            size_t j = (size_t)(old.v[i].hash >> 7) & (c->cap - 1);
            while (c->v[j].hash) j = (j + 1) & (c->cap - 1);
            c->v[j] = old.v[i];
            c->n++;
        }
    }
    uint64_t h = fnv(fnv(0xCBF29CE484222325ull ^ tag, a), bstr) | 1;
    size_t j = (size_t)(h >> 7) & (c->cap - 1);
    while (c->v[j].hash && !(c->v[j].hash == h && c->v[j].tag == tag && same(c->v[j].a, a) &&
                             same(c->v[j].b, bstr)))
        j = (j + 1) & (c->cap - 1);
    pc_entry *e = &c->v[j];
    /* a text that failed is prepared (and so reported) again once per layout run */
    *fresh = !e->hash || (!e->ok && e->gen != gen);
    e->gen = gen;
    if (!e->hash) {
        e->hash = h;
        e->tag = tag;
        e->a = a ? tf_arena_strdup(c->arena, a) : NULL;
        e->b = bstr ? tf_arena_strdup(c->arena, bstr) : NULL;
        c->n++;
    }
    return e;
}

/* Compute a fresh text's fallback mask; load its fonts into this layout's
 * font set if they are not open yet; add the mask to *acc. */
static void note_fonts(const tf_ptext_ctx *pc, pc_entry *e, bool fresh, tf_fallback_mask *acc)
{
    tf_fontset *fs = pc->fonts;
    if (fresh) {
        e->fallbacks = 0;
        for (size_t i = 0; i < e->text.n; i++)
            for (size_t k = 0; k < TF_MAX_FALLBACK_FONTS; k++)
                for (int f = 0; f < TF_FACE_COUNT; f++)
                    if (e->text.items[i].font && fs->fallback[k][f] == e->text.items[i].font)
                        e->fallbacks |= (tf_fallback_mask)1 << (k * TF_FACE_COUNT + (size_t)f);
    }
    for (size_t k = 0; k < TF_MAX_FALLBACK_FONTS && e->fallbacks; k++)   /* most texts use none */
        for (int f = 0; f < TF_FACE_COUNT; f++) {
            if (!(e->fallbacks & ((tf_fallback_mask)1 << (k * TF_FACE_COUNT + (size_t)f)))) continue;
            if (!fs->tried[k][f] && fs->load && fs->theme && k < fs->theme->n_fallback) {
                fs->tried[k][f] = true;
                fs->fallback[k][f] = fs->load(fs->load_ctx, fs->theme->fallback[k].font[f],
                                              &fs->theme->fallback[k].font_loc[f]);
            }
        }
    if (acc) *acc |= e->fallbacks;
}

void tf_pcache_hyphenate(tf_pcache *c, const tf_ptext_ctx *pc)
{
    for (size_t i = 0; i < c->cap; i++)
        if (c->v[i].hash) tf_ptext_hyphenate(pc, &c->v[i].text);
}

const tf_ptext *tf_pcache_text(tf_pcache *c, const tf_ptext_ctx *ctx, unsigned gen, const tf_text *t,
                               unsigned style, bool *ok, tf_fallback_mask *fallbacks)
{
    bool fresh;
    tf_ptext_ctx pc = *ctx;                 /* a text that fell back keeps its own direction */
    if (t->lang) pc.rtl = lang_rtl(c, t->lang);
    pc_entry *e = pc_slot(c, gen, t->src, NULL, style | (pc.rtl ? 0x1000u : 0), &fresh);
    if (fresh) e->ok = tf_ptext_prepare(&pc, t, style, &e->text);
    e->text.loc = &t->loc;               /* this text's, not the first one's with these words */
    note_fonts(ctx, e, fresh, fallbacks);
    if (!e->ok) *ok = false;
    return &e->text;
}

const tf_ptext *tf_pcache_labelled(tf_pcache *c, const tf_ptext_ctx *pc, unsigned gen, const char *label,
                                   const tf_text *value, const char *href, bool *ok,
                                   tf_fallback_mask *fallbacks)
{
    bool fresh;
    pc_entry *e = pc_slot(c, gen, value->src, label, 0x100u | (pc->rtl ? 0x1000u : 0), &fresh);
    if (fresh) {
        /* the value (a phone number, address, URL) is isolated left to right
         * (LRI ... PDI) so an RTL edition keeps "(847) 256-7334" in order */
        tf_span sp[4];
        size_t n = 0;
        if (label && *label) {
            char *l = tf_arena_printf(pc->arena, "%s ", label);
            sp[n++] = (tf_span){l, strlen(l), TF_SPAN_BOLD, NULL, NULL};
        }
        sp[n++] = (tf_span){"\xE2\x81\xA6", 3, 0, NULL, NULL};      /* U+2066 LRI */
        sp[n++] = (tf_span){e->a, strlen(e->a), 0, tf_arena_strdup(pc->arena, href), NULL};
        sp[n++] = (tf_span){"\xE2\x81\xA9", 3, 0, NULL, NULL};      /* U+2069 PDI */
        e->ok = tf_ptext_spans(pc, sp, n, &value->loc, &e->text);
        e->text.data = true;             /* a phone number, address or URL: never hyphenated */
    }
    e->text.loc = &value->loc;
    note_fonts(pc, e, fresh, fallbacks);
    if (!e->ok) *ok = false;
    return &e->text;
}

/* A data line: its own direction from its first strong character (UAX #9
 * P2), aligned as the edition. */
const tf_ptext *tf_pcache_data(tf_pcache *c, const tf_ptext_ctx *ctx, unsigned gen, const tf_text *t,
                               bool *ok, tf_fallback_mask *fallbacks)
{
    bool fresh;
    pc_entry *e = pc_slot(c, gen, t->src, NULL, 0x400u | (ctx->rtl ? 0x1000u : 0), &fresh);
    if (fresh) {
        tf_ptext_ctx pc = *ctx;
        pc.rtl = false;
        for (const char *p = t->src; p && *p;) {
            size_t len = tf_utf8_seq_len(p, p + strlen(p));
            if (!len) break;
            uint32_t cp = tf_utf8_next(&p, p + len);
            FriBidiCharType ty = fribidi_get_bidi_type(cp);
            if (FRIBIDI_IS_STRONG(ty)) { pc.rtl = FRIBIDI_IS_RTL(ty); break; }
        }
        e->ok = tf_ptext_prepare(&pc, t, 0, &e->text);
        e->text.right = ctx->rtl;
        e->text.data = true;             /* an address or hours line: never hyphenated */
    }
    e->text.loc = &t->loc;
    note_fonts(ctx, e, fresh, fallbacks);
    if (!e->ok) *ok = false;
    return &e->text;
}

const tf_ptext *tf_pcache_plain(tf_pcache *c, const tf_ptext_ctx *pc, unsigned gen, const char *key_text,
                                unsigned style, bool *ok, tf_fallback_mask *fallbacks)
{
    bool fresh;
    pc_entry *e = pc_slot(c, gen, key_text, NULL, style | 0x200u | (pc->rtl ? 0x1000u : 0), &fresh);
    /* from the cached copy: key_text may be a stack buffer */
    if (fresh) e->ok = tf_ptext_plain(pc, e->a, style, NULL, NULL, &e->text);
    note_fonts(pc, e, fresh, fallbacks);
    if (!e->ok) *ok = false;
    return &e->text;
}
