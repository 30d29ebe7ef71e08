/* pcache.h: the prepared-text cache. Shaping is the expensive part of
 * layout and does not depend on size, so each text is prepared once
 * (ptext.h) and reused by every layout of the fit search and, in a batch,
 * by every edition of the same language.
 *
 * Ownership: the cache owns its arena, which holds the prepared texts and
 * the glyph runs that display lists point into: free the cache after the
 * last layout (and render) that used it. Fonts in the texts belong to the
 * tf_res (res.h), which must outlive the cache.
 *
 * Every lookup takes the preparing context (fonts, dictionary, language,
 * direction) and a run number `gen`: a text that failed to prepare (a
 * missing glyph, unbalanced markup) is prepared, and so reported, again once
 * per layout run. *ok is set to false when the text failed and left alone
 * otherwise. */
#ifndef TF_PCACHE_H
#define TF_PCACHE_H

#include "ptext.h"

typedef struct tf_pcache tf_pcache;

tf_pcache *tf_pcache_new(void);
void tf_pcache_free(tf_pcache *c);     /* NULL is fine */
tf_arena *tf_pcache_arena(tf_pcache *c);

/* Cut every text prepared so far at the hyphenation points of pc->hyphen
 * (texts shaped while the dictionary was loading). */
void tf_pcache_hyphenate(tf_pcache *c, const tf_ptext_ctx *pc);

/* The fallback fonts a prepared text draws with, as a mask: bit
 * k * TF_FACE_COUNT + f is fallback family k, face f (tf_fontset.fallback).
 * Each lookup ORs its text's mask into *fallbacks (may be NULL) and makes
 * sure those fonts are loaded in pc->fonts (a text from an earlier edition
 * of a batch uses fonts this edition's font set has not opened yet). */
typedef uint32_t tf_fallback_mask;
_Static_assert(TF_MAX_FALLBACK_FONTS * TF_FACE_COUNT <= 32, "tf_fallback_mask has a bit per fallback font");

/* A text with its inline markup, `style` added to every span. */
const tf_ptext *tf_pcache_text(tf_pcache *c, const tf_ptext_ctx *pc, unsigned gen, const tf_text *t,
                               unsigned style, bool *ok, tf_fallback_mask *fallbacks);
/* "Label value" (bold label, the value a link to href, isolated left to
 * right), keyed on the value and the label. */
const tf_ptext *tf_pcache_labelled(tf_pcache *c, const tf_ptext_ctx *pc, unsigned gen, const char *label,
                                   const tf_text *value, const char *href, bool *ok,
                                   tf_fallback_mask *fallbacks);
/* A data line (an address line): its own direction from its first strong
 * character, aligned as the edition. */
const tf_ptext *tf_pcache_data(tf_pcache *c, const tf_ptext_ctx *pc, unsigned gen, const tf_text *t,
                               bool *ok, tf_fallback_mask *fallbacks);
/* Plain UTF-8 without markup (a bullet, a page number). */
const tf_ptext *tf_pcache_plain(tf_pcache *c, const tf_ptext_ctx *pc, unsigned gen, const char *text,
                                unsigned style, bool *ok, tf_fallback_mask *fallbacks);

/* Results worked out from the cache's texts, remembered for as long as
 * the texts live (setline.c keeps a paragraph's lines for the widths and
 * size it was broken for: the trials of the fit search, and in a batch
 * every edition, break the same paragraphs for the same frames again).
 * Keys are bytes, compared whole; a key may hold the address of a text's
 * items, which the cache never frees or reuses while it lives. get returns
 * the value (valid until the next put) and its length, or NULL; put copies
 * key and value, replacing an entry with the same key. Bounded: past
 * TF_PCACHE_MEMO_MAX entries or TF_PCACHE_MEMO_BYTES bytes nothing more is
 * kept. */
#define TF_PCACHE_MEMO_MAX 65536
#define TF_PCACHE_MEMO_BYTES (24u * 1024u * 1024u)
const void *tf_pcache_memo_get(tf_pcache *c, const void *key, size_t klen, size_t *vlen);
/* A copy of data[0..n) that lives as long as the cache, the same copy for
 * equal bytes: its address can stand for the bytes in a memo key. */
const void *tf_pcache_intern(tf_pcache *c, const void *data, size_t n);
void tf_pcache_memo_put(tf_pcache *c, const void *key, size_t klen, const void *val, size_t vlen);

#endif
