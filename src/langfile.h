/* langfile.h: writing a language file (<lang>.yaml), for `trifold
 * import` and `trifold mark-translated`.
 *
 * The layout is deterministic: the same translations give the same bytes.
 * Keys follow the base text's order; a block with only its main text
 * translated is written `id: text`, otherwise as a map (kind, items,
 * entries, alt); short texts are double-quoted, long ones folded (`>-`)
 * at 78 columns; `_source:` (tkeys.h) comes last. What a PO file cannot
 * carry is kept from the language file being replaced: its opening
 * comment lines and its restructured stories (`_blocks:`, copied as
 * written, re-indented to two spaces).
 *
 * Memory: the rendered text is malloc'd (the caller frees it); an old
 * file's parts live in the arena given. */
#ifndef TF_LANGFILE_H
#define TF_LANGFILE_H

#include "content.h"

typedef struct tf_lf_entry {
    const char *key;           /* a tkeys.h key */
    const char *text;          /* the translation (an address: lines joined with "\n") */
    const char *source;        /* the base text's short hash, or NULL */
} tf_lf_entry;

/* What an existing language file keeps through an import. */
typedef struct tf_lf_old {
    const char *header;        /* its opening comment lines, or NULL */
    const char **story_ids;    /* restructured stories ... */
    const char **story_text;   /* ... as written, from the story key's line on */
    const char **story_source; /* ... and their `_source:` hash (NULL: none) */
    size_t n_stories;
    const char **source_keys, **source_hashes;   /* its whole `_source:` map */
    size_t n_sources;
} tf_lf_old;

/* Read `path` if it exists (*old zeroed when it does not). False when it
 * exists and cannot be read or parsed (reported). */
bool tf_langfile_read_old(tf_arena *a, const char *path, tf_lf_old *old);

/* The language file for `lang` over `base` (a doc in its base language). */
char *tf_langfile_render(const tf_doc *base, const char *lang, const tf_lf_entry *e, size_t n,
                         const tf_lf_old *old);

/* The text of `path` with its top-level `_source:` map replaced by
 * keys/hashes (sorted as given), everything else kept byte for byte. NULL
 * when the file cannot be read (reported). */
char *tf_langfile_with_sources(const char *path, const char *const *keys, const char *const *hashes, size_t n);

/* Write text to path through a temporary file and a rename. */
bool tf_langfile_save(const char *path, const char *text);

#endif
