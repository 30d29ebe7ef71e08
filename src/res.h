/* res.h: resources shared by every edition of a batch: fonts (by path) and
 * hyphenation dictionaries (by language tag).
 *
 * Ownership: the tf_res owns every font and dictionary it hands out, and an
 * entry lives until tf_res_free, never less. Layouts, prepared texts and
 * display lists keep plain pointers to fonts and dictionaries, so nothing
 * is evicted: the tables grow (a brochure with 40 languages keeps 40
 * dictionaries, each loaded once). Free the tf_res after the last layout
 * (and the last prepared-text cache) that used it.
 *
 * Not thread-safe: one tf_res per process (a batch's workers are forked
 * processes). The only thread is the background dictionary load below,
 * which touches nothing but its own entry until it is joined. */
#ifndef TF_RES_H
#define TF_RES_H

#include <stdbool.h>

#include "base.h"
#include "font.h"
#include "hyphen.h"

typedef struct tf_res tf_res;

tf_res *tf_res_new(void);
/* Frees every font and dictionary; joins a dictionary load still running. */
void tf_res_free(tf_res *r);

/* The font at `path`, loaded on first use. A font that fails to load is
 * reported (at `where`) and NULL returned; it is not remembered, so the
 * next caller reports it again at its own location. */
tf_font *tf_res_font(tf_res *r, const char *path, const tf_loc *where);

/* Hyphenation dictionaries. Loading one (libhyphen parses its patterns)
 * costs as much as shaping a whole brochure, so the first edition of a
 * language starts the load on a second thread and shapes its texts
 * meanwhile:
 *
 *     const tf_hyphen *h;
 *     if (!tf_res_hyphen_begin(res, lang, &h)) {   // loading in the background
 *         ... shape without hyphenation ...
 *         h = tf_res_hyphen_wait(res, lang);
 *     }
 *
 * begin returns true when the dictionary is known now (loaded earlier, or
 * no thread could be started and it was loaded in the call); *out is then
 * the dictionary or NULL if the language has none. wait returns the
 * dictionary (or NULL) once the load has finished. */
bool tf_res_hyphen_begin(tf_res *r, const char *lang, const tf_hyphen **out);
const tf_hyphen *tf_res_hyphen_wait(tf_res *r, const char *lang);

/* The loaded dictionaries' mapped pages given back (tf_hyphen_drop_pages):
 * for a process with no edition left to hyphenate, before it writes its
 * PDF, so the peak of resident memory does not hold them (make bench:
 * about 0.8 MB for English). A dictionary still loading is left alone. */
void tf_res_drop_pages(tf_res *r);

#endif
