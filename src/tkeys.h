/* tkeys.h: a document's translatable texts, by key, in document order.
 *
 * One list serves every tool that looks at translations: the PO export
 * and import (po.h), the translation status and the staleness check
 * (status.h), `trifold mark-translated`. Keys are the paths the fallback
 * report uses ("meta.title", "stories.body.intro",
 * "stories.signs.signs.items.clingy",
 * "stories.contacts.orgs.entries.ohio.address"). Phone numbers, email and
 * web addresses are the same in every language and are not listed.
 *
 * A restructured story (content.h) is one entry, key "stories.<id>",
 * with `story` set and no text: its translation does not map one to one,
 * so it is translated, and goes stale, as a whole.
 *
 * Staleness: a language file's `_source:` map records, per key, the first
 * 8 hex digits of the SHA-256 of the base text the translation was made
 * from (an address: its lines joined with "\n"; a restructured story:
 * every base text of the story, each key and text followed by a NUL).
 * When the base text changes, the hash no longer matches: stale.
 *
 * Memory: the list and its keys are allocated in the caller's arena; the
 * texts point into the doc. */
#ifndef TF_TKEYS_H
#define TF_TKEYS_H

#include "content.h"

#define TF_TKEY_HASH_LEN 8

typedef struct tf_tkey {
    const char *key;
    const tf_text *text;       /* the text, or an address's first line; NULL for a restructured story */
    size_t n_lines;            /* an address: lines text[0..n_lines); else 1 */
    const tf_story *story;     /* a restructured story (text NULL), else NULL */
} tf_tkey;

/* Every translatable text of doc. */
tf_tkey *tf_tkeys_list(tf_arena *a, const tf_doc *doc, size_t *n);

/* The entry for key, or NULL. */
const tf_tkey *tf_tkeys_find(const tf_tkey *keys, size_t n, const char *key);

/* The text as one string (an address's lines joined with "\n"), in a. */
const char *tf_tkey_text(tf_arena *a, const tf_tkey *k);

/* True when k is in the doc's edition language (translated), false when
 * it fell back to the base language. A restructured story is translated. */
bool tf_tkey_translated(const tf_doc *doc, const tf_tkey *k);

/* The short hash (TF_TKEY_HASH_LEN hex digits + NUL) of a base text; for
 * a restructured story key ("stories.<id>") the hash of the base story
 * `base_story` (a story of the base doc). */
void tf_tkey_hash(tf_arena *a, const tf_tkey *k, char out[TF_TKEY_HASH_LEN + 1]);
void tf_tkey_story_hash(tf_arena *a, const tf_story *base_story, char out[TF_TKEY_HASH_LEN + 1]);

/* The hash doc's `_source:` records for key, or NULL. */
const char *tf_tkey_source(const tf_doc *doc, const char *key);

#endif
