/* yamltree.h: YAML (libyaml's event API) -> a small generic tree.
 *
 * Only plain YAML is accepted: one document, no anchors, aliases or tags.
 * Mappings keep their keys in file order; keys are scalars and unique.
 * Every node knows the file, line and column where it starts (1-based).
 * The file is checked before libyaml sees it (size, BOM, UTF-8, control
 * and bidi characters) so those errors carry an exact line:col; nesting
 * is capped at TF_MAX_DEPTH and scalars at TF_MAX_STRING_BYTES.
 *
 * The generic checks the loader needs (types, unknown keys with a
 * suggestion) live here too, so their messages read the same everywhere. */
#ifndef TF_YAMLTREE_H
#define TF_YAMLTREE_H

#include "arena.h"
#include "base.h"

typedef enum tf_ykind { TF_Y_SCALAR, TF_Y_MAP, TF_Y_SEQ } tf_ykind;

typedef struct tf_ynode tf_ynode;
typedef struct tf_ypair {
    tf_ynode *key;     /* always a scalar */
    tf_ynode *val;
} tf_ypair;

struct tf_ynode {
    tf_ykind kind;
    tf_loc loc;
    const char *str;   /* SCALAR: NUL-terminated value (valid UTF-8) */
    size_t len;
    bool plain;        /* SCALAR: unquoted, so `~`, `null` and `` mean null */
    tf_ypair *pairs;   /* MAP */
    tf_ynode **items;  /* SEQ */
    size_t n;          /* pairs or items */
};

/* Read and parse one file. `file` is the name used in locations and must
 * outlive the tree (the caller keeps it in its own arena); nodes live in
 * `a`. Reports every problem found and returns false on any; *root is then
 * NULL. An empty file is an error ("empty file"). */
bool tf_yaml_load(tf_arena *a, const char *file, tf_ynode **root);

/* Parse a buffer already in memory (same checks as tf_yaml_load except
 * the file ones). *root is NULL for a stream with no document. */
bool tf_yaml_parse(tf_arena *a, const char *file, const char *buf, size_t len, tf_ynode **root);

/* --- checks shared by the loaders --------------------------------------- */

bool tf_ynode_is_null(const tf_ynode *n);
/* "a mapping", "a sequence", "a string", "an empty value" */
const char *tf_ynode_desc(const tf_ynode *n);
/* Reports "expected <want>, got <desc>" unless n has `kind` (want: "a mapping", ...). */
bool tf_ynode_expect(const tf_ynode *n, tf_ykind kind);

const tf_ypair *tf_ymap_find(const tf_ynode *map, const char *key);
const tf_ynode *tf_ymap_get(const tf_ynode *map, const char *key);

/* Report each key of `map` that is not in known[0..n) as
 * "unknown key 'k' in <what> (did you mean 'x'?)". Returns false if any.
 * With TRIFOLD_DUMP_KEYS=<file> in the environment, each call appends
 * "<what>\t<known keys>" to that file (the schema test's view of the loader). */
bool tf_ymap_check_keys(const tf_ynode *map, const char *what, const char *const *known, size_t n);

/* The value of a required key, or NULL after "missing required key 'k' in <what>". */
const tf_ynode *tf_ymap_require(const tf_ynode *map, const char *key, const char *what);
/* A colour "#rrggbb" (reports an unquoted '#', a bad value). */
bool tf_ynode_color(const tf_ynode *n, tf_color *out);

/* Edit distance (Levenshtein) and the closest candidate, or NULL if none is
 * close enough to be a likely typo. NULL too once diag has stopped printing
 * errors (tf_diag_capped): a suggestion nobody reads is not worth n edit
 * distances per error. */
size_t tf_levenshtein(const char *a, const char *b);
const char *tf_closest(const char *s, const char *const *cands, size_t n);

#endif
