/* locale.h: one language's texts laid over the base language's.
 *
 * Brochure text files (content.c) and clinic files (clinic.c) are
 * translated the same way, by this one overlay: the base language holds
 * every text and all of the structure; a translation may only replace
 * texts the base has (never add one: "key 'x' is not in the base text");
 * whatever it leaves alone stays in the base language and is recorded as
 * a fallback, for `trifold check` to list. Each caller walks its own
 * format (which key names which text) and calls these for every text.
 *
 * Which language a text is in is its `lang` pointer: lc->base for texts
 * read from the base, lc->lang for translated ones. A fallback is a text
 * whose lang is still lc->base (a pointer compare: both tags are owned by
 * the document or clinic being loaded, one copy each).
 *
 * Memory: every text read and every fallback key is allocated in lc->a,
 * the caller's arena, which owns them; nothing here is freed on its own. */
#ifndef TF_LOCALE_H
#define TF_LOCALE_H

#include "content.h"
#include "yamltree.h"

typedef struct tf_locale tf_locale;

/* A caller's extra checks on a translated list of lines (an address)
 * before it is read; reports and returns false to refuse it. */
typedef bool (*tf_locale_lines_check)(const tf_ynode *v);

struct tf_locale {
    tf_arena *a;               /* owns texts read and fallback keys */
    const char *base;          /* the base language: the `lang` of base texts */
    const char *lang;          /* the translation's language: the `lang` of translated texts */
    const char *base_name;     /* the base text in messages: "the base text (en.yaml)" */
    tf_locale_lines_check check_lines;   /* NULL: any scalar (one line) or sequence */
    tf_fallback *fallbacks;    /* texts still in the base language, in the order recorded */
    size_t n_fallbacks, cap;
};

void tf_locale_init(tf_locale *lc, tf_arena *a, const char *base, const char *lang, const char *base_name);

/* A YAML scalar as a text in `lang` (a copy in `a`). Reports and returns
 * false, leaving *t alone, when n is not a scalar. Used for base texts
 * too, so every text is read one way. */
bool tf_locale_read(tf_arena *a, const tf_ynode *n, tf_text *t, const char *lang);

/* Lines (an address) in `lang`: one scalar or a sequence of them; `check`
 * (NULL: any shape) may refuse the shape first. All or nothing: false
 * (reported) leaves *lines alone. */
bool tf_locale_read_lines(tf_arena *a, const tf_ynode *v, const char *lang, tf_locale_lines_check check,
                          tf_text **lines, size_t *n_lines);

/* A contact in the base text: a map of name (required), description,
 * address, phone, email, web, read in `lang`; `what` names it in messages
 * ("contact", "referral"); `check` as for tf_locale_read_lines. */
void tf_locale_read_contact(tf_arena *a, const tf_ynode *n, const char *lang, const char *what,
                            tf_locale_lines_check check, tf_contact *k);

/* "key 'path' is not in <base_name>", with "(did you mean 'near'?)" when
 * near is not NULL; at the key's position. */
void tf_locale_not_in_base(const tf_locale *lc, const tf_ynode *key, const char *path, const char *near);

/* The translation's value v replaces the text *t, which the base must
 * have (else reported against `key`, named `path`). The new text is in
 * lc->lang. Returns true when *t was replaced. */
bool tf_locale_replace(tf_locale *lc, tf_text *t, const tf_ynode *key, const tf_ynode *v, const char *path);

/* Lines (an address) are translated as a whole: v (one scalar or a
 * sequence of them) replaces *lines, which the base must have. Returns
 * true when replaced. */
bool tf_locale_replace_lines(tf_locale *lc, tf_text **lines, size_t *n_lines, const tf_ynode *key,
                             const tf_ynode *v, const char *path);

/* A contact's translation: a map of name, description, address, phone,
 * email, web (`what` names it in messages: "contact", "referral"); each
 * field replaces the base's, under `path`.<field>. Scratch strings for
 * messages go to `scratch`. */
void tf_locale_contact(tf_locale *lc, tf_arena *scratch, tf_contact *k, const tf_ynode *cn, const char *path,
                       const char *what);

/* Record *t as a fallback under the key printf(fmt, ...) if it is still in
 * the base language (a NULL text is no fallback). */
void tf_locale_fallback(tf_locale *lc, const tf_text *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A contact's fallbacks: `prefix`.name, .description and .address (its
 * first line stands for all). Phone, email and web are the same in every
 * language, so they fall back silently. */
void tf_locale_contact_fallbacks(tf_locale *lc, const tf_contact *k, const char *prefix);

#endif
