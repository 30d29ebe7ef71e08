/* preview_mod.h: the interface between trifold and its preview module
 * (build/trifold-preview.so, src/preview_render.c).
 *
 * Why a module: poppler-glib and cairo bring about 40 shared libraries.
 * Linked into trifold, every start mapped and relocated them, `build`
 * included: 500 more page faults and 8 ms more CPU for one English edition
 * (make bench). Only preview, build --png, watch --png and `new` (its
 * sample picture) render, so only they load the module (preview.c).
 *
 * The module calls back into trifold only through the hooks it is given,
 * so it needs no symbol of the executable. */
#ifndef TF_PREVIEW_MOD_H
#define TF_PREVIEW_MOD_H

#include <stddef.h>

#include "base.h"
#include <stdbool.h>
#include <stddef.h>

#define TF_PREVIEW_MOD_VERSION 1

typedef struct tf_preview_hooks {
    void (*error)(const tf_loc *loc, const char *fmt, ...);
    bool (*outdir_make)(const char *dir);
} tf_preview_hooks;

typedef struct tf_preview_mod {
    int version;                          /* TF_PREVIEW_MOD_VERSION */
    int (*write)(const tf_preview_hooks *h, const unsigned char *pdf, size_t len, const char *dir,
                 const char *stem, int dpi);
    bool (*picture)(const tf_preview_hooks *h, const char *path);
} tf_preview_mod;

/* The one symbol the module exports. */
#define TF_PREVIEW_MOD_SYMBOL "tf_preview_mod_get"
typedef const tf_preview_mod *(*tf_preview_mod_get_fn)(void);

#endif
