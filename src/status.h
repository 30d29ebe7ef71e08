/* status.h: how far a translation is, per language: texts translated,
 * missing (falling back to the base language) and stale (translated from
 * a base text that has changed since; tkeys.h says how that is recorded).
 *
 * Used by `trifold status`, `check` (which lists each missing and stale
 * key) and `build` (one line per language). Clinic files are counted in
 * with their own texts (name, address, referrals): translated or falling
 * back to the clinic file's base; clinic files keep no `_source:` record,
 * so their texts are never stale. A restructured story counts as one
 * text. A translation the language file has no `_source:` entry for is
 * translated and "unrecorded": nothing says what it was made from. */
#ifndef TF_STATUS_H
#define TF_STATUS_H

#include <stdio.h>

#include "clinic.h"
#include "content.h"

typedef struct tf_status {
    size_t translated, missing, stale, unrecorded;
    size_t clinic_missing;            /* of missing: clinic texts */
} tf_status;

/* Called for each missing or stale key: what is "missing" or "stale";
 * base_loc is where the base text is (the story, for a restructured one). */
typedef void (*tf_status_fn)(void *ctx, const char *what, const char *key, const tf_loc *base_loc);

/* Add the brochure texts of translation `tr` to st. `base` is the same
 * brochure loaded in its base language. fn may be NULL. */
void tf_status_doc(const tf_doc *base, const tf_doc *tr, tf_status *st, tf_status_fn fn, void *ctx);

/* Add a clinic's texts (loaded for the edition's language) to st. */
void tf_status_clinic(const tf_clinic *c, tf_status *st, tf_status_fn fn, void *ctx);

/* "es: 52 translated, 2 fall back to en, 1 stale" (+ tail). */
void tf_status_print(FILE *out, const char *lang, const char *base_lang, const tf_status *st, const char *tail);

#endif
