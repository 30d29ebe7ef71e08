/* preview.c: trifold's side of the preview module (preview.h,
 * preview_mod.h): finds build/trifold-preview.so beside the executable, or
 * the installed one (<prefix>/lib/trifold beside <prefix>/bin, wherever the
 * tree was copied to, then the configured TF_LIBDIR), loads it on the first
 * preview and forwards to it. */
#include "preview.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "outdir.h"
#include "preview_mod.h"

#ifndef TF_LIBDIR
#define TF_LIBDIR "/usr/local/lib/trifold"
#endif
#define MOD_NAME "trifold-preview.so"

static const tf_preview_hooks hooks = {tf_diag_error, tf_outdir_make};

/* The module, loaded once (NULL after an error message). */
static const tf_preview_mod *module(void)
{
    static const tf_preview_mod *mod;
    static bool tried;
    if (tried) {
        if (!mod) tf_diag_error(NULL, "rendering previews needs %s (see the error above)", MOD_NAME);
        return mod;
    }
    tried = true;
    char paths[4][PATH_MAX + 64];
    int n = 0;
    const char *env = getenv("TRIFOLD_PREVIEW_MODULE");
    if (env && *env) snprintf(paths[n++], sizeof paths[0], "%s", env);
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(paths[n++], sizeof paths[0], "%s/%s", exe, MOD_NAME);          /* build tree */
            snprintf(paths[n++], sizeof paths[0], "%s/../lib/trifold/%s", exe, MOD_NAME); /* installed */
        }
    }
    snprintf(paths[n++], sizeof paths[0], "%s/%s", TF_LIBDIR, MOD_NAME);
    const char *why = "not found";
    for (int i = 0; i < n && !mod; i++) {
        if (access(paths[i], F_OK) != 0) continue;
        void *h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            why = dlerror();
            continue;
        }
        tf_preview_mod_get_fn get = (tf_preview_mod_get_fn)(uintptr_t)dlsym(h, TF_PREVIEW_MOD_SYMBOL);
        const tf_preview_mod *m = get ? get() : NULL;
        if (m && m->version == TF_PREVIEW_MOD_VERSION) mod = m;
        else why = "not a trifold preview module of this version";
    }
    if (!mod)
        tf_diag_error(NULL, "cannot load the preview module %s (beside trifold or in %s): %s", MOD_NAME,
                      TF_LIBDIR, why);
    return mod;
}

int tf_preview_write(const unsigned char *pdf, size_t len, const char *dir, const char *stem, int dpi)
{
    const tf_preview_mod *m = module();
    return m ? m->write(&hooks, pdf, len, dir, stem, dpi) : -1;
}

bool tf_preview_picture(const char *path)
{
    const tf_preview_mod *m = module();
    return m && m->picture(&hooks, path);
}
