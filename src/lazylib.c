/* lazylib.c: dlopen on first use (lazylib.h). */
#include "lazylib.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"

bool tf_lazylib_load(tf_lazylib *lib)
{
    if (lib->state) return lib->state > 0;
    lib->state = -1;
    /* RTLD_LOCAL: the library's symbols stay out of the global namespace;
     * RTLD_NOW: a missing dependency shows here, not at some later call. */
    void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    const char *why = h ? NULL : dlerror();
    for (size_t i = 0; h && i < lib->n; i++) {
        void *p = dlsym(h, lib->names[i]);
        if (!p) {
            why = dlerror();
            if (!why) why = "a symbol is missing";
            break;
        }
        lib->fns[i] = (tf_lazyfn)(uintptr_t)p;   /* object -> function pointer: POSIX allows it */
    }
    if (why || !h) {
        char text[512];                          /* dlclose may free dlerror's text */
        snprintf(text, sizeof text, "%s", why ? why : "unknown reason");
        if (h) dlclose(h);
        tf_diag_error(NULL, "%s needs %s, which cannot be loaded (%s); install %s (tools/deps.sh installs it)",
                      lib->purpose, lib->soname, text, lib->package);
        return false;
    }
    lib->state = 1;
    return true;
}
