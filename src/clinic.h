/* clinic.h: a clinic's edition of a shared brochure.
 *
 * A clinic file (content/clinics/<clinic>.yaml, format in
 * docs/content-format.md, "Clinic files") gives the clinic's identity
 * (name, address, phone, email, website, optional opening hours, note, logo
 * and accent colour; phone, e-mail and web are checked by contact_check.h)
 * and its referral contacts, which replace, extend or remove (by id) the
 * brochure's contacts, with text per language falling back to the clinic
 * file's base language (the same overlay as brochure texts: locale.h).
 * One clinic file works with any brochure and any language. Paths in it
 * resolve relative to the file and may not leave its folder.
 *
 * A clinic edition is a view over the brochure (base document + clinic
 * overlay + language, tf_clinic_view): the shared tf_doc is never written,
 * so a batch builds any number of clinic editions from one loaded
 * brochure with nothing to undo between them. */
#ifndef TF_CLINIC_H
#define TF_CLINIC_H

#include "content.h"

typedef struct tf_clinic {
    tf_arena *arena;           /* owns everything below */
    const char *path;          /* the clinic file */
    const char *id;            /* from the file name: content/clinics/riverside.yaml -> "riverside" */
    const char *lang;          /* language the texts below are in (after fallback) */
    const char *base_lang;     /* the file's `base`: language of texts that fell back */
    tf_text name, phone, email, web;
    tf_text *address;
    size_t n_address;
    tf_text *hours;            /* opening hours, one line each ("Mon-Fri 8:00-17:00"); may be none */
    size_t n_hours;
    tf_text note;              /* a short note for the card ("Walk-ins welcome"); src NULL when none */
    const char *logo_path;     /* resolved, probed (PNG/JPEG, caps); NULL when none */
    tf_loc logo_loc;
    bool has_accent;
    tf_color accent;
    bool replace;              /* referrals replace the brochure's contacts (else extend) */
    const char **remove;       /* contact ids to remove */
    tf_loc *remove_loc;
    const char **remove_for;   /* brochure id each removal is for (`remove: {attachment: [ohio]}`); NULL: any */
    size_t n_remove;
    tf_contact *referrals;     /* contacts to add (after the brochure's, or instead of them) */
    size_t n_referrals;
    tf_fallback *fallbacks;    /* texts that fell back to the clinic's base language */
    size_t n_fallbacks;
} tf_clinic;

/* Load a clinic file with its texts for `lang`. Reports every problem
 * (file:line:col) and returns NULL on any error. */
tf_clinic *tf_clinic_load(const char *path, const char *lang);
void tf_clinic_free(tf_clinic *c);

/* The clinic's edition of a loaded brochure, as a view: a new tf_doc that
 * is `base` with the clinic's referrals in its referral contacts block
 * (brochure.yaml `referrals: <block id>`, or the only contacts block;
 * removals checked against it: "no contact 'x' to remove"), the clinic's
 * accent colour in its theme, and doc->clinic = c (the card: name, logo,
 * address, QR code). `base` is not changed, so one loaded brochure serves
 * every clinic of a batch, and two views of one base are independent.
 *
 * Ownership: the view owns only what differs (its struct, new stories,
 * blocks and contacts arrays, in a per-edition arena) and shares the rest
 * with `base` and `c` by pointer; it is read-only, and both must outlive
 * it. Free it with tf_clinic_view_free (not tf_doc_free). Returns NULL
 * (reported) on a problem. */
const tf_doc *tf_clinic_view(const tf_clinic *c, const tf_doc *base);
void tf_clinic_view_free(const tf_doc *view);   /* NULL is fine */

#endif
